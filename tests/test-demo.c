/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-demo"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "gw-demo.h"
#include "gw-domain.h"
#include "gw-store-private.h"
#include "gw-util.h"
#include "gw-test-store.h"
#include "gw-test-util.h"

/* The street of seed 000, generated once for all tests (it takes well under
 * a second); the district scale is measured with `gridwork-cli demo`, not
 * here. */

#define SEED 0

static char *tmpdir;
static char *street_path;

static GDateTime *
demo_today (void)
{
  return g_date_time_new (gw_china_time_zone (), 2026, 11, 20, 18, 0, 0);
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static GwStore *
open_street (void)
{
  g_autoptr (GError) error = NULL;
  GwStore *store;

  if (street_path == NULL)
    {
      g_autoptr (GDateTime) today = demo_today ();

      street_path = tmp_path ("street.sqlite");
      gw_test_remove_database (street_path);
      g_assert_true (gw_demo_generate (street_path, GW_DEMO_SCALE_STREET, SEED, today,
                                       NULL, NULL, &error));
      g_assert_no_error (error);
    }
  store = gw_store_open (street_path, GW_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static double
query_double (GwStore    *store,
              const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_double (stmt, 0);
}

/* Compares what @sql returns; a failure prints the query. */
#define assert_query(store, cmp, expected, sql) \
  g_assert_cmpint (gw_test_query_int ((store), (sql)), cmp, (expected))

/* Households of each grid, through lot → building → dwelling. */
#define GRID_HOUSEHOLDS_SQL \
  "SELECT l.grid_id AS grid_id, count(*) AS n FROM households h " \
  "JOIN dwellings d ON d.id = h.dwelling_id JOIN buildings b ON b.id = d.building_id " \
  "JOIN lots l ON l.id = b.lot_id GROUP BY l.grid_id"

static void
test_street_counts (void)
{
  g_autoptr (GwStore) store = open_street ();
  g_autoptr (GDateTime) now = demo_today ();
  g_autoptr (GError) error = NULL;
  GwStoreCounts counts;
  double area;

  g_assert_true (gw_store_count (store, now, &counts, &error));
  g_assert_no_error (error);

  /* Seed 000: 6 communities, 66 grids, 1.48万户, 3.95万人. */
  assert_query (store, ==, 1,
                "SELECT count(*) FROM streets");
  g_assert_cmpint (counts.communities, ==, 6);
  g_assert_cmpint (counts.grids, ==, 66);
  g_assert_cmpfloat (fabs (counts.households - 14800.0) / 14800.0, <=, 0.05);
  g_assert_cmpfloat (fabs (counts.residents - 39500.0) / 39500.0, <=, 0.05);
  g_assert_cmpint (counts.dwellings, >=, counts.households * 0.9);
  g_assert_cmpint (counts.lots, >, counts.grids);
  /* Lots per building, for planning (issue 11): a lot holds one building,
   * or none (squares, parks); two on one spot may stay together. */
  assert_query (store, <=, counts.buildings / 50,
                "SELECT count(*) FROM (SELECT lot_id FROM buildings GROUP BY lot_id "
                "HAVING count(*) > 1)");
  assert_query (store, ==, 0,
                "SELECT count(*) FROM buildings b JOIN lots l ON l.id = b.lot_id "
                "WHERE ST_Within (b.geom, l.geom) = 0");
  g_assert_cmpint (counts.departments, >=, 20);

  /* Every grid holds 150–300 households and each one has some. */
  assert_query (store, ==, 66, "SELECT count(*) FROM (" GRID_HOUSEHOLDS_SQL ")");
  assert_query (store, >=, 150, "SELECT min(n) FROM (" GRID_HOUSEHOLDS_SQL ")");
  assert_query (store, <=, 300, "SELECT max(n) FROM (" GRID_HOUSEHOLDS_SQL ")");

  /* 1.43 km² on the ellipsoid, within a few percent. */
  area = query_double (store, "SELECT Area (geom, 1) FROM streets");
  g_assert_cmpfloat (fabs (area - 1.43e6) / 1.43e6, <=, 0.05);

  /* Each grid's team: one first responsible person, the six roles of
   * seed 000 and a social worker (seed 003). */
  assert_query (store, ==, 66,
                "SELECT count(*) FROM grid_workers WHERE is_first = 1");
  assert_query (store, ==, 0,
                "SELECT count(*) FROM grid_workers WHERE is_first = 1 AND role <> 'party_branch'");
  assert_query (store, ==, 0,
                "SELECT count(*) FROM grids g WHERE (SELECT count(DISTINCT role) FROM "
                "grid_workers w WHERE w.grid_id = g.id) <> 7");
  /* Police officers and street cadres serve several grids. */
  assert_query (store, <, 66 / 2,
                "SELECT count(DISTINCT worker_id) FROM grid_workers WHERE role = 'police'");
  assert_query (store, <, 66 / 2,
                "SELECT count(DISTINCT worker_id) FROM grid_workers WHERE role = 'street_cadre'");

  /* Staff users see the grids of the worker they are. */
  assert_query (store, >=, 1,
                "SELECT count(*) FROM users WHERE role = 'staff' AND worker_id IS NOT NULL");
  assert_query (store, ==, 0,
                "SELECT count(*) FROM user_grids ug JOIN users u ON u.id = ug.user_id WHERE NOT "
                "EXISTS (SELECT 1 FROM grid_workers w WHERE w.grid_id = ug.grid_id AND "
                "w.worker_id = u.worker_id)");

  assert_query (store, ==, 0,
                "SELECT count(*) FROM pragma_foreign_key_check");
}

typedef struct
{
  gint64 community;
  double x, y;   /* label point, metres east and north */
} LabelPoint;

static void
test_street_codes (void)
{
  g_autoptr (GwStore) store = open_street ();
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gboolean have_previous = FALSE;
  LabelPoint previous = { 0 };
  double metres_per_degree = 111320.0;
  double cos_lat = cos (36.08 * G_PI / 180);
  int n = 0, row_starts = 0;

  assert_query (store, ==, 1,
                "SELECT count(*) FROM streets WHERE length (code) = 9 AND code GLOB "
                "'370203[0-9][0-9][0-9]'");
  assert_query (store, ==, 6,
                "SELECT count(*) FROM communities c JOIN streets s ON s.id = c.street_id WHERE "
                "length (c.code) = 12 AND substr (c.code, 1, 9) = s.code AND c.code NOT GLOB "
                "'*[^0-9]*'");
  assert_query (store, ==, 66,
                "SELECT count(*) FROM grids g JOIN communities c ON c.id = g.community_id WHERE "
                "length (g.code) = 15 AND substr (g.code, 1, 12) = c.code AND g.code NOT GLOB "
                "'*[^0-9]*'");
  /* Sequences 001, 002, … without gaps in each community. */
  assert_query (store, ==, 0,
                "SELECT count(*) FROM grids g WHERE CAST (substr (g.code, 13) AS INTEGER) > "
                "(SELECT count(*) FROM grids h WHERE h.community_id = g.community_id)");

  /* North→south by rows, west→east within a row: going up the codes the
   * label point either drops a row south or moves east in the same row. */
  stmt = gw_store_prepare (store,
                           "SELECT community_id, X (Centroid (geom)), Y (Centroid (geom)) "
                           "FROM grids ORDER BY code",
                           &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      LabelPoint point = {
        sqlite3_column_int64 (stmt, 0),
        sqlite3_column_double (stmt, 1) * metres_per_degree * cos_lat,
        sqlite3_column_double (stmt, 2) * metres_per_degree,
      };

      if (have_previous && point.community == previous.community)
        {
          double dy = point.y - previous.y;

          if (dy < -40)
            row_starts++;   /* a new row further south */
          else
            {
              g_assert_cmpfloat (fabs (dy), <=, 40);
              g_assert_cmpfloat (point.x, >, previous.x);
            }
        }
      previous = point;
      have_previous = TRUE;
      n++;
    }
  g_assert_cmpint (n, ==, 66);
  /* 66 grids in 6 communities come in several rows each. */
  g_assert_cmpint (row_starts, >=, 6);
}

static void
test_street_dwelling_codes (void)
{
  g_autoptr (GwStore) store = open_street ();
  gint64 n = gw_test_query_int (store, "SELECT count(*) FROM dwellings");

  g_assert_cmpint (n, >, 10000);
  assert_query (store, ==, n,
                "SELECT count(DISTINCT code) FROM dwellings");
  assert_query (store, ==, n,
                "SELECT count(*) FROM dwellings WHERE length (code) = 11 AND code NOT GLOB "
                "'*[^0-9]*'");
  /* Only homes have dwellings. */
  assert_query (store, ==, 0,
                "SELECT count(*) FROM dwellings d JOIN buildings b ON b.id = d.building_id WHERE "
                "b.use NOT IN ('residential', 'mixed')");
}

static void
test_street_buildings_in_one_grid (void)
{
  g_autoptr (GwStore) store = open_street ();
  gint64 n = gw_test_query_int (store, "SELECT count(*) FROM buildings");

  g_assert_cmpint (n, >, 300);
  assert_query (store, ==, n,
                "SELECT count(*) FROM buildings WHERE ST_IsValid (geom) = 1");
  /* Inside its own lot and so its own grid… */
  assert_query (store, ==, n,
                "SELECT count(*) FROM buildings b JOIN lots l ON l.id = b.lot_id JOIN grids g ON "
                "g.id = l.grid_id WHERE ST_Within (b.geom, l.geom) = 1 AND ST_Within (b.geom, "
                "g.geom) = 1");
  /* …and not in the interior of any other grid. */
  assert_query (store, ==, 0,
                "SELECT count(*) FROM buildings b JOIN lots l ON l.id = b.lot_id JOIN grids g ON "
                "g.id <> l.grid_id AND g.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE "
                "f_table_name = 'grids' AND search_frame = b.geom) WHERE ST_Relate (b.geom, "
                "g.geom, 'T********') = 1");
  /* Buildings do not overlap one another. */
  assert_query (store, ==, 0,
                "SELECT count(*) FROM buildings a JOIN buildings b ON b.id > a.id AND b.ROWID IN "
                "(SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'buildings' AND "
                "search_frame = a.geom) WHERE ST_Intersects (a.geom, b.geom) = 1");
  /* Slab compounds hold 2–8 slabs (5–7 storeys, 2–4 units). */
  assert_query (store, ==, 0,
                "SELECT count(*) FROM buildings WHERE use IN ('residential', 'mixed') AND floors "
                ">= 5 AND (floors > 7 OR units < 2 OR units > 4)");
}

static void
test_street_lots_tile (void)
{
  g_autoptr (GwStore) store = open_street ();
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int n = 0;

  assert_query (store, ==, 0,
                "SELECT count(*) FROM (SELECT geom FROM lots UNION ALL SELECT geom FROM grids "
                "UNION ALL SELECT geom FROM communities UNION ALL SELECT geom FROM streets) WHERE "
                "ST_IsValid (geom) <> 1");

  /* Lot areas add up to the community's, and grid areas too. */
  stmt = gw_store_prepare (store,
                           "SELECT Area (c.geom), "
                           "(SELECT sum (Area (l.geom)) FROM lots l WHERE l.community_id = c.id), "
                           "(SELECT sum (Area (g.geom)) FROM grids g WHERE g.community_id = c.id) "
                           "FROM communities c",
                           &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      double community = sqlite3_column_double (stmt, 0);

      g_assert_cmpfloat (fabs (sqlite3_column_double (stmt, 1) - community) / community, <=, 1e-6);
      g_assert_cmpfloat (fabs (sqlite3_column_double (stmt, 2) - community) / community, <=, 1e-6);
      n++;
    }
  g_assert_cmpint (n, ==, 6);
  g_assert_cmpfloat (fabs (query_double (store, "SELECT sum (Area (geom)) FROM communities")
                           - query_double (store, "SELECT Area (geom) FROM streets"))
                     / query_double (store, "SELECT Area (geom) FROM streets"), <=, 1e-6);

  /* No two lots share interior: lots cut between buildings meet to within
   * rounding (a few square centimetres at most where their edges cross). */
  assert_query (store, ==, 0,
                "SELECT count(*) FROM lots a JOIN lots b ON b.id > a.id AND b.ROWID IN (SELECT "
                "ROWID FROM SpatialIndex WHERE f_table_name = 'lots' AND search_frame = a.geom) "
                "WHERE (ST_Overlaps (a.geom, b.geom) = 1 OR ST_Relate (a.geom, b.geom, "
                "'2********') = 1) AND ST_Area (ST_Intersection (a.geom, b.geom), 1) > 1e-3");

  /* A grid is the dissolve of its lots (to within a micrometre), a
   * community of its grids. */
  assert_query (store, ==, 66,
                "SELECT count(*) FROM grids g WHERE ST_HausdorffDistance (g.geom, (SELECT ST_Union "
                "(l.geom) FROM lots l WHERE l.grid_id = g.id)) < 1e-11");
  assert_query (store, ==, 66,
                "SELECT count(*) FROM grids g WHERE (SELECT ST_NumGeometries (ST_Union (l.geom)) "
                "FROM lots l WHERE l.grid_id = g.id) = 1");
  assert_query (store, ==, 6,
                "SELECT count(*) FROM communities c WHERE ST_Equals (c.geom, (SELECT ST_Union "
                "(g.geom) FROM grids g WHERE g.community_id = c.id)) = 1");
  assert_query (store, ==, 0,
                "SELECT count(*) FROM lots WHERE grid_id IS NULL");
  assert_query (store, ==, 0,
                "SELECT count(*) FROM lots l JOIN grids g ON g.id = l.grid_id WHERE "
                "g.community_id <> l.community_id");
}

/* A digest of what the database holds, in a fixed order. */
static char *
digest (const char *path)
{
  static const char * const queries[] = {
    "SELECT code, name, AsText (geom) FROM grids ORDER BY id",
    "SELECT name, kind, AsText (geom) FROM lots ORDER BY id",
    "SELECT name, address, floors, units, AsText (geom) FROM buildings ORDER BY id",
    "SELECT name, class, AsText (geom) FROM roads ORDER BY id",
    "SELECT code, room, area_m2 FROM dwellings ORDER BY id",
    "SELECT head_name, phone, hukou FROM households ORDER BY id",
    "SELECT name, sex, birth_date, relation, id_number, phone FROM residents ORDER BY id",
    "SELECT resident_id, tag FROM resident_tags ORDER BY resident_id, tag",
    "SELECT grid_id, worker_id, role FROM grid_workers ORDER BY grid_id, worker_id, role",
    "SELECT code, subcategory, status, worker_id, department_id, reported_at, deadline_at, "
    "AsText (geom) FROM cases ORDER BY id",
    "SELECT case_id, at, kind, to_assignee FROM case_events ORDER BY id",
    "SELECT household_id, worker_id, visited_at FROM visits ORDER BY id",
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = gw_store_open (path, GW_STORE_OPEN_READ_ONLY, &error);
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_assert_no_error (error);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (store, queries[q], &error);
      gint64 rows = 0;

      g_assert_no_error (error);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const guchar *text = sqlite3_column_text (stmt, c);

              g_checksum_update (checksum, text != NULL ? text : (const guchar *) "∅", -1);
              g_checksum_update (checksum, (const guchar *) "|", 1);
            }
          rows++;
        }
      g_assert_cmpint (rows, >, 0);
    }
  return g_strdup (g_checksum_get_string (checksum));
}

static void
test_street_deterministic (void)
{
  g_autoptr (GwStore) store = open_street ();   /* makes sure the first exists */
  g_autofree char *again = tmp_path ("street-again.sqlite");
  g_autofree char *other = tmp_path ("street-other.sqlite");
  g_autoptr (GDateTime) today = demo_today ();
  g_autoptr (GError) error = NULL;
  g_autofree char *first_digest = NULL;
  g_autofree char *again_digest = NULL;
  g_autofree char *other_digest = NULL;

  gw_test_remove_database (again);
  gw_test_remove_database (other);
  g_assert_true (gw_demo_generate (again, GW_DEMO_SCALE_STREET, SEED, today, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gw_demo_generate (other, GW_DEMO_SCALE_STREET, SEED + 1, today, NULL, NULL,
                                   &error));
  g_assert_no_error (error);

  first_digest = digest (street_path);
  again_digest = digest (again);
  other_digest = digest (other);
  g_assert_cmpstr (first_digest, ==, again_digest);
  g_assert_cmpstr (first_digest, !=, other_digest);

  gw_test_remove_database (again);
  gw_test_remove_database (other);
}

/* Runs `gridwork-cli demo PATH EXTRA…` with the real clock (no
 * GW_FAKE_NOW) and returns the counts it reports (on standard error, with
 * its progress), without the lines that say how long it took. */
static char *
run_demo_on_real_clock (const char *path,
                        const char *extra)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GSubprocess) demo = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  GString *counts = g_string_new (NULL);

  gw_test_remove_database (path);
  g_subprocess_launcher_unsetenv (launcher, "GW_FAKE_NOW");
  demo = g_subprocess_launcher_spawn (launcher, &error, gw_test_cli_path (), "demo", path,
                                      extra, extra != NULL ? "2026-11-20" : NULL, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (demo, NULL, NULL, NULL, &out, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (demo));
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strchr (lines[i], ':') != NULL && !g_str_has_prefix (lines[i], "Wrote ")
        && lines[i][0] != '[')
      g_string_append_printf (counts, "%s\n", lines[i]);
  return g_string_free (counts, FALSE);
}

/* `demo` without --today is deterministic: whatever the clock says, it
 * writes the file of --today 2026-11-20 (it used to end the year of cases
 * now, so two runs differed). */
static void
test_cli_default_today (void)
{
  g_autofree char *first = tmp_path ("default-1.sqlite");
  g_autofree char *second = tmp_path ("default-2.sqlite");
  g_autofree char *dated = tmp_path ("dated.sqlite");
  g_autofree char *first_counts = run_demo_on_real_clock (first, NULL);
  g_autofree char *second_counts = run_demo_on_real_clock (second, NULL);
  g_autofree char *dated_counts = run_demo_on_real_clock (dated, "--today");
  g_autofree char *first_digest = digest (first);
  g_autofree char *second_digest = digest (second);
  g_autofree char *dated_digest = digest (dated);

  g_assert_nonnull (strstr (first_counts, "open_cases: "));
  g_assert_cmpstr (first_counts, ==, second_counts);
  g_assert_cmpstr (first_counts, ==, dated_counts);
  g_assert_cmpstr (first_digest, ==, second_digest);
  g_assert_cmpstr (first_digest, ==, dated_digest);
  gw_test_remove_database (first);
  gw_test_remove_database (second);
  gw_test_remove_database (dated);
}

static void
test_street_cases (void)
{
  g_autoptr (GwStore) store = open_street ();
  g_autoptr (GDateTime) now = demo_today ();
  g_autoptr (GError) error = NULL;
  GwStoreCounts counts;
  double open_share;
  gint64 busiest, grids;
  double mean;

  g_assert_true (gw_store_count (store, now, &counts, &error));
  g_assert_no_error (error);

  /* About a year of seed 002's rate (0.55 cases per household). */
  g_assert_cmpint (counts.cases, >=, 7000);
  g_assert_cmpint (counts.cases, <=, 9500);
  open_share = (double) counts.open_cases / counts.cases;
  g_assert_cmpfloat (open_share, >=, 0.005);
  g_assert_cmpfloat (open_share, <=, 0.08);
  g_assert_cmpint (counts.overdue_cases, >, 0);
  g_assert_cmpint (counts.overdue_cases, <, counts.open_cases);

  assert_query (store, ==, 1,
                "SELECT min (reported_at) >= '2025-11-20 18:00:00' FROM cases");
  assert_query (store, ==, 1,
                "SELECT max (reported_at) <= '2026-11-20 18:00:00' FROM cases");
  assert_query (store, ==, 0,
                "SELECT count(*) FROM cases WHERE code NOT GLOB "
                "'NX20[0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]' OR substr (code, 3, 4) <> substr "
                "(reported_at, 1, 4)");
  assert_query (store, ==, 8,
                "SELECT count(DISTINCT category) FROM cases");
  assert_query (store, ==, 33,
                "SELECT count(DISTINCT subcategory) FROM cases");
  assert_query (store, ==, 6,
                "SELECT count(DISTINCT source) FROM cases");
  assert_query (store, ==, 0,
                "SELECT count(*) FROM cases WHERE deadline_at < reported_at");
  assert_query (store, ==, 0,
                "SELECT count(*) FROM cases WHERE (status = 'evaluated') <> (satisfaction IS NOT "
                "NULL)");
  assert_query (store, ==, 0,
                "SELECT count(*) FROM cases WHERE (status IN ('closed', 'evaluated')) <> "
                "(closed_at IS NOT NULL)");
  /* Big matters go to departments, others to a worker of the grid. */
  assert_query (store, ==, 0,
                "SELECT count(*) FROM cases WHERE scope = 'big' AND worker_id IS NOT NULL");
  assert_query (store, ==, 0,
                "SELECT count(*) FROM cases c WHERE worker_id IS NOT NULL AND NOT EXISTS (SELECT "
                "1 FROM grid_workers w WHERE w.grid_id = c.grid_id AND w.worker_id = c.worker_id)");

  /* Each case's point lies in its grid. */
  assert_query (store, ==, counts.cases,
                "SELECT count(*) FROM cases c JOIN grids g ON g.id = c.grid_id WHERE ST_Within "
                "(c.geom, g.geom) = 1");

  /* Histories: start with the report, move forward in time, end at the
   * case's status, each step from the status the previous one reached. */
  assert_query (store, ==, 0,
                "SELECT count(*) FROM cases c WHERE (SELECT kind FROM case_events e WHERE "
                "e.case_id = c.id ORDER BY e.id LIMIT 1) <> 'report'");
  assert_query (store, ==, 0,
                "SELECT count(*) FROM case_events a JOIN case_events b ON b.case_id = a.case_id "
                "AND b.id = a.id + 1 WHERE b.at < a.at OR b.from_status <> a.to_status");
  assert_query (store, ==, 0,
                "SELECT count(*) FROM cases c WHERE c.status <> (SELECT to_status FROM "
                "case_events e WHERE e.case_id = c.id ORDER BY e.id DESC LIMIT 1)");
  assert_query (store, ==, 1,
                "SELECT max (at) <= '2026-11-20 18:00:00' FROM case_events");

  /* Hotspots: the busiest grid has far more than its share. */
  busiest = gw_test_query_int (store,
                       "SELECT max (n) FROM (SELECT count(*) AS n FROM cases GROUP BY grid_id)");
  grids = gw_test_query_int (store, "SELECT count(*) FROM grids");
  mean = (double) counts.cases / grids;
  g_assert_cmpfloat (busiest, >, 2.5 * mean);

  /* Visits: about 80 % of households seen in the last year. */
  {
    gint64 visited = gw_test_query_int (store, "SELECT count(DISTINCT household_id) FROM visits");
    double seen = (double) visited / counts.households;

    g_assert_cmpfloat (seen, >=, 0.75);
    g_assert_cmpfloat (seen, <=, 0.9);
  }
}

/* GB 11643: 18 characters, a 3702xx area code, the birth date, an odd
 * sequence for men, and the check character. */
static void
test_street_residents (void)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  g_autoptr (GwStore) store = open_street ();
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 n = 0, old = 0;

  stmt = gw_store_prepare (store, "SELECT id_number, sex, birth_date, name FROM residents", &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *sex = (const char *) sqlite3_column_text (stmt, 1);
      const char *birth = (const char *) sqlite3_column_text (stmt, 2);
      const char *name = (const char *) sqlite3_column_text (stmt, 3);
      int sum = 0;

      g_assert_cmpint (strlen (id), ==, 18);
      g_assert_true (g_str_has_prefix (id, "3702"));
      for (int i = 0; i < 17; i++)
        {
          g_assert_true (g_ascii_isdigit (id[i]));
          sum += (id[i] - '0') * weights[i];
        }
      g_assert_cmpint (id[17], ==, "10X98765432"[sum % 11]);
      g_assert_cmpint ((id[16] - '0') % 2, ==, strcmp (sex, "M") == 0 ? 1 : 0);
      g_assert_true (strncmp (id + 6, birth, 4) == 0 && strncmp (id + 10, birth + 5, 2) == 0
                     && strncmp (id + 12, birth + 8, 2) == 0);
      /* Two or three Chinese characters. */
      g_assert_true (g_utf8_validate (name, -1, NULL));
      g_assert_cmpint (g_utf8_strlen (name, -1), >=, 2);
      g_assert_cmpint (g_utf8_strlen (name, -1), <=, 3);
      if (strcmp (birth, "1966-11-20") < 0)
        old++;
      n++;
    }
  /* An ageing old town: a quarter or more are 60 and over. */
  g_assert_cmpfloat ((double) old / n, >=, 0.25);
  assert_query (store, >, 0,
                "SELECT count(*) FROM resident_tags WHERE tag = 'elderly_alone'");
  assert_query (store, ==, 7,
                "SELECT count(DISTINCT tag) FROM resident_tags");
  assert_query (store, ==, 0,
                "SELECT count(*) FROM resident_tags t WHERE t.tag NOT IN ('elderly_alone', "
                "'disabled', 'low_income', 'unemployed', 'floating', 'key_care', 'party_member')");
  assert_query (store, ==, 0,
                "SELECT count(*) FROM households h WHERE head_name <> (SELECT name FROM residents "
                "r WHERE r.household_id = h.id AND r.relation = 'head')");
  /* The 2025 and 2026 holidays with their 调休 working days. */
  assert_query (store, ==, 1,
                "SELECT count(*) FROM calendar WHERE day = '2026-02-14' AND is_workday = 1");
  assert_query (store, ==, 1,
                "SELECT count(*) FROM calendar WHERE day = '2025-10-08' AND is_workday = 0");
}

static void
test_refuses_existing_file (void)
{
  g_autofree char *path = tmp_path ("existing.sqlite");
  g_autoptr (GDateTime) today = demo_today ();
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "precious", -1, &error));
  g_assert_no_error (error);
  g_assert_false (gw_demo_generate (path, GW_DEMO_SCALE_STREET, SEED, today, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "existing.sqlite"));
  /* Left exactly as it was. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious");
  g_unlink (path);
}

/* A demo killed while it writes leaves nothing under the name asked for
 * (it writes a temporary file, renamed when whole), so that the same
 * command can simply be run again. */
static void
test_killed_leaves_no_file (void)
{
  g_autofree char *path = tmp_path ("killed.sqlite");
  g_autoptr (GSubprocess) demo = NULL;
  g_autoptr (GDataInputStream) progress = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL, *out = NULL, *err = NULL;
  const char *again[] = { "demo", path, "--today", "2026-11-20", NULL };
  g_autoptr (GDir) dir = NULL;
  const char *name;
  guint n_partial = 0;

  demo = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                           &error, gw_test_cli_path (), "demo", path, "--today", "2026-11-20",
                           NULL);
  g_assert_no_error (error);
  /* The first stage is announced once the file is open and being written. */
  progress = g_data_input_stream_new (g_subprocess_get_stderr_pipe (demo));
  line = g_data_input_stream_read_line_utf8 (progress, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_subprocess_force_exit (demo);
  g_assert_true (g_subprocess_wait (demo, NULL, &error));
  g_assert_true (g_subprocess_get_if_signaled (demo));

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* It was killed half-way: its temporary file is there, under another
   * name. */
  dir = g_dir_open (tmpdir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    n_partial += g_str_has_prefix (name, "killed.sqlite.") && g_str_has_suffix (name, ".partial");
  g_assert_cmpuint (n_partial, ==, 1);

  g_assert_cmpint (gw_test_run_cli (again, &out, &err), ==, 0);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_unlink (path);
}

/* `bench --runs 2` on the demo street: each figure once, as min / median /
 * max over the runs, with the tiles per zoom and the render named for what
 * it draws, not for a district. The file is left as it was. */
static void
test_bench_runs (void)
{
  g_autoptr (GwStore) store = open_street ();
  g_autofree char *out = NULL, *err = NULL;
  gint64 cases = gw_test_query_int (store, "SELECT count(*) FROM case_events");
  const char *args[] = { "bench", street_path, "--runs", "2", "--tiles", "20", "--picks", "20",
                         "--grids", "5", NULL };

  g_clear_object (&store);
  g_assert_cmpint (gw_test_run_cli (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Over 2 runs: min / median / max"));
  g_assert_nonnull (strstr (out, "\ntile_z14_p95: "));
  g_assert_nonnull (strstr (out, "\ntile_z18_median: "));
  g_assert_nonnull (strstr (out, "\nrender_4096: "));
  g_assert_null (strstr (out, "district_render"));
  g_assert_nonnull (strstr (strstr (out, "\nreroute_p95: "), " / "));
  store = gw_store_open (street_path, GW_STORE_OPEN_READ_ONLY, NULL);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM case_events"), ==, cases);
}

int
main (int    argc,
      char **argv)
{
  const char *dir = g_getenv ("GW_TEST_TMPDIR");
  int status;

  g_test_init (&argc, &argv, NULL);

  if (dir != NULL && *dir != '\0')
    {
      tmpdir = g_build_filename (dir, "test-demo-XXXXXX", NULL);
      g_mkdir_with_parents (dir, 0700);
      g_assert_nonnull (g_mkdtemp (tmpdir));
    }
  else
    {
      g_autoptr (GError) error = NULL;

      tmpdir = g_dir_make_tmp ("test-demo-XXXXXX", &error);
      g_assert_no_error (error);
    }

  g_test_add_func ("/demo/street/counts", test_street_counts);
  g_test_add_func ("/demo/street/codes", test_street_codes);
  g_test_add_func ("/demo/street/dwelling-codes", test_street_dwelling_codes);
  g_test_add_func ("/demo/street/buildings-in-one-grid", test_street_buildings_in_one_grid);
  g_test_add_func ("/demo/street/lots-tile", test_street_lots_tile);
  g_test_add_func ("/demo/street/deterministic", test_street_deterministic);
  g_test_add_func ("/demo/street/cases", test_street_cases);
  g_test_add_func ("/demo/street/residents", test_street_residents);
  g_test_add_func ("/demo/refuses-existing-file", test_refuses_existing_file);
  g_test_add_func ("/demo/killed-leaves-no-file", test_killed_leaves_no_file);
  g_test_add_func ("/demo/cli-default-today", test_cli_default_today);
  g_test_add_func ("/demo/bench-runs", test_bench_runs);

  status = g_test_run ();

  if (street_path != NULL)
    gw_test_remove_database (street_path);
  g_rmdir (tmpdir);
  g_free (street_path);
  g_free (tmpdir);
  return status;
}
