/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-case-cell"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gw-case-cell.h"
#include "gw-domain.h"
#include "gw-tooltips.h"

/* No template: a cell is one label (two in the Case column: category and
 * code, then the description), made once per column and row the list
 * shows; only its text and colour change as it is rebound. */

struct _GwCaseCell
{
  GtkWidget      parent_instance;

  GwCaseColumn   column;
  GwCaseSummary *summary;      /* while bound */

  GtkWidget     *child;
  GtkLabel      *label;
  GtkLabel      *detail;       /* the Case column's second line */
};

G_DEFINE_FINAL_TYPE (GwCaseCell, gw_case_cell, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_COLUMN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
format_age (double age_days)
{
  if (age_days < 1.0)
    {
      int hours = MAX (0, (int) (age_days * 24.0));
      return g_strdup_printf (ngettext ("%d hour", "%d hours", hours), hours);
    }
  return g_strdup_printf (ngettext ("%d day", "%d days", (int) age_days), (int) age_days);
}

/* "2026-11-20 17:30:00" → "11-20 17:30": the year is this year's. */
static char *
format_deadline (const char *deadline)
{
  if (deadline == NULL || *deadline == '\0')
    return g_strdup ("—");
  if (strlen (deadline) >= 16)
    return g_strndup (deadline + 5, 11);
  return g_strdup (deadline);
}

/* The code and subcategory, the description, then who holds the case. */
static char *
format_category_tooltip (GwCaseSummary *summary)
{
  return g_strdup_printf ("%s%s%s\n%s%s%s",
                          summary->code ? summary->code : "",
                          summary->subcategory && *summary->subcategory ? " · " : "",
                          summary->subcategory ? summary->subcategory : "",
                          summary->description ? summary->description : "",
                          summary->assignee && *summary->assignee ? "\n→ " : "",
                          summary->assignee ? summary->assignee : "");
}

static void
show_tier (GwCaseCell    *self,
           GwCaseSummary *summary)
{
  GtkWidget *label = GTK_WIDGET (self->label);

  gtk_widget_remove_css_class (label, "tier-a");
  gtk_widget_remove_css_class (label, "tier-b");
  gtk_widget_remove_css_class (label, "tier-c");
  if (summary->tier != NULL && *summary->tier != '\0')
    {
      g_autofree char *css_class = g_strdup_printf ("tier-%c", g_ascii_tolower (summary->tier[0]));

      gtk_widget_add_css_class (label, css_class);
    }
  gtk_label_set_text (self->label, summary->tier);
}

/**
 * gw_case_cell_bind:
 * @self: a #GwCaseCell
 * @summary: the case of the cell's row
 */
void
gw_case_cell_bind (GwCaseCell    *self,
                   GwCaseSummary *summary)
{
  GtkWidget *label;
  g_autofree char *text = NULL;

  g_return_if_fail (GW_IS_CASE_CELL (self));
  g_return_if_fail (GW_IS_CASE_SUMMARY (summary));

  g_set_object (&self->summary, summary);
  label = GTK_WIDGET (self->label);

  switch (self->column)
    {
    case GW_CASE_COLUMN_CATEGORY:
      {
        g_autofree char *markup = NULL;

        markup = g_markup_printf_escaped ("%s  <span alpha=\"55%%\">%s</span>",
                                          gw_case_category_label (summary->category),
                                          summary->code != NULL ? summary->code : "");
        gtk_label_set_markup (self->label, markup);
        gtk_label_set_text (self->detail, summary->description != NULL ? summary->description : "");
        text = format_category_tooltip (summary);
        gtk_widget_set_tooltip_text (self->child, text);
        /* Bound while mapped: show Chinese tooltips at a readable width. */
        gw_tooltips_attach (self->child);
      }
      break;

    case GW_CASE_COLUMN_TIER:
      show_tier (self, summary);
      break;

    case GW_CASE_COLUMN_STATUS:
      gtk_label_set_text (self->label, gw_case_status_label (summary->status));
      break;

    case GW_CASE_COLUMN_DEADLINE:
      {
        g_autofree char *age = format_age (summary->age_days);
        /* Translators: under a case's deadline: how long ago it was reported, e.g. "3 days old" */
        g_autofree char *reported = g_strdup_printf (_("%s old"), age);

        gtk_label_set_text (self->detail, reported);
      }
      text = format_deadline (summary->deadline_at);
      gtk_label_set_text (self->label, text);
      if (summary->overdue)
        {
          gtk_widget_add_css_class (label, "error");
          gtk_widget_set_tooltip_text (label, _("Overdue"));
        }
      else
        {
          gtk_widget_remove_css_class (label, "error");
          gtk_widget_set_tooltip_text (label, summary->deadline_at);
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

void
gw_case_cell_unbind (GwCaseCell *self)
{
  g_return_if_fail (GW_IS_CASE_CELL (self));

  g_clear_object (&self->summary);
}

/**
 * gw_case_cell_get_case:
 * @self: a #GwCaseCell
 *
 * Returns: (transfer none) (nullable): the case shown
 */
GwCaseSummary *
gw_case_cell_get_case (GwCaseCell *self)
{
  g_return_val_if_fail (GW_IS_CASE_CELL (self), NULL);

  return self->summary;
}

static void
gw_case_cell_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GwCaseCell *self = GW_CASE_CELL (object);

  switch (prop_id)
    {
    case PROP_COLUMN:
      g_value_set_int (value, self->column);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_case_cell_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GwCaseCell *self = GW_CASE_CELL (object);

  switch (prop_id)
    {
    case PROP_COLUMN:
      self->column = g_value_get_int (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_case_cell_constructed (GObject *object)
{
  GwCaseCell *self = GW_CASE_CELL (object);
  GtkWidget *label = gtk_label_new (NULL);

  G_OBJECT_CLASS (gw_case_cell_parent_class)->constructed (object);

  self->label = GTK_LABEL (label);
  self->child = label;
  gtk_label_set_xalign (self->label, 0.0);
  /* Statuses are short and told apart by their ends ("Reported",
   * "Reported done"): never cut; the Case column gives up room instead. */
  if (self->column != GW_CASE_COLUMN_STATUS)
    gtk_label_set_ellipsize (self->label, PANGO_ELLIPSIZE_END);
  if (self->column == GW_CASE_COLUMN_CATEGORY || self->column == GW_CASE_COLUMN_DEADLINE)
    {
      GtkWidget *detail = gtk_label_new (NULL);

      self->detail = GTK_LABEL (detail);
      gtk_label_set_xalign (self->detail, 0.0);
      gtk_label_set_ellipsize (self->detail, PANGO_ELLIPSIZE_END);
      gtk_label_set_single_line_mode (self->detail, TRUE);
      gtk_widget_add_css_class (detail, "caption");
      gtk_widget_add_css_class (detail, "dim-label");
      self->child = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      gtk_box_append (GTK_BOX (self->child), label);
      gtk_box_append (GTK_BOX (self->child), detail);
      gtk_widget_set_parent (self->child, GTK_WIDGET (self));
      return;
    }
  if (self->column == GW_CASE_COLUMN_DEADLINE)
    gtk_widget_add_css_class (label, "numeric");
  if (self->column == GW_CASE_COLUMN_TIER)
    {
      gtk_widget_add_css_class (label, "tag");
      gtk_widget_set_halign (label, GTK_ALIGN_START);
    }
  gtk_widget_set_parent (label, GTK_WIDGET (self));
}

static void
gw_case_cell_dispose (GObject *object)
{
  GwCaseCell *self = GW_CASE_CELL (object);

  if (self->child != NULL)
    gtk_widget_unparent (self->child);
  self->child = NULL;
  self->label = NULL;
  self->detail = NULL;
  g_clear_object (&self->summary);

  G_OBJECT_CLASS (gw_case_cell_parent_class)->dispose (object);
}

static void
gw_case_cell_class_init (GwCaseCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = gw_case_cell_get_property;
  object_class->set_property = gw_case_cell_set_property;
  object_class->constructed = gw_case_cell_constructed;
  object_class->dispose = gw_case_cell_dispose;

  /* A GwCaseColumn. */
  properties[PROP_COLUMN] =
    g_param_spec_int ("column", NULL, NULL,
                      GW_CASE_COLUMN_CATEGORY, GW_CASE_COLUMN_DEADLINE, GW_CASE_COLUMN_CATEGORY,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gw_case_cell_init (GwCaseCell *self)
{
}

GtkWidget *
gw_case_cell_new (GwCaseColumn column)
{
  return g_object_new (GW_TYPE_CASE_CELL, "column", column, NULL);
}
