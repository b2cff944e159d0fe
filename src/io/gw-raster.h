/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Ground metres for the hotspot map (issue 12): the CGCS2000 3-degree
 * Gauss–Krüger zones (EPSG:4513 zone 25, CM 75° E … EPSG:4533 zone 45, CM
 * 135° E; eastings carry the zone number) through PROJ, and a single-band
 * GeoTIFF of a raster in such a zone through GDAL. Errors are G_IO_ERROR
 * and name the file. */

/* The EPSG code of the zone whose central meridian is nearest @lon:
 * CM = 3° × round (lon / 3), clamped to China's zones 25–45. */
int      gw_gk3_zone_epsg        (double         lon);

/* @lonlat (CGCS2000, 2 × @n) to metres in @epsg (2 × @n into @xy, which
 * may be @lonlat). */
gboolean gw_project_lonlat       (const double  *lonlat,
                                  guint          n,
                                  int            epsg,
                                  double        *xy,
                                  GError       **error);

/* Writes @values (row-major from the north, float32) as a GeoTIFF whose
 * top-left corner is (@west, @north) in @epsg, cells of @cell metres,
 * DEFLATE-compressed, 0 as no data. */
gboolean gw_raster_write_geotiff (const float   *values,
                                  guint          width,
                                  guint          height,
                                  double         west,
                                  double         north,
                                  double         cell,
                                  int            epsg,
                                  const char    *path,
                                  GError       **error);

G_END_DECLS
