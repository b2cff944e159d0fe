/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-print"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-print-private.h"
#include "gw-render-plan.h"

/* A printed grid plan (issue 11): the map pages show the draft over the
 * live grids; then the table of the draft's grids, for the street office to
 * sign off — code, community, households, residents, buildings, workers,
 * band, parts, compactness and lots changed, with the plan's summary. */

static void
table_layout (GwPrintJob *self,
              GwPageRect *header,
              GwPageRect *summary,
              GwPageRect *table,
              double     *row_h)
{
  double k = gw_print_paper_factor (self);
  double m = 10 * k, gap = 4 * k;
  double footer_y = self->paper_height - m - 5 * k;

  *header = (GwPageRect) { m, m, self->paper_width - 2 * m, 17 * k };
  *summary = (GwPageRect) { m, header->y + header->height + gap, header->width, 12 * k };
  *table = (GwPageRect) { m, summary->y + summary->height + gap, header->width,
                          footer_y - gap - (summary->y + summary->height + gap) };
  *row_h = 5.4 * k;
}

static int
compare_codes (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  GArray *rows = user_data;
  const GwPlanRow *ra = &g_array_index (rows, GwPlanRow, *(const guint *) a);
  const GwPlanRow *rb = &g_array_index (rows, GwPlanRow, *(const guint *) b);

  /* Live grids by code; new ones after them by key. */
  if (*ra->code == '\0' || *rb->code == '\0')
    return (*ra->code == '\0') - (*rb->code == '\0') ?: (int) ra->key - (int) rb->key;
  return strcmp (ra->code, rb->code);
}

gboolean
gw_print_add_plan_pages (GwPrintJob  *self,
                         GError     **error)
{
  GwPlan *plan = self->options.plan;
  GArray *rows = gw_plan_get_rows (plan);
  GwPageRect header, summary, table;
  guint per_page;
  double row_h;

  self->plan_paint = gw_render_plan_paint (plan, -1, NULL);
  self->plan_keys = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint k = 0; k < rows->len; k++)
    if (g_array_index (rows, GwPlanRow, k).lots > 0)
      g_array_append_val (self->plan_keys, k);
  g_array_sort_with_data (self->plan_keys, compare_codes, rows);

  table_layout (self, &header, &summary, &table, &row_h);
  per_page = MAX (1, (guint) (table.height / row_h) - 1);
  for (guint first = 0; first < MAX (self->plan_keys->len, 1); first += per_page)
    {
      GwPrintPage *page = g_new0 (GwPrintPage, 1);

      page->kind = GW_PAGE_PLAN_TABLE;
      page->code = g_strdup_printf ("plan-%" G_GINT64_FORMAT "-%u", gw_plan_get_id (plan),
                                    first / per_page + 1);
      page->name = g_strdup (gw_plan_get_name (plan));
      page->first_row = first;
      page->n_rows = MIN (per_page, self->plan_keys->len - MIN (first, self->plan_keys->len));
      g_ptr_array_add (self->pages, page);
    }
  return TRUE;
}

void
gw_print_draw_plan_table (GwPageContext *pc)
{
  GwPrintJob *self = pc->job;
  GwPlan *plan = self->options.plan;
  GArray *rows = gw_plan_get_rows (plan);
  const GwPrintPage *spec = pc->spec;
  static const double widths[10] = { 0.20, 0.14, 0.09, 0.09, 0.08, 0.07, 0.08, 0.06, 0.09, 0.10 };
  const char *heads[10] = {
    _("Grid"), _("Community"), _("Households"), _("Residents"), _("Buildings"), _("Workers"),
    _("Band"), _("Parts"), _("Compactness"), _("Lots Changed"),
  };
  g_autofree char *title = NULL;
  g_autofree char *line = NULL;
  GwPageRect header, summary, table;
  GwPlanSummary sum;
  double row_h, y, min, max;

  table_layout (self, &header, &summary, &table, &row_h);
  /* Translators: title of the grid table pages of a printed plan; %s is its name */
  title = g_strdup_printf (_("Grids of plan “%s”"), spec->name);
  gw_print_draw_header (pc, &header, title, 0);

  gw_plan_get_summary (plan, &sum);
  gw_plan_get_band (plan, &min, &max);
  line = g_strdup_printf (_("%u grids: %u inside %.0f–%.0f households, islands: %u. Lots in no "
                            "grid: %u, changed: %u. Compactness %.2f"),
                          sum.n_grids, sum.n_inside_band, min, max, sum.n_islands,
                          sum.n_unassigned, sum.n_changed, sum.mean_polsby_popper);
  gw_print_cell_text (pc, line, 8.5 * pc->k, PANGO_WEIGHT_BOLD, summary.x, summary.y,
                      summary.width, summary.height, GW_PRINT_INK);

  y = table.y;
  gw_print_table_row (pc, &table, y, row_h, widths, 10, heads, GW_PRINT_ROW_HEAD, -1);
  y += row_h;
  for (guint i = 0; i < spec->n_rows; i++)
    {
      const GwPlanRow *row = &g_array_index (rows, GwPlanRow,
                                             g_array_index (self->plan_keys, guint, spec->first_row + i));
      g_autofree char *code = *row->code != '\0' ? g_strdup (row->code)
                              /* Translators: a grid of a draft plan that has no code yet */
                              : g_strdup_printf (_("New grid %u"), row->key + 1);
      g_autofree char *households = g_strdup_printf ("%.0f", row->households);
      g_autofree char *residents = g_strdup_printf ("%.0f", row->residents);
      g_autofree char *buildings = g_strdup_printf ("%.0f", row->buildings);
      g_autofree char *workers = g_strdup_printf ("%u", row->workers);
      g_autofree char *parts = g_strdup_printf ("%u", row->parts);
      g_autofree char *compactness = g_strdup_printf ("%.2f", row->polsby_popper);
      g_autofree char *changed = row->lots_changed > 0 ? g_strdup_printf ("%u", row->lots_changed)
                                                       : g_strdup ("");
      const char *cells[10] = {
        code, row->community != NULL ? row->community : "", households, residents, buildings,
        workers, gw_plan_band_label (row->band), parts, compactness, changed,
      };

      gw_print_table_row (pc, &table, y, row_h, widths, 10, cells,
                          i % 2 == 1 ? GW_PRINT_ROW_ZEBRA : GW_PRINT_ROW_PLAIN,
                          row->band != GW_PLAN_BAND_INSIDE ? 6 : -1);
      y += row_h;
    }
  gw_print_table_rule (pc, &table, y);
  gw_print_draw_footer (pc);
}
