/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gw-store.h"

G_BEGIN_DECLS

/* What the supervisor's views read (issue 12): grids with their households,
 * residents and queen neighbours; case counts per grid and per month; case
 * points — all under one filter shared by every view. Plain structs and
 * arrays; the statistics are in src/analysis/gw-hotspot-stats.h. */

/**
 * GwCaseFilterStatus:
 * @GW_CASE_FILTER_ALL: every case
 * @GW_CASE_FILTER_OPEN: cases still open (not closed, evaluated or rejected)
 * @GW_CASE_FILTER_OVERDUE: open cases whose deadline has passed at @now
 */
typedef enum
{
  GW_CASE_FILTER_ALL,
  GW_CASE_FILTER_OPEN,
  GW_CASE_FILTER_OVERDUE,
} GwCaseFilterStatus;

/**
 * GwCaseFilter:
 * @from: (nullable): the first day a case was reported, YYYY-MM-DD
 * @to: (nullable): the last day, YYYY-MM-DD, inclusive
 * @category: (nullable): a major class key (gw_case_categories) or a
 *   sub-class name (cases.subcategory, e.g. 下水道堵塞)
 * @tier: (nullable): "A", "B" or "C"
 * @source: (nullable): building_leader, patrol, hotline, …
 * @status: all, open or overdue
 * @community: (nullable): a community's 12-digit code
 * @street: (nullable): a street's 9-digit code (in a district's file)
 *
 * The strings are the caller's; %NULL means no restriction. Zero-initialised
 * it is every case.
 */
typedef struct
{
  const char         *from;
  const char         *to;
  const char         *category;
  const char         *tier;
  const char         *source;
  GwCaseFilterStatus  status;
  const char         *community;
  const char         *street;
} GwCaseFilter;

/* "all", "open", "overdue". */
gboolean    gw_case_filter_status_from_key (const char          *key,
                                            GwCaseFilterStatus  *status);
/* Checks dates (YYYY-MM-DD, from ≤ to), tier, source and status; the error
 * names the field and the value. */
gboolean    gw_case_filter_validate        (const GwCaseFilter  *filter,
                                            GError             **error);
/* Checks that the filter's community and street are in @store; the error
 * names the code. */
gboolean    gw_case_filter_check_places    (GwStore             *store,
                                            const GwCaseFilter  *filter,
                                            GError             **error);

typedef struct
{
  gint64  id;
  char   *code;             /* 15 digits */
  char   *name;
  char   *community_code;
  char   *community_name;
  gint64  households;
  gint64  residents;
  double  lon, lat;         /* a point inside the grid (its centroid if inside), CGCS2000 */
} GwHotspotGrid;

/**
 * GwHotspotGrids:
 * @grids: (element-type GwHotspotGrid): every grid, by code
 * @neighbours: pairs of indexes into @grids of grids that touch (share an
 *   edge or a corner: queen contiguity), each pair once, smaller index first
 * @street_lon, @street_lat: the centroid of all grids (for the map's
 *   projection zone)
 *
 * What does not change with the filter: load it once per map snapshot and
 * keep it (neighbours take SpatiaLite's ST_Intersects on every touching
 * pair).
 */
typedef struct
{
  GArray     *grids;
  GArray     *neighbours;   /* of guint, 2 per pair */
  double      street_lon, street_lat;
  GHashTable *index_of_id;  /* grid id → index + 1 */
} GwHotspotGrids;

GwHotspotGrids *gw_hotspot_grids_load   (GwStore               *store,
                                         GError               **error);
void            gw_hotspot_grids_free   (GwHotspotGrids        *grids);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwHotspotGrids, gw_hotspot_grids_free)

/* The index of grid @grid_id in @grids, or -1. */
int             gw_hotspot_grids_find   (const GwHotspotGrids  *grids,
                                         gint64                 grid_id);
#define gw_hotspot_grids_get(g, i) (&g_array_index ((g)->grids, GwHotspotGrid, (i)))

/**
 * gw_hotspot_grids_geojson:
 *
 * Returns: (transfer full) (element-type utf8): the GeoJSON geometry of
 *   each grid of @grids, in their order (CGCS2000 lon/lat, 7 decimals:
 *   about a centimetre)
 */
GPtrArray  *gw_hotspot_grids_geojson   (GwStore               *store,
                                        const GwHotspotGrids  *grids,
                                        GError               **error);

void        gw_hotspot_keep_cases      (GwStore               *store,
                                        gboolean               keep);
/* Whether the store has the cases in memory now (once a question read them). */
gboolean    gw_hotspot_cases_are_kept  (GwStore               *store);

/**
 * gw_hotspot_count_cases:
 * @now: (nullable): what "overdue" is measured against; %NULL: now
 * @counts: (out caller-allocates) (array): one per grid of @grids
 *
 * Counts the cases under @filter per grid. Cases of grids not in @grids
 * (none, unless a grid was added since they were loaded) are not counted.
 *
 * Returns: the total counted, or -1 with @error set
 */
gint64      gw_hotspot_count_cases     (GwStore               *store,
                                        const GwHotspotGrids  *grids,
                                        const GwCaseFilter    *filter,
                                        GDateTime             *now,
                                        guint                 *counts,
                                        GError               **error);

/**
 * GwMonthlyCounts:
 * @months: the months of the range, "YYYY-MM", oldest first
 * @n_grids: grids (as in the #GwHotspotGrids they were counted for)
 * @counts: @n_grids × months->len, grid-major: counts[g × n_months + m]
 */
typedef struct
{
  GPtrArray *months;
  guint      n_grids;
  guint     *counts;
} GwMonthlyCounts;

void             gw_monthly_counts_free (GwMonthlyCounts *monthly);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwMonthlyCounts, gw_monthly_counts_free)

/* Counts per grid and calendar month over the filter's range (a filter
 * without dates covers the months from the first case to the last). At
 * most 240 months. */
GwMonthlyCounts *gw_hotspot_count_monthly (GwStore               *store,
                                           const GwHotspotGrids  *grids,
                                           const GwCaseFilter    *filter,
                                           GDateTime             *now,
                                           GError               **error);

/**
 * gw_hotspot_case_points:
 *
 * Returns: (transfer full) (element-type double): lon, lat (CGCS2000) of
 *   each case under @filter, two doubles per case
 */
GArray     *gw_hotspot_case_points     (GwStore               *store,
                                        const GwCaseFilter    *filter,
                                        GDateTime             *now,
                                        GError               **error);

/**
 * gw_hotspot_top_categories:
 * @grid_id: the grid
 * @n: at most this many
 *
 * The categories of the grid's cases under @filter, most first: two
 * entries per category in the array, the key (gw-domain.h) and the count
 * as a decimal string.
 *
 * Returns: (transfer full) (element-type utf8): the list, or %NULL
 */
GPtrArray  *gw_hotspot_top_categories  (GwStore               *store,
                                        gint64                 grid_id,
                                        const GwCaseFilter    *filter,
                                        guint                  n,
                                        GDateTime             *now,
                                        GError               **error);

G_END_DECLS
