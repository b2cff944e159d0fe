/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-household-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gw-domain.h"
#include "gw-household-page.h"
#include "gw-util.h"

/* One household and its members, opened from the inspector's household list.
 * Personal data (ID numbers, phones) arrives masked from the core. */

struct _GwHouseholdPage
{
  GtkWidget    parent_instance;

  GwHousehold *household;
  GListStore  *residents;

  GtkLabel    *title_label;
  GtkLabel    *subtitle_label;
  GtkLabel    *dwelling_code_label;
  GtkLabel    *head_label;
  GtkLabel    *hukou_label;
  GtkWidget   *tags_row;
  GtkWidget   *tags_box;
  GtkListBox  *members_list;
};

G_DEFINE_FINAL_TYPE (GwHouseholdPage, gw_household_page, GTK_TYPE_WIDGET)

/**
 * gw_household_format_address:
 * @household: a #GwHousehold
 *
 * Returns: (transfer full): "3号楼 2单元 301" — building, unit and room
 */
char *
gw_household_format_address (GwHousehold *household)
{
  g_return_val_if_fail (GW_IS_HOUSEHOLD (household), NULL);

  if (household->unit > 0)
    /* Translators: building name, unit number, room number, e.g. "3号楼 2-301";
       Chinese reads "3号楼2单元301" */
    return g_strdup_printf (_("%s %d-%s"),
                            household->building_name ? household->building_name : "",
                            household->unit,
                            household->room ? household->room : "");
  /* Translators: building name and room number, for buildings without units */
  return g_strdup_printf (_("%s %s"),
                          household->building_name ? household->building_name : "",
                          household->room ? household->room : "");
}

/**
 * gw_tag_label_new:
 * @text: what the tag says
 * @css_class: (nullable): a colour class from style.css
 *
 * Returns: (transfer floating): a small rounded label
 */
GtkWidget *
gw_tag_label_new (const char *text,
                  const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "tag");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  return label;
}

/**
 * gw_tags_box_set:
 * @box: a horizontal #GtkBox
 * @tags: (nullable): resident tag keys
 *
 * Replaces the box's children with one coloured label per tag.
 */
void
gw_tags_box_set (GtkWidget  *box,
                 char      **tags)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_BOX (box));

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      /* CSS class names use dashes: "elderly_alone" → "elderly-alone". */
      g_autofree char *css_class = g_strdelimit (g_strdup (tags[i]), "_ ", '-');

      gtk_box_append (GTK_BOX (box), gw_tag_label_new (gw_resident_tag_label (tags[i]), css_class));
    }
}

static const char *
sex_label (const char *sex)
{
  if (sex == NULL)
    return "";
  if (g_ascii_strcasecmp (sex, "m") == 0 || g_ascii_strcasecmp (sex, "male") == 0
      || g_str_equal (sex, "男"))
    return _("Male");
  if (g_ascii_strcasecmp (sex, "f") == 0 || g_ascii_strcasecmp (sex, "female") == 0
      || g_str_equal (sex, "女"))
    return _("Female");
  return sex;
}

static GtkWidget *
create_member_row (gpointer item,
                   gpointer user_data)
{
  GwResident *resident = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *tags_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *age = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), resident->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  /* An unknown birth date gives no age. */
  if (resident->age >= 0)
    age = g_strdup_printf (ngettext ("%d year", "%d years", resident->age), resident->age);
  else
    age = g_strdup ("—");
  /* Translators: relation to the head · sex · age, e.g. "Spouse · Female · 64 years" */
  g_string_append_printf (subtitle, _("%s · %s · %s"),
                          gw_resident_relation_label (resident->relation),
                          sex_label (resident->sex), age);
  g_string_append_c (subtitle, '\n');
  g_string_append_printf (subtitle, _("ID %s"),
                          resident->id_number && *resident->id_number
                          ? resident->id_number : "—");
  if (resident->phone != NULL && *resident->phone != '\0')
    {
      g_string_append_c (subtitle, '\n');
      g_string_append_printf (subtitle, _("Phone %s"), resident->phone);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_widget_add_css_class (row, "numeric");

  gtk_widget_set_valign (tags_box, GTK_ALIGN_CENTER);
  gw_tags_box_set (tags_box, resident->tags);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), tags_box);

  return row;
}

/**
 * gw_household_page_show:
 * @self: a #GwHouseholdPage
 * @store: where the household lives
 * @household: the household to show
 * @error: return location for a #GError
 *
 * Loads the household's members (masked) and shows them.
 */
gboolean
gw_household_page_show (GwHouseholdPage  *self,
                        GwStore          *store,
                        GwHousehold      *household,
                        GError          **error)
{
  g_autoptr(GDateTime) now = gw_now ();
  g_autoptr(GPtrArray) residents = NULL;
  g_autofree char *address = NULL;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (GW_IS_HOUSEHOLD_PAGE (self), FALSE);
  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (GW_IS_HOUSEHOLD (household), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  residents = gw_inspector_residents (store, household->id, FALSE, now, error);
  if (residents == NULL)
    return FALSE;

  g_set_object (&self->household, household);

  address = gw_household_format_address (household);
  gtk_label_set_text (self->title_label, address);
  if (household->floor > 0)
    /* Translators: door plate of the building and the floor, e.g. "宁夏路18号 · floor 3" */
    subtitle = g_strdup_printf (_("%s · floor %d"),
                                household->address ? household->address : "",
                                household->floor);
  else
    subtitle = g_strdup (household->address ? household->address : "");
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_label_set_text (self->dwelling_code_label, household->dwelling_code);
  gtk_label_set_text (self->head_label, household->head_name);
  gtk_label_set_text (self->hukou_label, gw_household_hukou_label (household->hukou));
  gw_tags_box_set (self->tags_box, household->tags);
  gtk_widget_set_visible (self->tags_row, household->tags != NULL && household->tags[0] != NULL);

  g_list_store_splice (self->residents, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->residents)),
                       residents->pdata, residents->len);
  return TRUE;
}

GwHousehold *
gw_household_page_get_household (GwHouseholdPage *self)
{
  g_return_val_if_fail (GW_IS_HOUSEHOLD_PAGE (self), NULL);

  return self->household;
}

/**
 * gw_household_page_get_residents:
 * @self: a #GwHouseholdPage
 *
 * Returns: (transfer none): the #GwResident list the page shows
 */
GListModel *
gw_household_page_get_residents (GwHouseholdPage *self)
{
  g_return_val_if_fail (GW_IS_HOUSEHOLD_PAGE (self), NULL);

  return G_LIST_MODEL (self->residents);
}

const char *
gw_household_page_get_title (GwHouseholdPage *self)
{
  g_return_val_if_fail (GW_IS_HOUSEHOLD_PAGE (self), NULL);

  return gtk_label_get_text (self->title_label);
}

/**
 * gw_household_page_dup_member_names:
 * @self: a #GwHouseholdPage
 *
 * Returns: (transfer full): the names on the member rows, as shown
 */
char **
gw_household_page_dup_member_names (GwHouseholdPage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GtkListBoxRow *row;

  g_return_val_if_fail (GW_IS_HOUSEHOLD_PAGE (self), NULL);

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->members_list, i)) != NULL; i++)
    g_strv_builder_add (builder, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  return g_strv_builder_end (builder);
}

static void
gw_household_page_dispose (GObject *object)
{
  GwHouseholdPage *self = GW_HOUSEHOLD_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_HOUSEHOLD_PAGE);
  /* Template children without an id are ours to unparent too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->household);
  g_clear_object (&self->residents);

  G_OBJECT_CLASS (gw_household_page_parent_class)->dispose (object);
}

static void
gw_household_page_class_init (GwHouseholdPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_household_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-household-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GwHouseholdPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, GwHouseholdPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, GwHouseholdPage, dwelling_code_label);
  gtk_widget_class_bind_template_child (widget_class, GwHouseholdPage, head_label);
  gtk_widget_class_bind_template_child (widget_class, GwHouseholdPage, hukou_label);
  gtk_widget_class_bind_template_child (widget_class, GwHouseholdPage, tags_row);
  gtk_widget_class_bind_template_child (widget_class, GwHouseholdPage, tags_box);
  gtk_widget_class_bind_template_child (widget_class, GwHouseholdPage, members_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gw_household_page_init (GwHouseholdPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->residents = g_list_store_new (GW_TYPE_RESIDENT);
  gtk_list_box_bind_model (self->members_list, G_LIST_MODEL (self->residents),
                           create_member_row, NULL, NULL);
}

GtkWidget *
gw_household_page_new (void)
{
  return g_object_new (GW_TYPE_HOUSEHOLD_PAGE, NULL);
}
