/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-case"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "gw-calendar.h"
#include "gw-case.h"
#include "gw-domain.h"
#include "gw-store-private.h"
#include "gw-util.h"

/* ------------------------------------------------------------------------ */
/* The transition table: the only place that says what may follow what. */

#define ROLE(r)     (1u << (r))
#define SUPERVISOR  ROLE (GW_ROLE_SUPERVISOR)
#define STAFF       ROLE (GW_ROLE_STAFF)

typedef enum
{
  NEEDS_REASON       = 1 << 0,
  NEEDS_SATISFACTION = 1 << 1,
  NEEDS_DEPARTMENT   = 1 << 2,  /* only a department can send a case back */
  NEEDS_TIER_C       = 1 << 3,  /* periodic progress reports */
} Needs;

typedef struct
{
  const char *key;
  const char *label;         /* N_() */
  const char *event_kind;    /* as the demo generator writes them */
  const char *from[4];       /* statuses it may start from, NULL-terminated */
  const char *to;            /* NULL: the status stays */
  guint       roles;         /* who may */
  guint       needs;
} Transition;

/* The command centre (supervisors) registers, dispatches, verifies, closes,
 * rejects and reopens; the grid's own staff take a case up, report on it
 * and report it done (seed 002's closed loop). */
static const Transition transitions[GW_CASE_N_ACTIONS] = {
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
static const char * const reroutable_statuses[] = {
  "reported", "registered", "dispatched", "in_progress", "rework", "deferred", NULL
};

/* The first responsible person of a grid, in the inspector's order. */
#define FIRST_WORKER_ORDER \
  " ORDER BY gw.is_first DESC, CASE gw.role WHEN 'party_branch' THEN 0 " \
  "WHEN 'street_cadre' THEN 1 WHEN 'community_cadre' THEN 2 WHEN 'building_leader' THEN 3 " \
  "WHEN 'police' THEN 4 WHEN 'volunteer' THEN 5 WHEN 'social_worker' THEN 6 ELSE 7 END, " \
  "w.name, w.id LIMIT 1"

const char *
gw_case_action_key (GwCaseAction action)
{
  g_return_val_if_fail (action < GW_CASE_N_ACTIONS, NULL);

  return transitions[action].key;
}

gboolean
gw_case_action_from_key (const char   *key,
                         GwCaseAction *action)
{
  for (guint i = 0; i < GW_CASE_N_ACTIONS; i++)
    if (g_strcmp0 (transitions[i].key, key) == 0)
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

  return _(transitions[action].label);
}

const char *
gw_case_action_event_kind (GwCaseAction action)
{
  g_return_val_if_fail (action < GW_CASE_N_ACTIONS, NULL);

  return transitions[action].event_kind;
}

gboolean
gw_case_action_needs_reason (GwCaseAction action)
{
  g_return_val_if_fail (action < GW_CASE_N_ACTIONS, FALSE);

  return (transitions[action].needs & NEEDS_REASON) != 0;
}

gboolean
gw_case_action_allowed_from (GwCaseAction  action,
                             const char   *status)
{
  g_return_val_if_fail (action < GW_CASE_N_ACTIONS, FALSE);

  return status != NULL && g_strv_contains (transitions[action].from, status);
}

const char *
gw_case_action_target_status (GwCaseAction action)
{
  g_return_val_if_fail (action < GW_CASE_N_ACTIONS, NULL);

  return transitions[action].to;
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
/* SQL helpers */

/* Runs a one-row, one-column lookup by id; *@text NULL when no row. */
static gboolean
lookup_text (GwStore     *store,
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

static char *
now_text (void)
{
  g_autoptr (GDateTime) now = gw_now ();

  return gw_format_timestamp (now);
}

/* ------------------------------------------------------------------------ */
/* The case row, as the transactions read and write it */

typedef struct
{
  gint64  id;
  char   *code;
  gint64  grid_id;
  char   *grid_code;
  char   *status;
  char   *tier;
  char   *category;
  char   *scope;
  gint64  worker_id;
  gint64  department_id;
  char   *deadline_at;
  char   *closed_at;
  int     satisfaction;
  gboolean second_routing;
  gint64  version;
} CaseRow;

static void
case_row_clear (CaseRow *row)
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

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CaseRow, case_row_clear)

static gboolean
read_case_row (GwStore  *store,
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
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
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
static gboolean
write_case_row (GwStore  *store,
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
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_CONFLICT,
                   _("Case %s was changed by someone else meanwhile; reload it and try again"),
                   row->code);
      return FALSE;
    }
  row->version++;
  return TRUE;
}

typedef struct
{
  const char *kind;
  const char *from_status;
  const char *to_status;
  const char *from_assignee;
  const char *to_assignee;
  const char *reason;
  gint64      from_grid_id, to_grid_id;
  gint64      from_worker_id, to_worker_id;
  gint64      from_department_id, to_department_id;
  int         satisfaction;
} EventRow;

static gboolean
write_event (GwStore        *store,
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

static gboolean
worker_name (GwStore  *store,
             gint64    worker_id,
             char    **name,
             GError  **error)
{
  return lookup_text (store, "SELECT name FROM workers WHERE id = ?", worker_id, name, error);
}

static gboolean
department_name (GwStore  *store,
                 gint64    department_id,
                 char    **name,
                 GError  **error)
{
  return lookup_text (store, "SELECT name FROM departments WHERE id = ?", department_id, name,
                      error);
}

/* Who holds a case, as the history shows it: a worker's or a department's
 * name; "" for nobody. */
static char *
assignee_name (GwStore  *store,
               gint64    worker_id,
               gint64    department_id,
               GError  **error)
{
  char *name = NULL;

  if (worker_id != 0 && !worker_name (store, worker_id, &name, error))
    return NULL;
  if (name == NULL && department_id != 0 && !department_name (store, department_id, &name, error))
    return NULL;
  return name != NULL ? name : g_strdup ("");
}

/* The grid's first responsible person (0 when the grid has no team). */
static gboolean
first_worker (GwStore  *store,
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

static gboolean
worker_serves_grid (GwStore   *store,
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
static gboolean
check_action (GwUser        *user,
              GwCaseAction   action,
              const char    *code,
              gint64         grid_id,
              const char    *grid_code,
              const char    *status,
              const char    *tier,
              gint64         department_id,
              GError       **error)
{
  const Transition *transition = &transitions[action];
  g_autofree char *what = g_strdup_printf (_("Case %s"), code);

  if (user->role == GW_ROLE_PLANNER)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                   _("%s: %s is a planner; planners cannot change cases"), what, user->name);
      return FALSE;
    }
  if (!gw_user_can_act_in_grid (user, grid_id))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                   _("%s: %s is grid staff and may only act in their own grids, not in grid %s"),
                   what, user->name, grid_code);
      return FALSE;
    }
  if (!(transition->roles & ROLE (user->role)))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                   _("%s: only a supervisor may “%s”; %s is grid staff"), what,
                   _(transition->label), user->name);
      return FALSE;
    }
  if (!g_strv_contains (transition->from, status))
    {
      g_autofree char *allowed = from_status_labels (transition);

      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s is %s; “%s” is only possible when it is %s"), what,
                   gw_case_status_label (status), _(transition->label), allowed);
      return FALSE;
    }
  if ((transition->needs & NEEDS_TIER_C) && g_strcmp0 (tier, "C") != 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s is a tier %s case; only periodic (tier C) cases report progress"),
                   what, tier);
      return FALSE;
    }
  if ((transition->needs & NEEDS_DEPARTMENT) && department_id == 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
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

  return check_action (user, action, kase->code, kase->grid_id, kase->grid_code, kase->status,
                       kase->tier, kase->department_id, error);
}

/* The acting user as the database knows them inside the transaction: a role
 * or grid changed since the app loaded the user counts. */
static GwUser *
reload_user (GwStore  *store,
             GwUser   *user,
             GError  **error)
{
  g_autoptr (GError) local_error = NULL;
  GwUser *current = gw_user_load_by_id (store, user->id, &local_error);

  if (current == NULL)
    {
      if (g_error_matches (local_error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND))
        g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                     _("User “%s” no longer exists"), user->login);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return current;
}

static gboolean
check_version (const CaseRow  *row,
               gint64          expected_version,
               GError        **error)
{
  if (expected_version == 0 || row->version == expected_version)
    return TRUE;
  g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_CONFLICT,
               _("Case %s was changed by someone else since you opened it (your version %"
                 PRId64 ", now %" PRId64 "); reload it and try again"),
               row->code, expected_version, row->version);
  return FALSE;
}

/* Deadlines come from the calendar and the category's limits. */
static char *
compute_deadline (GwStore     *store,
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

/* ------------------------------------------------------------------------ */
/* Transitions */

static gboolean
apply_transition (GwStore       *store,
                  GwUser        *user,
                  gint64         case_id,
                  GwCaseAction   action,
                  const char    *reason,
                  int            satisfaction,
                  gint64         expected_version,
                  GError       **error)
{
  const Transition *transition = &transitions[action];
  g_auto (CaseRow) row = { 0 };
  g_autoptr (GwUser) current = NULL;
  g_autoptr (GDateTime) now = gw_now ();
  g_autofree char *at = gw_format_timestamp (now);
  g_autofree char *from_status = NULL;
  g_autofree char *assignee = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *object = NULL;
  EventRow event = { 0 };

  if (!read_case_row (store, case_id, &row, error)
      || !check_version (&row, expected_version, error))
    return FALSE;
  current = reload_user (store, user, error);
  if (current == NULL
      || !check_action (current, action, row.code, row.grid_id, row.grid_code, row.status,
                        row.tier, row.department_id, error))
    return FALSE;

  if (transition->needs & NEEDS_REASON)
    {
      /* Stripped on a copy: the caller's string is theirs. */
      g_autofree char *copy = g_strstrip (g_strdup (reason != NULL ? reason : ""));

      if (copy[0] == '\0')
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("Case %s: “%s” needs a reason"), row.code, _(transition->label));
          return FALSE;
        }
    }
  if ((transition->needs & NEEDS_SATISFACTION) && (satisfaction < 1 || satisfaction > 5))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("Case %s: satisfaction must be between 1 and 5, not %d"), row.code,
                   satisfaction);
      return FALSE;
    }

  from_status = g_strdup (row.status);
  event.kind = transition->event_kind;
  event.from_status = from_status;
  event.reason = reason;

  switch (action)
    {
    case GW_CASE_ACTION_DISPATCH:
      /* To whoever it was routed to; a case nobody holds goes to its grid's
       * first responsible person. */
      if (row.worker_id == 0 && row.department_id == 0)
        {
          if (!first_worker (store, row.grid_id, &row.worker_id, error))
            return FALSE;
          if (row.worker_id == 0)
            {
              g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                           _("Case %s cannot be dispatched: grid %s has no responsible workers; "
                             "reroute it first"), row.code, row.grid_code);
              return FALSE;
            }
        }
      assignee = assignee_name (store, row.worker_id, row.department_id, error);
      if (assignee == NULL)
        return FALSE;
      event.to_assignee = assignee;
      event.to_worker_id = row.worker_id;
      event.to_department_id = row.department_id;
      break;

    case GW_CASE_ACTION_REPORT_PROGRESS:
      g_free (row.deadline_at);
      row.deadline_at = compute_deadline (store, row.tier, row.category, now, error);
      if (row.deadline_at == NULL)
        return FALSE;
      break;

    case GW_CASE_ACTION_VERIFY_CLOSE:
      g_free (row.closed_at);
      row.closed_at = g_strdup (at);
      break;

    case GW_CASE_ACTION_EVALUATE:
      row.satisfaction = satisfaction;
      event.satisfaction = satisfaction;
      break;

    case GW_CASE_ACTION_REOPEN:
      /* A reopened case starts a new time limit. */
      g_clear_pointer (&row.closed_at, g_free);
      row.satisfaction = 0;
      g_free (row.deadline_at);
      row.deadline_at = compute_deadline (store, row.tier, row.category, now, error);
      if (row.deadline_at == NULL)
        return FALSE;
      break;

    case GW_CASE_ACTION_DEPARTMENT_RETURN:
      /* 二次分流: the department says it is not theirs; the command centre
       * has to route it again, and the case keeps the mark. */
      assignee = assignee_name (store, 0, row.department_id, error);
      if (assignee == NULL)
        return FALSE;
      event.from_assignee = assignee;
      event.from_department_id = row.department_id;
      row.department_id = 0;
      row.worker_id = 0;
      row.second_routing = TRUE;
      break;

    case GW_CASE_ACTION_REGISTER:
    case GW_CASE_ACTION_ACCEPT:
    case GW_CASE_ACTION_REPORT_DONE:
    case GW_CASE_ACTION_RETURN_REWORK:
    case GW_CASE_ACTION_DEFER:
    case GW_CASE_ACTION_RESUME:
    case GW_CASE_ACTION_REJECT:
    case GW_CASE_N_ACTIONS:
    default:
      break;
    }

  if (transition->to != NULL)
    {
      g_free (row.status);
      row.status = g_strdup (transition->to);
    }
  event.to_status = row.status;

  object = g_strdup_printf ("case:%s", row.code);
  detail = g_strdup_printf ("%s: %s → %s", transition->key, from_status, row.status);
  return write_case_row (store, &row, error)
         && write_event (store, current, row.id, at, &event, error)
         && gw_audit_write (store, current, "transition", object, detail, error);
}

/**
 * gw_case_advance:
 *
 * Returns: %TRUE if the case moved on (and its event is in the history);
 *   %FALSE with nothing written otherwise
 */
gboolean
gw_case_advance (GwStore       *store,
                 GwUser        *user,
                 gint64         case_id,
                 GwCaseAction   action,
                 const char    *reason,
                 int            satisfaction,
                 gint64         expected_version,
                 GError       **error)
{
  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (GW_IS_USER (user), FALSE);
  g_return_val_if_fail (action < GW_CASE_N_ACTIONS, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!gw_store_begin (store, error))
    return FALSE;
  if (!apply_transition (store, user, case_id, action, reason, satisfaction, expected_version,
                         error)
      || !gw_store_commit (store, error))
    {
      gw_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Rerouting */

typedef struct
{
  gint64      grid_id;
  gint64      worker_id;
  gint64      department_id;
  const char *scope;          /* NULL: as rerouting decides */
} Assignment;

static gboolean
grid_code (GwStore  *store,
           gint64    grid_id,
           char    **code,
           GError  **error)
{
  return lookup_text (store, "SELECT code FROM grids WHERE id = ?", grid_id, code, error);
}

/* Where @target puts the case of @row; checks that the target exists and
 * that @user may send cases there. */
static gboolean
resolve_target (GwStore                *store,
                GwUser                 *user,
                const CaseRow          *row,
                const GwRerouteTarget  *target,
                Assignment             *assignment,
                GError                **error)
{
  g_autofree char *name = NULL;

  assignment->grid_id = row->grid_id;
  assignment->worker_id = 0;
  assignment->department_id = 0;
  assignment->scope = NULL;

  switch (target->kind)
    {
    case GW_REROUTE_TO_WORKER:
      {
        gboolean serves = FALSE;

        if (!worker_name (store, target->id, &name, error))
          return FALSE;
        if (name == NULL)
          {
            g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
                         _("There is no worker %" PRId64), target->id);
            return FALSE;
          }
        if (!worker_serves_grid (store, target->id, row->grid_id, &serves, error))
          return FALSE;
        if (!serves)
          {
            g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                         _("Case %s: %s is not in the team of grid %s; move the case to their "
                           "grid instead"), row->code, name, row->grid_code);
            return FALSE;
          }
        assignment->worker_id = target->id;
        return TRUE;
      }

    case GW_REROUTE_TO_DEPARTMENT:
      if (!department_name (store, target->id, &name, error))
        return FALSE;
      if (name == NULL)
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
                       _("There is no department %" PRId64), target->id);
          return FALSE;
        }
      assignment->department_id = target->id;
      return TRUE;

    case GW_REROUTE_TO_GRID:
      {
        g_autofree char *code = NULL;

        if (!grid_code (store, target->id, &code, error))
          return FALSE;
        if (code == NULL)
          {
            g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
                         _("There is no grid %" PRId64), target->id);
            return FALSE;
          }
        if (!gw_user_can_act_in_grid (user, target->id))
          {
            g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                         _("Case %s: %s is grid staff and may not send cases to grid %s, which "
                           "is not theirs"), row->code, user->name, code);
            return FALSE;
          }
        if (!first_worker (store, target->id, &assignment->worker_id, error))
          return FALSE;
        if (assignment->worker_id == 0)
          {
            g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                         _("Case %s cannot move to grid %s: the grid has no responsible workers"),
                         row->code, code);
            return FALSE;
          }
        assignment->grid_id = target->id;
        return TRUE;
      }

    default:
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("Unknown kind of reroute target"));
      return FALSE;
    }
}

/* Moves the case of @row to @assignment: checks the user and the status,
 * writes the row, the event and the audit log. Inside a transaction. */
static GwReroute *
apply_reroute (GwStore           *store,
               GwUser            *current,
               CaseRow           *row,
               const Assignment  *assignment,
               const char        *reason,
               GError           **error)
{
  g_autoptr (GwReroute) reroute = g_new0 (GwReroute, 1);
  g_autofree char *object = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *at = now_text ();
  EventRow event = { 0 };
  g_autofree char *what = g_strdup_printf (_("Case %s"), row->code);

  if (current->role == GW_ROLE_PLANNER)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                   _("%s: %s is a planner; planners cannot change cases"), what, current->name);
      return NULL;
    }
  if (!gw_user_can_act_in_grid (current, row->grid_id))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                   _("%s: %s is grid staff and may only act in their own grids, not in grid %s"),
                   what, current->name, row->grid_code);
      return NULL;
    }
  if (!g_strv_contains (reroutable_statuses, row->status))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s is %s and can no longer be rerouted"), what,
                   gw_case_status_label (row->status));
      return NULL;
    }

  reroute->case_id = row->id;
  reroute->case_code = g_strdup (row->code);
  reroute->from_grid_id = row->grid_id;
  reroute->from_worker_id = row->worker_id;
  reroute->from_department_id = row->department_id;
  reroute->from_scope = g_strdup (row->scope);
  reroute->from_grid_code = g_strdup (row->grid_code);
  reroute->from_assignee = assignee_name (store, row->worker_id, row->department_id, error);
  if (reroute->from_assignee == NULL)
    return NULL;

  if (assignment->grid_id == row->grid_id && assignment->worker_id == row->worker_id
      && assignment->department_id == row->department_id)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s is already with %s in grid %s"), what,
                   reroute->from_assignee[0] != '\0' ? reroute->from_assignee : _("nobody"),
                   row->grid_code);
      return NULL;
    }

  row->grid_id = assignment->grid_id;
  row->worker_id = assignment->worker_id;
  row->department_id = assignment->department_id;
  g_free (row->scope);
  if (assignment->scope != NULL)
    row->scope = g_strdup (assignment->scope);
  else if (assignment->department_id != 0)
    row->scope = g_strdup ("big");      /* escalated: a big matter (seed 002) */
  else if (g_strcmp0 (reroute->from_scope, "big") == 0)
    row->scope = g_strdup ("small");    /* back in the community */
  else
    row->scope = g_strdup (reroute->from_scope);

  reroute->to_grid_id = row->grid_id;
  reroute->to_worker_id = row->worker_id;
  reroute->to_department_id = row->department_id;
  reroute->to_scope = g_strdup (row->scope);
  if (row->grid_id == reroute->from_grid_id)
    reroute->to_grid_code = g_strdup (row->grid_code);
  else if (!grid_code (store, row->grid_id, &reroute->to_grid_code, error))
    return NULL;
  reroute->to_assignee = assignee_name (store, row->worker_id, row->department_id, error);
  if (reroute->to_assignee == NULL)
    return NULL;

  event.kind = "reroute";
  event.from_status = row->status;
  event.to_status = row->status;
  event.from_assignee = reroute->from_assignee;
  event.to_assignee = reroute->to_assignee;
  event.reason = reason;
  if (reroute->from_grid_id != reroute->to_grid_id)
    {
      event.from_grid_id = reroute->from_grid_id;
      event.to_grid_id = reroute->to_grid_id;
    }
  event.from_worker_id = reroute->from_worker_id;
  event.to_worker_id = reroute->to_worker_id;
  event.from_department_id = reroute->from_department_id;
  event.to_department_id = reroute->to_department_id;

  object = g_strdup_printf ("case:%s", row->code);
  detail = g_strdup_printf ("%s %s → %s %s", reroute->from_grid_code, reroute->from_assignee,
                            reroute->to_grid_code, reroute->to_assignee);
  if (!write_case_row (store, row, error)
      || !write_event (store, current, row->id, at, &event, error)
      || !gw_audit_write (store, current, "reroute", object, detail, error))
    return NULL;
  reroute->version = row->version;
  return g_steal_pointer (&reroute);
}

static GPtrArray *
reroute_in_transaction (GwStore                *store,
                        GwUser                 *user,
                        const gint64           *case_ids,
                        const gint64           *expected_versions,
                        guint                   n_cases,
                        const GwRerouteTarget  *target,
                        const char             *reason,
                        GError                **error)
{
  g_autoptr (GPtrArray) reroutes = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_reroute_free);
  g_autoptr (GwUser) current = reload_user (store, user, error);

  if (current == NULL)
    return NULL;
  for (guint i = 0; i < n_cases; i++)
    {
      g_auto (CaseRow) row = { 0 };
      Assignment assignment;
      GwReroute *reroute;

      if (!read_case_row (store, case_ids[i], &row, error)
          || !check_version (&row, expected_versions != NULL ? expected_versions[i] : 0, error)
          || !resolve_target (store, current, &row, target, &assignment, error))
        return NULL;
      reroute = apply_reroute (store, current, &row, &assignment, reason, error);
      if (reroute == NULL)
        return NULL;
      g_ptr_array_add (reroutes, reroute);
    }
  return g_steal_pointer (&reroutes);
}

/**
 * gw_case_reroute_many:
 *
 * Returns: (transfer container) (element-type GwReroute): what changed, one
 *   per case, or %NULL with nothing written
 */
GPtrArray *
gw_case_reroute_many (GwStore                *store,
                      GwUser                 *user,
                      const gint64           *case_ids,
                      const gint64           *expected_versions,
                      guint                   n_cases,
                      const GwRerouteTarget  *target,
                      const char             *reason,
                      GError                **error)
{
  g_autoptr (GPtrArray) reroutes = NULL;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (GW_IS_USER (user), NULL);
  g_return_val_if_fail (case_ids != NULL || n_cases == 0, NULL);
  g_return_val_if_fail (target != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_cases == 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID, _("No case to reroute"));
      return NULL;
    }
  if (!gw_store_begin (store, error))
    return NULL;
  reroutes = reroute_in_transaction (store, user, case_ids, expected_versions, n_cases, target,
                                     reason, error);
  if (reroutes == NULL || !gw_store_commit (store, error))
    {
      gw_store_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&reroutes);
}

gboolean
gw_case_reroute (GwStore                *store,
                 GwUser                 *user,
                 gint64                  case_id,
                 const GwRerouteTarget  *target,
                 const char             *reason,
                 gint64                  expected_version,
                 GwReroute             **out,
                 GError                **error)
{
  g_autoptr (GPtrArray) reroutes = NULL;

  reroutes = gw_case_reroute_many (store, user, &case_id, &expected_version, 1, target, reason,
                                   error);
  if (reroutes == NULL)
    return FALSE;
  if (out != NULL)
    *out = g_ptr_array_steal_index (reroutes, 0);
  return TRUE;
}

/**
 * gw_case_reroute_undo:
 * @reroutes: (element-type GwReroute): what gw_case_reroute_many() returned
 *
 * Puts each case back where it was (grid, worker or department, scope), as
 * new reroute events, in one transaction. A case changed since the reroute
 * is a conflict and nothing is undone.
 */
gboolean
gw_case_reroute_undo (GwStore    *store,
                      GwUser     *user,
                      GPtrArray  *reroutes,
                      GError    **error)
{
  g_autoptr (GwUser) current = NULL;

  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (GW_IS_USER (user), FALSE);
  g_return_val_if_fail (reroutes != NULL, FALSE);

  if (!gw_store_begin (store, error))
    return FALSE;
  current = reload_user (store, user, error);
  if (current == NULL)
    {
      gw_store_rollback (store);
      return FALSE;
    }
  /* Last first, so that a case rerouted twice in the batch ends where it began. */
  for (guint i = reroutes->len; i-- > 0; )
    {
      const GwReroute *done = g_ptr_array_index (reroutes, i);
      g_auto (CaseRow) row = { 0 };
      g_autoptr (GwReroute) undone = NULL;
      Assignment back = {
        done->from_grid_id, done->from_worker_id, done->from_department_id, done->from_scope
      };

      if (!read_case_row (store, done->case_id, &row, error)
          || !check_version (&row, done->version, error))
        {
          gw_store_rollback (store);
          return FALSE;
        }
      if (back.grid_id != row.grid_id && !gw_user_can_act_in_grid (current, back.grid_id))
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                       _("Case %s: %s may not send cases to grid %s"), row.code, current->name,
                       done->from_grid_code);
          gw_store_rollback (store);
          return FALSE;
        }
      undone = apply_reroute (store, current, &row, &back, _("Undo of the previous reroute"),
                              error);
      if (undone == NULL)
        {
          gw_store_rollback (store);
          return FALSE;
        }
    }
  if (!gw_store_commit (store, error))
    {
      gw_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* New cases */

gint64
gw_case_grid_at (GwStore  *store,
                 double    lon,
                 double    lat,
                 GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 grid_id = 0;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), 0);

  /* SQLite never uses the R*Tree by itself: SpatialIndex narrows to the
   * grids whose box holds the point, then the exact test. */
  stmt = gw_store_prepare_cached (store,
      "SELECT g.id FROM grids g "
      " WHERE g.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'grids' "
      "                     AND f_geometry_column = 'geom' "
      "                     AND search_frame = MakePoint (?1, ?2, 4490)) "
      "   AND ST_Intersects (g.geom, MakePoint (?1, ?2, 4490)) = 1 "
      " ORDER BY g.id LIMIT 1",
      error);
  if (stmt == NULL
      || !gw_store_check_bind (store, sqlite3_bind_double (stmt, 1, lon), error)
      || !gw_store_check_bind (store, sqlite3_bind_double (stmt, 2, lat), error))
    return 0;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    grid_id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not find the grid of a point"));
      return 0;
    }
  sqlite3_reset (stmt);
  return grid_id;
}

static gboolean
next_case_code (GwStore    *store,
                GDateTime  *now,
                char      **code,
                GError    **error)
{
  g_autofree char *pattern = g_strdup_printf ("NX%04d-%%", g_date_time_get_year (now));
  sqlite3_stmt *stmt;
  gint64 last = 0;

  stmt = gw_store_prepare_cached (store,
                                  "SELECT coalesce (max (CAST (substr (code, 8) AS INTEGER)), 0) "
                                  "  FROM cases WHERE code LIKE ?",
                                  error);
  if (stmt == NULL || !gw_store_bind_text (store, stmt, 1, pattern, error))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      gw_store_set_sql_error (store, error, _("Could not number a new case"));
      return FALSE;
    }
  last = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  *code = g_strdup_printf ("NX%04d-%06" PRId64, g_date_time_get_year (now), last + 1);
  return TRUE;
}

static gboolean
validate_new_case (const GwCaseNew  *fields,
                   GError          **error)
{
  static const char * const tiers[] = { "A", "B", "C", NULL };
  static const char * const scopes[] = { "private", "small", "big", NULL };
  static const char * const sources[] = {
    "building_leader", "patrol", "hotline", "qr_code", "mailbox", "walk_in", NULL
  };

  if (fields->category == NULL || !g_strv_contains (gw_case_categories, fields->category))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("“%s” is not a case category"), fields->category ? fields->category : "");
      return FALSE;
    }
  if (fields->tier == NULL || !g_strv_contains (tiers, fields->tier))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("A case's tier is A, B or C, not “%s”"), fields->tier ? fields->tier : "");
      return FALSE;
    }
  if (fields->scope != NULL && !g_strv_contains (scopes, fields->scope))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("“%s” is not a case scope"), fields->scope);
      return FALSE;
    }
  if (fields->source != NULL && !g_strv_contains (sources, fields->source))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("“%s” is not a case source"), fields->source);
      return FALSE;
    }
  if (fields->description == NULL || g_utf8_strlen (fields->description, -1) < 2)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("A new case needs a description of the problem"));
      return FALSE;
    }
  return TRUE;
}

static gint64
create_in_transaction (GwStore          *store,
                       GwUser           *user,
                       const GwCaseNew  *fields,
                       GError          **error)
{
  g_autoptr (GDateTime) now = gw_now ();
  g_autofree char *at = gw_format_timestamp (now);
  g_autofree char *code = NULL;
  g_autofree char *deadline = NULL;
  g_autofree char *object = NULL;
  g_autofree char *place = NULL;
  sqlite3_stmt *stmt;
  EventRow event = { 0 };
  gint64 grid_id, case_id;

  grid_id = gw_case_grid_at (store, fields->lon, fields->lat, error);
  if (grid_id == 0)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                     _("There is no grid at %.6f, %.6f; a case must lie in a grid"),
                     fields->lon, fields->lat);
      return 0;
    }
  if (!grid_code (store, grid_id, &place, error))
    return 0;
  {
    g_autofree char *what = g_strdup_printf (_("New case in grid %s"), place);

    if (!gw_user_check_grid (store, user, grid_id, what, error))
      return 0;
  }
  if (!next_case_code (store, now, &code, error))
    return 0;
  deadline = compute_deadline (store, fields->tier, fields->category, now, error);
  if (deadline == NULL)
    return 0;

  stmt = gw_store_prepare_cached (store,
      "INSERT INTO cases (code, grid_id, category, subcategory, scope, tier, source, status, "
      "       description, reporter_name, reporter_phone, reported_at, deadline_at, geom) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'reported', ?8, ?9, ?10, ?11, ?12, "
      "        MakePoint (?13, ?14, 4490))",
      error);
  if (stmt == NULL
      || !gw_store_bind_text (store, stmt, 1, code, error)
      || !gw_store_bind_int64 (store, stmt, 2, grid_id, error)
      || !gw_store_bind_text (store, stmt, 3, fields->category, error)
      || !gw_store_bind_text (store, stmt, 4, fields->subcategory != NULL ? fields->subcategory : "", error)
      || !gw_store_bind_text (store, stmt, 5, fields->scope != NULL ? fields->scope : "small", error)
      || !gw_store_bind_text (store, stmt, 6, fields->tier, error)
      || !gw_store_bind_text (store, stmt, 7, fields->source != NULL ? fields->source : "walk_in", error)
      || !gw_store_bind_text (store, stmt, 8, fields->description, error)
      || !gw_store_bind_text (store, stmt, 9, fields->reporter_name, error)
      || !gw_store_bind_text (store, stmt, 10, fields->reporter_phone, error)
      || !gw_store_bind_text (store, stmt, 11, at, error)
      || !gw_store_bind_text (store, stmt, 12, deadline, error)
      || !gw_store_check_bind (store, sqlite3_bind_double (stmt, 13, fields->lon), error)
      || !gw_store_check_bind (store, sqlite3_bind_double (stmt, 14, fields->lat), error))
    return 0;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not write the new case"));
      sqlite3_reset (stmt);
      return 0;
    }
  sqlite3_reset (stmt);
  case_id = sqlite3_last_insert_rowid (gw_store_get_db (store));

  event.kind = "report";
  event.to_status = "reported";
  object = g_strdup_printf ("case:%s", code);
  if (!write_event (store, user, case_id, at, &event, error)
      || !gw_audit_write (store, user, "create", object, place, error))
    return 0;
  return case_id;
}

/**
 * gw_case_create:
 *
 * Returns: the new case's id (status "reported", with its "report" event and
 *   its deadline), or 0 with nothing written
 */
gint64
gw_case_create (GwStore          *store,
                GwUser           *user,
                const GwCaseNew  *fields,
                GError          **error)
{
  gint64 case_id;

  g_return_val_if_fail (GW_IS_STORE (store), 0);
  g_return_val_if_fail (GW_IS_USER (user), 0);
  g_return_val_if_fail (fields != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!validate_new_case (fields, error) || !gw_store_begin (store, error))
    return 0;
  case_id = create_in_transaction (store, user, fields, error);
  if (case_id == 0 || !gw_store_commit (store, error))
    {
      gw_store_rollback (store);
      return 0;
    }
  return case_id;
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
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
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

/* ------------------------------------------------------------------------ */
/* Loads */

GPtrArray *
gw_case_department_loads (GwStore    *store,
                          GDateTime  *now,
                          GError    **error)
{
  g_autoptr (GPtrArray) loads = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GDateTime) now_owned = NULL;
  g_autofree char *now_str = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  if (now == NULL)
    now = now_owned = gw_now ();
  now_str = gw_format_timestamp (now);

  stmt = gw_store_prepare_cached (store,
      /* Open cases are few beside the year's closed ones: count them once,
       * through the status index, rather than per department. */
      "SELECT d.id, d.name, d.level, d.phone, coalesce (o.n, 0), coalesce (o.overdue, 0) "
      "  FROM departments d LEFT JOIN "
      "       (SELECT department_id, count(*) AS n, "
      "               sum (deadline_at IS NOT NULL AND deadline_at < ?1) AS overdue "
      "          FROM cases WHERE status IN " GW_CASE_OPEN_STATUSES_SQL
      "           AND department_id IS NOT NULL GROUP BY department_id) o "
      "       ON o.department_id = d.id "
      " ORDER BY d.level <> 'district', d.id",
      error);
  if (stmt == NULL || !gw_store_bind_text (store, stmt, 1, now_str, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwDepartmentLoad *load = g_object_new (GW_TYPE_DEPARTMENT_LOAD, NULL);

      load->id = sqlite3_column_int64 (stmt, 0);
      load->name = gw_store_column_dup (stmt, 1);
      load->level = gw_store_column_dup (stmt, 2);
      load->phone = gw_store_column_dup (stmt, 3);
      load->n_open_cases = sqlite3_column_int64 (stmt, 4);
      load->n_overdue_cases = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (loads, load);
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the departments"));
      return NULL;
    }
  return g_steal_pointer (&loads);
}

GPtrArray *
gw_case_grid_loads (GwStore    *store,
                    GDateTime  *now,
                    GError    **error)
{
  g_autoptr (GPtrArray) loads = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GDateTime) now_owned = NULL;
  g_autofree char *now_str = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  if (now == NULL)
    now = now_owned = gw_now ();
  now_str = gw_format_timestamp (now);

  stmt = gw_store_prepare_cached (store,
      "SELECT g.id, g.code, g.name, c.name, "
      "       coalesce ((SELECT w.name FROM grid_workers gw JOIN workers w ON w.id = gw.worker_id "
      "                   WHERE gw.grid_id = g.id" FIRST_WORKER_ORDER "), ''), "
      "       coalesce (o.n, 0), coalesce (o.overdue, 0) "
      "  FROM grids g JOIN communities c ON c.id = g.community_id "
      "  LEFT JOIN (SELECT grid_id, count(*) AS n, "
      "                    sum (deadline_at IS NOT NULL AND deadline_at < ?1) AS overdue "
      "               FROM cases WHERE status IN " GW_CASE_OPEN_STATUSES_SQL
      "              GROUP BY grid_id) o ON o.grid_id = g.id "
      " ORDER BY g.code",
      error);
  if (stmt == NULL || !gw_store_bind_text (store, stmt, 1, now_str, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwGridLoad *load = g_object_new (GW_TYPE_GRID_LOAD, NULL);

      load->id = sqlite3_column_int64 (stmt, 0);
      load->code = gw_store_column_dup (stmt, 1);
      load->name = gw_store_column_dup (stmt, 2);
      load->community_name = gw_store_column_dup (stmt, 3);
      load->first_worker_name = gw_store_column_dup (stmt, 4);
      load->n_open_cases = sqlite3_column_int64 (stmt, 5);
      load->n_overdue_cases = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (loads, load);
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the grids"));
      return NULL;
    }
  return g_steal_pointer (&loads);
}

gint64
gw_case_worker_load (GwStore  *store,
                     gint64    worker_id,
                     GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 n = 0;

  g_return_val_if_fail (GW_IS_STORE (store), -1);

  stmt = gw_store_prepare_cached (store,
                                  "SELECT count(*) FROM cases WHERE worker_id = ? "
                                  "   AND status IN " GW_CASE_OPEN_STATUSES_SQL,
                                  error);
  if (stmt == NULL || !gw_store_bind_int64 (store, stmt, 1, worker_id, error))
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      gw_store_set_sql_error (store, error, _("Could not count the cases of a worker"));
      return -1;
    }
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}
