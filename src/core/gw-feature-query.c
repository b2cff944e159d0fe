/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-feature-query"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-domain.h"
#include "gw-feature-query.h"
#include "gw-wkb.h"
#include "gw-store-private.h"
#include "gw-util.h"

/* Every query returns the same columns, so one reader serves all kinds:
 * id, parent id, grid id, label, name, class, flags, geometry (WKB).
 * Text codes become the row's numbers in SQL: plain CASE expressions that
 * PostgreSQL reads as well. */
typedef struct
{
  GwFeatureKind  kind;
  const char    *sql;
  gboolean       binds_now;   /* ?1 is the current time */
} FeatureQuery;

static const FeatureQuery feature_queries[] = {
  { GW_FEATURE_COMMUNITY,
    "SELECT id, street_id, 0, name, code, 0, 0, geom"
    " FROM communities WHERE substr (code, 10) <> '000' ORDER BY id",
    FALSE },
  { GW_FEATURE_GRID,
    "SELECT id, community_id, id, code, name, 0, 0, geom"
    " FROM grids WHERE retired_at IS NULL ORDER BY id",
    FALSE },
  { GW_FEATURE_LOT,
    "SELECT id, grid_id, grid_id, name, name,"
    " CASE kind WHEN 'shops' THEN 1 WHEN 'public' THEN 2 WHEN 'open' THEN 3 ELSE 0 END,"
    " 0, geom"
    " FROM lots ORDER BY id",
    FALSE },
  { GW_FEATURE_BUILDING,
    "SELECT b.id, b.lot_id, l.grid_id, b.name, b.address, b.floors,"
    " CASE b.use WHEN 'shop' THEN 1 WHEN 'mixed' THEN 1 WHEN 'public' THEN 2 ELSE 0 END,"
    " b.geom"
    " FROM buildings b JOIN lots l ON l.id = b.lot_id ORDER BY b.id",
    FALSE },
  { GW_FEATURE_ROAD,
    "SELECT id, 0, 0, name, name,"
    " CASE class WHEN 'main' THEN 0 WHEN 'secondary' THEN 1 ELSE 2 END,"
    " 0, geom"
    " FROM roads ORDER BY id",
    FALSE },
  /* Only open cases are on the map; overdue is decided at @now. */
  { GW_FEATURE_CASE,
    "SELECT id, grid_id, grid_id, code, category,"
    " CASE substr(tier, 1, 1) WHEN 'A' THEN 0 WHEN 'B' THEN 1 ELSE 2 END,"
    " deadline_at IS NOT NULL AND deadline_at < ?1, geom"
    " FROM cases WHERE status IN " GW_CASE_OPEN_STATUSES_SQL
    " ORDER BY id",
    TRUE },
};

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

static gboolean
run_feature_query (GwStore            *store,
                   const FeatureQuery *query,
                   const char         *now_text,
                   GwFeatureRowFunc    func,
                   gpointer            user_data,
                   GError            **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = gw_store_prepare (store, query->sql, error);
  if (stmt == NULL)
    return FALSE;
  if (query->binds_now && !gw_store_bind_text (store, stmt, 1, now_text, error))
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwFeatureRow row = {
        .kind = query->kind,
        .id = sqlite3_column_int64 (stmt, 0),
        .parent_id = sqlite3_column_int64 (stmt, 1),
        .grid_id = sqlite3_column_int64 (stmt, 2),
        .label = column_text (stmt, 3),
        .name = column_text (stmt, 4),
        .klass = sqlite3_column_int (stmt, 5),
        .flags = sqlite3_column_int (stmt, 6),
        .wkb = sqlite3_column_blob (stmt, 7),
      };

      row.wkb_size = row.wkb != NULL ? (gsize) sqlite3_column_bytes (stmt, 7) : 0;
      row.spatialite = gw_wkb_spatialite_readable (row.wkb, row.wkb_size);
      if (row.wkb != NULL && !row.spatialite)
        {
          /* Compressed, or not SpatiaLite's: WKB through SpatiaLite. */
          sqlite3_stmt *wkb = gw_store_prepare_cached (store, "SELECT AsBinary (?1)", error);

          if (wkb == NULL
              || sqlite3_bind_blob (wkb, 1, row.wkb, (int) row.wkb_size, SQLITE_STATIC) != SQLITE_OK
              || sqlite3_step (wkb) != SQLITE_ROW)
            {
              gw_store_set_sql_error (store, error, _("Could not read the map features"));
              if (wkb != NULL)
                sqlite3_reset (wkb);
              return FALSE;
            }
          row.wkb = sqlite3_column_blob (wkb, 0);
          row.wkb_size = row.wkb != NULL ? (gsize) sqlite3_column_bytes (wkb, 0) : 0;
          func (&row, user_data);
          sqlite3_reset (wkb);
          continue;
        }
      func (&row, user_data);
    }

  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the map features"));
      return FALSE;
    }
  return TRUE;
}

/* Counted per building: the reader sums them into whatever it groups
 * buildings by (the map: grids), which saves joining lots again here. */
static gboolean
run_household_query (GwStore                  *store,
                     GwBuildingHouseholdsFunc  func,
                     gpointer                  user_data,
                     GError                  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = gw_store_prepare (store,
                           "SELECT d.building_id, count(*)"
                           " FROM households h JOIN dwellings d ON d.id = h.dwelling_id"
                           " GROUP BY d.building_id",
                           error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func (sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1), user_data);

  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not count the households of the grids"));
      return FALSE;
    }
  return TRUE;
}

/**
 * gw_feature_query_run:
 * @store: a #GwStore
 * @now: (nullable): the time at which a case counts as overdue; %NULL: now
 * @feature_func: called for each feature
 * @households_func: (nullable): called with the households of each
 *   building that has any, after all features
 * @user_data: for both callbacks
 * @error: return location for a #GError
 *
 * Reads every feature the map draws: communities, grids, lots, buildings,
 * roads and open cases, in that order, each kind in id order. All of it is
 * read in one read transaction, so that every kind is from the same moment
 * even while other programs write. Rows without geometry are passed on too
 * (with a %NULL @wkb): whether to skip them is the reader's choice.
 *
 * Returns: %TRUE on success; on failure the callbacks may have seen part of
 *   the rows
 */
gboolean
gw_feature_query_run (GwStore                  *store,
                      GDateTime                *now,
                      GwFeatureRowFunc          feature_func,
                      GwBuildingHouseholdsFunc  households_func,
                      gpointer                  user_data,
                      GError                  **error)
{
  g_autoptr (GDateTime) default_now = NULL;
  g_autofree char *now_text = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (feature_func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (now == NULL)
    now = default_now = gw_now ();
  now_text = gw_format_timestamp (now);

  if (!gw_store_exec (store, "SAVEPOINT gw_feature_query", error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (feature_queries) && ok; i++)
    ok = run_feature_query (store, &feature_queries[i], now_text, feature_func, user_data, error);
  if (ok && households_func != NULL)
    ok = run_household_query (store, households_func, user_data, error);

  if (!ok)
    {
      gw_store_exec (store, "ROLLBACK TO gw_feature_query; RELEASE gw_feature_query", NULL);
      return FALSE;
    }
  return gw_store_exec (store, "RELEASE gw_feature_query", error);
}
