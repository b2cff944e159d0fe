/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "gw-case.h"
#include "gw-connect-dialog.h"
#include "gw-inspector-panel.h"
#include "gw-project.h"
#include "gw-store.h"
#include "gw-user.h"
#include "gw-window.h"
#include "gw-test-app.h"
#include "gw-test-pg.h"
#include "gw-test-store.h"
#include "gw-test-util.h"

/* The app on the district server, as two people use it at once: a
 * supervisor and a grid worker, each in a window signed in as their own
 * PostgreSQL role, against a real PostgreSQL 15 + PostGIS 3 cluster the
 * test starts itself. One's reroute shows in the other's window as soon
 * as the server says so. */

#define STREET_CODE "370203010"

static GwTestPg *cluster;
static char *tmp_dir;

static GwWindow *
window_on_server (const char *role)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = gw_test_pg_uri (cluster, role);
  GwWindow *window = gw_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1300, 850);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gw_window_load_location (window, uri, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gw_test_iterate_until (gw_test_map_has_size, window, 10000));
  gw_window_zoom_to_street (window);
  gw_test_iterate_until_idle ();
  return window;
}

typedef struct
{
  GwStore *store;
  gint64   case_id;
  gint64   worker_id;
  gboolean changed;  /* the project said so */
} Arrival;

static gboolean
has_arrived (gpointer data)
{
  Arrival *arrival = data;

  return arrival->changed
         && gw_test_query_int (arrival->store, "SELECT coalesce (worker_id, 0) FROM cases WHERE id = ?",
                               arrival->case_id) == arrival->worker_id;
}

static void
on_changed (GwProject *project,
            guint      what,
            Arrival   *arrival)
{
  arrival->changed = TRUE;
}

static void
test_two_windows (void)
{
  GwWindow *supervisor = window_on_server ("sup_li");
  GwWindow *staff = window_on_server ("staff_wang");
  GwStore *store = gw_window_get_store (supervisor);
  g_autoptr (GError) error = NULL;
  g_autoptr (GwCaseDrag) drag = NULL;
  g_autoptr (PGconn) admin = gw_test_pg_connect (cluster, "gw_admin");
  g_autofree char *server_sql = NULL;
  gint64 case_id, grid_id, worker, other;
  Arrival arrival = { gw_window_get_store (staff) };
  gint64 start;

  /* Each window acts as the user its role is, without a sign-in window. */
  g_assert_cmpstr (gw_window_get_user (supervisor)->login, ==, "supervisor");
  g_assert_cmpstr (gw_window_get_user (staff)->login, ==, "staff1");
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (supervisor)), "—"));

  /* An open case of staff1's grids, which both windows show. */
  case_id = gw_test_query_int (arrival.store,
                               "SELECT min (id) FROM cases WHERE status IN ('dispatched', 'in_progress')");
  g_assert_cmpint (case_id, >, 0);
  grid_id = gw_test_query_int (store, "SELECT grid_id FROM cases WHERE id = ?", case_id);
  worker = gw_test_query_int (store, "SELECT coalesce (worker_id, 0) FROM cases WHERE id = ?", case_id);
  other = gw_test_query_int (store, "SELECT min (worker_id) FROM grid_workers WHERE grid_id = ?"
                                    " AND worker_id <> ?", grid_id, worker);
  g_assert_cmpint (other, >, 0);

  /* The worker's window hears the server only: no polling. */
  gw_project_watch_external_changes (gw_window_get_project (staff), 3600);
  g_signal_connect (gw_window_get_project (staff), "changed", G_CALLBACK (on_changed), &arrival);
  arrival.case_id = case_id;
  arrival.worker_id = other;

  /* The supervisor drags the case onto another worker of its grid. */
  g_assert_true (gw_window_select_feature (supervisor, GW_FEATURE_GRID, grid_id));
  gw_test_iterate_until_idle ();
  g_assert_true (gw_inspector_panel_select_case (gw_window_get_inspector (supervisor), case_id, FALSE));
  drag = gw_inspector_panel_dup_selected_cases (gw_window_get_inspector (supervisor));
  g_assert_nonnull (drag);
  start = g_get_monotonic_time ();
  g_assert_true (gw_window_reroute_cases (supervisor, drag, GW_REROUTE_TO_WORKER, other, NULL, &error));
  g_assert_no_error (error);
  server_sql = g_strdup_printf ("SELECT worker_id FROM gridwork.cases WHERE id = %" G_GINT64_FORMAT, case_id);
  g_assert_cmpint (gw_test_pg_int (admin, server_sql), ==, other);

  g_assert_true (gw_test_iterate_until (has_arrived, &arrival, 30000));
  g_test_message ("the reroute reached the other window in %.0f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  gw_test_screenshot (GTK_WIDGET (staff), "app-server-staff");

  g_signal_handlers_disconnect_by_data (gw_window_get_project (staff), &arrival);
  gw_test_window_close (staff);
  gw_test_window_close (supervisor);
}

static GwConnectDialog *
find_connect_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (GW_IS_CONNECT_DIALOG (window))
        return GW_CONNECT_DIALOG (window);
    }
  return NULL;
}

static gboolean
has_store (gpointer data)
{
  return gw_window_get_store (data) != NULL;
}

static gboolean
is_idle (gpointer data)
{
  return !gw_connect_dialog_is_busy (data);
}

/* The Connect dialog, as a grid worker fills it in: a wrong user name is
 * told by the server and the dialog stays; the right one opens the street
 * in the window. The server and user are remembered for next time, the
 * password never in the settings. */
static void
test_connect_dialog (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (GSettingsSchema) schema = NULL;
  g_auto (GStrv) keys = NULL;
  g_autofree char *port = g_strdup_printf ("%d", gw_test_pg_get_port (cluster));
  const char *password = "s3cret-密码";
  GwWindow *window = gw_window_new (NULL);
  GwConnectDialog *dialog;

  gtk_window_present (GTK_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "connect", NULL);
  gw_test_iterate_until_idle ();
  dialog = find_connect_dialog ();
  g_assert_nonnull (dialog);
  gw_test_screenshot (GTK_WIDGET (dialog), "app-server-connect");

  gw_connect_dialog_fill (dialog, gw_test_pg_get_dir (cluster), port, "gridwork", "wang_wu", password);
  gw_connect_dialog_connect (dialog);
  g_assert_true (gw_test_iterate_until (is_idle, dialog, 30000));
  g_assert_nonnull (gw_connect_dialog_get_error (dialog));
  g_assert_nonnull (strstr (gw_connect_dialog_get_error (dialog), "wang_wu"));
  g_assert_null (gw_window_get_store (window));

  gw_connect_dialog_fill (dialog, gw_test_pg_get_dir (cluster), port, "gridwork", "staff_wang", password);
  gw_connect_dialog_connect (dialog);
  g_assert_true (gw_test_iterate_until (has_store, window, 30000));
  g_assert_cmpstr (gw_window_get_user (window)->login, ==, "staff1");
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "—"));

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr (GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      g_assert_null (strstr (text, "s3cret"));
    }
  {
    g_autofree char *user = g_settings_get_string (settings, "server-user");

    g_assert_cmpstr (user, ==, "staff_wang");
  }
  gw_test_window_close (window);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *cache = NULL, *street = NULL, *admin = NULL, *out = NULL;
  const char *roles[][2] = { { "sup_li", "supervisor" }, { "staff_wang", "staff1" } };
  int status;

  gtk_test_init (&argc, &argv, NULL);

  tmp_dir = gw_test_make_tmp_dir ("gridwork-test-app-server");
  cache = g_build_filename (tmp_dir, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  /* The server decides who acts, whatever the environment says. */
  g_setenv ("GRIDWORK_USER", "planner", TRUE);
  street = gw_test_demo_copy (tmp_dir, "street.sqlite");
  cluster = gw_test_pg_start ();
  admin = gw_test_pg_uri (cluster, "gw_admin");
  g_assert_cmpint (gw_test_run_cli ((const char *[]) { "server", "init", admin, NULL }, &out, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gw_test_run_cli ((const char *[]) { "push", street, admin, NULL }, &out, NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_clear_pointer (&out, g_free);
      g_assert_cmpint (gw_test_run_cli ((const char *[]) { "server", "sign-up", admin, roles[i][0],
                                                           "--street", STREET_CODE, "--login",
                                                           roles[i][1], NULL }, &out, NULL), ==, 0);
    }

  g_test_add_func ("/app-server/two-windows", test_two_windows);
  g_test_add_func ("/app-server/connect-dialog", test_connect_dialog);
  status = g_test_run ();

  gw_test_pg_stop (cluster);
  gw_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
