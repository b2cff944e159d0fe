/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-remote"

/* The session extension's declarations (Debian's libsqlite3 is built with
 * it; sqlite3.h declares it only when asked). */
#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gw-pg-private.h"
#include "gw-remote-private.h"
#include "gw-store-private.h"

/* A working copy of a street on the district server (DESIGN.md "Storage").
 *
 * Every face of Gridwork reads and writes through a GwStore and its SQL;
 * on the server that store is a SpatiaLite copy of the street, as the
 * signed-in PostgreSQL role may read it (row-level security and the
 * masking views decide what comes down), kept in the user's cache folder.
 *
 * Writes go to the server first. gw_remote_begin() opens a server
 * transaction, takes the street's advisory lock (every writer of a street
 * holds it, 003-sync.sql), reads what others changed since the copy was
 * last brought up to date, and starts recording the local transaction with
 * SQLite's session extension. gw_remote_commit() turns the recorded
 * changes into the same rows on the server — each UPDATE and DELETE
 * conditional on the values the copy had (a row version where the table
 * has one), so a row someone changed meanwhile is a conflict, never a lost
 * update — and commits the server, then the copy. The server's own rules
 * (policies, grants) judge every row as the role's own SQL.
 *
 * Other users' changes come through change_log: a row per changed row,
 * and a NOTIFY "gridwork" naming the street, which the app listens for. */

struct _GwRemote
{
  GwPg            *pg;
  char            *location;        /* as given, for another connection */
  char            *password;        /* as given (in memory only), or NULL */
  char            *street_code;
  char            *street_literal;  /* quoted for COPY, which takes no parameters */
  char            *login;           /* the street's user this role signs in as */
  gint64           user_id;
  gint64           seq;             /* the last change_log row in the copy */
  sqlite3_session *session;
  GHashTable      *tables;          /* name → Table */
  sqlite3_stmt    *to_wkb;
};

typedef struct
{
  GPtrArray *names;
  GArray    *geometry;  /* gboolean per column */
  int        version;   /* the "version" column, or -1 */
  int        code;      /* the "code" column (how users name the row), or -1 */
} Table;

static void
table_free (gpointer data)
{
  Table *table = data;

  g_ptr_array_unref (table->names);
  g_array_unref (table->geometry);
  g_free (table);
}

void
gw_remote_free (GwRemote *self)
{
  if (self == NULL)
    return;
  if (self->session != NULL)
    sqlite3session_delete (self->session);
  g_clear_pointer (&self->to_wkb, sqlite3_finalize);
  g_clear_object (&self->pg);
  g_clear_pointer (&self->tables, g_hash_table_unref);
  g_free (self->location);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->street_code);
  g_free (self->street_literal);
  g_free (self->login);
  g_free (self);
}

/* {{{ Connecting */

/* Takes "street=CODE" out of @location (libpq refuses parameters it does
 * not know): a URI's query, or a word of a keyword string. */
static char *
split_street (const char  *location,
              char       **street)
{
  gboolean is_uri = g_str_has_prefix (location, "postgresql://")
                    || g_str_has_prefix (location, "postgres://");
  const char *query = is_uri ? strchr (location, '?') : NULL;
  g_auto (GStrv) parts = NULL;
  g_autoptr (GString) rest = NULL;
  const char *separator = is_uri ? "&" : " ";

  *street = NULL;
  if (is_uri && query == NULL)
    return g_strdup (location);
  rest = g_string_new (NULL);
  if (is_uri)
    g_string_append_len (rest, location, query - location);
  parts = g_strsplit (is_uri ? query + 1 : location, separator, -1);
  for (guint i = 0, kept = 0; parts[i] != NULL; i++)
    {
      if (g_str_has_prefix (parts[i], "street="))
        {
          g_free (*street);
          *street = g_uri_unescape_string (parts[i] + strlen ("street="), NULL);
          continue;
        }
      if (parts[i][0] == '\0')
        continue;
      g_string_append (rest, kept++ == 0 ? (is_uri ? "?" : "") : separator);
      g_string_append (rest, parts[i]);
    }
  return g_string_free (g_steal_pointer (&rest), FALSE);
}

/* Which street, and as which of its users, the role works in. */
static gboolean
choose_street (GwRemote     *self,
               const char   *wanted,
               GError      **error)
{
  g_autoptr (PGresult) result = NULL;
  g_autoptr (GString) codes = g_string_new (NULL);
  const char *display = gw_pg_get_display_name (self->pg);
  int row = -1;

  result = gw_pg_query (self->pg, "SELECT street_code, user_id, login FROM gridwork.gw_my_streets ()",
                        0, NULL, _("Could not read which streets you work in"), error);
  if (result == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (result); i++)
    {
      g_string_append_printf (codes, "%s%s", i > 0 ? ", " : "", PQgetvalue (result, i, 0));
      if (wanted == NULL ? PQntuples (result) == 1 : strcmp (wanted, PQgetvalue (result, i, 0)) == 0)
        row = i;
    }
  if (row < 0)
    {
      if (PQntuples (result) == 0)
        g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                     _("Your role on the server %s is no user of any street; ask the administrator "
                       "to sign you up (gridwork-cli server sign-up)"), display);
      else if (wanted == NULL)
        g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                     _("You work in several streets on the server %s (%s); add ?street=CODE to the "
                       "address"), display, codes->str);
      else
        g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                     _("Your role on the server %s is no user of street %s (only of %s)"),
                     display, wanted, codes->str);
      return FALSE;
    }
  self->street_code = g_strdup (PQgetvalue (result, row, 0));
  self->user_id = g_ascii_strtoll (PQgetvalue (result, row, 1), NULL, 10);
  self->login = g_strdup (PQgetvalue (result, row, 2));
  self->street_literal = PQescapeLiteral (gw_pg_get_conn (self->pg), self->street_code,
                                          strlen (self->street_code));
  if (self->street_literal == NULL)
    {
      gw_pg_set_error (self->pg, NULL, _("Could not quote the street code"), error);
      return FALSE;
    }
  /* PQescapeLiteral's memory is libpq's; keep a GLib copy. */
  {
    char *copy = g_strdup (self->street_literal);

    PQfreemem (self->street_literal);
    self->street_literal = copy;
  }
  return TRUE;
}

/* $XDG_CACHE_HOME/gridwork/servers/ROLE@HOST:PORT_DB/STREET.sqlite, in a
 * folder only the user may read (the copy holds households). */
static char *
cache_path_of (const char  *display_name,
               const char  *street_code,
               GError     **error)
{
  g_autofree char *server = g_strdup (display_name);
  g_autofree char *folder = NULL;
  g_autofree char *file = NULL;

  g_strdelimit (server, "/\\ =", '_');
  /* GRIDWORK_CACHE_DIR: where `bench-server` keeps its clients' copies. */
  folder = g_getenv ("GRIDWORK_CACHE_DIR") != NULL
           ? g_build_filename (g_getenv ("GRIDWORK_CACHE_DIR"), server, NULL)
           : g_build_filename (g_get_user_cache_dir (), "gridwork", "servers", server, NULL);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (folder);

      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN,
                   _("Could not make the folder %s for the working copy: %s"),
                   display, g_strerror (saved_errno));
      return NULL;
    }
  file = g_strconcat (street_code, ".sqlite", NULL);
  return g_build_filename (folder, file, NULL);
}

/**
 * gw_remote_copy_path:
 * @location: a server location with street=CODE
 * @error: a #GError
 *
 * Returns: (transfer full): where the working copy of that location lives,
 *   without connecting
 */
char *
gw_remote_copy_path (const char  *location,
                     GError     **error)
{
  g_autofree char *street = NULL;
  g_autofree char *uri = split_street (location, &street);
  g_autofree char *display = NULL;

  if (street == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("The location names no street (street=CODE)"));
      return NULL;
    }
  display = gw_pg_describe (uri, error);
  return display != NULL ? cache_path_of (display, street, error) : NULL;
}

/**
 * gw_remote_connect:
 * @location: a libpq URI or connection string, optionally with street=CODE
 * @password: (nullable): the role's password, else libpq's own ways
 * @cache_path: (out): where the working copy of the street lives
 * @error: a #GError
 *
 * Signs in to the district server and finds the street the role works in.
 *
 * Returns: (transfer full): the server, or %NULL
 */
GwRemote *
gw_remote_connect (const char  *location,
                   const char  *password,
                   char       **cache_path,
                   GError     **error)
{
  g_autoptr (GwRemote) self = g_new0 (GwRemote, 1);
  g_autofree char *street = NULL;
  g_autofree char *uri = split_street (location, &street);

  self->pg = gw_pg_connect_with_password (uri, password, error);
  if (self->pg == NULL || !gw_pg_check_schema (self->pg, error)
      || !choose_street (self, street, error)
      || !gw_pg_exec (self->pg, "SET lock_timeout = '20s'; LISTEN gridwork",
                      _("Could not listen for changes"), error))
    return NULL;
  self->tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, table_free);
  self->location = g_strdup (location);
  self->password = g_strdup (password);
  *cache_path = cache_path_of (gw_pg_get_display_name (self->pg), self->street_code, error);
  if (*cache_path == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

const char *
gw_remote_get_display_name (GwRemote *self)
{
  return gw_pg_get_display_name (self->pg);
}

const char *
gw_remote_get_location (GwRemote    *self,
                        const char **password)
{
  *password = self->password;
  return self->location;
}

const char *
gw_remote_get_login (GwRemote *self)
{
  return self->login;
}

const char *
gw_remote_get_street_code (GwRemote *self)
{
  return self->street_code;
}

int
gw_remote_get_socket (GwRemote *self)
{
  return PQsocket (gw_pg_get_conn (self->pg));
}

gboolean
gw_remote_take_notifications (GwRemote *self)
{
  PGconn *conn = gw_pg_get_conn (self->pg);
  gboolean ours = FALSE;
  PGnotify *notify;

  if (!PQconsumeInput (conn))
    return FALSE;
  while ((notify = PQnotifies (conn)) != NULL)
    {
      ours |= g_strcmp0 (notify->extra, self->street_code) == 0;
      PQfreemem (notify);
    }
  return ours;
}

/* }}} */

/* {{{ Bringing the copy up to date */

/* The copy's own bookkeeping, beside the street's tables. */
static gboolean
write_seq (GwRemote  *self,
           GwStore   *store,
           GError   **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (!gw_store_exec (store,
                      "CREATE TABLE IF NOT EXISTS working_copy ("
                      " key TEXT PRIMARY KEY, value TEXT NOT NULL)", error))
    return FALSE;
  stmt = gw_store_prepare (store,
                           "INSERT INTO working_copy (key, value) VALUES ('server', ?), ('street', ?),"
                           " ('seq', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           error);
  return stmt != NULL
         && gw_store_bind_text (store, stmt, 1, gw_pg_get_display_name (self->pg), error)
         && gw_store_bind_text (store, stmt, 2, self->street_code, error)
         && gw_store_bind_int64 (store, stmt, 3, self->seq, error)
         && gw_store_step_done (store, stmt, _("Could not write the working copy's state"), error);
}

static gboolean
read_seq (GwRemote  *self,
          GwStore   *store,
          GError   **error)
{
  g_autoptr (sqlite3_stmt) exists = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;

  self->seq = 0;
  exists = gw_store_prepare (store, "SELECT 1 FROM sqlite_master WHERE name = 'working_copy'", error);
  if (exists == NULL)
    return FALSE;
  if (sqlite3_step (exists) != SQLITE_ROW)
    return TRUE;
  stmt = gw_store_prepare (store,
                           "SELECT (SELECT value FROM working_copy WHERE key = 'street'),"
                           "       (SELECT value FROM working_copy WHERE key = 'seq')",
                           error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW
      && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), self->street_code) == 0)
    self->seq = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

static gboolean
latest_seq (GwRemote  *self,
            gint64    *seq,
            GError   **error)
{
  const char *params[] = { self->street_code };
  g_autoptr (PGresult) result = NULL;

  result = gw_pg_query (self->pg,
                        "SELECT coalesce (max (seq), 0) FROM gridwork.change_log WHERE street_code = $1",
                        1, params, _("Could not read the server's changes"), error);
  if (result == NULL)
    return FALSE;
  *seq = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  return TRUE;
}

/* The whole street again (a first copy, or a street replaced by a push). */
static gboolean
copy_whole (GwRemote  *self,
            GwStore   *store,
            GError   **error)
{
  GwPgTransfer transfer = { .street_code = self->street_code };

  return latest_seq (self, &self->seq, error)
         && gw_store_exec (store, "PRAGMA defer_foreign_keys = ON", error)
         && gw_pg_copy_street_down (self->pg, store, &transfer, error);
}

typedef struct
{
  gboolean  whole;
  GArray   *ids;  /* gint64 */
} Changed;

static void
changed_free (gpointer data)
{
  Changed *changed = data;

  g_clear_pointer (&changed->ids, g_array_unref);
  g_free (changed);
}

/* Copies the rows of one table that changed: the ids the server still
 * shows this role are written over, the others deleted from the copy. */
static gboolean
copy_changed_rows (GwRemote    *self,
                   GwStore     *store,
                   const char  *table,
                   Changed     *changed,
                   GError     **error)
{
  g_autoptr (GString) filter = g_string_new ("AND id IN (");
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr (sqlite3_stmt) delete = NULL;
  g_autofree char *delete_sql = NULL;
  gint64 rows = 0;

  /* @table is one of gw_pg_street_tables (the schema's own names, never
   * user data): an identifier cannot be a bound parameter. */
  if (changed->whole)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM \"%s\"", table);

      return gw_store_exec (store, sql, error)
             && gw_pg_copy_down (self->pg, store, self->street_literal, table, NULL, FALSE, NULL,
                                 &rows, error);
    }
  /* Ids are the server's integers, not text from users. */
  for (guint i = 0; i < changed->ids->len; i++)
    g_string_append_printf (filter, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            g_array_index (changed->ids, gint64, i));
  g_string_append_c (filter, ')');
  if (!gw_pg_copy_down (self->pg, store, self->street_literal, table, filter->str, TRUE, seen,
                        &rows, error))
    return FALSE;

  delete_sql = g_strdup_printf ("DELETE FROM \"%s\" WHERE id = ?", table);
  delete = gw_store_prepare (store, delete_sql, error);
  if (delete == NULL)
    return FALSE;
  for (guint i = 0; i < changed->ids->len; i++)
    {
      gint64 id = g_array_index (changed->ids, gint64, i);

      if (g_hash_table_contains (seen, &id))
        continue;
      if (!gw_store_bind_int64 (store, delete, 1, id, error)
          || !gw_store_step_done (store, delete, _("Could not remove a row deleted on the server"),
                                  error))
        return FALSE;
    }
  return TRUE;
}

/* Reads change_log after the copy's last row and copies what it names,
 * in the caller's transactions (server and copy). */
static gboolean
copy_changes (GwRemote  *self,
              GwStore   *store,
              gboolean  *changed_any,
              GError   **error)
{
  g_autofree char *after = g_strdup_printf ("%" G_GINT64_FORMAT, self->seq);
  const char *params[] = { self->street_code, after };
  g_autoptr (PGresult) result = NULL;
  g_autoptr (GHashTable) changes = NULL;
  gint64 last = self->seq;
  int n;

  *changed_any = FALSE;
  result = gw_pg_query (self->pg,
                        "SELECT seq, tbl, row_id FROM gridwork.change_log"
                        " WHERE street_code = $1 AND seq > $2 ORDER BY seq",
                        2, params, _("Could not read the server's changes"), error);
  if (result == NULL)
    return FALSE;
  n = PQntuples (result);
  if (n == 0)
    return TRUE;
  *changed_any = TRUE;

  changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, changed_free);
  for (int i = 0; i < n; i++)
    {
      const char *table = PQgetvalue (result, i, 1);
      Changed *changed;

      last = g_ascii_strtoll (PQgetvalue (result, i, 0), NULL, 10);
      if (strcmp (table, "*") == 0)
        return copy_whole (self, store, error) && write_seq (self, store, error);
      changed = g_hash_table_lookup (changes, table);
      if (changed == NULL)
        {
          changed = g_new0 (Changed, 1);
          changed->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
          g_hash_table_insert (changes, g_strdup (table), changed);
        }
      if (PQgetisnull (result, i, 2))
        changed->whole = TRUE;
      else
        {
          gint64 id = g_ascii_strtoll (PQgetvalue (result, i, 2), NULL, 10);

          g_array_append_val (changed->ids, id);
        }
    }

  if (!gw_store_exec (store, "PRAGMA defer_foreign_keys = ON", error))
    return FALSE;
  /* Parents before children, as a pull copies them. */
  for (guint i = 0; i < gw_pg_n_street_tables; i++)
    {
      Changed *changed = g_hash_table_lookup (changes, gw_pg_street_tables[i]);

      if (changed != NULL
          && !copy_changed_rows (self, store, gw_pg_street_tables[i], changed, error))
        return FALSE;
    }
  self->seq = last;
  return write_seq (self, store, error);
}

/**
 * gw_remote_sync:
 * @self: the server
 * @store: its working copy, outside a transaction
 * @changed: (out) (optional): whether anything changed
 * @error: a #GError
 *
 * Brings the copy up to date with one snapshot of the server.
 */
gboolean
gw_remote_sync (GwRemote  *self,
                GwStore   *store,
                gboolean  *changed,
                GError   **error)
{
  gboolean any = FALSE;

  if (!gw_pg_exec (self->pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                   _("Could not start a transaction"), error))
    return FALSE;
  if (!gw_store_exec (store, "BEGIN IMMEDIATE", error))
    {
      gw_pg_rollback (self->pg);
      return FALSE;
    }
  if (!(self->seq == 0 ? (any = TRUE, copy_whole (self, store, error) && write_seq (self, store, error))
                       : copy_changes (self, store, &any, error))
      || !gw_store_exec (store, "COMMIT", error))
    {
      sqlite3_exec (gw_store_get_db (store), "ROLLBACK", NULL, NULL, NULL);
      gw_pg_rollback (self->pg);
      read_seq (self, store, NULL);
      g_prefix_error (error, _("Could not bring the working copy up to date: "));
      return FALSE;
    }
  gw_pg_rollback (self->pg);
  if (changed != NULL)
    *changed = any;
  return TRUE;
}

gboolean
gw_remote_attach (GwRemote  *self,
                  GwStore   *store,
                  GError   **error)
{
  return read_seq (self, store, error) && gw_remote_sync (self, store, NULL, error);
}

/* }}} */

/* {{{ Writing through */

static int
accept_street_table (void       *user_data,
                     const char *table)
{
  for (guint i = 0; i < gw_pg_n_street_tables; i++)
    if (strcmp (table, gw_pg_street_tables[i]) == 0)
      return 1;
  return 0;
}

gboolean
gw_remote_begin (GwRemote  *self,
                 GwStore   *store,
                 GError   **error)
{
  const char *params[] = { self->street_code };
  g_autoptr (PGresult) locked = NULL;
  gboolean any = FALSE;
  int rc;

  if (!gw_pg_exec (self->pg, "BEGIN", _("Could not start a transaction"), error))
    return FALSE;
  locked = gw_pg_query (self->pg, "SELECT gridwork.gw_lock_street ($1)", 1, params,
                        _("Could not lock the street on the server"), error);
  if (locked == NULL || !gw_store_exec (store, "BEGIN IMMEDIATE", error))
    {
      gw_pg_rollback (self->pg);
      return FALSE;
    }
  /* Whatever others committed before the lock is in the copy before this
   * write reads it. */
  if (!copy_changes (self, store, &any, error))
    {
      gw_remote_rollback (self, store);
      return FALSE;
    }
  rc = sqlite3session_create (gw_store_get_db (store), "main", &self->session);
  if (rc == SQLITE_OK)
    {
      sqlite3session_table_filter (self->session, accept_street_table, NULL);
      rc = sqlite3session_attach (self->session, NULL);
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL,
                   _("Could not record the changes for the server: %s"), sqlite3_errstr (rc));
      gw_remote_rollback (self, store);
      return FALSE;
    }
  return TRUE;
}

void
gw_remote_rollback (GwRemote *self,
                    GwStore  *store)
{
  g_clear_pointer (&self->session, sqlite3session_delete);
  sqlite3_exec (gw_store_get_db (store), "ROLLBACK", NULL, NULL, NULL);
  gw_pg_rollback (self->pg);
  /* What the undone transaction had brought from the server is undone too:
   * bring it again, so that the user sees what their write met. */
  if (read_seq (self, store, NULL))
    gw_remote_sync (self, store, NULL, NULL);
}

static Table *
table_info (GwRemote    *self,
            GwStore     *store,
            const char  *name,
            GError     **error)
{
  Table *table = g_hash_table_lookup (self->tables, name);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  if (table != NULL)
    return table;
  stmt = gw_store_prepare (store,
                           "SELECT c.name, EXISTS (SELECT 1 FROM geometry_columns g"
                           "  WHERE g.f_table_name = lower (?1) AND g.f_geometry_column = lower (c.name))"
                           " FROM pragma_table_info (?1) c ORDER BY c.cid",
                           error);
  if (stmt == NULL || !gw_store_bind_text (store, stmt, 1, name, error))
    return NULL;
  table = g_new0 (Table, 1);
  table->names = g_ptr_array_new_with_free_func (g_free);
  table->geometry = g_array_new (FALSE, FALSE, sizeof (gboolean));
  table->version = table->code = -1;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *column = (const char *) sqlite3_column_text (stmt, 0);
      gboolean geometry = sqlite3_column_int (stmt, 1) != 0;

      if (strcmp (column, "version") == 0)
        table->version = table->names->len;
      if (strcmp (column, "code") == 0)
        table->code = table->names->len;
      g_ptr_array_add (table->names, g_strdup (column));
      g_array_append_val (table->geometry, geometry);
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the file's schema"));
      table_free (table);
      return NULL;
    }
  g_hash_table_insert (self->tables, g_strdup (name), table);
  return table;
}

/* A value as PostgreSQL's text input reads it; geometries as EWKB in hex
 * (SpatiaLite's blob made WKB by AsBinary()). */
static gboolean
value_text (GwRemote       *self,
            GwStore        *store,
            sqlite3_value  *value,
            gboolean        geometry,
            char          **text,
            GError        **error)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  *text = NULL;
  switch (sqlite3_value_type (value))
    {
    case SQLITE_NULL:
      return TRUE;
    case SQLITE_INTEGER:
      *text = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_value_int64 (value));
      return TRUE;
    case SQLITE_FLOAT:
      *text = g_strdup (g_ascii_dtostr (number, sizeof number, sqlite3_value_double (value)));
      return TRUE;
    case SQLITE_BLOB:
      if (geometry)
        {
          if (self->to_wkb == NULL)
            self->to_wkb = gw_store_prepare (store, "SELECT hex (AsBinary (?))", error);
          if (self->to_wkb == NULL
              || !gw_store_check_bind (store, sqlite3_bind_value (self->to_wkb, 1, value), error))
            return FALSE;
          if (sqlite3_step (self->to_wkb) == SQLITE_ROW && sqlite3_column_text (self->to_wkb, 0) != NULL)
            *text = g_strconcat ("SRID=4490;", sqlite3_column_text (self->to_wkb, 0), NULL);
          sqlite3_reset (self->to_wkb);
          return TRUE;
        }
      {
        GString *hex = g_string_new ("\\x");
        const guint8 *bytes = sqlite3_value_blob (value);

        for (int b = 0; b < sqlite3_value_bytes (value); b++)
          g_string_append_printf (hex, "%02x", bytes[b]);
        *text = g_string_free (hex, FALSE);
      }
      return TRUE;
    default:
      *text = g_strdup ((const char *) sqlite3_value_text (value));
      return TRUE;
    }
}

typedef struct
{
  GString   *sql;
  GPtrArray *params;  /* char *, NULL for SQL NULL */
} Statement;

static void
statement_clear (Statement *statement)
{
  g_string_free (statement->sql, TRUE);
  g_ptr_array_unref (statement->params);
}

static int
add_param (Statement *statement,
           char      *text)
{
  g_ptr_array_add (statement->params, text);
  return statement->params->len;
}

/* "col = $n" (or IS NULL) for the WHERE clause; geometries are left out
 * (their text is not the server's). */
static void
add_condition (Statement   *statement,
               const char  *column,
               char        *text)
{
  if (text == NULL)
    g_string_append_printf (statement->sql, " AND \"%s\" IS NULL", column);
  else
    g_string_append_printf (statement->sql, " AND \"%s\" = $%d", column, add_param (statement, text));
}

/* What the server's row has now where the copy's had @old, for the message. */
static char *
describe_conflict (GwRemote             *self,
                   Table                *table,
                   const char           *name,
                   sqlite3_changeset_iter *iter,
                   Statement            *where)
{
  g_autoptr (GString) columns = g_string_new (NULL);
  g_autofree char *key = NULL;
  g_autoptr (PGresult) row = NULL;
  g_autoptr (GString) sql = g_string_new ("SELECT ");

  for (guint c = 0; c < table->names->len; c++)
    g_string_append_printf (sql, "%s\"%s\"::text", c > 0 ? ", " : "",
                            (char *) g_ptr_array_index (table->names, c));
  g_string_append_printf (sql, " FROM gridwork.%s WHERE street_code = $1%s", name, where->sql->str);
  row = PQexecParams (gw_pg_get_conn (self->pg), sql->str, where->params->len, NULL,
                      (const char * const *) where->params->pdata, NULL, NULL, 0);
  if (PQresultStatus (row) != PGRES_TUPLES_OK || PQntuples (row) == 0)
    return g_strdup (_("deleted, or out of your reach"));
  for (guint c = 0; c < table->names->len; c++)
    {
      sqlite3_value *old = NULL;
      g_autofree char *mine = NULL;

      if (g_array_index (table->geometry, gboolean, c)
          || sqlite3changeset_old (iter, c, &old) != SQLITE_OK || old == NULL)
        continue;
      mine = g_strdup ((const char *) sqlite3_value_text (old));
      if (g_strcmp0 (mine, PQgetisnull (row, 0, c) ? NULL : PQgetvalue (row, 0, c)) == 0)
        continue;
      g_string_append_printf (columns, "%s%s: %s → %s", columns->len > 0 ? "; " : "",
                              (char *) g_ptr_array_index (table->names, c),
                              mine != NULL ? mine : "—",
                              PQgetisnull (row, 0, c) ? "—" : PQgetvalue (row, 0, c));
    }
  if (table->code >= 0)
    key = g_strdup (PQgetvalue (row, 0, table->code));
  return g_strdup_printf ("%s%s%s", key != NULL ? key : "", key != NULL ? ": " : "", columns->str);
}

/* One change of the changeset as one statement on the server. */
static gboolean
apply_change (GwRemote               *self,
              GwStore                *store,
              sqlite3_changeset_iter *iter,
              GError                **error)
{
  const char *name;
  int n_columns, op, indirect, n_pk;
  unsigned char *pk;
  Table *table;
  Statement statement = { g_string_new (NULL), g_ptr_array_new_with_free_func (g_free) };
  Statement where = { g_string_new (NULL), g_ptr_array_new_with_free_func (g_free) };
  g_autoptr (PGresult) result = NULL;
  gboolean ok = FALSE;

  sqlite3changeset_op (iter, &name, &n_columns, &op, &indirect);
  sqlite3changeset_pk (iter, &pk, &n_pk);
  table = table_info (self, store, name, error);
  if (table == NULL)
    goto out;
  if ((int) table->names->len != n_columns)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL,
                   _("Table %s changed shape while it was written"), name);
      goto out;
    }
  add_param (&statement, g_strdup (self->street_code));
  add_param (&where, g_strdup (self->street_code));

  if (op == SQLITE_INSERT)
    {
      g_autoptr (GString) values = g_string_new ("$1");

      g_string_append_printf (statement.sql, "INSERT INTO gridwork.%s (street_code", name);
      for (int c = 0; c < n_columns; c++)
        {
          sqlite3_value *value = NULL;
          char *text;

          if (sqlite3changeset_new (iter, c, &value) != SQLITE_OK || value == NULL)
            continue;
          if (!value_text (self, store, value, g_array_index (table->geometry, gboolean, c), &text, error))
            goto out;
          g_string_append_printf (statement.sql, ", \"%s\"", (char *) g_ptr_array_index (table->names, c));
          g_string_append_printf (values, ", $%d", add_param (&statement, text));
        }
      g_string_append_printf (statement.sql, ") VALUES (%s)", values->str);
    }
  else
    {
      /* The row, and the values the copy had: a row version where there is
       * one, else every changed column that is not a geometry. */
      for (int c = 0; c < n_columns; c++)
        {
          sqlite3_value *old = NULL;
          char *text;

          if (sqlite3changeset_old (iter, c, &old) != SQLITE_OK || old == NULL
              || (!pk[c] && (g_array_index (table->geometry, gboolean, c)
                             || (table->version >= 0 && c != table->version))))
            continue;
          if (!value_text (self, store, old, FALSE, &text, error))
            goto out;
          add_condition (&where, g_ptr_array_index (table->names, c), text);
        }
      if (op == SQLITE_DELETE)
        g_string_append_printf (statement.sql, "DELETE FROM gridwork.%s WHERE street_code = $1", name);
      else
        {
          g_string_append_printf (statement.sql, "UPDATE gridwork.%s SET ", name);
          for (int c = 0, n = 0; c < n_columns; c++)
            {
              sqlite3_value *value = NULL;
              char *text;

              if (sqlite3changeset_new (iter, c, &value) != SQLITE_OK || value == NULL)
                continue;
              if (!value_text (self, store, value, g_array_index (table->geometry, gboolean, c), &text, error))
                goto out;
              g_string_append_printf (statement.sql, "%s\"%s\" = $%d", n++ > 0 ? ", " : "",
                                      (char *) g_ptr_array_index (table->names, c),
                                      add_param (&statement, text));
            }
          g_string_append (statement.sql, " WHERE street_code = $1");
        }
      /* The WHERE clause's parameters follow the statement's own. */
      {
        g_autoptr (GString) renumbered = g_string_new (NULL);
        int offset = statement.params->len - 1;

        for (const char *p = where.sql->str; *p != '\0'; p++)
          {
            if (*p == '$')
              {
                char *end;
                long number = strtol (p + 1, &end, 10);

                g_string_append_printf (renumbered, "$%ld", number + offset);
                p = end - 1;
                continue;
              }
            g_string_append_c (renumbered, *p);
          }
        g_string_append (statement.sql, renumbered->str);
        for (guint i = 1; i < where.params->len; i++)
          add_param (&statement, g_strdup (g_ptr_array_index (where.params, i)));
      }
    }

  result = PQexecParams (gw_pg_get_conn (self->pg), statement.sql->str, statement.params->len,
                         NULL, (const char * const *) statement.params->pdata, NULL, NULL, 0);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      g_autofree char *what = g_strdup_printf (_("The server refused the change of table %s"), name);

      gw_pg_set_error (self->pg, result, what, error);
      goto out;
    }
  if (op != SQLITE_INSERT && strcmp (PQcmdTuples (result), "0") == 0)
    {
      g_autofree char *detail = NULL;
      Statement key = { g_string_new (NULL), g_ptr_array_new_with_free_func (g_free) };

      /* The row by its key alone, to say what is different now. */
      add_param (&key, g_strdup (self->street_code));
      for (int c = 0; c < n_columns; c++)
        {
          sqlite3_value *old = NULL;
          char *text = NULL;

          if (pk[c] && sqlite3changeset_old (iter, c, &old) == SQLITE_OK && old != NULL
              && value_text (self, store, old, FALSE, &text, NULL))
            add_condition (&key, g_ptr_array_index (table->names, c), text);
        }
      detail = describe_conflict (self, table, name, iter, &key);
      statement_clear (&key);
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_CONFLICT,
                   _("Someone else changed a row of %s on the server %s after your copy was made "
                     "(%s); nothing was saved, and your copy now shows their version"),
                   name, gw_pg_get_display_name (self->pg), detail);
      goto out;
    }
  ok = TRUE;

out:
  statement_clear (&statement);
  statement_clear (&where);
  return ok;
}

static gboolean
apply_changeset (GwRemote  *self,
                 GwStore   *store,
                 int        n,
                 void      *changes,
                 GError   **error)
{
  sqlite3_changeset_iter *iter = NULL;
  gboolean ok = TRUE;
  int rc;

  if (n == 0)
    return TRUE;
  rc = sqlite3changeset_start (&iter, n, changes);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL,
                   _("Could not read the recorded changes: %s"), sqlite3_errstr (rc));
      return FALSE;
    }
  while (ok && sqlite3changeset_next (iter) == SQLITE_ROW)
    ok = apply_change (self, store, iter, error);
  sqlite3changeset_finalize (iter);
  return ok;
}

gboolean
gw_remote_commit (GwRemote  *self,
                  GwStore   *store,
                  GError   **error)
{
  void *changes = NULL;
  int n = 0;
  int rc;

  g_return_val_if_fail (self->session != NULL, FALSE);

  rc = sqlite3session_changeset (self->session, &n, &changes);
  g_clear_pointer (&self->session, sqlite3session_delete);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL,
                   _("Could not record the changes for the server: %s"), sqlite3_errstr (rc));
      gw_remote_rollback (self, store);
      return FALSE;
    }
  /* The server first: if it refuses, the copy is rolled back too. Then the
   * change_log rows this write made are the copy's own. */
  if (!apply_changeset (self, store, n, changes, error)
      || !latest_seq (self, &self->seq, error)
      || !write_seq (self, store, error)
      || !gw_pg_exec (self->pg, "COMMIT", _("Could not commit on the server"), error))
    {
      sqlite3_free (changes);
      gw_remote_rollback (self, store);
      return FALSE;
    }
  sqlite3_free (changes);
  if (!gw_store_exec (store, "COMMIT", error))
    {
      /* The server has the write; the copy is copied again when next opened. */
      sqlite3_exec (gw_store_get_db (store), "ROLLBACK", NULL, NULL, NULL);
      self->seq = 0;
      write_seq (self, store, NULL);
      return FALSE;
    }
  return TRUE;
}

/* }}} */
