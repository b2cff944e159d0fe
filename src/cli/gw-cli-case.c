/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-cli"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw-calendar.h"
#include "gw-case.h"
#include "gw-cli.h"
#include "gw-domain.h"
#include "gw-inspector.h"
#include "gw-project.h"
#include "gw-store.h"
#include "gw-user.h"
#include "gw-util.h"

/* gridwork-cli case list DB [--grid CODE] [--open] [--overdue]
 * gridwork-cli case show DB ID
 * gridwork-cli case reroute DB ID (--to-worker ID | --to-department ID | --to-grid CODE) [--reason TEXT]
 *                          [--expect-version N]
 * gridwork-cli case advance DB ID ACTION [--satisfaction N] [--reason TEXT] [--expect-version N]
 * gridwork-cli case create DB --lon X --lat Y --category KEY --tier A|B|C --description TEXT
 * gridwork-cli case calendar DB YYYY-MM-DD workday|holiday [--name TEXT]
 * gridwork-cli case limits DB CATEGORY [--working-days N] [--report-days N]
 *
 * Every sub-command needs --user LOGIN or $GRIDWORK_USER (no default); the
 * core decides what that user may do, and a refusal exits 1 with the reason
 * on stderr. */

typedef struct
{
  const char *name;
  int       (*run) (const char *user_login, int argc, char **argv);
  const char *parameters;
  const char *summary;
} SubCommand;

static void
fail (const char *sub,
      GError     *error)
{
  fprintf (stderr, "gridwork-cli case %s: %s\n", sub, error->message);
}

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  char *end = NULL;
  gint64 value;

  if (text == NULL || *text == '\0')
    return FALSE;
  value = g_ascii_strtoll (text, &end, 10);
  if (*end != '\0' || value <= 0)
    return FALSE;
  *id = value;
  return TRUE;
}

/* Opens the project at @path for writing (an older file is migrated) and
 * makes @login its acting user; @store and @user are the project's. */
static gboolean
open_as (const char  *path,
         const char  *login,
         GwProject **project,
         GwStore    **store,
         GwUser     **user,
         GError     **error)
{
  *project = gw_project_open (path, error);
  if (*project == NULL)
    return FALSE;
  *store = gw_project_get_store (*project);
  if (user == NULL)
    return TRUE;
  if (!gw_project_set_user (*project, login, error))
    return FALSE;
  *user = gw_project_get_user (*project);
  return TRUE;
}

/* The version of a case as this command reads it, to base a change on. */
static gboolean
read_version (GwStore  *store,
              GwUser   *user,
              gint64    case_id,
              gint64   *version,
              GError  **error)
{
  g_autoptr (GwCase) kase = gw_case_load (store, case_id, user, FALSE, NULL, error);

  if (kase == NULL)
    return FALSE;
  *version = kase->version;
  return TRUE;
}

static GOptionContext *
sub_context (const char         *sub,
             const char         *parameters,
             const char         *summary,
             const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

static int
case_list (const char  *login,
           int          argc,
           char       **argv)
{
  g_autofree char *grid_code = NULL;
  gboolean open_only = FALSE, overdue_only = FALSE;
  const GOptionEntry entries[] = {
    { "grid", 0, 0, G_OPTION_ARG_STRING, &grid_code, N_("Only cases of this grid (15-digit code)"),
      N_("CODE") },
    { "open", 0, 0, G_OPTION_ARG_NONE, &open_only, N_("Only open cases"), NULL },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue_only,
      N_("Only open cases past their deadline now"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = NULL;
  GwStore *store = NULL;
  g_autoptr (GPtrArray) cases = NULL;
  gint64 grid_id = 0;

  context = sub_context ("list", _("DATABASE"),
                         _("Prints one line per case: id, code, grid, status, tier, assignee "
                           "and “overdue” when it is, separated by tabs."),
                         entries);
  if (!gw_cli_parse (context, "case list", &argc, &argv, 1))
    return 2;
  if (!open_as (argv[1], login, &project, &store, NULL, &error))
    {
      fail ("list", error);
      return 1;
    }
  if (grid_code != NULL)
    {
      grid_id = gw_inspector_find_grid (store, grid_code, &error);
      if (grid_id == 0)
        {
          if (error != NULL)
            fail ("list", error);
          else
            fprintf (stderr, _("gridwork-cli case list: there is no grid %s"), grid_code),
            fputc ('\n', stderr);
          return 1;
        }
    }
  cases = gw_case_list (store, grid_id,
                        (open_only ? GW_CASE_LIST_OPEN : 0) | (overdue_only ? GW_CASE_LIST_OVERDUE : 0),
                        NULL, &error);
  if (cases == NULL)
    {
      fail ("list", error);
      return 1;
    }
  for (guint i = 0; i < cases->len; i++)
    {
      const GwCase *kase = g_ptr_array_index (cases, i);
      const char *assignee = gw_case_get_assignee (kase);

      printf ("%" PRId64 "\t%s\t%s\t%s\t%s\t%s%s\n", kase->id, kase->code,
              kase->grid_code, kase->status, kase->tier, assignee[0] != '\0' ? assignee : "-",
              kase->overdue ? "\toverdue" : "");
    }
  return 0;
}

static void
print_field (const char *label,
             const char *value)
{
  /* Labels are translated; pad by characters, not bytes. */
  glong width = g_utf8_strlen (label, -1);

  printf ("%s:%*s %s\n", label, (int) MAX (1, 16 - width), "", value != NULL ? value : "");
}

static char *
event_line (const GwCaseEvent *event)
{
  g_autoptr (GString) line = g_string_new (NULL);

  g_string_append_printf (line, "%s  %-17s", event->at, event->kind);
  if (event->from_status != NULL && g_strcmp0 (event->from_status, event->to_status) != 0)
    g_string_append_printf (line, "  %s → %s", event->from_status, event->to_status);
  else if (event->to_status != NULL && event->from_status == NULL)
    g_string_append_printf (line, "  → %s", event->to_status);
  if (event->from_grid_code != NULL || event->to_grid_code != NULL)
    g_string_append_printf (line, "  [%s %s → %s]", _("grid"),
                            event->from_grid_code ? event->from_grid_code : "-",
                            event->to_grid_code ? event->to_grid_code : "-");
  if ((event->from_assignee != NULL && event->from_assignee[0] != '\0')
      || (event->to_assignee != NULL && event->to_assignee[0] != '\0'))
    {
      if (g_strcmp0 (event->kind, "reroute") == 0 || g_strcmp0 (event->kind, "department_return") == 0)
        g_string_append_printf (line, "  %s → %s",
                                event->from_assignee && *event->from_assignee ? event->from_assignee : "-",
                                event->to_assignee && *event->to_assignee ? event->to_assignee : "-");
      else
        g_string_append_printf (line, "  → %s",
                                event->to_assignee && *event->to_assignee ? event->to_assignee
                                                                          : event->from_assignee);
    }
  if (event->satisfaction > 0)
    g_string_append_printf (line, "  %s %d/5", _("satisfaction"), event->satisfaction);
  if (event->reason != NULL && event->reason[0] != '\0')
    g_string_append_printf (line, "  “%s”", event->reason);
  if (event->user_name != NULL && event->user_name[0] != '\0')
    g_string_append_printf (line, "  — %s", event->user_name);
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static int
case_show (const char  *login,
           int          argc,
           char       **argv)
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = NULL;
  GwStore *store = NULL;
  GwUser *user = NULL;
  g_autoptr (GwCase) kase = NULL;
  g_autofree char *grid = NULL;
  g_autofree char *category = NULL;
  g_autofree char *deadline = NULL;
  g_autofree char *reporter = NULL;
  g_autofree char *location = NULL;
  gint64 case_id;

  context = sub_context ("show", _("DATABASE ID"),
                         _("Prints a case's fields and its full history."), NULL);
  if (!gw_cli_parse (context, "case show", &argc, &argv, 2))
    return 2;
  if (!parse_id (argv[2], &case_id))
    {
      fprintf (stderr, _("gridwork-cli case show: “%s” is not a case id"), argv[2]);
      fputc ('\n', stderr);
      return 2;
    }
  if (!open_as (argv[1], login, &project, &store, &user, &error)
      || (kase = gw_case_load (store, case_id, user, FALSE, NULL, &error)) == NULL)
    {
      fail ("show", error);
      return 1;
    }

  grid = g_strdup_printf ("%s %s (%s)", kase->grid_code, kase->grid_name, kase->community_name);
  category = kase->subcategory[0] != '\0'
             ? g_strdup_printf ("%s / %s", gw_case_category_label (kase->category), kase->subcategory)
             : g_strdup (gw_case_category_label (kase->category));
  if (kase->deadline_at == NULL)
    deadline = g_strdup ("-");
  else if (!gw_case_status_is_open (kase->status))
    deadline = g_strdup (kase->deadline_at);
  else
    {
      g_autofree char *left = gw_format_working_time (kase->working_seconds_left);

      deadline = kase->overdue
                 ? g_strdup_printf (_("%s (overdue by %s, in working time)"), kase->deadline_at, left)
                 : g_strdup_printf (_("%s (%s left, in working time)"), kase->deadline_at, left);
    }
  reporter = kase->reporter_name[0] != '\0' || kase->reporter_phone[0] != '\0'
             ? g_strstrip (g_strdup_printf ("%s %s", kase->reporter_name, kase->reporter_phone))
             : g_strdup ("-");
  location = g_strdup_printf ("%.6f, %.6f", kase->lon, kase->lat);

  printf ("%" PRId64 " %s\n", kase->id, kase->code);
  print_field (_("Status"), gw_case_status_label (kase->status));
  print_field (_("Grid"), grid);
  print_field (_("Category"), category);
  print_field (_("Tier"), kase->tier);
  print_field (_("Scope"), gw_case_scope_label (kase->scope));
  print_field (_("Source"), gw_case_source_label (kase->source));
  print_field (_("Assignee"), gw_case_get_assignee (kase)[0] != '\0' ? gw_case_get_assignee (kase) : "-");
  print_field (_("Description"), kase->description);
  print_field (_("Reporter"), reporter);
  print_field (_("Location"), location);
  print_field (_("Reported"), kase->reported_at);
  print_field (_("Deadline"), deadline);
  if (kase->closed_at != NULL)
    print_field (_("Closed"), kase->closed_at);
  if (kase->satisfaction > 0)
    {
      g_autofree char *text = g_strdup_printf ("%d/5", kase->satisfaction);

      print_field (_("Satisfaction"), text);
    }
  if (kase->second_routing)
    print_field (_("Routing"), _("Second routing (a department sent it back)"));
  {
    g_autofree char *version = g_strdup_printf ("%" PRId64, kase->version);

    print_field (_("Version"), version);
  }
  printf ("%s\n", _("History:"));
  for (guint i = 0; i < kase->events->len; i++)
    {
      g_autofree char *line = event_line (g_ptr_array_index (kase->events, i));

      printf ("  %s\n", line);
    }
  return 0;
}

static int
case_reroute (const char  *login,
              int          argc,
              char       **argv)
{
  gint64 worker_id = 0, department_id = 0, expected_version = 0;
  g_autofree char *grid_code = NULL;
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "to-worker", 0, 0, G_OPTION_ARG_INT64, &worker_id,
      N_("Hand the case to this worker of its grid"), N_("ID") },
    { "to-department", 0, 0, G_OPTION_ARG_INT64, &department_id,
      N_("Escalate the case to this department"), N_("ID") },
    { "to-grid", 0, 0, G_OPTION_ARG_STRING, &grid_code,
      N_("Move the case to this grid and its first responsible person"), N_("CODE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, for the case's history"),
      N_("TEXT") },
    { "expect-version", 0, 0, G_OPTION_ARG_INT64, &expected_version,
      N_("Refuse if the case is no longer at this version (as “case show” printed it)"), N_("N") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = NULL;
  GwStore *store = NULL;
  GwUser *user = NULL;
  g_autoptr (GwReroute) reroute = NULL;
  GwRerouteTarget target;
  gint64 case_id;
  int n_targets;

  context = sub_context ("reroute", _("DATABASE ID"),
                         _("Hands a case to a worker of its grid, a department or another grid, "
                           "in one transaction that is written to its history."),
                         entries);
  if (!gw_cli_parse (context, "case reroute", &argc, &argv, 2))
    return 2;
  n_targets = (worker_id != 0) + (department_id != 0) + (grid_code != NULL);
  if (!parse_id (argv[2], &case_id) || n_targets != 1)
    {
      fprintf (stderr, "%s\n",
               n_targets != 1
               ? _("gridwork-cli case reroute: give exactly one of --to-worker, --to-department and --to-grid")
               : _("gridwork-cli case reroute: the case id is a positive number"));
      return 2;
    }
  if (!open_as (argv[1], login, &project, &store, &user, &error))
    {
      fail ("reroute", error);
      return 1;
    }
  if (grid_code != NULL)
    {
      target.kind = GW_REROUTE_TO_GRID;
      target.id = gw_inspector_find_grid (store, grid_code, &error);
      if (target.id == 0)
        {
          if (error != NULL)
            fail ("reroute", error);
          else
            {
              fprintf (stderr, _("gridwork-cli case reroute: there is no grid %s"), grid_code);
              fputc ('\n', stderr);
            }
          return 1;
        }
    }
  else if (worker_id != 0)
    target = (GwRerouteTarget) { GW_REROUTE_TO_WORKER, worker_id };
  else
    target = (GwRerouteTarget) { GW_REROUTE_TO_DEPARTMENT, department_id };

  /* The version read here is the one the change is based on: a change by
   * someone else in between is refused, never overwritten. */
  if ((expected_version == 0 && !read_version (store, user, case_id, &expected_version, &error))
      || !gw_case_reroute (store, user, case_id, &target, reason, expected_version, &reroute,
                           &error))
    {
      fail ("reroute", error);
      return 1;
    }
  /* The last column is the case's version after the reroute: what a script
   * passes as --expect-version to its next step. */
  printf ("%" PRId64 "\t%s\t%s %s → %s %s\t%" PRId64 "\n", reroute->case_id, reroute->case_code,
          reroute->from_grid_code, reroute->from_assignee[0] ? reroute->from_assignee : "-",
          reroute->to_grid_code, reroute->to_assignee[0] ? reroute->to_assignee : "-",
          reroute->version);
  return 0;
}

static int
case_advance (const char  *login,
              int          argc,
              char       **argv)
{
  int satisfaction = 0;
  gint64 expected_version = 0;
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "satisfaction", 0, 0, G_OPTION_ARG_INT, &satisfaction,
      N_("For “evaluate”: the resident's satisfaction, 1 to 5"), N_("N") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason,
      N_("Why (required to reject, defer, return for rework, reopen and send back)"), N_("TEXT") },
    { "expect-version", 0, 0, G_OPTION_ARG_INT64, &expected_version,
      N_("Refuse if the case is no longer at this version (as “case show” printed it)"), N_("N") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = NULL;
  GwStore *store = NULL;
  GwUser *user = NULL;
  g_autoptr (GwCase) kase = NULL;
  g_autoptr (GString) actions = g_string_new (NULL);
  GwCaseAction action;
  gint64 case_id;

  for (guint i = 0; i < GW_CASE_N_ACTIONS; i++)
    g_string_append_printf (actions, "%s%s", i > 0 ? ", " : "", gw_case_action_key (i));
  {
    g_autofree char *summary = g_strdup_printf (_("Moves a case one step through its life cycle. "
                                                  "Actions: %s."), actions->str);

    context = sub_context ("advance", _("DATABASE ID ACTION"), summary, entries);
  }
  if (!gw_cli_parse (context, "case advance", &argc, &argv, 3))
    return 2;
  if (!parse_id (argv[2], &case_id))
    {
      fprintf (stderr, _("gridwork-cli case advance: “%s” is not a case id"), argv[2]);
      fputc ('\n', stderr);
      return 2;
    }
  if (!gw_case_action_from_key (argv[3], &action))
    {
      fprintf (stderr, _("gridwork-cli case advance: unknown action “%s”; actions are: %s"),
               argv[3], actions->str);
      fputc ('\n', stderr);
      return 2;
    }
  if (!open_as (argv[1], login, &project, &store, &user, &error)
      || (kase = gw_case_load (store, case_id, user, FALSE, NULL, &error)) == NULL
      || !gw_case_advance (store, user, case_id, action, reason, satisfaction,
                           expected_version != 0 ? expected_version : kase->version, &error))
    {
      fail ("advance", error);
      return 1;
    }
  /* The case moved on from the version it was based on, to the next one. */
  printf ("%" PRId64 "\t%s\t%s\t%" PRId64 "\n", kase->id, kase->code,
          gw_case_action_target_status (action) != NULL ? gw_case_action_target_status (action)
                                                        : kase->status,
          (expected_version != 0 ? expected_version : kase->version) + 1);
  return 0;
}

static int
case_create (const char  *login,
             int          argc,
             char       **argv)
{
  double lon = 0, lat = 0;
  g_autofree char *category = NULL;
  g_autofree char *subcategory = NULL;
  g_autofree char *tier = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *source = NULL;
  g_autofree char *description = NULL;
  const GOptionEntry entries[] = {
    { "lon", 0, 0, G_OPTION_ARG_DOUBLE, &lon, N_("Longitude (CGCS2000)"), N_("X") },
    { "lat", 0, 0, G_OPTION_ARG_DOUBLE, &lat, N_("Latitude (CGCS2000)"), N_("Y") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("Category key, e.g. living_environment"),
      N_("KEY") },
    { "subcategory", 0, 0, G_OPTION_ARG_STRING, &subcategory, N_("Sub-class, free text"),
      N_("TEXT") },
    { "tier", 0, 0, G_OPTION_ARG_STRING, &tier, N_("A (at once), B (time limit) or C (periodic)"),
      N_("TIER") },
    { "scope", 0, 0, G_OPTION_ARG_STRING, &scope, N_("private, small (default) or big"),
      N_("SCOPE") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source, N_("How it came in (default walk_in)"),
      N_("SOURCE") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description, N_("What the problem is"),
      N_("TEXT") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = NULL;
  GwStore *store = NULL;
  GwUser *user = NULL;
  g_autoptr (GwCase) kase = NULL;
  GwCaseNew fields = { 0 };
  gint64 case_id;

  context = sub_context ("create", _("DATABASE"),
                         _("Reports a new case at a point; its grid is the one containing the "
                           "point."),
                         entries);
  if (!gw_cli_parse (context, "case create", &argc, &argv, 1))
    return 2;
  fields = (GwCaseNew) { lon, lat, category, subcategory, tier, scope, source, description,
                         NULL, NULL };
  if (!open_as (argv[1], login, &project, &store, &user, &error)
      || (case_id = gw_case_create (store, user, &fields, &error)) == 0
      || (kase = gw_case_load (store, case_id, user, FALSE, NULL, &error)) == NULL)
    {
      fail ("create", error);
      return 1;
    }
  printf ("%" PRId64 "\t%s\t%s\t%s\t%s\n", kase->id, kase->code, kase->grid_code,
          kase->status, kase->deadline_at ? kase->deadline_at : "-");
  return 0;
}

/* The working calendar is the database's: holidays and 调休 change every
 * year by State Council notice. */
static int
case_calendar (const char  *login,
               int          argc,
               char       **argv)
{
  g_autofree char *name = NULL;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("What the day is, e.g. 国庆节"), N_("TEXT") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = NULL;
  GwStore *store = NULL;
  GwUser *user = NULL;
  g_autoptr (GwCalendar) calendar = NULL;
  int year, month, day;
  gboolean is_workday;
  GDate date;

  context = sub_context ("calendar", _("DATABASE YYYY-MM-DD workday|holiday"),
                         _("Marks a day as a working day (e.g. a weekend day worked in exchange "
                           "for a holiday) or a day off. Deadlines count working days from this "
                           "calendar. Supervisors only."),
                         entries);
  if (!gw_cli_parse (context, "case calendar", &argc, &argv, 3))
    return 2;
  if (sscanf (argv[2], "%d-%d-%d", &year, &month, &day) != 3 || !g_date_valid_dmy (day, month, year)
      || (g_strcmp0 (argv[3], "workday") != 0 && g_strcmp0 (argv[3], "holiday") != 0))
    {
      fprintf (stderr, "%s\n", _("gridwork-cli case calendar: give a date YYYY-MM-DD and "
                                 "“workday” or “holiday”"));
      return 2;
    }
  is_workday = g_strcmp0 (argv[3], "workday") == 0;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  if (!open_as (argv[1], login, &project, &store, &user, &error))
    {
      fail ("calendar", error);
      return 1;
    }
  if (!gw_calendar_set_workday (store, user, &date, is_workday, name, &error)
      || (calendar = gw_calendar_load (store, &error)) == NULL)
    {
      fail ("calendar", error);
      return 1;
    }
  printf ("%s\t%s\t%s\n", argv[2], gw_calendar_is_workday (calendar, &date) ? "workday" : "holiday",
          gw_calendar_day_name (calendar, &date) ? gw_calendar_day_name (calendar, &date) : "");
  return 0;
}

static int
case_limits (const char  *login,
             int          argc,
             char       **argv)
{
  int working_days = 0, report_days = 0;
  const GOptionEntry entries[] = {
    { "working-days", 0, 0, G_OPTION_ARG_INT, &working_days,
      N_("Tier B cases are due within this many working days"), N_("N") },
    { "report-days", 0, 0, G_OPTION_ARG_INT, &report_days,
      N_("Tier C cases report progress every this many days"), N_("N") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = NULL;
  GwStore *store = NULL;
  GwUser *user = NULL;
  int current_working, current_report;

  context = sub_context ("limits", _("DATABASE CATEGORY"),
                         _("Prints, or with options changes, the time limits of a case category."),
                         entries);
  if (!gw_cli_parse (context, "case limits", &argc, &argv, 2))
    return 2;
  if (!g_strv_contains (gw_case_categories, argv[2]))
    {
      g_autofree char *keys = g_strjoinv (", ", (char **) gw_case_categories);

      fprintf (stderr, _("gridwork-cli case limits: “%s” is not a category; categories are: %s"),
               argv[2], keys);
      fputc ('\n', stderr);
      return 2;
    }
  if (!open_as (argv[1], login, &project, &store, &user, &error)
      || !gw_calendar_get_time_limits (store, argv[2], &current_working, &current_report, &error))
    {
      fail ("limits", error);
      return 1;
    }
  if (working_days != 0 || report_days != 0)
    {
      current_working = working_days != 0 ? working_days : current_working;
      current_report = report_days != 0 ? report_days : current_report;
      if (!gw_calendar_set_time_limits (store, user, argv[2], current_working, current_report,
                                        &error))
        {
          fail ("limits", error);
          return 1;
        }
    }
  printf ("%s\tworking_days: %d\treport_days: %d\n", argv[2], current_working, current_report);
  return 0;
}

static const SubCommand sub_commands[] = {
  { "list", case_list, N_("DATABASE [--grid CODE] [--open] [--overdue]"),
    N_("One line per case") },
  { "show", case_show, N_("DATABASE ID"), N_("A case's fields and full history") },
  { "reroute", case_reroute,
    N_("DATABASE ID (--to-worker ID | --to-department ID | --to-grid CODE) [--reason TEXT]"),
    N_("Hand a case to someone else") },
  { "advance", case_advance, N_("DATABASE ID ACTION [--satisfaction N] [--reason TEXT]"),
    N_("Move a case through its life cycle") },
  { "create", case_create, N_("DATABASE --lon X --lat Y --category KEY --tier T --description TEXT"),
    N_("Report a new case at a point") },
  { "calendar", case_calendar, N_("DATABASE YYYY-MM-DD workday|holiday [--name TEXT]"),
    N_("Edit the working calendar deadlines count on") },
  { "limits", case_limits, N_("DATABASE CATEGORY [--working-days N] [--report-days N]"),
    N_("Show or change a category's time limits") },
};

static void
print_case_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: gridwork-cli case SUBCOMMAND [--user LOGIN] …"));
  for (guint i = 0; i < G_N_ELEMENTS (sub_commands); i++)
    fprintf (out, "  %-8s %s\n           %s\n", sub_commands[i].name, _(sub_commands[i].summary),
             _(sub_commands[i].parameters));
  fprintf (out, "\n%s\n", _("--user LOGIN (or GRIDWORK_USER) acts as that user, and is required; refused "
                            "actions exit with status 1 and the reason."));
}

/* Takes "--user LOGIN" / "--user=LOGIN" out of @argv wherever it is, so each
 * sub-command's own options stay simple. */
static gboolean
take_user_option (int    *argc,
                  char  **argv,
                  char  **login)
{
  int out = 0;

  for (int i = 0; i < *argc; i++)
    {
      if (strcmp (argv[i], "--user") == 0)
        {
          if (i + 1 >= *argc)
            return FALSE;
          g_free (*login);
          *login = g_strdup (argv[++i]);
          continue;
        }
      if (g_str_has_prefix (argv[i], "--user="))
        {
          g_free (*login);
          *login = g_strdup (argv[i] + strlen ("--user="));
          continue;
        }
      argv[out++] = argv[i];
    }
  *argc = out;
  argv[out] = NULL;
  return TRUE;
}

int
gw_cli_case (int    argc,
             char **argv)
{
  g_autofree char *login = NULL;

  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      print_case_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? 2 : 0;
    }
  if (!take_user_option (&argc, argv, &login))
    {
      fprintf (stderr, "%s\n", _("gridwork-cli case: --user needs a login"));
      return 2;
    }
  for (guint i = 0; i < G_N_ELEMENTS (sub_commands); i++)
    if (strcmp (argv[1], sub_commands[i].name) == 0)
      {
        g_autofree char *prgname = g_strdup_printf ("gridwork-cli case %s", sub_commands[i].name);
        gboolean help = g_strv_contains ((const char *const *) argv, "--help")
                        || g_strv_contains ((const char *const *) argv, "-h");
        const char *acting = help ? "" : gw_cli_acting_login ("case", login);

        /* Every sub-command shows cases (reporters' contacts) or changes
         * them: none runs in nobody's name. */
        if (acting == NULL)
          return 2;
        g_set_prgname (prgname);
        return sub_commands[i].run (acting, argc - 1, argv + 1);
      }
  fprintf (stderr, _("gridwork-cli case: unknown sub-command “%s”"), argv[1]);
  fputc ('\n', stderr);
  print_case_usage (stderr);
  return 2;
}
