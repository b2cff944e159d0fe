/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-print"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <qpdf/qpdf-c.h>

#include "gw-print-private.h"

/* PDFs written in parts, one part per thread, joined into one file by qpdf
 * (QPDF::addPage through its C API): the pages of every part after the
 * first are copied into the first with what they use (fonts, forms,
 * images), in order. The streams are copied as they are, not decoded and
 * compressed again, so the join costs a small share of the writing. */

/* Sets @error from qpdf's error on @qpdf, naming the file being written. */
static void
set_error (qpdf_data    qpdf,
           const char  *path,
           GError     **error)
{
  qpdf_error qe = qpdf_has_error (qpdf) ? qpdf_get_error (qpdf) : NULL;

  g_set_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_WRITE, _("Could not write “%s”: %s"), path,
               qe != NULL ? qpdf_get_error_full_text (qpdf, qe) : _("the parts could not be joined"));
}

static gboolean
read_part (qpdf_data   qpdf,
           const char *path,
           GByteArray *bytes)
{
  /* cairo 1.16 names a form once per use in a page's resources; qpdf warns
   * about the repeated key and keeps one, which is what we want. */
  qpdf_set_suppress_warnings (qpdf, QPDF_TRUE);
  qpdf_silence_errors (qpdf);
  return (qpdf_read_memory (qpdf, path, (const char *) bytes->data, bytes->len, NULL)
          & QPDF_ERRORS) == 0;
}

gboolean
gw_pdf_merge (GPtrArray   *parts,
              const char  *path,
              GError     **error)
{
  g_autoptr (GPtrArray) readers = g_ptr_array_new ();
  qpdf_data out, failed = NULL;

  g_return_val_if_fail (parts != NULL && parts->len > 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  out = qpdf_init ();
  g_ptr_array_add (readers, out);
  if (!read_part (out, path, g_ptr_array_index (parts, 0)))
    failed = out;

  for (guint i = 1; failed == NULL && i < parts->len; i++)
    {
      qpdf_data part = qpdf_init ();
      int n_pages;

      g_ptr_array_add (readers, part);
      if (!read_part (part, path, g_ptr_array_index (parts, i))
          || (n_pages = qpdf_get_num_pages (part)) < 0)
        {
          failed = part;
          break;
        }
      for (int p = 0; failed == NULL && p < n_pages; p++)
        if ((qpdf_add_page (out, part, qpdf_get_page_n (part, p), QPDF_FALSE) & QPDF_ERRORS) != 0)
          failed = out;
    }

  if (failed == NULL && (qpdf_init_write (out, path) & QPDF_ERRORS) != 0)
    failed = out;
  if (failed == NULL)
    {
      /* Keep the parts' streams as cairo compressed them. */
      qpdf_set_decode_level (out, qpdf_dl_none);
      qpdf_set_object_stream_mode (out, qpdf_o_preserve);
      /* The same pages give the same file (the /ID from the content). */
      qpdf_set_deterministic_ID (out, QPDF_TRUE);
      if ((qpdf_write (out) & QPDF_ERRORS) != 0)
        failed = out;
    }
  if (failed != NULL)
    set_error (failed, path, error);

  /* The joined file first: it holds the parts' objects until it goes. */
  for (guint i = 0; i < readers->len; i++)
    {
      qpdf_data qpdf = g_ptr_array_index (readers, i);

      qpdf_cleanup (&qpdf);
    }
  return failed == NULL;
}
