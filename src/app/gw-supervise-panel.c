/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-supervise-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "gw-domain.h"
#include "gw-export.h"
#include "gw-hotspots.h"
#include "gw-kpi.h"
#include "gw-overdue.h"
#include "gw-render-density.h"
#include "gw-renderer.h"
#include "gw-supervise-panel-private.h"
#include "gw-text-table.h"
#include "gw-util.h"


G_DEFINE_FINAL_TYPE (GwSupervisePanel, gw_supervise_panel, GTK_TYPE_WIDGET)

enum
{
  PAINT_CHANGED,
  GRID_ACTIVATED,
  CASE_ACTIVATED,
  MESSAGE,
  PRINT_REPORT,
  PRINT_OVERDUE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* {{{ Filters */

static const struct
{
  const char *label;
  int         days;       /* 0: all; -1: since 1 January */
} periods[] = {
  { N_("Last 30 days"), 30 },
  { N_("Last 90 days"), 90 },
  { N_("Last 12 months"), 365 },
  { N_("This year"), -1 },
  { N_("All time"), 0 },
};

static const char *const statuses[] = { N_("All cases"), N_("Open"), N_("Overdue") };

static const struct
{
  const char *label;
  const char *explanation;
} methods[] = {
  [GW_SUPERVISE_DENSITY] = { N_("Density of cases"),
                             N_("Where cases lie thickest: a quartic kernel over every case "
                                "point, as QGIS's heat map, radius chosen from the data.") },
  [GW_SUPERVISE_RATE] = { N_("Rate per grid"),
                          N_("Each grid's cases against its households or residents (or their "
                             "number), in five classes cut as chosen below.") },
  [GW_SUPERVISE_GI_STAR] = { N_("Hot and cold spots (Gi*)"),
                             N_("Getis–Ord Gi* of the rate over each grid and its neighbours, "
                                "corrected for many tests (Benjamini–Hochberg); grids with fewer "
                                "than 5 cases are never significant.") },
  [GW_SUPERVISE_TREND] = { N_("Trend (emerging hot spots)"),
                           N_("Gi* month by month over the last 12 months with a Mann–Kendall "
                              "trend: new, intensifying, persistent or diminishing hot spots.") },
};

/* In the order of GwHotspotRate and GwBreaksMethod. */
static const char *const rate_kinds[] = {
  N_("Cases per 100 households"), N_("Cases per 1,000 residents"), N_("Number of cases"),
};
static const char *const breaks_methods[] = {
  N_("Quantiles"), N_("Natural breaks (Jenks)"), N_("Equal intervals"),
};

static const char *const groupings[] = {
  N_("By grid"), N_("By community"), N_("By worker"), N_("By department"),
};

static void
fill_dropdown (GtkDropDown        *dropdown,
               const char * const *labels,
               guint               n,
               gboolean            translate)
{
  g_autoptr (GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, translate ? _(labels[i]) : labels[i]);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (list));
}

static gboolean
by_weeks (GwSupervisePanel *self)
{
  return gtk_drop_down_get_selected (self->step_dropdown) == 1;
}

/* The shared filter as the drop-downs say; its strings live in @self. */
void
_gw_supervise_panel_read_filter (GwSupervisePanel *self,
                                 GwCaseFilter     *filter)
{
  g_autoptr (GDateTime) now = gw_now ();
  guint period = gtk_drop_down_get_selected (self->period_dropdown);
  guint category = gtk_drop_down_get_selected (self->category_dropdown);
  int days = period < G_N_ELEMENTS (periods) ? periods[period].days : 0;

  g_clear_pointer (&self->from, g_free);
  g_clear_pointer (&self->to, g_free);
  memset (filter, 0, sizeof *filter);
  if (gtk_check_button_get_active (self->month_check))
    {
      g_autoptr (GDateTime) first = NULL;
      g_autoptr (GDateTime) last = NULL;
      g_autofree char *shown = NULL;

      if (by_weeks (self))
        {
          /* One week of the last fifty-two, Monday to Sunday: 51 is this one. */
          int back = 51 - (int) gtk_adjustment_get_value (self->month_adjustment);
          g_autoptr (GDateTime) today = g_date_time_new (g_date_time_get_timezone (now),
                                                         g_date_time_get_year (now),
                                                         g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now),
                                                         0, 0, 0);
          g_autofree char *monday = NULL, *sunday = NULL;

          first = g_date_time_add_days (today, -(g_date_time_get_day_of_week (today) - 1)
                                               - 7 * back);
          last = g_date_time_add_days (first, 6);
          monday = g_date_time_format (first, "%m-%d");
          sunday = g_date_time_format (last, "%m-%d");
          /* Translators: a week on the time slider, Monday to Sunday: 11-16–11-22 */
          shown = g_strdup_printf (_("%s–%s"), monday, sunday);
        }
      else
        {
          /* One month of the last twelve: 11 is this month. */
          int back = 11 - (int) gtk_adjustment_get_value (self->month_adjustment);
          g_autoptr (GDateTime) this_month = g_date_time_new (g_date_time_get_timezone (now),
                                                              g_date_time_get_year (now),
                                                              g_date_time_get_month (now), 1, 0,
                                                              0, 0);
          g_autoptr (GDateTime) next = NULL;

          first = g_date_time_add_months (this_month, -back);
          next = g_date_time_add_months (first, 1);
          last = g_date_time_add_days (next, -1);
          shown = g_date_time_format (first, "%Y-%m");
        }
      self->from = g_date_time_format (first, "%Y-%m-%d");
      self->to = g_date_time_format (last, "%Y-%m-%d");
      gtk_label_set_text (self->month_label, shown);
      days = 0;
    }
  else
    gtk_label_set_text (self->month_label, "");
  if (days != 0)
    {
      g_autoptr (GDateTime) from = days > 0 ? g_date_time_add_days (now, -days)
                                            : g_date_time_new (g_date_time_get_timezone (now),
                                                               g_date_time_get_year (now), 1, 1,
                                                               0, 0, 0);

      self->from = g_date_time_format (from, "%Y-%m-%d");
      self->to = g_date_time_format (now, "%Y-%m-%d");
    }
  filter->from = self->from;
  filter->to = self->to;
  if (category > 0 && category <= g_strv_length ((char **) gw_case_categories))
    filter->category = gw_case_categories[category - 1];
  {
    guint community = gtk_drop_down_get_selected (self->community_dropdown);
    guint source = gtk_drop_down_get_selected (self->source_dropdown);
    guint tier = gtk_drop_down_get_selected (self->tier_dropdown);
    static const char *const tiers[] = { NULL, "A", "B", "C" };

    if (self->community_codes != NULL && community > 0 && community <= self->community_codes->len)
      filter->community = g_ptr_array_index (self->community_codes, community - 1);
    if (source > 0 && source <= g_strv_length ((char **) gw_case_sources))
      filter->source = gw_case_sources[source - 1];
    if (tier < G_N_ELEMENTS (tiers))
      filter->tier = tiers[tier];
  }
  filter->status = gtk_drop_down_get_selected (self->status_dropdown) == 2 ? GW_CASE_FILTER_OVERDUE
                   : gtk_drop_down_get_selected (self->status_dropdown) == 1 ? GW_CASE_FILTER_OPEN
                   : GW_CASE_FILTER_ALL;
}

/* }}} */
/* {{{ The hotspot layer */

void
_gw_supervise_panel_say (GwSupervisePanel *self,
                         const char       *message)
{
  g_signal_emit (self, signals[MESSAGE], 0, message);
}

static void
clear_layer (GwSupervisePanel *self)
{
  g_hash_table_remove_all (self->fill);
  g_clear_pointer (&self->density, cairo_surface_destroy);
  gw_bbox_init_empty (&self->density_where);
}

static void
add_swatch (GwSupervisePanel *self,
            guint             rgba,
            const char       *label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *swatch = gtk_label_new (NULL);
  g_autofree char *markup = g_strdup_printf ("<span foreground=\"#%06x\">■</span>", rgba >> 8);

  gtk_label_set_markup (GTK_LABEL (swatch), markup);
  gtk_box_append (GTK_BOX (box), swatch);
  gtk_box_append (GTK_BOX (box), gtk_label_new (label));
  gtk_flow_box_append (self->legend_box, box);
}

static void
clear_legend (GwSupervisePanel *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->legend_box))) != NULL)
    gtk_flow_box_remove (self->legend_box, child);
}

/* Hot reds and cold blues at 99, 95 and 90 % (ArcGIS's Hot Spot colours). */
static guint
class_rgba (int klass)
{
  static const guint colours[7] = {
    0x4575b4c0, 0x91bfdbb0, 0xd1e5f0a0, 0, 0xfddbc7a0, 0xef8a62b0, 0xb2182bc0,
  };

  return colours[CLAMP (klass, -3, 3) + 3];
}

/* Five quantile classes, pale to dark orange-red (ColorBrewer OrRd). */
static const guint rate_rgba[5] = { 0xfef0d9a0, 0xfdcc8aa8, 0xfc8d59b0, 0xe34a33b8, 0xb30000c0 };

static guint
emerging_rgba (GwEmerging category)
{
  switch (category)
    {
    case GW_EMERGING_NEW_HOT: return 0xfdae61c0;
    case GW_EMERGING_CONSECUTIVE_HOT: return 0xf46d43c0;
    case GW_EMERGING_INTENSIFYING_HOT: return 0xa50026d0;
    case GW_EMERGING_PERSISTENT_HOT: return 0xd73027c8;
    case GW_EMERGING_DIMINISHING_HOT: return 0xfee090b8;
    case GW_EMERGING_SPORADIC_HOT:
    case GW_EMERGING_OSCILLATING_HOT:
    case GW_EMERGING_HISTORICAL_HOT: return 0xfdd49eb0;
    case GW_EMERGING_NONE:
    case GW_EMERGING_N_CATEGORIES: return 0;
    default: return 0x74add1b8;   /* every cold category */
    }
}

/* A grid code as people say it: community and grid number, "002-013". */
static char *
short_grid_code (const char *code)
{
  if (code == NULL || strlen (code) != 15)
    return g_strdup (code != NULL ? code : "");
  return g_strdup_printf ("%.3s-%.3s", code + 9, code + 12);
}

static GwTextRow *
hotspot_row (GwSupervisePanel   *self,
             const GwHotspotRow *row,
             const char         *what)
{
  const GwHotspotGrid *grid = gw_hotspot_grids_get (self->grids, row->grid);
  g_autofree char *code = short_grid_code (grid->code);
  g_autofree char *cases = g_strdup_printf ("%u", row->cases);
  g_autofree char *rate = g_strdup_printf ("%.1f", row->rate);
  g_autofree char *z = g_strdup_printf ("%.2f", row->gi.z);
  const char *cells[] = { code, grid->name, cases, rate, z, what };
  GwTextRow *text = gw_text_row_new (grid->id, cells, G_N_ELEMENTS (cells));

  if (row->gi.klass > 0)
    gw_text_row_set_style (text, "error");
  return text;
}

static int
compare_z (gconstpointer a,
           gconstpointer b)
{
  const GwHotspotRow *ra = a, *rb = b;

  return (rb->gi.z > ra->gi.z) - (rb->gi.z < ra->gi.z);
}

static int
compare_cases (gconstpointer a,
               gconstpointer b)
{
  const GwHotspotRow *ra = a, *rb = b;

  return (rb->cases > ra->cases) - (rb->cases < ra->cases);
}

static int
compare_rate (gconstpointer a,
              gconstpointer b)
{
  const GwHotspotRow *ra = a, *rb = b;

  return (rb->rate > ra->rate) - (rb->rate < ra->rate);
}

static const char *
class_label (int klass)
{
  switch (klass)
    {
    case 3: return _("Hot spot, 99 %");
    case 2: return _("Hot spot, 95 %");
    case 1: return _("Hot spot, 90 %");
    case -1: return _("Cold spot, 90 %");
    case -2: return _("Cold spot, 95 %");
    case -3: return _("Cold spot, 99 %");
    default: return _("Not significant");
    }
}

/* Rates, Gi* or the trend per grid: the fill, the legend, the list. */
static gboolean
show_grid_method (GwSupervisePanel   *self,
                  GwSuperviseMethod   method,
                  const GwCaseFilter *filter,
                  GError            **error)
{
  GwStore *store = gw_project_get_store (self->project);
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GArray) rows = NULL;
  g_autoptr (GArray) breaks = NULL;
  g_autofree double *rates = NULL;
  GwCaseFilter trend_filter = *filter;
  GwHotspotRate rate_kind = MIN (gtk_drop_down_get_selected (self->rate_dropdown),
                                 GW_HOTSPOT_RATE_RAW);
  GwBreaksMethod breaks_method = MIN (gtk_drop_down_get_selected (self->breaks_dropdown),
                                      GW_BREAKS_EQUAL_INTERVAL);

  if (method == GW_SUPERVISE_TREND)
    {
      /* The trend needs its months: the last 12, whatever the period says. */
      g_autoptr (GDateTime) now = gw_now ();
      g_autoptr (GDateTime) from = g_date_time_add_months (now, -12);

      g_free (self->from);
      self->from = g_date_time_format (from, "%Y-%m-%d");
      trend_filter.from = self->from;
      trend_filter.to = NULL;
      rows = gw_hotspots_trend (store, self->grids, &trend_filter, rate_kind,
                                GW_HOTSPOT_DEFAULT_MIN_CASES, NULL, error);
    }
  else
    rows = gw_hotspots_gi_star (store, self->grids, filter, rate_kind,
                                GW_HOTSPOT_DEFAULT_MIN_CASES, NULL, error);
  if (rows == NULL)
    return FALSE;

  if (method == GW_SUPERVISE_RATE)
    {
      rates = g_new (double, MAX (rows->len, 1));
      for (guint i = 0; i < rows->len; i++)
        rates[i] = g_array_index (rows, GwHotspotRow, i).rate;
      breaks = gw_class_breaks (rates, rows->len, 5, breaks_method);
    }
  for (guint i = 0; i < rows->len; i++)
    {
      const GwHotspotRow *row = &g_array_index (rows, GwHotspotRow, i);
      gint64 id = gw_hotspot_grids_get (self->grids, row->grid)->id;
      guint rgba = method == GW_SUPERVISE_RATE
                   ? rate_rgba[MIN (gw_class_breaks_find (breaks, row->rate), 4)]
                   : method == GW_SUPERVISE_TREND ? emerging_rgba (row->emerging)
                   : class_rgba (row->gi.klass);

      if (rgba != 0)
        g_hash_table_insert (self->fill, GSIZE_TO_POINTER ((gsize) id), GUINT_TO_POINTER (rgba));
    }

  clear_legend (self);
  if (method == GW_SUPERVISE_RATE)
    {
      /* Each class up to its break (cases per 100 households). */
      for (guint c = 0; c < 5 && breaks != NULL && c < breaks->len; c++)
        {
          g_autofree char *label = g_strdup_printf ("≤ %.1f", g_array_index (breaks, double, c));

          add_swatch (self, rate_rgba[c], label);
        }
    }
  else if (method == GW_SUPERVISE_GI_STAR)
    {
      for (int k = 3; k >= -3; k -= (k == 1 ? 2 : 1))
        add_swatch (self, class_rgba (k), class_label (k));
    }
  else
    {
      static const GwEmerging shown[] = {
        GW_EMERGING_NEW_HOT, GW_EMERGING_INTENSIFYING_HOT, GW_EMERGING_PERSISTENT_HOT,
        GW_EMERGING_DIMINISHING_HOT, GW_EMERGING_SPORADIC_HOT, GW_EMERGING_NEW_COLD,
      };

      for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
        add_swatch (self, emerging_rgba (shown[i]),
                    shown[i] == GW_EMERGING_NEW_COLD ? _("Cold spots") : gw_emerging_label (shown[i]));
    }

  /* The layer's figures stay in grid order for the details. */
  g_clear_pointer (&self->last_rows, g_array_unref);
  self->last_rows = g_array_copy (rows);
  /* The grids that stand out, strongest first. */
  g_array_sort (rows, method == GW_SUPERVISE_RATE ? compare_rate : compare_z);
  for (guint i = 0; i < rows->len; i++)
    {
      const GwHotspotRow *row = &g_array_index (rows, GwHotspotRow, i);

      if (method == GW_SUPERVISE_GI_STAR && row->gi.klass == 0)
        continue;
      if (method == GW_SUPERVISE_TREND && row->emerging == GW_EMERGING_NONE)
        continue;
      if (method == GW_SUPERVISE_RATE && list->len >= 20)
        break;
      g_ptr_array_add (list, hotspot_row (self, row,
                                          method == GW_SUPERVISE_TREND ? gw_emerging_label (row->emerging)
                                          : class_label (row->gi.klass)));
    }
  gw_text_table_set_rows (self->hotspot_table, g_steal_pointer (&list));
  return TRUE;
}

/* Case points in the map's plane, in ground metres (mercator metres times
 * the cosine of the latitude) so that the kernel's radius is on the
 * ground; the raster goes back to mercator to be drawn. */
static gboolean
show_density (GwSupervisePanel   *self,
              const GwCaseFilter *filter,
              GError            **error)
{
  g_autoptr (GArray) points = gw_hotspot_case_points (gw_project_get_store (self->project), filter,
                                                      NULL, error);
  g_autoptr (GwDensityRaster) raster = NULL;
  g_autofree double *xy = NULL;
  GwBBox extent;
  double scale, radius, cell, lat0 = 0;
  guint n;

  if (points == NULL)
    return FALSE;
  n = points->len / 2;
  clear_legend (self);
  if (n == 0)
    {
      gw_text_table_set_rows (self->hotspot_table, g_ptr_array_new ());
      return TRUE;
    }
  for (guint i = 0; i < n; i++)
    lat0 += g_array_index (points, double, 2 * i + 1) / n;
  scale = cos (lat0 * G_PI / 180);
  xy = g_new (double, 2 * n);
  gw_bbox_init_empty (&extent);
  for (guint i = 0; i < n; i++)
    {
      gw_lonlat_to_mercator (g_array_index (points, double, 2 * i),
                             g_array_index (points, double, 2 * i + 1), &xy[2 * i], &xy[2 * i + 1]);
      xy[2 * i] *= scale;
      xy[2 * i + 1] *= scale;
      gw_bbox_extend (&extent, xy[2 * i], xy[2 * i + 1]);
    }
  radius = gw_kernel_default_radius (xy, n);
  cell = gw_kernel_default_cell (extent.min_x, extent.min_y, extent.max_x, extent.max_y, 600);
  raster = gw_kernel_density (xy, NULL, n, extent.min_x, extent.min_y, extent.max_x, extent.max_y,
                              radius, cell);
  if (raster == NULL)
    return TRUE;
  self->density = gw_render_density_surface (raster);
  self->density_where = (GwBBox) {
    raster->west / scale, (raster->north - raster->height * raster->cell) / scale,
    (raster->west + raster->width * raster->cell) / scale, raster->north / scale,
  };
  {
    g_autofree char *low = g_strdup_printf (_("Fewer cases (radius %.0f m)"), radius);

    add_swatch (self, 0xffffb2ff, low);
    add_swatch (self, 0xfd8d3cff, _("More"));
    add_swatch (self, 0xbd0026ff, _("Most"));
  }
  return TRUE;
}

static void
refresh_hotspots (GwSupervisePanel   *self,
                  const GwCaseFilter *filter)
{
  g_autoptr (GError) error = NULL;
  GwSuperviseMethod method = gtk_drop_down_get_selected (self->method_dropdown);
  gboolean ok;

  if (method > GW_SUPERVISE_TREND)
    method = GW_SUPERVISE_DENSITY;
  gtk_label_set_text (self->method_label, _(methods[method].explanation));
  clear_layer (self);
  if (method == GW_SUPERVISE_DENSITY)
    {
      ok = show_density (self, filter, &error);
      /* The list under the density: the grids with the most cases. */
      if (ok)
        {
          g_autoptr (GArray) rows = gw_hotspots_gi_star (gw_project_get_store (self->project),
                                                         self->grids, filter,
                                                         GW_HOTSPOT_RATE_RAW, 0, NULL, &error);
          g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);

          ok = rows != NULL;
          if (ok)
            {
              g_clear_pointer (&self->last_rows, g_array_unref);
              self->last_rows = g_array_copy (rows);
              g_array_sort (rows, compare_cases);
              for (guint i = 0; i < rows->len && i < 20; i++)
                g_ptr_array_add (list, hotspot_row (self, &g_array_index (rows, GwHotspotRow, i),
                                                    ""));
              gw_text_table_set_rows (self->hotspot_table, g_steal_pointer (&list));
            }
        }
    }
  else
    ok = show_grid_method (self, method, filter, &error);
  if (!ok)
    _gw_supervise_panel_say (self, error->message);
  g_signal_emit (self, signals[PAINT_CHANGED], 0);
}

/* }}} */
/* {{{ The overdue board and the rates */

static char *
working_time (gint64 seconds)
{
  double hours = seconds / 3600.0;
  int days = (int) (seconds / GW_WORK_DAY_SECONDS);

  if (days == 0)
    return g_strdup_printf (_("%.1f h"), hours);
  /* Translators: working days (of 7.5 h) and hours */
  return g_strdup_printf (_("%d d %.1f h"), days,
                          (seconds - (gint64) days * GW_WORK_DAY_SECONDS) / 3600.0);
}

static void
refresh_overdue (GwSupervisePanel   *self,
                 const GwCaseFilter *filter)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *heading = NULL;

  g_clear_pointer (&self->overdue, g_ptr_array_unref);
  self->overdue = gw_overdue_list (gw_project_get_store (self->project), filter, NULL, NULL, &error);
  if (self->overdue == NULL)
    {
      _gw_supervise_panel_say (self, error->message);
      self->overdue = g_ptr_array_new ();
    }
  for (guint i = 0; i < self->overdue->len; i++)
    {
      const GwOverdueCase *kase = g_ptr_array_index (self->overdue, i);
      g_autofree char *late = working_time (kase->overdue_seconds);
      g_autofree char *grid = short_grid_code (kase->grid_code);
      g_autofree char *reminders = kase->n_reminders > 0 ? g_strdup_printf ("%u", kase->n_reminders)
                                                         : g_strdup ("");
      const char *cells[] = {
        kase->code, grid, kase->assignee, kase->tier,
        gw_case_category_label (kase->category), late, reminders,
      };
      GwTextRow *row = gw_text_row_new (kase->case_id, cells, G_N_ELEMENTS (cells));

      if (kase->escalated_at != NULL)
        gw_text_row_set_style (row, "error");
      g_ptr_array_add (list, row);
    }
  gw_text_table_set_rows (self->overdue_table, g_steal_pointer (&list));
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u overdue case, longest first",
                                          "%u overdue cases, longest first", self->overdue->len),
                             self->overdue->len);
  gtk_label_set_text (self->overdue_label, heading);
}

static char *
percent (const GwKpiCount *count)
{
  double rate = gw_kpi_count_rate (count);

  return isnan (rate) ? g_strdup ("—") : g_strdup_printf ("%.0f%%", 100 * rate);
}

static void
refresh_rates (GwSupervisePanel   *self,
               const GwCaseFilter *filter)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwKpiTable) table = NULL;
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GString) total = g_string_new (_("All: "));
  guint grouping = gtk_drop_down_get_selected (self->grouping_dropdown);

  table = gw_kpi_compute (gw_project_get_store (self->project), MIN (grouping, GW_KPI_BY_DEPARTMENT),
                          filter, NULL, &error);
  g_clear_pointer (&self->rates, gw_kpi_table_free);
  if (table == NULL)
    {
      _gw_supervise_panel_say (self, error->message);
      return;
    }
  for (guint i = 0; i < table->rows->len; i++)
    {
      const GwKpiRow *row = &g_array_index (table->rows, GwKpiRow, i);
      g_autofree char *cases = g_strdup_printf ("%u", row->cases);
      char *rates[GW_KPI_N];
      const char *cells[2 + GW_KPI_N];

      cells[0] = row->name;
      cells[1] = cases;
      for (guint k = 0; k < GW_KPI_N; k++)
        cells[2 + k] = rates[k] = percent (&row->counts[k]);
      g_ptr_array_add (list, gw_text_row_new (row->id, cells, G_N_ELEMENTS (cells)));
      for (guint k = 0; k < GW_KPI_N; k++)
        g_free (rates[k]);
    }
  gw_text_table_set_rows (self->rates_table, g_steal_pointer (&list));
  for (guint k = 0; k < GW_KPI_N; k++)
    {
      g_autofree char *rate = percent (&table->total.counts[k]);

      g_string_append_printf (total, "%s%s %s", k > 0 ? " · " : "", gw_kpi_label (k), rate);
    }
  gtk_label_set_text (self->total_label, total->str);
  self->rates = g_steal_pointer (&table);
  self->rates_grouping = MIN (grouping, GW_KPI_BY_DEPARTMENT);
}

const char *
gw_supervise_panel_get_detail (GwSupervisePanel *self)
{
  g_return_val_if_fail (GW_IS_SUPERVISE_PANEL (self), NULL);

  return gtk_label_get_text (self->detail_label);
}

void
gw_supervise_panel_set_rate (GwSupervisePanel *self,
                             guint             rate,
                             guint             breaks)
{
  g_return_if_fail (GW_IS_SUPERVISE_PANEL (self));

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->rate_dropdown, rate);
  gtk_drop_down_set_selected (self->breaks_dropdown, breaks);
  self->updating = FALSE;
  gw_supervise_panel_refresh (self);
}

void
gw_supervise_panel_set_filters (GwSupervisePanel *self,
                                guint             community,
                                guint             source,
                                guint             tier)
{
  g_return_if_fail (GW_IS_SUPERVISE_PANEL (self));

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->community_dropdown, community);
  gtk_drop_down_set_selected (self->source_dropdown, source);
  gtk_drop_down_set_selected (self->tier_dropdown, tier);
  self->updating = FALSE;
  gw_supervise_panel_refresh (self);
}

void
gw_supervise_panel_set_month (GwSupervisePanel *self,
                              int               month)
{
  g_return_if_fail (GW_IS_SUPERVISE_PANEL (self));

  if (month < 0)
    {
      gtk_check_button_set_active (self->month_check, FALSE);
      return;
    }
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->step_dropdown, 0);
  gtk_adjustment_set_upper (self->month_adjustment, 11);
  gtk_adjustment_set_value (self->month_adjustment, CLAMP (month, 0, 11));
  self->updating = FALSE;
  if (gtk_check_button_get_active (self->month_check))
    gw_supervise_panel_refresh (self);
  else
    gtk_check_button_set_active (self->month_check, TRUE);
}

void
gw_supervise_panel_set_week (GwSupervisePanel *self,
                             int               week)
{
  g_return_if_fail (GW_IS_SUPERVISE_PANEL (self));

  if (week < 0)
    {
      gtk_check_button_set_active (self->month_check, FALSE);
      return;
    }
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->step_dropdown, 1);
  gtk_adjustment_set_upper (self->month_adjustment, 51);
  gtk_adjustment_set_value (self->month_adjustment, CLAMP (week, 0, 51));
  self->updating = FALSE;
  if (gtk_check_button_get_active (self->month_check))
    gw_supervise_panel_refresh (self);
  else
    gtk_check_button_set_active (self->month_check, TRUE);
}

gboolean
gw_supervise_panel_export_rates (GwSupervisePanel  *self,
                                 const char        *path,
                                 GError           **error)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (GW_IS_SUPERVISE_PANEL (self), FALSE);

  if (self->rates == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("There are no rates to export"));
      return FALSE;
    }
  if (!gw_kpi_export (self->rates, self->rates_grouping, path, error))
    return FALSE;
  message = g_strdup_printf (_("The rates are saved in “%s”"), path);
  _gw_supervise_panel_say (self, message);
  return TRUE;
}

static void
on_export_chosen (GtkNativeDialog  *chooser,
                  int               response,
                  GwSupervisePanel *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr (GError) error = NULL;

      if (path != NULL && !g_str_has_suffix (path, ".csv") && !g_str_has_suffix (path, ".xlsx"))
        {
          char *with = g_strconcat (path, ".xlsx", NULL);

          g_free (path);
          path = with;
        }
      if (path != NULL && !gw_supervise_panel_export_rates (self, path, &error))
        _gw_supervise_panel_say (self, error->message);
    }
  g_clear_object (&self->chooser);
}

static void
on_export_clicked (GwSupervisePanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr (GtkFileFilter) xlsx = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) csv = gtk_file_filter_new ();

  gtk_file_filter_set_name (xlsx, _("Spreadsheet (XLSX)"));
  gtk_file_filter_add_suffix (xlsx, "xlsx");
  gtk_file_filter_set_name (csv, _("Comma-separated values (CSV)"));
  gtk_file_filter_add_suffix (csv, "csv");
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export the Rates"), GTK_WINDOW (root),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                               _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), xlsx);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), csv);
  /* Translators: the default file name of the exported rates */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("rates.xlsx"));
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_export_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

char *
gw_supervise_panel_get_report (GwSupervisePanel *self,
                               GwCaseFilter     *filter)
{
  g_autoptr (GDateTime) now = gw_now ();
  g_autoptr (GDateTime) first = g_date_time_new (g_date_time_get_timezone (now),
                                                 g_date_time_get_year (now),
                                                 g_date_time_get_month (now), 1, 0, 0, 0);
  g_autoptr (GDateTime) month = NULL;
  int back = 1;

  g_return_val_if_fail (GW_IS_SUPERVISE_PANEL (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  _gw_supervise_panel_read_filter (self, filter);
  /* The slider's month (a week's: that of its Monday), else the last full
   * month. */
  if (gtk_check_button_get_active (self->month_check) && filter->from != NULL)
    return g_strndup (filter->from, 7);
  month = g_date_time_add_months (first, -back);
  return g_date_time_format (month, "%Y-%m");
}

static void
on_print_report_clicked (GwSupervisePanel *self)
{
  if (self->project != NULL)
    g_signal_emit (self, signals[PRINT_REPORT], 0);
}

static void
on_print_overdue_clicked (GwSupervisePanel *self)
{
  if (self->project != NULL)
    g_signal_emit (self, signals[PRINT_OVERDUE], 0);
}

/* The communities of the street, from its grids. */
static void
fill_communities (GwSupervisePanel *self)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_clear_pointer (&self->community_codes, g_ptr_array_unref);
  self->community_codes = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (names, _("All communities"));
  for (guint i = 0; i < self->grids->grids->len; i++)
    {
      const GwHotspotGrid *grid = gw_hotspot_grids_get (self->grids, i);

      if (grid->community_code == NULL || !g_hash_table_add (seen, grid->community_code))
        continue;
      g_ptr_array_add (self->community_codes, g_strdup (grid->community_code));
      gtk_string_list_append (names, grid->community_name);
    }
  self->updating = TRUE;
  gtk_drop_down_set_model (self->community_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->community_dropdown, 0);
  self->updating = FALSE;
}

void
gw_supervise_panel_refresh (GwSupervisePanel *self)
{
  const char *page;
  GwCaseFilter filter;

  g_return_if_fail (GW_IS_SUPERVISE_PANEL (self));

  if (self->project == NULL || self->updating)
    return;
  if (self->grids == NULL)
    {
      g_autoptr (GError) error = NULL;

      self->grids = gw_hotspot_grids_load (gw_project_get_store (self->project), &error);
      if (self->grids == NULL)
        {
          _gw_supervise_panel_say (self, error->message);
          return;
        }
      /* The slider's steps ask the same cases again: keep them in memory. */
      gw_hotspot_keep_cases (gw_project_get_store (self->project), TRUE);
      fill_communities (self);
    }
  _gw_supervise_panel_read_filter (self, &filter);
  page = gtk_stack_get_visible_child_name (self->stack);
  /* The chart follows the filters: counted again if it is shown, else
   * when it is. */
  self->trend_valid = FALSE;
  g_cancellable_cancel (self->trend_cancellable);
  g_clear_object (&self->trend_cancellable);
  if (g_strcmp0 (page, "rates") == 0 && gtk_expander_get_expanded (self->trend_expander))
    _gw_supervise_panel_compute_trend (self);
  if (g_strcmp0 (page, "overdue") == 0)
    refresh_overdue (self, &filter);
  else if (g_strcmp0 (page, "rates") == 0)
    refresh_rates (self, &filter);
  else
    refresh_hotspots (self, &filter);
}

gboolean
gw_supervise_panel_act_on_overdue (GwSupervisePanel  *self,
                                   guint              position,
                                   gboolean           escalate,
                                   GError           **error)
{
  const GwOverdueCase *kase;
  g_autofree char *message = NULL;
  gboolean ok;

  g_return_val_if_fail (GW_IS_SUPERVISE_PANEL (self), FALSE);

  if (self->project == NULL || self->overdue == NULL || position >= self->overdue->len)
    return FALSE;
  kase = g_ptr_array_index (self->overdue, position);
  ok = escalate ? gw_overdue_escalate (gw_project_get_store (self->project),
                                       gw_project_get_user (self->project), kase->case_id, NULL,
                                       kase->version, error)
                : gw_overdue_remind (gw_project_get_store (self->project),
                                     gw_project_get_user (self->project), kase->case_id, NULL,
                                     kase->version, error);
  if (!ok)
    return FALSE;
  message = escalate ? g_strdup_printf (_("Case %s escalated: its holder is notified"), kase->code)
                     : g_strdup_printf (_("Reminder sent for case %s"), kase->code);
  _gw_supervise_panel_say (self, message);
  /* The case page, the lists and the map show it. */
  gw_project_notify_changed (self->project, GW_PROJECT_CHANGE_CASES);
  return TRUE;
}

static void
on_act_clicked (GwSupervisePanel *self,
                GtkButton        *button)
{
  g_autoptr (GError) error = NULL;
  guint position = gtk_single_selection_get_selected (gw_text_table_get_selection (self->overdue_table));

  if (position == GTK_INVALID_LIST_POSITION)
    {
      _gw_supervise_panel_say (self, _("Choose a case in the board first"));
      return;
    }
  if (!gw_supervise_panel_act_on_overdue (self, position, button == self->escalate_button, &error)
      && error != NULL)
    _gw_supervise_panel_say (self, error->message);
}

/* }}} */
/* {{{ Object */

static void
on_project_changed (GwSupervisePanel *self,
                    guint             what)
{
  if (what & (GW_PROJECT_CHANGE_GRIDS | GW_PROJECT_CHANGE_PEOPLE | GW_PROJECT_CHANGE_EXTERNAL))
    g_clear_pointer (&self->grids, gw_hotspot_grids_free);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gw_supervise_panel_refresh (self);
}

void
gw_supervise_panel_set_project (GwSupervisePanel *self,
                                GwProject        *project)
{
  g_return_if_fail (GW_IS_SUPERVISE_PANEL (self));

  if (self->project != NULL)
    g_clear_signal_handler (&self->changed_id, self->project);
  g_set_object (&self->project, project);
  g_clear_pointer (&self->grids, gw_hotspot_grids_free);
  clear_layer (self);
  if (project != NULL)
    self->changed_id = g_signal_connect_swapped (project, "changed",
                                                 G_CALLBACK (on_project_changed), self);
  gw_supervise_panel_refresh (self);
}

void
gw_supervise_panel_set_method (GwSupervisePanel  *self,
                               GwSuperviseMethod  method)
{
  g_return_if_fail (GW_IS_SUPERVISE_PANEL (self));

  gtk_drop_down_set_selected (self->method_dropdown, method);
}

void
gw_supervise_panel_show_page (GwSupervisePanel *self,
                              const char       *page)
{
  g_return_if_fail (GW_IS_SUPERVISE_PANEL (self));

  gtk_stack_set_visible_child_name (self->stack, page);
}

GHashTable *
gw_supervise_panel_get_fill (GwSupervisePanel *self)
{
  g_return_val_if_fail (GW_IS_SUPERVISE_PANEL (self), NULL);

  return g_hash_table_size (self->fill) > 0 ? self->fill : NULL;
}

cairo_surface_t *
gw_supervise_panel_get_density (GwSupervisePanel *self,
                                GwBBox           *where)
{
  g_return_val_if_fail (GW_IS_SUPERVISE_PANEL (self), NULL);

  if (where != NULL)
    *where = self->density_where;
  return self->density;
}

guint
gw_supervise_panel_get_n_hotspots (GwSupervisePanel *self)
{
  return gw_text_table_get_n_rows (self->hotspot_table);
}

guint
gw_supervise_panel_get_n_overdue (GwSupervisePanel *self)
{
  return gw_text_table_get_n_rows (self->overdue_table);
}

guint
gw_supervise_panel_get_n_rates (GwSupervisePanel *self)
{
  return gw_text_table_get_n_rows (self->rates_table);
}

void
gw_supervise_panel_show_grid (GwSupervisePanel *self,
                              gint64            grid_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) top = NULL;
  g_autoptr (GString) text = g_string_new ("");
  const GwHotspotRow *row = NULL;
  const GwHotspotGrid *grid;
  GwCaseFilter filter;
  int index;

  g_return_if_fail (GW_IS_SUPERVISE_PANEL (self));

  if (self->grids == NULL || (index = gw_hotspot_grids_find (self->grids, grid_id)) < 0)
    return;
  grid = gw_hotspot_grids_get (self->grids, index);
  for (guint i = 0; self->last_rows != NULL && i < self->last_rows->len; i++)
    if (g_array_index (self->last_rows, GwHotspotRow, i).grid == (guint) index)
      row = &g_array_index (self->last_rows, GwHotspotRow, i);
  g_string_append_printf (text, "%s %s", grid->code, grid->name);
  if (row != NULL)
    {
      g_string_append_printf (text, _(": %u cases, %.1f per 100 households; Gi* z %.2f, p %.3f "
                                      "(corrected %.3f): %s."),
                              row->cases, 100.0 * row->cases / MAX (grid->households, 1),
                              row->gi.z, row->gi.p, row->gi.p_fdr, class_label (row->gi.klass));
      if (row->emerging != GW_EMERGING_NONE)
        g_string_append_printf (text, _(" Trend: %s (τ %.2f, p %.3f)."),
                                gw_emerging_label (row->emerging), row->trend.tau, row->trend.p);
    }
  _gw_supervise_panel_read_filter (self, &filter);
  top = gw_hotspot_top_categories (gw_project_get_store (self->project), grid_id, &filter, 3,
                                   NULL, &error);
  if (top != NULL && top->len > 0)
    {
      g_string_append (text, _(" Most: "));
      for (guint i = 0; i + 1 < top->len; i += 2)
        g_string_append_printf (text, "%s%s %s", i > 0 ? _(", ") : "",
                                gw_case_category_label (g_ptr_array_index (top, i)),
                                (const char *) g_ptr_array_index (top, i + 1));
    }
  gtk_label_set_text (self->detail_label, text->str);
}

static gboolean
play_step (gpointer data)
{
  GwSupervisePanel *self = data;
  double value = gtk_adjustment_get_value (self->month_adjustment);
  double upper = gtk_adjustment_get_upper (self->month_adjustment);

  gtk_adjustment_set_value (self->month_adjustment, value >= upper ? 0 : value + 1);
  return G_SOURCE_CONTINUE;
}

static void
on_play_toggled (GwSupervisePanel *self)
{
  g_clear_handle_id (&self->play_id, g_source_remove);
  if (gtk_toggle_button_get_active (self->play_button))
    {
      gtk_check_button_set_active (self->month_check, TRUE);
      self->play_id = g_timeout_add (1200, play_step, self);
    }
}

static void
on_month_mode (GwSupervisePanel *self)
{
  gboolean by_month = gtk_check_button_get_active (self->month_check);

  gtk_widget_set_sensitive (GTK_WIDGET (self->month_scale), by_month);
  gtk_widget_set_sensitive (GTK_WIDGET (self->play_button), by_month);
  gtk_widget_set_sensitive (GTK_WIDGET (self->period_dropdown), !by_month);
  if (!by_month)
    gtk_toggle_button_set_active (self->play_button, FALSE);
  gw_supervise_panel_refresh (self);
}

/* Months or weeks: the slider's range, at the latest step. */
static void
on_step_changed (GwSupervisePanel *self)
{
  double upper = by_weeks (self) ? 51 : 11;

  if (self->updating)
    return;
  self->updating = TRUE;
  gtk_adjustment_set_upper (self->month_adjustment, upper);
  gtk_adjustment_set_value (self->month_adjustment, upper);
  self->updating = FALSE;
  if (gtk_check_button_get_active (self->month_check))
    gw_supervise_panel_refresh (self);
  else
    gtk_check_button_set_active (self->month_check, TRUE);
}

static void
on_hotspot_selected (GwSupervisePanel *self)
{
  gint64 id = gw_text_table_get_selected_id (self->hotspot_table);

  if (id != 0)
    {
      gw_supervise_panel_show_grid (self, id);
      g_signal_emit (self, signals[GRID_ACTIVATED], 0, id);
    }
}

static void
on_overdue_activated (GwSupervisePanel *self,
                      guint             position)
{
  GwTextRow *row = gw_text_table_get_row (self->overdue_table, position);

  if (row != NULL)
    g_signal_emit (self, signals[CASE_ACTIVATED], 0, gw_text_row_get_id (row));
}

static void
on_page_changed (GwSupervisePanel *self)
{
  gw_supervise_panel_refresh (self);
  /* The layer belongs to the Hotspots page. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "hotspots") != 0)
    {
      clear_layer (self);
      g_signal_emit (self, signals[PAINT_CHANGED], 0);
    }
}

static void
gw_supervise_panel_dispose (GObject *object)
{
  GwSupervisePanel *self = GW_SUPERVISE_PANEL (object);

  if (self->project != NULL)
    g_clear_signal_handler (&self->changed_id, self->project);
  g_clear_handle_id (&self->play_id, g_source_remove);
  g_cancellable_cancel (self->trend_cancellable);
  g_clear_object (&self->trend_cancellable);
  g_clear_object (&self->project);
  g_clear_pointer (&self->grids, gw_hotspot_grids_free);
  g_clear_pointer (&self->overdue, g_ptr_array_unref);
  g_clear_pointer (&self->rates, gw_kpi_table_free);
  g_clear_pointer (&self->last_rows, g_array_unref);
  g_clear_pointer (&self->community_codes, g_ptr_array_unref);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->hotspot_table, gw_text_table_free);
  g_clear_pointer (&self->overdue_table, gw_text_table_free);
  g_clear_pointer (&self->rates_table, gw_text_table_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), GW_TYPE_SUPERVISE_PANEL);
  G_OBJECT_CLASS (gw_supervise_panel_parent_class)->dispose (object);
}

static void
gw_supervise_panel_finalize (GObject *object)
{
  GwSupervisePanel *self = GW_SUPERVISE_PANEL (object);

  clear_layer (self);
  g_hash_table_unref (self->fill);
  g_free (self->from);
  g_free (self->to);
  for (int m = 0; m < 12; m++)
    g_free (self->trend_months[m]);
  G_OBJECT_CLASS (gw_supervise_panel_parent_class)->finalize (object);
}

static void
gw_supervise_panel_class_init (GwSupervisePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_supervise_panel_dispose;
  object_class->finalize = gw_supervise_panel_finalize;

  /* The hotspot layer changed: the map draws it again. */
  signals[PAINT_CHANGED] = g_signal_new ("paint-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A grid of the hotspot list was chosen: the map goes to it. */
  signals[GRID_ACTIVATED] = g_signal_new ("grid-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_INT64);
  /* A case of the board was opened (double-click or Enter). */
  signals[CASE_ACTIVATED] = g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_INT64);
  /* Rates → Print Monthly Report…: gw_supervise_panel_get_report () says
   * what to print. */
  signals[PRINT_REPORT] = g_signal_new ("print-report", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Overdue → Print…: gw_supervise_panel_get_report ()'s filter. */
  signals[PRINT_OVERDUE] = g_signal_new ("print-overdue", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-supervise-panel.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, box);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, stack);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, community_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, source_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, tier_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, method_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, rate_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, breaks_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, method_label);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, detail_label);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, month_check);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, step_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, month_scale);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, month_adjustment);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, month_label);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, play_button);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, legend_box);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, hotspot_view);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, overdue_label);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, remind_button);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, escalate_button);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, overdue_view);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, grouping_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, export_button);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, print_report_button);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, print_overdue_button);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, total_label);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, rates_view);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, definitions_label);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, trend_expander);
  gtk_widget_class_bind_template_child (widget_class, GwSupervisePanel, trend_area);
}

static void
setup_tables (GwSupervisePanel *self)
{
  const char *hotspot_titles[] = { _("Grid"), C_("table", "Name"), _("Cases"), _("Rate"), _("z"),
                                   _("Class") };
  const char *overdue_titles[] = { _("Case"), _("Grid"), _("Held by"), _("Tier"), _("Category"),
                                   _("Overdue"), _("Reminders") };
  const char *rates_titles[2 + GW_KPI_N] = { C_("table", "Name"), _("Cases") };
  g_autoptr (GString) definitions = g_string_new ("");

  for (guint k = 0; k < GW_KPI_N; k++)
    {
      rates_titles[2 + k] = gw_kpi_label (k);
      g_autofree char *escaped = g_markup_printf_escaped ("%s: %s", gw_kpi_label (k),
                                                          gw_kpi_definition (k));

      g_string_append_printf (definitions, "%s<span foreground=\"#%02x%02x%02x\">■</span> %s",
                              k > 0 ? "\n" : "", (int) (gw_supervise_kpi_rgb[k][0] * 255),
                              (int) (gw_supervise_kpi_rgb[k][1] * 255), (int) (gw_supervise_kpi_rgb[k][2] * 255), escaped);
    }
  gtk_label_set_markup (self->definitions_label, definitions->str);
  self->hotspot_table = gw_text_table_new (self->hotspot_view, hotspot_titles,
                                           G_N_ELEMENTS (hotspot_titles), 0x1c);
  self->overdue_table = gw_text_table_new (self->overdue_view, overdue_titles,
                                           G_N_ELEMENTS (overdue_titles), 0x60);
  self->rates_table = gw_text_table_new (self->rates_view, rates_titles,
                                         G_N_ELEMENTS (rates_titles), 0x7e);
}

static void
setup_filters (GwSupervisePanel *self)
{
  const char *period_labels[G_N_ELEMENTS (periods)];
  const char *method_labels[G_N_ELEMENTS (methods)];
  g_autoptr (GPtrArray) categories = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    period_labels[i] = periods[i].label;
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    method_labels[i] = methods[i].label;
  g_ptr_array_add (categories, _("All categories"));
  for (guint i = 0; gw_case_categories[i] != NULL; i++)
    g_ptr_array_add (categories, (gpointer) gw_case_category_label (gw_case_categories[i]));
  fill_dropdown (self->period_dropdown, period_labels, G_N_ELEMENTS (periods), TRUE);
  fill_dropdown (self->category_dropdown, (const char * const *) categories->pdata,
                 categories->len, FALSE);
  fill_dropdown (self->status_dropdown, statuses, G_N_ELEMENTS (statuses), TRUE);
  {
    g_autoptr (GPtrArray) sources = g_ptr_array_new ();
    const char *tiers[] = { _("All tiers"), _("Tier A"), _("Tier B"), _("Tier C") };

    g_ptr_array_add (sources, _("All sources"));
    for (guint i = 0; gw_case_sources[i] != NULL; i++)
      g_ptr_array_add (sources, (gpointer) gw_case_source_label (gw_case_sources[i]));
    fill_dropdown (self->source_dropdown, (const char * const *) sources->pdata, sources->len, FALSE);
    fill_dropdown (self->tier_dropdown, tiers, G_N_ELEMENTS (tiers), FALSE);
  }
  fill_dropdown (self->method_dropdown, method_labels, G_N_ELEMENTS (methods), TRUE);
  fill_dropdown (self->grouping_dropdown, groupings, G_N_ELEMENTS (groupings), TRUE);
  fill_dropdown (self->rate_dropdown, rate_kinds, G_N_ELEMENTS (rate_kinds), TRUE);
  fill_dropdown (self->breaks_dropdown, breaks_methods, G_N_ELEMENTS (breaks_methods), TRUE);
  gtk_drop_down_set_selected (self->period_dropdown, 2);   /* the last 12 months */
  gtk_drop_down_set_selected (self->method_dropdown, GW_SUPERVISE_GI_STAR);
}

static void
gw_supervise_panel_init (GwSupervisePanel *self)
{
  GtkDropDown *dropdowns[10];

  self->fill = g_hash_table_new (NULL, NULL);
  gw_bbox_init_empty (&self->density_where);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->updating = TRUE;
  setup_tables (self);
  setup_filters (self);
  self->updating = FALSE;

  dropdowns[0] = self->period_dropdown;
  dropdowns[1] = self->category_dropdown;
  dropdowns[2] = self->status_dropdown;
  dropdowns[3] = self->method_dropdown;
  dropdowns[4] = self->grouping_dropdown;
  dropdowns[5] = self->community_dropdown;
  dropdowns[6] = self->source_dropdown;
  dropdowns[7] = self->tier_dropdown;
  dropdowns[8] = self->rate_dropdown;
  dropdowns[9] = self->breaks_dropdown;
  for (guint i = 0; i < G_N_ELEMENTS (dropdowns); i++)
    g_signal_connect_swapped (dropdowns[i], "notify::selected",
                              G_CALLBACK (gw_supervise_panel_refresh), self);
  g_signal_connect_swapped (self->stack, "notify::visible-child", G_CALLBACK (on_page_changed),
                            self);
  g_signal_connect_swapped (gw_text_table_get_selection (self->hotspot_table), "notify::selected",
                            G_CALLBACK (on_hotspot_selected), self);
  g_signal_connect_swapped (self->overdue_view, "activate", G_CALLBACK (on_overdue_activated), self);
  g_signal_connect_swapped (self->remind_button, "clicked", G_CALLBACK (on_act_clicked), self);
  g_signal_connect_swapped (self->escalate_button, "clicked", G_CALLBACK (on_act_clicked), self);
  g_signal_connect_swapped (self->export_button, "clicked", G_CALLBACK (on_export_clicked), self);
  g_signal_connect_swapped (self->print_report_button, "clicked", G_CALLBACK (on_print_report_clicked),
                            self);
  g_signal_connect_swapped (self->print_overdue_button, "clicked",
                            G_CALLBACK (on_print_overdue_clicked), self);
  g_signal_connect_swapped (self->month_check, "toggled", G_CALLBACK (on_month_mode), self);
  g_signal_connect_swapped (self->step_dropdown, "notify::selected", G_CALLBACK (on_step_changed),
                            self);
  gtk_drawing_area_set_draw_func (self->trend_area, _gw_supervise_panel_draw_trend, self, NULL);
  g_signal_connect_swapped (self->trend_expander, "notify::expanded",
                            G_CALLBACK (_gw_supervise_panel_on_trend_expanded), self);
  g_signal_connect_swapped (self->month_adjustment, "value-changed",
                            G_CALLBACK (gw_supervise_panel_refresh), self);
  g_signal_connect_swapped (self->play_button, "toggled", G_CALLBACK (on_play_toggled), self);
}

GwSupervisePanel *
gw_supervise_panel_new (void)
{
  return g_object_new (GW_TYPE_SUPERVISE_PANEL, NULL);
}

/* }}} */
