/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gw-domain.h"
#include "gw-feature-query.h"
#include "gw-inspector.h"
#include "gw-store-maintenance.h"
#include "gw-store-private.h"
#include "gw-street.h"
#include "gw-util.h"
#include "gw-wkb.h"
#include "gw-writer.h"
#include "gw-test-store.h"
#include "gw-test-util.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->dir = gw_test_make_tmp_dir ("gw-test-store");
  fixture->path = g_build_filename (fixture->dir, "street.sqlite", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gw_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* The bytes of a file, to prove a refused file was left exactly as it was. */
static GBytes *
file_bytes (const char *path)
{
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
test_store_create (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *application = NULL;

  store = gw_store_open (fixture->path, GW_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  g_assert_cmpint (gw_store_get_schema_version (store), ==, GW_STORE_SCHEMA_VERSION);
  g_assert_cmpint (gw_test_query_int (store, "PRAGMA user_version"), ==, GW_STORE_SCHEMA_VERSION);
  journal = gw_test_query_text (store, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpint (gw_test_query_int (store, "PRAGMA foreign_keys"), ==, 1);
  application = gw_test_query_text (store, "SELECT value FROM gridwork_meta WHERE key = 'application'");
  g_assert_cmpstr (application, ==, "gridwork");
  g_assert_cmpint (gw_test_query_int (store, "PRAGMA application_id"), ==, GW_STORE_APPLICATION_ID);

  /* Registered in SpatiaLite's metadata, with R*Tree indexes: QGIS sees them. */
  g_assert_cmpint (gw_test_query_int (store,
                              "SELECT count(*) FROM geometry_columns WHERE srid = 4490 "
                              "AND spatial_index_enabled = 1"), ==, 8);
  g_assert_cmpint (gw_test_query_int (store,
                              "SELECT count(*) FROM sqlite_master WHERE name IN "
                              "('idx_grids_geom', 'idx_buildings_geom', 'idx_lots_geom', "
                              "'idx_cases_geom', 'idx_roads_geom', 'idx_communities_geom', "
                              "'idx_streets_geom')"), ==, 7);
  g_assert_cmpint (gw_test_query_int (store,
                              "SELECT count(*) FROM geometry_columns WHERE f_table_name = 'grids' "
                              "AND geometry_type = 6"), ==, 1);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM spatial_ref_sys WHERE srid = 4490"), ==, 1);

  /* Every table of the domain model exists. */
  {
    static const char * const tables[] = {
      "streets", "communities", "grids", "lots", "buildings", "roads", "dwellings",
      "households", "residents", "resident_tags", "workers", "grid_workers", "departments",
      "users", "user_grids", "calendar", "cases", "case_events", "visits", "audit_log",
      "grid_plans", "grid_plan_lots", "field_classes",
    };

    for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
      {
        g_autoptr (sqlite3_stmt) stmt =
          gw_store_prepare (store, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", &error);
        g_assert_no_error (error);
        sqlite3_bind_text (stmt, 1, tables[i], -1, SQLITE_STATIC);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        if (sqlite3_column_int (stmt, 0) != 1)
          g_error ("table %s is missing", tables[i]);
      }
  }
}

static void
test_store_reopen (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  GwStore *store;

  store = gw_store_open (fixture->path, GW_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  gw_test_exec_sql (store, "INSERT INTO departments (name) VALUES ('区城管局')");
  g_assert_finalize_object (store);

  store = gw_store_open (fixture->path, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM departments"), ==, 1);
  g_assert_finalize_object (store);

  store = gw_store_open (fixture->path, GW_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (gw_store_begin (store, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED);
  g_assert_finalize_object (store);
}

static void
test_store_missing (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = NULL;

  store = gw_store_open (fixture->path, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "street.sqlite"));
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
}

static void
assert_refused_unchanged (const char   *path,
                          int           expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) before = file_bytes (path);
  g_autoptr (GBytes) after = NULL;
  g_autoptr (GwStore) store = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *base = g_path_get_basename (path);

  store = gw_store_open (path, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, GW_STORE_ERROR, expected);
  /* The message names the file and says why. */
  g_assert_nonnull (strstr (error->message, base));
  g_test_message ("refused: %s", error->message);

  after = file_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* The first failure of issue 8: opening a second connection in a process
 * that already had one read the header with fopen/fclose, which dropped the
 * first connection's POSIX locks; a CLI reader then deleted the write-ahead
 * log under the app, whose later writes reached no other reader. Now a
 * second store, then a CLI read, must leave the first connection's writes
 * visible to every other process. */
static gboolean
visible_in_child (const char *path,
                  const char *key)
{
  pid_t pid = fork ();
  int status = 0;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      sqlite3 *db = NULL;
      sqlite3_stmt *stmt = NULL;
      int found = 0;

      if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
          && sqlite3_prepare_v2 (db, "SELECT count(*) FROM gridwork_meta WHERE key = ?", -1, &stmt,
                                 NULL) == SQLITE_OK
          && sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC) == SQLITE_OK
          && sqlite3_step (stmt) == SQLITE_ROW)
        found = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      sqlite3_close (db);
      _exit (found == 1 ? 0 : 1);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

static gboolean
wal_deleted_under_us (const char *path)
{
  g_autoptr (GDir) fds = g_dir_open ("/proc/self/fd", 0, NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  const char *name;

  while (fds != NULL && (name = g_dir_read_name (fds)) != NULL)
    {
      g_autofree char *link = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      if (target != NULL && g_str_has_prefix (target, wal) && strstr (target, "(deleted)") != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_store_second_connection_keeps_locks (Fixture       *fixture,
                                          gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) writer = NULL;
  g_autoptr (GwStore) reader = NULL;
  const char *list[] = { "case", "list", fixture->path, "--user", "supervisor", NULL };
  g_autofree char *out = NULL;

  writer = gw_store_open (fixture->path, GW_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  gw_test_exec_sql (writer, "INSERT INTO gridwork_meta (key, value) VALUES ('before', '1')");

  /* What the case controller does: a second, read-only store of the file. */
  reader = gw_store_open (fixture->path, GW_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_test_query_int (reader, "SELECT count(*) FROM gridwork_meta WHERE key = 'before'"),
                   ==, 1);

  /* A reading command in another process, which opens the file for writing
   * (it may have to migrate it) and closes it. */
  g_assert_cmpint (gw_test_run_cli (list, &out, NULL), ==, 0);

  gw_test_exec_sql (writer, "INSERT INTO gridwork_meta (key, value) VALUES ('after', '1')");
  g_assert_false (wal_deleted_under_us (fixture->path));
  g_assert_true (visible_in_child (fixture->path, "before"));
  g_assert_true (visible_in_child (fixture->path, "after"));
}

/* A write that still cannot proceed after the busy timeout says which
 * program holds the file. */
static void
test_store_busy_names_holder (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = NULL;
  g_autofree char *pid_text = NULL;
  int ready[2], release[2];
  pid_t pid;
  char byte = 0;
  int status = 0;

  store = gw_store_open (fixture->path, GW_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pipe (ready), ==, 0);
  g_assert_cmpint (pipe (release), ==, 0);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      sqlite3 *db = NULL;
      char c = 1;

      close (ready[0]);
      close (release[1]);
      if (sqlite3_open (fixture->path, &db) != SQLITE_OK
          || sqlite3_exec (db, "BEGIN IMMEDIATE; INSERT INTO gridwork_meta VALUES ('held', '1')",
                           NULL, NULL, NULL) != SQLITE_OK)
        _exit (1);
      if (write (ready[1], &c, 1) != 1)
        _exit (1);
      /* Hold the write lock until the parent has tried. */
      while (read (release[0], &c, 1) > 0)
        ;
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      sqlite3_close (db);
      _exit (0);
    }
  close (ready[1]);
  close (release[0]);
  g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);

  gw_store_set_busy_timeout (store, 200);
  g_assert_false (gw_store_begin (store, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_BUSY);
  g_test_message ("busy: %s", error->message);
  pid_text = g_strdup_printf ("process %d", (int) pid);
  g_assert_nonnull (strstr (error->message, pid_text));
  g_assert_nonnull (strstr (error->message, "test-store"));
  g_assert_nonnull (strstr (error->message, "street.sqlite"));
  g_clear_error (&error);

  close (release[1]);
  close (ready[0]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);

  /* Once the other program is done, the write goes through. */
  g_assert_true (gw_store_begin (store, &error));
  g_assert_no_error (error);
  gw_store_rollback (store);
}

/* data_version moves when another connection commits, not for our own. */
static void
test_store_data_version (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) window = NULL;
  g_autoptr (GwStore) other = NULL;
  gint64 before, after_other;

  window = gw_store_open (fixture->path, GW_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  other = gw_store_open (fixture->path, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  before = gw_store_get_data_version (window);
  g_assert_cmpint (before, >=, 0);
  g_assert_cmpint (gw_store_get_data_version (window), ==, before);

  gw_test_exec_sql (window, "INSERT INTO gridwork_meta VALUES ('mine', '1')");
  g_assert_cmpint (gw_store_get_data_version (window), ==, before);

  gw_test_exec_sql (other, "INSERT INTO gridwork_meta VALUES ('theirs', '1')");
  after_other = gw_store_get_data_version (window);
  g_assert_cmpint (after_other, !=, before);
  g_assert_cmpint (gw_store_get_data_version (window), ==, after_other);
}

/* Files that only look like SQLite are told apart by SQLite itself. */
static void
test_store_short_and_foreign_headers (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  sqlite3 *db = NULL;

  /* The magic string and nothing else: a truncated download. */
  g_file_set_contents (fixture->path, "SQLite format 3", 16, &error);
  g_assert_no_error (error);
  assert_refused_unchanged (fixture->path, GW_STORE_ERROR_NOT_GRIDWORK);
  gw_test_remove_database (fixture->path);

  /* Another program's database that even has a gridwork_meta table. */
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA application_id = 1234;"
                                     "CREATE TABLE gridwork_meta (key TEXT, value TEXT);"
                                     "INSERT INTO gridwork_meta VALUES ('application', 'gridwork');"
                                     "PRAGMA user_version = 1;",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  assert_refused_unchanged (fixture->path, GW_STORE_ERROR_NOT_GRIDWORK);
}

static void
test_store_not_sqlite (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (fixture->path, "name,households\n宁夏路,14800\n", -1, &error);
  g_assert_no_error (error);
  assert_refused_unchanged (fixture->path, GW_STORE_ERROR_NOT_GRIDWORK);
}

static void
test_store_empty_file (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (fixture->path, "", 0, &error);
  g_assert_no_error (error);
  assert_refused_unchanged (fixture->path, GW_STORE_ERROR_NOT_GRIDWORK);
}

static void
test_store_foreign_sqlite (Fixture       *fixture,
                           gconstpointer  user_data)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE parcels (id INTEGER PRIMARY KEY, owner TEXT);"
                                     "INSERT INTO parcels VALUES (1, '张三');", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  assert_refused_unchanged (fixture->path, GW_STORE_ERROR_NOT_GRIDWORK);
}

static void
test_store_too_new (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  GwStore *store;

  store = gw_store_open (fixture->path, GW_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  gw_test_exec_sql (store, "PRAGMA user_version = 99");
  gw_test_exec_sql (store, "PRAGMA journal_mode = DELETE");
  g_assert_finalize_object (store);

  assert_refused_unchanged (fixture->path, GW_STORE_ERROR_TOO_NEW);
}

static void
test_store_damaged (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  GwStore *store;
  gsize length;
  char *data;

  store = gw_store_open (fixture->path, GW_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  gw_test_exec_sql (store, "PRAGMA journal_mode = DELETE");
  g_assert_finalize_object (store);

  /* Scribble over everything after the header page: the schema is gone. */
  bytes = file_bytes (fixture->path);
  data = g_bytes_unref_to_data (g_steal_pointer (&bytes), &length);
  g_assert_cmpuint (length, >, 8192);
  for (gsize i = 100; i < length; i++)
    data[i] = (char) (i * 7919);
  g_file_set_contents (fixture->path, data, length, &error);
  g_assert_no_error (error);
  g_free (data);

  {
    g_autoptr (GBytes) before = file_bytes (fixture->path);
    g_autoptr (GBytes) after = NULL;
    g_autoptr (GwStore) damaged = gw_store_open (fixture->path, GW_STORE_OPEN_DEFAULT, &error);

    g_assert_null (damaged);
    g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_CORRUPT);
    g_assert_nonnull (strstr (error->message, "street.sqlite"));
    after = file_bytes (fixture->path);
    g_assert_true (g_bytes_equal (before, after));
  }
}

static void
test_store_empty_sqlite_is_created (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = NULL;
  sqlite3 *db = NULL;

  /* An SQLite file with nothing in it (as some tools create) becomes ours. */
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 0; VACUUM;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = gw_store_open (fixture->path, GW_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_store_get_schema_version (store), ==, GW_STORE_SCHEMA_VERSION);
}

static void
test_store_migrate_from_1 (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  GwStore *store;

  /* A project file of schema 1 with a department and a case event in it. */
  store = gw_store_open_at_version (fixture->path, GW_STORE_OPEN_CREATE, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_test_query_int (store, "PRAGMA user_version"), ==, 1);
  gw_test_exec_sql (store,
    "INSERT INTO departments (id, name) VALUES (1, '区民政局');"
    "INSERT INTO streets (id, code, name, district_name) VALUES (1, '370203010', '宁夏路街道', '市北区');"
    "INSERT INTO communities (id, street_id, code, name) VALUES (1, 1, '370203010001', '宁德路社区');"
    "INSERT INTO grids (id, community_id, code, name) VALUES (1, 1, '370203010001001', '第一网格');"
    "INSERT INTO cases (id, code, grid_id, category, tier, source, status, reported_at) VALUES "
    "  (1, 'NX-1', 1, 'medical', 'B', 'hotline', 'registered', '2026-11-01 09:00:00');"
    "INSERT INTO case_events (case_id, at, kind, to_status) VALUES (1, '2026-11-01 09:00:00', 'report', 'reported');");
  g_assert_finalize_object (store);

  /* Opening it with this build upgrades it in place and keeps everything. */
  store = gw_store_open (fixture->path, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_store_get_schema_version (store), ==, GW_STORE_SCHEMA_VERSION);
  g_assert_cmpint (gw_test_query_int (store, "PRAGMA user_version"), ==, GW_STORE_SCHEMA_VERSION);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM departments"), ==, 1);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM case_events WHERE case_id = 1"), ==, 1);
  /* Schema 2's per-category time limits exist, one row per major class. */
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM case_time_limits"), ==, 8);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM pragma_table_info ('case_events') "
                                     "WHERE name = 'to_worker_id'"), ==, 1);
  g_assert_finalize_object (store);
}

static void
test_store_migrate_failure_keeps_file (Fixture       *fixture,
                                       gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) failed = NULL;
  GwStore *store;

  /* A schema-1 file that someone added a clashing table to by hand: the
   * upgrade to 2 cannot run, and must leave the file at 1 with its data. */
  store = gw_store_open_at_version (fixture->path, GW_STORE_OPEN_CREATE, 1, &error);
  g_assert_no_error (error);
  gw_test_exec_sql (store,
    "INSERT INTO departments (id, name) VALUES (1, '区民政局');"
    "CREATE TABLE case_time_limits (category TEXT);");
  g_assert_finalize_object (store);

  failed = gw_store_open (fixture->path, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_null (failed);
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL);
  g_assert_nonnull (strstr (error->message, "street.sqlite"));
  g_test_message ("refused upgrade: %s", error->message);
  g_clear_error (&error);

  store = gw_store_open_at_version (fixture->path, GW_STORE_OPEN_DEFAULT, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_test_query_int (store, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM departments"), ==, 1);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM pragma_table_info ('case_events') "
                                     "WHERE name = 'to_worker_id'"), ==, 0);
  g_assert_finalize_object (store);
}

static void
test_store_transaction_rollback (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = NULL;

  store = gw_store_open (fixture->path, GW_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);

  g_assert_true (gw_store_begin (store, &error));
  gw_test_exec_sql (store, "INSERT INTO departments (name) VALUES ('区民政局')");
  /* A foreign key violation fails the statement; the action is rolled back whole. */
  g_assert_false (gw_store_exec (store, "INSERT INTO communities (street_id, code, name) "
                                        "VALUES (42, '370203003001', '无街道')", &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL);
  gw_store_rollback (store);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM departments"), ==, 0);
}

/* A small street: one community, two grids of known rectangles. */
static GwStore *
create_small_street (const char *path)
{
  g_autoptr (GError) error = NULL;
  GwStore *store = gw_store_open (path, GW_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  gw_test_exec_sql (store,
    "INSERT INTO streets (id, code, name, district_name) VALUES (1, '370203003', '宁夏路街道', '市北区');"
    "UPDATE streets SET geom = CastToMultiPolygon (GeomFromText ("
    "  'POLYGON((120.370 36.080, 120.380 36.080, 120.380 36.085, 120.370 36.085, 120.370 36.080))', 4490));"
    "INSERT INTO communities (id, street_id, code, name) VALUES (1, 1, '370203003001', '宁德路社区');"
    "INSERT INTO grids (id, community_id, code, name, geom) VALUES "
    "  (1, 1, '370203003001001', '第一网格', CastToMultiPolygon (GeomFromText ("
    "   'POLYGON((120.370 36.080, 120.375 36.080, 120.375 36.085, 120.370 36.085, 120.370 36.080))', 4490))),"
    "  (2, 1, '370203003001002', '第二网格', CastToMultiPolygon (GeomFromText ("
    "   'POLYGON((120.375 36.080, 120.380 36.080, 120.380 36.085, 120.375 36.085, 120.375 36.080))', 4490)));"
    "INSERT INTO lots (id, community_id, grid_id, name) VALUES (1, 1, 1, '福寿里'), (2, 1, 2, '宁夏路18号院');"
    "INSERT INTO buildings (id, lot_id, name, address, floors, units) VALUES "
    "  (1, 1, '1号楼', '宁夏路16号', 6, 2), (2, 1, '2号楼', '宁夏路16号', 6, 2), (3, 2, '1号楼', '宁夏路18号', 5, 1);"
    "INSERT INTO dwellings (id, building_id, code, unit, floor, room) VALUES "
    "  (1, 1, '10100100101', 1, 1, '101'), (2, 1, '10100100102', 1, 1, '102'),"
    "  (3, 2, '10100200101', 1, 1, '101'), (4, 3, '10200100101', 1, 1, '101');"
    "INSERT INTO households (id, dwelling_id, head_name, hukou) VALUES "
    "  (1, 1, '王建国', 'local'), (2, 2, '李秀英', 'local'), (3, 3, '张伟', 'floating'), (4, 4, '刘洋', 'local');"
    "INSERT INTO residents (id, household_id, name, sex, birth_date, relation, id_number, phone) VALUES "
    "  (1, 1, '王建国', 'M', '1950-03-01', 'head', '370203195003011234', '13800001234'),"
    "  (2, 1, '陈桂兰', 'F', '1952-07-15', 'spouse', '370203195207152345', NULL),"
    "  (3, 2, '李秀英', 'F', '1940-01-20', 'head', '37020319400120336X', '13900005678'),"
    "  (4, 3, '张伟', 'M', '1990-05-05', 'head', '410102199005054411', '13700009999'),"
    "  (5, 4, '刘洋', 'M', '1985-12-12', 'head', '370203198512125555', '13600001111');"
    "INSERT INTO resident_tags (resident_id, tag) VALUES (3, 'elderly_alone'), (3, 'low_income'),"
    "  (4, 'floating'), (1, 'party_member');"
    "INSERT INTO workers (id, name, phone) VALUES (1, '赵红', '13300000001'), (2, '孙强', '13300000002'),"
    "  (3, '周敏', '13300000003');"
    "INSERT INTO grid_workers (grid_id, worker_id, role, is_first) VALUES "
    "  (1, 2, 'police', 0), (1, 1, 'party_branch', 1), (1, 3, 'building_leader', 0), (2, 2, 'police', 0);"
    "INSERT INTO departments (id, name) VALUES (1, '区城管局');"
    "INSERT INTO cases (id, code, grid_id, category, tier, source, status, worker_id, department_id,"
    "  reported_at, deadline_at, scope) VALUES "
    "  (1, 'NX-1', 1, 'living_environment', 'B', 'patrol', 'in_progress', 1, NULL,"
    "   '2026-11-01 09:00:00', '2026-11-10 18:00:00', 'small'),"
    "  (2, 'NX-2', 1, 'urban_housing', 'A', 'hotline', 'dispatched', NULL, 1,"
    "   '2026-11-20 08:00:00', '2026-11-20 18:00:00', 'big'),"
    "  (3, 'NX-3', 1, 'civil_mediation', 'B', 'walk_in', 'closed', 1, NULL,"
    "   '2026-10-01 09:00:00', '2026-10-10 18:00:00', 'small'),"
    "  (4, 'NX-4', 2, 'transport', 'C', 'qr_code', 'registered', 2, NULL,"
    "   '2026-09-01 09:00:00', NULL, 'small');");
  return store;
}

static void
test_store_count (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = create_small_street (fixture->path);
  g_autoptr (GDateTime) now = gw_parse_timestamp ("2026-11-20 10:00:00");
  GwStoreCounts counts;

  g_assert_true (gw_store_count (store, now, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (counts.communities, ==, 1);
  g_assert_cmpint (counts.grids, ==, 2);
  g_assert_cmpint (counts.lots, ==, 2);
  g_assert_cmpint (counts.buildings, ==, 3);
  g_assert_cmpint (counts.dwellings, ==, 4);
  g_assert_cmpint (counts.households, ==, 4);
  g_assert_cmpint (counts.residents, ==, 5);
  g_assert_cmpint (counts.workers, ==, 3);
  g_assert_cmpint (counts.departments, ==, 1);
  g_assert_cmpint (counts.cases, ==, 4);
  g_assert_cmpint (counts.open_cases, ==, 3);
  /* Only NX-1 is past its deadline at 10:00 on the 20th; NX-2 is due at 18:00. */
  g_assert_cmpint (counts.overdue_cases, ==, 1);
}

typedef struct
{
  GPtrArray  *rows;        /* "kind id parent grid label|name klass flags geometry" */
  GHashTable *households;  /* building id → households */
} FeatureRows;

static void
collect_feature_row (const GwFeatureRow *row,
                     gpointer            user_data)
{
  FeatureRows *collected = user_data;

  g_ptr_array_add (collected->rows,
                   g_strdup_printf ("%d %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                                    " %s|%s %d %d %s", row->kind, row->id, row->parent_id,
                                    row->grid_id, row->label, row->name, row->klass, row->flags,
                                    row->wkb != NULL && row->wkb_size > 0 ? "wkb" : "none"));
}

static void
collect_households (gint64   building_id,
                    gint64   n_households,
                    gpointer user_data)
{
  FeatureRows *collected = user_data;

  g_hash_table_insert (collected->households, g_memdup2 (&building_id, sizeof building_id),
                       GINT_TO_POINTER ((int) n_households));
}

/* What the map reads, as the store hands it over: every kind in order,
 * codes turned into classes, rows without geometry passed on. */
static void
test_store_features (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = create_small_street (fixture->path);
  g_autoptr (GDateTime) now = gw_parse_timestamp ("2026-11-20 10:00:00");
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) households = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                             g_free, NULL);
  FeatureRows collected = { rows, households };
  gint64 building = 1;
  static const char * const expected[] = {
    "0 1 1 0 宁德路社区|370203003001 0 0 none",
    "1 1 1 1 370203003001001|第一网格 0 0 wkb",
    "1 2 1 2 370203003001002|第二网格 0 0 wkb",
    "2 1 1 1 福寿里|福寿里 0 0 none",
    "2 2 2 2 宁夏路18号院|宁夏路18号院 1 0 none",     /* shops */
    "3 1 1 1 1号楼|宁夏路16号 6 0 none",
    "3 2 1 1 2号楼|宁夏路16号 6 2 none",              /* public */
    "3 3 2 2 1号楼|宁夏路18号 5 0 none",
    /* NX-3 is closed; NX-1 (tier B) alone is past its deadline. */
    "5 1 1 1 NX-1|living_environment 1 1 none",
    "5 2 1 1 NX-2|urban_housing 0 0 none",
    "5 4 2 2 NX-4|transport 2 0 none",
  };

  gw_test_exec_sql (store, "UPDATE buildings SET use = 'public' WHERE id = 2;"
                   "UPDATE lots SET kind = 'shops' WHERE id = 2");
  g_assert_true (gw_feature_query_run (store, now, collect_feature_row, collect_households,
                                       &collected, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpstr (g_ptr_array_index (rows, i), ==, expected[i]);

  g_assert_cmpuint (g_hash_table_size (households), ==, 3);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (households, &building)), ==, 2);
}

static void
test_store_streets (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = create_small_street (fixture->path);
  g_autoptr (GPtrArray) streets = NULL;
  const GwStreet *street;
  gint64 id = -1;

  streets = gw_street_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (streets->len, ==, 1);
  street = g_ptr_array_index (streets, 0);
  g_assert_cmpint (street->id, ==, 1);
  g_assert_cmpstr (street->code, ==, "370203003");
  g_assert_cmpstr (street->name, ==, "宁夏路街道");
  g_assert_cmpstr (street->district_name, ==, "市北区");

  g_assert_true (gw_street_find_by_code (store, "370203003", &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 1);
  /* Not there is an answer, not an error. */
  g_assert_true (gw_street_find_by_code (store, "370203999", &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, ==, 0);
}

/* The copy is what was committed when it began, even while another
 * connection is in the middle of writing; then the copy can lose its
 * buildings without touching the original. */
static void
test_store_copy_to (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = create_small_street (fixture->path);
  g_autoptr (GwStore) writer = NULL;
  g_autoptr (GwStore) copy = NULL;
  g_autofree char *copy_path = g_build_filename (fixture->dir, "copy.sqlite", NULL);

  writer = gw_store_open (fixture->path, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (gw_store_begin (writer, &error));
  gw_test_exec_sql (writer, "INSERT INTO departments (name) VALUES ('区民政局')");

  g_assert_true (gw_store_copy_to (store, copy_path, &error));
  g_assert_no_error (error);
  g_assert_true (gw_store_commit (writer, &error));
  g_assert_no_error (error);

  copy = gw_store_open (copy_path, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_test_query_int (copy, "SELECT count(*) FROM departments"), ==, 1);
  g_assert_cmpint (gw_test_query_int (copy, "SELECT count(*) FROM households"), ==, 4);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM departments"), ==, 2);

  /* A copy never overwrites a file. */
  g_assert_false (gw_store_copy_to (store, copy_path, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL);
  g_clear_error (&error);

  g_assert_true (gw_store_clear_buildings (copy, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_test_query_int (copy, "SELECT count(*) FROM buildings"), ==, 0);
  g_assert_cmpint (gw_test_query_int (copy, "SELECT count(*) FROM residents"), ==, 0);
  g_assert_cmpint (gw_test_query_int (copy, "SELECT count(*) FROM grids"), ==, 2);
  g_assert_cmpint (gw_test_query_int (copy, "SELECT count(*) FROM cases"), ==, 4);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM buildings"), ==, 3);
}

static void
test_inspector_grid (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = create_small_street (fixture->path);
  g_autoptr (GDateTime) now = gw_parse_timestamp ("2026-11-20 10:00:00");
  g_autoptr (GwGridSummary) summary = NULL;
  g_autoptr (GPtrArray) workers = NULL;
  g_autoptr (GPtrArray) cases = NULL;
  double expected_area;

  summary = gw_inspector_grid_summary (store, 1, now, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (summary->code, ==, "370203003001001");
  g_assert_cmpstr (summary->community_name, ==, "宁德路社区");
  g_assert_cmpstr (summary->street_name, ==, "宁夏路街道");
  g_assert_cmpint (summary->n_lots, ==, 1);
  g_assert_cmpint (summary->n_buildings, ==, 2);
  g_assert_cmpint (summary->n_households, ==, 3);
  g_assert_cmpint (summary->n_residents, ==, 4);
  g_assert_cmpint (summary->n_workers, ==, 3);
  g_assert_cmpint (summary->n_open_cases, ==, 2);
  g_assert_cmpint (summary->n_overdue_cases, ==, 1);
  /* 0.005° × 0.005° at 36.08° N: 451 m × 555 m on the ellipsoid. */
  expected_area = 0.005 * 111319.49 * cos (36.0825 * G_PI / 180) * 0.005 * 110960.0;
  g_assert_cmpfloat_with_epsilon (summary->area_m2, expected_area, expected_area * 0.01);

  workers = gw_inspector_grid_workers (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (workers->len, ==, 3);
  /* First responsible person first, then by the seed's role order. */
  g_assert_cmpstr (((GwGridWorker *) workers->pdata[0])->name, ==, "赵红");
  g_assert_true (((GwGridWorker *) workers->pdata[0])->is_first);
  g_assert_cmpstr (((GwGridWorker *) workers->pdata[1])->role, ==, "building_leader");
  g_assert_cmpstr (((GwGridWorker *) workers->pdata[2])->role, ==, "police");
  g_assert_cmpstr (((GwGridWorker *) workers->pdata[0])->phone, ==, "13300000001");
  g_assert_cmpint (((GwGridWorker *) workers->pdata[0])->n_open_cases, ==, 1);

  cases = gw_inspector_open_cases (store, 1, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, ==, 2);
  g_assert_cmpstr (((GwCaseSummary *) cases->pdata[0])->code, ==, "NX-1");
  g_assert_true (((GwCaseSummary *) cases->pdata[0])->overdue);
  g_assert_cmpfloat_with_epsilon (((GwCaseSummary *) cases->pdata[0])->age_days, 19.0417, 0.001);
  g_assert_cmpstr (((GwCaseSummary *) cases->pdata[1])->assignee, ==, "区城管局");
  g_assert_false (((GwCaseSummary *) cases->pdata[1])->overdue);

  g_assert_null (gw_inspector_grid_summary (store, 99, now, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (gw_inspector_find_grid (store, "370203003001002", &error), ==, 2);
  g_assert_cmpint (gw_inspector_find_grid (store, "370203003001009", &error), ==, 0);
  g_assert_no_error (error);
}

static void
test_inspector_households (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = create_small_street (fixture->path);
  g_autoptr (GPtrArray) households = NULL;
  g_autoptr (GPtrArray) in_building = NULL;
  g_autoptr (GPtrArray) residents = NULL;
  g_autoptr (GPtrArray) unmasked = NULL;
  g_autoptr (GwBuildingSummary) building = NULL;
  g_autoptr (GDateTime) now = gw_parse_timestamp ("2026-11-20 10:00:00");
  GwHousehold *li;
  GwResident *head;

  households = gw_inspector_households (store, 1, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (households->len, ==, 3);
  li = households->pdata[1];
  g_assert_cmpstr (li->head_name, ==, "李秀英");
  g_assert_cmpstr (li->dwelling_code, ==, "10100100102");
  g_assert_cmpstr (li->room, ==, "102");
  g_assert_cmpstr (li->address, ==, "宁夏路16号");
  g_assert_cmpint (li->n_members, ==, 1);
  g_assert_cmpuint (g_strv_length (li->tags), ==, 2);
  g_assert_cmpstr (li->tags[0], ==, "elderly_alone");
  g_assert_cmpstr (li->tags[1], ==, "low_income");
  g_assert_nonnull (strstr (li->search_text, "10100100102"));
  g_assert_nonnull (strstr (li->search_text, "李秀英"));

  in_building = gw_inspector_households (store, 0, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (in_building->len, ==, 1);
  g_assert_cmpstr (((GwHousehold *) in_building->pdata[0])->head_name, ==, "张伟");

  building = gw_inspector_building_summary (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (building->grid_code, ==, "370203003001001");
  g_assert_cmpstr (building->lot_name, ==, "福寿里");
  g_assert_cmpint (building->n_households, ==, 2);
  g_assert_cmpint (building->n_residents, ==, 3);

  residents = gw_inspector_residents (store, 1, FALSE, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (residents->len, ==, 2);
  head = residents->pdata[0];
  g_assert_cmpstr (head->relation, ==, "head");
  g_assert_cmpint (head->age, ==, 76);
  /* Personal data is masked by default. */
  g_assert_cmpstr (head->id_number, ==, "370203********1234");
  g_assert_cmpstr (head->phone, ==, "138****1234");
  g_assert_cmpstr (((GwResident *) residents->pdata[1])->phone, ==, "");

  unmasked = gw_inspector_residents (store, 1, TRUE, now, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((GwResident *) unmasked->pdata[0])->id_number, ==, "370203195003011234");
}

static void
test_domain_labels (void)
{
  g_assert_cmpstr (gw_worker_role_label ("police"), ==, "Police officer");
  g_assert_cmpstr (gw_worker_role_label ("unknown_role"), ==, "unknown_role");
  g_assert_cmpint (gw_worker_role_rank ("party_branch"), <, gw_worker_role_rank ("volunteer"));
  g_assert_cmpuint (g_strv_length ((char **) gw_case_categories), ==, 8);
  g_assert_true (gw_case_status_is_open ("rework"));
  g_assert_false (gw_case_status_is_open ("evaluated"));
  g_assert_cmpint (gw_household_band_status (149, 150, 300), ==, -1);
  g_assert_cmpint (gw_household_band_status (300, 150, 300), ==, 0);
  g_assert_cmpint (gw_household_band_status (301, 150, 300), ==, 1);
}

static void
test_domain_mask (void)
{
  g_autofree char *id = gw_mask_id_number ("37020319400120336X");
  g_autofree char *phone = gw_mask_phone ("13900005678");
  g_autofree char *empty = gw_mask_phone (NULL);
  g_autofree char *short_text = gw_mask_phone ("110");

  g_assert_cmpstr (id, ==, "370203********336X");
  g_assert_cmpstr (phone, ==, "139****5678");
  g_assert_cmpstr (empty, ==, "");
  g_assert_cmpstr (short_text, ==, "***");
}

static void
test_util_timestamps (void)
{
  g_autoptr (GDateTime) parsed = gw_parse_timestamp ("2026-02-17 08:30:05");
  g_autoptr (GDateTime) utc = g_date_time_new_utc (2026, 2, 17, 0, 30, 5);
  g_autofree char *text = gw_format_timestamp (utc);

  g_assert_nonnull (parsed);
  g_assert_true (g_date_time_equal (parsed, utc));
  g_assert_cmpstr (text, ==, "2026-02-17 08:30:05");
  g_assert_null (gw_parse_timestamp ("yesterday"));
}

/* A load into an empty table builds its R*Tree beside the writes; the index
 * must be SQLite's own tree of exactly the rows, also when a row's
 * geometry changed during the load (@user_data: TRUE), when the tree built
 * beside it no longer fits and the index is filled from the rows. */
static void
test_store_load_index (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = gw_store_open (fixture->path, GW_STORE_OPEN_CREATE, &error);
  g_autoptr (GwWriter) writer = NULL;
  g_autoptr (GwWkbBuilder) wkb = gw_wkb_builder_new ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *check = NULL;
  const guint n = 3000;

  g_assert_no_error (error);
  writer = gw_writer_new (store);
  g_assert_true (gw_writer_begin_load (writer, GW_WRITER_LOAD_DEFAULT, GW_GEOMETRY_ROADS, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      double x = 120.3 + g_rand_double (rand) * 0.1, y = 36.0 + g_rand_double (rand) * 0.1;
      GwPoint line[] = { { x, y }, { x + 1e-4, y + 2e-4 }, { x + 3e-4, y - 1e-4 } };
      GwRoadRow row = { .name = "路", .road_class = "lane" };

      gw_wkb_builder_begin_multilinestring (wkb);
      gw_wkb_builder_add_linestring (wkb, line, G_N_ELEMENTS (line));
      row.wkb = gw_wkb_builder_get_data (wkb, &row.wkb_len);
      g_assert_true (gw_writer_add_road (writer, &row, NULL, &error));
      g_assert_no_error (error);
    }
  if (GPOINTER_TO_INT (user_data))
    g_assert_true (gw_store_exec (store, "UPDATE roads SET geom = ST_Translate (geom, 1, 1, 0) "
                                         "WHERE id = 17", &error));
  gw_writer_finish_load (writer, TRUE, &error);
  g_assert_no_error (error);

  check = gw_test_query_text (store, "SELECT rtreecheck ('idx_roads_geom')");
  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpint (gw_test_query_int (store, "SELECT CheckSpatialIndex ('roads', 'geom')"), ==, 1);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM idx_roads_geom"), ==, n);
  /* Each row's box, as the R*Tree rounds it outwards to single precision. */
  g_assert_cmpint (gw_test_query_int (store,
                                      "SELECT count(*) FROM roads r JOIN idx_roads_geom i "
                                      "ON i.pkid = r.id WHERE i.xmin <= MbrMinX (r.geom) "
                                      "AND i.xmax >= MbrMaxX (r.geom) AND i.ymin <= MbrMinY (r.geom) "
                                      "AND i.ymax >= MbrMaxY (r.geom) "
                                      "AND MbrMinX (r.geom) - i.xmin < 1e-4 "
                                      "AND i.ymax - MbrMaxY (r.geom) < 1e-4"), ==, n);
  /* Found through SpatiaLite's SpatialIndex, the moved one too. */
  g_assert_cmpint (gw_test_query_int (store,
                                      "SELECT count(*) FROM roads r WHERE r.id IN (SELECT ROWID "
                                      "FROM SpatialIndex WHERE f_table_name = 'roads' AND "
                                      "search_frame = BuildMbr (MbrMinX (r.geom), MbrMinY (r.geom), "
                                      "MbrMaxX (r.geom), MbrMaxY (r.geom), 4490))"), ==, n);
  /* The triggers are back: a later write keeps the index. */
  g_assert_true (gw_store_exec (store, "DELETE FROM roads WHERE id = 5", &error));
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM idx_roads_geom"), ==, n - 1);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/create", test_store_create);
  g_test_add ("/store/load/index-built-beside", Fixture, GINT_TO_POINTER (FALSE), fixture_set_up,
              test_store_load_index, fixture_tear_down);
  g_test_add ("/store/load/index-after-a-change", Fixture, GINT_TO_POINTER (TRUE), fixture_set_up,
              test_store_load_index, fixture_tear_down);
  ADD ("/store/reopen", test_store_reopen);
  ADD ("/store/refuse/missing", test_store_missing);
  ADD ("/store/refuse/not-sqlite", test_store_not_sqlite);
  ADD ("/store/refuse/empty-file", test_store_empty_file);
  ADD ("/store/refuse/foreign-sqlite", test_store_foreign_sqlite);
  ADD ("/store/refuse/too-new", test_store_too_new);
  ADD ("/store/refuse/damaged", test_store_damaged);
  ADD ("/store/refuse/short-and-foreign-headers", test_store_short_and_foreign_headers);
  ADD ("/store/processes/second-connection-keeps-locks", test_store_second_connection_keeps_locks);
  ADD ("/store/processes/busy-names-holder", test_store_busy_names_holder);
  ADD ("/store/processes/data-version", test_store_data_version);
  ADD ("/store/migrate/empty-sqlite", test_store_empty_sqlite_is_created);
  ADD ("/store/migrate/from-1", test_store_migrate_from_1);
  ADD ("/store/migrate/failure-keeps-file", test_store_migrate_failure_keeps_file);
  ADD ("/store/transaction/rollback", test_store_transaction_rollback);
  ADD ("/store/count", test_store_count);
  ADD ("/store/features", test_store_features);
  ADD ("/store/streets", test_store_streets);
  ADD ("/store/copy-to", test_store_copy_to);
  ADD ("/inspector/grid", test_inspector_grid);
  ADD ("/inspector/households", test_inspector_households);
  g_test_add_func ("/domain/labels", test_domain_labels);
  g_test_add_func ("/domain/mask", test_domain_mask);
  g_test_add_func ("/util/timestamps", test_util_timestamps);

  return g_test_run ();
}
