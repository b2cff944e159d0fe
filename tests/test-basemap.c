/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-basemap"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "gw-error.h"
#include "gw-mbtiles.h"
#include "gw-test-util.h"

/* A street office's own base map (issue 10): MBTiles files read offline,
 * from a small tile set the test writes (gw_test_write_mbtiles()). */

static void
test_read (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-test-basemap-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "影像 底图.mbtiles", NULL);
  g_autoptr (GwMbtiles) file = NULL;
  g_autoptr (GBytes) red = NULL;
  g_autoptr (GBytes) blue = NULL;
  g_autoptr (GBytes) expected = gw_test_png_tile (1, 0, 0);
  g_autoptr (GBytes) none = NULL;

  gw_test_write_mbtiles (path);
  file = gw_mbtiles_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gw_mbtiles_get_name (file), ==, "宁夏路街道影像");
  g_assert_cmpstr (gw_mbtiles_get_format (file), ==, "png");
  g_assert_cmpint (gw_mbtiles_get_min_zoom (file), ==, 14);
  g_assert_cmpint (gw_mbtiles_get_max_zoom (file), ==, 15);

  /* XYZ in, the right tile out: the row flip is the whole difficulty. */
  red = gw_mbtiles_get_tile (file, 14, 13660, 6355, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (red, expected));
  blue = gw_mbtiles_get_tile (file, 15, 27320, 12710, &error);
  g_assert_nonnull (blue);
  g_assert_false (g_bytes_equal (blue, expected));
  /* Where the file has nothing: no tile and no error. */
  none = gw_mbtiles_get_tile (file, 14, 13660, (1 << 14) - 1 - 6355, &error);
  g_assert_no_error (error);
  g_assert_null (none);
  g_assert_null (gw_mbtiles_get_tile (file, 14, -1, 0, &error));
  g_assert_null (gw_mbtiles_get_tile (file, 3, 8, 0, &error));
  g_assert_no_error (error);

  g_clear_pointer (&file, gw_mbtiles_free);
  gw_test_remove_tree (dir);
}

static void
test_refused (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gw-test-basemap-XXXXXX", &error);
  g_autofree char *text = g_build_filename (dir, "not-tiles.mbtiles", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.mbtiles", NULL);

  g_file_set_contents (text, "这不是底图", -1, &error);
  g_assert_no_error (error);
  g_assert_null (gw_mbtiles_open (text, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_GRIDWORK);
  g_assert_nonnull (strstr (error->message, "not-tiles.mbtiles"));
  g_clear_error (&error);
  g_assert_null (gw_mbtiles_open (missing, &error));
  g_assert_nonnull (strstr (error->message, "missing.mbtiles"));
  gw_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/basemap/read", test_read);
  g_test_add_func ("/basemap/refused", test_refused);
  return g_test_run ();
}
