/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-base-map-source.h"
#include "gw-preferences-window.h"

struct _GwPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  AdwEntryRow          *base_map_url_row;
  GtkAdjustment        *band_min;
  GtkAdjustment        *band_max;
  AdwActionRow         *base_map_row;
};

G_DEFINE_FINAL_TYPE (GwPreferencesWindow, gw_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
update_base_map_row (GwPreferencesWindow *self)
{
  g_autofree char *path = g_settings_get_string (self->settings, "base-map-file");

  if (*path == '\0')
    adw_action_row_set_subtitle (self->base_map_row,
                                 _("Your office's raster tiles as an MBTiles file, drawn under "
                                   "the features; none chosen"));
  else
    {
      g_autofree char *display = g_filename_display_name (path);

      adw_action_row_set_subtitle (self->base_map_row, display);
    }
}

/* The band stays a band: the fewest never above the most. */
static void
on_band_changed (GwPreferencesWindow *self)
{
  gtk_adjustment_set_lower (self->band_max, gtk_adjustment_get_value (self->band_min));
  gtk_adjustment_set_upper (self->band_min, gtk_adjustment_get_value (self->band_max));
}

static void
gw_preferences_window_dispose (GObject *object)
{
  GwPreferencesWindow *self = GW_PREFERENCES_WINDOW (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (gw_preferences_window_parent_class)->dispose (object);
}

static void
gw_preferences_window_class_init (GwPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_preferences_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GwPreferencesWindow, band_min);
  gtk_widget_class_bind_template_child (widget_class, GwPreferencesWindow, band_max);
  gtk_widget_class_bind_template_child (widget_class, GwPreferencesWindow, base_map_row);
  gtk_widget_class_bind_template_child (widget_class, GwPreferencesWindow, base_map_url_row);
}

/* An online tile service is set only as a whole, valid template; empty
 * turns it off. */
static void
on_url_applied (GwPreferencesWindow *self)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->base_map_url_row));
  gboolean valid = *url == '\0' || gw_base_map_url_is_valid (url);

  if (valid)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->base_map_url_row), "error");
      g_settings_set_string (self->settings, "base-map-url", url);
    }
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->base_map_url_row), "error");
}

gboolean
gw_preferences_window_set_base_map_url (GwPreferencesWindow *self,
                                        const char          *url)
{
  g_return_val_if_fail (GW_IS_PREFERENCES_WINDOW (self), FALSE);

  gtk_editable_set_text (GTK_EDITABLE (self->base_map_url_row), url);
  on_url_applied (self);
  return !gtk_widget_has_css_class (GTK_WIDGET (self->base_map_url_row), "error");
}

static void
gw_preferences_window_init (GwPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "household-band-min", self->band_min, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "household-band-max", self->band_max, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_swapped (self->band_min, "value-changed", G_CALLBACK (on_band_changed), self);
  g_signal_connect_swapped (self->band_max, "value-changed", G_CALLBACK (on_band_changed), self);
  on_band_changed (self);
  g_signal_connect_swapped (self->settings, "changed::base-map-file",
                            G_CALLBACK (update_base_map_row), self);
  update_base_map_row (self);
  {
    g_autofree char *url = g_settings_get_string (self->settings, "base-map-url");

    gtk_editable_set_text (GTK_EDITABLE (self->base_map_url_row), url);
  }
  g_signal_connect_swapped (self->base_map_url_row, "apply", G_CALLBACK (on_url_applied), self);
}

GwPreferencesWindow *
gw_preferences_window_new (GtkWindow *parent)
{
  GwPreferencesWindow *self = g_object_new (GW_TYPE_PREFERENCES_WINDOW, "transient-for", parent,
                                            NULL);

  /* Its buttons act on the main window's actions (choose the base map …). */
  if (G_IS_ACTION_GROUP (parent))
    gtk_widget_insert_action_group (GTK_WIDGET (self), "win", G_ACTION_GROUP (parent));
  return self;
}
