/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-new-project-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gw-new-project-dialog.h"
#include "gw-project.h"

struct _GwNewProjectDialog
{
  AdwWindow             parent_instance;

  GFile                *file;
  GtkFileChooserNative *chooser;

  AdwEntryRow          *street_name_row;
  AdwEntryRow          *street_code_row;
  AdwEntryRow          *district_row;
  AdwEntryRow          *login_row;
  AdwEntryRow          *name_row;
  AdwPasswordEntryRow  *password_row;
  AdwPasswordEntryRow  *confirm_row;
  AdwActionRow         *location_row;
  GtkButton            *choose_button;
  GtkButton            *create_button;
  GtkLabel             *error_label;
};

G_DEFINE_FINAL_TYPE (GwNewProjectDialog, gw_new_project_dialog, ADW_TYPE_WINDOW)

enum
{
  PROJECT_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
text_of (gpointer row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* Create is offered once everything needed is there; what is wrong with it
 * is said by the core when Create is pressed. */
static void
update_sensitivity (GwNewProjectDialog *self)
{
  gboolean ready = self->file != NULL && *text_of (self->street_name_row) != '\0'
                   && *text_of (self->street_code_row) != '\0' && *text_of (self->login_row) != '\0'
                   && *text_of (self->password_row) != '\0';

  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), ready);
}

static void
show_error (GwNewProjectDialog *self,
            const char         *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_file (GwNewProjectDialog *self,
          GFile              *file)
{
  g_autofree char *display = NULL;

  g_set_object (&self->file, file);
  display = file != NULL ? g_file_get_parse_name (file) : NULL;
  adw_action_row_set_subtitle (self->location_row,
                               display != NULL ? display : _("Not chosen yet"));
  update_sensitivity (self);
}

static void
on_chooser_response (GtkNativeDialog    *chooser,
                     int                 response,
                     GwNewProjectDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *name = g_file_get_basename (chosen);

      /* A name without an extension gets the project's. */
      if (strchr (name, '.') == NULL)
        {
          g_autoptr (GFile) parent = g_file_get_parent (chosen);
          g_autofree char *with = g_strconcat (name, ".sqlite", NULL);
          g_autoptr (GFile) named = g_file_get_child (parent, with);

          set_file (self, named);
        }
      else
        set_file (self, chosen);
    }
  g_clear_object (&self->chooser);
}

static void
on_choose (GwNewProjectDialog *self)
{
  g_autofree char *suggested = NULL;
  const char *street = text_of (self->street_name_row);

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Save the New Project"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  suggested = g_strdup_printf ("%s.sqlite", *street != '\0' ? street : _("street"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), suggested);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/**
 * gw_new_project_dialog_create:
 * @self: a #GwNewProjectDialog
 *
 * What Create does: the core makes the project (or says why not, and the
 * dialog shows it); on success ::project-created is emitted and the dialog
 * closes.
 *
 * Returns: %TRUE if the project was created
 */
gboolean
gw_new_project_dialog_create (GwNewProjectDialog *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  GwUserNew admin = { 0 };

  g_return_val_if_fail (GW_IS_NEW_PROJECT_DIALOG (self), FALSE);

  if (self->file == NULL || (path = g_file_get_path (self->file)) == NULL)
    {
      show_error (self, _("Choose where to save the project"));
      return FALSE;
    }
  if (strcmp (text_of (self->password_row), text_of (self->confirm_row)) != 0)
    {
      show_error (self, _("The two passwords differ"));
      return FALSE;
    }
  admin.login = text_of (self->login_row);
  admin.name = text_of (self->name_row);
  admin.role = GW_ROLE_SUPERVISOR;
  admin.password = text_of (self->password_row);
  if (!gw_project_create (path, text_of (self->street_code_row), text_of (self->street_name_row),
                          text_of (self->district_row), &admin, &error))
    {
      show_error (self, error->message);
      return FALSE;
    }
  show_error (self, NULL);
  g_signal_emit (self, signals[PROJECT_CREATED], 0, self->file, admin.login);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

void
gw_new_project_dialog_fill (GwNewProjectDialog *self,
                            const char         *street_name,
                            const char         *street_code,
                            const char         *login,
                            const char         *password,
                            GFile              *file)
{
  g_return_if_fail (GW_IS_NEW_PROJECT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->street_name_row), street_name);
  gtk_editable_set_text (GTK_EDITABLE (self->street_code_row), street_code);
  gtk_editable_set_text (GTK_EDITABLE (self->login_row), login);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), password);
  set_file (self, file);
}

const char *
gw_new_project_dialog_get_error (GwNewProjectDialog *self)
{
  g_return_val_if_fail (GW_IS_NEW_PROJECT_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
         ? gtk_label_get_text (self->error_label) : NULL;
}

static void
gw_new_project_dialog_dispose (GObject *object)
{
  GwNewProjectDialog *self = GW_NEW_PROJECT_DIALOG (object);

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_clear_object (&self->file);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_NEW_PROJECT_DIALOG);
  G_OBJECT_CLASS (gw_new_project_dialog_parent_class)->dispose (object);
}

static void
gw_new_project_dialog_class_init (GwNewProjectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_new_project_dialog_dispose;

  /**
   * GwNewProjectDialog::project-created:
   * @file: the new project file
   * @login: its first supervisor, who has just given their password
   */
  signals[PROJECT_CREATED] = g_signal_new ("project-created", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                           2, G_TYPE_FILE, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-new-project-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GwNewProjectDialog, street_name_row);
  gtk_widget_class_bind_template_child (widget_class, GwNewProjectDialog, street_code_row);
  gtk_widget_class_bind_template_child (widget_class, GwNewProjectDialog, district_row);
  gtk_widget_class_bind_template_child (widget_class, GwNewProjectDialog, login_row);
  gtk_widget_class_bind_template_child (widget_class, GwNewProjectDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, GwNewProjectDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, GwNewProjectDialog, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, GwNewProjectDialog, location_row);
  gtk_widget_class_bind_template_child (widget_class, GwNewProjectDialog, choose_button);
  gtk_widget_class_bind_template_child (widget_class, GwNewProjectDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, GwNewProjectDialog, error_label);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gw_new_project_dialog_init (GwNewProjectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->choose_button, "clicked", G_CALLBACK (on_choose), self);
  g_signal_connect_swapped (self->create_button, "clicked",
                            G_CALLBACK (gw_new_project_dialog_create), self);
  g_signal_connect_swapped (self->street_name_row, "changed", G_CALLBACK (update_sensitivity), self);
  g_signal_connect_swapped (self->street_code_row, "changed", G_CALLBACK (update_sensitivity), self);
  g_signal_connect_swapped (self->login_row, "changed", G_CALLBACK (update_sensitivity), self);
  g_signal_connect_swapped (self->password_row, "changed", G_CALLBACK (update_sensitivity), self);
}

GwNewProjectDialog *
gw_new_project_dialog_new (GtkWindow *parent)
{
  return g_object_new (GW_TYPE_NEW_PROJECT_DIALOG, "transient-for", parent, NULL);
}
