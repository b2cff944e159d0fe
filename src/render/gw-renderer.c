/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-renderer"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-render-private.h"

#define WEB_MERCATOR_RES0 156543.03392804097  /* m/px at zoom 0, 256 px tiles */

double
gw_zoom_resolution (double zoom)
{
  return WEB_MERCATOR_RES0 / exp2 (zoom);
}

void
gw_render_view_for_tile (GwRenderView *view,
                         int           zoom,
                         int           x,
                         int           y,
                         int           tile_size)
{
  double tile_m;

  g_return_if_fail (view != NULL);
  g_return_if_fail (zoom >= 0 && zoom < 31);
  g_return_if_fail (tile_size > 0);

  tile_m = 2 * GW_MERCATOR_HALF_WORLD / (double) (1u << zoom);
  view->bbox.min_x = -GW_MERCATOR_HALF_WORLD + x * tile_m;
  view->bbox.max_x = view->bbox.min_x + tile_m;
  view->bbox.max_y = GW_MERCATOR_HALF_WORLD - y * tile_m;
  view->bbox.min_y = view->bbox.max_y - tile_m;
  view->width = tile_size;
  view->height = tile_size;
  /* A 512 px tile is a HiDPI 256 px tile: lines and dots scale with it. */
  view->px_per_mm = GW_STYLE_PX_PER_MM_96DPI * tile_size / 256.0;
}

/* Device units per map pixel. */
static double
view_unit (const GwRenderView *view)
{
  return view->px_per_mm > 0 ? view->px_per_mm / GW_STYLE_PX_PER_MM_96DPI : 1.0;
}

double
gw_render_view_zoom (const GwRenderView *view)
{
  double metres_per_unit, metres_per_px, zoom;

  g_return_val_if_fail (view != NULL, 0);

  if (view->width <= 0 || view->bbox.max_x <= view->bbox.min_x)
    return 0;

  metres_per_unit = (view->bbox.max_x - view->bbox.min_x) / view->width;
  metres_per_px = metres_per_unit * view_unit (view);
  zoom = log2 (WEB_MERCATOR_RES0 / metres_per_px);
  /* Tiles are at whole zooms; rounding noise must not put a z17 tile
   * under a z17 style threshold. */
  if (fabs (zoom - round (zoom)) < 1e-6)
    zoom = round (zoom);
  return zoom;
}

gboolean
gw_render_view_is_empty (const GwRenderView *view)
{
  return view->width <= 0 || view->height <= 0 ||
         view->bbox.max_x <= view->bbox.min_x || view->bbox.max_y <= view->bbox.min_y;
}

static void
frame_init (GwRenderFrame      *f,
            cairo_t            *cr,
            const GwRenderView *view,
            const GwStyle      *style)
{
  double lat, lon;

  memset (f, 0, sizeof *f);
  f->cr = cr;
  f->view = view;
  f->style = style != NULL ? style : gw_style_get_default ();
  gw_render_transform_init (&f->xf, &view->bbox, 0, 0, view->width, view->height);
  f->unit = view_unit (view);
  f->zoom = gw_render_view_zoom (view);
  f->merc_m_per_px = f->unit / f->xf.scale_x;
  /* Mercator stretches by 1/cos(lat): road widths are real ground widths. */
  gw_mercator_to_lonlat ((view->bbox.min_x + view->bbox.max_x) / 2,
                         (view->bbox.min_y + view->bbox.max_y) / 2, &lon, &lat);
  f->ground_m_per_px = f->merc_m_per_px * cos (lat * G_PI / 180.0);
  f->found = g_ptr_array_sized_new (256);
  f->one_piece = cairo_surface_get_type (cairo_get_target (cr)) != CAIRO_SURFACE_TYPE_IMAGE;
}

void
gw_render_frame_begin (GwRenderFrame      *f,
                       cairo_t            *cr,
                       const GwRenderView *view,
                       const GwStyle      *style)
{
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, view->width, view->height);
  cairo_clip (cr);
  cairo_new_path (cr);
  frame_init (f, cr, view, style);
}

void
gw_render_frame_end (GwRenderFrame *f)
{
  g_clear_pointer (&f->found, g_ptr_array_unref);
  cairo_restore (f->cr);
}

static gboolean
collect_cb (const GwFeature *feature,
            gpointer         user_data)
{
  g_ptr_array_add (user_data, (gpointer) feature);
  return TRUE;
}

GPtrArray *
gw_render_frame_query (GwRenderFrame *f,
                       GwMapSnapshot *snapshot,
                       GwFeatureKind  kind,
                       const GwBBox  *bbox)
{
  g_ptr_array_set_size (f->found, 0);
  gw_map_snapshot_query (snapshot, kind, bbox, collect_cb, f->found);
  return f->found;
}

static GwBBox
grown_view (const GwRenderFrame *f,
            double               margin_px)
{
  double margin = margin_px * f->merc_m_per_px;
  GwBBox grown = {
    f->view->bbox.min_x - margin, f->view->bbox.min_y - margin,
    f->view->bbox.max_x + margin, f->view->bbox.max_y + margin,
  };

  return grown;
}

GPtrArray *
gw_render_frame_collect (GwRenderFrame *f,
                         GwMapSnapshot *snapshot,
                         GwFeatureKind  kind,
                         double         margin_px)
{
  GwBBox query = grown_view (f, margin_px);

  return gw_render_frame_query (f, snapshot, kind, &query);
}

GPtrArray *
gw_render_frame_collect_boundaries (GwRenderFrame *f,
                                    GwMapSnapshot *snapshot,
                                    GwFeatureKind  kind,
                                    double         margin_px)
{
  GwBBox query = grown_view (f, margin_px);

  g_ptr_array_set_size (f->found, 0);
  gw_map_snapshot_query_boundaries (snapshot, kind, &query, collect_cb, f->found);
  return f->found;
}

GPtrArray *
gw_render_frame_collect_street_boundaries (GwRenderFrame *f,
                                           GwMapSnapshot *snapshot,
                                           double         margin_px)
{
  GwBBox query = grown_view (f, margin_px);

  g_ptr_array_set_size (f->found, 0);
  gw_map_snapshot_query_street_boundaries (snapshot, &query, collect_cb, f->found);
  return f->found;
}

void
gw_render_frame_append_shape (const GwRenderFrame *f,
                              const GwShape       *shape,
                              gboolean             closed,
                              gboolean             dashed)
{
  GwRenderShapeFlags flags = closed ? GW_RENDER_SHAPE_CLOSED : GW_RENDER_SHAPE_OPEN;

  /* A dash pattern starts at a subpath's first point: cut, it would not
   * meet its neighbour's at a tile's edge. Pages and files are one piece. */
  if (dashed && !f->one_piece)
    gw_render_append_shape (f->cr, &f->xf, shape, flags, GW_RENDER_SIMPLIFY_TOLERANCE);
  else
    gw_render_append_shape_clipped (f->cr, &f->xf, shape, flags, GW_RENDER_SIMPLIFY_TOLERANCE,
                                    f->view->width, f->view->height,
                                    GW_RENDER_CLIP_MARGIN * f->unit);
}

static void
draw_layers (GwMapSnapshot      *snapshot,
             cairo_t            *cr,
             const GwRenderView *view,
             GwLayers            layers,
             const GwStyle      *style)
{
  GwRenderFrame f;

  gw_render_frame_begin (&f, cr, view, style);
  f.plain = (layers & GW_LAYER_PLAIN) != 0;
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  /* 4×4 supersampling: indistinguishable on maps at this line density, and
   * twice as fast as cairo's default for the long thin strokes of roads
   * and boundaries. */
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);

  if (layers & GW_LAYER_BASE)
    {
      gw_render_land (&f, snapshot);
      gw_render_lots (&f, snapshot);
      gw_render_roads (&f, snapshot);
    }
  if (layers & GW_LAYER_BUILDINGS)
    gw_render_buildings (&f, snapshot);
  if (layers & GW_LAYER_COMMUNITIES)
    gw_render_communities (&f, snapshot);
  if (layers & GW_LAYER_GRIDS)
    gw_render_grids (&f, snapshot);
  if (layers & GW_LAYER_CASES)
    gw_render_cases (&f, snapshot);

  gw_render_frame_end (&f);
}

/* Big raster images (exports, prints at high dpi) are drawn in horizontal
 * bands on all cores, each into its own surface, and composited in the
 * caller's thread. OVER is associative, so the result is the same as
 * drawing directly. Tiles are small and already drawn in parallel. */
#define BAND_ROWS           256
#define PARALLEL_MIN_PIXELS (1024.0 * 1024.0)

typedef struct
{
  GwMapSnapshot      *snapshot;
  const GwRenderView *view;
  GwLayers            layers;
  const GwStyle      *style;
  int                 width;
  int                 n_bands;
  gint                next_band;  /* atomic */
  GAsyncQueue        *done;       /* Band */
} BandJob;

typedef struct
{
  int              y0;
  cairo_surface_t *surface;
} Band;

static gpointer
band_worker (gpointer data)
{
  BandJob *job = data;
  const GwRenderView *view = job->view;
  double m_per_row = (view->bbox.max_y - view->bbox.min_y) / view->height;
  int i;

  while ((i = g_atomic_int_add (&job->next_band, 1)) < job->n_bands)
    {
      Band *band = g_new0 (Band, 1);
      double y0 = (double) i * BAND_ROWS;
      double y1 = MIN (y0 + BAND_ROWS, view->height);
      GwRenderView sub = *view;
      cairo_t *cr;

      sub.bbox.max_y = view->bbox.max_y - y0 * m_per_row;
      sub.bbox.min_y = view->bbox.max_y - y1 * m_per_row;
      sub.height = y1 - y0;

      band->y0 = (int) y0;
      band->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, job->width,
                                                  (int) ceil (y1 - y0));
      cr = cairo_create (band->surface);
      draw_layers (job->snapshot, cr, &sub, job->layers, job->style);
      cairo_destroy (cr);
      cairo_surface_flush (band->surface);
      g_async_queue_push (job->done, band);
    }

  return NULL;
}

/* Only an image target without scaling can take bands pixel for pixel. */
static gboolean
can_draw_in_bands (cairo_t            *cr,
                   const GwRenderView *view)
{
  cairo_surface_t *target = cairo_get_target (cr);
  cairo_matrix_t matrix;
  double scale_x, scale_y;

  if (g_get_num_processors () < 2 ||
      view->width * view->height < PARALLEL_MIN_PIXELS ||
      cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE)
    return FALSE;

  cairo_surface_get_device_scale (target, &scale_x, &scale_y);
  cairo_get_matrix (cr, &matrix);
  return scale_x == 1 && scale_y == 1 &&
         matrix.xx == 1 && matrix.yy == 1 && matrix.xy == 0 && matrix.yx == 0 &&
         matrix.x0 == floor (matrix.x0) && matrix.y0 == floor (matrix.y0);
}

static void
draw_in_bands (GwMapSnapshot      *snapshot,
               cairo_t            *cr,
               const GwRenderView *view,
               GwLayers            layers,
               const GwStyle      *style)
{
  BandJob job = { snapshot, view, layers, style, (int) ceil (view->width),
                  (int) ceil (view->height / BAND_ROWS), 0, g_async_queue_new () };
  int n_threads = MIN (MIN ((int) g_get_num_processors (), 8), job.n_bands);
  g_autoptr (GPtrArray) threads = g_ptr_array_new ();

  for (int t = 0; t < n_threads; t++)
    g_ptr_array_add (threads, g_thread_new ("gw-render-band", band_worker, &job));

  /* The bands are clipped to the view already: a second fractional clip
   * here would dim the last row twice. */
  cairo_save (cr);
  for (int i = 0; i < job.n_bands; i++)
    {
      Band *band = g_async_queue_pop (job.done);

      cairo_set_source_surface (cr, band->surface, 0, band->y0);
      cairo_rectangle (cr, 0, band->y0, job.width,
                       cairo_image_surface_get_height (band->surface));
      cairo_fill (cr);
      cairo_surface_destroy (band->surface);
      g_free (band);
    }
  cairo_restore (cr);

  for (guint t = 0; t < threads->len; t++)
    g_thread_join (g_ptr_array_index (threads, t));
  g_async_queue_unref (job.done);
}

void
gw_renderer_draw (GwMapSnapshot      *snapshot,
                  cairo_t            *cr,
                  const GwRenderView *view,
                  GwLayers            layers)
{
  gw_renderer_draw_styled (snapshot, cr, view, layers, NULL);
}

void
gw_renderer_draw_styled (GwMapSnapshot      *snapshot,
                         cairo_t            *cr,
                         const GwRenderView *view,
                         GwLayers            layers,
                         const GwStyle      *style)
{
  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (view != NULL);

  if (gw_render_view_is_empty (view))
    return;

  if (can_draw_in_bands (cr, view))
    draw_in_bands (snapshot, cr, view, layers, style);
  else
    draw_layers (snapshot, cr, view, layers, style);

  if (layers & GW_LAYER_LABELS)
    gw_renderer_draw_labels_styled (snapshot, cr, view, layers, style, NULL);
}

/* Highlight ---------------------------------------------------------------- */

void
gw_renderer_draw_highlight (GwMapSnapshot      *snapshot,
                            cairo_t            *cr,
                            const GwRenderView *view,
                            GwFeatureKind       kind,
                            gint64              id,
                            gboolean            hover)
{
  const GwFeature *feature;
  const GwStyle *style;
  GwRenderFrame f;
  double width;

  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (view != NULL);

  feature = gw_map_snapshot_lookup (snapshot, kind, id);
  if (feature == NULL || gw_render_view_is_empty (view))
    return;

  gw_render_frame_begin (&f, cr, view, NULL);
  style = f.style;
  width = (hover ? 2.0 : 3.0) * f.unit;
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);

  switch (kind)
    {
    case GW_FEATURE_CASE:
      gw_render_append_dot (cr, gw_render_x (&f, feature->label_point.x),
                            gw_render_y (&f, feature->label_point.y),
                            (gw_style_case_radius (f.zoom) + 4) * f.unit);
      break;

    case GW_FEATURE_ROAD:
      gw_render_frame_append_shape (&f, &feature->shape, FALSE, FALSE);
      break;

    case GW_FEATURE_COMMUNITY:
    case GW_FEATURE_GRID:
    case GW_FEATURE_LOT:
    case GW_FEATURE_BUILDING:
    default:
      gw_render_frame_append_shape (&f, &feature->shape, TRUE, FALSE);
      gw_style_set_source (cr, hover ? &style->hover_fill : &style->selection_fill);
      cairo_fill_preserve (cr);
      break;
    }

  /* A white under-stroke keeps the outline readable on any colour. */
  if (!hover)
    {
      cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
      cairo_set_line_width (cr, width + 3 * f.unit);
      cairo_stroke_preserve (cr);
    }
  gw_style_set_source (cr, hover ? &style->hover_line : &style->selection_line);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);

  gw_render_frame_end (&f);
}

/* Colour-blind-safe band colours (Okabe–Ito): blue under, green inside,
 * vermilion over; grey for lots in no grid. */
static const double plan_band_rgb[4][3] = {
  { 0.60, 0.60, 0.60 },
  { 0.00, 0.45, 0.70 },
  { 0.00, 0.62, 0.45 },
  { 0.84, 0.37, 0.00 },
};

void
gw_renderer_plan_band_color (GwPlanPaintBand band,
                             double          rgba[4])
{
  g_return_if_fail (band <= GW_PLAN_PAINT_OVER);

  rgba[0] = plan_band_rgb[band][0];
  rgba[1] = plan_band_rgb[band][1];
  rgba[2] = plan_band_rgb[band][2];
  rgba[3] = 1;
}

void
gw_renderer_draw_plan (GwMapSnapshot      *snapshot,
                       cairo_t            *cr,
                       const GwRenderView *view,
                       GHashTable         *paint)
{
  GwRenderFrame f;
  GPtrArray *lots;

  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (paint != NULL);

  if (gw_render_view_is_empty (view))
    return;
  gw_render_frame_begin (&f, cr, view, NULL);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  lots = gw_render_frame_collect (&f, snapshot, GW_FEATURE_LOT, 4);
  for (guint i = 0; i < lots->len; i++)
    {
      const GwFeature *lot = g_ptr_array_index (lots, i);
      guint packed = GPOINTER_TO_UINT (g_hash_table_lookup (paint, GSIZE_TO_POINTER ((gsize) lot->id)));
      guint band, shade, flags;
      const double *rgb;

      if (packed == 0)
        continue;
      packed--;
      band = packed & 3;
      shade = (packed >> 2) & 3;
      flags = (packed >> 4) << 4;
      rgb = plan_band_rgb[band];
      gw_render_frame_append_shape (&f, &lot->shape, TRUE, TRUE);
      /* Shades 0–3 lighten the band colour a little, so that two grids of
       * one band side by side still read as two. */
      cairo_set_source_rgba (cr, rgb[0] + (1 - rgb[0]) * shade * 0.14,
                             rgb[1] + (1 - rgb[1]) * shade * 0.14,
                             rgb[2] + (1 - rgb[2]) * shade * 0.14,
                             flags & GW_PLAN_PAINT_PENDING ? 0.75 : 0.42);
      cairo_fill_preserve (cr);
      if (flags & GW_PLAN_PAINT_ISLAND)
        {
          cairo_set_source_rgba (cr, 0.80, 0.10, 0.10, 0.95);
          cairo_set_line_width (cr, 3 * f.unit);
          cairo_stroke_preserve (cr);
        }
      if (flags & (GW_PLAN_PAINT_CHANGED | GW_PLAN_PAINT_TARGET))
        {
          static const double dash[] = { 4, 3 };
          double d[2] = { dash[0] * f.unit, dash[1] * f.unit };

          cairo_set_source_rgba (cr, 0.10, 0.10, 0.10, 0.9);
          cairo_set_line_width (cr, (flags & GW_PLAN_PAINT_TARGET ? 3.0 : 2.0) * f.unit);
          if (!(flags & GW_PLAN_PAINT_TARGET))
            cairo_set_dash (cr, d, 2, 0);
          cairo_stroke_preserve (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      cairo_new_path (cr);
    }
  gw_render_frame_end (&f);
}

void
gw_renderer_draw_grid_fill (GwMapSnapshot      *snapshot,
                            cairo_t            *cr,
                            const GwRenderView *view,
                            GHashTable         *fill)
{
  GwRenderFrame f;
  GPtrArray *grids;

  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (fill != NULL);

  if (gw_render_view_is_empty (view))
    return;
  gw_render_frame_begin (&f, cr, view, NULL);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  grids = gw_render_frame_collect (&f, snapshot, GW_FEATURE_GRID, 2);
  for (guint i = 0; i < grids->len; i++)
    {
      const GwFeature *grid = g_ptr_array_index (grids, i);
      guint rgba = GPOINTER_TO_UINT (g_hash_table_lookup (fill, GSIZE_TO_POINTER ((gsize) grid->id)));
      double r = (rgba >> 24) / 255.0, g = ((rgba >> 16) & 0xff) / 255.0;
      double b = ((rgba >> 8) & 0xff) / 255.0, a = (rgba & 0xff) / 255.0;

      if (rgba == 0)
        continue;
      gw_render_frame_append_shape (&f, &grid->shape, TRUE, FALSE);
      cairo_set_source_rgba (cr, r, g, b, a);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, r * 0.6, g * 0.6, b * 0.6, MIN (1.0, a + 0.3));
      cairo_set_line_width (cr, 1.0 * f.unit);
      cairo_stroke (cr);
    }
  gw_render_frame_end (&f);
}

void
gw_renderer_draw_raster (cairo_t            *cr,
                         const GwRenderView *view,
                         cairo_surface_t    *raster,
                         const GwBBox       *where)
{
  double sx, sy, w, h;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (raster != NULL);

  if (gw_render_view_is_empty (view) || gw_bbox_is_empty (where))
    return;
  w = cairo_image_surface_get_width (raster);
  h = cairo_image_surface_get_height (raster);
  sx = view->width / (view->bbox.max_x - view->bbox.min_x);
  sy = view->height / (view->bbox.max_y - view->bbox.min_y);
  cairo_save (cr);
  cairo_translate (cr, (where->min_x - view->bbox.min_x) * sx, (view->bbox.max_y - where->max_y) * sy);
  cairo_scale (cr, (where->max_x - where->min_x) * sx / w, (where->max_y - where->min_y) * sy / h);
  cairo_set_source_surface (cr, raster, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_paint (cr);
  cairo_restore (cr);
}
