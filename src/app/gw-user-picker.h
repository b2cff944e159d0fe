/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "gw-user.h"

G_BEGIN_DECLS

/* Signing in: who is working, chosen from the file's accounts when it opens;
 * an account with a password asks for it. ::user-chosen carries the GwUser
 * once signed in. */

#define GW_TYPE_USER_PICKER (gw_user_picker_get_type ())
G_DECLARE_FINAL_TYPE (GwUserPicker, gw_user_picker, GW, USER_PICKER, AdwWindow)

/* (transfer none), like gtk_window_new(); %NULL on error. */
/* @login (nullable): ask for this account's password first; NULL offers the
 * account that signed in last. */
GwUserPicker *gw_user_picker_new        (GtkWindow     *parent,
                                         GwStore       *store,
                                         const char    *login,
                                         GError       **error);
/* What a user does: choose @login and type @password (tests). */
void          gw_user_picker_sign_in    (GwUserPicker  *self,
                                         const char    *login,
                                         const char    *password);
const char   *gw_user_picker_get_error  (GwUserPicker  *self);
/* The row of a user, for tests: activate it to choose. */
GtkWidget    *gw_user_picker_get_row    (GwUserPicker  *self,
                                         const char    *login);

G_END_DECLS
