/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-text-table"

#include "config.h"

#include "gw-text-table.h"

struct _GwTextRow
{
  GObject  parent_instance;
  gint64   id;
  GStrv    cells;
  guint    n_cells;
  char    *style;
};

G_DEFINE_FINAL_TYPE (GwTextRow, gw_text_row, G_TYPE_OBJECT)

static void
gw_text_row_finalize (GObject *object)
{
  GwTextRow *self = GW_TEXT_ROW (object);

  g_strfreev (self->cells);
  g_free (self->style);
  G_OBJECT_CLASS (gw_text_row_parent_class)->finalize (object);
}

static void
gw_text_row_class_init (GwTextRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_text_row_finalize;
}

static void
gw_text_row_init (GwTextRow *self)
{
}

GwTextRow *
gw_text_row_new (gint64              id,
                 const char * const *cells,
                 guint               n_cells)
{
  GwTextRow *self = g_object_new (GW_TYPE_TEXT_ROW, NULL);

  self->id = id;
  self->n_cells = n_cells;
  self->cells = g_new0 (char *, n_cells + 1);
  for (guint i = 0; i < n_cells; i++)
    self->cells[i] = g_strdup (cells[i] != NULL ? cells[i] : "");
  return self;
}

gint64
gw_text_row_get_id (GwTextRow *self)
{
  g_return_val_if_fail (GW_IS_TEXT_ROW (self), 0);

  return self->id;
}

const char *
gw_text_row_get_cell (GwTextRow *self,
                      guint      column)
{
  g_return_val_if_fail (GW_IS_TEXT_ROW (self), NULL);

  return column < self->n_cells ? self->cells[column] : "";
}

void
gw_text_row_set_style (GwTextRow  *self,
                       const char *css_class)
{
  g_return_if_fail (GW_IS_TEXT_ROW (self));

  g_free (self->style);
  self->style = g_strdup (css_class);
}

struct _GwTextTable
{
  GtkColumnView      *view;
  GListStore         *rows;
  GtkSingleSelection *selection;
};

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  numeric)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), GPOINTER_TO_INT (numeric) ? 1.0 : 0.0);
  /* The first column names the row: always whole; the others may give way. */
  if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "gw-column")) > 0)
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GwTextRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "gw-column"));
  static const char *const styles[] = { "error", "warning", "success", "dim-label" };

  gtk_label_set_text (GTK_LABEL (label), gw_text_row_get_cell (row, column));
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (label, styles[i]);
  if (row->style != NULL)
    gtk_widget_add_css_class (label, row->style);
}

GwTextTable *
gw_text_table_new (GtkColumnView      *view,
                   const char * const *titles,
                   guint               n_columns,
                   guint32             numeric_mask)
{
  GwTextTable *table = g_new0 (GwTextTable, 1);

  table->view = view;
  table->rows = g_list_store_new (GW_TYPE_TEXT_ROW);
  table->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (table->rows)));
  gtk_single_selection_set_autoselect (table->selection, FALSE);
  gtk_single_selection_set_can_unselect (table->selection, TRUE);
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (table->selection));
  for (guint c = 0; c < n_columns; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      gboolean numeric = (numeric_mask & (1u << c)) != 0;

      g_object_set_data (G_OBJECT (factory), "gw-column", GUINT_TO_POINTER (c));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (numeric));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), NULL);
      column = gtk_column_view_column_new (titles[c], factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (c == 0 || (!numeric && c == 1))
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (view, column);
      g_object_unref (column);
    }
  return table;
}

void
gw_text_table_free (GwTextTable *table)
{
  if (table == NULL)
    return;
  g_object_unref (table->selection);
  g_object_unref (table->rows);
  g_free (table);
}

void
gw_text_table_set_rows (GwTextTable *table,
                        GPtrArray   *rows)
{
  g_list_store_splice (table->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (table->rows)),
                       rows->pdata, rows->len);
  gtk_single_selection_set_selected (table->selection, GTK_INVALID_LIST_POSITION);
  g_ptr_array_unref (rows);
}

guint
gw_text_table_get_n_rows (GwTextTable *table)
{
  return g_list_model_get_n_items (G_LIST_MODEL (table->rows));
}

GwTextRow *
gw_text_table_get_row (GwTextTable *table,
                       guint        position)
{
  g_autoptr (GwTextRow) row = g_list_model_get_item (G_LIST_MODEL (table->rows), position);

  return row;   /* the store keeps its reference */
}

gint64
gw_text_table_get_selected_id (GwTextTable *table)
{
  GwTextRow *row = gtk_single_selection_get_selected_item (table->selection);

  return row != NULL ? row->id : 0;
}

void
gw_text_table_select (GwTextTable *table,
                      guint        position)
{
  gtk_single_selection_set_selected (table->selection, position);
}

GtkSingleSelection *
gw_text_table_get_selection (GwTextTable *table)
{
  return table->selection;
}
