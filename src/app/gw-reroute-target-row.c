/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-reroute-target-row"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "gw-reroute-target-row.h"
#include "gw-tooltips.h"

struct _GwRerouteTargetRow
{
  GtkListBoxRow  parent_instance;

  GwRerouteKind  kind;
  gint64         target_id;
  char          *search_text;    /* casefolded */
  gboolean       compact;
  gint64         n_open;
  gint64         n_overdue;

  GtkLabel      *title_label;
  GtkLabel      *subtitle_label;
  GtkLabel      *load_label;
};

G_DEFINE_FINAL_TYPE (GwRerouteTargetRow, gw_reroute_target_row, GTK_TYPE_LIST_BOX_ROW)

static char *
format_load (gint64 n_open,
             gint64 n_overdue)
{
  if (n_overdue > 0)
    /* Translators: open and overdue cases of a department or grid, e.g. "12 open · 3 overdue" */
    return g_strdup_printf (_("%" PRId64 " open · %" PRId64 " overdue"), n_open, n_overdue);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " open",
                                       "%" PRId64 " open", n_open),
                          n_open);
}

/* Overdue work in the error colour; other open work in the accent colour,
 * except in compact rows. */
static void
update_load_colour (GwRerouteTargetRow *self)
{
  GtkWidget *label = GTK_WIDGET (self->load_label);

  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "accent");
  if (self->n_overdue > 0)
    gtk_widget_add_css_class (label, "error");
  else if (self->n_open > 0 && !self->compact)
    gtk_widget_add_css_class (label, "accent");
}

void
gw_reroute_target_row_set_load (GwRerouteTargetRow *self,
                                gint64              n_open,
                                gint64              n_overdue)
{
  g_autofree char *text = NULL;

  g_return_if_fail (GW_IS_REROUTE_TARGET_ROW (self));

  self->n_open = n_open;
  self->n_overdue = n_overdue;
  text = format_load (n_open, n_overdue);
  gtk_label_set_label (self->load_label, text);
  update_load_colour (self);
}

const char *
gw_reroute_target_row_get_load_text (GwRerouteTargetRow *self)
{
  g_return_val_if_fail (GW_IS_REROUTE_TARGET_ROW (self), NULL);

  return gtk_label_get_label (self->load_label);
}

void
gw_reroute_target_row_set_compact (GwRerouteTargetRow *self,
                                   gboolean            compact)
{
  GtkWidget *box;

  g_return_if_fail (GW_IS_REROUTE_TARGET_ROW (self));

  box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (self));
  self->compact = !!compact;
  gtk_widget_set_margin_top (box, compact ? 3 : 4);
  gtk_widget_set_margin_bottom (box, compact ? 3 : 4);
  update_load_colour (self);
}

GwRerouteKind
gw_reroute_target_row_get_kind (GwRerouteTargetRow *self)
{
  g_return_val_if_fail (GW_IS_REROUTE_TARGET_ROW (self), GW_REROUTE_TO_WORKER);

  return self->kind;
}

const char *
gw_reroute_target_row_get_title (GwRerouteTargetRow *self)
{
  g_return_val_if_fail (GW_IS_REROUTE_TARGET_ROW (self), NULL);

  return gtk_label_get_text (self->title_label);
}

gint64
gw_reroute_target_row_get_target_id (GwRerouteTargetRow *self)
{
  g_return_val_if_fail (GW_IS_REROUTE_TARGET_ROW (self), 0);

  return self->target_id;
}

gboolean
gw_reroute_target_row_matches (GwRerouteTargetRow *self,
                               const char         *casefolded_search)
{
  g_return_val_if_fail (GW_IS_REROUTE_TARGET_ROW (self), FALSE);

  if (casefolded_search == NULL || casefolded_search[0] == '\0')
    return TRUE;
  return self->search_text != NULL && strstr (self->search_text, casefolded_search) != NULL;
}

char *
gw_reroute_target_row_get_cut_text (GwRerouteTargetRow *self)
{
  GtkLabel *labels[] = { self->title_label, self->subtitle_label };
  gboolean cut = FALSE;

  g_return_val_if_fail (GW_IS_REROUTE_TARGET_ROW (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    cut |= gtk_widget_get_mapped (GTK_WIDGET (labels[i]))
           && pango_layout_is_ellipsized (gtk_label_get_layout (labels[i]));
  if (!cut)
    return NULL;
  return g_strdup_printf ("%s\n%s", gtk_label_get_text (self->title_label),
                          gtk_label_get_text (self->subtitle_label));
}

/* A name or description cut short in a narrow dialog is shown whole in the
 * row's tooltip; rows shown whole have none. */
static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  g_autofree char *text = gw_reroute_target_row_get_cut_text (GW_REROUTE_TARGET_ROW (widget));
  g_autofree char *markup = NULL;

  if (text == NULL)
    return FALSE;
  markup = g_markup_escape_text (text, -1);
  gtk_tooltip_set_custom (tooltip, gw_tooltip_label_new (markup));
  return TRUE;
}

static void
gw_reroute_target_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GW_TYPE_REROUTE_TARGET_ROW);

  G_OBJECT_CLASS (gw_reroute_target_row_parent_class)->dispose (object);
}

static void
gw_reroute_target_row_finalize (GObject *object)
{
  GwRerouteTargetRow *self = GW_REROUTE_TARGET_ROW (object);

  g_free (self->search_text);

  G_OBJECT_CLASS (gw_reroute_target_row_parent_class)->finalize (object);
}

static void
gw_reroute_target_row_class_init (GwRerouteTargetRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_reroute_target_row_dispose;
  object_class->finalize = gw_reroute_target_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-reroute-target-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GwRerouteTargetRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, GwRerouteTargetRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, GwRerouteTargetRow, load_label);
}

static void
gw_reroute_target_row_init (GwRerouteTargetRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
}

/**
 * gw_reroute_target_row_new:
 * @kind: what the target is
 * @target_id: the worker's, department's or grid's id
 * @title: its name
 * @subtitle: a dim line under it
 * @search_text: what a search matches the row against, in any case
 *
 * Returns: (transfer floating): a row with no load yet
 */
GtkWidget *
gw_reroute_target_row_new (GwRerouteKind  kind,
                           gint64         target_id,
                           const char    *title,
                           const char    *subtitle,
                           const char    *search_text)
{
  GwRerouteTargetRow *self = g_object_new (GW_TYPE_REROUTE_TARGET_ROW, NULL);

  self->kind = kind;
  self->target_id = target_id;
  self->search_text = g_utf8_casefold (search_text ? search_text : "", -1);
  gtk_label_set_text (self->title_label, title ? title : "");
  gtk_label_set_text (self->subtitle_label, subtitle ? subtitle : "");
  return GTK_WIDGET (self);
}
