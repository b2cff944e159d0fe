/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-user"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "gw-store-private.h"
#include "gw-user.h"
#include "gw-util.h"

G_DEFINE_FINAL_TYPE (GwUser, gw_user, G_TYPE_OBJECT)

static void
gw_user_finalize (GObject *object)
{
  GwUser *self = GW_USER (object);

  g_free (self->login);
  g_free (self->name);
  g_clear_pointer (&self->grid_ids, g_array_unref);
  G_OBJECT_CLASS (gw_user_parent_class)->finalize (object);
}

static void
gw_user_class_init (GwUserClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_user_finalize;
}

static void
gw_user_init (GwUser *self)
{
  self->grid_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static const struct
{
  const char *key;
  const char *label;
} roles[] = {
  [GW_ROLE_PLANNER] = { "planner", N_("Planner") },
  [GW_ROLE_SUPERVISOR] = { "supervisor", N_("Supervisor") },
  [GW_ROLE_STAFF] = { "staff", N_("Grid staff") },
};

const char *
gw_role_key (GwRole role)
{
  g_return_val_if_fail (role < G_N_ELEMENTS (roles), "");

  return roles[role].key;
}

const char *
gw_role_label (GwRole role)
{
  g_return_val_if_fail (role < G_N_ELEMENTS (roles), "");

  return _(roles[role].label);
}

gboolean
gw_role_from_key (const char *key,
                  GwRole     *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_strcmp0 (roles[i].key, key) == 0)
      {
        *role = (GwRole) i;
        return TRUE;
      }
  return FALSE;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 ia = *(const gint64 *) a, ib = *(const gint64 *) b;

  return (ia > ib) - (ia < ib);
}

/* Fills the grids of @user from user_grids. */
static gboolean
load_grids (GwStore  *store,
            GwUser   *user,
            GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = gw_store_prepare_cached (store,
                                  "SELECT grid_id FROM user_grids WHERE user_id = ? ORDER BY grid_id",
                                  error);
  if (stmt == NULL
      || !gw_store_check_bind (store, sqlite3_bind_int64 (stmt, 1, user->id), error))
    return FALSE;
  g_array_set_size (user->grid_ids, 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 grid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (user->grid_ids, grid);
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the grids of a user"));
      return FALSE;
    }
  return TRUE;
}

static GwUser *
user_from_row (GwStore       *store,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  g_autoptr (GwUser) user = g_object_new (GW_TYPE_USER, NULL);
  const char *role = (const char *) sqlite3_column_text (stmt, 3);

  user->id = sqlite3_column_int64 (stmt, 0);
  user->login = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  user->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  user->worker_id = sqlite3_column_int64 (stmt, 4);
  if (!gw_role_from_key (role, &user->role))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("User “%s” has an unknown role “%s”"), user->login, role);
      return NULL;
    }
  return g_steal_pointer (&user);
}

static GwUser *
load_one (GwStore      *store,
          const char   *sql,
          const char   *login,
          gint64        user_id,
          GError      **error)
{
  sqlite3_stmt *stmt;
  g_autoptr (GwUser) user = NULL;
  int rc;

  stmt = gw_store_prepare_cached (store, sql, error);
  if (stmt == NULL)
    return NULL;
  if (login != NULL
      ? !gw_store_check_bind (store, sqlite3_bind_text (stmt, 1, login, -1, SQLITE_TRANSIENT), error)
      : !gw_store_check_bind (store, sqlite3_bind_int64 (stmt, 1, user_id), error))
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      if (login != NULL)
        g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
                     _("There is no user “%s” in %s"), login, gw_store_get_path (store));
      else
        g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
                     _("There is no user %" PRId64 " in %s"), user_id,
                     gw_store_get_path (store));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      gw_store_set_sql_error (store, error, _("Could not read a user"));
      return NULL;
    }
  user = user_from_row (store, stmt, error);
  sqlite3_reset (stmt);
  if (user == NULL || !load_grids (store, user, error))
    return NULL;
  return g_steal_pointer (&user);
}

/**
 * gw_user_load:
 * @login: the user's login, e.g. "supervisor" or "staff1"
 *
 * Returns: (transfer full): the user with their role and grids, or %NULL with
 *   %GW_STORE_ERROR_NOT_FOUND
 */
GwUser *
gw_user_load (GwStore     *store,
              const char  *login,
              GError     **error)
{
  const char *server_login;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (login != NULL, NULL);

  /* On the district server the signed-in role decides who acts: "" means
   * that user, and nobody else may be named. */
  server_login = gw_store_get_server_login (store);
  if (server_login != NULL)
    {
      if (*login != '\0' && strcmp (login, server_login) != 0)
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                       _("On the server %s you sign in as %s; you cannot act as %s"),
                       gw_store_get_server (store), server_login, login);
          return NULL;
        }
      login = server_login;
    }
  return load_one (store,
                   "SELECT id, login, name, role, coalesce (worker_id, 0) FROM users WHERE login = ?",
                   login, 0, error);
}

GwUser *
gw_user_load_by_id (GwStore  *store,
                    gint64    user_id,
                    GError  **error)
{
  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  return load_one (store,
                   "SELECT id, login, name, role, coalesce (worker_id, 0) FROM users WHERE id = ?",
                   NULL, user_id, error);
}

static int
compare_users (gconstpointer a,
               gconstpointer b)
{
  static const int rank[] = { [GW_ROLE_SUPERVISOR] = 0, [GW_ROLE_STAFF] = 1, [GW_ROLE_PLANNER] = 2 };
  const GwUser *ua = *(GwUser * const *) a;
  const GwUser *ub = *(GwUser * const *) b;

  if (rank[ua->role] != rank[ub->role])
    return rank[ua->role] - rank[ub->role];
  return g_strcmp0 (ua->login, ub->login);
}

/**
 * gw_user_list:
 *
 * Returns: (transfer container) (element-type GwUser): every user, for the
 *   user picker
 */
GPtrArray *
gw_user_list (GwStore  *store,
              GError  **error)
{
  g_autoptr (GPtrArray) users = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  stmt = gw_store_prepare (store,
                           "SELECT id, login, name, role, coalesce (worker_id, 0) FROM users",
                           error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwUser *user = user_from_row (store, stmt, error);

      if (user == NULL)
        return NULL;
      g_ptr_array_add (users, user);
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the users"));
      return NULL;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  for (guint i = 0; i < users->len; i++)
    if (!load_grids (store, g_ptr_array_index (users, i), error))
      return NULL;
  g_ptr_array_sort (users, compare_users);
  return g_steal_pointer (&users);
}

gboolean
gw_user_serves_grid (GwUser *user,
                     gint64  grid_id)
{
  g_return_val_if_fail (GW_IS_USER (user), FALSE);

  /* bsearch() on a NULL array is undefined even for no elements. */
  if (user->grid_ids->len == 0)
    return FALSE;
  return bsearch (&grid_id, user->grid_ids->data, user->grid_ids->len, sizeof (gint64),
                  compare_int64) != NULL;
}

gboolean
gw_user_can_act_on_cases (GwUser *user)
{
  g_return_val_if_fail (GW_IS_USER (user), FALSE);

  return user->role != GW_ROLE_PLANNER;
}

gboolean
gw_user_can_act_in_grid (GwUser *user,
                         gint64  grid_id)
{
  g_return_val_if_fail (GW_IS_USER (user), FALSE);

  switch (user->role)
    {
    case GW_ROLE_SUPERVISOR:
      return TRUE;
    case GW_ROLE_STAFF:
      return gw_user_serves_grid (user, grid_id);
    case GW_ROLE_PLANNER:
    default:
      return FALSE;
    }
}

gboolean
gw_user_can_see_contacts (GwUser *user)
{
  g_return_val_if_fail (GW_IS_USER (user), FALSE);

  /* The command centre calls reporters back; grid staff see residents'
   * contacts through their own household lists, not through cases. */
  return user->role == GW_ROLE_SUPERVISOR;
}

gboolean
gw_user_check_grid (GwStore     *store,
                    GwUser      *user,
                    gint64       grid_id,
                    const char  *what,
                    GError     **error)
{
  g_autoptr (GwUser) current = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (GW_IS_USER (user), FALSE);

  current = gw_user_load_by_id (store, user->id, &local_error);
  if (current == NULL)
    {
      if (g_error_matches (local_error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND))
        g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                     _("%s: user “%s” no longer exists"), what, user->login);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (gw_user_can_act_in_grid (current, grid_id))
    return TRUE;

  if (current->role == GW_ROLE_PLANNER)
    g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                 _("%s: %s is a planner; planners cannot change cases"), what, current->name);
  else
    g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                 _("%s: %s is grid staff and may only act in their own grids"), what,
                 current->name);
  return FALSE;
}

gboolean
gw_audit_write (GwStore     *store,
                GwUser      *user,
                const char  *action,
                const char  *object,
                const char  *detail,
                GError     **error)
{
  g_autoptr (GDateTime) now = gw_now ();
  g_autofree char *at = gw_format_timestamp (now);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GW_IS_STORE (store), FALSE);

  stmt = gw_store_prepare_cached (store,
                                  "INSERT INTO audit_log (at, user_id, action, object, detail) "
                                  "VALUES (?, ?, ?, ?, ?)",
                                  error);
  if (stmt == NULL
      || !gw_store_check_bind (store, sqlite3_bind_text (stmt, 1, at, -1, SQLITE_TRANSIENT), error)
      || !gw_store_check_bind (store, user != NULL ? sqlite3_bind_int64 (stmt, 2, user->id)
                                                   : sqlite3_bind_null (stmt, 2), error)
      || !gw_store_check_bind (store, sqlite3_bind_text (stmt, 3, action, -1, SQLITE_TRANSIENT), error)
      || !gw_store_check_bind (store, sqlite3_bind_text (stmt, 4, object, -1, SQLITE_TRANSIENT), error)
      || !gw_store_check_bind (store, sqlite3_bind_text (stmt, 5, detail != NULL ? detail : "", -1,
                                                         SQLITE_TRANSIENT), error))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not write the audit log"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}
