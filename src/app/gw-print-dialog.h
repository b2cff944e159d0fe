/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "gw-map-snapshot.h"
#include "gw-page-layout.h"
#include "gw-store.h"

G_BEGIN_DECLS

/* Print and export: what to print (the view, the selected grid, its
 * community, the street; atlas, notice boards, household lists), paper,
 * scale and texts, with a live preview drawn by the same layout engine as
 * the files and the printer. */

#define GW_TYPE_PRINT_DIALOG (gw_print_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GwPrintDialog, gw_print_dialog, GW, PRINT_DIALOG, AdwWindow)

/* @view: the window's mercator view; @selection_kind and @selection_id: the
 * selected grid or building (0: none), whose grid is offered. */
GwPrintDialog *gw_print_dialog_new          (GtkWindow     *parent,
                                             GwStore       *store,
                                             GwMapSnapshot *snapshot,
                                             const GwBBox  *view,
                                             GwFeatureKind  selection_kind,
                                             gint64         selection_id);
/* Who is printing: household lists are offered only to a known user,
 * checked and written to the audit log by the core. */
void           gw_print_dialog_set_user     (GwPrintDialog *self,
                                             GwUser        *user);
/* Makes the dialog print the monthly report of @month ("YYYY-MM") under
 * @filter (its dates are the month's), ranked by @kpi, instead of maps. */
void           gw_print_dialog_set_report   (GwPrintDialog      *self,
                                             const char         *month,
                                             const GwCaseFilter *filter,
                                             GwKpi               kpi);
/* Makes the dialog print the overdue board under @filter (landscape). */
void           gw_print_dialog_set_overdue  (GwPrintDialog      *self,
                                             const GwCaseFilter *filter);
/* The job the preview shows (NULL while the options cannot be printed). */
GwPrintJob    *gw_print_dialog_get_job      (GwPrintDialog *self);
/* Rebuilds the job now instead of after the typing pause. */
void           gw_print_dialog_update       (GwPrintDialog *self);
/* What Export… does once a file is chosen: checks the user may print it,
 * then writes the files on a worker thread with a progress bar and a
 * Cancel button; a toast or a dialog says how it ended. FALSE (and @error)
 * when it cannot start. */
gboolean       gw_print_dialog_start_export (GwPrintDialog *self,
                                             const char    *path,
                                             GError       **error);
gboolean       gw_print_dialog_is_exporting (GwPrintDialog *self);
/* The progress bar's Cancel: the files written so far are removed. */
void           gw_print_dialog_cancel_export (GwPrintDialog *self);
/* Whether the preview shows the current page of the current job. */
gboolean       gw_print_dialog_is_preview_ready (GwPrintDialog *self);

G_END_DECLS
