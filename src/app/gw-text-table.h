/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A read-only table of text in a GtkColumnView: one GwTextRow per line (an
 * id and a cell text per column), numbers right-aligned. The supervisor's
 * lists (hot spots, the overdue board, the rates) are made of it. */

#define GW_TYPE_TEXT_ROW (gw_text_row_get_type ())
G_DECLARE_FINAL_TYPE (GwTextRow, gw_text_row, GW, TEXT_ROW, GObject)

/* @cells: N_COLUMNS strings (copied). */
GwTextRow  *gw_text_row_new          (gint64              id,
                                      const char * const *cells,
                                      guint               n_cells);
gint64      gw_text_row_get_id       (GwTextRow          *self);
const char *gw_text_row_get_cell     (GwTextRow          *self,
                                      guint               column);
/* A CSS class for the whole row's cells ("error", "warning", "success"), or NULL. */
void        gw_text_row_set_style    (GwTextRow          *self,
                                      const char         *css_class);

typedef struct _GwTextTable GwTextTable;

/* Fills @view with columns titled @titles (translated already); those
 * whose index is in @numeric_mask (bit per column) are right-aligned. */
GwTextTable *gw_text_table_new       (GtkColumnView      *view,
                                      const char * const *titles,
                                      guint               n_columns,
                                      guint32             numeric_mask);
void         gw_text_table_free      (GwTextTable        *table);
/* Replaces the rows (a GPtrArray of GwTextRow, taken). */
void         gw_text_table_set_rows  (GwTextTable        *table,
                                      GPtrArray          *rows);
guint        gw_text_table_get_n_rows (GwTextTable       *table);
GwTextRow   *gw_text_table_get_row   (GwTextTable        *table,
                                      guint               position);
/* The selected row's id, or 0. */
gint64       gw_text_table_get_selected_id (GwTextTable  *table);
void         gw_text_table_select    (GwTextTable        *table,
                                      guint               position);
/* For "notify::selected". */
GtkSingleSelection *gw_text_table_get_selection (GwTextTable *table);

G_END_DECLS
