/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-window-private.h"

/* Supervising mode (issue 12): the header bar's Supervising switch puts the
 * supervisor's panel (hotspots, the overdue board, the five rates) where the
 * inspector is and draws its layer over the map. Supervisors and planners;
 * Remind and Escalate are the core's to refuse to anyone but supervisors. */

static gboolean
may_supervise (GwWindow *self)
{
  GwUser *user = _gw_window_get_user (self);

  return _gw_window_get_snapshot (self) != NULL && user != NULL && user->role != GW_ROLE_STAFF;
}

static void
show_layer (GwWindow *self)
{
  GwBBox where;
  cairo_surface_t *density = NULL;

  if (self->supervising)
    density = gw_supervise_panel_get_density (self->supervise_panel, &where);
  gw_map_overlay_set_grid_fill (self->overlay, self->supervising
                                               ? gw_supervise_panel_get_fill (self->supervise_panel)
                                               : NULL);
  gw_map_overlay_set_raster (self->overlay, density, density != NULL ? &where : NULL);
}

void
_gw_window_supervise_set (GwWindow *self,
                          gboolean  supervising)
{
  supervising = supervising && may_supervise (self);
  if (supervising == self->supervising)
    return;
  self->supervising = supervising;
  if (supervising)
    _gw_window_planning_set (self, FALSE);
  g_simple_action_set_state (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                          "supervising")),
                             g_variant_new_boolean (supervising));
  if (supervising)
    {
      gtk_stack_set_visible_child_name (self->side_stack, "supervising");
      gw_supervise_panel_set_project (self->supervise_panel, self->project);
    }
  else if (!self->planning)
    gtk_stack_set_visible_child_name (self->side_stack, "inspector");
  show_layer (self);
  _gw_window_rebuild_map_layer (self);
}

static void
supervising_change_state (GSimpleAction *action,
                          GVariant      *state,
                          gpointer       user_data)
{
  _gw_window_supervise_set (GW_WINDOW (user_data), g_variant_get_boolean (state));
}

void
_gw_window_supervise_update (GwWindow *self)
{
  GwUser *user = _gw_window_get_user (self);
  g_autofree char *tooltip = NULL;

  if (g_action_map_lookup_action (G_ACTION_MAP (self), "supervising") == NULL)
    return;
  if (self->supervising && !may_supervise (self))
    _gw_window_supervise_set (self, FALSE);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                            "supervising")),
                               may_supervise (self));
  if (_gw_window_get_snapshot (self) == NULL)
    tooltip = g_strdup (_("Open a street to see its hotspots and overdue cases"));
  else if (user == NULL || user->role == GW_ROLE_STAFF)
    /* Translators: %s is the signed-in user's name */
    tooltip = g_strdup_printf (_("Supervising is for supervisors and planners; %s is signed in"),
                               user != NULL ? user->name : _("nobody"));
  else
    tooltip = g_strdup (_("Hotspots, the overdue board and the five rates"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->supervising_button), tooltip);
}

static void
on_paint_changed (GwWindow *self)
{
  show_layer (self);
}

static void
on_message (GwWindow   *self,
            const char *message)
{
  _gw_window_show_toast (self, message);
}

static void
on_grid_activated (GwWindow *self,
                   gint64    grid_id)
{
  const GwFeature *grid;
  double lon, lat;

  if (_gw_window_get_snapshot (self) == NULL)
    return;
  grid = gw_map_snapshot_lookup (_gw_window_get_snapshot (self), GW_FEATURE_GRID, grid_id);
  if (grid == NULL)
    return;
  self->selection_kind = GW_FEATURE_GRID;
  self->selection_id = grid_id;
  gw_map_overlay_set_selection (self->overlay, GW_FEATURE_GRID, grid_id);
  gw_mercator_to_lonlat (grid->label_point.x, grid->label_point.y, &lon, &lat);
  shumate_map_center_on (self->map, lat, lon);
}

/* Rates → Print Monthly Report… and Overdue → Print…: the print dialog, its
 * preview and export on worker threads, set to the panel's month (for the
 * report) and filters. */
static void
print_from_panel (GwWindow *self,
                  gboolean  report)
{
  g_autofree char *month = NULL;
  GwPrintDialog *dialog;
  GwCaseFilter filter;

  dialog = _gw_window_print_dialog_new (self);
  if (dialog == NULL)
    return;
  month = gw_supervise_panel_get_report (self->supervise_panel, &filter);
  if (report)
    gw_print_dialog_set_report (dialog, month, &filter, GW_KPI_ON_TIME);
  else
    gw_print_dialog_set_overdue (dialog, &filter);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_print_report (GwWindow *self)
{
  print_from_panel (self, TRUE);
}

static void
on_print_overdue (GwWindow *self)
{
  print_from_panel (self, FALSE);
}

static void
on_case_activated (GwWindow *self,
                   gint64    case_id)
{
  gw_window_open_case (self, case_id);
}

/* While supervising, a click on the map shows the grid's figures. */
gboolean
_gw_window_supervise_click (GwWindow *self,
                            double    x,
                            double    y)
{
  const GwFeature *grid;
  double lon, lat, mx, my;

  if (!self->supervising || _gw_window_get_snapshot (self) == NULL)
    return FALSE;
  shumate_viewport_widget_coords_to_location (shumate_map_get_viewport (self->map),
                                              GTK_WIDGET (self->map), x, y, &lat, &lon);
  gw_lonlat_to_mercator (lon, lat, &mx, &my);
  grid = gw_map_snapshot_pick (_gw_window_get_snapshot (self), GW_FEATURE_GRID, mx, my);
  if (grid == NULL)
    return TRUE;
  self->selection_kind = GW_FEATURE_GRID;
  self->selection_id = grid->id;
  gw_map_overlay_set_selection (self->overlay, GW_FEATURE_GRID, grid->id);
  gw_supervise_panel_show_grid (self->supervise_panel, grid->id);
  return TRUE;
}

static const GActionEntry supervise_entries[] = {
  { "supervising", NULL, NULL, "false", supervising_change_state },
};

void
_gw_window_supervise_init (GwWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), supervise_entries,
                                   G_N_ELEMENTS (supervise_entries), self);
  g_signal_connect_swapped (self->supervise_panel, "paint-changed", G_CALLBACK (on_paint_changed),
                            self);
  g_signal_connect_swapped (self->supervise_panel, "message", G_CALLBACK (on_message), self);
  g_signal_connect_swapped (self->supervise_panel, "grid-activated", G_CALLBACK (on_grid_activated),
                            self);
  g_signal_connect_swapped (self->supervise_panel, "case-activated", G_CALLBACK (on_case_activated),
                            self);
  g_signal_connect_swapped (self->supervise_panel, "print-report", G_CALLBACK (on_print_report),
                            self);
  g_signal_connect_swapped (self->supervise_panel, "print-overdue", G_CALLBACK (on_print_overdue),
                            self);
}

void
_gw_window_supervise_file_loaded (GwWindow *self)
{
  if (self->supervising)
    gw_supervise_panel_set_project (self->supervise_panel, self->project);
  _gw_window_supervise_update (self);
}

GwSupervisePanel *
gw_window_get_supervise_panel (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  return self->supervise_panel;
}
