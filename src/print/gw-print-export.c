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

#include "gw-png.h"
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
  g_set_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_WRITE,
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

/* One export under way: where it stands, and the files it has written
 * (removed again when it fails or is cancelled). */
typedef struct
{
  GwPrintJob          *job;
  GCancellable        *cancellable;
  GwPrintProgressFunc  progress;
  gpointer             progress_data;
  guint                done;
  guint                total;
  GPtrArray           *written;
  GAsyncQueue         *steps;        /* parts at work: their steps, to the caller's thread */
  GThread             *caller;
  guint                finished;     /* parts done, as the caller has heard */
  gint                 stopped;      /* a part failed or was cancelled: the others stop */
} Export;

/* What parts tell the calling thread. */
#define PART_STEP     GINT_TO_POINTER (1)
#define PART_FINISHED GINT_TO_POINTER (2)

static void
export_report (Export *export)
{
  export->done++;
  if (export->progress != NULL)
    export->progress (export->done, export->total, export->progress_data);
}

/* Reports the steps the other parts have queued, without waiting; returns
 * how many of them finished meanwhile. */
static guint
export_report_queued (Export *export)
{
  guint finished = 0;
  gpointer message;

  while ((message = g_async_queue_try_pop (export->steps)) != NULL)
    {
      if (message == PART_STEP)
        export_report (export);
      else
        finished++;
    }
  return finished;
}

/* One step done; FALSE (and @error set) when the export is cancelled.
 * Progress is only ever reported on the calling thread. */
static gboolean
export_step (Export  *export,
             GError **error)
{
  if (export->steps != NULL && g_thread_self () != export->caller)
    g_async_queue_push (export->steps, PART_STEP);
  else
    {
      if (export->steps != NULL)
        export->finished += export_report_queued (export);
      export_report (export);
    }
  return !g_cancellable_set_error_if_cancelled (export->cancellable, error);
}

/* Whether this thread has drawn print pages before: Pango's fonts (one
 * font map a thread) are loaded, and a first page costs no more than the
 * others (else ~45 ms more). */
static _Thread_local gboolean fonts_loaded_here;
/* Whether the part threads have: set once they drew. */
static gint part_threads_ready;

/* Pages [first, last) onto a PDF @surface, with their own caches. */
static gboolean
draw_pdf_pages (Export          *export,
                cairo_surface_t *surface,
                guint            first,
                guint            last,
                GError         **error)
{
  GwPrintJob *self = export->job;
  GwPrintCaches caches;
  gboolean ok = TRUE;

  set_pdf_metadata (self, surface);
  gw_print_caches_init (&caches);
  fonts_loaded_here = TRUE;
  for (guint page = first; ok && page < last; page++)
    {
      g_autoptr (cairo_t) cr = cairo_create (surface);

      /* Another part failed: stop without an error of our own. */
      if (g_atomic_int_get (&export->stopped))
        {
          ok = FALSE;
          break;
        }
      gw_print_job_draw_page_cached (self, cr, page, PT_PER_MM, &caches);
      cairo_show_page (cr);
      ok = export_step (export, error);
    }
  cairo_surface_finish (surface);
  gw_print_caches_clear (&caches);
  if (!ok)
    g_atomic_int_set (&export->stopped, TRUE);
  return ok;
}

/* Pages [first, last) into one PDF, in one go. */
static gboolean
write_pdf_serial (Export     *export,
                  const char *path,
                  guint       first,
                  guint       last,
                  GError    **error)
{
  GwPrintJob *self = export->job;
  g_autoptr (cairo_surface_t) surface = NULL;

  surface = cairo_pdf_surface_create (path, self->paper_width * PT_PER_MM,
                                      self->paper_height * PT_PER_MM);
  if (!check_surface (surface, path, error))
    return FALSE;
  g_ptr_array_add (export->written, g_strdup (path));
  if (!draw_pdf_pages (export, surface, first, last, error))
    return FALSE;
  return check_surface (surface, path, error);
}

/* A run of pages written on a thread of its own, into memory. */
typedef struct
{
  Export     *export;
  guint       first, last;
  GByteArray *bytes;
  GError     *error;
} PdfPart;

static cairo_status_t
pdf_part_write (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
pdf_part_run (gpointer data,
              gpointer user_data)
{
  PdfPart *part = data;
  GwPrintJob *self = part->export->job;
  GAsyncQueue *steps = part->export->steps;
  cairo_surface_t *surface;

  surface = cairo_pdf_surface_create_for_stream (pdf_part_write, part->bytes,
                                                 self->paper_width * PT_PER_MM,
                                                 self->paper_height * PT_PER_MM);
  if (draw_pdf_pages (part->export, surface, part->first, part->last, &part->error)
      && cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error_literal (&part->error, GW_PRINT_ERROR, GW_PRINT_ERROR_WRITE,
                           cairo_status_to_string (cairo_surface_status (surface)));
      g_atomic_int_set (&part->export->stopped, TRUE);
    }
  cairo_surface_destroy (surface);
  if (g_thread_self () != part->export->caller)
    g_atomic_int_set (&part_threads_ready, TRUE);
  /* The last the part touches: the caller may free it once told. */
  g_async_queue_push (steps, PART_FINISHED);
}

/* The threads that write the other parts: kept for the life of the
 * process, so that the fonts each has loaded (Pango's font map is one a
 * thread) serve every later PDF too, as the calling thread's do. */
static GThreadPool *
pdf_part_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    {
      guint n = MAX (MIN (g_get_num_processors (), 8u), 2u) - 1;

      g_once_init_leave (&pool, g_thread_pool_new (pdf_part_run, NULL, n, TRUE, NULL));
    }
  return pool;
}

/* Few pages a part are not worth a thread and a join. */
#define PAGES_PER_PART_MIN 4

/* Pages [first, last) into one PDF: a long run (an atlas, the boards of a
 * street) is cut into one part per core, the parts are written at once
 * into memory on threads of their own and joined. cairo writes a PDF's
 * pages one after another, and most of an atlas's time is cairo writing
 * (numbers formatted, streams compressed), so the parts are what uses the
 * other cores. The calling thread reports their progress. */
static gboolean
write_pdf (Export     *export,
           const char *path,
           guint       first,
           guint       last,
           GError    **error)
{
  GwPrintJob *self = export->job;
  guint n_parts = self->max_pdf_parts > 0 ? self->max_pdf_parts
                                          : MIN (g_get_num_processors (), 8u);
  g_autoptr (GPtrArray) bytes = NULL;
  g_autofree PdfPart *parts = NULL;
  GError *part_error = NULL;
  guint head_start;

  n_parts = MIN (n_parts, (last - first) / PAGES_PER_PART_MIN);
  if (n_parts < 2)
    return write_pdf_serial (export, path, first, last, error);

  parts = g_new0 (PdfPart, n_parts);
  bytes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref);
  export->steps = g_async_queue_new ();
  /* A calling thread with its fonts loaded, beside part threads yet to
   * load theirs, takes a few pages more: the parts end together. */
  head_start = fonts_loaded_here && !g_atomic_int_get (&part_threads_ready)
               ? MIN ((last - first) / (4 * n_parts), 8u) : 0;
  for (guint i = 0; i < n_parts; i++)
    {
      guint share = (last - first - head_start) / n_parts;
      guint extra = (last - first - head_start) % n_parts;

      parts[i].export = export;
      parts[i].first = i == 0 ? first : parts[i - 1].last;
      parts[i].last = parts[i].first + share + (i < extra ? 1 : 0) + (i == 0 ? head_start : 0);
      parts[i].bytes = g_byte_array_new ();
      g_ptr_array_add (bytes, parts[i].bytes);
    }
  export->caller = g_thread_self ();
  export->finished = 0;
  for (guint i = 1; i < n_parts; i++)
    g_thread_pool_push (pdf_part_pool (), &parts[i], NULL);
  /* The first part here, with the fonts this thread has loaded already. */
  pdf_part_run (&parts[0], NULL);
  while (export->finished < n_parts)
    {
      if (g_async_queue_pop (export->steps) == PART_STEP)
        export_report (export);
      else
        export->finished++;
    }
  g_clear_pointer (&export->steps, g_async_queue_unref);

  /* The error of the part that failed first; the others only stopped. */
  for (guint i = 0; i < n_parts; i++)
    {
      if (part_error == NULL)
        part_error = g_steal_pointer (&parts[i].error);
      g_clear_error (&parts[i].error);
    }
  if (part_error != NULL && part_error->domain == GW_PRINT_ERROR)
    {
      g_set_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_WRITE, _("Could not write “%s”: %s"),
                   path, part_error->message);
      g_error_free (part_error);
      return FALSE;
    }
  if (part_error != NULL)
    {
      g_propagate_error (error, part_error);
      return FALSE;
    }

  g_ptr_array_add (export->written, g_strdup (path));
  return gw_pdf_merge (bytes, path, error);
}

static gboolean
write_svg (Export     *export,
           const char *path,
           guint       page,
           GError    **error)
{
  GwPrintJob *self = export->job;
  g_autoptr (cairo_surface_t) surface = NULL;
  g_autoptr (cairo_t) cr = NULL;

  surface = cairo_svg_surface_create (path, self->paper_width * PT_PER_MM,
                                      self->paper_height * PT_PER_MM);
  if (!check_surface (surface, path, error))
    return FALSE;
  g_ptr_array_add (export->written, g_strdup (path));
  /* Say the size in points, so viewers print it at paper size. */
  cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
  cr = cairo_create (surface);
  gw_print_job_draw_page (self, cr, page, PT_PER_MM);
  cairo_show_page (cr);
  g_clear_pointer (&cr, cairo_destroy);
  cairo_surface_finish (surface);
  return check_surface (surface, path, error) && export_step (export, error);
}

/* @page on white, @width × @height pixels at @pixels_per_mm. */
static cairo_surface_t *
draw_picture (GwPrintJob *self,
              guint       page,
              int         width,
              int         height,
              double      pixels_per_mm)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  gw_print_job_draw_page (self, cr, page, pixels_per_mm);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Two steps: drawing, then encoding. */
static gboolean
write_png (Export     *export,
           const char *path,
           guint       page,
           double      dpi,
           GError    **error)
{
  GwPrintJob *self = export->job;
  int width = (int) round (self->paper_width / 25.4 * dpi);
  int height = (int) round (self->paper_height / 25.4 * dpi);
  g_autoptr (cairo_surface_t) surface = NULL;
  g_autoptr (GError) local = NULL;

  surface = draw_picture (self, page, width, height, dpi / 25.4);
  if (!check_surface (surface, path, error) || !export_step (export, error))
    return FALSE;

  g_ptr_array_add (export->written, g_strdup (path));
  if (!gw_png_write (surface, path, dpi, &local))
    {
      g_set_error_literal (error, GW_PRINT_ERROR, GW_PRINT_ERROR_WRITE, local->message);
      return FALSE;
    }
  return export_step (export, error);
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
      g_set_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_DENIED,
                   _("Grid %s: %s is grid staff and may print only the household lists of "
                     "their own grids"), code, current->name);
      return FALSE;
    case GW_ROLE_PLANNER:
    default:
      g_set_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_DENIED,
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
      g_set_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_DENIED,
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

/* The file name pattern of a job that writes several files, or NULL for
 * one file at @path. */
static char *
export_template (GwPrintJob    *self,
                 const char    *path,
                 GwPrintFormat  format)
{
  char *template = NULL;

  if (has_placeholder (path))
    template = g_strdup (path);
  else if (format != GW_PRINT_FORMAT_PDF && self->pages->len > 1)
    template = numbered_template (path);

  /* Pages that would share a name ("{code}" for a grid's map and its
   * household list) are numbered rather than written over each other. */
  if (template != NULL && strstr (template, "{page}") == NULL)
    {
      g_autoptr (GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint page = 0; page < self->pages->len; page++)
        if (!g_hash_table_add (names, page_path (self, template, page)))
          {
            char *numbered = numbered_template (template);

            g_free (template);
            return numbered;
          }
    }
  return template;
}

static gboolean
export_page (Export        *export,
             const char    *file,
             GwPrintFormat  format,
             guint          page,
             double         dpi,
             GError       **error)
{
  switch (format)
    {
    case GW_PRINT_FORMAT_PDF:
      return write_pdf (export, file, page, page + 1, error);
    case GW_PRINT_FORMAT_SVG:
      return write_svg (export, file, page, error);
    case GW_PRINT_FORMAT_PNG:
    default:
      return write_png (export, file, page, dpi, error);
    }
}

static gboolean
export_run (Export        *export,
            const char    *path,
            GwPrintFormat  format,
            double         dpi,
            GError       **error)
{
  GwPrintJob *self = export->job;
  guint n_pages = self->pages->len;
  g_autofree char *template = export_template (self, path, format);

  if (template == NULL && format == GW_PRINT_FORMAT_PDF)
    return write_pdf (export, path, 0, n_pages, error);
  if (template == NULL)
    return export_page (export, path, format, 0, dpi, error);

  for (guint page = 0; page < n_pages; page++)
    {
      g_autofree char *file = page_path (self, template, page);

      if (!ensure_parent (file, error) || !export_page (export, file, format, page, dpi, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
gw_print_export_full (GwPrintJob          *self,
                      const char          *path,
                      GwPrintFormat        format,
                      double               dpi,
                      GCancellable        *cancellable,
                      GwPrintProgressFunc  progress,
                      gpointer             progress_data,
                      GError             **error)
{
  Export export = { self, cancellable, progress, progress_data, 0, 0, NULL };
  gboolean ok;

  g_return_val_if_fail (GW_IS_PRINT_JOB (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (format == GW_PRINT_FORMAT_PNG && (dpi < 10 || dpi > 1200))
    {
      g_set_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_INVALID,
                   _("%g dpi is not a resolution to write a picture at (10–1200)"), dpi);
      return FALSE;
    }
  if (self->pages->len == 0)
    {
      g_set_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_INVALID,
                   _("There are no pages to write to “%s”"), path);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  export.total = self->pages->len * (format == GW_PRINT_FORMAT_PNG ? 2 : 1);
  export.written = g_ptr_array_new_with_free_func (g_free);
  ok = export_run (&export, path, format, dpi, error);
  if (!ok)
    for (guint i = 0; i < export.written->len; i++)
      g_unlink (g_ptr_array_index (export.written, i));
  g_ptr_array_unref (export.written);
  return ok;
}

gboolean
gw_print_export (GwPrintJob    *self,
                 const char    *path,
                 GwPrintFormat  format,
                 double         dpi,
                 GError       **error)
{
  return gw_print_export_full (self, path, format, dpi, NULL, NULL, NULL, error);
}

/* Off the main thread ------------------------------------------------------- */

typedef struct
{
  char                *path;
  GwPrintFormat        format;
  double               dpi;
  GwPrintProgressFunc  progress;
  gpointer             progress_data;
  GMainContext        *context;
} ExportTask;

static void
export_task_free (gpointer data)
{
  ExportTask *task = data;

  g_free (task->path);
  g_main_context_unref (task->context);
  g_free (task);
}

typedef struct
{
  GwPrintProgressFunc progress;
  gpointer            progress_data;
  guint               done;
  guint               total;
} ProgressCall;

static gboolean
progress_call_run (gpointer data)
{
  ProgressCall *call = data;

  call->progress (call->done, call->total, call->progress_data);
  return G_SOURCE_REMOVE;
}

/* On the worker: hands the figures to the caller's context. */
static void
export_task_progress (guint    done,
                      guint    total,
                      gpointer user_data)
{
  ExportTask *task = user_data;
  ProgressCall *call = g_new (ProgressCall, 1);

  *call = (ProgressCall) { task->progress, task->progress_data, done, total };
  g_main_context_invoke_full (task->context, G_PRIORITY_DEFAULT, progress_call_run, call, g_free);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportTask *data = task_data;
  GError *error = NULL;

  if (gw_print_export_full (source_object, data->path, data->format, data->dpi, cancellable,
                            data->progress != NULL ? export_task_progress : NULL, data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
gw_print_export_async (GwPrintJob          *self,
                       const char          *path,
                       GwPrintFormat        format,
                       double               dpi,
                       GCancellable        *cancellable,
                       GwPrintProgressFunc  progress,
                       gpointer             progress_data,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  ExportTask *data;

  g_return_if_fail (GW_IS_PRINT_JOB (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_print_export_async);
  data = g_new0 (ExportTask, 1);
  data->path = g_strdup (path);
  data->format = format;
  data->dpi = dpi;
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, data, export_task_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
gw_print_export_finish (GwPrintJob    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  guint  page;
  int    width;
  int    height;
  double pixels_per_mm;
} RenderTask;

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderTask *data = task_data;
  cairo_surface_t *surface;

  if (g_task_return_error_if_cancelled (task))
    return;
  surface = draw_picture (source_object, data->page, data->width, data->height,
                          data->pixels_per_mm);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_task_return_new_error (task, GW_PRINT_ERROR, GW_PRINT_ERROR_WRITE,
                               _("Could not draw page %u: %s"), data->page + 1,
                               cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return;
    }
  g_task_return_pointer (task, surface, (GDestroyNotify) cairo_surface_destroy);
}

void
gw_print_job_render_page_async (GwPrintJob          *self,
                                guint                page,
                                int                  width,
                                int                  height,
                                double               pixels_per_mm,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  RenderTask *data;

  g_return_if_fail (GW_IS_PRINT_JOB (self));
  g_return_if_fail (page < self->pages->len);
  g_return_if_fail (width > 0 && height > 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gw_print_job_render_page_async);
  data = g_new (RenderTask, 1);
  *data = (RenderTask) { page, width, height, pixels_per_mm };
  g_task_set_task_data (task, data, g_free);
  g_task_run_in_thread (task, render_thread);
}

cairo_surface_t *
gw_print_job_render_page_finish (GwPrintJob    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
