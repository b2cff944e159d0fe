/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-print"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-calendar.h"
#include "gw-domain.h"
#include "gw-print-private.h"
#include "gw-util.h"

/* The printed overdue board (挂牌督办, issue 12): every open case of the
 * area past its deadline, longest overdue first, as the app's board lists
 * it — case, category, grid, holder, tier, deadline, working time overdue,
 * reminders and escalation — on landscape pages for the command centre's
 * wall or the weekly meeting. Escalated cases have their code in bold. */

static void
overdue_layout (GwPrintJob *self,
                GwPageRect *header,
                GwPageRect *summary,
                GwPageRect *table,
                double     *row_h)
{
  double k = gw_print_paper_factor (self);
  double m = 10 * k, gap = 4 * k;
  double footer_y = self->paper_height - m - 5 * k;

  *header = (GwPageRect) { m, m, self->paper_width - 2 * m, 17 * k };
  *summary = (GwPageRect) { m, header->y + header->height + gap, header->width, 7 * k };
  *table = (GwPageRect) { m, summary->y + summary->height + gap / 2, header->width,
                          footer_y - gap - (summary->y + summary->height + gap / 2) };
  *row_h = 5.4 * k;
}

char *
gw_print_overdue_title (const char *area_name)
{
  /* Translators: the title of the printed overdue board; %s is a street,
   * community or grid name: 宁夏路街道挂牌督办清单 */
  return g_strdup_printf (_("%s overdue board"), area_name != NULL ? area_name : "");
}

gboolean
gw_print_add_overdue_pages (GwPrintJob  *self,
                            GwStore     *store,
                            GPtrArray   *grids,
                            GwPrintPage *model,
                            GError     **error)
{
  g_autoptr (GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GDateTime) now = gw_now ();
  GwCaseFilter filter = { 0 };
  GwPageRect header, summary, table;
  double row_h;
  guint per_page;

  if (self->options.report_filter != NULL)
    filter = *self->options.report_filter;
  filter.status = GW_CASE_FILTER_OVERDUE;
  all = gw_overdue_list (store, &filter, NULL, now, error);
  self->options.report_filter = NULL;
  if (all == NULL)
    {
      g_free (model->code);
      g_free (model->name);
      g_free (model);
      return FALSE;
    }

  /* The area's cases only (a district file holds other streets'). */
  for (guint i = 0; i < grids->len; i++)
    g_hash_table_add (codes, ((const GwFeature *) g_ptr_array_index (grids, i))->label);
  self->overdue = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_overdue_case_free);
  for (guint i = 0; i < all->len; i++)
    {
      GwOverdueCase *kase = g_ptr_array_index (all, i);

      if (kase->grid_code != NULL && g_hash_table_contains (codes, kase->grid_code))
        g_ptr_array_add (self->overdue, g_ptr_array_steal_index (all, i--));
    }
  /* Overdue goes without saying on the board. */
  filter.status = GW_CASE_FILTER_ALL;
  self->overdue_filters = gw_print_describe_filter (&filter);
  self->overdue_as_of = g_date_time_format (now, "%Y-%m-%d %H:%M");

  overdue_layout (self, &header, &summary, &table, &row_h);
  per_page = MAX (1, (guint) floor (table.height / row_h) - 1);
  for (guint first = 0; first < MAX (self->overdue->len, 1); first += per_page)
    {
      GwPrintPage *page = g_new0 (GwPrintPage, 1);

      page->kind = GW_PAGE_OVERDUE;
      page->street_id = model->street_id;
      page->code = g_strdup_printf ("%s-overdue-%u", model->code, first / per_page + 1);
      page->name = g_strdup (model->name);
      page->first_row = first;
      page->n_rows = MIN (per_page, self->overdue->len - MIN (first, self->overdue->len));
      g_ptr_array_add (self->pages, page);
    }
  g_free (model->code);
  g_free (model->name);
  g_free (model);
  return TRUE;
}

/* "2 d 3.5 h" of working time, as the app's board says it. */
static char *
working_time (gint64 seconds)
{
  int days = (int) (seconds / GW_WORK_DAY_SECONDS);

  if (days == 0)
    return g_strdup_printf (_("%.1f h"), seconds / 3600.0);
  /* Translators: working days (of 7.5 h) and hours */
  return g_strdup_printf (_("%d d %.1f h"), days,
                          (seconds - (gint64) days * GW_WORK_DAY_SECONDS) / 3600.0);
}

/* "2026-11-03 17:30" of a stored timestamp. */
static char *
minutes_of (const char *timestamp)
{
  if (timestamp == NULL)
    return g_strdup ("");
  return g_strndup (timestamp, MIN (strlen (timestamp), 16));
}

static void
draw_overdue_row (GwPageContext      *pc,
                  const GwOverdueCase *kase,
                  guint               number,
                  const GwPageRect   *table,
                  double              y,
                  double              row_h,
                  const double       *widths,
                  guint               n_cols)
{
  g_autofree char *rank = g_strdup_printf ("%u", number);
  g_autofree char *category = kase->subcategory != NULL && *kase->subcategory != '\0'
                              ? g_strdup_printf ("%s · %s", gw_case_category_label (kase->category),
                                                 kase->subcategory)
                              : g_strdup (gw_case_category_label (kase->category));
  g_autofree char *holder = kase->assignee_is_department
                            /* Translators: a department holding an overdue case */
                            ? g_strdup_printf (_("%s (department)"), kase->assignee)
                            : g_strdup (kase->assignee != NULL && *kase->assignee != '\0'
                                        ? kase->assignee : "—");
  g_autofree char *deadline = minutes_of (kase->deadline_at);
  g_autofree char *late = working_time (kase->overdue_seconds);
  g_autofree char *reminders = kase->n_reminders > 0 ? g_strdup_printf ("%u", kase->n_reminders)
                                                     : g_strdup ("");
  g_autofree char *escalated = kase->escalated_at != NULL ? g_strndup (kase->escalated_at, 10)
                                                          : g_strdup ("");
  const char *cells[] = {
    rank, kase->code, category, kase->grid_code, kase->community_name, holder, kase->tier,
    deadline, late, reminders, escalated,
  };

  g_assert (G_N_ELEMENTS (cells) == n_cols);
  gw_print_table_row (pc, table, y, row_h, widths, n_cols, cells,
                      number % 2 == 0 ? GW_PRINT_ROW_ZEBRA : GW_PRINT_ROW_PLAIN,
                      kase->escalated_at != NULL ? 1 : -1);
}

void
gw_print_draw_overdue (GwPageContext *pc)
{
  GwPrintJob *self = pc->job;
  const GwPrintPage *spec = pc->spec;
  static const double widths[] = {
    0.03, 0.09, 0.18, 0.10, 0.08, 0.16, 0.04, 0.09, 0.11, 0.06, 0.06,
  };
  const char *heads[G_N_ELEMENTS (widths)] = {
    "#", _("Case"), _("Category"), _("Grid"), _("Community"), _("Held by"), _("Tier"),
    _("Deadline"), _("Overdue"), _("Reminders"), _("Escalated"),
  };
  g_autofree char *line = NULL;
  GwPageRect header, summary, table;
  guint n_escalated = 0;
  double row_h, y;

  overdue_layout (self, &header, &summary, &table, &row_h);
  gw_print_draw_header (pc, &header, self->title, 0);
  for (guint i = 0; i < self->overdue->len; i++)
    n_escalated += ((GwOverdueCase *) g_ptr_array_index (self->overdue, i))->escalated_at != NULL;
  line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u overdue case (%s), longest overdue first, as of %s; "
                                       "escalated (case in bold): %u",
                                       "%u overdue cases (%s), longest overdue first, as of %s; "
                                       "escalated (case in bold): %u", self->overdue->len),
                          self->overdue->len, self->overdue_filters, self->overdue_as_of,
                          n_escalated);
  gw_print_cell_text (pc, line, 8.5 * pc->k, PANGO_WEIGHT_BOLD, summary.x, summary.y,
                      summary.width, summary.height, GW_PRINT_INK);

  y = table.y;
  gw_print_table_row (pc, &table, y, row_h, widths, G_N_ELEMENTS (widths), heads,
                      GW_PRINT_ROW_HEAD, -1);
  y += row_h;
  for (guint i = 0; i < spec->n_rows; i++)
    {
      draw_overdue_row (pc, g_ptr_array_index (self->overdue, spec->first_row + i),
                        spec->first_row + i + 1, &table, y, row_h, widths, G_N_ELEMENTS (widths));
      y += row_h;
    }
  if (self->overdue->len == 0)
    {
      gw_print_cell_text (pc, _("No case is overdue."), 8 * pc->k, PANGO_WEIGHT_NORMAL,
                          table.x + 1.5 * pc->k, y, table.width, row_h, GW_PRINT_INK_SOFT);
      y += row_h;
    }
  gw_print_table_rule (pc, &table, y);
  gw_print_draw_footer (pc);
}
