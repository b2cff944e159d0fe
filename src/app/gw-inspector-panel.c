/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-inspector-panel"

#include "config.h"

#include <inttypes.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gw-domain.h"
#include "gw-household-list.h"
#include "gw-inspector-panel.h"
#include "gw-inspector-summary.h"
#include "gw-util.h"
#include "gw-worker-list.h"

/* The side panel: what a clicked grid or building holds — figures, the
 * responsible workers, the households and the open cases. Every figure comes
 * from the core's inspector queries; the panel only arranges them. */

struct _GwInspectorPanel
{
  GtkWidget           parent_instance;

  GwStore            *store;
  GwInspectorShowing  showing;
  gint64              shown_id;
  gint64              n_households;
  int                 band_min;
  int                 band_max;

  GListStore         *cases;            /* of GwCaseSummary */
  GtkSortListModel   *sorted_cases;
  GtkSelectionModel  *case_selection;

  GtkStack           *stack;
  AdwLeaflet         *leaflet;
  GtkLabel           *kind_label;
  GtkLabel           *title_label;
  GtkLabel           *subtitle_label;
  GtkLabel           *band_label;
  AdwViewStack       *view_stack;
  AdwViewStackPage   *cases_stack_page;
  GwInspectorSummary *summary;
  GwWorkerList       *worker_list;
  GwHouseholdList    *household_list;
  GtkStack           *cases_stack;
  GtkColumnView      *case_view;
  GwHouseholdPage    *household_page;
  GtkWidget          *case_menu;        /* context menu of a case row */
};

G_DEFINE_FINAL_TYPE (GwInspectorPanel, gw_inspector_panel, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_GRID_ACTIVATED,
  SIGNAL_CASE_ACTIVATED,
  SIGNAL_CASES_DROPPED,
  SIGNAL_CASES_DRAG,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* {{{ Header */

static void
update_band (GwInspectorPanel *self)
{
  g_autofree char *text = NULL;
  const char *css_class;
  int status;

  gtk_widget_remove_css_class (GTK_WIDGET (self->band_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->band_label), "warning");

  if (self->showing != GW_INSPECTOR_SHOWING_GRID)
    {
      gtk_label_set_text (self->band_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->band_label), FALSE);
      return;
    }

  status = gw_household_band_status (self->n_households, self->band_min, self->band_max);
  if (status < 0)
    text = g_strdup_printf (_("Below %d households"), self->band_min);
  else if (status > 0)
    text = g_strdup_printf (_("Above %d households"), self->band_max);
  else
    /* Translators: the grid's household count is inside the target band, e.g. "150–300" */
    text = g_strdup_printf (_("In band %d–%d"), self->band_min, self->band_max);
  css_class = status == 0 ? "success" : "warning";

  gtk_label_set_text (self->band_label, text);
  gtk_widget_add_css_class (GTK_WIDGET (self->band_label), css_class);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->band_label),
                               _("Target number of households per grid"));
  gtk_widget_set_visible (GTK_WIDGET (self->band_label), TRUE);
}

/* }}} */
/* {{{ Household page */

/* A household opened from the list: its members, on a page of their own. */
static void
on_household_activated (GwInspectorPanel *self,
                        GwHousehold      *household)
{
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  if (!gw_household_page_show (self->household_page, self->store, household, &error))
    {
      g_warning ("Could not show household %" PRId64 ": %s",
                 household->id, error->message);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->household_page));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GwInspectorPanel *self = GW_INSPECTOR_PANEL (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* }}} */
/* {{{ Open cases */

static GtkOrdering
ordering (int cmp)
{
  return cmp < 0 ? GTK_ORDERING_SMALLER : cmp > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

/* }}} */
/* {{{ Column view cells */

typedef enum
{
  CELL_CASE_CATEGORY,
  CELL_CASE_TIER,
  CELL_CASE_STATUS,
  CELL_CASE_AGE,
  CELL_CASE_DEADLINE,
} CellKind;

static void
setup_label_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  CellKind kind = GPOINTER_TO_INT (user_data);
  GtkWidget *child;

  child = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (child), kind == CELL_CASE_AGE ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (child), PANGO_ELLIPSIZE_END);
  if (kind == CELL_CASE_AGE || kind == CELL_CASE_DEADLINE)
    gtk_widget_add_css_class (child, "numeric");
  if (kind == CELL_CASE_TIER)
    {
      gtk_widget_add_css_class (child, "tag");
      gtk_widget_set_halign (child, GTK_ALIGN_START);
    }
  gtk_list_item_set_child (item, child);
}

static char *
format_age (double age_days)
{
  if (age_days < 1.0)
    {
      int hours = MAX (0, (int) (age_days * 24.0));
      return g_strdup_printf (ngettext ("%d hour", "%d hours", hours), hours);
    }
  return g_strdup_printf (ngettext ("%d day", "%d days", (int) age_days), (int) age_days);
}

/* "2026-11-20 17:30:00" → "11-20 17:30": the year is this year's. */
static char *
format_deadline (const char *deadline)
{
  if (deadline == NULL || *deadline == '\0')
    return g_strdup ("—");
  if (strlen (deadline) >= 16)
    return g_strndup (deadline + 5, 11);
  return g_strdup (deadline);
}

static void
bind_case_cell (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  CellKind kind = GPOINTER_TO_INT (user_data);
  GwCaseSummary *summary = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;

  switch (kind)
    {
    case CELL_CASE_CATEGORY:
      gtk_label_set_text (GTK_LABEL (child), gw_case_category_label (summary->category));
      text = g_strdup_printf ("%s%s%s\n%s%s%s",
                              summary->code ? summary->code : "",
                              summary->subcategory && *summary->subcategory ? " · " : "",
                              summary->subcategory ? summary->subcategory : "",
                              summary->description ? summary->description : "",
                              summary->assignee && *summary->assignee ? "\n→ " : "",
                              summary->assignee ? summary->assignee : "");
      gtk_widget_set_tooltip_text (child, text);
      break;

    case CELL_CASE_TIER:
      gtk_widget_remove_css_class (child, "tier-a");
      gtk_widget_remove_css_class (child, "tier-b");
      gtk_widget_remove_css_class (child, "tier-c");
      if (summary->tier != NULL && *summary->tier != '\0')
        {
          g_autofree char *css_class = g_strdup_printf ("tier-%c",
                                                        g_ascii_tolower (summary->tier[0]));
          gtk_widget_add_css_class (child, css_class);
        }
      gtk_label_set_text (GTK_LABEL (child), summary->tier);
      break;

    case CELL_CASE_STATUS:
      gtk_label_set_text (GTK_LABEL (child), gw_case_status_label (summary->status));
      break;

    case CELL_CASE_AGE:
      text = format_age (summary->age_days);
      gtk_label_set_text (GTK_LABEL (child), text);
      gtk_widget_set_tooltip_text (child, summary->reported_at);
      break;

    case CELL_CASE_DEADLINE:
      text = format_deadline (summary->deadline_at);
      gtk_label_set_text (GTK_LABEL (child), text);
      if (summary->overdue)
        {
          gtk_widget_add_css_class (child, "error");
          gtk_widget_set_tooltip_text (child, _("Overdue"));
        }
      else
        {
          gtk_widget_remove_css_class (child, "error");
          gtk_widget_set_tooltip_text (child, summary->deadline_at);
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

static int
compare_case_category (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const GwCaseSummary *ca = a, *cb = b;

  return ordering (g_utf8_collate (gw_case_category_label (ca->category),
                                   gw_case_category_label (cb->category)));
}

static int
compare_case_tier (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const GwCaseSummary *ca = a, *cb = b;

  return ordering (g_strcmp0 (ca->tier, cb->tier));
}

static int
compare_case_status (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const GwCaseSummary *ca = a, *cb = b;

  return ordering (g_utf8_collate (gw_case_status_label (ca->status),
                                   gw_case_status_label (cb->status)));
}

static int
compare_case_age (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const GwCaseSummary *ca = a, *cb = b;

  return ordering ((ca->age_days > cb->age_days) - (ca->age_days < cb->age_days));
}

/* Cases without a deadline sort last. */
static int
compare_case_deadline (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const GwCaseSummary *ca = a, *cb = b;

  if (ca->deadline_at == NULL || cb->deadline_at == NULL)
    return ordering ((ca->deadline_at == NULL) - (cb->deadline_at == NULL));
  return ordering (strcmp (ca->deadline_at, cb->deadline_at));
}

/* {{{ Dragging cases and their context menu */

/* The dragged row's case, or the whole selection when the row is part of it
 * (several cases dropped at once). */
static GwCaseDrag *
drag_for_item (GwInspectorPanel *self,
               GtkListItem      *item)
{
  GwCaseSummary *summary = gtk_list_item_get_item (item);
  guint position = gtk_list_item_get_position (item);

  if (summary == NULL)
    return NULL;
  if (gtk_selection_model_is_selected (self->case_selection, position))
    {
      GwCaseDrag *selected = gw_inspector_panel_dup_selected_cases (self);

      if (selected != NULL)
        return selected;
    }
  return gw_case_drag_new (1, &summary->id, &summary->version);
}

static GdkContentProvider *
on_case_drag_prepare (GtkDragSource *source,
                      double         x,
                      double         y,
                      GtkListItem   *item)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  GtkWidget *panel = gtk_widget_get_ancestor (widget, GW_TYPE_INSPECTOR_PANEL);
  g_autoptr (GwCaseDrag) drag = NULL;
  GdkContentProvider *content;

  if (panel == NULL)
    return NULL;
  drag = drag_for_item (GW_INSPECTOR_PANEL (panel), item);
  if (drag == NULL)
    return NULL;
  content = gw_case_drag_content (drag);
  g_object_set_data_full (G_OBJECT (source), "gw-case-drag", g_steal_pointer (&drag),
                          (GDestroyNotify) gw_case_drag_free);
  return content;
}

/* The drag icon names what is carried: a code, or how many cases. */
static void
on_case_drag_begin (GtkDragSource *source,
                    GdkDrag       *drag,
                    GtkListItem   *item)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  GtkWidget *panel = gtk_widget_get_ancestor (widget, GW_TYPE_INSPECTOR_PANEL);
  const GwCaseDrag *carried = g_object_get_data (G_OBJECT (source), "gw-case-drag");
  GwCaseSummary *summary = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;
  GtkWidget *label;

  if (carried != NULL && carried->n_cases > 1)
    text = g_strdup_printf (ngettext ("%u case", "%u cases", carried->n_cases), carried->n_cases);
  else if (summary != NULL)
    text = g_strdup_printf ("%s · %s", summary->code, gw_case_category_label (summary->category));
  label = gtk_label_new (text);
  gtk_widget_add_css_class (label, "osd");
  gtk_widget_add_css_class (label, "drag-icon");
  gtk_widget_set_margin_start (label, 2);
  gtk_drag_icon_set_child (GTK_DRAG_ICON (gtk_drag_icon_get_for_drag (drag)), label);
  if (panel != NULL)
    g_signal_emit (panel, signals[SIGNAL_CASES_DRAG], 0, TRUE);
}

static void
on_case_drag_end (GtkDragSource *source,
                  GdkDrag       *drag,
                  gboolean       delete_data,
                  GtkListItem   *item)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  GtkWidget *panel = gtk_widget_get_ancestor (widget, GW_TYPE_INSPECTOR_PANEL);

  if (panel != NULL)
    g_signal_emit (panel, signals[SIGNAL_CASES_DRAG], 0, FALSE);
}

/* Right-click on a case: Open, Reroute…; the menu is the panel's own. */
static void
on_case_secondary_pressed (GtkGestureClick *gesture,
                           int              n_press,
                           double           x,
                           double           y,
                           GtkListItem     *item)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget *panel_widget = gtk_widget_get_ancestor (widget, GW_TYPE_INSPECTOR_PANEL);
  GwCaseSummary *summary = gtk_list_item_get_item (item);
  GwInspectorPanel *self;
  g_autoptr (GMenu) menu = NULL;
  g_autoptr (GMenuItem) open = NULL;
  g_autoptr (GMenuItem) reroute = NULL;
  graphene_point_t point;

  if (panel_widget == NULL || summary == NULL)
    return;
  self = GW_INSPECTOR_PANEL (panel_widget);
  menu = g_menu_new ();
  open = g_menu_item_new (_("_Open"), NULL);
  g_menu_item_set_action_and_target (open, "win.open-case", "x", summary->id);
  reroute = g_menu_item_new (_("_Reroute…"), NULL);
  g_menu_item_set_action_and_target (reroute, "win.reroute-case", "x", summary->id);
  g_menu_item_set_attribute (reroute, "accel", "s", "<Control>r");
  g_menu_append_item (menu, open);
  g_menu_append_item (menu, reroute);

  if (self->case_menu == NULL)
    {
      self->case_menu = gtk_popover_menu_new_from_model (NULL);
      gtk_popover_set_has_arrow (GTK_POPOVER (self->case_menu), FALSE);
      gtk_widget_set_halign (self->case_menu, GTK_ALIGN_START);
      gtk_widget_set_parent (self->case_menu, GTK_WIDGET (self));
    }
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->case_menu), G_MENU_MODEL (menu));
  if (!gtk_widget_compute_point (widget, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (x, y), &point))
    return;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->case_menu),
                               &(GdkRectangle) { (int) point.x, (int) point.y, 1, 1 });
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_popover_popup (GTK_POPOVER (self->case_menu));
}

static void
setup_case_cell_interaction (GtkSignalListItemFactory *factory,
                             GtkListItem              *item,
                             gpointer                  user_data)
{
  GtkWidget *child = gtk_list_item_get_child (item);
  GtkDragSource *source = gtk_drag_source_new ();
  GtkGesture *secondary = gtk_gesture_click_new ();

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (on_case_drag_prepare), item);
  g_signal_connect (source, "drag-begin", G_CALLBACK (on_case_drag_begin), item);
  g_signal_connect (source, "drag-end", G_CALLBACK (on_case_drag_end), item);
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (source), "gw-case-drag");
  gtk_widget_add_controller (child, GTK_EVENT_CONTROLLER (source));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  g_signal_connect (secondary, "pressed", G_CALLBACK (on_case_secondary_pressed), item);
  gtk_widget_add_controller (child, GTK_EVENT_CONTROLLER (secondary));
}

static void
on_case_activate (GtkColumnView    *view,
                  guint             position,
                  GwInspectorPanel *self)
{
  g_autoptr (GwCaseSummary) summary = g_list_model_get_item (G_LIST_MODEL (self->sorted_cases),
                                                             position);

  if (summary != NULL)
    g_signal_emit (self, signals[SIGNAL_CASE_ACTIVATED], 0, summary->id);
}

/* }}} */

static void
add_column (GtkColumnView    *view,
            const char       *title,
            CellKind          kind,
            GCallback         bind,
            GCompareDataFunc  compare,
            gboolean          expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cell), GINT_TO_POINTER (kind));
  g_signal_connect (factory, "bind", bind, GINT_TO_POINTER (kind));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_case_cell_interaction), NULL);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  if (compare != NULL)
    gtk_column_view_column_set_sorter (column,
                                       GTK_SORTER (gtk_custom_sorter_new (compare, NULL, NULL)));
  gtk_column_view_append_column (view, column);
}

/* }}} */
/* GTK 4.8 list views keep up to 200 row widgets alive and rebuild them when
 * the model is replaced, so a list is connected to its model only while its
 * page is shown: a click on the map then never pays for hidden rows. */
static void
attach_visible_lists (GwInspectorPanel *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);
  GtkSelectionModel *cases = NULL;

  gw_household_list_set_shown (self->household_list, g_strcmp0 (page, "households") == 0);
  if (g_strcmp0 (page, "cases") == 0)
    cases = self->case_selection;

  if (gtk_column_view_get_model (self->case_view) != cases)
    gtk_column_view_set_model (self->case_view, cases);
}

/* {{{ Cases */

static gboolean
fill_cases (GwInspectorPanel  *self,
            gint64             grid_id,
            GDateTime         *now,
            GError           **error)
{
  g_autoptr(GPtrArray) cases = NULL;

  cases = gw_inspector_open_cases (self->store, grid_id, now, error);
  if (cases == NULL)
    return FALSE;

  gtk_column_view_sort_by_column (self->case_view, NULL, GTK_SORT_ASCENDING);
  g_list_store_splice (self->cases, 0, g_list_model_get_n_items (G_LIST_MODEL (self->cases)),
                       cases->pdata, cases->len);
  gtk_stack_set_visible_child_name (self->cases_stack, cases->len > 0 ? "list" : "none");
  return TRUE;
}

/* }}} */

/* Cases dropped on a worker: the window reroutes them. */
static void
on_worker_list_cases_dropped (GwInspectorPanel *self,
                              const GwCaseDrag *drag,
                              int               kind,
                              gint64            worker_id)
{
  g_signal_emit (self, signals[SIGNAL_CASES_DROPPED], 0, drag, kind, worker_id);
}

/* From a building to its grid: the window shows the grid. */
static void
on_summary_grid_activated (GwInspectorPanel *self,
                           gint64            grid_id)
{
  if (self->showing == GW_INSPECTOR_SHOWING_BUILDING)
    g_signal_emit (self, signals[SIGNAL_GRID_ACTIVATED], 0, grid_id);
}

static void
begin_showing (GwInspectorPanel   *self,
               GwStore            *store,
               GwInspectorShowing  showing,
               gint64              id)
{
  g_set_object (&self->store, store);
  self->showing = showing;
  self->shown_id = id;
  adw_leaflet_set_visible_child_name (self->leaflet, "main");
}

static void
fail_showing (GwInspectorPanel *self)
{
  gw_inspector_panel_clear (self);
}

/**
 * gw_inspector_panel_show_grid:
 * @self: a #GwInspectorPanel
 * @store: the open street database
 * @grid_id: the grid to show
 * @error: return location for a #GError
 *
 * Shows a grid's summary, workers, households and open cases.
 */
gboolean
gw_inspector_panel_show_grid (GwInspectorPanel  *self,
                              GwStore           *store,
                              gint64             grid_id,
                              GError           **error)
{
  g_autoptr(GDateTime) now = gw_now ();
  g_autoptr(GwGridSummary) summary = NULL;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), FALSE);
  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  summary = gw_inspector_grid_summary (store, grid_id, now, error);
  if (summary == NULL)
    return FALSE;

  begin_showing (self, store, GW_INSPECTOR_SHOWING_GRID, grid_id);
  self->n_households = summary->n_households;

  gtk_label_set_text (self->kind_label, _("Grid"));
  gtk_label_set_text (self->title_label, summary->code);
  if (summary->name != NULL && *summary->name != '\0')
    subtitle = g_strdup_printf ("%s · %s", summary->name, summary->community_name);
  else
    subtitle = g_strdup (summary->community_name);
  gtk_label_set_text (self->subtitle_label, subtitle);
  update_band (self);

  gw_inspector_summary_show_grid (self->summary, summary, self->band_min, self->band_max);

  adw_view_stack_page_set_visible (self->cases_stack_page, TRUE);
  adw_view_stack_page_set_badge_number (self->cases_stack_page, (guint) summary->n_open_cases);
  adw_view_stack_page_set_needs_attention (self->cases_stack_page, summary->n_overdue_cases > 0);

  if (!gw_worker_list_show (self->worker_list, store, grid_id, error)
      || !gw_household_list_show (self->household_list, store, grid_id, 0, error)
      || !fill_cases (self, grid_id, now, error))
    {
      fail_showing (self);
      return FALSE;
    }

  gtk_stack_set_visible_child_name (self->stack, "feature");
  return TRUE;
}

/**
 * gw_inspector_panel_show_building:
 * @self: a #GwInspectorPanel
 * @store: the open street database
 * @building_id: the building to show
 * @error: return location for a #GError
 *
 * Shows a building's summary, its grid's workers and its households.
 */
gboolean
gw_inspector_panel_show_building (GwInspectorPanel  *self,
                                  GwStore           *store,
                                  gint64             building_id,
                                  GError           **error)
{
  g_autoptr(GwBuildingSummary) summary = NULL;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), FALSE);
  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  summary = gw_inspector_building_summary (store, building_id, error);
  if (summary == NULL)
    return FALSE;

  begin_showing (self, store, GW_INSPECTOR_SHOWING_BUILDING, building_id);
  self->n_households = summary->n_households;

  gtk_label_set_text (self->kind_label, _("Building"));
  gtk_label_set_text (self->title_label, summary->name);
  if (summary->lot_name != NULL && *summary->lot_name != '\0')
    subtitle = g_strdup_printf ("%s · %s", summary->address ? summary->address : "",
                                summary->lot_name);
  else
    subtitle = g_strdup (summary->address);
  gtk_label_set_text (self->subtitle_label, subtitle);
  update_band (self);

  gw_inspector_summary_show_building (self->summary, summary);

  /* Cases are located by point and belong to grids, not buildings. */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "cases") == 0)
    adw_view_stack_set_visible_child_name (self->view_stack, "overview");
  adw_view_stack_page_set_visible (self->cases_stack_page, FALSE);
  g_list_store_remove_all (self->cases);

  if (!gw_worker_list_show (self->worker_list, store, summary->grid_id, error)
      || !gw_household_list_show (self->household_list, store, 0, building_id, error))
    {
      fail_showing (self);
      return FALSE;
    }

  gtk_stack_set_visible_child_name (self->stack, "feature");
  return TRUE;
}

/**
 * gw_inspector_panel_clear:
 * @self: a #GwInspectorPanel
 *
 * Shows the "click a grid" page and lets go of the shown feature.
 */
void
gw_inspector_panel_clear (GwInspectorPanel *self)
{
  g_return_if_fail (GW_IS_INSPECTOR_PANEL (self));

  self->showing = GW_INSPECTOR_SHOWING_NOTHING;
  self->shown_id = 0;
  self->n_households = 0;
  gw_inspector_summary_clear (self->summary);
  gw_worker_list_clear (self->worker_list);
  gw_household_list_clear (self->household_list);
  g_list_store_remove_all (self->cases);
  gtk_label_set_text (self->title_label, "");
  update_band (self);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

void
gw_inspector_panel_set_band (GwInspectorPanel *self,
                             int               band_min,
                             int               band_max)
{
  g_return_if_fail (GW_IS_INSPECTOR_PANEL (self));

  self->band_min = band_min;
  self->band_max = band_max;
  update_band (self);
}

void
gw_inspector_panel_focus_search (GwInspectorPanel *self)
{
  g_return_if_fail (GW_IS_INSPECTOR_PANEL (self));

  if (self->showing == GW_INSPECTOR_SHOWING_NOTHING)
    return;
  adw_leaflet_set_visible_child_name (self->leaflet, "main");
  adw_view_stack_set_visible_child_name (self->view_stack, "households");
  gw_household_list_focus_search (self->household_list);
}

GwInspectorShowing
gw_inspector_panel_get_showing (GwInspectorPanel *self,
                                gint64           *id)
{
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), GW_INSPECTOR_SHOWING_NOTHING);

  if (id != NULL)
    *id = self->shown_id;
  return self->showing;
}

/**
 * gw_inspector_panel_get_title:
 * @self: a #GwInspectorPanel
 *
 * Returns: the panel's heading: the grid code or the building name
 */
const char *
gw_inspector_panel_get_title (GwInspectorPanel *self)
{
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), NULL);

  return gtk_label_get_text (self->title_label);
}

/**
 * gw_inspector_panel_get_household_count_text:
 * @self: a #GwInspectorPanel
 *
 * Returns: the "Households" figure of the summary as shown ("1,024"), or
 *   %NULL when nothing is shown
 */
const char *
gw_inspector_panel_get_household_count_text (GwInspectorPanel *self)
{
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), NULL);

  return gw_inspector_summary_get_household_count_text (self->summary);
}

/**
 * gw_inspector_panel_get_band_text:
 * @self: a #GwInspectorPanel
 *
 * Returns: the target band pill's text; "" unless a grid is shown
 */
const char *
gw_inspector_panel_get_band_text (GwInspectorPanel *self)
{
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), NULL);

  return gtk_label_get_text (self->band_label);
}

/**
 * gw_inspector_panel_dup_worker_names:
 * @self: a #GwInspectorPanel
 *
 * Returns: (transfer full): the titles of the worker rows, in order
 */
char **
gw_inspector_panel_dup_worker_names (GwInspectorPanel *self)
{
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), NULL);

  return gw_worker_list_dup_names (self->worker_list);
}

/**
 * gw_inspector_panel_get_households:
 * @self: a #GwInspectorPanel
 *
 * The household rows as listed: searched and sorted. Items are #GwListSlot
 * holding a #GwHousehold; see gw_inspector_panel_get_household().
 *
 * Returns: (transfer none): the listed rows
 */
GListModel *
gw_inspector_panel_get_households (GwInspectorPanel *self)
{
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), NULL);

  return gw_household_list_get_households (self->household_list);
}

/**
 * gw_inspector_panel_get_household:
 * @self: a #GwInspectorPanel
 * @position: a row of the household list
 *
 * Returns: (transfer none) (nullable): the household listed at @position
 */
GwHousehold *
gw_inspector_panel_get_household (GwInspectorPanel *self,
                                  guint             position)
{
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), NULL);

  return gw_household_list_get_household (self->household_list, position);
}

/**
 * gw_inspector_panel_get_cases:
 * @self: a #GwInspectorPanel
 *
 * Returns: (transfer none): the #GwCaseSummary rows as listed
 */
GListModel *
gw_inspector_panel_get_cases (GwInspectorPanel *self)
{
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), NULL);

  return G_LIST_MODEL (self->sorted_cases);
}

/**
 * gw_inspector_panel_get_household_search:
 * @self: a #GwInspectorPanel
 *
 * Returns: (transfer none): the household search entry
 */
GtkEditable *
gw_inspector_panel_get_household_search (GwInspectorPanel *self)
{
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), NULL);

  return gw_household_list_get_search (self->household_list);
}

/**
 * gw_inspector_panel_get_household_view:
 * @self: a #GwInspectorPanel
 *
 * Returns: (transfer none): the household list
 */
GtkColumnView *
gw_inspector_panel_get_household_view (GwInspectorPanel *self)
{
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), NULL);

  return gw_household_list_get_view (self->household_list);
}

/**
 * gw_inspector_panel_get_household_page:
 * @self: a #GwInspectorPanel
 *
 * Returns: (transfer none): the page listing one household's members
 */
GwHouseholdPage *
gw_inspector_panel_get_household_page (GwInspectorPanel *self)
{
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), NULL);

  return self->household_page;
}

/**
 * gw_inspector_panel_dup_selected_cases:
 * @self: a #GwInspectorPanel
 *
 * Returns: (transfer full) (nullable): the selected open cases with the
 *   versions the list read, or %NULL when none is selected
 */
GwCaseDrag *
gw_inspector_panel_dup_selected_cases (GwInspectorPanel *self)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) versions = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n;

  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), NULL);

  if (self->showing != GW_INSPECTOR_SHOWING_GRID)
    return NULL;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted_cases));
  for (guint i = 0; i < n; i++)
    if (gtk_selection_model_is_selected (self->case_selection, i))
      {
        g_autoptr (GwCaseSummary) summary = g_list_model_get_item (G_LIST_MODEL (self->sorted_cases), i);

        g_array_append_val (ids, summary->id);
        g_array_append_val (versions, summary->version);
      }
  if (ids->len == 0)
    return NULL;
  return gw_case_drag_new (ids->len, (gint64 *) ids->data, (gint64 *) versions->data);
}

/**
 * gw_inspector_panel_select_case:
 * @self: a #GwInspectorPanel
 * @case_id: an open case of the shown grid
 * @extend: add to the selection instead of replacing it
 *
 * Selects a case of the open-cases list and shows that list.
 *
 * Returns: whether the case is listed
 */
gboolean
gw_inspector_panel_select_case (GwInspectorPanel *self,
                                gint64            case_id,
                                gboolean          extend)
{
  guint n;

  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted_cases));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GwCaseSummary) summary = g_list_model_get_item (G_LIST_MODEL (self->sorted_cases), i);

      if (summary->id == case_id)
        {
          adw_leaflet_set_visible_child_name (self->leaflet, "main");
          adw_view_stack_set_visible_child_name (self->view_stack, "cases");
          gtk_selection_model_select_item (self->case_selection, i, !extend);
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * gw_inspector_panel_get_worker_row:
 * @self: a #GwInspectorPanel
 * @worker_id: a worker of the shown grid
 *
 * Returns: (transfer none) (nullable): the worker's first row in the
 *   Workers list: a drop target for cases
 */
GtkWidget *
gw_inspector_panel_get_worker_row (GwInspectorPanel *self,
                                   gint64            worker_id)
{
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), NULL);

  return (GtkWidget *) gw_worker_list_get_row (self->worker_list, worker_id);
}

gboolean
gw_inspector_panel_is_showing_household (GwInspectorPanel *self)
{
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), FALSE);

  return self->showing != GW_INSPECTOR_SHOWING_NOTHING
         && adw_leaflet_get_visible_child (self->leaflet) == GTK_WIDGET (self->household_page);
}

static void
gw_inspector_panel_dispose (GObject *object)
{
  GwInspectorPanel *self = GW_INSPECTOR_PANEL (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_INSPECTOR_PANEL);
  self->case_menu = NULL;  /* a child: unparented below */
  /* Template children without an id are ours to unparent too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->case_selection);
  g_clear_object (&self->sorted_cases);
  g_clear_object (&self->cases);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gw_inspector_panel_parent_class)->dispose (object);
}

static void
gw_inspector_panel_class_init (GwInspectorPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_inspector_panel_dispose;

  g_type_ensure (GW_TYPE_HOUSEHOLD_PAGE);
  g_type_ensure (GW_TYPE_INSPECTOR_SUMMARY);
  g_type_ensure (GW_TYPE_WORKER_LIST);
  g_type_ensure (GW_TYPE_HOUSEHOLD_LIST);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-inspector-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, GwInspectorPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorPanel, leaflet);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorPanel, kind_label);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorPanel, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorPanel, band_label);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorPanel, view_stack);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorPanel, cases_stack_page);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorPanel, summary);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorPanel, worker_list);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorPanel, household_list);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorPanel, cases_stack);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorPanel, case_view);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorPanel, household_page);
  gtk_widget_class_bind_template_callback (widget_class, on_household_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_summary_grid_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_worker_list_cases_dropped);

  /**
   * GwInspectorPanel::grid-activated:
   * @self: the panel
   * @grid_id: the grid of the shown building
   *
   * The user asked to see the shown building's grid.
   */
  signals[SIGNAL_GRID_ACTIVATED] =
    g_signal_new ("grid-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * GwInspectorPanel::case-activated:
   * @self: the panel
   * @case_id: the case
   *
   * The user opened a case of the open-cases list.
   */
  signals[SIGNAL_CASE_ACTIVATED] =
    g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * GwInspectorPanel::cases-dropped:
   * @self: the panel
   * @drag: the #GwCaseDrag dropped on a worker row
   * @kind: %GW_REROUTE_TO_WORKER
   * @worker_id: the worker
   */
  signals[SIGNAL_CASES_DROPPED] =
    g_signal_new ("cases-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  GW_TYPE_CASE_DRAG | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_INT, G_TYPE_INT64);

  /**
   * GwInspectorPanel::cases-drag:
   * @self: the panel
   * @begin: %TRUE when cases start being dragged, %FALSE when the drag ends
   */
  signals[SIGNAL_CASES_DRAG] =
    g_signal_new ("cases-drag", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_install_action (widget_class, "inspector.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "inspector.back", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "inspector");
}

static void
gw_inspector_panel_init (GwInspectorPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->band_min = 150;
  self->band_max = 300;

  /* Open cases: store → column sorter → the view. */
  add_column (self->case_view, _("Category"), CELL_CASE_CATEGORY,
              G_CALLBACK (bind_case_cell), compare_case_category, TRUE);
  add_column (self->case_view, _("Tier"), CELL_CASE_TIER,
              G_CALLBACK (bind_case_cell), compare_case_tier, FALSE);
  add_column (self->case_view, _("Status"), CELL_CASE_STATUS,
              G_CALLBACK (bind_case_cell), compare_case_status, FALSE);
  add_column (self->case_view, _("Age"), CELL_CASE_AGE,
              G_CALLBACK (bind_case_cell), compare_case_age, FALSE);
  add_column (self->case_view, _("Deadline"), CELL_CASE_DEADLINE,
              G_CALLBACK (bind_case_cell), compare_case_deadline, FALSE);

  self->cases = g_list_store_new (GW_TYPE_CASE_SUMMARY);
  self->sorted_cases =
    gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->cases)),
                             g_object_ref (gtk_column_view_get_sorter (self->case_view)));
  /* Several cases can be selected and dragged, or rerouted with Ctrl+R. */
  self->case_selection =
    GTK_SELECTION_MODEL (gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->sorted_cases))));
  g_signal_connect (self->case_view, "activate", G_CALLBACK (on_case_activate), self);
  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (attach_visible_lists), self, G_CONNECT_SWAPPED);
  attach_visible_lists (self);

  update_band (self);
}

GtkWidget *
gw_inspector_panel_new (void)
{
  return g_object_new (GW_TYPE_INSPECTOR_PANEL, NULL);
}
