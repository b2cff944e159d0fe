/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-wkb"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-wkb.h"

/* Nesting deeper than this is not geometry a map draws, only a way to blow
 * the stack with a crafted blob. */
#define MAX_DEPTH 8

typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
  gboolean      to_mercator;
  /* Second pass: where to write; NULL while counting. */
  GwShape      *shape;
  guint         n_points;
  guint         n_rings;
  /* A SpatiaLite BLOB-Geometry rather than WKB: one byte order for all,
   * given in its header. */
  gboolean      spatialite;
  gboolean      blob_big_endian;
} WkbReader;

static gboolean
read_u32 (WkbReader *r,
          gboolean   big_endian,
          guint32   *value)
{
  guint32 v;

  if (r->len - r->pos < 4)
    return FALSE;
  memcpy (&v, r->data + r->pos, 4);
  r->pos += 4;
  *value = big_endian ? GUINT32_FROM_BE (v) : GUINT32_FROM_LE (v);
  return TRUE;
}

static double
read_double_at (const guint8 *p,
                gboolean      big_endian)
{
  guint64 bits;
  double value;

  memcpy (&bits, p, 8);
  bits = big_endian ? GUINT64_FROM_BE (bits) : GUINT64_FROM_LE (bits);
  memcpy (&value, &bits, 8);
  return value;
}

/* Reads @n coordinates of @dims doubles as one ring. */
static gboolean
read_ring (WkbReader *r,
           gboolean   big_endian,
           guint      dims,
           guint32    n)
{
  gsize stride = dims * 8;

  if (n > (r->len - r->pos) / stride)
    return FALSE;

  if (r->shape != NULL)
    {
      GwShape *shape = r->shape;
      const guint8 *p = r->data + r->pos;

      shape->ring_starts[r->n_rings] = r->n_points;
      for (guint32 i = 0; i < n; i++, p += stride)
        {
          double x = read_double_at (p, big_endian);
          double y = read_double_at (p + 8, big_endian);
          GwPoint *pt = &shape->points[r->n_points + i];

          if (r->to_mercator)
            gw_lonlat_to_mercator (x, y, &pt->x, &pt->y);
          else
            {
              pt->x = x;
              pt->y = y;
            }
          gw_bbox_extend (&shape->bbox, pt->x, pt->y);
        }
    }
  else
    {
      /* Only the first pass checks the numbers: the second reads the same. */
      const guint8 *p = r->data + r->pos;

      for (guint32 i = 0; i < n; i++, p += stride)
        {
          double x = read_double_at (p, big_endian);
          double y = read_double_at (p + 8, big_endian);

          if (!isfinite (x) || !isfinite (y))
            return FALSE;
        }
    }

  r->pos += n * stride;
  r->n_points += n;
  r->n_rings++;
  return TRUE;
}

static gboolean
read_geometry (WkbReader *r,
               guint      depth)
{
  gboolean big_endian;
  guint32 type, n;
  guint dims = 2;

  if (depth > MAX_DEPTH || r->len - r->pos < 5)
    return FALSE;

  if (r->spatialite)
    {
      /* The members of a collection start with the entity mark 0x69; the
       * classes of a million and more are compressed: not read here. */
      if (depth > 0 && r->data[r->pos++] != 0x69)
        return FALSE;
      big_endian = r->blob_big_endian;
      if (!read_u32 (r, big_endian, &type) || type >= 1000000)
        return FALSE;
    }
  else
    {
      if (r->data[r->pos] > 1)
        return FALSE;
      big_endian = r->data[r->pos] == 0;
      r->pos++;

      if (!read_u32 (r, big_endian, &type))
        return FALSE;
    }

  /* EWKB flag bits (PostGIS) … */
  if (type & 0x80000000u)
    dims++;
  if (type & 0x40000000u)
    dims++;
  if (type & 0x20000000u)
    {
      guint32 srid;

      if (!read_u32 (r, big_endian, &srid))
        return FALSE;
    }
  type &= 0x0fffffffu;
  /* … and ISO SQL/MM thousands: 1000 Z, 2000 M, 3000 ZM. */
  if (type >= 1000 && type < 4000)
    {
      dims += type / 1000 == 3 ? 2 : 1;
      type %= 1000;
    }

  switch (type)
    {
    case 1: /* Point */
      {
        /* An empty point is NaN coordinates: no ring at all. */
        if (r->len - r->pos < dims * 8)
          return FALSE;
        if (isnan (read_double_at (r->data + r->pos, big_endian)))
          {
            r->pos += dims * 8;
            return TRUE;
          }
        return read_ring (r, big_endian, dims, 1);
      }

    case 2: /* LineString */
      if (!read_u32 (r, big_endian, &n))
        return FALSE;
      return n == 0 || read_ring (r, big_endian, dims, n);

    case 3: /* Polygon */
      if (!read_u32 (r, big_endian, &n))
        return FALSE;
      if (n > (r->len - r->pos) / 4)
        return FALSE;
      for (guint32 i = 0; i < n; i++)
        {
          guint32 n_points;

          if (!read_u32 (r, big_endian, &n_points))
            return FALSE;
          if (n_points > 0 && !read_ring (r, big_endian, dims, n_points))
            return FALSE;
        }
      return TRUE;

    case 4: /* MultiPoint */
    case 5: /* MultiLineString */
    case 6: /* MultiPolygon */
    case 7: /* GeometryCollection */
      if (!read_u32 (r, big_endian, &n))
        return FALSE;
      if (n > (r->len - r->pos) / 5)
        return FALSE;
      for (guint32 i = 0; i < n; i++)
        if (!read_geometry (r, depth + 1))
          return FALSE;
      return TRUE;

    default:
      return FALSE;
    }
}

static gboolean
read_shape (WkbReader *r,
            GwShape   *shape)
{
  gsize start = r->pos;

  /* Count (and validate) first, so the shape gets exact allocations. */
  if (!read_geometry (r, 0))
    return FALSE;

  shape->n_points = r->n_points;
  shape->n_rings = r->n_rings;
  shape->points = g_new (GwPoint, MAX (r->n_points, 1));
  shape->ring_starts = g_new (guint, r->n_rings + 1);

  r->pos = start;
  r->n_points = 0;
  r->n_rings = 0;
  r->shape = shape;
  if (!read_geometry (r, 0))
    {
      /* Cannot happen after the first pass accepted the same bytes. */
      gw_shape_clear (shape);
      return FALSE;
    }
  shape->ring_starts[r->n_rings] = r->n_points;

  return TRUE;
}

gboolean
gw_wkb_read_shape (const guint8 *wkb,
                   gsize         len,
                   gboolean      to_mercator,
                   GwShape      *shape)
{
  WkbReader r = { wkb, len, 0, to_mercator, NULL, 0, 0, FALSE, FALSE };

  g_return_val_if_fail (shape != NULL, FALSE);

  memset (shape, 0, sizeof *shape);
  gw_bbox_init_empty (&shape->bbox);

  return wkb != NULL && read_shape (&r, shape);
}

/* SpatiaLite's BLOB-Geometry encoding ("BLOB-Geometry encoding", the
 * SpatiaLite documentation): 0x00, the byte order (0x01 little endian),
 * the SRID, the box (four doubles), 0x7C, the class and its body as in WKB
 * but without a byte-order byte per member (0x69 marks each), and 0xFE. */
gboolean
gw_wkb_spatialite_readable (const guint8 *blob,
                            gsize         len)
{
  guint32 type;

  if (blob == NULL || len < 44 || blob[0] != 0x00 || blob[1] > 0x01 || blob[38] != 0x7C
      || blob[len - 1] != 0xFE)
    return FALSE;
  memcpy (&type, blob + 39, 4);
  type = blob[1] == 0x00 ? GUINT32_FROM_BE (type) : GUINT32_FROM_LE (type);
  return type < 1000000;
}

gboolean
gw_wkb_read_spatialite (const guint8 *blob,
                        gsize         len,
                        gboolean      to_mercator,
                        GwShape      *shape)
{
  WkbReader r = { blob, len, 39, to_mercator, NULL, 0, 0, TRUE, FALSE };

  g_return_val_if_fail (shape != NULL, FALSE);

  memset (shape, 0, sizeof *shape);
  gw_bbox_init_empty (&shape->bbox);

  if (!gw_wkb_spatialite_readable (blob, len))
    return FALSE;
  r.blob_big_endian = blob[1] == 0x00;
  r.len = len - 1;
  /* All of it, up to the end mark. */
  return read_shape (&r, shape) && r.pos == r.len;
}

/* WKB → SpatiaLite ------------------------------------------------------- */

typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
  GByteArray   *out;
  GwBBox       *bbox;
} Transcoder;

static void
out_u32 (GByteArray *out,
         guint32     value)
{
  value = GUINT32_TO_LE (value);
  g_byte_array_append (out, (const guint8 *) &value, 4);
}

/* @n points of @dims doubles, copied little endian; the box grows. */
static gboolean
transcode_points (Transcoder *t,
                  gboolean    big_endian,
                  guint       dims,
                  guint32     n)
{
  gsize stride = dims * 8;

  if (n > (t->len - t->pos) / stride)
    return FALSE;
  for (guint32 i = 0; i < n; i++)
    for (guint d = 0; d < dims; d++)
      {
        double value = read_double_at (t->data + t->pos, big_endian);
        guint64 bits;

        if (!isfinite (value))
          return FALSE;
        if (d == 0)
          {
            t->bbox->min_x = MIN (t->bbox->min_x, value);
            t->bbox->max_x = MAX (t->bbox->max_x, value);
          }
        else if (d == 1)
          {
            t->bbox->min_y = MIN (t->bbox->min_y, value);
            t->bbox->max_y = MAX (t->bbox->max_y, value);
          }
        memcpy (&bits, &value, 8);
        bits = GUINT64_TO_LE (bits);
        g_byte_array_append (t->out, (const guint8 *) &bits, 8);
        t->pos += 8;
      }
  return TRUE;
}

static gboolean
transcode_u32 (Transcoder *t,
               gboolean    big_endian,
               guint32    *value)
{
  WkbReader r = { t->data, t->len, t->pos, FALSE, NULL, 0, 0, FALSE, FALSE };

  if (!read_u32 (&r, big_endian, value))
    return FALSE;
  t->pos = r.pos;
  return TRUE;
}

static gboolean
transcode_geometry (Transcoder *t,
                    guint       depth)
{
  gboolean big_endian;
  guint32 type, n, base;
  guint dims = 2, extra = 0;

  if (depth > MAX_DEPTH || t->len - t->pos < 5 || t->data[t->pos] > 1)
    return FALSE;
  big_endian = t->data[t->pos++] == 0;
  if (!transcode_u32 (t, big_endian, &type))
    return FALSE;
  if (type & 0x20000000u)
    {
      guint32 srid;

      if (!transcode_u32 (t, big_endian, &srid))
        return FALSE;
    }
  extra = ((type & 0x80000000u) ? 1000 : 0) + ((type & 0x40000000u) ? 2000 : 0);
  type &= 0x0fffffffu;
  if (type >= 1000 && type < 4000)
    {
      extra = type / 1000 * 1000;
      type %= 1000;
    }
  dims += extra == 3000 ? 2 : extra > 0 ? 1 : 0;
  base = type;
  if (depth > 0)
    g_byte_array_append (t->out, (const guint8 *) "\x69", 1);
  out_u32 (t->out, base + extra);

  switch (base)
    {
    case 1: /* Point; an empty one (NaN) has no SpatiaLite form */
      return transcode_points (t, big_endian, dims, 1);
    case 2: /* LineString */
      return transcode_u32 (t, big_endian, &n) && (out_u32 (t->out, n), TRUE)
             && transcode_points (t, big_endian, dims, n);
    case 3: /* Polygon */
      if (!transcode_u32 (t, big_endian, &n) || n > (t->len - t->pos) / 4)
        return FALSE;
      out_u32 (t->out, n);
      for (guint32 i = 0; i < n; i++)
        {
          guint32 n_points;

          if (!transcode_u32 (t, big_endian, &n_points))
            return FALSE;
          out_u32 (t->out, n_points);
          if (!transcode_points (t, big_endian, dims, n_points))
            return FALSE;
        }
      return TRUE;
    case 4: /* MultiPoint */
    case 5: /* MultiLineString */
    case 6: /* MultiPolygon */
    case 7: /* GeometryCollection */
      if (!transcode_u32 (t, big_endian, &n) || n > (t->len - t->pos) / 5)
        return FALSE;
      out_u32 (t->out, n);
      for (guint32 i = 0; i < n; i++)
        if (!transcode_geometry (t, depth + 1))
          return FALSE;
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * gw_wkb_to_spatialite:
 * @srid: the SRID to write in the header
 * @out: where the BLOB-Geometry is written (emptied first)
 * @bbox: (out): the box of the coordinates
 *
 * The same geometry in SpatiaLite's BLOB-Geometry encoding (little endian,
 * uncompressed), as GeomFromWKB() would store it.
 *
 * Returns: %FALSE for WKB this does not take (malformed, empty, not finite):
 *   let SpatiaLite judge it then
 */
gboolean
gw_wkb_to_spatialite (const guint8 *wkb,
                      gsize         len,
                      int           srid,
                      GByteArray   *out,
                      GwBBox       *bbox)
{
  Transcoder t = { wkb, len, 0, out, bbox };
  static const guint8 header[2] = { 0x00, 0x01 };
  guint64 box[4];

  g_return_val_if_fail (out != NULL && bbox != NULL, FALSE);

  g_byte_array_set_size (out, 0);
  gw_bbox_init_empty (bbox);
  if (wkb == NULL)
    return FALSE;
  g_byte_array_append (out, header, 2);
  out_u32 (out, (guint32) srid);
  g_byte_array_set_size (out, 38);       /* the box, written below */
  g_byte_array_append (out, (const guint8 *) "\x7C", 1);
  if (!transcode_geometry (&t, 0) || t.pos != len || gw_bbox_is_empty (bbox))
    return FALSE;
  g_byte_array_append (out, (const guint8 *) "\xFE", 1);
  memcpy (&box[0], &bbox->min_x, 8);
  memcpy (&box[1], &bbox->min_y, 8);
  memcpy (&box[2], &bbox->max_x, 8);
  memcpy (&box[3], &bbox->max_y, 8);
  for (guint i = 0; i < 4; i++)
    box[i] = GUINT64_TO_LE (box[i]);
  memcpy (out->data + 6, box, sizeof box);
  return TRUE;
}

/* Builder ------------------------------------------------------------------ */

typedef enum
{
  BUILD_NONE,
  BUILD_MULTIPOLYGON,
  BUILD_MULTILINESTRING,
  BUILD_POINT,
} BuildKind;

struct _GwWkbBuilder
{
  GByteArray *bytes;
  BuildKind   kind;
  guint       n_parts;         /* polygons or linestrings */
  gsize       polygon_offset;  /* of the current polygon's ring count */
  guint       n_rings;
};

static void
put_u8 (GwWkbBuilder *builder,
        guint8        value)
{
  g_byte_array_append (builder->bytes, &value, 1);
}

static void
put_u32 (GwWkbBuilder *builder,
         guint32       value)
{
  guint32 le = GUINT32_TO_LE (value);

  g_byte_array_append (builder->bytes, (const guint8 *) &le, 4);
}

static void
put_double (GwWkbBuilder *builder,
            double        value)
{
  guint64 bits;

  memcpy (&bits, &value, 8);
  bits = GUINT64_TO_LE (bits);
  g_byte_array_append (builder->bytes, (const guint8 *) &bits, 8);
}

static void
patch_u32 (GwWkbBuilder *builder,
           gsize         offset,
           guint32       value)
{
  guint32 le = GUINT32_TO_LE (value);

  memcpy (builder->bytes->data + offset, &le, 4);
}

static void
put_header (GwWkbBuilder *builder,
            guint32       type)
{
  put_u8 (builder, 1);  /* little endian (NDR) */
  put_u32 (builder, type);
}

GwWkbBuilder *
gw_wkb_builder_new (void)
{
  GwWkbBuilder *builder = g_new0 (GwWkbBuilder, 1);

  builder->bytes = g_byte_array_new ();
  return builder;
}

void
gw_wkb_builder_free (GwWkbBuilder *builder)
{
  if (builder == NULL)
    return;
  g_byte_array_unref (builder->bytes);
  g_free (builder);
}

void
gw_wkb_builder_reset (GwWkbBuilder *builder)
{
  g_return_if_fail (builder != NULL);

  g_byte_array_set_size (builder->bytes, 0);
  builder->kind = BUILD_NONE;
  builder->n_parts = 0;
  builder->n_rings = 0;
  builder->polygon_offset = 0;
}

void
gw_wkb_builder_begin_multipolygon (GwWkbBuilder *builder)
{
  g_return_if_fail (builder != NULL);

  gw_wkb_builder_reset (builder);
  builder->kind = BUILD_MULTIPOLYGON;
  put_header (builder, 6);
  put_u32 (builder, 0);  /* polygons, patched as they come */
}

void
gw_wkb_builder_begin_polygon (GwWkbBuilder *builder)
{
  g_return_if_fail (builder != NULL);
  g_return_if_fail (builder->kind == BUILD_MULTIPOLYGON);

  builder->n_parts++;
  patch_u32 (builder, 5, builder->n_parts);
  put_header (builder, 3);
  builder->polygon_offset = builder->bytes->len;
  builder->n_rings = 0;
  put_u32 (builder, 0);
}

void
gw_wkb_builder_add_ring (GwWkbBuilder  *builder,
                         const GwPoint *points,
                         guint          n_points)
{
  gboolean closed;

  g_return_if_fail (builder != NULL);
  g_return_if_fail (builder->kind == BUILD_MULTIPOLYGON && builder->n_parts > 0);
  g_return_if_fail (points != NULL || n_points == 0);

  if (n_points == 0)
    return;

  closed = n_points > 1 &&
           points[0].x == points[n_points - 1].x &&
           points[0].y == points[n_points - 1].y;

  builder->n_rings++;
  patch_u32 (builder, builder->polygon_offset, builder->n_rings);
  put_u32 (builder, n_points + (closed ? 0 : 1));
  for (guint i = 0; i < n_points; i++)
    {
      put_double (builder, points[i].x);
      put_double (builder, points[i].y);
    }
  if (!closed)
    {
      put_double (builder, points[0].x);
      put_double (builder, points[0].y);
    }
}

void
gw_wkb_builder_begin_multilinestring (GwWkbBuilder *builder)
{
  g_return_if_fail (builder != NULL);

  gw_wkb_builder_reset (builder);
  builder->kind = BUILD_MULTILINESTRING;
  put_header (builder, 5);
  put_u32 (builder, 0);
}

void
gw_wkb_builder_add_linestring (GwWkbBuilder  *builder,
                               const GwPoint *points,
                               guint          n_points)
{
  g_return_if_fail (builder != NULL);
  g_return_if_fail (builder->kind == BUILD_MULTILINESTRING);
  g_return_if_fail (points != NULL || n_points == 0);

  builder->n_parts++;
  patch_u32 (builder, 5, builder->n_parts);
  put_header (builder, 2);
  put_u32 (builder, n_points);
  for (guint i = 0; i < n_points; i++)
    {
      put_double (builder, points[i].x);
      put_double (builder, points[i].y);
    }
}

void
gw_wkb_builder_point (GwWkbBuilder *builder,
                      double        x,
                      double        y)
{
  g_return_if_fail (builder != NULL);

  gw_wkb_builder_reset (builder);
  builder->kind = BUILD_POINT;
  put_header (builder, 1);
  put_double (builder, x);
  put_double (builder, y);
}

const guint8 *
gw_wkb_builder_get_data (GwWkbBuilder *builder,
                         gsize        *len)
{
  g_return_val_if_fail (builder != NULL, NULL);

  if (len != NULL)
    *len = builder->bytes->len;
  return builder->bytes->data;
}
