/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-plan-store"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <math.h>

#include "gw-error.h"
#include "gw-plan-private.h"
#include "gw-store-private.h"
#include "gw-util.h"
#include "gw-box-index.h"
#include "gw-wkb.h"

/* Mean Earth radius (IUGG), for the local plane. */
#define EARTH_RADIUS_M 6371008.8

void
gw_plan_info_free (GwPlanInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->name);
  g_free (info->state);
  g_free (info->created_at);
  g_free (info->committed_at);
  g_free (info->created_by);
  g_free (info);
}

static void
plan_grid_clear (gpointer data)
{
  GwPlanGrid *grid = data;

  g_clear_pointer (&grid->code, g_free);
  g_clear_pointer (&grid->name, g_free);
}

void
gw_plan_data_free (GwPlanData *data)
{
  if (data == NULL)
    return;
  g_free (data->info.name);
  g_free (data->info.state);
  g_free (data->info.created_at);
  g_free (data->info.committed_at);
  g_free (data->info.created_by);
  g_clear_pointer (&data->units, g_array_unref);
  g_clear_pointer (&data->adj_start, g_array_unref);
  g_clear_pointer (&data->adj, g_array_unref);
  g_clear_pointer (&data->shared, g_array_unref);
  g_clear_pointer (&data->edge_road, g_array_unref);
  g_clear_pointer (&data->grids, g_array_unref);
  g_clear_pointer (&data->assignment, g_array_unref);
  g_clear_pointer (&data->building_unit, g_hash_table_unref);
  g_clear_pointer (&data->community_names, g_hash_table_unref);
  g_clear_pointer (&data->community_codes, g_hash_table_unref);
  g_free (data);
}

void
gw_plan_commit_report_clear (GwPlanCommitReport *report)
{
  g_clear_pointer (&report->without_team, g_ptr_array_unref);
  memset (report, 0, sizeof *report);
}

gint
gw_plan_data_unit_of_lot (GwPlanData *data,
                          gint64      lot_id)
{
  guint lo = 0, hi = data->units->len;

  /* Units are sorted by lot id. */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      gint64 id = g_array_index (data->units, GwPlanUnit, mid).lot_id;

      if (id == lot_id)
        return (gint) mid;
      if (id < lot_id)
        lo = mid + 1;
      else
        hi = mid;
    }
  return -1;
}

gboolean
gw_plan_check_planner (GwUser      *user,
               const char  *what,
               GError     **error)
{
  if (user != NULL && user->role == GW_ROLE_PLANNER)
    return TRUE;
  g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
               /* Translators: %s is what was refused, e.g. “Committing plan 3” */
               _("%s is for planners; %s is not one"), what,
               user != NULL ? user->name : _("nobody signed in"));
  return FALSE;
}

/* {{{ Listing and creating */

static GwPlanInfo *
read_info (sqlite3_stmt *stmt)
{
  GwPlanInfo *info = g_new0 (GwPlanInfo, 1);

  info->id = sqlite3_column_int64 (stmt, 0);
  info->name = gw_store_column_dup (stmt, 1);
  info->state = gw_store_column_dup (stmt, 2);
  info->parent_id = sqlite3_column_int64 (stmt, 3);
  info->version = sqlite3_column_int (stmt, 4);
  info->created_at = gw_store_column_dup (stmt, 5);
  info->committed_at = gw_store_column_dup_nullable (stmt, 6);
  info->created_by = gw_store_column_dup (stmt, 7);
  return info;
}

#define INFO_COLUMNS \
  "p.id, p.name, p.state, coalesce (p.parent_id, 0), p.version, p.created_at, " \
  "p.committed_at, coalesce ((SELECT login FROM users WHERE id = p.user_id), '') "

GPtrArray *
gw_plan_store_list (GwStore  *store,
                    GError  **error)
{
  g_autoptr (GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_plan_info_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  stmt = gw_store_prepare_cached (store,
                                  "SELECT " INFO_COLUMNS " FROM grid_plans p ORDER BY p.id DESC",
                                  error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (plans, read_info (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not list the grid plans"));
      return NULL;
    }
  return g_steal_pointer (&plans);
}

static GwPlanInfo *
load_info (GwStore  *store,
           gint64    plan_id,
           GError  **error)
{
  sqlite3_stmt *stmt = gw_store_prepare_cached (store,
                                                "SELECT " INFO_COLUMNS
                                                " FROM grid_plans p WHERE p.id = ?",
                                                error);
  GwPlanInfo *info = NULL;
  int rc;

  if (stmt == NULL || !gw_store_bind_int64 (store, stmt, 1, plan_id, error))
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    info = read_info (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
                 _("There is no grid plan %" PRId64 " in %s"), plan_id,
                 gw_store_get_path (store));
  else if (rc != SQLITE_ROW)
    gw_store_set_sql_error (store, error, _("Could not read a grid plan"));
  return info;
}

static gboolean
exec_plan (GwStore     *store,
           const char  *sql,
           gint64       plan_id,
           gint64       other_id,
           GError     **error)
{
  sqlite3_stmt *stmt = gw_store_prepare_cached (store, sql, error);

  return stmt != NULL && gw_store_bind_int64 (store, stmt, 1, plan_id, error)
         && gw_store_bind_int64 (store, stmt, 2, other_id, error)
         && gw_store_step_done (store, stmt, _("Could not write a grid plan"), error);
}

/* The draft's grids and lots: from the live grids (key = rank by code) or
 * copied from the parent draft. */
static gboolean
fill_new_plan (GwStore  *store,
               gint64    plan_id,
               gint64    parent_id,
               GError  **error)
{
  if (parent_id == 0)
    return exec_plan (store,
                      "INSERT INTO grid_plan_grids (plan_id, key, grid_id, community_id, name) "
                      "SELECT ?1, row_number () OVER (ORDER BY code) - 1 + 0 * ?2, id, "
                      "       community_id, name "
                      "  FROM grids WHERE retired_at IS NULL",
                      plan_id, 0, error)
           && exec_plan (store,
                         "INSERT INTO grid_plan_lots (plan_id, lot_id, grid_key) "
                         "SELECT ?1, l.id, (SELECT key FROM grid_plan_grids pg "
                         "                   WHERE pg.plan_id = ?1 AND pg.grid_id = l.grid_id) "
                         "  FROM lots l WHERE 0 * ?2 = 0",
                         plan_id, 0, error);
  return exec_plan (store,
                    "INSERT INTO grid_plan_grids (plan_id, key, grid_id, community_id, name, locked) "
                    "SELECT ?1, key, grid_id, community_id, name, locked "
                    "  FROM grid_plan_grids WHERE plan_id = ?2",
                    plan_id, parent_id, error)
         && exec_plan (store,
                       "INSERT INTO grid_plan_lots (plan_id, lot_id, grid_key) "
                       "SELECT ?1, lot_id, grid_key FROM grid_plan_lots WHERE plan_id = ?2",
                       plan_id, parent_id, error);
}

gint64
gw_plan_store_create (GwStore     *store,
                      GwUser      *user,
                      const char  *name,
                      gint64       parent_id,
                      GError     **error)
{
  g_autoptr (GDateTime) now = gw_now ();
  g_autofree char *created = gw_format_timestamp (now);
  g_autofree char *object = NULL;
  sqlite3_stmt *stmt;
  gint64 plan_id;

  g_return_val_if_fail (GW_IS_STORE (store), 0);

  if (!gw_plan_check_planner (user, _("Drawing a grid plan"), error))
    return 0;
  if (name == NULL || *g_strstrip (g_strdup (name)) == '\0' || g_utf8_strlen (name, -1) > 64)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("A grid plan needs a name of 1 to 64 characters"));
      return 0;
    }
  if (parent_id != 0)
    {
      g_autoptr (GwPlanInfo) parent = load_info (store, parent_id, error);

      if (parent == NULL)
        return 0;
    }

  if (!gw_store_begin (store, error))
    return 0;
  stmt = gw_store_prepare_cached (store,
                                  "INSERT INTO grid_plans (name, state, created_at, user_id, "
                                  "parent_id) VALUES (?, 'draft', ?, ?, ?)",
                                  error);
  if (stmt == NULL || !gw_store_bind_text (store, stmt, 1, name, error)
      || !gw_store_bind_text (store, stmt, 2, created, error)
      || !gw_store_bind_ref (store, stmt, 3, user->id, error)
      || !gw_store_bind_ref (store, stmt, 4, parent_id, error))
    goto failed;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      gw_store_set_sql_error (store, error, _("Could not create a grid plan"));
      goto failed;
    }
  sqlite3_reset (stmt);
  plan_id = sqlite3_last_insert_rowid (gw_store_get_db (store));
  object = g_strdup_printf ("plan:%" PRId64, plan_id);
  if (!fill_new_plan (store, plan_id, parent_id, error)
      || !gw_audit_write (store, user, "plan_create", object, name, error)
      || !gw_store_commit (store, error))
    goto failed;
  return plan_id;

failed:
  gw_store_rollback (store);
  return 0;
}

/* }}} */
/* {{{ Loading */

typedef struct
{
  double lon0, lat0, kx, ky;   /* metres per degree east and north */
} LocalPlane;

static void
plane_project (const LocalPlane *plane,
               double            lon,
               double            lat,
               double           *x,
               double           *y)
{
  *x = (lon - plane->lon0) * plane->kx;
  *y = (lat - plane->lat0) * plane->ky;
}

static void
plane_init (LocalPlane *plane,
            double      lon0,
            double      lat0)
{
  plane->lon0 = lon0;
  plane->lat0 = lat0;
  plane->ky = EARTH_RADIUS_M * G_PI / 180;
  plane->kx = plane->ky * cos (lat0 * G_PI / 180);
}

void
gw_plan_data_lonlat_to_local (GwPlanData *data,
                              double      longitude,
                              double      latitude,
                              double     *x,
                              double     *y)
{
  LocalPlane plane;

  plane_init (&plane, data->lon0, data->lat0);
  plane_project (&plane, longitude, latitude, x, y);
}

/* A lot's rings in the local plane, for finding shared boundaries. */
typedef struct
{
  GArray *points;        /* of GwPoint, m */
  GArray *ring_starts;   /* of guint, n_rings + 1 */
  GwBBox  bbox;
} LocalRings;

static void
local_rings_clear (gpointer data)
{
  LocalRings *rings = data;

  g_clear_pointer (&rings->points, g_array_unref);
  g_clear_pointer (&rings->ring_starts, g_array_unref);
}

/* The shape projected into the local plane; its area, perimeter and
 * centroid (holes are rings wound the other way: their signed areas
 * subtract). */
static void
measure_unit (const LocalPlane *plane,
              const GwShape    *shape,
              GwPlanUnit       *unit,
              LocalRings       *rings)
{
  double area = 0, cx = 0, cy = 0, perimeter = 0;

  gw_bbox_init_empty (&rings->bbox);
  for (guint i = 0; i < shape->n_points; i++)
    {
      GwPoint p;

      plane_project (plane, shape->points[i].x, shape->points[i].y, &p.x, &p.y);
      g_array_append_val (rings->points, p);
      gw_bbox_extend (&rings->bbox, p.x, p.y);
    }
  g_array_append_vals (rings->ring_starts, shape->ring_starts, shape->n_rings + 1);

  for (guint r = 0; r < shape->n_rings; r++)
    {
      const GwPoint *pts = (const GwPoint *) rings->points->data;
      guint start = shape->ring_starts[r], end = shape->ring_starts[r + 1];
      double ring_area = 0, rcx = 0, rcy = 0;

      for (guint i = start; i + 1 < end; i++)
        {
          double cross = pts[i].x * pts[i + 1].y - pts[i + 1].x * pts[i].y;

          ring_area += cross;
          rcx += (pts[i].x + pts[i + 1].x) * cross;
          rcy += (pts[i].y + pts[i + 1].y) * cross;
          perimeter += hypot (pts[i + 1].x - pts[i].x, pts[i + 1].y - pts[i].y);
        }
      area += ring_area / 2;
      cx += rcx / 6;
      cy += rcy / 6;
    }
  unit->perimeter = perimeter;
  unit->area = fabs (area);
  if (fabs (area) > 1e-9)
    {
      unit->x = cx / area;
      unit->y = cy / area;
    }
}

static gboolean
load_units (GwStore     *store,
            GwPlanData  *data,
            GArray      *local,
            GError     **error)
{
  sqlite3_stmt *stmt;
  LocalPlane plane;
  int rc;

  stmt = gw_store_prepare_cached (store,
                                  "SELECT (MbrMinX (e) + MbrMaxX (e)) / 2, (MbrMinY (e) + MbrMaxY (e)) / 2 "
                                  "  FROM (SELECT Extent (geom) AS e FROM lots)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      data->lon0 = sqlite3_column_double (stmt, 0);
      data->lat0 = sqlite3_column_double (stmt, 1);
    }
  sqlite3_reset (stmt);
  plane_init (&plane, data->lon0, data->lat0);

  stmt = gw_store_prepare_cached (store,
                                  "SELECT id, community_id, coalesce (grid_id, 0), AsBinary (geom) "
                                  "  FROM lots ORDER BY id",
                                  error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwPlanUnit unit = { 0 };
      GwShape shape = { 0 };
      const guint8 *wkb = sqlite3_column_blob (stmt, 3);
      LocalRings rings = { g_array_new (FALSE, FALSE, sizeof (GwPoint)),
                           g_array_new (FALSE, FALSE, sizeof (guint)) };

      unit.lot_id = sqlite3_column_int64 (stmt, 0);
      unit.community_id = sqlite3_column_int64 (stmt, 1);
      unit.live_grid_id = sqlite3_column_int64 (stmt, 2);
      if (wkb != NULL && gw_wkb_read_shape (wkb, sqlite3_column_bytes (stmt, 3), FALSE, &shape))
        measure_unit (&plane, &shape, &unit, &rings);
      else
        gw_bbox_init_empty (&rings.bbox);
      gw_shape_clear (&shape);
      g_array_append_val (data->units, unit);
      g_array_append_val (local, rings);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the lots"));
      return FALSE;
    }
  return TRUE;
}

/* What each lot holds: buildings, dwellings, households, residents. */
static gboolean
load_weights (GwStore     *store,
              GwPlanData  *data,
              GError     **error)
{
  static const struct
  {
    const char *sql;
    gsize       offset;
  } queries[] = {
    { "SELECT lot_id, count(*) FROM buildings GROUP BY lot_id",
      G_STRUCT_OFFSET (GwPlanUnit, buildings) },
    { "SELECT b.lot_id, count(*) FROM dwellings d JOIN buildings b ON b.id = d.building_id "
      " GROUP BY b.lot_id",
      G_STRUCT_OFFSET (GwPlanUnit, dwellings) },
    { "SELECT b.lot_id, count(*) FROM households h JOIN dwellings d ON d.id = h.dwelling_id "
      "  JOIN buildings b ON b.id = d.building_id GROUP BY b.lot_id",
      G_STRUCT_OFFSET (GwPlanUnit, households) },
    { "SELECT b.lot_id, count(*) FROM residents r JOIN households h ON h.id = r.household_id "
      "  JOIN dwellings d ON d.id = h.dwelling_id JOIN buildings b ON b.id = d.building_id "
      " GROUP BY b.lot_id",
      G_STRUCT_OFFSET (GwPlanUnit, residents) },
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (store, queries[q].sql, error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint unit = gw_plan_data_unit_of_lot (data, sqlite3_column_int64 (stmt, 0));

          if (unit >= 0)
            G_STRUCT_MEMBER (double, &g_array_index (data->units, GwPlanUnit, unit),
                             queries[q].offset) = sqlite3_column_double (stmt, 1);
        }
      if (rc != SQLITE_DONE)
        {
          gw_store_set_sql_error (store, error, _("Could not count what the lots hold"));
          return FALSE;
        }
    }

  {
    g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (store, "SELECT id, lot_id FROM buildings",
                                                      error);

    if (stmt == NULL)
      return FALSE;
    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        gint unit = gw_plan_data_unit_of_lot (data, sqlite3_column_int64 (stmt, 1));

        if (unit >= 0)
          g_hash_table_insert (data->building_unit,
                               GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 0)),
                               GINT_TO_POINTER (unit + 1));
      }
  }
  return TRUE;
}

typedef struct
{
  guint  a, b;
  double length;
  guint8 road;      /* GwPlanRoad along it */
} Edge;

static int
compare_edges (gconstpointer pa,
               gconstpointer pb)
{
  const Edge *a = pa, *b = pb;

  if (a->a != b->a)
    return a->a < b->a ? -1 : 1;
  return a->b < b->b ? -1 : a->b > b->b;
}

/* Length (m) along which segment @a–@b runs on segment @c–@d: both ends
 * of c–d within @eps of the line a–b, and the overlap of their projections. */
static double
collinear_overlap (const GwPoint *a,
                   const GwPoint *b,
                   const GwPoint *c,
                   const GwPoint *d,
                   double         eps,
                   GwPoint       *middle)
{
  double dx = b->x - a->x, dy = b->y - a->y;
  double length = hypot (dx, dy), t0, t1, lo, hi;

  if (length < 1e-9)
    return 0;
  if (fabs (dx * (c->y - a->y) - dy * (c->x - a->x)) / length > eps
      || fabs (dx * (d->y - a->y) - dy * (d->x - a->x)) / length > eps)
    return 0;
  t0 = ((c->x - a->x) * dx + (c->y - a->y) * dy) / length;
  t1 = ((d->x - a->x) * dx + (d->y - a->y) * dy) / length;
  lo = MAX (0, MIN (t0, t1));
  hi = MIN (length, MAX (t0, t1));
  if (hi <= lo)
    return 0;
  middle->x = a->x + dx * (lo + hi) / 2 / length;
  middle->y = a->y + dy * (lo + hi) / 2 / length;
  return hi - lo;
}

/* The boundary two lots share: the parts of their outlines that run along
 * each other (within 5 cm, so that vertices a survey rounded still meet,
 * and T-junctions count). */
static double
shared_length (const LocalRings *a,
               const LocalRings *b,
               GwPoint          *middle)
{
  double longest = 0;
  const GwPoint *pa = (const GwPoint *) a->points->data;
  const GwPoint *pb = (const GwPoint *) b->points->data;
  const guint *ra = (const guint *) a->ring_starts->data;
  const guint *rb = (const guint *) b->ring_starts->data;
  double total = 0;

  for (guint i = 0; i + 1 < a->ring_starts->len; i++)
    for (guint s = ra[i]; s + 1 < ra[i + 1]; s++)
      {
        GwBBox box;

        gw_bbox_init_empty (&box);
        gw_bbox_extend (&box, pa[s].x - 0.05, pa[s].y - 0.05);
        gw_bbox_extend (&box, pa[s].x + 0.05, pa[s].y + 0.05);
        gw_bbox_extend (&box, pa[s + 1].x - 0.05, pa[s + 1].y - 0.05);
        gw_bbox_extend (&box, pa[s + 1].x + 0.05, pa[s + 1].y + 0.05);
        if (!gw_bbox_intersects (&box, &b->bbox))
          continue;
        for (guint j = 0; j + 1 < b->ring_starts->len; j++)
          for (guint t = rb[j]; t + 1 < rb[j + 1]; t++)
            {
              GwPoint at;
              double piece = collinear_overlap (&pa[s], &pa[s + 1], &pb[t], &pb[t + 1], 0.05, &at);

              total += piece;
              if (piece > longest)
                {
                  longest = piece;
                  *middle = at;
                }
            }
      }
  return total;
}

/* The roads in the local plane, to tell which lot boundaries run along one
 * (a boundary a grid should not cross). */
typedef struct
{
  GArray     *lines;    /* of GwPoint, all polylines end to end */
  GArray     *starts;   /* of guint: where each polyline starts, n + 1 */
  GArray     *classes;  /* of guint8: GwPlanRoad of each */
  GwBoxIndex *index;
} Roads;

static void
roads_clear (Roads *roads)
{
  g_clear_pointer (&roads->lines, g_array_unref);
  g_clear_pointer (&roads->starts, g_array_unref);
  g_clear_pointer (&roads->classes, g_array_unref);
  g_clear_pointer (&roads->index, gw_box_index_free);
}

static gboolean
load_roads (GwStore     *store,
            GwPlanData  *data,
            Roads       *roads,
            GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (store,
      "SELECT class, AsBinary (geom) FROM roads WHERE geom IS NOT NULL", error);
  g_autoptr (GArray) boxes = g_array_new (FALSE, FALSE, sizeof (GwBBox));
  LocalPlane plane;

  if (stmt == NULL)
    return FALSE;
  plane_init (&plane, data->lon0, data->lat0);
  roads->lines = g_array_new (FALSE, FALSE, sizeof (GwPoint));
  roads->starts = g_array_new (FALSE, FALSE, sizeof (guint));
  roads->classes = g_array_new (FALSE, FALSE, sizeof (guint8));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *klass = (const char *) sqlite3_column_text (stmt, 0);
      guint8 rank = g_strcmp0 (klass, "main") == 0 ? GW_PLAN_ROAD_MAIN
                    : g_strcmp0 (klass, "secondary") == 0 ? GW_PLAN_ROAD_SECONDARY
                    : GW_PLAN_ROAD_LANE;
      GwShape shape = { 0 };

      if (sqlite3_column_type (stmt, 1) != SQLITE_BLOB
          || !gw_wkb_read_shape (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1),
                                 FALSE, &shape))
        continue;
      for (guint r = 0; r < shape.n_rings; r++)
        {
          guint begin = roads->lines->len;
          GwBBox box;

          gw_bbox_init_empty (&box);
          for (guint i = shape.ring_starts[r]; i < shape.ring_starts[r + 1]; i++)
            {
              GwPoint p;

              plane_project (&plane, shape.points[i].x, shape.points[i].y, &p.x, &p.y);
              g_array_append_val (roads->lines, p);
              gw_bbox_extend (&box, p.x, p.y);
            }
          g_array_append_val (roads->starts, begin);
          g_array_append_val (roads->classes, rank);
          g_array_append_val (boxes, box);
        }
      gw_shape_clear (&shape);
    }
  {
    guint end = roads->lines->len;

    g_array_append_val (roads->starts, end);
  }
  roads->index = gw_box_index_new ((const GwBBox *) boxes->data, boxes->len, sizeof (GwBBox));
  return TRUE;
}

typedef struct
{
  const Roads   *roads;
  const GwPoint *at;
  guint8         best;
} RoadProbe;

static double
segment_distance (const GwPoint *p,
                  const GwPoint *a,
                  const GwPoint *b)
{
  double dx = b->x - a->x, dy = b->y - a->y, len2 = dx * dx + dy * dy, t;

  t = len2 > 0 ? CLAMP (((p->x - a->x) * dx + (p->y - a->y) * dy) / len2, 0, 1) : 0;
  return hypot (p->x - (a->x + t * dx), p->y - (a->y + t * dy));
}

/* How far from a boundary a road's centre line may run and still be the
 * boundary: about half the road's width. */
static const double road_reach_m[] = { 0, 6, 12, 20 };

static gboolean
probe_road (guint    line,
            gpointer user_data)
{
  RoadProbe *probe = user_data;
  const GwPoint *pts = (const GwPoint *) probe->roads->lines->data;
  guint begin = g_array_index (probe->roads->starts, guint, line);
  guint end = g_array_index (probe->roads->starts, guint, line + 1);
  guint8 klass = g_array_index (probe->roads->classes, guint8, line);

  if (klass <= probe->best)
    return TRUE;
  for (guint i = begin; i + 1 < end; i++)
    if (segment_distance (probe->at, &pts[i], &pts[i + 1]) <= road_reach_m[klass])
      {
        probe->best = klass;
        break;
      }
  return TRUE;
}

/* The highest class of road that runs along the boundary at @at. */
static guint8
road_along (const Roads   *roads,
            const GwPoint *at)
{
  RoadProbe probe = { roads, at, GW_PLAN_ROAD_NONE };
  GwBBox box = { at->x - 20, at->y - 20, at->x + 20, at->y + 20 };

  if (roads->index != NULL)
    gw_box_index_query (roads->index, &box, probe_road, &probe);
  return probe.best;
}

typedef struct
{
  guint   unit;
  GArray *candidates;
} Near;

static gboolean
collect_near (guint    item,
              gpointer user_data)
{
  Near *near = user_data;

  if (item > near->unit)
    g_array_append_val (near->candidates, item);
  return TRUE;
}

/* Lots of one community that share a boundary line, and its length:
 * candidates from their boxes (GwBoxIndex), then the outlines compared in
 * the local plane. */
static void
load_adjacency (GwPlanData *data,
                GArray     *local,
                Roads      *roads)
{
  g_autoptr (GArray) edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  g_autoptr (GArray) boxes = g_array_sized_new (FALSE, FALSE, sizeof (GwBBox), local->len);
  g_autoptr (GwBoxIndex) index = NULL;
  Near near = { 0, g_array_new (FALSE, FALSE, sizeof (guint)) };
  guint n = data->units->len;

  for (guint u = 0; u < n; u++)
    {
      GwBBox box = g_array_index (local, LocalRings, u).bbox;

      if (!gw_bbox_is_empty (&box))
        {
          box.min_x -= 0.05;
          box.min_y -= 0.05;
          box.max_x += 0.05;
          box.max_y += 0.05;
        }
      g_array_append_val (boxes, box);
    }
  index = gw_box_index_new ((const GwBBox *) boxes->data, n, sizeof (GwBBox));
  for (guint u = 0; u < n; u++)
    {
      const GwPlanUnit *unit = &g_array_index (data->units, GwPlanUnit, u);

      if (gw_bbox_is_empty (&g_array_index (boxes, GwBBox, u)))
        continue;
      near.unit = u;
      g_array_set_size (near.candidates, 0);
      gw_box_index_query (index, &g_array_index (boxes, GwBBox, u), collect_near, &near);
      for (guint i = 0; i < near.candidates->len; i++)
        {
          guint v = g_array_index (near.candidates, guint, i);
          double length;
          GwPoint middle = { 0, 0 };
          guint8 road;

          if (g_array_index (data->units, GwPlanUnit, v).community_id != unit->community_id)
            continue;
          length = shared_length (&g_array_index (local, LocalRings, u),
                                  &g_array_index (local, LocalRings, v), &middle);
          /* Touching at a corner is no adjacency: a grid must be one piece. */
          if (length > 0.01)
            {
              Edge uv, vu;

              road = road_along (roads, &middle);
              uv = (Edge) { u, v, length, road };
              vu = (Edge) { v, u, length, road };

              g_array_append_val (edges, uv);
              g_array_append_val (edges, vu);
            }
        }
    }
  g_array_unref (near.candidates);

  g_array_sort (edges, compare_edges);
  g_array_set_size (data->adj_start, n + 1);
  for (guint u = 0, e = 0; u <= n; u++)
    {
      g_array_index (data->adj_start, guint, u) = e;
      while (u < n && e < edges->len && g_array_index (edges, Edge, e).a == u)
        {
          g_array_append_val (data->adj, g_array_index (edges, Edge, e).b);
          g_array_append_val (data->shared, g_array_index (edges, Edge, e).length);
          g_array_append_val (data->edge_road, g_array_index (edges, Edge, e).road);
          e++;
        }
    }
}

static gboolean
load_communities (GwStore     *store,
                  GwPlanData  *data,
                  GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (store,
                                                    "SELECT id, name, code FROM communities",
                                                    error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gpointer key = GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 0));

      g_hash_table_insert (data->community_names, key, gw_store_column_dup (stmt, 1));
      g_hash_table_insert (data->community_codes, key, gw_store_column_dup (stmt, 2));
    }
  return TRUE;
}

/* The draft's grids, keys dense from 0 (the index is the key), and the
 * grid of each lot; lots added to the file after the draft was made stay
 * with the grid that continues their live grid, or have none. */
static gboolean
load_assignment (GwStore     *store,
                 GwPlanData  *data,
                 GError     **error)
{
  g_autoptr (sqlite3_stmt) grids = NULL;
  g_autoptr (sqlite3_stmt) lots = NULL;
  g_autoptr (GHashTable) key_index = g_hash_table_new (NULL, NULL);
  g_autoptr (GHashTable) live_index = g_hash_table_new (NULL, NULL);

  grids = gw_store_prepare (store,
                            "SELECT pg.key, coalesce (pg.grid_id, 0), pg.community_id, "
                            "       coalesce (g.code, ''), pg.name, pg.locked, "
                            "       (SELECT count(*) FROM grid_workers w WHERE w.grid_id = pg.grid_id) "
                            "  FROM grid_plan_grids pg LEFT JOIN grids g ON g.id = pg.grid_id "
                            " WHERE pg.plan_id = ? ORDER BY pg.key",
                            error);
  if (grids == NULL || !gw_store_bind_int64 (store, grids, 1, data->info.id, error))
    return FALSE;
  while (sqlite3_step (grids) == SQLITE_ROW)
    {
      GwPlanGrid grid = {
        sqlite3_column_int64 (grids, 1), sqlite3_column_int64 (grids, 2),
        gw_store_column_dup (grids, 3), gw_store_column_dup (grids, 4),
        sqlite3_column_int (grids, 5) != 0, sqlite3_column_int (grids, 6),
      };

      g_hash_table_insert (key_index, GINT_TO_POINTER (sqlite3_column_int (grids, 0)),
                           GUINT_TO_POINTER (data->grids->len + 1));
      if (grid.grid_id != 0)
        g_hash_table_insert (live_index, GSIZE_TO_POINTER ((gsize) grid.grid_id),
                             GUINT_TO_POINTER (data->grids->len + 1));
      g_array_append_val (data->grids, grid);
    }

  g_array_set_size (data->assignment, data->units->len);
  for (guint u = 0; u < data->units->len; u++)
    {
      gint64 live = g_array_index (data->units, GwPlanUnit, u).live_grid_id;
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (live_index,
                                                           GSIZE_TO_POINTER ((gsize) live)));

      g_array_index (data->assignment, gint, u) = (gint) index - 1;
    }

  lots = gw_store_prepare (store,
                           "SELECT lot_id, grid_key FROM grid_plan_lots WHERE plan_id = ?",
                           error);
  if (lots == NULL || !gw_store_bind_int64 (store, lots, 1, data->info.id, error))
    return FALSE;
  while (sqlite3_step (lots) == SQLITE_ROW)
    {
      gint unit = gw_plan_data_unit_of_lot (data, sqlite3_column_int64 (lots, 0));
      guint index = sqlite3_column_type (lots, 1) == SQLITE_NULL ? 0
                    : GPOINTER_TO_UINT (g_hash_table_lookup (key_index,
                                                             GINT_TO_POINTER (sqlite3_column_int (lots, 1))));

      if (unit >= 0)
        g_array_index (data->assignment, gint, unit) = (gint) index - 1;
    }
  return TRUE;
}

GwPlanData *
gw_plan_store_load (GwStore  *store,
                    gint64    plan_id,
                    GError  **error)
{
  g_autoptr (GwPlanData) data = g_new0 (GwPlanData, 1);
  g_autoptr (GArray) local = NULL;
  Roads roads = { 0 };
  GwPlanInfo *info;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  info = load_info (store, plan_id, error);
  if (info == NULL)
    return NULL;
  data->info = *info;
  g_free (info);
  data->units = g_array_new (FALSE, TRUE, sizeof (GwPlanUnit));
  data->adj_start = g_array_new (FALSE, TRUE, sizeof (guint));
  data->adj = g_array_new (FALSE, FALSE, sizeof (guint));
  data->shared = g_array_new (FALSE, FALSE, sizeof (double));
  data->edge_road = g_array_new (FALSE, FALSE, sizeof (guint8));
  data->grids = g_array_new (FALSE, TRUE, sizeof (GwPlanGrid));
  g_array_set_clear_func (data->grids, plan_grid_clear);
  data->assignment = g_array_new (FALSE, TRUE, sizeof (gint));
  data->building_unit = g_hash_table_new (NULL, NULL);
  data->community_names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  data->community_codes = g_hash_table_new_full (NULL, NULL, NULL, g_free);

  local = g_array_new (FALSE, TRUE, sizeof (LocalRings));
  g_array_set_clear_func (local, local_rings_clear);
  if (!load_units (store, data, local, error) || !load_weights (store, data, error)
      || !load_communities (store, data, error) || !load_assignment (store, data, error)
      || !load_roads (store, data, &roads, error))
    {
      roads_clear (&roads);
      return NULL;
    }
  load_adjacency (data, local, &roads);
  roads_clear (&roads);
  return g_steal_pointer (&data);
}

/* }}} */
/* {{{ Saving */

static gboolean
write_draft (GwStore     *store,
             GwPlanData  *data,
             GError     **error)
{
  sqlite3_stmt *grid;
  sqlite3_stmt *lot;

  if (!exec_plan (store, "DELETE FROM grid_plan_grids WHERE plan_id = ?1 AND 0 * ?2 = 0",
                  data->info.id, 0, error)
      || !exec_plan (store, "DELETE FROM grid_plan_lots WHERE plan_id = ?1 AND 0 * ?2 = 0",
                     data->info.id, 0, error))
    return FALSE;

  grid = gw_store_prepare_cached (store,
                                  "INSERT INTO grid_plan_grids (plan_id, key, grid_id, community_id, "
                                  "name, locked) VALUES (?, ?, ?, ?, ?, ?)",
                                  error);
  if (grid == NULL)
    return FALSE;
  for (guint k = 0; k < data->grids->len; k++)
    {
      const GwPlanGrid *g = &g_array_index (data->grids, GwPlanGrid, k);

      if (!gw_store_bind_int64 (store, grid, 1, data->info.id, error)
          || !gw_store_bind_int64 (store, grid, 2, k, error)
          || !gw_store_bind_ref (store, grid, 3, g->grid_id, error)
          || !gw_store_bind_int64 (store, grid, 4, g->community_id, error)
          || !gw_store_bind_text (store, grid, 5, g->name, error)
          || !gw_store_bind_int64 (store, grid, 6, g->locked, error)
          || !gw_store_step_done (store, grid, _("Could not write a grid of the plan"), error))
        return FALSE;
    }

  lot = gw_store_prepare_cached (store,
                                 "INSERT INTO grid_plan_lots (plan_id, lot_id, grid_key) "
                                 "VALUES (?, ?, ?)",
                                 error);
  if (lot == NULL)
    return FALSE;
  for (guint u = 0; u < data->units->len; u++)
    {
      gint key = g_array_index (data->assignment, gint, u);

      if (!gw_store_bind_int64 (store, lot, 1, data->info.id, error)
          || !gw_store_bind_int64 (store, lot, 2, g_array_index (data->units, GwPlanUnit, u).lot_id,
                                   error)
          || !gw_store_check_bind (store, key < 0 ? sqlite3_bind_null (lot, 3)
                                                  : sqlite3_bind_int (lot, 3, key), error)
          || !gw_store_step_done (store, lot, _("Could not write a lot of the plan"), error))
        return FALSE;
    }
  return TRUE;
}

/* Raises the plan's version if it is still the one @data was read at. */
static gboolean
bump_version (GwStore     *store,
              GwPlanData  *data,
              GError     **error)
{
  sqlite3_stmt *stmt = gw_store_prepare_cached (store,
                                                "UPDATE grid_plans SET version = version + 1 "
                                                " WHERE id = ? AND version = ? AND state = 'draft'",
                                                error);
  int rc;

  if (stmt == NULL || !gw_store_bind_int64 (store, stmt, 1, data->info.id, error)
      || !gw_store_bind_int64 (store, stmt, 2, data->info.version, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not write a grid plan"));
      return FALSE;
    }
  if (sqlite3_changes (gw_store_get_db (store)) != 1)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_CONFLICT,
                   _("Grid plan “%s” was changed or committed by someone else since you opened "
                     "it; open it again"),
                   data->info.name);
      return FALSE;
    }
  data->info.version++;
  return TRUE;
}

/* Inside a transaction: the draft as @data has it, on top of the version it
 * was read at (raised; put back if the transaction is rolled back). */
gboolean
gw_plan_store_write (GwStore     *store,
                     GwPlanData  *data,
                     GError     **error)
{
  gint version = data->info.version;

  if (bump_version (store, data, error) && write_draft (store, data, error))
    return TRUE;
  data->info.version = version;
  return FALSE;
}

gboolean
gw_plan_store_save (GwStore     *store,
                    GwUser      *user,
                    GwPlanData  *data,
                    GError     **error)
{
  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (!gw_plan_check_planner (user, _("Changing a grid plan"), error))
    return FALSE;
  if (!gw_store_begin (store, error))
    return FALSE;
  if (!gw_plan_store_write (store, data, error) || !gw_store_commit (store, error))
    {
      gw_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/* }}} */
