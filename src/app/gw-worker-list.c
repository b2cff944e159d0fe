/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-worker-list"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-worker-list.h"

struct _GwWorkerList
{
  AdwPreferencesGroup  parent_instance;

  GPtrArray           *rows;             /* of GwWorkerRow, in order, shown */
  GPtrArray           *pool;             /* of GwWorkerRow, ours: rows made so far, reused */

  GtkWidget           *placeholder_row;  /* "No workers assigned yet", in the group or not */
};

G_DEFINE_FINAL_TYPE (GwWorkerList, gw_worker_list, ADW_TYPE_PREFERENCES_GROUP)

enum
{
  SIGNAL_CASES_DROPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The row's worker now: rows are reused from grid to grid. */
static void
on_worker_drop (GtkWidget        *row,
                const GwCaseDrag *drag,
                GwRerouteKind     kind,
                gint64            worker_id,
                gpointer          user_data)
{
  g_signal_emit (GW_WORKER_LIST (user_data), signals[SIGNAL_CASES_DROPPED], 0, drag, (int) kind,
                 gw_worker_row_get_worker_id (GW_WORKER_ROW (row)));
}

/**
 * gw_worker_list_clear:
 * @self: a #GwWorkerList
 *
 * Removes the rows; not even the placeholder is left.
 */
void
gw_worker_list_clear (GwWorkerList *self)
{
  g_return_if_fail (GW_IS_WORKER_LIST (self));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  if (gtk_widget_get_parent (self->placeholder_row) != NULL)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->placeholder_row);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), NULL);
}

/**
 * gw_worker_list_show:
 * @self: a #GwWorkerList
 * @store: the open street database
 * @grid_id: the grid whose team to list
 * @error: return location for a #GError
 *
 * Lists the grid's workers; each row takes dropped cases for its worker.
 */
gboolean
gw_worker_list_show (GwWorkerList  *self,
                     GwStore       *store,
                     gint64         grid_id,
                     GError       **error)
{
  g_autoptr(GPtrArray) workers = NULL;

  g_return_val_if_fail (GW_IS_WORKER_LIST (self), FALSE);
  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  gw_worker_list_clear (self);

  workers = gw_inspector_grid_workers (store, grid_id, error);
  if (workers == NULL)
    return FALSE;

  /* The rows of the last grid are kept and filled again: making a grid
   * team's twenty rows anew was half of a click's work in the district. */
  for (guint i = 0; i < workers->len; i++)
    {
      GwGridWorker *worker = g_ptr_array_index (workers, i);
      GtkWidget *row;

      if (i < self->pool->len)
        {
          row = g_ptr_array_index (self->pool, i);
          gw_worker_row_set_worker (GW_WORKER_ROW (row), worker);
        }
      else
        {
          row = g_object_ref_sink (gw_worker_row_new (worker));
          /* Drop a case on a worker: that worker handles it. */
          gw_case_drag_add_drop_target (row, GW_REROUTE_TO_WORKER, 0, on_worker_drop, self);
          g_ptr_array_add (self->pool, row);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->rows, row);
    }

  if (workers->len == 0)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->placeholder_row);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         workers->len > 0
                                         ? _("Phones are public on the grid notice board")
                                         : NULL);
  return TRUE;
}

/**
 * gw_worker_list_get_row:
 * @self: a #GwWorkerList
 * @worker_id: a worker of the shown grid
 *
 * Returns: (transfer none) (nullable): the worker's first row
 */
GwWorkerRow *
gw_worker_list_get_row (GwWorkerList *self,
                        gint64        worker_id)
{
  g_return_val_if_fail (GW_IS_WORKER_LIST (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GwWorkerRow *row = g_ptr_array_index (self->rows, i);

      if (gw_worker_row_get_worker_id (row) == worker_id)
        return row;
    }
  return NULL;
}

/**
 * gw_worker_list_dup_names:
 * @self: a #GwWorkerList
 *
 * Returns: (transfer full): the names on the worker rows, in order
 */
char **
gw_worker_list_dup_names (GwWorkerList *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (GW_IS_WORKER_LIST (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    g_strv_builder_add (builder, gw_worker_row_get_name (g_ptr_array_index (self->rows, i)));
  return g_strv_builder_end (builder);
}

static void
gw_worker_list_dispose (GObject *object)
{
  GwWorkerList *self = GW_WORKER_LIST (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), GW_TYPE_WORKER_LIST);
  g_ptr_array_set_size (self->rows, 0);
  g_clear_pointer (&self->pool, g_ptr_array_unref);

  G_OBJECT_CLASS (gw_worker_list_parent_class)->dispose (object);
}

static void
gw_worker_list_finalize (GObject *object)
{
  GwWorkerList *self = GW_WORKER_LIST (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (gw_worker_list_parent_class)->finalize (object);
}

static void
gw_worker_list_class_init (GwWorkerListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_worker_list_dispose;
  object_class->finalize = gw_worker_list_finalize;

  /**
   * GwWorkerList::cases-dropped:
   * @self: the list
   * @drag: the #GwCaseDrag dropped on a worker row
   * @kind: %GW_REROUTE_TO_WORKER
   * @worker_id: the worker
   */
  signals[SIGNAL_CASES_DROPPED] =
    g_signal_new ("cases-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                  GW_TYPE_CASE_DRAG | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_INT, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-worker-list.ui");
  gtk_widget_class_bind_template_child (widget_class, GwWorkerList, placeholder_row);
}

static void
gw_worker_list_init (GwWorkerList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
  self->pool = g_ptr_array_new_with_free_func (g_object_unref);
}

GtkWidget *
gw_worker_list_new (void)
{
  return g_object_new (GW_TYPE_WORKER_LIST, NULL);
}
