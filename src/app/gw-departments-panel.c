/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-departments-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-departments-panel.h"
#include "gw-reroute-target-row.h"

struct _GwDepartmentsPanel
{
  GtkWidget       parent_instance;

  GHashTable     *department_rows;   /* id → GwRerouteTargetRow */
  GHashTable     *grid_rows;         /* id → GwRerouteTargetRow */
  char           *search;            /* casefolded */

  GtkSearchEntry *search_entry;
  GtkStack       *stack;
  GtkListBox     *department_list;
  GtkListBox     *grid_list;
};

G_DEFINE_FINAL_TYPE (GwDepartmentsPanel, gw_departments_panel, GTK_TYPE_WIDGET)

enum
{
  CASES_DROPPED,
  GRID_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_case_drop (GtkWidget        *widget,
              const GwCaseDrag *drag,
              GwRerouteKind     kind,
              gint64            target_id,
              gpointer          user_data)
{
  GwDepartmentsPanel *self = GW_DEPARTMENTS_PANEL (user_data);

  g_signal_emit (self, signals[CASES_DROPPED], 0, drag, (int) kind, target_id);
}

/* A department or a grid, its load set later; cases dropped on it go there. */
static GtkWidget *
make_row (GwDepartmentsPanel *self,
          GwRerouteKind       kind,
          gint64              id,
          const char         *title,
          const char         *subtitle,
          const char         *search_text)
{
  GtkWidget *row = gw_reroute_target_row_new (kind, id, title, subtitle, search_text);

  gw_case_drag_add_drop_target (row, kind, id, on_case_drop, self);
  return row;
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       user_data)
{
  GwDepartmentsPanel *self = GW_DEPARTMENTS_PANEL (user_data);

  return gw_reroute_target_row_matches (GW_REROUTE_TARGET_ROW (row), self->search);
}

static void
on_search_changed (GtkSearchEntry     *entry,
                   GwDepartmentsPanel *self)
{
  g_free (self->search);
  self->search = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);
  gtk_list_box_invalidate_filter (self->department_list);
  gtk_list_box_invalidate_filter (self->grid_list);
}

static void
on_grid_row_activated (GtkListBox         *list,
                       GtkListBoxRow      *row,
                       GwDepartmentsPanel *self)
{
  gint64 id = gw_reroute_target_row_get_target_id (GW_REROUTE_TARGET_ROW (row));

  g_signal_emit (self, signals[GRID_ACTIVATED], 0, id);
}

static void
remove_all (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

void
gw_departments_panel_clear (GwDepartmentsPanel *self)
{
  g_return_if_fail (GW_IS_DEPARTMENTS_PANEL (self));

  remove_all (self->department_list);
  remove_all (self->grid_list);
  g_hash_table_remove_all (self->department_rows);
  g_hash_table_remove_all (self->grid_rows);
}

/* Rows are made once per file and their loads refreshed after each change:
 * a district has over a thousand grids. */
gboolean
gw_departments_panel_load (GwDepartmentsPanel  *self,
                           GwStore             *store,
                           GDateTime           *now,
                           GError             **error)
{
  g_autoptr (GPtrArray) departments = NULL;
  g_autoptr (GPtrArray) grids = NULL;
  gboolean rebuild;

  g_return_val_if_fail (GW_IS_DEPARTMENTS_PANEL (self), FALSE);
  g_return_val_if_fail (GW_IS_STORE (store), FALSE);

  departments = gw_case_department_loads (store, now, error);
  if (departments == NULL)
    return FALSE;
  grids = gw_case_grid_loads (store, now, error);
  if (grids == NULL)
    return FALSE;

  rebuild = g_hash_table_size (self->department_rows) != departments->len
            || g_hash_table_size (self->grid_rows) != grids->len;
  for (guint i = 0; i < departments->len && !rebuild; i++)
    rebuild = !g_hash_table_contains (self->department_rows,
                                      &((GwDepartmentLoad *) g_ptr_array_index (departments, i))->id);
  for (guint i = 0; i < grids->len && !rebuild; i++)
    rebuild = !g_hash_table_contains (self->grid_rows,
                                      &((GwGridLoad *) g_ptr_array_index (grids, i))->id);
  if (rebuild)
    gw_departments_panel_clear (self);

  for (guint i = 0; i < departments->len; i++)
    {
      GwDepartmentLoad *load = g_ptr_array_index (departments, i);
      GtkWidget *row = g_hash_table_lookup (self->department_rows, &load->id);

      if (row == NULL)
        {
          g_autofree char *subtitle = NULL;
          g_autofree char *search = NULL;
          gint64 *key = g_memdup2 (&load->id, sizeof load->id);
          const char *level = g_strcmp0 (load->level, "district") == 0
                              ? _("District department") : _("Street office");

          subtitle = load->phone[0] != '\0' ? g_strdup_printf ("%s · %s", level, load->phone)
                                            : g_strdup (level);
          search = g_strdup_printf ("%s %s", load->name, load->phone);
          row = make_row (self, GW_REROUTE_TO_DEPARTMENT, load->id, load->name, subtitle, search);
          gtk_list_box_append (self->department_list, row);
          g_hash_table_insert (self->department_rows, key, row);
        }
      gw_reroute_target_row_set_load (GW_REROUTE_TARGET_ROW (row), load->n_open_cases,
                                      load->n_overdue_cases);
    }

  for (guint i = 0; i < grids->len; i++)
    {
      GwGridLoad *load = g_ptr_array_index (grids, i);
      GtkWidget *row = g_hash_table_lookup (self->grid_rows, &load->id);

      if (row == NULL)
        {
          const char *title = load->name[0] != '\0' ? load->name : load->code;
          g_autofree char *subtitle = NULL;
          g_autofree char *search = NULL;
          gint64 *key = g_memdup2 (&load->id, sizeof load->id);

          subtitle = load->first_worker_name[0] != '\0'
                     /* Translators: a grid's code, then who a case sent to the grid goes to */
                     ? g_strdup_printf (_("%s · goes to %s"), load->code, load->first_worker_name)
                     : g_strdup (load->code);
          search = g_strdup_printf ("%s %s %s %s", load->code, load->name, load->community_name,
                                    load->first_worker_name);
          row = make_row (self, GW_REROUTE_TO_GRID, load->id, title, subtitle, search);
          gtk_list_box_append (self->grid_list, row);
          g_hash_table_insert (self->grid_rows, key, row);
        }
      gw_reroute_target_row_set_load (GW_REROUTE_TARGET_ROW (row), load->n_open_cases,
                                      load->n_overdue_cases);
    }
  return TRUE;
}

void
gw_departments_panel_set_page (GwDepartmentsPanel *self,
                               const char         *page)
{
  g_return_if_fail (GW_IS_DEPARTMENTS_PANEL (self));

  gtk_stack_set_visible_child_name (self->stack, page);
}

void
gw_departments_panel_focus_search (GwDepartmentsPanel *self)
{
  g_return_if_fail (GW_IS_DEPARTMENTS_PANEL (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

GtkWidget *
gw_departments_panel_get_department_row (GwDepartmentsPanel *self,
                                         gint64              department_id)
{
  g_return_val_if_fail (GW_IS_DEPARTMENTS_PANEL (self), NULL);

  return g_hash_table_lookup (self->department_rows, &department_id);
}

GtkWidget *
gw_departments_panel_get_grid_row (GwDepartmentsPanel *self,
                                   gint64              grid_id)
{
  g_return_val_if_fail (GW_IS_DEPARTMENTS_PANEL (self), NULL);

  return g_hash_table_lookup (self->grid_rows, &grid_id);
}

const char *
gw_departments_panel_get_load_text (GwDepartmentsPanel *self,
                                    GwRerouteKind       kind,
                                    gint64              id)
{
  GtkWidget *row;

  g_return_val_if_fail (GW_IS_DEPARTMENTS_PANEL (self), NULL);

  row = kind == GW_REROUTE_TO_GRID ? gw_departments_panel_get_grid_row (self, id)
                                   : gw_departments_panel_get_department_row (self, id);
  if (row == NULL)
    return NULL;
  return gw_reroute_target_row_get_load_text (GW_REROUTE_TARGET_ROW (row));
}

static void
gw_departments_panel_dispose (GObject *object)
{
  GtkWidget *child;
  GwDepartmentsPanel *self = GW_DEPARTMENTS_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_DEPARTMENTS_PANEL);
  /* The template's top box has no id: ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (gw_departments_panel_parent_class)->dispose (object);
}

static void
gw_departments_panel_finalize (GObject *object)
{
  GwDepartmentsPanel *self = GW_DEPARTMENTS_PANEL (object);

  g_clear_pointer (&self->department_rows, g_hash_table_unref);
  g_clear_pointer (&self->grid_rows, g_hash_table_unref);
  g_free (self->search);
  G_OBJECT_CLASS (gw_departments_panel_parent_class)->finalize (object);
}

static void
gw_departments_panel_class_init (GwDepartmentsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_departments_panel_dispose;
  object_class->finalize = gw_departments_panel_finalize;

  /**
   * GwDepartmentsPanel::cases-dropped:
   * @drag: the #GwCaseDrag dropped
   * @kind: a #GwRerouteKind (department or grid)
   * @target_id: the department's or grid's id
   */
  signals[CASES_DROPPED] = g_signal_new ("cases-dropped", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                         GW_TYPE_CASE_DRAG | G_SIGNAL_TYPE_STATIC_SCOPE,
                                         G_TYPE_INT, G_TYPE_INT64);
  signals[GRID_ACTIVATED] = g_signal_new ("grid-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-departments-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, GwDepartmentsPanel, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GwDepartmentsPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, GwDepartmentsPanel, department_list);
  gtk_widget_class_bind_template_child (widget_class, GwDepartmentsPanel, grid_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "departments-panel");
}

static void
gw_departments_panel_init (GwDepartmentsPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->department_rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->grid_rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gtk_list_box_set_filter_func (self->department_list, filter_row, self, NULL);
  gtk_list_box_set_filter_func (self->grid_list, filter_row, self, NULL);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect (self->grid_list, "row-activated", G_CALLBACK (on_grid_row_activated), self);
}

GtkWidget *
gw_departments_panel_new (void)
{
  return g_object_new (GW_TYPE_DEPARTMENTS_PANEL, NULL);
}
