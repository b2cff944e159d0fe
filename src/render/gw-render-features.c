/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-renderer"

#include "config.h"

#include <math.h>

#include "gw-render-private.h"

/* The base map and the areas: land, lots, roads, buildings, community and
 * grid boundaries, each kind in one path per colour. */

/* The shapes of all @features (GwFeature) in one path. */
static void
append_features (const GwRenderFrame *f,
                 GPtrArray           *features,
                 gboolean             closed,
                 gboolean             dashed)
{
  for (guint i = 0; i < features->len; i++)
    gw_render_frame_append_shape (f, &((const GwFeature *) g_ptr_array_index (features, i))->shape,
                                  closed, dashed);
}

/* Fills the current path with @fill and, if @outline is given, strokes it
 * @width wide in that colour. */
static void
fill_path (cairo_t       *cr,
           const GwColor *fill,
           const GwColor *outline,
           double         width)
{
  gw_style_set_source (cr, fill);
  if (outline == NULL)
    {
      cairo_fill (cr);
      return;
    }
  cairo_fill_preserve (cr);
  gw_style_set_source (cr, outline);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
}

/* Size of a shape on the target, in device units. */
static double
shape_extent_px (const GwRenderFrame *f,
                 const GwShape       *shape)
{
  return MAX ((shape->bbox.max_x - shape->bbox.min_x) * f->xf.scale_x,
              (shape->bbox.max_y - shape->bbox.min_y) * f->xf.scale_y);
}

void
gw_render_land (GwRenderFrame *f,
                GwMapSnapshot *snapshot)
{
  cairo_t *cr = f->cr;
  GPtrArray *communities;

  if (gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_COMMUNITY) == 0)
    {
      gw_style_set_source (cr, &f->style->land);
      cairo_paint (cr);
      return;
    }
  gw_style_set_source (cr, &f->style->outside);
  cairo_paint (cr);
  communities = gw_render_frame_collect (f, snapshot, GW_FEATURE_COMMUNITY, 1);
  if (communities->len == 0)
    return;
  append_features (f, communities, TRUE, FALSE);
  gw_style_set_source (cr, &f->style->land);
  cairo_fill (cr);
}

void
gw_render_lots (GwRenderFrame *f,
                GwMapSnapshot *snapshot)
{
  cairo_t *cr = f->cr;
  GPtrArray *lots;
  gboolean outlines = f->zoom >= GW_STYLE_LOT_OUTLINE_ZOOM;
  gboolean blocks_from_grids = !outlines;
  int first_klass = 0;

  /* Until lots get their outlines, thousands of compound lots of one colour
   * (one per building since issue 11) cost more than they show: the grids
   * they make up are filled instead — the same pixels without the seams —
   * and only lots of the other kinds are drawn over them. */
  if (blocks_from_grids)
    {
      append_features (f, gw_render_frame_collect (f, snapshot, GW_FEATURE_GRID, 1), TRUE, FALSE);
      gw_style_set_source (cr, &f->style->lot_fill[0]);
      cairo_fill (cr);
      first_klass = 1;
    }

  lots = gw_render_frame_collect (f, snapshot, GW_FEATURE_LOT, 2);
  for (int klass = first_klass; klass < 4; klass++)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < lots->len; i++)
        {
          const GwFeature *lot = g_ptr_array_index (lots, i);

          if (CLAMP (lot->klass, 0, 3) != klass)
            continue;
          gw_render_frame_append_shape (f, &lot->shape, TRUE, FALSE);
          any = TRUE;
        }
      if (!any)
        continue;

      fill_path (cr, &f->style->lot_fill[klass], outlines ? &f->style->lot_outline : NULL,
                 0.8 * f->unit);
    }
}

void
gw_render_roads (GwRenderFrame *f,
                 GwMapSnapshot *snapshot)
{
  cairo_t *cr = f->cr;
  GPtrArray *roads;
  cairo_path_t *paths[3] = { NULL, NULL, NULL };
  double widest = gw_style_road_casing_width (0, f->zoom, f->ground_m_per_px);

  roads = gw_render_frame_collect (f, snapshot, GW_FEATURE_ROAD, widest / 2 + 2);
  if (roads->len == 0)
    return;

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  for (int klass = 0; klass < 3; klass++)
    {
      /* Far out, alleys are a grey haze that costs more than all the rest. */
      if (klass == 2 && f->zoom < GW_STYLE_LANE_ZOOM)
        {
          paths[klass] = cairo_copy_path (cr);
          continue;
        }
      for (guint i = 0; i < roads->len; i++)
        {
          const GwFeature *road = g_ptr_array_index (roads, i);

          if (CLAMP (road->klass, 0, 2) == klass)
            gw_render_append_lines_culled (cr, &f->xf, &road->shape, GW_RENDER_SIMPLIFY_TOLERANCE,
                                           f->view->width, f->view->height,
                                           (widest / 2 + 2) * f->unit);
        }
      paths[klass] = cairo_copy_path (cr);
      cairo_new_path (cr);
    }

  /* All casings under all fills, lanes first: junctions merge cleanly and
   * main roads stay on top. */
  for (int klass = 2; klass >= 0; klass--)
    {
      double w = gw_style_road_casing_width (klass, f->zoom, f->ground_m_per_px);

      if (w <= 0 || paths[klass]->num_data == 0)
        continue;
      cairo_append_path (cr, paths[klass]);
      gw_style_set_source (cr, &f->style->road_casing[klass]);
      cairo_set_line_width (cr, w * f->unit);
      cairo_stroke (cr);
    }
  for (int klass = 2; klass >= 0; klass--)
    {
      double w = gw_style_road_width (klass, f->zoom, f->ground_m_per_px);

      if (paths[klass]->num_data > 0)
        {
          cairo_append_path (cr, paths[klass]);
          /* Hairline lanes without casing read better slightly darker. */
          if (gw_style_road_casing_width (klass, f->zoom, f->ground_m_per_px) <= 0)
            gw_style_set_source (cr, &f->style->road_casing[klass]);
          else
            gw_style_set_source (cr, &f->style->road_fill[klass]);
          cairo_set_line_width (cr, w * f->unit);
          cairo_stroke (cr);
        }
      cairo_path_destroy (paths[klass]);
    }
}

void
gw_render_buildings (GwRenderFrame *f,
                     GwMapSnapshot *snapshot)
{
  cairo_t *cr = f->cr;
  GPtrArray *buildings;
  gboolean outlines = f->zoom >= GW_STYLE_DETAIL_ZOOM;
  /* Below the detail zoom a building under ~3 px is noise, not a house. */
  double min_extent = outlines ? 0 : 3 * f->unit;

  if (f->zoom < GW_STYLE_BUILDING_ZOOM)
    return;

  buildings = gw_render_frame_collect (f, snapshot, GW_FEATURE_BUILDING, 1);
  /* By use, and those in no grid (their lot has none) in a colour of their
   * own, whatever their use. */
  for (int use = 0; use <= GW_STYLE_BUILDING_UNASSIGNED; use++)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < buildings->len; i++)
        {
          const GwFeature *building = g_ptr_array_index (buildings, i);
          int style = building->grid_id == 0 ? GW_STYLE_BUILDING_UNASSIGNED
                                             : CLAMP (building->flags, 0, 2);

          if (style != use ||
              shape_extent_px (f, &building->shape) < min_extent)
            continue;
          gw_render_frame_append_shape (f, &building->shape, TRUE, FALSE);
          any = TRUE;
        }
      if (!any)
        continue;

      /* Square corners: buildings are drawn from their footprints. */
      if (outlines)
        cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
      fill_path (cr, &f->style->building_fill[use],
                 outlines ? &f->style->building_outline[use] : NULL,
                 gw_style_building_outline_width (f->zoom) * f->unit);
    }
}

void
gw_render_communities (GwRenderFrame *f,
                       GwMapSnapshot *snapshot)
{
  cairo_t *cr = f->cr;
  double band = gw_style_community_band_width (f->zoom);
  double dashes[2] = { 7 * f->unit, 4 * f->unit };
  double tint = f->plain ? 0 : gw_style_community_tint_strength (f->zoom);
  double street_width = gw_style_street_line_width (f->zoom);
  GPtrArray *runs;

  /* Zoomed out, each community in a tint of its own, no neighbour's. */
  if (tint > 0)
    {
      GPtrArray *communities = gw_render_frame_collect (f, snapshot, GW_FEATURE_COMMUNITY, 1);

      for (guint c = 0; c < G_N_ELEMENTS (f->style->community_tint); c++)
        {
          GwColor colour = f->style->community_tint[c];
          gboolean any = FALSE;

          if (colour.alpha <= 0)
            continue;

          for (guint i = 0; i < communities->len; i++)
            {
              const GwFeature *community = g_ptr_array_index (communities, i);

              if ((guint) community->klass % G_N_ELEMENTS (f->style->community_tint) != c)
                continue;
              gw_render_frame_append_shape (f, &community->shape, TRUE, FALSE);
              any = TRUE;
            }
          if (!any)
            continue;
          colour.alpha *= tint;
          gw_style_set_source (cr, &colour);
          cairo_fill (cr);
        }
    }

  runs = gw_render_frame_collect_boundaries (f, snapshot, GW_FEATURE_COMMUNITY, band);
  if (runs->len == 0)
    return;

  append_features (f, runs, FALSE, TRUE);

  /* Shared borders are in the runs once, so the band is not darker there
   * and the dashes of two neighbours do not fill each other's gaps. */
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  gw_style_set_source (cr, &f->style->community_band);
  cairo_set_line_width (cr, band * f->unit);
  cairo_stroke_preserve (cr);

  gw_style_set_source (cr, &f->style->community_line);
  cairo_set_line_width (cr, gw_style_community_line_width (f->zoom) * f->unit);
  cairo_set_dash (cr, dashes, 2, 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  /* Zoomed out, where one street ends and the next begins. */
  if (street_width > 0)
    {
      runs = gw_render_frame_collect_street_boundaries (f, snapshot, street_width);
      if (runs->len == 0)
        return;
      append_features (f, runs, FALSE, FALSE);
      gw_style_set_source (cr, &f->style->street_line);
      cairo_set_line_width (cr, street_width * f->unit);
      cairo_stroke (cr);
    }
}

void
gw_render_grids (GwRenderFrame *f,
                 GwMapSnapshot *snapshot)
{
  cairo_t *cr = f->cr;
  double width = gw_style_grid_line_width (f->zoom);
  GPtrArray *runs = gw_render_frame_collect_boundaries (f, snapshot, GW_FEATURE_GRID, width + 2);

  if (runs->len == 0)
    return;

  append_features (f, runs, FALSE, FALSE);

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  /* Close up, a thin light casing keeps the line crisp over roads and
   * buildings; zoomed out it would only thicken the mesh. */
  if (f->zoom >= GW_STYLE_DETAIL_ZOOM)
    {
      gw_style_set_source (cr, &f->style->grid_halo);
      cairo_set_line_width (cr, (width + 2) * f->unit);
      cairo_stroke_preserve (cr);
    }
  gw_style_set_source (cr, &f->style->grid_line);
  cairo_set_line_width (cr, width * f->unit);
  cairo_stroke (cr);
}
