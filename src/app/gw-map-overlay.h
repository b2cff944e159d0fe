/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

#include "gw-map-snapshot.h"
#include "gw-renderer.h"

G_BEGIN_DECLS

#define GW_TYPE_MAP_OVERLAY (gw_map_overlay_get_type ())
G_DECLARE_FINAL_TYPE (GwMapOverlay, gw_map_overlay, GW, MAP_OVERLAY, ShumateLayer)

GwMapOverlay  *gw_map_overlay_new           (ShumateViewport *viewport);
void           gw_map_overlay_set_snapshot  (GwMapOverlay    *self,
                                             GwMapSnapshot   *snapshot);
GwMapSnapshot *gw_map_overlay_get_snapshot  (GwMapOverlay    *self);
void           gw_map_overlay_set_layers    (GwMapOverlay    *self,
                                             GwLayers         layers);
void           gw_map_overlay_set_selection (GwMapOverlay    *self,
                                             GwFeatureKind    kind,
                                             gint64           id);
gint64         gw_map_overlay_get_selection (GwMapOverlay    *self,
                                             GwFeatureKind   *kind);
void           gw_map_overlay_set_hover     (GwMapOverlay    *self,
                                             GwFeatureKind    kind,
                                             gint64           id);
void           gw_map_overlay_get_view      (GwMapOverlay    *self,
                                             GwRenderView    *view);
/* A draft plan's lot colours (gw_renderer_draw_plan()), or NULL; the table
 * is read at each frame, so call again (or queue a draw) when it changes. */
void           gw_map_overlay_set_plan_paint (GwMapOverlay   *self,
                                              GHashTable     *paint);
/* The supervisor's layer: grids filled (gw_renderer_draw_grid_fill()) and
 * a raster over the mercator box @where; NULL for none. */
void           gw_map_overlay_set_grid_fill (GwMapOverlay    *self,
                                             GHashTable      *fill);
void           gw_map_overlay_set_raster    (GwMapOverlay    *self,
                                             cairo_surface_t *raster,
                                             const GwBBox    *where);
/* The split line being drawn, in mercator metres, or none. */
void           gw_map_overlay_set_line      (GwMapOverlay    *self,
                                             gboolean         shown,
                                             double           x0,
                                             double           y0,
                                             double           x1,
                                             double           y1);

/* Whether the map's tiles are being drawn: the labels then move and
 * scale with the tiles shown instead of being placed again. */
void           gw_map_overlay_set_tiles_loading (GwMapOverlay *self,
                                                 gboolean      loading);
gboolean       gw_map_overlay_get_tiles_loading (GwMapOverlay *self);

G_END_DECLS
