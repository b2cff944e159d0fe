/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "gw-accounts.h"
#include "gw-cli.h"
#include "gw-project.h"

/* gridwork-cli new DB --street-code NNNNNNNNN --street-name NAME [--admin LOGIN] …
 * gridwork-cli user add DB LOGIN --role supervisor|planner|staff [--grid CODE …] [--name NAME]
 * gridwork-cli user list DB
 *
 * Passwords come from --password-file (its first line) or, at a terminal, are
 * asked twice without echo; they are never taken on the command line, where
 * other users of the machine could read them. */

/* The first line of @path, without its newline. */
static char *
read_password_file (const char  *path,
                    GError     **error)
{
  g_autofree char *contents = NULL;
  char *newline;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  newline = strpbrk (contents, "\r\n");
  if (newline != NULL)
    *newline = '\0';
  return g_steal_pointer (&contents);
}

static char *
ask_once (const char *prompt)
{
  struct termios old, quiet;
  char buffer[512];
  char *line;
  gboolean echo_off;

  fputs (prompt, stderr);
  fflush (stderr);
  echo_off = tcgetattr (STDIN_FILENO, &old) == 0;
  if (echo_off)
    {
      quiet = old;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  line = fgets (buffer, sizeof buffer, stdin);
  if (echo_off)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &old);
  fputc ('\n', stderr);
  if (line == NULL)
    return NULL;
  buffer[strcspn (buffer, "\r\n")] = '\0';
  return g_strdup (buffer);
}

/* The password for @login: from @file, or asked twice at a terminal. */
static char *
get_password (const char  *login,
              const char  *file,
              GError     **error)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *prompt = NULL;

  if (file != NULL)
    return read_password_file (file, error);
  if (!isatty (STDIN_FILENO))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("a password for “%s” is needed: give --password-file FILE, or run this at a "
                     "terminal"),
                   login);
      return NULL;
    }
  prompt = g_strdup_printf (_("Password for %s: "), login);
  first = ask_once (prompt);
  second = ask_once (_("The same password again: "));
  if (first == NULL || second == NULL || strcmp (first, second) != 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("The two passwords differ"));
      return NULL;
    }
  return g_steal_pointer (&first);
}

int
gw_cli_new (int    argc,
            char **argv)
{
  g_autofree char *street_code = NULL, *street_name = NULL, *district_name = NULL;
  g_autofree char *admin = NULL, *admin_name = NULL, *password_file = NULL;
  const GOptionEntry entries[] = {
    { "street-code", 0, 0, G_OPTION_ARG_STRING, &street_code,
      N_("The street's code: the district's 6 digits and the street's 3"), N_("NNNNNNNNN") },
    { "street-name", 0, 0, G_OPTION_ARG_STRING, &street_name, N_("The street office's name"),
      N_("NAME") },
    { "district-name", 0, 0, G_OPTION_ARG_STRING, &district_name, N_("Its district's name"),
      N_("NAME") },
    { "admin", 0, 0, G_OPTION_ARG_STRING, &admin,
      N_("Login of the first supervisor (default: admin)"), N_("LOGIN") },
    { "admin-name", 0, 0, G_OPTION_ARG_STRING, &admin_name, N_("Their name as shown"),
      N_("NAME") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_("Read their password from the first line of FILE (else it is asked)"), N_("FILE") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("DATABASE"));
  g_autoptr (GError) error = NULL;
  g_autofree char *password = NULL;
  GwUserNew first = { 0 };

  g_option_context_set_summary (context, _("Creates the project of a street office of its own: "
                                           "the street and its first supervisor."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!gw_cli_parse (context, "new", &argc, &argv, 1))
    return 2;
  if (street_code == NULL || street_name == NULL)
    {
      fprintf (stderr, "%s\n", _("gridwork-cli new: give --street-code and --street-name"));
      return 2;
    }
  first.login = admin != NULL ? admin : "admin";
  first.name = admin_name;
  first.role = GW_ROLE_SUPERVISOR;
  password = get_password (first.login, password_file, &error);
  if (password == NULL)
    return gw_cli_fail ("new", error);
  first.password = password;
  if (!gw_project_create (argv[1], street_code, street_name, district_name, &first, &error))
    return gw_cli_fail ("new", error);
  printf (_("Created %s: %s (%s), first supervisor %s\n"), argv[1], street_name, street_code,
          first.login);
  return 0;
}

static int
user_add (int    argc,
          char **argv)
{
  g_autofree char *role_key = NULL, *name = NULL, *password_file = NULL, *acting_login = NULL;
  g_auto (GStrv) grids = NULL;
  gboolean no_password = FALSE;
  const GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_key, N_("supervisor, planner or staff"),
      N_("ROLE") },
    { "grid", 0, 0, G_OPTION_ARG_STRING_ARRAY, &grids,
      N_("For grid staff: a grid they serve (repeat for several)"), N_("CODE") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Their name as shown"), N_("NAME") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_("Read their password from the first line of FILE (else it is asked)"), N_("FILE") },
    { "no-password", 0, 0, G_OPTION_ARG_NONE, &no_password,
      N_("An account that signs in without a password (scripts only)"), NULL },
    { "user", 0, 0, G_OPTION_ARG_STRING, &acting_login,
      N_("The supervisor who adds the account (default: GRIDWORK_USER)"), N_("LOGIN") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("DATABASE LOGIN"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = NULL;
  g_autofree char *password = NULL;
  GwUserNew fields = { 0 };

  g_option_context_set_summary (context, _("Adds an account with a role (and grids for grid "
                                           "staff), as a supervisor, written to the audit log."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!gw_cli_parse (context, "user add", &argc, &argv, 2))
    return 2;
  if (role_key == NULL || !gw_role_from_key (role_key, &fields.role))
    {
      fprintf (stderr, "%s\n",
               _("gridwork-cli user add: give --role supervisor, planner or staff"));
      return 2;
    }
  if (acting_login == NULL)
    acting_login = g_strdup (g_getenv ("GRIDWORK_USER"));
  if (acting_login == NULL || *acting_login == '\0')
    {
      fprintf (stderr, "%s\n", _("gridwork-cli user add: say which supervisor adds the account "
                                 "with --user LOGIN or GRIDWORK_USER"));
      return 2;
    }
  fields.login = argv[2];
  fields.name = name;
  fields.grid_codes = (const char * const *) grids;
  if (!no_password)
    {
      password = get_password (fields.login, password_file, &error);
      if (password == NULL)
        return gw_cli_fail ("user add", error);
      fields.password = password;
    }
  project = gw_project_open (argv[1], &error);
  if (project == NULL || !gw_project_set_user (project, acting_login, &error)
      || gw_user_add (gw_project_get_store (project), gw_project_get_user (project), &fields,
                      &error) == 0)
    return gw_cli_fail ("user add", error);
  printf ("%s\t%s\n", fields.login, gw_role_key (fields.role));
  return 0;
}

static int
user_list (int    argc,
           char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("DATABASE"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = NULL;
  g_autoptr (GPtrArray) users = NULL;

  g_option_context_set_summary (context, _("Lists the accounts: login, role, name, grids."));
  if (!gw_cli_parse (context, "user list", &argc, &argv, 1))
    return 2;
  project = gw_project_open (argv[1], &error);
  if (project == NULL || (users = gw_user_list (gw_project_get_store (project), &error)) == NULL)
    return gw_cli_fail ("user list", error);
  for (guint i = 0; i < users->len; i++)
    {
      GwUser *user = g_ptr_array_index (users, i);

      printf ("%s\t%s\t%s\t%u\n", user->login, gw_role_key (user->role), user->name,
              user->grid_ids->len);
    }
  return 0;
}

int
gw_cli_user (int    argc,
             char **argv)
{
  if (argc >= 2 && strcmp (argv[1], "add") == 0)
    return user_add (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "list") == 0)
    return user_list (argc - 1, argv + 1);
  fprintf (stderr, "%s\n", _("Usage: gridwork-cli user add|list DATABASE …"));
  return 2;
}
