/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gw-cli.h"
#include "gw-export.h"
#include "gw-kpi.h"
#include "gw-project.h"

/* gridwork-cli kpi DB --by grid|community|worker|department [filters]
 *                     --out FILE.(csv|xlsx)
 *
 * One row per group: its code (or id), name, parent, cases, and per rate
 * KEY_rate (0–1, empty when there is nothing to judge), KEY_num, KEY_den;
 * the last row is every case under the filter. The definitions are in
 * src/core/gw-kpi.h and the README. */

static void
print_totals (const GwKpiTable *table,
              const char       *path)
{
  printf (_("%u groups, %u cases, written to %s\n"), table->rows->len, table->total.cases, path);
  for (GwKpi kpi = 0; kpi < GW_KPI_N; kpi++)
    {
      double rate = gw_kpi_count_rate (&table->total.counts[kpi]);

      if (isnan (rate))
        printf ("  %s: —\n", gw_kpi_label (kpi));
      else
        printf ("  %s: %.1f %% (%u / %u)\n", gw_kpi_label (kpi), 100 * rate,
                table->total.counts[kpi].numerator, table->total.counts[kpi].denominator);
    }
}

int
gw_cli_kpi (int    argc,
            char **argv)
{
  g_autofree char *by = NULL, *out = NULL;
  g_auto (GwCliFilter) filter_options = { NULL };
  const GOptionEntry entries[] = {
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("grid, community, worker or department"),
      N_("GROUP") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("FILE.csv or FILE.xlsx"), N_("FILE") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("DB"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = NULL;
  g_autoptr (GwKpiTable) table = NULL;
  GwCaseFilter filter = { 0 };
  GwKpiGrouping grouping;

  g_option_context_set_summary (context, _("The five rates (response, acceptance, completion, "
                                           "on time, satisfaction) per grid, community, worker "
                                           "or department"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  gw_cli_filter_add_options (context, &filter_options);
  if (!gw_cli_parse (context, "kpi", &argc, &argv, 1))
    return 2;
  if (!gw_kpi_grouping_from_key (by, &grouping))
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("--by is grid, community, worker or department"));
      return gw_cli_fail ("kpi", error) + 1;
    }
  if (out == NULL || gw_export_format_for_path (out) == NULL
      || (strcmp (gw_export_format_for_path (out), "CSV") != 0
          && strcmp (gw_export_format_for_path (out), "XLSX") != 0))
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("--out FILE.csv or FILE.xlsx is needed"));
      return gw_cli_fail ("kpi", error) + 1;
    }
  if (!gw_cli_filter_read (&filter_options, &filter, &error))
    return gw_cli_fail ("kpi", error) + 1;

  project = gw_project_open (argv[1], &error);
  if (project == NULL || !gw_case_filter_check_places (gw_project_get_store (project), &filter,
                                                       &error))
    return gw_cli_fail ("kpi", error);
  table = gw_kpi_compute (gw_project_get_store (project), grouping, &filter, NULL, &error);
  if (table == NULL || !gw_kpi_export (table, grouping, out, &error))
    return gw_cli_fail ("kpi", error);
  print_totals (table, out);
  return 0;
}
