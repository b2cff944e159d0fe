/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hotspots"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-demo.h"
#include "gw-domain.h"
#include "gw-hotspots.h"
#include "gw-test-store.h"
#include "gw-test-util.h"
#include "gw-util.h"

/* The demo street (a year of cases to 2026-11-20), made once per run. */
static char *tmpdir;
static char *street_path;

static GwStore *
open_street (void)
{
  g_autoptr (GError) error = NULL;
  GwStore *store;

  if (street_path == NULL)
    {
      g_autoptr (GDateTime) today = g_date_time_new (gw_china_time_zone (), 2026, 11, 20, 18, 0, 0);

      tmpdir = gw_test_make_tmp_dir ("hotspots");
      street_path = g_build_filename (tmpdir, "street.sqlite", NULL);
      g_assert_true (gw_demo_generate (street_path, GW_DEMO_SCALE_STREET, 7, today, NULL, NULL,
                                       &error));
      g_assert_no_error (error);
    }
  store = gw_store_open (street_path, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  return store;
}

/* Queen contiguity of a @side × @side lattice, cells numbered row-major. */
static GwAdjacency *
lattice (guint side)
{
  g_autoptr (GArray) pairs = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint r = 0; r < side; r++)
    for (guint c = 0; c < side; c++)
      for (int dr = -1; dr <= 1; dr++)
        for (int dc = -1; dc <= 1; dc++)
          {
            int r2 = (int) r + dr, c2 = (int) c + dc;
            guint pair[2];

            if ((dr == 0 && dc == 0) || r2 < 0 || c2 < 0 || r2 >= (int) side || c2 >= (int) side)
              continue;
            pair[0] = r * side + c;
            pair[1] = (guint) r2 * side + (guint) c2;
            g_array_append_vals (pairs, pair, 2);
          }
  return gw_adjacency_new_from_pairs (side * side, (guint *) pairs->data, pairs->len / 2);
}

static void
test_adjacency (void)
{
  /* Pairs repeated, in both orders, and a self pair: all folded. */
  const guint pairs[] = { 0, 1, 1, 0, 1, 2, 2, 2, 0, 1, 3, 1 };
  g_autoptr (GwAdjacency) adjacency = gw_adjacency_new_from_pairs (4, pairs, 6);
  g_autoptr (GwAdjacency) queen = lattice (3);

  g_assert_cmpuint (adjacency->start[1] - adjacency->start[0], ==, 1);
  g_assert_cmpuint (adjacency->start[2] - adjacency->start[1], ==, 3);
  g_assert_cmpuint (adjacency->index[adjacency->start[1]], ==, 0);
  g_assert_cmpuint (adjacency->index[adjacency->start[1] + 1], ==, 2);
  g_assert_cmpuint (adjacency->index[adjacency->start[1] + 2], ==, 3);
  g_assert_cmpuint (adjacency->start[4], ==, 6);
  /* Queen on 3 × 3: corners 3 neighbours, edges 5, the centre 8. */
  g_assert_cmpuint (queen->start[1] - queen->start[0], ==, 3);
  g_assert_cmpuint (queen->start[2] - queen->start[1], ==, 5);
  g_assert_cmpuint (queen->start[5] - queen->start[4], ==, 8);
}

/* Gi* on the 3 × 3 lattice
 *
 *     1 2 3
 *     4 5 6
 *     7 8 9
 *
 * by hand: n = 9, X̄ = 5, Σx² = 285, S = √(285/9 − 25) = √6.6667 = 2.581989.
 * Binary queen weights with the cell itself: a corner has Σw = 4, an edge
 * cell 6, the centre 9 (= n, so its Gi* is undefined and taken as 0).
 * - corner 1: Σwx = 1+2+4+5 = 12; (12 − 5·4) / (S √((9·4 − 16)/8))
 *             = −8 / (2.581989 · 1.581139) = −8 / 4.082483 = −1.959592
 * - corner 9: Σwx = 9+8+6+5 = 28; +8 / 4.082483 = +1.959592
 * - corner 3: Σwx = 3+2+6+5 = 16; −4 / 4.082483 = −0.979796
 * - edge 2:   Σwx = 2+1+3+4+5+6 = 21; (21 − 30) / (S √((54 − 36)/8))
 *             = −9 / (2.581989 · 1.5) = −9 / 3.872983 = −2.323790
 * - edge 4:   Σwx = 4+1+2+5+7+8 = 27; −3 / 3.872983 = −0.774597
 * - edge 8:   Σwx = 8+7+9+4+5+6 = 39; +9 / 3.872983 = +2.323790
 * p(±2.323790) = 0.020137, p(±1.959592) = 0.050044, p(0.979796) = 0.327187,
 * p(0.774597) = 0.438578. */
static void
test_gi_star_lattice (void)
{
  const double values[9] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
  const double z[9] = {
    -1.959592, -2.323790, -0.979796,
    -0.774597, 0, 0.774597,
    0.979796, 2.323790, 1.959592,
  };
  g_autoptr (GwAdjacency) queen = lattice (3);
  GwGiStar out[9];

  g_assert_true (gw_gi_star (values, NULL, 0, queen, out));
  for (guint i = 0; i < 9; i++)
    g_assert_cmpfloat_with_epsilon (out[i].z, z[i], 1e-5);
  g_assert_cmpfloat_with_epsilon (out[1].p, 0.020137, 1e-5);
  g_assert_cmpfloat_with_epsilon (out[0].p, 0.050044, 1e-5);
  g_assert_cmpfloat_with_epsilon (out[4].p, 1.0, 1e-9);
  /* Without the FDR the edges 2 and 8 would be 95 % spots; BH over nine
   * tests: the two smallest p (0.020137) adjust to 0.020137 · 9 / 2 =
   * 0.090617 — only 90 % — and corners 1 and 9 to 0.050044 · 9 / 4 =
   * 0.112599, not significant. */
  g_assert_cmpfloat_with_epsilon (out[1].p_fdr, 0.090617, 1e-5);
  g_assert_cmpfloat_with_epsilon (out[0].p_fdr, 0.112599, 1e-5);
  g_assert_cmpint (out[1].klass, ==, GW_HOTSPOT_COLD_90);
  g_assert_cmpint (out[7].klass, ==, GW_HOTSPOT_HOT_90);
  g_assert_cmpint (out[0].klass, ==, GW_HOTSPOT_NONE);
  g_assert_cmpint (out[4].klass, ==, GW_HOTSPOT_NONE);
  g_assert_cmpstr (gw_hotspot_class_key (out[7].klass), ==, "hot_90");
}

/* A strong cluster on a 5 × 5 lattice is hot at 99 %; the guard keeps a
 * grid of too few cases out whatever its z. */
static void
test_gi_star_guard (void)
{
  double values[25] = { 0 };
  guint cases[25];
  g_autoptr (GwAdjacency) queen = lattice (5);
  GwGiStar out[25];

  for (guint i = 0; i < 25; i++)
    {
      values[i] = 1 + (i % 3) * 0.1;
      cases[i] = 50;
    }
  /* The top-left 2 × 2 block is ten times the rest. */
  values[0] = values[1] = values[5] = values[6] = 10;
  g_assert_true (gw_gi_star (values, cases, 5, queen, out));
  g_assert_cmpint (out[0].klass, ==, GW_HOTSPOT_HOT_99);
  g_assert_cmpint (out[6].klass, >=, GW_HOTSPOT_HOT_95);
  g_assert_cmpint (out[24].klass, <=, GW_HOTSPOT_NONE);

  cases[0] = 4;
  g_assert_true (gw_gi_star (values, cases, 5, queen, out));
  g_assert_cmpint (out[0].klass, ==, GW_HOTSPOT_NONE);
  g_assert_cmpfloat (out[0].z, >, 3);
  g_assert_cmpint (out[6].klass, >=, GW_HOTSPOT_HOT_95);

  /* Nothing varies: nothing to say. */
  for (guint i = 0; i < 25; i++)
    values[i] = 2;
  g_assert_false (gw_gi_star (values, cases, 5, queen, out));
  g_assert_cmpint (out[0].klass, ==, GW_HOTSPOT_NONE);
  g_assert_cmpfloat (out[0].p, ==, 1);
}

/* Benjamini & Hochberg (1995), section 4: fifteen p-values from a study of
 * myocardial infarction treatments. At q = 0.05 the procedure rejects the
 * four smallest (p_(4) = 0.0095 ≤ 4 · 0.05 / 15 = 0.0133; p_(5) = 0.0201 >
 * 0.0167, and no larger k qualifies). The adjusted values are
 * min_{k' ≥ k} 15 p_(k') / k': 0.0015, 0.003, 0.0095, 0.035625, 0.0603,
 * then k = 6: min (0.0695, 7: 0.063857) = 0.063857, 7: 0.063857, 8: 0.0645,
 * 9: 0.0765, 10: 0.486, … 15: 1. */
static void
test_fdr_worked_example (void)
{
  /* Given out of order, to check the ranking. */
  const double p[15] = {
    0.0278, 0.0001, 0.0019, 0.0004, 0.0095, 0.0201, 0.0298, 0.0344, 0.0459, 0.3240,
    0.4262, 0.5719, 0.6528, 0.7590, 1.0000,
  };
  const double expected[15] = {
    0.063857, 0.0015, 0.0095, 0.003, 0.035625, 0.0603, 0.063857, 0.0645, 0.0765, 0.486,
    0.581182, 0.714875, 0.753231, 0.813214, 1.0,
  };
  double q[15];
  guint rejected = 0;

  gw_fdr_benjamini_hochberg (p, 15, q);
  for (guint i = 0; i < 15; i++)
    {
      g_assert_cmpfloat_with_epsilon (q[i], expected[i], 1e-6);
      rejected += q[i] <= 0.05;
    }
  g_assert_cmpuint (rejected, ==, 4);
}

/* x = 1, 3, 2, 5, 4, 5 by hand:
 * S = (+5) + (3: −1 +3 = +2) + (2: +3) + (5: −1 + 0 = −1) + (4: +1) = 10;
 * one tie of t = 2 (the fives): Var S = (6·5·17 − 2·1·9) / 18 = 492 / 18
 * = 27.3333; z = (10 − 1) / √27.3333 = 1.721457; p = 0.085168;
 * tau-b = 10 / √(15 · (15 − 1)) = 0.690066. */
static void
test_mann_kendall (void)
{
  const double x[6] = { 1, 3, 2, 5, 4, 5 };
  const double down[12] = { 40, 38, 39, 30, 31, 25, 20, 22, 15, 12, 9, 5 };
  const double flat[5] = { 3, 3, 3, 3, 3 };
  GwMannKendall mk;

  gw_mann_kendall (x, 6, &mk);
  g_assert_cmpfloat (mk.s, ==, 10);
  g_assert_cmpfloat_with_epsilon (mk.var_s, 27.333333, 1e-5);
  g_assert_cmpfloat_with_epsilon (mk.z, 1.721457, 1e-5);
  g_assert_cmpfloat_with_epsilon (mk.p, 0.085168, 1e-5);
  g_assert_cmpfloat_with_epsilon (mk.tau, 0.690066, 1e-5);

  gw_mann_kendall (down, 12, &mk);
  g_assert_cmpfloat (mk.s, <, 0);
  g_assert_cmpfloat (mk.p, <, 0.001);

  gw_mann_kendall (flat, 5, &mk);
  g_assert_cmpfloat (mk.s, ==, 0);
  g_assert_cmpfloat (mk.p, ==, 1);
}

static void
test_emerging (void)
{
  const GwMannKendall rising = { 40, 100, 0.6, 3.9, 0.0001 };
  const GwMannKendall none = { 0, 100, 0, 0, 1 };
  const GwMannKendall falling = { -40, 100, -0.6, -3.9, 0.0001 };
  const int new_hot[6] = { 0, 0, 0, 0, 0, 2 };
  const int all_hot[10] = { 1, 2, 2, 3, 3, 3, 3, 3, 3, 3 };
  const int run_hot[6] = { 0, 0, 0, 1, 2, 2 };
  const int sporadic[6] = { 1, 0, 1, 0, 0, 1 };
  const int oscillating[6] = { -1, 0, 1, 0, 0, 1 };
  const int historical[10] = { 3, 3, 3, 3, 3, 3, 3, 3, 3, 0 };
  const int cold[6] = { 0, 0, 0, 0, 0, -1 };

  g_assert_cmpint (gw_emerging_classify (new_hot, 6, &none, 0.05), ==, GW_EMERGING_NEW_HOT);
  g_assert_cmpint (gw_emerging_classify (all_hot, 10, &rising, 0.05), ==,
                   GW_EMERGING_INTENSIFYING_HOT);
  g_assert_cmpint (gw_emerging_classify (all_hot, 10, &none, 0.05), ==,
                   GW_EMERGING_PERSISTENT_HOT);
  g_assert_cmpint (gw_emerging_classify (all_hot, 10, &falling, 0.05), ==,
                   GW_EMERGING_DIMINISHING_HOT);
  g_assert_cmpint (gw_emerging_classify (run_hot, 6, &none, 0.05), ==,
                   GW_EMERGING_CONSECUTIVE_HOT);
  g_assert_cmpint (gw_emerging_classify (sporadic, 6, &none, 0.05), ==,
                   GW_EMERGING_SPORADIC_HOT);
  g_assert_cmpint (gw_emerging_classify (oscillating, 6, &none, 0.05), ==,
                   GW_EMERGING_OSCILLATING_HOT);
  g_assert_cmpint (gw_emerging_classify (historical, 10, &none, 0.05), ==,
                   GW_EMERGING_HISTORICAL_HOT);
  g_assert_cmpint (gw_emerging_classify (cold, 6, &none, 0.05), ==, GW_EMERGING_NEW_COLD);
  g_assert_cmpint (gw_emerging_classify (new_hot, 5, &none, 0.05), ==, GW_EMERGING_NONE);
  g_assert_cmpstr (gw_emerging_key (GW_EMERGING_INTENSIFYING_HOT), ==, "intensifying_hot");
}

static double
raster_mass (const GwDensityRaster *raster)
{
  double sum = 0;

  for (gsize k = 0; k < (gsize) raster->width * raster->height; k++)
    sum += raster->values[k];
  return sum * raster->cell * raster->cell / 1e6;
}

/* The sum of the cells × the cell area (km²) is the number of points, for
 * points whose kernel lies inside the raster; one point's peak is the
 * quartic kernel's 3 / (π r²). */
static void
test_kernel_mass (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (12);
  g_autofree double *xy = g_new (double, 2 * 500);
  g_autoptr (GwDensityRaster) raster = NULL;
  g_autoptr (GwDensityRaster) single = NULL;
  g_autoptr (GwDensityRaster) coarse = NULL;
  const double centre[2] = { 5005, 5005 };

  for (guint i = 0; i < 500; i++)
    {
      xy[2 * i] = g_rand_double_range (rand, 2000, 8000);
      xy[2 * i + 1] = g_rand_double_range (rand, 3000, 7000);
    }
  raster = gw_kernel_density (xy, NULL, 500, 0, 0, 10000, 10000, 300, 10);
  g_assert_nonnull (raster);
  g_assert_cmpuint (raster->width, ==, 1060);
  g_assert_cmpuint (raster->height, ==, 1060);
  g_assert_cmpfloat_with_epsilon (raster->west, -300, 1e-9);
  g_assert_cmpfloat_with_epsilon (raster->north, 10300, 1e-9);
  g_assert_cmpfloat_with_epsilon (raster_mass (raster), 500, 500 * 1e-4);

  /* A coarser cell keeps the mass too. */
  coarse = gw_kernel_density (xy, NULL, 500, 0, 0, 10000, 10000, 300, 70);
  g_assert_cmpfloat_with_epsilon (raster_mass (coarse), 500, 500 * 1e-4);

  /* 3 / (π 0.3²) = 10.610 per km² at the point itself. */
  single = gw_kernel_density (centre, NULL, 1, 0, 0, 10000, 10000, 300, 10);
  g_assert_cmpfloat_with_epsilon (gw_density_raster_max (single), 3 / (G_PI * 0.09), 0.1);
  /* Nothing beyond the radius. */
  g_assert_cmpfloat (single->values[(gsize) (10300 - 5005 + 320) / 10 * single->width
                                    + (5005 + 300) / 10], ==, 0);
}

static void
test_kernel_defaults (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);
  g_autofree double *xy = g_new (double, 2 * 1000);
  double radius;

  for (guint i = 0; i < 1000; i++)
    {
      xy[2 * i] = g_rand_double_range (rand, 0, 4000);
      xy[2 * i + 1] = g_rand_double_range (rand, 0, 4000);
    }
  /* Uniform on 4 km: SD = √(2 · 4000² / 12) = 1633 m; the median distance
   * to the centre is √(8·10⁶ / π) = 1596 m, · √(1 / ln 2) = 1917 m; so
   * 0.9 · 1633 · 1000^−0.2 = 369 m. */
  radius = gw_kernel_default_radius (xy, 1000);
  g_assert_cmpfloat (radius, >, 330);
  g_assert_cmpfloat (radius, <, 410);
  g_assert_cmpfloat (gw_kernel_default_radius (xy, 1), ==, 250);
  g_assert_cmpfloat_with_epsilon (gw_kernel_default_cell (0, 0, 4096, 2000, 1024), 4, 1e-9);
  g_assert_cmpfloat_with_epsilon (gw_kernel_default_cell (0, 0, 4096, 2000, 0), 8, 1e-9);
}

static void
assert_breaks (GArray       *breaks,
               const double *expected,
               guint         n)
{
  g_assert_cmpuint (breaks->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (g_array_index (breaks, double, i), expected[i], 1e-9);
}

static void
test_breaks (void)
{
  /* Three obvious groups: the natural breaks find them, the quantiles cut
   * by count and the equal intervals by value. */
  const double series[12] = { 12, 1, 2, 3, 10, 11, 21, 20, 22, 2.5, 11.5, 21.5 };
  const double jenks[3] = { 3, 12, 22 };
  const double quantile[3] = { 3, 12, 22 };
  const double equal[3] = { 8, 15, 22 };
  /* Skewed: one far value; Jenks gives it a class of its own. */
  const double skewed[8] = { 0, 1, 2, 3, 50, 51, 52, 100 };
  const double skewed_jenks[3] = { 3, 52, 100 };
  const double skewed_quantile[3] = { 2, 51, 100 };
  g_autoptr (GArray) a = gw_class_breaks (series, 12, 3, GW_BREAKS_JENKS);
  g_autoptr (GArray) b = gw_class_breaks (series, 12, 3, GW_BREAKS_QUANTILE);
  g_autoptr (GArray) c = gw_class_breaks (series, 12, 3, GW_BREAKS_EQUAL_INTERVAL);
  g_autoptr (GArray) d = gw_class_breaks (skewed, 8, 3, GW_BREAKS_JENKS);
  g_autoptr (GArray) e = gw_class_breaks (skewed, 8, 3, GW_BREAKS_QUANTILE);
  g_autoptr (GArray) f = gw_class_breaks (skewed, 3, 5, GW_BREAKS_JENKS);
  GwBreaksMethod method;

  assert_breaks (a, jenks, 3);
  assert_breaks (b, quantile, 3);
  assert_breaks (c, equal, 3);
  assert_breaks (d, skewed_jenks, 3);
  assert_breaks (e, skewed_quantile, 3);
  /* Three distinct values make at most three classes. */
  g_assert_cmpuint (f->len, ==, 3);
  g_assert_cmpuint (gw_class_breaks_find (d, 2.5), ==, 0);
  g_assert_cmpuint (gw_class_breaks_find (d, 4), ==, 1);
  g_assert_cmpuint (gw_class_breaks_find (d, 100), ==, 2);
  g_assert_true (gw_breaks_method_from_key ("jenks", &method));
  g_assert_cmpint (method, ==, GW_BREAKS_JENKS);
  g_assert_false (gw_breaks_method_from_key ("natural", &method));
}

static guint
sum_counts (const guint *counts,
            guint        n)
{
  guint total = 0;

  for (guint i = 0; i < n; i++)
    total += counts[i];
  return total;
}

/* Each filter changes only what it should: the counts per grid agree with
 * SQL written independently here, for each restriction alone. */
static void
test_query_filters (gconstpointer keep)
{
  g_autoptr (GwStore) store = open_street ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GwHotspotGrids) grids = gw_hotspot_grids_load (store, &error);
  g_autofree guint *all = NULL, *drains = NULL, *living = NULL, *open = NULL, *overdue = NULL;
  g_autofree guint *october = NULL, *community = NULL;
  g_autoptr (GDateTime) now = gw_now ();
  GwCaseFilter filter = { 0 };
  guint n;
  gint64 first_grid;
  g_autofree char *first_community = NULL;

  g_assert_no_error (error);
  gw_hotspot_keep_cases (store, GPOINTER_TO_INT (keep));
  n = grids->grids->len;
  g_assert_cmpint (n, ==, gw_test_query_int (store, "SELECT count(*) FROM grids"));
  all = g_new (guint, n);
  drains = g_new (guint, n);
  living = g_new (guint, n);
  open = g_new (guint, n);
  overdue = g_new (guint, n);
  october = g_new (guint, n);
  community = g_new (guint, n);

  g_assert_cmpint (gw_hotspot_count_cases (store, grids, &filter, now, all, &error), ==,
                   gw_test_query_int (store, "SELECT count(*) FROM cases"));
  first_grid = gw_hotspot_grids_get (grids, 0)->id;
  g_assert_cmpuint (all[0], ==,
                    gw_test_query_int (store, "SELECT count(*) FROM cases WHERE grid_id = ?",
                                       first_grid));

  /* A sub-class, and its major class: the one within the other. */
  filter.category = "下水道堵塞";
  gw_hotspot_count_cases (store, grids, &filter, now, drains, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sum_counts (drains, n), ==,
                    gw_test_query_int (store, "SELECT count(*) FROM cases "
                                              "WHERE subcategory = '下水道堵塞'"));
  g_assert_cmpuint (sum_counts (drains, n), >, 0);
  filter.category = "living_environment";
  gw_hotspot_count_cases (store, grids, &filter, now, living, &error);
  g_assert_cmpuint (sum_counts (living, n), ==,
                    gw_test_query_int (store, "SELECT count(*) FROM cases "
                                              "WHERE category = 'living_environment'"));
  g_assert_cmpuint (sum_counts (living, n), <, sum_counts (all, n));
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (living[i], <=, all[i]);
  filter.category = NULL;

  filter.status = GW_CASE_FILTER_OPEN;
  gw_hotspot_count_cases (store, grids, &filter, now, open, &error);
  filter.status = GW_CASE_FILTER_OVERDUE;
  gw_hotspot_count_cases (store, grids, &filter, now, overdue, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sum_counts (open, n), ==,
                    gw_test_query_int (store, "SELECT count(*) FROM cases WHERE status IN "
                                       GW_CASE_OPEN_STATUSES_SQL));
  g_assert_cmpuint (sum_counts (overdue, n), ==,
                    gw_test_query_int (store, "SELECT count(*) FROM cases WHERE status IN "
                                       GW_CASE_OPEN_STATUSES_SQL " AND deadline_at < "
                                       "'2026-11-20 10:00:00'"));
  g_assert_cmpuint (sum_counts (overdue, n), <, sum_counts (open, n));
  filter.status = GW_CASE_FILTER_ALL;

  /* Both ends of the range are inclusive days. */
  filter.from = "2026-10-01";
  filter.to = "2026-10-31";
  gw_hotspot_count_cases (store, grids, &filter, now, october, &error);
  g_assert_cmpuint (sum_counts (october, n), ==,
                    gw_test_query_int (store, "SELECT count(*) FROM cases WHERE reported_at "
                                              "BETWEEN '2026-10-01' AND '2026-10-31 23:59:59'"));
  filter.from = filter.to = NULL;

  first_community = g_strdup (gw_hotspot_grids_get (grids, 0)->community_code);
  filter.community = first_community;
  gw_hotspot_count_cases (store, grids, &filter, now, community, &error);
  for (guint i = 0; i < n; i++)
    if (strcmp (gw_hotspot_grids_get (grids, i)->community_code, first_community) == 0)
      g_assert_cmpuint (community[i], ==, all[i]);
    else
      g_assert_cmpuint (community[i], ==, 0);

  filter.community = NULL;
  filter.to = "2026-13-01";
  g_assert_cmpint (gw_hotspot_count_cases (store, grids, &filter, now, community, &error), ==, -1);
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2026-13-01"));
}

static void
test_query_grids (gconstpointer keep)
{
  g_autoptr (GwStore) store = open_street ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GwHotspotGrids) grids = gw_hotspot_grids_load (store, &error);
  g_autoptr (GwAdjacency) adjacency = NULL;
  g_autoptr (GArray) points = NULL;
  g_autoptr (GwMonthlyCounts) monthly = NULL;
  GwCaseFilter filter = { .from = "2025-12-01", .to = "2026-11-30" };
  gint64 households = 0, months_total = 0;
  guint n;

  g_assert_no_error (error);
  gw_hotspot_keep_cases (store, GPOINTER_TO_INT (keep));
  n = grids->grids->len;
  for (guint i = 0; i < n; i++)
    {
      households += gw_hotspot_grids_get (grids, i)->households;
      g_assert_cmpint (gw_hotspot_grids_get (grids, i)->residents, >,
                       gw_hotspot_grids_get (grids, i)->households);
    }
  g_assert_cmpint (households, ==, gw_test_query_int (store, "SELECT count(*) FROM households"));
  /* Lots tile the street: every grid touches another, none touches itself. */
  adjacency = gw_adjacency_new_from_pairs (n, (guint *) grids->neighbours->data,
                                           grids->neighbours->len / 2);
  g_assert_cmpuint (adjacency->start[n], ==, grids->neighbours->len);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (adjacency->start[i + 1] - adjacency->start[i], >=, 1);

  monthly = gw_hotspot_count_monthly (store, grids, &filter, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (monthly->months->len, ==, 12);
  g_assert_cmpstr (g_ptr_array_index (monthly->months, 0), ==, "2025-12");
  for (guint k = 0; k < n * 12; k++)
    months_total += monthly->counts[k];
  g_assert_cmpint (months_total, ==,
                   gw_test_query_int (store, "SELECT count(*) FROM cases "
                                             "WHERE reported_at >= '2025-12-01'"));

  points = gw_hotspot_case_points (store, &filter, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (points->len / 2, ==, months_total);
  g_assert_cmpfloat_with_epsilon (g_array_index (points, double, 0), 120.35, 0.2);
  g_assert_cmpfloat_with_epsilon (g_array_index (points, double, 1), 36.08, 0.2);
}

/* Gi* on the demo street: the demo puts hotspots (a market frontage, a
 * drained lot, a badly heated compound) into every street; some grid is
 * hot, and the CSV has the columns first. */
static void
test_street_gi_star (void)
{
  g_autoptr (GwStore) store = open_street ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GwHotspotGrids) grids = gw_hotspot_grids_load (store, &error);
  g_autoptr (GArray) rows = NULL;
  g_autofree char *csv = g_build_filename (tmpdir, "trend.csv", NULL);
  g_autofree char *text = NULL;
  const char *args[] = { "hotspots", street_path, "--method", "trend", "--out", csv, NULL };
  const GwCaseFilter filter = { 0 };
  guint hot = 0;

  rows = gw_hotspots_gi_star (store, grids, &filter, GW_HOTSPOT_RATE_PER_100_HOUSEHOLDS,
                              GW_HOTSPOT_DEFAULT_MIN_CASES, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    hot += g_array_index (rows, GwHotspotRow, i).gi.klass > 0;
  g_assert_cmpuint (hot, >, 0);
  g_assert_cmpuint (hot, <, rows->len / 2);

  g_autofree char *out = NULL;

  g_assert_cmpint (gw_test_run_cli (args, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "66 grids"));
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "grid_code,cases,households,rate,z,p,p_fdr,class,tau,"
                                         "trend_p,category,"));

  {
    /* A street filter names a street of the file. */
    const char *here[] = { "hotspots", street_path, "--method", "gistar", "--street", "370203010",
                           "--out", csv, NULL };
    const char *elsewhere[] = { "kpi", street_path, "--by", "grid", "--street", "370203099",
                                "--out", csv, NULL };
    g_autofree char *here_out = NULL, *err = NULL;

    g_assert_cmpint (gw_test_run_cli (here, &here_out, NULL), ==, 0);
    g_assert_cmpint (gw_test_run_cli (elsewhere, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "370203099"));
  }
}

/* Counts per grid, by month, and the points under @filter, with the cases
 * kept in memory or not. */
static void
answers (GwStore              *store,
         const GwHotspotGrids *grids,
         const GwCaseFilter   *filter,
         gboolean              keep,
         guint               **counts,
         GwMonthlyCounts     **monthly,
         GArray              **points)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = gw_now ();

  gw_hotspot_keep_cases (store, keep);
  *counts = g_new (guint, grids->grids->len);
  g_assert_cmpint (gw_hotspot_count_cases (store, grids, filter, now, *counts, &error), >=, 0);
  g_assert_no_error (error);
  *monthly = gw_hotspot_count_monthly (store, grids, filter, now, &error);
  g_assert_no_error (error);
  *points = gw_hotspot_case_points (store, filter, now, &error);
  g_assert_no_error (error);
}

/* The kept cases answer as the SQL does, under every kind of filter
 * together, and follow the file: a case moved on this connection, a case
 * added on another one, a date in another form (then the SQL answers). */
static void
test_kept_cases (void)
{
  g_autoptr (GwStore) shared = open_street ();
  g_autofree char *path = g_build_filename (tmpdir, "kept.sqlite", NULL);
  g_autoptr (GwStore) store = NULL;
  g_autoptr (GwStore) other = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GwHotspotGrids) grids = NULL;
  g_autofree char *community = NULL;
  g_autofree char *vacuum = NULL;
  GwCaseFilter filters[] = {
    { 0 },
    { .from = "2026-03-01", .to = "2026-08-31", .category = "living_environment" },
    { .category = "下水道堵塞", .status = GW_CASE_FILTER_OPEN },
    { .status = GW_CASE_FILTER_OVERDUE, .tier = "A" },
    { .source = "hotline", .from = "2026-01-01" },
    { .community = NULL, .to = "2026-06-30" },
    { .street = "370203010", .status = GW_CASE_FILTER_OPEN },
    { .street = "370203099", .from = "2026-02-01" },
    { .category = "nothing such" },
  };
  guint n;

  vacuum = g_strdup_printf ("VACUUM INTO '%s'", path);
  gw_test_exec_sql (shared, vacuum);
  store = gw_store_open (path, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  /* Two streets, as in a district's file: the last community in a second. */
  gw_test_exec_sql (store, "INSERT INTO streets (id, code, name, district_name) "
                           "VALUES (2, '370203099', '第二街道', '市北区')");
  gw_test_exec_sql (store, "UPDATE communities SET street_id = 2 "
                           " WHERE id = (SELECT max (id) FROM communities)");
  grids = gw_hotspot_grids_load (store, &error);
  g_assert_no_error (error);
  n = grids->grids->len;
  community = g_strdup (gw_hotspot_grids_get (grids, n - 1)->community_code);
  filters[5].community = community;
  {
    /* The two streets split the cases between them. */
    g_autofree guint *first = g_new (guint, n), *second = g_new (guint, n);
    const GwCaseFilter one = { .street = "370203010" }, two = { .street = "370203099" };
    gint64 in_first = gw_hotspot_count_cases (store, grids, &one, NULL, first, &error);
    gint64 in_second = gw_hotspot_count_cases (store, grids, &two, NULL, second, &error);

    g_assert_no_error (error);
    g_assert_cmpint (in_first, >, 0);
    g_assert_cmpint (in_second, >, 0);
    g_assert_cmpint (in_first + in_second, ==, gw_test_query_int (store, "SELECT count(*) FROM cases"));
    for (guint i = 0; i < n; i++)
      g_assert_true (first[i] == 0 || second[i] == 0);
  }

  for (guint step = 0; step < 4; step++)
    {
      for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
        {
          g_autofree guint *sql_counts = NULL, *kept_counts = NULL;
          g_autoptr (GwMonthlyCounts) sql_monthly = NULL, kept_monthly = NULL;
          g_autoptr (GArray) sql_points = NULL, kept_points = NULL;
          guint total = 0;

          answers (store, grids, &filters[f], FALSE, &sql_counts, &sql_monthly, &sql_points);
          answers (store, grids, &filters[f], TRUE, &kept_counts, &kept_monthly, &kept_points);
          for (guint i = 0; i < n; i++)
            total += sql_counts[i];
          if (f == G_N_ELEMENTS (filters) - 1)
            g_assert_cmpuint (total, ==, 0);
          else
            g_assert_cmpuint (total, >, 0);
          g_assert_cmpmem (sql_counts, n * sizeof (guint), kept_counts, n * sizeof (guint));
          g_assert_cmpuint (sql_monthly->months->len, ==, kept_monthly->months->len);
          g_assert_cmpmem (sql_monthly->counts, n * sql_monthly->months->len * sizeof (guint),
                           kept_monthly->counts, n * kept_monthly->months->len * sizeof (guint));
          g_assert_cmpmem (sql_points->data, sql_points->len * sizeof (double),
                           kept_points->data, kept_points->len * sizeof (double));
          /* Until the odd date, the kept cases answered. */
          g_assert_cmpint (gw_hotspot_cases_are_kept (store), ==, step < 3);
        }

      switch (step)
        {
        case 0:
          /* This connection moves a case to the last grid. */
          gw_test_exec_sql (store, "UPDATE cases SET grid_id = (SELECT max (id) FROM grids), "
                                   "  tier = 'A', source = 'hotline' WHERE id = (SELECT min (id) "
                                   "  FROM cases WHERE grid_id <> (SELECT max (id) FROM grids))");
          break;
        case 1:
          /* Another connection adds one. */
          other = gw_store_open (path, GW_STORE_OPEN_DEFAULT, &error);
          g_assert_no_error (error);
          gw_test_exec_sql (other, "INSERT INTO cases (code, grid_id, category, subcategory, tier, "
                                   "  source, status, reported_at, deadline_at, geom) "
                                   "SELECT '370202999999999', grid_id, category, subcategory, "
                                   "  'A', 'hotline', 'dispatched', '2026-04-02 09:00:00', "
                                   "  '2026-04-03 09:00:00', geom FROM cases WHERE id = 1");
          break;
        case 2:
          /* A date the table cannot read as the SQL compares it. */
          gw_test_exec_sql (store, "UPDATE cases SET reported_at = '2026/04/02' WHERE id = 2");
          break;
        default:
          break;
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hotspots/adjacency", test_adjacency);
  g_test_add_func ("/hotspots/gi-star/lattice", test_gi_star_lattice);
  g_test_add_func ("/hotspots/gi-star/guard", test_gi_star_guard);
  g_test_add_func ("/hotspots/fdr/worked-example", test_fdr_worked_example);
  g_test_add_func ("/hotspots/mann-kendall", test_mann_kendall);
  g_test_add_func ("/hotspots/emerging", test_emerging);
  g_test_add_func ("/hotspots/kernel/mass", test_kernel_mass);
  g_test_add_func ("/hotspots/kernel/defaults", test_kernel_defaults);
  g_test_add_func ("/hotspots/breaks", test_breaks);
  g_test_add_data_func ("/hotspots/query/filters", GINT_TO_POINTER (FALSE), test_query_filters);
  g_test_add_data_func ("/hotspots/query/filters/kept", GINT_TO_POINTER (TRUE),
                        test_query_filters);
  g_test_add_data_func ("/hotspots/query/grids", GINT_TO_POINTER (FALSE), test_query_grids);
  g_test_add_data_func ("/hotspots/query/grids/kept", GINT_TO_POINTER (TRUE), test_query_grids);
  g_test_add_func ("/hotspots/query/kept-cases", test_kept_cases);
  g_test_add_func ("/hotspots/query/street-gi-star", test_street_gi_star);

  status = g_test_run ();
  if (tmpdir != NULL)
    gw_test_remove_tree (tmpdir);
  return status;
}
