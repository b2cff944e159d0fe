/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-app-planning"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "gw-kpi.h"
#include "gw-print-dialog.h"
#include "gw-test-app.h"
#include "gw-test-store.h"
#include "gw-test-util.h"
#include "gw-util.h"
#include "gw-gui-bench.h"
#include "gw-window.h"

/* Planning in the app (issue 11): only planners get the mode; a draft from
 * the live grids; a building painted into the neighbouring grid by the
 * map's drag gesture; the table follows; Ctrl+Z takes it back; commit. */

static char *tmp_dir;

/* A lot on the edge of grid 0 and the grid next to it. */
static gint
boundary_unit (GwPlan *plan,
               guint  *neighbour)
{
  GwPlanData *data = gw_plan_get_data (plan);
  const guint *start = (const guint *) data->adj_start->data;
  const guint *adj = (const guint *) data->adj->data;

  for (guint u = 0; u < data->units->len; u++)
    if (gw_plan_grid_of_unit (plan, u) == 0)
      for (guint e = start[u]; e < start[u + 1]; e++)
        {
          gint other = gw_plan_grid_of_unit (plan, adj[e]);

          if (other > 0)
            {
              *neighbour = other;
              return u;
            }
        }
  return -1;
}

typedef struct
{
  GwWindow      *window;
  GwMapSnapshot *old;
} SnapshotWait;

static gboolean
snapshot_replaced (gpointer data)
{
  SnapshotWait *wait = data;

  return gw_window_get_snapshot (wait->window) != wait->old;
}

static gboolean
action_enabled (GwWindow   *window,
                const char *name)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window), name);
}

static void
test_paint_undo_commit (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = gw_test_demo_copy (tmp_dir, "planning.sqlite");
  GwWindow *window = gw_test_window_open (path);
  GwPlanPanel *panel = gw_window_get_plan_panel (window);
  GtkGesture *gesture = gw_window_get_plan_gesture (window);
  ShumateMap *map = gw_window_get_map (window);
  GwMapSnapshot *snapshot;
  const GwFeature *lot;
  GwPlanData *data;
  GwPlan *plan;
  SnapshotWait wait;
  guint neighbour = 0;
  gint unit;
  double before, weight, lon, lat, x, y;

  /* A supervisor may not plan: the switch is off and says why. */
  g_assert_true (gw_window_set_user (window, "supervisor", &error));
  gw_test_iterate_until_idle ();
  g_assert_false (action_enabled (window, "planning"));

  g_assert_true (gw_window_set_user (window, "planner", &error));
  g_assert_no_error (error);
  gw_test_iterate_until_idle ();
  g_assert_true (action_enabled (window, "planning"));
  g_action_group_change_action_state (G_ACTION_GROUP (window), "planning",
                                      g_variant_new_boolean (TRUE));
  gw_test_iterate_until_idle ();
  g_assert_null (gw_plan_panel_get_plan (panel));
  g_assert_true (gw_plan_panel_new_draft (panel, FALSE, &error));
  g_assert_no_error (error);
  plan = gw_plan_panel_get_plan (panel);
  g_assert_nonnull (plan);
  g_assert_cmpuint (gw_plan_panel_get_n_rows (panel), ==, 66);
  g_assert_nonnull (strstr (gw_plan_panel_get_summary (panel), "66 grids: 66 inside"));

  /* The lot to paint, on screen. */
  data = gw_plan_get_data (plan);
  unit = boundary_unit (plan, &neighbour);
  g_assert_cmpint (unit, >=, 0);
  snapshot = gw_window_get_snapshot (window);
  lot = gw_map_snapshot_lookup (snapshot, GW_FEATURE_LOT,
                                g_array_index (data->units, GwPlanUnit, unit).lot_id);
  g_assert_nonnull (lot);
  gw_mercator_to_lonlat (lot->label_point.x, lot->label_point.y, &lon, &lat);
  shumate_viewport_location_to_widget_coords (shumate_map_get_viewport (map), GTK_WIDGET (map),
                                              lat, lon, &x, &y);
  weight = g_array_index (data->units, GwPlanUnit, unit).households;
  before = g_array_index (gw_plan_get_rows (plan), GwPlanRow, neighbour).households;

  /* Without a chosen grid a drag pans; with one, it paints. */
  gw_plan_panel_set_target (panel, neighbour);
  gw_test_iterate_until_idle ();
  g_signal_emit_by_name (gesture, "drag-begin", x, y);
  g_signal_emit_by_name (gesture, "drag-update", 1.0, 1.0);
  g_signal_emit_by_name (gesture, "drag-end", 20.0, 0.0);
  gw_test_iterate_until_idle ();
  g_assert_cmpint (gw_plan_grid_of_unit (plan, unit), ==, neighbour);
  g_assert_cmpfloat (g_array_index (gw_plan_get_rows (plan), GwPlanRow, neighbour).households, ==,
                     before + weight);
  g_assert_nonnull (strstr (gw_plan_panel_get_summary (panel), "changed: 1."));
  g_assert_nonnull (gw_plan_panel_get_paint (panel));
  gw_test_screenshot (GTK_WIDGET (window), "planning-painted");

  /* Ctrl+Z (the window's undo) takes the stroke back, redo puts it again. */
  g_assert_true (action_enabled (window, "undo-reroute"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "undo-reroute", NULL);
  g_assert_cmpint (gw_plan_grid_of_unit (plan, unit), ==, 0);
  g_action_group_activate_action (G_ACTION_GROUP (window), "redo-reroute", NULL);
  g_assert_cmpint (gw_plan_grid_of_unit (plan, unit), ==, neighbour);

  /* Saved as a draft a moment later, then committed: the map reloads. */
  g_assert_true (gw_plan_panel_save (panel, &error));
  g_assert_no_error (error);
  wait = (SnapshotWait) { window, gw_window_get_snapshot (window) };
  gw_plan_panel_commit (panel, &error);
  g_assert_no_error (error);
  g_assert_true (gw_test_iterate_until (snapshot_replaced, &wait, 10000));
  g_assert_cmpint (gw_test_query_int (gw_window_get_store (window),
                                      "SELECT count(*) FROM grid_history"), ==, 2);
  g_assert_cmpint (gw_test_query_int (gw_window_get_store (window),
                                      "SELECT grid_id FROM lots WHERE id = ?",
                                      g_array_index (data->units, GwPlanUnit, unit).lot_id),
                   ==, g_array_index (data->grids, GwPlanGrid, neighbour).grid_id);

  /* Leaving planning shows the inspector again. */
  g_action_group_change_action_state (G_ACTION_GROUP (window), "planning",
                                      g_variant_new_boolean (FALSE));
  gw_test_iterate_until_idle ();
  gw_test_window_close (window);
}

/* The supervisor's map (issue 12): hot spots drawn and listed, the density
 * raster, the overdue board with Remind (audited; a planner may look but not
 * escalate) and the rates of every grid. Staff do not get the mode. */
static gboolean
preview_ready (gpointer data)
{
  return gw_print_dialog_is_preview_ready (data);
}

static gboolean
export_done (gpointer data)
{
  return !gw_print_dialog_is_exporting (data);
}

/* The open print dialog, if any. */
static GwPrintDialog *
find_print_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (GW_IS_PRINT_DIALOG (window))
        return GW_PRINT_DIALOG (window);
    }
  return NULL;
}

/* Rates → Print Monthly Report…: the print dialog previews last month's
 * report (its map page and tables) and exports it as a PDF, on worker
 * threads like any print. */
static void
check_print_report (GwSupervisePanel *panel)
{
  g_autofree char *pdf = g_build_filename (tmp_dir, "report.pdf", NULL);
  g_autoptr (GError) error = NULL;
  GwPrintDialog *dialog;
  GwPrintJob *job;

  g_assert_null (find_print_dialog ());
  g_signal_emit_by_name (panel, "print-report");
  dialog = find_print_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gw_test_iterate_until (preview_ready, dialog, 20000));
  job = gw_print_dialog_get_job (dialog);
  g_assert_nonnull (job);
  g_assert_cmpuint (gw_print_job_get_n_pages (job), >=, 2);
  g_assert_true (g_str_has_suffix (gw_print_job_get_title (job), "monthly report"));
  gw_test_screenshot (GTK_WIDGET (dialog), "supervise-print-report");
  g_assert_true (gw_print_dialog_start_export (dialog, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (gw_test_iterate_until (export_done, dialog, 60000));
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gw_test_iterate_until_idle ();
}

static gboolean
trend_ready (gpointer data)
{
  double rates[GW_KPI_N];

  return gw_supervise_panel_get_trend (data, 0, rates);
}

/* Overdue → Print…: the board in the print dialog, on landscape pages, as
 * many cases as the panel's board lists. */
static void
check_print_overdue (GwSupervisePanel *panel)
{
  GwPrintDialog *dialog;
  GwPrintJob *job;
  double width, height;

  g_signal_emit_by_name (panel, "print-overdue");
  dialog = find_print_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gw_test_iterate_until (preview_ready, dialog, 20000));
  job = gw_print_dialog_get_job (dialog);
  g_assert_nonnull (job);
  g_assert_true (g_str_has_suffix (gw_print_job_get_title (job), "overdue board"));
  gw_print_job_get_paper_size (job, &width, &height);
  g_assert_cmpfloat (width, >, height);
  gw_test_screenshot (GTK_WIDGET (dialog), "supervise-print-overdue");
  gtk_window_destroy (GTK_WINDOW (dialog));
  gw_test_iterate_until_idle ();
}

static void
test_supervise (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = gw_test_demo_copy (tmp_dir, "supervise.sqlite");
  GwWindow *window = gw_test_window_open (path);
  GwSupervisePanel *panel = gw_window_get_supervise_panel (window);
  GwBBox where;
  gint64 audits;

  g_assert_true (gw_window_set_user (window, "staff1", &error));
  gw_test_iterate_until_idle ();
  g_assert_false (action_enabled (window, "supervising"));

  g_assert_true (gw_window_set_user (window, "supervisor", &error));
  gw_test_iterate_until_idle ();
  g_assert_true (action_enabled (window, "supervising"));
  g_action_group_change_action_state (G_ACTION_GROUP (window), "supervising",
                                      g_variant_new_boolean (TRUE));
  gw_test_iterate_until_idle ();

  /* Gi* by default: the demo's clusters are hot spots, filled on the map. */
  g_assert_cmpuint (gw_supervise_panel_get_n_hotspots (panel), >, 0);
  g_assert_nonnull (gw_supervise_panel_get_fill (panel));
  /* A grid's figures, as a click shows them. */
  {
    gint64 grid = gw_test_query_int (gw_window_get_store (window), "SELECT min(id) FROM grids");

    gw_supervise_panel_show_grid (panel, grid);
    g_assert_nonnull (strstr (gw_supervise_panel_get_detail (panel), "cases"));
    g_assert_nonnull (strstr (gw_supervise_panel_get_detail (panel), "Gi* z"));
    g_assert_nonnull (strstr (gw_supervise_panel_get_detail (panel), "Most: "));
  }
  gw_test_screenshot (GTK_WIDGET (window), "supervise-gistar");
  gw_supervise_panel_set_method (panel, GW_SUPERVISE_DENSITY);
  gw_test_iterate_until_idle ();
  g_assert_nonnull (gw_supervise_panel_get_density (panel, &where));
  g_assert_false (gw_bbox_is_empty (&where));
  gw_test_screenshot (GTK_WIDGET (window), "supervise-density");

  /* Month by month: one month has fewer cases to show than a year. */
  {
    guint year_cases = 0, month_cases = 0;
    GHashTableIter iter;
    gpointer value;

    gw_supervise_panel_set_method (panel, GW_SUPERVISE_RATE);
    gw_test_iterate_until_idle ();
    g_assert_nonnull (gw_supervise_panel_get_fill (panel));
    /* Every rate and every way of cutting it draws a layer. */
    for (guint rate = 0; rate < 3; rate++)
      for (guint breaks = 0; breaks < 3; breaks++)
        {
          gw_supervise_panel_set_rate (panel, rate, breaks);
          g_assert_nonnull (gw_supervise_panel_get_fill (panel));
          g_assert_cmpuint (gw_supervise_panel_get_n_hotspots (panel), >, 0);
        }
    gw_supervise_panel_set_rate (panel, 0, 0);
    year_cases = gw_supervise_panel_get_n_hotspots (panel);
    gw_supervise_panel_set_month (panel, 10);
    gw_test_iterate_until_idle ();
    g_assert_nonnull (gw_supervise_panel_get_fill (panel));
    month_cases = gw_supervise_panel_get_n_hotspots (panel);
    g_assert_cmpuint (month_cases, >, 0);
    g_assert_cmpuint (month_cases, <=, year_cases);
    g_hash_table_iter_init (&iter, gw_supervise_panel_get_fill (panel));
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_assert_cmpuint (GPOINTER_TO_UINT (value), !=, 0);
    gw_supervise_panel_set_month (panel, -1);
    gw_test_iterate_until_idle ();

    /* Week by week: the week before this one (the tests' today is Friday
     * 2026-11-20), Monday to Sunday, fewer cases than the month. */
    gw_supervise_panel_set_week (panel, 50);
    gw_test_iterate_until_idle ();
    {
      GwCaseFilter filter;
      g_autofree char *month = gw_supervise_panel_get_report (panel, &filter);

      g_assert_cmpstr (filter.from, ==, "2026-11-09");
      g_assert_cmpstr (filter.to, ==, "2026-11-15");
      g_assert_cmpstr (month, ==, "2026-11");
    }
    g_assert_nonnull (gw_supervise_panel_get_fill (panel));
    g_assert_cmpuint (gw_supervise_panel_get_n_hotspots (panel), <=, month_cases);
    gw_test_screenshot (GTK_WIDGET (window), "supervise-week");
    gw_supervise_panel_set_week (panel, -1);
    gw_test_iterate_until_idle ();
  }

  /* The board: a reminder is audited and counted. */
  gw_supervise_panel_show_page (panel, "overdue");
  gw_test_iterate_until_idle ();
  g_assert_cmpuint (gw_supervise_panel_get_n_overdue (panel), >, 0);
  gw_test_screenshot (GTK_WIDGET (window), "supervise-overdue");
  /* The second row of filters narrows the board: tier B only, then one
   * community. */
  {
    guint all = gw_supervise_panel_get_n_overdue (panel), tier_b, community;

    gw_supervise_panel_set_filters (panel, 0, 0, 2);
    tier_b = gw_supervise_panel_get_n_overdue (panel);
    g_assert_cmpuint (tier_b, <=, all);
    g_assert_cmpint (tier_b, ==, gw_test_query_int (gw_window_get_store (window),
                                                    "SELECT count(*) FROM cases WHERE tier = 'B' "
                                                    "AND deadline_at < '2026-11-20 10:00:00' AND "
                                                    "status IN ('reported', 'registered', 'dispatched', "
                                                    "'in_progress', 'done_reported', 'rework', 'deferred')"));
    gw_supervise_panel_set_filters (panel, 1, 0, 0);
    community = gw_supervise_panel_get_n_overdue (panel);
    g_assert_cmpuint (community, <, all);
    gw_supervise_panel_set_filters (panel, 0, 0, 0);
    g_assert_cmpuint (gw_supervise_panel_get_n_overdue (panel), ==, all);
  }
  audits = gw_test_query_int (gw_window_get_store (window), "SELECT count(*) FROM audit_log");
  g_assert_true (gw_supervise_panel_act_on_overdue (panel, 0, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_test_query_int (gw_window_get_store (window), "SELECT count(*) FROM audit_log"),
                   ==, audits + 1);

  /* A planner sees the board but may not escalate. */
  g_assert_true (gw_window_set_user (window, "planner", &error));
  gw_test_iterate_until_idle ();
  gw_supervise_panel_refresh (panel);
  g_assert_false (gw_supervise_panel_act_on_overdue (panel, 0, TRUE, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  gw_supervise_panel_show_page (panel, "rates");
  gw_test_iterate_until_idle ();
  g_assert_cmpuint (gw_supervise_panel_get_n_rates (panel), ==, 66);
  {
    g_autofree char *sheet = g_build_filename (tmp_dir, "rates.csv", NULL);
    g_autofree char *contents = NULL;

    g_assert_true (gw_supervise_panel_export_rates (panel, sheet, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (sheet, &contents, NULL, &error));
    g_assert_nonnull (strstr (contents, "response_rate"));
    g_assert_nonnull (strstr (contents, "370203010001001"));
  }
  /* The street's rates month by month, counted on a worker: not there at
   * once, then rates, and some to judge. */
  {
    double first[GW_KPI_N];
    guint judged = 0;

    g_assert_false (gw_supervise_panel_get_trend (panel, 0, first));
    g_assert_true (gw_test_iterate_until (trend_ready, panel, 20000));

    for (guint m = 0; m < 12; m++)
      {
        double rates[GW_KPI_N];

        g_assert_true (gw_supervise_panel_get_trend (panel, m, rates));
        for (guint k = 0; k < GW_KPI_N; k++)
          if (!isnan (rates[k]))
            {
              g_assert_cmpfloat (rates[k], >=, 0);
              g_assert_cmpfloat (rates[k], <=, 1);
              judged++;
            }
      }
    g_assert_cmpuint (judged, >, 30);
  }
  /* A filter change while the chart is being counted drops that count:
   * the chart then shows tier B's rates, as the core counts them. */
  {
    g_autoptr (GwKpiTable) table = NULL;
    g_autoptr (GDateTime) now = gw_now ();
    g_autoptr (GDateTime) first = g_date_time_new (g_date_time_get_timezone (now),
                                                   g_date_time_get_year (now),
                                                   g_date_time_get_month (now), 1, 0, 0, 0);
    g_autofree char *from = g_date_time_format (first, "%Y-%m-%d");
    g_autofree char *to = g_date_time_format (now, "%Y-%m-%d");
    GwCaseFilter tier_b = { .from = from, .to = to, .tier = "B" };
    double shown[GW_KPI_N];

    gw_supervise_panel_set_filters (panel, 0, 0, 1);
    g_assert_false (gw_supervise_panel_get_trend (panel, 11, shown));
    gw_supervise_panel_set_filters (panel, 0, 0, 2);
    g_assert_true (gw_test_iterate_until (trend_ready, panel, 20000));
    g_assert_true (gw_supervise_panel_get_trend (panel, 11, shown));
    table = gw_kpi_compute (gw_window_get_store (window), GW_KPI_BY_COMMUNITY, &tier_b, NULL,
                            &error);
    g_assert_no_error (error);
    for (guint k = 0; k < GW_KPI_N; k++)
      {
        double expected = gw_kpi_count_rate (&table->total.counts[k]);

        if (isnan (expected))
          g_assert_true (isnan (shown[k]));
        else
          g_assert_cmpfloat_with_epsilon (shown[k], expected, 1e-12);
      }
    gw_supervise_panel_set_filters (panel, 0, 0, 0);
  }
  gw_test_screenshot (GTK_WIDGET (window), "supervise-rates");
  check_print_report (panel);
  check_print_overdue (panel);
  gw_test_window_close (window);
}

static void
gui_bench_done (GwWindow         *window,
                GwGuiBenchResult *result,
                gpointer          user_data)
{
  *(GwGuiBenchResult **) user_data = result;
}

static gboolean
gui_bench_finished (gpointer data)
{
  return *(GwGuiBenchResult **) data != NULL;
}

/* The GUI bench (GRIDWORK_GUI_BENCH): three clicks each showed their grid
 * and were timed to a painted frame, then twelve slider steps with Gi* and
 * twelve with the density; the figures print in the bench's form. No
 * timing is asserted. */
static void
test_gui_bench (void)
{
  g_autofree char *path = gw_test_demo_copy (tmp_dir, "gui-bench.sqlite");
  GwWindow *window = gw_test_window_open (path);
  g_autoptr (GwGuiBenchResult) result = NULL;
  g_autofree char *printed = NULL;
  char *buffer = NULL;
  size_t size = 0;
  FILE *out;

  gw_gui_bench_run (window, 3, gui_bench_done, &result);
  g_assert_true (gw_test_iterate_until (gui_bench_finished, &result, 60000));
  g_assert_cmpuint (result->click_ms->len, ==, 3);
  g_assert_cmpuint (result->n_shown, ==, 3);
  g_assert_cmpuint (result->gi_star_ms->len, ==, 12);
  g_assert_cmpuint (result->density_ms->len, ==, 12);
  for (guint i = 0; i < result->click_ms->len; i++)
    g_assert_cmpfloat (g_array_index (result->click_ms, double, i), >, 0);
  g_assert_cmpfloat (result->rss_mib, >, 10);
  /* Supervising is left on the whole year again. */
  {
    GwCaseFilter filter;
    g_autofree char *month = gw_supervise_panel_get_report (gw_window_get_supervise_panel (window),
                                                            &filter);

    g_assert_cmpstr (filter.to, ==, "2026-11-20");
  }
  out = open_memstream (&buffer, &size);
  gw_gui_bench_print (result, out);
  fclose (out);
  printed = buffer;
  g_assert_nonnull (strstr (printed, "gui_click_to_panel: median "));
  g_assert_nonnull (strstr (printed, "gui_clicks_shown: 3 of 3"));
  g_assert_nonnull (strstr (printed, "gui_slider_step_density: median "));
  gw_test_window_close (window);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  tmp_dir = g_dir_make_tmp ("gw-test-app-planning-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/app/planning/paint-undo-commit", test_paint_undo_commit);
  g_test_add_func ("/app/supervise/hotspots-overdue-rates", test_supervise);
  g_test_add_func ("/app/gui-bench", test_gui_bench);
  status = g_test_run ();

  gw_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
