/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "gw-window.h"

G_BEGIN_DECLS

/* Export of a layer, or of the selected feature, to GeoPackage, Shapefile,
 * GeoJSON, KML, CSV or XLSX. Personal data is offered to supervisors only;
 * the core checks it again and audits it. */

#define GW_TYPE_EXPORT_DIALOG (gw_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GwExportDialog, gw_export_dialog, GW, EXPORT_DIALOG, AdwWindow)

GwExportDialog *gw_export_dialog_new               (GwWindow       *window);
/* @layer: grids, lots, buildings, roads, cases, workers, households, residents. */
gboolean        gw_export_dialog_set_layer         (GwExportDialog *self,
                                                    const char     *layer);
/* @format: a GDAL short name as gw_export_format_for_path() gives. */
gboolean        gw_export_dialog_set_format        (GwExportDialog *self,
                                                    const char     *format);
/* FALSE when there is nothing to offer (no selection in that layer, or the
 * user may not export personal data). */
gboolean        gw_export_dialog_set_selection_only (GwExportDialog *self,
                                                    gboolean        selection_only);
gboolean        gw_export_dialog_set_personal_data (GwExportDialog *self,
                                                    gboolean        personal_data);
gboolean        gw_export_dialog_can_export_personal_data (GwExportDialog *self);
/* The extension of the chosen format, e.g. "gpkg". */
const char     *gw_export_dialog_get_extension     (GwExportDialog *self);
/* What Export… does once a file is chosen; the window shows a toast. */
gboolean        gw_export_dialog_export            (GwExportDialog *self,
                                                    const char     *path,
                                                    guint          *n_written,
                                                    GError        **error);

G_END_DECLS
