/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-analysis"

#include "config.h"

#include <math.h>

#include "gw-case-bins.h"
#include "gw-geometry.h"

/* Bins of 150 m near Qingdao (where the demo street is). */
#define SIZE       150.0
#define COLUMN     222913
#define ROW        104839

/* A point at (@fx, @fy) of the way across bin (@column, @row), from its
 * north-west corner. */
static GwCasePoint
point_in (gint64   column,
          gint64   row,
          double   fx,
          double   fy,
          int      klass,
          gboolean overdue)
{
  GwCasePoint point = {
    column * SIZE - GW_MERCATOR_HALF_WORLD + fx * SIZE,
    GW_MERCATOR_HALF_WORLD - row * SIZE - fy * SIZE,
    klass,
    overdue,
  };

  return point;
}

static const GwCaseBin *
find_bin (GArray *bins,
          gint64  column,
          gint64  row)
{
  for (guint i = 0; i < bins->len; i++)
    {
      const GwCaseBin *bin = &g_array_index (bins, GwCaseBin, i);

      if (bin->column == column && bin->row == row)
        return bin;
    }
  return NULL;
}

static void
assert_counts (const GwCaseBin *bin,
               guint            a,
               guint            b,
               guint            c,
               guint            overdue)
{
  g_assert_nonnull (bin);
  g_assert_cmpuint (bin->count[0], ==, a);
  g_assert_cmpuint (bin->count[1], ==, b);
  g_assert_cmpuint (bin->count[2], ==, c);
  g_assert_cmpuint (bin->n_cases, ==, a + b + c);
  g_assert_cmpuint (bin->n_overdue, ==, overdue);
}

static void
test_case_bins_counts (void)
{
  const GwCasePoint points[] = {
    point_in (COLUMN, ROW, 0.2, 0.3, 0, FALSE),
    point_in (COLUMN, ROW, 0.7, 0.6, 1, TRUE),
    point_in (COLUMN, ROW, 0.5, 0.5, 1, FALSE),
    point_in (COLUMN + 1, ROW, 0.1, 0.9, 2, FALSE),
    point_in (COLUMN, ROW + 1, 0.4, 0.2, 0, TRUE),
    /* Classes out of range count as the nearest one. */
    point_in (COLUMN + 1, ROW, 0.9, 0.1, 7, FALSE),
    point_in (COLUMN + 1, ROW, 0.5, 0.5, -2, FALSE),
  };
  g_autoptr (GArray) bins = gw_case_bins_compute (points, G_N_ELEMENTS (points), SIZE);
  const GwCaseBin *bin;

  g_assert_cmpuint (bins->len, ==, 3);
  /* North to south, then west to east. */
  bin = &g_array_index (bins, GwCaseBin, 0);
  g_assert_cmpint (bin->column, ==, COLUMN);
  g_assert_cmpint (bin->row, ==, ROW);
  assert_counts (bin, 1, 2, 0, 1);
  /* The bubble sits at the mean of its cases, not at the bin's centre. */
  g_assert_cmpfloat_with_epsilon (bin->x, (points[0].x + points[1].x + points[2].x) / 3, 1e-6);
  g_assert_cmpfloat_with_epsilon (bin->y, (points[0].y + points[1].y + points[2].y) / 3, 1e-6);

  bin = &g_array_index (bins, GwCaseBin, 1);
  g_assert_cmpint (bin->column, ==, COLUMN + 1);
  g_assert_cmpint (bin->row, ==, ROW);
  assert_counts (bin, 1, 0, 2, 0);

  bin = &g_array_index (bins, GwCaseBin, 2);
  g_assert_cmpint (bin->column, ==, COLUMN);
  g_assert_cmpint (bin->row, ==, ROW + 1);
  assert_counts (bin, 1, 0, 0, 1);
  g_assert_cmpfloat_with_epsilon (bin->x, points[4].x, 1e-6);
}

static GArray *
random_points (guint  n,
               double min_x,
               double min_y,
               double extent)
{
  GArray *points = g_array_sized_new (FALSE, FALSE, sizeof (GwCasePoint), n);

  for (guint i = 0; i < n; i++)
    {
      GwCasePoint point = {
        min_x + g_test_rand_double_range (0, extent),
        min_y + g_test_rand_double_range (0, extent),
        g_test_rand_int_range (0, GW_CASE_BIN_N_CLASSES),
        g_test_rand_int_range (0, 4) == 0,
      };

      g_array_append_val (points, point);
    }
  return points;
}

/* A tile or page sees only the cases near it; every bin it sees whole must
 * be the bin any other view sees: same place, same counts, same bubble. */
static void
test_case_bins_anchored (void)
{
  double x0 = COLUMN * SIZE - GW_MERCATOR_HALF_WORLD, y0 = GW_MERCATOR_HALF_WORLD - ROW * SIZE;
  g_autoptr (GArray) points = random_points (3000, x0 - 1500, y0 - 1500, 3000);
  g_autoptr (GArray) in_view = g_array_new (FALSE, FALSE, sizeof (GwCasePoint));
  g_autoptr (GArray) reversed = g_array_new (FALSE, FALSE, sizeof (GwCasePoint));
  g_autoptr (GArray) all = NULL;
  g_autoptr (GArray) seen = NULL;
  g_autoptr (GArray) backwards = NULL;
  /* A view whose edges are nowhere near the bins' edges. */
  GwBBox view = { x0 - 1234.5, y0 - 987.6, x0 + 654.3, y0 + 321.1 };
  guint checked = 0;

  for (guint i = 0; i < points->len; i++)
    {
      const GwCasePoint *point = &g_array_index (points, GwCasePoint, i);

      if (gw_bbox_contains_point (&view, point->x, point->y))
        g_array_append_val (in_view, *point);
      g_array_prepend_val (reversed, *point);
    }

  all = gw_case_bins_compute ((const GwCasePoint *) (void *) points->data, points->len, SIZE);
  seen = gw_case_bins_compute ((const GwCasePoint *) (void *) in_view->data, in_view->len, SIZE);
  for (guint i = 0; i < all->len; i++)
    {
      const GwCaseBin *bin = &g_array_index (all, GwCaseBin, i);
      double west = bin->column * SIZE - GW_MERCATOR_HALF_WORLD;
      double north = GW_MERCATOR_HALF_WORLD - bin->row * SIZE;
      const GwCaseBin *same;

      if (west < view.min_x || west + SIZE > view.max_x ||
          north - SIZE < view.min_y || north > view.max_y)
        continue;
      same = find_bin (seen, bin->column, bin->row);
      assert_counts (same, bin->count[0], bin->count[1], bin->count[2], bin->n_overdue);
      g_assert_cmpfloat (same->x, ==, bin->x);
      g_assert_cmpfloat (same->y, ==, bin->y);
      checked++;
    }
  g_assert_cmpuint (checked, >, 40);

  /* Nor does the order in which the cases come matter. */
  backwards = gw_case_bins_compute ((const GwCasePoint *) (void *) reversed->data, reversed->len,
                                    SIZE);
  g_assert_cmpuint (backwards->len, ==, all->len);
  for (guint i = 0; i < all->len; i++)
    {
      const GwCaseBin *bin = &g_array_index (all, GwCaseBin, i);
      const GwCaseBin *other = &g_array_index (backwards, GwCaseBin, i);

      g_assert_cmpint (other->column, ==, bin->column);
      g_assert_cmpint (other->row, ==, bin->row);
      assert_counts (other, bin->count[0], bin->count[1], bin->count[2], bin->n_overdue);
      g_assert_cmpfloat_with_epsilon (other->x, bin->x, 1e-6);
      g_assert_cmpfloat_with_epsilon (other->y, bin->y, 1e-6);
    }
}

/* Moving every case by whole bins moves the bins and nothing else. */
static void
test_case_bins_translated (void)
{
  GwCasePoint points[] = {
    point_in (COLUMN, ROW, 0.25, 0.25, 0, FALSE),
    point_in (COLUMN, ROW, 0.75, 0.75, 2, TRUE),
    point_in (COLUMN + 2, ROW + 1, 0.5, 0.1, 1, FALSE),
  };
  g_autoptr (GArray) before = gw_case_bins_compute (points, G_N_ELEMENTS (points), SIZE);
  g_autoptr (GArray) after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      points[i].x += 3 * SIZE;
      points[i].y -= 2 * SIZE;
    }
  after = gw_case_bins_compute (points, G_N_ELEMENTS (points), SIZE);

  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < before->len; i++)
    {
      const GwCaseBin *a = &g_array_index (before, GwCaseBin, i);
      const GwCaseBin *b = &g_array_index (after, GwCaseBin, i);

      g_assert_cmpint (b->column, ==, a->column + 3);
      g_assert_cmpint (b->row, ==, a->row + 2);
      assert_counts (b, a->count[0], a->count[1], a->count[2], a->n_overdue);
    }
}

/* Every case is in exactly one bin, wherever it is: both hemispheres, the
 * world's corners, bin edges. */
static void
test_case_bins_no_point_lost (void)
{
  g_autoptr (GArray) points = random_points (5000, -GW_MERCATOR_HALF_WORLD,
                                             -GW_MERCATOR_HALF_WORLD, 2 * GW_MERCATOR_HALF_WORLD);
  g_autoptr (GArray) bins = NULL;
  guint per_class[GW_CASE_BIN_N_CLASSES] = { 0 }, n_overdue = 0, total = 0;
  guint bin_per_class[GW_CASE_BIN_N_CLASSES] = { 0 }, bin_overdue = 0;
  const GwCasePoint edges[] = {
    { -GW_MERCATOR_HALF_WORLD, GW_MERCATOR_HALF_WORLD, 0, TRUE },
    { GW_MERCATOR_HALF_WORLD, -GW_MERCATOR_HALF_WORLD, 1, FALSE },
    { 0, 0, 2, FALSE },
    point_in (COLUMN, ROW, 0, 0, 0, FALSE),
    point_in (COLUMN, ROW, 1, 1, 1, TRUE),
  };

  g_array_append_vals (points, edges, G_N_ELEMENTS (edges));
  for (guint i = 0; i < points->len; i++)
    {
      const GwCasePoint *point = &g_array_index (points, GwCasePoint, i);

      per_class[point->klass]++;
      n_overdue += point->overdue ? 1 : 0;
    }

  /* Bins of 2 km: many of them hold several cases. */
  bins = gw_case_bins_compute ((const GwCasePoint *) (void *) points->data, points->len, 2000);
  for (guint i = 0; i < bins->len; i++)
    {
      const GwCaseBin *bin = &g_array_index (bins, GwCaseBin, i);
      double west = bin->column * 2000.0 - GW_MERCATOR_HALF_WORLD;
      double north = GW_MERCATOR_HALF_WORLD - bin->row * 2000.0;

      g_assert_cmpuint (bin->n_cases, >, 0);
      g_assert_cmpuint (bin->n_cases, ==, bin->count[0] + bin->count[1] + bin->count[2]);
      /* The mean of cases in a square lies in the square. */
      g_assert_cmpfloat (bin->x, >=, west - 1e-6);
      g_assert_cmpfloat (bin->x, <=, west + 2000 + 1e-6);
      g_assert_cmpfloat (bin->y, <=, north + 1e-6);
      g_assert_cmpfloat (bin->y, >=, north - 2000 - 1e-6);
      if (i > 0)
        {
          const GwCaseBin *previous = &g_array_index (bins, GwCaseBin, i - 1);

          /* Strictly ordered: no bin twice. */
          g_assert_true (previous->row < bin->row ||
                         (previous->row == bin->row && previous->column < bin->column));
        }
      for (guint k = 0; k < GW_CASE_BIN_N_CLASSES; k++)
        bin_per_class[k] += bin->count[k];
      bin_overdue += bin->n_overdue;
      total += bin->n_cases;
    }

  g_assert_cmpuint (total, ==, points->len);
  for (guint k = 0; k < GW_CASE_BIN_N_CLASSES; k++)
    g_assert_cmpuint (bin_per_class[k], ==, per_class[k]);
  g_assert_cmpuint (bin_overdue, ==, n_overdue);
}

static void
test_case_bins_empty (void)
{
  g_autoptr (GArray) bins = gw_case_bins_compute (NULL, 0, SIZE);

  g_assert_nonnull (bins);
  g_assert_cmpuint (bins->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/analysis/case-bins/counts", test_case_bins_counts);
  g_test_add_func ("/analysis/case-bins/anchored", test_case_bins_anchored);
  g_test_add_func ("/analysis/case-bins/translated", test_case_bins_translated);
  g_test_add_func ("/analysis/case-bins/no-point-lost", test_case_bins_no_point_lost);
  g_test_add_func ("/analysis/case-bins/empty", test_case_bins_empty);

  return g_test_run ();
}
