/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-io"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include <cpl_conv.h>

#include "gw-io-private.h"
#include "gw-raster.h"

int
gw_gk3_zone_epsg (double lon)
{
  int zone = (int) lround (lon / 3.0);

  return 4513 + CLAMP (zone, 25, 45) - 25;
}

/* One share of the points, on a thread of its own: a transformation is
 * not to be shared between threads, so each share makes its own. */
typedef struct
{
  const double *lonlat;
  double       *xy;
  guint         n;
  int           epsg;
  GError       *error;
} Share;

static gpointer
project_share (gpointer data)
{
  Share *share = data;
  OGRSpatialReferenceH source = gw_io_cgcs2000_new ();
  OGRSpatialReferenceH target = OSRNewSpatialReference (NULL);
  OGRCoordinateTransformationH transform = NULL;
  g_autofree double *x = g_new (double, MAX (share->n, 1));
  g_autofree double *y = g_new (double, MAX (share->n, 1));

  if (OSRImportFromEPSG (target, share->epsg) != OGRERR_NONE)
    {
      g_set_error (&share->error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("EPSG:%d is not a coordinate system PROJ knows"), share->epsg);
      goto out;
    }
  OSRSetAxisMappingStrategy (target, OAMS_TRADITIONAL_GIS_ORDER);
  transform = OCTNewCoordinateTransformation (source, target);
  if (transform == NULL)
    {
      g_set_error (&share->error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot project to EPSG:%d: %s"),
                   share->epsg, gw_io_last_gdal_error (_("no transformation")));
      goto out;
    }
  for (guint i = 0; i < share->n; i++)
    {
      x[i] = share->lonlat[2 * i];
      y[i] = share->lonlat[2 * i + 1];
    }
  if (share->n > 0 && !OCTTransform (transform, (int) share->n, x, y, NULL))
    {
      g_set_error (&share->error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot project to EPSG:%d: %s"),
                   share->epsg, gw_io_last_gdal_error (_("a point is out of range")));
      goto out;
    }
  for (guint i = 0; i < share->n; i++)
    {
      share->xy[2 * i] = x[i];
      share->xy[2 * i + 1] = y[i];
    }
out:
  if (transform != NULL)
    OCTDestroyCoordinateTransformation (transform);
  OSRDestroySpatialReference (source);
  OSRDestroySpatialReference (target);
  return NULL;
}

/**
 * gw_project_lonlat:
 *
 * Projects @n CGCS2000 lon/lat pairs into EPSG:@epsg with PROJ (through
 * OSR), in shares on the processor's cores when there are many.
 */
gboolean
gw_project_lonlat (const double  *lonlat,
                   guint          n,
                   int            epsg,
                   double        *xy,
                   GError       **error)
{
  guint n_shares = n >= 20000 ? CLAMP (g_get_num_processors (), 1, 8) : 1;
  g_autofree Share *shares = g_new0 (Share, n_shares);
  g_autofree GThread **threads = g_new0 (GThread *, n_shares);
  gboolean ok = TRUE;

  g_return_val_if_fail (lonlat != NULL || n == 0, FALSE);

  gw_io_init ();
  for (guint s = 0; s < n_shares; s++)
    {
      guint first = (guint) ((guint64) n * s / n_shares);
      guint end = (guint) ((guint64) n * (s + 1) / n_shares);

      shares[s] = (Share) { lonlat + 2 * (gsize) first, xy + 2 * (gsize) first, end - first, epsg, NULL };
      if (s > 0)
        threads[s] = g_thread_new ("gw-project", project_share, &shares[s]);
    }
  project_share (&shares[0]);
  for (guint s = 1; s < n_shares; s++)
    g_thread_join (threads[s]);
  for (guint s = 0; s < n_shares; s++)
    {
      if (shares[s].error != NULL && ok)
        {
          g_propagate_error (error, shares[s].error);
          shares[s].error = NULL;
          ok = FALSE;
        }
      g_clear_error (&shares[s].error);
    }
  return ok;
}

gboolean
gw_raster_write_geotiff (const float   *values,
                         guint          width,
                         guint          height,
                         double         west,
                         double         north,
                         double         cell,
                         int            epsg,
                         const char    *path,
                         GError       **error)
{
  const char *options[] = { "COMPRESS=DEFLATE", "TILED=YES", NULL };
  double transform[6] = { west, cell, 0, north, 0, -cell };
  OGRSpatialReferenceH srs = NULL;
  GDALDriverH driver;
  GDALDatasetH dataset;
  GDALRasterBandH band;
  char *wkt = NULL;
  CPLErr written;

  g_return_val_if_fail (values != NULL && width > 0 && height > 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  gw_io_init ();
  driver = GDALGetDriverByName ("GTiff");
  dataset = driver != NULL ? GDALCreate (driver, path, (int) width, (int) height, 1, GDT_Float32,
                                         (char **) options)
                           : NULL;
  if (dataset == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not create %s: %s"), path,
                   gw_io_last_gdal_error (_("no GeoTIFF driver")));
      return FALSE;
    }
  srs = OSRNewSpatialReference (NULL);
  OSRImportFromEPSG (srs, epsg);
  OSRExportToWkt (srs, &wkt);
  GDALSetProjection (dataset, wkt);
  GDALSetGeoTransform (dataset, transform);
  CPLFree (wkt);
  OSRDestroySpatialReference (srs);
  band = GDALGetRasterBand (dataset, 1);
  GDALSetRasterNoDataValue (band, 0);
  GDALSetDescription (band, "cases per km2");
  written = GDALRasterIO (band, GF_Write, 0, 0, (int) width, (int) height, (void *) values,
                          (int) width, (int) height, GDT_Float32, 0, 0);
  if (written != CE_None)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s: %s"), path,
                   gw_io_last_gdal_error (_("write failed")));
      GDALClose (dataset);
      return FALSE;
    }
  GDALClose (dataset);
  return TRUE;
}
