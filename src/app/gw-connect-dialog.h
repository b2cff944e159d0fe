/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Connect to the district server: server, port, database, user and
 * password (kept in the desktop keyring on request, never in GSettings).
 * Connect brings the working copy of the user's street up to date on a
 * worker thread, then ::connected carries the location and password for
 * the window to open. */

#define GW_TYPE_CONNECT_DIALOG (gw_connect_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GwConnectDialog, gw_connect_dialog, GW, CONNECT_DIALOG, AdwWindow)

GwConnectDialog *gw_connect_dialog_new        (GtkWindow       *parent);
/* The location the fields make: postgresql://user@host:port/db?street=… */
char            *gw_connect_dialog_dup_location (GwConnectDialog *self);
/* What the user does (for tests): fill in the fields and press Connect. */
void             gw_connect_dialog_fill       (GwConnectDialog *self,
                                               const char      *host,
                                               const char      *port,
                                               const char      *database,
                                               const char      *user,
                                               const char      *password);
void             gw_connect_dialog_connect    (GwConnectDialog *self);
gboolean         gw_connect_dialog_is_busy    (GwConnectDialog *self);
const char      *gw_connect_dialog_get_error  (GwConnectDialog *self);

G_END_DECLS
