/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <shumate/shumate.h>

#include "gw-case-drag.h"
#include "gw-departments-panel.h"
#include "gw-reroute-dialog.h"
#include "gw-user.h"
#include "gw-inspector-panel.h"
#include "gw-map-overlay.h"
#include "gw-map-snapshot.h"
#include "gw-plan-panel.h"
#include "gw-supervise-panel.h"
#include "gw-project.h"
#include "gw-renderer.h"
#include "gw-store.h"

G_BEGIN_DECLS

#define GW_TYPE_WINDOW (gw_window_get_type ())
G_DECLARE_FINAL_TYPE (GwWindow, gw_window, GW, WINDOW, AdwApplicationWindow)

GwWindow         *gw_window_new                 (GtkApplication *application);

/* Opening: load_file reports failure to the caller; open shows it to the user. */
gboolean          gw_window_load_file           (GwWindow       *self,
                                                 GFile          *file,
                                                 GError        **error);
gboolean          gw_window_load_location       (GwWindow       *self,
                                                 const char     *location,
                                                 const char     *password,
                                                 GError        **error);
void              gw_window_open                (GwWindow       *self,
                                                 GFile          *file);
void              gw_window_show_open_dialog    (GwWindow       *self);

/* Selection, as a click on the map makes it. */
gboolean          gw_window_select_at           (GwWindow       *self,
                                                 double          longitude,
                                                 double          latitude);
gboolean          gw_window_select_feature      (GwWindow       *self,
                                                 GwFeatureKind   kind,
                                                 gint64          id);
void              gw_window_clear_selection     (GwWindow       *self);
gint64            gw_window_get_selection       (GwWindow       *self,
                                                 GwFeatureKind  *kind);
void              gw_window_zoom_to_street      (GwWindow       *self);

GFile            *gw_window_get_file            (GwWindow       *self);
GwStore          *gw_window_get_store           (GwWindow       *self);
GwMapSnapshot    *gw_window_get_snapshot        (GwWindow       *self);
ShumateMap       *gw_window_get_map             (GwWindow       *self);
GwInspectorPanel *gw_window_get_inspector       (GwWindow       *self);
GwLayers          gw_window_get_layers          (GwWindow       *self);
/* The map's legend (a GwMapLegend) in the layers menu. */
GtkWidget        *gw_window_get_legend          (GwWindow       *self);

/* For the case controller: toasts, the overlay's hover, a new snapshot after
 * an edit, the inspector shown again. */
void              gw_window_add_toast           (GwWindow       *self,
                                                 AdwToast       *toast);
GwMapOverlay     *gw_window_get_overlay         (GwWindow       *self);
void              gw_window_refresh_selection   (GwWindow       *self);
GwProject        *gw_window_get_project         (GwWindow       *self);
ShumateMapSource *gw_window_get_base_map_source (GwWindow       *self);
/* Planning (win.planning): the panel, and the map's painting gesture. */
GwPlanPanel      *gw_window_get_plan_panel      (GwWindow       *self);
GtkGesture       *gw_window_get_plan_gesture    (GwWindow       *self);
/* Supervising (win.supervising): the panel. */
GwSupervisePanel *gw_window_get_supervise_panel (GwWindow       *self);
/* Shows the file again now if another program changed it (also polled). */
void              gw_window_check_external_changes (GwWindow    *self);

/* Case work (gw-window-cases.c): who is working, rerouting by drag-and-drop
 * and by the Reroute dialog with Undo, case pages and new cases. */
GwUser             *gw_window_get_user              (GwWindow          *self);
gboolean            gw_window_set_user              (GwWindow          *self,
                                                     const char        *login,
                                                     GError           **error);
/* Reroutes the cases of @drag as a drop does: one transaction, a toast with
 * Undo, then the lists and the map are shown again. */
gboolean            gw_window_reroute_cases         (GwWindow          *self,
                                                     const GwCaseDrag  *drag,
                                                     GwRerouteKind      kind,
                                                     gint64             target_id,
                                                     const char        *reason,
                                                     GError           **error);
/* Undoes the last reroute (what the toast's Undo button does). */
gboolean            gw_window_undo_reroute          (GwWindow          *self,
                                                     GError           **error);
/* Reroutes again what the last undo put back (Ctrl+Shift+Z). */
gboolean            gw_window_redo_reroute          (GwWindow          *self,
                                                     GError           **error);
GtkWidget          *gw_window_open_case             (GwWindow          *self,
                                                     gint64             case_id);
/* The text of the last case toast, and of the last failure dialog (tests). */
const char         *gw_window_get_last_toast        (GwWindow          *self);
const char         *gw_window_get_last_failure      (GwWindow          *self);
/* Widgets, for tests. */
GwDepartmentsPanel *gw_window_get_departments_panel (GwWindow          *self);
GtkDropTarget      *gw_window_get_map_drop_target   (GwWindow          *self);
GwRerouteDialog    *gw_window_get_reroute_dialog    (GwWindow          *self);
/* The grid the map drop target highlights (0: none). */
gint64              gw_window_get_drop_grid         (GwWindow          *self);

G_END_DECLS
