/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_error.h>

#include <glib.h>

G_BEGIN_DECLS

/* GDAL's drivers are registered once per process. */
void   gw_io_init                (void);
/* EPSG:4490 with lon/lat axis order, as every Gridwork geometry. */
OGRSpatialReferenceH gw_io_cgcs2000_new (void);
/* CPLGetLastErrorMsg() if there is one, else @fallback. */
const char *gw_io_last_gdal_error (const char *fallback);

/* Text for a CSV or XLSX cell: @text with a leading apostrophe when a
 * spreadsheet would run it as a formula, or NULL when it is safe as it is. */
char       *gw_io_spreadsheet_quote   (const char *text);
/* What gw_io_spreadsheet_quote() was given: @text past that apostrophe. */
const char *gw_io_spreadsheet_unquote (const char *text);

G_END_DECLS
