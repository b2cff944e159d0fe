/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-print"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "gw-demo.h"
#include "gw-inspector.h"
#include "gw-kpi.h"
#include "gw-overdue.h"
#include "gw-map-snapshot.h"
#include "gw-page-layout.h"
#include "gw-plan.h"
#include "gw-print-private.h"
#include "gw-store-private.h"
#include "gw-test-store.h"
#include "gw-test-util.h"
#include "gw-user.h"
#include "gw-util.h"

/* Printing over a demo street generated once (well under a second): page
 * geometry, the atlas, fonts and Chinese text in PDF, PNG sizes, the notice
 * board's content and the absence of resident data. PDF text is read back
 * with poppler's pdftotext and pdffonts (package poppler-utils). */

#define SEED 7

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)

static char *tmpdir;
static GwStore *store;
static GwMapSnapshot *snapshot;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

/* Runs a poppler tool and returns its standard output. */
static char *
run_tool (const char * const *argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (g_find_program_in_path (argv[0]) == NULL)
    g_error ("%s is not installed: install poppler-utils (./gridwork.sh test does)", argv[0]);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s", argv[0], error->message, err);
  return g_steal_pointer (&out);
}

static char *
pdf_text (const char *path,
          int         page)
{
  g_autofree char *number = g_strdup_printf ("%d", page);
  const char *all[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  const char *one[] = { "pdftotext", "-enc", "UTF-8", "-f", number, "-l", number, path, "-", NULL };

  return run_tool (page > 0 ? one : all);
}

static char *
sql_text (const char *sql,
          gint64      id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  if (id != 0)
    g_assert_cmpint (sqlite3_bind_int64 (stmt, 1, id), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* Every value of a one-column query. */
static GPtrArray *
sql_column (const char *sql,
            gint64      id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (store, sql, &error);
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  if (id != 0)
    g_assert_cmpint (sqlite3_bind_int64 (stmt, 1, id), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_text (stmt, 0) != NULL)
      g_ptr_array_add (values, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  return values;
}

static gint64
sql_int (const char *sql,
         gint64      id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  if (id != 0)
    g_assert_cmpint (sqlite3_bind_int64 (stmt, 1, id), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* The third community: 汾阳路社区 in the seed-000 naming of the demo. */
static gint64
some_community (void)
{
  return sql_int ("SELECT id FROM communities ORDER BY code LIMIT 1 OFFSET 2", 0);
}

static gint64
some_grid (void)
{
  return sql_int ("SELECT id FROM grids ORDER BY code LIMIT 1 OFFSET 7", 0);
}

static GwPrintJob *
job_new (const GwPrintOptions *options)
{
  g_autoptr (GError) error = NULL;
  GwPrintJob *job = gw_print_job_new (store, snapshot, options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (job);
  return job;
}

static void
test_scale_bar_choose (void)
{
  double length;

  /* At 1:2000 a 100 m bar is 50 mm. */
  g_assert_cmpfloat_with_epsilon (gw_scale_bar_choose (2000, 60, &length), 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (length, 50, 1e-9);
  /* Never longer than allowed; 1, 2 or 5 × 10ⁿ. */
  g_assert_cmpfloat_with_epsilon (gw_scale_bar_choose (2000, 49, &length), 50, 1e-9);
  g_assert_cmpfloat_with_epsilon (length, 25, 1e-9);
  g_assert_cmpfloat_with_epsilon (gw_scale_bar_choose (500, 45, &length), 20, 1e-9);
  g_assert_cmpfloat_with_epsilon (length, 40, 1e-9);
  g_assert_cmpfloat_with_epsilon (gw_scale_bar_choose (25000, 30, &length), 500, 1e-9);
  g_assert_cmpfloat_with_epsilon (length, 20, 1e-9);
}

/* Darkness of one pixel of an RGB24 image. */
static gboolean
pixel_dark (cairo_surface_t *surface,
            int              x,
            int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 pixel = *(const guint32 *) (data + y * cairo_image_surface_get_stride (surface) + x * 4);
  int r = pixel >> 16 & 0xff, g = pixel >> 8 & 0xff, b = pixel & 0xff;

  return r + g + b < 3 * 100;
}

/* The scale bar printed on paper measures what it says at the scale: an A3
 * page at 1:2000 carries a 100 m bar of 50 mm, measured on the pixels of the
 * page drawn at 10 px/mm. */
static void
test_scale_bar_on_paper (void)
{
  g_autoptr (GwPrintJob) job = NULL;
  g_autoptr (cairo_surface_t) surface = NULL;
  g_autoptr (cairo_t) cr = NULL;
  GwPrintOptions options;
  GwPageGeometry g;
  int y, first = -1, last = -1;
  double px_per_mm = 10;

  gw_print_options_init (&options);
  options.paper = GW_PAPER_A3;
  options.area = GW_PRINT_AREA_GRID;
  options.grid_id = some_grid ();
  options.scale = 2000;
  job = job_new (&options);
  gw_print_job_get_page_geometry (job, 0, &g);

  g_assert_cmpfloat (g.paper_width, ==, 297);
  g_assert_cmpfloat (g.paper_height, ==, 420);
  g_assert_cmpfloat (g.scale, ==, 2000);
  g_assert_cmpfloat_with_epsilon (g.scale_bar_metres, 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (g.scale_bar.width, 50, 1e-9);
  /* In points, as a PDF has it: 50 mm = 141.73 pt. */
  g_assert_cmpfloat_with_epsilon (g.scale_bar.width * 72 / 25.4, 141.732, 1e-3);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (297 * px_per_mm),
                                        (int) (420 * px_per_mm));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  gw_print_job_draw_page (job, cr, 0, px_per_mm);
  cairo_surface_flush (surface);

  /* Along the middle of the bar, from well before to well after it. */
  y = (int) round ((g.scale_bar.y + g.scale_bar.height / 2) * px_per_mm);
  for (int x = (int) ((g.scale_bar.x - 8) * px_per_mm);
       x < (int) ((g.scale_bar.x + g.scale_bar.width + 8) * px_per_mm); x++)
    if (pixel_dark (surface, x, y))
      {
        if (first < 0)
          first = x;
        last = x;
      }
  g_assert_cmpint (first, >=, 0);
  /* The outline adds its width (0.2 mm) to the bar's length. */
  g_assert_cmpfloat_with_epsilon ((last - first + 1) / px_per_mm, 50, 0.45);
  g_assert_cmpfloat_with_epsilon (first / px_per_mm, g.scale_bar.x, 0.35);

  /* Four segments, dark and light in turn, each a quarter: 25 m. */
  {
    g_autoptr (GArray) changes = g_array_new (FALSE, FALSE, sizeof (double));
    gboolean dark = TRUE;

    for (int x = first + 4; x < last - 4; x++)
      if (pixel_dark (surface, x, y) != dark)
        {
          double at_mm = x / px_per_mm - g.scale_bar.x;

          dark = !dark;
          g_array_append_val (changes, at_mm);
        }
    g_assert_cmpuint (changes->len, ==, 3);
    for (guint i = 0; i < 3; i++)
      g_assert_cmpfloat_with_epsilon (g_array_index (changes, double, i), 12.5 * (i + 1), 0.3);
  }
}

/* Ground metres across a mercator box at its centre's latitude. */
static double
ground_width (const GwBBox *bbox)
{
  double lon, lat;

  gw_mercator_to_lonlat ((bbox->min_x + bbox->max_x) / 2, (bbox->min_y + bbox->max_y) / 2,
                         &lon, &lat);
  return (bbox->max_x - bbox->min_x) * cos (lat * G_PI / 180);
}

static void
test_map_extent (void)
{
  const GwFeature *community = gw_map_snapshot_lookup (snapshot, GW_FEATURE_COMMUNITY,
                                                       some_community ());
  GwBBox asked = community->shape.bbox;
  GwPrintOptions options;
  GwPageGeometry g;

  /* A view at a fixed scale: centred where asked, as wide as the scale says. */
  gw_print_options_init (&options);
  options.area = GW_PRINT_AREA_VIEW;
  options.view = asked;
  options.scale = 2000;
  {
    g_autoptr (GwPrintJob) job = job_new (&options);

    gw_print_job_get_page_geometry (job, 0, &g);
    g_assert_cmpfloat_with_epsilon ((g.map_bbox.min_x + g.map_bbox.max_x) / 2,
                                    (asked.min_x + asked.max_x) / 2, 1e-6);
    g_assert_cmpfloat_with_epsilon ((g.map_bbox.min_y + g.map_bbox.max_y) / 2,
                                    (asked.min_y + asked.max_y) / 2, 1e-6);
    g_assert_cmpfloat_with_epsilon (ground_width (&g.map_bbox), g.map_frame.width * 2.0, 1e-6);
    /* Square pixels: the box has the frame's shape. */
    g_assert_cmpfloat_with_epsilon ((g.map_bbox.max_x - g.map_bbox.min_x) /
                                    (g.map_bbox.max_y - g.map_bbox.min_y),
                                    g.map_frame.width / g.map_frame.height, 1e-9);
  }

  /* Fit: everything asked is on the page, and it fills the page. */
  options.scale = 0;
  for (int landscape = 0; landscape < 2; landscape++)
    {
      g_autoptr (GwPrintJob) job = NULL;
      double fill;

      options.landscape = landscape;
      job = job_new (&options);
      gw_print_job_get_page_geometry (job, 0, &g);
      g_assert_cmpfloat (g.map_bbox.min_x, <=, asked.min_x);
      g_assert_cmpfloat (g.map_bbox.max_x, >=, asked.max_x);
      g_assert_cmpfloat (g.map_bbox.min_y, <=, asked.min_y);
      g_assert_cmpfloat (g.map_bbox.max_y, >=, asked.max_y);
      fill = MAX ((asked.max_x - asked.min_x) / (g.map_bbox.max_x - g.map_bbox.min_x),
                  (asked.max_y - asked.min_y) / (g.map_bbox.max_y - g.map_bbox.min_y));
      g_assert_cmpfloat (fill, >=, 0.9);
      g_assert_cmpfloat_with_epsilon (ground_width (&g.map_bbox),
                                      g.map_frame.width * g.scale / 1000, 1e-6);
      if (landscape)
        g_assert_cmpfloat (g.map_frame.width, >, g.map_frame.height);
    }
}

/* How much of the frame @subject fills along the side it is fitted to. */
static double
frame_fill (const GwPageGeometry *g,
            const GwBBox         *subject)
{
  return MAX ((subject->max_x - subject->min_x) / (g->map_bbox.max_x - g->map_bbox.min_x),
              (subject->max_y - subject->min_y) / (g->map_bbox.max_y - g->map_bbox.min_y));
}

/* A whole street at "fit" fills its frame (rounding the scale up to the
 * next round one left 28 % of an A4 frame empty), on every paper, with the
 * box at the frame's shape and everything of the street on it. */
static void
test_map_fit_street (void)
{
  guint n = gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_COMMUNITY);
  GwPrintOptions options;
  GwBBox street;

  gw_bbox_init_empty (&street);
  for (guint i = 0; i < n; i++)
    gw_bbox_union (&street,
                   &gw_map_snapshot_get_feature (snapshot, GW_FEATURE_COMMUNITY, i)->shape.bbox);

  gw_print_options_init (&options);
  options.area = GW_PRINT_AREA_STREET;
  for (GwPaper paper = GW_PAPER_A4; paper <= GW_PAPER_A2; paper++)
    for (int landscape = 0; landscape < 2; landscape++)
      {
        g_autoptr (GwPrintJob) job = NULL;
        GwPageGeometry g;

        options.paper = paper;
        options.landscape = landscape;
        job = job_new (&options);
        gw_print_job_get_page_geometry (job, 0, &g);
        g_assert_cmpfloat (frame_fill (&g, &street), >=, 0.9);
        g_assert_cmpfloat (frame_fill (&g, &street), <, 1.0);
        g_assert_cmpfloat (g.map_bbox.min_x, <=, street.min_x);
        g_assert_cmpfloat (g.map_bbox.max_x, >=, street.max_x);
        g_assert_cmpfloat (g.map_bbox.min_y, <=, street.min_y);
        g_assert_cmpfloat (g.map_bbox.max_y, >=, street.max_y);
        g_assert_cmpfloat_with_epsilon ((g.map_bbox.max_x - g.map_bbox.min_x) /
                                        (g.map_bbox.max_y - g.map_bbox.min_y),
                                        g.map_frame.width / g.map_frame.height, 1e-9);
        /* The scale printed reads cleanly: three significant digits. */
        g_assert_cmpfloat (fmod (g.scale, pow (10, floor (log10 (g.scale)) - 2)), ==, 0);
      }
}

static void
test_atlas_pages (void)
{
  gint64 community_id = some_community ();
  g_autoptr (GwPrintJob) job = NULL;
  g_autoptr (GPtrArray) codes = sql_column ("SELECT code FROM grids WHERE community_id = ?"
                                            " ORDER BY code", community_id);
  g_autofree char *path = tmp_path ("atlas.pdf");
  g_autoptr (GError) error = NULL;
  g_autoptr (GRegex) code_re = g_regex_new ("[0-9]{15}", 0, 0, NULL);
  GwPrintOptions options;

  g_assert_cmpuint (codes->len, >, 3);
  gw_print_options_init (&options);
  options.area = GW_PRINT_AREA_COMMUNITY;
  options.community_id = community_id;
  options.atlas = TRUE;
  job = job_new (&options);
  g_assert_cmpuint (gw_print_job_get_n_pages (job), ==, codes->len);
  g_assert_true (gw_print_export (job, path, GW_PRINT_FORMAT_PDF, 0, &error));
  g_assert_no_error (error);

  {
    const char *argv[] = { "pdfinfo", path, NULL };
    g_autofree char *info = run_tool (argv);

    g_assert_nonnull (strstr (info, "Pages:"));
    g_assert_cmpint (atoi (strstr (info, "Pages:") + 6), ==, codes->len);
  }

  for (guint i = 0; i < codes->len; i++)
    {
      g_autofree char *text = pdf_text (path, i + 1);
      g_autoptr (GMatchInfo) match = NULL;
      g_autofree char *first = NULL;

      g_assert_cmpstr (gw_print_job_get_page_code (job, i), ==, g_ptr_array_index (codes, i));
      /* The page's own code heads it; neighbours' codes come after. */
      g_assert_true (g_regex_match (code_re, text, 0, &match));
      first = g_match_info_fetch (match, 0);
      g_assert_cmpstr (first, ==, g_ptr_array_index (codes, i));
      /* Page X of N in the footer (the tests run untranslated). */
      {
        g_autofree char *footer = g_strdup_printf ("Page %u of %u", i + 1, codes->len);

        g_assert_nonnull (strstr (text, footer));
      }
    }
}

/* What a PDF's page looks like: poppler's picture of it, at a low dpi. */
static GBytes *
pdf_picture (const char *path,
             int         page)
{
  g_autofree char *number = g_strdup_printf ("%d", page);
  const char *argv[] = { "pdftoppm", "-r", "24", "-f", number, "-l", number, path, NULL };
  g_autofree char *out = run_tool (argv);

  g_assert_cmpuint (strlen (out), >, 0);
  return g_bytes_new_take (g_steal_pointer (&out), strlen (out));
}

typedef struct
{
  GThread      *thread;
  guint         last_done;
  guint         total;
  guint         calls;
  guint         cancel_at;
  GCancellable *cancellable;
} PartsProgress;

static void
parts_progress (guint    done,
                guint    total,
                gpointer user_data)
{
  PartsProgress *p = user_data;

  /* Only ever on the thread that asked, one step at a time. */
  g_assert_true (g_thread_self () == p->thread);
  g_assert_cmpuint (done, ==, p->last_done + 1);
  p->last_done = done;
  p->total = total;
  p->calls++;
  if (p->cancel_at != 0 && done == p->cancel_at)
    g_cancellable_cancel (p->cancellable);
}

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* A street's atlas written in parts at once (on any machine: three parts
 * asked for) and joined is the same document as written in one go: the
 * same pages in the same order, the same text on each, the same picture
 * of the first and last page and of each part's first; progress comes on
 * the calling thread; cancelled half-way, nothing is left behind. */
static void
test_atlas_parts (void)
{
  g_autoptr (GwPrintJob) job = NULL;
  g_autofree char *serial = tmp_path ("atlas-serial.pdf");
  g_autofree char *joined = tmp_path ("atlas-joined.pdf");
  g_autofree char *cancelled = tmp_path ("atlas-cancelled.pdf");
  g_autoptr (GError) error = NULL;
  PartsProgress progress = { g_thread_self (), 0, 0, 0, 0, NULL };
  GwPrintOptions options;
  guint n_pages;

  gw_print_options_init (&options);
  options.area = GW_PRINT_AREA_STREET;
  options.street_id = sql_int ("SELECT min(id) FROM streets", 0);
  options.atlas = TRUE;
  options.date = "2026-11-20";
  job = job_new (&options);
  n_pages = gw_print_job_get_n_pages (job);
  g_assert_cmpuint (n_pages, >=, 12);

  gw_print_job_set_max_pdf_parts (job, 1);
  g_assert_true (gw_print_export (job, serial, GW_PRINT_FORMAT_PDF, 0, &error));
  g_assert_no_error (error);
  gw_print_job_set_max_pdf_parts (job, 3);
  g_assert_true (gw_print_export_full (job, joined, GW_PRINT_FORMAT_PDF, 0, NULL, parts_progress,
                                       &progress, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (progress.calls, ==, n_pages);
  g_assert_cmpuint (progress.last_done, ==, n_pages);
  g_assert_cmpuint (progress.total, ==, n_pages);

  {
    const char *argv[] = { "pdfinfo", joined, NULL };
    g_autofree char *info = run_tool (argv);

    g_assert_cmpint (atoi (strstr (info, "Pages:") + 6), ==, n_pages);
    /* The first part's document information is the whole file's. */
    g_assert_nonnull (strstr (info, "Creator:         Gridwork"));
  }
  for (guint page = 1; page <= n_pages; page++)
    {
      g_autofree char *a = pdf_text (serial, page);
      g_autofree char *b = pdf_text (joined, page);

      g_assert_cmpstr (a, ==, b);
      if (page == 1 || page == n_pages || page == n_pages / 3 + 1 || page == 2 * n_pages / 3 + 1)
        {
          g_autoptr (GBytes) pa = pdf_picture (serial, page);
          g_autoptr (GBytes) pb = pdf_picture (joined, page);

          g_assert_true (g_bytes_equal (pa, pb));
        }
    }
  /* qpdf finds nothing wrong in the joined file. */
  if (g_find_program_in_path ("qpdf") != NULL)
    {
      const char *argv[] = { "qpdf", "--check", joined, NULL };
      g_autofree char *out = NULL;
      int status = 0;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                    &status, NULL);
      /* 0: fine; 3: warnings only (cairo's repeated resource names). */
      g_assert_true (WEXITSTATUS (status) == 0 || WEXITSTATUS (status) == 3);
      g_assert_nonnull (strstr (out, "No syntax or stream encoding errors"));
    }

  /* Off the main thread, as the print dialog writes it: progress arrives
   * here, in order, and the file is the same. */
  {
    g_autofree char *async_path = tmp_path ("atlas-async.pdf");
    g_autoptr (GAsyncResult) result = NULL;

    progress = (PartsProgress) { g_thread_self (), 0, 0, 0, 0, NULL };
    gw_print_export_async (job, async_path, GW_PRINT_FORMAT_PDF, 0, NULL, parts_progress,
                           &progress, async_done, &result);
    while (result == NULL || progress.last_done < n_pages)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (gw_print_export_finish (job, result, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (progress.calls, ==, n_pages);
    for (guint page = 1; page <= n_pages; page += n_pages / 3)
      {
        g_autofree char *a = pdf_text (serial, page);
        g_autofree char *b = pdf_text (async_path, page);

        g_assert_cmpstr (a, ==, b);
      }
  }

  progress = (PartsProgress) { g_thread_self (), 0, 0, 0, 5, g_cancellable_new () };
  g_assert_false (gw_print_export_full (job, cancelled, GW_PRINT_FORMAT_PDF, 0,
                                        progress.cancellable, parts_progress, &progress, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (cancelled, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (progress.last_done, <, n_pages);
  g_object_unref (progress.cancellable);
}

/* An atlas with notice boards: each grid's map page, then its board (the
 * boards used to replace the map pages). */
static void
test_atlas_with_boards (void)
{
  gint64 community_id = some_community ();
  g_autoptr (GwPrintJob) job = NULL;
  g_autoptr (GPtrArray) codes = sql_column ("SELECT code FROM grids WHERE community_id = ?"
                                            " ORDER BY code", community_id);
  g_autofree char *path = tmp_path ("atlas-boards.pdf");
  g_autoptr (GError) error = NULL;
  GwPrintOptions options;

  gw_print_options_init (&options);
  options.area = GW_PRINT_AREA_COMMUNITY;
  options.community_id = community_id;
  options.atlas = TRUE;
  options.notice_board = TRUE;
  job = job_new (&options);
  g_assert_cmpuint (gw_print_job_get_n_pages (job), ==, 2 * codes->len);
  g_assert_true (gw_print_export (job, path, GW_PRINT_FORMAT_PDF, 0, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < codes->len; i++)
    {
      g_autofree char *map_text = pdf_text (path, 2 * i + 1);
      g_autofree char *board_text = pdf_text (path, 2 * i + 2);
      GwPageGeometry map, board;

      g_assert_cmpstr (gw_print_job_get_page_code (job, 2 * i), ==, g_ptr_array_index (codes, i));
      g_assert_cmpstr (gw_print_job_get_page_code (job, 2 * i + 1), ==,
                       g_ptr_array_index (codes, i));
      /* The map page has the legend and no team; the board its team. */
      g_assert_nonnull (strstr (map_text, "Legend"));
      g_assert_null (strstr (map_text, "Grid service team"));
      g_assert_nonnull (strstr (map_text, g_ptr_array_index (codes, i)));
      g_assert_nonnull (strstr (board_text, "Grid service team"));
      g_assert_null (strstr (board_text, "Legend"));
      g_assert_nonnull (strstr (board_text, g_ptr_array_index (codes, i)));
      /* Both show the same grid: their maps are centred on it. */
      gw_print_job_get_page_geometry (job, 2 * i, &map);
      gw_print_job_get_page_geometry (job, 2 * i + 1, &board);
      g_assert_cmpfloat (map.legend.width, >, 0);
      g_assert_cmpfloat (board.legend.width, ==, 0);
      g_assert_cmpfloat_with_epsilon ((map.map_bbox.min_x + map.map_bbox.max_x) / 2,
                                      (board.map_bbox.min_x + board.map_bbox.max_x) / 2, 1e-6);
    }
}

static gboolean
rect_meets (const GwPageRect *a,
            const GwPageRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

static gboolean
rect_inside (const GwPageRect *inner,
             const GwPageRect *outer)
{
  return inner->x >= outer->x && inner->y >= outer->y &&
         inner->x + inner->width <= outer->x + outer->width &&
         inner->y + inner->height <= outer->y + outer->height;
}

/* The tags naming the neighbouring grids, on every board and atlas page of
 * the street, in both orientations: inside the map, clear of the north
 * arrow, the scale bar, the page grid's own code and name, and each other
 * (they used to sit on the north arrow and the grid's name). */
static void
test_neighbour_tags (void)
{
  guint n_grids = gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_GRID);
  guint n_tags = 0, n_labels = 0;
  GwPrintOptions options;

  gw_print_options_init (&options);
  options.area = GW_PRINT_AREA_STREET;
  options.atlas = TRUE;
  options.notice_board = TRUE;
  for (int landscape = 0; landscape < 2; landscape++)
    {
      g_autoptr (GwPrintJob) job = NULL;

      options.landscape = landscape;
      job = job_new (&options);
      g_assert_cmpuint (gw_print_job_get_n_pages (job), ==, 2 * n_grids);
      for (guint page = 0; page < 2 * n_grids; page++)
        {
          g_autoptr (GArray) tags = NULL;
          GwPageRect grid_label;
          GwPageGeometry g;
          gboolean board = page % 2 == 1;

          gw_print_job_get_page_geometry (job, page, &g);
          tags = gw_print_job_get_neighbour_tags (job, page, &grid_label);
          /* Every grid of the demo has neighbours; its label fits its map. */
          g_assert_cmpuint (tags->len, >, 0);
          g_assert_cmpfloat (grid_label.width, >, 0);
          g_assert_true (rect_inside (&grid_label, &g.map_frame));
          n_labels++;
          for (guint i = 0; i < tags->len; i++)
            {
              const GwPageRect *tag = &g_array_index (tags, GwPageRect, i);

              g_assert_true (rect_inside (tag, &g.map_frame));
              g_assert_false (rect_meets (tag, &grid_label));
              if (board)
                {
                  g_assert_false (rect_meets (tag, &g.north_arrow));
                  g_assert_false (rect_meets (tag, &g.scale_bar));
                }
              for (guint j = 0; j < i; j++)
                g_assert_false (rect_meets (tag, &g_array_index (tags, GwPageRect, j)));
              n_tags++;
            }
        }
    }
  g_assert_cmpuint (n_tags, >, 4 * n_grids);
  g_assert_cmpuint (n_labels, ==, 4 * n_grids);

  /* A page without a grid has no tags. */
  {
    g_autoptr (GwPrintJob) job = NULL;
    g_autoptr (GArray) tags = NULL;
    GwPageRect grid_label;

    options.atlas = options.notice_board = FALSE;
    job = job_new (&options);
    tags = gw_print_job_get_neighbour_tags (job, 0, &grid_label);
    g_assert_cmpuint (tags->len, ==, 0);
    g_assert_cmpfloat (grid_label.width, ==, 0);
  }
}

static void
test_pdf_fonts_and_chinese (void)
{
  gint64 community_id = some_community ();
  g_autofree char *community_name = sql_text ("SELECT name FROM communities WHERE id = ?",
                                              community_id);
  g_autofree char *street_name = sql_text ("SELECT name FROM streets LIMIT 1", 0);
  g_autofree char *path = tmp_path ("community.pdf");
  g_autoptr (GwPrintJob) job = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *fonts = NULL;
  g_auto (GStrv) lines = NULL;
  GwPrintOptions options;
  guint n_fonts = 0;

  /* The demo names things in Chinese. */
  g_assert_false (g_str_is_ascii (community_name));

  gw_print_options_init (&options);
  options.area = GW_PRINT_AREA_COMMUNITY;
  options.community_id = community_id;
  job = job_new (&options);
  g_assert_true (gw_print_export (job, path, GW_PRINT_FORMAT_PDF, 0, &error));
  g_assert_no_error (error);

  text = pdf_text (path, 0);
  g_assert_nonnull (strstr (text, community_name));
  g_assert_nonnull (strstr (text, street_name));

  {
    const char *argv[] = { "pdffonts", path, NULL };

    fonts = run_tool (argv);
  }
  /* name type encoding emb sub uni: every font embedded, all Noto CJK. */
  lines = g_strsplit (fonts, "\n", -1);
  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto (GStrv) split = NULL;
      const char *fields[16] = { NULL };
      guint n = 0;

      if (*lines[i] == '\0')
        continue;
      split = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      for (guint f = 0; split[f] != NULL && n < G_N_ELEMENTS (fields); f++)
        if (*split[f] != '\0')
          fields[n++] = split[f];
      g_assert_nonnull (strstr (fields[0], "NotoSansCJK"));
      /* emb, sub, uni are the fourth, third and second from the end. */
      g_assert_cmpuint (n, >=, 7);
      g_assert_cmpstr (fields[n - 5], ==, "yes");
      g_assert_cmpstr (fields[n - 3], ==, "yes");
      n_fonts++;
    }
  g_assert_cmpuint (n_fonts, >=, 1);
}

static void
check_png_size (GwPaper  paper,
                gboolean landscape,
                double   dpi,
                int      width,
                int      height)
{
  g_autofree char *path = tmp_path ("page.png");
  g_autoptr (GwPrintJob) job = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (cairo_surface_t) png = NULL;
  GwPrintOptions options;

  gw_print_options_init (&options);
  options.paper = paper;
  options.landscape = landscape;
  options.area = GW_PRINT_AREA_GRID;
  options.grid_id = some_grid ();
  job = job_new (&options);
  g_assert_true (gw_print_export (job, path, GW_PRINT_FORMAT_PNG, dpi, &error));
  g_assert_no_error (error);

  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, height);
}

static void
test_png_size (void)
{
  check_png_size (GW_PAPER_A4, FALSE, 150, 1240, 1754);
  check_png_size (GW_PAPER_A4, FALSE, 300, 2480, 3508);
  check_png_size (GW_PAPER_A3, TRUE, 100, 1654, 1169);
}

/* Does @text contain a resident name that has no other reason to be
 * there? Names that are also part of a worker's name, a place or a
 * building (2-character names can be) are left out. */
static const char *
find_resident_name (const char *text,
                    GPtrArray  *resident_names,
                    GPtrArray  *public_words)
{
  for (guint i = 0; i < resident_names->len; i++)
    {
      const char *name = g_ptr_array_index (resident_names, i);
      gboolean public = FALSE;

      for (guint j = 0; j < public_words->len && !public; j++)
        public = strstr (g_ptr_array_index (public_words, j), name) != NULL;
      if (!public && strstr (text, name) != NULL)
        return name;
    }
  return NULL;
}

static GPtrArray *
public_words (void)
{
  GPtrArray *words = sql_column ("SELECT name FROM workers UNION SELECT org FROM workers"
                                 " UNION SELECT name FROM grids UNION SELECT name FROM communities"
                                 " UNION SELECT name FROM streets UNION SELECT district_name FROM"
                                 " streets UNION SELECT name FROM roads UNION SELECT name FROM lots"
                                 " UNION SELECT name FROM buildings UNION SELECT address FROM"
                                 " buildings", 0);

  return words;
}

static void
test_notice_board (void)
{
  gint64 grid_id = some_grid ();
  g_autofree char *path = tmp_path ("board.pdf");
  g_autofree char *list_path = tmp_path ("households.pdf");
  g_autoptr (GwPrintJob) job = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) workers = gw_inspector_grid_workers (store, grid_id, &error);
  g_autoptr (GPtrArray) residents = NULL;
  g_autoptr (GPtrArray) heads = NULL;
  g_autoptr (GPtrArray) resident_phones = NULL;
  g_autoptr (GPtrArray) words = public_words ();
  g_autofree char *code = sql_text ("SELECT code FROM grids WHERE id = ?", grid_id);
  g_autofree char *text = NULL;
  GwPrintOptions options;

  g_assert_no_error (error);
  g_assert_cmpuint (workers->len, >, 3);

  gw_print_options_init (&options);
  options.area = GW_PRINT_AREA_GRID;
  options.grid_id = grid_id;
  options.notice_board = TRUE;
  job = job_new (&options);
  g_assert_cmpuint (gw_print_job_get_n_pages (job), ==, 1);
  g_assert_true (gw_print_export (job, path, GW_PRINT_FORMAT_PDF, 0, &error));
  g_assert_no_error (error);
  text = pdf_text (path, 0);

  /* The grid, its whole team with phones, and how to get service. */
  g_assert_nonnull (strstr (text, code));
  for (guint i = 0; i < workers->len; i++)
    {
      GwGridWorker *worker = g_ptr_array_index (workers, i);

      g_assert_nonnull (strstr (text, worker->phone));
      g_assert_nonnull (strstr (text, worker->name));
    }
  g_assert_nonnull (strstr (text, "12345"));

  /* No resident's name or phone, from this grid or anywhere. */
  residents = sql_column ("SELECT DISTINCT name FROM residents UNION"
                          " SELECT head_name FROM households", 0);
  g_assert_cmpuint (residents->len, >, 1000);
  g_assert_null (find_resident_name (text, residents, words));
  resident_phones = sql_column ("SELECT phone FROM residents WHERE phone IS NOT NULL"
                                " AND phone NOT IN (SELECT phone FROM workers)"
                                " UNION SELECT phone FROM households WHERE phone IS NOT NULL"
                                " AND phone NOT IN (SELECT phone FROM workers)", 0);
  for (guint i = 0; i < resident_phones->len; i++)
    g_assert_null (strstr (text, g_ptr_array_index (resident_phones, i)));

  /* The check can see names: the household list, asked for explicitly,
   * has this grid's heads of household. */
  heads = sql_column ("SELECT h.head_name FROM households h JOIN dwellings d ON d.id = h.dwelling_id"
                      " JOIN buildings b ON b.id = d.building_id JOIN lots l ON l.id = b.lot_id"
                      " WHERE l.grid_id = ?", grid_id);
  g_assert_cmpuint (heads->len, >, 0);
  g_clear_object (&job);
  options.notice_board = FALSE;
  options.households = TRUE;
  job = job_new (&options);
  g_assert_cmpuint (gw_print_job_get_n_pages (job), >, 1);
  g_assert_true (gw_print_export (job, list_path, GW_PRINT_FORMAT_PDF, 0, &error));
  g_assert_no_error (error);
  {
    g_autofree char *list_text = pdf_text (list_path, 0);
    g_autofree char *map_text = pdf_text (list_path, 1);

    g_assert_nonnull (find_resident_name (list_text, heads, words));
    /* Even then, the map page itself holds none. */
    g_assert_null (find_resident_name (map_text, residents, words));
  }
}

static void
test_map_has_no_residents (void)
{
  g_autofree char *path = tmp_path ("street.pdf");
  g_autoptr (GwPrintJob) job = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) residents = sql_column ("SELECT DISTINCT name FROM residents", 0);
  g_autoptr (GPtrArray) words = public_words ();
  g_autofree char *text = NULL;
  GwPrintOptions options;

  gw_print_options_init (&options);
  options.area = GW_PRINT_AREA_GRID;
  options.grid_id = some_grid ();
  options.case_dots = TRUE;
  options.scale = 1000;
  job = job_new (&options);
  g_assert_true (gw_print_export (job, path, GW_PRINT_FORMAT_PDF, 0, &error));
  g_assert_no_error (error);
  text = pdf_text (path, 0);
  /* Building numbers at 1:1000 are there; people are not. */
  g_assert_nonnull (strstr (text, "号楼"));
  g_assert_null (find_resident_name (text, residents, words));
}

/* Household lists only for those allowed, and never without a trace. */
static void
test_households_authorize (void)
{
  gint64 staff_grid = sql_int ("SELECT g.grid_id FROM user_grids g JOIN users u ON u.id = g.user_id"
                               " WHERE u.login = 'staff1' ORDER BY g.grid_id LIMIT 1", 0);
  gint64 other_grid = sql_int ("SELECT id FROM grids WHERE id NOT IN (SELECT grid_id FROM"
                               " user_grids g JOIN users u ON u.id = g.user_id WHERE"
                               " u.login = 'staff1') ORDER BY id LIMIT 1", 0);
  g_autoptr (GwUser) supervisor = NULL;
  g_autoptr (GwUser) planner = NULL;
  g_autoptr (GwUser) staff = NULL;
  g_autoptr (GwPrintJob) plain = NULL;
  g_autoptr (GwPrintJob) own = NULL;
  g_autoptr (GwPrintJob) other = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *object = NULL;
  GwPrintOptions options;
  gint64 before;

  supervisor = gw_user_load (store, "supervisor", &error);
  g_assert_no_error (error);
  planner = gw_user_load (store, "planner", &error);
  g_assert_no_error (error);
  staff = gw_user_load (store, "staff1", &error);
  g_assert_no_error (error);

  gw_print_options_init (&options);
  options.area = GW_PRINT_AREA_GRID;
  options.grid_id = staff_grid;
  plain = job_new (&options);
  options.households = TRUE;
  own = job_new (&options);
  options.grid_id = other_grid;
  other = job_new (&options);
  g_assert_false (gw_print_job_has_households (plain));
  g_assert_true (gw_print_job_has_households (own));

  before = sql_int ("SELECT count(*) FROM audit_log", 0);
  /* Maps without resident data need no one and log nothing. */
  g_assert_true (gw_print_job_authorize (plain, store, NULL, "map.pdf", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int ("SELECT count(*) FROM audit_log", 0), ==, before);

  g_assert_false (gw_print_job_authorize (own, store, NULL, "list.pdf", &error));
  g_assert_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (gw_print_job_authorize (own, store, planner, "list.pdf", &error));
  g_assert_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_false (gw_print_job_authorize (other, store, staff, "list.pdf", &error));
  g_assert_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_cmpint (sql_int ("SELECT count(*) FROM audit_log", 0), ==, before);

  g_assert_true (gw_print_job_authorize (own, store, staff, "list.pdf", &error));
  g_assert_no_error (error);
  g_assert_true (gw_print_job_authorize (other, store, supervisor, "list.pdf", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int ("SELECT count(*) FROM audit_log", 0), ==, before + 2);
  object = sql_text ("SELECT object FROM audit_log WHERE action = 'export' AND user_id = ?"
                     " ORDER BY id DESC LIMIT 1", staff->id);
  {
    g_autofree char *code = sql_text ("SELECT code FROM grids WHERE id = ?", staff_grid);
    g_autofree char *expected = g_strdup_printf ("grid:%s", code);

    g_assert_cmpstr (object, ==, expected);
  }
}

static void
test_svg_and_templates (void)
{
  g_autofree char *svg = tmp_path ("grid.svg");
  g_autofree char *template = tmp_path ("atlas/{code}.png");
  g_autoptr (GwPrintJob) job = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  GwPrintOptions options;

  gw_print_options_init (&options);
  options.area = GW_PRINT_AREA_GRID;
  options.grid_id = some_grid ();
  job = job_new (&options);
  g_assert_true (gw_print_export (job, svg, GW_PRINT_FORMAT_SVG, 0, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));
  /* Paper size in points: A4 is 595.28 × 841.89 pt. */
  g_assert_nonnull (strstr (contents, "width=\"595.27"));
  g_clear_object (&job);

  /* One file per grid, named by code. */
  options.area = GW_PRINT_AREA_COMMUNITY;
  options.community_id = some_community ();
  options.atlas = TRUE;
  job = job_new (&options);
  g_assert_true (gw_print_export (job, template, GW_PRINT_FORMAT_PNG, 20, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < gw_print_job_get_n_pages (job); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.png", gw_print_job_get_page_code (job, i));
      g_autofree char *file = g_build_filename (tmpdir, "atlas", name, NULL);

      g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
      g_unlink (file);
    }
}

/* Progress counts every step once, in order; a cancelled export stops
 * between steps and leaves none of its files; the export on a worker
 * thread reports progress on the caller's thread and writes every page. */
typedef struct
{
  guint         calls;
  guint         last_done;
  guint         total;
  guint         cancel_at;
  GCancellable *cancellable;
  GThread      *thread;
  gboolean      wrong_thread;
  GMainLoop    *loop;
  gboolean      finished;
  GError       *error;
} ExportWatch;

static void
watch_progress (guint    done,
                guint    total,
                gpointer user_data)
{
  ExportWatch *watch = user_data;

  g_assert_cmpuint (done, ==, watch->last_done + 1);
  g_assert_cmpuint (done, <=, total);
  watch->calls++;
  watch->last_done = done;
  watch->total = total;
  if (g_thread_self () != watch->thread)
    watch->wrong_thread = TRUE;
  if (watch->cancel_at != 0 && done == watch->cancel_at)
    g_cancellable_cancel (watch->cancellable);
}

static guint
count_files (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
on_export_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ExportWatch *watch = user_data;

  watch->finished = gw_print_export_finish (GW_PRINT_JOB (source), result, &watch->error);
  g_main_loop_quit (watch->loop);
}

static void
test_export_progress_and_cancel (void)
{
  g_autofree char *dir = tmp_path ("progress");
  g_autofree char *template = g_build_filename (dir, "{code}.png", NULL);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GwPrintJob) job = NULL;
  g_autoptr (GError) error = NULL;
  ExportWatch watch = { 0 };
  GwPrintOptions options;
  guint n_pages;

  gw_print_options_init (&options);
  options.area = GW_PRINT_AREA_COMMUNITY;
  options.community_id = some_community ();
  options.atlas = TRUE;
  job = job_new (&options);
  n_pages = gw_print_job_get_n_pages (job);
  g_assert_cmpuint (n_pages, >=, 3);
  g_mkdir_with_parents (dir, 0755);

  /* Cancelled after the third step: nothing stays behind. */
  watch.thread = g_thread_self ();
  watch.cancel_at = 3;
  watch.cancellable = cancellable;
  g_assert_false (gw_print_export_full (job, template, GW_PRINT_FORMAT_PNG, 20, cancellable,
                                        watch_progress, &watch, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (watch.calls, ==, 3);
  g_assert_cmpuint (watch.total, ==, 2 * n_pages);
  g_assert_cmpuint (count_files (dir), ==, 0);

  /* On a worker: every step reported here, every page written. */
  memset (&watch, 0, sizeof watch);
  watch.thread = g_thread_self ();
  watch.loop = g_main_loop_new (NULL, FALSE);
  gw_print_export_async (job, template, GW_PRINT_FORMAT_PNG, 20, NULL, watch_progress, &watch,
                         on_export_done, &watch);
  g_main_loop_run (watch.loop);
  /* Progress calls queued before the result are delivered by now or next. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_main_loop_unref (watch.loop);
  g_assert_no_error (watch.error);
  g_assert_true (watch.finished);
  g_assert_false (watch.wrong_thread);
  g_assert_cmpuint (watch.calls, ==, 2 * n_pages);
  g_assert_cmpuint (watch.last_done, ==, 2 * n_pages);
  g_assert_cmpuint (count_files (dir), ==, n_pages);
}

/* The preview's page drawn on a worker is the page drawn here. */
static void
on_rendered (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  cairo_surface_t **surface = user_data;
  g_autoptr (GError) error = NULL;

  *surface = gw_print_job_render_page_finish (GW_PRINT_JOB (source), result, &error);
  g_assert_no_error (error);
}

static void
test_render_page_async (void)
{
  g_autoptr (GwPrintJob) job = NULL;
  cairo_surface_t *async_surface = NULL, *here;
  cairo_t *cr;
  GwPrintOptions options;
  double paper_w, paper_h;
  int width, height;

  gw_print_options_init (&options);
  options.area = GW_PRINT_AREA_GRID;
  options.grid_id = some_grid ();
  job = job_new (&options);
  gw_print_job_get_paper_size (job, &paper_w, &paper_h);
  width = (int) ceil (paper_w * 1.5);
  height = (int) ceil (paper_h * 1.5);

  gw_print_job_render_page_async (job, 0, width, height, 1.5, NULL, on_rendered, &async_surface);
  while (async_surface == NULL)
    g_main_context_iteration (NULL, TRUE);

  here = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (here);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  gw_print_job_draw_page (job, cr, 0, 1.5);
  cairo_destroy (cr);
  cairo_surface_flush (here);

  g_assert_cmpint (cairo_image_surface_get_width (async_surface), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (async_surface), ==, height);
  g_assert_cmpmem (cairo_image_surface_get_data (async_surface),
                   cairo_image_surface_get_stride (async_surface) * height,
                   cairo_image_surface_get_data (here), cairo_image_surface_get_stride (here) * height);
  cairo_surface_destroy (async_surface);
  cairo_surface_destroy (here);
}

static void
test_errors (void)
{
  g_autoptr (GError) error = NULL;
  GwPrintOptions options;
  GwPrintFormat format;
  GwPaper paper;

  g_assert_false (gw_paper_from_string ("A5", &paper, &error));
  g_assert_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (gw_paper_from_string ("a3", &paper, &error));
  g_assert_cmpint (paper, ==, GW_PAPER_A3);

  g_assert_false (gw_print_format_from_path ("map.jpg", &format, &error));
  g_assert_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (gw_print_format_from_path ("MAP.PDF", &format, &error));
  g_assert_cmpint (format, ==, GW_PRINT_FORMAT_PDF);

  gw_print_options_init (&options);
  options.area = GW_PRINT_AREA_GRID;
  options.grid_id = 999999;
  g_assert_null (gw_print_job_new (store, snapshot, &options, &error));
  g_assert_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  options.area = GW_PRINT_AREA_COMMUNITY;
  options.community_id = 999999;
  g_assert_null (gw_print_job_new (store, snapshot, &options, &error));
  g_assert_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_NOT_FOUND);
}

/* The command line refuses what it cannot print, with a non-zero status. */
static void
test_cli_errors (void)
{
  const char *cli = gw_test_cli_path ();
  g_autofree char *db = tmp_path ("street.sqlite");
  g_autofree char *out = tmp_path ("cli.pdf");
  g_autofree char *png = tmp_path ("cli.png");
  const char *unknown_grid[] = { cli, "print", db, "--out", out, "--grid", "999999999999999",
                                 NULL };
  const char *bad_paper[] = { cli, "print", db, "--out", out, "--street", "--paper", "B5", NULL };
  const char *two_areas[] = { cli, "print", db, "--out", out, "--street", "--view", NULL };
  const char *good[] = { cli, "print", db, "--out", out, "--street", "--paper", "A3", NULL };
  const char *render[] = { cli, "render", db, "--out", png, "--size", "300x200", NULL };
  const char * const *cases[] = { unknown_grid, bad_paper, two_areas, good, render };
  const gboolean ok[] = { FALSE, FALSE, FALSE, TRUE, TRUE };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *err = NULL;
      int status = 0;

      g_spawn_sync (NULL, (char **) cases[i], NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                    &err, &status, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_spawn_check_wait_status (status, NULL), ==, ok[i]);
      if (!ok[i])
        g_assert_cmpstr (err, !=, "");
    }

  {
    g_autoptr (cairo_surface_t) surface = cairo_image_surface_create_from_png (png);

    g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 300);
    g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 200);
  }
}

/* The page @page of @job drawn at 2 px per mm. */
static cairo_surface_t *
draw_page (GwPrintJob *job,
           guint       page)
{
  double width, height;
  cairo_surface_t *surface;
  cairo_t *cr;

  gw_print_job_get_paper_size (job, &width, &height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (width * 2), (int) (height * 2));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  gw_print_job_draw_page (job, cr, page, 2);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* A printed grid plan (issue 11): the street's map with the draft's
 * colours over it (the page differs from the same map without the plan),
 * then its grid table pages. */
static void
test_plan (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwUser) planner = gw_user_load (store, "planner", &error);
  g_autoptr (GwPlan) plan = NULL;
  g_autoptr (GwPrintJob) plain = NULL;
  g_autoptr (GwPrintJob) job = NULL;
  cairo_surface_t *with, *without;
  GwPrintOptions options;
  gint64 id;
  guint differ = 0;

  g_assert_no_error (error);
  id = gw_plan_store_create (store, planner, "印刷测试", 0, &error);
  g_assert_no_error (error);
  plan = gw_plan_load (store, id, &error);
  g_assert_no_error (error);

  gw_print_options_init (&options);
  options.area = GW_PRINT_AREA_STREET;
  plain = gw_print_job_new (store, snapshot, &options, &error);
  g_assert_no_error (error);
  options.plan = plan;
  job = gw_print_job_new (store, snapshot, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gw_print_job_get_n_pages (job), >, gw_print_job_get_n_pages (plain));
  g_assert_cmpstr (gw_print_job_get_title (job), ==, "Grid plan “印刷测试”");
  g_assert_true (g_str_has_prefix (gw_print_job_get_page_code (job, gw_print_job_get_n_pages (plain)),
                                   "plan-"));

  with = draw_page (job, 0);
  without = draw_page (plain, 0);
  {
    const guint8 *a = cairo_image_surface_get_data (with), *b = cairo_image_surface_get_data (without);
    gsize n = (gsize) cairo_image_surface_get_stride (with) * cairo_image_surface_get_height (with);

    for (gsize i = 0; i < n; i += 4)
      differ += memcmp (a + i, b + i, 4) != 0;
  }
  /* The draft's colour lies over much of the map. */
  g_assert_cmpuint (differ, >, (guint) (cairo_image_surface_get_width (with)
                                        * cairo_image_surface_get_height (with) / 10));
  cairo_surface_destroy (with);
  cairo_surface_destroy (without);
  cairo_surface_destroy (draw_page (job, gw_print_job_get_n_pages (job) - 1));
}

/* The grid the monthly report must name first among the worst by on-time
 * rate: of the grids with at least 5 cases to judge, the lowest rate, then
 * the most cases judged, then the code. Counted here from the core's
 * rates, not from the report. */
static char *
worst_on_time_grid (const char *from,
                    const char *to)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwKpiTable) table = NULL;
  GwCaseFilter filter = { .from = from, .to = to };
  const GwKpiRow *worst = NULL;

  table = gw_kpi_compute (store, GW_KPI_BY_GRID, &filter, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < table->rows->len; i++)
    {
      const GwKpiRow *row = &g_array_index (table->rows, GwKpiRow, i);
      const GwKpiCount *c = &row->counts[GW_KPI_ON_TIME];
      const GwKpiCount *w = worst != NULL ? &worst->counts[GW_KPI_ON_TIME] : NULL;
      double rate = gw_kpi_count_rate (c), worst_rate = w != NULL ? gw_kpi_count_rate (w) : 2;

      if (c->denominator < 5)
        continue;
      if (rate < worst_rate
          || (rate == worst_rate && (c->denominator > w->denominator
                                     || (c->denominator == w->denominator
                                         && strcmp (row->code, worst->code) < 0))))
        worst = row;
    }
  g_assert_nonnull (worst);
  return g_strdup (worst->code);
}

/* The monthly report (issue 12): a map page and table pages; the worst
 * grid by on-time rate is named first under its heading, before the best;
 * a month without cases and a wrong month are refused with a message that
 * names them. */
static void
test_monthly_report (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwPrintJob) job = NULL;
  g_autofree char *path = tmp_path ("report.pdf");
  g_autofree char *worst = worst_on_time_grid ("2026-10-01", "2026-10-31");
  g_autofree char *first_page = NULL;
  g_autofree char *text = NULL;
  const char *worst_heading, *best_heading, *found;
  GwPageGeometry geometry;
  GwPrintOptions options;
  GwPrintFormat format;

  gw_print_options_init (&options);
  options.report_month = "2026-10";
  options.printed_by = "肖春伟";
  options.landscape = TRUE;   /* the report is portrait whatever is asked */
  job = job_new (&options);
  g_assert_cmpuint (gw_print_job_get_n_pages (job), >=, 2);
  g_assert_cmpstr (gw_print_job_get_title (job), ==, "宁夏路街道 monthly report");
  gw_print_job_get_page_geometry (job, 0, &geometry);
  g_assert_cmpfloat (geometry.paper_width, <, geometry.paper_height);
  g_assert_cmpfloat (geometry.map_frame.width, >, 100);
  g_assert_true (gw_print_format_from_path (path, &format, &error));
  g_assert_true (gw_print_export (job, path, format, 72, &error));
  g_assert_no_error (error);

  first_page = pdf_text (path, 1);
  g_assert_nonnull (strstr (first_page, "肖春伟"));
  g_assert_nonnull (strstr (first_page, "On-time rate per grid"));
  text = pdf_text (path, 0);
  worst_heading = strstr (text, "The ten worst grids by On-time rate");
  best_heading = strstr (text, "The ten best grids by On-time rate");
  g_assert_nonnull (worst_heading);
  g_assert_nonnull (best_heading);
  found = strstr (worst_heading, worst);
  g_assert_nonnull (found);
  g_assert_true (found < best_heading);
  /* The first of the ten: no other grid code between the heading and it. */
  for (const char *p = worst_heading; p < found; p++)
    g_assert_false (g_str_has_prefix (p, "3702030"));

  options.report_month = "2020-01";
  g_assert_null (gw_print_job_new (store, snapshot, &options, &error));
  g_assert_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "2020-01"));
  g_assert_nonnull (strstr (error->message, "nothing to report"));
  g_clear_error (&error);
  options.report_month = "2026-13";
  g_assert_null (gw_print_job_new (store, snapshot, &options, &error));
  g_assert_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2026-13"));
}

/* The departments' cases as a street's report prints them: the number after
 * each row's level in the Departments table. */
static guint
printed_department_cases (const char *layout_text)
{
  const char *section = strstr (layout_text, "The departments holding cases");
  g_auto (GStrv) lines = NULL;
  guint total = 0;

  g_assert_nonnull (section);
  lines = g_strsplit (section, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto (GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      gboolean level = FALSE;

      for (guint w = 0; words[w] != NULL; w++)
        {
          if (*words[w] == '\0')
            continue;
          if (level)
            {
              total += (guint) g_ascii_strtoull (words[w], NULL, 10);
              break;
            }
          level = strcmp (words[w], "District") == 0 || strcmp (words[w], "Street") == 0;
        }
    }
  return total;
}

/* In a district's file, a street's monthly report judges the departments
 * on that street's cases only. */
static void
test_monthly_report_street (void)
{
  const char *cli = gw_test_cli_path ();
  g_autofree char *db = tmp_path ("two-streets.sqlite");
  g_autofree char *out = tmp_path ("report-street.pdf");
  g_autofree char *vacuum = g_strdup_printf ("VACUUM INTO '%s'", db);
  const char *argv[] = { cli, "print", db, "--street", "--street-code", "370203010",
                         "--monthly-report", "2026-10", "--out", out, NULL };
  const char *layout[] = { "pdftotext", "-layout", "-enc", "UTF-8", out, "-", NULL };
  g_autoptr (GwStore) copy = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GwKpiTable) street = NULL, everywhere = NULL;
  GwCaseFilter filter = { .from = "2026-10-01", .to = "2026-10-31" };
  g_autofree char *text = NULL;
  guint in_street = 0, in_file = 0;
  int status = 0;

  gw_test_exec_sql (store, vacuum);
  copy = gw_store_open (db, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  gw_test_exec_sql (copy, "INSERT INTO streets (id, code, name, district_name) "
                          "VALUES (2, '370203099', '第二街道', '市北区')");
  gw_test_exec_sql (copy, "UPDATE communities SET street_id = 2 WHERE id > 3");
  everywhere = gw_kpi_compute (copy, GW_KPI_BY_DEPARTMENT, &filter, NULL, &error);
  g_assert_no_error (error);
  filter.street = "370203010";
  street = gw_kpi_compute (copy, GW_KPI_BY_DEPARTMENT, &filter, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < everywhere->rows->len; i++)
    in_file += g_array_index (everywhere->rows, GwKpiRow, i).cases;
  for (guint i = 0; i < street->rows->len; i++)
    in_street += g_array_index (street->rows, GwKpiRow, i).cases;
  g_assert_cmpuint (in_street, >, 0);
  g_assert_cmpuint (in_street, <, in_file);
  g_clear_object (&copy);

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  text = run_tool (layout);
  g_assert_cmpuint (printed_department_cases (text), ==, in_street);
}

/* "Automatic" turns a fitted map page the way its area fills it: a wide
 * view comes out landscape, a tall one portrait, and its frame is filled
 * better than the other way would; without it the paper stays portrait,
 * and an atlas keeps its layout. */
static void
test_orientation_auto (void)
{
  const GwFeature *community = gw_map_snapshot_lookup (snapshot, GW_FEATURE_COMMUNITY,
                                                       some_community ());
  GwBBox base = community->shape.bbox;
  double cx = (base.min_x + base.max_x) / 2, cy = (base.min_y + base.max_y) / 2, r = 300;
  const GwBBox wide = { cx - 2 * r, cy - r / 2, cx + 2 * r, cy + r / 2 };
  const GwBBox tall = { cx - r / 2, cy - 2 * r, cx + r / 2, cy + 2 * r };
  GwPrintOptions options;
  GwPageGeometry g;

  gw_print_options_init (&options);
  options.area = GW_PRINT_AREA_VIEW;
  options.orientation_auto = TRUE;
  for (int i = 0; i < 2; i++)
    {
      g_autoptr (GwPrintJob) job = NULL;

      options.view = i == 0 ? wide : tall;
      job = job_new (&options);
      gw_print_job_get_page_geometry (job, 0, &g);
      if (i == 0)
        g_assert_cmpfloat (g.paper_width, >, g.paper_height);
      else
        g_assert_cmpfloat (g.paper_width, <, g.paper_height);
      /* The box printed has the frame's shape, wide or tall like the view. */
      if (i == 0)
        g_assert_cmpfloat (g.map_bbox.max_x - g.map_bbox.min_x, >, g.map_bbox.max_y - g.map_bbox.min_y);
      else
        g_assert_cmpfloat (g.map_bbox.max_x - g.map_bbox.min_x, <, g.map_bbox.max_y - g.map_bbox.min_y);
    }

  options.orientation_auto = FALSE;
  options.view = wide;
  {
    g_autoptr (GwPrintJob) job = job_new (&options);

    gw_print_job_get_page_geometry (job, 0, &g);
    g_assert_cmpfloat (g.paper_width, <, g.paper_height);
  }
  /* An atlas's pages keep the orientation asked for. */
  options.orientation_auto = TRUE;
  options.area = GW_PRINT_AREA_COMMUNITY;
  options.community_id = community->id;
  options.atlas = TRUE;
  {
    g_autoptr (GwPrintJob) job = job_new (&options);

    gw_print_job_get_page_geometry (job, 0, &g);
    g_assert_cmpfloat (g.paper_width, <, g.paper_height);
  }
}

/* The report's filters and rate: fewer cases under a tier, the grids
 * ranked by the rate asked for; from the command line, which refuses an
 * unknown rate and filters without the report. */
static void
test_monthly_report_options (void)
{
  const char *cli = gw_test_cli_path ();
  g_autofree char *db = tmp_path ("street.sqlite");
  g_autofree char *out = tmp_path ("report-tier.pdf");
  const char *good[] = { cli, "print", db, "--monthly-report", "2026-10", "--tier", "A", "--kpi",
                         "satisfaction", "--out", out, NULL };
  const char *bad_kpi[] = { cli, "print", db, "--monthly-report", "2026-10", "--kpi", "speed",
                            "--out", out, NULL };
  const char *no_report[] = { cli, "print", db, "--street", "--tier", "A", "--out", out, NULL };
  const char *empty[] = { cli, "print", db, "--monthly-report", "2019-05", "--out", out, NULL };
  const char * const *cases[] = { bad_kpi, no_report, empty, good };
  const int status_of[] = { 2, 2, 1, 0 };
  g_autofree char *text = NULL;
  g_autofree char *all_text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *err = NULL;
      int status = 0;

      g_spawn_sync (NULL, (char **) cases[i], NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                    &err, &status, &error);
      g_assert_no_error (error);
      g_spawn_check_wait_status (status, &error);
      g_assert_cmpint (error != NULL ? error->code : 0, ==, status_of[i]);
      if (status_of[i] != 0)
        g_assert_cmpstr (err, !=, "");
      if (i == 2)
        g_assert_nonnull (strstr (err, "2019-05"));
    }
  text = pdf_text (out, 0);
  g_assert_nonnull (strstr (text, "tier A"));
  g_assert_nonnull (strstr (text, "The ten worst grids by Satisfaction rate"));
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GwKpiTable) table = NULL;
    GwCaseFilter filter = { .from = "2026-10-01", .to = "2026-10-31", .tier = "A" };
    g_autofree char *line = NULL;

    table = gw_kpi_compute (store, GW_KPI_BY_COMMUNITY, &filter, NULL, &error);
    g_assert_no_error (error);
    line = g_strdup_printf ("%u cases under the filters", table->total.cases);
    g_assert_nonnull (strstr (text, line));
  }
}

/* The printed overdue board (挂牌督办): landscape pages listing every case
 * the core's board lists, longest overdue first; a tier filter leaves the
 * other tiers' cases off; the command line prints it and refuses it with an
 * atlas. */
static void
test_overdue_board (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwPrintJob) job = NULL;
  g_autoptr (GwPrintJob) tier_a = NULL;
  g_autoptr (GPtrArray) board = NULL;
  g_autofree char *path = tmp_path ("overdue.pdf");
  g_autofree char *tier_path = tmp_path ("overdue-a.pdf");
  g_autofree char *text = NULL;
  g_autofree char *tier_text = NULL;
  GwCaseFilter filter = { .tier = "A" };
  GwPageGeometry geometry;
  GwPrintOptions options;
  const char *previous = NULL;
  guint n_a = 0, n_other = 0;

  board = gw_overdue_list (store, &(GwCaseFilter) { 0 }, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (board->len, >, 1);

  gw_print_options_init (&options);
  options.overdue_board = TRUE;
  job = job_new (&options);
  g_assert_cmpstr (gw_print_job_get_title (job), ==, "宁夏路街道 overdue board");
  gw_print_job_get_page_geometry (job, 0, &geometry);
  g_assert_cmpfloat (geometry.paper_width, >, geometry.paper_height);
  g_assert_true (gw_print_export (job, path, GW_PRINT_FORMAT_PDF, 72, &error));
  g_assert_no_error (error);
  text = pdf_text (path, 0);
  /* Every case of the board, in the board's order. */
  for (guint i = 0; i < board->len; i++)
    {
      const GwOverdueCase *kase = g_ptr_array_index (board, i);
      const char *at = strstr (text, kase->code);

      g_assert_nonnull (at);
      g_assert_true (previous == NULL || at > previous);
      previous = at;
    }

  options.report_filter = &filter;
  tier_a = job_new (&options);
  g_assert_true (gw_print_export (tier_a, tier_path, GW_PRINT_FORMAT_PDF, 72, &error));
  g_assert_no_error (error);
  tier_text = pdf_text (tier_path, 0);
  g_assert_nonnull (strstr (tier_text, "tier A"));
  for (guint i = 0; i < board->len; i++)
    {
      const GwOverdueCase *kase = g_ptr_array_index (board, i);
      gboolean listed = strstr (tier_text, kase->code) != NULL;

      g_assert_true (listed == (g_strcmp0 (kase->tier, "A") == 0));
      n_a += listed;
      n_other += !listed;
    }
  g_assert_cmpuint (n_a, >, 0);
  g_assert_cmpuint (n_other, >, 0);

  {
    const char *cli = gw_test_cli_path ();
    g_autofree char *db = tmp_path ("street.sqlite");
    g_autofree char *out = tmp_path ("overdue-cli.pdf");
    const char *good[] = { cli, "print", db, "--overdue", "--out", out, NULL };
    const char *with_atlas[] = { cli, "print", db, "--overdue", "--atlas", "--out", out, NULL };
    int status = 0;

    g_spawn_sync (NULL, (char **) with_atlas, NULL, G_SPAWN_STDOUT_TO_DEV_NULL
                  | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_false (g_spawn_check_wait_status (status, NULL));
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    g_spawn_sync (NULL, (char **) good, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                  NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("gw-test-print-XXXXXX", &error);
  g_assert_no_error (error);
  path = tmp_path ("street.sqlite");
  if (!gw_demo_generate (path, GW_DEMO_SCALE_STREET, SEED, NULL, NULL, NULL, &error))
    g_error ("demo: %s", error->message);
  store = gw_store_open (path, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  snapshot = gw_map_snapshot_load (store, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/print/scale-bar/choose", test_scale_bar_choose);
  g_test_add_func ("/print/scale-bar/on-paper", test_scale_bar_on_paper);
  g_test_add_func ("/print/map/extent", test_map_extent);
  g_test_add_func ("/print/map/fit-street", test_map_fit_street);
  g_test_add_func ("/print/atlas/pages", test_atlas_pages);
  g_test_add_func ("/print/atlas/with-boards", test_atlas_with_boards);
  g_test_add_func ("/print/atlas/parts", test_atlas_parts);
  g_test_add_func ("/print/atlas/neighbour-tags", test_neighbour_tags);
  g_test_add_func ("/print/pdf/fonts-and-chinese", test_pdf_fonts_and_chinese);
  g_test_add_func ("/print/png/size", test_png_size);
  g_test_add_func ("/print/board/workers-not-residents", test_notice_board);
  g_test_add_func ("/print/plan", test_plan);
  g_test_add_func ("/print/map/no-residents", test_map_has_no_residents);
  g_test_add_func ("/print/households/authorize", test_households_authorize);
  g_test_add_func ("/print/files/svg-and-templates", test_svg_and_templates);
  g_test_add_func ("/print/files/progress-and-cancel", test_export_progress_and_cancel);
  g_test_add_func ("/print/preview/render-async", test_render_page_async);
  g_test_add_func ("/print/errors", test_errors);
  g_test_add_func ("/print/cli/errors", test_cli_errors);
  g_test_add_func ("/print/report/monthly", test_monthly_report);
  g_test_add_func ("/print/report/options", test_monthly_report_options);
  g_test_add_func ("/print/report/street", test_monthly_report_street);
  g_test_add_func ("/print/map/orientation-auto", test_orientation_auto);
  g_test_add_func ("/print/overdue", test_overdue_board);

  status = g_test_run ();

  g_clear_pointer (&snapshot, gw_map_snapshot_unref);
  g_clear_object (&store);
  {
    g_autoptr (GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (tmpdir, name, NULL);

        g_rmdir (file);
        g_unlink (file);
      }
    g_rmdir (tmpdir);
  }
  return status;
}
