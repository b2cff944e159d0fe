/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-io"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gw-coords.h"
#include "gw-import.h"
#include "gw-io-private.h"
#include "gw-store-private.h"
#include "gw-util.h"

/* Import of street-office files through GDAL/OGR. Everything is read and
 * checked in memory first (the files are small: a district has ≈21,500
 * buildings), then written in one transaction that is rolled back on any
 * problem, on a dry run and on cancel. */

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

/* Gridwork fields per target, each with the source names it is guessed
 * from (lower case, '|' separated, the first match wins). */
typedef struct
{
  const char *field;
  const char *guesses;
  gboolean    required;
} FieldSpec;

static const FieldSpec grid_fields[] = {
  { "code", "code|grid_code|gridcode|网格编码|网格代码|编码|代码|wgbm", TRUE },
  { "name", "name|grid_name|网格名称|网格名|名称|wgmc", FALSE },
  { NULL },
};
static const FieldSpec lot_fields[] = {
  { "name", "name|lot_name|小区名称|小区|地块名称|名称", FALSE },
  { "kind", "kind|type|类型|地块类型", FALSE },
  { NULL },
};
static const FieldSpec building_fields[] = {
  { "name", "name|building|building_no|building number|bldg_no|楼号|楼栋号|楼栋|楼名|建筑名称|名称", FALSE },
  { "address", "address|addr|地址|门牌|门牌号|门牌地址", FALSE },
  { "use", "use|usage|用途|建筑用途", FALSE },
  { "floors", "floors|floor|storeys|levels|层数|楼层数|地上层数", FALSE },
  { "units", "units|单元数|单元", FALSE },
  { "built_year", "built_year|year|建成年份|建成年代|建设年代|年代", FALSE },
  { NULL },
};
static const FieldSpec road_fields[] = {
  { "name", "name|road_name|道路名称|路名|名称", FALSE },
  { "class", "class|fclass|highway|道路等级|等级", FALSE },
  { NULL },
};
static const FieldSpec household_fields[] = {
  { "head_name", "head|head_name|户主|户主姓名|姓名|name", TRUE },
  { "phone", "phone|tel|telephone|电话|联系电话|手机", FALSE },
  { "hukou", "hukou|户籍|户籍类型|户口类型", FALSE },
  { "dwelling_code", "dwelling_code|dwelling|房屋编码|房屋代码|住房编码|房屋编号", FALSE },
  { "address", "address|addr|地址|住址|门牌地址", FALSE },
  { "room", "room|房号|室号|门牌室号", FALSE },
  { NULL },
};
static const FieldSpec resident_fields[] = {
  { "name", "name|姓名|居民姓名", TRUE },
  { "sex", "sex|gender|性别", FALSE },
  { "birth_date", "birth_date|birthday|birth|出生日期|生日", FALSE },
  { "relation", "relation|与户主关系|关系", FALSE },
  { "id_number", "id_number|idno|id_card|身份证号|身份证号码|公民身份号码", FALSE },
  { "phone", "phone|tel|电话|联系电话|手机", FALSE },
  { "dwelling_code", "dwelling_code|dwelling|房屋编码|房屋代码|住房编码", FALSE },
  { "address", "address|addr|地址|住址", FALSE },
  { "room", "room|房号|室号", FALSE },
  { NULL },
};
static const FieldSpec worker_fields[] = {
  { "name", "name|姓名|网格员|网格员姓名", TRUE },
  { "phone", "phone|tel|电话|联系电话|手机", FALSE },
  { "org", "org|organisation|organization|单位|所属单位|组织", FALSE },
  { NULL },
};
static const FieldSpec case_fields[] = {
  { "code", "code|case_code|案件编号|事件编号|编号", TRUE },
  { "category", "category|类别|大类|事件类别", FALSE },
  { "subcategory", "subcategory|小类|子类", FALSE },
  { "tier", "tier|级别|分级", FALSE },
  { "source", "source|来源|事件来源", FALSE },
  { "status", "status|状态", FALSE },
  { "description", "description|desc|描述|事件描述|内容", FALSE },
  { "reported_at", "reported_at|time|date|上报时间|时间", FALSE },
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
} Record;

static void
record_free (gpointer data)
{
  Record *record = data;

  g_clear_pointer (&record->wkb, g_bytes_unref);
  g_strfreev (record->values);
  g_free (record->extra);
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

/* Turns one feature into a Record, or rejects it (FALSE, with a reason). */
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
          reject (imp, record->fid, reason);
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
          reject (imp, record->fid, _("empty geometry"));
          return FALSE;
        }
      owned = OGR_G_Clone (geom);
      geom = owned;
    }

  if (shape_of (OGR_G_GetGeometryType (geom)) != want)
    {
      g_autofree char *reason =
        g_strdup_printf (_("a %s where %s are expected (mixed geometry types)"),
                         OGR_G_GetGeometryName (geom), shape_label (want));
      reject (imp, record->fid, reason);
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
  extend (&imp->raw, geom, !imp->have_extent);
  if (transform != NULL && OGR_G_Transform (geom, transform) != OGRERR_NONE)
    {
      reject (imp, record->fid, gw_io_last_gdal_error (_("coordinates cannot be transformed")));
      OGR_G_DestroyGeometry (owned);
      return FALSE;
    }
  if (imp->offset != OFFSET_NONE)
    apply_offset (geom, imp->offset);
  extend (&imp->out, geom, !imp->have_extent);
  imp->have_extent = TRUE;

  if (want == SHAPE_POLYGON && !OGR_G_IsValid (geom))
    {
      OGRGeometryH valid = OGR_G_MakeValid (geom);
      OGRGeometryH parts = valid != NULL ? collect_parts (valid, SHAPE_POLYGON) : NULL;

      if (valid != NULL)
        OGR_G_DestroyGeometry (valid);
      if (parts == NULL || OGR_G_IsEmpty (parts) || OGR_G_Area (parts) <= 0)
        {
          reject (imp, record->fid, _("invalid polygon (e.g. self-intersecting) that cannot be repaired"));
          if (parts != NULL)
            OGR_G_DestroyGeometry (parts);
          OGR_G_DestroyGeometry (owned);
          return FALSE;
        }
      imp->report->n_repaired++;
      add_line (imp, _("feature %lld: invalid polygon (self-intersection or bad ring) repaired with MakeValid"),
                (long long) record->fid);
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
    OGR_G_GetEnvelope (multi, &record->env);
  }
  size = OGR_G_WkbSize (multi);
  buf = g_malloc (size);
  OGR_G_ExportToWkb (multi, wkbNDR, buf);
  OGR_G_DestroyGeometry (multi);
  record->wkb = g_bytes_new_take (g_steal_pointer (&buf), size);
  return TRUE;
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

/* Coordinates that cannot be in a Chinese street: explain why in plain words. */
static gboolean
check_extent (Import      *imp,
              const char  *file,
              GError     **error)
{
  const OGREnvelope *r = &imp->raw, *o = &imp->out;
  gboolean raw_degrees = in_box (r, -180, -90, 180, 90);

  if (!imp->have_extent || in_box (o, 73, 3, 136, 54))
    return TRUE;
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

/* Whether @text is one of the space-separated @keys. */
static gboolean
one_of (const char *text,
        const char *keys)
{
  g_auto (GStrv) list = NULL;

  if (text == NULL)
    return FALSE;
  list = g_strsplit (keys, " ", -1);
  return g_strv_contains ((const char * const *) list, text);
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

static gboolean
bind_text (Import       *imp,
           sqlite3_stmt *stmt,
           int           index,
           const char   *text,
           GError      **error)
{
  int rc = text != NULL ? sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT)
                        : sqlite3_bind_null (stmt, index);

  return gw_store_check_bind (imp->store, rc, error);
}

static gboolean
bind_wkb (Import       *imp,
          sqlite3_stmt *stmt,
          int           index,
          Record       *record,
          GError      **error)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (record->wkb, &len);

  return gw_store_check_bind (imp->store,
                              sqlite3_bind_blob (stmt, index, data, len, SQLITE_TRANSIENT),
                              error);
}

/* The id of the polygon of @table that holds the record's point on surface.
 * The R*Tree is queried directly: through the SpatialIndex virtual table
 * the lookup costs several times more, and an import of a district does
 * one per building. 0 when none. */
static gboolean
locate (Import      *imp,
        const char  *table,
        Record      *record,
        gint64      *id,
        gint64      *community_id,
        GError     **error)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT t.id, %s FROM %s AS t WHERE t.id IN (SELECT pkid FROM idx_%s_geom "
    "WHERE xmin <= ?1 AND xmax >= ?1 AND ymin <= ?2 AND ymax >= ?2) "
    "AND ST_Contains (t.geom, MakePoint (?1, ?2, 4490)) = 1 ORDER BY t.id LIMIT 1",
    strcmp (table, "communities") == 0 ? "t.id" : "t.community_id", table, table);
  sqlite3_stmt *stmt = gw_store_prepare_cached (imp->store, sql, error);
  int rc;

  *id = 0;
  if (stmt == NULL
      || !gw_store_check_bind (imp->store, sqlite3_bind_double (stmt, 1, record->px), error)
      || !gw_store_check_bind (imp->store, sqlite3_bind_double (stmt, 2, record->py), error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *id = sqlite3_column_int64 (stmt, 0);
      if (community_id != NULL)
        *community_id = sqlite3_column_int64 (stmt, 1);
    }
  else if (rc != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      gw_store_set_sql_error (imp->store, error, _("Could not locate a feature"));
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Whether a row of @table whose geometry satisfies @predicate (a SpatiaLite
 * function of the stored and the new geometry) exists; @id gets its id.
 * With @same_box only rows whose R*Tree box matches the record's (to the
 * R*Tree's single precision) are tested: how duplicates are found cheaply. */
static gboolean
find_spatial (Import      *imp,
              const char  *table,
              const char  *predicate,
              gboolean     same_box,
              Record      *record,
              gint64      *id,
              GError     **error)
{
  g_autofree char *sql = g_strdup_printf (
    same_box
    ? "SELECT t.id FROM %s AS t WHERE t.id IN (SELECT pkid FROM idx_%s_geom "
      "WHERE xmin BETWEEN ?1 - 1e-4 AND ?1 + 1e-4 AND xmax BETWEEN ?2 - 1e-4 AND ?2 + 1e-4 "
      "AND ymin BETWEEN ?3 - 1e-4 AND ?3 + 1e-4 AND ymax BETWEEN ?4 - 1e-4 AND ?4 + 1e-4) "
      "AND %s (t.geom, GeomFromWKB (?5, 4490)) = 1 ORDER BY t.id LIMIT 1"
    : "SELECT t.id FROM %s AS t WHERE t.id IN (SELECT pkid FROM idx_%s_geom "
      "WHERE xmax >= ?1 AND xmin <= ?2 AND ymax >= ?3 AND ymin <= ?4) "
      "AND %s (t.geom, GeomFromWKB (?5, 4490)) = 1 ORDER BY t.id LIMIT 1",
    table, table, predicate);
  sqlite3_stmt *stmt = gw_store_prepare_cached (imp->store, sql, error);
  int rc;

  *id = 0;
  if (stmt == NULL
      || !gw_store_check_bind (imp->store, sqlite3_bind_double (stmt, 1, record->env.MinX), error)
      || !gw_store_check_bind (imp->store, sqlite3_bind_double (stmt, 2, record->env.MaxX), error)
      || !gw_store_check_bind (imp->store, sqlite3_bind_double (stmt, 3, record->env.MinY), error)
      || !gw_store_check_bind (imp->store, sqlite3_bind_double (stmt, 4, record->env.MaxY), error)
      || !bind_wkb (imp, stmt, 5, record, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (imp->store, error, _("Could not locate a feature"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
step_insert (Import       *imp,
             sqlite3_stmt *stmt,
             Record       *record,
             gboolean     *rejected,
             GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      /* A value the schema refuses (duplicate code, bad length …): the
       * feature's problem, not the import's. */
      g_autofree char *reason = g_strdup_printf (_("refused by the database: %s"),
                                                 sqlite3_errmsg (gw_store_get_db (imp->store)));
      reject (imp, record->fid, reason);
      *rejected = TRUE;
      return TRUE;
    }
  gw_store_set_sql_error (imp->store, error, _("Could not import a feature"));
  return FALSE;
}

static gboolean
has_rows (Import      *imp,
          const char  *sql,
          GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (imp->store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  return rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) > 0;
}

/* Dwelling by its code, or by the building address and room. */
static gboolean
find_dwelling (Import      *imp,
               Record      *record,
               gint64      *dwelling_id,
               GError     **error)
{
  const char *code = value (imp, record, "dwelling_code");
  const char *address = value (imp, record, "address");
  const char *room = value (imp, record, "room");
  sqlite3_stmt *stmt;
  int rc;

  *dwelling_id = 0;
  if (code != NULL)
    {
      stmt = gw_store_prepare_cached (imp->store, "SELECT id FROM dwellings WHERE code = ?", error);
      if (stmt == NULL || !bind_text (imp, stmt, 1, code, error))
        return FALSE;
    }
  else if (address != NULL)
    {
      /* "宁夏路18号" + room "201", or the whole "宁夏路18号201" in one field. */
      stmt = gw_store_prepare_cached (imp->store,
                                      "SELECT d.id FROM dwellings d JOIN buildings b ON b.id = d.building_id "
                                      "WHERE (b.address = ?1 AND d.room = ?2) OR b.address || d.room = ?1 "
                                      "ORDER BY d.id LIMIT 1", error);
      if (stmt == NULL || !bind_text (imp, stmt, 1, address, error)
          || !bind_text (imp, stmt, 2, room, error))
        return FALSE;
    }
  else
    return TRUE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *dwelling_id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (imp->store, error, _("Could not look up a dwelling"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_record (Import   *imp,
              Record   *record,
              GError  **error)
{
  GwImportTarget target = imp->options->target;
  sqlite3_stmt *stmt;
  gboolean rejected = FALSE;
  gint64 id = 0, community_id = 0, row_id = 0;

  switch (target)
    {
    case GW_IMPORT_GRIDS:
      {
        const char *code = value (imp, record, "code");
        const char *name = value (imp, record, "name");

        if (!locate (imp, "communities", record, &community_id, NULL, error))
          return FALSE;
        if (community_id == 0)
          {
            reject (imp, record->fid, _("outside the street: in none of the database's communities"));
            return TRUE;
          }
        if (code == NULL)
          {
            reject (imp, record->fid, _("no grid code"));
            return TRUE;
          }
        stmt = gw_store_prepare_cached (imp->store,
                                        "INSERT INTO grids (community_id, code, name, geom) "
                                        "VALUES (?, ?, ?, GeomFromWKB (?, 4490))", error);
        if (stmt == NULL
            || !gw_store_check_bind (imp->store, sqlite3_bind_int64 (stmt, 1, community_id), error)
            || !bind_text (imp, stmt, 2, code, error)
            || !bind_text (imp, stmt, 3, name != NULL ? name : code, error)
            || !bind_wkb (imp, stmt, 4, record, error)
            || !step_insert (imp, stmt, record, &rejected, error))
          return FALSE;
        if (rejected)
          return TRUE;
        /* A grid comes without lots: one lot equal to the grid keeps the
         * lots tiling it (DESIGN.md "Grid planning"); the planner splits it. */
        id = row_id = sqlite3_last_insert_rowid (gw_store_get_db (imp->store));
        stmt = gw_store_prepare_cached (imp->store,
                                        "INSERT INTO lots (community_id, grid_id, name, kind, geom) "
                                        "SELECT community_id, id, name, 'open', geom FROM grids WHERE id = ?", error);
        if (stmt == NULL
            || !gw_store_check_bind (imp->store, sqlite3_bind_int64 (stmt, 1, id), error))
          return FALSE;
        if (sqlite3_step (stmt) != SQLITE_DONE)
          {
            sqlite3_reset (stmt);
            gw_store_set_sql_error (imp->store, error, _("Could not generate a lot"));
            return FALSE;
          }
        sqlite3_reset (stmt);
        imp->report->n_lots_generated++;
        break;
      }

    case GW_IMPORT_LOTS:
      {
        const char *kind = value (imp, record, "kind");
        gint64 grid_id = 0;

        if (!locate (imp, "grids", record, &grid_id, &community_id, error))
          return FALSE;
        if (grid_id == 0
            && !locate (imp, "communities", record, &community_id, NULL, error))
          return FALSE;
        if (community_id == 0)
          {
            reject (imp, record->fid, _("outside the street: in none of the database's communities"));
            return TRUE;
          }
        stmt = gw_store_prepare_cached (imp->store,
                                        "INSERT INTO lots (community_id, grid_id, name, kind, geom) "
                                        "VALUES (?, ?, ?, ?, GeomFromWKB (?, 4490))", error);
        if (stmt == NULL
            || !gw_store_check_bind (imp->store, sqlite3_bind_int64 (stmt, 1, community_id), error)
            || !gw_store_check_bind (imp->store, grid_id > 0 ? sqlite3_bind_int64 (stmt, 2, grid_id)
                                                             : sqlite3_bind_null (stmt, 2), error)
            || !bind_text (imp, stmt, 3, value (imp, record, "name") ?: "", error)
            || !bind_text (imp, stmt, 4, one_of (kind, "compound shops public open") ? kind
                                                                                                  : "compound", error)
            || !bind_wkb (imp, stmt, 5, record, error)
            || !step_insert (imp, stmt, record, &rejected, error))
          return FALSE;
        break;
      }

    case GW_IMPORT_BUILDINGS:
      {
        gint64 lot_id = 0;
        const char *floors = value (imp, record, "floors");
        const char *units = value (imp, record, "units");
        const char *year = value (imp, record, "built_year");
        const char *use = value (imp, record, "use");

        if (!locate (imp, "lots", record, &lot_id, NULL, error))
          return FALSE;
        if (lot_id == 0)
          {
            reject (imp, record->fid, _("building not in any grid (no lot contains it)"));
            return TRUE;
          }
        if (!find_spatial (imp, "buildings", "ST_Equals", TRUE, record, &id, error))
          return FALSE;
        if (id != 0)
          {
            g_autofree char *reason = g_strdup_printf (_("duplicate of building %lld already in the database"),
                                                       (long long) id);
            reject (imp, record->fid, reason);
            return TRUE;
          }
        stmt = gw_store_prepare_cached (imp->store,
                                        "INSERT INTO buildings (lot_id, name, address, use, floors, units, built_year, geom) "
                                        "VALUES (?, ?, ?, ?, max (1, coalesce (CAST (? AS INTEGER), 1)), "
                                        "max (1, coalesce (CAST (? AS INTEGER), 1)), CAST (? AS INTEGER), "
                                        "GeomFromWKB (?, 4490))", error);
        if (stmt == NULL
            || !gw_store_check_bind (imp->store, sqlite3_bind_int64 (stmt, 1, lot_id), error)
            || !bind_text (imp, stmt, 2, value (imp, record, "name") ?: "", error)
            || !bind_text (imp, stmt, 3, value (imp, record, "address") ?: "", error)
            || !bind_text (imp, stmt, 4, one_of (use, "residential mixed shop public") ? use
                                                                                                 : "residential", error)
            || !bind_text (imp, stmt, 5, floors, error)
            || !bind_text (imp, stmt, 6, units, error)
            || !bind_text (imp, stmt, 7, year, error)
            || !bind_wkb (imp, stmt, 8, record, error)
            || !step_insert (imp, stmt, record, &rejected, error))
          return FALSE;
        break;
      }

    case GW_IMPORT_ROADS:
      {
        const char *klass = value (imp, record, "class");

        if (imp->has_communities)
          {
            if (!find_spatial (imp, "communities", "ST_Intersects", FALSE, record, &id, error))
              return FALSE;
            if (id == 0)
              {
                reject (imp, record->fid, _("outside the street: crosses none of the database's communities"));
                return TRUE;
              }
          }

        stmt = gw_store_prepare_cached (imp->store,
                                        "INSERT INTO roads (name, class, geom) "
                                        "VALUES (?, ?, GeomFromWKB (?, 4490))", error);
        if (stmt == NULL
            || !bind_text (imp, stmt, 1, value (imp, record, "name") ?: "", error)
            || !bind_text (imp, stmt, 2, one_of (klass, "main secondary lane") ? klass
                                                                                              : "lane", error)
            || !bind_wkb (imp, stmt, 3, record, error)
            || !step_insert (imp, stmt, record, &rejected, error))
          return FALSE;
        break;
      }

    case GW_IMPORT_WORKERS:
      stmt = gw_store_prepare_cached (imp->store,
                                      "INSERT INTO workers (name, phone, org) VALUES (?, ?, ?)", error);
      if (stmt == NULL
          || !bind_text (imp, stmt, 1, value (imp, record, "name"), error)
          || !bind_text (imp, stmt, 2, value (imp, record, "phone") ?: "", error)
          || !bind_text (imp, stmt, 3, value (imp, record, "org") ?: "", error)
          || !step_insert (imp, stmt, record, &rejected, error))
        return FALSE;
      break;

    case GW_IMPORT_HOUSEHOLDS:
      {
        const char *hukou = value (imp, record, "hukou");

        if (!find_dwelling (imp, record, &id, error))
          return FALSE;
        if (id == 0)
          {
            reject (imp, record->fid, _("its dwelling code or address matches no dwelling"));
            return TRUE;
          }
        stmt = gw_store_prepare_cached (imp->store,
                                        "INSERT INTO households (dwelling_id, head_name, phone, hukou) "
                                        "VALUES (?, ?, ?, ?)", error);
        if (stmt == NULL
            || !gw_store_check_bind (imp->store, sqlite3_bind_int64 (stmt, 1, id), error)
            || !bind_text (imp, stmt, 2, value (imp, record, "head_name"), error)
            || !bind_text (imp, stmt, 3, value (imp, record, "phone"), error)
            || !bind_text (imp, stmt, 4, key_of (hukou, hukou_keys) ?: "local", error)
            || !step_insert (imp, stmt, record, &rejected, error))
          return FALSE;
        break;
      }

    case GW_IMPORT_RESIDENTS:
      {
        const char *id_number = value (imp, record, "id_number");
        const char *sex = value (imp, record, "sex");
        const char *birth = value (imp, record, "birth_date");
        g_autofree char *birth_from_id = NULL;
        const char *sex_code = NULL;
        gint64 household_id = 0;

        if (!find_dwelling (imp, record, &id, error))
          return FALSE;
        if (id > 0)
          {
            stmt = gw_store_prepare_cached (imp->store,
                                            "SELECT id FROM households WHERE dwelling_id = ? ORDER BY id LIMIT 1",
                                            error);
            if (stmt == NULL || !gw_store_check_bind (imp->store, sqlite3_bind_int64 (stmt, 1, id), error))
              return FALSE;
            if (sqlite3_step (stmt) == SQLITE_ROW)
              household_id = sqlite3_column_int64 (stmt, 0);
            sqlite3_reset (stmt);
          }
        if (household_id == 0)
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
        stmt = gw_store_prepare_cached (imp->store,
                                        "INSERT INTO residents (household_id, name, sex, birth_date, relation, "
                                        "id_number, phone) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
        if (stmt == NULL
            || !gw_store_check_bind (imp->store, sqlite3_bind_int64 (stmt, 1, household_id), error)
            || !bind_text (imp, stmt, 2, value (imp, record, "name"), error)
            || !bind_text (imp, stmt, 3, sex_code, error)
            || !bind_text (imp, stmt, 4, birth, error)
            || !bind_text (imp, stmt, 5, key_of (value (imp, record, "relation"), relation_keys) ?: "other", error)
            || !bind_text (imp, stmt, 6, id_number, error)
            || !bind_text (imp, stmt, 7, value (imp, record, "phone"), error)
            || !step_insert (imp, stmt, record, &rejected, error))
          return FALSE;
        break;
      }

    case GW_IMPORT_CASES:
      {
        gint64 grid_id = 0;
        const char *tier = value (imp, record, "tier");
        g_autoptr (GDateTime) now = gw_now ();
        g_autofree char *now_text = gw_format_timestamp (now);

        if (!locate (imp, "grids", record, &grid_id, NULL, error))
          return FALSE;
        if (grid_id == 0)
          {
            reject (imp, record->fid, _("outside the street: in no grid"));
            return TRUE;
          }
        stmt = gw_store_prepare_cached (imp->store,
                                        "INSERT INTO cases (code, grid_id, category, subcategory, tier, source, "
                                        "status, description, reported_at, geom) "
                                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, GeomFromWKB (?, 4490))", error);
        if (stmt == NULL
            || !bind_text (imp, stmt, 1, value (imp, record, "code"), error)
            || !gw_store_check_bind (imp->store, sqlite3_bind_int64 (stmt, 2, grid_id), error)
            || !bind_text (imp, stmt, 3, value (imp, record, "category") ?: "living_environment", error)
            || !bind_text (imp, stmt, 4, value (imp, record, "subcategory") ?: "", error)
            || !bind_text (imp, stmt, 5, tier != NULL && strlen (tier) == 1 && strchr ("ABC", tier[0]) ? tier
                                                                                                        : "B", error)
            || !bind_text (imp, stmt, 6, value (imp, record, "source") ?: "walk_in", error)
            || !bind_text (imp, stmt, 7, value (imp, record, "status") ?: "registered", error)
            || !bind_text (imp, stmt, 8, value (imp, record, "description") ?: "", error)
            || !bind_text (imp, stmt, 9, value (imp, record, "reported_at") ?: now_text, error)
            || !bind_wkb (imp, stmt, 10, record, error)
            || !step_insert (imp, stmt, record, &rejected, error))
          return FALSE;
        break;
      }

    default:
      g_assert_not_reached ();
    }
  if (target != GW_IMPORT_GRIDS)
    row_id = sqlite3_last_insert_rowid (gw_store_get_db (imp->store));
  if (rejected)
    return TRUE;
  imp->report->n_imported++;
  if (record->extra != NULL)
    {
      static const char *const tables[] = {
        [GW_IMPORT_GRIDS] = "grids", [GW_IMPORT_LOTS] = "lots", [GW_IMPORT_BUILDINGS] = "buildings",
        [GW_IMPORT_ROADS] = "roads", [GW_IMPORT_HOUSEHOLDS] = "households",
        [GW_IMPORT_RESIDENTS] = "residents", [GW_IMPORT_WORKERS] = "workers", [GW_IMPORT_CASES] = "cases",
      };
      g_autofree char *sql = g_strdup_printf ("UPDATE %s SET extra = ? WHERE id = ?", tables[target]);

      stmt = gw_store_prepare_cached (imp->store, sql, error);
      if (stmt == NULL
          || !bind_text (imp, stmt, 1, record->extra, error)
          || !gw_store_check_bind (imp->store, sqlite3_bind_int64 (stmt, 2, row_id), error))
        return FALSE;
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sqlite3_reset (stmt);
          gw_store_set_sql_error (imp->store, error, _("Could not keep the extra attributes"));
          return FALSE;
        }
      sqlite3_reset (stmt);
    }
  return TRUE;
}

/* Duplicates inside the file: same geometry (layers) or same values (tables). */
static void
reject_duplicates (Import *imp)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint i = 0;

  while (i < imp->records->len)
    {
      Record *record = imp->records->pdata[i];
      GString *key = g_string_new (NULL);
      gpointer first;

      if (record->wkb != NULL)
        {
          gsize len;
          const guint8 *data = g_bytes_get_data (record->wkb, &len);
          g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA1, data, len);

          g_string_append (key, sum);
        }
      else
        for (guint f = 0; f < imp->n_fields; f++)
          g_string_append_printf (key, "%s\x1f", record->values[f] ?: "");
      if (imp->options->target == GW_IMPORT_GRIDS && value (imp, record, "code") != NULL)
        g_string_printf (key, "code:%s", value (imp, record, "code"));

      if (g_hash_table_lookup_extended (seen, key->str, NULL, &first))
        {
          g_autofree char *reason = g_strdup_printf (_("duplicate of feature %lld"),
                                                     (long long) GPOINTER_TO_SIZE (first));
          reject (imp, record->fid, reason);
          g_ptr_array_remove_index (imp->records, i);
          g_string_free (key, TRUE);
          continue;
        }
      g_hash_table_insert (seen, g_string_free (key, FALSE), GSIZE_TO_POINTER ((gsize) record->fid));
      i++;
    }
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
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("%s: its coordinate system cannot be transformed to CGCS2000: %s"), file,
                       gw_io_last_gdal_error (_("unknown reason")));
          OSRDestroySpatialReference (source);
          OSRDestroySpatialReference (target);
          return FALSE;
        }
    }
  OSRDestroySpatialReference (source);
  OSRDestroySpatialReference (target);
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
  CPLErrorReset ();
  ds = GDALOpenEx (file, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  if (ds == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s: cannot be read as a vector file: %s"), file,
                   gw_io_last_gdal_error (_("unknown format or missing companion files (.shx, .dbf)")));
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
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("%s: cannot be read with encoding %s: %s"), file, encoding,
                       gw_io_last_gdal_error (_("unknown reason")));
          return NULL;
        }
      *gdal_decodes = TRUE;
    }
  return ds;
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
  OGRFeatureH feature;
  GIntBig n_total;
  gboolean gdal_decodes = FALSE, ok = FALSE, in_transaction = FALSE;
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

  if (progress != NULL)
    progress (_("Reading"), 0.0, user_data);
  ds = open_dataset (file, options->encoding, &gdal_decodes, error);
  if (ds == NULL)
    goto out;
  if (options->encoding != NULL && !gdal_decodes)
    imp.encoding = options->encoding;

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

          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("%s: no field for the %s of %s (fields: %s); map one with --map %s=FIELD%s"),
                       file, imp.fields[f].field, targets[target].name,
                       *names != '\0' ? names : _("none"), imp.fields[f].field, header_hint);
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

  n_total = OGR_L_GetFeatureCount (layer, FALSE);
  OGR_L_ResetReading (layer);
  CPLErrorReset ();
  while ((feature = OGR_L_GetNextFeature (layer)) != NULL)
    {
      Record *record = g_new0 (Record, 1);
      gboolean keep = TRUE;
      GIntBig fid;

      record->fid = fid = OGR_F_GetFID (feature);
      report->n_read++;
      record->values = g_new0 (char *, imp.n_fields + 1);
      for (guint f = 0; f < imp.n_fields; f++)
        {
          record->values[f] = read_value (&imp, feature, source_index[f]);
          if (record->values[f] != NULL && looks_garbled (record->values[f]))
            {
              if (imp.n_garbled++ == 0)
                {
                  g_autofree char *shown = g_utf8_make_valid (record->values[f], -1);

                  imp.garbled_example = g_strdup_printf (_("feature %lld, %s “%s”"), (long long) record->fid,
                                                         imp.fields[f].field, shown);
                }
            }
        }
      if (imp.extra_index->len > 0)
        {
          GString *json = g_string_new ("{");
          guint n_set = 0;

          for (guint e = 0; e < imp.extra_index->len; e++)
            {
              int index = g_array_index (imp.extra_index, int, e);
              g_autofree char *text = read_value (&imp, feature, index);

              if (text == NULL || *text == '\0')
                continue;
              if (looks_garbled (text) && imp.n_garbled++ == 0)
                {
                  g_autofree char *shown = g_utf8_make_valid (text, -1);

                  imp.garbled_example = g_strdup_printf (_("feature %lld, %s “%s”"), (long long) fid,
                                                         OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, index)),
                                                         shown);
                }
              if (n_set++ > 0)
                g_string_append_c (json, ',');
              append_json_string (json, OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, index)));
              g_string_append_c (json, ':');
              append_json_string (json, g_utf8_validate (text, -1, NULL) ? text : "");
            }
          g_string_append_c (json, '}');
          record->extra = n_set > 0 ? g_string_free (json, FALSE) : (g_string_free (json, TRUE), NULL);
        }
      if (targets[target].shape != SHAPE_NONE)
        keep = read_geometry (&imp, feature, transform, lon_index, lat_index, lon_name, lat_name, record);
      OGR_F_Destroy (feature);
      if (keep)
        g_ptr_array_add (records, record);
      else
        record_free (record);

      if (CPLGetLastErrorType () >= CE_Failure)
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("%s: damaged at feature %lld: %s"), file, (long long) fid,
                       gw_io_last_gdal_error (_("read error")));
          goto out;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (progress != NULL && n_total > 0 && report->n_read % 256 == 0)
        progress (_("Reading"), 0.5 * report->n_read / n_total, user_data);
    }
  /* A truncated file can end the loop early with an error set. */
  if (CPLGetLastErrorType () >= CE_Failure)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s: damaged after feature %u: %s"), file, report->n_read,
                   gw_io_last_gdal_error (_("read error")));
      goto out;
    }
  if (n_total > 0 && report->n_read < (guint64) n_total)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s: damaged: %u of its %lld features could be read"), file, report->n_read,
                   (long long) n_total);
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
  if (!check_extent (&imp, file, error))
    goto out;
  reject_duplicates (&imp);

  /* Writing, also for a dry run: the database answers the checks that need
   * it (in which community, duplicate codes), then everything is undone. */
  if (!gw_store_begin (store, error))
    goto out;
  in_transaction = TRUE;
  imp.has_communities = has_rows (&imp, "SELECT count(*) FROM communities", NULL);
  if (targets[target].shape == SHAPE_POLYGON && target != GW_IMPORT_BUILDINGS
      && !imp.has_communities)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s: the database has no communities to put %s in"), file, targets[target].name);
      goto out;
    }
  for (guint i = 0; i < records->len; i++)
    {
      if (!write_record (&imp, records->pdata[i], error))
        goto out;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (progress != NULL && i % 256 == 0)
        progress (_("Writing"), 0.5 + 0.5 * i / records->len, user_data);
    }

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
  if (options->dry_run)
    {
      gw_store_rollback (store);
      in_transaction = FALSE;
      ok = TRUE;
      goto out;
    }
  if (!gw_store_commit (store, error))
    goto out;
  in_transaction = FALSE;
  report->committed = TRUE;
  ok = TRUE;
  if (progress != NULL)
    progress (_("Done"), 1.0, user_data);

out:
  if (in_transaction)
    gw_store_rollback (store);
  if (!report->committed)
    {
      report->n_imported = ok ? report->n_imported : 0;
      report->n_lots_generated = ok ? report->n_lots_generated : 0;
    }
  g_free (imp.garbled_example);
  g_clear_pointer (&imp.extra_index, g_array_unref);
  if (transform != NULL)
    OCTDestroyCoordinateTransformation (transform);
  if (ds != NULL)
    GDALClose (ds);
  CPLPopErrorHandler ();
  if (report_out != NULL)
    *report_out = g_steal_pointer (&report);
  return ok;
}
