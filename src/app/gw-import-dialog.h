/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "gw-field-class.h"
#include "gw-geometry.h"
#include "gw-import.h"
#include "gw-window.h"

G_BEGIN_DECLS

/* Import of a street office's file into the open database: the file's
 * layers and fields, a field mapping prefilled with guesses, coordinates and
 * encoding, a preview of the first rows in a table and on a small map, a
 * check (dry run with the validation report) and the import itself in a
 * thread on its own connection, with progress and Cancel. The buttons call
 * the public functions below, which the tests call too. */

#define GW_TYPE_IMPORT_DIALOG (gw_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GwImportDialog, gw_import_dialog, GW, IMPORT_DIALOG, AdwWindow)

GwImportDialog *gw_import_dialog_new            (GwWindow       *window);

/* Reads the file's layers, fields and first rows; FALSE (and the reason
 * shown in the dialog) when it cannot be read. */
gboolean        gw_import_dialog_set_file       (GwImportDialog *self,
                                                 const char     *path);
void            gw_import_dialog_set_target     (GwImportDialog *self,
                                                 GwImportTarget  target);
/* @srs: NULL (the file's own), "EPSG:N", "gcj02" or "bd09"; @encoding: NULL
 * (automatic), "UTF-8", "GBK" or "GB18030". Only the offered choices. */
gboolean        gw_import_dialog_set_srs        (GwImportDialog *self,
                                                 const char     *srs);
gboolean        gw_import_dialog_set_encoding   (GwImportDialog *self,
                                                 const char     *encoding);
/* Maps @gridwork_field of the target to @source_field (NULL: none). */
gboolean        gw_import_dialog_set_mapping    (GwImportDialog *self,
                                                 const char     *gridwork_field,
                                                 const char     *source_field);
/* The source field now chosen for @gridwork_field, or NULL. */
const char     *gw_import_dialog_get_mapping    (GwImportDialog *self,
                                                 const char     *gridwork_field);
/* The class shown for @column, a column no Gridwork field takes (kept as an
 * extra attribute): guessed, or as chosen. FALSE when it is not one. */
gboolean        gw_import_dialog_get_field_class (GwImportDialog *self,
                                                  const char     *column,
                                                  GwFieldClass   *field_class);
/* Chooses @field_class for @column, as in its drop-down. */
gboolean        gw_import_dialog_set_field_class (GwImportDialog *self,
                                                  const char     *column,
                                                  GwFieldClass    field_class);

/* Check (dry run) and Import: both run in a thread; the report and the
 * outcome appear in the dialog when they are done. */
void            gw_import_dialog_check          (GwImportDialog *self);
void            gw_import_dialog_import         (GwImportDialog *self);
void            gw_import_dialog_cancel         (GwImportDialog *self);
gboolean        gw_import_dialog_is_running     (GwImportDialog *self);

/* What the dialog shows: the report text and the message above it (the
 * error or the outcome); the number of rows in the preview. */
char           *gw_import_dialog_get_report_text (GwImportDialog *self);
const char     *gw_import_dialog_get_message    (GwImportDialog *self);
guint           gw_import_dialog_get_n_preview_rows (GwImportDialog *self);
/* The rings, lines and points the preview map draws (placed in EPSG:4490). */
guint           gw_import_dialog_get_n_preview_shapes (GwImportDialog *self);
/* Whether the last import wrote to the database. */
gboolean        gw_import_dialog_get_committed  (GwImportDialog *self);

/* When Check or Import found the file's data away from the street, the
 * preview can show only the data ("Zoom Preview to the Data"). */
gboolean        gw_import_dialog_can_zoom_to_data (GwImportDialog *self);
void            gw_import_dialog_zoom_to_data   (GwImportDialog *self);
/* What the preview map shows, in mercator metres; FALSE when nothing. */
gboolean        gw_import_dialog_get_preview_area (GwImportDialog *self,
                                                   GwBBox         *area);

G_END_DECLS
