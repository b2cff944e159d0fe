/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-project"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "gw-case.h"
#include "gw-demo.h"
#include "gw-project.h"
#include "gw-store-private.h"
#include "gw-util.h"
#include "gw-test-util.h"

/* GwProject: the one model every face works on — its store, user and map
 * snapshot, the changed signal and the one reload path. */

static char *template_path;

typedef struct
{
  char      *dir;
  char      *path;
  GwProject *project;
  guint      n_changed;
  guint      last_changed;
  guint      n_snapshots;
  guint      n_failed;
} Fixture;

static void
on_changed (GwProject *project,
            guint      what,
            Fixture   *f)
{
  f->n_changed++;
  f->last_changed = what;
}

static void
on_snapshot_changed (GwProject *project,
                     Fixture   *f)
{
  f->n_snapshots++;
}

static void
on_reload_failed (GwProject    *project,
                  const GError *error,
                  Fixture      *f)
{
  g_test_message ("reload failed: %s", error->message);
  f->n_failed++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) from = g_file_new_for_path (template_path);
  g_autoptr (GFile) to = NULL;

  f->dir = g_dir_make_tmp ("gw-test-project-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "street.sqlite", NULL);
  to = g_file_new_for_path (f->path);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  f->project = gw_project_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_null (gw_project_get_snapshot (f->project));
  g_assert_true (gw_project_load_snapshot (f->project, NULL, &error));
  g_assert_no_error (error);
  g_signal_connect (f->project, "changed", G_CALLBACK (on_changed), f);
  g_signal_connect (f->project, "snapshot-changed", G_CALLBACK (on_snapshot_changed), f);
  g_signal_connect (f->project, "reload-failed", G_CALLBACK (on_reload_failed), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* Reloads still running hold the project; let them finish first. */
  gw_test_iterate_for (50);
  g_assert_finalize_object (f->project);
  gw_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gboolean
snapshots_at_least (gpointer data)
{
  Fixture *f = data;

  return f->n_snapshots >= 1;
}

static gint64
open_case_with_team (GwStore *store,
                     gint64  *worker)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 id;

  stmt = gw_store_prepare (store,
                           "SELECT k.id, (SELECT min (worker_id) FROM grid_workers g "
                           "WHERE g.grid_id = k.grid_id AND g.worker_id <> k.worker_id) "
                           "FROM cases k WHERE k.status = 'in_progress' AND k.worker_id IS NOT NULL "
                           "ORDER BY k.id LIMIT 1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  id = sqlite3_column_int64 (stmt, 0);
  *worker = sqlite3_column_int64 (stmt, 1);
  g_assert_cmpint (*worker, >, 0);
  return id;
}

static void
test_open (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "没有.sqlite", NULL);

  g_assert_cmpstr (gw_project_get_path (f->project), ==, f->path);
  g_assert_nonnull (gw_project_get_store (f->project));
  g_assert_nonnull (gw_project_get_snapshot (f->project));
  g_assert_cmpuint (gw_map_snapshot_get_n_features (gw_project_get_snapshot (f->project),
                                                    GW_FEATURE_GRID), ==, 66);
  g_assert_null (gw_project_get_user (f->project));

  /* A file that is not there is refused with the store's message. */
  g_assert_null (gw_project_open (missing, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "没有.sqlite"));
}

static void
count (guint *counter)
{
  (*counter)++;
}

static void
test_user (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  guint n_user_changed = 0;

  g_signal_connect_swapped (f->project, "user-changed", G_CALLBACK (count), &n_user_changed);

  g_assert_true (gw_project_set_user (f->project, "supervisor", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gw_project_get_user (f->project)->login, ==, "supervisor");
  g_assert_cmpuint (n_user_changed, ==, 1);

  g_assert_false (gw_project_set_user (f->project, "nobody", &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (gw_project_get_user (f->project)->login, ==, "supervisor");
  g_assert_cmpuint (n_user_changed, ==, 1);
}

/* A write of this program: told once, the map reloaded once. */
static void
test_notify_changed (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  GwStore *store = gw_project_get_store (f->project);
  GwMapSnapshot *before = gw_map_snapshot_ref (gw_project_get_snapshot (f->project));
  GwRerouteTarget target = { GW_REROUTE_TO_WORKER, 0 };
  gint64 case_id;

  g_assert_true (gw_project_set_user (f->project, "supervisor", &error));
  case_id = open_case_with_team (store, &target.id);
  g_assert_true (gw_case_reroute (store, gw_project_get_user (f->project), case_id, &target,
                                  NULL, 0, NULL, &error));
  g_assert_no_error (error);
  gw_project_notify_changed (f->project, GW_PROJECT_CHANGE_CASES);
  g_assert_cmpuint (f->n_changed, ==, 1);
  g_assert_cmpuint (f->last_changed, ==, GW_PROJECT_CHANGE_CASES);

  g_assert_true (gw_test_iterate_until (snapshots_at_least, f, 10000));
  g_assert_cmpuint (f->n_snapshots, ==, 1);
  g_assert_true (gw_project_get_snapshot (f->project) != before);
  gw_map_snapshot_unref (before);

  /* Its own write is not mistaken for another program's. */
  g_assert_false (gw_project_check_external_changes (f->project));
  g_assert_cmpuint (f->n_changed, ==, 1);
}

/* Reloads asked for in a row: only the newest is published. */
static void
test_reload_generations (Fixture       *f,
                         gconstpointer  data)
{
  guint generation = gw_project_get_generation (f->project);

  for (int i = 0; i < 4; i++)
    gw_project_reload_snapshot (f->project);
  g_assert_cmpuint (gw_project_get_generation (f->project), ==, generation + 4);
  g_assert_true (gw_test_iterate_until (snapshots_at_least, f, 10000));
  gw_test_iterate_for (500);
  g_assert_cmpuint (f->n_snapshots, ==, 1);
  g_assert_cmpuint (f->n_failed, ==, 0);
}

/* Another program's write is noticed through data_version, by the poll. */
static void
test_external_changes (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) other = gw_store_open (f->path, GW_STORE_OPEN_DEFAULT, &error);
  g_autoptr (GwUser) user = NULL;
  GwRerouteTarget target = { GW_REROUTE_TO_WORKER, 0 };
  gint64 case_id;

  g_assert_no_error (error);
  user = gw_user_load (other, "supervisor", &error);
  g_assert_no_error (error);
  g_assert_false (gw_project_check_external_changes (f->project));

  case_id = open_case_with_team (other, &target.id);
  g_assert_true (gw_case_reroute (other, user, case_id, &target, NULL, 0, NULL, &error));
  g_assert_no_error (error);

  gw_project_watch_external_changes (f->project, 1);
  g_assert_true (gw_test_iterate_until (snapshots_at_least, f, 10000));
  g_assert_cmpuint (f->n_changed, ==, 1);
  g_assert_true (f->last_changed & GW_PROJECT_CHANGE_EXTERNAL);
  g_assert_false (gw_project_check_external_changes (f->project));
  gw_project_watch_external_changes (f->project, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) today = NULL;
  g_autofree char *dir = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("gw-test-project-template-XXXXXX", &error);
  g_assert_no_error (error);
  template_path = g_build_filename (dir, "street.sqlite", NULL);
  today = g_date_time_new (gw_china_time_zone (), 2026, 11, 20, 18, 0, 0);
  if (!gw_demo_generate (template_path, GW_DEMO_SCALE_STREET, 3, today, NULL, NULL, &error))
    g_error ("%s", error->message);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/project/open", test_open);
  ADD ("/project/user", test_user);
  ADD ("/project/notify-changed", test_notify_changed);
  ADD ("/project/reload-generations", test_reload_generations);
  ADD ("/project/external-changes", test_external_changes);
  status = g_test_run ();

  gw_test_remove_tree (dir);
  g_free (template_path);
  return status;
}
