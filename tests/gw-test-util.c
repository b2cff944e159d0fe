/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-test"

#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include "gw-test-util.h"

void
gw_test_remove_database (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint k = 0; k < G_N_ELEMENTS (suffixes); k++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[k], NULL);

      g_unlink (file);
    }
}

void
gw_test_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        gw_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
gw_test_iterate_until_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

gboolean
gw_test_iterate_until (GwTestCondition condition,
                       gpointer        data,
                       guint           timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (2000);
    }
  return TRUE;
}

void
gw_test_iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

const char *
gw_test_cli_path (void)
{
  const char *cli = g_getenv ("GW_CLI");

  /* Not a skip: a test of the command line that cannot run is a failure. */
  g_assert_nonnull (cli);
  g_assert_true (g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE));
  return cli;
}

int
gw_test_run_cli (const char * const  *args,
                 char               **out,
                 char               **err)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  int status = 0;

  g_ptr_array_add (argv, (char *) gw_test_cli_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                &status, &error);
  g_assert_no_error (error);
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return 128 + (WIFSIGNALED (status) ? WTERMSIG (status) : 0);
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
gw_test_png_tile (double r,
          double g,
          double b)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 256, 256);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();

  cairo_set_source_rgb (cr, r, g, b);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_write_to_png_stream (surface, append_png, png);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (png);
}

/* Writes @path with a red tile at XYZ 14/13660/6355 and a blue one at
 * 15/27320/12710 (Qingdao), stored with TMS rows. */
void
gw_test_write_mbtiles (const char *path)
{
  static const struct { int z, x, y; double r, g, b; } tiles[] = {
    { 14, 13660, 6355, 1, 0, 0 },
    { 15, 27320, 12710, 0, 0, 1 },
  };
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TABLE metadata (name TEXT, value TEXT);"
                                 "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER,"
                                 " tile_row INTEGER, tile_data BLOB);"
                                 "INSERT INTO metadata VALUES ('name', '宁夏路街道影像'),"
                                 " ('format', 'png'), ('minzoom', '14'), ('maxzoom', '15');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (tiles); i++)
    {
      g_autoptr (GBytes) png = gw_test_png_tile (tiles[i].r, tiles[i].g, tiles[i].b);
      sqlite3_stmt *stmt = NULL;
      gsize len;
      const void *data = g_bytes_get_data (png, &len);

      g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO tiles VALUES (?, ?, ?, ?)", -1, &stmt,
                                           NULL), ==, SQLITE_OK);
      sqlite3_bind_int (stmt, 1, tiles[i].z);
      sqlite3_bind_int (stmt, 2, tiles[i].x);
      sqlite3_bind_int (stmt, 3, (1 << tiles[i].z) - 1 - tiles[i].y);
      sqlite3_bind_blob (stmt, 4, data, (int) len, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
}

