/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gw-map-snapshot.h"
#include "gw-renderer.h"

G_BEGIN_DECLS

/* The map's legend on screen, in the layers menu: a swatch and a name for
 * each thing the map shows now, drawn by the renderer's legend code (the
 * printed legend's), at the map's zoom. */

#define GW_TYPE_MAP_LEGEND (gw_map_legend_get_type ())
G_DECLARE_FINAL_TYPE (GwMapLegend, gw_map_legend, GW, MAP_LEGEND, GtkBox)

GtkWidget *gw_map_legend_new          (void);
/* Shows what @layers of @snapshot look like at @zoom. */
void       gw_map_legend_update       (GwMapLegend   *self,
                                       GwMapSnapshot *snapshot,
                                       GwLayers       layers,
                                       double         zoom);
/* The names shown, in order (for tests). */
GPtrArray *gw_map_legend_get_labels   (GwMapLegend   *self);

G_END_DECLS
