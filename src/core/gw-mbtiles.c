/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-mbtiles"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "gw-error.h"
#include "gw-mbtiles.h"

struct _GwMbtiles
{
  char         *path;
  sqlite3      *db;
  sqlite3_stmt *tile;       /* prepared once; guarded by @lock */
  GMutex        lock;
  char         *name;
  char         *format;
  int           min_zoom;
  int           max_zoom;
};

static char *
metadata (sqlite3    *db,
          const char *key)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM metadata WHERE name = ?", -1, &stmt, NULL)
      == SQLITE_OK
      && sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

/* The zoom range from the tiles themselves when the metadata leaves it out. */
static void
zoom_range (GwMbtiles *self)
{
  g_autofree char *min_text = metadata (self->db, "minzoom");
  g_autofree char *max_text = metadata (self->db, "maxzoom");
  sqlite3_stmt *stmt = NULL;

  self->min_zoom = 0;
  self->max_zoom = 22;
  if (min_text != NULL && max_text != NULL)
    {
      self->min_zoom = CLAMP (atoi (min_text), 0, 22);
      self->max_zoom = CLAMP (atoi (max_text), self->min_zoom, 22);
      return;
    }
  if (sqlite3_prepare_v2 (self->db, "SELECT min (zoom_level), max (zoom_level) FROM tiles", -1,
                          &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      self->min_zoom = CLAMP (sqlite3_column_int (stmt, 0), 0, 22);
      self->max_zoom = CLAMP (sqlite3_column_int (stmt, 1), self->min_zoom, 22);
    }
  sqlite3_finalize (stmt);
}

/**
 * gw_mbtiles_open:
 * @path: an .mbtiles file
 * @error: a #GError
 *
 * Opens @path read-only. A file that is not an MBTiles tile set (not SQLite,
 * or without its `tiles` table) is refused with a message naming it.
 *
 * Returns: (transfer full): the reader, or %NULL
 */
GwMbtiles *
gw_mbtiles_open (const char  *path,
                 GError     **error)
{
  g_autofree char *display = NULL;
  GwMbtiles *self;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN, _("%s does not exist"), display);
      return NULL;
    }
  self = g_new0 (GwMbtiles, 1);
  g_mutex_init (&self->lock);
  self->path = g_strdup (path);
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL)
      != SQLITE_OK
      || sqlite3_prepare_v2 (self->db,
                             "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? "
                             "AND tile_row = ?", -1, &self->tile, NULL) != SQLITE_OK)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_GRIDWORK,
                   _("%s is not an MBTiles base map: %s"), display,
                   self->db != NULL ? sqlite3_errmsg (self->db) : _("out of memory"));
      gw_mbtiles_free (self);
      return NULL;
    }
  self->name = metadata (self->db, "name");
  if (self->name == NULL)
    self->name = g_path_get_basename (path);
  self->format = metadata (self->db, "format");
  if (self->format == NULL)
    self->format = g_strdup ("png");
  if (strcmp (self->format, "pbf") == 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_GRIDWORK,
                   _("%s holds vector tiles; Gridwork draws raster tile sets (PNG or JPEG)"),
                   display);
      gw_mbtiles_free (self);
      return NULL;
    }
  zoom_range (self);
  return self;
}

void
gw_mbtiles_free (GwMbtiles *self)
{
  if (self == NULL)
    return;
  sqlite3_finalize (self->tile);
  /* Read-only, so nothing is lost; but a connection that will not close
   * (a statement left open) is a bug to see, and _v2 still frees it. */
  if (self->db != NULL && sqlite3_close (self->db) != SQLITE_OK)
    {
      g_warning ("Could not close %s cleanly: %s", self->path, sqlite3_errmsg (self->db));
      sqlite3_close_v2 (self->db);
    }
  g_mutex_clear (&self->lock);
  g_free (self->path);
  g_free (self->name);
  g_free (self->format);
  g_free (self);
}

const char *
gw_mbtiles_get_path (GwMbtiles *self)
{
  return self->path;
}

const char *
gw_mbtiles_get_name (GwMbtiles *self)
{
  return self->name;
}

const char *
gw_mbtiles_get_format (GwMbtiles *self)
{
  return self->format;
}

int
gw_mbtiles_get_min_zoom (GwMbtiles *self)
{
  return self->min_zoom;
}

int
gw_mbtiles_get_max_zoom (GwMbtiles *self)
{
  return self->max_zoom;
}

GBytes *
gw_mbtiles_get_tile (GwMbtiles  *self,
                     int         zoom,
                     int         x,
                     int         y,
                     GError    **error)
{
  GBytes *bytes = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if (zoom < 0 || zoom > 30 || x < 0 || y < 0 || x >= (1 << zoom) || y >= (1 << zoom))
    return NULL;
  g_mutex_lock (&self->lock);
  sqlite3_reset (self->tile);
  /* MBTiles counts rows from the south (TMS); web maps from the north. */
  sqlite3_bind_int (self->tile, 1, zoom);
  sqlite3_bind_int (self->tile, 2, x);
  sqlite3_bind_int (self->tile, 3, (1 << zoom) - 1 - y);
  rc = sqlite3_step (self->tile);
  if (rc == SQLITE_ROW && sqlite3_column_bytes (self->tile, 0) > 0)
    bytes = g_bytes_new (sqlite3_column_blob (self->tile, 0), sqlite3_column_bytes (self->tile, 0));
  else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_CORRUPT, _("%s: a tile cannot be read: %s"),
                 self->path, sqlite3_errmsg (self->db));
  sqlite3_reset (self->tile);
  g_mutex_unlock (&self->lock);
  return bytes;
}
