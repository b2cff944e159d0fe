/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-io"

#include "config.h"

#include <cpl_vsi.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gw-coords.h"
#include "gw-import.h"
#include "gw-io-private.h"
#include "gw-grid-lots.h"
#include "gw-import-store.h"
#include "gw-util.h"
#include "gw-wkb.h"
#include "gw-writer.h"

/* Import of street-office files through GDAL/OGR. Features are read and
 * checked in a reader thread while the calling thread writes them, all in
 * one transaction that is rolled back on any problem (also one found at the
 * end of the file), on a dry run and on cancel. A district's ≈24,000
 * buildings are imported as fast as ogr2ogr loads them into SpatiaLite. */

G_DEFINE_QUARK (gw-import-error-quark, gw_import_error)

void
gw_io_init (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      GDALAllRegister ();
      g_once_init_leave (&once, 1);
    }
}

OGRSpatialReferenceH
gw_io_cgcs2000_new (void)
{
  OGRSpatialReferenceH srs = OSRNewSpatialReference (NULL);

  OSRImportFromEPSG (srs, 4490);
  /* Lon/lat like SpatiaLite, not the EPSG lat/lon order. */
  OSRSetAxisMappingStrategy (srs, OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

const char *
gw_io_last_gdal_error (const char *fallback)
{
  const char *msg = CPLGetLastErrorMsg ();

  return msg != NULL && *msg != '\0' ? msg : fallback;
}

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

static const FieldSpec grid_fields[] = {
  { "code", "code|grid_code|gridcode|网格编码|网格代码|编码|代码|wgbm", TRUE, GRID_CODE_MAX_CHARS },
  { "name", "name|grid_name|网格名称|网格名|名称|wgmc", FALSE, NAME_MAX_CHARS },
  { NULL },
};
static const FieldSpec lot_fields[] = {
  { "name", "name|lot_name|小区名称|小区|地块名称|名称", FALSE, NAME_MAX_CHARS },
  { "kind", "kind|type|类型|地块类型", FALSE, KEY_MAX_CHARS },
  { NULL },
};
static const FieldSpec building_fields[] = {
  { "name", "name|building|building_no|building number|bldg_no|楼号|楼栋号|楼栋|楼名|建筑名称|名称", FALSE, NAME_MAX_CHARS },
  { "address", "address|addr|地址|门牌|门牌号|门牌地址", FALSE, ADDRESS_MAX_CHARS },
  { "use", "use|usage|用途|建筑用途", FALSE, KEY_MAX_CHARS },
  { "floors", "floors|floor|storeys|levels|层数|楼层数|地上层数", FALSE, KEY_MAX_CHARS },
  { "units", "units|单元数|单元", FALSE, KEY_MAX_CHARS },
  { "built_year", "built_year|year|建成年份|建成年代|建设年代|年代", FALSE, KEY_MAX_CHARS },
  { NULL },
};
static const FieldSpec road_fields[] = {
  { "name", "name|road_name|道路名称|路名|名称", FALSE, NAME_MAX_CHARS },
  { "class", "class|fclass|highway|道路等级|等级", FALSE, KEY_MAX_CHARS },
  { NULL },
};
static const FieldSpec household_fields[] = {
  { "head_name", "head|head_name|户主|户主姓名|姓名|name", TRUE, NAME_MAX_CHARS },
  { "phone", "phone|tel|telephone|电话|联系电话|手机", FALSE, KEY_MAX_CHARS },
  { "hukou", "hukou|户籍|户籍类型|户口类型", FALSE, KEY_MAX_CHARS },
  { "dwelling_code", "dwelling_code|dwelling|房屋编码|房屋代码|住房编码|房屋编号", FALSE, DWELLING_CODE_MAX_CHARS },
  { "address", "address|addr|地址|住址|门牌地址", FALSE, ADDRESS_MAX_CHARS },
  { "room", "room|房号|室号|门牌室号", FALSE, KEY_MAX_CHARS },
  { NULL },
};
static const FieldSpec resident_fields[] = {
  { "name", "name|姓名|居民姓名", TRUE, NAME_MAX_CHARS },
  { "sex", "sex|gender|性别", FALSE, KEY_MAX_CHARS },
  { "birth_date", "birth_date|birthday|birth|出生日期|生日", FALSE, KEY_MAX_CHARS },
  { "relation", "relation|与户主关系|关系", FALSE, KEY_MAX_CHARS },
  { "id_number", "id_number|idno|id_card|身份证号|身份证号码|公民身份号码", FALSE, ID_NUMBER_MAX_CHARS },
  { "phone", "phone|tel|电话|联系电话|手机", FALSE, KEY_MAX_CHARS },
  { "dwelling_code", "dwelling_code|dwelling|房屋编码|房屋代码|住房编码", FALSE, DWELLING_CODE_MAX_CHARS },
  { "address", "address|addr|地址|住址", FALSE, ADDRESS_MAX_CHARS },
  { "room", "room|房号|室号", FALSE, KEY_MAX_CHARS },
  { NULL },
};
static const FieldSpec worker_fields[] = {
  { "name", "name|姓名|网格员|网格员姓名", TRUE, NAME_MAX_CHARS },
  { "phone", "phone|tel|电话|联系电话|手机", FALSE, KEY_MAX_CHARS },
  { "org", "org|organisation|organization|单位|所属单位|组织", FALSE, ORG_MAX_CHARS },
  { NULL },
};
static const FieldSpec case_fields[] = {
  { "code", "code|case_code|案件编号|事件编号|编号", TRUE, CASE_CODE_MAX_CHARS },
  { "category", "category|类别|大类|事件类别", FALSE, NAME_MAX_CHARS },
  { "subcategory", "subcategory|小类|子类", FALSE, NAME_MAX_CHARS },
  { "tier", "tier|级别|分级", FALSE, KEY_MAX_CHARS },
  { "source", "source|来源|事件来源", FALSE, KEY_MAX_CHARS },
  { "status", "status|状态", FALSE, KEY_MAX_CHARS },
  { "description", "description|desc|描述|事件描述|内容", FALSE, DESCRIPTION_MAX_CHARS },
  { "reported_at", "reported_at|time|date|上报时间|时间", FALSE, KEY_MAX_CHARS },
  { NULL },
};

static const struct
{
  const char      *name;
  const FieldSpec *fields;
  ShapeKind        shape;
} targets[] = {
  [GW_IMPORT_GRIDS] = { "grids", grid_fields, SHAPE_POLYGON },
  [GW_IMPORT_LOTS] = { "lots", lot_fields, SHAPE_POLYGON },
  [GW_IMPORT_BUILDINGS] = { "buildings", building_fields, SHAPE_POLYGON },
  [GW_IMPORT_ROADS] = { "roads", road_fields, SHAPE_LINE },
  [GW_IMPORT_HOUSEHOLDS] = { "households", household_fields, SHAPE_NONE },
  [GW_IMPORT_RESIDENTS] = { "residents", resident_fields, SHAPE_NONE },
  [GW_IMPORT_WORKERS] = { "workers", worker_fields, SHAPE_NONE },
  [GW_IMPORT_CASES] = { "cases", case_fields, SHAPE_POINT },
};

gboolean
gw_import_target_from_name (const char     *name,
                            GwImportTarget *target)
{
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    if (g_strcmp0 (name, targets[i].name) == 0)
      {
        *target = i;
        return TRUE;
      }
  return FALSE;
}

const char *
gw_import_target_name (GwImportTarget target)
{
  g_return_val_if_fail (target < G_N_ELEMENTS (targets), NULL);
  return targets[target].name;
}

static guint
n_fields_of (GwImportTarget target)
{
  guint n = 0;

  while (targets[target].fields[n].field != NULL)
    n++;
  return n;
}

const char *
gw_import_guess_field (GwImportTarget      target,
                       const char         *gridwork_field,
                       const char * const *fields)
{
  const FieldSpec *spec = NULL;
  g_auto (GStrv) guesses = NULL;

  for (const FieldSpec *f = targets[target].fields; f->field != NULL; f++)
    if (strcmp (f->field, gridwork_field) == 0)
      spec = f;
  if (spec == NULL)
    return NULL;
  guesses = g_strsplit (spec->guesses, "|", -1);
  for (guint g = 0; guesses[g] != NULL; g++)
    for (guint i = 0; fields[i] != NULL; i++)
      {
        g_autofree char *folded = g_utf8_strdown (fields[i], -1);

        if (strcmp (folded, guesses[g]) == 0)
          return fields[i];
      }
  return NULL;
}

void
gw_import_report_free (GwImportReport *report)
{
  if (report == NULL)
    return;
  g_free (report->file);
  g_free (report->layer);
  g_free (report->missing_field);
  g_ptr_array_unref (report->lines);
  g_ptr_array_unref (report->mapping);
  g_free (report);
}

char *
gw_import_report_to_string (GwImportReport *report)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, _("File: %s, layer: %s\n"), report->file,
                          report->layer != NULL ? report->layer : "-");
  for (guint i = 0; i < report->mapping->len; i++)
    g_string_append_printf (out, "  %s\n", (char *) report->mapping->pdata[i]);
  for (guint i = 0; i < report->lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *) report->lines->pdata[i]);
  g_string_append_printf (out,
                          _("Read %u features: %u imported, %u repaired, %u rejected, %u lots generated%s\n"),
                          report->n_read, report->n_imported, report->n_repaired,
                          report->n_rejected, report->n_lots_generated,
                          report->committed ? "" : _(" (nothing written)"));
  return g_string_free (out, FALSE);
}

typedef struct
{
  GIntBig  fid;
  GBytes  *wkb;       /* EPSG:4490 lon/lat, multi; NULL for tables */
  char   **values;    /* per target field, UTF-8, NULL when unmapped */
  char    *extra;     /* JSON object of the unmapped source fields, or NULL */
  double   px, py;    /* a point on the surface (line, point), to find what holds it */
  OGREnvelope env;
  char    *reason;    /* why it is rejected while reading, or NULL */
  gboolean repaired;  /* an invalid polygon repaired with MakeValid */
  gboolean outside;   /* its box meets not even the street's */
  gboolean beyond;    /* rejected for lon/lat beyond ±180/±90 */
} Record;

static void
record_free (gpointer data)
{
  Record *record = data;

  g_clear_pointer (&record->wkb, g_bytes_unref);
  g_strfreev (record->values);
  g_free (record->extra);
  g_free (record->reason);
  g_free (record);
}

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
  const char        *encoding;      /* converted by us (not by GDAL) when set */
  gboolean           spreadsheet;   /* CSV or XLSX: our export's formula quoting is undone */
  OffsetKind         offset;
  GPtrArray         *records;
  OGREnvelope        raw;           /* of the coordinates as read */
  OGREnvelope        out;           /* after the transformation */
  gboolean           have_extent;
  gboolean           source_projected;
  gboolean           source_geographic;
  guint              n_garbled;
  gboolean           has_communities;
  char              *garbled_example;
  GHashTable        *areas;         /* GwGeometryTables → AreaIndex, read on first use */
  GHashTable        *boxes;         /* of the buildings, for duplicates; read on first use */
  GwWriter          *writer;        /* its load is the import's transaction */
  GwImportStore     *lookups;       /* what the database is asked per feature */
  GHashTable        *seen;          /* GBytes → first FID, for duplicates inside the file */
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
} Import;

static void
add_line (Import     *imp,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static void
add_line (Import     *imp,
          const char *format,
          ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (imp->report->lines, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
reject (Import     *imp,
        GIntBig     fid,
        const char *reason)
{
  imp->report->n_rejected++;
  /* Translators: a feature of the imported file, by its id, and why it was refused */
  add_line (imp, _("feature %lld: %s (rejected)"), (long long) fid, reason);
}

/* A rejection for lying outside the street (in no community, grid or
 * lot). When nearly all features do, the file lies elsewhere: that is
 * said once instead (check_elsewhere), and these lines are dropped. */
static void
reject_outside (Import     *imp,
                Record     *record,
                const char *reason)
{
  reject (imp, record->fid, reason);
  if (record->outside)
    {
      guint line = imp->report->lines->len - 1;

      g_array_append_val (imp->outside_lines, line);
    }
}

/* Chinese read with the wrong code page shows up as U+FFFD, as invalid
 * UTF-8, or as runs of Latin-1 letters (GBK bytes read as ISO-8859-1). */
static gboolean
looks_garbled (const char *text)
{
  guint latin1 = 0, cjk = 0, total = 0;

  if (!g_utf8_validate (text, -1, NULL))
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      total++;
      if (c == 0xFFFD)
        return TRUE;
      if (c >= 0x80 && c <= 0xFF)
        latin1++;
      else if (c >= 0x4E00 && c <= 0x9FFF)
        cjk++;
    }
  return cjk == 0 && latin1 >= 2 && latin1 * 3 >= total;
}

static char *
read_value (Import       *imp,
            OGRFeatureH   feature,
            int           index)
{
  const char *raw;

  if (index < 0 || !OGR_F_IsFieldSetAndNotNull (feature, index))
    return NULL;
  raw = OGR_F_GetFieldAsString (feature, index);
  /* A sheet Gridwork exported comes back as it was. */
  if (imp->spreadsheet)
    raw = gw_io_spreadsheet_unquote (raw);
  if (imp->encoding != NULL)
    {
      char *converted = g_convert (raw, -1, "UTF-8", imp->encoding, NULL, NULL, NULL);

      if (converted != NULL)
        return g_strstrip (converted);
      return g_strdup (raw);  /* kept: flagged as garbled below */
    }
  return g_strstrip (g_strdup (raw));
}

static void
apply_offset (OGRGeometryH geom,
              OffsetKind   offset)
{
  int n_sub = OGR_G_GetGeometryCount (geom);

  if (n_sub > 0)
    {
      for (int i = 0; i < n_sub; i++)
        apply_offset (OGR_G_GetGeometryRef (geom, i), offset);
      return;
    }
  for (int i = 0; i < OGR_G_GetPointCount (geom); i++)
    {
      double x = OGR_G_GetX (geom, i), y = OGR_G_GetY (geom, i), lon, lat;

      if (offset == OFFSET_GCJ02)
        gw_coords_gcj02_to_wgs84 (x, y, &lon, &lat);
      else
        gw_coords_bd09_to_wgs84 (x, y, &lon, &lat);
      OGR_G_SetPoint_2D (geom, i, lon, lat);
    }
}

static ShapeKind
shape_of (OGRwkbGeometryType type)
{
  switch (wkbFlatten (type))
    {
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
      return SHAPE_POLYGON;
    case wkbLineString:
    case wkbMultiLineString:
    case wkbCompoundCurve:
    case wkbCircularString:
    case wkbMultiCurve:
      return SHAPE_LINE;
    case wkbPoint:
    case wkbMultiPoint:
      return SHAPE_POINT;
    default:
      return SHAPE_NONE;
    }
}

static const char *
shape_label (ShapeKind kind)
{
  switch (kind)
    {
    case SHAPE_POLYGON:
      return _("polygons");
    case SHAPE_LINE:
      return _("lines");
    case SHAPE_POINT:
      return _("points");
    case SHAPE_NONE:
    default:
      return _("no geometry");
    }
}

/* Keeps the polygon (or line) parts of what MakeValid returned. */
static OGRGeometryH
collect_parts (OGRGeometryH geom,
               ShapeKind    kind)
{
  OGRGeometryH multi = OGR_G_CreateGeometry (kind == SHAPE_POLYGON ? wkbMultiPolygon
                                             : wkbMultiLineString);
  OGRwkbGeometryType flat = wkbFlatten (OGR_G_GetGeometryType (geom));

  if (flat == wkbGeometryCollection || flat == wkbMultiPolygon || flat == wkbMultiLineString)
    {
      for (int i = 0; i < OGR_G_GetGeometryCount (geom); i++)
        {
          OGRGeometryH part = OGR_G_GetGeometryRef (geom, i);
          OGRwkbGeometryType t = wkbFlatten (OGR_G_GetGeometryType (part));

          if (t == wkbGeometryCollection || t == wkbMultiPolygon || t == wkbMultiLineString)
            {
              OGRGeometryH sub = collect_parts (part, kind);

              for (int j = 0; j < OGR_G_GetGeometryCount (sub); j++)
                OGR_G_AddGeometry (multi, OGR_G_GetGeometryRef (sub, j));
              OGR_G_DestroyGeometry (sub);
            }
          else if ((kind == SHAPE_POLYGON && t == wkbPolygon)
                   || (kind == SHAPE_LINE && t == wkbLineString))
            OGR_G_AddGeometry (multi, part);
        }
    }
  else if ((kind == SHAPE_POLYGON && flat == wkbPolygon)
           || (kind == SHAPE_LINE && flat == wkbLineString))
    OGR_G_AddGeometry (multi, geom);
  return multi;
}

static void
extend (OGREnvelope *env,
        OGRGeometryH geom,
        gboolean     first)
{
  OGREnvelope e;

  OGR_G_GetEnvelope (geom, &e);
  if (first)
    {
      *env = e;
      return;
    }
  env->MinX = MIN (env->MinX, e.MinX);
  env->MinY = MIN (env->MinY, e.MinY);
  env->MaxX = MAX (env->MaxX, e.MaxX);
  env->MaxY = MAX (env->MaxY, e.MaxY);
}

static int
find_field (OGRFeatureDefnH defn,
            const char     *const *names)
{
  int n = OGR_FD_GetFieldCount (defn);

  for (guint g = 0; names[g] != NULL; g++)
    for (int i = 0; i < n; i++)
      {
        g_autofree char *folded = g_utf8_strdown (OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, i)), -1);

        if (strcmp (folded, names[g]) == 0)
          return i;
      }
  return -1;
}

static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  *value = g_ascii_strtod (text, &end);
  while (end != NULL && g_ascii_isspace (*end))
    end++;
  return end != NULL && *end == '\0' && isfinite (*value);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* A point inside a (multi)polygon, to find the lot or grid that holds it:
 * the middle of the widest run of the horizontal line through the middle of
 * the first outer ring, between the crossings of all rings (even–odd, right
 * for valid polygons). GEOS's PointOnSurface does the same with more care,
 * at a cost that showed in the profile of a district's import. */
static gboolean
interior_point (GBytes *wkb,
                double *px,
                double *py)
{
  GwShape shape;
  gsize len;
  const guint8 *data = g_bytes_get_data (wkb, &len);
  double xs_buf[64], *xs = xs_buf, min_y = G_MAXDOUBLE, max_y = -G_MAXDOUBLE, y, best = 0;
  guint n_xs = 0, cap = G_N_ELEMENTS (xs_buf);
  gboolean found = FALSE;

  if (!gw_wkb_read_shape (data, len, FALSE, &shape) || shape.n_rings == 0)
    {
      gw_shape_clear (&shape);
      return FALSE;
    }
  for (guint i = shape.ring_starts[0]; i < shape.ring_starts[1]; i++)
    {
      min_y = MIN (min_y, shape.points[i].y);
      max_y = MAX (max_y, shape.points[i].y);
    }
  y = (min_y + max_y) / 2;
  for (guint r = 0; r < shape.n_rings; r++)
    {
      guint start = shape.ring_starts[r], end = shape.ring_starts[r + 1];

      for (guint i = start, j = end - 1; i < end; j = i++)
        {
          const GwPoint *p = &shape.points[i], *q = &shape.points[j];

          if ((p->y > y) == (q->y > y))
            continue;
          if (n_xs == cap)
            {
              cap *= 2;
              xs = xs == xs_buf ? g_memdup2 (xs_buf, sizeof xs_buf) : xs;
              xs = g_renew (double, xs, cap);
            }
          xs[n_xs++] = q->x + (y - q->y) * (p->x - q->x) / (p->y - q->y);
        }
    }
  qsort (xs, n_xs, sizeof (double), (int (*) (const void *, const void *)) compare_double);
  for (guint k = 0; k + 1 < n_xs; k += 2)
    if (xs[k + 1] - xs[k] > best)
      {
        best = xs[k + 1] - xs[k];
        *px = (xs[k] + xs[k + 1]) / 2;
        *py = y;
        found = TRUE;
      }
  if (xs != xs_buf)
    g_free (xs);
  gw_shape_clear (&shape);
  return found;
}

/* Validity of the common case without GEOS: a polygon of one ring, checked
 * pair by pair for crossings, touches and spikes. TRUE only when certainly
 * valid; anything else (holes, several parts, long rings, repeated or
 * nearly collinear points) is left to OGR_G_IsValid(), which cost a third
 * of reading a district's buildings. */
#define FAST_RING_MAX 64

static gboolean
orient_sign (const double *a,
             const double *b,
             const double *c,
             int          *sign)
{
  double l = (b[0] - a[0]) * (c[1] - a[1]);
  double r = (b[1] - a[1]) * (c[0] - a[0]);
  double det = l - r;

  /* Beyond the rounding error of the products: the sign is certain. */
  if (fabs (det) <= 1e-12 * (fabs (l) + fabs (r)) || det == 0)
    return FALSE;
  *sign = det > 0 ? 1 : -1;
  return TRUE;
}

static gboolean
surely_valid_polygon (OGRGeometryH geom)
{
  OGRwkbGeometryType flat = wkbFlatten (OGR_G_GetGeometryType (geom));
  OGRGeometryH ring;
  double pts[FAST_RING_MAX + 1][2];
  int n;

  if (flat == wkbMultiPolygon && OGR_G_GetGeometryCount (geom) == 1)
    geom = OGR_G_GetGeometryRef (geom, 0), flat = wkbFlatten (OGR_G_GetGeometryType (geom));
  if (flat != wkbPolygon || OGR_G_GetGeometryCount (geom) != 1)
    return FALSE;
  ring = OGR_G_GetGeometryRef (geom, 0);
  n = OGR_G_GetPointCount (ring);
  if (n < 4 || n > FAST_RING_MAX + 1)
    return FALSE;
  OGR_G_GetPoints (ring, &pts[0][0], 2 * sizeof (double), &pts[0][1], 2 * sizeof (double), NULL, 0);
  if (pts[0][0] != pts[n - 1][0] || pts[0][1] != pts[n - 1][1])
    return FALSE;
  n--;  /* segments i → i + 1, the last one closing the ring */
  for (int i = 0; i < n; i++)
    {
      const double *p = pts[i], *q = pts[i + 1];

      if (!isfinite (p[0]) || !isfinite (p[1]) || (p[0] == q[0] && p[1] == q[1]))
        return FALSE;
    }
  for (int i = 0; i < n; i++)
    {
      const double *a = pts[i], *b = pts[i + 1], *c = pts[(i + 2) % n];
      int s;

      /* Adjacent segments meet at b; collinear ones could fold back. */
      if (!orient_sign (a, b, c, &s))
        return FALSE;
      for (int j = i + 2; j < n; j++)
        {
          const double *u = pts[j], *v = pts[j + 1];
          int s1, s2, s3, s4;

          if (i == 0 && j == n - 1)
            continue;  /* adjacent through the closing point */
          if (MAX (a[0], b[0]) < MIN (u[0], v[0]) || MAX (u[0], v[0]) < MIN (a[0], b[0])
              || MAX (a[1], b[1]) < MIN (u[1], v[1]) || MAX (u[1], v[1]) < MIN (a[1], b[1]))
            continue;
          if (!orient_sign (a, b, u, &s1) || !orient_sign (a, b, v, &s2)
              || !orient_sign (u, v, a, &s3) || !orient_sign (u, v, b, &s4))
            return FALSE;
          if (s1 == s2 || s3 == s4)
            continue;  /* one segment lies wholly on one side of the other */
          return FALSE;  /* they cross */
        }
    }
  return TRUE;
}

static void
record_reject (Record     *record,
               const char *reason)
{
  if (record->reason == NULL)
    record->reason = g_strdup (reason);
}

static gboolean
in_box (const OGREnvelope *e,
        double             min_x,
        double             min_y,
        double             max_x,
        double             max_y)
{
  return e->MinX >= min_x && e->MaxX <= max_x && e->MinY >= min_y && e->MaxY <= max_y;
}

/* No coordinate system has coordinates beyond this (metres or feet: a
 * hundred thousand kilometres), so larger ones are garbage in the file. */
#define COORDINATE_LIMIT 1e8

/* Why a coordinate of @geom cannot be used, or NULL. GEOS throws on NaN and
 * infinities (its exception text then ends up in the error state) and a
 * value like 1e300 would print as hundreds of digits in the extent
 * messages: such a feature is refused before either sees it. */
static char *
bad_coordinate (OGRGeometryH geom)
{
  int n_sub = OGR_G_GetGeometryCount (geom);

  for (int i = 0; i < n_sub; i++)
    {
      char *reason = bad_coordinate (OGR_G_GetGeometryRef (geom, i));

      if (reason != NULL)
        return reason;
    }
  for (int i = 0; i < OGR_G_GetPointCount (geom); i++)
    {
      double xy[2] = { OGR_G_GetX (geom, i), OGR_G_GetY (geom, i) };

      for (guint k = 0; k < 2; k++)
        {
          if (!isfinite (xy[k]))
            return g_strdup (_("coordinate is not a number"));
          if (fabs (xy[k]) > COORDINATE_LIMIT)
            /* Translators: %.10g is a number like 1e+300 */
            return g_strdup_printf (_("coordinate %.10g is out of range"), xy[k]);
        }
    }
  return NULL;
}

/* Turns one feature into a Record, or rejects it (FALSE, with a reason).
 * Runs in the reader thread: touches no report. */
static gboolean
read_geometry (Import                       *imp,
               OGRFeatureH                   feature,
               OGRCoordinateTransformationH  transform,
               int                           lon_index,
               int                           lat_index,
               const char                   *lon_name,
               const char                   *lat_name,
               Record                       *record)
{
  ShapeKind want = targets[imp->options->target].shape;
  OGRGeometryH geom, owned = NULL, multi;
  g_autofree guint8 *buf = NULL;
  int size;

  if (lon_index >= 0)
    {
      const char *xs = OGR_F_GetFieldAsString (feature, lon_index);
      const char *ys = OGR_F_GetFieldAsString (feature, lat_index);
      double x, y;
      g_autofree char *reason = NULL;

      if (!parse_number (xs, &x) || !parse_number (ys, &y))
        {
          reason = g_strdup_printf (_("non-numeric coordinates “%s”, “%s” in columns %s, %s"),
                                    xs, ys, lon_name, lat_name);
          record_reject (record, reason);
          return FALSE;
        }
      owned = OGR_G_CreateGeometry (wkbPoint);
      OGR_G_SetPoint_2D (owned, 0, x, y);
      geom = owned;
    }
  else
    {
      geom = OGR_F_GetGeometryRef (feature);
      if (geom == NULL || OGR_G_IsEmpty (geom))
        {
          record_reject (record, _("empty geometry"));
          return FALSE;
        }
      /* The feature is destroyed next: its geometry is taken, not copied. */
      owned = geom = OGR_F_StealGeometry (feature);
    }

  if (shape_of (OGR_G_GetGeometryType (geom)) != want)
    {
      g_autofree char *reason =
        g_strdup_printf (_("a %s where %s are expected (mixed geometry types)"),
                         OGR_G_GetGeometryName (geom), shape_label (want));
      record_reject (record, reason);
      OGR_G_DestroyGeometry (owned);
      return FALSE;
    }
  if (OGR_G_HasCurveGeometry (geom, FALSE))
    {
      OGRGeometryH linear = OGR_G_GetLinearGeometry (geom, 0, NULL);

      OGR_G_DestroyGeometry (owned);
      owned = geom = linear;
    }
  OGR_G_FlattenTo2D (geom);
  {
    g_autofree char *reason = bad_coordinate (geom);

    if (reason != NULL)
      {
        record_reject (record, reason);
        OGR_G_DestroyGeometry (owned);
        return FALSE;
      }
  }
  imp->n_geometries++;
  if (imp->source_geographic)
    {
      OGREnvelope e;

      /* One stray longitude or latitude is the feature's problem. When
       * nearly all are out, the file's coordinates are not degrees at all
       * (metres, swapped axes): check_extent() says that instead. */
      OGR_G_GetEnvelope (geom, &e);
      if (!in_box (&e, -180, -90, 180, 90))
        {
          g_autofree char *reason =
            e.MinX < -180 || e.MaxX > 180
            ? g_strdup_printf (_("longitude %.10g is out of range"), e.MinX < -180 ? e.MinX : e.MaxX)
            : g_strdup_printf (_("latitude %.10g is out of range"), e.MinY < -90 ? e.MinY : e.MaxY);

          if (imp->n_beyond++ == 0)
            imp->beyond = e;
          else
            {
              imp->beyond.MinX = MIN (imp->beyond.MinX, e.MinX);
              imp->beyond.MinY = MIN (imp->beyond.MinY, e.MinY);
              imp->beyond.MaxX = MAX (imp->beyond.MaxX, e.MaxX);
              imp->beyond.MaxY = MAX (imp->beyond.MaxY, e.MaxY);
            }
          record->beyond = TRUE;
          record_reject (record, reason);
          OGR_G_DestroyGeometry (owned);
          return FALSE;
        }
    }
  extend (&imp->raw, geom, !imp->have_extent);
  if (transform != NULL && OGR_G_Transform (geom, transform) != OGRERR_NONE)
    {
      /* PROJ's own text names its internals, not the feature's problem. */
      g_debug ("feature %lld: %s", (long long) record->fid, gw_io_last_gdal_error ("-"));
      record_reject (record, _("its coordinates cannot be transformed to CGCS2000"));
      OGR_G_DestroyGeometry (owned);
      return FALSE;
    }
  if (imp->offset != OFFSET_NONE)
    apply_offset (geom, imp->offset);
  if (transform != NULL || imp->offset != OFFSET_NONE)
    {
      /* Some projections answer points outside their area with infinities
       * instead of an error. */
      g_autofree char *reason = bad_coordinate (geom);

      if (reason != NULL)
        {
          record_reject (record, _("its coordinates cannot be transformed to CGCS2000"));
          OGR_G_DestroyGeometry (owned);
          return FALSE;
        }
    }
  extend (&imp->out, geom, !imp->have_extent);
  imp->have_extent = TRUE;

  if (want == SHAPE_POLYGON && !surely_valid_polygon (geom) && !OGR_G_IsValid (geom))
    {
      OGRGeometryH valid = OGR_G_MakeValid (geom);
      OGRGeometryH parts = valid != NULL ? collect_parts (valid, SHAPE_POLYGON) : NULL;

      if (valid != NULL)
        OGR_G_DestroyGeometry (valid);
      if (parts == NULL || OGR_G_IsEmpty (parts) || OGR_G_Area (parts) <= 0)
        {
          record_reject (record, _("invalid polygon (e.g. self-intersecting) that cannot be repaired"));
          if (parts != NULL)
            OGR_G_DestroyGeometry (parts);
          OGR_G_DestroyGeometry (owned);
          return FALSE;
        }
      record->repaired = TRUE;
      OGR_G_DestroyGeometry (owned);
      owned = geom = parts;
    }

  if (want == SHAPE_POLYGON)
    multi = collect_parts (geom, SHAPE_POLYGON);
  else if (want == SHAPE_LINE)
    multi = collect_parts (geom, SHAPE_LINE);
  else if (wkbFlatten (OGR_G_GetGeometryType (geom)) == wkbMultiPoint)
    multi = OGR_G_Clone (OGR_G_GetGeometryRef (geom, 0));
  else
    multi = OGR_G_Clone (geom);
  OGR_G_DestroyGeometry (owned);

  OGR_G_GetEnvelope (multi, &record->env);
  size = OGR_G_WkbSize (multi);
  buf = g_malloc (size);
  OGR_G_ExportToWkb (multi, wkbNDR, buf);
  record->wkb = g_bytes_new_take (g_steal_pointer (&buf), size);
  if (want != SHAPE_POLYGON || !interior_point (record->wkb, &record->px, &record->py))
    {
      OGRGeometryH inside = want == SHAPE_POLYGON ? OGR_G_PointOnSurface (multi) : NULL;

      if (inside != NULL && !OGR_G_IsEmpty (inside))
        {
          record->px = OGR_G_GetX (inside, 0);
          record->py = OGR_G_GetY (inside, 0);
        }
      else
        {
          OGRGeometryH first = multi;

          while (OGR_G_GetGeometryCount (first) > 0)
            first = OGR_G_GetGeometryRef (first, 0);
          record->px = OGR_G_GetX (first, 0);
          record->py = OGR_G_GetY (first, 0);
        }
      if (inside != NULL)
        OGR_G_DestroyGeometry (inside);
    }
  OGR_G_DestroyGeometry (multi);
  return TRUE;
}

/* Takes the report lines at @drop (ascending indices) out of the report:
 * one message for the whole file replaces them; @first (owned), when not
 * NULL, goes first. */
static void
replace_lines (Import *imp,
               GArray *drop,
               char   *first)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  guint next = 0;

  if (first != NULL)
    g_ptr_array_add (lines, first);
  for (guint i = 0; i < imp->report->lines->len; i++)
    {
      if (next < drop->len && g_array_index (drop, guint, next) == i)
        {
          next++;
          continue;
        }
      g_ptr_array_add (lines, g_steal_pointer (&imp->report->lines->pdata[i]));
    }
  g_ptr_array_unref (imp->report->lines);
  imp->report->lines = g_steal_pointer (&lines);
}

/* Coordinates that cannot be in a Chinese street: explain why in plain words. */
static gboolean
check_extent (Import      *imp,
              const char  *file,
              GError     **error)
{
  const OGREnvelope *r = &imp->raw, *o = &imp->out;
  gboolean raw_degrees;

  if (imp->n_beyond > 0 && imp->n_beyond * 10 >= imp->n_geometries * 9)
    {
      /* Not stray values but the file's coordinates: said once, from
       * where they are, instead of a rejection per feature. */
      r = o = &imp->beyond;
      replace_lines (imp, imp->beyond_lines, NULL);
    }
  else if (!imp->have_extent || in_box (o, 73, 3, 136, 54))
    return TRUE;
  raw_degrees = in_box (r, -180, -90, 180, 90);
  if (!imp->source_projected && in_box (o, 3, 73, 54, 136))
    g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                 _("%s: longitude and latitude look swapped (%.4f, %.4f … %.4f, %.4f): "
                   "the first number should be the longitude (73–136 in China)."),
                 file, o->MinX, o->MinY, o->MaxX, o->MaxY);
  else if (imp->source_projected && raw_degrees)
    g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                 _("%s: the file says its coordinates are projected (metres), but they look like "
                   "degrees (%.4f, %.4f … %.4f, %.4f): its .prj is probably wrong. "
                   "Try --srs EPSG:4490."),
                 file, r->MinX, r->MinY, r->MaxX, r->MaxY);
  else if (!raw_degrees)
    g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                 _("%s: the coordinates (%.0f, %.0f … %.0f, %.0f) are too large for degrees: they "
                   "are probably projected metres (e.g. Gauss–Krüger) read as degrees. "
                   "Give the system with --srs, e.g. EPSG:4549 for CGCS2000 3° zone 120°E."),
                 file, r->MinX, r->MinY, r->MaxX, r->MaxY);
  else
    g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                 _("%s: the features lie far from China (%.4f, %.4f … %.4f, %.4f): "
                   "the coordinate system is probably wrong; give it with --srs."),
                 file, o->MinX, o->MinY, o->MaxX, o->MaxY);
  return FALSE;
}

/* The street's box, from its own outline, its communities and grids (in
 * lon/lat); FALSE when the database has none of them yet. */
static gboolean
load_street_box (Import      *imp,
                 OGREnvelope *box)
{
  GwBBox extent;

  if (!gw_import_store_street_extent (imp->lookups, &extent))
    return FALSE;
  box->MinX = extent.min_x;
  box->MinY = extent.min_y;
  box->MaxX = extent.max_x;
  box->MaxY = extent.max_y;
  return TRUE;
}

/* Metres between the nearest points of two lon/lat boxes, on the CGCS2000
 * ellipsoid: degrees are no distance. */
static gboolean
box_distance_m (Import            *imp,
                const OGREnvelope *a,
                const OGREnvelope *b,
                double            *metres,
                GError           **error)
{
  /* Per axis: the facing edges, or one shared value where they overlap. */
  double ax = a->MaxX < b->MinX ? a->MaxX : a->MinX > b->MaxX ? a->MinX : MAX (a->MinX, b->MinX);
  double bx = a->MaxX < b->MinX ? b->MinX : a->MinX > b->MaxX ? b->MaxX : ax;
  double ay = a->MaxY < b->MinY ? a->MaxY : a->MinY > b->MaxY ? a->MinY : MAX (a->MinY, b->MinY);
  double by = a->MaxY < b->MinY ? b->MinY : a->MinY > b->MaxY ? b->MaxY : ay;

  return gw_import_store_distance_m (imp->lookups, ax, ay, bx, by, metres, error);
}

/* A file whose features all, or all but a few, lie outside the street is
 * not a file of this street, or its coordinate system is wrong (GCJ-02 is
 * hundreds of metres off, a wrong Gauss–Krüger zone hundreds of km): every
 * feature "in no grid" hides that. It is said once, first, with where the
 * features are and how far from the street, and the import refused. A
 * file around the street (a district's buildings, the city's roads) is
 * not elsewhere, even if most of it is outside. */
static gboolean
check_elsewhere (Import      *imp,
                 const char  *file,
                 GError     **error)
{
  const OGREnvelope *o = &imp->outside, *street = &imp->street;
  g_autofree char *distance = NULL, *from = NULL, *to = NULL;
  double metres;

  if (!imp->have_street || imp->n_outside == 0 || imp->n_outside * 10 < imp->n_placed * 9)
    return TRUE;
  if (!(o->MaxX < street->MinX || o->MinX > street->MaxX || o->MaxY < street->MinY
        || o->MinY > street->MaxY))
    return TRUE;
  if (!box_distance_m (imp, o, street, &metres, error))
    return FALSE;
  distance = metres >= 1000 ? g_strdup_printf (_("%.1f km"), metres / 1000)
                            : g_strdup_printf (_("%.0f m"), metres);
  from = g_strdup_printf ("%.4f,%.4f", o->MinX, o->MinY);
  to = g_strdup_printf ("%.4f,%.4f", o->MaxX, o->MaxY);

  /* First in the report, instead of a line per feature. */
  replace_lines (imp, imp->outside_lines,
                 g_strdup_printf (_("All or nearly all features (%u of %u) lie %s from the street "
                                    "(file extent %s – %s); check the file’s coordinate system"),
                                  imp->n_outside, imp->n_placed, distance, from, to));
  imp->report->has_extent = TRUE;
  imp->report->min_lon = o->MinX;
  imp->report->min_lat = o->MinY;
  imp->report->max_lon = o->MaxX;
  imp->report->max_lat = o->MaxY;

  g_set_error (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_ELSEWHERE,
               _("%s: its features lie %s from the street (file extent %s – %s); "
                 "check its coordinate system"), file, distance, from, to);
  return FALSE;
}

/* Whether @text is one of the space-separated @keys. */
static gboolean
one_of (const char *text,
        const char *keys)
{
  gsize len;

  if (text == NULL || *text == '\0')
    return FALSE;
  len = strlen (text);
  for (const char *k = keys; *k != '\0';)
    {
      const char *end = strchr (k, ' ');
      gsize n = end != NULL ? (gsize) (end - k) : strlen (k);

      if (n == len && strncmp (k, text, n) == 0)
        return TRUE;
      k += n;
      while (*k == ' ')
        k++;
    }
  return FALSE;
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

/* Chinese values of registers to Gridwork's keys; NULL when unknown. */
static const char *
key_of (const char *text,
        const char *const table[][2])
{
  if (text == NULL)
    return NULL;
  for (guint i = 0; table[i][0] != NULL; i++)
    if (strcmp (text, table[i][0]) == 0 || strcmp (text, table[i][1]) == 0)
      return table[i][1];
  return NULL;
}

static const char *const relation_keys[][2] = {
  { "户主", "head" }, { "本人", "head" }, { "配偶", "spouse" }, { "妻", "spouse" }, { "夫", "spouse" },
  { "子女", "child" }, { "儿子", "child" }, { "女儿", "child" }, { "子", "child" }, { "女", "child" },
  { "父母", "parent" }, { "父亲", "parent" }, { "母亲", "parent" }, { "孙子女", "grandchild" },
  { "孙子", "grandchild" }, { "孙女", "grandchild" }, { "其他", "other" }, { NULL, NULL },
};
static const char *const hukou_keys[][2] = {
  { "本地", "local" }, { "户籍", "local" }, { "常住", "local" }, { "流动", "floating" },
  { "外来", "floating" }, { "流动人口", "floating" }, { "人户分离", "separated" }, { NULL, NULL },
};

/* --- Writing ---------------------------------------------------------- */

static const char *
value (Import     *imp,
       Record     *record,
       const char *field)
{
  for (guint i = 0; i < imp->n_fields; i++)
    if (strcmp (imp->fields[i].field, field) == 0)
      {
        const char *v = record->values[i];

        return v != NULL && *v != '\0' ? v : NULL;
      }
  return NULL;
}

/* --- In-memory lookups ------------------------------------------------ */

/* The polygons of a table (communities, grids, lots) held in memory with a
 * bucket grid over their boxes. Locating each building of a district's file
 * through SQL (R*Tree, then ST_Contains on the stored blob) cost as much as
 * writing it; the polygons are read once instead. */
typedef struct
{
  gint64  id;
  gint64  community_id;
  GwShape shape;
} Area;

typedef struct
{
  GArray *areas;       /* of Area, by id */
  GwBBox  extent;
  guint   nx, ny;
  double  cell_w, cell_h;
  guint  *cell_start;  /* nx * ny + 1 offsets into cell_items */
  guint  *cell_items;  /* indices into areas, ascending per cell */
} AreaIndex;

static void
area_index_free (gpointer data)
{
  AreaIndex *index = data;

  for (guint i = 0; i < index->areas->len; i++)
    gw_shape_clear (&g_array_index (index->areas, Area, i).shape);
  g_array_unref (index->areas);
  g_free (index->cell_start);
  g_free (index->cell_items);
  g_free (index);
}

static guint
cell_of (double v,
         double origin,
         double size,
         guint  n)
{
  double c = floor ((v - origin) / size);

  return (guint) CLAMP (c, 0, (double) n - 1);
}

static void
area_add (gint64        id,
          gint64        community_id,
          const guint8 *wkb,
          gsize         len,
          gpointer      user_data)
{
  AreaIndex *index = user_data;
  Area area = { id, community_id, { 0 } };

  if (!gw_wkb_read_shape (wkb, len, FALSE, &area.shape) || area.shape.n_rings == 0)
    {
      gw_shape_clear (&area.shape);
      return;
    }
  gw_bbox_union (&index->extent, &area.shape.bbox);
  g_array_append_val (index->areas, area);
}

static AreaIndex *
area_index_load (Import            *imp,
                 GwGeometryTables   table,
                 GError           **error)
{
  AreaIndex *index;
  guint *fill = NULL;

  index = g_new0 (AreaIndex, 1);
  index->areas = g_array_new (FALSE, FALSE, sizeof (Area));
  gw_bbox_init_empty (&index->extent);
  if (!gw_import_store_read_areas (imp->lookups, table, area_add, index, error))
    {
      area_index_free (index);
      return NULL;
    }

  /* About one polygon per cell. */
  index->nx = index->ny = CLAMP ((guint) ceil (sqrt (index->areas->len)), 1, 1024);
  index->cell_w = index->areas->len > 0 ? (index->extent.max_x - index->extent.min_x) / index->nx : 1;
  index->cell_h = index->areas->len > 0 ? (index->extent.max_y - index->extent.min_y) / index->ny : 1;
  if (!(index->cell_w > 0))
    index->cell_w = 1;
  if (!(index->cell_h > 0))
    index->cell_h = 1;
  index->cell_start = g_new0 (guint, index->nx * index->ny + 1);
  for (int pass = 0; pass < 2; pass++)
    {
      if (pass == 1)
        {
          /* Counts to offsets; fill[] walks each cell's run. */
          for (guint c = 0; c < index->nx * index->ny; c++)
            index->cell_start[c + 1] += index->cell_start[c];
          index->cell_items = g_new (guint, MAX (index->cell_start[index->nx * index->ny], 1));
          fill = g_memdup2 (index->cell_start, sizeof (guint) * index->nx * index->ny);
        }
      for (guint i = 0; i < index->areas->len; i++)
        {
          const GwBBox *b = &g_array_index (index->areas, Area, i).shape.bbox;
          guint x0 = cell_of (b->min_x, index->extent.min_x, index->cell_w, index->nx);
          guint x1 = cell_of (b->max_x, index->extent.min_x, index->cell_w, index->nx);
          guint y0 = cell_of (b->min_y, index->extent.min_y, index->cell_h, index->ny);
          guint y1 = cell_of (b->max_y, index->extent.min_y, index->cell_h, index->ny);

          for (guint y = y0; y <= y1; y++)
            for (guint x = x0; x <= x1; x++)
              if (pass == 0)
                index->cell_start[y * index->nx + x + 1]++;
              else
                index->cell_items[fill[y * index->nx + x]++] = i;
        }
    }
  g_free (fill);
  return index;
}

/* The polygon of the lowest id that holds (x, y), or NULL. */
static const Area *
area_index_find (const AreaIndex *index,
                 double           x,
                 double           y)
{
  guint cell;

  if (index->areas->len == 0 || !gw_bbox_contains_point (&index->extent, x, y))
    return NULL;
  cell = cell_of (y, index->extent.min_y, index->cell_h, index->ny) * index->nx
         + cell_of (x, index->extent.min_x, index->cell_w, index->nx);
  for (guint k = index->cell_start[cell]; k < index->cell_start[cell + 1]; k++)
    {
      const Area *area = &g_array_index (index->areas, Area, index->cell_items[k]);

      if (gw_shape_contains (&area->shape, x, y))
        return area;
    }
  return NULL;
}

/* The id of the polygon of @table that holds the record's point on surface
 * (the lowest id when several do); 0 when none. */
static gboolean
locate (Import            *imp,
        GwGeometryTables   table,
        Record            *record,
        gint64            *id,
        gint64            *community_id,
        GError           **error)
{
  AreaIndex *index = g_hash_table_lookup (imp->areas, GINT_TO_POINTER (table));
  const Area *area;

  *id = 0;
  if (index == NULL)
    {
      index = area_index_load (imp, table, error);
      if (index == NULL)
        return FALSE;
      g_hash_table_insert (imp->areas, GINT_TO_POINTER (table), index);
    }
  area = area_index_find (index, record->px, record->py);
  if (area != NULL)
    {
      *id = area->id;
      if (community_id != NULL)
        *community_id = area->community_id;
    }
  return TRUE;
}

/* Buildings already in the database (and those written so far) by their
 * box, quantised to the 1e-4° tolerance of the duplicate test, so that a
 * duplicate is looked for among a handful of candidates without a query
 * per feature. */
#define BOX_TOLERANCE 1e-4

typedef struct
{
  gint64 id;
  double min_x, max_x, min_y, max_y;
} Box;

static gint64
box_key (double x,
         double y)
{
  return ((gint64) floor (x / BOX_TOLERANCE) + 4000000) * 8000000
         + ((gint64) floor (y / BOX_TOLERANCE) + 4000000);
}

static void
boxes_add (GHashTable *boxes,
           const Box  *box)
{
  gint64 key = box_key (box->min_x, box->min_y);
  GArray *cell = g_hash_table_lookup (boxes, &key);

  if (cell == NULL)
    {
      cell = g_array_new (FALSE, FALSE, sizeof (Box));
      g_hash_table_insert (boxes, g_memdup2 (&key, sizeof key), cell);
    }
  g_array_append_vals (cell, box, 1);
}

static void
box_add (gint64        id,
         const GwBBox *bbox,
         gpointer      user_data)
{
  Box box = { id, bbox->min_x, bbox->max_x, bbox->min_y, bbox->max_y };

  boxes_add (user_data, &box);
}

static gboolean
boxes_load (Import  *imp,
            GError **error)
{
  imp->boxes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_array_unref);
  return gw_import_store_read_building_boxes (imp->lookups, box_add, imp->boxes, error);
}

static int
compare_id (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* The lowest id of a row of @table with (nearly) the record's box whose
 * geometry ST_Equals the record's; 0 when none. */
static gboolean
find_duplicate (Import      *imp,
                Record      *record,
                gint64      *id,
                GError     **error)
{
  const OGREnvelope *e = &record->env;
  g_autoptr (GArray) candidates = NULL;
  gsize len;
  const guint8 *wkb = g_bytes_get_data (record->wkb, &len);

  *id = 0;
  if (imp->boxes == NULL && !boxes_load (imp, error))
    return FALSE;
  for (int dx = -1; dx <= 1; dx++)
    for (int dy = -1; dy <= 1; dy++)
      {
        gint64 key = box_key (e->MinX, e->MinY) + dx * (gint64) 8000000 + dy;
        GArray *cell = g_hash_table_lookup (imp->boxes, &key);

        for (guint i = 0; cell != NULL && i < cell->len; i++)
          {
            const Box *b = &g_array_index (cell, Box, i);

            if (fabs (b->min_x - e->MinX) <= BOX_TOLERANCE && fabs (b->max_x - e->MaxX) <= BOX_TOLERANCE
                && fabs (b->min_y - e->MinY) <= BOX_TOLERANCE && fabs (b->max_y - e->MaxY) <= BOX_TOLERANCE)
              {
                if (candidates == NULL)
                  candidates = g_array_new (FALSE, FALSE, sizeof (gint64));
                g_array_append_val (candidates, b->id);
              }
          }
      }
  if (candidates == NULL)
    return TRUE;
  g_array_sort (candidates, compare_id);
  for (guint i = 0; i < candidates->len && *id == 0; i++)
    {
      gint64 candidate = g_array_index (candidates, gint64, i);
      gboolean equal;

      if (!gw_import_store_building_equals (imp->lookups, candidate, wkb, len, &equal, error))
        return FALSE;
      if (equal)
        *id = candidate;
    }
  return TRUE;
}

/* Dwelling by its code, or by the building address and room. */
static gboolean
find_dwelling (Import      *imp,
               Record      *record,
               gint64      *dwelling_id,
               GError     **error)
{
  return gw_import_store_find_dwelling (imp->lookups, value (imp, record, "dwelling_code"),
                                        value (imp, record, "address"),
                                        value (imp, record, "room"), dwelling_id, error);
}

/* Whether the writer wrote the record's row. A row the schema refuses (a
 * duplicate code, a bad length …) is the feature's problem, not the
 * import's: it is rejected and the import goes on. */
static gboolean
written (Import   *imp,
         Record   *record,
         gboolean  ok,
         GError   *local_error,
         gboolean *rejected,
         GError  **error)
{
  *rejected = FALSE;
  if (ok)
    {
      imp->report->n_imported++;
      return TRUE;
    }
  if (g_error_matches (local_error, GW_STORE_ERROR, GW_STORE_ERROR_CONSTRAINT))
    {
      g_autofree char *reason = g_strdup_printf (_("refused by the database: %s"),
                                                 local_error->message);

      reject (imp, record->fid, reason);
      g_error_free (local_error);
      *rejected = TRUE;
      return TRUE;
    }
  g_propagate_error (error, local_error);
  return FALSE;
}

/* The leading integer of @text as SQLite's CAST (… AS INTEGER) reads it
 * ("5层" is 5, "abc" 0), or @fallback for no text. */
static gint64
integer_of (const char *text,
            gint64      fallback)
{
  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : fallback;
}

static gboolean
write_grid (Import  *imp,
            Record  *record,
            GError **error)
{
  GError *local_error = NULL;
  GwGridRow row = { 0 };
  gboolean rejected;
  gint64 id = 0;

  if (!locate (imp, GW_GEOMETRY_COMMUNITIES, record, &row.community_id, NULL, error))
    return FALSE;
  if (row.community_id == 0)
    {
      reject_outside (imp, record, _("outside the street: in none of the database's communities"));
      return TRUE;
    }
  row.code = value (imp, record, "code");
  if (row.code == NULL)
    {
      reject (imp, record->fid, _("no grid code"));
      return TRUE;
    }
  row.name = value (imp, record, "name") ?: row.code;
  row.extra = record->extra;
  row.wkb = g_bytes_get_data (record->wkb, &row.wkb_len);
  if (!written (imp, record, gw_writer_add_grid (imp->writer, &row, &id, &local_error),
                local_error, &rejected, error))
    return FALSE;
  /* A grid comes without lots: they are generated once every grid is
   * written (generate_lots). */
  if (!rejected)
    g_array_append_val (imp->new_grids, id);
  return TRUE;
}

static gboolean
write_lot (Import  *imp,
           Record  *record,
           GError **error)
{
  GError *local_error = NULL;
  GwLotRow row = { 0 };
  const char *kind = value (imp, record, "kind");
  gboolean rejected;

  if (!locate (imp, GW_GEOMETRY_GRIDS, record, &row.grid_id, &row.community_id, error))
    return FALSE;
  if (row.grid_id == 0 && !locate (imp, GW_GEOMETRY_COMMUNITIES, record, &row.community_id, NULL, error))
    return FALSE;
  if (row.community_id == 0)
    {
      reject_outside (imp, record, _("outside the street: in none of the database's communities"));
      return TRUE;
    }
  row.name = value (imp, record, "name") ?: "";
  row.kind = one_of (kind, "compound shops public open") ? kind : "compound";
  row.extra = record->extra;
  row.wkb = g_bytes_get_data (record->wkb, &row.wkb_len);
  return written (imp, record, gw_writer_add_lot (imp->writer, &row, NULL, &local_error),
                  local_error, &rejected, error);
}

static gboolean
write_building (Import  *imp,
                Record  *record,
                GError **error)
{
  GError *local_error = NULL;
  GwBuildingRow row = { 0 };
  const char *use = value (imp, record, "use");
  gboolean rejected;
  gint64 id = 0;

  if (!locate (imp, GW_GEOMETRY_LOTS, record, &row.lot_id, NULL, error))
    return FALSE;
  if (row.lot_id == 0)
    {
      reject_outside (imp, record, _("building not in any grid (no lot contains it)"));
      return TRUE;
    }
  if (!find_duplicate (imp, record, &id, error))
    return FALSE;
  if (id != 0)
    {
      g_autofree char *reason = g_strdup_printf (_("duplicate of building %lld already in the database"),
                                                 (long long) id);
      reject (imp, record->fid, reason);
      return TRUE;
    }
  row.name = value (imp, record, "name") ?: "";
  row.address = value (imp, record, "address") ?: "";
  row.use = one_of (use, "residential mixed shop public") ? use : "residential";
  row.floors = MAX (1, integer_of (value (imp, record, "floors"), 1));
  row.units = MAX (1, integer_of (value (imp, record, "units"), 1));
  row.built_year = integer_of (value (imp, record, "built_year"), 0);
  row.extra = record->extra;
  row.wkb = g_bytes_get_data (record->wkb, &row.wkb_len);
  if (!written (imp, record, gw_writer_add_building (imp->writer, &row, &id, &local_error),
                local_error, &rejected, error))
    return FALSE;
  if (!rejected)
    {
      /* Later features of the file are checked against it too. */
      Box box = { id, record->env.MinX, record->env.MaxX, record->env.MinY, record->env.MaxY };

      boxes_add (imp->boxes, &box);
    }
  return TRUE;
}

static gboolean
write_road (Import  *imp,
            Record  *record,
            GError **error)
{
  GError *local_error = NULL;
  GwRoadRow row = { 0 };
  const char *klass = value (imp, record, "class");
  gboolean rejected;
  gint64 id = 0;

  if (imp->has_communities)
    {
      GwBBox box = { record->env.MinX, record->env.MinY, record->env.MaxX, record->env.MaxY };
      gsize len;
      const guint8 *wkb = g_bytes_get_data (record->wkb, &len);

      if (!gw_import_store_find_community_crossing (imp->lookups, &box, wkb, len, &id, error))
        return FALSE;
      if (id == 0)
        {
          reject_outside (imp, record, _("outside the street: crosses none of the database's communities"));
          return TRUE;
        }
    }
  row.name = value (imp, record, "name") ?: "";
  row.road_class = one_of (klass, "main secondary lane") ? klass : "lane";
  row.extra = record->extra;
  row.wkb = g_bytes_get_data (record->wkb, &row.wkb_len);
  return written (imp, record, gw_writer_add_road (imp->writer, &row, NULL, &local_error),
                  local_error, &rejected, error);
}

static gboolean
write_worker (Import  *imp,
              Record  *record,
              GError **error)
{
  GError *local_error = NULL;
  GwWorkerRow row = { 0 };
  gboolean rejected;

  row.name = value (imp, record, "name");
  row.phone = value (imp, record, "phone") ?: "";
  row.org = value (imp, record, "org") ?: "";
  row.extra = record->extra;
  return written (imp, record, gw_writer_add_worker (imp->writer, &row, NULL, &local_error),
                  local_error, &rejected, error);
}

static gboolean
write_household (Import  *imp,
                 Record  *record,
                 GError **error)
{
  GError *local_error = NULL;
  GwHouseholdRow row = { 0 };
  gboolean rejected;

  if (!find_dwelling (imp, record, &row.dwelling_id, error))
    return FALSE;
  if (row.dwelling_id == 0)
    {
      reject (imp, record->fid, _("its dwelling code or address matches no dwelling"));
      return TRUE;
    }
  row.head_name = value (imp, record, "head_name");
  row.phone = value (imp, record, "phone");
  row.hukou = key_of (value (imp, record, "hukou"), hukou_keys) ?: "local";
  row.extra = record->extra;
  return written (imp, record, gw_writer_add_household (imp->writer, &row, NULL, &local_error),
                  local_error, &rejected, error);
}

static gboolean
write_resident (Import  *imp,
                Record  *record,
                GError **error)
{
  GError *local_error = NULL;
  GwResidentRow row = { 0 };
  const char *id_number = value (imp, record, "id_number");
  const char *sex = value (imp, record, "sex");
  const char *birth = value (imp, record, "birth_date");
  g_autofree char *birth_from_id = NULL;
  const char *sex_code = NULL;
  gboolean rejected;
  gint64 dwelling_id = 0;

  if (!find_dwelling (imp, record, &dwelling_id, error)
      || (dwelling_id > 0
          && !gw_import_store_first_household (imp->lookups, dwelling_id, &row.household_id,
                                               error)))
    return FALSE;
  if (row.household_id == 0)
    {
      reject (imp, record->fid, _("its dwelling code or address matches no household"));
      return TRUE;
    }
  /* 18-digit resident ID numbers carry the birth date and the sex. */
  if (id_number != NULL && strlen (id_number) == 18)
    {
      birth_from_id = g_strdup_printf ("%.4s-%.2s-%.2s", id_number + 6, id_number + 10, id_number + 12);
      sex_code = (id_number[16] - '0') % 2 == 1 ? "M" : "F";
    }
  if (sex != NULL)
    sex_code = (strcmp (sex, "男") == 0 || g_ascii_strcasecmp (sex, "M") == 0) ? "M"
               : (strcmp (sex, "女") == 0 || g_ascii_strcasecmp (sex, "F") == 0) ? "F" : sex_code;
  if (birth == NULL)
    birth = birth_from_id;
  if (sex_code == NULL || birth == NULL)
    {
      reject (imp, record->fid, _("no sex or birth date (nor an 18-digit ID number)"));
      return TRUE;
    }
  row.name = value (imp, record, "name");
  row.sex = sex_code;
  row.birth_date = birth;
  row.relation = key_of (value (imp, record, "relation"), relation_keys) ?: "other";
  row.id_number = id_number;
  row.phone = value (imp, record, "phone");
  row.extra = record->extra;
  return written (imp, record, gw_writer_add_resident (imp->writer, &row, NULL, &local_error),
                  local_error, &rejected, error);
}

static gboolean
write_case (Import  *imp,
            Record  *record,
            GError **error)
{
  GError *local_error = NULL;
  GwCaseRow row = { 0 };
  const char *tier = value (imp, record, "tier");
  g_autoptr (GDateTime) now = gw_now ();
  g_autofree char *now_text = gw_format_timestamp (now);
  gboolean rejected;

  if (!locate (imp, GW_GEOMETRY_GRIDS, record, &row.grid_id, NULL, error))
    return FALSE;
  if (row.grid_id == 0)
    {
      reject_outside (imp, record, _("outside the street: in no grid"));
      return TRUE;
    }
  row.code = value (imp, record, "code");
  row.category = value (imp, record, "category") ?: "living_environment";
  row.subcategory = value (imp, record, "subcategory") ?: "";
  row.scope = "small";
  row.tier = tier != NULL && strlen (tier) == 1 && strchr ("ABC", tier[0]) ? tier : "B";
  row.source = value (imp, record, "source") ?: "walk_in";
  row.status = value (imp, record, "status") ?: "registered";
  row.description = value (imp, record, "description") ?: "";
  row.reported_at = value (imp, record, "reported_at") ?: now_text;
  row.extra = record->extra;
  row.wkb = g_bytes_get_data (record->wkb, &row.wkb_len);
  return written (imp, record, gw_writer_add_case (imp->writer, &row, NULL, &local_error),
                  local_error, &rejected, error);
}

static gboolean
write_record (Import   *imp,
              Record   *record,
              GError  **error)
{
  static gboolean (* const writers[]) (Import *, Record *, GError **) = {
    [GW_IMPORT_GRIDS] = write_grid, [GW_IMPORT_LOTS] = write_lot,
    [GW_IMPORT_BUILDINGS] = write_building, [GW_IMPORT_ROADS] = write_road,
    [GW_IMPORT_HOUSEHOLDS] = write_household, [GW_IMPORT_RESIDENTS] = write_resident,
    [GW_IMPORT_WORKERS] = write_worker, [GW_IMPORT_CASES] = write_case,
  };

  return writers[imp->options->target] (imp, record, error);
}

/* --- Lots of imported grids ------------------------------------------- */

static gboolean
generate_lots (Import  *imp,
               GError **error)
{
  /* Grids come without lots: theirs are made once every grid is written. */
  for (guint i = 0; i < imp->new_grids->len; i++)
    {
      guint n_lots = 0;

      if (!gw_grid_lots_generate (imp->writer, g_array_index (imp->new_grids, gint64, i), &n_lots,
                                  error))
        return FALSE;
      imp->report->n_lots_generated += n_lots;
    }
  return TRUE;
}

/* Duplicates inside the file: same geometry (layers) or same values
 * (tables); the first is kept. Keyed by the WKB bytes themselves. */
static gboolean
is_duplicate (Import *imp,
              Record *record)
{
  GBytes *key;
  gpointer first;

  if (imp->options->target == GW_IMPORT_GRIDS && value (imp, record, "code") != NULL)
    {
      char *text = g_strdup_printf ("code:%s", value (imp, record, "code"));

      key = g_bytes_new_take (text, strlen (text));
    }
  else if (record->wkb != NULL)
    key = g_bytes_ref (record->wkb);
  else
    {
      GString *text = g_string_new (NULL);

      for (guint f = 0; f < imp->n_fields; f++)
        g_string_append_printf (text, "%s\x1f", record->values[f] ?: "");
      key = g_string_free_to_bytes (text);
    }
  if (g_hash_table_lookup_extended (imp->seen, key, NULL, &first))
    {
      g_autofree char *reason = g_strdup_printf (_("duplicate of feature %lld"),
                                                 (long long) GPOINTER_TO_SIZE (first));
      reject (imp, record->fid, reason);
      g_bytes_unref (key);
      return TRUE;
    }
  g_hash_table_insert (imp->seen, key, GSIZE_TO_POINTER ((gsize) record->fid));
  return FALSE;
}

static gboolean
resolve_srs (Import                         *imp,
             OGRLayerH                       layer,
             const char                     *file,
             OGRCoordinateTransformationH   *transform,
             GError                        **error)
{
  const char *srs_text = imp->options->srs;
  OGRSpatialReferenceH source = NULL, target;
  OGRSpatialReferenceH file_srs = OGR_L_GetSpatialRef (layer);

  *transform = NULL;
  if (srs_text != NULL && (g_ascii_strcasecmp (srs_text, "gcj02") == 0
                           || g_ascii_strcasecmp (srs_text, "bd09") == 0))
    {
      imp->offset = g_ascii_strcasecmp (srs_text, "gcj02") == 0 ? OFFSET_GCJ02 : OFFSET_BD09;
      source = OSRNewSpatialReference (NULL);
      OSRImportFromEPSG (source, 4326);
    }
  else if (srs_text != NULL)
    {
      source = OSRNewSpatialReference (NULL);
      if (OSRSetFromUserInput (source, srs_text) != OGRERR_NONE)
        {
          OSRDestroySpatialReference (source);
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("Unknown coordinate system “%s”: give EPSG:N, gcj02 or bd09"), srs_text);
          return FALSE;
        }
    }
  else if (file_srs != NULL)
    source = OSRClone (file_srs);

  if (source == NULL)
    {
      /* No CRS in the file: degrees are taken as CGCS2000 (≈ WGS84 to a few
       * cm); the extent check catches metres. */
      imp->source_geographic = TRUE;
      return TRUE;
    }
  OSRSetAxisMappingStrategy (source, OAMS_TRADITIONAL_GIS_ORDER);
  imp->source_projected = OSRIsProjected (source);
  imp->source_geographic = OSRIsGeographic (source);
  target = gw_io_cgcs2000_new ();
  if (!OSRIsSame (source, target))
    {
      *transform = OCTNewCoordinateTransformation (source, target);
      if (*transform == NULL)
        {
          const char *name = OSRGetName (source);

          g_debug ("%s: %s", file, gw_io_last_gdal_error ("-"));
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("%s: its coordinate system “%s” cannot be transformed to CGCS2000"), file,
                       name != NULL ? name : "?");
          OSRDestroySpatialReference (source);
          OSRDestroySpatialReference (target);
          return FALSE;
        }
    }
  OSRDestroySpatialReference (source);
  OSRDestroySpatialReference (target);
  return TRUE;
}

static gboolean
has_suffix_nocase (const char *file,
                   const char *suffix)
{
  gsize len = strlen (file), n = strlen (suffix);

  return len >= n && g_ascii_strcasecmp (file + len - n, suffix) == 0;
}

/* The size of @path, through GDAL's file layer so that /vsizip/ and the
 * like work as for GDAL itself; FALSE when it cannot be opened. */
static gboolean
vsi_file_size (const char *path,
               guint64    *size)
{
  VSILFILE *fp = VSIFOpenL (path, "rb");

  if (fp == NULL)
    return FALSE;
  VSIFSeekL (fp, 0, SEEK_END);
  *size = VSIFTellL (fp);
  VSIFCloseL (fp);
  return TRUE;
}

/* The companion of a shapefile with extension @ext (".shx"), in lower or
 * upper case as shapefiles come; NULL when there is none. */
static char *
shapefile_sibling (const char *shp,
                   const char *ext)
{
  g_autofree char *upper = g_ascii_strup (ext, -1);
  const char *exts[] = { ext, upper };
  guint64 size;

  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      char *path = g_strdup_printf ("%.*s%s", (int) strlen (shp) - 4, shp, exts[i]);

      if (vsi_file_size (path, &size))
        return path;
      g_free (path);
    }
  return NULL;
}

static gboolean
has_sibling (const char *shp,
             const char *ext)
{
  g_autofree char *path = shapefile_sibling (shp, ext);

  return path != NULL;
}

/* Reads @len bytes at @offset of @path; FALSE when the file is shorter. */
static gboolean
vsi_read (const char *path,
          guint64     offset,
          guint8     *buf,
          gsize       len)
{
  VSILFILE *fp = VSIFOpenL (path, "rb");
  gboolean ok;

  if (fp == NULL)
    return FALSE;
  ok = VSIFSeekL (fp, offset, SEEK_SET) == 0 && VSIFReadL (buf, 1, len, fp) == len;
  VSIFCloseL (fp);
  return ok;
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static void
set_truncated (GError     **error,
               const char  *part,
               guint64      size,
               guint64      declared,
               guint64      first_lost)
{
  g_set_error (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_TRUNCATED,
               _("%s is truncated (%llu of %llu bytes): feature %llu onward cannot be read"),
               part, (unsigned long long) size, (unsigned long long) declared,
               (unsigned long long) first_lost);
}

/* A shapefile cut short (a copy or a download that stopped) reads as
 * features without geometry from the cut on, and GDAL tells of it only as a
 * read error somewhere in the file. Each part declares its own length, so
 * the cut is found before anything is read, and named once: the .shp and
 * .shx give theirs in 16-bit words at byte 24, the .dbf its record count
 * and sizes. Feature numbers are the shapefile's FIDs (records from 0). */
static gboolean
check_shapefile_complete (const char  *shp,
                          GError     **error)
{
  g_autofree char *shx = shapefile_sibling (shp, ".shx");
  g_autofree char *dbf = shapefile_sibling (shp, ".dbf");
  guint8 header[100];
  guint64 shp_size, shx_size, dbf_size, declared;
  guint64 n_records = 0;

  if (shx != NULL && vsi_file_size (shx, &shx_size) && vsi_read (shx, 0, header, sizeof header)
      && be32 (header) == 9994)
    {
      declared = 2 * (guint64) be32 (header + 24);
      n_records = declared > 100 ? (declared - 100) / 8 : 0;
      if (shx_size < declared)
        {
          set_truncated (error, shx, shx_size, declared, shx_size > 100 ? (shx_size - 100) / 8 : 0);
          return FALSE;
        }
    }
  if (shx != NULL && n_records > 0 && vsi_file_size (shp, &shp_size)
      && vsi_read (shp, 0, header, sizeof header) && be32 (header) == 9994
      && shp_size < (declared = 2 * (guint64) be32 (header + 24)))
    {
      /* The first record that does not wholly lie in what is left. */
      g_autofree guint8 *index = g_malloc (n_records * 8);

      if (vsi_read (shx, 100, index, n_records * 8))
        for (guint64 i = 0; i < n_records; i++)
          {
            guint64 offset = 2 * (guint64) be32 (index + 8 * i);
            guint64 length = 2 * (guint64) be32 (index + 8 * i + 4);

            if (offset + 8 + length > shp_size)
              {
                set_truncated (error, shp, shp_size, declared, i);
                return FALSE;
              }
          }
    }
  if (dbf != NULL && vsi_file_size (dbf, &dbf_size) && vsi_read (dbf, 0, header, 32))
    {
      guint64 n = header[4] | header[5] << 8 | header[6] << 16 | (guint64) header[7] << 24;
      guint64 header_size = header[8] | header[9] << 8;
      guint64 record_size = header[10] | header[11] << 8;

      /* The end-of-file mark after the records is optional, but the size a
       * whole file has with it is the one to show. */
      declared = header_size + n * record_size;
      if (record_size > 0 && dbf_size < declared)
        {
          set_truncated (error, dbf, dbf_size, declared + 1,
                         dbf_size > header_size ? (dbf_size - header_size) / record_size : 0);
          return FALSE;
        }
    }
  return TRUE;
}

static GDALDatasetH
open_dataset (const char  *file,
              const char  *encoding,
              gboolean    *gdal_decodes,
              GError     **error)
{
  GDALDatasetH ds;
  const char *driver;

  *gdal_decodes = FALSE;
  if (!g_str_has_prefix (file, "/vsi") && !g_file_test (file, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND, _("%s: no such file"), file);
      return NULL;
    }
  /* Before GDAL, which refuses a cut .shx without saying so. */
  if (has_suffix_nocase (file, ".shp") && !check_shapefile_complete (file, error))
    return NULL;
  CPLErrorReset ();
  ds = GDALOpenEx (file, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  if (ds == NULL)
    {
      /* GDAL's reason speaks of its drivers and options (SHAPE_RESTORE_SHX),
       * not of what the user can do. */
      g_debug ("%s: %s", file, gw_io_last_gdal_error ("-"));
      if (has_suffix_nocase (file, ".shp") && !has_sibling (file, ".shx"))
        g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                     _("%s: its index file .shx is missing; copy all the files of the shapefile "
                       "(.shp, .shx, .dbf, .prj, .cpg)"), file);
      else
        g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                     _("%s: cannot be read as a vector file: unknown format, damaged, or missing "
                       "companion files"), file);
      return NULL;
    }
  driver = GDALGetDriverShortName (GDALGetDatasetDriver (ds));
  if (strcmp (driver, "ESRI Shapefile") == 0 && g_str_has_suffix (file, ".shp"))
    {
      /* GDAL reads a .shp without its .dbf as shapes without attributes:
       * for a street office that is a broken delivery, not data. */
      g_autofree char *dbf = g_strdup_printf ("%.*s.dbf", (int) strlen (file) - 4, file);
      g_autofree char *dbf_upper = g_strdup_printf ("%.*s.DBF", (int) strlen (file) - 4, file);

      if (!g_file_test (dbf, G_FILE_TEST_EXISTS) && !g_file_test (dbf_upper, G_FILE_TEST_EXISTS))
        {
          GDALClose (ds);
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("%s: its attribute table %s is missing; copy all the files of the shapefile "
                         "(.shp, .shx, .dbf, .prj, .cpg)"), file, dbf);
          return NULL;
        }
    }
  if (encoding != NULL && strcmp (driver, "ESRI Shapefile") == 0)
    {
      /* Shapefiles without .cpg: GDAL recodes with the ENCODING open option. */
      g_autofree char *option = g_strdup_printf ("ENCODING=%s", encoding);
      const char *options[] = { option, NULL };

      GDALClose (ds);
      ds = GDALOpenEx (file, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, options, NULL);
      if (ds == NULL)
        {
          g_debug ("%s: %s", file, gw_io_last_gdal_error ("-"));
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("%s: cannot be read with encoding %s"), file, encoding);
          return NULL;
        }
      *gdal_decodes = TRUE;
    }
  return ds;
}

/* Formats our export quotes text for (gw_io_spreadsheet_quote()). */
static gboolean
is_spreadsheet (GDALDatasetH ds)
{
  const char *driver = GDALGetDriverShortName (GDALGetDatasetDriver (ds));

  return strcmp (driver, "CSV") == 0 || strcmp (driver, "XLSX") == 0;
}

/* --- Reading and writing at once --------------------------------------- */

/* GDAL and GEOS (reading, checking, repairing the features) and SQLite
 * (writing them) each take about half of an import: a reader thread turns
 * features into Records while the calling thread writes them, inside the
 * import's transaction. Anything wrong found after writing has begun (a
 * damaged file, garbled text, coordinates outside China) rolls it back, so
 * the database still gets everything or nothing. */
#define READER_BATCH 128

typedef struct
{
  Import                       *imp;
  const char                   *file;
  OGRLayerH                     layer;
  OGRCoordinateTransformationH  transform;
  int                           lon_index, lat_index;
  const char                   *lon_name, *lat_name;
  GIntBig                       n_total;
  GCancellable                 *cancellable;
  GAsyncQueue                  *queue;   /* of GPtrArray of Record; an empty one ends */
  GThread                      *thread;
  gint                          stop;    /* atomic: the writer gave up */
  guint                         n_read;
  GError                       *error;
} Reader;

/* Refuses @record when @text (from the source field @index) is longer
 * than @max_chars characters. */
static void
check_length (Record          *record,
              OGRFeatureDefnH  defn,
              int              index,
              const char      *text,
              guint            max_chars)
{
  glong n;

  /* Never fewer bytes than characters: most values are settled by strlen. */
  if (text == NULL || strlen (text) <= max_chars || record->reason != NULL)
    return;
  n = g_utf8_validate (text, -1, NULL) ? g_utf8_strlen (text, -1) : (glong) strlen (text);
  if (n > (glong) max_chars)
    {
      const char *raw_name = OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, index));
      g_autofree char *name = g_utf8_make_valid (raw_name, -1);
      g_autofree char *reason = g_strdup_printf (_("field “%s” is too long (%ld characters; at most %u)"),
                                                 name, n, max_chars);

      record_reject (record, reason);
    }
}

static Record *
read_feature (Reader      *reader,
              OGRFeatureH  feature)
{
  Import *imp = reader->imp;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (reader->layer);
  Record *record = g_new0 (Record, 1);
  GIntBig fid;

  record->fid = fid = OGR_F_GetFID (feature);
  record->values = g_new0 (char *, imp->n_fields + 1);
  for (guint f = 0; f < imp->n_fields; f++)
    {
      record->values[f] = read_value (imp, feature, imp->source_index[f]);
      check_length (record, defn, imp->source_index[f], record->values[f], imp->fields[f].max_chars);
      if (record->values[f] != NULL && looks_garbled (record->values[f]))
        {
          if (imp->n_garbled++ == 0)
            {
              g_autofree char *shown = g_utf8_make_valid (record->values[f], -1);

              imp->garbled_example = g_strdup_printf (_("feature %lld, %s “%s”"), (long long) record->fid,
                                                      imp->fields[f].field, shown);
            }
        }
    }
  if (imp->extra_index->len > 0)
    {
      GString *json = g_string_new ("{");
      guint n_set = 0;

      for (guint e = 0; e < imp->extra_index->len; e++)
        {
          int index = g_array_index (imp->extra_index, int, e);
          g_autofree char *text = read_value (imp, feature, index);
          const char *key;

          if (text == NULL || *text == '\0')
            continue;
          check_length (record, defn, index, text, DESCRIPTION_MAX_CHARS);
          if (looks_garbled (text) && imp->n_garbled++ == 0)
            {
              g_autofree char *shown = g_utf8_make_valid (text, -1);

              imp->garbled_example = g_strdup_printf (_("feature %lld, %s “%s”"), (long long) fid,
                                                      OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, index)),
                                                      shown);
            }
          if (n_set++ > 0)
            g_string_append_c (json, ',');
          key = OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, index));
          append_json_string (json, imp->spreadsheet ? gw_io_spreadsheet_unquote (key) : key);
          g_string_append_c (json, ':');
          append_json_string (json, g_utf8_validate (text, -1, NULL) ? text : "");
        }
      g_string_append_c (json, '}');
      record->extra = n_set > 0 ? g_string_free (json, FALSE) : (g_string_free (json, TRUE), NULL);
    }
  if (targets[imp->options->target].shape != SHAPE_NONE)
    read_geometry (imp, feature, reader->transform, reader->lon_index, reader->lat_index,
                   reader->lon_name, reader->lat_name, record);
  return record;
}

static gpointer
reader_thread (gpointer data)
{
  Reader *reader = data;
  GPtrArray *batch = g_ptr_array_new ();
  OGRFeatureH feature;

  /* GDAL's error state and handlers are per thread. Reading a feature and
   * checking it are told apart: an error while reading is the file's (it is
   * damaged), one while checking is the feature's (GEOS refusing a
   * geometry). Neither's own text is shown: it names GDAL's and GEOS's
   * internals ("CGAlgorithmsDD::orientationIndex", "fread()"), not what is
   * wrong with the file; it goes to the debug log. */
  CPLPushErrorHandler (CPLQuietErrorHandler);
  for (;;)
    {
      Record *record;

      if (g_atomic_int_get (&reader->stop))
        break;
      CPLErrorReset ();
      feature = OGR_L_GetNextFeature (reader->layer);
      if (feature == NULL)
        break;
      if (CPLGetLastErrorType () >= CE_Failure)
        {
          g_debug ("%s: feature %lld: %s", reader->file, (long long) OGR_F_GetFID (feature),
                   gw_io_last_gdal_error ("-"));
          g_set_error (&reader->error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("%s: damaged: feature %lld cannot be read"), reader->file,
                       (long long) OGR_F_GetFID (feature));
          OGR_F_Destroy (feature);
          break;
        }
      reader->n_read++;
      record = read_feature (reader, feature);
      OGR_F_Destroy (feature);
      if (CPLGetLastErrorType () >= CE_Failure)
        {
          g_debug ("%s: feature %lld: %s", reader->file, (long long) record->fid,
                   gw_io_last_gdal_error ("-"));
          record_reject (record, _("invalid geometry that cannot be checked"));
        }
      g_ptr_array_add (batch, record);
      if (g_cancellable_set_error_if_cancelled (reader->cancellable, &reader->error))
        break;
      if (batch->len == READER_BATCH)
        {
          g_async_queue_push (reader->queue, batch);
          batch = g_ptr_array_new ();
        }
    }
  if (reader->error == NULL && !g_atomic_int_get (&reader->stop))
    {
      /* A damaged file can also end the loop early, with an error set. */
      if (CPLGetLastErrorType () >= CE_Failure)
        {
          g_debug ("%s: after feature %u: %s", reader->file, reader->n_read,
                   gw_io_last_gdal_error ("-"));
          g_set_error (&reader->error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("%s: damaged: nothing after its first %u features can be read"),
                       reader->file, reader->n_read);
        }
      else if (reader->n_total > 0 && reader->n_read < (guint64) reader->n_total)
        g_set_error (&reader->error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                     _("%s: damaged: %u of its %lld features could be read"), reader->file,
                     reader->n_read, (long long) reader->n_total);
    }
  CPLPopErrorHandler ();
  if (batch->len > 0)
    {
      g_async_queue_push (reader->queue, batch);
      batch = g_ptr_array_new ();
    }
  g_async_queue_push (reader->queue, batch);  /* empty: the end */
  return NULL;
}

/* Stops the reader (when the writer gives up early), drops what it still
 * sends and waits for it. */
static void
reader_finish (Reader *reader)
{
  if (reader->thread == NULL)
    return;
  g_atomic_int_set (&reader->stop, 1);
  for (;;)
    {
      GPtrArray *batch = g_async_queue_pop (reader->queue);
      gboolean end = batch->len == 0;

      for (guint i = 0; i < batch->len; i++)
        record_free (batch->pdata[i]);
      g_ptr_array_unref (batch);
      if (end)
        break;
    }
  g_thread_join (g_steal_pointer (&reader->thread));
}

/* A record from the reader, in file order: reported, checked for
 * duplicates, written. */
static gboolean
take_record (Import  *imp,
             Record  *record,
             GError **error)
{
  if (record->reason != NULL)
    {
      reject (imp, record->fid, record->reason);
      if (record->beyond)
        {
          guint line = imp->report->lines->len - 1;

          g_array_append_val (imp->beyond_lines, line);
        }
      record_free (record);
      return TRUE;
    }
  if (record->repaired)
    {
      imp->report->n_repaired++;
      add_line (imp, _("feature %lld: invalid polygon (self-intersection or bad ring) repaired with MakeValid"),
                (long long) record->fid);
    }
  if (is_duplicate (imp, record))
    {
      record_free (record);
      return TRUE;
    }
  if (record->wkb != NULL && imp->have_street)
    {
      const OGREnvelope *e = &record->env, *street = &imp->street;

      imp->n_placed++;
      record->outside = e->MaxX < street->MinX || e->MinX > street->MaxX
                        || e->MaxY < street->MinY || e->MinY > street->MaxY;
      if (record->outside)
        {
          if (imp->n_outside++ == 0)
            imp->outside = *e;
          else
            {
              imp->outside.MinX = MIN (imp->outside.MinX, e->MinX);
              imp->outside.MinY = MIN (imp->outside.MinY, e->MinY);
              imp->outside.MaxX = MAX (imp->outside.MaxX, e->MaxX);
              imp->outside.MaxY = MAX (imp->outside.MaxY, e->MaxY);
            }
        }
    }
  g_ptr_array_add (imp->records, record);
  return imp->no_communities || write_record (imp, record, error);
}

/* The tables an import of @target writes many rows into: their spatial
 * indexes are filled once at the end. Grids bring their generated lots. */
static GwGeometryTables
suspended_tables (GwImportTarget target)
{
  switch (target)
    {
    case GW_IMPORT_GRIDS:
      return GW_GEOMETRY_GRIDS | GW_GEOMETRY_LOTS;
    case GW_IMPORT_LOTS:
      return GW_GEOMETRY_LOTS;
    case GW_IMPORT_BUILDINGS:
      return GW_GEOMETRY_BUILDINGS;
    case GW_IMPORT_ROADS:
      return GW_GEOMETRY_ROADS;
    case GW_IMPORT_CASES:
      return GW_GEOMETRY_CASES;
    case GW_IMPORT_HOUSEHOLDS:
    case GW_IMPORT_RESIDENTS:
    case GW_IMPORT_WORKERS:
    default:
      return 0;
    }
}

gboolean
gw_import_run (GwStore                *store,
               const char             *file,
               const GwImportOptions  *options,
               GwImportReport        **report_out,
               GCancellable           *cancellable,
               GwImportProgress        progress,
               gpointer                user_data,
               GError                **error)
{
  g_autoptr (GwImportReport) report = g_new0 (GwImportReport, 1);
  g_autofree int *source_index = NULL;
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (record_free);
  g_autoptr (GPtrArray) field_names = g_ptr_array_new_with_free_func (g_free);
  Import imp = { 0 };
  GDALDatasetH ds = NULL;
  OGRLayerH layer;
  OGRFeatureDefnH defn;
  OGRCoordinateTransformationH transform = NULL;
  Reader reader = { 0 };
  GIntBig n_total;
  guint64 n_done = 0;
  gboolean gdal_decodes = FALSE, ok = FALSE;
  int lon_index = -1, lat_index = -1;
  const char *lon_name = NULL, *lat_name = NULL;
  const char *header_hint = "";
  GwImportTarget target;

  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (file != NULL && options != NULL, FALSE);
  target = options->target;
  g_return_val_if_fail (target < G_N_ELEMENTS (targets), FALSE);

  gw_io_init ();
  CPLPushErrorHandler (CPLQuietErrorHandler);
  report->file = g_strdup (file);
  report->lines = g_ptr_array_new_with_free_func (g_free);
  report->mapping = g_ptr_array_new_with_free_func (g_free);
  imp.store = store;
  imp.options = options;
  imp.report = report;
  imp.fields = targets[target].fields;
  imp.n_fields = n_fields_of (target);
  imp.records = records;
  imp.areas = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, area_index_free);
  imp.writer = gw_writer_new (store);
  imp.lookups = gw_import_store_new (store);
  imp.new_grids = g_array_new (FALSE, FALSE, sizeof (gint64));
  imp.seen = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, NULL);
  imp.outside_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  imp.beyond_lines = g_array_new (FALSE, FALSE, sizeof (guint));

  if (progress != NULL)
    progress (_("Reading"), 0.0, user_data);
  ds = open_dataset (file, options->encoding, &gdal_decodes, error);
  if (ds == NULL)
    goto out;
  if (options->encoding != NULL && !gdal_decodes)
    imp.encoding = options->encoding;
  imp.spreadsheet = is_spreadsheet (ds);

  layer = options->source_layer != NULL ? GDALDatasetGetLayerByName (ds, options->source_layer)
                                        : GDALDatasetGetLayer (ds, 0);
  if (layer == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   options->source_layer != NULL ? _("%s: has no layer “%s”") : _("%s: has no layer%s"),
                   file, options->source_layer != NULL ? options->source_layer : "");
      goto out;
    }
  report->layer = g_strdup (OGR_L_GetName (layer));
  defn = OGR_L_GetLayerDefn (layer);

  /* Field mapping: explicit --map first, then the guesses. */
  for (int i = 0; i < OGR_FD_GetFieldCount (defn); i++)
    g_ptr_array_add (field_names, g_strdup (OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, i))));
  g_ptr_array_add (field_names, NULL);
  /* GDAL names columns without a header cell "Field2": in a sheet that is
   * a merged or multi-row header, which users should be told about. */
  for (guint i = 0; field_names->pdata[i] != NULL; i++)
    {
      const char *name = field_names->pdata[i];

      if (g_str_has_prefix (name, "Field") && name[5] != '\0' && strspn (name + 5, "0123456789") == strlen (name + 5))
        header_hint = _(". The header row looks incomplete (empty or merged header cells?): keep a single "
                        "header row with one name per column");
    }
  source_index = g_new (int, imp.n_fields);
  imp.source_index = source_index;
  for (guint f = 0; f < imp.n_fields; f++)
    {
      const char *name = options->map != NULL ? g_hash_table_lookup (options->map, imp.fields[f].field) : NULL;

      if (name == NULL)
        name = gw_import_guess_field (target, imp.fields[f].field,
                                      (const char * const *) field_names->pdata);
      source_index[f] = name != NULL ? OGR_FD_GetFieldIndex (defn, name) : -1;
      if (name != NULL && source_index[f] < 0)
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("%s: has no field “%s” (mapped to %s)"), file, name, imp.fields[f].field);
          goto out;
        }
      if (source_index[f] < 0 && imp.fields[f].required)
        {
          g_autofree char *names = g_strjoinv (", ", (char **) field_names->pdata);

          /* How to choose one is the caller's to say, in its own terms. */
          report->missing_field = g_strdup (imp.fields[f].field);
          g_set_error (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_UNMAPPED_FIELD,
                       _("%s: no field for the %s of %s (fields: %s)%s"),
                       file, imp.fields[f].field, targets[target].name,
                       *names != '\0' ? names : _("none"), header_hint);
          goto out;
        }
      if (source_index[f] >= 0)
        g_ptr_array_add (report->mapping, g_strdup_printf ("%s ← %s", imp.fields[f].field, name));
    }

  /* Points from lon/lat columns (CSV, XLSX, plain tables). */
  if (targets[target].shape != SHAPE_NONE && OGR_L_GetGeomType (layer) == wkbNone)
    {
      static const char *const lon_names[] = { "lon", "lng", "longitude", "x", "经度", "东经", NULL };
      static const char *const lat_names[] = { "lat", "latitude", "y", "纬度", "北纬", NULL };

      lon_index = find_field (defn, lon_names);
      lat_index = find_field (defn, lat_names);
      if (targets[target].shape != SHAPE_POINT || lon_index < 0 || lat_index < 0)
        {
          g_autofree char *names = g_strjoinv (", ", (char **) field_names->pdata);

          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("%s: has no geometry and no longitude/latitude columns (经度/纬度, lon/lat) "
                         "for %s (fields: %s)%s"), file, targets[target].name, names, header_hint);
          goto out;
        }
      lon_name = OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, lon_index));
      lat_name = OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, lat_index));
    }

  /* Source fields with no Gridwork counterpart are kept as extra
   * attributes; the columns our own export derives are not. */
  imp.extra_index = g_array_new (FALSE, FALSE, sizeof (int));
  for (int i = 0; i < OGR_FD_GetFieldCount (defn); i++)
    {
      static const char *const derived[] = {
        "id", "fid", "objectid", "community", "grid", "households", "workers", "open_cases",
        "birth_year", "wkt", "lon", "lat", NULL
      };
      g_autofree char *folded = g_utf8_strdown (OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, i)), -1);
      gboolean used = i == lon_index || i == lat_index
                      || g_strv_contains ((const char * const *) derived, folded);

      for (guint f = 0; f < imp.n_fields && !used; f++)
        used = source_index[f] == i;
      if (!used)
        g_array_append_val (imp.extra_index, i);
    }

  if (targets[target].shape != SHAPE_NONE
      && !resolve_srs (&imp, layer, file, &transform, error))
    goto out;

  /* Writing, also for a dry run: the database answers the checks that need
   * it (in which community, duplicate codes), then everything is undone. */
  if (!gw_writer_begin_load (imp.writer, GW_WRITER_LOAD_DEFAULT, suspended_tables (target), error))
    goto out;
  imp.has_communities = gw_import_store_has_communities (imp.lookups);
  /* Before anything is written: the grids imported are not the street. */
  imp.have_street = targets[target].shape != SHAPE_NONE && load_street_box (&imp, &imp.street);
  imp.no_communities = targets[target].shape == SHAPE_POLYGON && target != GW_IMPORT_BUILDINGS
                       && !imp.has_communities;

  reader.imp = &imp;
  reader.file = file;
  reader.layer = layer;
  reader.transform = transform;
  reader.lon_index = lon_index;
  reader.lat_index = lat_index;
  reader.lon_name = lon_name;
  reader.lat_name = lat_name;
  reader.n_total = n_total = OGR_L_GetFeatureCount (layer, FALSE);
  reader.cancellable = cancellable;
  reader.queue = g_async_queue_new ();
  OGR_L_ResetReading (layer);
  reader.thread = g_thread_new ("gw-import-reader", reader_thread, &reader);
  for (;;)
    {
      GPtrArray *batch = g_async_queue_pop (reader.queue);
      gboolean end = batch->len == 0;

      for (guint i = 0; i < batch->len; i++)
        {
          Record *record = g_steal_pointer (&batch->pdata[i]);

          n_done++;
          if (!take_record (&imp, record, error))
            {
              for (guint k = i + 1; k < batch->len; k++)
                record_free (batch->pdata[k]);
              g_ptr_array_unref (batch);
              goto out;
            }
        }
      g_ptr_array_unref (batch);
      if (end)
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (progress != NULL && n_total > 0)
        progress (_("Reading"), 0.5 * MIN (n_done, (guint64) n_total) / n_total, user_data);
    }
  g_thread_join (g_steal_pointer (&reader.thread));
  report->n_read = reader.n_read;
  if (reader.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&reader.error));
      goto out;
    }

  if (report->n_read == 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s: layer “%s” has no features"), file, report->layer);
      goto out;
    }
  if (imp.n_garbled > 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s: %u text values look garbled (e.g. %s): the file is probably in another "
                     "encoding; try --encoding GBK"), file, imp.n_garbled, imp.garbled_example);
      goto out;
    }
  if (imp.have_extent)
    {
      report->has_extent = TRUE;
      report->min_lon = imp.out.MinX;
      report->min_lat = imp.out.MinY;
      report->max_lon = imp.out.MaxX;
      report->max_lat = imp.out.MaxY;
    }
  if (!check_extent (&imp, file, error))
    goto out;
  if (!check_elsewhere (&imp, file, error))
    goto out;
  if (imp.no_communities)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s: the database has no communities to put %s in"), file, targets[target].name);
      goto out;
    }

  if (progress != NULL)
    progress (_("Writing"), 0.5, user_data);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  if (!generate_lots (&imp, error))
    goto out;
  if (progress != NULL)
    progress (_("Writing"), 0.9, user_data);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  if (report->n_rejected > 0 && !options->skip_rejected)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s: %u feature was rejected (see the report); nothing was imported",
                                "%s: %u features were rejected (see the report); nothing was imported",
                                report->n_rejected),
                   file, report->n_rejected);
      goto out;
    }
  if (report->n_imported == 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s: no feature could be imported"), file);
      goto out;
    }
  /* A dry run is checked like an import (the spatial indexes and the
   * geometries too), then rolled back. */
  if (!gw_writer_finish_load (imp.writer, !options->dry_run, error))
    goto out;
  report->committed = !options->dry_run;
  ok = TRUE;
  if (progress != NULL && report->committed)
    progress (_("Done"), 1.0, user_data);

out:
  reader_finish (&reader);
  g_clear_error (&reader.error);
  g_clear_pointer (&reader.queue, g_async_queue_unref);
  /* Rolls back whatever was not finished. */
  g_clear_pointer (&imp.writer, gw_writer_free);
  if (!report->committed)
    {
      report->n_imported = ok ? report->n_imported : 0;
      report->n_lots_generated = ok ? report->n_lots_generated : 0;
    }
  g_free (imp.garbled_example);
  g_clear_pointer (&imp.extra_index, g_array_unref);
  g_clear_pointer (&imp.areas, g_hash_table_unref);
  g_clear_pointer (&imp.boxes, g_hash_table_unref);
  g_clear_pointer (&imp.lookups, gw_import_store_free);
  g_clear_pointer (&imp.seen, g_hash_table_unref);
  g_clear_pointer (&imp.new_grids, g_array_unref);
  g_clear_pointer (&imp.outside_lines, g_array_unref);
  g_clear_pointer (&imp.beyond_lines, g_array_unref);
  if (transform != NULL)
    OCTDestroyCoordinateTransformation (transform);
  if (ds != NULL)
    GDALClose (ds);
  CPLPopErrorHandler ();
  if (report_out != NULL)
    *report_out = g_steal_pointer (&report);
  return ok;
}

char **
gw_import_target_fields (GwImportTarget target)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **fields;

  g_return_val_if_fail (target < G_N_ELEMENTS (targets), NULL);
  for (const FieldSpec *f = targets[target].fields; f->field != NULL; f++)
    g_strv_builder_add (builder, f->field);
  fields = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return fields;
}

gboolean
gw_import_field_is_required (GwImportTarget  target,
                             const char     *gridwork_field)
{
  g_return_val_if_fail (target < G_N_ELEMENTS (targets), FALSE);
  for (const FieldSpec *f = targets[target].fields; f->field != NULL; f++)
    if (g_strcmp0 (f->field, gridwork_field) == 0)
      return f->required;
  return FALSE;
}

static void
layer_info_free (gpointer data)
{
  GwImportLayerInfo *info = data;

  g_free (info->name);
  g_free (info->geometry);
  g_free (info->srs);
  g_strfreev (info->fields);
  g_free (info);
}

void
gw_import_probe_free (GwImportProbe *probe)
{
  if (probe == NULL)
    return;
  g_ptr_array_unref (probe->layers);
  g_ptr_array_unref (probe->rows);
  g_ptr_array_unref (probe->shapes);
  g_free (probe->srs_problem);
  g_free (probe);
}

/* Rings, lines and points of @geom (already in EPSG:4490) as flat arrays. */
static void
probe_collect (OGRGeometryH  geom,
               GPtrArray    *shapes)
{
  int n_sub = OGR_G_GetGeometryCount (geom);
  GArray *coords;

  if (n_sub > 0)
    {
      for (int i = 0; i < n_sub; i++)
        probe_collect (OGR_G_GetGeometryRef (geom, i), shapes);
      return;
    }
  coords = g_array_new (FALSE, FALSE, sizeof (double));
  for (int i = 0; i < OGR_G_GetPointCount (geom); i++)
    {
      double xy[2] = { OGR_G_GetX (geom, i), OGR_G_GetY (geom, i) };

      if (isfinite (xy[0]) && isfinite (xy[1]))
        g_array_append_vals (coords, xy, 2);
    }
  if (coords->len > 0)
    g_ptr_array_add (shapes, coords);
  else
    g_array_unref (coords);
}

GwImportProbe *
gw_import_probe (const char  *file,
                 const char  *source_layer,
                 const char  *srs,
                 const char  *encoding,
                 guint        n_rows,
                 GError     **error)
{
  g_autoptr (GwImportProbe) probe = g_new0 (GwImportProbe, 1);
  GwImportOptions options = { .target = GW_IMPORT_CASES, .srs = srs, .encoding = encoding };
  Import imp = { 0 };
  OGRCoordinateTransformationH transform = NULL;
  g_autoptr (GError) srs_error = NULL;
  gboolean gdal_decodes = FALSE, placed;
  GDALDatasetH ds;
  OGRLayerH layer = NULL;
  OGRFeatureDefnH defn;
  OGRFeatureH feature;
  int lon_index = -1, lat_index = -1;

  g_return_val_if_fail (file != NULL, NULL);

  gw_io_init ();
  probe->layers = g_ptr_array_new_with_free_func (layer_info_free);
  probe->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  probe->shapes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  CPLPushErrorHandler (CPLQuietErrorHandler);
  ds = open_dataset (file, encoding, &gdal_decodes, error);
  if (ds == NULL)
    {
      CPLPopErrorHandler ();
      return NULL;
    }
  imp.options = &options;
  if (encoding != NULL && !gdal_decodes)
    imp.encoding = encoding;
  imp.spreadsheet = is_spreadsheet (ds);

  for (int l = 0; l < GDALDatasetGetLayerCount (ds); l++)
    {
      OGRLayerH candidate = GDALDatasetGetLayer (ds, l);
      OGRSpatialReferenceH layer_srs = OGR_L_GetSpatialRef (candidate);
      GwImportLayerInfo *info = g_new0 (GwImportLayerInfo, 1);
      GStrvBuilder *builder = g_strv_builder_new ();

      defn = OGR_L_GetLayerDefn (candidate);
      info->name = g_strdup (OGR_L_GetName (candidate));
      info->geometry = g_strdup (OGRGeometryTypeToName (OGR_L_GetGeomType (candidate)));
      info->srs = layer_srs != NULL ? g_strdup (OSRGetName (layer_srs)) : NULL;
      info->n_features = OGR_L_GetFeatureCount (candidate, FALSE);
      /* Names in an undeclared encoding are shown as best they can be;
       * the garbled-text check of the import then suggests the encoding. */
      for (int i = 0; i < OGR_FD_GetFieldCount (defn); i++)
        {
          const char *raw = OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, i));
          g_autofree char *name = g_utf8_make_valid (raw, -1);

          g_strv_builder_add (builder, name);
        }
      info->fields = g_strv_builder_end (builder);
      g_strv_builder_unref (builder);
      if ((source_layer == NULL && l == 0) || g_strcmp0 (source_layer, info->name) == 0)
        {
          layer = candidate;
          probe->layer = l;
        }
      g_ptr_array_add (probe->layers, info);
    }
  if (layer == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   source_layer != NULL ? _("%s: has no layer “%s”") : _("%s: has no layer%s"),
                   file, source_layer != NULL ? source_layer : "");
      GDALClose (ds);
      CPLPopErrorHandler ();
      return NULL;
    }

  defn = OGR_L_GetLayerDefn (layer);
  if (OGR_L_GetGeomType (layer) == wkbNone)
    {
      static const char *const lon_names[] = { "lon", "lng", "longitude", "x", "经度", "东经", NULL };
      static const char *const lat_names[] = { "lat", "latitude", "y", "纬度", "北纬", NULL };

      lon_index = find_field (defn, lon_names);
      lat_index = find_field (defn, lat_names);
    }
  placed = resolve_srs (&imp, layer, file, &transform, &srs_error);
  if (!placed)
    probe->srs_problem = g_strdup (srs_error->message);

  OGR_L_ResetReading (layer);
  for (guint n = 0; n < n_rows && (feature = OGR_L_GetNextFeature (layer)) != NULL; n++)
    {
      int n_fields = OGR_FD_GetFieldCount (defn);
      char **values = g_new0 (char *, n_fields + 1);
      OGRGeometryH geom = OGR_F_GetGeometryRef (feature), owned = NULL;
      double lon, lat;

      for (int i = 0; i < n_fields; i++)
        {
          g_autofree char *text = read_value (&imp, feature, i);

          values[i] = text != NULL ? g_utf8_make_valid (text, -1) : g_strdup ("");
        }
      g_ptr_array_add (probe->rows, values);
      if (geom == NULL && lon_index >= 0 && lat_index >= 0
          && parse_number (values[lon_index], &lon) && parse_number (values[lat_index], &lat))
        {
          owned = OGR_G_CreateGeometry (wkbPoint);
          OGR_G_SetPoint_2D (owned, 0, lon, lat);
        }
      else if (geom != NULL)
        owned = OGR_G_Clone (geom);
      if (owned != NULL && placed)
        {
          gboolean ok = TRUE;

          if (transform != NULL)
            ok = OGR_G_Transform (owned, transform) == OGRERR_NONE;
          if (ok && imp.offset != OFFSET_NONE)
            apply_offset (owned, imp.offset);
          if (ok)
            probe_collect (owned, probe->shapes);
        }
      if (owned != NULL)
        OGR_G_DestroyGeometry (owned);
      OGR_F_Destroy (feature);
    }
  if (transform != NULL)
    OCTDestroyCoordinateTransformation (transform);
  GDALClose (ds);
  CPLPopErrorHandler ();
  return g_steal_pointer (&probe);
}
