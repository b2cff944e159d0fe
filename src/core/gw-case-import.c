/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-case"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-case-import.h"
#include "gw-case-private.h"
#include "gw-util.h"

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
