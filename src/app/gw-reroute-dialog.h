/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "gw-case.h"

G_BEGIN_DECLS

/* Rerouting without a mouse: the same targets as drag-and-drop (the grid's
 * workers, the departments, the other grids), each with its open load, in
 * one searchable list. Type to filter, arrows to choose, Enter to reroute.
 * The dialog only chooses; ::target-chosen tells the window, which reroutes
 * exactly as a drop does. */

#define GW_TYPE_REROUTE_DIALOG (gw_reroute_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GwRerouteDialog, gw_reroute_dialog, GW, REROUTE_DIALOG, AdwWindow)

/* @case_ids: the cases to reroute, all of grid @grid_id. */
GwRerouteDialog *gw_reroute_dialog_new        (GtkWindow     *parent,
                                               GwStore       *store,
                                               guint          n_cases,
                                               const gint64  *case_ids,
                                               const gint64  *versions,
                                               GError       **error);
guint            gw_reroute_dialog_get_n_cases  (GwRerouteDialog *self);
const gint64    *gw_reroute_dialog_get_case_ids (GwRerouteDialog *self);
const gint64    *gw_reroute_dialog_get_versions (GwRerouteDialog *self);
GtkEditable     *gw_reroute_dialog_get_search   (GwRerouteDialog *self);
GtkEditable     *gw_reroute_dialog_get_reason   (GwRerouteDialog *self);
/* The line under the title that says which case(s) and who holds them. */
GtkLabel        *gw_reroute_dialog_get_summary  (GwRerouteDialog *self);
/* How many targets the search leaves visible. */
guint            gw_reroute_dialog_count_visible (GwRerouteDialog *self);

G_END_DECLS
