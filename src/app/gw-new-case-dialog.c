/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-new-case-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-domain.h"
#include "gw-inspector.h"
#include "gw-new-case-dialog.h"

struct _GwNewCaseDialog
{
  AdwWindow        parent_instance;

  GwStore         *store;
  GwUser          *user;
  double           longitude;
  double           latitude;
  gint64           grid_id;

  AdwWindowTitle  *window_title;
  GtkButton       *report_button;
  AdwToastOverlay *toast_overlay;
  GtkTextView     *description_view;
  AdwComboRow     *category_row;
  AdwEntryRow     *subcategory_row;
  AdwComboRow     *tier_row;
  AdwComboRow     *scope_row;
  AdwComboRow     *source_row;
  AdwEntryRow     *reporter_name_row;
  AdwEntryRow     *reporter_phone_row;
};

G_DEFINE_FINAL_TYPE (GwNewCaseDialog, gw_new_case_dialog, ADW_TYPE_WINDOW)

enum
{
  CASE_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const tiers[] = { "A", "B", "C", NULL };
static const char * const scopes[] = { "small", "private", "big", NULL };
static const char * const sources[] = {
  "walk_in", "hotline", "patrol", "building_leader", "qr_code", "mailbox", NULL
};

static char *
description_text (GwNewCaseDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static void
update_report_button (GwNewCaseDialog *self)
{
  g_autofree char *text = description_text (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->report_button), g_utf8_strlen (text, -1) >= 2);
}

static const char *
nonempty (const char *text)
{
  return text != NULL && text[0] != '\0' ? text : NULL;
}

gint64
gw_new_case_dialog_submit (GwNewCaseDialog  *self,
                           GError          **error)
{
  g_autofree char *description = NULL;
  GwCaseNew fields = { 0 };
  gint64 case_id;

  g_return_val_if_fail (GW_IS_NEW_CASE_DIALOG (self), 0);

  description = description_text (self);
  fields.lon = self->longitude;
  fields.lat = self->latitude;
  fields.category = gw_case_categories[adw_combo_row_get_selected (self->category_row)];
  fields.subcategory = nonempty (gtk_editable_get_text (GTK_EDITABLE (self->subcategory_row)));
  fields.tier = tiers[adw_combo_row_get_selected (self->tier_row)];
  fields.scope = scopes[adw_combo_row_get_selected (self->scope_row)];
  fields.source = sources[adw_combo_row_get_selected (self->source_row)];
  fields.description = description;
  fields.reporter_name = nonempty (gtk_editable_get_text (GTK_EDITABLE (self->reporter_name_row)));
  fields.reporter_phone = nonempty (gtk_editable_get_text (GTK_EDITABLE (self->reporter_phone_row)));

  case_id = gw_case_create (self->store, self->user, &fields, error);
  if (case_id != 0)
    g_signal_emit (self, signals[CASE_CREATED], 0, case_id);
  return case_id;
}

static void
on_report_clicked (GtkButton       *button,
                   GwNewCaseDialog *self)
{
  g_autoptr (GError) error = NULL;

  if (gw_new_case_dialog_submit (self, &error) != 0)
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
fill_combo (AdwComboRow        *row,
            const char * const *keys,
            const char       *(*label) (const char *key))
{
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);

  for (guint i = 0; keys[i] != NULL; i++)
    gtk_string_list_append (labels, label (keys[i]));
  adw_combo_row_set_model (row, G_LIST_MODEL (labels));
}

static const char *
tier_label (const char *tier)
{
  switch (tier[0])
    {
    case 'A':
      return _("A — due the same working day");
    case 'B':
      return _("B — within working days");
    default:
      return _("C — periodic reports");
    }
}

GwNewCaseDialog *
gw_new_case_dialog_new (GtkWindow  *parent,
                        GwStore    *store,
                        GwUser     *user,
                        double      longitude,
                        double      latitude,
                        GError    **error)
{
  GwNewCaseDialog *self;
  g_autofree char *subtitle = NULL;
  g_autofree char *code = NULL;
  gint64 grid_id;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (GW_IS_USER (user), NULL);

  grid_id = gw_case_grid_at (store, longitude, latitude, error);
  if (grid_id == 0)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                     _("There is no grid here; a case must lie in a grid"));
      return NULL;
    }
  if (!gw_user_can_act_in_grid (user, grid_id))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                   user->role == GW_ROLE_PLANNER
                   ? _("%s is a planner; planners cannot report cases")
                   : _("%s may report cases only in their own grids"), user->name);
      return NULL;
    }

  self = g_object_new (GW_TYPE_NEW_CASE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->user = g_object_ref (user);
  self->longitude = longitude;
  self->latitude = latitude;
  self->grid_id = grid_id;
  {
    g_autoptr (GwGridSummary) summary = gw_inspector_grid_summary (store, grid_id, NULL, NULL);

    /* Translators: where a new case is, e.g. "Grid 370203010001001 汾阳路社区第1网格" */
    subtitle = summary != NULL ? g_strdup_printf (_("Grid %s %s"), summary->code, summary->name)
                               : g_strdup ("");
  }
  adw_window_title_set_subtitle (self->window_title, subtitle);
  return self;
}

gint64
gw_new_case_dialog_get_grid (GwNewCaseDialog *self)
{
  g_return_val_if_fail (GW_IS_NEW_CASE_DIALOG (self), 0);

  return self->grid_id;
}

void
gw_new_case_dialog_set_description (GwNewCaseDialog *self,
                                    const char      *description)
{
  g_return_if_fail (GW_IS_NEW_CASE_DIALOG (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view), description, -1);
}

static void
select_key (AdwComboRow        *row,
            const char * const *keys,
            const char         *key)
{
  for (guint i = 0; keys[i] != NULL; i++)
    if (g_strcmp0 (keys[i], key) == 0)
      adw_combo_row_set_selected (row, i);
}

void
gw_new_case_dialog_set_category (GwNewCaseDialog *self,
                                 const char      *category)
{
  g_return_if_fail (GW_IS_NEW_CASE_DIALOG (self));

  select_key (self->category_row, gw_case_categories, category);
}

void
gw_new_case_dialog_set_tier (GwNewCaseDialog *self,
                             const char      *tier)
{
  g_return_if_fail (GW_IS_NEW_CASE_DIALOG (self));

  select_key (self->tier_row, tiers, tier);
}

static void
gw_new_case_dialog_dispose (GObject *object)
{
  GwNewCaseDialog *self = GW_NEW_CASE_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->user);
  G_OBJECT_CLASS (gw_new_case_dialog_parent_class)->dispose (object);
}

static void
gw_new_case_dialog_class_init (GwNewCaseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_new_case_dialog_dispose;

  signals[CASE_CREATED] = g_signal_new ("case-created", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-new-case-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, report_button);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, description_view);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, category_row);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, subcategory_row);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, tier_row);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, scope_row);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, source_row);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, reporter_name_row);
  gtk_widget_class_bind_template_child (widget_class, GwNewCaseDialog, reporter_phone_row);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gw_new_case_dialog_init (GwNewCaseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  fill_combo (self->category_row, gw_case_categories, gw_case_category_label);
  fill_combo (self->tier_row, tiers, tier_label);
  fill_combo (self->scope_row, scopes, gw_case_scope_label);
  fill_combo (self->source_row, sources, gw_case_source_label);
  adw_combo_row_set_selected (self->tier_row, 1);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->description_view), "changed",
                            G_CALLBACK (update_report_button), self);
  g_signal_connect (self->report_button, "clicked", G_CALLBACK (on_report_clicked), self);
}
