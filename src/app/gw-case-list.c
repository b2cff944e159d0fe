/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-case-list"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gw-case-cell.h"
#include "gw-case-list.h"
#include "gw-domain.h"

/* Open cases: store → column sorter → the view, with several selectable. */

struct _GwCaseList
{
  GtkWidget            parent_instance;

  GListStore          *cases;          /* of GwCaseSummary */
  GtkSortListModel    *sorted;
  GtkSelectionModel   *selection;
  GwCaseDrag          *drag;           /* what a drag from this list carries, while it lasts */

  GtkStack            *stack;
  GtkColumnView       *view;
  GtkColumnViewColumn *category_column;
  GtkColumnViewColumn *tier_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *deadline_column;
  GtkWidget           *case_menu;      /* context menu of a case row, made on first use */
};

G_DEFINE_FINAL_TYPE (GwCaseList, gw_case_list, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_CASE_ACTIVATED,
  SIGNAL_CASES_DRAG,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* {{{ Sorting */

static GtkOrdering
ordering (int cmp)
{
  return cmp < 0 ? GTK_ORDERING_SMALLER : cmp > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static int
compare_category (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const GwCaseSummary *ca = a, *cb = b;

  return ordering (g_utf8_collate (gw_case_category_label (ca->category),
                                   gw_case_category_label (cb->category)));
}

static int
compare_tier (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const GwCaseSummary *ca = a, *cb = b;

  return ordering (g_strcmp0 (ca->tier, cb->tier));
}

static int
compare_status (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const GwCaseSummary *ca = a, *cb = b;

  return ordering (g_utf8_collate (gw_case_status_label (ca->status),
                                   gw_case_status_label (cb->status)));
}

/* Cases without a deadline sort last. */
static int
compare_deadline (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const GwCaseSummary *ca = a, *cb = b;

  if (ca->deadline_at == NULL || cb->deadline_at == NULL)
    return ordering ((ca->deadline_at == NULL) - (cb->deadline_at == NULL));
  return ordering (strcmp (ca->deadline_at, cb->deadline_at));
}

/* }}} */
/* {{{ Dragging cases and their context menu */

/* The dragged row's case, or the whole selection when the row is part of it
 * (several cases dropped at once). */
static GwCaseDrag *
drag_for_item (GwCaseList  *self,
               GtkListItem *item)
{
  GwCaseSummary *summary = gtk_list_item_get_item (item);
  guint position = gtk_list_item_get_position (item);

  if (summary == NULL)
    return NULL;
  if (gtk_selection_model_is_selected (self->selection, position))
    {
      GwCaseDrag *selected = gw_case_list_dup_selected (self);

      if (selected != NULL)
        return selected;
    }
  return gw_case_drag_new (1, &summary->id, &summary->version);
}

static GwCaseList *
list_of_controller (GtkEventController *controller)
{
  GtkWidget *widget = gtk_event_controller_get_widget (controller);

  return GW_CASE_LIST (gtk_widget_get_ancestor (widget, GW_TYPE_CASE_LIST));
}

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkListItem   *item)
{
  GwCaseList *self = list_of_controller (GTK_EVENT_CONTROLLER (source));
  GwCaseDrag *drag;

  if (self == NULL || (drag = drag_for_item (self, item)) == NULL)
    return NULL;
  g_clear_pointer (&self->drag, gw_case_drag_free);
  self->drag = drag;
  return gw_case_drag_content (drag);
}

/* The drag icon names what is carried: a code, or how many cases. */
static void
on_drag_begin (GtkDragSource *source,
               GdkDrag       *drag,
               GtkListItem   *item)
{
  GwCaseList *self = list_of_controller (GTK_EVENT_CONTROLLER (source));
  GwCaseSummary *summary = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;
  GtkWidget *label;

  if (self != NULL && self->drag != NULL && self->drag->n_cases > 1)
    text = g_strdup_printf (ngettext ("%u case", "%u cases", self->drag->n_cases),
                            self->drag->n_cases);
  else if (summary != NULL)
    text = g_strdup_printf ("%s · %s", summary->code, gw_case_category_label (summary->category));
  label = gtk_label_new (text);
  gtk_widget_add_css_class (label, "osd");
  gtk_widget_add_css_class (label, "drag-icon");
  gtk_widget_set_margin_start (label, 2);
  gtk_drag_icon_set_child (GTK_DRAG_ICON (gtk_drag_icon_get_for_drag (drag)), label);
  if (self != NULL)
    g_signal_emit (self, signals[SIGNAL_CASES_DRAG], 0, TRUE);
}

static void
on_drag_end (GtkDragSource *source,
             GdkDrag       *drag,
             gboolean       delete_data,
             GtkListItem   *item)
{
  GwCaseList *self = list_of_controller (GTK_EVENT_CONTROLLER (source));

  if (self == NULL)
    return;
  g_clear_pointer (&self->drag, gw_case_drag_free);
  g_signal_emit (self, signals[SIGNAL_CASES_DRAG], 0, FALSE);
}

/* Right-click on a case: Open, Reroute…; the menu is the list's own. */
static void
on_secondary_pressed (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      GtkListItem     *item)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GwCaseList *self = list_of_controller (GTK_EVENT_CONTROLLER (gesture));
  GwCaseSummary *summary = gtk_list_item_get_item (item);
  g_autoptr (GMenu) menu = NULL;
  g_autoptr (GMenuItem) open = NULL;
  g_autoptr (GMenuItem) reroute = NULL;
  graphene_point_t point;

  if (self == NULL || summary == NULL)
    return;
  menu = g_menu_new ();
  open = g_menu_item_new (_("_Open"), NULL);
  g_menu_item_set_action_and_target (open, "win.open-case", "x", summary->id);
  reroute = g_menu_item_new (_("_Reroute…"), NULL);
  g_menu_item_set_action_and_target (reroute, "win.reroute-case", "x", summary->id);
  g_menu_item_set_attribute (reroute, "accel", "s", "<Control>r");
  g_menu_append_item (menu, open);
  g_menu_append_item (menu, reroute);

  if (self->case_menu == NULL)
    {
      self->case_menu = gtk_popover_menu_new_from_model (NULL);
      gtk_popover_set_has_arrow (GTK_POPOVER (self->case_menu), FALSE);
      gtk_widget_set_halign (self->case_menu, GTK_ALIGN_START);
      gtk_widget_set_parent (self->case_menu, GTK_WIDGET (self));
    }
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->case_menu), G_MENU_MODEL (menu));
  if (!gtk_widget_compute_point (widget, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (x, y), &point))
    return;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->case_menu),
                               &(GdkRectangle) { (int) point.x, (int) point.y, 1, 1 });
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_popover_popup (GTK_POPOVER (self->case_menu));
}

/* }}} */
/* {{{ Cells */

/* Every cell of a row drags its case and opens the row's menu. */
static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *cell = gw_case_cell_new (GPOINTER_TO_INT (user_data));
  GtkDragSource *source = gtk_drag_source_new ();
  GtkGesture *secondary = gtk_gesture_click_new ();

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (on_drag_prepare), item);
  g_signal_connect (source, "drag-begin", G_CALLBACK (on_drag_begin), item);
  g_signal_connect (source, "drag-end", G_CALLBACK (on_drag_end), item);
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (source), "gw-case-drag");
  gtk_widget_add_controller (cell, GTK_EVENT_CONTROLLER (source));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  g_signal_connect (secondary, "pressed", G_CALLBACK (on_secondary_pressed), item);
  gtk_widget_add_controller (cell, GTK_EVENT_CONTROLLER (secondary));

  gtk_list_item_set_child (item, cell);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  gw_case_cell_bind (GW_CASE_CELL (gtk_list_item_get_child (item)), gtk_list_item_get_item (item));
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  gw_case_cell_unbind (GW_CASE_CELL (gtk_list_item_get_child (item)));
}

/* The template lays the columns out; here they get their cells and sorters. */
static void
set_up_column (GtkColumnViewColumn *column,
               GwCaseColumn         kind,
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
on_activate (GwCaseList *self,
             guint       position)
{
  g_autoptr (GwCaseSummary) summary = g_list_model_get_item (G_LIST_MODEL (self->sorted),
                                                             position);

  if (summary != NULL)
    g_signal_emit (self, signals[SIGNAL_CASE_ACTIVATED], 0, summary->id);
}

/**
 * gw_case_list_show:
 * @self: a #GwCaseList
 * @store: the open street database
 * @grid_id: the grid whose open cases to list
 * @now: the time ages and overdue deadlines are reckoned at
 * @error: return location for a #GError
 */
gboolean
gw_case_list_show (GwCaseList  *self,
                   GwStore     *store,
                   gint64       grid_id,
                   GDateTime   *now,
                   GError     **error)
{
  g_autoptr(GPtrArray) cases = NULL;

  g_return_val_if_fail (GW_IS_CASE_LIST (self), FALSE);
  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  cases = gw_inspector_open_cases (store, grid_id, now, error);
  if (cases == NULL)
    return FALSE;

  gtk_column_view_sort_by_column (self->view, NULL, GTK_SORT_ASCENDING);
  g_list_store_splice (self->cases, 0, g_list_model_get_n_items (G_LIST_MODEL (self->cases)),
                       cases->pdata, cases->len);
  gtk_stack_set_visible_child_name (self->stack, cases->len > 0 ? "list" : "none");
  return TRUE;
}

void
gw_case_list_clear (GwCaseList *self)
{
  g_return_if_fail (GW_IS_CASE_LIST (self));

  g_list_store_remove_all (self->cases);
}

/* As gw_household_list_set_shown(): GTK 4.8 rebuilds the row widgets of a
 * list whose model changes, so only a shown list is attached to its rows. */
void
gw_case_list_set_shown (GwCaseList *self,
                        gboolean    shown)
{
  GtkSelectionModel *model = shown ? self->selection : NULL;

  g_return_if_fail (GW_IS_CASE_LIST (self));

  if (gtk_column_view_get_model (self->view) != model)
    gtk_column_view_set_model (self->view, model);
}

/**
 * gw_case_list_get_cases:
 * @self: a #GwCaseList
 *
 * Returns: (transfer none): the #GwCaseSummary rows as listed
 */
GListModel *
gw_case_list_get_cases (GwCaseList *self)
{
  g_return_val_if_fail (GW_IS_CASE_LIST (self), NULL);

  return G_LIST_MODEL (self->sorted);
}

GtkColumnView *
gw_case_list_get_view (GwCaseList *self)
{
  g_return_val_if_fail (GW_IS_CASE_LIST (self), NULL);

  return self->view;
}

/**
 * gw_case_list_dup_selected:
 * @self: a #GwCaseList
 *
 * Returns: (transfer full) (nullable): the selected cases with the versions
 *   the list read, or %NULL when none is selected
 */
GwCaseDrag *
gw_case_list_dup_selected (GwCaseList *self)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) versions = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n;

  g_return_val_if_fail (GW_IS_CASE_LIST (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  for (guint i = 0; i < n; i++)
    if (gtk_selection_model_is_selected (self->selection, i))
      {
        g_autoptr (GwCaseSummary) summary = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

        g_array_append_val (ids, summary->id);
        g_array_append_val (versions, summary->version);
      }
  if (ids->len == 0)
    return NULL;
  return gw_case_drag_new (ids->len, (gint64 *) ids->data, (gint64 *) versions->data);
}

/**
 * gw_case_list_select_case:
 * @self: a #GwCaseList
 * @case_id: a listed case
 * @extend: add to the selection instead of replacing it
 *
 * Returns: whether the case is listed
 */
gboolean
gw_case_list_select_case (GwCaseList *self,
                          gint64      case_id,
                          gboolean    extend)
{
  guint n;

  g_return_val_if_fail (GW_IS_CASE_LIST (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GwCaseSummary) summary = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

      if (summary->id == case_id)
        {
          gtk_selection_model_select_item (self->selection, i, !extend);
          return TRUE;
        }
    }
  return FALSE;
}

static void
gw_case_list_dispose (GObject *object)
{
  GwCaseList *self = GW_CASE_LIST (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_CASE_LIST);
  self->case_menu = NULL;  /* a child: unparented below */
  /* Template children without an id are ours to unparent too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->cases);
  g_clear_pointer (&self->drag, gw_case_drag_free);

  G_OBJECT_CLASS (gw_case_list_parent_class)->dispose (object);
}

static void
gw_case_list_class_init (GwCaseListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_case_list_dispose;

  /**
   * GwCaseList::case-activated:
   * @self: the list
   * @case_id: the case
   *
   * The user opened a case of the list.
   */
  signals[SIGNAL_CASE_ACTIVATED] =
    g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * GwCaseList::cases-drag:
   * @self: the list
   * @begin: %TRUE when cases start being dragged, %FALSE when the drag ends
   */
  signals[SIGNAL_CASES_DRAG] =
    g_signal_new ("cases-drag", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-case-list.ui");
  gtk_widget_class_bind_template_child (widget_class, GwCaseList, stack);
  gtk_widget_class_bind_template_child (widget_class, GwCaseList, view);
  gtk_widget_class_bind_template_child (widget_class, GwCaseList, category_column);
  gtk_widget_class_bind_template_child (widget_class, GwCaseList, tier_column);
  gtk_widget_class_bind_template_child (widget_class, GwCaseList, status_column);
  gtk_widget_class_bind_template_child (widget_class, GwCaseList, deadline_column);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gw_case_list_init (GwCaseList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  set_up_column (self->category_column, GW_CASE_COLUMN_CATEGORY, compare_category);
  set_up_column (self->tier_column, GW_CASE_COLUMN_TIER, compare_tier);
  set_up_column (self->status_column, GW_CASE_COLUMN_STATUS, compare_status);
  set_up_column (self->deadline_column, GW_CASE_COLUMN_DEADLINE, compare_deadline);

  self->cases = g_list_store_new (GW_TYPE_CASE_SUMMARY);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->cases)),
                                          g_object_ref (gtk_column_view_get_sorter (self->view)));
  /* Several cases can be selected and dragged, or rerouted with Ctrl+R. */
  self->selection =
    GTK_SELECTION_MODEL (gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->sorted))));
}

GtkWidget *
gw_case_list_new (void)
{
  return g_object_new (GW_TYPE_CASE_LIST, NULL);
}
