/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "gw-checklist.h"
#include "gw-import-dialog.h"
#include "gw-window.h"

G_BEGIN_DECLS

/* The set-up checklist of a street: what the open project has loaded and
 * what is missing (street boundary, communities, grids … users), one row
 * each, with the import dialog preset for that layer a click away. Shown
 * after New Project and from the main menu; it follows the project as
 * imports land. */

#define GW_TYPE_CHECKLIST_WINDOW (gw_checklist_window_get_type ())
G_DECLARE_FINAL_TYPE (GwChecklistWindow, gw_checklist_window, GW, CHECKLIST_WINDOW, AdwWindow)

GwChecklistWindow *gw_checklist_window_new          (GwWindow          *window);

/* Reads the counts again (done on every change of the project). */
void               gw_checklist_window_refresh      (GwChecklistWindow *self);
GwCheckState       gw_checklist_window_get_state    (GwChecklistWindow *self,
                                                     GwCheckItem        item);
/* The line's subtitle as shown. */
const char        *gw_checklist_window_get_detail   (GwChecklistWindow *self,
                                                     GwCheckItem        item);
/* What the line's Import… button does; NULL when the line has none. */
GwImportDialog    *gw_checklist_window_import       (GwChecklistWindow *self,
                                                     GwCheckItem        item);

G_END_DECLS
