/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-test"

#include "config.h"

#include <cpl_vsi.h>
#include <gdal.h>
#include <glib/gstdio.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <string.h>

#include "gw-test-store.h"
#include "gw-coords.h"
#include "gw-demo.h"
#include "gw-export.h"
#include "gw-field-class.h"
#include "gw-import.h"
#include "gw-test-util.h"
#include "gw-store-private.h"
#include "gw-import-store.h"
#include "gw-wkb.h"

/* Import and export through GDAL: round trips per format, encodings, CRS
 * mistakes and broken files, each ending with a clear message and an
 * unchanged database. */

static char *tmp_dir;
static char *demo_path;

static GwStore *
open_store (const char *path)
{
  g_autoptr (GError) error = NULL;
  GwStore *store = gw_store_open (path, GW_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  return store;
}

static char *
scratch (const char *name)
{
  static guint serial;

  return g_strdup_printf ("%s/%u-%s", tmp_dir, ++serial, name);
}

/* Texts the tests compare inline, kept until the end of the run. */
static GPtrArray *kept_texts;

static const char *
query_text (GwStore    *store,
            const char *sql)
{
  char *text = gw_test_query_text (store, sql);

  g_ptr_array_add (kept_texts, text);
  return text;
}

/* A copy of the demo street. */
static char *
demo_copy (void)
{
  g_autofree char *path = scratch ("demo.sqlite");
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (demo_path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (path, contents, len, NULL));
  return g_steal_pointer (&path);
}

/* Counts, ids and areas of every table an import can touch. */
static char *
checksum (GwStore *store)
{
  return gw_test_query_text (store,
    "SELECT (SELECT count(*) || ':' || sum(id) || ':' || round(sum(Area(geom)), 12) FROM grids) || '/' ||"
    "(SELECT count(*) || ':' || sum(id) || ':' || round(sum(Area(geom)), 12) FROM lots) || '/' ||"
    "(SELECT count(*) || ':' || sum(id) || ':' || round(sum(Area(geom)), 12) FROM buildings) || '/' ||"
    "(SELECT count(*) || ':' || total(id) FROM roads) || '/' ||"
    "(SELECT count(*) || ':' || sum(id) FROM households) || '/' ||"
    "(SELECT count(*) || ':' || sum(id) FROM residents) || '/' ||"
    "(SELECT count(*) || ':' || sum(id) FROM workers) || '/' ||"
    "(SELECT count(*) || ':' || sum(id) FROM cases) || '/' ||"
    "(SELECT count(*) FROM audit_log)");
}

/* A new database with the demo's street and communities, nothing else. */
static char *
fresh_db (void)
{
  g_autofree char *path = scratch ("fresh.sqlite");
  g_autoptr (GwStore) store = open_store (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *attach = g_strdup_printf ("ATTACH '%s' AS demo", demo_path);

  g_assert_true (gw_store_exec (store, attach, &error));
  g_assert_true (gw_store_exec (store, "INSERT INTO streets SELECT * FROM demo.streets", &error));
  g_assert_true (gw_store_exec (store, "INSERT INTO communities SELECT * FROM demo.communities", &error));
  g_assert_true (gw_store_exec (store, "DETACH demo", &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static gboolean
run_import (GwStore          *store,
            const char       *file,
            GwImportTarget    target,
            const char       *srs,
            const char       *encoding,
            gboolean          dry_run,
            GwImportReport  **report,
            GError          **error)
{
  GwImportOptions options = { 0 };

  options.target = target;
  options.srs = srs;
  options.encoding = encoding;
  options.dry_run = dry_run;
  return gw_import_run (store, file, &options, report, NULL, NULL, NULL, error);
}

static void
export_layer (GwStore    *store,
              const char *layer,
              const char *path,
              const char *format)
{
  g_autoptr (GError) error = NULL;
  GwExportOptions options = { 0 };
  guint n = 0;

  options.layer = layer;
  options.format = format;
  g_assert_true (gw_export_run (store, path, &options, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 0);
}

/* --- Round trips --------------------------------------------------------- */

typedef struct
{
  const char *format;
  const char *ext;
  gboolean    buildings;
} RoundTrip;

static void
test_round_trip (gconstpointer data)
{
  const RoundTrip *rt = data;
  g_autoptr (GwStore) demo = open_store (demo_path);
  g_autofree char *fresh_path = fresh_db ();
  g_autoptr (GwStore) fresh = open_store (fresh_path);
  g_autofree char *grids_file = scratch (rt->ext);
  g_autoptr (GwImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *codes_before = NULL, *codes_after = NULL;
  double area_before, area_after;

  export_layer (demo, "grids", grids_file, rt->format);
  g_assert_true (run_import (fresh, grids_file, GW_IMPORT_GRIDS, NULL, NULL, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_true (report->committed);
  codes_before = gw_test_query_text (demo, "SELECT group_concat(code) FROM (SELECT code FROM grids ORDER BY code)");
  codes_after = gw_test_query_text (fresh, "SELECT group_concat(code) FROM (SELECT code FROM grids ORDER BY code)");
  g_assert_cmpstr (codes_before, ==, codes_after);
  /* Names too (Chinese, UTF-8 all the way). */
  g_assert_cmpstr (query_text (demo, "SELECT group_concat(name) FROM (SELECT name FROM grids ORDER BY code)"),
                   ==,
                   query_text (fresh, "SELECT group_concat(name) FROM (SELECT name FROM grids ORDER BY code)"));
  area_before = g_ascii_strtod (query_text (demo, "SELECT sum(Area(geom)) FROM grids"), NULL);
  area_after = g_ascii_strtod (query_text (fresh, "SELECT sum(Area(geom)) FROM grids"), NULL);
  g_assert_cmpfloat (fabs (area_after - area_before) / area_before, <, 1e-6);
  /* One generated lot per grid, equal to it. */
  g_assert_cmpint (gw_test_query_int (fresh, "SELECT count(*) FROM lots"), ==, gw_test_query_int (fresh, "SELECT count(*) FROM grids"));
  g_assert_cmpuint (report->n_lots_generated, ==, report->n_imported);

  if (rt->buildings)
    {
      g_autofree char *buildings_file = scratch (rt->ext);
      g_autoptr (GwImportReport) b_report = NULL;
      GwImportOptions options = { 0 };

      export_layer (demo, "buildings", buildings_file, rt->format);
      options.target = GW_IMPORT_BUILDINGS;
      options.skip_rejected = TRUE;
      g_assert_true (gw_import_run (fresh, buildings_file, &options, &b_report, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      /* Every demo building lies in a grid. */
      g_assert_cmpuint (b_report->n_rejected, ==, 0);
      g_assert_cmpint (gw_test_query_int (fresh, "SELECT count(*) FROM buildings"), ==,
                       gw_test_query_int (demo, "SELECT count(*) FROM buildings"));
      g_assert_cmpstr (query_text (demo, "SELECT group_concat(name || address || floors, ';') FROM buildings"), ==,
                       query_text (fresh, "SELECT group_concat(name || address || floors, ';') FROM buildings"));
      area_before = g_ascii_strtod (query_text (demo, "SELECT sum(Area(geom)) FROM buildings"), NULL);
      area_after = g_ascii_strtod (query_text (fresh, "SELECT sum(Area(geom)) FROM buildings"), NULL);
      g_assert_cmpfloat (fabs (area_after - area_before) / area_before, <, 1e-6);
    }
}

static void
test_round_trip_xlsx_workers (void)
{
  g_autoptr (GwStore) demo = open_store (demo_path);
  g_autofree char *fresh_path = fresh_db ();
  g_autoptr (GwStore) fresh = open_store (fresh_path);
  g_autofree char *file = scratch ("workers.xlsx");
  g_autoptr (GwImportReport) report = NULL;
  g_autoptr (GError) error = NULL;

  export_layer (demo, "workers", file, "XLSX");
  g_assert_true (run_import (fresh, file, GW_IMPORT_WORKERS, NULL, NULL, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (query_text (demo, "SELECT group_concat(name || phone || org, ';') FROM workers"), ==,
                   query_text (fresh, "SELECT group_concat(name || phone || org, ';') FROM workers"));
}

/* Personal data stays out unless asked for, and then it is audited. */
static void
test_export_personal_data (void)
{
  g_autofree char *path = demo_copy ();
  g_autoptr (GwStore) store = open_store (path);
  g_autofree char *file = scratch ("residents.csv");
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  GwExportOptions options = { 0 };
  gint64 audits = gw_test_query_int (store, "SELECT count(*) FROM audit_log");

  options.layer = "residents";
  g_assert_true (gw_export_run (store, file, &options, NULL, &error));
  g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "id_number"));
  g_assert_null (strstr (contents, query_text (store, "SELECT name FROM residents LIMIT 1")));
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM audit_log"), ==, audits);

  /* Asking without a user is refused. */
  options.with_personal_data = TRUE;
  g_assert_false (gw_export_run (store, file, &options, NULL, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED);
  g_clear_error (&error);

  /* Staff may not; a supervisor may, and the export is audited. */
  {
    g_autofree char *staff_login = gw_test_query_text (store, "SELECT login FROM users WHERE role = 'staff' LIMIT 1");
    g_autofree char *login = gw_test_query_text (store, "SELECT login FROM users WHERE role = 'supervisor' LIMIT 1");
    g_autoptr (GwUser) staff = gw_user_load (store, staff_login, &error);
    g_autoptr (GwUser) supervisor = gw_user_load (store, login, &error);
    g_autofree char *with = NULL;

    g_assert_no_error (error);
    options.user = staff;
    g_assert_false (gw_export_run (store, file, &options, NULL, &error));
    g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED);
    g_clear_error (&error);
    g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM audit_log"), ==, audits);

    options.user = supervisor;
    g_assert_true (gw_export_run (store, file, &options, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (file, &with, NULL, NULL));
    g_assert_nonnull (strstr (with, "id_number"));
    g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM audit_log"), ==, audits + 1);
    g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM audit_log WHERE action = 'export' "
                                       "AND object = 'layer:residents'"), ==, 1);
  }
}

/* The text of field @name of the feature whose "id" is @id in @file's
 * first layer, as GDAL reads it back. */
static char *
exported_text (const char *file,
               gint64      id,
               const char *name)
{
  GDALDatasetH ds = GDALOpenEx (file, GDAL_OF_VECTOR, NULL, NULL, NULL);
  OGRLayerH layer;
  OGRFeatureH feature;
  char *text = NULL;

  g_assert_nonnull (ds);
  layer = GDALDatasetGetLayer (ds, 0);
  while (text == NULL && (feature = OGR_L_GetNextFeature (layer)) != NULL)
    {
      int id_index = OGR_F_GetFieldIndex (feature, "id");
      int index = OGR_F_GetFieldIndex (feature, name);

      g_assert_cmpint (index, >=, 0);
      if (OGR_F_GetFieldAsInteger64 (feature, id_index) == id)
        text = g_strdup (OGR_F_GetFieldAsString (feature, index));
      OGR_F_Destroy (feature);
    }
  GDALClose (ds);
  g_assert_nonnull (text);
  return text;
}

/* Text that a spreadsheet would run as a formula goes out of CSV and XLSX
 * behind an apostrophe, in the cells and in the header; numbers, and text
 * that is only a number, stay as they are; GeoPackage and GeoJSON keep the
 * text unchanged. Gridwork reads its own sheets back to the same text. */
static void
test_export_formula_injection (void)
{
  static const struct
  {
    const char *stored;
    const char *in_sheet;
  } names[] = {
    { "=HYPERLINK(\"http://example.com\",\"点击\")", "'=HYPERLINK(\"http://example.com\",\"点击\")" },
    { "+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0" },
    { "-2+3", "'-2+3" },
    { "@SUM(A1:A9)", "'@SUM(A1:A9)" },
    { "\t=1+1", "'\t=1+1" },
    { "\r=1+1", "'\r=1+1" },
    { "-12.5", "-12.5" },
    { "+8613800000000", "+8613800000000" },
    { "王=芳", "王=芳" },
  };
  g_autofree char *path = demo_copy ();
  g_autoptr (GwStore) store = open_store (path);
  g_autoptr (GError) error = NULL;
  const char *const formats[][2] = {
    { "CSV", "workers.csv" }, { "XLSX", "workers.xlsx" }, { "GPKG", "workers.gpkg" },
    { "GeoJSON", "workers.geojson" },
  };
  gint64 first = gw_test_query_int (store, "SELECT min(id) FROM workers");
  gint64 building = gw_test_query_int (store, "SELECT min(id) FROM buildings");

  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM workers"), >=, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (store, "UPDATE workers SET name = ?, extra = "
                                                               "json_object('=cmd', ?) WHERE id = ?", &error);

      g_assert_no_error (error);
      g_assert_cmpint (sqlite3_bind_text (stmt, 1, names[i].stored, -1, SQLITE_STATIC), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_bind_text (stmt, 2, names[i].stored, -1, SQLITE_STATIC), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_bind_int64 (stmt, 3, first + i), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    }

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *file = scratch (formats[f][1]);
      gboolean spreadsheet = strcmp (formats[f][0], "CSV") == 0 || strcmp (formats[f][0], "XLSX") == 0;

      export_layer (store, "workers", file, formats[f][0]);
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          const char *expected = spreadsheet ? names[i].in_sheet : names[i].stored;
          g_autofree char *name = exported_text (file, first + i, "name");
          g_autofree char *extra = exported_text (file, first + i, spreadsheet ? "'=cmd" : "=cmd");

          g_test_message ("%s: %s", formats[f][0], name);
          /* GDAL reads a carriage return in a cell back as a line feed. */
          if (strchr (expected, '\r') == NULL)
            {
              g_assert_cmpstr (name, ==, expected);
              g_assert_cmpstr (extra, ==, expected);
            }
          else
            g_assert_true (name[0] == expected[0] && extra[0] == expected[0]);
        }

      /* A sheet of ours comes back as it was. */
      if (spreadsheet)
        {
          g_autofree char *fresh_path = fresh_db ();
          g_autoptr (GwStore) fresh = open_store (fresh_path);
          g_autoptr (GwImportReport) report = NULL;

          g_assert_true (run_import (fresh, file, GW_IMPORT_WORKERS, NULL, NULL, FALSE, &report, &error));
          g_assert_no_error (error);
          for (guint i = 0; i < G_N_ELEMENTS (names); i++)
            {
              g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (fresh, "SELECT count(*) FROM workers WHERE "
                                                                       "name = ?1 AND json_extract (extra, "
                                                                       "'$.\"=cmd\"') = ?1", &error);

              g_assert_no_error (error);
              g_assert_cmpint (sqlite3_bind_text (stmt, 1, names[i].stored, -1, SQLITE_STATIC), ==, SQLITE_OK);
              g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
              /* A cell's leading whitespace is trimmed on import. */
              if (names[i].stored[0] != '\t' && names[i].stored[0] != '\r')
                g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
            }
        }
    }

  /* Numbers stay numbers: a negative year, the point's coordinates. */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE buildings SET built_year = -5 WHERE id = %" G_GINT64_FORMAT,
                                            building);
    g_autofree char *file = scratch ("buildings.csv");
    g_autofree char *year = NULL, *lon = NULL;

    g_assert_true (gw_store_exec (store, sql, &error));
    g_assert_no_error (error);
    export_layer (store, "buildings", file, "CSV");
    year = exported_text (file, building, "built_year");
    lon = exported_text (file, building, "lon");
    g_assert_cmpstr (year, ==, "-5");
    g_assert_true (g_ascii_isdigit (lon[0]));
  }
}

static void
test_shapefile_cpg (void)
{
  g_autoptr (GwStore) demo = open_store (demo_path);
  g_autofree char *file = scratch ("grids.shp");
  g_autofree char *cpg = NULL, *contents = NULL;

  export_layer (demo, "grids", file, "ESRI Shapefile");
  cpg = g_strdup_printf ("%.*s.cpg", (int) strlen (file) - 4, file);
  g_assert_true (g_file_get_contents (cpg, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "UTF-8"));
}

/* --- Hand-made inputs ----------------------------------------------------- */

/* A small square (in degrees) inside the demo's first grid. */
static void
demo_spot (double *lon,
           double *lat)
{
  g_autoptr (GwStore) demo = open_store (demo_path);

  *lon = g_ascii_strtod (query_text (demo, "SELECT X(PointOnSurface(geom)) FROM grids ORDER BY id LIMIT 1"), NULL);
  *lat = g_ascii_strtod (query_text (demo, "SELECT Y(PointOnSurface(geom)) FROM grids ORDER BY id LIMIT 1"), NULL);
}

static char *
write_text (const char *name,
            const char *text)
{
  char *path = scratch (name);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static char *
square_json (double lon,
             double lat,
             double d,
             gboolean swap)
{
  char buf[5][2][G_ASCII_DTOSTR_BUF_SIZE];
  double pts[5][2] = { { lon, lat }, { lon + d, lat }, { lon + d, lat + d }, { lon, lat + d }, { lon, lat } };
  GString *out = g_string_new ("[[");

  for (guint i = 0; i < 5; i++)
    g_string_append_printf (out, "%s[%s,%s]", i > 0 ? "," : "",
                            g_ascii_dtostr (buf[i][0], sizeof buf[i][0], pts[i][swap ? 1 : 0]),
                            g_ascii_dtostr (buf[i][1], sizeof buf[i][1], pts[i][swap ? 0 : 1]));
  g_string_append (out, "]]");
  return g_string_free (out, FALSE);
}

static GBytes *
file_bytes (const char *path)
{
  char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_bytes_new_take (contents, len);
}

/* Runs an import that must fail and leave the demo copy as it was, to the
 * byte once the connection is closed; returns the error. */
static GError *
expect_refusal (const char      *file,
                GwImportTarget   target,
                const char      *srs,
                const char      *encoding,
                GwImportReport **report_out)
{
  g_autofree char *path = demo_copy ();
  GwStore *store = open_store (path);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr (GBytes) bytes_before = NULL;
  g_autoptr (GBytes) bytes_after = NULL;
  GError *error = NULL;
  GwImportReport *report = NULL;

  /* Whatever opening a file settles is settled before the bytes are taken. */
  g_object_unref (store);
  bytes_before = file_bytes (path);
  store = open_store (path);
  before = checksum (store);
  g_assert_false (run_import (store, file, target, srs, encoding, FALSE, &report, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  after = checksum (store);
  g_assert_cmpstr (before, ==, after);
  g_object_unref (store);
  bytes_after = file_bytes (path);
  g_assert_true (g_bytes_equal (bytes_before, bytes_after));
  if (report_out != NULL)
    *report_out = report;
  else if (report != NULL)
    gw_import_report_free (report);
  return error;
}

/* The same, for a message that names the file; returns the message. */
static char *
expect_failure (const char     *file,
                GwImportTarget  target,
                const char     *srs,
                const char     *encoding,
                GwImportReport **report_out)
{
  g_autoptr (GError) error = expect_refusal (file, target, srs, encoding, report_out);

  g_assert_nonnull (strstr (error->message, file));
  return g_strdup (error->message);
}

static gboolean
report_mentions (GwImportReport *report,
                 const char     *a,
                 const char     *b)
{
  for (guint i = 0; i < report->lines->len; i++)
    if (strstr (report->lines->pdata[i], a) != NULL && strstr (report->lines->pdata[i], b) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_invalid_and_empty (void)
{
  double lon, lat;
  g_autofree char *json = NULL, *file = NULL, *msg = NULL;
  g_autoptr (GwImportReport) report = NULL;
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], c[G_ASCII_DTOSTR_BUF_SIZE],
       d[G_ASCII_DTOSTR_BUF_SIZE];

  demo_spot (&lon, &lat);
  /* Feature 0: a bow tie (self-intersecting); feature 1: no geometry. */
  json = g_strdup_printf (
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"id\":0,\"properties\":{\"网格编码\":\"370203003001901\",\"网格名称\":\"测试一\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}},"
    "{\"type\":\"Feature\",\"id\":1,\"properties\":{\"网格编码\":\"370203003001902\",\"网格名称\":\"测试二\"},"
    "\"geometry\":null}]}",
    g_ascii_dtostr (a, sizeof a, lon), g_ascii_dtostr (b, sizeof b, lat),
    g_ascii_dtostr (c, sizeof c, lon + 0.001), g_ascii_dtostr (d, sizeof d, lat + 0.001),
    c, b, a, d, a, b);
  file = write_text ("bowtie.geojson", json);
  msg = expect_failure (file, GW_IMPORT_GRIDS, NULL, NULL, &report);
  g_assert_nonnull (strstr (msg, "rejected"));
  g_assert_true (report_mentions (report, "feature 0", "repaired"));
  g_assert_true (report_mentions (report, "feature 1", "empty geometry"));
  g_assert_cmpuint (report->n_repaired, ==, 1);
  g_assert_false (report->committed);
}

static void
test_bowtie_repaired (void)
{
  double lon, lat;
  g_autofree char *json = NULL, *file = NULL, *path = fresh_db ();
  g_autoptr (GwStore) store = open_store (path);
  g_autoptr (GwImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], c[G_ASCII_DTOSTR_BUF_SIZE],
       d[G_ASCII_DTOSTR_BUF_SIZE];

  demo_spot (&lon, &lat);
  json = g_strdup_printf (
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"properties\":{\"code\":\"370203003001901\",\"name\":\"bow\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%s,%s],[%s,%s],[%s,%s],[%s,%s],[%s,%s]]]}}]}",
    g_ascii_dtostr (a, sizeof a, lon), g_ascii_dtostr (b, sizeof b, lat),
    g_ascii_dtostr (c, sizeof c, lon + 0.0005), g_ascii_dtostr (d, sizeof d, lat + 0.0005),
    c, b, a, d, a, b);
  file = write_text ("bow.geojson", json);
  g_assert_true (run_import (store, file, GW_IMPORT_GRIDS, NULL, NULL, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_repaired, ==, 1);
  g_assert_cmpint (gw_test_query_int (store, "SELECT ST_IsValid(geom) FROM grids"), ==, 1);
  g_assert_cmpint (gw_test_query_int (store, "SELECT Area(geom) > 0 FROM grids"), ==, 1);
}

/* Source fields without a Gridwork counterpart come back out on export. */
static void
test_extra_attributes (void)
{
  double lon, lat;
  g_autofree char *sq = NULL, *json = NULL, *file = NULL, *out = NULL, *path = fresh_db ();
  g_autoptr (GwStore) store = open_store (path);
  g_autoptr (GwImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  GDALDatasetH ds;
  OGRLayerH layer;
  OGRFeatureH feature;
  int index;

  demo_spot (&lon, &lat);
  sq = square_json (lon, lat, 0.0005, FALSE);
  json = g_strdup_printf ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                          "\"properties\":{\"网格编码\":\"370203003001901\",\"网格名称\":\"测试\","
                          "\"备注\":\"老城区 \\\"东\\\"片\",\"测绘单位\":\"市勘测院\"},"
                          "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":%s}}]}", sq);
  file = write_text ("extra.geojson", json);
  g_assert_true (run_import (store, file, GW_IMPORT_GRIDS, NULL, NULL, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (query_text (store, "SELECT json_extract(extra, '$.备注') FROM grids"), ==, "老城区 \"东\"片");

  out = scratch ("extra.gpkg");
  export_layer (store, "grids", out, "GPKG");
  ds = GDALOpenEx (out, GDAL_OF_VECTOR, NULL, NULL, NULL);
  g_assert_nonnull (ds);
  layer = GDALDatasetGetLayer (ds, 0);
  feature = OGR_L_GetNextFeature (layer);
  g_assert_nonnull (feature);
  index = OGR_F_GetFieldIndex (feature, "测绘单位");
  g_assert_cmpint (index, >=, 0);
  g_assert_cmpstr (OGR_F_GetFieldAsString (feature, index), ==, "市勘测院");
  OGR_F_Destroy (feature);
  GDALClose (ds);
}

/* The same buildings again: every one is a duplicate, nothing changes. */
static void
test_duplicates (void)
{
  g_autoptr (GwStore) demo = open_store (demo_path);
  g_autofree char *file = scratch ("buildings.gpkg"), *msg = NULL;
  g_autoptr (GwImportReport) report = NULL;

  export_layer (demo, "buildings", file, "GPKG");
  msg = expect_failure (file, GW_IMPORT_BUILDINGS, NULL, NULL, &report);
  g_assert_cmpuint (report->n_rejected, ==, gw_test_query_int (demo, "SELECT count(*) FROM buildings"));
  g_assert_true (report_mentions (report, "feature 1:", "already in the database"));
}

/* A copy of @geom (multi)polygon whose every ring starts at its next
 * vertex: the same polygon (ST_Equals), other bytes. */
static OGRGeometryH
rotated_rings (OGRGeometryH geom)
{
  OGRGeometryH copy = OGR_G_Clone (geom);

  for (int p = 0; p < OGR_G_GetGeometryCount (copy); p++)
    {
      OGRGeometryH polygon = OGR_G_GetGeometryRef (copy, p);

      for (int r = 0; r < OGR_G_GetGeometryCount (polygon); r++)
        {
          OGRGeometryH ring = OGR_G_GetGeometryRef (polygon, r);
          OGRGeometryH old = OGR_G_Clone (ring);
          int n = OGR_G_GetPointCount (old);

          /* Vertex n - 1 closes the ring: it repeats vertex 0. */
          for (int i = 0; i < n; i++)
            OGR_G_SetPoint_2D (ring, i, OGR_G_GetX (old, (i + 1) % (n - 1)),
                               OGR_G_GetY (old, (i + 1) % (n - 1)));
          OGR_G_DestroyGeometry (old);
        }
    }
  return copy;
}

/* A square of side @d at (@x, @y), its ring starting at corner @start;
 * with @notch, a fifth vertex dents its south edge inwards (the same box,
 * another polygon). */
static OGRGeometryH
dense_square (double   x,
              double   y,
              double   d,
              int      start,
              gboolean notch)
{
  double corners[5][2] = { { x, y }, { x + d / 2, y + (notch ? d / 4 : 0) }, { x + d, y },
                           { x + d, y + d }, { x, y + d } };
  OGRGeometryH ring = OGR_G_CreateGeometry (wkbLinearRing);
  OGRGeometryH polygon = OGR_G_CreateGeometry (wkbPolygon);

  for (int i = 0; i <= 5; i++)
    OGR_G_AddPoint_2D (ring, corners[(start + i) % 5][0], corners[(start + i) % 5][1]);
  OGR_G_AddGeometryDirectly (polygon, ring);
  return polygon;
}

static void
add_dense_building (OGRLayerH     layer,
                    OGRGeometryH  geom,
                    const char   *kind)
{
  OGRFeatureH feature = OGR_F_Create (OGR_L_GetLayerDefn (layer));

  OGR_F_SetFieldString (feature, 0, kind);
  OGR_F_SetGeometryDirectly (feature, geom);
  g_assert_cmpint (OGR_L_CreateFeature (layer, feature), ==, OGRERR_NONE);
  OGR_F_Destroy (feature);
}

/* The duplicate check on a dense quarter (issue 15): 400 buildings 4 m
 * apart, all within the 11 m the check once took as "near"; among them
 * the same polygons again with their rings started elsewhere (of the
 * database's buildings and of the file's), a byte-identical copy, and
 * polygons of the very same box that are not the same (dented) or that
 * are a hair away. Exactly the true duplicates are refused, each naming
 * the building it repeats. */
static void
test_duplicates_dense (void)
{
  g_autofree char *path = demo_copy (), *file = scratch ("dense.gpkg");
  g_autoptr (GwStore) store = open_store (path);
  g_autoptr (GwImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GArray) database_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GDALDatasetH ds;
  OGRLayerH layer;
  OGRSpatialReferenceH srs = OSRNewSpatialReference (NULL);
  OGRFieldDefnH field;
  GwImportOptions options = { 0 };
  gint64 before = gw_test_query_int (store, "SELECT count(*) FROM buildings");
  double lon, lat, step = 4e-5, side = 3e-5;
  guint n_features = 0, n_true = 0;

  /* The quarter, 80 m across, amid the largest community. */
  lon = g_ascii_strtod (query_text (store, "SELECT X (PointOnSurface (geom)) FROM communities "
                                                   "ORDER BY Area (geom) DESC LIMIT 1"), NULL) - 10 * step;
  lat = g_ascii_strtod (query_text (store, "SELECT Y (PointOnSurface (geom)) FROM communities "
                                                   "ORDER BY Area (geom) DESC LIMIT 1"), NULL) - 10 * step;
  OSRImportFromEPSG (srs, 4490);
  OSRSetAxisMappingStrategy (srs, OAMS_TRADITIONAL_GIS_ORDER);
  ds = GDALCreate (GDALGetDriverByName ("GPKG"), file, 0, 0, 0, GDT_Unknown, NULL);
  g_assert_nonnull (ds);
  layer = GDALDatasetCreateLayer (ds, "buildings", srs, wkbUnknown, NULL);
  OSRDestroySpatialReference (srs);
  field = OGR_Fld_Create ("name", OFTString);
  OGR_L_CreateField (layer, field, TRUE);
  OGR_Fld_Destroy (field);

  /* Three of the database's buildings, their rings started elsewhere. */
  stmt = gw_store_prepare (store, "SELECT id, AsBinary (geom) FROM buildings ORDER BY id LIMIT 3",
                           &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      OGRGeometryH geom = NULL;
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_assert_cmpint (OGR_G_CreateFromWkb (sqlite3_column_blob (stmt, 1), NULL, &geom,
                                            sqlite3_column_bytes (stmt, 1)), ==, OGRERR_NONE);
      add_dense_building (layer, rotated_rings (geom), "database");
      OGR_G_DestroyGeometry (geom);
      g_array_append_val (database_ids, id);
      n_features++;
      n_true++;
    }
  g_assert_cmpuint (database_ids->len, ==, 3);

  for (guint i = 0; i < 400; i++)
    {
      double x = lon + (i % 20) * step, y = lat + (i / 20) * step;

      add_dense_building (layer, dense_square (x, y, side, 0, FALSE), "new");
      n_features++;
      if (i % 50 == 7)
        {
          /* The same square again, from another corner: a duplicate. */
          add_dense_building (layer, dense_square (x, y, side, 3, FALSE), "again");
          n_features++;
          n_true++;
        }
      if (i % 50 == 21)
        {
          /* Its very box, but dented: another building. */
          add_dense_building (layer, dense_square (x, y, side, 0, TRUE), "dented");
          n_features++;
        }
      if (i % 50 == 33)
        {
          /* A hair (about 1 mm) to the east: another building. */
          add_dense_building (layer, dense_square (x + 1e-8, y, side, 0, FALSE), "beside");
          n_features++;
        }
    }
  /* Byte for byte the first square: found by its bytes. */
  add_dense_building (layer, dense_square (lon, lat, side, 0, FALSE), "copy");
  n_features++;
  n_true++;
  GDALClose (ds);

  options.target = GW_IMPORT_BUILDINGS;
  options.skip_rejected = TRUE;
  g_assert_true (gw_import_run (store, file, &options, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_read, ==, n_features);
  g_assert_cmpuint (report->n_rejected, ==, n_true);
  g_assert_cmpuint (report->n_imported, ==, n_features - n_true);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM buildings"), ==,
                   before + n_features - n_true);
  for (guint i = 0; i < database_ids->len; i++)
    {
      g_autofree char *feature = g_strdup_printf ("feature %u:", i + 1);
      g_autofree char *reason = g_strdup_printf ("duplicate of building %" G_GINT64_FORMAT
                                                 " already in the database",
                                                 g_array_index (database_ids, gint64, i));

      g_assert_true (report_mentions (report, feature, reason));
    }
  g_assert_true (report_mentions (report, "", "duplicate of feature"));
  /* Every dented or shifted square is in, beside the one it resembles. */
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM buildings a JOIN buildings b "
                                             "ON b.id > a.id AND ST_Equals (a.geom, b.geom) = 1 "
                                             "AND a.id > (SELECT max(id) - 500 FROM buildings)"),
                   ==, 0);
}

static void
test_mixed_types (void)
{
  double lon, lat;
  g_autofree char *sq = NULL, *json = NULL, *file = NULL, *msg = NULL;
  g_autoptr (GwImportReport) report = NULL;

  demo_spot (&lon, &lat);
  sq = square_json (lon, lat, 0.0005, FALSE);
  json = g_strdup_printf (
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"id\":0,\"properties\":{\"code\":\"370203003001901\"},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":%s}},"
    "{\"type\":\"Feature\",\"id\":1,\"properties\":{\"code\":\"370203003001902\"},"
    "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[%f,%f],[%f,%f]]}}]}",
    sq, lon, lat, lon + 0.001, lat);
  file = write_text ("mixed.geojson", json);
  msg = expect_failure (file, GW_IMPORT_GRIDS, NULL, NULL, &report);
  g_assert_true (report_mentions (report, "feature 1", "mixed geometry types"));
}

static void
test_zero_features (void)
{
  g_autofree char *file = write_text ("empty.geojson", "{\"type\":\"FeatureCollection\",\"features\":[]}");
  g_autofree char *msg = expect_failure (file, GW_IMPORT_BUILDINGS, NULL, NULL, NULL);

  g_assert_nonnull (strstr (msg, "no features"));
}

/* NaN and 1e300 in a file: each feature is refused with a short reason of
 * its own, before GEOS sees it (its exception text named
 * CGAlgorithmsDD::orientationIndex) and without a 300-digit number. */
static void
test_bad_coordinates (void)
{
  double lon, lat;
  g_autofree char *sq = NULL, *json = NULL, *file = NULL, *msg = NULL;
  g_autoptr (GwImportReport) report = NULL;
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE], c[G_ASCII_DTOSTR_BUF_SIZE],
       d[G_ASCII_DTOSTR_BUF_SIZE];

  demo_spot (&lon, &lat);
  g_ascii_dtostr (a, sizeof a, lon);
  g_ascii_dtostr (b, sizeof b, lat);
  g_ascii_dtostr (c, sizeof c, lon + 0.0002);
  g_ascii_dtostr (d, sizeof d, lat + 0.0002);
  sq = square_json (lon, lat, 0.0002, FALSE);
  /* GDAL's GeoJSON reader takes NaN and Infinity as JSON numbers. */
  json = g_strdup_printf (
    "{\"type\":\"FeatureCollection\",\"features\":["
    "{\"type\":\"Feature\",\"id\":0,\"properties\":{\"name\":\"nan\"},\"geometry\":{\"type\":\"Polygon\","
    "\"coordinates\":[[[%s,%s],[%s,%s],[NaN,%s],[%s,%s],[%s,%s]]]}},"
    "{\"type\":\"Feature\",\"id\":1,\"properties\":{\"name\":\"huge\"},\"geometry\":{\"type\":\"Polygon\","
    "\"coordinates\":[[[%s,%s],[1e300,%s],[%s,%s],[%s,%s],[%s,%s]]]}},"
    "{\"type\":\"Feature\",\"id\":2,\"properties\":{\"name\":\"inf\"},\"geometry\":{\"type\":\"Polygon\","
    "\"coordinates\":[[[%s,%s],[%s,%s],[%s,-Infinity],[%s,%s],[%s,%s]]]}},"
    "{\"type\":\"Feature\",\"id\":3,\"properties\":{\"name\":\"fine\"},\"geometry\":{\"type\":\"Polygon\","
    "\"coordinates\":%s}}]}",
    a, b, c, b, d, a, d, a, b,
    a, b, b, c, d, a, d, a, b,
    a, b, c, b, c, a, d, a, b,
    sq);
  file = write_text ("bad-coordinates.geojson", json);
  msg = expect_failure (file, GW_IMPORT_BUILDINGS, NULL, NULL, &report);
  g_assert_true (report_mentions (report, "feature 0: ", "coordinate is not a number"));
  g_assert_true (report_mentions (report, "feature 1: ", "coordinate 1e+300 is out of range"));
  g_assert_true (report_mentions (report, "feature 2: ", "coordinate is not a number"));
  g_assert_cmpuint (report->n_rejected, ==, 3);
  g_assert_cmpuint (report->n_read, ==, 4);
  /* Neither GEOS's words nor long runs of digits, in the message or the report. */
  {
    g_autofree char *text = gw_import_report_to_string (report);
    const char *const all[] = { msg, text };

    for (guint i = 0; i < G_N_ELEMENTS (all); i++)
      {
        g_test_message ("%s", all[i]);
        g_assert_null (strstr (all[i], "CGAlgorithms"));
        g_assert_null (strstr (all[i], "Exception"));
        g_assert_null (strstr (all[i], "0000000000"));
      }
  }
}

/* In a file of degrees, one longitude of 1000 and one latitude of -91 are
 * those features' problems, said for each; the file is not "projected
 * metres read as degrees" because of them. */
static void
test_stray_degrees (void)
{
  double lon, lat;
  g_autofree char *good = NULL, *stray_lon = NULL, *stray_lat = NULL, *json = NULL, *file = NULL;
  g_autofree char *msg = NULL;
  g_autoptr (GwImportReport) report = NULL;

  demo_spot (&lon, &lat);
  good = square_json (lon, lat, 0.0002, FALSE);
  stray_lon = square_json (lon + 880, lat, 0.0002, FALSE);
  stray_lat = square_json (lon, -91.5, 0.0002, FALSE);
  json = g_strdup_printf ("{\"type\":\"FeatureCollection\",\"features\":["
                          "{\"type\":\"Feature\",\"id\":0,\"properties\":{},\"geometry\":{\"type\":\"Polygon\","
                          "\"coordinates\":%s}},"
                          "{\"type\":\"Feature\",\"id\":1,\"properties\":{},\"geometry\":{\"type\":\"Polygon\","
                          "\"coordinates\":%s}},"
                          "{\"type\":\"Feature\",\"id\":2,\"properties\":{},\"geometry\":{\"type\":\"Polygon\","
                          "\"coordinates\":%s}}]}", good, stray_lon, stray_lat);
  file = write_text ("stray.geojson", json);
  msg = expect_failure (file, GW_IMPORT_BUILDINGS, NULL, NULL, &report);
  g_assert_true (report_mentions (report, "feature 1: ", "longitude 1000.3"));
  g_assert_true (report_mentions (report, "feature 1: ", "is out of range"));
  g_assert_true (report_mentions (report, "feature 2: ", "latitude -91.5 is out of range"));
  g_assert_nonnull (strstr (msg, "2 features were rejected"));
  g_assert_null (strstr (msg, "projected"));
}

/* A CSV point at 1e300: refused as out of range, not printed in full by
 * the extent check. */
static void
test_huge_csv_coordinate (void)
{
  double lon, lat;
  g_autofree char *csv = NULL, *file = NULL, *msg = NULL;
  g_autoptr (GwImportReport) report = NULL;

  demo_spot (&lon, &lat);
  csv = g_strdup_printf ("编号,类别,经度,纬度\nIMP0001,living_environment,%f,%f\n"
                         "IMP0002,living_environment,1e300,%f\n", lon, lat, lat);
  file = write_text ("huge.csv", csv);
  msg = expect_failure (file, GW_IMPORT_CASES, NULL, NULL, &report);
  g_assert_true (report_mentions (report, "feature 2: ", "out of range"));
  g_assert_cmpuint (strlen (msg), <, 200);
}

/* A GeoJSON of @n small buildings, one inside each of the demo's first
 * lots, moved by @dx, @dy degrees (those whose index @keep_in_place says
 * so stay); @box gets the extent of the moved ones. */
static char *
moved_buildings (const char  *name,
                 guint        n,
                 double       dx,
                 double       dy,
                 gboolean   (*keep_in_place) (guint i),
                 OGREnvelope *box)
{
  g_autoptr (GwStore) demo = open_store (demo_path);
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) lots = gw_store_prepare (demo, "SELECT X (PointOnSurface (geom)), "
                                                          "Y (PointOnSurface (geom)) FROM lots ORDER BY id",
                                                    &error);
  GString *json = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");
  char *file;
  guint i;

  g_assert_no_error (error);
  box->MinX = box->MinY = G_MAXDOUBLE;
  box->MaxX = box->MaxY = -G_MAXDOUBLE;
  for (i = 0; i < n && sqlite3_step (lots) == SQLITE_ROW; i++)
    {
      gboolean stay = keep_in_place != NULL && keep_in_place (i);
      double x = sqlite3_column_double (lots, 0) - 1e-5 + (stay ? 0 : dx);
      double y = sqlite3_column_double (lots, 1) - 1e-5 + (stay ? 0 : dy);
      g_autofree char *sq = square_json (x, y, 2e-5, FALSE);

      g_string_append_printf (json, "%s{\"type\":\"Feature\",\"id\":%u,\"properties\":{\"name\":\"%u号楼\"},"
                                    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":%s}}",
                              i > 0 ? "," : "", i, i + 1, sq);
      if (stay)
        continue;
      box->MinX = MIN (box->MinX, x);
      box->MinY = MIN (box->MinY, y);
      box->MaxX = MAX (box->MaxX, x + 2e-5);
      box->MaxY = MAX (box->MaxY, y + 2e-5);
    }
  g_assert_cmpuint (i, ==, n);
  g_string_append (json, "]}");
  file = write_text (name, json->str);
  g_string_free (json, TRUE);
  return file;
}

static gboolean
first_one (guint i)
{
  return i == 0;
}

static gboolean
every_other (guint i)
{
  return i % 2 == 0;
}

/* Buildings of the demo street moved 0.1° east (about 9 km): the message
 * says so once, first, with where they are and how far from the street in
 * kilometres measured on the ground, instead of one "outside the street"
 * per building. Also when one of them still lies in the street. */
static void
test_elsewhere (void)
{
  g_autoptr (GwStore) demo = open_store (demo_path);
  double street_max_x = g_ascii_strtod (query_text (demo, "SELECT max (MbrMaxX (geom)) FROM "
                                                          "(SELECT geom FROM communities UNION ALL "
                                                          "SELECT geom FROM grids UNION ALL "
                                                          "SELECT geom FROM streets)"), NULL);
  gboolean (*const stay[]) (guint) = { NULL, first_one };

  for (guint k = 0; k < G_N_ELEMENTS (stay); k++)
    {
      OGREnvelope box;
      g_autofree char *file = moved_buildings ("far-buildings.geojson", 20, 0.1, 0.0, stay[k], &box);
      g_autoptr (GwImportReport) report = NULL;
      g_autoptr (GError) error = expect_refusal (file, GW_IMPORT_BUILDINGS, NULL, NULL, &report);
      g_autofree char *extent = NULL, *counts = NULL;
      OGREnvelope moved = box;
      const char *km;
      double expected_m, shown_km;

      g_assert_error (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_ELSEWHERE);
      /* The extent shown is the moved buildings'. */
      extent = g_strdup_printf ("(file extent %.4f,%.4f – %.4f,%.4f)", moved.MinX, moved.MinY,
                                moved.MaxX, moved.MaxY);
      g_assert_nonnull (strstr (error->message, extent));
      g_assert_nonnull (strstr (error->message, "check its coordinate system"));
      /* Kilometres along the ground (the ellipsoid), not degrees. */
      km = strstr (error->message, "lie ");
      g_assert_nonnull (km);
      shown_km = g_ascii_strtod (km + 4, NULL);
      g_assert_nonnull (strstr (km, " km from the street"));
      expected_m = gw_coords_distance_m (street_max_x, moved.MinY, moved.MinX, moved.MinY);
      g_test_message ("%s (expected %.0f m)", error->message, expected_m);
      g_assert_cmpfloat (expected_m, >, 5000);
      /* Within the rounding to 0.1 km, and what a sphere differs by. */
      g_assert_cmpfloat (fabs (shown_km * 1000 - expected_m), <, 50 + 0.005 * expected_m);

      /* The report: that first, then no building "outside the street". */
      counts = g_strdup_printf ("(%u of 20)", stay[k] != NULL ? 19 : 20);
      g_assert_cmpuint (report->lines->len, >=, 1);
      g_assert_nonnull (strstr (report->lines->pdata[0], counts));
      g_assert_nonnull (strstr (report->lines->pdata[0], extent));
      g_assert_false (report_mentions (report, "feature", "outside the street"));
      g_assert_true (report->has_extent);
      g_assert_cmpfloat (fabs (report->min_lon - moved.MinX), <, 1e-9);
      g_assert_cmpfloat (fabs (report->max_lat - moved.MaxY), <, 1e-9);
    }
}

/* Half the buildings in the street and half far away: not a misplaced
 * file, each far one is rejected on its own. */
static void
test_partly_elsewhere (void)
{
  OGREnvelope box;
  g_autofree char *file = moved_buildings ("half-buildings.geojson", 20, 0.1, 0.0, every_other, &box);
  g_autoptr (GwImportReport) report = NULL;
  g_autoptr (GError) error = expect_refusal (file, GW_IMPORT_BUILDINGS, NULL, NULL, &report);

  g_assert_false (g_error_matches (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_ELSEWHERE));
  g_assert_true (report_mentions (report, "feature 1: ", "outside the street"));
  g_assert_false (report_mentions (report, "feature 0: ", "outside the street"));
}

static void
test_swapped (void)
{
  double lon, lat;
  g_autofree char *sq = NULL, *json = NULL, *file = NULL, *msg = NULL;
  g_autoptr (GwImportReport) report = NULL;

  demo_spot (&lon, &lat);
  sq = square_json (lon, lat, 0.0002, TRUE);
  json = g_strdup_printf ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                          "\"properties\":{\"name\":\"1号楼\"},\"geometry\":{\"type\":\"Polygon\","
                          "\"coordinates\":%s}}]}", sq);
  file = write_text ("swapped.geojson", json);
  msg = expect_failure (file, GW_IMPORT_BUILDINGS, NULL, NULL, &report);
  g_assert_nonnull (strstr (msg, "swapped"));
  /* Once for the file, not "latitude out of range" for each feature. */
  g_assert_cmpuint (report->lines->len, ==, 0);
}

static void
test_metres_as_degrees (void)
{
  /* Gauss–Krüger metres in a file without a CRS. */
  g_autofree char *file = write_text ("metres.geojson",
    "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},"
    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[534000,3992000],[534050,3992000],"
    "[534050,3992050],[534000,3992050],[534000,3992000]]]}}]}");
  g_autoptr (GwImportReport) report = NULL;
  g_autofree char *msg = expect_failure (file, GW_IMPORT_BUILDINGS, NULL, NULL, &report);

  g_assert_nonnull (strstr (msg, "projected metres"));
  g_assert_nonnull (strstr (msg, "(534000, 3992000 … 534050, 3992050)"));
  g_assert_cmpuint (report->lines->len, ==, 0);
}

/* Writes a one-feature shapefile through GDAL; @encoding "" writes raw bytes
 * (no .cpg), @epsg 0 writes no .prj. */
static char *
write_shapefile (const char *name,
                 int         epsg,
                 double      lon,
                 double      lat,
                 const char *code,
                 const char *grid_name_bytes)
{
  char *path = scratch (name);
  GDALDriverH driver = GDALGetDriverByName ("ESRI Shapefile");
  GDALDatasetH ds = GDALCreate (driver, path, 0, 0, 0, GDT_Unknown, NULL);
  OGRSpatialReferenceH srs = NULL;
  const char *lco[] = { "ENCODING=", NULL };
  OGRLayerH layer;
  OGRFieldDefnH field;
  OGRFeatureH feature;
  OGRGeometryH ring, poly;
  g_autofree char *cpg = g_strdup_printf ("%.*s.cpg", (int) strlen (path) - 4, path);

  if (epsg != 0)
    {
      srs = OSRNewSpatialReference (NULL);
      OSRImportFromEPSG (srs, epsg);
    }
  layer = GDALDatasetCreateLayer (ds, "grids", srs, wkbPolygon, (char **) lco);
  field = OGR_Fld_Create ("CODE", OFTString);
  OGR_L_CreateField (layer, field, TRUE);
  OGR_Fld_Destroy (field);
  field = OGR_Fld_Create ("NAME", OFTString);
  OGR_L_CreateField (layer, field, TRUE);
  OGR_Fld_Destroy (field);
  feature = OGR_F_Create (OGR_L_GetLayerDefn (layer));
  OGR_F_SetFieldString (feature, 0, code);
  OGR_F_SetFieldString (feature, 1, grid_name_bytes);
  ring = OGR_G_CreateGeometry (wkbLinearRing);
  OGR_G_AddPoint_2D (ring, lon, lat);
  OGR_G_AddPoint_2D (ring, lon + 0.0005, lat);
  OGR_G_AddPoint_2D (ring, lon + 0.0005, lat + 0.0005);
  OGR_G_AddPoint_2D (ring, lon, lat + 0.0005);
  OGR_G_AddPoint_2D (ring, lon, lat);
  poly = OGR_G_CreateGeometry (wkbPolygon);
  OGR_G_AddGeometryDirectly (poly, ring);
  OGR_F_SetGeometryDirectly (feature, poly);
  g_assert_cmpint (OGR_L_CreateFeature (layer, feature), ==, OGRERR_NONE);
  OGR_F_Destroy (feature);
  GDALClose (ds);
  if (srs != NULL)
    OSRDestroySpatialReference (srs);
  g_remove (cpg);
  return path;
}

static void
test_gbk_shapefile (void)
{
  double lon, lat;
  g_autofree char *gbk = g_convert ("中山路网格", -1, "GBK", "UTF-8", NULL, NULL, NULL);
  g_autofree char *file = NULL, *msg = NULL, *path = fresh_db ();
  g_autoptr (GwStore) store = NULL;
  g_autoptr (GwImportReport) report = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (gbk);
  demo_spot (&lon, &lat);
  file = write_shapefile ("gbk.shp", 4490, lon, lat, "370203003001901", gbk);

  /* Without --encoding: reported as garbled, nothing written. */
  msg = expect_failure (file, GW_IMPORT_GRIDS, NULL, NULL, NULL);
  g_assert_nonnull (strstr (msg, "garbled"));
  g_assert_nonnull (strstr (msg, "GBK"));

  store = open_store (path);
  g_assert_true (run_import (store, file, GW_IMPORT_GRIDS, NULL, "GBK", FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (query_text (store, "SELECT name FROM grids"), ==, "中山路网格");
}

/* A file of @text recoded from UTF-8 into @encoding. */
static char *
write_encoded (const char *name,
               const char *text,
               const char *encoding)
{
  gsize len = 0;
  g_autofree char *bytes = g_convert (text, -1, encoding, "UTF-8", NULL, &len, NULL);
  char *path = scratch (name);

  g_assert_nonnull (bytes);
  g_assert_false (g_utf8_validate (bytes, len, NULL));
  g_assert_true (g_file_set_contents (path, bytes, len, NULL));
  return path;
}

/* A sheet saved by Excel on a Chinese Windows is GBK: not UTF-8 but valid
 * GB18030, so read as such without being told, header included (issue
 * 15); --encoding still decides: a BIG5 sheet, which reads as GB18030 too
 * (as nonsense), comes in right when it is named. */
static void
test_gbk_csv (void)
{
  g_autofree char *path = demo_copy ();
  g_autoptr (GwStore) store = open_store (path);
  g_autoptr (GwImportReport) report = NULL, big5_report = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *file = NULL, *big5 = NULL, *msg = NULL;
  gint64 before = gw_test_query_int (store, "SELECT count(*) FROM workers");

  file = write_encoded ("gbk-workers.csv",
                        "姓名,联系电话,所属单位,备注\n"
                        "张卫东,13800138000,第一社区居委会,老党员\n"
                        "李秀英,13900139000,第二社区居委会,\n", "GBK");
  g_assert_true (run_import (store, file, GW_IMPORT_WORKERS, NULL, NULL, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_imported, ==, 2);
  g_assert_true (report_mentions (report, "UTF-8", "GB18030"));
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM workers"), ==, before + 2);
  g_assert_cmpstr (query_text (store, "SELECT phone || ' ' || org FROM workers "
                                              "WHERE name = '张卫东'"),
                   ==, "13800138000 第一社区居委会");
  g_assert_cmpstr (query_text (store, "SELECT json_extract (extra, '$.备注') FROM workers "
                                              "WHERE name = '张卫东'"), ==, "老党员");
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM workers WHERE name = '李秀英'"),
                   ==, 1);

  /* BIG5 taken for GB18030: the header is no 姓名, so no name column. */
  big5 = write_encoded ("big5-workers.csv", "姓名,phone\n陳大文,13700137000\n", "BIG5");
  msg = expect_failure (big5, GW_IMPORT_WORKERS, NULL, NULL, NULL);
  g_assert_nonnull (strstr (msg, "name"));
  g_assert_true (run_import (store, big5, GW_IMPORT_WORKERS, NULL, "BIG5", FALSE, &big5_report,
                             &error));
  g_assert_no_error (error);
  g_assert_false (report_mentions (big5_report, "not in UTF-8", ""));
  g_assert_cmpstr (query_text (store, "SELECT phone FROM workers WHERE name = '陳大文'"),
                   ==, "13700137000");
}

static void
test_lying_prj (void)
{
  double lon, lat;
  g_autofree char *file = NULL, *msg = NULL;

  demo_spot (&lon, &lat);
  /* CGCS2000 3° Gauss–Krüger zone 120°E on degree coordinates. */
  file = write_shapefile ("lying.shp", 4549, lon, lat, "370203003001901", "x");
  msg = expect_failure (file, GW_IMPORT_GRIDS, NULL, NULL, NULL);
  g_assert_nonnull (strstr (msg, ".prj"));
}

static char *
sibling (const char *shp,
         const char *ext)
{
  return g_strdup_printf ("%.*s%s", (int) strlen (shp) - 4, shp, ext);
}

static void
test_broken_shapefiles (void)
{
  g_autoptr (GwStore) demo = open_store (demo_path);
  const char *const parts[] = { ".shx", ".dbf" };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *file = scratch ("buildings.shp");
      g_autofree char *part = sibling (file, parts[i]);
      g_autofree char *msg = NULL;

      export_layer (demo, "buildings", file, "ESRI Shapefile");
      g_assert_cmpint (g_remove (part), ==, 0);
      msg = expect_failure (file, GW_IMPORT_BUILDINGS, NULL, NULL, NULL);
      g_test_message ("missing %s: %s", parts[i], msg);
      /* Said in our words, not GDAL's (SHAPE_RESTORE_SHX …). */
      g_assert_nonnull (strstr (msg, "is missing"));
      g_assert_null (strstr (msg, "SHAPE_RESTORE_SHX"));
    }
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* Cuts @part (".shp", ".shx", ".dbf") of a fresh shapefile of the demo's
 * buildings to @size(part, contents) bytes, imports it and checks the one
 * message: which file, how many of its bytes are there, from which feature
 * on nothing can be read. Nothing is read, nothing is written. */
static void
check_truncated (const char *part,
                 gsize       keep,
                 gint64      first_lost)
{
  g_autoptr (GwStore) demo = open_store (demo_path);
  g_autofree char *file = scratch ("buildings.shp");
  g_autofree char *cut = NULL, *contents = NULL, *expected = NULL;
  g_autoptr (GwImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  gsize len;

  export_layer (demo, "buildings", file, "ESRI Shapefile");
  cut = sibling (file, part);
  g_assert_true (g_file_get_contents (cut, &contents, &len, NULL));
  g_assert_cmpuint (keep, <, len);
  g_assert_true (g_file_set_contents (cut, contents, keep, NULL));
  error = expect_refusal (file, GW_IMPORT_BUILDINGS, NULL, NULL, &report);
  g_assert_error (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_TRUNCATED);
  expected = g_strdup_printf ("%s is truncated (%" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes): "
                              "feature %" G_GINT64_FORMAT " onward cannot be read", cut, keep, len,
                              first_lost);
  g_assert_cmpstr (error->message, ==, expected);
  /* Said once: no feature is listed ("empty geometry" from the cut on). */
  g_assert_cmpuint (report->lines->len, ==, 0);
  g_assert_cmpuint (report->n_read, ==, 0);
}

static void
test_truncated_shapefiles (void)
{
  g_autoptr (GwStore) demo = open_store (demo_path);
  g_autofree char *file = scratch ("buildings.shp");
  g_autofree char *shx_path = NULL, *dbf_path = NULL;
  g_autofree guint8 *shx = NULL, *dbf = NULL;
  gsize shx_len, dbf_len, record_100, record_101, dbf_header, dbf_record;

  /* Where the records lie, from an intact copy. */
  export_layer (demo, "buildings", file, "ESRI Shapefile");
  shx_path = sibling (file, ".shx");
  dbf_path = sibling (file, ".dbf");
  g_assert_true (g_file_get_contents (shx_path, (char **) &shx, &shx_len, NULL));
  g_assert_true (g_file_get_contents (dbf_path, (char **) &dbf, &dbf_len, NULL));
  g_assert_cmpuint (shx_len, >, 100 + 8 * 101);
  record_100 = 2 * (gsize) be32 (shx + 100 + 8 * 100);
  record_101 = 2 * (gsize) be32 (shx + 100 + 8 * 101);
  dbf_header = dbf[8] | dbf[9] << 8;
  dbf_record = dbf[10] | dbf[11] << 8;

  /* The .shp cut where record 100 begins, and in its middle. */
  check_truncated (".shp", record_100, 100);
  check_truncated (".shp", (record_100 + record_101) / 2, 100);
  /* The attribute table after 50 and a half rows. */
  check_truncated (".dbf", dbf_header + 50 * dbf_record + dbf_record / 2, 50);
  /* The index after 30 and a bit entries: GDAL would not even open it. */
  check_truncated (".shx", 100 + 8 * 30 + 3, 30);
}

static void
test_csv_non_numeric (void)
{
  double lon, lat;
  g_autofree char *csv = NULL, *file = NULL, *msg = NULL;
  g_autoptr (GwImportReport) report = NULL;

  demo_spot (&lon, &lat);
  csv = g_strdup_printf ("编号,类别,经度,纬度\nIMP0001,living_environment,%f,%f\nIMP0002,living_environment,东经120度,%f\n",
                         lon, lat, lat);
  file = write_text ("cases.csv", csv);
  msg = expect_failure (file, GW_IMPORT_CASES, NULL, NULL, &report);
  g_assert_true (report_mentions (report, "non-numeric", "经度"));
}

/* Imported cases speak Gridwork's vocabulary: a status, category or date
 * it does not know is a rejected row with its reason, not a case that can
 * never be advanced; two cases at one point are two cases. */
static void
test_cases_vocabulary (void)
{
  g_autofree char *path = demo_copy ();
  g_autoptr (GwStore) store = open_store (path);
  double lon, lat;
  g_autofree char *csv = NULL, *file = NULL;
  g_autoptr (GwImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GwUser) supervisor = gw_user_load (store, "supervisor", &error);
  GwImportOptions options = { 0 };

  g_assert_no_error (error);
  demo_spot (&lon, &lat);
  csv = g_strdup_printf ("编号,类别,状态,上报时间,经度,纬度\n"
                         "V1,living_environment,registered,2026-11-01 09:30:00,%f,%f\n"
                         "V2,交通出行,dispatched,2026-11-02,%f,%f\n"
                         "V3,living_environment,weird,2026-11-01,%f,%f\n"
                         "V4,nonsense,registered,2026-11-01,%f,%f\n"
                         "V5,transport,registered,not-a-date,%f,%f\n",
                         lon, lat, lon, lat, lon, lat, lon, lat, lon, lat);
  file = write_text ("vocabulary.csv", csv);
  options.target = GW_IMPORT_CASES;
  options.user = supervisor;
  options.skip_rejected = TRUE;
  g_assert_true (gw_import_run (store, file, &options, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_imported, ==, 2);
  g_assert_cmpuint (report->n_rejected, ==, 3);
  g_assert_true (report_mentions (report, "feature 3", "unknown status “weird”"));
  g_assert_true (report_mentions (report, "feature 4", "unknown category “nonsense”"));
  g_assert_true (report_mentions (report, "feature 5", "“not-a-date” is not a date"));
  g_assert_cmpstr (query_text (store, "SELECT category FROM cases WHERE code = 'V2'"), ==,
                   "transport");
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM cases WHERE code IN ('V1', 'V2')"),
                   ==, 2);
}

/* Option values and files checked before anything is read: an unknown
 * encoding, a workbook that is not one (not "unknown format"), and
 * building counts no building has. */
static void
test_bad_values (void)
{
  double lon, lat;
  g_autofree char *sq = NULL, *json = NULL, *file = NULL, *msg = NULL;
  g_autofree char *xlsx = write_text ("broken.xlsx", "PK\003\004 this is not a workbook");
  g_autofree char *csv = write_text ("fine.csv", "编号,类别\nX1,living_environment\n");
  g_autoptr (GwImportReport) report = NULL;

  msg = expect_failure (csv, GW_IMPORT_CASES, NULL, "NOPE", NULL);
  g_assert_nonnull (strstr (msg, "unknown text encoding “NOPE”"));
  g_clear_pointer (&msg, g_free);

  msg = expect_failure (xlsx, GW_IMPORT_WORKERS, NULL, NULL, NULL);
  g_assert_nonnull (strstr (msg, "not a readable Excel workbook"));
  g_clear_pointer (&msg, g_free);

  demo_spot (&lon, &lat);
  sq = square_json (lon, lat, 0.0002, FALSE);
  json = g_strdup_printf ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                          "\"properties\":{\"name\":\"高楼\",\"floors\":1e300},\"geometry\":{"
                          "\"type\":\"Polygon\",\"coordinates\":%s}}]}", sq);
  file = write_text ("tall.geojson", json);
  msg = expect_failure (file, GW_IMPORT_BUILDINGS, NULL, NULL, &report);
  g_assert_true (report_mentions (report, "floors", "is not between 0 and 300"));
  g_assert_cmpuint (report->n_rejected, ==, 1);
}

/* No field for a community's name (grids may come without codes now: they
 * get theirs by the standard): the error says which Gridwork field lacks
 * one and what the file has, and leaves how to choose one (--map, a list)
 * to the command line and the dialog. */
static void
test_unmapped_field (void)
{
  double lon, lat;
  g_autofree char *sq = NULL, *json = NULL, *file = NULL;
  g_autoptr (GwImportReport) report = NULL;
  g_autoptr (GError) error = NULL;

  demo_spot (&lon, &lat);
  sq = square_json (lon, lat, 0.0005, FALSE);
  json = g_strdup_printf ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                          "\"properties\":{\"楼号\":\"1\"},\"geometry\":{\"type\":\"Polygon\","
                          "\"coordinates\":%s}}]}", sq);
  file = write_text ("no-code.geojson", json);
  error = expect_refusal (file, GW_IMPORT_COMMUNITIES, NULL, NULL, &report);
  g_assert_error (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_UNMAPPED_FIELD);
  g_assert_cmpstr (report->missing_field, ==, "name");
  g_assert_nonnull (strstr (error->message, "no field for the name of communities (fields: 楼号)"));
  g_assert_null (strstr (error->message, "--map"));
}

static gboolean
zip_add (const char *zip,
         const char *member,
         const char *text)
{
  g_autofree char *name = g_strdup_printf ("/vsizip/%s/%s", zip, member);
  VSILFILE *fp = VSIFOpenL (name, "wb");
  size_t len = strlen (text);
  gboolean ok;

  if (fp == NULL)
    return FALSE;
  ok = VSIFWriteL (text, 1, len, fp) == len;
  return VSIFCloseL (fp) == 0 && ok;
}

#define XLSX_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define XLSX_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define XLSX_PKG "http://schemas.openxmlformats.org/package/2006/relationships"

/* A sheet as offices make them: "案件位置" merged over the 经度 and 纬度
 * columns, the real names in the second row. GDAL's XLSX writer cannot
 * merge cells, so the workbook is written by hand through /vsizip/. */
static void
test_xlsx_merged_header (void)
{
  g_autofree char *file = scratch ("merged.xlsx");
  g_autofree char *msg = NULL;
  double lon, lat;
  g_autofree char *sheet = NULL;
  char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];

  demo_spot (&lon, &lat);
  sheet = g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<worksheet xmlns=\"" XLSX_MAIN "\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c></row>"
    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"B2\" t=\"s\"><v>3</v></c></row>"
    "<row r=\"3\"><c r=\"A3\"><v>%s</v></c><c r=\"B3\"><v>%s</v></c><c r=\"C3\" t=\"s\"><v>4</v></c></row>"
    "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>",
    g_ascii_dtostr (x, sizeof x, lon), g_ascii_dtostr (y, sizeof y, lat));
  g_assert_true (zip_add (file, "[Content_Types].xml",
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
    "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
    "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
    "</Types>"));
  g_assert_true (zip_add (file, "_rels/.rels",
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<Relationships xmlns=\"" XLSX_PKG "\"><Relationship Id=\"rId1\" "
    "Type=\"" XLSX_REL "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"));
  g_assert_true (zip_add (file, "xl/workbook.xml",
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<workbook xmlns=\"" XLSX_MAIN "\" xmlns:r=\"" XLSX_REL "\">"
    "<sheets><sheet name=\"cases\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"));
  g_assert_true (zip_add (file, "xl/_rels/workbook.xml.rels",
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<Relationships xmlns=\"" XLSX_PKG "\">"
    "<Relationship Id=\"rId1\" Type=\"" XLSX_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" XLSX_REL "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "</Relationships>"));
  g_assert_true (zip_add (file, "xl/sharedStrings.xml",
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<sst xmlns=\"" XLSX_MAIN "\" count=\"5\" uniqueCount=\"5\">"
    "<si><t>案件位置</t></si><si><t>编号</t></si><si><t>经度</t></si><si><t>纬度</t></si>"
    "<si><t>IMP0001</t></si></sst>"));
  g_assert_true (zip_add (file, "xl/worksheets/sheet1.xml", sheet));

  msg = expect_failure (file, GW_IMPORT_CASES, NULL, NULL, NULL);
  g_assert_nonnull (strstr (msg, "header"));
}

/* Imported cases go through the case workflow: a first "report" event
 * into the status they came with, an audit row, and the importing user's
 * role checked. */
static void
import_case_csv (const char  *name,
                 const char  *code,
                 char       **file)
{
  double lon, lat;
  g_autofree char *csv = NULL;

  demo_spot (&lon, &lat);
  csv = g_strdup_printf ("code,category,status,lon,lat\n%s,living_environment,dispatched,%.9f,%.9f\n",
                         code, lon, lat);
  *file = write_text (name, csv);
}

static void
test_cases_workflow (void)
{
  g_autofree char *path = demo_copy (), *file = NULL, *planner_file = NULL, *by_file = NULL;
  g_autoptr (GwStore) store = open_store (path);
  g_autoptr (GwImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GwUser) planner = NULL;
  g_autoptr (GwUser) supervisor = NULL;
  g_autofree char *sql = NULL, *name = NULL;
  GwImportOptions options = { 0 };

  /* Nobody acts for an import yet: the history and the log name nobody. */
  import_case_csv ("workflow-cases.csv", "IMP0101", &file);
  g_assert_true (run_import (store, file, GW_IMPORT_CASES, NULL, NULL, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id "
                                     "WHERE c.code = 'IMP0101'"), ==, 1);
  name = g_path_get_basename (file);
  sql = g_strdup_printf ("SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id "
                         "WHERE c.code = 'IMP0101' AND e.kind = 'report' AND e.to_status = 'dispatched' "
                         "AND e.user_id IS NULL AND e.reason = 'imported from %s'", name);
  g_assert_cmpint (gw_test_query_int (store, sql), ==, 1);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM audit_log WHERE action = 'import' AND object = "
                         "'case:IMP0101' AND user_id IS NULL AND detail = '%s'", name);
  g_assert_cmpint (gw_test_query_int (store, sql), ==, 1);
  g_clear_pointer (&sql, g_free);

  /* A planner may not bring cases in: the case is refused, nothing written. */
  planner = gw_user_load (store, "planner", &error);
  g_assert_no_error (error);
  import_case_csv ("planner-cases.csv", "IMP0102", &planner_file);
  options.target = GW_IMPORT_CASES;
  options.user = planner;
  g_clear_pointer (&report, gw_import_report_free);
  g_assert_false (gw_import_run (store, planner_file, &options, &report, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (report_mentions (report, "IMP0102", "planner"));
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM cases WHERE code = 'IMP0102'"), ==, 0);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM audit_log WHERE object = 'case:IMP0102'"), ==, 0);

  /* A supervisor may, and is named in the history and the log. */
  supervisor = gw_user_load (store, "supervisor", &error);
  g_assert_no_error (error);
  import_case_csv ("supervisor-cases.csv", "IMP0103", &by_file);
  options.user = supervisor;
  g_clear_pointer (&report, gw_import_report_free);
  g_assert_true (gw_import_run (store, by_file, &options, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  sql = g_strdup_printf ("SELECT (SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id "
                         "WHERE c.code = 'IMP0103' AND e.kind = 'report' AND e.user_id = %" G_GINT64_FORMAT ") "
                         "+ (SELECT count(*) FROM audit_log WHERE object = 'case:IMP0103' "
                         "AND user_id = %" G_GINT64_FORMAT ")", supervisor->id, supervisor->id);
  g_assert_cmpint (gw_test_query_int (store, sql), ==, 2);
}

static void
test_gcj02_cases (void)
{
  double lon, lat, glon, glat;
  g_autofree char *csv = NULL, *file = NULL, *path = demo_copy ();
  g_autoptr (GwStore) store = open_store (path);
  g_autoptr (GwImportReport) report = NULL;
  g_autoptr (GError) error = NULL;

  demo_spot (&lon, &lat);
  gw_coords_wgs84_to_gcj02 (lon, lat, &glon, &glat);
  csv = g_strdup_printf ("code,category,lng,lat\nIMP0001,living_environment,%.9f,%.9f\n", glon, glat);
  file = write_text ("gcj.csv", csv);
  g_assert_true (run_import (store, file, GW_IMPORT_CASES, "gcj02", NULL, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (g_ascii_strtod (query_text (store, "SELECT X(geom) FROM cases WHERE code = 'IMP0001'"),
                                           NULL) - lon), <, 1e-7);
  g_assert_cmpfloat (fabs (g_ascii_strtod (query_text (store, "SELECT Y(geom) FROM cases WHERE code = 'IMP0001'"),
                                           NULL) - lat), <, 1e-7);
}

static void
test_dry_run (void)
{
  g_autoptr (GwStore) demo = open_store (demo_path);
  g_autofree char *file = scratch ("grids.gpkg"), *path = fresh_db ();
  g_autoptr (GwStore) store = open_store (path);
  g_autofree char *before = checksum (store);
  g_autoptr (GwImportReport) report = NULL;
  g_autoptr (GError) error = NULL;

  export_layer (demo, "grids", file, "GPKG");
  g_assert_true (run_import (store, file, GW_IMPORT_GRIDS, NULL, NULL, TRUE, &report, &error));
  g_assert_no_error (error);
  g_assert_false (report->committed);
  g_assert_cmpuint (report->n_imported, ==, gw_test_query_int (demo, "SELECT count(*) FROM grids"));
  g_ptr_array_add (kept_texts, checksum (store));
  g_assert_cmpstr (g_ptr_array_index (kept_texts, kept_texts->len - 1), ==, before);
}

static void
test_households_link (void)
{
  g_autofree char *path = demo_copy ();
  g_autoptr (GwStore) store = open_store (path);
  g_autofree char *code = gw_test_query_text (store, "SELECT code FROM dwellings ORDER BY id LIMIT 1");
  g_autofree char *csv = NULL, *file = NULL, *bad = NULL, *bad_csv = NULL, *msg = NULL;
  g_autoptr (GwImportReport) report = NULL;
  g_autoptr (GwImportReport) bad_report = NULL;
  g_autoptr (GError) error = NULL;
  gint64 before = gw_test_query_int (store, "SELECT count(*) FROM households");

  /* One unknown dwelling code: nothing at all is imported. */
  bad_csv = g_strdup_printf ("户主,房屋编码\n张三,%s\n李四,99999999999\n", code);
  bad = write_text ("bad-households.csv", bad_csv);
  msg = expect_failure (bad, GW_IMPORT_HOUSEHOLDS, NULL, NULL, &bad_report);
  g_assert_true (report_mentions (bad_report, "feature 2", "no dwelling has the code 99999999999"));

  csv = g_strdup_printf ("户主,房屋编码,联系电话\n张三,%s,13800000000\n", code);
  file = write_text ("households.csv", csv);
  g_assert_true (run_import (store, file, GW_IMPORT_HOUSEHOLDS, NULL, NULL, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM households"), ==, before + 1);
  g_assert_cmpstr (query_text (store, "SELECT d.code FROM households h JOIN dwellings d ON d.id = h.dwelling_id "
                                      "WHERE h.head_name = '张三'"), ==, code);
}

static char *
repeat (const char *text,
        guint       n)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (out, text);
  return g_string_free (out, FALSE);
}

/* A megabyte head-of-household name (a pasted cell, a broken export) is
 * refused for its feature, with the field, its length and the limit; so is
 * an extra attribute beyond a description's length. Characters count, not
 * bytes: 64 Chinese characters are a name, 65 are not. With "import the
 * rest", no long text reaches the database. */
static void
test_long_text (void)
{
  g_autofree char *path = demo_copy ();
  g_autoptr (GwStore) store = open_store (path);
  g_autofree char *code = gw_test_query_text (store, "SELECT code FROM dwellings ORDER BY id LIMIT 1");
  g_autofree char *megabyte = repeat ("x", 1 << 20);
  g_autofree char *name_64 = repeat ("王", 64);
  g_autofree char *name_65 = repeat ("王", 65);
  g_autofree char *note_4001 = repeat ("注", 4001);
  g_autofree char *csv = g_strdup_printf ("户主,房屋编码,备注\n张三,%s,\n%s,%s,\n%s,%s,\n%s,%s,\n李四,%s,%s\n",
                                          code, megabyte, code, name_64, code, name_65, code, code,
                                          note_4001);
  g_autofree char *file = write_text ("long-households.csv", csv);
  g_autofree char *msg = NULL;
  g_autoptr (GwImportReport) refused = NULL;
  g_autoptr (GwImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  GwImportOptions options = { 0 };
  gint64 before = gw_test_query_int (store, "SELECT count(*) FROM households");

  msg = expect_failure (file, GW_IMPORT_HOUSEHOLDS, NULL, NULL, &refused);
  g_assert_true (report_mentions (refused, "feature 2: ",
                                  "field “户主” is too long (1048576 characters; at most 64)"));
  g_assert_true (report_mentions (refused, "feature 4: ",
                                  "field “户主” is too long (65 characters; at most 64)"));
  g_assert_true (report_mentions (refused, "feature 5: ",
                                  "field “备注” is too long (4001 characters; at most 4000)"));
  g_assert_cmpuint (refused->n_rejected, ==, 3);

  options.target = GW_IMPORT_HOUSEHOLDS;
  options.skip_rejected = TRUE;
  g_assert_true (gw_import_run (store, file, &options, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_imported, ==, 2);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM households"), ==, before + 2);
  g_assert_cmpint (gw_test_query_int (store, "SELECT max(length(head_name)) FROM households"), ==, 64);
  g_assert_cmpint (gw_test_query_int (store, "SELECT max(length(coalesce(extra, ''))) FROM households"), <, 4000);
}

static void
cancel_when_writing (const char *stage,
                     double      fraction,
                     gpointer    user_data)
{
  /* Stage names are translated; the writing half starts at 0.5. */
  if (fraction >= 0.5)
    g_cancellable_cancel (user_data);
}

/* Cancelling in the middle of writing leaves the database as it was. */
static void
test_cancel (void)
{
  g_autoptr (GwStore) demo = open_store (demo_path);
  g_autofree char *file = scratch ("grids.gpkg"), *path = fresh_db ();
  g_autoptr (GwStore) store = open_store (path);
  g_autofree char *before = checksum (store);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GwImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  GwImportOptions options = { 0 };

  export_layer (demo, "grids", file, "GPKG");
  options.target = GW_IMPORT_GRIDS;
  g_assert_false (gw_import_run (store, file, &options, &report, cancellable, cancel_when_writing,
                                 cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (report->committed);
  g_ptr_array_add (kept_texts, checksum (store));
  g_assert_cmpstr (g_ptr_array_index (kept_texts, kept_texts->len - 1), ==, before);
}

/* Residents join the household of their dwelling; sex and birth date come
 * from the ID number when the sheet has none. */
static void
test_residents_link (void)
{
  g_autofree char *path = demo_copy ();
  g_autoptr (GwStore) store = open_store (path);
  g_autofree char *code = gw_test_query_text (store, "SELECT d.code FROM dwellings d JOIN households h "
                                             "ON h.dwelling_id = d.id ORDER BY d.id LIMIT 1");
  g_autofree char *csv = g_strdup_printf ("姓名,身份证号,房屋编码,与户主关系\n王小明,370203201503070014,%s,儿子\n",
                                          code);
  g_autofree char *file = write_text ("residents.csv", csv);
  g_autofree char *expected = g_strdup_printf ("M 2015-03-07 child %s", code);
  g_autoptr (GwImportReport) report = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (run_import (store, file, GW_IMPORT_RESIDENTS, NULL, NULL, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (query_text (store, "SELECT sex || ' ' || birth_date || ' ' || relation || ' ' || d.code "
                                      "FROM residents r JOIN households h ON h.id = r.household_id "
                                      "JOIN dwellings d ON d.id = h.dwelling_id WHERE r.name = '王小明'"),
                   ==, expected);
}

static void
test_guess_fields (void)
{
  const char *fields[] = { "OBJECTID", "网格编码", "网格名称", NULL };
  const char *b_fields[] = { "楼号", "地址", "层数", NULL };

  g_assert_cmpstr (gw_import_guess_field (GW_IMPORT_GRIDS, "code", fields), ==, "网格编码");
  g_assert_cmpstr (gw_import_guess_field (GW_IMPORT_GRIDS, "name", fields), ==, "网格名称");
  g_assert_cmpstr (gw_import_guess_field (GW_IMPORT_BUILDINGS, "name", b_fields), ==, "楼号");
  g_assert_cmpstr (gw_import_guess_field (GW_IMPORT_BUILDINGS, "address", b_fields), ==, "地址");
  g_assert_cmpstr (gw_import_guess_field (GW_IMPORT_BUILDINGS, "floors", b_fields), ==, "层数");
  g_assert_null (gw_import_guess_field (GW_IMPORT_BUILDINGS, "units", b_fields));
}

/* A valid resident ID number (GB 11643) from its first 17 digits. */
static char *
id_number_of (const char *first17)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  int sum = 0;

  for (guint i = 0; i < 17; i++)
    sum += (first17[i] - '0') * weights[i];
  return g_strdup_printf ("%s%c", first17, "10X98765432"[sum % 11]);
}

/* Columns are classified by their names, Chinese or English, and by their
 * values; ID and mobile numbers inside free text are found and masked. */
static void
test_field_classes_guess (void)
{
  g_autofree char *id = id_number_of ("37020319800101001");
  g_autofree char *text = g_strdup_printf ("联系 13812345678，证件 %s。", id);
  g_autofree char *scrubbed = gw_field_class_scrub (text);
  g_autofree char *expected = g_strdup_printf ("联系 138****5678，证件 370203********%s。", id + 14);
  g_autofree char *wrong_check = g_strdup (id);

  g_assert_cmpint (gw_field_class_guess_name ("证件号码"), ==, GW_FIELD_ID_NUMBER);
  g_assert_cmpint (gw_field_class_guess_name ("身份证号"), ==, GW_FIELD_ID_NUMBER);
  g_assert_cmpint (gw_field_class_guess_name ("ID_Card"), ==, GW_FIELD_ID_NUMBER);
  g_assert_cmpint (gw_field_class_guess_name ("手机号码"), ==, GW_FIELD_PHONE);
  g_assert_cmpint (gw_field_class_guess_name ("联系电话"), ==, GW_FIELD_PHONE);
  g_assert_cmpint (gw_field_class_guess_name ("紧急联系人电话"), ==, GW_FIELD_PHONE);
  g_assert_cmpint (gw_field_class_guess_name ("Mobile"), ==, GW_FIELD_PHONE);
  g_assert_cmpint (gw_field_class_guess_name ("hotel"), ==, GW_FIELD_PUBLIC);
  g_assert_cmpint (gw_field_class_guess_name ("监护人姓名"), ==, GW_FIELD_NAME);
  g_assert_cmpint (gw_field_class_guess_name ("现住址"), ==, GW_FIELD_ADDRESS);
  g_assert_cmpint (gw_field_class_guess_name ("备注"), ==, GW_FIELD_FREE_TEXT);
  g_assert_cmpint (gw_field_class_guess_name ("楼层"), ==, GW_FIELD_PUBLIC);

  g_assert_cmpint (gw_field_class_of_value (id), ==, GW_FIELD_ID_NUMBER);
  wrong_check[17] = wrong_check[17] == '0' ? '1' : '0';
  g_assert_cmpint (gw_field_class_of_value (wrong_check), ==, GW_FIELD_PUBLIC);
  g_assert_cmpint (gw_field_class_of_value ("+86 138-1234-5678"), ==, GW_FIELD_PHONE);
  g_assert_cmpint (gw_field_class_of_value ("12812345678"), ==, GW_FIELD_PUBLIC);
  g_assert_cmpint (gw_field_class_of_value ("01000011011"), ==, GW_FIELD_PUBLIC);

  /* A foreign header over ID numbers; remarks that are mostly phones; a
   * code column of which a few happen to look like mobiles. */
  g_assert_cmpint (gw_field_class_guess ("Kimlik", 10, 10, 0), ==, GW_FIELD_ID_NUMBER);
  g_assert_cmpint (gw_field_class_guess ("备注", 10, 0, 8), ==, GW_FIELD_PHONE);
  g_assert_cmpint (gw_field_class_guess ("编号", 10, 0, 2), ==, GW_FIELD_PUBLIC);
  g_assert_cmpint (gw_field_class_guess ("姓名", 10, 10, 0), ==, GW_FIELD_NAME);

  g_assert_cmpstr (scrubbed, ==, expected);
  g_assert_null (gw_field_class_scrub ("3号楼 2单元 302室, 电话 0532-1234567"));
}

/* The leak of issue 15: a residents sheet with ID numbers under a foreign
 * header and phones in an unnamed column, exported by a planner, lets
 * nothing personal out and is not audited as such; a supervisor's export
 * with personal data has them and is audited. */
static void
test_personal_extra_columns (void)
{
  g_autofree char *path = demo_copy ();
  g_autoptr (GwStore) store = open_store (path);
  g_autofree char *code = gw_test_query_text (store, "SELECT d.code FROM dwellings d JOIN households h "
                                             "ON h.dwelling_id = d.id ORDER BY d.id LIMIT 1");
  g_autofree char *id1 = id_number_of ("37020319800101001");
  g_autofree char *id2 = id_number_of ("37020319751231002");
  g_autofree char *csv = g_strdup_printf ("姓名,性别,出生日期,房屋编码,与户主关系,Kimlik,X7,备注\n"
                                          "赵测甲,男,1980-01-01,%s,其他,%s,13812345678,请打15912345678\n"
                                          "钱测乙,女,1975-12-31,%s,其他,%s,13998765432,无\n",
                                          code, id1, code, id2);
  g_autofree char *file = write_text ("residents-foreign.csv", csv);
  g_autofree char *planner_out = scratch ("planner.csv");
  g_autofree char *supervisor_out = scratch ("supervisor.csv");
  g_autofree char *contents = NULL, *out = NULL, *err = NULL;
  const char *import[] = { "import", path, file, "--layer", "residents", "--user", "supervisor", NULL };
  const char *planner[] = { "export", path, "--layer", "residents", "--out", planner_out,
                            "--user", "planner", NULL };
  const char *planner_personal[] = { "export", path, "--layer", "residents", "--out", planner_out,
                                     "--user", "planner", "--with-personal-data", NULL };
  const char *nobody[] = { "export", path, "--layer", "residents", "--out", planner_out, NULL };
  const char *supervisor[] = { "export", path, "--layer", "residents", "--out", supervisor_out,
                               "--user", "supervisor", "--with-personal-data", NULL };
  const char *secrets[] = { id1, id2, "13812345678", "13998765432", "15912345678", "赵测甲",
                            "Kimlik", "X7" };
  gint64 exports;

  g_unsetenv ("GRIDWORK_USER");
  g_assert_cmpint (gw_test_run_cli (import, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpstr (query_text (store, "SELECT group_concat (field || '=' || class, ',') FROM "
                                      "(SELECT * FROM field_classes WHERE layer = 'residents' "
                                      "ORDER BY field)"),
                   ==, "Kimlik=id_number,X7=phone,备注=free_text");
  exports = gw_test_query_int (store, "SELECT count(*) FROM audit_log WHERE action = 'export'");

  g_assert_cmpint (gw_test_run_cli (planner, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_get_contents (planner_out, &contents, NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    if (strstr (contents, secrets[i]) != NULL)
      g_error ("the planner's export has “%s”", secrets[i]);
  g_assert_nonnull (strstr (contents, "请打159****5678"));
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM audit_log WHERE action = 'export'"),
                   ==, exports);

  /* A planner may not ask for them; nobody may export at all. */
  g_assert_cmpint (gw_test_run_cli (planner_personal, &out, &err), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gw_test_run_cli (nobody, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "GRIDWORK_USER"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (gw_test_run_cli (supervisor, &out, &err), ==, 0);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (supervisor_out, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, id1));
  g_assert_nonnull (strstr (contents, "13998765432"));
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM audit_log WHERE action = 'export' "
                                     "AND object = 'layer:residents' AND user_id = "
                                     "(SELECT id FROM users WHERE login = 'supervisor')"),
                   ==, exports + 1);
}

static const RoundTrip round_trips[] = {
  { "GPKG", "grids.gpkg", TRUE },
  { "ESRI Shapefile", "grids.shp", TRUE },
  { "GeoJSON", "grids.geojson", FALSE },
  { "KML", "grids.kml", FALSE },
  { "CSV", "grids.csv", FALSE },
};

/* The number of points of each area read, in order. */
static void
count_rings (gint64    id,
             gint64    community_id,
             GwShape  *shape,
             gpointer  user_data)
{
  g_array_append_val ((GArray *) user_data, shape->n_points);
  gw_shape_clear (shape);
}

/* A stored geometry read from SpatiaLite's own encoding gives the same
 * rings as through AsBinary(), for every point, line and polygon of the
 * demo; a compressed one is read through AsBinary() instead. */
static void
test_spatialite_blobs (void)
{
  g_autofree char *path = demo_copy ();
  g_autoptr (GwStore) store = open_store (path);
  g_autoptr (GError) error = NULL;
  const char *tables[] = { "communities", "grids", "lots", "buildings", "roads", "cases" };
  g_autoptr (GByteArray) encoded = g_byte_array_new ();
  GwBBox box;
  guint compared = 0;

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT geom, AsBinary (geom), "
                                              "GeomFromWKB (AsBinary (geom), 4490) FROM %s "
                                              "WHERE geom IS NOT NULL", tables[t]);
      g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (store, sql, &error);

      g_assert_no_error (error);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          GwShape blob = { 0 }, wkb = { 0 };

          g_assert_true (gw_wkb_read_spatialite (sqlite3_column_blob (stmt, 0),
                                                 sqlite3_column_bytes (stmt, 0), TRUE, &blob));
          g_assert_true (gw_wkb_read_shape (sqlite3_column_blob (stmt, 1),
                                            sqlite3_column_bytes (stmt, 1), TRUE, &wkb));
          g_assert_cmpuint (blob.n_points, ==, wkb.n_points);
          g_assert_cmpuint (blob.n_rings, ==, wkb.n_rings);
          g_assert_cmpmem (blob.points, blob.n_points * sizeof (GwPoint), wkb.points,
                           wkb.n_points * sizeof (GwPoint));
          g_assert_cmpmem (blob.ring_starts, (blob.n_rings + 1) * sizeof (guint),
                           wkb.ring_starts, (wkb.n_rings + 1) * sizeof (guint));
          gw_shape_clear (&blob);
          gw_shape_clear (&wkb);
          /* Written by the writer as SpatiaLite itself would store it. */
          g_assert_true (gw_wkb_to_spatialite (sqlite3_column_blob (stmt, 1),
                                               sqlite3_column_bytes (stmt, 1), 4490, encoded, &box));
          g_assert_cmpmem (encoded->data, encoded->len, sqlite3_column_blob (stmt, 2),
                           sqlite3_column_bytes (stmt, 2));
          g_assert_cmpmem (encoded->data, encoded->len, sqlite3_column_blob (stmt, 0),
                           sqlite3_column_bytes (stmt, 0));
          compared++;
        }
    }
  g_assert_cmpuint (compared, >, 10000);

  /* Big-endian WKB, and a point with Z, as GDAL may give them. */
  {
    static const guint8 big_polygon[] = {
      0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x04,
      0x40, 0x5E, 0x16, 0x66, 0x66, 0x66, 0x66, 0x66, 0x40, 0x42, 0x0A, 0x3D, 0x70, 0xA3, 0xD7, 0x0A,
      0x40, 0x5E, 0x17, 0x0A, 0x3D, 0x70, 0xA3, 0xD7, 0x40, 0x42, 0x0A, 0x3D, 0x70, 0xA3, 0xD7, 0x0A,
      0x40, 0x5E, 0x17, 0x0A, 0x3D, 0x70, 0xA3, 0xD7, 0x40, 0x42, 0x0B, 0x85, 0x1E, 0xB8, 0x51, 0xEC,
      0x40, 0x5E, 0x16, 0x66, 0x66, 0x66, 0x66, 0x66, 0x40, 0x42, 0x0A, 0x3D, 0x70, 0xA3, 0xD7, 0x0A,
    };
    static const guint8 point_z[] = {
      0x01, 0xE9, 0x03, 0x00, 0x00,
      0x66, 0x66, 0x66, 0x66, 0x66, 0x16, 0x5E, 0x40, 0x0A, 0xD7, 0xA3, 0x70, 0x3D, 0x0A, 0x42, 0x40,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x24, 0x40,
    };
    const struct { const guint8 *wkb; gsize len; } cases[] = {
      { big_polygon, sizeof big_polygon }, { point_z, sizeof point_z },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (store, "SELECT GeomFromWKB (?1, 4490)",
                                                          &error);

        g_assert_no_error (error);
        sqlite3_bind_blob (stmt, 1, cases[i].wkb, (int) cases[i].len, SQLITE_STATIC);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        g_assert_true (gw_wkb_to_spatialite (cases[i].wkb, cases[i].len, 4490, encoded, &box));
        g_assert_cmpmem (encoded->data, encoded->len, sqlite3_column_blob (stmt, 0),
                         sqlite3_column_bytes (stmt, 0));
      }
    /* Not WKB: left for SpatiaLite to judge. */
    g_assert_false (gw_wkb_to_spatialite (point_z, sizeof point_z - 3, 4490, encoded, &box));
  }

  /* Compressed: not read by hand, still read. */
  {
    g_autoptr (sqlite3_stmt) stmt = NULL;
    GwShape shape = { 0 };
    gint64 lots = gw_test_query_int (store, "SELECT count(*) FROM lots");
    g_autoptr (GwImportStore) lookups = gw_import_store_new (store);
    g_autoptr (GArray) read = g_array_new (FALSE, FALSE, sizeof (guint));

    gw_test_exec_sql (store, "UPDATE lots SET geom = CompressGeometry (geom) WHERE id = "
                             "(SELECT min (id) FROM lots)");
    stmt = gw_store_prepare (store, "SELECT geom FROM lots ORDER BY id LIMIT 1", &error);
    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_false (gw_wkb_read_spatialite (sqlite3_column_blob (stmt, 0),
                                            sqlite3_column_bytes (stmt, 0), FALSE, &shape));
    gw_shape_clear (&shape);
    g_assert_true (gw_import_store_read_areas (lookups, GW_GEOMETRY_LOTS, count_rings, read,
                                               &error));
    g_assert_no_error (error);
    g_assert_cmpint (read->len, ==, lots);
    g_assert_cmpuint (g_array_index (read, guint, 0), >=, 4);
  }
}

/* An import into a table that already has rows writes without SpatiaLite's
 * per-row triggers and fills the R*Tree itself: the index must stay right
 * (old rows and new), the triggers must come back as they were, and the
 * new buildings must be found through the SpatialIndex. */
static void
test_index_after_import (void)
{
  g_autofree char *path = demo_copy (), *file = NULL, *triggers = NULL;
  g_autoptr (GwStore) store = open_store (path);
  g_autoptr (GwImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) lots = NULL;
  GString *json = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");
  gint64 before = gw_test_query_int (store, "SELECT count(*) FROM buildings");
  gint64 max_id = gw_test_query_int (store, "SELECT max(id) FROM buildings");
  const char *trigger_sql = "SELECT group_concat (name || sql, ';') FROM "
                            "(SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                            "AND tbl_name = 'buildings' ORDER BY name)";
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  guint n = 0;

  g_assert_cmpint (before, >, 0);
  triggers = gw_test_query_text (store, trigger_sql);
  /* A small square building at a point inside each of the first lots. */
  lots = gw_store_prepare (store, "SELECT X (PointOnSurface (geom)), Y (PointOnSurface (geom)) "
                                  "FROM lots ORDER BY id LIMIT 25", &error);
  g_assert_no_error (error);
  while (sqlite3_step (lots) == SQLITE_ROW)
    {
      double x = sqlite3_column_double (lots, 0), y = sqlite3_column_double (lots, 1);
      g_autofree char *sq = square_json (x - 1e-5, y - 1e-5, 2e-5, FALSE);

      g_string_append_printf (json, "%s{\"type\":\"Feature\",\"id\":%u,\"properties\":{\"name\":\"新%u号楼\"},"
                                    "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":%s}}",
                              n > 0 ? "," : "", n, n + 1, sq);
      min_x = MIN (min_x, x - 1e-5);
      min_y = MIN (min_y, y - 1e-5);
      max_x = MAX (max_x, x + 1e-5);
      max_y = MAX (max_y, y + 1e-5);
      n++;
    }
  g_string_append (json, "]}");
  g_assert_cmpuint (n, >=, 2);
  file = write_text ("new-buildings.geojson", json->str);
  g_string_free (json, TRUE);

  g_assert_true (run_import (store, file, GW_IMPORT_BUILDINGS, NULL, NULL, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_imported, ==, n);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM buildings"), ==, before + n);
  g_assert_cmpint (gw_test_query_int (store, "SELECT CheckSpatialIndex ('buildings', 'geom')"), ==, 1);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM idx_buildings_geom"), ==, before + n);
  g_assert_cmpstr (query_text (store, trigger_sql), ==, triggers);

  /* Every new building through the spatial index, each by its own box. */
  {
    g_autofree char *sql = g_strdup_printf (
      "SELECT count(*) FROM buildings b WHERE b.id > %" G_GINT64_FORMAT " AND b.id IN "
      "(SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'buildings' AND f_geometry_column = 'geom' "
      "AND search_frame = BuildMbr (%.9f, %.9f, %.9f, %.9f, 4490))",
      max_id, min_x, min_y, max_x, max_y);
    g_autofree char *one = g_strdup_printf (
      "SELECT count(*) FROM buildings b WHERE b.id > %" G_GINT64_FORMAT " AND b.id IN "
      "(SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'buildings' AND f_geometry_column = 'geom' "
      "AND search_frame = (SELECT PointOnSurface (geom) FROM buildings WHERE id = b.id))", max_id);

    g_assert_cmpint (gw_test_query_int (store, sql), ==, n);
    g_assert_cmpint (gw_test_query_int (store, one), ==, n);
  }

  /* The recreated triggers keep the index current for later writes. */
  g_assert_true (gw_store_exec (store, "DELETE FROM buildings WHERE id = (SELECT max(id) FROM buildings)", &error));
  g_assert_no_error (error);
  g_assert_cmpint (gw_test_query_int (store, "SELECT CheckSpatialIndex ('buildings', 'geom')"), ==, 1);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM idx_buildings_geom"), ==, before + n - 1);

  /* Importing the same file again: every building is a duplicate of one
   * just written, found without the SQL R*Tree lookups. */
  g_clear_pointer (&report, gw_import_report_free);
  g_assert_false (run_import (store, file, GW_IMPORT_BUILDINGS, NULL, NULL, FALSE, &report, &error));
  g_assert_nonnull (error);
  g_assert_true (report_mentions (report, "feature 0:", "already in the database"));
  g_assert_cmpint (gw_test_query_int (store, "SELECT CheckSpatialIndex ('buildings', 'geom')"), ==, 1);
  g_assert_cmpstr (query_text (store, trigger_sql), ==, triggers);
}

/* A number from @sql with ?1 bound to @arg. */
static double
query_double_arg (GwStore    *store,
                  const char *sql,
                  gint64      arg)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_bind_int64 (stmt, 1, arg), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_double (stmt, 0);
}

/* A grid imported over buildings gets lots from the buildings' Voronoi
 * cells clipped to it: they tile the grid, do not overlap, and each
 * building lies in exactly one of them, the one it now belongs to. */
static void
test_voronoi_lots (void)
{
  g_autofree char *path = demo_copy (), *file = NULL, *json = NULL, *sql = NULL;
  g_autoptr (GwStore) store = open_store (path);
  g_autoptr (GwImportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  gint64 grid = gw_test_query_int (store, "SELECT l.grid_id FROM buildings b JOIN lots l ON l.id = b.lot_id "
                                  "GROUP BY l.grid_id ORDER BY count(*) DESC, l.grid_id LIMIT 1");
  g_autofree char *geometry = NULL, *code = NULL;
  gint64 new_grid, n_buildings, n_lots;
  double grid_area, lots_area;

  sql = g_strdup_printf ("SELECT AsGeoJSON (geom) FROM grids WHERE id = %" G_GINT64_FORMAT, grid);
  geometry = gw_test_query_text (store, sql);
  g_free (sql);
  sql = g_strdup_printf ("SELECT substr (code, 1, 12) || '999' FROM grids WHERE id = %" G_GINT64_FORMAT, grid);
  code = gw_test_query_text (store, sql);
  json = g_strdup_printf ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":0,"
                          "\"properties\":{\"code\":\"%s\",\"name\":\"新网格\"},\"geometry\":%s}]}", code, geometry);
  file = write_text ("grid-over-buildings.geojson", json);
  /* The grid is redrawn: its old outline gives way, or the new one would
   * overlap it and be refused. */
  g_free (sql);
  sql = g_strdup_printf ("UPDATE grids SET geom = NULL WHERE id = %" G_GINT64_FORMAT, grid);
  gw_test_exec_sql (store, sql);

  g_assert_true (run_import (store, file, GW_IMPORT_GRIDS, NULL, NULL, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_imported, ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT id FROM grids WHERE code = '%s'", code);
  new_grid = gw_test_query_int (store, sql);
  g_assert_cmpint (new_grid, >, 0);

  n_buildings = query_double_arg (store, "SELECT count(*) FROM buildings WHERE ST_Contains "
                                         "((SELECT geom FROM grids WHERE id = ?1), PointOnSurface (geom))", new_grid);
  n_lots = query_double_arg (store, "SELECT count(*) FROM lots WHERE grid_id = ?1", new_grid);
  g_assert_cmpint (n_buildings, >=, 2);
  g_assert_cmpint (n_lots, >=, 2);
  g_assert_cmpint (n_lots, <=, n_buildings);
  g_assert_cmpuint (report->n_lots_generated, ==, n_lots);

  /* The lots tile the grid: their areas add up to it, they stay inside it
   * and no two overlap. */
  grid_area = query_double_arg (store, "SELECT Area (geom) FROM grids WHERE id = ?1", new_grid);
  lots_area = query_double_arg (store, "SELECT sum (Area (geom)) FROM lots WHERE grid_id = ?1", new_grid);
  g_assert_cmpfloat (grid_area, >, 0);
  g_assert_cmpfloat (fabs (lots_area - grid_area) / grid_area, <, 1e-6);
  g_assert_cmpfloat (query_double_arg (store, "SELECT count(*) FROM lots WHERE grid_id = ?1 AND NOT ST_Covers "
                                              "((SELECT Buffer (geom, 1e-9) FROM grids WHERE id = ?1), geom)",
                                       new_grid), ==, 0);
  g_assert_cmpfloat (query_double_arg (store, "SELECT count(*) FROM lots a JOIN lots b ON a.id < b.id "
                                              "WHERE a.grid_id = ?1 AND b.grid_id = ?1 AND coalesce (Area "
                                              "(ST_Intersection (a.geom, b.geom)), 0) > 1e-9 * "
                                              "(SELECT Area (geom) FROM grids WHERE id = ?1)", new_grid), ==, 0);

  /* Each building in exactly one lot of the grid: the one it belongs to. */
  g_assert_cmpfloat (query_double_arg (store, "SELECT count(*) FROM buildings b WHERE ST_Contains "
                                              "((SELECT geom FROM grids WHERE id = ?1), PointOnSurface (b.geom)) "
                                              "AND ((SELECT count(*) FROM lots l WHERE l.grid_id = ?1 AND "
                                              "ST_Contains (l.geom, PointOnSurface (b.geom))) <> 1 OR b.lot_id NOT IN "
                                              "(SELECT id FROM lots l WHERE l.grid_id = ?1 "
                                              "AND ST_Contains (l.geom, PointOnSurface (b.geom))))", new_grid), ==, 0);
  g_assert_cmpint (gw_test_query_int (store, "SELECT CheckSpatialIndex ('lots', 'geom')"), ==, 1);
  g_assert_cmpint (gw_test_query_int (store, "SELECT CheckSpatialIndex ('grids', 'geom')"), ==, 1);
}

/* A grid with no buildings gets one lot equal to it. */
static void
test_single_lot (void)
{
  g_autofree char *path = fresh_db (), *file = scratch ("grids.gpkg");
  g_autoptr (GwStore) demo = open_store (demo_path);
  g_autoptr (GwStore) store = open_store (path);
  g_autoptr (GwImportReport) report = NULL;
  g_autoptr (GError) error = NULL;

  export_layer (demo, "grids", file, "GPKG");
  g_assert_true (run_import (store, file, GW_IMPORT_GRIDS, NULL, NULL, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_lots_generated, ==, report->n_imported);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM lots"), ==, gw_test_query_int (store, "SELECT count(*) FROM grids"));
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM lots l JOIN grids g ON g.id = l.grid_id "
                                     "WHERE ST_Equals (l.geom, g.geom) = 1"), ==, report->n_imported);
  g_assert_cmpint (gw_test_query_int (store, "SELECT CheckSpatialIndex ('lots', 'geom')"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  GDALAllRegister ();
  tmp_dir = g_dir_make_tmp ("gw-test-io-XXXXXX", &error);
  g_assert_no_error (error);
  demo_path = g_build_filename (tmp_dir, "demo.sqlite", NULL);
  if (!gw_demo_generate (demo_path, GW_DEMO_SCALE_STREET, 7, NULL, NULL, NULL, &error))
    g_error ("demo: %s", error->message);

  for (guint i = 0; i < G_N_ELEMENTS (round_trips); i++)
    {
      g_autofree char *name = g_strdup_printf ("/io/round-trip/%s", round_trips[i].format);

      g_strdelimit (name + 1, " ", '-');
      g_test_add_data_func (name, &round_trips[i], test_round_trip);
    }
  g_test_add_func ("/io/round-trip/XLSX-workers", test_round_trip_xlsx_workers);
  g_test_add_func ("/io/export/personal-data", test_export_personal_data);
  g_test_add_func ("/io/export/shapefile-cpg", test_shapefile_cpg);
  g_test_add_func ("/io/export/formula-injection", test_export_formula_injection);
  g_test_add_func ("/io/fields/guess", test_guess_fields);
  g_test_add_func ("/io/fields/unmapped", test_unmapped_field);
  g_test_add_func ("/io/dry-run", test_dry_run);
  g_test_add_func ("/io/cancel", test_cancel);
  g_test_add_func ("/io/extra-attributes", test_extra_attributes);
  g_test_add_func ("/io/households/link", test_households_link);
  g_test_add_func ("/io/broken/long-text", test_long_text);
  g_test_add_func ("/io/residents/link", test_residents_link);
  g_test_add_func ("/io/personal/guess", test_field_classes_guess);
  g_test_add_func ("/io/personal/extra-columns", test_personal_extra_columns);
  g_test_add_func ("/io/cases/workflow", test_cases_workflow);
  g_test_add_func ("/io/crs/gcj02", test_gcj02_cases);
  g_test_add_func ("/io/crs/swapped", test_swapped);
  g_test_add_func ("/io/crs/elsewhere", test_elsewhere);
  g_test_add_func ("/io/crs/partly-elsewhere", test_partly_elsewhere);
  g_test_add_func ("/io/crs/metres-as-degrees", test_metres_as_degrees);
  g_test_add_func ("/io/crs/lying-prj", test_lying_prj);
  g_test_add_func ("/io/encoding/gbk-shapefile", test_gbk_shapefile);
  g_test_add_func ("/io/encoding/gbk-csv", test_gbk_csv);
  g_test_add_func ("/io/broken/invalid-and-empty", test_invalid_and_empty);
  g_test_add_func ("/io/broken/bowtie-repaired", test_bowtie_repaired);
  g_test_add_func ("/io/broken/mixed-types", test_mixed_types);
  g_test_add_func ("/io/broken/duplicates", test_duplicates);
  g_test_add_func ("/io/broken/duplicates-dense", test_duplicates_dense);
  g_test_add_func ("/io/broken/zero-features", test_zero_features);
  g_test_add_func ("/io/broken/shapefiles", test_broken_shapefiles);
  g_test_add_func ("/io/broken/truncated-shapefiles", test_truncated_shapefiles);
  g_test_add_func ("/io/broken/csv-non-numeric", test_csv_non_numeric);
  g_test_add_func ("/io/broken/bad-values", test_bad_values);
  g_test_add_func ("/io/cases/vocabulary", test_cases_vocabulary);
  g_test_add_func ("/io/broken/bad-coordinates", test_bad_coordinates);
  g_test_add_func ("/io/broken/stray-degrees", test_stray_degrees);
  g_test_add_func ("/io/broken/huge-csv-coordinate", test_huge_csv_coordinate);
  g_test_add_func ("/io/broken/xlsx-merged-header", test_xlsx_merged_header);
  g_test_add_func ("/io/index/after-import", test_index_after_import);
  g_test_add_func ("/io/areas/spatialite-blobs", test_spatialite_blobs);
  g_test_add_func ("/io/lots/voronoi", test_voronoi_lots);
  g_test_add_func ("/io/lots/single", test_single_lot);
  kept_texts = g_ptr_array_new_with_free_func (g_free);
  rc = g_test_run ();
  g_clear_pointer (&kept_texts, g_ptr_array_unref);
  {
    g_autoptr (GFile) dir = g_file_new_for_path (tmp_dir);
    g_autoptr (GFileEnumerator) children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                      0, NULL, NULL);
    GFileInfo *info;

    while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
      {
        g_autofree char *child = g_build_filename (tmp_dir, g_file_info_get_name (info), NULL);

        g_remove (child);
        g_object_unref (info);
      }
    g_rmdir (tmp_dir);
  }
  return rc;
}
