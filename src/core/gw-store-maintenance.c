/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-store-maintenance.h"
#include "gw-store-private.h"

/**
 * gw_store_copy_to:
 * @self: a #GwStore, not inside a transaction
 * @path: the new file; it must not exist yet
 * @error: return location for a #GError
 *
 * Writes a consistent copy of the whole project, what is still in the
 * write-ahead log included, to @path. This is SQLite's own online copy
 * (`VACUUM INTO`): it reads in one read transaction, so it is safe while
 * other connections (threads, windows, other programs) are open, reading
 * and writing; they are not blocked, and the copy is the file as it was
 * when the copy began. The copy is compacted on the way and is a Gridwork
 * file of the same schema version.
 *
 * Returns: %TRUE when the copy is complete
 */
gboolean
gw_store_copy_to (GwStore     *self,
                  const char  *path,
                  GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GW_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = gw_store_prepare (self, "VACUUM INTO ?1", error);
  if (stmt == NULL || !gw_store_bind_text (self, stmt, 1, path, error))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      g_autofree char *what = g_strdup_printf (_("Could not copy the project to “%s”"), path);

      gw_store_set_sql_error (self, error, what);
      return FALSE;
    }
  return TRUE;
}

/**
 * gw_store_clear_buildings:
 * @self: a #GwStore
 * @error: return location for a #GError
 *
 * Deletes every building and what hangs on it (dwellings, households,
 * residents with their tags, visits) in one transaction; lots, grids and
 * cases stay. For a copy into which buildings are imported afresh, as the
 * import benchmark does.
 *
 * Returns: %TRUE when everything was deleted, %FALSE (and nothing deleted)
 *   on error
 */
gboolean
gw_store_clear_buildings (GwStore  *self,
                          GError  **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!gw_store_begin (self, error))
    return FALSE;
  if (!gw_store_exec (self,
                      "DELETE FROM resident_tags; DELETE FROM residents; DELETE FROM visits;"
                      " DELETE FROM households; DELETE FROM dwellings; DELETE FROM buildings;",
                      error))
    {
      gw_store_rollback (self);
      return FALSE;
    }
  return gw_store_commit (self, error);
}
