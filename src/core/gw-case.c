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
/* The transition table: the only place that says what may follow what. */


/* The command centre (supervisors) registers, dispatches, verifies, closes,
 * rejects and reopens; the grid's own staff take a case up, report on it
 * and report it done (seed 002's closed loop). */
const Transition gw_case_transitions[GW_CASE_N_ACTIONS] = {
  [GW_CASE_ACTION_REGISTER] =
    { "register", N_("Register"), "register",
      { "reported" }, "registered", SUPERVISOR, 0 },
  [GW_CASE_ACTION_DISPATCH] =
    { "dispatch", N_("Dispatch"), "dispatch",
      { "registered" }, "dispatched", SUPERVISOR, 0 },
  [GW_CASE_ACTION_ACCEPT] =
    { "accept", N_("Accept"), "start",
      { "dispatched", "rework" }, "in_progress", SUPERVISOR | STAFF, 0 },
  [GW_CASE_ACTION_REPORT_PROGRESS] =
    { "report_progress", N_("Report progress"), "progress",
      { "in_progress", "deferred" }, NULL, SUPERVISOR | STAFF, NEEDS_TIER_C },
  [GW_CASE_ACTION_REPORT_DONE] =
    { "report_done", N_("Report done"), "report_done",
      { "in_progress" }, "done_reported", SUPERVISOR | STAFF, 0 },
  [GW_CASE_ACTION_VERIFY_CLOSE] =
    { "verify_close", N_("Verify and close"), "close",
      { "done_reported" }, "closed", SUPERVISOR, 0 },
  [GW_CASE_ACTION_EVALUATE] =
    { "evaluate", N_("Evaluate"), "evaluate",
      { "closed" }, "evaluated", SUPERVISOR, NEEDS_SATISFACTION },
  [GW_CASE_ACTION_RETURN_REWORK] =
    { "return_rework", N_("Return for rework"), "rework",
      { "done_reported" }, "rework", SUPERVISOR, NEEDS_REASON },
  [GW_CASE_ACTION_DEFER] =
    { "defer", N_("Defer"), "defer",
      { "dispatched", "in_progress", "rework" }, "deferred", SUPERVISOR, NEEDS_REASON },
  [GW_CASE_ACTION_RESUME] =
    { "resume", N_("Resume"), "resume",
      { "deferred" }, "in_progress", SUPERVISOR | STAFF, 0 },
  [GW_CASE_ACTION_REJECT] =
    { "reject", N_("Reject"), "reject",
      { "reported", "registered" }, "rejected", SUPERVISOR, NEEDS_REASON },
  [GW_CASE_ACTION_REOPEN] =
    { "reopen", N_("Reopen"), "reopen",
      { "closed", "evaluated", "rejected" }, "registered", SUPERVISOR, NEEDS_REASON },
  [GW_CASE_ACTION_DEPARTMENT_RETURN] =
    { "department_return", N_("Record Return by Department"), "department_return",
      { "dispatched", "in_progress" }, "registered", SUPERVISOR, NEEDS_REASON | NEEDS_DEPARTMENT },
};

/* A case is handed over only while someone still has to work on it. */
const char * const gw_case_reroutable_statuses[] = {
  "reported", "registered", "dispatched", "in_progress", "rework", "deferred", NULL
};


const char *
gw_case_action_key (GwCaseAction action)
{
  g_return_val_if_fail (action < GW_CASE_N_ACTIONS, NULL);

  return gw_case_transitions[action].key;
}

gboolean
gw_case_action_from_key (const char   *key,
                         GwCaseAction *action)
{
  for (guint i = 0; i < GW_CASE_N_ACTIONS; i++)
    if (g_strcmp0 (gw_case_transitions[i].key, key) == 0)
      {
        *action = (GwCaseAction) i;
        return TRUE;
      }
  return FALSE;
}

const char *
gw_case_action_label (GwCaseAction action)
{
  g_return_val_if_fail (action < GW_CASE_N_ACTIONS, NULL);

  return _(gw_case_transitions[action].label);
}

const char *
gw_case_action_event_kind (GwCaseAction action)
{
  g_return_val_if_fail (action < GW_CASE_N_ACTIONS, NULL);

  return gw_case_transitions[action].event_kind;
}

gboolean
gw_case_action_needs_reason (GwCaseAction action)
{
  g_return_val_if_fail (action < GW_CASE_N_ACTIONS, FALSE);

  return (gw_case_transitions[action].needs & NEEDS_REASON) != 0;
}

gboolean
gw_case_action_allowed_from (GwCaseAction  action,
                             const char   *status)
{
  g_return_val_if_fail (action < GW_CASE_N_ACTIONS, FALSE);

  return status != NULL && g_strv_contains (gw_case_transitions[action].from, status);
}

const char *
gw_case_action_target_status (GwCaseAction action)
{
  g_return_val_if_fail (action < GW_CASE_N_ACTIONS, NULL);

  return gw_case_transitions[action].to;
}

/* ------------------------------------------------------------------------ */
/* Value types */

void
gw_case_event_free (GwCaseEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->at);
  g_free (event->user_name);
  g_free (event->kind);
  g_free (event->from_status);
  g_free (event->to_status);
  g_free (event->from_assignee);
  g_free (event->to_assignee);
  g_free (event->from_grid_code);
  g_free (event->to_grid_code);
  g_free (event->reason);
  g_free (event);
}

const char *
gw_case_event_kind_label (const char *kind)
{
  static const struct
  {
    const char *kind;
    const char *label;
  } labels[] = {
    { "report", N_("Reported") },
    { "register", N_("Registered") },
    { "dispatch", N_("Dispatched") },
    { "reroute", N_("Rerouted") },
    { "start", N_("Taken up") },
    { "progress", N_("Progress reported") },
    { "defer", N_("Deferred") },
    { "resume", N_("Resumed") },
    { "report_done", N_("Reported done") },
    { "rework", N_("Returned for rework") },
    { "close", N_("Verified and closed") },
    { "evaluate", N_("Evaluated") },
    { "reject", N_("Rejected") },
    { "reopen", N_("Reopened") },
    { "department_return", N_("Sent back by the department") },
    { "remind", N_("Reminded (overdue)") },
    { "escalate", N_("Escalated (overdue)") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].kind, kind) == 0)
      return _(labels[i].label);
  return kind != NULL ? kind : "";
}

void
gw_case_free (GwCase *kase)
{
  if (kase == NULL)
    return;
  g_free (kase->code);
  g_free (kase->grid_code);
  g_free (kase->grid_name);
  g_free (kase->community_name);
  g_free (kase->category);
  g_free (kase->subcategory);
  g_free (kase->scope);
  g_free (kase->tier);
  g_free (kase->source);
  g_free (kase->status);
  g_free (kase->description);
  g_free (kase->reporter_name);
  g_free (kase->reporter_phone);
  g_free (kase->worker_name);
  g_free (kase->department_name);
  g_free (kase->reported_at);
  g_free (kase->deadline_at);
  g_free (kase->closed_at);
  g_clear_pointer (&kase->events, g_ptr_array_unref);
  g_free (kase);
}

const char *
gw_case_get_assignee (const GwCase *kase)
{
  g_return_val_if_fail (kase != NULL, "");

  if (kase->worker_name != NULL)
    return kase->worker_name;
  if (kase->department_name != NULL)
    return kase->department_name;
  return "";
}

void
gw_reroute_free (GwReroute *reroute)
{
  if (reroute == NULL)
    return;
  g_free (reroute->case_code);
  g_free (reroute->from_grid_code);
  g_free (reroute->to_grid_code);
  g_free (reroute->from_assignee);
  g_free (reroute->to_assignee);
  g_free (reroute->from_scope);
  g_free (reroute->to_scope);
  g_free (reroute);
}

G_DEFINE_FINAL_TYPE (GwDepartmentLoad, gw_department_load, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (GwGridLoad, gw_grid_load, G_TYPE_OBJECT)

static void
gw_department_load_finalize (GObject *object)
{
  GwDepartmentLoad *self = GW_DEPARTMENT_LOAD (object);

  g_free (self->name);
  g_free (self->level);
  g_free (self->phone);
  G_OBJECT_CLASS (gw_department_load_parent_class)->finalize (object);
}

static void
gw_department_load_class_init (GwDepartmentLoadClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_department_load_finalize;
}

static void
gw_department_load_init (GwDepartmentLoad *self)
{
}

static void
gw_grid_load_finalize (GObject *object)
{
  GwGridLoad *self = GW_GRID_LOAD (object);

  g_free (self->code);
  g_free (self->name);
  g_free (self->community_name);
  g_free (self->first_worker_name);
  G_OBJECT_CLASS (gw_grid_load_parent_class)->finalize (object);
}

static void
gw_grid_load_class_init (GwGridLoadClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_grid_load_finalize;
}

static void
gw_grid_load_init (GwGridLoad *self)
{
}

/* ------------------------------------------------------------------------ */
/* Reading */

#define CASE_COLUMNS \
  "SELECT k.id, k.code, k.grid_id, g.code, g.name, c.name, k.category, k.subcategory, " \
  "       k.scope, k.tier, k.source, k.status, k.description, k.reporter_name, " \
  "       k.reporter_phone, coalesce (k.worker_id, 0), w.name, coalesce (k.department_id, 0), " \
  "       d.name, k.reported_at, k.deadline_at, k.closed_at, coalesce (k.satisfaction, 0), " \
  "       k.second_routing, k.version, ST_X (k.geom), ST_Y (k.geom) " \
  "  FROM cases k JOIN grids g ON g.id = k.grid_id " \
  "  JOIN communities c ON c.id = g.community_id " \
  "  LEFT JOIN workers w ON w.id = k.worker_id " \
  "  LEFT JOIN departments d ON d.id = k.department_id "

/* Names are masked like phones: 王** keeps the surname. */
static char *
mask_name (const char *name)
{
  GString *masked;
  glong length;

  if (name == NULL || *name == '\0')
    return g_strdup ("");
  length = g_utf8_strlen (name, -1);
  masked = g_string_new (NULL);
  g_string_append_unichar (masked, g_utf8_get_char (name));
  for (glong i = 1; i < MAX (length, 2); i++)
    g_string_append_c (masked, '*');
  return g_string_free (masked, FALSE);
}

static GwCase *
case_from_row (sqlite3_stmt      *stmt,
               const GwCalendar  *calendar,
               GDateTime         *now,
               const char        *now_text,
               gboolean           unmask)
{
  GwCase *kase = g_new0 (GwCase, 1);
  const char *name = (const char *) sqlite3_column_text (stmt, 13);
  const char *phone = (const char *) sqlite3_column_text (stmt, 14);

  kase->id = sqlite3_column_int64 (stmt, 0);
  kase->code = gw_store_column_dup (stmt, 1);
  kase->grid_id = sqlite3_column_int64 (stmt, 2);
  kase->grid_code = gw_store_column_dup (stmt, 3);
  kase->grid_name = gw_store_column_dup (stmt, 4);
  kase->community_name = gw_store_column_dup (stmt, 5);
  kase->category = gw_store_column_dup (stmt, 6);
  kase->subcategory = gw_store_column_dup (stmt, 7);
  kase->scope = gw_store_column_dup (stmt, 8);
  kase->tier = gw_store_column_dup (stmt, 9);
  kase->source = gw_store_column_dup (stmt, 10);
  kase->status = gw_store_column_dup (stmt, 11);
  kase->description = gw_store_column_dup (stmt, 12);
  kase->reporter_name = unmask ? g_strdup (name ? name : "") : mask_name (name);
  kase->reporter_phone = unmask ? g_strdup (phone ? phone : "") : gw_mask_phone (phone);
  kase->worker_id = sqlite3_column_int64 (stmt, 15);
  kase->worker_name = gw_store_column_dup_nullable (stmt, 16);
  kase->department_id = sqlite3_column_int64 (stmt, 17);
  kase->department_name = gw_store_column_dup_nullable (stmt, 18);
  kase->reported_at = gw_store_column_dup (stmt, 19);
  kase->deadline_at = gw_store_column_dup_nullable (stmt, 20);
  kase->closed_at = gw_store_column_dup_nullable (stmt, 21);
  kase->satisfaction = sqlite3_column_int (stmt, 22);
  kase->second_routing = sqlite3_column_int (stmt, 23) != 0;
  kase->version = sqlite3_column_int64 (stmt, 24);
  kase->lon = sqlite3_column_double (stmt, 25);
  kase->lat = sqlite3_column_double (stmt, 26);

  if (gw_case_status_is_open (kase->status) && kase->deadline_at != NULL)
    {
      g_autoptr (GDateTime) deadline = gw_parse_timestamp (kase->deadline_at);

      /* As the inspector and `info` count it: the text of the deadline
       * against the text of now. */
      kase->overdue = strcmp (kase->deadline_at, now_text) < 0;
      if (deadline != NULL && calendar != NULL)
        kase->working_seconds_left = gw_calendar_working_seconds (calendar, now, deadline);
    }
  return kase;
}

static GPtrArray *
load_events (GwStore  *store,
             gint64    case_id,
             GError  **error)
{
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_case_event_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = gw_store_prepare_cached (store,
      "SELECT e.at, coalesce (u.name, ''), e.kind, e.from_status, e.to_status, e.from_assignee, "
      "       e.to_assignee, fg.code, tg.code, e.reason, coalesce (e.satisfaction, 0) "
      "  FROM case_events e LEFT JOIN users u ON u.id = e.user_id "
      "  LEFT JOIN grids fg ON fg.id = e.from_grid_id "
      "  LEFT JOIN grids tg ON tg.id = e.to_grid_id "
      " WHERE e.case_id = ? ORDER BY e.id",
      error);
  if (stmt == NULL || !gw_store_bind_int64 (store, stmt, 1, case_id, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwCaseEvent *event = g_new0 (GwCaseEvent, 1);

      event->at = gw_store_column_dup (stmt, 0);
      event->user_name = gw_store_column_dup (stmt, 1);
      event->kind = gw_store_column_dup (stmt, 2);
      event->from_status = gw_store_column_dup_nullable (stmt, 3);
      event->to_status = gw_store_column_dup_nullable (stmt, 4);
      event->from_assignee = gw_store_column_dup_nullable (stmt, 5);
      event->to_assignee = gw_store_column_dup_nullable (stmt, 6);
      event->from_grid_code = gw_store_column_dup_nullable (stmt, 7);
      event->to_grid_code = gw_store_column_dup_nullable (stmt, 8);
      event->reason = gw_store_column_dup (stmt, 9);
      event->satisfaction = sqlite3_column_int (stmt, 10);
      g_ptr_array_add (events, event);
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the history of a case"));
      return NULL;
    }
  return g_steal_pointer (&events);
}

GwCase *
gw_case_load (GwStore    *store,
              gint64      case_id,
              GwUser     *viewer,
              gboolean    unmask,
              GDateTime  *now,
              GError    **error)
{
  g_autoptr (GDateTime) now_owned = NULL;
  g_autoptr (GwCalendar) calendar = NULL;
  g_autoptr (GwCase) kase = NULL;
  g_autofree char *now_str = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (viewer == NULL || GW_IS_USER (viewer), NULL);

  if (now == NULL)
    now = now_owned = gw_now ();
  now_str = gw_format_timestamp (now);
  unmask = unmask && viewer != NULL && gw_user_can_see_contacts (viewer);

  calendar = gw_calendar_load (store, error);
  if (calendar == NULL)
    return NULL;
  stmt = gw_store_prepare_cached (store, CASE_COLUMNS " WHERE k.id = ?", error);
  if (stmt == NULL || !gw_store_bind_int64 (store, stmt, 1, case_id, error))
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_NOT_FOUND,
                   _("There is no case %" PRId64 " in %s"), case_id,
                   gw_store_get_path (store));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      gw_store_set_sql_error (store, error, _("Could not read a case"));
      return NULL;
    }
  kase = case_from_row (stmt, calendar, now, now_str, unmask);
  sqlite3_reset (stmt);

  kase->events = load_events (store, case_id, error);
  if (kase->events == NULL)
    return NULL;

  if (unmask)
    {
      /* Who saw a reporter's contact is on record (DESIGN.md "Security"). */
      g_autofree char *object = g_strdup_printf ("case:%s", kase->code);

      if (!gw_store_begin (store, error))
        return NULL;
      if (!gw_audit_write (store, viewer, "view", object, "reporter contact", error)
          || !gw_store_commit (store, error))
        {
          gw_store_rollback (store);
          return NULL;
        }
    }
  return g_steal_pointer (&kase);
}

GPtrArray *
gw_case_list (GwStore          *store,
              gint64            grid_id,
              GwCaseListFlags   flags,
              GDateTime        *now,
              GError          **error)
{
  g_autoptr (GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_case_free);
  g_autoptr (GDateTime) now_owned = NULL;
  g_autoptr (GwCalendar) calendar = NULL;
  g_autofree char *now_str = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  if (now == NULL)
    now = now_owned = gw_now ();
  now_str = gw_format_timestamp (now);
  calendar = gw_calendar_load (store, error);
  if (calendar == NULL)
    return NULL;

  stmt = gw_store_prepare (store,
      CASE_COLUMNS
      " WHERE (?1 = 0 OR k.grid_id = ?1) "
      "   AND (?2 = 0 OR k.status IN " GW_CASE_OPEN_STATUSES_SQL ") "
      "   AND (?3 = 0 OR (k.status IN " GW_CASE_OPEN_STATUSES_SQL
      "                   AND k.deadline_at IS NOT NULL AND k.deadline_at < ?4)) "
      " ORDER BY k.id",
      error);
  if (stmt == NULL
      || !gw_store_bind_int64 (store, stmt, 1, grid_id, error)
      || !gw_store_bind_int64 (store, stmt, 2, (flags & GW_CASE_LIST_OPEN) != 0, error)
      || !gw_store_bind_int64 (store, stmt, 3, (flags & GW_CASE_LIST_OVERDUE) != 0, error)
      || !gw_store_bind_text (store, stmt, 4, now_str, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (cases, case_from_row (stmt, calendar, now, now_str, FALSE));
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not list cases"));
      return NULL;
    }
  return g_steal_pointer (&cases);
}
