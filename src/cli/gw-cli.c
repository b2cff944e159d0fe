/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "gw-cli.h"
#include "gw-store.h"

/* gridwork-cli: headless verbs over the core, for scripts, tests and
 * benchmarks. Each verb parses its own options. */

static const struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} verbs[] = {
  { "new", gw_cli_new, N_("Create the project of a street office of its own") },
  { "user", gw_cli_user, N_("Add and list the accounts of a project") },
  { "demo", gw_cli_demo, N_("Create a synthetic street or district database") },
  { "info", gw_cli_info, N_("Print the counts of a database") },
  { "bench", gw_cli_bench, N_("Measure opening, tiles, picking and the inspector") },
  { "render", gw_cli_render, N_("Draw the map into a PNG picture") },
  { "print", gw_cli_print, N_("Print maps, an atlas or notice boards to PDF, SVG or PNG") },
  { "case", gw_cli_case, N_("List, show, reroute and advance cases") },
  { "plan", gw_cli_plan, N_("Draft, check, suggest and commit grid plans") },
  { "import", gw_cli_import, N_("Import a GIS file or table into a layer") },
  { "export", gw_cli_export, N_("Export a layer to GPKG, Shapefile, GeoJSON, KML, CSV or XLSX") },
  { "hotspots", gw_cli_hotspots, N_("Case hotspots: density, rates, Gi* hot and cold spots, trends") },
  { "kpi", gw_cli_kpi, N_("The five rates per grid, community, worker or department") },
  { "overdue", gw_cli_overdue, N_("The overdue board; remind or escalate an overdue case") },
  { "server", gw_cli_server, N_("Set a PostgreSQL database up as a district server") },
  { "push", gw_cli_push, N_("Upload a street's project file to the district server") },
  { "pull", gw_cli_pull, N_("Write a street of the district server into a new project file") },
  { "bench-server", gw_cli_bench_server, N_("Many clients at once on the district server: throughput, latency, consistency") },
};

int
gw_cli_fail (const char *verb,
             GError     *error)
{
  fprintf (stderr, "gridwork-cli %s: %s\n", verb, error->message);
  return 1;
}

/* Whether a location on the command line is a district server. */
static gboolean on_server;

const char *
gw_cli_acting_login (const char *verb,
                     const char *option)
{
  const char *login = option != NULL ? option : g_getenv ("GRIDWORK_USER");

  /* On a district server the role signed in is the user (gw_user_load()). */
  if ((login == NULL || *login == '\0') && on_server)
    return "";
  if (login == NULL || *login == '\0')
    {
      fprintf (stderr, "gridwork-cli %s: ", verb);
      fprintf (stderr, "%s\n", _("say who you are with --user LOGIN or the GRIDWORK_USER "
                                  "environment variable (there is no default user)"));
      return NULL;
    }
  return login;
}

gboolean
gw_cli_parse (GOptionContext  *context,
              const char      *verb,
              int             *argc,
              char          ***argv,
              int              n_positional)
{
  g_autoptr (GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      gw_cli_fail (verb, error);
      return FALSE;
    }
  if (*argc != n_positional + 1)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      fputs (help, stderr);
      return FALSE;
    }
  return TRUE;
}

void
gw_cli_filter_add_options (GOptionContext *context,
                           GwCliFilter    *options)
{
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &options->from, N_("First day reported"),
      N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &options->to, N_("Last day reported"), N_("YYYY-MM-DD") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &options->category,
      N_("A major class key (living_environment …) or a sub-class name"), N_("NAME") },
    { "tier", 0, 0, G_OPTION_ARG_STRING, &options->tier, N_("A, B or C"), N_("TIER") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &options->source,
      N_("building_leader, patrol, hotline, qr_code, mailbox or walk_in"), N_("SOURCE") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &options->status, N_("all, open or overdue"),
      N_("STATUS") },
    { "community", 0, 0, G_OPTION_ARG_STRING, &options->community,
      N_("Only this community (12 digits)"), N_("CODE") },
    { "street", 0, 0, G_OPTION_ARG_STRING, &options->street,
      N_("Only this street of a district's file (9 digits)"), N_("CODE") },
    { NULL }
  };

  /* The group copies the entries. */
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

gboolean
gw_cli_filter_read (const GwCliFilter  *options,
                    GwCaseFilter       *filter,
                    GError            **error)
{
  memset (filter, 0, sizeof *filter);
  if (options->status != NULL && !gw_case_filter_status_from_key (options->status, &filter->status))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("--status is all, open or overdue, not “%s”"), options->status);
      return FALSE;
    }
  filter->from = options->from;
  filter->to = options->to;
  filter->category = options->category;
  filter->tier = options->tier;
  filter->source = options->source;
  filter->community = options->community;
  filter->street = options->street;
  return gw_case_filter_validate (filter, error);
}

void
gw_cli_filter_clear (GwCliFilter *options)
{
  char **fields[] = { &options->from, &options->to, &options->category, &options->tier,
                      &options->source, &options->status, &options->community, &options->street };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_clear_pointer (fields[i], g_free);
}

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: gridwork-cli VERB [OPTION…] DATABASE"));
  fprintf (out, "%s\n", _("Verbs:"));
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    fprintf (out, "  %-8s %s\n", verbs[i].name, _(verbs[i].summary));
  fprintf (out, "\n%s\n", _("Run “gridwork-cli VERB --help” for the options of a verb."));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  /* GRIDWORK_LOCALEDIR lets the uninstalled build find its translations. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("GRIDWORK_LOCALEDIR") ? g_getenv ("GRIDWORK_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? 2 : 0;
    }

  for (int i = 2; i < argc; i++)
    on_server |= gw_store_location_is_server (argv[i]);
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (strcmp (argv[1], verbs[i].name) == 0)
      return verbs[i].run (argc - 1, argv + 1);

  fprintf (stderr, _("gridwork-cli: unknown verb “%s”"), argv[1]);
  fputc ('\n', stderr);
  print_usage (stderr);
  return 2;
}
