/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-user-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-accounts.h"
#include "gw-user-picker.h"

/* Signing in: choose who you are from the project's accounts; an account
 * with a password asks for it (checked by the core, which audits refusals).
 * The login that signed in last is offered first. */

struct _GwUserPicker
{
  AdwWindow            parent_instance;

  GwStore             *store;
  GwUser              *pending;   /* chosen, waiting for the password */

  GtkStack            *stack;
  GtkListBox          *user_list;
  AdwWindowTitle      *window_title;
  AdwPasswordEntryRow *password_row;
  AdwPreferencesGroup *password_group;
  GtkLabel            *error_label;
  GtkButton           *sign_in_button;
  GtkButton           *back_button;
};

G_DEFINE_FINAL_TYPE (GwUserPicker, gw_user_picker, ADW_TYPE_WINDOW)

enum
{
  USER_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A row of the list: an account. */
#define GW_TYPE_USER_ROW (gw_user_row_get_type ())
G_DECLARE_FINAL_TYPE (GwUserRow, gw_user_row, GW, USER_ROW, AdwActionRow)

struct _GwUserRow
{
  AdwActionRow  parent_instance;
  GwUser       *user;
};

G_DEFINE_FINAL_TYPE (GwUserRow, gw_user_row, ADW_TYPE_ACTION_ROW)

static void
gw_user_row_finalize (GObject *object)
{
  g_clear_object (&GW_USER_ROW (object)->user);
  G_OBJECT_CLASS (gw_user_row_parent_class)->finalize (object);
}

static void
gw_user_row_class_init (GwUserRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_user_row_finalize;
}

static void
gw_user_row_init (GwUserRow *self)
{
}

static GtkWidget *
gw_user_row_new (GwUser *user)
{
  GwUserRow *row = g_object_new (GW_TYPE_USER_ROW, NULL);

  row->user = g_object_ref (user);
  return GTK_WIDGET (row);
}

static GwUser *
gw_user_row_get_user (GwUserRow *self)
{
  return self->user;
}

static const char *
role_icon (GwRole role)
{
  switch (role)
    {
    case GW_ROLE_SUPERVISOR:
      return "emblem-system-symbolic";
    case GW_ROLE_STAFF:
      return "system-users-symbolic";
    case GW_ROLE_PLANNER:
    default:
      return "find-location-symbolic";
    }
}

static void
signed_in (GwUserPicker *self,
           GwUser       *user)
{
  g_signal_emit (self, signals[USER_CHOSEN], 0, user);
  gtk_window_close (GTK_WINDOW (self));
}

static void
show_password_page (GwUserPicker *self,
                    GwUser       *user)
{
  g_autofree char *description = NULL;

  g_set_object (&self->pending, user);
  /* Translators: the person signing in and their role, "张伟 (Supervisor)" */
  description = g_strdup_printf (_("%s (%s)"), user->name, gw_role_label (user->role));
  adw_preferences_group_set_title (self->password_group, description);
  adw_window_title_set_title (self->window_title, _("Sign In"));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "password");
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

/* Chooses @user: at once if the account has no password, else asks. */
static void
choose (GwUserPicker *self,
        GwUser       *user)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwUser) signed_in_user = NULL;
  gboolean needs = TRUE;

  if (!gw_user_needs_password (self->store, user->login, &needs, &error) || needs)
    {
      show_password_page (self, user);
      return;
    }
  signed_in_user = gw_user_sign_in (self->store, user->login, NULL, &error);
  if (signed_in_user == NULL)
    {
      show_password_page (self, user);
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  signed_in (self, signed_in_user);
}

static void
on_row_activated (GtkListBox    *list,
                  GtkListBoxRow *row,
                  GwUserPicker  *self)
{
  choose (self, gw_user_row_get_user (GW_USER_ROW (row)));
}

static void
on_sign_in (GwUserPicker *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwUser) user = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->pending == NULL)
    return;
  user = gw_user_sign_in (self->store, self->pending->login, password, &error);
  if (user == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_editable_select_region (GTK_EDITABLE (self->password_row), 0, -1);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  signed_in (self, user);
}

static void
on_back (GwUserPicker *self)
{
  g_clear_object (&self->pending);
  adw_window_title_set_title (self->window_title, _("Who Is Working?"));
  gtk_stack_set_visible_child_name (self->stack, "users");
}

static gboolean
fill (GwUserPicker  *self,
      GwStore       *store,
      GError       **error)
{
  g_autoptr (GPtrArray) users = gw_user_list (store, error);

  if (users == NULL)
    return FALSE;
  for (guint i = 0; i < users->len; i++)
    {
      GwUser *user = g_ptr_array_index (users, i);
      GtkWidget *row = gw_user_row_new (user);
      GtkWidget *icon = gtk_image_new_from_icon_name (role_icon (user->role));
      g_autofree char *subtitle = NULL;

      if (user->role == GW_ROLE_STAFF)
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%s · %s · %u grid", "%s · %s · %u grids",
                                                 user->grid_ids->len),
                                    gw_role_label (user->role), user->login, user->grid_ids->len);
      else
        subtitle = g_strdup_printf ("%s · %s", gw_role_label (user->role), user->login);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), user->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->user_list, row);
    }
  return TRUE;
}

GwUserPicker *
gw_user_picker_new (GtkWindow   *parent,
                    GwStore     *store,
                    const char  *login,
                    GError     **error)
{
  GwUserPicker *self;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  self = g_object_new (GW_TYPE_USER_PICKER, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  if (!fill (self, store, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  /* The login given (or the one that signed in last) is asked for first. */
  {
    g_autofree char *last = login == NULL ? gw_user_last_sign_in (store) : NULL;
    GtkWidget *row = gw_user_picker_get_row (self, login != NULL ? login : last);

    if (row != NULL)
      {
        gboolean needs = FALSE;
        GwUser *user = gw_user_row_get_user (GW_USER_ROW (row));

        if (login != NULL || (gw_user_needs_password (store, user->login, &needs, NULL) && needs))
          show_password_page (self, user);
      }
  }
  return self;
}

/**
 * gw_user_picker_sign_in:
 * @self: a #GwUserPicker
 * @login: who
 * @password: (nullable): their password
 *
 * What a user does with the rows and the password field (for tests).
 */
void
gw_user_picker_sign_in (GwUserPicker *self,
                        const char   *login,
                        const char   *password)
{
  GtkWidget *row;

  g_return_if_fail (GW_IS_USER_PICKER (self));

  row = gw_user_picker_get_row (self, login);
  g_return_if_fail (row != NULL);
  choose (self, gw_user_row_get_user (GW_USER_ROW (row)));
  if (self->pending != NULL && password != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
      on_sign_in (self);
    }
}

/* The message shown under the password, or %NULL (for tests). */
const char *
gw_user_picker_get_error (GwUserPicker *self)
{
  g_return_val_if_fail (GW_IS_USER_PICKER (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
         ? gtk_label_get_text (self->error_label) : NULL;
}

GtkWidget *
gw_user_picker_get_row (GwUserPicker *self,
                        const char   *login)
{
  g_return_val_if_fail (GW_IS_USER_PICKER (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->user_list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GwUser *user = GW_IS_USER_ROW (child) ? gw_user_row_get_user (GW_USER_ROW (child)) : NULL;

      if (user != NULL && g_strcmp0 (user->login, login) == 0)
        return child;
    }
  return NULL;
}

static void
gw_user_picker_dispose (GObject *object)
{
  GwUserPicker *self = GW_USER_PICKER (object);

  g_clear_object (&self->pending);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (gw_user_picker_parent_class)->dispose (object);
}

static void
gw_user_picker_class_init (GwUserPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_user_picker_dispose;

  /**
   * GwUserPicker::user-chosen:
   * @user: the #GwUser
   */
  signals[USER_CHOSEN] = g_signal_new ("user-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, GW_TYPE_USER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-user-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, GwUserPicker, stack);
  gtk_widget_class_bind_template_child (widget_class, GwUserPicker, user_list);
  gtk_widget_class_bind_template_child (widget_class, GwUserPicker, window_title);
  gtk_widget_class_bind_template_child (widget_class, GwUserPicker, password_row);
  gtk_widget_class_bind_template_child (widget_class, GwUserPicker, password_group);
  gtk_widget_class_bind_template_child (widget_class, GwUserPicker, error_label);
  gtk_widget_class_bind_template_child (widget_class, GwUserPicker, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, GwUserPicker, back_button);
}

static void
gw_user_picker_init (GwUserPicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->user_list, "row-activated", G_CALLBACK (on_row_activated), self);
  g_signal_connect_swapped (self->password_row, "entry-activated", G_CALLBACK (on_sign_in), self);
  g_signal_connect_swapped (self->sign_in_button, "clicked", G_CALLBACK (on_sign_in), self);
  g_signal_connect_swapped (self->back_button, "clicked", G_CALLBACK (on_back), self);
}
