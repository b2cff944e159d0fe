/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-kpi"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-demo.h"
#include "gw-case.h"
#include "gw-error.h"
#include "gw-kpi.h"
#include "gw-overdue.h"
#include "gw-user.h"
#include "gw-test-store.h"
#include "gw-test-util.h"
#include "gw-util.h"

/* The five rates against cases written by hand into the demo street (whose
 * own cases are removed first), each counted here in the comments.
 * GW_FAKE_NOW is 2026-11-20 10:00:00, a Friday. */

static char *tmpdir;
static char *template_path;

typedef struct
{
  char    *path;
  GwStore *store;
  gint64   grid1, grid2, grid3;   /* grid1 and grid2 in one community, grid3 in another */
  gint64   worker1, worker3;      /* in the teams of grid1 and grid3 */
  gint64   department;
} Fixture;

static void
add_case (Fixture    *f,
          int         id,
          gint64      grid,
          gint64      worker,
          gint64      department,
          const char *category,
          const char *tier,
          const char *status,
          const char *reported,
          const char *deadline,
          const char *closed,
          int         satisfaction)
{
  g_autofree char *sql = NULL;
  g_autofree char *worker_sql = worker > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, worker)
                                           : g_strdup ("NULL");
  g_autofree char *department_sql = department > 0
                                    ? g_strdup_printf ("%" G_GINT64_FORMAT, department)
                                    : g_strdup ("NULL");
  g_autofree char *closed_sql = closed != NULL ? g_strdup_printf ("'%s'", closed)
                                               : g_strdup ("NULL");
  g_autofree char *satisfaction_sql = satisfaction > 0 ? g_strdup_printf ("%d", satisfaction)
                                                       : g_strdup ("NULL");

  sql = g_strdup_printf ("INSERT INTO cases (id, code, grid_id, category, tier, source, status, "
                         "worker_id, department_id, reported_at, deadline_at, closed_at, "
                         "satisfaction) VALUES (%d, 'K%d', %" G_GINT64_FORMAT ", '%s', '%s', "
                         "'patrol', '%s', %s, %s, '%s', '%s', %s, %s); "
                         "INSERT INTO case_events (case_id, at, kind) VALUES (%d, '%s', 'report')",
                         id, id, grid, category, tier, status, worker_sql, department_sql,
                         reported, deadline, closed_sql, satisfaction_sql, id, reported);
  gw_test_exec_sql (f->store, sql);
}

static void
add_event (Fixture    *f,
           int         id,
           const char *kind,
           const char *at)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO case_events (case_id, at, kind) "
                                          "VALUES (%d, '%s', '%s')", id, at, kind);

  gw_test_exec_sql (f->store, sql);
}

/* Working time (08:30–12:00, 13:30–17:30) between dispatch and start is
 * worked out beside each case; one working day is 7.5 h. */
static void
add_cases (Fixture *f)
{
  /* 1. grid1, worker1, B. Dispatched Mon 10:00, taken up 15:00: 2 h + 1.5 h,
   * responded. Closed before its deadline, satisfaction 5. A second start
   * (after rework) does not count again. */
  add_case (f, 1, f->grid1, f->worker1, 0, "living_environment", "B", "evaluated",
            "2026-11-02 09:00:00", "2026-11-11 17:30:00", "2026-11-05 16:00:00", 5);
  add_event (f, 1, "register", "2026-11-02 09:30:00");
  add_event (f, 1, "dispatch", "2026-11-02 10:00:00");
  add_event (f, 1, "start", "2026-11-02 15:00:00");
  add_event (f, 1, "start", "2026-11-05 09:00:00");
  /* 2. grid1, worker1, A. Dispatched Tue 09:10, taken up Wed 11:00:
   * 2 h 50 + 4 h + 2.5 h = 9 h 20, late. Closed the day after its deadline. */
  add_case (f, 2, f->grid1, f->worker1, 0, "living_environment", "A", "closed",
            "2026-11-03 09:00:00", "2026-11-03 17:30:00", "2026-11-04 16:00:00", 0);
  add_event (f, 2, "register", "2026-11-03 09:05:00");
  add_event (f, 2, "dispatch", "2026-11-03 09:10:00");
  add_event (f, 2, "start", "2026-11-04 11:00:00");
  /* 3. grid1, worker1, B. Dispatched Fri 17:00, taken up Mon 10:00: 0.5 h +
   * the weekend + 1.5 h, responded. Still in progress, deadline passed:
   * overdue, so not on time. */
  add_case (f, 3, f->grid1, f->worker1, 0, "medical", "B", "in_progress",
            "2026-11-06 16:00:00", "2026-11-17 17:30:00", NULL, 0);
  add_event (f, 3, "register", "2026-11-06 16:30:00");
  add_event (f, 3, "dispatch", "2026-11-06 17:00:00");
  add_event (f, 3, "start", "2026-11-09 10:00:00");
  /* 4. grid1, rejected: not accepted; judged for nothing else. */
  add_case (f, 4, f->grid1, 0, 0, "medical", "B", "rejected",
            "2026-11-10 09:00:00", "2026-11-19 17:30:00", NULL, 0);
  add_event (f, 4, "reject", "2026-11-10 10:00:00");
  /* 5. grid2, department, C. Dispatched Thu 14:00, not taken up: 3.5 h +
   * 1.5 h by now, still in time, not judged. Open, deadline to come. */
  add_case (f, 5, f->grid2, 0, f->department, "urban_housing", "C", "dispatched",
            "2026-11-19 09:00:00", "2026-12-21 17:30:00", NULL, 0);
  add_event (f, 5, "register", "2026-11-19 10:00:00");
  add_event (f, 5, "dispatch", "2026-11-19 14:00:00");
  /* 6. grid2, department, B. Dispatched Thu 12th 10:00, never taken up:
   * 6 h + 7.5 h by now, late. */
  add_case (f, 6, f->grid2, 0, f->department, "urban_housing", "B", "dispatched",
            "2026-11-12 09:00:00", "2026-11-23 17:30:00", NULL, 0);
  add_event (f, 6, "register", "2026-11-12 09:30:00");
  add_event (f, 6, "dispatch", "2026-11-12 10:00:00");
  /* 7. grid3, worker3, B, October. Taken up in 1 h, closed in time,
   * satisfaction 3: not satisfied. */
  add_case (f, 7, f->grid3, f->worker3, 0, "living_environment", "B", "evaluated",
            "2026-10-15 09:00:00", "2026-10-26 17:30:00", "2026-10-20 10:00:00", 3);
  add_event (f, 7, "register", "2026-10-15 09:30:00");
  add_event (f, 7, "dispatch", "2026-10-15 10:00:00");
  add_event (f, 7, "start", "2026-10-15 11:00:00");
  /* 8. grid3, just reported: not decided yet, judged for nothing. */
  add_case (f, 8, f->grid3, 0, 0, "medical", "B", "reported",
            "2026-11-20 08:45:00", "2026-12-01 17:30:00", NULL, 0);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static int n;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) from = NULL;
  g_autoptr (GFile) to = NULL;
  g_autofree char *name = g_strdup_printf ("kpi-%d.sqlite", ++n);

  if (template_path == NULL)
    {
      g_autoptr (GDateTime) today = g_date_time_new (gw_china_time_zone (), 2026, 11, 20, 18, 0, 0);

      template_path = g_build_filename (tmpdir, "street.sqlite", NULL);
      g_assert_true (gw_demo_generate (template_path, GW_DEMO_SCALE_STREET, 7, today, NULL, NULL,
                                       &error));
      g_assert_no_error (error);
    }
  f->path = g_build_filename (tmpdir, name, NULL);
  from = g_file_new_for_path (template_path);
  to = g_file_new_for_path (f->path);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  f->store = gw_store_open (f->path, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  f->grid1 = gw_test_query_int (f->store, "SELECT id FROM grids ORDER BY code LIMIT 1");
  f->grid2 = gw_test_query_int (f->store, "SELECT id FROM grids WHERE community_id = "
                                          "(SELECT community_id FROM grids WHERE id = ?) "
                                          "AND id != ? ORDER BY code LIMIT 1", f->grid1, f->grid1);
  f->grid3 = gw_test_query_int (f->store, "SELECT id FROM grids WHERE community_id != "
                                          "(SELECT community_id FROM grids WHERE id = ?) "
                                          "ORDER BY code LIMIT 1", f->grid1);
  f->worker1 = gw_test_query_int (f->store, "SELECT min (worker_id) FROM grid_workers "
                                            "WHERE grid_id = ?", f->grid1);
  f->worker3 = gw_test_query_int (f->store, "SELECT min (worker_id) FROM grid_workers "
                                            "WHERE grid_id = ?", f->grid3);
  f->department = gw_test_query_int (f->store, "SELECT min (id) FROM departments");
  gw_test_exec_sql (f->store, "DELETE FROM case_events; DELETE FROM cases");
  add_cases (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  gw_test_remove_database (f->path);
  g_free (f->path);
}

static const GwKpiRow *
find_row (const GwKpiTable *table,
          gint64            id)
{
  for (guint i = 0; i < table->rows->len; i++)
    if (g_array_index (table->rows, GwKpiRow, i).id == id)
      return &g_array_index (table->rows, GwKpiRow, i);
  return NULL;
}

/* Expected counts as numerator, denominator pairs in the order of GwKpi:
 * response, acceptance, completion, on time, satisfaction. */
static void
assert_row (const GwKpiRow *row,
            guint           cases,
            const guint     expected[GW_KPI_N][2])
{
  g_assert_nonnull (row);
  g_assert_cmpuint (row->cases, ==, cases);
  for (GwKpi kpi = 0; kpi < GW_KPI_N; kpi++)
    {
      if (row->counts[kpi].numerator != expected[kpi][0]
          || row->counts[kpi].denominator != expected[kpi][1])
        g_error ("%s of %s: %u / %u, expected %u / %u", gw_kpi_key (kpi), row->name,
                 row->counts[kpi].numerator, row->counts[kpi].denominator, expected[kpi][0],
                 expected[kpi][1]);
    }
}

static GwKpiTable *
compute (Fixture             *f,
         GwKpiGrouping        grouping,
         const GwCaseFilter  *filter)
{
  g_autoptr (GError) error = NULL;
  GwKpiTable *table = gw_kpi_compute (f->store, grouping, filter, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

static void
test_kpi_by_grid (Fixture       *f,
                  gconstpointer  data)
{
  const GwCaseFilter all = { 0 };
  g_autoptr (GwKpiTable) table = compute (f, GW_KPI_BY_GRID, &all);
  /* grid1 (cases 1–4): responded 1, 3 of 1–3; accepted 1–3 of 1–4; closed
   * 1, 2 of 1–3; on time 1 of 1, 2 (closed) and 3 (overdue); satisfied 1. */
  const guint grid1[GW_KPI_N][2] = { { 2, 3 }, { 3, 4 }, { 2, 3 }, { 1, 3 }, { 1, 1 } };
  /* grid2 (5, 6): 6 late, 5 not judged yet; nothing closed, overdue or
   * evaluated. */
  const guint grid2[GW_KPI_N][2] = { { 0, 1 }, { 2, 2 }, { 0, 2 }, { 0, 0 }, { 0, 0 } };
  /* grid3 (7, 8): 8 undecided; 7 in time, rated 3. */
  const guint grid3[GW_KPI_N][2] = { { 1, 1 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 0, 1 } };
  const guint total[GW_KPI_N][2] = { { 3, 5 }, { 6, 7 }, { 3, 6 }, { 2, 4 }, { 1, 2 } };
  guint with_cases = 0;

  assert_row (find_row (table, f->grid1), 4, grid1);
  assert_row (find_row (table, f->grid2), 2, grid2);
  assert_row (find_row (table, f->grid3), 2, grid3);
  assert_row (&table->total, 8, total);
  /* Every live grid is a row, the others empty, with no rate. */
  g_assert_cmpint (table->rows->len, ==,
                   gw_test_query_int (f->store, "SELECT count(*) FROM grids "
                                                "WHERE retired_at IS NULL"));
  for (guint i = 0; i < table->rows->len; i++)
    with_cases += g_array_index (table->rows, GwKpiRow, i).cases > 0;
  g_assert_cmpuint (with_cases, ==, 3);
  g_assert_true (isnan (gw_kpi_count_rate (&find_row (table, f->grid2)->counts[GW_KPI_ON_TIME])));
  g_assert_cmpfloat_with_epsilon (gw_kpi_count_rate (&find_row (table, f->grid1)->counts[GW_KPI_RESPONSE]),
                                  2.0 / 3.0, 1e-12);
}

static void
test_kpi_by_holder (Fixture       *f,
                    gconstpointer  data)
{
  const GwCaseFilter all = { 0 };
  g_autoptr (GwKpiTable) communities = compute (f, GW_KPI_BY_COMMUNITY, &all);
  g_autoptr (GwKpiTable) workers = compute (f, GW_KPI_BY_WORKER, &all);
  g_autoptr (GwKpiTable) departments = compute (f, GW_KPI_BY_DEPARTMENT, &all);
  gint64 community1 = gw_test_query_int (f->store, "SELECT community_id FROM grids WHERE id = ?",
                                         f->grid1);
  /* grid1 + grid2. */
  const guint community[GW_KPI_N][2] = { { 2, 4 }, { 5, 6 }, { 2, 5 }, { 1, 3 }, { 1, 1 } };
  /* Cases 1–3: the rejected case 4 is nobody's. */
  const guint worker1[GW_KPI_N][2] = { { 2, 3 }, { 3, 3 }, { 2, 3 }, { 1, 3 }, { 1, 1 } };
  const guint department[GW_KPI_N][2] = { { 0, 1 }, { 2, 2 }, { 0, 2 }, { 0, 0 }, { 0, 0 } };

  assert_row (find_row (communities, community1), 6, community);
  assert_row (find_row (workers, f->worker1), 3, worker1);
  assert_row (find_row (departments, f->department), 2, department);
  /* Only holders of a case are listed: worker1, worker3, the department. */
  g_assert_cmpuint (workers->rows->len, ==, 2);
  g_assert_cmpuint (departments->rows->len, ==, 1);
  g_assert_cmpuint (workers->total.cases, ==, 8);
}

/* A filter changes only what it should: the category leaves grid1's
 * living-environment cases (1, 2) and grid3's (7); the date range leaves
 * October (7) out and nothing else. */
static void
test_kpi_filters (Fixture       *f,
                  gconstpointer  data)
{
  const GwCaseFilter living = { .category = "living_environment" };
  const GwCaseFilter november = { .from = "2026-11-01", .to = "2026-11-30" };
  g_autoptr (GwKpiTable) by_category = compute (f, GW_KPI_BY_GRID, &living);
  g_autoptr (GwKpiTable) by_date = compute (f, GW_KPI_BY_GRID, &november);
  const guint grid1_living[GW_KPI_N][2] = { { 1, 2 }, { 2, 2 }, { 2, 2 }, { 1, 2 }, { 1, 1 } };
  const guint none[GW_KPI_N][2] = { { 0 } };
  const guint grid3_living[GW_KPI_N][2] = { { 1, 1 }, { 1, 1 }, { 1, 1 }, { 1, 1 }, { 0, 1 } };
  const guint grid1[GW_KPI_N][2] = { { 2, 3 }, { 3, 4 }, { 2, 3 }, { 1, 3 }, { 1, 1 } };
  const guint grid3_november[GW_KPI_N][2] = { { 0 } };
  g_autoptr (GError) error = NULL;
  const GwCaseFilter wrong = { .tier = "D" };

  assert_row (find_row (by_category, f->grid1), 2, grid1_living);
  assert_row (find_row (by_category, f->grid2), 0, none);
  assert_row (find_row (by_category, f->grid3), 1, grid3_living);
  assert_row (find_row (by_date, f->grid1), 4, grid1);
  assert_row (find_row (by_date, f->grid3), 1, grid3_november);

  g_assert_null (gw_kpi_compute (f->store, GW_KPI_BY_GRID, &wrong, NULL, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "D"));
}

/* The CLI writes the same figures: a header, the grids and the total. */
static void
test_kpi_cli (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *out = g_build_filename (tmpdir, "kpi.csv", NULL);
  g_autofree char *xlsx = g_build_filename (tmpdir, "kpi.xlsx", NULL);
  g_autofree char *text = NULL;
  g_autofree char *code = gw_test_query_text (f->store, "SELECT code FROM grids WHERE id = ?",
                                              f->grid1);
  g_autofree char *expected = NULL;
  const char *cli = g_getenv ("GW_CLI");
  g_autoptr (GError) error = NULL;
  g_autofree char *standard_output = NULL;
  g_autoptr (GString) stripped = NULL;
  int status;

  g_assert_nonnull (cli);
  g_clear_object (&f->store);
  {
    const char *argv[] = { cli, "kpi", f->path, "--by", "grid", "--out", out, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                 NULL, &standard_output, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_assert_true (g_file_get_contents (out, &text, NULL, &error));
  g_assert_true (g_str_has_prefix (text, "grid_code,grid_name,community,cases,response_rate,"
                                         "response_num,response_den,acceptance_rate,"));
  /* grid1: response 2/3, acceptance 3/4, completion 2/3, on time 1/3,
   * satisfaction 1/1. */
  g_assert_nonnull (strstr (text, "\"4\""));
  /* GDAL quotes codes (so that spreadsheets keep them as text) and whole
   * numbers; compare without the quotes. */
  stripped = g_string_new (NULL);
  for (const char *c = text; *c != '\0'; c++)
    if (*c != '"')
      g_string_append_c (stripped, *c);
  expected = g_strdup_printf ("\n%s,", code);
  g_assert_nonnull (strstr (stripped->str, expected));
  g_assert_nonnull (strstr (stripped->str, ",4,0.6667,2,3,0.75,3,4,0.6667,2,3,0.3333,1,3,1,1,1\n"));
  /* The total, last. */
  g_assert_true (g_str_has_suffix (stripped->str,
                                   ",All cases,,8,0.6,3,5,0.8571,6,7,0.5,3,6,0.5,2,4,0.5,1,2\n"));
  {
    const char *argv[] = { cli, "kpi", f->path, "--by", "department", "--out", xlsx, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                                 G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                 NULL, NULL, NULL, &status, &error));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_true (g_file_test (xlsx, G_FILE_TEST_IS_REGULAR));
  }
  {
    const char *argv[] = { cli, "kpi", f->path, "--by", "street", "--out", out, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                                 G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                 NULL, NULL, NULL, &status, &error));
    g_assert_false (g_spawn_check_wait_status (status, NULL));
  }
}

/* The text form of working time agrees with the GDateTime one, over a
 * weekend, the National Day holiday and its 调休 Saturday (2026-10-10). */
static void
test_kpi_working_time (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const pairs[][2] = {
    { "2026-11-02 10:00:00", "2026-11-02 15:00:00" },
    { "2026-11-06 17:00:00", "2026-11-09 10:00:00" },
    { "2026-09-30 16:00:00", "2026-10-10 09:00:00" },
    { "2026-11-03 12:30:00", "2026-11-03 07:00:00" },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (GwCalendar) calendar = gw_calendar_load (f->store, &error);
  gint64 seconds;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autoptr (GDateTime) from = gw_parse_timestamp (pairs[i][0]);
      g_autoptr (GDateTime) to = gw_parse_timestamp (pairs[i][1]);

      g_assert_true (gw_calendar_working_seconds_text (calendar, pairs[i][0], pairs[i][1],
                                                       &seconds));
      g_assert_cmpint (seconds, ==, gw_calendar_working_seconds (calendar, from, to));
    }
  /* Fri 17:00 → Mon 10:00: half an hour, then an hour and a half. */
  gw_calendar_working_seconds_text (calendar, pairs[1][0], pairs[1][1], &seconds);
  g_assert_cmpint (seconds, ==, 2 * 3600);
  g_assert_false (gw_calendar_working_seconds_text (calendar, "2026-11-02", pairs[0][1], &seconds));
}

static gint64
count_of (Fixture    *f,
          const char *sql)
{
  return gw_test_query_int (f->store, sql);
}

/* The board holds case 3 only (open, deadline Tue 17th 17:30 passed);
 * remind and escalate it as each role. */
static void
test_overdue_board (Fixture       *f,
                    gconstpointer  data)
{
  const GwCaseFilter all = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) board = gw_overdue_list (f->store, &all, NULL, NULL, &error);
  g_autoptr (GPtrArray) none = NULL;
  g_autofree char *grid2 = gw_test_query_text (f->store, "SELECT code FROM grids WHERE id = ?",
                                               f->grid2);
  g_autofree char *worker = gw_test_query_text (f->store, "SELECT name FROM workers WHERE id = ?",
                                                f->worker1);
  const GwOverdueCase *overdue;

  g_assert_no_error (error);
  g_assert_cmpuint (board->len, ==, 1);
  overdue = g_ptr_array_index (board, 0);
  g_assert_cmpint (overdue->case_id, ==, 3);
  g_assert_cmpstr (overdue->assignee, ==, worker);
  g_assert_false (overdue->assignee_is_department);
  /* Wed and Thu 7.5 h each, Fri 08:30–10:00. */
  g_assert_cmpint (overdue->overdue_seconds, ==, (gint64) (16.5 * 3600));
  none = gw_overdue_list (f->store, &all, grid2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpstr (gw_case_event_kind_label ("remind"), !=, "remind");
  g_assert_cmpstr (gw_case_event_kind_label ("escalate"), !=, "escalate");
}

static void
test_overdue_actions (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwUser) supervisor = gw_user_load (f->store, "supervisor", &error);
  g_autoptr (GwUser) staff = gw_user_load (f->store, "staff1", &error);
  g_autoptr (GwUser) planner = gw_user_load (f->store, "planner", &error);
  gint64 events = count_of (f, "SELECT count(*) FROM case_events");
  gint64 audits = count_of (f, "SELECT count(*) FROM audit_log");
  gint64 version = count_of (f, "SELECT version FROM cases WHERE id = 3");
  g_autofree char *tier = NULL;
  g_autofree char *notified = NULL;
  g_autofree char *worker = NULL;

  g_assert_no_error (error);
  /* Staff and planners may do neither; nothing is written. */
  g_assert_false (gw_overdue_remind (f->store, staff, 3, NULL, 0, &error));
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (gw_overdue_escalate (f->store, planner, 3, NULL, 0, &error));
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_DENIED);
  g_assert_nonnull (strstr (error->message, "K3"));
  g_clear_error (&error);
  g_assert_cmpint (count_of (f, "SELECT count(*) FROM case_events"), ==, events);
  g_assert_cmpint (count_of (f, "SELECT count(*) FROM audit_log"), ==, audits);
  g_assert_cmpint (count_of (f, "SELECT version FROM cases WHERE id = 3"), ==, version);

  /* A supervisor's reminder: in the history, addressed to the holder, audited. */
  g_assert_true (gw_overdue_remind (f->store, supervisor, 3, "今天下班前反馈", version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_of (f, "SELECT count(*) FROM case_events WHERE case_id = 3 AND "
                                "kind = 'remind' AND to_assignee IS NOT NULL AND "
                                "reason = '今天下班前反馈' AND user_id IS NOT NULL"), ==, 1);
  g_assert_cmpint (count_of (f, "SELECT count(*) FROM audit_log WHERE action = 'remind' "
                                "AND object = 'case:K3'"), ==, 1);
  g_assert_cmpint (count_of (f, "SELECT version FROM cases WHERE id = 3"), ==, version + 1);

  /* Escalating on the version read before the reminder: a conflict. */
  g_assert_false (gw_overdue_escalate (f->store, supervisor, 3, NULL, version, &error));
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_CONFLICT);
  g_clear_error (&error);
  tier = gw_test_query_text (f->store, "SELECT tier FROM cases WHERE id = 3");
  g_assert_cmpstr (tier, ==, "B");
  g_clear_pointer (&tier, g_free);

  /* On the current version: tier B → A, flagged, the worker named. */
  g_assert_true (gw_overdue_escalate (f->store, supervisor, 3, NULL, version + 1, &error));
  g_assert_no_error (error);
  tier = gw_test_query_text (f->store, "SELECT tier FROM cases WHERE id = 3");
  g_assert_cmpstr (tier, ==, "A");
  g_assert_cmpint (count_of (f, "SELECT count(*) FROM cases WHERE id = 3 AND "
                                "escalated_at = '2026-11-20 10:00:00'"), ==, 1);
  notified = gw_test_query_text (f->store, "SELECT reason FROM case_events WHERE case_id = 3 "
                                           "AND kind = 'escalate'");
  worker = gw_test_query_text (f->store, "SELECT name FROM workers WHERE id = ?", f->worker1);
  g_assert_nonnull (strstr (notified, worker));
  g_assert_cmpint (count_of (f, "SELECT count(*) FROM audit_log WHERE action = 'escalate' "
                                "AND object = 'case:K3'"), ==, 1);

  /* A case still in time is not overdue. */
  g_assert_false (gw_overdue_remind (f->store, supervisor, 5, NULL, 0, &error));
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = gw_test_make_tmp_dir ("kpi");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/kpi/by-grid", test_kpi_by_grid);
  ADD ("/kpi/by-holder", test_kpi_by_holder);
  ADD ("/kpi/filters", test_kpi_filters);
  ADD ("/kpi/cli", test_kpi_cli);
  ADD ("/kpi/working-time", test_kpi_working_time);
  ADD ("/overdue/board", test_overdue_board);
  ADD ("/overdue/actions", test_overdue_actions);
#undef ADD

  status = g_test_run ();
  gw_test_remove_database (template_path);
  g_free (template_path);
  return status;
}
