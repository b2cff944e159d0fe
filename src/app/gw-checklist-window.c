/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-checklist-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-checklist-window.h"

struct _GwChecklistWindow
{
  AdwWindow             parent_instance;

  GwWindow             *window;          /* weak */
  GwProject            *project;         /* the one whose changes we follow */
  gulong                changed_id;
  GArray               *lines;           /* of GwCheckLine */

  AdwPreferencesGroup  *group;
  AdwActionRow         *rows[GW_CHECK_N_ITEMS];
  GtkImage             *icons[GW_CHECK_N_ITEMS];
  GtkButton            *buttons[GW_CHECK_N_ITEMS];
  GtkLabel             *error_label;
};

G_DEFINE_FINAL_TYPE (GwChecklistWindow, gw_checklist_window, ADW_TYPE_WINDOW)

static void
follow_project (GwChecklistWindow *self,
                GwProject         *project)
{
  if (self->project == project)
    return;
  if (self->project != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->project);
      g_clear_object (&self->project);
    }
  if (project != NULL)
    {
      self->project = g_object_ref (project);
      self->changed_id = g_signal_connect_swapped (project, "changed",
                                                   G_CALLBACK (gw_checklist_window_refresh), self);
    }
}

static void
show_line (GwChecklistWindow *self,
           const GwCheckLine *line)
{
  static const char *const icon_names[] = {
    [GW_CHECK_MISSING] = "list-add-symbolic",
    [GW_CHECK_PARTIAL] = "dialog-warning-symbolic",
    [GW_CHECK_DONE] = "object-select-symbolic",
  };
  static const char *const icon_classes[] = {
    [GW_CHECK_MISSING] = "dim-label",
    [GW_CHECK_PARTIAL] = "warning",
    [GW_CHECK_DONE] = "success",
  };
  GtkWidget *icon = GTK_WIDGET (self->icons[line->item]);
  GwImportTarget target;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->rows[line->item]), line->title);
  adw_action_row_set_subtitle (self->rows[line->item], line->detail);
  gtk_image_set_from_icon_name (GTK_IMAGE (icon), icon_names[line->state]);
  for (guint s = 0; s < G_N_ELEMENTS (icon_classes); s++)
    gtk_widget_remove_css_class (icon, icon_classes[s]);
  gtk_widget_add_css_class (icon, icon_classes[line->state]);
  /* A line whose layer the import does not know yet has no button. */
  gtk_widget_set_visible (GTK_WIDGET (self->buttons[line->item]),
                          line->import_layer != NULL
                          && gw_import_target_from_name (line->import_layer, &target));
  gtk_button_set_label (self->buttons[line->item],
                        line->state == GW_CHECK_MISSING ? _("Import…") : _("Import More…"));
}

void
gw_checklist_window_refresh (GwChecklistWindow *self)
{
  g_autoptr (GError) error = NULL;
  GwProject *project;
  guint done;

  g_return_if_fail (GW_IS_CHECKLIST_WINDOW (self));

  project = self->window != NULL ? gw_window_get_project (self->window) : NULL;
  follow_project (self, project);
  g_clear_pointer (&self->lines, g_array_unref);
  if (project != NULL)
    self->lines = gw_checklist_load (gw_project_get_store (project), &error);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->lines == NULL);
  if (self->lines == NULL)
    {
      gtk_label_set_text (self->error_label,
                          error != NULL ? error->message : _("No project is open."));
      gtk_widget_set_sensitive (GTK_WIDGET (self->group), FALSE);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->group), TRUE);
  for (guint i = 0; i < self->lines->len; i++)
    show_line (self, &g_array_index (self->lines, GwCheckLine, i));
  done = gw_checklist_n_done (self->lines);
  {
    g_autofree char *description =
      g_strdup_printf (_("%u of %u done. The project can be used at every stage: with buildings "
                         "only, the map shows them and grids can be drawn."),
                       done, self->lines->len);

    adw_preferences_group_set_description (self->group, description);
  }
}

static const GwCheckLine *
line_of (GwChecklistWindow *self,
         GwCheckItem        item)
{
  if (self->lines == NULL || item >= self->lines->len)
    return NULL;
  return &g_array_index (self->lines, GwCheckLine, item);
}

GwCheckState
gw_checklist_window_get_state (GwChecklistWindow *self,
                               GwCheckItem        item)
{
  const GwCheckLine *line;

  g_return_val_if_fail (GW_IS_CHECKLIST_WINDOW (self), GW_CHECK_MISSING);

  line = line_of (self, item);
  return line != NULL ? line->state : GW_CHECK_MISSING;
}

const char *
gw_checklist_window_get_detail (GwChecklistWindow *self,
                                GwCheckItem        item)
{
  const GwCheckLine *line;

  g_return_val_if_fail (GW_IS_CHECKLIST_WINDOW (self), NULL);

  line = line_of (self, item);
  return line != NULL ? line->detail : NULL;
}

GwImportDialog *
gw_checklist_window_import (GwChecklistWindow *self,
                            GwCheckItem        item)
{
  const GwCheckLine *line;
  GwImportTarget target;
  GwImportDialog *dialog;

  g_return_val_if_fail (GW_IS_CHECKLIST_WINDOW (self), NULL);

  line = line_of (self, item);
  if (line == NULL || line->import_layer == NULL || self->window == NULL
      || !gw_import_target_from_name (line->import_layer, &target))
    return NULL;
  dialog = gw_import_dialog_new (self->window);
  gw_import_dialog_set_target (dialog, target);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
on_import_clicked (GtkButton         *button,
                   GwChecklistWindow *self)
{
  gw_checklist_window_import (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button),
                                                                           "gw-check-item")));
}

/* One row per item, built here rather than eleven times in the .ui. */
static void
add_rows (GwChecklistWindow *self)
{
  for (guint i = 0; i < GW_CHECK_N_ITEMS; i++)
    {
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
      GtkWidget *icon = gtk_image_new ();
      GtkWidget *button = gtk_button_new_with_label (_("Import…"));

      adw_action_row_set_subtitle_lines (row, 2);
      adw_action_row_add_prefix (row, icon);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data (G_OBJECT (button), "gw-check-item", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (on_import_clicked), self);
      adw_action_row_add_suffix (row, button);
      adw_preferences_group_add (self->group, GTK_WIDGET (row));
      self->rows[i] = row;
      self->icons[i] = GTK_IMAGE (icon);
      self->buttons[i] = GTK_BUTTON (button);
    }
}

static void
gw_checklist_window_dispose (GObject *object)
{
  GwChecklistWindow *self = GW_CHECKLIST_WINDOW (object);

  follow_project (self, NULL);
  g_clear_weak_pointer (&self->window);
  g_clear_pointer (&self->lines, g_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), GW_TYPE_CHECKLIST_WINDOW);
  G_OBJECT_CLASS (gw_checklist_window_parent_class)->dispose (object);
}

static void
gw_checklist_window_class_init (GwChecklistWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_checklist_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-checklist-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GwChecklistWindow, group);
  gtk_widget_class_bind_template_child (widget_class, GwChecklistWindow, error_label);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gw_checklist_window_init (GwChecklistWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_rows (self);
  /* Imports from elsewhere (the menu, the CLI) show when the window comes back. */
  g_signal_connect_swapped (self, "notify::is-active", G_CALLBACK (gw_checklist_window_refresh),
                            self);
}

GwChecklistWindow *
gw_checklist_window_new (GwWindow *window)
{
  GwChecklistWindow *self;

  g_return_val_if_fail (GW_IS_WINDOW (window), NULL);

  self = g_object_new (GW_TYPE_CHECKLIST_WINDOW, "transient-for", window, NULL);
  g_set_weak_pointer (&self->window, window);
  gw_checklist_window_refresh (self);
  return self;
}
