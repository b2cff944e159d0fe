/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-field-class-group"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gw-field-class-group.h"

#define N_CLASSES (GW_FIELD_FREE_TEXT + 1)

struct _GwFieldClassGroup
{
  AdwPreferencesGroup  parent_instance;

  GPtrArray           *rows;     /* of AdwComboRow, data "column"; selected = GwFieldClass */
  GHashTable          *chosen;   /* column → GwFieldClass the user chose */
  GtkStringList       *labels;   /* the classes' names, in GwFieldClass order */
  gboolean             updating;
};

G_DEFINE_FINAL_TYPE (GwFieldClassGroup, gw_field_class_group, ADW_TYPE_PREFERENCES_GROUP)

static void
on_class_chosen (AdwComboRow *row,
                 GParamSpec  *pspec,
                 gpointer     user_data)
{
  GwFieldClassGroup *self = user_data;
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating || selected >= N_CLASSES)
    return;
  g_hash_table_insert (self->chosen, g_strdup (g_object_get_data (G_OBJECT (row), "column")),
                       GUINT_TO_POINTER (selected));
}

/* The preview's guess: the column's name and its values, as the import
 * guesses from all of them. */
static GwFieldClass
guess (const char *name,
       guint       column,
       GPtrArray  *rows)
{
  guint n_filled = 0, n_id_numbers = 0, n_phones = 0;

  for (guint r = 0; rows != NULL && r < rows->len; r++)
    {
      char **values = rows->pdata[r];
      const char *value = column < g_strv_length (values) ? values[column] : NULL;

      if (value == NULL || *value == '\0')
        continue;
      n_filled++;
      switch (gw_field_class_of_value (value))
        {
        case GW_FIELD_ID_NUMBER:
          n_id_numbers++;
          break;
        case GW_FIELD_PHONE:
          n_phones++;
          break;
        default:
          break;
        }
    }
  return gw_field_class_guess (name, n_filled, n_id_numbers, n_phones);
}

static void
remove_rows (GwFieldClassGroup *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
}

void
gw_field_class_group_set_columns (GwFieldClassGroup  *self,
                                  const char * const *columns,
                                  GHashTable         *taken,
                                  GPtrArray          *rows,
                                  GHashTable         *stored)
{
  g_return_if_fail (GW_IS_FIELD_CLASS_GROUP (self));

  self->updating = TRUE;
  remove_rows (self);
  for (guint c = 0; columns != NULL && columns[c] != NULL; c++)
    {
      AdwComboRow *row;
      gpointer said;
      GwFieldClass field_class;

      if (taken != NULL && g_hash_table_contains (taken, columns[c]))
        continue;
      field_class = guess (columns[c], c, rows);
      /* A column stored as personal before stays so unless someone says. */
      if (!gw_field_class_is_personal (field_class) && stored != NULL
          && g_hash_table_lookup_extended (stored, columns[c], NULL, &said))
        field_class = GPOINTER_TO_INT (said);
      if (g_hash_table_lookup_extended (self->chosen, columns[c], NULL, &said))
        field_class = GPOINTER_TO_UINT (said);

      row = ADW_COMBO_ROW (adw_combo_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), columns[c]);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_combo_row_set_model (row, G_LIST_MODEL (self->labels));
      adw_combo_row_set_selected (row, field_class);
      g_object_set_data_full (G_OBJECT (row), "column", g_strdup (columns[c]), g_free);
      g_signal_connect (row, "notify::selected", G_CALLBACK (on_class_chosen), self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (row));
      g_ptr_array_add (self->rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), self->rows->len > 0);
  self->updating = FALSE;
}

void
gw_field_class_group_forget (GwFieldClassGroup *self)
{
  g_return_if_fail (GW_IS_FIELD_CLASS_GROUP (self));

  g_hash_table_remove_all (self->chosen);
}

static AdwComboRow *
find_row (GwFieldClassGroup *self,
          const char        *column)
{
  for (guint i = 0; i < self->rows->len; i++)
    if (g_strcmp0 (g_object_get_data (self->rows->pdata[i], "column"), column) == 0)
      return self->rows->pdata[i];
  return NULL;
}

gboolean
gw_field_class_group_get_class (GwFieldClassGroup *self,
                                const char        *column,
                                GwFieldClass      *field_class)
{
  AdwComboRow *row;

  g_return_val_if_fail (GW_IS_FIELD_CLASS_GROUP (self), FALSE);
  g_return_val_if_fail (column != NULL && field_class != NULL, FALSE);

  row = find_row (self, column);
  if (row == NULL || adw_combo_row_get_selected (row) >= N_CLASSES)
    return FALSE;
  *field_class = adw_combo_row_get_selected (row);
  return TRUE;
}

gboolean
gw_field_class_group_set_class (GwFieldClassGroup *self,
                                const char        *column,
                                GwFieldClass       field_class)
{
  AdwComboRow *row;

  g_return_val_if_fail (GW_IS_FIELD_CLASS_GROUP (self), FALSE);
  g_return_val_if_fail (column != NULL && field_class < N_CLASSES, FALSE);

  row = find_row (self, column);
  if (row == NULL)
    return FALSE;
  adw_combo_row_set_selected (row, field_class);
  /* The same as a pick in the list, also when it was already shown. */
  on_class_chosen (row, NULL, self);
  return TRUE;
}

GHashTable *
gw_field_class_group_dup_confirmed (GwFieldClassGroup *self)
{
  GHashTable *confirmed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (GW_IS_FIELD_CLASS_GROUP (self), confirmed);

  for (guint i = 0; i < self->rows->len; i++)
    {
      const char *column = g_object_get_data (self->rows->pdata[i], "column");
      guint selected = adw_combo_row_get_selected (self->rows->pdata[i]);

      if (selected < N_CLASSES
          && (g_hash_table_contains (self->chosen, column) || gw_field_class_is_personal (selected)))
        g_hash_table_insert (confirmed, g_strdup (column),
                             (gpointer) gw_field_class_to_key (selected));
    }
  return confirmed;
}

static void
gw_field_class_group_dispose (GObject *object)
{
  GwFieldClassGroup *self = GW_FIELD_CLASS_GROUP (object);

  /* The rows go with the group's own children. */
  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_FIELD_CLASS_GROUP);
  G_OBJECT_CLASS (gw_field_class_group_parent_class)->dispose (object);
}

static void
gw_field_class_group_finalize (GObject *object)
{
  GwFieldClassGroup *self = GW_FIELD_CLASS_GROUP (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->chosen, g_hash_table_unref);
  g_clear_object (&self->labels);
  G_OBJECT_CLASS (gw_field_class_group_parent_class)->finalize (object);
}

static void
gw_field_class_group_class_init (GwFieldClassGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_field_class_group_dispose;
  object_class->finalize = gw_field_class_group_finalize;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-field-class-group.ui");
}

static void
gw_field_class_group_init (GwFieldClassGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->chosen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->labels = gtk_string_list_new (NULL);
  for (guint c = 0; c < N_CLASSES; c++)
    gtk_string_list_append (self->labels, gw_field_class_label (c));
}

GtkWidget *
gw_field_class_group_new (void)
{
  return g_object_new (GW_TYPE_FIELD_CLASS_GROUP, NULL);
}
