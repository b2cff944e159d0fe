/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-summary-row"

#include "config.h"

#include "gw-summary-row.h"

struct _GwSummaryRow
{
  AdwActionRow  parent_instance;

  GtkLabel     *value_label;
};

G_DEFINE_FINAL_TYPE (GwSummaryRow, gw_summary_row, ADW_TYPE_ACTION_ROW)

enum
{
  PROP_0,
  PROP_VALUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * gw_summary_row_set_value:
 * @self: a #GwSummaryRow
 * @value: (nullable): the figure as shown ("1,024", "22,188 m²")
 *
 * Sets the value; a long one is ellipsized and readable in full as a tooltip.
 */
void
gw_summary_row_set_value (GwSummaryRow *self,
                          const char   *value)
{
  g_return_if_fail (GW_IS_SUMMARY_ROW (self));

  if (g_strcmp0 (value ? value : "", gtk_label_get_text (self->value_label)) == 0)
    return;
  gtk_label_set_text (self->value_label, value ? value : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->value_label), value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

const char *
gw_summary_row_get_value (GwSummaryRow *self)
{
  g_return_val_if_fail (GW_IS_SUMMARY_ROW (self), NULL);

  return gtk_label_get_text (self->value_label);
}

void
gw_summary_row_set_alert (GwSummaryRow *self,
                          gboolean      alert)
{
  g_return_if_fail (GW_IS_SUMMARY_ROW (self));

  if (alert)
    gtk_widget_add_css_class (GTK_WIDGET (self->value_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->value_label), "error");
}

static void
gw_summary_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GwSummaryRow *self = GW_SUMMARY_ROW (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_string (value, gw_summary_row_get_value (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_summary_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GwSummaryRow *self = GW_SUMMARY_ROW (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      gw_summary_row_set_value (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_summary_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GW_TYPE_SUMMARY_ROW);

  G_OBJECT_CLASS (gw_summary_row_parent_class)->dispose (object);
}

static void
gw_summary_row_class_init (GwSummaryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = gw_summary_row_get_property;
  object_class->set_property = gw_summary_row_set_property;
  object_class->dispose = gw_summary_row_dispose;

  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-summary-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GwSummaryRow, value_label);
}

static void
gw_summary_row_init (GwSummaryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
gw_summary_row_new (void)
{
  return g_object_new (GW_TYPE_SUMMARY_ROW, NULL);
}
