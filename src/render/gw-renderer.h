/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "gw-map-snapshot.h"
#include "gw-style.h"

G_BEGIN_DECLS

/* The one map renderer: screen tiles, the screen overlay, PNG/PDF/SVG files
 * and paper all draw through these functions, so the map looks the same
 * everywhere. */

typedef enum
{
  GW_LAYER_BASE        = 1 << 0,  /* land, blocks (lots), roads */
  GW_LAYER_COMMUNITIES = 1 << 1,
  GW_LAYER_GRIDS       = 1 << 2,
  GW_LAYER_BUILDINGS   = 1 << 3,
  GW_LAYER_CASES       = 1 << 4,
  GW_LAYER_LABELS      = 1 << 5,  /* grid codes, community and road names */
  GW_LAYER_ALL         = 0x3f,
  /* Not a layer: no community tints, because a plan, a rate per grid or
   * a hotspot analysis is drawn over the map in colours of its own. */
  GW_LAYER_PLAIN       = 1 << 6,
} GwLayers;

/* A view: which mercator box is drawn onto how many device pixels. */
typedef struct
{
  GwBBox bbox;        /* mercator metres */
  double width;       /* device units (px for screens, pt for PDF) */
  double height;
  double px_per_mm;   /* device units per millimetre on the target, for line
                         widths and text sizes: 96 dpi screen = 3.78 */
} GwRenderView;

/* Metres per pixel at a web-map zoom level (256 px tiles). */
double gw_zoom_resolution       (double zoom);
/* The view of slippy-map tile z/x/y at @tile_size px. */
void   gw_render_view_for_tile  (GwRenderView *view,
                                 int           zoom,
                                 int           x,
                                 int           y,
                                 int           tile_size);
/* The web-map zoom equivalent of a view (for zoom-dependent styling). */
double gw_render_view_zoom      (const GwRenderView *view);

/* Draws @layers of @snapshot into @cr for @view. @cr's origin is the view's
 * top-left corner. */
void   gw_renderer_draw         (GwMapSnapshot      *snapshot,
                                 cairo_t            *cr,
                                 const GwRenderView *view,
                                 GwLayers            layers);

/* The same in another look (@style NULL: the default one); printing uses
 * it for the magenta grid lines of the grid standards. */
void   gw_renderer_draw_styled  (GwMapSnapshot      *snapshot,
                                 cairo_t            *cr,
                                 const GwRenderView *view,
                                 GwLayers            layers,
                                 const GwStyle      *style);

/* Just the labels (the screen draws them in the overlay so they are not cut
 * at tile edges). */
void   gw_renderer_draw_labels  (GwMapSnapshot      *snapshot,
                                 cairo_t            *cr,
                                 const GwRenderView *view,
                                 GwLayers            layers);
/* Labels in another look, and for vector targets through @cache (may be
 * NULL): each distinct label is drawn once and reused, so a multi-page PDF
 * stores it once. A cache belongs to one thread. */
typedef struct _GwLabelCache GwLabelCache;

GwLabelCache *gw_label_cache_new  (void);
void          gw_label_cache_free (GwLabelCache *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwLabelCache, gw_label_cache_free)

void   gw_renderer_draw_labels_styled (GwMapSnapshot      *snapshot,
                                       cairo_t            *cr,
                                       const GwRenderView *view,
                                       GwLayers            layers,
                                       const GwStyle      *style,
                                       GwLabelCache       *cache);

/* The same, leaving the boxes @keep_out (device units of @view: what the
 * caller draws over the map, such as a printed map's plates and tags)
 * free of labels. */
void   gw_renderer_draw_labels_around (GwMapSnapshot      *snapshot,
                                       cairo_t            *cr,
                                       const GwRenderView *view,
                                       GwLayers            layers,
                                       const GwStyle      *style,
                                       GwLabelCache       *cache,
                                       const GwBBox       *keep_out,
                                       guint               n_keep_out);
/* Where the labels put the code (and name) of grid @grid_id in @view, in
 * device units, when nothing placed before takes the place. FALSE if the
 * grid gets no label there (off the view, or too small at this zoom). */
gboolean gw_renderer_grid_label_box   (GwMapSnapshot      *snapshot,
                                       const GwRenderView *view,
                                       gint64              grid_id,
                                       GwBBox             *box);

/* Highlights one feature (selected grid or building) in the selection style;
 * @hover draws the lighter hover style. */
void   gw_renderer_draw_highlight (GwMapSnapshot      *snapshot,
                                   cairo_t            *cr,
                                   const GwRenderView *view,
                                   GwFeatureKind       kind,
                                   gint64              id,
                                   gboolean            hover);

/* A draft grid plan over the map (issue 11): each lot filled by the band
 * of its draft grid, neighbouring grids told apart by their shade, changed
 * lots outlined, lots of islands and of the target grid marked. @paint maps
 * a lot id (gsize) to GW_PLAN_PAINT (...) packed in a pointer. */
typedef enum
{
  GW_PLAN_PAINT_EMPTY,      /* in no grid */
  GW_PLAN_PAINT_UNDER,
  GW_PLAN_PAINT_INSIDE,
  GW_PLAN_PAINT_OVER,
} GwPlanPaintBand;

#define GW_PLAN_PAINT_CHANGED  (1u << 4)
#define GW_PLAN_PAINT_ISLAND   (1u << 5)
#define GW_PLAN_PAINT_TARGET   (1u << 6)
#define GW_PLAN_PAINT_PENDING  (1u << 7)  /* under the brush, not moved yet */
/* The grid's shade, 0–3, so that adjacent grids of one band differ. */
#define GW_PLAN_PAINT(band, shade, flags) \
  GUINT_TO_POINTER (1u + (guint) (band) + ((guint) (shade) << 2) + ((guint) (flags) << 4))

void   gw_renderer_draw_plan      (GwMapSnapshot      *snapshot,
                                   cairo_t            *cr,
                                   const GwRenderView *view,
                                   GHashTable         *paint);
/* The band colours, for a legend. */
void   gw_renderer_plan_band_color (GwPlanPaintBand    band,
                                    double             rgba[4]);

/* Grids filled each with its own colour (the supervisor's choropleths and
 * hot spots): @fill maps a grid id (gsize) to GW_RGBA (r, g, b, a) packed in a
 * pointer; grids not in it are left alone. Outlined in a darker shade. */
#define GW_RGBA(r, g, b, a) \
  GUINT_TO_POINTER (((guint) (r) << 24) | ((guint) (g) << 16) | ((guint) (b) << 8) | (guint) (a))
void   gw_renderer_draw_grid_fill (GwMapSnapshot      *snapshot,
                                   cairo_t            *cr,
                                   const GwRenderView *view,
                                   GHashTable         *fill);
/* A raster (e.g. the kernel density's colour ramp) over the mercator box
 * @where, scaled smoothly. */
void   gw_renderer_draw_raster    (cairo_t            *cr,
                                   const GwRenderView *view,
                                   cairo_surface_t    *raster,
                                   const GwBBox       *where);

G_END_DECLS
