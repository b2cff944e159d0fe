/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-base-map-source"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "gw-base-map-source.h"

struct _GwBaseMapSource
{
  ShumateMapSource  parent_instance;

  GwMbtiles        *file;   /* shared with worker threads; it locks itself */
};

G_DEFINE_FINAL_TYPE (GwBaseMapSource, gw_base_map_source, SHUMATE_TYPE_MAP_SOURCE)

typedef struct
{
  GwMbtiles *file;          /* owned by the source, which the task holds */
  int        zoom, x, y;
} TileJob;

/* Worker thread: the tile's bytes, decoded into a texture (GdkTexture is
 * immutable, so it may be made here); NULL where the file has no tile. */
static void
read_tile_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  TileJob *job = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  GdkTexture *texture;

  if (g_task_return_error_if_cancelled (task))
    return;
  bytes = gw_mbtiles_get_tile (job->file, job->zoom, job->x, job->y, &error);
  if (bytes == NULL)
    {
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, NULL, NULL);
      return;
    }
  texture = gdk_texture_new_from_bytes (bytes, &error);
  if (texture == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static void
on_tile_read (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) fill_task = user_data;
  ShumateTile *tile = g_task_get_task_data (fill_task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), &error);

  if (error != NULL)
    {
      g_task_return_error (fill_task, g_steal_pointer (&error));
      return;
    }
  /* No tile here: the base map simply has nothing to show. */
  if (texture != NULL)
    shumate_tile_set_paintable (tile, GDK_PAINTABLE (texture));
  shumate_tile_set_state (tile, SHUMATE_STATE_DONE);
  g_task_return_boolean (fill_task, TRUE);
}

static void
gw_base_map_source_fill_tile_async (ShumateMapSource    *source,
                                    ShumateTile         *tile,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GwBaseMapSource *self = GW_BASE_MAP_SOURCE (source);
  g_autoptr (GTask) fill_task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (GTask) read_task = NULL;
  TileJob *job = g_new0 (TileJob, 1);

  g_task_set_source_tag (fill_task, gw_base_map_source_fill_tile_async);
  g_task_set_task_data (fill_task, g_object_ref (tile), g_object_unref);
  job->file = self->file;
  job->zoom = shumate_tile_get_zoom_level (tile);
  job->x = shumate_tile_get_x (tile);
  job->y = shumate_tile_get_y (tile);
  shumate_tile_set_state (tile, SHUMATE_STATE_LOADING);
  read_task = g_task_new (self, cancellable, on_tile_read, g_steal_pointer (&fill_task));
  g_task_set_task_data (read_task, job, g_free);
  g_task_run_in_thread (read_task, read_tile_thread);
}

static gboolean
gw_base_map_source_fill_tile_finish (ShumateMapSource  *source,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
gw_base_map_source_finalize (GObject *object)
{
  g_clear_pointer (&GW_BASE_MAP_SOURCE (object)->file, gw_mbtiles_free);
  G_OBJECT_CLASS (gw_base_map_source_parent_class)->finalize (object);
}

static void
gw_base_map_source_class_init (GwBaseMapSourceClass *klass)
{
  ShumateMapSourceClass *source_class = SHUMATE_MAP_SOURCE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gw_base_map_source_finalize;
  source_class->fill_tile_async = gw_base_map_source_fill_tile_async;
  source_class->fill_tile_finish = gw_base_map_source_fill_tile_finish;
}

static void
gw_base_map_source_init (GwBaseMapSource *self)
{
}

/**
 * gw_base_map_source_new:
 * @path: an MBTiles file of raster tiles
 * @error: a #GError
 *
 * Returns: (transfer full): the source, or %NULL with the reason
 */
GwBaseMapSource *
gw_base_map_source_new (const char  *path,
                        GError     **error)
{
  static guint serial;
  g_autoptr (GwMbtiles) file = gw_mbtiles_open (path, error);
  g_autofree char *id = NULL;
  GwBaseMapSource *self;

  if (file == NULL)
    return NULL;
  id = g_strdup_printf ("gridwork-mbtiles-%u", ++serial);
  self = g_object_new (GW_TYPE_BASE_MAP_SOURCE,
                       "id", id,
                       "name", gw_mbtiles_get_name (file),
                       "license", _("The street office's own base map"),
                       "min-zoom-level", gw_mbtiles_get_min_zoom (file),
                       "max-zoom-level", gw_mbtiles_get_max_zoom (file),
                       "tile-size", 256,
                       "projection", SHUMATE_MAP_PROJECTION_MERCATOR,
                       NULL);
  self->file = g_steal_pointer (&file);
  return self;
}

GwMbtiles *
gw_base_map_source_get_file (GwBaseMapSource *self)
{
  g_return_val_if_fail (GW_IS_BASE_MAP_SOURCE (self), NULL);

  return self->file;
}

gboolean
gw_base_map_url_is_valid (const char *url)
{
  return url != NULL && (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://"))
         && strstr (url, "{z}") != NULL && strstr (url, "{x}") != NULL && strstr (url, "{y}") != NULL;
}
