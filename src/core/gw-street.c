/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-street"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-store-private.h"
#include "gw-street.h"

void
gw_street_free (GwStreet *street)
{
  if (street == NULL)
    return;
  g_free (street->code);
  g_free (street->name);
  g_free (street->district_name);
  g_free (street);
}

/**
 * gw_street_list:
 * @store: a #GwStore
 * @error: return location for a #GError
 *
 * Returns: (transfer container): every street (#GwStreet), in id order,
 *   or %NULL on error
 */
GPtrArray *
gw_street_list (GwStore  *store,
                GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) streets = NULL;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = gw_store_prepare (store,
                           "SELECT id, code, name, district_name FROM streets ORDER BY id",
                           error);
  if (stmt == NULL)
    return NULL;

  streets = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_street_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwStreet *street = g_new0 (GwStreet, 1);

      street->id = sqlite3_column_int64 (stmt, 0);
      street->code = gw_store_column_dup (stmt, 1);
      street->name = gw_store_column_dup (stmt, 2);
      street->district_name = gw_store_column_dup (stmt, 3);
      g_ptr_array_add (streets, street);
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the streets"));
      return NULL;
    }
  return g_steal_pointer (&streets);
}

/**
 * gw_street_find_by_code:
 * @store: a #GwStore
 * @code: a street code (9 digits)
 * @id: (out): the street's id, 0 when there is none
 * @error: return location for a #GError
 *
 * Looks up a street by its code, as people type it.
 *
 * Returns: %TRUE when the lookup ran (found or not), %FALSE on error
 */
gboolean
gw_street_find_by_code (GwStore     *store,
                        const char  *code,
                        gint64      *id,
                        GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *id = 0;
  stmt = gw_store_prepare (store, "SELECT id FROM streets WHERE code = ?1", error);
  if (stmt == NULL || !gw_store_bind_text (store, stmt, 1, code, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not look up the street"));
      return FALSE;
    }
  return TRUE;
}
