/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-hotspot"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gw-hotspot-stats.h"

/* ------------------------------------------------------------------------ */
/* Spatial weights */

static int
compare_guint (const void *a,
               const void *b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

GwAdjacency *
gw_adjacency_new_from_pairs (guint         n_items,
                             const guint  *pairs,
                             guint         n_pairs)
{
  GwAdjacency *adjacency = g_new0 (GwAdjacency, 1);
  g_autofree guint *degree = g_new0 (guint, n_items + 1);
  g_autofree guint *fill = NULL;
  guint n_links = 0;

  g_return_val_if_fail (pairs != NULL || n_pairs == 0, NULL);

  adjacency->n_items = n_items;
  adjacency->start = g_new0 (guint, n_items + 1);
  for (guint k = 0; k < n_pairs; k++)
    {
      guint a = pairs[2 * k], b = pairs[2 * k + 1];

      if (a == b || a >= n_items || b >= n_items)
        continue;
      degree[a]++;
      degree[b]++;
    }
  for (guint i = 0; i < n_items; i++)
    {
      adjacency->start[i + 1] = adjacency->start[i] + degree[i];
      n_links += degree[i];
    }
  adjacency->index = g_new (guint, MAX (n_links, 1));
  fill = g_memdup2 (adjacency->start, sizeof (guint) * (n_items + 1));
  for (guint k = 0; k < n_pairs; k++)
    {
      guint a = pairs[2 * k], b = pairs[2 * k + 1];

      if (a == b || a >= n_items || b >= n_items)
        continue;
      adjacency->index[fill[a]++] = b;
      adjacency->index[fill[b]++] = a;
    }

  /* Sort each list and drop repeats (the pair given in both orders). */
  n_links = 0;
  for (guint i = 0; i < n_items; i++)
    {
      guint begin = adjacency->start[i], end = adjacency->start[i + 1];

      qsort (adjacency->index + begin, end - begin, sizeof (guint), compare_guint);
      adjacency->start[i] = n_links;
      for (guint k = begin; k < end; k++)
        if (k == begin || adjacency->index[k] != adjacency->index[k - 1])
          adjacency->index[n_links++] = adjacency->index[k];
    }
  adjacency->start[n_items] = n_links;
  return adjacency;
}

void
gw_adjacency_free (GwAdjacency *adjacency)
{
  if (adjacency == NULL)
    return;
  g_free (adjacency->start);
  g_free (adjacency->index);
  g_free (adjacency);
}

/* ------------------------------------------------------------------------ */
/* Hot and cold spots */

const char *
gw_hotspot_class_key (int klass)
{
  switch (klass)
    {
    case GW_HOTSPOT_HOT_99: return "hot_99";
    case GW_HOTSPOT_HOT_95: return "hot_95";
    case GW_HOTSPOT_HOT_90: return "hot_90";
    case GW_HOTSPOT_COLD_90: return "cold_90";
    case GW_HOTSPOT_COLD_95: return "cold_95";
    case GW_HOTSPOT_COLD_99: return "cold_99";
    default: return "none";
    }
}

int
gw_hotspot_class (double z,
                  double p)
{
  int level;

  if (isnan (z) || isnan (p) || z == 0)
    return GW_HOTSPOT_NONE;
  level = p < 0.01 ? 3 : p < 0.05 ? 2 : p < 0.10 ? 1 : 0;
  return z > 0 ? level : -level;
}

double
gw_normal_p_two_sided (double z)
{
  if (isnan (z))
    return NAN;
  return erfc (fabs (z) / G_SQRT2);
}

typedef struct
{
  double p;
  guint  index;
} RankedP;

static int
compare_ranked (const void *a,
                const void *b)
{
  const RankedP *x = a, *y = b;

  if (x->p != y->p)
    return x->p < y->p ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* Benjamini, Y. & Hochberg, Y. (1995), "Controlling the false discovery
 * rate", J. R. Statist. Soc. B 57 (1), 289–300: with the m p-values sorted,
 * p_(k) is rejected at level q when p_(k) ≤ k q / m for some k' ≥ k; the
 * adjusted value is min_{k' ≥ k} (m p_(k') / k'), at most 1. */
void
gw_fdr_benjamini_hochberg (const double *p,
                           guint         n,
                           double       *q)
{
  g_autofree RankedP *ranked = g_new (RankedP, MAX (n, 1));
  guint m = 0;
  double running = 1.0;

  g_return_if_fail (p != NULL || n == 0);
  g_return_if_fail (q != NULL || n == 0);

  for (guint i = 0; i < n; i++)
    if (!isnan (p[i]))
      ranked[m++] = (RankedP) { p[i], i };
  qsort (ranked, m, sizeof (RankedP), compare_ranked);
  for (guint i = 0; i < n; i++)
    if (isnan (p[i]))
      q[i] = NAN;
  for (guint k = m; k-- > 0; )
    {
      double adjusted = ranked[k].p * m / (k + 1);

      running = MIN (running, adjusted);
      q[ranked[k].index] = MIN (running, 1.0);
    }
}

gboolean
gw_gi_star (const double       *values,
            const guint        *n_cases,
            guint               min_cases,
            const GwAdjacency  *adjacency,
            GwGiStar           *out)
{
  guint n;
  double sum = 0, sum_squares = 0, mean, s;
  g_autofree double *p = NULL;
  g_autofree double *q = NULL;

  g_return_val_if_fail (adjacency != NULL, FALSE);
  g_return_val_if_fail (values != NULL || adjacency->n_items == 0, FALSE);
  g_return_val_if_fail (out != NULL || adjacency->n_items == 0, FALSE);

  n = adjacency->n_items;
  for (guint i = 0; i < n; i++)
    out[i] = (GwGiStar) { 0, 1, 1, GW_HOTSPOT_NONE };
  if (n < 3)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      sum += values[i];
      sum_squares += values[i] * values[i];
    }
  mean = sum / n;
  s = sqrt (MAX (sum_squares / n - mean * mean, 0));
  if (s <= 1e-12 * MAX (fabs (mean), 1))
    return FALSE;

  p = g_new (double, n);
  q = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      /* Binary weights with w_ii = 1: Σ w = Σ w² = 1 + the neighbours. */
      double w = 1 + adjacency->start[i + 1] - adjacency->start[i];
      double local = values[i];
      double spread;

      for (guint k = adjacency->start[i]; k < adjacency->start[i + 1]; k++)
        local += values[adjacency->index[k]];
      spread = s * sqrt ((n * w - w * w) / (n - 1));
      out[i].z = spread > 0 ? (local - mean * w) / spread : 0;
      p[i] = gw_normal_p_two_sided (out[i].z);
    }
  gw_fdr_benjamini_hochberg (p, n, q);
  for (guint i = 0; i < n; i++)
    {
      out[i].p = p[i];
      out[i].p_fdr = q[i];
      out[i].klass = gw_hotspot_class (out[i].z, q[i]);
      if (n_cases != NULL && n_cases[i] < min_cases)
        out[i].klass = GW_HOTSPOT_NONE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Trends */

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Σ t(t−1)(2t+5) and Σ t(t−1)/2 over the groups of tied values. */
static void
tie_sums (const double *x,
          guint         n,
          double       *variance_term,
          double       *pairs)
{
  g_autofree double *sorted = g_memdup2 (x, sizeof (double) * n);
  guint i = 0;

  *variance_term = 0;
  *pairs = 0;
  qsort (sorted, n, sizeof (double), compare_double);
  while (i < n)
    {
      guint j = i + 1;
      double t;

      while (j < n && sorted[j] == sorted[i])
        j++;
      t = j - i;
      *variance_term += t * (t - 1) * (2 * t + 5);
      *pairs += t * (t - 1) / 2;
      i = j;
    }
}

/* Mann, H. B. (1945), "Nonparametric tests against trend", Econometrica 13,
 * 245–259; Kendall, M. G. (1975), Rank Correlation Methods, 4th ed.; the
 * tie-corrected variance and continuity correction as in Hipel & McLeod
 * (1994), Time Series Modelling of Water Resources, §23.3. */
void
gw_mann_kendall (const double   *x,
                 guint           n,
                 GwMannKendall  *out)
{
  double s = 0, ties, tied_pairs, n0;

  g_return_if_fail (out != NULL);
  g_return_if_fail (x != NULL || n == 0);

  *out = (GwMannKendall) { 0, 0, 0, 0, 1 };
  if (n < 3)
    return;
  for (guint i = 0; i + 1 < n; i++)
    for (guint j = i + 1; j < n; j++)
      s += (x[j] > x[i]) - (x[j] < x[i]);
  tie_sums (x, n, &ties, &tied_pairs);
  n0 = (double) n * (n - 1) / 2;
  out->s = s;
  out->var_s = ((double) n * (n - 1) * (2.0 * n + 5) - ties) / 18;
  if (out->var_s <= 0)
    return;
  /* tau-b: time has no ties, the series has tied_pairs. */
  out->tau = s / sqrt (n0 * (n0 - tied_pairs));
  out->z = s > 0 ? (s - 1) / sqrt (out->var_s) : s < 0 ? (s + 1) / sqrt (out->var_s) : 0;
  out->p = gw_normal_p_two_sided (out->z);
}

static const struct
{
  const char *key;
  const char *label;
} emerging_names[GW_EMERGING_N_CATEGORIES] = {
  [GW_EMERGING_NONE] = { "none", N_("No pattern detected") },
  [GW_EMERGING_NEW_HOT] = { "new_hot", N_("New hot spot") },
  [GW_EMERGING_CONSECUTIVE_HOT] = { "consecutive_hot", N_("Consecutive hot spot") },
  [GW_EMERGING_INTENSIFYING_HOT] = { "intensifying_hot", N_("Intensifying hot spot") },
  [GW_EMERGING_PERSISTENT_HOT] = { "persistent_hot", N_("Persistent hot spot") },
  [GW_EMERGING_DIMINISHING_HOT] = { "diminishing_hot", N_("Diminishing hot spot") },
  [GW_EMERGING_SPORADIC_HOT] = { "sporadic_hot", N_("Sporadic hot spot") },
  [GW_EMERGING_OSCILLATING_HOT] = { "oscillating_hot", N_("Oscillating hot spot") },
  [GW_EMERGING_HISTORICAL_HOT] = { "historical_hot", N_("Historical hot spot") },
  [GW_EMERGING_NEW_COLD] = { "new_cold", N_("New cold spot") },
  [GW_EMERGING_CONSECUTIVE_COLD] = { "consecutive_cold", N_("Consecutive cold spot") },
  [GW_EMERGING_INTENSIFYING_COLD] = { "intensifying_cold", N_("Intensifying cold spot") },
  [GW_EMERGING_PERSISTENT_COLD] = { "persistent_cold", N_("Persistent cold spot") },
  [GW_EMERGING_DIMINISHING_COLD] = { "diminishing_cold", N_("Diminishing cold spot") },
  [GW_EMERGING_SPORADIC_COLD] = { "sporadic_cold", N_("Sporadic cold spot") },
  [GW_EMERGING_OSCILLATING_COLD] = { "oscillating_cold", N_("Oscillating cold spot") },
  [GW_EMERGING_HISTORICAL_COLD] = { "historical_cold", N_("Historical cold spot") },
};

const char *
gw_emerging_key (GwEmerging category)
{
  g_return_val_if_fail (category < GW_EMERGING_N_CATEGORIES, "none");

  return emerging_names[category].key;
}

const char *
gw_emerging_label (GwEmerging category)
{
  g_return_val_if_fail (category < GW_EMERGING_N_CATEGORIES, "");

  return _(emerging_names[category].label);
}

/* One side (hot: @sign 1, cold: −1), when the last step is of that side or
 * not significant. Returns an offset from NEW (0 … 7) or −1. */
static int
classify_side (const int            *step_classes,
               guint                 n_steps,
               int                   sign,
               const GwMannKendall  *trend,
               double                alpha)
{
  guint n_same = 0, n_other = 0, run = 0;
  gboolean last = step_classes[n_steps - 1] * sign > 0;
  gboolean most = FALSE;
  gboolean rising = trend->p < alpha && trend->z * sign > 0;
  gboolean falling = trend->p < alpha && trend->z * sign < 0;

  for (guint t = 0; t < n_steps; t++)
    {
      if (step_classes[t] * sign > 0)
        n_same++;
      else if (step_classes[t] * sign < 0)
        n_other++;
    }
  while (run < n_steps && step_classes[n_steps - 1 - run] * sign > 0)
    run++;
  most = n_same * 10 >= 9 * n_steps;

  if (!last)
    return most ? GW_EMERGING_HISTORICAL_HOT - GW_EMERGING_NEW_HOT : -1;
  if (n_same == 1)
    return 0;
  if (most && rising)
    return GW_EMERGING_INTENSIFYING_HOT - GW_EMERGING_NEW_HOT;
  if (most && falling)
    return GW_EMERGING_DIMINISHING_HOT - GW_EMERGING_NEW_HOT;
  if (most)
    return GW_EMERGING_PERSISTENT_HOT - GW_EMERGING_NEW_HOT;
  if (run == n_same)
    return GW_EMERGING_CONSECUTIVE_HOT - GW_EMERGING_NEW_HOT;
  if (n_other > 0)
    return GW_EMERGING_OSCILLATING_HOT - GW_EMERGING_NEW_HOT;
  return GW_EMERGING_SPORADIC_HOT - GW_EMERGING_NEW_HOT;
}

GwEmerging
gw_emerging_classify (const int            *step_classes,
                      guint                 n_steps,
                      const GwMannKendall  *trend,
                      double                alpha)
{
  int offset;

  g_return_val_if_fail (step_classes != NULL || n_steps == 0, GW_EMERGING_NONE);
  g_return_val_if_fail (trend != NULL, GW_EMERGING_NONE);

  if (n_steps == 0)
    return GW_EMERGING_NONE;
  if (step_classes[n_steps - 1] >= 0)
    {
      offset = classify_side (step_classes, n_steps, 1, trend, alpha);
      if (offset >= 0)
        return GW_EMERGING_NEW_HOT + offset;
    }
  if (step_classes[n_steps - 1] <= 0)
    {
      offset = classify_side (step_classes, n_steps, -1, trend, alpha);
      if (offset >= 0)
        return GW_EMERGING_NEW_COLD + offset;
    }
  return GW_EMERGING_NONE;
}

/* ------------------------------------------------------------------------ */
/* Kernel density */

void
gw_density_raster_free (GwDensityRaster *raster)
{
  if (raster == NULL)
    return;
  g_free (raster->values);
  g_free (raster);
}

float
gw_density_raster_max (const GwDensityRaster *raster)
{
  float top = 0;

  g_return_val_if_fail (raster != NULL, 0);

  for (gsize k = 0; k < (gsize) raster->width * raster->height; k++)
    top = MAX (top, raster->values[k]);
  return top;
}

double
gw_kernel_default_radius (const double *xy,
                          guint         n)
{
  g_autofree double *distances = NULL;
  guint stride, m = 0;
  double mx = 0, my = 0, sd = 0, dm, radius;

  g_return_val_if_fail (xy != NULL || n == 0, 250);

  if (n < 2)
    return 250;
  for (guint i = 0; i < n; i++)
    {
      mx += xy[2 * i];
      my += xy[2 * i + 1];
    }
  mx /= n;
  my /= n;
  /* The median from an even sample of at most 20,000 points is plenty. */
  stride = MAX (n / 20000, 1);
  distances = g_new (double, n / stride + 1);
  for (guint i = 0; i < n; i++)
    {
      double dx = xy[2 * i] - mx, dy = xy[2 * i + 1] - my;

      sd += dx * dx + dy * dy;
      if (i % stride == 0)
        distances[m++] = sqrt (dx * dx + dy * dy);
    }
  sd = sqrt (sd / n);
  qsort (distances, m, sizeof (double), compare_double);
  dm = distances[m / 2];
  radius = 0.9 * MIN (sd, sqrt (1 / G_LN2) * dm) * pow (n, -0.2);
  return CLAMP (radius, 50, 2000);
}

double
gw_kernel_default_cell (double min_x,
                        double min_y,
                        double max_x,
                        double max_y,
                        guint  pixels)
{
  double width = MAX (max_x - min_x, 0), height = MAX (max_y - min_y, 0);
  double cell;

  if (pixels > 0)
    cell = MAX (width, height) / pixels;
  else
    cell = MIN (width, height) / 250;
  return MAX (cell, 1.0);
}

/* The kernel sampled at cell centres around a point at the centre of the
 * middle cell, (2 half + 1)² values summing to 1 / cell area (km²). */
static float *
kernel_stencil (double  radius,
                double  cell,
                int    *half)
{
  int h = (int) ceil (radius / cell);
  int side = 2 * h + 1;
  float *stencil = g_new0 (float, (gsize) side * side);
  double total = 0, cell_km2 = cell * cell / 1e6;

  for (int dy = -h; dy <= h; dy++)
    for (int dx = -h; dx <= h; dx++)
      {
        double u2 = ((double) dx * dx + (double) dy * dy) * cell * cell / (radius * radius);
        double k = u2 < 1 ? (1 - u2) * (1 - u2) : 0;

        stencil[(dy + h) * side + dx + h] = (float) k;
        total += k;
      }
  /* A radius under half a cell samples nothing but the centre. */
  if (total <= 0)
    {
      stencil[h * side + h] = 1;
      total = 1;
    }
  for (int k = 0; k < side * side; k++)
    stencil[k] = (float) (stencil[k] / (total * cell_km2));
  *half = h;
  return stencil;
}

/* Spreading the cells' counts with the stencil, in bands of output rows
 * on the processor's cores: each band reads every cell within the
 * stencil's reach of it and writes only its own rows, so no two threads
 * write one value. Each stencil row is applied over its non-zero span only
 * (the kernel's support is a disc). */
typedef struct
{
  GwDensityRaster *raster;
  const double    *counts;
  const float     *stencil;
  const int       *span;    /* per stencil row: the half-width of its non-zero part */
  int              half, side;
  int              first_row, end_row;
} Band;

static gpointer
spread_band (gpointer data)
{
  const Band *band = data;
  GwDensityRaster *raster = band->raster;
  int width = raster->width, height = raster->height, half = band->half;

  for (int r = MAX (band->first_row - half, 0); r < MIN (band->end_row + half, height); r++)
    for (int c = 0; c < width; c++)
      {
        float count = (float) band->counts[(gsize) r * width + c];

        if (count == 0)
          continue;
        for (int y = MAX (r - half, band->first_row); y <= MIN (r + half, band->end_row - 1); y++)
          {
            int dy = y - r + half;
            int x0 = MAX (c - band->span[dy], 0);
            int x1 = MIN (c + band->span[dy], width - 1);
            float *row = raster->values + (gsize) y * width;
            const float *kernel = band->stencil + (gsize) dy * band->side + (x0 - c + half);

            for (int x = 0; x <= x1 - x0; x++)
              row[x0 + x] += count * kernel[x];
          }
      }
  return NULL;
}

static void
spread_bands (GwDensityRaster *raster,
              const double    *counts,
              const float     *stencil,
              int              half,
              int              side)
{
  g_autofree int *span = g_new0 (int, side);
  guint n_bands = CLAMP (g_get_num_processors (), 1, 8);
  g_autofree Band *bands = NULL;
  g_autofree GThread **threads = NULL;

  for (int dy = 0; dy < side; dy++)
    for (int dx = 0; dx <= half; dx++)
      if (stencil[(gsize) dy * side + half + dx] > 0)
        span[dy] = dx;
  if (raster->height < 64)
    n_bands = 1;
  bands = g_new0 (Band, n_bands);
  threads = g_new0 (GThread *, n_bands);
  for (guint b = 0; b < n_bands; b++)
    {
      bands[b] = (Band) { raster, counts, stencil, span, half, side,
                          (int) ((gint64) raster->height * b / n_bands),
                          (int) ((gint64) raster->height * (b + 1) / n_bands) };
      if (b > 0)
        threads[b] = g_thread_new ("gw-density", spread_band, &bands[b]);
    }
  spread_band (&bands[0]);
  for (guint b = 1; b < n_bands; b++)
    g_thread_join (threads[b]);
}

GwDensityRaster *
gw_kernel_density (const double *xy,
                   const double *weights,
                   guint         n,
                   double        min_x,
                   double        min_y,
                   double        max_x,
                   double        max_y,
                   double        radius,
                   double        cell)
{
  g_autoptr (GwDensityRaster) raster = NULL;
  g_autofree double *counts = NULL;
  g_autofree float *stencil = NULL;
  double columns, rows;
  int half, side, width, height;

  g_return_val_if_fail (xy != NULL || n == 0, NULL);
  g_return_val_if_fail (radius > 0 && cell > 0, NULL);
  g_return_val_if_fail (max_x >= min_x && max_y >= min_y, NULL);

  columns = ceil ((max_x - min_x + 2 * radius) / cell);
  rows = ceil ((max_y - min_y + 2 * radius) / cell);
  if (columns > 16384 || rows > 16384)
    return NULL;
  width = MAX ((int) columns, 1);
  height = MAX ((int) rows, 1);

  raster = g_new0 (GwDensityRaster, 1);
  raster->west = min_x - radius;
  raster->north = max_y + radius;
  raster->cell = cell;
  raster->width = width;
  raster->height = height;
  raster->radius = radius;
  raster->values = g_new0 (float, (gsize) width * height);

  /* Points summed per cell first: the district's 235,000 cases fall on a
   * few tens of thousands of cells, each spread once. */
  counts = g_new0 (double, (gsize) width * height);
  for (guint i = 0; i < n; i++)
    {
      double c = floor ((xy[2 * i] - raster->west) / cell);
      double r = floor ((raster->north - xy[2 * i + 1]) / cell);

      if (c < 0 || r < 0 || c >= width || r >= height)
        continue;
      counts[(gsize) r * width + (gsize) c] += weights != NULL ? weights[i] : 1.0;
    }

  stencil = kernel_stencil (radius, cell, &half);
  side = 2 * half + 1;
  spread_bands (raster, counts, stencil, half, side);
  return g_steal_pointer (&raster);
}

/* ------------------------------------------------------------------------ */
/* Class breaks */

const char *
gw_breaks_method_key (GwBreaksMethod method)
{
  switch (method)
    {
    case GW_BREAKS_QUANTILE: return "quantile";
    case GW_BREAKS_JENKS: return "jenks";
    case GW_BREAKS_EQUAL_INTERVAL: return "equal";
    default: return "quantile";
    }
}

gboolean
gw_breaks_method_from_key (const char     *key,
                           GwBreaksMethod *method)
{
  static const GwBreaksMethod methods[] = {
    GW_BREAKS_QUANTILE, GW_BREAKS_JENKS, GW_BREAKS_EQUAL_INTERVAL
  };

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    if (g_strcmp0 (key, gw_breaks_method_key (methods[i])) == 0)
      {
        *method = methods[i];
        return TRUE;
      }
  return FALSE;
}

/* Fisher, W. D. (1958), "On grouping for maximum homogeneity", JASA 53,
 * 789–798: the optimal k-partition of sorted data by dynamic programming
 * (the algorithm behind Jenks's natural breaks in GIS, e.g. QGIS's
 * QgsClassificationJenks). cost[j][i]: the least within-class sum of
 * squares of the first i + 1 values in j + 1 classes. */
static void
jenks_breaks (const double *sorted,
              guint         n,
              guint         k,
              GArray       *breaks)
{
  g_autofree double *cost = g_new (double, (gsize) k * n);
  g_autofree guint *first = g_new0 (guint, (gsize) k * n);
  g_autofree double *prefix = g_new0 (double, n + 1);
  g_autofree double *prefix2 = g_new0 (double, n + 1);
  guint end;

  for (guint i = 0; i < n; i++)
    {
      prefix[i + 1] = prefix[i] + sorted[i];
      prefix2[i + 1] = prefix2[i] + sorted[i] * sorted[i];
    }
#define SSQ(a, b) (prefix2[(b) + 1] - prefix2[a] \
                   - (prefix[(b) + 1] - prefix[a]) * (prefix[(b) + 1] - prefix[a]) / ((b) + 1 - (a)))
  for (guint i = 0; i < n; i++)
    {
      cost[i] = SSQ (0, i);
      first[i] = 0;
    }
  for (guint j = 1; j < k; j++)
    for (guint i = 0; i < n; i++)
      {
        double best = G_MAXDOUBLE;
        guint best_start = i;

        /* The last class is values[m … i], m ≥ j (each class non-empty). */
        for (guint m = MAX (j, 1); m <= i; m++)
          {
            double c = cost[(j - 1) * n + m - 1] + SSQ (m, i);

            if (c < best)
              {
                best = c;
                best_start = m;
              }
          }
        cost[j * n + i] = i >= j ? best : G_MAXDOUBLE;
        first[j * n + i] = best_start;
      }
#undef SSQ
  /* Walk back from the last value: each class's first value gives the
   * previous class's upper bound. */
  {
    g_autofree double *upper = g_new (double, k);

    end = n - 1;
    for (guint j = k; j-- > 0; )
      {
        upper[j] = sorted[end];
        if (j > 0)
          end = first[j * n + end] - 1;
      }
    g_array_append_vals (breaks, upper, k);
  }
}

GArray *
gw_class_breaks (const double    *values,
                 guint            n,
                 guint            n_classes,
                 GwBreaksMethod   method)
{
  GArray *breaks = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree double *sorted = g_new (double, MAX (n, 1));
  guint m = 0, distinct = 0;

  g_return_val_if_fail (values != NULL || n == 0, breaks);
  g_return_val_if_fail (n_classes >= 1, breaks);

  for (guint i = 0; i < n; i++)
    if (!isnan (values[i]))
      sorted[m++] = values[i];
  if (m == 0)
    return breaks;
  qsort (sorted, m, sizeof (double), compare_double);
  for (guint i = 0; i < m; i++)
    if (i == 0 || sorted[i] != sorted[i - 1])
      distinct++;
  n_classes = MIN (n_classes, distinct);

  switch (method)
    {
    case GW_BREAKS_EQUAL_INTERVAL:
      for (guint j = 1; j <= n_classes; j++)
        {
          double b = j == n_classes ? sorted[m - 1]
                     : sorted[0] + (sorted[m - 1] - sorted[0]) * j / n_classes;

          g_array_append_val (breaks, b);
        }
      break;

    case GW_BREAKS_JENKS:
      {
        /* O(k n²): thin very long series to an even sample of 4,000. */
        guint stride = MAX (m / 4000, 1);
        guint kept = 0;

        for (guint i = 0; i < m; i += stride)
          sorted[kept++] = sorted[i];
        if (sorted[kept - 1] != sorted[m - 1])
          sorted[kept++] = sorted[m - 1];
        jenks_breaks (sorted, kept, n_classes, breaks);
      }
      break;

    case GW_BREAKS_QUANTILE:
    default:
      for (guint j = 1; j <= n_classes; j++)
        {
          guint at = (guint) ceil ((double) j * m / n_classes) - 1;
          double b = sorted[MIN (at, m - 1)];

          /* Ties can make two quantiles equal: keep the classes distinct. */
          if (breaks->len == 0 || b > g_array_index (breaks, double, breaks->len - 1))
            g_array_append_val (breaks, b);
        }
      break;
    }
  return breaks;
}

guint
gw_class_breaks_find (GArray *breaks,
                      double  value)
{
  g_return_val_if_fail (breaks != NULL, 0);

  for (guint j = 0; j < breaks->len; j++)
    if (value <= g_array_index (breaks, double, j))
      return j;
  return breaks->len > 0 ? breaks->len - 1 : 0;
}
