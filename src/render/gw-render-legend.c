/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-renderer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "gw-render-legend.h"

/* Whether an import kept buildings outside every grid (for planners). */
static gboolean
has_unassigned_buildings (GwMapSnapshot *snapshot)
{
  guint n = gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_BUILDING);

  for (guint i = 0; i < n; i++)
    if (gw_map_snapshot_get_feature (snapshot, GW_FEATURE_BUILDING, i)->grid_id == 0)
      return TRUE;
  return FALSE;
}

GArray *
gw_render_legend_entries (GwMapSnapshot *snapshot,
                          GwLayers       layers,
                          double         zoom,
                          gboolean       outside)
{
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (GwLegendEntry));

  g_return_val_if_fail (snapshot != NULL, entries);

#define ADD(k, i, text) G_STMT_START {  \
    GwLegendEntry e = { k, i, text };       \
    g_array_append_val (entries, e);        \
  } G_STMT_END

  if (layers & GW_LAYER_GRIDS)
    ADD (GW_LEGEND_GRID_LINE, 0, _("Grid boundary and code"));
  if (layers & GW_LAYER_COMMUNITIES)
    {
      if (gw_style_street_line_width (zoom) > 0 && gw_map_snapshot_get_n_streets (snapshot) > 0)
        ADD (GW_LEGEND_STREET_LINE, 0, _("Street boundary"));
      ADD (GW_LEGEND_COMMUNITY_LINE, 0, _("Community boundary"));
      if (!(layers & GW_LAYER_PLAIN) && gw_style_community_tint_strength (zoom) >= 0.3 &&
          gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_COMMUNITY) > 1)
        ADD (GW_LEGEND_COMMUNITY_TINTS, 0, _("Communities, each in a colour of its own"));
    }
  if (layers & GW_LAYER_BUILDINGS)
    {
      ADD (GW_LEGEND_FILL, 0, _("Residential building"));
      ADD (GW_LEGEND_FILL, 1, _("Shop or mixed use"));
      ADD (GW_LEGEND_FILL, 2, _("Public building"));
      if (has_unassigned_buildings (snapshot))
        ADD (GW_LEGEND_FILL, GW_STYLE_BUILDING_UNASSIGNED, _("Building in no grid"));
    }
  if (layers & GW_LAYER_BASE)
    {
      ADD (GW_LEGEND_FILL, 10, _("Residential compound"));
      ADD (GW_LEGEND_FILL, 12, _("Public facility grounds"));
      ADD (GW_LEGEND_FILL, 13, _("Square or green space"));
      ADD (GW_LEGEND_ROAD, 0, _("Main road"));
      ADD (GW_LEGEND_ROAD, 1, _("Secondary road"));
      ADD (GW_LEGEND_ROAD, 2, _("Lane"));
      if (outside && gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_COMMUNITY) > 0)
        ADD (GW_LEGEND_OUTSIDE, 0, _("Outside the street"));
    }
  if (layers & GW_LAYER_CASES)
    {
      ADD (GW_LEGEND_CASE, 0, _("Open case, tier A"));
      ADD (GW_LEGEND_CASE, 1, _("Open case, tier B"));
      ADD (GW_LEGEND_CASE, 2, _("Open case, tier C"));
      ADD (GW_LEGEND_CASE, 3, _("Overdue case"));
    }
#undef ADD
  return entries;
}

/* Buildings by use (@index 0–3) and lots by kind (10 + kind). */
static void
fill_swatch (cairo_t       *cr,
             const GwStyle *style,
             int            index,
             double         px,
             double         x,
             double         y,
             double         w,
             double         h)
{
  cairo_rectangle (cr, x, y, w, h);
  if (index < 10)
    {
      gw_style_set_source (cr, &style->building_fill[index]);
      cairo_fill_preserve (cr);
      gw_style_set_source (cr, &style->building_outline[index]);
      cairo_set_line_width (cr, px);
    }
  else
    {
      gw_style_set_source (cr, &style->lot_fill[index - 10]);
      cairo_fill_preserve (cr);
      gw_style_set_source (cr, &style->lot_outline);
      cairo_set_line_width (cr, 0.8 * px);
    }
  cairo_stroke (cr);
}

/* A road of class @index on land, its width a share of the box's height. */
static void
road_swatch (cairo_t       *cr,
             const GwStyle *style,
             int            index,
             double         px,
             double         x,
             double         y,
             double         w,
             double         h)
{
  static const double share[3] = { 0.8, 0.56, 0.31 };
  double cy = y + h / 2;

  cairo_rectangle (cr, x, y, w, h);
  gw_style_set_source (cr, &style->land);
  cairo_fill (cr);
  cairo_move_to (cr, x, cy);
  cairo_line_to (cr, x + w, cy);
  gw_style_set_source (cr, &style->road_casing[index]);
  cairo_set_line_width (cr, share[index] * h + 2 * px);
  cairo_stroke_preserve (cr);
  gw_style_set_source (cr, &style->road_fill[index]);
  cairo_set_line_width (cr, share[index] * h);
  cairo_stroke (cr);
}

/* A case dot of tier @index (3: an overdue tier A case) of radius @r,
 * with its outline and overdue ring as the map draws them. */
static void
case_swatch (cairo_t       *cr,
             const GwStyle *style,
             int            index,
             double         r,
             double         px,
             double         cx,
             double         cy)
{
  if (index == 3)
    {
      cairo_arc (cr, cx, cy, r + 2.8 * px, 0, 2 * G_PI);
      gw_style_set_source (cr, &style->case_overdue);
      cairo_fill (cr);
    }
  cairo_arc (cr, cx, cy, r + px, 0, 2 * G_PI);
  gw_style_set_source (cr, &style->case_outline);
  cairo_fill (cr);
  cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
  gw_style_set_source (cr, &style->case_tier[index == 3 ? 0 : index]);
  cairo_fill (cr);
}

void
gw_render_legend_swatch (cairo_t             *cr,
                         const GwStyle       *style,
                         const GwLegendEntry *entry,
                         double               zoom,
                         double               px,
                         double               x,
                         double               y,
                         double               w,
                         double               h)
{
  double cy = y + h / 2;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (entry != NULL);

  if (style == NULL)
    style = gw_style_get_default ();
  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  switch (entry->kind)
    {
    case GW_LEGEND_GRID_LINE:
      cairo_move_to (cr, x, cy);
      cairo_line_to (cr, x + w, cy);
      gw_style_set_source (cr, &style->grid_line);
      cairo_set_line_width (cr, gw_style_grid_line_width (zoom) * px);
      cairo_stroke (cr);
      break;

    case GW_LEGEND_COMMUNITY_LINE:
      {
        double dashes[2] = { 7 * px, 4 * px };

        cairo_move_to (cr, x, cy);
        cairo_line_to (cr, x + w, cy);
        gw_style_set_source (cr, &style->community_band);
        cairo_set_line_width (cr, MIN (gw_style_community_band_width (zoom) * px, h));
        cairo_stroke_preserve (cr);
        gw_style_set_source (cr, &style->community_line);
        cairo_set_line_width (cr, gw_style_community_line_width (zoom) * px);
        cairo_set_dash (cr, dashes, 2, 0);
        cairo_stroke (cr);
      }
      break;

    case GW_LEGEND_STREET_LINE:
      cairo_move_to (cr, x, cy);
      cairo_line_to (cr, x + w, cy);
      gw_style_set_source (cr, &style->street_line);
      cairo_set_line_width (cr, gw_style_street_line_width (zoom) * px);
      cairo_stroke (cr);
      break;

    case GW_LEGEND_COMMUNITY_TINTS:
      /* Three neighbours side by side, on land. */
      for (int i = 0; i < 3; i++)
        {
          GwColor tint = style->community_tint[i];

          cairo_rectangle (cr, x + i * w / 3, y, w / 3, h);
          gw_style_set_source (cr, &style->land);
          cairo_fill_preserve (cr);
          tint.alpha *= gw_style_community_tint_strength (zoom);
          gw_style_set_source (cr, &tint);
          cairo_fill (cr);
        }
      break;

    case GW_LEGEND_FILL:
      fill_swatch (cr, style, entry->index, px, x, y, w, h);
      break;

    case GW_LEGEND_ROAD:
      road_swatch (cr, style, CLAMP (entry->index, 0, 2), px, x, y, w, h);
      break;

    case GW_LEGEND_CASE:
      case_swatch (cr, style, CLAMP (entry->index, 0, 3),
                   MIN (gw_style_case_radius (zoom) * px, h / 2 - 3 * px), px, x + w / 2, cy);
      break;

    case GW_LEGEND_OUTSIDE:
    default:
      cairo_rectangle (cr, x, y, w, h);
      gw_style_set_source (cr, &style->outside);
      cairo_fill_preserve (cr);
      gw_style_set_source (cr, &style->community_band);
      cairo_set_line_width (cr, px);
      cairo_stroke (cr);
      break;
    }
  cairo_restore (cr);
}
