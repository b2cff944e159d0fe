/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-case-controller"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-case-controller.h"
#include "gw-case-page.h"
#include "gw-map-overlay.h"
#include "gw-new-case-dialog.h"
#include "gw-user-picker.h"
#include "gw-util.h"
#include "gw-window.h"

struct _GwCaseController
{
  GObject             parent_instance;

  GwWindow           *window;           /* owns us; cleared by shutdown */
  char               *login;            /* chosen before, kept across files */
  GPtrArray          *last_reroutes;    /* of GwReroute: what Undo puts back */
  char               *last_toast;
  char               *last_failure;
  AdwToast           *toast;            /* the toast shown now, not owned */

  GwDepartmentsPanel *panel;
  GtkRevealer        *panel_revealer;
  gboolean            panel_shown_for_drag;
  AdwButtonContent   *user_button_content;
  GtkWidget          *user_button;
  GtkDropTarget      *map_drop;
  gint64              drop_grid;
  GtkWidget          *map_menu_button;  /* a 1 px anchor for the map's context menu */
  double              menu_longitude;
  double              menu_latitude;

  GwRerouteDialog    *reroute_dialog;
  GPtrArray          *case_windows;     /* of GtkWindow showing a GwCasePage */
};

G_DEFINE_FINAL_TYPE (GwCaseController, gw_case_controller, G_TYPE_OBJECT)

/* {{{ Helpers */

static GwProject *
get_project (GwCaseController *self)
{
  return self->window != NULL ? gw_window_get_project (self->window) : NULL;
}

static GwStore *
get_store (GwCaseController *self)
{
  GwProject *project = get_project (self);

  return project != NULL ? gw_project_get_store (project) : NULL;
}

/* Who is working: the project's user. */
static GwUser *
get_user (GwCaseController *self)
{
  GwProject *project = get_project (self);

  return project != NULL ? gw_project_get_user (project) : NULL;
}

static void
toast (GwCaseController *self,
       const char       *text,
       gboolean          with_undo)
{
  AdwToast *new_toast;

  if (self->window == NULL)
    return;
  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  new_toast = adw_toast_new (text);
  adw_toast_set_timeout (new_toast, with_undo ? 8 : 5);
  if (with_undo)
    {
      adw_toast_set_button_label (new_toast, _("_Undo"));
      adw_toast_set_action_name (new_toast, "win.undo-reroute");
      adw_toast_set_priority (new_toast, ADW_TOAST_PRIORITY_HIGH);
    }
  g_set_weak_pointer (&self->toast, new_toast);
  gw_window_add_toast (self->window, new_toast);
}

/* A change that was not made is never told in a toast that fades: a dialog
 * says what was not done and why (the data on screen is refreshed too). */
static void
report_failure (GwCaseController *self,
                GtkWindow        *parent,
                const char       *heading,
                const GError     *error)
{
  GtkWidget *dialog;

  g_free (self->last_failure);
  self->last_failure = g_strdup (error->message);
  if (self->window == NULL)
    return;
  dialog = adw_message_dialog_new (parent != NULL ? parent : GTK_WINDOW (self->window), heading,
                                   error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_user_button (GwCaseController *self)
{
  g_autofree char *tooltip = NULL;

  if (self->user_button_content == NULL)
    return;
  if (get_user (self) == NULL)
    {
      adw_button_content_set_label (self->user_button_content, _("Choose User"));
      gtk_widget_set_tooltip_text (self->user_button, _("Choose who is working"));
      return;
    }
  adw_button_content_set_label (self->user_button_content, get_user (self)->name);
  /* Translators: the current user and their role, e.g. "肖春伟 — Supervisor (switch user)" */
  tooltip = g_strdup_printf (_("%s — %s (switch user)"), get_user (self)->name,
                             gw_role_label (get_user (self)->role));
  gtk_widget_set_tooltip_text (self->user_button, tooltip);
}

/* }}} */
/* {{{ Refreshing after a change */

static void
reload_panel (GwCaseController *self)
{
  g_autoptr (GError) error = NULL;
  GwStore *store = get_store (self);

  if (store != NULL && !gw_departments_panel_load (self->panel, store, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not load the departments: %s"),
                                                  error->message);

      g_warning ("%s", message);
      toast (self, message, FALSE);
    }
}

/* The project changed (a write here, or another program's): the
 * departments' loads and the open case pages show the file again; the
 * window shows the selection again and the map follows from a thread. */
static void
on_project_changed (GwProject        *project,
                    guint             what,
                    GwCaseController *self)
{
  if (self->window == NULL)
    return;
  reload_panel (self);
  for (guint i = 0; i < self->case_windows->len; i++)
    {
      GtkWindow *window = g_ptr_array_index (self->case_windows, i);
      GwCasePage *page = g_object_get_data (G_OBJECT (window), "gw-case-page");

      gw_case_page_reload (page, NULL);
    }
}

/* After a case write (committed or refused: a refusal means the lists are
 * stale), everything that shows cases is shown again. */
static void
refresh_after_change (GwCaseController *self)
{
  GwProject *project = get_project (self);

  if (project != NULL)
    gw_project_notify_changed (project, GW_PROJECT_CHANGE_CASES);
}

/* }}} */
/* {{{ Rerouting */

static char *
describe_reroutes (GPtrArray *reroutes)
{
  const GwReroute *first = g_ptr_array_index (reroutes, 0);
  const char *to = first->to_assignee[0] != '\0' ? first->to_assignee : _("nobody");

  if (reroutes->len == 1)
    {
      if (first->from_grid_id != first->to_grid_id)
        /* Translators: a case moved to another grid and its first responsible person */
        return g_strdup_printf (_("%s moved to grid %s, %s"), first->case_code,
                                first->to_grid_code, to);
      /* Translators: a case handed over, "NX2026-000123: 王芳 → 市北区民政局" */
      return g_strdup_printf (_("%s: %s → %s"), first->case_code,
                              first->from_assignee[0] != '\0' ? first->from_assignee : _("nobody"),
                              to);
    }
  if (first->from_grid_id != first->to_grid_id)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case moved to grid %s, %s",
                                         "%u cases moved to grid %s, %s", reroutes->len),
                            reroutes->len, first->to_grid_code, to);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case handed to %s",
                                       "%u cases handed to %s", reroutes->len),
                          reroutes->len, to);
}

gboolean
gw_case_controller_reroute (GwCaseController  *self,
                            const GwCaseDrag  *drag,
                            GwRerouteKind      kind,
                            gint64             target_id,
                            const char        *reason,
                            GError           **error)
{
  GwStore *store;
  g_autoptr (GPtrArray) reroutes = NULL;
  g_autofree char *message = NULL;
  GwRerouteTarget target = { kind, target_id };
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (GW_IS_CASE_CONTROLLER (self), FALSE);
  g_return_val_if_fail (drag != NULL, FALSE);

  store = get_store (self);
  if (store == NULL || get_user (self) == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                   _("Choose who you are before changing cases"));
      return FALSE;
    }
  trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  reroutes = gw_case_reroute_many (store, get_user (self), drag->case_ids, drag->versions,
                                   drag->n_cases, &target, trimmed[0] != '\0' ? trimmed : NULL,
                                   error);
  if (reroutes == NULL)
    {
      /* A conflict means the lists are stale: show what is true now. */
      refresh_after_change (self);
      return FALSE;
    }
  message = describe_reroutes (reroutes);
  g_clear_pointer (&self->last_reroutes, g_ptr_array_unref);
  self->last_reroutes = g_steal_pointer (&reroutes);
  toast (self, message, TRUE);
  refresh_after_change (self);
  return TRUE;
}

gboolean
gw_case_controller_undo (GwCaseController  *self,
                         GError           **error)
{
  GwStore *store;
  g_autoptr (GPtrArray) reroutes = NULL;

  g_return_val_if_fail (GW_IS_CASE_CONTROLLER (self), FALSE);

  store = get_store (self);
  if (store == NULL || get_user (self) == NULL || self->last_reroutes == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID, _("There is nothing to undo"));
      return FALSE;
    }
  reroutes = g_steal_pointer (&self->last_reroutes);
  if (!gw_case_reroute_undo (store, get_user (self), reroutes, error))
    {
      refresh_after_change (self);
      return FALSE;
    }
  toast (self, g_dngettext (GETTEXT_PACKAGE, "Reroute undone", "Reroutes undone", reroutes->len),
         FALSE);
  refresh_after_change (self);
  return TRUE;
}

static void
reroute_or_toast (GwCaseController *self,
                  const GwCaseDrag *drag,
                  GwRerouteKind     kind,
                  gint64            target_id,
                  const char       *reason)
{
  g_autoptr (GError) error = NULL;

  if (!gw_case_controller_reroute (self, drag, kind, target_id, reason, &error))
    report_failure (self, NULL, g_dngettext (GETTEXT_PACKAGE, "The Case Was Not Rerouted",
                                             "The Cases Were Not Rerouted", drag->n_cases),
                    error);
}

/* Drops on the inspector's workers and on the departments panel. */
static void
on_cases_dropped (GtkWidget        *source,
                  const GwCaseDrag *drag,
                  int               kind,
                  gint64            target_id,
                  GwCaseController *self)
{
  reroute_or_toast (self, drag, (GwRerouteKind) kind, target_id, NULL);
}

/* While cases are dragged, the departments and grids show beside the map. */
static void
on_cases_drag (GtkWidget        *inspector,
               gboolean          begin,
               GwCaseController *self)
{
  if (self->window == NULL)
    return;
  if (begin && !gtk_revealer_get_reveal_child (self->panel_revealer))
    {
      self->panel_shown_for_drag = TRUE;
      gtk_revealer_set_reveal_child (self->panel_revealer, TRUE);
    }
  else if (!begin && self->panel_shown_for_drag)
    {
      self->panel_shown_for_drag = FALSE;
      gtk_revealer_set_reveal_child (self->panel_revealer, FALSE);
    }
}

static void
on_dialog_target_chosen (GwRerouteDialog  *dialog,
                         int               kind,
                         gint64            target_id,
                         const char       *reason,
                         GwCaseController *self)
{
  g_autoptr (GwCaseDrag) drag = gw_case_drag_new (gw_reroute_dialog_get_n_cases (dialog),
                                                  gw_reroute_dialog_get_case_ids (dialog),
                                                  gw_reroute_dialog_get_versions (dialog));
  g_autoptr (GError) error = NULL;

  if (gw_case_controller_reroute (self, drag, (GwRerouteKind) kind, target_id, reason, &error))
    gtk_window_close (GTK_WINDOW (dialog));
  else
    report_failure (self, GTK_WINDOW (dialog),
                    g_dngettext (GETTEXT_PACKAGE, "The Case Was Not Rerouted",
                                 "The Cases Were Not Rerouted", drag->n_cases),
                    error);
}

static void
show_reroute_dialog (GwCaseController *self,
                     const GwCaseDrag *drag)
{
  g_autoptr (GError) error = NULL;
  GwStore *store = get_store (self);

  if (store == NULL || self->window == NULL)
    return;
  if (self->reroute_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->reroute_dialog));
  self->reroute_dialog = gw_reroute_dialog_new (GTK_WINDOW (self->window), store, drag->n_cases,
                                                drag->case_ids, drag->versions, &error);
  if (self->reroute_dialog == NULL)
    {
      toast (self, error->message, FALSE);
      return;
    }
  g_object_add_weak_pointer (G_OBJECT (self->reroute_dialog), (gpointer *) &self->reroute_dialog);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self->reroute_dialog), TRUE);
  g_signal_connect_object (self->reroute_dialog, "target-chosen",
                           G_CALLBACK (on_dialog_target_chosen), self, 0);
  gtk_window_present (GTK_WINDOW (self->reroute_dialog));
}

/* }}} */
/* {{{ The map as a drop target */

static gint64
grid_at_widget (GwCaseController *self,
                double            x,
                double            y)
{
  ShumateMap *map = gw_window_get_map (self->window);
  GwMapSnapshot *snapshot = gw_window_get_snapshot (self->window);
  const GwFeature *grid;
  double latitude, longitude, mx, my;

  if (snapshot == NULL)
    return 0;
  shumate_viewport_widget_coords_to_location (shumate_map_get_viewport (map), GTK_WIDGET (map),
                                              x, y, &latitude, &longitude);
  gw_lonlat_to_mercator (longitude, latitude, &mx, &my);
  grid = gw_map_snapshot_pick (snapshot, GW_FEATURE_GRID, mx, my);
  return grid != NULL ? grid->id : 0;
}

static void
set_drop_grid (GwCaseController *self,
               gint64            grid_id)
{
  if (self->drop_grid == grid_id)
    return;
  self->drop_grid = grid_id;
  gw_map_overlay_set_hover (gw_window_get_overlay (self->window), GW_FEATURE_GRID, grid_id);
}

/* The grid under the pointer lights up; outside every grid nothing would
 * happen, and the pointer says so. */
static GdkDragAction
on_map_drop_motion (GtkDropTarget    *target,
                    double            x,
                    double            y,
                    GwCaseController *self)
{
  if (self->window == NULL)
    return 0;
  set_drop_grid (self, grid_at_widget (self, x, y));
  return self->drop_grid != 0 ? GDK_ACTION_MOVE : 0;
}

static void
on_map_drop_leave (GtkDropTarget    *target,
                   GwCaseController *self)
{
  if (self->window != NULL)
    set_drop_grid (self, 0);
}

static gboolean
on_map_drop (GtkDropTarget    *target,
             const GValue     *value,
             double            x,
             double            y,
             GwCaseController *self)
{
  const GwCaseDrag *drag;
  gint64 grid_id;

  if (self->window == NULL || !G_VALUE_HOLDS (value, GW_TYPE_CASE_DRAG))
    return FALSE;
  drag = g_value_get_boxed (value);
  grid_id = grid_at_widget (self, x, y);
  set_drop_grid (self, 0);
  if (drag == NULL || drag->n_cases == 0 || grid_id == 0)
    return FALSE;
  reroute_or_toast (self, drag, GW_REROUTE_TO_GRID, grid_id, NULL);
  return TRUE;
}

/* }}} */
/* {{{ Case pages and new cases */

static void
on_case_window_destroy (GtkWindow        *window,
                        GwCaseController *self)
{
  g_ptr_array_remove (self->case_windows, window);
}

static void
on_page_case_changed (GwCasePage       *page,
                      gint64            case_id,
                      GwCaseController *self)
{
  refresh_after_change (self);
}

static void
on_page_reroute_requested (GwCasePage       *page,
                           gint64            case_id,
                           GwCaseController *self)
{
  const GwCase *kase = gw_case_page_get_case (page);
  g_autoptr (GwCaseDrag) drag = gw_case_drag_new (1, &kase->id, &kase->version);

  show_reroute_dialog (self, drag);
}

static void
on_page_show_on_map (GwCasePage       *page,
                     gint64            grid_id,
                     double            longitude,
                     double            latitude,
                     GwCaseController *self)
{
  ShumateMap *map;

  if (self->window == NULL)
    return;
  map = gw_window_get_map (self->window);
  gw_window_select_feature (self->window, GW_FEATURE_GRID, grid_id);
  shumate_map_go_to_full (map, latitude, longitude,
                          MAX (17, shumate_viewport_get_zoom_level (shumate_map_get_viewport (map))));
  gtk_window_present (GTK_WINDOW (self->window));
}

GtkWidget *
gw_case_controller_open_case (GwCaseController *self,
                              gint64            case_id)
{
  g_autoptr (GError) error = NULL;
  GwStore *store;
  GtkWidget *window, *box, *header, *page;
  g_autofree char *title = NULL;

  g_return_val_if_fail (GW_IS_CASE_CONTROLLER (self), NULL);

  store = get_store (self);
  if (store == NULL)
    return NULL;
  /* A case already open comes to the front. */
  for (guint i = 0; i < self->case_windows->len; i++)
    {
      GtkWindow *open = g_ptr_array_index (self->case_windows, i);
      GwCasePage *open_page = g_object_get_data (G_OBJECT (open), "gw-case-page");

      if (gw_case_page_get_case (open_page)->id == case_id)
        {
          gw_case_page_reload (open_page, NULL);
          gtk_window_present (open);
          return GTK_WIDGET (open_page);
        }
    }

  page = gw_case_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  if (!gw_case_page_show (GW_CASE_PAGE (page), store, get_user (self), case_id, &error))
    {
      g_object_ref_sink (page);
      g_object_unref (page);
      toast (self, error->message, FALSE);
      return NULL;
    }
  window = adw_window_new ();
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self->window));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 760);
  /* Translators: a case window's title, e.g. "Case NX2026-000123" */
  title = g_strdup_printf (_("Case %s"), gw_case_page_get_case (GW_CASE_PAGE (page))->code);
  gtk_window_set_title (GTK_WINDOW (window), title);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (title, NULL));
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);
  g_object_set_data (G_OBJECT (window), "gw-case-page", page);

  g_signal_connect_object (page, "case-changed", G_CALLBACK (on_page_case_changed), self, 0);
  g_signal_connect_object (page, "reroute-requested", G_CALLBACK (on_page_reroute_requested),
                           self, 0);
  g_signal_connect_object (page, "show-on-map", G_CALLBACK (on_page_show_on_map), self, 0);
  g_signal_connect_object (window, "destroy", G_CALLBACK (on_case_window_destroy), self, 0);
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                            gtk_named_action_new ("window.close")));
    gtk_widget_add_controller (window, shortcuts);
  }
  g_ptr_array_add (self->case_windows, window);
  gtk_window_present (GTK_WINDOW (window));
  return page;
}

static void
on_case_created (GwNewCaseDialog  *dialog,
                 gint64            case_id,
                 GwCaseController *self)
{
  g_autoptr (GwCase) kase = NULL;
  g_autofree char *message = NULL;
  GwStore *store = get_store (self);

  if (store == NULL)
    return;
  kase = gw_case_load (store, case_id, NULL, FALSE, NULL, NULL);
  if (kase != NULL)
    {
      /* Translators: a new case's code and its grid */
      message = g_strdup_printf (_("%s reported in grid %s"), kase->code, kase->grid_code);
      toast (self, message, FALSE);
    }
  refresh_after_change (self);
  gw_case_controller_open_case (self, case_id);
}

static void
new_case_at (GwCaseController *self,
             double            longitude,
             double            latitude)
{
  g_autoptr (GError) error = NULL;
  GwStore *store = get_store (self);
  GwNewCaseDialog *dialog;

  if (store == NULL)
    return;
  if (get_user (self) == NULL)
    {
      toast (self, _("Choose who you are before reporting cases"), FALSE);
      return;
    }
  dialog = gw_new_case_dialog_new (GTK_WINDOW (self->window), store, get_user (self), longitude,
                                   latitude, &error);
  if (dialog == NULL)
    {
      toast (self, error->message, FALSE);
      return;
    }
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "case-created", G_CALLBACK (on_case_created), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Right-click on the map: a menu anchored where the pointer is. */
static void
on_map_secondary_pressed (GtkGestureClick  *gesture,
                          int               n_press,
                          double            x,
                          double            y,
                          GwCaseController *self)
{
  ShumateMap *map;

  if (self->window == NULL || gw_window_get_snapshot (self->window) == NULL)
    return;
  map = gw_window_get_map (self->window);
  shumate_viewport_widget_coords_to_location (shumate_map_get_viewport (map), GTK_WIDGET (map),
                                              x, y, &self->menu_latitude, &self->menu_longitude);
  gtk_widget_set_margin_start (self->map_menu_button, MAX (0, (int) x));
  gtk_widget_set_margin_top (self->map_menu_button, MAX (0, (int) y));
  gtk_widget_set_visible (self->map_menu_button, TRUE);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_menu_button_popup (GTK_MENU_BUTTON (self->map_menu_button));
}

/* }}} */
/* {{{ Users */

/* The project's user changed: the button says who, the case pages show the
 * steps open to them, and their login is offered for the next file. */
static void
on_user_changed (GwProject        *project,
                 GwCaseController *self)
{
  GwUser *user = gw_project_get_user (project);

  if (user != NULL)
    {
      g_free (self->login);
      self->login = g_strdup (user->login);
    }
  update_user_button (self);
  for (guint i = 0; i < self->case_windows->len; i++)
    {
      GtkWindow *window = g_ptr_array_index (self->case_windows, i);
      GwCasePage *page = g_object_get_data (G_OBJECT (window), "gw-case-page");
      const GwCase *kase = gw_case_page_get_case (page);

      gw_case_page_show (page, get_store (self), user, kase->id, NULL);
    }
}

gboolean
gw_case_controller_set_user (GwCaseController  *self,
                             const char        *login,
                             GError           **error)
{
  GwProject *project;

  g_return_val_if_fail (GW_IS_CASE_CONTROLLER (self), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);

  project = get_project (self);
  if (project == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND, _("No database is open"));
      return FALSE;
    }
  return gw_project_set_user (project, login, error);
}

GwUser *
gw_case_controller_get_user (GwCaseController *self)
{
  g_return_val_if_fail (GW_IS_CASE_CONTROLLER (self), NULL);

  return get_user (self);
}

static void
on_user_chosen (GwUserPicker     *picker,
                GwUser           *user,
                GwCaseController *self)
{
  g_autofree char *message = NULL;

  if (get_project (self) != NULL)
    gw_project_take_user (get_project (self), user);
  /* Translators: after choosing a user, e.g. "Working as 肖春伟 (Supervisor)" */
  message = g_strdup_printf (_("Working as %s (%s)"), user->name, gw_role_label (user->role));
  toast (self, message, FALSE);
}

static void
show_user_picker (GwCaseController *self)
{
  g_autoptr (GError) error = NULL;
  GwStore *store = get_store (self);
  GwUserPicker *picker;

  if (store == NULL)
    return;
  picker = gw_user_picker_new (GTK_WINDOW (self->window), store, &error);
  if (picker == NULL)
    {
      toast (self, error->message, FALSE);
      return;
    }
  gtk_window_set_destroy_with_parent (GTK_WINDOW (picker), TRUE);
  g_signal_connect_object (picker, "user-chosen", G_CALLBACK (on_user_chosen), self, 0);
  gtk_window_present (GTK_WINDOW (picker));
}

void
gw_case_controller_file_loaded (GwCaseController *self)
{
  GwProject *project;
  const char *login;

  g_return_if_fail (GW_IS_CASE_CONTROLLER (self));

  project = get_project (self);
  g_return_if_fail (project != NULL);
  g_signal_connect_object (project, "changed", G_CALLBACK (on_project_changed), self, 0);
  g_signal_connect_object (project, "user-changed", G_CALLBACK (on_user_changed), self, 0);

  g_clear_pointer (&self->last_reroutes, g_ptr_array_unref);
  gw_departments_panel_clear (self->panel);
  reload_panel (self);
  for (guint i = self->case_windows->len; i-- > 0; )
    gtk_window_destroy (g_ptr_array_index (self->case_windows, i));

  /* GRIDWORK_USER (scripts, tests), else whoever worked before, else ask. */
  login = g_getenv ("GRIDWORK_USER");
  if (login == NULL || *login == '\0')
    login = self->login;
  if (login != NULL && gw_case_controller_set_user (self, login, NULL))
    return;
  update_user_button (self);
  show_user_picker (self);
}

/* }}} */
/* {{{ Actions */

static GwCaseDrag *
selected_cases (GwCaseController *self)
{
  return gw_inspector_panel_dup_selected_cases (gw_window_get_inspector (self->window));
}

static void
reroute_selected_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  GwCaseController *self = GW_CASE_CONTROLLER (user_data);
  g_autoptr (GwCaseDrag) drag = NULL;

  if (self->window == NULL)
    return;
  drag = selected_cases (self);
  if (drag == NULL)
    {
      toast (self, _("Select a case in a grid’s open cases first"), FALSE);
      return;
    }
  show_reroute_dialog (self, drag);
}

static void
reroute_case_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GwCaseController *self = GW_CASE_CONTROLLER (user_data);
  gint64 case_id = g_variant_get_int64 (parameter);
  g_autoptr (GwCaseDrag) drag = NULL;
  g_autoptr (GwCase) kase = NULL;
  GwStore *store = get_store (self);

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
          show_reroute_dialog (self, drag);
          return;
        }
      g_clear_pointer (&drag, gw_case_drag_free);
    }
  kase = gw_case_load (store, case_id, NULL, FALSE, NULL, NULL);
  if (kase == NULL)
    return;
  drag = gw_case_drag_new (1, &kase->id, &kase->version);
  show_reroute_dialog (self, drag);
}

static void
open_case_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  gw_case_controller_open_case (GW_CASE_CONTROLLER (user_data), g_variant_get_int64 (parameter));
}

static void
undo_reroute_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GwCaseController *self = GW_CASE_CONTROLLER (user_data);
  g_autoptr (GError) error = NULL;

  if (!gw_case_controller_undo (self, &error))
    report_failure (self, NULL, _("The Reroute Was Not Undone"), error);
}

static void
choose_user_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  show_user_picker (GW_CASE_CONTROLLER (user_data));
}

static void
new_case_here_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  GwCaseController *self = GW_CASE_CONTROLLER (user_data);

  new_case_at (self, self->menu_longitude, self->menu_latitude);
}

static void
show_departments_change_state (GSimpleAction *action,
                               GVariant      *state,
                               gpointer       user_data)
{
  GwCaseController *self = GW_CASE_CONTROLLER (user_data);
  gboolean show = g_variant_get_boolean (state);

  g_simple_action_set_state (action, state);
  self->panel_shown_for_drag = FALSE;
  if (self->panel_revealer != NULL)
    gtk_revealer_set_reveal_child (self->panel_revealer, show);
  if (show && self->panel != NULL)
    gw_departments_panel_focus_search (self->panel);
}

static const GActionEntry case_entries[] = {
  { "reroute-selected", reroute_selected_action },
  { "reroute-case", reroute_case_action, "x" },
  { "open-case", open_case_action, "x" },
  { "undo-reroute", undo_reroute_action },
  { "choose-user", choose_user_action },
  { "new-case-here", new_case_here_action },
  { "show-departments", NULL, NULL, "false", show_departments_change_state },
};

/* }}} */
/* {{{ Building the window's parts */

static void
on_panel_grid_activated (GwDepartmentsPanel *panel,
                         gint64              grid_id,
                         GwCaseController   *self)
{
  if (self->window != NULL)
    gw_window_select_feature (self->window, GW_FEATURE_GRID, grid_id);
}

static void
on_case_activated (GtkWidget        *inspector,
                   gint64            case_id,
                   GwCaseController *self)
{
  gw_case_controller_open_case (self, case_id);
}

/* The window's header bar, first of its kind under @widget. */
static GtkWidget *
find_header_bar (GtkWidget *widget)
{
  if (widget == NULL || ADW_IS_HEADER_BAR (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_header_bar (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
build (GwCaseController *self)
{
  GwWindow *window = self->window;
  ShumateMap *map = gw_window_get_map (window);
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (map), GTK_TYPE_OVERLAY);
  GtkWidget *header = find_header_bar (adw_application_window_get_content (ADW_APPLICATION_WINDOW (window)));
  GwInspectorPanel *inspector = gw_window_get_inspector (window);
  GtkEventController *shortcuts;
  GtkGesture *secondary;
  GtkWidget *card, *toggle;
  g_autoptr (GMenu) map_menu = g_menu_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (window), case_entries,
                                   G_N_ELEMENTS (case_entries), self);

  /* Departments and grids: a card over the left of the map. */
  self->panel = GW_DEPARTMENTS_PANEL (gw_departments_panel_new ());
  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "background");
  gtk_widget_set_size_request (card, 320, -1);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (self->panel));
  gtk_widget_set_vexpand (GTK_WIDGET (self->panel), TRUE);
  self->panel_revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->panel_revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_RIGHT);
  gtk_revealer_set_child (self->panel_revealer, card);
  gtk_widget_set_halign (GTK_WIDGET (self->panel_revealer), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (self->panel_revealer), GTK_ALIGN_FILL);
  gtk_widget_set_margin_start (card, 12);
  gtk_widget_set_margin_top (card, 12);
  gtk_widget_set_margin_bottom (card, 56);
  if (overlay != NULL)
    gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (self->panel_revealer));
  g_signal_connect_object (self->panel, "cases-dropped", G_CALLBACK (on_cases_dropped), self, 0);
  g_signal_connect_object (self->panel, "grid-activated", G_CALLBACK (on_panel_grid_activated),
                           self, 0);

  /* The map's context menu, anchored by an invisible menu button. */
  g_menu_append (map_menu, _("_New Case Here…"), "win.new-case-here");
  g_menu_append (map_menu, _("Show _Departments and Grids"), "win.show-departments");
  self->map_menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->map_menu_button), G_MENU_MODEL (map_menu));
  gtk_widget_set_halign (self->map_menu_button, GTK_ALIGN_START);
  gtk_widget_set_valign (self->map_menu_button, GTK_ALIGN_START);
  gtk_widget_set_size_request (self->map_menu_button, 1, 1);
  gtk_widget_set_opacity (self->map_menu_button, 0);
  gtk_widget_set_can_target (self->map_menu_button, FALSE);
  gtk_widget_set_can_focus (self->map_menu_button, FALSE);
  gtk_widget_set_visible (self->map_menu_button, FALSE);
  gtk_widget_add_css_class (self->map_menu_button, "flat");
  if (overlay != NULL)
    gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->map_menu_button);

  secondary = gtk_gesture_click_new ();
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (secondary), "gw-case-menu-click");
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (secondary, "pressed", G_CALLBACK (on_map_secondary_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (map), GTK_EVENT_CONTROLLER (secondary));

  /* Dropping cases on a grid of the map. */
  self->map_drop = gtk_drop_target_new (GW_TYPE_CASE_DRAG, GDK_ACTION_MOVE);
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (self->map_drop), "gw-case-drop");
  g_signal_connect_object (self->map_drop, "enter", G_CALLBACK (on_map_drop_motion), self, 0);
  g_signal_connect_object (self->map_drop, "motion", G_CALLBACK (on_map_drop_motion), self, 0);
  g_signal_connect_object (self->map_drop, "leave", G_CALLBACK (on_map_drop_leave), self, 0);
  g_signal_connect_object (self->map_drop, "drop", G_CALLBACK (on_map_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (map), GTK_EVENT_CONTROLLER (self->map_drop));

  /* The inspector's case rows and workers. */
  g_signal_connect_object (inspector, "cases-dropped", G_CALLBACK (on_cases_dropped), self, 0);
  g_signal_connect_object (inspector, "cases-drag", G_CALLBACK (on_cases_drag), self, 0);
  g_signal_connect_object (inspector, "case-activated", G_CALLBACK (on_case_activated), self, 0);

  /* Header: who is working, and the departments panel. */
  if (header != NULL)
    {
      GtkWidget *icon_button = gtk_button_new ();

      self->user_button_content = ADW_BUTTON_CONTENT (adw_button_content_new ());
      adw_button_content_set_icon_name (self->user_button_content, "avatar-default-symbolic");
      gtk_button_set_child (GTK_BUTTON (icon_button), GTK_WIDGET (self->user_button_content));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (icon_button), "win.choose-user");
      gtk_widget_add_css_class (icon_button, "flat");
      self->user_button = icon_button;
      adw_header_bar_pack_end (ADW_HEADER_BAR (header), icon_button);

      toggle = gtk_toggle_button_new ();
      gtk_button_set_icon_name (GTK_BUTTON (toggle), "sidebar-show-symbolic");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (toggle), "win.show-departments");
      gtk_widget_set_tooltip_text (toggle, _("Departments and Grids (F9)"));
      adw_header_bar_pack_start (ADW_HEADER_BAR (header), toggle);
    }
  update_user_button (self);

  /* Keyboard: Ctrl+R reroutes the selected cases, F9 shows the departments. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_r, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("win.reroute-selected")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F9, 0),
                                                          gtk_named_action_new ("win.show-departments")));
  gtk_widget_add_controller (GTK_WIDGET (window), shortcuts);
}

/* }}} */

GwCaseController *
gw_case_controller_new (GwWindow *window)
{
  GwCaseController *self;

  g_return_val_if_fail (GW_IS_WINDOW (window), NULL);

  self = g_object_new (GW_TYPE_CASE_CONTROLLER, NULL);
  self->window = window;
  build (self);
  return self;
}

void
gw_case_controller_shutdown (GwCaseController *self)
{
  g_return_if_fail (GW_IS_CASE_CONTROLLER (self));

  if (self->window == NULL)
    return;
  /* A snapshot still loading is dropped when it arrives. */
  for (guint i = self->case_windows->len; i-- > 0; )
    gtk_window_destroy (g_ptr_array_index (self->case_windows, i));
  if (self->reroute_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->reroute_dialog));
  g_clear_weak_pointer (&self->toast);
  self->window = NULL;
  self->panel = NULL;
  self->panel_revealer = NULL;
  self->user_button = NULL;
  self->user_button_content = NULL;
  self->map_menu_button = NULL;
  self->map_drop = NULL;
}

const char *
gw_case_controller_get_last_failure (GwCaseController *self)
{
  g_return_val_if_fail (GW_IS_CASE_CONTROLLER (self), NULL);

  return self->last_failure;
}

const char *
gw_case_controller_get_last_toast (GwCaseController *self)
{
  g_return_val_if_fail (GW_IS_CASE_CONTROLLER (self), NULL);

  return self->last_toast;
}

GwDepartmentsPanel *
gw_case_controller_get_departments_panel (GwCaseController *self)
{
  g_return_val_if_fail (GW_IS_CASE_CONTROLLER (self), NULL);

  return self->panel;
}

GtkDropTarget *
gw_case_controller_get_map_drop_target (GwCaseController *self)
{
  g_return_val_if_fail (GW_IS_CASE_CONTROLLER (self), NULL);

  return self->map_drop;
}

GwRerouteDialog *
gw_case_controller_get_reroute_dialog (GwCaseController *self)
{
  g_return_val_if_fail (GW_IS_CASE_CONTROLLER (self), NULL);

  return self->reroute_dialog;
}

gint64
gw_case_controller_get_drop_grid (GwCaseController *self)
{
  g_return_val_if_fail (GW_IS_CASE_CONTROLLER (self), 0);

  return self->drop_grid;
}

static void
gw_case_controller_finalize (GObject *object)
{
  GwCaseController *self = GW_CASE_CONTROLLER (object);

  g_free (self->login);
  g_clear_pointer (&self->last_reroutes, g_ptr_array_unref);
  g_free (self->last_toast);
  g_free (self->last_failure);
  g_clear_pointer (&self->case_windows, g_ptr_array_unref);
  g_clear_weak_pointer (&self->toast);
  if (self->reroute_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->reroute_dialog),
                                  (gpointer *) &self->reroute_dialog);
  G_OBJECT_CLASS (gw_case_controller_parent_class)->finalize (object);
}

static void
gw_case_controller_class_init (GwCaseControllerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_case_controller_finalize;
}

static void
gw_case_controller_init (GwCaseController *self)
{
  self->case_windows = g_ptr_array_new ();
}
