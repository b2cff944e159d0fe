/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "gw-cli.h"
#include "gw-pg.h"

/* The district server (PostgreSQL + PostGIS):
 *   gridwork-cli server init URI
 *   gridwork-cli server sign-up URI ROLE --street CODE --login LOGIN
 *   gridwork-cli push FILE.sqlite URI [--replace]
 *   gridwork-cli pull URI --street CODE OUT.sqlite
 * URI is a libpq connection string: postgresql://user@host:port/db,
 * "service=NAME", or "" for the libpq environment (PGHOST, …). */

/* A row count for a message (valid until the next call). */
static const char *
rows_text (gint64 rows)
{
  static char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, rows);
  return text;
}

static int
server_init (int    argc,
             char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("URI"));
  g_autoptr (GError) error = NULL;

  g_option_context_set_summary (context,
                                _("Set a PostgreSQL database up as a district server: the PostGIS "
                                  "extension, the schema, the roles gw_supervisor, gw_planner, "
                                  "gw_staff and gw_personal_data, row-level security, the masking "
                                  "views and the append-only audit log"));
  if (!gw_cli_parse (context, "server init", &argc, &argv, 1))
    return 2;
  if (!gw_pg_server_init (argv[1], &error))
    return gw_cli_fail ("server init", error);
  printf (_("The server is set up for Gridwork (schema %d)"), GW_PG_SCHEMA_VERSION);
  putchar ('\n');
  return 0;
}

/* A password from standard input (one line), never from the command line
 * where other users' `ps` would see it. */
static char *
read_password (void)
{
  char line[1024];

  if (fgets (line, sizeof line, stdin) == NULL)
    return NULL;
  line[strcspn (line, "\r\n")] = '\0';
  return line[0] != '\0' ? g_strdup (line) : NULL;
}

static int
server_sign_up (int    argc,
                char **argv)
{
  g_autofree char *street = NULL, *login = NULL, *password = NULL;
  gboolean personal_data = FALSE, password_stdin = FALSE;
  const GOptionEntry entries[] = {
    { "street", 0, 0, G_OPTION_ARG_STRING, &street, N_("The street's 9-digit code"), N_("CODE") },
    { "login", 0, 0, G_OPTION_ARG_STRING, &login, N_("Which user of the street the role is"), N_("LOGIN") },
    { "personal-data", 0, 0, G_OPTION_ARG_NONE, &personal_data,
      N_("May read resident ID numbers and phones unmasked"), NULL },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Set the role's password from the first line of standard input"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("URI ROLE"));
  g_autoptr (GError) error = NULL;
  GwPgSignUp request = { 0 };

  g_option_context_set_summary (context,
                                _("Let a person sign in to the district server as their own "
                                  "PostgreSQL role ROLE (created if missing) and act there as a user "
                                  "of a street; the role joins gw_supervisor, gw_planner or gw_staff "
                                  "as the user's role in the street says. URI signs in as the "
                                  "server's administrator."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!gw_cli_parse (context, "server sign-up", &argc, &argv, 2))
    return 2;
  if (street == NULL || login == NULL)
    {
      fprintf (stderr, "gridwork-cli server sign-up: %s\n", _("--street and --login are required"));
      return 2;
    }
  if (password_stdin && (password = read_password ()) == NULL)
    {
      fprintf (stderr, "gridwork-cli server sign-up: %s\n", _("no password on standard input"));
      return 2;
    }
  request = (GwPgSignUp) { argv[2], street, login, personal_data, password };
  if (!gw_pg_sign_up (argv[1], &request, &error))
    return gw_cli_fail ("server sign-up", error);
  printf (_("%s signs in as %s of street %s"), argv[2], login, street);
  putchar ('\n');
  return 0;
}

int
gw_cli_server (int    argc,
               char **argv)
{
  if (argc >= 2 && strcmp (argv[1], "init") == 0)
    return server_init (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "sign-up") == 0)
    return server_sign_up (argc - 1, argv + 1);
  fprintf (stderr, "%s\n%s\n", _("Usage: gridwork-cli server init URI"),
           _("       gridwork-cli server sign-up URI ROLE --street CODE --login LOGIN "
             "[--personal-data] [--password-stdin]"));
  return 2;
}

int
gw_cli_push (int    argc,
             char **argv)
{
  gboolean replace = FALSE;
  const GOptionEntry entries[] = {
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace,
      N_("Replace the street if the server holds it already"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("FILE.sqlite URI"));
  g_autoptr (GError) error = NULL;
  GwPgTransfer transfer = { 0 };
  gint64 start = g_get_monotonic_time ();

  g_option_context_set_summary (context,
                                _("Upload the street of a project file to the district server, "
                                  "every row of every table, in one transaction"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!gw_cli_parse (context, "push", &argc, &argv, 2))
    return 2;
  if (!gw_pg_push (argv[1], argv[2], replace ? GW_PG_PUSH_REPLACE : GW_PG_PUSH_DEFAULT,
                   &transfer, &error))
    {
      gw_pg_transfer_clear (&transfer);
      return gw_cli_fail ("push", error);
    }
  /* Translators: the street code, rows, tables and seconds */
  printf (_("Pushed street %s: %s rows of %u tables in %.1f s"),
          transfer.street_code, rows_text (transfer.rows), transfer.tables,
          (g_get_monotonic_time () - start) / 1e6);
  putchar ('\n');
  gw_pg_transfer_clear (&transfer);
  return 0;
}

int
gw_cli_pull (int    argc,
             char **argv)
{
  g_autofree char *street = NULL;
  const GOptionEntry entries[] = {
    { "street", 's', 0, G_OPTION_ARG_STRING, &street, N_("The street to pull (9 digits)"),
      N_("CODE") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("URI OUT.sqlite"));
  g_autoptr (GError) error = NULL;
  GwPgTransfer transfer = { 0 };
  gint64 start = g_get_monotonic_time ();

  g_option_context_set_summary (context,
                                _("Write a street the district server holds into a new project "
                                  "file, for offline work or archiving"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!gw_cli_parse (context, "pull", &argc, &argv, 2))
    return 2;
  if (street == NULL)
    {
      fprintf (stderr, "gridwork-cli pull: %s\n", _("say which street with --street CODE"));
      return 2;
    }
  if (!gw_pg_pull (argv[1], street, argv[2], &transfer, &error))
    {
      gw_pg_transfer_clear (&transfer);
      return gw_cli_fail ("pull", error);
    }
  /* Translators: the street code, the file, rows, tables and seconds */
  printf (_("Pulled street %s into %s: %s rows of %u tables in %.1f s"),
          transfer.street_code, argv[2], rows_text (transfer.rows), transfer.tables,
          (g_get_monotonic_time () - start) / 1e6);
  putchar ('\n');
  gw_pg_transfer_clear (&transfer);
  return 0;
}
