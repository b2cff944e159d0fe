/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gtk/gtk.h>

#include "gw-geometry.h"
#include "gw-hotspot-query.h"
#include "gw-project.h"

G_BEGIN_DECLS

/* The supervisor's side panel (issue 12): filters shared by every view
 * (period, category, status); the hotspot layer by four methods (kernel
 * density, cases per 100 households, Getis–Ord Gi* hot and cold spots, the
 * trend's emerging hot spots) with its legend, explanation and the list of
 * the grids that stand out; the overdue board with Remind and Escalate;
 * the five rates by grid, community, worker or department. The window
 * draws what gw_supervise_panel_get_fill() and _get_density() give over the
 * map and follows "grid-activated" and "case-activated". */

typedef enum
{
  GW_SUPERVISE_DENSITY,
  GW_SUPERVISE_RATE,
  GW_SUPERVISE_GI_STAR,
  GW_SUPERVISE_TREND,
} GwSuperviseMethod;

#define GW_TYPE_SUPERVISE_PANEL (gw_supervise_panel_get_type ())
G_DECLARE_FINAL_TYPE (GwSupervisePanel, gw_supervise_panel, GW, SUPERVISE_PANEL, GtkWidget)

GwSupervisePanel *gw_supervise_panel_new          (void);
void              gw_supervise_panel_set_project  (GwSupervisePanel  *self,
                                                   GwProject         *project);
/* Computes the visible page again (the filters or the file changed). */
void              gw_supervise_panel_refresh      (GwSupervisePanel  *self);

void              gw_supervise_panel_set_method   (GwSupervisePanel  *self,
                                                   GwSuperviseMethod  method);
/* "hotspots", "overdue" or "rates". */
void              gw_supervise_panel_show_page    (GwSupervisePanel  *self,
                                                   const char        *page);

/* What the map draws: grid id → GW_RGBA (…) (NULL: nothing), and the
 * density surface with the mercator box it covers (NULL: none). */
GHashTable       *gw_supervise_panel_get_fill     (GwSupervisePanel  *self);
cairo_surface_t  *gw_supervise_panel_get_density  (GwSupervisePanel  *self,
                                                   GwBBox            *where);

/* The lists as shown (rows), for the tests. */
guint             gw_supervise_panel_get_n_hotspots (GwSupervisePanel *self);
guint             gw_supervise_panel_get_n_overdue  (GwSupervisePanel *self);
guint             gw_supervise_panel_get_n_rates    (GwSupervisePanel *self);
/* Remind or escalate the overdue case at @position of the board. */
gboolean          gw_supervise_panel_act_on_overdue (GwSupervisePanel *self,
                                                     guint             position,
                                                     gboolean          escalate,
                                                     GError          **error);

/* A grid's figures under the layer (cases, rate, z, p, trend, the most
 * common categories), below the list: what a click on the map shows. */
void              gw_supervise_panel_show_grid      (GwSupervisePanel *self,
                                                     gint64            grid_id);
const char       *gw_supervise_panel_get_detail     (GwSupervisePanel *self);

/* Month by month (the slider): @month 0 is eleven months ago, 11 this
 * month; -1 turns it off (the period drop-down counts again). */
void              gw_supervise_panel_set_month      (GwSupervisePanel *self,
                                                     int               month);
/* Week by week: @week 0 is the week fifty-one weeks before this one, 51
 * this week (Monday to Sunday); -1 turns stepping off. */
void              gw_supervise_panel_set_week       (GwSupervisePanel *self,
                                                     int               week);

/* The rate of the grid layers (GwHotspotRate) and the classes of the rate
 * map (GwBreaksMethod). */
void              gw_supervise_panel_set_rate       (GwSupervisePanel *self,
                                                     guint             rate,
                                                     guint             breaks);

/* The second row of filters, by their drop-downs' positions (0: all):
 * community (in the street's order), source (gw_case_sources order + 1),
 * tier (1 A, 2 B, 3 C). */
void              gw_supervise_panel_set_filters    (GwSupervisePanel *self,
                                                     guint             community,
                                                     guint             source,
                                                     guint             tier);

/* The street's five rates in @month (0: eleven months ago … 11: this one),
 * as the chart under Rates draws them (NAN: nothing to judge). They are
 * counted on a worker thread: FALSE until they are (a call starts the
 * count if none is under way). */
gboolean          gw_supervise_panel_get_trend      (GwSupervisePanel *self,
                                                     guint             month,
                                                     double            rates[]);

/* What Rates → Print Monthly Report… (and Overdue → Print…, which
 * takes only the filter) prints: returns the month
 * ("YYYY-MM": the slider's, else last month) and sets @filter to the
 * panel's filters, dates included (the report takes the month's); its
 * strings are the panel's, valid until the filters change. */
char             *gw_supervise_panel_get_report    (GwSupervisePanel *self,
                                                    GwCaseFilter     *filter);
/* What Rates → Export… writes: the rates shown, to a CSV or XLSX @path. */
gboolean          gw_supervise_panel_export_rates   (GwSupervisePanel *self,
                                                     const char       *path,
                                                     GError          **error);

G_END_DECLS
