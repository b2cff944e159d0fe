/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-renderer"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "gw-case-bins.h"
#include "gw-render-shape.h"
#include "gw-renderer.h"
#include "gw-style.h"

#define WEB_MERCATOR_RES0 156543.03392804097  /* m/px at zoom 0, 256 px tiles */

/* Vertices closer than this (device units) to the previous one are dropped:
 * they cannot change a pixel, and they cost rasterizer time. */
#define SIMPLIFY_TOLERANCE 0.45

/* Aggregated case bubbles: the bin size in map pixels. Bins are anchored to
 * the world, not the view, so neighbouring tiles agree on every bubble. */
#define CASE_BIN_PX 44.0
#define CASE_BUBBLE_MAX_PX 17.0

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

/* One drawing pass: the view's transform and the zoom-dependent sizes. */
typedef struct
{
  cairo_t            *cr;
  const GwRenderView *view;
  const GwStyle      *style;
  GwRenderTransform   xf;                  /* mercator to device units */
  double              unit;                /* device units per map pixel */
  double              zoom;
  double              ground_m_per_px;     /* ground metres per map pixel */
  double              merc_m_per_px;       /* mercator metres per map pixel */
  GPtrArray          *found;               /* scratch: features met by a query */
} Frame;

static void
frame_init (Frame              *f,
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
}

static void
frame_clear (Frame *f)
{
  g_clear_pointer (&f->found, g_ptr_array_unref);
}

static inline double
dev_x (const Frame *f,
       double       x)
{
  return gw_render_transform_x (&f->xf, x);
}

static inline double
dev_y (const Frame *f,
       double       y)
{
  return gw_render_transform_y (&f->xf, y);
}

static gboolean
collect_cb (const GwFeature *feature,
            gpointer         user_data)
{
  g_ptr_array_add (user_data, (gpointer) feature);
  return TRUE;
}

/* Features of @kind whose bbox meets the view grown by @margin_px map
 * pixels (for line widths and symbols reaching in from outside). */
static GPtrArray *
frame_collect (Frame         *f,
               GwMapSnapshot *snapshot,
               GwFeatureKind  kind,
               double         margin_px)
{
  double margin = margin_px * f->merc_m_per_px;
  GwBBox query = {
    f->view->bbox.min_x - margin, f->view->bbox.min_y - margin,
    f->view->bbox.max_x + margin, f->view->bbox.max_y + margin,
  };

  g_ptr_array_set_size (f->found, 0);
  gw_map_snapshot_query (snapshot, kind, &query, collect_cb, f->found);
  return f->found;
}

/* The same for the deduplicated outlines of communities or grids. */
static GPtrArray *
frame_collect_boundaries (Frame         *f,
                          GwMapSnapshot *snapshot,
                          GwFeatureKind  kind,
                          double         margin_px)
{
  double margin = margin_px * f->merc_m_per_px;
  GwBBox query = {
    f->view->bbox.min_x - margin, f->view->bbox.min_y - margin,
    f->view->bbox.max_x + margin, f->view->bbox.max_y + margin,
  };

  g_ptr_array_set_size (f->found, 0);
  gw_map_snapshot_query_boundaries (snapshot, kind, &query, collect_cb, f->found);
  return f->found;
}

static void
append_shape (const Frame   *f,
              const GwShape *shape,
              gboolean       closed)
{
  gw_render_append_shape (f->cr, &f->xf, shape,
                          closed ? GW_RENDER_SHAPE_CLOSED : GW_RENDER_SHAPE_OPEN,
                          SIMPLIFY_TOLERANCE);
}

/* Size of a shape on the target, in device units. */
static double
shape_extent_px (const Frame   *f,
                 const GwShape *shape)
{
  return MAX ((shape->bbox.max_x - shape->bbox.min_x) * f->xf.scale_x,
              (shape->bbox.max_y - shape->bbox.min_y) * f->xf.scale_y);
}

static void
draw_lots (Frame         *f,
           GwMapSnapshot *snapshot)
{
  cairo_t *cr = f->cr;
  GPtrArray *lots;
  gboolean outlines = f->zoom >= GW_STYLE_LOT_OUTLINE_ZOOM;
  gboolean blocks_from_grids = f->zoom < GW_STYLE_LOT_ZOOM;
  int first_klass = 0;

  /* Zoomed out, thousands of compound lots of one colour cost more than
   * they show: the grids they make up are filled instead, and only lots of
   * the other kinds are drawn over them. */
  if (blocks_from_grids)
    {
      GPtrArray *grids = frame_collect (f, snapshot, GW_FEATURE_GRID, 1);

      for (guint i = 0; i < grids->len; i++)
        append_shape (f, &((const GwFeature *) g_ptr_array_index (grids, i))->shape, TRUE);
      gw_style_set_source (cr, &f->style->lot_fill[0]);
      cairo_fill (cr);
      first_klass = 1;
    }

  lots = frame_collect (f, snapshot, GW_FEATURE_LOT, 2);
  for (int klass = first_klass; klass < 4; klass++)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < lots->len; i++)
        {
          const GwFeature *lot = g_ptr_array_index (lots, i);

          if (CLAMP (lot->klass, 0, 3) != klass)
            continue;
          append_shape (f, &lot->shape, TRUE);
          any = TRUE;
        }
      if (!any)
        continue;

      gw_style_set_source (cr, &f->style->lot_fill[klass]);
      if (outlines)
        {
          cairo_fill_preserve (cr);
          gw_style_set_source (cr, &f->style->lot_outline);
          cairo_set_line_width (cr, 0.8 * f->unit);
          cairo_stroke (cr);
        }
      else
        cairo_fill (cr);
    }
}

static void
draw_roads (Frame         *f,
            GwMapSnapshot *snapshot)
{
  cairo_t *cr = f->cr;
  GPtrArray *roads;
  cairo_path_t *paths[3] = { NULL, NULL, NULL };
  double widest = gw_style_road_casing_width (0, f->zoom, f->ground_m_per_px);

  roads = frame_collect (f, snapshot, GW_FEATURE_ROAD, widest / 2 + 2);
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
            gw_render_append_lines_culled (cr, &f->xf, &road->shape, SIMPLIFY_TOLERANCE,
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

static void
draw_buildings (Frame         *f,
                GwMapSnapshot *snapshot)
{
  cairo_t *cr = f->cr;
  GPtrArray *buildings;
  gboolean outlines = f->zoom >= GW_STYLE_DETAIL_ZOOM;
  /* Below the detail zoom a building under ~3 px is noise, not a house. */
  double min_extent = outlines ? 0 : 3 * f->unit;

  if (f->zoom < GW_STYLE_BUILDING_ZOOM)
    return;

  buildings = frame_collect (f, snapshot, GW_FEATURE_BUILDING, 1);
  for (int use = 0; use < 3; use++)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < buildings->len; i++)
        {
          const GwFeature *building = g_ptr_array_index (buildings, i);

          if (CLAMP (building->flags, 0, 2) != use ||
              shape_extent_px (f, &building->shape) < min_extent)
            continue;
          append_shape (f, &building->shape, TRUE);
          any = TRUE;
        }
      if (!any)
        continue;

      gw_style_set_source (cr, &f->style->building_fill[use]);
      if (outlines)
        {
          cairo_fill_preserve (cr);
          gw_style_set_source (cr, &f->style->building_outline[use]);
          cairo_set_line_width (cr, gw_style_building_outline_width (f->zoom) * f->unit);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
          cairo_stroke (cr);
        }
      else
        cairo_fill (cr);
    }
}

static void
draw_communities (Frame         *f,
                  GwMapSnapshot *snapshot)
{
  cairo_t *cr = f->cr;
  double band = gw_style_community_band_width (f->zoom);
  double dashes[2] = { 7 * f->unit, 4 * f->unit };
  GPtrArray *runs = frame_collect_boundaries (f, snapshot, GW_FEATURE_COMMUNITY, band);

  if (runs->len == 0)
    return;

  for (guint i = 0; i < runs->len; i++)
    append_shape (f, &((const GwFeature *) g_ptr_array_index (runs, i))->shape, FALSE);

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
}

static void
draw_grids (Frame         *f,
            GwMapSnapshot *snapshot)
{
  cairo_t *cr = f->cr;
  double width = gw_style_grid_line_width (f->zoom);
  GPtrArray *runs = frame_collect_boundaries (f, snapshot, GW_FEATURE_GRID, width + 2);

  if (runs->len == 0)
    return;

  for (guint i = 0; i < runs->len; i++)
    append_shape (f, &((const GwFeature *) g_ptr_array_index (runs, i))->shape, FALSE);

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

static void
draw_case_dots (Frame     *f,
                GPtrArray *cases)
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
          gw_render_append_dot (cr, dev_x (f, c->label_point.x), dev_y (f, c->label_point.y),
                    r + 2.8 * f->unit);
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
              gw_render_append_dot (cr, dev_x (f, c->label_point.x), dev_y (f, c->label_point.y),
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
draw_case_bubbles (Frame         *f,
                   GwMapSnapshot *snapshot)
{
  cairo_t *cr = f->cr;
  double bin_m = CASE_BIN_PX * f->merc_m_per_px;
  double reach = bin_m + (CASE_BUBBLE_MAX_PX + 4) * f->merc_m_per_px;
  GwBBox query = {
    f->view->bbox.min_x - reach, f->view->bbox.min_y - reach,
    f->view->bbox.max_x + reach, f->view->bbox.max_y + reach,
  };
  g_autoptr (GArray) points = NULL;
  g_autoptr (GArray) bins = NULL;

  g_ptr_array_set_size (f->found, 0);
  gw_map_snapshot_query (snapshot, GW_FEATURE_CASE, &query, collect_cb, f->found);

  points = g_array_sized_new (FALSE, FALSE, sizeof (GwCasePoint), f->found->len);
  for (guint i = 0; i < f->found->len; i++)
    {
      const GwFeature *c = g_ptr_array_index (f->found, i);
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

          x = dev_x (f, bin->x);
          y = dev_y (f, bin->y);
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

static void
draw_cases (Frame         *f,
            GwMapSnapshot *snapshot)
{
  cairo_set_fill_rule (f->cr, CAIRO_FILL_RULE_WINDING);
  if (f->zoom < GW_STYLE_CASE_AGGREGATE_BELOW_ZOOM)
    draw_case_bubbles (f, snapshot);
  else
    draw_case_dots (f, frame_collect (f, snapshot, GW_FEATURE_CASE,
                                      gw_style_case_radius (f->zoom) + 4));
  cairo_set_fill_rule (f->cr, CAIRO_FILL_RULE_EVEN_ODD);
}

static void
draw_layers (GwMapSnapshot      *snapshot,
             cairo_t            *cr,
             const GwRenderView *view,
             GwLayers            layers,
             const GwStyle      *style)
{
  Frame f;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, view->width, view->height);
  cairo_clip (cr);
  cairo_new_path (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  /* 4×4 supersampling: indistinguishable on maps at this line density, and
   * twice as fast as cairo's default for the long thin strokes of roads
   * and boundaries. */
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);

  frame_init (&f, cr, view, style);

  if (layers & GW_LAYER_BASE)
    {
      gw_style_set_source (cr, &f.style->land);
      cairo_paint (cr);
      draw_lots (&f, snapshot);
      draw_roads (&f, snapshot);
    }
  if (layers & GW_LAYER_BUILDINGS)
    draw_buildings (&f, snapshot);
  if (layers & GW_LAYER_COMMUNITIES)
    draw_communities (&f, snapshot);
  if (layers & GW_LAYER_GRIDS)
    draw_grids (&f, snapshot);
  if (layers & GW_LAYER_CASES)
    draw_cases (&f, snapshot);

  frame_clear (&f);
  cairo_restore (cr);
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

  if (view->width <= 0 || view->height <= 0 ||
      view->bbox.max_x <= view->bbox.min_x || view->bbox.max_y <= view->bbox.min_y)
    return;

  if (can_draw_in_bands (cr, view))
    draw_in_bands (snapshot, cr, view, layers, style);
  else
    draw_layers (snapshot, cr, view, layers, style);

  if (layers & GW_LAYER_LABELS)
    gw_renderer_draw_labels_styled (snapshot, cr, view, layers, style, NULL);
}

/* Labels ------------------------------------------------------------------- */

typedef struct
{
  Frame         f;
  PangoContext *context;
  GHashTable   *layouts;     /* style and text → Label */
  GArray       *placed;      /* GwBBox in device units */
  GArray       *road_names;  /* RoadLabel: repeated names keep their distance */
  gboolean      raster_halo;
  GwLabelCache *cache;       /* vector targets: each distinct label drawn once */
} LabelFrame;

struct _GwLabelCache
{
  GHashTable *forms;         /* label, size and colours → recording surface */
};

/* A shaped text: shaping is most of the cost of a label, and map labels
 * repeat (road names, grid sequences), so each is shaped once per call. */
typedef struct
{
  PangoLayout *layout;
  double       width, height;
  const char  *key;          /* its key in LabelFrame.layouts */
} Label;

typedef struct
{
  const char *name;
  double      x, y;
} RoadLabel;

static void
label_free (gpointer data)
{
  Label *label = data;

  g_object_unref (label->layout);
  g_free (label);
}

static PangoFontDescription *
base_font (gboolean bold)
{
  static PangoFontDescription *fonts[2];
  static gsize initialised = 0;

  /* Shared read-only by all threads; layouts copy what they use. */
  if (g_once_init_enter (&initialised))
    {
      fonts[0] = pango_font_description_new ();
      pango_font_description_set_family_static (fonts[0], GW_STYLE_FONT_FAMILY);
      pango_font_description_set_weight (fonts[0], PANGO_WEIGHT_NORMAL);
      fonts[1] = pango_font_description_copy (fonts[0]);
      pango_font_description_set_weight (fonts[1], PANGO_WEIGHT_BOLD);
      g_once_init_leave (&initialised, 1);
    }

  return fonts[bold ? 1 : 0];
}

static const Label *
label_get (LabelFrame *lf,
           const char *text,
           double      size_px,
           gboolean    bold,
           double      letter_spacing_px)
{
  g_autofree char *key = g_strdup_printf ("%d|%.3f|%.3f|%s", bold, size_px,
                                          letter_spacing_px, text);
  Label *label = g_hash_table_lookup (lf->layouts, key);
  g_autoptr (PangoFontDescription) font = NULL;
  PangoRectangle logical;

  if (label != NULL)
    return label;

  label = g_new0 (Label, 1);
  label->layout = pango_layout_new (lf->context);
  font = pango_font_description_copy (base_font (bold));
  pango_font_description_set_absolute_size (font, size_px * lf->f.unit * PANGO_SCALE);
  pango_layout_set_font_description (label->layout, font);
  if (letter_spacing_px > 0)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_letter_spacing_new (
                                (int) (letter_spacing_px * lf->f.unit * PANGO_SCALE)));
      pango_layout_set_attributes (label->layout, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_set_text (label->layout, text, -1);
  pango_layout_get_extents (label->layout, NULL, &logical);
  label->width = (double) logical.width / PANGO_SCALE;
  label->height = (double) logical.height / PANGO_SCALE;
  label->key = key;

  g_hash_table_insert (lf->layouts, g_steal_pointer (&key), label);
  return label;
}

/* Reserves @box unless it leaves the view or meets a placed label. */
static gboolean
label_reserve (LabelFrame   *lf,
               const GwBBox *box)
{
  if (box->min_x < 0 || box->min_y < 0 ||
      box->max_x > lf->f.view->width || box->max_y > lf->f.view->height)
    return FALSE;

  for (guint i = 0; i < lf->placed->len; i++)
    if (gw_bbox_intersects (box, &g_array_index (lf->placed, GwBBox, i)))
      return FALSE;

  g_array_append_val (lf->placed, *box);
  return TRUE;
}

GwLabelCache *
gw_label_cache_new (void)
{
  GwLabelCache *cache = g_new0 (GwLabelCache, 1);

  cache->forms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) cairo_surface_destroy);
  return cache;
}

void
gw_label_cache_free (GwLabelCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_unref (cache->forms);
  g_free (cache);
}

/* The halo and text of @label, recorded once: painted as a pattern, a PDF
 * stores it as one form that every page refers to, instead of the halo's
 * glyph outlines on every page (most of an atlas's size and time). */
static cairo_surface_t *
label_form (LabelFrame    *lf,
            const Label   *label,
            const GwColor *color)
{
  const GwColor *halo = &lf->f.style->label_halo;
  double margin = gw_style_label_halo_width () * lf->f.unit * 2;
  g_autofree char *key = g_strdup_printf ("%s|%.4f|%.3f,%.3f,%.3f,%.3f|%.3f,%.3f,%.3f,%.3f",
                                          label->key, lf->f.unit, color->red, color->green,
                                          color->blue, color->alpha, halo->red, halo->green,
                                          halo->blue, halo->alpha);
  cairo_surface_t *form = g_hash_table_lookup (lf->cache->forms, key);
  cairo_rectangle_t extents = { -margin, -margin, label->width + 2 * margin,
                                label->height + 2 * margin };
  cairo_t *cr;

  if (form != NULL)
    return form;

  form = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
  cr = cairo_create (form);
  cairo_move_to (cr, 0, 0);
  pango_cairo_layout_path (cr, label->layout);
  gw_style_set_source (cr, halo);
  cairo_set_line_width (cr, gw_style_label_halo_width () * lf->f.unit);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_move_to (cr, 0, 0);
  gw_style_set_source (cr, color);
  pango_cairo_show_layout (cr, label->layout);
  cairo_destroy (cr);

  g_hash_table_insert (lf->cache->forms, g_steal_pointer (&key), form);
  return form;
}

/* Paints @label with its top-left at (x, y) in the current user space: a
 * soft halo first, then the text. */
static void
label_paint (LabelFrame    *lf,
             const Label   *label,
             double         x,
             double         y,
             const GwColor *color)
{
  cairo_t *cr = lf->f.cr;

  if (!lf->raster_halo && lf->cache != NULL)
    {
      cairo_set_source_surface (cr, label_form (lf, label, color), x, y);
      cairo_paint (cr);
      return;
    }

  if (lf->raster_halo)
    {
      /* On pixels, eight offset copies from cairo's glyph cache make the
       * same halo as stroking the outlines, several times faster. */
      double r = gw_style_label_halo_width () / 2 * lf->f.unit;
      static const double dirs[8][2] = {
        { 1, 0 }, { -1, 0 }, { 0, 1 }, { 0, -1 },
        { G_SQRT2 / 2, G_SQRT2 / 2 }, { -G_SQRT2 / 2, G_SQRT2 / 2 },
        { G_SQRT2 / 2, -G_SQRT2 / 2 }, { -G_SQRT2 / 2, -G_SQRT2 / 2 },
      };

      gw_style_set_source (cr, &lf->f.style->label_halo);
      for (int k = 0; k < 8; k++)
        {
          cairo_move_to (cr, x + dirs[k][0] * r, y + dirs[k][1] * r);
          pango_cairo_show_layout (cr, label->layout);
        }
    }
  else
    {
      cairo_move_to (cr, x, y);
      pango_cairo_layout_path (cr, label->layout);
      gw_style_set_source (cr, &lf->f.style->label_halo);
      cairo_set_line_width (cr, gw_style_label_halo_width () * lf->f.unit);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke (cr);
    }

  cairo_move_to (cr, x, y);
  gw_style_set_source (cr, color);
  pango_cairo_show_layout (cr, label->layout);
}

/* A horizontal label centred on (x, y); FALSE when it did not fit. */
static gboolean
label_place_centred (LabelFrame    *lf,
                     const Label   *label,
                     double         x,
                     double         y,
                     const GwColor *color)
{
  double w = label->width, h = label->height, pad = 2 * lf->f.unit;
  GwBBox box = { x - w / 2 - pad, y - h / 2 - pad, x + w / 2 + pad, y + h / 2 + pad };

  if (!label_reserve (lf, &box))
    return FALSE;

  label_paint (lf, label, x - w / 2, y - h / 2, color);
  return TRUE;
}

static void
label_communities (LabelFrame    *lf,
                   GwMapSnapshot *snapshot)
{
  Frame *f = &lf->f;
  GPtrArray *communities = frame_collect (f, snapshot, GW_FEATURE_COMMUNITY, 0);
  double size = gw_style_community_font_size (f->zoom);

  for (guint i = 0; i < communities->len; i++)
    {
      const GwFeature *community = g_ptr_array_index (communities, i);
      const Label *label;

      if (community->label == NULL || *community->label == '\0')
        continue;
      label = label_get (lf, community->label, size, TRUE, size * 0.25);
      /* A name wider than its community would read as its neighbour's. */
      if (label->width > (community->shape.bbox.max_x - community->shape.bbox.min_x) * f->xf.scale_x * 0.8)
        continue;
      label_place_centred (lf, label, dev_x (f, community->label_point.x),
                           dev_y (f, community->label_point.y), &f->style->community_label);
    }
}

static void
label_grids (LabelFrame    *lf,
             GwMapSnapshot *snapshot)
{
  Frame *f = &lf->f;
  GPtrArray *grids = frame_collect (f, snapshot, GW_FEATURE_GRID, 0);
  double size = gw_style_grid_font_size (f->zoom);
  gboolean full = f->zoom >= GW_STYLE_FULL_GRID_CODE_ZOOM;
  gboolean with_name = f->zoom >= GW_STYLE_FULL_GRID_CODE_ZOOM + 0.4;

  for (guint i = 0; i < grids->len; i++)
    {
      const GwFeature *grid = g_ptr_array_index (grids, i);
      const char *code = grid->label != NULL ? grid->label : "";
      double x = dev_x (f, grid->label_point.x);
      double y = dev_y (f, grid->label_point.y);
      double grid_w = (grid->shape.bbox.max_x - grid->shape.bbox.min_x) * f->xf.scale_x;
      double pad = 2 * f->unit, w, h;
      const Label *label, *name = NULL;
      GwBBox box;

      if (*code == '\0' || x < 0 || y < 0 || x > f->view->width || y > f->view->height)
        continue;

      /* Zoomed out, or where the full code does not fit, the three-digit
       * sequence is what staff call a grid by. */
      label = full ? label_get (lf, code, size, TRUE, 0) : NULL;
      if (label == NULL || label->width > grid_w)
        label = label_get (lf, code + MAX ((int) strlen (code) - 3, 0), size, TRUE, 0);
      if (label->width > grid_w)
        continue;

      if (with_name && grid->name != NULL && *grid->name != '\0')
        {
          name = label_get (lf, grid->name, size * 0.9, FALSE, 0);
          if (name->width > grid_w)
            name = NULL;
        }

      w = MAX (label->width, name != NULL ? name->width : 0);
      h = label->height + (name != NULL ? name->height : 0);
      box = (GwBBox) { x - w / 2 - pad, y - h / 2 - pad, x + w / 2 + pad, y + h / 2 + pad };
      if (!label_reserve (lf, &box))
        continue;

      label_paint (lf, label, x - label->width / 2, y - h / 2, &f->style->grid_label);
      if (name != NULL)
        label_paint (lf, name, x - name->width / 2, y - h / 2 + label->height,
                     &f->style->grid_name_label);
    }
}

static void
label_roads (LabelFrame    *lf,
             GwMapSnapshot *snapshot)
{
  Frame *f = &lf->f;
  cairo_t *cr = f->cr;
  GPtrArray *roads;
  double size = gw_style_road_font_size (f->zoom);
  double repeat = 260 * f->unit;

  if (f->zoom < 14.5)
    return;

  roads = frame_collect (f, snapshot, GW_FEATURE_ROAD, 0);
  for (guint i = 0; i < roads->len; i++)
    {
      const GwFeature *road = g_ptr_array_index (roads, i);
      const GwShape *shape = &road->shape;
      const Label *label;
      double best_len = 0, ax = 0, ay = 0, bx = 0, by = 0;
      double w, h, mx, my, angle, c, s, hw, hh, pad = 2 * f->unit;
      gboolean near_same = FALSE;
      GwBBox box;

      if (road->label == NULL || *road->label == '\0')
        continue;
      /* Lanes are named only close up. */
      if (road->klass >= 2 && f->zoom < 16.5)
        continue;

      /* The longest nearly straight stretch (consecutive segments within
       * ~12° of its first) whose middle is on the view: roads are drawn
       * with many short segments, a name needs a run of them. */
      for (guint r = 0; r < shape->n_rings; r++)
        {
          guint start = shape->ring_starts[r], end = shape->ring_starts[r + 1];
          guint k = start;

          while (k + 1 < end)
            {
              double x0 = dev_x (f, shape->points[k].x), y0 = dev_y (f, shape->points[k].y);
              double x1 = dev_x (f, shape->points[k + 1].x);
              double y1 = dev_y (f, shape->points[k + 1].y);
              double dir = atan2 (y1 - y0, x1 - x0);
              guint j = k + 1;

              while (j + 1 < end)
                {
                  double nx = dev_x (f, shape->points[j + 1].x) - dev_x (f, shape->points[j].x);
                  double ny = dev_y (f, shape->points[j + 1].y) - dev_y (f, shape->points[j].y);
                  double turn = fabs (remainder (atan2 (ny, nx) - dir, 2 * G_PI));

                  if (turn > 0.21)
                    break;
                  j++;
                }

              x1 = dev_x (f, shape->points[j].x);
              y1 = dev_y (f, shape->points[j].y);
              {
                double len = hypot (x1 - x0, y1 - y0);
                double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;

                if (len > best_len && cx >= 0 && cy >= 0 &&
                    cx <= f->view->width && cy <= f->view->height)
                  {
                    best_len = len;
                    ax = x0; ay = y0; bx = x1; by = y1;
                  }
              }
              k = j;
            }
        }
      if (best_len <= 0)
        continue;

      mx = (ax + bx) / 2;
      my = (ay + by) / 2;
      for (guint k = 0; k < lf->road_names->len && !near_same; k++)
        {
          RoadLabel *placed = &g_array_index (lf->road_names, RoadLabel, k);

          near_same = hypot (placed->x - mx, placed->y - my) < repeat &&
                      strcmp (placed->name, road->label) == 0;
        }
      if (near_same)
        continue;

      /* Main roads are named a little larger: they are how people find
       * their way on the map. */
      label = label_get (lf, road->label, road->klass == 0 ? size * 1.1 : size, FALSE,
                         size * 0.1);
      w = label->width;
      h = label->height;
      if (w + 8 * f->unit > best_len)
        continue;

      /* Upright: never read a street name upside down. */
      angle = atan2 (by - ay, bx - ax);
      if (angle > G_PI / 2)
        angle -= G_PI;
      else if (angle < -G_PI / 2)
        angle += G_PI;

      c = fabs (cos (angle));
      s = fabs (sin (angle));
      hw = (w * c + h * s) / 2 + pad;
      hh = (w * s + h * c) / 2 + pad;
      box = (GwBBox) { mx - hw, my - hh, mx + hw, my + hh };
      if (!label_reserve (lf, &box))
        continue;

      {
        RoadLabel placed = { road->label, mx, my };

        g_array_append_val (lf->road_names, placed);
      }

      /* Unhinted text (see gw_renderer_draw_labels) turns without
       * re-shaping. */
      cairo_save (cr);
      cairo_translate (cr, mx, my);
      cairo_rotate (cr, angle);
      label_paint (lf, label, -w / 2, -h / 2, &f->style->road_label);
      cairo_restore (cr);
    }
}

/* Case dots are obstacles for the labels placed after them: a building
 * number must not hide an overdue case. */
static void
label_reserve_cases (LabelFrame    *lf,
                     GwMapSnapshot *snapshot)
{
  Frame *f = &lf->f;
  double r = (gw_style_case_radius (f->zoom) + 2.5) * f->unit;
  GPtrArray *cases = frame_collect (f, snapshot, GW_FEATURE_CASE, 0);

  for (guint i = 0; i < cases->len; i++)
    {
      const GwFeature *c = g_ptr_array_index (cases, i);
      double x = dev_x (f, c->label_point.x), y = dev_y (f, c->label_point.y);
      GwBBox box = { x - r, y - r, x + r, y + r };

      g_array_append_val (lf->placed, box);
    }
}

static void
label_buildings (LabelFrame    *lf,
                 GwMapSnapshot *snapshot)
{
  Frame *f = &lf->f;
  GPtrArray *buildings;
  double size = gw_style_building_font_size (f->zoom);

  if (f->zoom < GW_STYLE_BUILDING_LABEL_ZOOM)
    return;

  buildings = frame_collect (f, snapshot, GW_FEATURE_BUILDING, 0);
  for (guint i = 0; i < buildings->len; i++)
    {
      const GwFeature *building = g_ptr_array_index (buildings, i);
      const Label *label;

      if (building->label == NULL || *building->label == '\0')
        continue;
      label = label_get (lf, building->label, size, FALSE, 0);
      if (label->width > (building->shape.bbox.max_x - building->shape.bbox.min_x) * f->xf.scale_x)
        continue;
      label_place_centred (lf, label, dev_x (f, building->label_point.x),
                           dev_y (f, building->label_point.y), &f->style->building_label);
    }
}

void
gw_renderer_draw_labels (GwMapSnapshot      *snapshot,
                         cairo_t            *cr,
                         const GwRenderView *view,
                         GwLayers            layers)
{
  gw_renderer_draw_labels_styled (snapshot, cr, view, layers, NULL, NULL);
}

void
gw_renderer_draw_labels_styled (GwMapSnapshot      *snapshot,
                                cairo_t            *cr,
                                const GwRenderView *view,
                                GwLayers            layers,
                                const GwStyle      *style,
                                GwLabelCache       *cache)
{
  LabelFrame lf;
  cairo_font_options_t *options;

  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (view != NULL);

  if (view->width <= 0 || view->height <= 0 ||
      view->bbox.max_x <= view->bbox.min_x || view->bbox.max_y <= view->bbox.min_y)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, view->width, view->height);
  cairo_clip (cr);
  cairo_new_path (cr);

  frame_init (&lf.f, cr, view, style);
  /* One context per call: Pango objects are not shared between threads. */
  lf.context = pango_cairo_create_context (cr);
  pango_context_set_language (lf.context, pango_language_from_string ("zh-cn"));
  /* Rotated and scaled text must not snap to the pixel grid. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (lf.context, options);
  cairo_font_options_destroy (options);
  /* Vector files get a real stroked halo: offset copies would repeat the
   * text nine times in a PDF. */
  lf.raster_halo = cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_IMAGE;
  lf.cache = cache;
  lf.layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, label_free);
  lf.placed = g_array_new (FALSE, FALSE, sizeof (GwBBox));
  lf.road_names = g_array_new (FALSE, FALSE, sizeof (RoadLabel));

  /* Priority by order: what is placed first wins a collision. */
  if (layers & GW_LAYER_COMMUNITIES)
    label_communities (&lf, snapshot);
  if (layers & GW_LAYER_GRIDS)
    label_grids (&lf, snapshot);
  if ((layers & GW_LAYER_CASES) && lf.f.zoom >= GW_STYLE_CASE_AGGREGATE_BELOW_ZOOM)
    label_reserve_cases (&lf, snapshot);
  if (layers & GW_LAYER_BASE)
    label_roads (&lf, snapshot);
  if (layers & GW_LAYER_BUILDINGS)
    label_buildings (&lf, snapshot);

  g_array_unref (lf.road_names);
  g_array_unref (lf.placed);
  g_hash_table_unref (lf.layouts);
  g_object_unref (lf.context);
  frame_clear (&lf.f);
  cairo_restore (cr);
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
  Frame f;
  double width;

  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (view != NULL);

  feature = gw_map_snapshot_lookup (snapshot, kind, id);
  if (feature == NULL ||
      view->width <= 0 || view->height <= 0 ||
      view->bbox.max_x <= view->bbox.min_x || view->bbox.max_y <= view->bbox.min_y)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, view->width, view->height);
  cairo_clip (cr);
  cairo_new_path (cr);
  frame_init (&f, cr, view, NULL);
  style = f.style;
  width = (hover ? 2.0 : 3.0) * f.unit;
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);

  switch (kind)
    {
    case GW_FEATURE_CASE:
      gw_render_append_dot (cr, dev_x (&f, feature->label_point.x), dev_y (&f, feature->label_point.y),
                (gw_style_case_radius (f.zoom) + 4) * f.unit);
      break;

    case GW_FEATURE_ROAD:
      append_shape (&f, &feature->shape, FALSE);
      break;

    case GW_FEATURE_COMMUNITY:
    case GW_FEATURE_GRID:
    case GW_FEATURE_LOT:
    case GW_FEATURE_BUILDING:
    default:
      append_shape (&f, &feature->shape, TRUE);
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

  frame_clear (&f);
  cairo_restore (cr);
}
