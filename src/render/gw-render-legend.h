/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "gw-map-snapshot.h"
#include "gw-renderer.h"
#include "gw-style.h"

G_BEGIN_DECLS

/* The map's legend: what it draws and how each looks, for the screen's
 * legend and the printed one alike, from the same style the map uses. */

typedef enum
{
  GW_LEGEND_GRID_LINE,
  GW_LEGEND_COMMUNITY_LINE,
  GW_LEGEND_COMMUNITY_TINTS,  /* communities, each in its colour */
  GW_LEGEND_STREET_LINE,
  GW_LEGEND_FILL,             /* @index: building use 0–3, lot kind 10 + kind */
  GW_LEGEND_ROAD,             /* @index: road class */
  GW_LEGEND_CASE,             /* @index: tier 0–2; 3: overdue */
  GW_LEGEND_OUTSIDE,          /* beyond every community */
} GwLegendKind;

typedef struct
{
  GwLegendKind  kind;
  int           index;
  const char   *label;        /* translated; static */
} GwLegendEntry;

/* What the map shows of @layers over @snapshot at @zoom, in the legend's
 * order (GwLegendEntry): only what is there (buildings in no grid, the
 * communities' tints where the zoom shows them). @outside adds the land
 * beyond the communities (the screen; a page's frame rarely shows it). */
GArray *gw_render_legend_entries (GwMapSnapshot       *snapshot,
                                  GwLayers             layers,
                                  double               zoom,
                                  gboolean             outside);

/* Draws @entry's swatch into the box (@x, @y, @w, @h) of @cr's user space,
 * where a map pixel at @zoom is @px units: lines as wide as the map draws
 * them there. */
void    gw_render_legend_swatch  (cairo_t             *cr,
                                  const GwStyle       *style,
                                  const GwLegendEntry *entry,
                                  double               zoom,
                                  double               px,
                                  double               x,
                                  double               y,
                                  double               w,
                                  double               h);

G_END_DECLS
