/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libpq-fe.h>

#include "gw-pg.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* The tables of a street, parents before children (the order of a push;
 * a pull and a replace delete in the reverse order). */
extern const char * const gw_pg_street_tables[];
extern const guint gw_pg_n_street_tables;

PGconn   *gw_pg_get_conn        (GwPg        *self);

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

G_END_DECLS
