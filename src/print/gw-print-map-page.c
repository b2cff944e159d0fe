/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-print"

#include "config.h"

#include "gw-print-private.h"

/* Map pages: header (title, subtitle, code), the map frame, a panel with
 * legend, north arrow, scale and locator (below the map in portrait, beside
 * it in landscape), and a footer. All sizes are millimetres at A4 and grow
 * with sqrt of the paper's size, so an A2 wall map is not all map and no
 * title. */

typedef struct
{
  GwPageRect header;
  GwPageRect map;
  GwPageRect legend;
  GwPageRect scale_block;
  GwPageRect north;
  GwPageRect locator;
  GwPageRect footer;
} MapLayout;

static void
map_layout (GwPrintJob *self,
            MapLayout  *l)
{
  double k = gw_print_paper_factor (self);
  double w = self->paper_width, h = self->paper_height;
  double m = 10 * k, gap = 4 * k;
  double header_h = 17 * k, footer_h = 5 * k;

  l->header = (GwPageRect) { m, m, w - 2 * m, header_h };
  l->footer = (GwPageRect) { m, h - m - footer_h, w - 2 * m, footer_h };

  if (!self->options.landscape)
    {
      double panel_h = 44 * k;
      double panel_y = l->footer.y - gap - panel_h;
      double inner = w - 2 * m;
      double legend_w = inner * 0.44, scale_w = inner * 0.24;
      double locator_w = inner - legend_w - scale_w - 2 * gap;

      l->map = (GwPageRect) { m, l->header.y + header_h + gap, inner,
                              panel_y - gap - (l->header.y + header_h + gap) };
      l->legend = (GwPageRect) { m, panel_y, legend_w, panel_h };
      l->scale_block = (GwPageRect) { m + legend_w + gap, panel_y, scale_w, panel_h };
      l->locator = (GwPageRect) { w - m - locator_w, panel_y, locator_w, panel_h };
    }
  else
    {
      double panel_w = 62 * k;
      double top = l->header.y + header_h + gap;
      double bottom = l->footer.y - gap;
      double panel_x = w - m - panel_w;
      double scale_h = 34 * k, locator_h = MIN (48 * k, (bottom - top) * 0.34);

      l->map = (GwPageRect) { m, top, panel_x - gap - m, bottom - top };
      l->scale_block = (GwPageRect) { panel_x, top, panel_w, scale_h };
      l->locator = (GwPageRect) { panel_x, bottom - locator_h, panel_w, locator_h };
      l->legend = (GwPageRect) { panel_x, top + scale_h + gap, panel_w,
                                 bottom - locator_h - gap - (top + scale_h + gap) };
    }

  /* The north arrow heads the scale block. */
  {
    double s = 13 * k;

    l->north = (GwPageRect) { l->scale_block.x + (l->scale_block.width - s * 0.6) / 2,
                              l->scale_block.y + 2 * k, s * 0.6, s };
  }
}

/* How much of @frame an area of @subject's shape fills, fitted: 0–1. */
static double
fill_ratio (const GwBBox     *subject,
            const GwPageRect *frame)
{
  double area = (subject->max_x - subject->min_x) / MAX (subject->max_y - subject->min_y, 1e-9);
  double page = frame->width / MAX (frame->height, 1e-9);

  return MIN (area, page) / MAX (area, page);
}

gboolean
gw_print_map_prefers_landscape (GwPrintJob   *self,
                                const GwBBox *subject)
{
  gboolean landscape = self->options.landscape;
  double width = self->paper_width, height = self->paper_height;
  MapLayout portrait_layout, landscape_layout;

  self->options.landscape = FALSE;
  map_layout (self, &portrait_layout);
  self->options.landscape = TRUE;
  self->paper_width = height;
  self->paper_height = width;
  map_layout (self, &landscape_layout);
  self->options.landscape = landscape;
  self->paper_width = width;
  self->paper_height = height;
  return fill_ratio (subject, &landscape_layout.map) > fill_ratio (subject, &portrait_layout.map);
}

/* Scale text and bar under the north arrow in @block; fills the bar's
 * rectangle and ground length. */
static void
scale_bar_layout (const GwPageRect *block,
                  double            top,
                  double            scale,
                  double            k,
                  GwPageRect       *bar,
                  double           *metres)
{
  double max_mm = MIN (block->width - 10 * k, 60 * k);
  double length;

  *metres = gw_scale_bar_choose (scale, MAX (max_mm, 5), &length);
  bar->width = length;
  bar->height = 1.6 * k;
  bar->x = block->x + (block->width - length) / 2 - 2.5 * k;
  bar->y = top;
}

static void
map_page_geometry (GwPrintJob        *self,
                   const GwPrintPage *spec,
                   GwPageGeometry    *g,
                   MapLayout         *l)
{
  double k = gw_print_paper_factor (self);

  map_layout (self, l);
  g->map_frame = l->map;
  g->map_bbox = gw_print_map_bbox (&spec->subject, &l->map, self->options.scale, &g->scale);
  g->legend = l->legend;
  g->locator = l->locator;
  g->north_arrow = l->north;
  scale_bar_layout (&l->scale_block, l->north.y + l->north.height + 14 * k, g->scale, k,
                    &g->scale_bar, &g->scale_bar_metres);
}

void
gw_print_map_page_geometry (GwPrintJob        *self,
                            const GwPrintPage *spec,
                            GwPageGeometry    *geometry)
{
  MapLayout layout;

  map_page_geometry (self, spec, geometry, &layout);
}

void
gw_print_draw_map_page (GwPageContext *pc)
{
  GwPrintJob *self = pc->job;
  GwPageGeometry g = { 0 };
  MapLayout l;

  map_page_geometry (self, pc->spec, &g, &l);
  gw_print_draw_header (pc, &l.header, self->title, g.scale);
  gw_print_draw_map (pc, &g.map_frame, &g.map_bbox, NULL, 0, TRUE);
  {
    /* Device units = mm here: a map pixel is 25.4 / 96 mm. */
    GwRenderView paper = { g.map_bbox, g.map_frame.width, g.map_frame.height, 1.0 };

    gw_print_draw_legend (pc, &g.legend, gw_render_view_zoom (&paper));
  }
  gw_print_draw_north_arrow (pc, &g.north_arrow);
  gw_print_draw_scale_bar (pc, &g.scale_bar, g.scale_bar_metres, g.scale, TRUE);
  gw_print_draw_locator (pc, &g.locator, &g.map_bbox);
  gw_print_draw_footer (pc);
}
