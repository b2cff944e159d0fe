/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-app-accounts"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gw-checklist-window.h"
#include "gw-base-map-source.h"
#include "gw-new-project-dialog.h"
#include "gw-preferences-window.h"
#include "gw-user-picker.h"
#include "gw-window.h"
#include "gw-test-app.h"
#include "gw-test-util.h"

/* A street of one's own in the app (issue 10): New Project from the welcome
 * screen, the new project open and signed in as its creator, and signing in
 * with a password when it is opened again. */

static char *tmp_dir;

/* The first toplevel of @type, as the user would see it come up. */
static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

static gboolean
has_picker (gpointer data)
{
  return find_toplevel (GW_TYPE_USER_PICKER) != NULL;
}

static GwWindow *
new_window (void)
{
  GwWindow *window = gw_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  gw_test_iterate_until_idle ();
  return window;
}

static void
destroy_window (GwWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  gw_test_iterate_until_idle ();
  g_assert_finalize_object (window);
}

static void
test_new_project (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "宁夏路 街道.sqlite", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GwWindow *window = new_window ();
  GwNewProjectDialog *dialog;
  GwChecklistWindow *checklist;
  GwImportDialog *import;
  GwUserPicker *picker;

  /* The welcome screen's New Project (Ctrl+N) opens the dialog. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "new-project", NULL);
  gw_test_iterate_until_idle ();
  dialog = find_toplevel (GW_TYPE_NEW_PROJECT_DIALOG);
  g_assert_nonnull (dialog);

  /* A wrong code is refused in the dialog's own words; nothing is written. */
  gw_new_project_dialog_fill (dialog, "宁夏路街道", "3702030", "zhangwei", "长城-secret-1", file);
  g_assert_false (gw_new_project_dialog_create (dialog));
  g_assert_nonnull (strstr (gw_new_project_dialog_get_error (dialog), "3702030"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  gw_new_project_dialog_fill (dialog, "宁夏路街道", "370203010", "zhangwei", "长城-secret-1", file);
  g_assert_true (gw_new_project_dialog_create (dialog));
  gw_test_iterate_until_idle ();

  /* The window shows the new project, signed in as its creator. */
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_nonnull (gw_window_get_project (window));
  g_assert_nonnull (gw_window_get_user (window));
  g_assert_cmpstr (gw_window_get_user (window)->login, ==, "zhangwei");
  g_assert_null (find_toplevel (GW_TYPE_USER_PICKER));

  /* What to load next comes up at once: only the creator is there. */
  checklist = find_toplevel (GW_TYPE_CHECKLIST_WINDOW);
  g_assert_nonnull (checklist);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (checklist)));
  g_assert_cmpint (gw_checklist_window_get_state (checklist, GW_CHECK_USERS), ==, GW_CHECK_DONE);
  g_assert_cmpint (gw_checklist_window_get_state (checklist, GW_CHECK_BUILDINGS), ==,
                   GW_CHECK_MISSING);
  g_assert_cmpstr (gw_checklist_window_get_detail (checklist, GW_CHECK_USERS), ==, "1 user");
  g_assert_null (gw_checklist_window_import (checklist, GW_CHECK_USERS));
  gw_test_screenshot (GTK_WIDGET (checklist), "checklist-new-project");
  import = gw_checklist_window_import (checklist, GW_CHECK_BUILDINGS);
  g_assert_nonnull (import);
  gw_test_iterate_until_idle ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (import)));
  gtk_window_destroy (GTK_WINDOW (import));
  /* The menu's Set-Up Checklist brings back the same window. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "checklist", NULL);
  gw_test_iterate_until_idle ();
  g_assert_true (find_toplevel (GW_TYPE_CHECKLIST_WINDOW) == checklist);
  destroy_window (window);
  g_assert_null (find_toplevel (GW_TYPE_CHECKLIST_WINDOW));

  /* Opened again, it asks for the password: a wrong one is refused. */
  window = new_window ();
  gw_window_open (window, file);
  g_assert_true (gw_test_iterate_until (has_picker, NULL, 5000));
  picker = find_toplevel (GW_TYPE_USER_PICKER);
  g_assert_null (gw_window_get_user (window));
  gw_user_picker_sign_in (picker, "zhangwei", "not the password");
  g_assert_nonnull (gw_user_picker_get_error (picker));
  g_assert_nonnull (strstr (gw_user_picker_get_error (picker), "zhangwei"));
  g_assert_null (gw_window_get_user (window));
  gw_user_picker_sign_in (picker, "zhangwei", "长城-secret-1");
  gw_test_iterate_until_idle ();
  g_assert_nonnull (gw_window_get_user (window));
  g_assert_cmpstr (gw_window_get_user (window)->login, ==, "zhangwei");
  destroy_window (window);
}

typedef struct
{
  gboolean done;
  gboolean ok;
} FillWait;

static void
on_filled (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  FillWait *wait = user_data;

  wait->ok = shumate_map_source_fill_tile_finish (SHUMATE_MAP_SOURCE (source), result, NULL);
  wait->done = TRUE;
}

static gboolean
filled (gpointer data)
{
  return ((FillWait *) data)->done;
}

/* The office's own base map: chosen in the layers menu (a setting), shown as
 * a layer whose tiles come from the file. */
static void
test_base_map (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "底图.mbtiles", NULL);
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (ShumateTile) tile = shumate_tile_new_full (13660, 6355, 256, 14);
  g_autoptr (ShumateTile) empty = shumate_tile_new_full (13661, 6355, 256, 14);
  GwWindow *window = new_window ();
  GwPreferencesWindow *prefs;
  g_autofree char *url = NULL;
  ShumateMapSource *source;
  FillWait wait = { 0 };

  gw_test_write_mbtiles (path);
  g_assert_null (gw_window_get_base_map_source (window));
  g_settings_set_string (settings, "base-map-file", path);
  gw_test_iterate_until_idle ();
  source = gw_window_get_base_map_source (window);
  g_assert_nonnull (source);
  g_assert_cmpint (shumate_map_source_get_min_zoom_level (source), ==, 14);

  shumate_map_source_fill_tile_async (source, tile, NULL, on_filled, &wait);
  g_assert_true (gw_test_iterate_until (filled, &wait, 5000));
  g_assert_true (wait.ok);
  g_assert_cmpint (shumate_tile_get_state (tile), ==, SHUMATE_STATE_DONE);
  g_assert_nonnull (shumate_tile_get_paintable (tile));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (shumate_tile_get_paintable (tile)), ==, 256);

  /* A tile the file does not have is done, and empty. */
  wait = (FillWait) { 0 };
  shumate_map_source_fill_tile_async (source, empty, NULL, on_filled, &wait);
  g_assert_true (gw_test_iterate_until (filled, &wait, 5000));
  g_assert_true (wait.ok);
  g_assert_null (shumate_tile_get_paintable (empty));

  /* No base map file: no layer. */
  g_settings_set_string (settings, "base-map-file", "");
  gw_test_iterate_until_idle ();
  g_assert_null (gw_window_get_base_map_source (window));

  /* An online service only when the office sets a whole template; the file
   * wins over it. (No street is open: nothing is fetched.) */
  prefs = gw_preferences_window_new (GTK_WINDOW (window));
  g_assert_false (gw_preferences_window_set_base_map_url (prefs, "tile.example/{z}/{x}.png"));
  url = g_settings_get_string (settings, "base-map-url");
  g_assert_cmpstr (url, ==, "");
  g_assert_true (gw_preferences_window_set_base_map_url (prefs,
                                                         "http://127.0.0.1:9/{z}/{x}/{y}.png"));
  gw_test_iterate_until_idle ();
  g_assert_true (SHUMATE_IS_RASTER_RENDERER (gw_window_get_base_map_source (window)));
  g_settings_set_string (settings, "base-map-file", path);
  gw_test_iterate_until_idle ();
  g_assert_true (GW_IS_BASE_MAP_SOURCE (gw_window_get_base_map_source (window)));
  g_settings_set_string (settings, "base-map-file", "");
  g_assert_true (gw_preferences_window_set_base_map_url (prefs, ""));
  gw_test_iterate_until_idle ();
  g_assert_null (gw_window_get_base_map_source (window));
  gtk_window_destroy (GTK_WINDOW (prefs));
  destroy_window (window);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The sign-in is the point here: no account chosen by the environment. */
  g_unsetenv ("GRIDWORK_USER");
  tmp_dir = g_dir_make_tmp ("gw-test-app-accounts-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/app/accounts/new-project", test_new_project);
  g_test_add_func ("/app/accounts/base-map", test_base_map);
  status = g_test_run ();

  gw_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
