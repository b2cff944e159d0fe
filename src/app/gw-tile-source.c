/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-tile-source"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-tile-source.h"

/* Our offline base map and feature layers as a libshumate map source: each
 * tile is rendered by the one renderer on a worker thread from the immutable
 * snapshot, and finished (paintable, state) on the main thread, because
 * ShumateTile is not thread-safe. Labels are not in tiles: the overlay draws
 * them so they are not cut at tile edges. */

struct _GwTileSource
{
  ShumateMapSource  parent_instance;

  GwMapSnapshot    *snapshot;
  GwLayers          layers;
  int               scale_factor;
  guint             n_pending;   /* tiles asked for and not finished */
  guint             n_filled;    /* tiles finished with a picture */
};

enum
{
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (GwTileSource, gw_tile_source, SHUMATE_TYPE_MAP_SOURCE)

/* What a worker thread needs: no reference to the tile or the source. */
typedef struct
{
  GwMapSnapshot *snapshot;
  GwLayers       layers;
  int            zoom;
  int            x;
  int            y;
  int            tile_size;
  int            scale_factor;
  int            width;      /* device pixels */
  int            stride;
} GwTileJob;

static void
gw_tile_job_free (GwTileJob *job)
{
  g_clear_pointer (&job->snapshot, gw_map_snapshot_unref);
  g_free (job);
}

static void
render_tile_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GwTileJob *job = task_data;
  cairo_surface_t *surface;
  cairo_t *cr;
  GwRenderView view;
  GBytes *pixels;

  if (g_task_return_error_if_cancelled (task))
    return;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, job->width, job->width);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "Could not create a %d px tile surface", job->width);
      return;
    }

  cr = cairo_create (surface);
  cairo_scale (cr, job->scale_factor, job->scale_factor);
  gw_render_view_for_tile (&view, job->zoom, job->x, job->y, job->tile_size);
  gw_renderer_draw (job->snapshot, cr, &view, job->layers & ~GW_LAYER_LABELS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (g_task_return_error_if_cancelled (task))
    {
      cairo_surface_destroy (surface);
      return;
    }

  job->stride = cairo_image_surface_get_stride (surface);
  /* The bytes keep the surface alive instead of copying its pixels. */
  pixels = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                       (gsize) job->stride * job->width,
                                       (GDestroyNotify) cairo_surface_destroy,
                                       surface);
  g_task_return_pointer (task, pixels, (GDestroyNotify) g_bytes_unref);
}

/* One tile less to wait for (main thread). */
static void
tile_finished (GwTileSource *self,
               gboolean      filled)
{
  g_return_if_fail (self->n_pending > 0);

  self->n_pending--;
  if (filled)
    self->n_filled++;
  if (self->n_pending == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Back on the main thread: finish the tile. */
static void
on_tile_rendered (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) fill_task = user_data;
  ShumateTile *tile = g_task_get_task_data (fill_task);
  GwTileJob *job = g_task_get_task_data (G_TASK (result));
  GwTileSource *self = GW_TILE_SOURCE (object);
  g_autoptr(GBytes) pixels = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GError *error = NULL;

  pixels = g_task_propagate_pointer (G_TASK (result), &error);
  if (pixels == NULL)
    {
      tile_finished (self, FALSE);
      g_task_return_error (fill_task, error);
      return;
    }

  /* GDK_MEMORY_DEFAULT is CAIRO_FORMAT_ARGB32 in host byte order. */
  texture = gdk_memory_texture_new (job->width, job->width, GDK_MEMORY_DEFAULT,
                                    pixels, job->stride);
  shumate_tile_set_paintable (tile, GDK_PAINTABLE (texture));
  shumate_tile_set_fade_in (tile, FALSE);
  shumate_tile_set_state (tile, SHUMATE_STATE_DONE);
  tile_finished (self, TRUE);
  g_task_return_boolean (fill_task, TRUE);
}

static void
gw_tile_source_fill_tile_async (ShumateMapSource    *source,
                                ShumateTile         *tile,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GwTileSource *self = GW_TILE_SOURCE (source);
  g_autoptr(GTask) fill_task = NULL;
  g_autoptr(GTask) render_task = NULL;
  GwTileJob *job;

  fill_task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (fill_task, gw_tile_source_fill_tile_async);
  g_task_set_task_data (fill_task, g_object_ref (tile), g_object_unref);

  job = g_new0 (GwTileJob, 1);
  job->snapshot = gw_map_snapshot_ref (self->snapshot);
  job->layers = self->layers;
  job->zoom = shumate_tile_get_zoom_level (tile);
  job->x = shumate_tile_get_x (tile);
  job->y = shumate_tile_get_y (tile);
  job->tile_size = shumate_tile_get_size (tile);
  job->scale_factor = self->scale_factor;
  job->width = job->tile_size * job->scale_factor;

  shumate_tile_set_state (tile, SHUMATE_STATE_LOADING);
  if (self->n_pending++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  render_task = g_task_new (self, cancellable, on_tile_rendered, g_steal_pointer (&fill_task));
  g_task_set_source_tag (render_task, render_tile_thread);
  g_task_set_task_data (render_task, job, (GDestroyNotify) gw_tile_job_free);
  g_task_run_in_thread (render_task, render_tile_thread);
}

static gboolean
gw_tile_source_fill_tile_finish (ShumateMapSource  *source,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
gw_tile_source_finalize (GObject *object)
{
  GwTileSource *self = GW_TILE_SOURCE (object);

  g_clear_pointer (&self->snapshot, gw_map_snapshot_unref);

  G_OBJECT_CLASS (gw_tile_source_parent_class)->finalize (object);
}

static void
gw_tile_source_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GwTileSource *self = GW_TILE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, gw_tile_source_is_loading (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_tile_source_class_init (GwTileSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateMapSourceClass *source_class = SHUMATE_MAP_SOURCE_CLASS (klass);

  object_class->finalize = gw_tile_source_finalize;
  object_class->get_property = gw_tile_source_get_property;

  /**
   * GwTileSource:loading:
   *
   * Whether tiles asked for are still being drawn: what the map shows is
   * not yet all of this source.
   */
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                                   G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  source_class->fill_tile_async = gw_tile_source_fill_tile_async;
  source_class->fill_tile_finish = gw_tile_source_fill_tile_finish;
}

static void
gw_tile_source_init (GwTileSource *self)
{
  self->scale_factor = 1;
}

/**
 * gw_tile_source_new:
 * @snapshot: the features to draw
 * @layers: which layers tiles carry (labels are ignored: the overlay draws them)
 * @scale_factor: device pixels per logical pixel of the map widget
 *
 * Each source gets its own id, so that a map layer never serves tiles cached
 * for another snapshot or layer set.
 *
 * Returns: (transfer full): a new tile source
 */
GwTileSource *
gw_tile_source_new (GwMapSnapshot *snapshot,
                    GwLayers       layers,
                    int            scale_factor)
{
  static guint serial;
  g_autofree char *id = NULL;
  GwTileSource *self;

  g_return_val_if_fail (snapshot != NULL, NULL);

  id = g_strdup_printf ("gridwork-offline-%u", ++serial);
  self = g_object_new (GW_TYPE_TILE_SOURCE,
                       "id", id,
                       "name", _("Gridwork offline map"),
                       "license", _("Gridwork offline renderer"),
                       "min-zoom-level", GW_TILE_SOURCE_MIN_ZOOM,
                       "max-zoom-level", GW_TILE_SOURCE_MAX_ZOOM,
                       "tile-size", 256,
                       "projection", SHUMATE_MAP_PROJECTION_MERCATOR,
                       NULL);
  self->snapshot = gw_map_snapshot_ref (snapshot);
  self->layers = layers;
  self->scale_factor = CLAMP (scale_factor, 1, 4);

  return self;
}

GwMapSnapshot *
gw_tile_source_get_snapshot (GwTileSource *self)
{
  g_return_val_if_fail (GW_IS_TILE_SOURCE (self), NULL);

  return self->snapshot;
}

GwLayers
gw_tile_source_get_layers (GwTileSource *self)
{
  g_return_val_if_fail (GW_IS_TILE_SOURCE (self), 0);

  return self->layers;
}

int
gw_tile_source_get_scale_factor (GwTileSource *self)
{
  g_return_val_if_fail (GW_IS_TILE_SOURCE (self), 1);

  return self->scale_factor;
}

gboolean
gw_tile_source_is_loading (GwTileSource *self)
{
  g_return_val_if_fail (GW_IS_TILE_SOURCE (self), FALSE);

  return self->n_pending > 0;
}

guint
gw_tile_source_get_n_filled (GwTileSource *self)
{
  g_return_val_if_fail (GW_IS_TILE_SOURCE (self), 0);

  return self->n_filled;
}
