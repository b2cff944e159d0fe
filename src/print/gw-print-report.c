/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-print"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gw-domain.h"
#include "gw-hotspot-stats.h"
#include "gw-print-private.h"
#include "gw-renderer.h"
#include "gw-street.h"
#include "gw-util.h"

/* The monthly report (issue 12): what the street office's monthly
 * performance review reads. Page one: who printed what and when, the five
 * rates of the area, and the map of one rate per grid (a choropleth drawn
 * by the one renderer, classed by quintiles, with its legend). Then the
 * tables, flowed over as many pages as they need: the definitions of the
 * rates, the rates by community, the ten worst and ten best grids by the
 * chosen rate, and the departments. The rates are gw_kpi_compute ()'s over
 * the cases reported in the month, as they stand when printed. */

/* A grid with fewer cases to judge is not ranked: 1 late case of 2 is no
 * verdict on a grid. */
#define MIN_JUDGED 5
#define RANKED     10
#define N_CLASSES  5

/* Quintiles from the worst rate (red) to the best (green): ColorBrewer
 * RdYlGn, translucent so that the map stays readable under them. */
static const guint32 class_rgb[N_CLASSES] = { 0xd7191c, 0xfdae61, 0xffffbf, 0xa6d96a, 0x1a9641 };
#define CLASS_ALPHA 0xc0

/* The rates' short names for the tables' heads, in the order of GwKpi. */
static const char * const kpi_short[GW_KPI_N] = {
  N_("Response"), N_("Acceptance"), N_("Completion"), N_("On time"), N_("Satisfaction"),
};

/* The colours of the five rates, as the app's chart (Okabe–Ito). */
static const guint32 kpi_rgb[GW_KPI_N] = { 0x0072b2, 0xe69f00, 0x009e73, 0xd55e00, 0xcc79a7 };

typedef enum
{
  PART_DEFINITIONS,
  PART_COMMUNITIES,
  PART_WORST,
  PART_BEST,
  PART_DEPARTMENTS,
  N_PARTS
} Part;

/* Rows @first … @first + @n − 1 of a part on one page. */
typedef struct
{
  Part  part;
  guint first;
  guint n;
} Block;

struct _GwPrintReport
{
  char       *month;          /* YYYY-MM */
  char       *from, *to;      /* its first and last day */
  char       *filters;        /* what the filters keep, in words */
  char       *printed_by;
  char       *printed_at;
  GwKpi       kpi;
  guint       cases;          /* of the area */
  GwKpiCount  totals[GW_KPI_N];
  GwKpiTable *by_grid;
  GwKpiTable *by_community;
  GwKpiTable *by_department;
  GArray     *communities;    /* guint: rows of by_community in the area */
  GArray     *worst;          /* guint: rows of by_grid, worst first */
  GArray     *best;           /* best first */
  GArray     *breaks;         /* double: upper bounds of the map's classes */
  GPtrArray  *pages;          /* GArray of Block, per table page */
};

void
gw_print_report_free (GwPrintReport *report)
{
  if (report == NULL)
    return;
  g_free (report->month);
  g_free (report->from);
  g_free (report->to);
  g_free (report->filters);
  g_free (report->printed_by);
  g_free (report->printed_at);
  g_clear_pointer (&report->by_grid, gw_kpi_table_free);
  g_clear_pointer (&report->by_community, gw_kpi_table_free);
  g_clear_pointer (&report->by_department, gw_kpi_table_free);
  g_clear_pointer (&report->communities, g_array_unref);
  g_clear_pointer (&report->worst, g_array_unref);
  g_clear_pointer (&report->best, g_array_unref);
  g_clear_pointer (&report->breaks, g_array_unref);
  g_clear_pointer (&report->pages, g_ptr_array_unref);
  g_free (report);
}

char *
gw_print_report_title (const char *area_name)
{
  /* Translators: the title of the printed monthly report; %s is a street,
   * community or grid name: 宁夏路街道网格化管理月报 */
  return g_strdup_printf (_("%s monthly report"), area_name != NULL ? area_name : "");
}

/* {{{ Reading the month */

/* "2026-10" → its first and last day; FALSE if it is no month. */
static gboolean
month_days (const char *month,
            char      **from,
            char      **to)
{
  int year = 0, number = 0, used = 0;

  if (month == NULL || strlen (month) != 7
      || sscanf (month, "%4d-%2d%n", &year, &number, &used) != 2 || used != 7
      || year < 1900 || year > 2999 || number < 1 || number > 12)
    return FALSE;
  *from = g_strdup_printf ("%04d-%02d-01", year, number);
  *to = g_strdup_printf ("%04d-%02d-%02d", year, number,
                         g_date_get_days_in_month ((GDateMonth) number, (GDateYear) year));
  return TRUE;
}

/* "All cases", or what the filters keep: "Tier A · 居住环境 · open cases". */
char *
gw_print_describe_filter (const GwCaseFilter *filter)
{
  g_autoptr (GString) text = g_string_new (NULL);
  const char *parts[5] = { NULL };
  g_autofree char *tier = NULL;
  g_autofree char *days = NULL;

  if (filter != NULL)
    {
      if (filter->from != NULL || filter->to != NULL)
        /* Translators: a filter of a printed list: the days cases were reported */
        parts[4] = days = g_strdup_printf (_("reported %s to %s"),
                                           filter->from != NULL ? filter->from : "…",
                                           filter->to != NULL ? filter->to : "…");
      if (filter->category != NULL)
        parts[0] = gw_case_category_from_text (filter->category) != NULL
                   ? gw_case_category_label (gw_case_category_from_text (filter->category))
                   : filter->category;
      if (filter->tier != NULL)
        /* Translators: a filter of the monthly report; %s is A, B or C */
        parts[1] = tier = g_strdup_printf (_("tier %s"), filter->tier);
      if (filter->source != NULL)
        parts[2] = gw_case_source_label (filter->source);
      if (filter->status == GW_CASE_FILTER_OPEN)
        parts[3] = _("open cases only");
      else if (filter->status == GW_CASE_FILTER_OVERDUE)
        parts[3] = _("overdue cases only");
    }
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL)
      g_string_append_printf (text, "%s%s", text->len > 0 ? " · " : "", parts[i]);
  return text->len > 0 ? g_strdup (text->str) : g_strdup (_("all cases"));
}

static gboolean
in_set (GHashTable *set,
        gint64      id)
{
  return g_hash_table_contains (set, &id);
}

typedef struct
{
  const GwKpiTable *table;
  GwKpi             kpi;
  gboolean          best;
} RankData;

/* Worst first (best first with @best): the lower (higher) rate, then the
 * more cases judged, then the code. */
static int
compare_rank (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const RankData *data = user_data;
  const GwKpiRow *ra = &g_array_index (data->table->rows, GwKpiRow, *(const guint *) a);
  const GwKpiRow *rb = &g_array_index (data->table->rows, GwKpiRow, *(const guint *) b);
  double pa = gw_kpi_count_rate (&ra->counts[data->kpi]);
  double pb = gw_kpi_count_rate (&rb->counts[data->kpi]);

  if (pa != pb)
    return data->best ? (pa > pb ? -1 : 1) : (pa < pb ? -1 : 1);
  if (ra->counts[data->kpi].denominator != rb->counts[data->kpi].denominator)
    return ra->counts[data->kpi].denominator > rb->counts[data->kpi].denominator ? -1 : 1;
  return g_strcmp0 (ra->code, rb->code);
}

/* The colour of class @klass of @n_classes: the worst red, the best green,
 * however few classes the rates allow. */
static guint32
class_colour (guint klass,
              guint n_classes)
{
  if (n_classes <= 1)
    return class_rgb[N_CLASSES / 2];
  return class_rgb[MIN (klass, n_classes - 1) * (N_CLASSES - 1) / (n_classes - 1)];
}

/* The map's classes and colours, the worst and best grids of the area. */
static void
rank_grids (GwPrintJob    *self,
            GwPrintReport *report,
            GHashTable    *grid_ids)
{
  g_autoptr (GArray) ranked = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) rates = g_array_new (FALSE, FALSE, sizeof (double));
  const GArray *rows = report->by_grid->rows;
  RankData data = { report->by_grid, report->kpi, FALSE };
  guint n_best;

  for (guint i = 0; i < rows->len; i++)
    {
      const GwKpiRow *row = &g_array_index (rows, GwKpiRow, i);
      double rate = gw_kpi_count_rate (&row->counts[report->kpi]);

      if (!in_set (grid_ids, row->id) || isnan (rate))
        continue;
      g_array_append_val (rates, rate);
      if (row->counts[report->kpi].denominator >= MIN_JUDGED)
        g_array_append_val (ranked, i);
    }

  report->breaks = gw_class_breaks ((const double *) rates->data, rates->len, N_CLASSES,
                                    GW_BREAKS_QUANTILE);
  self->grid_fill = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      const GwKpiRow *row = &g_array_index (rows, GwKpiRow, i);
      double rate = gw_kpi_count_rate (&row->counts[report->kpi]);
      guint32 rgb;

      if (!in_set (grid_ids, row->id) || isnan (rate))
        continue;
      rgb = class_colour (gw_class_breaks_find (report->breaks, rate), report->breaks->len);
      g_hash_table_insert (self->grid_fill, GSIZE_TO_POINTER ((gsize) row->id),
                           GW_RGBA (rgb >> 16, rgb >> 8 & 0xff, rgb & 0xff, CLASS_ALPHA));
    }

  g_array_sort_with_data (ranked, compare_rank, &data);
  report->worst = g_array_new (FALSE, FALSE, sizeof (guint));
  report->best = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_vals (report->worst, ranked->data, MIN (RANKED, ranked->len));
  /* The best ten are not the worst ten again when few grids are ranked. */
  n_best = MIN (RANKED, ranked->len - report->worst->len);
  data.best = TRUE;
  g_array_sort_with_data (ranked, compare_rank, &data);
  g_array_append_vals (report->best, ranked->data, n_best);
}

/* The code of street @street_id, or %NULL. */
static char *
street_code (GwStore  *store,
             gint64    street_id,
             GError  **error)
{
  g_autoptr (GPtrArray) streets = gw_street_list (store, error);

  for (guint i = 0; streets != NULL && i < streets->len; i++)
    {
      const GwStreet *street = g_ptr_array_index (streets, i);

      if (street->id == street_id)
        return g_strdup (street->code);
    }
  return NULL;
}

/* The rates of the month by grid, community and department, and the area's
 * totals (the sum of its communities). In a district's file, a street's
 * report counts the cases of that street only, so that its departments are
 * judged on what they did there. */
static gboolean
read_rates (GwStore             *store,
            GwPrintReport       *report,
            const GwCaseFilter  *options_filter,
            gint64               street_id,
            GPtrArray           *grids,
            GHashTable          *grid_ids,
            GError             **error)
{
  g_autoptr (GDateTime) now = gw_now ();
  g_autoptr (GHashTable) community_ids = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree char *street = NULL;
  GwCaseFilter filter = { 0 };

  if (options_filter != NULL)
    filter = *options_filter;
  filter.from = report->from;
  filter.to = report->to;
  if (street_id != 0 && filter.street == NULL)
    {
      street = street_code (store, street_id, error);
      if (street == NULL && error != NULL && *error != NULL)
        return FALSE;
      filter.street = street;
    }
  if (!gw_case_filter_validate (&filter, error))
    return FALSE;
  report->by_grid = gw_kpi_compute (store, GW_KPI_BY_GRID, &filter, now, error);
  if (report->by_grid != NULL)
    report->by_community = gw_kpi_compute (store, GW_KPI_BY_COMMUNITY, &filter, now, error);
  if (report->by_community != NULL)
    report->by_department = gw_kpi_compute (store, GW_KPI_BY_DEPARTMENT, &filter, now, error);
  if (report->by_department == NULL)
    return FALSE;

  for (guint i = 0; i < grids->len; i++)
    {
      const GwFeature *grid = g_ptr_array_index (grids, i);

      g_hash_table_add (grid_ids, (gpointer) &grid->id);
      g_hash_table_add (community_ids, (gpointer) &grid->parent_id);
    }
  report->communities = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < report->by_community->rows->len; i++)
    {
      const GwKpiRow *row = &g_array_index (report->by_community->rows, GwKpiRow, i);

      if (!in_set (community_ids, row->id)
          || (filter.community != NULL && g_strcmp0 (row->code, filter.community) != 0))
        continue;
      g_array_append_val (report->communities, i);
      report->cases += row->cases;
      for (guint k = 0; k < GW_KPI_N; k++)
        {
          report->totals[k].numerator += row->counts[k].numerator;
          report->totals[k].denominator += row->counts[k].denominator;
        }
    }
  return TRUE;
}

/* }}} */
/* {{{ Pages */

typedef struct
{
  GwPageRect header;
  GwPageRect block;     /* who, what, when */
  GwPageRect cards;     /* the five rates */
  GwPageRect map;
  GwPageRect legend;
  GwPageRect north;
  GwPageRect scale_block;
  double     top;       /* of the tables on the next pages */
  double     bottom;
  double     row_h;
  double     heading_h;
  double     line_h;    /* a definition */
  double     gap;
} ReportLayout;

static void
report_layout (GwPrintJob   *self,
               ReportLayout *l)
{
  double k = gw_print_paper_factor (self);
  double w = self->paper_width, h = self->paper_height;
  double m = 10 * k, gap = 4 * k, inner = w - 2 * m;
  double footer_y = h - m - 5 * k;
  double legend_h = 24 * k;

  l->header = (GwPageRect) { m, m, inner, 17 * k };
  l->block = (GwPageRect) { m, l->header.y + l->header.height + 3 * k, inner, 15 * k };
  l->cards = (GwPageRect) { m, l->block.y + l->block.height + 2 * k, inner, 19 * k };
  l->legend = (GwPageRect) { m, footer_y - gap - legend_h, inner * 0.72, legend_h };
  l->scale_block = (GwPageRect) { m + inner * 0.72 + gap, l->legend.y,
                                  inner * 0.28 - gap, legend_h };
  l->north = (GwPageRect) { l->scale_block.x + 2 * k, l->legend.y + 2 * k, 7.8 * k, 13 * k };
  l->map = (GwPageRect) { m, l->cards.y + l->cards.height + gap, inner,
                          l->legend.y - gap - (l->cards.y + l->cards.height + gap) };
  l->top = l->header.y + l->header.height + gap;
  l->bottom = footer_y - 3 * k;
  l->row_h = 5.4 * k;
  l->heading_h = 12 * k;
  l->line_h = 4.8 * k;
  l->gap = gap;
}

static guint
part_rows (const GwPrintReport *report,
           Part                 part)
{
  switch (part)
    {
    case PART_DEFINITIONS: return GW_KPI_N;
    case PART_COMMUNITIES: return 1 + report->communities->len;   /* the area first */
    case PART_WORST: return report->worst->len;
    case PART_BEST: return report->best->len;
    case PART_DEPARTMENTS: return report->by_department->rows->len;
    case N_PARTS:
    default: return 0;
    }
}

/* Height of a block of @n rows of @part, heading included. */
static double
block_height (const ReportLayout *l,
              Part                part,
              guint               n)
{
  if (part == PART_DEFINITIONS)
    return l->heading_h + n * l->line_h;
  /* The head row, and a line that says "none" for an empty part. */
  return l->heading_h + (1 + MAX (n, 1)) * l->row_h;
}

/* Flows the parts over pages, a heading never alone at a page's foot. */
static void
paginate (GwPrintJob    *self,
          GwPrintReport *report)
{
  ReportLayout l;
  GArray *page = g_array_new (FALSE, FALSE, sizeof (Block));
  double y;

  report_layout (self, &l);
  report->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_ptr_array_add (report->pages, page);
  y = l.top;
  for (Part part = 0; part < N_PARTS; part++)
    {
      guint n = part_rows (report, part), first = 0;

      do
        {
          double unit = part == PART_DEFINITIONS ? l.line_h : l.row_h;
          /* Below the heading and the table's head row. */
          double room = l.bottom - y - l.heading_h - (part == PART_DEFINITIONS ? 0 : l.row_h);
          guint fit = room > 0 ? (guint) (room / unit) : 0;
          Block block = { part, first, MIN (fit, n - first) };

          /* At least three rows (or all, or the "none" line) under a
           * heading; on an empty page whatever fits, one row at least. */
          if (fit < MIN (3, MAX (n - first, 1)) && page->len > 0)
            {
              page = g_array_new (FALSE, FALSE, sizeof (Block));
              g_ptr_array_add (report->pages, page);
              y = l.top;
              continue;
            }
          if (block.n == 0 && n > first)
            block.n = 1;
          g_array_append_val (page, block);
          y += block_height (&l, part, block.n) + l.gap;
          first += block.n;
        }
      while (first < n);
    }
}

gboolean
gw_print_add_report_pages (GwPrintJob  *self,
                           GwStore     *store,
                           GPtrArray   *grids,
                           GwPrintPage *page,
                           GError     **error)
{
  GwPrintReport *report = g_new0 (GwPrintReport, 1);
  g_autoptr (GHashTable) grid_ids = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GDateTime) now = gw_now ();

  self->report = report;
  page->kind = GW_PAGE_REPORT_MAP;
  g_ptr_array_add (self->pages, page);
  report->month = g_strdup (self->options.report_month);
  report->kpi = MIN (self->options.report_kpi, GW_KPI_N - 1);
  if (!month_days (report->month, &report->from, &report->to))
    {
      g_set_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_INVALID,
                   _("“%s” is not a month to report on: write it as YYYY-MM, e.g. 2026-10"),
                   report->month);
      return FALSE;
    }
  {
    /* The month stands for the filter's days. */
    GwCaseFilter shown = { 0 };

    if (self->options.report_filter != NULL)
      shown = *self->options.report_filter;
    shown.from = shown.to = NULL;
    report->filters = gw_print_describe_filter (&shown);
  }
  report->printed_by = g_strdup (self->options.printed_by);
  report->printed_at = g_date_time_format (now, "%Y-%m-%d %H:%M");
  /* The job keeps its own copies; the caller's filter is read only here. */
  self->options.report_month = report->month;
  self->options.printed_by = report->printed_by;
  if (!read_rates (store, report, self->options.report_filter, page->street_id, grids, grid_ids,
                   error))
    return FALSE;
  self->options.report_filter = NULL;
  if (report->cases == 0)
    {
      g_set_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_NOT_FOUND,
                   _("No cases of %s were reported in %s (%s): there is nothing to report on"),
                   self->subtitle, report->month, report->filters);
      return FALSE;
    }

  rank_grids (self, report, grid_ids);
  paginate (self, report);
  for (guint i = 0; i < report->pages->len; i++)
    {
      GwPrintPage *tables = g_new0 (GwPrintPage, 1);

      tables->kind = GW_PAGE_REPORT_TABLES;
      tables->street_id = page->street_id;
      tables->code = g_strdup_printf ("%s-%s-%u", page->code, report->month, i + 2);
      tables->name = g_strdup (page->name);
      tables->first_row = i;
      g_ptr_array_add (self->pages, tables);
    }
  g_free (page->code);
  page->code = g_strdup_printf ("%s-%s", page->code, report->month);
  return TRUE;
}

/* }}} */
/* {{{ The first page */

static char *
percent (const GwKpiCount *count)
{
  double rate = gw_kpi_count_rate (count);

  return isnan (rate) ? g_strdup ("—") : g_strdup_printf ("%.0f%%", 100 * rate);
}

void
gw_print_report_geometry (GwPrintJob        *self,
                          const GwPrintPage *spec,
                          GwPageGeometry    *geometry)
{
  ReportLayout l;

  report_layout (self, &l);
  geometry->map_frame = l.map;
  geometry->map_bbox = gw_print_map_bbox (&spec->subject, &l.map, 0, &geometry->scale);
  geometry->legend = l.legend;
  geometry->north_arrow = l.north;
  {
    double length, k = gw_print_paper_factor (self);

    geometry->scale_bar_metres = gw_scale_bar_choose (geometry->scale,
                                                      l.scale_block.width - l.north.width - 10 * k,
                                                      &length);
    geometry->scale_bar = (GwPageRect) { l.north.x + l.north.width + 4 * k,
                                         l.legend.y + 9 * k, length, 1.6 * k };
  }
}

/* Area and month left, who printed it and when right. */
static void
draw_title_block (GwPageContext      *pc,
                  const ReportLayout *l)
{
  GwPrintJob *self = pc->job;
  GwPrintReport *report = self->report;
  double k = pc->k, half = l->block.width / 2, line = 4.6 * k;
  g_autofree char *area = g_strdup_printf (_("Area: %s"), self->subtitle);
  g_autofree char *month = g_strdup_printf (_("Month: %s, cases reported %s to %s"), report->month,
                                            report->from, report->to);
  g_autofree char *cases = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case under the filters: %s",
                                                         "%u cases under the filters: %s",
                                                         report->cases),
                                            report->cases, report->filters);
  g_autofree char *by = g_strdup_printf (_("Printed by: %s"), report->printed_by != NULL
                                                              ? report->printed_by : "—");
  g_autofree char *at = g_strdup_printf (_("Printed at: %s"), report->printed_at);
  const char *left[] = { area, month, cases };
  const char *right[] = { by, at, _("Rates as they stand when printed") };

  for (guint i = 0; i < 3; i++)
    {
      gw_print_cell_text (pc, left[i], 8 * k, PANGO_WEIGHT_NORMAL, l->block.x,
                          l->block.y + i * line, half * 1.3 - 2 * k, line, GW_PRINT_INK);
      gw_print_cell_text (pc, right[i], 8 * k, PANGO_WEIGHT_NORMAL, l->block.x + half * 1.3,
                          l->block.y + i * line, half * 0.7, line,
                          i == 2 ? GW_PRINT_INK_SOFT : GW_PRINT_INK);
    }
}

/* One card per rate: its name, the rate, numerator of denominator. */
static void
draw_cards (GwPageContext      *pc,
            const ReportLayout *l)
{
  GwPrintReport *report = pc->job->report;
  cairo_t *cr = pc->cr;
  double k = pc->k, gap = 2.5 * k;
  double w = (l->cards.width - (GW_KPI_N - 1) * gap) / GW_KPI_N;

  for (guint i = 0; i < GW_KPI_N; i++)
    {
      double x = l->cards.x + i * (w + gap), y = l->cards.y;
      g_autofree char *rate = percent (&report->totals[i]);
      g_autofree char *counts = g_strdup_printf (_("%u of %u"), report->totals[i].numerator,
                                                 report->totals[i].denominator);

      cairo_rectangle (cr, x, y, w, l->cards.height);
      gw_print_set_rgb (cr, GW_PRINT_TABLE_ZEBRA);
      cairo_fill_preserve (cr);
      gw_print_set_rgb (cr, i == report->kpi ? GW_PRINT_INK : GW_PRINT_RULE);
      cairo_set_line_width (cr, (i == report->kpi ? 0.5 : 0.25) * k);
      cairo_stroke (cr);
      cairo_rectangle (cr, x, y, w, 1.2 * k);
      gw_print_set_rgb (cr, kpi_rgb[i]);
      cairo_fill (cr);
      gw_print_cell_text (pc, gw_kpi_label (i), 7.5 * k, PANGO_WEIGHT_BOLD, x + 2 * k, y + 1.8 * k,
                          w - 4 * k, 4 * k, GW_PRINT_INK_SOFT);
      gw_print_cell_text (pc, rate, 16 * k, PANGO_WEIGHT_BOLD, x + 2 * k, y + 5.8 * k, w - 4 * k,
                          8 * k, GW_PRINT_INK);
      gw_print_cell_text (pc, counts, 7 * k, PANGO_WEIGHT_NORMAL, x + 2 * k, y + 14 * k,
                          w - 4 * k, 4 * k, GW_PRINT_INK_SOFT);
    }
}

static void
draw_swatch (GwPageContext *pc,
             double         x,
             double         y,
             double         w,
             double         h,
             guint32        rgb,
             double         alpha)
{
  cairo_t *cr = pc->cr;

  cairo_rectangle (cr, x, y, w, h);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, (rgb >> 16) / 255.0, (rgb >> 8 & 0xff) / 255.0, (rgb & 0xff) / 255.0,
                         alpha);
  cairo_fill_preserve (cr);
  gw_print_set_rgb (cr, GW_PRINT_INK_SOFT);
  cairo_set_line_width (cr, 0.2 * pc->k);
  cairo_stroke (cr);
}

/* What the colours mean: the rate's classes from worst to best, and the
 * grids with nothing to judge. */
static void
draw_report_legend (GwPageContext      *pc,
                    const ReportLayout *l)
{
  GwPrintReport *report = pc->job->report;
  GArray *breaks = report->breaks;
  double k = pc->k, x = l->legend.x, y = l->legend.y;
  double slot = MIN (19 * k, l->legend.width / (N_CLASSES + 1.5));
  g_autofree char *title = g_strdup_printf (_("%s per grid, classes of equal numbers of grids "
                                              "(quintiles)"), gw_kpi_label (report->kpi));
  g_autofree char *note = g_strdup_printf (_("Ranked below: grids with at least %d cases to "
                                             "judge. %s"), MIN_JUDGED,
                                           gw_kpi_definition (report->kpi));

  gw_print_cell_text (pc, title, 8.5 * k, PANGO_WEIGHT_BOLD, x, y, l->legend.width, 5 * k,
                      GW_PRINT_INK);
  for (guint c = 0; c <= breaks->len && c <= N_CLASSES; c++)
    {
      g_autofree char *label = NULL;
      double sx = x + c * slot;

      if (c == breaks->len)
        {
          draw_swatch (pc, sx, y + 7 * k, 6 * k, 4 * k, 0xffffff, 0);
          label = g_strdup (_("Nothing to judge"));
        }
      else
        {
          double upper = 100 * g_array_index (breaks, double, c);

          draw_swatch (pc, sx, y + 7 * k, 6 * k, 4 * k, class_colour (c, breaks->len),
                       CLASS_ALPHA / 255.0);
          label = c == 0 ? g_strdup_printf ("≤ %.0f%%", upper)
                         : g_strdup_printf ("%.0f–%.0f%%", 100 * g_array_index (breaks, double, c - 1),
                                            upper);
        }
      gw_print_cell_text (pc, label, 7 * k, PANGO_WEIGHT_NORMAL, sx + 7 * k, y + 7 * k,
                          c == breaks->len ? l->legend.width - c * slot - 7 * k : slot - 8 * k,
                          4 * k, GW_PRINT_INK);
    }
  gw_print_show_text (pc, note, 7 * k, PANGO_WEIGHT_NORMAL, x, y + 13.5 * k, l->legend.width,
                      PANGO_ALIGN_LEFT, GW_PRINT_INK_SOFT);
}

void
gw_print_draw_report_map (GwPageContext *pc)
{
  GwPrintJob *self = pc->job;
  GwPageGeometry g = { 0 };
  ReportLayout l;

  report_layout (self, &l);
  gw_print_report_geometry (self, pc->spec, &g);
  gw_print_draw_header (pc, &l.header, self->title, 0);
  draw_title_block (pc, &l);
  draw_cards (pc, &l);
  gw_print_draw_map (pc, &g.map_frame, &g.map_bbox, NULL, 0, FALSE);
  draw_report_legend (pc, &l);
  gw_print_draw_north_arrow (pc, &g.north_arrow);
  gw_print_draw_scale_bar (pc, &g.scale_bar, g.scale_bar_metres, g.scale, TRUE);
  gw_print_draw_footer (pc);
}

/* }}} */
/* {{{ The tables */

static void
draw_heading (GwPageContext *pc,
              const char    *title,
              const char    *note,
              double         x,
              double         y,
              double         width)
{
  double k = pc->k;

  gw_print_cell_text (pc, title, 10 * k, PANGO_WEIGHT_BOLD, x, y, width, 6 * k, GW_PRINT_INK);
  if (note != NULL)
    gw_print_cell_text (pc, note, 7 * k, PANGO_WEIGHT_NORMAL, x, y + 6 * k, width, 4.5 * k,
                        GW_PRINT_INK_SOFT);
}

/* The cells of one row of rates: @first_cells, the cases, the five rates
 * (the report's rate with its counts). Returns the number of cells. */
static guint
rate_cells (const GwPrintReport *report,
            const char * const  *first_cells,
            guint                n_first,
            guint                cases,
            const GwKpiCount    *counts,
            char               **cells)
{
  guint n = 0;

  for (guint i = 0; i < n_first; i++)
    cells[n++] = g_strdup (first_cells[i] != NULL ? first_cells[i] : "");
  cells[n++] = g_strdup_printf ("%u", cases);
  for (guint k = 0; k < GW_KPI_N; k++)
    {
      g_autofree char *rate = percent (&counts[k]);

      cells[n++] = k == report->kpi && counts[k].denominator > 0
                   ? g_strdup_printf ("%s (%u/%u)", rate, counts[k].numerator,
                                      counts[k].denominator)
                   : g_steal_pointer (&rate);
    }
  return n;
}

static const char *
department_level (const char *level)
{
  if (g_strcmp0 (level, "district") == 0)
    return C_("department level", "District");
  if (g_strcmp0 (level, "street") == 0)
    return C_("department level", "Street");
  return level != NULL ? level : "";
}

/* One row of a part: its cells and style. */
static void
draw_part_row (GwPageContext    *pc,
               Part              part,
               guint             index,
               const GwPageRect *table,
               double            y,
               double            row_h,
               const double     *widths,
               guint             n_cols)
{
  GwPrintJob *self = pc->job;
  GwPrintReport *report = self->report;
  char *cells[9] = { NULL };
  GwPrintRowStyle style = index % 2 == 1 ? GW_PRINT_ROW_ZEBRA : GW_PRINT_ROW_PLAIN;
  guint n;

  if (part == PART_COMMUNITIES && index == 0)
    {
      const char *first[] = { self->subtitle };

      n = rate_cells (report, first, 1, report->cases, report->totals, cells);
      style = GW_PRINT_ROW_HEAD;
    }
  else if (part == PART_COMMUNITIES)
    {
      const GwKpiRow *row = &g_array_index (report->by_community->rows, GwKpiRow,
                                            g_array_index (report->communities, guint, index - 1));
      const char *first[] = { row->name };

      n = rate_cells (report, first, 1, row->cases, row->counts, cells);
    }
  else if (part == PART_WORST || part == PART_BEST)
    {
      GArray *which = part == PART_WORST ? report->worst : report->best;
      const GwKpiRow *row = &g_array_index (report->by_grid->rows, GwKpiRow,
                                            g_array_index (which, guint, index));
      g_autofree char *rank = g_strdup_printf ("%u", index + 1);
      const char *first[] = { rank, row->code, row->parent };

      n = rate_cells (report, first, 3, row->cases, row->counts, cells);
    }
  else
    {
      const GwKpiRow *row = &g_array_index (report->by_department->rows, GwKpiRow, index);
      const char *first[] = { row->name, department_level (row->parent) };

      n = rate_cells (report, first, 2, row->cases, row->counts, cells);
    }
  g_assert (n == n_cols);
  gw_print_table_row (pc, table, y, row_h, widths, n_cols, (const char * const *) cells, style,
                      (int) (n_cols - GW_KPI_N + report->kpi));
  for (guint i = 0; i < n; i++)
    g_free (cells[i]);
}

/* The heading, head row and rows @block of a table part at @y. */
static double
draw_table_block (GwPageContext      *pc,
                  const ReportLayout *l,
                  const Block        *block,
                  double              y)
{
  GwPrintReport *report = pc->job->report;
  static const double community_widths[] = { 0.30 };
  static const double grid_widths[] = { 0.04, 0.17, 0.15 };
  static const double department_widths[] = { 0.27, 0.07 };
  const char *heads[9] = { NULL };
  double widths[9];
  g_autofree char *title = NULL;
  g_autofree char *note = NULL;
  GwPageRect table = { l->header.x, y + l->heading_h, l->header.width, 0 };
  guint n_cols = 0;

  switch (block->part)
    {
    case PART_COMMUNITIES:
      title = g_strdup (_("The five rates by community"));
      heads[n_cols++] = _("Community");
      memcpy (widths, community_widths, sizeof community_widths);
      break;
    case PART_WORST:
    case PART_BEST:
      title = g_strdup_printf (block->part == PART_WORST ? _("The ten worst grids by %s")
                                                         : _("The ten best grids by %s"),
                               gw_kpi_label (report->kpi));
      note = g_strdup_printf (_("Grids with at least %d cases to judge; at equal rates, the "
                                "grid with more cases judged first"), MIN_JUDGED);
      heads[n_cols++] = "#";
      heads[n_cols++] = _("Grid");
      heads[n_cols++] = _("Community");
      memcpy (widths, grid_widths, sizeof grid_widths);
      break;
    case PART_DEPARTMENTS:
    default:
      title = g_strdup (_("Departments"));
      note = g_strdup (_("The departments holding cases of the month, by name"));
      heads[n_cols++] = _("Department");
      heads[n_cols++] = _("Level");
      memcpy (widths, department_widths, sizeof department_widths);
      break;
    }
  if (block->first > 0)
    {
      /* Translators: a table's heading again on the next page */
      g_autofree char *continued = g_strdup_printf (_("%s (continued)"), title);

      g_free (title);
      title = g_steal_pointer (&continued);
    }
  draw_heading (pc, title, note, l->header.x, y, l->header.width);

  /* The rest: the cases, then the rates, the report's one wider for its
   * counts. */
  {
    double used = 0, cases_w = 0.06;

    for (guint i = 0; i < n_cols; i++)
      used += widths[i];
    widths[n_cols] = cases_w;
    heads[n_cols++] = _("Cases");
    for (guint k = 0; k < GW_KPI_N; k++)
      {
        widths[n_cols] = (1 - used - cases_w) * (k == report->kpi ? 1.6 : 1) / (GW_KPI_N + 0.6);
        heads[n_cols++] = _(kpi_short[k]);
      }
  }
  y = table.y;
  gw_print_table_row (pc, &table, y, l->row_h, widths, n_cols, heads, GW_PRINT_ROW_HEAD, -1);
  y += l->row_h;
  if (block->n == 0)
    {
      gw_print_cell_text (pc, _("No grid has enough cases to judge"), 7.5 * pc->k,
                          PANGO_WEIGHT_NORMAL, table.x + 1.5 * pc->k, y, table.width, l->row_h,
                          GW_PRINT_INK_SOFT);
      y += l->row_h;
    }
  for (guint i = 0; i < block->n; i++)
    {
      draw_part_row (pc, block->part, block->first + i, &table, y, l->row_h, widths, n_cols);
      y += l->row_h;
    }
  gw_print_table_rule (pc, &table, y);
  return y;
}

/* Each rate in one line, in its colour. */
static double
draw_definitions (GwPageContext      *pc,
                  const ReportLayout *l,
                  double              y)
{
  double k = pc->k;

  draw_heading (pc, _("What the rates count"),
                _("Cases reported in the month, counted for whoever holds them now"),
                l->header.x, y, l->header.width);
  y += l->heading_h;
  for (guint i = 0; i < GW_KPI_N; i++)
    {
      g_autofree char *line = g_strdup_printf ("%s: %s", gw_kpi_label (i), gw_kpi_definition (i));

      cairo_rectangle (pc->cr, l->header.x, y + l->line_h / 2 - 1.2 * k, 2.4 * k, 2.4 * k);
      gw_print_set_rgb (pc->cr, kpi_rgb[i]);
      cairo_fill (pc->cr);
      gw_print_cell_text (pc, line, 7.5 * k, PANGO_WEIGHT_NORMAL, l->header.x + 4 * k, y,
                          l->header.width - 4 * k, l->line_h, GW_PRINT_INK);
      y += l->line_h;
    }
  return y;
}

void
gw_print_draw_report_tables (GwPageContext *pc)
{
  GwPrintJob *self = pc->job;
  GArray *blocks = g_ptr_array_index (self->report->pages, pc->spec->first_row);
  ReportLayout l;
  double y;

  report_layout (self, &l);
  gw_print_draw_header (pc, &l.header, self->title, 0);
  y = l.top;
  for (guint i = 0; i < blocks->len; i++)
    {
      const Block *block = &g_array_index (blocks, Block, i);

      y = block->part == PART_DEFINITIONS ? draw_definitions (pc, &l, y)
                                          : draw_table_block (pc, &l, block, y);
      y += l.gap;
    }
  gw_print_draw_footer (pc);
}

/* }}} */
