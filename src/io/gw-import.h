/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gw-store.h"
#include "gw-user.h"

G_BEGIN_DECLS

#define GW_IMPORT_ERROR (gw_import_error_quark ())

/**
 * GwImportError:
 * @GW_IMPORT_ERROR_TRUNCATED: the file (or a part of a shapefile) is cut
 *   short; nothing was read
 * @GW_IMPORT_ERROR_ELSEWHERE: all or nearly all features lie outside the
 *   street; the report's extent says where they are
 * @GW_IMPORT_ERROR_UNMAPPED_FIELD: no source field for a required Gridwork
 *   field, which the report's missing_field names; the message says so
 *   without telling how to choose one, which is for the caller (a command
 *   line option, a list in a dialog)
 *
 * The failures of an import that a caller may answer in its own way. The
 * others are %GW_STORE_ERROR_INVALID, with the reason in the message.
 */
typedef enum
{
  GW_IMPORT_ERROR_TRUNCATED,
  GW_IMPORT_ERROR_ELSEWHERE,
  GW_IMPORT_ERROR_UNMAPPED_FIELD,
} GwImportError;

GQuark gw_import_error_quark (void);

/* What a file is imported into. */
typedef enum
{
  GW_IMPORT_GRIDS,
  GW_IMPORT_LOTS,
  GW_IMPORT_BUILDINGS,
  GW_IMPORT_ROADS,
  GW_IMPORT_HOUSEHOLDS,
  GW_IMPORT_RESIDENTS,
  GW_IMPORT_WORKERS,
  GW_IMPORT_CASES,
  /* After the first ones, whose numbers the import dialog lists by. */
  GW_IMPORT_STREET,
  GW_IMPORT_COMMUNITIES,
  GW_IMPORT_DEPARTMENTS,
} GwImportTarget;

/* "grids" … "departments" → target; FALSE for an unknown name. */
gboolean    gw_import_target_from_name (const char     *name,
                                        GwImportTarget *target);
const char *gw_import_target_name      (GwImportTarget  target);

typedef struct
{
  GwImportTarget  target;
  const char     *source_layer;  /* nullable: the file's first layer */
  const char     *srs;           /* nullable: "EPSG:N", any OSR input, "gcj02" or "bd09" */
  const char     *encoding;      /* nullable: e.g. "GBK"; default: the file's own or UTF-8 */
  GHashTable     *map;           /* nullable: Gridwork field → source field, over the guesses */
  gboolean        dry_run;       /* validate and report, write nothing */
  gboolean        skip_rejected; /* import the rest when some features are rejected */
  GwUser         *user;          /* nullable: who imports; checked against their role (only
                                  * supervisors and planners import the street's layers; cases
                                  * per grid), named in the audit log and cases' history
                                  * (NULL: nobody yet, nothing checked) */
  GHashTable     *field_classes; /* nullable: source column → class key ("id_number", "phone",
                                  * "name", "address", "free_text", "public") of the columns
                                  * kept as extra attributes, as confirmed by the importer;
                                  * the others are guessed from their names and values */
  double          snap_m;        /* communities, grids: vertices within this many metres of a
                                  * neighbour's are moved onto it before the overlap check;
                                  * 0: off */
} GwImportOptions;

/* The validation report: one line per problem, per feature (with its FID),
 * plus the totals. */
typedef struct
{
  char      *file;
  char      *layer;
  GPtrArray *lines;        /* of char*: "feature 12: self-intersection … (repaired)" */
  GPtrArray *mapping;      /* of char*: "code ← 网格编码" */
  guint      n_read;
  guint      n_imported;
  guint      n_repaired;
  guint      n_rejected;
  guint      n_lots_generated;
  guint      n_unassigned;  /* buildings kept in no grid, for planners to paint */
  guint      n_waiting;     /* of them, before the street has communities */
  guint      n_rehomed;     /* waiting lots a communities import placed */
  guint      n_codes;       /* communities and grids given codes by the standard */
  gboolean   committed;
  /* Where the features lie, in EPSG:4490 lon/lat, once they were read (for
   * GW_IMPORT_ERROR_ELSEWHERE: those outside the street). */
  gboolean   has_extent;
  double     min_lon, min_lat, max_lon, max_lat;
  char      *missing_field; /* for GW_IMPORT_ERROR_UNMAPPED_FIELD: e.g. "code" */
  /* Households and residents: the rows rejected, to be fixed and imported
   * again (gw_import_write_unmatched()). */
  char     **unmatched_fields; /* the file's own columns, then "reason" */
  GPtrArray *unmatched;        /* of char**: a row's values, then why it was rejected */
  guint      n_dwellings_created;
} GwImportReport;

void   gw_import_report_free      (GwImportReport *report);
char  *gw_import_report_to_string (GwImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwImportReport, gw_import_report_free)

/* Writes the rows of @report that were not imported (households and
 * residents) as a sheet, CSV or XLSX by the extension of @path: the file's
 * own columns and a last one, "reason". */
gboolean gw_import_write_unmatched (GwImportReport  *report,
                                    const char      *path,
                                    GError         **error);

typedef void (*GwImportProgress) (const char *stage,
                                  double      fraction,
                                  gpointer    user_data);

/**
 * gw_import_run:
 * @report: (out) (optional): the validation report, set also on failure
 *   when the file could be read (so the reasons can be shown)
 *
 * Reads @file through GDAL, maps fields, transforms to EPSG:4490, validates
 * and writes everything in one transaction — or nothing: on a fatal problem,
 * on rejected features (unless skip_rejected), on error or on cancel the
 * database is left as it was. Returns FALSE with the reasons in @error when
 * nothing was imported (a dry run that would import something returns TRUE).
 */
gboolean gw_import_run (GwStore                *store,
                        const char             *file,
                        const GwImportOptions  *options,
                        GwImportReport        **report,
                        GCancellable           *cancellable,
                        GwImportProgress        progress,
                        gpointer                user_data,
                        GError                **error);

/* The guessed source field for a Gridwork field among @fields (Chinese and
 * English names); NULL when nothing fits. */
const char *gw_import_guess_field (GwImportTarget      target,
                                   const char         *gridwork_field,
                                   const char * const *fields);

/* What the import dialog shows before anything is read in full. */

/* The Gridwork fields of @target, in the order the dialog lists them. */
char   **gw_import_target_fields      (GwImportTarget  target);
gboolean gw_import_field_is_required  (GwImportTarget  target,
                                       const char     *gridwork_field);

typedef struct
{
  char   *name;
  char   *geometry;    /* OGR geometry type name, "None" for tables */
  char   *srs;         /* the layer's own coordinate system, NULL when it has none */
  gint64  n_features;  /* -1 when unknown */
  char  **fields;
} GwImportLayerInfo;

typedef struct
{
  GPtrArray *layers;   /* of GwImportLayerInfo*, all the file's layers */
  guint      layer;    /* the index of the previewed layer */
  GPtrArray *rows;     /* of char** (one value per field, "" when empty), the first rows */
  GPtrArray *shapes;   /* of GArray of double: lon, lat pairs in EPSG:4490, one per ring,
                        * line or point of the previewed rows */
  char      *srs_problem; /* nullable: why the preview could not be placed on the map */
} GwImportProbe;

void gw_import_probe_free (GwImportProbe *probe);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwImportProbe, gw_import_probe_free)

/* Lists the layers and fields of @file and reads the first @n_rows of
 * @source_layer (NULL: the first) with @srs and @encoding as gw_import_run
 * would (nullable both). */
GwImportProbe *gw_import_probe (const char  *file,
                                const char  *source_layer,
                                const char  *srs,
                                const char  *encoding,
                                guint        n_rows,
                                GError     **error);

G_END_DECLS
