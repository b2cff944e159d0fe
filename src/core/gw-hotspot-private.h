/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The case filter as SQL, shared by the hotspot and KPI queries of the core.
 * A statement puts GW_CASE_FILTER_SQL in its WHERE clause (cases aliased k),
 * binds it with gw_case_filter_bind() and numbers its own parameters from
 * ?20. The day range comes first so that the covering index
 * cases_reported_filter (schema 6) narrows it. */

#include "gw-hotspot-query.h"
#include "gw-store-private.h"

G_BEGIN_DECLS

#define GW_CASE_FILTER_SQL \
  " k.reported_at >= ?1 AND k.reported_at < ?2 " \
  " AND (?3 IS NULL OR k.category = ?3) " \
  " AND (?4 IS NULL OR k.subcategory = ?4) " \
  " AND (?5 IS NULL OR k.tier = ?5) " \
  " AND (?6 IS NULL OR k.source = ?6) " \
  " AND (?7 = 0 OR k.status IN " GW_CASE_OPEN_STATUSES_SQL ") " \
  " AND (?8 IS NULL OR (k.deadline_at IS NOT NULL AND k.deadline_at < ?8)) " \
  " AND (?9 IS NULL OR k.grid_id IN (SELECT fg.id FROM grids fg " \
  "        JOIN communities fc ON fc.id = fg.community_id WHERE fc.code = ?9)) " \
  " AND (?10 IS NULL OR k.grid_id IN (SELECT sg.id FROM grids sg " \
  "        JOIN communities sc ON sc.id = sg.community_id " \
  "        JOIN streets ss ON ss.id = sc.street_id WHERE ss.code = ?10)) "

gboolean gw_case_filter_bind (GwStore             *store,
                              sqlite3_stmt        *stmt,
                              const GwCaseFilter  *filter,
                              GDateTime           *now,
                              GError             **error);

/* The day after @day (YYYY-MM-DD), or NULL if it is not a date. */
char    *gw_day_after        (const char          *day);

/* The point of a SpatiaLite point BLOB, from its header. */
gboolean gw_blob_point       (const guint8        *blob,
                              int                  length,
                              double              *x,
                              double              *y);

/* The cases kept in memory (gw_hotspot_keep_cases()), in gw-case-table.c:
 * the same answers as the SQL of gw-hotspot-query.c. */
typedef struct _GwCaseTable GwCaseTable;

gboolean gw_case_table_get           (GwStore               *store,
                                      GwCaseTable          **table,
                                      GError               **error);
gint64   gw_case_table_count         (const GwCaseTable     *table,
                                      const GwHotspotGrids  *grids,
                                      const GwCaseFilter    *filter,
                                      GDateTime             *now,
                                      guint                 *counts,
                                      GError               **error);
gboolean gw_case_table_count_monthly (const GwCaseTable     *table,
                                      const GwHotspotGrids  *grids,
                                      const GwCaseFilter    *filter,
                                      GDateTime             *now,
                                      int                    first_month,
                                      GwMonthlyCounts       *monthly,
                                      GError               **error);
gboolean gw_case_table_points        (const GwCaseTable     *table,
                                      const GwCaseFilter    *filter,
                                      GDateTime             *now,
                                      GArray                *points,
                                      GError               **error);

G_END_DECLS
