/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

#include "gw-map-snapshot.h"
#include "gw-renderer.h"

G_BEGIN_DECLS

#define GW_TILE_SOURCE_MIN_ZOOM 12
#define GW_TILE_SOURCE_MAX_ZOOM 20

#define GW_TYPE_TILE_SOURCE (gw_tile_source_get_type ())
G_DECLARE_FINAL_TYPE (GwTileSource, gw_tile_source, GW, TILE_SOURCE, ShumateMapSource)

GwTileSource  *gw_tile_source_new          (GwMapSnapshot *snapshot,
                                            GwLayers       layers,
                                            int            scale_factor);
GwMapSnapshot *gw_tile_source_get_snapshot (GwTileSource  *self);
GwLayers       gw_tile_source_get_layers   (GwTileSource  *self);
int            gw_tile_source_get_scale_factor (GwTileSource *self);
/* Whether tiles asked for are still being drawn (GwTileSource:loading). */
gboolean       gw_tile_source_is_loading   (GwTileSource  *self);
/* How many tiles this source has drawn. */
guint          gw_tile_source_get_n_filled (GwTileSource  *self);

G_END_DECLS
