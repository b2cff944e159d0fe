/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "gw-case.h"
#include "gw-plan.h"
#include "gw-plan-store.h"
#include "gw-store.h"
#include "gw-user.h"
#include "gw-test-pg.h"
#include "gw-test-store.h"
#include "gw-test-util.h"

/* The store on the district server: each signed-in role works on a working
 * copy of its street that every write goes through to the server, against
 * a real PostgreSQL 15 + PostGIS 3 cluster the suite starts itself. Two
 * users at once: one's reroute reaches the other's copy, a stale write is a
 * conflict and never a lost update, and the server's policies judge every
 * row the copy sends. */

#define STREET_CODE "370203010"

static GwTestPg *cluster;
static char *tmp_dir;
static char *street_path;

/* An open case in one of staff1's grids, and one in another grid. */
static gint64 own_case, other_case;

static GwStore *
open_as (const char *role)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = gw_test_pg_uri (cluster, role);
  GwStore *store = gw_store_open (uri, GW_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
setup_server (void)
{
  g_autoptr (PGconn) admin = gw_test_pg_connect (cluster, "gw_admin");
  g_autoptr (PGresult) roles = NULL;
  g_autofree char *uri = gw_test_pg_uri (cluster, "gw_admin");
  g_autofree char *out = NULL;

  g_assert_cmpint (gw_test_run_cli ((const char *[]) { "server", "init", uri, NULL }, &out, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gw_test_run_cli ((const char *[]) { "push", street_path, uri, NULL }, &out, NULL), ==, 0);
  /* Signed up as the administrator would: the group follows the user's
   * role in the street. */
  g_assert_cmpint (gw_test_run_cli ((const char *[]) { "server", "sign-up", uri, "sup_li", "--street",
                                                       STREET_CODE, "--login", "supervisor", NULL },
                                    &out, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gw_test_run_cli ((const char *[]) { "server", "sign-up", uri, "staff_wang", "--street",
                                                       STREET_CODE, "--login", "staff1", NULL },
                                    &out, NULL), ==, 0);
  g_assert_cmpint (gw_test_pg_int (admin, "SELECT count(*) FROM pg_auth_members m"
                                          " JOIN pg_roles r ON r.oid = m.member AND r.rolname = 'staff_wang'"
                                          " JOIN pg_roles g ON g.oid = m.roleid AND g.rolname = 'gw_staff'"),
                   ==, 1);
  g_clear_pointer (&out, g_free);
  /* A login of no user of the street is refused by name. */
  g_assert_cmpint (gw_test_run_cli ((const char *[]) { "server", "sign-up", uri, "ghost", "--street",
                                                       STREET_CODE, "--login", "nobody", NULL },
                                    NULL, &out), ==, 1);
  g_assert_nonnull (strstr (out, "nobody"));
  g_assert_cmpint (gw_test_pg_int (admin, "SELECT count(*) FROM pg_roles WHERE rolname = 'ghost'"), ==, 0);
  roles = gw_test_pg_exec (admin,
                           "CREATE ROLE nobody_zhao LOGIN;"
                           "CREATE ROLE planner_qian LOGIN IN ROLE gw_planner;"
                           "CREATE ROLE planner_zhou LOGIN IN ROLE gw_planner;"
                           "INSERT INTO gridwork.role_users (role_name, street_code, user_id)"
                           "  SELECT 'planner_zhou', street_code, id FROM gridwork.users WHERE login = 'planner';"
                           "INSERT INTO gridwork.role_users (role_name, street_code, user_id)"
                           "  SELECT 'planner_qian', street_code, id FROM gridwork.users WHERE login = 'supervisor';");
  own_case = gw_test_pg_int (admin,
                             "SELECT min (c.id) FROM gridwork.cases c"
                             "  JOIN gridwork.user_grids ug ON ug.grid_id = c.grid_id"
                             "  JOIN gridwork.users u ON u.id = ug.user_id AND u.login = 'staff1'"
                             " WHERE c.status IN ('dispatched', 'in_progress')");
  other_case = gw_test_pg_int (admin,
                               "SELECT min (c.id) FROM gridwork.cases c"
                               " WHERE c.status IN ('dispatched', 'in_progress')"
                               "   AND c.grid_id NOT IN (SELECT ug.grid_id FROM gridwork.user_grids ug"
                               "     JOIN gridwork.users u ON u.id = ug.user_id AND u.login = 'staff1')");
  g_assert_cmpint (own_case, >, 0);
  g_assert_cmpint (other_case, >, 0);
}

/* The working copy holds what the role may read: the supervisor every
 * case, the grid worker only those of their grids, households' phones
 * masked for both (neither is granted personal data). */
static void
test_open (void)
{
  g_autoptr (GwStore) supervisor = open_as ("sup_li");
  g_autoptr (GwStore) staff = open_as ("staff_wang");
  g_autoptr (GwStore) file = gw_store_open (street_path, GW_STORE_OPEN_READ_ONLY, NULL);
  GwStoreCounts mine = { 0 }, theirs = { 0 }, original = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *phone = NULL, *real_phone = NULL;

  g_assert_cmpstr (gw_store_get_server_login (supervisor), ==, "supervisor");
  g_assert_cmpstr (gw_store_get_server_login (staff), ==, "staff1");
  g_assert_null (gw_store_get_server_login (file));
  g_assert_true (gw_store_count (supervisor, NULL, &mine, &error));
  g_assert_true (gw_store_count (staff, NULL, &theirs, &error));
  g_assert_true (gw_store_count (file, NULL, &original, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mine.cases, ==, original.cases);
  g_assert_cmpint (mine.households, ==, original.households);
  g_assert_cmpint (mine.grids, ==, original.grids);
  g_assert_cmpint (mine.buildings, ==, original.buildings);
  g_assert_cmpint (theirs.cases, >, 0);
  g_assert_cmpint (theirs.cases, <, original.cases);
  g_assert_cmpint (theirs.households, <, original.households);
  g_assert_cmpint (theirs.grids, ==, original.grids);  /* the map is everybody's */
  g_assert_cmpint (gw_test_query_int (staff, "SELECT count(*) FROM cases WHERE id = ?", other_case), ==, 0);

  real_phone = gw_test_query_text (file, "SELECT phone FROM households WHERE phone <> '' ORDER BY id LIMIT 1");
  phone = gw_test_query_text (supervisor, "SELECT phone FROM households WHERE phone <> '' ORDER BY id LIMIT 1");
  g_assert_cmpstr (phone, !=, real_phone);
  g_assert_nonnull (strchr (phone, '*'));
}

static GwReroute *
reroute_to_other_worker (GwStore   *store,
                         gint64     case_id,
                         gint64     expected_version,
                         GError   **error)
{
  g_autoptr (GwUser) user = gw_user_load (store, gw_store_get_server_login (store), NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT gw.worker_id FROM grid_workers gw JOIN cases c"
                                          " ON c.grid_id = gw.grid_id AND c.id = %" G_GINT64_FORMAT
                                          " WHERE gw.worker_id IS NOT c.worker_id ORDER BY gw.worker_id LIMIT 1",
                                          case_id);
  GwRerouteTarget target = { GW_REROUTE_TO_WORKER, gw_test_query_int (store, sql) };
  GwReroute *reroute = NULL;

  g_assert_nonnull (user);
  g_assert_cmpint (target.id, >, 0);
  gw_case_reroute (store, user, case_id, &target, "测试：换人处理", expected_version, &reroute, error);
  return reroute;
}

/* One user's reroute is on the server at once, and in the other user's
 * copy as soon as it reads the server's news. */
static void
test_reroute_reaches_others (void)
{
  g_autoptr (GwStore) supervisor = open_as ("sup_li");
  g_autoptr (GwStore) staff = open_as ("staff_wang");
  g_autoptr (PGconn) admin = gw_test_pg_connect (cluster, "gw_admin");
  g_autoptr (GError) error = NULL;
  g_autoptr (GwReroute) reroute = NULL;
  g_autofree char *worker_sql = g_strdup_printf ("SELECT worker_id FROM cases WHERE id = %" G_GINT64_FORMAT,
                                                 own_case);
  g_autofree char *server_sql = g_strdup_printf ("SELECT worker_id FROM gridwork.cases WHERE id = %"
                                                 G_GINT64_FORMAT, own_case);
  gint64 events_before = gw_test_pg_int (admin, "SELECT count(*) FROM gridwork.case_events");
  gint64 audit_before = gw_test_pg_int (admin, "SELECT count(*) FROM gridwork.audit_log WHERE db_role = 'sup_li'");
  gboolean changed = FALSE;

  reroute = reroute_to_other_worker (supervisor, own_case, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reroute);
  g_assert_cmpint (gw_test_pg_int (admin, server_sql), ==, reroute->to_worker_id);
  g_assert_cmpint (gw_test_pg_int (admin, "SELECT count(*) FROM gridwork.case_events"), ==, events_before + 1);
  g_assert_cmpint (gw_test_pg_int (admin, "SELECT count(*) FROM gridwork.audit_log WHERE db_role = 'sup_li'"),
                   ==, audit_before + 1);
  g_assert_cmpint (gw_test_query_int (supervisor, worker_sql), ==, reroute->to_worker_id);

  /* The other copy still shows the old worker until it reads the news. */
  g_assert_cmpint (gw_test_query_int (staff, worker_sql), ==, reroute->from_worker_id);
  g_assert_true (gw_store_sync (staff, &changed, &error));
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_cmpint (gw_test_query_int (staff, worker_sql), ==, reroute->to_worker_id);
  g_assert_true (gw_store_sync (staff, &changed, &error));
  g_assert_false (changed);
}

/* Two users change the same case: the second, who read it before the
 * first wrote, is told, and nothing of theirs is written. */
static void
test_stale_write_conflicts (void)
{
  g_autoptr (GwStore) first = open_as ("sup_li");
  g_autoptr (GwStore) second = open_as ("staff_wang");
  g_autoptr (PGconn) admin = gw_test_pg_connect (cluster, "gw_admin");
  g_autoptr (GError) error = NULL;
  g_autoptr (GwReroute) done = NULL;
  g_autoptr (GwReroute) refused = NULL;
  g_autofree char *version_sql = g_strdup_printf ("SELECT version FROM cases WHERE id = %" G_GINT64_FORMAT,
                                                  own_case);
  gint64 read_version = gw_test_query_int (second, version_sql);
  gint64 events;

  done = reroute_to_other_worker (first, own_case, read_version, &error);
  g_assert_no_error (error);
  events = gw_test_pg_int (admin, "SELECT count(*) FROM gridwork.case_events");

  refused = reroute_to_other_worker (second, own_case, read_version, &error);
  g_assert_null (refused);
  g_assert_nonnull (error);
  g_assert_true (error->domain == GW_CASE_ERROR || error->domain == GW_STORE_ERROR);
  g_assert_cmpint (gw_test_pg_int (admin, "SELECT count(*) FROM gridwork.case_events"), ==, events);
  /* The refused copy shows the winner's version now. */
  g_assert_cmpint (gw_test_query_int (second, version_sql), ==, done->version);
}

/* The server judges what the copy sends: a grid worker moving a case out
 * of their grids is refused by the row policy, and the copy is as before. */
static void
test_server_refuses (void)
{
  g_autoptr (GwStore) staff = open_as ("staff_wang");
  g_autoptr (GwUser) user = gw_user_load (staff, "staff1", NULL);
  g_autoptr (PGconn) admin = gw_test_pg_connect (cluster, "gw_admin");
  g_autoptr (GError) error = NULL;
  g_autoptr (GwReroute) reroute = NULL;
  g_autofree char *grid_sql = g_strdup_printf ("SELECT grid_id FROM cases WHERE id = %" G_GINT64_FORMAT,
                                               own_case);
  g_autofree char *server_grid_sql = g_strdup_printf ("SELECT grid_id FROM gridwork.cases WHERE id = %"
                                                      G_GINT64_FORMAT, own_case);
  gint64 grid = gw_test_query_int (staff, grid_sql);
  GwRerouteTarget elsewhere = { GW_REROUTE_TO_GRID,
                                gw_test_pg_int (admin,
                                                "SELECT min (g.id) FROM gridwork.grids g WHERE g.id NOT IN"
                                                " (SELECT ug.grid_id FROM gridwork.user_grids ug JOIN"
                                                "  gridwork.users u ON u.id = ug.user_id AND u.login = 'staff1')") };
  g_autofree char *copy_path = NULL;
  g_autoptr (GwStore) plain = NULL;
  g_autoptr (GError) plain_error = NULL;

  g_assert_nonnull (user);
  g_assert_false (gw_case_reroute (staff, user, own_case, &elsewhere, "不归我管", 0, &reroute, &error));
  g_assert_nonnull (error);
  g_test_message ("a grid worker moving a case out: %s", error->message);
  g_assert_cmpint (gw_test_query_int (staff, grid_sql), ==, grid);
  g_assert_cmpint (gw_test_pg_int (admin, server_grid_sql), ==, grid);

  /* A planner's role signed up as the street's supervisor: the app lets a
   * supervisor reroute, the server does not let a planner change cases. */
  {
    g_autoptr (GwStore) planner = open_as ("planner_qian");
    g_autoptr (GError) denied = NULL;
    g_autoptr (GwReroute) none = NULL;
    g_autofree char *worker_sql = g_strdup_printf ("SELECT coalesce (worker_id, 0) FROM cases WHERE id = %"
                                                   G_GINT64_FORMAT, other_case);
    g_autofree char *server_worker_sql = g_strdup_printf ("SELECT coalesce (worker_id, 0) FROM gridwork.cases"
                                                          " WHERE id = %" G_GINT64_FORMAT, other_case);
    gint64 worker = gw_test_query_int (planner, worker_sql);

    none = reroute_to_other_worker (planner, other_case, 0, &denied);
    g_assert_null (none);
    g_assert_error (denied, GW_STORE_ERROR, GW_STORE_ERROR_DENIED);
    g_assert_nonnull (strstr (denied->message, "cases"));
    g_assert_cmpint (gw_test_query_int (planner, worker_sql), ==, worker);
    g_assert_cmpint (gw_test_pg_int (admin, server_worker_sql), ==, worker);
  }

  /* The copy opened as a plain file (as a worker thread reads it) may not
   * be written: its writes would never reach the server. */
  copy_path = g_strdup (gw_store_get_path (staff));
  plain = gw_store_open (copy_path, GW_STORE_OPEN_DEFAULT, &plain_error);
  g_assert_no_error (plain_error);
  g_assert_false (gw_store_begin (plain, &plain_error));
  g_assert_error (plain_error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED);
}

/* A role that is no user of any street is told so, by name. */
static void
test_no_street (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = gw_test_pg_uri (cluster, "nobody_zhao");
  g_autoptr (GwStore) store = gw_store_open (uri, GW_STORE_OPEN_DEFAULT, &error);

  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "nobody_zhao"));
}

/* The CLI on the server: `info` counts the copy, `case reroute` writes
 * through as the role's own user without --user, and naming another user
 * is refused. */
static void
test_cli (void)
{
  g_autofree char *uri = gw_test_pg_uri (cluster, "sup_li");
  g_autoptr (PGconn) admin = gw_test_pg_connect (cluster, "gw_admin");
  g_autofree char *out = NULL, *err = NULL, *id = g_strdup_printf ("%" G_GINT64_FORMAT, other_case);
  g_autofree char *department = NULL;
  g_autofree char *server_sql = g_strdup_printf ("SELECT coalesce (department_id, 0) FROM gridwork.cases"
                                                 " WHERE id = %" G_GINT64_FORMAT, other_case);

  g_unsetenv ("GRIDWORK_USER");
  g_assert_cmpint (gw_test_run_cli ((const char *[]) { "info", uri, NULL }, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "cases"));

  department = g_strdup_printf ("%" G_GINT64_FORMAT,
                                gw_test_pg_int (admin, "SELECT min (id) FROM gridwork.departments"));
  g_assert_cmpint (gw_test_run_cli ((const char *[]) { "case", "reroute", uri, id, "--user", "planner",
                                                       "--to-department", department, NULL },
                                    NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "planner"));
  g_assert_cmpint (gw_test_pg_int (admin, server_sql), !=, g_ascii_strtoll (department, NULL, 10));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gw_test_run_cli ((const char *[]) { "case", "reroute", uri, id, "--to-department",
                                                       department, "--reason", "需要城管处理", NULL },
                                    &out, &err), ==, 0);
  g_assert_cmpint (gw_test_pg_int (admin, server_sql), ==, g_ascii_strtoll (department, NULL, 10));
}

/* A planner commits a grid plan on the server: two neighbouring grids made
 * one. The new geometry, the retired grid and the open cases that follow
 * their place reach the server, and another user's copy. */
static void
test_plan_commit (void)
{
  g_autoptr (GwStore) planner = open_as ("planner_zhou");
  g_autoptr (GwStore) supervisor = open_as ("sup_li");
  g_autoptr (GwUser) user = gw_user_load (planner, "", NULL);
  g_autoptr (PGconn) admin = gw_test_pg_connect (cluster, "gw_admin");
  g_autoptr (GError) error = NULL;
  g_autoptr (GwPlan) plan = NULL;
  g_autofree char *keep_code = gw_test_query_text (planner,
    "SELECT g1.code FROM grids g1, grids g2 WHERE g1.community_id = g2.community_id"
    " AND g1.id < g2.id AND g1.retired_at IS NULL AND g2.retired_at IS NULL"
    " AND Touches (g1.geom, g2.geom) ORDER BY g1.id, g2.id LIMIT 1");
  g_autofree char *other_code = gw_test_query_text (planner,
    "SELECT g2.code FROM grids g1, grids g2 WHERE g1.community_id = g2.community_id"
    " AND g1.id < g2.id AND g1.retired_at IS NULL AND g2.retired_at IS NULL"
    " AND Touches (g1.geom, g2.geom) ORDER BY g1.id, g2.id LIMIT 1");
  g_autofree char *live_sql = g_strdup ("SELECT count(*) FROM gridwork.grids WHERE retired_at IS NULL");
  g_autofree char *other_sql = NULL;
  GwPlanCommitReport report = { 0 };
  gint64 plan_id, live = gw_test_pg_int (admin, live_sql);
  gboolean changed = FALSE;

  g_assert_nonnull (user);
  g_assert_cmpstr (user->login, ==, "planner");
  plan_id = gw_plan_store_create (planner, user, "合并网格", 0, &error);
  g_assert_no_error (error);
  plan = gw_plan_load (planner, plan_id, &error);
  g_assert_no_error (error);
  g_assert_true (gw_plan_merge (plan, gw_plan_find_grid (plan, keep_code),
                                gw_plan_find_grid (plan, other_code), &error));
  g_assert_no_error (error);
  gw_plan_commit (plan, planner, user, &report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report.grids_retired, ==, 1);
  gw_plan_commit_report_clear (&report);

  g_assert_cmpint (gw_test_pg_int (admin, live_sql), ==, live - 1);
  other_sql = g_strdup_printf ("SELECT count(*) FROM gridwork.grids WHERE code = '%s' AND retired_at IS NOT NULL",
                               other_code);
  g_assert_cmpint (gw_test_pg_int (admin, other_sql), ==, 1);
  g_assert_cmpint (gw_test_pg_int (admin, "SELECT count(*) FROM gridwork.cases c JOIN gridwork.grids g"
                                          " ON g.street_code = c.street_code AND g.id = c.grid_id"
                                          " WHERE g.retired_at IS NOT NULL AND c.status NOT IN"
                                          " ('closed', 'evaluated', 'rejected')"), ==, 0);

  g_assert_true (gw_store_sync (supervisor, &changed, &error));
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_cmpint (gw_test_query_int (supervisor, "SELECT count(*) FROM grids WHERE retired_at IS NULL"),
                   ==, live - 1);
  /* The merged grid's new outline, byte for byte, in both copies and on
   * the server. */
  {
    g_autofree char *copy_sql = g_strdup_printf ("SELECT lower (hex (AsBinary (geom))) FROM grids"
                                                 " WHERE code = '%s'", keep_code);
    g_autofree char *server_sql = g_strdup_printf ("SELECT encode (ST_AsBinary (geom), 'hex') FROM"
                                                   " gridwork.grids WHERE code = '%s'", keep_code);
    g_autoptr (PGresult) server = gw_test_pg_exec (admin, server_sql);
    g_autofree char *mine = gw_test_query_text (planner, copy_sql);
    g_autofree char *theirs = gw_test_query_text (supervisor, copy_sql);

    g_assert_cmpstr (mine, ==, PQgetvalue (server, 0, 0));
    g_assert_cmpstr (theirs, ==, mine);
  }
}

/* The supervisors' figures on the server are the file's: the KPIs by grid
 * of the supervisor's copy equal those of the street pulled into a file. */
static void
test_kpi (void)
{
  g_autofree char *uri = gw_test_pg_uri (cluster, "sup_li");
  g_autofree char *admin = gw_test_pg_uri (cluster, "gw_admin");
  g_autofree char *pulled = g_build_filename (tmp_dir, "pulled.sqlite", NULL);
  g_autofree char *server_csv = g_build_filename (tmp_dir, "kpi-server.csv", NULL);
  g_autofree char *file_csv = g_build_filename (tmp_dir, "kpi-file.csv", NULL);
  g_autofree char *out = NULL, *server_text = NULL, *file_text = NULL;

  g_assert_cmpint (gw_test_run_cli ((const char *[]) { "pull", admin, "--street", STREET_CODE, pulled, NULL },
                                    &out, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gw_test_run_cli ((const char *[]) { "kpi", uri, "--by", "grid", "--out", server_csv, NULL },
                                    &out, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_setenv ("GRIDWORK_USER", "supervisor", TRUE);
  g_assert_cmpint (gw_test_run_cli ((const char *[]) { "kpi", pulled, "--by", "grid", "--out", file_csv, NULL },
                                    &out, NULL), ==, 0);
  g_unsetenv ("GRIDWORK_USER");
  g_assert_true (g_file_get_contents (server_csv, &server_text, NULL, NULL));
  g_assert_true (g_file_get_contents (file_csv, &file_text, NULL, NULL));
  g_assert_cmpuint (strlen (server_text), >, 1000);
  g_assert_cmpstr (server_text, ==, file_text);
}

/* A planner imports a layer into the server through the CLI: the rows and
 * the import's audit row arrive, written by the planner's role. */
static void
test_import (void)
{
  g_autofree char *uri = gw_test_pg_uri (cluster, "planner_zhou");
  g_autofree char *roads = g_build_filename (tmp_dir, "roads.geojson", NULL);
  g_autofree char *out = NULL;
  g_autoptr (PGconn) admin = gw_test_pg_connect (cluster, "gw_admin");
  gint64 before = gw_test_pg_int (admin, "SELECT count(*) FROM gridwork.roads");
  gint64 audited = gw_test_pg_int (admin, "SELECT count(*) FROM gridwork.audit_log WHERE db_role = 'planner_zhou'");
  gint64 n_roads;

  g_setenv ("GRIDWORK_USER", "supervisor", TRUE);
  g_assert_cmpint (gw_test_run_cli ((const char *[]) { "export", street_path, "--layer", "roads", "--out", roads,
                                                       NULL }, &out, NULL), ==, 0);
  g_unsetenv ("GRIDWORK_USER");
  g_assert_nonnull (strstr (out, "roads"));
  g_clear_pointer (&out, g_free);
  /* The street's roads, as pushed: importing them again adds as many. */
  n_roads = gw_test_pg_int (admin, "SELECT count(*) FROM gridwork.roads");
  g_assert_cmpint (n_roads, >, 0);
  g_assert_cmpint (gw_test_run_cli ((const char *[]) { "import", uri, roads, "--layer", "roads", NULL },
                                    &out, NULL), ==, 0);
  g_assert_cmpint (gw_test_pg_int (admin, "SELECT count(*) FROM gridwork.roads"), ==, before + n_roads);
  g_assert_cmpint (gw_test_pg_int (admin, "SELECT count(*) FROM gridwork.audit_log WHERE db_role = 'planner_zhou'"),
                   >, audited);
}

/* A district's file (here: the demo street with its last community made a
 * street of its own) pushed in one go: each street gets its own rows and
 * the district's shared ones; pulling a street back gives its rows. */
static void
test_district_push (void)
{
  g_autoptr (PGconn) admin = gw_test_pg_connect (cluster, "gw_admin");
  g_autoptr (PGresult) created = gw_test_pg_exec (admin, "CREATE DATABASE district2");
  g_autofree char *base = gw_test_pg_uri (cluster, "gw_admin");
  g_autofree char *uri = NULL;
  g_autofree char *district = g_build_filename (tmp_dir, "district.sqlite", NULL);
  g_autofree char *pulled = g_build_filename (tmp_dir, "street2.sqlite", NULL);
  g_autofree char *out = NULL;
  g_autoptr (GwStore) file = NULL;
  g_autoptr (GwStore) back = NULL;
  g_autoptr (PGconn) server = NULL;
  g_autoptr (GFile) from = g_file_new_for_path (street_path);
  g_autoptr (GFile) to = g_file_new_for_path (district);
  gint64 cases, cases_2, departments;

  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL));
  file = gw_store_open (district, GW_STORE_OPEN_DEFAULT, NULL);
  g_assert_nonnull (file);
  gw_test_exec_sql (file,
                    "INSERT INTO streets (code, name, district_name) VALUES ('370203099', '测试街道', '市北区');"
                    "UPDATE communities SET street_id = (SELECT id FROM streets WHERE code = '370203099')"
                    " WHERE id = (SELECT max (id) FROM communities);");
  cases = gw_test_query_int (file, "SELECT count(*) FROM cases");
  cases_2 = gw_test_query_int (file, "SELECT count(*) FROM cases WHERE grid_id IN (SELECT id FROM grids"
                                     " WHERE community_id = (SELECT max (id) FROM communities))");
  departments = gw_test_query_int (file, "SELECT count(*) FROM departments");
  g_clear_object (&file);
  g_assert_cmpint (cases_2, >, 0);

  {
    g_autofree char *head = g_strndup (base, strrchr (base, '/') - base);

    uri = g_strconcat (head, "/district2", NULL);
  }
  g_assert_cmpint (gw_test_run_cli ((const char *[]) { "server", "init", uri, NULL }, &out, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (gw_test_run_cli ((const char *[]) { "push", district, uri, NULL }, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "370203099"));
  g_clear_pointer (&out, g_free);

  server = PQconnectdb (uri);
  g_assert_cmpint (PQstatus (server), ==, CONNECTION_OK);
  g_assert_cmpint (gw_test_pg_int (server, "SELECT count(*) FROM gridwork.streets"), ==, 2);
  g_assert_cmpint (gw_test_pg_int (server, "SELECT count(*) FROM gridwork.cases"), ==, cases);
  g_assert_cmpint (gw_test_pg_int (server, "SELECT count(*) FROM gridwork.cases WHERE street_code = '370203099'"),
                   ==, cases_2);
  g_assert_cmpint (gw_test_pg_int (server, "SELECT count(*) FROM gridwork.departments"), ==, 2 * departments);
  g_assert_cmpint (gw_test_pg_int (server, "SELECT count(*) FROM gridwork.communities"
                                           " WHERE street_code = '370203099'"), ==, 1);

  g_assert_cmpint (gw_test_run_cli ((const char *[]) { "pull", uri, "--street", "370203099", pulled, NULL },
                                    &out, NULL), ==, 0);
  back = gw_store_open (pulled, GW_STORE_OPEN_READ_ONLY, NULL);
  g_assert_nonnull (back);
  g_assert_cmpint (gw_test_query_int (back, "SELECT count(*) FROM cases"), ==, cases_2);
  g_assert_cmpint (gw_test_query_int (back, "SELECT count(*) FROM communities"), ==, 1);
  g_assert_cmpint (gw_test_query_int (back, "SELECT count(*) FROM departments"), ==, departments);
}

/* Three clients at once through bench-server: they work, and afterwards
 * the server has every case and history event they committed, once. */
static void
test_bench_server (void)
{
  g_autofree char *uri = gw_test_pg_uri (cluster, "gw_admin");
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (gw_test_run_cli ((const char *[]) { "bench-server", uri, "--clients", "3",
                                                       "--seconds", "2", NULL }, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "reroute"));
  {
    g_auto (GStrv) lines = g_strsplit (out, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      if (strstr (lines[i], "per second") != NULL)
        g_test_message ("%s", lines[i]);
  }
  g_assert_nonnull (strstr (out, "Consistent"));
  g_assert_null (strstr (out, "NOT CONSISTENT"));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *cache = NULL;
  g_autofree char *out = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = gw_test_make_tmp_dir ("gridwork-test-server");
  cache = g_build_filename (tmp_dir, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  street_path = g_build_filename (tmp_dir, "street.sqlite", NULL);
  g_assert_cmpint (gw_test_run_cli ((const char *[]) { "demo", street_path, "--today",
                                                       "2026-11-20", NULL }, &out, NULL), ==, 0);
  cluster = gw_test_pg_start ();
  setup_server ();

  g_test_add_func ("/server/open", test_open);
  g_test_add_func ("/server/reroute-reaches-others", test_reroute_reaches_others);
  g_test_add_func ("/server/stale-write-conflicts", test_stale_write_conflicts);
  g_test_add_func ("/server/server-refuses", test_server_refuses);
  g_test_add_func ("/server/no-street", test_no_street);
  g_test_add_func ("/server/cli", test_cli);
  g_test_add_func ("/server/plan-commit", test_plan_commit);
  g_test_add_func ("/server/kpi", test_kpi);
  g_test_add_func ("/server/import", test_import);
  g_test_add_func ("/server/bench-server", test_bench_server);
  g_test_add_func ("/server/district-push", test_district_push);
  status = g_test_run ();

  gw_test_pg_stop (cluster);
  gw_test_remove_tree (tmp_dir);
  g_free (street_path);
  g_free (tmp_dir);
  return status;
}
