/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-io"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gw-export.h"
#include "gw-io-private.h"
#include "gw-export-store.h"
#include "gw-field-class.h"

const char *
gw_export_format_for_path (const char *path)
{
  static const struct { const char *ext, *format; } formats[] = {
    { ".gpkg", "GPKG" }, { ".shp", "ESRI Shapefile" }, { ".geojson", "GeoJSON" },
    { ".json", "GeoJSON" }, { ".kml", "KML" }, { ".csv", "CSV" }, { ".xlsx", "XLSX" },
  };
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_str_has_suffix (lower, formats[i].ext))
      return formats[i].format;
  return NULL;
}

/* Spreadsheets run a cell that starts with =, +, - or @ (also after a tab
 * or a carriage return) as a formula: a name "=HYPERLINK(…)" that came in
 * with an imported file would go out as a live link, or worse (OWASP's
 * "CSV injection"). In CSV and XLSX such text gets a leading apostrophe,
 * which spreadsheets take as "this is text", as OWASP advises. Text that
 * is wholly a plain number ("-3.5", "+86") cannot run and stays as it is,
 * like the number columns themselves. */
static gboolean
is_plain_number (const char *text)
{
  const char *p = text;
  gboolean digits = FALSE;

  if (*p == '+' || *p == '-')
    p++;
  for (; g_ascii_isdigit (*p); p++)
    digits = TRUE;
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      digits = TRUE;
  return digits && *p == '\0';
}

char *
gw_io_spreadsheet_quote (const char *text)
{
  if (text == NULL || text[0] == '\0' || strchr ("=+-@\t\r", text[0]) == NULL
      || is_plain_number (text))
    return NULL;
  return g_strconcat ("'", text, NULL);
}

const char *
gw_io_spreadsheet_unquote (const char *text)
{
  if (text != NULL && text[0] == '\'' && text[1] != '\0' && strchr ("=+-@\t\r", text[1]) != NULL
      && !is_plain_number (text + 1))
    return text + 1;
  return text;
}

/* Sets a text field, quoted for spreadsheets when @spreadsheet. */
static void
set_text (OGRFeatureH  feature,
          int          field,
          const char  *text,
          gboolean     spreadsheet)
{
  g_autofree char *quoted = spreadsheet ? gw_io_spreadsheet_quote (text) : NULL;

  OGR_F_SetFieldString (feature, field, quoted != NULL ? quoted : text);
}

static gboolean
has_personal (const GwExportField *fields)
{
  for (const GwExportField *f = fields; f->name != NULL; f++)
    if (f->personal)
      return TRUE;
  return FALSE;
}

/* What the steps of one export share. */
typedef struct
{
  const char          *path;
  const char          *layer;
  const GwExportField *fields;
  GwExportShape        shape;
  const char          *format;
  gboolean             personal;       /* the personal fields too */
  GHashTable          *classes;        /* extra attribute → GwFieldClass, as imported */
  gboolean             spreadsheet;    /* CSV or XLSX: formulas quoted */
  gboolean             with_geometry;  /* the format keeps geometries */
  gboolean             point_columns;  /* lon/lat columns for formats without */
} ExportJob;

/* The export's options as a user asked for them: a known layer and format,
 * and personal data only for a supervisor, who is then named in the log. */
/* Whether the extra attribute @key is personal data by its stored class. */
static gboolean
extra_is_personal (const ExportJob *job,
                   const char      *key)
{
  gpointer field_class;

  return g_hash_table_lookup_extended (job->classes, key, NULL, &field_class)
         && gw_field_class_is_personal (GPOINTER_TO_INT (field_class));
}

static gboolean
has_personal_extra (const ExportJob *job)
{
  GHashTableIter iter;
  gpointer field_class;

  g_hash_table_iter_init (&iter, job->classes);
  while (g_hash_table_iter_next (&iter, NULL, &field_class))
    if (gw_field_class_is_personal (GPOINTER_TO_INT (field_class)))
      return TRUE;
  return FALSE;
}

static gboolean
check_options (GwStore                *store,
               const GwExportOptions  *options,
               ExportJob              *job,
               GError                **error)
{
  const char *path = job->path;

  job->layer = options->layer;
  if (!gw_export_layer_lookup (options->layer, &job->shape, &job->fields))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("Unknown layer “%s”: grids, lots, buildings, roads, cases, workers, households "
                     "or residents"), options->layer != NULL ? options->layer : "");
      return FALSE;
    }
  job->format = options->format != NULL ? options->format : gw_export_format_for_path (path);
  if (job->format == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s: unknown format; give --format GPKG, \"ESRI Shapefile\", GeoJSON, KML, CSV or XLSX"),
                   path);
      return FALSE;
    }
  /* Personal data by field: the layer's own and the columns an import
   * kept, whatever the layer (an ID column in a buildings sheet too). */
  job->classes = gw_field_classes_load (store, options->layer, error);
  if (job->classes == NULL)
    return FALSE;
  job->personal = options->with_personal_data
                  && (has_personal (job->fields) || has_personal_extra (job));
  if (job->personal && options->user == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                   _("Exporting personal data needs a user, for the audit log"));
      return FALSE;
    }
  if (job->personal && !gw_user_can_see_contacts (options->user))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                   _("Only a supervisor may export residents' personal data"));
      return FALSE;
    }
  return TRUE;
}

static void
add_field (OGRLayerH     layer,
           const char   *name,
           OGRFieldType  type)
{
  OGRFieldDefnH field = OGR_Fld_Create (name, type);

  OGR_L_CreateField (layer, field, TRUE);
  OGR_Fld_Destroy (field);
}

/* The layer's fields, lon/lat for formats without geometry, and the extra
 * attributes kept at import as text fields. */
static gboolean
create_fields (GwStore          *store,
               OGRLayerH         layer,
               const ExportJob  *job,
               GError          **error)
{
  static const OGRFieldType types[] = {
    [GW_EXPORT_TEXT] = OFTString, [GW_EXPORT_INTEGER] = OFTInteger,
    [GW_EXPORT_INTEGER64] = OFTInteger64,
  };
  g_auto (GStrv) keys = NULL;

  for (const GwExportField *f = job->fields; f->name != NULL; f++)
    if (!f->personal || job->personal)
      add_field (layer, f->name, types[f->type]);
  if (job->point_columns)
    {
      add_field (layer, "lon", OFTReal);
      add_field (layer, "lat", OFTReal);
    }
  keys = gw_export_layer_extra_keys (store, job->layer, error);
  if (keys == NULL)
    return FALSE;
  for (guint i = 0; keys[i] != NULL; i++)
    {
      /* A header cell is a cell too. */
      g_autofree char *quoted = job->spreadsheet ? gw_io_spreadsheet_quote (keys[i]) : NULL;
      const char *key = quoted != NULL ? quoted : keys[i];

      if (!job->personal && extra_is_personal (job, keys[i]))
        continue;
      if (OGR_FD_GetFieldIndex (OGR_L_GetLayerDefn (layer), key) < 0)
        add_field (layer, key, OFTString);
    }
  return TRUE;
}

typedef struct
{
  OGRFeatureH      feature;
  const ExportJob *job;
} ExtraTarget;

/* An extra attribute into the field of its name, unless a field of ours
 * already holds a value there. Without personal data, a personal column
 * has no field, and an ID or mobile number in any other value (a remark,
 * a column nobody classified) is masked. */
static void
set_extra (const char *key,
           const char *value,
           gpointer    user_data)
{
  ExtraTarget *target = user_data;
  gboolean spreadsheet = target->job->spreadsheet;
  g_autofree char *quoted = spreadsheet ? gw_io_spreadsheet_quote (key) : NULL;
  int index = OGR_F_GetFieldIndex (target->feature, quoted != NULL ? quoted : key);
  g_autofree char *scrubbed = NULL;

  if (index < 0 || OGR_F_IsFieldSet (target->feature, index) || value == NULL)
    return;
  if (!target->job->personal)
    {
      if (extra_is_personal (target->job, key))
        return;
      scrubbed = gw_field_class_scrub (value);
    }
  set_text (target->feature, index, scrubbed != NULL ? scrubbed : value, spreadsheet);
}

/* One row of the cursor as a feature of @layer. */
static OGRFeatureH
make_feature (GwExportCursor   *cursor,
              OGRLayerH         layer,
              const ExportJob  *job,
              GError          **error)
{
  OGRFeatureH feature = OGR_F_Create (OGR_L_GetLayerDefn (layer));
  ExtraTarget extra = { feature, job };
  guint field = 0;
  double lon, lat;

  for (const GwExportField *f = job->fields; f->name != NULL; f++)
    {
      if (f->personal && !job->personal)
        continue;
      if (!gw_export_cursor_is_null (cursor, field))
        {
          if (f->type == GW_EXPORT_TEXT)
            set_text (feature, field, gw_export_cursor_get_text (cursor, field), job->spreadsheet);
          else
            OGR_F_SetFieldInteger64 (feature, field, gw_export_cursor_get_integer (cursor, field));
        }
      field++;
    }
  if (job->with_geometry)
    {
      OGRGeometryH geom = NULL;
      gsize len;
      const guint8 *blob = gw_export_cursor_get_wkb (cursor, &len);

      if (blob != NULL && OGR_G_CreateFromWkb (blob, NULL, &geom, len) == OGRERR_NONE)
        OGR_F_SetGeometryDirectly (feature, geom);
      else if (geom != NULL)
        OGR_G_DestroyGeometry (geom);
    }
  if (job->point_columns && gw_export_cursor_get_point (cursor, &lon, &lat))
    {
      OGR_F_SetFieldDouble (feature, field, lon);
      OGR_F_SetFieldDouble (feature, field + 1, lat);
    }
  if (!gw_export_cursor_foreach_extra (cursor, set_extra, &extra, error))
    {
      OGR_F_Destroy (feature);
      return NULL;
    }
  return feature;
}

/* Writes the cursor's rows into @layer; @n counts them. */
static gboolean
write_rows (GwExportCursor   *cursor,
            OGRLayerH         layer,
            const ExportJob  *job,
            guint            *n,
            GError          **error)
{
  const char *path = job->path;
  gboolean done = FALSE, ok = TRUE;

  /* Batches the writes (GPKG); other drivers ignore it. */
  if (OGR_L_StartTransaction (layer) != OGRERR_NONE)
    g_debug ("%s: no layer transaction", path);
  while (ok && (ok = gw_export_cursor_next (cursor, &done, error)) && !done)
    {
      OGRFeatureH feature = make_feature (cursor, layer, job, error);

      if (feature == NULL)
        ok = FALSE;
      else if (OGR_L_CreateFeature (layer, feature) != OGRERR_NONE)
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("%s: cannot write a feature: %s"), path,
                       gw_io_last_gdal_error (_("unknown reason")));
          ok = FALSE;
        }
      else
        (*n)++;
      if (feature != NULL)
        OGR_F_Destroy (feature);
    }
  if (OGR_L_CommitTransaction (layer) != OGRERR_NONE)
    g_debug ("%s: no layer transaction to commit", path);
  return ok;
}

/* Replaces @path, as a user choosing an existing file in the dialog
 * expects, with a new file of one layer. */
static GDALDatasetH
create_dataset (const char     *path,
                GDALDriverH     driver,
                const char     *format,
                const char     *layer_name,
                GwExportShape   shape,
                OGRLayerH      *layer,
                GError        **error)
{
  static const OGRwkbGeometryType geometry_types[] = {
    [GW_EXPORT_SHAPE_NONE] = wkbNone, [GW_EXPORT_SHAPE_POLYGON] = wkbMultiPolygon,
    [GW_EXPORT_SHAPE_LINE] = wkbMultiLineString, [GW_EXPORT_SHAPE_POINT] = wkbPoint,
  };
  g_autoptr (GPtrArray) layer_options = g_ptr_array_new ();
  gboolean xlsx = strcmp (format, "XLSX") == 0;
  OGRSpatialReferenceH srs = NULL;
  GDALDatasetH ds;

  if (strcmp (format, "ESRI Shapefile") == 0)
    g_ptr_array_add (layer_options, "ENCODING=UTF-8");
  if (strcmp (format, "CSV") == 0 && shape != GW_EXPORT_SHAPE_NONE)
    g_ptr_array_add (layer_options, "GEOMETRY=AS_WKT");
  g_ptr_array_add (layer_options, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    GDALDeleteDataset (driver, path);
  ds = GDALCreate (driver, path, 0, 0, 0, GDT_Unknown, NULL);
  if (ds == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID, _("%s: cannot be created: %s"), path,
                   gw_io_last_gdal_error (_("unknown reason")));
      return NULL;
    }
  if (shape != GW_EXPORT_SHAPE_NONE && !xlsx)
    srs = gw_io_cgcs2000_new ();
  *layer = GDALDatasetCreateLayer (ds, layer_name, srs, xlsx ? wkbNone : geometry_types[shape],
                                   (char **) layer_options->pdata);
  if (srs != NULL)
    OSRDestroySpatialReference (srs);
  if (*layer == NULL)
    g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID, _("%s: cannot create layer %s: %s"),
                 path, layer_name, gw_io_last_gdal_error (_("unknown reason")));
  return ds;
}

/* Closes the file; GDAL 3.6 reports a failed flush only through the error
 * state. */
static gboolean
close_dataset (GDALDatasetH   ds,
               const char    *path,
               gboolean       ok,
               GError       **error)
{
  CPLErrorReset ();
  GDALClose (ds);
  if (ok && CPLGetLastErrorType () >= CE_Failure)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID, _("%s: could not be finished: %s"),
                   path, gw_io_last_gdal_error (_("unknown reason")));
      return FALSE;
    }
  return ok;
}

gboolean
gw_export_run (GwStore                *store,
               const char             *path,
               const GwExportOptions  *options,
               guint                  *n_written,
               GError                **error)
{
  ExportJob job = { 0 };
  g_autoptr (GwExportCursor) cursor = NULL;
  gboolean ok = FALSE;
  GDALDriverH driver;
  GDALDatasetH ds = NULL;
  OGRLayerH layer = NULL;
  guint n = 0;

  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL && options != NULL, FALSE);

  job.path = path;
  if (!check_options (store, options, &job, error))
    {
      g_clear_pointer (&job.classes, g_hash_table_unref);
      return FALSE;
    }

  gw_io_init ();
  CPLPushErrorHandler (CPLQuietErrorHandler);
  /* libkml keeps every attribute in ExtendedData; the plain KML driver
   * mixes them up with <name>. */
  if (strcmp (job.format, "KML") == 0 && GDALGetDriverByName ("LIBKML") != NULL)
    job.format = "LIBKML";
  driver = GDALGetDriverByName (job.format);
  if (driver == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("The format “%s” is not available in this GDAL"), job.format);
      goto out;
    }
  /* Formats without geometry get the point on surface as lon/lat columns;
   * CSV also carries the full shape as WKT (read back by GDAL). */
  job.spreadsheet = strcmp (job.format, "XLSX") == 0 || strcmp (job.format, "CSV") == 0;
  job.point_columns = job.shape != GW_EXPORT_SHAPE_NONE && job.spreadsheet;
  job.with_geometry = job.shape != GW_EXPORT_SHAPE_NONE && strcmp (job.format, "XLSX") != 0;

  cursor = gw_export_cursor_new (store, options->layer, job.personal, options->ids, options->n_ids,
                                 error);
  if (cursor == NULL)
    goto out;
  ds = create_dataset (path, driver, job.format, options->layer, job.shape, &layer, error);
  if (layer == NULL || !create_fields (store, layer, &job, error))
    goto out;

  /* One transaction: the rows read and the audit of personal data. */
  if (!gw_store_begin (store, error))
    goto out;
  if (!write_rows (cursor, layer, &job, &n, error))
    {
      gw_store_rollback (store);
      goto out;
    }
  if (job.personal)
    {
      g_autofree char *object = g_strdup_printf ("layer:%s", options->layer);
      g_autofree char *detail = g_strdup_printf (_("%u rows with personal data to %s"), n, path);

      if (!gw_audit_write (store, options->user, "export", object, detail, error))
        {
          gw_store_rollback (store);
          goto out;
        }
    }
  if (!gw_store_commit (store, error))
    goto out;
  ok = TRUE;

out:
  if (ds != NULL)
    ok = close_dataset (ds, path, ok, error);
  CPLPopErrorHandler ();
  if (!ok && ds != NULL)
    g_remove (path);
  if (n_written != NULL)
    *n_written = n;
  g_clear_pointer (&job.classes, g_hash_table_unref);
  return ok;
}

static gboolean
write_table_rows (OGRLayerH             layer,
                  const GwTableColumn  *columns,
                  guint                 n_columns,
                  GPtrArray            *rows,
                  const char           *path,
                  GError              **error)
{
  if (OGR_L_StartTransaction (layer) != OGRERR_NONE)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID, _("%s: cannot be written: %s"),
                   path, gw_io_last_gdal_error (_("unknown reason")));
      return FALSE;
    }
  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);
      OGRFeatureH feature = OGR_F_Create (OGR_L_GetLayerDefn (layer));
      OGRErr err;

      for (guint c = 0; c < n_columns; c++)
        {
          const char *cell = cells[c];

          if (cell == NULL || cell[0] == '\0')
            continue;
          if (columns[c].type == GW_TABLE_INTEGER)
            OGR_F_SetFieldInteger (feature, (int) c, (int) g_ascii_strtoll (cell, NULL, 10));
          else if (columns[c].type == GW_TABLE_REAL)
            OGR_F_SetFieldDouble (feature, (int) c, g_ascii_strtod (cell, NULL));
          else
            set_text (feature, (int) c, cell, TRUE);
        }
      err = OGR_L_CreateFeature (layer, feature);
      OGR_F_Destroy (feature);
      if (err != OGRERR_NONE)
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("%s: row %u cannot be written: %s"), path, r + 1,
                       gw_io_last_gdal_error (_("unknown reason")));
          return FALSE;
        }
    }
  if (OGR_L_CommitTransaction (layer) != OGRERR_NONE)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID, _("%s: cannot be written: %s"),
                   path, gw_io_last_gdal_error (_("unknown reason")));
      return FALSE;
    }
  return TRUE;
}

gboolean
gw_export_table (const char           *path,
                 const char           *layer_name,
                 const GwTableColumn  *columns,
                 guint                 n_columns,
                 GPtrArray            *rows,
                 GError              **error)
{
  static const OGRFieldType types[] = {
    [GW_TABLE_TEXT] = OFTString, [GW_TABLE_INTEGER] = OFTInteger, [GW_TABLE_REAL] = OFTReal,
  };
  const char *format;
  GDALDriverH driver;
  GDALDatasetH ds = NULL;
  OGRLayerH layer = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (path != NULL && layer_name != NULL, FALSE);
  g_return_val_if_fail (columns != NULL && rows != NULL, FALSE);

  format = gw_export_format_for_path (path);
  if (g_strcmp0 (format, "CSV") != 0 && g_strcmp0 (format, "XLSX") != 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s: a table is written as .csv or .xlsx"), path);
      return FALSE;
    }
  gw_io_init ();
  CPLPushErrorHandler (CPLQuietErrorHandler);
  driver = GDALGetDriverByName (format);
  if (driver == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("The format “%s” is not available in this GDAL"), format);
      goto out;
    }
  ds = create_dataset (path, driver, format, layer_name, GW_EXPORT_SHAPE_NONE, &layer, error);
  if (layer == NULL)
    goto out;
  for (guint c = 0; c < n_columns; c++)
    {
      OGRFieldDefnH field = OGR_Fld_Create (columns[c].name, types[columns[c].type]);

      OGR_L_CreateField (layer, field, TRUE);
      OGR_Fld_Destroy (field);
    }
  ok = write_table_rows (layer, columns, n_columns, rows, path, error);

out:
  if (ds != NULL)
    ok = close_dataset (ds, path, ok, error);
  CPLPopErrorHandler ();
  if (!ok && ds != NULL)
    g_remove (path);
  return ok;
}
