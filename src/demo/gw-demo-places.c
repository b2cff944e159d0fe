/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-demo"

#include "config.h"

#include "gw-demo-private.h"

/* Streets, communities, grids, lots. */

static double
region_centre (Demo         *d,
               const Region *region,
               double       *e,
               double       *n)
{
  double area = 0, se = 0, sn = 0;

  for (int b = region->b0; b < region->b1; b++)
    {
      double w = d->col_x[region->x1[b]] - d->col_x[region->x0[b]];
      double h = gw_demo_band_height (d, b);

      se += w * h * (d->col_x[region->x1[b]] + d->col_x[region->x0[b]]) / 2;
      sn += w * h * (d->row_y[d->band_row[b]] + d->row_y[d->band_row[b + 1]]) / 2;
      area += w * h;
    }
  *e = se / area;
  *n = sn / area;
  return area;
}

/* North→south in rows of about @row_height metres, then west→east. */
int
gw_demo_compare_by_position (double e1, double n1, double e2, double n2, double row_height)
{
  double r1 = floor (-n1 / row_height), r2 = floor (-n2 / row_height);

  if (r1 != r2)
    return r1 < r2 ? -1 : 1;
  if (e1 != e2)
    return e1 < e2 ? -1 : 1;
  return 0;
}

typedef struct
{
  Demo   *d;
  double  row_height;
} SortContext;

static int
compare_regions (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  SortContext *ctx = user_data;
  double e1, n1, e2, n2;

  region_centre (ctx->d, a, &e1, &n1);
  region_centre (ctx->d, b, &e2, &n2);
  return gw_demo_compare_by_position (e1, n1, e2, n2, ctx->row_height);
}

static const char *
community_name (Demo         *d,
                const Region *region)
{
  static const char * const sides[] = { "东", "西", "南", "北", "新" };
  double ce, cn, width, height;
  const char *best = NULL;
  int lo = G_MAXINT, hi = 0;

  region_centre (d, region, &ce, &cn);
  gw_demo_region_extent (d, region, &width, &height);
  for (int b = region->b0; b < region->b1; b++)
    {
      lo = MIN (lo, region->x0[b]);
      hi = MAX (hi, region->x1[b]);
    }
  /* Named after the nearest named road that touches it, as communities are. */
  for (int pass = 0; pass < 1 + (int) G_N_ELEMENTS (sides); pass++)
    {
      double best_distance = G_MAXDOUBLE;

      for (guint k = 0; k < d->roads->len; k++)
        {
          Road *road = ROAD (d, k);
          double distance;
          g_autofree char *stem = NULL;
          g_autofree char *name = NULL;

          if (road->cls < ROAD_SECONDARY)
            continue;
          if (road->horizontal)
            {
              if (road->line < d->band_row[region->b0] || road->line > d->band_row[region->b1]
                  || road->to <= lo || road->from >= hi)
                continue;
              distance = fabs (d->row_y[road->line] - cn);
            }
          else
            {
              if (road->line < lo || road->line > hi
                  || road->to <= d->band_row[region->b0] || road->from >= d->band_row[region->b1])
                continue;
              distance = fabs (d->col_x[road->line] - ce);
            }
          stem = g_strdup (road->name);
          name = pass == 0 ? g_strconcat (stem, "社区", NULL)
                           : g_strconcat (stem, sides[pass - 1], "社区", NULL);
          if (distance < best_distance && !g_hash_table_contains (d->used_names, name))
            {
              best_distance = distance;
              best = gw_demo_intern (d, name);
            }
        }
      if (best != NULL)
        break;
    }
  if (best == NULL)
    {
      g_autofree char *name = g_strdup_printf ("第%u社区", d->communities->len + 1);

      best = gw_demo_intern (d, name);
    }
  g_hash_table_add (d->used_names, (gpointer) best);
  return best;
}

void
gw_demo_build_streets_and_communities (Demo *d)
{
  g_autoptr (GArray) street_regions = g_array_new (FALSE, FALSE, sizeof (Region));
  g_autofree double *street_areas = NULL;
  g_autofree int *street_communities = NULL;
  g_autofree double *community_areas = NULL;
  g_autofree int *community_grids = NULL;
  SortContext ctx = { d, 900 };

  d->streets = g_array_new (FALSE, TRUE, sizeof (Street));
  d->communities = g_array_new (FALSE, TRUE, sizeof (Community));

  gw_demo_partition (d, &d->territory, d->cfg->n_streets, street_regions);
  g_array_sort_with_data (street_regions, compare_regions, &ctx);

  street_areas = g_new (double, street_regions->len);
  street_communities = g_new (int, street_regions->len);
  for (guint s = 0; s < street_regions->len; s++)
    street_areas[s] = gw_demo_region_area (d, &g_array_index (street_regions, Region, s));
  gw_demo_apportion (street_areas, street_regions->len, d->cfg->n_communities, 1,
                     street_communities);

  for (guint s = 0; s < street_regions->len; s++)
    {
      Street street = { 0 };
      g_autoptr (GArray) parts = g_array_new (FALSE, FALSE, sizeof (Region));
      SortContext community_ctx = { d, 300 };

      street.info = &gw_demo_streets[s % gw_demo_n_streets];
      street.name = street.info->name;
      /* 市北区 370203 + the street's 3 digits. */
      g_snprintf (street.code, sizeof street.code, "%s%s", GW_DEMO_DISTRICT_CODE,
                  street.info->code);
      street.region = g_array_index (street_regions, Region, s);
      street.first_community = d->communities->len;
      street.n_communities = street_communities[s];
      street.market_lot = -1;
      g_array_append_val (d->streets, street);

      gw_demo_partition (d, &street.region, street_communities[s], parts);
      g_array_sort_with_data (parts, compare_regions, &community_ctx);
      for (guint c = 0; c < parts->len; c++)
        {
          Community community = { 0 };

          community.street = s;
          community.region = g_array_index (parts, Region, c);
          g_snprintf (community.code, sizeof community.code, "%s%03u", street.code, c + 1);
          g_array_append_val (d->communities, community);
          COMMUNITY (d, d->communities->len - 1)->name = community_name (d, &community.region);
        }
    }

  /* Grids per community ∝ area, to the exact total of the scale. */
  community_areas = g_new (double, d->communities->len);
  community_grids = g_new (int, d->communities->len);
  for (guint c = 0; c < d->communities->len; c++)
    {
      Community *community = COMMUNITY (d, c);

      community->area = gw_demo_region_area (d, &community->region);
      community_areas[c] = community->area;
    }
  gw_demo_apportion (community_areas, d->communities->len, d->cfg->n_grids, 1, community_grids);
  for (guint c = 0; c < d->communities->len; c++)
    COMMUNITY (d, c)->n_grids = community_grids[c];
}

/* Cuts a community into rows (bands, merged when there are fewer grids than
 * bands) and each row into grids of about equal width; numbers them
 * north→south by row and west→east within a row. */
void
gw_demo_build_grids (Demo *d)
{
  d->grids = g_array_new (FALSE, TRUE, sizeof (Grid));

  for (guint c = 0; c < d->communities->len; c++)
    {
      Community *community = COMMUNITY (d, c);
      Region *region = &community->region;
      int n_bands = region->b1 - region->b0;
      int n_rows = n_bands;
      g_autofree int *row_start = g_new (int, n_bands + 1);   /* band index */
      g_autofree double *row_area = g_new (double, n_bands);
      g_autofree int *row_grids = g_new0 (int, n_bands);
      int seq = 0;

      for (int k = 0; k <= n_bands; k++)
        row_start[k] = region->b0 + k;
      for (int k = 0; k < n_bands; k++)
        row_area[k] = (d->col_x[region->x1[region->b0 + k]] - d->col_x[region->x0[region->b0 + k]])
                      * gw_demo_band_height (d, region->b0 + k);

      /* Fewer grids than bands: merge the smallest neighbouring rows. */
      while (n_rows > community->n_grids)
        {
          int best = 0;

          for (int k = 1; k + 1 < n_rows; k++)
            if (row_area[k] + row_area[k + 1] < row_area[best] + row_area[best + 1])
              best = k;
          row_area[best] += row_area[best + 1];
          memmove (&row_area[best + 1], &row_area[best + 2], sizeof (double) * (n_rows - best - 2));
          memmove (&row_start[best + 1], &row_start[best + 2], sizeof (int) * (n_rows - best - 1));
          n_rows--;
        }

      /* Each row at least one grid; the rest where grids would be biggest. */
      for (int k = 0; k < n_rows; k++)
        row_grids[k] = 1;
      for (int given = n_rows; given < community->n_grids; given++)
        {
          int best = -1;

          for (int k = 0; k < n_rows; k++)
            {
              int band = row_start[k];
              int width = region->x1[band] - region->x0[band];

              if (row_start[k + 1] - row_start[k] > 1 || row_grids[k] >= width)
                continue;
              if (best < 0 || row_area[k] / row_grids[k] > row_area[best] / row_grids[best])
                best = k;
            }
          g_assert (best >= 0);
          row_grids[best]++;
        }

      community->first_grid = d->grids->len;
      for (int k = 0; k < n_rows; k++)
        {
          int band0 = row_start[k], band1 = row_start[k + 1];
          int x0 = region->x0[band0], x1 = region->x1[band0];
          double w0 = d->col_x[x0], w1 = d->col_x[x1];
          int previous = x0;

          for (int g = 0; g < row_grids[k]; g++)
            {
              Grid grid = { 0 };
              Region part;
              int cut;

              if (g == row_grids[k] - 1)
                cut = x1;
              else
                {
                  double share = (g + 1 + rng_uniform (&d->rng, -0.2, 0.2)) / row_grids[k];
                  double target = w0 + (w1 - w0) * share;

                  cut = previous + 1;
                  while (cut < x1 - (row_grids[k] - g - 1)
                         && fabs (d->col_x[cut + 1] - target) < fabs (d->col_x[cut] - target))
                    cut++;
                }
              grid.community = c;
              gw_demo_region_init (d, &part);
              for (int b = band0; b < band1; b++)
                {
                  part.x0[b] = band1 - band0 > 1 ? region->x0[b] : previous;
                  part.x1[b] = band1 - band0 > 1 ? region->x1[b] : cut;
                }
              part.b0 = band0;
              part.b1 = band1;
              gw_demo_region_to_span (d, &part, &grid.span);
              gw_demo_region_clear (&part);
              grid.area = gw_demo_span_area (d, &grid.span);
              g_snprintf (grid.code, sizeof grid.code, "%s%03d", community->code, ++seq);
              {
                g_autofree char *name = g_strdup_printf ("%s第%d网格", community->name, seq);

                grid.name = gw_demo_intern (d, name);
              }
              g_array_append_val (d->grids, grid);
              previous = cut;
            }
        }
      g_assert (seq == community->n_grids);
    }
}

static void
add_lot (Demo *d,
         int   grid,
         int   c0,
         int   c1,
         int   r0,
         int   r1)
{
  Lot lot = { 0 };

  lot.grid = grid;
  lot.c0 = c0;
  lot.c1 = c1;
  lot.r0 = r0;
  lot.r1 = r1;
  lot.west = d->col_x[c0];
  lot.east = d->col_x[c1];
  lot.north = d->row_y[r0];
  lot.south = d->row_y[r1];
  for (int side = 0; side < 4; side++)
    {
      RoadClass cls = gw_demo_side_class (d, &lot, side, &lot.side_road[side]);
      RoadClass line_cls;
      static const double base[] = { 2.0, 4.5, 9.0, 15.0 };

      if (side == SIDE_N || side == SIDE_S)
        line_cls = d->row_cls[side == SIDE_N ? r0 : r1];
      else
        line_cls = d->col_cls[side == SIDE_W ? c0 : c1];
      /* Half the road, a pavement, plus how far the lattice may wander. */
      lot.setback[side] = base[cls] + gw_demo_jitter_for (line_cls) + 1.5;
    }
  lot.first_building = -1;
  g_array_append_val (d->lots, lot);
}

/* Lots: a grid's band is cut into strips of 1–3 columns (always at roads and
 * lanes), and strips now and then into a north and a south lot. */
void
gw_demo_build_lots (Demo *d)
{
  static const guint8 strip_widths[] = { 0, 35, 50, 15 };

  d->lots = g_array_new (FALSE, TRUE, sizeof (Lot));

  for (guint g = 0; g < d->grids->len; g++)
    {
      Grid *grid = GRID (d, g);

      grid->first_lot = d->lots->len;
      for (int r = grid->span.r0; r < grid->span.r1; )
        {
          /* One band at a time: lots never cross east–west roads. */
          int band_end = r + 1;
          int a = grid->span.a[r - grid->span.r0], b = grid->span.b[r - grid->span.r0];
          int s0 = a;

          while (band_end < grid->span.r1 && d->row_cls[band_end] < ROAD_SECONDARY)
            band_end++;

          while (s0 < b)
            {
              int width = (int) rng_pick (&d->rng, strip_widths, G_N_ELEMENTS (strip_widths));
              int s1 = MIN (s0 + MAX (width, 1), b);
              int p0 = r;

              /* Never across a north–south road or lane. */
              for (int i = s0 + 1; i < s1; i++)
                if (EDGE_V (d, i, r) >= 0)
                  {
                    s1 = i;
                    break;
                  }
              /* No one-column sliver left at the end of the row. */
              if (b - s1 == 1 && s1 - s0 < 3 && EDGE_V (d, s1, r) < 0)
                s1 = b;

              while (p0 < band_end)
                {
                  int p1 = band_end;

                  for (int j = p0 + 1; j < band_end; j++)
                    if (EDGE_H (d, s0, j) >= 0)
                      {
                        p1 = j;
                        break;
                      }
                  /* Big compounds are split; a grid of one lot is rare. */
                  if (p1 == band_end && p0 == r && band_end - r >= 3
                      && ((s1 - s0) * (band_end - r) > 6
                          || (s1 - s0 >= 2 && rng_chance (&d->rng, 0.5))))
                    p1 = r + rng_int (&d->rng, 1, band_end - r - 1);
                  add_lot (d, g, s0, s1, p0, p1);
                  p0 = p1;
                }
              s0 = s1;
            }
          r = band_end;
        }
      grid->n_lots = d->lots->len - grid->first_lot;
    }
}

/* ------------------------------------------------------------------------ */
/* What each lot is: every community gets its service centre and clinic,
 * some a school or kindergarten, each street a market on a main road and
 * its office; a few squares and car parks; the rest are homes. At most one
 * non-residential lot per grid (two in big grids) so grids keep people. */

gboolean
gw_demo_lot_on_main_road (Demo *d,
                          Lot  *lot)
{
  for (int side = 0; side < 4; side++)
    if (lot->side_road[side] >= 0 && ROAD (d, lot->side_road[side])->cls == ROAD_MAIN)
      return TRUE;
  return FALSE;
}

static int
lot_cells (const Lot *lot)
{
  return (lot->c1 - lot->c0) * (lot->r1 - lot->r0);
}

static double
lot_avail_width (const Lot *lot)
{
  return lot->east - lot->west - lot->setback[SIDE_E] - lot->setback[SIDE_W];
}

static double
lot_avail_height (const Lot *lot)
{
  return lot->north - lot->south - lot->setback[SIDE_N] - lot->setback[SIDE_S];
}

/* Room for at least two rows or two columns of slabs. */
gboolean
gw_demo_lot_is_roomy (const Lot *lot)
{
  return lot_avail_height (lot) >= 40 || lot_avail_width (lot) >= 80;
}

void
gw_demo_choose_lot_kinds (Demo *d)
{
  for (guint s = 0; s < d->streets->len; s++)
    {
      Street *street = STREET (d, s);
      int market_community = street->first_community + rng_int (&d->rng, 0,
                                                                street->n_communities - 1);

      int c1 = street->first_community + street->n_communities;

      for (int c = street->first_community; c < c1; c++)
        {
          Community *community = COMMUNITY (d, c);
          Grid *first = GRID (d, community->first_grid);
          Grid *last = GRID (d, community->first_grid + community->n_grids - 1);
          int lot0 = first->first_lot, lot1 = last->first_lot + last->n_lots;
          g_autofree int *order = g_new (int, lot1 - lot0);
          g_autofree int *taken = g_new0 (int, community->n_grids);
          Facility wanted[8];
          int n_wanted = 0;
          int n_open = MAX (1, (int) lround ((lot1 - lot0) * 0.05));

          if (c == street->first_community)
            wanted[n_wanted++] = FACILITY_OFFICE;
          if (c == market_community)
            wanted[n_wanted++] = FACILITY_MARKET;
          wanted[n_wanted++] = FACILITY_CENTRE;
          wanted[n_wanted++] = FACILITY_CLINIC;
          if (rng_chance (&d->rng, 0.6))
            wanted[n_wanted++] = FACILITY_SCHOOL;
          if (rng_chance (&d->rng, 0.5))
            wanted[n_wanted++] = FACILITY_KINDERGARTEN;

          for (int k = 0; k < lot1 - lot0; k++)
            order[k] = lot0 + k;
          rng_shuffle (&d->rng, order, lot1 - lot0);

          for (int k = 0; k < lot1 - lot0; k++)
            LOT (d, order[k])->kind = LOT_SLAB;   /* decided below */

          for (int w = 0; w < n_wanted + n_open; w++)
            {
              Facility facility = w < n_wanted ? wanted[w] : FACILITY_NONE;

              for (int k = 0; k < lot1 - lot0; k++)
                {
                  Lot *lot = LOT (d, order[k]);
                  Grid *grid = GRID (d, lot->grid);
                  int gi = lot->grid - community->first_grid;

                  if (lot->kind != LOT_SLAB || grid->n_lots < 3
                      || taken[gi] >= (grid->n_lots >= 6 ? 2 : 1))
                    continue;
                  if (lot_avail_width (lot) < 24 || lot_avail_height (lot) < 16)
                    continue;
                  if (facility == FACILITY_MARKET && !gw_demo_lot_on_main_road (d, lot))
                    continue;
                  if (facility == FACILITY_SCHOOL && lot_cells (lot) < 2)
                    continue;
                  /* Schools may be big; other facilities and squares are small lots. */
                  if (lot_cells (lot) > (facility == FACILITY_SCHOOL ? 4
                                         : facility == FACILITY_MARKET ? 3 : 2))
                    continue;
                  lot->kind = facility == FACILITY_NONE ? LOT_OPEN : LOT_PUBLIC;
                  lot->facility = facility;
                  if (facility == FACILITY_MARKET)
                    street->market_lot = order[k];
                  taken[gi]++;
                  break;
                }
            }

          for (int k = 0; k < lot1 - lot0; k++)
            {
              Lot *lot = LOT (d, order[k]);
              Grid *grid = GRID (d, lot->grid);
              int gi = lot->grid - community->first_grid;
              gboolean roomy = gw_demo_lot_is_roomy (lot);

              if (lot->kind != LOT_SLAB || lot->facility != FACILITY_NONE)
                continue;
              if (gw_demo_lot_on_main_road (d, lot) && lot->c1 - lot->c0 == 1 && grid->n_lots >= 4
                  && taken[gi] < 1 && rng_chance (&d->rng, 0.3))
                {
                  lot->kind = LOT_SHOPS;
                  taken[gi]++;
                }
              else if (roomy && lot_cells (lot) >= 2)
                {
                  double r = rng_double (&d->rng);

                  lot->kind = r < 0.52 ? LOT_SLAB : r < 0.82 ? LOT_LI : LOT_LOWRISE;
                }
              else
                lot->kind = rng_chance (&d->rng, 0.6) ? LOT_LI : LOT_LOWRISE;
            }
        }
    }
}
