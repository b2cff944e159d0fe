/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-print"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "gw-print-private.h"
#include "gw-util.h"

/* Files: PDF (vector, fonts embedded as subsets, so Chinese text is
 * searchable and prints anywhere), SVG, PNG at a chosen dpi. */

#define PT_PER_MM (72.0 / 25.4)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)

static gboolean
check_surface (cairo_surface_t *surface,
               const char      *path,
               GError         **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, G_IO_ERROR, status == CAIRO_STATUS_WRITE_ERROR ? G_IO_ERROR_FAILED
                                                                      : G_IO_ERROR_INVALID_DATA,
               _("Could not write “%s”: %s"), path, cairo_status_to_string (status));
  return FALSE;
}

static gboolean
has_placeholder (const char *path)
{
  return strstr (path, "{code}") != NULL || strstr (path, "{page}") != NULL ||
         strstr (path, "{name}") != NULL;
}

/* A page's file name: the placeholders replaced, with '/' kept out of the
 * parts that come from data. */
static char *
page_path (GwPrintJob *self,
           const char *path,
           guint       page)
{
  const GwPrintPage *spec = g_ptr_array_index (self->pages, page);
  guint digits = MAX (3, (guint) floor (log10 (MAX (self->pages->len, 1))) + 1);
  g_autofree char *number = g_strdup_printf ("%0*u", (int) digits, page + 1);
  g_autofree char *code = g_strdelimit (g_strdup (spec->code != NULL ? spec->code : ""),
                                        G_DIR_SEPARATOR_S, '_');
  g_autofree char *name = g_strdelimit (g_strdup (spec->name != NULL ? spec->name : ""),
                                        G_DIR_SEPARATOR_S, '_');
  GString *out = g_string_new (path);

  g_string_replace (out, "{code}", code, 0);
  g_string_replace (out, "{page}", number, 0);
  g_string_replace (out, "{name}", name, 0);
  return g_string_free (out, FALSE);
}

/* path.png → path-001.png when several pages need several files. */
static char *
numbered_template (const char *path)
{
  const char *dot = strrchr (path, '.');
  const char *slash = strrchr (path, G_DIR_SEPARATOR);

  if (dot == NULL || (slash != NULL && dot < slash))
    return g_strconcat (path, "-{page}", NULL);
  return g_strdup_printf ("%.*s-{page}%s", (int) (dot - path), path, dot);
}

static gboolean
ensure_parent (const char *path,
               GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static void
set_pdf_metadata (GwPrintJob      *self,
                  cairo_surface_t *surface)
{
  g_autoptr (GDateTime) now = gw_now ();
  g_autofree char *date = g_date_time_format_iso8601 (now);

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, self->subtitle);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Gridwork");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
}

/* Pages [first, last) into one PDF. */
static gboolean
write_pdf (GwPrintJob *self,
           const char *path,
           guint       first,
           guint       last,
           GError    **error)
{
  g_autoptr (cairo_surface_t) surface = NULL;

  surface = cairo_pdf_surface_create (path, self->paper_width * PT_PER_MM,
                                      self->paper_height * PT_PER_MM);
  if (!check_surface (surface, path, error))
    return FALSE;
  set_pdf_metadata (self, surface);

  for (guint page = first; page < last; page++)
    {
      g_autoptr (cairo_t) cr = cairo_create (surface);

      gw_print_job_draw_page (self, cr, page, PT_PER_MM);
      cairo_show_page (cr);
    }
  cairo_surface_finish (surface);
  return check_surface (surface, path, error);
}

static gboolean
write_svg (GwPrintJob *self,
           const char *path,
           guint       page,
           GError    **error)
{
  g_autoptr (cairo_surface_t) surface = NULL;
  g_autoptr (cairo_t) cr = NULL;

  surface = cairo_svg_surface_create (path, self->paper_width * PT_PER_MM,
                                      self->paper_height * PT_PER_MM);
  if (!check_surface (surface, path, error))
    return FALSE;
  /* Say the size in points, so viewers print it at paper size. */
  cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
  cr = cairo_create (surface);
  gw_print_job_draw_page (self, cr, page, PT_PER_MM);
  cairo_show_page (cr);
  g_clear_pointer (&cr, cairo_destroy);
  cairo_surface_finish (surface);
  return check_surface (surface, path, error);
}

static gboolean
write_png (GwPrintJob *self,
           const char *path,
           guint       page,
           double      dpi,
           GError    **error)
{
  int width = (int) round (self->paper_width / 25.4 * dpi);
  int height = (int) round (self->paper_height / 25.4 * dpi);
  g_autoptr (cairo_surface_t) surface = NULL;
  g_autoptr (cairo_t) cr = NULL;
  cairo_status_t status;

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  if (!check_surface (surface, path, error))
    return FALSE;
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  gw_print_job_draw_page (self, cr, page, dpi / 25.4);
  g_clear_pointer (&cr, cairo_destroy);
  cairo_surface_flush (surface);

  status = cairo_surface_write_to_png (surface, path);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write “%s”: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

gboolean
gw_print_job_has_households (GwPrintJob *self)
{
  g_return_val_if_fail (GW_IS_PRINT_JOB (self), FALSE);

  return g_hash_table_size (self->households) > 0;
}

static gboolean
may_print_households (GwUser      *current,
                      gint64       grid_id,
                      const char  *code,
                      GError     **error)
{
  switch (current->role)
    {
    case GW_ROLE_SUPERVISOR:
      return TRUE;
    case GW_ROLE_STAFF:
      if (gw_user_serves_grid (current, grid_id))
        return TRUE;
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                   _("Grid %s: %s is grid staff and may print only the household lists of "
                     "their own grids"), code, current->name);
      return FALSE;
    case GW_ROLE_PLANNER:
    default:
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                   _("Grid %s: %s is a planner; household lists are for supervisors and "
                     "the grid’s own staff"), code, current->name);
      return FALSE;
    }
}

gboolean
gw_print_job_authorize (GwPrintJob  *self,
                        GwStore     *store,
                        GwUser      *user,
                        const char  *destination,
                        GError     **error)
{
  g_autoptr (GwUser) current = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (GW_IS_PRINT_JOB (self), FALSE);
  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (user == NULL || GW_IS_USER (user), FALSE);

  if (g_hash_table_size (self->households) == 0)
    return TRUE;
  if (user == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                   _("Household lists can be printed only by a known user"));
      return FALSE;
    }

  if (!gw_store_begin (store, error))
    return FALSE;
  /* The store is the authority: a role changed since @user was loaded counts. */
  current = gw_user_load_by_id (store, user->id, error);
  if (current == NULL)
    goto fail;

  g_hash_table_iter_init (&iter, self->households);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const GwFeature *grid = gw_map_snapshot_lookup (self->snapshot, GW_FEATURE_GRID,
                                                      *(gint64 *) key);
      const char *code = grid != NULL ? grid->label : "?";
      g_autofree char *object = g_strdup_printf ("grid:%s", code);
      g_autofree char *detail = g_strdup_printf ("household list, %u households → %s",
                                                 ((GPtrArray *) value)->len,
                                                 destination != NULL ? destination : "printer");

      if (!may_print_households (current, *(gint64 *) key, code, error) ||
          !gw_audit_write (store, current, "export", object, detail, error))
        goto fail;
    }
  return gw_store_commit (store, error);

fail:
  gw_store_rollback (store);
  return FALSE;
}

gboolean
gw_print_export (GwPrintJob    *self,
                 const char    *path,
                 GwPrintFormat  format,
                 double         dpi,
                 GError       **error)
{
  g_autofree char *template = NULL;
  guint n_pages;

  g_return_val_if_fail (GW_IS_PRINT_JOB (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n_pages = self->pages->len;
  if (format == GW_PRINT_FORMAT_PNG && (dpi < 10 || dpi > 1200))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%g dpi is not a resolution to write a picture at (10–1200)"), dpi);
      return FALSE;
    }
  if (n_pages == 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("There are no pages to write to “%s”"), path);
      return FALSE;
    }

  if (has_placeholder (path))
    template = g_strdup (path);
  else if (format != GW_PRINT_FORMAT_PDF && n_pages > 1)
    template = numbered_template (path);

  /* Pages that would share a name ("{code}" for a grid's map and its
   * household list) are numbered rather than written over each other. */
  if (template != NULL && strstr (template, "{page}") == NULL)
    {
      g_autoptr (GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint page = 0; page < n_pages; page++)
        if (!g_hash_table_add (names, page_path (self, template, page)))
          {
            char *numbered = numbered_template (template);

            g_free (template);
            template = numbered;
            break;
          }
    }

  if (template == NULL)
    {
      switch (format)
        {
        case GW_PRINT_FORMAT_PDF:
          return write_pdf (self, path, 0, n_pages, error);
        case GW_PRINT_FORMAT_SVG:
          return write_svg (self, path, 0, error);
        case GW_PRINT_FORMAT_PNG:
        default:
          return write_png (self, path, 0, dpi, error);
        }
    }

  for (guint page = 0; page < n_pages; page++)
    {
      g_autofree char *file = page_path (self, template, page);
      gboolean ok;

      if (!ensure_parent (file, error))
        return FALSE;
      switch (format)
        {
        case GW_PRINT_FORMAT_PDF:
          ok = write_pdf (self, file, page, page + 1, error);
          break;
        case GW_PRINT_FORMAT_SVG:
          ok = write_svg (self, file, page, error);
          break;
        case GW_PRINT_FORMAT_PNG:
        default:
          ok = write_png (self, file, page, dpi, error);
          break;
        }
      if (!ok)
        return FALSE;
    }
  return TRUE;
}
