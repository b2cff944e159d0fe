/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "gw-case-drag.h"
#include "gw-inspector.h"
#include "gw-worker-row.h"

G_BEGIN_DECLS

/* The inspector's "Responsible Workers" group: a grid's team, first
 * responsible person first. Cases dropped on a worker's row are announced by
 * ::cases-dropped; the window reroutes them. */

#define GW_TYPE_WORKER_LIST (gw_worker_list_get_type ())
G_DECLARE_FINAL_TYPE (GwWorkerList, gw_worker_list, GW, WORKER_LIST, AdwPreferencesGroup)

GtkWidget   *gw_worker_list_new       (void);
gboolean     gw_worker_list_show      (GwWorkerList  *self,
                                       GwStore       *store,
                                       gint64         grid_id,
                                       GError       **error);
void         gw_worker_list_clear     (GwWorkerList  *self);
/* The worker's first row: a drop target for cases (for tests: drop on it). */
GwWorkerRow *gw_worker_list_get_row   (GwWorkerList  *self,
                                       gint64         worker_id);
/* The names on the rows, in order. */
char       **gw_worker_list_dup_names (GwWorkerList  *self);

G_END_DECLS
