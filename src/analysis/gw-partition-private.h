/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gw-partition.h"

G_BEGIN_DECLS

/* Shared by the partition's files: gw-partition.c (checks, figures, the
 * working state and single moves), gw-partition-search.c (spanning-tree
 * bisection, band repair with ejection chains, compactness, annealing) and
 * gw-partition-modes.c (from scratch and minimal change). The method is
 * described at the top of gw-partition.c. */

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
#define MAX_NEIGHBOUR_GRIDS   32

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

typedef struct
{
  double score;
  guint  unit;
  gint   to;
} Move;

gint
gw_partition_current_grid (const GwPartitionInput *input,
                           guint                   unit);

guint
gw_partition_next_stamp (Partition *p);

double
gw_partition_road_length (const Partition *p,
                          guint            edge);

double
gw_partition_band_violation (const Partition *p,
                             double           weight);

void
gw_partition_grid_remove (Partition *p,
                          guint      unit);

void
gw_partition_grid_add (Partition *p,
                       guint      unit,
                       gint       grid);

void
gw_partition_recount (Partition *p);

void
gw_partition_move_delta (const Partition *p,
                         guint            unit,
                         gint             to,
                         double          *band,
                         double          *rest);

gboolean
gw_partition_can_leave (Partition *p,
                        guint      unit);

gboolean
gw_partition_movable (const Partition *p,
                      guint            unit);

guint
gw_partition_neighbour_grids (const Partition *p,
                              guint            unit,
                              gint            *grids,
                              guint            max_grids);

void
gw_partition_bisect (Partition *p,
                     guint     *units,
                     guint      n,
                     guint      k,
                     guint     *next_label);

void
gw_partition_repair_band (Partition *p);

void
gw_partition_improve_compactness (Partition *p);

void
gw_partition_anneal (Partition *p);

void
gw_partition_suggest_minimal_change (Partition *p);

void
gw_partition_suggest_from_scratch (Partition *p);

G_END_DECLS
