/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A stable row for GTK list models whose contents are replaced wholesale.
 * GTK 4.8 list views rebuild the row widgets of every item that leaves the
 * model; refilling the same slots with new items instead keeps the widgets
 * and only rebinds their text (through notify::item). */
#define GW_TYPE_LIST_SLOT (gw_list_slot_get_type ())
G_DECLARE_FINAL_TYPE (GwListSlot, gw_list_slot, GW, LIST_SLOT, GObject)

GwListSlot *gw_list_slot_new      (gpointer    item);
gpointer    gw_list_slot_get_item (GwListSlot *self);
void        gw_list_slot_set_item (GwListSlot *self,
                                   gpointer    item);

/* Makes @store (of GwListSlot) hold exactly @items, reusing its slots. */
void        gw_list_slot_store_fill (GListStore *store,
                                     gpointer   *items,
                                     guint       n_items);

G_END_DECLS
