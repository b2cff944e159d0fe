/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Cases counted on a square grid of bins anchored to the Web Mercator
 * world, not to a view: the same case falls in the same bin whichever tile,
 * page or window asks, so neighbouring map tiles agree on every bin. The
 * map draws a bubble per bin at low zoom; statistics can use the same
 * counts. A pure computation: no store, no drawing. */

/* Tiers A, B and C. */
#define GW_CASE_BIN_N_CLASSES 3

typedef struct
{
  double   x, y;       /* Web Mercator metres */
  int      klass;      /* 0 … GW_CASE_BIN_N_CLASSES − 1; others count as the
                          nearest class */
  gboolean overdue;
} GwCasePoint;

typedef struct
{
  gint64 column;       /* bins east of the world's west edge (−180°) */
  gint64 row;          /* bins south of the world's north edge */
  guint  count[GW_CASE_BIN_N_CLASSES];
  guint  n_cases;      /* the sum of @count */
  guint  n_overdue;
  double x, y;         /* the mean position of its cases (mercator) */
} GwCaseBin;

GArray *gw_case_bins_compute (const GwCasePoint *points,
                              guint              n_points,
                              double             bin_size);

G_END_DECLS
