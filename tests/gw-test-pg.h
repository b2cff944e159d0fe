/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* A throwaway PostgreSQL 15 cluster for the tests of the district server:
 * initdb and pg_ctl (Debian's /usr/lib/postgresql/15/bin, or GW_PG_BINDIR)
 * in a temporary folder, listening only on a unix socket in that folder,
 * on a port no other server uses; trust authentication, superuser
 * gw_admin, an empty database "gridwork". PostgreSQL refuses to run as
 * root: under root (CI) the cluster runs as the "postgres" user through
 * runuser, and the folder is given to it. Fails the test if it cannot
 * start. */
typedef struct _GwTestPg GwTestPg;

GwTestPg   *gw_test_pg_start    (void);
/* Stops the cluster and deletes its folder. */
void        gw_test_pg_stop     (GwTestPg   *pg);
/* A libpq URI of the "gridwork" database for @user. */
char       *gw_test_pg_uri      (GwTestPg   *pg,
                                 const char *user);
/* Where the server listens: its socket folder and port. */
const char *gw_test_pg_get_dir  (GwTestPg   *pg);
int         gw_test_pg_get_port (GwTestPg   *pg);
/* Connects as @user; fails the test if it cannot. */
PGconn     *gw_test_pg_connect  (GwTestPg   *pg,
                                 const char *user);
/* Runs @sql; fails the test unless it succeeds. */
PGresult   *gw_test_pg_exec     (PGconn     *conn,
                                 const char *sql);
/* The first value of @sql's first row, as an integer. */
gint64      gw_test_pg_int      (PGconn     *conn,
                                 const char *sql);
/* The SQLSTATE @sql fails with ("" when it succeeds). */
char       *gw_test_pg_sqlstate (PGconn     *conn,
                                 const char *sql);

G_END_DECLS
