/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-supervise-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "gw-kpi.h"
#include "gw-supervise-panel-private.h"
#include "gw-util.h"

/* The Rates page's chart: the street's five rates month by month over the
 * last twelve months, counted on a worker thread. */

/* Okabe–Ito colours, one per rate. */
const double gw_supervise_kpi_rgb[GW_KPI_N][3] = {
  { 0.00, 0.45, 0.70 }, { 0.90, 0.62, 0.00 }, { 0.00, 0.62, 0.45 }, { 0.84, 0.37, 0.00 },
  { 0.80, 0.47, 0.65 },
};

/* The chart's twelve KPI tables take seconds at district scale: they are
 * counted on a worker with its own connection, and a filter change cancels
 * them and starts again. */
typedef struct
{
  char         *db_path;
  GwCaseFilter  filter;          /* the strings below */
  char         *strings[4];
  GDateTime    *now;
  double        trend[12][GW_KPI_N];
  char         *months[12];
} TrendJob;

static void
trend_job_free (gpointer data)
{
  TrendJob *job = data;

  g_free (job->db_path);
  for (guint i = 0; i < G_N_ELEMENTS (job->strings); i++)
    g_free (job->strings[i]);
  for (guint m = 0; m < 12; m++)
    g_free (job->months[m]);
  g_clear_pointer (&job->now, g_date_time_unref);
  g_free (job);
}

/* The five rates of the whole street for each of the last twelve months,
 * under the filters but the period. */
static void
count_trend (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TrendJob *job = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = gw_store_open (job->db_path, GW_STORE_OPEN_READ_ONLY, &error);
  g_autoptr (GDateTime) first = g_date_time_new (g_date_time_get_timezone (job->now),
                                                 g_date_time_get_year (job->now),
                                                 g_date_time_get_month (job->now), 1, 0, 0, 0);

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (int m = 0; m < 12; m++)
    {
      g_autoptr (GDateTime) month = g_date_time_add_months (first, m - 11);
      g_autoptr (GDateTime) next = g_date_time_add_months (month, 1);
      g_autoptr (GDateTime) last = g_date_time_add_days (next, -1);
      g_autofree char *from = g_date_time_format (month, "%Y-%m-%d");
      g_autofree char *to = g_date_time_format (last, "%Y-%m-%d");
      g_autoptr (GwKpiTable) table = NULL;

      if (g_task_return_error_if_cancelled (task))
        return;
      job->filter.from = from;
      job->filter.to = to;
      table = gw_kpi_compute (store, GW_KPI_BY_COMMUNITY, &job->filter, job->now, &error);
      job->filter.from = job->filter.to = NULL;
      if (table == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      job->months[m] = g_date_time_format (month, "%m");
      for (guint k = 0; k < GW_KPI_N; k++)
        job->trend[m][k] = gw_kpi_count_rate (&table->total.counts[k]);
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_trend_counted (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GwSupervisePanel *self = GW_SUPERVISE_PANEL (source);
  TrendJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* Cancelled: a newer count is under way, or the panel is gone. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _gw_supervise_panel_say (self, error->message);
      return;
    }
  memcpy (self->trend, job->trend, sizeof self->trend);
  for (guint m = 0; m < 12; m++)
    {
      g_free (self->trend_months[m]);
      self->trend_months[m] = g_steal_pointer (&job->months[m]);
    }
  self->trend_valid = TRUE;
  g_clear_object (&self->trend_cancellable);
  gtk_widget_queue_draw (GTK_WIDGET (self->trend_area));
}

/* Starts counting the chart's rates again, dropping a count under way. */
void
_gw_supervise_panel_compute_trend (GwSupervisePanel *self)
{
  g_autoptr (GTask) task = NULL;
  TrendJob *job;
  GwCaseFilter filter;

  self->trend_valid = FALSE;
  g_cancellable_cancel (self->trend_cancellable);
  g_clear_object (&self->trend_cancellable);
  gtk_widget_queue_draw (GTK_WIDGET (self->trend_area));
  if (self->project == NULL)
    return;

  _gw_supervise_panel_read_filter (self, &filter);
  job = g_new0 (TrendJob, 1);
  job->db_path = g_strdup (gw_store_get_path (gw_project_get_store (self->project)));
  job->now = gw_now ();
  job->strings[0] = g_strdup (filter.category);
  job->strings[1] = g_strdup (filter.tier);
  job->strings[2] = g_strdup (filter.source);
  job->strings[3] = g_strdup (filter.community);
  job->filter.category = job->strings[0];
  job->filter.tier = job->strings[1];
  job->filter.source = job->strings[2];
  job->filter.community = job->strings[3];
  job->filter.status = filter.status;

  self->trend_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->trend_cancellable, on_trend_counted, NULL);
  g_task_set_source_tag (task, _gw_supervise_panel_compute_trend);
  g_task_set_task_data (task, job, trend_job_free);
  g_task_run_in_thread (task, count_trend);
}

void
_gw_supervise_panel_draw_trend (GtkDrawingArea *area,
                                cairo_t        *cr,
                                int             width,
                                int             height,
                                gpointer        data)
{
  GwSupervisePanel *self = data;
  double left = 34, right = 8, top = 8, bottom = 18;
  double w = width - left - right, h = height - top - bottom;
  PangoLayout *layout;

  if (w <= 0 || h <= 0)
    return;
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);
  if (!self->trend_valid)
    {
      pango_layout_set_text (layout, self->trend_cancellable != NULL
                                     ? _("Counting the rates month by month…") : "", -1);
      cairo_set_source_rgba (cr, 0.4, 0.4, 0.4, 1);
      cairo_move_to (cr, left, top + h / 2 - 8);
      pango_cairo_show_layout (cr, layout);
      g_object_unref (layout);
      return;
    }
  cairo_set_line_width (cr, 1);
  /* 0, 50 and 100 % rules. */
  for (int p = 0; p <= 100; p += 50)
    {
      g_autofree char *label = g_strdup_printf ("%d%%", p);
      double y = top + h * (1 - p / 100.0);

      cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.35);
      cairo_move_to (cr, left, y);
      cairo_line_to (cr, left + w, y);
      cairo_stroke (cr);
      pango_layout_set_text (layout, label, -1);
      cairo_set_source_rgba (cr, 0.4, 0.4, 0.4, 1);
      cairo_move_to (cr, 2, y - 7);
      pango_cairo_show_layout (cr, layout);
    }
  for (int m = 0; m < 12; m++)
    {
      pango_layout_set_text (layout, self->trend_months[m], -1);
      cairo_move_to (cr, left + w * m / 11.0 - 6, top + h + 2);
      pango_cairo_show_layout (cr, layout);
    }
  cairo_set_line_width (cr, 2);
  for (guint k = 0; k < GW_KPI_N; k++)
    {
      gboolean pen = FALSE;

      cairo_set_source_rgb (cr, gw_supervise_kpi_rgb[k][0], gw_supervise_kpi_rgb[k][1], gw_supervise_kpi_rgb[k][2]);
      for (int m = 0; m < 12; m++)
        {
          double x = left + w * m / 11.0, y;

          if (isnan (self->trend[m][k]))
            {
              pen = FALSE;
              continue;
            }
          y = top + h * (1 - self->trend[m][k]);
          if (pen)
            cairo_line_to (cr, x, y);
          else
            cairo_move_to (cr, x, y);
          pen = TRUE;
        }
      cairo_stroke (cr);
    }
  g_object_unref (layout);
}

void
_gw_supervise_panel_on_trend_expanded (GwSupervisePanel *self)
{
  if (gtk_expander_get_expanded (self->trend_expander) && !self->trend_valid
      && self->trend_cancellable == NULL)
    _gw_supervise_panel_compute_trend (self);
}

gboolean
gw_supervise_panel_get_trend (GwSupervisePanel *self,
                              guint             month,
                              double            rates[])
{
  g_return_val_if_fail (GW_IS_SUPERVISE_PANEL (self), FALSE);

  if (!self->trend_valid && self->trend_cancellable == NULL)
    _gw_supervise_panel_compute_trend (self);
  if (!self->trend_valid || month >= 12)
    return FALSE;
  for (guint k = 0; k < GW_KPI_N; k++)
    rates[k] = self->trend[month][k];
  return TRUE;
}

