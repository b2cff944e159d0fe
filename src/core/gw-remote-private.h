/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gw-store.h"

G_BEGIN_DECLS

/* The district server behind a working copy (gw-remote.c): the store opens
 * the copy as an ordinary file and hands its transactions to these. */
typedef struct _GwRemote GwRemote;

GwRemote   *gw_remote_connect      (const char  *location,
                                    const char  *password,
                                    char       **cache_path,
                                    GError     **error);
void        gw_remote_free         (GwRemote    *self);
char       *gw_remote_copy_path    (const char  *location,
                                    GError     **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwRemote, gw_remote_free)

const char *gw_remote_get_display_name (GwRemote *self);
const char *gw_remote_get_login    (GwRemote    *self);
const char *gw_remote_get_location (GwRemote    *self,
                                    const char **password);
const char *gw_remote_get_street_code (GwRemote *self);
int         gw_remote_get_socket   (GwRemote    *self);

/* Brings a freshly opened copy up to date: whole, the first time. */
gboolean    gw_remote_attach       (GwRemote    *self,
                                    GwStore     *store,
                                    GError     **error);
gboolean    gw_remote_begin        (GwRemote    *self,
                                    GwStore     *store,
                                    GError     **error);
gboolean    gw_remote_commit       (GwRemote    *self,
                                    GwStore     *store,
                                    GError     **error);
void        gw_remote_rollback     (GwRemote    *self,
                                    GwStore     *store);
/* Reads what other users changed into the copy (its own transaction). */
gboolean    gw_remote_sync         (GwRemote    *self,
                                    GwStore     *store,
                                    gboolean    *changed,
                                    GError     **error);
/* Reads the server's notifications without waiting: %TRUE if one was for
 * this street. */
gboolean    gw_remote_take_notifications (GwRemote *self);

G_END_DECLS
