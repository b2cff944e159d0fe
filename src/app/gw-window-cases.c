/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-case-page.h"
#include "gw-map-overlay.h"
#include "gw-new-case-dialog.h"
#include "gw-user-picker.h"
#include "gw-accounts.h"
#include "gw-util.h"
#include "gw-window-private.h"

/* {{{ Helpers */

static void
on_toast_dismissed (AdwToast *toast,
                    GwWindow *self)
{
  if (self->toast == toast)
    g_clear_weak_pointer (&self->toast);
}

void
_gw_window_cases_toast (GwWindow   *self,
                        const char *text,
                        gboolean    with_undo)
{
  AdwToast *new_toast;

  if (self->disposed)
    return;
  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
  /* One case toast at a time. The one shown is told the news rather than
   * dismissed: libadwaita 1.2 crashes when toasts are dismissed while they
   * are still coming up, which quick steps (Ctrl+Z, Ctrl+Z) do. */
  if (self->toast != NULL)
    {
      adw_toast_set_title (self->toast, text);
      adw_toast_set_button_label (self->toast, with_undo ? _("_Undo") : NULL);
      adw_toast_set_action_name (self->toast, with_undo ? "win.undo-reroute" : NULL);
      return;
    }
  new_toast = adw_toast_new (text);
  adw_toast_set_timeout (new_toast, with_undo ? 8 : 5);
  if (with_undo)
    {
      adw_toast_set_button_label (new_toast, _("_Undo"));
      adw_toast_set_action_name (new_toast, "win.undo-reroute");
      adw_toast_set_priority (new_toast, ADW_TOAST_PRIORITY_HIGH);
    }
  g_set_weak_pointer (&self->toast, new_toast);
  /* Gone (timed out or closed): the next news gets a toast of its own. */
  g_signal_connect_object (new_toast, "dismissed", G_CALLBACK (on_toast_dismissed), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, new_toast);
}

/* A change that was not made is never told in a toast that fades: a dialog
 * says what was not done and why (the data on screen is refreshed too). */
void
_gw_window_cases_report_failure (GwWindow         *self,
                GtkWindow        *parent,
                const char       *heading,
                const GError     *error)
{
  GtkWidget *dialog;

  g_free (self->last_failure);
  self->last_failure = g_strdup (error->message);
  if (self->disposed)
    return;
  dialog = adw_message_dialog_new (parent != NULL ? parent : GTK_WINDOW (self), heading,
                                   error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_user_button (GwWindow         *self)
{
  g_autofree char *tooltip = NULL;

  if (self->user_button_content == NULL)
    return;
  /* Who works decides whether Planning is offered. */
  _gw_window_planning_update (self);
  _gw_window_supervise_update (self);
  if (_gw_window_get_user (self) == NULL)
    {
      adw_button_content_set_label (self->user_button_content, _("Choose User"));
      gtk_widget_set_tooltip_text (self->user_button, _("Choose who is working"));
      return;
    }
  adw_button_content_set_label (self->user_button_content, _gw_window_get_user (self)->name);
  /* Translators: the current user and their role, e.g. "肖春伟 — Supervisor (switch user)" */
  tooltip = g_strdup_printf (_("%s — %s (switch user)"), _gw_window_get_user (self)->name,
                             gw_role_label (_gw_window_get_user (self)->role));
  gtk_widget_set_tooltip_text (self->user_button, tooltip);
}

/* }}} */
/* {{{ Refreshing after a change */

static void
reload_panel (GwWindow         *self)
{
  g_autoptr (GError) error = NULL;
  GwStore *store = _gw_window_get_store (self);

  if (store != NULL && !gw_departments_panel_load (self->departments_panel, store, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not load the departments: %s"),
                                                  error->message);

      g_warning ("%s", message);
      _gw_window_cases_toast (self, message, FALSE);
    }
}

/* The project changed (a write here, or another program's): the
 * departments' loads and the open case pages show the file again; the
 * window shows the selection again and the map follows from a thread. */
static void
on_project_changed (GwProject        *project,
                    guint             what,
                    GwWindow         *self)
{
  if (self->disposed)
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
refresh_after_change (GwWindow         *self)
{
  GwProject *project = self->project;

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
gw_window_reroute_cases (GwWindow          *self,
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

  g_return_val_if_fail (GW_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (drag != NULL, FALSE);

  store = _gw_window_get_store (self);
  if (store == NULL || _gw_window_get_user (self) == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                   _("Choose who you are before changing cases"));
      return FALSE;
    }
  trimmed = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  reroutes = gw_case_reroute_many (store, _gw_window_get_user (self), drag->case_ids, drag->versions,
                                   drag->n_cases, &target, trimmed[0] != '\0' ? trimmed : NULL,
                                   error);
  if (reroutes == NULL)
    {
      /* A conflict means the lists are stale: show what is true now. */
      refresh_after_change (self);
      return FALSE;
    }
  message = describe_reroutes (reroutes);
  /* A new change starts a new history: what was undone cannot be redone. */
  g_ptr_array_set_size (self->redo_stack, 0);
  g_ptr_array_add (self->undo_stack, g_steal_pointer (&reroutes));
  _gw_window_update_actions (self);
  _gw_window_cases_toast (self, message, TRUE);
  refresh_after_change (self);
  return TRUE;
}

/* After a change of this window moved @case_id to @version, the entries of
 * the undo and redo histories that will touch it next expect that version:
 * an undo entry expects the version it checks (GwReroute.version), a redo
 * entry the one after its undo (version + 1). Anyone else's change still
 * makes them conflict. */
static void
note_case_version (GwWindow *self,
                   gint64    case_id,
                   gint64    version)
{
  GPtrArray *stacks[] = { self->undo_stack, self->redo_stack };

  for (guint k = 0; k < G_N_ELEMENTS (stacks); k++)
    for (guint i = 0; i < stacks[k]->len; i++)
      {
        GPtrArray *entry = g_ptr_array_index (stacks[k], i);

        for (guint j = 0; j < entry->len; j++)
          {
            GwReroute *reroute = g_ptr_array_index (entry, j);

            if (reroute->case_id == case_id)
              reroute->version = k == 0 ? version : version - 1;
          }
      }
}

gboolean
gw_window_undo_reroute (GwWindow          *self,
                        GError           **error)
{
  GwStore *store;
  g_autoptr (GPtrArray) reroutes = NULL;

  g_return_val_if_fail (GW_IS_WINDOW (self), FALSE);

  store = _gw_window_get_store (self);
  if (store == NULL || _gw_window_get_user (self) == NULL || self->undo_stack->len == 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID, _("There is nothing to undo"));
      return FALSE;
    }
  reroutes = g_ptr_array_steal_index (self->undo_stack, self->undo_stack->len - 1);
  if (!gw_case_reroute_undo (store, _gw_window_get_user (self), reroutes, error))
    {
      /* Someone changed a case since: that change stands, and older undos
       * would be built on it, so the history ends here. */
      g_ptr_array_set_size (self->undo_stack, 0);
      g_ptr_array_set_size (self->redo_stack, 0);
      _gw_window_update_actions (self);
      refresh_after_change (self);
      return FALSE;
    }
  _gw_window_cases_toast (self, g_dngettext (GETTEXT_PACKAGE, "Reroute undone", "Reroutes undone",
                                             reroutes->len),
                          FALSE);
  for (guint i = 0; i < reroutes->len; i++)
    {
      const GwReroute *reroute = g_ptr_array_index (reroutes, i);

      note_case_version (self, reroute->case_id, reroute->version + 1);
    }
  g_ptr_array_add (self->redo_stack, g_steal_pointer (&reroutes));
  _gw_window_update_actions (self);
  refresh_after_change (self);
  return TRUE;
}

/**
 * gw_window_redo_reroute:
 * @self: a #GwWindow
 * @error: a #GError
 *
 * Reroutes again what the last Undo put back (Ctrl+Shift+Z), as a new
 * transaction: refused if someone changed one of the cases since the undo.
 *
 * Returns: %TRUE if the cases went where they had been rerouted
 */
gboolean
gw_window_redo_reroute (GwWindow  *self,
                        GError   **error)
{
  g_autoptr (GPtrArray) undone = NULL;
  g_autoptr (GPtrArray) reroutes = NULL;
  g_autofree gint64 *ids = NULL;
  g_autofree gint64 *versions = NULL;
  GwStore *store;
  const GwReroute *first;
  GwRerouteTarget target;
  g_autofree char *message = NULL;

  g_return_val_if_fail (GW_IS_WINDOW (self), FALSE);

  store = _gw_window_get_store (self);
  if (store == NULL || _gw_window_get_user (self) == NULL || self->redo_stack->len == 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID, _("There is nothing to redo"));
      return FALSE;
    }
  undone = g_ptr_array_steal_index (self->redo_stack, self->redo_stack->len - 1);
  first = g_ptr_array_index (undone, 0);
  if (first->to_department_id != 0)
    target = (GwRerouteTarget) { GW_REROUTE_TO_DEPARTMENT, first->to_department_id };
  else if (first->to_grid_id != first->from_grid_id)
    target = (GwRerouteTarget) { GW_REROUTE_TO_GRID, first->to_grid_id };
  else
    target = (GwRerouteTarget) { GW_REROUTE_TO_WORKER, first->to_worker_id };
  ids = g_new (gint64, undone->len);
  versions = g_new (gint64, undone->len);
  for (guint i = 0; i < undone->len; i++)
    {
      const GwReroute *reroute = g_ptr_array_index (undone, i);

      ids[i] = reroute->case_id;
      /* Undo moved each case on by one version; anything more is someone
       * else's change, and the redo is refused rather than undo it. */
      versions[i] = reroute->version + 1;
    }
  reroutes = gw_case_reroute_many (store, _gw_window_get_user (self), ids, versions, undone->len,
                                   &target, NULL, error);
  if (reroutes == NULL)
    {
      g_ptr_array_set_size (self->redo_stack, 0);
      _gw_window_update_actions (self);
      refresh_after_change (self);
      return FALSE;
    }
  message = describe_reroutes (reroutes);
  for (guint i = 0; i < reroutes->len; i++)
    {
      const GwReroute *reroute = g_ptr_array_index (reroutes, i);

      note_case_version (self, reroute->case_id, reroute->version);
    }
  g_ptr_array_add (self->undo_stack, g_steal_pointer (&reroutes));
  _gw_window_cases_toast (self, message, TRUE);
  _gw_window_update_actions (self);
  refresh_after_change (self);
  return TRUE;
}

static void
reroute_or_toast (GwWindow         *self,
                  const GwCaseDrag *drag,
                  GwRerouteKind     kind,
                  gint64            target_id,
                  const char       *reason)
{
  g_autoptr (GError) error = NULL;

  if (!gw_window_reroute_cases (self, drag, kind, target_id, reason, &error))
    _gw_window_cases_report_failure (self, NULL, g_dngettext (GETTEXT_PACKAGE, "The Case Was Not Rerouted",
                                             "The Cases Were Not Rerouted", drag->n_cases),
                    error);
}

/* Drops on the inspector's workers and on the departments panel. */
static void
on_cases_dropped (GtkWidget        *source,
                  const GwCaseDrag *drag,
                  int               kind,
                  gint64            target_id,
                  GwWindow         *self)
{
  reroute_or_toast (self, drag, (GwRerouteKind) kind, target_id, NULL);
}

/* While cases are dragged, the departments and grids show beside the map. */
static void
on_cases_drag (GtkWidget        *inspector,
               gboolean          begin,
               GwWindow         *self)
{
  if (self->disposed)
    return;
  if (begin && !gtk_revealer_get_reveal_child (self->departments_revealer))
    {
      self->panel_shown_for_drag = TRUE;
      gtk_revealer_set_reveal_child (self->departments_revealer, TRUE);
    }
  else if (!begin && self->panel_shown_for_drag)
    {
      self->panel_shown_for_drag = FALSE;
      gtk_revealer_set_reveal_child (self->departments_revealer, FALSE);
    }
}

static void
on_dialog_target_chosen (GwRerouteDialog  *dialog,
                         int               kind,
                         gint64            target_id,
                         const char       *reason,
                         GwWindow         *self)
{
  g_autoptr (GwCaseDrag) drag = gw_case_drag_new (gw_reroute_dialog_get_n_cases (dialog),
                                                  gw_reroute_dialog_get_case_ids (dialog),
                                                  gw_reroute_dialog_get_versions (dialog));
  g_autoptr (GError) error = NULL;

  if (gw_window_reroute_cases (self, drag, (GwRerouteKind) kind, target_id, reason, &error))
    gtk_window_close (GTK_WINDOW (dialog));
  else
    _gw_window_cases_report_failure (self, GTK_WINDOW (dialog),
                    g_dngettext (GETTEXT_PACKAGE, "The Case Was Not Rerouted",
                                 "The Cases Were Not Rerouted", drag->n_cases),
                    error);
}

void
_gw_window_cases_show_reroute_dialog (GwWindow         *self,
                     const GwCaseDrag *drag)
{
  g_autoptr (GError) error = NULL;
  GwStore *store = _gw_window_get_store (self);

  if (store == NULL || self->disposed)
    return;
  if (self->reroute_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->reroute_dialog));
  self->reroute_dialog = gw_reroute_dialog_new (GTK_WINDOW (self), store, drag->n_cases,
                                                drag->case_ids, drag->versions, &error);
  if (self->reroute_dialog == NULL)
    {
      _gw_window_cases_toast (self, error->message, FALSE);
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
grid_at_widget (GwWindow         *self,
                double            x,
                double            y)
{
  ShumateMap *map = self->map;
  GwMapSnapshot *snapshot = _gw_window_get_snapshot (self);
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
set_drop_grid (GwWindow         *self,
               gint64            grid_id)
{
  if (self->drop_grid == grid_id)
    return;
  self->drop_grid = grid_id;
  gw_map_overlay_set_hover (self->overlay, GW_FEATURE_GRID, grid_id);
}

/* The grid under the pointer lights up; outside every grid nothing would
 * happen, and the pointer says so. */
static GdkDragAction
on_map_drop_motion (GtkDropTarget    *target,
                    double            x,
                    double            y,
                    GwWindow         *self)
{
  if (self->disposed)
    return 0;
  set_drop_grid (self, grid_at_widget (self, x, y));
  return self->drop_grid != 0 ? GDK_ACTION_MOVE : 0;
}

static void
on_map_drop_leave (GtkDropTarget    *target,
                   GwWindow         *self)
{
  if (!self->disposed)
    set_drop_grid (self, 0);
}

static gboolean
on_map_drop (GtkDropTarget    *target,
             const GValue     *value,
             double            x,
             double            y,
             GwWindow         *self)
{
  const GwCaseDrag *drag;
  gint64 grid_id;

  if (self->disposed || !G_VALUE_HOLDS (value, GW_TYPE_CASE_DRAG))
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
                        GwWindow         *self)
{
  g_ptr_array_remove (self->case_windows, window);
}

static void
on_page_case_changed (GwCasePage       *page,
                      gint64            case_id,
                      GwWindow         *self)
{
  refresh_after_change (self);
}

static void
on_page_reroute_requested (GwCasePage       *page,
                           gint64            case_id,
                           GwWindow         *self)
{
  const GwCase *kase = gw_case_page_get_case (page);
  g_autoptr (GwCaseDrag) drag = gw_case_drag_new (1, &kase->id, &kase->version);

  _gw_window_cases_show_reroute_dialog (self, drag);
}

static void
on_page_show_on_map (GwCasePage       *page,
                     gint64            grid_id,
                     double            longitude,
                     double            latitude,
                     GwWindow         *self)
{
  ShumateMap *map;

  if (self->disposed)
    return;
  map = self->map;
  gw_window_select_feature (self, GW_FEATURE_GRID, grid_id);
  shumate_map_go_to_full (map, latitude, longitude,
                          MAX (17, shumate_viewport_get_zoom_level (shumate_map_get_viewport (map))));
  gtk_window_present (GTK_WINDOW (self));
}

GtkWidget *
gw_window_open_case (GwWindow         *self,
                              gint64            case_id)
{
  g_autoptr (GError) error = NULL;
  GwStore *store;
  GtkWidget *window, *box, *header, *page;
  g_autofree char *title = NULL;

  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  store = _gw_window_get_store (self);
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
  if (!gw_case_page_show (GW_CASE_PAGE (page), store, _gw_window_get_user (self), case_id, &error))
    {
      g_object_ref_sink (page);
      g_object_unref (page);
      _gw_window_cases_toast (self, error->message, FALSE);
      return NULL;
    }
  window = adw_window_new ();
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
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
                 GwWindow         *self)
{
  g_autoptr (GwCase) kase = NULL;
  g_autofree char *message = NULL;
  GwStore *store = _gw_window_get_store (self);

  if (store == NULL)
    return;
  kase = gw_case_load (store, case_id, NULL, FALSE, NULL, NULL);
  if (kase != NULL)
    {
      /* Translators: a new case's code and its grid */
      message = g_strdup_printf (_("%s reported in grid %s"), kase->code, kase->grid_code);
      _gw_window_cases_toast (self, message, FALSE);
    }
  refresh_after_change (self);
  gw_window_open_case (self, case_id);
}

void
_gw_window_cases_new_case_at (GwWindow         *self,
             double            longitude,
             double            latitude)
{
  g_autoptr (GError) error = NULL;
  GwStore *store = _gw_window_get_store (self);
  GwNewCaseDialog *dialog;

  if (store == NULL)
    return;
  if (_gw_window_get_user (self) == NULL)
    {
      _gw_window_cases_toast (self, _("Choose who you are before reporting cases"), FALSE);
      return;
    }
  dialog = gw_new_case_dialog_new (GTK_WINDOW (self), store, _gw_window_get_user (self), longitude,
                                   latitude, &error);
  if (dialog == NULL)
    {
      _gw_window_cases_toast (self, error->message, FALSE);
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
                          GwWindow         *self)
{
  ShumateMap *map;

  if (self->disposed || _gw_window_get_snapshot (self) == NULL)
    return;
  map = self->map;
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
                 GwWindow         *self)
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

      gw_case_page_show (page, _gw_window_get_store (self), user, kase->id, NULL);
    }
}

gboolean
gw_window_set_user (GwWindow          *self,
                             const char        *login,
                             GError           **error)
{
  GwProject *project;

  g_return_val_if_fail (GW_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);

  project = self->project;
  if (project == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND, _("No database is open"));
      return FALSE;
    }
  return gw_project_set_user (project, login, error);
}

GwUser *
gw_window_get_user (GwWindow         *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  return _gw_window_get_user (self);
}

static void
on_user_chosen (GwUserPicker     *picker,
                GwUser           *user,
                GwWindow         *self)
{
  g_autofree char *message = NULL;

  if (self->project != NULL)
    gw_project_take_user (self->project, user);
  /* Translators: after choosing a user, e.g. "Working as 肖春伟 (Supervisor)" */
  message = g_strdup_printf (_("Working as %s (%s)"), user->name, gw_role_label (user->role));
  _gw_window_cases_toast (self, message, FALSE);
}

void
_gw_window_cases_show_user_picker (GwWindow   *self,
                                   const char *login)
{
  g_autoptr (GError) error = NULL;
  GwStore *store = _gw_window_get_store (self);
  GwUserPicker *picker;

  if (store == NULL)
    return;
  picker = gw_user_picker_new (GTK_WINDOW (self), store, login, &error);
  if (picker == NULL)
    {
      _gw_window_cases_toast (self, error->message, FALSE);
      return;
    }
  gtk_window_set_destroy_with_parent (GTK_WINDOW (picker), TRUE);
  g_signal_connect_object (picker, "user-chosen", G_CALLBACK (on_user_chosen), self, 0);
  gtk_window_present (GTK_WINDOW (picker));
}

void
_gw_window_cases_file_loaded (GwWindow         *self)
{
  GwProject *project;
  const char *login;
  gboolean needs = FALSE;

  g_return_if_fail (GW_IS_WINDOW (self));

  project = self->project;
  g_return_if_fail (project != NULL);
  g_signal_connect_object (project, "changed", G_CALLBACK (on_project_changed), self, 0);
  g_signal_connect_object (project, "user-changed", G_CALLBACK (on_user_changed), self, 0);

  g_ptr_array_set_size (self->undo_stack, 0);
  g_ptr_array_set_size (self->redo_stack, 0);
  gw_departments_panel_clear (self->departments_panel);
  reload_panel (self);
  for (guint i = self->case_windows->len; i-- > 0; )
    gtk_window_destroy (g_ptr_array_index (self->case_windows, i));

  /* On a district server the role signed in is the user: nobody else may
   * be picked. */
  login = gw_store_get_server_login (_gw_window_get_store (self));
  if (login != NULL && gw_window_set_user (self, login, NULL))
    return;

  /* GRIDWORK_USER (scripts, tests), else whoever worked before in this
   * window; an account with a password always signs in with it. Else the
   * sign-in window, which offers whoever signed in last. */
  if (self->trusted_login != NULL)
    {
      g_autofree char *trusted = g_steal_pointer (&self->trusted_login);

      if (gw_window_set_user (self, trusted, NULL))
        return;
    }
  login = g_getenv ("GRIDWORK_USER");
  if (login == NULL || *login == '\0')
    login = self->login;
  if (login != NULL
      && gw_user_needs_password (_gw_window_get_store (self), login, &needs, NULL) && !needs
      && gw_window_set_user (self, login, NULL))
    return;
  update_user_button (self);
  _gw_window_cases_show_user_picker (self, needs ? login : NULL);
}

/* }}} */
static void
on_panel_grid_activated (GwDepartmentsPanel *panel,
                         gint64              grid_id,
                         GwWindow           *self)
{
  if (!self->disposed)
    gw_window_select_feature (self, GW_FEATURE_GRID, grid_id);
}

static void
on_case_activated (GtkWidget        *inspector,
                   gint64            case_id,
                   GwWindow         *self)
{
  gw_window_open_case (self, case_id);
}

const char *
gw_window_get_last_failure (GwWindow         *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  return self->last_failure;
}

const char *
gw_window_get_last_toast (GwWindow         *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  return self->last_toast;
}

GwDepartmentsPanel *
gw_window_get_departments_panel (GwWindow         *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  return self->departments_panel;
}

GtkDropTarget *
gw_window_get_map_drop_target (GwWindow         *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  return self->map_drop;
}

GwRerouteDialog *
gw_window_get_reroute_dialog (GwWindow         *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  return self->reroute_dialog;
}


gint64
gw_window_get_drop_grid (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), 0);

  return self->drop_grid;
}

/* The departments and grids card over the map: F9, the header's toggle, or
 * by itself while cases are dragged. */
void
_gw_window_cases_show_departments (GwWindow *self,
                                   gboolean  show)
{
  self->panel_shown_for_drag = FALSE;
  gtk_revealer_set_reveal_child (self->departments_revealer, show);
  if (show)
    gw_departments_panel_focus_search (self->departments_panel);
}

/* Connects the case work to the window's own widgets (all in its .ui). */
void
_gw_window_cases_init (GwWindow *self)
{
  GtkGesture *secondary;

  self->case_windows = g_ptr_array_new ();
  self->undo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->redo_stack = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  g_signal_connect_object (self->departments_panel, "cases-dropped",
                           G_CALLBACK (on_cases_dropped), self, 0);
  g_signal_connect_object (self->departments_panel, "grid-activated",
                           G_CALLBACK (on_panel_grid_activated), self, 0);

  /* Right-click on the map: the context menu, anchored where the pointer is. */
  secondary = gtk_gesture_click_new ();
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (secondary), "gw-case-menu-click");
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (secondary, "pressed", G_CALLBACK (on_map_secondary_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (secondary));

  /* Dropping cases on a grid of the map. */
  self->map_drop = gtk_drop_target_new (GW_TYPE_CASE_DRAG, GDK_ACTION_MOVE);
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (self->map_drop), "gw-case-drop");
  g_signal_connect_object (self->map_drop, "enter", G_CALLBACK (on_map_drop_motion), self, 0);
  g_signal_connect_object (self->map_drop, "motion", G_CALLBACK (on_map_drop_motion), self, 0);
  g_signal_connect_object (self->map_drop, "leave", G_CALLBACK (on_map_drop_leave), self, 0);
  g_signal_connect_object (self->map_drop, "drop", G_CALLBACK (on_map_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (self->map_drop));

  /* The inspector's case rows and workers. */
  g_signal_connect_object (self->inspector, "cases-dropped", G_CALLBACK (on_cases_dropped), self, 0);
  g_signal_connect_object (self->inspector, "cases-drag", G_CALLBACK (on_cases_drag), self, 0);
  g_signal_connect_object (self->inspector, "case-activated", G_CALLBACK (on_case_activated),
                           self, 0);
  update_user_button (self);
}

/* Before the window goes: case windows and dialogs with it. */
void
_gw_window_cases_dispose (GwWindow *self)
{
  if (self->case_windows != NULL)
    for (guint i = self->case_windows->len; i-- > 0; )
      gtk_window_destroy (g_ptr_array_index (self->case_windows, i));
  if (self->reroute_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->reroute_dialog));
  g_clear_weak_pointer (&self->toast);
  self->map_drop = NULL;
}

void
_gw_window_cases_finalize (GwWindow *self)
{
  g_free (self->login);
  g_free (self->trusted_login);
  g_clear_pointer (&self->undo_stack, g_ptr_array_unref);
  g_clear_pointer (&self->redo_stack, g_ptr_array_unref);
  g_free (self->last_toast);
  g_free (self->last_failure);
  g_clear_pointer (&self->case_windows, g_ptr_array_unref);
  if (self->reroute_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->reroute_dialog),
                                  (gpointer *) &self->reroute_dialog);
}
