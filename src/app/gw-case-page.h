/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gw-case.h"

G_BEGIN_DECLS

/* One case: what it is about, where, who holds it, its time limit in
 * working time and its whole history, with buttons for the life-cycle steps
 * the current user may take on it now (and only those). */

#define GW_TYPE_CASE_PAGE (gw_case_page_get_type ())
G_DECLARE_FINAL_TYPE (GwCasePage, gw_case_page, GW, CASE_PAGE, GtkWidget)

GtkWidget *gw_case_page_new               (void);
gboolean   gw_case_page_show              (GwCasePage    *self,
                                           GwStore       *store,
                                           GwUser        *user,
                                           gint64         case_id,
                                           GError       **error);
/* Reads the case again (after a change elsewhere). */
gboolean   gw_case_page_reload            (GwCasePage    *self,
                                           GError       **error);
const GwCase *gw_case_page_get_case       (GwCasePage    *self);
/* The button of a life-cycle step, or NULL when the step is not open to the
 * user now. */
GtkWidget *gw_case_page_get_action_button (GwCasePage    *self,
                                           GwCaseAction   action);
/* Applies a step as its button does, with @reason and @satisfaction given
 * instead of asked for (the dialogs call this too). */
gboolean   gw_case_page_apply             (GwCasePage    *self,
                                           GwCaseAction   action,
                                           const char    *reason,
                                           int            satisfaction,
                                           GError       **error);

G_END_DECLS
