/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-partition"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "gw-partition.h"

/* The method.
 *
 * From scratch: recursive bisection along cuts of random spanning trees, as
 * in the ReCom Markov chain of redistricting (DeFord, Duchin and Solomon,
 * "Recombination: A Family of Markov Chains for Redistricting", Harvard Data
 * Science Review 3.1, 2021). A set of units that is to become k grids is cut
 * in two by removing one edge of a spanning tree (Kruskal on random edge
 * keys, so both sides are contiguous by construction); the side weights must
 * allow ⌊k/2⌋ and ⌈k/2⌉ grids inside the band, and among the balanced cuts of
 * several trees the one with the shortest boundary wins (compactness), an
 * edge along a boundary road counting as a bonus. Then a local search moves
 * single boundary units between adjacent grids, as in the local-improvement
 * phase of max-p-regions (Duque, Anselin and Rey, "The max-p-regions
 * problem", Journal of Regional Science 52.3, 2012): simulated annealing
 * (Kirkpatrick, Gelatt and Vecchi, Science 220, 1983) on
 * Σ (1 − Polsby–Popper) + a cost per boundary road crossed, never letting
 * the total band violation grow and never breaking a grid in two (the donor
 * grid is searched from one neighbour of the moving unit, skipping it, until
 * every other neighbour in the grid is reached: the unit is not an
 * articulation point), followed by a greedy descent.
 *
 * Minimal change: start from the current grids; parts of a grid cut off from
 * its main part and units without a grid are grown into adjacent grids;
 * grids are split (the same tree bisection) or dissolved only when the
 * community needs more or fewer grids or the neighbours cannot absorb the
 * excess or fill the gap; then best-first moves of boundary units that
 * reduce the band violation. Where no single unit can move (heavy lots,
 * or lots without households between them and the neighbour), an ejection
 * chain (Glover, "Ejection chains, reference structures and alternating
 * path methods for traveling salesman problems", Discrete Applied
 * Mathematics 65, 1996) passes contiguous slices along a path of adjacent
 * grids to the nearest grid with room; split or dissolve is the last
 * resort. Then a compactness pass. Every unit moved away
 * from its current grid costs more than any compactness gain, so compactness
 * only reshapes what had to change, and a valid partition is left as it is.
 *
 * All randomness comes from one GRand seeded from the options: the same
 * input and seed give the same grids. */

#define TREES_PER_CUT         12    /* spanning trees tried per bisection */
#define CUT_TOLERANCE         0.15  /* the mean grid weight of the sides may differ by this share */
#define CUT_ROAD_BONUS        3.0   /* a cut along a road edge: −3 × its length */
#define BAND_COST             20.0  /* per mid-band of violation, in best-first ranking */
#define ROAD_COST_SCRATCH     0.5   /* per mean shared edge length of road inside a grid */
#define ROAD_COST_MINIMAL     0.3
#define CHANGE_COST           1.0   /* per unit away from its current grid (minimal change) */
#define ANNEAL_STEPS_PER_UNIT 3000
#define ANNEAL_T_START        0.1
#define ANNEAL_MAX_STEPS      G_GUINT64_CONSTANT (20000000) /* ≈ 2 s: a district at once */
#define ANNEAL_T_END          0.0003
#define MAX_SWEEPS            200
#define EPSILON               1e-9

G_DEFINE_QUARK (gw-partition-error-quark, gw_partition_error)

/* Validation */

static gboolean
finite_nonnegative (double value)
{
  return isfinite (value) && value >= 0;
}

static gint
current_grid (const GwPartitionInput *input,
              guint                   unit)
{
  return input->current != NULL ? input->current[unit] : -1;
}

/**
 * gw_partition_check:
 * @input: the planning units
 * @error: return location for a #GError
 *
 * Checks the values of @input (not its symmetry): weights, areas and
 * perimeters finite and not negative, neighbours in range and not the unit
 * itself, current grids in range, locked units inside a grid.
 *
 * Returns: %TRUE if @input can be partitioned
 */
gboolean
gw_partition_check (const GwPartitionInput *input,
                    GError                **error)
{
  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (input->n_units == 0)
    return TRUE;
  g_return_val_if_fail (input->weight != NULL && input->x != NULL && input->y != NULL, FALSE);
  g_return_val_if_fail (input->area != NULL && input->perimeter != NULL, FALSE);
  g_return_val_if_fail (input->adj_start != NULL, FALSE);

  for (guint i = 0; i < input->n_units; i++)
    {
      gint grid = current_grid (input, i);

      if (!finite_nonnegative (input->weight[i]) || !finite_nonnegative (input->area[i])
          || !finite_nonnegative (input->perimeter[i]) || !isfinite (input->x[i])
          || !isfinite (input->y[i]))
        {
          g_set_error (error, GW_PARTITION_ERROR, GW_PARTITION_ERROR_INVALID,
                       _("Planning unit %u has an invalid weight, area, perimeter or centroid"), i);
          return FALSE;
        }
      if (input->adj_start[i] > input->adj_start[i + 1]
          || (input->adj_start[i + 1] > input->adj_start[0]
              && (input->adj == NULL || input->shared == NULL)))
        {
          g_set_error (error, GW_PARTITION_ERROR, GW_PARTITION_ERROR_INVALID,
                       _("Planning unit %u has a malformed list of neighbours"), i);
          return FALSE;
        }
      for (guint j = input->adj_start[i]; j < input->adj_start[i + 1]; j++)
        if (input->adj[j] >= input->n_units || input->adj[j] == i
            || !finite_nonnegative (input->shared[j]))
          {
            g_set_error (error, GW_PARTITION_ERROR, GW_PARTITION_ERROR_INVALID,
                         _("Planning unit %u has a malformed list of neighbours"), i);
            return FALSE;
          }
      if (grid < -1 || (grid >= 0 && (guint) grid >= input->n_current))
        {
          g_set_error (error, GW_PARTITION_ERROR, GW_PARTITION_ERROR_INVALID,
                       _("Planning unit %u is in grid %d, but there are only %u current grids"),
                       i, grid, input->n_current);
          return FALSE;
        }
      if (input->locked != NULL && input->locked[i] && grid < 0)
        {
          g_set_error (error, GW_PARTITION_ERROR, GW_PARTITION_ERROR_INVALID,
                       _("Planning unit %u is locked but belongs to no grid"), i);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_options (const GwPartitionInput   *input,
               const GwPartitionOptions *options,
               GError                  **error)
{
  if (!finite_nonnegative (options->min) || !isfinite (options->max) || options->max <= 0
      || options->min > options->max)
    {
      g_set_error (error, GW_PARTITION_ERROR, GW_PARTITION_ERROR_INVALID,
                   _("The band of weight per grid, %g to %g, is invalid: it needs a minimum "
                     "of at least 0 and a maximum above 0 and not below the minimum"),
                   options->min, options->max);
      return FALSE;
    }
  if (options->n_grids > input->n_units)
    {
      g_set_error (error, GW_PARTITION_ERROR, GW_PARTITION_ERROR_INVALID,
                   _("%u grids were asked for, but there are only %u planning units"),
                   options->n_grids, input->n_units);
      return FALSE;
    }
  return TRUE;
}

/* Measures */

static double
polsby_popper (double area,
               double perimeter)
{
  return perimeter > 0 ? 4 * G_PI * area / (perimeter * perimeter) : 0;
}

/* Contiguous parts of each grid: a breadth-first search within the grid
 * from every unit not reached yet. */
static void
count_parts (const GwPartitionInput *input,
             const gint             *assignment,
             guint                   n_grids,
             guint                  *parts)
{
  g_autofree gboolean *seen = g_new0 (gboolean, input->n_units);
  g_autofree guint *queue = g_new (guint, input->n_units);

  memset (parts, 0, n_grids * sizeof (guint));
  for (guint start = 0; start < input->n_units; start++)
    {
      gint grid = assignment[start];
      guint head = 0, tail = 0;

      if (seen[start] || grid < 0 || (guint) grid >= n_grids)
        continue;
      parts[grid]++;
      seen[start] = TRUE;
      queue[tail++] = start;
      while (head < tail)
        {
          guint unit = queue[head++];

          for (guint j = input->adj_start[unit]; j < input->adj_start[unit + 1]; j++)
            {
              guint next = input->adj[j];

              if (!seen[next] && assignment[next] == grid)
                {
                  seen[next] = TRUE;
                  queue[tail++] = next;
                }
            }
        }
    }
}

/**
 * gw_partition_measure:
 * @input: the planning units
 * @assignment: (array): each unit's grid; units outside 0 .. @n_grids − 1 are skipped
 * @n_grids: the number of grids
 * @weight: (out caller-allocates) (array) (nullable): receives each grid's weight
 * @parts: (out caller-allocates) (array) (nullable): its contiguous parts (0: empty)
 * @polsby_popper: (out caller-allocates) (array) (nullable): its 4π area / perimeter²,
 *   the perimeter being Σ unit perimeters − 2 Σ boundaries shared inside the grid
 *
 * The figures of any assignment, in O(units + edges): the planner's live
 * table calls this after each paint stroke.
 */
void
gw_partition_measure (const GwPartitionInput *input,
                      const gint             *assignment,
                      guint                   n_grids,
                      double                 *weight,
                      guint                  *parts,
                      double                 *polsby_popper_out)
{
  g_autofree double *area = NULL;
  g_autofree double *perimeter = NULL;

  g_return_if_fail (input != NULL);
  g_return_if_fail (assignment != NULL || input->n_units == 0);

  area = g_new0 (double, n_grids);
  perimeter = g_new0 (double, n_grids);
  if (weight != NULL)
    memset (weight, 0, n_grids * sizeof (double));
  for (guint i = 0; i < input->n_units; i++)
    {
      gint grid = assignment[i];

      if (grid < 0 || (guint) grid >= n_grids)
        continue;
      if (weight != NULL)
        weight[grid] += input->weight[i];
      area[grid] += input->area[i];
      perimeter[grid] += input->perimeter[i];
      /* Each inner edge is listed from both sides: subtracted twice in all. */
      for (guint j = input->adj_start[i]; j < input->adj_start[i + 1]; j++)
        if (assignment[input->adj[j]] == grid)
          perimeter[grid] -= input->shared[j];
    }
  if (parts != NULL)
    count_parts (input, assignment, n_grids, parts);
  if (polsby_popper_out != NULL)
    for (guint k = 0; k < n_grids; k++)
      polsby_popper_out[k] = polsby_popper (area[k], perimeter[k]);
}

/**
 * gw_partition_report:
 * @input: the planning units
 * @options: the band
 * @assignment: (array): each unit's grid, ≥ 0
 * @report: (out caller-allocates): receives the figures
 *
 * The quality figures of an assignment: what gw_partition_suggest()
 * reports, for any plan.
 */
void
gw_partition_report (const GwPartitionInput   *input,
                     const GwPartitionOptions *options,
                     const gint               *assignment,
                     GwPartitionReport        *report)
{
  g_autofree double *weight = NULL;
  g_autofree double *compactness = NULL;
  g_autofree guint *parts = NULL;
  guint n_grids = input->n_current;
  guint n_filled = 0;
  double sum_pp = 0;

  g_return_if_fail (input != NULL && options != NULL && report != NULL);

  memset (report, 0, sizeof *report);
  for (guint i = 0; i < input->n_units; i++)
    {
      if (assignment[i] >= 0)
        n_grids = MAX (n_grids, (guint) assignment[i] + 1);
      if (assignment[i] != current_grid (input, i) || assignment[i] < 0)
        report->n_changed++;
      if (input->blocked != NULL)
        for (guint j = input->adj_start[i]; j < input->adj_start[i + 1]; j++)
          if (input->blocked[j] && input->adj[j] > i && assignment[input->adj[j]] == assignment[i]
              && assignment[i] >= 0)
            report->n_blocked_inside++;
    }
  weight = g_new (double, n_grids);
  compactness = g_new (double, n_grids);
  parts = g_new (guint, n_grids);
  gw_partition_measure (input, assignment, n_grids, weight, parts, compactness);
  report->n_grids = n_grids;
  for (guint k = 0; k < n_grids; k++)
    {
      if (parts[k] == 0)
        {
          report->n_empty++;
          continue;
        }
      n_filled++;
      sum_pp += compactness[k];
      if (parts[k] > 1)
        report->n_islands++;
      if (weight[k] >= options->min - EPSILON && weight[k] <= options->max + EPSILON)
        report->n_inside_band++;
    }
  report->mean_polsby_popper = n_filled > 0 ? sum_pp / n_filled : 0;
}

/* The working state: the assignment being built and each grid's running
 * sums, updated per move in O(degree). */
typedef struct
{
  const GwPartitionInput   *input;
  const GwPartitionOptions *options;
  GRand                    *rand;
  gint                     *assign;
  guint                     n_units;
  guint                     n_slots;     /* grid indices in use */
  guint                     capacity;
  double                   *grid_weight;
  double                   *grid_area;
  double                   *grid_perimeter;
  guint                    *grid_units;
  gboolean                 *grid_frozen; /* holds a locked unit: left alone */
  gboolean                 *unit_frozen;
  double                    mid;         /* the band's midpoint */
  double                    road_unit;   /* the mean shared boundary length */
  double                    road_cost;
  double                    change_cost;
  guint                    *mark;        /* stamps for searches */
  guint                     mark_id;
  guint                    *queue;
  guint                    *local;       /* unit → index in the set being bisected */
} Partition;

static void
partition_clear (Partition *p)
{
  g_clear_pointer (&p->rand, g_rand_free);
  g_clear_pointer (&p->grid_weight, g_free);
  g_clear_pointer (&p->grid_area, g_free);
  g_clear_pointer (&p->grid_perimeter, g_free);
  g_clear_pointer (&p->grid_units, g_free);
  g_clear_pointer (&p->grid_frozen, g_free);
  g_clear_pointer (&p->unit_frozen, g_free);
  g_clear_pointer (&p->mark, g_free);
  g_clear_pointer (&p->queue, g_free);
  g_clear_pointer (&p->local, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Partition, partition_clear)

static guint
next_stamp (Partition *p)
{
  if (++p->mark_id == 0)
    {
      memset (p->mark, 0, p->n_units * sizeof (guint));
      p->mark_id = 1;
    }
  return p->mark_id;
}

static double
road_length (const Partition *p,
             guint            edge)
{
  const GwPartitionInput *in = p->input;

  return in->blocked != NULL && in->blocked[edge] ? in->shared[edge] : 0;
}

static double
band_violation (const Partition *p,
                double           weight)
{
  if (weight < p->options->min)
    return p->options->min - weight;
  if (weight > p->options->max)
    return weight - p->options->max;
  return 0;
}

static void
partition_init (Partition                *p,
                const GwPartitionInput   *input,
                const GwPartitionOptions *options,
                gint                     *assignment)
{
  guint32 seed[2] = { (guint32) options->seed, (guint32) (options->seed >> 32) };
  guint n = input->n_units;
  double shared_sum = 0;
  guint n_edges = input->adj_start[n] - input->adj_start[0];

  p->input = input;
  p->options = options;
  p->rand = g_rand_new_with_seed_array (seed, 2);
  p->assign = assignment;
  p->n_units = n;
  /* Grids keep their current index; new ones come after: at most one per unit. */
  p->capacity = input->n_current + n + 1;
  p->n_slots = input->n_current;
  p->grid_weight = g_new0 (double, p->capacity);
  p->grid_area = g_new0 (double, p->capacity);
  p->grid_perimeter = g_new0 (double, p->capacity);
  p->grid_units = g_new0 (guint, p->capacity);
  p->grid_frozen = g_new0 (gboolean, p->capacity);
  p->unit_frozen = g_new0 (gboolean, n);
  p->mark = g_new0 (guint, n);
  p->queue = g_new (guint, n);
  p->local = g_new (guint, n);
  p->mid = (options->min + options->max) / 2;
  for (guint j = input->adj_start[0]; j < input->adj_start[n]; j++)
    shared_sum += input->shared[j];
  p->road_unit = n_edges > 0 && shared_sum > 0 ? shared_sum / n_edges : 1;
  p->road_cost = options->from_scratch ? ROAD_COST_SCRATCH : ROAD_COST_MINIMAL;
  p->change_cost = options->from_scratch ? 0 : CHANGE_COST;

  if (input->locked != NULL)
    for (guint i = 0; i < n; i++)
      if (input->locked[i])
        p->grid_frozen[input->current[i]] = TRUE;
  for (guint i = 0; i < n; i++)
    {
      gint grid = current_grid (input, i);

      p->unit_frozen[i] = grid >= 0 && p->grid_frozen[grid];
    }
}

/* Boundary shared with (and road along) the unit's neighbours in @grid. */
static void
shared_with (const Partition *p,
             guint            unit,
             gint             grid,
             double          *shared,
             double          *road)
{
  const GwPartitionInput *in = p->input;

  *shared = 0;
  *road = 0;
  for (guint j = in->adj_start[unit]; j < in->adj_start[unit + 1]; j++)
    if (p->assign[in->adj[j]] == grid)
      {
        *shared += in->shared[j];
        *road += road_length (p, j);
      }
}

static void
grid_remove (Partition *p,
             guint      unit)
{
  gint grid = p->assign[unit];
  double shared, road;

  if (grid < 0)
    return;
  shared_with (p, unit, grid, &shared, &road);
  p->grid_weight[grid] -= p->input->weight[unit];
  p->grid_area[grid] -= p->input->area[unit];
  p->grid_perimeter[grid] -= p->input->perimeter[unit] - 2 * shared;
  p->grid_units[grid]--;
  p->assign[unit] = -1;
}

static void
grid_add (Partition *p,
          guint      unit,
          gint       grid)
{
  double shared, road;

  shared_with (p, unit, grid, &shared, &road);
  p->grid_weight[grid] += p->input->weight[unit];
  p->grid_area[grid] += p->input->area[unit];
  p->grid_perimeter[grid] += p->input->perimeter[unit] - 2 * shared;
  p->grid_units[grid]++;
  p->assign[unit] = grid;
  p->n_slots = MAX (p->n_slots, (guint) grid + 1);
}

/* The sums from scratch, against drift and after bulk changes. */
static void
partition_recount (Partition *p)
{
  const GwPartitionInput *in = p->input;

  memset (p->grid_weight, 0, p->capacity * sizeof (double));
  memset (p->grid_area, 0, p->capacity * sizeof (double));
  memset (p->grid_perimeter, 0, p->capacity * sizeof (double));
  memset (p->grid_units, 0, p->capacity * sizeof (guint));
  for (guint i = 0; i < p->n_units; i++)
    {
      gint grid = p->assign[i];

      if (grid < 0)
        continue;
      p->n_slots = MAX (p->n_slots, (guint) grid + 1);
      p->grid_weight[grid] += in->weight[i];
      p->grid_area[grid] += in->area[i];
      p->grid_perimeter[grid] += in->perimeter[i];
      p->grid_units[grid]++;
      for (guint j = in->adj_start[i]; j < in->adj_start[i + 1]; j++)
        if (p->assign[in->adj[j]] == grid)
          p->grid_perimeter[grid] -= in->shared[j];
    }
}

/* What moving @unit into @to changes: the total band violation, and the
 * rest of the cost (1 − Polsby–Popper of both grids, roads inside grids,
 * units away from their current grid). */
static void
move_delta (const Partition *p,
            guint            unit,
            gint             to,
            double          *band,
            double          *rest)
{
  const GwPartitionInput *in = p->input;
  gint from = p->assign[unit];
  double weight = in->weight[unit], area = in->area[unit], perimeter = in->perimeter[unit];
  double shared_from, road_from, shared_to, road_to;
  double pp_from_old, pp_to_old, pp_from_new, pp_to_new;
  gint current = current_grid (in, unit);

  shared_with (p, unit, from, &shared_from, &road_from);
  shared_with (p, unit, to, &shared_to, &road_to);
  *band = band_violation (p, p->grid_weight[from] - weight)
          + band_violation (p, p->grid_weight[to] + weight)
          - band_violation (p, p->grid_weight[from]) - band_violation (p, p->grid_weight[to]);
  pp_from_old = polsby_popper (p->grid_area[from], p->grid_perimeter[from]);
  pp_to_old = polsby_popper (p->grid_area[to], p->grid_perimeter[to]);
  pp_from_new = polsby_popper (p->grid_area[from] - area,
                               p->grid_perimeter[from] - perimeter + 2 * shared_from);
  pp_to_new = polsby_popper (p->grid_area[to] + area,
                             p->grid_perimeter[to] + perimeter - 2 * shared_to);
  *rest = (pp_from_old - pp_from_new) + (pp_to_old - pp_to_new)
          + p->road_cost * (road_to - road_from) / p->road_unit
          + p->change_cost * ((current == from) - (current == to));
}

/* Whether @unit can leave its grid without cutting the grid in two: a
 * search within the grid from one of its neighbours there, not passing
 * through @unit, reaches all the others (so @unit is no articulation
 * point). A grid is never emptied by a move. */
static gboolean
can_leave (Partition *p,
           guint      unit)
{
  const GwPartitionInput *in = p->input;
  gint grid = p->assign[unit];
  guint target, visited, remaining = 0, head = 0, tail = 0;

  if (p->grid_units[grid] <= 1)
    return FALSE;
  target = next_stamp (p);
  for (guint j = in->adj_start[unit]; j < in->adj_start[unit + 1]; j++)
    if (p->assign[in->adj[j]] == grid && p->mark[in->adj[j]] != target)
      {
        p->mark[in->adj[j]] = target;
        if (remaining++ == 0)
          p->queue[tail++] = in->adj[j];
      }
  if (remaining <= 1)
    return TRUE;
  visited = next_stamp (p);
  p->mark[unit] = visited;
  p->mark[p->queue[0]] = visited;
  remaining--;
  while (head < tail)
    {
      guint here = p->queue[head++];

      for (guint j = in->adj_start[here]; j < in->adj_start[here + 1]; j++)
        {
          guint next = in->adj[j];

          if (p->assign[next] != grid || p->mark[next] == visited)
            continue;
          if (p->mark[next] == target && --remaining == 0)
            return TRUE;
          p->mark[next] = visited;
          p->queue[tail++] = next;
        }
    }
  return FALSE;
}

static gboolean
movable (const Partition *p,
         guint            unit)
{
  return !p->unit_frozen[unit] && p->assign[unit] >= 0;
}

/* The distinct grids next to @unit that it may move into. */
static guint
neighbour_grids (const Partition *p,
                 guint            unit,
                 gint            *grids,
                 guint            max_grids)
{
  const GwPartitionInput *in = p->input;
  guint n = 0;

  for (guint j = in->adj_start[unit]; j < in->adj_start[unit + 1] && n < max_grids; j++)
    {
      gint grid = p->assign[in->adj[j]];
      gboolean seen = FALSE;

      if (grid < 0 || grid == p->assign[unit] || p->grid_frozen[grid])
        continue;
      for (guint k = 0; k < n && !seen; k++)
        seen = grids[k] == grid;
      if (!seen)
        grids[n++] = grid;
    }
  return n;
}

/* Bisection along spanning-tree cuts (ReCom) */

typedef struct
{
  guint  a, b;   /* local indices */
  double shared; /* the cut's cost if this edge is cut */
  double key;
} SetEdge;

typedef struct
{
  guint  n;
  guint *parent, *order, *depth, *size, *start, *next, *uf;
  double *weight, *cut;
} Tree;

static int
set_edge_compare (const void *a,
                  const void *b)
{
  const SetEdge *edge_a = a, *edge_b = b;

  return (edge_a->key > edge_b->key) - (edge_a->key < edge_b->key);
}

static guint
union_find_root (guint *uf,
                 guint  i)
{
  while (uf[i] != i)
    i = uf[i] = uf[uf[i]];
  return i;
}

/* A random spanning tree of the set (Kruskal on random keys; road edges
 * last, so that the tree crosses a road only where it must and the cut at
 * that edge becomes a candidate), rooted at a random unit, in preorder, with
 * the weight of every subtree and the cost of the boundary each cut makes:
 * an edge (a, b) crosses the cut above x iff x is on the tree path from a
 * to b, so its cost is added at a and b and taken twice from their lowest
 * common ancestor, and the cut cost of x is the sum over its subtree. */
static void
tree_build (Partition *p,
            Tree      *tree,
            SetEdge   *edges,
            guint      n_edges,
            const guint *units)
{
  guint n = tree->n, n_tree = 0, top = 0, n_order = 0, root;
  g_autofree guint *tree_a = g_new (guint, n), *tree_b = g_new (guint, n);
  g_autofree guint *degree = g_new0 (guint, n + 1), *stack = g_new (guint, n);

  for (guint e = 0; e < n_edges; e++)
    edges[e].key = g_rand_double (p->rand) + (edges[e].shared < 0 ? 1 : 0);
  qsort (edges, n_edges, sizeof (SetEdge), set_edge_compare);
  for (guint i = 0; i < n; i++)
    tree->uf[i] = i;
  for (guint e = 0; e < n_edges && n_tree + 1 < n; e++)
    {
      guint ra = union_find_root (tree->uf, edges[e].a);
      guint rb = union_find_root (tree->uf, edges[e].b);

      if (ra == rb)
        continue;
      tree->uf[ra] = rb;
      tree_a[n_tree] = edges[e].a;
      tree_b[n_tree++] = edges[e].b;
    }
  for (guint e = 0; e < n_tree; e++)
    degree[tree_a[e] + 1]++, degree[tree_b[e] + 1]++;
  for (guint i = 0; i < n; i++)
    tree->start[i + 1] = tree->start[i] + degree[i + 1];
  memcpy (degree, tree->start, n * sizeof (guint));
  for (guint e = 0; e < n_tree; e++)
    {
      tree->next[degree[tree_a[e]]++] = tree_b[e];
      tree->next[degree[tree_b[e]]++] = tree_a[e];
    }

  /* Preorder by a stack: every subtree is a contiguous run of the order. */
  for (guint i = 0; i < n; i++)
    tree->parent[i] = G_MAXUINT;
  root = g_rand_int_range (p->rand, 0, n);
  tree->parent[root] = root;
  tree->depth[root] = 0;
  stack[top++] = root;
  while (top > 0)
    {
      guint here = stack[--top];

      tree->order[n_order++] = here;
      for (guint j = tree->start[here]; j < tree->start[here + 1]; j++)
        if (tree->parent[tree->next[j]] == G_MAXUINT)
          {
            tree->parent[tree->next[j]] = here;
            tree->depth[tree->next[j]] = tree->depth[here] + 1;
            stack[top++] = tree->next[j];
          }
    }
  tree->n = n_order; /* fewer only if the set was not connected */

  for (guint i = 0; i < n; i++)
    {
      tree->weight[i] = p->input->weight[units[i]];
      tree->size[i] = 1;
      tree->cut[i] = 0;
    }
  for (guint e = 0; e < n_edges; e++)
    {
      guint a = edges[e].a, b = edges[e].b;
      double cost = fabs (edges[e].shared) * (edges[e].shared < 0 ? -CUT_ROAD_BONUS : 1);

      if (tree->parent[a] == G_MAXUINT || tree->parent[b] == G_MAXUINT)
        continue;
      tree->cut[a] += cost;
      tree->cut[b] += cost;
      while (tree->depth[a] > tree->depth[b])
        a = tree->parent[a];
      while (tree->depth[b] > tree->depth[a])
        b = tree->parent[b];
      while (a != b)
        a = tree->parent[a], b = tree->parent[b];
      tree->cut[a] -= 2 * cost;
    }
  for (guint i = n_order; i-- > 1;)
    {
      guint here = tree->order[i], up = tree->parent[here];

      tree->weight[up] += tree->weight[here];
      tree->size[up] += tree->size[here];
      tree->cut[up] += tree->cut[here];
    }
}

/* How good it is to cut off a side of @weight and @size for @k_side grids
 * of a set of @total weight and @n units for @k grids: rank 0 (balanced and
 * feasible: the shorter cut wins), 1 (feasible: the better balance wins) or
 * 2 (not feasible: the smaller violation wins). */
static void
cut_rank (const Partition *p,
          double           weight,
          guint            size,
          guint            k_side,
          double           total,
          guint            n,
          guint            k,
          double           cut,
          guint           *rank,
          double          *score)
{
  const GwPartitionOptions *opt = p->options;
  guint k_other = k - k_side;
  double other = total - weight;
  double imbalance = fabs (weight / k_side - other / k_other) / MAX (total / k, EPSILON);
  double violation = 0;

  if (weight < k_side * opt->min)
    violation += k_side * opt->min - weight;
  if (weight > k_side * opt->max)
    violation += weight - k_side * opt->max;
  if (other < k_other * opt->min)
    violation += k_other * opt->min - other;
  if (other > k_other * opt->max)
    violation += other - k_other * opt->max;
  if (size < k_side || n - size < k_other)
    {
      *rank = 3;
      *score = imbalance;
    }
  else if (violation > EPSILON)
    {
      *rank = 2;
      *score = violation + imbalance;
    }
  else if (imbalance > CUT_TOLERANCE)
    {
      *rank = 1;
      *score = imbalance;
    }
  else
    {
      *rank = 0;
      *score = cut;
    }
}

/* The best cut of the set over several random spanning trees: @side gets
 * TRUE for the units of the side that is to become *@k_side grids. */
static void
best_cut (Partition   *p,
          const guint *units,
          guint        n,
          guint        k,
          gboolean    *side,
          guint       *k_side)
{
  const GwPartitionInput *in = p->input;
  g_autoptr (GArray) edges = g_array_new (FALSE, FALSE, sizeof (SetEdge));
  g_autofree guint *buffers = g_new0 (guint, 7 * (n + 1));
  g_autofree double *sums = g_new0 (double, 2 * n);
  Tree tree = { n, buffers, buffers + (n + 1), buffers + 2 * (n + 1), buffers + 3 * (n + 1),
                buffers + 4 * (n + 1), NULL, buffers + 5 * (n + 1), sums, sums + n };
  g_autofree guint *next = NULL;
  guint stamp = next_stamp (p), best_rank = G_MAXUINT;
  double total = 0, best_score = G_MAXDOUBLE;

  for (guint i = 0; i < n; i++)
    {
      p->mark[units[i]] = stamp;
      p->local[units[i]] = i;
      total += in->weight[units[i]];
    }
  for (guint i = 0; i < n; i++)
    for (guint j = in->adj_start[units[i]]; j < in->adj_start[units[i] + 1]; j++)
      if (p->mark[in->adj[j]] == stamp && in->adj[j] > units[i])
        {
          /* A negative length marks a road edge. */
          SetEdge edge = { i, p->local[in->adj[j]],
                           road_length (p, j) > 0 ? -in->shared[j] : in->shared[j], 0 };

          g_array_append_val (edges, edge);
        }
  next = g_new (guint, 2 * edges->len + 1);
  tree.next = next;

  for (guint t = 0; t < TREES_PER_CUT || (best_rank >= 2 && t < 4 * TREES_PER_CUT); t++)
    {
      guint best_o = 0;

      tree.n = n;
      tree_build (p, &tree, (SetEdge *) edges->data, edges->len, units);
      for (guint o = 1; o < tree.n; o++)
        {
          guint x = tree.order[o];

          for (guint k1 = k / 2; k1 <= k - k / 2; k1++)
            {
              guint rank;
              double score;

              cut_rank (p, tree.weight[x], tree.size[x], k1, total, n, k, tree.cut[x], &rank,
                        &score);
              if (rank > best_rank || (rank == best_rank && score >= best_score))
                continue;
              best_rank = rank;
              best_score = score;
              best_o = o;
              *k_side = k1;
            }
        }
      if (best_o > 0)
        {
          memset (side, 0, n * sizeof (gboolean));
          for (guint s = best_o; s < best_o + tree.size[tree.order[best_o]]; s++)
            side[tree.order[s]] = TRUE;
        }
    }
}

/* Cuts a connected set of units into @k contiguous grids, labelled from
 * *@next_label on. */
static void
bisect (Partition *p,
        guint     *units,
        guint      n,
        guint      k,
        guint     *next_label)
{
  g_autofree gboolean *side = NULL;
  g_autofree guint *parts = NULL;
  guint k_side = 1, n_side = 0, n_other = 0;

  k = MIN (k, n);
  if (k <= 1)
    {
      guint label = (*next_label)++;

      for (guint i = 0; i < n; i++)
        p->assign[units[i]] = label;
      p->n_slots = MAX (p->n_slots, label + 1);
      return;
    }
  side = g_new0 (gboolean, n);
  best_cut (p, units, n, k, side, &k_side);
  parts = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    if (side[i])
      parts[n_side++] = units[i];
  for (guint i = 0; i < n; i++)
    if (!side[i])
      parts[n_side + n_other++] = units[i];
  if (n_side == 0 || n_other == 0)
    {
      /* No cut at all (a set that is not connected at its root): fewer grids. */
      bisect (p, units, n, k - 1, next_label);
      return;
    }
  bisect (p, parts, n_side, k_side, next_label);
  bisect (p, parts + n_side, n_other, k - k_side, next_label);
}

/* Local search */

typedef struct
{
  double score;
  guint  unit;
  gint   to;
} Move;

static int
move_compare (const void *a,
              const void *b)
{
  const Move *move_a = a, *move_b = b;

  if (move_a->score != move_b->score)
    return move_a->score < move_b->score ? -1 : 1;
  if (move_a->unit != move_b->unit)
    return move_a->unit < move_b->unit ? -1 : 1;
  return (move_a->to > move_b->to) - (move_a->to < move_b->to);
}

static void
apply_move (Partition *p,
            guint      unit,
            gint       to)
{
  grid_remove (p, unit);
  grid_add (p, unit, to);
}

#define MAX_NEIGHBOUR_GRIDS 32

/* Best-first moves that reduce the total band violation, the biggest
 * reduction per cost first: few units move to balance the grids. */
static void
improve_band (Partition *p)
{
  g_autoptr (GArray) moves = g_array_new (FALSE, FALSE, sizeof (Move));

  for (guint round = 0; round < 4 * p->n_units; round++)
    {
      gboolean applied = FALSE;

      g_array_set_size (moves, 0);
      for (guint u = 0; u < p->n_units; u++)
        {
          gint grids[MAX_NEIGHBOUR_GRIDS];
          guint n_grids;

          if (!movable (p, u) || p->grid_units[p->assign[u]] <= 1)
            continue;
          n_grids = neighbour_grids (p, u, grids, MAX_NEIGHBOUR_GRIDS);
          for (guint k = 0; k < n_grids; k++)
            {
              double band, rest;

              move_delta (p, u, grids[k], &band, &rest);
              if (band < -EPSILON)
                {
                  Move move = { band / p->mid * BAND_COST + rest, u, grids[k] };

                  g_array_append_val (moves, move);
                }
            }
        }
      qsort (moves->data, moves->len, sizeof (Move), move_compare);
      for (guint m = 0; m < moves->len && !applied; m++)
        {
          const Move *move = &g_array_index (moves, Move, m);

          if (can_leave (p, move->unit))
            {
              apply_move (p, move->unit, move->to);
              applied = TRUE;
            }
        }
      if (!applied)
        break;
    }
}

/* The grids next to @grid that may give or take units. */
static guint
adjacent_grids (Partition *p,
                gint       grid,
                gint      *grids,
                gboolean  *seen)
{
  const GwPartitionInput *in = p->input;
  guint n = 0;

  for (guint u = 0; u < p->n_units; u++)
    {
      if (p->assign[u] != grid)
        continue;
      for (guint j = in->adj_start[u]; j < in->adj_start[u + 1]; j++)
        {
          gint other = p->assign[in->adj[j]];

          if (other >= 0 && other != grid && !p->grid_frozen[other] && !seen[other])
            {
              seen[other] = TRUE;
              grids[n++] = other;
            }
        }
    }
  for (guint k = 0; k < n; k++)
    seen[grids[k]] = FALSE;
  return n;
}

/* The grids reachable from @grid over grid adjacency, nearest first, with
 * their parents; returns how many. */
static guint
grid_tree (Partition *p,
           gint       grid,
           gint      *parent,
           gint      *order)
{
  g_autofree gint *around = g_new (gint, p->n_slots);
  g_autofree gboolean *seen = g_new0 (gboolean, p->n_slots);
  guint head = 0, tail = 0;

  for (guint k = 0; k < p->n_slots; k++)
    parent[k] = -1;
  parent[grid] = grid;
  order[tail++] = grid;
  while (head < tail)
    {
      gint here = order[head++];
      guint n_around = adjacent_grids (p, here, around, seen);

      for (guint k = 0; k < n_around; k++)
        if (parent[around[k]] < 0)
          {
            parent[around[k]] = here;
            order[tail++] = around[k];
          }
    }
  return tail;
}

typedef struct
{
  guint unit;
  gint  from;
} Undo;

/* The units of @giver that are cut off from its heaviest part if @slice
 * (marked with @stamp) leaves: they go with the slice. */
static void
slice_close (Partition *p,
             gint       giver,
             guint      stamp,
             GArray    *slice)
{
  const GwPartitionInput *in = p->input;
  g_autofree guint *part = g_new0 (guint, p->n_units);
  g_autoptr (GArray) part_weight = g_array_new (FALSE, FALSE, sizeof (double));
  guint best = 0;

  for (guint s = 0; s < p->n_units; s++)
    {
      guint head = 0, tail = 0;
      double weight = 0;

      if (p->assign[s] != giver || p->mark[s] == stamp || part[s] != 0)
        continue;
      part[s] = part_weight->len + 1;
      p->queue[tail++] = s;
      while (head < tail)
        {
          guint here = p->queue[head++];

          weight += in->weight[here] + EPSILON;
          for (guint j = in->adj_start[here]; j < in->adj_start[here + 1]; j++)
            {
              guint next = in->adj[j];

              if (p->assign[next] == giver && p->mark[next] != stamp && part[next] == 0)
                {
                  part[next] = part[s];
                  p->queue[tail++] = next;
                }
            }
        }
      g_array_append_val (part_weight, weight);
      if (best == 0 || weight > g_array_index (part_weight, double, best - 1))
        best = part[s];
    }
  for (guint u = 0; u < p->n_units; u++)
    if (part[u] != 0 && part[u] != best)
      {
        p->mark[u] = stamp;
        g_array_append_val (slice, u);
      }
}

/* Moves a contiguous slice of @giver, weighing @low … @high, into the
 * adjacent @taker: grown from their common boundary towards the units
 * nearest the taker's centre (so that units without weight can carry a
 * heavy one across), the giver staying in one piece. */
static gboolean
transfer_slice (Partition *p,
                gint       giver,
                gint       taker,
                double     low,
                double     high,
                GArray    *undo)
{
  const GwPartitionInput *in = p->input;
  g_autoptr (GArray) slice = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) frontier = g_array_new (FALSE, FALSE, sizeof (guint));
  double cx = 0, cy = 0, area = 0, weight = 0;
  guint stamp;

  if (low > high)
    return FALSE;
  for (guint u = 0; u < p->n_units; u++)
    if (p->assign[u] == taker)
      {
        double a = in->area[u] + EPSILON;

        cx += a * in->x[u], cy += a * in->y[u], area += a;
      }
  cx /= area, cy /= area;
  stamp = next_stamp (p);
  for (guint u = 0; u < p->n_units; u++)
    if (p->assign[u] == giver && movable (p, u))
      for (guint j = in->adj_start[u]; j < in->adj_start[u + 1]; j++)
        if (p->assign[in->adj[j]] == taker && p->mark[u] != stamp)
          {
            p->mark[u] = stamp;
            g_array_append_val (frontier, u);
          }
  stamp = next_stamp (p);
  while (weight < low && slice->len + 1 < p->grid_units[giver])
    {
      guint best = G_MAXUINT;
      double best_distance = G_MAXDOUBLE;

      for (guint f = 0; f < frontier->len; f++)
        {
          guint u = g_array_index (frontier, guint, f);
          double distance = hypot (in->x[u] - cx, in->y[u] - cy);

          if (p->mark[u] != stamp && weight + in->weight[u] <= high && distance < best_distance)
            best = f, best_distance = distance;
        }
      if (best == G_MAXUINT)
        return FALSE;
      {
        guint u = g_array_index (frontier, guint, best);

        g_array_remove_index_fast (frontier, best);
        p->mark[u] = stamp;
        weight += in->weight[u];
        g_array_append_val (slice, u);
        for (guint j = in->adj_start[u]; j < in->adj_start[u + 1]; j++)
          if (p->assign[in->adj[j]] == giver && movable (p, in->adj[j])
              && p->mark[in->adj[j]] != stamp)
            g_array_append_val (frontier, in->adj[j]);
      }
    }
  if (weight < low)
    return FALSE;
  slice_close (p, giver, stamp, slice);
  weight = 0;
  for (guint i = 0; i < slice->len; i++)
    {
      guint u = g_array_index (slice, guint, i);

      if (!movable (p, u))
        return FALSE;
      weight += in->weight[u];
    }
  if (weight > high || slice->len >= p->grid_units[giver])
    return FALSE;
  for (guint i = 0; i < slice->len; i++)
    {
      Undo step = { g_array_index (slice, guint, i), giver };

      g_array_append_val (undo, step);
      apply_move (p, step.unit, taker);
    }
  return TRUE;
}

static double
total_violation (const Partition *p)
{
  double total = 0;

  for (guint k = 0; k < p->n_slots; k++)
    if (p->grid_units[k] > 0 && !p->grid_frozen[k])
      total += band_violation (p, p->grid_weight[k]);
  return total;
}

/* Passes weight along the path from @grid to its end, each grid giving
 * to (or, for an overweight @grid, taking from) the one before it. */
static void
run_chain (Partition  *p,
           const gint *path,
           guint       n,
           gboolean    under,
           GArray     *undo)
{
  const GwPartitionOptions *opt = p->options;

  for (guint i = 0; i + 1 < n; i++)
    {
      gint giver = under ? path[i + 1] : path[i], taker = under ? path[i] : path[i + 1];
      gboolean last = i + 2 == n;
      double low, high;

      if (under)
        {
          low = opt->min - p->grid_weight[taker];
          high = opt->max - p->grid_weight[taker];
          if (last)
            high = MIN (high, p->grid_weight[giver] - opt->min);
        }
      else
        {
          low = p->grid_weight[giver] - opt->max;
          high = p->grid_weight[giver] - opt->min;
          if (last)
            high = MIN (high, opt->max - p->grid_weight[taker]);
        }
      if (low <= EPSILON || !transfer_slice (p, giver, taker, low, high, undo))
        return;
    }
}

#define CHAIN_ATTEMPTS 8

/* An ejection chain for a grid outside the band: weight is passed along
 * a path of adjacent grids to the nearest grids that have room (or spare
 * weight), whole slices at a time. Each attempt is undone unless the total
 * violation drops. */
static gboolean
push_chain (Partition *p,
            gint       grid)
{
  const GwPartitionOptions *opt = p->options;
  g_autofree gint *parent = g_new (gint, p->n_slots);
  g_autofree gint *order = g_new (gint, p->n_slots);
  g_autofree gint *path = g_new (gint, p->n_slots + 1);
  g_autoptr (GArray) undo = g_array_new (FALSE, FALSE, sizeof (Undo));
  gboolean under = p->grid_weight[grid] < opt->min;
  double need = under ? opt->min - p->grid_weight[grid] : p->grid_weight[grid] - opt->max;
  double before = total_violation (p);
  guint n_order = grid_tree (p, grid, parent, order), attempts = 0;

  for (guint o = 1; o < n_order && attempts < CHAIN_ATTEMPTS; o++)
    {
      gint end = order[o];
      double slack = under ? p->grid_weight[end] - opt->min : opt->max - p->grid_weight[end];
      guint n = 0;

      if (slack < need)
        continue;
      attempts++;
      for (gint k = end; k != grid; k = parent[k])
        n++;
      path[0] = grid;
      for (gint k = end, i = n; k != grid; k = parent[k], i--)
        path[i] = k;
      g_array_set_size (undo, 0);
      run_chain (p, path, n + 1, under, undo);
      if (total_violation (p) < before - EPSILON)
        return TRUE;
      for (guint i = undo->len; i-- > 0;)
        apply_move (p, g_array_index (undo, Undo, i).unit, g_array_index (undo, Undo, i).from);
    }
  return FALSE;
}

/* Chains for the grids still outside the band, worst first, until none
 * helps. */
static void
repair_band (Partition *p)
{
  g_autofree gint *order = g_new (gint, p->capacity);

  for (guint round = 0; round < p->n_slots; round++)
    {
      guint n = 0;
      gboolean pushed = FALSE;

      improve_band (p);
      for (guint k = 0; k < p->n_slots; k++)
        if (p->grid_units[k] > 0 && !p->grid_frozen[k]
            && band_violation (p, p->grid_weight[k]) > EPSILON)
          {
            guint i = n++;

            /* Insertion by violation, the worst first. */
            for (; i > 0 && band_violation (p, p->grid_weight[order[i - 1]])
                            < band_violation (p, p->grid_weight[k]); i--)
              order[i] = order[i - 1];
            order[i] = k;
          }
      for (guint i = 0; i < n && !pushed; i++)
        pushed = push_chain (p, order[i]);
      if (!pushed)
        return;
    }
}

/* The best move of @unit that does not worsen the band, if it lowers the
 * cost. */
static gboolean
best_compact_move (Partition *p,
                   guint      unit,
                   gint      *to)
{
  gint grids[MAX_NEIGHBOUR_GRIDS];
  guint n_grids = neighbour_grids (p, unit, grids, MAX_NEIGHBOUR_GRIDS);
  double best = -EPSILON;

  for (guint k = 0; k < n_grids; k++)
    {
      double band, rest;

      move_delta (p, unit, grids[k], &band, &rest);
      if (band <= EPSILON && rest < best)
        {
          best = rest;
          *to = grids[k];
        }
    }
  return best < -EPSILON;
}

static void
shuffle (Partition *p,
         guint     *units)
{
  for (guint i = 0; i < p->n_units; i++)
    units[i] = i;
  for (guint i = p->n_units; i > 1; i--)
    {
      guint j = g_rand_int_range (p->rand, 0, i), swap = units[i - 1];

      units[i - 1] = units[j];
      units[j] = swap;
    }
}

/* Greedy sweeps in a random order: each unit takes its best move that
 * keeps the band and contiguity, until a sweep moves nothing. */
static void
improve_compactness (Partition *p)
{
  g_autofree guint *order = g_new (guint, p->n_units);

  for (guint sweep = 0; sweep < MAX_SWEEPS; sweep++)
    {
      guint n_moved = 0;

      shuffle (p, order);
      for (guint i = 0; i < p->n_units; i++)
        {
          guint u = order[i];
          gint to = -1;

          if (!movable (p, u) || p->grid_units[p->assign[u]] <= 1)
            continue;
          if (best_compact_move (p, u, &to) && can_leave (p, u))
            {
              apply_move (p, u, to);
              n_moved++;
            }
        }
      if (n_moved == 0)
        break;
    }
  partition_recount (p);
}

/* Simulated annealing on the cost, the band violation never growing. */
static void
anneal (Partition *p)
{
  const GwPartitionInput *in = p->input;
  guint64 n_steps = MIN ((guint64) ANNEAL_STEPS_PER_UNIT * p->n_units, ANNEAL_MAX_STEPS);
  double cooling = n_steps > 0 ? pow (ANNEAL_T_END / ANNEAL_T_START, 1.0 / n_steps) : 1;
  double temperature = ANNEAL_T_START;

  for (guint64 step = 0; step < n_steps; step++, temperature *= cooling)
    {
      guint u = g_rand_int_range (p->rand, 0, p->n_units), degree, v;
      gint to;
      double band, rest;

      degree = in->adj_start[u + 1] - in->adj_start[u];
      if (degree == 0 || !movable (p, u) || p->grid_units[p->assign[u]] <= 1)
        continue;
      v = in->adj[in->adj_start[u] + g_rand_int_range (p->rand, 0, degree)];
      to = p->assign[v];
      if (to < 0 || to == p->assign[u] || p->grid_frozen[to])
        continue;
      move_delta (p, u, to, &band, &rest);
      if (band > EPSILON)
        continue;
      if (band >= -EPSILON && rest > 0
          && g_rand_double (p->rand) >= exp (-rest / temperature))
        continue;
      if (can_leave (p, u))
        apply_move (p, u, to);
    }
  partition_recount (p);
}

/* Components and grid counts */

/* The connected parts of the graph of units that may move, as lists. */
static guint
free_components (Partition *p,
                 guint    **start_out,
                 guint    **units_out)
{
  const GwPartitionInput *in = p->input;
  g_autofree guint *start = g_new (guint, p->n_units + 2);
  g_autofree guint *units = g_new (guint, p->n_units + 1);
  guint stamp = next_stamp (p), n_components = 0, tail = 0;

  start[0] = 0;
  for (guint s = 0; s < p->n_units; s++)
    {
      guint head = tail;

      if (p->unit_frozen[s] || p->mark[s] == stamp)
        continue;
      p->mark[s] = stamp;
      units[tail++] = s;
      while (head < tail)
        {
          guint here = units[head++];

          for (guint j = in->adj_start[here]; j < in->adj_start[here + 1]; j++)
            if (!p->unit_frozen[in->adj[j]] && p->mark[in->adj[j]] != stamp)
              {
                p->mark[in->adj[j]] = stamp;
                units[tail++] = in->adj[j];
              }
        }
      start[++n_components] = tail;
    }
  *start_out = g_steal_pointer (&start);
  *units_out = g_steal_pointer (&units);
  return n_components;
}

static double
units_weight (const Partition *p,
              const guint     *units,
              guint            n)
{
  double weight = 0;

  for (guint i = 0; i < n; i++)
    weight += p->input->weight[units[i]];
  return weight;
}

/* The feasible numbers of grids for @weight: ⌈weight / max⌉ … ⌊weight / min⌋. */
static void
count_range (const Partition *p,
             double           weight,
             guint            n_units,
             guint           *lo,
             guint           *hi)
{
  double high = p->options->min > 0 ? floor (weight / p->options->min + EPSILON) : n_units;

  *lo = MAX (1, (guint) ceil (weight / p->options->max - EPSILON));
  *hi = (guint) MIN (high, (double) n_units);
  *lo = MIN (*lo, n_units);
  *hi = MAX (*hi, *lo);
}

/* How many grids each component gets: the feasible count nearest to
 * weight / midpoint, or a share of the count asked for (largest remainder,
 * at least one each). */
static void
allocate_counts (Partition   *p,
                 guint        n_components,
                 const guint *start,
                 const guint *units,
                 guint        wanted,
                 guint       *counts)
{
  g_autofree double *weight = g_new (double, n_components);
  g_autofree double *remainder = g_new (double, n_components);
  double total = 0;
  guint given = 0;

  for (guint c = 0; c < n_components; c++)
    {
      weight[c] = units_weight (p, units + start[c], start[c + 1] - start[c]);
      total += weight[c];
    }
  for (guint c = 0; c < n_components; c++)
    {
      guint size = start[c + 1] - start[c], lo, hi;

      if (wanted == 0)
        {
          count_range (p, weight[c], size, &lo, &hi);
          counts[c] = CLAMP ((guint) round (weight[c] / p->mid), lo, hi);
          continue;
        }
      remainder[c] = total > 0 ? wanted * weight[c] / total : (double) wanted / n_components;
      counts[c] = CLAMP ((guint) floor (remainder[c]), 1, size);
      remainder[c] -= counts[c];
      given += counts[c];
    }
  while (wanted > 0 && given < wanted)
    {
      guint best = G_MAXUINT;

      for (guint c = 0; c < n_components; c++)
        if (counts[c] < start[c + 1] - start[c]
            && (best == G_MAXUINT || remainder[c] > remainder[best]))
          best = c;
      if (best == G_MAXUINT)
        break;
      counts[best]++;
      remainder[best] -= 1;
      given++;
    }
}

/* Parts of the community too light to be a grid */

/* A part of the community too light to be a grid on its own (a lot that
 * touches the others only at a corner, an exclave) joins a grid nearby as
 * an island, which the report counts, rather than becoming a grid without
 * households of its own. */
static gboolean
component_is_small (const Partition *p,
                    guint            n_components,
                    const guint     *members,
                    guint            n)
{
  return n_components > 1 && units_weight (p, members, n) < p->options->min;
}

/* Joins the component to its current grid (if @keep_current and it had one
 * that is still there) or to the grid of the nearest unit. FALSE when
 * there is no grid to join. */
static gboolean
attach_component (Partition   *p,
                  const guint *members,
                  guint        n,
                  gboolean     keep_current)
{
  const GwPartitionInput *in = p->input;
  gint grid = -1;
  double best = G_MAXDOUBLE;

  for (guint i = 0; i < n && keep_current && grid < 0; i++)
    {
      gint current = current_grid (in, members[i]);

      if (current >= 0 && !p->grid_frozen[current] && p->grid_units[current] > 0)
        grid = current;
    }
  for (guint i = 0; i < n && grid < 0; i++)
    for (guint v = 0; v < p->n_units; v++)
      {
        double dx = in->x[v] - in->x[members[i]], dy = in->y[v] - in->y[members[i]];

        if (p->assign[v] >= 0 && !p->grid_frozen[p->assign[v]] && dx * dx + dy * dy < best)
          {
            best = dx * dx + dy * dy;
            grid = p->assign[v];
          }
      }
  if (grid < 0)
    return FALSE;
  for (guint i = 0; i < n; i++)
    grid_add (p, members[i], grid);
  return TRUE;
}

/* Minimal change */

/* Parts of a grid cut off from its heaviest part lose their grid, to be
 * grown into the grids around them. */
static void
detach_islands (Partition *p)
{
  const GwPartitionInput *in = p->input;
  g_autofree guint *part = g_new (guint, p->n_units);
  g_autoptr (GArray) part_weight = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree guint *best = g_new (guint, p->capacity);

  for (guint k = 0; k < p->capacity; k++)
    best[k] = G_MAXUINT;
  for (guint i = 0; i < p->n_units; i++)
    part[i] = G_MAXUINT;
  for (guint s = 0; s < p->n_units; s++)
    {
      gint grid = p->assign[s];
      guint head = 0, tail = 0, id = part_weight->len;
      double weight = 0;

      if (grid < 0 || p->grid_frozen[grid] || part[s] != G_MAXUINT)
        continue;
      part[s] = id;
      p->queue[tail++] = s;
      while (head < tail)
        {
          guint here = p->queue[head++];

          weight += in->weight[here];
          for (guint j = in->adj_start[here]; j < in->adj_start[here + 1]; j++)
            if (p->assign[in->adj[j]] == grid && part[in->adj[j]] == G_MAXUINT)
              {
                part[in->adj[j]] = id;
                p->queue[tail++] = in->adj[j];
              }
        }
      g_array_append_val (part_weight, weight);
      if (best[grid] == G_MAXUINT || weight > g_array_index (part_weight, double, best[grid]))
        best[grid] = id;
    }
  for (guint i = 0; i < p->n_units; i++)
    if (part[i] != G_MAXUINT && part[i] != best[p->assign[i]])
      p->assign[i] = -1;
  partition_recount (p);
}

/* Units without a grid join an adjacent grid, layer by layer from the
 * grids: the lightest that stays under the maximum, else the lightest. */
static void
grow_unassigned (Partition *p)
{
  const GwPartitionInput *in = p->input;
  g_autoptr (GArray) frontier = g_array_new (FALSE, FALSE, sizeof (guint));

  for (;;)
    {
      g_array_set_size (frontier, 0);
      for (guint u = 0; u < p->n_units; u++)
        if (p->assign[u] < 0 && !p->unit_frozen[u])
          for (guint j = in->adj_start[u]; j < in->adj_start[u + 1]; j++)
            {
              gint grid = p->assign[in->adj[j]];

              if (grid >= 0 && !p->grid_frozen[grid])
                {
                  g_array_append_val (frontier, u);
                  break;
                }
            }
      if (frontier->len == 0)
        break;
      for (guint f = 0; f < frontier->len; f++)
        {
          guint u = g_array_index (frontier, guint, f);
          gint grids[MAX_NEIGHBOUR_GRIDS], best = -1;
          guint n_grids = neighbour_grids (p, u, grids, MAX_NEIGHBOUR_GRIDS);
          gboolean best_fits = FALSE;

          for (guint k = 0; k < n_grids; k++)
            {
              gboolean fits = p->grid_weight[grids[k]] + in->weight[u] <= p->options->max;

              if (best < 0 || (fits && !best_fits)
                  || (fits == best_fits && p->grid_weight[grids[k]] < p->grid_weight[best]))
                {
                  best = grids[k];
                  best_fits = fits;
                }
            }
          grid_add (p, u, best);
        }
    }
}

/* The grids of a component, in index order. */
static guint
component_grids (Partition   *p,
                 const guint *units,
                 guint        n,
                 gint        *grids)
{
  g_autofree gboolean *seen = g_new0 (gboolean, p->capacity);
  guint n_grids = 0;

  for (guint i = 0; i < n; i++)
    {
      gint grid = p->assign[units[i]];

      if (grid >= 0 && !seen[grid])
        {
          seen[grid] = TRUE;
          grids[n_grids++] = grid;
        }
    }
  return n_grids;
}

/* Cuts @grid in two; the heavier half keeps its index. */
static void
split_grid (Partition   *p,
            const guint *units,
            guint        n,
            gint         grid)
{
  g_autofree guint *members = g_new (guint, n);
  guint n_members = 0, label = p->n_slots, next_label = label;
  double weight[2] = { 0, 0 };

  for (guint i = 0; i < n; i++)
    if (p->assign[units[i]] == grid)
      members[n_members++] = units[i];
  bisect (p, members, n_members, 2, &next_label);
  for (guint i = 0; i < n_members; i++)
    weight[p->assign[members[i]] - label] += p->input->weight[members[i]];
  for (guint i = 0; i < n_members; i++)
    {
      gboolean heavier = (guint) p->assign[members[i]] == label + (weight[1] > weight[0]);

      p->assign[members[i]] = heavier ? grid : (gint) label;
    }
  p->n_slots = label + 1;
  partition_recount (p);
}

static void
dissolve_grid (Partition   *p,
               const guint *units,
               guint        n,
               gint         grid)
{
  for (guint i = 0; i < n; i++)
    if (p->assign[units[i]] == grid)
      p->assign[units[i]] = -1;
  partition_recount (p);
  grow_unassigned (p);
}

/* Room (below the maximum) and spare weight (above the minimum) of the
 * grids next to @grid. */
static void
neighbour_room (Partition   *p,
                const guint *units,
                guint        n,
                gint         grid,
                double      *room,
                double      *spare)
{
  const GwPartitionInput *in = p->input;
  g_autofree gboolean *seen = g_new0 (gboolean, p->capacity);

  *room = 0;
  *spare = 0;
  for (guint i = 0; i < n; i++)
    {
      if (p->assign[units[i]] != grid)
        continue;
      for (guint j = in->adj_start[units[i]]; j < in->adj_start[units[i] + 1]; j++)
        {
          gint other = p->assign[in->adj[j]];

          if (other < 0 || other == grid || p->grid_frozen[other] || seen[other])
            continue;
          seen[other] = TRUE;
          *room += MAX (0, p->options->max - p->grid_weight[other]);
          *spare += MAX (0, p->grid_weight[other] - p->options->min);
        }
    }
}

/* One change of the number of grids in a component, if it needs one: the
 * count it must reach first, then a grid its neighbours cannot relieve
 * (split) or fill (dissolve) — or, when @forced (the moves could not), any
 * grid still outside the band that a split or a dissolution would fix. */
static gboolean
adjust_component (Partition   *p,
                  const guint *units,
                  guint        n,
                  guint       *target,
                  gboolean     forced)
{
  const GwPartitionOptions *opt = p->options;
  g_autofree gint *grids = g_new (gint, p->n_slots + 1);
  guint n_grids = component_grids (p, units, n, grids), lo, hi;
  gint heaviest = -1, lightest = -1;

  count_range (p, units_weight (p, units, n), n, &lo, &hi);
  for (guint k = 0; k < n_grids; k++)
    {
      if (p->grid_units[grids[k]] >= 2
          && (heaviest < 0 || p->grid_weight[grids[k]] > p->grid_weight[heaviest]))
        heaviest = grids[k];
      if (lightest < 0 || p->grid_weight[grids[k]] < p->grid_weight[lightest])
        lightest = grids[k];
    }
  if (n_grids < *target && heaviest >= 0)
    {
      split_grid (p, units, n, heaviest);
      return TRUE;
    }
  if (n_grids > *target && n_grids > 1)
    {
      dissolve_grid (p, units, n, lightest);
      return TRUE;
    }
  if (opt->n_grids > 0)
    return FALSE;
  for (guint k = 0; k < n_grids; k++)
    {
      gint grid = grids[k];
      double weight = p->grid_weight[grid], room, spare;

      if (weight >= opt->min && weight <= opt->max)
        continue;
      neighbour_room (p, units, n, grid, &room, &spare);
      if (weight > opt->max && weight >= 2 * opt->min && n_grids < hi
          && p->grid_units[grid] >= 2 && (forced || weight - opt->max > room / 2))
        {
          split_grid (p, units, n, grid);
          (*target)++;
          return TRUE;
        }
      if (weight < opt->min && n_grids > lo && n_grids > 1
          && (forced || opt->min - weight > spare / 2) && room >= weight)
        {
          dissolve_grid (p, units, n, grid);
          (*target)--;
          return TRUE;
        }
    }
  return FALSE;
}

static void
suggest_minimal_change (Partition *p)
{
  g_autofree guint *start = NULL;
  g_autofree guint *units = NULL;
  g_autofree guint *counts = NULL;
  guint n_components, n_frozen = 0, wanted = 0, next_label;

  for (guint i = 0; i < p->n_units; i++)
    p->assign[i] = current_grid (p->input, i);
  partition_recount (p);
  for (guint k = 0; k < p->input->n_current; k++)
    n_frozen += p->grid_frozen[k] && p->grid_units[k] > 0;
  if (p->options->n_grids > 0)
    wanted = p->options->n_grids > n_frozen ? p->options->n_grids - n_frozen : 1;
  detach_islands (p);
  n_components = free_components (p, &start, &units);
  counts = g_new (guint, n_components + 1);
  allocate_counts (p, n_components, start, units, wanted, counts);

  /* A part of the community with no grid at all gets new grids. */
  next_label = p->n_slots;
  for (guint c = 0; c < n_components; c++)
    {
      guint *members = units + start[c], n = start[c + 1] - start[c];
      gboolean assigned = FALSE;

      for (guint i = 0; i < n && !assigned; i++)
        assigned = p->assign[members[i]] >= 0;
      if (!assigned && !(component_is_small (p, n_components, members, n)
                         && attach_component (p, members, n, TRUE)))
        bisect (p, members, n, counts[c], &next_label);
    }
  partition_recount (p);
  grow_unassigned (p);

  /* Without a count asked for, a component keeps its number of grids if
   * that is feasible. */
  for (guint c = 0; c < n_components && wanted == 0; c++)
    {
      guint *members = units + start[c], n = start[c + 1] - start[c], lo, hi;
      g_autofree gint *grids = g_new (gint, p->n_slots + 1);

      count_range (p, units_weight (p, members, n), n, &lo, &hi);
      counts[c] = CLAMP (component_grids (p, members, n, grids), lo, hi);
    }
  for (guint c = 0; c < n_components; c++)
    for (guint round = 0; round < start[c + 1] - start[c]; round++)
      if (!adjust_component (p, units + start[c], start[c + 1] - start[c], &counts[c], FALSE))
        break;
  partition_recount (p);
  repair_band (p);

  /* What moves could not fix: a split or a dissolution after all. */
  for (guint c = 0; c < n_components; c++)
    for (guint round = 0; round < start[c + 1] - start[c]; round++)
      {
        if (!adjust_component (p, units + start[c], start[c + 1] - start[c], &counts[c], TRUE))
          break;
        repair_band (p);
      }
  improve_compactness (p);
  repair_band (p);
}

typedef struct
{
  guint label, current, count;
} Overlap;

static int
overlap_compare (const void *a,
                 const void *b)
{
  const Overlap *overlap_a = a, *overlap_b = b;

  if (overlap_a->label != overlap_b->label)
    return overlap_a->label < overlap_b->label ? -1 : 1;
  return (overlap_a->current > overlap_b->current) - (overlap_a->current < overlap_b->current);
}

static int
overlap_compare_count (const void *a,
                       const void *b)
{
  const Overlap *overlap_a = a, *overlap_b = b;

  if (overlap_a->count != overlap_b->count)
    return overlap_a->count > overlap_b->count ? -1 : 1;
  return overlap_compare (a, b);
}

/* New grids take the index of the current grid they share most units with
 * (greedily, largest overlap first), so that codes survive where a grid
 * does; the others come after the current grids. */
static void
relabel (Partition *p,
         guint      first_label)
{
  guint n_current = p->input->n_current, n_labels = p->n_slots - first_label, n_new = 0;
  g_autoptr (GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Overlap));
  g_autofree gint *target = g_new (gint, n_labels + 1);
  g_autofree gboolean *taken = g_new0 (gboolean, n_current + 1);
  guint n_runs = 0;

  for (guint i = 0; i < p->n_units; i++)
    {
      gint current = current_grid (p->input, i);
      Overlap pair = { p->assign[i] - first_label, current, 1 };

      if (p->assign[i] >= (gint) first_label && current >= 0 && !p->grid_frozen[current])
        g_array_append_val (pairs, pair);
    }
  qsort (pairs->data, pairs->len, sizeof (Overlap), overlap_compare);
  for (guint i = 0; i < pairs->len; i++)
    {
      Overlap *pair = &g_array_index (pairs, Overlap, i);
      Overlap *run = &g_array_index (pairs, Overlap, n_runs > 0 ? n_runs - 1 : 0);

      if (n_runs > 0 && run->label == pair->label && run->current == pair->current)
        run->count++;
      else
        g_array_index (pairs, Overlap, n_runs++) = *pair;
    }
  qsort (pairs->data, n_runs, sizeof (Overlap), overlap_compare_count);
  for (guint l = 0; l < n_labels; l++)
    target[l] = -1;
  for (guint i = 0; i < n_runs; i++)
    {
      const Overlap *run = &g_array_index (pairs, Overlap, i);

      if (target[run->label] < 0 && !taken[run->current])
        {
          target[run->label] = run->current;
          taken[run->current] = TRUE;
        }
    }
  for (guint l = 0; l < n_labels; l++)
    if (target[l] < 0)
      target[l] = n_current + n_new++;
  for (guint i = 0; i < p->n_units; i++)
    if (p->assign[i] >= (gint) first_label)
      p->assign[i] = target[p->assign[i] - first_label];
  p->n_slots = n_current + n_new;
  partition_recount (p);
}

static void
suggest_from_scratch (Partition *p)
{
  g_autofree guint *start = NULL;
  g_autofree guint *units = NULL;
  g_autofree guint *counts = NULL;
  g_autofree gboolean *small = NULL;
  guint n_components, n_frozen = 0, wanted = 0, first_label = p->input->n_current, next_label;
  guint largest = G_MAXUINT;

  for (guint i = 0; i < p->n_units; i++)
    p->assign[i] = p->unit_frozen[i] ? current_grid (p->input, i) : -1;
  partition_recount (p);
  for (guint k = 0; k < p->input->n_current; k++)
    n_frozen += p->grid_frozen[k] && p->grid_units[k] > 0;
  if (p->options->n_grids > 0)
    wanted = p->options->n_grids > n_frozen ? p->options->n_grids - n_frozen : 1;
  n_components = free_components (p, &start, &units);
  counts = g_new (guint, n_components + 1);
  allocate_counts (p, n_components, start, units, wanted, counts);
  small = g_new0 (gboolean, n_components + 1);
  for (guint c = 0; c < n_components; c++)
    {
      small[c] = component_is_small (p, n_components, units + start[c], start[c + 1] - start[c]);
      if (!small[c]
          && (largest == G_MAXUINT || start[c + 1] - start[c] > start[largest + 1] - start[largest]))
        largest = c;
    }
  next_label = first_label;
  for (guint c = 0; c < n_components; c++)
    {
      if (small[c] && largest != G_MAXUINT)
        {
          /* Its share of a count asked for goes to the largest part. */
          if (wanted > 0)
            counts[largest] += counts[c];
          continue;
        }
      small[c] = FALSE;
    }
  for (guint c = 0; c < n_components; c++)
    if (!small[c])
      bisect (p, units + start[c], start[c + 1] - start[c], counts[c], &next_label);
  partition_recount (p);
  for (guint c = 0; c < n_components; c++)
    if (small[c] && !attach_component (p, units + start[c], start[c + 1] - start[c], FALSE))
      bisect (p, units + start[c], start[c + 1] - start[c], 1, &next_label);
  partition_recount (p);
  anneal (p);
  repair_band (p);
  improve_compactness (p);
  repair_band (p);
  relabel (p, first_label);
}

/**
 * gw_partition_suggest:
 * @input: the planning units of a community (or a selection of grids)
 * @options: band, number of grids, mode and seed
 * @assignment: (out caller-allocates) (array): receives each unit's grid,
 *   0 … n_grids − 1. Grid k < n_current keeps the identity of current grid
 *   k where it survives; new grids come from n_current on; a current grid
 *   that does not survive leaves its index empty (report->n_empty).
 * @report: (out caller-allocates) (nullable): the quality of the result
 * @error: return location for a #GError
 *
 * Proposes contiguous, compact grids inside the band: from scratch, or
 * (by default) changing as few units as possible from the current grids.
 * Locked units, and the grids that hold them, stay as they are. The same
 * input, options and seed give the same result.
 *
 * Returns: %FALSE only for invalid input; an infeasible band still gives
 *   the best partition found, and the report says how many grids are
 *   outside it.
 */
gboolean
gw_partition_suggest (const GwPartitionInput   *input,
                      const GwPartitionOptions *options,
                      gint                     *assignment,
                      GwPartitionReport        *report,
                      GError                  **error)
{
  g_auto (Partition) p = { 0 };

  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (assignment != NULL || input->n_units == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!gw_partition_check (input, error) || !check_options (input, options, error))
    return FALSE;
  if (input->n_units > 0)
    {
      partition_init (&p, input, options, assignment);
      if (options->from_scratch)
        suggest_from_scratch (&p);
      else
        suggest_minimal_change (&p);
    }
  if (report != NULL)
    gw_partition_report (input, options, assignment, report);
  return TRUE;
}
