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
#include "gw-wkb.h"
#include "gw-writer.h"

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
  const Transition *transition = &gw_case_transitions[action];
  g_auto (CaseRow) row = { 0 };
  g_autoptr (GwUser) current = NULL;
  g_autoptr (GDateTime) now = gw_now ();
  g_autofree char *at = gw_format_timestamp (now);
  g_autofree char *from_status = NULL;
  g_autofree char *assignee = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *object = NULL;
  EventRow event = { 0 };

  if (!gw_case_row_read (store, case_id, &row, error)
      || !gw_case_check_version (&row, expected_version, error))
    return FALSE;
  current = gw_case_reload_user (store, user, error);
  if (current == NULL
      || !gw_case_check_action (current, action, row.code, row.grid_id, row.grid_code, row.status,
                        row.tier, row.department_id, error))
    return FALSE;

  if (transition->needs & NEEDS_REASON)
    {
      /* Stripped on a copy: the caller's string is theirs. */
      g_autofree char *copy = g_strstrip (g_strdup (reason != NULL ? reason : ""));

      if (copy[0] == '\0')
        {
          g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID,
                       _("Case %s: “%s” needs a reason"), row.code, _(transition->label));
          return FALSE;
        }
    }
  if ((transition->needs & NEEDS_SATISFACTION) && (satisfaction < 1 || satisfaction > 5))
    {
      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID,
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
          if (!gw_case_first_worker (store, row.grid_id, &row.worker_id, error))
            return FALSE;
          if (row.worker_id == 0)
            {
              g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID,
                           _("Case %s cannot be dispatched: grid %s has no responsible workers; "
                             "reroute it first"), row.code, row.grid_code);
              return FALSE;
            }
        }
      assignee = gw_case_assignee_name (store, row.worker_id, row.department_id, error);
      if (assignee == NULL)
        return FALSE;
      event.to_assignee = assignee;
      event.to_worker_id = row.worker_id;
      event.to_department_id = row.department_id;
      break;

    case GW_CASE_ACTION_REPORT_PROGRESS:
      g_free (row.deadline_at);
      row.deadline_at = gw_case_compute_deadline (store, row.tier, row.category, now, error);
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
      row.deadline_at = gw_case_compute_deadline (store, row.tier, row.category, now, error);
      if (row.deadline_at == NULL)
        return FALSE;
      break;

    case GW_CASE_ACTION_DEPARTMENT_RETURN:
      /* 二次分流: the department says it is not theirs; the command centre
       * has to route it again, and the case keeps the mark. */
      assignee = gw_case_assignee_name (store, 0, row.department_id, error);
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
  return gw_case_row_write (store, &row, error)
         && gw_case_event_write (store, current, row.id, at, &event, error)
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
      "   AND g.retired_at IS NULL "
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
      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID,
                   _("“%s” is not a case category"), fields->category ? fields->category : "");
      return FALSE;
    }
  if (fields->tier == NULL || !g_strv_contains (tiers, fields->tier))
    {
      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID,
                   _("A case's tier is A, B or C, not “%s”"), fields->tier ? fields->tier : "");
      return FALSE;
    }
  if (fields->scope != NULL && !g_strv_contains (scopes, fields->scope))
    {
      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID,
                   _("“%s” is not a case scope"), fields->scope);
      return FALSE;
    }
  if (fields->source != NULL && !g_strv_contains (sources, fields->source))
    {
      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID,
                   _("“%s” is not a case source"), fields->source);
      return FALSE;
    }
  if (fields->description == NULL || g_utf8_strlen (fields->description, -1) < 2)
    {
      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID,
                   _("A new case needs a description of the problem"));
      return FALSE;
    }
  return TRUE;
}

/* The new case's row, through the core's writer, as every case is written. */
static gint64
write_case_row (GwStore          *store,
                const GwCaseNew  *fields,
                const char       *code,
                gint64            grid_id,
                const char       *at,
                const char       *deadline,
                GError          **error)
{
  g_autoptr (GwWriter) writer = gw_writer_new (store);
  g_autoptr (GwWkbBuilder) point = gw_wkb_builder_new ();
  g_autoptr (GError) local_error = NULL;
  GwCaseRow row = { 0 };
  gint64 case_id = 0;

  gw_wkb_builder_point (point, fields->lon, fields->lat);
  row.code = code;
  row.grid_id = grid_id;
  row.category = fields->category;
  row.subcategory = fields->subcategory != NULL ? fields->subcategory : "";
  row.scope = fields->scope != NULL ? fields->scope : "small";
  row.tier = fields->tier;
  row.source = fields->source != NULL ? fields->source : "walk_in";
  row.status = "reported";
  row.description = fields->description;
  row.reporter_name = fields->reporter_name;
  row.reporter_phone = fields->reporter_phone;
  row.reported_at = at;
  row.deadline_at = deadline;
  row.wkb = gw_wkb_builder_get_data (point, &row.wkb_len);
  if (!gw_writer_add_case (writer, &row, &case_id, &local_error))
    {
      /* A broken rule's message is the database's reason alone. */
      if (g_error_matches (local_error, GW_STORE_ERROR, GW_STORE_ERROR_CONSTRAINT))
        g_prefix_error (&local_error, _("Could not write the new case %s: "), code);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }
  return case_id;
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
  EventRow event = { 0 };
  gint64 grid_id, case_id;

  grid_id = gw_case_grid_at (store, fields->lon, fields->lat, error);
  if (grid_id == 0)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID,
                     _("There is no grid at %.6f, %.6f; a case must lie in a grid"),
                     fields->lon, fields->lat);
      return 0;
    }
  if (!gw_case_grid_code (store, grid_id, &place, error))
    return 0;
  {
    g_autofree char *what = g_strdup_printf (_("New case in grid %s"), place);
    g_autoptr (GError) refusal = NULL;

    /* A refusal of the workflow, like the other steps' (GW_CASE_ERROR). */
    if (!gw_user_check_grid (store, user, grid_id, what, &refusal))
      {
        if (g_error_matches (refusal, GW_STORE_ERROR, GW_STORE_ERROR_DENIED))
          g_set_error_literal (error, GW_CASE_ERROR, GW_CASE_ERROR_DENIED, refusal->message);
        else
          g_propagate_error (error, g_steal_pointer (&refusal));
        return 0;
      }
  }
  if (!next_case_code (store, now, &code, error))
    return 0;
  deadline = gw_case_compute_deadline (store, fields->tier, fields->category, now, error);
  if (deadline == NULL)
    return 0;

  case_id = write_case_row (store, fields, code, grid_id, at, deadline, error);
  if (case_id == 0)
    return 0;

  event.kind = "report";
  event.to_status = "reported";
  object = g_strdup_printf ("case:%s", code);
  if (!gw_case_event_write (store, user, case_id, at, &event, error)
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
