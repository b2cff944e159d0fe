/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "gw-map-snapshot.h"
#include "gw-render-shape.h"
#include "gw-renderer.h"
#include "gw-style.h"

G_BEGIN_DECLS

/* Shared by the renderer's files: gw-renderer.c (views, the drawing pass,
 * parallel bands, highlights), gw-render-features.c (land, lots, roads,
 * buildings, boundaries), gw-render-cases.c (dots and bubbles) and
 * gw-render-labels.c. */

/* Vertices closer than this (device units) to the previous one are dropped:
 * they cannot change a pixel, and they cost rasterizer time. */
#define GW_RENDER_SIMPLIFY_TOLERANCE 0.45

/* How far beyond the view (map pixels) shapes are clipped: wider than any
 * stroke and its joins, so the clip's own edges never show. */
#define GW_RENDER_CLIP_MARGIN 24

/* One drawing pass: the view's transform and the zoom-dependent sizes. */
typedef struct
{
  cairo_t            *cr;
  const GwRenderView *view;
  const GwStyle      *style;
  GwRenderTransform   xf;                  /* mercator to device units */
  double              unit;                /* device units per map pixel */
  double              zoom;
  double              ground_m_per_px;     /* ground metres per map pixel */
  double              merc_m_per_px;       /* mercator metres per map pixel */
  GPtrArray          *found;               /* scratch: features met by a query */
  gboolean            plain;               /* GW_LAYER_PLAIN: no community tints */
  gboolean            one_piece;           /* a page or file, not a tile: no
                                              seams for dashes to meet at */
} GwRenderFrame;

/* Whether @view shows nothing (no size, or an empty box). */
gboolean    gw_render_view_is_empty  (const GwRenderView  *view);

/* Starts a pass over @view: saves @cr's state, clips to the view and sets
 * up @f. gw_render_frame_end() restores the state. */
void        gw_render_frame_begin    (GwRenderFrame       *f,
                                      cairo_t             *cr,
                                      const GwRenderView  *view,
                                      const GwStyle       *style);
void        gw_render_frame_end      (GwRenderFrame       *f);

/* Device coordinates of a mercator x or y. */
static inline double
gw_render_x (const GwRenderFrame *f,
             double               x)
{
  return gw_render_transform_x (&f->xf, x);
}

static inline double
gw_render_y (const GwRenderFrame *f,
             double               y)
{
  return gw_render_transform_y (&f->xf, y);
}

/* Features of @kind whose bbox meets @bbox (mercator), in the frame's
 * scratch array (valid until the next query). */
GPtrArray  *gw_render_frame_query    (GwRenderFrame       *f,
                                      GwMapSnapshot       *snapshot,
                                      GwFeatureKind        kind,
                                      const GwBBox        *bbox);
/* Features of @kind whose bbox meets the view grown by @margin_px map
 * pixels (for line widths and symbols reaching in from outside). */
GPtrArray  *gw_render_frame_collect  (GwRenderFrame       *f,
                                      GwMapSnapshot       *snapshot,
                                      GwFeatureKind        kind,
                                      double               margin_px);
/* The same for the deduplicated outlines of communities or grids. */
GPtrArray  *gw_render_frame_collect_boundaries (GwRenderFrame *f,
                                                GwMapSnapshot *snapshot,
                                                GwFeatureKind  kind,
                                                double         margin_px);
/* The streets' outline runs near the view. */
GPtrArray  *gw_render_frame_collect_street_boundaries (GwRenderFrame *f,
                                                       GwMapSnapshot *snapshot,
                                                       double         margin_px);
/* @shape into the frame's path, simplified; unless @dashed, only what the
 * view shows of it (closed rings clipped, lines cut). */
void        gw_render_frame_append_shape (const GwRenderFrame *f,
                                          const GwShape       *shape,
                                          gboolean             closed,
                                          gboolean             dashed);

/* gw-render-features.c */
/* The land: the communities' area in the land colour, the rest of the view
 * in the outside colour (a file without communities is all land). */
void        gw_render_land           (GwRenderFrame       *f,
                                      GwMapSnapshot       *snapshot);
void        gw_render_lots           (GwRenderFrame       *f,
                                      GwMapSnapshot       *snapshot);
void        gw_render_roads          (GwRenderFrame       *f,
                                      GwMapSnapshot       *snapshot);
void        gw_render_buildings      (GwRenderFrame       *f,
                                      GwMapSnapshot       *snapshot);
void        gw_render_communities    (GwRenderFrame       *f,
                                      GwMapSnapshot       *snapshot);
void        gw_render_grids          (GwRenderFrame       *f,
                                      GwMapSnapshot       *snapshot);

/* gw-render-cases.c */
void        gw_render_cases          (GwRenderFrame       *f,
                                      GwMapSnapshot       *snapshot);

G_END_DECLS
