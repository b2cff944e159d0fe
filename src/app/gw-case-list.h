/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gw-case-drag.h"
#include "gw-inspector.h"

G_BEGIN_DECLS

/* The inspector's Open Cases tab: a grid's open cases, overdue first,
 * sortable by column. Several can be selected; a row drags the case (or the
 * selection it is part of) onto a worker, a department, a grid; a right
 * click offers Open and Reroute…. */

#define GW_TYPE_CASE_LIST (gw_case_list_get_type ())
G_DECLARE_FINAL_TYPE (GwCaseList, gw_case_list, GW, CASE_LIST, GtkWidget)

GtkWidget     *gw_case_list_new          (void);
gboolean       gw_case_list_show         (GwCaseList  *self,
                                          GwStore     *store,
                                          gint64       grid_id,
                                          GDateTime   *now,
                                          GError     **error);
void           gw_case_list_clear        (GwCaseList  *self);
/* Whether the list's page is on screen: the view holds its rows only then. */
void           gw_case_list_set_shown    (GwCaseList  *self,
                                          gboolean     shown);

/* Of GwCaseSummary, as listed. */
GListModel    *gw_case_list_get_cases    (GwCaseList  *self);
GtkColumnView *gw_case_list_get_view     (GwCaseList  *self);
GwCaseDrag    *gw_case_list_dup_selected (GwCaseList  *self);
gboolean       gw_case_list_select_case  (GwCaseList  *self,
                                          gint64       case_id,
                                          gboolean     extend);

G_END_DECLS
