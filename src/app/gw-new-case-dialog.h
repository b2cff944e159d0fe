/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "gw-case.h"

G_BEGIN_DECLS

/* "New case here": a case reported at a point of the map. The grid comes
 * from the point; the user picks category, tier and writes what is wrong.
 * ::case-created carries the new case's id. */

#define GW_TYPE_NEW_CASE_DIALOG (gw_new_case_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GwNewCaseDialog, gw_new_case_dialog, GW, NEW_CASE_DIALOG, AdwWindow)

/* (transfer none); %NULL with an error when the point is in no grid. */
GwNewCaseDialog *gw_new_case_dialog_new    (GtkWindow        *parent,
                                            GwStore          *store,
                                            GwUser           *user,
                                            double            longitude,
                                            double            latitude,
                                            GError          **error);
gint64           gw_new_case_dialog_get_grid (GwNewCaseDialog *self);
/* Fills the form as a user would and reports the case (for tests and for
 * the Report button). */
gint64           gw_new_case_dialog_submit (GwNewCaseDialog  *self,
                                            GError          **error);
void             gw_new_case_dialog_set_description (GwNewCaseDialog *self,
                                                     const char      *description);
void             gw_new_case_dialog_set_category    (GwNewCaseDialog *self,
                                                     const char      *category);
void             gw_new_case_dialog_set_tier        (GwNewCaseDialog *self,
                                                     const char      *tier);

G_END_DECLS
