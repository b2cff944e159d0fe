/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-cli"

#include "config.h"

#include <gdal.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdio.h>

#include "gw-cli.h"
#include "gw-geometry.h"
#include "gw-import.h"
#include "gw-import-store.h"
#include "gw-store-maintenance.h"
#include "gw-util.h"
#include "gw-wkb.h"

/* `gridwork-cli bench --import-scale N[,N…] DB` (issue 15): N buildings
 * packed into the street (each within a few metres of its neighbours, as in
 * a dense old quarter), written to a Shapefile and imported into a copy of
 * the database whose own buildings were removed. One building in
 * DUPLICATE_EVERY comes twice, the second time with its ring starting at
 * another corner (the same polygon, other bytes), so the duplicate check
 * has true duplicates to find among many near ones. */

#define DUPLICATE_EVERY 1000

/* A ring of 4 corners, closed, starting at corner @start. */
static OGRGeometryH
square (double x,
        double y,
        double half_w,
        double half_h,
        int    start)
{
  const double corners[4][2] = { { x - half_w, y - half_h }, { x + half_w, y - half_h },
                                 { x + half_w, y + half_h }, { x - half_w, y + half_h } };
  OGRGeometryH ring = OGR_G_CreateGeometry (wkbLinearRing);
  OGRGeometryH polygon = OGR_G_CreateGeometry (wkbPolygon);

  for (int i = 0; i <= 4; i++)
    OGR_G_AddPoint_2D (ring, corners[(start + i) % 4][0], corners[(start + i) % 4][1]);
  OGR_G_AddGeometryDirectly (polygon, ring);
  return polygon;
}

static gboolean
add_building (OGRLayerH     layer,
              OGRGeometryH  polygon,
              int           floors)
{
  OGRFeatureH feature = OGR_F_Create (OGR_L_GetLayerDefn (layer));
  gboolean ok;

  OGR_F_SetFieldInteger (feature, 0, floors);
  OGR_F_SetGeometryDirectly (feature, polygon);
  ok = OGR_L_CreateFeature (layer, feature) == OGRERR_NONE;
  OGR_F_Destroy (feature);
  return ok;
}

/* The communities' polygons: the buildings are put only inside them, as a
 * real file of the street's buildings would be (one outside them costs a
 * distance to the street's boundary, which is not what is measured). */
static void
community_add (gint64    id,
               gint64    community_id,
               GwShape  *shape,
               gpointer  user_data)
{
  if (shape->n_rings > 0)
    g_array_append_val ((GArray *) user_data, *shape);
  else
    gw_shape_clear (shape);
}

static gboolean
in_communities (GArray *communities,
                double  x,
                double  y)
{
  for (guint c = 0; c < communities->len; c++)
    if (gw_shape_contains (&g_array_index (communities, GwShape, c), x, y))
      return TRUE;
  return FALSE;
}

static OGRLayerH
create_layer (GDALDatasetH   ds,
              const char    *path,
              GError       **error)
{
  OGRSpatialReferenceH srs = OSRNewSpatialReference (NULL);
  OGRLayerH layer = NULL;
  OGRFieldDefnH field;

  OSRImportFromEPSG (srs, 4490);
  OSRSetAxisMappingStrategy (srs, OAMS_TRADITIONAL_GIS_ORDER);
  if (ds != NULL)
    layer = GDALDatasetCreateLayer (ds, "buildings", srs, wkbPolygon, NULL);
  OSRDestroySpatialReference (srs);
  if (layer == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path, CPLGetLastErrorMsg ());
      return NULL;
    }
  field = OGR_Fld_Create ("floors", OFTInteger);
  OGR_L_CreateField (layer, field, TRUE);
  OGR_Fld_Destroy (field);
  return layer;
}

/* Writes about @n buildings (and their duplicates, counted in
 * @n_duplicates) on a jittered lattice over the communities within
 * @extent into the Shapefile @path; @n_written: how many in all. */
static gboolean
write_dense_buildings (const char    *path,
                       const GwBBox  *extent,
                       GArray        *communities,
                       guint          n,
                       guint         *n_written,
                       guint         *n_duplicates,
                       GError       **error)
{
  GDALDriverH driver;
  GDALDatasetH ds;
  OGRLayerH layer;
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261120);
  double w = extent->max_x - extent->min_x, h = extent->max_y - extent->min_y;
  double aspect = w * cos ((extent->min_y + extent->max_y) / 2 * G_PI / 180) / h;
  guint n_inside = 0, cols, rows, n_cells, n_buildings = 0;
  double dx, dy;
  gboolean ok = TRUE;

  /* How much of the box the communities cover, to size the lattice. */
  for (guint i = 0; i < 4096; i++)
    n_inside += in_communities (communities,
                                g_rand_double_range (rand, extent->min_x, extent->max_x),
                                g_rand_double_range (rand, extent->min_y, extent->max_y));
  n_cells = (guint) ceil (n * 4096.0 / MAX (n_inside, 1) * 1.02);
  cols = MAX (1, (guint) ceil (sqrt (n_cells * aspect)));
  rows = (n_cells + cols - 1) / cols;
  dx = w / cols;
  dy = h / rows;

  *n_duplicates = 0;
  GDALAllRegister ();
  driver = GDALGetDriverByName ("ESRI Shapefile");
  ds = driver != NULL ? GDALCreate (driver, path, 0, 0, 0, GDT_Unknown, NULL) : NULL;
  layer = create_layer (ds, path, error);
  for (guint i = 0; layer != NULL && ok && i < (guint64) cols * rows && n_buildings < n; i++)
    {
      /* 60 % of the cell, moved by up to 15 % of it: neighbours are a few
       * metres apart, well within the 11 m of a loose box tolerance. */
      double x = extent->min_x + (i % cols + 0.5 + g_rand_double_range (rand, -0.15, 0.15)) * dx;
      double y = extent->min_y + (i / cols + 0.5 + g_rand_double_range (rand, -0.15, 0.15)) * dy;
      int floors = g_rand_int_range (rand, 1, 30);

      if (!in_communities (communities, x, y))
        continue;
      ok = add_building (layer, square (x, y, 0.3 * dx, 0.3 * dy, 0), floors);
      if (ok && n_buildings % DUPLICATE_EVERY == DUPLICATE_EVERY / 2)
        {
          ok = add_building (layer, square (x, y, 0.3 * dx, 0.3 * dy, 2), floors);
          (*n_duplicates)++;
        }
      n_buildings++;
    }
  if (layer != NULL && !ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path, CPLGetLastErrorMsg ());
  if (ds != NULL)
    GDALClose (ds);
  *n_written = n_buildings + *n_duplicates;
  return layer != NULL && ok;
}

static void
bench_one_scale (const char *db_path,
                 guint       n)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = NULL;
  g_autoptr (GwImportReport) report = NULL;
  g_autofree char *dir = NULL, *copy = NULL, *shp = NULL;
  g_autoptr (GArray) communities = g_array_new (FALSE, FALSE, sizeof (GwShape));
  GwImportStore *lookups;
  GwImportOptions options = { 0 };
  GwBBox extent;
  gboolean have_street;
  guint n_duplicates = 0, n_written = 0;
  gint64 start;
  double ms;

  copy = gw_bench_copy_database (db_path, &dir, &error);
  if (copy != NULL)
    store = gw_store_open (copy, GW_STORE_OPEN_DEFAULT, &error);
  if (store == NULL || !gw_store_clear_buildings (store, &error))
    {
      gw_bench_fail ("import scale", error);
      goto out;
    }
  lookups = gw_import_store_new (store);
  have_street = gw_import_store_street_extent (lookups, &extent)
                && gw_import_store_read_areas (lookups, GW_GEOMETRY_COMMUNITIES, community_add,
                                               communities, NULL)
                && communities->len > 0;
  gw_import_store_free (lookups);
  if (!have_street)
    {
      fprintf (stderr, "gridwork-cli bench: %s\n", _("The database has no communities to import buildings into"));
      goto out;
    }

  shp = g_build_filename (dir, "dense.shp", NULL);
  start = g_get_monotonic_time ();
  if (!write_dense_buildings (shp, &extent, communities, n, &n_written, &n_duplicates, &error))
    {
      gw_bench_fail ("import scale", error);
      goto out;
    }
  printf ("import_scale_%u_write_shp: %.1f ms (%u buildings, %u of them twice)\n", n,
          gw_bench_ms_since (start), n_written, n_duplicates);

  options.target = GW_IMPORT_BUILDINGS;
  options.skip_rejected = TRUE;
  start = g_get_monotonic_time ();
  if (!gw_import_run (store, shp, &options, &report, NULL, NULL, NULL, &error))
    {
      gw_bench_fail ("import scale", error);
      goto out;
    }
  ms = gw_bench_ms_since (start);
  printf ("import_scale_%u: %.1f ms (%u imported, %u rejected, %u duplicates planted; "
          "%.1f µs a building)\n", n, ms, report->n_imported, report->n_rejected, n_duplicates,
          ms * 1000 / MAX (n_written, 1));
  printf ("import_scale_%u_peak_rss: %.1f MiB\n", n, gw_peak_rss_kib () / 1024.0);

out:
  for (guint i = 0; i < communities->len; i++)
    gw_shape_clear (&g_array_index (communities, GwShape, i));
  g_clear_object (&store);
  gw_bench_remove_copy (dir);
}

/* The import figures at each of @sizes (a comma-separated list). */
int
gw_bench_import_scale (const char *db_path,
                       const char *sizes)
{
  g_auto (GStrv) parts = g_strsplit (sizes, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, 10000000, &n, NULL))
        {
          fprintf (stderr, "gridwork-cli bench: %s\n",
                   _("--import-scale takes building counts from 1 to 10000000, "
                     "separated by commas"));
          return 2;
        }
    }
  for (guint i = 0; parts[i] != NULL; i++)
    bench_one_scale (db_path, (guint) g_ascii_strtoull (parts[i], NULL, 10));
  return 0;
}
