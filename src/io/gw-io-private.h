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

/* Gives the memory freed by the C library's allocator back to the system,
 * from every thread's arena. GDAL's GeoJSON driver holds a feature as a
 * json-c tree of ~450 bytes a vertex, once when the file is opened (to learn
 * its fields) and again when it is read, on another thread: a polygon of a
 * million vertices left ~500 MB free but kept in each of two arenas, and the
 * import peaked at 1 GB. Called after such peaks. */
void   gw_io_release_memory      (void);

/* Text for a CSV or XLSX cell: @text with a leading apostrophe when a
 * spreadsheet would run it as a formula, or NULL when it is safe as it is. */
char       *gw_io_spreadsheet_quote   (const char *text);
/* What gw_io_spreadsheet_quote() was given: @text past that apostrophe. */
const char *gw_io_spreadsheet_unquote (const char *text);

G_END_DECLS
