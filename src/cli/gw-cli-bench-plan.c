/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-cli"

#include "config.h"

#include <stdio.h>

#include "gw-cli.h"
#include "gw-plan.h"

/* Grid planning figures (issue 11), as a planner meets them: a draft made
 * and loaded, paint strokes (one boundary lot into the neighbouring grid,
 * then the whole live table), the auto-suggest for every community in both
 * modes with the quality it reaches, and the commit of the redrawn street. */

static void bench_plan_on (GwStore *store);

static GwPlan *
new_plan (GwStore    *store,
          GwUser     *planner,
          const char *name)
{
  g_autoptr (GError) error = NULL;
  gint64 id = gw_plan_store_create (store, planner, name, 0, &error);
  GwPlan *plan;

  if (id == 0 || (plan = gw_plan_load (store, id, &error)) == NULL)
    {
      gw_bench_fail ("plan", error);
      return NULL;
    }
  return plan;
}

static void
bench_strokes (GwPlan *plan)
{
  GwPlanData *data = gw_plan_get_data (plan);
  const guint *start = (const guint *) data->adj_start->data;
  const guint *adj = (const guint *) data->adj->data;
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);

  for (guint tries = 0; samples->len < 100 && tries < 10000; tries++)
    {
      guint u = g_rand_int_range (rand, 0, MAX (data->units->len, 1));
      gint from = gw_plan_grid_of_unit (plan, u);

      for (guint e = start[u]; e < start[u + 1]; e++)
        {
          gint to = gw_plan_grid_of_unit (plan, adj[e]);
          gint64 begin;
          double ms;

          if (to < 0 || to == from)
            continue;
          begin = g_get_monotonic_time ();
          if (!gw_plan_move_units (plan, &u, 1, to, NULL))
            break;
          gw_plan_get_rows (plan);
          ms = gw_bench_ms_since (begin);
          g_array_append_val (samples, ms);
          gw_plan_undo (plan);
          break;
        }
    }
  gw_bench_figure ("plan_stroke_median", gw_bench_percentile (samples, 50), "ms",
                   "move + live table, %u lots", data->units->len);
  gw_bench_figure ("plan_stroke_p95", gw_bench_percentile (samples, 95), "ms", NULL);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gsize ia = GPOINTER_TO_SIZE (a), ib = GPOINTER_TO_SIZE (b);

  return (ia > ib) - (ia < ib);
}

/* Every community in one mode; prints the time and the plan's quality. */
static gboolean
bench_suggest (GwPlan     *plan,
               gboolean    from_scratch,
               const char *name)
{
  GwPlanData *data = gw_plan_get_data (plan);
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GList) communities = g_hash_table_get_keys (data->community_codes);
  GwPlanSuggestOptions options = { 0, from_scratch, 1, GW_PLAN_ROAD_MAIN };
  GwPlanSummary summary;
  double total = 0;

  communities = g_list_sort (communities, compare_ids);
  for (GList *l = communities; l != NULL; l = l->next)
    {
      g_autoptr (GError) error = NULL;
      gint64 begin = g_get_monotonic_time ();
      double ms;

      if (!gw_plan_suggest (plan, GPOINTER_TO_SIZE (l->data), &options, NULL, &error))
        {
          gw_bench_fail (name, error);
          return FALSE;
        }
      ms = gw_bench_ms_since (begin);
      total += ms;
      g_array_append_val (samples, ms);
    }
  gw_plan_get_summary (plan, &summary);
  gw_bench_figure (name, total, "ms", "%u communities, median %.1f, max %.1f; %u of %u grids inside "
                   "the band, %u islands, mean Polsby-Popper %.3f, %u lots changed, %u in no grid",
                   samples->len, gw_bench_percentile (samples, 50), gw_bench_percentile (samples, 100),
                   summary.n_inside_band, summary.n_grids, summary.n_islands,
          summary.mean_polsby_popper, summary.n_changed, summary.n_unassigned);
  return TRUE;
}

/* On a copy: drafts are written and one is committed. */
void
gw_bench_plan (GwStore *original)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *copy = gw_bench_copy_database (gw_store_get_path (original), &dir, &error);
  g_autoptr (GwStore) store = copy != NULL ? gw_store_open (copy, GW_STORE_OPEN_DEFAULT, &error)
                                           : NULL;

  if (store == NULL)
    gw_bench_fail ("plan", error);
  else
    bench_plan_on (store);
  g_clear_object (&store);
  if (dir != NULL)
    gw_bench_remove_copy (dir);
}

static void
bench_plan_on (GwStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) users = gw_user_list (store, &error);
  g_autoptr (GwPlan) minimal = NULL;
  g_autoptr (GwPlan) scratch = NULL;
  GwPlanCommitReport report = { 0 };
  GwUser *planner = NULL;
  gint64 begin;

  for (guint i = 0; users != NULL && i < users->len; i++)
    if (((GwUser *) g_ptr_array_index (users, i))->role == GW_ROLE_PLANNER)
      planner = g_ptr_array_index (users, i);
  if (planner == NULL)
    {
      fprintf (stderr, "plan: no planner account in the file; planning figures skipped\n");
      return;
    }

  begin = g_get_monotonic_time ();
  minimal = new_plan (store, planner, "bench: minimal change");
  if (minimal == NULL)
    return;
  gw_bench_figure ("plan_create_and_load", gw_bench_ms_since (begin), "ms", NULL);
  bench_strokes (minimal);
  if (!bench_suggest (minimal, FALSE, "plan_suggest_minimal_change"))
    return;
  /* One district-wide draft in memory at a time. */
  g_clear_object (&minimal);

  scratch = new_plan (store, planner, "bench: from scratch");
  if (scratch == NULL || !bench_suggest (scratch, TRUE, "plan_suggest_from_scratch"))
    return;

  begin = g_get_monotonic_time ();
  if (!gw_plan_commit (scratch, store, planner, &report, &error))
    {
      gw_bench_fail ("plan_commit", error);
      return;
    }
  gw_bench_figure ("plan_commit", gw_bench_ms_since (begin), "ms",
                   "%u grids changed, %u new, %u retired, %u lots moved",
                   report.grids_changed, report.grids_new, report.grids_retired, report.lots_moved);
  gw_plan_commit_report_clear (&report);
}
