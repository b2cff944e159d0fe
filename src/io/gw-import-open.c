/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-io"

#include "config.h"

#include <cpl_vsi.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gw-coords.h"
#include "gw-import-private.h"

/* Opening a file: a shapefile cut short is refused before GDAL reads it,
 * an encoding is given to GDAL where it can decode it, and the layer's
 * coordinate system is resolved (EPSG codes, GCJ-02 and BD-09). */

gboolean
gw_import_resolve_srs (Import                         *imp,
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

#define MEMORY_PREFIX "/vsimem/gridwork-import-"

/* A CSV is plain bytes to GDAL: one in another encoding than UTF-8 (given,
 * or GB18030 when it is not UTF-8 but is valid GB18030 — GBK, what Excel
 * saves on a Chinese Windows) is recoded as a whole into a file in GDAL's
 * memory, so that its header, values and previews are all text. NULL when
 * nothing is to be done or it cannot be (then the values are recoded one
 * by one and bad ones are reported as garbled). */
static char *
recode_csv (const char  *file,
            const char  *encoding,
            const char **detected)
{
  static gint serial;
  g_autofree char *base = NULL;
  GByte *data = NULL;
  vsi_l_offset len = 0;
  char *utf8;
  gsize utf8_len = 0;
  GByte *copy;
  char *path;
  gboolean guessed = FALSE;

  /* Sheets of a street office are megabytes; beyond 1 GB GDAL streams. */
  if (!VSIIngestFile (NULL, file, &data, &len, (GIntBig) 1 << 30))
    return NULL;
  if (encoding == NULL)
    {
      gboolean bom = len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0;

      if (bom || g_utf8_validate ((const char *) data, len, NULL))
        {
          VSIFree (data);
          return NULL;
        }
      encoding = "GB18030";
      guessed = TRUE;
    }
  utf8 = g_convert ((const char *) data, len, "UTF-8", encoding, NULL, &utf8_len, NULL);
  VSIFree (data);
  if (utf8 == NULL)
    return NULL;
  if (detected != NULL && guessed)
    *detected = encoding;
  /* GDAL frees what it owns with its own allocator. */
  copy = VSIMalloc (MAX (utf8_len, 1));
  if (copy == NULL)
    {
      g_free (utf8);
      return NULL;
    }
  memcpy (copy, utf8, utf8_len);
  g_free (utf8);
  base = g_path_get_basename (file);
  /* /vsimem/ is the process's own: a serial keeps two imports apart. */
  path = g_strdup_printf (MEMORY_PREFIX "%d/%s", g_atomic_int_add (&serial, 1), base);
  VSIFCloseL (VSIFileFromMemBuffer (path, copy, utf8_len, TRUE));
  return path;
}

void
gw_import_close_dataset (GDALDatasetH ds)
{
  g_autofree char *path = NULL;

  if (ds == NULL)
    return;
  if (g_str_has_prefix (GDALGetDescription (ds), MEMORY_PREFIX))
    path = g_strdup (GDALGetDescription (ds));
  GDALClose (ds);
  if (path != NULL)
    VSIUnlink (path);
}

GDALDatasetH
gw_import_open_dataset (const char  *file,
                        const char  *encoding,
                        gboolean    *gdal_decodes,
                        const char **detected,
                        GError     **error)
{
  GDALDatasetH ds;
  const char *driver;

  *gdal_decodes = FALSE;
  if (detected != NULL)
    *detected = NULL;
  if (encoding != NULL)
    {
      /* Before anything is read: an unknown name would otherwise be taken
       * silently, or fail per value. */
      GIConv converter = g_iconv_open ("UTF-8", encoding);

      if (converter == (GIConv) -1)
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("%s: unknown text encoding “%s” (e.g. GBK, GB18030, BIG5 or UTF-8)"),
                       file, encoding);
          return NULL;
        }
      g_iconv_close (converter);
    }
  if (!g_str_has_prefix (file, "/vsi") && !g_file_test (file, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND, _("%s: no such file"), file);
      return NULL;
    }
  if (!g_str_has_prefix (file, "/vsi") && g_access (file, R_OK) != 0)
    {
      int saved_errno = errno;

      /* Not a format problem: say what the system says (permission
       * denied), which the user can fix. */
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN, _("%s: cannot be read: %s"), file,
                   g_strerror (saved_errno));
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
      else if (has_suffix_nocase (file, ".xlsx"))
        g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                     _("%s: is not a readable Excel workbook (damaged, or another kind of file "
                       "under an .xlsx name); open it in a spreadsheet program and save it again "
                       "as .xlsx or .csv"), file);
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
  if (strcmp (driver, "CSV") == 0)
    {
      g_autofree char *recoded = recode_csv (file, encoding, detected);
      GDALDatasetH copy = recoded != NULL ? GDALOpenEx (recoded, GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                                        NULL, NULL, NULL)
                                          : NULL;

      if (copy != NULL)
        {
          GDALClose (ds);
          ds = copy;
          *gdal_decodes = TRUE;
        }
      else if (recoded != NULL)
        {
          VSIUnlink (recoded);
          if (detected != NULL)
            *detected = NULL;
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
gboolean
gw_import_is_spreadsheet (GDALDatasetH ds)
{
  const char *driver = GDALGetDriverShortName (GDALGetDatasetDriver (ds));

  return strcmp (driver, "CSV") == 0 || strcmp (driver, "XLSX") == 0;
}
