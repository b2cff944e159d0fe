/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "gw-case.h"
#include "gw-case-drag.h"
#include "gw-departments-panel.h"
#include "gw-reroute-dialog.h"
#include "gw-user.h"

G_BEGIN_DECLS

/* The window's case work, in one place: who the current user is, rerouting
 * by drag-and-drop (inspector's workers, the departments and grids panel,
 * grids on the map) and by the Reroute dialog, each with a toast and Undo,
 * the case pages, and new cases from the map's context menu. After any
 * change it refreshes the inspector and publishes a new map snapshot.
 *
 * Owned by its window; holds no reference to it. */

typedef struct _GwWindow GwWindow;

#define GW_TYPE_CASE_CONTROLLER (gw_case_controller_get_type ())
G_DECLARE_FINAL_TYPE (GwCaseController, gw_case_controller, GW, CASE_CONTROLLER, GObject)

GwCaseController   *gw_case_controller_new          (GwWindow          *window);
/* The window opened a file: the user is chosen (GRIDWORK_USER, the login
 * used before, else the user picker) and the panels are filled. */
void                gw_case_controller_file_loaded  (GwCaseController  *self);
/* Before the window goes: drop every reference and dialog. */
void                gw_case_controller_shutdown     (GwCaseController  *self);

GwUser             *gw_case_controller_get_user     (GwCaseController  *self);
gboolean            gw_case_controller_set_user     (GwCaseController  *self,
                                                     const char        *login,
                                                     GError           **error);

/* Reroutes the cases of @drag as a drop does: one transaction, a toast with
 * Undo, then the lists and the map are refreshed. */
gboolean            gw_case_controller_reroute      (GwCaseController  *self,
                                                     const GwCaseDrag  *drag,
                                                     GwRerouteKind      kind,
                                                     gint64             target_id,
                                                     const char        *reason,
                                                     GError           **error);
/* Undoes the last reroute (what the toast's Undo button does). */
gboolean            gw_case_controller_undo         (GwCaseController  *self,
                                                     GError           **error);
/* The text of the last toast, and of the last failure dialog (for tests). */
const char         *gw_case_controller_get_last_toast (GwCaseController *self);
const char         *gw_case_controller_get_last_failure (GwCaseController *self);

/* Widgets, for tests. */
GwDepartmentsPanel *gw_case_controller_get_departments_panel (GwCaseController *self);
GtkDropTarget      *gw_case_controller_get_map_drop_target   (GwCaseController *self);
GwRerouteDialog    *gw_case_controller_get_reroute_dialog    (GwCaseController *self);
GtkWidget          *gw_case_controller_open_case             (GwCaseController *self,
                                                              gint64            case_id);
/* The grid the map drop target highlights (0: none). */
gint64              gw_case_controller_get_drop_grid         (GwCaseController *self);

G_END_DECLS
