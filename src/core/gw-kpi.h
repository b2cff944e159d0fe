/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gw-calendar.h"
#include "gw-hotspot-query.h"
#include "gw-store.h"

G_BEGIN_DECLS

/* The five rates by which seed 002 judges communities and departments
 * (响应率, 立案率, 办结率, 按时办结率, 满意率), per grid, community, worker or
 * department, over the cases that the shared #GwCaseFilter selects (the
 * day each case was *reported* is what --from/--to restrict). A case counts
 * for whoever holds it now: its current grid (and that grid's community),
 * its current worker or department. Each rate is numerator / denominator;
 * a group whose denominator is 0 has no rate (shown empty), never 0 %.
 *
 * - Response (响应率): the handler took the case up in time.
 *     denominator: cases with a `dispatch` event, except those not yet taken
 *       up whose response window (below) is still running at @now;
 *     numerator: those whose first `start` event after the first `dispatch`
 *       came within GW_KPI_RESPONSE_SECONDS of working time (one working
 *       day, gw-calendar.h) of it.
 * - Acceptance (立案率): the command centre registered the demand.
 *     denominator: cases decided, i.e. in any status but `reported`;
 *     numerator: those not `rejected` (registered and beyond, reopened
 *       ones included).
 *     Rejected cases have no holder, so by worker and by department the
 *     rate is 100 % wherever it is defined; it judges grids and communities.
 * - Completion (办结率): registered cases verified and closed.
 *     denominator: the acceptance numerator;
 *     numerator: those `closed` or `evaluated` (closed_at set).
 * - On time (按时办结率): closed by the deadline.
 *     denominator: cases with a deadline_at that are closed, or still open
 *       with the deadline passed at @now (overdue, as the board counts it);
 *     numerator: those closed with closed_at ≤ deadline_at.
 *     (Tier C's deadline is its next progress report.)
 * - Satisfaction (满意率): residents satisfied with the result.
 *     denominator: cases evaluated (satisfaction 1–5 set);
 *     numerator: those rated 4 or 5 (satisfied, very satisfied).
 */

/* One working day (7.5 h). */
#define GW_KPI_RESPONSE_SECONDS GW_WORK_DAY_SECONDS
#define GW_KPI_SATISFIED 4

typedef enum
{
  GW_KPI_BY_GRID,
  GW_KPI_BY_COMMUNITY,
  GW_KPI_BY_WORKER,
  GW_KPI_BY_DEPARTMENT,
} GwKpiGrouping;

typedef enum
{
  GW_KPI_RESPONSE,
  GW_KPI_ACCEPTANCE,
  GW_KPI_COMPLETION,
  GW_KPI_ON_TIME,
  GW_KPI_SATISFACTION,
  GW_KPI_N,
} GwKpi;

/* "grid", "community", "worker", "department". */
gboolean    gw_kpi_grouping_from_key (const char     *key,
                                      GwKpiGrouping  *grouping);
/* "response", "acceptance", "completion", "on_time", "satisfaction". */
const char *gw_kpi_key               (GwKpi           kpi);
/* "Response rate" … (translated). */
const char *gw_kpi_label             (GwKpi           kpi);
/* One line: what the rate counts (translated), for the UI and help. */
const char *gw_kpi_definition        (GwKpi           kpi);

typedef struct
{
  guint numerator;
  guint denominator;
} GwKpiCount;

/* numerator / denominator as a fraction (0–1), NAN when there is nothing
 * to judge. */
double      gw_kpi_count_rate        (const GwKpiCount *count);

/**
 * GwKpiRow:
 * @id: the grid's, community's, worker's or department's id (0 for the total)
 * @code: (nullable): the grid's or community's code
 * @name: its name
 * @parent: (nullable): a grid's community name, a worker's organisation,
 *   a department's level (district, street)
 * @cases: cases under the filter that count for it
 */
typedef struct
{
  gint64      id;
  char       *code;
  char       *name;
  char       *parent;
  guint       cases;
  GwKpiCount  counts[GW_KPI_N];
} GwKpiRow;

/**
 * GwKpiTable:
 * @rows: (element-type GwKpiRow): by grid: every live grid, by code; by
 *   community: every community, by code; by worker and department: those
 *   holding at least one case under the filter, by name
 * @total: all cases under the filter, grouped or not
 */
typedef struct
{
  GArray   *rows;
  GwKpiRow  total;
} GwKpiTable;

void        gw_kpi_table_free        (GwKpiTable       *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwKpiTable, gw_kpi_table_free)

/**
 * gw_kpi_compute:
 * @now: (nullable): what "overdue" and "still in time to respond" are
 *   measured against; %NULL: now
 *
 * Returns: (transfer full): the rates, or %NULL with @error set (a bad
 *   filter names the field)
 */
GwKpiTable *gw_kpi_compute           (GwStore             *store,
                                      GwKpiGrouping        grouping,
                                      const GwCaseFilter  *filter,
                                      GDateTime           *now,
                                      GError             **error);

G_END_DECLS
