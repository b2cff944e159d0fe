/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-renderer"

#include "config.h"

#include <math.h>

#include "gw-case-bins.h"
#include "gw-render-private.h"

/* Open cases: dots close up, and at low zoom one bubble per world-anchored
 * bin (counted by src/analysis), a small pie of its tiers. */

/* Aggregated case bubbles: the bin size in map pixels. Bins are anchored to
 * the world, not the view, so neighbouring tiles agree on every bubble. */
#define CASE_BIN_PX 44.0
#define CASE_BUBBLE_MAX_PX 17.0

static void
draw_case_dots (GwRenderFrame *f,
                GPtrArray     *cases)
{
  cairo_t *cr = f->cr;
  double r = gw_style_case_radius (f->zoom) * f->unit;
  gboolean any_overdue = FALSE;

  /* Overdue cases sit on a dark disc that shows as a ring around the dot. */
  for (guint i = 0; i < cases->len; i++)
    {
      const GwFeature *c = g_ptr_array_index (cases, i);

      if (c->flags & 1)
        {
          gw_render_append_dot (cr, gw_render_x (f, c->label_point.x),
                                gw_render_y (f, c->label_point.y), r + 2.8 * f->unit);
          any_overdue = TRUE;
        }
    }
  if (any_overdue)
    {
      gw_style_set_source (cr, &f->style->case_overdue);
      cairo_fill (cr);
    }

  /* C under B under A: the urgent ones stay visible. A white disc under
   * each dot is its outline (two fills are cheaper than a stroke). */
  for (int tier = 2; tier >= 0; tier--)
    {
      for (int pass = 0; pass < 2; pass++)
        {
          gboolean any = FALSE;

          for (guint i = 0; i < cases->len; i++)
            {
              const GwFeature *c = g_ptr_array_index (cases, i);

              if (CLAMP (c->klass, 0, 2) != tier)
                continue;
              gw_render_append_dot (cr, gw_render_x (f, c->label_point.x),
                                    gw_render_y (f, c->label_point.y),
                                    pass == 0 ? r + 1.0 * f->unit : r);
              any = TRUE;
            }
          if (!any)
            break;
          gw_style_set_source (cr, pass == 0 ? &f->style->case_outline
                                             : &f->style->case_tier[tier]);
          cairo_fill (cr);
        }
    }
}

/* Low zoom: cases binned on a world-anchored grid; each bin is a small pie
 * of its tiers, its area proportional to the count, with a dark ring when
 * any case in it is overdue. */
static void
draw_case_bubbles (GwRenderFrame *f,
                   GwMapSnapshot *snapshot)
{
  cairo_t *cr = f->cr;
  double bin_m = CASE_BIN_PX * f->merc_m_per_px;
  double reach = bin_m + (CASE_BUBBLE_MAX_PX + 4) * f->merc_m_per_px;
  GwBBox query = {
    f->view->bbox.min_x - reach, f->view->bbox.min_y - reach,
    f->view->bbox.max_x + reach, f->view->bbox.max_y + reach,
  };
  GPtrArray *cases = gw_render_frame_query (f, snapshot, GW_FEATURE_CASE, &query);
  g_autoptr (GArray) points = g_array_sized_new (FALSE, FALSE, sizeof (GwCasePoint), cases->len);
  g_autoptr (GArray) bins = NULL;

  for (guint i = 0; i < cases->len; i++)
    {
      const GwFeature *c = g_ptr_array_index (cases, i);
      GwCasePoint point = { c->label_point.x, c->label_point.y, c->klass, (c->flags & 1) != 0 };

      g_array_append_val (points, point);
    }
  bins = gw_case_bins_compute ((const GwCasePoint *) (void *) points->data, points->len, bin_m);

  /* Each colour is one path for all bubbles: a handful of cairo calls per
   * tile instead of a handful per bubble. Overdue rings first, then the
   * wedges of A, B and C, then the white outlines. */
  for (int pass = 0; pass < 5; pass++)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < bins->len; i++)
        {
          const GwCaseBin *bin = &g_array_index (bins, GwCaseBin, i);
          guint total = bin->n_cases;
          double x, y, r, angle;

          x = gw_render_x (f, bin->x);
          y = gw_render_y (f, bin->y);
          r = MIN (2.5 + 1.6 * sqrt (total), CASE_BUBBLE_MAX_PX) * f->unit;

          if (x + r + 4 * f->unit < 0 || y + r + 4 * f->unit < 0 ||
              x - r - 4 * f->unit > f->view->width || y - r - 4 * f->unit > f->view->height)
            continue;

          if (pass == 0)
            {
              if (bin->n_overdue > 0)
                {
                  gw_render_append_dot (cr, x, y, r + 1.8 * f->unit);
                  any = TRUE;
                }
              continue;
            }
          if (pass == 4)
            {
              gw_render_append_dot (cr, x, y, r);
              any = TRUE;
              continue;
            }

          /* Wedges clockwise from twelve o'clock, A then B then C. */
          angle = -G_PI / 2;
          for (int tier = 0; tier < pass - 1; tier++)
            angle += 2 * G_PI * bin->count[tier] / total;
          if (bin->count[pass - 1] == 0)
            continue;
          if (bin->count[pass - 1] == total)
            gw_render_append_dot (cr, x, y, r);
          else
            {
              cairo_move_to (cr, x, y);
              cairo_arc (cr, x, y, r, angle, angle + 2 * G_PI * bin->count[pass - 1] / total);
              cairo_close_path (cr);
            }
          any = TRUE;
        }

      if (!any)
        continue;
      if (pass == 0)
        {
          gw_style_set_source (cr, &f->style->case_overdue);
          cairo_fill (cr);
        }
      else if (pass == 4)
        {
          gw_style_set_source (cr, &f->style->case_outline);
          cairo_set_line_width (cr, 1.2 * f->unit);
          cairo_stroke (cr);
        }
      else
        {
          gw_style_set_source (cr, &f->style->case_tier[pass - 1]);
          cairo_fill (cr);
        }
    }
}

void
gw_render_cases (GwRenderFrame *f,
                 GwMapSnapshot *snapshot)
{
  cairo_set_fill_rule (f->cr, CAIRO_FILL_RULE_WINDING);
  if (f->zoom < GW_STYLE_CASE_AGGREGATE_BELOW_ZOOM)
    draw_case_bubbles (f, snapshot);
  else
    draw_case_dots (f, gw_render_frame_collect (f, snapshot, GW_FEATURE_CASE,
                                      gw_style_case_radius (f->zoom) + 4));
  cairo_set_fill_rule (f->cr, CAIRO_FILL_RULE_EVEN_ODD);
}
