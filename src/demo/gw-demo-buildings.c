/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-demo"

#include "config.h"

#include <inttypes.h>

#include "gw-demo-private.h"

/* Buildings. Candidates are laid out at full density, then each grid keeps
 * as many as its households need (whole groups: a slab, or the four wings of
 * a courtyard house). */

static void
add_candidate (GArray      *out,
               int          lot,
               int          group,
               BuildingUse  use,
               double       ce,
               double       cn,
               double       length,
               double       depth,
               double       angle,
               gboolean     north_south,
               int          floors,
               int          units,
               int          flats,
               int          first_floor,
               int          built_year)
{
  Building building = { 0 };

  building.lot = lot;
  building.group = group;
  building.use = use;
  building.ce = ce;
  building.cn = cn;
  building.half_len = length / 2;
  building.half_dep = depth / 2;
  building.angle = angle;
  building.north_south = north_south;
  building.floors = floors;
  building.units = units;
  building.flats = flats;
  building.first_floor = first_floor;
  building.built_year = built_year;
  if (use == USE_RESIDENTIAL || use == USE_MIXED)
    building.n_dwellings = units * flats * (floors - first_floor + 1);
  building.leader_worker = -1;
  g_array_append_val (out, building);
}

/* Shops (底商) along the main roads a lot faces; returns the rectangle left. */
static void
layout_shops (Demo   *d,
              int     lot_index,
              GArray *out,
              int    *group,
              double *west,
              double *east,
              double *north,
              double *south,
              gboolean force)
{
  Lot *lot = LOT (d, lot_index);
  const double depth = 9, gap = 6;

  for (int side = 0; side < 4; side++)
    {
      gboolean horizontal = side == SIDE_N || side == SIDE_S;
      double from, to, at;

      if (lot->side_road[side] < 0 || ROAD (d, lot->side_road[side])->cls != ROAD_MAIN)
        continue;
      if (!force && !rng_chance (&d->rng, 0.45))
        continue;
      /* Homes behind the shops need 25 m or so; a shops lot needs none. */
      if ((horizontal ? *east - *west : *north - *south) < 20
          || (horizontal ? *north - *south : *east - *west) < depth + gap + (force ? 0 : 25))
        continue;

      from = horizontal ? *west : *south;
      to = horizontal ? *east : *north;
      at = side == SIDE_N ? *north - depth / 2 : side == SIDE_S ? *south + depth / 2
         : side == SIDE_W ? *west + depth / 2 : *east - depth / 2;
      while (to - from >= 10)
        {
          double length = min_double (rng_uniform (&d->rng, 14, 28), to - from);
          double mid = from + length / 2;

          if (horizontal)
            add_candidate (out, lot_index, (*group)++, USE_SHOP, mid, at, length, depth, 0, FALSE,
                           rng_int (&d->rng, 1, 2), 1, 1, 1, rng_int (&d->rng, 1988, 2012));
          else
            add_candidate (out, lot_index, (*group)++, USE_SHOP, at, mid, length, depth, 0, TRUE,
                           rng_int (&d->rng, 1, 2), 1, 1, 1, rng_int (&d->rng, 1988, 2012));
          from += length + 1.0;
        }
      switch (side)
        {
        case SIDE_N: *north -= depth + gap; break;
        case SIDE_S: *south += depth + gap; break;
        case SIDE_W: *west += depth + gap; break;
        default: *east -= depth + gap; break;
        }
    }
}

/* How many rows of buildings @depth deep, @gap apart, fit in @height;
 * @spare gets the height left over. */
static int
rows_in (double  height,
         double  depth,
         double  gap,
         double *spare)
{
  int n;

  if (height < depth)
    return 0;
  n = 1 + (int) floor ((height - depth) / (depth + gap));
  *spare = height - n * depth - (n - 1) * gap;
  return n;
}

static void
layout_slabs (Demo   *d,
              int     lot_index,
              GArray *out,
              int    *group,
              double  west,
              double  east,
              double  north,
              double  south,
              gboolean mixed_north,
              gboolean mixed_south)
{
  double depth = rng_uniform (&d->rng, 10, 12);
  double row_gap = rng_uniform (&d->rng, 11, 16);
  double height = north - south;
  int n_rows;
  double spare, y;
  int built = rng_int (&d->rng, 1978, 2002);
  guint start = out->len;

  n_rows = rows_in (height, depth, row_gap, &spare);
  if (n_rows == 0)
    return;
  y = north - spare * rng_uniform (&d->rng, 0.2, 0.8);

  for (int row = 0; row < n_rows; row++)
    {
      double x = west + rng_uniform (&d->rng, 0, 4);
      double cn = y - depth / 2;
      gboolean mixed = (row == 0 && mixed_north) || (row == n_rows - 1 && mixed_south);

      while (TRUE)
        {
          int flats = rng_chance (&d->rng, 0.7) ? 2 : 3;
          double unit_width = (flats == 2 ? 12.5 : 16.5) + rng_uniform (&d->rng, 0, 1.5);
          int max_units = MIN (4, (int) floor ((east - x) / unit_width));
          int units;
          double length;
          static const guint8 floor_weights[] = { 30, 45, 25 };

          if (max_units < 2 && flats == 3)
            {
              flats = 2;
              unit_width = 12.5 + rng_uniform (&d->rng, 0, 1.5);
              max_units = MIN (4, (int) floor ((east - x) / unit_width));
            }
          if (max_units < 2)
            break;
          units = rng_chance (&d->rng, 0.7) ? max_units : rng_int (&d->rng, 2, max_units);
          length = units * unit_width;
          add_candidate (out, lot_index, (*group)++, mixed ? USE_MIXED : USE_RESIDENTIAL,
                         x + length / 2, cn, length, depth,
                         rng_uniform (&d->rng, -1.2, 1.2) * G_PI / 180, FALSE,
                         5 + (int) rng_pick (&d->rng, floor_weights, 3), units, flats,
                         mixed ? 2 : 1, built + rng_int (&d->rng, -3, 3));
          x += length + rng_uniform (&d->rng, 7, 12);
        }
      y -= depth + row_gap;
    }
  /* A compound has at most 8 slabs; the rest of the ground is green. */
  while (out->len - start > 8)
    g_array_remove_index (out, start + rng_below (&d->rng, out->len - start));
}

static void
layout_lowrise (Demo   *d,
                int     lot_index,
                GArray *out,
                int    *group,
                double  west,
                double  east,
                double  north,
                double  south)
{
  double depth = rng_uniform (&d->rng, 9, 11);
  double row_gap = rng_uniform (&d->rng, 8, 11);
  double height = north - south;
  int n_rows;
  double spare, y;
  int built = rng_int (&d->rng, 1955, 1982);

  n_rows = rows_in (height, depth, row_gap, &spare);
  if (n_rows == 0)
    return;
  y = north - spare / 2;
  for (int row = 0; row < n_rows; row++)
    {
      double x = west + rng_uniform (&d->rng, 0, 3);

      while (east - x >= 16)
        {
          double length = min_double (rng_uniform (&d->rng, 16, 30), east - x);
          /* 3–4 storeys: slabs are the 5–7-storey ones. */
          static const guint8 floor_weights[] = { 40, 60 };
          int units = length < 22 ? 1 : 2;

          add_candidate (out, lot_index, (*group)++, USE_RESIDENTIAL, x + length / 2, y - depth / 2,
                         length, depth, rng_uniform (&d->rng, -1, 1) * G_PI / 180, FALSE,
                         3 + (int) rng_pick (&d->rng, floor_weights, 2), units, 2, 1,
                         built + rng_int (&d->rng, -2, 2));
          x += length + rng_uniform (&d->rng, 4, 8);
        }
      y -= depth + row_gap;
    }
}

/* 里院: courtyard houses of old Qingdao, four wings round a yard. */
static void
layout_li (Demo   *d,
           int     lot_index,
           GArray *out,
           int    *group,
           double  west,
           double  east,
           double  north,
           double  south)
{
  double cw = rng_uniform (&d->rng, 30, 42), ch = rng_uniform (&d->rng, 26, 34);
  const double wing = 8.5, gap = 3;
  int nx = (int) floor ((east - west + gap) / (cw + gap));
  int ny = (int) floor ((north - south + gap) / (ch + gap));
  double sx, sy;
  int built = rng_int (&d->rng, 1905, 1936);

  if (nx < 1 || ny < 1)
    {
      layout_lowrise (d, lot_index, out, group, west, east, north, south);
      return;
    }
  sx = (east - west - nx * cw - (nx - 1) * gap) / 2;
  sy = (north - south - ny * ch - (ny - 1) * gap) / 2;
  for (int yi = 0; yi < ny; yi++)
    for (int xi = 0; xi < nx; xi++)
      {
        double x0 = west + sx + xi * (cw + gap);
        double y0 = north - sy - yi * (ch + gap);
        double side_len = ch - 2 * wing - 3;
        int floors = rng_chance (&d->rng, 0.6) ? 2 : 3;
        int units = cw >= 36 ? 2 : 1;
        int flats = MAX (2, (int) lround (cw / units / 7));
        int year = built + rng_int (&d->rng, -3, 3);
        int g = (*group)++;

        add_candidate (out, lot_index, g, USE_RESIDENTIAL, x0 + cw / 2, y0 - wing / 2, cw, wing,
                       0, FALSE, floors, units, flats, 1, year);
        if (side_len >= 6)
          {
            int side_flats = MAX (1, (int) lround (side_len / 7));

            add_candidate (out, lot_index, g, USE_RESIDENTIAL, x0 + wing / 2, y0 - ch / 2, side_len,
                           wing, 0, TRUE, floors, 1, side_flats, 1, year);
            add_candidate (out, lot_index, g, USE_RESIDENTIAL, x0 + cw - wing / 2, y0 - ch / 2,
                           side_len, wing, 0, TRUE, floors, 1, side_flats, 1, year);
          }
        add_candidate (out, lot_index, g, USE_RESIDENTIAL, x0 + cw / 2, y0 - ch + wing / 2,
                       cw, wing,
                       0, FALSE, floors, units, flats, 1, year);
      }
}

static void
layout_public (Demo   *d,
               int     lot_index,
               GArray *out,
               int    *group,
               double  west,
               double  east,
               double  north,
               double  south)
{
  Lot *lot = LOT (d, lot_index);
  static const struct
  {
    double length, depth;
    int    floors;
  } sizes[] = {
    [FACILITY_NONE] = { 0, 0, 0 },
    [FACILITY_CENTRE] = { 36, 14, 3 },
    [FACILITY_CLINIC] = { 28, 13, 3 },
    [FACILITY_SCHOOL] = { 54, 16, 4 },
    [FACILITY_KINDERGARTEN] = { 30, 14, 3 },
    [FACILITY_MARKET] = { 44, 26, 1 },
    [FACILITY_OFFICE] = { 40, 14, 5 },
  };
  double length = MIN (sizes[lot->facility].length, east - west);
  double depth = MIN (sizes[lot->facility].depth, north - south);

  if (length < 12 || depth < 8)
    return;
  add_candidate (out, lot_index, (*group)++, USE_PUBLIC, (west + east) / 2,
                 north - depth / 2 - (north - south - depth) * 0.2, length, depth, 0, FALSE,
                 sizes[lot->facility].floors, 1, 1, 1, rng_int (&d->rng, 1985, 2016));
}

static void
layout_lot (Demo   *d,
            int     lot_index,
            GArray *out,
            int    *group)
{
  Lot *lot = LOT (d, lot_index);
  /* 1 m more for the small rotation of slabs. */
  double west = lot->west + lot->setback[SIDE_W] + 1;
  double east = lot->east - lot->setback[SIDE_E] - 1;
  double north = lot->north - lot->setback[SIDE_N] - 1;
  double south = lot->south + lot->setback[SIDE_S] + 1;
  gboolean mixed_north = FALSE, mixed_south = FALSE;

  if (east - west < 8 || north - south < 8)
    return;

  switch (lot->kind)
    {
    case LOT_SLAB:
      /* Along an east–west main road the front slab has shops below. */
      for (int side = SIDE_N; side <= SIDE_S; side += 2)
        if (lot->side_road[side] >= 0 && ROAD (d, lot->side_road[side])->cls == ROAD_MAIN
            && rng_chance (&d->rng, 0.5) && !lot->no_shops)
          {
            if (side == SIDE_N)
              mixed_north = TRUE;
            else
              mixed_south = TRUE;
          }
      if (!mixed_north && !mixed_south && !lot->no_shops)
        layout_shops (d, lot_index, out, group, &west, &east, &north, &south, FALSE);
      {
        guint before = out->len;

        layout_slabs (d, lot_index, out, group, west, east, north, south, mixed_north, mixed_south);
        /* Too narrow for a two-unit slab: old low blocks instead. */
        if (out->len == before)
          {
            lot->kind = LOT_LOWRISE;
            lot->no_slab = TRUE;
            layout_lowrise (d, lot_index, out, group, west, east, north, south);
          }
      }
      break;
    case LOT_LI:
      if (!lot->no_shops)
        layout_shops (d, lot_index, out, group, &west, &east, &north, &south, FALSE);
      layout_li (d, lot_index, out, group, west, east, north, south);
      break;
    case LOT_LOWRISE:
      if (!lot->no_shops)
        layout_shops (d, lot_index, out, group, &west, &east, &north, &south, FALSE);
      layout_lowrise (d, lot_index, out, group, west, east, north, south);
      break;
    case LOT_SHOPS:
      layout_shops (d, lot_index, out, group, &west, &east, &north, &south, TRUE);
      if (east - west >= 20 && north - south >= 14)
        add_candidate (out, lot_index, (*group)++, USE_SHOP, (west + east) / 2,
                       north - MIN (14, north - south) / 2, MIN (30, east - west),
                       MIN (14, north - south), 0, FALSE, rng_int (&d->rng, 2, 3), 1, 1, 1,
                       rng_int (&d->rng, 1995, 2012));
      break;
    case LOT_PUBLIC:
      layout_public (d, lot_index, out, group, west, east, north, south);
      break;
    case LOT_OPEN:
    default:
      break;
    }
}

gboolean
gw_demo_is_home (const Building *building)
{
  return building->use == USE_RESIDENTIAL || building->use == USE_MIXED;
}

/* Makes one lot of @grid hold more homes; FALSE when none can. In order:
 * courtyards and low blocks become slabs, a square becomes homes, shops
 * make way, and last an optional school or kindergarten moves elsewhere. */
static gboolean
upgrade_lot (Demo *d,
             Grid *grid)
{
  for (int pass = 0; pass < 5; pass++)
    for (int l = grid->first_lot; l < grid->first_lot + grid->n_lots; l++)
      {
        Lot *lot = LOT (d, l);
        gboolean home = lot->kind == LOT_SLAB || lot->kind == LOT_LI || lot->kind == LOT_LOWRISE;

        if ((pass == 0 && lot->kind == LOT_LI && gw_demo_lot_is_roomy (lot) && !lot->no_slab)
            || (pass == 1 && lot->kind == LOT_LOWRISE && gw_demo_lot_is_roomy (lot)
                && !lot->no_slab))
          {
            lot->kind = LOT_SLAB;
            return TRUE;
          }
        if ((pass == 2 && lot->kind == LOT_OPEN)
            || (pass == 4 && lot->kind == LOT_PUBLIC
                && (lot->facility == FACILITY_SCHOOL || lot->facility == FACILITY_KINDERGARTEN)))
          {
            lot->kind = gw_demo_lot_is_roomy (lot) && !lot->no_slab ? LOT_SLAB : LOT_LI;
            lot->facility = FACILITY_NONE;
            return TRUE;
          }
        if (pass == 3 && home && !lot->no_shops && gw_demo_lot_on_main_road (d, lot))
          {
            lot->no_shops = TRUE;
            lot->no_slab = FALSE;
            return TRUE;
          }
      }
  return FALSE;
}

/* Households per grid follow what is built there (a grid of big slabs has
 * more people), scaled to the scale's total and kept inside its band
 * (150–300 or 300–400 households). */
static void
choose_grid_targets (Demo         *d,
                     const double *capacity)   /* households each grid could hold */
{
  int n = d->grids->len;
  g_autofree double *raw = g_new (double, n);
  int lo = d->cfg->households_min, hi = d->cfg->households_max;
  int margin = (hi - lo) / 25;

  for (int g = 0; g < n; g++)
    raw[g] = capacity[g] * exp (0.10 * rng_normal (&d->rng));
  for (int iteration = 0; iteration < 40; iteration++)
    {
      double sum = 0;

      for (int g = 0; g < n; g++)
        {
          GRID (d, g)->target = CLAMP ((int) lround (raw[g]), lo + margin, hi - margin);
          sum += GRID (d, g)->target;
        }
      for (int g = 0; g < n; g++)
        raw[g] *= d->cfg->households / sum;
    }
}

static int
compare_buildings_in_lot (gconstpointer a,
                          gconstpointer b)
{
  const Building *x = a, *y = b;

  if (x->lot != y->lot)
    return x->lot - y->lot;
  /* North to south in rows of 8 m, then west to east: 1号楼 is at the
   * north-west as numbering goes. */
  return gw_demo_compare_by_position (x->ce, x->cn, y->ce, y->cn, 8);
}

/* Chooses whole groups of a grid's candidates until they hold @need
 * dwellings: about the same share of every lot, then more where too few,
 * fewer where too many, each lot within [lot_min, lot_max] groups. Returns
 * the dwellings chosen. */
static int
choose_groups (Demo         *d,
               const Grid   *grid,
               int           n_groups,
               const int    *group_lot,
               const int    *group_dwellings,
               const int    *lot_min,
               const int    *lot_max,
               int           room,
               int           need,
               gboolean     *chosen)
{
  g_autofree int *lot_count = g_new0 (int, MAX (grid->n_lots, 1));
  g_autofree int *order = g_new (int, MAX (n_groups, 1));
  int dwellings = 0;

  for (int gi = 0; gi < n_groups; gi++)
    order[gi] = gi;

  /* About the same share of every lot. */
  {
    double share = room > 0 ? MIN (1.0, (double) need / room) : 0;

    rng_shuffle (&d->rng, order, n_groups);
    for (int l = 0; l < grid->n_lots; l++)
      {
        int want = CLAMP ((int) lround (share * lot_max[l]), lot_min[l], lot_max[l]);

        for (int k = 0; k < n_groups && lot_count[l] < want; k++)
          {
            int gi = order[k];

            if (group_lot[gi] == l && !chosen[gi] && group_dwellings[gi] > 0)
              {
                chosen[gi] = TRUE;
                lot_count[l]++;
                dwellings += group_dwellings[gi];
              }
          }
      }
  }
  /* Too few homes: add more; too many: drop some. */
  rng_shuffle (&d->rng, order, n_groups);
  for (int k = 0; k < n_groups && dwellings < need; k++)
    {
      int gi = order[k];
      int l = group_lot[gi];

      if (!chosen[gi] && group_dwellings[gi] > 0 && lot_count[l] < lot_max[l])
        {
          chosen[gi] = TRUE;
          lot_count[l]++;
          dwellings += group_dwellings[gi];
        }
    }
  rng_shuffle (&d->rng, order, n_groups);
  for (int k = 0; k < n_groups && dwellings > need; k++)
    {
      int gi = order[k];
      int l = group_lot[gi];

      if (chosen[gi] && group_dwellings[gi] > 0 && lot_count[l] > lot_min[l]
          && dwellings - group_dwellings[gi] >= need)
        {
          chosen[gi] = FALSE;
          lot_count[l]--;
          dwellings -= group_dwellings[gi];
        }
    }
  return dwellings;
}

/* Keeps of grid @g's candidates (@slice, groups from @g0) what its
 * households need, storeys of slabs trimmed to come close without going
 * under, and appends them to the buildings numbered within their lot.
 * Returns the dwellings kept; @need gets what was needed. */
static int
keep_grid_buildings (Demo     *d,
                     int       g,
                     Building *slice,
                     guint     n_slice,
                     int       g0,
                     int       n_groups,
                     double    occupancy,
                     int      *need)
{
  Grid *grid = GRID (d, g);
  g_autofree gboolean *chosen = g_new0 (gboolean, MAX (n_groups, 1));
  g_autofree int *group_dwellings = g_new0 (int, MAX (n_groups, 1));
  g_autofree int *group_lot = g_new0 (int, MAX (n_groups, 1));
  g_autofree int *lot_max = g_new0 (int, grid->n_lots);
  g_autofree int *lot_min = g_new0 (int, grid->n_lots);
  int room = 0, dwellings;
  guint start = d->buildings->len;

  for (guint k = 0; k < n_slice; k++)
    {
      Building *b = &slice[k];
      int gi = b->group - g0;

      group_lot[gi] = b->lot - grid->first_lot;
      group_dwellings[gi] += b->n_dwellings;
      room += b->n_dwellings;
      if (!gw_demo_is_home (b))
        chosen[gi] = TRUE;   /* shops and public buildings stay */
    }
  for (int gi = 0; gi < n_groups; gi++)
    if (!chosen[gi] && group_dwellings[gi] > 0)
      lot_max[group_lot[gi]]++;
  for (int l = 0; l < grid->n_lots; l++)
    {
      Lot *lot = LOT (d, grid->first_lot + l);

      /* A compound has 2–8 slabs; a lot of other homes at least one. */
      if (lot->kind == LOT_SLAB)
        {
          lot_min[l] = MIN (2, lot_max[l]);
          lot_max[l] = MIN (8, lot_max[l]);
        }
      else
        lot_min[l] = MIN (1, lot_max[l]);
    }

  *need = (int) ceil (grid->target / occupancy);
  dwellings = choose_groups (d, grid, n_groups, group_lot, group_dwellings, lot_min, lot_max,
                             room, *need, chosen);

  /* Trim storeys of slabs to come close without going under. */
  for (guint k = 0; k < n_slice && dwellings > *need; k++)
    {
      Building *b = &slice[k];
      int per_floor = b->units * b->flats;

      if (!chosen[b->group - g0] || b->floors <= 5 || !gw_demo_is_home (b))
        continue;
      while (b->floors > 5 && dwellings - per_floor >= *need)
        {
          b->floors--;
          b->n_dwellings -= per_floor;
          dwellings -= per_floor;
        }
    }

  for (guint k = 0; k < n_slice; k++)
    if (chosen[slice[k].group - g0])
      g_array_append_val (d->buildings, slice[k]);
  qsort (&g_array_index (d->buildings, Building, start), d->buildings->len - start,
         sizeof (Building), compare_buildings_in_lot);
  return dwellings;
}

/* Candidates are laid out at full density for every grid first; each grid's
 * households follow from that, then each grid keeps as many buildings as
 * its households need (whole groups: a slab, or the four wings of a
 * courtyard house), spread over its lots. */
void
gw_demo_build_buildings (Demo *d)
{
  g_autoptr (GArray) candidates = g_array_new (FALSE, TRUE, sizeof (Building));
  int n_grids = d->grids->len;
  g_autofree guint *first_candidate = g_new (guint, n_grids + 1);
  g_autofree int *first_group = g_new (int, n_grids + 1);
  g_autofree double *capacity = g_new (double, n_grids);
  g_autofree double *occupancy = g_new (double, n_grids);
  int group = 0;
  int short_grids = 0;
  gint64 total_capacity = 0, total_need = 0, total_kept = 0;
  int least = d->cfg->households_min + (d->cfg->households_max - d->cfg->households_min) / 25;

  d->buildings = g_array_new (FALSE, TRUE, sizeof (Building));

  /* 1. Full-density layouts; a grid with too little room for even the
   * smallest target turns a square into homes or low blocks into slabs. */
  for (int g = 0; g < n_grids; g++)
    {
      Grid *grid = GRID (d, g);
      int room;

      occupancy[g] = rng_uniform (&d->rng, 0.93, 0.97);
      first_candidate[g] = candidates->len;
      first_group[g] = group;
      while (TRUE)
        {
          room = 0;
          g_array_set_size (candidates, first_candidate[g]);
          group = first_group[g];
          for (int l = grid->first_lot; l < grid->first_lot + grid->n_lots; l++)
            layout_lot (d, l, candidates, &group);
          for (guint k = first_candidate[g]; k < candidates->len; k++)
            room += g_array_index (candidates, Building, k).n_dwellings;
          if (room >= least / occupancy[g] * 1.15 || !upgrade_lot (d, grid))
            break;
        }
      capacity[g] = room * occupancy[g];
      total_capacity += room;
    }
  first_candidate[n_grids] = candidates->len;
  first_group[n_grids] = group;

  choose_grid_targets (d, capacity);

  /* 2. Each grid keeps what its households need. */
  for (int g = 0; g < n_grids; g++)
    {
      Grid *grid = GRID (d, g);
      int need = 0;
      int dwellings = keep_grid_buildings (d, g,
                                           &g_array_index (candidates, Building,
                                                           first_candidate[g]),
                                           first_candidate[g + 1] - first_candidate[g],
                                           first_group[g], first_group[g + 1] - first_group[g],
                                           occupancy[g], &need);

      if (dwellings < grid->target)
        short_grids++;
      grid->n_dwellings = dwellings;
      total_need += need;
      total_kept += dwellings;
    }

  for (guint k = 0; k < d->buildings->len; k++)
    {
      Building *b = BUILDING (d, k);
      Lot *lot = LOT (d, b->lot);

      if (lot->first_building < 0)
        lot->first_building = k;
      lot->n_buildings++;
    }

  g_debug ("dwellings: capacity %" PRId64 ", needed %" PRId64
           ", kept %" PRId64
           "; %d grids short (some households share a dwelling there)",
           total_capacity, total_need, total_kept, short_grids);
}

/* ------------------------------------------------------------------------ */
/* Names and door plates. Numbers run along a road about every 12 m, odd on
 * the north or west side and even on the south or east side. */

static const char *
door_plate (Demo   *d,
            int     road_index,
            int     side,      /* the lot's side that faces the road */
            double  e,
            double  n)
{
  Road *road = ROAD (d, road_index);
  double position;
  gboolean odd;
  char text[96];

  if (road->horizontal)
    {
      position = e - d->col_x[road->from];
      odd = side == SIDE_S;
    }
  else
    {
      position = d->row_y[road->from] - n;
      odd = side == SIDE_E;
    }
  g_snprintf (text, sizeof text, "%s%d号", road->name,
              2 * (int) floor (MAX (position, 0) / 12) + (odd ? 1 : 2));
  return gw_demo_intern (d, text);
}

/* The named road a lot faces, main before secondary; lanes have no names. */
static int
lot_front (Demo *d,
           Lot  *lot,
           int  *side)
{
  static const int preference[] = { SIDE_S, SIDE_N, SIDE_E, SIDE_W };
  int best = -1;

  for (int k = 0; k < 4; k++)
    {
      int road = lot->side_road[preference[k]];

      if (road >= 0 && ROAD (d, road)->cls >= ROAD_SECONDARY
          && (best < 0 || ROAD (d, road)->cls > ROAD (d, lot->side_road[*side])->cls))
        {
          best = road;
          *side = preference[k];
        }
    }
  if (best < 0)
    {
      /* Between lanes: the road at the top of the band. */
      for (int j = lot->r0; j >= 0 && best < 0; j--)
        if (EDGE_H (d, lot->c0, j) >= 0 && ROAD (d, EDGE_H (d, lot->c0, j))->cls >= ROAD_SECONDARY)
          best = EDGE_H (d, lot->c0, j);
      *side = SIDE_N;
    }
  return best;
}

static const char *
unique_name (Demo       *d,
             const char *name)
{
  static const char * const extras[] = { "东院", "西院", "南院", "北院", "二期", "三期" };

  if (!g_hash_table_contains (d->used_names, name))
    {
      const char *interned = gw_demo_intern (d, name);

      g_hash_table_add (d->used_names, (gpointer) interned);
      return interned;
    }
  for (guint k = 0; ; k++)
    {
      g_autofree char *candidate = k < G_N_ELEMENTS (extras)
                                   ? g_strconcat (name, extras[k], NULL)
                                   : g_strdup_printf ("%s%u", name, k);

      if (!g_hash_table_contains (d->used_names, candidate))
        {
          const char *interned = gw_demo_intern (d, candidate);

          g_hash_table_add (d->used_names, (gpointer) interned);
          return interned;
        }
    }
}

static const char *
two_char_name (Demo       *d,
               const char *suffix)
{
  for (int attempt = 0; attempt < 40; attempt++)
    {
      guint a = rng_below (&d->rng, gw_demo_n_name_chars);
      guint b = rng_below (&d->rng, gw_demo_n_name_chars);
      g_autofree char *name = NULL;

      if (a == b)
        continue;
      name = g_strconcat (gw_demo_name_chars[a], gw_demo_name_chars[b], suffix, NULL);
      if (!g_hash_table_contains (d->used_names, name))
        return unique_name (d, name);
    }
  return unique_name (d, suffix);
}

static char *
strip_suffix (const char *text,
              const char *suffix)
{
  if (g_str_has_suffix (text, suffix))
    return g_strndup (text, strlen (text) - strlen (suffix));
  return g_strdup (text);
}

/* A lot's name from what it is and the road it faces. */
static const char *
lot_name (Demo            *d,
          Lot             *lot,
          int              front,
          const Community *community,
          const Street    *street,
          const char      *road_stem,
          const char      *community_stem)
{
  g_autofree char *name = NULL;

  switch (lot->kind)
    {
    case LOT_SLAB:
      if (rng_chance (&d->rng, 0.45))
        name = g_strconcat (lot->door, "院", NULL);
      else
        {
          guint suffix = rng_below (&d->rng, gw_demo_n_compound_suffixes);

          return two_char_name (d, gw_demo_compound_suffixes[suffix]);
        }
      break;
    case LOT_LI:
      return two_char_name (d, "里");
    case LOT_LOWRISE:
      name = g_strconcat (lot->door, "院", NULL);
      break;
    case LOT_SHOPS:
      name = g_strconcat (front >= 0 ? ROAD (d, front)->name : community->name, "沿街商铺", NULL);
      break;
    case LOT_PUBLIC:
      switch (lot->facility)
        {
        case FACILITY_CENTRE:
          name = g_strconcat (community->name, "党群服务中心", NULL);
          break;
        case FACILITY_CLINIC:
          name = g_strconcat (community->name, "卫生服务站", NULL);
          break;
        case FACILITY_SCHOOL:
          name = g_strconcat (road_stem, "路小学", NULL);
          break;
        case FACILITY_KINDERGARTEN:
          name = g_strconcat (community_stem, "幼儿园", NULL);
          break;
        case FACILITY_MARKET:
          name = g_strconcat (road_stem, "路农贸市场", NULL);
          break;
        case FACILITY_OFFICE:
        default:
          name = g_strconcat (street->name, "办事处", NULL);
          break;
        }
      break;
    case LOT_OPEN:
    default:
      {
        double r = rng_double (&d->rng);

        if (r < 0.4)
          name = g_strconcat (road_stem, "路街心公园", NULL);
        else if (r < 0.7)
          name = g_strconcat (community_stem, "广场", NULL);
        else
          name = g_strconcat (lot->door, "停车场", NULL);
      }
      break;
    }
  return unique_name (d, name);
}

/* Buildings are numbered 1号楼, 2号楼 … in their lot; shops get their own
 * door plate on the main road they face. */
static void
name_buildings (Demo *d,
                Lot  *lot)
{
  int number = 0;

  for (int k = lot->first_building; k >= 0 && k < lot->first_building + lot->n_buildings; k++)
    {
      Building *b = BUILDING (d, k);
      char text[64];

      switch (b->use)
        {
        case USE_SHOP:
          {
            int shop_side = -1;

            /* A shop's own door plate on the road it faces. */
            for (int s = 0; s < 4 && shop_side < 0; s++)
              if (lot->side_road[s] >= 0 && ROAD (d, lot->side_road[s])->cls == ROAD_MAIN
                  && (b->north_south == (s == SIDE_E || s == SIDE_W)))
                shop_side = s;
            b->address = shop_side >= 0
                         ? door_plate (d, lot->side_road[shop_side], shop_side, b->ce, b->cn)
                         : lot->door;
            b->name = gw_demo_intern (d, "网点房");
          }
          break;
        case USE_PUBLIC:
          {
            static const char * const buildings[] = {
              [FACILITY_NONE] = "综合楼", [FACILITY_CENTRE] = "服务中心楼",
              [FACILITY_CLINIC] = "门诊楼", [FACILITY_SCHOOL] = "教学楼",
              [FACILITY_KINDERGARTEN] = "幼儿园楼", [FACILITY_MARKET] = "市场大厅",
              [FACILITY_OFFICE] = "办公楼",
            };

            b->name = gw_demo_intern (d, buildings[lot->facility]);
            b->address = lot->door;
          }
          break;
        default:
          g_snprintf (text, sizeof text, "%d号楼", ++number);
          b->name = gw_demo_intern (d, text);
          b->address = lot->door;
          break;
        }
    }
}

void
gw_demo_name_lots_and_buildings (Demo *d)
{
  for (guint l = 0; l < d->lots->len; l++)
    {
      Lot *lot = LOT (d, l);
      Grid *grid = GRID (d, lot->grid);
      Community *community = COMMUNITY (d, grid->community);
      Street *street = STREET (d, community->street);
      int side = SIDE_S;
      int front = lot_front (d, lot, &side);
      double ce = (lot->west + lot->east) / 2, cn = (lot->north + lot->south) / 2;
      g_autofree char *road_stem = NULL;
      g_autofree char *community_stem = strip_suffix (community->name, "社区");

      lot->door = front >= 0 ? door_plate (d, front, side, ce, cn)
                             : gw_demo_intern (d, community->name);
      road_stem = front >= 0 ? strip_suffix (ROAD (d, front)->name, "路")
                  : g_strdup (community_stem);
      lot->name = lot_name (d, lot, front, community, street, road_stem, community_stem);
      name_buildings (d, lot);
    }
}
