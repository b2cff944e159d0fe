/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-cli"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "gw-cli.h"
#include "gw-lot-split.h"
#include "gw-topology.h"
#include "gw-plan.h"
#include "gw-project.h"

/* gridwork-cli plan list DB
 * gridwork-cli plan new DB --name NAME [--from PLAN]
 * gridwork-cli plan move DB PLAN --building ID --to-grid CODE
 * gridwork-cli plan suggest DB PLAN --community CODE [--min N] [--max N] [--from-scratch]
 *         [--balance households|residents|dwellings|buildings] [--seed N] [--grids N]
 * gridwork-cli plan check DB PLAN [--min N] [--max N] [--balance …]
 * gridwork-cli plan commit DB PLAN
 *
 * Every verb that writes acts as --user LOGIN or $GRIDWORK_USER, a planner. */

typedef struct
{
  char     *user;
  double    min, max;
  char     *balance;
} Common;

static void
common_clear (Common *common)
{
  g_free (common->user);
  g_free (common->balance);
}

static GOptionGroup *
common_group (Common *common)
{
  const GOptionEntry entries[] = {
    { "user", 0, 0, G_OPTION_ARG_STRING, &common->user,
      N_("The planner who works (default: $GRIDWORK_USER)"), N_("LOGIN") },
    { "min", 0, 0, G_OPTION_ARG_DOUBLE, &common->min,
      N_("The least a grid should hold (default 150)"), N_("N") },
    { "max", 0, 0, G_OPTION_ARG_DOUBLE, &common->max,
      N_("The most a grid should hold (default 300)"), N_("N") },
    { "balance", 0, 0, G_OPTION_ARG_STRING, &common->balance,
      N_("What grids balance: households (default), residents, dwellings or buildings"),
      N_("WHAT") },
    { NULL }
  };
  GOptionGroup *group = g_option_group_new ("plan", _("Plan options"), _("Plan options"), NULL,
                                            NULL);

  common->min = 150;
  common->max = 300;
  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  return group;
}

/* The project, signed in as the acting user when @need_user. */
static GwProject *
open_project (const char  *path,
              Common      *common,
              gboolean     need_user,
              GError     **error)
{
  g_autoptr (GwProject) project = gw_project_open (path, error);
  const char *login = common->user != NULL ? common->user : g_getenv ("GRIDWORK_USER");

  if (project == NULL)
    return NULL;
  if (login == NULL || *login == '\0')
    {
      if (!need_user)
        return g_steal_pointer (&project);
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("say who plans, with --user LOGIN or GRIDWORK_USER"));
      return NULL;
    }
  if (!gw_project_set_user (project, login, error))
    return NULL;
  return g_steal_pointer (&project);
}

/* The plan PLAN of the command line, with its band and balance. */
static GwPlan *
load_plan (GwProject   *project,
           const char  *id_text,
           Common      *common,
           GError     **error)
{
  guint64 id;
  GwPlan *plan;
  GwPlanBalance balance = GW_PLAN_BALANCE_HOUSEHOLDS;

  if (!g_ascii_string_to_unsigned (id_text, 10, 1, G_MAXINT64, &id, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not a plan number (see: gridwork-cli plan list)"), id_text);
      return NULL;
    }
  if (common->balance != NULL && !gw_plan_balance_from_key (common->balance, &balance))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--balance takes households, residents, dwellings or buildings, not “%s”"),
                   common->balance);
      return NULL;
    }
  if (common->min < 0 || common->max < common->min)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The band %.0f–%.0f is empty: --min must be at most --max"), common->min,
                   common->max);
      return NULL;
    }
  plan = gw_plan_load (gw_project_get_store (project), id, error);
  if (plan != NULL)
    {
      gw_plan_set_band (plan, common->min, common->max);
      gw_plan_set_balance (plan, balance);
    }
  return plan;
}

/* DATABASE PLAN of the command line: the project (signed in as the
 * planner when @need_user) and the plan, or NULL with @error set. The
 * options are read and cleared either way. */
static GwPlan *
open_plan (char        **argv,
           Common       *common,
           gboolean      need_user,
           GwProject   **project,
           GError      **error)
{
  GwPlan *plan = NULL;

  *project = open_project (argv[1], common, need_user, error);
  if (*project != NULL)
    plan = load_plan (*project, argv[2], common, error);
  common_clear (common);
  return plan;
}

static int
plan_list (int    argc,
           char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("DATABASE"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = NULL;
  g_autoptr (GPtrArray) plans = NULL;

  g_option_context_set_summary (context, _("Lists the grid plans: id, state, name, who made it "
                                           "and when."));
  if (!gw_cli_parse (context, "plan list", &argc, &argv, 1))
    return 2;
  project = gw_project_open (argv[1], &error);
  if (project == NULL
      || (plans = gw_plan_store_list (gw_project_get_store (project), &error)) == NULL)
    return gw_cli_fail ("plan list", error);
  for (guint i = 0; i < plans->len; i++)
    {
      const GwPlanInfo *info = g_ptr_array_index (plans, i);

      printf ("%" PRId64 "\t%s\t%s\t%s\t%s\n", info->id, info->state, info->name,
              info->created_by, info->committed_at != NULL ? info->committed_at : info->created_at);
    }
  return 0;
}

static int
plan_new (int    argc,
          char **argv)
{
  g_autofree char *name = NULL;
  gint64 from = 0;
  Common common = { 0 };
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The draft's name"), N_("NAME") },
    { "from", 0, 0, G_OPTION_ARG_INT64, &from,
      N_("Branch the draft PLAN instead of starting from the live grids"), N_("PLAN") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("DATABASE"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = NULL;
  gint64 id;

  g_option_context_set_summary (context, _("Starts a draft grid plan from the live grids (or "
                                           "from another draft) and prints its number."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, common_group (&common));
  if (!gw_cli_parse (context, "plan new", &argc, &argv, 1))
    return 2;
  project = open_project (argv[1], &common, TRUE, &error);
  common_clear (&common);
  if (project == NULL)
    return gw_cli_fail ("plan new", error);
  id = gw_plan_store_create (gw_project_get_store (project), gw_project_get_user (project), name,
                             from, &error);
  if (id == 0)
    return gw_cli_fail ("plan new", error);
  printf ("%" PRId64 "\n", id);
  return 0;
}

static int
plan_move (int    argc,
           char **argv)
{
  g_autofree char *to_grid = NULL;
  gint64 building = 0;
  Common common = { 0 };
  const GOptionEntry entries[] = {
    { "building", 0, 0, G_OPTION_ARG_INT64, &building, N_("The building to move (its lot moves)"),
      N_("ID") },
    { "to-grid", 0, 0, G_OPTION_ARG_STRING, &to_grid, N_("The grid of the plan it goes to"),
      N_("CODE") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("DATABASE PLAN"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = NULL;
  g_autoptr (GwPlan) plan = NULL;
  gint key;

  g_option_context_set_summary (context, _("Moves a building, with its lot, into another grid of "
                                           "a draft plan."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, common_group (&common));
  if (!gw_cli_parse (context, "plan move", &argc, &argv, 2))
    return 2;
  if (building == 0 || to_grid == NULL)
    {
      fprintf (stderr, "%s\n", _("gridwork-cli plan move: give --building ID and --to-grid CODE"));
      return 2;
    }
  plan = open_plan (argv, &common, TRUE, &project, &error);
  if (plan == NULL)
    return gw_cli_fail ("plan move", error);
  key = gw_plan_find_grid (plan, to_grid);
  if (key < 0)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Plan “%s” has no grid “%s”"), gw_plan_get_name (plan), to_grid);
      return gw_cli_fail ("plan move", error);
    }
  if (!gw_plan_move_building (plan, building, key, &error)
      || !gw_plan_save (plan, gw_project_get_store (project), gw_project_get_user (project),
                        &error))
    return gw_cli_fail ("plan move", error);
  return 0;
}

/* One line per grid of the plan that has lots, then the problems. */
static gboolean
print_check (GwPlan *plan)
{
  GArray *rows = gw_plan_get_rows (plan);
  g_autoptr (GPtrArray) problems = gw_plan_get_problems (plan);
  GwPlanSummary summary;

  for (guint k = 0; k < rows->len; k++)
    {
      const GwPlanRow *row = &g_array_index (rows, GwPlanRow, k);
      g_autofree char *code = *row->code != '\0' ? g_strdup (row->code)
                              : g_strdup_printf ("new-%u", row->key);

      if (row->lots == 0)
        continue;
      printf ("%s\t%.0f\t%u\t%.3f\t%s\n", code, row->households, row->parts, row->polsby_popper,
              gw_plan_band_label (row->band));
    }
  gw_plan_get_summary (plan, &summary);
  printf (_("%u grids, %u inside the band, %u islands, %u lots in no grid, %u lots changed, "
            "mean compactness %.3f\n"),
          summary.n_grids, summary.n_inside_band, summary.n_islands, summary.n_unassigned,
          summary.n_changed, summary.mean_polsby_popper);
  for (guint i = 0; i < problems->len; i++)
    printf ("%s\n", (const char *) g_ptr_array_index (problems, i));
  return problems->len == 0;
}

static int
plan_check (int    argc,
            char **argv)
{
  Common common = { 0 };
  g_autoptr (GOptionContext) context = g_option_context_new (_("DATABASE PLAN"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = NULL;
  g_autoptr (GwPlan) plan = NULL;

  g_option_context_set_summary (context,
                                _("Prints one line per grid (code, households, parts, compactness, "
                                  "band), the plan's summary and its problems; exits 1 while the "
                                  "plan has islands, lots in no grid or grids outside the band."));
  g_option_context_add_group (context, common_group (&common));
  if (!gw_cli_parse (context, "plan check", &argc, &argv, 2))
    return 2;
  plan = open_plan (argv, &common, FALSE, &project, &error);
  if (plan == NULL)
    return gw_cli_fail ("plan check", error);
  return print_check (plan) ? 0 : 1;
}

static int
plan_suggest (int    argc,
              char **argv)
{
  g_autofree char *community = NULL;
  g_autofree char *roads = NULL;
  gboolean from_scratch = FALSE;
  gint64 seed = 1;
  gint grids = 0;
  Common common = { 0 };
  const GOptionEntry entries[] = {
    { "community", 0, 0, G_OPTION_ARG_STRING, &community,
      N_("The community to plan (its 12-digit code or its name)"), N_("CODE") },
    { "from-scratch", 0, 0, G_OPTION_ARG_NONE, &from_scratch,
      N_("Redraw every grid instead of changing as few lots as possible"), NULL },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("The same seed gives the same plan"), N_("N") },
    { "grids", 0, 0, G_OPTION_ARG_INT, &grids,
      N_("How many grids (default: chosen from the band)"), N_("N") },
    { "roads", 0, 0, G_OPTION_ARG_STRING, &roads,
      N_("Roads a grid should not cross: main (default), secondary (and main), lane (any) or none"),
      N_("CLASS") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("DATABASE PLAN"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = NULL;
  g_autoptr (GwPlan) plan = NULL;
  GwPlanSuggestOptions options = { 0 };
  GwPartitionReport report = { 0 };
  gint64 community_id = 0;
  GwPlanData *data;
  GHashTableIter iter;
  gpointer key, value;

  g_option_context_set_summary (context, _("Proposes grids for a community: contiguous, compact "
                                           "and inside the band, changing as few lots as possible "
                                           "unless --from-scratch; saved in the draft."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, common_group (&common));
  if (!gw_cli_parse (context, "plan suggest", &argc, &argv, 2))
    return 2;
  if (community == NULL)
    {
      fprintf (stderr, "%s\n", _("gridwork-cli plan suggest: give --community CODE"));
      common_clear (&common);
      return 2;
    }
  plan = open_plan (argv, &common, TRUE, &project, &error);
  if (plan == NULL)
    return gw_cli_fail ("plan suggest", error);
  data = gw_plan_get_data (plan);
  g_hash_table_iter_init (&iter, data->community_codes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (strcmp (value, community) == 0
        || g_strcmp0 (g_hash_table_lookup (data->community_names, key), community) == 0)
      community_id = GPOINTER_TO_SIZE (key);
  if (community_id == 0)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("There is no community “%s” in %s"), community, argv[1]);
      return gw_cli_fail ("plan suggest", error);
    }
  options.from_scratch = from_scratch;
  options.seed = seed;
  options.boundary_roads = GW_PLAN_ROAD_MAIN;
  if (roads != NULL)
    {
      static const char *const keys[] = { "none", "lane", "secondary", "main" };
      guint i;

      for (i = 0; i < G_N_ELEMENTS (keys) && strcmp (roads, keys[i]) != 0; i++)
        ;
      if (i == G_N_ELEMENTS (keys))
        {
          g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--roads takes main, secondary, lane or none, not “%s”"), roads);
          return gw_cli_fail ("plan suggest", error);
        }
      options.boundary_roads = i;
    }
  options.n_grids = MAX (grids, 0);
  if (!gw_plan_suggest (plan, community_id, &options, &report, &error)
      || !gw_plan_save (plan, gw_project_get_store (project), gw_project_get_user (project),
                        &error))
    return gw_cli_fail ("plan suggest", error);
  printf (_("%u grids, %u inside the band, %u islands, %u lots changed, mean compactness %.3f\n"),
          report.n_grids - report.n_empty, report.n_inside_band, report.n_islands,
          report.n_changed, report.mean_polsby_popper);
  return 0;
}

static int
plan_commit (int    argc,
             char **argv)
{
  Common common = { 0 };
  g_autoptr (GOptionContext) context = g_option_context_new (_("DATABASE PLAN"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = NULL;
  g_autoptr (GwPlan) plan = NULL;
  GwPlanCommitReport report = { 0 };

  g_option_context_set_summary (context, _("Makes a draft the live grids, in one transaction, "
                                           "keeping the old grids in the history."));
  g_option_context_add_group (context, common_group (&common));
  if (!gw_cli_parse (context, "plan commit", &argc, &argv, 2))
    return 2;
  plan = open_plan (argv, &common, TRUE, &project, &error);
  if (plan == NULL)
    return gw_cli_fail ("plan commit", error);
  if (!gw_plan_commit (plan, gw_project_get_store (project), gw_project_get_user (project),
                       &report, &error))
    return gw_cli_fail ("plan commit", error);
  printf (_("Committed plan %" PRId64 ": %u grids changed, %u new, %u retired, %u lots "
            "and %u open cases moved\n"),
          gw_plan_get_id (plan), report.grids_changed, report.grids_new, report.grids_retired,
          report.lots_moved, report.cases_moved);
  if (report.without_team->len > 0)
    {
      g_ptr_array_add (report.without_team, NULL);
      printf (_("Grids without a worker team, for the supervisor: %s\n"),
              g_strjoinv (" ", (char **) report.without_team->pdata));
    }
  gw_plan_commit_report_clear (&report);
  return 0;
}

static int
plan_split_lots (int    argc,
                 char **argv)
{
  g_autofree char *community = NULL;
  Common common = { 0 };
  const GOptionEntry entries[] = {
    { "community", 0, 0, G_OPTION_ARG_STRING, &community,
      N_("Only this community (its 12-digit code)"), N_("CODE") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("DATABASE"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = NULL;
  GwLotSplitReport report;
  gint64 community_id = 0;

  g_option_context_set_summary (context, _("Gives every building of a compound its own lot (the "
                                           "part of the compound nearest to it), so that grids "
                                           "can be balanced to within a building."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, common_group (&common));
  if (!gw_cli_parse (context, "plan split-lots", &argc, &argv, 1))
    return 2;
  project = open_project (argv[1], &common, TRUE, &error);
  common_clear (&common);
  if (project == NULL)
    return gw_cli_fail ("plan split-lots", error);
  if (community != NULL)
    {
      if (!gw_topology_find_community (gw_project_get_store (project), NULL, community,
                                       &community_id, &error))
        return gw_cli_fail ("plan split-lots", error);
      if (community_id == 0)
        {
          g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("There is no community “%s” in %s"), community, argv[1]);
          return gw_cli_fail ("plan split-lots", error);
        }
    }
  if (!gw_lots_split_by_building (gw_project_get_store (project), gw_project_get_user (project),
                                  community_id, &report, &error))
    return gw_cli_fail ("plan split-lots", error);
  printf (_("%u lots divided between their buildings: %u new lots\n"), report.lots_split,
          report.lots_added);
  return 0;
}

int
gw_cli_plan (int    argc,
             char **argv)
{
  static const struct
  {
    const char *name;
    int       (*run) (int argc, char **argv);
  } verbs[] = {
    { "list", plan_list }, { "new", plan_new }, { "move", plan_move },
    { "suggest", plan_suggest }, { "check", plan_check }, { "commit", plan_commit },
    { "split-lots", plan_split_lots },
  };

  if (argc >= 2)
    for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
      if (strcmp (argv[1], verbs[i].name) == 0)
        return verbs[i].run (argc - 1, argv + 1);
  fprintf (stderr, "%s\n", _("usage: gridwork-cli plan list|new|move|suggest|check|commit|split-lots DATABASE …"));
  return 2;
}
