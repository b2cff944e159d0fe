/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gw-inspector.h"
#include "gw-list-slot.h"

G_BEGIN_DECLS

/* A cell of the household list: one column of one household. */

typedef enum
{
  GW_HOUSEHOLD_COLUMN_ADDRESS,   /* where, and under it the dwelling code */
  GW_HOUSEHOLD_COLUMN_HEAD,
  GW_HOUSEHOLD_COLUMN_MEMBERS,
  GW_HOUSEHOLD_COLUMN_TAGS,      /* the first tag and "+N" */
} GwHouseholdColumn;

#define GW_TYPE_HOUSEHOLD_CELL (gw_household_cell_get_type ())
G_DECLARE_FINAL_TYPE (GwHouseholdCell, gw_household_cell, GW, HOUSEHOLD_CELL, GtkWidget)

GtkWidget   *gw_household_cell_new           (GwHouseholdColumn  column);
/* Shows the household in @slot, and whatever the slot holds next. */
void         gw_household_cell_bind          (GwHouseholdCell   *self,
                                              GwListSlot        *slot);
void         gw_household_cell_unbind        (GwHouseholdCell   *self);
GwHousehold *gw_household_cell_get_household (GwHouseholdCell   *self);

G_END_DECLS
