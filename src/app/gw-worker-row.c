/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-worker-row"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-domain.h"
#include "gw-worker-row.h"

struct _GwWorkerRow
{
  GtkWidget      parent_instance;

  GwGridWorker  *worker;

  GtkLabel      *name_label;
  GtkWidget     *first_badge;
  GtkLabel      *phone_label;
  GtkLabel      *role_label;
};

G_DEFINE_FINAL_TYPE (GwWorkerRow, gw_worker_row, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_WORKER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "Community cadre · 宿州路社区居委会 · 3 open cases" */
static char *
format_role (GwGridWorker *worker)
{
  GString *text = g_string_new (gw_worker_role_label (worker->role));

  if (worker->org != NULL && *worker->org != '\0')
    g_string_append_printf (text, " · %s", worker->org);
  if (worker->n_open_cases > 0)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text,
                              /* gettext cannot see through PRId64 */
                              ngettext ("%d open case", "%d open cases",
                                        (int) worker->n_open_cases),
                              (int) worker->n_open_cases);
    }
  return g_string_free (text, FALSE);
}

static void
set_worker (GwWorkerRow  *self,
            GwGridWorker *worker)
{
  g_autofree char *role = NULL;

  g_return_if_fail (GW_IS_GRID_WORKER (worker));

  g_set_object (&self->worker, worker);
  role = format_role (worker);
  gtk_label_set_text (self->name_label, worker->name ? worker->name : "");
  gtk_widget_set_visible (self->first_badge, worker->is_first);
  gtk_label_set_text (self->phone_label, worker->phone ? worker->phone : "");
  gtk_label_set_text (self->role_label, role);
}

/**
 * gw_worker_row_set_worker:
 *
 * Shows @worker in the row (rows are reused from grid to grid).
 */
void
gw_worker_row_set_worker (GwWorkerRow  *self,
                          GwGridWorker *worker)
{
  g_return_if_fail (GW_IS_WORKER_ROW (self));

  set_worker (self, worker);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKER]);
}

GwGridWorker *
gw_worker_row_get_worker (GwWorkerRow *self)
{
  g_return_val_if_fail (GW_IS_WORKER_ROW (self), NULL);

  return self->worker;
}

gint64
gw_worker_row_get_worker_id (GwWorkerRow *self)
{
  g_return_val_if_fail (GW_IS_WORKER_ROW (self), 0);

  return self->worker->worker_id;
}

const char *
gw_worker_row_get_name (GwWorkerRow *self)
{
  g_return_val_if_fail (GW_IS_WORKER_ROW (self), NULL);

  return gtk_label_get_text (self->name_label);
}

static void
gw_worker_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GwWorkerRow *self = GW_WORKER_ROW (object);

  switch (prop_id)
    {
    case PROP_WORKER:
      g_value_set_object (value, self->worker);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_worker_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GwWorkerRow *self = GW_WORKER_ROW (object);

  switch (prop_id)
    {
    case PROP_WORKER:
      set_worker (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_worker_row_dispose (GObject *object)
{
  GwWorkerRow *self = GW_WORKER_ROW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_WORKER_ROW);
  /* The template's grid has no id: ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->worker);

  G_OBJECT_CLASS (gw_worker_row_parent_class)->dispose (object);
}

static void
gw_worker_row_class_init (GwWorkerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = gw_worker_row_get_property;
  object_class->set_property = gw_worker_row_set_property;
  object_class->dispose = gw_worker_row_dispose;

  properties[PROP_WORKER] =
    g_param_spec_object ("worker", NULL, NULL, GW_TYPE_GRID_WORKER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-worker-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GwWorkerRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, GwWorkerRow, first_badge);
  gtk_widget_class_bind_template_child (widget_class, GwWorkerRow, phone_label);
  gtk_widget_class_bind_template_child (widget_class, GwWorkerRow, role_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* Styled as the list box rows these were. */
  gtk_widget_class_set_css_name (widget_class, "row");
}

static void
gw_worker_row_init (GwWorkerRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
gw_worker_row_new (GwGridWorker *worker)
{
  g_return_val_if_fail (GW_IS_GRID_WORKER (worker), NULL);

  return g_object_new (GW_TYPE_WORKER_ROW, "worker", worker, NULL);
}
