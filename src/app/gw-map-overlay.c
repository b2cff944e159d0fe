/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-map-overlay"

#include "config.h"

#include "gw-map-overlay.h"

/* What changes without new tiles — selection, hover and labels — drawn over
 * the tile layer each frame with the same renderer the tiles use. Labels live
 * here so that they are never cut at tile edges. */

struct _GwMapOverlay
{
  ShumateLayer   parent_instance;

  GwMapSnapshot *snapshot;
  GwLayers       layers;

  GwFeatureKind  selection_kind;
  gint64         selection_id;
  GwFeatureKind  hover_kind;
  gint64         hover_id;

  GHashTable    *plan_paint;
  GHashTable    *grid_fill;
  cairo_surface_t *raster;
  GwBBox         raster_where;

  /* The labels as last drawn, reused while nothing they depend on changed,
   * and moved and scaled with the tiles while new tiles are drawn. */
  cairo_surface_t *labels;
  GwBBox         labels_where;
  GwLayers       labels_layers;
  int            labels_scale;
  gboolean       labels_stale;   /* the snapshot or layers changed since */
  gboolean       tiles_loading;
  gboolean       line_shown;
  double         line[4];       /* mercator x0, y0, x1, y1 */
};

G_DEFINE_FINAL_TYPE (GwMapOverlay, gw_map_overlay, SHUMATE_TYPE_LAYER)

/* A screen pixel is 1/96 inch. */
#define SCREEN_PX_PER_MM (96.0 / 25.4)

/**
 * gw_map_overlay_get_view:
 * @self: a #GwMapOverlay
 * @view: (out caller-allocates): the view of the overlay's widget
 *
 * The mercator box the map widget shows right now, in the renderer's terms.
 */
void
gw_map_overlay_get_view (GwMapOverlay *self,
                         GwRenderView *view)
{
  ShumateViewport *viewport;
  double width, height, resolution, cx, cy;

  g_return_if_fail (GW_IS_MAP_OVERLAY (self));
  g_return_if_fail (view != NULL);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  resolution = gw_zoom_resolution (shumate_viewport_get_zoom_level (viewport));
  gw_lonlat_to_mercator (shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                         shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                         &cx, &cy);

  view->bbox.min_x = cx - width / 2.0 * resolution;
  view->bbox.max_x = cx + width / 2.0 * resolution;
  view->bbox.min_y = cy - height / 2.0 * resolution;
  view->bbox.max_y = cy + height / 2.0 * resolution;
  view->width = width;
  view->height = height;
  view->px_per_mm = SCREEN_PX_PER_MM;
}

static gboolean
same_box (const GwBBox *a,
          const GwBBox *b)
{
  return a->min_x == b->min_x && a->min_y == b->min_y && a->max_x == b->max_x &&
         a->max_y == b->max_y;
}

/* The labels, from the last picture of them when it still holds (same
 * view, file and layers: a hover or selection redraws without placing
 * every label again) or while tiles are being drawn (the picture moves
 * and scales with the old tiles instead of floating over them); else
 * placed again and kept. */
static void
draw_labels (GwMapOverlay       *self,
             cairo_t            *cr,
             const GwRenderView *view,
             int                 width,
             int                 height)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  gboolean fresh = self->labels != NULL && !self->labels_stale &&
                   self->labels_layers == self->layers && self->labels_scale == scale;
  cairo_t *lcr;

  if (fresh && (self->tiles_loading ||
                (same_box (&self->labels_where, &view->bbox) &&
                 cairo_image_surface_get_width (self->labels) == width * scale &&
                 cairo_image_surface_get_height (self->labels) == height * scale)))
    {
      gw_renderer_draw_raster (cr, view, self->labels, &self->labels_where);
      return;
    }

  g_clear_pointer (&self->labels, cairo_surface_destroy);
  self->labels = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);
  lcr = cairo_create (self->labels);
  cairo_scale (lcr, scale, scale);
  gw_renderer_draw_labels (self->snapshot, lcr, view, self->layers);
  cairo_destroy (lcr);
  self->labels_where = view->bbox;
  self->labels_layers = self->layers;
  self->labels_scale = scale;
  self->labels_stale = FALSE;

  cairo_save (cr);
  cairo_scale (cr, 1.0 / scale, 1.0 / scale);
  cairo_set_source_surface (cr, self->labels, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
}

static void
gw_map_overlay_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  GwMapOverlay *self = GW_MAP_OVERLAY (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GwRenderView view;
  cairo_t *cr;

  if (self->snapshot == NULL || width <= 0 || height <= 0)
    return;

  gw_map_overlay_get_view (self, &view);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (self->raster != NULL)
    gw_renderer_draw_raster (cr, &view, self->raster, &self->raster_where);
  if (self->grid_fill != NULL)
    gw_renderer_draw_grid_fill (self->snapshot, cr, &view, self->grid_fill);
  if (self->plan_paint != NULL)
    gw_renderer_draw_plan (self->snapshot, cr, &view, self->plan_paint);
  if (self->line_shown)
    {
      double sx = width / (view.bbox.max_x - view.bbox.min_x);
      double sy = height / (view.bbox.max_y - view.bbox.min_y);
      static const double dash[] = { 8, 4 };

      cairo_move_to (cr, (self->line[0] - view.bbox.min_x) * sx, (view.bbox.max_y - self->line[1]) * sy);
      cairo_line_to (cr, (self->line[2] - view.bbox.min_x) * sx, (view.bbox.max_y - self->line[3]) * sy);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
      cairo_set_line_width (cr, 5);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgba (cr, 0.80, 0.10, 0.10, 1);
      cairo_set_line_width (cr, 2.5);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  if (self->hover_id != 0
      && !(self->hover_kind == self->selection_kind && self->hover_id == self->selection_id))
    gw_renderer_draw_highlight (self->snapshot, cr, &view, self->hover_kind, self->hover_id, TRUE);
  if (self->selection_id != 0)
    gw_renderer_draw_highlight (self->snapshot, cr, &view,
                                self->selection_kind, self->selection_id, FALSE);
  if (self->layers & GW_LAYER_LABELS)
    draw_labels (self, cr, &view, width, height);

  cairo_destroy (cr);
}

static void
on_viewport_changed (GwMapOverlay *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
gw_map_overlay_constructed (GObject *object)
{
  GwMapOverlay *self = GW_MAP_OVERLAY (object);
  ShumateViewport *viewport;

  G_OBJECT_CLASS (gw_map_overlay_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_signal_connect_object (viewport, "notify::latitude",
                           G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::longitude",
                           G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (viewport, "notify::zoom-level",
                           G_CALLBACK (on_viewport_changed), self, G_CONNECT_SWAPPED);
}

static void
gw_map_overlay_finalize (GObject *object)
{
  GwMapOverlay *self = GW_MAP_OVERLAY (object);

  g_clear_pointer (&self->snapshot, gw_map_snapshot_unref);
  g_clear_pointer (&self->plan_paint, g_hash_table_unref);
  g_clear_pointer (&self->grid_fill, g_hash_table_unref);
  g_clear_pointer (&self->raster, cairo_surface_destroy);
  g_clear_pointer (&self->labels, cairo_surface_destroy);

  G_OBJECT_CLASS (gw_map_overlay_parent_class)->finalize (object);
}

static void
gw_map_overlay_class_init (GwMapOverlayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gw_map_overlay_constructed;
  object_class->finalize = gw_map_overlay_finalize;
  widget_class->snapshot = gw_map_overlay_snapshot;
}

static void
gw_map_overlay_init (GwMapOverlay *self)
{
  self->layers = GW_LAYER_ALL;
  /* Clicks go to the map's gestures underneath. */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

GwMapOverlay *
gw_map_overlay_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (GW_TYPE_MAP_OVERLAY, "viewport", viewport, NULL);
}

void
gw_map_overlay_set_snapshot (GwMapOverlay  *self,
                             GwMapSnapshot *snapshot)
{
  g_return_if_fail (GW_IS_MAP_OVERLAY (self));

  if (snapshot == self->snapshot)
    return;

  g_clear_pointer (&self->snapshot, gw_map_snapshot_unref);
  if (snapshot != NULL)
    self->snapshot = gw_map_snapshot_ref (snapshot);
  self->labels_stale = TRUE;
  self->selection_id = 0;
  self->hover_id = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

GwMapSnapshot *
gw_map_overlay_get_snapshot (GwMapOverlay *self)
{
  g_return_val_if_fail (GW_IS_MAP_OVERLAY (self), NULL);

  return self->snapshot;
}

void
gw_map_overlay_set_layers (GwMapOverlay *self,
                           GwLayers      layers)
{
  g_return_if_fail (GW_IS_MAP_OVERLAY (self));

  if (layers == self->layers)
    return;

  self->layers = layers;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * gw_map_overlay_set_selection:
 * @self: a #GwMapOverlay
 * @kind: %GW_FEATURE_GRID or %GW_FEATURE_BUILDING
 * @id: the feature's id, or 0 for no selection
 */
void
gw_map_overlay_set_selection (GwMapOverlay  *self,
                              GwFeatureKind  kind,
                              gint64         id)
{
  g_return_if_fail (GW_IS_MAP_OVERLAY (self));

  if (kind == self->selection_kind && id == self->selection_id)
    return;

  self->selection_kind = kind;
  self->selection_id = id;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
gw_map_overlay_get_selection (GwMapOverlay  *self,
                              GwFeatureKind *kind)
{
  g_return_val_if_fail (GW_IS_MAP_OVERLAY (self), 0);

  if (kind != NULL)
    *kind = self->selection_kind;
  return self->selection_id;
}

void
gw_map_overlay_set_hover (GwMapOverlay  *self,
                          GwFeatureKind  kind,
                          gint64         id)
{
  g_return_if_fail (GW_IS_MAP_OVERLAY (self));

  if (kind == self->hover_kind && id == self->hover_id)
    return;

  self->hover_kind = kind;
  self->hover_id = id;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gw_map_overlay_set_plan_paint (GwMapOverlay *self,
                               GHashTable   *paint)
{
  g_return_if_fail (GW_IS_MAP_OVERLAY (self));

  if (paint != self->plan_paint)
    {
      g_clear_pointer (&self->plan_paint, g_hash_table_unref);
      if (paint != NULL)
        self->plan_paint = g_hash_table_ref (paint);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gw_map_overlay_set_line (GwMapOverlay *self,
                         gboolean      shown,
                         double        x0,
                         double        y0,
                         double        x1,
                         double        y1)
{
  g_return_if_fail (GW_IS_MAP_OVERLAY (self));

  self->line_shown = shown;
  self->line[0] = x0;
  self->line[1] = y0;
  self->line[2] = x1;
  self->line[3] = y1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gw_map_overlay_set_grid_fill (GwMapOverlay *self,
                              GHashTable   *fill)
{
  g_return_if_fail (GW_IS_MAP_OVERLAY (self));

  if (fill != self->grid_fill)
    {
      g_clear_pointer (&self->grid_fill, g_hash_table_unref);
      if (fill != NULL)
        self->grid_fill = g_hash_table_ref (fill);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gw_map_overlay_set_raster (GwMapOverlay    *self,
                           cairo_surface_t *raster,
                           const GwBBox    *where)
{
  g_return_if_fail (GW_IS_MAP_OVERLAY (self));

  if (raster != self->raster)
    {
      g_clear_pointer (&self->raster, cairo_surface_destroy);
      if (raster != NULL)
        self->raster = cairo_surface_reference (raster);
    }
  if (where != NULL)
    self->raster_where = *where;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gw_map_overlay_set_tiles_loading (GwMapOverlay *self,
                                  gboolean      loading)
{
  g_return_if_fail (GW_IS_MAP_OVERLAY (self));

  if (self->tiles_loading == !!loading)
    return;
  self->tiles_loading = !!loading;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
gw_map_overlay_get_tiles_loading (GwMapOverlay *self)
{
  g_return_val_if_fail (GW_IS_MAP_OVERLAY (self), FALSE);

  return self->tiles_loading;
}
