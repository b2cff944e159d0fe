/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Web Mercator (EPSG:3857) metres, the plane tiles and pages are drawn in.
 * Stored geometry is CGCS2000 lon/lat (EPSG:4490), equal to WGS84 within
 * centimetres, so it is projected with the spherical Mercator formulas. */
typedef struct { double x, y; } GwPoint;
typedef struct { double min_x, min_y, max_x, max_y; } GwBBox;

#define GW_MERCATOR_HALF_WORLD 20037508.342789244

void     gw_lonlat_to_mercator   (double lon, double lat, double *x, double *y);
void     gw_mercator_to_lonlat   (double x, double y, double *lon, double *lat);

void     gw_bbox_init_empty      (GwBBox *bbox);
void     gw_bbox_extend          (GwBBox *bbox, double x, double y);
void     gw_bbox_union           (GwBBox *bbox, const GwBBox *other);
gboolean gw_bbox_intersects      (const GwBBox *a, const GwBBox *b);
gboolean gw_bbox_contains_point  (const GwBBox *bbox, double x, double y);
gboolean gw_bbox_is_empty        (const GwBBox *bbox);

/* A polygon is a list of rings (first outer, then holes), each ring a run of
 * points in a shared array; a multipolygon is several polygons. Picking uses
 * the even–odd rule over all rings of a feature, which is right for valid
 * multipolygons. */
typedef struct
{
  GwPoint *points;
  guint    n_points;
  guint   *ring_starts;  /* n_rings + 1 offsets into points */
  guint    n_rings;
  GwBBox   bbox;
} GwShape;

void     gw_shape_clear          (GwShape *shape);
gboolean gw_shape_contains       (const GwShape *shape, double x, double y);
/* Area-weighted centroid of the largest ring, or a point inside it when the
 * centroid falls outside (for labels). */
GwPoint  gw_shape_label_point    (const GwShape *shape);
/* The point of the largest ring farthest from the outline (within
 * @precision metres; 0 picks 1 % of the ring's size): where a label of a
 * concave polygon reads best. */
GwPoint  gw_shape_pole_of_inaccessibility (const GwShape *shape,
                                           double         precision);
/* Signed shoelace area of one ring in the shape's units (positive when
 * counter-clockwise). */
double   gw_shape_ring_area      (const GwShape *shape,
                                  guint          ring);

/* Geodesic area (m²) of lon/lat rings on the WGS84/CGCS2000 ellipsoid's
 * authalic sphere; accurate to well under 0.1 % at street scale. */
double   gw_lonlat_polygon_area_m2 (const GwPoint *lonlat, guint n_points);

G_END_DECLS
