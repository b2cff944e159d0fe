/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gw-inspector.h"

G_BEGIN_DECLS

/* A cell of the open-cases list: one column of one case. */

typedef enum
{
  GW_CASE_COLUMN_CATEGORY,   /* category and code, the description under them; the
                              * subcategory and assignee in its tooltip */
  GW_CASE_COLUMN_TIER,
  GW_CASE_COLUMN_STATUS,
  GW_CASE_COLUMN_DEADLINE,   /* the deadline, how long ago it was reported under it */
} GwCaseColumn;

#define GW_TYPE_CASE_CELL (gw_case_cell_get_type ())
G_DECLARE_FINAL_TYPE (GwCaseCell, gw_case_cell, GW, CASE_CELL, GtkWidget)

GtkWidget     *gw_case_cell_new      (GwCaseColumn   column);
void           gw_case_cell_bind     (GwCaseCell    *self,
                                      GwCaseSummary *summary);
void           gw_case_cell_unbind   (GwCaseCell    *self);
GwCaseSummary *gw_case_cell_get_case (GwCaseCell    *self);

G_END_DECLS
