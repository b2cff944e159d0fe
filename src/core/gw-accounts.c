/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-accounts"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "gw-accounts.h"
#include "gw-store-private.h"
#include "gw-util.h"

/* libsodium must be initialised once before any hashing; it is thread-safe
 * and idempotent, but only its first call does work. */
static gboolean
sodium_ready (GError **error)
{
  static gsize ready = 0;

  if (g_once_init_enter (&ready))
    {
      int rc = sodium_init ();

      g_once_init_leave (&ready, rc >= 0 ? 1 : 2);
    }
  if (ready == 1)
    return TRUE;
  g_set_error_literal (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN,
                       _("The password library (libsodium) could not start"));
  return FALSE;
}

/**
 * gw_password_check:
 * @password: a password a user chose
 * @error: a #GError
 *
 * Returns: %TRUE if @password is long enough; else %FALSE with
 *   %GW_STORE_ERROR_INVALID saying why
 */
gboolean
gw_password_check (const char  *password,
                   GError     **error)
{
  if (password == NULL || g_utf8_strlen (password, -1) < GW_PASSWORD_MIN_LENGTH)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The password is too short: use at least %d character",
                                "The password is too short: use at least %d characters",
                                GW_PASSWORD_MIN_LENGTH),
                   GW_PASSWORD_MIN_LENGTH);
      return FALSE;
    }
  return TRUE;
}

/* A crypto_pwhash string (Argon2id): the salt and the cost are inside it. */
static char *
hash_password (const char  *password,
               GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (!sodium_ready (error))
    return NULL;
  if (crypto_pwhash_str (hash, password, strlen (password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error_literal (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN,
                           _("Could not protect the password: out of memory"));
      return NULL;
    }
  return g_strdup (hash);
}

static gboolean
login_valid (const char *login)
{
  gsize len = login != NULL ? strlen (login) : 0;

  if (len < 2 || len > 32)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (login[i]) && login[i] != '.' && login[i] != '_' && login[i] != '-')
      return FALSE;
  return TRUE;
}

/**
 * gw_street_code_valid:
 * @code: a street code
 *
 * Returns: whether @code is 9 digits: the district's 6 and the street's 3
 */
gboolean
gw_street_code_valid (const char *code)
{
  if (code == NULL || strlen (code) != 9)
    return FALSE;
  for (int i = 0; i < 9; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;
  return TRUE;
}

static gboolean
grid_id_of (GwStore     *store,
            const char  *code,
            gint64      *grid_id,
            GError     **error)
{
  sqlite3_stmt *stmt = gw_store_prepare_cached (store, "SELECT id FROM grids WHERE code = ?",
                                                error);
  int rc;

  if (stmt == NULL || !gw_store_bind_text (store, stmt, 1, code, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  *grid_id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not find a grid"));
      return FALSE;
    }
  if (*grid_id == 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
                   _("There is no grid %s in %s"), code, gw_store_get_path (store));
      return FALSE;
    }
  return TRUE;
}

static gint64
insert_user (GwStore          *store,
             const GwUserNew  *fields,
             const char       *hash,
             GError          **error)
{
  sqlite3_stmt *stmt;
  gint64 user_id;

  stmt = gw_store_prepare_cached (store,
                                  "INSERT INTO users (login, name, role, password_hash) "
                                  "VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL
      || !gw_store_bind_text (store, stmt, 1, fields->login, error)
      || !gw_store_bind_text (store, stmt, 2,
                              fields->name != NULL && *fields->name != '\0' ? fields->name
                                                                             : fields->login,
                              error)
      || !gw_store_bind_text (store, stmt, 3, gw_role_key (fields->role), error)
      || !gw_store_bind_text (store, stmt, 4, hash, error))
    return 0;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      int code = sqlite3_extended_errcode (sqlite3_db_handle (stmt));

      sqlite3_reset (stmt);
      if (code == SQLITE_CONSTRAINT_UNIQUE)
        g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                     _("There is already a user “%s” in %s"), fields->login,
                     gw_store_get_path (store));
      else
        gw_store_set_sql_error (store, error, _("Could not add the user"));
      return 0;
    }
  sqlite3_reset (stmt);
  user_id = sqlite3_last_insert_rowid (sqlite3_db_handle (stmt));

  for (guint i = 0; fields->grid_codes != NULL && fields->grid_codes[i] != NULL; i++)
    {
      sqlite3_stmt *grid;
      gint64 grid_id;

      if (!grid_id_of (store, fields->grid_codes[i], &grid_id, error))
        return 0;
      grid = gw_store_prepare_cached (store,
                                      "INSERT OR IGNORE INTO user_grids (user_id, grid_id) "
                                      "VALUES (?, ?)", error);
      if (grid == NULL
          || !gw_store_bind_int64 (store, grid, 1, user_id, error)
          || !gw_store_bind_int64 (store, grid, 2, grid_id, error))
        return 0;
      if (sqlite3_step (grid) != SQLITE_DONE)
        {
          sqlite3_reset (grid);
          gw_store_set_sql_error (store, error, _("Could not give the user their grids"));
          return 0;
        }
      sqlite3_reset (grid);
    }
  return user_id;
}

/**
 * gw_user_add:
 * @store: a #GwStore
 * @acting: (nullable): who adds the account — a supervisor; %NULL only for
 *   the first supervisor of a new project (gw_project_create())
 * @fields: the account
 * @error: a #GError
 *
 * Adds an account in one transaction with its audit row. Refused with a
 * message naming the login: a bad login, a short password, grids for a role
 * that has none, an unknown grid, a login already taken, or an acting user
 * who is not a supervisor.
 *
 * Returns: the new user's id, or 0
 */
gint64
gw_user_add (GwStore          *store,
             GwUser           *acting,
             const GwUserNew  *fields,
             GError          **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *object = NULL;
  gint64 user_id;

  g_return_val_if_fail (GW_IS_STORE (store), 0);
  g_return_val_if_fail (fields != NULL, 0);
  g_return_val_if_fail (acting == NULL || GW_IS_USER (acting), 0);

  if (!login_valid (fields->login))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("“%s” cannot be a login: use 2 to 32 letters, digits, '.', '_' or '-'"),
                   fields->login != NULL ? fields->login : "");
      return 0;
    }
  if (acting != NULL && acting->role != GW_ROLE_SUPERVISOR)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                   _("Only supervisors may add users; %s is not one"), acting->name);
      return 0;
    }
  if (fields->role != GW_ROLE_STAFF && fields->grid_codes != NULL && fields->grid_codes[0] != NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("User “%s”: only grid staff are given grids"), fields->login);
      return 0;
    }
  if (fields->password != NULL)
    {
      if (!gw_password_check (fields->password, error))
        {
          g_prefix_error (error, _("User “%s”: "), fields->login);
          return 0;
        }
      hash = hash_password (fields->password, error);
      if (hash == NULL)
        return 0;
    }

  if (!gw_store_begin (store, error))
    return 0;
  object = g_strdup_printf ("user:%s", fields->login);
  user_id = insert_user (store, fields, hash, error);
  if (user_id == 0
      || !gw_audit_write (store, acting, "user_add", object, gw_role_key (fields->role), error)
      || !gw_store_commit (store, error))
    {
      gw_store_rollback (store);
      return 0;
    }
  return user_id;
}

static gboolean
read_hash (GwStore     *store,
           const char  *login,
           char       **hash,
           GError     **error)
{
  sqlite3_stmt *stmt = gw_store_prepare_cached (store,
                                                "SELECT password_hash FROM users WHERE login = ?",
                                                error);
  int rc;

  if (stmt == NULL || !gw_store_bind_text (store, stmt, 1, login, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *hash = gw_store_column_dup_nullable (stmt, 0);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
                   _("There is no user “%s” in %s"), login, gw_store_get_path (store));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      gw_store_set_sql_error (store, error, _("Could not read a user"));
      return FALSE;
    }
  return TRUE;
}

/**
 * gw_user_needs_password:
 *
 * Whether @login signs in with a password (every account but the demo's and
 * those a script added without one).
 */
gboolean
gw_user_needs_password (GwStore     *store,
                        const char  *login,
                        gboolean    *needs,
                        GError     **error)
{
  g_autofree char *hash = NULL;

  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);

  if (!read_hash (store, login, &hash, error))
    return FALSE;
  *needs = hash != NULL;
  return TRUE;
}

/**
 * gw_user_sign_in:
 * @store: a #GwStore
 * @login: who signs in
 * @password: (nullable): their password; %NULL for an account without one
 * @error: a #GError
 *
 * Checks the password (in constant time, by libsodium) and records the
 * sign-in: its time on the account, and an audit row for a refused one too.
 *
 * Returns: (transfer full): the user, or %NULL with %GW_STORE_ERROR_DENIED
 *   ("wrong password") or %GW_STORE_ERROR_NOT_FOUND
 */
GwUser *
gw_user_sign_in (GwStore     *store,
                 const char  *login,
                 const char  *password,
                 GError     **error)
{
  g_autofree char *hash = NULL;
  g_autofree char *object = NULL;
  g_autoptr (GwUser) user = NULL;
  g_autoptr (GDateTime) now = gw_now ();
  g_autofree char *at = gw_format_timestamp (now);
  sqlite3_stmt *stmt;
  gboolean accepted;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (login != NULL, NULL);

  if (!read_hash (store, login, &hash, error))
    return NULL;
  if (hash == NULL)
    accepted = TRUE;
  else if (password == NULL || !sodium_ready (error))
    accepted = FALSE;
  else
    accepted = crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
  user = gw_user_load (store, login, error);
  if (user == NULL)
    return NULL;

  object = g_strdup_printf ("user:%s", login);
  if (!gw_store_begin (store, error))
    return NULL;
  stmt = gw_store_prepare_cached (store, "UPDATE users SET last_sign_in_at = ? WHERE login = ?",
                                  error);
  if (!gw_audit_write (store, accepted ? user : NULL, accepted ? "sign_in" : "sign_in_refused",
                       object, "", error)
      || (accepted && (stmt == NULL
                       || !gw_store_bind_text (store, stmt, 1, at, error)
                       || !gw_store_bind_text (store, stmt, 2, login, error)
                       || sqlite3_step (stmt) != SQLITE_DONE))
      || !gw_store_commit (store, error))
    {
      if (stmt != NULL)
        sqlite3_reset (stmt);
      gw_store_rollback (store);
      if (error != NULL && *error == NULL)
        gw_store_set_sql_error (store, error, _("Could not record the sign-in"));
      return NULL;
    }
  sqlite3_reset (stmt);
  if (!accepted)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                   _("Wrong password for “%s”"), login);
      return NULL;
    }
  return g_steal_pointer (&user);
}

/**
 * gw_user_last_sign_in:
 *
 * Returns: (transfer full) (nullable): the login that signed in last, to be
 *   offered first
 */
char *
gw_user_last_sign_in (GwStore *store)
{
  sqlite3_stmt *stmt;
  char *login = NULL;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  stmt = gw_store_prepare_cached (store,
                                  "SELECT login FROM users WHERE last_sign_in_at IS NOT NULL "
                                  "ORDER BY last_sign_in_at DESC, id LIMIT 1", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    login = gw_store_column_dup (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return login;
}
