/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-cli"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "gw-checklist.h"
#include "gw-cli.h"
#include "gw-demo.h"
#include "gw-store.h"
#include "gw-util.h"

/* gridwork-cli demo OUT.sqlite [--scale street|district] [--seed N] [--today YYYY-MM-DD]
 * gridwork-cli info DB */

typedef struct
{
  gint64  started;
  char   *stage;
} DemoProgress;

static void
print_progress (const char *stage,
                double      fraction,
                gpointer    user_data)
{
  DemoProgress *progress = user_data;

  /* One line per stage: scripts and logs read it better than a bar. */
  if (g_strcmp0 (progress->stage, stage) == 0)
    return;
  g_free (progress->stage);
  progress->stage = g_strdup (stage);
  fprintf (stderr, "[%6.1f s] %s\n",
           (gw_monotonic_usec () - progress->started) / 1e6, stage);
}

static void
print_counts (FILE                *out,
              const GwStoreCounts *counts)
{
  fprintf (out, "communities: %" PRId64 "\n", counts->communities);
  fprintf (out, "grids: %" PRId64 "\n", counts->grids);
  fprintf (out, "lots: %" PRId64 "\n", counts->lots);
  fprintf (out, "buildings: %" PRId64 "\n", counts->buildings);
  fprintf (out, "unassigned_buildings: %" PRId64 "\n", counts->unassigned_buildings);
  fprintf (out, "dwellings: %" PRId64 "\n", counts->dwellings);
  fprintf (out, "households: %" PRId64 "\n", counts->households);
  fprintf (out, "residents: %" PRId64 "\n", counts->residents);
  fprintf (out, "workers: %" PRId64 "\n", counts->workers);
  fprintf (out, "departments: %" PRId64 "\n", counts->departments);
  fprintf (out, "cases: %" PRId64 "\n", counts->cases);
  fprintf (out, "open_cases: %" PRId64 "\n", counts->open_cases);
  fprintf (out, "overdue_cases: %" PRId64 "\n", counts->overdue_cases);
  fprintf (out, "street_boundaries: %" PRId64 "\n", counts->street_boundaries);
  fprintf (out, "roads: %" PRId64 "\n", counts->roads);
  fprintf (out, "staffed_grids: %" PRId64 "\n", counts->staffed_grids);
  fprintf (out, "users: %" PRId64 "\n", counts->users);
}

/* The set-up checklist: one line per item, "name<TAB>state<TAB>detail",
 * with the state as a word scripts can match (missing, partial, done). */
static void
print_checklist (FILE                *out,
                 const GwStoreCounts *counts)
{
  static const char *const states[] = { "missing", "partial", "done" };
  g_autoptr (GArray) lines = gw_checklist_from_counts (counts);

  for (guint i = 0; i < lines->len; i++)
    {
      const GwCheckLine *line = &g_array_index (lines, GwCheckLine, i);

      fprintf (out, "%s\t%s\t%s\n", gw_check_item_name (line->item),
               states[line->state], line->detail);
    }
  fprintf (out, _("%u of %u done\n"), gw_checklist_n_done (lines), lines->len);
}

/* "YYYY-MM-DD" → that day at 18:00 China time, the end of its working day. */
static GDateTime *
parse_today (const char *text)
{
  int year, month, day;
  char extra;

  if (sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &extra) != 3
      || !g_date_valid_dmy (day, month, year))
    return NULL;
  return g_date_time_new (gw_china_time_zone (), year, month, day, 18, 0, 0);
}

int
gw_cli_demo (int    argc,
             char **argv)
{
  g_autofree char *scale_text = NULL;
  g_autofree char *today_text = NULL;
  gint64 seed = 1;
  const GOptionEntry entries[] = {
    { "scale", 0, 0, G_OPTION_ARG_STRING, &scale_text,
      N_("street (one street, 66 grids; the default) or district (12 streets, 1,217 grids)"),
      "street|district" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_("Seed of the generator; the same seed and date give the same file (default 1)"), "N" },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text,
      N_("The year of cases ends on this day at 18:00 (default: 2026-11-20, the day the tests "
         "use, so that every run writes the same file)"), "YYYY-MM-DD" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) today = NULL;
  g_autoptr (GwStore) store = NULL;
  g_autofree char *display = NULL;
  GwDemoScale scale = GW_DEMO_SCALE_STREET;
  DemoProgress progress = { 0 };
  GwStoreCounts counts;
  gboolean ok;
  double seconds;

  /* So that --help reads "gridwork-cli demo [OPTION…] OUT.sqlite". */
  if (g_get_prgname () == NULL)
    g_set_prgname ("gridwork-cli demo");
  context = g_option_context_new (_("OUT.sqlite"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Writes a synthetic old-town street or district with Chinese "
                                  "names and addresses, people, grid teams and a year of cases "
                                  "into a new file."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "gridwork-cli demo: %s\n", error->message);
      return 2;
    }
  if (argc != 2)
    {
      fprintf (stderr, "%s\n",
               _("gridwork-cli demo: give exactly one output file, e.g. street.sqlite"));
      return 2;
    }
  if (scale_text != NULL)
    {
      if (strcmp (scale_text, "street") == 0)
        scale = GW_DEMO_SCALE_STREET;
      else if (strcmp (scale_text, "district") == 0)
        scale = GW_DEMO_SCALE_DISTRICT;
      else
        {
          fprintf (stderr, _("gridwork-cli demo: unknown scale “%s”; use street or district"),
                   scale_text);
          fputc ('\n', stderr);
          return 2;
        }
    }
  if (seed < 0 || seed > G_MAXUINT32)
    {
      fprintf (stderr, "%s\n", _("gridwork-cli demo: the seed must be between 0 and 4294967295"));
      return 2;
    }
  /* A fixed day, not the clock: the demo is deterministic, so that the
   * same command gives the same file (and the figures in the README) on
   * any day. */
  today = parse_today (today_text != NULL ? today_text : GW_DEMO_DEFAULT_TODAY);
  if (today == NULL)
    {
      fprintf (stderr, _("gridwork-cli demo: “%s” is not a date like 2026-11-20"), today_text);
      fputc ('\n', stderr);
      return 2;
    }

  display = g_filename_display_name (argv[1]);
  if (g_file_test (argv[1], G_FILE_TEST_EXISTS))
    {
      fprintf (stderr,
               _("gridwork-cli demo: %s already exists; choose a new file name or remove it first"),
               display);
      fputc ('\n', stderr);
      return 1;
    }

  progress.started = gw_monotonic_usec ();
  ok = gw_demo_generate (argv[1], scale, (guint32) seed, today, print_progress, &progress, &error);
  seconds = (gw_monotonic_usec () - progress.started) / 1e6;
  g_free (progress.stage);
  if (!ok)
    {
      fprintf (stderr, "gridwork-cli demo: %s\n", error->message);
      return 1;
    }

  store = gw_store_open (argv[1], GW_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL || !gw_store_count (store, today, &counts, &error))
    {
      fprintf (stderr, "gridwork-cli demo: %s\n", error->message);
      return 1;
    }
  fprintf (stderr, _("Wrote %s in %.1f s:"), display, seconds);
  fputc ('\n', stderr);
  print_counts (stderr, &counts);
  return 0;
}

int
gw_cli_info (int    argc,
             char **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = NULL;
  GwStoreCounts counts;
  gboolean checklist = FALSE;
  const GOptionEntry entries[] = {
    { "checklist", 0, 0, G_OPTION_ARG_NONE, &checklist,
      N_("Print what the street has loaded and what is missing, line by line"), NULL },
    { NULL },
  };

  if (g_get_prgname () == NULL)
    g_set_prgname ("gridwork-cli info");
  context = g_option_context_new (_("DATABASE"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Prints one “key: value” line per kind of thing in a "
                                  "Gridwork database; overdue cases are open ones past their "
                                  "deadline now."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "gridwork-cli info: %s\n", error->message);
      return 2;
    }
  if (argc != 2)
    {
      fprintf (stderr, "%s\n", _("gridwork-cli info: give exactly one database file"));
      return 2;
    }

  store = gw_store_open (argv[1], GW_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL || !gw_store_count (store, NULL, &counts, &error))
    {
      fprintf (stderr, "gridwork-cli info: %s\n", error->message);
      return 1;
    }
  if (checklist)
    print_checklist (stdout, &counts);
  else
    print_counts (stdout, &counts);
  return 0;
}
