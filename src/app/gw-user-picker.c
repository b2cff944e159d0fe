/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-user-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-user-picker.h"

struct _GwUserPicker
{
  AdwWindow   parent_instance;

  GtkListBox *user_list;
};

G_DEFINE_FINAL_TYPE (GwUserPicker, gw_user_picker, ADW_TYPE_WINDOW)

enum
{
  USER_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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
on_row_activated (GtkListBox    *list,
                  GtkListBoxRow *row,
                  GwUserPicker  *self)
{
  GwUser *user = g_object_get_data (G_OBJECT (row), "gw-user");

  g_signal_emit (self, signals[USER_CHOSEN], 0, user);
  gtk_window_close (GTK_WINDOW (self));
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
      GtkWidget *row = adw_action_row_new ();
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
      g_object_set_data_full (G_OBJECT (row), "gw-user", g_object_ref (user), g_object_unref);
      gtk_list_box_append (self->user_list, row);
    }
  return TRUE;
}

GwUserPicker *
gw_user_picker_new (GtkWindow  *parent,
                    GwStore    *store,
                    GError    **error)
{
  GwUserPicker *self;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  self = g_object_new (GW_TYPE_USER_PICKER, "transient-for", parent, NULL);
  if (!fill (self, store, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  return self;
}

GtkWidget *
gw_user_picker_get_row (GwUserPicker *self,
                        const char   *login)
{
  g_return_val_if_fail (GW_IS_USER_PICKER (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->user_list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GwUser *user = g_object_get_data (G_OBJECT (child), "gw-user");

      if (user != NULL && g_strcmp0 (user->login, login) == 0)
        return child;
    }
  return NULL;
}

static void
gw_user_picker_class_init (GwUserPickerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * GwUserPicker::user-chosen:
   * @user: the #GwUser
   */
  signals[USER_CHOSEN] = g_signal_new ("user-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, GW_TYPE_USER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-user-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, GwUserPicker, user_list);
}

static void
gw_user_picker_init (GwUserPicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->user_list, "row-activated", G_CALLBACK (on_row_activated), self);
}
