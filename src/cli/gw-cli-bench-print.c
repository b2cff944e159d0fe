/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "gw-cli.h"
#include "gw-page-layout.h"
#include "gw-png.h"
#include "gw-renderer.h"
#include "gw-street.h"

/* The printing figures of `gridwork-cli bench`: what a user waits for when
 * exporting (issue 5). Files go to a temporary folder that is removed. */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)

/* The first community and street by code: the same ones on every run. */
static const GwFeature *
first_community (GwMapSnapshot *snapshot)
{
  guint n = gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_COMMUNITY);
  const GwFeature *first = NULL;

  for (guint i = 0; i < n; i++)
    {
      const GwFeature *community = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_COMMUNITY, i);

      if (first == NULL || g_strcmp0 (community->name, first->name) < 0)
        first = community;
    }
  return first;
}

static gint64
first_street (GwStore *store)
{
  g_autoptr (GPtrArray) streets = gw_street_list (store, NULL);
  const GwStreet *first = NULL;

  for (guint i = 0; streets != NULL && i < streets->len; i++)
    {
      const GwStreet *street = g_ptr_array_index (streets, i);

      if (first == NULL || g_strcmp0 (street->code, first->code) < 0)
        first = street;
    }
  return first != NULL ? first->id : 0;
}

void
gw_bench_print (GwStore       *store,
                GwMapSnapshot *snapshot)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *png = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *render_png = NULL;
  const GwFeature *community;
  GwPrintOptions options;
  gint64 start;

  dir = g_dir_make_tmp ("gridwork-bench-print-XXXXXX", &error);
  if (dir == NULL)
    {
      gw_bench_fail ("print", error);
      return;
    }
  png = g_build_filename (dir, "community-a3.png", NULL);
  pdf = g_build_filename (dir, "atlas.pdf", NULL);
  render_png = g_build_filename (dir, "render-4096.png", NULL);

  /* An A3 map of a community at 300 dpi, written as PNG. */
  community = first_community (snapshot);
  if (community != NULL)
    {
      g_autoptr (GwPrintJob) job = NULL;

      gw_print_options_init (&options);
      options.paper = GW_PAPER_A3;
      options.area = GW_PRINT_AREA_COMMUNITY;
      options.community_id = community->id;
      start = g_get_monotonic_time ();
      job = gw_print_job_new (store, snapshot, &options, &error);
      if (job == NULL || !gw_print_export (job, png, GW_PRINT_FORMAT_PNG, 300, &error))
        gw_bench_fail ("print_a3_300dpi_png", error);
      else
        gw_bench_figure ("print_a3_300dpi_png", gw_bench_ms_since (start), "ms", NULL);
      g_clear_error (&error);
    }

  /* The atlas of a street: one page per grid, one PDF. */
  {
    g_autoptr (GwPrintJob) job = NULL;

    gw_print_options_init (&options);
    options.area = GW_PRINT_AREA_STREET;
    options.street_id = first_street (store);
    options.atlas = TRUE;
    start = g_get_monotonic_time ();
    job = gw_print_job_new (store, snapshot, &options, &error);
    if (job == NULL || !gw_print_export (job, pdf, GW_PRINT_FORMAT_PDF, 0, &error))
      gw_bench_fail ("atlas_pdf", error);
    else
      {
        gw_bench_figure ("atlas_pdf", gw_bench_ms_since (start), "ms", "%u pages",
                         gw_print_job_get_n_pages (job));
      }
    g_clear_error (&error);
  }

  /* Everything at 4096 × 4096 px: the render alone, then with the PNG. */
  {
    GwBBox extent = gw_map_snapshot_get_extent (snapshot);
    double side = MAX (extent.max_x - extent.min_x, extent.max_y - extent.min_y);
    double cx = (extent.min_x + extent.max_x) / 2, cy = (extent.min_y + extent.max_y) / 2;
    GwRenderView view = {
      { cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2 }, 4096, 4096,
      GW_STYLE_PX_PER_MM_96DPI
    };
    g_autoptr (cairo_surface_t) surface = NULL;
    g_autoptr (cairo_t) cr = NULL;
    double render_ms;

    start = g_get_monotonic_time ();
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 4096, 4096);
    cr = cairo_create (surface);
    gw_renderer_draw (snapshot, cr, &view, GW_LAYER_ALL);
    cairo_surface_flush (surface);
    render_ms = gw_bench_ms_since (start);
    gw_bench_figure ("render_4096", render_ms, "ms", NULL);
    {
      g_autoptr (GError) error = NULL;
      gint64 encode_start = g_get_monotonic_time ();
      GStatBuf st;

      if (!gw_png_write (surface, render_png, 0, &error))
        fprintf (stderr, "gridwork-cli bench: %s\n", error->message);
      else if (g_stat (render_png, &st) == 0)
        gw_bench_figure ("render_4096_png", gw_bench_ms_since (start), "ms", "encoding %.1f ms, %.1f MB",
                         gw_bench_ms_since (encode_start), st.st_size / 1e6);
      /* The same picture through cairo's libpng encoder, for the ratio. */
      encode_start = g_get_monotonic_time ();
      if (cairo_surface_write_to_png (surface, render_png) == CAIRO_STATUS_SUCCESS &&
          g_stat (render_png, &st) == 0)
        gw_bench_figure ("render_4096_png_cairo_encoder", gw_bench_ms_since (encode_start), "ms",
                         "%.1f MB", st.st_size / 1e6);
    }
  }

  g_unlink (png);
  g_unlink (pdf);
  g_unlink (render_png);
  g_rmdir (dir);
}
