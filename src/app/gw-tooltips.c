/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-tooltips"

#include "config.h"

#include "gw-tooltips.h"

/* GtkTooltipWindow (GTK 4.8) sets its label's max-width-chars to the
 * number of characters of the text, capped at 50; GtkLabel turns that into
 * pixels with Pango's approximate character width, which counts a CJK
 * character as two narrow cells. So "打开街道数据库" (7 characters) got the
 * room of 7 narrow cells and wrapped three characters a line. Our label
 * has a fixed maximum: a short text keeps its own width on one line. */

static GQuark
attached_quark (void)
{
  return g_quark_from_static_string ("gw-tooltips-attached");
}

GtkWidget *
gw_tooltip_label_new (const char *markup)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup != NULL ? markup : "");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  /* Chinese has no spaces to wrap at. */
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), GW_TOOLTIP_WIDTH_CHARS);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  return label;
}

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *markup = gtk_widget_get_tooltip_markup (widget);

  /* Nothing of ours: the widget's own tooltip handling, if any. */
  if (markup == NULL || *markup == '\0')
    return FALSE;
  gtk_tooltip_set_custom (tooltip, gw_tooltip_label_new (markup));
  return TRUE;
}

void
gw_tooltips_attach (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (g_object_get_qdata (G_OBJECT (widget), attached_quark ()) != NULL)
    return;
  g_object_set_qdata (G_OBJECT (widget), attached_quark (), GINT_TO_POINTER (TRUE));
  g_signal_connect (widget, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
}

gboolean
gw_tooltips_attached (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  return g_object_get_qdata (G_OBJECT (widget), attached_quark ()) != NULL;
}

/* A widget's tooltip can only show once it is mapped: attach then. Widgets
 * that handle the signal themselves (GtkLabel's links, our own handlers
 * connected before mapping) run first and keep theirs. */
static gboolean
on_map_emission (GSignalInvocationHint *hint,
                 guint                  n_params,
                 const GValue          *params,
                 gpointer               user_data)
{
  GtkWidget *widget = g_value_get_object (&params[0]);

  if (gtk_widget_get_has_tooltip (widget) && gtk_widget_get_tooltip_markup (widget) != NULL)
    gw_tooltips_attach (widget);
  return TRUE;   /* stay installed */
}

void
gw_tooltips_init (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      /* Signals are looked up on a class that exists: keep it. */
      g_type_class_ref (GTK_TYPE_WIDGET);
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, on_map_emission,
                                  NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}
