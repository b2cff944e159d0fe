/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* An MBTiles file (MBTiles 1.3: an SQLite database of raster tiles): a street
 * office's own base map, fully offline. Tiles are read on any thread; the
 * reader serialises its one read-only connection. */

typedef struct _GwMbtiles GwMbtiles;

GwMbtiles  *gw_mbtiles_open         (const char  *path,
                                     GError     **error);
void        gw_mbtiles_free         (GwMbtiles   *self);
const char *gw_mbtiles_get_path     (GwMbtiles   *self);
const char *gw_mbtiles_get_name     (GwMbtiles   *self);
const char *gw_mbtiles_get_format   (GwMbtiles   *self);   /* "png", "jpg", "webp" */
int         gw_mbtiles_get_min_zoom (GwMbtiles   *self);
int         gw_mbtiles_get_max_zoom (GwMbtiles   *self);
/* The tile at XYZ (x east, y south from the top, as web maps count), or
 * %NULL where the file has none (and no error). */
GBytes     *gw_mbtiles_get_tile     (GwMbtiles   *self,
                                     int          zoom,
                                     int          x,
                                     int          y,
                                     GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwMbtiles, gw_mbtiles_free)

G_END_DECLS
