/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-case"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <stdio.h>
#include <string.h>

#include "gw-case-import.h"
#include "gw-case-private.h"
#include "gw-domain.h"
#include "gw-util.h"

/* "a, b, c" of a NULL-terminated list, for a reason. */
static char *
joined (const char * const *words)
{
  return g_strjoinv (", ", (char **) words);
}

gboolean
gw_case_row_check (const GwCaseRow  *row,
                   GDateTime        *now,
                   char            **reason)
{
  int year, month, day, hour = 0, minute = 0, second = 0, n;
  char rest = 0;
  g_autoptr (GDateTime) reported = NULL;

  g_return_val_if_fail (row != NULL && now != NULL && reason != NULL, FALSE);

  if (!g_strv_contains (gw_case_categories, row->category))
    {
      g_autofree char *known = joined (gw_case_categories);

      *reason = g_strdup_printf (_("unknown category “%s” (known: %s)"), row->category, known);
      return FALSE;
    }
  if (!g_strv_contains (gw_case_sources, row->source))
    {
      g_autofree char *known = joined (gw_case_sources);

      *reason = g_strdup_printf (_("unknown source “%s” (known: %s)"), row->source, known);
      return FALSE;
    }
  if (!g_strv_contains (gw_case_statuses, row->status))
    {
      g_autofree char *known = joined (gw_case_statuses);

      *reason = g_strdup_printf (_("unknown status “%s” (known: %s)"), row->status, known);
      return FALSE;
    }
  n = sscanf (row->reported_at, "%4d-%2d-%2d %2d:%2d:%2d%c", &year, &month, &day, &hour, &minute,
              &second, &rest);
  if ((n != 3 && n != 5 && n != 6) || (n == 3 && strlen (row->reported_at) > 10) || year < 1900 || !g_date_valid_dmy (day, month, year)
      || (reported = g_date_time_new (gw_china_time_zone (), year, month, day, hour, minute,
                                      second)) == NULL)
    {
      *reason = g_strdup_printf (_("report time “%s” is not a date like 2026-11-20 09:30:00"),
                                 row->reported_at);
      return FALSE;
    }
  if (g_date_time_compare (reported, now) > 0)
    {
      *reason = g_strdup_printf (_("report time %s is in the future"), row->reported_at);
      return FALSE;
    }
  return TRUE;
}

/**
 * gw_case_import:
 * @writer: the writer of the import's load
 * @user: (nullable): who imports; %NULL until imports have an acting user
 *   (then nobody is checked and the history names nobody)
 * @row: the case as the file has it
 * @source: the file it comes from, for its history and the audit log
 * @case_id: (out): the new case
 *
 * An imported case goes through the case workflow like one reported in
 * Gridwork: @user must be allowed to act in its grid, and it gets its
 * creation event ("report", into the status it was imported with) and an
 * audit row, in the import's transaction.
 *
 * Returns: %TRUE when the case was written; %GW_STORE_ERROR_DENIED or
 *   %GW_STORE_ERROR_CONSTRAINT are the case's problem, not the import's
 */
gboolean
gw_case_import (GwWriter         *writer,
                GwUser           *user,
                const GwCaseRow  *row,
                const char       *source,
                gint64           *case_id,
                GError          **error)
{
  GwStore *store;
  g_autofree char *now = gw_case_now_text ();
  g_autofree char *name = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *object = NULL;
  EventRow event = { 0 };

  g_return_val_if_fail (writer != NULL && row != NULL && source != NULL, FALSE);
  g_return_val_if_fail (user == NULL || GW_IS_USER (user), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  store = gw_writer_get_store (writer);
  if (user != NULL)
    {
      g_autofree char *what = g_strdup_printf (_("Imported case %s"),
                                               row->code != NULL ? row->code : "");

      if (!gw_user_check_grid (store, user, row->grid_id, what, error))
        return FALSE;
    }
  if (!gw_writer_add_case (writer, row, case_id, error))
    return FALSE;

  name = g_path_get_basename (source);
  /* Translators: the reason of an imported case's first event; %s is a file name */
  reason = g_strdup_printf (_("imported from %s"), name);
  event.kind = "report";
  event.to_status = row->status;
  event.reason = reason;
  object = g_strdup_printf ("case:%s", row->code);
  return gw_case_event_write (store, user, *case_id, now, &event, error)
         && gw_audit_write (store, user, "import", object, name, error);
}
