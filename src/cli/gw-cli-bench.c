/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

/* {{{ Figures over runs */

/* With --runs N every figure is kept per run and printed at the end as
 * min / median / max; a single run prints each figure as it comes. */
typedef struct
{
  char   *name;
  char   *unit;
  char   *detail;  /* of the last run */
  GArray *values;
} Figure;

static GPtrArray *figures;   /* of Figure, in the order first seen */
static int        n_runs = 1;

static void
figure_free (gpointer data)
{
  Figure *figure = data;

  g_free (figure->name);
  g_free (figure->unit);
  g_free (figure->detail);
  g_array_unref (figure->values);
  g_free (figure);
}

static void
print_value (double      value,
             const char *unit)
{
  printf (fabs (value) < 10 && value != floor (value) ? "%.3f" : "%.1f", value);
  if (*unit != '\0')
    printf (" %s", unit);
}

void
gw_bench_figure (const char *name,
                 double      value,
                 const char *unit,
                 const char *detail_format,
                 ...)
{
  g_autofree char *detail = NULL;
  Figure *figure = NULL;

  if (detail_format != NULL)
    {
      va_list args;

      va_start (args, detail_format);
      detail = g_strdup_vprintf (detail_format, args);
      va_end (args);
    }
  if (n_runs == 1)
    {
      printf ("%s: ", name);
      print_value (value, unit);
      printf ("%s%s%s\n", detail != NULL ? " (" : "", detail != NULL ? detail : "", detail != NULL ? ")" : "");
      return;
    }
  for (guint i = 0; i < figures->len && figure == NULL; i++)
    if (strcmp (((Figure *) g_ptr_array_index (figures, i))->name, name) == 0)
      figure = g_ptr_array_index (figures, i);
  if (figure == NULL)
    {
      figure = g_new0 (Figure, 1);
      figure->name = g_strdup (name);
      figure->unit = g_strdup (unit);
      figure->values = g_array_new (FALSE, FALSE, sizeof (double));
      g_ptr_array_add (figures, figure);
    }
  g_array_append_val (figure->values, value);
  g_free (figure->detail);
  figure->detail = g_steal_pointer (&detail);
}

/* The median and p95 of @samples as two figures, NAME_median and NAME_p95. */
static void
print_figures (const char *name,
               GArray     *samples)
{
  g_autofree char *median = g_strconcat (name, "_median", NULL);
  g_autofree char *p95 = g_strconcat (name, "_p95", NULL);

  gw_bench_figure (median, gw_bench_percentile (samples, 50), "ms", NULL);
  gw_bench_figure (p95, gw_bench_percentile (samples, 95), "ms", NULL);
}

static void
print_over_runs (void)
{
  printf ("\n");
  printf (_("Over %d runs: min / median / max"), n_runs);
  printf ("\n");
  for (guint i = 0; i < figures->len; i++)
    {
      Figure *figure = g_ptr_array_index (figures, i);

      printf ("%s: ", figure->name);
      print_value (gw_bench_percentile (figure->values, 0), figure->unit);
      printf (" / ");
      print_value (gw_bench_percentile (figure->values, 50), figure->unit);
      printf (" / ");
      print_value (gw_bench_percentile (figure->values, 100), figure->unit);
      printf ("%s%s%s\n", figure->detail != NULL ? " (" : "", figure->detail != NULL ? figure->detail : "",
              figure->detail != NULL ? ")" : "");
    }
}

/* }}} */

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

/* One run of every figure. */
/* --only: the parts to measure; NULL: all. */
static char **only_parts;

static gboolean
wanted (const char *part)
{
  return only_parts == NULL || g_strv_contains ((const char * const *) only_parts, part);
}

static int bench_map (GwStore       *store,
                      GwMapSnapshot *snapshot,
                      GDateTime     *now,
                      GRand         *rand,
                      int            n_tiles,
                      int            n_picks,
                      int            n_grids);

static int
bench_once (const char *path,
            int         n_tiles,
            int         n_picks,
            int         n_grids)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = NULL;
  g_autoptr (GwMapSnapshot) snapshot = NULL;
  g_autoptr (GDateTime) now = gw_now ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (BENCH_SEED);
  GwBBox extent;
  gint64 start;

  /* Open and snapshot: what stands between launching and the first frame. */
  start = g_get_monotonic_time ();
  store = gw_store_open (path, GW_STORE_OPEN_DEFAULT, &error);
  if (store != NULL)
    snapshot = gw_map_snapshot_load (store, now, &error);
  if (snapshot == NULL)
    {
      fprintf (stderr, "gridwork-cli bench: %s\n", error->message);
      return 1;
    }
  gw_bench_figure ("open_snapshot", gw_bench_ms_since (start), "ms", NULL);

  extent = gw_map_snapshot_get_extent (snapshot);
  if (gw_bbox_is_empty (&extent) || gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_GRID) == 0)
    {
      fprintf (stderr, "gridwork-cli bench: %s\n", _("The database has no grids to measure"));
      return 1;
    }

  if (wanted ("map") && bench_map (store, snapshot, now, rand, n_tiles, n_picks, n_grids) != 0)
    return 1;
  if (wanted ("cases"))
    gw_bench_cases (store, snapshot, rand, 200);
  if (wanted ("hotspots"))
    gw_bench_hotspots (store);
  if (wanted ("print"))
    gw_bench_print (store, snapshot);
  if (wanted ("io"))
    gw_bench_io (path);
  /* Last: a plan is committed, which changes the grids of the file. */
  if (wanted ("plan"))
    gw_bench_plan (store);

  gw_bench_figure ("peak_rss", gw_peak_rss_kib () / 1024.0, "MiB", NULL);
  return 0;
}

/* Tiles, picking, the inspector and clicks. */
static int
bench_map (GwStore       *store,
           GwMapSnapshot *snapshot,
           GDateTime     *now,
           GRand         *rand,
           int            n_tiles,
           int            n_picks,
           int            n_grids)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GPtrArray) per_zoom = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  GwBBox extent = gw_map_snapshot_get_extent (snapshot);
  guint n_grid_features = gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_GRID);
  gint64 start;

  for (int z = 0; z < 5; z++)
    g_ptr_array_add (per_zoom, g_array_new (FALSE, FALSE, sizeof (double)));

  /* Tiles at zoom 14–18 under random points of the extent; z14 (the
   * district overview), z16 and z18 also on their own. */
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
      g_array_append_val ((GArray *) g_ptr_array_index (per_zoom, zoom - 14), ms);
    }
  print_figures ("tile", samples);
  for (int z = 0; z <= 4; z += 2)
    {
      g_autofree char *name = g_strdup_printf ("tile_z%d", 14 + z);

      print_figures (name, g_ptr_array_index (per_zoom, z));
    }

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
  gw_bench_figure ("click_to_inspector_p95", gw_bench_percentile (samples, 95), "ms", NULL);
  return 0;
}

int
gw_cli_bench (int    argc,
              char **argv)
{
  int n_tiles = 400;
  int n_picks = 2000;
  int n_grids = 200;
  int runs = 1;
  g_autofree char *import_scale = NULL;
  g_autofree char *only = NULL;
  GOptionEntry entries[] = {
    { "only", 0, 0, G_OPTION_ARG_STRING, &only,
      N_("Only these parts, comma-separated: map, cases, hotspots, print, io, plan"),
      N_("PART,…") },
    { "import-scale", 0, 0, G_OPTION_ARG_STRING, &import_scale,
      N_("Only import N dense buildings into a copy of the street, for each N of the "
         "list (e.g. 50000,100000,1000000)"), N_("N,…") },
    { "tiles", 0, 0, G_OPTION_ARG_INT, &n_tiles, N_("Tiles to render (default 400)"), N_("N") },
    { "picks", 0, 0, G_OPTION_ARG_INT, &n_picks, N_("Points to pick (default 2000)"), N_("N") },
    { "grids", 0, 0, G_OPTION_ARG_INT, &n_grids,
      N_("Grids to open in the inspector (default 200)"), N_("N") },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs,
      N_("Measure everything N times and print each figure's min / median / max (default 1)"),
      N_("N") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;

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
  if (only != NULL)
    {
      const char * const parts[] = { "map", "cases", "hotspots", "print", "io", "plan", NULL };

      only_parts = g_strsplit (only, ",", -1);
      for (guint i = 0; only_parts[i] != NULL; i++)
        if (!g_strv_contains (parts, g_strstrip (only_parts[i])))
          {
            fprintf (stderr, _("gridwork-cli bench: “%s” is not a part to measure (map, cases, "
                               "hotspots, print, io or plan)\n"), only_parts[i]);
            return 2;
          }
    }
  if (runs < 1 || runs > 100)
    {
      fprintf (stderr, "gridwork-cli bench: %s\n", _("--runs must be 1 to 100"));
      return 2;
    }
  n_runs = runs;
  figures = g_ptr_array_new_with_free_func (figure_free);
  for (int run = 0; run < runs; run++)
    {
      int status;

      if (runs > 1)
        fprintf (stderr, _("Run %d of %d…\n"), run + 1, runs);
      status = bench_once (argv[1], MAX (n_tiles, 1), MAX (n_picks, 1), MAX (n_grids, 1));
      if (status != 0)
        return status;
    }
  if (runs > 1)
    print_over_runs ();
  g_clear_pointer (&figures, g_ptr_array_unref);
  g_clear_pointer (&only_parts, g_strfreev);
  return 0;
}
