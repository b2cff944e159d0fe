/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-connect-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "gw-connect-dialog.h"
#include "gw-store.h"

struct _GwConnectDialog
{
  AdwWindow            parent_instance;

  GSettings           *settings;
  GCancellable        *cancellable;
  gboolean             busy;

  AdwEntryRow         *host_row;
  AdwEntryRow         *port_row;
  AdwEntryRow         *database_row;
  AdwEntryRow         *street_row;
  AdwEntryRow         *user_row;
  AdwPasswordEntryRow *password_row;
  GtkSwitch           *remember_switch;
  GtkButton           *connect_button;
  GtkSpinner          *spinner;
  GtkLabel            *error_label;
};

G_DEFINE_FINAL_TYPE (GwConnectDialog, gw_connect_dialog, ADW_TYPE_WINDOW)

enum
{
  CONNECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Passwords in the desktop keyring (the Secret Service), one per server
 * and user. */
static const SecretSchema *
password_schema (void)
{
  static const SecretSchema schema = {
    "org.gridwork.Gridwork.Server", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static const char *
text_of (gpointer row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* host:port/database: how the keyring names the server. */
static char *
server_key (GwConnectDialog *self)
{
  return g_strdup_printf ("%s:%s/%s", text_of (self->host_row), text_of (self->port_row),
                          text_of (self->database_row));
}

static void
show_error (GwConnectDialog *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_sensitivity (GwConnectDialog *self)
{
  gboolean ready = !self->busy && *text_of (self->host_row) != '\0'
                   && *text_of (self->database_row) != '\0' && *text_of (self->user_row) != '\0';

  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), ready);
}

char *
gw_connect_dialog_dup_location (GwConnectDialog *self)
{
  g_autofree char *user = NULL, *host = NULL, *database = NULL;
  GString *location;
  const char *street;

  g_return_val_if_fail (GW_IS_CONNECT_DIALOG (self), NULL);

  /* Escaped: a socket folder (/run/postgresql) is a host too. */
  user = g_uri_escape_string (text_of (self->user_row), NULL, FALSE);
  host = g_uri_escape_string (text_of (self->host_row), NULL, FALSE);
  database = g_uri_escape_string (text_of (self->database_row), NULL, FALSE);
  location = g_string_new ("postgresql://");
  g_string_append_printf (location, "%s@%s", user, host);
  if (*text_of (self->port_row) != '\0')
    g_string_append_printf (location, ":%s", text_of (self->port_row));
  g_string_append_printf (location, "/%s", database);
  street = text_of (self->street_row);
  if (*street != '\0')
    {
      g_autofree char *escaped = g_uri_escape_string (street, NULL, FALSE);

      g_string_append_printf (location, "?street=%s", escaped);
    }
  return g_string_free (location, FALSE);
}

/* {{{ The keyring */

static void
on_password_found (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GwConnectDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *password = secret_password_lookup_finish (result, &error);

  /* No keyring on this desktop is no reason to complain: the user types. */
  if (password == NULL)
    {
      if (error != NULL)
        g_debug ("No password from the keyring: %s", error->message);
      return;
    }
  if (*text_of (self->password_row) == '\0')
    {
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
      gtk_switch_set_active (self->remember_switch, TRUE);
    }
}

static void
look_password_up (GwConnectDialog *self)
{
  g_autofree char *server = server_key (self);

  if (*text_of (self->user_row) == '\0')
    return;
  secret_password_lookup (password_schema (), self->cancellable, on_password_found,
                          g_object_ref (self), "server", server, "user", text_of (self->user_row),
                          NULL);
}

static void
on_password_stored (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_message (_("The password was not remembered: %s"), error->message);
}

static void
on_password_cleared (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (!secret_password_clear_finish (result, &error) && error != NULL)
    g_debug ("Could not forget the password: %s", error->message);
}

static void
remember_password (GwConnectDialog *self,
                   const char      *password)
{
  g_autofree char *server = server_key (self);
  const char *user = text_of (self->user_row);

  if (gtk_switch_get_active (self->remember_switch) && password != NULL && *password != '\0')
    {
      g_autofree char *label = g_strdup_printf (_("Gridwork: %s on %s"), user, server);

      secret_password_store (password_schema (), SECRET_COLLECTION_DEFAULT, label, password, NULL,
                             on_password_stored, NULL, "server", server, "user", user, NULL);
    }
  else
    secret_password_clear (password_schema (), NULL, on_password_cleared, NULL,
                           "server", server, "user", user, NULL);
}

/* }}} */

/* {{{ Connecting */

typedef struct
{
  char *location;
  char *password;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->location);
  if (job->password != NULL)
    memset (job->password, 0, strlen (job->password));
  g_free (job->password);
  g_free (job);
}

/* Signs in and brings the working copy up to date (a first copy of a
 * street takes seconds): off the main thread. */
static void
connect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = gw_store_open_server (job->location, job->password,
                                                    GW_STORE_OPEN_DEFAULT, &error);

  if (store == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GwConnectDialog *self = GW_CONNECT_DIALOG (source);
  g_autoptr (GError) error = NULL;
  Job *job = g_task_get_task_data (G_TASK (result));

  self->busy = FALSE;
  gtk_spinner_stop (self->spinner);
  update_sensitivity (self);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  show_error (self, NULL);
  g_settings_set_string (self->settings, "server-host", text_of (self->host_row));
  g_settings_set_string (self->settings, "server-port", text_of (self->port_row));
  g_settings_set_string (self->settings, "server-database", text_of (self->database_row));
  g_settings_set_string (self->settings, "server-user", text_of (self->user_row));
  g_settings_set_string (self->settings, "server-street", text_of (self->street_row));
  remember_password (self, job->password);
  g_signal_emit (self, signals[CONNECTED], 0, job->location, job->password);
  gtk_window_close (GTK_WINDOW (self));
}

/**
 * gw_connect_dialog_connect:
 * @self: a #GwConnectDialog
 *
 * What Connect does: signs in on a worker thread; on success remembers
 * the server (and the password, if asked) and emits ::connected; else the
 * dialog shows why.
 */
void
gw_connect_dialog_connect (GwConnectDialog *self)
{
  g_autoptr (GTask) task = NULL;
  Job *job;

  g_return_if_fail (GW_IS_CONNECT_DIALOG (self));

  if (self->busy)
    return;
  job = g_new0 (Job, 1);
  job->location = gw_connect_dialog_dup_location (self);
  job->password = *text_of (self->password_row) != '\0' ? g_strdup (text_of (self->password_row)) : NULL;
  self->busy = TRUE;
  show_error (self, NULL);
  gtk_spinner_start (self->spinner);
  update_sensitivity (self);

  task = g_task_new (self, self->cancellable, on_connected, NULL);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, connect_thread);
}

/* }}} */

void
gw_connect_dialog_fill (GwConnectDialog *self,
                        const char      *host,
                        const char      *port,
                        const char      *database,
                        const char      *user,
                        const char      *password)
{
  g_return_if_fail (GW_IS_CONNECT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->host_row), host);
  gtk_editable_set_text (GTK_EDITABLE (self->port_row), port);
  gtk_editable_set_text (GTK_EDITABLE (self->database_row), database);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password != NULL ? password : "");
}

gboolean
gw_connect_dialog_is_busy (GwConnectDialog *self)
{
  g_return_val_if_fail (GW_IS_CONNECT_DIALOG (self), FALSE);

  return self->busy;
}

const char *
gw_connect_dialog_get_error (GwConnectDialog *self)
{
  g_return_val_if_fail (GW_IS_CONNECT_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
         ? gtk_label_get_text (self->error_label) : NULL;
}

static void
gw_connect_dialog_dispose (GObject *object)
{
  GwConnectDialog *self = GW_CONNECT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_CONNECT_DIALOG);
  G_OBJECT_CLASS (gw_connect_dialog_parent_class)->dispose (object);
}

static void
gw_connect_dialog_class_init (GwConnectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_connect_dialog_dispose;

  /**
   * GwConnectDialog::connected:
   * @location: the server's location, with the street (no password)
   * @password: (nullable): the password the user typed
   */
  signals[CONNECTED] = g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                     NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GwConnectDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, GwConnectDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, GwConnectDialog, database_row);
  gtk_widget_class_bind_template_child (widget_class, GwConnectDialog, street_row);
  gtk_widget_class_bind_template_child (widget_class, GwConnectDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, GwConnectDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, GwConnectDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, GwConnectDialog, connect_button);
  gtk_widget_class_bind_template_child (widget_class, GwConnectDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, GwConnectDialog, error_label);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
set_from_setting (GwConnectDialog *self,
                  AdwEntryRow     *row,
                  const char      *key)
{
  g_autofree char *value = g_settings_get_string (self->settings, key);

  gtk_editable_set_text (GTK_EDITABLE (row), value);
}

static void
gw_connect_dialog_init (GwConnectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);

  /* The server and user of last time; the password from the keyring. */
  set_from_setting (self, self->host_row, "server-host");
  set_from_setting (self, self->port_row, "server-port");
  set_from_setting (self, self->database_row, "server-database");
  set_from_setting (self, self->user_row, "server-user");
  set_from_setting (self, self->street_row, "server-street");
  look_password_up (self);

  g_signal_connect_swapped (self->connect_button, "clicked", G_CALLBACK (gw_connect_dialog_connect), self);
  g_signal_connect_swapped (self->password_row, "entry-activated",
                            G_CALLBACK (gw_connect_dialog_connect), self);
  g_signal_connect_swapped (self->host_row, "changed", G_CALLBACK (update_sensitivity), self);
  g_signal_connect_swapped (self->database_row, "changed", G_CALLBACK (update_sensitivity), self);
  g_signal_connect_swapped (self->user_row, "changed", G_CALLBACK (update_sensitivity), self);
  update_sensitivity (self);
}

GwConnectDialog *
gw_connect_dialog_new (GtkWindow *parent)
{
  return g_object_new (GW_TYPE_CONNECT_DIALOG, "transient-for", parent, NULL);
}
