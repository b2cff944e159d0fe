/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-test"

#include "config.h"

#include "gw-demo.h"
#include "gw-test-app.h"
#include "gw-test-util.h"
#include "gw-util.h"

char *
gw_test_demo_copy (const char *dir,
                   const char *name)
{
  static char *street;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) from = NULL;
  g_autoptr (GFile) to = NULL;
  char *path = g_build_filename (dir, name, NULL);

  if (street == NULL)
    {
      g_autoptr (GDateTime) today = g_date_time_new (gw_china_time_zone (), 2026, 11, 20, 18, 0, 0);

      street = g_build_filename (dir, "street.sqlite", NULL);
      g_assert_true (gw_demo_generate (street, GW_DEMO_SCALE_STREET, 7, today, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  from = g_file_new_for_path (street);
  to = g_file_new_for_path (path);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return path;
}

gboolean
gw_test_map_has_size (gpointer data)
{
  ShumateMap *map = gw_window_get_map (data);

  return gtk_widget_get_width (GTK_WIDGET (map)) > 100
         && gtk_widget_get_height (GTK_WIDGET (map)) > 100;
}

GwWindow *
gw_test_window_open (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GwWindow *window = gw_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1300, 850);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gw_window_load_file (window, file, &error));
  g_assert_no_error (error);
  g_assert_true (gw_test_iterate_until (gw_test_map_has_size, window, 10000));
  gw_window_zoom_to_street (window);
  gw_test_iterate_until_idle ();
  return window;
}

void
gw_test_window_close (GwWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  gw_test_iterate_until_idle ();
  g_assert_finalize_object (window);
}

void
gw_test_screenshot (GtkWidget  *widget,
                    const char *name)
{
  const char *dir = g_getenv ("GW_TEST_SCREENSHOT_DIR");
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  if (dir == NULL)
    return;
  gw_test_iterate_for (300);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}
