/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-io"

#include "config.h"

#include <math.h>

#include "gw-coords.h"

/* Krasovsky 1940, as in the published GCJ-02 algorithm. */
#define GCJ_A  6378245.0
#define GCJ_EE 0.00669342162296594323
#define X_PI   (G_PI * 3000.0 / 180.0)

gboolean
gw_coords_out_of_china (double lon,
                        double lat)
{
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

static double
transform_lat (double x,
               double y)
{
  double ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt (fabs (x));

  ret += (20.0 * sin (6.0 * x * G_PI) + 20.0 * sin (2.0 * x * G_PI)) * 2.0 / 3.0;
  ret += (20.0 * sin (y * G_PI) + 40.0 * sin (y / 3.0 * G_PI)) * 2.0 / 3.0;
  ret += (160.0 * sin (y / 12.0 * G_PI) + 320.0 * sin (y * G_PI / 30.0)) * 2.0 / 3.0;
  return ret;
}

static double
transform_lon (double x,
               double y)
{
  double ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt (fabs (x));

  ret += (20.0 * sin (6.0 * x * G_PI) + 20.0 * sin (2.0 * x * G_PI)) * 2.0 / 3.0;
  ret += (20.0 * sin (x * G_PI) + 40.0 * sin (x / 3.0 * G_PI)) * 2.0 / 3.0;
  ret += (150.0 * sin (x / 12.0 * G_PI) + 300.0 * sin (x / 30.0 * G_PI)) * 2.0 / 3.0;
  return ret;
}

void
gw_coords_wgs84_to_gcj02 (double  lon,
                          double  lat,
                          double *out_lon,
                          double *out_lat)
{
  double dlat, dlon, radlat, magic, sqrtmagic;

  if (gw_coords_out_of_china (lon, lat))
    {
      *out_lon = lon;
      *out_lat = lat;
      return;
    }
  dlat = transform_lat (lon - 105.0, lat - 35.0);
  dlon = transform_lon (lon - 105.0, lat - 35.0);
  radlat = lat / 180.0 * G_PI;
  magic = sin (radlat);
  magic = 1 - GCJ_EE * magic * magic;
  sqrtmagic = sqrt (magic);
  dlat = (dlat * 180.0) / ((GCJ_A * (1 - GCJ_EE)) / (magic * sqrtmagic) * G_PI);
  dlon = (dlon * 180.0) / (GCJ_A / sqrtmagic * cos (radlat) * G_PI);
  *out_lon = lon + dlon;
  *out_lat = lat + dlat;
}

void
gw_coords_gcj02_to_wgs84 (double  lon,
                          double  lat,
                          double *out_lon,
                          double *out_lat)
{
  /* Fixed-point iteration: the offset varies slowly, so each step shrinks
   * the error by orders of magnitude; 30 steps is a safe bound. */
  double wlon = lon, wlat = lat;

  for (int i = 0; i < 30; i++)
    {
      double glon, glat;

      gw_coords_wgs84_to_gcj02 (wlon, wlat, &glon, &glat);
      if (fabs (glon - lon) < 1e-9 && fabs (glat - lat) < 1e-9)
        break;
      wlon -= glon - lon;
      wlat -= glat - lat;
    }
  *out_lon = wlon;
  *out_lat = wlat;
}

void
gw_coords_gcj02_to_bd09 (double  lon,
                         double  lat,
                         double *out_lon,
                         double *out_lat)
{
  double z = sqrt (lon * lon + lat * lat) + 0.00002 * sin (lat * X_PI);
  double theta = atan2 (lat, lon) + 0.000003 * cos (lon * X_PI);

  *out_lon = z * cos (theta) + 0.0065;
  *out_lat = z * sin (theta) + 0.006;
}

void
gw_coords_bd09_to_gcj02 (double  lon,
                         double  lat,
                         double *out_lon,
                         double *out_lat)
{
  double x = lon - 0.0065, y = lat - 0.006;
  double z = sqrt (x * x + y * y) - 0.00002 * sin (y * X_PI);
  double theta = atan2 (y, x) - 0.000003 * cos (x * X_PI);

  *out_lon = z * cos (theta);
  *out_lat = z * sin (theta);
}

void
gw_coords_bd09_to_wgs84 (double  lon,
                         double  lat,
                         double *out_lon,
                         double *out_lat)
{
  double glon, glat;

  gw_coords_bd09_to_gcj02 (lon, lat, &glon, &glat);
  gw_coords_gcj02_to_wgs84 (glon, glat, out_lon, out_lat);
}

void
gw_coords_wgs84_to_bd09 (double  lon,
                         double  lat,
                         double *out_lon,
                         double *out_lat)
{
  double glon, glat;

  gw_coords_wgs84_to_gcj02 (lon, lat, &glon, &glat);
  gw_coords_gcj02_to_bd09 (glon, glat, out_lon, out_lat);
}

double
gw_coords_distance_m (double lon1,
                      double lat1,
                      double lon2,
                      double lat2)
{
  double p1 = lat1 * G_PI / 180.0, p2 = lat2 * G_PI / 180.0;
  double dp = p2 - p1, dl = (lon2 - lon1) * G_PI / 180.0;
  double a = sin (dp / 2) * sin (dp / 2) + cos (p1) * cos (p2) * sin (dl / 2) * sin (dl / 2);

  return 2 * 6371008.8 * asin (MIN (1.0, sqrt (a)));
}
