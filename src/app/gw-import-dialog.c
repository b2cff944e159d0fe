/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-import-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gw-field-class-group.h"
#include "gw-import-dialog.h"
#include "gw-map-snapshot.h"
#include "gw-render-shape.h"
#include "gw-util.h"

/* The preview reads this many rows; enough to see the fields' contents
 * without reading a district's file in the main thread. */
#define PREVIEW_ROWS 20

static const struct
{
  const char *srs;
  const char *label;
} srs_choices[] = {
  { NULL, N_("The file’s own") },
  { "EPSG:4326", N_("WGS84 (EPSG:4326)") },
  { "EPSG:4490", N_("CGCS2000 geographic (EPSG:4490)") },
  { "EPSG:3857", N_("Web Mercator (EPSG:3857)") },
  { "gcj02", N_("GCJ-02 (AMap, Tencent maps)") },
  { "bd09", N_("BD-09 (Baidu maps)") },
};
/* Then the CGCS2000 3-degree Gauss–Krüger zones EPSG:4534–4554, central
 * meridians 75°E to 135°E (no zone number in the false easting). */
#define GK_FIRST_EPSG 4534
#define GK_N_ZONES    21

/* Labels of the Gridwork fields; the key (what `gridwork-cli import --map`
 * takes) is shown under it. */
static const struct
{
  const char *field;
  const char *label;
} field_labels[] = {
  { "code", N_("Code") },
  { "name", N_("Name") },
  { "kind", N_("Kind") },
  { "address", N_("Address") },
  { "use", N_("Use") },
  { "floors", N_("Floors") },
  { "units", N_("Units") },
  { "built_year", N_("Year built") },
  { "class", N_("Road class") },
  { "head_name", N_("Head of household") },
  { "phone", N_("Phone") },
  { "hukou", N_("Household registration") },
  { "dwelling_code", N_("Dwelling code") },
  { "room", N_("Room") },
  { "sex", N_("Sex") },
  { "birth_date", N_("Date of birth") },
  { "relation", N_("Relation to the head") },
  { "id_number", N_("ID number") },
  { "org", N_("Organisation") },
  { "category", N_("Category") },
  { "subcategory", N_("Subcategory") },
  { "tier", N_("Tier") },
  { "source", N_("Source") },
  { "status", N_("Status") },
  { "description", N_("Description") },
  { "reported_at", N_("Reported at") },
  { "size", N_("People in the household") },
  { "number", N_("Household number") },
  { "household", N_("Household number") },
  { "head", N_("Head of household") },
  { "building", N_("Building") },
  { "unit", N_("Unit") },
  { "community", N_("Community") },
  { "grid", N_("Grid") },
  { "role", N_("Role") },
  { "level", N_("Level") },
};

static const char *
field_label (const char *field)
{
  /* A grid's or building's name, or a worker's: not the person-only word
   * the notice board's "Name" column is translated with. */
  if (strcmp (field, "name") == 0)
    return C_("import field", "Name");
  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if (strcmp (field_labels[i].field, field) == 0)
      return _(field_labels[i].label);
  return field;
}

static const char *const encodings[] = { NULL, "UTF-8", "GBK", "GB18030" };

/* In the order of GwImportTarget. */
static const char *const target_labels[] = {
  N_("Grids"), N_("Lots"), N_("Buildings"), N_("Roads"),
  N_("Households"), N_("Residents"), N_("Grid workers"), N_("Cases"),
  N_("Street boundary"), N_("Communities"), N_("Departments"),
};

typedef struct
{
  char           *db_path;         /* the file, or the district server's location */
  char           *password;        /* the server role's, or NULL */
  char           *file;
  char           *source_layer;
  char           *srs;
  char           *encoding;
  GHashTable     *map;
  GHashTable     *field_classes;  /* source column → class key, as confirmed */
  char           *login;        /* who imports: checked and audited by the core */
  GwImportTarget  target;
  gboolean        dry_run;
  gboolean        skip_rejected;

  GMutex          lock;         /* guards stage and fraction, set by the thread */
  char           *stage;
  double          fraction;

  GwImportReport *report;
} Job;

struct _GwImportDialog
{
  AdwWindow              parent_instance;

  GwWindow              *window;        /* weak */
  char                  *path;
  GwImportProbe         *probe;
  GwImportTarget         target;
  GPtrArray             *mapping_rows;  /* of AdwComboRow, data "field" */
  GtkStringList         *source_fields; /* "(none)" then the layer's fields */
  gboolean               updating;

  GCancellable          *cancellable;
  Job                   *job;           /* while one runs, owned by its task */
  guint                  progress_id;
  gboolean               committed;
  gboolean               report_is_hint;
  gboolean               disposed;       /* closed while a job ran */
  char                  *message;
  gboolean               have_data_area; /* the import found the data elsewhere */
  GwBBox                 data_area;      /* there, in mercator */
  gboolean               zoomed;         /* the preview shows data_area alone */

  GtkFileChooserNative  *chooser;

  AdwToastOverlay       *toast_overlay;
  AdwWindowTitle        *window_title;
  GtkButton             *import_button;
  GtkButton             *check_button;
  GtkButton             *file_button;
  AdwActionRow          *file_row;
  AdwComboRow           *layer_row;
  AdwComboRow           *srs_row;
  AdwComboRow           *encoding_row;
  AdwComboRow           *target_row;
  AdwPreferencesGroup   *mapping_group;
  GwFieldClassGroup     *class_group;
  GtkSwitch             *skip_switch;
  GtkDrawingArea        *map_preview;
  GtkColumnView         *rows_view;
  GtkWidget             *rows_placeholder;
  GtkLabel              *preview_label;
  GtkLabel              *message_label;
  GtkButton             *zoom_button;
  GtkTextView           *report_view;
  GtkBox                *progress_box;
  GtkProgressBar        *progress_bar;
  GtkButton             *cancel_button;
};

G_DEFINE_FINAL_TYPE (GwImportDialog, gw_import_dialog, ADW_TYPE_WINDOW)

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->db_path);
  if (job->password != NULL)
    memset (job->password, 0, strlen (job->password));
  g_free (job->password);
  g_free (job->login);
  g_free (job->file);
  g_free (job->source_layer);
  g_free (job->srs);
  g_free (job->encoding);
  g_clear_pointer (&job->map, g_hash_table_unref);
  g_clear_pointer (&job->field_classes, g_hash_table_unref);
  g_mutex_clear (&job->lock);
  g_free (job->stage);
  g_clear_pointer (&job->report, gw_import_report_free);
  g_free (job);
}

static const char *
chosen_srs (GwImportDialog *self)
{
  static char epsg[16];
  guint i = adw_combo_row_get_selected (self->srs_row);

  if (i < G_N_ELEMENTS (srs_choices))
    return srs_choices[i].srs;
  i -= G_N_ELEMENTS (srs_choices);
  if (i >= GK_N_ZONES)
    return NULL;
  g_snprintf (epsg, sizeof epsg, "EPSG:%u", GK_FIRST_EPSG + i);
  return epsg;
}

static const char *
chosen_encoding (GwImportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->encoding_row);

  return i < G_N_ELEMENTS (encodings) ? encodings[i] : NULL;
}

static const char *
chosen_layer (GwImportDialog *self)
{
  GwImportLayerInfo *info;

  if (self->probe == NULL || self->probe->layers->len == 0)
    return NULL;
  info = self->probe->layers->pdata[self->probe->layer];
  return info->name;
}

/* Forgets where the last import found the data: a new file, new reading
 * choices or a new run show the preview as it was. */
static void
clear_data_area (GwImportDialog *self)
{
  self->have_data_area = FALSE;
  self->zoomed = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->zoom_button), FALSE);
  gtk_widget_queue_draw (GTK_WIDGET (self->map_preview));
}

static void
set_message (GwImportDialog *self,
             const char     *message,
             gboolean        is_error)
{
  clear_data_area (self);
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  if (is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "success");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "success");
    }
}

static void
set_report (GwImportDialog *self,
            const char     *text)
{
  /* Until there is a report, the empty area says how to get one. */
  self->report_is_hint = text == NULL;
  if (text == NULL)
    text = self->probe != NULL ? _("Check validates the whole file and lists every problem by feature; "
                                   "nothing is written until Import.")
                               : _("Choose a file to import: a Shapefile, GeoJSON, GeoPackage, KML, DXF, "
                                   "CSV or XLSX (points from longitude/latitude columns).");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->report_view), text, -1);
  if (self->report_is_hint)
    gtk_widget_add_css_class (GTK_WIDGET (self->report_view), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->report_view), "dim-label");
}

static void
update_sensitivity (GwImportDialog *self)
{
  gboolean running = self->job != NULL;
  gboolean ready = self->probe != NULL && !running;

  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), ready);
  /* Once imported, the same file is not offered again by accident. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), ready && !self->committed);
  gtk_widget_set_sensitive (GTK_WIDGET (self->file_button), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->layer_row),
                            !running && self->probe != NULL && self->probe->layers->len > 1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->srs_row), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->encoding_row), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->target_row), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->mapping_group), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->class_group), !running);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_box), running);
}

/* The columns no Gridwork field takes, with what each holds: guessed from
 * the preview, or as the layer's columns were classed before. */
static void
rebuild_classes (GwImportDialog *self)
{
  GwImportLayerInfo *info;
  GwStore *store = self->window != NULL ? gw_window_get_store (self->window) : NULL;
  g_autoptr (GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) stored = NULL;

  if (self->probe == NULL)
    {
      gw_field_class_group_set_columns (self->class_group, NULL, NULL, NULL, NULL);
      return;
    }
  info = self->probe->layers->pdata[self->probe->layer];
  for (guint i = 0; i < self->mapping_rows->len; i++)
    {
      const char *source = gw_import_dialog_get_mapping (self, g_object_get_data (self->mapping_rows->pdata[i],
                                                                                  "field"));

      if (source != NULL)
        g_hash_table_add (taken, (gpointer) source);
    }
  if (store != NULL)
    stored = gw_field_classes_load (store, gw_import_target_name (self->target), NULL);
  gw_field_class_group_set_columns (self->class_group, (const char * const *) info->fields, taken,
                                    self->probe->rows, stored);
}

/* A field chosen where one was missing: no longer marked as the problem;
 * the column it took is no longer an extra attribute. */
static void
on_mapping_chosen (AdwComboRow *row,
                   GParamSpec  *pspec,
                   gpointer     user_data)
{
  GwImportDialog *self = user_data;

  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  if (!self->updating)
    rebuild_classes (self);
}

/* The field mapping: one row per Gridwork field of the target, with the
 * layer's fields to choose from, prefilled with the guesses. */
static void
rebuild_mapping (GwImportDialog *self,
                 GHashTable     *keep)
{
  g_auto (GStrv) fields = gw_import_target_fields (self->target);
  GwImportLayerInfo *info = NULL;

  for (guint i = 0; i < self->mapping_rows->len; i++)
    adw_preferences_group_remove (self->mapping_group, self->mapping_rows->pdata[i]);
  g_ptr_array_set_size (self->mapping_rows, 0);

  g_clear_object (&self->source_fields);
  self->source_fields = gtk_string_list_new (NULL);
  gtk_string_list_append (self->source_fields, _("(none)"));
  if (self->probe != NULL)
    {
      info = self->probe->layers->pdata[self->probe->layer];
      for (guint i = 0; info->fields[i] != NULL; i++)
        gtk_string_list_append (self->source_fields, info->fields[i]);
    }

  for (guint f = 0; fields[f] != NULL; f++)
    {
      AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
      const char *guess = info != NULL ? gw_import_guess_field (self->target, fields[f],
                                                                (const char * const *) info->fields)
                                       : NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_label (fields[f]));
      if (gw_import_field_is_required (self->target, fields[f]))
        {
          g_autofree char *subtitle = g_strdup_printf (_("%s · required"), fields[f]);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      else
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), fields[f]);
      adw_combo_row_set_model (row, G_LIST_MODEL (self->source_fields));
      if (keep != NULL && g_hash_table_contains (keep, fields[f]))
        guess = g_hash_table_lookup (keep, fields[f]);
      adw_combo_row_set_selected (row, 0);
      if (guess != NULL && info != NULL)
        for (guint i = 0; info->fields[i] != NULL; i++)
          if (strcmp (info->fields[i], guess) == 0)
            adw_combo_row_set_selected (row, i + 1);
      g_object_set_data_full (G_OBJECT (row), "field", g_strdup (fields[f]), g_free);
      g_signal_connect (row, "notify::selected", G_CALLBACK (on_mapping_chosen), self);
      adw_preferences_group_add (self->mapping_group, GTK_WIDGET (row));
      g_ptr_array_add (self->mapping_rows, row);
    }
  rebuild_classes (self);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  /* Whole values, one line: the table scrolls sideways. */
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GwImportDialog *self = user_data;
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  guint row = gtk_list_item_get_position (item);
  const char *text = "";

  if (self->probe != NULL && row < self->probe->rows->len)
    {
      char **values = self->probe->rows->pdata[row];

      if (column < g_strv_length (values))
        text = values[column];
    }
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
rebuild_rows_view (GwImportDialog *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->rows_view);
  g_autoptr (GtkStringList) rows = gtk_string_list_new (NULL);
  GwImportLayerInfo *info = NULL;

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->rows_view, column);
    }
  if (self->probe != NULL)
    {
      info = self->probe->layers->pdata[self->probe->layer];
      for (guint i = 0; info->fields[i] != NULL; i++)
        {
          GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
          g_autoptr (GtkColumnViewColumn) column = NULL;

          g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (i));
          g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), self);
          g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
          column = gtk_column_view_column_new (info->fields[i], factory);
          gtk_column_view_column_set_resizable (column, TRUE);
          gtk_column_view_append_column (self->rows_view, column);
        }
      for (guint r = 0; r < self->probe->rows->len; r++)
        gtk_string_list_append (rows, "");
    }
  gtk_widget_set_visible (self->rows_placeholder,
                          g_list_model_get_n_items (G_LIST_MODEL (rows)) == 0);
  gtk_column_view_set_model (self->rows_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&rows)))));
}

static void
update_preview_label (GwImportDialog *self)
{
  GwImportLayerInfo *info;
  g_autofree char *text = NULL;
  g_autofree char *count = NULL;

  if (self->probe == NULL)
    {
      gtk_label_set_text (self->preview_label, "");
      return;
    }
  info = self->probe->layers->pdata[self->probe->layer];
  count = info->n_features >= 0
          ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld feature", "%lld features", info->n_features),
                             (long long) info->n_features)
          : g_strdup (_("unknown number of features"));
  text = g_strdup_printf (_("%s · %s · coordinates in the file: %s · first %u rows shown"),
                          strcmp (info->geometry, "None") == 0 ? _("Table") : info->geometry, count,
                          info->srs != NULL ? info->srs : _("none given (choose above)"),
                          self->probe->rows->len);
  if (self->probe->srs_problem != NULL)
    {
      g_autofree char *with = g_strdup_printf ("%s\n%s", text, self->probe->srs_problem);

      gtk_label_set_text (self->preview_label, with);
    }
  else
    gtk_label_set_text (self->preview_label, text);
}

/* Reads the file again with the chosen layer, coordinates and encoding. */
static gboolean
reprobe (GwImportDialog *self,
         gboolean        keep_layer,
         gboolean        keep_mapping)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwImportProbe) probe = NULL;
  GwImportProbe *old = self->probe;
  g_autoptr (GHashTable) kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (self->path == NULL)
    return FALSE;
  /* Reading the same layer otherwise keeps what the user mapped. */
  for (guint i = 0; i < self->mapping_rows->len; i++)
    {
      const char *field = g_object_get_data (self->mapping_rows->pdata[i], "field");

      g_hash_table_insert (kept, g_strdup (field), g_strdup (gw_import_dialog_get_mapping (self, field)));
    }
  probe = gw_import_probe (self->path, keep_layer ? chosen_layer (self) : NULL, chosen_srs (self),
                           chosen_encoding (self), PREVIEW_ROWS, &error);
  self->probe = g_steal_pointer (&probe);
  gw_import_probe_free (old);
  self->updating = TRUE;
  if (self->probe == NULL)
    {
      g_autoptr (GtkStringList) empty = gtk_string_list_new (NULL);

      adw_combo_row_set_model (self->layer_row, G_LIST_MODEL (empty));
      set_message (self, error->message, TRUE);
    }
  else
    {
      g_autoptr (GtkStringList) layers = gtk_string_list_new (NULL);

      for (guint i = 0; i < self->probe->layers->len; i++)
        gtk_string_list_append (layers, ((GwImportLayerInfo *) self->probe->layers->pdata[i])->name);
      adw_combo_row_set_model (self->layer_row, G_LIST_MODEL (layers));
      adw_combo_row_set_selected (self->layer_row, self->probe->layer);
      set_message (self, NULL, FALSE);
    }
  self->updating = FALSE;
  set_report (self, NULL);
  if (!keep_mapping)
    gw_field_class_group_forget (self->class_group);
  rebuild_mapping (self, keep_mapping ? kept : NULL);
  rebuild_rows_view (self);
  update_preview_label (self);
  update_sensitivity (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->map_preview));
  return self->probe != NULL;
}

static void
extend_lonlat (GwBBox *box,
               double  lon,
               double  lat)
{
  double x, y;

  gw_lonlat_to_mercator (lon, lat, &x, &y);
  gw_bbox_extend (box, x, y);
}

typedef struct
{
  cairo_t *cr;
  double   ox, oy, scale;
} PreviewView;

static gboolean
add_feature_path (const GwFeature *feature,
                  gpointer         user_data)
{
  PreviewView *view = user_data;
  GwRenderTransform transform = { 0, 0, view->scale, view->scale, view->ox, view->oy };

  gw_render_append_shape (view->cr, &transform, &feature->shape, GW_RENDER_SHAPE_CLOSED, 0.5);
  return TRUE;
}

/* What the preview shows, in mercator: the previewed features over the
 * street's grid outlines, fitted together, so that a file placed far away
 * shows as such; or, once the user asked, only where the import found the
 * data, at least 300 m across. FALSE when there is nothing to show. */
static gboolean
preview_area (GwImportDialog *self,
              GwBBox         *area)
{
  GwMapSnapshot *snapshot = self->window != NULL ? gw_window_get_snapshot (self->window) : NULL;
  GwBBox box, features;

  if (self->zoomed)
    {
      double cx = (self->data_area.min_x + self->data_area.max_x) / 2;
      double cy = (self->data_area.min_y + self->data_area.max_y) / 2;
      double half = MAX (150, MAX (self->data_area.max_x - self->data_area.min_x,
                                   self->data_area.max_y - self->data_area.min_y) * 0.6);

      *area = (GwBBox) { cx - half, cy - half, cx + half, cy + half };
      return TRUE;
    }
  gw_bbox_init_empty (&box);
  if (snapshot != NULL)
    {
      GwBBox extent = gw_map_snapshot_get_extent (snapshot);

      if (extent.min_x <= extent.max_x)
        box = extent;
    }
  gw_bbox_init_empty (&features);
  if (self->probe != NULL)
    for (guint s = 0; s < self->probe->shapes->len; s++)
      {
        GArray *coords = self->probe->shapes->pdata[s];

        for (guint i = 0; i + 1 < coords->len; i += 2)
          if (fabs (g_array_index (coords, double, i + 1)) < 85)
            extend_lonlat (&features, g_array_index (coords, double, i),
                           g_array_index (coords, double, i + 1));
      }
  if (features.min_x <= features.max_x)
    {
      gboolean inside = box.min_x <= box.max_x
                        && features.min_x >= box.min_x && features.max_x <= box.max_x
                        && features.min_y >= box.min_y && features.max_y <= box.max_y;

      if (inside)
        {
          /* Features in the street: their neighbourhood, at least 300 m across. */
          double cx = (features.min_x + features.max_x) / 2, cy = (features.min_y + features.max_y) / 2;
          double half = MAX (150, MAX (features.max_x - features.min_x, features.max_y - features.min_y) * 0.6);

          box = (GwBBox) { cx - half, cy - half, cx + half, cy + half };
        }
      else
        {
          /* Elsewhere: both, so that the distance shows. */
          gw_bbox_extend (&box, features.min_x, features.min_y);
          gw_bbox_extend (&box, features.max_x, features.max_y);
        }
    }
  *area = box;
  return box.min_x <= box.max_x;
}

static void
draw_preview (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  GwImportDialog *self = user_data;
  GwMapSnapshot *snapshot = self->window != NULL ? gw_window_get_snapshot (self->window) : NULL;
  GwBBox box;
  double scale, ox, oy;
  guint n_grids = snapshot != NULL ? gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_GRID) : 0;
  GdkRGBA accent = { 0.11, 0.44, 0.85, 1.0 };

  cairo_set_source_rgb (cr, 0.98, 0.98, 0.97);
  cairo_paint (cr);
  if (!preview_area (self, &box))
    return;
  scale = MIN ((width - 16) / MAX (box.max_x - box.min_x, 1.0),
               (height - 16) / MAX (box.max_y - box.min_y, 1.0));
  ox = width / 2.0 - scale * (box.min_x + box.max_x) / 2;
  oy = height / 2.0 + scale * (box.min_y + box.max_y) / 2;

  if (snapshot != NULL)
    {
      /* The buildings already there, to see whether the new ones overlap. */
      PreviewView view = { cr, ox, oy, scale };

      cairo_set_source_rgb (cr, 0.80, 0.79, 0.76);
      gw_map_snapshot_query (snapshot, GW_FEATURE_BUILDING, &box, add_feature_path, &view);
      cairo_fill (cr);
    }
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_source_rgb (cr, 0.62, 0.62, 0.60);
  cairo_set_line_width (cr, 1.0);
  for (guint g = 0; g < n_grids; g++)
    {
      const GwFeature *grid = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_GRID, g);
      GwRenderTransform transform = { 0, 0, scale, scale, ox, oy };

      gw_render_append_shape (cr, &transform, &grid->shape, GW_RENDER_SHAPE_CLOSED, 0.5);
    }
  cairo_stroke (cr);

  if (self->probe == NULL)
    return;
  gdk_cairo_set_source_rgba (cr, &accent);
  cairo_set_line_width (cr, 2.0);
  for (guint s = 0; s < self->probe->shapes->len; s++)
    {
      GArray *coords = self->probe->shapes->pdata[s];

      for (guint i = 0; i + 1 < coords->len; i += 2)
        {
          double mx, my;

          gw_lonlat_to_mercator (g_array_index (coords, double, i),
                                 CLAMP (g_array_index (coords, double, i + 1), -85, 85), &mx, &my);
          if (coords->len == 2)
            {
              cairo_new_sub_path (cr);
              cairo_arc (cr, ox + scale * mx, oy - scale * my, 3.5, 0, 2 * G_PI);
              cairo_fill (cr);
            }
          else if (i == 0)
            cairo_move_to (cr, ox + scale * mx, oy - scale * my);
          else
            cairo_line_to (cr, ox + scale * mx, oy - scale * my);
        }
      if (coords->len > 6 && g_array_index (coords, double, 0) == g_array_index (coords, double, coords->len - 2)
          && g_array_index (coords, double, 1) == g_array_index (coords, double, coords->len - 1))
        {
          cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 0.35);
          cairo_fill_preserve (cr);
          gdk_cairo_set_source_rgba (cr, &accent);
        }
      cairo_stroke (cr);
    }
}

gboolean
gw_import_dialog_set_file (GwImportDialog *self,
                           const char     *path)
{
  g_autofree char *basename = NULL;

  g_return_val_if_fail (GW_IS_IMPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  if (self->job != NULL)
    return FALSE;

  g_free (self->path);
  self->path = g_strdup (path);
  basename = g_path_get_basename (path);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->file_row), path);
  adw_window_title_set_subtitle (self->window_title, basename);
  self->committed = FALSE;
  return reprobe (self, FALSE, FALSE);
}

void
gw_import_dialog_set_target (GwImportDialog *self,
                             GwImportTarget  target)
{
  g_return_if_fail (GW_IS_IMPORT_DIALOG (self));
  g_return_if_fail (target < G_N_ELEMENTS (target_labels));

  adw_combo_row_set_selected (self->target_row, target);
}

gboolean
gw_import_dialog_set_srs (GwImportDialog *self,
                          const char     *srs)
{
  g_return_val_if_fail (GW_IS_IMPORT_DIALOG (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (srs_choices); i++)
    if (g_strcmp0 (srs_choices[i].srs, srs) == 0)
      {
        adw_combo_row_set_selected (self->srs_row, i);
        return TRUE;
      }
  for (guint z = 0; srs != NULL && z < GK_N_ZONES; z++)
    {
      g_autofree char *epsg = g_strdup_printf ("EPSG:%u", GK_FIRST_EPSG + z);

      if (g_ascii_strcasecmp (epsg, srs) == 0)
        {
          adw_combo_row_set_selected (self->srs_row, G_N_ELEMENTS (srs_choices) + z);
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
gw_import_dialog_set_encoding (GwImportDialog *self,
                               const char     *encoding)
{
  g_return_val_if_fail (GW_IS_IMPORT_DIALOG (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    if (g_strcmp0 (encodings[i], encoding) == 0)
      {
        adw_combo_row_set_selected (self->encoding_row, i);
        return TRUE;
      }
  return FALSE;
}

static AdwComboRow *
find_mapping_row (GwImportDialog *self,
                  const char     *gridwork_field)
{
  for (guint i = 0; i < self->mapping_rows->len; i++)
    if (g_strcmp0 (g_object_get_data (self->mapping_rows->pdata[i], "field"), gridwork_field) == 0)
      return self->mapping_rows->pdata[i];
  return NULL;
}

gboolean
gw_import_dialog_set_mapping (GwImportDialog *self,
                              const char     *gridwork_field,
                              const char     *source_field)
{
  AdwComboRow *row;

  g_return_val_if_fail (GW_IS_IMPORT_DIALOG (self), FALSE);

  row = find_mapping_row (self, gridwork_field);
  if (row == NULL)
    return FALSE;
  if (source_field == NULL)
    {
      adw_combo_row_set_selected (row, 0);
      return TRUE;
    }
  for (guint i = 1; i < g_list_model_get_n_items (G_LIST_MODEL (self->source_fields)); i++)
    if (strcmp (gtk_string_list_get_string (self->source_fields, i), source_field) == 0)
      {
        adw_combo_row_set_selected (row, i);
        return TRUE;
      }
  return FALSE;
}

const char *
gw_import_dialog_get_mapping (GwImportDialog *self,
                              const char     *gridwork_field)
{
  AdwComboRow *row;
  guint i;

  g_return_val_if_fail (GW_IS_IMPORT_DIALOG (self), NULL);

  row = find_mapping_row (self, gridwork_field);
  if (row == NULL)
    return NULL;
  i = adw_combo_row_get_selected (row);
  if (i == 0 || i == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->source_fields, i);
}

gboolean
gw_import_dialog_get_field_class (GwImportDialog *self,
                                  const char     *column,
                                  GwFieldClass   *field_class)
{
  g_return_val_if_fail (GW_IS_IMPORT_DIALOG (self), FALSE);

  return gw_field_class_group_get_class (self->class_group, column, field_class);
}

gboolean
gw_import_dialog_set_field_class (GwImportDialog *self,
                                  const char     *column,
                                  GwFieldClass    field_class)
{
  g_return_val_if_fail (GW_IS_IMPORT_DIALOG (self), FALSE);

  return gw_field_class_group_set_class (self->class_group, column, field_class);
}

static void
job_progress (const char *stage,
              double      fraction,
              gpointer    user_data)
{
  Job *job = user_data;

  g_mutex_lock (&job->lock);
  g_free (job->stage);
  job->stage = g_strdup (stage);
  job->fraction = fraction;
  g_mutex_unlock (&job->lock);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr (GError) error = NULL;
  /* Its own connection: SQLite connections are not shared across threads. */
  g_autoptr (GwStore) store = gw_store_location_is_server (job->db_path)
                              ? gw_store_open_server (job->db_path, job->password, GW_STORE_OPEN_DEFAULT, &error)
                              : gw_store_open (job->db_path, GW_STORE_OPEN_DEFAULT, &error);
  g_autoptr (GwUser) user = NULL;
  GwImportOptions options = {
    .target = job->target,
    .source_layer = job->source_layer,
    .srs = job->srs,
    .encoding = job->encoding,
    .map = job->map,
    .field_classes = job->field_classes,
    .dry_run = job->dry_run,
    .skip_rejected = job->skip_rejected,
  };

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The signed-in user, read on this thread's connection: the core checks
   * their role and names them in the audit log. */
  if (job->login != NULL)
    {
      user = gw_user_load (store, job->login, &error);
      if (user == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      options.user = user;
    }
  if (!gw_import_run (store, job->file, &options, &job->report, cancellable, job_progress, job,
                      &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static gboolean
update_progress (gpointer user_data)
{
  GwImportDialog *self = user_data;
  g_autofree char *stage = NULL;
  double fraction;

  if (self->job == NULL)
    return G_SOURCE_CONTINUE;
  g_mutex_lock (&self->job->lock);
  stage = g_strdup (self->job->stage);
  fraction = self->job->fraction;
  g_mutex_unlock (&self->job->lock);
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_progress_bar_set_text (self->progress_bar, stage);
  return G_SOURCE_CONTINUE;
}

static void
on_job_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GwImportDialog *self = GW_IMPORT_DIALOG (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);
  const char *target_label = _(target_labels[job->target]);

  self->job = NULL;
  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_object (&self->cancellable);

  if (ok && !job->dry_run)
    {
      GwProject *project = self->window != NULL ? gw_window_get_project (self->window) : NULL;
      g_autofree char *message =
        g_strdup_printf (_("Imported %u features into %s (%u repaired, %u rejected, %u lots "
                           "generated)."), job->report->n_imported, target_label,
                         job->report->n_repaired, job->report->n_rejected,
                         job->report->n_lots_generated);

      self->committed = TRUE;
      /* Also when the dialog was closed meanwhile, as long as the window
       * still shows the file imported into. */
      g_autofree char *shown = project != NULL
                               ? gw_store_dup_location (gw_project_get_store (project), NULL) : NULL;

      if (job->report->committed && g_strcmp0 (shown, job->db_path) == 0)
        gw_project_notify_changed (project, GW_PROJECT_CHANGE_ALL);
      if (self->disposed)
        {
          if (self->window != NULL)
            gw_window_add_toast (self->window, adw_toast_new (message));
          return;
        }
      set_message (self, message, FALSE);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
    }
  if (self->disposed)
    return;
  if (job->report != NULL)
    text = gw_import_report_to_string (job->report);
  set_report (self, text);

  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_message (self, _("Cancelled: nothing was written."), TRUE);
  else if (!ok && g_error_matches (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_UNMAPPED_FIELD)
           && job->report != NULL && job->report->missing_field != NULL)
    {
      /* The core leaves out how to choose a field (the command line's
       * --map); here it is the list on the left, and its row is marked. */
      AdwComboRow *row = find_mapping_row (self, job->report->missing_field);
      g_autofree char *message =
        g_strdup_printf (_("%s; choose the field for “%s” in the Fields list"), error->message,
                         field_label (job->report->missing_field));

      set_message (self, message, TRUE);
      if (row != NULL)
        {
          gtk_widget_add_css_class (GTK_WIDGET (row), "error");
          gtk_widget_grab_focus (GTK_WIDGET (row));
        }
    }
  else if (!ok)
    {
      set_message (self, error->message, TRUE);
      if (g_error_matches (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_ELSEWHERE)
          && job->report != NULL && job->report->has_extent)
        {
          /* The preview fits the street and the data together, which
           * kilometres apart are both specks: offer to look at the data. */
          gw_bbox_init_empty (&self->data_area);
          extend_lonlat (&self->data_area, job->report->min_lon, job->report->min_lat);
          extend_lonlat (&self->data_area, job->report->max_lon, job->report->max_lat);
          self->have_data_area = TRUE;
          gtk_widget_set_visible (GTK_WIDGET (self->zoom_button), TRUE);
        }
    }
  else if (job->dry_run)
    {
      g_autofree char *message =
        g_strdup_printf (_("Check passed: %u of %u features can be imported into %s. Nothing was "
                           "written yet."), job->report->n_imported, job->report->n_read,
                         target_label);

      set_message (self, message, FALSE);
    }
  update_sensitivity (self);
}

static void
start_job (GwImportDialog *self,
           gboolean        dry_run)
{
  g_autoptr (GTask) task = NULL;
  GwStore *store = self->window != NULL ? gw_window_get_store (self->window) : NULL;
  GwUser *user = self->window != NULL ? gw_window_get_user (self->window) : NULL;
  Job *job;

  if (self->job != NULL || self->probe == NULL)
    return;
  if (store == NULL)
    {
      set_message (self, _("Open a Gridwork file first."), TRUE);
      return;
    }
  job = g_new0 (Job, 1);
  g_mutex_init (&job->lock);
  job->db_path = gw_store_dup_location (store, &job->password);
  job->login = user != NULL ? g_strdup (user->login) : NULL;
  job->file = g_strdup (self->path);
  job->source_layer = g_strdup (chosen_layer (self));
  job->srs = g_strdup (chosen_srs (self));
  job->encoding = g_strdup (chosen_encoding (self));
  job->target = self->target;
  job->dry_run = dry_run;
  job->skip_rejected = gtk_switch_get_active (self->skip_switch);
  job->stage = g_strdup (_("Reading"));
  /* The dialog's choices, also "none", override the core's guesses. */
  job->map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < self->mapping_rows->len; i++)
    {
      const char *field = g_object_get_data (self->mapping_rows->pdata[i], "field");
      const char *source = gw_import_dialog_get_mapping (self, field);

      if (source != NULL)
        g_hash_table_insert (job->map, g_strdup (field), g_strdup (source));
    }
  job->field_classes = gw_field_class_group_dup_confirmed (self->class_group);

  self->job = job;
  self->cancellable = g_cancellable_new ();
  set_message (self, NULL, FALSE);
  set_report (self, "");
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, job->stage);
  self->progress_id = g_timeout_add (100, update_progress, self);
  update_sensitivity (self);

  task = g_task_new (self, self->cancellable, on_job_done, NULL);
  g_task_set_source_tag (task, start_job);
  /* Only the thread says whether it was cancelled: a cancel that comes
   * after the commit must not be reported as "nothing was written". */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, run_thread);
}

void
gw_import_dialog_check (GwImportDialog *self)
{
  g_return_if_fail (GW_IS_IMPORT_DIALOG (self));
  start_job (self, TRUE);
}

void
gw_import_dialog_import (GwImportDialog *self)
{
  g_return_if_fail (GW_IS_IMPORT_DIALOG (self));
  start_job (self, FALSE);
}

void
gw_import_dialog_cancel (GwImportDialog *self)
{
  g_return_if_fail (GW_IS_IMPORT_DIALOG (self));
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
gw_import_dialog_is_running (GwImportDialog *self)
{
  g_return_val_if_fail (GW_IS_IMPORT_DIALOG (self), FALSE);
  return self->job != NULL;
}

char *
gw_import_dialog_get_report_text (GwImportDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (GW_IS_IMPORT_DIALOG (self), NULL);
  if (self->report_is_hint)
    return g_strdup ("");
  buffer = gtk_text_view_get_buffer (self->report_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

const char *
gw_import_dialog_get_message (GwImportDialog *self)
{
  g_return_val_if_fail (GW_IS_IMPORT_DIALOG (self), NULL);
  return self->message;
}

guint
gw_import_dialog_get_n_preview_rows (GwImportDialog *self)
{
  g_return_val_if_fail (GW_IS_IMPORT_DIALOG (self), 0);
  return self->probe != NULL ? self->probe->rows->len : 0;
}

guint
gw_import_dialog_get_n_preview_shapes (GwImportDialog *self)
{
  g_return_val_if_fail (GW_IS_IMPORT_DIALOG (self), 0);
  return self->probe != NULL ? self->probe->shapes->len : 0;
}

gboolean
gw_import_dialog_get_committed (GwImportDialog *self)
{
  g_return_val_if_fail (GW_IS_IMPORT_DIALOG (self), FALSE);
  return self->committed;
}

gboolean
gw_import_dialog_can_zoom_to_data (GwImportDialog *self)
{
  g_return_val_if_fail (GW_IS_IMPORT_DIALOG (self), FALSE);
  return self->have_data_area && !self->zoomed;
}

void
gw_import_dialog_zoom_to_data (GwImportDialog *self)
{
  g_return_if_fail (GW_IS_IMPORT_DIALOG (self));
  if (!self->have_data_area)
    return;
  self->zoomed = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->zoom_button), FALSE);
  gtk_widget_queue_draw (GTK_WIDGET (self->map_preview));
}

gboolean
gw_import_dialog_get_preview_area (GwImportDialog *self,
                                   GwBBox         *area)
{
  g_return_val_if_fail (GW_IS_IMPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);
  return preview_area (self, area);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  GwImportDialog *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        gw_import_dialog_set_file (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *const *patterns)
{
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; patterns[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, patterns[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
on_file_clicked (GtkButton *button,
                 gpointer   user_data)
{
  GwImportDialog *self = user_data;
  static const char *const all[] = { "shp", "geojson", "json", "gpkg", "kml", "dxf", "csv", "xlsx", NULL };
  static const char *const shp[] = { "shp", NULL };
  static const char *const geojson[] = { "geojson", "json", NULL };
  static const char *const gpkg[] = { "gpkg", NULL };
  static const char *const kml[] = { "kml", NULL };
  static const char *const dxf[] = { "dxf", NULL };
  static const char *const csv[] = { "csv", NULL };
  static const char *const xlsx[] = { "xlsx", NULL };

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Choose a File to Import"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("All supported files"), all);
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("Shapefile"), shp);
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("GeoJSON"), geojson);
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("GeoPackage"), gpkg);
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("KML"), kml);
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("DXF (CAD drawing)"), dxf);
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("CSV (lon/lat columns)"), csv);
  add_filter (GTK_FILE_CHOOSER (self->chooser), _("Excel workbook (XLSX)"), xlsx);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_layer_selected (AdwComboRow *row,
                   GParamSpec  *pspec,
                   gpointer     user_data)
{
  GwImportDialog *self = user_data;
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating || self->probe == NULL || selected == GTK_INVALID_LIST_POSITION
      || selected == self->probe->layer || selected >= self->probe->layers->len)
    return;
  self->probe->layer = selected;  /* chosen_layer() reads it */
  reprobe (self, TRUE, FALSE);
}

static void
on_reading_changed (AdwComboRow *row,
                    GParamSpec  *pspec,
                    gpointer     user_data)
{
  GwImportDialog *self = user_data;

  if (self->updating || self->path == NULL)
    return;
  reprobe (self, TRUE, TRUE);
}

static void
on_target_selected (AdwComboRow *row,
                    GParamSpec  *pspec,
                    gpointer     user_data)
{
  GwImportDialog *self = user_data;
  guint selected = adw_combo_row_get_selected (row);

  if (selected >= G_N_ELEMENTS (target_labels) || selected == self->target)
    return;
  self->target = selected;
  self->committed = FALSE;
  set_message (self, NULL, FALSE);
  set_report (self, NULL);
  rebuild_mapping (self, NULL);
}

static gboolean
on_close_request (GtkWindow *window,
                  gpointer   user_data)
{
  GwImportDialog *self = GW_IMPORT_DIALOG (window);

  /* Closing while importing cancels: the task keeps the dialog alive until
   * the thread has rolled back. */
  gw_import_dialog_cancel (self);
  return FALSE;
}

static void
gw_import_dialog_dispose (GObject *object)
{
  GwImportDialog *self = GW_IMPORT_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  self->disposed = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_IMPORT_DIALOG);
  G_OBJECT_CLASS (gw_import_dialog_parent_class)->dispose (object);
}

static void
gw_import_dialog_finalize (GObject *object)
{
  GwImportDialog *self = GW_IMPORT_DIALOG (object);

  g_free (self->path);
  g_free (self->message);
  gw_import_probe_free (self->probe);
  g_clear_pointer (&self->mapping_rows, g_ptr_array_unref);
  g_clear_object (&self->source_fields);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->window);
  G_OBJECT_CLASS (gw_import_dialog_parent_class)->finalize (object);
}

static void
gw_import_dialog_class_init (GwImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_import_dialog_dispose;
  object_class->finalize = gw_import_dialog_finalize;

  g_type_ensure (GW_TYPE_FIELD_CLASS_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, check_button);
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, file_button);
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, layer_row);
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, srs_row);
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, class_group);
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, target_row);
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, mapping_group);
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, skip_switch);
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, map_preview);
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, rows_view);
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, rows_placeholder);
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, preview_label);
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, report_view);
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, progress_box);
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, GwImportDialog, cancel_button);
}

static void
gw_import_dialog_init (GwImportDialog *self)
{
  g_autoptr (GtkStringList) srs = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) encoding = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) targets = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->mapping_rows = g_ptr_array_new ();
  self->target = GW_IMPORT_GRIDS;

  for (guint i = 0; i < G_N_ELEMENTS (srs_choices); i++)
    gtk_string_list_append (srs, _(srs_choices[i].label));
  for (guint z = 0; z < GK_N_ZONES; z++)
    {
      g_autofree char *label = g_strdup_printf (_("CGCS2000 3° Gauss–Krüger, %u°E (EPSG:%u)"),
                                                75 + 3 * z, GK_FIRST_EPSG + z);

      gtk_string_list_append (srs, label);
    }
  adw_combo_row_set_model (self->srs_row, G_LIST_MODEL (srs));
  gtk_string_list_append (encoding, _("Automatic"));
  for (guint i = 1; i < G_N_ELEMENTS (encodings); i++)
    gtk_string_list_append (encoding, encodings[i]);
  adw_combo_row_set_model (self->encoding_row, G_LIST_MODEL (encoding));
  for (guint i = 0; i < G_N_ELEMENTS (target_labels); i++)
    gtk_string_list_append (targets, _(target_labels[i]));
  adw_combo_row_set_model (self->target_row, G_LIST_MODEL (targets));

  gtk_drawing_area_set_draw_func (self->map_preview, draw_preview, self, NULL);
  g_signal_connect (self->file_button, "clicked", G_CALLBACK (on_file_clicked), self);
  g_signal_connect_swapped (self->check_button, "clicked", G_CALLBACK (gw_import_dialog_check), self);
  g_signal_connect_swapped (self->import_button, "clicked", G_CALLBACK (gw_import_dialog_import), self);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (gw_import_dialog_cancel), self);
  g_signal_connect_swapped (self->zoom_button, "clicked", G_CALLBACK (gw_import_dialog_zoom_to_data),
                            self);
  g_signal_connect (self->layer_row, "notify::selected", G_CALLBACK (on_layer_selected), self);
  g_signal_connect (self->srs_row, "notify::selected", G_CALLBACK (on_reading_changed), self);
  g_signal_connect (self->encoding_row, "notify::selected", G_CALLBACK (on_reading_changed), self);
  g_signal_connect (self->target_row, "notify::selected", G_CALLBACK (on_target_selected), self);
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
  rebuild_mapping (self, NULL);
  set_report (self, NULL);
  update_sensitivity (self);
}

GwImportDialog *
gw_import_dialog_new (GwWindow *window)
{
  GwImportDialog *self;

  g_return_val_if_fail (GW_IS_WINDOW (window), NULL);

  self = g_object_new (GW_TYPE_IMPORT_DIALOG, "transient-for", window, NULL);
  g_set_weak_pointer (&self->window, window);
  return self;
}
