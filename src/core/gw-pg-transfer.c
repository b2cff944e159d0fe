/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-pg"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "gw-pg-private.h"
#include "gw-store-private.h"

/* Push and pull: a street's project file to the district server and back.
 *
 * Rows travel with COPY in PostgreSQL's text format (one statement per
 * table, not one per row: a street has some 200,000 rows), geometries as
 * WKB in hex: SpatiaLite's AsBinary() on the way up, PostGIS's ST_AsBinary()
 * on the way down. The server keeps a street's ids (its keys are
 * street_code + id), so the pulled file is the pushed one, row for row.
 * Which columns travel is asked of both catalogues, so that a column added
 * to the file's schema and not to the server's is refused, not dropped. */

typedef struct
{
  char     *name;
  gboolean  geometry;  /* a PostGIS geometry: WKB in hex */
  char      type;      /* 'i' integer, 'r' real, 't' text, 'g' geometry */
} Column;

static void
column_free (gpointer data)
{
  Column *column = data;

  g_free (column->name);
  g_free (column);
}

/* The columns @table has in both the file and the server (without the
 * server's street_code), in the server's order. A file column the server
 * lacks is an error: its values would be lost. */
static GPtrArray *
shared_columns (GwPg        *pg,
                GwStore     *store,
                const char  *table,
                GError     **error)
{
  g_autoptr (GPtrArray) columns = g_ptr_array_new_with_free_func (column_free);
  g_autoptr (GHashTable) file_columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (PGresult) result = NULL;
  const char *params[] = { table };
  int rc;

  stmt = gw_store_prepare (store, "SELECT name FROM pragma_table_info (?)", error);
  if (stmt == NULL || !gw_store_bind_text (store, stmt, 1, table, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (file_columns, gw_store_column_dup (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the file's schema"));
      return NULL;
    }

  result = gw_pg_query (pg,
                        /* The catalogue, not information_schema: that
                         * lists only the columns the role may read. */
                        "SELECT a.attname, t.typname FROM pg_catalog.pg_attribute a"
                        "  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
                        " WHERE a.attrelid = ('gridwork.' || quote_ident ($1))::regclass"
                        "   AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> 'street_code'"
                        " ORDER BY a.attnum",
                        1, params, _("Could not read the server's schema"), error);
  if (result == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    {
      const char *name = PQgetvalue (result, i, 0);
      const char *type = PQgetvalue (result, i, 1);
      Column *column;

      if (!g_hash_table_remove (file_columns, name))
        continue;  /* the server's own (audit_log.db_role) */
      column = g_new0 (Column, 1);
      column->name = g_strdup (name);
      column->geometry = strcmp (type, "geometry") == 0;
      column->type = column->geometry ? 'g'
                     : g_str_has_prefix (type, "int") ? 'i'
                     : g_str_has_prefix (type, "float") ? 'r' : 't';
      g_ptr_array_add (columns, column);
    }
  if (g_hash_table_size (file_columns) > 0)
    {
      GHashTableIter iter;
      gpointer missing;

      g_hash_table_iter_init (&iter, file_columns);
      g_hash_table_iter_next (&iter, &missing, NULL);
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("The server %s has no column %s in table %s; update the server's schema"),
                   gw_pg_get_display_name (pg), (const char *) missing, table);
      return NULL;
    }
  return g_steal_pointer (&columns);
}

/* COPY's text format: backslash, tab, newline and carriage return escaped. */
static void
append_copy_text (GString    *line,
                  const char *text,
                  gsize       length)
{
  for (gsize i = 0; i < length; i++)
    switch (text[i])
      {
      case '\\': g_string_append (line, "\\\\"); break;
      case '\t': g_string_append (line, "\\t"); break;
      case '\n': g_string_append (line, "\\n"); break;
      case '\r': g_string_append (line, "\\r"); break;
      default: g_string_append_c (line, text[i]); break;
      }
}

static void
append_copy_value (GString      *line,
                   sqlite3_stmt *stmt,
                   int           index,
                   const Column *column)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  switch (sqlite3_column_type (stmt, index))
    {
    case SQLITE_NULL:
      g_string_append (line, "\\N");
      break;
    case SQLITE_INTEGER:
      g_string_append_printf (line, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, index));
      break;
    case SQLITE_FLOAT:
      /* %.17g: the double comes back bit for bit. */
      g_string_append (line, g_ascii_dtostr (number, sizeof number, sqlite3_column_double (stmt, index)));
      break;
    case SQLITE_BLOB:
      {
        const guint8 *bytes = sqlite3_column_blob (stmt, index);
        int n = sqlite3_column_bytes (stmt, index);

        /* PostGIS reads hex WKB after an SRID prefix. */
        g_string_append (line, column->geometry ? "SRID=4490;" : "\\\\x");
        for (int b = 0; b < n; b++)
          g_string_append_printf (line, "%02x", bytes[b]);
      }
      break;
    default:
      append_copy_text (line, (const char *) sqlite3_column_text (stmt, index),
                        sqlite3_column_bytes (stmt, index));
      break;
    }
}

static char *
column_list (GPtrArray  *columns,
             gboolean    file_side,
             gboolean    reading)
{
  GString *list = g_string_new (NULL);

  for (guint i = 0; i < columns->len; i++)
    {
      const Column *column = g_ptr_array_index (columns, i);

      if (i > 0)
        g_string_append (list, ", ");
      if (reading && column->geometry)
        g_string_append_printf (list, file_side ? "AsBinary (\"%s\")"
                                                : "encode (ST_AsBinary (\"%s\"), 'hex')",
                                column->name);
      else
        g_string_append_printf (list, "\"%s\"", column->name);
    }
  return g_string_free (list, FALSE);
}

/* Ends a COPY FROM STDIN: @abort_reason non-NULL cancels it. */
static gboolean
finish_copy_in (GwPg        *pg,
                const char  *abort_reason,
                const char  *what,
                GError     **error)
{
  PGconn *conn = gw_pg_get_conn (pg);
  gboolean ok = TRUE;
  PGresult *result;

  if (PQputCopyEnd (conn, abort_reason) != 1)
    {
      gw_pg_set_error (pg, NULL, what, error);
      return FALSE;
    }
  while ((result = PQgetResult (conn)) != NULL)
    {
      if (ok && abort_reason == NULL && PQresultStatus (result) != PGRES_COMMAND_OK)
        {
          gw_pg_set_error (pg, result, what, error);
          ok = FALSE;
        }
      PQclear (result);
    }
  return ok && abort_reason == NULL;
}

/* How the rows of a district file (several streets) split by street: the
 * rows of a table that belong to the street whose id in the file is ?1.
 * Tables not listed are the district's own (departments, the calendar and
 * time limits, workers and users, plans, the audit log): every
 * street on the server gets them whole, so that its rows' references hold.
 * A file of one street is pushed whole, unfiltered. */
#define IN_COMMUNITIES "(SELECT id FROM communities WHERE street_id = ?1)"
#define IN_GRIDS "(SELECT id FROM grids WHERE community_id IN " IN_COMMUNITIES ")"
#define IN_LOTS "(SELECT id FROM lots WHERE community_id IN " IN_COMMUNITIES ")"
#define IN_BUILDINGS "(SELECT id FROM buildings WHERE lot_id IN " IN_LOTS ")"
#define IN_DWELLINGS "(SELECT id FROM dwellings WHERE building_id IN " IN_BUILDINGS ")"
#define IN_HOUSEHOLDS "(SELECT id FROM households WHERE dwelling_id IN " IN_DWELLINGS ")"
#define IN_RESIDENTS "(SELECT id FROM residents WHERE household_id IN " IN_HOUSEHOLDS ")"
static const struct
{
  const char *table;
  const char *filter;
} street_filters[] = {
  { "streets", "id = ?1" },
  { "communities", "street_id = ?1" },
  { "grids", "community_id IN " IN_COMMUNITIES },
  { "lots", "community_id IN " IN_COMMUNITIES },
  /* Roads belong to no street: those that touch it (both, at a border). */
  { "roads", "(SELECT geom FROM streets WHERE id = ?1) IS NULL"
             " OR Intersects (geom, (SELECT geom FROM streets WHERE id = ?1))" },
  { "buildings", "lot_id IN " IN_LOTS },
  { "dwellings", "building_id IN " IN_BUILDINGS },
  { "households", "dwelling_id IN " IN_DWELLINGS },
  { "residents", "household_id IN " IN_HOUSEHOLDS },
  { "resident_tags", "resident_id IN " IN_RESIDENTS },
  { "grid_workers", "grid_id IN " IN_GRIDS },
  { "user_grids", "grid_id IN " IN_GRIDS },
  { "cases", "grid_id IN " IN_GRIDS },
  { "case_events", "case_id IN (SELECT id FROM cases WHERE grid_id IN " IN_GRIDS ")" },
  { "visits", "household_id IN " IN_HOUSEHOLDS },
  { "grid_plan_grids", "community_id IN " IN_COMMUNITIES },
  { "grid_plan_lots", "lot_id IN " IN_LOTS },
  { "grid_history", "grid_id IN " IN_GRIDS },
  { "lot_grid_history", "lot_id IN " IN_LOTS },
};

static const char *
street_filter (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (street_filters); i++)
    if (strcmp (street_filters[i].table, table) == 0)
      return street_filters[i].filter;
  return NULL;
}

/* @street_id: the street's id in a district file, or 0 for a file of one
 * street (every row). */
static gboolean
push_table (GwPg        *pg,
            GwStore     *store,
            const char  *street_code,
            gint64       street_id,
            const char  *table,
            gint64      *rows,
            GError     **error)
{
  const char *filter = street_id != 0 ? street_filter (table) : NULL;
  PGconn *conn = gw_pg_get_conn (pg);
  g_autoptr (GPtrArray) columns = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (PGresult) copy = NULL;
  g_autoptr (GString) line = g_string_sized_new (1 << 20);
  g_autofree char *read_list = NULL, *write_list = NULL, *select = NULL, *copy_sql = NULL;
  g_autofree char *what = g_strdup_printf (_("Could not upload table %s of street %s"),
                                           table, street_code);
  int rc;

  columns = shared_columns (pg, store, table, error);
  if (columns == NULL)
    return FALSE;
  read_list = column_list (columns, TRUE, TRUE);
  write_list = column_list (columns, FALSE, FALSE);
  /* Table and column names are the schema's own, never user data. */
  select = g_strdup_printf ("SELECT %s FROM \"%s\"%s%s", read_list, table,
                            filter != NULL ? " WHERE " : "", filter != NULL ? filter : "");
  copy_sql = g_strdup_printf ("COPY gridwork.%s (street_code, %s) FROM STDIN", table, write_list);

  stmt = gw_store_prepare (store, select, error);
  if (stmt == NULL || (filter != NULL && !gw_store_bind_int64 (store, stmt, 1, street_id, error)))
    return FALSE;
  copy = PQexec (conn, copy_sql);
  if (PQresultStatus (copy) != PGRES_COPY_IN)
    {
      gw_pg_set_error (pg, copy, what, error);
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      append_copy_text (line, street_code, strlen (street_code));
      for (guint i = 0; i < columns->len; i++)
        {
          g_string_append_c (line, '\t');
          append_copy_value (line, stmt, i, g_ptr_array_index (columns, i));
        }
      g_string_append_c (line, '\n');
      (*rows)++;
      if (line->len >= (1 << 20) - 4096)
        {
          if (PQputCopyData (conn, line->str, line->len) != 1)
            break;
          g_string_truncate (line, 0);
        }
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, what);
      finish_copy_in (pg, "reading the file failed", what, NULL);
      return FALSE;
    }
  if ((line->len > 0 && PQputCopyData (conn, line->str, line->len) != 1) || rc == SQLITE_ROW)
    {
      gw_pg_set_error (pg, NULL, what, error);
      finish_copy_in (pg, "sending failed", what, NULL);
      return FALSE;
    }
  return finish_copy_in (pg, NULL, what, error);
}

typedef struct
{
  char   *code;
  gint64  id;
} FileStreet;

static void
file_street_free (gpointer data)
{
  FileStreet *street = data;

  g_free (street->code);
  g_free (street);
}

/* The streets of a project file: one for a street office's, several for a
 * district's. */
static GPtrArray *
file_streets (GwStore  *store,
              GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (store, "SELECT code, id FROM streets ORDER BY code", error);
  g_autoptr (GPtrArray) streets = g_ptr_array_new_with_free_func (file_street_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FileStreet *street = g_new0 (FileStreet, 1);

      street->code = gw_store_column_dup (stmt, 0);
      street->id = sqlite3_column_int64 (stmt, 1);
      g_ptr_array_add (streets, street);
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the street"));
      return NULL;
    }
  if (streets->len == 0)
    {
      g_autofree char *display = g_filename_display_name (gw_store_get_path (store));

      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s holds no street to push"), display);
      return NULL;
    }
  return g_steal_pointer (&streets);
}

/* Deletes @street_code's rows from every table, children first. Which
 * login role is which user of the street (role_users, the server's own
 * table) is kept aside by login and given back by restore_role_users(), so
 * that replacing a street does not lock its staff out. */
static gboolean
delete_street (GwPg        *pg,
               const char  *street_code,
               GError     **error)
{
  const char *params[] = { street_code };
  g_autoptr (PGresult) kept = NULL;

  /* One table for the push, emptied per street (a district's file replaces
   * several streets in one transaction). */
  if (!gw_pg_exec (pg, "CREATE TEMPORARY TABLE IF NOT EXISTS kept_role_users"
                       " (role_name name, login text) ON COMMIT DROP;"
                       " DELETE FROM kept_role_users",
                   _("Could not keep the street's sign-ins"), error))
    return FALSE;
  kept = gw_pg_query (pg,
                      "INSERT INTO kept_role_users"
                      " SELECT r.role_name, u.login FROM gridwork.role_users r"
                      "   JOIN gridwork.users u ON u.street_code = r.street_code AND u.id = r.user_id"
                      "  WHERE r.street_code = $1",
                      1, params, _("Could not keep the street's sign-ins"), error);
  if (kept == NULL)
    return FALSE;

  for (guint i = gw_pg_n_street_tables; i-- > 0;)
    {
      /* gw_pg_street_tables holds the schema's own names, never user data
       * (an identifier cannot be a bound parameter); the street is one. */
      g_autofree char *sql = g_strdup_printf ("DELETE FROM gridwork.%s WHERE street_code = $1",
                                              gw_pg_street_tables[i]);
      g_autoptr (PGresult) result = NULL;

      result = gw_pg_query (pg, sql, 1, params, _("Could not remove the street's old rows"), error);
      if (result == NULL)
        return FALSE;
    }
  return TRUE;
}

/* Gives the sign-ins delete_street() kept to the users of the new rows
 * with the same login; a user the file no longer has loses them. */
static gboolean
restore_role_users (GwPg        *pg,
                    const char  *street_code,
                    GError     **error)
{
  const char *params[] = { street_code };
  g_autoptr (PGresult) restored = NULL;

  restored = gw_pg_query (pg,
                          "INSERT INTO gridwork.role_users (role_name, street_code, user_id)"
                          " SELECT k.role_name, u.street_code, u.id FROM kept_role_users k"
                          "   JOIN gridwork.users u ON u.street_code = $1 AND u.login = k.login",
                          1, params, _("Could not keep the street's sign-ins"), error);
  return restored != NULL;
}

static gboolean
street_on_server (GwPg        *pg,
                  const char  *street_code,
                  gboolean    *present,
                  GError     **error)
{
  const char *params[] = { street_code };
  g_autoptr (PGresult) result = NULL;

  result = gw_pg_query (pg, "SELECT 1 FROM gridwork.streets WHERE street_code = $1", 1, params,
                        _("Could not look the street up on the server"), error);
  if (result == NULL)
    return FALSE;
  *present = PQntuples (result) > 0;
  return TRUE;
}

/* New rows made on the server must not take the ids a push brought. */
static gboolean
advance_identities (GwPg     *pg,
                    GError  **error)
{
  for (guint i = 0; i < gw_pg_n_street_tables; i++)
    {
      const char *params[] = { gw_pg_street_tables[i] };
      g_autoptr (PGresult) identity = NULL;
      g_autoptr (PGresult) result = NULL;
      g_autofree char *setval = NULL;

      identity = gw_pg_query (pg,
                              "SELECT pg_get_serial_sequence ('gridwork.' || $1, 'id')"
                              "  FROM information_schema.columns"
                              " WHERE table_schema = 'gridwork' AND table_name = $1"
                              "   AND column_name = 'id' AND is_identity = 'YES'",
                              1, params, _("Could not advance the server's ids"), error);
      if (identity == NULL)
        return FALSE;
      if (PQntuples (identity) == 0)
        continue;
      /* The table from the schema's own list; the sequence is bound. */
      setval = g_strdup_printf ("SELECT setval ($1, max (id)) FROM gridwork.%s HAVING max (id) IS NOT NULL",
                                gw_pg_street_tables[i]);
      params[0] = PQgetvalue (identity, 0, 0);
      result = gw_pg_query (pg, setval, 1, params, _("Could not advance the server's ids"), error);
      if (result == NULL)
        return FALSE;
    }
  return TRUE;
}

/* Holds the street's lock (as every writer does) and keeps the row
 * triggers from logging the bulk copy. */
static gboolean
street_lock_bulk (GwPg        *pg,
                  const char  *street_code,
                  GError     **error)
{
  const char *params[] = { street_code };
  g_autoptr (PGresult) locked = NULL;

  locked = gw_pg_query (pg, "SELECT gridwork.gw_lock_street ($1), set_config ('gridwork.bulk', 'on', true)",
                        1, params, _("Could not lock the street on the server"), error);
  return locked != NULL;
}

static gboolean
street_replaced (GwPg        *pg,
                 const char  *street_code,
                 GError     **error)
{
  const char *params[] = { street_code };
  g_autoptr (PGresult) logged = NULL;

  /* The rows copied, the triggers log again; the street's copies are told
   * to copy it whole. One statement, one round trip. */
  logged = gw_pg_query (pg,
                        "WITH replaced AS (INSERT INTO gridwork.change_log (street_code, tbl)"
                        "                  VALUES ($1, '*') RETURNING street_code)"
                        " SELECT set_config ('gridwork.bulk', 'off', true), pg_notify ('gridwork', street_code)"
                        "   FROM replaced",
                        1, params, _("Could not log the push"), error);
  return logged != NULL;
}

static gboolean
push_street (GwPg          *pg,
             GwStore       *store,
             GwPgPushFlags  flags,
             const char    *street_code,
             gint64         street_id,
             GwPgTransfer  *transfer,
             GError       **error)
{
  gboolean present = FALSE;

  if (!street_on_server (pg, street_code, &present, error))
    return FALSE;
  if (present && !(flags & GW_PG_PUSH_REPLACE))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_CONFLICT,
                   _("The server %s already holds street %s; push with --replace to replace it"),
                   gw_pg_get_display_name (pg), street_code);
      return FALSE;
    }
  /* One '*' in change_log instead of a row per row copied: working copies
   * of the street copy it again whole (003-sync.sql). */
  if (!street_lock_bulk (pg, street_code, error))
    return FALSE;
  if (present && !delete_street (pg, street_code, error))
    return FALSE;

  for (guint i = 0; i < gw_pg_n_street_tables; i++)
    {
      if (!push_table (pg, store, street_code, street_id, gw_pg_street_tables[i],
                       &transfer->rows, error))
        return FALSE;
      transfer->tables++;
    }
  if (present && !restore_role_users (pg, street_code, error))
    return FALSE;
  return street_replaced (pg, street_code, error);
}

/**
 * gw_pg_push:
 * @path: a street's project file
 * @uri: the district server (see gw_pg_connect())
 * @flags: #GwPgPushFlags
 * @transfer: (out caller-allocates) (optional): what was copied; clear it
 *   with gw_pg_transfer_clear()
 * @error: a #GError
 *
 * Uploads every row of every table of the street's file to the server, in
 * one transaction. A street the server holds already is refused, or
 * replaced whole with %GW_PG_PUSH_REPLACE. The file is only read.
 *
 * Returns: %TRUE if the street is on the server
 */
gboolean
gw_pg_push (const char     *path,
            const char     *uri,
            GwPgPushFlags   flags,
            GwPgTransfer   *transfer,
            GError        **error)
{
  g_autoptr (GwStore) store = NULL;
  g_autoptr (GwPg) pg = NULL;
  g_autoptr (GPtrArray) streets = NULL;
  g_autoptr (GString) codes = g_string_new (NULL);
  GwPgTransfer local = { 0 };
  gboolean pushed = TRUE;

  g_return_val_if_fail (path != NULL && uri != NULL, FALSE);

  if (transfer == NULL)
    transfer = &local;
  memset (transfer, 0, sizeof *transfer);

  store = gw_store_open (path, GW_STORE_OPEN_READ_ONLY, error);
  if (store == NULL)
    return FALSE;
  streets = file_streets (store, error);
  if (streets == NULL)
    return FALSE;
  for (guint i = 0; i < streets->len; i++)
    g_string_append_printf (codes, "%s%s", i > 0 ? ", " : "",
                            ((FileStreet *) g_ptr_array_index (streets, i))->code);
  transfer->street_code = g_strdup (codes->str);
  pg = gw_pg_connect (uri, error);
  if (pg == NULL || !gw_pg_check_schema (pg, error))
    goto failed;

  if (!gw_pg_exec (pg, "BEGIN", _("Could not start a transaction"), error))
    goto failed;
  /* One push of a street at a time: a second waits, then finds it there. */
  pushed = gw_pg_exec (pg, "LOCK TABLE gridwork.streets IN SHARE ROW EXCLUSIVE MODE",
                       _("Could not lock the server's streets"), error);
  /* A district's file: each of its streets with its own rows and the
   * district's shared ones. */
  for (guint i = 0; pushed && i < streets->len; i++)
    {
      const FileStreet *street = g_ptr_array_index (streets, i);
      guint tables = transfer->tables;

      pushed = push_street (pg, store, flags, street->code, streets->len > 1 ? street->id : 0,
                            transfer, error);
      transfer->tables = MAX (tables, transfer->tables - tables);
    }
  if (!pushed
      || !advance_identities (pg, error)
      || !gw_pg_exec (pg, "COMMIT", _("Could not commit the push"), error))
    {
      gw_pg_rollback (pg);
      goto failed;
    }
  gw_pg_transfer_clear (&local);
  return TRUE;

failed:
  g_prefix_error (error, _("Could not push %s: "), path);
  gw_pg_transfer_clear (&local);
  return FALSE;
}

/* Undoes COPY's text escapes in place (PostgreSQL "COPY", File Formats). */
static void
unescape_copy_field (char *field)
{
  char *out = field;

  for (char *in = field; *in != '\0'; in++)
    {
      if (*in != '\\' || in[1] == '\0')
        {
          *out++ = *in;
          continue;
        }
      in++;
      switch (*in)
        {
        case 'b': *out++ = '\b'; break;
        case 'f': *out++ = '\f'; break;
        case 'n': *out++ = '\n'; break;
        case 'r': *out++ = '\r'; break;
        case 't': *out++ = '\t'; break;
        case 'v': *out++ = '\v'; break;
        default: *out++ = *in; break;
        }
    }
  *out = '\0';
}

static gboolean
bind_copy_field (GwStore       *store,
                 sqlite3_stmt  *stmt,
                 int            index,
                 const Column  *column,
                 char          *field,
                 GError       **error)
{
  if (strcmp (field, "\\N") == 0)
    return gw_store_check_bind (store, sqlite3_bind_null (stmt, index), error);
  unescape_copy_field (field);
  switch (column->type)
    {
    case 'i':
      return gw_store_check_bind (store, sqlite3_bind_int64 (stmt, index,
                                                             g_ascii_strtoll (field, NULL, 10)),
                                  error);
    case 'r':
      return gw_store_check_bind (store, sqlite3_bind_double (stmt, index,
                                                              g_ascii_strtod (field, NULL)),
                                  error);
    case 'g':
      {
        gsize n = strlen (field) / 2;
        guint8 *wkb = g_malloc (MAX (n, 1));

        for (gsize b = 0; b < n; b++)
          wkb[b] = g_ascii_xdigit_value (field[2 * b]) << 4 | g_ascii_xdigit_value (field[2 * b + 1]);
        return gw_store_check_bind (store, sqlite3_bind_blob (stmt, index, wkb, n, g_free), error);
      }
    default:
      return gw_store_bind_text (store, stmt, index, field, error);
    }
}

static char *
insert_sql (const char *table,
            GPtrArray  *columns,
            gboolean    upsert)
{
  g_autofree char *names = column_list (columns, TRUE, FALSE);
  GString *sql = g_string_new (NULL);

  g_string_append_printf (sql, "INSERT INTO \"%s\" (%s) VALUES (", table, names);
  for (guint i = 0; i < columns->len; i++)
    {
      const Column *column = g_ptr_array_index (columns, i);

      g_string_append (sql, i > 0 ? ", " : "");
      g_string_append (sql, column->geometry ? "GeomFromWKB (?, 4490)" : "?");
    }
  g_string_append_c (sql, ')');
  if (upsert)
    for (guint i = 0; i < columns->len; i++)
      {
        const Column *column = g_ptr_array_index (columns, i);

        g_string_append_printf (sql, "%s \"%s\" = excluded.\"%s\"",
                                i == 0 ? " ON CONFLICT DO UPDATE SET" : ",",
                                column->name, column->name);
      }
  return g_string_free (sql, FALSE);
}

/* Inserts one COPY line (without its newline) into @stmt's table. */
static gboolean
insert_copy_line (GwStore       *store,
                  sqlite3_stmt  *stmt,
                  GPtrArray     *columns,
                  char          *line,
                  const char    *what,
                  GError       **error)
{
  g_auto (GStrv) fields = g_strsplit (line, "\t", -1);

  if (g_strv_length (fields) != columns->len)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL,
                   _("%s: the server sent a row of %u fields, not %u"),
                   what, g_strv_length (fields), columns->len);
      return FALSE;
    }
  sqlite3_reset (stmt);
  for (guint i = 0; i < columns->len; i++)
    if (!bind_copy_field (store, stmt, i + 1, g_ptr_array_index (columns, i), fields[i], error))
      return FALSE;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, what);
      return FALSE;
    }
  return TRUE;
}

/* Which relation holds @table's rows for this role: residents and
 * household phones come through the masking views unless the role may see
 * personal data (002-rights.sql). */
static const char *
read_source (GwPg        *pg,
             const char  *table,
             GError     **error)
{
  int sees;

  if (strcmp (table, "households") != 0 && strcmp (table, "residents") != 0)
    return table;
  sees = gw_pg_sees_personal_data (pg, error);
  if (sees < 0)
    return NULL;
  if (sees)
    return table;
  return strcmp (table, "households") == 0 ? "households_masked" : "residents_masked";
}

/**
 * gw_pg_copy_down:
 * @pg: the server
 * @store: the file to write into
 * @street_literal: the street code, quoted as an SQL literal
 * @table: one of gw_pg_street_tables
 * @filter: (nullable): more of the WHERE clause ("AND id IN (…)"), or %NULL
 * @upsert: rows the file has already are updated, not refused
 * @seen_ids: (nullable): collects the ids of the rows copied
 * @rows: counts the rows copied
 * @error: a #GError
 *
 * Copies the street's rows of @table, as the signed-in role may read them,
 * from the server into @store (in the caller's transaction).
 */
gboolean
gw_pg_copy_down (GwPg        *pg,
                 GwStore     *store,
                 const char  *street_literal,
                 const char  *table,
                 const char  *filter,
                 gboolean     upsert,
                 GHashTable  *seen_ids,
                 gint64      *rows,
                 GError     **error)
{
  PGconn *conn = gw_pg_get_conn (pg);
  g_autoptr (GPtrArray) columns = NULL;
  g_autoptr (sqlite3_stmt) insert = NULL;
  g_autoptr (PGresult) copy = NULL;
  g_autofree char *read_list = NULL, *copy_sql = NULL, *insert_text = NULL;
  g_autofree char *what = g_strdup_printf (_("Could not download table %s"), table);
  const char *source;
  gboolean ok = TRUE;
  PGresult *result;
  char *buffer = NULL;
  int id_column = -1;
  int n;

  columns = shared_columns (pg, store, table, error);
  source = columns != NULL ? read_source (pg, table, error) : NULL;
  if (source == NULL)
    return FALSE;
  for (guint i = 0; i < columns->len; i++)
    if (strcmp (((Column *) g_ptr_array_index (columns, i))->name, "id") == 0)
      id_column = i;
  read_list = column_list (columns, FALSE, TRUE);
  /* COPY takes no parameters: the street code is an escaped literal. */
  copy_sql = g_strdup_printf ("COPY (SELECT %s FROM gridwork.%s WHERE street_code = %s %s) TO STDOUT",
                              read_list, source, street_literal, filter != NULL ? filter : "");
  insert_text = insert_sql (table, columns, upsert);
  insert = gw_store_prepare (store, insert_text, error);
  if (insert == NULL)
    return FALSE;

  copy = PQexec (conn, copy_sql);
  if (PQresultStatus (copy) != PGRES_COPY_OUT)
    {
      gw_pg_set_error (pg, copy, what, error);
      return FALSE;
    }
  while ((n = PQgetCopyData (conn, &buffer, FALSE)) > 0)
    {
      if (ok)
        {
          if (n > 0 && buffer[n - 1] == '\n')
            buffer[n - 1] = '\0';
          if (seen_ids != NULL && id_column >= 0)
            {
              const char *field = buffer;

              for (int f = 0; f < id_column && field != NULL; f++)
                field = strchr (field, '\t') != NULL ? strchr (field, '\t') + 1 : NULL;
              if (field != NULL)
                g_hash_table_add (seen_ids, g_memdup2 (&(gint64) { g_ascii_strtoll (field, NULL, 10) },
                                                      sizeof (gint64)));
            }
          ok = insert_copy_line (store, insert, columns, buffer, what, error);
          (*rows)++;
        }
      PQfreemem (buffer);
    }
  if (n == -2 && ok)
    {
      gw_pg_set_error (pg, NULL, what, error);
      ok = FALSE;
    }
  while ((result = PQgetResult (conn)) != NULL)
    {
      if (ok && PQresultStatus (result) != PGRES_COMMAND_OK)
        {
          gw_pg_set_error (pg, result, what, error);
          ok = FALSE;
        }
      PQclear (result);
    }
  return ok;
}

/* Empties the fresh file (migrations seed a few rows: the metadata, the
 * time limits) and fills it with the street's rows. */
gboolean
gw_pg_copy_street_down (GwPg          *pg,
             GwStore       *store,
             GwPgTransfer  *transfer,
             GError       **error)
{
  PGconn *conn = gw_pg_get_conn (pg);
  char *literal = PQescapeLiteral (conn, transfer->street_code, strlen (transfer->street_code));
  gboolean ok = literal != NULL;

  if (!ok)
    gw_pg_set_error (pg, NULL, _("Could not quote the street code"), error);
  for (guint i = gw_pg_n_street_tables; ok && i-- > 0;)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM \"%s\"", gw_pg_street_tables[i]);

      ok = gw_store_exec (store, sql, error);
    }
  for (guint i = 0; ok && i < gw_pg_n_street_tables; i++)
    {
      ok = gw_pg_copy_down (pg, store, literal, gw_pg_street_tables[i], NULL, FALSE, NULL,
                            &transfer->rows, error);
      transfer->tables += ok;
    }
  PQfreemem (literal);
  return ok;
}

static void
remove_store_files (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

static gboolean
pull_into (GwPg          *pg,
           const char    *temp_path,
           GwPgTransfer  *transfer,
           GError       **error)
{
  g_autoptr (GwStore) store = NULL;
  gboolean present = FALSE;

  if (!gw_pg_exec (pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                   _("Could not start a transaction"), error))
    return FALSE;
  if (!street_on_server (pg, transfer->street_code, &present, error))
    return FALSE;
  if (!present)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
                   _("The server %s holds no street %s"),
                   gw_pg_get_display_name (pg), transfer->street_code);
      return FALSE;
    }
  store = gw_store_open (temp_path, GW_STORE_OPEN_CREATE, error);
  if (store == NULL || !gw_store_begin (store, error))
    return FALSE;
  if (!gw_pg_copy_street_down (pg, store, transfer, error) || !gw_store_commit (store, error))
    {
      gw_store_rollback (store);
      return FALSE;
    }
  gw_pg_rollback (pg);
  return TRUE;
}

/**
 * gw_pg_pull:
 * @uri: the district server (see gw_pg_connect())
 * @street_code: the street to write out
 * @out_path: the project file to create; it must not exist
 * @transfer: (out caller-allocates) (optional): what was copied
 * @error: a #GError
 *
 * Writes a street the server holds into a new project file, every row of
 * every table, for offline work or archiving. The rows are read in one
 * snapshot of the server and written in one transaction into a temporary
 * file next to @out_path, renamed to it once complete: a failure leaves no
 * half-written file.
 *
 * Returns: %TRUE if @out_path holds the street
 */
gboolean
gw_pg_pull (const char    *uri,
            const char    *street_code,
            const char    *out_path,
            GwPgTransfer  *transfer,
            GError       **error)
{
  g_autoptr (GwPg) pg = NULL;
  g_autofree char *display = NULL;
  g_autofree char *temp_path = NULL;
  GwPgTransfer local = { 0 };

  g_return_val_if_fail (uri != NULL && street_code != NULL && out_path != NULL, FALSE);

  if (transfer == NULL)
    transfer = &local;
  memset (transfer, 0, sizeof *transfer);
  transfer->street_code = g_strdup (street_code);

  display = g_filename_display_name (out_path);
  if (g_file_test (out_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("Could not pull street %s: %s exists already"), street_code, display);
      gw_pg_transfer_clear (&local);
      return FALSE;
    }

  pg = gw_pg_connect (uri, error);
  if (pg == NULL || !gw_pg_check_schema (pg, error))
    goto failed;

  temp_path = g_strdup_printf ("%s.pull-%d", out_path, (int) getpid ());
  remove_store_files (temp_path);
  if (!pull_into (pg, temp_path, transfer, error))
    {
      gw_pg_rollback (pg);
      remove_store_files (temp_path);
      goto failed;
    }
  if (g_rename (temp_path, out_path) != 0)
    {
      int saved_errno = errno;

      remove_store_files (temp_path);
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN,
                   _("Could not write %s: %s"), display, g_strerror (saved_errno));
      goto failed;
    }
  gw_pg_transfer_clear (&local);
  return TRUE;

failed:
  g_prefix_error (error, _("Could not pull street %s into %s: "), street_code, display);
  gw_pg_transfer_clear (&local);
  return FALSE;
}
