/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "gw-user.h"

G_BEGIN_DECLS

/* Who is working: chosen from the file's users when it opens (real login
 * comes later). ::user-chosen carries the GwUser. */

#define GW_TYPE_USER_PICKER (gw_user_picker_get_type ())
G_DECLARE_FINAL_TYPE (GwUserPicker, gw_user_picker, GW, USER_PICKER, AdwWindow)

/* (transfer none), like gtk_window_new(); %NULL on error. */
GwUserPicker *gw_user_picker_new        (GtkWindow     *parent,
                                         GwStore       *store,
                                         GError       **error);
/* The row of a user, for tests: activate it to choose. */
GtkWidget    *gw_user_picker_get_row    (GwUserPicker  *self,
                                         const char    *login);

G_END_DECLS
