/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>

#include "gw-pg.h"
#include "gw-store.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* The tables of a street, parents before children (the order of a push;
 * a pull and a replace delete in the reverse order). */
extern const char * const gw_pg_street_tables[];
extern const guint gw_pg_n_street_tables;

PGconn   *gw_pg_get_conn        (GwPg        *self);
/* user@host:port/dbname of @uri, for messages: never its password. */
char     *gw_pg_describe        (const char  *uri,
                                 GError     **error);

/* Runs @sql (several statements allowed) and checks that it succeeded;
 * @what says what failed, in front of the server's reason. */
gboolean  gw_pg_exec            (GwPg        *self,
                                 const char  *sql,
                                 const char  *what,
                                 GError     **error);
/* Runs @sql with text parameters; returns its rows, or NULL with @error. */
PGresult *gw_pg_query           (GwPg        *self,
                                 const char  *sql,
                                 int          n_params,
                                 const char * const *params,
                                 const char  *what,
                                 GError     **error);
/* Sets @error from the connection's last error or from @result. */
void      gw_pg_set_error       (GwPg        *self,
                                 PGresult    *result,
                                 const char  *what,
                                 GError     **error);
/* Refuses a database that `server init` has not set up. */
gboolean  gw_pg_check_schema    (GwPg        *self,
                                 GError     **error);
void      gw_pg_rollback        (GwPg        *self);
/* Whether the signed-in role may read ID numbers and phones (1 or 0; -1
 * with @error). */
int       gw_pg_sees_personal_data (GwPg     *self,
                                    GError  **error);



gboolean  gw_pg_copy_down       (GwPg        *pg,
                                 GwStore     *store,
                                 const char  *street_literal,
                                 const char  *table,
                                 const char  *filter,
                                 gboolean     upsert,
                                 GHashTable  *seen_ids,
                                 gint64      *rows,
                                 GError     **error);
/* Empties @store's street tables and copies the street's rows into them
 * (in the caller's transactions, on both sides). */
gboolean  gw_pg_copy_street_down (GwPg         *pg,
                                  GwStore      *store,
                                  GwPgTransfer *transfer,
                                  GError      **error);

G_END_DECLS
