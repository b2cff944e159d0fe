/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-cli"

#include "config.h"

#include <stdio.h>

#include "gw-cli.h"
#include "gw-hotspots.h"
#include "gw-kpi.h"
#include "gw-raster.h"

/* The kernel density at 1024 px of every case, as `hotspots --method
 * density` makes it: reading the points, projecting them to the street's
 * Gauss–Krüger zone, the kernel. */
static void
bench_density (GwStore    *store,
               const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) points = NULL;
  g_autoptr (GwDensityRaster) raster = NULL;
  g_autofree double *xy = NULL;
  const GwCaseFilter all = { 0 };
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double read_ms, project_ms, kernel_ms, lon = 0;
  gint64 start;
  guint n;
  int epsg;

  start = g_get_monotonic_time ();
  points = gw_hotspot_case_points (store, &all, NULL, &error);
  if (points == NULL)
    {
      gw_bench_fail (name, error);
      return;
    }
  read_ms = gw_bench_ms_since (start);
  n = points->len / 2;
  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    lon += g_array_index (points, double, 2 * i);
  epsg = gw_gk3_zone_epsg (lon / n);
  xy = g_new (double, 2 * n);
  start = g_get_monotonic_time ();
  if (!gw_project_lonlat ((const double *) points->data, n, epsg, xy, &error))
    {
      gw_bench_fail (name, error);
      return;
    }
  project_ms = gw_bench_ms_since (start);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      min_x = MIN (min_x, xy[2 * i]);
      max_x = MAX (max_x, xy[2 * i]);
      min_y = MIN (min_y, xy[2 * i + 1]);
      max_y = MAX (max_y, xy[2 * i + 1]);
    }
  raster = gw_kernel_density (xy, NULL, n, min_x, min_y, max_x, max_y,
                              gw_kernel_default_radius (xy, n),
                              gw_kernel_default_cell (min_x, min_y, max_x, max_y, 1024));
  kernel_ms = gw_bench_ms_since (start);
  gw_bench_figure (name, read_ms + project_ms + kernel_ms, "ms",
                   "read %.1f, project %.1f, kernel %.1f; %u cases, %u × %u cells, radius %.0f m",
                   read_ms, project_ms, kernel_ms, n, raster->width, raster->height, raster->radius);
}

/* Counts per grid, Gi* on the rate, the trend over the last 12 months and
 * the density, each figure named with @suffix. */
static gboolean
bench_questions (GwStore              *store,
                 const GwHotspotGrids *grids,
                 const char           *suffix)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) rows = NULL;
  g_autoptr (GArray) trend = NULL;
  g_autofree guint *counts = g_new0 (guint, MAX (grids->grids->len, 1));
  g_autofree char *name = NULL;
  const GwCaseFilter all = { 0 };
  const GwCaseFilter year = { .from = "2025-12-01", .to = "2026-11-30" };
  gint64 start;

  start = g_get_monotonic_time ();
  if (gw_hotspot_count_cases (store, grids, &all, NULL, counts, &error) < 0)
    {
      gw_bench_fail ("hotspot_counts", error);
      return FALSE;
    }
  name = g_strconcat ("hotspot_counts_per_grid", suffix, NULL);
  gw_bench_figure (name, gw_bench_ms_since (start), "ms", NULL);

  start = g_get_monotonic_time ();
  rows = gw_hotspots_gi_star (store, grids, &all, GW_HOTSPOT_RATE_PER_100_HOUSEHOLDS,
                              GW_HOTSPOT_DEFAULT_MIN_CASES, NULL, &error);
  if (rows == NULL)
    {
      gw_bench_fail ("hotspot_gistar", error);
      return FALSE;
    }
  g_free (name);
  name = g_strconcat ("hotspot_gistar", suffix, NULL);
  gw_bench_figure (name, gw_bench_ms_since (start), "ms", "counts + Gi* + FDR");

  start = g_get_monotonic_time ();
  trend = gw_hotspots_trend (store, grids, &year, GW_HOTSPOT_RATE_PER_100_HOUSEHOLDS,
                             GW_HOTSPOT_DEFAULT_MIN_CASES, NULL, &error);
  if (trend == NULL)
    {
      gw_bench_fail ("hotspot_trend", error);
      return FALSE;
    }
  g_free (name);
  name = g_strconcat ("hotspot_trend_12_months", suffix, NULL);
  gw_bench_figure (name, gw_bench_ms_since (start), "ms", NULL);

  g_free (name);
  name = g_strconcat ("hotspot_density_1024", suffix, NULL);
  bench_density (store, name);
  return TRUE;
}

/* Hotspot figures (issue 12) over every case of the file: the grids'
 * households, residents and neighbours (once per snapshot); the questions
 * as the CLI answers them once, from SQL; the cases kept in memory (read
 * once per change of the file) and the same questions as a supervisor's
 * window asks them again at each step of the time slider; and the five
 * KPIs by grid over every case. */
void
gw_bench_hotspots (GwStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwHotspotGrids) grids = NULL;
  g_autofree guint *counts = NULL;
  const GwCaseFilter all = { 0 };
  gint64 start;

  start = g_get_monotonic_time ();
  grids = gw_hotspot_grids_load (store, &error);
  if (grids == NULL)
    {
      gw_bench_fail ("hotspot_grids", error);
      return;
    }
  gw_bench_figure ("hotspot_grids_load", gw_bench_ms_since (start), "ms", "%u grids, %u neighbour pairs",
                   grids->grids->len, grids->neighbours->len / 2);

  if (!bench_questions (store, grids, ""))
    return;

  counts = g_new0 (guint, MAX (grids->grids->len, 1));
  gw_hotspot_keep_cases (store, TRUE);
  start = g_get_monotonic_time ();
  if (gw_hotspot_count_cases (store, grids, &all, NULL, counts, &error) < 0)
    {
      gw_bench_fail ("hotspot_cases_kept", error);
      return;
    }
  gw_bench_figure ("hotspot_cases_kept_load", gw_bench_ms_since (start), "ms",
                   "once per change of the file");
  if (!bench_questions (store, grids, "_kept"))
    return;
  gw_hotspot_keep_cases (store, FALSE);

  {
    g_autoptr (GwKpiTable) kpis = NULL;

    start = g_get_monotonic_time ();
    kpis = gw_kpi_compute (store, GW_KPI_BY_GRID, &all, NULL, &error);
    if (kpis == NULL)
      {
        gw_bench_fail ("kpi_by_grid", error);
        return;
      }
    gw_bench_figure ("kpi_by_grid", gw_bench_ms_since (start), "ms", "%u grids, %u cases",
                     kpis->rows->len, kpis->total.cases);
  }
}
