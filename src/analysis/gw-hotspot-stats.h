/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The statistics of the supervisor's hotspot map (issue 12): pure
 * computations over plain arrays, no store and no drawing. The core reads
 * the figures (gw-hotspot-query.h), these functions turn them into z-scores,
 * classes, trends and rasters, and the faces (CLI, app) show the results.
 *
 * Items are numbered 0 … n − 1 (grids, in the order the caller chose); every
 * per-item array has n elements. */

/* ------------------------------------------------------------------------ */
/* Spatial weights */

/**
 * GwAdjacency:
 * @n_items: how many items
 * @start: n_items + 1 offsets into @index
 * @index: the neighbours of item i are index[start[i] … start[i + 1] − 1],
 *   ascending, never i itself
 *
 * Binary contiguity (queen: sharing an edge or a corner), symmetric.
 */
typedef struct
{
  guint  n_items;
  guint *start;
  guint *index;
} GwAdjacency;

/* From unordered pairs (a, b) of neighbours, 2 × @n_pairs numbers; pairs in
 * both orders, repeated pairs and (a, a) are fine. */
GwAdjacency *gw_adjacency_new_from_pairs (guint         n_items,
                                          const guint  *pairs,
                                          guint         n_pairs);
void         gw_adjacency_free           (GwAdjacency  *adjacency);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwAdjacency, gw_adjacency_free)

/* ------------------------------------------------------------------------ */
/* Hot and cold spots */

/* Confidence classes as ArcGIS's Hot Spot Analysis writes them (Gi_Bin):
 * ±3 at 99 %, ±2 at 95 %, ±1 at 90 %, 0 not significant; positive hot. */
#define GW_HOTSPOT_HOT_99    3
#define GW_HOTSPOT_HOT_95    2
#define GW_HOTSPOT_HOT_90    1
#define GW_HOTSPOT_NONE      0
#define GW_HOTSPOT_COLD_90 (-1)
#define GW_HOTSPOT_COLD_95 (-2)
#define GW_HOTSPOT_COLD_99 (-3)

typedef struct
{
  double z;       /* Gi* itself is a z-score */
  double p;       /* two-sided, standard normal */
  double p_fdr;   /* Benjamini–Hochberg adjusted over all items */
  int    klass;   /* GW_HOTSPOT_*, from @p_fdr; 0 under the minimum-cases guard */
} GwGiStar;

/* "hot_99", "hot_95", "hot_90", "none", "cold_90" … for CSV and GeoJSON. */
const char *gw_hotspot_class_key   (int            klass);
/* The class of a z-score at a (corrected) p-value. */
int         gw_hotspot_class       (double         z,
                                    double         p);

/* Two-sided p-value of a standard normal z-score. */
double      gw_normal_p_two_sided  (double         z);

/* Benjamini & Hochberg (1995): @q[i] is the adjusted p-value of @p[i]
 * (the smallest FDR level at which it would be rejected). NaN p-values are
 * left out of the count and come back as NaN. @q may be @p. */
void        gw_fdr_benjamini_hochberg (const double *p,
                                       guint         n,
                                       double       *q);

/**
 * gw_gi_star:
 * @values: the variable per item (rate or count)
 * @n_cases: (nullable): cases per item, for the guard
 * @min_cases: items with fewer cases are never significant (their z and p
 *   are still computed and they still count as neighbours)
 * @adjacency: binary contiguity; Gi* adds the item itself (w_ii = 1)
 * @out: (array length=n_items): results
 *
 * Getis–Ord Gi* (Getis & Ord 1992; Ord & Getis 1995, eq. 8, the form
 * ArcGIS documents): for item i with binary weights w_ij (w_ii = 1),
 *
 *   Gi* = (Σ_j w_ij x_j − X̄ Σ_j w_ij)
 *         / (S √[(n Σ_j w_ij² − (Σ_j w_ij)²) / (n − 1)])
 *
 * with X̄ the mean of x and S = √(Σ x_j² / n − X̄²). Gi* is a z-score.
 * p-values are then adjusted with Benjamini–Hochberg over all items and
 * classed at 99 / 95 / 90 %.
 *
 * Returns: %FALSE if nothing could be computed (fewer than 3 items or all
 *   values equal): every item is then not significant, z = 0, p = 1.
 */
gboolean    gw_gi_star             (const double       *values,
                                    const guint        *n_cases,
                                    guint               min_cases,
                                    const GwAdjacency  *adjacency,
                                    GwGiStar           *out);

/* The default guard: a grid with fewer cases than this in the range is
 * never called hot or cold (a rate of 1 of 3 households is noise). */
#define GW_HOTSPOT_DEFAULT_MIN_CASES 5

/* ------------------------------------------------------------------------ */
/* Trends */

typedef struct
{
  double s;       /* Σ_{i<j} sgn (x_j − x_i) */
  double var_s;   /* with the tie correction */
  double tau;     /* Kendall's tau-b of the series against time */
  double z;       /* continuity-corrected */
  double p;       /* two-sided */
} GwMannKendall;

/* Mann (1945), Kendall (1975): the test of a monotonic trend in @x (in time
 * order). Var(S) = [n(n−1)(2n+5) − Σ_t t(t−1)(2t+5)] / 18 over the groups
 * of t tied values; z = (S − sgn S) / √Var(S). Fewer than 3 values or a
 * constant series: S = 0, z = 0, p = 1. */
void        gw_mann_kendall        (const double   *x,
                                    guint           n,
                                    GwMannKendall  *out);

/* ArcGIS Pro's Emerging Hot Spot Analysis categories ("How Emerging Hot Spot
 * Analysis works"), hot and cold. */
typedef enum
{
  GW_EMERGING_NONE = 0,
  GW_EMERGING_NEW_HOT,
  GW_EMERGING_CONSECUTIVE_HOT,
  GW_EMERGING_INTENSIFYING_HOT,
  GW_EMERGING_PERSISTENT_HOT,
  GW_EMERGING_DIMINISHING_HOT,
  GW_EMERGING_SPORADIC_HOT,
  GW_EMERGING_OSCILLATING_HOT,
  GW_EMERGING_HISTORICAL_HOT,
  GW_EMERGING_NEW_COLD,
  GW_EMERGING_CONSECUTIVE_COLD,
  GW_EMERGING_INTENSIFYING_COLD,
  GW_EMERGING_PERSISTENT_COLD,
  GW_EMERGING_DIMINISHING_COLD,
  GW_EMERGING_SPORADIC_COLD,
  GW_EMERGING_OSCILLATING_COLD,
  GW_EMERGING_HISTORICAL_COLD,
  GW_EMERGING_N_CATEGORIES
} GwEmerging;

/* "new_hot", "intensifying_hot", … "none": stable keys. */
const char *gw_emerging_key        (GwEmerging      category);
/* Translated: "New hot spot" … */
const char *gw_emerging_label      (GwEmerging      category);

/**
 * gw_emerging_classify:
 * @step_classes: the item's Gi* class (GW_HOTSPOT_*) in each time step,
 *   oldest first; a step counts as hot when > 0, cold when < 0
 * @n_steps: how many steps
 * @trend: the Mann–Kendall test of the item's series over the steps
 * @alpha: the trend's significance level (0.05 as ArcGIS)
 *
 * New: hot in the last step only. Consecutive: one uninterrupted run of hot
 * steps up to the last, under 90 % of the steps. Intensifying / persistent /
 * diminishing: hot in at least 90 % of the steps, including the last for
 * intensifying and diminishing, and a significant upward / no / downward
 * trend. Sporadic: hot in the last step, on and off before, never cold.
 * Oscillating: hot in the last step, cold in some earlier one. Historical:
 * not hot in the last step but hot in at least 90 %. Cold mirrors hot.
 *
 * ArcGIS tests the trend of each bin's Gi* z-scores; Gridwork tests the
 * monthly case counts (the figure a supervisor reads, issue 12).
 */
GwEmerging  gw_emerging_classify   (const int            *step_classes,
                                    guint                 n_steps,
                                    const GwMannKendall  *trend,
                                    double                alpha);

/* ------------------------------------------------------------------------ */
/* Kernel density */

/**
 * GwDensityRaster:
 * @west, @north: the outer corner of the top-left cell, in ground metres
 * @cell: cell size in metres (square)
 * @width, @height: cells
 * @values: row-major from the north, @width × @height, cases per km²
 * @radius: the kernel radius used, metres
 */
typedef struct
{
  double  west, north;
  double  cell;
  guint   width, height;
  float  *values;
  double  radius;
} GwDensityRaster;

void    gw_density_raster_free (GwDensityRaster *raster);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwDensityRaster, gw_density_raster_free)

/* Largest value (0 for an empty raster). */
float   gw_density_raster_max  (const GwDensityRaster *raster);

/**
 * gw_kernel_default_radius:
 * @xy: 2 × @n coordinates in ground metres
 *
 * The search radius ArcGIS's Kernel Density takes by default, a spatial
 * variant of Silverman's rule of thumb (Silverman 1986, eq. 3.31):
 * 0.9 × min (SD, √(1 / ln 2) × Dm) × n^−0.2, SD the standard distance of
 * the points and Dm the median distance to their mean centre. Clamped to
 * 50–2000 m: below a block it draws buildings, above a street it draws
 * nothing. 0 points: 250 m.
 */
double  gw_kernel_default_radius (const double *xy,
                                  guint         n);

/* A cell size for a raster of about @pixels across the longer side of
 * [@min_x, @max_x] × [@min_y, @max_y]; the default (@pixels 0) is 250 cells
 * across the shorter side, as ArcGIS's default. Never under 1 m. */
double  gw_kernel_default_cell (double min_x,
                                double min_y,
                                double max_x,
                                double max_y,
                                guint  pixels);

/**
 * gw_kernel_density:
 * @xy: 2 × @n point coordinates in ground metres (a projected CRS)
 * @weights: (nullable): per point, 1 each if %NULL
 * @min_x, @min_y, @max_x, @max_y: the area of interest; the raster covers it
 *   widened by @radius on every side so that no point's kernel is cut
 * @radius: kernel radius in metres (> 0)
 * @cell: cell size in metres (> 0)
 *
 * Quartic (biweight) kernel density as QGIS's Heatmap (Silverman 1986,
 * table 3.1): a point at distance d < r adds
 * K (d) = 3 / (π r²) × (1 − d² / r²)² to a cell centre. Points are first
 * summed per cell, then spread with one stencil of the kernel, normalised
 * so that each point's mass is exactly one: the sum of the cells × the cell
 * area is the number of points (mass conservation), whatever the cell size.
 *
 * Returns: (transfer full): the raster, or %NULL if it would exceed
 *   16384 cells on a side (choose a larger cell)
 */
GwDensityRaster *gw_kernel_density (const double *xy,
                                    const double *weights,
                                    guint         n,
                                    double        min_x,
                                    double        min_y,
                                    double        max_x,
                                    double        max_y,
                                    double        radius,
                                    double        cell);

/* ------------------------------------------------------------------------ */
/* Class breaks for choropleths */

typedef enum
{
  GW_BREAKS_QUANTILE,
  GW_BREAKS_JENKS,           /* natural breaks */
  GW_BREAKS_EQUAL_INTERVAL,
} GwBreaksMethod;

/* "quantile", "jenks", "equal" — and back. */
const char *gw_breaks_method_key      (GwBreaksMethod  method);
gboolean    gw_breaks_method_from_key (const char     *key,
                                       GwBreaksMethod *method);

/**
 * gw_class_breaks:
 * @values: the data (any order; NaN left out)
 * @n_classes: wanted classes (≥ 1)
 *
 * Quantile: each class holds about n / k values. Equal interval: k equal
 * steps from the minimum to the maximum. Jenks natural breaks: Fisher's
 * (1958) exact optimal partition of the sorted values into k classes that
 * minimises the sum of squared deviations from the class means — the
 * optimum Jenks's (1977) iterative method approximates — by dynamic
 * programming in O(k n²).
 *
 * Returns: (transfer full) (element-type double): the upper bound of each
 *   class, ascending (the last is the maximum); fewer than @n_classes when
 *   there are fewer distinct values; empty for no values
 */
GArray     *gw_class_breaks           (const double    *values,
                                       guint            n,
                                       guint            n_classes,
                                       GwBreaksMethod   method);
/* The class (0 …) of @value under @breaks (from gw_class_breaks()). */
guint       gw_class_breaks_find      (GArray          *breaks,
                                       double           value);

G_END_DECLS
