/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <string.h>

#include "gw-store.h"
#include "gw-test-store.h"
#include "gw-test-util.h"

/* A street of one's own (issue 10), built as a street office would: from
 * files it brings (written here with GDAL, not the demo) through
 * `gridwork-cli new` and `import`. The street lies in Jinan, in the CGCS2000
 * 3° Gauss–Krüger zone 39 (central meridian 117°E, EPSG:4527, eastings with
 * the zone number in front); shapes are given in metres from a corner.
 *
 *   y 600 +-------------------+-------------------+
 *         |  grid 001 | 002   |     grid 001      |   芙蓉社区 (001) west,
 *     300 +-----------+-------+-------------------+   府前社区 (002) east;
 *         |  grid 003 | 004   |     grid 002      |   the east's grids leave
 *       0 +-----------+-------+-------------------+   a strip y 580–600 bare.
 *         0          250     500                1000
 */

#define X0 39501000.0
#define Y0 4058000.0

static char *dir;
static char *password_file;

typedef struct
{
  double      x0, y0, x1, y1;
  const char *values[4];  /* per field, NULL-terminated early */
} Shape;

/* A shapefile of rectangles in EPSG:4527 with its .prj. */
static char *
write_shapes (const char          *name,
              const char * const  *fields,
              const Shape         *shapes,
              guint                n_shapes)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GDALDriverH driver = GDALGetDriverByName ("ESRI Shapefile");
  const char *options[] = { "ENCODING=UTF-8", NULL };
  OGRSpatialReferenceH srs = OSRNewSpatialReference (NULL);
  GDALDatasetH ds;
  OGRLayerH layer;

  g_assert_cmpint (OSRImportFromEPSG (srs, 4527), ==, OGRERR_NONE);
  ds = GDALCreate (driver, path, 0, 0, 0, GDT_Unknown, NULL);
  g_assert_nonnull (ds);
  layer = GDALDatasetCreateLayer (ds, "shapes", srs, wkbPolygon, (char **) options);
  g_assert_nonnull (layer);
  for (guint f = 0; fields[f] != NULL; f++)
    {
      OGRFieldDefnH defn = OGR_Fld_Create (fields[f], OFTString);

      g_assert_cmpint (OGR_L_CreateField (layer, defn, TRUE), ==, OGRERR_NONE);
      OGR_Fld_Destroy (defn);
    }
  for (guint i = 0; i < n_shapes; i++)
    {
      const Shape *s = &shapes[i];
      OGRFeatureH feature = OGR_F_Create (OGR_L_GetLayerDefn (layer));
      OGRGeometryH ring = OGR_G_CreateGeometry (wkbLinearRing);
      OGRGeometryH polygon = OGR_G_CreateGeometry (wkbPolygon);

      OGR_G_AddPoint_2D (ring, X0 + s->x0, Y0 + s->y0);
      OGR_G_AddPoint_2D (ring, X0 + s->x1, Y0 + s->y0);
      OGR_G_AddPoint_2D (ring, X0 + s->x1, Y0 + s->y1);
      OGR_G_AddPoint_2D (ring, X0 + s->x0, Y0 + s->y1);
      OGR_G_AddPoint_2D (ring, X0 + s->x0, Y0 + s->y0);
      OGR_G_AddGeometryDirectly (polygon, ring);
      OGR_F_SetGeometryDirectly (feature, polygon);
      for (guint f = 0; fields[f] != NULL && s->values[f] != NULL; f++)
        OGR_F_SetFieldString (feature, f, s->values[f]);
      g_assert_cmpint (OGR_L_CreateFeature (layer, feature), ==, OGRERR_NONE);
      OGR_F_Destroy (feature);
    }
  GDALClose (ds);
  OSRDestroySpatialReference (srs);
  return g_steal_pointer (&path);
}

static char *
write_sheet (const char *name,
             const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* lon/lat (EPSG:4490) of a point given in metres from the corner. */
static void
lonlat_of (double  x,
           double  y,
           double *lon,
           double *lat)
{
  OGRSpatialReferenceH gk = OSRNewSpatialReference (NULL), geo = OSRNewSpatialReference (NULL);
  OGRCoordinateTransformationH ct;

  OSRImportFromEPSG (gk, 4527);
  OSRImportFromEPSG (geo, 4490);
  OSRSetAxisMappingStrategy (geo, OAMS_TRADITIONAL_GIS_ORDER);
  OSRSetAxisMappingStrategy (gk, OAMS_TRADITIONAL_GIS_ORDER);
  ct = OCTNewCoordinateTransformation (gk, geo);
  *lon = X0 + x;
  *lat = Y0 + y;
  g_assert_true (OCTTransform (ct, 1, lon, lat, NULL));
  OCTDestroyCoordinateTransformation (ct);
  OSRDestroySpatialReference (gk);
  OSRDestroySpatialReference (geo);
}

/* Runs the CLI; its output when it exits with @expected. */
static char *
cli (int                 expected,
     const char * const *args)
{
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = gw_test_run_cli (args, &out, &err);

  g_test_message ("%s%s", out, err);
  g_assert_cmpint (status, ==, expected);
  return out;
}

static char *
checksum_of (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) contents, len);
}

/* A new project with the street's boundary and its two communities. */
static char *
new_street (const char *name)
{
  static const char *const street_fields[] = { "名称", "编码", NULL };
  static const Shape street[] = { { 0, 0, 1000, 600, { "泉城路街道", "370102001" } } };
  static const char *const community_fields[] = { "名称", "编码", NULL };
  static const Shape communities[] = {
    { 0, 0, 500, 600, { "芙蓉社区", "001" } },
    { 500, 0, 1000, 600, { "府前社区", "370102001002" } },
  };
  g_autofree char *db = g_build_filename (dir, name, NULL);
  g_autofree char *street_file = write_shapes ("street.shp", street_fields, street, 1);
  g_autofree char *communities_file = write_shapes ("communities.shp", community_fields,
                                                    communities, 2);
  g_autofree char *out = NULL;

  g_free (cli (0, (const char *[]) { "new", db, "--street-code", "370102001", "--street-name",
                                     "泉城路街道", "--admin", "admin", "--password-file",
                                     password_file, NULL }));
  g_free (cli (0, (const char *[]) { "import", db, street_file, "--layer", "street", "--user",
                                     "admin", NULL }));
  out = cli (0, (const char *[]) { "import", db, communities_file, "--layer", "communities",
                                   "--user", "admin", NULL });
  /* The communities fill the street: no gap, no overlap, no part outside
   * (the slivers of straight Gauss–Krüger edges curved in lon/lat are not). */
  g_assert_null (strstr (out, "gap of"));
  g_assert_null (strstr (out, "rejected)"));
  return g_steal_pointer (&db);
}

static const char *const grid_fields[] = { "备注", NULL };

/* Grids without codes; the east's northern one reaches 0.3 m into its
 * southern neighbour when @overlap. */
static char *
write_grids (const char *name,
             gboolean    overlap)
{
  const Shape grids[] = {
    { 0, 300, 250, 600, { "西北" } }, { 250, 300, 500, 600, { "东北" } },
    { 0, 0, 250, 300, { "西南" } }, { 250, 0, 500, 300, { "东南" } },
    { 500, 0, 1000, 300, { "南" } }, { 500, overlap ? 299.7 : 300, 1000, 580, { "北" } },
  };

  return write_shapes (name, grid_fields, grids, G_N_ELEMENTS (grids));
}

/* The grid holding a point (metres from the corner). */
static char *
grid_at (GwStore *store,
         double   x,
         double   y)
{
  g_autofree char *sql = NULL;
  double lon, lat;

  lonlat_of (x, y, &lon, &lat);
  sql = g_strdup_printf ("SELECT code FROM grids WHERE ST_Contains (geom, MakePoint (%.9f, %.9f, 4490))",
                         lon, lat);
  return gw_test_query_text (store, sql);
}

/* The whole walk: street, communities, grids coded by the standard,
 * buildings some outside every grid, a team sheet, departments; `info` and
 * the database say what a street office expects. */
static void
test_build (void)
{
  static const char *const building_fields[] = { "楼号", "层数", NULL };
  const Shape buildings[] = {
    { 50, 50, 60, 60, { "1号楼", "6" } }, { 150, 400, 160, 410, { "2号楼", "6" } },
    { 300, 100, 310, 110, { "3号楼", "6" } }, { 400, 400, 410, 410, { "4号楼", "6" } },
    { 600, 100, 610, 110, { "5号楼", "6" } }, { 800, 400, 810, 410, { "6号楼", "6" } },
    /* In the bare strip of the east: in no grid, kept. */
    { 700, 585, 710, 595, { "7号楼", "3" } }, { 900, 585, 910, 595, { "8号楼", "3" } },
    /* 200 m east of the street: refused. */
    { 1200, 100, 1210, 110, { "外1", "2" } },
    /* The same as 1号楼: a duplicate. */
    { 50, 50, 60, 60, { "1号楼", "6" } },
  };
  g_autofree char *db = new_street ("walk.sqlite");
  g_autofree char *grids_file = write_grids ("grids.shp", FALSE);
  g_autofree char *buildings_file = write_shapes ("buildings.shp", building_fields, buildings,
                                                  G_N_ELEMENTS (buildings));
  g_autofree char *workers_file = NULL, *departments_file = NULL;
  g_autofree char *out = NULL, *before = NULL, *after = NULL, *gap = NULL;
  g_autoptr (GwStore) store = NULL;
  g_autoptr (GError) error = NULL;
  double lon, lat;

  out = cli (0, (const char *[]) { "import", db, grids_file, "--layer", "grids", "--user", "admin",
                                   NULL });
  g_assert_nonnull (strstr (out, "6 codes given by the standard"));
  /* The bare strip: 500 × 20 m at (750, 590), in the report with its place. */
  lonlat_of (750, 590, &lon, &lat);
  gap = g_strdup_printf ("gap of 10000.0 m² between the grids of community 370102001002 (府前社区) "
                         "around %.6f, %.6f", lon, lat);
  g_assert_nonnull (strstr (out, "gap of 1000"));
  g_test_message ("expected about: %s", gap);
  g_assert_nonnull (strstr (out, "between the grids of community 370102001002 (府前社区)"));
  {
    const char *at = strstr (out, "gap of ");
    double area = g_ascii_strtod (at + 7, NULL);
    const char *around = strstr (at, "around ");
    char *end;
    double gap_lon = g_ascii_strtod (around + 7, &end);
    double gap_lat = g_ascii_strtod (end + 2, NULL);

    /* The area on the ellipsoid, to a part in a thousand of the plane's. */
    g_assert_cmpfloat (fabs (area - 10000), <, 10);
    g_assert_cmpfloat (fabs (gap_lon - lon), <, 2e-6);
    g_assert_cmpfloat (fabs (gap_lat - lat), <, 2e-6);
  }

  /* Buildings: one outside the street and a duplicate refuse the file,
   * which stays byte for byte as it was. */
  before = checksum_of (db);
  g_free (out);
  out = cli (1, (const char *[]) { "import", db, buildings_file, "--layer", "buildings", "--user",
                                   "admin", NULL });
  g_assert_nonnull (strstr (out, "feature 8: outside the street’s boundary, 200 m from it (rejected)"));
  g_assert_nonnull (strstr (out, "feature 9: duplicate of feature 0 (rejected)"));
  after = checksum_of (db);
  g_assert_cmpstr (before, ==, after);
  g_free (out);
  out = cli (0, (const char *[]) { "import", db, buildings_file, "--layer", "buildings", "--user",
                                   "admin", "--skip-rejected", NULL });
  g_assert_nonnull (strstr (out, "2 buildings lie in no grid: kept unassigned"));
  g_assert_nonnull (strstr (out, "8 imported"));

  /* OSM extracts mix points into building layers: each is reported. */
  {
    g_autofree char *json = NULL, *mixed = NULL;
    double x0, y0, x1, y1;

    lonlat_of (120, 420, &x0, &y0);
    lonlat_of (130, 430, &x1, &y1);
    json = g_strdup_printf ("{\"type\":\"FeatureCollection\",\"features\":["
                            "{\"type\":\"Feature\",\"properties\":{\"name\":\"点\"},"
                            "\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.9f,%.9f]}},"
                            "{\"type\":\"Feature\",\"properties\":{\"name\":\"9号楼\"},"
                            "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[%.9f,%.9f],"
                            "[%.9f,%.9f],[%.9f,%.9f],[%.9f,%.9f],[%.9f,%.9f]]]}}]}",
                            x0, y0, x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
    mixed = write_sheet ("mixed.geojson", json);
    g_free (out);
    out = cli (1, (const char *[]) { "import", db, mixed, "--layer", "buildings", "--user", "admin",
                                     "--dry-run", NULL });
    g_assert_nonnull (strstr (out, "feature 0: a POINT where polygons are expected"));
  }

  workers_file = write_sheet ("team.csv",
                              "姓名,电话,网格,岗位\n"
                              "王芳,13800000001,芙蓉社区第1网格,网格员\n"
                              "王芳,13800000001,370102001001002,网格员\n"
                              "李强,13800000002,370102001002001,社区民警\n"
                              "赵敏,13800000003,没有的网格,志愿者\n");
  g_free (out);
  out = cli (0, (const char *[]) { "import", db, workers_file, "--layer", "workers", "--user",
                                   "admin", "--skip-rejected", NULL });
  g_assert_nonnull (strstr (out, "no grid has the code or name “没有的网格” (rejected)"));
  departments_file = write_sheet ("departments.csv",
                                  "部门名称,联系电话,级别\n区城管局,0531-1000001,区级\n"
                                  "街道综合执法中队,0531-1000002,街道\n");
  g_free (cli (0, (const char *[]) { "import", db, departments_file, "--layer", "departments",
                                     "--user", "admin", NULL }));

  g_free (out);
  out = cli (0, (const char *[]) { "info", db, NULL });
  g_assert_nonnull (strstr (out, "communities: 2\n"));
  g_assert_nonnull (strstr (out, "grids: 6\n"));
  g_assert_nonnull (strstr (out, "buildings: 8\n"));
  g_assert_nonnull (strstr (out, "unassigned_buildings: 2\n"));
  g_assert_nonnull (strstr (out, "workers: 2\n"));
  g_assert_nonnull (strstr (out, "departments: 2\n"));

  store = gw_store_open (db, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  /* Codes by the standard: community, then north to south, west to east. */
  g_assert_cmpstr (grid_at (store, 125, 450), ==, "370102001001001");
  g_assert_cmpstr (grid_at (store, 375, 450), ==, "370102001001002");
  g_assert_cmpstr (grid_at (store, 125, 150), ==, "370102001001003");
  g_assert_cmpstr (grid_at (store, 375, 150), ==, "370102001001004");
  g_assert_cmpstr (grid_at (store, 750, 450), ==, "370102001002001");
  g_assert_cmpstr (grid_at (store, 750, 150), ==, "370102001002002");
  g_assert_cmpstr (gw_test_query_text (store, "SELECT name FROM grids WHERE code = '370102001002001'"),
                   ==, "府前社区第1网格");
  /* The unassigned ones are the two in the strip, in 府前社区. */
  g_assert_cmpstr (gw_test_query_text (store, "SELECT group_concat (b.name, ',') FROM buildings b "
                                              "JOIN lots l ON l.id = b.lot_id JOIN communities c ON "
                                              "c.id = l.community_id WHERE l.grid_id IS NULL "
                                              "AND c.name = '府前社区' ORDER BY b.id"), ==, "7号楼,8号楼");
  /* One worker in two teams, by grid name and by grid code. */
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM grid_workers gw JOIN workers w "
                                             "ON w.id = gw.worker_id WHERE w.name = '王芳' "
                                             "AND gw.role = 'community_cadre'"), ==, 2);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM grid_workers WHERE role = 'police'"),
                   ==, 1);
  g_assert_cmpstr (gw_test_query_text (store, "SELECT level FROM departments WHERE name = '区城管局'"),
                   ==, "district");
  /* Every import is in the audit log, with who did it. */
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM audit_log a JOIN users u "
                                             "ON u.id = a.user_id WHERE u.login = 'admin' "
                                             "AND a.action = 'import'"), ==, 6);
}

/* Overlapping grids refuse the file with the place and area of the
 * overlap, leaving it byte-identical; snapping within a tolerance joins
 * them. A staff member may not import the street's layers. */
static void
test_overlap_and_snap (void)
{
  g_autofree char *db = new_street ("overlap.sqlite");
  g_autofree char *grids_file = write_grids ("overlapping-grids.shp", TRUE);
  g_autofree char *out = NULL, *before = NULL, *after = NULL, *place = NULL;
  g_autofree char *department = write_sheet ("one-department.csv", "部门名称\n区民政局\n");
  double lon, lat;
  const char *at;

  before = checksum_of (db);
  out = cli (1, (const char *[]) { "import", db, grids_file, "--layer", "grids", "--user", "admin",
                                   NULL });
  /* The northern grid is coded (and written) first; the southern one
   * overlaps it by 500 × 0.3 m around (750, 299.85). */
  at = strstr (out, "overlaps grid 370102001002001 (府前社区第1网格) by ");
  g_assert_nonnull (at);
  g_assert_cmpfloat (fabs (g_ascii_strtod (at + strlen ("overlaps grid 370102001002001 (府前社区第1网格) by "),
                                           NULL) - 150), <, 1);
  lonlat_of (750, 299.85, &lon, &lat);
  place = g_strdup_printf ("around %.5f", lon);
  g_assert_nonnull (strstr (at, place));
  g_clear_pointer (&place, g_free);
  place = g_strdup_printf ("%.5f", lat);
  g_assert_nonnull (strstr (at, place));
  after = checksum_of (db);
  g_assert_cmpstr (before, ==, after);

  /* Vertices within a metre of the neighbour's are moved onto them. */
  g_free (out);
  out = cli (0, (const char *[]) { "import", db, grids_file, "--layer", "grids", "--user", "admin",
                                   "--snap", "1", NULL });
  g_assert_null (strstr (out, "overlaps"));
  g_assert_nonnull (strstr (out, "6 imported"));

  /* Grid staff import no layer of the street. */
  g_free (cli (0, (const char *[]) { "user", "add", db, "wang", "--role", "staff", "--grid",
                                     "370102001001001", "--no-password", "--user", "admin", NULL }));
  before = (g_free (before), checksum_of (db));
  g_free (cli (1, (const char *[]) { "import", db, department, "--layer", "departments", "--user",
                                     "wang", NULL }));
  g_free (after);
  after = checksum_of (db);
  g_assert_cmpstr (before, ==, after);
}

/* Buildings before grids: all kept unassigned at first, then taken into
 * the grids drawn over them; the lots they were kept in go. */
static void
test_buildings_first (void)
{
  static const char *const building_fields[] = { "楼号", NULL };
  static const Shape buildings[] = {
    { 50, 50, 60, 60, { "1号楼" } }, { 60, 400, 70, 410, { "2号楼" } },
    { 160, 400, 170, 410, { "3号楼" } }, { 700, 585, 710, 595, { "4号楼" } },
  };
  g_autofree char *db = new_street ("buildings-first.sqlite");
  g_autofree char *buildings_file = write_shapes ("first-buildings.shp", building_fields, buildings,
                                                  G_N_ELEMENTS (buildings));
  g_autofree char *grids_file = write_grids ("later-grids.shp", FALSE);
  g_autofree char *out = NULL;
  g_autoptr (GwStore) store = NULL;
  g_autoptr (GError) error = NULL;

  out = cli (0, (const char *[]) { "import", db, buildings_file, "--layer", "buildings", "--user",
                                   "admin", NULL });
  g_assert_nonnull (strstr (out, "4 buildings lie in no grid"));
  g_free (out);
  out = cli (0, (const char *[]) { "import", db, grids_file, "--layer", "grids", "--user", "admin",
                                   NULL });
  g_free (out);
  out = cli (0, (const char *[]) { "info", db, NULL });
  g_assert_nonnull (strstr (out, "unassigned_buildings: 1\n"));

  store = gw_store_open (db, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  /* 2号楼 and 3号楼 share grid 001 in Voronoi lots of their own. */
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(DISTINCT b.lot_id) FROM buildings b JOIN "
                                             "lots l ON l.id = b.lot_id JOIN grids g ON g.id = l.grid_id "
                                             "WHERE g.code = '370102001001001'"), ==, 2);
  /* No lot of no grid is left but 4号楼's. */
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM lots WHERE grid_id IS NULL"), ==, 1);
  g_assert_cmpint (gw_test_query_int (store, "SELECT CheckSpatialIndex ('lots', 'geom')"), ==, 1);
}

/* Communities without codes are numbered west to east; the part of the
 * street no community covers is reported with its place and area. */
static void
test_communities_without_codes (void)
{
  static const char *const street_fields[] = { "名称", NULL };
  static const Shape street[] = { { 0, 0, 1000, 600, { "泉城路街道" } } };
  static const char *const community_fields[] = { "名称", NULL };
  static const Shape communities[] = {
    { 300, 0, 600, 600, { "府前社区" } }, { 0, 0, 300, 600, { "芙蓉社区" } },
  };
  g_autofree char *db = g_build_filename (dir, "uncoded.sqlite", NULL);
  g_autofree char *street_file = write_shapes ("plain-street.shp", street_fields, street, 1);
  g_autofree char *communities_file = write_shapes ("uncoded.shp", community_fields, communities, 2);
  g_autofree char *out = NULL;
  g_autoptr (GwStore) store = NULL;
  g_autoptr (GError) error = NULL;
  const char *at;
  double lon, lat;

  g_free (cli (0, (const char *[]) { "new", db, "--street-code", "370102001", "--street-name",
                                     "泉城路街道", "--admin", "admin", "--password-file",
                                     password_file, NULL }));
  g_free (cli (0, (const char *[]) { "import", db, street_file, "--layer", "street", "--user",
                                     "admin", NULL }));
  out = cli (0, (const char *[]) { "import", db, communities_file, "--layer", "communities",
                                   "--user", "admin", NULL });
  g_assert_nonnull (strstr (out, "2 codes given by the standard"));
  /* The east 400 × 600 m, around (800, 300). */
  at = strstr (out, "gap of ");
  g_assert_nonnull (at);
  g_assert_cmpfloat (fabs (g_ascii_strtod (at + 7, NULL) - 240000), <, 240);
  lonlat_of (800, 300, &lon, &lat);
  at = strstr (at, "around ");
  g_assert_cmpfloat (fabs (g_ascii_strtod (at + 7, NULL) - lon), <, 2e-6);

  store = gw_store_open (db, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gw_test_query_text (store, "SELECT group_concat (name, ',') FROM "
                                              "(SELECT name FROM communities ORDER BY code)"),
                   ==, "芙蓉社区,府前社区");
  g_assert_cmpstr (gw_test_query_text (store, "SELECT min (code) FROM communities"), ==,
                   "370102001001");
}

/* A new project with the example street's places: street, communities,
 * grids and buildings (one each at 芙蓉街2号 … 20号, 府前街, 西更道街). */
static char *
example_street (const char *name)
{
  static const char *const layers[] = { "street", "communities", "grids", "buildings", NULL };
  g_autofree char *db = g_build_filename (dir, name, NULL);

  g_free (cli (0, (const char *[]) { "new", db, "--street-code", "370102001", "--street-name",
                                     "泉城路街道", "--admin", "admin", "--password-file",
                                     password_file, NULL }));
  for (guint i = 0; layers[i] != NULL; i++)
    {
      g_autofree char *file_name = g_strdup_printf ("%s.csv", layers[i]);
      g_autofree char *file = g_test_build_filename (G_TEST_DIST, "..", "data", "examples",
                                                     file_name, NULL);

      g_free (cli (0, (const char *[]) { "import", db, file, "--layer", layers[i], "--user",
                                         "admin", NULL }));
    }
  return g_steal_pointer (&db);
}

/* The rows of a sheet (CSV or XLSX) as "value|value|…" lines. */
static char *
sheet_rows (const char *path)
{
  GDALDatasetH ds = GDALOpenEx (path, GDAL_OF_VECTOR, NULL, NULL, NULL);
  GString *out = g_string_new (NULL);
  OGRLayerH layer;
  OGRFeatureH feature;

  g_assert_nonnull (ds);
  layer = GDALDatasetGetLayer (ds, 0);
  while ((feature = OGR_L_GetNextFeature (layer)) != NULL)
    {
      for (int i = 0; i < OGR_F_GetFieldCount (feature); i++)
        g_string_append_printf (out, "%s%s", i > 0 ? "|" : "", OGR_F_GetFieldAsString (feature, i));
      g_string_append_c (out, '\n');
      OGR_F_Destroy (feature);
    }
  GDALClose (ds);
  return g_string_free (out, FALSE);
}

/* A household register in every numeral style, with rows that match no
 * building: all or nothing, then the rest; the unmatched rows come back as
 * a sheet with their reasons, to fix and import again. Residents join
 * their households by number or by address and head; a mistyped ID number
 * rejects its row. */
static void
test_registers (void)
{
  g_autofree char *db = example_street ("registers.sqlite");
  g_autofree char *households = write_sheet ("households.csv",
    "户号,户主,户籍,人口数,地址\n"
    "T1,王一,户籍,2,芙蓉街2号1单元101室\n"
    "T2,王二,流动,1,芙蓉街四号二〇二\n"
    "T3,王三,人户分离,3,历下区芙蓉街６号１—３０１\n"
    "T4,王四,户籍,1,芙蓉街八号四号楼四〇一\n"
    "T5,王五,户籍,1,芙蓉街2号101室\n"
    "T6,李一,户籍,1,芙蓉街30号101室\n"
    "T7,李二,户籍,1,南门大街3号101室\n"
    "T8,李三,户籍,1,芙蓉街2号2号楼101\n"
    "T9,李四,户籍,1,芙蓉街2号\n"
    "T10,李五,户籍,1,芙蓉街2号甲101\n"
    "T11,李六,户籍,零,芙蓉街2号102\n"
    "T12,李七,户籍,1,芙蓉街2号701\n");
  g_autofree char *unmatched_csv = g_build_filename (dir, "unmatched.csv", NULL);
  g_autofree char *unmatched_xlsx = g_build_filename (dir, "unmatched.xlsx", NULL);
  g_autofree char *residents = write_sheet ("residents.csv",
    "姓名,性别,与户主关系,身份证号,户号,户主姓名,地址\n"
    "王一,男,户主,370102197503142515,T1,,\n"
    "孙丽,女,配偶,370102197806223021,,王一,芙蓉街二号一〇一\n"
    "王小一,,子女,370102200509104135,T1,,\n"
    "王二,女,户主,370102198001011244,T2,,\n"
    "无名,男,子女,370102199005010017,T99,,\n");
  g_autofree char *out = NULL, *before = NULL, *rows = NULL, *fixed = NULL, *fixed_file = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GwStore) store = NULL;
  g_autoptr (GError) error = NULL;
  static const char *reasons[] = {
    "T6|李一|户籍|1|芙蓉街30号101室|no building has the door plate 芙蓉街30号 (no number 30 on 芙蓉街)\n",
    "T7|李二|户籍|1|南门大街3号101室|no road “南门大街” in the street\n",
    "T8|李三|户籍|1|芙蓉街2号2号楼101|芙蓉街2号 has no building 2\n",
    "T9|李四|户籍|1|芙蓉街2号|芙蓉街2号 1号楼: the address names no room\n",
    "T10|李五|户籍|1|芙蓉街2号甲101|address “芙蓉街2号甲101”: cannot read “甲101” after the door "
    "number\n",
    "T11|李六|户籍|零|芙蓉街2号102|cannot read the household size “零”\n",
    "T12|李七|户籍|1|芙蓉街2号701|芙蓉街2号 1号楼 has 4 floors: no room 701\n",
    NULL
  };

  /* Unmatched rows refuse the sheet; the file stays as it was, and the
   * rows are written out with their reasons all the same. */
  before = checksum_of (db);
  out = cli (1, (const char *[]) { "import", db, households, "--layer", "households", "--user",
                                   "admin", "--unmatched", unmatched_csv, NULL });
  g_assert_nonnull (strstr (out, "feature 6: no building has the door plate 芙蓉街30号"));
  g_assert_nonnull (strstr (out, "7 unmatched rows written to"));
  g_assert_cmpstr (checksum_of (db), ==, before);
  rows = sheet_rows (unmatched_csv);
  for (guint i = 0; reasons[i] != NULL; i++)
    g_assert_nonnull (strstr (rows, reasons[i]));
  {
    g_autofree char *all = g_strjoinv ("", (char **) reasons);

    g_assert_cmpstr (rows, ==, all);
  }

  /* The rest: five households, in four dwellings made for the rooms. */
  g_free (out);
  out = cli (0, (const char *[]) { "import", db, households, "--layer", "households", "--user",
                                   "admin", "--skip-rejected", "--unmatched", unmatched_xlsx, NULL });
  g_assert_nonnull (strstr (out, "4 dwellings created"));
  g_assert_nonnull (strstr (out, "5 imported"));
  g_free (rows);
  rows = sheet_rows (unmatched_xlsx);
  g_assert_nonnull (strstr (rows, reasons[1]));
  store = gw_store_open (db, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM households"), ==, 5);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM dwellings"), ==, 4);
  g_assert_cmpstr (gw_test_query_text (store, "SELECT group_concat (b.address || ' ' || d.unit || "
                                              "'-' || d.floor || '-' || d.room || ' ' || h.hukou "
                                              "|| ' ' || h.size, ', ') FROM (SELECT * FROM "
                                              "households ORDER BY id) h JOIN dwellings d ON d.id "
                                              "= h.dwelling_id JOIN buildings b ON b.id = "
                                              "d.building_id"),
                   ==, "芙蓉街2号 1-1-101 local 2, 芙蓉街4号 1-2-202 floating 1, "
                       "芙蓉街6号 1-3-301 separated 3, 芙蓉街8号 1-4-401 local 1, "
                       "芙蓉街2号 1-1-101 local 1");
  /* New dwellings get 11-digit codes, unique. */
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(DISTINCT code) FROM dwellings "
                                             "WHERE length (code) = 11"), ==, 4);

  /* One row fixed in the unmatched sheet: only it comes in; its reason
   * is not kept as an attribute. */
  g_assert_true (g_file_get_contents (unmatched_csv, &contents, NULL, NULL));
  {
    g_auto (GStrv) halves = g_strsplit (contents, "芙蓉街30号101室", 2);

    fixed = g_strjoinv ("芙蓉街10号101室", halves);
  }
  fixed_file = write_sheet ("fixed.csv", fixed);
  g_free (out);
  out = cli (0, (const char *[]) { "import", db, fixed_file, "--layer", "households", "--user",
                                   "admin", "--skip-rejected", NULL });
  g_assert_nonnull (strstr (out, "1 imported"));
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM households h JOIN dwellings d "
                                             "ON d.id = h.dwelling_id JOIN buildings b ON b.id = "
                                             "d.building_id WHERE h.number = 'T6' AND b.address = "
                                             "'芙蓉街10号' AND h.extra IS NULL"), ==, 1);

  /* Residents: by household number, by address and head; a bad check
   * digit and an unknown household number are rejected with the reason. */
  g_free (out);
  out = cli (0, (const char *[]) { "import", db, residents, "--layer", "residents", "--user",
                                   "admin", "--skip-rejected", NULL });
  g_assert_nonnull (strstr (out, "feature 4: the ID number’s check digit is 4, it should be 5"));
  g_assert_nonnull (strstr (out, "feature 5: no household has the number T99"));
  g_assert_nonnull (strstr (out, "3 imported"));
  g_assert_cmpstr (gw_test_query_text (store, "SELECT group_concat (r.name || ' ' || r.sex || ' ' "
                                              "|| r.birth_date || ' ' || r.relation, ', ') FROM "
                                              "residents r JOIN households h ON h.id = "
                                              "r.household_id WHERE h.number = 'T1'"),
                   ==, "王一 M 1975-03-14 head, 孙丽 F 1978-06-22 spouse, 王小一 M 2005-09-10 child");
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM residents"), ==, 3);
}

/* The README's walk-through on data/examples/ keeps working. */
static void
test_examples (void)
{
  static const char *const layers[] = {
    "street", "communities", "grids", "buildings", "workers", "departments", NULL
  };
  g_autofree char *db = g_build_filename (dir, "examples.sqlite", NULL);
  g_autofree char *out = NULL;

  g_free (cli (0, (const char *[]) { "new", db, "--street-code", "370102001", "--street-name",
                                     "泉城路街道", "--admin", "admin", "--password-file",
                                     password_file, NULL }));
  for (guint i = 0; layers[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.csv", layers[i]);
      g_autofree char *file = g_test_build_filename (G_TEST_DIST, "..", "data", "examples", name,
                                                     NULL);

      g_free (cli (0, (const char *[]) { "import", db, file, "--layer", layers[i], "--user",
                                         "admin", NULL }));
    }
  /* The registers: the rows that match nothing are left out. */
  for (guint i = 0; i < 2; i++)
    {
      const char *layer = i == 0 ? "households" : "residents";
      g_autofree char *name = g_strdup_printf ("%s.csv", layer);
      g_autofree char *file = g_test_build_filename (G_TEST_DIST, "..", "data", "examples", name,
                                                     NULL);

      g_free (cli (0, (const char *[]) { "import", db, file, "--layer", layer, "--user", "admin",
                                         "--skip-rejected", NULL }));
    }
  out = cli (0, (const char *[]) { "info", db, NULL });
  g_assert_nonnull (strstr (out, "dwellings: 6\nhouseholds: 6\nresidents: 7\n"));
  g_assert_nonnull (strstr (out, "communities: 3\ngrids: 6\n"));
  g_assert_nonnull (strstr (out, "buildings: 30\nunassigned_buildings: 10\n"));
  g_assert_nonnull (strstr (out, "workers: 5\ndepartments: 3\n"));
}

/* A street with buildings only (issue 10): they are kept and counted, the
 * map can show them; importing the communities afterwards moves each into
 * its community and no trace of the waiting place is left. */
static void
test_before_communities (void)
{
  g_autofree char *db = g_build_filename (dir, "before-communities.sqlite", NULL);
  g_autofree char *buildings = g_test_build_filename (G_TEST_DIST, "..", "data", "examples",
                                                      "buildings.csv", NULL);
  g_autofree char *communities = g_test_build_filename (G_TEST_DIST, "..", "data", "examples",
                                                        "communities.csv", NULL);
  g_autofree char *out = NULL;
  g_autoptr (GwStore) store = NULL;
  g_autoptr (GError) error = NULL;

  g_free (cli (0, (const char *[]) { "new", db, "--street-code", "370102001", "--street-name",
                                     "泉城路街道", "--admin", "admin", "--password-file",
                                     password_file, NULL }));
  out = cli (0, (const char *[]) { "import", db, buildings, "--layer", "buildings", "--user",
                                   "admin", NULL });
  g_assert_nonnull (strstr (out, "30 buildings kept before the street has communities"));
  g_clear_pointer (&out, g_free);
  out = cli (0, (const char *[]) { "info", db, NULL });
  g_assert_nonnull (strstr (out, "communities: 0\n"));
  g_assert_nonnull (strstr (out, "buildings: 30\nunassigned_buildings: 30\n"));
  g_clear_pointer (&out, g_free);
  out = cli (0, (const char *[]) { "info", db, "--checklist", NULL });
  g_assert_nonnull (strstr (out, "communities\tmissing\t"));
  g_assert_nonnull (strstr (out, "buildings\tpartial\t"));
  g_clear_pointer (&out, g_free);

  out = cli (0, (const char *[]) { "import", db, communities, "--layer", "communities", "--user",
                                   "admin", NULL });
  g_assert_nonnull (strstr (out, "moved into their communities"));
  g_clear_pointer (&out, g_free);
  store = gw_store_open (db, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM communities"), ==, 3);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM buildings b JOIN lots l ON "
                                             "l.id = b.lot_id JOIN communities c ON c.id = "
                                             "l.community_id WHERE ST_Intersects (c.geom, "
                                             "ST_PointOnSurface (b.geom)) = 1"), ==, 30);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  GDALAllRegister ();
  dir = gw_test_make_tmp_dir ("gw-test-own-street");
  password_file = write_sheet ("password", "own-street-secret\n");
  g_test_add_func ("/own-street/build", test_build);
  g_test_add_func ("/own-street/overlap-and-snap", test_overlap_and_snap);
  g_test_add_func ("/own-street/buildings-first", test_buildings_first);
  g_test_add_func ("/own-street/before-communities", test_before_communities);
  g_test_add_func ("/own-street/communities-without-codes", test_communities_without_codes);
  g_test_add_func ("/own-street/registers", test_registers);
  g_test_add_func ("/own-street/examples", test_examples);
  status = g_test_run ();
  gw_test_remove_tree (dir);
  return status;
}
