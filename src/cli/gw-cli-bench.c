/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "gw-cli.h"
#include "gw-inspector.h"
#include "gw-map-snapshot.h"
#include "gw-renderer.h"
#include "gw-store.h"
#include "gw-util.h"

/* `gridwork-cli bench DB`: the figures of DESIGN.md "Performance", measured
 * the way the app spends them. A fixed seed makes runs comparable. */

#define BENCH_SEED 20261120

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)

double
gw_bench_ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

void
gw_bench_fail (const char *what,
               GError     *error)
{
  fprintf (stderr, "gridwork-cli bench: %s: %s\n", what, error != NULL ? error->message : "?");
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return (da > db) - (da < db);
}

double
gw_bench_percentile (GArray *samples,
            double  p)
{
  guint rank;

  if (samples->len == 0)
    return NAN;
  g_array_sort (samples, compare_double);
  rank = (guint) ceil (p / 100.0 * samples->len);
  return g_array_index (samples, double, CLAMP (rank, 1, samples->len) - 1);
}

static void
print_figures (const char *name,
               GArray     *samples)
{
  printf ("%s_median: %.3f ms\n", name, gw_bench_percentile (samples, 50));
  printf ("%s_p95: %.3f ms\n", name, gw_bench_percentile (samples, 95));
}

/* Renders one 256 px tile as a screen tile thread does: a fresh image
 * surface, every layer but the labels (they live in the overlay). */
static void
render_tile (GwMapSnapshot *snapshot,
             int            zoom,
             int            x,
             int            y)
{
  g_autoptr (cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 256, 256);
  g_autoptr (cairo_t) cr = cairo_create (surface);
  GwRenderView view;

  gw_render_view_for_tile (&view, zoom, x, y, 256);
  gw_renderer_draw (snapshot, cr, &view, GW_LAYER_ALL & ~GW_LAYER_LABELS);
  cairo_surface_flush (surface);
}

/* What the inspector fetches when a grid is clicked. */
static gboolean
fill_inspector (GwStore    *store,
                gint64      grid_id,
                GDateTime  *now,
                GError    **error)
{
  g_autoptr (GwGridSummary) summary = NULL;
  g_autoptr (GPtrArray) workers = NULL;
  g_autoptr (GPtrArray) households = NULL;
  g_autoptr (GPtrArray) cases = NULL;

  summary = gw_inspector_grid_summary (store, grid_id, now, error);
  if (summary == NULL)
    return FALSE;
  workers = gw_inspector_grid_workers (store, grid_id, error);
  if (workers == NULL)
    return FALSE;
  households = gw_inspector_households (store, grid_id, 0, error);
  if (households == NULL)
    return FALSE;
  cases = gw_inspector_open_cases (store, grid_id, now, error);
  return cases != NULL;
}

static void
random_point (GRand        *rand,
              const GwBBox *extent,
              double       *x,
              double       *y)
{
  *x = g_rand_double_range (rand, extent->min_x, extent->max_x);
  *y = g_rand_double_range (rand, extent->min_y, extent->max_y);
}

int
gw_cli_bench (int    argc,
              char **argv)
{
  int n_tiles = 400;
  int n_picks = 2000;
  int n_grids = 200;
  g_autofree char *import_scale = NULL;
  GOptionEntry entries[] = {
    { "tiles", 0, 0, G_OPTION_ARG_INT, &n_tiles, N_("Tiles to render (default 400)"), N_("N") },
    { "picks", 0, 0, G_OPTION_ARG_INT, &n_picks, N_("Points to pick (default 2000)"), N_("N") },
    { "grids", 0, 0, G_OPTION_ARG_INT, &n_grids,
      N_("Grids to open in the inspector (default 200)"), N_("N") },
    { "import-scale", 0, 0, G_OPTION_ARG_STRING, &import_scale,
      N_("Only import N dense buildings into a copy of the street, for each N of the "
         "list (e.g. 50000,100000,1000000)"), N_("N,…") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = NULL;
  g_autoptr (GwMapSnapshot) snapshot = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GRand) rand = g_rand_new_with_seed (BENCH_SEED);
  guint n_grid_features;
  GwBBox extent;
  gint64 start;

  context = g_option_context_new (_("DATABASE — measure a Gridwork database"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "gridwork-cli bench: %s\n", error->message);
      return 2;
    }
  if (argc != 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      fputs (help, stderr);
      return 2;
    }
  if (import_scale != NULL)
    return gw_bench_import_scale (argv[1], import_scale);
  n_tiles = MAX (n_tiles, 1);
  n_picks = MAX (n_picks, 1);
  n_grids = MAX (n_grids, 1);
  now = gw_now ();

  /* Open and snapshot: what stands between launching and the first frame. */
  start = g_get_monotonic_time ();
  store = gw_store_open (argv[1], GW_STORE_OPEN_DEFAULT, &error);
  if (store != NULL)
    snapshot = gw_map_snapshot_load (store, now, &error);
  if (snapshot == NULL)
    {
      fprintf (stderr, "gridwork-cli bench: %s\n", error->message);
      return 1;
    }
  printf ("open_snapshot: %.1f ms\n", gw_bench_ms_since (start));

  extent = gw_map_snapshot_get_extent (snapshot);
  n_grid_features = gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_GRID);
  if (gw_bbox_is_empty (&extent) || n_grid_features == 0)
    {
      fprintf (stderr, "gridwork-cli bench: %s\n", _("The database has no grids to measure"));
      return 1;
    }

  /* Tiles at zoom 14–18 under random points of the extent. */
  for (int i = 0; i < n_tiles; i++)
    {
      int zoom = 14 + g_rand_int_range (rand, 0, 5);
      double x, y, n = (double) (1 << zoom);
      double world = 2 * GW_MERCATOR_HALF_WORLD;
      double ms;

      random_point (rand, &extent, &x, &y);
      start = g_get_monotonic_time ();
      render_tile (snapshot, zoom,
                   (int) floor ((x + GW_MERCATOR_HALF_WORLD) / world * n),
                   (int) floor ((GW_MERCATOR_HALF_WORLD - y) / world * n));
      ms = gw_bench_ms_since (start);
      g_array_append_val (samples, ms);
    }
  print_figures ("tile", samples);

  /* Picking the grid under the pointer. */
  g_array_set_size (samples, 0);
  for (int i = 0; i < n_picks; i++)
    {
      double x, y, ms;

      random_point (rand, &extent, &x, &y);
      start = g_get_monotonic_time ();
      (void) gw_map_snapshot_pick (snapshot, GW_FEATURE_GRID, x, y);
      ms = gw_bench_ms_since (start);
      g_array_append_val (samples, ms);
    }
  print_figures ("pick", samples);

  /* The inspector's queries for random grids. */
  g_array_set_size (samples, 0);
  for (int i = 0; i < n_grids; i++)
    {
      const GwFeature *grid;
      double ms;

      grid = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_GRID,
                                          g_rand_int_range (rand, 0, n_grid_features));
      start = g_get_monotonic_time ();
      if (!fill_inspector (store, grid->id, now, &error))
        {
          fprintf (stderr, "gridwork-cli bench: %s\n", error->message);
          return 1;
        }
      ms = gw_bench_ms_since (start);
      g_array_append_val (samples, ms);
    }
  print_figures ("inspector", samples);

  /* A click: the grid under a random point, then its inspector. Points
   * outside every grid are clicks on nothing and are not counted. */
  g_array_set_size (samples, 0);
  for (int i = 0, attempts = 0; i < n_grids && attempts < 100 * n_grids; attempts++)
    {
      const GwFeature *grid;
      double x, y, ms;

      random_point (rand, &extent, &x, &y);
      start = g_get_monotonic_time ();
      grid = gw_map_snapshot_pick (snapshot, GW_FEATURE_GRID, x, y);
      if (grid == NULL)
        continue;
      if (!fill_inspector (store, grid->id, now, &error))
        {
          fprintf (stderr, "gridwork-cli bench: %s\n", error->message);
          return 1;
        }
      ms = gw_bench_ms_since (start);
      g_array_append_val (samples, ms);
      i++;
    }
  printf ("click_to_inspector_p95: %.3f ms\n", gw_bench_percentile (samples, 95));

  gw_bench_cases (store, snapshot, rand, 200);
  gw_bench_hotspots (store);
  gw_bench_print (store, snapshot);
  gw_bench_io (argv[1]);
  /* Last: a plan is committed, which changes the grids of the file. */
  gw_bench_plan (store);

  printf ("peak_rss: %.1f MiB\n", gw_peak_rss_kib () / 1024.0);
  return 0;
}
