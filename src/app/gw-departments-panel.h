/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gw-case.h"
#include "gw-case-drag.h"

G_BEGIN_DECLS

/* Where cases can be sent beyond the grid's own team: the departments that
 * take big matters and every grid of the street, each with its open load.
 * Each row is a drop target for dragged cases; the panel emits
 * ::cases-dropped and the window reroutes. */

#define GW_TYPE_DEPARTMENTS_PANEL (gw_departments_panel_get_type ())
G_DECLARE_FINAL_TYPE (GwDepartmentsPanel, gw_departments_panel, GW, DEPARTMENTS_PANEL, GtkWidget)

GtkWidget *gw_departments_panel_new              (void);
/* Fills (or refreshes the loads of) both lists. */
gboolean   gw_departments_panel_load             (GwDepartmentsPanel  *self,
                                                  GwStore             *store,
                                                  GDateTime           *now,
                                                  GError             **error);
void       gw_departments_panel_clear            (GwDepartmentsPanel  *self);
/* "departments" or "grids" */
void       gw_departments_panel_set_page         (GwDepartmentsPanel  *self,
                                                  const char          *page);
void       gw_departments_panel_focus_search     (GwDepartmentsPanel  *self);

/* The row of a department or a grid (for tests: drop onto it). */
GtkWidget *gw_departments_panel_get_department_row (GwDepartmentsPanel *self,
                                                    gint64              department_id);
GtkWidget *gw_departments_panel_get_grid_row     (GwDepartmentsPanel  *self,
                                                  gint64              grid_id);
/* "12 open · 3 overdue" as the row shows it. */
const char *gw_departments_panel_get_load_text   (GwDepartmentsPanel  *self,
                                                  GwRerouteKind        kind,
                                                  gint64               id);

G_END_DECLS
