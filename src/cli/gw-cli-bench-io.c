/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-cli"

#include "config.h"

#include <gdal.h>
#include <gdal_utils.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "gw-cli.h"
#include "gw-export.h"
#include "gw-import.h"
#include "gw-store-maintenance.h"

/* Import figures (issue 4): the database's buildings exported to a
 * Shapefile, imported into a copy of the database, set beside ogr2ogr
 * loading the same file into SpatiaLite. */

static void
remove_dir (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      g_remove (child);
    }
  g_rmdir (dir);
}

/* ogr2ogr loading @shp into a new SpatiaLite file @out, in ms; 0 when it
 * could not be run. */
static double
time_ogr2ogr (const char *shp,
              const char *ogr_out)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *ogr2ogr = NULL;
  double ogr_ms = 0;
  gint64 start;

  ogr2ogr = g_find_program_in_path ("ogr2ogr");
  if (ogr2ogr == NULL)
    {
      /* Without gdal-bin, the same translation through libgdal's
       * GDALVectorTranslate (what ogr2ogr runs), minus process start-up. */
      char *args[] = { "-f", "SQLite", "-dsco", "SPATIALITE=YES", NULL };
      GDALVectorTranslateOptions *vt = GDALVectorTranslateOptionsNew (args, NULL);
      GDALDatasetH src, dst;
      int usage_error = FALSE;

      start = g_get_monotonic_time ();
      src = GDALOpenEx (shp, GDAL_OF_VECTOR, NULL, NULL, NULL);
      dst = src != NULL ? GDALVectorTranslate (ogr_out, NULL, 1, &src, vt, &usage_error) : NULL;
      if (dst != NULL)
        GDALClose (dst);
      if (dst != NULL)
        {
          ogr_ms = gw_bench_ms_since (start);
          gw_bench_figure ("io_ogr2ogr_spatialite", ogr_ms, "ms",
                           "GDALVectorTranslate in process; ogr2ogr is not installed");
        }
      else
        printf ("io_ogr2ogr_spatialite: skipped (ogr2ogr is not installed and "
                "GDALVectorTranslate failed)\n");
      if (src != NULL)
        GDALClose (src);
      GDALVectorTranslateOptionsFree (vt);
    }
  else
    {
      const char *argv[] = { ogr2ogr, "-f", "SQLite", "-dsco", "SPATIALITE=YES", ogr_out, shp,
                             NULL };
      int status = 0;

      start = g_get_monotonic_time ();
      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                         NULL, NULL, &status, &error)
          || !g_spawn_check_wait_status (status, &error))
        gw_bench_fail ("ogr2ogr", error);
      else
        {
          ogr_ms = gw_bench_ms_since (start);
          gw_bench_figure ("io_ogr2ogr_spatialite", ogr_ms, "ms", NULL);
        }
    }
  return ogr_ms;
}

void
gw_bench_io (const char *db_path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = NULL;
  g_autoptr (GwStore) copy = NULL;
  g_autoptr (GwImportReport) report = NULL;
  g_autofree char *dir = NULL, *shp = NULL, *copy_path = NULL, *ogr_out = NULL;
  GwExportOptions export_options = { 0 };
  GwImportOptions import_options = { 0 };
  guint n = 0;
  gint64 start;
  double import_ms = 0, ogr_ms = 0;

  dir = g_dir_make_tmp ("gridwork-bench-io-XXXXXX", &error);
  if (dir == NULL)
    {
      gw_bench_fail ("io", error);
      return;
    }
  shp = g_build_filename (dir, "buildings.shp", NULL);
  copy_path = g_build_filename (dir, "copy.sqlite", NULL);
  ogr_out = g_build_filename (dir, "ogr2ogr.sqlite", NULL);

  store = gw_store_open (db_path, GW_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      gw_bench_fail ("io", error);
      goto out;
    }
  export_options.layer = "buildings";
  export_options.format = "ESRI Shapefile";
  start = g_get_monotonic_time ();
  if (!gw_export_run (store, shp, &export_options, &n, &error))
    {
      gw_bench_fail ("export buildings", error);
      goto out;
    }
  gw_bench_figure ("io_export_buildings_shp", gw_bench_ms_since (start), "ms", "%u buildings", n);

  /* A consistent copy of the whole database, WAL included. */
  if (!gw_store_copy_to (store, copy_path, &error))
    {
      gw_bench_fail ("copy", error);
      goto out;
    }
  copy = gw_store_open (copy_path, GW_STORE_OPEN_DEFAULT, &error);
  if (copy == NULL)
    {
      gw_bench_fail ("copy", error);
      goto out;
    }
  /* A fresh copy: everything that hangs on buildings goes (the lots and
   * grids the buildings fall in stay). */
  if (!gw_store_clear_buildings (copy, &error))
    {
      gw_bench_fail ("copy", error);
      goto out;
    }
  import_options.target = GW_IMPORT_BUILDINGS;
  import_options.skip_rejected = TRUE;
  start = g_get_monotonic_time ();
  if (!gw_import_run (copy, shp, &import_options, &report, NULL, NULL, NULL, &error))
    {
      gw_bench_fail ("import buildings", error);
      goto out;
    }
  import_ms = gw_bench_ms_since (start);
  gw_bench_figure ("io_import_buildings_shp", import_ms, "ms", "%u imported, %u rejected",
                   report->n_imported, report->n_rejected);

  ogr_ms = time_ogr2ogr (shp, ogr_out);
  /* The target of issue 4: no slower than ogr2ogr (≤ 1). */
  if (ogr_ms > 0)
    gw_bench_figure ("io_import_vs_ogr2ogr", import_ms / ogr_ms, "", NULL);

out:
  g_clear_object (&copy);
  remove_dir (dir);
}
