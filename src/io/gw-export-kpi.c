/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-export"

#include "config.h"

#include <math.h>

#include "gw-export.h"

/* The five rates as a sheet (CSV or XLSX): the group's key columns, the
 * cases, then per rate KEY_rate (0–1, empty when there is nothing to
 * judge), KEY_num and KEY_den; the last row is every case under the
 * filter. What `gridwork-cli kpi` and the app's Export… write. */

static const char * const key_columns[][3] = {
  [GW_KPI_BY_GRID] = { "grid_code", "grid_name", "community" },
  [GW_KPI_BY_COMMUNITY] = { "community_code", "community_name", NULL },
  [GW_KPI_BY_WORKER] = { "worker_id", "worker_name", "organisation" },
  [GW_KPI_BY_DEPARTMENT] = { "department_id", "department_name", "level" },
};

static GArray *
table_columns (GwKpiGrouping  grouping,
               GPtrArray     *names)
{
  GArray *columns = g_array_new (FALSE, FALSE, sizeof (GwTableColumn));
  gboolean by_id = grouping == GW_KPI_BY_WORKER || grouping == GW_KPI_BY_DEPARTMENT;
  GwTableColumn column;

  for (guint k = 0; k < 3; k++)
    if (key_columns[grouping][k] != NULL)
      {
        column.name = key_columns[grouping][k];
        column.type = k == 0 && by_id ? GW_TABLE_INTEGER : GW_TABLE_TEXT;
        g_array_append_val (columns, column);
      }
  column.name = "cases";
  column.type = GW_TABLE_INTEGER;
  g_array_append_val (columns, column);
  for (GwKpi kpi = 0; kpi < GW_KPI_N; kpi++)
    {
      static const char * const suffixes[] = { "rate", "num", "den" };

      for (guint s = 0; s < G_N_ELEMENTS (suffixes); s++)
        {
          char *name = g_strdup_printf ("%s_%s", gw_kpi_key (kpi), suffixes[s]);

          g_ptr_array_add (names, name);
          column.name = name;
          column.type = s == 0 ? GW_TABLE_REAL : GW_TABLE_INTEGER;
          g_array_append_val (columns, column);
        }
    }
  return columns;
}

static char **
row_cells (GwKpiGrouping    grouping,
           const GwKpiRow  *row,
           gboolean         total)
{
  GPtrArray *cells = g_ptr_array_new ();
  gboolean by_id = grouping == GW_KPI_BY_WORKER || grouping == GW_KPI_BY_DEPARTMENT;

  if (total)
    g_ptr_array_add (cells, g_strdup (""));
  else if (by_id)
    g_ptr_array_add (cells, g_strdup_printf ("%" G_GINT64_FORMAT, row->id));
  else
    g_ptr_array_add (cells, g_strdup (row->code != NULL ? row->code : ""));
  g_ptr_array_add (cells, g_strdup (row->name));
  if (key_columns[grouping][2] != NULL)
    g_ptr_array_add (cells, g_strdup (row->parent != NULL ? row->parent : ""));
  g_ptr_array_add (cells, g_strdup_printf ("%u", row->cases));
  for (GwKpi kpi = 0; kpi < GW_KPI_N; kpi++)
    {
      double rate = gw_kpi_count_rate (&row->counts[kpi]);
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      g_ptr_array_add (cells, isnan (rate) ? g_strdup ("")
                                           : g_strdup (g_ascii_formatd (buffer, sizeof buffer,
                                                                        "%.4f", rate)));
      g_ptr_array_add (cells, g_strdup_printf ("%u", row->counts[kpi].numerator));
      g_ptr_array_add (cells, g_strdup_printf ("%u", row->counts[kpi].denominator));
    }
  g_ptr_array_add (cells, NULL);
  return (char **) g_ptr_array_free (cells, FALSE);
}

gboolean
gw_kpi_export (const GwKpiTable  *table,
               GwKpiGrouping      grouping,
               const char        *path,
               GError           **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) columns = table_columns (grouping, names);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < table->rows->len; i++)
    g_ptr_array_add (rows, row_cells (grouping, &g_array_index (table->rows, GwKpiRow, i), FALSE));
  g_ptr_array_add (rows, row_cells (grouping, &table->total, TRUE));
  return gw_export_table (path, "kpi", (const GwTableColumn *) columns->data, columns->len, rows,
                          error);
}

