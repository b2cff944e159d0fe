/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

/* The map's look, shared by screen tiles, the overlay, files and paper (the
 * print legend reads its swatches from here too). Sizes are in "map pixels":
 * CSS pixels at 96 dpi, turned into device units with the view's px_per_mm,
 * so a printed line is as thick as it looks on screen. */

typedef struct
{
  double red, green, blue, alpha;
} GwColor;

typedef struct
{
  GwColor land;
  /* Beyond the communities: what is not the street's (or district's). */
  GwColor outside;

  /* Lots by kind: compound, shops, public, open (parks, squares). */
  GwColor lot_fill[4];
  GwColor lot_outline;

  /* Roads by class: main, secondary, lane. */
  GwColor road_fill[3];
  GwColor road_casing[3];

  /* Buildings by use: residential, shop or mixed, public; then those in
   * no grid (GW_STYLE_BUILDING_UNASSIGNED), whatever their use. */
  GwColor building_fill[4];
  GwColor building_outline[4];

  GwColor community_band;
  GwColor community_line;
  /* Each community's tint (GwFeature.klass of a community), strongest
   * zoomed out, where it tells the communities apart; alpha as given. */
  GwColor community_tint[8];
  GwColor street_label;
  GwColor street_line;
  GwColor grid_line;
  GwColor grid_halo;

  /* Open cases by tier A, B, C. */
  GwColor case_tier[3];
  GwColor case_outline;
  GwColor case_overdue;

  GwColor label_halo;
  GwColor community_label;
  GwColor grid_label;
  GwColor grid_name_label;
  GwColor road_label;
  GwColor building_label;

  GwColor selection_line;
  GwColor selection_fill;
  GwColor hover_line;
  GwColor hover_fill;
} GwStyle;

#define GW_STYLE_FONT_FAMILY "Noto Sans CJK SC"

/* The index of buildings in no grid in building_fill and building_outline:
 * kept by an import for planners to paint into grids, they stand out. */
#define GW_STYLE_BUILDING_UNASSIGNED 3

/* Device units per map pixel for a target with @px_per_mm device units per
 * millimetre (1.0 on a 96 dpi screen). */
#define GW_STYLE_PX_PER_MM_96DPI (96.0 / 25.4)

const GwStyle *gw_style_get_default       (void);
/* The default look with grid boundaries and codes in magenta, as grid maps
 * of the Chinese grid standards draw them (for printing). */
const GwStyle *gw_style_get_magenta_grids (void);
void           gw_style_set_source        (cairo_t       *cr,
                                           const GwColor *color);
/* A Pango context for text drawn with @cr: Chinese glyph forms (zh-cn) and
 * no hinting, so that rotated, scaled or millimetre-sized text does not
 * snap to a pixel grid. One per thread. */
PangoContext  *gw_style_create_pango_context (cairo_t    *cr);

/* Widths in map pixels at web-map @zoom; @metres_per_px is the ground size
 * of one map pixel, so that wide streets widen with the zoom like on the
 * ground. */
double         gw_style_road_width        (int            road_class,
                                           double         zoom,
                                           double         metres_per_px);
double         gw_style_road_casing_width (int            road_class,
                                           double         zoom,
                                           double         metres_per_px);
double         gw_style_grid_line_width   (double         zoom);
double         gw_style_community_line_width (double      zoom);
double         gw_style_community_band_width (double      zoom);
double         gw_style_building_outline_width (double    zoom);
/* Radius of one case dot. */
double         gw_style_case_radius       (double         zoom);
/* Below this zoom cases are drawn as aggregated bubbles. */
#define GW_STYLE_CASE_AGGREGATE_BELOW_ZOOM 15.5
/* Below this zoom lanes lose their casing and lot outlines vanish. */
#define GW_STYLE_DETAIL_ZOOM 15.5
#define GW_STYLE_BUILDING_LABEL_ZOOM 17.5
/* Lanes (alleys) appear from this zoom on. */
#define GW_STYLE_LANE_ZOOM 13.5
/* Buildings appear from this zoom on. */
#define GW_STYLE_BUILDING_ZOOM 14.5
/* Below this zoom compound lots are drawn as the grids they make up. */
#define GW_STYLE_LOT_OUTLINE_ZOOM 16.5
#define GW_STYLE_FULL_GRID_CODE_ZOOM 17.0
/* Below this zoom the map names streets; grid codes appear from
 * GW_STYLE_GRID_LABEL_ZOOM on, and only where a grid has room for them. */
#define GW_STYLE_STREET_LABEL_BELOW_ZOOM 14.5
#define GW_STYLE_GRID_LABEL_ZOOM 14.5

/* Label sizes (map pixels). */
double         gw_style_community_font_size (double       zoom);
double         gw_style_street_font_size  (double         zoom);
/* The streets' outline, zoomed out (0: not drawn at @zoom). */
double         gw_style_street_line_width (double         zoom);
/* How much of a community's tint shows at @zoom, 0 to 1. */
double         gw_style_community_tint_strength (double   zoom);
double         gw_style_grid_font_size    (double         zoom);
double         gw_style_road_font_size    (double         zoom);
double         gw_style_building_font_size (double        zoom);
double         gw_style_label_halo_width  (void);

G_END_DECLS
