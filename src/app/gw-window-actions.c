/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-export-dialog.h"
#include "gw-import-dialog.h"
#include "gw-checklist-window.h"
#include "gw-connect-dialog.h"
#include "gw-new-project-dialog.h"
#include "gw-preferences-window.h"
#include "gw-print-dialog.h"
#include "gw-window-private.h"

/* Every action of the window: installed in one place, enabled in one place. */

/* {{{ Files, view and dialogs */


static void
open_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  gw_window_show_open_dialog (GW_WINDOW (user_data));
}

/* The creator has just given their password: the new project opens signed
 * in as them. */
/* One checklist per window, brought back to the front when asked again. */
static void
show_checklist (GwWindow *self)
{
  if (self->checklist == NULL)
    {
      GtkWindow *checklist = GTK_WINDOW (gw_checklist_window_new (self));

      gtk_window_set_destroy_with_parent (checklist, TRUE);
      g_set_weak_pointer (&self->checklist, checklist);
    }
  gtk_window_present (self->checklist);
}

/* A new street has nothing but its name: what to load next comes first. */
static void
on_project_created (GwNewProjectDialog *dialog,
                    GFile              *file,
                    const char         *login,
                    GwWindow           *self)
{
  g_free (self->trusted_login);
  self->trusted_login = g_strdup (login);
  gw_window_open (self, file);
  if (_gw_window_get_store (self) != NULL)
    show_checklist (self);
}

static void
checklist_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GwWindow *self = GW_WINDOW (user_data);

  if (_gw_window_get_store (self) != NULL)
    show_checklist (self);
}

static void
new_project_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GwWindow *self = GW_WINDOW (user_data);
  GwNewProjectDialog *dialog = gw_new_project_dialog_new (GTK_WINDOW (self));

  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "project-created", G_CALLBACK (on_project_created), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_server_connected (GwConnectDialog *dialog,
                     const char      *location,
                     const char      *password,
                     GwWindow        *self)
{
  g_autoptr(GError) error = NULL;

  if (!gw_window_load_location (self, location, password, &error))
    _gw_window_show_error (self, _("Could Not Open the District Server"), error->message);
}

static void
connect_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GwWindow *self = GW_WINDOW (user_data);
  GwConnectDialog *dialog = gw_connect_dialog_new (GTK_WINDOW (self));

  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "connected", G_CALLBACK (on_server_connected), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_recent_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GwWindow *self = GW_WINDOW (user_data);
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  gw_window_open (self, file);
}

static void
zoom_in_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  shumate_map_zoom_in (GW_WINDOW (user_data)->map);
}

static void
zoom_out_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  shumate_map_zoom_out (GW_WINDOW (user_data)->map);
}

static void
zoom_to_street_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  gw_window_zoom_to_street (GW_WINDOW (user_data));
}

static void
clear_selection_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  gw_window_clear_selection (GW_WINDOW (user_data));
}

static void
search_households_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  gw_inspector_panel_focus_search (GW_WINDOW (user_data)->inspector);
}

/* The print dialog gets what is on screen: the view, the selection, the user. */
GwPrintDialog *
_gw_window_print_dialog_new (GwWindow *self)
{
  GtkWidget *map = GTK_WIDGET (self->map);
  GwPrintDialog *dialog;
  GwBBox view;
  double corners[2][2] = { { 0, 0 }, { gtk_widget_get_width (map), gtk_widget_get_height (map) } };

  if (_gw_window_get_snapshot (self) == NULL)
    return NULL;

  gw_bbox_init_empty (&view);
  for (guint i = 0; i < 2; i++)
    {
      double lat, lon, x, y;

      shumate_viewport_widget_coords_to_location (shumate_map_get_viewport (self->map), map, corners[i][0],
                                                  corners[i][1], &lat, &lon);
      gw_lonlat_to_mercator (lon, lat, &x, &y);
      gw_bbox_extend (&view, x, y);
    }
  dialog = gw_print_dialog_new (GTK_WINDOW (self), _gw_window_get_store (self), _gw_window_get_snapshot (self), &view,
                                self->selection_kind, self->selection_id);
  /* Household lists need to know who prints them. */
  if (_gw_window_get_user (self) != NULL)
    gw_print_dialog_set_user (dialog, _gw_window_get_user (self));
  return dialog;
}

static void
print_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GwPrintDialog *dialog = _gw_window_print_dialog_new (GW_WINDOW (user_data));

  if (dialog != NULL)
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  GwWindow *self = GW_WINDOW (user_data);

  if (_gw_window_get_store (self) != NULL)
    gtk_window_present (GTK_WINDOW (gw_import_dialog_new (self)));
}

static void
export_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  GwWindow *self = GW_WINDOW (user_data);

  if (_gw_window_get_store (self) != NULL)
    gtk_window_present (GTK_WINDOW (gw_export_dialog_new (self)));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GwPreferencesWindow *preferences = gw_preferences_window_new (GTK_WINDOW (user_data));

  gtk_window_set_destroy_with_parent (GTK_WINDOW (preferences), TRUE);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
choose_base_map_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  _gw_window_choose_base_map (GW_WINDOW (user_data));
}

static void
clear_base_map_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GwWindow *self = GW_WINDOW (user_data);

  g_settings_set_string (self->settings, "base-map-file", "");
  g_settings_set_boolean (self->settings, "show-base-map", TRUE);
}

static const GActionEntry win_entries[] = {
  { "preferences", preferences_action },
  { "choose-base-map", choose_base_map_action },
  { "clear-base-map", clear_base_map_action },
  { "open", open_action },
  { "new-project", new_project_action },
  { "connect", connect_action },
  { "open-recent", open_recent_action, "s" },
  { "no-recent", NULL },
  { "zoom-in", zoom_in_action },
  { "zoom-out", zoom_out_action },
  { "zoom-to-street", zoom_to_street_action },
  { "clear-selection", clear_selection_action },
  { "search-households", search_households_action },
  { "print", print_action },
  { "import", import_action },
  { "export", export_action },
  { "checklist", checklist_action },
};

/* }}} */
/* {{{ Cases */


static GwCaseDrag *
selected_cases (GwWindow         *self)
{
  return gw_inspector_panel_dup_selected_cases (self->inspector);
}

static void
reroute_selected_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  GwWindow *self = GW_WINDOW (user_data);
  g_autoptr (GwCaseDrag) drag = NULL;

  if (self->disposed)
    return;
  drag = selected_cases (self);
  if (drag == NULL)
    {
      _gw_window_cases_toast (self, _("Select a case in a grid’s open cases first"), FALSE);
      return;
    }
  _gw_window_cases_show_reroute_dialog (self, drag);
}

static void
reroute_case_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GwWindow *self = GW_WINDOW (user_data);
  gint64 case_id = g_variant_get_int64 (parameter);
  g_autoptr (GwCaseDrag) drag = NULL;
  g_autoptr (GwCase) kase = NULL;
  GwStore *store = _gw_window_get_store (self);

  if (store == NULL)
    return;
  /* The context menu's row: take the selection if the row is part of it. */
  drag = selected_cases (self);
  if (drag != NULL)
    {
      gboolean in_selection = FALSE;

      for (guint i = 0; i < drag->n_cases; i++)
        in_selection |= drag->case_ids[i] == case_id;
      if (in_selection)
        {
          _gw_window_cases_show_reroute_dialog (self, drag);
          return;
        }
      g_clear_pointer (&drag, gw_case_drag_free);
    }
  kase = gw_case_load (store, case_id, NULL, FALSE, NULL, NULL);
  if (kase == NULL)
    return;
  drag = gw_case_drag_new (1, &kase->id, &kase->version);
  _gw_window_cases_show_reroute_dialog (self, drag);
}

static void
open_case_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  gw_window_open_case (GW_WINDOW (user_data), g_variant_get_int64 (parameter));
}

static void
undo_reroute_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GwWindow *self = GW_WINDOW (user_data);
  g_autoptr (GError) error = NULL;

  /* While planning, Ctrl+Z takes back the last step of the draft. */
  if (_gw_window_planning_is_active (self))
    {
      gw_plan_panel_undo (self->plan_panel);
      return;
    }
  if (!gw_window_undo_reroute (self, &error))
    _gw_window_cases_report_failure (self, NULL, _("The Reroute Was Not Undone"), error);
}

static void
redo_reroute_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GwWindow *self = GW_WINDOW (user_data);
  g_autoptr (GError) error = NULL;

  if (_gw_window_planning_is_active (self))
    {
      gw_plan_panel_redo (self->plan_panel);
      return;
    }
  if (!gw_window_redo_reroute (self, &error))
    _gw_window_cases_report_failure (self, NULL, _("The Reroute Was Not Redone"), error);
}

static void
choose_user_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  _gw_window_cases_show_user_picker (GW_WINDOW (user_data), NULL);
}

static void
new_case_here_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GwWindow *self = GW_WINDOW (user_data);

  _gw_window_cases_new_case_at (self, self->menu_longitude, self->menu_latitude);
}

static void
show_departments_change_state (GSimpleAction *action,
                               GVariant      *state,
                               gpointer       user_data)
{
  GwWindow *self = GW_WINDOW (user_data);
  gboolean show = g_variant_get_boolean (state);

  g_simple_action_set_state (action, state);
  _gw_window_cases_show_departments (self, show);
}

static const GActionEntry case_entries[] = {
  { "reroute-selected", reroute_selected_action },
  { "reroute-case", reroute_case_action, "x" },
  { "open-case", open_case_action, "x" },
  { "undo-reroute", undo_reroute_action },
  { "redo-reroute", redo_reroute_action },
  { "choose-user", choose_user_action },
  { "new-case-here", new_case_here_action },
  { "show-departments", NULL, NULL, "false", show_departments_change_state },
};

/* }}} */

/* The layers menu: each item is a GSettings key (show-base-map, …). */
static const char * const layer_actions[] = {
  "show-base-map", "show-communities", "show-grids", "show-buildings", "show-cases",
  "show-labels",
};

void
_gw_window_actions_init (GwWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries, G_N_ELEMENTS (win_entries),
                                   self);
  g_action_map_add_action_entries (G_ACTION_MAP (self), case_entries,
                                   G_N_ELEMENTS (case_entries), self);
  for (guint i = 0; i < G_N_ELEMENTS (layer_actions); i++)
    {
      g_autoptr (GAction) action = g_settings_create_action (self->settings, layer_actions[i]);

      g_action_map_add_action (G_ACTION_MAP (self), action);
    }
  _gw_window_update_actions (self);
}

static void
set_enabled (GwWindow   *self,
             const char *name,
             gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* The one place that enables and disables the window's actions. */
void
_gw_window_update_actions (GwWindow *self)
{
  static const char * const need_file[] = {
    "zoom-in", "zoom-out", "zoom-to-street", "clear-selection", "search-households",
    "print", "import", "export", "checklist", "show-departments", "choose-user", "new-case-here",
    "reroute-selected", "reroute-case", "open-case",
  };
  gboolean has_file = _gw_window_get_snapshot (self) != NULL;

  for (guint i = 0; i < G_N_ELEMENTS (need_file); i++)
    set_enabled (self, need_file[i], has_file);
  set_enabled (self, "no-recent", FALSE);
  {
    g_autofree char *base_map = g_settings_get_string (self->settings, "base-map-file");

    set_enabled (self, "clear-base-map", *base_map != '\0');
  }
  set_enabled (self, "undo-reroute", has_file && (self->planning || self->undo_stack->len > 0));
  set_enabled (self, "redo-reroute", has_file && (self->planning || self->redo_stack->len > 0));
  _gw_window_planning_update (self);
  _gw_window_supervise_update (self);
}
