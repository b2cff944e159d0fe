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
      " WHERE g.retired_at IS NULL "
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
