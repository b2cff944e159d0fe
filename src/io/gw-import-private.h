/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the files of the import share. An import reads a file through
 * GDAL/OGR in a reader thread, checks each feature and writes it through
 * the core (GwWriter, GwImportStore); this folder holds no SQL.
 *
 * gw-import.c: gw_import_run(), the steps of an import;
 * gw-import-fields.c: the Gridwork fields of each target, guessing and
 *   mapping the source's;
 * gw-import-open.c: opening a file (damaged shapefiles, encodings) and its
 *   coordinate system;
 * gw-import-read.c: the reader thread: features into Records, their
 *   geometry checked and repaired;
 * gw-import-check.c: the report, where features lie, duplicates, the file
 *   as a whole;
 * gw-import-write.c: Records through the core writer, lots of new grids;
 * gw-import-probe.c: what the import dialog shows before reading in full.
 */

#include <glib/gi18n-lib.h>

#include "gw-field-class.h"
#include "gw-import.h"
#include "gw-import-store.h"
#include "gw-io-private.h"
#include "gw-writer.h"

G_BEGIN_DECLS

typedef enum
{
  SHAPE_NONE,
  SHAPE_POLYGON,
  SHAPE_LINE,
  SHAPE_POINT,
} ShapeKind;

/* The longest text a field takes, in characters. Nothing in a street
 * office's registers comes near them; a value beyond is a broken export or
 * a cell pasted into the wrong column, and a megabyte "name" would be
 * carried into every list, map label and printout. Codes are as long as
 * their format. */
#define NAME_MAX_CHARS          64    /* people, grids, lots, buildings, roads */

#define ADDRESS_MAX_CHARS       256

#define DESCRIPTION_MAX_CHARS   4000  /* a case's description; also any extra attribute */

#define KEY_MAX_CHARS           32    /* kinds, classes, statuses, dates, phone numbers, rooms */

#define ORG_MAX_CHARS           128

#define GRID_CODE_MAX_CHARS     15    /* street 9 + community 3 + grid 3 digits */

#define STREET_CODE_MAX_CHARS   9     /* district 6 + street 3 */

#define COMMUNITY_CODE_MAX_CHARS 12   /* street 9 + community 3 */

#define DWELLING_CODE_MAX_CHARS 11

#define ID_NUMBER_MAX_CHARS     18

#define CASE_CODE_MAX_CHARS     32    /* "NX2026-000123"; other systems' codes are longer */

/* Gridwork fields per target, each with the source names it is guessed
 * from (lower case, '|' separated, the first match wins). */
typedef struct
{
  const char *field;
  const char *guesses;
  gboolean    required;
  guint       max_chars;
} FieldSpec;

typedef struct
{
  GIntBig  fid;
  GBytes  *wkb;       /* EPSG:4490 lon/lat, multi; NULL for tables */
  char   **values;    /* per target field, UTF-8, NULL when unmapped (so not a GStrv) */
  guint    n_values;
  char    *extra;     /* JSON object of the unmapped source fields, or NULL */
  double   px, py;    /* a point on the surface (line, point), to find what holds it */
  OGREnvelope env;
  char   **source;    /* households, residents: every field as read, for the unmatched rows */
  char    *reason;    /* why it is rejected while reading, or NULL */
  gboolean repaired;  /* an invalid polygon repaired with MakeValid */
  gboolean outside;   /* its box meets not even the street's */
  gboolean beyond;    /* rejected for lon/lat beyond ±180/±90 */
} Record;

/* What the values of a column kept as an extra attribute look like, to
 * guess whether it holds personal data (gw-field-class.h). */
typedef struct
{
  char *name;       /* the key in extra */
  guint n_filled;
  guint n_id_numbers;
  guint n_phones;
} ExtraStats;

typedef enum
{
  OFFSET_NONE,
  OFFSET_GCJ02,
  OFFSET_BD09,
} OffsetKind;

typedef struct
{
  GwStore           *store;
  const GwImportOptions *options;
  GwImportReport    *report;
  const FieldSpec   *fields;
  guint              n_fields;
  int               *source_index;  /* per target field, -1 if unmapped */
  GArray            *extra_index;   /* of int: source fields kept as extra attributes */
  ExtraStats        *extra_stats;   /* per extra_index entry (written by the reader thread) */
  const char        *encoding;      /* converted by us (not by GDAL) when set */
  gboolean           spreadsheet;   /* CSV or XLSX: our export's formula quoting is undone */
  OffsetKind         offset;
  GPtrArray         *records;       /* those waiting in pending (owned here) */
  OGREnvelope        raw;           /* of the coordinates as read */
  OGREnvelope        out;           /* after the transformation */
  gboolean           have_extent;
  gboolean           source_projected;
  gboolean           source_geographic;
  guint              n_garbled;
  gboolean           has_communities;
  char              *garbled_example;
  GHashTable        *areas;         /* GwGeometryTables → AreaIndex, read on first use */
  GHashTable        *boxes;         /* set of Box: the buildings, for duplicates; read on
                                     * first use */
  GwWriter          *writer;        /* its load is the import's transaction */
  GwImportStore     *lookups;       /* what the database is asked per feature */
  GHashTable        *seen;          /* SHA-256 of a feature's key → its FID, for duplicates
                                     * inside the file */
  gboolean           no_communities; /* nothing to put the polygons in: only read */
  GArray            *new_grids;     /* of gint64: grids written, to generate their lots */
  OGREnvelope        street;        /* the street's box: its communities and grids */
  gboolean           have_street;
  guint              n_placed;      /* records with a geometry, checked against the street */
  guint              n_outside;     /* of them, outside the street's box */
  OGREnvelope        outside;       /* the box of those */
  GArray            *outside_lines; /* of guint: the report lines rejecting them as outside */
  guint              n_geometries;  /* features whose coordinates are numbers (reader thread) */
  guint              n_beyond;      /* of them, in degrees beyond ±180/±90 (reader thread) */
  OGREnvelope        beyond;        /* their box, as read */
  GArray            *beyond_lines;  /* of guint: the report lines rejecting them */
  int                lon_index;     /* a table of points: its lon/lat columns, or -1 */
  int                lat_index;
  const char        *lon_name;
  const char        *lat_name;
  GPtrArray         *pending;       /* of Pending: communities and grids without a code,
                                     * numbered once all are read */
  GArray            *touched;       /* of gint64: communities that got grids (their gaps) */
  GHashTable        *streets_set;   /* street ids whose boundary this file has set */
  GHashTable        *workers;       /* "name\x1fphone" → worker id, written by this file */
  gboolean           registers;     /* households, residents: unmatched rows are kept */
} Import;

/* A community or grid waiting for its code (its street or community
 * known). */
typedef struct
{
  Record *record;
  gint64  parent_id;   /* the street of a community, the community of a grid */
} Pending;

/* Buildings already in the database (and those written so far) by their
 * exact box. Two polygons that ST_Equals are the same point set, so their
 * extreme coordinates are the same vertices' and their boxes are equal to
 * the last bit: only buildings of the very same box are candidates, and a
 * duplicate is looked for among them without a query per feature, however
 * densely the buildings stand (a tolerance of 1e-4°, ~11 m, made every
 * neighbour of a dense quarter a candidate, compared in SQL). */
typedef struct _Box Box;
struct _Box
{
  gint64 id;
  double min_x, max_x, min_y, max_y;
  Box   *next;   /* another building of the very same box, of a higher id */
};


typedef struct
{
  Import                       *imp;
  const char                   *file;
  OGRLayerH                     layer;
  OGRCoordinateTransformationH  transform;
  GIntBig                       n_total;
  GCancellable                 *cancellable;
  GAsyncQueue                  *queue;   /* of GPtrArray of Record; an empty one ends */
  GThread                      *thread;
  gint                          stop;    /* atomic: the writer gave up */
  guint                         n_read;
  GError                       *error;
} Reader;

/* What each target takes. */
typedef struct
{
  const char      *name;
  const FieldSpec *fields;
  ShapeKind        shape;
} TargetSpec;

extern const TargetSpec gw_import_targets[];
extern const guint      gw_import_n_targets;

/* gw-import-fields.c */
guint        gw_import_n_fields    (GwImportTarget target);
int          gw_import_find_field  (OGRFeatureDefnH    defn,
                                    const char *const *names);
void         gw_import_find_lonlat (OGRFeatureDefnH  defn,
                                    int             *lon_index,
                                    int             *lat_index);
const char * gw_import_value       (Import     *imp,
                                    Record     *record,
                                    const char *field);
gboolean     gw_import_map_fields  (Import      *imp,
                                    OGRLayerH    layer,
                                    const char  *file,
                                    GError     **error);
gboolean     gw_import_classify_extra (Import      *imp,
                                       const char  *file,
                                       GString     *audit,
                                       GError     **error);
void         gw_import_extra_clear    (Import      *imp);

/* gw-import-open.c */
gboolean     gw_import_resolve_srs    (Import                        *imp,
                                       OGRLayerH                      layer,
                                       const char                    *file,
                                       OGRCoordinateTransformationH  *transform,
                                       GError                       **error);
/* @gdal_decodes: set when the dataset's text comes as UTF-8 (GDAL recodes
 * the shapefile, or a CSV was recoded); @detected (nullable): the encoding
 * a CSV was found to be in when none was given, else NULL. */
GDALDatasetH gw_import_open_dataset   (const char  *file,
                                       const char  *encoding,
                                       gboolean    *gdal_decodes,
                                       const char **detected,
                                       GError     **error);
/* GDALClose(), and the recoded copy of a CSV goes with it. */
void         gw_import_close_dataset  (GDALDatasetH ds);
gboolean     gw_import_is_spreadsheet (GDALDatasetH ds);

/* gw-import-read.c */
void     gw_import_record_free   (gpointer data);
char *   gw_import_read_value    (Import      *imp,
                                  OGRFeatureH  feature,
                                  int          index);
void     gw_import_apply_offset  (OGRGeometryH geom,
                                  OffsetKind   offset);
gboolean gw_import_parse_number  (const char *text,
                                  double     *value);
gboolean gw_import_in_box        (const OGREnvelope *e,
                                  double             min_x,
                                  double             min_y,
                                  double             max_x,
                                  double             max_y);
gpointer gw_import_reader_thread (gpointer data);
void     gw_import_reader_finish (Reader *reader);

/* gw-import-check.c */
void     gw_import_add_line        (Import     *imp,
                                    const char *format,
                                    ...) G_GNUC_PRINTF (2, 3);
void     gw_import_reject          (Import     *imp,
                                    GIntBig     fid,
                                    const char *reason);
void     gw_import_reject_row      (Import     *imp,
                                    Record     *record,
                                    const char *reason);
void     gw_import_reject_outside  (Import     *imp,
                                    Record     *record,
                                    const char *reason);
gboolean gw_import_check_extent    (Import      *imp,
                                    const char  *file,
                                    GError     **error);
gboolean gw_import_load_street_box (Import      *imp,
                                    OGREnvelope *box);
gboolean gw_import_check_elsewhere (Import      *imp,
                                    const char  *file,
                                    GError     **error);
gboolean gw_import_locate          (Import            *imp,
                                    GwGeometryTables   table,
                                    Record            *record,
                                    gint64            *id,
                                    gint64            *community_id,
                                    GError           **error);
void     gw_import_boxes_add       (GHashTable *boxes,
                                    const Box  *box);
gboolean gw_import_find_duplicate  (Import  *imp,
                                    Record  *record,
                                    gint64  *id,
                                    GError **error);
gboolean gw_import_is_duplicate    (Import *imp,
                                    Record *record);
guint    gw_import_seen_hash       (gconstpointer key);
gboolean gw_import_seen_equal      (gconstpointer a,
                                    gconstpointer b);

/* gw-import-write.c */
gboolean gw_import_write_record  (Import  *imp,
                                  Record  *record,
                                  GError **error);
gboolean gw_import_written       (Import    *imp,
                                  Record    *record,
                                  gboolean   ok,
                                  GError   **local_error,
                                  gboolean  *rejected,
                                  GError   **error);

/* gw-import-areas.c: the street's boundary, communities, grids */
gboolean gw_import_write_street      (Import  *imp,
                                      Record  *record,
                                      GError **error);
gboolean gw_import_write_community   (Import  *imp,
                                      Record  *record,
                                      GError **error);
gboolean gw_import_write_grid        (Import  *imp,
                                      Record  *record,
                                      GError **error);
gboolean gw_import_write_pending     (Import  *imp,
                                      GError **error);
gboolean gw_import_report_gaps       (Import  *imp,
                                      GError **error);
gboolean gw_import_place_building    (Import  *imp,
                                      Record  *record,
                                      gint64  *lot_id,
                                      GError **error);
gboolean gw_import_generate_lots (Import  *imp,
                                  GError **error);

G_END_DECLS
