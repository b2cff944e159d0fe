/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The main window, split the GNOME Text Editor way around this header:
 * gw-window.c          the window, its map, the selection, opening files;
 * gw-window-actions.c  every action of the window, installed and enabled in
 *                      one place;
 * gw-window-cases.c    case work: who is working, rerouting by drag-and-drop
 *                      and by the Reroute dialog with Undo, the departments
 *                      and grids panel, case pages and new cases.
 * Every widget is in ui/gw-window.ui. */

#include "gw-departments-panel.h"
#include "gw-plan-panel.h"
#include "gw-print-dialog.h"
#include "gw-supervise-panel.h"
#include "gw-reroute-dialog.h"
#include "gw-tile-source.h"
#include "gw-window.h"

G_BEGIN_DECLS

struct _GwWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  GwProject            *project;        /* the open file, or NULL */
  GFile                *file;
  char                 *server;          /* role@host/db when the file is a working copy */
  GwLayers              layers;
  gboolean              disposed;

  GwTileSource         *tile_source;
  ShumateMapLayer      *map_layer;
  ShumateMapLayer      *leaving_layer;  /* the one map_layer replaces, until it has drawn */
  guint                 leaving_timeout;
  ShumateMapLayer      *base_layer;     /* the office's own MBTiles, or NULL */
  ShumateMapSource     *base_source;
  GwMapOverlay         *overlay;
  GMenu                *recent_menu;
  GtkFileChooserNative *chooser;
  guint                 fit_tick_id;

  GwFeatureKind         selection_kind;
  gint64                selection_id;
  double                press_x, press_y;   /* where the map was last pressed */

  /* Case work (gw-window-cases.c) */
  char                 *login;          /* chosen before, kept across files */
  char                 *trusted_login;  /* just signed in elsewhere (a new project) */
  GtkWindow            *checklist;      /* weak: the set-up checklist, when shown */
  GPtrArray            *undo_stack;     /* of GPtrArray of GwReroute, newest last */
  GPtrArray            *redo_stack;     /* what Undo took back, newest last */
  char                 *last_toast;
  char                 *last_failure;
  AdwToast             *toast;          /* the case toast shown now, not owned */
  gboolean              panel_shown_for_drag;
  GtkDropTarget        *map_drop;
  gint64                drop_grid;
  double                menu_longitude;
  double                menu_latitude;
  GwRerouteDialog      *reroute_dialog;
  GPtrArray            *case_windows;   /* of GtkWindow showing a GwCasePage */

  /* Planning (gw-window-planning.c) */
  gboolean              planning;
  GtkGesture           *plan_drag;
  double                drag_x, drag_y;

  /* Supervising (gw-window-supervise.c) */
  gboolean              supervising;

  /* Template children */
  AdwSplitButton       *open_button;
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  ShumateMap           *map;
  GtkMenuButton        *layers_button;
  GtkWidget            *legend;         /* GwMapLegend, in the layers menu */
  ShumateScale         *scale;
  GwInspectorPanel     *inspector;
  GtkStack             *side_stack;
  GwPlanPanel          *plan_panel;
  GtkWidget            *planning_button;
  GwSupervisePanel     *supervise_panel;
  GtkWidget            *supervising_button;
  GwDepartmentsPanel   *departments_panel;
  GtkRevealer          *departments_revealer;
  GtkWidget            *map_menu_button;  /* a 1 px anchor for the map's context menu */
  GtkWidget            *user_button;
  AdwButtonContent     *user_button_content;
};

static inline GwStore *
_gw_window_get_store (GwWindow *self)
{
  return self->project != NULL ? gw_project_get_store (self->project) : NULL;
}

static inline GwMapSnapshot *
_gw_window_get_snapshot (GwWindow *self)
{
  return self->project != NULL ? gw_project_get_snapshot (self->project) : NULL;
}

static inline GwUser *
_gw_window_get_user (GwWindow *self)
{
  return self->project != NULL ? gw_project_get_user (self->project) : NULL;
}

/* gw-window.c */
void     _gw_window_show_error              (GwWindow         *self,
                                             const char       *heading,
                                             const char       *message);
void     _gw_window_show_toast              (GwWindow         *self,
                                             const char       *message);
void     _gw_window_rebuild_map_layer       (GwWindow         *self);
void     _gw_window_update_base_map         (GwWindow         *self);
void     _gw_window_choose_base_map         (GwWindow         *self);

/* gw-window-actions.c */
void     _gw_window_actions_init            (GwWindow         *self);
void     _gw_window_update_actions          (GwWindow         *self);

/* gw-window-planning.c */
void     _gw_window_planning_init           (GwWindow         *self);
void     _gw_window_planning_update         (GwWindow         *self);
void     _gw_window_planning_file_loaded    (GwWindow         *self);
gboolean _gw_window_planning_is_active      (GwWindow         *self);
gboolean _gw_window_planning_click          (GwWindow         *self,
                                             double            x,
                                             double            y,
                                             GdkModifierType   state);

void     _gw_window_planning_set            (GwWindow         *self,
                                             gboolean          planning);

/* gw-window-supervise.c */
/* A print dialog of what is on screen (NULL without a street), not shown. */
GwPrintDialog *_gw_window_print_dialog_new  (GwWindow         *self);
void     _gw_window_supervise_init          (GwWindow         *self);
void     _gw_window_supervise_update        (GwWindow         *self);
void     _gw_window_supervise_file_loaded   (GwWindow         *self);
void     _gw_window_supervise_set           (GwWindow         *self,
                                             gboolean          supervising);
gboolean _gw_window_supervise_click         (GwWindow         *self,
                                             double            x,
                                             double            y);

/* gw-window-cases.c */
void     _gw_window_cases_init              (GwWindow         *self);
void     _gw_window_cases_dispose           (GwWindow         *self);
void     _gw_window_cases_finalize          (GwWindow         *self);
void     _gw_window_cases_file_loaded       (GwWindow         *self);
void     _gw_window_cases_toast             (GwWindow         *self,
                                             const char       *text,
                                             gboolean          with_undo);
void     _gw_window_cases_report_failure    (GwWindow         *self,
                                             GtkWindow        *parent,
                                             const char       *heading,
                                             const GError     *error);
void     _gw_window_cases_show_reroute_dialog (GwWindow       *self,
                                               const GwCaseDrag *drag);
void     _gw_window_cases_new_case_at       (GwWindow         *self,
                                             double            longitude,
                                             double            latitude);
void     _gw_window_cases_show_user_picker  (GwWindow         *self,
                                             const char       *login);
void     _gw_window_cases_show_departments  (GwWindow         *self,
                                             gboolean          show);

G_END_DECLS
