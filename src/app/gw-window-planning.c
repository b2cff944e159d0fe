/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gw-window-private.h"

/* Planning mode (issue 11): the header bar's Planning switch puts the plan
 * panel where the inspector is, draws the draft over the map and gives the
 * map's clicks and drags to the planner's tools. Planners only. */

static ShumateViewport *
viewport_of (GwWindow *self)
{
  return shumate_map_get_viewport (self->map);
}

static void
widget_to_lonlat (GwWindow *self,
                  double    x,
                  double    y,
                  double   *longitude,
                  double   *latitude)
{
  shumate_viewport_widget_coords_to_location (viewport_of (self), GTK_WIDGET (self->map), x, y,
                                              latitude, longitude);
}

static gboolean
may_plan (GwWindow *self)
{
  GwUser *user = _gw_window_get_user (self);

  return _gw_window_get_snapshot (self) != NULL && user != NULL && user->role == GW_ROLE_PLANNER;
}

gboolean
_gw_window_planning_is_active (GwWindow *self)
{
  return self->planning;
}

void
_gw_window_planning_set (GwWindow *self,
                         gboolean  planning)
{
  planning = planning && may_plan (self);
  if (planning == self->planning)
    return;
  self->planning = planning;
  if (planning)
    _gw_window_supervise_set (self, FALSE);
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                          "planning")),
                             g_variant_new_boolean (planning));
  if (planning || !self->supervising)
    gtk_stack_set_visible_child_name (self->side_stack, planning ? "planning" : "inspector");
  if (planning)
    {
      gw_window_clear_selection (self);
      gw_plan_panel_set_project (self->plan_panel, self->project);
    }
  else
    {
      g_autoptr (GError) error = NULL;

      if (!gw_plan_panel_save (self->plan_panel, &error))
        _gw_window_show_toast (self, error->message);
    }
  gw_map_overlay_set_plan_paint (self->overlay,
                                 planning ? gw_plan_panel_get_paint (self->plan_panel) : NULL);
  _gw_window_rebuild_map_layer (self);
  _gw_window_update_actions (self);
}

static void
planning_change_state (GSimpleAction *action,
                       GVariant      *state,
                       gpointer       user_data)
{
  _gw_window_planning_set (GW_WINDOW (user_data), g_variant_get_boolean (state));
}

/* Called by _gw_window_update_actions: who may plan, and why not. */
void
_gw_window_planning_update (GwWindow *self)
{
  GwUser *user = _gw_window_get_user (self);
  g_autofree char *tooltip = NULL;

  if (g_action_map_lookup_action (G_ACTION_MAP (self), "planning") == NULL)
    return;
  if (self->planning && !may_plan (self))
    _gw_window_planning_set (self, FALSE);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                            "planning")),
                               may_plan (self));
  if (_gw_window_get_snapshot (self) == NULL)
    tooltip = g_strdup (_("Open a street to plan its grids"));
  else if (user == NULL || user->role != GW_ROLE_PLANNER)
    /* Translators: %s is the signed-in user's name and role */
    tooltip = g_strdup_printf (_("Planning is for planners; %s is signed in"),
                               user != NULL ? user->name : _("nobody"));
  else
    tooltip = g_strdup (_("Redraw grids: paint lots, split, merge, suggest, commit"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->planning_button), tooltip);
}

gboolean
_gw_window_planning_click (GwWindow        *self,
                           double           x,
                           double           y,
                           GdkModifierType  state)
{
  double longitude, latitude;

  if (!self->planning)
    return FALSE;
  widget_to_lonlat (self, x, y, &longitude, &latitude);
  gw_plan_panel_click (self->plan_panel, longitude, latitude, (state & GDK_CONTROL_MASK) != 0);
  return TRUE;
}

/* A drag with a chosen grid paints (or draws the split line) instead of
 * panning; without one, or with Merge, the map pans as usual. */
static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               GwWindow       *self)
{
  GwPlanTool tool = gw_plan_panel_get_tool (self->plan_panel);
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  double longitude, latitude;

  if (!self->planning || gw_plan_panel_get_target (self->plan_panel) < 0
      || tool == GW_PLAN_TOOL_MERGE || (state & GDK_CONTROL_MASK))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->drag_x = x;
  self->drag_y = y;
  widget_to_lonlat (self, x, y, &longitude, &latitude);
  if (tool == GW_PLAN_TOOL_PAINT)
    gw_plan_panel_stroke_begin (self->plan_panel, longitude, latitude);
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                GwWindow       *self)
{
  double longitude, latitude, x0, y0, x1, y1, lon0, lat0;

  widget_to_lonlat (self, self->drag_x + dx, self->drag_y + dy, &longitude, &latitude);
  if (gw_plan_panel_get_tool (self->plan_panel) == GW_PLAN_TOOL_PAINT)
    {
      gw_plan_panel_stroke_to (self->plan_panel, longitude, latitude);
      return;
    }
  widget_to_lonlat (self, self->drag_x, self->drag_y, &lon0, &lat0);
  gw_lonlat_to_mercator (lon0, lat0, &x0, &y0);
  gw_lonlat_to_mercator (longitude, latitude, &x1, &y1);
  gw_map_overlay_set_line (self->overlay, TRUE, x0, y0, x1, y1);
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             GwWindow       *self)
{
  double lon0, lat0, lon1, lat1;
  int threshold = 8;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self->map)), "gtk-dnd-drag-threshold",
                &threshold, NULL);
  if (hypot (dx, dy) <= threshold)
    {
      /* A click: the gesture claimed it, so the panel gets it here. */
      gw_plan_panel_stroke_end (self->plan_panel);
      _gw_window_planning_click (self, self->drag_x, self->drag_y, 0);
      gw_map_overlay_set_line (self->overlay, FALSE, 0, 0, 0, 0);
      return;
    }
  if (gw_plan_panel_get_tool (self->plan_panel) == GW_PLAN_TOOL_PAINT)
    {
      gw_plan_panel_stroke_end (self->plan_panel);
      return;
    }
  gw_map_overlay_set_line (self->overlay, FALSE, 0, 0, 0, 0);
  widget_to_lonlat (self, self->drag_x, self->drag_y, &lon0, &lat0);
  widget_to_lonlat (self, self->drag_x + dx, self->drag_y + dy, &lon1, &lat1);
  gw_plan_panel_split (self->plan_panel, lon0, lat0, lon1, lat1);
}

static void
on_paint_changed (GwWindow *self)
{
  if (self->planning)
    gw_map_overlay_set_plan_paint (self->overlay, gw_plan_panel_get_paint (self->plan_panel));
}

static void
on_message (GwWindow   *self,
            const char *message)
{
  _gw_window_show_toast (self, message);
}

/* The live grids changed: the map, the lists and the counts follow. */
static void
on_committed (GwWindow *self)
{
  if (self->project != NULL)
    gw_project_notify_changed (self->project, GW_PROJECT_CHANGE_GRIDS | GW_PROJECT_CHANGE_CASES);
}

static const GActionEntry planning_entries[] = {
  { "planning", NULL, NULL, "false", planning_change_state },
};

void
_gw_window_planning_init (GwWindow *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), planning_entries,
                                   G_N_ELEMENTS (planning_entries), self);
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (drag), "gw-plan-drag");
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (drag));
  self->plan_drag = drag;

  g_signal_connect_swapped (self->plan_panel, "paint-changed", G_CALLBACK (on_paint_changed), self);
  g_signal_connect_swapped (self->plan_panel, "message", G_CALLBACK (on_message), self);
  g_signal_connect_swapped (self->plan_panel, "committed", G_CALLBACK (on_committed), self);
}

/* Another file: the panel follows it while planning. */
void
_gw_window_planning_file_loaded (GwWindow *self)
{
  if (self->planning)
    gw_plan_panel_set_project (self->plan_panel, self->project);
  _gw_window_planning_update (self);
}

GwPlanPanel *
gw_window_get_plan_panel (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  return self->plan_panel;
}

GtkGesture *
gw_window_get_plan_gesture (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  return self->plan_drag;
}
