/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gw-inspector.h"

G_BEGIN_DECLS

/* One responsible worker of a grid, as the notice board lists the team: name
 * and badge, the public phone, role and organisation under them. The worker
 * list makes each row a drop target for cases. Not a GtkListBoxRow: the rows
 * stand below the group's card, in no list box (a list box row outside one
 * fails an assertion when Tab gives it the focus). */

#define GW_TYPE_WORKER_ROW (gw_worker_row_get_type ())
G_DECLARE_FINAL_TYPE (GwWorkerRow, gw_worker_row, GW, WORKER_ROW, GtkWidget)

GtkWidget    *gw_worker_row_new           (GwGridWorker *worker);
void          gw_worker_row_set_worker    (GwWorkerRow  *self,
                                           GwGridWorker *worker);
GwGridWorker *gw_worker_row_get_worker    (GwWorkerRow  *self);
gint64        gw_worker_row_get_worker_id (GwWorkerRow  *self);
/* The name as the row shows it. */
const char   *gw_worker_row_get_name      (GwWorkerRow  *self);

G_END_DECLS
