/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-print"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-print-private.h"

/* Text and colour on printed pages: Pango layouts in millimetres, shown in
 * the ink colours of the page furniture. */

void
gw_print_set_rgb (cairo_t *cr,
                  guint32  rgb)
{
  cairo_set_source_rgb (cr, (rgb >> 16 & 0xff) / 255.0, (rgb >> 8 & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
}

guint32
gw_print_color_rgb (const GwColor *color)
{
  return ((guint32) round (color->red * 255) << 16) |
         ((guint32) round (color->green * 255) << 8) | (guint32) round (color->blue * 255);
}

PangoLayout *
gw_print_text (GwPageContext *pc,
               const char    *text,
               double         size_pt,
               PangoWeight    weight,
               double         width_mm,
               PangoAlignment align)
{
  PangoLayout *layout = pango_layout_new (pc->pango);
  g_autoptr (PangoFontDescription) font = pango_font_description_new ();

  pango_font_description_set_family_static (font, GW_STYLE_FONT_FAMILY);
  pango_font_description_set_weight (font, weight);
  pango_font_description_set_absolute_size (font, GW_PT (size_pt) * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  if (width_mm > 0)
    {
      pango_layout_set_width (layout, (int) (width_mm * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

void
gw_print_text_size (PangoLayout *layout,
                    double      *width,
                    double      *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
}

void
gw_print_fit_width (PangoLayout *layout,
                    double       width_mm)
{
  double width;

  gw_print_text_size (layout, &width, NULL);
  if (width > width_mm && width > 0)
    {
      g_autoptr (PangoFontDescription) font =
        pango_font_description_copy (pango_layout_get_font_description (layout));

      pango_font_description_set_absolute_size (
        font, pango_font_description_get_size (font) * width_mm / width * 0.98);
      pango_layout_set_font_description (layout, font);
    }
}

void
gw_print_show (GwPageContext *pc,
               PangoLayout   *layout,
               double         x,
               double         y,
               guint32        rgb)
{
  cairo_move_to (pc->cr, x, y);
  gw_print_set_rgb (pc->cr, rgb);
  pango_cairo_show_layout (pc->cr, layout);
  /* Leave no current point for an arc to draw a line from. */
  cairo_new_path (pc->cr);
}

double
gw_print_show_text (GwPageContext *pc,
           const char    *text,
           double         size_pt,
           PangoWeight    weight,
           double         x,
           double         y,
           double         width_mm,
           PangoAlignment align,
           guint32        rgb)
{
  g_autoptr (PangoLayout) layout = gw_print_text (pc, text, size_pt, weight, width_mm, align);
  double height;

  gw_print_show (pc, layout, x, y, rgb);
  gw_print_text_size (layout, NULL, &height);
  return height;
}

/* "12345" → "12,345": a scale reads better grouped. */
char *
gw_print_format_grouped (guint value)
{
  g_autofree char *digits = g_strdup_printf ("%u", value);
  GString *out = g_string_new (NULL);
  gsize n = strlen (digits);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

/* @text in one line fitted to @w, centred in a cell of height @h. */
void
gw_print_cell_text (GwPageContext *pc,
                    const char    *text,
                    double         size_pt,
                    PangoWeight    weight,
                    double         x,
                    double         y,
                    double         w,
                    double         h,
                    guint32        rgb)
{
  g_autoptr (PangoLayout) layout = gw_print_text (pc, text, size_pt, weight, -1, PANGO_ALIGN_LEFT);
  double th;

  gw_print_fit_width (layout, w);
  gw_print_text_size (layout, NULL, &th);
  gw_print_show (pc, layout, x, y + (h - th) / 2, rgb);
}

/* One row of a printed table: @widths are fractions of the table's width;
 * a head row is shaded and bold, a zebra row lightly shaded; @bold_column
 * (-1: none) is set in bold. */
void
gw_print_table_row (GwPageContext       *pc,
                    const GwPageRect    *table,
                    double               y,
                    double               row_h,
                    const double        *widths,
                    guint                n,
                    const char * const  *cells,
                    GwPrintRowStyle      style,
                    int                  bold_column)
{
  cairo_t *cr = pc->cr;
  double k = pc->k, x = table->x;

  if (style != GW_PRINT_ROW_PLAIN)
    {
      cairo_rectangle (cr, table->x, y, table->width, row_h);
      gw_print_set_rgb (cr, style == GW_PRINT_ROW_HEAD ? GW_PRINT_TABLE_HEAD : GW_PRINT_TABLE_ZEBRA);
      cairo_fill (cr);
    }
  for (guint c = 0; c < n; c++)
    {
      gboolean bold = style == GW_PRINT_ROW_HEAD || (int) c == bold_column;

      gw_print_cell_text (pc, cells[c], 7.5 * k, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                          x + 1.5 * k, y, widths[c] * table->width - 3 * k, row_h,
                          style == GW_PRINT_ROW_HEAD ? GW_PRINT_INK_SOFT : GW_PRINT_INK);
      x += widths[c] * table->width;
    }
}

/* The rule under a table's last row. */
void
gw_print_table_rule (GwPageContext    *pc,
                     const GwPageRect *table,
                     double            y)
{
  cairo_t *cr = pc->cr;

  cairo_move_to (cr, table->x, y);
  cairo_line_to (cr, table->x + table->width, y);
  gw_print_set_rgb (cr, GW_PRINT_RULE);
  cairo_set_line_width (cr, 0.25 * pc->k);
  cairo_stroke (cr);
}
