/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
/* spatialite.h needs sqlite3.h first. */
#include <sqlite3.h>
#include <spatialite.h>

#include "gw-domain.h"
#include "gw-remote-private.h"
#include "gw-store-private.h"
#include "gw-util.h"

/**
 * GwStore:
 *
 * One connection to a Gridwork project file: a SpatiaLite 5 database holding
 * the whole domain model. All SQL of the product lives in the core, behind
 * this type.
 *
 * How processes and threads share a file (the connection policy):
 *
 * - Only SQLite opens the project file. Nothing in Gridwork opens, reads or
 *   copies the file (or its -wal and -shm) by other means while a connection
 *   may exist, not even to look at its header: closing *any* descriptor of a
 *   file drops every POSIX lock the process holds on it ("How To Corrupt An
 *   SQLite Database File", §2.2), and another process then believes it is
 *   alone and deletes or resets the write-ahead log under our feet. What the
 *   file is, is asked of SQLite: %SQLITE_NOTADB, `PRAGMA application_id`,
 *   `user_version` and the `gridwork_meta` table. Only stat() is used before.
 * - Each process has one writing connection per window or command (the
 *   app's project, a CLI verb); every user action that writes is one
 *   `BEGIN IMMEDIATE` … `COMMIT` on it. Long jobs and readers on other
 *   threads open their own store through gw_store_open() (read-only where
 *   they only read): connections are never shared between threads.
 * - Many processes on one file is a normal day (the app, the CLI, a second
 *   window, QGIS). WAL lets readers run beside the one writer; a writer waits
 *   up to %GW_STORE_BUSY_TIMEOUT_MS for another one, then fails with
 *   %GW_STORE_ERROR_BUSY naming the program that holds the lock (read from
 *   /proc/locks). Rows a user edits carry a version, so a change based on
 *   what another process has since changed is refused, never overwritten.
 * - gw_store_get_data_version() tells when another connection committed, so
 *   that a window can show what the CLI or a second instance wrote.
 */
struct _GwStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  void       *spatialite_cache;
  GHashTable *statements;  /* SQL text → sqlite3_stmt, finalized before close */
  int         schema_version;
  gboolean    read_only;
  gboolean    working_copy;  /* of a server, opened as a file: read only */
  GwRemote   *remote;        /* the server this file is the working copy of */
};

G_DEFINE_FINAL_TYPE (GwStore, gw_store, G_TYPE_OBJECT)

const char * const gw_store_mime_types[] = {
  "application/vnd.sqlite3", "application/x-sqlite3", NULL
};

/* Geometry columns of schema 1, registered with SpatiaLite's metadata so that
 * QGIS (and SpatiaLite's own tools) see them, each with an R*Tree index. */
static const struct
{
  const char *table;
  const char *type;
} geometry_columns_v1[] = {
  { "streets", "MULTIPOLYGON" },
  { "communities", "MULTIPOLYGON" },
  { "grids", "MULTIPOLYGON" },
  { "lots", "MULTIPOLYGON" },
  { "buildings", "MULTIPOLYGON" },
  { "roads", "MULTILINESTRING" },
  { "cases", "POINT" },
};

static gboolean migrate_to_1 (GwStore *self, GError **error);
static gboolean migrate_to_7 (GwStore *self, GError **error);

/* Ordered migrations: migrations[i] brings a file from version i to i + 1. */
static const struct
{
  const char *resource;
  gboolean  (*after) (GwStore *self, GError **error);
} migrations[] = {
  { "/org/gridwork/Gridwork/core/sql/001-initial.sql", migrate_to_1 },
  { "/org/gridwork/Gridwork/core/sql/002-cases.sql", NULL },
  { "/org/gridwork/Gridwork/core/sql/003-io.sql", NULL },
  { "/org/gridwork/Gridwork/core/sql/004-application-id.sql", NULL },
  { "/org/gridwork/Gridwork/core/sql/005-accounts.sql", NULL },
  { "/org/gridwork/Gridwork/core/sql/006-hotspots.sql", NULL },
  { "/org/gridwork/Gridwork/core/sql/007-plans.sql", migrate_to_7 },
  { "/org/gridwork/Gridwork/core/sql/008-registers.sql", NULL },
  { "/org/gridwork/Gridwork/core/sql/009-kpi.sql", NULL },
  { "/org/gridwork/Gridwork/core/sql/010-field-classes.sql", NULL },
  { "/org/gridwork/Gridwork/core/sql/011-case-points.sql", NULL },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == GW_STORE_SCHEMA_VERSION);

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
gw_store_close_db (GwStore *self)
{
  /* Statements first: sqlite3_close refuses a connection with live ones. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      /* Closing checkpoints the write-ahead log; a failure leaves it for the
       * next connection, which recovers it, but should not pass unseen. */
      if (sqlite3_close (self->db) != SQLITE_OK)
        {
          g_warning ("Could not close %s cleanly: %s", self->path, sqlite3_errmsg (self->db));
          sqlite3_close_v2 (self->db);
        }
      self->db = NULL;
    }
  if (self->spatialite_cache != NULL)
    {
      spatialite_cleanup_ex (self->spatialite_cache);
      self->spatialite_cache = NULL;
    }
}

static void
gw_store_finalize (GObject *object)
{
  GwStore *self = GW_STORE (object);

  /* Its recorder and statements belong to the connection. */
  g_clear_pointer (&self->remote, gw_remote_free);
  gw_store_close_db (self);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (gw_store_parent_class)->finalize (object);
}

static void
gw_store_class_init (GwStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gw_store_finalize;
}

static void
gw_store_init (GwStore *self)
{
}

sqlite3 *
gw_store_get_db (GwStore *self)
{
  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  return self->db;
}

void
gw_store_set_busy_timeout (GwStore *self,
                           int      milliseconds)
{
  g_return_if_fail (GW_IS_STORE (self));

  sqlite3_busy_timeout (self->db, milliseconds);
}

const char *
gw_store_get_path (GwStore *self)
{
  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  return self->path;
}

int
gw_store_get_schema_version (GwStore *self)
{
  g_return_val_if_fail (GW_IS_STORE (self), -1);

  return self->schema_version;
}

/* Of a line of /proc/locks ("1: POSIX  ADVISORY  WRITE 4321 fe:01:1234 120 120"),
 * the holder's pid if it holds a write lock on the file @dev/@ino that
 * covers @byte (or any byte, for @byte < 0). */
static int
parse_lock_line (const char *line,
                 dev_t       dev,
                 ino_t       ino,
                 gint64      byte)
{
  g_auto (GStrv) fields = g_strsplit_set (line, " \t", -1);
  const char *tokens[8];
  guint n = 0;
  unsigned int major_id, minor_id;
  guint64 inode;
  gint64 start, end;

  for (guint i = 0; fields[i] != NULL && n < G_N_ELEMENTS (tokens); i++)
    if (fields[i][0] != '\0')
      tokens[n++] = fields[i];
  /* Waiters ("1: -> POSIX …") hold nothing. */
  if (n < 8 || strcmp (tokens[1], "->") == 0 || strcmp (tokens[3], "WRITE") != 0)
    return 0;
  if (sscanf (tokens[5], "%x:%x:%" G_GUINT64_FORMAT, &major_id, &minor_id, &inode) != 3
      || major_id != major (dev) || minor_id != minor (dev) || inode != (guint64) ino)
    return 0;
  start = g_ascii_strtoll (tokens[6], NULL, 10);
  end = strcmp (tokens[7], "EOF") == 0 ? G_MAXINT64 : g_ascii_strtoll (tokens[7], NULL, 10);
  if (byte >= 0 && (byte < start || byte > end))
    return 0;
  return atoi (tokens[4]);
}

/* Who holds the write lock of the file at @path, from the kernel's table of
 * locks (Linux): in WAL mode the writer holds byte 120 of the -shm file
 * (WAL_WRITE_LOCK), in rollback mode a write lock on the file itself. Reads
 * /proc/locks and /proc/PID/comm only — never a descriptor of the project
 * file (see the connection policy). Returns 0 when nobody can be named (a
 * network file system, another machine, or the lock was just released). */
static int
find_lock_holder (const char  *path,
                  char       **program)
{
  g_autofree char *locks = NULL;
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_auto (GStrv) lines = NULL;
  GStatBuf shm_stat, db_stat;
  gboolean have_shm, have_db;
  int pid = 0;

  *program = NULL;
  if (!g_file_get_contents ("/proc/locks", &locks, NULL, NULL))
    return 0;
  have_shm = g_stat (shm, &shm_stat) == 0;
  have_db = g_stat (path, &db_stat) == 0;
  lines = g_strsplit (locks, "\n", -1);
  for (guint pass = 0; pass < 2 && pid == 0; pass++)
    for (guint i = 0; lines[i] != NULL && pid == 0; i++)
      {
        if (pass == 0 && have_shm)
          pid = parse_lock_line (lines[i], shm_stat.st_dev, shm_stat.st_ino, 120);
        else if (pass == 1 && have_db)
          pid = parse_lock_line (lines[i], db_stat.st_dev, db_stat.st_ino, -1);
      }
  if (pid > 0)
    {
      g_autofree char *comm_path = g_strdup_printf ("/proc/%d/comm", pid);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (comm_path, &comm, NULL, NULL))
        *program = g_strdup (g_strstrip (comm));
    }
  return pid;
}

/* The message of a write that waited GW_STORE_BUSY_TIMEOUT_MS in vain. */
static char *
describe_busy (GwStore *self)
{
  g_autofree char *display = g_filename_display_name (self->path);
  g_autofree char *program = NULL;
  int pid = find_lock_holder (self->path, &program);

  if (pid == getpid ())
    return g_strdup_printf (_("%s is busy with another change made in this program "
                              "(an import, for instance); try again when it has finished"),
                            display);
  if (pid > 0)
    /* Translators: the file, the other program's name ("gridwork-cli", "qgis") and its process id */
    return g_strdup_printf (_("%s is being changed by another program (%s, process %d); "
                              "try again when it has finished"),
                            display, program != NULL ? program : "?", pid);
  return g_strdup_printf (_("%s is being changed by another program; "
                            "try again when it has finished"), display);
}

void
gw_store_set_sql_error (GwStore     *self,
                        GError     **error,
                        const char  *what)
{
  int code = sqlite3_extended_errcode (self->db) & 0xff;
  GwStoreError kind = GW_STORE_ERROR_SQL;

  if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
    {
      g_autofree char *busy = describe_busy (self);

      /* Translators: "%s: %s" is what failed and why */
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_BUSY, _("%s: %s"), what, busy);
      return;
    }
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
    kind = GW_STORE_ERROR_CORRUPT;

  g_set_error (error, GW_STORE_ERROR, kind,
               /* Translators: "%s: %s (%s)" is what failed, SQLite's reason and the file */
               _("%s: %s (%s)"), what, sqlite3_errmsg (self->db), self->path);
}

gboolean
gw_store_check_bind (GwStore  *self,
                     int       rc,
                     GError  **error)
{
  if (rc == SQLITE_OK)
    return TRUE;
  gw_store_set_sql_error (self, error, _("Could not bind a query parameter"));
  return FALSE;
}

char *
gw_store_column_dup (sqlite3_stmt *stmt,
                     int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return g_strdup (text != NULL ? (const char *) text : "");
}

char *
gw_store_column_dup_nullable (sqlite3_stmt *stmt,
                              int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

gboolean
gw_store_bind_text (GwStore       *self,
                    sqlite3_stmt  *stmt,
                    int            index,
                    const char    *text,
                    GError       **error)
{
  return gw_store_check_bind (self,
                              text != NULL ? sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT)
                                           : sqlite3_bind_null (stmt, index),
                              error);
}

gboolean
gw_store_bind_int64 (GwStore       *self,
                     sqlite3_stmt  *stmt,
                     int            index,
                     gint64         value,
                     GError       **error)
{
  return gw_store_check_bind (self, sqlite3_bind_int64 (stmt, index, value), error);
}

gboolean
gw_store_bind_ref (GwStore       *self,
                   sqlite3_stmt  *stmt,
                   int            index,
                   gint64         id,
                   GError       **error)
{
  return gw_store_check_bind (self,
                              id != 0 ? sqlite3_bind_int64 (stmt, index, id)
                                      : sqlite3_bind_null (stmt, index),
                              error);
}

sqlite3_stmt *
gw_store_prepare (GwStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      gw_store_set_sql_error (self, error, _("Could not prepare a query"));
      g_debug ("failed SQL: %s", sql);
      return NULL;
    }
  return stmt;
}

sqlite3_stmt *
gw_store_prepare_cached (GwStore     *self,
                         const char  *sql,
                         GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  stmt = gw_store_prepare (self, sql, error);
  if (stmt != NULL)
    g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
gw_store_exec (GwStore     *self,
               const char  *sql,
               GError     **error)
{
  char *message = NULL;

  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      gw_store_set_sql_error (self, error, _("Could not update the database"));
      g_debug ("failed SQL: %s", sql);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/**
 * gw_store_get_data_version:
 * @self: a #GwStore
 *
 * SQLite's `PRAGMA data_version` of this connection: it changes whenever
 * another connection (another process, another thread, another window)
 * commits to the file, and never for this connection's own commits. A window
 * polls it to notice changes made elsewhere and show them.
 *
 * Returns: the data version, or -1 if it cannot be read
 */
gint64
gw_store_get_data_version (GwStore *self)
{
  sqlite3_stmt *stmt;
  gint64 version = -1;

  g_return_val_if_fail (GW_IS_STORE (self), -1);

  stmt = gw_store_prepare_cached (self, "PRAGMA data_version", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return version;
}

gboolean
gw_store_set_durable (GwStore  *self,
                      gboolean  full,
                      GError  **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  return gw_store_exec (self, full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL",
                        error);
}

gboolean
gw_store_begin (GwStore  *self,
                GError  **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  if (self->read_only)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                   _("%s is open read-only"), self->path);
      return FALSE;
    }
  if (self->remote != NULL)
    return gw_remote_begin (self->remote, self, error);
  if (self->working_copy)
    {
      g_autofree char *display = g_filename_display_name (self->path);

      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                   _("%s is the working copy of a street on a district server; open the server "
                     "to change it"), display);
      return FALSE;
    }
  /* IMMEDIATE takes the write lock now, so a second writer fails here with a
   * clear message instead of half-way through a user action. */
  return gw_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
gw_store_commit (GwStore  *self,
                 GError  **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  if (self->remote != NULL)
    return gw_remote_commit (self->remote, self, error);
  return gw_store_exec (self, "COMMIT", error);
}

void
gw_store_rollback (GwStore *self)
{
  g_return_if_fail (GW_IS_STORE (self));

  if (self->remote != NULL)
    gw_remote_rollback (self->remote, self);
  else if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
query_int (GwStore     *self,
           const char  *sql,
           gint64      *value,
           GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *value = sqlite3_column_int64 (stmt, 0);
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    {
      *value = 0;
      return TRUE;
    }
  gw_store_set_sql_error (self, error, _("Could not read the database"));
  return FALSE;
}

/* A geometry column in CGCS2000 lon/lat, registered with SpatiaLite's
 * metadata (QGIS sees it) and with its R*Tree index. */
static gboolean
add_geometry_column (GwStore     *self,
                     const char  *table,
                     const char  *type,
                     GError     **error)
{
  g_autoptr (sqlite3_stmt) add = NULL;
  g_autoptr (sqlite3_stmt) index = NULL;

  add = gw_store_prepare (self, "SELECT AddGeometryColumn(?, 'geom', 4490, ?, 'XY')", error);
  if (add == NULL
      || !gw_store_check_bind (self, sqlite3_bind_text (add, 1, table, -1, SQLITE_STATIC), error)
      || !gw_store_check_bind (self, sqlite3_bind_text (add, 2, type, -1, SQLITE_STATIC), error))
    return FALSE;
  if (sqlite3_step (add) != SQLITE_ROW || sqlite3_column_int (add, 0) != 1)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL,
                   _("Could not add the geometry column of %s (%s)"), table, self->path);
      return FALSE;
    }

  index = gw_store_prepare (self, "SELECT CreateSpatialIndex(?, 'geom')", error);
  if (index == NULL
      || !gw_store_check_bind (self, sqlite3_bind_text (index, 1, table, -1, SQLITE_STATIC), error))
    return FALSE;
  if (sqlite3_step (index) != SQLITE_ROW || sqlite3_column_int (index, 0) != 1)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL,
                   _("Could not index the geometry of %s (%s)"), table, self->path);
      return FALSE;
    }
  return TRUE;
}

/* Schema 7 keeps the geometry a grid had before a plan changed it. */
static gboolean
migrate_to_7 (GwStore  *self,
              GError  **error)
{
  return add_geometry_column (self, "grid_history", "MULTIPOLYGON", error);
}

static gboolean
migrate_to_1 (GwStore  *self,
              GError  **error)
{
  static const int srids[] = { 4490, 4326, 3857 };

  /* NONE: only the reference systems we insert, so creating a file is quick. */
  if (!gw_store_exec (self, "SELECT InitSpatialMetadata(0, 'NONE')", error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (srids); i++)
    {
      g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (self, "SELECT InsertEpsgSrid(?)", error);

      if (stmt == NULL || !gw_store_check_bind (self, sqlite3_bind_int (stmt, 1, srids[i]), error))
        return FALSE;
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          gw_store_set_sql_error (self, error, _("Could not register a coordinate system"));
          return FALSE;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (geometry_columns_v1); i++)
    if (!add_geometry_column (self, geometry_columns_v1[i].table, geometry_columns_v1[i].type,
                              error))
      return FALSE;

  {
    g_autoptr (sqlite3_stmt) meta = NULL;
    g_autoptr (GDateTime) now = gw_now ();
    g_autofree char *created = gw_format_timestamp (now);

    meta = gw_store_prepare (self,
                             "INSERT INTO gridwork_meta (key, value) VALUES "
                             "('application', 'gridwork'), ('created_at', ?), ('created_by', ?)",
                             error);
    if (meta == NULL
        || !gw_store_check_bind (self, sqlite3_bind_text (meta, 1, created, -1, SQLITE_TRANSIENT), error)
        || !gw_store_check_bind (self, sqlite3_bind_text (meta, 2, "Gridwork " PACKAGE_VERSION, -1, SQLITE_STATIC), error))
      return FALSE;
    if (sqlite3_step (meta) != SQLITE_DONE)
      {
        gw_store_set_sql_error (self, error, _("Could not write the project metadata"));
        return FALSE;
      }
  }

  return TRUE;
}

/* Runs the migrations from the file's version up to ours, in one transaction:
 * a failure leaves the file as it was. */
static gboolean
gw_store_migrate (GwStore  *self,
                  int       target_version,
                  GError  **error)
{
  if (self->schema_version >= target_version)
    return TRUE;

  if (!gw_store_begin (self, error))
    return FALSE;

  for (int version = self->schema_version; version < target_version; version++)
    {
      g_autoptr (GBytes) script = NULL;
      g_autofree char *pragma = NULL;

      script = g_resources_lookup_data (migrations[version].resource,
                                        G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_assert (script != NULL);

      if (!gw_store_exec (self, g_bytes_get_data (script, NULL), error)
          || (migrations[version].after != NULL && !migrations[version].after (self, error)))
        {
          gw_store_rollback (self);
          g_prefix_error (error, _("Could not upgrade %s to schema version %d: "),
                          self->path, version + 1);
          return FALSE;
        }

      /* PRAGMA takes no parameters; the value is our own integer. */
      pragma = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!gw_store_exec (self, pragma, error))
        {
          gw_store_rollback (self);
          return FALSE;
        }
    }

  if (!gw_store_commit (self, error))
    {
      gw_store_rollback (self);
      return FALSE;
    }
  self->schema_version = target_version;
  return TRUE;
}

/* What may be learnt of a file before SQLite opens it, without opening it:
 * stat() and access() take no descriptor, so they cannot drop the POSIX
 * locks another connection of this process holds on the file (see the
 * connection policy above). */
static gboolean
stat_project_file (const char  *path,
                   gboolean    *is_empty,
                   GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  GStatBuf st;

  if (g_stat (path, &st) != 0 || g_access (path, R_OK) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN,
                   _("Could not open %s: %s"), display, g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN,
                   _("%s is not a regular file, not a Gridwork database"), display);
      return FALSE;
    }
  *is_empty = st.st_size == 0;
  return TRUE;
}

/* Tells a Gridwork file from another SQLite database, and refuses files of a
 * newer Gridwork. Reads only. */
static gboolean
check_gridwork_file (GwStore  *self,
                     GError  **error)
{
  g_autofree char *display = g_filename_display_name (self->path);
  gint64 application_id = 0;
  gint64 version = 0;
  gint64 has_meta = 0;
  gint64 n_tables = 0;

  /* The first read is where SQLite looks at the header: a text file, an
   * image or a truncated download fails here with SQLITE_NOTADB, before
   * anything could be written to it. */
  if (!query_int (self, "PRAGMA application_id", &application_id, error)
      || !query_int (self, "PRAGMA user_version", &version, error)
      || !query_int (self,
                     "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'gridwork_meta'",
                     &has_meta, error)
      || !query_int (self, "SELECT count(*) FROM sqlite_master", &n_tables, error))
    {
      int code = sqlite3_extended_errcode (self->db) & 0xff;

      if (code == SQLITE_NOTADB)
        {
          g_clear_error (error);
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_GRIDWORK,
                       _("%s is not a Gridwork database: it is not an SQLite file"), display);
        }
      else if (error != NULL && *error != NULL && (*error)->code == GW_STORE_ERROR_CORRUPT)
        {
          g_clear_error (error);
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_CORRUPT,
                       _("%s is damaged and cannot be opened: %s"), display,
                       sqlite3_errmsg (self->db));
        }
      return FALSE;
    }

  if (application_id != 0 && application_id != GW_STORE_APPLICATION_ID)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_GRIDWORK,
                   _("%s is an SQLite database of another program, not a Gridwork project"),
                   display);
      return FALSE;
    }

  if (version == 0 && n_tables == 0)
    {
      /* A fresh SQLite file with nothing in it: ours to create. */
      self->schema_version = 0;
      return TRUE;
    }

  if (!has_meta)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_GRIDWORK,
                   _("%s is an SQLite database but not a Gridwork project"), display);
      return FALSE;
    }

  {
    g_autoptr (sqlite3_stmt) stmt = NULL;

    stmt = gw_store_prepare (self, "SELECT value FROM gridwork_meta WHERE key = 'application'", error);
    if (stmt == NULL)
      return FALSE;
    if (sqlite3_step (stmt) != SQLITE_ROW
        || g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "gridwork") != 0)
      {
        g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_GRIDWORK,
                     _("%s is an SQLite database but not a Gridwork project"), display);
        return FALSE;
      }
  }

  if (version > GW_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_TOO_NEW,
                   _("%s was written by a newer version of Gridwork (schema %d; this version reads up to %d). Update Gridwork to open it."),
                   display, (int) version, GW_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  if (version < 1)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_CORRUPT,
                   _("%s has Gridwork metadata but no schema version; it is damaged"), display);
      return FALSE;
    }

  self->schema_version = (int) version;
  return TRUE;
}

/**
 * gw_store_open:
 * @path: the project file
 * @flags: #GwStoreOpenFlags
 * @error: a #GError
 *
 * Opens (or with %GW_STORE_OPEN_CREATE creates) a Gridwork project file.
 * A file that is not a Gridwork database, is newer than this build or is
 * damaged is refused with a message naming the file and the reason, and is
 * left exactly as it was.
 *
 * Returns: (transfer full): the store, or %NULL
 */
GwStore *
gw_store_open (const char        *path,
               GwStoreOpenFlags   flags,
               GError           **error)
{
  if (gw_store_location_is_server (path))
    return gw_store_open_server (path, NULL, flags, error);
  return gw_store_open_at_version (path, flags, GW_STORE_SCHEMA_VERSION, error);
}

/**
 * gw_store_location_is_server:
 * @location: what the user gave: a file or a server
 *
 * Returns: whether @location names a district server (a postgresql:// URI
 *   or a libpq keyword string such as "service=district"), not a file
 */
gboolean
gw_store_location_is_server (const char *location)
{
  static const char * const prefixes[] = {
    "postgresql://", "postgres://", "service=", "host=", "dbname=",
  };

  g_return_val_if_fail (location != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (location, prefixes[i]))
      return TRUE;
  return FALSE;
}

/**
 * gw_store_open_server:
 * @uri: the district server: a libpq URI or keyword string, with
 *   street=CODE when the role works in several streets
 * @password: (nullable): the role's password, else libpq's own ways
 *   (~/.pgpass, PGPASSWORD, peer authentication)
 * @flags: #GwStoreOpenFlags (%GW_STORE_OPEN_CREATE is meaningless here)
 * @error: a #GError
 *
 * Signs in to the district server as the role in @uri and opens the working
 * copy of its street (see gw-remote.c): made whole the first time, brought
 * up to date every later time. Every read of the store reads the copy;
 * every transaction writes through to the server, which judges it as the
 * role's own SQL.
 *
 * Returns: (transfer full): the store, or %NULL
 */
GwStore *
gw_store_open_server (const char        *uri,
                      const char        *password,
                      GwStoreOpenFlags   flags,
                      GError           **error)
{
  g_autoptr (GwRemote) remote = NULL;
  g_autoptr (GwStore) self = NULL;
  g_autofree char *cache_path = NULL;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  remote = gw_remote_connect (uri, password, &cache_path, error);
  if (remote == NULL)
    return NULL;
  self = gw_store_open_at_version (cache_path, GW_STORE_OPEN_CREATE, GW_STORE_SCHEMA_VERSION, error);
  if (self == NULL)
    return NULL;
  if (!gw_remote_attach (remote, self, error))
    return NULL;
  self->remote = g_steal_pointer (&remote);
  self->working_copy = TRUE;
  self->read_only = (flags & GW_STORE_OPEN_READ_ONLY) != 0;
  return g_steal_pointer (&self);
}

/**
 * gw_store_get_server:
 * @self: a #GwStore
 *
 * Returns: (nullable): the district server the store writes to
 *   (role@host:port/database, never a password), or %NULL for a file
 */
const char *
gw_store_get_server (GwStore *self)
{
  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  return self->remote != NULL ? gw_remote_get_display_name (self->remote) : NULL;
}

/**
 * gw_store_dup_location:
 * @self: a #GwStore
 * @password: (out) (optional) (transfer full): the server role's password
 *   given when it was opened, or %NULL
 *
 * What opens another connection to the same project (a worker thread that
 * writes): the file's path, or the server's location.
 *
 * Returns: (transfer full): the location
 */
char *
gw_store_dup_location (GwStore  *self,
                       char    **password)
{
  const char *secret = NULL;
  const char *location;

  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  location = self->remote != NULL ? gw_remote_get_location (self->remote, &secret) : self->path;
  if (password != NULL)
    *password = g_strdup (secret);
  return g_strdup (location);
}

/**
 * gw_store_get_server_login:
 * @self: a #GwStore
 *
 * Returns: (nullable): on a server, the login of the street's user that
 *   the signed-in role is (the server decides who acts, not the client);
 *   %NULL for a file
 */
const char *
gw_store_get_server_login (GwStore *self)
{
  g_return_val_if_fail (GW_IS_STORE (self), NULL);

  return self->remote != NULL ? gw_remote_get_login (self->remote) : NULL;
}

/**
 * gw_store_get_server_copy_path:
 * @location: a server location with street=CODE
 * @error: a #GError
 *
 * Returns: (transfer full): where gw_store_open_server() keeps the working
 *   copy of that street for that role (nothing is opened)
 */
char *
gw_store_get_server_copy_path (const char  *location,
                               GError     **error)
{
  g_return_val_if_fail (location != NULL, NULL);

  return gw_remote_copy_path (location, error);
}

/**
 * gw_store_case_digest:
 * @self: a #GwStore
 * @cases: (out): how many cases
 * @versions: (out): the sum of their row versions
 * @events: (out): how many history events
 * @error: a #GError
 *
 * What `bench-server` compares with the server's gw_pg_case_digest().
 */
gboolean
gw_store_case_digest (GwStore  *self,
                      gint64   *cases,
                      gint64   *versions,
                      gint64   *events,
                      GError  **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  return query_int (self, "SELECT count(*) FROM cases", cases, error)
         && query_int (self, "SELECT coalesce (sum (version), 0) FROM cases", versions, error)
         && query_int (self, "SELECT count(*) FROM case_events", events, error);
}

/**
 * gw_store_get_server_socket:
 * @self: a #GwStore
 *
 * Returns: the server connection's socket, readable when the server has
 *   news (see gw_store_sync()); -1 for a file
 */
int
gw_store_get_server_socket (GwStore *self)
{
  g_return_val_if_fail (GW_IS_STORE (self), -1);

  return self->remote != NULL ? gw_remote_get_socket (self->remote) : -1;
}

/**
 * gw_store_sync:
 * @self: a #GwStore
 * @changed: (out) (optional): whether other users changed anything
 * @error: a #GError
 *
 * On a server, reads the server's notifications and brings the working
 * copy up to date with what other users committed. Nothing for a file
 * (other programs' writes are in the file already).
 *
 * Returns: %TRUE unless the server could not be read
 */
gboolean
gw_store_sync (GwStore   *self,
               gboolean  *changed,
               GError   **error)
{
  g_return_val_if_fail (GW_IS_STORE (self), FALSE);

  if (changed != NULL)
    *changed = FALSE;
  if (self->remote == NULL)
    return TRUE;
  gw_remote_take_notifications (self->remote);
  return gw_remote_sync (self->remote, self, changed, error);
}

/* A server's working copy opened as a plain file (by a worker thread that
 * reads it) must not be written: its writes would never reach the server. */
static gboolean
query_working_copy (GwStore  *self,
                    GError  **error)
{
  gint64 found = 0;

  if (!query_int (self, "SELECT count(*) FROM sqlite_master WHERE name = 'working_copy'",
                  &found, error))
    return FALSE;
  self->working_copy = found > 0;
  return TRUE;
}

/* Opens and migrates up to @target_version only: tests use it to make files
 * of an older schema and check that upgrading them keeps their data. */
GwStore *
gw_store_open_at_version (const char        *path,
                          GwStoreOpenFlags   flags,
                          int                target_version,
                          GError           **error)
{
  g_autoptr (GwStore) self = NULL;
  g_autofree char *display = NULL;
  gboolean exists;
  gboolean is_empty = TRUE;
  int open_flags;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (target_version >= 1 && target_version <= GW_STORE_SCHEMA_VERSION, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);
  exists = g_file_test (path, G_FILE_TEST_EXISTS);

  if (exists && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN,
                   _("%s is a folder, not a Gridwork database"), display);
      return NULL;
    }
  if (!exists && !(flags & GW_STORE_OPEN_CREATE))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN,
                   _("%s does not exist"), display);
      return NULL;
    }
  if (!exists && (flags & GW_STORE_OPEN_READ_ONLY))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN,
                   _("%s does not exist"), display);
      return NULL;
    }
  if (exists && !stat_project_file (path, &is_empty, error))
    return NULL;
  if (exists && is_empty && !(flags & GW_STORE_OPEN_CREATE))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_GRIDWORK,
                   _("%s is an empty file, not a Gridwork database"), display);
      return NULL;
    }

  self = g_object_new (GW_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->read_only = (flags & GW_STORE_OPEN_READ_ONLY) != 0;
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);

  open_flags = self->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (flags & GW_STORE_OPEN_CREATE)
    open_flags |= SQLITE_OPEN_CREATE;
  open_flags |= SQLITE_OPEN_NOMUTEX;

  if (sqlite3_open_v2 (path, &self->db, open_flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN,
                   _("Could not open %s: %s"), display,
                   self->db != NULL ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM));
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  /* Another program writing: wait for it rather than fail at once. */
  sqlite3_busy_timeout (self->db, GW_STORE_BUSY_TIMEOUT_MS);

  self->spatialite_cache = spatialite_alloc_connection ();
  spatialite_init_ex (self->db, self->spatialite_cache, 0);

  if (!check_gridwork_file (self, error))
    return NULL;

  if (self->schema_version < GW_STORE_SCHEMA_VERSION && self->read_only)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN,
                   self->schema_version == 0
                   ? _("%s is empty; it cannot be created read-only")
                   : _("%s uses an older schema and must be upgraded; open it for writing first"),
                   display);
      return NULL;
    }

  if (!self->read_only)
    {
      /* Only now that the file is known to be ours may we change its journal. */
      if (!gw_store_exec (self, "PRAGMA journal_mode = WAL", error)
          || !gw_store_exec (self, "PRAGMA synchronous = NORMAL", error))
        return NULL;
    }
  if (!gw_store_exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (!gw_store_migrate (self, target_version, error))
    return NULL;
  if (!query_working_copy (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
gw_store_count (GwStore        *self,
                GDateTime      *now,
                GwStoreCounts  *counts,
                GError        **error)
{
  static const struct
  {
    const char *sql;
    gsize       offset;
  } queries[] = {
    { "SELECT count(*) FROM streets WHERE geom IS NOT NULL",
      G_STRUCT_OFFSET (GwStoreCounts, street_boundaries) },
    { "SELECT count(*) FROM communities WHERE substr (code, 10) <> '000'",
      G_STRUCT_OFFSET (GwStoreCounts, communities) },
    { "SELECT count(*) FROM grids WHERE retired_at IS NULL",
      G_STRUCT_OFFSET (GwStoreCounts, grids) },
    { "SELECT count(*) FROM lots", G_STRUCT_OFFSET (GwStoreCounts, lots) },
    { "SELECT count(*) FROM buildings", G_STRUCT_OFFSET (GwStoreCounts, buildings) },
    { "SELECT count(*) FROM buildings b JOIN lots l ON l.id = b.lot_id WHERE l.grid_id IS NULL",
      G_STRUCT_OFFSET (GwStoreCounts, unassigned_buildings) },
    { "SELECT count(*) FROM dwellings", G_STRUCT_OFFSET (GwStoreCounts, dwellings) },
    { "SELECT count(*) FROM households", G_STRUCT_OFFSET (GwStoreCounts, households) },
    { "SELECT count(*) FROM residents", G_STRUCT_OFFSET (GwStoreCounts, residents) },
    { "SELECT count(*) FROM roads", G_STRUCT_OFFSET (GwStoreCounts, roads) },
    { "SELECT count(*) FROM workers", G_STRUCT_OFFSET (GwStoreCounts, workers) },
    { "SELECT count(DISTINCT grid_id) FROM grid_workers",
      G_STRUCT_OFFSET (GwStoreCounts, staffed_grids) },
    { "SELECT count(*) FROM users", G_STRUCT_OFFSET (GwStoreCounts, users) },
    { "SELECT count(*) FROM departments", G_STRUCT_OFFSET (GwStoreCounts, departments) },
    { "SELECT count(*) FROM cases", G_STRUCT_OFFSET (GwStoreCounts, cases) },
    { "SELECT count(*) FROM cases WHERE status IN " GW_CASE_OPEN_STATUSES_SQL,
      G_STRUCT_OFFSET (GwStoreCounts, open_cases) },
  };
  g_autoptr (GDateTime) now_owned = NULL;
  g_autofree char *now_text = NULL;
  g_autoptr (sqlite3_stmt) overdue = NULL;

  g_return_val_if_fail (GW_IS_STORE (self), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  memset (counts, 0, sizeof *counts);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    if (!query_int (self, queries[i].sql,
                    G_STRUCT_MEMBER_P (counts, queries[i].offset), error))
      return FALSE;

  if (now == NULL)
    now = now_owned = gw_now ();
  now_text = gw_format_timestamp (now);
  overdue = gw_store_prepare (self,
                              "SELECT count(*) FROM cases WHERE status IN " GW_CASE_OPEN_STATUSES_SQL
                              " AND deadline_at IS NOT NULL AND deadline_at < ?",
                              error);
  if (overdue == NULL
      || !gw_store_check_bind (self, sqlite3_bind_text (overdue, 1, now_text, -1, SQLITE_STATIC), error))
    return FALSE;
  if (sqlite3_step (overdue) != SQLITE_ROW)
    {
      gw_store_set_sql_error (self, error, _("Could not count overdue cases"));
      return FALSE;
    }
  counts->overdue_cases = sqlite3_column_int64 (overdue, 0);
  return TRUE;
}

gboolean
gw_store_step_done (GwStore      *self,
                    sqlite3_stmt *stmt,
                    const char   *what,
                    GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (self, error, what);
      return FALSE;
    }
  return TRUE;
}
