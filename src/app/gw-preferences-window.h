/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Preferences (Ctrl+,): the household band and the base map file, bound to
 * GSettings — the window follows them live. */

#define GW_TYPE_PREFERENCES_WINDOW (gw_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (GwPreferencesWindow, gw_preferences_window, GW, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GwPreferencesWindow *gw_preferences_window_new (GtkWindow *parent);

/* What the online tiles row's Apply does (for the tests): FALSE, and the
 * row marked, for a template libshumate cannot fetch. */
gboolean gw_preferences_window_set_base_map_url (GwPreferencesWindow *self,
                                                 const char          *url);

G_END_DECLS
