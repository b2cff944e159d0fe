/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* New project (Ctrl+N): a street office's own project — the street's name
 * and code, the first supervisor and where to save. ::project-created carries
 * the new file and the supervisor's login once the file is whole. */

#define GW_TYPE_NEW_PROJECT_DIALOG (gw_new_project_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GwNewProjectDialog, gw_new_project_dialog, GW, NEW_PROJECT_DIALOG, AdwWindow)

GwNewProjectDialog *gw_new_project_dialog_new      (GtkWindow          *parent);
/* What the user does (for tests): fill in the fields, choose where, create. */
void                gw_new_project_dialog_fill     (GwNewProjectDialog *self,
                                                    const char         *street_name,
                                                    const char         *street_code,
                                                    const char         *login,
                                                    const char         *password,
                                                    GFile              *file);
gboolean            gw_new_project_dialog_create   (GwNewProjectDialog *self);
const char         *gw_new_project_dialog_get_error (GwNewProjectDialog *self);

G_END_DECLS
