/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gw-case-drag.h"
#include "gw-case-list.h"
#include "gw-household-list.h"
#include "gw-household-page.h"
#include "gw-inspector.h"
#include "gw-inspector-summary.h"
#include "gw-worker-list.h"

G_BEGIN_DECLS

typedef enum
{
  GW_INSPECTOR_SHOWING_NOTHING,
  GW_INSPECTOR_SHOWING_GRID,
  GW_INSPECTOR_SHOWING_BUILDING,
} GwInspectorShowing;

#define GW_TYPE_INSPECTOR_PANEL (gw_inspector_panel_get_type ())
G_DECLARE_FINAL_TYPE (GwInspectorPanel, gw_inspector_panel, GW, INSPECTOR_PANEL, GtkWidget)

GtkWidget          *gw_inspector_panel_new             (void);
void                gw_inspector_panel_set_band        (GwInspectorPanel  *self,
                                                        int                band_min,
                                                        int                band_max);
gboolean            gw_inspector_panel_show_grid       (GwInspectorPanel  *self,
                                                        GwStore           *store,
                                                        gint64             grid_id,
                                                        GError           **error);
gboolean            gw_inspector_panel_show_building   (GwInspectorPanel  *self,
                                                        GwStore           *store,
                                                        gint64             building_id,
                                                        GError           **error);
void                gw_inspector_panel_clear           (GwInspectorPanel  *self);
void                gw_inspector_panel_focus_search    (GwInspectorPanel  *self);

/* What the panel shows, as a user reads it (for tests and accessibility). */
GwInspectorShowing  gw_inspector_panel_get_showing     (GwInspectorPanel  *self,
                                                        gint64            *id);
const char         *gw_inspector_panel_get_title       (GwInspectorPanel  *self);
const char         *gw_inspector_panel_get_household_count_text (GwInspectorPanel *self);
const char         *gw_inspector_panel_get_band_text   (GwInspectorPanel  *self);
char              **gw_inspector_panel_dup_worker_names (GwInspectorPanel *self);
GListModel         *gw_inspector_panel_get_households  (GwInspectorPanel  *self);
GwHousehold        *gw_inspector_panel_get_household   (GwInspectorPanel  *self,
                                                        guint              position);
GListModel         *gw_inspector_panel_get_cases       (GwInspectorPanel  *self);
GtkEditable        *gw_inspector_panel_get_household_search (GwInspectorPanel *self);
GtkColumnView      *gw_inspector_panel_get_household_view (GwInspectorPanel *self);
GwHouseholdPage    *gw_inspector_panel_get_household_page (GwInspectorPanel *self);
gboolean            gw_inspector_panel_is_showing_household (GwInspectorPanel *self);

/* The panel's parts: the summary and the lists on its tabs. */
GwInspectorSummary *gw_inspector_panel_get_summary     (GwInspectorPanel  *self);
GwWorkerList       *gw_inspector_panel_get_worker_list (GwInspectorPanel  *self);
GwHouseholdList    *gw_inspector_panel_get_household_list (GwInspectorPanel *self);
GwCaseList         *gw_inspector_panel_get_case_list   (GwInspectorPanel  *self);

/* Cases: the selection (what Ctrl+R reroutes), and the worker rows cases are
 * dropped on. */
GwCaseDrag         *gw_inspector_panel_dup_selected_cases (GwInspectorPanel *self);
gboolean            gw_inspector_panel_select_case     (GwInspectorPanel  *self,
                                                        gint64             case_id,
                                                        gboolean           extend);
GtkWidget          *gw_inspector_panel_get_worker_row  (GwInspectorPanel  *self,
                                                        gint64             worker_id);

G_END_DECLS
