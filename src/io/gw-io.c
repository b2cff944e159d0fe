/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-io"

#include "config.h"

#include <stdlib.h>  /* defines __GLIBC__ with glibc */
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "gw-io-private.h"

/* What import and export share of GDAL. */

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

void
gw_io_release_memory (void)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}
