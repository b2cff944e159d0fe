/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-partition"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "gw-partition-private.h"

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


G_DEFINE_QUARK (gw-partition-error-quark, gw_partition_error)

/* Validation */

static gboolean
finite_nonnegative (double value)
{
  return isfinite (value) && value >= 0;
}

gint
gw_partition_current_grid (const GwPartitionInput *input,
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
      gint grid = gw_partition_current_grid (input, i);

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
      if (assignment[i] != gw_partition_current_grid (input, i) || assignment[i] < 0)
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

guint
gw_partition_next_stamp (Partition *p)
{
  if (++p->mark_id == 0)
    {
      memset (p->mark, 0, p->n_units * sizeof (guint));
      p->mark_id = 1;
    }
  return p->mark_id;
}

double
gw_partition_road_length (const Partition *p,
             guint            edge)
{
  const GwPartitionInput *in = p->input;

  return in->blocked != NULL && in->blocked[edge] ? in->shared[edge] : 0;
}

double
gw_partition_band_violation (const Partition *p,
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
      gint grid = gw_partition_current_grid (input, i);

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
        *road += gw_partition_road_length (p, j);
      }
}

void
gw_partition_grid_remove (Partition *p,
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

void
gw_partition_grid_add (Partition *p,
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
void
gw_partition_recount (Partition *p)
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
void
gw_partition_move_delta (const Partition *p,
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
  gint current = gw_partition_current_grid (in, unit);

  shared_with (p, unit, from, &shared_from, &road_from);
  shared_with (p, unit, to, &shared_to, &road_to);
  *band = gw_partition_band_violation (p, p->grid_weight[from] - weight)
          + gw_partition_band_violation (p, p->grid_weight[to] + weight)
          - gw_partition_band_violation (p, p->grid_weight[from]) - gw_partition_band_violation (p, p->grid_weight[to]);
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
gboolean
gw_partition_can_leave (Partition *p,
           guint      unit)
{
  const GwPartitionInput *in = p->input;
  gint grid = p->assign[unit];
  guint target, visited, remaining = 0, head = 0, tail = 0;

  if (p->grid_units[grid] <= 1)
    return FALSE;
  target = gw_partition_next_stamp (p);
  for (guint j = in->adj_start[unit]; j < in->adj_start[unit + 1]; j++)
    if (p->assign[in->adj[j]] == grid && p->mark[in->adj[j]] != target)
      {
        p->mark[in->adj[j]] = target;
        if (remaining++ == 0)
          p->queue[tail++] = in->adj[j];
      }
  if (remaining <= 1)
    return TRUE;
  visited = gw_partition_next_stamp (p);
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

gboolean
gw_partition_movable (const Partition *p,
         guint            unit)
{
  return !p->unit_frozen[unit] && p->assign[unit] >= 0;
}

/* The distinct grids next to @unit that it may move into. */
guint
gw_partition_neighbour_grids (const Partition *p,
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
        gw_partition_suggest_from_scratch (&p);
      else
        gw_partition_suggest_minimal_change (&p);
    }
  if (report != NULL)
    gw_partition_report (input, options, assignment, report);
  return TRUE;
}
