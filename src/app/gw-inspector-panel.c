/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-inspector-panel"

#include "config.h"

#include <inttypes.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gw-case-list.h"
#include "gw-household-list.h"
#include "gw-inspector-panel.h"
#include "gw-inspector-summary.h"
#include "gw-util.h"
#include "gw-worker-list.h"

/* The side panel: what a clicked grid or building holds — figures, the
 * responsible workers, the households and the open cases. Every figure comes
 * from the core's inspector queries; the panel's lists show them, and the
 * panel heads them, switches their tabs and opens a household's page. */

struct _GwInspectorPanel
{
  GtkWidget           parent_instance;

  GwStore            *store;
  GwInspectorShowing  showing;
  gint64              shown_id;
  gint64              n_households;
  int                 band_min;
  int                 band_max;

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
  GwCaseList         *case_list;
  GwHouseholdPage    *household_page;
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

/* The pill beside the subtitle: is the grid's household count in the band? */
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

/* {{{ What the lists report */

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

/* From a building to its grid: the window shows the grid. */
static void
on_summary_grid_activated (GwInspectorPanel *self,
                           gint64            grid_id)
{
  if (self->showing == GW_INSPECTOR_SHOWING_BUILDING)
    g_signal_emit (self, signals[SIGNAL_GRID_ACTIVATED], 0, grid_id);
}

/* Cases dropped on a worker: the window reroutes them. */
static void
on_worker_list_cases_dropped (GwInspectorPanel *self,
                              const GwCaseDrag *drag,
                              int               kind,
                              gint64            worker_id)
{
  g_signal_emit (self, signals[SIGNAL_CASES_DROPPED], 0, drag, kind, worker_id);
}

static void
on_case_activated (GwInspectorPanel *self,
                   gint64            case_id)
{
  g_signal_emit (self, signals[SIGNAL_CASE_ACTIVATED], 0, case_id);
}

/* The window highlights where cases can go while they are dragged. */
static void
on_cases_drag (GwInspectorPanel *self,
               gboolean          begin)
{
  g_signal_emit (self, signals[SIGNAL_CASES_DRAG], 0, begin);
}

/* Only the shown tab's list holds its rows (see gw_household_list_set_shown()). */
static void
attach_visible_lists (GwInspectorPanel *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->view_stack);

  gw_household_list_set_shown (self->household_list, g_strcmp0 (page, "households") == 0);
  gw_case_list_set_shown (self->case_list, g_strcmp0 (page, "cases") == 0);
}

/* }}} */

static void
begin_showing (GwInspectorPanel   *self,
               GwStore            *store,
               GwInspectorShowing  showing,
               gint64              id,
               gint64              n_households)
{
  g_set_object (&self->store, store);
  self->showing = showing;
  self->shown_id = id;
  self->n_households = n_households;
  adw_leaflet_set_visible_child_name (self->leaflet, "main");
  update_band (self);
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

  gtk_label_set_text (self->kind_label, _("Grid"));
  gtk_label_set_text (self->title_label, summary->code);
  if (summary->name != NULL && *summary->name != '\0')
    subtitle = g_strdup_printf ("%s · %s", summary->name, summary->community_name);
  else
    subtitle = g_strdup (summary->community_name);
  gtk_label_set_text (self->subtitle_label, subtitle);
  begin_showing (self, store, GW_INSPECTOR_SHOWING_GRID, grid_id, summary->n_households);

  gw_inspector_summary_show_grid (self->summary, summary, self->band_min, self->band_max);

  adw_view_stack_page_set_visible (self->cases_stack_page, TRUE);
  adw_view_stack_page_set_badge_number (self->cases_stack_page, (guint) summary->n_open_cases);
  adw_view_stack_page_set_needs_attention (self->cases_stack_page, summary->n_overdue_cases > 0);

  if (!gw_worker_list_show (self->worker_list, store, grid_id, error)
      || !gw_household_list_show (self->household_list, store, grid_id, 0, error)
      || !gw_case_list_show (self->case_list, store, grid_id, now, error))
    {
      gw_inspector_panel_clear (self);
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

  gtk_label_set_text (self->kind_label, _("Building"));
  gtk_label_set_text (self->title_label, summary->name);
  if (summary->lot_name != NULL && *summary->lot_name != '\0')
    subtitle = g_strdup_printf ("%s · %s", summary->address ? summary->address : "",
                                summary->lot_name);
  else
    subtitle = g_strdup (summary->address);
  gtk_label_set_text (self->subtitle_label, subtitle);
  begin_showing (self, store, GW_INSPECTOR_SHOWING_BUILDING, building_id, summary->n_households);

  gw_inspector_summary_show_building (self->summary, summary);

  /* Cases are located by point and belong to grids, not buildings. */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "cases") == 0)
    adw_view_stack_set_visible_child_name (self->view_stack, "overview");
  adw_view_stack_page_set_visible (self->cases_stack_page, FALSE);
  gw_case_list_clear (self->case_list);

  if (!gw_worker_list_show (self->worker_list, store, summary->grid_id, error)
      || !gw_household_list_show (self->household_list, store, 0, building_id, error))
    {
      gw_inspector_panel_clear (self);
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
  gw_case_list_clear (self->case_list);
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

/* {{{ What the panel shows, as a user reads it */

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
 * Returns: (transfer full): the names on the worker rows, in order
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

  return gw_case_list_get_cases (self->case_list);
}

GtkEditable *
gw_inspector_panel_get_household_search (GwInspectorPanel *self)
{
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), NULL);

  return gw_household_list_get_search (self->household_list);
}

GtkColumnView *
gw_inspector_panel_get_household_view (GwInspectorPanel *self)
{
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), NULL);

  return gw_household_list_get_view (self->household_list);
}

GwHouseholdPage *
gw_inspector_panel_get_household_page (GwInspectorPanel *self)
{
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), NULL);

  return self->household_page;
}

gboolean
gw_inspector_panel_is_showing_household (GwInspectorPanel *self)
{
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), FALSE);

  return self->showing != GW_INSPECTOR_SHOWING_NOTHING
         && adw_leaflet_get_visible_child (self->leaflet) == GTK_WIDGET (self->household_page);
}

/* The lists themselves, for tests and for whoever needs more than the above. */

GwInspectorSummary *
gw_inspector_panel_get_summary (GwInspectorPanel *self)
{
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), NULL);

  return self->summary;
}

GwWorkerList *
gw_inspector_panel_get_worker_list (GwInspectorPanel *self)
{
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), NULL);

  return self->worker_list;
}

GwHouseholdList *
gw_inspector_panel_get_household_list (GwInspectorPanel *self)
{
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), NULL);

  return self->household_list;
}

GwCaseList *
gw_inspector_panel_get_case_list (GwInspectorPanel *self)
{
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), NULL);

  return self->case_list;
}

/* }}} */
/* {{{ Cases: the selection and the drop targets */

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
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), NULL);

  if (self->showing != GW_INSPECTOR_SHOWING_GRID)
    return NULL;
  return gw_case_list_dup_selected (self->case_list);
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
  g_return_val_if_fail (GW_IS_INSPECTOR_PANEL (self), FALSE);

  if (!gw_case_list_select_case (self->case_list, case_id, extend))
    return FALSE;
  adw_leaflet_set_visible_child_name (self->leaflet, "main");
  adw_view_stack_set_visible_child_name (self->view_stack, "cases");
  return TRUE;
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

/* }}} */

static void
gw_inspector_panel_dispose (GObject *object)
{
  GwInspectorPanel *self = GW_INSPECTOR_PANEL (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_INSPECTOR_PANEL);
  /* Template children without an id are ours to unparent too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (gw_inspector_panel_parent_class)->dispose (object);
}

static void
gw_inspector_panel_class_init (GwInspectorPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_inspector_panel_dispose;

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

  g_type_ensure (GW_TYPE_CASE_LIST);
  g_type_ensure (GW_TYPE_HOUSEHOLD_LIST);
  g_type_ensure (GW_TYPE_HOUSEHOLD_PAGE);
  g_type_ensure (GW_TYPE_INSPECTOR_SUMMARY);
  g_type_ensure (GW_TYPE_WORKER_LIST);

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
  gtk_widget_class_bind_template_child (widget_class, GwInspectorPanel, case_list);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorPanel, household_page);
  gtk_widget_class_bind_template_callback (widget_class, on_household_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_summary_grid_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_worker_list_cases_dropped);
  gtk_widget_class_bind_template_callback (widget_class, on_case_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_cases_drag);

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
