/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-case-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "gw-calendar.h"
#include "gw-case-page.h"
#include "gw-domain.h"
#include "gw-tooltips.h"
#include "gw-util.h"

struct _GwCasePage
{
  GtkWidget     parent_instance;

  GwStore      *store;
  GwUser       *user;
  GwCase       *kase;
  gboolean      unmasked;         /* the reporter's contact is shown in full */
  GtkWidget    *action_buttons[GW_CASE_N_ACTIONS];
  GtkWidget    *reveal_button;

  GtkBox       *tags_box;
  GtkLabel     *description_label;
  GtkLabel     *category_label;
  GtkBox       *actions_box;
  GtkLabel     *no_actions_label;
  AdwActionRow *deadline_row;
  GtkLabel     *time_left_label;
  AdwActionRow *reported_row;
  AdwActionRow *assignee_row;
  GtkButton    *reroute_button;
  AdwActionRow *grid_row;
  GtkButton    *show_on_map_button;
  AdwActionRow *scope_row;
  AdwActionRow *source_row;
  AdwActionRow *reporter_row;
  AdwActionRow *location_row;
  GtkListBox   *history_list;
};

G_DEFINE_FINAL_TYPE (GwCasePage, gw_case_page, GTK_TYPE_WIDGET)

enum
{
  CASE_CHANGED,
  SHOW_ON_MAP,
  REROUTE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The order buttons appear in: the next step of the loop first. */
static const GwCaseAction button_order[] = {
  GW_CASE_ACTION_REGISTER, GW_CASE_ACTION_DISPATCH, GW_CASE_ACTION_ACCEPT,
  GW_CASE_ACTION_REPORT_PROGRESS, GW_CASE_ACTION_REPORT_DONE, GW_CASE_ACTION_VERIFY_CLOSE,
  GW_CASE_ACTION_EVALUATE, GW_CASE_ACTION_RESUME, GW_CASE_ACTION_RETURN_REWORK,
  GW_CASE_ACTION_DEFER, GW_CASE_ACTION_DEPARTMENT_RETURN, GW_CASE_ACTION_REJECT,
  GW_CASE_ACTION_REOPEN,
};

/* The steps that move the case forward are suggested; refusals are not. */
static gboolean
action_is_forward (GwCaseAction action)
{
  switch (action)
    {
    case GW_CASE_ACTION_REGISTER:
    case GW_CASE_ACTION_DISPATCH:
    case GW_CASE_ACTION_ACCEPT:
    case GW_CASE_ACTION_REPORT_DONE:
    case GW_CASE_ACTION_VERIFY_CLOSE:
    case GW_CASE_ACTION_EVALUATE:
    case GW_CASE_ACTION_RESUME:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_BOX (box))
        gtk_box_remove (GTK_BOX (box), child);
      else
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
    }
}

static GtkWidget *
tag (const char *text,
     const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "tag");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
show_error (GwCasePage   *self,
            const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("The Case Was Not Changed"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
gw_case_page_apply (GwCasePage    *self,
                    GwCaseAction   action,
                    const char    *reason,
                    int            satisfaction,
                    GError       **error)
{
  gint64 case_id;

  g_return_val_if_fail (GW_IS_CASE_PAGE (self), FALSE);
  g_return_val_if_fail (self->kase != NULL, FALSE);

  case_id = self->kase->id;
  if (!gw_case_advance (self->store, self->user, case_id, action, reason, satisfaction,
                        self->kase->version, error))
    {
      /* Whatever happened, show the case as it is now. */
      gw_case_page_reload (self, NULL);
      return FALSE;
    }
  if (!gw_case_page_reload (self, error))
    return FALSE;
  g_signal_emit (self, signals[CASE_CHANGED], 0, case_id);
  return TRUE;
}

typedef struct
{
  GwCasePage     *page;
  GwCaseAction    action;
  GtkEditable    *reason;
  GtkSpinButton  *satisfaction;
} StepDialog;

static void
step_dialog_free (gpointer data)
{
  StepDialog *step = data;

  g_object_unref (step->page);
  g_free (step);
}

static void
on_step_response (AdwMessageDialog *dialog,
                  const char       *response,
                  StepDialog       *step)
{
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "apply") != 0)
    return;
  if (!gw_case_page_apply (step->page, step->action,
                           step->reason ? gtk_editable_get_text (step->reason) : NULL,
                           step->satisfaction ? gtk_spin_button_get_value_as_int (step->satisfaction) : 0,
                           &error))
    show_error (step->page, error);
}

static void
on_reason_changed (GtkEditable      *reason,
                   AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (reason)));

  adw_message_dialog_set_response_enabled (dialog, "apply", text[0] != '\0');
}

/* Steps that need a reason or a satisfaction ask for it first. */
static void
ask_and_apply (GwCasePage   *self,
               GwCaseAction  action)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog, *box;
  StepDialog *step = g_new0 (StepDialog, 1);
  g_autofree char *heading = g_strdup_printf ("%s — %s", gw_case_action_label (action),
                                              self->kase->code);

  step->page = g_object_ref (self);
  step->action = action;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, NULL);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  if (action == GW_CASE_ACTION_EVALUATE)
    {
      GtkWidget *label = gtk_label_new_with_mnemonic (_("Resident’s _satisfaction, 1 (very dissatisfied) to 5 (very satisfied)"));
      GtkWidget *spin = gtk_spin_button_new_with_range (1, 5, 1);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_mnemonic_widget (GTK_LABEL (label), spin);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 5);
      gtk_widget_set_halign (spin, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), spin);
      step->satisfaction = GTK_SPIN_BUTTON (spin);
    }
  {
    GtkWidget *entry = gtk_entry_new ();
    gboolean needed = gw_case_action_needs_reason (action);

    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), needed ? _("Reason (required)")
                                                              : _("Note (optional)"));
    gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
    gtk_box_append (GTK_BOX (box), entry);
    step->reason = GTK_EDITABLE (entry);
    if (needed)
      g_signal_connect (entry, "changed", G_CALLBACK (on_reason_changed), dialog);
  }

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "apply", gw_case_action_label (action), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              action_is_forward (action)
                                              ? ADW_RESPONSE_SUGGESTED : ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "apply",
                                           !gw_case_action_needs_reason (action));
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_step_response), step,
                         (GClosureNotify) (void (*) (void)) step_dialog_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_action_clicked (GtkButton  *button,
                   GwCasePage *self)
{
  GwCaseAction action = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "gw-action"));
  g_autoptr (GError) error = NULL;

  if (gw_case_action_needs_reason (action) || action == GW_CASE_ACTION_EVALUATE
      || action == GW_CASE_ACTION_REPORT_PROGRESS)
    {
      ask_and_apply (self, action);
      return;
    }
  if (!gw_case_page_apply (self, action, NULL, 0, &error))
    show_error (self, error);
}

static char *
event_detail (const GwCaseEvent *event)
{
  g_autoptr (GString) text = g_string_new (NULL);
  const char *from = event->from_assignee && *event->from_assignee ? event->from_assignee : NULL;
  const char *to = event->to_assignee && *event->to_assignee ? event->to_assignee : NULL;

  if (event->from_grid_code != NULL || event->to_grid_code != NULL)
    /* Translators: a case moved from one grid to another */
    g_string_append_printf (text, _("Grid %s → %s"),
                            event->from_grid_code ? event->from_grid_code : "—",
                            event->to_grid_code ? event->to_grid_code : "—");
  if (from != NULL || to != NULL)
    {
      if (text->len > 0)
        g_string_append (text, "\n");
      if (from != NULL && to != NULL)
        g_string_append_printf (text, "%s → %s", from, to);
      else if (to != NULL)
        g_string_append_printf (text, _("To %s"), to);
      else
        g_string_append_printf (text, _("From %s"), from);
    }
  if (event->satisfaction > 0)
    {
      if (text->len > 0)
        g_string_append (text, "\n");
      g_string_append_printf (text, _("Satisfaction %d of 5"), event->satisfaction);
    }
  if (event->reason != NULL && event->reason[0] != '\0')
    {
      if (text->len > 0)
        g_string_append (text, "\n");
      g_string_append_printf (text, "“%s”", event->reason);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
history_row (const GwCaseEvent *event)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_auto (GStrv) date_time = g_strsplit (event->at, " ", 2);
  GtkWidget *when = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *what = gtk_label_new (gw_case_event_kind_label (event->kind));
  g_autofree char *detail_text = event_detail (event);

  /* Date over time, in a column of its own. */
  for (guint i = 0; date_time[i] != NULL; i++)
    {
      GtkWidget *part = gtk_label_new (date_time[i]);

      gtk_label_set_xalign (GTK_LABEL (part), 0);
      gtk_widget_add_css_class (part, "dim-label");
      gtk_widget_add_css_class (part, "numeric");
      gtk_widget_add_css_class (part, "caption");
      gtk_box_append (GTK_BOX (when), part);
    }
  gtk_widget_set_valign (when, GTK_ALIGN_START);
  gtk_widget_set_size_request (when, 76, -1);

  gtk_label_set_xalign (GTK_LABEL (what), 0);
  gtk_widget_add_css_class (what, "heading");
  gtk_box_append (GTK_BOX (text), what);
  if (detail_text[0] != '\0')
    {
      GtkWidget *detail = gtk_label_new (detail_text);

      gtk_label_set_xalign (GTK_LABEL (detail), 0);
      gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (detail), PANGO_WRAP_WORD_CHAR);
      gtk_box_append (GTK_BOX (text), detail);
    }
  if (event->user_name != NULL && event->user_name[0] != '\0')
    {
      GtkWidget *who = gtk_label_new (event->user_name);

      gtk_label_set_xalign (GTK_LABEL (who), 0);
      gtk_widget_add_css_class (who, "dim-label");
      gtk_widget_add_css_class (who, "caption");
      gtk_box_append (GTK_BOX (text), who);
    }
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_box_append (GTK_BOX (box), when);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static void
set_subtitle (AdwActionRow *row,
              const char   *text)
{
  adw_action_row_set_subtitle (row, text != NULL && text[0] != '\0' ? text : "—");
}

/* Head: code, status, tier and the marks that need attention. */
static void
fill_head (GwCasePage *self)
{
  const GwCase *kase = self->kase;
  g_autofree char *tier_class = g_strdup_printf ("tier-%c", g_ascii_tolower (kase->tier[0]));
  g_autofree char *tier_text = NULL;
  g_autofree char *category = NULL;
  gboolean open = gw_case_status_is_open (kase->status);
  GtkWidget *code = gtk_label_new (kase->code);

  clear_box (GTK_WIDGET (self->tags_box));
  gtk_widget_add_css_class (code, "heading");
  gtk_widget_add_css_class (code, "numeric");
  gtk_box_append (self->tags_box, code);
  gtk_box_append (self->tags_box, tag (gw_case_status_label (kase->status), open ? "accent" : "success"));
  /* Translators: a case tier: A (at once), B (time limit), C (periodic) */
  tier_text = g_strdup_printf (_("Tier %s"), kase->tier);
  gtk_box_append (self->tags_box, tag (tier_text, tier_class));
  if (kase->overdue)
    gtk_box_append (self->tags_box, tag (_("Overdue"), "error"));
  if (kase->second_routing)
    gtk_box_append (self->tags_box, tag (_("Second routing"), "warning"));

  gtk_label_set_label (self->description_label, kase->description);
  category = kase->subcategory[0] != '\0'
             ? g_strdup_printf ("%s · %s", gw_case_category_label (kase->category), kase->subcategory)
             : g_strdup (gw_case_category_label (kase->category));
  gtk_label_set_label (self->category_label, category);
}

/* Time limit, in working time; periodic cases report progress by a date. */
static void
fill_time (GwCasePage *self)
{
  const GwCase *kase = self->kase;
  gboolean open = gw_case_status_is_open (kase->status);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->deadline_row),
                                 g_strcmp0 (kase->tier, "C") == 0 ? _("Next progress report")
                                                                  : _("Deadline"));
  set_subtitle (self->deadline_row, kase->deadline_at);
  set_subtitle (self->reported_row, kase->reported_at);
  gtk_widget_remove_css_class (GTK_WIDGET (self->time_left_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->time_left_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->time_left_label), "success");
  if (!open || kase->deadline_at == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->time_left_label), kase->closed_at != NULL);
      if (kase->closed_at != NULL)
        {
          g_autofree char *closed = g_strdup_printf (_("Closed %s"), kase->closed_at);

          gtk_label_set_label (self->time_left_label, closed);
          gtk_widget_add_css_class (GTK_WIDGET (self->time_left_label), "success");
        }
    }
  else
    {
      g_autofree char *amount = gw_format_working_time (kase->working_seconds_left);
      g_autofree char *text = NULL;

      if (kase->overdue)
        text = g_strdup_printf (_("Overdue by %s"), amount);
      else
        text = g_strdup_printf (_("%s left"), amount);
      gtk_label_set_label (self->time_left_label, text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->time_left_label),
                                   _("Working time: 08:30–12:00 and 13:30–17:30 on working days"));
      gw_tooltips_attach (GTK_WIDGET (self->time_left_label));
      gtk_widget_set_visible (GTK_WIDGET (self->time_left_label), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->time_left_label),
                                kase->overdue ? "error"
                                : kase->working_seconds_left < GW_WORK_DAY_SECONDS ? "warning"
                                : "success");
    }
}

/* Routing, and the report: the reporter's contact arrives masked unless
 * the role may see it. */
static void
fill_routing (GwCasePage *self)
{
  const GwCase *kase = self->kase;
  g_autofree char *grid = NULL;
  g_autofree char *reporter = NULL;
  g_autofree char *location = NULL;
  g_autofree char *assignee = NULL;
  gboolean open = gw_case_status_is_open (kase->status);

  assignee = kase->department_name != NULL
             ? g_strdup_printf (_("%s (department)"), kase->department_name)
             : g_strdup (gw_case_get_assignee (kase));
  set_subtitle (self->assignee_row, assignee[0] != '\0' ? assignee : _("Nobody yet"));
  gtk_widget_set_visible (GTK_WIDGET (self->reroute_button),
                          open && g_strcmp0 (kase->status, "done_reported") != 0
                          && self->user != NULL && gw_user_can_act_in_grid (self->user, kase->grid_id));
  grid = g_strdup_printf ("%s %s · %s", kase->grid_code, kase->grid_name, kase->community_name);
  set_subtitle (self->grid_row, grid);
  set_subtitle (self->scope_row, gw_case_scope_label (kase->scope));

  set_subtitle (self->source_row, gw_case_source_label (kase->source));
  reporter = g_strstrip (g_strdup_printf ("%s %s", kase->reporter_name, kase->reporter_phone));
  set_subtitle (self->reporter_row, reporter);
  gtk_widget_set_visible (self->reveal_button,
                          !self->unmasked && reporter[0] != '\0' && self->user != NULL
                          && gw_user_can_see_contacts (self->user));
  location = g_strdup_printf ("%.6f, %.6f", kase->lon, kase->lat);
  set_subtitle (self->location_row, location);
}

static GtkWidget *
action_button (GwCasePage   *self,
               GwCaseAction  action,
               gboolean      first)
{
  GtkWidget *button;

  if (gw_case_action_needs_reason (action) || action == GW_CASE_ACTION_EVALUATE
      || action == GW_CASE_ACTION_REPORT_PROGRESS)
    {
      /* Translators: a button that asks for more before it acts, e.g. "Defer…" */
      g_autofree char *label = g_strdup_printf (_("%s…"), gw_case_action_label (action));

      button = gtk_button_new_with_label (label);
    }
  else
    button = gtk_button_new_with_label (gw_case_action_label (action));
  g_object_set_data (G_OBJECT (button), "gw-action", GUINT_TO_POINTER (action));
  if (action_is_forward (action) && first)
    gtk_widget_add_css_class (button, "suggested-action");
  else if (action == GW_CASE_ACTION_REJECT)
    gtk_widget_add_css_class (button, "destructive-action");
  g_signal_connect (button, "clicked", G_CALLBACK (on_action_clicked), self);
  return button;
}

/* Buttons exist only for the steps this user may take now; without any,
 * the page says why. */
static void
fill_actions (GwCasePage *self)
{
  const GwCase *kase = self->kase;
  g_autoptr (GString) refusals = g_string_new (NULL);
  gboolean open = gw_case_status_is_open (kase->status);
  guint n_buttons = 0;

  clear_box (GTK_WIDGET (self->actions_box));
  memset (self->action_buttons, 0, sizeof self->action_buttons);
  for (guint i = 0; i < G_N_ELEMENTS (button_order); i++)
    {
      GwCaseAction action = button_order[i];
      g_autoptr (GError) refusal = NULL;
      GtkWidget *button;

      if (self->user == NULL || !gw_case_can (kase, self->user, action, &refusal))
        {
          if (refusal != NULL && g_error_matches (refusal, GW_CASE_ERROR, GW_CASE_ERROR_DENIED) && refusals->len == 0
              && gw_case_action_allowed_from (action, kase->status))
            g_string_append (refusals, refusal->message);
          continue;
        }
      button = action_button (self, action, n_buttons == 0);
      gtk_box_append (self->actions_box, button);
      self->action_buttons[action] = button;
      n_buttons++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->actions_box), n_buttons > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->no_actions_label), n_buttons == 0);
  if (n_buttons == 0)
    gtk_label_set_label (self->no_actions_label,
                         refusals->len > 0 ? refusals->str
                         : open ? _("No step of the case is open to you now.")
                                : _("The case is finished."));
}

static void
fill (GwCasePage *self)
{
  fill_head (self);
  fill_time (self);
  fill_routing (self);
  fill_actions (self);

  /* History, oldest first: how the case got here. */
  clear_box (GTK_WIDGET (self->history_list));
  for (guint i = 0; i < self->kase->events->len; i++)
    gtk_list_box_append (self->history_list, history_row (g_ptr_array_index (self->kase->events, i)));
}

gboolean
gw_case_page_reload (GwCasePage  *self,
                     GError     **error)
{
  GwCase *kase;

  g_return_val_if_fail (GW_IS_CASE_PAGE (self), FALSE);
  g_return_val_if_fail (self->kase != NULL, FALSE);

  kase = gw_case_load (self->store, self->kase->id, self->user, self->unmasked, NULL, error);
  if (kase == NULL)
    return FALSE;
  g_clear_pointer (&self->kase, gw_case_free);
  self->kase = kase;
  fill (self);
  return TRUE;
}

gboolean
gw_case_page_show (GwCasePage  *self,
                   GwStore     *store,
                   GwUser      *user,
                   gint64       case_id,
                   GError     **error)
{
  GwCase *kase;

  g_return_val_if_fail (GW_IS_CASE_PAGE (self), FALSE);
  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (user == NULL || GW_IS_USER (user), FALSE);

  kase = gw_case_load (store, case_id, user, FALSE, NULL, error);
  if (kase == NULL)
    return FALSE;
  g_set_object (&self->store, store);
  g_set_object (&self->user, user);
  g_clear_pointer (&self->kase, gw_case_free);
  self->kase = kase;
  self->unmasked = FALSE;
  fill (self);
  return TRUE;
}

const GwCase *
gw_case_page_get_case (GwCasePage *self)
{
  g_return_val_if_fail (GW_IS_CASE_PAGE (self), NULL);

  return self->kase;
}

GtkWidget *
gw_case_page_get_action_button (GwCasePage   *self,
                                GwCaseAction  action)
{
  g_return_val_if_fail (GW_IS_CASE_PAGE (self), NULL);
  g_return_val_if_fail (action < GW_CASE_N_ACTIONS, NULL);

  return self->action_buttons[action];
}

static void
on_reroute_clicked (GtkButton  *button,
                    GwCasePage *self)
{
  if (self->kase != NULL)
    g_signal_emit (self, signals[REROUTE_REQUESTED], 0, self->kase->id);
}

/* Supervisors may call the reporter back; that they looked is audited. */
static void
on_reveal_clicked (GtkButton  *button,
                   GwCasePage *self)
{
  g_autoptr (GError) error = NULL;

  if (self->kase == NULL)
    return;
  self->unmasked = TRUE;
  if (!gw_case_page_reload (self, &error))
    {
      self->unmasked = FALSE;
      show_error (self, error);
    }
}

static void
on_show_on_map_clicked (GtkButton  *button,
                        GwCasePage *self)
{
  if (self->kase != NULL)
    g_signal_emit (self, signals[SHOW_ON_MAP], 0, self->kase->grid_id, self->kase->lon,
                   self->kase->lat);
}

static void
gw_case_page_dispose (GObject *object)
{
  GtkWidget *child;
  GwCasePage *self = GW_CASE_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_CASE_PAGE);
  /* The template's top box has no id: ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_object (&self->user);
  g_clear_pointer (&self->kase, gw_case_free);
  G_OBJECT_CLASS (gw_case_page_parent_class)->dispose (object);
}

static void
gw_case_page_class_init (GwCasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_case_page_dispose;

  /**
   * GwCasePage::case-changed:
   * @case_id: the case a step was applied to
   */
  signals[CASE_CHANGED] = g_signal_new ("case-changed", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        G_TYPE_INT64);
  /**
   * GwCasePage::show-on-map:
   * @grid_id: the case's grid
   * @longitude: where the case is
   * @latitude:
   */
  signals[SHOW_ON_MAP] = g_signal_new ("show-on-map", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64,
                                       G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  signals[REROUTE_REQUESTED] = g_signal_new ("reroute-requested", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                             1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-case-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GwCasePage, tags_box);
  gtk_widget_class_bind_template_child (widget_class, GwCasePage, description_label);
  gtk_widget_class_bind_template_child (widget_class, GwCasePage, category_label);
  gtk_widget_class_bind_template_child (widget_class, GwCasePage, actions_box);
  gtk_widget_class_bind_template_child (widget_class, GwCasePage, no_actions_label);
  gtk_widget_class_bind_template_child (widget_class, GwCasePage, deadline_row);
  gtk_widget_class_bind_template_child (widget_class, GwCasePage, time_left_label);
  gtk_widget_class_bind_template_child (widget_class, GwCasePage, reported_row);
  gtk_widget_class_bind_template_child (widget_class, GwCasePage, assignee_row);
  gtk_widget_class_bind_template_child (widget_class, GwCasePage, reroute_button);
  gtk_widget_class_bind_template_child (widget_class, GwCasePage, grid_row);
  gtk_widget_class_bind_template_child (widget_class, GwCasePage, show_on_map_button);
  gtk_widget_class_bind_template_child (widget_class, GwCasePage, scope_row);
  gtk_widget_class_bind_template_child (widget_class, GwCasePage, source_row);
  gtk_widget_class_bind_template_child (widget_class, GwCasePage, reporter_row);
  gtk_widget_class_bind_template_child (widget_class, GwCasePage, location_row);
  gtk_widget_class_bind_template_child (widget_class, GwCasePage, history_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gw_case_page_init (GwCasePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->reroute_button, "clicked", G_CALLBACK (on_reroute_clicked), self);
  self->reveal_button = gtk_button_new_with_mnemonic (_("_Show"));
  gtk_widget_set_valign (self->reveal_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->reveal_button, "flat");
  gtk_widget_set_tooltip_text (self->reveal_button,
                               _("Show the reporter’s full contact (written to the audit log)"));
  gtk_widget_set_visible (self->reveal_button, FALSE);
  adw_action_row_add_suffix (self->reporter_row, self->reveal_button);
  g_signal_connect (self->reveal_button, "clicked", G_CALLBACK (on_reveal_clicked), self);
  g_signal_connect (self->show_on_map_button, "clicked", G_CALLBACK (on_show_on_map_clicked), self);
}

GtkWidget *
gw_case_page_new (void)
{
  return g_object_new (GW_TYPE_CASE_PAGE, NULL);
}
