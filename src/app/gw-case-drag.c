/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-case-drag"

#include "config.h"

#include <inttypes.h>

#include <stdlib.h>
#include <string.h>

#include "gw-case-drag.h"

#define TEXT_PREFIX "gridwork-case:"

G_DEFINE_BOXED_TYPE (GwCaseDrag, gw_case_drag, gw_case_drag_copy, gw_case_drag_free)

GwCaseDrag *
gw_case_drag_new (guint         n_cases,
                  const gint64 *case_ids,
                  const gint64 *versions)
{
  GwCaseDrag *drag = g_new0 (GwCaseDrag, 1);

  g_return_val_if_fail (case_ids != NULL || n_cases == 0, drag);

  drag->n_cases = n_cases;
  drag->case_ids = g_new0 (gint64, MAX (n_cases, 1));
  drag->versions = g_new0 (gint64, MAX (n_cases, 1));
  if (n_cases > 0)
    {
      memcpy (drag->case_ids, case_ids, n_cases * sizeof (gint64));
      if (versions != NULL)
        memcpy (drag->versions, versions, n_cases * sizeof (gint64));
    }
  return drag;
}

GwCaseDrag *
gw_case_drag_copy (const GwCaseDrag *drag)
{
  g_return_val_if_fail (drag != NULL, NULL);

  return gw_case_drag_new (drag->n_cases, drag->case_ids, drag->versions);
}

void
gw_case_drag_free (GwCaseDrag *drag)
{
  if (drag == NULL)
    return;
  g_free (drag->case_ids);
  g_free (drag->versions);
  g_free (drag);
}

char *
gw_case_drag_to_string (const GwCaseDrag *drag)
{
  GString *text = g_string_new (TEXT_PREFIX);

  g_return_val_if_fail (drag != NULL, g_string_free (text, FALSE));

  for (guint i = 0; i < drag->n_cases; i++)
    g_string_append_printf (text, "%s%" PRId64, i > 0 ? "," : "", drag->case_ids[i]);
  return g_string_free (text, FALSE);
}

GwCaseDrag *
gw_case_drag_from_string (const char *text)
{
  g_auto (GStrv) parts = NULL;
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (text == NULL || !g_str_has_prefix (text, TEXT_PREFIX))
    return NULL;
  parts = g_strsplit (text + strlen (TEXT_PREFIX), ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *end = NULL;
      gint64 id = g_ascii_strtoll (parts[i], &end, 10);

      if (end == parts[i] || *end != '\0' || id <= 0)
        return NULL;
      g_array_append_val (ids, id);
    }
  if (ids->len == 0)
    return NULL;
  return gw_case_drag_new (ids->len, (gint64 *) ids->data, NULL);
}

GdkContentProvider *
gw_case_drag_content (const GwCaseDrag *drag)
{
  g_autofree char *text = NULL;
  g_autoptr (GBytes) bytes = NULL;
  GdkContentProvider *providers[2];

  g_return_val_if_fail (drag != NULL, NULL);

  text = gw_case_drag_to_string (drag);
  bytes = g_bytes_new (text, strlen (text));
  providers[0] = gdk_content_provider_new_typed (GW_TYPE_CASE_DRAG, drag);
  providers[1] = gdk_content_provider_new_for_bytes ("text/plain;charset=utf-8", bytes);
  return gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
}

typedef struct
{
  GwRerouteKind  kind;
  gint64         target_id;
  GwCaseDropFunc func;
  gpointer       user_data;
} DropData;

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         DropData      *data)
{
  const GwCaseDrag *drag;

  if (!G_VALUE_HOLDS (value, GW_TYPE_CASE_DRAG))
    return FALSE;
  drag = g_value_get_boxed (value);
  if (drag == NULL || drag->n_cases == 0)
    return FALSE;
  data->func (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target)), drag, data->kind,
              data->target_id, data->user_data);
  return TRUE;
}

GtkDropTarget *
gw_case_drag_add_drop_target (GtkWidget      *widget,
                              GwRerouteKind   kind,
                              gint64          target_id,
                              GwCaseDropFunc  func,
                              gpointer        user_data)
{
  GtkDropTarget *target;
  DropData *data;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  target = gtk_drop_target_new (GW_TYPE_CASE_DRAG, GDK_ACTION_MOVE);
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (target), "gw-case-drop");
  data = g_new0 (DropData, 1);
  *data = (DropData) { kind, target_id, func, user_data };
  g_object_set_data_full (G_OBJECT (target), "gw-drop-data", data, g_free);
  g_signal_connect (target, "drop", G_CALLBACK (on_drop), data);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (target));
  g_object_set_data (G_OBJECT (widget), "gw-case-drop-target", target);
  return target;
}

GtkDropTarget *
gw_case_drag_get_drop_target (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  return g_object_get_data (G_OBJECT (widget), "gw-case-drop-target");
}
