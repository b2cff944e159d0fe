/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-print-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "gw-print-dialog.h"
#include "gw-util.h"

/* Options change the job after a short pause (typing a title must not
 * rebuild an atlas per key); the preview caches the drawn page until the
 * job, the page or the size changes. Pages are drawn on worker threads
 * (an A2 page at 600 dpi takes seconds): the preview one page at a time,
 * exports and the printer each with a job of their own, since a job is
 * drawn by one thread at a time. */
#define REBUILD_DELAY_MS 150
#define PREVIEW_MARGIN   24

static const guint scales[] = { 0, 500, 1000, 2000, 2500, 5000, 10000 };
static const double dpis[] = { 150, 300, 600 };

struct _GwPrintDialog
{
  AdwWindow              parent_instance;

  GwStore               *store;
  GwMapSnapshot         *snapshot;
  GwBBox                 view;
  GwUser                *user;
  gint64                 grid_id;
  gint64                 community_id;
  GArray                *areas;          /* GwPrintArea by row of the area list */
  char                  *report_month;   /* the monthly report instead of maps */
  gboolean               overdue_board;  /* or the overdue board */
  GwCaseFilter           report_filter;  /* its strings below */
  char                  *report_strings[6];
  GwKpi                  report_kpi;
  char                  *printed_by;

  GwPrintJob            *job;
  char                  *job_error;
  guint                  page;
  guint                  rebuild_id;
  guint                  generation;
  gboolean               updating_text;
  gboolean               title_edited;
  gboolean               subtitle_edited;

  cairo_surface_t       *preview_cache;
  guint                  cache_generation;
  guint                  cache_page;
  int                    cache_width;
  int                    cache_height;
  GCancellable          *preview_cancellable;  /* a page being drawn */

  GCancellable          *export_cancellable;   /* an export under way */
  char                  *export_path;
  guint                  export_pages;
  gboolean               disposed;       /* closed or disposed */

  GtkFileChooserNative  *chooser;

  AdwToastOverlay       *toast_overlay;
  AdwWindowTitle        *window_title;
  GtkButton             *print_button;
  GtkButton             *export_button;
  GtkDrawingArea        *preview;
  GtkRevealer           *export_revealer;
  GtkLabel              *export_label;
  GtkProgressBar        *export_progress;
  GtkButton             *previous_button;
  GtkButton             *next_button;
  GtkLabel              *page_label;
  AdwComboRow           *area_row;
  GtkSwitch             *atlas_switch;
  GtkSwitch             *board_switch;
  GtkSwitch             *households_switch;
  AdwActionRow          *households_row;
  AdwComboRow           *paper_row;
  AdwComboRow           *orientation_row;
  AdwComboRow           *scale_row;
  AdwComboRow           *dpi_row;
  GtkSwitch             *magenta_switch;
  GtkSwitch             *cases_switch;
  AdwEntryRow           *title_row;
  AdwEntryRow           *subtitle_row;
  AdwEntryRow           *date_row;
};

G_DEFINE_FINAL_TYPE (GwPrintDialog, gw_print_dialog, ADW_TYPE_WINDOW)

static void
show_toast (GwPrintDialog *self,
            const char    *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static GwPrintArea
selected_area (GwPrintDialog *self)
{
  guint row = adw_combo_row_get_selected (self->area_row);

  if (row >= self->areas->len)
    return GW_PRINT_AREA_VIEW;
  return g_array_index (self->areas, GwPrintArea, row);
}

static const char *
entry_text_or_null (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  return text != NULL && *text != '\0' ? text : NULL;
}

static void
options_from_widgets (GwPrintDialog  *self,
                      GwPrintOptions *options)
{
  guint scale_row = adw_combo_row_get_selected (self->scale_row);

  gw_print_options_init (options);
  options->paper = (GwPaper) MIN (adw_combo_row_get_selected (self->paper_row), GW_PAPER_A2);
  options->landscape = adw_combo_row_get_selected (self->orientation_row) == 1;
  options->orientation_auto = adw_combo_row_get_selected (self->orientation_row) == 2;
  options->scale = scale_row < G_N_ELEMENTS (scales) ? scales[scale_row] : 0;
  options->area = selected_area (self);
  options->view = self->view;
  options->grid_id = self->grid_id;
  options->community_id = self->community_id;
  options->atlas = gtk_switch_get_active (self->atlas_switch);
  options->notice_board = gtk_switch_get_active (self->board_switch);
  options->households = gtk_switch_get_active (self->households_switch);
  options->magenta_grids = gtk_switch_get_active (self->magenta_switch);
  options->case_dots = gtk_switch_get_active (self->cases_switch);
  options->title = entry_text_or_null (self->title_row);
  options->subtitle = entry_text_or_null (self->subtitle_row);
  options->date = entry_text_or_null (self->date_row);
  if (self->overdue_board)
    {
      options->overdue_board = TRUE;
      options->report_filter = &self->report_filter;
    }
  if (self->report_month != NULL)
    {
      g_clear_pointer (&self->printed_by, g_free);
      if (self->user != NULL)
        self->printed_by = g_strdup_printf ("%s (%s)", self->user->name, self->user->login);
      options->report_month = self->report_month;
      options->report_filter = &self->report_filter;
      options->report_kpi = self->report_kpi;
      options->printed_by = self->printed_by;
    }
}

static void
set_entry_text (GwPrintDialog *self,
                AdwEntryRow   *row,
                const char    *text)
{
  self->updating_text = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
  self->updating_text = FALSE;
}

/* The titles follow the area until the user writes their own. */
static void
update_default_titles (GwPrintDialog *self)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GwPrintOptions options;

  options_from_widgets (self, &options);
  if (!gw_print_default_titles (self->store, self->snapshot, &options, &title, &subtitle, NULL))
    return;
  if (!self->title_edited)
    set_entry_text (self, self->title_row, title);
  if (!self->subtitle_edited)
    set_entry_text (self, self->subtitle_row, subtitle);
}

static void
update_page_controls (GwPrintDialog *self)
{
  guint n_pages = self->job != NULL ? gw_print_job_get_n_pages (self->job) : 0;
  g_autofree char *page_text = NULL;
  g_autofree char *subtitle = NULL;

  if (n_pages > 0)
    /* Translators: under the print preview */
    page_text = g_strdup_printf (_("Page %u of %u"), self->page + 1, n_pages);
  gtk_label_set_text (self->page_label, page_text != NULL ? page_text : "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->previous_button), self->page > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), self->page + 1 < n_pages);
  gtk_widget_set_sensitive (GTK_WIDGET (self->print_button), n_pages > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button),
                            n_pages > 0 && self->export_cancellable == NULL);

  if (n_pages > 0)
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages", n_pages),
                                n_pages);
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
}

void
gw_print_dialog_update (GwPrintDialog *self)
{
  g_autoptr (GError) error = NULL;
  GwPrintOptions options;

  g_return_if_fail (GW_IS_PRINT_DIALOG (self));

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  options_from_widgets (self, &options);
  g_clear_object (&self->job);
  g_clear_pointer (&self->job_error, g_free);
  self->job = gw_print_job_new (self->store, self->snapshot, &options, &error);
  if (self->job == NULL)
    self->job_error = g_strdup (error->message);
  else if (self->page >= gw_print_job_get_n_pages (self->job))
    self->page = 0;

  self->generation++;
  g_cancellable_cancel (self->preview_cancellable);
  update_page_controls (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->preview));
}

static gboolean
rebuild_timeout (gpointer user_data)
{
  GwPrintDialog *self = user_data;

  self->rebuild_id = 0;
  gw_print_dialog_update (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_rebuild (GwPrintDialog *self)
{
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  self->rebuild_id = g_timeout_add (REBUILD_DELAY_MS, rebuild_timeout, self);
}

static void
on_option_changed (GwPrintDialog *self)
{
  schedule_rebuild (self);
}

/* What is printed changed: the titles may follow. */
static void
on_area_changed (GwPrintDialog *self)
{
  update_default_titles (self);
  schedule_rebuild (self);
}

static void
on_title_changed (GwPrintDialog *self)
{
  if (self->updating_text)
    return;
  self->title_edited = gtk_editable_get_text (GTK_EDITABLE (self->title_row))[0] != '\0';
  schedule_rebuild (self);
}

static void
on_subtitle_changed (GwPrintDialog *self)
{
  if (self->updating_text)
    return;
  self->subtitle_edited = gtk_editable_get_text (GTK_EDITABLE (self->subtitle_row))[0] != '\0';
  schedule_rebuild (self);
}

static void
on_previous (GwPrintDialog *self)
{
  if (self->page > 0)
    self->page--;
  update_page_controls (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->preview));
}

static void
on_next (GwPrintDialog *self)
{
  if (self->job != NULL && self->page + 1 < gw_print_job_get_n_pages (self->job))
    self->page++;
  update_page_controls (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->preview));
}

/* Preview ------------------------------------------------------------------ */

static void
draw_message (GtkWidget  *widget,
              cairo_t    *cr,
              int         width,
              int         height,
              const char *message)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, message);
  int w, h;

  pango_layout_set_width (layout, (width - 2 * PREVIEW_MARGIN) * PANGO_SCALE);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_set_source_rgba (cr, 0.4, 0.4, 0.4, 1);
  cairo_move_to (cr, PREVIEW_MARGIN, (height - h) / 2.0);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

typedef struct
{
  GwPrintDialog *dialog;
  guint          generation;
  guint          page;
} PreviewRequest;

static void
on_preview_rendered (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  PreviewRequest *request = user_data;
  GwPrintDialog *self = request->dialog;
  g_autoptr (GError) error = NULL;
  cairo_surface_t *surface;

  surface = gw_print_job_render_page_finish (GW_PRINT_JOB (source), result, &error);
  if (self->disposed ||
      (surface == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      g_clear_pointer (&surface, cairo_surface_destroy);
      /* The dialog may be gone; if not, it asked for another page. */
      g_object_unref (self);
      g_free (request);
      return;
    }
  g_clear_object (&self->preview_cancellable);
  if (surface != NULL)
    {
      g_clear_pointer (&self->preview_cache, cairo_surface_destroy);
      self->preview_cache = surface;
      self->cache_generation = request->generation;
      self->cache_page = request->page;
      self->cache_width = cairo_image_surface_get_width (surface);
      self->cache_height = cairo_image_surface_get_height (surface);
    }
  else
    g_warning ("Preview: %s", error->message);
  gtk_widget_queue_draw (GTK_WIDGET (self->preview));
  g_object_unref (self);
  g_free (request);
}

/* Asks a worker for the current page at @px_w × @px_h, unless it is
 * drawing one already (the next draw asks again if that one is stale). */
static void
request_preview (GwPrintDialog *self,
                 int            px_w,
                 int            px_h,
                 double         pixels_per_mm)
{
  PreviewRequest *request;

  if (self->preview_cancellable != NULL && !g_cancellable_is_cancelled (self->preview_cancellable))
    return;
  g_clear_object (&self->preview_cancellable);
  self->preview_cancellable = g_cancellable_new ();
  request = g_new (PreviewRequest, 1);
  *request = (PreviewRequest) { g_object_ref (self), self->generation, self->page };
  gw_print_job_render_page_async (self->job, self->page, px_w, px_h, pixels_per_mm,
                                  self->preview_cancellable, on_preview_rendered, request);
}

gboolean
gw_print_dialog_is_preview_ready (GwPrintDialog *self)
{
  g_return_val_if_fail (GW_IS_PRINT_DIALOG (self), FALSE);

  return self->job != NULL && self->preview_cache != NULL &&
         self->cache_generation == self->generation && self->cache_page == self->page;
}

static void
draw_preview (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  GwPrintDialog *self = user_data;
  int scale_factor = gtk_widget_get_scale_factor (GTK_WIDGET (area));
  double paper_w, paper_h, mm, page_w, page_h, x0, y0;
  int px_w, px_h;

  if (self->job == NULL)
    {
      draw_message (GTK_WIDGET (area), cr, width, height,
                    self->job_error != NULL ? self->job_error : _("Nothing to print"));
      return;
    }

  gw_print_job_get_paper_size (self->job, &paper_w, &paper_h);
  mm = MIN ((width - 2.0 * PREVIEW_MARGIN) / paper_w, (height - 2.0 * PREVIEW_MARGIN) / paper_h);
  if (mm <= 0)
    return;
  page_w = paper_w * mm;
  page_h = paper_h * mm;
  x0 = round ((width - page_w) / 2);
  y0 = round ((height - page_h) / 2);
  px_w = (int) ceil (page_w * scale_factor);
  px_h = (int) ceil (page_h * scale_factor);

  /* The sheet on the desk. */
  cairo_rectangle (cr, x0 + 1, y0 + 2, page_w, page_h);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.18);
  cairo_fill (cr);
  cairo_rectangle (cr, x0 - 0.5, y0 - 0.5, page_w + 1, page_h + 1);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.12);
  cairo_fill (cr);
  cairo_rectangle (cr, x0, y0, page_w, page_h);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);

  if (!gw_print_dialog_is_preview_ready (self) || self->cache_width != px_w ||
      self->cache_height != px_h)
    request_preview (self, px_w, px_h, mm * scale_factor);

  /* The page as last drawn, stretched to the sheet until the new one comes:
   * a page of another job or size is better than a blank while it is drawn. */
  if (self->preview_cache != NULL)
    {
      cairo_save (cr);
      cairo_translate (cr, x0, y0);
      cairo_scale (cr, page_w / self->cache_width, page_h / self->cache_height);
      cairo_set_source_surface (cr, self->preview_cache, 0, 0);
      cairo_paint_with_alpha (cr, gw_print_dialog_is_preview_ready (self) ? 1.0 : 0.5);
      cairo_restore (cr);
    }
  if (!gw_print_dialog_is_preview_ready (self))
    draw_message (GTK_WIDGET (area), cr, width, height, _("Drawing the page…"));
}

/* Export ------------------------------------------------------------------- */

/* A job of the export's or printer's own, as the options are now. */
static GwPrintJob *
job_for_output (GwPrintDialog  *self,
                GError        **error)
{
  GwPrintOptions options;

  if (self->rebuild_id != 0 || self->job == NULL)
    gw_print_dialog_update (self);
  if (self->job == NULL)
    {
      g_set_error_literal (error, GW_PRINT_ERROR, GW_PRINT_ERROR_INVALID,
                           self->job_error != NULL ? self->job_error : _("Nothing to print"));
      return NULL;
    }
  options_from_widgets (self, &options);
  return gw_print_job_new (self->store, self->snapshot, &options, error);
}

static void
show_export_failed (GwPrintDialog *self,
                    const char    *message)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Export Failed"),
                                                       message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_export_progress (guint    done,
                    guint    total,
                    gpointer user_data)
{
  GwPrintDialog *self = user_data;

  gtk_progress_bar_set_fraction (self->export_progress, total > 0 ? (double) done / total : 0);
}

static void
on_export_finished (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GwPrintDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *basename = g_path_get_basename (self->export_path);

  g_clear_object (&self->export_cancellable);
  /* Closing the dialog cancelled it: nobody to tell. */
  if (self->disposed)
    return;
  gtk_revealer_set_reveal_child (self->export_revealer, FALSE);
  update_page_controls (self);

  if (!gw_print_export_finish (GW_PRINT_JOB (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, _("Export cancelled; no files were kept"));
      else
        show_export_failed (self, error->message);
      return;
    }

  {
    g_autofree char *message = NULL;

    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u page to “%s”",
                                            "Exported %u pages to “%s”", self->export_pages),
                               self->export_pages, basename);
    show_toast (self, message);
  }
}

gboolean
gw_print_dialog_start_export (GwPrintDialog *self,
                              const char    *path,
                              GError       **error)
{
  guint row = adw_combo_row_get_selected (self->dpi_row);
  g_autoptr (GwPrintJob) job = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *label = NULL;
  GwPrintFormat format;

  g_return_val_if_fail (GW_IS_PRINT_DIALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->export_cancellable != NULL)
    {
      g_set_error_literal (error, GW_PRINT_ERROR, GW_PRINT_ERROR_INVALID,
                           _("An export is still being written"));
      return FALSE;
    }
  if (!gw_print_format_from_path (path, &format, error))
    return FALSE;
  job = job_for_output (self, error);
  if (job == NULL || !gw_print_job_authorize (job, self->store, self->user, path, error))
    return FALSE;

  g_free (self->export_path);
  self->export_path = g_strdup (path);
  self->export_pages = gw_print_job_get_n_pages (job);
  self->export_cancellable = g_cancellable_new ();
  basename = g_path_get_basename (path);
  /* Translators: above the progress bar of an export; %s is the file name */
  label = g_strdup_printf (_("Writing “%s”…"), basename);
  gtk_label_set_text (self->export_label, label);
  gtk_progress_bar_set_fraction (self->export_progress, 0);
  gtk_revealer_set_reveal_child (self->export_revealer, TRUE);
  update_page_controls (self);

  gw_print_export_async (job, path, format, row < G_N_ELEMENTS (dpis) ? dpis[row] : dpis[0],
                         self->export_cancellable, on_export_progress, self,
                         on_export_finished, g_object_ref (self));
  return TRUE;
}

gboolean
gw_print_dialog_is_exporting (GwPrintDialog *self)
{
  g_return_val_if_fail (GW_IS_PRINT_DIALOG (self), FALSE);

  return self->export_cancellable != NULL;
}

void
gw_print_dialog_cancel_export (GwPrintDialog *self)
{
  g_return_if_fail (GW_IS_PRINT_DIALOG (self));

  g_cancellable_cancel (self->export_cancellable);
}

static void
on_export_response (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  GwPrintDialog *self = user_data;
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  GtkFileFilter *filter;
  GwPrintFormat format;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;

  path = g_file_get_path (file);
  /* A name without a known extension gets the chosen type's. */
  filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
  if (!gw_print_format_from_path (path, &format, NULL))
    {
      const char *extension = filter != NULL ? g_object_get_data (G_OBJECT (filter), "gw-extension")
                                             : NULL;
      char *with = g_strconcat (path, extension != NULL ? extension : ".pdf", NULL);

      g_free (path);
      path = with;
    }

  if (!gw_print_dialog_start_export (self, path, &error))
    show_export_failed (self, error->message);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *pattern,
            const char     *mime_type,
            const char     *extension)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_filter_add_mime_type (filter, mime_type);
  g_object_set_data (G_OBJECT (filter), "gw-extension", (gpointer) extension);
  gtk_file_chooser_add_filter (chooser, filter);
  g_object_unref (filter);
}

static void
on_export (GwPrintDialog *self)
{
  g_autofree char *name = NULL;
  GtkFileChooser *chooser;

  if (self->rebuild_id != 0 || self->job == NULL)
    gw_print_dialog_update (self);
  if (self->job == NULL || self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  chooser = GTK_FILE_CHOOSER (self->chooser);
  add_filter (chooser, _("PDF document"), "*.pdf", "application/pdf", ".pdf");
  add_filter (chooser, _("SVG drawing"), "*.svg", "image/svg+xml", ".svg");
  add_filter (chooser, _("PNG picture"), "*.png", "image/png", ".png");
  name = g_strdup_printf ("%s.pdf", gw_print_job_get_n_pages (self->job) == 1
                                    ? gw_print_job_get_page_code (self->job, 0)
                                    : gw_print_job_get_title (self->job));
  g_strdelimit (name, G_DIR_SEPARATOR_S, '_');
  gtk_file_chooser_set_current_name (chooser, name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Printer -------------------------------------------------------------------- */

static GwPrintJob *
operation_job (GtkPrintOperation *operation)
{
  return g_object_get_data (G_OBJECT (operation), "gw-print-job");
}

static void
on_begin_print (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                gpointer           user_data)
{
  gtk_print_operation_set_n_pages (operation, gw_print_job_get_n_pages (operation_job (operation)));
}

/* The printer's page is drawn by the same code as the files, in the
 * context's device units. */
static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              gpointer           user_data)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double dpi = gtk_print_context_get_dpi_x (context);

  gw_print_job_draw_page (operation_job (operation), cr, (guint) page, dpi / 25.4);
}

static void
on_print_done (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               gpointer                 user_data)
{
  GwPrintDialog *self = user_data;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *message = NULL;

      gtk_print_operation_get_error (operation, &error);
      message = g_strdup_printf (_("Could not print: %s"),
                                 error != NULL ? error->message : _("unknown error"));
      show_toast (self, message);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    show_toast (self, _("Sent to the printer"));
  g_object_unref (self);
}

static void
on_print (GwPrintDialog *self)
{
  g_autoptr (GtkPrintOperation) operation = NULL;
  g_autoptr (GtkPageSetup) setup = NULL;
  g_autoptr (GError) error = NULL;
  static const char * const papers[] = { GTK_PAPER_NAME_A4, GTK_PAPER_NAME_A3, "iso_a2" };
  GtkPaperSize *paper;
  GwPrintOptions options;
  GtkPrintOperationResult result;
  g_autoptr (GwPrintJob) job = NULL;

  job = job_for_output (self, &error);
  if (job == NULL || !gw_print_job_authorize (job, self->store, self->user, NULL, &error))
    {
      show_toast (self, error->message);
      return;
    }

  options_from_widgets (self, &options);
  operation = gtk_print_operation_new ();
  setup = gtk_page_setup_new ();
  paper = gtk_paper_size_new (papers[MIN (options.paper, GW_PAPER_A2)]);
  gtk_page_setup_set_paper_size_and_default_margins (setup, paper);
  gtk_paper_size_free (paper);
  {
    /* The job's own paper: "automatic" may have turned it. */
    GwPageGeometry first;

    gw_print_job_get_page_geometry (job, 0, &first);
    gtk_page_setup_set_orientation (setup, first.paper_width > first.paper_height
                                           ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                           : GTK_PAGE_ORIENTATION_PORTRAIT);
  }
  gtk_print_operation_set_default_page_setup (operation, setup);
  /* The layout has its own margins: draw from the paper's corner. */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_NONE);
  gtk_print_operation_set_job_name (operation, gw_print_job_get_title (job));
  gtk_print_operation_set_allow_async (operation, TRUE);
  /* The job as it is now, even if the options change while printing; its
   * own, as the preview's may be on a worker. */
  g_object_set_data_full (G_OBJECT (operation), "gw-print-job", g_steal_pointer (&job),
                          g_object_unref);
  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), NULL);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), NULL);
  g_signal_connect (operation, "done", G_CALLBACK (on_print_done), g_object_ref (self));

  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    GTK_WINDOW (self), &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *message = g_strdup_printf (_("Could not print: %s"), error->message);

      show_toast (self, message);
    }
  /* Synchronous runs do not emit ::done. */
  if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    g_object_unref (self);
}

/* Setup ---------------------------------------------------------------------- */

/* Closed (gtk_window_destroy unrealizes; the tasks still hold the dialog):
 * the work in flight is cancelled and nobody is told how it ended. */
static void
gw_print_dialog_unrealize (GtkWidget *widget)
{
  GwPrintDialog *self = GW_PRINT_DIALOG (widget);

  self->disposed = TRUE;
  g_cancellable_cancel (self->preview_cancellable);
  g_cancellable_cancel (self->export_cancellable);
  GTK_WIDGET_CLASS (gw_print_dialog_parent_class)->unrealize (widget);
}

static void
gw_print_dialog_dispose (GObject *object)
{
  GwPrintDialog *self = GW_PRINT_DIALOG (object);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  self->disposed = TRUE;
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  g_cancellable_cancel (self->export_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  G_OBJECT_CLASS (gw_print_dialog_parent_class)->dispose (object);
}

static void
gw_print_dialog_finalize (GObject *object)
{
  GwPrintDialog *self = GW_PRINT_DIALOG (object);

  g_clear_object (&self->job);
  g_clear_object (&self->store);
  g_clear_object (&self->user);
  g_clear_pointer (&self->snapshot, gw_map_snapshot_unref);
  g_clear_pointer (&self->areas, g_array_unref);
  g_clear_pointer (&self->job_error, g_free);
  g_clear_pointer (&self->preview_cache, cairo_surface_destroy);
  g_clear_pointer (&self->export_path, g_free);
  g_free (self->report_month);
  for (guint i = 0; i < G_N_ELEMENTS (self->report_strings); i++)
    g_free (self->report_strings[i]);
  g_free (self->printed_by);

  G_OBJECT_CLASS (gw_print_dialog_parent_class)->finalize (object);
}

static void
gw_print_dialog_class_init (GwPrintDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_print_dialog_dispose;
  object_class->finalize = gw_print_dialog_finalize;
  widget_class->unrealize = gw_print_dialog_unrealize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-print-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, print_button);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, preview);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, export_revealer);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, export_label);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, export_progress);
  gtk_widget_class_bind_template_callback (widget_class, gw_print_dialog_cancel_export);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, previous_button);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, next_button);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, page_label);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, area_row);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, atlas_switch);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, board_switch);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, households_switch);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, households_row);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, paper_row);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, orientation_row);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, scale_row);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, dpi_row);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, magenta_switch);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, cases_switch);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, subtitle_row);
  gtk_widget_class_bind_template_child (widget_class, GwPrintDialog, date_row);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gw_print_dialog_init (GwPrintDialog *self)
{
  g_autoptr (GtkStringList) scale_names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->areas = g_array_new (FALSE, FALSE, sizeof (GwPrintArea));

  gtk_string_list_append (scale_names, _("Fit to page"));
  for (guint i = 1; i < G_N_ELEMENTS (scales); i++)
    {
      g_autofree char *digits = g_strdup_printf ("%u", scales[i]);
      GString *grouped = g_string_new ("1:");
      gsize n = strlen (digits);

      for (gsize j = 0; j < n; j++)
        {
          if (j > 0 && (n - j) % 3 == 0)
            g_string_append_c (grouped, ',');
          g_string_append_c (grouped, digits[j]);
        }
      gtk_string_list_append (scale_names, grouped->str);
      g_string_free (grouped, TRUE);
    }
  adw_combo_row_set_model (self->scale_row, G_LIST_MODEL (scale_names));

  gtk_drawing_area_set_draw_func (self->preview, draw_preview, self, NULL);
}

/* Without a known user there is nobody to check or log: no household lists. */
static void
update_households_row (GwPrintDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->households_row), self->user != NULL);
  if (self->user == NULL)
    {
      gtk_switch_set_active (self->households_switch, FALSE);
      adw_action_row_set_subtitle (self->households_row,
                                   _("Residents’ personal data: needs a signed-in supervisor "
                                     "or the grid’s own staff"));
    }
  else
    adw_action_row_set_subtitle (self->households_row,
                                 _("Residents’ personal data: only when it must be on paper"));
}

static void
connect_changes (GwPrintDialog *self)
{
  g_signal_connect_swapped (self->area_row, "notify::selected", G_CALLBACK (on_area_changed), self);
  g_signal_connect_swapped (self->atlas_switch, "notify::active", G_CALLBACK (on_area_changed),
                            self);
  g_signal_connect_swapped (self->board_switch, "notify::active", G_CALLBACK (on_area_changed),
                            self);
  g_signal_connect_swapped (self->households_switch, "notify::active",
                            G_CALLBACK (on_option_changed), self);
  g_signal_connect_swapped (self->paper_row, "notify::selected", G_CALLBACK (on_option_changed),
                            self);
  g_signal_connect_swapped (self->orientation_row, "notify::selected",
                            G_CALLBACK (on_option_changed), self);
  g_signal_connect_swapped (self->scale_row, "notify::selected", G_CALLBACK (on_option_changed),
                            self);
  g_signal_connect_swapped (self->magenta_switch, "notify::active", G_CALLBACK (on_option_changed),
                            self);
  g_signal_connect_swapped (self->cases_switch, "notify::active", G_CALLBACK (on_option_changed),
                            self);
  g_signal_connect_swapped (self->title_row, "changed", G_CALLBACK (on_title_changed), self);
  g_signal_connect_swapped (self->subtitle_row, "changed", G_CALLBACK (on_subtitle_changed), self);
  g_signal_connect_swapped (self->date_row, "changed", G_CALLBACK (on_option_changed), self);
  g_signal_connect_swapped (self->previous_button, "clicked", G_CALLBACK (on_previous), self);
  g_signal_connect_swapped (self->next_button, "clicked", G_CALLBACK (on_next), self);
  g_signal_connect_swapped (self->export_button, "clicked", G_CALLBACK (on_export), self);
  g_signal_connect_swapped (self->print_button, "clicked", G_CALLBACK (on_print), self);
}

static void
add_area (GwPrintDialog *self,
          GtkStringList *names,
          GwPrintArea    area,
          const char    *name)
{
  gtk_string_list_append (names, name);
  g_array_append_val (self->areas, area);
}

GwPrintDialog *
gw_print_dialog_new (GtkWindow     *parent,
                     GwStore       *store,
                     GwMapSnapshot *snapshot,
                     const GwBBox  *view,
                     GwFeatureKind  selection_kind,
                     gint64         selection_id)
{
  GwPrintDialog *self;
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr (GDateTime) now = gw_now ();
  g_autofree char *date = NULL;
  const GwFeature *grid = NULL;
  const GwFeature *community = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (snapshot != NULL, NULL);

  self = g_object_new (GW_TYPE_PRINT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->snapshot = gw_map_snapshot_ref (snapshot);
  if (view != NULL && !gw_bbox_is_empty (view))
    self->view = *view;
  else
    self->view = gw_map_snapshot_get_extent (snapshot);

  /* The selected grid (a selected building stands for its grid), and the
   * community it is in, or else the one in the middle of the view. */
  if (selection_id != 0 && selection_kind == GW_FEATURE_GRID)
    grid = gw_map_snapshot_lookup (snapshot, GW_FEATURE_GRID, selection_id);
  else if (selection_id != 0)
    {
      const GwFeature *feature = gw_map_snapshot_lookup (snapshot, selection_kind, selection_id);

      if (feature != NULL && feature->grid_id != 0)
        grid = gw_map_snapshot_lookup (snapshot, GW_FEATURE_GRID, feature->grid_id);
    }
  if (grid != NULL)
    community = gw_map_snapshot_lookup (snapshot, GW_FEATURE_COMMUNITY, grid->parent_id);
  else
    community = gw_map_snapshot_pick (snapshot, GW_FEATURE_COMMUNITY,
                                      (self->view.min_x + self->view.max_x) / 2,
                                      (self->view.min_y + self->view.max_y) / 2);

  add_area (self, names, GW_PRINT_AREA_VIEW, _("Current view"));
  if (grid != NULL)
    {
      /* Translators: an area to print; %s is a grid name */
      g_autofree char *name = g_strdup_printf (_("Selected grid: %s"), grid->name);

      self->grid_id = grid->id;
      add_area (self, names, GW_PRINT_AREA_GRID, name);
    }
  if (community != NULL)
    {
      /* Translators: an area to print; %s is a community name */
      g_autofree char *name = g_strdup_printf (_("Community: %s"), community->label);

      self->community_id = community->id;
      add_area (self, names, GW_PRINT_AREA_COMMUNITY, name);
    }
  add_area (self, names, GW_PRINT_AREA_STREET, _("Whole street"));
  adw_combo_row_set_model (self->area_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->area_row, grid != NULL ? 1 : 0);

  /* Translators: the date on printed maps, a g_date_time_format() format */
  date = g_date_time_format (now, _("%Y-%m-%d"));
  set_entry_text (self, self->date_row, date);

  update_default_titles (self);
  update_households_row (self);
  connect_changes (self);
  gw_print_dialog_update (self);
  return self;
}

void
gw_print_dialog_set_user (GwPrintDialog *self,
                          GwUser        *user)
{
  g_return_if_fail (GW_IS_PRINT_DIALOG (self));
  g_return_if_fail (user == NULL || GW_IS_USER (user));

  g_set_object (&self->user, user);
  update_households_row (self);
  if (self->report_month != NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->households_row), FALSE);
      /* Who prints is on the report. */
      gw_print_dialog_update (self);
    }
}

/* The dialog's own copy of the report's or board's filter. */
static void
keep_filter (GwPrintDialog      *self,
             const GwCaseFilter *filter)
{
  const char * const wanted[] = { filter != NULL ? filter->category : NULL,
                                  filter != NULL ? filter->tier : NULL,
                                  filter != NULL ? filter->source : NULL,
                                  filter != NULL ? filter->community : NULL,
                                  filter != NULL ? filter->from : NULL,
                                  filter != NULL ? filter->to : NULL };

  memset (&self->report_filter, 0, sizeof self->report_filter);
  for (guint i = 0; i < G_N_ELEMENTS (self->report_strings); i++)
    {
      g_free (self->report_strings[i]);
      self->report_strings[i] = g_strdup (wanted[i]);
    }
  self->report_filter.category = self->report_strings[0];
  self->report_filter.tier = self->report_strings[1];
  self->report_filter.source = self->report_strings[2];
  self->report_filter.community = self->report_strings[3];
  self->report_filter.from = self->report_strings[4];
  self->report_filter.to = self->report_strings[5];
  self->report_filter.status = filter != NULL ? filter->status : GW_CASE_FILTER_ALL;
}

/* A report or board of the street (or what the area row says); maps' page
 * options do not apply, the orientation is the layout's. */
static void
set_list_mode (GwPrintDialog *self,
               gboolean       landscape,
               const char    *window_title)
{
  for (guint i = 0; i < self->areas->len; i++)
    if (g_array_index (self->areas, GwPrintArea, i) == GW_PRINT_AREA_STREET)
      adw_combo_row_set_selected (self->area_row, i);
  gtk_switch_set_active (self->atlas_switch, FALSE);
  gtk_switch_set_active (self->board_switch, FALSE);
  gtk_switch_set_active (self->households_switch, FALSE);
  gtk_widget_set_sensitive (gtk_widget_get_ancestor (GTK_WIDGET (self->atlas_switch),
                                                   ADW_TYPE_ACTION_ROW), FALSE);
  gtk_widget_set_sensitive (gtk_widget_get_ancestor (GTK_WIDGET (self->board_switch),
                                                   ADW_TYPE_ACTION_ROW), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->households_row), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->orientation_row), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale_row), FALSE);
  adw_combo_row_set_selected (self->orientation_row, landscape ? 1 : 0);
  /* The board has no map. */
  gtk_widget_set_sensitive (gtk_widget_get_ancestor (GTK_WIDGET (self->magenta_switch),
                                                     ADW_TYPE_ACTION_ROW), !self->overdue_board);
  gtk_widget_set_sensitive (gtk_widget_get_ancestor (GTK_WIDGET (self->cases_switch),
                                                     ADW_TYPE_ACTION_ROW), !self->overdue_board);
  adw_window_title_set_title (self->window_title, window_title);
  update_default_titles (self);
  gw_print_dialog_update (self);
}

void
gw_print_dialog_set_report (GwPrintDialog      *self,
                            const char         *month,
                            const GwCaseFilter *filter,
                            GwKpi               kpi)
{
  g_return_if_fail (GW_IS_PRINT_DIALOG (self));
  g_return_if_fail (month != NULL);

  g_free (self->report_month);
  self->report_month = g_strdup (month);
  self->overdue_board = FALSE;
  self->report_kpi = kpi;
  keep_filter (self, filter);
  set_list_mode (self, FALSE, _("Print the Monthly Report"));
}

void
gw_print_dialog_set_overdue (GwPrintDialog      *self,
                             const GwCaseFilter *filter)
{
  g_return_if_fail (GW_IS_PRINT_DIALOG (self));

  g_clear_pointer (&self->report_month, g_free);
  self->overdue_board = TRUE;
  keep_filter (self, filter);
  set_list_mode (self, TRUE, _("Print the Overdue Board"));
}

GwPrintJob *
gw_print_dialog_get_job (GwPrintDialog *self)
{
  g_return_val_if_fail (GW_IS_PRINT_DIALOG (self), NULL);

  return self->job;
}
