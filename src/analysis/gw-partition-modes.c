/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-partition"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "gw-partition-private.h"

/* The two modes of the auto-suggest: minimal change (islands, units without
 * a grid, grid counts, then repair) and from scratch (recursive bisection,
 * then relabelling so that grids keep the identity of the current ones). */

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
  guint stamp = gw_partition_next_stamp (p), n_components = 0, tail = 0;

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
      gint current = gw_partition_current_grid (in, members[i]);

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
    gw_partition_grid_add (p, members[i], grid);
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
  gw_partition_recount (p);
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
          guint n_grids = gw_partition_neighbour_grids (p, u, grids, MAX_NEIGHBOUR_GRIDS);
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
          gw_partition_grid_add (p, u, best);
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
  gw_partition_bisect (p, members, n_members, 2, &next_label);
  for (guint i = 0; i < n_members; i++)
    weight[p->assign[members[i]] - label] += p->input->weight[members[i]];
  for (guint i = 0; i < n_members; i++)
    {
      gboolean heavier = (guint) p->assign[members[i]] == label + (weight[1] > weight[0]);

      p->assign[members[i]] = heavier ? grid : (gint) label;
    }
  p->n_slots = label + 1;
  gw_partition_recount (p);
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
  gw_partition_recount (p);
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

void
gw_partition_suggest_minimal_change (Partition *p)
{
  g_autofree guint *start = NULL;
  g_autofree guint *units = NULL;
  g_autofree guint *counts = NULL;
  guint n_components, n_frozen = 0, wanted = 0, next_label;

  for (guint i = 0; i < p->n_units; i++)
    p->assign[i] = gw_partition_current_grid (p->input, i);
  gw_partition_recount (p);
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
        gw_partition_bisect (p, members, n, counts[c], &next_label);
    }
  gw_partition_recount (p);
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
  gw_partition_recount (p);
  gw_partition_repair_band (p);

  /* What moves could not fix: a split or a dissolution after all. */
  for (guint c = 0; c < n_components; c++)
    for (guint round = 0; round < start[c + 1] - start[c]; round++)
      {
        if (!adjust_component (p, units + start[c], start[c + 1] - start[c], &counts[c], TRUE))
          break;
        gw_partition_repair_band (p);
      }
  gw_partition_improve_compactness (p);
  gw_partition_repair_band (p);
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
      gint current = gw_partition_current_grid (p->input, i);
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
  gw_partition_recount (p);
}

void
gw_partition_suggest_from_scratch (Partition *p)
{
  g_autofree guint *start = NULL;
  g_autofree guint *units = NULL;
  g_autofree guint *counts = NULL;
  g_autofree gboolean *small = NULL;
  guint n_components, n_frozen = 0, wanted = 0, first_label = p->input->n_current, next_label;
  guint largest = G_MAXUINT;

  for (guint i = 0; i < p->n_units; i++)
    p->assign[i] = p->unit_frozen[i] ? gw_partition_current_grid (p->input, i) : -1;
  gw_partition_recount (p);
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
      gw_partition_bisect (p, units + start[c], start[c + 1] - start[c], counts[c], &next_label);
  gw_partition_recount (p);
  for (guint c = 0; c < n_components; c++)
    if (small[c] && !attach_component (p, units + start[c], start[c + 1] - start[c], FALSE))
      gw_partition_bisect (p, units + start[c], start[c + 1] - start[c], 1, &next_label);
  gw_partition_recount (p);
  gw_partition_anneal (p);
  gw_partition_repair_band (p);
  gw_partition_improve_compactness (p);
  gw_partition_repair_band (p);
  relabel (p, first_label);
}
