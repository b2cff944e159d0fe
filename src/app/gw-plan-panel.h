/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gw-plan.h"
#include "gw-project.h"

G_BEGIN_DECLS

/* The planner's side panel (issue 11): the draft being edited, its live
 * table of grids with the band, parts, compactness and changes, the tools
 * (paint, split, merge, new grid, dissolve, lock, suggest), undo and commit.
 * The window hands it the map's clicks and drags while Planning is on and
 * draws what gw_plan_panel_get_paint() says over the map. Every step is
 * saved to the draft a moment later. */

typedef enum
{
  GW_PLAN_TOOL_PAINT,
  GW_PLAN_TOOL_SPLIT,
  GW_PLAN_TOOL_MERGE,
} GwPlanTool;

#define GW_TYPE_PLAN_PANEL (gw_plan_panel_get_type ())
G_DECLARE_FINAL_TYPE (GwPlanPanel, gw_plan_panel, GW, PLAN_PANEL, GtkWidget)

GwPlanPanel *gw_plan_panel_new          (void);
/* Lists the project's plans and opens its newest draft (NULL: none). */
void         gw_plan_panel_set_project  (GwPlanPanel *self,
                                         GwProject   *project);
GwPlan      *gw_plan_panel_get_plan     (GwPlanPanel *self);
gboolean     gw_plan_panel_open_plan    (GwPlanPanel *self,
                                         gint64       plan_id,
                                         GError     **error);
/* A new draft from the live grids (@branch FALSE) or from the open one. */
gboolean     gw_plan_panel_new_draft    (GwPlanPanel *self,
                                         gboolean     branch,
                                         GError     **error);

/* The grid painted into (a key of the plan), -1: none chosen. */
gint         gw_plan_panel_get_target   (GwPlanPanel *self);
void         gw_plan_panel_set_target   (GwPlanPanel *self,
                                         gint         key);
GwPlanTool   gw_plan_panel_get_tool     (GwPlanPanel *self);
void         gw_plan_panel_set_tool     (GwPlanPanel *self,
                                         GwPlanTool   tool);

/* The map's gestures, in lon/lat: a click (@choose: Ctrl held, picks the
 * grid under it as the target), a brush stroke, a split line. */
void         gw_plan_panel_click        (GwPlanPanel *self,
                                         double       longitude,
                                         double       latitude,
                                         gboolean     choose);
void         gw_plan_panel_stroke_begin (GwPlanPanel *self,
                                         double       longitude,
                                         double       latitude);
void         gw_plan_panel_stroke_to    (GwPlanPanel *self,
                                         double       longitude,
                                         double       latitude);
void         gw_plan_panel_stroke_end   (GwPlanPanel *self);
void         gw_plan_panel_split        (GwPlanPanel *self,
                                         double       longitude0,
                                         double       latitude0,
                                         double       longitude1,
                                         double       latitude1);

gboolean     gw_plan_panel_undo         (GwPlanPanel *self);
gboolean     gw_plan_panel_redo         (GwPlanPanel *self);
/* Runs the auto-suggest for the target grid's community. */
gboolean     gw_plan_panel_suggest      (GwPlanPanel *self,
                                         gboolean     from_scratch);
/* Saves now what is not saved yet. */
gboolean     gw_plan_panel_save         (GwPlanPanel *self,
                                         GError     **error);
/* Commits without asking (the Commit… button asks first). */
gboolean     gw_plan_panel_commit       (GwPlanPanel *self,
                                         GError     **error);

/* What the map draws: lot id → GW_PLAN_PAINT (…), or NULL without a plan. */
GHashTable  *gw_plan_panel_get_paint    (GwPlanPanel *self);
/* The rows the table shows now, and the summary line. */
guint        gw_plan_panel_get_n_rows   (GwPlanPanel *self);
const char  *gw_plan_panel_get_summary  (GwPlanPanel *self);

G_END_DECLS
