/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-lot-split"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>

#include "gw-error.h"
#include "gw-lot-split.h"
#include "gw-box-index.h"
#include "gw-store-private.h"
#include "gw-wkb.h"

typedef struct
{
  gint64  building_id;
  GBytes *cell;           /* WKB (lon/lat) of the building's part of the lot */
  double  area;           /* in square degrees: only compared with the lot's */
} Cell;

static void
cell_clear (gpointer data)
{
  g_clear_pointer (&((Cell *) data)->cell, g_bytes_unref);
}

/* Sites on the buildings' outlines, about every 2 m: the Voronoi cells of
 * all of them, joined per building, approximate the cells of the
 * footprints themselves, so that no building is cut by a lot boundary. */
#define SITE_SPACING_M 2.0

typedef struct
{
  GwPoint point;
  guint   building;
} Site;

static void
add_sites (const GwShape *shape,
           guint          building,
           double         lat,
           GArray        *sites,
           GwWkbBuilder  *lines)
{
  double ky = 111195.0, kx = ky * cos (lat * G_PI / 180);

  for (guint r = 0; r < shape->n_rings; r++)
    {
      g_autoptr (GArray) ring = g_array_new (FALSE, FALSE, sizeof (GwPoint));
      guint start = shape->ring_starts[r], end = shape->ring_starts[r + 1];

      for (guint i = start; i + 1 < end; i++)
        {
          const GwPoint *a = &shape->points[i], *b = &shape->points[i + 1];
          double length = hypot ((b->x - a->x) * kx, (b->y - a->y) * ky);
          guint steps = MAX (1, (guint) ceil (length / SITE_SPACING_M));

          for (guint k = 0; k < steps; k++)
            {
              Site site = { { a->x + (b->x - a->x) * k / steps, a->y + (b->y - a->y) * k / steps },
                            building };

              g_array_append_val (sites, site);
              g_array_append_val (ring, site.point);
            }
        }
      if (ring->len > 0)
        {
          GwPoint first = g_array_index (ring, GwPoint, 0);   /* a copy: appending may move it */

          g_array_append_val (ring, first);
        }
      if (ring->len >= 2)
        gw_wkb_builder_add_linestring (lines, (const GwPoint *) ring->data, ring->len);
    }
}

static gboolean
ring_contains (const GwShape *shape,
               guint          ring,
               double         x,
               double         y)
{
  gboolean inside = FALSE;

  for (guint i = shape->ring_starts[ring], j = shape->ring_starts[ring + 1] - 1;
       i < shape->ring_starts[ring + 1]; j = i++)
    {
      const GwPoint *a = &shape->points[i], *b = &shape->points[j];

      if ((a->y > y) != (b->y > y) && x < (b->x - a->x) * (y - a->y) / (b->y - a->y) + a->x)
        inside = !inside;
    }
  return inside;
}

/* The signed shoelace area of a ring (square degrees). */
static double
ring_area (const GwShape *shape,
           guint          ring)
{
  double area = 0;

  for (guint i = shape->ring_starts[ring]; i + 1 < shape->ring_starts[ring + 1]; i++)
    area += shape->points[i].x * shape->points[i + 1].y - shape->points[i + 1].x * shape->points[i].y;
  return area / 2;
}

/* @wkb without the slivers an intersection leaves along the lot's edges
 * (polygons under 0.1 % of @lot_area); their area in @area. */
static GBytes *
drop_slivers (const guint8 *wkb,
              gsize         len,
              double        lot_area,
              double       *area)
{
  g_autoptr (GwWkbBuilder) builder = gw_wkb_builder_new ();
  GwShape shape = { 0 };
  const guint8 *data;
  gsize size;
  gboolean any = FALSE, kept = FALSE;

  *area = 0;
  if (!gw_wkb_read_shape (wkb, len, FALSE, &shape))
    return NULL;
  gw_wkb_builder_begin_multipolygon (builder);
  /* A ring inside the last outer ring is its hole (orientation from GEOS is
   * not to be relied on); a sliver's holes go with it. */
  for (guint r = 0, outer = G_MAXUINT; r < shape.n_rings; r++)
    {
      double a = fabs (ring_area (&shape, r));
      const GwPoint *first = shape.points + shape.ring_starts[r];
      gboolean hole = outer != G_MAXUINT && ring_contains (&shape, outer, first->x, first->y);

      if (hole)
        {
          if (kept)
            {
              gw_wkb_builder_add_ring (builder, first,
                                       shape.ring_starts[r + 1] - shape.ring_starts[r]);
              *area -= a;
            }
          continue;
        }
      outer = r;
      kept = a >= 1e-3 * lot_area;
      if (!kept)
        continue;
      gw_wkb_builder_begin_polygon (builder);
      gw_wkb_builder_add_ring (builder, first, shape.ring_starts[r + 1] - shape.ring_starts[r]);
      *area += a;
      any = TRUE;
    }
  gw_shape_clear (&shape);
  if (!any)
    return NULL;
  data = gw_wkb_builder_get_data (builder, &size);
  return g_bytes_new (data, size);
}

static gboolean
read_buildings (GwStore  *store,
                gint64    lot_id,
                GArray   *ids,
                GArray   *sites,
                GwWkbBuilder *lines,
                double   *lot_area,
                GError  **error)
{
  sqlite3_stmt *stmt = gw_store_prepare_cached (store,
      "SELECT b.id, AsBinary (b.geom), Y (ST_Centroid (l.geom)), ST_Area (l.geom) "
      "  FROM buildings b JOIN lots l ON l.id = b.lot_id WHERE b.lot_id = ? ORDER BY b.id",
      error);
  int rc;

  if (stmt == NULL || !gw_store_bind_int64 (store, stmt, 1, lot_id, error))
    return FALSE;
  gw_wkb_builder_begin_multilinestring (lines);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      GwShape shape = { 0 };

      if (sqlite3_column_type (stmt, 1) == SQLITE_BLOB
          && gw_wkb_read_shape (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1),
                                FALSE, &shape))
        add_sites (&shape, ids->len, sqlite3_column_double (stmt, 2), sites, lines);
      gw_shape_clear (&shape);
      *lot_area = sqlite3_column_double (stmt, 3);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the buildings of a lot"));
      return FALSE;
    }
  return TRUE;
}

/* The Voronoi cells of the sites (GEOS through SpatiaLite), as WKB and as
 * rings (each cell one convex ring). */
static gboolean
voronoi_cells (GwStore       *store,
               GwWkbBuilder  *lines,
               GBytes       **wkb_out,
               GwShape       *cells,
               GError       **error)
{
  sqlite3_stmt *stmt = gw_store_prepare_cached (store,
      "SELECT AsBinary (ST_VoronojDiagram (GeomFromWKB (?, 4490), 0, 200.0))", error);
  const guint8 *wkb;
  gsize len;
  gboolean ok = FALSE;

  wkb = gw_wkb_builder_get_data (lines, &len);
  if (stmt == NULL
      || !gw_store_check_bind (store, sqlite3_bind_blob (stmt, 1, wkb, len, SQLITE_STATIC), error))
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_BLOB)
    {
      ok = gw_wkb_read_shape (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0), FALSE,
                              cells);
      *wkb_out = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
    }
  sqlite3_reset (stmt);
  return ok;
}

typedef struct
{
  const GwShape *cells;
  const Site    *site;
  gint           found;
} Probe;

static gboolean
probe_cell (guint    ring,
            gpointer user_data)
{
  Probe *probe = user_data;

  if (!ring_contains (probe->cells, ring, probe->site->point.x, probe->site->point.y))
    return TRUE;
  probe->found = ring;
  return FALSE;
}

/* Each cell's building: the one whose site lies in it. */
static gint *
cell_owners (const GwShape *cells,
             GArray        *sites)
{
  g_autoptr (GArray) boxes = g_array_sized_new (FALSE, FALSE, sizeof (GwBBox), cells->n_rings);
  g_autoptr (GwBoxIndex) index = NULL;
  gint *owner = g_new (gint, MAX (cells->n_rings, 1));

  for (guint r = 0; r < cells->n_rings; r++)
    {
      GwBBox box;

      gw_bbox_init_empty (&box);
      for (guint i = cells->ring_starts[r]; i < cells->ring_starts[r + 1]; i++)
        gw_bbox_extend (&box, cells->points[i].x, cells->points[i].y);
      g_array_append_val (boxes, box);
      owner[r] = -1;
    }
  index = gw_box_index_new ((const GwBBox *) boxes->data, boxes->len, sizeof (GwBBox));
  for (guint s = 0; s < sites->len; s++)
    {
      const Site *site = &g_array_index (sites, Site, s);
      Probe probe = { cells, site, -1 };
      GwBBox at = { site->point.x, site->point.y, site->point.x, site->point.y };

      gw_box_index_query (index, &at, probe_cell, &probe);
      if (probe.found >= 0 && owner[probe.found] < 0)
        owner[probe.found] = site->building;
    }
  return owner;
}

/* A building's cells joined (their shared edges are exact, so the join is
 * clean) and cut to the lot. */
static GBytes *
building_part (GwStore       *store,
               gint64         lot_id,
               const GwShape *cells,
               const gint    *owner,
               guint          building,
               double         lot_area,
               double        *area,
               GError       **error)
{
  g_autoptr (GwWkbBuilder) builder = gw_wkb_builder_new ();
  sqlite3_stmt *stmt = gw_store_prepare_cached (store,
      "SELECT AsBinary (CastToMultiPolygon (CollectionExtract (ST_Intersection ("
      "         ST_UnaryUnion (GeomFromWKB (?1, 4490)), l.geom), 3))) FROM lots l WHERE l.id = ?2",
      error);
  const guint8 *wkb;
  GBytes *part = NULL;
  gsize len;

  *area = 0;
  gw_wkb_builder_begin_multipolygon (builder);
  for (guint r = 0; r < cells->n_rings; r++)
    if (owner[r] == (gint) building)
      {
        gw_wkb_builder_begin_polygon (builder);
        gw_wkb_builder_add_ring (builder, cells->points + cells->ring_starts[r],
                                 cells->ring_starts[r + 1] - cells->ring_starts[r]);
      }
  wkb = gw_wkb_builder_get_data (builder, &len);
  if (stmt == NULL
      || !gw_store_check_bind (store, sqlite3_bind_blob (stmt, 1, wkb, len, SQLITE_STATIC), error)
      || !gw_store_bind_int64 (store, stmt, 2, lot_id, error))
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_BLOB)
    part = drop_slivers (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0), lot_area,
                         area);
  sqlite3_reset (stmt);
  return part;
}

/* The lot divided between its buildings. FALSE with no error when the lot
 * cannot be divided cleanly (a building with no cell, parts that do not
 * cover the lot): it is left whole. */
static gboolean
lot_cells (GwStore  *store,
           gint64    lot_id,
           GArray   *cells,
           GError  **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) sites = g_array_new (FALSE, FALSE, sizeof (Site));
  g_autoptr (GwWkbBuilder) lines = gw_wkb_builder_new ();
  g_autofree gint *owner = NULL;
  g_autoptr (GBytes) voronoi_wkb = NULL;
  GwShape voronoi = { 0 };
  double lot_area = 0, total = 0;

  g_array_set_size (cells, 0);
  if (!read_buildings (store, lot_id, ids, sites, lines, &lot_area, error))
    return FALSE;
  if (sites->len == 0 || !voronoi_cells (store, lines, &voronoi_wkb, &voronoi, error))
    {
      gw_shape_clear (&voronoi);
      return error == NULL || *error == NULL;
    }
  owner = cell_owners (&voronoi, sites);
  for (guint b = 0; b < ids->len; b++)
    {
      Cell cell = { g_array_index (ids, gint64, b), NULL, 0 };

      cell.cell = building_part (store, lot_id, &voronoi, owner, b, lot_area, &cell.area, error);
      if (cell.cell == NULL)
        {
          gw_shape_clear (&voronoi);
          g_array_set_size (cells, 0);
          return error == NULL || *error == NULL;
        }
      total += cell.area;
      g_array_append_val (cells, cell);
    }
  gw_shape_clear (&voronoi);
  if (fabs (total - lot_area) > 5e-3 * lot_area)
    g_array_set_size (cells, 0);
  return TRUE;
}

static gboolean
write_cells (GwStore  *store,
             gint64    lot_id,
             GArray   *cells,
             GError  **error)
{
  const char *what = _("Could not write the lots of a building");
  sqlite3_stmt *reshape = gw_store_prepare_cached (store,
      "UPDATE lots SET geom = GeomFromWKB (?, 4490) WHERE id = ?", error);
  sqlite3_stmt *insert = gw_store_prepare_cached (store,
      "INSERT INTO lots (community_id, grid_id, name, kind, geom) "
      "SELECT community_id, grid_id, name, kind, GeomFromWKB (?1, 4490) FROM lots WHERE id = ?2",
      error);
  sqlite3_stmt *move = gw_store_prepare_cached (store,
      "UPDATE buildings SET lot_id = ? WHERE id = ?", error);
  sqlite3_stmt *drafts = gw_store_prepare_cached (store,
      "INSERT INTO grid_plan_lots (plan_id, lot_id, grid_id, grid_key) "
      "SELECT plan_id, ?1, grid_id, grid_key FROM grid_plan_lots WHERE lot_id = ?2", error);

  if (reshape == NULL || insert == NULL || move == NULL || drafts == NULL)
    return FALSE;
  for (guint i = 0; i < cells->len; i++)
    {
      const Cell *cell = &g_array_index (cells, Cell, i);
      gsize size;
      gconstpointer blob = g_bytes_get_data (cell->cell, &size);
      gint64 new_id;

      if (i == 0)
        {
          if (!gw_store_check_bind (store, sqlite3_bind_blob (reshape, 1, blob, size, SQLITE_STATIC),
                                    error)
              || !gw_store_bind_int64 (store, reshape, 2, lot_id, error)
              || !gw_store_step_done (store, reshape, what, error))
            return FALSE;
          continue;
        }
      if (!gw_store_check_bind (store, sqlite3_bind_blob (insert, 1, blob, size, SQLITE_STATIC),
                                error)
          || !gw_store_bind_int64 (store, insert, 2, lot_id, error)
          || !gw_store_step_done (store, insert, what, error))
        return FALSE;
      new_id = sqlite3_last_insert_rowid (gw_store_get_db (store));
      if (!gw_store_bind_int64 (store, move, 1, new_id, error)
          || !gw_store_bind_int64 (store, move, 2, cell->building_id, error)
          || !gw_store_step_done (store, move, what, error)
          || !gw_store_bind_int64 (store, drafts, 1, new_id, error)
          || !gw_store_bind_int64 (store, drafts, 2, lot_id, error)
          || !gw_store_step_done (store, drafts, what, error))
        return FALSE;
    }
  return TRUE;
}

/* Where a new lot's edge crosses the old lot's boundary, the crossing point
 * lies on that boundary only to rounding, and the neighbour across it has
 * no vertex there: a hairline crack that splits a grid's dissolve. Snapping
 * every lot of the community to its neighbours (GEOS inserts their
 * vertices into its edges) makes shared edges identical again. */
static gboolean
node_community (GwStore  *store,
                gint64    community_id,
                GError  **error)
{
  sqlite3_stmt *stmt = gw_store_prepare_cached (store,
      "UPDATE lots SET geom = CastToMultiPolygon (ST_Snap (geom, "
      "    (SELECT ST_Collect (o.geom) FROM lots o WHERE o.community_id = lots.community_id "
      "       AND o.id <> lots.id AND MbrIntersects (o.geom, lots.geom) = 1), 1e-9)) "
      " WHERE community_id = ?1 "
      "   AND EXISTS (SELECT 1 FROM lots o WHERE o.community_id = lots.community_id "
      "                 AND o.id <> lots.id AND MbrIntersects (o.geom, lots.geom) = 1)",
      error);

  return stmt != NULL && gw_store_bind_int64 (store, stmt, 1, community_id, error)
         && gw_store_step_done (store, stmt, _("Could not write the lots of a building"),
                                error);
}

static gboolean
split_all (GwStore          *store,
           gint64            community_id,
           GwLotSplitReport *report,
           GError          **error)
{
  g_autoptr (GArray) lots = g_array_new (FALSE, FALSE, sizeof (gint64) * 3);
  g_autoptr (GHashTable) touched = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer community;
  g_autoptr (GArray) cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (store,
      "SELECT l.id, count(*), l.community_id FROM lots l JOIN buildings b ON b.lot_id = l.id "
      " WHERE ?1 = 0 OR l.community_id = ?1 GROUP BY l.id HAVING count(*) > 1 ORDER BY l.id",
      error);

  g_array_set_clear_func (cells, cell_clear);
  if (stmt == NULL || !gw_store_bind_int64 (store, stmt, 1, community_id, error))
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 row[3] = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1),
                        sqlite3_column_int64 (stmt, 2) };

      g_array_append_val (lots, row);
    }
  for (guint i = 0; i < lots->len; i++)
    {
      const gint64 *row = &g_array_index (lots, gint64, 3 * i);

      if (!lot_cells (store, row[0], cells, error))
        return FALSE;
      if (cells->len == 0)
        continue;
      if (!write_cells (store, row[0], cells, error))
        return FALSE;
      report->lots_split++;
      report->lots_added += cells->len - 1;
      g_hash_table_add (touched, GSIZE_TO_POINTER ((gsize) row[2]));
    }
  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, &community, NULL))
    if (!node_community (store, GPOINTER_TO_SIZE (community), error))
      return FALSE;
  return TRUE;
}

gboolean
gw_lots_split_by_building (GwStore          *store,
                           GwUser           *user,
                           gint64            community_id,
                           GwLotSplitReport *report,
                           GError          **error)
{
  GwLotSplitReport scratch = { 0 };
  g_autofree char *detail = NULL;

  g_return_val_if_fail (GW_IS_STORE (store), FALSE);

  if (report == NULL)
    report = &scratch;
  memset (report, 0, sizeof *report);
  if (user != NULL && user->role == GW_ROLE_STAFF)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                   _("Dividing lots between their buildings is for planners and supervisors; %s "
                     "is grid staff"),
                   user->name);
      return FALSE;
    }
  if (!gw_store_begin (store, error))
    return FALSE;
  if (!split_all (store, community_id, report, error))
    goto failed;
  detail = g_strdup_printf ("community=%" PRId64 " split=%u added=%u", community_id,
                            report->lots_split, report->lots_added);
  if ((user != NULL && !gw_audit_write (store, user, "lots_split", "lots", detail, error))
      || !gw_store_commit (store, error))
    goto failed;
  return TRUE;

failed:
  gw_store_rollback (store);
  memset (report, 0, sizeof *report);
  return FALSE;
}
