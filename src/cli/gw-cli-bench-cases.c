/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>

#include "gw-case.h"
#include "gw-cli.h"
#include "gw-inspector.h"
#include "gw-renderer.h"
#include "gw-store.h"
#include "gw-user.h"
#include "gw-util.h"

/* The case figures of `gridwork-cli bench`: a reroute committed (target
 * < 5 ms, DESIGN.md "Performance") and the case layer drawn alone.
 *
 * Reroutes write, and a benchmark must not write a user's history: they run
 * on a copy of the file next to it (same disk), opened as the app opens it
 * (WAL, synchronous = NORMAL: a commit is durable against a crash of the
 * program, and against a power cut once the WAL is synced at the next
 * checkpoint). To be honest about power cuts too, the same reroutes are
 * measured again with synchronous = FULL, which syncs the WAL at every
 * commit. */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)

static gboolean
copy_file (const char  *from,
           const char  *to,
           GError     **error)
{
  g_autoptr (GFile) source = g_file_new_for_path (from);
  g_autoptr (GFile) destination = g_file_new_for_path (to);

  return g_file_copy (source, destination, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error);
}

/* A copy of @path (and its write-ahead log, so that committed work not yet
 * checkpointed comes along) in a temporary folder beside it. */
char *
gw_bench_copy_database (const char  *path,
               char       **dir,
               GError     **error)
{
  g_autofree char *parent = g_path_get_dirname (path);
  g_autofree char *template = g_build_filename (parent, ".gw-bench-XXXXXX", NULL);
  g_autofree char *copy = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  *dir = g_mkdtemp (g_steal_pointer (&template));
  if (*dir == NULL)
    {
      /* A read-only folder: fall back to the temporary directory. */
      *dir = g_dir_make_tmp ("gw-bench-XXXXXX", error);
      if (*dir == NULL)
        return NULL;
    }
  copy = g_build_filename (*dir, "bench.sqlite", NULL);
  if (!copy_file (path, copy, error))
    return NULL;
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    {
      g_autofree char *copy_wal = g_strconcat (copy, "-wal", NULL);

      if (!copy_file (wal, copy_wal, error))
        return NULL;
    }
  return g_steal_pointer (&copy);
}

void
gw_bench_remove_copy (const char *dir)
{
  g_autoptr (GDir) handle = NULL;
  const char *name;

  if (dir == NULL)
    return;
  handle = g_dir_open (dir, 0, NULL);
  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      g_unlink (child);
    }
  g_rmdir (dir);
}

typedef struct
{
  gint64     case_id;
  GPtrArray *workers;   /* of GwGridWorker, the case's grid team */
} Candidate;

static void
candidate_clear (gpointer data)
{
  Candidate *candidate = data;

  g_clear_pointer (&candidate->workers, g_ptr_array_unref);
}

/* Open cases that can be handed to another worker of their grid. */
static GArray *
find_candidates (GwStore  *store,
                 GRand    *rand,
                 guint     wanted,
                 GError  **error)
{
  g_autoptr (GPtrArray) cases = NULL;
  g_autoptr (GArray) candidates = g_array_new (FALSE, TRUE, sizeof (Candidate));

  g_array_set_clear_func (candidates, candidate_clear);
  cases = gw_case_list (store, 0, GW_CASE_LIST_OPEN, NULL, error);
  if (cases == NULL)
    return NULL;
  for (guint attempts = 0; candidates->len < wanted && attempts < 20 * wanted && cases->len > 0;
       attempts++)
    {
      const GwCase *kase = g_ptr_array_index (cases, g_rand_int_range (rand, 0, cases->len));
      Candidate candidate = { kase->id, NULL };
      gboolean taken = FALSE;

      if (g_strcmp0 (kase->status, "done_reported") == 0)
        continue;
      for (guint i = 0; i < candidates->len; i++)
        taken |= g_array_index (candidates, Candidate, i).case_id == kase->id;
      if (taken)
        continue;
      candidate.workers = gw_inspector_grid_workers (store, kase->grid_id, error);
      if (candidate.workers == NULL)
        return NULL;
      if (candidate.workers->len < 2)
        {
          g_ptr_array_unref (candidate.workers);
          continue;
        }
      g_array_append_val (candidates, candidate);
    }
  return g_steal_pointer (&candidates);
}

/* Reroutes each candidate to a worker of its grid other than the one who
 * holds it, @rounds times, timing each call (transaction and commit). */
static gboolean
time_reroutes (GwStore  *store,
               GwUser   *user,
               GArray   *candidates,
               int       rounds,
               GArray   *samples,
               GError  **error)
{
  for (int round = 0; round < rounds; round++)
    for (guint i = 0; i < candidates->len; i++)
      {
        const Candidate *candidate = &g_array_index (candidates, Candidate, i);
        g_autoptr (GwCase) kase = gw_case_load (store, candidate->case_id, NULL, FALSE, NULL, error);
        GwRerouteTarget target = { GW_REROUTE_TO_WORKER, 0 };
        gint64 start;
        double ms;

        if (kase == NULL)
          return FALSE;
        for (guint k = 0; k < candidate->workers->len && target.id == 0; k++)
          {
            GwGridWorker *worker = g_ptr_array_index (candidate->workers,
                                                      (k + round) % candidate->workers->len);

            if (worker->worker_id != kase->worker_id)
              target.id = worker->worker_id;
          }
        start = g_get_monotonic_time ();
        if (!gw_case_reroute (store, user, kase->id, &target, "bench", kase->version, NULL, error))
          return FALSE;
        ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (samples, ms);
      }
  return TRUE;
}

static gboolean
bench_reroutes (GwStore  *store,
                GRand    *rand,
                int       n_reroutes,
                GError  **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *copy = NULL;
  g_autoptr (GwStore) bench_store = NULL;
  g_autoptr (GwUser) user = NULL;
  g_autoptr (GArray) candidates = NULL;
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  int rounds;
  gboolean ok = FALSE;

  copy = gw_bench_copy_database (gw_store_get_path (store), &dir, error);
  if (copy == NULL)
    goto out;
  bench_store = gw_store_open (copy, GW_STORE_OPEN_DEFAULT, error);
  if (bench_store == NULL)
    goto out;
  user = gw_user_load (bench_store, GW_USER_DEFAULT_LOGIN, error);
  if (user == NULL)
    goto out;
  candidates = find_candidates (bench_store, rand, MIN (n_reroutes, 100), error);
  if (candidates == NULL)
    goto out;
  if (candidates->len == 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
                   _("No open case can be rerouted to another worker"));
      goto out;
    }
  rounds = MAX (1, n_reroutes / (int) candidates->len);

  if (!time_reroutes (bench_store, user, candidates, rounds, samples, error))
    goto out;
  gw_bench_figure ("reroute_median", gw_bench_percentile (samples, 50), "ms", NULL);
  gw_bench_figure ("reroute_p95", gw_bench_percentile (samples, 95), "ms", NULL);

  g_array_set_size (samples, 0);
  if (!gw_store_set_durable (bench_store, TRUE, error)
      || !time_reroutes (bench_store, user, candidates, rounds, samples, error))
    goto out;
  gw_bench_figure ("reroute_full_sync_median", gw_bench_percentile (samples, 50), "ms", NULL);
  gw_bench_figure ("reroute_full_sync_p95", gw_bench_percentile (samples, 95), "ms", NULL);
  ok = TRUE;

out:
  g_clear_object (&bench_store);
  gw_bench_remove_copy (dir);
  return ok;
}

static double
draw_cases (GwMapSnapshot      *snapshot,
            const GwRenderView *view)
{
  g_autoptr (cairo_surface_t) surface = NULL;
  g_autoptr (cairo_t) cr = NULL;
  gint64 start;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (view->width),
                                        (int) ceil (view->height));
  cr = cairo_create (surface);
  start = g_get_monotonic_time ();
  gw_renderer_draw (snapshot, cr, view, GW_LAYER_CASES);
  cairo_surface_flush (surface);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The case layer alone: the whole extent at 1024 px (aggregated bubbles) and
 * 256 px z16 tiles under open cases (dots). */
static void
bench_case_layer (GwMapSnapshot *snapshot,
                  GRand         *rand)
{
  g_autoptr (GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  GwBBox extent = gw_map_snapshot_get_extent (snapshot);
  guint n_cases = gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_CASE);
  GwRenderView view;
  double width = extent.max_x - extent.min_x, height = extent.max_y - extent.min_y;
  double side = MAX (width, height);

  view.bbox.min_x = (extent.min_x + extent.max_x - side) / 2;
  view.bbox.max_x = view.bbox.min_x + side;
  view.bbox.min_y = (extent.min_y + extent.max_y - side) / 2;
  view.bbox.max_y = view.bbox.min_y + side;
  view.width = view.height = 1024;
  view.px_per_mm = 96 / 25.4;
  for (int i = 0; i < 10; i++)
    {
      double ms = draw_cases (snapshot, &view);

      g_array_append_val (samples, ms);
    }
  gw_bench_figure ("case_layer_draw", gw_bench_percentile (samples, 50), "ms", "%u cases", n_cases);

  g_array_set_size (samples, 0);
  for (int i = 0; i < 200 && n_cases > 0; i++)
    {
      const GwFeature *kase = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_CASE,
                                                           g_rand_int_range (rand, 0, n_cases));
      double n = 1 << 16, world = 2 * GW_MERCATOR_HALF_WORLD, ms;
      GwRenderView tile;

      gw_render_view_for_tile (&tile, 16,
                               (int) floor ((kase->label_point.x + GW_MERCATOR_HALF_WORLD) / world * n),
                               (int) floor ((GW_MERCATOR_HALF_WORLD - kase->label_point.y) / world * n),
                               256);
      ms = draw_cases (snapshot, &tile);
      g_array_append_val (samples, ms);
    }
  if (samples->len > 0)
    gw_bench_figure ("case_layer_tile_z16_p95", gw_bench_percentile (samples, 95), "ms", NULL);
}

/**
 * gw_bench_cases:
 * @store: the database benchmarked (only read: reroutes run on a copy)
 * @snapshot: its map snapshot
 * @n_reroutes: how many reroutes to time for each synchronous mode
 *
 * Prints the case figures; a failure is reported on stderr and the other
 * figures are still printed.
 */
void
gw_bench_cases (GwStore       *store,
                GwMapSnapshot *snapshot,
                GRand         *rand,
                int            n_reroutes)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (GW_IS_STORE (store));
  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (rand != NULL);

  if (!bench_reroutes (store, rand, MAX (n_reroutes, 1), &error))
    fprintf (stderr, "gridwork-cli bench: %s\n", error->message);
  bench_case_layer (snapshot, rand);
}
