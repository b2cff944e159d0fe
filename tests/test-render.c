/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-render"

#define _GNU_SOURCE
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "gw-demo.h"
#include "gw-test-store.h"
#include "gw-test-util.h"
#include "gw-map-snapshot.h"
#include "gw-png.h"
#include "gw-render-shape.h"
#include "gw-renderer.h"
#include "gw-store-private.h"
#include "gw-style.h"
#include "gw-util.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)

/* Two square grids side by side in one community, ~180 m wide each:
 *
 *   36.082 +---------+---------+
 *          | grid 1  | grid 2  |
 *   36.080 +---------+---------+
 *       120.370   120.372   120.374
 */
#define WEST   120.370
#define MIDDLE 120.372
#define EAST   120.374
#define SOUTH  36.080
#define NORTH  36.082

typedef struct
{
  char          *dir;
  char          *path;
  GwStore       *store;
  GwMapSnapshot *snapshot;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = NULL;
  gboolean empty = GPOINTER_TO_INT (user_data);

  fixture->dir = g_dir_make_tmp ("gw-test-render-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "render.sqlite", NULL);
  fixture->store = gw_store_open (fixture->path, GW_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);

  if (!empty)
    {
      gw_test_exec_sql (fixture->store,
                "INSERT INTO streets (id, code, name, district_name, geom) VALUES"
                " (1, '370202001', '八大关街道', '市南区',"
                "  GeomFromText('MULTIPOLYGON(((120.370 36.080, 120.374 36.080,"
                "  120.374 36.082, 120.370 36.082, 120.370 36.080)))', 4490));"
                "INSERT INTO communities (id, street_id, code, name, geom) VALUES"
                " (1, 1, '370202001001', '湛山社区',"
                "  GeomFromText('MULTIPOLYGON(((120.370 36.080, 120.374 36.080,"
                "  120.374 36.082, 120.370 36.082, 120.370 36.080)))', 4490));"
                "INSERT INTO grids (id, community_id, code, name, geom) VALUES"
                " (1, 1, '370202001001001', '第一网格',"
                "  GeomFromText('MULTIPOLYGON(((120.370 36.080, 120.372 36.080,"
                "  120.372 36.082, 120.370 36.082, 120.370 36.080)))', 4490)),"
                " (2, 1, '370202001001002', '第二网格',"
                "  GeomFromText('MULTIPOLYGON(((120.372 36.080, 120.374 36.080,"
                "  120.374 36.082, 120.372 36.082, 120.372 36.080)))', 4490));"
                "INSERT INTO lots (id, community_id, grid_id, name, kind, geom) VALUES"
                " (1, 1, 1, '湛山小区', 'compound',"
                "  GeomFromText('MULTIPOLYGON(((120.3702 36.0802, 120.3718 36.0802,"
                "  120.3718 36.0818, 120.3702 36.0818, 120.3702 36.0802)))', 4490)),"
                " (2, 1, 2, '', 'open',"
                "  GeomFromText('MULTIPOLYGON(((120.3722 36.0802, 120.3738 36.0802,"
                "  120.3738 36.0818, 120.3722 36.0818, 120.3722 36.0802)))', 4490));"
                "INSERT INTO buildings (id, lot_id, name, address, use, floors, geom) VALUES"
                " (1, 1, '1号楼', '湛山路1号', 'residential', 6,"
                "  GeomFromText('MULTIPOLYGON(((120.3705 36.0805, 120.3710 36.0805,"
                "  120.3710 36.0808, 120.3705 36.0808, 120.3705 36.0805)))', 4490)),"
                " (2, 1, '2号楼', '湛山路3号', 'shop', 2,"
                "  GeomFromText('MULTIPOLYGON(((120.3712 36.0805, 120.3716 36.0805,"
                "  120.3716 36.0808, 120.3712 36.0808, 120.3712 36.0805)))', 4490));"
                "INSERT INTO dwellings (id, building_id, code, unit, floor, room) VALUES"
                " (1, 1, '37020200101', 1, 1, '101'), (2, 1, '37020200102', 1, 1, '102');"
                "INSERT INTO households (id, dwelling_id, head_name) VALUES"
                " (1, 1, '张三'), (2, 2, '李四'), (3, 2, '王五');"
                "INSERT INTO roads (id, name, class, geom) VALUES"
                " (1, '湛山路', 'main',"
                "  GeomFromText('MULTILINESTRING((120.369 36.0790, 120.375 36.0790))', 4490)),"
                " (2, '', 'lane',"
                "  GeomFromText('MULTILINESTRING((120.3711 36.0802, 120.3711 36.0818))', 4490));"
                "INSERT INTO cases (id, code, grid_id, category, tier, source, status,"
                "  reported_at, deadline_at, geom) VALUES"
                " (1, 'C1', 1, 'living_environment', 'A', 'patrol', 'dispatched',"
                "  '2026-11-01 09:00:00', '2026-11-02 09:00:00',"
                "  GeomFromText('POINT(120.3715 36.0812)', 4490)),"
                " (2, 'C2', 2, 'living_environment', 'C', 'hotline', 'registered',"
                "  '2026-11-19 09:00:00', '2026-12-30 09:00:00',"
                "  GeomFromText('POINT(120.3730 36.0812)', 4490)),"
                " (3, 'C3', 2, 'living_environment', 'B', 'hotline', 'closed',"
                "  '2026-11-01 09:00:00', '2026-11-03 09:00:00',"
                "  GeomFromText('POINT(120.3731 36.0813)', 4490));");
    }

  now = gw_parse_timestamp ("2026-11-20 10:00:00");
  fixture->snapshot = gw_map_snapshot_load (fixture->store, now, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->snapshot);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);

  g_clear_pointer (&fixture->snapshot, gw_map_snapshot_unref);
  g_clear_object (&fixture->store);
  g_remove (fixture->path);
  g_remove (wal);
  g_remove (shm);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* A view of @width px around the two grids with a margin of @margin of
 * their size on every side. */
static void
make_view (GwRenderView *view,
           double        width,
           double        margin)
{
  double x0, y0, x1, y1, w, h;

  gw_lonlat_to_mercator (WEST, SOUTH, &x0, &y0);
  gw_lonlat_to_mercator (EAST, NORTH, &x1, &y1);
  w = x1 - x0;
  h = y1 - y0;
  view->bbox = (GwBBox) { x0 - w * margin, y0 - h * margin, x1 + w * margin, y1 + h * margin };
  view->width = width;
  view->height = width * (view->bbox.max_y - view->bbox.min_y) /
                 (view->bbox.max_x - view->bbox.min_x);
  view->px_per_mm = GW_STYLE_PX_PER_MM_96DPI;
}

static void
to_device (const GwRenderView *view,
           double              lon,
           double              lat,
           double             *px,
           double             *py)
{
  double x, y;

  gw_lonlat_to_mercator (lon, lat, &x, &y);
  *px = (x - view->bbox.min_x) / (view->bbox.max_x - view->bbox.min_x) * view->width;
  *py = (view->bbox.max_y - y) / (view->bbox.max_y - view->bbox.min_y) * view->height;
}

/* Un-premultiplied RGBA of one pixel, 0–255. */
static void
pixel (cairo_surface_t *surface,
       int              x,
       int              y,
       int              rgba[4])
{
  const guint8 *data;
  guint32 p;
  int a;

  cairo_surface_flush (surface);
  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));
  data = cairo_image_surface_get_data (surface);
  p = *(const guint32 *) (data + y * cairo_image_surface_get_stride (surface) + 4 * x);
  a = p >> 24;
  rgba[3] = a;
  if (a == 0)
    {
      rgba[0] = rgba[1] = rgba[2] = 0;
      return;
    }
  rgba[0] = ((p >> 16) & 0xff) * 255 / a;
  rgba[1] = ((p >> 8) & 0xff) * 255 / a;
  rgba[2] = (p & 0xff) * 255 / a;
}

static int
colour_distance (const int      rgba[4],
                 const GwColor *color)
{
  int d = 0;

  d = MAX (d, abs (rgba[0] - (int) round (color->red * 255)));
  d = MAX (d, abs (rgba[1] - (int) round (color->green * 255)));
  d = MAX (d, abs (rgba[2] - (int) round (color->blue * 255)));
  d = MAX (d, abs (rgba[3] - (int) round (color->alpha * 255)));
  return d;
}

/* The best match to @color among the pixels of row @y from x0 to x1. */
static int
best_in_row (cairo_surface_t *surface,
             int              x0,
             int              x1,
             int              y,
             const GwColor   *color)
{
  int best = 1000;

  for (int x = x0; x <= x1; x++)
    {
      int rgba[4];

      pixel (surface, x, y, rgba);
      best = MIN (best, colour_distance (rgba, color));
    }
  return best;
}

static int
best_in_column (cairo_surface_t *surface,
                int              x,
                int              y0,
                int              y1,
                const GwColor   *color)
{
  int best = 1000;

  for (int y = y0; y <= y1; y++)
    {
      int rgba[4];

      pixel (surface, x, y, rgba);
      best = MIN (best, colour_distance (rgba, color));
    }
  return best;
}

static cairo_surface_t *
render (GwMapSnapshot      *snapshot,
        const GwRenderView *view,
        GwLayers            layers)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         (int) ceil (view->width),
                                                         (int) ceil (view->height));
  g_autoptr (cairo_t) cr = cairo_create (surface);

  gw_renderer_draw (snapshot, cr, view, layers);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  if (g_getenv ("GW_TEST_SAVE_PNG") != NULL)
    {
      static int serial;
      g_autofree char *name = g_strdup_printf ("/tmp/gw-test-render-%d-%x.png", ++serial,
                                               layers);

      cairo_surface_write_to_png (surface, name);
    }
  return surface;
}

static void
test_snapshot_contents (Fixture       *fixture,
                        gconstpointer  user_data)
{
  GwMapSnapshot *snapshot = fixture->snapshot;
  const GwFeature *grid, *building, *lot, *road, *open_case;
  GwBBox extent;
  double x, y;

  g_assert_cmpuint (gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_COMMUNITY), ==, 1);
  g_assert_cmpuint (gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_GRID), ==, 2);
  g_assert_cmpuint (gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_LOT), ==, 2);
  g_assert_cmpuint (gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_BUILDING), ==, 2);
  g_assert_cmpuint (gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_ROAD), ==, 2);
  /* The closed case is not on the map. */
  g_assert_cmpuint (gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_CASE), ==, 2);

  grid = gw_map_snapshot_lookup (snapshot, GW_FEATURE_GRID, 1);
  g_assert_nonnull (grid);
  g_assert_cmpstr (grid->label, ==, "370202001001001");
  g_assert_cmpstr (grid->name, ==, "第一网格");
  g_assert_cmpint (grid->parent_id, ==, 1);
  g_assert_cmpint (grid->n_households, ==, 3);
  g_assert_cmpint (gw_map_snapshot_lookup (snapshot, GW_FEATURE_GRID, 2)->n_households, ==, 0);
  g_assert_null (gw_map_snapshot_lookup (snapshot, GW_FEATURE_GRID, 3));
  g_assert_true (gw_shape_contains (&grid->shape, grid->label_point.x, grid->label_point.y));

  /* Stored lon/lat comes back in Web Mercator. */
  gw_lonlat_to_mercator (WEST, SOUTH, &x, &y);
  g_assert_cmpfloat_with_epsilon (grid->shape.bbox.min_x, x, 0.01);
  g_assert_cmpfloat_with_epsilon (grid->shape.bbox.min_y, y, 0.01);

  building = gw_map_snapshot_lookup (snapshot, GW_FEATURE_BUILDING, 2);
  g_assert_cmpstr (building->label, ==, "2号楼");
  g_assert_cmpint (building->flags, ==, 1);            /* shop */
  g_assert_cmpint (building->klass, ==, 2);            /* floors */
  g_assert_cmpint (building->parent_id, ==, 1);
  g_assert_cmpint (building->grid_id, ==, 1);
  g_assert_cmpint (gw_map_snapshot_lookup (snapshot, GW_FEATURE_BUILDING, 1)->flags, ==, 0);

  lot = gw_map_snapshot_lookup (snapshot, GW_FEATURE_LOT, 2);
  g_assert_cmpint (lot->grid_id, ==, 2);
  g_assert_cmpint (lot->klass, ==, 3);                 /* open space */

  road = gw_map_snapshot_lookup (snapshot, GW_FEATURE_ROAD, 1);
  g_assert_cmpstr (road->label, ==, "湛山路");
  g_assert_cmpint (road->klass, ==, 0);
  g_assert_cmpint (gw_map_snapshot_lookup (snapshot, GW_FEATURE_ROAD, 2)->klass, ==, 2);

  open_case = gw_map_snapshot_lookup (snapshot, GW_FEATURE_CASE, 1);
  g_assert_cmpint (open_case->klass, ==, 0);           /* tier A */
  g_assert_cmpint (open_case->flags, ==, 1);           /* overdue */
  g_assert_cmpint (open_case->grid_id, ==, 1);
  open_case = gw_map_snapshot_lookup (snapshot, GW_FEATURE_CASE, 2);
  g_assert_cmpint (open_case->klass, ==, 2);           /* tier C */
  g_assert_cmpint (open_case->flags, ==, 0);
  g_assert_null (gw_map_snapshot_lookup (snapshot, GW_FEATURE_CASE, 3));

  extent = gw_map_snapshot_get_extent (snapshot);
  gw_lonlat_to_mercator (120.369, SOUTH, &x, &y);     /* the road reaches further */
  g_assert_cmpfloat_with_epsilon (extent.min_x, x, 0.01);

  /* A reference keeps it alive past the fixture's unref. */
  gw_map_snapshot_unref (gw_map_snapshot_ref (snapshot));
  g_assert_cmpuint (gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_GRID), ==, 2);
}

typedef struct
{
  guint n;
  gint64 ids[8];
} QueryResult;

static gboolean
query_cb (const GwFeature *feature,
          gpointer         user_data)
{
  QueryResult *result = user_data;

  if (result->n < G_N_ELEMENTS (result->ids))
    result->ids[result->n] = feature->id;
  result->n++;
  return TRUE;
}

static void
test_pick_and_query (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GwMapSnapshot *snapshot = fixture->snapshot;
  const GwFeature *found;
  QueryResult result = { 0 };
  GwBBox box;
  double x, y, x2, y2;

  gw_lonlat_to_mercator (120.371, 36.081, &x, &y);
  found = gw_map_snapshot_pick (snapshot, GW_FEATURE_GRID, x, y);
  g_assert_nonnull (found);
  g_assert_cmpint (found->id, ==, 1);

  gw_lonlat_to_mercator (120.3735, 36.0805, &x, &y);
  found = gw_map_snapshot_pick (snapshot, GW_FEATURE_GRID, x, y);
  g_assert_nonnull (found);
  g_assert_cmpint (found->id, ==, 2);

  gw_lonlat_to_mercator (120.375, 36.081, &x, &y);
  g_assert_null (gw_map_snapshot_pick (snapshot, GW_FEATURE_GRID, x, y));
  gw_lonlat_to_mercator (120.371, 36.0821, &x, &y);
  g_assert_null (gw_map_snapshot_pick (snapshot, GW_FEATURE_GRID, x, y));

  gw_lonlat_to_mercator (120.3714, 36.0806, &x, &y);
  found = gw_map_snapshot_pick (snapshot, GW_FEATURE_BUILDING, x, y);
  g_assert_nonnull (found);
  g_assert_cmpint (found->id, ==, 2);
  gw_lonlat_to_mercator (120.3711, 36.0806, &x, &y);   /* between the two */
  g_assert_null (gw_map_snapshot_pick (snapshot, GW_FEATURE_BUILDING, x, y));

  found = gw_map_snapshot_pick (snapshot, GW_FEATURE_COMMUNITY, x, y);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->label, ==, "湛山社区");

  /* A box over the east half meets grid 2 and, on the shared edge, grid 1. */
  gw_lonlat_to_mercator (120.3725, 36.0805, &x, &y);
  gw_lonlat_to_mercator (120.3735, 36.0815, &x2, &y2);
  box = (GwBBox) { x, y, x2, y2 };
  gw_map_snapshot_query (snapshot, GW_FEATURE_GRID, &box, query_cb, &result);
  g_assert_cmpuint (result.n, ==, 1);
  g_assert_cmpint (result.ids[0], ==, 2);

  result.n = 0;
  box = gw_map_snapshot_get_extent (snapshot);
  gw_map_snapshot_query (snapshot, GW_FEATURE_CASE, &box, query_cb, &result);
  g_assert_cmpuint (result.n, ==, 2);
}

static void
test_many_features_index (void)
{
  /* The index over thousands of features (several tree levels) finds
   * exactly what a brute-force scan finds. Uses a store of its own. */
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-test-index-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "index.sqlite", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr (GwStore) store = NULL;
  g_autoptr (GwMapSnapshot) snapshot = NULL;
  g_autoptr (sqlite3_stmt) insert = NULL;
  GRand *rand = g_rand_new_with_seed (42);
  const guint n = 3000;

  store = gw_store_open (path, GW_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  gw_test_exec_sql (store, "BEGIN");
  gw_test_exec_sql (store, "INSERT INTO streets (id, code, name, district_name) VALUES"
                   " (1, '370202001', 's', 'd');"
                   "INSERT INTO communities (id, street_id, code, name) VALUES"
                   " (1, 1, '370202001001', 'c');"
                   "INSERT INTO grids (id, community_id, code, name) VALUES"
                   " (1, 1, '370202001001001', 'g');"
                   "INSERT INTO lots (id, community_id, grid_id) VALUES (1, 1, 1);");
  insert = gw_store_prepare (store,
                             "INSERT INTO buildings (id, lot_id, geom) VALUES (?, 1,"
                             " CastToMultiPolygon(BuildMbr(?, ?, ?, ?, 4490)))", &error);
  g_assert_no_error (error);
  for (guint i = 1; i <= n; i++)
    {
      double lon = 120.3 + g_rand_double (rand) * 0.1;
      double lat = 36.0 + g_rand_double (rand) * 0.1;
      double size = 0.0001 + g_rand_double (rand) * 0.002;

      sqlite3_reset (insert);
      sqlite3_bind_int (insert, 1, i);
      sqlite3_bind_double (insert, 2, lon);
      sqlite3_bind_double (insert, 3, lat);
      sqlite3_bind_double (insert, 4, lon + size);
      sqlite3_bind_double (insert, 5, lat + size);
      g_assert_cmpint (sqlite3_step (insert), ==, SQLITE_DONE);
    }
  gw_test_exec_sql (store, "COMMIT");

  snapshot = gw_map_snapshot_load (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_BUILDING), ==, n);

  for (int q = 0; q < 200; q++)
    {
      GwBBox all = gw_map_snapshot_get_extent (snapshot);
      double w = (all.max_x - all.min_x) * g_rand_double_range (rand, 0.001, 0.2);
      double x = g_rand_double_range (rand, all.min_x - w, all.max_x);
      double y = g_rand_double_range (rand, all.min_y - w, all.max_y);
      GwBBox box = { x, y, x + w, y + w };
      QueryResult result = { 0 };
      guint expected = 0;

      for (guint i = 0; i < n; i++)
        if (gw_bbox_intersects (&box,
                                &gw_map_snapshot_get_feature (snapshot, GW_FEATURE_BUILDING,
                                                              i)->shape.bbox))
          expected++;
      gw_map_snapshot_query (snapshot, GW_FEATURE_BUILDING, &box, query_cb, &result);
      g_assert_cmpuint (result.n, ==, expected);
    }

  /* Lookup by id over the whole range. */
  for (guint i = 1; i <= n; i += 97)
    g_assert_cmpint (gw_map_snapshot_lookup (snapshot, GW_FEATURE_BUILDING, i)->id, ==, i);

  g_rand_free (rand);
  g_clear_pointer (&snapshot, gw_map_snapshot_unref);
  /* The statement before its connection: a live one keeps it open. */
  g_clear_pointer (&insert, sqlite3_finalize);
  g_clear_object (&store);
  g_remove (path);
  g_remove (wal);
  g_remove (shm);
  g_rmdir (dir);
}

static void
test_grid_boundary_pixels (Fixture       *fixture,
                           gconstpointer  user_data)
{
  const GwStyle *style = gw_style_get_default ();
  g_autoptr (cairo_surface_t) grids_only = NULL;
  g_autoptr (cairo_surface_t) everything = NULL;
  GwRenderView view;
  double mx, my, wx, ey, sx, ny;
  int row, rgba[4];

  make_view (&view, 600, 0.15);
  g_assert_cmpfloat (gw_render_view_zoom (&view), >, 17);
  to_device (&view, MIDDLE, (SOUTH + NORTH) / 2, &mx, &my);
  to_device (&view, WEST, SOUTH, &wx, &sx);
  to_device (&view, EAST, NORTH, &ey, &ny);
  /* Away from the case dots and the labels. */
  to_device (&view, MIDDLE, 36.0807, &mx, &my);
  row = (int) my;

  grids_only = render (fixture->snapshot, &view, GW_LAYER_GRIDS);
  /* The shared edge (x = mx) and the west edge are drawn in grid blue … */
  g_assert_cmpint (best_in_row (grids_only, (int) mx - 1, (int) mx + 1, row, &style->grid_line),
                   <=, 6);
  g_assert_cmpint (best_in_row (grids_only, (int) wx - 1, (int) wx + 1, row, &style->grid_line),
                   <=, 6);
  /* … and the top edge too. */
  g_assert_cmpint (best_in_column (grids_only, (int) ((wx + mx) / 2), (int) ny - 1, (int) ny + 1,
                                   &style->grid_line), <=, 6);
  /* Inside the grids and outside, nothing. */
  pixel (grids_only, (int) ((wx + mx) / 2), row, rgba);
  g_assert_cmpint (rgba[3], ==, 0);
  pixel (grids_only, (int) (wx / 2), row, rgba);
  g_assert_cmpint (rgba[3], ==, 0);

  /* With every layer the boundary is still on top, the inside is a lot, the
   * outside (no community's) in the outside colour. */
  everything = render (fixture->snapshot, &view,
                       GW_LAYER_BASE | GW_LAYER_BUILDINGS | GW_LAYER_COMMUNITIES |
                       GW_LAYER_GRIDS | GW_LAYER_CASES);
  g_assert_cmpint (best_in_row (everything, (int) mx - 1, (int) mx + 1, row, &style->grid_line),
                   <=, 6);
  pixel (everything, (int) ((wx + mx) / 2), (int) (ny + (sx - ny) * 0.15), rgba);
  g_assert_cmpint (colour_distance (rgba, &style->grid_line), >, 60);
  g_assert_cmpint (colour_distance (rgba, &style->lot_fill[0]), <=, 3);
  pixel (everything, (int) (wx / 3), (int) (ny / 2), rgba);
  g_assert_cmpint (colour_distance (rgba, &style->outside), <=, 3);
  g_assert_cmpint (colour_distance (rgba, &style->grid_line), >, 60);
  /* The open-space lot of grid 2 is green, not compound grey. */
  pixel (everything, (int) ((mx + ey) / 2), (int) (ny + (sx - ny) * 0.15), rgba);
  g_assert_cmpint (colour_distance (rgba, &style->lot_fill[3]), <=, 3);
}

static void
test_cases_and_highlight (Fixture       *fixture,
                          gconstpointer  user_data)
{
  const GwStyle *style = gw_style_get_default ();
  g_autoptr (cairo_surface_t) surface = NULL;
  g_autoptr (cairo_t) cr = NULL;
  GwRenderView view;
  double x, y, wx, mx, ny, sy;
  int rgba[4];

  make_view (&view, 600, 0.15);

  /* Tier A is red, tier C blue, the overdue A case has a dark ring. */
  surface = render (fixture->snapshot, &view, GW_LAYER_CASES);
  to_device (&view, 120.3715, 36.0812, &x, &y);
  pixel (surface, (int) x, (int) y, rgba);
  g_assert_cmpint (colour_distance (rgba, &style->case_tier[0]), <=, 3);
  {
    /* Outside the dot and its white rim: the dark overdue ring. */
    double ring = x + gw_style_case_radius (gw_render_view_zoom (&view)) + 1.9;

    g_assert_cmpint (best_in_row (surface, (int) ring - 1, (int) ring + 1, (int) y,
                                  &style->case_overdue), <=, 40);
  }
  to_device (&view, 120.3730, 36.0812, &x, &y);
  pixel (surface, (int) x, (int) y, rgba);
  g_assert_cmpint (colour_distance (rgba, &style->case_tier[2]), <=, 3);
  g_clear_pointer (&surface, cairo_surface_destroy);

  /* The selected grid: a strong outline and a tinted inside; the other
   * grid untouched. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) view.width,
                                        (int) ceil (view.height));
  cr = cairo_create (surface);
  gw_renderer_draw_highlight (fixture->snapshot, cr, &view, GW_FEATURE_GRID, 1, FALSE);
  to_device (&view, WEST, NORTH, &wx, &ny);
  to_device (&view, MIDDLE, SOUTH, &mx, &sy);
  g_assert_cmpint (best_in_row (surface, (int) wx - 1, (int) wx + 1, (int) ((ny + sy) / 2),
                                &style->selection_line), <=, 6);
  pixel (surface, (int) ((wx + mx) / 2), (int) ((ny + sy) / 2), rgba);
  g_assert_cmpint (colour_distance (rgba, &style->selection_fill), <=, 3);
  pixel (surface, (int) (mx + 20), (int) ((ny + sy) / 2), rgba);
  g_assert_cmpint (rgba[3], ==, 0);

  /* An unknown id draws nothing. */
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  gw_renderer_draw_highlight (fixture->snapshot, cr, &view, GW_FEATURE_GRID, 99, FALSE);
  pixel (surface, (int) wx, (int) ((ny + sy) / 2), rgba);
  g_assert_cmpint (rgba[3], ==, 0);
}

/* Buildings whose lot is in no grid (kept by an import, for planners to
 * paint into grids) have a colour of their own, whatever their use; the
 * others keep the colour of their use. */
static void
test_unassigned_buildings (Fixture       *fixture,
                           gconstpointer  user_data)
{
  const GwStyle *style = gw_style_get_default ();
  g_autoptr (cairo_surface_t) before = NULL;
  g_autoptr (cairo_surface_t) after = NULL;
  g_autoptr (GDateTime) now = gw_parse_timestamp ("2026-11-20 10:00:00");
  g_autoptr (GError) error = NULL;
  GwRenderView view;
  double x1, y1, x2, y2;
  int rgba[4];

  make_view (&view, 600, 0.15);
  to_device (&view, 120.37075, 36.08065, &x1, &y1);   /* 1号楼, residential */
  to_device (&view, 120.37140, 36.08065, &x2, &y2);   /* 2号楼, a shop */
  before = render (fixture->snapshot, &view, GW_LAYER_BUILDINGS);
  pixel (before, (int) x1, (int) y1, rgba);
  g_assert_cmpint (colour_distance (rgba, &style->building_fill[0]), <=, 3);
  pixel (before, (int) x2, (int) y2, rgba);
  g_assert_cmpint (colour_distance (rgba, &style->building_fill[1]), <=, 3);

  /* Their lot leaves its grid. */
  gw_test_exec_sql (fixture->store, "UPDATE lots SET grid_id = NULL WHERE id = 1");
  g_clear_pointer (&fixture->snapshot, gw_map_snapshot_unref);
  fixture->snapshot = gw_map_snapshot_load (fixture->store, now, &error);
  g_assert_no_error (error);
  after = render (fixture->snapshot, &view, GW_LAYER_BUILDINGS);
  pixel (after, (int) x1, (int) y1, rgba);
  g_assert_cmpint (colour_distance (rgba, &style->building_fill[GW_STYLE_BUILDING_UNASSIGNED]), <=,
                   3);
  pixel (after, (int) x2, (int) y2, rgba);
  g_assert_cmpint (colour_distance (rgba, &style->building_fill[GW_STYLE_BUILDING_UNASSIGNED]), <=,
                   3);
  g_assert_cmpint (colour_distance (rgba, &style->building_fill[1]), >, 20);
}

static guint
count_ink (cairo_surface_t *surface,
           int              x0,
           int              y0,
           int              x1,
           int              y1)
{
  guint n = 0;

  for (int y = MAX (y0, 0); y < MIN (y1, cairo_image_surface_get_height (surface)); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, cairo_image_surface_get_width (surface)); x++)
      {
        int rgba[4];

        pixel (surface, x, y, rgba);
        if (rgba[3] > 0)
          n++;
      }
  return n;
}

static void
test_labels (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr (cairo_surface_t) surface = NULL;
  g_autoptr (cairo_t) cr = NULL;
  const GwFeature *grid = gw_map_snapshot_lookup (fixture->snapshot, GW_FEATURE_GRID, 2);
  GwRenderView view;
  double x, y, lon, lat;

  make_view (&view, 600, 0.15);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) view.width,
                                        (int) ceil (view.height));
  cr = cairo_create (surface);

  /* Nothing but grid labels: ink around grid 2's label point, none far
   * from every label. */
  gw_renderer_draw_labels (fixture->snapshot, cr, &view, GW_LAYER_GRIDS);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  gw_mercator_to_lonlat (grid->label_point.x, grid->label_point.y, &lon, &lat);
  to_device (&view, lon, lat, &x, &y);
  g_assert_cmpuint (count_ink (surface, (int) x - 40, (int) y - 12, (int) x + 40,
                               (int) y + 12), >, 50);
  to_device (&view, MIDDLE, 36.0803, &x, &y);
  g_assert_cmpuint (count_ink (surface, (int) x - 10, (int) y - 10, (int) x + 10,
                               (int) y + 10), ==, 0);
  if (g_getenv ("GW_TEST_SAVE_PNG") != NULL)
    cairo_surface_write_to_png (surface, "/tmp/gw-test-render-labels.png");

  /* gw_renderer_draw with LABELS draws them too, over the map: the two
   * renderings differ around the label point. */
  {
    g_autoptr (cairo_surface_t) with = render (fixture->snapshot, &view, GW_LAYER_ALL);
    g_autoptr (cairo_surface_t) without = render (fixture->snapshot, &view,
                                                  GW_LAYER_ALL & ~GW_LAYER_LABELS);
    guint differ = 0;

    gw_mercator_to_lonlat (grid->label_point.x, grid->label_point.y, &lon, &lat);
    to_device (&view, lon, lat, &x, &y);
    for (int py = (int) y - 12; py < (int) y + 12; py++)
      for (int px = (int) x - 40; px < (int) x + 40; px++)
        {
          int a[4], b[4];

          pixel (with, px, py, a);
          pixel (without, px, py, b);
          if (a[0] != b[0] || a[1] != b[1] || a[2] != b[2])
            differ++;
        }
    g_assert_cmpuint (differ, >, 50);
  }
}

static void
test_nothing_outside_view (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr (cairo_surface_t) surface = NULL;
  g_autoptr (cairo_t) cr = NULL;
  GwRenderView view;
  const int left = 50, top = 30;
  int rgba[4];

  /* A view much smaller than the data, drawn into the middle of a larger
   * surface painted with a sentinel colour. */
  make_view (&view, 200, -0.3);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300 + left, 300 + top);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 0, 1);
  cairo_paint (cr);
  cairo_translate (cr, left, top);
  gw_renderer_draw (fixture->snapshot, cr, &view, GW_LAYER_ALL);
  gw_renderer_draw_highlight (fixture->snapshot, cr, &view, GW_FEATURE_GRID, 1, FALSE);
  gw_renderer_draw_highlight (fixture->snapshot, cr, &view, GW_FEATURE_CASE, 1, TRUE);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);

  for (int y = 0; y < 300 + top; y++)
    for (int x = 0; x < 300 + left; x++)
      {
        gboolean inside = x >= left && x < left + view.width &&
                          y >= top && y < top + ceil (view.height);

        pixel (surface, x, y, rgba);
        if (!inside)
          {
            g_assert_cmpint (rgba[0], ==, 255);
            g_assert_cmpint (rgba[1], ==, 0);
            g_assert_cmpint (rgba[2], ==, 255);
          }
        else if (x < left + view.width - 1 && y < top + floor (view.height) - 1)
          /* Land or lots everywhere inside: the sentinel is painted over. */
          g_assert_false (rgba[0] == 255 && rgba[1] == 0 && rgba[2] == 255);
      }
}

static void
test_bands_match_direct (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr (cairo_surface_t) banded = NULL;
  g_autoptr (cairo_surface_t) recording = NULL;
  g_autoptr (cairo_surface_t) direct = NULL;
  g_autoptr (cairo_t) cr = NULL;
  GwRenderView view;
  guint differ = 0, inked = 0;
  int width, height;

  /* Over a million pixels on an image surface: drawn in bands on several
   * cores. Through a recording surface: drawn in one piece. */
  make_view (&view, 1400, 0.1);
  view.height = floor (view.height);
  width = (int) view.width;
  height = (int) view.height;
  g_assert_cmpfloat (view.width * view.height, >, 1024 * 1024);

  banded = render (fixture->snapshot, &view, GW_LAYER_ALL & ~GW_LAYER_LABELS);

  recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cr = cairo_create (recording);
  gw_renderer_draw (fixture->snapshot, cr, &view, GW_LAYER_ALL & ~GW_LAYER_LABELS);
  g_clear_pointer (&cr, cairo_destroy);
  direct = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (direct);
  cairo_set_source_surface (cr, recording, 0, 0);
  cairo_paint (cr);

  for (int y = 0; y < height; y += 1)
    for (int x = 0; x < width; x += 1)
      {
        int a[4], b[4];

        pixel (banded, x, y, a);
        pixel (direct, x, y, b);
        if (a[3] > 0)
          inked++;
        if (abs (a[0] - b[0]) > 24 || abs (a[1] - b[1]) > 24 || abs (a[2] - b[2]) > 24 ||
            abs (a[3] - b[3]) > 24)
          differ++;
      }
  /* The whole view is painted (land), and at most a few antialiased edge
   * pixels round differently at band seams. */
  g_assert_cmpuint (inked, ==, (guint) (width * height));
  g_assert_cmpuint (differ, <, 20);
}

static void
test_empty_snapshot (Fixture       *fixture,
                     gconstpointer  user_data)
{
  const GwStyle *style = gw_style_get_default ();
  g_autoptr (cairo_surface_t) surface = NULL;
  GwBBox extent = gw_map_snapshot_get_extent (fixture->snapshot);
  GwRenderView view;
  int rgba[4];

  for (int kind = GW_FEATURE_COMMUNITY; kind <= GW_FEATURE_CASE; kind++)
    g_assert_cmpuint (gw_map_snapshot_get_n_features (fixture->snapshot, kind), ==, 0);
  g_assert_true (gw_bbox_is_empty (&extent));
  g_assert_null (gw_map_snapshot_pick (fixture->snapshot, GW_FEATURE_GRID, 0, 0));

  make_view (&view, 256, 0.1);
  surface = render (fixture->snapshot, &view, GW_LAYER_ALL);
  pixel (surface, 128, 100, rgba);
  g_assert_cmpint (colour_distance (rgba, &style->land), <=, 1);

  /* A degenerate view draws nothing and does not crash. */
  view.width = 0;
  g_clear_pointer (&surface, cairo_surface_destroy);
  view.width = 16;
  view.bbox.max_x = view.bbox.min_x;
  surface = render (fixture->snapshot, &view, GW_LAYER_ALL);
  pixel (surface, 8, 4, rgba);
  g_assert_cmpint (rgba[3], ==, 0);
}

static void
test_tile_views (void)
{
  GwRenderView view;

  g_assert_cmpfloat_with_epsilon (gw_zoom_resolution (0), 156543.03392804097, 1e-6);
  g_assert_cmpfloat_with_epsilon (gw_zoom_resolution (18), 0.5971642834779395, 1e-9);

  gw_render_view_for_tile (&view, 0, 0, 0, 256);
  g_assert_cmpfloat_with_epsilon (view.bbox.min_x, -GW_MERCATOR_HALF_WORLD, 1e-6);
  g_assert_cmpfloat_with_epsilon (view.bbox.max_y, GW_MERCATOR_HALF_WORLD, 1e-6);
  g_assert_cmpfloat_with_epsilon (gw_render_view_zoom (&view), 0, 1e-9);

  /* The z16 tile over Qingdao's Zhanshan (x 54680, y 25721). */
  gw_render_view_for_tile (&view, 16, 54680, 25721, 256);
  g_assert_cmpfloat_with_epsilon (gw_render_view_zoom (&view), 16, 1e-9);
  g_assert_cmpfloat_with_epsilon (view.bbox.max_x - view.bbox.min_x, 256 * gw_zoom_resolution (16),
                                  1e-6);
  {
    double x, y;

    gw_lonlat_to_mercator (120.37, 36.06, &x, &y);
    g_assert_true (gw_bbox_contains_point (&view.bbox, x, y));
  }

  /* A HiDPI tile is the same zoom, drawn with twice the device pixels. */
  gw_render_view_for_tile (&view, 16, 54680, 25721, 512);
  g_assert_cmpfloat_with_epsilon (gw_render_view_zoom (&view), 16, 1e-9);
  g_assert_cmpfloat_with_epsilon (view.px_per_mm, 2 * GW_STYLE_PX_PER_MM_96DPI, 1e-9);
}

/* The fast PNG encoder: what cairo's own decoder reads back is the picture,
 * pixel for pixel, opaque (written as RGB) and with alpha (RGBA); the dpi
 * is in the pHYs chunk; a write into a missing folder fails cleanly. */
static cairo_surface_t *
test_picture (cairo_format_t format)
{
  cairo_surface_t *surface = cairo_image_surface_create (format, 301, 177);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.93, 0.91, 0.87);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.1, 0.3, 0.8);
  cairo_set_line_width (cr, 3);
  cairo_arc (cr, 150, 88, 60, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_set_source_rgba (cr, 0.9, 0.2, 0.1, format == CAIRO_FORMAT_ARGB32 ? 0.0 : 1.0);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_rectangle (cr, 10, 10, 40, 30);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
assert_same_pixels (cairo_surface_t *a,
                    cairo_surface_t *b)
{
  int width = cairo_image_surface_get_width (a), height = cairo_image_surface_get_height (a);

  g_assert_cmpint (cairo_image_surface_get_width (b), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, height);
  for (int y = 0; y < height; y++)
    {
      const guint32 *ra = (const guint32 *) (const void *) (cairo_image_surface_get_data (a)
                                                            + y * cairo_image_surface_get_stride (a));
      const guint32 *rb = (const guint32 *) (const void *) (cairo_image_surface_get_data (b)
                                                            + y * cairo_image_surface_get_stride (b));

      for (int x = 0; x < width; x++)
        {
          guint32 pa = cairo_image_surface_get_format (a) == CAIRO_FORMAT_RGB24
                       ? ra[x] | 0xff000000 : ra[x];

          if (pa != rb[x])
            g_error ("pixel %d,%d: %08x written, %08x read", x, y, pa, rb[x]);
        }
    }
}

static void
test_png_encoder (void)
{
  g_autofree char *dir = gw_test_make_tmp_dir ("gw-test-png");
  g_autofree char *path = g_build_filename (dir, "map.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "no", "such", "map.png", NULL);
  g_autoptr (GError) error = NULL;
  cairo_format_t formats[] = { CAIRO_FORMAT_RGB24, CAIRO_FORMAT_ARGB32 };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      cairo_surface_t *written = test_picture (formats[i]);
      cairo_surface_t *read;
      g_autofree char *contents = NULL;
      gsize len;

      g_assert_true (gw_png_write (written, path, 300, &error));
      g_assert_no_error (error);
      read = cairo_image_surface_create_from_png (path);
      g_assert_cmpint (cairo_surface_status (read), ==, CAIRO_STATUS_SUCCESS);
      assert_same_pixels (written, read);
      /* Colour type 2 (RGB) for an opaque picture, 6 (RGBA) with alpha. */
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_cmpint ((guint8) contents[25], ==, formats[i] == CAIRO_FORMAT_RGB24 ? 2 : 6);
      /* 300 dpi = 11811 pixels per metre, unit 1 (metre). */
      g_assert_nonnull (memmem (contents, len, "pHYs\x00\x00\x2e\x23\x00\x00\x2e\x23\x01", 13));
      cairo_surface_destroy (read);
      cairo_surface_destroy (written);
    }

  {
    cairo_surface_t *surface = test_picture (CAIRO_FORMAT_RGB24);

    g_assert_false (gw_png_write (surface, missing, 0, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, missing));
    cairo_surface_destroy (surface);
  }
  gw_test_remove_tree (dir);
}

/* A shape from rings of (x, y) pairs, device units = mercator metres. */
static GwShape
shape_from_rings (const double * const *rings,
                  const guint          *lengths,
                  guint                 n_rings)
{
  GwShape shape = { 0 };
  guint n = 0;

  for (guint r = 0; r < n_rings; r++)
    n += lengths[r];
  shape.points = g_new (GwPoint, n);
  shape.ring_starts = g_new (guint, n_rings + 1);
  gw_bbox_init_empty (&shape.bbox);
  for (guint r = 0; r < n_rings; r++)
    {
      shape.ring_starts[r] = shape.n_points;
      for (guint i = 0; i < lengths[r]; i++)
        {
          GwPoint p = { rings[r][2 * i], rings[r][2 * i + 1] };

          shape.points[shape.n_points++] = p;
          gw_bbox_extend (&shape.bbox, p.x, p.y);
        }
    }
  shape.ring_starts[n_rings] = shape.n_points;
  shape.n_rings = n_rings;
  return shape;
}

/* Draws @shape filled and outlined on a 96 × 96 picture, whole or clipped
 * to the picture; returns the picture and the number of path points. */
static cairo_surface_t *
draw_shape_picture (const GwShape *shape,
                    gboolean       clipped,
                    guint         *n_points)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 96, 96);
  cairo_t *cr = cairo_create (surface);
  GwBBox bbox = { 0, -96, 96, 0 };
  GwRenderTransform t;
  cairo_path_t *path;

  gw_render_transform_init (&t, &bbox, 0, 0, 96, 96);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_rectangle (cr, 0, 0, 96, 96);
  cairo_clip (cr);
  if (clipped)
    gw_render_append_shape_clipped (cr, &t, shape, GW_RENDER_SHAPE_CLOSED, 0.45, 96, 96, 8);
  else
    gw_render_append_shape (cr, &t, shape, GW_RENDER_SHAPE_CLOSED, 0.45);
  path = cairo_copy_path (cr);
  *n_points = 0;
  for (int i = 0; i < path->num_data; i += path->data[i].header.length)
    *n_points += path->data[i].header.type != CAIRO_PATH_CLOSE_PATH;
  cairo_path_destroy (path);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_source_rgb (cr, 0.2, 0.5, 0.9);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.6, 0.1, 0.1);
  cairo_set_line_width (cr, 3);
  cairo_stroke (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Pixels of @a and @b that differ by more than anti-aliasing's rounding
 * (cairo computes the coverage of an edge cut short from its own, rounded
 * ends: a few levels in 255). */
static guint
pixels_differing (cairo_surface_t *a,
                  cairo_surface_t *b)
{
  int stride = cairo_image_surface_get_stride (a);
  const guint8 *pa = cairo_image_surface_get_data (a), *pb = cairo_image_surface_get_data (b);
  guint n = 0;

  for (int y = 0; y < cairo_image_surface_get_height (a); y++)
    for (int x = 0; x < cairo_image_surface_get_width (a); x++)
      for (int c = 0; c < 3; c++)
        if (abs (pa[y * stride + 4 * x + c] - pb[y * stride + 4 * x + c]) > 10)
          {
            n++;
            break;
          }
  return n;
}

/* Shapes clipped to the view (Sutherland–Hodgman, with a margin) draw the
 * same pixels as drawn whole, with fewer points when most of them lie
 * outside: a concave ring that leaves the view and comes back (the clip
 * runs along the margin between), a ring with a hole, a ring wholly
 * outside, and one wholly inside (drawn as it is). */
static void
test_shapes_clipped (void)
{
  /* A comb: three teeth reaching far below the view, joined far above it,
   * with a wavy edge far to the right (many points, all outside). The
   * teeth lean a little: cairo strokes paths of only level and upright
   * edges another way (boxes), and the clip must not be what turns one
   * into the other. */
  double comb[2 * 64];
  guint n_comb = 0;
  static const double outer[] = { -500, 400, 600, 400, 600, -600, -500, -600 };
  static const double hole[] = { 20, -20, 70, -20, 70, -70, 20, -70 };
  static const double away[] = { 300, -300, 400, -300, 400, -400, 300, -400 };
  static const double inside[] = { 10, -10, 40, -12, 30, -50, 12, -45 };

  {
    static const double teeth[] = { -200, 300, -200, -500, 14, -500, 10, -30, 30, -33, 34, -500,
                                    54, -500, 50, -30, 70, -33, 74, -500, 300, -500 };

    for (guint i = 0; i < G_N_ELEMENTS (teeth); i++)
      comb[n_comb++] = teeth[i];
    /* The wavy right edge, from the bottom up, far outside. */
    for (int k = 0; k < 20; k++)
      {
        comb[n_comb++] = 300 + (k % 2) * 40;
        comb[n_comb++] = -500 + k * 40;
      }
  }

  {
    const double *rings[][2] = { { comb, NULL }, { outer, hole }, { away, NULL }, { inside, NULL } };
    const guint lengths[][2] = { { n_comb / 2, 0 }, { 4, 4 }, { 4, 0 }, { 4, 0 } };
    const guint n_rings[] = { 1, 2, 1, 1 };

    for (guint s = 0; s < G_N_ELEMENTS (n_rings); s++)
      {
        GwShape shape = shape_from_rings (rings[s], lengths[s], n_rings[s]);
        guint whole_points, clipped_points;
        cairo_surface_t *whole = draw_shape_picture (&shape, FALSE, &whole_points);
        cairo_surface_t *clipped = draw_shape_picture (&shape, TRUE, &clipped_points);

        g_test_message ("shape %u: %u points whole, %u clipped", s, whole_points, clipped_points);
        g_assert_cmpuint (pixels_differing (whole, clipped), ==, 0);
        switch (s)
          {
          case 0:
            /* The wavy edge and the teeth's far ends are gone. */
            g_assert_cmpuint (clipped_points, <, whole_points - 15);
            break;
          case 2:
            g_assert_cmpuint (clipped_points, ==, 0);
            break;
          case 3:
            g_assert_cmpuint (clipped_points, ==, whole_points);
            break;
          default:
            break;
          }
        cairo_surface_destroy (whole);
        cairo_surface_destroy (clipped);
        gw_shape_clear (&shape);
      }
  }
}

/* A view of @snapshot's whole extent @width pixels wide. */
static void
whole_view (GwMapSnapshot *snapshot,
            double         width,
            GwRenderView  *view)
{
  GwBBox extent = gw_map_snapshot_get_extent (snapshot);

  view->bbox = extent;
  view->width = width;
  view->height = width * (extent.max_y - extent.min_y) / (extent.max_x - extent.min_x);
  view->px_per_mm = GW_STYLE_PX_PER_MM_96DPI;
}

/* Ink of labels alone (@layers) over @view. */
static cairo_surface_t *
labels_only (GwMapSnapshot      *snapshot,
             const GwRenderView *view,
             GwLayers            layers)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) view->width,
                                                         (int) ceil (view->height));
  cairo_t *cr = cairo_create (surface);

  gw_renderer_draw_labels (snapshot, cr, view, layers);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static gboolean
add_run_length (const GwFeature *run,
                gpointer         user_data)
{
  double *length = user_data;

  for (guint i = 1; i < run->shape.n_points; i++)
    *length += hypot (run->shape.points[i].x - run->shape.points[i - 1].x,
                      run->shape.points[i].y - run->shape.points[i - 1].y);
  return TRUE;
}

/* The length of the streets' outlines (or, @communities, of all community
 * boundaries) in @snapshot. */
static double
outline_length (GwMapSnapshot *snapshot,
                gboolean       communities)
{
  GwBBox extent = gw_map_snapshot_get_extent (snapshot);
  double length = 0;

  if (communities)
    gw_map_snapshot_query_boundaries (snapshot, GW_FEATURE_COMMUNITY, &extent, add_run_length,
                                      &length);
  else
    gw_map_snapshot_query_street_boundaries (snapshot, &extent, add_run_length, &length);
  return length;
}

/* A district's file, as a street office's supervisor zooms out over it:
 * the snapshot knows its streets (name, district, where their communities
 * are, their outlines) and gives neighbouring communities different
 * colours; zoomed out,
 * the map names the streets and leaves the grid codes for closer zooms. */
static void
test_streets_and_community_colours (void)
{
  g_autofree char *dir = gw_test_make_tmp_dir ("render-streets");
  g_autofree char *path = g_build_filename (dir, "two-streets.sqlite", NULL);
  g_autoptr (GDateTime) today = g_date_time_new (gw_china_time_zone (), 2026, 11, 20, 18, 0, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = NULL;
  g_autoptr (GwMapSnapshot) snapshot = NULL;
  guint n_communities, n_streets = 0;
  double one_street;
  GwRenderView view;

  g_assert_true (gw_demo_generate (path, GW_DEMO_SCALE_STREET, 7, today, NULL, NULL, &error));
  g_assert_no_error (error);
  store = gw_store_open (path, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  /* One street: its outline is its edge, a part of all community lines. */
  snapshot = gw_map_snapshot_load (store, today, &error);
  g_assert_no_error (error);
  one_street = outline_length (snapshot, FALSE);
  g_assert_cmpfloat (one_street, >, 0);
  g_assert_cmpfloat (one_street, <, outline_length (snapshot, TRUE));
  g_clear_pointer (&snapshot, gw_map_snapshot_unref);

  gw_test_exec_sql (store, "INSERT INTO streets (id, code, name, district_name) "
                           "VALUES (2, '370203099', '第二街道', '市北区')");
  gw_test_exec_sql (store, "UPDATE communities SET street_id = 2 WHERE id > 3");
  snapshot = gw_map_snapshot_load (store, today, &error);
  g_assert_no_error (error);
  /* Two: the border between them too, still not every community line. */
  g_assert_cmpfloat (outline_length (snapshot, FALSE), >, one_street + 100);
  g_assert_cmpfloat (outline_length (snapshot, FALSE), <, outline_length (snapshot, TRUE));

  /* Both streets, each with its communities and a name inside one. */
  n_communities = gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_COMMUNITY);
  for (guint i = 0; i < gw_map_snapshot_get_n_streets (snapshot); i++)
    {
      const GwMapStreet *street = gw_map_snapshot_get_street (snapshot, i);
      guint mine = 0;
      gboolean inside = FALSE;

      g_assert_cmpstr (street->district_name, ==, "市北区");
      for (guint c = 0; c < n_communities; c++)
        {
          const GwFeature *community = gw_map_snapshot_get_feature (snapshot,
                                                                    GW_FEATURE_COMMUNITY, c);

          if (community->parent_id != street->id)
            continue;
          mine++;
          g_assert_cmpfloat (community->shape.bbox.min_x, >=, street->extent.min_x);
          g_assert_cmpfloat (community->shape.bbox.max_y, <=, street->extent.max_y);
          inside |= gw_shape_contains (&community->shape, street->label_point.x,
                                       street->label_point.y);
        }
      g_assert_cmpuint (street->n_communities, ==, mine);
      g_assert_cmpuint (mine, >, 0);
      g_assert_true (inside);
      n_streets++;
    }
  g_assert_cmpuint (n_streets, ==, 2);
  g_assert_cmpstr (gw_map_snapshot_get_street (snapshot, 1)->name, ==, "第二街道");

  /* Communities whose boxes touch have different colours. */
  for (guint i = 0; i < n_communities; i++)
    for (guint j = i + 1; j < n_communities; j++)
      {
        const GwFeature *a = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_COMMUNITY, i);
        const GwFeature *b = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_COMMUNITY, j);
        GwBBox grown = a->shape.bbox;

        g_assert_cmpint (a->klass, >=, 0);
        g_assert_cmpint (a->klass, <, GW_COMMUNITY_COLOURS);
        grown.min_x -= 5;
        grown.min_y -= 5;
        grown.max_x += 5;
        grown.max_y += 5;
        if (gw_bbox_intersects (&grown, &b->shape.bbox))
          g_assert_cmpint (a->klass, !=, b->klass);
      }

  /* Zoomed out: each street's name where it says, no grid codes. */
  whole_view (snapshot, 170, &view);
  g_assert_cmpfloat (gw_render_view_zoom (&view), <, GW_STYLE_GRID_LABEL_ZOOM);
  {
    g_autoptr (cairo_surface_t) names = labels_only (snapshot, &view, GW_LAYER_COMMUNITIES);
    g_autoptr (cairo_surface_t) codes = labels_only (snapshot, &view, GW_LAYER_GRIDS);

    for (guint i = 0; i < n_streets; i++)
      {
        const GwMapStreet *street = gw_map_snapshot_get_street (snapshot, i);
        double x = (street->label_point.x - view.bbox.min_x) / (view.bbox.max_x - view.bbox.min_x)
                   * view.width;
        double y = (view.bbox.max_y - street->label_point.y) / (view.bbox.max_y - view.bbox.min_y)
                   * view.height;

        g_assert_cmpuint (count_ink (names, (int) x - 30, (int) y - 8, (int) x + 30,
                                     (int) y + 8), >, 50);
      }
    g_assert_cmpuint (count_ink (codes, 0, 0, (int) view.width, (int) view.height), ==, 0);
  }
  /* Closer, the grids' codes. */
  whole_view (snapshot, 1400, &view);
  g_assert_cmpfloat (gw_render_view_zoom (&view), >=, GW_STYLE_GRID_LABEL_ZOOM);
  {
    g_autoptr (cairo_surface_t) codes = labels_only (snapshot, &view, GW_LAYER_GRIDS);

    g_assert_cmpuint (count_ink (codes, 0, 0, (int) view.width, (int) view.height), >, 1000);
  }
  g_clear_pointer (&snapshot, gw_map_snapshot_unref);
  g_clear_object (&store);
  gw_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/render/snapshot/contents", Fixture, NULL,
              fixture_set_up, test_snapshot_contents, fixture_tear_down);
  g_test_add ("/render/snapshot/pick", Fixture, NULL,
              fixture_set_up, test_pick_and_query, fixture_tear_down);
  g_test_add_func ("/render/snapshot/index", test_many_features_index);
  g_test_add ("/render/draw/grid-boundary", Fixture, NULL,
              fixture_set_up, test_grid_boundary_pixels, fixture_tear_down);
  g_test_add ("/render/draw/cases-and-highlight", Fixture, NULL,
              fixture_set_up, test_cases_and_highlight, fixture_tear_down);
  g_test_add ("/render/draw/unassigned-buildings", Fixture, NULL,
              fixture_set_up, test_unassigned_buildings, fixture_tear_down);
  g_test_add ("/render/draw/labels", Fixture, NULL,
              fixture_set_up, test_labels, fixture_tear_down);
  g_test_add ("/render/draw/clipped-to-view", Fixture, NULL,
              fixture_set_up, test_nothing_outside_view, fixture_tear_down);
  g_test_add ("/render/draw/bands", Fixture, NULL,
              fixture_set_up, test_bands_match_direct, fixture_tear_down);
  g_test_add ("/render/draw/empty", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_empty_snapshot, fixture_tear_down);
  g_test_add_func ("/render/shape/clipped", test_shapes_clipped);
  g_test_add_func ("/render/snapshot/streets-and-colours", test_streets_and_community_colours);
  g_test_add_func ("/render/view/tiles", test_tile_views);
  g_test_add_func ("/render/png-encoder", test_png_encoder);

  return g_test_run ();
}
