/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-geometry"

#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <spatialite.h>
#include <string.h>

#include "gw-box-index.h"
#include "gw-geometry.h"
#include "gw-wkb.h"

static void
test_mercator_known (void)
{
  double x, y, lon, lat;

  /* Qingdao, Shinan district; reference values from PROJ
   * (cs2cs EPSG:4326 EPSG:3857). */
  gw_lonlat_to_mercator (120.37, 36.08, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 13399527.1068, 0.001);
  g_assert_cmpfloat_with_epsilon (y, 4311634.8395, 0.001);

  gw_lonlat_to_mercator (0, 0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 0, 1e-6);
  g_assert_cmpfloat_with_epsilon (y, 0, 1e-6);

  /* The corner of the Web Mercator square. */
  gw_lonlat_to_mercator (180, 85.05112877980659, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, GW_MERCATOR_HALF_WORLD, 1e-3);
  g_assert_cmpfloat_with_epsilon (y, GW_MERCATOR_HALF_WORLD, 1e-3);

  gw_mercator_to_lonlat (13399527.1068, 4311634.8395, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, 120.37, 1e-8);
  g_assert_cmpfloat_with_epsilon (lat, 36.08, 1e-8);
}

static void
test_mercator_round_trip (void)
{
  for (double lat = -80; lat <= 80; lat += 7.3)
    for (double lon = -179; lon <= 179; lon += 13.7)
      {
        double x, y, lon2, lat2;

        gw_lonlat_to_mercator (lon, lat, &x, &y);
        gw_mercator_to_lonlat (x, y, &lon2, &lat2);
        g_assert_cmpfloat_with_epsilon (lon2, lon, 1e-9);
        g_assert_cmpfloat_with_epsilon (lat2, lat, 1e-9);
      }
}

static void
test_bbox (void)
{
  GwBBox a, b, c;

  gw_bbox_init_empty (&a);
  g_assert_true (gw_bbox_is_empty (&a));
  gw_bbox_extend (&a, 1, 2);
  g_assert_false (gw_bbox_is_empty (&a));
  gw_bbox_extend (&a, 3, -1);
  g_assert_cmpfloat (a.min_x, ==, 1);
  g_assert_cmpfloat (a.max_x, ==, 3);
  g_assert_cmpfloat (a.min_y, ==, -1);
  g_assert_cmpfloat (a.max_y, ==, 2);
  g_assert_true (gw_bbox_contains_point (&a, 2, 0));
  g_assert_false (gw_bbox_contains_point (&a, 0, 0));

  b = (GwBBox) { 3, 2, 5, 5 };   /* touches a's corner */
  g_assert_true (gw_bbox_intersects (&a, &b));
  c = (GwBBox) { 3.1, 0, 5, 5 };
  g_assert_false (gw_bbox_intersects (&a, &c));

  gw_bbox_union (&a, &c);
  g_assert_cmpfloat (a.max_x, ==, 5);
  g_assert_cmpfloat (a.max_y, ==, 5);

  gw_bbox_init_empty (&b);
  gw_bbox_union (&a, &b);   /* an empty box changes nothing */
  g_assert_cmpfloat (a.min_x, ==, 1);
}

/* Builds a shape from rings given as flat x,y lists; the GwShape owns
 * g_malloc'ed arrays so gw_shape_clear works on it. */
static void
make_shape (GwShape        *shape,
            const double  **rings,
            const guint    *ring_sizes,
            guint           n_rings)
{
  guint total = 0, k = 0;

  for (guint r = 0; r < n_rings; r++)
    total += ring_sizes[r];

  shape->points = g_new (GwPoint, total);
  shape->ring_starts = g_new (guint, n_rings + 1);
  shape->n_points = total;
  shape->n_rings = n_rings;
  gw_bbox_init_empty (&shape->bbox);
  for (guint r = 0; r < n_rings; r++)
    {
      shape->ring_starts[r] = k;
      for (guint i = 0; i < ring_sizes[r]; i++, k++)
        {
          shape->points[k].x = rings[r][2 * i];
          shape->points[k].y = rings[r][2 * i + 1];
          gw_bbox_extend (&shape->bbox, shape->points[k].x, shape->points[k].y);
        }
    }
  shape->ring_starts[n_rings] = k;
}

static void
test_contains_hole (void)
{
  static const double outer[] = { 0, 0, 10, 0, 10, 10, 0, 10, 0, 0 };
  static const double hole[] = { 3, 3, 3, 7, 7, 7, 7, 3, 3, 3 };
  const double *rings[] = { outer, hole };
  guint sizes[] = { 5, 5 };
  GwShape shape;

  make_shape (&shape, rings, sizes, 2);
  g_assert_true (gw_shape_contains (&shape, 1, 1));
  g_assert_true (gw_shape_contains (&shape, 9, 5));
  g_assert_false (gw_shape_contains (&shape, 5, 5));     /* in the hole */
  g_assert_false (gw_shape_contains (&shape, 11, 5));    /* outside */
  g_assert_false (gw_shape_contains (&shape, -0.5, 5));
  gw_shape_clear (&shape);
  g_assert_cmpuint (shape.n_rings, ==, 0);
  g_assert_null (shape.points);
}

static void
test_contains_multipolygon (void)
{
  /* Two squares, the second with an island inside its hole. */
  static const double a[] = { 0, 0, 4, 0, 4, 4, 0, 4 };           /* open ring */
  static const double b[] = { 10, 0, 20, 0, 20, 10, 10, 10, 10, 0 };
  static const double b_hole[] = { 12, 2, 18, 2, 18, 8, 12, 8, 12, 2 };
  static const double island[] = { 14, 4, 16, 4, 16, 6, 14, 6, 14, 4 };
  const double *rings[] = { a, b, b_hole, island };
  guint sizes[] = { 4, 5, 5, 5 };
  GwShape shape;

  make_shape (&shape, rings, sizes, 4);
  g_assert_true (gw_shape_contains (&shape, 2, 2));
  g_assert_false (gw_shape_contains (&shape, 7, 2));     /* between the parts */
  g_assert_true (gw_shape_contains (&shape, 11, 1));
  g_assert_false (gw_shape_contains (&shape, 13, 5));    /* in the hole */
  g_assert_true (gw_shape_contains (&shape, 15, 5));     /* on the island */
  gw_shape_clear (&shape);
}

static void
test_label_point_concave (void)
{
  /* A U: the centroid (5, ~4.2) lies in the notch, outside the shape. */
  static const double u[] = {
    0, 0, 10, 0, 10, 10, 7, 10, 7, 3, 3, 3, 3, 10, 0, 10, 0, 0,
  };
  static const double square[] = { 0, 0, 4, 0, 4, 4, 0, 4, 0, 0 };
  const double *rings[] = { u };
  const double *square_rings[] = { square };
  guint sizes[] = { 9 };
  guint square_sizes[] = { 5 };
  GwShape shape, box;
  GwPoint p;

  make_shape (&shape, rings, sizes, 1);
  g_assert_false (gw_shape_contains (&shape, 5, 4.2));
  p = gw_shape_label_point (&shape);
  g_assert_true (gw_shape_contains (&shape, p.x, p.y));
  p = gw_shape_pole_of_inaccessibility (&shape, 0.01);
  g_assert_true (gw_shape_contains (&shape, p.x, p.y));
  /* The widest part of the U is its bottom bar or a foot, 1.5 from the
   * outline at best. */
  g_assert_cmpfloat (p.y, <, 10);
  g_assert_cmpfloat (fabs (gw_shape_ring_area (&shape, 0)), ==, 100 - 4 * 7);
  gw_shape_clear (&shape);

  /* A convex shape is labelled at its centroid. */
  make_shape (&box, square_rings, square_sizes, 1);
  p = gw_shape_label_point (&box);
  g_assert_cmpfloat_with_epsilon (p.x, 2, 1e-9);
  g_assert_cmpfloat_with_epsilon (p.y, 2, 1e-9);
  p = gw_shape_pole_of_inaccessibility (&box, 0.001);
  g_assert_cmpfloat_with_epsilon (p.x, 2, 0.01);
  g_assert_cmpfloat_with_epsilon (p.y, 2, 0.01);
  gw_shape_clear (&box);
}

static void
test_wkb_multipolygon (void)
{
  g_autoptr (GwWkbBuilder) builder = gw_wkb_builder_new ();
  GwPoint outer[] = { { 120.0, 36.0 }, { 120.01, 36.0 }, { 120.01, 36.01 }, { 120.0, 36.01 } };
  GwPoint hole[] = { { 120.002, 36.002 }, { 120.002, 36.004 }, { 120.004, 36.004 },
                     { 120.004, 36.002 }, { 120.002, 36.002 } };
  GwPoint second[] = { { 120.02, 36.0 }, { 120.03, 36.0 }, { 120.03, 36.01 } };
  const guint8 *data;
  gsize len;
  GwShape shape;
  double x, y;

  gw_wkb_builder_begin_multipolygon (builder);
  gw_wkb_builder_begin_polygon (builder);
  gw_wkb_builder_add_ring (builder, outer, G_N_ELEMENTS (outer));
  gw_wkb_builder_add_ring (builder, hole, G_N_ELEMENTS (hole));
  gw_wkb_builder_begin_polygon (builder);
  gw_wkb_builder_add_ring (builder, second, G_N_ELEMENTS (second));
  data = gw_wkb_builder_get_data (builder, &len);

  /* 1+4+4, then (1+4+4 + (4+5*16) + (4+5*16)), then (1+4+4 + 4+4*16). */
  g_assert_cmpuint (len, ==, 9 + 9 + 84 + 84 + 9 + 68);

  g_assert_true (gw_wkb_read_shape (data, len, FALSE, &shape));
  g_assert_cmpuint (shape.n_rings, ==, 3);
  /* Open rings come back closed. */
  g_assert_cmpuint (shape.n_points, ==, 5 + 5 + 4);
  g_assert_cmpuint (shape.ring_starts[1], ==, 5);
  g_assert_cmpuint (shape.ring_starts[2], ==, 10);
  g_assert_cmpuint (shape.ring_starts[3], ==, 14);
  g_assert_cmpfloat (shape.points[4].x, ==, 120.0);
  g_assert_cmpfloat (shape.points[12].x, ==, 120.03);
  g_assert_cmpfloat (shape.bbox.min_x, ==, 120.0);
  g_assert_cmpfloat (shape.bbox.max_x, ==, 120.03);
  g_assert_cmpfloat (shape.bbox.max_y, ==, 36.01);
  g_assert_true (gw_shape_contains (&shape, 120.001, 36.001));
  g_assert_false (gw_shape_contains (&shape, 120.003, 36.003));
  g_assert_true (gw_shape_contains (&shape, 120.029, 36.001));
  gw_shape_clear (&shape);

  /* Projected on the way in. */
  g_assert_true (gw_wkb_read_shape (data, len, TRUE, &shape));
  gw_lonlat_to_mercator (120.01, 36.01, &x, &y);
  g_assert_cmpfloat_with_epsilon (shape.points[2].x, x, 1e-6);
  g_assert_cmpfloat_with_epsilon (shape.points[2].y, y, 1e-6);
  gw_shape_clear (&shape);
}

static void
test_wkb_lines_and_point (void)
{
  g_autoptr (GwWkbBuilder) builder = gw_wkb_builder_new ();
  GwPoint road1[] = { { 1, 2 }, { 3, 4 }, { 5, 4 } };
  GwPoint road2[] = { { 0, 0 }, { 0, 9 } };
  const guint8 *data;
  gsize len;
  GwShape shape;

  gw_wkb_builder_begin_multilinestring (builder);
  gw_wkb_builder_add_linestring (builder, road1, 3);
  gw_wkb_builder_add_linestring (builder, road2, 2);
  data = gw_wkb_builder_get_data (builder, &len);
  g_assert_true (gw_wkb_read_shape (data, len, FALSE, &shape));
  g_assert_cmpuint (shape.n_rings, ==, 2);
  g_assert_cmpuint (shape.n_points, ==, 5);   /* lines are not closed */
  g_assert_cmpfloat (shape.points[2].x, ==, 5);
  g_assert_cmpfloat (shape.points[4].y, ==, 9);
  gw_shape_clear (&shape);

  /* A new geometry replaces the old one. */
  gw_wkb_builder_point (builder, 120.5, 36.25);
  data = gw_wkb_builder_get_data (builder, &len);
  g_assert_cmpuint (len, ==, 21);
  g_assert_true (gw_wkb_read_shape (data, len, FALSE, &shape));
  g_assert_cmpuint (shape.n_rings, ==, 1);
  g_assert_cmpuint (shape.n_points, ==, 1);
  g_assert_cmpfloat (shape.points[0].x, ==, 120.5);
  g_assert_cmpfloat (shape.points[0].y, ==, 36.25);
  gw_shape_clear (&shape);
}

static void
test_wkb_big_endian_and_z (void)
{
  /* POINT (1 2) in XDR, and POINT Z (3 4 5) in ISO little endian. */
  static const guint8 xdr_point[] = {
    0x00, 0x00, 0x00, 0x00, 0x01,
    0x3f, 0xf0, 0, 0, 0, 0, 0, 0,
    0x40, 0x00, 0, 0, 0, 0, 0, 0,
  };
  static const guint8 iso_z_point[] = {
    0x01, 0xe9, 0x03, 0x00, 0x00,
    0, 0, 0, 0, 0, 0, 0x08, 0x40,
    0, 0, 0, 0, 0, 0, 0x10, 0x40,
    0, 0, 0, 0, 0, 0, 0x14, 0x40,
  };
  GwShape shape;

  g_assert_true (gw_wkb_read_shape (xdr_point, sizeof xdr_point, FALSE, &shape));
  g_assert_cmpfloat (shape.points[0].x, ==, 1);
  g_assert_cmpfloat (shape.points[0].y, ==, 2);
  gw_shape_clear (&shape);

  g_assert_true (gw_wkb_read_shape (iso_z_point, sizeof iso_z_point, FALSE, &shape));
  g_assert_cmpfloat (shape.points[0].x, ==, 3);
  g_assert_cmpfloat (shape.points[0].y, ==, 4);
  gw_shape_clear (&shape);

  /* The Z point read as 2D would be too long by 8 bytes: a truncated
   * variant must fail. */
  g_assert_false (gw_wkb_read_shape (iso_z_point, sizeof iso_z_point - 1, FALSE, &shape));
}

static void
test_wkb_malformed (void)
{
  g_autoptr (GwWkbBuilder) builder = gw_wkb_builder_new ();
  GwPoint ring[] = { { 0, 0 }, { 1, 0 }, { 1, 1 }, { 0, 1 } };
  static const guint8 unknown_type[] = { 0x01, 0x63, 0x00, 0x00, 0x00, 0, 0, 0, 0 };
  static const guint8 bad_order[] = { 0x07, 0x01, 0x00, 0x00, 0x00 };
  /* A polygon claiming 2^31 rings. */
  static const guint8 huge_count[] = { 0x01, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80 };
  const guint8 *data;
  gsize len;
  GwShape shape;

  gw_wkb_builder_begin_multipolygon (builder);
  gw_wkb_builder_begin_polygon (builder);
  gw_wkb_builder_add_ring (builder, ring, 4);
  data = gw_wkb_builder_get_data (builder, &len);

  g_assert_true (gw_wkb_read_shape (data, len, FALSE, &shape));
  gw_shape_clear (&shape);
  /* Every truncation is refused and leaves nothing allocated. */
  for (gsize cut = 0; cut < len; cut++)
    {
      g_assert_false (gw_wkb_read_shape (data, cut, FALSE, &shape));
      g_assert_null (shape.points);
      g_assert_cmpuint (shape.n_rings, ==, 0);
    }

  g_assert_false (gw_wkb_read_shape (unknown_type, sizeof unknown_type, FALSE, &shape));
  g_assert_false (gw_wkb_read_shape (bad_order, sizeof bad_order, FALSE, &shape));
  g_assert_false (gw_wkb_read_shape (huge_count, sizeof huge_count, FALSE, &shape));
  g_assert_false (gw_wkb_read_shape (NULL, 0, FALSE, &shape));
}

static double
spatialite_area (const GwPoint *ring,
                 guint          n)
{
  g_autoptr (GString) wkt = g_string_new ("POLYGON((");
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  void *cache;
  double area = -1;

  for (guint i = 0; i <= n; i++)
    g_string_append_printf (wkt, "%s%.9f %.9f", i ? ", " : "", ring[i % n].x, ring[i % n].y);
  g_string_append (wkt, "))");

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  cache = spatialite_alloc_connection ();
  spatialite_init_ex (db, cache, 0);
  /* The ellipsoid comes from the SRID's definition in spatial_ref_sys. */
  g_assert_cmpint (sqlite3_exec (db, "SELECT InitSpatialMetadata(1)", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT ST_Area(GeomFromText(?, 4326), 1)", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_bind_text (stmt, 1, wkt->str, -1, SQLITE_TRANSIENT), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    area = sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  spatialite_cleanup_ex (cache);
  return area;
}

static void
test_area (void)
{
  /* ~100 m × 100 m at Qingdao: metres per degree from the ellipsoid's radii
   * of curvature at 36.08° (M = 6,356,1xx·…, N·cos φ). */
  double lat = 36.08 * G_PI / 180.0;
  double a = 6378137.0, e2 = 0.00669438002290;
  double w = 1 - e2 * sin (lat) * sin (lat);
  double m_per_deg_lat = G_PI / 180.0 * a * (1 - e2) / pow (w, 1.5);
  double m_per_deg_lon = G_PI / 180.0 * a / sqrt (w) * cos (lat);
  double dlon = 100.0 / m_per_deg_lon, dlat = 100.0 / m_per_deg_lat;
  GwPoint square[] = {
    { 120.37, 36.08 - dlat / 2 }, { 120.37 + dlon, 36.08 - dlat / 2 },
    { 120.37 + dlon, 36.08 + dlat / 2 }, { 120.37, 36.08 + dlat / 2 },
  };
  GwPoint closed[5];
  GwPoint odd[] = {
    { 120.37, 36.08 }, { 120.3755, 36.0791 }, { 120.3781, 36.0842 },
    { 120.3722, 36.0863 }, { 120.3740, 36.0820 },
  };
  double area, reference;

  area = gw_lonlat_polygon_area_m2 (square, 4);
  g_assert_cmpfloat (fabs (area - 10000.0) / 10000.0, <, 0.005);
  /* Orientation and an explicit closing point do not matter. */
  for (int i = 0; i < 4; i++)
    closed[i] = square[3 - i];
  closed[4] = closed[0];
  g_assert_cmpfloat_with_epsilon (gw_lonlat_polygon_area_m2 (closed, 5), area, 1e-6);

  g_assert_cmpfloat (gw_lonlat_polygon_area_m2 (square, 2), ==, 0);

  /* SpatiaLite's geodesic area on the ellipsoid, when this build has it. */
  reference = spatialite_area (odd, G_N_ELEMENTS (odd));
  if (reference > 0)
    g_test_message ("area %.4f m², SpatiaLite %.4f m²",
                    gw_lonlat_polygon_area_m2 (odd, G_N_ELEMENTS (odd)), reference);
  if (reference > 0)
    g_assert_cmpfloat (fabs (gw_lonlat_polygon_area_m2 (odd, G_N_ELEMENTS (odd)) - reference)
                       / reference, <, 0.0001);
  else
    g_test_message ("ST_Area(geom, 1) unavailable; checked the square only");
}

/* The one spatial index answers exactly what a scan of every box answers,
 * for boxes of mixed sizes, overlapping and touching, and for queries
 * inside, across and outside them; a query stops when told to. */
typedef struct
{
  guint  *hits;
  guint   n_hits;
  guint   stop_after;
} IndexHits;

static gboolean
collect_hit (guint    item,
             gpointer user_data)
{
  IndexHits *hits = user_data;

  hits->hits[hits->n_hits++] = item;
  return hits->stop_after == 0 || hits->n_hits < hits->stop_after;
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  return (*(const guint *) a > *(const guint *) b) - (*(const guint *) a < *(const guint *) b);
}

static void
test_box_index (void)
{
  const guint n = 5000;
  g_autofree GwBBox *boxes = g_new (GwBBox, n);
  g_autofree guint *hits = g_new (guint, n);
  g_autoptr (GRand) rand = g_rand_new_with_seed (11643);
  g_autoptr (GwBoxIndex) index = NULL;
  g_autoptr (GwBoxIndex) empty = gw_box_index_new (NULL, 0, sizeof (GwBBox));
  GwBBox extent, all;

  gw_bbox_init_empty (&all);
  for (guint i = 0; i < n; i++)
    {
      double x = g_rand_double_range (rand, 0, 1000), y = g_rand_double_range (rand, 0, 1000);
      double size = i % 50 == 0 ? 200 : g_rand_double_range (rand, 0, 8);

      boxes[i] = (GwBBox) { x, y, x + size, y + size * 0.7 };
      gw_bbox_union (&all, &boxes[i]);
    }
  index = gw_box_index_new (boxes, n, sizeof (GwBBox));
  g_assert_cmpuint (gw_box_index_get_size (index), ==, n);
  gw_box_index_get_extent (index, &extent);
  g_assert_cmpfloat (extent.min_x, ==, all.min_x);
  g_assert_cmpfloat (extent.max_y, ==, all.max_y);

  for (guint q = 0; q < 300; q++)
    {
      double x = g_rand_double_range (rand, -100, 1100), y = g_rand_double_range (rand, -100, 1100);
      double size = q % 3 == 0 ? 0 : g_rand_double_range (rand, 0, 120);
      GwBBox query = { x, y, x + size, y + size };
      IndexHits found = { hits, 0, 0 };
      guint expected = 0, k = 0;

      g_assert_true (gw_box_index_query (index, &query, collect_hit, &found));
      qsort (hits, found.n_hits, sizeof (guint), compare_guint);
      for (guint i = 0; i < n; i++)
        if (gw_bbox_intersects (&query, &boxes[i]))
          {
            g_assert_cmpuint (k, <, found.n_hits);
            g_assert_cmpuint (hits[k++], ==, i);
            expected++;
          }
      g_assert_cmpuint (found.n_hits, ==, expected);
    }

  {
    IndexHits stopped = { hits, 0, 3 };

    g_assert_false (gw_box_index_query (index, &all, collect_hit, &stopped));
    g_assert_cmpuint (stopped.n_hits, ==, 3);
  }

  {
    IndexHits none = { hits, 0, 0 };

    g_assert_true (gw_box_index_query (empty, &all, collect_hit, &none));
    g_assert_cmpuint (none.n_hits, ==, 0);
    gw_box_index_get_extent (empty, &extent);
    g_assert_true (gw_bbox_is_empty (&extent));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/geometry/mercator/known", test_mercator_known);
  g_test_add_func ("/geometry/mercator/round-trip", test_mercator_round_trip);
  g_test_add_func ("/geometry/bbox", test_bbox);
  g_test_add_func ("/geometry/contains/hole", test_contains_hole);
  g_test_add_func ("/geometry/contains/multipolygon", test_contains_multipolygon);
  g_test_add_func ("/geometry/label-point/concave", test_label_point_concave);
  g_test_add_func ("/geometry/wkb/multipolygon", test_wkb_multipolygon);
  g_test_add_func ("/geometry/wkb/lines-and-point", test_wkb_lines_and_point);
  g_test_add_func ("/geometry/wkb/big-endian-and-z", test_wkb_big_endian_and_z);
  g_test_add_func ("/geometry/wkb/malformed", test_wkb_malformed);
  g_test_add_func ("/geometry/area", test_area);
  g_test_add_func ("/geometry/box-index", test_box_index);

  return g_test_run ();
}
