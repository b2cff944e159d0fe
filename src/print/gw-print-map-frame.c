/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-print"

#include "config.h"

#include <math.h>

#include "gw-print-private.h"
#include "gw-render-shape.h"
#include "gw-renderer.h"

/* The map on a page: the area fitted at a nice scale, the renderer's map in
 * its frame with what the page is about left bright and the rest veiled,
 * the neighbouring grids' codes at the frame's edge, and the locator
 * inset. */

/* The fitted area keeps this much of the frame free at each side. */
#define FIT_MARGIN 0.04

static double
bbox_centre_lat (const GwBBox *bbox)
{
  double lon, lat;

  gw_mercator_to_lonlat ((bbox->min_x + bbox->max_x) / 2, (bbox->min_y + bbox->max_y) / 2,
                         &lon, &lat);
  return lat;
}

/* Mercator metres per millimetre of paper at 1:@scale around @lat. */
static double
merc_per_mm (double scale,
             double lat)
{
  return scale / 1000.0 / cos (lat * G_PI / 180.0);
}

/* The scale that fits: @need rounded up to three significant digits
 * (1:7,634 prints as 1:7,640). Rounding up to the next "nice" scale
 * (1:10,000) left up to a third of the frame empty; three digits cost at
 * most 1 % of it and still read cleanly on the page. */
static double
fit_scale (double need)
{
  double step;

  if (!(need > 1))
    return 1;
  step = pow (10, floor (log10 (need)) - 2);
  return MAX (step, ceil (need / step - 1e-9) * step);
}

GwBBox
gw_print_map_bbox (const GwBBox     *subject,
                   const GwPageRect *frame,
                   double            scale,
                   double           *scale_out)
{
  double cx = (subject->min_x + subject->max_x) / 2;
  double cy = (subject->min_y + subject->max_y) / 2;
  double lat = bbox_centre_lat (subject);
  double per_mm;
  GwBBox bbox;

  if (scale <= 0)
    {
      double usable_w = frame->width * (1 - 2 * FIT_MARGIN);
      double usable_h = frame->height * (1 - 2 * FIT_MARGIN);
      double ground = cos (lat * G_PI / 180.0);
      double need = MAX ((subject->max_x - subject->min_x) * ground / (usable_w / 1000.0),
                         (subject->max_y - subject->min_y) * ground / (usable_h / 1000.0));

      scale = fit_scale (need);
    }

  per_mm = merc_per_mm (scale, lat);
  bbox.min_x = cx - frame->width / 2 * per_mm;
  bbox.max_x = cx + frame->width / 2 * per_mm;
  bbox.min_y = cy - frame->height / 2 * per_mm;
  bbox.max_y = cy + frame->height / 2 * per_mm;
  if (scale_out != NULL)
    *scale_out = scale;
  return bbox;
}

/* The outline of what a page is about: a grid, a community, or all the
 * communities of a street (highlight id −street). Returns FALSE if none. */
static gboolean
append_highlight (GwPageContext           *pc,
                  const GwRenderTransform *t)
{
  GwMapSnapshot *snapshot = pc->job->snapshot;
  const GwPrintPage *spec = pc->spec;
  gboolean any = FALSE;

  if (spec->highlight_id > 0)
    {
      const GwFeature *feature = gw_map_snapshot_lookup (snapshot, spec->highlight_kind,
                                                         spec->highlight_id);

      if (feature != NULL)
        {
          gw_render_append_shape (pc->cr, t, &feature->shape, GW_RENDER_SHAPE_CLOSED, 0);
          any = TRUE;
        }
    }
  else if (spec->highlight_id < 0 && spec->highlight_kind == GW_FEATURE_COMMUNITY)
    {
      guint n = gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_COMMUNITY);

      for (guint i = 0; i < n; i++)
        {
          const GwFeature *community = gw_map_snapshot_get_feature (snapshot,
                                                                    GW_FEATURE_COMMUNITY, i);

          if (community->parent_id == -spec->highlight_id)
            {
              gw_render_append_shape (pc->cr, t, &community->shape, GW_RENDER_SHAPE_CLOSED, 0);
              any = TRUE;
            }
        }
    }
  return any;
}

/* Squared distance from @p to segment ab. */
static double
segment_distance2 (const GwPoint *p,
                   const GwPoint *a,
                   const GwPoint *b)
{
  double dx = b->x - a->x, dy = b->y - a->y;
  double len2 = dx * dx + dy * dy;
  double u = len2 > 0 ? ((p->x - a->x) * dx + (p->y - a->y) * dy) / len2 : 0;
  double ex, ey;

  u = CLAMP (u, 0, 1);
  ex = a->x + u * dx - p->x;
  ey = a->y + u * dy - p->y;
  return ex * ex + ey * ey;
}

typedef struct
{
  const GwFeature *grid;
  GPtrArray       *found;
} NeighbourQuery;

static gboolean
collect_grid (const GwFeature *feature,
              gpointer         user_data)
{
  NeighbourQuery *query = user_data;

  if (feature->id != query->grid->id)
    g_ptr_array_add (query->found, (gpointer) feature);
  return TRUE;
}

/* Where @neighbour touches @grid: the mean of its vertices on @grid's
 * outline. FALSE if they do not share a boundary. */
static gboolean
shared_boundary_point (const GwFeature *grid,
                       const GwFeature *neighbour,
                       double           tolerance,
                       GwPoint         *point)
{
  const GwShape *a = &grid->shape, *b = &neighbour->shape;
  double tol2 = tolerance * tolerance, sx = 0, sy = 0;
  GwBBox near = { a->bbox.min_x - tolerance, a->bbox.min_y - tolerance,
                  a->bbox.max_x + tolerance, a->bbox.max_y + tolerance };
  guint n = 0;

  for (guint i = 0; i < b->n_points; i++)
    {
      const GwPoint *p = &b->points[i];

      if (!gw_bbox_contains_point (&near, p->x, p->y))
        continue;
      for (guint r = 0; r < a->n_rings; r++)
        {
          guint start = a->ring_starts[r], end = a->ring_starts[r + 1];
          gboolean on = FALSE;

          for (guint j = start; j + 1 < end && !on; j++)
            on = segment_distance2 (p, &a->points[j], &a->points[j + 1]) <= tol2;
          if (on)
            {
              sx += p->x;
              sy += p->y;
              n++;
              break;
            }
        }
    }
  if (n < 2)
    return FALSE;
  point->x = sx / n;
  point->y = sy / n;
  return TRUE;
}

/* A tag of @width × @height at (@x0, @y0) with a small arrow at (@px, @py)
 * on @side (0 top, 1 right, 2 bottom, 3 left) pointing off the page. */
static void
append_tag (cairo_t *cr,
            double   x0,
            double   y0,
            double   width,
            double   height,
            double   px,
            double   py,
            int      side,
            double   arrow)
{
  cairo_new_path (cr);
  cairo_rectangle (cr, x0, y0, width, height);
  switch (side)
    {
    case 0:
      cairo_move_to (cr, px - arrow, y0);
      cairo_line_to (cr, px, y0 - arrow);
      cairo_line_to (cr, px + arrow, y0);
      break;
    case 2:
      cairo_move_to (cr, px - arrow, y0 + height);
      cairo_line_to (cr, px, y0 + height + arrow);
      cairo_line_to (cr, px + arrow, y0 + height);
      break;
    case 1:
      cairo_move_to (cr, x0 + width, py - arrow);
      cairo_line_to (cr, x0 + width + arrow, py);
      cairo_line_to (cr, x0 + width, py + arrow);
      break;
    default:
      cairo_move_to (cr, x0, py - arrow);
      cairo_line_to (cr, x0 - arrow, py);
      cairo_line_to (cr, x0, py + arrow);
      break;
    }
  cairo_close_path (cr);
}

static gboolean
rect_intersects (const GwPageRect *a,
                 const GwPageRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

/* What a tag of @bw × @bh centred on (@cx, @cy) covers with its arrow,
 * whichever side the arrow is on. */
static GwPageRect
tag_footprint (double cx,
               double cy,
               double bw,
               double bh,
               double arrow)
{
  return (GwPageRect) { cx - bw / 2 - arrow, cy - bh / 2 - arrow, bw + 2 * arrow,
                        bh + 2 * arrow };
}

static gboolean
tag_clashes (const GwPageRect *footprint,
             GArray           *tags,
             const GwPageRect *keep_out,
             guint             n_keep_out)
{
  for (guint i = 0; i < n_keep_out; i++)
    if (rect_intersects (footprint, &keep_out[i]))
      return TRUE;
  for (guint i = 0; i < tags->len; i++)
    if (rect_intersects (footprint, &g_array_index (tags, GwPrintTag, i).footprint))
      return TRUE;
  return FALSE;
}

/* Where a tag of @bw × @bh goes: the free place along the frame's edge
 * nearest to (@ix, @iy), where the ray from the frame's centre towards the
 * neighbour meets the edge, clear of @keep_out and of the tags placed. Only
 * when the edge has no free place left does it go where it points. */
static void
place_tag (const GwPageRect *frame,
           double            inset,
           double            arrow,
           double            ix,
           double            iy,
           int               ideal_side,
           GArray           *tags,
           const GwPageRect *keep_out,
           guint             n_keep_out,
           GwPrintTag       *tag)
{
  double step = 0.5;
  double best = G_MAXDOUBLE;
  double bw = tag->box.width, bh = tag->box.height;
  double left = frame->x + inset + arrow + bw / 2;
  double right = frame->x + frame->width - inset - arrow - bw / 2;
  double top = frame->y + inset + arrow + bh / 2;
  double bottom = frame->y + frame->height - inset - arrow - bh / 2;
  double cx = ix, cy = iy;
  int side = ideal_side;

  for (int s = 0; s < 4; s++)
    {
      gboolean across = s == 0 || s == 2;   /* the tag runs along x */
      double from = across ? left : top, to = across ? right : bottom;

      for (double t = from; t <= to + 1e-9; t += step)
        {
          double x = across ? t : (s == 1 ? right : left);
          double y = across ? (s == 0 ? top : bottom) : t;
          double d = hypot (x - ix, y - iy);
          GwPageRect footprint;

          if (d >= best)
            continue;
          footprint = tag_footprint (x, y, bw, bh, arrow);
          if (tag_clashes (&footprint, tags, keep_out, n_keep_out))
            continue;
          best = d;
          cx = x;
          cy = y;
          side = s;
        }
    }

  tag->box.x = cx - bw / 2;
  tag->box.y = cy - bh / 2;
  tag->side = side;
  tag->footprint = tag_footprint (cx, cy, bw, bh, arrow);
}

/* A context that only measures text, the same for the page geometry as for
 * any target: metrics are unhinted. */
static PangoContext *
measuring_context (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cairo_t *cr = cairo_create (surface);
  PangoContext *context;

  cairo_scale (cr, 72 / 25.4, 72 / 25.4);
  context = gw_style_create_pango_context (cr);
  pango_context_set_round_glyph_positions (context, FALSE);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return context;
}

GArray *
gw_print_neighbour_tags (GwPrintJob        *self,
                         const GwPrintPage *spec,
                         const GwPageRect  *frame,
                         const GwBBox      *bbox,
                         const GwPageRect  *keep_out,
                         guint              n_keep_out,
                         GwPageRect        *grid_label)
{
  GArray *tags = g_array_new (FALSE, FALSE, sizeof (GwPrintTag));
  g_autoptr (GArray) obstacles = g_array_new (FALSE, FALSE, sizeof (GwPageRect));
  g_autoptr (GPtrArray) found = g_ptr_array_new ();
  PangoContext *pango;
  const GwFeature *grid = gw_map_snapshot_lookup (self->snapshot, GW_FEATURE_GRID, spec->grid_id);
  double k = gw_print_paper_factor (self);
  double tolerance = 3.0;   /* mercator metres: shared edges are digitised once */
  double inset = 1.2 * k, arrow = 1.4 * k;
  double cx = frame->x + frame->width / 2, cy = frame->y + frame->height / 2;
  GwPageContext pc = { 0 };
  GwRenderTransform t;
  NeighbourQuery query;
  GwBBox search, label_box;
  GwRenderView view = { *bbox, frame->width, frame->height, 1.0 };

  *grid_label = (GwPageRect) { 0 };
  if (grid == NULL)
    return tags;

  /* The page's own grid keeps its code and name clear. */
  if (gw_renderer_grid_label_box (self->snapshot, &view, grid->id, &label_box))
    {
      *grid_label = (GwPageRect) { frame->x + label_box.min_x, frame->y + label_box.min_y,
                                   label_box.max_x - label_box.min_x,
                                   label_box.max_y - label_box.min_y };
      g_array_append_val (obstacles, *grid_label);
    }
  if (n_keep_out > 0)
    g_array_append_vals (obstacles, keep_out, n_keep_out);

  query = (NeighbourQuery) { grid, found };
  search = (GwBBox) { grid->shape.bbox.min_x - tolerance, grid->shape.bbox.min_y - tolerance,
                      grid->shape.bbox.max_x + tolerance, grid->shape.bbox.max_y + tolerance };
  gw_map_snapshot_query (self->snapshot, GW_FEATURE_GRID, &search, collect_grid, &query);
  g_ptr_array_sort (found, gw_print_compare_grid_code);

  gw_render_transform_init (&t, bbox, frame->x, frame->y, frame->width, frame->height);
  pango = measuring_context ();
  pc.job = self;
  pc.pango = pango;
  pc.k = k;

  for (guint i = 0; i < found->len; i++)
    {
      const GwFeature *neighbour = g_ptr_array_index (found, i);
      g_autoptr (PangoLayout) layout = NULL;
      GwPrintTag tag = { neighbour };
      GwPoint shared;
      double dx, dy, tw, th, hw, hh, s;
      int side;

      if (!shared_boundary_point (grid, neighbour, tolerance, &shared))
        continue;
      dx = gw_render_transform_x (&t, shared.x) - cx;
      dy = gw_render_transform_y (&t, shared.y) - cy;
      if (fabs (dx) < 1e-9 && fabs (dy) < 1e-9)
        continue;

      layout = gw_print_text (&pc, neighbour->label, 6.5 * k, PANGO_WEIGHT_BOLD, -1,
                              PANGO_ALIGN_LEFT);
      gw_print_text_size (layout, &tw, &th);
      tag.box.width = tw + 2.4 * k;
      tag.box.height = th + 0.8 * k;

      /* The ray from the frame's centre through the shared edge meets the
       * frame on this side. */
      hw = frame->width / 2 - inset - arrow - tag.box.width / 2;
      hh = frame->height / 2 - inset - arrow - tag.box.height / 2;
      s = MIN (fabs (dx) > 1e-9 ? hw / fabs (dx) : G_MAXDOUBLE,
               fabs (dy) > 1e-9 ? hh / fabs (dy) : G_MAXDOUBLE);
      if (fabs (dx * s) >= hw - 1e-6)
        side = dx > 0 ? 1 : 3;
      else
        side = dy > 0 ? 2 : 0;
      place_tag (frame, inset, arrow, cx + dx * s, cy + dy * s, side, tags,
                 (const GwPageRect *) obstacles->data, obstacles->len, &tag);
      g_array_append_val (tags, tag);
    }
  g_object_unref (pango);
  return tags;
}

/* Neighbours' codes at the frame's edge in their direction, so a reader of
 * the atlas knows which page to turn to. */
static void
draw_neighbour_tags (GwPageContext *pc,
                     GArray        *tags)
{
  cairo_t *cr = pc->cr;
  const GwStyle *style = gw_print_job_get_style (pc->job);
  double arrow = 1.4 * pc->k;

  for (guint i = 0; i < tags->len; i++)
    {
      const GwPrintTag *tag = &g_array_index (tags, GwPrintTag, i);
      const GwPageRect *r = &tag->box;
      g_autoptr (PangoLayout) layout = gw_print_text (pc, tag->neighbour->label, 6.5 * pc->k,
                                                      PANGO_WEIGHT_BOLD, -1, PANGO_ALIGN_LEFT);
      double tw, th;

      gw_print_text_size (layout, &tw, &th);
      append_tag (cr, r->x, r->y, r->width, r->height, r->x + r->width / 2,
                  r->y + r->height / 2, tag->side, arrow);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
      gw_print_set_rgb (cr, 0xffffff);
      cairo_fill_preserve (cr);
      gw_style_set_source (cr, &style->grid_line);
      cairo_set_line_width (cr, 0.25 * pc->k);
      cairo_stroke (cr);
      gw_print_show (pc, layout, r->x + (r->width - tw) / 2, r->y + (r->height - th) / 2,
                     gw_print_color_rgb (&style->grid_label));
    }
}

void
gw_print_draw_map (GwPageContext    *pc,
                   const GwPageRect *frame,
                   const GwBBox     *bbox,
                   const GwPageRect *keep_out,
                   guint             n_keep_out,
                   gboolean          neighbour_codes)
{
  GwPrintJob *self = pc->job;
  cairo_t *cr = pc->cr;
  const GwStyle *style = gw_print_job_get_style (self);
  double u = pc->units_per_mm;
  /* Under a plan or a rate per grid, no community tints: the legend's
   * colours are what the page shows. */
  GwLayers layers = GW_LAYER_BASE | GW_LAYER_COMMUNITIES | GW_LAYER_GRIDS | GW_LAYER_BUILDINGS |
                    (self->options.case_dots ? GW_LAYER_CASES : 0) |
                    (self->grid_fill != NULL || self->plan_paint != NULL ? GW_LAYER_PLAIN : 0);
  g_autoptr (GArray) tags = NULL;
  g_autoptr (GArray) free_of_labels = g_array_new (FALSE, FALSE, sizeof (GwBBox));
  GwRenderTransform t;
  GwRenderView view;
  GwPageRect grid_label;
  double x0, y0, x1, y1;

  if (neighbour_codes && pc->spec->grid_id != 0)
    tags = gw_print_neighbour_tags (self, pc->spec, frame, bbox, keep_out, n_keep_out,
                                    &grid_label);
  /* Map labels stay out from under the plates and tags drawn over them. */
  for (guint i = 0; i < n_keep_out + (tags != NULL ? tags->len : 0); i++)
    {
      const GwPageRect *r = i < n_keep_out ? &keep_out[i]
                            : &g_array_index (tags, GwPrintTag, i - n_keep_out).footprint;
      GwBBox box = { (r->x - frame->x) * u, (r->y - frame->y) * u,
                     (r->x + r->width - frame->x) * u, (r->y + r->height - frame->y) * u };

      g_array_append_val (free_of_labels, box);
    }

  gw_render_transform_init (&t, bbox, frame->x, frame->y, frame->width, frame->height);

  /* The map is drawn in the caller's units, on whole device units when
   * those are pixels, so the renderer can draw a big raster in parallel
   * bands. */
  cairo_save (cr);
  cairo_set_matrix (cr, &pc->caller_matrix);
  x0 = round (frame->x * u);
  y0 = round (frame->y * u);
  x1 = round ((frame->x + frame->width) * u);
  y1 = round ((frame->y + frame->height) * u);
  view.bbox = *bbox;
  view.width = x1 - x0;
  view.height = y1 - y0;
  view.px_per_mm = u;
  cairo_translate (cr, x0, y0);
  gw_renderer_draw_styled (self->snapshot, cr, &view, layers, style);
  /* A draft plan over the live grids: the same colours as on screen. */
  if (self->plan_paint != NULL)
    gw_renderer_draw_plan (self->snapshot, cr, &view, self->plan_paint);
  /* The monthly report's rate per grid, as the app's rate layer. */
  if (self->grid_fill != NULL)
    gw_renderer_draw_grid_fill (self->snapshot, cr, &view, self->grid_fill);
  cairo_restore (cr);

  cairo_save (cr);
  cairo_rectangle (cr, frame->x, frame->y, frame->width, frame->height);
  cairo_clip (cr);

  /* What the page is about stays bright; the rest is veiled. */
  if (pc->spec->highlight_id != 0)
    {
      cairo_new_path (cr);
      cairo_rectangle (cr, frame->x, frame->y, frame->width, frame->height);
      if (append_highlight (pc, &t))
        {
          cairo_path_t *outline;

          cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
          cairo_set_source_rgba (cr, 1, 1, 1, 0.45);
          cairo_fill (cr);

          append_highlight (pc, &t);
          outline = cairo_copy_path (cr);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
          cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
          cairo_set_line_width (cr, 1.3 * pc->k);
          cairo_stroke (cr);
          cairo_append_path (cr, outline);
          cairo_path_destroy (outline);
          if (pc->spec->highlight_kind == GW_FEATURE_GRID)
            gw_style_set_source (cr, &style->grid_line);
          else
            gw_style_set_source (cr, &style->community_label);
          cairo_set_line_width (cr, 0.6 * pc->k);
          cairo_stroke (cr);
        }
      cairo_new_path (cr);
    }

  /* Labels last, so neither the veil nor the outline covers them. */
  cairo_save (cr);
  cairo_set_matrix (cr, &pc->caller_matrix);
  cairo_translate (cr, x0, y0);
  gw_renderer_draw_labels_around (self->snapshot, cr, &view, layers | GW_LAYER_LABELS, style,
                                  pc->caches->labels, (const GwBBox *) free_of_labels->data,
                                  free_of_labels->len);
  cairo_restore (cr);

  if (tags != NULL)
    draw_neighbour_tags (pc, tags);
  cairo_restore (cr);

  cairo_rectangle (cr, frame->x, frame->y, frame->width, frame->height);
  gw_print_set_rgb (cr, GW_PRINT_INK);
  cairo_set_line_width (cr, 0.35 * pc->k);
  cairo_stroke (cr);
}

/* Recorded in points: the inset is the same on every page of a street, so
 * it is drawn once per job and replayed (a PDF stores it once). */
#define LOCATOR_UNITS_PER_MM (72.0 / 25.4)

static GwBBox
locator_bbox (GwPrintJob       *self,
              gint64            street_id,
              const GwPageRect *r,
              GwPageRect       *inner)
{
  GwPrintStreet *street = g_hash_table_lookup (self->streets, &street_id);
  GwBBox extent = street != NULL && !gw_bbox_is_empty (&street->extent)
                  ? street->extent : gw_map_snapshot_get_extent (self->snapshot);
  double pad = 1.5 * gw_print_paper_factor (self);
  double w = extent.max_x - extent.min_x, h = extent.max_y - extent.min_y;
  double avail_w = r->width - 2 * pad, avail_h = r->height - 2 * pad;
  double per_mm = MAX (w / avail_w, h / avail_h) * 1.06;
  double cx = (extent.min_x + extent.max_x) / 2, cy = (extent.min_y + extent.max_y) / 2;
  GwBBox bbox;

  /* The whole box, at the aspect of the street. */
  *inner = (GwPageRect) { r->x + pad, r->y + pad, avail_w, avail_h };
  bbox.min_x = cx - avail_w / 2 * per_mm;
  bbox.max_x = cx + avail_w / 2 * per_mm;
  bbox.min_y = cy - avail_h / 2 * per_mm;
  bbox.max_y = cy + avail_h / 2 * per_mm;
  return bbox;
}

static gboolean
collect_feature (const GwFeature *feature,
                 gpointer         user_data)
{
  g_ptr_array_add (user_data, (gpointer) feature);
  return TRUE;
}

static cairo_surface_t *
locator_surface (GwPrintJob       *self,
                 GHashTable       *locators,
                 gint64            street_id,
                 const GwPageRect *inner,
                 const GwBBox     *bbox)
{
  cairo_surface_t *surface = g_hash_table_lookup (locators, &street_id);
  cairo_rectangle_t extents = { 0, 0, inner->width * LOCATOR_UNITS_PER_MM,
                                inner->height * LOCATOR_UNITS_PER_MM };
  GwRenderView view;
  cairo_t *cr;

  if (surface != NULL)
    return surface;

  surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
  cr = cairo_create (surface);
  view.bbox = *bbox;
  view.width = extents.width;
  view.height = extents.height;
  /* Finer than the page's lines: the inset is a miniature. */
  view.px_per_mm = LOCATOR_UNITS_PER_MM * 0.5;
  gw_renderer_draw (self->snapshot, cr, &view, GW_LAYER_BASE);

  /* Communities as thin lines: the renderer's bands would drown an inset. */
  {
    GwRenderTransform t;
    const GwStyle *style = gw_style_get_default ();
    GPtrArray *runs = g_ptr_array_new ();

    gw_render_transform_init (&t, bbox, 0, 0, extents.width, extents.height);
    gw_map_snapshot_query_boundaries (self->snapshot, GW_FEATURE_COMMUNITY, bbox, collect_feature,
                                      runs);
    for (guint i = 0; i < runs->len; i++)
      gw_render_append_shape (cr, &t, &((const GwFeature *) g_ptr_array_index (runs, i))->shape,
                              GW_RENDER_SHAPE_OPEN, 0);
    g_ptr_array_unref (runs);
    cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
    gw_style_set_source (cr, &style->community_label);
    cairo_set_line_width (cr, 0.9);
    cairo_stroke (cr);
  }
  cairo_destroy (cr);

  g_hash_table_insert (locators, g_memdup2 (&street_id, sizeof street_id), surface);
  return surface;
}

void
gw_print_draw_locator (GwPageContext    *pc,
              const GwPageRect *r,
              const GwBBox     *page_bbox)
{
  GwPrintJob *self = pc->job;
  cairo_t *cr = pc->cr;
  GwPageRect inner;
  GwBBox bbox = locator_bbox (self, pc->spec->street_id, r, &inner);
  cairo_surface_t *surface = locator_surface (self, pc->caches->locators, pc->spec->street_id,
                                              &inner, &bbox);
  GwRenderTransform t;
  double x0, y0, x1, y1, k = pc->k;
  GwPrintStreet *street = g_hash_table_lookup (self->streets, &pc->spec->street_id);

  gw_render_transform_init (&t, &bbox, inner.x, inner.y, inner.width, inner.height);
  cairo_rectangle (cr, r->x, r->y, r->width, r->height);
  gw_print_set_rgb (cr, 0xffffff);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_rectangle (cr, inner.x, inner.y, inner.width, inner.height);
  cairo_clip (cr);
  cairo_translate (cr, inner.x, inner.y);
  cairo_scale (cr, 1 / LOCATOR_UNITS_PER_MM, 1 / LOCATOR_UNITS_PER_MM);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);

  /* The page's area: its grid filled, its frame outlined. */
  cairo_save (cr);
  cairo_rectangle (cr, inner.x, inner.y, inner.width, inner.height);
  cairo_clip (cr);
  if (pc->spec->grid_id != 0)
    {
      const GwFeature *grid = gw_map_snapshot_lookup (self->snapshot, GW_FEATURE_GRID,
                                                      pc->spec->grid_id);

      if (grid != NULL)
        {
          gw_render_append_shape (cr, &t, &grid->shape, GW_RENDER_SHAPE_CLOSED, 0);
          cairo_set_source_rgba (cr, 0.88, 0.11, 0.14, 0.55);
          cairo_fill (cr);
        }
    }
  x0 = gw_render_transform_x (&t, page_bbox->min_x);
  x1 = gw_render_transform_x (&t, page_bbox->max_x);
  y0 = gw_render_transform_y (&t, page_bbox->max_y);
  y1 = gw_render_transform_y (&t, page_bbox->min_y);
  if (x1 - x0 < 1.5 * k && y1 - y0 < 1.5 * k)
    cairo_arc (cr, (x0 + x1) / 2, (y0 + y1) / 2, 1.2 * k, 0, 2 * G_PI);
  else
    cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
  /* A tint marks a part of the street; the whole street needs none. */
  if ((x1 - x0) * (y1 - y0) < 0.5 * inner.width * inner.height)
    {
      cairo_set_source_rgba (cr, 0.88, 0.11, 0.14, 0.12);
      cairo_fill_preserve (cr);
    }
  cairo_set_source_rgb (cr, 0.78, 0.06, 0.09);
  cairo_set_line_width (cr, 0.45 * k);
  cairo_stroke (cr);
  cairo_restore (cr);

  if (street != NULL)
    {
      g_autoptr (PangoLayout) name = gw_print_text (pc, street->name, 6.5 * k, PANGO_WEIGHT_BOLD,
                                                    -1, PANGO_ALIGN_LEFT);
      double w, h;

      gw_print_text_size (name, &w, &h);
      cairo_rectangle (cr, r->x, r->y, w + 2.4 * k, h + 0.8 * k);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
      cairo_fill (cr);
      gw_print_show (pc, name, r->x + 1.2 * k, r->y + 0.4 * k, GW_PRINT_INK);
    }

  cairo_rectangle (cr, r->x, r->y, r->width, r->height);
  gw_print_set_rgb (cr, GW_PRINT_INK_SOFT);
  cairo_set_line_width (cr, 0.25 * k);
  cairo_stroke (cr);
}
