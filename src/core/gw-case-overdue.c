/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-case"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-calendar.h"
#include "gw-case-private.h"
#include "gw-domain.h"
#include "gw-hotspot-private.h"
#include "gw-overdue.h"
#include "gw-util.h"

/* ------------------------------------------------------------------------ */
/* The board */

void
gw_overdue_case_free (GwOverdueCase *overdue)
{
  if (overdue == NULL)
    return;
  g_free (overdue->code);
  g_free (overdue->grid_code);
  g_free (overdue->grid_name);
  g_free (overdue->community_code);
  g_free (overdue->community_name);
  g_free (overdue->assignee);
  g_free (overdue->tier);
  g_free (overdue->category);
  g_free (overdue->subcategory);
  g_free (overdue->status);
  g_free (overdue->reported_at);
  g_free (overdue->deadline_at);
  g_free (overdue->escalated_at);
  g_free (overdue);
}

static GwOverdueCase *
overdue_from_row (sqlite3_stmt      *stmt,
                  const GwCalendar  *calendar,
                  const char        *now_text)
{
  GwOverdueCase *overdue = g_new0 (GwOverdueCase, 1);

  overdue->case_id = sqlite3_column_int64 (stmt, 0);
  overdue->code = gw_store_column_dup (stmt, 1);
  overdue->grid_code = gw_store_column_dup (stmt, 2);
  overdue->grid_name = gw_store_column_dup (stmt, 3);
  overdue->community_code = gw_store_column_dup (stmt, 4);
  overdue->community_name = gw_store_column_dup (stmt, 5);
  overdue->assignee = gw_store_column_dup (stmt, 6);
  overdue->assignee_is_department = sqlite3_column_int (stmt, 7) != 0;
  overdue->tier = gw_store_column_dup (stmt, 8);
  overdue->category = gw_store_column_dup (stmt, 9);
  overdue->subcategory = gw_store_column_dup (stmt, 10);
  overdue->status = gw_store_column_dup (stmt, 11);
  overdue->reported_at = gw_store_column_dup (stmt, 12);
  overdue->deadline_at = gw_store_column_dup (stmt, 13);
  overdue->escalated_at = gw_store_column_dup_nullable (stmt, 14);
  overdue->n_reminders = (guint) sqlite3_column_int (stmt, 15);
  overdue->version = sqlite3_column_int64 (stmt, 16);
  if (!gw_calendar_working_seconds_text (calendar, overdue->deadline_at, now_text,
                                         &overdue->overdue_seconds))
    overdue->overdue_seconds = 0;
  return overdue;
}

static int
compare_overdue (gconstpointer a,
                 gconstpointer b)
{
  const GwOverdueCase *x = *(const GwOverdueCase * const *) a;
  const GwOverdueCase *y = *(const GwOverdueCase * const *) b;

  if (x->overdue_seconds != y->overdue_seconds)
    return x->overdue_seconds > y->overdue_seconds ? -1 : 1;
  return x->case_id < y->case_id ? -1 : x->case_id > y->case_id;
}

/**
 * gw_overdue_list:
 *
 * Returns: (transfer full): the overdue cases, or %NULL
 */
GPtrArray *
gw_overdue_list (GwStore             *store,
                 const GwCaseFilter  *filter,
                 const char          *grid_code,
                 GDateTime           *now,
                 GError             **error)
{
  g_autoptr (GPtrArray) board = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_overdue_case_free);
  g_autoptr (GDateTime) now_owned = NULL;
  g_autoptr (GwCalendar) calendar = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *now_text = NULL;
  GwCaseFilter overdue_filter;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  if (now == NULL)
    now = now_owned = gw_now ();
  now_text = gw_format_timestamp (now);
  calendar = gw_calendar_load (store, error);
  if (calendar == NULL)
    return NULL;
  overdue_filter = *filter;
  overdue_filter.status = GW_CASE_FILTER_OVERDUE;
  stmt = gw_store_prepare (store,
      "SELECT k.id, k.code, g.code, g.name, c.code, c.name, coalesce (w.name, d.name, ''), "
      "       k.worker_id IS NULL AND k.department_id IS NOT NULL, k.tier, k.category, "
      "       k.subcategory, k.status, k.reported_at, k.deadline_at, k.escalated_at, "
      "       (SELECT count(*) FROM case_events e WHERE e.case_id = k.id AND e.kind = 'remind'), "
      "       k.version "
      "  FROM cases k JOIN grids g ON g.id = k.grid_id "
      "  JOIN communities c ON c.id = g.community_id "
      "  LEFT JOIN workers w ON w.id = k.worker_id "
      "  LEFT JOIN departments d ON d.id = k.department_id "
      " WHERE " GW_CASE_FILTER_SQL
      "   AND (?20 IS NULL OR (g.code = ?20 AND g.retired_at IS NULL))",
      error);
  if (stmt == NULL || !gw_case_filter_bind (store, stmt, &overdue_filter, now, error)
      || !gw_store_bind_text (store, stmt, 20, grid_code, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (board, overdue_from_row (stmt, calendar, now_text));
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not list the overdue cases"));
      return NULL;
    }
  g_ptr_array_sort (board, compare_overdue);
  return g_steal_pointer (&board);
}

/* ------------------------------------------------------------------------ */
/* Remind and escalate */

/* C → B → A: escalation makes a case more urgent (A stays A). */
static const char *
raised_tier (const char *tier)
{
  return g_strcmp0 (tier, "C") == 0 ? "B" : "A";
}

static gboolean
check_overdue_action (GwUser         *current,
                      const CaseRow  *row,
                      gboolean        escalate,
                      const char     *now_text,
                      GError        **error)
{
  if (current->role != GW_ROLE_SUPERVISOR)
    {
      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_DENIED,
                   escalate
                   ? _("Case %s: %s is not a supervisor; only the command centre escalates "
                       "overdue cases")
                   : _("Case %s: %s is not a supervisor; only the command centre sends "
                       "reminders on overdue cases"),
                   row->code, current->name);
      return FALSE;
    }
  if (!gw_case_status_is_open (row->status) || row->deadline_at == NULL
      || strcmp (row->deadline_at, now_text) >= 0)
    {
      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID,
                   _("Case %s is not overdue (%s, deadline %s)"), row->code,
                   gw_case_status_label (row->status),
                   row->deadline_at != NULL ? row->deadline_at : _("none"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_escalation (GwStore     *store,
                  gint64       case_id,
                  const char  *tier,
                  const char  *at,
                  GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = gw_store_prepare_cached (store,
                                  "UPDATE cases SET tier = ?2, escalated_at = ?3 WHERE id = ?1",
                                  error);
  if (stmt == NULL
      || !gw_store_bind_int64 (store, stmt, 1, case_id, error)
      || !gw_store_bind_text (store, stmt, 2, tier, error)
      || !gw_store_bind_text (store, stmt, 3, at, error))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not escalate a case"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Inside a transaction: the checks, the row (its version + 1), the event,
 * the audit row. */
static gboolean
apply_overdue_action (GwStore     *store,
                      GwUser      *user,
                      gint64       case_id,
                      gboolean     escalate,
                      const char  *reason,
                      gint64       expected_version,
                      GError     **error)
{
  g_auto (CaseRow) row = { 0 };
  g_autoptr (GwUser) current = NULL;
  g_autoptr (GDateTime) now = gw_now ();
  g_autofree char *at = gw_format_timestamp (now);
  g_autofree char *assignee = NULL;
  g_autofree char *tier_from = NULL;
  g_autofree char *text = NULL;
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  EventRow event = { 0 };

  if (!gw_case_row_read (store, case_id, &row, error)
      || !gw_case_check_version (&row, expected_version, error))
    return FALSE;
  current = gw_case_reload_user (store, user, error);
  if (current == NULL || !check_overdue_action (current, &row, escalate, at, error))
    return FALSE;
  assignee = gw_case_assignee_name (store, row.worker_id, row.department_id, error);
  if (assignee == NULL)
    return FALSE;

  tier_from = g_strdup (row.tier);
  if (escalate)
    {
      g_autofree char *notified = assignee[0] != '\0' ? g_strdup (assignee)
                                                      : g_strdup (_("nobody holds it"));

      /* Translators: escalation (督办) in a case's history: tier from, to, who was notified */
      text = g_strdup_printf (_("Tier %s → %s; notified: %s"), tier_from, raised_tier (tier_from),
                              notified);
      if (reason != NULL && reason[0] != '\0')
        {
          g_autofree char *with_reason = g_strdup_printf ("%s. %s", text, reason);

          g_free (text);
          text = g_steal_pointer (&with_reason);
        }
    }
  event.kind = escalate ? "escalate" : "remind";
  event.from_status = row.status;
  event.to_status = row.status;
  event.to_assignee = assignee;
  event.to_worker_id = row.worker_id;
  event.to_department_id = row.department_id;
  event.reason = escalate ? text : (reason != NULL ? reason : "");

  object = g_strdup_printf ("case:%s", row.code);
  detail = escalate ? g_strdup_printf ("escalate: tier %s → %s, %s", tier_from,
                                       raised_tier (tier_from), assignee)
                    : g_strdup_printf ("remind: %s", assignee);
  return gw_case_row_write (store, &row, error)
         && (!escalate || write_escalation (store, row.id, raised_tier (tier_from), at, error))
         && gw_case_event_write (store, current, row.id, at, &event, error)
         && gw_audit_write (store, current, escalate ? "escalate" : "remind", object, detail,
                            error);
}

static gboolean
run_overdue_action (GwStore     *store,
                    GwUser      *user,
                    gint64       case_id,
                    gboolean     escalate,
                    const char  *reason,
                    gint64       expected_version,
                    GError     **error)
{
  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (GW_IS_USER (user), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!gw_store_begin (store, error))
    return FALSE;
  if (!apply_overdue_action (store, user, case_id, escalate, reason, expected_version, error)
      || !gw_store_commit (store, error))
    {
      gw_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/**
 * gw_overdue_remind:
 *
 * Returns: %TRUE if the reminder is in the case's history; %FALSE with
 *   nothing written otherwise
 */
gboolean
gw_overdue_remind (GwStore     *store,
                   GwUser      *user,
                   gint64       case_id,
                   const char  *reason,
                   gint64       expected_version,
                   GError     **error)
{
  return run_overdue_action (store, user, case_id, FALSE, reason, expected_version, error);
}

/**
 * gw_overdue_escalate:
 *
 * Returns: %TRUE if the case is escalated; %FALSE with nothing written
 *   otherwise
 */
gboolean
gw_overdue_escalate (GwStore     *store,
                     GwUser      *user,
                     gint64       case_id,
                     const char  *reason,
                     gint64       expected_version,
                     GError     **error)
{
  return run_overdue_action (store, user, case_id, TRUE, reason, expected_version, error);
}
