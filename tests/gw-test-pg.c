/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gw-test-pg.h"

struct _GwTestPg
{
  char     *dir;      /* data/, the socket and the log */
  char     *bindir;
  int       port;
  gboolean  as_postgres;
  int       lifeline;  /* write end of the watchdog's pipe */
  GPid      watchdog;
};

/* Runs a PostgreSQL program, as the postgres user when we are root. */
static void
run_pg_program (GwTestPg            *pg,
                const char * const  *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;

  if (pg->as_postgres)
    {
      g_ptr_array_add (argv, g_strdup ("runuser"));
      g_ptr_array_add (argv, g_strdup ("-u"));
      g_ptr_array_add (argv, g_strdup ("postgres"));
      g_ptr_array_add (argv, g_strdup ("--"));
    }
  g_ptr_array_add (argv, g_build_filename (pg->bindir, args[0], NULL));
  for (guint i = 1; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (pg->dir, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s%s", args[0], error->message, out != NULL ? out : "",
             err != NULL ? err : "");
}

/* A TCP port nobody listens on now; the cluster listens only on its unix
 * socket, whose name carries the port, but a free one keeps libpq's
 * messages and any later TCP listening honest. */
static int
free_port (void)
{
  struct sockaddr_in address = { .sin_family = AF_INET };
  socklen_t length = sizeof address;
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  int port;

  g_assert_cmpint (fd, >=, 0);
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &address, sizeof address), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &address, &length), ==, 0);
  port = ntohs (address.sin_port);
  close (fd);
  return port;
}

/* The cluster must not outlive the test, even one that aborts on a failed
 * assertion or is killed at its timeout: a child in a session of its own
 * waits for the end of a pipe that only this process holds open (close-on-
 * exec, so neither the CLI nor the server inherit it), and when the pipe
 * closes — at gw_test_pg_stop() or at death — stops the cluster and deletes
 * its folder. One way of cleaning up for both. */
static void
start_watchdog (GwTestPg *pg)
{
  g_autofree char *script = NULL;
  g_autofree char *data = g_build_filename (pg->dir, "data", NULL);
  g_autofree char *pg_ctl = g_build_filename (pg->bindir, "pg_ctl", NULL);
  g_autofree char *quoted_ctl = g_shell_quote (pg_ctl);
  g_autofree char *quoted_data = g_shell_quote (data);
  g_autofree char *quoted_dir = g_shell_quote (pg->dir);
  char *argv[4];
  int fds[2];
  pid_t pid;

  script = g_strdup_printf ("%s %s --pgdata %s --mode immediate --wait stop >/dev/null 2>&1;"
                            " rm -rf %s",
                            pg->as_postgres ? "runuser -u postgres --" : "",
                            quoted_ctl, quoted_data, quoted_dir);
  argv[0] = (char *) "/bin/sh";
  argv[1] = (char *) "-c";
  argv[2] = script;
  argv[3] = NULL;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      char byte;

      /* Only async-signal-safe calls between fork and exec. */
      close (fds[1]);
      setsid ();
      while (read (fds[0], &byte, 1) != 0)
        ;
      execv (argv[0], argv);
      _exit (127);
    }
  close (fds[0]);
  fcntl (fds[1], F_SETFD, FD_CLOEXEC);
  pg->lifeline = fds[1];
  pg->watchdog = pid;
}

GwTestPg *
gw_test_pg_start (void)
{
  GwTestPg *pg = g_new0 (GwTestPg, 1);
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL, *log = NULL, *options = NULL;
  g_autoptr (PGconn) admin = NULL;
  g_autoptr (PGresult) created = NULL;
  g_autofree char *conninfo = NULL;

  pg->bindir = g_strdup (g_getenv ("GW_PG_BINDIR") != NULL ? g_getenv ("GW_PG_BINDIR")
                                                           : "/usr/lib/postgresql/15/bin");
  pg->dir = g_dir_make_tmp ("gridwork-pg-XXXXXX", &error);
  g_assert_no_error (error);
  pg->port = free_port ();
  pg->as_postgres = geteuid () == 0;
  if (pg->as_postgres)
    {
      struct passwd *postgres = getpwnam ("postgres");

      if (postgres == NULL)
        g_error ("Running as root, the test cluster needs the user “postgres” "
                 "(Debian's postgresql-15 package creates it)");
      g_assert_cmpint (chown (pg->dir, postgres->pw_uid, postgres->pw_gid), ==, 0);
    }

  start_watchdog (pg);
  data = g_build_filename (pg->dir, "data", NULL);
  log = g_build_filename (pg->dir, "log", NULL);
  run_pg_program (pg, (const char *[]) { "initdb", "--pgdata", data, "--username", "gw_admin",
                                         "--auth", "trust", "--encoding", "UTF8", "--no-locale",
                                         "--no-sync", NULL });
  /* No fsync: a test cluster that dies is thrown away anyway. */
  options = g_strdup_printf ("-k %s -p %d -c listen_addresses='' -c fsync=off", pg->dir, pg->port);
  run_pg_program (pg, (const char *[]) { "pg_ctl", "--pgdata", data, "--log", log, "--wait",
                                         "--options", options, "start", NULL });

  conninfo = g_strdup_printf ("host=%s port=%d user=gw_admin dbname=postgres", pg->dir, pg->port);
  admin = PQconnectdb (conninfo);
  g_assert_cmpint (PQstatus (admin), ==, CONNECTION_OK);
  created = gw_test_pg_exec (admin, "CREATE DATABASE gridwork");
  return pg;
}

void
gw_test_pg_stop (GwTestPg *pg)
{
  int status = 0;

  /* The watchdog stops the cluster and deletes its folder. */
  close (pg->lifeline);
  g_assert_cmpint (waitpid (pg->watchdog, &status, 0), ==, pg->watchdog);
  g_assert_false (g_file_test (pg->dir, G_FILE_TEST_EXISTS));
  g_free (pg->dir);
  g_free (pg->bindir);
  g_free (pg);
}

char *
gw_test_pg_uri (GwTestPg   *pg,
                const char *user)
{
  g_autofree char *host = g_uri_escape_string (pg->dir, NULL, FALSE);

  return g_strdup_printf ("postgresql://%s@%s:%d/gridwork", user, host, pg->port);
}

const char *
gw_test_pg_get_dir (GwTestPg *pg)
{
  return pg->dir;
}

int
gw_test_pg_get_port (GwTestPg *pg)
{
  return pg->port;
}

PGconn *
gw_test_pg_connect (GwTestPg   *pg,
                    const char *user)
{
  g_autofree char *uri = gw_test_pg_uri (pg, user);
  PGconn *conn = PQconnectdb (uri);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("Could not connect as %s: %s", user, PQerrorMessage (conn));
  return conn;
}

PGresult *
gw_test_pg_exec (PGconn     *conn,
                 const char *sql)
{
  PGresult *result = PQexec (conn, sql);
  ExecStatusType status = PQresultStatus (result);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  return result;
}

gint64
gw_test_pg_int (PGconn     *conn,
                const char *sql)
{
  g_autoptr (PGresult) result = gw_test_pg_exec (conn, sql);

  g_assert_cmpint (PQntuples (result), >=, 1);
  return g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
}

char *
gw_test_pg_sqlstate (PGconn     *conn,
                     const char *sql)
{
  g_autoptr (PGresult) result = PQexec (conn, sql);
  ExecStatusType status = PQresultStatus (result);
  const char *state;

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return g_strdup ("");
  state = PQresultErrorField (result, PG_DIAG_SQLSTATE);
  return g_strdup (state != NULL ? state : "?");
}
