/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-print"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "gw-print-private.h"
#include "gw-render-legend.h"

/* Page furniture: the header with title and code, the footer, the north
 * arrow, the scale bar and the legend, whose swatches are drawn the way the
 * map draws the features. */

void
gw_print_draw_header (GwPageContext    *pc,
                      const GwPageRect *header,
                      const char       *title_text,
                      double            scale)
{
  GwPrintJob *self = pc->job;
  const GwPrintPage *spec = pc->spec;
  const GwStyle *style = gw_print_job_get_style (self);
  double k = pc->k, badge_w = 0;
  const char *caption;
  g_autofree char *scale_text = NULL;
  const char *badge = NULL;
  guint32 badge_rgb = GW_PRINT_INK;
  g_autoptr (PangoLayout) title = NULL;
  double title_h;

  /* The code of what the page shows, top right: what staff file it by. */
  if (spec->kind == GW_PAGE_REPORT_MAP || spec->kind == GW_PAGE_REPORT_TABLES)
    {
      /* Translators: above the month (2026-10) of a printed monthly report */
      caption = _("Month");
      badge = self->options.report_month;
    }
  else if (spec->grid_id != 0)
    {
      caption = _("Grid");
      badge = spec->code;
      badge_rgb = gw_print_color_rgb (&style->grid_label);
    }
  else if (spec->kind == GW_PAGE_MAP && spec->highlight_kind == GW_FEATURE_COMMUNITY &&
           spec->highlight_id > 0)
    {
      caption = _("Community");
      badge = spec->code;
    }
  else if (spec->kind == GW_PAGE_MAP && spec->highlight_id < 0)
    {
      caption = _("Street");
      badge = spec->code;
    }
  else if (spec->kind == GW_PAGE_PLAN_TABLE)
    {
      /* Translators: above the number of a printed grid plan */
      caption = _("Plan");
      badge = scale_text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                            gw_plan_get_id (pc->job->options.plan));
    }
  else if (scale > 0)
    {
      g_autofree char *grouped = gw_print_format_grouped ((guint) round (scale));

      caption = _("Scale");
      badge = scale_text = g_strdup_printf ("1:%s", grouped);
    }

  if (badge != NULL)
    {
      g_autoptr (PangoLayout) cap = gw_print_text (pc, caption, 7 * k, PANGO_WEIGHT_NORMAL, -1,
                                                   PANGO_ALIGN_RIGHT);
      g_autoptr (PangoLayout) code = gw_print_text (pc, badge, 14 * k, PANGO_WEIGHT_BOLD, -1,
                                                    PANGO_ALIGN_RIGHT);
      double cw, ch, bw, bh;

      gw_print_text_size (cap, &cw, &ch);
      gw_print_text_size (code, &bw, &bh);
      badge_w = MAX (cw, bw);
      gw_print_show (pc, cap, header->x + header->width - cw, header->y, GW_PRINT_INK_SOFT);
      gw_print_show (pc, code, header->x + header->width - bw, header->y + ch * 0.9, badge_rgb);
    }

  title = gw_print_text (pc, title_text, 18 * k, PANGO_WEIGHT_BOLD, -1, PANGO_ALIGN_LEFT);
  gw_print_fit_width (title, header->width - badge_w - 8 * k);
  gw_print_show (pc, title, header->x, header->y - 1 * k, GW_PRINT_INK);
  gw_print_text_size (title, NULL, &title_h);
  {
    g_autoptr (PangoLayout) sub = gw_print_text (pc, spec->subtitle != NULL ? spec->subtitle
                                                                             : self->subtitle,
                                                 9.5 * k, PANGO_WEIGHT_NORMAL, -1,
                                                 PANGO_ALIGN_LEFT);

    gw_print_fit_width (sub, header->width - badge_w - 8 * k);
    gw_print_show (pc, sub, header->x, header->y - 1 * k + title_h * 0.98, GW_PRINT_INK_SOFT);
  }

  /* An accent rule under the header. */
  cairo_rectangle (pc->cr, header->x, header->y + header->height - 0.6 * k, header->width, 0.6 * k);
  gw_print_set_rgb (pc->cr, GW_PRINT_INK);
  cairo_fill (pc->cr);
}

void
gw_print_draw_footer (GwPageContext *pc)
{
  GwPrintJob *self = pc->job;
  double k = gw_print_paper_factor (self), m = 10 * k, h = 5 * k;
  GwPageRect footer = { m, self->paper_height - m - h, self->paper_width - 2 * m, h };
  g_autofree char *page_text = NULL;
  g_autofree char *date_text = NULL;
  g_autoptr (PangoLayout) left = NULL;
  g_autoptr (PangoLayout) right = NULL;
  g_autoptr (PangoLayout) middle = NULL;
  double rw;

  cairo_rectangle (pc->cr, footer.x, footer.y, footer.width, 0.2 * k);
  gw_print_set_rgb (pc->cr, GW_PRINT_RULE);
  cairo_fill (pc->cr);

  /* Translators: page numbers in the footer of printed maps */
  page_text = g_strdup_printf (_("Page %u of %u"), pc->page + 1, self->pages->len);
  /* Translators: %s is the date in the footer of printed maps */
  date_text = g_strdup_printf (_("Printed %s"), self->date);

  right = gw_print_text (pc, page_text, 7 * k, PANGO_WEIGHT_NORMAL, -1, PANGO_ALIGN_RIGHT);
  gw_print_text_size (right, &rw, NULL);
  gw_print_show (pc, right, footer.x + footer.width - rw, footer.y + 1.2 * k, GW_PRINT_INK_SOFT);

  middle = gw_print_text (pc, date_text, 7 * k, PANGO_WEIGHT_NORMAL, footer.width * 0.3,
                          PANGO_ALIGN_CENTER);
  gw_print_show (pc, middle, footer.x + footer.width * 0.45, footer.y + 1.2 * k,
                 GW_PRINT_INK_SOFT);

  left = gw_print_text (pc, self->source, 7 * k, PANGO_WEIGHT_NORMAL, -1, PANGO_ALIGN_LEFT);
  gw_print_fit_width (left, footer.width * 0.44);
  gw_print_show (pc, left, footer.x, footer.y + 1.2 * k, GW_PRINT_INK_SOFT);
}

void
gw_print_draw_north_arrow (GwPageContext    *pc,
                           const GwPageRect *r)
{
  cairo_t *cr = pc->cr;
  double cx = r->x + r->width / 2, top = r->y + r->height * 0.34, bottom = r->y + r->height;
  double half = r->width / 2, notch = r->height * 0.16;
  g_autoptr (PangoLayout) n = NULL;
  double nw, nh;

  /* Translators: the letter on the north arrow of printed maps (zh_CN: 北) */
  n = gw_print_text (pc, C_("north arrow", "N"), 9 * pc->k, PANGO_WEIGHT_BOLD, -1,
                     PANGO_ALIGN_CENTER);
  gw_print_text_size (n, &nw, &nh);
  gw_print_show (pc, n, cx - nw / 2, r->y - nh * 0.15, GW_PRINT_INK);

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  cairo_set_line_width (cr, 0.25 * pc->k);
  /* Left half dark, right half light: the classic needle. */
  cairo_move_to (cr, cx, top);
  cairo_line_to (cr, cx - half, bottom);
  cairo_line_to (cr, cx, bottom - notch);
  cairo_close_path (cr);
  gw_print_set_rgb (cr, GW_PRINT_INK);
  cairo_fill_preserve (cr);
  cairo_stroke (cr);
  cairo_move_to (cr, cx, top);
  cairo_line_to (cr, cx + half, bottom);
  cairo_line_to (cr, cx, bottom - notch);
  cairo_close_path (cr);
  gw_print_set_rgb (cr, 0xffffff);
  cairo_fill_preserve (cr);
  gw_print_set_rgb (cr, GW_PRINT_INK);
  cairo_stroke (cr);
}

double
gw_scale_bar_choose (double  scale,
                     double  max_mm,
                     double *length_mm)
{
  double metres_max, step, metres = 0;

  g_return_val_if_fail (scale > 0, 0);
  g_return_val_if_fail (max_mm > 0, 0);

  metres_max = max_mm / 1000.0 * scale;
  step = pow (10, floor (log10 (metres_max)));
  for (int i = 0; i < 3; i++)
    {
      static const double mantissa[3] = { 5, 2, 1 };

      if (mantissa[i] * step <= metres_max * (1 + 1e-9))
        {
          metres = mantissa[i] * step;
          break;
        }
    }
  if (length_mm != NULL)
    *length_mm = metres * 1000.0 / scale;
  return metres;
}

static char *
format_metres (double metres)
{
  if (metres >= 1000)
    /* Translators: kilometres on the scale bar */
    return g_strdup_printf (C_("scale bar", "%g km"), metres / 1000);
  /* Translators: metres on the scale bar */
  return g_strdup_printf (C_("scale bar", "%g m"), metres);
}

/* A bar of four alternating segments with 0, half and full marked, the
 * scale "1:2,000" above. Exactly @bar->width mm stand for @metres. */
void
gw_print_draw_scale_bar (GwPageContext    *pc,
                         const GwPageRect *bar,
                         double            metres,
                         double            scale,
                         gboolean          with_caption)
{
  cairo_t *cr = pc->cr;
  double k = pc->k, seg = bar->width / 4;
  g_autofree char *grouped = gw_print_format_grouped ((guint) round (scale));
  g_autofree char *caption = NULL;
  const double marks[3] = { 0, 0.5, 1 };

  if (with_caption)
    {
      g_autoptr (PangoLayout) layout = NULL;
      double w, h;

      /* Translators: %s is the scale denominator: "Scale 1:2,000" */
      caption = g_strdup_printf (_("Scale 1:%s"), grouped);
      layout = gw_print_text (pc, caption, 8.5 * k, PANGO_WEIGHT_BOLD, -1, PANGO_ALIGN_LEFT);
      gw_print_text_size (layout, &w, &h);
      gw_print_show (pc, layout, bar->x + bar->width / 2 - w / 2, bar->y - 4.2 * k - h,
                     GW_PRINT_INK);
    }

  for (int i = 0; i < 4; i++)
    {
      cairo_rectangle (cr, bar->x + i * seg, bar->y, seg, bar->height);
      gw_print_set_rgb (cr, i % 2 == 0 ? GW_PRINT_INK : 0xffffff);
      cairo_fill (cr);
    }
  cairo_rectangle (cr, bar->x, bar->y, bar->width, bar->height);
  gw_print_set_rgb (cr, GW_PRINT_INK);
  cairo_set_line_width (cr, 0.2 * k);
  cairo_stroke (cr);

  /* Ticks above the bar, labels above the ticks. */
  for (int i = 0; i <= 4; i++)
    {
      double x = bar->x + i * seg;

      cairo_move_to (cr, x, bar->y);
      cairo_line_to (cr, x, bar->y - (i % 2 == 0 ? 1.2 : 0.7) * k);
    }
  cairo_stroke (cr);

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    {
      gboolean last = i + 1 == G_N_ELEMENTS (marks);
      g_autofree char *text = last ? format_metres (metres)
                                   : g_strdup_printf ("%g", marks[i] * metres);
      g_autoptr (PangoLayout) layout = gw_print_text (pc, text, 6.5 * k, PANGO_WEIGHT_NORMAL, -1,
                                                      PANGO_ALIGN_LEFT);
      double w, h, x = bar->x + marks[i] * bar->width;

      gw_print_text_size (layout, &w, &h);
      /* The unit hangs off the end so that the number sits on its tick. */
      if (last)
        {
          g_autofree char *number = g_strdup_printf ("%g", metres >= 1000 ? metres / 1000 : metres);
          g_autoptr (PangoLayout) num = gw_print_text (pc, number, 6.5 * k, PANGO_WEIGHT_NORMAL,
                                                       -1, PANGO_ALIGN_LEFT);
          double nw;

          gw_print_text_size (num, &nw, NULL);
          gw_print_show (pc, layout, x - nw / 2, bar->y - 1.4 * k - h, GW_PRINT_INK);
        }
      else
        gw_print_show (pc, layout, x - w / 2, bar->y - 1.4 * k - h, GW_PRINT_INK);
    }
}

/* Legend ------------------------------------------------------------------ */

typedef enum
{
  SWATCH_MAP,         /* drawn as the map draws it (gw-render-legend) */
  SWATCH_HIGHLIGHT,
  SWATCH_NEIGHBOUR,
} SwatchKind;

typedef struct
{
  SwatchKind     kind;
  int            index;
  const char    *label;
  GwLegendEntry  map;
} LegendEntry;

static GArray *
legend_entries (GwPageContext *pc,
                double         zoom)
{
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (LegendEntry));
  const GwPrintPage *spec = pc->spec;
  GwLayers layers = GW_LAYER_BASE | GW_LAYER_COMMUNITIES | GW_LAYER_GRIDS | GW_LAYER_BUILDINGS |
                    (pc->job->options.case_dots ? GW_LAYER_CASES : 0) |
                    (pc->job->grid_fill != NULL || pc->job->plan_paint != NULL ? GW_LAYER_PLAIN
                                                                              : 0);
  g_autoptr (GArray) map = gw_render_legend_entries (pc->job->snapshot, layers, zoom, FALSE);
#define ADD(k, i, text) G_STMT_START {  \
    LegendEntry e = { k, i, text, { 0 } };  \
    g_array_append_val (entries, e);        \
  } G_STMT_END

  if (spec->highlight_id != 0)
    ADD (SWATCH_HIGHLIGHT, spec->highlight_kind,
         spec->highlight_kind == GW_FEATURE_GRID ? _("This grid")
         : spec->highlight_id > 0 ? _("This community") : _("This street"));
  for (guint i = 0; i < map->len; i++)
    {
      const GwLegendEntry *m = &g_array_index (map, GwLegendEntry, i);
      LegendEntry e = { SWATCH_MAP, 0, m->label, *m };

      g_array_append_val (entries, e);
      /* The neighbours' tags right after the boundaries they are across. */
      if (m->kind == GW_LEGEND_COMMUNITY_LINE &&
          spec->highlight_kind == GW_FEATURE_GRID && spec->grid_id != 0)
        ADD (SWATCH_NEIGHBOUR, 0, _("Neighbouring grid"));
    }
#undef ADD
  return entries;
}

static void
draw_swatch (GwPageContext     *pc,
             const LegendEntry *entry,
             double             zoom,
             double             x,
             double             y,
             double             w,
             double             h)
{
  cairo_t *cr = pc->cr;
  const GwStyle *style = gw_print_job_get_style (pc->job);
  double px = 25.4 / 96.0;   /* a map pixel on paper, mm */

  cairo_save (cr);
  switch (entry->kind)
    {
    case SWATCH_MAP:
      gw_render_legend_swatch (cr, style, &entry->map, zoom, px, x, y, w, h);
      break;

    case SWATCH_HIGHLIGHT:
      cairo_rectangle (cr, x, y, w, h);
      gw_style_set_source (cr, &style->land);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, 0.6 * pc->k);
      if (entry->index == GW_FEATURE_GRID)
        gw_style_set_source (cr, &style->grid_line);
      else
        gw_style_set_source (cr, &style->community_label);
      cairo_stroke (cr);
      break;

    case SWATCH_NEIGHBOUR:
    default:
      {
        g_autoptr (PangoLayout) layout = gw_print_text (pc, "001", 5.5 * pc->k, PANGO_WEIGHT_BOLD,
                                                        -1, PANGO_ALIGN_LEFT);
        double tw, th;

        cairo_rectangle (cr, x, y, w, h);
        gw_print_set_rgb (cr, 0xffffff);
        cairo_fill_preserve (cr);
        gw_style_set_source (cr, &style->grid_line);
        cairo_set_line_width (cr, 0.25 * pc->k);
        cairo_stroke (cr);
        gw_print_text_size (layout, &tw, &th);
        gw_print_show (pc, layout, x + (w - tw) / 2, y + (h - th) / 2,
                       gw_print_color_rgb (&style->grid_label));
      }
      break;
    }
  cairo_restore (cr);
}

/* The legend draws its swatches as the map at @zoom draws the features. */
void
gw_print_draw_legend (GwPageContext    *pc,
             const GwPageRect *r,
             double            zoom)
{
  g_autoptr (GArray) entries = legend_entries (pc, zoom);
  double k = pc->k, heading_h, sw = 7 * k, avail, widest = 0;
  double best_size = 0, best_row_h = 4.6 * k;
  guint best_columns = 1, rows;

  heading_h = gw_print_show_text (pc, _("Legend"), 8.5 * k, PANGO_WEIGHT_BOLD, r->x, r->y, -1,
                         PANGO_ALIGN_LEFT, GW_PRINT_INK) + 1.2 * k;
  avail = r->height - heading_h;

  for (guint i = 0; i < entries->len; i++)
    {
      const char *text = g_array_index (entries, LegendEntry, i).label;
      g_autoptr (PangoLayout) label = gw_print_text (pc, text, 7 * k, PANGO_WEIGHT_NORMAL, -1,
                                                     PANGO_ALIGN_LEFT);
      double w;

      gw_print_text_size (label, &w, NULL);
      widest = MAX (widest, w);
    }

  /* As many columns as give the largest type: narrow panels stack, wide
   * ones spread out. Rows get tighter before labels get smaller. */
  for (guint columns = 1; columns <= 4; columns++)
    {
      guint n_rows = (entries->len + columns - 1) / columns;
      double row_h = MIN (4.6 * k, avail / MAX (n_rows, 1));
      double column_w = r->width / columns;
      double size = 7 * k * MIN (1.0, (column_w - sw - 3.5 * k) / widest);

      size = MIN (size, 7 * k * row_h / (4.2 * k));
      if (size > best_size + 1e-6)
        {
          best_size = size;
          best_columns = columns;
          best_row_h = row_h;
        }
    }

  rows = (entries->len + best_columns - 1) / best_columns;
  for (guint i = 0; i < entries->len; i++)
    {
      const LegendEntry *entry = &g_array_index (entries, LegendEntry, i);
      double column_w = r->width / best_columns;
      double x = r->x + (i / rows) * column_w;
      double y = r->y + heading_h + (i % rows) * best_row_h;
      double sh = MIN (3.2 * k, best_row_h - 0.9 * k);
      g_autoptr (PangoLayout) label = gw_print_text (pc, entry->label, best_size,
                                                     PANGO_WEIGHT_NORMAL, -1, PANGO_ALIGN_LEFT);
      double lh;

      draw_swatch (pc, entry, zoom, x, y + (best_row_h - sh) / 2 - 0.4 * k, sw, sh);
      gw_print_text_size (label, NULL, &lh);
      gw_print_show (pc, label, x + sw + 2 * k, y + (best_row_h - lh) / 2 - 0.4 * k,
                     GW_PRINT_INK);
    }
}
