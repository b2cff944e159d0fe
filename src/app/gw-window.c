/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-window"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "gw-map-legend.h"
#include "gw-map-overlay.h"
#include "gw-project.h"
#include "gw-tile-source.h"
#include "gw-tooltips.h"
#include "gw-util.h"
#include "gw-base-map-source.h"
#include "gw-window-private.h"

/* The main window: one open project (GwProject: the store, the user and the
 * map snapshot), its map, and the inspector. Tiles and the overlay read the
 * project's snapshot, the inspector asks the core; when the project says its
 * snapshot changed, the map layer is replaced. */

#define MAX_RECENT_FILES 8
/* Buildings are picked before grids from this zoom on (they are drawn from ~15). */
#define BUILDING_PICK_MIN_ZOOM 16.0
#define FIT_MARGIN_PX 24.0
/* How often the window looks for changes another program made to its file. */
#define EXTERNAL_CHANGE_POLL_SECONDS 3


G_DEFINE_FINAL_TYPE (GwWindow, gw_window, ADW_TYPE_APPLICATION_WINDOW)

static const struct
{
  const char *key;
  GwLayers    layer;
} layer_keys[] = {
  { "show-base-map",    GW_LAYER_BASE },
  { "show-communities", GW_LAYER_COMMUNITIES },
  { "show-grids",       GW_LAYER_GRIDS },
  { "show-buildings",   GW_LAYER_BUILDINGS },
  { "show-cases",       GW_LAYER_CASES },
  { "show-labels",      GW_LAYER_LABELS },
};

/* {{{ Helpers */

void
_gw_window_show_toast (GwWindow   *self,
                       const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static ShumateViewport *
get_viewport (GwWindow *self)
{
  return shumate_map_get_viewport (self->map);
}

static GwLayers
layers_from_settings (GwWindow *self)
{
  GwLayers layers = 0;

  for (guint i = 0; i < G_N_ELEMENTS (layer_keys); i++)
    if (g_settings_get_boolean (self->settings, layer_keys[i].key))
      layers |= layer_keys[i].layer;
  return layers;
}

/* }}} */
/* {{{ Map */

/* A plan or an analysis over the map brings colours of its own: the map
 * under it goes without the communities' tints. */
static GwLayers
overlaid_layers (GwWindow *self)
{
  return self->planning || self->supervising ? GW_LAYER_PLAIN : 0;
}

/* The layer a new one replaces stays over it until the new one has drawn
 * what the view shows, so that an edit, a drop or a new layer choice never
 * blanks the map for the time the tiles take. */
#define LEAVING_LAYER_MAX_MS 3000

static void
remove_leaving_layer (GwWindow *self)
{
  g_clear_handle_id (&self->leaving_timeout, g_source_remove);
  if (self->leaving_layer != NULL)
    {
      shumate_map_remove_layer (self->map, SHUMATE_LAYER (self->leaving_layer));
      self->leaving_layer = NULL;
    }
}

static gboolean
on_leaving_timeout (gpointer user_data)
{
  GwWindow *self = user_data;

  self->leaving_timeout = 0;
  remove_leaving_layer (self);
  return G_SOURCE_REMOVE;
}

static void
on_tiles_loading (GwWindow *self)
{
  gboolean loading = gw_tile_source_is_loading (self->tile_source);

  /* Labels follow the tiles: while these are drawn, the last labels move
   * and scale with the tiles still shown. */
  gw_map_overlay_set_tiles_loading (self->overlay, loading);
  if (!loading && gw_tile_source_get_n_filled (self->tile_source) > 0)
    remove_leaving_layer (self);
}

/* libshumate 1.0 cannot refresh a layer: a new source and layer replace the old. */
void
_gw_window_rebuild_map_layer (GwWindow *self)
{
  ShumateViewport *viewport = get_viewport (self);
  g_autoptr(GwTileSource) source = NULL;
  ShumateMapLayer *layer;

  /* One layer leaving at a time: a second change drops the first's. */
  remove_leaving_layer (self);
  if (self->tile_source != NULL)
    g_signal_handlers_disconnect_by_func (self->tile_source, on_tiles_loading, self);
  if (self->map_layer != NULL && _gw_window_get_snapshot (self) != NULL)
    {
      self->leaving_layer = self->map_layer;
      self->leaving_timeout = g_timeout_add (LEAVING_LAYER_MAX_MS, on_leaving_timeout, self);
    }
  else if (self->map_layer != NULL)
    shumate_map_remove_layer (self->map, SHUMATE_LAYER (self->map_layer));
  self->map_layer = NULL;
  g_clear_object (&self->tile_source);

  if (_gw_window_get_snapshot (self) == NULL)
    return;

  source = gw_tile_source_new (_gw_window_get_snapshot (self),
                               (self->layers & ~GW_LAYER_LABELS) | overlaid_layers (self),
                               gtk_widget_get_scale_factor (GTK_WIDGET (self->map)));
  /* Without a reference source the viewport cannot convert coordinates. */
  shumate_viewport_set_reference_map_source (viewport, SHUMATE_MAP_SOURCE (source));
  shumate_viewport_set_min_zoom_level (viewport, GW_TILE_SOURCE_MIN_ZOOM);
  shumate_viewport_set_max_zoom_level (viewport, GW_TILE_SOURCE_MAX_ZOOM);

  layer = shumate_map_layer_new (SHUMATE_MAP_SOURCE (source), viewport);
  shumate_map_insert_layer_behind (self->map, SHUMATE_LAYER (layer),
                                   self->leaving_layer != NULL
                                   ? SHUMATE_LAYER (self->leaving_layer)
                                   : SHUMATE_LAYER (self->overlay));
  self->map_layer = layer;
  self->tile_source = g_steal_pointer (&source);
  g_signal_connect_object (self->tile_source, "notify::loading", G_CALLBACK (on_tiles_loading),
                           self, G_CONNECT_SWAPPED);
}

/* The street office's own base map (an MBTiles file, in GSettings), under
 * the features: a failure to read it is said once and the map goes on. */
void
_gw_window_update_base_map (GwWindow *self)
{
  g_autofree char *path = g_settings_get_string (self->settings, "base-map-file");
  g_autoptr (GwBaseMapSource) source = NULL;
  g_autoptr (GError) error = NULL;
  ShumateMapLayer *layer;

  if (self->base_layer != NULL)
    {
      shumate_map_remove_layer (self->map, SHUMATE_LAYER (self->base_layer));
      self->base_layer = NULL;
    }
  g_clear_object (&self->base_source);
  if (*path == '\0')
    {
      /* No file: an online tile service, only when the office set one. */
      g_autofree char *url = g_settings_get_string (self->settings, "base-map-url");

      if (!gw_base_map_url_is_valid (url))
        return;
      self->base_source = SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_from_url (url));
    }
  else
    {
      source = gw_base_map_source_new (path, &error);
      if (source == NULL)
        {
          _gw_window_show_toast (self, error->message);
          return;
        }
      g_set_object (&self->base_source, SHUMATE_MAP_SOURCE (source));
    }
  layer = shumate_map_layer_new (self->base_source, get_viewport (self));
  shumate_map_insert_layer_behind (self->map, SHUMATE_LAYER (layer),
                                   self->map_layer != NULL ? SHUMATE_LAYER (self->map_layer)
                                                           : SHUMATE_LAYER (self->overlay));
  self->base_layer = layer;
}

static void
on_base_map_chosen (GtkNativeDialog *chooser,
                    int              response,
                    GwWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        {
          /* Gridwork's own land fill would hide the chosen map. */
          g_settings_set_boolean (self->settings, "show-base-map", FALSE);
          g_settings_set_string (self->settings, "base-map-file", path);
        }
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
_gw_window_choose_base_map (GwWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose a Base Map File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("MBTiles raster base maps"));
  gtk_file_filter_add_suffix (filter, "mbtiles");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_base_map_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
fit_extent_now (GwWindow *self)
{
  ShumateViewport *viewport = get_viewport (self);
  double width = gtk_widget_get_width (GTK_WIDGET (self->map));
  double height = gtk_widget_get_height (GTK_WIDGET (self->map));
  GwBBox extent;
  double resolution, zoom, lon, lat;

  if (_gw_window_get_snapshot (self) == NULL)
    return TRUE;
  if (width <= 2 * FIT_MARGIN_PX || height <= 2 * FIT_MARGIN_PX)
    return FALSE;

  extent = gw_map_snapshot_get_extent (_gw_window_get_snapshot (self));
  if (gw_bbox_is_empty (&extent))
    return TRUE;

  resolution = MAX ((extent.max_x - extent.min_x) / (width - 2 * FIT_MARGIN_PX),
                    (extent.max_y - extent.min_y) / (height - 2 * FIT_MARGIN_PX));
  /* gw_zoom_resolution (z) = 2·half-world / (256·2^z); solved for z. An
   * integer level keeps the first view's tiles crisp. */
  zoom = resolution > 0 ? log2 (2 * GW_MERCATOR_HALF_WORLD / (256.0 * resolution))
                        : GW_TILE_SOURCE_MAX_ZOOM;
  zoom = CLAMP (floor (zoom), GW_TILE_SOURCE_MIN_ZOOM, GW_TILE_SOURCE_MAX_ZOOM);

  gw_mercator_to_lonlat ((extent.min_x + extent.max_x) / 2, (extent.min_y + extent.max_y) / 2,
                         &lon, &lat);
  shumate_viewport_set_zoom_level (viewport, zoom);
  shumate_map_center_on (self->map, lat, lon);
  return TRUE;
}

static gboolean
fit_extent_tick (GtkWidget     *widget,
                 GdkFrameClock *frame_clock,
                 gpointer       user_data)
{
  GwWindow *self = user_data;

  if (!fit_extent_now (self))
    return G_SOURCE_CONTINUE;
  self->fit_tick_id = 0;
  return G_SOURCE_REMOVE;
}

/**
 * gw_window_zoom_to_street:
 * @self: a #GwWindow
 *
 * Shows the whole street (or district), now or as soon as the map has a size.
 */
void
gw_window_zoom_to_street (GwWindow *self)
{
  g_return_if_fail (GW_IS_WINDOW (self));

  if (fit_extent_now (self) || self->fit_tick_id != 0)
    return;
  self->fit_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->map), fit_extent_tick,
                                                    self, NULL);
}

static gint64
pick_at (GwWindow      *self,
         double         longitude,
         double         latitude,
         GwFeatureKind *kind)
{
  const GwFeature *feature = NULL;
  double x, y;

  if (_gw_window_get_snapshot (self) == NULL)
    return 0;

  gw_lonlat_to_mercator (longitude, latitude, &x, &y);
  if ((self->layers & GW_LAYER_BUILDINGS)
      && shumate_viewport_get_zoom_level (get_viewport (self)) >= BUILDING_PICK_MIN_ZOOM)
    {
      feature = gw_map_snapshot_pick (_gw_window_get_snapshot (self), GW_FEATURE_BUILDING, x, y);
      *kind = GW_FEATURE_BUILDING;
    }
  if (feature == NULL)
    {
      feature = gw_map_snapshot_pick (_gw_window_get_snapshot (self), GW_FEATURE_GRID, x, y);
      *kind = GW_FEATURE_GRID;
    }
  return feature != NULL ? feature->id : 0;
}

static void
on_map_click_pressed (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      GwWindow        *self)
{
  self->press_x = x;
  self->press_y = y;
}

static void
on_map_click_released (GtkGestureClick *gesture,
                       int              n_press,
                       double           x,
                       double           y,
                       GwWindow        *self)
{
  double latitude, longitude;
  int threshold = 8;

  if (n_press != 1 || _gw_window_get_snapshot (self) == NULL)
    return;
  /* A drag pans the map; only a click (the pointer still where it was
   * pressed) selects what is under it. */
  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self->map)), "gtk-dnd-drag-threshold",
                &threshold, NULL);
  if (hypot (x - self->press_x, y - self->press_y) > threshold)
    return;

  if (_gw_window_planning_click (self, x, y,
                                 gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture))))
    return;
  if (_gw_window_supervise_click (self, x, y))
    return;
  shumate_viewport_widget_coords_to_location (get_viewport (self), GTK_WIDGET (self->map),
                                              x, y, &latitude, &longitude);
  gw_window_select_at (self, longitude, latitude);
}

static void
on_map_motion (GtkEventControllerMotion *controller,
               double                    x,
               double                    y,
               GwWindow                 *self)
{
  GwFeatureKind kind = GW_FEATURE_GRID;
  double latitude, longitude;
  gint64 id;

  if (_gw_window_get_snapshot (self) == NULL)
    return;

  shumate_viewport_widget_coords_to_location (get_viewport (self), GTK_WIDGET (self->map),
                                              x, y, &latitude, &longitude);
  id = pick_at (self, longitude, latitude, &kind);
  gw_map_overlay_set_hover (self->overlay, kind, id);
}

static void
on_map_leave (GtkEventControllerMotion *controller,
              GwWindow                 *self)
{
  gw_map_overlay_set_hover (self->overlay, GW_FEATURE_GRID, 0);
}

static void
on_inspector_grid_activated (GwInspectorPanel *inspector,
                             gint64            grid_id,
                             GwWindow         *self)
{
  gw_window_select_feature (self, GW_FEATURE_GRID, grid_id);
}

static void
on_scale_factor_changed (GwWindow *self)
{
  if (self->tile_source != NULL
      && gw_tile_source_get_scale_factor (self->tile_source)
         != gtk_widget_get_scale_factor (GTK_WIDGET (self->map)))
    _gw_window_rebuild_map_layer (self);
}

/* }}} */
/* {{{ Selection */

/**
 * gw_window_select_feature:
 * @self: a #GwWindow
 * @kind: %GW_FEATURE_GRID or %GW_FEATURE_BUILDING
 * @id: the feature's id
 *
 * Highlights the feature and shows it in the inspector. On failure the
 * selection is cleared and a toast says why.
 *
 * Returns: whether the feature is now selected
 */
gboolean
gw_window_select_feature (GwWindow      *self,
                          GwFeatureKind  kind,
                          gint64         id)
{
  g_autoptr(GError) error = NULL;
  gboolean shown;

  g_return_val_if_fail (GW_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (kind == GW_FEATURE_GRID || kind == GW_FEATURE_BUILDING, FALSE);

  if (_gw_window_get_store (self) == NULL || id == 0)
    {
      gw_window_clear_selection (self);
      return FALSE;
    }

  if (kind == GW_FEATURE_GRID)
    shown = gw_inspector_panel_show_grid (self->inspector, _gw_window_get_store (self), id, &error);
  else
    shown = gw_inspector_panel_show_building (self->inspector, _gw_window_get_store (self), id, &error);

  if (!shown)
    {
      g_autofree char *message = g_strdup_printf (_("Could not show the selection: %s"),
                                                  error->message);

      g_warning ("%s", message);
      gw_window_clear_selection (self);
      _gw_window_show_toast (self, message);
      return FALSE;
    }

  self->selection_kind = kind;
  self->selection_id = id;
  gw_map_overlay_set_selection (self->overlay, kind, id);
  return TRUE;
}

/**
 * gw_window_select_at:
 * @self: a #GwWindow
 * @longitude: where the user clicked
 * @latitude: where the user clicked
 *
 * What a click on the map does: selects the building under the point when
 * buildings are visible at this zoom, else the grid, else clears the selection.
 *
 * Returns: whether something is selected now
 */
gboolean
gw_window_select_at (GwWindow *self,
                     double    longitude,
                     double    latitude)
{
  GwFeatureKind kind = GW_FEATURE_GRID;
  gint64 id;

  g_return_val_if_fail (GW_IS_WINDOW (self), FALSE);

  id = pick_at (self, longitude, latitude, &kind);
  if (id == 0)
    {
      gw_window_clear_selection (self);
      return FALSE;
    }
  return gw_window_select_feature (self, kind, id);
}

void
gw_window_clear_selection (GwWindow *self)
{
  g_return_if_fail (GW_IS_WINDOW (self));

  self->selection_id = 0;
  gw_map_overlay_set_selection (self->overlay, GW_FEATURE_GRID, 0);
  gw_inspector_panel_clear (self->inspector);
}

gint64
gw_window_get_selection (GwWindow      *self,
                         GwFeatureKind *kind)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), 0);

  if (kind != NULL)
    *kind = self->selection_kind;
  return self->selection_id;
}

/* }}} */
/* {{{ Files */

static void
remember_file (GwWindow   *self,
               const char *path)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-files");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  g_strv_builder_add (builder, path);
  for (guint i = 0; recent[i] != NULL && n < MAX_RECENT_FILES; i++)
    if (!g_str_equal (recent[i], path))
      {
        g_strv_builder_add (builder, recent[i]);
        n++;
      }
  updated = g_strv_builder_end (builder);

  g_settings_set_string (self->settings, "last-file", path);
  g_settings_set_strv (self->settings, "recent-files", (const char * const *) updated);
}

static void
rebuild_recent_menu (GwWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-files");
  g_autoptr(GMenu) section = g_menu_new ();

  g_menu_remove_all (self->recent_menu);

  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (recent[i]);
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *dir = parent ? g_file_get_path (parent) : g_strdup ("/");
      const char *home = g_get_home_dir ();
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      if (home != NULL && g_str_has_prefix (dir, home) && strlen (home) > 1)
        {
          char *short_dir = g_strconcat ("~", dir + strlen (home), NULL);

          g_free (dir);
          dir = short_dir;
        }
      /* Translators: a recent file: its name and folder, e.g. "demo.sqlite — ~/Documents" */
      label = g_strdup_printf (_("%s — %s"), name, dir);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", recent[i]);
      g_menu_append_item (section, item);
    }

  if (recent[0] == NULL)
    g_menu_append (section, _("No recent databases"), "win.no-recent");

  g_menu_append_section (self->recent_menu, _("Recent Databases"), G_MENU_MODEL (section));
}

static void
update_title (GwWindow *self)
{
  g_autofree char *basename = NULL;
  g_autofree char *street = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;

  if (self->file == NULL)
    {
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Gridwork"));
      return;
    }

  basename = self->server != NULL ? g_strdup (self->server) : g_file_get_basename (self->file);

  /* A street's own file is named by its street; a district's by the
   * district and how many streets it holds. */
  {
    GwMapSnapshot *snapshot = _gw_window_get_snapshot (self);
    const GwMapStreet *first = NULL;
    guint n_streets = 0;

    for (guint i = 0; snapshot != NULL && i < gw_map_snapshot_get_n_streets (snapshot); i++)
      {
        const GwMapStreet *candidate = gw_map_snapshot_get_street (snapshot, i);

        if (candidate->n_communities == 0)
          continue;
        if (first == NULL)
          first = candidate;
        n_streets++;
      }
    if (n_streets == 1 && *first->name != '\0')
      street = g_strdup (first->name);
    else if (n_streets > 1 && *first->district_name != '\0')
      /* Translators: a district's file in the window's title: 市北区 · 12 streets */
      street = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u street", "%s · %u streets",
                                             n_streets),
                                first->district_name, n_streets);
  }

  if (street != NULL)
    {
      subtitle = g_strdup_printf ("%s · %s", street, basename);
      /* Translators: window title: the street's name, then the application's */
      title = g_strdup_printf (_("%s — Gridwork"), street);
    }
  else
    {
      subtitle = g_strdup (basename);
      title = g_strdup_printf (_("%s — Gridwork"), basename);
    }

  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

/* A new snapshot of the open file (after an edit here or elsewhere): the
 * overlay and the tiles show it; libshumate 1.0 cannot refresh a layer, so
 * the map layer is replaced. The view and the selection stay. */
static void
on_snapshot_changed (GwProject *project,
                     GwWindow  *self)
{
  gw_map_overlay_set_snapshot (self->overlay, _gw_window_get_snapshot (self));
  if (self->selection_id != 0)
    gw_map_overlay_set_selection (self->overlay, self->selection_kind, self->selection_id);
  _gw_window_rebuild_map_layer (self);
}

static void
on_reload_failed (GwProject    *project,
                  const GError *error,
                  GwWindow     *self)
{
  g_autofree char *message = g_strdup_printf (_("Could not refresh the map: %s"), error->message);

  g_warning ("%s", message);
  _gw_window_show_toast (self, message);
}

/* The window shows what was changed in the file (by this window after a
 * committed write, or by another program): the selected grid or building
 * again. The case controller refreshes its own panels. */
static void
on_project_changed (GwProject *project,
                    guint      what,
                    GwWindow  *self)
{
  gw_window_refresh_selection (self);
}

static void
on_active_changed (GwWindow *self)
{
  if (self->project != NULL && gtk_window_is_active (GTK_WINDOW (self)))
    gw_project_check_external_changes (self->project);
}

static void
set_project (GwWindow  *self,
             GwProject *project)
{
  if (self->project != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->project, self);
      gw_project_watch_external_changes (self->project, 0);
    }
  g_set_object (&self->project, project);
  g_signal_connect (project, "snapshot-changed", G_CALLBACK (on_snapshot_changed), self);
  g_signal_connect (project, "reload-failed", G_CALLBACK (on_reload_failed), self);
  g_signal_connect (project, "changed", G_CALLBACK (on_project_changed), self);
  /* Another program (the CLI, a second window, QGIS) may change the file at
   * any time: looked for every few seconds and when the window gets focus. */
  gw_project_watch_external_changes (project, EXTERNAL_CHANGE_POLL_SECONDS);
}

/**
 * gw_window_load_file:
 * @self: a #GwWindow
 * @file: a Gridwork street database
 * @error: return location for a #GError
 *
 * Opens @file and shows its map. On failure the window keeps what it showed.
 *
 * Returns: %TRUE on success
 */
gboolean
gw_window_load_file (GwWindow  *self,
                     GFile     *file,
                     GError   **error)
{
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;

  g_return_val_if_fail (GW_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* `gridwork postgresql://role@host/district` opens the district server. */
  uri = g_file_get_uri (file);
  if (gw_store_location_is_server (uri))
    return gw_window_load_location (self, uri, NULL, error);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is not a local file"), uri);
      return FALSE;
    }
  return gw_window_load_location (self, path, NULL, error);
}

/**
 * gw_window_load_location:
 * @self: a #GwWindow
 * @location: a Gridwork street database, or a district server
 * @password: (nullable): the server role's password
 * @error: return location for a #GError
 *
 * Opens @location and shows its map. On failure the window keeps what it
 * showed.
 *
 * Returns: %TRUE on success
 */
gboolean
gw_window_load_location (GwWindow    *self,
                         const char  *location,
                         const char  *password,
                         GError     **error)
{
  g_autoptr(GwProject) project = NULL;
  g_autoptr(GFile) file = NULL;
  const char *server;

  g_return_val_if_fail (GW_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (location != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  project = gw_project_open_with_password (location, password, error);
  if (project == NULL || !gw_project_load_snapshot (project, NULL, error))
    return FALSE;
  server = gw_store_get_server (gw_project_get_store (project));

  gw_window_clear_selection (self);
  set_project (self, project);
  /* On a server, the file is the working copy (other windows and threads
   * read it); the title names the server. */
  file = g_file_new_for_path (gw_project_get_path (project));
  g_set_object (&self->file, file);
  g_free (self->server);
  self->server = g_strdup (server);

  gw_map_overlay_set_snapshot (self->overlay, _gw_window_get_snapshot (self));
  _gw_window_rebuild_map_layer (self);
  gtk_stack_set_visible_child_name (self->main_stack, "map");
  gw_window_zoom_to_street (self);

  if (server == NULL)
    remember_file (self, location);
  update_title (self);
  _gw_window_cases_file_loaded (self);
  _gw_window_planning_file_loaded (self);
  _gw_window_supervise_file_loaded (self);
  _gw_window_update_actions (self);
  return TRUE;
}

/**
 * gw_window_open:
 * @self: a #GwWindow
 * @file: the file to open
 *
 * Opens @file; if that fails, a dialog tells the user why.
 */
void
gw_window_open (GwWindow *self,
                GFile    *file)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GW_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (!gw_window_load_file (self, file, &error))
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *heading = NULL;

      heading = gw_store_location_is_server (uri) ? g_strdup (_("Could Not Open the District Server"))
                                                  : g_strdup_printf (_("Could Not Open “%s”"), name);
      _gw_window_show_error (self, heading, error->message);
    }
}

/* A message the user must read and close: why something could not be done. */
void
_gw_window_show_error (GwWindow   *self,
                       const char *heading,
                       const char *message)
{
  GtkWidget *dialog;

  g_debug ("%s: %s", heading, message);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     GwWindow        *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);

  if (file != NULL)
    gw_window_open (self, file);
}

/**
 * gw_window_show_open_dialog:
 * @self: a #GwWindow
 *
 * Asks for a street database with the desktop's file chooser.
 */
void
gw_window_show_open_dialog (GwWindow *self)
{
  g_autoptr(GtkFileFilter) databases = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  g_return_if_fail (GW_IS_WINDOW (self));

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Open a Street Database"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  gtk_file_filter_set_name (databases, _("Street databases"));
  for (guint i = 0; gw_store_mime_types[i] != NULL; i++)
    gtk_file_filter_add_mime_type (databases, gw_store_mime_types[i]);
  gtk_file_filter_add_suffix (databases, "sqlite");
  gtk_file_filter_add_suffix (databases, GW_STORE_SUFFIX_SQLITE3);
  gtk_file_filter_add_suffix (databases, "db");
  gtk_file_filter_add_suffix (databases, "gridwork");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), databases);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);

  if (self->file != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (self->file);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }

  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GwWindow      *self)
{
  GFile *file = g_value_get_object (value);

  if (file == NULL)
    return FALSE;
  gw_window_open (self, file);
  return TRUE;
}

/* }}} */
/* {{{ Settings */

static void
on_settings_changed (GSettings  *settings,
                     const char *key,
                     GwWindow   *self)
{
  if (g_str_has_prefix (key, "show-"))
    {
      GwLayers layers = layers_from_settings (self);
      gboolean tiles_changed = (layers & ~GW_LAYER_LABELS) != (self->layers & ~GW_LAYER_LABELS);

      self->layers = layers;
      gw_map_overlay_set_layers (self->overlay, layers);
      if (tiles_changed)
        _gw_window_rebuild_map_layer (self);
    }
  else if (g_str_equal (key, "base-map-file") || g_str_equal (key, "base-map-url"))
    {
      _gw_window_update_base_map (self);
      _gw_window_update_actions (self);
    }
  else if (g_str_equal (key, "recent-files"))
    {
      rebuild_recent_menu (self);
    }
  else if (g_str_has_prefix (key, "household-band-"))
    {
      gw_inspector_panel_set_band (self->inspector,
                                   g_settings_get_int (settings, "household-band-min"),
                                   g_settings_get_int (settings, "household-band-max"));
    }
}

static gboolean
gw_window_close_request (GtkWindow *window)
{
  GwWindow *self = GW_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);

  if (GTK_WINDOW_CLASS (gw_window_parent_class)->close_request != NULL)
    return GTK_WINDOW_CLASS (gw_window_parent_class)->close_request (window);
  return FALSE;
}

/* }}} */

static void
gw_window_dispose (GObject *object)
{
  GwWindow *self = GW_WINDOW (object);

  g_clear_weak_pointer (&self->checklist);
  if (self->fit_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self->map), self->fit_tick_id);
      self->fit_tick_id = 0;
    }
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  self->disposed = TRUE;
  _gw_window_cases_dispose (self);

  g_clear_handle_id (&self->leaving_timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_WINDOW);
  self->leaving_layer = NULL;
  self->map_layer = NULL;
  self->base_layer = NULL;
  self->overlay = NULL;

  g_clear_object (&self->tile_source);
  g_clear_object (&self->base_source);
  if (self->project != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->project, self);
      gw_project_watch_external_changes (self->project, 0);
    }
  g_clear_object (&self->project);
  g_clear_object (&self->file);
  g_clear_pointer (&self->server, g_free);
  g_clear_object (&self->recent_menu);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gw_window_parent_class)->dispose (object);
}

static void
gw_window_finalize (GObject *object)
{
  _gw_window_cases_finalize (GW_WINDOW (object));

  G_OBJECT_CLASS (gw_window_parent_class)->finalize (object);
}

static void
gw_window_class_init (GwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  /* Wherever a window is made (the application, a test), tooltips wrap
   * Chinese at a readable width. */
  gw_tooltips_init ();
  object_class->dispose = gw_window_dispose;
  object_class->finalize = gw_window_finalize;
  window_class->close_request = gw_window_close_request;

  g_type_ensure (SHUMATE_TYPE_MAP);
  g_type_ensure (SHUMATE_TYPE_SCALE);
  g_type_ensure (GW_TYPE_INSPECTOR_PANEL);
  g_type_ensure (GW_TYPE_DEPARTMENTS_PANEL);
  g_type_ensure (GW_TYPE_PLAN_PANEL);
  g_type_ensure (GW_TYPE_SUPERVISE_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GwWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, map);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, layers_button);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, scale);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, inspector);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, side_stack);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, plan_panel);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, planning_button);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, supervise_panel);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, supervising_button);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, departments_panel);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, departments_revealer);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, map_menu_button);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, user_button);
  gtk_widget_class_bind_template_child (widget_class, GwWindow, user_button_content);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "win.clear-selection", NULL);
  /* Ctrl+R reroutes the selected cases, F9 shows the departments and grids. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.reroute-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0,
                                       "win.show-departments", NULL);
}

/* The legend as the map is now: its layers, its file, its zoom. */
static void
on_layers_menu_shown (GwWindow *self)
{
  gw_map_legend_update (GW_MAP_LEGEND (self->legend), _gw_window_get_snapshot (self),
                        self->layers | overlaid_layers (self),
                        shumate_viewport_get_zoom_level (get_viewport (self)));
}

static void
gw_window_init (GwWindow *self)
{
  ShumateViewport *viewport;
  GtkGesture *click;
  GtkEventController *motion;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->layers = layers_from_settings (self);

  _gw_window_actions_init (self);
  g_signal_connect (self->settings, "changed", G_CALLBACK (on_settings_changed), self);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->recent_menu = g_menu_new ();
  rebuild_recent_menu (self);
  adw_split_button_set_menu_model (self->open_button, G_MENU_MODEL (self->recent_menu));

  gw_inspector_panel_set_band (self->inspector,
                               g_settings_get_int (self->settings, "household-band-min"),
                               g_settings_get_int (self->settings, "household-band-max"));

  /* A bare map: no registry, no downloader — nothing goes to the network. */
  viewport = shumate_map_get_viewport (self->map);
  shumate_viewport_set_min_zoom_level (viewport, GW_TILE_SOURCE_MIN_ZOOM);
  shumate_viewport_set_max_zoom_level (viewport, GW_TILE_SOURCE_MAX_ZOOM);
  shumate_map_set_animate_zoom (self->map, TRUE);
  shumate_scale_set_viewport (self->scale, viewport);
  shumate_scale_set_unit (self->scale, SHUMATE_UNIT_METRIC);

  self->overlay = gw_map_overlay_new (viewport);
  gw_map_overlay_set_layers (self->overlay, self->layers);
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->overlay));
  _gw_window_update_base_map (self);

  /* The legend, in the layers menu, says what the map shows when opened. */
  self->legend = gw_map_legend_new ();
  gtk_popover_menu_add_child (GTK_POPOVER_MENU (gtk_menu_button_get_popover (self->layers_button)),
                              self->legend, "legend");
  g_signal_connect_object (gtk_menu_button_get_popover (self->layers_button), "show",
                           G_CALLBACK (on_layers_menu_shown), self, G_CONNECT_SWAPPED);

  /* Layers never get clicks: the map's own gesture picks features. */
  click = gtk_gesture_click_new ();
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (click), "gw-select-click");
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_map_click_pressed), self);
  g_signal_connect (click, "released", G_CALLBACK (on_map_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), GTK_EVENT_CONTROLLER (click));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_map_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_map_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self->map), motion);

  g_signal_connect (self->inspector, "grid-activated",
                    G_CALLBACK (on_inspector_grid_activated), self);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_active_changed), NULL);
  g_signal_connect_object (self->map, "notify::scale-factor",
                           G_CALLBACK (on_scale_factor_changed), self, G_CONNECT_SWAPPED);

  drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  _gw_window_cases_init (self);
  _gw_window_planning_init (self);
  _gw_window_supervise_init (self);

  /* Said once per run (main.c chose the memory backend). */
  {
    static gboolean told;

    if (!told && g_getenv ("GRIDWORK_SETTINGS_IN_MEMORY") != NULL)
      {
        told = TRUE;
        _gw_window_show_toast (self, _("No session bus: layer choices and recent files are kept "
                                       "only until Gridwork closes"));
      }
  }

  update_title (self);
  _gw_window_update_actions (self);
}

/**
 * gw_window_new:
 * @application: (nullable): the application, or %NULL in tests
 *
 * Returns: (transfer none): a new window showing the welcome page
 */
GwWindow *
gw_window_new (GtkApplication *application)
{
  return g_object_new (GW_TYPE_WINDOW, "application", application, NULL);
}

GFile *
gw_window_get_file (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  return self->file;
}

GwStore *
gw_window_get_store (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  return _gw_window_get_store (self);
}

GwMapSnapshot *
gw_window_get_snapshot (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  return _gw_window_get_snapshot (self);
}

ShumateMap *
gw_window_get_map (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  return self->map;
}

GwInspectorPanel *
gw_window_get_inspector (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  return self->inspector;
}

GtkWidget *
gw_window_get_legend (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  return self->legend;
}

GwLayers
gw_window_get_layers (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), 0);

  return self->layers;
}

/**
 * gw_window_add_toast:
 * @self: a #GwWindow
 * @toast: (transfer full): the toast to show
 */
void
gw_window_add_toast (GwWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (GW_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

GwMapOverlay *
gw_window_get_overlay (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  return self->overlay;
}

/**
 * gw_window_refresh_selection:
 * @self: a #GwWindow
 *
 * Shows the selected grid or building again, after its data changed.
 */
void
gw_window_refresh_selection (GwWindow *self)
{
  g_return_if_fail (GW_IS_WINDOW (self));

  if (self->selection_id != 0)
    gw_window_select_feature (self, self->selection_kind, self->selection_id);
}

/**
 * gw_window_get_base_map_source:
 * @self: a #GwWindow
 *
 * Returns: (transfer none) (nullable): the source of the office's own base
 *   map layer, if one is shown
 */
ShumateMapSource *
gw_window_get_base_map_source (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  return self->base_source != NULL ? SHUMATE_MAP_SOURCE (self->base_source) : NULL;
}

/**
 * gw_window_get_project:
 * @self: a #GwWindow
 *
 * Returns: (transfer none) (nullable): the open project
 */
GwProject *
gw_window_get_project (GwWindow *self)
{
  g_return_val_if_fail (GW_IS_WINDOW (self), NULL);

  return self->project;
}

/**
 * gw_window_check_external_changes:
 * @self: a #GwWindow
 *
 * Looks now (rather than at the next poll) whether another program changed
 * the open file, and if so shows the file as it is.
 */
void
gw_window_check_external_changes (GwWindow *self)
{
  g_return_if_fail (GW_IS_WINDOW (self));

  if (self->project != NULL)
    gw_project_check_external_changes (self->project);
}

