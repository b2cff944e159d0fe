/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-demo"

#include "config.h"

#include "gw-demo-private.h"

/* Geometry: unwarped local metres → gently warped metres (old roads are not
 * straight) → lon/lat around the centre. The warp is smooth, so a building
 * set back a few metres from its lot's unwarped edges stays inside the lot's
 * polygon drawn between warped, jittered vertices. */

void
gw_demo_to_lonlat (Demo   *d,
                   double  e,
                   double  n,
                   GwPoint *out)
{
  const double *a = d->warp_a;
  const double *b = d->warp_b;
  double we = e + a[0] * sin (n / a[1] + a[2]) + a[3] * sin ((e + n) / a[4] + a[5]);
  double wn = n + b[0] * sin (e / b[1] + b[2]) + b[3] * sin ((e - n) / b[4] + b[5]);

  out->x = d->cfg->lon0 + (we - d->origin_e) / d->m_per_deg_lon;
  out->y = d->cfg->lat0 + (wn - d->origin_n) / d->m_per_deg_lat;
}

double
gw_demo_jitter_for (RoadClass cls)
{
  /* Roads run straight-ish; walls between lots wander. */
  return cls >= ROAD_SECONDARY ? 0.8 : 2.0;
}

/* Marks lines of the lattice as roads: a secondary one every few lines
 * (@steps), a main one where the last main one lies @gap_lo–@gap_hi metres
 * back and the far edge more than @end_margin ahead; the first and last
 * lines are main roads. @positions run away from line 0 in @direction
 * (+1 eastwards, −1 southwards). */
static void
choose_road_lines (Demo          *d,
                   RoadClass     *cls,
                   const double  *positions,
                   int            n,
                   int            last_line,
                   double         direction,
                   const guint8  *steps,
                   guint          n_steps,
                   double         gap_lo,
                   double         gap_hi,
                   double         end_margin)
{
  double last_main = 0;
  int i = 0;

  cls[0] = cls[n] = ROAD_MAIN;
  while (TRUE)
    {
      i += (int) rng_pick (&d->rng, steps, n_steps);
      if (i > last_line)
        break;
      cls[i] = ROAD_SECONDARY;
      if (direction * (positions[i] - last_main) > rng_uniform (&d->rng, gap_lo, gap_hi)
          && direction * (positions[n] - positions[i]) > end_margin)
        {
          cls[i] = ROAD_MAIN;
          last_main = positions[i];
        }
    }
}

void
gw_demo_build_lattice (Demo *d)
{
  const ScaleConfig *cfg = d->cfg;
  double width, height;
  double aspect = d->scale == GW_DEMO_SCALE_STREET ? 1.18 : 1.08;
  double gross = cfg->area_km2 * 1e6 * (d->scale == GW_DEMO_SCALE_STREET ? 1.08 : 1.10);
  GArray *cols = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (double));
  double x = 0, y = 0;
  double phi = cfg->lat0 * G_PI / 180.0;

  /* The street is a little wider than tall; notches bring it to its area. */
  width = sqrt (gross * aspect);
  height = gross / width;

  g_array_append_val (cols, x);
  while (x < width - 25)
    {
      x += rng_uniform (&d->rng, 46, 64);
      g_array_append_val (cols, x);
    }
  g_array_append_val (rows, y);
  while (-y < height - 20)
    {
      y -= rng_uniform (&d->rng, 38, 52);
      g_array_append_val (rows, y);
    }
  d->nc = cols->len - 1;
  d->nr = rows->len - 1;
  d->col_x = (double *) g_array_free (cols, FALSE);
  d->row_y = (double *) g_array_free (rows, FALSE);

  d->origin_e = d->col_x[d->nc] / 2;
  d->origin_n = d->row_y[d->nr] / 2;
  d->m_per_deg_lat = 111132.92 - 559.82 * cos (2 * phi) + 1.175 * cos (4 * phi);
  d->m_per_deg_lon = 111412.84 * cos (phi) - 93.5 * cos (3 * phi);

  d->warp_a[0] = rng_uniform (&d->rng, 10, 16);
  d->warp_a[1] = rng_uniform (&d->rng, 1100, 1600) / (2 * G_PI);
  d->warp_a[2] = rng_uniform (&d->rng, 0, 2 * G_PI);
  d->warp_a[3] = rng_uniform (&d->rng, 5, 9);
  d->warp_a[4] = rng_uniform (&d->rng, 800, 1100) / (2 * G_PI);
  d->warp_a[5] = rng_uniform (&d->rng, 0, 2 * G_PI);
  d->warp_b[0] = rng_uniform (&d->rng, 10, 16);
  d->warp_b[1] = rng_uniform (&d->rng, 1200, 1700) / (2 * G_PI);
  d->warp_b[2] = rng_uniform (&d->rng, 0, 2 * G_PI);
  d->warp_b[3] = rng_uniform (&d->rng, 5, 9);
  d->warp_b[4] = rng_uniform (&d->rng, 800, 1100) / (2 * G_PI);
  d->warp_b[5] = rng_uniform (&d->rng, 0, 2 * G_PI);

  /* Road lines: east–west roads bound the bands of 2–4 rows, north–south
   * roads come every 3–5 columns; some of them are main roads, about every
   * 400–500 m, and the outline of the area is a road all round. */
  d->col_cls = g_new0 (RoadClass, d->nc + 1);
  d->row_cls = g_new0 (RoadClass, d->nr + 1);
  {
    static const guint8 col_steps[] = { 0, 0, 0, 30, 45, 25 };
    static const guint8 row_steps[] = { 0, 0, 20, 60, 20 };

    choose_road_lines (d, d->col_cls, d->col_x, d->nc, d->nc - 3, 1, col_steps,
                       G_N_ELEMENTS (col_steps), 380, 520, 250);
    choose_road_lines (d, d->row_cls, d->row_y, d->nr, d->nr - 2, -1, row_steps,
                       G_N_ELEMENTS (row_steps), 350, 480, 220);
  }

  d->n_bands = 0;
  d->band_row = g_new (int, d->nr + 1);
  for (int j = 0; j <= d->nr; j++)
    if (d->row_cls[j] >= ROAD_SECONDARY)
      d->band_row[d->n_bands++] = j;
  d->n_bands--;

  d->vertex = g_new (GwPoint, (gsize) (d->nc + 1) * (d->nr + 1));
  for (int j = 0; j <= d->nr; j++)
    for (int i = 0; i <= d->nc; i++)
      {
        double jx = gw_demo_jitter_for (d->col_cls[i]);
        double jy = gw_demo_jitter_for (d->row_cls[j]);
        double e = d->col_x[i] + ((i == 0 || i == d->nc) ? 0 : rng_uniform (&d->rng, -jx, jx));
        double n = d->row_y[j] + ((j == 0 || j == d->nr) ? 0 : rng_uniform (&d->rng, -jy, jy));

        gw_demo_to_lonlat (d, e, n, &VERTEX (d, i, j));
      }

  d->edge_h = g_new (int, (gsize) d->nc * (d->nr + 1));
  d->edge_v = g_new (int, (gsize) (d->nc + 1) * d->nr);
  for (gsize k = 0; k < (gsize) d->nc * (d->nr + 1); k++)
    d->edge_h[k] = -1;
  for (gsize k = 0; k < (gsize) (d->nc + 1) * d->nr; k++)
    d->edge_v[k] = -1;
}

double
gw_demo_band_height (Demo *d,
                     int   band)
{
  return d->row_y[d->band_row[band]] - d->row_y[d->band_row[band + 1]];
}

void
gw_demo_region_init (Demo   *d,
                     Region *region)
{
  region->x0 = g_new0 (int, d->n_bands);
  region->x1 = g_new0 (int, d->n_bands);
  region->b0 = region->b1 = 0;
}

void
gw_demo_region_clear (Region *region)
{
  g_clear_pointer (&region->x0, g_free);
  g_clear_pointer (&region->x1, g_free);
}

double
gw_demo_region_area (Demo         *d,
                     const Region *region)
{
  double area = 0;

  for (int b = region->b0; b < region->b1; b++)
    area += (d->col_x[region->x1[b]] - d->col_x[region->x0[b]]) * gw_demo_band_height (d, b);
  return area;
}

void
gw_demo_region_extent (Demo         *d,
                       const Region *region,
                       double       *width,
                       double       *height)
{
  int lo = G_MAXINT, hi = 0;

  for (int b = region->b0; b < region->b1; b++)
    {
      lo = MIN (lo, region->x0[b]);
      hi = MAX (hi, region->x1[b]);
    }
  *width = d->col_x[hi] - d->col_x[lo];
  *height = d->row_y[d->band_row[region->b0]] - d->row_y[d->band_row[region->b1]];
}

/* Bands contiguous, each non-empty, neighbours overlapping: a simple polygon. */
static gboolean
region_normalize (Region *region,
                  int     b0,
                  int     b1)
{
  int first = -1, last = -1;

  for (int b = b0; b < b1; b++)
    if (region->x0[b] < region->x1[b])
      {
        if (first < 0)
          first = b;
        else if (last != b - 1)
          return FALSE;
        last = b;
      }
  if (first < 0)
    return FALSE;
  for (int b = first; b < last; b++)
    if (region->x0[b + 1] >= region->x1[b] || region->x0[b] >= region->x1[b + 1])
      return FALSE;
  region->b0 = first;
  region->b1 = last + 1;
  return TRUE;
}

void
gw_demo_region_to_span (Demo         *d,
                        const Region *region,
                        RowSpan      *span)
{
  span->r0 = d->band_row[region->b0];
  span->r1 = d->band_row[region->b1];
  span->a = g_new (int, span->r1 - span->r0);
  span->b = g_new (int, span->r1 - span->r0);
  for (int b = region->b0; b < region->b1; b++)
    for (int r = d->band_row[b]; r < d->band_row[b + 1]; r++)
      {
        span->a[r - span->r0] = region->x0[b];
        span->b[r - span->r0] = region->x1[b];
      }
}

/* The outline of a row span through every lattice vertex on it, so that
 * neighbours share exactly the same points: east along the top, down the
 * east side (stepping along row lines where it shifts), west along the
 * bottom and up the west side. */
void
gw_demo_span_write_wkb (Demo          *d,
                        const RowSpan *span)
{
  g_autoptr (GArray) ring = g_array_new (FALSE, FALSE, sizeof (GwPoint));
  int n = span->r1 - span->r0;

  for (int i = span->a[0]; i <= span->b[0]; i++)
    g_array_append_val (ring, VERTEX (d, i, span->r0));
  for (int k = 0; k < n; k++)
    {
      int r = span->r0 + k;
      int b = span->b[k];

      g_array_append_val (ring, VERTEX (d, b, r + 1));
      if (k + 1 < n)
        {
          int next = span->b[k + 1];

          if (next > b)
            for (int i = b + 1; i <= next; i++)
              g_array_append_val (ring, VERTEX (d, i, r + 1));
          else
            for (int i = b - 1; i >= next; i--)
              g_array_append_val (ring, VERTEX (d, i, r + 1));
        }
    }
  for (int i = span->b[n - 1] - 1; i >= span->a[n - 1]; i--)
    g_array_append_val (ring, VERTEX (d, i, span->r1));
  for (int k = n - 1; k >= 0; k--)
    {
      int r = span->r0 + k;
      int a = span->a[k];

      g_array_append_val (ring, VERTEX (d, a, r));
      if (k > 0)
        {
          int next = span->a[k - 1];

          if (next > a)
            for (int i = a + 1; i <= next; i++)
              g_array_append_val (ring, VERTEX (d, i, r));
          else
            for (int i = a - 1; i >= next; i--)
              g_array_append_val (ring, VERTEX (d, i, r));
        }
    }
  /* The walk ends where it began; the builder closes the ring itself. */
  if (ring->len > 1)
    {
      GwPoint *first = &g_array_index (ring, GwPoint, 0);
      GwPoint *last = &g_array_index (ring, GwPoint, ring->len - 1);

      if (first->x == last->x && first->y == last->y)
        g_array_set_size (ring, ring->len - 1);
    }

  gw_wkb_builder_begin_multipolygon (d->wkb);
  gw_wkb_builder_begin_polygon (d->wkb);
  gw_wkb_builder_add_ring (d->wkb, (const GwPoint *) ring->data, ring->len);
}

double
gw_demo_span_area (Demo          *d,
                   const RowSpan *span)
{
  double area = 0;

  for (int r = span->r0; r < span->r1; r++)
    area += (d->col_x[span->b[r - span->r0]] - d->col_x[span->a[r - span->r0]])
            * (d->row_y[r] - d->row_y[r + 1]);
  return area;
}

/* ------------------------------------------------------------------------ */
/* Territory: the lattice rectangle less a notch or two at the corners, cut
 * along roads, down to the target area. */

void
gw_demo_build_territory (Demo *d)
{
  double target = d->cfg->area_km2 * 1e6;
  int n_notches = d->scale == GW_DEMO_SCALE_STREET ? 1 : 2;
  Region *t = &d->territory;

  gw_demo_region_init (d, t);
  for (int b = 0; b < d->n_bands; b++)
    {
      t->x0[b] = 0;
      t->x1[b] = d->nc;
    }
  t->b0 = 0;
  t->b1 = d->n_bands;

  for (int notch = 0; notch < n_notches; notch++)
    {
      double excess = (gw_demo_region_area (d, t) - target) / (n_notches - notch);
      double best_error = G_MAXDOUBLE;
      int best_bands = 0, best_col = 0;
      /* North-east corner first, then south-west. */
      gboolean north_east = (notch == 0);

      for (int nb = 1; nb < d->n_bands / 2; nb++)
        for (int i = 1; i < d->nc; i++)
          {
            double removed = 0;

            if (d->col_cls[i] < ROAD_SECONDARY)
              continue;
            for (int k = 0; k < nb; k++)
              {
                int b = north_east ? k : d->n_bands - 1 - k;

                if (north_east)
                {
                  int from = MAX (i, t->x0[b]);

                  removed += MAX (0, d->col_x[t->x1[b]] - d->col_x[from])
                             * gw_demo_band_height (d, b);
                }
                else
                {
                  int to = MIN (i, t->x1[b]);

                  removed += MAX (0, d->col_x[to] - d->col_x[t->x0[b]])
                             * gw_demo_band_height (d, b);
                }
              }
            /* Keep notches modest: at most 40 % of the width. */
            if (north_east ? (d->nc - i) * 5 > d->nc * 2 : i * 5 > d->nc * 2)
              continue;
            if (fabs (removed - excess) < best_error)
              {
                best_error = fabs (removed - excess);
                best_bands = nb;
                best_col = i;
              }
          }
      if (best_bands == 0)
        continue;
      for (int k = 0; k < best_bands; k++)
        {
          int b = north_east ? k : d->n_bands - 1 - k;

          if (north_east)
            t->x1[b] = MIN (t->x1[b], best_col);
          else
            t->x0[b] = MAX (t->x0[b], best_col);
        }
    }
  region_normalize (t, 0, d->n_bands);
}

static gboolean
cell_in_territory (Demo *d,
                   int   i,
                   int   j)
{
  if (i < 0 || i >= d->nc || j < 0 || j >= d->nr)
    return FALSE;
  for (int b = d->territory.b0; b < d->territory.b1; b++)
    if (j >= d->band_row[b] && j < d->band_row[b + 1])
      return i >= d->territory.x0[b] && i < d->territory.x1[b];
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Guillotine partition: cut a region along roads into @n parts of about
 * equal area and compact shape (streets into communities, a district into
 * streets). */

void
gw_demo_partition (Demo         *d,
                   const Region *region,
                   int           n,
                   GArray       *out)  /* of Region */
{
  double area = gw_demo_region_area (d, region);
  double best_score = G_MAXDOUBLE;
  Region best_a = { 0 }, best_b = { 0 };
  int best_na = 0;

  if (n <= 1)
    {
      Region copy;

      gw_demo_region_init (d, &copy);
      memcpy (copy.x0, region->x0, sizeof (int) * d->n_bands);
      memcpy (copy.x1, region->x1, sizeof (int) * d->n_bands);
      copy.b0 = region->b0;
      copy.b1 = region->b1;
      g_array_append_val (out, copy);
      return;
    }

  /* Candidate cuts: between bands, and along north–south roads. */
  for (int pass = 0; pass < 2; pass++)
    {
      int lo = pass == 0 ? region->b0 + 1 : 1;
      int hi = pass == 0 ? region->b1 : d->nc;

      for (int k = lo; k < hi; k++)
        {
          Region a, b;
          double area_a, wa, ha, wb, hb, score;
          int na;

          if (pass == 1 && d->col_cls[k] < ROAD_SECONDARY)
            continue;
          gw_demo_region_init (d, &a);
          gw_demo_region_init (d, &b);
          for (int band = region->b0; band < region->b1; band++)
            {
              if (pass == 0)
                {
                  Region *side = band < k ? &a : &b;

                  side->x0[band] = region->x0[band];
                  side->x1[band] = region->x1[band];
                }
              else
                {
                  a.x0[band] = region->x0[band];
                  a.x1[band] = MIN (region->x1[band], k);
                  b.x0[band] = MAX (region->x0[band], k);
                  b.x1[band] = region->x1[band];
                  if (a.x1[band] < a.x0[band])
                    a.x1[band] = a.x0[band];
                  if (b.x1[band] < b.x0[band])
                    b.x1[band] = b.x0[band];
                }
            }
          if (!region_normalize (&a, region->b0, region->b1)
              || !region_normalize (&b, region->b0, region->b1))
            {
              gw_demo_region_clear (&a);
              gw_demo_region_clear (&b);
              continue;
            }
          area_a = gw_demo_region_area (d, &a);
          na = (int) lround (n * area_a / area);
          na = CLAMP (na, 1, n - 1);
          gw_demo_region_extent (d, &a, &wa, &ha);
          gw_demo_region_extent (d, &b, &wb, &hb);
          /* Equal area per part, and parts whose own cells are squarish. */
          score = 3.0 * fabs (area_a / na - (area - area_a) / (n - na)) / (area / n)
                  + 0.5 * fabs (log (wa * wa / (ha * ha) / (na > 1 ? na : 1)))
                  + 0.5 * fabs (log (wb * wb / (hb * hb) / (n - na > 1 ? n - na : 1)));
          if (area_a / na < 0.55 * area / n || (area - area_a) / (n - na) < 0.55 * area / n)
            score += 10;
          if (score < best_score)
            {
              gw_demo_region_clear (&best_a);
              gw_demo_region_clear (&best_b);
              best_a = a;
              best_b = b;
              best_na = na;
              best_score = score;
            }
          else
            {
              gw_demo_region_clear (&a);
              gw_demo_region_clear (&b);
            }
        }
    }

  g_assert (best_na > 0);
  gw_demo_partition (d, &best_a, best_na, out);
  gw_demo_partition (d, &best_b, n - best_na, out);
  gw_demo_region_clear (&best_a);
  gw_demo_region_clear (&best_b);
}

/* Largest remainder: split @total among @n items ∝ @weights, each ≥ @floor_each. */
void
gw_demo_apportion (const double *weights,
                   int           n,
                   int           total,
                   int           floor_each,
                   int          *out)
{
  double sum = 0;
  int given = 0;
  g_autofree double *rest = g_new (double, n);

  for (int i = 0; i < n; i++)
    sum += weights[i];
  for (int i = 0; i < n; i++)
    {
      double share = floor_each + (total - floor_each * n) * weights[i] / sum;

      out[i] = (int) floor (share);
      rest[i] = share - out[i];
      given += out[i];
    }
  while (given < total)
    {
      int best = 0;

      for (int i = 1; i < n; i++)
        if (rest[i] > rest[best])
          best = i;
      out[best]++;
      rest[best] = -1;
      given++;
    }
}

/* ------------------------------------------------------------------------ */
/* Roads: the road lines, named like Qingdao's (after Chinese places), and
 * lanes inside some blocks. Lots reach the road centrelines; the renderer
 * draws the roads over them. */

static gboolean
edge_h_inside (Demo *d,
               int   i,
               int   j)
{
  return cell_in_territory (d, i, j - 1) || cell_in_territory (d, i, j);
}

static gboolean
edge_v_inside (Demo *d,
               int   i,
               int   j)
{
  return cell_in_territory (d, i - 1, j) || cell_in_territory (d, i, j);
}

static void
add_road_runs (Demo       *d,
               const char *name,
               RoadClass   cls,
               gboolean    horizontal,
               int         line,
               int         from,
               int         to)
{
  int start = -1;

  for (int k = from; k <= to; k++)
    {
      gboolean inside = k < to
                        && (horizontal ? edge_h_inside (d, k, line) : edge_v_inside (d, line, k));

      if (inside && start < 0)
        start = k;
      else if (!inside && start >= 0)
        {
          Road road = { name, cls, horizontal, line, start, k };
          int index = d->roads->len;

          g_array_append_val (d->roads, road);
          for (int e = start; e < k; e++)
            {
              if (horizontal)
                EDGE_H (d, e, line) = index;
              else
                EDGE_V (d, line, e) = index;
            }
          start = -1;
        }
    }
}

typedef struct
{
  gboolean horizontal;
  int      line;
  double   distance;
} RoadLine;

static int
compare_road_lines (gconstpointer a,
                    gconstpointer b)
{
  const RoadLine *la = a, *lb = b;

  if (la->distance != lb->distance)
    return la->distance < lb->distance ? -1 : 1;
  if (la->horizontal != lb->horizontal)
    return la->horizontal ? -1 : 1;
  return la->line - lb->line;
}

static const char *
road_name (Demo               *d,
           const char * const *pool,
           guint               n_pool,
           guint              *next)
{
  const char *base = pool[*next % n_pool];
  guint round = *next / n_pool;

  (*next)++;
  if (round == 0)
    return base;
  else
    {
      /* Out of names: 宁夏路 → 宁夏二路, as Qingdao numbers its roads. */
      static const char * const numerals[] = { "二", "三", "四", "五", "六", "七", "八", "九" };
      g_autofree char *stem = g_strndup (base, strlen (base) - strlen ("路"));
      g_autofree char *name = g_strconcat (stem, numerals[(round - 1) % 8], "路", NULL);

      return gw_demo_intern (d, name);
    }
}

void
gw_demo_build_roads (Demo *d)
{
  g_autoptr (GArray) mains = g_array_new (FALSE, FALSE, sizeof (RoadLine));
  g_autoptr (GArray) minors = g_array_new (FALSE, FALSE, sizeof (RoadLine));
  double ce = d->col_x[d->nc] / 2, cn = d->row_y[d->nr] / 2;
  guint next_main = 0, next_minor = 0;
  g_autofree int *minor_order = NULL;

  d->roads = g_array_new (FALSE, FALSE, sizeof (Road));

  for (int j = 0; j <= d->nr; j++)
    if (d->row_cls[j] >= ROAD_SECONDARY)
      {
        RoadLine line = { TRUE, j, fabs (d->row_y[j] - cn) };

        g_array_append_val (d->row_cls[j] == ROAD_MAIN ? mains : minors, line);
      }
  for (int i = 0; i <= d->nc; i++)
    if (d->col_cls[i] >= ROAD_SECONDARY)
      {
        RoadLine line = { FALSE, i, fabs (d->col_x[i] - ce) };

        g_array_append_val (d->col_cls[i] == ROAD_MAIN ? mains : minors, line);
      }
  /* The main road nearest the middle gets the first name (宁夏路 at the
   * street scale: the street is named after it). */
  g_array_sort (mains, compare_road_lines);
  for (guint k = 0; k < mains->len; k++)
    {
      RoadLine *line = &g_array_index (mains, RoadLine, k);
      const char *name = road_name (d, gw_demo_main_roads, gw_demo_n_main_roads, &next_main);

      add_road_runs (d, name, ROAD_MAIN, line->horizontal, line->line,
                     0, line->horizontal ? d->nc : d->nr);
    }
  minor_order = g_new (int, gw_demo_n_minor_roads);
  for (guint k = 0; k < gw_demo_n_minor_roads; k++)
    minor_order[k] = k;
  rng_shuffle (&d->rng, minor_order, gw_demo_n_minor_roads);
  for (guint k = 0; k < minors->len; k++)
    {
      RoadLine *line = &g_array_index (minors, RoadLine, k);
      const char *name;

      if (next_minor < gw_demo_n_minor_roads)
        name = gw_demo_minor_roads[minor_order[next_minor++]];
      else
        name = road_name (d, gw_demo_minor_roads, gw_demo_n_minor_roads, &next_minor);
      add_road_runs (d, name, ROAD_SECONDARY, line->horizontal, line->line,
                     0, line->horizontal ? d->nc : d->nr);
    }

  /* Lanes: within a block (a band between two north–south roads) an
   * east–west or north–south lane now and then. Unnamed, like most. */
  for (int b = 0; b < d->n_bands; b++)
    {
      int r0 = d->band_row[b], r1 = d->band_row[b + 1];
      int i0 = 0;

      for (int i1 = 1; i1 <= d->nc; i1++)
        {
          if (d->col_cls[i1] < ROAD_SECONDARY)
            continue;
          if (r1 - r0 >= 3 && rng_chance (&d->rng, 0.3))
            add_road_runs (d, "", ROAD_LANE, TRUE, r0 + rng_int (&d->rng, 1, r1 - r0 - 1), i0, i1);
          if (i1 - i0 >= 4 && rng_chance (&d->rng, 0.3))
            add_road_runs (d, "", ROAD_LANE, FALSE, i0 + rng_int (&d->rng, 2, i1 - i0 - 2), r0, r1);
          i0 = i1;
        }
    }
}

RoadClass
gw_demo_side_class (Demo *d,
                    const Lot *lot,
                    int        side,
                    int       *road)
{
  RoadClass best = ROAD_NONE;

  *road = -1;
  if (side == SIDE_N || side == SIDE_S)
    {
      int j = side == SIDE_N ? lot->r0 : lot->r1;

      for (int i = lot->c0; i < lot->c1; i++)
        if (EDGE_H (d, i, j) >= 0 && ROAD (d, EDGE_H (d, i, j))->cls > best)
          {
            *road = EDGE_H (d, i, j);
            best = ROAD (d, *road)->cls;
          }
    }
  else
    {
      int i = side == SIDE_W ? lot->c0 : lot->c1;

      for (int j = lot->r0; j < lot->r1; j++)
        if (EDGE_V (d, i, j) >= 0 && ROAD (d, EDGE_V (d, i, j))->cls > best)
          {
            *road = EDGE_V (d, i, j);
            best = ROAD (d, *road)->cls;
          }
    }
  return best;
}
