/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-list-slot"

#include "config.h"

#include <gio/gio.h>

#include "gw-list-slot.h"

struct _GwListSlot
{
  GObject  parent_instance;

  GObject *item;
};

G_DEFINE_FINAL_TYPE (GwListSlot, gw_list_slot, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gw_list_slot_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GwListSlot *self = GW_LIST_SLOT (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_list_slot_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GwListSlot *self = GW_LIST_SLOT (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      gw_list_slot_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_list_slot_dispose (GObject *object)
{
  GwListSlot *self = GW_LIST_SLOT (object);

  g_clear_object (&self->item);

  G_OBJECT_CLASS (gw_list_slot_parent_class)->dispose (object);
}

static void
gw_list_slot_class_init (GwListSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = gw_list_slot_get_property;
  object_class->set_property = gw_list_slot_set_property;
  object_class->dispose = gw_list_slot_dispose;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gw_list_slot_init (GwListSlot *self)
{
}

GwListSlot *
gw_list_slot_new (gpointer item)
{
  g_return_val_if_fail (item == NULL || G_IS_OBJECT (item), NULL);

  return g_object_new (GW_TYPE_LIST_SLOT, "item", item, NULL);
}

/**
 * gw_list_slot_get_item:
 * @self: a #GwListSlot
 *
 * Returns: (transfer none) (nullable): the item in the slot
 */
gpointer
gw_list_slot_get_item (GwListSlot *self)
{
  g_return_val_if_fail (GW_IS_LIST_SLOT (self), NULL);

  return self->item;
}

void
gw_list_slot_set_item (GwListSlot *self,
                       gpointer    item)
{
  g_return_if_fail (GW_IS_LIST_SLOT (self));
  g_return_if_fail (item == NULL || G_IS_OBJECT (item));

  if (g_set_object (&self->item, item))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/**
 * gw_list_slot_store_fill:
 * @store: a #GListStore of #GwListSlot
 * @items: (array length=n_items): the new items, in order
 * @n_items: how many
 *
 * Refills the existing slots in place and adds or removes slots only at the
 * end, so that a list view showing @store keeps its row widgets.
 */
void
gw_list_slot_store_fill (GListStore *store,
                         gpointer   *items,
                         guint       n_items)
{
  guint n_slots;

  g_return_if_fail (G_IS_LIST_STORE (store));
  g_return_if_fail (g_list_model_get_item_type (G_LIST_MODEL (store)) == GW_TYPE_LIST_SLOT);

  n_slots = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < MIN (n_slots, n_items); i++)
    {
      g_autoptr(GwListSlot) slot = g_list_model_get_item (G_LIST_MODEL (store), i);

      gw_list_slot_set_item (slot, items[i]);
    }

  if (n_items > n_slots)
    {
      g_autoptr(GPtrArray) added = g_ptr_array_new_full (n_items - n_slots, g_object_unref);

      for (guint i = n_slots; i < n_items; i++)
        g_ptr_array_add (added, gw_list_slot_new (items[i]));
      g_list_store_splice (store, n_slots, 0, added->pdata, added->len);
    }
  else if (n_items < n_slots)
    {
      g_list_store_splice (store, n_items, n_slots - n_items, NULL, 0);
    }
}
