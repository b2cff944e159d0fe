/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-partition"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-partition.h"

#define BAND_MIN 150.0
#define BAND_MAX 300.0

/* A lattice of unit squares (some cells left out), 4-neighbour adjacency,
 * optionally a road along the boundary between two columns. */
typedef struct
{
  guint            width, height;
  gint            *cell_unit; /* cell → unit, -1: no cell */
  GArray          *weight, *x, *y, *area, *perimeter, *shared, *adj, *adj_start, *blocked;
  gint            *current;
  gboolean        *locked;
  GwPartitionInput input;
} Lattice;

typedef gboolean (*CellPresent) (guint column,
                                 guint row);

static gboolean
every_cell (guint column,
            guint row)
{
  return TRUE;
}

static void
lattice_free (Lattice *lattice)
{
  g_free (lattice->cell_unit);
  g_array_unref (lattice->weight);
  g_array_unref (lattice->x);
  g_array_unref (lattice->y);
  g_array_unref (lattice->area);
  g_array_unref (lattice->perimeter);
  g_array_unref (lattice->shared);
  g_array_unref (lattice->adj);
  g_array_unref (lattice->adj_start);
  g_array_unref (lattice->blocked);
  g_free (lattice->current);
  g_free (lattice->locked);
  g_free (lattice);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Lattice, lattice_free)

/* Weights: a share @residential of the cells hold @low … @high (uniform,
 * from @seed), the others nothing (shops, schools, green). A road runs
 * between columns @road − 1 and @road when @road > 0. */
static Lattice *
lattice_new (guint       width,
             guint       height,
             CellPresent present,
             double      residential,
             double      low,
             double      high,
             guint       road,
             guint32     seed)
{
  Lattice *lattice = g_new0 (Lattice, 1);
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  guint n = 0, zero = 0;
  static const int step[4][2] = { { 1, 0 }, { -1, 0 }, { 0, 1 }, { 0, -1 } };

  lattice->width = width;
  lattice->height = height;
  lattice->cell_unit = g_new (gint, width * height);
  lattice->weight = g_array_new (FALSE, FALSE, sizeof (double));
  lattice->x = g_array_new (FALSE, FALSE, sizeof (double));
  lattice->y = g_array_new (FALSE, FALSE, sizeof (double));
  lattice->area = g_array_new (FALSE, FALSE, sizeof (double));
  lattice->perimeter = g_array_new (FALSE, FALSE, sizeof (double));
  lattice->shared = g_array_new (FALSE, FALSE, sizeof (double));
  lattice->adj = g_array_new (FALSE, FALSE, sizeof (guint));
  lattice->adj_start = g_array_new (FALSE, FALSE, sizeof (guint));
  lattice->blocked = g_array_new (FALSE, FALSE, sizeof (gboolean));
  for (guint row = 0; row < height; row++)
    for (guint column = 0; column < width; column++)
      lattice->cell_unit[row * width + column] = present (column, row) ? (gint) n++ : -1;

  g_array_append_val (lattice->adj_start, zero);
  for (guint row = 0; row < height; row++)
    for (guint column = 0; column < width; column++)
      {
        double weight = 0, x = column + 0.5, y = row + 0.5, one = 1, four = 4;
        guint count;

        if (lattice->cell_unit[row * width + column] < 0)
          continue;
        if (g_rand_double (rand) < residential)
          weight = g_rand_double_range (rand, low, high);
        g_array_append_val (lattice->weight, weight);
        g_array_append_val (lattice->x, x);
        g_array_append_val (lattice->y, y);
        g_array_append_val (lattice->area, one);
        g_array_append_val (lattice->perimeter, four);
        for (guint s = 0; s < 4; s++)
          {
            gint c = (gint) column + step[s][0], r = (gint) row + step[s][1];
            gboolean blocked;
            guint other;

            if (c < 0 || r < 0 || c >= (gint) width || r >= (gint) height
                || lattice->cell_unit[r * width + c] < 0)
              continue;
            other = lattice->cell_unit[r * width + c];
            blocked = road > 0 && step[s][0] != 0 && MAX ((guint) c, column) == road;
            g_array_append_val (lattice->adj, other);
            g_array_append_val (lattice->shared, one);
            g_array_append_val (lattice->blocked, blocked);
          }
        count = lattice->adj->len;
        g_array_append_val (lattice->adj_start, count);
      }
  lattice->current = g_new (gint, n);
  for (guint i = 0; i < n; i++)
    lattice->current[i] = -1;
  lattice->locked = g_new0 (gboolean, n);

  lattice->input = (GwPartitionInput) {
    .n_units = n,
    .weight = (double *) lattice->weight->data,
    .x = (double *) lattice->x->data,
    .y = (double *) lattice->y->data,
    .area = (double *) lattice->area->data,
    .perimeter = (double *) lattice->perimeter->data,
    .adj_start = (guint *) lattice->adj_start->data,
    .adj = (guint *) lattice->adj->data,
    .shared = (double *) lattice->shared->data,
    .blocked = road > 0 ? (gboolean *) lattice->blocked->data : NULL,
    .current = lattice->current,
    .n_current = 0,
    .locked = NULL,
  };
  return lattice;
}

static void
lattice_set_current (Lattice    *lattice,
                     const gint *assignment,
                     guint       n_grids)
{
  memcpy (lattice->current, assignment, lattice->input.n_units * sizeof (gint));
  lattice->input.n_current = n_grids;
}

static double
total_weight (const Lattice *lattice)
{
  double total = 0;

  for (guint i = 0; i < lattice->input.n_units; i++)
    total += lattice->input.weight[i];
  return total;
}

/* Checks what a planner relies on, independently of the report: every
 * unit in a grid, every non-empty grid in one piece and (if @band) inside
 * the band; and that the report agrees. */
static void
assert_partition (const Lattice           *lattice,
                  const GwPartitionOptions *options,
                  const gint              *assignment,
                  const GwPartitionReport *report,
                  gboolean                 band)
{
  const GwPartitionInput *input = &lattice->input;
  g_autofree double *weight = g_new (double, report->n_grids);
  g_autofree guint *parts = g_new (guint, report->n_grids);
  g_autofree double *pp = g_new (double, report->n_grids);
  guint n_empty = 0, n_inside = 0, n_changed = 0;

  for (guint i = 0; i < input->n_units; i++)
    {
      g_assert_cmpint (assignment[i], >=, 0);
      g_assert_cmpint (assignment[i], <, (gint) report->n_grids);
      n_changed += assignment[i] != input->current[i];
    }
  gw_partition_measure (input, assignment, report->n_grids, weight, parts, pp);
  for (guint k = 0; k < report->n_grids; k++)
    {
      if (parts[k] == 0)
        {
          n_empty++;
          continue;
        }
      g_assert_cmpuint (parts[k], ==, 1);
      g_assert_cmpfloat (pp[k], >, 0.0);
      g_assert_cmpfloat (pp[k], <=, 1.0);
      if (weight[k] >= options->min && weight[k] <= options->max)
        n_inside++;
      else if (band)
        g_error ("grid %u weighs %.1f, outside %.0f–%.0f", k, weight[k], options->min,
                 options->max);
    }
  g_assert_cmpuint (report->n_islands, ==, 0);
  g_assert_cmpuint (report->n_empty, ==, n_empty);
  g_assert_cmpuint (report->n_inside_band, ==, n_inside);
  g_assert_cmpuint (report->n_changed, ==, n_changed);
}

static void
test_measure_shapes (void)
{
  g_autoptr (Lattice) lattice = lattice_new (3, 3, every_cell, 1, 10, 10, 0, 1);
  /* Row-major 3 × 3: a 2 × 2 square (grid 0), an L of three (grid 1), and
   * grid 2 in two pieces (cells 2 and 8 … plus the middle of the right column). */
  gint square_l[9] = { 0, 0, 2,
                       0, 0, 1,
                       1, 1, 2 };
  gint pieces[9] = { 0, 1, 0,
                     1, 1, 1,
                     1, 1, 1 };
  double weight[3], pp[3];
  guint parts[3];

  /* Grid 1 here is cells 5, 6, 7: 6–7 adjacent, 5 apart: two parts. */
  gw_partition_measure (&lattice->input, square_l, 3, weight, parts, pp);
  g_assert_cmpfloat_with_epsilon (weight[0], 40, 1e-9);
  g_assert_cmpuint (parts[0], ==, 1);
  g_assert_cmpfloat_with_epsilon (pp[0], G_PI / 4, 1e-12);
  g_assert_cmpuint (parts[1], ==, 2);
  g_assert_cmpuint (parts[2], ==, 2);

  /* The L of three: area 3, perimeter 8 → 4π·3/64. */
  {
    gint l_shape[9] = { 0, 1, 1,
                        0, 0, 1,
                        1, 1, 1 };

    gw_partition_measure (&lattice->input, l_shape, 2, weight, parts, pp);
    g_assert_cmpuint (parts[0], ==, 1);
    g_assert_cmpfloat_with_epsilon (pp[0], 4 * G_PI * 3 / 64, 1e-12);
    g_assert_cmpfloat_with_epsilon (weight[0], 30, 1e-9);
    /* The rest: a ring-like 6 cells, area 6, perimeter 4·6 − 2·5 = 14. */
    g_assert_cmpuint (parts[1], ==, 1);
    g_assert_cmpfloat_with_epsilon (pp[1], 4 * G_PI * 6 / (14 * 14), 1e-12);
  }

  /* Two corners apart: grid 0 in two parts; units outside the range are skipped. */
  gw_partition_measure (&lattice->input, pieces, 1, weight, parts, NULL);
  g_assert_cmpuint (parts[0], ==, 2);
  g_assert_cmpfloat_with_epsilon (weight[0], 20, 1e-9);
}

static void
suggest_ok (Lattice                  *lattice,
            const GwPartitionOptions *options,
            gint                     *assignment,
            GwPartitionReport        *report)
{
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_true (gw_partition_suggest (&lattice->input, options, assignment, report, &error));
  g_assert_no_error (error);
  g_test_message ("%u units, %s: %u grids (%u empty), %u in band, %u islands, %u changed, "
                  "mean Polsby-Popper %.3f, %u road edges inside grids, %.0f ms",
                  lattice->input.n_units, options->from_scratch ? "from scratch" : "minimal change",
                  report->n_grids, report->n_empty, report->n_inside_band, report->n_islands,
                  report->n_changed, report->mean_polsby_popper, report->n_blocked_inside,
                  (g_get_monotonic_time () - start) / 1000.0);
}

static void
test_scratch_lattice (void)
{
  g_autoptr (Lattice) lattice = lattice_new (20, 20, every_cell, 1, 5, 40, 0, 7);
  GwPartitionOptions options = { BAND_MIN, BAND_MAX, 0, TRUE, 42 };
  g_autofree gint *assignment = g_new (gint, lattice->input.n_units);
  g_autofree gint *again = g_new (gint, lattice->input.n_units);
  GwPartitionReport report, report_again;
  double total = total_weight (lattice);

  suggest_ok (lattice, &options, assignment, &report);
  assert_partition (lattice, &options, assignment, &report, TRUE);
  g_assert_cmpuint (report.n_empty, ==, 0);
  g_assert_cmpuint (report.n_grids, >=, (guint) ceil (total / BAND_MAX));
  g_assert_cmpuint (report.n_grids, <=, (guint) floor (total / BAND_MIN));
  g_assert_cmpuint (report.n_changed, ==, lattice->input.n_units);
  /* Compact: squares of ~10 cells would be 0.785; ragged ones far less. */
  g_assert_cmpfloat (report.mean_polsby_popper, >, 0.5);

  /* The same seed gives the same grids. */
  suggest_ok (lattice, &options, again, &report_again);
  g_assert_cmpmem (assignment, lattice->input.n_units * sizeof (gint), again,
                   lattice->input.n_units * sizeof (gint));

  /* A fixed number of grids. */
  options.n_grids = 36;
  suggest_ok (lattice, &options, again, &report_again);
  assert_partition (lattice, &options, again, &report_again, TRUE);
  g_assert_cmpuint (report_again.n_grids, ==, 36);
}

static gboolean
l_shape (guint column,
         guint row)
{
  return column < 8 || row >= 16;
}

static void
test_scratch_l_shape (void)
{
  g_autoptr (Lattice) lattice = lattice_new (24, 24, l_shape, 0.5, 5, 40, 0, 11);
  GwPartitionOptions options = { BAND_MIN, BAND_MAX, 0, TRUE, 3 };
  g_autofree gint *assignment = g_new (gint, lattice->input.n_units);
  GwPartitionReport report;

  suggest_ok (lattice, &options, assignment, &report);
  assert_partition (lattice, &options, assignment, &report, TRUE);
  g_assert_cmpuint (report.n_grids, >=, 10);
}

static void
test_scratch_road (void)
{
  /* Equal weights and a road down the middle: each half holds whole grids. */
  g_autoptr (Lattice) lattice = lattice_new (20, 20, every_cell, 1, 10, 10, 10, 5);
  GwPartitionOptions options = { BAND_MIN, BAND_MAX, 0, TRUE, 9 };
  g_autofree gint *assignment = g_new (gint, lattice->input.n_units);
  GwPartitionReport report;
  const GwPartitionInput *input = &lattice->input;

  suggest_ok (lattice, &options, assignment, &report);
  assert_partition (lattice, &options, assignment, &report, TRUE);
  g_assert_cmpuint (report.n_blocked_inside, ==, 0);
  for (guint i = 0; i < input->n_units; i++)
    for (guint j = input->adj_start[i]; j < input->adj_start[i + 1]; j++)
      if (input->blocked[j])
        g_assert_cmpint (assignment[i], !=, assignment[input->adj[j]]);

  /* Without the road, some grid crosses that line (so the test can fail). */
  lattice->input.blocked = NULL;
  suggest_ok (lattice, &options, assignment, &report);
  {
    gboolean crossed = FALSE;

    for (guint i = 0; i < input->n_units; i++)
      for (guint j = input->adj_start[i]; j < input->adj_start[i + 1]; j++)
        if (((gboolean *) lattice->blocked->data)[j] && assignment[i] == assignment[input->adj[j]])
          crossed = TRUE;
    g_assert_true (crossed);
  }
}

/* A valid plan to start the minimal-change tests from. */
static guint
make_current (Lattice *lattice,
              guint64  seed)
{
  GwPartitionOptions options = { BAND_MIN, BAND_MAX, 0, TRUE, seed };
  g_autofree gint *assignment = g_new (gint, lattice->input.n_units);
  GwPartitionReport report;

  suggest_ok (lattice, &options, assignment, &report);
  assert_partition (lattice, &options, assignment, &report, TRUE);
  lattice_set_current (lattice, assignment, report.n_grids);
  return report.n_grids;
}

static void
test_minimal_valid (void)
{
  g_autoptr (Lattice) lattice = lattice_new (20, 20, every_cell, 1, 5, 40, 0, 13);
  GwPartitionOptions options = { BAND_MIN, BAND_MAX, 0, FALSE, 1 };
  g_autofree gint *assignment = g_new (gint, lattice->input.n_units);
  GwPartitionReport report;
  guint n_grids = make_current (lattice, 5);

  suggest_ok (lattice, &options, assignment, &report);
  assert_partition (lattice, &options, assignment, &report, TRUE);
  g_assert_cmpuint (report.n_changed, ==, 0);
  g_assert_cmpuint (report.n_grids, ==, n_grids);
  g_assert_cmpmem (assignment, lattice->input.n_units * sizeof (gint), lattice->current,
                   lattice->input.n_units * sizeof (gint));
}

static void
test_minimal_islands (void)
{
  g_autoptr (Lattice) lattice = lattice_new (20, 20, every_cell, 1, 5, 40, 0, 43);
  GwPartitionOptions options = { BAND_MIN, BAND_MAX, 0, FALSE, 1 };
  g_autofree gint *assignment = g_new (gint, lattice->input.n_units);
  g_autofree guint *parts = NULL;
  GwPartitionReport report;
  guint n_grids = make_current (lattice, 6), stray = G_MAXUINT;

  /* A lot painted into a grid it does not touch: find a unit whose
   * neighbours all share its grid, and give it a grid from elsewhere. */
  for (guint i = 0; i < lattice->input.n_units && stray == G_MAXUINT; i++)
    {
      gboolean inner = TRUE;

      for (guint j = lattice->input.adj_start[i]; j < lattice->input.adj_start[i + 1]; j++)
        inner = inner && lattice->current[lattice->input.adj[j]] == lattice->current[i];
      if (inner && lattice->input.weight[i] < 20)
        stray = i;
    }
  g_assert_cmpuint (stray, !=, G_MAXUINT);
  lattice->current[stray] = (lattice->current[stray] + n_grids / 2) % n_grids;
  parts = g_new (guint, n_grids);
  gw_partition_measure (&lattice->input, lattice->current, n_grids, NULL, parts, NULL);
  g_assert_cmpuint (parts[lattice->current[stray]], ==, 2);

  suggest_ok (lattice, &options, assignment, &report);
  assert_partition (lattice, &options, assignment, &report, TRUE);
  g_assert_cmpuint (report.n_changed, ==, 1);
  g_assert_cmpint (assignment[stray], ==,
                   assignment[lattice->input.adj[lattice->input.adj_start[stray]]]);
}

static void
test_minimal_no_current (void)
{
  g_autoptr (Lattice) lattice = lattice_new (20, 20, every_cell, 1, 5, 40, 0, 47);
  GwPartitionOptions options = { BAND_MIN, BAND_MAX, 0, FALSE, 1 };
  g_autofree gint *assignment = g_new (gint, lattice->input.n_units);
  GwPartitionReport report;

  /* No grids yet (a street just imported): every lot gets one. */
  suggest_ok (lattice, &options, assignment, &report);
  assert_partition (lattice, &options, assignment, &report, TRUE);
  g_assert_cmpuint (report.n_changed, ==, lattice->input.n_units);
  g_assert_cmpuint (report.n_empty, ==, 0);

  /* And with no current array at all. */
  lattice->input.current = NULL;
  suggest_ok (lattice, &options, assignment, &report);
  g_assert_cmpuint (report.n_inside_band, ==, report.n_grids);
  g_assert_cmpuint (report.n_islands, ==, 0);
}

/* Cell (0, 0) touches the rest only at a corner. */
static gboolean
corner_exclave (guint column,
                guint row)
{
  return !((column == 1 && row == 0) || (column == 0 && row == 1));
}

static void
test_exclave (void)
{
  g_autoptr (Lattice) lattice = lattice_new (20, 20, corner_exclave, 1, 5, 40, 0, 53);
  g_autofree gint *assignment = g_new (gint, lattice->input.n_units);
  g_autofree double *weight = NULL;
  g_autofree guint *parts = NULL;
  GwPartitionReport report;

  for (guint mode = 0; mode < 2; mode++)
    {
      GwPartitionOptions options = { BAND_MIN, BAND_MAX, 0, mode == 0, 5 };

      /* The exclave joins a grid as its one island: no grid without households. */
      suggest_ok (lattice, &options, assignment, &report);
      g_assert_cmpuint (report.n_islands, ==, 1);
      g_assert_cmpuint (report.n_inside_band, ==, report.n_grids - report.n_empty);
      weight = g_renew (double, weight, report.n_grids);
      parts = g_renew (guint, parts, report.n_grids);
      gw_partition_measure (&lattice->input, assignment, report.n_grids, weight, parts, NULL);
      g_assert_cmpuint (parts[assignment[0]], ==, 2);
      if (mode == 0)
        lattice_set_current (lattice, assignment, report.n_grids);
      else
        g_assert_cmpuint (report.n_changed, ==, 0);
    }
}

/* The heaviest grid of the current plan: new households move in. */
static gint
heaviest_grid (Lattice *lattice,
               double  *weight_out)
{
  g_autofree double *weight = g_new (double, lattice->input.n_current);
  gint heaviest = 0;

  gw_partition_measure (&lattice->input, lattice->current, lattice->input.n_current, weight,
                        NULL, NULL);
  for (guint k = 1; k < lattice->input.n_current; k++)
    if (weight[k] > weight[heaviest])
      heaviest = k;
  *weight_out = weight[heaviest];
  return heaviest;
}

static void
test_minimal_unbalanced (void)
{
  g_autoptr (Lattice) lattice = lattice_new (20, 20, every_cell, 1, 5, 40, 0, 17);
  GwPartitionOptions options = { BAND_MIN, BAND_MAX, 0, FALSE, 1 };
  g_autofree gint *assignment = g_new (gint, lattice->input.n_units);
  GwPartitionReport report;
  double *weight = (double *) lattice->weight->data, grid_weight;
  guint n_grids = make_current (lattice, 2), n_units = lattice->input.n_units;
  gint grid = heaviest_grid (lattice, &grid_weight);
  guint n_unassigned = 0;

  /* 50 households more in the heaviest grid, and three lots of a
   * neighbourhood without a grid (demolished and rebuilt). */
  for (guint i = 0; i < n_units; i++)
    if (lattice->current[i] == grid)
      weight[i] *= (grid_weight + 50) / grid_weight;
  for (guint i = 0; i < n_units && n_unassigned < 3; i++)
    if (lattice->current[i] != grid && i % 37 == 0)
      {
        lattice->current[i] = -1;
        n_unassigned++;
      }

  suggest_ok (lattice, &options, assignment, &report);
  assert_partition (lattice, &options, assignment, &report, TRUE);
  g_assert_cmpuint (report.n_grids, ==, n_grids);
  g_assert_cmpuint (report.n_empty, ==, 0);
  /* The three unassigned lots and a few boundary lots: not a redraw. */
  g_assert_cmpuint (report.n_changed, <=, 3 + 10);
  g_assert_cmpuint (report.n_changed, >=, 4);
}

static void
test_minimal_split (void)
{
  g_autoptr (Lattice) lattice = lattice_new (20, 20, every_cell, 1, 5, 40, 0, 19);
  GwPartitionOptions options = { BAND_MIN, BAND_MAX, 0, FALSE, 1 };
  g_autofree gint *assignment = g_new (gint, lattice->input.n_units);
  GwPartitionReport report;
  double *weight = (double *) lattice->weight->data, grid_weight;
  guint n_grids = make_current (lattice, 3), n_units = lattice->input.n_units;
  gint grid = heaviest_grid (lattice, &grid_weight);
  guint n_in_grid = 0;

  /* A tower block: the grid now holds twice the maximum. */
  for (guint i = 0; i < n_units; i++)
    if (lattice->current[i] == grid)
      {
        weight[i] *= 2 * BAND_MAX / grid_weight;
        n_in_grid++;
      }

  suggest_ok (lattice, &options, assignment, &report);
  assert_partition (lattice, &options, assignment, &report, TRUE);
  g_assert_cmpuint (report.n_grids, ==, n_grids + 1);
  g_assert_cmpuint (report.n_empty, ==, 0);
  g_assert_cmpuint (report.n_changed, <, n_units / 4);
  /* The grid kept its index for part of its units. */
  {
    guint kept = 0;

    for (guint i = 0; i < n_units; i++)
      kept += lattice->current[i] == grid && assignment[i] == grid;
    g_assert_cmpuint (kept, >, 0);
    g_assert_cmpuint (kept, <, n_in_grid);
  }
}

static void
test_locked (void)
{
  g_autoptr (Lattice) lattice = lattice_new (20, 20, every_cell, 1, 5, 40, 0, 23);
  g_autofree gint *assignment = g_new (gint, lattice->input.n_units);
  GwPartitionReport report;
  guint n_units = lattice->input.n_units, n_locked = 0;

  make_current (lattice, 4);
  /* Lock grids 0 and 1 (all their units) and the grid of unit 200. */
  for (guint i = 0; i < n_units; i++)
    if (lattice->current[i] <= 1 || lattice->current[i] == lattice->current[200])
      {
        lattice->locked[i] = TRUE;
        n_locked++;
      }
  lattice->input.locked = lattice->locked;
  g_assert_cmpuint (n_locked, >, 0);

  for (guint mode = 0; mode < 2; mode++)
    {
      GwPartitionOptions options = { BAND_MIN, BAND_MAX, 0, mode == 0, 77 };

      suggest_ok (lattice, &options, assignment, &report);
      assert_partition (lattice, &options, assignment, &report, TRUE);
      for (guint i = 0; i < n_units; i++)
        if (lattice->locked[i])
          g_assert_cmpint (assignment[i], ==, lattice->current[i]);
      /* Nothing joins a locked grid. */
      for (guint i = 0; i < n_units; i++)
        if (!lattice->locked[i])
          g_assert_false (assignment[i] <= 1 || assignment[i] == lattice->current[200]);
    }
}

static void
test_infeasible (void)
{
  g_autoptr (Lattice) lattice = lattice_new (4, 4, every_cell, 1, 5, 5, 0, 29);
  GwPartitionOptions options = { BAND_MIN, BAND_MAX, 0, TRUE, 1 };
  g_autofree gint *assignment = g_new (gint, lattice->input.n_units);
  GwPartitionReport report;

  /* 80 households in all: one grid, under the band, and the report says so. */
  suggest_ok (lattice, &options, assignment, &report);
  assert_partition (lattice, &options, assignment, &report, FALSE);
  g_assert_cmpuint (report.n_grids, ==, 1);
  g_assert_cmpuint (report.n_inside_band, ==, 0);
}

static void
test_invalid (void)
{
  g_autoptr (Lattice) lattice = lattice_new (3, 3, every_cell, 1, 5, 5, 0, 31);
  GwPartitionOptions options = { BAND_MIN, BAND_MAX, 0, TRUE, 1 };
  gint assignment[9];
  double *weight = (double *) lattice->weight->data;
  guint *adj = (guint *) lattice->adj->data;
  g_autoptr (GError) error = NULL;

  options.min = 400;
  g_assert_false (gw_partition_suggest (&lattice->input, &options, assignment, NULL, &error));
  g_assert_error (error, GW_PARTITION_ERROR, GW_PARTITION_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "400"));
  g_clear_error (&error);
  options.min = BAND_MIN;

  options.n_grids = 10;
  g_assert_false (gw_partition_suggest (&lattice->input, &options, assignment, NULL, &error));
  g_assert_error (error, GW_PARTITION_ERROR, GW_PARTITION_ERROR_INVALID);
  g_clear_error (&error);
  options.n_grids = 0;

  weight[4] = -1;
  g_assert_false (gw_partition_suggest (&lattice->input, &options, assignment, NULL, &error));
  g_assert_error (error, GW_PARTITION_ERROR, GW_PARTITION_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "4"));
  g_clear_error (&error);
  weight[4] = 5;

  adj[0] = 9;
  g_assert_false (gw_partition_suggest (&lattice->input, &options, assignment, NULL, &error));
  g_assert_error (error, GW_PARTITION_ERROR, GW_PARTITION_ERROR_INVALID);
  g_clear_error (&error);
  adj[0] = 1;

  lattice->locked[2] = TRUE;
  lattice->input.locked = lattice->locked;
  g_assert_false (gw_partition_suggest (&lattice->input, &options, assignment, NULL, &error));
  g_assert_error (error, GW_PARTITION_ERROR, GW_PARTITION_ERROR_INVALID);
  g_clear_error (&error);
  lattice->input.locked = NULL;

  lattice->current[3] = 2;
  g_assert_false (gw_partition_suggest (&lattice->input, &options, assignment, NULL, &error));
  g_assert_error (error, GW_PARTITION_ERROR, GW_PARTITION_ERROR_INVALID);
  g_clear_error (&error);
  lattice->current[3] = -1;

  g_assert_true (gw_partition_suggest (&lattice->input, &options, assignment, NULL, &error));
  g_assert_no_error (error);
}

/* Coarse lots (30–120 households, many without): single moves rarely fit,
 * so slices and chains of grids must balance; both modes, several seeds. */
static void
test_coarse (void)
{
  for (guint32 seed = 1; seed <= 6; seed++)
    {
      g_autoptr (Lattice) lattice = lattice_new (24, 20, every_cell, 0.4, 30, 120, 0, seed);
      g_autofree gint *assignment = g_new (gint, lattice->input.n_units);
      GwPartitionOptions options = { BAND_MIN, BAND_MAX, 0, FALSE, seed };
      GwPartitionReport report;
      double *weight = (double *) lattice->weight->data;

      make_current (lattice, seed);
      /* Households move into one grid; some lots lose their grid. */
      for (guint i = 0; i < lattice->input.n_units; i++)
        if (lattice->current[i] == (gint) (seed % lattice->input.n_current))
          weight[i] *= 1.0 + seed * 0.15;
      for (guint i = 0; i < lattice->input.n_units; i += 53)
        lattice->current[i] = -1;
      suggest_ok (lattice, &options, assignment, &report);
      assert_partition (lattice, &options, assignment, &report, TRUE);
      g_assert_cmpuint (report.n_changed, <, lattice->input.n_units / 10);
    }
}

/* A community: 300 lots, a third of them residential with 5–40
 * households, the others without (≈ 11 grids of 150–300). */
static gboolean
community_shape (guint column,
                 guint row)
{
  /* 20 × 16 less a corner: 300 lots. */
  return !(column >= 15 && row >= 12);
}

static void
test_community (void)
{
  g_autoptr (Lattice) lattice = lattice_new (20, 16, community_shape, 0.36, 5, 40, 0, 37);
  g_autofree gint *assignment = g_new (gint, lattice->input.n_units);
  GwPartitionReport report;

  g_assert_cmpuint (lattice->input.n_units, ==, 300);
  g_test_message ("community: %.0f households", total_weight (lattice));
  for (guint seed = 1; seed <= 3; seed++)
    {
      GwPartitionOptions options = { BAND_MIN, BAND_MAX, 0, TRUE, seed };

      suggest_ok (lattice, &options, assignment, &report);
      assert_partition (lattice, &options, assignment, &report, TRUE);
      g_assert_cmpuint (report.n_grids, >=, 9);
      g_assert_cmpuint (report.n_grids, <=, 14);
    }
  /* Minimal change after a tower and a demolition. */
  make_current (lattice, 8);
  {
    GwPartitionOptions options = { BAND_MIN, BAND_MAX, 0, FALSE, 1 };
    double *weight = (double *) lattice->weight->data;

    weight[30] += 60;
    weight[250] = 0;
    suggest_ok (lattice, &options, assignment, &report);
    assert_partition (lattice, &options, assignment, &report, TRUE);
    g_assert_cmpuint (report.n_changed, <=, 20);
  }
}

/* A street: 66 grids of 150–300 over ≈ 1,800 lots. */
static void
test_street (void)
{
  g_autoptr (Lattice) lattice = lattice_new (45, 40, every_cell, 0.4, 5, 40, 6, 41);
  g_autofree gint *assignment = g_new (gint, lattice->input.n_units);
  GwPartitionOptions options = { BAND_MIN, BAND_MAX, 66, TRUE, 1 };
  GwPartitionReport report;

  g_test_message ("street: %.0f households", total_weight (lattice));
  suggest_ok (lattice, &options, assignment, &report);
  assert_partition (lattice, &options, assignment, &report, TRUE);
  g_assert_cmpuint (report.n_grids, ==, 66);
  {
    double weight[66], pp[66];
    guint parts[66];
    gint64 start = g_get_monotonic_time ();

    for (guint i = 0; i < 100; i++)
      gw_partition_measure (&lattice->input, assignment, 66, weight, parts, pp);
    g_test_message ("measure: %.3f ms per call", (g_get_monotonic_time () - start) / 100 / 1000.0);
  }
  lattice_set_current (lattice, assignment, report.n_grids);
  options.from_scratch = FALSE;
  options.n_grids = 0;
  ((double *) lattice->weight->data)[900] += 80;
  suggest_ok (lattice, &options, assignment, &report);
  assert_partition (lattice, &options, assignment, &report, TRUE);
  g_assert_cmpuint (report.n_changed, <=, 20);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/partition/measure/shapes", test_measure_shapes);
  g_test_add_func ("/partition/scratch/lattice", test_scratch_lattice);
  g_test_add_func ("/partition/scratch/l-shape", test_scratch_l_shape);
  g_test_add_func ("/partition/scratch/road", test_scratch_road);
  g_test_add_func ("/partition/minimal/valid", test_minimal_valid);
  g_test_add_func ("/partition/minimal/unbalanced", test_minimal_unbalanced);
  g_test_add_func ("/partition/minimal/split", test_minimal_split);
  g_test_add_func ("/partition/minimal/islands", test_minimal_islands);
  g_test_add_func ("/partition/minimal/no-current", test_minimal_no_current);
  g_test_add_func ("/partition/locked", test_locked);
  g_test_add_func ("/partition/exclave", test_exclave);
  g_test_add_func ("/partition/infeasible", test_infeasible);
  g_test_add_func ("/partition/invalid", test_invalid);
  g_test_add_func ("/partition/coarse", test_coarse);
  g_test_add_func ("/partition/community", test_community);
  g_test_add_func ("/partition/street", test_street);

  return g_test_run ();
}
