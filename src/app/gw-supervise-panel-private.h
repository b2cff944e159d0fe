/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gw-hotspots.h"
#include "gw-kpi.h"
#include "gw-supervise-panel.h"
#include "gw-text-table.h"

G_BEGIN_DECLS

/* The supervising panel's state, shared by its files: gw-supervise-panel.c
 * (filters, hotspot layer, board, rates) and gw-supervise-trend.c (the
 * rates' monthly chart). */
struct _GwSupervisePanel
{
  GtkWidget          parent_instance;

  GwProject         *project;
  gulong             changed_id;
  GwHotspotGrids    *grids;
  GHashTable        *fill;
  cairo_surface_t   *density;
  GwBBox             density_where;
  GPtrArray         *overdue;       /* of GwOverdueCase, as the board shows them */
  GwKpiTable        *rates;         /* as the Rates page shows them */
  GwKpiGrouping      rates_grouping;
  GtkFileChooserNative *chooser;
  GwTextTable       *hotspot_table;
  GwTextTable       *overdue_table;
  GwTextTable       *rates_table;
  char              *from, *to;
  gboolean           updating;

  GtkWidget         *box;
  GtkStack          *stack;
  GtkDropDown       *period_dropdown;
  GtkDropDown       *category_dropdown;
  GtkDropDown       *status_dropdown;
  GtkDropDown       *community_dropdown;
  GtkDropDown       *source_dropdown;
  GtkDropDown       *tier_dropdown;
  GPtrArray         *community_codes;   /* as the community drop-down lists them, after "All" */
  GtkDropDown       *method_dropdown;
  GtkDropDown       *rate_dropdown;
  GtkDropDown       *breaks_dropdown;
  GtkLabel          *method_label;
  GtkLabel          *detail_label;
  GArray            *last_rows;     /* of GwHotspotRow: the layer's figures per grid */
  GtkCheckButton    *month_check;
  GtkDropDown       *step_dropdown;     /* 0 months, 1 weeks */
  GtkScale          *month_scale;
  GtkAdjustment     *month_adjustment;
  GtkLabel          *month_label;
  GtkToggleButton   *play_button;
  guint              play_id;
  GtkFlowBox        *legend_box;
  GtkColumnView     *hotspot_view;
  GtkLabel          *overdue_label;
  GtkButton         *remind_button;
  GtkButton         *escalate_button;
  GtkColumnView     *overdue_view;
  GtkDropDown       *grouping_dropdown;
  GtkButton         *export_button;
  GtkButton         *print_report_button;
  GtkButton         *print_overdue_button;
  GtkLabel          *total_label;
  GtkColumnView     *rates_view;
  GtkLabel          *definitions_label;
  GtkExpander       *trend_expander;
  GtkDrawingArea    *trend_area;
  double             trend[12][GW_KPI_N];   /* the street's rates, 11 months ago … this month */
  char              *trend_months[12];
  gboolean           trend_valid;
  GCancellable      *trend_cancellable;   /* the chart's rates being counted */
};

/* Okabe–Ito colours, one per rate (the chart and its legend). */
extern const double gw_supervise_kpi_rgb[GW_KPI_N][3];

/* The filters as the drop-downs and the period say. */
void _gw_supervise_panel_read_filter       (GwSupervisePanel *self,
                                            GwCaseFilter     *filter);
/* Tells the window (a toast): what could not be shown and why. */
void _gw_supervise_panel_say               (GwSupervisePanel *self,
                                            const char       *message);
void _gw_supervise_panel_compute_trend     (GwSupervisePanel *self);
void _gw_supervise_panel_draw_trend        (GtkDrawingArea   *area,
                                            cairo_t          *cr,
                                            int               width,
                                            int               height,
                                            gpointer          user_data);
void _gw_supervise_panel_on_trend_expanded (GwSupervisePanel *self);

G_END_DECLS
