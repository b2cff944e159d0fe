/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-reroute-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gw-domain.h"
#include "gw-inspector.h"
#include "gw-reroute-dialog.h"
#include "gw-reroute-target-row.h"

struct _GwRerouteDialog
{
  AdwWindow       parent_instance;

  guint           n_cases;
  gint64         *case_ids;
  gint64         *versions;
  char           *search;         /* casefolded */
  char           *workers_section; /* "Workers of grid …", the heading of the grid's team */

  AdwWindowTitle *window_title;
  GtkButton      *reroute_button;
  GtkLabel       *summary_label;
  GtkSearchEntry *search_entry;
  GtkListBox     *target_list;
  GtkEntry       *reason_entry;
  GtkLabel       *choice_label;
};

G_DEFINE_FINAL_TYPE (GwRerouteDialog, gw_reroute_dialog, ADW_TYPE_WINDOW)

enum
{
  TARGET_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The targets, one row each, in sections by kind. */
static void
add_row (GwRerouteDialog *self,
         GwRerouteKind    kind,
         gint64           id,
         const char      *title,
         const char      *subtitle,
         gint64           n_open,
         gint64           n_overdue,
         const char      *search)
{
  GtkWidget *row = gw_reroute_target_row_new (kind, id, title, subtitle, search);

  gw_reroute_target_row_set_compact (GW_REROUTE_TARGET_ROW (row), TRUE);
  gw_reroute_target_row_set_load (GW_REROUTE_TARGET_ROW (row), n_open, n_overdue);
  gtk_list_box_append (self->target_list, row);
}

static const char *
section_title (GwRerouteDialog *self,
               GwRerouteKind    kind)
{
  switch (kind)
    {
    case GW_REROUTE_TO_WORKER:
      return self->workers_section;
    case GW_REROUTE_TO_DEPARTMENT:
      return _("Departments (big matters)");
    case GW_REROUTE_TO_GRID:
    default:
      return _("Other grids");
    }
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       user_data)
{
  GwRerouteDialog *self = GW_REROUTE_DIALOG (user_data);

  return gw_reroute_target_row_matches (GW_REROUTE_TARGET_ROW (row), self->search);
}

/* A heading above the first row of each kind of target. */
static void
header_row (GtkListBoxRow *row,
            GtkListBoxRow *before,
            gpointer       user_data)
{
  GwRerouteKind kind = gw_reroute_target_row_get_kind (GW_REROUTE_TARGET_ROW (row));
  GtkWidget *header;

  if (before != NULL && gw_reroute_target_row_get_kind (GW_REROUTE_TARGET_ROW (before)) == kind)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_label_new (section_title (GW_REROUTE_DIALOG (user_data), kind));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_set_margin_start (header, 8);
  gtk_widget_set_margin_top (header, before != NULL ? 14 : 6);
  gtk_widget_set_margin_bottom (header, 4);
  gtk_list_box_row_set_header (row, header);
}

static GtkListBoxRow *
next_visible (GwRerouteDialog *self,
              GtkListBoxRow   *from,
              gboolean         forward)
{
  GtkWidget *child;

  if (from == NULL)
    child = gtk_widget_get_first_child (GTK_WIDGET (self->target_list));
  else
    child = forward ? gtk_widget_get_next_sibling (GTK_WIDGET (from))
                    : gtk_widget_get_prev_sibling (GTK_WIDGET (from));
  for (; child != NULL;
       child = forward || from == NULL ? gtk_widget_get_next_sibling (child)
                                       : gtk_widget_get_prev_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child))
      return GTK_LIST_BOX_ROW (child);
  return NULL;
}

/* What the Reroute button will do, said above the reason. */
static void
show_choice (GwRerouteDialog *self,
             GtkListBoxRow   *row)
{
  g_autofree char *text = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->reroute_button), row != NULL);
  if (row != NULL)
    /* Translators: above the reason in the reroute dialog; %s is a worker, department or grid */
    text = g_strdup_printf (_("To %s"), gw_reroute_target_row_get_title (GW_REROUTE_TARGET_ROW (row)));
  gtk_label_set_text (self->choice_label, text != NULL ? text : _("Choose where the cases go"));
}

static void
select_row (GwRerouteDialog *self,
            GtkListBoxRow   *row)
{
  gtk_list_box_select_row (self->target_list, row);
  show_choice (self, row);
}

/* A target is chosen in the list (click, Enter, double click): the reason
 * comes next, and the Reroute button or Enter there commits. One click
 * never commits: the reason field below would be skipped. */
static void
confirm_step (GwRerouteDialog *self,
              GtkListBoxRow   *row)
{
  if (row == NULL || !gtk_widget_get_child_visible (GTK_WIDGET (row)))
    return;
  select_row (self, row);
  gtk_widget_grab_focus (GTK_WIDGET (self->reason_entry));
}

static void
choose (GwRerouteDialog *self,
        GtkListBoxRow   *row)
{
  GwRerouteTargetRow *target;

  if (row == NULL || !gtk_widget_get_child_visible (GTK_WIDGET (row)))
    return;
  target = GW_REROUTE_TARGET_ROW (row);
  g_signal_emit (self, signals[TARGET_CHOSEN], 0, (int) gw_reroute_target_row_get_kind (target),
                 gw_reroute_target_row_get_target_id (target),
                 gtk_editable_get_text (GTK_EDITABLE (self->reason_entry)));
}

static void
on_search_changed (GtkSearchEntry  *entry,
                   GwRerouteDialog *self)
{
  GtkListBoxRow *selected;

  g_free (self->search);
  self->search = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);
  gtk_list_box_invalidate_filter (self->target_list);
  gtk_list_box_invalidate_headers (self->target_list);
  /* Keep the choice if it still matches, else the first match. */
  selected = gtk_list_box_get_selected_row (self->target_list);
  if (selected == NULL || !filter_row (selected, self))
    select_row (self, next_visible (self, NULL, TRUE));
}

static void
on_search_activate (GtkSearchEntry  *entry,
                    GwRerouteDialog *self)
{
  confirm_step (self, gtk_list_box_get_selected_row (self->target_list));
}

static void
on_row_activated (GtkListBox      *list,
                  GtkListBoxRow   *row,
                  GwRerouteDialog *self)
{
  confirm_step (self, row);
}

static void
on_row_selected (GtkListBox      *list,
                 GtkListBoxRow   *row,
                 GwRerouteDialog *self)
{
  show_choice (self, row);
}

static void
on_reroute_clicked (GtkButton       *button,
                    GwRerouteDialog *self)
{
  choose (self, gtk_list_box_get_selected_row (self->target_list));
}

static void
on_reason_activate (GtkEntry        *entry,
                    GwRerouteDialog *self)
{
  choose (self, gtk_list_box_get_selected_row (self->target_list));
}

/* GTK 4.8's list box has no scroll-to: move the scrolled window so the row
 * shows. */
static void
scroll_to_row (GwRerouteDialog *self,
               GtkListBoxRow   *row)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self->target_list),
                                                 GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double top, page;

  if (scrolled == NULL
      || !gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (self->target_list), &bounds))
    return;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  top = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  if (bounds.origin.y < top)
    gtk_adjustment_set_value (adjustment, bounds.origin.y - 24);
  else if (bounds.origin.y + bounds.size.height > top + page)
    gtk_adjustment_set_value (adjustment, bounds.origin.y + bounds.size.height - page);
}

/* Up and Down in the search box move through the targets, so the whole
 * choice is typing, arrows and Enter. */
static gboolean
on_search_key_pressed (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GwRerouteDialog       *self)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->target_list);
  GtkListBoxRow *row;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_Up && keyval != GDK_KEY_KP_Down
      && keyval != GDK_KEY_KP_Up)
    return FALSE;
  row = next_visible (self, selected, keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down);
  if (row != NULL)
    {
      select_row (self, row);
      scroll_to_row (self, row);
    }
  return TRUE;
}

static gboolean
fill (GwRerouteDialog  *self,
      GwStore          *store,
      GError          **error)
{
  g_autoptr (GPtrArray) workers = NULL;
  g_autoptr (GPtrArray) departments = NULL;
  g_autoptr (GPtrArray) grids = NULL;
  g_autoptr (GwCase) first = NULL;
  g_autofree char *summary = NULL;
  g_autoptr (GHashTable) seen_workers = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                               g_free, NULL);

  first = gw_case_load (store, self->case_ids[0], NULL, FALSE, NULL, error);
  if (first == NULL)
    return FALSE;
  workers = gw_inspector_grid_workers (store, first->grid_id, error);
  if (workers == NULL)
    return FALSE;
  departments = gw_case_department_loads (store, NULL, error);
  if (departments == NULL)
    return FALSE;
  grids = gw_case_grid_loads (store, NULL, error);
  if (grids == NULL)
    return FALSE;

  if (self->n_cases == 1)
    {
      const char *assignee = gw_case_get_assignee (first);

      adw_window_title_set_subtitle (self->window_title, first->code);
      /* Translators: a case's category, grid and who holds it now */
      summary = g_strdup_printf (_("%s in grid %s, now with %s"),
                                 gw_case_category_label (first->category), first->grid_code,
                                 assignee[0] != '\0' ? assignee : _("nobody"));
    }
  else
    {
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case",
                                                                "%u cases", self->n_cases),
                                                   self->n_cases);

      adw_window_title_set_subtitle (self->window_title, subtitle);
      summary = g_strdup_printf (_("Cases of grid %s"), first->grid_code);
    }
  gtk_label_set_label (self->summary_label, summary);

  /* Translators: the heading of the workers of the case's own grid */
  self->workers_section = g_strdup_printf (_("Workers of grid %s"), first->grid_code);
  for (guint i = 0; i < workers->len; i++)
    {
      GwGridWorker *worker = g_ptr_array_index (workers, i);
      g_autofree char *subtitle = NULL;
      g_autofree char *search = NULL;

      if (worker->worker_id == first->worker_id && self->n_cases == 1)
        continue;
      subtitle = worker->is_first
                 ? g_strdup_printf (_("%s · first responsible"), gw_worker_role_label (worker->role))
                 : g_strdup (gw_worker_role_label (worker->role));
      search = g_strdup_printf ("%s %s %s", worker->name, gw_worker_role_label (worker->role),
                                worker->phone);
      /* A worker in several roles is one target, under their first role. */
      if (!g_hash_table_add (seen_workers, g_memdup2 (&worker->worker_id, sizeof (gint64))))
        continue;
      add_row (self, GW_REROUTE_TO_WORKER, worker->worker_id, worker->name, subtitle,
               worker->n_open_cases, 0, search);
    }

  for (guint i = 0; i < departments->len; i++)
    {
      GwDepartmentLoad *load = g_ptr_array_index (departments, i);
      const char *level = g_strcmp0 (load->level, "district") == 0 ? _("District department")
                                                                  : _("Street office");

      if (load->id == first->department_id && self->n_cases == 1)
        continue;
      add_row (self, GW_REROUTE_TO_DEPARTMENT, load->id, load->name, level, load->n_open_cases,
               load->n_overdue_cases, load->name);
    }

  for (guint i = 0; i < grids->len; i++)
    {
      GwGridLoad *load = g_ptr_array_index (grids, i);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *search = NULL;

      if (load->id == first->grid_id)
        continue;
      title = g_strdup (load->name[0] != '\0' ? load->name : load->code);
      subtitle = load->first_worker_name[0] != '\0'
                 ? g_strdup_printf (_("%s · goes to %s"), load->code, load->first_worker_name)
                 : g_strdup (load->code);
      search = g_strdup_printf ("%s %s %s %s", load->code, load->name, load->community_name,
                                load->first_worker_name);
      add_row (self, GW_REROUTE_TO_GRID, load->id, title, subtitle, load->n_open_cases,
               load->n_overdue_cases, search);
    }
  select_row (self, next_visible (self, NULL, TRUE));
  return TRUE;
}

/**
 * gw_reroute_dialog_new:
 *
 * Returns: (transfer none): the dialog, not yet shown (GTK owns toplevels,
 *   as with gtk_window_new()); %NULL on error
 */
GwRerouteDialog *
gw_reroute_dialog_new (GtkWindow     *parent,
                       GwStore       *store,
                       guint          n_cases,
                       const gint64  *case_ids,
                       const gint64  *versions,
                       GError       **error)
{
  GwRerouteDialog *self;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (n_cases > 0 && case_ids != NULL, NULL);

  self = g_object_new (GW_TYPE_REROUTE_DIALOG, "transient-for", parent, NULL);
  self->n_cases = n_cases;
  self->case_ids = g_memdup2 (case_ids, n_cases * sizeof (gint64));
  self->versions = g_new0 (gint64, n_cases);
  if (versions != NULL)
    memcpy (self->versions, versions, n_cases * sizeof (gint64));
  if (!fill (self, store, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  return self;
}

guint
gw_reroute_dialog_get_n_cases (GwRerouteDialog *self)
{
  g_return_val_if_fail (GW_IS_REROUTE_DIALOG (self), 0);

  return self->n_cases;
}

const gint64 *
gw_reroute_dialog_get_case_ids (GwRerouteDialog *self)
{
  g_return_val_if_fail (GW_IS_REROUTE_DIALOG (self), NULL);

  return self->case_ids;
}

const gint64 *
gw_reroute_dialog_get_versions (GwRerouteDialog *self)
{
  g_return_val_if_fail (GW_IS_REROUTE_DIALOG (self), NULL);

  return self->versions;
}

GtkEditable *
gw_reroute_dialog_get_search (GwRerouteDialog *self)
{
  g_return_val_if_fail (GW_IS_REROUTE_DIALOG (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

GtkEditable *
gw_reroute_dialog_get_reason (GwRerouteDialog *self)
{
  g_return_val_if_fail (GW_IS_REROUTE_DIALOG (self), NULL);

  return GTK_EDITABLE (self->reason_entry);
}

GtkLabel *
gw_reroute_dialog_get_summary (GwRerouteDialog *self)
{
  g_return_val_if_fail (GW_IS_REROUTE_DIALOG (self), NULL);

  return self->summary_label;
}

guint
gw_reroute_dialog_count_visible (GwRerouteDialog *self)
{
  guint n = 0;

  g_return_val_if_fail (GW_IS_REROUTE_DIALOG (self), 0);

  for (GtkListBoxRow *row = next_visible (self, NULL, TRUE); row != NULL;
       row = next_visible (self, row, TRUE))
    n++;
  return n;
}

static void
gw_reroute_dialog_dispose (GObject *object)
{
  GwRerouteDialog *self = GW_REROUTE_DIALOG (object);

  /* The list emits row-selected while its rows go; the button may be gone. */
  if (self->target_list != NULL)
    g_signal_handlers_disconnect_by_data (self->target_list, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_REROUTE_DIALOG);
  G_OBJECT_CLASS (gw_reroute_dialog_parent_class)->dispose (object);
}

static void
gw_reroute_dialog_finalize (GObject *object)
{
  GwRerouteDialog *self = GW_REROUTE_DIALOG (object);

  g_free (self->case_ids);
  g_free (self->versions);
  g_free (self->search);
  g_free (self->workers_section);
  G_OBJECT_CLASS (gw_reroute_dialog_parent_class)->finalize (object);
}

static void
gw_reroute_dialog_class_init (GwRerouteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_reroute_dialog_dispose;
  object_class->finalize = gw_reroute_dialog_finalize;

  /**
   * GwRerouteDialog::target-chosen:
   * @kind: a #GwRerouteKind
   * @target_id: the worker, department or grid
   * @reason: what the reason entry says
   */
  signals[TARGET_CHOSEN] = g_signal_new ("target-chosen", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                         G_TYPE_INT, G_TYPE_INT64, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-reroute-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GwRerouteDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, GwRerouteDialog, reroute_button);
  gtk_widget_class_bind_template_child (widget_class, GwRerouteDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, GwRerouteDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GwRerouteDialog, target_list);
  gtk_widget_class_bind_template_child (widget_class, GwRerouteDialog, reason_entry);
  gtk_widget_class_bind_template_child (widget_class, GwRerouteDialog, choice_label);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gw_reroute_dialog_init (GwRerouteDialog *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_filter_func (self->target_list, filter_row, self, NULL);
  gtk_list_box_set_header_func (self->target_list, header_row, self, NULL);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect (self->search_entry, "activate", G_CALLBACK (on_search_activate), self);
  g_signal_connect (self->target_list, "row-activated", G_CALLBACK (on_row_activated), self);
  g_signal_connect (self->target_list, "row-selected", G_CALLBACK (on_row_selected), self);
  g_signal_connect (self->reroute_button, "clicked", G_CALLBACK (on_reroute_clicked), self);
  g_signal_connect (self->reason_entry, "activate", G_CALLBACK (on_reason_activate), self);
  show_choice (self, NULL);

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_search_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}
