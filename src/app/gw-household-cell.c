/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-household-cell"

#include "config.h"

#include "gw-domain.h"
#include "gw-household-cell.h"
#include "gw-household-page.h"
#include "gw-tooltips.h"

/* No template: what a cell holds depends on its column, and a list builds
 * a cell per column for every row it shows. Cells are made once and only
 * their text changes as they are rebound. */

struct _GwHouseholdCell
{
  GtkWidget          parent_instance;

  GwHouseholdColumn  column;
  GwListSlot        *slot;           /* while bound */
  gulong             slot_handler;
  char              *tag_class;      /* the first tag's colour class, to take off again */

  GtkWidget         *first;          /* the label, or the first of two */
  GtkWidget         *second;         /* the dwelling code, or "+N" more tags */
};

G_DEFINE_FINAL_TYPE (GwHouseholdCell, gw_household_cell, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_COLUMN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
build_children (GwHouseholdCell *self)
{
  GtkWidget *box;

  switch (self->column)
    {
    case GW_HOUSEHOLD_COLUMN_ADDRESS:
      /* Where, and under it the 11-digit dwelling code: one cell, two lines,
       * so the list fits beside the map. */
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      self->first = gtk_label_new (NULL);
      self->second = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (self->first), 0.0);
      gtk_label_set_xalign (GTK_LABEL (self->second), 0.0);
      gtk_widget_add_css_class (self->second, "caption");
      gtk_widget_add_css_class (self->second, "dim-label");
      gtk_widget_add_css_class (self->second, "numeric");
      gtk_box_append (GTK_BOX (box), self->first);
      gtk_box_append (GTK_BOX (box), self->second);
      break;

    case GW_HOUSEHOLD_COLUMN_TAGS:
      /* Two reusable labels — the first tag and "+N" — because building
       * widgets per bind is what makes long lists slow. */
      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      self->first = gw_tag_label_new (NULL, NULL);
      self->second = gw_tag_label_new (NULL, NULL);
      gtk_box_append (GTK_BOX (box), self->first);
      gtk_box_append (GTK_BOX (box), self->second);
      break;

    case GW_HOUSEHOLD_COLUMN_HEAD:
    case GW_HOUSEHOLD_COLUMN_MEMBERS:
    default:
      box = self->first = gtk_label_new (NULL);
      gtk_label_set_ellipsize (GTK_LABEL (self->first), PANGO_ELLIPSIZE_END);
      if (self->column == GW_HOUSEHOLD_COLUMN_MEMBERS)
        {
          gtk_label_set_xalign (GTK_LABEL (self->first), 1.0);
          gtk_widget_add_css_class (self->first, "numeric");
        }
      else
        gtk_label_set_xalign (GTK_LABEL (self->first), 0.0);
      break;
    }
  gtk_widget_set_parent (box, GTK_WIDGET (self));
}

static void
show_tags (GwHouseholdCell  *self,
           char            **tags)
{
  guint n_tags = tags != NULL ? g_strv_length (tags) : 0;

  if (self->tag_class != NULL)
    gtk_widget_remove_css_class (self->first, self->tag_class);
  g_clear_pointer (&self->tag_class, g_free);

  gtk_widget_set_visible (self->first, n_tags > 0);
  gtk_widget_set_visible (self->second, n_tags > 1);
  if (n_tags == 0)
    return;

  /* CSS class names use dashes: "elderly_alone" → "elderly-alone". */
  self->tag_class = g_strdelimit (g_strdup (tags[0]), "_ ", '-');
  gtk_widget_add_css_class (self->first, self->tag_class);
  gtk_label_set_text (GTK_LABEL (self->first), gw_resident_tag_label (tags[0]));

  if (n_tags > 1)
    {
      g_autoptr(GString) rest = g_string_new (NULL);
      g_autofree char *count = g_strdup_printf ("+%u", n_tags - 1);

      for (guint i = 1; i < n_tags; i++)
        {
          if (rest->len > 0)
            g_string_append (rest, ", ");
          g_string_append (rest, gw_resident_tag_label (tags[i]));
        }
      gtk_label_set_text (GTK_LABEL (self->second), count);
      gtk_widget_set_tooltip_text (self->second, rest->str);
      gw_tooltips_attach (self->second);
    }
}

static void
refresh (GwHouseholdCell *self)
{
  GwHousehold *household = gw_household_cell_get_household (self);
  g_autofree char *text = NULL;

  if (household == NULL)
    return;

  switch (self->column)
    {
    case GW_HOUSEHOLD_COLUMN_ADDRESS:
      text = gw_household_format_address (household);
      gtk_label_set_text (GTK_LABEL (self->first), text);
      gtk_label_set_text (GTK_LABEL (self->second), household->dwelling_code);
      gtk_widget_set_tooltip_text (gtk_widget_get_parent (self->first), household->address);
      gw_tooltips_attach (gtk_widget_get_parent (self->first));
      break;

    case GW_HOUSEHOLD_COLUMN_HEAD:
      gtk_label_set_text (GTK_LABEL (self->first), household->head_name);
      break;

    case GW_HOUSEHOLD_COLUMN_MEMBERS:
      text = g_strdup_printf ("%d", household->n_members);
      gtk_label_set_text (GTK_LABEL (self->first), text);
      break;

    case GW_HOUSEHOLD_COLUMN_TAGS:
      show_tags (self, household->tags);
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * gw_household_cell_bind:
 * @self: a #GwHouseholdCell
 * @slot: the list's #GwListSlot for the row
 *
 * Rows outlive the households they show (see #GwListSlot): the cell follows
 * its slot until gw_household_cell_unbind().
 */
void
gw_household_cell_bind (GwHouseholdCell *self,
                        GwListSlot      *slot)
{
  g_return_if_fail (GW_IS_HOUSEHOLD_CELL (self));
  g_return_if_fail (GW_IS_LIST_SLOT (slot));

  gw_household_cell_unbind (self);
  self->slot = g_object_ref (slot);
  self->slot_handler = g_signal_connect_object (slot, "notify::item", G_CALLBACK (refresh), self,
                                                G_CONNECT_SWAPPED);
  refresh (self);
}

void
gw_household_cell_unbind (GwHouseholdCell *self)
{
  g_return_if_fail (GW_IS_HOUSEHOLD_CELL (self));

  if (self->slot == NULL)
    return;
  g_clear_signal_handler (&self->slot_handler, self->slot);
  g_clear_object (&self->slot);
}

/**
 * gw_household_cell_get_household:
 * @self: a #GwHouseholdCell
 *
 * Returns: (transfer none) (nullable): the household shown
 */
GwHousehold *
gw_household_cell_get_household (GwHouseholdCell *self)
{
  g_return_val_if_fail (GW_IS_HOUSEHOLD_CELL (self), NULL);

  return self->slot != NULL ? gw_list_slot_get_item (self->slot) : NULL;
}

static void
gw_household_cell_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GwHouseholdCell *self = GW_HOUSEHOLD_CELL (object);

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
gw_household_cell_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GwHouseholdCell *self = GW_HOUSEHOLD_CELL (object);

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
gw_household_cell_constructed (GObject *object)
{
  G_OBJECT_CLASS (gw_household_cell_parent_class)->constructed (object);

  build_children (GW_HOUSEHOLD_CELL (object));
}

static void
gw_household_cell_dispose (GObject *object)
{
  GwHouseholdCell *self = GW_HOUSEHOLD_CELL (object);
  GtkWidget *child;

  gw_household_cell_unbind (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->first = self->second = NULL;

  G_OBJECT_CLASS (gw_household_cell_parent_class)->dispose (object);
}

static void
gw_household_cell_finalize (GObject *object)
{
  GwHouseholdCell *self = GW_HOUSEHOLD_CELL (object);

  g_free (self->tag_class);

  G_OBJECT_CLASS (gw_household_cell_parent_class)->finalize (object);
}

static void
gw_household_cell_class_init (GwHouseholdCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = gw_household_cell_get_property;
  object_class->set_property = gw_household_cell_set_property;
  object_class->constructed = gw_household_cell_constructed;
  object_class->dispose = gw_household_cell_dispose;
  object_class->finalize = gw_household_cell_finalize;

  /* A GwHouseholdColumn. */
  properties[PROP_COLUMN] =
    g_param_spec_int ("column", NULL, NULL,
                      GW_HOUSEHOLD_COLUMN_ADDRESS, GW_HOUSEHOLD_COLUMN_TAGS,
                      GW_HOUSEHOLD_COLUMN_ADDRESS,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gw_household_cell_init (GwHouseholdCell *self)
{
}

GtkWidget *
gw_household_cell_new (GwHouseholdColumn column)
{
  return g_object_new (GW_TYPE_HOUSEHOLD_CELL, "column", column, NULL);
}
