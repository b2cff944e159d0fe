/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "gw-geometry.h"

G_BEGIN_DECLS

/* Shapes (Web Mercator) as Cairo paths: the one loop that map tiles, the
 * overlay, printed pages and previews all draw their outlines with. */

/* Mercator metres to device units, y down:
 * device = offset + (mercator − origin) × scale, with y mirrored. */
typedef struct
{
  double origin_x, origin_y;  /* the mercator point drawn at the offset:
                                 a view's top-left corner (min x, max y) */
  double scale_x, scale_y;    /* device units per mercator metre */
  double offset_x, offset_y;  /* device units */
} GwRenderTransform;

/* The transform that puts @bbox (mercator) onto the device rectangle at
 * (@x, @y), @width × @height. */
void   gw_render_transform_init   (GwRenderTransform       *transform,
                                   const GwBBox            *bbox,
                                   double                   x,
                                   double                   y,
                                   double                   width,
                                   double                   height);

static inline double
gw_render_transform_x (const GwRenderTransform *transform,
                       double                   x)
{
  return transform->offset_x + (x - transform->origin_x) * transform->scale_x;
}

static inline double
gw_render_transform_y (const GwRenderTransform *transform,
                       double                   y)
{
  return transform->offset_y + (transform->origin_y - y) * transform->scale_y;
}

typedef enum
{
  GW_RENDER_SHAPE_OPEN   = 0,       /* lines, and outlines cut into runs */
  GW_RENDER_SHAPE_CLOSED = 1 << 0,  /* polygons: every ring is closed */
} GwRenderShapeFlags;

/* Appends every ring of @shape to @cr's path. Vertices closer than
 * @tolerance device units (Manhattan) to the last one drawn are left out,
 * the last of a ring never: they cannot change a pixel and cost the
 * rasterizer time. A @tolerance of 0 keeps every vertex (vector files). */
void   gw_render_append_shape     (cairo_t                 *cr,
                                   const GwRenderTransform *transform,
                                   const GwShape           *shape,
                                   GwRenderShapeFlags       flags,
                                   double                   tolerance);

/* The same for open lines seen through a window of @width × @height
 * device units from the origin, grown by @margin (for the line's width and
 * caps): segments wholly beyond one side of it are left out, so a long road
 * crossing a tile is stroked only where it can be seen. Not for dashed
 * lines, whose pattern restarts at every break. */
void   gw_render_append_lines_culled (cairo_t                 *cr,
                                      const GwRenderTransform *transform,
                                      const GwShape           *shape,
                                      double                   tolerance,
                                      double                   width,
                                      double                   height,
                                      double                   margin);

/* gw_render_append_shape() seen through the same window grown by @margin
 * device units: each ring of a closed shape is clipped to it (the part a
 * page or tile shows, not the whole lot or community), open lines are cut
 * as by gw_render_append_lines_culled(). @margin must be wider than the
 * widest stroke, so that the edges the clip adds along it are never seen.
 * Not for dashed strokes: their pattern would start where the clip cuts. */
void   gw_render_append_shape_clipped (cairo_t                 *cr,
                                       const GwRenderTransform *transform,
                                       const GwShape           *shape,
                                       GwRenderShapeFlags       flags,
                                       double                   tolerance,
                                       double                   width,
                                       double                   height,
                                       double                   margin);

/* A disc of radius @r around (@x, @y), device units, as a polygon just
 * fine enough for its size: much cheaper for Cairo than an arc and the
 * same on screen. Always counter-clockwise, so that overlapping discs in
 * one path merge under the winding rule. */
void   gw_render_append_dot       (cairo_t                 *cr,
                                   double                   x,
                                   double                   y,
                                   double                   r);

G_END_DECLS
