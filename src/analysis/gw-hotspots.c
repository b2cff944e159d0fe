/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-hotspot"

#include "config.h"

#include "gw-hotspots.h"

gboolean
gw_hotspot_rate_from_key (const char    *key,
                          GwHotspotRate *rate)
{
  static const char * const keys[] = { "per100", "per1000", "raw" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_strcmp0 (key, keys[i]) == 0)
      {
        *rate = (GwHotspotRate) i;
        return TRUE;
      }
  return FALSE;
}

static double
rate_of (const GwHotspotGrid *grid,
         guint                cases,
         GwHotspotRate        rate)
{
  switch (rate)
    {
    case GW_HOTSPOT_RATE_PER_100_HOUSEHOLDS:
      return grid->households > 0 ? 100.0 * cases / grid->households : 0;
    case GW_HOTSPOT_RATE_PER_1000_RESIDENTS:
      return grid->residents > 0 ? 1000.0 * cases / grid->residents : 0;
    case GW_HOTSPOT_RATE_RAW:
    default:
      return cases;
    }
}

static GArray *
rows_from_counts (const GwHotspotGrids  *grids,
                  const GwAdjacency     *adjacency,
                  const guint           *counts,
                  GwHotspotRate          rate,
                  guint                  min_cases)
{
  guint n = grids->grids->len;
  GArray *rows = g_array_sized_new (FALSE, TRUE, sizeof (GwHotspotRow), n);
  g_autofree double *values = g_new (double, MAX (n, 1));
  g_autofree GwGiStar *gi = g_new (GwGiStar, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    values[i] = rate_of (gw_hotspot_grids_get (grids, i), counts[i], rate);
  gw_gi_star (values, counts, min_cases, adjacency, gi);
  for (guint i = 0; i < n; i++)
    {
      GwHotspotRow row = { 0 };

      row.grid = i;
      row.cases = counts[i];
      row.rate = values[i];
      row.gi = gi[i];
      row.trend = (GwMannKendall) { 0, 0, 0, 0, 1 };
      g_array_append_val (rows, row);
    }
  return rows;
}

/**
 * gw_hotspots_gi_star:
 *
 * Returns: (transfer full) (element-type GwHotspotRow): one row per grid,
 *   or %NULL
 */
GArray *
gw_hotspots_gi_star (GwStore               *store,
                     const GwHotspotGrids  *grids,
                     const GwCaseFilter    *filter,
                     GwHotspotRate          rate,
                     guint                  min_cases,
                     GDateTime             *now,
                     GError               **error)
{
  guint n;
  g_autofree guint *counts = NULL;
  g_autoptr (GwAdjacency) adjacency = NULL;

  g_return_val_if_fail (grids != NULL && filter != NULL, NULL);

  n = grids->grids->len;
  counts = g_new0 (guint, MAX (n, 1));
  if (gw_hotspot_count_cases (store, grids, filter, now, counts, error) < 0)
    return NULL;
  adjacency = gw_adjacency_new_from_pairs (n, (const guint *) grids->neighbours->data,
                                           grids->neighbours->len / 2);
  return rows_from_counts (grids, adjacency, counts, rate, min_cases);
}

/**
 * gw_hotspots_trend:
 *
 * Returns: (transfer full) (element-type GwHotspotRow): one row per grid,
 *   or %NULL
 */
GArray *
gw_hotspots_trend (GwStore               *store,
                   const GwHotspotGrids  *grids,
                   const GwCaseFilter    *filter,
                   GwHotspotRate          rate,
                   guint                  min_cases,
                   GDateTime             *now,
                   GError               **error)
{
  g_autoptr (GwMonthlyCounts) monthly = NULL;
  g_autoptr (GwAdjacency) adjacency = NULL;
  g_autoptr (GArray) rows = NULL;
  g_autofree guint *totals = NULL;
  g_autofree guint *month = NULL;
  g_autofree int *classes = NULL;
  g_autofree double *series = NULL;
  guint n, n_months;

  g_return_val_if_fail (grids != NULL && filter != NULL, NULL);

  n = grids->grids->len;
  monthly = gw_hotspot_count_monthly (store, grids, filter, now, error);
  if (monthly == NULL)
    return NULL;
  n_months = monthly->months->len;
  adjacency = gw_adjacency_new_from_pairs (n, (const guint *) grids->neighbours->data,
                                           grids->neighbours->len / 2);
  totals = g_new0 (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    for (guint m = 0; m < n_months; m++)
      totals[i] += monthly->counts[(gsize) i * n_months + m];
  rows = rows_from_counts (grids, adjacency, totals, rate, min_cases);

  /* Gi* of each month: the class series of every grid. */
  month = g_new (guint, MAX (n, 1));
  classes = g_new (int, (gsize) MAX (n, 1) * n_months);
  for (guint m = 0; m < n_months; m++)
    {
      g_autoptr (GArray) step = NULL;

      for (guint i = 0; i < n; i++)
        month[i] = monthly->counts[(gsize) i * n_months + m];
      step = rows_from_counts (grids, adjacency, month, rate, min_cases);
      for (guint i = 0; i < n; i++)
        classes[(gsize) i * n_months + m] = g_array_index (step, GwHotspotRow, i).gi.klass;
    }

  series = g_new (double, MAX (n_months, 1));
  for (guint i = 0; i < n; i++)
    {
      GwHotspotRow *row = &g_array_index (rows, GwHotspotRow, i);

      for (guint m = 0; m < n_months; m++)
        series[m] = monthly->counts[(gsize) i * n_months + m];
      gw_mann_kendall (series, n_months, &row->trend);
      row->emerging = gw_emerging_classify (classes + (gsize) i * n_months, n_months, &row->trend,
                                            0.05);
    }
  return g_steal_pointer (&rows);
}
