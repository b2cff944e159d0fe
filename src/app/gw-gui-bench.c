/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-gui-bench"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "gw-gui-bench.h"
#include "gw-inspector-panel.h"
#include "gw-supervise-panel.h"
#include "gw-util.h"

/* What the user waits for on screen (issue 14): from a grid's click to the
 * frame that shows its households, workers and cases; from a step of the
 * supervising time slider to the frame that shows the month's layer.
 *
 * Each sample starts when the window is asked (the same call a click on
 * the map ends in: gw_window_select_feature(), or the slider's value) and
 * ends at the "after-paint" of the first frame the window's GdkFrameClock
 * draws after it — the frame with the new panel laid out and painted. Run
 * by `GRIDWORK_GUI_BENCH=N gridwork FILE` (then the figures go to standard
 * output and the app quits) or by the tests. */

typedef enum
{
  STAGE_SETTLE,
  STAGE_CLICKS,
  STAGE_GI_STAR,
  STAGE_DENSITY,
  STAGE_DONE,
} Stage;

typedef struct
{
  GwWindow            *window;
  guint                n_clicks;
  GArray              *grid_ids;
  Stage                stage;
  guint                next;
  gint64               start;
  gulong               paint_id;
  GdkFrameClock       *clock;
  GwGuiBenchResult    *result;
  GwGuiBenchCallback   callback;
  gpointer             user_data;
} Bench;

void
gw_gui_bench_result_free (GwGuiBenchResult *result)
{
  if (result == NULL)
    return;
  g_array_unref (result->click_ms);
  g_array_unref (result->gi_star_ms);
  g_array_unref (result->density_ms);
  g_free (result);
}

static void bench_step (Bench *bench);

static gboolean
step_later (gpointer data)
{
  bench_step (data);
  return G_SOURCE_REMOVE;
}

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *bench)
{
  double ms = (g_get_monotonic_time () - bench->start) / 1000.0;
  GArray *samples = bench->stage == STAGE_CLICKS ? bench->result->click_ms
                    : bench->stage == STAGE_GI_STAR ? bench->result->gi_star_ms
                                                    : bench->result->density_ms;

  g_clear_signal_handler (&bench->paint_id, clock);
  g_array_append_val (samples, ms);
  /* A pause between samples, as between a user's clicks: tiles and labels
   * of the last one finish first. */
  g_timeout_add (150, step_later, bench);
}

/* The sample ends with the next frame painted. */
static void
wait_for_frame (Bench *bench)
{
  gtk_widget_queue_draw (GTK_WIDGET (bench->window));
  bench->paint_id = g_signal_connect (bench->clock, "after-paint", G_CALLBACK (on_after_paint),
                                      bench);
}

static void
click_next (Bench *bench)
{
  gint64 id = g_array_index (bench->grid_ids, gint64, bench->next++);
  gint64 shown = 0;

  bench->start = g_get_monotonic_time ();
  gw_window_select_feature (bench->window, GW_FEATURE_GRID, id);
  if (gw_inspector_panel_get_showing (gw_window_get_inspector (bench->window), &shown)
      == GW_INSPECTOR_SHOWING_GRID && shown == id)
    bench->result->n_shown++;
  wait_for_frame (bench);
}

/* Supervising as the demo's supervisor; FALSE when the file has none. */
static gboolean
start_supervising (Bench         *bench,
                   GwSuperviseMethod method)
{
  GwSupervisePanel *panel = gw_window_get_supervise_panel (bench->window);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (bench->window), "supervising");

  if (action == NULL || !g_action_get_enabled (action))
    {
      g_autoptr (GError) error = NULL;

      if (!gw_window_set_user (bench->window, "supervisor", &error))
        return FALSE;
      action = g_action_map_lookup_action (G_ACTION_MAP (bench->window), "supervising");
      if (action == NULL || !g_action_get_enabled (action))
        return FALSE;
    }
  g_action_change_state (action, g_variant_new_boolean (TRUE));
  gw_supervise_panel_set_method (panel, method);
  return TRUE;
}

static void
slide_next (Bench *bench)
{
  bench->start = g_get_monotonic_time ();
  gw_supervise_panel_set_month (gw_window_get_supervise_panel (bench->window), bench->next++);
  wait_for_frame (bench);
}

/* /proc/self/status's @key in MiB, or 0. */
static double
status_mib (const char *status,
            const char *key)
{
  const char *line = status != NULL ? strstr (status, key) : NULL;

  return line != NULL ? g_ascii_strtod (line + strlen (key), NULL) / 1024.0 : 0;
}

static void
finish (Bench *bench)
{
  g_autofree char *status = NULL;
  GwGuiBenchResult *result = g_steal_pointer (&bench->result);

  gw_supervise_panel_set_month (gw_window_get_supervise_panel (bench->window), -1);
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    {
      result->rss_mib = status_mib (status, "VmRSS:");
      result->peak_rss_mib = status_mib (status, "VmHWM:");
    }
  bench->callback (bench->window, result, bench->user_data);
  g_array_unref (bench->grid_ids);
  g_object_unref (bench->clock);
  g_object_unref (bench->window);
  g_free (bench);
}

static void
bench_step (Bench *bench)
{
  switch (bench->stage)
    {
    case STAGE_SETTLE:
      bench->stage = STAGE_CLICKS;
      bench->next = 0;
      G_GNUC_FALLTHROUGH;
    case STAGE_CLICKS:
      if (bench->next < bench->grid_ids->len)
        {
          click_next (bench);
          return;
        }
      bench->stage = STAGE_GI_STAR;
      bench->next = 0;
      if (!start_supervising (bench, GW_SUPERVISE_GI_STAR))
        {
          bench->stage = STAGE_DONE;
          finish (bench);
          return;
        }
      G_GNUC_FALLTHROUGH;
    case STAGE_GI_STAR:
      if (bench->next < 12)
        {
          slide_next (bench);
          return;
        }
      bench->stage = STAGE_DENSITY;
      bench->next = 0;
      gw_supervise_panel_set_method (gw_window_get_supervise_panel (bench->window),
                                     GW_SUPERVISE_DENSITY);
      G_GNUC_FALLTHROUGH;
    case STAGE_DENSITY:
      if (bench->next < 12)
        {
          slide_next (bench);
          return;
        }
      bench->stage = STAGE_DONE;
      G_GNUC_FALLTHROUGH;
    case STAGE_DONE:
    default:
      finish (bench);
      return;
    }
}

/**
 * gw_gui_bench_run:
 * @window: a window showing a file, on screen
 * @n_clicks: grids to click, spread over the file's grids
 * @callback: called once with the figures
 *
 * Clicks @n_clicks grids, then (signed in as a supervisor when the file has
 * one) steps the supervising slider through twelve months with Gi*, then
 * with the density, timing each to the frame that shows it.
 */
void
gw_gui_bench_run (GwWindow           *window,
                  guint               n_clicks,
                  GwGuiBenchCallback  callback,
                  gpointer            user_data)
{
  Bench *bench;
  GwMapSnapshot *snapshot;
  guint n_grids;

  g_return_if_fail (GW_IS_WINDOW (window));
  g_return_if_fail (gtk_widget_get_realized (GTK_WIDGET (window)));

  snapshot = gw_window_get_snapshot (window);
  n_grids = snapshot != NULL ? gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_GRID) : 0;
  bench = g_new0 (Bench, 1);
  bench->window = g_object_ref (window);
  bench->n_clicks = n_clicks;
  bench->clock = g_object_ref (gtk_widget_get_frame_clock (GTK_WIDGET (window)));
  bench->callback = callback;
  bench->user_data = user_data;
  bench->result = g_new0 (GwGuiBenchResult, 1);
  bench->result->click_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench->result->gi_star_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench->result->density_ms = g_array_new (FALSE, FALSE, sizeof (double));
  bench->grid_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* Grids spread over the file: every k-th by the snapshot's order. */
  for (guint i = 0; n_grids > 0 && i < n_clicks; i++)
    {
      const GwFeature *grid = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_GRID,
                                                           (guint) ((gint64) i * n_grids / n_clicks));

      g_array_append_val (bench->grid_ids, grid->id);
    }
  /* The map's first tiles first. */
  g_timeout_add (1500, step_later, bench);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* "name: median X ms, p95 Y ms, max Z ms (N)" of @samples (sorted here). */
static void
print_samples (FILE       *out,
               const char *name,
               GArray     *samples)
{
  guint n = samples->len;

  if (n == 0)
    {
      fprintf (out, "%s: not measured\n", name);
      return;
    }
  g_array_sort (samples, compare_double);
  fprintf (out, "%s: median %.1f ms, p95 %.1f ms, max %.1f ms (%u)\n", name,
           g_array_index (samples, double, n / 2),
           g_array_index (samples, double, MIN (n - 1, (guint) (0.95 * n))),
           g_array_index (samples, double, n - 1), n);
}

void
gw_gui_bench_print (GwGuiBenchResult *result,
                    FILE             *out)
{
  print_samples (out, "gui_click_to_panel", result->click_ms);
  fprintf (out, "gui_clicks_shown: %u of %u\n", result->n_shown, result->click_ms->len);
  print_samples (out, "gui_slider_step_gistar", result->gi_star_ms);
  print_samples (out, "gui_slider_step_density", result->density_ms);
  fprintf (out, "gui_rss: %.0f MiB (peak %.0f MiB)\n", result->rss_mib, result->peak_rss_mib);
}
