/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-render-plan"

#include "config.h"

#include "gw-render-plan.h"

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const guint *pa = a, *pb = b;

  return (pa[0] > pb[0]) - (pa[0] < pb[0]);
}

/* Four shades given greedily in key order so that grids sharing a
 * boundary differ where they can: one pass over the lots' boundaries
 * collects which grids touch, sorted by the higher key. */
static guint *
grid_shades (GwPlan *plan)
{
  GwPlanData *data = gw_plan_get_data (plan);
  guint n_grids = data->grids->len, n = data->units->len;
  const guint *start = (const guint *) data->adj_start->data;
  const guint *adj = (const guint *) data->adj->data;
  guint *shade = g_new0 (guint, MAX (n_grids, 1));
  g_autoptr (GArray) pairs = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint u = 0; u < n; u++)
    {
      gint k = gw_plan_grid_of_unit (plan, u);

      for (guint e = start[u]; k >= 0 && e < start[u + 1]; e++)
        {
          gint other = gw_plan_grid_of_unit (plan, adj[e]);
          guint pair[2] = { k, other };

          if (other < 0 || other >= k
              || !g_hash_table_add (seen, GSIZE_TO_POINTER ((gsize) k * n_grids + other + 1)))
            continue;
          g_array_append_val (pairs, pair);
        }
    }
  g_array_sort (pairs, compare_pairs);
  for (guint k = 0, i = 0; k < n_grids; k++)
    {
      guint mask = 0;

      for (; i < pairs->len && g_array_index (pairs, guint, 2 * i) == k; i++)
        mask |= 1u << shade[g_array_index (pairs, guint, 2 * i + 1)];
      for (shade[k] = 0; shade[k] < 3 && (mask & (1u << shade[k])); shade[k]++)
        ;
    }
  return shade;
}

GHashTable *
gw_render_plan_paint (GwPlan     *plan,
                      gint        target,
                      GHashTable *pending)
{
  GHashTable *paint = g_hash_table_new (NULL, NULL);
  GwPlanData *data;
  GArray *rows;
  g_autofree guint *shade = NULL;

  g_return_val_if_fail (GW_IS_PLAN (plan), paint);

  data = gw_plan_get_data (plan);
  rows = gw_plan_get_rows (plan);
  shade = grid_shades (plan);
  for (guint u = 0; u < data->units->len; u++)
    {
      const GwPlanUnit *unit = &g_array_index (data->units, GwPlanUnit, u);
      gint key = gw_plan_grid_of_unit (plan, u);
      guint band = GW_PLAN_PAINT_EMPTY, flags = 0, tint = 0;

      if (key >= 0)
        {
          const GwPlanRow *row = &g_array_index (rows, GwPlanRow, key);
          const GwPlanGrid *grid = &g_array_index (data->grids, GwPlanGrid, key);

          band = row->band == GW_PLAN_BAND_UNDER ? GW_PLAN_PAINT_UNDER
                 : row->band == GW_PLAN_BAND_OVER ? GW_PLAN_PAINT_OVER : GW_PLAN_PAINT_INSIDE;
          tint = shade[key];
          if (row->parts > 1)
            flags |= GW_PLAN_PAINT_ISLAND;
          if (grid->grid_id != unit->live_grid_id)
            flags |= GW_PLAN_PAINT_CHANGED;
          if (key == target)
            flags |= GW_PLAN_PAINT_TARGET;
        }
      if (pending != NULL && g_hash_table_contains (pending, GUINT_TO_POINTER (u)))
        flags |= GW_PLAN_PAINT_PENDING;
      g_hash_table_insert (paint, GSIZE_TO_POINTER ((gsize) unit->lot_id),
                           GW_PLAN_PAINT (band, tint, flags));
    }
  return paint;
}
