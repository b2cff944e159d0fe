/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-render"

#include "config.h"

#include <math.h>

#include "gw-png.h"
#include "gw-render-density.h"

/* ColorBrewer's YlOrRd (Brewer, colorbrewer2.org), five stops. */
static const guint8 ramp[5][3] = {
  { 0xff, 0xff, 0xb2 }, { 0xfe, 0xcc, 0x5c }, { 0xfd, 0x8d, 0x3c },
  { 0xf0, 0x3b, 0x20 }, { 0xbd, 0x00, 0x26 },
};

/* Premultiplied ARGB of @t in 0 … 1. */
static guint32
ramp_pixel (double t)
{
  double at = CLAMP (t, 0, 1) * 4;
  int k = MIN ((int) at, 3);
  double f = at - k;
  double alpha = 0.25 + 0.6 * CLAMP (t, 0, 1);
  guint32 pixel = (guint32) lround (alpha * 255) << 24;

  for (int c = 0; c < 3; c++)
    {
      double v = ramp[k][c] + f * (ramp[k + 1][c] - ramp[k][c]);

      pixel |= (guint32) lround (v * alpha) << (16 - 8 * c);
    }
  return pixel;
}

cairo_surface_t *
gw_render_density_surface (const GwDensityRaster *raster)
{
  cairo_surface_t *surface;
  float top;
  guint8 *data;
  int stride;

  g_return_val_if_fail (raster != NULL, NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) raster->width,
                                        (int) raster->height);
  top = gw_density_raster_max (raster);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (guint r = 0; r < raster->height; r++)
    {
      guint32 *row = (guint32 *) (data + (gsize) r * stride);
      const float *values = raster->values + (gsize) r * raster->width;

      for (guint c = 0; c < raster->width; c++)
        /* Below 2 % of the top reads as nothing: no haze over the street. */
        row[c] = top > 0 && values[c] > 0.02f * top ? ramp_pixel (values[c] / top) : 0;
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

gboolean
gw_render_density_png (const GwDensityRaster  *raster,
                       const char             *path,
                       GError                **error)
{
  cairo_surface_t *surface;
  gboolean ok;

  g_return_val_if_fail (raster != NULL && path != NULL, FALSE);

  surface = gw_render_density_surface (raster);
  ok = gw_png_write (surface, path, 0, error);
  cairo_surface_destroy (surface);
  return ok;
}
