/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

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

G_END_DECLS
