/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-io"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gw-coords.h"
#include "gw-import-private.h"
#include "gw-wkb.h"

/* The reader thread: each feature becomes a Record of text values, extra
 * attributes as JSON, and a geometry checked, moved to CGCS2000 and
 * repaired where it can be. Nothing here touches the report or the
 * database: the writing thread does. */

void
gw_import_record_free (gpointer data)
{
  Record *record = data;

  g_clear_pointer (&record->wkb, g_bytes_unref);
  /* Unmapped fields leave holes: g_strfreev() would stop at the first. */
  for (guint f = 0; record->values != NULL && f < record->n_values; f++)
    g_free (record->values[f]);
  g_free (record->values);
  g_strfreev (record->source);
  g_free (record->extra);
  g_free (record->reason);
  g_free (record);
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

char *
gw_import_read_value (Import       *imp,
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

void
gw_import_apply_offset (OGRGeometryH geom,
                        OffsetKind   offset)
{
  int n_sub = OGR_G_GetGeometryCount (geom);

  if (n_sub > 0)
    {
      for (int i = 0; i < n_sub; i++)
        gw_import_apply_offset (OGR_G_GetGeometryRef (geom, i), offset);
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

gboolean
gw_import_parse_number (const char *text,
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

gboolean
gw_import_in_box (const OGREnvelope *e,
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

/* The feature's geometry, owned: the point of its lon/lat columns or the
 * geometry itself, of the target's kind, linear, 2D, with coordinates that
 * are numbers; NULL when the record is rejected. */
static OGRGeometryH
take_geometry (Import      *imp,
               OGRFeatureH  feature,
               ShapeKind    want,
               Record      *record)
{
  OGRGeometryH geom;
  g_autofree char *reason = NULL;

  if (imp->lon_index >= 0)
    {
      const char *xs = OGR_F_GetFieldAsString (feature, imp->lon_index);
      const char *ys = OGR_F_GetFieldAsString (feature, imp->lat_index);
      double x, y;

      if (!gw_import_parse_number (xs, &x) || !gw_import_parse_number (ys, &y))
        {
          reason = g_strdup_printf (_("non-numeric coordinates “%s”, “%s” in columns %s, %s"),
                                    xs, ys, imp->lon_name, imp->lat_name);
          record_reject (record, reason);
          return NULL;
        }
      geom = OGR_G_CreateGeometry (wkbPoint);
      OGR_G_SetPoint_2D (geom, 0, x, y);
    }
  else
    {
      geom = OGR_F_GetGeometryRef (feature);
      if (geom == NULL || OGR_G_IsEmpty (geom))
        {
          record_reject (record, _("empty geometry"));
          return NULL;
        }
      /* The feature is destroyed next: its geometry is taken, not copied. */
      geom = OGR_F_StealGeometry (feature);
    }

  if (shape_of (OGR_G_GetGeometryType (geom)) != want)
    {
      reason = g_strdup_printf (_("a %s where %s are expected (mixed geometry types)"),
                                OGR_G_GetGeometryName (geom), shape_label (want));
      record_reject (record, reason);
      OGR_G_DestroyGeometry (geom);
      return NULL;
    }
  if (OGR_G_HasCurveGeometry (geom, FALSE))
    {
      OGRGeometryH linear = OGR_G_GetLinearGeometry (geom, 0, NULL);

      OGR_G_DestroyGeometry (geom);
      geom = linear;
    }
  OGR_G_FlattenTo2D (geom);
  reason = bad_coordinate (geom);
  if (reason != NULL)
    {
      record_reject (record, reason);
      OGR_G_DestroyGeometry (geom);
      return NULL;
    }
  return geom;
}

/* One stray longitude or latitude is the feature's problem. When nearly
 * all are out, the file's coordinates are not degrees at all (metres,
 * swapped axes): gw_import_check_extent() says that instead. */
static gboolean
within_degrees (Import       *imp,
                OGRGeometryH  geom,
                Record       *record)
{
  OGREnvelope e;
  g_autofree char *reason = NULL;

  OGR_G_GetEnvelope (geom, &e);
  if (gw_import_in_box (&e, -180, -90, 180, 90))
    return TRUE;
  reason = e.MinX < -180 || e.MaxX > 180
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
  return FALSE;
}

/* Into CGCS2000 lon/lat (and out of GCJ-02 or BD-09), in place; the
 * file's extent before and after. FALSE when the record is rejected. */
static gboolean
to_cgcs2000 (Import                       *imp,
             OGRGeometryH                  geom,
             OGRCoordinateTransformationH  transform,
             Record                       *record)
{
  extend (&imp->raw, geom, !imp->have_extent);
  if (transform != NULL && OGR_G_Transform (geom, transform) != OGRERR_NONE)
    {
      /* PROJ's own text names its internals, not the feature's problem. */
      g_debug ("feature %lld: %s", (long long) record->fid, gw_io_last_gdal_error ("-"));
      record_reject (record, _("its coordinates cannot be transformed to CGCS2000"));
      return FALSE;
    }
  if (imp->offset != OFFSET_NONE)
    gw_import_apply_offset (geom, imp->offset);
  if (transform != NULL || imp->offset != OFFSET_NONE)
    {
      /* Some projections answer points outside their area with infinities
       * instead of an error. */
      g_autofree char *reason = bad_coordinate (geom);

      if (reason != NULL)
        {
          record_reject (record, _("its coordinates cannot be transformed to CGCS2000"));
          return FALSE;
        }
    }
  extend (&imp->out, geom, !imp->have_extent);
  imp->have_extent = TRUE;
  return TRUE;
}

/* An invalid polygon repaired with MakeValid, or NULL when it cannot be
 * (the record is then rejected); @geom is consumed. */
static OGRGeometryH
repair_polygon (OGRGeometryH  geom,
                Record       *record)
{
  OGRGeometryH valid = OGR_G_MakeValid (geom);
  OGRGeometryH parts = valid != NULL ? collect_parts (valid, SHAPE_POLYGON) : NULL;

  if (valid != NULL)
    OGR_G_DestroyGeometry (valid);
  OGR_G_DestroyGeometry (geom);
  if (parts == NULL || OGR_G_IsEmpty (parts) || OGR_G_Area (parts) <= 0)
    {
      record_reject (record, _("invalid polygon (e.g. self-intersecting) that cannot be repaired"));
      if (parts != NULL)
        OGR_G_DestroyGeometry (parts);
      return NULL;
    }
  record->repaired = TRUE;
  return parts;
}

/* The record's WKB (always multi, as the columns are), its box, and a
 * point on its surface to find what holds it. */
static void
store_geometry (OGRGeometryH  geom,
                ShapeKind     want,
                Record       *record)
{
  OGRGeometryH multi;
  guint8 *buf;
  int size;

  if (want == SHAPE_POLYGON)
    multi = collect_parts (geom, SHAPE_POLYGON);
  else if (want == SHAPE_LINE)
    multi = collect_parts (geom, SHAPE_LINE);
  else if (wkbFlatten (OGR_G_GetGeometryType (geom)) == wkbMultiPoint)
    multi = OGR_G_Clone (OGR_G_GetGeometryRef (geom, 0));
  else
    multi = OGR_G_Clone (geom);

  OGR_G_GetEnvelope (multi, &record->env);
  size = OGR_G_WkbSize (multi);
  buf = g_malloc (size);
  OGR_G_ExportToWkb (multi, wkbNDR, buf);
  record->wkb = g_bytes_new_take (buf, size);
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
}

/* Turns one feature's geometry into the Record's: checked, in CGCS2000,
 * repaired where it can be; FALSE when the record is rejected for it (with
 * a reason). Runs in the reader thread: touches no report. */
static gboolean
read_geometry (Import                       *imp,
               OGRFeatureH                   feature,
               OGRCoordinateTransformationH  transform,
               Record                       *record)
{
  ShapeKind want = gw_import_targets[imp->options->target].shape;
  OGRGeometryH geom = take_geometry (imp, feature, want, record);

  if (geom == NULL)
    return FALSE;
  imp->n_geometries++;
  if ((imp->source_geographic && !within_degrees (imp, geom, record))
      || !to_cgcs2000 (imp, geom, transform, record))
    {
      OGR_G_DestroyGeometry (geom);
      return FALSE;
    }
  if (want == SHAPE_POLYGON && !surely_valid_polygon (geom) && !OGR_G_IsValid (geom))
    {
      geom = repair_polygon (geom, record);
      if (geom == NULL)
        return FALSE;
    }
  store_geometry (geom, want, record);
  OGR_G_DestroyGeometry (geom);
  return TRUE;
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

/* GDAL and GEOS (reading, checking, repairing the features) and SQLite
 * (writing them) each take about half of an import: a reader thread turns
 * features into Records while the calling thread writes them, inside the
 * import's transaction. Anything wrong found after writing has begun (a
 * damaged file, garbled text, coordinates outside China) rolls it back, so
 * the database still gets everything or nothing. */
#define READER_BATCH 128

/* A geometry of this many bytes of WKB (~60,000 vertices) or more: what
 * reading it cost is given back at once (gw_io_release_memory()). */
#define HUGE_GEOMETRY_BYTES (1 << 20)

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
  record->n_values = imp->n_fields;
  for (guint f = 0; f < imp->n_fields; f++)
    {
      record->values[f] = gw_import_read_value (imp, feature, imp->source_index[f]);
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
  if (imp->registers)
    {
      int n = OGR_FD_GetFieldCount (defn);

      record->source = g_new0 (char *, n + 1);
      for (int i = 0; i < n; i++)
        record->source[i] = gw_import_read_value (imp, feature, i) ?: g_strdup ("");
    }
  if (imp->extra_index->len > 0)
    {
      GString *json = g_string_new ("{");
      guint n_set = 0;

      for (guint e = 0; e < imp->extra_index->len; e++)
        {
          int index = g_array_index (imp->extra_index, int, e);
          g_autofree char *text = gw_import_read_value (imp, feature, index);
          const char *key;

          if (text == NULL || *text == '\0')
            continue;
          check_length (record, defn, index, text, DESCRIPTION_MAX_CHARS);
          /* Counted for the column's class: a foreign header over ID
           * numbers is still personal data. */
          imp->extra_stats[e].n_filled++;
          switch (gw_field_class_of_value (text))
            {
            case GW_FIELD_ID_NUMBER:
              imp->extra_stats[e].n_id_numbers++;
              break;
            case GW_FIELD_PHONE:
              imp->extra_stats[e].n_phones++;
              break;
            default:
              break;
            }
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
  if (gw_import_targets[imp->options->target].shape != SHAPE_NONE)
    read_geometry (imp, feature, reader->transform, record);
  return record;
}

gpointer
gw_import_reader_thread (gpointer data)
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
      if (record->wkb != NULL && g_bytes_get_size (record->wkb) >= HUGE_GEOMETRY_BYTES)
        gw_io_release_memory ();
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
void
gw_import_reader_finish (Reader *reader)
{
  if (reader->thread == NULL)
    return;
  g_atomic_int_set (&reader->stop, 1);
  for (;;)
    {
      GPtrArray *batch = g_async_queue_pop (reader->queue);
      gboolean end = batch->len == 0;

      for (guint i = 0; i < batch->len; i++)
        gw_import_record_free (batch->pdata[i]);
      g_ptr_array_unref (batch);
      if (end)
        break;
    }
  g_thread_join (g_steal_pointer (&reader->thread));
}
