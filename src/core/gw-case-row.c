/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-case"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "gw-calendar.h"
#include "gw-case-private.h"
#include "gw-domain.h"
#include "gw-util.h"

/* ------------------------------------------------------------------------ */
/* SQL helpers */

/* Runs a one-row, one-column lookup by id; *@text NULL when no row. */
gboolean
gw_case_lookup_text (GwStore     *store,
             const char  *sql,
             gint64       id,
             char       **text,
             GError     **error)
{
  sqlite3_stmt *stmt = gw_store_prepare_cached (store, sql, error);
  int rc;

  *text = NULL;
  if (stmt == NULL || !gw_store_bind_int64 (store, stmt, 1, id, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *text = gw_store_column_dup (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the database"));
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

char *
gw_case_now_text (void)
{
  g_autoptr (GDateTime) now = gw_now ();

  return gw_format_timestamp (now);
}

/* ------------------------------------------------------------------------ */
/* The case row, as the transactions read and write it */


void
gw_case_row_clear (CaseRow *row)
{
  g_clear_pointer (&row->code, g_free);
  g_clear_pointer (&row->grid_code, g_free);
  g_clear_pointer (&row->status, g_free);
  g_clear_pointer (&row->tier, g_free);
  g_clear_pointer (&row->category, g_free);
  g_clear_pointer (&row->scope, g_free);
  g_clear_pointer (&row->deadline_at, g_free);
  g_clear_pointer (&row->closed_at, g_free);
}


gboolean
gw_case_row_read (GwStore  *store,
               gint64    case_id,
               CaseRow  *row,
               GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = gw_store_prepare_cached (store,
      "SELECT k.id, k.code, k.grid_id, g.code, k.status, k.tier, k.category, k.scope, "
      "       coalesce (k.worker_id, 0), coalesce (k.department_id, 0), k.deadline_at, "
      "       k.closed_at, coalesce (k.satisfaction, 0), k.second_routing, k.version "
      "  FROM cases k JOIN grids g ON g.id = k.grid_id WHERE k.id = ?",
      error);
  if (stmt == NULL || !gw_store_bind_int64 (store, stmt, 1, case_id, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_NOT_FOUND,
                   _("There is no case %" PRId64 " in %s"), case_id,
                   gw_store_get_path (store));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      gw_store_set_sql_error (store, error, _("Could not read a case"));
      return FALSE;
    }
  row->id = sqlite3_column_int64 (stmt, 0);
  row->code = gw_store_column_dup (stmt, 1);
  row->grid_id = sqlite3_column_int64 (stmt, 2);
  row->grid_code = gw_store_column_dup (stmt, 3);
  row->status = gw_store_column_dup (stmt, 4);
  row->tier = gw_store_column_dup (stmt, 5);
  row->category = gw_store_column_dup (stmt, 6);
  row->scope = gw_store_column_dup (stmt, 7);
  row->worker_id = sqlite3_column_int64 (stmt, 8);
  row->department_id = sqlite3_column_int64 (stmt, 9);
  row->deadline_at = gw_store_column_dup_nullable (stmt, 10);
  row->closed_at = gw_store_column_dup_nullable (stmt, 11);
  row->satisfaction = sqlite3_column_int (stmt, 12);
  row->second_routing = sqlite3_column_int (stmt, 13) != 0;
  row->version = sqlite3_column_int64 (stmt, 14);
  sqlite3_reset (stmt);
  return TRUE;
}

/* Writes @row back if the case is still at @row->version, and bumps the
 * version; a row changed meanwhile is a conflict, never overwritten. */
gboolean
gw_case_row_write (GwStore  *store,
                CaseRow  *row,
                GError  **error)
{
  sqlite3_stmt *stmt;

  stmt = gw_store_prepare_cached (store,
      "UPDATE cases SET grid_id = ?2, status = ?3, scope = ?4, worker_id = ?5, "
      "       department_id = ?6, deadline_at = ?7, closed_at = ?8, satisfaction = ?9, "
      "       second_routing = ?10, version = version + 1 "
      " WHERE id = ?1 AND version = ?11",
      error);
  if (stmt == NULL
      || !gw_store_bind_int64 (store, stmt, 1, row->id, error)
      || !gw_store_bind_int64 (store, stmt, 2, row->grid_id, error)
      || !gw_store_bind_text (store, stmt, 3, row->status, error)
      || !gw_store_bind_text (store, stmt, 4, row->scope, error)
      || !gw_store_bind_ref (store, stmt, 5, row->worker_id, error)
      || !gw_store_bind_ref (store, stmt, 6, row->department_id, error)
      || !gw_store_bind_text (store, stmt, 7, row->deadline_at, error)
      || !gw_store_bind_text (store, stmt, 8, row->closed_at, error)
      || !gw_store_bind_ref (store, stmt, 9, row->satisfaction, error)
      || !gw_store_bind_int64 (store, stmt, 10, row->second_routing ? 1 : 0, error)
      || !gw_store_bind_int64 (store, stmt, 11, row->version, error))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not write a case"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  if (sqlite3_changes (gw_store_get_db (store)) != 1)
    {
      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_CONFLICT,
                   _("Case %s was changed by someone else meanwhile; reload it and try again"),
                   row->code);
      return FALSE;
    }
  row->version++;
  return TRUE;
}


gboolean
gw_case_event_write (GwStore        *store,
             GwUser         *user,
             gint64          case_id,
             const char     *at,
             const EventRow *event,
             GError        **error)
{
  sqlite3_stmt *stmt;

  stmt = gw_store_prepare_cached (store,
      "INSERT INTO case_events (case_id, at, user_id, kind, from_status, to_status, "
      "       from_assignee, to_assignee, reason, from_grid_id, to_grid_id, from_worker_id, "
      "       to_worker_id, from_department_id, to_department_id, satisfaction) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
      error);
  if (stmt == NULL
      || !gw_store_bind_int64 (store, stmt, 1, case_id, error)
      || !gw_store_bind_text (store, stmt, 2, at, error)
      || !gw_store_bind_ref (store, stmt, 3, user != NULL ? user->id : 0, error)
      || !gw_store_bind_text (store, stmt, 4, event->kind, error)
      || !gw_store_bind_text (store, stmt, 5, event->from_status, error)
      || !gw_store_bind_text (store, stmt, 6, event->to_status, error)
      || !gw_store_bind_text (store, stmt, 7, event->from_assignee, error)
      || !gw_store_bind_text (store, stmt, 8, event->to_assignee, error)
      || !gw_store_bind_text (store, stmt, 9, event->reason != NULL ? event->reason : "", error)
      || !gw_store_bind_ref (store, stmt, 10, event->from_grid_id, error)
      || !gw_store_bind_ref (store, stmt, 11, event->to_grid_id, error)
      || !gw_store_bind_ref (store, stmt, 12, event->from_worker_id, error)
      || !gw_store_bind_ref (store, stmt, 13, event->to_worker_id, error)
      || !gw_store_bind_ref (store, stmt, 14, event->from_department_id, error)
      || !gw_store_bind_ref (store, stmt, 15, event->to_department_id, error)
      || !gw_store_bind_ref (store, stmt, 16, event->satisfaction, error))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not write the history of a case"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
gw_case_worker_name (GwStore  *store,
             gint64    worker_id,
             char    **name,
             GError  **error)
{
  return gw_case_lookup_text (store, "SELECT name FROM workers WHERE id = ?", worker_id, name, error);
}

gboolean
gw_case_department_name (GwStore  *store,
                 gint64    department_id,
                 char    **name,
                 GError  **error)
{
  return gw_case_lookup_text (store, "SELECT name FROM departments WHERE id = ?", department_id, name,
                      error);
}

/* Who holds a case, as the history shows it: a worker's or a department's
 * name; "" for nobody. */
char *
gw_case_assignee_name (GwStore  *store,
               gint64    worker_id,
               gint64    department_id,
               GError  **error)
{
  char *name = NULL;

  if (worker_id != 0 && !gw_case_worker_name (store, worker_id, &name, error))
    return NULL;
  if (name == NULL && department_id != 0 && !gw_case_department_name (store, department_id, &name, error))
    return NULL;
  return name != NULL ? name : g_strdup ("");
}

/* The grid's first responsible person (0 when the grid has no team). */
gboolean
gw_case_first_worker (GwStore  *store,
              gint64    grid_id,
              gint64   *worker_id,
              GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *worker_id = 0;
  stmt = gw_store_prepare_cached (store,
                                  "SELECT w.id FROM grid_workers gw JOIN workers w ON w.id = gw.worker_id "
                                  " WHERE gw.grid_id = ?" FIRST_WORKER_ORDER,
                                  error);
  if (stmt == NULL || !gw_store_bind_int64 (store, stmt, 1, grid_id, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *worker_id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the team of a grid"));
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
gw_case_worker_serves_grid (GwStore   *store,
                    gint64     worker_id,
                    gint64     grid_id,
                    gboolean  *serves,
                    GError   **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = gw_store_prepare_cached (store,
                                  "SELECT 1 FROM grid_workers WHERE grid_id = ? AND worker_id = ? LIMIT 1",
                                  error);
  if (stmt == NULL
      || !gw_store_bind_int64 (store, stmt, 1, grid_id, error)
      || !gw_store_bind_int64 (store, stmt, 2, worker_id, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the team of a grid"));
      return FALSE;
    }
  *serves = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Who may */

/* "Registered, Dispatched" — the statuses an action may start from. */
static char *
from_status_labels (const Transition *transition)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (int i = 0; transition->from[i] != NULL; i++)
    {
      if (i > 0)
        /* Translators: separates the statuses a case may be in, "Registered, Dispatched" */
        g_string_append (text, _(", "));
      g_string_append (text, gw_case_status_label (transition->from[i]));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The checks of the table, on a case as read (@user as the database knows
 * them now). Role first: a user who may not act learns that, not a status. */
gboolean
gw_case_check_action (GwUser        *user,
              GwCaseAction   action,
              const char    *code,
              gint64         grid_id,
              const char    *grid_code,
              const char    *status,
              const char    *tier,
              gint64         department_id,
              GError       **error)
{
  const Transition *transition = &gw_case_transitions[action];
  g_autofree char *what = g_strdup_printf (_("Case %s"), code);

  if (user->role == GW_ROLE_PLANNER)
    {
      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_DENIED,
                   _("%s: %s is a planner; planners cannot change cases"), what, user->name);
      return FALSE;
    }
  if (!gw_user_can_act_in_grid (user, grid_id))
    {
      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_DENIED,
                   _("%s: %s is grid staff and may only act in their own grids, not in grid %s"),
                   what, user->name, grid_code);
      return FALSE;
    }
  if (!(transition->roles & ROLE (user->role)))
    {
      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_DENIED,
                   _("%s: only a supervisor may “%s”; %s is grid staff"), what,
                   _(transition->label), user->name);
      return FALSE;
    }
  if (!g_strv_contains (transition->from, status))
    {
      g_autofree char *allowed = from_status_labels (transition);

      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID,
                   _("%s is %s; “%s” is only possible when it is %s"), what,
                   gw_case_status_label (status), _(transition->label), allowed);
      return FALSE;
    }
  if ((transition->needs & NEEDS_TIER_C) && g_strcmp0 (tier, "C") != 0)
    {
      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID,
                   _("%s is a tier %s case; only periodic (tier C) cases report progress"),
                   what, tier);
      return FALSE;
    }
  if ((transition->needs & NEEDS_DEPARTMENT) && department_id == 0)
    {
      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID,
                   _("%s is not with a department; only a department can send a case back"),
                   what);
      return FALSE;
    }
  return TRUE;
}

gboolean
gw_case_can (const GwCase  *kase,
             GwUser        *user,
             GwCaseAction   action,
             GError       **error)
{
  g_return_val_if_fail (kase != NULL, FALSE);
  g_return_val_if_fail (GW_IS_USER (user), FALSE);
  g_return_val_if_fail (action < GW_CASE_N_ACTIONS, FALSE);

  return gw_case_check_action (user, action, kase->code, kase->grid_id, kase->grid_code, kase->status,
                       kase->tier, kase->department_id, error);
}

/* The acting user as the database knows them inside the transaction: a role
 * or grid changed since the app loaded the user counts. */
GwUser *
gw_case_reload_user (GwStore  *store,
             GwUser   *user,
             GError  **error)
{
  g_autoptr (GError) local_error = NULL;
  GwUser *current = gw_user_load_by_id (store, user->id, &local_error);

  if (current == NULL)
    {
      if (g_error_matches (local_error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND))
        g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_DENIED,
                     _("User “%s” no longer exists"), user->login);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return current;
}

gboolean
gw_case_check_version (const CaseRow  *row,
               gint64          expected_version,
               GError        **error)
{
  if (expected_version == 0 || row->version == expected_version)
    return TRUE;
  g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_CONFLICT,
               _("Case %s was changed by someone else since you opened it (your version %"
                 PRId64 ", now %" PRId64 "); reload it and try again"),
               row->code, expected_version, row->version);
  return FALSE;
}

/* Deadlines come from the calendar and the category's limits. */
char *
gw_case_compute_deadline (GwStore     *store,
                  const char  *tier,
                  const char  *category,
                  GDateTime   *from,
                  GError     **error)
{
  g_autoptr (GwCalendar) calendar = NULL;
  g_autoptr (GDateTime) deadline = NULL;
  int working_days, report_days;

  calendar = gw_calendar_load (store, error);
  if (calendar == NULL
      || !gw_calendar_get_time_limits (store, category, &working_days, &report_days, error))
    return NULL;
  deadline = gw_calendar_deadline (calendar, tier, g_strcmp0 (tier, "C") == 0 ? report_days
                                                                               : working_days,
                                   from);
  return gw_format_timestamp (deadline);
}
