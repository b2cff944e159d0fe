/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-household-list"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gw-household-cell.h"
#include "gw-household-list.h"
#include "gw-list-slot.h"

/* Households: store → search filter → column sorter → the view. */

struct _GwHouseholdList
{
  GtkWidget            parent_instance;

  GListStore          *households;       /* of GwListSlot of GwHousehold, in the core's order */
  GtkCustomFilter     *filter;
  GtkFilterListModel  *filtered;
  GtkSortListModel    *sorted;
  GtkSelectionModel   *selection;
  char               **search_words;     /* case-folded; NULL when not searching */

  GtkSearchEntry      *search_entry;
  GtkLabel            *count_label;
  GtkStack            *stack;
  AdwStatusPage       *empty_page;
  GtkColumnView       *view;
  GtkColumnViewColumn *address_column;
  GtkColumnViewColumn *head_column;
  GtkColumnViewColumn *members_column;
  GtkColumnViewColumn *tags_column;
};

G_DEFINE_FINAL_TYPE (GwHouseholdList, gw_household_list, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_HOUSEHOLD_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* {{{ Search */

static gboolean
household_matches (gpointer item,
                   gpointer user_data)
{
  GwHouseholdList *self = user_data;
  GwHousehold *household = gw_list_slot_get_item (item);

  if (self->search_words == NULL)
    return TRUE;
  if (household == NULL)
    return FALSE;

  for (guint i = 0; self->search_words[i] != NULL; i++)
    {
      const char *word = self->search_words[i];

      /* search_text is case-folded and carries the tags' translated labels. */
      if (household->search_text == NULL || strstr (household->search_text, word) == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
update_count (GwHouseholdList *self)
{
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->households));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *text = NULL;

  if (shown == total)
    text = g_strdup_printf (ngettext ("%u household", "%u households", total), total);
  else
    /* Translators: search results, e.g. "12 of 312" */
    text = g_strdup_printf (_("%u of %u"), shown, total);
  gtk_label_set_text (self->count_label, text);

  if (shown > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    {
      adw_status_page_set_title (self->empty_page,
                                 total > 0 ? _("No Households Found") : _("No Households"));
      adw_status_page_set_description (self->empty_page,
                                       total > 0
                                       ? _("Try a name, a room, a dwelling code or a tag.")
                                       : _("Nobody is registered here."));
      gtk_stack_set_visible_child_name (self->stack, "none");
    }
}

static void
on_search_changed (GwHouseholdList *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_auto(GStrv) words = g_strsplit_set (g_strstrip (folded), " \t", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean any = FALSE;

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      {
        g_strv_builder_add (builder, words[i]);
        any = TRUE;
      }

  g_clear_pointer (&self->search_words, g_strfreev);
  if (any)
    self->search_words = g_strv_builder_end (builder);

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

static void
on_stop_search (GwHouseholdList *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* }}} */
/* {{{ Sorting */

static const GwHousehold *
slot_household (gconstpointer slot)
{
  return gw_list_slot_get_item ((GwListSlot *) slot);
}

static int
compare_strings_natural (const char *a,
                         const char *b)
{
  g_autofree char *key_a = g_utf8_collate_key_for_filename (a ? a : "", -1);
  g_autofree char *key_b = g_utf8_collate_key_for_filename (b ? b : "", -1);

  return strcmp (key_a, key_b);
}

static GtkOrdering
ordering (int cmp)
{
  return cmp < 0 ? GTK_ORDERING_SMALLER : cmp > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static int
compare_address (gconstpointer slot_a,
                 gconstpointer slot_b,
                 gpointer      user_data)
{
  const GwHousehold *ha = slot_household (slot_a), *hb = slot_household (slot_b);
  int cmp;

  if (ha->building_id != hb->building_id
      && (cmp = compare_strings_natural (ha->building_name, hb->building_name)) != 0)
    return ordering (cmp);
  if (ha->building_id != hb->building_id)
    return ordering ((ha->building_id > hb->building_id) - (ha->building_id < hb->building_id));
  if (ha->unit != hb->unit)
    return ordering (ha->unit - hb->unit);
  if (ha->floor != hb->floor)
    return ordering (ha->floor - hb->floor);
  return ordering (compare_strings_natural (ha->room, hb->room));
}

static int
compare_head (gconstpointer slot_a,
              gconstpointer slot_b,
              gpointer      user_data)
{
  const GwHousehold *ha = slot_household (slot_a), *hb = slot_household (slot_b);

  return ordering (g_utf8_collate (ha->head_name ? ha->head_name : "",
                                   hb->head_name ? hb->head_name : ""));
}

static int
compare_members (gconstpointer slot_a,
                 gconstpointer slot_b,
                 gpointer      user_data)
{
  const GwHousehold *ha = slot_household (slot_a), *hb = slot_household (slot_b);

  return ordering (ha->n_members - hb->n_members);
}

static int
compare_tags (gconstpointer slot_a,
              gconstpointer slot_b,
              gpointer      user_data)
{
  const GwHousehold *ha = slot_household (slot_a), *hb = slot_household (slot_b);
  guint na = ha->tags ? g_strv_length (ha->tags) : 0;
  guint nb = hb->tags ? g_strv_length (hb->tags) : 0;

  if (na != nb)
    return ordering ((int) na - (int) nb);
  if (na == 0)
    return GTK_ORDERING_EQUAL;
  return ordering (g_strcmp0 (ha->tags[0], hb->tags[0]));
}

/* }}} */
/* {{{ Cells */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  gtk_list_item_set_child (item, gw_household_cell_new (GPOINTER_TO_INT (user_data)));
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  gw_household_cell_bind (GW_HOUSEHOLD_CELL (gtk_list_item_get_child (item)),
                          gtk_list_item_get_item (item));
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  gw_household_cell_unbind (GW_HOUSEHOLD_CELL (gtk_list_item_get_child (item)));
}

/* The template lays the columns out; here they get their cells and sorters. */
static void
set_up_column (GtkColumnViewColumn *column,
               GwHouseholdColumn    kind,
               GCompareDataFunc     compare)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (compare, NULL, NULL));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (kind));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), NULL);
  gtk_column_view_column_set_factory (column, factory);
  gtk_column_view_column_set_sorter (column, sorter);
}

/* }}} */

static void
on_activate (GwHouseholdList *self,
             guint            position)
{
  GwHousehold *household = gw_household_list_get_household (self, position);

  if (household != NULL)
    g_signal_emit (self, signals[SIGNAL_HOUSEHOLD_ACTIVATED], 0, household);
}

/**
 * gw_household_list_show:
 * @self: a #GwHouseholdList
 * @store: the open street database
 * @grid_id: a grid, or 0
 * @building_id: a building, or 0
 * @error: return location for a #GError
 *
 * Lists the households of a grid or of a building, unfiltered and in the
 * core's address order.
 */
gboolean
gw_household_list_show (GwHouseholdList  *self,
                        GwStore          *store,
                        gint64            grid_id,
                        gint64            building_id,
                        GError          **error)
{
  g_autoptr(GPtrArray) households = NULL;

  g_return_val_if_fail (GW_IS_HOUSEHOLD_LIST (self), FALSE);
  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  households = gw_inspector_households (store, grid_id, building_id, error);
  if (households == NULL)
    return FALSE;

  /* A new list starts unfiltered, in the core's address order. */
  g_signal_handlers_block_by_func (self->search_entry, on_search_changed, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  g_signal_handlers_unblock_by_func (self->search_entry, on_search_changed, self);
  g_clear_pointer (&self->search_words, g_strfreev);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
  gtk_column_view_sort_by_column (self->view, NULL, GTK_SORT_ASCENDING);

  gw_list_slot_store_fill (self->households, households->pdata, households->len);
  update_count (self);
  return TRUE;
}

void
gw_household_list_clear (GwHouseholdList *self)
{
  g_return_if_fail (GW_IS_HOUSEHOLD_LIST (self));

  g_list_store_remove_all (self->households);
}

/* GTK 4.8 list views keep up to 200 row widgets alive and rebuild them when
 * the model is replaced, so a list is connected to its model only while its
 * page is shown: a click on the map then never pays for hidden rows. */
void
gw_household_list_set_shown (GwHouseholdList *self,
                             gboolean         shown)
{
  GtkSelectionModel *model = shown ? self->selection : NULL;

  g_return_if_fail (GW_IS_HOUSEHOLD_LIST (self));

  if (gtk_column_view_get_model (self->view) != model)
    gtk_column_view_set_model (self->view, model);
}

void
gw_household_list_focus_search (GwHouseholdList *self)
{
  g_return_if_fail (GW_IS_HOUSEHOLD_LIST (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * gw_household_list_get_households:
 * @self: a #GwHouseholdList
 *
 * Returns: (transfer none): the rows as listed, searched and sorted: #GwListSlot
 *   holding a #GwHousehold
 */
GListModel *
gw_household_list_get_households (GwHouseholdList *self)
{
  g_return_val_if_fail (GW_IS_HOUSEHOLD_LIST (self), NULL);

  return G_LIST_MODEL (self->sorted);
}

/**
 * gw_household_list_get_household:
 * @self: a #GwHouseholdList
 * @position: a row of the list
 *
 * Returns: (transfer none) (nullable): the household listed at @position
 */
GwHousehold *
gw_household_list_get_household (GwHouseholdList *self,
                                 guint            position)
{
  g_autoptr(GwListSlot) slot = NULL;

  g_return_val_if_fail (GW_IS_HOUSEHOLD_LIST (self), NULL);

  slot = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);
  return slot != NULL ? gw_list_slot_get_item (slot) : NULL;
}

GtkEditable *
gw_household_list_get_search (GwHouseholdList *self)
{
  g_return_val_if_fail (GW_IS_HOUSEHOLD_LIST (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

GtkColumnView *
gw_household_list_get_view (GwHouseholdList *self)
{
  g_return_val_if_fail (GW_IS_HOUSEHOLD_LIST (self), NULL);

  return self->view;
}

static void
gw_household_list_dispose (GObject *object)
{
  GwHouseholdList *self = GW_HOUSEHOLD_LIST (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_HOUSEHOLD_LIST);
  /* Template children without an id are ours to unparent too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->households);

  G_OBJECT_CLASS (gw_household_list_parent_class)->dispose (object);
}

static void
gw_household_list_finalize (GObject *object)
{
  GwHouseholdList *self = GW_HOUSEHOLD_LIST (object);

  g_clear_pointer (&self->search_words, g_strfreev);

  G_OBJECT_CLASS (gw_household_list_parent_class)->finalize (object);
}

static void
gw_household_list_class_init (GwHouseholdListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_household_list_dispose;
  object_class->finalize = gw_household_list_finalize;

  /**
   * GwHouseholdList::household-activated:
   * @self: the list
   * @household: the #GwHousehold of the activated row
   */
  signals[SIGNAL_HOUSEHOLD_ACTIVATED] =
    g_signal_new ("household-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, GW_TYPE_HOUSEHOLD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-household-list.ui");
  gtk_widget_class_bind_template_child (widget_class, GwHouseholdList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GwHouseholdList, count_label);
  gtk_widget_class_bind_template_child (widget_class, GwHouseholdList, stack);
  gtk_widget_class_bind_template_child (widget_class, GwHouseholdList, empty_page);
  gtk_widget_class_bind_template_child (widget_class, GwHouseholdList, view);
  gtk_widget_class_bind_template_child (widget_class, GwHouseholdList, address_column);
  gtk_widget_class_bind_template_child (widget_class, GwHouseholdList, head_column);
  gtk_widget_class_bind_template_child (widget_class, GwHouseholdList, members_column);
  gtk_widget_class_bind_template_child (widget_class, GwHouseholdList, tags_column);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gw_household_list_init (GwHouseholdList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  set_up_column (self->address_column, GW_HOUSEHOLD_COLUMN_ADDRESS, compare_address);
  set_up_column (self->head_column, GW_HOUSEHOLD_COLUMN_HEAD, compare_head);
  set_up_column (self->members_column, GW_HOUSEHOLD_COLUMN_MEMBERS, compare_members);
  set_up_column (self->tags_column, GW_HOUSEHOLD_COLUMN_TAGS, compare_tags);

  self->households = g_list_store_new (GW_TYPE_LIST_SLOT);
  self->filter = gtk_custom_filter_new (household_matches, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->households)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                          g_object_ref (gtk_column_view_get_sorter (self->view)));
  self->selection =
    GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->sorted))));
}

GtkWidget *
gw_household_list_new (void)
{
  return g_object_new (GW_TYPE_HOUSEHOLD_LIST, NULL);
}
