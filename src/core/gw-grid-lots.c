/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-grid-lots"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-geometry.h"
#include "gw-grid-lots.h"
#include "gw-store-private.h"

/* Lots for a grid that came without them (DESIGN.md "Grid planning"): the
 * Voronoi cells of the buildings inside it, by their point on surface,
 * clipped to the grid, so that the lots tile the grid and each building
 * lies in the lot of its own cell. SpatiaLite draws the diagram and clips
 * it; the lots are written through the writer like every other row. */

typedef struct
{
  GArray *building_ids;  /* of gint64 */
  GArray *seeds;         /* of GwPoint: their points on surface */
  guint   n_distinct;    /* different points among them */
  GwBBox  box;           /* the grid's */
} GridBuildings;

static void
grid_buildings_clear (GridBuildings *gb)
{
  g_clear_pointer (&gb->building_ids, g_array_unref);
  g_clear_pointer (&gb->seeds, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GridBuildings, grid_buildings_clear)

/* The buildings whose point on surface lies in the grid, and its box. */
static gboolean
read_grid_buildings (GwStore        *store,
                     gint64          grid_id,
                     GridBuildings  *gb,
                     GError        **error)
{
  g_autoptr (GHashTable) distinct = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                           (GDestroyNotify) g_bytes_unref, NULL);
  sqlite3_stmt *stmt;
  int rc;

  gb->building_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gb->seeds = g_array_new (FALSE, FALSE, sizeof (GwPoint));
  stmt = gw_store_prepare_cached (
    store,
    "SELECT b.id, X (b.p), Y (b.p), g.min_x, g.min_y, g.max_x, g.max_y FROM "
    "(SELECT geom, MbrMinX (geom) AS min_x, MbrMinY (geom) AS min_y, "
    "MbrMaxX (geom) AS max_x, MbrMaxY (geom) AS max_y FROM grids WHERE id = ?1) AS g "
    "LEFT JOIN (SELECT id, geom, PointOnSurface (geom) AS p FROM buildings) AS b "
    "ON b.id IN (SELECT pkid FROM idx_buildings_geom WHERE xmin <= g.max_x "
    "AND xmax >= g.min_x AND ymin <= g.max_y AND ymax >= g.min_y) "
    "AND ST_Contains (g.geom, b.p) = 1 ORDER BY b.id",
    error);
  if (stmt == NULL || !gw_store_bind_int64 (store, stmt, 1, grid_id, error))
    return FALSE;
  memset (&gb->box, 0, sizeof gb->box);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gb->box.min_x = sqlite3_column_double (stmt, 3);
      gb->box.min_y = sqlite3_column_double (stmt, 4);
      gb->box.max_x = sqlite3_column_double (stmt, 5);
      gb->box.max_y = sqlite3_column_double (stmt, 6);
      if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          GwPoint p = { sqlite3_column_double (stmt, 1), sqlite3_column_double (stmt, 2) };

          g_array_append_val (gb->building_ids, id);
          g_array_append_val (gb->seeds, p);
          g_hash_table_add (distinct, g_bytes_new (&p, sizeof p));
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not generate a lot"));
      return FALSE;
    }
  gb->n_distinct = g_hash_table_size (distinct);
  return TRUE;
}

static void
wkb_put_point (GByteArray *wkb,
               double      x,
               double      y)
{
  guint8 order = 1;
  guint32 type = GUINT32_TO_LE (1);
  guint64 bx, by;

  memcpy (&bx, &x, sizeof bx);
  memcpy (&by, &y, sizeof by);
  bx = GUINT64_TO_LE (bx);
  by = GUINT64_TO_LE (by);
  g_byte_array_append (wkb, &order, 1);
  g_byte_array_append (wkb, (guint8 *) &type, 4);
  g_byte_array_append (wkb, (guint8 *) &bx, 8);
  g_byte_array_append (wkb, (guint8 *) &by, 8);
}

/* The buildings' points as a MULTIPOINT, with four far sites around the
 * grid that make the diagram cover it (and give two or collinear buildings
 * a diagram at all): no point of the grid is nearer to them than to a
 * building inside it. */
static GByteArray *
voronoi_sites (const GridBuildings *gb)
{
  const GwBBox *b = &gb->box;
  double far = 10 * MAX (b->max_x - b->min_x, b->max_y - b->min_y);
  GByteArray *wkb = g_byte_array_new ();
  guint8 order = 1;
  guint32 type = GUINT32_TO_LE (4);
  guint32 n_points = GUINT32_TO_LE (gb->seeds->len + 4);

  g_byte_array_append (wkb, &order, 1);
  g_byte_array_append (wkb, (guint8 *) &type, 4);
  g_byte_array_append (wkb, (guint8 *) &n_points, 4);
  for (guint i = 0; i < gb->seeds->len; i++)
    wkb_put_point (wkb, g_array_index (gb->seeds, GwPoint, i).x,
                   g_array_index (gb->seeds, GwPoint, i).y);
  wkb_put_point (wkb, b->min_x - far, b->min_y - far);
  wkb_put_point (wkb, b->max_x + far, b->min_y - far);
  wkb_put_point (wkb, b->max_x + far, b->max_y + far);
  wkb_put_point (wkb, b->min_x - far, b->max_y + far);
  return wkb;
}

/* Writes a lot of @grid_id from the row @stmt stands on: community, grid
 * name, geometry. */
static gboolean
write_lot (GwWriter      *writer,
           sqlite3_stmt  *stmt,
           gint64         grid_id,
           const char    *kind,
           guint          number,
           GError       **error)
{
  g_autofree char *name = NULL;
  GwLotRow row = { 0 };

  row.community_id = sqlite3_column_int64 (stmt, 0);
  row.grid_id = grid_id;
  /* Numbered after the grid ("…网格-3"), or the grid's own name. */
  name = number > 0 ? g_strdup_printf ("%s-%u", (const char *) sqlite3_column_text (stmt, 1),
                                       number)
                    : gw_store_column_dup (stmt, 1);
  row.name = name;
  row.kind = kind;
  row.wkb = sqlite3_column_blob (stmt, 2);
  row.wkb_len = sqlite3_column_bytes (stmt, 2);
  return gw_writer_add_lot (writer, &row, NULL, error);
}

/* One lot per Voronoi cell that meets the grid, clipped to it. */
static gboolean
write_cells (GwWriter             *writer,
             gint64                grid_id,
             const GridBuildings  *gb,
             guint                *n_lots,
             GError              **error)
{
  GwStore *store = gw_writer_get_store (writer);
  g_autoptr (GByteArray) sites = voronoi_sites (gb);
  g_autoptr (GBytes) diagram = NULL;
  sqlite3_stmt *stmt;
  int rc, n_cells = 0;

  stmt = gw_store_prepare_cached (store,
                                  "SELECT v, ST_NumGeometries (v) FROM "
                                  "(SELECT ST_VoronojDiagram (GeomFromWKB (?, 4490), 0, 0) AS v)",
                                  error);
  if (stmt == NULL
      || !gw_store_check_bind (store, sqlite3_bind_blob (stmt, 1, sites->data, sites->len,
                                                         SQLITE_STATIC), error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_BLOB)
    {
      diagram = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
      n_cells = sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      gw_store_set_sql_error (store, error, _("Could not generate a lot"));
      return FALSE;
    }

  stmt = gw_store_prepare_cached (
    store,
    "SELECT g.community_id, g.name, AsBinary (c.geom) FROM grids g, "
    "(SELECT CastToMultiPolygon (ST_CollectionExtract (ST_Intersection "
    "(ST_GeometryN (?1, ?2), (SELECT geom FROM grids WHERE id = ?3)), 3)) AS geom) AS c "
    "WHERE g.id = ?3 AND c.geom IS NOT NULL AND ST_Area (c.geom) > 0",
    error);
  for (int cell = 1; diagram != NULL && stmt != NULL && cell <= n_cells; cell++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (diagram, &len);

      if (!gw_store_check_bind (store, sqlite3_bind_blob (stmt, 1, data, len, SQLITE_STATIC), error)
          || !gw_store_check_bind (store, sqlite3_bind_int (stmt, 2, cell), error)
          || !gw_store_bind_int64 (store, stmt, 3, grid_id, error))
        return FALSE;
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && !write_lot (writer, stmt, grid_id, "compound", *n_lots + 1, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
      if (rc == SQLITE_ROW)
        ++*n_lots;
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          gw_store_set_sql_error (store, error, _("Could not generate a lot"));
          return FALSE;
        }
    }
  return stmt != NULL;
}

/* One lot equal to the grid keeps the lots tiling it; the planner splits it. */
static gboolean
write_whole_grid_lot (GwWriter  *writer,
                      gint64     grid_id,
                      GError   **error)
{
  GwStore *store = gw_writer_get_store (writer);
  sqlite3_stmt *stmt;
  gboolean ok;
  int rc;

  stmt = gw_store_prepare_cached (store, "SELECT community_id, name, AsBinary (geom) FROM grids "
                                         "WHERE id = ?", error);
  if (stmt == NULL || !gw_store_bind_int64 (store, stmt, 1, grid_id, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      gw_store_set_sql_error (store, error, _("Could not generate a lot"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  ok = write_lot (writer, stmt, grid_id, "open", 0, error);
  sqlite3_reset (stmt);
  return ok;
}

/* The lot of its own an unassigned building was kept in (import: in no
 * grid) is left empty once the building moves into the grid's lots: it is
 * removed, or it would lie under them. Lots of no grid that still hold a
 * building, or that a plan names, stay. */
static gboolean
remove_emptied_lots (GwStore       *store,
                     GArray        *old_lots,
                     GError       **error)
{
  sqlite3_stmt *stmt;

  stmt = gw_store_prepare_cached (store,
                                  "DELETE FROM lots WHERE id = ?1 AND grid_id IS NULL "
                                  "AND NOT EXISTS (SELECT 1 FROM buildings WHERE lot_id = ?1) "
                                  "AND NOT EXISTS (SELECT 1 FROM grid_plan_lots WHERE lot_id = ?1)",
                                  error);
  for (guint i = 0; stmt != NULL && i < old_lots->len; i++)
    if (!gw_store_bind_int64 (store, stmt, 1, g_array_index (old_lots, gint64, i), error)
        || !gw_store_step_done (store, stmt, _("Could not generate a lot"), error))
      return FALSE;
  return stmt != NULL;
}

/* Each building into the new lot that holds its point (the nearest one
 * should rounding leave it on an edge). */
static gboolean
move_buildings (GwStore              *store,
                gint64                grid_id,
                gint64                first_lot,
                const GridBuildings  *gb,
                GError              **error)
{
  g_autoptr (GArray) old_lots = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt, *old;

  old = gw_store_prepare_cached (store, "SELECT lot_id FROM buildings WHERE id = ?", error);
  for (guint i = 0; old != NULL && i < gb->building_ids->len; i++)
    {
      if (!gw_store_bind_int64 (store, old, 1, g_array_index (gb->building_ids, gint64, i), error))
        return FALSE;
      if (sqlite3_step (old) == SQLITE_ROW)
        {
          gint64 lot = sqlite3_column_int64 (old, 0);

          g_array_append_val (old_lots, lot);
        }
      sqlite3_reset (old);
    }
  if (old == NULL)
    return FALSE;
  stmt = gw_store_prepare_cached (store,
                                  "UPDATE buildings SET lot_id = (SELECT l.id FROM lots l "
                                  "WHERE l.grid_id = ?2 AND l.id >= ?3 ORDER BY "
                                  "ST_Contains (l.geom, MakePoint (?4, ?5, 4490)) DESC, "
                                  "ST_Distance (l.geom, MakePoint (?4, ?5, 4490)), l.id LIMIT 1) "
                                  "WHERE id = ?1", error);
  for (guint i = 0; stmt != NULL && i < gb->building_ids->len; i++)
    {
      const GwPoint *p = &g_array_index (gb->seeds, GwPoint, i);

      if (!gw_store_bind_int64 (store, stmt, 1, g_array_index (gb->building_ids, gint64, i), error)
          || !gw_store_bind_int64 (store, stmt, 2, grid_id, error)
          || !gw_store_bind_int64 (store, stmt, 3, first_lot, error)
          || !gw_store_check_bind (store, sqlite3_bind_double (stmt, 4, p->x), error)
          || !gw_store_check_bind (store, sqlite3_bind_double (stmt, 5, p->y), error)
          || !gw_store_step_done (store, stmt, _("Could not generate a lot"), error))
        return FALSE;
    }
  return stmt != NULL && remove_emptied_lots (store, old_lots, error);
}

/**
 * gw_grid_lots_generate:
 * @writer: a writer, usually in a load
 * @grid_id: a grid without lots
 * @n_lots: (out): how many lots were made
 *
 * Tiles the grid with lots, one per building's Voronoi cell (one lot equal
 * to the grid with fewer than two buildings), and moves its buildings into
 * them.
 *
 * Returns: %TRUE on success
 */
gboolean
gw_grid_lots_generate (GwWriter  *writer,
                       gint64     grid_id,
                       guint     *n_lots,
                       GError   **error)
{
  GwStore *store;
  g_auto (GridBuildings) gb = { 0 };
  sqlite3_stmt *stmt;
  gint64 first_lot;

  g_return_val_if_fail (writer != NULL && n_lots != NULL, FALSE);

  store = gw_writer_get_store (writer);
  *n_lots = 0;
  if (!read_grid_buildings (store, grid_id, &gb, error))
    return FALSE;
  stmt = gw_store_prepare_cached (store, "SELECT coalesce (max (id), 0) FROM lots", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_step (stmt);
  first_lot = sqlite3_column_int64 (stmt, 0) + 1;
  sqlite3_reset (stmt);

  if (gb.n_distinct >= 2 && !write_cells (writer, grid_id, &gb, n_lots, error))
    return FALSE;
  if (*n_lots == 0)
    {
      if (!write_whole_grid_lot (writer, grid_id, error))
        return FALSE;
      *n_lots = 1;
    }
  return move_buildings (store, grid_id, first_lot, &gb, error);
}
