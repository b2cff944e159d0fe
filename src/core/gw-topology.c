/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-topology"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-store-private.h"
#include "gw-topology.h"

/* The street's own areas at import: SpatiaLite (GEOS) intersects, unites
 * and snaps; areas and distances are taken on the ellipsoid (the third
 * argument 1 of ST_Area and ST_Distance), never in degrees. Table names in
 * the statements are the schema's constants, chosen by GwGeometryTables;
 * every value is bound. */

void
gw_topology_place_clear (gpointer data)
{
  GwTopologyPlace *place = data;

  g_clear_pointer (&place->other_code, g_free);
  g_clear_pointer (&place->other_name, g_free);
}

gboolean
gw_topology_is_significant (double area_m2,
                            double width_m)
{
  return area_m2 > GW_TOPOLOGY_TOLERANCE_M2 && width_m > GW_TOPOLOGY_SLIVER_M;
}

static GArray *
places_new (void)
{
  GArray *places = g_array_new (FALSE, TRUE, sizeof (GwTopologyPlace));

  g_array_set_clear_func (places, gw_topology_place_clear);
  return places;
}

static gboolean
bind_wkb (GwStore       *store,
          sqlite3_stmt  *stmt,
          int            index,
          const guint8  *wkb,
          gsize          len,
          GError       **error)
{
  return gw_store_check_bind (store, sqlite3_bind_blob (stmt, index, wkb, (int) len, SQLITE_STATIC),
                              error);
}

static gboolean
bind_double (GwStore       *store,
             sqlite3_stmt  *stmt,
             int            index,
             double         value,
             GError       **error)
{
  return gw_store_check_bind (store, sqlite3_bind_double (stmt, index, value), error);
}

/* Steps @stmt for its one row (or none: @found FALSE); resets it on error. */
static gboolean
step_row (GwStore       *store,
          sqlite3_stmt  *stmt,
          gboolean      *found,
          GError       **error)
{
  int rc = sqlite3_step (stmt);

  *found = rc == SQLITE_ROW;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not check the street’s areas"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  return TRUE;
}

static gboolean
all_digits (const char *text,
            gsize       len)
{
  return text != NULL && strlen (text) == len && strspn (text, "0123456789") == len;
}

gboolean
gw_topology_find_street (GwStore     *store,
                         const char  *code,
                         gint64      *id,
                         char       **street_code,
                         char       **street_name,
                         GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (GW_IS_STORE (store) && id != NULL, FALSE);

  *id = 0;
  stmt = gw_store_prepare_cached (store,
                                  "SELECT id, code, name, (SELECT count(*) FROM streets) FROM streets "
                                  "WHERE ?1 IS NULL OR code = ?1 ORDER BY id LIMIT 1", error);
  if (stmt == NULL || !gw_store_bind_text (store, stmt, 1, code, error)
      || !step_row (store, stmt, &found, error))
    return FALSE;
  /* Without a code, only a file of one street says which. */
  if (found && (code != NULL || sqlite3_column_int64 (stmt, 3) == 1))
    {
      *id = sqlite3_column_int64 (stmt, 0);
      if (street_code != NULL)
        *street_code = gw_store_column_dup (stmt, 1);
      if (street_name != NULL)
        *street_name = gw_store_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
gw_topology_set_street_boundary (GwStore       *store,
                                 gint64         street_id,
                                 const guint8  *wkb,
                                 gsize          len,
                                 gboolean       add,
                                 GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store) && wkb != NULL, FALSE);

  stmt = gw_store_prepare_cached (store,
                                  "UPDATE streets SET geom = CastToMultiPolygon (CASE WHEN ?3 = 1 "
                                  "AND geom IS NOT NULL THEN ST_Union (geom, GeomFromWKB (?2, 4490)) "
                                  "ELSE GeomFromWKB (?2, 4490) END) WHERE id = ?1", error);
  if (stmt == NULL || !gw_store_bind_int64 (store, stmt, 1, street_id, error)
      || !bind_wkb (store, stmt, 2, wkb, len, error)
      || !gw_store_check_bind (store, sqlite3_bind_int (stmt, 3, add ? 1 : 0), error))
    return FALSE;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not write the street’s boundary"));
      return FALSE;
    }
  return TRUE;
}

gboolean
gw_topology_find_community (GwStore     *store,
                            const char  *street_code,
                            const char  *text,
                            gint64      *id,
                            GError     **error)
{
  g_autofree char *code = NULL;
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (GW_IS_STORE (store) && id != NULL, FALSE);

  *id = 0;
  if (text == NULL)
    return TRUE;
  if (all_digits (text, 12))
    code = g_strdup (text);
  else if (all_digits (text, 3) && street_code != NULL)
    code = g_strconcat (street_code, text, NULL);
  stmt = gw_store_prepare_cached (store,
                                  "SELECT id FROM communities WHERE (?1 IS NOT NULL AND code = ?1) "
                                  "OR (?1 IS NULL AND name = ?2) ORDER BY id LIMIT 1", error);
  if (stmt == NULL || !gw_store_bind_text (store, stmt, 1, code, error)
      || !gw_store_bind_text (store, stmt, 2, text, error)
      || !step_row (store, stmt, &found, error))
    return FALSE;
  *id = found ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
gw_topology_community_info (GwStore  *store,
                            gint64    id,
                            char    **code,
                            char    **name,
                            GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (GW_IS_STORE (store) && code != NULL && name != NULL, FALSE);

  stmt = gw_store_prepare_cached (store, "SELECT code, name FROM communities WHERE id = ?", error);
  if (stmt == NULL || !gw_store_bind_int64 (store, stmt, 1, id, error)
      || !step_row (store, stmt, &found, error))
    return FALSE;
  *code = found ? gw_store_column_dup (stmt, 0) : g_strdup ("");
  *name = found ? gw_store_column_dup (stmt, 1) : g_strdup ("");
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
gw_topology_largest_overlap (GwStore       *store,
                             const guint8  *wkb,
                             gsize          len,
                             gint64        *community_id,
                             GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (GW_IS_STORE (store) && community_id != NULL, FALSE);

  /* Degrees² rank the communities of one street as well as m² would. */
  stmt = gw_store_prepare_cached (store,
                                  "SELECT id FROM (SELECT c.id, ST_Area (ST_Intersection (c.geom, i.g)) "
                                  "AS a FROM communities c, (SELECT GeomFromWKB (?1, 4490) AS g) i "
                                  "WHERE MbrIntersects (c.geom, i.g) = 1 AND ST_Intersects (c.geom, i.g) = 1) "
                                  "WHERE a > 0 ORDER BY a DESC, id LIMIT 1", error);
  if (stmt == NULL || !bind_wkb (store, stmt, 1, wkb, len, error)
      || !step_row (store, stmt, &found, error))
    return FALSE;
  *community_id = found ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
gw_topology_nearest_community (GwStore  *store,
                               double    lon,
                               double    lat,
                               gint64   *community_id,
                               double   *metres,
                               GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (GW_IS_STORE (store) && community_id != NULL && metres != NULL, FALSE);

  stmt = gw_store_prepare_cached (store,
                                  "SELECT id, ST_Distance (geom, MakePoint (?1, ?2, 4490), 1) FROM "
                                  "communities WHERE geom IS NOT NULL ORDER BY "
                                  "ST_Distance (geom, MakePoint (?1, ?2, 4490)), id LIMIT 1", error);
  if (stmt == NULL || !bind_double (store, stmt, 1, lon, error)
      || !bind_double (store, stmt, 2, lat, error) || !step_row (store, stmt, &found, error))
    return FALSE;
  *community_id = found ? sqlite3_column_int64 (stmt, 0) : 0;
  *metres = found ? sqlite3_column_double (stmt, 1) : 0;
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
gw_topology_outside_street (GwStore       *store,
                            const guint8  *wkb,
                            gsize          len,
                            gboolean      *has_boundary,
                            double        *outside_m2,
                            double        *width_m,
                            double        *metres,
                            double        *lon,
                            double        *lat,
                            GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (GW_IS_STORE (store) && has_boundary != NULL, FALSE);

  stmt = gw_store_prepare_cached (
    store,
    "SELECT b IS NOT NULL, coalesce (ST_Area (d, 1), 0), X (ST_Centroid (d)), Y (ST_Centroid (d)), "
    "CASE WHEN b IS NULL OR ST_Intersects (b, g) = 1 THEN 0 ELSE ST_Distance (b, g, 1) END, "
    "coalesce (2 * ST_Area (d, 1) / ST_Perimeter (d, 1), 0) "
    "FROM (SELECT b, g, CASE WHEN b IS NULL THEN NULL ELSE "
    "ST_CollectionExtract (ST_Difference (g, b), 3) END AS d FROM "
    "(SELECT (SELECT ST_Union (geom) FROM streets) AS b, GeomFromWKB (?1, 4490) AS g))", error);
  if (stmt == NULL || !bind_wkb (store, stmt, 1, wkb, len, error)
      || !step_row (store, stmt, &found, error))
    return FALSE;
  *has_boundary = found && sqlite3_column_int (stmt, 0) == 1;
  *outside_m2 = found ? sqlite3_column_double (stmt, 1) : 0;
  *lon = found ? sqlite3_column_double (stmt, 2) : 0;
  *lat = found ? sqlite3_column_double (stmt, 3) : 0;
  *metres = found ? sqlite3_column_double (stmt, 4) : 0;
  *width_m = found ? sqlite3_column_double (stmt, 5) : 0;
  sqlite3_reset (stmt);
  return TRUE;
}

/* Reads rows of (id, code, name, area m², lon, lat, width m) into places;
 * only the significant ones when @significant. */
static gboolean
read_places (GwStore       *store,
             sqlite3_stmt  *stmt,
             gboolean       significant,
             GArray        *places,
             GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwTopologyPlace place = { 0 };

      place.other_id = sqlite3_column_int64 (stmt, 0);
      place.other_code = gw_store_column_dup (stmt, 1);
      place.other_name = gw_store_column_dup (stmt, 2);
      place.area_m2 = sqlite3_column_double (stmt, 3);
      place.lon = sqlite3_column_double (stmt, 4);
      place.lat = sqlite3_column_double (stmt, 5);
      place.width_m = sqlite3_column_double (stmt, 6);
      if (significant && !gw_topology_is_significant (place.area_m2, place.width_m))
        {
          gw_topology_place_clear (&place);
          continue;
        }
      g_array_append_val (places, place);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not check the street’s areas"));
      return FALSE;
    }
  return TRUE;
}

GArray *
gw_topology_overlaps (GwStore           *store,
                      GwGeometryTables   table,
                      const guint8      *wkb,
                      gsize              len,
                      GError           **error)
{
  /* Each geometry once: the feature's parsed once, each overlap computed
   * once (SQLite would otherwise flatten the subqueries and run
   * GeomFromWKB() and ST_Intersection() again for every use of their
   * result, which for a polygon of a million vertices took seconds). */
#define OVERLAPS_SQL(table, live) \
    "WITH i AS MATERIALIZED (SELECT GeomFromWKB (?1, 4490) AS g), " \
    "c AS MATERIALIZED (SELECT t.id, t.code, t.name, " \
    "   ST_CollectionExtract (ST_Intersection (t.geom, i.g), 3) AS o " \
    "   FROM " table " t, i WHERE " live "MbrIntersects (t.geom, i.g) = 1 " \
    "   AND ST_Intersects (t.geom, i.g) = 1), " \
    "a AS MATERIALIZED (SELECT id, code, name, o, ST_Area (o, 1) AS area FROM c " \
    "   WHERE o IS NOT NULL) " \
    "SELECT id, code, name, area, X (ST_Centroid (o)), Y (ST_Centroid (o)), " \
    "2 * area / ST_Perimeter (o, 1) FROM a WHERE area > ?2 ORDER BY area DESC, id"
  static const char grids_sql[] = OVERLAPS_SQL ("grids", "t.retired_at IS NULL AND ");
  static const char communities_sql[] = OVERLAPS_SQL ("communities", "");
#undef OVERLAPS_SQL
  g_autoptr (GArray) places = places_new ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GW_IS_STORE (store) && wkb != NULL, NULL);
  g_return_val_if_fail (table == GW_GEOMETRY_GRIDS || table == GW_GEOMETRY_COMMUNITIES, NULL);

  stmt = gw_store_prepare_cached (store, table == GW_GEOMETRY_GRIDS ? grids_sql : communities_sql,
                                  error);
  if (stmt == NULL || !bind_wkb (store, stmt, 1, wkb, len, error)
      || !bind_double (store, stmt, 2, GW_TOPOLOGY_NOISE_M2, error)
      || !read_places (store, stmt, FALSE, places, error))
    return NULL;
  return g_steal_pointer (&places);
}

GArray *
gw_topology_gaps (GwStore  *store,
                  gint64    community_id,
                  GError  **error)
{
  g_autoptr (GArray) places = places_new ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  /* The uncovered part, then one row per polygon of it. */
  if (community_id != 0)
    stmt = gw_store_prepare_cached (
      store,
      "WITH RECURSIVE d (id, code, name, g) AS (SELECT c.id, c.code, c.name, "
      "ST_CollectionExtract (ST_Difference (c.geom, (SELECT ST_Union (geom) FROM grids "
      "WHERE community_id = c.id AND retired_at IS NULL)), 3) FROM communities c WHERE c.id = ?1), "
      "n (k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n, d WHERE k < ST_NumGeometries (d.g)) "
      "SELECT id, code, name, ST_Area (p, 1) AS a, X (ST_Centroid (p)), Y (ST_Centroid (p)), "
      "2 * ST_Area (p, 1) / ST_Perimeter (p, 1) FROM "
      "(SELECT d.id, d.code, d.name, ST_GeometryN (d.g, n.k) AS p FROM d, n WHERE d.g IS NOT NULL) "
      "WHERE p IS NOT NULL AND ST_Area (p, 1) > ?2 ORDER BY a DESC", error);
  else
    stmt = gw_store_prepare_cached (
      store,
      "WITH RECURSIVE d (id, code, name, g) AS (SELECT min (s.id), min (s.code), min (s.name), "
      "ST_CollectionExtract (ST_Difference (ST_Union (s.geom), (SELECT ST_Union (geom) FROM "
      "communities)), 3) FROM streets s WHERE ?1 = 0), "
      "n (k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n, d WHERE k < ST_NumGeometries (d.g)) "
      "SELECT id, code, name, ST_Area (p, 1) AS a, X (ST_Centroid (p)), Y (ST_Centroid (p)), "
      "2 * ST_Area (p, 1) / ST_Perimeter (p, 1) FROM "
      "(SELECT d.id, d.code, d.name, ST_GeometryN (d.g, n.k) AS p FROM d, n WHERE d.g IS NOT NULL) "
      "WHERE p IS NOT NULL AND ST_Area (p, 1) > ?2 ORDER BY a DESC", error);
  if (stmt == NULL || !gw_store_bind_int64 (store, stmt, 1, community_id, error)
      || !bind_double (store, stmt, 2, GW_TOPOLOGY_TOLERANCE_M2, error)
      || !read_places (store, stmt, TRUE, places, error))
    return NULL;
  return g_steal_pointer (&places);
}

GBytes *
gw_topology_snap (GwStore           *store,
                  GwGeometryTables   table,
                  const guint8      *wkb,
                  gsize              len,
                  gint64             container_id,
                  double             metres,
                  GError           **error)
{
  /* The neighbours: rows of the same table within reach, and the
   * container, collected (a union would dissolve the vertices of a
   * neighbour lying on the container's edge). Snapping runs in local metres: the coordinates scaled by the
   * length of a degree there (an equirectangular frame, good to a fraction
   * of a per cent across a street), so that the tolerance is in metres. */
  static const char grids_sql[] =
    "SELECT AsBinary (CastToMultiPolygon (ScaleCoords (ST_Snap (ScaleCoords (g, ?2, ?3), "
    "ScaleCoords (r, ?2, ?3), ?4), 1.0 / ?2, 1.0 / ?3))) FROM (SELECT GeomFromWKB (?1, 4490) AS g), "
    "(SELECT ST_Collect (geom) AS r FROM (SELECT geom FROM grids WHERE retired_at IS NULL "
    "AND MbrIntersects (geom, "
    "BuildMbr (?5, ?6, ?7, ?8, 4490)) = 1 UNION ALL SELECT geom FROM communities WHERE id = ?9)) "
    "WHERE r IS NOT NULL";
  static const char communities_sql[] =
    "SELECT AsBinary (CastToMultiPolygon (ScaleCoords (ST_Snap (ScaleCoords (g, ?2, ?3), "
    "ScaleCoords (r, ?2, ?3), ?4), 1.0 / ?2, 1.0 / ?3))) FROM (SELECT GeomFromWKB (?1, 4490) AS g), "
    "(SELECT ST_Collect (geom) AS r FROM (SELECT geom FROM communities WHERE MbrIntersects (geom, "
    "BuildMbr (?5, ?6, ?7, ?8, 4490)) = 1 UNION ALL SELECT geom FROM streets WHERE ?9 = 0 "
    "AND geom IS NOT NULL)) WHERE r IS NOT NULL";
  g_autoptr (sqlite3_stmt) box = NULL;
  sqlite3_stmt *stmt;
  double min_x, min_y, max_x, max_y, phi, kx, ky, margin_x, margin_y;
  GBytes *snapped = NULL;
  gboolean found;

  g_return_val_if_fail (GW_IS_STORE (store) && wkb != NULL && metres > 0, NULL);
  g_return_val_if_fail (table == GW_GEOMETRY_GRIDS || table == GW_GEOMETRY_COMMUNITIES, NULL);

  box = gw_store_prepare (store, "SELECT MbrMinX (g), MbrMinY (g), MbrMaxX (g), MbrMaxY (g) FROM "
                                 "(SELECT GeomFromWKB (?1, 4490) AS g)", error);
  if (box == NULL || !bind_wkb (store, box, 1, wkb, len, error)
      || !step_row (store, box, &found, error) || !found)
    return NULL;
  min_x = sqlite3_column_double (box, 0);
  min_y = sqlite3_column_double (box, 1);
  max_x = sqlite3_column_double (box, 2);
  max_y = sqlite3_column_double (box, 3);
  /* The lengths of a degree of longitude and latitude at the middle
   * latitude (series for the GRS 80 ellipsoid, to well under a metre). */
  phi = (min_y + max_y) / 2 * G_PI / 180;
  kx = 111412.84 * cos (phi) - 93.5 * cos (3 * phi);
  ky = 111132.92 - 559.82 * cos (2 * phi) + 1.175 * cos (4 * phi);
  margin_x = 2 * metres / kx;
  margin_y = 2 * metres / ky;

  stmt = gw_store_prepare_cached (store, table == GW_GEOMETRY_GRIDS ? grids_sql : communities_sql,
                                  error);
  if (stmt == NULL || !bind_wkb (store, stmt, 1, wkb, len, error)
      || !bind_double (store, stmt, 2, kx, error) || !bind_double (store, stmt, 3, ky, error)
      || !bind_double (store, stmt, 4, metres, error)
      || !bind_double (store, stmt, 5, min_x - margin_x, error)
      || !bind_double (store, stmt, 6, min_y - margin_y, error)
      || !bind_double (store, stmt, 7, max_x + margin_x, error)
      || !bind_double (store, stmt, 8, max_y + margin_y, error)
      || !gw_store_bind_int64 (store, stmt, 9, container_id, error)
      || !step_row (store, stmt, &found, error))
    return NULL;
  if (found && sqlite3_column_type (stmt, 0) == SQLITE_BLOB)
    snapped = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_reset (stmt);
  return snapped;
}

gboolean
gw_topology_next_sequence (GwStore           *store,
                           GwGeometryTables   table,
                           const char        *prefix,
                           guint             *next,
                           GError           **error)
{
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (GW_IS_STORE (store) && prefix != NULL && next != NULL, FALSE);
  g_return_val_if_fail (table == GW_GEOMETRY_GRIDS || table == GW_GEOMETRY_COMMUNITIES, FALSE);

  stmt = gw_store_prepare_cached (store,
                                  table == GW_GEOMETRY_GRIDS
                                  ? "SELECT coalesce (max (CAST (substr (code, 13) AS INTEGER)), 0) "
                                    "FROM grids WHERE substr (code, 1, 12) = ?1"
                                  : "SELECT coalesce (max (CAST (substr (code, 10) AS INTEGER)), 0) "
                                    "FROM communities WHERE substr (code, 1, 9) = ?1", error);
  if (stmt == NULL || !gw_store_bind_text (store, stmt, 1, prefix, error)
      || !step_row (store, stmt, &found, error))
    return FALSE;
  *next = (found ? (guint) sqlite3_column_int64 (stmt, 0) : 0) + 1;
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
gw_topology_find_grid (GwStore     *store,
                       const char  *text,
                       gint64      *grid_id,
                       guint       *n_named,
                       GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (GW_IS_STORE (store) && grid_id != NULL && n_named != NULL, FALSE);

  *grid_id = 0;
  *n_named = 0;
  stmt = gw_store_prepare_cached (store,
                                  "SELECT id, code = ?1, (SELECT count(*) FROM grids WHERE name = ?1 "
                                  "AND retired_at IS NULL) FROM grids "
                                  "WHERE (code = ?1 OR name = ?1) AND retired_at IS NULL "
                                  "ORDER BY code = ?1 DESC, id LIMIT 1", error);
  if (stmt == NULL || !gw_store_bind_text (store, stmt, 1, text, error)
      || !step_row (store, stmt, &found, error))
    return FALSE;
  if (found)
    {
      gboolean by_code = sqlite3_column_int (stmt, 1) == 1;

      *n_named = (guint) sqlite3_column_int64 (stmt, 2);
      /* A name that several grids bear names none of them. */
      if (by_code || *n_named == 1)
        *grid_id = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
gw_topology_find_worker (GwStore     *store,
                         const char  *name,
                         const char  *phone,
                         gint64      *worker_id,
                         GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (GW_IS_STORE (store) && worker_id != NULL, FALSE);

  stmt = gw_store_prepare_cached (store,
                                  "SELECT id FROM workers WHERE name = ?1 AND phone = ?2 "
                                  "ORDER BY id LIMIT 1", error);
  if (stmt == NULL || !gw_store_bind_text (store, stmt, 1, name, error)
      || !gw_store_bind_text (store, stmt, 2, phone != NULL ? phone : "", error)
      || !step_row (store, stmt, &found, error))
    return FALSE;
  *worker_id = found ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
gw_topology_check_importer (GwStore     *store,
                            GwUser      *user,
                            const char  *layer,
                            gboolean     cases,
                            const char  *file,
                            GError     **error)
{
  g_autoptr (GwUser) current = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (GW_IS_STORE (store) && layer != NULL && file != NULL, FALSE);
  g_return_val_if_fail (user == NULL || GW_IS_USER (user), FALSE);

  if (user == NULL || cases)
    return TRUE;
  /* The store is the authority: a role changed since sign-in counts. */
  current = gw_user_load_by_id (store, user->id, error);
  if (current == NULL)
    return FALSE;
  if (current->role == GW_ROLE_SUPERVISOR || current->role == GW_ROLE_PLANNER)
    return TRUE;
  name = g_path_get_basename (file);
  g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
               _("%s: %s (%s) may not import %s: only supervisors and planners import the "
                 "street’s layers"), name, current->login, gw_role_label (current->role), layer);
  return FALSE;
}

gboolean
gw_topology_waiting_community (GwStore     *store,
                               const char  *name,
                               gint64      *id,
                               GError     **error)
{
  sqlite3_stmt *find = gw_store_prepare_cached (store,
      "SELECT c.id FROM communities c, (SELECT code FROM streets ORDER BY id LIMIT 1) s "
      " WHERE c.code = s.code || '" GW_WAITING_COMMUNITY_SUFFIX "'", error);
  sqlite3_stmt *add;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store) && id != NULL, FALSE);

  *id = 0;
  if (find == NULL)
    return FALSE;
  if (sqlite3_step (find) == SQLITE_ROW)
    *id = sqlite3_column_int64 (find, 0);
  sqlite3_reset (find);
  if (*id != 0)
    return TRUE;
  add = gw_store_prepare_cached (store,
      "INSERT INTO communities (street_id, code, name) "
      "SELECT id, code || '" GW_WAITING_COMMUNITY_SUFFIX "', ? FROM streets ORDER BY id LIMIT 1",
      error);
  if (add == NULL || !gw_store_bind_text (store, add, 1, name, error))
    return FALSE;
  rc = sqlite3_step (add);
  sqlite3_reset (add);
  if (rc != SQLITE_DONE || sqlite3_changes (gw_store_get_db (store)) != 1)
    {
      gw_store_set_sql_error (store, error, _("Could not keep buildings before the communities"));
      return FALSE;
    }
  *id = sqlite3_last_insert_rowid (gw_store_get_db (store));
  return TRUE;
}

gboolean
gw_topology_rehome_waiting (GwStore  *store,
                            guint    *n_moved,
                            GError  **error)
{
  sqlite3_stmt *move = gw_store_prepare_cached (store,
      "UPDATE lots SET community_id = "
      "  (SELECT c.id FROM communities c WHERE c.id <> lots.community_id AND c.geom IS NOT NULL "
      "      AND ST_Intersects (c.geom, ST_PointOnSurface (lots.geom)) = 1 ORDER BY c.id LIMIT 1) "
      " WHERE community_id IN (SELECT c.id FROM communities c, streets s "
      "                         WHERE c.code = s.code || '" GW_WAITING_COMMUNITY_SUFFIX "') "
      "   AND EXISTS (SELECT 1 FROM communities c WHERE c.id <> lots.community_id "
      "      AND c.geom IS NOT NULL AND ST_Intersects (c.geom, ST_PointOnSurface (lots.geom)) = 1)",
      error);
  sqlite3_stmt *drop = gw_store_prepare_cached (store,
      "DELETE FROM communities WHERE id IN (SELECT c.id FROM communities c, streets s "
      "                                      WHERE c.code = s.code || '" GW_WAITING_COMMUNITY_SUFFIX "') "
      "   AND NOT EXISTS (SELECT 1 FROM lots WHERE lots.community_id = communities.id) "
      "   AND NOT EXISTS (SELECT 1 FROM grids WHERE grids.community_id = communities.id)",
      error);
  int rc;

  *n_moved = 0;
  if (move == NULL || drop == NULL)
    return FALSE;
  rc = sqlite3_step (move);
  sqlite3_reset (move);
  if (rc == SQLITE_DONE)
    {
      *n_moved = sqlite3_changes (gw_store_get_db (store));
      rc = sqlite3_step (drop);
      sqlite3_reset (drop);
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not move the waiting buildings into their "
                                              "communities"));
      return FALSE;
    }
  return TRUE;
}
