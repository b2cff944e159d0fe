/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The planner's auto-suggest: a community's planning units (lots) cut into
 * contiguous, compact grids whose weight (households by default) lies in a
 * band. A pure computation on a graph the core prepares: no store, no
 * drawing. See gw-partition.c for the method. */

#define GW_PARTITION_ERROR (gw_partition_error_quark ())

/**
 * GwPartitionError:
 * @GW_PARTITION_ERROR_INVALID: the input or the options are wrong (a
 *   negative weight, an empty band, a neighbour out of range …); the message
 *   names the unit and the reason
 */
typedef enum
{
  GW_PARTITION_ERROR_INVALID,
} GwPartitionError;

GQuark gw_partition_error_quark (void);

/* A community (or a selection of grids) as a graph of planning units (lots). */
typedef struct
{
  guint           n_units;
  const double   *weight;    /* what is balanced per unit: households by default */
  const double   *x, *y;     /* unit centroid, metres in a local plane (east, north) */
  const double   *area;      /* m² */
  const double   *perimeter; /* m, of the unit's outer boundary */
  /* Adjacency (units sharing a boundary of positive length), CSR: the neighbours of unit i are
   * adj[adj_start[i] .. adj_start[i + 1]) with the shared boundary length in shared[] (m) and
   * blocked[] TRUE when a boundary road of the chosen class runs along that edge (a grid should
   * not cross it; a soft constraint with a high cost). Symmetric. blocked may be NULL. */
  const guint    *adj_start; /* n_units + 1 entries */
  const guint    *adj;
  const double   *shared;
  const gboolean *blocked;
  const gint     *current;   /* the unit's grid now (0 .. n_current - 1), or -1: none;
                              * may be NULL: no unit has a grid yet */
  guint           n_current; /* number of current grids */
  /* May be NULL; a locked unit keeps its current grid. A grid that holds a locked unit is left
   * alone as a whole (the planner's "lock grid"): no unit leaves or joins it. */
  const gboolean *locked;
} GwPartitionInput;

typedef struct
{
  double   min, max;     /* the band of weight per grid, e.g. 150, 300 households */
  /* 0: choose (≈ total / midpoint of the band, feasible; in minimal-change mode the current
   * number where feasible, a grid split or dissolved only when the others cannot absorb it).
   * Counts the grids that hold locked units too. */
  guint    n_grids;
  gboolean from_scratch; /* FALSE (default): change as few units as possible from current */
  guint64  seed;         /* deterministic for a seed */
} GwPartitionOptions;

typedef struct
{
  guint  n_grids;            /* the assignment's grids are 0 .. n_grids - 1 (≥ n_current) */
  guint  n_inside_band;      /* grids whose weight is within [min, max] */
  guint  n_islands;          /* grids made of more than one contiguous part (should be 0) */
  guint  n_changed;          /* units whose grid differs from current (-1 counts as changed) */
  double mean_polsby_popper; /* mean 4πA/P² of the grids */
  /* Added after the first API: */
  guint  n_empty;            /* grid indices below n_grids that hold no unit: current grids
                              * dissolved (or absent from the input); not counted above */
  guint  n_blocked_inside;   /* blocked edges with both units in one grid (a grid crossing a
                              * boundary road), each edge counted once */
} GwPartitionReport;

gboolean gw_partition_suggest (const GwPartitionInput   *input,
                               const GwPartitionOptions *options,
                               gint                     *assignment,
                               GwPartitionReport        *report,
                               GError                  **error);

void     gw_partition_measure (const GwPartitionInput *input,
                               const gint             *assignment,
                               guint                   n_grids,
                               double                 *weight,
                               guint                  *parts,
                               double                 *polsby_popper);

gboolean gw_partition_check   (const GwPartitionInput *input,
                               GError                **error);

void     gw_partition_report  (const GwPartitionInput   *input,
                               const GwPartitionOptions *options,
                               const gint               *assignment,
                               GwPartitionReport        *report);

G_END_DECLS
