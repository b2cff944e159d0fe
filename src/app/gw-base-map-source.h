/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

#include "gw-mbtiles.h"

G_BEGIN_DECLS

/* A street office's own raster base map (an MBTiles file) as a libshumate
 * map source: tiles are read and decoded on worker threads and finished on
 * the main thread. Fully offline: no registry, no downloader. */

#define GW_TYPE_BASE_MAP_SOURCE (gw_base_map_source_get_type ())
G_DECLARE_FINAL_TYPE (GwBaseMapSource, gw_base_map_source, GW, BASE_MAP_SOURCE, ShumateMapSource)

GwBaseMapSource *gw_base_map_source_new      (const char       *path,
                                              GError          **error);
GwMbtiles       *gw_base_map_source_get_file (GwBaseMapSource  *self);

/* Whether @url is a tile URL template libshumate can fetch: http(s) with
 * {z}, {x} and {y}. */
gboolean         gw_base_map_url_is_valid    (const char       *url);

G_END_DECLS
