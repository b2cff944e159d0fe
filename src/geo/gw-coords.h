/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The offset systems of Chinese web maps, which PROJ does not know.
 *
 * GCJ-02 (高德, 腾讯, Google China) is WGS84 shifted by the published
 * obfuscation polynomial on the Krasovsky ellipsoid; BD-09 (百度) is GCJ-02
 * rotated and shifted once more. The forward transforms are exact to the
 * published algorithm. The inverses iterate the forward transform until the
 * round trip is within 1e-7° (≈1 cm), so their accuracy is that of the
 * forward algorithm: the official GCJ-02 transform adds a small pseudo-random
 * term that no public implementation reproduces, so coordinates converted
 * back to WGS84 may differ from survey truth by up to ≈1–2 m. Outside China
 * (the rough bounding box lon 72.004–137.8347, lat 0.8293–55.8271) GCJ-02
 * equals WGS84, as in the published algorithm. */

gboolean gw_coords_out_of_china (double lon,
                                 double lat);

void     gw_coords_wgs84_to_gcj02 (double  lon,
                                   double  lat,
                                   double *out_lon,
                                   double *out_lat);
void     gw_coords_gcj02_to_wgs84 (double  lon,
                                   double  lat,
                                   double *out_lon,
                                   double *out_lat);
void     gw_coords_gcj02_to_bd09  (double  lon,
                                   double  lat,
                                   double *out_lon,
                                   double *out_lat);
void     gw_coords_bd09_to_gcj02  (double  lon,
                                   double  lat,
                                   double *out_lon,
                                   double *out_lat);
void     gw_coords_bd09_to_wgs84  (double  lon,
                                   double  lat,
                                   double *out_lon,
                                   double *out_lat);
void     gw_coords_wgs84_to_bd09  (double  lon,
                                   double  lat,
                                   double *out_lon,
                                   double *out_lat);

/* Great-circle distance in metres (for tests and reports). */
double   gw_coords_distance_m     (double lon1,
                                   double lat1,
                                   double lon2,
                                   double lat2);

G_END_DECLS
