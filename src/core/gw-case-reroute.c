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
/* Rerouting */

typedef struct
{
  gint64      grid_id;
  gint64      worker_id;
  gint64      department_id;
  const char *scope;          /* NULL: as rerouting decides */
} Assignment;

gboolean
gw_case_grid_code (GwStore  *store,
           gint64    grid_id,
           char    **code,
           GError  **error)
{
  return gw_case_lookup_text (store, "SELECT code FROM grids WHERE id = ?", grid_id, code, error);
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

        if (!gw_case_worker_name (store, target->id, &name, error))
          return FALSE;
        if (name == NULL)
          {
            g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_NOT_FOUND,
                         _("There is no worker %" PRId64), target->id);
            return FALSE;
          }
        if (!gw_case_worker_serves_grid (store, target->id, row->grid_id, &serves, error))
          return FALSE;
        if (!serves)
          {
            g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID,
                         _("Case %s: %s is not in the team of grid %s; move the case to their "
                           "grid instead"), row->code, name, row->grid_code);
            return FALSE;
          }
        assignment->worker_id = target->id;
        return TRUE;
      }

    case GW_REROUTE_TO_DEPARTMENT:
      if (!gw_case_department_name (store, target->id, &name, error))
        return FALSE;
      if (name == NULL)
        {
          g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_NOT_FOUND,
                       _("There is no department %" PRId64), target->id);
          return FALSE;
        }
      assignment->department_id = target->id;
      return TRUE;

    case GW_REROUTE_TO_GRID:
      {
        g_autofree char *code = NULL;

        if (!gw_case_grid_code (store, target->id, &code, error))
          return FALSE;
        if (code == NULL)
          {
            g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_NOT_FOUND,
                         _("There is no grid %" PRId64), target->id);
            return FALSE;
          }
        if (!gw_user_can_act_in_grid (user, target->id))
          {
            g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_DENIED,
                         _("Case %s: %s is grid staff and may not send cases to grid %s, which "
                           "is not theirs"), row->code, user->name, code);
            return FALSE;
          }
        if (!gw_case_first_worker (store, target->id, &assignment->worker_id, error))
          return FALSE;
        if (assignment->worker_id == 0)
          {
            g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID,
                         _("Case %s cannot move to grid %s: the grid has no responsible workers"),
                         row->code, code);
            return FALSE;
          }
        assignment->grid_id = target->id;
        return TRUE;
      }

    default:
      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID,
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
  g_autofree char *at = gw_case_now_text ();
  EventRow event = { 0 };
  g_autofree char *what = g_strdup_printf (_("Case %s"), row->code);

  if (current->role == GW_ROLE_PLANNER)
    {
      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_DENIED,
                   _("%s: %s is a planner; planners cannot change cases"), what, current->name);
      return NULL;
    }
  if (!gw_user_can_act_in_grid (current, row->grid_id))
    {
      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_DENIED,
                   _("%s: %s is grid staff and may only act in their own grids, not in grid %s"),
                   what, current->name, row->grid_code);
      return NULL;
    }
  if (!g_strv_contains (gw_case_reroutable_statuses, row->status))
    {
      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID,
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
  reroute->from_assignee = gw_case_assignee_name (store, row->worker_id, row->department_id, error);
  if (reroute->from_assignee == NULL)
    return NULL;

  if (assignment->grid_id == row->grid_id && assignment->worker_id == row->worker_id
      && assignment->department_id == row->department_id)
    {
      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID,
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
  else if (!gw_case_grid_code (store, row->grid_id, &reroute->to_grid_code, error))
    return NULL;
  reroute->to_assignee = gw_case_assignee_name (store, row->worker_id, row->department_id, error);
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
  if (!gw_case_row_write (store, row, error)
      || !gw_case_event_write (store, current, row->id, at, &event, error)
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
  g_autoptr (GwUser) current = gw_case_reload_user (store, user, error);

  if (current == NULL)
    return NULL;
  for (guint i = 0; i < n_cases; i++)
    {
      g_auto (CaseRow) row = { 0 };
      Assignment assignment;
      GwReroute *reroute;

      if (!gw_case_row_read (store, case_ids[i], &row, error)
          || !gw_case_check_version (&row, expected_versions != NULL ? expected_versions[i] : 0, error)
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
      g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_INVALID, _("No case to reroute"));
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
  current = gw_case_reload_user (store, user, error);
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

      if (!gw_case_row_read (store, done->case_id, &row, error)
          || !gw_case_check_version (&row, done->version, error))
        {
          gw_store_rollback (store);
          return FALSE;
        }
      if (back.grid_id != row.grid_id && !gw_user_can_act_in_grid (current, back.grid_id))
        {
          g_set_error (error, GW_CASE_ERROR, GW_CASE_ERROR_DENIED,
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
