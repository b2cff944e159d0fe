/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "gw-store.h"
#include "gw-test-pg.h"
#include "gw-test-store.h"
#include "gw-test-util.h"

/* The district server against a real PostgreSQL 15 + PostGIS 3 cluster that
 * the suite starts for itself: server init, push and pull through the CLI
 * (the round trip keeps every row of every table), and the rights the
 * database enforces, tried with plain SQL as each kind of role. */

static GwTestPg *cluster;
static char *tmp_dir;
static char *street_path;

#define STREET_CODE "370203010"

/* SpatiaLite's own tables: metadata, statistics and the R*Tree indexes
 * (rebuilt from the geometries), not the street's data. */
static gboolean
is_spatialite_table (const char *name)
{
  static const char * const prefixes[] = {
    "idx_", "geometry_columns", "views_geometry_columns", "virts_geometry_columns",
    "vector_layers", "spatial_ref_sys", "sqlite_",
  };
  static const char * const names[] = {
    "spatialite_history", "sql_statements_log", "data_licenses", "geom_cols_ref_sys",
    "SpatialIndex", "ElementaryGeometries", "KNN",
  };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (name, prefixes[i]))
      return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Table name → "rows:sha256" of its rows, each value with its SQLite type
 * and exact bytes (doubles in hex), rows sorted so that order is no part of
 * it. Read with plain sqlite3, not through the code under test. */
static GHashTable *
table_digests (const char *path)
{
  GHashTable *digests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (!is_spatialite_table ((const char *) sqlite3_column_text (stmt, 0)))
      g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint t = 0; t < tables->len; t++)
    {
      const char *table = g_ptr_array_index (tables, t);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", table);
      g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          GString *row = g_string_new (NULL);

          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              int type = sqlite3_column_type (stmt, c);
              const guint8 *bytes = sqlite3_column_blob (stmt, c);
              int n = sqlite3_column_bytes (stmt, c);

              g_string_append_printf (row, "|%d:", type);
              if (type == SQLITE_FLOAT)
                g_string_append_printf (row, "%a", sqlite3_column_double (stmt, c));
              else
                for (int b = 0; b < n; b++)
                  g_string_append_printf (row, "%02x", bytes[b]);
            }
          g_ptr_array_add (rows, g_string_free (row, FALSE));
        }
      sqlite3_finalize (stmt);
      g_ptr_array_sort (rows, compare_rows);
      for (guint r = 0; r < rows->len; r++)
        g_checksum_update (checksum, g_ptr_array_index (rows, r), -1);
      g_hash_table_insert (digests, g_strdup (table),
                           g_strdup_printf ("%u:%s", rows->len, g_checksum_get_string (checksum)));
    }
  sqlite3_close (db);
  return digests;
}

static void
assert_cli (int          expected,
            const char  *must_say,
            const char  *const *args)
{
  g_autofree char *out = NULL, *err = NULL;
  int status = gw_test_run_cli (args, &out, &err);

  if (status != expected)
    g_error ("gridwork-cli %s: exit %d, expected %d\n%s%s", args[0], status, expected, out, err);
  if (must_say != NULL && strstr (expected == 0 ? out : err, must_say) == NULL)
    g_error ("gridwork-cli %s did not say “%s”:\n%s%s", args[0], must_say, out, err);
}

static void
test_round_trip (void)
{
  g_autofree char *admin = gw_test_pg_uri (cluster, "gw_admin");
  g_autofree char *pulled = g_build_filename (tmp_dir, "pulled.sqlite", NULL);
  g_autoptr (GHashTable) before = NULL;
  g_autoptr (GHashTable) after = NULL;
  g_autoptr (PGconn) conn = NULL;
  GHashTableIter iter;
  gpointer table, digest;

  assert_cli (0, "schema 2", (const char *[]) { "server", "init", admin, NULL });
  assert_cli (1, "already set up", (const char *[]) { "server", "init", admin, NULL });

  assert_cli (0, "Pushed street " STREET_CODE,
              (const char *[]) { "push", street_path, admin, NULL });
  assert_cli (1, "--replace", (const char *[]) { "push", street_path, admin, NULL });
  assert_cli (0, "Pushed street " STREET_CODE,
              (const char *[]) { "push", "--replace", street_path, admin, NULL });

  /* The server holds one copy of the street, with PostGIS geometries. */
  conn = gw_test_pg_connect (cluster, "gw_admin");
  g_assert_cmpint (gw_test_pg_int (conn, "SELECT count(*) FROM gridwork.households"), ==, 14800);
  g_assert_cmpint (gw_test_pg_int (conn, "SELECT count(*) FROM gridwork.grids"
                                         " WHERE ST_IsValid (geom) AND ST_SRID (geom) = 4490"
                                         "   AND street_code = '" STREET_CODE "'"), ==, 66);

  assert_cli (1, "no street 999999999",
              (const char *[]) { "pull", admin, "--street", "999999999", pulled, NULL });
  g_assert_false (g_file_test (pulled, G_FILE_TEST_EXISTS));
  assert_cli (0, "Pulled street " STREET_CODE,
              (const char *[]) { "pull", admin, "--street", STREET_CODE, pulled, NULL });
  assert_cli (1, "exists already",
              (const char *[]) { "pull", admin, "--street", STREET_CODE, pulled, NULL });

  before = table_digests (street_path);
  after = table_digests (pulled);
  g_assert_cmpuint (g_hash_table_size (before), >=, 27);
  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before));
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &table, &digest))
    {
      const char *pulled_digest = g_hash_table_lookup (after, table);

      if (g_strcmp0 (digest, pulled_digest) != 0)
        g_error ("table %s differs after push and pull: %s, then %s", (const char *) table,
                 (const char *) digest, pulled_digest);
    }
  /* Not vacuous: the digests count rows. */
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (after, "residents"), "39"));
}

static char *
first_text (PGconn     *conn,
            const char *sql)
{
  g_autoptr (PGresult) result = gw_test_pg_exec (conn, sql);

  g_assert_cmpint (PQntuples (result), ==, 1);
  return g_strdup (PQgetvalue (result, 0, 0));
}

/* staff_a signs in as the street's user staff1 and serves its grids. */
static void
make_roles (PGconn *admin)
{
  g_autoptr (PGresult) roles = NULL;

  roles = gw_test_pg_exec (admin,
                           "CREATE ROLE staff_a LOGIN IN ROLE gw_staff;"
                           "CREATE ROLE planner_a LOGIN IN ROLE gw_planner;"
                           "CREATE ROLE supervisor_a LOGIN IN ROLE gw_supervisor, gw_personal_data;"
                           "INSERT INTO gridwork.role_users (role_name, street_code, user_id)"
                           "  SELECT 'staff_a', street_code, id FROM gridwork.users"
                           "   WHERE login = 'staff1';");
}

/* Households of staff1's grids, counted as the owner. */
#define OWN_HOUSEHOLDS \
  "SELECT h.id FROM gridwork.households h" \
  "  JOIN gridwork.dwellings d ON d.street_code = h.street_code AND d.id = h.dwelling_id" \
  "  JOIN gridwork.buildings b ON b.street_code = d.street_code AND b.id = d.building_id" \
  "  JOIN gridwork.lots l ON l.street_code = b.street_code AND l.id = b.lot_id" \
  "  JOIN gridwork.user_grids ug ON ug.street_code = l.street_code AND ug.grid_id = l.grid_id" \
  "  JOIN gridwork.users u ON u.street_code = ug.street_code AND u.id = ug.user_id" \
  " WHERE u.login = 'staff1'"

static void
test_staff_rights (void)
{
  g_autoptr (PGconn) admin = gw_test_pg_connect (cluster, "gw_admin");
  g_autoptr (PGconn) staff = NULL;
  g_autoptr (PGresult) appended = NULL;
  g_autofree char *other_household = NULL, *other_case = NULL, *sql = NULL, *state = NULL;
  gint64 own_households, own_cases;

  make_roles (admin);
  own_households = gw_test_pg_int (admin, "SELECT count(*) FROM (" OWN_HOUSEHOLDS ") own");
  own_cases = gw_test_pg_int (admin,
                              "SELECT count(*) FROM gridwork.cases c JOIN gridwork.user_grids ug"
                              "    ON ug.street_code = c.street_code AND ug.grid_id = c.grid_id"
                              "  JOIN gridwork.users u ON u.street_code = ug.street_code"
                              "   AND u.id = ug.user_id WHERE u.login = 'staff1'");
  g_assert_cmpint (own_households, >, 0);
  g_assert_cmpint (own_households, <, 14800);
  g_assert_cmpint (own_cases, >, 0);
  other_household = first_text (admin, "SELECT min (id) FROM gridwork.households"
                                       " WHERE id NOT IN (" OWN_HOUSEHOLDS ")");
  other_case = first_text (admin, "SELECT min (c.id) FROM gridwork.cases c WHERE c.grid_id NOT IN"
                                  " (SELECT grid_id FROM gridwork.user_grids ug JOIN gridwork.users u"
                                  "   ON u.id = ug.user_id WHERE u.login = 'staff1')");

  staff = gw_test_pg_connect (cluster, "staff_a");
  /* Their own grids' households and cases, nothing more. */
  g_assert_cmpint (gw_test_pg_int (staff, "SELECT count(*) FROM gridwork.households"), ==,
                   own_households);
  g_assert_cmpint (gw_test_pg_int (staff, "SELECT count(*) FROM gridwork.households_masked"), ==,
                   own_households);
  g_assert_cmpint (gw_test_pg_int (staff, "SELECT count(*) FROM gridwork.cases"), ==, own_cases);
  sql = g_strdup_printf ("SELECT count(*) FROM gridwork.households WHERE id = %s", other_household);
  g_assert_cmpint (gw_test_pg_int (staff, sql), ==, 0);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM gridwork.residents_masked WHERE household_id = %s",
                         other_household);
  g_assert_cmpint (gw_test_pg_int (staff, sql), ==, 0);
  g_assert_cmpint (gw_test_pg_int (admin, sql), >, 0);
  g_clear_pointer (&sql, g_free);

  /* Another grid's case cannot be changed: no row matches. */
  sql = g_strdup_printf ("WITH changed AS (UPDATE gridwork.cases SET description = 'x'"
                         " WHERE id = %s RETURNING 1) SELECT count(*) FROM changed", other_case);
  g_assert_cmpint (gw_test_pg_int (staff, sql), ==, 0);
  g_clear_pointer (&sql, g_free);

  /* The residents' table itself, and the households' phones, are closed. */
  state = gw_test_pg_sqlstate (staff, "SELECT id_number FROM gridwork.residents LIMIT 1");
  g_assert_cmpstr (state, ==, "42501");
  g_clear_pointer (&state, g_free);
  state = gw_test_pg_sqlstate (staff, "SELECT phone FROM gridwork.households LIMIT 1");
  g_assert_cmpstr (state, ==, "42501");
  g_clear_pointer (&state, g_free);

  /* Pushing the street again keeps who signs in as whom. */
  {
    g_autofree char *uri = gw_test_pg_uri (cluster, "gw_admin");
    g_autoptr (PGconn) again = NULL;

    assert_cli (0, "Pushed street " STREET_CODE,
                (const char *[]) { "push", "--replace", street_path, uri, NULL });
    again = gw_test_pg_connect (cluster, "staff_a");
    g_assert_cmpint (gw_test_pg_int (again, "SELECT count(*) FROM gridwork.households"), ==,
                     own_households);
  }

  /* The audit log takes new rows and keeps them. */
  appended = gw_test_pg_exec (staff,
                              "INSERT INTO gridwork.audit_log (street_code, at, action, object)"
                              " VALUES ('" STREET_CODE "', '2026-11-20 10:00:00', 'view',"
                              " 'household:1')");
  state = gw_test_pg_sqlstate (staff, "UPDATE gridwork.audit_log SET detail = 'forged'");
  g_assert_cmpstr (state, ==, "42501");
  g_clear_pointer (&state, g_free);
  state = gw_test_pg_sqlstate (staff, "DELETE FROM gridwork.audit_log");
  g_assert_cmpstr (state, ==, "42501");
  g_clear_pointer (&state, g_free);
  state = gw_test_pg_sqlstate (staff, "TRUNCATE gridwork.audit_log");
  g_assert_cmpstr (state, ==, "42501");
  g_clear_pointer (&state, g_free);
  /* Nor may a row claim another writer. */
  state = gw_test_pg_sqlstate (staff,
                               "INSERT INTO gridwork.audit_log (street_code, at, action, object, db_role)"
                               " VALUES ('" STREET_CODE "', '2026-11-20 10:00:00', 'view', 'x', 'gw_admin')");
  g_assert_cmpstr (state, ==, "42501");
  g_assert_cmpint (gw_test_pg_int (admin, "SELECT count(*) FROM gridwork.audit_log"
                                          " WHERE db_role = 'staff_a' AND detail = ''"), ==, 1);
}

static void
test_masking (void)
{
  g_autoptr (PGconn) admin = gw_test_pg_connect (cluster, "gw_admin");
  g_autoptr (PGconn) planner = gw_test_pg_connect (cluster, "planner_a");
  g_autoptr (PGconn) supervisor = gw_test_pg_connect (cluster, "supervisor_a");
  g_autofree char *resident = NULL, *real_id = NULL, *real_phone = NULL, *sql = NULL;
  g_autofree char *planner_id = NULL, *planner_phone = NULL, *supervisor_id = NULL;
  g_autofree char *expected = NULL;

  resident = first_text (admin, "SELECT min (id) FROM gridwork.residents"
                                " WHERE length (id_number) = 18 AND phone IS NOT NULL");
  sql = g_strdup_printf ("SELECT id_number FROM gridwork.residents WHERE id = %s", resident);
  real_id = first_text (admin, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT phone FROM gridwork.residents WHERE id = %s", resident);
  real_phone = first_text (admin, sql);
  g_clear_pointer (&sql, g_free);

  /* A planner sees every resident, with the ID number and phone masked. */
  g_assert_cmpint (gw_test_pg_int (planner, "SELECT count(*) FROM gridwork.residents_masked"),
                   ==, gw_test_pg_int (admin, "SELECT count(*) FROM gridwork.residents"));
  sql = g_strdup_printf ("SELECT id_number FROM gridwork.residents_masked WHERE id = %s", resident);
  planner_id = first_text (planner, sql);
  supervisor_id = first_text (supervisor, sql);
  g_clear_pointer (&sql, g_free);
  expected = g_strdup_printf ("%.6s********%s", real_id, real_id + 14);
  g_assert_cmpstr (planner_id, ==, expected);
  g_assert_cmpstr (planner_id, !=, real_id);
  sql = g_strdup_printf ("SELECT phone FROM gridwork.residents_masked WHERE id = %s", resident);
  planner_phone = first_text (planner, sql);
  g_assert_cmpstr (planner_phone, !=, real_phone);
  g_assert_true (strchr (planner_phone, '*') != NULL);
  g_assert_true (g_str_has_suffix (real_phone, planner_phone + strlen (planner_phone) - 4));

  /* A supervisor granted gw_personal_data sees them as they are. */
  g_assert_cmpstr (supervisor_id, ==, real_id);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = gw_test_make_tmp_dir ("gridwork-test-pg");
  street_path = g_build_filename (tmp_dir, "street.sqlite", NULL);
  g_assert_cmpint (gw_test_run_cli ((const char *[]) { "demo", street_path, "--today",
                                                       "2026-11-20", NULL }, NULL, NULL), ==, 0);
  cluster = gw_test_pg_start ();

  /* In order: each test builds on the server the one before left. */
  g_test_add_func ("/pg/push-pull/round-trip", test_round_trip);
  g_test_add_func ("/pg/rights/staff", test_staff_rights);
  g_test_add_func ("/pg/rights/masking", test_masking);
  status = g_test_run ();

  gw_test_pg_stop (cluster);
  gw_test_remove_tree (tmp_dir);
  g_free (street_path);
  g_free (tmp_dir);
  return status;
}
