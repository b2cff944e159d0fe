/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-io"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gw-domain.h"
#include "gw-export.h"
#include "gw-io-private.h"
#include "gw-store-private.h"

typedef struct
{
  const char    *name;
  OGRFieldType   type;
  const char    *expr;
  gboolean       personal;
} ColumnSpec;

typedef struct
{
  const char          *layer;
  OGRwkbGeometryType   geom_type;   /* wkbNone for tables */
  const char          *from;        /* FROM … with the main table aliased t */
  const ColumnSpec    *columns;
} LayerSpec;

static const ColumnSpec grid_columns[] = {
  { "id", OFTInteger64, "t.id" },
  { "code", OFTString, "t.code" },
  { "name", OFTString, "t.name" },
  { "community", OFTString, "(SELECT code FROM communities WHERE id = t.community_id)" },
  { "households", OFTInteger, "(SELECT count(*) FROM households h JOIN dwellings d ON d.id = h.dwelling_id "
                              "JOIN buildings b ON b.id = d.building_id JOIN lots l ON l.id = b.lot_id "
                              "WHERE l.grid_id = t.id)" },
  { "workers", OFTInteger, "(SELECT count(DISTINCT worker_id) FROM grid_workers WHERE grid_id = t.id)" },
  { "open_cases", OFTInteger, "(SELECT count(*) FROM cases WHERE grid_id = t.id AND status IN "
                              GW_CASE_OPEN_STATUSES_SQL ")" },
  { NULL },
};
static const ColumnSpec lot_columns[] = {
  { "id", OFTInteger64, "t.id" },
  { "name", OFTString, "t.name" },
  { "kind", OFTString, "t.kind" },
  { "grid", OFTString, "(SELECT code FROM grids WHERE id = t.grid_id)" },
  { NULL },
};
static const ColumnSpec building_columns[] = {
  { "id", OFTInteger64, "t.id" },
  { "name", OFTString, "t.name" },
  { "address", OFTString, "t.address" },
  { "use", OFTString, "t.use" },
  { "floors", OFTInteger, "t.floors" },
  { "units", OFTInteger, "t.units" },
  { "built_year", OFTInteger, "t.built_year" },
  { NULL },
};
static const ColumnSpec road_columns[] = {
  { "id", OFTInteger64, "t.id" },
  { "name", OFTString, "t.name" },
  { "class", OFTString, "t.class" },
  { NULL },
};
static const ColumnSpec case_columns[] = {
  { "code", OFTString, "t.code" },
  { "grid", OFTString, "(SELECT code FROM grids WHERE id = t.grid_id)" },
  { "category", OFTString, "t.category" },
  { "subcategory", OFTString, "t.subcategory" },
  { "tier", OFTString, "t.tier" },
  { "source", OFTString, "t.source" },
  { "status", OFTString, "t.status" },
  { "description", OFTString, "t.description" },
  { "reported_at", OFTString, "t.reported_at" },
  { NULL },
};
static const ColumnSpec worker_columns[] = {
  { "id", OFTInteger64, "t.id" },
  { "name", OFTString, "t.name" },
  { "phone", OFTString, "t.phone" },
  { "org", OFTString, "t.org" },
  { NULL },
};
static const ColumnSpec household_columns[] = {
  { "id", OFTInteger64, "t.id" },
  { "dwelling_code", OFTString, "(SELECT code FROM dwellings WHERE id = t.dwelling_id)" },
  { "hukou", OFTString, "t.hukou" },
  { "head_name", OFTString, "t.head_name", TRUE },
  { "phone", OFTString, "t.phone", TRUE },
  { NULL },
};
static const ColumnSpec resident_columns[] = {
  { "id", OFTInteger64, "t.id" },
  { "dwelling_code", OFTString, "(SELECT d.code FROM households h JOIN dwellings d ON d.id = h.dwelling_id "
                                "WHERE h.id = t.household_id)" },
  { "sex", OFTString, "t.sex" },
  { "birth_year", OFTInteger, "CAST (substr (t.birth_date, 1, 4) AS INTEGER)" },
  { "relation", OFTString, "t.relation" },
  { "name", OFTString, "t.name", TRUE },
  { "birth_date", OFTString, "t.birth_date", TRUE },
  { "id_number", OFTString, "t.id_number", TRUE },
  { "phone", OFTString, "t.phone", TRUE },
  { NULL },
};

static const LayerSpec layers[] = {
  { "grids", wkbMultiPolygon, "grids AS t", grid_columns },
  { "lots", wkbMultiPolygon, "lots AS t", lot_columns },
  { "buildings", wkbMultiPolygon, "buildings AS t", building_columns },
  { "roads", wkbMultiLineString, "roads AS t", road_columns },
  { "cases", wkbPoint, "cases AS t", case_columns },
  { "workers", wkbNone, "workers AS t", worker_columns },
  { "households", wkbNone, "households AS t", household_columns },
  { "residents", wkbNone, "residents AS t", resident_columns },
};

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
has_personal (const LayerSpec *spec)
{
  for (const ColumnSpec *c = spec->columns; c->name != NULL; c++)
    if (c->personal)
      return TRUE;
  return FALSE;
}

gboolean
gw_export_run (GwStore                *store,
               const char             *path,
               const GwExportOptions  *options,
               guint                  *n_written,
               GError                **error)
{
  const LayerSpec *spec = NULL;
  const char *format;
  g_autoptr (GString) sql = g_string_new ("SELECT ");
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (sqlite3_stmt) extra_stmt = NULL;
  g_autoptr (GPtrArray) layer_options = g_ptr_array_new ();
  gboolean personal, point_columns, spreadsheet, ok = FALSE;
  GDALDriverH driver;
  GDALDatasetH ds = NULL;
  OGRLayerH layer;
  OGRSpatialReferenceH srs = NULL;
  guint n = 0;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL && options != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    if (g_strcmp0 (options->layer, layers[i].layer) == 0)
      spec = &layers[i];
  if (spec == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("Unknown layer “%s”: grids, lots, buildings, roads, cases, workers, households "
                     "or residents"), options->layer != NULL ? options->layer : "");
      return FALSE;
    }
  format = options->format != NULL ? options->format : gw_export_format_for_path (path);
  if (format == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s: unknown format; give --format GPKG, \"ESRI Shapefile\", GeoJSON, KML, CSV or XLSX"),
                   path);
      return FALSE;
    }
  personal = options->with_personal_data && has_personal (spec);
  if (personal && options->user == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                   _("Exporting personal data needs a user, for the audit log"));
      return FALSE;
    }
  if (personal && !gw_user_can_see_contacts (options->user))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
                   _("Only a supervisor may export residents' personal data"));
      return FALSE;
    }

  gw_io_init ();
  CPLPushErrorHandler (CPLQuietErrorHandler);
  /* libkml keeps every attribute in ExtendedData; the plain KML driver
   * mixes them up with <name>. */
  if (strcmp (format, "KML") == 0 && GDALGetDriverByName ("LIBKML") != NULL)
    format = "LIBKML";
  driver = GDALGetDriverByName (format);
  if (driver == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("The format “%s” is not available in this GDAL"), format);
      goto out;
    }
  /* Formats without geometry get the point on surface as lon/lat columns;
   * CSV also carries the full shape as WKT (read back by GDAL). */
  spreadsheet = strcmp (format, "XLSX") == 0 || strcmp (format, "CSV") == 0;
  point_columns = spec->geom_type != wkbNone && spreadsheet;

  for (const ColumnSpec *c = spec->columns; c->name != NULL; c++)
    if (!c->personal || personal)
      g_string_append_printf (sql, "%s, ", c->expr);
  if (spec->geom_type != wkbNone)
    g_string_append (sql, "AsBinary (t.geom), X (PointOnSurface (t.geom)), Y (PointOnSurface (t.geom)) ");
  else
    g_string_append (sql, "NULL ");
  g_string_append_printf (sql, ", t.extra FROM %s", spec->from);
  if (options->ids != NULL)
    g_string_append (sql, " WHERE t.ROWID IN (SELECT value FROM json_each (?1))");
  g_string_append (sql, " ORDER BY t.ROWID");
  stmt = gw_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    goto out;
  if (options->ids != NULL)
    {
      GString *json = g_string_new ("[");

      for (guint i = 0; i < options->n_ids; i++)
        g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", options->ids[i]);
      g_string_append_c (json, ']');
      rc = sqlite3_bind_text (stmt, 1, json->str, -1, SQLITE_TRANSIENT);
      g_string_free (json, TRUE);
      if (!gw_store_check_bind (store, rc, error))
        goto out;
    }

  if (strcmp (format, "ESRI Shapefile") == 0)
    g_ptr_array_add (layer_options, "ENCODING=UTF-8");
  if (strcmp (format, "CSV") == 0 && spec->geom_type != wkbNone)
    g_ptr_array_add (layer_options, "GEOMETRY=AS_WKT");
  g_ptr_array_add (layer_options, NULL);

  /* Replace, as a user choosing an existing file in the dialog expects. */
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    GDALDeleteDataset (driver, path);
  ds = GDALCreate (driver, path, 0, 0, 0, GDT_Unknown, NULL);
  if (ds == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID, _("%s: cannot be created: %s"), path,
                   gw_io_last_gdal_error (_("unknown reason")));
      goto out;
    }
  if (spec->geom_type != wkbNone && strcmp (format, "XLSX") != 0)
    srs = gw_io_cgcs2000_new ();
  layer = GDALDatasetCreateLayer (ds, spec->layer, srs,
                                  strcmp (format, "XLSX") == 0 ? wkbNone : spec->geom_type,
                                  (char **) layer_options->pdata);
  if (layer == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID, _("%s: cannot create layer %s: %s"),
                   path, spec->layer, gw_io_last_gdal_error (_("unknown reason")));
      goto out;
    }
  for (const ColumnSpec *c = spec->columns; c->name != NULL; c++)
    if (!c->personal || personal)
      {
        OGRFieldDefnH field = OGR_Fld_Create (c->name, c->type);

        OGR_L_CreateField (layer, field, TRUE);
        OGR_Fld_Destroy (field);
      }
  if (point_columns)
    for (guint i = 0; i < 2; i++)
      {
        OGRFieldDefnH field = OGR_Fld_Create (i == 0 ? "lon" : "lat", OFTReal);

        OGR_L_CreateField (layer, field, TRUE);
        OGR_Fld_Destroy (field);
      }

  /* The extra attributes kept at import go back out as text fields. */
  {
    /* spec->from comes from the fixed table of exportable layers. */
    g_autofree char *keys_sql = g_strdup_printf ("SELECT DISTINCT j.key FROM %s, json_each (t.extra) AS j "
                                                 "WHERE t.extra IS NOT NULL ORDER BY 1", spec->from);
    g_autoptr (sqlite3_stmt) keys = gw_store_prepare (store, keys_sql, error);

    if (keys == NULL)
      goto out;
    while (sqlite3_step (keys) == SQLITE_ROW)
      {
        const char *key = (const char *) sqlite3_column_text (keys, 0);
        /* A header cell is a cell too. */
        g_autofree char *quoted = spreadsheet ? gw_io_spreadsheet_quote (key) : NULL;

        if (quoted != NULL)
          key = quoted;
        if (key != NULL && OGR_FD_GetFieldIndex (OGR_L_GetLayerDefn (layer), key) < 0)
          {
            OGRFieldDefnH field = OGR_Fld_Create (key, OFTString);

            OGR_L_CreateField (layer, field, TRUE);
            OGR_Fld_Destroy (field);
          }
      }
  }
  extra_stmt = gw_store_prepare (store, "SELECT key, value FROM json_each (?)", error);
  if (extra_stmt == NULL)
    goto out;

  if (!gw_store_begin (store, error))
    goto out;
  /* Batches the writes (GPKG); other drivers ignore it. */
  if (OGR_L_StartTransaction (layer) != OGRERR_NONE)
    g_debug ("%s: no layer transaction", path);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OGRFeatureH feature = OGR_F_Create (OGR_L_GetLayerDefn (layer));
      int col = 0, field = 0;

      for (const ColumnSpec *c = spec->columns; c->name != NULL; c++)
        {
          if (c->personal && !personal)
            continue;
          if (sqlite3_column_type (stmt, col) != SQLITE_NULL)
            {
              if (c->type == OFTString)
                set_text (feature, field, (const char *) sqlite3_column_text (stmt, col), spreadsheet);
              else
                OGR_F_SetFieldInteger64 (feature, field, sqlite3_column_int64 (stmt, col));
            }
          col++;
          field++;
        }
      if (spec->geom_type != wkbNone)
        {
          OGRGeometryH geom = NULL;
          const void *blob = sqlite3_column_blob (stmt, col);
          int len = sqlite3_column_bytes (stmt, col);

          if (blob != NULL && OGR_G_CreateFromWkb (blob, NULL, &geom, len) == OGRERR_NONE
              && strcmp (format, "XLSX") != 0)
            OGR_F_SetGeometryDirectly (feature, geom);
          else if (geom != NULL)
            OGR_G_DestroyGeometry (geom);
          if (point_columns && sqlite3_column_type (stmt, col + 1) != SQLITE_NULL)
            {
              OGR_F_SetFieldDouble (feature, field, sqlite3_column_double (stmt, col + 1));
              OGR_F_SetFieldDouble (feature, field + 1, sqlite3_column_double (stmt, col + 2));
            }
        }
      if (sqlite3_column_type (stmt, sqlite3_column_count (stmt) - 1) == SQLITE_TEXT)
        {
          if (!gw_store_check_bind (store, sqlite3_bind_text (extra_stmt, 1,
                                                              (const char *) sqlite3_column_text (stmt, sqlite3_column_count (stmt) - 1),
                                                              -1, SQLITE_TRANSIENT), error))
            {
              OGR_F_Destroy (feature);
              gw_store_rollback (store);
              goto out;
            }
          while (sqlite3_step (extra_stmt) == SQLITE_ROW)
            {
              const char *key = (const char *) sqlite3_column_text (extra_stmt, 0);
              g_autofree char *quoted = spreadsheet ? gw_io_spreadsheet_quote (key) : NULL;
              int index = OGR_F_GetFieldIndex (feature, quoted != NULL ? quoted : key);

              if (index >= 0 && !OGR_F_IsFieldSet (feature, index)
                  && sqlite3_column_type (extra_stmt, 1) != SQLITE_NULL)
                set_text (feature, index, (const char *) sqlite3_column_text (extra_stmt, 1), spreadsheet);
            }
          sqlite3_reset (extra_stmt);
        }
      if (OGR_L_CreateFeature (layer, feature) != OGRERR_NONE)
        {
          OGR_F_Destroy (feature);
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID, _("%s: cannot write a feature: %s"),
                       path, gw_io_last_gdal_error (_("unknown reason")));
          gw_store_rollback (store);
          goto out;
        }
      OGR_F_Destroy (feature);
      n++;
    }
  if (OGR_L_CommitTransaction (layer) != OGRERR_NONE)
    g_debug ("%s: no layer transaction to commit", path);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the layer"));
      gw_store_rollback (store);
      goto out;
    }
  if (personal)
    {
      g_autofree char *object = g_strdup_printf ("layer:%s", spec->layer);
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
    {
      CPLErrorReset ();
      GDALClose (ds);
      /* GDAL 3.6 reports a failed flush only through the error state. */
      if (ok && CPLGetLastErrorType () >= CE_Failure)
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID, _("%s: could not be finished: %s"),
                       path, gw_io_last_gdal_error (_("unknown reason")));
          ok = FALSE;
        }
    }
  if (srs != NULL)
    OSRDestroySpatialReference (srs);
  CPLPopErrorHandler ();
  if (!ok && ds != NULL)
    g_remove (path);
  if (n_written != NULL)
    *n_written = n;
  return ok;
}
