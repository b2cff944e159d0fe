/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "gw-hotspot-stats.h"

G_BEGIN_DECLS

/* A kernel density raster as a translucent colour ramp (issue 12): empty
 * cells transparent, then pale yellow → orange → red → dark red at the
 * raster's maximum, more opaque as it rises, so that grid lines drawn
 * over or under it stay readable. One pixel per cell. */
cairo_surface_t *gw_render_density_surface (const GwDensityRaster  *raster);

/* The same, written as a PNG. */
gboolean         gw_render_density_png     (const GwDensityRaster  *raster,
                                            const char             *path,
                                            GError                **error);

G_END_DECLS
