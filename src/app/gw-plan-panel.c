/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-plan-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gw-geometry.h"
#include "gw-plan-panel.h"
#include "gw-render-plan.h"
#include "gw-renderer.h"

/* {{{ Rows of the table: one object per draft grid, its figures read from
 * the plan when a cell is bound. */

#define GW_TYPE_PLAN_GRID_ITEM (gw_plan_grid_item_get_type ())
G_DECLARE_FINAL_TYPE (GwPlanGridItem, gw_plan_grid_item, GW, PLAN_GRID_ITEM, GObject)

struct _GwPlanGridItem
{
  GObject parent_instance;
  guint   key;
};

G_DEFINE_FINAL_TYPE (GwPlanGridItem, gw_plan_grid_item, G_TYPE_OBJECT)

static void
gw_plan_grid_item_class_init (GwPlanGridItemClass *klass)
{
}

static void
gw_plan_grid_item_init (GwPlanGridItem *self)
{
}

static GwPlanGridItem *
gw_plan_grid_item_new (guint key)
{
  GwPlanGridItem *item = g_object_new (GW_TYPE_PLAN_GRID_ITEM, NULL);

  item->key = key;
  return item;
}

/* }}} */

typedef enum
{
  COLUMN_GRID,
  COLUMN_COMMUNITY,
  COLUMN_HOUSEHOLDS,
  COLUMN_RESIDENTS,
  COLUMN_BUILDINGS,
  COLUMN_WORKERS,
  COLUMN_BAND,
  COLUMN_PARTS,
  COLUMN_COMPACTNESS,
  COLUMN_CHANGED,
  N_COLUMNS
} Column;

struct _GwPlanPanel
{
  GtkWidget           parent_instance;

  GwProject          *project;
  GwPlan             *plan;
  gulong              plan_changed_id;
  GPtrArray          *infos;          /* of GwPlanInfo, as the drop-down lists them */
  GListStore         *rows;           /* of GwPlanGridItem */
  GtkSingleSelection *selection;
  gint                target;
  GwPlanTool          tool;
  GHashTable         *paint;
  GHashTable         *pending;        /* units under the brush, not moved yet */
  guint               save_id;
  gboolean            updating;
  char               *summary;
  GSimpleActionGroup *actions;

  GtkWidget          *box;
  GtkDropDown        *plan_dropdown;
  GtkButton          *new_button;
  GtkButton          *branch_button;
  GtkLabel           *summary_label;
  GtkBox             *legend_box;
  GtkToggleButton    *paint_button;
  GtkToggleButton    *split_button;
  GtkToggleButton    *merge_button;
  GtkMenuButton      *more_button;
  GtkButton          *undo_button;
  GtkButton          *redo_button;
  GtkButton          *suggest_button;
  GtkButton          *commit_button;
  GtkColumnView      *table;
  GtkLabel           *problems_label;
};

G_DEFINE_FINAL_TYPE (GwPlanPanel, gw_plan_panel, GTK_TYPE_WIDGET)

enum
{
  PAINT_CHANGED,
  MESSAGE,
  COMMITTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
say (GwPlanPanel *self,
     const char  *message)
{
  g_signal_emit (self, signals[MESSAGE], 0, message);
}

static void
say_error (GwPlanPanel  *self,
           const GError *error)
{
  if (error != NULL)
    say (self, error->message);
}

static const GwPlanRow *
row_at (GwPlanPanel *self,
        guint        key)
{
  GArray *rows = gw_plan_get_rows (self->plan);

  return key < rows->len ? &g_array_index (rows, GwPlanRow, key) : NULL;
}

static char *
grid_title (const GwPlanRow *row)
{
  if (*row->code != '\0')
    return g_strdup (row->code);
  if (*row->name != '\0')
    return g_strdup (row->name);
  /* Translators: a grid of a draft plan that has no code yet */
  return g_strdup_printf (_("New grid %u"), row->key + 1);
}

/* {{{ What the map draws */

static void
update_paint (GwPlanPanel *self)
{
  g_clear_pointer (&self->paint, g_hash_table_unref);
  if (self->plan != NULL)
    self->paint = gw_render_plan_paint (self->plan, self->target, self->pending);
  g_signal_emit (self, signals[PAINT_CHANGED], 0);
}

GHashTable *
gw_plan_panel_get_paint (GwPlanPanel *self)
{
  g_return_val_if_fail (GW_IS_PLAN_PANEL (self), NULL);

  return self->plan != NULL ? self->paint : NULL;
}

/* }}} */
/* {{{ The table, the summary and the buttons */

static void
update_summary (GwPlanPanel *self)
{
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GString) text = g_string_new ("");
  GwPlanSummary summary;
  double min, max;

  g_clear_pointer (&self->summary, g_free);
  if (self->plan == NULL)
    {
      self->summary = g_strdup (_("No draft yet: start one from the live grids with the New "
                                  "Draft button."));
      gtk_label_set_text (self->summary_label, self->summary);
      gtk_label_set_text (self->problems_label, "");
      return;
    }
  gw_plan_get_summary (self->plan, &summary);
  gw_plan_get_band (self->plan, &min, &max);
  self->summary = g_strdup_printf (_("%u grids: %u inside %.0f–%.0f households, islands: %u. "
                                     "Lots in no grid: %u, changed: %u. Compactness %.2f"),
                                   summary.n_grids, summary.n_inside_band, min, max,
                                   summary.n_islands, summary.n_unassigned, summary.n_changed,
                                   summary.mean_polsby_popper);
  gtk_label_set_text (self->summary_label, self->summary);
  problems = gw_plan_get_problems (self->plan);
  for (guint i = 0; i < problems->len && i < 6; i++)
    g_string_append_printf (text, "%s• %s", i > 0 ? "\n" : "",
                            (const char *) g_ptr_array_index (problems, i));
  if (problems->len > 6)
    g_string_append_printf (text, "\n%s",
                            _("… and more: see gridwork-cli plan check for the whole list"));
  gtk_label_set_text (self->problems_label, text->str);
}

static void
update_buttons (GwPlanPanel *self)
{
  gboolean draft = self->plan != NULL
                   && g_strcmp0 (gw_plan_get_data (self->plan)->info.state, "draft") == 0;
  gboolean has_target = draft && self->target >= 0;

  gtk_widget_set_sensitive (GTK_WIDGET (self->branch_button), self->plan != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->undo_button), draft && gw_plan_can_undo (self->plan));
  gtk_widget_set_sensitive (GTK_WIDGET (self->redo_button), draft && gw_plan_can_redo (self->plan));
  gtk_widget_set_sensitive (GTK_WIDGET (self->suggest_button), has_target);
  gtk_widget_set_sensitive (GTK_WIDGET (self->commit_button), draft);
  gtk_widget_set_sensitive (GTK_WIDGET (self->paint_button), draft);
  gtk_widget_set_sensitive (GTK_WIDGET (self->split_button), draft);
  gtk_widget_set_sensitive (GTK_WIDGET (self->merge_button), draft);
  gtk_widget_set_sensitive (GTK_WIDGET (self->more_button), draft);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "new-grid")),
                               has_target);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "dissolve")),
                               has_target);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "suggest-scratch")),
                               has_target);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "lock")),
                               has_target);
  if (has_target)
    g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "lock")),
                               g_variant_new_boolean (row_at (self, self->target)->locked));
}

/* The grids with lots, and new or chosen ones even while empty. */
static void
refill_rows (GwPlanPanel *self)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint position = GTK_INVALID_LIST_POSITION;
  GArray *rows;

  self->updating = TRUE;
  if (self->plan != NULL)
    {
      rows = gw_plan_get_rows (self->plan);
      for (guint k = 0; k < rows->len; k++)
        {
          const GwPlanRow *row = &g_array_index (rows, GwPlanRow, k);

          if (row->lots == 0 && !row->is_new && (gint) k != self->target)
            continue;
          if ((gint) k == self->target)
            position = items->len;
          g_ptr_array_add (items, gw_plan_grid_item_new (k));
        }
    }
  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                       items->pdata, items->len);
  gtk_single_selection_set_selected (self->selection, position);
  self->updating = FALSE;
}

static void
refresh (GwPlanPanel *self)
{
  refill_rows (self);
  update_summary (self);
  update_buttons (self);
  update_paint (self);
}

static gboolean
save_later_cb (gpointer data)
{
  GwPlanPanel *self = data;
  g_autoptr (GError) error = NULL;

  self->save_id = 0;
  if (!gw_plan_panel_save (self, &error))
    say_error (self, error);
  return G_SOURCE_REMOVE;
}

static void
on_plan_changed (GwPlanPanel *self)
{
  refresh (self);
  if (gw_plan_is_dirty (self->plan) && self->save_id == 0)
    self->save_id = g_timeout_add (400, save_later_cb, self);
}

/* }}} */
/* {{{ Cells */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  column)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label),
                        GPOINTER_TO_INT (column) <= COLUMN_COMMUNITY ? 0.0 : 1.0);
  if (GPOINTER_TO_INT (column) == COLUMN_BAND)
    gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_list_item_set_child (item, label);
}

static char *
cell_text (const GwPlanRow *row,
           Column           column)
{
  switch (column)
    {
    case COLUMN_GRID: return grid_title (row);
    case COLUMN_COMMUNITY: return g_strdup (row->community != NULL ? row->community : "");
    case COLUMN_HOUSEHOLDS: return g_strdup_printf ("%.0f", row->households);
    case COLUMN_RESIDENTS: return g_strdup_printf ("%.0f", row->residents);
    case COLUMN_BUILDINGS: return g_strdup_printf ("%.0f", row->buildings);
    case COLUMN_WORKERS: return g_strdup_printf ("%u", row->workers);
    case COLUMN_BAND: return g_strdup (gw_plan_band_label (row->band));
    case COLUMN_PARTS: return g_strdup_printf ("%u", row->parts);
    case COLUMN_COMPACTNESS: return g_strdup_printf ("%.2f", row->polsby_popper);
    case COLUMN_CHANGED: return row->lots_changed > 0 ? g_strdup_printf ("%u", row->lots_changed)
                                                      : g_strdup ("");
    case N_COLUMNS:
    default: return g_strdup ("");
    }
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  column)
{
  GwPlanPanel *self = g_object_get_data (G_OBJECT (factory), "gw-plan-panel");
  GwPlanGridItem *grid = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  const GwPlanRow *row = self->plan != NULL ? row_at (self, grid->key) : NULL;
  g_autofree char *text = NULL;

  if (row == NULL)
    return;
  text = cell_text (row, GPOINTER_TO_INT (column));
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "warning");
  gtk_widget_remove_css_class (label, "success");
  if (GPOINTER_TO_INT (column) == COLUMN_BAND)
    gtk_widget_add_css_class (label, row->band == GW_PLAN_BAND_INSIDE ? "success" : "warning");
  if (GPOINTER_TO_INT (column) == COLUMN_PARTS && row->parts > 1)
    gtk_widget_add_css_class (label, "error");
}

static void
add_columns (GwPlanPanel *self)
{
  static const char *const titles[N_COLUMNS] = {
    N_("Grid"), N_("Community"), N_("Households"), N_("Residents"), N_("Buildings"),
    N_("Workers"), N_("Band"), N_("Parts"), N_("Compactness"), N_("Lots Changed"),
  };

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_object_set_data (G_OBJECT (factory), "gw-plan-panel", self);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (c));
      column = gtk_column_view_column_new (_(titles[c]), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (c == COLUMN_GRID)
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (self->table, column);
      g_object_unref (column);
    }
}

static void
add_legend (GwPlanPanel *self)
{
  static const struct
  {
    GwPlanPaintBand band;
    const char     *label;
  } entries[] = {
    { GW_PLAN_PAINT_UNDER, N_("Under the band") },
    { GW_PLAN_PAINT_INSIDE, N_("Inside") },
    { GW_PLAN_PAINT_OVER, N_("Over") },
    { GW_PLAN_PAINT_EMPTY, N_("In no grid") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *swatch = gtk_label_new ("■");
      g_autofree char *markup = NULL;
      double rgba[4];

      gw_renderer_plan_band_color (entries[i].band, rgba);
      markup = g_strdup_printf ("<span foreground=\"#%02x%02x%02x\">■</span>",
                                (int) (rgba[0] * 255), (int) (rgba[1] * 255), (int) (rgba[2] * 255));
      gtk_label_set_markup (GTK_LABEL (swatch), markup);
      gtk_box_append (GTK_BOX (box), swatch);
      gtk_box_append (GTK_BOX (box), gtk_label_new (_(entries[i].label)));
      gtk_box_append (self->legend_box, box);
    }
}

/* }}} */
/* {{{ Plans */

static void
set_plan (GwPlanPanel *self,
          GwPlan      *plan)
{
  if (self->plan != NULL)
    {
      g_clear_signal_handler (&self->plan_changed_id, self->plan);
      g_clear_object (&self->plan);
    }
  self->target = -1;
  g_hash_table_remove_all (self->pending);
  if (plan != NULL)
    {
      self->plan = g_object_ref (plan);
      self->plan_changed_id = g_signal_connect_swapped (plan, "changed",
                                                        G_CALLBACK (on_plan_changed), self);
    }
  refresh (self);
}

static void
fill_dropdown (GwPlanPanel *self,
               gint64       select_id)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr (GError) error = NULL;
  guint selected = GTK_INVALID_LIST_POSITION;

  g_clear_pointer (&self->infos, g_ptr_array_unref);
  if (self->project != NULL)
    self->infos = gw_plan_store_list (gw_project_get_store (self->project), &error);
  if (self->infos == NULL)
    {
      say_error (self, error);
      self->infos = g_ptr_array_new ();
    }
  for (guint i = 0; i < self->infos->len; i++)
    {
      const GwPlanInfo *info = g_ptr_array_index (self->infos, i);
      g_autofree char *label = NULL;

      label = g_strcmp0 (info->state, "draft") == 0
              ? g_strdup_printf (_("%s (draft)"), info->name)
              : g_strdup_printf (_("%s (committed %s)"), info->name, info->committed_at);
      gtk_string_list_append (names, label);
      if (info->id == select_id)
        selected = i;
    }
  self->updating = TRUE;
  gtk_drop_down_set_model (self->plan_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->plan_dropdown, selected);
  self->updating = FALSE;
}

gboolean
gw_plan_panel_open_plan (GwPlanPanel  *self,
                         gint64        plan_id,
                         GError      **error)
{
  g_autoptr (GwPlan) plan = NULL;

  g_return_val_if_fail (GW_IS_PLAN_PANEL (self), FALSE);

  if (self->project == NULL)
    return FALSE;
  if (self->save_id != 0 && !gw_plan_panel_save (self, error))
    return FALSE;
  plan = gw_plan_load (gw_project_get_store (self->project), plan_id, error);
  if (plan == NULL)
    return FALSE;
  set_plan (self, plan);
  fill_dropdown (self, plan_id);
  return TRUE;
}

static void
on_dropdown_selected (GwPlanPanel *self)
{
  g_autoptr (GError) error = NULL;
  guint selected = gtk_drop_down_get_selected (self->plan_dropdown);
  const GwPlanInfo *info;

  if (self->updating || self->infos == NULL || selected >= self->infos->len)
    return;
  info = g_ptr_array_index (self->infos, selected);
  if (self->plan != NULL && gw_plan_get_id (self->plan) == info->id)
    return;
  if (!gw_plan_panel_open_plan (self, info->id, &error))
    say_error (self, error);
}

gboolean
gw_plan_panel_new_draft (GwPlanPanel  *self,
                         gboolean      branch,
                         GError      **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autofree char *name = NULL;
  gint64 id;

  g_return_val_if_fail (GW_IS_PLAN_PANEL (self), FALSE);

  if (self->project == NULL)
    return FALSE;
  if (branch && self->plan != NULL)
    /* Translators: the name of a draft branched from another: its name and the time */
    name = g_strdup_printf (_("%s, branch %s"), gw_plan_get_name (self->plan), stamp);
  else
    /* Translators: the name of a new draft: the time it was started */
    name = g_strdup_printf (_("Draft of %s"), stamp);
  if (self->save_id != 0 && !gw_plan_panel_save (self, error))
    return FALSE;
  id = gw_plan_store_create (gw_project_get_store (self->project),
                             gw_project_get_user (self->project), name,
                             branch && self->plan != NULL ? gw_plan_get_id (self->plan) : 0,
                             error);
  return id != 0 && gw_plan_panel_open_plan (self, id, error);
}

static void
on_new_clicked (GwPlanPanel *self,
                GtkButton   *button)
{
  g_autoptr (GError) error = NULL;

  if (!gw_plan_panel_new_draft (self, button == self->branch_button, &error))
    say_error (self, error);
}

void
gw_plan_panel_set_project (GwPlanPanel *self,
                           GwProject   *project)
{
  g_return_if_fail (GW_IS_PLAN_PANEL (self));

  if (self->save_id != 0)
    {
      g_autoptr (GError) error = NULL;

      if (!gw_plan_panel_save (self, &error))
        say_error (self, error);
    }
  g_set_object (&self->project, project);
  set_plan (self, NULL);
  fill_dropdown (self, 0);
  /* The newest draft, if there is one. */
  for (guint i = 0; i < self->infos->len; i++)
    {
      const GwPlanInfo *info = g_ptr_array_index (self->infos, i);
      g_autoptr (GError) error = NULL;

      if (g_strcmp0 (info->state, "draft") == 0)
        {
          if (!gw_plan_panel_open_plan (self, info->id, &error))
            say_error (self, error);
          break;
        }
    }
}

GwPlan *
gw_plan_panel_get_plan (GwPlanPanel *self)
{
  g_return_val_if_fail (GW_IS_PLAN_PANEL (self), NULL);

  return self->plan;
}

gboolean
gw_plan_panel_save (GwPlanPanel  *self,
                    GError      **error)
{
  g_return_val_if_fail (GW_IS_PLAN_PANEL (self), FALSE);

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->plan == NULL || self->project == NULL || !gw_plan_is_dirty (self->plan))
    return TRUE;
  return gw_plan_save (self->plan, gw_project_get_store (self->project),
                       gw_project_get_user (self->project), error);
}

/* }}} */
/* {{{ Target and tools */

gint
gw_plan_panel_get_target (GwPlanPanel *self)
{
  g_return_val_if_fail (GW_IS_PLAN_PANEL (self), -1);

  return self->target;
}

void
gw_plan_panel_set_target (GwPlanPanel *self,
                          gint         key)
{
  g_return_if_fail (GW_IS_PLAN_PANEL (self));

  if (self->plan == NULL || key >= (gint) gw_plan_get_data (self->plan)->grids->len)
    key = -1;
  if (key == self->target)
    return;
  self->target = key;
  refresh (self);
}

static void
on_selection_changed (GwPlanPanel *self)
{
  GwPlanGridItem *item;

  if (self->updating)
    return;
  item = gtk_single_selection_get_selected_item (self->selection);
  if (item != NULL)
    gw_plan_panel_set_target (self, item->key);
}

GwPlanTool
gw_plan_panel_get_tool (GwPlanPanel *self)
{
  g_return_val_if_fail (GW_IS_PLAN_PANEL (self), GW_PLAN_TOOL_PAINT);

  return self->tool;
}

void
gw_plan_panel_set_tool (GwPlanPanel *self,
                        GwPlanTool   tool)
{
  g_return_if_fail (GW_IS_PLAN_PANEL (self));

  self->tool = tool;
  gtk_toggle_button_set_active (tool == GW_PLAN_TOOL_SPLIT ? self->split_button
                                : tool == GW_PLAN_TOOL_MERGE ? self->merge_button
                                : self->paint_button, TRUE);
}

static void
on_tool_toggled (GwPlanPanel     *self,
                 GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  self->tool = button == self->split_button ? GW_PLAN_TOOL_SPLIT
               : button == self->merge_button ? GW_PLAN_TOOL_MERGE : GW_PLAN_TOOL_PAINT;
}

/* }}} */
/* {{{ The map's gestures */

static gint
unit_at (GwPlanPanel *self,
         double       longitude,
         double       latitude)
{
  GwMapSnapshot *snapshot = self->project != NULL ? gw_project_get_snapshot (self->project) : NULL;
  const GwFeature *lot;
  double x, y;

  if (snapshot == NULL || self->plan == NULL)
    return -1;
  gw_lonlat_to_mercator (longitude, latitude, &x, &y);
  lot = gw_map_snapshot_pick (snapshot, GW_FEATURE_LOT, x, y);
  return lot != NULL ? gw_plan_unit_of_lot (self->plan, lot->id) : -1;
}

void
gw_plan_panel_click (GwPlanPanel *self,
                     double       longitude,
                     double       latitude,
                     gboolean     choose)
{
  g_autoptr (GError) error = NULL;
  gint unit = unit_at (self, longitude, latitude);
  gint key;
  guint u;

  g_return_if_fail (GW_IS_PLAN_PANEL (self));

  if (unit < 0)
    return;
  key = gw_plan_grid_of_unit (self->plan, unit);
  u = unit;
  if (choose || self->target < 0)
    gw_plan_panel_set_target (self, key);
  else if (self->tool == GW_PLAN_TOOL_MERGE)
    {
      if (key >= 0 && key != self->target && !gw_plan_merge (self->plan, self->target, key, &error))
        say_error (self, error);
    }
  else if (self->tool == GW_PLAN_TOOL_PAINT)
    {
      if (!gw_plan_move_units (self->plan, &u, 1, self->target, &error))
        say_error (self, error);
    }
}

void
gw_plan_panel_stroke_begin (GwPlanPanel *self,
                            double       longitude,
                            double       latitude)
{
  g_return_if_fail (GW_IS_PLAN_PANEL (self));

  g_hash_table_remove_all (self->pending);
  gw_plan_panel_stroke_to (self, longitude, latitude);
}

void
gw_plan_panel_stroke_to (GwPlanPanel *self,
                         double       longitude,
                         double       latitude)
{
  gint unit = unit_at (self, longitude, latitude);

  g_return_if_fail (GW_IS_PLAN_PANEL (self));

  if (unit < 0 || self->target < 0 || gw_plan_grid_of_unit (self->plan, unit) == self->target
      || !g_hash_table_add (self->pending, GUINT_TO_POINTER (unit)))
    return;
  update_paint (self);
}

/* One stroke, one step of the undo history. */
void
gw_plan_panel_stroke_end (GwPlanPanel *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree guint *units = NULL;
  guint n;

  g_return_if_fail (GW_IS_PLAN_PANEL (self));

  n = g_hash_table_size (self->pending);
  if (n == 0 || self->target < 0)
    {
      g_hash_table_remove_all (self->pending);
      return;
    }
  units = (guint *) g_hash_table_get_keys_as_array (self->pending, NULL);
  for (guint i = 0; i < n; i++)
    units[i] = GPOINTER_TO_UINT (((gpointer *) units)[i]);
  g_hash_table_remove_all (self->pending);
  if (!gw_plan_move_units (self->plan, units, n, self->target, &error))
    {
      say_error (self, error);
      update_paint (self);
    }
}

void
gw_plan_panel_split (GwPlanPanel *self,
                     double       longitude0,
                     double       latitude0,
                     double       longitude1,
                     double       latitude1)
{
  g_autoptr (GError) error = NULL;
  double x0, y0, x1, y1;
  gint key;

  g_return_if_fail (GW_IS_PLAN_PANEL (self));

  if (self->plan == NULL || self->target < 0)
    return;
  gw_plan_lonlat_to_local (self->plan, longitude0, latitude0, &x0, &y0);
  gw_plan_lonlat_to_local (self->plan, longitude1, latitude1, &x1, &y1);
  key = gw_plan_split (self->plan, self->target, x0, y0, x1, y1, &error);
  if (key < 0)
    say_error (self, error);
  else
    gw_plan_panel_set_target (self, key);
}

/* }}} */
/* {{{ Commands */

gboolean
gw_plan_panel_undo (GwPlanPanel *self)
{
  g_return_val_if_fail (GW_IS_PLAN_PANEL (self), FALSE);

  return self->plan != NULL && gw_plan_undo (self->plan);
}

gboolean
gw_plan_panel_redo (GwPlanPanel *self)
{
  g_return_val_if_fail (GW_IS_PLAN_PANEL (self), FALSE);

  return self->plan != NULL && gw_plan_redo (self->plan);
}

gboolean
gw_plan_panel_suggest (GwPlanPanel *self,
                       gboolean     from_scratch)
{
  g_autoptr (GError) error = NULL;
  GwPlanSuggestOptions options = { 0, from_scratch, 1, GW_PLAN_ROAD_MAIN };
  GwPartitionReport report;
  g_autofree char *message = NULL;
  gint64 community;

  g_return_val_if_fail (GW_IS_PLAN_PANEL (self), FALSE);

  if (self->plan == NULL || self->target < 0)
    return FALSE;
  community = g_array_index (gw_plan_get_data (self->plan)->grids, GwPlanGrid,
                             self->target).community_id;
  if (!gw_plan_suggest (self->plan, community, &options, &report, &error))
    {
      say_error (self, error);
      return FALSE;
    }
  message = g_strdup_printf (_("Suggested %u grids for %s: %u inside the band, %u lots changed. "
                               "Undo takes it back."),
                             report.n_grids - report.n_empty, row_at (self, self->target)->community,
                             report.n_inside_band, report.n_changed);
  say (self, message);
  return TRUE;
}

gboolean
gw_plan_panel_commit (GwPlanPanel  *self,
                      GError      **error)
{
  GwPlanCommitReport report = { 0 };
  g_autofree char *message = NULL;

  g_return_val_if_fail (GW_IS_PLAN_PANEL (self), FALSE);

  if (self->plan == NULL || self->project == NULL)
    return FALSE;
  g_clear_handle_id (&self->save_id, g_source_remove);
  if (!gw_plan_commit (self->plan, gw_project_get_store (self->project),
                       gw_project_get_user (self->project), &report, error))
    return FALSE;
  message = g_strdup_printf (_("Plan committed: %u grids changed, %u new, %u retired; %u open "
                               "cases followed their place. %u grids have no worker team."),
                             report.grids_changed, report.grids_new, report.grids_retired,
                             report.cases_moved, report.without_team->len);
  gw_plan_commit_report_clear (&report);
  fill_dropdown (self, gw_plan_get_id (self->plan));
  refresh (self);
  g_signal_emit (self, signals[COMMITTED], 0);
  say (self, message);
  return TRUE;
}

static void
on_commit_response (AdwMessageDialog *dialog,
                    const char       *response,
                    GwPlanPanel      *self)
{
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "commit") == 0 && !gw_plan_panel_commit (self, &error))
    say_error (self, error);
}

static void
on_commit_clicked (GwPlanPanel *self)
{
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GString) body = g_string_new (self->summary);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  if (self->plan == NULL)
    return;
  problems = gw_plan_get_problems (self->plan);
  g_string_append (body, "\n\n");
  g_string_append (body, problems->len == 0
                         ? _("The live grids become this draft's; the old ones stay in the history.")
                         : _("Grids outside the band are committed as they are; islands and lots "
                             "in no grid stop the commit."));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (root),
                                                       _("Commit the Plan?"), body->str));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "commit", _("_Commit"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "commit", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_commit_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_grid_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       data)
{
  GwPlanPanel *self = data;
  gint64 community;

  if (self->plan == NULL || self->target < 0)
    return;
  community = g_array_index (gw_plan_get_data (self->plan)->grids, GwPlanGrid,
                             self->target).community_id;
  gw_plan_panel_set_target (self, gw_plan_add_grid (self->plan, community));
}

static void
dissolve_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       data)
{
  GwPlanPanel *self = data;
  g_autoptr (GError) error = NULL;

  if (self->plan != NULL && self->target >= 0
      && !gw_plan_dissolve (self->plan, self->target, &error))
    say_error (self, error);
}

static void
lock_action (GSimpleAction *action,
             GVariant      *state,
             gpointer       data)
{
  GwPlanPanel *self = data;

  if (self->plan != NULL && self->target >= 0)
    gw_plan_set_locked (self->plan, self->target, g_variant_get_boolean (state));
}

static void
suggest_scratch_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       data)
{
  gw_plan_panel_suggest (data, TRUE);
}

static void
on_suggest_clicked (GwPlanPanel *self)
{
  gw_plan_panel_suggest (self, FALSE);
}

guint
gw_plan_panel_get_n_rows (GwPlanPanel *self)
{
  g_return_val_if_fail (GW_IS_PLAN_PANEL (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->rows));
}

const char *
gw_plan_panel_get_summary (GwPlanPanel *self)
{
  g_return_val_if_fail (GW_IS_PLAN_PANEL (self), NULL);

  return self->summary;
}

/* }}} */
/* {{{ Object */

static void
gw_plan_panel_dispose (GObject *object)
{
  GwPlanPanel *self = GW_PLAN_PANEL (object);

  if (self->save_id != 0)
    {
      g_autoptr (GError) error = NULL;

      if (!gw_plan_panel_save (self, &error))
        g_warning ("Could not save the draft: %s", error->message);
    }
  if (self->plan != NULL)
    g_clear_signal_handler (&self->plan_changed_id, self->plan);
  g_clear_object (&self->plan);
  g_clear_object (&self->project);
  g_clear_pointer (&self->infos, g_ptr_array_unref);
  g_clear_object (&self->actions);
  gtk_widget_dispose_template (GTK_WIDGET (object), GW_TYPE_PLAN_PANEL);
  G_OBJECT_CLASS (gw_plan_panel_parent_class)->dispose (object);
}

static void
gw_plan_panel_finalize (GObject *object)
{
  GwPlanPanel *self = GW_PLAN_PANEL (object);

  g_clear_pointer (&self->paint, g_hash_table_unref);
  g_hash_table_unref (self->pending);
  g_free (self->summary);
  G_OBJECT_CLASS (gw_plan_panel_parent_class)->finalize (object);
}

static void
gw_plan_panel_class_init (GwPlanPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_plan_panel_dispose;
  object_class->finalize = gw_plan_panel_finalize;

  /* The lots' colours changed: the map draws them again. */
  signals[PAINT_CHANGED] = g_signal_new ("paint-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 0);
  /* Something to tell the user (a refusal, what a suggestion did). */
  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* A plan became the live grids: the map and lists are to be read again. */
  signals[COMMITTED] = g_signal_new ("committed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                     NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-plan-panel.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, GwPlanPanel, box);
  gtk_widget_class_bind_template_child (widget_class, GwPlanPanel, plan_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GwPlanPanel, new_button);
  gtk_widget_class_bind_template_child (widget_class, GwPlanPanel, branch_button);
  gtk_widget_class_bind_template_child (widget_class, GwPlanPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, GwPlanPanel, legend_box);
  gtk_widget_class_bind_template_child (widget_class, GwPlanPanel, paint_button);
  gtk_widget_class_bind_template_child (widget_class, GwPlanPanel, split_button);
  gtk_widget_class_bind_template_child (widget_class, GwPlanPanel, merge_button);
  gtk_widget_class_bind_template_child (widget_class, GwPlanPanel, more_button);
  gtk_widget_class_bind_template_child (widget_class, GwPlanPanel, undo_button);
  gtk_widget_class_bind_template_child (widget_class, GwPlanPanel, redo_button);
  gtk_widget_class_bind_template_child (widget_class, GwPlanPanel, suggest_button);
  gtk_widget_class_bind_template_child (widget_class, GwPlanPanel, commit_button);
  gtk_widget_class_bind_template_child (widget_class, GwPlanPanel, table);
  gtk_widget_class_bind_template_child (widget_class, GwPlanPanel, problems_label);
}

static const GActionEntry plan_entries[] = {
  { "new-grid", new_grid_action },
  { "dissolve", dissolve_action },
  { "lock", NULL, NULL, "false", lock_action },
  { "suggest-scratch", suggest_scratch_action },
};

static void
gw_plan_panel_init (GwPlanPanel *self)
{
  self->target = -1;
  self->pending = g_hash_table_new (NULL, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_list_store_new (GW_TYPE_PLAN_GRID_ITEM);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->rows));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->table, GTK_SELECTION_MODEL (self->selection));
  g_object_unref (self->selection);
  g_signal_connect_swapped (self->selection, "notify::selected",
                            G_CALLBACK (on_selection_changed), self);
  add_columns (self);
  add_legend (self);

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), plan_entries,
                                   G_N_ELEMENTS (plan_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "plan", G_ACTION_GROUP (self->actions));
  {
    g_autoptr (GMenu) menu = g_menu_new ();
    g_autoptr (GMenu) grid = g_menu_new ();
    g_autoptr (GMenu) community = g_menu_new ();

    g_menu_append (grid, _("_New Grid"), "plan.new-grid");
    g_menu_append (grid, _("_Dissolve the Grid"), "plan.dissolve");
    g_menu_append (grid, _("_Lock the Grid"), "plan.lock");
    g_menu_append (community, _("Redraw This Community from _Scratch"), "plan.suggest-scratch");
    g_menu_append_section (menu, NULL, G_MENU_MODEL (grid));
    g_menu_append_section (menu, NULL, G_MENU_MODEL (community));
    gtk_menu_button_set_menu_model (self->more_button, G_MENU_MODEL (menu));
  }

  g_signal_connect_swapped (self->plan_dropdown, "notify::selected",
                            G_CALLBACK (on_dropdown_selected), self);
  g_signal_connect_swapped (self->new_button, "clicked", G_CALLBACK (on_new_clicked), self);
  g_signal_connect_swapped (self->branch_button, "clicked", G_CALLBACK (on_new_clicked), self);
  g_signal_connect_swapped (self->paint_button, "toggled", G_CALLBACK (on_tool_toggled), self);
  g_signal_connect_swapped (self->split_button, "toggled", G_CALLBACK (on_tool_toggled), self);
  g_signal_connect_swapped (self->merge_button, "toggled", G_CALLBACK (on_tool_toggled), self);
  g_signal_connect_swapped (self->undo_button, "clicked", G_CALLBACK (gw_plan_panel_undo), self);
  g_signal_connect_swapped (self->redo_button, "clicked", G_CALLBACK (gw_plan_panel_redo), self);
  g_signal_connect_swapped (self->suggest_button, "clicked", G_CALLBACK (on_suggest_clicked), self);
  g_signal_connect_swapped (self->commit_button, "clicked", G_CALLBACK (on_commit_clicked), self);
  refresh (self);
}

GwPlanPanel *
gw_plan_panel_new (void)
{
  return g_object_new (GW_TYPE_PLAN_PANEL, NULL);
}

/* }}} */
