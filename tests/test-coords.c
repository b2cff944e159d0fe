/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-test"

#include "config.h"

#include <math.h>

#include "gw-coords.h"

/* Published vectors: the eviltransform test points (WGS84 → GCJ-02) and the
 * examples of the coordtransform README (wandergis), which every other
 * implementation of the public algorithm reproduces. */
static const struct
{
  double wgs_lat, wgs_lon, gcj_lat, gcj_lon;
} eviltransform[] = {
  { 31.1774276, 121.5272106, 31.17530398364597, 121.531541859215 },   /* Shanghai */
  { 22.543847, 113.912316, 22.540796131694766, 113.9171764808363 },   /* Shenzhen */
  { 39.911954, 116.377817, 39.91334545536069, 116.38404722455657 },   /* Beijing */
};

static void
test_gcj02_published (void)
{
  double lon, lat;

  for (guint i = 0; i < G_N_ELEMENTS (eviltransform); i++)
    {
      gw_coords_wgs84_to_gcj02 (eviltransform[i].wgs_lon, eviltransform[i].wgs_lat, &lon, &lat);
      g_assert_cmpfloat_with_epsilon (lon, eviltransform[i].gcj_lon, 1e-9);
      g_assert_cmpfloat_with_epsilon (lat, eviltransform[i].gcj_lat, 1e-9);
    }

  /* coordtransform README: wgs84togcj02 (116.404, 39.915) */
  gw_coords_wgs84_to_gcj02 (116.404, 39.915, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, 116.41024449916938, 1e-9);
  g_assert_cmpfloat_with_epsilon (lat, 39.91640428150164, 1e-9);
}

static void
test_bd09_published (void)
{
  double lon, lat;

  /* coordtransform README: gcj02tobd09 and bd09togcj02 of (116.404, 39.915) */
  gw_coords_gcj02_to_bd09 (116.404, 39.915, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, 116.41036949371029, 1e-9);
  g_assert_cmpfloat_with_epsilon (lat, 39.92133699351021, 1e-9);
  gw_coords_bd09_to_gcj02 (116.404, 39.915, &lon, &lat);
  g_assert_cmpfloat_with_epsilon (lon, 116.39762729119315, 1e-9);
  g_assert_cmpfloat_with_epsilon (lat, 39.90865673957631, 1e-9);
}

static void
test_round_trip (void)
{
  /* Beijing, Qingdao (seed street), Shenzhen, Urumqi. */
  static const double points[][2] = {
    { 116.391305, 39.907333 }, { 120.3826, 36.0671 }, { 113.9123, 22.5438 }, { 87.6168, 43.8256 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      double glon, glat, blon, blat, lon, lat, offset;

      gw_coords_wgs84_to_gcj02 (points[i][0], points[i][1], &glon, &glat);
      offset = gw_coords_distance_m (points[i][0], points[i][1], glon, glat);
      g_assert_cmpfloat (offset, >, 100.0);
      g_assert_cmpfloat (offset, <, 700.0);
      gw_coords_gcj02_to_wgs84 (glon, glat, &lon, &lat);
      g_assert_cmpfloat (fabs (lon - points[i][0]), <, 1e-7);
      g_assert_cmpfloat (fabs (lat - points[i][1]), <, 1e-7);

      gw_coords_wgs84_to_bd09 (points[i][0], points[i][1], &blon, &blat);
      offset = gw_coords_distance_m (points[i][0], points[i][1], blon, blat);
      g_assert_cmpfloat (offset, >, 300.0);
      g_assert_cmpfloat (offset, <, 1500.0);
      gw_coords_bd09_to_wgs84 (blon, blat, &lon, &lat);
      g_assert_cmpfloat (fabs (lon - points[i][0]), <, 1e-6);
      g_assert_cmpfloat (fabs (lat - points[i][1]), <, 1e-6);
    }
}

static void
test_outside_china (void)
{
  double lon, lat;

  /* Tokyo: the published algorithm leaves points outside China alone. */
  gw_coords_wgs84_to_gcj02 (139.7, 35.68, &lon, &lat);
  g_assert_cmpfloat (lon, ==, 139.7);
  g_assert_cmpfloat (lat, ==, 35.68);
  g_assert_true (gw_coords_out_of_china (139.7, 35.68));
  g_assert_false (gw_coords_out_of_china (120.38, 36.07));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/coords/gcj02/published", test_gcj02_published);
  g_test_add_func ("/coords/bd09/published", test_bd09_published);
  g_test_add_func ("/coords/round-trip", test_round_trip);
  g_test_add_func ("/coords/outside-china", test_outside_china);
  return g_test_run ();
}
