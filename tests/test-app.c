/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-app"

#include "config.h"

#include <glib/gstdio.h>

#include "gw-demo.h"
#include "gw-departments-panel.h"
#include "gw-case-cell.h"
#include "gw-case-list.h"
#include "gw-household-cell.h"
#include "gw-household-list.h"
#include "gw-inspector.h"
#include "gw-inspector-summary.h"
#include "gw-list-slot.h"
#include "gw-reroute-target-row.h"
#include "gw-summary-row.h"
#include "gw-tile-source.h"
#include "gw-tooltips.h"
#include "gw-worker-list.h"
#include "gw-worker-row.h"
#include "gw-util.h"
#include "gw-map-legend.h"
#include "gw-window.h"
#include "gw-test-app.h"
#include "gw-test-util.h"

/* The window as a user meets it: open the demo street, click a grid, click a
 * building, click nowhere, open a file that is not a database. Clicks are the
 * map gesture's "released" signal at the widget position of a feature, since
 * GTK 4 cannot synthesize pointer input. */

static char *tmp_dir;
static char *demo_path;

static const char *
ensure_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) today = gw_now ();

  if (demo_path != NULL)
    return demo_path;

  demo_path = g_build_filename (tmp_dir, "street.sqlite", NULL);
  gw_demo_generate (demo_path, GW_DEMO_SCALE_STREET, 20261120, today, NULL, NULL, &error);
  g_assert_no_error (error);
  return demo_path;
}

static GwWindow *
new_window (void)
{
  GwWindow *window = gw_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static GwWindow *
open_demo_window (void)
{
  GwWindow *window = new_window ();
  g_autoptr(GFile) file = g_file_new_for_path (ensure_demo ());
  g_autoptr(GError) error = NULL;

  g_assert_true (gw_window_load_file (window, file, &error));
  g_assert_no_error (error);
  g_assert_true (gw_test_iterate_until (gw_test_map_has_size, window, 10000));
  /* Fit again now that the map has its final size. */
  gw_window_zoom_to_street (window);
  gw_test_iterate_until_idle ();
  return window;
}

static void
destroy_window (GwWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  gw_test_iterate_until_idle ();
  g_assert_finalize_object (window);
}

static GtkGesture *
find_click_gesture (ShumateMap *map)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (map));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), "gw-select-click") == 0)
        return GTK_GESTURE (controller);
    }
  g_assert_not_reached ();
  return NULL;
}

static void
click_map_at_widget (GwWindow *window,
                     double    x,
                     double    y)
{
  ShumateMap *map = gw_window_get_map (window);

  g_assert_cmpfloat (x, >=, 0);
  g_assert_cmpfloat (y, >=, 0);
  g_assert_cmpfloat (x, <, gtk_widget_get_width (GTK_WIDGET (map)));
  g_assert_cmpfloat (y, <, gtk_widget_get_height (GTK_WIDGET (map)));

  /* A click: pressed and released at one place. */
  g_signal_emit_by_name (find_click_gesture (map), "pressed", 1, x, y);
  g_signal_emit_by_name (find_click_gesture (map), "released", 1, x, y);
  gw_test_iterate_until_idle ();
}

/* A drag that pans the map: released far from where it was pressed. */
static void
drag_map_from_widget (GwWindow *window,
                      double    x,
                      double    y)
{
  ShumateMap *map = gw_window_get_map (window);

  g_signal_emit_by_name (find_click_gesture (map), "pressed", 1, x, y);
  g_signal_emit_by_name (find_click_gesture (map), "released", 1, x + 60, y + 25);
  gw_test_iterate_until_idle ();
}

/* Where the mercator point @at is on screen. */
static void
widget_coords_of (GwWindow      *window,
                  const GwPoint *at,
                  double        *x,
                  double        *y)
{
  ShumateMap *map = gw_window_get_map (window);
  double lon, lat;

  gw_mercator_to_lonlat (at->x, at->y, &lon, &lat);
  shumate_viewport_location_to_widget_coords (shumate_map_get_viewport (map), GTK_WIDGET (map),
                                              lat, lon, x, y);
}

/* Clicks where the mercator point @at is on screen. */
static void
click_map_at (GwWindow      *window,
              const GwPoint *at)
{
  double x, y;

  widget_coords_of (window, at, &x, &y);
  click_map_at_widget (window, x, y);
}

static gint64
parse_count (const char *text)
{
  g_autoptr(GString) digits = g_string_new (NULL);

  g_assert_nonnull (text);
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  g_assert_cmpuint (digits->len, >, 0);
  return g_ascii_strtoll (digits->str, NULL, 10);
}

static GwStore *
open_demo_store (void)
{
  g_autoptr(GError) error = NULL;
  GwStore *store = gw_store_open (ensure_demo (), GW_STORE_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  return store;
}

typedef struct
{
  GListModel *model;
  guint       n_items;
} ModelCount;

static gboolean
model_count_differs (gpointer data)
{
  ModelCount *count = data;

  return g_list_model_get_n_items (count->model) != count->n_items;
}

static gboolean
model_count_is (gpointer data)
{
  ModelCount *count = data;

  return g_list_model_get_n_items (count->model) == count->n_items;
}

/* The first widget of @type below @root, depth first. */
static GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_descendant (child, type)) != NULL)
        return found;
    }
  return NULL;
}

/* A controller of @widget: a drag source, or a click gesture for @button. */
static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type,
                 guint      button)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type)
          && (!GTK_IS_GESTURE_CLICK (controller)
              || gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == button))
        return controller;
    }
  return NULL;
}

/* {{{ Leak checks (Console's habit): each widget, used with the demo street
 * and let go, is finalized — no handler, idle, popover or child keeps it. */

typedef struct
{
  GwStore   *store;
  GDateTime *now;
  gint64     grid_id;       /* a grid with open cases */
  gint64     building_id;   /* a building people live in */
} LeakFixture;

static void
leak_fixture_set_up (LeakFixture   *f,
                     gconstpointer  data)
{
  g_autoptr (GwMapSnapshot) snapshot = NULL;
  g_autoptr (GError) error = NULL;

  f->store = open_demo_store ();
  f->now = gw_now ();
  snapshot = gw_map_snapshot_load (f->store, f->now, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_GRID); i++)
    {
      const GwFeature *grid = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_GRID, i);
      g_autoptr (GwGridSummary) summary = gw_inspector_grid_summary (f->store, grid->id, f->now,
                                                                     &error);

      g_assert_no_error (error);
      if (summary->n_open_cases >= 2)
        {
          f->grid_id = grid->id;
          break;
        }
    }
  for (guint i = 0; i < gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_BUILDING); i++)
    {
      const GwFeature *building = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_BUILDING, i);
      g_autoptr (GwBuildingSummary) summary = gw_inspector_building_summary (f->store,
                                                                             building->id, &error);

      g_assert_no_error (error);
      if (summary->n_households > 0)
        {
          f->building_id = building->id;
          break;
        }
    }
  g_assert_cmpint (f->grid_id, !=, 0);
  g_assert_cmpint (f->building_id, !=, 0);
}

static void
leak_fixture_tear_down (LeakFixture   *f,
                        gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->now, g_date_time_unref);
}

/* Shows @widget (floating) in a window of its own and returns a reference
 * to it, which assert_let_go() gives back. */
static gpointer
show_alone (GtkWidget *widget)
{
  GtkWidget *window = gtk_window_new ();

  g_object_ref_sink (widget);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 700);
  gtk_window_present (GTK_WINDOW (window));
  gw_test_iterate_until_idle ();
  return widget;
}

/* The same for a list box row, which lives in a list. */
static gpointer
show_row_alone (GtkWidget *row)
{
  GtkWidget *list = gtk_list_box_new ();

  g_object_ref_sink (row);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  g_object_unref (show_alone (list));
  return row;
}

/* Closes the window showing @widget: nothing else may hold it. */
static void
assert_let_go (gpointer widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  g_assert_true (GTK_IS_WINDOW (root));
  gtk_window_destroy (GTK_WINDOW (root));
  gw_test_iterate_until_idle ();
  g_assert_finalize_object (widget);
}

static void
test_leak_summary_row (LeakFixture   *f,
                       gconstpointer  data)
{
  GwSummaryRow *row = show_row_alone (gw_summary_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "Residents");
  gw_summary_row_set_value (row, "1,024");
  gw_summary_row_set_alert (row, TRUE);
  gw_test_iterate_until_idle ();
  g_assert_cmpstr (gw_summary_row_get_value (row), ==, "1,024");
  assert_let_go (row);
}

static void
test_leak_inspector_summary (LeakFixture   *f,
                             gconstpointer  data)
{
  GwInspectorSummary *summary = show_alone (gw_inspector_summary_new ());
  g_autoptr (GwGridSummary) grid = NULL;
  g_autoptr (GwBuildingSummary) building = NULL;
  g_autoptr (GError) error = NULL;

  grid = gw_inspector_grid_summary (f->store, f->grid_id, f->now, &error);
  g_assert_no_error (error);
  building = gw_inspector_building_summary (f->store, f->building_id, &error);
  g_assert_no_error (error);

  gw_inspector_summary_show_grid (summary, grid, 150, 300);
  gw_test_iterate_until_idle ();
  g_assert_cmpint (parse_count (gw_inspector_summary_get_household_count_text (summary)), ==,
                   grid->n_households);
  gw_inspector_summary_show_building (summary, building);
  gw_test_iterate_until_idle ();
  g_assert_cmpint (parse_count (gw_inspector_summary_get_household_count_text (summary)), ==,
                   building->n_households);
  gw_inspector_summary_clear (summary);
  g_assert_null (gw_inspector_summary_get_household_count_text (summary));
  assert_let_go (summary);
}

static void
test_leak_worker_row (LeakFixture   *f,
                      gconstpointer  data)
{
  g_autoptr (GPtrArray) workers = NULL;
  g_autoptr (GError) error = NULL;
  GwGridWorker *worker;
  GwWorkerRow *row;

  workers = gw_inspector_grid_workers (f->store, f->grid_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (workers->len, >, 0);
  worker = g_ptr_array_index (workers, 0);

  row = show_alone (gw_worker_row_new (worker));
  g_assert_cmpint (gw_worker_row_get_worker_id (row), ==, worker->worker_id);
  g_assert_cmpstr (gw_worker_row_get_name (row), ==, worker->name);
  g_assert_true (gw_worker_row_get_worker (row) == worker);
  assert_let_go (row);
}

static void
on_cases_dropped (GtkWidget        *widget,
                  const GwCaseDrag *drag,
                  int               kind,
                  gint64            target_id,
                  gpointer          user_data)
{
  gint64 *dropped_on = user_data;

  g_assert_cmpint (kind, ==, GW_REROUTE_TO_WORKER);
  g_assert_cmpuint (drag->n_cases, ==, 1);
  *dropped_on = target_id;
}

static void
test_leak_worker_list (LeakFixture   *f,
                       gconstpointer  data)
{
  GwWorkerList *list = show_alone (gw_worker_list_new ());
  g_autoptr (GPtrArray) workers = NULL;
  g_autoptr (GwCaseDrag) drag = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) names = NULL;
  GValue value = G_VALUE_INIT;
  GwGridWorker *last;
  GwWorkerRow *row;
  gint64 dropped_on = 0;
  gint64 case_id = 1;
  gboolean handled = FALSE;

  workers = gw_inspector_grid_workers (f->store, f->grid_id, &error);
  g_assert_no_error (error);
  g_assert_true (gw_worker_list_show (list, f->store, f->grid_id, &error));
  g_assert_no_error (error);
  gw_test_iterate_until_idle ();
  names = gw_worker_list_dup_names (list);
  g_assert_cmpuint (g_strv_length (names), ==, workers->len);

  /* A case dropped on the last worker's row is announced for that worker. */
  last = g_ptr_array_index (workers, workers->len - 1);
  g_signal_connect (list, "cases-dropped", G_CALLBACK (on_cases_dropped), &dropped_on);
  drag = gw_case_drag_new (1, &case_id, NULL);
  g_value_init (&value, GW_TYPE_CASE_DRAG);
  g_value_set_boxed (&value, drag);
  row = gw_worker_list_get_row (list, last->worker_id);
  g_signal_emit_by_name (gw_case_drag_get_drop_target (GTK_WIDGET (row)),
                         "drop", &value, 10.0, 10.0, &handled);
  g_value_unset (&value);
  g_assert_cmpint (dropped_on, ==, last->worker_id);

  gw_worker_list_clear (list);
  g_assert_null (gw_worker_list_get_row (list, last->worker_id));
  /* A grid without workers says so, in a row that is no worker. */
  g_assert_true (gw_worker_list_show (list, f->store, -1, &error));
  g_assert_no_error (error);
  g_clear_pointer (&names, g_strfreev);
  names = gw_worker_list_dup_names (list);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
  gw_test_iterate_until_idle ();
  g_assert_true (gw_worker_list_show (list, f->store, f->grid_id, &error));
  gw_test_iterate_until_idle ();
  assert_let_go (list);
}

static void
test_leak_household_cell (LeakFixture   *f,
                          gconstpointer  data)
{
  g_autoptr (GPtrArray) households = NULL;
  g_autoptr (GwListSlot) slot = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GwHouseholdCell *cells[] = {
    GW_HOUSEHOLD_CELL (gw_household_cell_new (GW_HOUSEHOLD_COLUMN_ADDRESS)),
    GW_HOUSEHOLD_CELL (gw_household_cell_new (GW_HOUSEHOLD_COLUMN_HEAD)),
    GW_HOUSEHOLD_CELL (gw_household_cell_new (GW_HOUSEHOLD_COLUMN_MEMBERS)),
    GW_HOUSEHOLD_CELL (gw_household_cell_new (GW_HOUSEHOLD_COLUMN_TAGS)),
  };

  households = gw_inspector_households (f->store, f->grid_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (households->len, >=, 2);
  slot = gw_list_slot_new (households->pdata[0]);

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      g_object_ref_sink (cells[i]);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (cells[i]));
      gw_household_cell_bind (cells[i], slot);
    }
  g_object_unref (show_alone (box));
  g_assert_true (gw_household_cell_get_household (cells[0]) == households->pdata[0]);

  /* The list refills its slots: the cells follow. */
  gw_list_slot_set_item (slot, households->pdata[1]);
  gw_test_iterate_until_idle ();
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    g_assert_true (gw_household_cell_get_household (cells[i]) == households->pdata[1]);

  gw_household_cell_unbind (cells[3]);
  g_assert_null (gw_household_cell_get_household (cells[3]));
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (box)));
  gw_test_iterate_until_idle ();
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    g_assert_finalize_object (cells[i]);
}

static void
on_household_activated (GwHouseholdList *list,
                        GwHousehold     *household,
                        gpointer         user_data)
{
  *(GwHousehold **) user_data = household;
}

static void
test_leak_household_list (LeakFixture   *f,
                          gconstpointer  data)
{
  GwHouseholdList *list = show_alone (gw_household_list_new ());
  g_autoptr (GError) error = NULL;
  GwHousehold *activated = NULL;
  GwHousehold *sought;
  GListModel *households;
  ModelCount count;
  guint total;

  g_assert_true (gw_household_list_show (list, f->store, f->grid_id, 0, &error));
  g_assert_no_error (error);
  gw_household_list_set_shown (list, TRUE);
  gw_test_iterate_until_idle ();
  households = gw_household_list_get_households (list);
  total = g_list_model_get_n_items (households);
  g_assert_cmpuint (total, >, 2);

  /* A search for a dwelling code, then sorting by head of household. */
  sought = gw_household_list_get_household (list, total / 2);
  count.model = households;
  count.n_items = total;
  gtk_editable_set_text (gw_household_list_get_search (list), sought->dwelling_code);
  g_assert_true (gw_test_iterate_until (model_count_differs, &count, 5000));
  gtk_editable_set_text (gw_household_list_get_search (list), "");
  g_assert_true (gw_test_iterate_until (model_count_is, &count, 5000));
  {
    GListModel *columns = gtk_column_view_get_columns (gw_household_list_get_view (list));
    g_autoptr (GtkColumnViewColumn) head = g_list_model_get_item (columns, 1);

    gtk_column_view_sort_by_column (gw_household_list_get_view (list), head, GTK_SORT_ASCENDING);
    gw_test_iterate_until_idle ();
  }

  g_signal_connect (list, "household-activated", G_CALLBACK (on_household_activated), &activated);
  g_signal_emit_by_name (gw_household_list_get_view (list), "activate", 0);
  g_assert_true (activated == gw_household_list_get_household (list, 0));

  g_assert_true (gw_household_list_show (list, f->store, 0, f->building_id, &error));
  g_assert_no_error (error);
  gw_test_iterate_until_idle ();
  gw_household_list_set_shown (list, FALSE);
  gw_household_list_clear (list);
  g_assert_cmpuint (g_list_model_get_n_items (households), ==, 0);
  gw_household_list_set_shown (list, TRUE);
  gw_test_iterate_until_idle ();
  assert_let_go (list);
}

static void
test_leak_case_cell (LeakFixture   *f,
                     gconstpointer  data)
{
  g_autoptr (GPtrArray) cases = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GwCaseCell *cells[] = {
    GW_CASE_CELL (gw_case_cell_new (GW_CASE_COLUMN_CATEGORY)),
    GW_CASE_CELL (gw_case_cell_new (GW_CASE_COLUMN_TIER)),
    GW_CASE_CELL (gw_case_cell_new (GW_CASE_COLUMN_STATUS)),
    GW_CASE_CELL (gw_case_cell_new (GW_CASE_COLUMN_DEADLINE)),
  };

  cases = gw_inspector_open_cases (f->store, f->grid_id, f->now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, >=, 2);
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      g_object_ref_sink (cells[i]);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (cells[i]));
      gw_case_cell_bind (cells[i], cases->pdata[0]);
    }
  g_object_unref (show_alone (box));
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      gw_case_cell_bind (cells[i], cases->pdata[1]);
      g_assert_true (gw_case_cell_get_case (cells[i]) == cases->pdata[1]);
    }
  gw_test_iterate_until_idle ();
  gw_case_cell_unbind (cells[0]);
  g_assert_null (gw_case_cell_get_case (cells[0]));

  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (box)));
  gw_test_iterate_until_idle ();
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    g_assert_finalize_object (cells[i]);
}

static void
on_case_activated (GwCaseList *list,
                   gint64      case_id,
                   gpointer    user_data)
{
  *(gint64 *) user_data = case_id;
}

static void
on_cases_drag (GwCaseList *list,
               gboolean    begin,
               gpointer    user_data)
{
  *(int *) user_data = begin ? 1 : -1;
}

static void
test_leak_case_list (LeakFixture   *f,
                     gconstpointer  data)
{
  GwCaseList *list = show_alone (gw_case_list_new ());
  g_autoptr (GwCaseSummary) first = NULL;
  g_autoptr (GwCaseSummary) second = NULL;
  g_autoptr (GwCaseDrag) selected = NULL;
  g_autoptr (GdkContentProvider) content = NULL;
  g_autoptr (GError) error = NULL;
  GtkEventController *controller;
  GtkWidget *cell;
  gint64 activated = 0;
  int dragging = 0;

  g_assert_true (gw_case_list_show (list, f->store, f->grid_id, f->now, &error));
  g_assert_no_error (error);
  gw_case_list_set_shown (list, TRUE);
  gw_test_iterate_until_idle ();
  g_assert_cmpuint (g_list_model_get_n_items (gw_case_list_get_cases (list)), >=, 2);
  first = g_list_model_get_item (gw_case_list_get_cases (list), 0);
  second = g_list_model_get_item (gw_case_list_get_cases (list), 1);

  /* Two selected cases travel together. */
  g_assert_true (gw_case_list_select_case (list, first->id, FALSE));
  g_assert_true (gw_case_list_select_case (list, second->id, TRUE));
  g_assert_false (gw_case_list_select_case (list, -1, TRUE));
  selected = gw_case_list_dup_selected (list);
  g_assert_cmpuint (selected->n_cases, ==, 2);

  g_signal_connect (list, "case-activated", G_CALLBACK (on_case_activated), &activated);
  g_signal_emit_by_name (gw_case_list_get_view (list), "activate", 1);
  g_assert_cmpint (activated, ==, second->id);

  /* A row's menu and a drag from a row: what they leave behind goes with
   * the list. */
  cell = find_descendant (GTK_WIDGET (list), GW_TYPE_CASE_CELL);
  g_assert_nonnull (cell);
  controller = find_controller (cell, GTK_TYPE_GESTURE_CLICK, GDK_BUTTON_SECONDARY);
  g_assert_nonnull (controller);
  g_signal_emit_by_name (controller, "pressed", 1, 5.0, 5.0);
  gw_test_iterate_until_idle ();
  g_assert_nonnull (find_descendant (GTK_WIDGET (list), GTK_TYPE_POPOVER_MENU));
  gtk_popover_popdown (GTK_POPOVER (find_descendant (GTK_WIDGET (list), GTK_TYPE_POPOVER_MENU)));

  g_signal_connect (list, "cases-drag", G_CALLBACK (on_cases_drag), &dragging);
  controller = find_controller (cell, GTK_TYPE_DRAG_SOURCE, 0);
  g_assert_nonnull (controller);
  g_signal_emit_by_name (controller, "prepare", 5.0, 5.0, &content);
  g_assert_nonnull (content);
  g_signal_emit_by_name (controller, "drag-end", NULL, FALSE);
  g_assert_cmpint (dragging, ==, -1);

  gw_case_list_clear (list);
  g_assert_null (gw_case_list_dup_selected (list));
  gw_case_list_set_shown (list, FALSE);
  gw_test_iterate_until_idle ();
  assert_let_go (list);
}

static void
test_leak_reroute_target_row (LeakFixture   *f,
                              gconstpointer  data)
{
  GtkWidget *widget = gw_reroute_target_row_new (GW_REROUTE_TO_GRID, 7, "宁夏路第1网格",
                                                 "370203010001001",
                                                 "370203010001001 宁夏路第1网格");
  GwRerouteTargetRow *row = show_row_alone (widget);
  g_autofree char *search = g_utf8_casefold ("第1网", -1);

  gw_reroute_target_row_set_load (row, 12, 3);
  gw_test_iterate_until_idle ();
  g_assert_cmpint (gw_reroute_target_row_get_kind (row), ==, GW_REROUTE_TO_GRID);
  g_assert_cmpint (gw_reroute_target_row_get_target_id (row), ==, 7);
  g_assert_true (gw_reroute_target_row_matches (row, search));
  g_assert_true (gw_reroute_target_row_matches (row, NULL));
  g_assert_false (gw_reroute_target_row_matches (row, "neither"));
  g_assert_cmpstr (gw_reroute_target_row_get_load_text (row), ==, "12 open · 3 overdue");
  gw_reroute_target_row_set_compact (row, TRUE);
  gw_reroute_target_row_set_load (row, 1, 0);
  g_assert_cmpstr (gw_reroute_target_row_get_load_text (row), ==, "1 open");
  assert_let_go (row);
}

static void
on_cases_dropped_on_panel (GwDepartmentsPanel *panel,
                           const GwCaseDrag   *drag,
                           int                 kind,
                           gint64              target_id,
                           gpointer            user_data)
{
  g_assert_cmpint (kind, ==, GW_REROUTE_TO_DEPARTMENT);
  *(gint64 *) user_data = target_id;
}

static void
test_leak_departments_panel (LeakFixture   *f,
                             gconstpointer  data)
{
  GwDepartmentsPanel *panel = show_alone (gw_departments_panel_new ());
  g_autoptr (GPtrArray) departments = NULL;
  g_autoptr (GwCaseDrag) drag = NULL;
  g_autoptr (GError) error = NULL;
  GwDepartmentLoad *department;
  GValue value = G_VALUE_INIT;
  gint64 dropped_on = 0, case_id = 1;
  gboolean handled = FALSE;

  departments = gw_case_department_loads (f->store, f->now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (departments->len, >, 0);
  department = g_ptr_array_index (departments, departments->len - 1);

  g_assert_true (gw_departments_panel_load (panel, f->store, f->now, &error));
  g_assert_no_error (error);
  /* Loaded again, the rows stay and only their loads are refreshed. */
  g_assert_true (gw_departments_panel_load (panel, f->store, f->now, &error));
  gw_test_iterate_until_idle ();
  g_assert_nonnull (gw_departments_panel_get_load_text (panel, GW_REROUTE_TO_DEPARTMENT,
                                                        department->id));

  g_signal_connect (panel, "cases-dropped", G_CALLBACK (on_cases_dropped_on_panel), &dropped_on);
  drag = gw_case_drag_new (1, &case_id, NULL);
  g_value_init (&value, GW_TYPE_CASE_DRAG);
  g_value_set_boxed (&value, drag);
  g_signal_emit_by_name (gw_case_drag_get_drop_target (
                           gw_departments_panel_get_department_row (panel, department->id)),
                         "drop", &value, 10.0, 10.0, &handled);
  g_value_unset (&value);
  g_assert_cmpint (dropped_on, ==, department->id);

  gw_departments_panel_set_page (panel, "grids");
  gw_test_iterate_until_idle ();
  gw_departments_panel_clear (panel);
  g_assert_null (gw_departments_panel_get_department_row (panel, department->id));
  g_assert_true (gw_departments_panel_load (panel, f->store, f->now, &error));
  assert_let_go (panel);
}

static void
test_leak_inspector_panel (LeakFixture   *f,
                           gconstpointer  data)
{
  GwInspectorPanel *panel = show_alone (gw_inspector_panel_new ());
  g_autoptr (GError) error = NULL;
  GwInspectorSummary *summary;
  GListModel *cases;

  g_assert_true (gw_inspector_panel_show_grid (panel, f->store, f->grid_id, &error));
  g_assert_no_error (error);
  gw_test_iterate_until_idle ();
  /* The panel's parts show what it shows. */
  g_assert_true (gw_case_list_get_cases (gw_inspector_panel_get_case_list (panel))
                 == gw_inspector_panel_get_cases (panel));
  g_assert_true (gw_household_list_get_households (gw_inspector_panel_get_household_list (panel))
                 == gw_inspector_panel_get_households (panel));
  summary = gw_inspector_panel_get_summary (panel);
  g_assert_true (gw_inspector_summary_get_household_count_text (summary)
                 == gw_inspector_panel_get_household_count_text (panel));
  g_assert_nonnull (gw_inspector_panel_get_worker_list (panel));
  gw_inspector_panel_focus_search (panel);
  gw_test_iterate_until_idle ();
  cases = gw_inspector_panel_get_cases (panel);
  g_assert_cmpuint (g_list_model_get_n_items (cases), >=, 2);
  {
    g_autoptr (GwCaseSummary) first = g_list_model_get_item (cases, 0);
    g_autoptr (GwCaseDrag) selected = NULL;

    g_assert_true (gw_inspector_panel_select_case (panel, first->id, FALSE));
    gw_test_iterate_until_idle ();
    selected = gw_inspector_panel_dup_selected_cases (panel);
    g_assert_nonnull (selected);
    g_assert_cmpuint (selected->n_cases, ==, 1);
  }
  g_signal_emit_by_name (gw_inspector_panel_get_household_view (panel), "activate", 0);
  gw_test_iterate_until_idle ();
  g_assert_true (gw_inspector_panel_is_showing_household (panel));

  g_assert_true (gw_inspector_panel_show_building (panel, f->store, f->building_id, &error));
  g_assert_no_error (error);
  gw_test_iterate_until_idle ();
  gw_inspector_panel_clear (panel);
  gw_test_iterate_until_idle ();
  assert_let_go (panel);
}

/* }}} */

static void
test_grid_click (void)
{
  GwWindow *window = open_demo_window ();
  GwInspectorPanel *inspector = gw_window_get_inspector (window);
  GwMapSnapshot *snapshot = gw_window_get_snapshot (window);
  g_autoptr(GwStore) store = open_demo_store ();
  g_autoptr(GDateTime) now = gw_now ();
  g_autoptr(GwGridSummary) summary = NULL;
  g_autoptr(GPtrArray) workers = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GPtrArray) residents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) shown_workers = NULL;
  g_auto(GStrv) shown_members = NULL;
  GwHousehold *first;
  GwHousehold *sought;
  g_autofree char *query = NULL;
  const GwFeature *grid;
  GListModel *households;
  GwHouseholdPage *page;
  GwFeatureKind kind;
  GwInspectorShowing showing;
  gint64 shown_id = 0;
  guint n_grids, total;
  ModelCount count;

  n_grids = gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_GRID);
  g_assert_cmpuint (n_grids, >, 1);
  grid = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_GRID, n_grids / 2);

  /* Nothing is selected until the user clicks; panning is not a click. */
  g_assert_cmpint (gw_inspector_panel_get_showing (inspector, NULL), ==,
                   GW_INSPECTOR_SHOWING_NOTHING);
  {
    double x, y;

    widget_coords_of (window, &grid->label_point, &x, &y);
    drag_map_from_widget (window, x, y);
  }
  g_assert_cmpint (gw_inspector_panel_get_showing (inspector, NULL), ==,
                   GW_INSPECTOR_SHOWING_NOTHING);

  click_map_at (window, &grid->label_point);

  showing = gw_inspector_panel_get_showing (inspector, &shown_id);
  g_assert_cmpint (showing, ==, GW_INSPECTOR_SHOWING_GRID);
  g_assert_cmpint (shown_id, ==, grid->id);
  g_assert_cmpint (gw_window_get_selection (window, &kind), ==, grid->id);
  g_assert_cmpint (kind, ==, GW_FEATURE_GRID);

  summary = gw_inspector_grid_summary (store, grid->id, now, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gw_inspector_panel_get_title (inspector), ==, summary->code);
  g_assert_cmpint (parse_count (gw_inspector_panel_get_household_count_text (inspector)),
                   ==, summary->n_households);
  g_assert_cmpstr (gw_inspector_panel_get_band_text (inspector), !=, "");

  /* Every responsible worker is listed by name, first responsible first. */
  workers = gw_inspector_grid_workers (store, grid->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (workers->len, >, 0);
  shown_workers = gw_inspector_panel_dup_worker_names (inspector);
  g_assert_cmpuint (g_strv_length (shown_workers), ==, workers->len);
  for (guint i = 0; i < workers->len; i++)
    {
      GwGridWorker *worker = g_ptr_array_index (workers, i);

      g_assert_true (g_strv_contains ((const char * const *) shown_workers, worker->name));
    }

  /* All households, then a search for one head of household. */
  households = gw_inspector_panel_get_households (inspector);
  total = g_list_model_get_n_items (households);
  g_assert_cmpuint (total, ==, summary->n_households);
  g_assert_cmpuint (total, >, 2);

  sought = gw_inspector_panel_get_household (inspector, total / 2);
  query = g_strdup (sought->dwelling_code);
  gtk_editable_set_text (gw_inspector_panel_get_household_search (inspector), query);
  count.model = households;
  count.n_items = total;
  g_assert_true (gw_test_iterate_until (model_count_differs, &count, 5000));
  g_assert_cmpuint (g_list_model_get_n_items (households), >=, 1);
  for (guint i = 0; i < g_list_model_get_n_items (households); i++)
    {
      GwHousehold *found = gw_inspector_panel_get_household (inspector, i);

      g_assert_nonnull (strstr (found->search_text, query));
    }

  gtk_editable_set_text (gw_inspector_panel_get_household_search (inspector), "");
  count.n_items = total;
  g_assert_true (gw_test_iterate_until (model_count_is, &count, 5000));

  /* Sorting by the third column, the number of members, largest first. */
  {
    GtkColumnView *view = gw_inspector_panel_get_household_view (inspector);
    GListModel *columns = gtk_column_view_get_columns (view);
    g_autoptr(GtkColumnViewColumn) members = g_list_model_get_item (columns, 2);
    gtk_column_view_sort_by_column (view, members, GTK_SORT_DESCENDING);
    gw_test_iterate_until_idle ();
    for (guint i = 1; i < total; i++)
      g_assert_cmpint (gw_inspector_panel_get_household (inspector, i - 1)->n_members, >=,
                       gw_inspector_panel_get_household (inspector, i)->n_members);
    gtk_column_view_sort_by_column (view, NULL, GTK_SORT_ASCENDING);
  }

  /* Opening a household lists its members. */
  first = gw_inspector_panel_get_household (inspector, 0);
  g_signal_emit_by_name (gw_inspector_panel_get_household_view (inspector), "activate", 0);
  gw_test_iterate_until_idle ();
  g_assert_true (gw_inspector_panel_is_showing_household (inspector));
  page = gw_inspector_panel_get_household_page (inspector);
  g_assert_true (gw_household_page_get_household (page) == first);
  residents = gw_inspector_residents (store, first->id, FALSE, now, &error);
  g_assert_no_error (error);
  shown_members = gw_household_page_dup_member_names (page);
  g_assert_cmpuint (g_strv_length (shown_members), ==, residents->len);
  for (guint i = 0; i < residents->len; i++)
    g_assert_cmpstr (shown_members[i], ==, ((GwResident *) g_ptr_array_index (residents, i))->name);

  /* Open cases of the grid, as the core lists them. */
  cases = gw_inspector_open_cases (store, grid->id, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (gw_inspector_panel_get_cases (inspector)), ==,
                    cases->len);

  destroy_window (window);
}

static void
test_building_click (void)
{
  GwWindow *window = open_demo_window ();
  GwInspectorPanel *inspector = gw_window_get_inspector (window);
  GwMapSnapshot *snapshot = gw_window_get_snapshot (window);
  ShumateMap *map = gw_window_get_map (window);
  ShumateViewport *viewport = shumate_map_get_viewport (map);
  g_autoptr(GwStore) store = open_demo_store ();
  g_autoptr(GwBuildingSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  const GwFeature *building = NULL;
  GListModel *households;
  gint64 shown_id = 0;
  GwBBox extent;
  double lon, lat;

  /* A building people live in. */
  for (guint i = 0; i < gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_BUILDING); i++)
    {
      const GwFeature *candidate = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_BUILDING, i);

      summary = gw_inspector_building_summary (store, candidate->id, &error);
      g_assert_no_error (error);
      if (summary->n_households > 0)
        {
          building = candidate;
          break;
        }
      g_clear_pointer (&summary, gw_building_summary_free);
    }
  g_assert_nonnull (building);

  /* Buildings are picked where they are drawn big enough to aim at. */
  gw_mercator_to_lonlat (building->label_point.x, building->label_point.y, &lon, &lat);
  shumate_viewport_set_zoom_level (viewport, 18);
  shumate_map_center_on (map, lat, lon);
  gw_test_iterate_until_idle ();
  click_map_at (window, &building->label_point);

  g_assert_cmpint (gw_inspector_panel_get_showing (inspector, &shown_id), ==,
                   GW_INSPECTOR_SHOWING_BUILDING);
  g_assert_cmpint (shown_id, ==, building->id);
  g_assert_cmpstr (gw_inspector_panel_get_title (inspector), ==, summary->name);
  g_assert_cmpint (parse_count (gw_inspector_panel_get_household_count_text (inspector)),
                   ==, summary->n_households);

  households = gw_inspector_panel_get_households (inspector);
  g_assert_cmpuint (g_list_model_get_n_items (households), ==, summary->n_households);
  for (guint i = 0; i < g_list_model_get_n_items (households); i++)
    {
      g_assert_cmpint (gw_inspector_panel_get_household (inspector, i)->building_id, ==,
                       building->id);
    }

  /* Zoomed out, the same point picks its grid. */
  shumate_viewport_set_zoom_level (viewport, 14);
  gw_test_iterate_until_idle ();
  click_map_at (window, &building->label_point);
  g_assert_cmpint (gw_inspector_panel_get_showing (inspector, &shown_id), ==,
                   GW_INSPECTOR_SHOWING_GRID);
  g_assert_cmpint (shown_id, ==, building->grid_id);

  /* A click far outside the street clears the selection. */
  extent = gw_map_snapshot_get_extent (snapshot);
  gw_mercator_to_lonlat ((extent.min_x + extent.max_x) / 2, (extent.min_y + extent.max_y) / 2,
                         &lon, &lat);
  shumate_viewport_set_zoom_level (viewport, GW_TILE_SOURCE_MIN_ZOOM);
  shumate_map_center_on (map, lat, lon);
  gw_test_iterate_until_idle ();
  {
    double corner_lat, corner_lon, x, y;

    shumate_viewport_widget_coords_to_location (viewport, GTK_WIDGET (map), 3, 3,
                                                &corner_lat, &corner_lon);
    gw_lonlat_to_mercator (corner_lon, corner_lat, &x, &y);
    g_assert_false (gw_bbox_contains_point (&extent, x, y));
  }
  click_map_at_widget (window, 3, 3);
  g_assert_cmpint (gw_inspector_panel_get_showing (inspector, NULL), ==,
                   GW_INSPECTOR_SHOWING_NOTHING);
  g_assert_cmpint (gw_window_get_selection (window, NULL), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (households), ==, 0);

  destroy_window (window);
}

static AdwMessageDialog *
find_error_dialog (GwWindow *window)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data)
        && gtk_window_get_transient_for (l->data) == GTK_WINDOW (window))
      return l->data;
  return NULL;
}

static void
test_not_a_database (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "notes.sqlite", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) demo = g_file_new_for_path (ensure_demo ());
  g_autoptr(GError) error = NULL;
  GwWindow *window = new_window ();
  AdwMessageDialog *dialog;

  g_assert_true (g_file_set_contents (path, "Grid 3 meets on Tuesday.\n", -1, NULL));

  /* The caller gets the store's reason … */
  g_assert_false (gw_window_load_file (window, file, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == GW_STORE_ERROR);
  g_clear_error (&error);
  g_assert_null (gw_window_get_file (window));

  /* … and the user a dialog naming the file, with the window unharmed. */
  gw_window_open (window, file);
  gw_test_iterate_until_idle ();
  dialog = find_error_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "notes.sqlite"));
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), !=, "");
  g_assert_null (gw_window_get_file (window));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* With a street open, a bad file leaves the street shown. */
  gw_window_open (window, demo);
  gw_test_iterate_until_idle ();
  g_assert_null (find_error_dialog (window));
  g_assert_true (g_file_equal (gw_window_get_file (window), demo));
  gw_window_open (window, file);
  gw_test_iterate_until_idle ();
  dialog = find_error_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_true (g_file_equal (gw_window_get_file (window), demo));
  g_assert_nonnull (gw_window_get_snapshot (window));
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_cmpint (g_unlink (path), ==, 0);
  destroy_window (window);
}

static void
test_layers_and_recent (void)
{
  GwWindow *window = open_demo_window ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GVariant) state = NULL;
  g_auto(GStrv) recent = NULL;
  g_autofree char *last = NULL;

  /* The demo is remembered as the last and most recent file. */
  last = g_settings_get_string (settings, "last-file");
  g_assert_cmpstr (last, ==, demo_path);
  recent = g_settings_get_strv (settings, "recent-files");
  g_assert_cmpstr (recent[0], ==, demo_path);

  /* The layer menu's toggles are the settings. */
  g_assert_true (gw_window_get_layers (window) & GW_LAYER_BUILDINGS);
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-buildings", NULL);
  gw_test_iterate_until_idle ();
  g_assert_false (g_settings_get_boolean (settings, "show-buildings"));
  g_assert_false (gw_window_get_layers (window) & GW_LAYER_BUILDINGS);
  state = g_action_group_get_action_state (G_ACTION_GROUP (window), "show-buildings");
  g_assert_false (g_variant_get_boolean (state));

  g_settings_set_boolean (settings, "show-buildings", TRUE);
  gw_test_iterate_until_idle ();
  g_assert_true (gw_window_get_layers (window) & GW_LAYER_BUILDINGS);

  /* The layers menu holds the legend: what the map shows now, in its
   * colours; a layer turned off leaves it. */
  {
    GtkWidget *legend = gw_window_get_legend (window);
    g_autoptr (GPtrArray) labels = NULL;
    gboolean buildings = FALSE, grids = FALSE, outside = FALSE;

    g_assert_nonnull (legend);
    g_assert_nonnull (gtk_widget_get_ancestor (legend, GTK_TYPE_POPOVER_MENU));
    gtk_popover_popup (GTK_POPOVER (gtk_widget_get_ancestor (legend, GTK_TYPE_POPOVER)));
    gw_test_iterate_for (200);
    labels = gw_map_legend_get_labels (GW_MAP_LEGEND (legend));
    for (guint i = 0; i < labels->len; i++)
      {
        const char *label = g_ptr_array_index (labels, i);

        buildings |= g_strcmp0 (label, "Residential building") == 0;
        grids |= g_strcmp0 (label, "Grid boundary and code") == 0;
        outside |= g_strcmp0 (label, "Outside the street") == 0;
      }
    g_assert_true (buildings && grids && outside);
    gw_test_screenshot (gtk_widget_get_ancestor (legend, GTK_TYPE_POPOVER), "legend.png");
    gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (legend, GTK_TYPE_POPOVER)));
    gw_test_iterate_for (100);

    g_settings_set_boolean (settings, "show-buildings", FALSE);
    gw_test_iterate_until_idle ();
    gtk_popover_popup (GTK_POPOVER (gtk_widget_get_ancestor (legend, GTK_TYPE_POPOVER)));
    gw_test_iterate_for (200);
    g_clear_pointer (&labels, g_ptr_array_unref);
    labels = gw_map_legend_get_labels (GW_MAP_LEGEND (legend));
    for (guint i = 0; i < labels->len; i++)
      g_assert_cmpstr (g_ptr_array_index (labels, i), !=, "Residential building");
    g_assert_cmpuint (labels->len, >, 3);
    gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (legend, GTK_TYPE_POPOVER)));
    g_settings_set_boolean (settings, "show-buildings", TRUE);
    gw_test_iterate_until_idle ();
  }

  destroy_window (window);
}

/* The map layers (of our tiles) the map holds now, top first. */
static guint
count_map_layers (ShumateMap *map,
                  GwTileSource **top_source)
{
  guint n = 0;

  *top_source = NULL;
  for (GtkWidget *child = gtk_widget_get_last_child (GTK_WIDGET (map)); child != NULL;
       child = gtk_widget_get_prev_sibling (child))
    if (SHUMATE_IS_MAP_LAYER (child))
      {
        g_autoptr (ShumateMapSource) source = NULL;

        g_object_get (child, "map-source", &source, NULL);
        if (GW_IS_TILE_SOURCE (source))
          {
            if (n == 0)
              *top_source = GW_TILE_SOURCE (source);
            n++;
          }
      }
  return n;
}

static gboolean
tiles_settled (gpointer data)
{
  GwTileSource *top = NULL;

  return count_map_layers (gw_window_get_map (data), &top) == 1 && top != NULL &&
         !gw_tile_source_is_loading (top) && gw_tile_source_get_n_filled (top) > 0 &&
         !gw_map_overlay_get_tiles_loading (gw_window_get_overlay (data));
}

/* A new picture of the map (a layer turned off here; an edit or a drop
 * does the same) keeps the old tiles on screen until the new ones are
 * drawn, instead of a blank map; meanwhile the labels move with the tiles
 * (the overlay knows tiles are loading), and all settles on the new tiles. */
static void
test_tiles_kept_until_drawn (void)
{
  GwWindow *window = open_demo_window ();
  ShumateMap *map = gw_window_get_map (window);
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  GwTileSource *top = NULL, *before;
  gboolean was_loading = FALSE;

  g_assert_true (gw_test_iterate_until (tiles_settled, window, 20000));
  g_assert_cmpuint (count_map_layers (map, &before), ==, 1);
  g_object_add_weak_pointer (G_OBJECT (before), (gpointer *) &before);

  g_settings_set_boolean (settings, "show-cases", !g_settings_get_boolean (settings, "show-cases"));
  /* At once: the new layer under the old, which is still shown. */
  g_assert_cmpuint (count_map_layers (map, &top), ==, 2);
  g_assert_true (top == before);
  while (!tiles_settled (window))
    {
      was_loading |= gw_map_overlay_get_tiles_loading (gw_window_get_overlay (window));
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_true (was_loading);
  g_assert_cmpuint (count_map_layers (map, &top), ==, 1);
  g_assert_true (top != before);
  g_settings_set_boolean (settings, "show-cases", !g_settings_get_boolean (settings, "show-cases"));
  g_assert_true (gw_test_iterate_until (tiles_settled, window, 20000));

  /* Supervising, the hotspots' colours lie over the map: the tiles drop
   * the communities' tints, and take them back after. */
  count_map_layers (map, &top);
  g_assert_false (gw_tile_source_get_layers (top) & GW_LAYER_PLAIN);
  g_action_group_change_action_state (G_ACTION_GROUP (window), "supervising",
                                      g_variant_new_boolean (TRUE));
  g_assert_true (gw_test_iterate_until (tiles_settled, window, 20000));
  count_map_layers (map, &top);
  g_assert_true (gw_tile_source_get_layers (top) & GW_LAYER_PLAIN);
  g_action_group_change_action_state (G_ACTION_GROUP (window), "supervising",
                                      g_variant_new_boolean (FALSE));
  g_assert_true (gw_test_iterate_until (tiles_settled, window, 20000));
  count_map_layers (map, &top);
  g_assert_false (gw_tile_source_get_layers (top) & GW_LAYER_PLAIN);
  destroy_window (window);
}

/* Switches the inspector to one of its tabs, as a click on the switcher does. */
static void
show_inspector_tab (GwInspectorPanel *inspector,
                    const char       *name)
{
  GtkWidget *widget = find_descendant (GTK_WIDGET (inspector), ADW_TYPE_VIEW_STACK);

  g_assert_nonnull (widget);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (widget), name);
  gw_test_iterate_until_idle ();
}

/* The inspector as a user sees it, to compare before and after a change to
 * the panel: a grid's three tabs, a household, a building. Only with
 * $GW_TEST_SCREENSHOT_DIR set. */
static void
test_inspector_screenshots (void)
{
  g_autoptr (GtkCssProvider) css = NULL;
  g_autoptr (GwStore) store = NULL;
  g_autoptr (GDateTime) now = gw_now ();
  g_autoptr (GError) error = NULL;
  GwInspectorPanel *inspector;
  GwMapSnapshot *snapshot;
  GwWindow *window;
  GListModel *cases;
  gint64 grid_id = 0, building_id = 0;

  if (g_getenv ("GW_TEST_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("GW_TEST_SCREENSHOT_DIR is not set");
      return;
    }

  /* Pictures of the end state, not of a crossfade half way. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* The application loads its style sheet; tests have no application. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/org/gridwork/Gridwork/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  window = open_demo_window ();
  inspector = gw_window_get_inspector (window);
  snapshot = gw_window_get_snapshot (window);
  store = open_demo_store ();

  /* A grid with several open cases, some overdue if any are. */
  for (guint i = 0; i < gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_GRID); i++)
    {
      const GwFeature *grid = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_GRID, i);
      g_autoptr (GwGridSummary) summary = gw_inspector_grid_summary (store, grid->id, now, &error);

      g_assert_no_error (error);
      if (summary->n_open_cases >= 3)
        {
          grid_id = grid->id;
          if (summary->n_overdue_cases > 0)
            break;
        }
    }
  g_assert_cmpint (grid_id, !=, 0);

  g_assert_true (gw_window_select_feature (window, GW_FEATURE_GRID, grid_id));
  gw_test_iterate_until_idle ();
  gw_test_screenshot (GTK_WIDGET (window), "inspector-grid-overview.png");

  gw_inspector_panel_focus_search (inspector);
  gw_test_iterate_until_idle ();
  gw_test_screenshot (GTK_WIDGET (window), "inspector-grid-households.png");

  cases = gw_inspector_panel_get_cases (inspector);
  g_assert_cmpuint (g_list_model_get_n_items (cases), >=, 3);
  {
    g_autoptr (GwCaseSummary) first = g_list_model_get_item (cases, 0);
    g_autoptr (GwCaseSummary) second = g_list_model_get_item (cases, 1);

    g_assert_true (gw_inspector_panel_select_case (inspector, first->id, FALSE));
    g_assert_true (gw_inspector_panel_select_case (inspector, second->id, TRUE));
  }
  gw_test_iterate_until_idle ();
  gw_test_screenshot (GTK_WIDGET (window), "inspector-grid-cases.png");

  gw_inspector_panel_focus_search (inspector);
  gw_test_iterate_until_idle ();
  g_signal_emit_by_name (gw_inspector_panel_get_household_view (inspector), "activate", 0);
  gw_test_iterate_until_idle ();
  g_assert_true (gw_inspector_panel_is_showing_household (inspector));
  gw_test_screenshot (GTK_WIDGET (window), "inspector-household.png");

  building_id = gw_inspector_panel_get_household (inspector, 0)->building_id;
  g_assert_true (gw_window_select_feature (window, GW_FEATURE_BUILDING, building_id));
  gw_test_iterate_until_idle ();
  show_inspector_tab (inspector, "overview");
  gw_test_screenshot (GTK_WIDGET (window), "inspector-building.png");

  destroy_window (window);
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                 GTK_STYLE_PROVIDER (css));
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
}

/* Width of @text on one line in @widget's font. */
static int
text_width (GtkWidget  *widget,
            const char *text,
            int        *height)
{
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width;

  pango_layout_get_pixel_size (layout, &width, height);
  return width;
}

/* Chinese tooltips: GTK 4.8 wrapped "打开街道数据库" three characters a line
 * (it gives a tooltip as many narrow character cells as it has characters,
 * and a Chinese character takes two). Ours keep a short text on one line
 * and wrap a long one at a readable width, in every window. */
static void
test_tooltips_cjk (void)
{
  const char *short_text = "打开街道数据库";
  g_autoptr (GString) long_text = g_string_new (NULL);
  GtkWidget *label, *window, *button;
  int width, line_h, natural, height, char_w;

  for (int i = 0; i < 8; i++)
    g_string_append (long_text, "网格员每半年走访一次住户。");

  label = g_object_ref_sink (gw_tooltip_label_new (short_text));
  width = text_width (label, short_text, &line_h);
  char_w = width / (int) g_utf8_strlen (short_text, -1);
  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_assert_cmpint (natural, >=, width);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, natural, NULL, &height, NULL, NULL);
  g_assert_cmpint (height, <, line_h * 3 / 2);
  g_assert_finalize_object (label);

  /* A long one wraps, at twenty characters a line or more. */
  label = g_object_ref_sink (gw_tooltip_label_new (long_text->str));
  width = text_width (label, long_text->str, NULL);
  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_assert_cmpint (natural, <, width / 2);
  g_assert_cmpint (natural, >=, 20 * char_w);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, natural, NULL, &height, NULL, NULL);
  g_assert_cmpint (height, >, 2 * line_h);
  g_assert_finalize_object (label);

  /* A widget that has a tooltip when it is shown gets ours. */
  gw_tooltips_init ();
  window = gtk_window_new ();
  button = gtk_button_new_with_label ("打开");
  gtk_widget_set_tooltip_text (button, short_text);
  gtk_window_set_child (GTK_WINDOW (window), button);
  g_assert_false (gw_tooltips_attached (button));
  gtk_window_present (GTK_WINDOW (window));
  gw_test_iterate_until_idle ();
  g_assert_true (gw_tooltips_attached (button));
  {
    g_autoptr (GtkTooltip) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
    gboolean shown = FALSE;

    g_signal_emit_by_name (button, "query-tooltip", 5, 5, FALSE, tooltip, &shown);
    g_assert_true (shown);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  gw_test_iterate_until_idle ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tmp_dir = g_dir_make_tmp ("gridwork-test-app-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/app/window/grid-click", test_grid_click);
  g_test_add_func ("/app/window/building-click", test_building_click);
  g_test_add_func ("/app/window/not-a-database", test_not_a_database);
  g_test_add_func ("/app/window/layers-and-recent", test_layers_and_recent);
  g_test_add_func ("/app/window/tiles-kept-until-drawn", test_tiles_kept_until_drawn);
  g_test_add_func ("/app/window/inspector-screenshots", test_inspector_screenshots);
  g_test_add_func ("/app/window/tooltips-cjk", test_tooltips_cjk);
  g_test_add ("/app/leaks/summary-row", LeakFixture, NULL,
              leak_fixture_set_up, test_leak_summary_row, leak_fixture_tear_down);
  g_test_add ("/app/leaks/inspector-summary", LeakFixture, NULL,
              leak_fixture_set_up, test_leak_inspector_summary, leak_fixture_tear_down);
  g_test_add ("/app/leaks/worker-row", LeakFixture, NULL,
              leak_fixture_set_up, test_leak_worker_row, leak_fixture_tear_down);
  g_test_add ("/app/leaks/worker-list", LeakFixture, NULL,
              leak_fixture_set_up, test_leak_worker_list, leak_fixture_tear_down);
  g_test_add ("/app/leaks/household-cell", LeakFixture, NULL,
              leak_fixture_set_up, test_leak_household_cell, leak_fixture_tear_down);
  g_test_add ("/app/leaks/household-list", LeakFixture, NULL,
              leak_fixture_set_up, test_leak_household_list, leak_fixture_tear_down);
  g_test_add ("/app/leaks/case-cell", LeakFixture, NULL,
              leak_fixture_set_up, test_leak_case_cell, leak_fixture_tear_down);
  g_test_add ("/app/leaks/case-list", LeakFixture, NULL,
              leak_fixture_set_up, test_leak_case_list, leak_fixture_tear_down);
  g_test_add ("/app/leaks/inspector-panel", LeakFixture, NULL,
              leak_fixture_set_up, test_leak_inspector_panel, leak_fixture_tear_down);
  g_test_add ("/app/leaks/reroute-target-row", LeakFixture, NULL,
              leak_fixture_set_up, test_leak_reroute_target_row, leak_fixture_tear_down);
  g_test_add ("/app/leaks/departments-panel", LeakFixture, NULL,
              leak_fixture_set_up, test_leak_departments_panel, leak_fixture_tear_down);

  status = g_test_run ();

  gw_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (demo_path);
  return status;
}
