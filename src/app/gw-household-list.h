/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gw-inspector.h"

G_BEGIN_DECLS

/* The inspector's Households tab: every household of a grid or a building,
 * searchable by name, address, dwelling code or tag, sortable by column.
 * Activating a row emits ::household-activated. */

#define GW_TYPE_HOUSEHOLD_LIST (gw_household_list_get_type ())
G_DECLARE_FINAL_TYPE (GwHouseholdList, gw_household_list, GW, HOUSEHOLD_LIST, GtkWidget)

GtkWidget     *gw_household_list_new           (void);
/* Exactly one of @grid_id and @building_id is non-zero. */
gboolean       gw_household_list_show          (GwHouseholdList  *self,
                                                GwStore          *store,
                                                gint64            grid_id,
                                                gint64            building_id,
                                                GError          **error);
void           gw_household_list_clear         (GwHouseholdList  *self);
/* Whether the list's page is on screen: the view holds its rows only then. */
void           gw_household_list_set_shown     (GwHouseholdList  *self,
                                                gboolean          shown);
void           gw_household_list_focus_search  (GwHouseholdList  *self);

/* As listed: searched and sorted. Items are GwListSlot holding a GwHousehold. */
GListModel    *gw_household_list_get_households (GwHouseholdList *self);
GwHousehold   *gw_household_list_get_household (GwHouseholdList  *self,
                                                guint             position);
GtkEditable   *gw_household_list_get_search    (GwHouseholdList  *self);
GtkColumnView *gw_household_list_get_view      (GwHouseholdList  *self);

G_END_DECLS
