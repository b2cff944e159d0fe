/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-app-io"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "gw-demo.h"
#include "gw-export-dialog.h"
#include "gw-export.h"
#include "gw-accounts.h"
#include "gw-checklist-window.h"
#include "gw-import-dialog.h"
#include "gw-print-dialog.h"
#include "gw-project.h"
#include "gw-user-picker.h"
#include "gw-store-private.h"
#include "gw-util.h"
#include "gw-window.h"
#include "gw-test-app.h"
#include "gw-test-store.h"
#include "gw-test-util.h"

/* The import dialog as a user drives it — a file, a target, the field
 * mapping, Check, then Import in its thread — and the export dialog, on a
 * copy of the demo street open in the window. The store is checked through
 * a second connection, the map through the window's snapshot. */

static char *tmp_dir;

typedef struct
{
  char     *path;
  GwWindow *window;
  GwStore  *store;      /* a second connection, to check what was committed */
} Fixture;

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
dialog_idle (gpointer data)
{
  return !gw_import_dialog_is_running (data);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static int n;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("io-%d.sqlite", ++n);

  f->path = gw_test_demo_copy (tmp_dir, name);
  f->window = gw_test_window_open (f->path);

  f->store = gw_store_open (f->path, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gw_test_window_close (f->window);
  g_clear_object (&f->store);
  gw_test_remove_database (f->path);
  g_free (f->path);
}

static GwStoreCounts
counts_of (GwStore *store)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = gw_now ();
  GwStoreCounts counts;

  g_assert_true (gw_store_count (store, now, &counts, &error));
  g_assert_no_error (error);
  return counts;
}

/* Two small buildings inside the largest lot of the demo street, with
 * Chinese field names as a survey office delivers them; moved @dx metres
 * east (mercator) when not 0. */
static char *
write_buildings_file_at (Fixture *f,
                         double   dx)
{
  GwMapSnapshot *snapshot = gw_window_get_snapshot (f->window);
  const GwFeature *lot = NULL;
  double best = 0;
  g_autoptr (GString) json = g_string_new ("{\"type\":\"FeatureCollection\",\"features\":[");
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (tmp_dir, "new-buildings.geojson", NULL);

  for (guint i = 0; i < gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_LOT); i++)
    {
      const GwFeature *candidate = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_LOT, i);
      double area = fabs (gw_shape_ring_area (&candidate->shape, 0));

      if (area > best)
        {
          best = area;
          lot = candidate;
        }
    }
  g_assert_nonnull (lot);
  for (guint b = 0; b < 2; b++)
    {
      /* 6 m squares a few metres apart around a point inside the lot. */
      double cx = lot->label_point.x + (b == 0 ? -5.0 : 5.0) + dx, cy = lot->label_point.y;
      double corners[5][2] = { { -3, -3 }, { 3, -3 }, { 3, 3 }, { -3, 3 }, { -3, -3 } };
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_assert_true (dx != 0 || gw_shape_contains (&lot->shape, cx, cy));
      g_string_append_printf (json, "%s{\"type\":\"Feature\",\"properties\":{\"楼号\":\"新%u号楼\","
                              "\"地址\":\"测试路%u号\",\"层数\":%u,\"备注\":\"测绘\"},"
                              "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[",
                              b > 0 ? "," : "", b + 1, b + 1, 3 + b);
      for (guint c = 0; c < 5; c++)
        {
          double lon, lat;

          gw_mercator_to_lonlat (cx + corners[c][0], cy + corners[c][1], &lon, &lat);
          g_string_append_printf (json, "%s[%s,", c > 0 ? "," : "",
                                  g_ascii_formatd (buf, sizeof buf, "%.8f", lon));
          g_string_append_printf (json, "%s]", g_ascii_formatd (buf, sizeof buf, "%.8f", lat));
        }
      g_string_append (json, "]]}}");
    }
  g_string_append (json, "]}");
  g_assert_true (g_file_set_contents (path, json->str, -1, &error));
  g_assert_no_error (error);
  return path;
}

static char *
write_buildings_file (Fixture *f)
{
  return write_buildings_file_at (f, 0);
}

static GwImportDialog *
open_dialog (Fixture *f)
{
  GwImportDialog *dialog = gw_import_dialog_new (f->window);

  gtk_window_present (GTK_WINDOW (dialog));
  gw_test_iterate_until_idle ();
  return dialog;
}

static void
close_dialog (GwImportDialog *dialog)
{
  g_object_ref (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gw_test_iterate_until_idle ();
  g_assert_finalize_object (dialog);
}

typedef struct
{
  GwWindow *window;
  guint     n;
} BuildingWait;

static gboolean
snapshot_has_buildings (gpointer data)
{
  BuildingWait *wait = data;
  GwMapSnapshot *snapshot = gw_window_get_snapshot (wait->window);

  return snapshot != NULL
         && gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_BUILDING) == wait->n;
}

static void
test_import_buildings (Fixture       *f,
                       gconstpointer  data)
{
  BuildingWait building_wait;
  g_autofree char *file = write_buildings_file (f);
  GwStoreCounts before = counts_of (f->store), after;
  guint map_before = gw_map_snapshot_get_n_features (gw_window_get_snapshot (f->window),
                                                     GW_FEATURE_BUILDING);
  GwImportDialog *dialog = open_dialog (f);
  g_autofree char *report = NULL;
  g_autofree char *final = NULL;
  GwMapSnapshot *snapshot;
  gboolean found = FALSE;

  g_assert_true (gw_import_dialog_set_file (dialog, file));
  g_assert_null (gw_import_dialog_get_message (dialog));
  g_assert_cmpuint (gw_import_dialog_get_n_preview_rows (dialog), ==, 2);
  g_assert_cmpuint (gw_import_dialog_get_n_preview_shapes (dialog), ==, 2);
  gw_import_dialog_set_target (dialog, GW_IMPORT_BUILDINGS);
  /* The Chinese field names are guessed. */
  g_assert_cmpstr (gw_import_dialog_get_mapping (dialog, "name"), ==, "楼号");
  g_assert_cmpstr (gw_import_dialog_get_mapping (dialog, "address"), ==, "地址");
  g_assert_cmpstr (gw_import_dialog_get_mapping (dialog, "floors"), ==, "层数");
  /* The user's own choice wins over a guess, "none" included. */
  g_assert_true (gw_import_dialog_set_mapping (dialog, "address", NULL));
  g_assert_null (gw_import_dialog_get_mapping (dialog, "address"));
  g_assert_true (gw_import_dialog_set_mapping (dialog, "address", "地址"));
  g_assert_false (gw_import_dialog_set_mapping (dialog, "address", "no such field"));
  g_assert_true (gw_import_dialog_set_srs (dialog, "EPSG:4326"));
  g_assert_true (gw_import_dialog_set_encoding (dialog, "UTF-8"));
  gw_test_screenshot (GTK_WIDGET (dialog), "import-dialog-file.png");

  gw_import_dialog_check (dialog);
  g_assert_true (gw_import_dialog_is_running (dialog));
  g_assert_true (gw_test_iterate_until (dialog_idle, dialog, 30000));
  report = gw_import_dialog_get_report_text (dialog);
  g_test_message ("%s", report);
  g_assert_nonnull (strstr (report, "new-buildings.geojson"));
  g_assert_nonnull (strstr (report, "楼号"));
  g_assert_nonnull (strstr (report, "2 imported"));
  g_assert_nonnull (gw_import_dialog_get_message (dialog));
  g_assert_nonnull (strstr (gw_import_dialog_get_message (dialog), "2 of 2"));
  g_assert_false (gw_import_dialog_get_committed (dialog));
  /* A check writes nothing. */
  after = counts_of (f->store);
  g_assert_cmpint (after.buildings, ==, before.buildings);
  gw_test_screenshot (GTK_WIDGET (dialog), "import-dialog-checked.png");

  gw_import_dialog_import (dialog);
  g_assert_true (gw_test_iterate_until (dialog_idle, dialog, 30000));
  g_assert_true (gw_import_dialog_get_committed (dialog));
  final = gw_import_dialog_get_report_text (dialog);
  g_assert_nonnull (strstr (final, "2 imported"));
  after = counts_of (f->store);
  g_assert_cmpint (after.buildings, ==, before.buildings + 2);

  /* The window shows them: a new snapshot with the named buildings, from
   * the project's one reload path (a worker thread). */
  building_wait.window = f->window;
  building_wait.n = map_before + 2;
  g_assert_true (gw_test_iterate_until (snapshot_has_buildings, &building_wait, 10000));
  snapshot = gw_window_get_snapshot (f->window);
  g_assert_cmpuint (gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_BUILDING), ==,
                    map_before + 2);
  for (guint i = 0; i < gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_BUILDING); i++)
    if (strcmp (gw_map_snapshot_get_feature (snapshot, GW_FEATURE_BUILDING, i)->label,
                "新2号楼") == 0)
      found = TRUE;
  g_assert_true (found);
  gw_test_screenshot (GTK_WIDGET (dialog), "import-dialog-done.png");
  close_dialog (dialog);
}

/* The class stored for @layer's extra attribute @field and whether a
 * person said it, as "id_number 1"; NULL when none. */
static char *
stored_class (GwStore    *store,
              const char *layer,
              const char *field)
{
  g_autofree char *sql = g_strdup_printf ("SELECT class || ' ' || confirmed FROM field_classes "
                                          "WHERE layer = '%s' AND field = '%s'", layer, field);

  return gw_test_query_text (store, sql);
}

/* The columns no Gridwork field takes are listed with what they hold,
 * guessed from names and values (mobiles, ID numbers with a valid check
 * digit under headers that say nothing), and the import stores the classes
 * as the user left or changed them (issue 15). */
static void
test_import_field_classes (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *file = g_build_filename (tmp_dir, "workers-classes.csv", NULL);
  g_autofree char *text = NULL;
  GwImportDialog *dialog = open_dialog (f);
  GwFieldClass field_class;
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (file,
                                      "姓名,联系电话,备用号码,档案编号,爱好\n"
                                      "张卫东,13800138000,13912345678,370203198001011239,书法\n"
                                      "李秀英,13900139000,13787654321,370203197512124564,太极\n",
                                      -1, &error));
  g_assert_no_error (error);
  g_assert_true (gw_import_dialog_set_file (dialog, file));
  gw_import_dialog_set_target (dialog, GW_IMPORT_WORKERS);
  g_assert_cmpstr (gw_import_dialog_get_mapping (dialog, "name"), ==, "姓名");
  g_assert_cmpstr (gw_import_dialog_get_mapping (dialog, "phone"), ==, "联系电话");

  /* Taken by Gridwork fields: no class to confirm. */
  g_assert_false (gw_import_dialog_get_field_class (dialog, "姓名", &field_class));
  g_assert_false (gw_import_dialog_get_field_class (dialog, "联系电话", &field_class));
  /* The others, guessed. */
  g_assert_true (gw_import_dialog_get_field_class (dialog, "备用号码", &field_class));
  g_assert_cmpint (field_class, ==, GW_FIELD_PHONE);
  g_assert_true (gw_import_dialog_get_field_class (dialog, "档案编号", &field_class));
  g_assert_cmpint (field_class, ==, GW_FIELD_ID_NUMBER);
  g_assert_true (gw_import_dialog_get_field_class (dialog, "爱好", &field_class));
  g_assert_cmpint (field_class, ==, GW_FIELD_PUBLIC);
  gw_test_screenshot (GTK_WIDGET (dialog), "import-dialog-classes.png");

  /* The spare number is the office's, the hobbies are remarks. */
  g_assert_true (gw_import_dialog_set_field_class (dialog, "备用号码", GW_FIELD_PUBLIC));
  g_assert_true (gw_import_dialog_set_field_class (dialog, "爱好", GW_FIELD_FREE_TEXT));
  /* A column mapped to a field leaves the list; unmapped, it comes back
   * with what the user chose. */
  g_assert_true (gw_import_dialog_set_mapping (dialog, "org", "爱好"));
  g_assert_false (gw_import_dialog_get_field_class (dialog, "爱好", &field_class));
  g_assert_true (gw_import_dialog_set_mapping (dialog, "org", NULL));
  g_assert_true (gw_import_dialog_get_field_class (dialog, "爱好", &field_class));
  g_assert_cmpint (field_class, ==, GW_FIELD_FREE_TEXT);

  gw_import_dialog_import (dialog);
  g_assert_true (gw_test_iterate_until (dialog_idle, dialog, 30000));
  text = gw_import_dialog_get_report_text (dialog);
  g_test_message ("%s", text);
  g_assert_true (gw_import_dialog_get_committed (dialog));
  g_assert_cmpstr (stored_class (f->store, "workers", "备用号码"), ==, "public 1");
  g_assert_cmpstr (stored_class (f->store, "workers", "档案编号"), ==, "id_number 1");
  g_assert_cmpstr (stored_class (f->store, "workers", "爱好"), ==, "free_text 1");
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT count(*) FROM workers WHERE "
                                                "json_extract (extra, '$.档案编号') = "
                                                "'370203198001011239'"), ==, 1);
  close_dialog (dialog);
}

/* Cancel while the import waits for the database (held by another
 * connection): the thread cannot have committed, and nothing is written. */
static void
test_import_cancel (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *file = write_buildings_file (f);
  g_autoptr (GError) error = NULL;
  GwStoreCounts before = counts_of (f->store), after;
  GwImportDialog *dialog = open_dialog (f);

  g_assert_true (gw_import_dialog_set_file (dialog, file));
  gw_import_dialog_set_target (dialog, GW_IMPORT_BUILDINGS);

  g_assert_true (gw_store_begin (f->store, &error));
  g_assert_no_error (error);
  gw_import_dialog_import (dialog);
  g_assert_true (gw_import_dialog_is_running (dialog));
  gw_test_iterate_for (200);
  g_assert_true (gw_import_dialog_is_running (dialog));
  gw_import_dialog_cancel (dialog);
  gw_store_rollback (f->store);
  g_assert_true (gw_test_iterate_until (dialog_idle, dialog, 30000));

  g_assert_false (gw_import_dialog_get_committed (dialog));
  g_assert_nonnull (gw_import_dialog_get_message (dialog));
  g_assert_nonnull (strstr (gw_import_dialog_get_message (dialog), "Cancelled"));
  after = counts_of (f->store);
  g_assert_cmpint (after.buildings, ==, before.buildings);
  g_assert_cmpint (after.lots, ==, before.lots);
  close_dialog (dialog);
}

static void
test_import_broken (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *file = g_build_filename (tmp_dir, "broken.geojson", NULL);
  g_autoptr (GError) error = NULL;
  GwImportDialog *dialog = open_dialog (f);
  GwStoreCounts before = counts_of (f->store), after;

  g_assert_true (g_file_set_contents (file, "{\"type\":\"FeatureCollection\",\"features\":[{",
                                      -1, &error));
  g_assert_no_error (error);
  g_assert_false (gw_import_dialog_set_file (dialog, file));
  g_assert_nonnull (gw_import_dialog_get_message (dialog));
  g_assert_nonnull (strstr (gw_import_dialog_get_message (dialog), "broken.geojson"));
  g_assert_cmpuint (gw_import_dialog_get_n_preview_rows (dialog), ==, 0);
  gw_test_screenshot (GTK_WIDGET (dialog), "import-dialog-broken.png");
  /* Nothing to check or import: the buttons do nothing. */
  gw_import_dialog_import (dialog);
  g_assert_false (gw_import_dialog_is_running (dialog));
  after = counts_of (f->store);
  g_assert_cmpint (after.buildings, ==, before.buildings);
  close_dialog (dialog);
}

/* A file that reads but cannot be imported: no field for a case's code
 * (grids may come without codes: they get theirs by the standard). */
static void
test_import_rejected (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *file = write_buildings_file (f);
  GwStoreCounts before = counts_of (f->store), after;
  GwImportDialog *dialog = open_dialog (f);

  g_assert_true (gw_import_dialog_set_file (dialog, file));
  gw_import_dialog_set_target (dialog, GW_IMPORT_CASES);
  g_assert_null (gw_import_dialog_get_mapping (dialog, "code"));
  gw_import_dialog_check (dialog);
  g_assert_true (gw_test_iterate_until (dialog_idle, dialog, 30000));
  g_assert_nonnull (gw_import_dialog_get_message (dialog));
  g_test_message ("%s", gw_import_dialog_get_message (dialog));
  /* In the dialog's words: the field list, not the command line's --map. */
  g_assert_nonnull (strstr (gw_import_dialog_get_message (dialog), "no field for the code of cases"));
  g_assert_nonnull (strstr (gw_import_dialog_get_message (dialog),
                            "choose the field for “Code” in the Fields list"));
  g_assert_null (strstr (gw_import_dialog_get_message (dialog), "--map"));
  gw_test_screenshot (GTK_WIDGET (dialog), "import-dialog-unmapped.png");
  gw_import_dialog_import (dialog);
  g_assert_true (gw_test_iterate_until (dialog_idle, dialog, 30000));
  g_assert_false (gw_import_dialog_get_committed (dialog));
  after = counts_of (f->store);
  g_assert_cmpint (after.grids, ==, before.grids);
  close_dialog (dialog);
}

static gboolean
boxes_meet (const GwBBox *a,
            const GwBBox *b)
{
  return a->min_x <= b->max_x && b->min_x <= a->max_x && a->min_y <= b->max_y && b->min_y <= a->max_y;
}

/* Buildings moved 12 km east on the map (about 9 km on the ground, at 36°
 * N): Check says so (how far, where), and the preview, which fits the
 * street and the two specks of data together, can be zoomed to the data
 * alone. Nothing is written. */
static void
test_import_elsewhere (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *file = write_buildings_file_at (f, 12000);
  GwBBox street = gw_map_snapshot_get_extent (gw_window_get_snapshot (f->window));
  GwStoreCounts before = counts_of (f->store), after;
  GwImportDialog *dialog = open_dialog (f);
  GwBBox area;
  const char *message;

  g_assert_true (gw_import_dialog_set_file (dialog, file));
  gw_import_dialog_set_target (dialog, GW_IMPORT_BUILDINGS);
  g_assert_false (gw_import_dialog_can_zoom_to_data (dialog));
  gw_import_dialog_check (dialog);
  g_assert_true (gw_test_iterate_until (dialog_idle, dialog, 30000));
  message = gw_import_dialog_get_message (dialog);
  g_assert_nonnull (message);
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, " km from the street (file extent "));
  g_assert_nonnull (strstr (message, "check its coordinate system"));
  g_assert_false (gw_import_dialog_get_committed (dialog));

  /* Before: the street and the data together. */
  g_assert_true (gw_import_dialog_get_preview_area (dialog, &area));
  g_assert_true (boxes_meet (&area, &street));
  g_assert_cmpfloat (area.max_x - area.min_x, >, 12000);
  gw_test_screenshot (GTK_WIDGET (dialog), "import-dialog-elsewhere.png");

  g_assert_true (gw_import_dialog_can_zoom_to_data (dialog));
  gw_import_dialog_zoom_to_data (dialog);
  g_assert_false (gw_import_dialog_can_zoom_to_data (dialog));
  /* After: the data's neighbourhood, the street out of sight. */
  g_assert_true (gw_import_dialog_get_preview_area (dialog, &area));
  g_assert_false (boxes_meet (&area, &street));
  g_assert_cmpfloat (area.max_x - area.min_x, <, 1000);
  g_assert_cmpfloat (area.min_x, >, street.max_x + 10000);
  gw_test_screenshot (GTK_WIDGET (dialog), "import-dialog-elsewhere-zoomed.png");

  /* Choosing another way to read the file starts over. */
  g_assert_true (gw_import_dialog_set_srs (dialog, "EPSG:4326"));
  g_assert_false (gw_import_dialog_can_zoom_to_data (dialog));
  g_assert_true (gw_import_dialog_get_preview_area (dialog, &area));
  g_assert_true (boxes_meet (&area, &street));

  after = counts_of (f->store);
  g_assert_cmpint (after.buildings, ==, before.buildings);
  close_dialog (dialog);
}

/* Cases from a table with 经度/纬度 columns: the preview places them as
 * points, and the GCJ-02 choice moves them (by a few hundred metres). */
static void
test_import_csv_points (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *file = g_build_filename (tmp_dir, "cases.csv", NULL);
  g_autoptr (GError) error = NULL;
  GwMapSnapshot *snapshot = gw_window_get_snapshot (f->window);
  GwBBox extent = gw_map_snapshot_get_extent (snapshot);
  GwImportDialog *dialog;
  g_autofree char *report = NULL;
  g_autoptr (GString) csv = g_string_new ("案件编号,类别,描述,经度,纬度\n");
  GwStoreCounts before = counts_of (f->store), after;

  for (guint i = 0; i < 3; i++)
    {
      double lon, lat;
      char buf[2][G_ASCII_DTOSTR_BUF_SIZE];

      gw_mercator_to_lonlat (extent.min_x + (extent.max_x - extent.min_x) * (0.3 + 0.2 * i),
                             (extent.min_y + extent.max_y) / 2, &lon, &lat);
      g_string_append_printf (csv, "T-%u,居住环境,测试%u,%s,%s\n", i + 1, i + 1,
                              g_ascii_formatd (buf[0], sizeof buf[0], "%.7f", lon),
                              g_ascii_formatd (buf[1], sizeof buf[1], "%.7f", lat));
    }
  g_assert_true (g_file_set_contents (file, csv->str, -1, &error));
  g_assert_no_error (error);

  dialog = open_dialog (f);
  g_assert_true (gw_import_dialog_set_file (dialog, file));
  g_assert_cmpuint (gw_import_dialog_get_n_preview_rows (dialog), ==, 3);
  gw_import_dialog_set_target (dialog, GW_IMPORT_CASES);
  g_assert_cmpstr (gw_import_dialog_get_mapping (dialog, "code"), ==, "案件编号");
  g_assert_cmpstr (gw_import_dialog_get_mapping (dialog, "description"), ==, "描述");
  g_assert_cmpuint (gw_import_dialog_get_n_preview_shapes (dialog), ==, 3);
  g_assert_true (gw_import_dialog_set_srs (dialog, "gcj02"));
  g_assert_cmpuint (gw_import_dialog_get_n_preview_shapes (dialog), ==, 3);
  gw_test_screenshot (GTK_WIDGET (dialog), "import-dialog-csv.png");
  /* Changing how the file is read keeps the mapping. */
  g_assert_cmpstr (gw_import_dialog_get_mapping (dialog, "code"), ==, "案件编号");
  g_assert_true (gw_import_dialog_set_srs (dialog, "EPSG:4548"));
  g_assert_false (gw_import_dialog_set_srs (dialog, "EPSG:9999"));
  g_assert_true (gw_import_dialog_set_srs (dialog, NULL));
  gw_import_dialog_check (dialog);
  g_assert_true (gw_test_iterate_until (dialog_idle, dialog, 30000));
  report = gw_import_dialog_get_report_text (dialog);
  g_test_message ("%s", report);
  g_assert_nonnull (strstr (report, "案件编号"));
  g_assert_nonnull (strstr (report, "3 imported"));
  g_assert_false (gw_import_dialog_get_committed (dialog));
  after = counts_of (f->store);
  g_assert_cmpint (after.cases, ==, before.cases);
  close_dialog (dialog);
}

/* Closing the dialog while it imports cancels the import. */
static void
test_import_close_while_running (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *file = write_buildings_file (f);
  g_autoptr (GError) error = NULL;
  GwStoreCounts before = counts_of (f->store), after;
  GwImportDialog *dialog = open_dialog (f);
  GwImportDialog *watch = dialog;

  g_assert_true (gw_import_dialog_set_file (dialog, file));
  gw_import_dialog_set_target (dialog, GW_IMPORT_BUILDINGS);
  g_assert_true (gw_store_begin (f->store, &error));
  gw_import_dialog_import (dialog);
  g_object_add_weak_pointer (G_OBJECT (watch), (gpointer *) &watch);
  gtk_window_close (GTK_WINDOW (dialog));
  gw_test_iterate_for (100);
  gw_store_rollback (f->store);
  g_assert_true (gw_test_iterate_until (is_null, &watch, 30000));
  after = counts_of (f->store);
  g_assert_cmpint (after.buildings, ==, before.buildings);
}

/* The window's action: off without a file, opens the dialog with one. */
static void
test_import_action (Fixture       *f,
                    gconstpointer  data)
{
  GwWindow *empty = gw_window_new (NULL);
  GList *toplevels;
  GwImportDialog *dialog = NULL;

  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (empty), "import"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (empty), "export"));
  gtk_window_destroy (GTK_WINDOW (empty));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "import"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "export"));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "import", NULL);
  gw_test_iterate_until_idle ();
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (GW_IS_IMPORT_DIALOG (l->data))
      dialog = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  close_dialog (dialog);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (tmp_dir, "grids.geojson", NULL);
  g_autofree char *one = g_build_filename (tmp_dir, "one-grid.gpkg", NULL);
  g_autoptr (GError) error = NULL;
  GwStoreCounts counts = counts_of (f->store);
  GwMapSnapshot *snapshot = gw_window_get_snapshot (f->window);
  const GwFeature *grid = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_GRID, 0);
  GwExportDialog *dialog;
  guint n = 0;

  dialog = gw_export_dialog_new (f->window);
  gtk_window_present (GTK_WINDOW (dialog));
  gw_test_iterate_until_idle ();
  gw_test_screenshot (GTK_WIDGET (dialog), "export-dialog.png");
  g_assert_true (gw_export_dialog_set_layer (dialog, "grids"));
  g_assert_true (gw_export_dialog_set_format (dialog, "GeoJSON"));
  g_assert_cmpstr (gw_export_dialog_get_extension (dialog), ==, "geojson");
  /* Nothing selected yet. */
  g_assert_false (gw_export_dialog_set_selection_only (dialog, TRUE));
  g_assert_true (gw_export_dialog_export (dialog, path, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, counts.grids);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  /* The supervisor may export residents with their personal data. */
  g_assert_true (gw_export_dialog_can_export_personal_data (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gw_test_iterate_until_idle ();

  g_assert_true (gw_window_select_feature (f->window, GW_FEATURE_GRID, grid->id));
  dialog = gw_export_dialog_new (f->window);
  gtk_window_present (GTK_WINDOW (dialog));
  gw_test_iterate_until_idle ();
  g_assert_true (gw_export_dialog_set_format (dialog, "GPKG"));
  g_assert_true (gw_export_dialog_set_selection_only (dialog, TRUE));
  g_assert_true (gw_export_dialog_export (dialog, one, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gw_test_iterate_until_idle ();
}

static gboolean
preview_ready (gpointer data)
{
  return gw_print_dialog_is_preview_ready (data);
}

static gboolean
export_done (gpointer data)
{
  return !gw_print_dialog_is_exporting (data);
}

static guint
files_in (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* The print dialog draws its preview and writes its files on worker
 * threads: the window keeps running while they work, the export reports
 * how it ended, and a cancelled export keeps no file. */
static void
test_print_off_main_thread (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "print", NULL);
  g_autofree char *png = g_build_filename (dir, "grid.png", NULL);
  g_autofree char *cancelled = g_build_filename (dir, "cancelled.png", NULL);
  g_autoptr (GError) error = NULL;
  GwMapSnapshot *snapshot = gw_window_get_snapshot (f->window);
  const GwFeature *grid = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_GRID, 0);
  GwPrintDialog *dialog;
  guint iterations = 0;

  g_mkdir_with_parents (dir, 0755);
  dialog = gw_print_dialog_new (GTK_WINDOW (f->window), f->store, snapshot, NULL,
                                GW_FEATURE_GRID, grid->id);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (gw_test_iterate_until (preview_ready, dialog, 20000));
  gw_test_screenshot (GTK_WIDGET (dialog), "print-dialog.png");

  g_assert_true (gw_print_dialog_start_export (dialog, png, &error));
  g_assert_no_error (error);
  /* Started, not finished: the call returned before the picture was written. */
  g_assert_true (gw_print_dialog_is_exporting (dialog));
  /* A second export waits for the first. */
  g_assert_false (gw_print_dialog_start_export (dialog, cancelled, &error));
  g_assert_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_INVALID);
  g_clear_error (&error);
  while (gw_print_dialog_is_exporting (dialog) && iterations < 100000)
    {
      g_main_context_iteration (NULL, TRUE);
      iterations++;
    }
  g_assert_false (gw_print_dialog_is_exporting (dialog));
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (files_in (dir), ==, 1);

  g_assert_true (gw_print_dialog_start_export (dialog, cancelled, &error));
  g_assert_no_error (error);
  gw_print_dialog_cancel_export (dialog);
  g_assert_true (gw_test_iterate_until (export_done, dialog, 20000));
  g_assert_false (g_file_test (cancelled, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (files_in (dir), ==, 1);

  /* Closing while a page is being written cancels it and leaves nothing. */
  g_assert_true (gw_print_dialog_start_export (dialog, cancelled, &error));
  g_object_ref (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (gw_test_iterate_until (export_done, dialog, 20000));
  gw_test_iterate_until_idle ();
  g_assert_false (g_file_test (cancelled, G_FILE_TEST_EXISTS));
  g_assert_finalize_object (dialog);
}

/* The sign-in window a project with passwords brings up: the test signs
 * in through the window's API instead. */
static void
close_user_picker (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i-- > 0;)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (GW_IS_USER_PICKER (window))
        gtk_window_destroy (GTK_WINDOW (window));
    }
  gw_test_iterate_until_idle ();
}

/* A street of one's own from the set-up checklist's dialog: a new project,
 * its communities, then its buildings (none in a grid yet: all kept,
 * unassigned), imported as the signed-in supervisor and audited as them;
 * the map shows the buildings. */
static GwChecklistWindow *
find_checklist (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (GW_IS_CHECKLIST_WINDOW (window))
        return GW_CHECKLIST_WINDOW (window);
    }
  return NULL;
}

static void
test_import_new_project (void)
{
  static const GwUserNew admin = { "zhangwei", "张伟", GW_ROLE_SUPERVISOR, "长城-secret-1", NULL };
  static const struct
  {
    GwCheckItem  item;
    const char  *file;
  } steps[] = {
    { GW_CHECK_COMMUNITIES, "communities.csv" },
    { GW_CHECK_BUILDINGS, "buildings.csv" },
  };
  g_autofree char *path = g_build_filename (tmp_dir, "new-project.sqlite", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = NULL;
  BuildingWait building_wait;
  GwChecklistWindow *checklist;
  GwStoreCounts counts;
  GwWindow *window;

  g_assert_true (gw_project_create (path, "370102001", "泉城路街道", "历下区", &admin, &error));
  g_assert_no_error (error);
  window = gw_test_window_open (path);
  close_user_picker ();
  g_assert_true (gw_window_set_user (window, "zhangwei", &error));
  g_assert_no_error (error);

  /* Through the set-up checklist, as a new office would. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "checklist", NULL);
  gw_test_iterate_until_idle ();
  checklist = find_checklist ();
  g_assert_nonnull (checklist);
  g_assert_cmpint (gw_checklist_window_get_state (checklist, GW_CHECK_COMMUNITIES), ==,
                   GW_CHECK_MISSING);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *file = g_test_build_filename (G_TEST_DIST, "..", "data", "examples",
                                                     steps[i].file, NULL);
      g_autofree char *report = NULL;
      GwImportDialog *dialog = gw_checklist_window_import (checklist, steps[i].item);

      g_assert_nonnull (dialog);
      gw_test_iterate_until_idle ();
      g_assert_true (gw_import_dialog_set_file (dialog, file));
      gw_import_dialog_import (dialog);
      g_assert_true (gw_test_iterate_until (dialog_idle, dialog, 30000));
      report = gw_import_dialog_get_report_text (dialog);
      g_test_message ("%s", report);
      g_assert_true (gw_import_dialog_get_committed (dialog));
      close_dialog (dialog);
    }

  store = gw_store_open (path, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  counts = counts_of (store);
  g_assert_cmpint (counts.communities, ==, 3);
  g_assert_cmpint (counts.buildings, ==, 30);
  g_assert_cmpint (counts.unassigned_buildings, ==, 30);
  g_assert_cmpint (gw_test_query_int (store, "SELECT count(*) FROM audit_log a JOIN users u ON "
                                             "u.id = a.user_id WHERE u.login = 'zhangwei' AND "
                                             "a.action = 'import'"), ==, 2);
  building_wait.window = window;
  building_wait.n = 30;
  g_assert_true (gw_test_iterate_until (snapshot_has_buildings, &building_wait, 10000));
  /* The checklist followed: communities loaded, buildings waiting for grids. */
  g_assert_cmpint (gw_checklist_window_get_state (checklist, GW_CHECK_COMMUNITIES), ==,
                   GW_CHECK_DONE);
  g_assert_cmpint (gw_checklist_window_get_state (checklist, GW_CHECK_BUILDINGS), ==,
                   GW_CHECK_PARTIAL);
  g_assert_nonnull (strstr (gw_checklist_window_get_detail (checklist, GW_CHECK_BUILDINGS),
                            "30 in no grid yet"));
  g_clear_object (&store);
  gw_test_window_close (window);
  gw_test_remove_database (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  g_setenv ("GRIDWORK_USER", "supervisor", TRUE);
  g_setenv ("GW_FAKE_NOW", "2026-11-20 10:00:00", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  tmp_dir = g_dir_make_tmp ("gridwork-test-app-io-XXXXXX", &error);
  g_assert_no_error (error);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/app/io/import-buildings", test_import_buildings);
  ADD ("/app/io/import-field-classes", test_import_field_classes);
  ADD ("/app/io/print-off-main-thread", test_print_off_main_thread);
  ADD ("/app/io/import-cancel", test_import_cancel);
  ADD ("/app/io/import-broken", test_import_broken);
  ADD ("/app/io/import-rejected", test_import_rejected);
  ADD ("/app/io/import-elsewhere", test_import_elsewhere);
  ADD ("/app/io/import-csv-points", test_import_csv_points);
  ADD ("/app/io/import-close-while-running", test_import_close_while_running);
  ADD ("/app/io/import-action", test_import_action);
  ADD ("/app/io/export", test_export);

#undef ADD

  g_test_add_func ("/app/io/import-new-project", test_import_new_project);

  status = g_test_run ();

  gw_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
