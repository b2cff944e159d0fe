/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gw-hotspot-query.h"
#include "gw-hotspot-stats.h"

G_BEGIN_DECLS

/* The hotspot methods of issue 12 over a store: the core's counts under a
 * filter, the statistics of gw-hotspot-stats.h on top. What the CLI's
 * `hotspots` verb and the app's hotspot layer both call. No SQL here. */

typedef enum
{
  GW_HOTSPOT_RATE_PER_100_HOUSEHOLDS,
  GW_HOTSPOT_RATE_PER_1000_RESIDENTS,
  GW_HOTSPOT_RATE_RAW,
} GwHotspotRate;

/* "per100", "per1000", "raw". */
gboolean gw_hotspot_rate_from_key (const char     *key,
                                   GwHotspotRate  *rate);

/**
 * GwHotspotRow:
 * @grid: index into the #GwHotspotGrids
 * @cases: cases under the filter
 * @rate: per 100 households, per 1,000 residents or the count (0 for a
 *   grid with no households or residents)
 * @gi: Gi* of @rate
 * @trend: (trend only) Mann–Kendall of the monthly counts
 * @emerging: (trend only) the emerging hot-spot category
 */
typedef struct
{
  guint          grid;
  guint          cases;
  double         rate;
  GwGiStar       gi;
  GwMannKendall  trend;
  GwEmerging     emerging;
} GwHotspotRow;

/* Rates and Gi* per grid; rows in the grids' order. @min_cases: the guard
 * (GW_HOTSPOT_DEFAULT_MIN_CASES). */
GArray  *gw_hotspots_gi_star (GwStore               *store,
                              const GwHotspotGrids  *grids,
                              const GwCaseFilter    *filter,
                              GwHotspotRate          rate,
                              guint                  min_cases,
                              GDateTime             *now,
                              GError               **error);

/* As gw_hotspots_gi_star(), plus per grid the Mann–Kendall test of its
 * monthly counts and its emerging category from the Gi* of each month
 * (the guard applied to each month's count). */
GArray  *gw_hotspots_trend   (GwStore               *store,
                              const GwHotspotGrids  *grids,
                              const GwCaseFilter    *filter,
                              GwHotspotRate          rate,
                              guint                  min_cases,
                              GDateTime             *now,
                              GError               **error);

G_END_DECLS
