/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-style"

#include "config.h"

#include <math.h>

#include "gw-style.h"

#define RGB(hex)       { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, \
                         ((hex) & 0xff) / 255.0, 1.0 }
#define RGBA(hex, a)   { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, \
                         ((hex) & 0xff) / 255.0, (a) }

/* A calm palette after the GNOME HIG colours: warm greys for the town,
 * Adwaita blue for grids (the thing this map is about), purple for
 * communities, and the status colours for cases. */
static const GwStyle default_style = {
  .land = RGB (0xf6f5f4),
  .outside = RGB (0xe3e1dc),

  .lot_fill = {
    RGB (0xecebe6),             /* compound */
    RGB (0xf1e8e0),             /* shops */
    RGB (0xe6e6ee),             /* public: schools, clinics, offices */
    RGB (0xdcebd2),             /* open: squares and green */
  },
  .lot_outline = RGB (0xdcd8cf),

  .road_fill = {
    RGB (0xfdf0c2),             /* main */
    RGB (0xffffff),             /* secondary */
    RGB (0xffffff),             /* lane */
  },
  .road_casing = {
    RGB (0xe0c97a),
    RGB (0xcfc8b8),
    RGB (0xd6d1c4),
  },

  .building_fill = {
    RGB (0xd8cfc6),             /* residential */
    RGB (0xe8c9b5),             /* shop or mixed */
    RGB (0xcfd3de),             /* public */
    RGB (0xf6d32d),             /* in no grid: to be painted into one */
  },
  .building_outline = {
    RGB (0xb3a597),
    RGB (0xc8a48b),
    RGB (0xa4abbd),
    RGB (0xc64600),
  },

  .community_band = RGBA (0x9141ac, 0.28),
  .community_line = RGB (0x5e5c64),
  /* Soft hues apart from the grids' blue and the cases' red. */
  .community_tint = {
    RGBA (0x2ec27e, 0.14),      /* green */
    RGBA (0xf5c211, 0.16),      /* yellow */
    RGBA (0x9141ac, 0.12),      /* purple */
    RGBA (0xe66100, 0.12),      /* orange */
    RGBA (0x26a269, 0.10),      /* teal green */
    RGBA (0xc061cb, 0.12),      /* pink */
    RGBA (0x865e3c, 0.12),      /* brown */
    RGBA (0x33b5c9, 0.13),      /* cyan */
  },
  .street_label = RGB (0x241f31),
  .street_line = RGBA (0x3d3846, 0.85),
  .grid_line = RGB (0x3584e4),
  .grid_halo = RGBA (0xffffff, 0.70),

  .case_tier = {
    RGB (0xe01b24),             /* A: at once */
    RGB (0xff7800),             /* B: time limit */
    RGB (0x1c71d8),             /* C: periodic */
  },
  .case_outline = RGB (0xffffff),
  .case_overdue = RGB (0x241f31),

  .label_halo = RGBA (0xffffff, 0.85),
  .community_label = RGB (0x613583),
  .grid_label = RGB (0x1a5fb4),
  .grid_name_label = RGB (0x3d3846),
  .road_label = RGB (0x5e5c64),
  .building_label = RGB (0x77767b),

  .selection_line = RGB (0x1c71d8),
  .selection_fill = RGBA (0x1c71d8, 0.18),
  .hover_line = RGBA (0x62a0ea, 0.90),
  .hover_fill = RGBA (0x62a0ea, 0.10),
};

const GwStyle *
gw_style_get_default (void)
{
  return &default_style;
}

const GwStyle *
gw_style_get_magenta_grids (void)
{
  static GwStyle magenta;
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      magenta = default_style;
      magenta.grid_line = (GwColor) RGB (0xe0109a);
      magenta.grid_label = (GwColor) RGB (0xa3006b);
      g_once_init_leave (&initialised, 1);
    }

  return &magenta;
}

void
gw_style_set_source (cairo_t       *cr,
                     const GwColor *color)
{
  if (color->alpha >= 1.0)
    cairo_set_source_rgb (cr, color->red, color->green, color->blue);
  else
    cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

PangoContext *
gw_style_create_pango_context (cairo_t *cr)
{
  PangoContext *context;
  cairo_font_options_t *options;

  g_return_val_if_fail (cr != NULL, NULL);

  context = pango_cairo_create_context (cr);
  pango_context_set_language (context, pango_language_from_string ("zh-cn"));
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  return context;
}

/* Linear ramp between two zoom stops, flat outside. */
static double
ramp (double zoom,
      double z0,
      double v0,
      double z1,
      double v1)
{
  if (zoom <= z0)
    return v0;
  if (zoom >= z1)
    return v1;
  return v0 + (v1 - v0) * (zoom - z0) / (z1 - z0);
}

/* Carriageway widths on the ground: a trunk road of an old town, a branch
 * road, an alley (胡同 / 里弄). */
static const double road_ground_m[3] = { 22.0, 12.0, 5.5 };
static const double road_min_px[3] = { 2.6, 1.6, 0.9 };

double
gw_style_road_width (int    road_class,
                     double zoom,
                     double metres_per_px)
{
  road_class = CLAMP (road_class, 0, 2);
  return MAX (road_min_px[road_class], road_ground_m[road_class] / metres_per_px);
}

double
gw_style_road_casing_width (int    road_class,
                            double zoom,
                            double metres_per_px)
{
  double fill = gw_style_road_width (road_class, zoom, metres_per_px);

  /* Lanes at low zoom are hairlines: a casing would only blur them. */
  if (road_class == 2 && zoom < GW_STYLE_DETAIL_ZOOM)
    return 0;
  return fill + ramp (zoom, 14, 1.2, 18, 2.0);
}

double
gw_style_grid_line_width (double zoom)
{
  return ramp (zoom, 13, 0.8, 18, 2.2);
}

double
gw_style_community_line_width (double zoom)
{
  return ramp (zoom, 13, 1.3, 18, 2.0);
}

double
gw_style_community_band_width (double zoom)
{
  return ramp (zoom, 13, 6.0, 18, 14.0);
}

double
gw_style_building_outline_width (double zoom)
{
  return ramp (zoom, 15, 0.5, 18, 1.0);
}

double
gw_style_case_radius (double zoom)
{
  return ramp (zoom, 15, 3.0, 19, 5.5);
}

double
gw_style_community_font_size (double zoom)
{
  /* Zoomed out, smaller, so that a community's name still fits in it. */
  return zoom < 14 ? ramp (zoom, 12, 11.5, 14, 16.5) : ramp (zoom, 14, 16.5, 17, 15.0);
}

double
gw_style_street_font_size (double zoom)
{
  return ramp (zoom, 11, 14.0, 14, 20.0);
}

double
gw_style_street_line_width (double zoom)
{
  return zoom >= 16 ? 0 : ramp (zoom, 11, 4.0, 16, 2.0);
}

double
gw_style_community_tint_strength (double zoom)
{
  return ramp (zoom, 14.5, 1.0, 16.5, 0.0);
}

double
gw_style_grid_font_size (double zoom)
{
  return ramp (zoom, 14, 10.5, 18, 12.5);
}

double
gw_style_road_font_size (double zoom)
{
  return ramp (zoom, 14, 10.5, 18, 12.5);
}

double
gw_style_building_font_size (double zoom)
{
  return ramp (zoom, 17, 9.5, 19, 11.0);
}

double
gw_style_label_halo_width (void)
{
  return 3.0;
}
