/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "gw-calendar.h"
#include "gw-case.h"
#include "gw-cli.h"
#include "gw-export.h"
#include "gw-overdue.h"
#include "gw-project.h"

/* gridwork-cli overdue DB [--out FILE.(csv|xlsx)] [--grid CODE] [--community CODE]
 * gridwork-cli overdue remind DB CASE [--reason TEXT] [--user LOGIN] [--expect-version N]
 * gridwork-cli overdue escalate DB CASE [--reason TEXT] [--user LOGIN] [--expect-version N]
 *
 * The board, longest overdue first; the actions act as --user, else
 * GRIDWORK_USER (refused with neither), and the core refuses anyone but a
 * supervisor. */

static const GwTableColumn board_columns[] = {
  { "case_id", GW_TABLE_INTEGER }, { "case_code", GW_TABLE_TEXT },
  { "grid_code", GW_TABLE_TEXT }, { "community", GW_TABLE_TEXT },
  { "assignee", GW_TABLE_TEXT }, { "tier", GW_TABLE_TEXT }, { "category", GW_TABLE_TEXT },
  { "subcategory", GW_TABLE_TEXT }, { "status", GW_TABLE_TEXT },
  { "deadline", GW_TABLE_TEXT }, { "overdue_hours", GW_TABLE_REAL },
  { "escalated_at", GW_TABLE_TEXT }, { "reminders", GW_TABLE_INTEGER },
};

static char **
board_cells (const GwOverdueCase *overdue)
{
  char hours[G_ASCII_DTOSTR_BUF_SIZE];
  char **cells = g_new0 (char *, G_N_ELEMENTS (board_columns) + 1);

  cells[0] = g_strdup_printf ("%" G_GINT64_FORMAT, overdue->case_id);
  cells[1] = g_strdup (overdue->code);
  cells[2] = g_strdup (overdue->grid_code);
  cells[3] = g_strdup (overdue->community_name);
  cells[4] = g_strdup (overdue->assignee);
  cells[5] = g_strdup (overdue->tier);
  cells[6] = g_strdup (overdue->category);
  cells[7] = g_strdup (overdue->subcategory);
  cells[8] = g_strdup (overdue->status);
  cells[9] = g_strdup (overdue->deadline_at);
  cells[10] = g_strdup (g_ascii_formatd (hours, sizeof hours, "%.1f",
                                         overdue->overdue_seconds / 3600.0));
  cells[11] = g_strdup (overdue->escalated_at != NULL ? overdue->escalated_at : "");
  cells[12] = g_strdup_printf ("%u", overdue->n_reminders);
  return cells;
}

static int
show_board (int    argc,
            char **argv)
{
  g_autofree char *out = NULL, *grid = NULL, *community = NULL;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("FILE.csv or FILE.xlsx"), N_("FILE") },
    { "grid", 0, 0, G_OPTION_ARG_STRING, &grid, N_("Only this grid (15 digits)"), N_("CODE") },
    { "community", 0, 0, G_OPTION_ARG_STRING, &community, N_("Only this community (12 digits)"),
      N_("CODE") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("DB"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = NULL;
  g_autoptr (GPtrArray) board = NULL;
  GwCaseFilter filter = { .community = NULL };

  g_option_context_set_summary (context, _("The overdue board, longest overdue first"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!gw_cli_parse (context, "overdue", &argc, &argv, 1))
    return 2;
  filter.community = community;
  project = gw_project_open (argv[1], &error);
  if (project == NULL)
    return gw_cli_fail ("overdue", error);
  board = gw_overdue_list (gw_project_get_store (project), &filter, grid, NULL, &error);
  if (board == NULL)
    return gw_cli_fail ("overdue", error);
  if (out != NULL)
    {
      g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

      for (guint i = 0; i < board->len; i++)
        g_ptr_array_add (rows, board_cells (g_ptr_array_index (board, i)));
      if (!gw_export_table (out, "overdue", board_columns, G_N_ELEMENTS (board_columns), rows,
                            &error))
        return gw_cli_fail ("overdue", error);
      printf (_("%u overdue cases written to %s\n"), board->len, out);
      return 0;
    }
  for (guint i = 0; i < board->len; i++)
    {
      const GwOverdueCase *overdue = g_ptr_array_index (board, i);
      g_autofree char *late = gw_format_working_time (overdue->overdue_seconds);

      printf ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\t%s\t%s%s\n", overdue->case_id, overdue->code,
              overdue->grid_code, overdue->tier, overdue->assignee, late,
              overdue->escalated_at != NULL ? _("escalated ") : "",
              overdue->escalated_at != NULL ? overdue->escalated_at : "");
    }
  printf (_("%u overdue cases\n"), board->len);
  return 0;
}

static int
act (int       argc,
     char    **argv,
     gboolean  escalate)
{
  const char *verb = escalate ? "overdue escalate" : "overdue remind";
  g_autofree char *reason = NULL, *login = NULL;
  gint64 expected_version = 0;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why, for the case's history"),
      N_("TEXT") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &login, N_("Act as this user (a supervisor)"),
      N_("LOGIN") },
    { "expect-version", 0, 0, G_OPTION_ARG_INT64, &expected_version,
      N_("Refuse if the case is no longer at this version (as “case show” printed it)"), N_("N") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("DB CASE"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = NULL;
  const char *acting;
  gint64 case_id;
  gboolean ok;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!gw_cli_parse (context, verb, &argc, &argv, 2))
    return 2;
  case_id = g_ascii_strtoll (argv[2], NULL, 10);
  if (case_id <= 0)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a case id"), argv[2]);
      return gw_cli_fail (verb, error) + 1;
    }
  acting = gw_cli_acting_login (verb, login);
  if (acting == NULL)
    return 2;
  project = gw_project_open (argv[1], &error);
  if (project == NULL || !gw_project_set_user (project, acting, &error))
    return gw_cli_fail (verb, error);
  /* Without --expect-version, the version read now: a change made between
   * this read and the write is still refused, never silently overwritten. */
  if (expected_version == 0)
    {
      g_autoptr (GwCase) kase = gw_case_load (gw_project_get_store (project), case_id,
                                              gw_project_get_user (project), FALSE, NULL, &error);

      if (kase == NULL)
        return gw_cli_fail (verb, error);
      expected_version = kase->version;
    }
  ok = escalate
       ? gw_overdue_escalate (gw_project_get_store (project), gw_project_get_user (project),
                              case_id, reason, expected_version, &error)
       : gw_overdue_remind (gw_project_get_store (project), gw_project_get_user (project),
                            case_id, reason, expected_version, &error);
  if (!ok)
    return gw_cli_fail (verb, error);
  printf (escalate ? _("Case %s escalated\n") : _("Case %s reminded\n"), argv[2]);
  return 0;
}

int
gw_cli_overdue (int    argc,
                char **argv)
{
  if (argc >= 2 && strcmp (argv[1], "remind") == 0)
    return act (argc - 1, argv + 1, FALSE);
  if (argc >= 2 && strcmp (argv[1], "escalate") == 0)
    return act (argc - 1, argv + 1, TRUE);
  return show_board (argc, argv);
}
