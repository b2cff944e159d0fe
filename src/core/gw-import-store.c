/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-import-store.h"
#include "gw-store-private.h"

typedef enum
{
  ASK_COMMUNITY_CROSSING,
  ASK_BUILDING_EQUALS,
  ASK_DWELLING_BY_CODE,
  ASK_DWELLING_BY_ADDRESS,
  ASK_FIRST_HOUSEHOLD,
  N_ASKS
} Ask;

/* What is asked per feature: a district's file asks some ten thousand
 * times, so each statement is looked up once, not by its text each time. */
static const char * const ask_sql[N_ASKS] = {
  [ASK_COMMUNITY_CROSSING] =
    "SELECT t.id FROM communities AS t WHERE t.id IN (SELECT pkid FROM idx_communities_geom "
    "WHERE xmax >= ?1 AND xmin <= ?2 AND ymax >= ?3 AND ymin <= ?4) "
    "AND ST_Intersects (t.geom, GeomFromWKB (?5, 4490)) = 1 ORDER BY t.id LIMIT 1",
  [ASK_BUILDING_EQUALS] =
    "SELECT ST_Equals (geom, GeomFromWKB (?, 4490)) FROM buildings WHERE id = ?",
  [ASK_DWELLING_BY_CODE] =
    "SELECT id FROM dwellings WHERE code = ?",
  [ASK_DWELLING_BY_ADDRESS] =
    "SELECT d.id FROM dwellings d JOIN buildings b ON b.id = d.building_id "
    "WHERE (b.address = ?1 AND d.room = ?2) OR b.address || d.room = ?1 "
    "ORDER BY d.id LIMIT 1",
  [ASK_FIRST_HOUSEHOLD] =
    "SELECT id FROM households WHERE dwelling_id = ? ORDER BY id LIMIT 1",
};

struct _GwImportStore
{
  GwStore      *store;
  sqlite3_stmt *asks[N_ASKS];   /* the store's cached statements */
};

GwImportStore *
gw_import_store_new (GwStore *store)
{
  GwImportStore *self;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  self = g_new0 (GwImportStore, 1);
  self->store = g_object_ref (store);
  return self;
}

void
gw_import_store_free (GwImportStore *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->store);
  g_free (self);
}

static sqlite3_stmt *
ask (GwImportStore  *self,
     Ask             what,
     GError        **error)
{
  if (self->asks[what] == NULL)
    self->asks[what] = gw_store_prepare_cached (self->store, ask_sql[what], error);
  else
    {
      sqlite3_reset (self->asks[what]);
      sqlite3_clear_bindings (self->asks[what]);
    }
  return self->asks[what];
}

/* Steps a query of at most one row: @id gets its first column, or 0. */
static gboolean
step_id (GwImportStore  *self,
         sqlite3_stmt   *stmt,
         const char     *what,
         gint64         *id,
         GError        **error)
{
  int rc = sqlite3_step (stmt);

  *id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (self->store, error, what);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
bind_wkb (GwImportStore  *self,
          sqlite3_stmt   *stmt,
          int             index,
          const guint8   *wkb,
          gsize           len,
          GError        **error)
{
  return gw_store_check_bind (self->store,
                              sqlite3_bind_blob (stmt, index, wkb, (int) len, SQLITE_STATIC),
                              error);
}

static gboolean
bind_double (GwImportStore  *self,
             sqlite3_stmt   *stmt,
             int             index,
             double          value,
             GError        **error)
{
  return gw_store_check_bind (self->store, sqlite3_bind_double (stmt, index, value), error);
}

gboolean
gw_import_store_has_communities (GwImportStore *self)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  stmt = gw_store_prepare (self->store, "SELECT count(*) FROM communities", NULL);
  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) > 0;
}

gboolean
gw_import_store_street_extent (GwImportStore *self,
                               GwBBox        *extent)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (self != NULL && extent != NULL, FALSE);

  stmt = gw_store_prepare (self->store,
                           "SELECT MbrMinX (e), MbrMinY (e), MbrMaxX (e), MbrMaxY (e) FROM "
                           "(SELECT Extent (geom) AS e FROM (SELECT geom FROM streets UNION ALL "
                           "SELECT geom FROM communities UNION ALL SELECT geom FROM grids))",
                           &error);
  if (stmt == NULL)
    {
      g_warning ("The street's extent: %s", error->message);
      return FALSE;
    }
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return FALSE;
  extent->min_x = sqlite3_column_double (stmt, 0);
  extent->min_y = sqlite3_column_double (stmt, 1);
  extent->max_x = sqlite3_column_double (stmt, 2);
  extent->max_y = sqlite3_column_double (stmt, 3);
  return TRUE;
}

gboolean
gw_import_store_distance_m (GwImportStore  *self,
                            double          lon1,
                            double          lat1,
                            double          lon2,
                            double          lat2,
                            double         *metres,
                            GError        **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (self != NULL && metres != NULL, FALSE);

  /* SpatiaLite's geodesic distance: degrees are no distance. */
  stmt = gw_store_prepare (self->store,
                           "SELECT ST_Distance (MakePoint (?1, ?2, 4490), "
                           "MakePoint (?3, ?4, 4490), 1)", error);
  if (stmt == NULL
      || !bind_double (self, stmt, 1, lon1, error) || !bind_double (self, stmt, 2, lat1, error)
      || !bind_double (self, stmt, 3, lon2, error) || !bind_double (self, stmt, 4, lat2, error))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    {
      gw_store_set_sql_error (self->store, error, _("Could not locate a feature"));
      return FALSE;
    }
  *metres = sqlite3_column_double (stmt, 0);
  return TRUE;
}

gboolean
gw_import_store_read_areas (GwImportStore     *self,
                            GwGeometryTables   table,
                            GwImportAreaFunc   func,
                            gpointer           user_data,
                            GError           **error)
{
  const char *sql;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL && func != NULL, FALSE);

  switch (table)
    {
    case GW_GEOMETRY_COMMUNITIES:
      sql = "SELECT id, id, AsBinary (geom) FROM communities WHERE geom IS NOT NULL ORDER BY id";
      break;
    case GW_GEOMETRY_GRIDS:
      sql = "SELECT id, community_id, AsBinary (geom) FROM grids WHERE geom IS NOT NULL "
            "AND retired_at IS NULL ORDER BY id";
      break;
    case GW_GEOMETRY_LOTS:
      sql = "SELECT id, community_id, AsBinary (geom) FROM lots WHERE geom IS NOT NULL "
            "ORDER BY id";
      break;
    default:
      g_return_val_if_reached (FALSE);
    }
  stmt = gw_store_prepare (self->store, sql, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    func (sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
          sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2), user_data);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (self->store, error, _("Could not locate a feature"));
      return FALSE;
    }
  return TRUE;
}

gboolean
gw_import_store_find_community_crossing (GwImportStore  *self,
                                         const GwBBox   *box,
                                         const guint8   *wkb,
                                         gsize           len,
                                         gint64         *id,
                                         GError        **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (self != NULL && box != NULL && id != NULL, FALSE);

  *id = 0;
  stmt = ask (self, ASK_COMMUNITY_CROSSING, error);
  return stmt != NULL
         && bind_double (self, stmt, 1, box->min_x, error)
         && bind_double (self, stmt, 2, box->max_x, error)
         && bind_double (self, stmt, 3, box->min_y, error)
         && bind_double (self, stmt, 4, box->max_y, error)
         && bind_wkb (self, stmt, 5, wkb, len, error)
         && step_id (self, stmt, _("Could not locate a feature"), id, error);
}

gboolean
gw_import_store_read_building_boxes (GwImportStore    *self,
                                     GwImportBoxFunc   func,
                                     gpointer          user_data,
                                     GError          **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL && func != NULL, FALSE);

  stmt = gw_store_prepare (self->store,
                           "SELECT pkid, xmin, xmax, ymin, ymax FROM idx_buildings_geom", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwBBox box = { sqlite3_column_double (stmt, 1), sqlite3_column_double (stmt, 3),
                     sqlite3_column_double (stmt, 2), sqlite3_column_double (stmt, 4) };

      func (sqlite3_column_int64 (stmt, 0), &box, user_data);
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (self->store, error, _("Could not locate a feature"));
      return FALSE;
    }
  return TRUE;
}

gboolean
gw_import_store_building_equals (GwImportStore  *self,
                                 gint64          id,
                                 const guint8   *wkb,
                                 gsize           len,
                                 gboolean       *equal,
                                 GError        **error)
{
  sqlite3_stmt *stmt;
  gint64 answer = 0;

  g_return_val_if_fail (self != NULL && equal != NULL, FALSE);

  *equal = FALSE;
  stmt = ask (self, ASK_BUILDING_EQUALS, error);
  if (stmt == NULL
      || !bind_wkb (self, stmt, 1, wkb, len, error)
      || !gw_store_bind_int64 (self->store, stmt, 2, id, error)
      || !step_id (self, stmt, _("Could not locate a feature"), &answer, error))
    return FALSE;
  *equal = answer == 1;
  return TRUE;
}

gboolean
gw_import_store_find_dwelling (GwImportStore  *self,
                               const char     *code,
                               const char     *address,
                               const char     *room,
                               gint64         *dwelling_id,
                               GError        **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (self != NULL && dwelling_id != NULL, FALSE);

  *dwelling_id = 0;
  if (code != NULL)
    {
      stmt = ask (self, ASK_DWELLING_BY_CODE, error);
      if (stmt == NULL || !gw_store_bind_text (self->store, stmt, 1, code, error))
        return FALSE;
    }
  else if (address != NULL)
    {
      stmt = ask (self, ASK_DWELLING_BY_ADDRESS, error);
      if (stmt == NULL
          || !gw_store_bind_text (self->store, stmt, 1, address, error)
          || !gw_store_bind_text (self->store, stmt, 2, room, error))
        return FALSE;
    }
  else
    return TRUE;
  return step_id (self, stmt, _("Could not look up a dwelling"), dwelling_id, error);
}

gboolean
gw_import_store_first_household (GwImportStore  *self,
                                 gint64          dwelling_id,
                                 gint64         *household_id,
                                 GError        **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (self != NULL && household_id != NULL, FALSE);

  *household_id = 0;
  stmt = ask (self, ASK_FIRST_HOUSEHOLD, error);
  return stmt != NULL
         && gw_store_bind_int64 (self->store, stmt, 1, dwelling_id, error)
         && step_id (self, stmt, _("Could not look up a dwelling"), household_id, error);
}
