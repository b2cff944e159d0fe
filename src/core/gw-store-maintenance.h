/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gw-store.h"

G_BEGIN_DECLS

/* Whole-file operations for tools and benchmarks, not user actions: they
 * write no audit rows and check no roles. */

gboolean  gw_store_copy_to          (GwStore     *self,
                                     const char  *path,
                                     GError     **error);
gboolean  gw_store_clear_buildings  (GwStore     *self,
                                     GError     **error);

G_END_DECLS
