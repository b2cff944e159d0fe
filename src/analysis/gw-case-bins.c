/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-case-bins"

#include "config.h"

#include <math.h>

#include "gw-case-bins.h"
#include "gw-geometry.h"

/* A bin while cases are added: the sums, averaged at the end. */
typedef struct
{
  GwCaseBin bin;
  double    sum_x, sum_y;
} Accumulator;

static guint
accumulator_hash (gconstpointer key)
{
  const GwCaseBin *bin = key;

  return (guint) (bin->column * 73856093) ^ (guint) (bin->row * 19349663);
}

static gboolean
accumulator_equal (gconstpointer a,
                   gconstpointer b)
{
  const GwCaseBin *bin_a = a, *bin_b = b;

  return bin_a->column == bin_b->column && bin_a->row == bin_b->row;
}

static int
bin_compare (gconstpointer a,
             gconstpointer b)
{
  const GwCaseBin *bin_a = a, *bin_b = b;

  if (bin_a->row != bin_b->row)
    return bin_a->row < bin_b->row ? -1 : 1;
  return (bin_a->column > bin_b->column) - (bin_a->column < bin_b->column);
}

/**
 * gw_case_bins_compute:
 * @points: (array length=n_points): the cases
 * @n_points: how many
 * @bin_size: the side of a bin in mercator metres, > 0
 *
 * Counts @points per bin and class. A bin's column and row are counted
 * from the world's north-west corner, so they depend only on a case's
 * position and @bin_size.
 *
 * Returns: (transfer full) (element-type GwCaseBin): the bins that hold at
 *   least one case, north to south and then west to east (a stable order,
 *   so that overlapping bubbles are painted alike everywhere)
 */
GArray *
gw_case_bins_compute (const GwCasePoint *points,
                      guint              n_points,
                      double             bin_size)
{
  g_autoptr (GHashTable) bins = NULL;
  GArray *result;
  GHashTableIter iter;
  Accumulator *acc;

  g_return_val_if_fail (points != NULL || n_points == 0, NULL);
  g_return_val_if_fail (bin_size > 0, NULL);

  /* The key is the accumulator's first member. */
  bins = g_hash_table_new_full (accumulator_hash, accumulator_equal, g_free, NULL);
  for (guint i = 0; i < n_points; i++)
    {
      const GwCasePoint *point = &points[i];
      GwCaseBin key = {
        .column = (gint64) floor ((point->x + GW_MERCATOR_HALF_WORLD) / bin_size),
        .row = (gint64) floor ((GW_MERCATOR_HALF_WORLD - point->y) / bin_size),
      };

      acc = g_hash_table_lookup (bins, &key);
      if (acc == NULL)
        {
          acc = g_new0 (Accumulator, 1);
          acc->bin = key;
          g_hash_table_add (bins, acc);
        }
      acc->bin.count[CLAMP (point->klass, 0, GW_CASE_BIN_N_CLASSES - 1)]++;
      acc->bin.n_cases++;
      if (point->overdue)
        acc->bin.n_overdue++;
      acc->sum_x += point->x;
      acc->sum_y += point->y;
    }

  result = g_array_sized_new (FALSE, FALSE, sizeof (GwCaseBin), g_hash_table_size (bins));
  g_hash_table_iter_init (&iter, bins);
  while (g_hash_table_iter_next (&iter, (gpointer *) &acc, NULL))
    {
      acc->bin.x = acc->sum_x / acc->bin.n_cases;
      acc->bin.y = acc->sum_y / acc->bin.n_cases;
      g_array_append_val (result, acc->bin);
    }
  g_array_sort (result, bin_compare);
  return result;
}
