/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gw-inspector.h"

G_BEGIN_DECLS

#define GW_TYPE_HOUSEHOLD_PAGE (gw_household_page_get_type ())
G_DECLARE_FINAL_TYPE (GwHouseholdPage, gw_household_page, GW, HOUSEHOLD_PAGE, GtkWidget)

GtkWidget   *gw_household_page_new           (void);
gboolean     gw_household_page_show          (GwHouseholdPage *self,
                                              GwStore         *store,
                                              GwHousehold     *household,
                                              GError         **error);
GwHousehold *gw_household_page_get_household (GwHouseholdPage *self);
GListModel  *gw_household_page_get_residents (GwHouseholdPage *self);
const char  *gw_household_page_get_title     (GwHouseholdPage *self);
char       **gw_household_page_dup_member_names (GwHouseholdPage *self);

/* Shared with the inspector panel: how a household's place and its tags read. */
char        *gw_household_format_address     (GwHousehold     *household);
GtkWidget   *gw_tag_label_new                (const char      *text,
                                              const char      *css_class);
void         gw_tags_box_set                 (GtkWidget       *box,
                                              char           **tags);

G_END_DECLS
