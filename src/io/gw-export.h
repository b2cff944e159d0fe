/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gw-kpi.h"
#include "gw-store.h"
#include "gw-user.h"

G_BEGIN_DECLS

typedef struct
{
  const char   *layer;               /* grids, lots, buildings, roads, cases, workers, households, residents */
  const char   *format;              /* GDAL short name; NULL: from the file's extension */
  const gint64 *ids;                 /* nullable: only these rows (the current selection) */
  guint         n_ids;
  gboolean      with_personal_data;  /* names, ID numbers, phones of residents and households */
  GwUser       *user;                /* who exports: required for personal data (audited) */
} GwExportOptions;

/* "GPKG", "ESRI Shapefile", "GeoJSON", "KML", "CSV", "XLSX" from the extension. */
const char *gw_export_format_for_path (const char *path);

/* Writes the layer to @path (replaced if it exists) in EPSG:4490 (KML: WGS84).
 * Shapefiles get a .cpg (UTF-8). Grids carry their households, workers and
 * open-case counts. Personal data is left out unless asked for, and then
 * the export is written to the audit log. */
gboolean gw_export_run (GwStore                *store,
                        const char             *path,
                        const GwExportOptions  *options,
                        guint                  *n_written,
                        GError                **error);

typedef enum
{
  GW_TABLE_TEXT,
  GW_TABLE_INTEGER,
  GW_TABLE_REAL,
} GwTableType;

typedef struct
{
  const char  *name;
  GwTableType  type;
} GwTableColumn;

/**
 * gw_export_table:
 * @layer_name: the sheet's name (XLSX) or the layer's
 * @rows: (element-type GStrv): @n_columns texts per row; %NULL or "" is an
 *   empty cell, numbers in C-locale notation
 *
 * Writes a table without geometry (KPIs, the overdue board) to @path, CSV
 * or XLSX by its extension, through GDAL as the layers are; text that a
 * spreadsheet would run as a formula is quoted.
 */
gboolean gw_export_table (const char           *path,
                          const char           *layer_name,
                          const GwTableColumn  *columns,
                          guint                 n_columns,
                          GPtrArray            *rows,
                          GError              **error);

/* The five rates of @table (gw-kpi.h) to @path, CSV or XLSX. */
gboolean gw_kpi_export   (const GwKpiTable     *table,
                          GwKpiGrouping         grouping,
                          const char           *path,
                          GError              **error);

G_END_DECLS
