/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-accounts"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "gw-accounts.h"
#include "gw-checklist.h"
#include "gw-demo.h"
#include "gw-util.h"
#include "gw-project.h"
#include "gw-store-private.h"
#include "gw-test-store.h"
#include "gw-test-util.h"

/* A street of one's own (issue 10): a new project with its street and first
 * supervisor, accounts with roles, grids and passwords, signing in. */

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = gw_test_make_tmp_dir ("gw-test-accounts");
  f->path = g_build_filename (f->dir, "宁夏路 街道.sqlite", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gw_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static const GwUserNew first_supervisor = {
  "zhangwei", "张伟", GW_ROLE_PLANNER /* made a supervisor */, "长城-secret-1", NULL
};

static GwProject *
create (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  GwProject *project;

  g_assert_true (gw_project_create (f->path, "370203010", "宁夏路街道", "市北区", &first_supervisor,
                                    &error));
  g_assert_no_error (error);
  project = gw_project_open (f->path, &error);
  g_assert_no_error (error);
  return project;
}

/* Only the project file is left: no partial file beside it. */
static guint
n_files (const char *dir)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (listing != NULL && g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = create (f);
  GwStore *store = gw_project_get_store (project);
  GwStoreCounts counts;
  g_autoptr (GwUser) admin = NULL;

  g_assert_true (gw_store_count (store, NULL, &counts, &error));
  g_assert_cmpint (counts.grids, ==, 0);
  g_assert_cmpint (counts.buildings, ==, 0);
  g_assert_cmpint (counts.unassigned_buildings, ==, 0);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM streets WHERE code = '370203010' "
                                     "AND name = '宁夏路街道' AND district_name = '市北区'"), ==, 1);
  /* The creator is the first supervisor, whatever role was asked for. */
  admin = gw_user_load (store, "zhangwei", &error);
  g_assert_no_error (error);
  g_assert_cmpint (admin->role, ==, GW_ROLE_SUPERVISOR);
  g_assert_cmpstr (admin->name, ==, "张伟");
  /* The password is kept as an Argon2id string, never as given. */
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM users WHERE password_hash LIKE "
                                     "'$argon2id$%' AND instr (password_hash, 'secret') = 0"),
                   ==, 1);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM audit_log WHERE action IN "
                                     "('project_create', 'user_add')"), ==, 2);
  g_assert_cmpuint (n_files (f->dir), >=, 1);
}

static void
test_create_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) before = NULL;
  g_autoptr (GBytes) after = NULL;
  GwUserNew no_password = first_supervisor;
  GwUserNew short_password = first_supervisor;
  char *contents = NULL;
  gsize length = 0;

  no_password.password = NULL;
  short_password.password = "1234567";

  g_assert_false (gw_project_create (f->path, "37020301", "宁夏路街道", NULL, &first_supervisor,
                                     &error));
  g_assert_nonnull (strstr (error->message, "37020301"));
  g_clear_error (&error);
  g_assert_false (gw_project_create (f->path, "370203010", " ", NULL, &first_supervisor, &error));
  g_clear_error (&error);
  g_assert_false (gw_project_create (f->path, "370203010", "宁夏路街道", NULL, &no_password,
                                     &error));
  g_assert_nonnull (strstr (error->message, "zhangwei"));
  g_clear_error (&error);
  g_assert_false (gw_project_create (f->path, "370203010", "宁夏路街道", NULL, &short_password,
                                     &error));
  g_assert_nonnull (strstr (error->message, "8"));
  g_clear_error (&error);
  /* Nothing was left behind by the refusals. */
  g_assert_cmpuint (n_files (f->dir), ==, 0);

  /* An existing file is never overwritten. */
  {
    g_autoptr (GwProject) project = create (f);
  }
  g_file_get_contents (f->path, &contents, &length, NULL);
  before = g_bytes_new_take (contents, length);
  g_assert_false (gw_project_create (f->path, "370203011", "另一个街道", NULL, &first_supervisor,
                                     &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "already exists"));
  g_file_get_contents (f->path, &contents, &length, NULL);
  after = g_bytes_new_take (contents, length);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_users (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = create (f);
  GwStore *store = gw_project_get_store (project);
  g_autoptr (GwUser) planner = NULL;
  const char * const planner_grids[] = { "370203010001001", NULL };
  GwUserNew wang = { "wangfang", "王芳", GW_ROLE_PLANNER, "规划-password", NULL };
  GwUserNew li = { "li.na", "李娜", GW_ROLE_STAFF, "网格-password", NULL };
  GwUserNew bad_login = { "张", NULL, GW_ROLE_STAFF, NULL, NULL };
  GwUserNew planner_with_grids = { "zhao", NULL, GW_ROLE_PLANNER, NULL, planner_grids };
  g_autoptr (GPtrArray) users = NULL;

  g_assert_true (gw_project_set_user (project, "zhangwei", &error));
  g_assert_cmpint (gw_user_add (store, gw_project_get_user (project), &wang, &error), >, 0);
  g_assert_no_error (error);

  /* Refused: a login already taken, a bad login, grids for a planner, a
   * planner adding users. Each names the login. */
  g_assert_cmpint (gw_user_add (store, gw_project_get_user (project), &wang, &error), ==, 0);
  g_assert_nonnull (strstr (error->message, "wangfang"));
  g_clear_error (&error);
  g_assert_cmpint (gw_user_add (store, gw_project_get_user (project), &bad_login, &error), ==, 0);
  g_assert_nonnull (strstr (error->message, "张"));
  g_clear_error (&error);
  g_assert_cmpint (gw_user_add (store, gw_project_get_user (project), &planner_with_grids,
                                &error), ==, 0);
  g_assert_nonnull (strstr (error->message, "zhao"));
  g_clear_error (&error);
  planner = gw_user_load (store, "wangfang", &error);
  g_assert_cmpint (gw_user_add (store, planner, &li, &error), ==, 0);
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED);
  g_clear_error (&error);

  users = gw_user_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 2);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM audit_log WHERE action = 'user_add' "
                                     "AND object = 'user:wangfang'"), ==, 1);
}

static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = create (f);
  GwStore *store = gw_project_get_store (project);
  g_autoptr (GwUser) user = NULL;
  g_autofree char *last = NULL;
  gboolean needs = FALSE;

  g_assert_null (gw_user_last_sign_in (store));
  g_assert_true (gw_user_needs_password (store, "zhangwei", &needs, &error));
  g_assert_true (needs);

  g_assert_null (gw_user_sign_in (store, "zhangwei", "wrong password", &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "zhangwei"));
  g_clear_error (&error);
  g_assert_null (gw_user_sign_in (store, "zhangwei", NULL, &error));
  g_clear_error (&error);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM audit_log "
                                     "WHERE action = 'sign_in_refused'"), ==, 2);
  g_assert_null (gw_user_last_sign_in (store));

  user = gw_user_sign_in (store, "zhangwei", "长城-secret-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->login, ==, "zhangwei");
  last = gw_user_last_sign_in (store);
  g_assert_cmpstr (last, ==, "zhangwei");

  g_assert_null (gw_user_sign_in (store, "nobody", "x", &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND);
}

/* The command line, as the README's walk-through uses it. */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *password = g_build_filename (f->dir, "password.txt", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *new_args[] = { "new", f->path, "--street-code", "370203010", "--street-name",
                             "宁夏路街道", "--admin", "zhangwei", "--password-file", password,
                             NULL };
  const char *again[] = { "new", f->path, "--street-code", "370203010", "--street-name",
                          "宁夏路街道", "--password-file", password, NULL };
  const char *add[] = { "user", "add", f->path, "wangfang", "--role", "planner", "--name", "王芳",
                        "--password-file", password, "--user", "zhangwei", NULL };
  const char *list[] = { "user", "list", f->path, NULL };
  const char *info[] = { "info", f->path, NULL };

  g_file_set_contents (password, "长城-secret-1\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_test_run_cli (new_args, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gw_test_run_cli (again, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gw_test_run_cli (add, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gw_test_run_cli (list, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "zhangwei\tsupervisor\t"));
  g_assert_nonnull (strstr (out, "wangfang\tplanner\t王芳"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gw_test_run_cli (info, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "unassigned_buildings: 0"));
}

static GwCheckState
state_of (GArray      *lines,
          GwCheckItem  item)
{
  return g_array_index (lines, GwCheckLine, item).state;
}

/* The set-up checklist follows what is loaded: a new street has only its
 * supervisor; the demo street has everything; a grid without a team and a
 * lot in no grid make their lines partial, with the counts. */
static void
test_checklist (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = create (f);
  g_autoptr (GArray) fresh = gw_checklist_load (gw_project_get_store (project), &error);
  g_autofree char *demo = g_build_filename (f->dir, "demo.sqlite", NULL);
  g_autoptr (GDateTime) today = g_date_time_new (gw_china_time_zone (), 2026, 11, 20, 18, 0, 0);
  g_autoptr (GwStore) store = NULL;
  g_autoptr (GArray) full = NULL;
  g_autoptr (GArray) partial = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *info[] = { "info", demo, "--checklist", NULL };

  g_assert_no_error (error);
  g_assert_cmpuint (fresh->len, ==, GW_CHECK_N_ITEMS);
  for (guint i = 0; i < GW_CHECK_N_ITEMS; i++)
    if (i != GW_CHECK_USERS)
      g_assert_cmpint (state_of (fresh, i), ==, GW_CHECK_MISSING);
  g_assert_cmpint (state_of (fresh, GW_CHECK_USERS), ==, GW_CHECK_DONE);
  g_assert_cmpstr (g_array_index (fresh, GwCheckLine, GW_CHECK_USERS).detail, ==, "1 user");
  g_assert_cmpstr (g_array_index (fresh, GwCheckLine, GW_CHECK_BUILDINGS).import_layer, ==,
                   "buildings");
  g_assert_cmpuint (gw_checklist_n_done (fresh), ==, 1);

  g_assert_true (gw_demo_generate (demo, GW_DEMO_SCALE_STREET, 3, today, NULL, NULL, &error));
  store = gw_store_open (demo, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  full = gw_checklist_load (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < GW_CHECK_N_ITEMS; i++)
    g_assert_cmpint (state_of (full, i), !=, GW_CHECK_MISSING);
  g_assert_cmpint (state_of (full, GW_CHECK_TEAMS), ==, GW_CHECK_DONE);
  g_assert_cmpint (state_of (full, GW_CHECK_BUILDINGS), ==, GW_CHECK_DONE);

  gw_test_exec_sql (store, "DELETE FROM grid_workers WHERE grid_id = (SELECT min(id) FROM grids)");
  gw_test_exec_sql (store, "UPDATE lots SET grid_id = NULL "
                           "WHERE id = (SELECT lot_id FROM buildings ORDER BY id LIMIT 1)");
  partial = gw_checklist_load (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (state_of (partial, GW_CHECK_TEAMS), ==, GW_CHECK_PARTIAL);
  g_assert_nonnull (strstr (g_array_index (partial, GwCheckLine, GW_CHECK_TEAMS).detail,
                            "65 of 66 grids have a team"));
  g_assert_cmpint (state_of (partial, GW_CHECK_BUILDINGS), ==, GW_CHECK_PARTIAL);
  g_assert_nonnull (strstr (g_array_index (partial, GwCheckLine, GW_CHECK_BUILDINGS).detail,
                            "in no grid yet"));
  g_assert_cmpuint (gw_checklist_n_done (partial), ==, GW_CHECK_N_ITEMS - 2);
  g_clear_object (&store);

  g_assert_cmpint (gw_test_run_cli (info, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "teams\tpartial\t"));
  g_assert_nonnull (strstr (out, "communities\tdone\t6 communities\n"));
  g_assert_nonnull (strstr (out, "9 of 11 done"));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/accounts/create", test_create);
  ADD ("/accounts/create-refused", test_create_refused);
  ADD ("/accounts/users", test_users);
  ADD ("/accounts/sign-in", test_sign_in);
  ADD ("/accounts/cli", test_cli);
  ADD ("/accounts/checklist", test_checklist);

  return g_test_run ();
}
