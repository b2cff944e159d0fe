/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-export-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gw-export-dialog.h"
#include "gw-export.h"
#include "gw-user.h"

static const struct
{
  const char    *layer;
  const char    *label;
  int            kind;        /* the map's feature kind a selection is of, -1: none */
  gboolean       personal;    /* holds names, ID numbers or phones */
} layers[] = {
  { "grids", N_("Grids"), GW_FEATURE_GRID, FALSE },
  { "lots", N_("Lots"), GW_FEATURE_LOT, FALSE },
  { "buildings", N_("Buildings"), GW_FEATURE_BUILDING, FALSE },
  { "roads", N_("Roads"), GW_FEATURE_ROAD, FALSE },
  { "cases", N_("Cases"), GW_FEATURE_CASE, FALSE },
  { "workers", N_("Grid workers"), -1, TRUE },
  { "households", N_("Households"), -1, TRUE },
  { "residents", N_("Residents"), -1, TRUE },
};

static const struct
{
  const char *format;
  const char *label;
  const char *extension;
} formats[] = {
  { "GPKG", N_("GeoPackage"), "gpkg" },
  { "ESRI Shapefile", N_("Shapefile"), "shp" },
  { "GeoJSON", N_("GeoJSON"), "geojson" },
  { "KML", N_("KML (Google Earth)"), "kml" },
  { "CSV", N_("CSV"), "csv" },
  { "XLSX", N_("Excel workbook (XLSX)"), "xlsx" },
};

struct _GwExportDialog
{
  AdwWindow              parent_instance;

  GwWindow              *window;          /* weak */
  GwFeatureKind          selection_kind;
  gint64                 selection_id;
  GwUser                *user;

  GtkFileChooserNative  *chooser;

  AdwToastOverlay       *toast_overlay;
  GtkButton             *export_button;
  AdwComboRow           *layer_row;
  AdwActionRow          *selection_row;
  GtkSwitch             *selection_switch;
  AdwActionRow          *personal_row;
  GtkSwitch             *personal_switch;
  AdwComboRow           *format_row;
};

G_DEFINE_FINAL_TYPE (GwExportDialog, gw_export_dialog, ADW_TYPE_WINDOW)

static gboolean
selection_in_layer (GwExportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->layer_row);

  return self->selection_id != 0 && i < G_N_ELEMENTS (layers)
         && layers[i].kind == (int) self->selection_kind;
}

static void
update_rows (GwExportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->layer_row);
  gboolean personal = i < G_N_ELEMENTS (layers) && layers[i].personal;
  gboolean allowed = gw_export_dialog_can_export_personal_data (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->selection_row), selection_in_layer (self));
  if (!selection_in_layer (self))
    gtk_switch_set_active (self->selection_switch, FALSE);
  adw_action_row_set_subtitle (self->selection_row,
                               selection_in_layer (self) ? _("Only the feature selected on the map")
                                                         : _("Nothing of this layer is selected"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->layer_row),
                               i == 0 ? _("With their households, workers and open cases") : "");
  gtk_widget_set_visible (GTK_WIDGET (self->personal_row), personal);
  gtk_widget_set_sensitive (GTK_WIDGET (self->personal_row), allowed);
  if (!allowed)
    gtk_switch_set_active (self->personal_switch, FALSE);
  adw_action_row_set_subtitle (self->personal_row,
                               allowed ? _("Names, ID numbers and phones; the export is logged")
                                       : _("Only supervisors may export names, ID numbers and phones"));
}

gboolean
gw_export_dialog_can_export_personal_data (GwExportDialog *self)
{
  g_return_val_if_fail (GW_IS_EXPORT_DIALOG (self), FALSE);
  return self->user != NULL && self->user->role == GW_ROLE_SUPERVISOR;
}

gboolean
gw_export_dialog_set_layer (GwExportDialog *self,
                            const char     *layer)
{
  g_return_val_if_fail (GW_IS_EXPORT_DIALOG (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    if (g_strcmp0 (layers[i].layer, layer) == 0)
      {
        adw_combo_row_set_selected (self->layer_row, i);
        return TRUE;
      }
  return FALSE;
}

gboolean
gw_export_dialog_set_format (GwExportDialog *self,
                             const char     *format)
{
  g_return_val_if_fail (GW_IS_EXPORT_DIALOG (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_strcmp0 (formats[i].format, format) == 0)
      {
        adw_combo_row_set_selected (self->format_row, i);
        return TRUE;
      }
  return FALSE;
}

gboolean
gw_export_dialog_set_selection_only (GwExportDialog *self,
                                     gboolean        selection_only)
{
  g_return_val_if_fail (GW_IS_EXPORT_DIALOG (self), FALSE);

  if (selection_only && !selection_in_layer (self))
    return FALSE;
  gtk_switch_set_active (self->selection_switch, selection_only);
  return TRUE;
}

gboolean
gw_export_dialog_set_personal_data (GwExportDialog *self,
                                    gboolean        personal_data)
{
  g_return_val_if_fail (GW_IS_EXPORT_DIALOG (self), FALSE);

  if (personal_data && !gw_export_dialog_can_export_personal_data (self))
    return FALSE;
  gtk_switch_set_active (self->personal_switch, personal_data);
  return TRUE;
}

const char *
gw_export_dialog_get_extension (GwExportDialog *self)
{
  guint i;

  g_return_val_if_fail (GW_IS_EXPORT_DIALOG (self), NULL);
  i = adw_combo_row_get_selected (self->format_row);
  return i < G_N_ELEMENTS (formats) ? formats[i].extension : formats[0].extension;
}

gboolean
gw_export_dialog_export (GwExportDialog *self,
                         const char     *path,
                         guint          *n_written,
                         GError        **error)
{
  guint layer = adw_combo_row_get_selected (self->layer_row);
  guint format = adw_combo_row_get_selected (self->format_row);
  GwStore *store;
  GwExportOptions options = { 0 };

  g_return_val_if_fail (GW_IS_EXPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  store = self->window != NULL ? gw_window_get_store (self->window) : NULL;
  if (store == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("No Gridwork file is open"));
      return FALSE;
    }
  options.layer = layers[MIN (layer, G_N_ELEMENTS (layers) - 1)].layer;
  options.format = formats[MIN (format, G_N_ELEMENTS (formats) - 1)].format;
  if (gtk_switch_get_active (self->selection_switch) && selection_in_layer (self))
    {
      options.ids = &self->selection_id;
      options.n_ids = 1;
    }
  options.with_personal_data = gtk_widget_get_visible (GTK_WIDGET (self->personal_row))
                               && gtk_switch_get_active (self->personal_switch);
  options.user = self->user;
  return gw_export_run (store, path, &options, n_written, error);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  GwExportDialog *self = user_data;
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  guint n_written = 0;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = g_file_get_path (file);
    }
  g_clear_object (&self->chooser);
  if (path == NULL)
    return;

  if (!gw_export_dialog_export (self, path, &n_written, &error))
    {
      message = g_strdup_printf (_("Could not export: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      return;
    }
  {
    g_autofree char *basename = g_path_get_basename (path);

    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u feature to %s",
                                            "Exported %u features to %s", n_written),
                               n_written, basename);
  }
  /* The toast outlives the dialog on the window. */
  if (self->window != NULL)
    gw_window_add_toast (self->window, adw_toast_new (message));
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_export_clicked (GtkButton *button,
                   gpointer   user_data)
{
  GwExportDialog *self = user_data;
  guint layer = adw_combo_row_get_selected (self->layer_row);
  g_autofree char *name = NULL;

  if (self->chooser != NULL)
    return;
  name = g_strdup_printf ("%s.%s", layers[MIN (layer, G_N_ELEMENTS (layers) - 1)].layer,
                          gw_export_dialog_get_extension (self));
  self->chooser = gtk_file_chooser_native_new (_("Export Layer"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
gw_export_dialog_dispose (GObject *object)
{
  GwExportDialog *self = GW_EXPORT_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->user);
  g_clear_weak_pointer (&self->window);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_EXPORT_DIALOG);
  G_OBJECT_CLASS (gw_export_dialog_parent_class)->dispose (object);
}

static void
gw_export_dialog_class_init (GwExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_export_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GwExportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GwExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, GwExportDialog, layer_row);
  gtk_widget_class_bind_template_child (widget_class, GwExportDialog, selection_row);
  gtk_widget_class_bind_template_child (widget_class, GwExportDialog, selection_switch);
  gtk_widget_class_bind_template_child (widget_class, GwExportDialog, personal_row);
  gtk_widget_class_bind_template_child (widget_class, GwExportDialog, personal_switch);
  gtk_widget_class_bind_template_child (widget_class, GwExportDialog, format_row);
}

static void
gw_export_dialog_init (GwExportDialog *self)
{
  g_autoptr (GtkStringList) layer_list = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) format_list = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    gtk_string_list_append (layer_list, _(layers[i].label));
  adw_combo_row_set_model (self->layer_row, G_LIST_MODEL (layer_list));
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    gtk_string_list_append (format_list, _(formats[i].label));
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (format_list));
  g_signal_connect_swapped (self->layer_row, "notify::selected", G_CALLBACK (update_rows), self);
  g_signal_connect (self->export_button, "clicked", G_CALLBACK (on_export_clicked), self);
}

GwExportDialog *
gw_export_dialog_new (GwWindow *window)
{
  GwExportDialog *self;

  g_return_val_if_fail (GW_IS_WINDOW (window), NULL);

  self = g_object_new (GW_TYPE_EXPORT_DIALOG, "transient-for", window, NULL);
  g_set_weak_pointer (&self->window, window);
  self->selection_id = gw_window_get_selection (window, &self->selection_kind);
  if (gw_window_get_user (window) != NULL)
    self->user = g_object_ref (gw_window_get_user (window));
  /* Start on the layer of what is selected. */
  for (guint i = 0; self->selection_id != 0 && i < G_N_ELEMENTS (layers); i++)
    if (layers[i].kind == (int) self->selection_kind)
      adw_combo_row_set_selected (self->layer_row, i);
  update_rows (self);
  return self;
}
