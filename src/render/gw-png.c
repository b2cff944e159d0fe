/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-render"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libdeflate.h>
#include <math.h>
#include <string.h>

#include "gw-png.h"

/* PNG as the W3C's "Portable Network Graphics (PNG) Specification (Second
 * Edition)" defines it: signature, IHDR, pHYs, one IDAT holding one zlib
 * stream of the filtered rows, IEND; every chunk with its CRC-32. Filter
 * type 0 (None) on every row: at deflate level 1 the filters cost more
 * time than the bytes they save on maps (flat areas, thin lines). */

static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

static void
put_u32 (GByteArray *out,
         guint32     value)
{
  guint8 bytes[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (out, bytes, 4);
}

static void
put_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           gsize         len)
{
  guint32 crc;

  put_u32 (out, (guint32) len);
  g_byte_array_append (out, (const guint8 *) type, 4);
  if (len > 0)
    g_byte_array_append (out, data, len);
  crc = (guint32) libdeflate_crc32 (0, type, 4);
  /* libdeflate_crc32 () of a NULL buffer is 0, not the CRC so far. */
  if (len > 0)
    crc = (guint32) libdeflate_crc32 (crc, data, len);
  put_u32 (out, crc);
}

/* Cairo's pixels are native-endian 32-bit words, premultiplied ARGB (or
 * xRGB); PNG wants bytes R G B (A), not premultiplied. */
static void
row_to_png (const guint32 *pixels,
            int            width,
            gboolean       alpha,
            guint8        *out)
{
  for (int x = 0; x < width; x++)
    {
      guint32 p = pixels[x];
      guint a = p >> 24;
      guint r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

      if (!alpha)
        {
          *out++ = r;
          *out++ = g;
          *out++ = b;
          continue;
        }
      if (a != 0 && a != 255)
        {
          r = (r * 255 + a / 2) / a;
          g = (g * 255 + a / 2) / a;
          b = (b * 255 + a / 2) / a;
        }
      *out++ = r;
      *out++ = g;
      *out++ = b;
      *out++ = a;
    }
}

/* A map drawn on an opaque background needs no alpha channel: a quarter
 * fewer bytes to compress and write. */
static gboolean
all_opaque (const guint8 *data,
            int           width,
            int           height,
            int           stride)
{
  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (const void *) (data + (gsize) stride * y);

      for (int x = 0; x < width; x++)
        if ((row[x] >> 24) != 0xff)
          return FALSE;
    }
  return TRUE;
}

GBytes *
gw_png_encode (cairo_surface_t  *surface,
               double            dpi,
               GError          **error)
{
  cairo_format_t format;
  int width, height, stride;
  gboolean alpha;
  gsize row_len, raw_len, bound, packed_len;
  g_autofree guint8 *raw = NULL;
  g_autofree guint8 *packed = NULL;
  const guint8 *data;
  struct libdeflate_compressor *compressor;
  GByteArray *out;
  guint8 ihdr[13];

  g_return_val_if_fail (surface != NULL, NULL);

  if (cairo_surface_get_type (surface) != CAIRO_SURFACE_TYPE_IMAGE ||
      ((format = cairo_image_surface_get_format (surface)) != CAIRO_FORMAT_RGB24 &&
       format != CAIRO_FORMAT_ARGB32))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Only RGB and RGBA pictures can be written as PNG"));
      return NULL;
    }
  cairo_surface_flush (surface);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  data = cairo_image_surface_get_data (surface);
  alpha = format == CAIRO_FORMAT_ARGB32 && !all_opaque (data, width, height, stride);
  if (width <= 0 || height <= 0 || data == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("An empty picture cannot be written as PNG"));
      return NULL;
    }

  row_len = 1 + (gsize) width * (alpha ? 4 : 3);
  raw_len = row_len * (gsize) height;
  raw = g_malloc (raw_len);
  for (int y = 0; y < height; y++)
    {
      raw[row_len * y] = 0;  /* filter type None */
      row_to_png ((const guint32 *) (const void *) (data + (gsize) stride * y), width, alpha,
                  raw + row_len * y + 1);
    }

  compressor = libdeflate_alloc_compressor (1);
  bound = libdeflate_zlib_compress_bound (compressor, raw_len);
  packed = g_malloc (bound);
  packed_len = libdeflate_zlib_compress (compressor, raw, raw_len, packed, bound);
  libdeflate_free_compressor (compressor);
  g_clear_pointer (&raw, g_free);
  if (packed_len == 0 || packed_len > G_MAXINT32)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The picture is too large to write as PNG"));
      return NULL;
    }

  out = g_byte_array_sized_new (packed_len + 128);
  g_byte_array_append (out, png_signature, sizeof png_signature);
  ihdr[0] = width >> 24; ihdr[1] = width >> 16; ihdr[2] = width >> 8; ihdr[3] = width;
  ihdr[4] = height >> 24; ihdr[5] = height >> 16; ihdr[6] = height >> 8; ihdr[7] = height;
  ihdr[8] = 8;                /* bits per sample */
  ihdr[9] = alpha ? 6 : 2;    /* colour type: RGBA or RGB */
  ihdr[10] = ihdr[11] = ihdr[12] = 0;  /* deflate, adaptive filtering, no interlace */
  put_chunk (out, "IHDR", ihdr, sizeof ihdr);
  if (dpi > 0)
    {
      guint32 per_metre = (guint32) lround (dpi / 0.0254);
      guint8 phys[9] = { per_metre >> 24, per_metre >> 16, per_metre >> 8, per_metre,
                         per_metre >> 24, per_metre >> 16, per_metre >> 8, per_metre, 1 };

      put_chunk (out, "pHYs", phys, sizeof phys);
    }
  put_chunk (out, "IDAT", packed, packed_len);
  put_chunk (out, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (out);
}

gboolean
gw_png_write (cairo_surface_t  *surface,
              const char       *path,
              double            dpi,
              GError          **error)
{
  g_autoptr (GBytes) png = gw_png_encode (surface, dpi, error);
  g_autoptr (GError) local = NULL;
  gsize len;
  const char *bytes;

  if (png == NULL)
    return FALSE;
  bytes = g_bytes_get_data (png, &len);
  if (!g_file_set_contents_full (path, bytes, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                 &local))
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local->code),
                   _("Could not write “%s”: %s"), path, local->message);
      return FALSE;
    }
  return TRUE;
}
