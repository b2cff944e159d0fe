/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-case"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "gw-calendar.h"
#include "gw-case.h"
#include "gw-demo.h"
#include "gw-domain.h"
#include "gw-inspector.h"
#include "gw-store-private.h"
#include "gw-user.h"
#include "gw-util.h"
#include "gw-test-store.h"
#include "gw-test-util.h"

/* The case closed loop on the demo street (seed 7, a year of cases ending
 * 2026-11-20): generated once, copied for each test so that every test
 * starts from the same file. GW_FAKE_NOW (tests/meson.build) fixes "now". */

#define SEED 7

static char *tmpdir;
static char *template_path;

typedef struct
{
  char    *path;
  GwStore *store;
  GwUser  *supervisor;
  GwUser  *staff;        /* staff1: grid 1 (and not grid 10) */
  GwUser  *planner;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static int n;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) from = NULL;
  g_autoptr (GFile) to = NULL;
  g_autofree char *name = g_strdup_printf ("case-%d.sqlite", ++n);

  if (template_path == NULL)
    {
      g_autoptr (GDateTime) today = g_date_time_new (gw_china_time_zone (), 2026, 11, 20, 18, 0, 0);

      template_path = g_build_filename (tmpdir, "street.sqlite", NULL);
      g_assert_true (gw_demo_generate (template_path, GW_DEMO_SCALE_STREET, SEED, today, NULL,
                                       NULL, &error));
      g_assert_no_error (error);
    }
  f->path = g_build_filename (tmpdir, name, NULL);
  from = g_file_new_for_path (template_path);
  to = g_file_new_for_path (f->path);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  f->store = gw_store_open (f->path, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  f->supervisor = gw_user_load (f->store, "supervisor", &error);
  g_assert_no_error (error);
  f->staff = gw_user_load (f->store, "staff1", &error);
  g_assert_no_error (error);
  f->planner = gw_user_load (f->store, "planner", &error);
  g_assert_no_error (error);
  g_assert_cmpint (f->supervisor->role, ==, GW_ROLE_SUPERVISOR);
  g_assert_cmpint (f->staff->role, ==, GW_ROLE_STAFF);
  g_assert_cmpint (f->planner->role, ==, GW_ROLE_PLANNER);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->supervisor);
  g_clear_object (&f->staff);
  g_clear_object (&f->planner);
  g_clear_object (&f->store);
  gw_test_remove_database (f->path);
  g_free (f->path);
}

/* Puts case @id into a given state directly, behind the API's back, so each
 * row of the transition table can be tried from each status. */
static void
force_case (GwStore    *store,
            gint64      id,
            const char *status,
            const char *tier,
            gint64      worker_id,
            gint64      department_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = gw_store_prepare (store,
                           "UPDATE cases SET status = ?2, tier = ?3, worker_id = ?4, "
                           "department_id = ?5, satisfaction = NULL, closed_at = NULL, "
                           "second_routing = 0 WHERE id = ?1",
                           &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_bind_int64 (stmt, 1, id), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_bind_text (stmt, 3, tier, -1, SQLITE_STATIC), ==, SQLITE_OK);
  g_assert_cmpint (worker_id ? sqlite3_bind_int64 (stmt, 4, worker_id) : sqlite3_bind_null (stmt, 4),
                   ==, SQLITE_OK);
  g_assert_cmpint (department_id ? sqlite3_bind_int64 (stmt, 5, department_id)
                                 : sqlite3_bind_null (stmt, 5), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
}

static gint64
case_version (GwStore *store,
              gint64   id)
{
  return gw_test_query_int (store, "SELECT version FROM cases WHERE id = ?", id, 0, 0);
}

static gint64
n_events (GwStore *store,
          gint64   id)
{
  return gw_test_query_int (store, "SELECT count(*) FROM case_events WHERE case_id = ?", id, 0, 0);
}

static gint64
n_audit (GwStore *store)
{
  return gw_test_query_int (store, "SELECT count(*) FROM audit_log", 0, 0, 0);
}

/* The first case of grid @grid_id (any status). */
static gint64
case_in_grid (GwStore *store,
              gint64   grid_id)
{
  return gw_test_query_int (store, "SELECT min (id) FROM cases WHERE grid_id = ?", grid_id, 0, 0);
}

/* ------------------------------------------------------------------------ */
/* The life cycle, table-driven: written out here from DESIGN.md and the
 * issue, independently of the table in gw-case.c. */

static const char * const all_statuses[] = {
  "reported", "registered", "dispatched", "in_progress", "done_reported", "closed",
  "evaluated", "rework", "deferred", "rejected", NULL
};

static const struct
{
  const char *action;
  const char *from;      /* space-separated */
  const char *to;        /* NULL: unchanged */
  const char *event;
} expected_transitions[] = {
  { "register", "reported", "registered", "register" },
  { "dispatch", "registered", "dispatched", "dispatch" },
  { "accept", "dispatched rework", "in_progress", "start" },
  { "report_progress", "in_progress deferred", NULL, "progress" },
  { "report_done", "in_progress", "done_reported", "report_done" },
  { "verify_close", "done_reported", "closed", "close" },
  { "evaluate", "closed", "evaluated", "evaluate" },
  { "return_rework", "done_reported", "rework", "rework" },
  { "defer", "dispatched in_progress rework", "deferred", "defer" },
  { "resume", "deferred", "in_progress", "resume" },
  { "reject", "reported registered", "rejected", "reject" },
  { "reopen", "closed evaluated rejected", "registered", "reopen" },
  { "department_return", "dispatched in_progress", "registered", "department_return" },
};

static void
test_transition_table (Fixture       *f,
                       gconstpointer  data)
{
  gint64 id = case_in_grid (f->store, 1);
  guint n_allowed = 0, n_refused = 0;

  g_assert_cmpint (G_N_ELEMENTS (expected_transitions), ==, GW_CASE_N_ACTIONS);

  for (guint t = 0; t < G_N_ELEMENTS (expected_transitions); t++)
    {
      g_auto (GStrv) from = g_strsplit (expected_transitions[t].from, " ", -1);
      GwCaseAction action;

      g_assert_true (gw_case_action_from_key (expected_transitions[t].action, &action));
      g_assert_cmpstr (gw_case_action_key (action), ==, expected_transitions[t].action);

      for (guint s = 0; all_statuses[s] != NULL; s++)
        {
          const char *status = all_statuses[s];
          gboolean allowed = g_strv_contains ((const char * const *) from, status);
          g_autoptr (GError) error = NULL;
          gint64 version, events, audits;
          gboolean ok;

          /* Tier C and held by a department: every extra condition holds. */
          force_case (f->store, id, status, "C", 0, 1);
          version = case_version (f->store, id);
          events = n_events (f->store, id);
          audits = n_audit (f->store);

          g_assert_cmpint (gw_case_action_allowed_from (action, status), ==, allowed);
          ok = gw_case_advance (f->store, f->supervisor, id, action, "理由", 3, version, &error);

          if (allowed)
            {
              g_autofree char *now_status = NULL;
              g_autofree char *kind = NULL;
              g_autofree char *from_status = NULL;
              g_autofree char *to_status = NULL;
              const char *expected_to = expected_transitions[t].to ? expected_transitions[t].to
                                                                   : status;

              g_assert_no_error (error);
              g_assert_true (ok);
              n_allowed++;
              now_status = gw_test_query_text (f->store, "SELECT status FROM cases WHERE id = ?", id);
              g_assert_cmpstr (now_status, ==, expected_to);
              g_assert_cmpint (case_version (f->store, id), ==, version + 1);
              g_assert_cmpint (n_events (f->store, id), ==, events + 1);
              g_assert_cmpint (n_audit (f->store), ==, audits + 1);
              kind = gw_test_query_text (f->store, "SELECT kind FROM case_events WHERE case_id = ? "
                                 "ORDER BY id DESC LIMIT 1", id);
              from_status = gw_test_query_text (f->store, "SELECT from_status FROM case_events WHERE "
                                        "case_id = ? ORDER BY id DESC LIMIT 1", id);
              to_status = gw_test_query_text (f->store, "SELECT to_status FROM case_events WHERE "
                                      "case_id = ? ORDER BY id DESC LIMIT 1", id);
              g_assert_cmpstr (kind, ==, expected_transitions[t].event);
              g_assert_cmpstr (from_status, ==, status);
              g_assert_cmpstr (to_status, ==, expected_to);
              g_assert_cmpint (gw_test_query_int (f->store, "SELECT user_id FROM case_events WHERE "
                                          "case_id = ? ORDER BY id DESC LIMIT 1", id, 0, 0),
                               ==, f->supervisor->id);
            }
          else
            {
              g_assert_false (ok);
              g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID);
              /* The message names the case. */
              g_assert_nonnull (strstr (error->message, "NX"));
              n_refused++;
              g_assert_cmpint (case_version (f->store, id), ==, version);
              g_assert_cmpint (n_events (f->store, id), ==, events);
              g_assert_cmpint (n_audit (f->store), ==, audits);
            }
        }
    }
  g_assert_cmpuint (n_allowed, ==, 21);
  g_assert_cmpuint (n_refused, ==, 13 * 10 - 21);
}

/* Refusals that depend on more than the status: nothing is written. */
static void
test_transition_conditions (Fixture       *f,
                            gconstpointer  data)
{
  gint64 id = case_in_grid (f->store, 1);
  g_autoptr (GError) error = NULL;
  gint64 events;

  /* Only periodic (tier C) cases report progress. */
  force_case (f->store, id, "in_progress", "B", 0, 1);
  events = n_events (f->store, id);
  g_assert_false (gw_case_advance (f->store, f->supervisor, id, GW_CASE_ACTION_REPORT_PROGRESS,
                                   NULL, 0, 0, &error));
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID);
  g_clear_error (&error);

  /* Only a department sends a case back. */
  force_case (f->store, id, "dispatched", "B", 5, 0);
  g_assert_false (gw_case_advance (f->store, f->supervisor, id, GW_CASE_ACTION_DEPARTMENT_RETURN,
                                   "不是我们的", 0, 0, &error));
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID);
  g_clear_error (&error);

  /* Rejecting, deferring … need a reason. */
  force_case (f->store, id, "reported", "B", 0, 0);
  g_assert_false (gw_case_advance (f->store, f->supervisor, id, GW_CASE_ACTION_REJECT, "  ", 0, 0,
                                   &error));
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID);
  g_clear_error (&error);

  /* Satisfaction is 1–5. */
  force_case (f->store, id, "closed", "B", 5, 0);
  g_assert_false (gw_case_advance (f->store, f->supervisor, id, GW_CASE_ACTION_EVALUATE, NULL, 6,
                                   0, &error));
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (n_events (f->store, id), ==, events);

  g_assert_true (gw_case_advance (f->store, f->supervisor, id, GW_CASE_ACTION_EVALUATE, NULL, 4,
                                  0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT satisfaction FROM cases WHERE id = ?", id, 0, 0),
                   ==, 4);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT satisfaction FROM case_events WHERE case_id = ? "
                              "ORDER BY id DESC LIMIT 1", id, 0, 0), ==, 4);

  /* A stale version is a conflict. */
  g_assert_false (gw_case_advance (f->store, f->supervisor, id, GW_CASE_ACTION_REOPEN, "再次反映",
                                   0, case_version (f->store, id) - 1, &error));
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Reopening clears the evaluation and the closing, and starts a new limit. */
  g_assert_true (gw_case_advance (f->store, f->supervisor, id, GW_CASE_ACTION_REOPEN, "再次反映", 0,
                                  case_version (f->store, id), &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT satisfaction IS NULL AND closed_at IS NULL "
                              "FROM cases WHERE id = ?", id, 0, 0), ==, 1);
  {
    g_autofree char *deadline = gw_test_query_text (f->store, "SELECT deadline_at FROM cases WHERE id = ?",
                                            id);

    /* Reopened Friday 2026-11-20 10:00 (GW_FAKE_NOW), tier B: 7 working days. */
    g_assert_cmpstr (deadline, ==, "2026-12-01 17:30:00");
  }
}

/* Who may: supervisors anywhere, staff in their grids and only the steps of
 * handling, planners nothing. */
static void
test_transition_roles (Fixture       *f,
                       gconstpointer  data)
{
  gint64 own = case_in_grid (f->store, 1);
  gint64 other = case_in_grid (f->store, 10);
  g_autoptr (GError) error = NULL;
  gint64 audits = n_audit (f->store);

  g_assert_true (gw_user_serves_grid (f->staff, 1));
  g_assert_false (gw_user_serves_grid (f->staff, 10));

  /* Staff outside their grid. */
  force_case (f->store, other, "dispatched", "B", 5, 0);
  g_assert_false (gw_case_advance (f->store, f->staff, other, GW_CASE_ACTION_ACCEPT, NULL, 0, 0,
                                   &error));
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_cmpstr (gw_test_query_text (f->store, "SELECT status FROM cases WHERE id = ?", other), ==,
                   "dispatched");

  /* Staff in their grid: handling yes, closing no. */
  force_case (f->store, own, "dispatched", "B", 5, 0);
  g_assert_true (gw_case_advance (f->store, f->staff, own, GW_CASE_ACTION_ACCEPT, NULL, 0, 0,
                                  &error));
  g_assert_no_error (error);
  g_assert_true (gw_case_advance (f->store, f->staff, own, GW_CASE_ACTION_REPORT_DONE, NULL, 0, 0,
                                  &error));
  g_assert_no_error (error);
  g_assert_false (gw_case_advance (f->store, f->staff, own, GW_CASE_ACTION_VERIFY_CLOSE, NULL, 0,
                                   0, &error));
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_DENIED);
  g_clear_error (&error);

  /* Planners change no case. */
  g_assert_false (gw_case_advance (f->store, f->planner, own, GW_CASE_ACTION_VERIFY_CLOSE, NULL, 0,
                                   0, &error));
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_cmpint (n_audit (f->store), ==, audits + 2);

  /* The store is the authority: staff whose grid is taken away lose it. */
  gw_test_exec_sql (f->store, "DELETE FROM user_grids WHERE user_id = 3 AND grid_id = 1");
  force_case (f->store, own, "dispatched", "B", 5, 0);
  g_assert_false (gw_case_advance (f->store, f->staff, own, GW_CASE_ACTION_ACCEPT, NULL, 0, 0,
                                   &error));
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_DENIED);
  g_clear_error (&error);

  /* The case page's buttons ask the same question. */
  {
    g_autoptr (GwCase) kase = gw_case_load (f->store, other, f->supervisor, FALSE, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (gw_case_can (kase, f->supervisor, GW_CASE_ACTION_ACCEPT, NULL));
    g_assert_false (gw_case_can (kase, f->supervisor, GW_CASE_ACTION_VERIFY_CLOSE, NULL));
    g_assert_false (gw_case_can (kase, f->staff, GW_CASE_ACTION_ACCEPT, &error));
    g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_DENIED);
    g_clear_error (&error);
    g_assert_false (gw_case_can (kase, f->planner, GW_CASE_ACTION_ACCEPT, NULL));
  }
}

/* Dispatch goes to whoever the case was routed to, else the grid's first
 * responsible person. */
static void
test_transition_dispatch (Fixture       *f,
                          gconstpointer  data)
{
  gint64 id = case_in_grid (f->store, 1);
  gint64 first = gw_test_query_int (f->store, "SELECT worker_id FROM grid_workers WHERE grid_id = 1 "
                            "AND is_first = 1", 0, 0, 0);
  g_autoptr (GError) error = NULL;
  g_autofree char *assignee = NULL;
  g_autofree char *name = NULL;

  force_case (f->store, id, "registered", "B", 0, 0);
  g_assert_true (gw_case_advance (f->store, f->supervisor, id, GW_CASE_ACTION_DISPATCH, NULL, 0, 0,
                                  &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT worker_id FROM cases WHERE id = ?", id, 0, 0), ==,
                   first);
  assignee = gw_test_query_text (f->store, "SELECT to_assignee FROM case_events WHERE case_id = ? "
                         "ORDER BY id DESC LIMIT 1", id);
  name = gw_test_query_text (f->store, "SELECT name FROM workers WHERE id = ?", first);
  g_assert_cmpstr (assignee, ==, name);
}

/* 二次分流: the department sends it back, the command centre routes it again. */
static void
test_transition_department_return (Fixture       *f,
                                   gconstpointer  data)
{
  gint64 id = case_in_grid (f->store, 1);
  g_autoptr (GError) error = NULL;
  g_autoptr (GwCase) kase = NULL;
  GwRerouteTarget other = { GW_REROUTE_TO_DEPARTMENT, 3 };

  force_case (f->store, id, "in_progress", "B", 0, 2);
  g_assert_true (gw_case_advance (f->store, f->supervisor, id, GW_CASE_ACTION_DEPARTMENT_RETURN,
                                  "职能不符，申请二次分流", 0, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT second_routing = 1 AND department_id IS NULL AND "
                              "worker_id IS NULL AND status = 'registered' FROM cases WHERE id = ?",
                              id, 0, 0), ==, 1);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT from_department_id FROM case_events WHERE "
                              "case_id = ? ORDER BY id DESC LIMIT 1", id, 0, 0), ==, 2);

  g_assert_true (gw_case_reroute (f->store, f->supervisor, id, &other, "二次分流", 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gw_case_advance (f->store, f->supervisor, id, GW_CASE_ACTION_DISPATCH, NULL, 0, 0,
                                  &error));
  g_assert_no_error (error);
  kase = gw_case_load (f->store, id, f->supervisor, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kase->department_id, ==, 3);
  g_assert_cmpstr (kase->status, ==, "dispatched");
  g_assert_true (kase->second_routing);
  g_assert_cmpstr (kase->scope, ==, "big");
}

/* ------------------------------------------------------------------------ */
/* Deadlines in working time, on the demo calendar (National Day 2026:
 * Oct 1–7 off, Sunday Sep 20 and Saturday Oct 10 worked; Mid-Autumn Sep 25). */

static GDateTime *
at (const char *text)
{
  GDateTime *time = gw_parse_timestamp (text);

  g_assert_nonnull (time);
  return time;
}

static void
assert_deadline (const GwCalendar *calendar,
                 const char       *tier,
                 int               limit,
                 const char       *reported,
                 const char       *expected)
{
  g_autoptr (GDateTime) from = at (reported);
  g_autoptr (GDateTime) deadline = gw_calendar_deadline (calendar, tier, limit, from);
  g_autofree char *text = gw_format_timestamp (deadline);

  g_test_message ("tier %s reported %s → %s", tier, reported, text);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_deadline_holidays (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwCalendar) calendar = gw_calendar_load (f->store, &error);
  GDate day;

  g_assert_no_error (error);
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 1, G_DATE_OCTOBER, 2026);
  g_assert_false (gw_calendar_is_workday (calendar, &day));
  g_assert_cmpstr (gw_calendar_day_name (calendar, &day), ==, "国庆节");
  g_date_set_dmy (&day, 10, G_DATE_OCTOBER, 2026);   /* Saturday, worked */
  g_assert_true (gw_calendar_is_workday (calendar, &day));
  g_date_set_dmy (&day, 11, G_DATE_OCTOBER, 2026);   /* Sunday */
  g_assert_false (gw_calendar_is_workday (calendar, &day));

  /* B, reported on the Friday before National Day week (Mid-Autumn, a day
   * off): Sep 28, 29, 30, Oct 8, 9, 10 (Saturday, worked), 12. */
  assert_deadline (calendar, "B", 7, "2026-09-25 10:00:00", "2026-10-12 17:30:00");
  /* B, reported the last day before the holiday: Oct 8, 9, 10, 12, 13, 14, 15. */
  assert_deadline (calendar, "B", 7, "2026-09-30 10:00:00", "2026-10-15 17:30:00");
  /* B over an ordinary weekend: Friday → the Tuesday after next. */
  assert_deadline (calendar, "B", 7, "2026-11-20 16:00:00", "2026-12-01 17:30:00");
  assert_deadline (calendar, "B", 3, "2026-11-20 16:00:00", "2026-11-25 17:30:00");

  /* A: the same working day, else the next one. */
  assert_deadline (calendar, "A", 0, "2026-11-20 09:00:00", "2026-11-20 17:30:00");
  assert_deadline (calendar, "A", 0, "2026-11-20 17:45:00", "2026-11-23 17:30:00");
  assert_deadline (calendar, "A", 0, "2026-09-30 18:00:00", "2026-10-08 17:30:00");
  assert_deadline (calendar, "A", 0, "2026-10-03 11:00:00", "2026-10-08 17:30:00");
  assert_deadline (calendar, "A", 0, "2026-10-10 09:00:00", "2026-10-10 17:30:00");
  assert_deadline (calendar, "A", 0, "2026-09-20 07:00:00", "2026-09-20 17:30:00");

  /* C: the next report 30 days on, moved off a holiday. */
  assert_deadline (calendar, "C", 30, "2026-09-05 10:00:00", "2026-10-08 17:30:00");
  assert_deadline (calendar, "C", 30, "2026-10-21 10:00:00", "2026-11-20 17:30:00");
}

static void
test_deadline_working_time (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwCalendar) calendar = gw_calendar_load (f->store, &error);
  g_autoptr (GDateTime) friday = at ("2026-11-20 16:00:00");
  g_autoptr (GDateTime) monday = at ("2026-11-23 10:00:00");
  g_autoptr (GDateTime) before = at ("2026-09-30 17:00:00");
  g_autoptr (GDateTime) after = at ("2026-10-08 09:00:00");
  g_autoptr (GDateTime) lunch = at ("2026-11-23 12:30:00");
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  /* 16:00–17:30 Friday and 08:30–10:00 Monday. */
  g_assert_cmpint (gw_calendar_working_seconds (calendar, friday, monday), ==, 3 * 3600);
  g_assert_cmpint (gw_calendar_working_seconds (calendar, monday, friday), ==, -3 * 3600);
  /* Over the whole National Day week: half an hour either side. */
  g_assert_cmpint (gw_calendar_working_seconds (calendar, before, after), ==, 3600);
  /* The lunch break is not working time. */
  g_assert_cmpint (gw_calendar_working_seconds (calendar, monday, lunch), ==, 2 * 3600);
  g_assert_cmpint (GW_WORK_DAY_SECONDS, ==, 7 * 3600 + 1800);

  text = gw_format_working_time (GW_WORK_DAY_SECONDS * 2 + 3 * 3600);
  g_assert_cmpstr (text, ==, "2 working days 3 h");
  g_free (text);
  text = gw_format_working_time (5 * 3600 + 20 * 60);
  g_assert_cmpstr (text, ==, "5 h 20 min");
}

/* The demo generator computed its deadlines on its own; ours must agree on
 * every tier A and B case of the year. */
static void
test_deadline_agrees_with_demo (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwCalendar) calendar = gw_calendar_load (f->store, &error);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  guint n = 0;

  g_assert_no_error (error);
  stmt = gw_store_prepare (f->store,
                           "SELECT tier, reported_at, deadline_at FROM cases WHERE tier IN ('A', 'B')",
                           &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr (GDateTime) reported = at ((const char *) sqlite3_column_text (stmt, 1));
      g_autoptr (GDateTime) deadline = gw_calendar_deadline (calendar,
                                                             (const char *) sqlite3_column_text (stmt, 0),
                                                             7, reported);
      g_autofree char *text = gw_format_timestamp (deadline);

      g_assert_cmpstr (text, ==, (const char *) sqlite3_column_text (stmt, 2));
      n++;
    }
  g_assert_cmpuint (n, >, 5000);
}

/* Holidays are editable; so are per-category limits; new cases follow. */
static void
test_deadline_editable (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwCalendar) before = NULL;
  g_autoptr (GwCalendar) after = NULL;
  g_autoptr (GDateTime) friday = at ("2026-11-20 16:00:00");
  g_autoptr (GDateTime) deadline = NULL;
  g_autofree char *text = NULL;
  GDate monday;
  gint64 rows;
  int working_days, report_days;
  GwCaseNew fields = { 0 };
  gint64 id;

  g_date_clear (&monday, 1);
  g_date_set_dmy (&monday, 23, G_DATE_NOVEMBER, 2026);
  rows = gw_test_query_int (f->store, "SELECT count(*) FROM calendar", 0, 0, 0);

  /* Only supervisors edit the calendar. */
  g_assert_false (gw_calendar_set_workday (f->store, f->staff, &monday, FALSE, "停电检修", &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT count(*) FROM calendar", 0, 0, 0), ==, rows);
  g_assert_true (gw_calendar_set_workday (f->store, f->supervisor, &monday, FALSE, "停电检修",
                                          &error));
  g_assert_no_error (error);
  after = gw_calendar_load (f->store, &error);
  g_assert_no_error (error);
  g_assert_false (gw_calendar_is_workday (after, &monday));
  deadline = gw_calendar_deadline (after, "B", 7, friday);
  text = gw_format_timestamp (deadline);
  g_assert_cmpstr (text, ==, "2026-12-02 17:30:00");

  /* Back to an ordinary Monday: the row goes. */
  g_assert_true (gw_calendar_set_workday (f->store, f->supervisor, &monday, TRUE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT count(*) FROM calendar", 0, 0, 0), ==, rows);
  before = gw_calendar_load (f->store, &error);
  g_assert_true (gw_calendar_is_workday (before, &monday));

  /* Seed 000's 7 days by default; a category may have its own. */
  g_assert_true (gw_calendar_get_time_limits (f->store, "transport", &working_days, &report_days,
                                              &error));
  g_assert_cmpint (working_days, ==, 7);
  g_assert_cmpint (report_days, ==, 30);
  g_assert_false (gw_calendar_set_time_limits (f->store, f->planner, "transport", 3, 14, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_true (gw_calendar_set_time_limits (f->store, f->supervisor, "transport", 3, 14, &error));
  g_assert_no_error (error);
  g_assert_false (gw_calendar_set_time_limits (f->store, f->supervisor, "transport", 0, 14, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* A tier B transport case reported now (Friday 2026-11-20 10:00): 3 working days. */
  fields.lon = 0;
  {
    g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (f->store,
                                                      "SELECT ST_X (geom), ST_Y (geom) FROM cases "
                                                      "WHERE grid_id = 1 LIMIT 1", &error);

    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    fields.lon = sqlite3_column_double (stmt, 0);
    fields.lat = sqlite3_column_double (stmt, 1);
  }
  fields.category = "transport";
  fields.tier = "B";
  fields.description = "路口信号灯故障";
  id = gw_case_create (f->store, f->supervisor, &fields, &error);
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  text = gw_test_query_text (f->store, "SELECT deadline_at FROM cases WHERE id = ?", id);
  g_assert_cmpstr (text, ==, "2026-11-25 17:30:00");
}

/* Overdue is computed when asked, from the deadline and now. */
static void
test_deadline_overdue_computed (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) early = at ("2026-01-01 09:00:00");
  g_autoptr (GDateTime) late = at ("2027-06-01 09:00:00");
  g_autoptr (GPtrArray) now_overdue = gw_case_list (f->store, 0, GW_CASE_LIST_OVERDUE, NULL, &error);
  g_autoptr (GPtrArray) late_overdue = gw_case_list (f->store, 0, GW_CASE_LIST_OVERDUE, late, &error);
  g_autoptr (GPtrArray) open = gw_case_list (f->store, 0, GW_CASE_LIST_OPEN, NULL, &error);
  gint64 id;

  g_assert_no_error (error);
  g_assert_cmpuint (now_overdue->len, >, 0);
  g_assert_cmpuint (now_overdue->len, <, open->len);
  /* Much later, every open case with a deadline is overdue. */
  g_assert_cmpuint (late_overdue->len, ==,
                    gw_test_query_int (f->store, "SELECT count(*) FROM cases WHERE deadline_at IS NOT NULL "
                               "AND status IN " GW_CASE_OPEN_STATUSES_SQL, 0, 0, 0));

  id = ((GwCase *) g_ptr_array_index (now_overdue, 0))->id;
  {
    g_autoptr (GwCase) now_view = gw_case_load (f->store, id, NULL, FALSE, NULL, &error);
    g_autoptr (GwCase) early_view = gw_case_load (f->store, id, NULL, FALSE, early, &error);

    g_assert_no_error (error);
    g_assert_true (now_view->overdue);
    g_assert_cmpint (now_view->working_seconds_left, <, 0);
    if (g_strcmp0 (early_view->deadline_at, "2026-01-01 09:00:00") > 0)
      {
        g_assert_false (early_view->overdue);
        g_assert_cmpint (early_view->working_seconds_left, >, 0);
      }
  }
}

/* ------------------------------------------------------------------------ */
/* Rerouting */

/* An open, reroutable case of grid 1 held by one worker of the grid, with
 * another worker of the grid to hand it to. */
static gint64
open_case_of_grid_1 (Fixture *f,
                     gint64  *worker_a,
                     gint64  *worker_b)
{
  gint64 id = case_in_grid (f->store, 1);

  *worker_a = gw_test_query_int (f->store, "SELECT min (worker_id) FROM grid_workers WHERE grid_id = 1",
                         0, 0, 0);
  *worker_b = gw_test_query_int (f->store, "SELECT max (worker_id) FROM grid_workers WHERE grid_id = 1",
                         0, 0, 0);
  g_assert_cmpint (*worker_a, !=, *worker_b);
  force_case (f->store, id, "in_progress", "B", *worker_a, 0);
  gw_test_exec_sql (f->store, "UPDATE cases SET scope = 'small' WHERE grid_id = 1");
  return id;
}

static void
test_reroute_worker (Fixture       *f,
                     gconstpointer  data)
{
  gint64 worker_a, worker_b;
  gint64 id = open_case_of_grid_1 (f, &worker_a, &worker_b);
  GwRerouteTarget target = { GW_REROUTE_TO_WORKER, worker_b };
  g_autoptr (GError) error = NULL;
  g_autoptr (GwReroute) reroute = NULL;
  g_autoptr (GPtrArray) undo = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_reroute_free);
  g_autoptr (GwCase) kase = NULL;
  gint64 version = case_version (f->store, id);
  gint64 events = n_events (f->store, id);
  g_autofree char *name_b = gw_test_query_text (f->store, "SELECT name FROM workers WHERE id = ?", worker_b);
  const GwCaseEvent *last;

  g_assert_true (gw_case_reroute (f->store, f->supervisor, id, &target, "楼长更熟悉情况", version,
                                  &reroute, &error));
  g_assert_no_error (error);
  g_assert_cmpint (reroute->from_worker_id, ==, worker_a);
  g_assert_cmpint (reroute->to_worker_id, ==, worker_b);
  g_assert_cmpstr (reroute->to_assignee, ==, name_b);
  g_assert_cmpint (reroute->version, ==, version + 1);

  /* The case now belongs to worker B and its history says so. */
  kase = gw_case_load (f->store, id, f->supervisor, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kase->worker_id, ==, worker_b);
  g_assert_cmpint (kase->grid_id, ==, 1);
  g_assert_cmpstr (kase->status, ==, "in_progress");
  g_assert_cmpint (kase->events->len, ==, events + 1);
  last = g_ptr_array_index (kase->events, kase->events->len - 1);
  g_assert_cmpstr (last->kind, ==, "reroute");
  g_assert_cmpstr (last->to_assignee, ==, name_b);
  g_assert_cmpstr (last->reason, ==, "楼长更熟悉情况");
  g_assert_cmpstr (last->user_name, ==, f->supervisor->name);
  g_assert_cmpstr (last->at, ==, "2026-11-20 10:00:00");
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT count(*) FROM audit_log WHERE action = 'reroute' "
                              "AND user_id = ?", f->supervisor->id, 0, 0), ==, 1);

  /* Undo: back to A, as one more event. */
  g_ptr_array_add (undo, g_steal_pointer (&reroute));
  g_assert_true (gw_case_reroute_undo (f->store, f->supervisor, undo, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT worker_id FROM cases WHERE id = ?", id, 0, 0), ==,
                   worker_a);
  g_assert_cmpint (n_events (f->store, id), ==, events + 2);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT to_worker_id FROM case_events WHERE case_id = ? "
                              "ORDER BY id DESC LIMIT 1", id, 0, 0), ==, worker_a);

  /* A worker from another grid's team is refused: the case would leave its
   * grid without saying so. */
  target.id = gw_test_query_int (f->store, "SELECT min (worker_id) FROM grid_workers WHERE worker_id NOT IN "
                         "(SELECT worker_id FROM grid_workers WHERE grid_id = 1)", 0, 0, 0);
  g_assert_false (gw_case_reroute (f->store, f->supervisor, id, &target, NULL, 0, NULL, &error));
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID);
}

static void
test_reroute_department (Fixture       *f,
                         gconstpointer  data)
{
  gint64 worker_a, worker_b;
  gint64 id = open_case_of_grid_1 (f, &worker_a, &worker_b);
  GwRerouteTarget target = { GW_REROUTE_TO_DEPARTMENT, 4 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) reroutes = NULL;
  g_autofree char *name = gw_test_query_text (f->store, "SELECT name FROM departments WHERE id = 4", 0);
  g_autofree char *scope = NULL;
  gint64 load_before = 0, load_after = 0;
  g_autoptr (GPtrArray) loads = gw_case_department_loads (f->store, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < loads->len; i++)
    if (((GwDepartmentLoad *) g_ptr_array_index (loads, i))->id == 4)
      load_before = ((GwDepartmentLoad *) g_ptr_array_index (loads, i))->n_open_cases;

  reroutes = gw_case_reroute_many (f->store, f->supervisor, &id, NULL, 1, &target, "大事", &error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT department_id = 4 AND worker_id IS NULL FROM cases "
                              "WHERE id = ?", id, 0, 0), ==, 1);
  scope = gw_test_query_text (f->store, "SELECT scope FROM cases WHERE id = ?", id);
  g_assert_cmpstr (scope, ==, "big");
  g_assert_cmpstr (((GwReroute *) g_ptr_array_index (reroutes, 0))->to_assignee, ==, name);

  /* The department list shows the new load. */
  g_clear_pointer (&loads, g_ptr_array_unref);
  loads = gw_case_department_loads (f->store, NULL, &error);
  for (guint i = 0; i < loads->len; i++)
    if (((GwDepartmentLoad *) g_ptr_array_index (loads, i))->id == 4)
      load_after = ((GwDepartmentLoad *) g_ptr_array_index (loads, i))->n_open_cases;
  g_assert_cmpint (load_after, ==, load_before + 1);

  /* Undo puts it back with its worker and its scope. */
  g_assert_true (gw_case_reroute_undo (f->store, f->supervisor, reroutes, &error));
  g_assert_no_error (error);
  g_clear_pointer (&scope, g_free);
  scope = gw_test_query_text (f->store, "SELECT scope FROM cases WHERE id = ?", id);
  g_assert_cmpstr (scope, ==, "small");
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT worker_id FROM cases WHERE id = ?", id, 0, 0), ==,
                   worker_a);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT department_id IS NULL FROM cases WHERE id = ?", id,
                              0, 0), ==, 1);
}

static void
test_reroute_grid (Fixture       *f,
                   gconstpointer  data)
{
  gint64 worker_a, worker_b;
  gint64 id = open_case_of_grid_1 (f, &worker_a, &worker_b);
  gint64 grid_b = 2;
  GwRerouteTarget target = { GW_REROUTE_TO_GRID, grid_b };
  gint64 first_b = gw_test_query_int (f->store, "SELECT worker_id FROM grid_workers WHERE grid_id = ? "
                              "AND is_first = 1", grid_b, 0, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GwReroute) reroute = NULL;
  g_autoptr (GPtrArray) undo = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_reroute_free);
  g_autoptr (GwCase) kase = NULL;
  g_autoptr (GPtrArray) grid_loads = NULL;
  g_autofree char *code_b = gw_test_query_text (f->store, "SELECT code FROM grids WHERE id = ?", grid_b);
  g_autofree char *name_first = gw_test_query_text (f->store, "SELECT name FROM workers WHERE id = ?", first_b);
  const GwCaseEvent *last;

  g_assert_true (gw_case_reroute (f->store, f->supervisor, id, &target, NULL, 0, &reroute, &error));
  g_assert_no_error (error);
  kase = gw_case_load (f->store, id, f->supervisor, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kase->grid_id, ==, grid_b);
  g_assert_cmpint (kase->worker_id, ==, first_b);
  last = g_ptr_array_index (kase->events, kase->events->len - 1);
  g_assert_cmpstr (last->kind, ==, "reroute");
  g_assert_cmpstr (last->to_grid_code, ==, code_b);
  g_assert_nonnull (last->from_grid_code);
  g_assert_cmpstr (last->to_assignee, ==, name_first);

  /* The grid list names the same first responsible person. */
  grid_loads = gw_case_grid_loads (f->store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < grid_loads->len; i++)
    {
      GwGridLoad *load = g_ptr_array_index (grid_loads, i);

      if (load->id == grid_b)
        g_assert_cmpstr (load->first_worker_name, ==, name_first);
    }

  g_ptr_array_add (undo, g_steal_pointer (&reroute));
  g_assert_true (gw_case_reroute_undo (f->store, f->supervisor, undo, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT grid_id = 1 AND worker_id = ? FROM cases WHERE id = ?",
                              worker_a, id, 0), ==, 1);

  /* Onto its own grid while its first responsible person holds it: nothing
   * to do, said clearly, nothing written. */
  force_case (f->store, id, "in_progress", "B",
              gw_test_query_int (f->store, "SELECT worker_id FROM grid_workers WHERE grid_id = 1 AND "
                         "is_first = 1", 0, 0, 0), 0);
  target.id = 1;
  {
    gint64 events = n_events (f->store, id);

    g_assert_false (gw_case_reroute (f->store, f->supervisor, id, &target, NULL, 0, NULL, &error));
    g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "already"));
    g_assert_cmpint (n_events (f->store, id), ==, events);
  }
}

/* Several cases dropped at once: all or none. */
static void
test_reroute_many (Fixture       *f,
                   gconstpointer  data)
{
  gint64 worker_a, worker_b;
  gint64 first = open_case_of_grid_1 (f, &worker_a, &worker_b);
  gint64 second = gw_test_query_int (f->store, "SELECT min (id) FROM cases WHERE grid_id = 1 AND id > ?",
                             first, 0, 0);
  gint64 ids[2] = { first, second };
  GwRerouteTarget target = { GW_REROUTE_TO_WORKER, worker_b };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) reroutes = NULL;
  gint64 audits;

  force_case (f->store, second, "dispatched", "A", worker_a, 0);
  reroutes = gw_case_reroute_many (f->store, f->supervisor, ids, NULL, 2, &target, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reroutes->len, ==, 2);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT count(*) FROM cases WHERE id IN (?, ?) AND "
                              "worker_id = ?", first, second, worker_b), ==, 2);
  g_assert_true (gw_case_reroute_undo (f->store, f->supervisor, reroutes, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT count(*) FROM cases WHERE id IN (?, ?) AND "
                              "worker_id = ?", first, second, worker_a), ==, 2);

  /* One closed case in the batch: nothing moves. */
  force_case (f->store, second, "closed", "A", worker_a, 0);
  audits = n_audit (f->store);
  g_clear_pointer (&reroutes, g_ptr_array_unref);
  reroutes = gw_case_reroute_many (f->store, f->supervisor, ids, NULL, 2, &target, NULL, &error);
  g_assert_null (reroutes);
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "NX"));
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT worker_id FROM cases WHERE id = ?", first, 0, 0), ==,
                   worker_a);
  g_assert_cmpint (n_audit (f->store), ==, audits);
}

/* Two instances on one file: the second to reroute a case both read gets a
 * clear conflict, and the file keeps the first one's result. */
static void
test_reroute_conflict (Fixture       *f,
                       gconstpointer  data)
{
  gint64 worker_a, worker_b;
  gint64 id = open_case_of_grid_1 (f, &worker_a, &worker_b);
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) second = gw_store_open (f->path, GW_STORE_OPEN_DEFAULT, &error);
  g_autoptr (GwUser) second_user = NULL;
  g_autoptr (GwCase) seen_by_first = NULL;
  g_autoptr (GwCase) seen_by_second = NULL;
  g_autoptr (GwReroute) first_reroute = NULL;
  g_autoptr (GPtrArray) undo = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_reroute_free);
  GwRerouteTarget to_b = { GW_REROUTE_TO_WORKER, worker_b };
  GwRerouteTarget to_department = { GW_REROUTE_TO_DEPARTMENT, 2 };
  gint64 events;
  g_autofree char *code = NULL;

  g_assert_no_error (error);
  second_user = gw_user_load (second, "supervisor", &error);
  g_assert_no_error (error);

  seen_by_first = gw_case_load (f->store, id, f->supervisor, FALSE, NULL, &error);
  g_assert_no_error (error);
  seen_by_second = gw_case_load (second, id, second_user, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seen_by_first->version, ==, seen_by_second->version);

  g_assert_true (gw_case_reroute (f->store, f->supervisor, id, &to_b, NULL, seen_by_first->version,
                                  &first_reroute, &error));
  g_assert_no_error (error);
  events = n_events (f->store, id);

  g_assert_false (gw_case_reroute (second, second_user, id, &to_department, NULL,
                                   seen_by_second->version, NULL, &error));
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_CONFLICT);
  code = g_strdup (seen_by_first->code);
  g_assert_nonnull (strstr (error->message, code));
  g_assert_nonnull (strstr (error->message, "changed by someone else"));
  g_clear_error (&error);

  /* The file holds the first instance's reroute, once. */
  g_assert_cmpint (gw_test_query_int (second, "SELECT worker_id FROM cases WHERE id = ?", id, 0, 0), ==,
                   worker_b);
  g_assert_cmpint (gw_test_query_int (second, "SELECT department_id IS NULL FROM cases WHERE id = ?", id, 0,
                              0), ==, 1);
  g_assert_cmpint (n_events (second, id), ==, events);

  /* A transition on the stale version is refused the same way. */
  g_assert_false (gw_case_advance (second, second_user, id, GW_CASE_ACTION_REPORT_DONE, NULL, 0,
                                   seen_by_second->version, &error));
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Once the second instance moves it, the first one's undo is stale too. */
  g_assert_true (gw_case_reroute (second, second_user, id, &to_department, NULL, 0, NULL, &error));
  g_assert_no_error (error);
  g_ptr_array_add (undo, g_steal_pointer (&first_reroute));
  g_assert_false (gw_case_reroute_undo (f->store, f->supervisor, undo, &error));
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_CONFLICT);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT department_id FROM cases WHERE id = ?", id, 0, 0),
                   ==, 2);
}

static void
test_reroute_denied (Fixture       *f,
                     gconstpointer  data)
{
  gint64 worker_a, worker_b;
  gint64 own = open_case_of_grid_1 (f, &worker_a, &worker_b);
  gint64 other = case_in_grid (f->store, 10);
  gint64 other_worker = gw_test_query_int (f->store, "SELECT min (worker_id) FROM grid_workers WHERE "
                                   "grid_id = 10", 0, 0, 0);
  GwRerouteTarget to_other_worker = { GW_REROUTE_TO_WORKER, other_worker };
  GwRerouteTarget to_grid_10 = { GW_REROUTE_TO_GRID, 10 };
  GwRerouteTarget to_grid_2 = { GW_REROUTE_TO_GRID, 2 };
  GwRerouteTarget to_b = { GW_REROUTE_TO_WORKER, worker_b };
  g_autoptr (GError) error = NULL;
  gint64 audits = n_audit (f->store);
  gint64 events_other;

  force_case (f->store, other, "dispatched", "B", 0, 3);
  events_other = n_events (f->store, other);

  /* Staff outside their own grids. */
  g_assert_false (gw_case_reroute (f->store, f->staff, other, &to_other_worker, NULL, 0, NULL, &error));
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT department_id FROM cases WHERE id = ?", other, 0, 0),
                   ==, 3);
  g_assert_cmpint (n_events (f->store, other), ==, events_other);

  /* Staff sending their case to a grid that is not theirs. */
  g_assert_false (gw_case_reroute (f->store, f->staff, own, &to_grid_10, NULL, 0, NULL, &error));
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_DENIED);
  g_clear_error (&error);

  /* Planners do not reroute. */
  g_assert_false (gw_case_reroute (f->store, f->planner, own, &to_b, NULL, 0, NULL, &error));
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_cmpint (n_audit (f->store), ==, audits);

  /* Within their grids, staff may; given grid 2 as well, they may move
   * cases there. */
  g_assert_true (gw_case_reroute (f->store, f->staff, own, &to_b, NULL, 0, NULL, &error));
  g_assert_no_error (error);
  gw_test_exec_sql (f->store, "INSERT OR IGNORE INTO user_grids (user_id, grid_id) VALUES (3, 2)");
  g_assert_true (gw_case_reroute (f->store, f->staff, own, &to_grid_2, NULL, 0, NULL, &error));
  g_assert_no_error (error);

  /* A closed case is not rerouted. */
  force_case (f->store, own, "closed", "B", worker_a, 0);
  g_assert_false (gw_case_reroute (f->store, f->supervisor, own, &to_grid_10, NULL, 0, NULL, &error));
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID);
}

/* ------------------------------------------------------------------------ */
/* New cases, lists, masking */

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwCase) kase = NULL;
  GwCaseNew fields = { 0 };
  gint64 id, grid_of_point;

  /* A point inside grid 5: the middle of one of its cases' points. */
  {
    g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (f->store,
                                                      "SELECT ST_X (geom), ST_Y (geom) FROM cases "
                                                      "WHERE grid_id = 5 LIMIT 1", &error);

    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    fields.lon = sqlite3_column_double (stmt, 0);
    fields.lat = sqlite3_column_double (stmt, 1);
  }
  grid_of_point = gw_case_grid_at (f->store, fields.lon, fields.lat, &error);
  g_assert_no_error (error);
  g_assert_cmpint (grid_of_point, ==, 5);

  fields.category = "living_environment";
  fields.subcategory = "路灯损坏";
  fields.tier = "A";
  fields.description = "小区门口路灯不亮";
  fields.reporter_name = "王建国";
  fields.reporter_phone = "13805321234";
  id = gw_case_create (f->store, f->supervisor, &fields, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  kase = gw_case_load (f->store, id, NULL, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kase->grid_id, ==, 5);
  g_assert_cmpstr (kase->status, ==, "reported");
  g_assert_true (g_str_has_prefix (kase->code, "NX2026-"));
  /* Reported Friday 10:00, tier A: due at the end of the day. */
  g_assert_cmpstr (kase->deadline_at, ==, "2026-11-20 17:30:00");
  g_assert_cmpint (kase->working_seconds_left, ==, 6 * 3600);
  g_assert_cmpuint (kase->events->len, ==, 1);
  g_assert_cmpstr (((GwCaseEvent *) g_ptr_array_index (kase->events, 0))->kind, ==, "report");
  /* Masked for a viewer who may not see contacts, plain for one who may. */
  g_assert_cmpstr (kase->reporter_phone, ==, "138****1234");
  g_assert_cmpstr (kase->reporter_name, ==, "王**");
  g_clear_pointer (&kase, gw_case_free);
  kase = gw_case_load (f->store, id, f->staff, TRUE, NULL, &error);
  g_assert_cmpstr (kase->reporter_phone, ==, "138****1234");
  g_clear_pointer (&kase, gw_case_free);
  kase = gw_case_load (f->store, id, f->supervisor, TRUE, NULL, &error);
  g_assert_cmpstr (kase->reporter_phone, ==, "13805321234");
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT count(*) FROM audit_log WHERE action = 'view'", 0,
                              0, 0), ==, 1);

  /* The next one gets the next number. */
  {
    gint64 next = gw_case_create (f->store, f->supervisor, &fields, &error);
    g_autofree char *code_a = gw_test_query_text (f->store, "SELECT code FROM cases WHERE id = ?", id);
    g_autofree char *code_b = gw_test_query_text (f->store, "SELECT code FROM cases WHERE id = ?", next);

    g_assert_no_error (error);
    g_assert_cmpint (atoi (code_b + 7), ==, atoi (code_a + 7) + 1);
  }

  /* Outside every grid: refused, nothing written. */
  {
    gint64 n = gw_test_query_int (f->store, "SELECT count(*) FROM cases", 0, 0, 0);

    fields.lon = 100.0;
    fields.lat = 30.0;
    g_assert_cmpint (gw_case_create (f->store, f->supervisor, &fields, &error), ==, 0);
    g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpint (gw_test_query_int (f->store, "SELECT count(*) FROM cases", 0, 0, 0), ==, n);
  }

  /* Staff only in their own grids (5 is not staff1's). */
  {
    g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (f->store,
                                                      "SELECT ST_X (geom), ST_Y (geom) FROM cases "
                                                      "WHERE grid_id = 5 LIMIT 1", &error);

    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    fields.lon = sqlite3_column_double (stmt, 0);
    fields.lat = sqlite3_column_double (stmt, 1);
  }
  g_assert_cmpint (gw_case_create (f->store, f->staff, &fields, &error), ==, 0);
  g_assert_error (error, GW_CASE_ERROR, GW_CASE_ERROR_DENIED);
}

static void
test_list_and_loads (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = gw_case_list (f->store, 0, GW_CASE_LIST_ALL, NULL, &error);
  g_autoptr (GPtrArray) open = gw_case_list (f->store, 0, GW_CASE_LIST_OPEN, NULL, &error);
  g_autoptr (GPtrArray) grid_1 = gw_case_list (f->store, 1, GW_CASE_LIST_OPEN, NULL, &error);
  g_autoptr (GPtrArray) departments = gw_case_department_loads (f->store, NULL, &error);
  g_autoptr (GPtrArray) grids = gw_case_grid_loads (f->store, NULL, &error);
  g_autoptr (GPtrArray) inspector = gw_inspector_open_cases (f->store, 1, NULL, &error);
  gint64 by_department = 0, by_grid = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, gw_test_query_int (f->store, "SELECT count(*) FROM cases", 0, 0, 0));
  g_assert_cmpuint (open->len, ==, gw_test_query_int (f->store, "SELECT count(*) FROM cases WHERE status IN "
                                              GW_CASE_OPEN_STATUSES_SQL, 0, 0, 0));
  g_assert_cmpuint (grid_1->len, ==, inspector->len);
  for (guint i = 0; i < departments->len; i++)
    by_department += ((GwDepartmentLoad *) g_ptr_array_index (departments, i))->n_open_cases;
  for (guint i = 0; i < grids->len; i++)
    by_grid += ((GwGridLoad *) g_ptr_array_index (grids, i))->n_open_cases;
  g_assert_cmpint (by_grid, ==, open->len);
  g_assert_cmpint (by_department, ==, gw_test_query_int (f->store, "SELECT count(*) FROM cases WHERE "
                                                 "department_id IS NOT NULL AND status IN "
                                                 GW_CASE_OPEN_STATUSES_SQL, 0, 0, 0));
  g_assert_cmpuint (grids->len, ==, 66);
  g_assert_cmpstr (((GwDepartmentLoad *) g_ptr_array_index (departments, 0))->level, ==, "district");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_setenv ("GW_FAKE_NOW", "2026-11-20 10:00:00", TRUE);
  /* Messages asserted on are the untranslated ones. */
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("gw-test-case-XXXXXX", &error);
  g_assert_no_error (error);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/case/transition/table", test_transition_table);
  ADD ("/case/transition/conditions", test_transition_conditions);
  ADD ("/case/transition/roles", test_transition_roles);
  ADD ("/case/transition/dispatch", test_transition_dispatch);
  ADD ("/case/transition/department-return", test_transition_department_return);
  ADD ("/case/deadline/holidays", test_deadline_holidays);
  ADD ("/case/deadline/working-time", test_deadline_working_time);
  ADD ("/case/deadline/agrees-with-demo", test_deadline_agrees_with_demo);
  ADD ("/case/deadline/editable", test_deadline_editable);
  ADD ("/case/deadline/overdue-computed", test_deadline_overdue_computed);
  ADD ("/case/reroute/worker", test_reroute_worker);
  ADD ("/case/reroute/department", test_reroute_department);
  ADD ("/case/reroute/grid", test_reroute_grid);
  ADD ("/case/reroute/many", test_reroute_many);
  ADD ("/case/reroute/conflict", test_reroute_conflict);
  ADD ("/case/reroute/denied", test_reroute_denied);
  ADD ("/case/create", test_create);
  ADD ("/case/list-and-loads", test_list_and_loads);

#undef ADD

  status = g_test_run ();

  if (template_path != NULL)
    gw_test_remove_database (template_path);
  g_rmdir (tmpdir);
  g_free (template_path);
  g_free (tmpdir);
  return status;
}
