/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "gw-store.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

sqlite3      *gw_store_get_db        (GwStore      *self);

/* gw_store_open() that stops migrating at @target_version (for tests). */
GwStore      *gw_store_open_at_version (const char       *path,
                                        GwStoreOpenFlags  flags,
                                        int               target_version,
                                        GError          **error);

/* How long a write waits for another connection's (tests shorten it). */
void          gw_store_set_busy_timeout (GwStore    *self,
                                         int         milliseconds);

/* Prepares @sql on the store's connection (cached: do not finalize the
 * result, it is reset before it is returned). */
sqlite3_stmt *gw_store_prepare_cached (GwStore     *self,
                                       const char  *sql,
                                       GError     **error);
/* Prepares @sql; the caller finalizes (g_autoptr (sqlite3_stmt)). */
sqlite3_stmt *gw_store_prepare       (GwStore      *self,
                                      const char   *sql,
                                      GError      **error);
gboolean      gw_store_exec          (GwStore      *self,
                                      const char   *sql,
                                      GError      **error);
/* Sets @error from the connection's last error, with @what in front. */
void          gw_store_set_sql_error (GwStore      *self,
                                      GError      **error,
                                      const char   *what);
/* Steps a statement that returns no row and resets it; @what (translated)
 * heads the error when it fails. */
gboolean      gw_store_step_done     (GwStore      *self,
                                      sqlite3_stmt *stmt,
                                      const char   *what,
                                      GError      **error);
/* Checks an sqlite3_bind_* result. */
gboolean      gw_store_check_bind    (GwStore      *self,
                                      int           rc,
                                      GError      **error);

/* Column and parameter helpers shared by the core's queries. */
char         *gw_store_column_dup    (sqlite3_stmt *stmt,
                                      int           column);  /* "" for NULL */
char         *gw_store_column_dup_nullable (sqlite3_stmt *stmt,
                                            int           column);
/* NULL @text binds SQL NULL. */
gboolean      gw_store_bind_text     (GwStore      *self,
                                      sqlite3_stmt *stmt,
                                      int           index,
                                      const char   *text,
                                      GError      **error);
gboolean      gw_store_bind_int64    (GwStore      *self,
                                      sqlite3_stmt *stmt,
                                      int           index,
                                      gint64        value,
                                      GError      **error);
/* An id where 0 means "none": binds SQL NULL for 0. */
gboolean      gw_store_bind_ref      (GwStore      *self,
                                      sqlite3_stmt *stmt,
                                      int           index,
                                      gint64        id,
                                      GError      **error);

G_END_DECLS
