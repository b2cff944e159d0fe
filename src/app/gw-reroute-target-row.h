/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gw-case.h"

G_BEGIN_DECLS

/* A place cases can be sent — a worker, a department or a grid — with its
 * name over a dim line and its open load as a tag on the right. The
 * departments panel lists departments and grids in such rows (each a drop
 * target), the reroute dialog all three kinds. */

#define GW_TYPE_REROUTE_TARGET_ROW (gw_reroute_target_row_get_type ())
G_DECLARE_FINAL_TYPE (GwRerouteTargetRow, gw_reroute_target_row, GW, REROUTE_TARGET_ROW,
                      GtkListBoxRow)

/* @search_text: what a search matches the row against (any case). */
GtkWidget     *gw_reroute_target_row_new           (GwRerouteKind        kind,
                                                    gint64               target_id,
                                                    const char          *title,
                                                    const char          *subtitle,
                                                    const char          *search_text);
GwRerouteKind  gw_reroute_target_row_get_kind      (GwRerouteTargetRow  *self);
gint64         gw_reroute_target_row_get_target_id (GwRerouteTargetRow  *self);
const char    *gw_reroute_target_row_get_title     (GwRerouteTargetRow  *self);
/* @casefolded_search: g_utf8_casefold() of what was typed; %NULL or "" match. */
gboolean       gw_reroute_target_row_matches       (GwRerouteTargetRow  *self,
                                                    const char          *casefolded_search);
/* The dialog's look: rows a little tighter, and the load coloured only when
 * overdue (its chosen row is already in the accent colour). */
void           gw_reroute_target_row_set_compact   (GwRerouteTargetRow  *self,
                                                    gboolean             compact);
void           gw_reroute_target_row_set_load      (GwRerouteTargetRow  *self,
                                                    gint64               n_open,
                                                    gint64               n_overdue);
/* "12 open · 3 overdue" as the row shows it. */
const char    *gw_reroute_target_row_get_load_text (GwRerouteTargetRow  *self);

/* The row's name and description whole, when either is shown cut short
 * (its tooltip then); NULL when both are shown whole. */
char          *gw_reroute_target_row_get_cut_text   (GwRerouteTargetRow *self);

G_END_DECLS
