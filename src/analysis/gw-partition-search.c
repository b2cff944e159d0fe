/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-partition"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "gw-partition-private.h"

/* The search of the method described in gw-partition.c: spanning-tree
 * bisection, band repair (best-first moves and ejection chains),
 * compactness and annealing. */

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
  guint stamp = gw_partition_next_stamp (p), best_rank = G_MAXUINT;
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
                           gw_partition_road_length (p, j) > 0 ? -in->shared[j] : in->shared[j], 0 };

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
void
gw_partition_bisect (Partition *p,
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
      gw_partition_bisect (p, units, n, k - 1, next_label);
      return;
    }
  gw_partition_bisect (p, parts, n_side, k_side, next_label);
  gw_partition_bisect (p, parts + n_side, n_other, k - k_side, next_label);
}

/* Local search */


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
  gw_partition_grid_remove (p, unit);
  gw_partition_grid_add (p, unit, to);
}


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

          if (!gw_partition_movable (p, u) || p->grid_units[p->assign[u]] <= 1)
            continue;
          n_grids = gw_partition_neighbour_grids (p, u, grids, MAX_NEIGHBOUR_GRIDS);
          for (guint k = 0; k < n_grids; k++)
            {
              double band, rest;

              gw_partition_move_delta (p, u, grids[k], &band, &rest);
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

          if (gw_partition_can_leave (p, move->unit))
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
  stamp = gw_partition_next_stamp (p);
  for (guint u = 0; u < p->n_units; u++)
    if (p->assign[u] == giver && gw_partition_movable (p, u))
      for (guint j = in->adj_start[u]; j < in->adj_start[u + 1]; j++)
        if (p->assign[in->adj[j]] == taker && p->mark[u] != stamp)
          {
            p->mark[u] = stamp;
            g_array_append_val (frontier, u);
          }
  stamp = gw_partition_next_stamp (p);
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
          if (p->assign[in->adj[j]] == giver && gw_partition_movable (p, in->adj[j])
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

      if (!gw_partition_movable (p, u))
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
      total += gw_partition_band_violation (p, p->grid_weight[k]);
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
void
gw_partition_repair_band (Partition *p)
{
  g_autofree gint *order = g_new (gint, p->capacity);

  for (guint round = 0; round < p->n_slots; round++)
    {
      guint n = 0;
      gboolean pushed = FALSE;

      improve_band (p);
      for (guint k = 0; k < p->n_slots; k++)
        if (p->grid_units[k] > 0 && !p->grid_frozen[k]
            && gw_partition_band_violation (p, p->grid_weight[k]) > EPSILON)
          {
            guint i = n++;

            /* Insertion by violation, the worst first. */
            for (; i > 0 && gw_partition_band_violation (p, p->grid_weight[order[i - 1]])
                            < gw_partition_band_violation (p, p->grid_weight[k]); i--)
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
  guint n_grids = gw_partition_neighbour_grids (p, unit, grids, MAX_NEIGHBOUR_GRIDS);
  double best = -EPSILON;

  for (guint k = 0; k < n_grids; k++)
    {
      double band, rest;

      gw_partition_move_delta (p, unit, grids[k], &band, &rest);
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
void
gw_partition_improve_compactness (Partition *p)
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

          if (!gw_partition_movable (p, u) || p->grid_units[p->assign[u]] <= 1)
            continue;
          if (best_compact_move (p, u, &to) && gw_partition_can_leave (p, u))
            {
              apply_move (p, u, to);
              n_moved++;
            }
        }
      if (n_moved == 0)
        break;
    }
  gw_partition_recount (p);
}

/* Simulated annealing on the cost, the band violation never growing. */
void
gw_partition_anneal (Partition *p)
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
      if (degree == 0 || !gw_partition_movable (p, u) || p->grid_units[p->assign[u]] <= 1)
        continue;
      v = in->adj[in->adj_start[u] + g_rand_int_range (p->rand, 0, degree)];
      to = p->assign[v];
      if (to < 0 || to == p->assign[u] || p->grid_frozen[to])
        continue;
      gw_partition_move_delta (p, u, to, &band, &rest);
      if (band > EPSILON)
        continue;
      if (band >= -EPSILON && rest > 0
          && g_rand_double (p->rand) >= exp (-rest / temperature))
        continue;
      if (gw_partition_can_leave (p, u))
        apply_move (p, u, to);
    }
  gw_partition_recount (p);
}
