/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-app-cases"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gw-case-drag.h"
#include "gw-case-page.h"
#include "gw-demo.h"
#include "gw-departments-panel.h"
#include "gw-domain.h"
#include "gw-new-case-dialog.h"
#include "gw-reroute-dialog.h"
#include "gw-reroute-target-row.h"
#include "gw-store-private.h"
#include "gw-util.h"
#include "gw-window.h"
#include "gw-test-store.h"
#include "gw-test-app.h"
#include "gw-test-util.h"

/* Rerouting as a user does it in the window: cases dropped on a worker row,
 * on a department, on a grid of the list and on a grid of the map — through
 * the widgets' own GtkDropTarget "drop" signal with the value a drag of case
 * rows carries, since GTK 4 cannot synthesize pointer input — and the
 * keyboard path through the Reroute dialog. Each test checks the store: who
 * holds the case now, and that its history says so. */

static char *tmp_dir;

typedef struct
{
  char     *path;
  GwWindow *window;
  GwStore  *store;      /* a second connection, to check what was committed */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static int n;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("cases-%d.sqlite", ++n);

  f->path = gw_test_demo_copy (tmp_dir, name);
  f->window = gw_test_window_open (f->path);

  /* GRIDWORK_USER (main) chose the user: no picker. */
  g_assert_nonnull (gw_window_get_user (f->window));
  g_assert_cmpstr (gw_window_get_user (f->window)->login, ==,
                   "supervisor");

  f->store = gw_store_open (f->path, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gw_test_window_close (f->window);
  g_clear_object (&f->store);
  gw_test_remove_database (f->path);
  g_free (f->path);
}

/* An open case that can be handed over, in a grid with a team of several;
 * the grid is shown in the inspector and the case selected in its list. */
static gint64
show_reroutable_case (Fixture *f,
                      gint64  *grid_id)
{
  GwInspectorPanel *inspector = gw_window_get_inspector (f->window);
  gint64 case_id;

  case_id = gw_test_query_int (f->store,
                       "SELECT min (k.id) FROM cases k WHERE k.status IN ('dispatched', 'in_progress') "
                       "AND k.worker_id IS NOT NULL AND (SELECT count (DISTINCT worker_id) FROM "
                       "grid_workers gw WHERE gw.grid_id = k.grid_id) >= 3",
                       0, 0);
  g_assert_cmpint (case_id, >, 0);
  *grid_id = gw_test_query_int (f->store, "SELECT grid_id FROM cases WHERE id = ?", case_id, 0);
  g_assert_true (gw_window_select_feature (f->window, GW_FEATURE_GRID, *grid_id));
  g_assert_true (gw_inspector_panel_select_case (inspector, case_id, FALSE));
  gw_test_iterate_until_idle ();
  return case_id;
}

/* What a drag of the selected case rows carries. */
static GwCaseDrag *
dragged_selection (Fixture *f)
{
  GwCaseDrag *drag = gw_inspector_panel_dup_selected_cases (gw_window_get_inspector (f->window));

  g_assert_nonnull (drag);
  return drag;
}

/* Emits @target's "drop" as GTK does when the pointer is released over it. */
static gboolean
drop_on (GtkDropTarget    *target,
         const GwCaseDrag *drag,
         double            x,
         double            y)
{
  GValue value = G_VALUE_INIT;
  gboolean handled = FALSE;

  g_assert_nonnull (target);
  g_value_init (&value, GW_TYPE_CASE_DRAG);
  g_value_set_boxed (&value, drag);
  g_signal_emit_by_name (target, "drop", &value, x, y, &handled);
  g_value_unset (&value);
  gw_test_iterate_until_idle ();
  return handled;
}

static char *
last_event_text (GwStore    *store,
                 const char *column,
                 gint64      case_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM case_events WHERE case_id = ? "
                                          "ORDER BY id DESC LIMIT 1", column);

  return gw_test_query_text (store, sql, case_id);
}

static void
test_drop_on_worker (Fixture       *f,
                     gconstpointer  data)
{
  GwInspectorPanel *inspector = gw_window_get_inspector (f->window);
  GwWindow *cases = f->window;
  g_autoptr (GwCaseDrag) drag = NULL;
  g_autofree char *name_b = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *to = NULL;
  gint64 grid_id, worker_a, worker_b, events;
  gint64 case_id = show_reroutable_case (f, &grid_id);
  GtkWidget *row;

  worker_a = gw_test_query_int (f->store, "SELECT worker_id FROM cases WHERE id = ?", case_id, 0);
  worker_b = gw_test_query_int (f->store, "SELECT min (worker_id) FROM grid_workers WHERE grid_id = ? "
                        "AND worker_id <> ?", grid_id, worker_a);
  name_b = gw_test_query_text (f->store, "SELECT name FROM workers WHERE id = ?", worker_b);
  events = gw_test_query_int (f->store, "SELECT count(*) FROM case_events WHERE case_id = ?", case_id, 0);

  drag = dragged_selection (f);
  g_assert_cmpuint (drag->n_cases, ==, 1);
  g_assert_cmpint (drag->case_ids[0], ==, case_id);
  g_assert_cmpint (drag->versions[0], ==,
                   gw_test_query_int (f->store, "SELECT version FROM cases WHERE id = ?", case_id, 0));

  /* Worker B's row in the Workers list is a drop target. */
  row = gw_inspector_panel_get_worker_row (inspector, worker_b);
  g_assert_nonnull (row);
  g_assert_true (drop_on (gw_case_drag_get_drop_target (row), drag, 20, 10));

  /* The case now belongs to worker B and its history says so. */
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT worker_id FROM cases WHERE id = ?", case_id, 0),
                   ==, worker_b);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT count(*) FROM case_events WHERE case_id = ?",
                              case_id, 0), ==, events + 1);
  kind = last_event_text (f->store, "kind", case_id);
  to = last_event_text (f->store, "to_assignee", case_id);
  g_assert_cmpstr (kind, ==, "reroute");
  g_assert_cmpstr (to, ==, name_b);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT user_id FROM case_events WHERE case_id = ? "
                              "ORDER BY id DESC LIMIT 1", case_id, 0), ==, 2);
  /* A toast names what changed and offers Undo. */
  g_assert_nonnull (strstr (gw_window_get_last_toast (cases), name_b));

  /* Undo, as the toast's button does, puts it back — as another event. */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "undo-reroute", NULL);
  gw_test_iterate_until_idle ();
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT worker_id FROM cases WHERE id = ?", case_id, 0),
                   ==, worker_a);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT count(*) FROM case_events WHERE case_id = ? AND "
                              "kind = 'reroute'", case_id, 0), >=, 2);

  /* The stale drag (its version is old now) is refused, not applied. */
  g_assert_true (drop_on (gw_case_drag_get_drop_target (gw_inspector_panel_get_worker_row (inspector,
                                                                                          worker_b)),
                          drag, 20, 10));
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT worker_id FROM cases WHERE id = ?", case_id, 0),
                   ==, worker_a);
  g_assert_nonnull (strstr (gw_window_get_last_failure (cases), "changed by someone else"));
}

/* The assignee of @case_id as the inspector's Open Cases list shows it. */
static const char *
listed_assignee (Fixture *f,
                 gint64   case_id)
{
  GListModel *cases = gw_inspector_panel_get_cases (gw_window_get_inspector (f->window));

  for (guint i = 0; i < g_list_model_get_n_items (cases); i++)
    {
      g_autoptr (GwCaseSummary) row = g_list_model_get_item (cases, i);

      if (row->id == case_id)
        return row->assignee;
    }
  return NULL;
}

typedef struct
{
  Fixture    *f;
  gint64      case_id;
  const char *name;
} ListedWait;

static gboolean
listed_assignee_is (gpointer data)
{
  ListedWait *wait = data;

  return g_strcmp0 (listed_assignee (wait->f, wait->case_id), wait->name) == 0;
}

typedef struct
{
  GwWindow      *window;
  GwMapSnapshot *before;
} SnapshotWait;

static gboolean
snapshot_replaced (gpointer data)
{
  SnapshotWait *wait = data;

  return gw_window_get_snapshot (wait->window) != wait->before;
}

/* Issue 8: the open window survives the command line reading and writing its
 * file, shows what the command line changed without being asked, and its own
 * next write reaches every other program. */
static void
test_cli_beside_window (Fixture       *f,
                        gconstpointer  data)
{
  GwInspectorPanel *inspector = gw_window_get_inspector (f->window);
  g_autoptr (GwCaseDrag) drag = NULL;
  g_autofree char *name_a = NULL;
  g_autofree char *name_b = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *worker_text = NULL;
  g_autofree char *version_text = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GwMapSnapshot *before;
  gint64 grid_id, worker_a, worker_b, version;
  gint64 case_id = show_reroutable_case (f, &grid_id);
  ListedWait wait = { f, case_id, NULL };
  SnapshotWait snapshot_wait;

  worker_a = gw_test_query_int (f->store, "SELECT worker_id FROM cases WHERE id = ?", case_id, 0);
  worker_b = gw_test_query_int (f->store, "SELECT min (worker_id) FROM grid_workers WHERE grid_id = ? "
                        "AND worker_id <> ?", grid_id, worker_a);
  name_a = gw_test_query_text (f->store, "SELECT name FROM workers WHERE id = ?", worker_a);
  name_b = gw_test_query_text (f->store, "SELECT name FROM workers WHERE id = ?", worker_b);
  version = gw_test_query_int (f->store, "SELECT version FROM cases WHERE id = ?", case_id, 0);
  g_assert_cmpstr (listed_assignee (f, case_id), ==, name_a);
  /* Held, so that a new snapshot cannot take its address. */
  before = gw_map_snapshot_ref (gw_window_get_snapshot (f->window));

  /* A read, then a reroute, from the command line. */
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, case_id);
  worker_text = g_strdup_printf ("%" G_GINT64_FORMAT, worker_b);
  version_text = g_strdup_printf ("%" G_GINT64_FORMAT, version);
  {
    const char *show[] = { "case", "show", f->path, id_text, NULL };
    const char *reroute[] = { "case", "reroute", f->path, id_text, "--to-worker", worker_text,
                              "--expect-version", version_text, "--reason", "命令行改派", NULL };

    g_assert_cmpint (gw_test_run_cli (show, &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (gw_test_run_cli (reroute, &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* The window notices by itself (the poll) and shows the new assignee. */
  wait.name = name_b;
  g_assert_true (gw_test_iterate_until (listed_assignee_is, &wait, 10000));
  /* The map follows from a worker thread. */
  snapshot_wait.window = f->window;
  snapshot_wait.before = before;
  g_assert_true (gw_test_iterate_until (snapshot_replaced, &snapshot_wait, 10000));
  gw_map_snapshot_unref (before);

  /* Its own reroute back, from what it now shows, reaches other programs. */
  g_assert_true (gw_inspector_panel_select_case (inspector, case_id, FALSE));
  drag = dragged_selection (f);
  g_assert_cmpint (drag->versions[0], ==, version + 1);
  g_assert_true (drop_on (gw_case_drag_get_drop_target (gw_inspector_panel_get_worker_row (inspector,
                                                                                          worker_a)),
                          drag, 20, 10));
  g_assert_null (gw_window_get_last_failure (f->window));
  {
    const char *show[] = { "case", "show", f->path, id_text, NULL };
    g_autofree char *expected_version = g_strdup_printf ("Version:          %" G_GINT64_FORMAT,
                                                         version + 2);
    g_autofree char *expected_assignee = g_strdup_printf ("Assignee:         %s", name_a);

    g_assert_cmpint (gw_test_run_cli (show, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, expected_version));
    g_assert_nonnull (strstr (out, expected_assignee));
    g_assert_nonnull (strstr (out, "命令行改派"));
  }
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT worker_id FROM cases WHERE id = ?", case_id, 0),
                   ==, worker_a);
}

/* Ctrl+Z undoes reroutes one after another, Ctrl+Shift+Z redoes them, each
 * as a new step of the case's history; a new reroute ends the redo. */
static void
test_undo_history (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  gint64 grid_id, worker_a, worker_b, worker_c, events;
  gint64 case_id = show_reroutable_case (f, &grid_id);

  worker_a = gw_test_query_int (f->store, "SELECT worker_id FROM cases WHERE id = ?", case_id, 0);
  worker_b = gw_test_query_int (f->store, "SELECT min (worker_id) FROM grid_workers WHERE grid_id = ? "
                        "AND worker_id <> ?", grid_id, worker_a);
  worker_c = gw_test_query_int (f->store, "SELECT max (worker_id) FROM grid_workers WHERE grid_id = ? "
                        "AND worker_id <> ?", grid_id, worker_a);
  g_assert_cmpint (worker_b, !=, worker_c);
  events = gw_test_query_int (f->store, "SELECT count(*) FROM case_events WHERE case_id = ?", case_id, 0);

  for (int step = 0; step < 2; step++)
    {
      g_autoptr (GwCaseDrag) drag = NULL;

      g_assert_true (gw_inspector_panel_select_case (gw_window_get_inspector (f->window), case_id,
                                                     FALSE));
      drag = dragged_selection (f);
      g_assert_true (gw_window_reroute_cases (f->window, drag, GW_REROUTE_TO_WORKER,
                                              step == 0 ? worker_b : worker_c, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT worker_id FROM cases WHERE id = ?", case_id, 0),
                   ==, worker_c);

  /* Ctrl+Z twice: back to B, then back to A. */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "undo-reroute", NULL);
  gw_test_iterate_until_idle ();
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT worker_id FROM cases WHERE id = ?", case_id, 0),
                   ==, worker_b);
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "undo-reroute", NULL);
  gw_test_iterate_until_idle ();
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT worker_id FROM cases WHERE id = ?", case_id, 0),
                   ==, worker_a);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "undo-reroute"));

  /* Ctrl+Shift+Z: to B again. Every step is in the history. */
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "redo-reroute"));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "redo-reroute", NULL);
  gw_test_iterate_until_idle ();
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT worker_id FROM cases WHERE id = ?", case_id, 0),
                   ==, worker_b);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT count(*) FROM case_events WHERE case_id = ?",
                              case_id, 0), ==, events + 5);

  /* Someone else moves it: the redo of C is refused, not applied over it. */
  {
    g_autoptr (GwUser) other = gw_user_load (f->store, "supervisor", &error);
    GwRerouteTarget to_a = { GW_REROUTE_TO_WORKER, worker_a };

    g_assert_true (gw_case_reroute (f->store, other, case_id, &to_a, NULL, 0, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_false (gw_window_redo_reroute (f->window, &error));
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_CONFLICT);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT worker_id FROM cases WHERE id = ?", case_id, 0),
                   ==, worker_a);
}

/* The drop target of the map: the grid under the pointer lights up while
 * dragging; a drop on it moves the case there; outside every grid nothing
 * happens. */
static void
test_drop_on_map_grid (Fixture       *f,
                       gconstpointer  data)
{
  GwWindow *cases = f->window;
  GtkDropTarget *target = gw_window_get_map_drop_target (cases);
  ShumateMap *map = gw_window_get_map (f->window);
  /* Held: after the drop the window publishes a new snapshot. */
  g_autoptr (GwMapSnapshot) snapshot = gw_map_snapshot_ref (gw_window_get_snapshot (f->window));
  g_autoptr (GwCaseDrag) drag = NULL;
  g_autofree char *to_grid = NULL;
  g_autofree char *code_b = NULL;
  const GwFeature *grid_b = NULL;
  gint64 grid_a, first_b;
  gint64 case_id = show_reroutable_case (f, &grid_a);
  GdkDragAction action = 0;
  double lon, lat, x, y;
  gboolean found_outside = FALSE;

  drag = dragged_selection (f);
  for (guint i = 0; i < gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_GRID) && grid_b == NULL; i++)
    {
      const GwFeature *grid = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_GRID, i);

      if (grid->id != grid_a)
        grid_b = grid;
    }
  g_assert_nonnull (grid_b);
  first_b = gw_test_query_int (f->store, "SELECT worker_id FROM grid_workers WHERE grid_id = ? AND "
                       "is_first = 1", grid_b->id, 0);
  code_b = gw_test_query_text (f->store, "SELECT code FROM grids WHERE id = ?", grid_b->id);

  gw_mercator_to_lonlat (grid_b->label_point.x, grid_b->label_point.y, &lon, &lat);
  shumate_viewport_location_to_widget_coords (shumate_map_get_viewport (map), GTK_WIDGET (map),
                                              lat, lon, &x, &y);
  g_assert_cmpfloat (x, >, 0);
  g_assert_cmpfloat (y, >, 0);
  g_assert_cmpfloat (x, <, gtk_widget_get_width (GTK_WIDGET (map)));
  g_assert_cmpfloat (y, <, gtk_widget_get_height (GTK_WIDGET (map)));

  /* Dragging over grid B highlights it. */
  g_signal_emit_by_name (target, "motion", x, y, &action);
  g_assert_cmpint (action, ==, GDK_ACTION_MOVE);
  g_assert_cmpint (gw_window_get_drop_grid (cases), ==, grid_b->id);

  g_assert_true (drop_on (target, drag, x, y));
  g_assert_cmpint (gw_window_get_drop_grid (cases), ==, 0);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT grid_id FROM cases WHERE id = ?", case_id, 0), ==,
                   grid_b->id);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT worker_id FROM cases WHERE id = ?", case_id, 0), ==,
                   first_b);
  to_grid = gw_test_query_text (f->store, "SELECT g.code FROM case_events e JOIN grids g ON "
                        "g.id = e.to_grid_id WHERE e.case_id = ? ORDER BY e.id DESC LIMIT 1",
                        case_id);
  g_assert_cmpstr (to_grid, ==, code_b);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT from_grid_id FROM case_events WHERE case_id = ? "
                              "ORDER BY id DESC LIMIT 1", case_id, 0), ==, grid_a);

  /* A point of the map outside every grid: not accepted, nothing changes. */
  for (int px = 2; px < gtk_widget_get_width (GTK_WIDGET (map)) && !found_outside; px += 7)
    for (int py = 2; py < gtk_widget_get_height (GTK_WIDGET (map)) && !found_outside; py += 7)
      {
        double mx, my;

        shumate_viewport_widget_coords_to_location (shumate_map_get_viewport (map),
                                                    GTK_WIDGET (map), px, py, &lat, &lon);
        gw_lonlat_to_mercator (lon, lat, &mx, &my);
        if (gw_map_snapshot_pick (gw_window_get_snapshot (f->window), GW_FEATURE_GRID, mx, my) == NULL)
          {
            g_autoptr (GwCaseDrag) again = gw_case_drag_new (1, &case_id, NULL);
            gint64 events = gw_test_query_int (f->store, "SELECT count(*) FROM case_events WHERE "
                                       "case_id = ?", case_id, 0);

            found_outside = TRUE;
            action = GDK_ACTION_MOVE;
            g_signal_emit_by_name (target, "motion", (double) px, (double) py, &action);
            g_assert_cmpint (action, ==, 0);
            g_assert_cmpint (gw_window_get_drop_grid (cases), ==, 0);
            g_assert_false (drop_on (target, again, px, py));
            g_assert_cmpint (gw_test_query_int (f->store, "SELECT grid_id FROM cases WHERE id = ?",
                                        case_id, 0), ==, grid_b->id);
            g_assert_cmpint (gw_test_query_int (f->store, "SELECT count(*) FROM case_events WHERE "
                                        "case_id = ?", case_id, 0), ==, events);
          }
      }
  g_assert_true (found_outside);
}

static gint64
leading_count (const char *text)
{
  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

/* The departments panel: a department row and a grid row, with loads. */
static void
test_drop_on_panel (Fixture       *f,
                    gconstpointer  data)
{
  GwWindow *cases = f->window;
  GwDepartmentsPanel *panel = gw_window_get_departments_panel (cases);
  g_autoptr (GwCaseDrag) drag = NULL;
  g_autofree char *scope = NULL;
  gint64 grid_a, grid_c, department, load_before;
  gint64 case_id = show_reroutable_case (f, &grid_a);

  department = gw_test_query_int (f->store, "SELECT min (id) FROM departments WHERE id NOT IN (SELECT "
                          "coalesce (department_id, 0) FROM cases WHERE id = ?)", case_id, 0);
  g_assert_nonnull (gw_departments_panel_get_department_row (panel, department));
  load_before = leading_count (gw_departments_panel_get_load_text (panel, GW_REROUTE_TO_DEPARTMENT,
                                                                   department));
  g_assert_cmpint (load_before, ==,
                   gw_test_query_int (f->store, "SELECT count(*) FROM cases WHERE department_id = ? AND "
                              "status IN " GW_CASE_OPEN_STATUSES_SQL, department, 0));

  drag = dragged_selection (f);
  g_assert_true (drop_on (gw_case_drag_get_drop_target (gw_departments_panel_get_department_row (panel,
                                                                                               department)),
                          drag, 10, 10));
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT department_id FROM cases WHERE id = ?", case_id, 0),
                   ==, department);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT worker_id IS NULL FROM cases WHERE id = ?", case_id,
                              0), ==, 1);
  scope = gw_test_query_text (f->store, "SELECT scope FROM cases WHERE id = ?", case_id);
  g_assert_cmpstr (scope, ==, "big");
  /* The drop target shows its new load. */
  g_assert_cmpint (leading_count (gw_departments_panel_get_load_text (panel, GW_REROUTE_TO_DEPARTMENT,
                                                                      department)),
                   ==, load_before + 1);

  /* Then onto a grid of the grid list, with the list's fresh selection. */
  g_clear_pointer (&drag, gw_case_drag_free);
  g_assert_true (gw_inspector_panel_select_case (gw_window_get_inspector (f->window), case_id, FALSE));
  drag = dragged_selection (f);
  grid_c = gw_test_query_int (f->store, "SELECT min (id) FROM grids WHERE id <> ?", grid_a, 0);
  g_assert_true (drop_on (gw_case_drag_get_drop_target (gw_departments_panel_get_grid_row (panel,
                                                                                         grid_c)),
                          drag, 10, 10));
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT grid_id FROM cases WHERE id = ?", case_id, 0), ==,
                   grid_c);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT department_id IS NULL AND worker_id IS NOT NULL "
                              "FROM cases WHERE id = ?", case_id, 0), ==, 1);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT to_grid_id FROM case_events WHERE case_id = ? "
                              "ORDER BY id DESC LIMIT 1", case_id, 0), ==, grid_c);
}

/* Ctrl+R is bound to the action the test activates. */
static gboolean
window_has_shortcut (GwWindow   *window,
                     guint       keyval,
                     GdkModifierType modifiers,
                     const char *action_name)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) && GTK_IS_NAMED_ACTION (action)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers
              && g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)),
                            action_name) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

typedef struct
{
  GwRerouteDialog *dialog;
  guint            n_visible;
} Visible;

static gboolean
dialog_narrowed (gpointer data)
{
  Visible *visible = data;

  return gw_reroute_dialog_count_visible (visible->dialog) < visible->n_visible;
}

/* Every target row under @widget, into @rows. */
static void
collect_target_rows (GtkWidget *widget,
                     GPtrArray *rows)
{
  if (GW_IS_REROUTE_TARGET_ROW (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_target_rows (child, rows);
}

/* In a narrow dialog, a row whose name or description is cut short says
 * both whole in its tooltip, and a row shown whole has none. */
static void
assert_cut_rows_told_whole (GwRerouteDialog *dialog)
{
  GtkEditable *search = gw_reroute_dialog_get_search (dialog);
  g_autofree char *typed = g_strdup (gtk_editable_get_text (search));
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();
  guint n_cut = 0, n_whole = 0;

  gtk_window_set_default_size (GTK_WINDOW (dialog), 300, 620);
  gtk_editable_set_text (search, "");
  gw_test_iterate_for (300);
  collect_target_rows (GTK_WIDGET (dialog), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      GwRerouteTargetRow *row = g_ptr_array_index (rows, i);
      g_autofree char *cut = NULL;

      if (!gtk_widget_get_mapped (GTK_WIDGET (row)))
        continue;
      cut = gw_reroute_target_row_get_cut_text (row);
      if (cut == NULL)
        {
          n_whole++;
          continue;
        }
      n_cut++;
      /* The title whole, then the description. */
      g_assert_true (g_str_has_prefix (cut, gw_reroute_target_row_get_title (row)));
      g_assert_nonnull (strchr (cut, '\n'));
      g_assert_cmpuint (strlen (strchr (cut, '\n') + 1), >, 0);
    }
  g_test_message ("at 300 px: %u rows cut short, %u whole", n_cut, n_whole);
  /* Some descriptions (a grid's team, a department's phone) do not fit. */
  g_assert_cmpuint (n_cut, >, 0);
  g_assert_cmpuint (n_whole, >, 0);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 480, 620);
  gtk_editable_set_text (search, typed);
  gw_test_iterate_for (300);
}

/* The summary under the title wraps and shows every line whole, in English
 * and in Chinese (taller CJK glyphs from a fallback font), at the dialog's
 * width and narrowed: its second line was reported clipped. */
static void
assert_summary_shown_whole (GwRerouteDialog *dialog)
{
  static const char *const summaries[] = {
    "Environment and sanitation in grid 370203010006008, now with Zhang Ning of "
    "the street office's community service station",
    "环境卫生（垃圾清运、违规堆放、乱贴乱画），位于网格 370203010006008，"
    "现由街道办事处社区服务站张宁办理",
    "Environment and sanitation in grid 370203010006008, now with 街道办事处社区服务站张宁",
  };
  static const int widths[] = { 480, 360 };
  GtkLabel *summary = gw_reroute_dialog_get_summary (dialog);
  GtkWidget *search = GTK_WIDGET (gw_reroute_dialog_get_search (dialog));
  g_autofree char *original = g_strdup (gtk_label_get_label (summary));
  int one_line;

  g_assert_nonnull (summary);
  gtk_label_set_label (summary, "网格 Grid");
  gw_test_iterate_for (200);
  one_line = gtk_widget_get_height (GTK_WIDGET (summary));
  g_assert_cmpint (one_line, >, 0);

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    for (guint i = 0; i < G_N_ELEMENTS (summaries); i++)
      {
        graphene_rect_t label_box, search_box;
        int natural;

        gtk_window_set_default_size (GTK_WINDOW (dialog), widths[w], 620);
        gtk_label_set_label (summary, summaries[i]);
        gw_test_iterate_for (200);
        gtk_widget_measure (GTK_WIDGET (summary), GTK_ORIENTATION_VERTICAL,
                            gtk_widget_get_width (GTK_WIDGET (summary)), NULL, &natural,
                            NULL, NULL);
        /* Wrapped onto more lines, not cut short with an ellipsis. */
        g_assert_cmpint (natural, >, one_line);
        g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (summary)));
        /* Given all the height its lines need, and not under the search entry. */
        g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (summary)), >=, natural);
        g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (summary), GTK_WIDGET (dialog),
                                                  &label_box));
        g_assert_true (gtk_widget_compute_bounds (search, GTK_WIDGET (dialog), &search_box));
        g_assert_cmpfloat (label_box.origin.y + label_box.size.height, <=, search_box.origin.y);
      }
  gw_test_screenshot (GTK_WIDGET (dialog), "reroute-dialog-narrow.png");
  gtk_window_set_default_size (GTK_WINDOW (dialog), widths[0], 620);
  gtk_label_set_label (summary, original);
  gw_test_iterate_for (200);
}

/* Without a mouse: select the case, Ctrl+R, type a worker's name, a reason,
 * Enter. */
static void
test_keyboard_reroute (Fixture       *f,
                       gconstpointer  data)
{
  GwWindow *cases = f->window;
  GwRerouteDialog *dialog;
  g_autofree char *name_b = NULL;
  g_autofree char *reason = NULL;
  gint64 grid_id, worker_a, worker_b;
  gint64 case_id = show_reroutable_case (f, &grid_id);
  Visible visible;

  g_assert_true (window_has_shortcut (f->window, GDK_KEY_r, GDK_CONTROL_MASK,
                                      "win.reroute-selected"));
  worker_a = gw_test_query_int (f->store, "SELECT worker_id FROM cases WHERE id = ?", case_id, 0);
  worker_b = gw_test_query_int (f->store, "SELECT max (worker_id) FROM grid_workers WHERE grid_id = ? "
                        "AND worker_id <> ?", grid_id, worker_a);
  name_b = gw_test_query_text (f->store, "SELECT name FROM workers WHERE id = ?", worker_b);

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "reroute-selected", NULL);
  gw_test_iterate_until_idle ();
  dialog = gw_window_get_reroute_dialog (cases);
  g_assert_nonnull (dialog);
  g_assert_cmpuint (gw_reroute_dialog_get_n_cases (dialog), ==, 1);
  g_assert_cmpint (gw_reroute_dialog_get_case_ids (dialog)[0], ==, case_id);

  /* Typing narrows the targets to the worker (and anything else that matches). */
  visible.dialog = dialog;
  visible.n_visible = gw_reroute_dialog_count_visible (dialog);
  g_assert_cmpuint (visible.n_visible, >, 10);
  gtk_editable_set_text (gw_reroute_dialog_get_search (dialog), name_b);
  g_assert_true (gw_test_iterate_until (dialog_narrowed, &visible, 5000));
  g_assert_cmpuint (gw_reroute_dialog_count_visible (dialog), >=, 1);
  gtk_editable_set_text (gw_reroute_dialog_get_reason (dialog), "楼长熟悉情况");

  /* Enter in the search box chooses the first match and moves to the
   * reason: nothing is committed yet. */
  g_signal_emit_by_name (gw_reroute_dialog_get_search (dialog), "activate");
  gw_test_iterate_until_idle ();
  g_assert_true (gw_window_get_reroute_dialog (cases) == dialog);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT worker_id FROM cases WHERE id = ?", case_id, 0),
                   ==, worker_a);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (gw_reroute_dialog_get_reason (dialog)))
                 || gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)),
                                            GTK_WIDGET (gw_reroute_dialog_get_reason (dialog))));

  gw_test_screenshot (GTK_WIDGET (dialog), "reroute-dialog.png");
  assert_summary_shown_whole (dialog);
  assert_cut_rows_told_whole (dialog);

  /* Enter in the reason confirms. */
  g_signal_emit_by_name (gw_reroute_dialog_get_reason (dialog), "activate");
  gw_test_iterate_until_idle ();

  g_assert_cmpint (gw_test_query_int (f->store, "SELECT worker_id FROM cases WHERE id = ?", case_id, 0),
                   ==, worker_b);
  reason = last_event_text (f->store, "reason", case_id);
  g_assert_cmpstr (reason, ==, "楼长熟悉情况");
  g_assert_null (gw_window_get_reroute_dialog (cases));
}

/* The case page: buttons only for the steps open to the user, and they work. */
static void
test_case_page (Fixture       *f,
                gconstpointer  data)
{
  GwWindow *cases = f->window;
  g_autoptr (GError) error = NULL;
  GwCasePage *page;
  GtkWidget *button;
  gint64 grid_id, case_id;
  g_autofree char *status = NULL;

  case_id = gw_test_query_int (f->store, "SELECT min (id) FROM cases WHERE status = 'in_progress'", 0, 0);
  grid_id = gw_test_query_int (f->store, "SELECT grid_id FROM cases WHERE id = ?", case_id, 0);
  page = GW_CASE_PAGE (gw_window_open_case (cases, case_id));
  g_assert_nonnull (page);
  gw_test_iterate_until_idle ();
  g_assert_cmpint (gw_case_page_get_case (page)->id, ==, case_id);

  /* In progress: report done, defer; not verify and close, not register. */
  g_assert_nonnull (gw_case_page_get_action_button (page, GW_CASE_ACTION_REPORT_DONE));
  g_assert_nonnull (gw_case_page_get_action_button (page, GW_CASE_ACTION_DEFER));
  g_assert_null (gw_case_page_get_action_button (page, GW_CASE_ACTION_VERIFY_CLOSE));
  g_assert_null (gw_case_page_get_action_button (page, GW_CASE_ACTION_REGISTER));

  g_signal_emit_by_name (gw_case_page_get_action_button (page, GW_CASE_ACTION_REPORT_DONE), "clicked");
  gw_test_iterate_until_idle ();
  status = gw_test_query_text (f->store, "SELECT status FROM cases WHERE id = ?", case_id);
  g_assert_cmpstr (status, ==, "done_reported");
  button = gw_case_page_get_action_button (page, GW_CASE_ACTION_VERIFY_CLOSE);
  g_assert_nonnull (button);
  g_assert_null (gw_case_page_get_action_button (page, GW_CASE_ACTION_REPORT_DONE));

  /* Steps that need a reason take it (the dialog calls this). */
  g_assert_true (gw_case_page_apply (page, GW_CASE_ACTION_RETURN_REWORK, "未修好", 0, &error));
  g_assert_no_error (error);
  g_clear_pointer (&status, g_free);
  status = gw_test_query_text (f->store, "SELECT status FROM cases WHERE id = ?", case_id);
  g_assert_cmpstr (status, ==, "rework");

  /* Grid staff of another grid see the case but no step. */
  {
    gint64 staff_grid = gw_test_query_int (f->store, "SELECT min (grid_id) FROM user_grids WHERE user_id = 3",
                                   0, 0);

    if (staff_grid != grid_id)
      {
        g_assert_true (gw_window_set_user (cases, "staff1", &error));
        g_assert_no_error (error);
        gw_test_iterate_until_idle ();
        for (guint a = 0; a < GW_CASE_N_ACTIONS; a++)
          g_assert_null (gw_case_page_get_action_button (page, a));
      }
  }
}

/* Right-click on the map, "New Case Here…": the case lands in the grid under
 * the pointer. */
static void
test_new_case_here (Fixture       *f,
                    gconstpointer  data)
{
  ShumateMap *map = gw_window_get_map (f->window);
  /* Held: a new case makes the window publish a new snapshot. */
  g_autoptr (GwMapSnapshot) snapshot = gw_map_snapshot_ref (gw_window_get_snapshot (f->window));
  const GwFeature *grid = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_GRID, 3);
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (map));
  g_autoptr (GError) error = NULL;
  GtkGesture *menu_click = NULL;
  GwNewCaseDialog *dialog = NULL;
  g_autoptr (GList) toplevels = NULL;
  double lon, lat, x, y;
  gint64 case_id, n_cases;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), "gw-case-menu-click") == 0)
        menu_click = GTK_GESTURE (controller);
    }
  g_assert_nonnull (menu_click);

  gw_mercator_to_lonlat (grid->label_point.x, grid->label_point.y, &lon, &lat);
  shumate_viewport_location_to_widget_coords (shumate_map_get_viewport (map), GTK_WIDGET (map),
                                              lat, lon, &x, &y);
  g_signal_emit_by_name (menu_click, "pressed", 1, x, y);
  gw_test_iterate_until_idle ();
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "new-case-here", NULL);
  gw_test_iterate_until_idle ();

  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (GW_IS_NEW_CASE_DIALOG (l->data))
      dialog = l->data;
  g_assert_nonnull (dialog);
  g_assert_cmpint (gw_new_case_dialog_get_grid (dialog), ==, grid->id);

  n_cases = gw_test_query_int (f->store, "SELECT count(*) FROM cases", 0, 0);
  gw_new_case_dialog_set_category (dialog, "transport");
  gw_new_case_dialog_set_tier (dialog, "A");
  gw_new_case_dialog_set_description (dialog, "路口信号灯不亮");
  case_id = gw_new_case_dialog_submit (dialog, &error);
  g_assert_no_error (error);
  g_assert_cmpint (case_id, >, 0);
  gw_test_iterate_until_idle ();
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT count(*) FROM cases", 0, 0), ==, n_cases + 1);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT grid_id FROM cases WHERE id = ?", case_id, 0), ==,
                   grid->id);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT tier = 'A' AND category = 'transport' AND "
                              "status = 'reported' FROM cases WHERE id = ?", case_id, 0), ==, 1);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  g_setenv ("GRIDWORK_USER", "supervisor", TRUE);
  g_setenv ("GW_FAKE_NOW", "2026-11-20 10:00:00", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tmp_dir = g_dir_make_tmp ("gridwork-test-app-cases-XXXXXX", &error);
  g_assert_no_error (error);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/app/cases/undo-history", test_undo_history);
  ADD ("/app/cases/cli-beside-window", test_cli_beside_window);
  ADD ("/app/cases/drop-on-worker", test_drop_on_worker);
  ADD ("/app/cases/drop-on-map-grid", test_drop_on_map_grid);
  ADD ("/app/cases/drop-on-panel", test_drop_on_panel);
  ADD ("/app/cases/keyboard-reroute", test_keyboard_reroute);
  ADD ("/app/cases/case-page", test_case_page);
  ADD ("/app/cases/new-case-here", test_new_case_here);

#undef ADD

  status = g_test_run ();

  gw_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
