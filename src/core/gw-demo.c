/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-demo"

#include "config.h"

#include <inttypes.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw-demo.h"
#include "gw-demo-names.h"
#include "gw-domain.h"
#include "gw-geometry.h"
#include "gw-util.h"
#include "gw-wkb.h"
#include "gw-writer.h"

/* The demo generator builds an old-town street (seed 000) or a district
 * (seed 002) from a seed, the way such a place is laid out: a jittered
 * lattice of shared vertices, roads along some lattice lines, blocks between
 * them cut into lots (compounds 小区, courtyard houses 里院, schools, markets),
 * slab buildings inside the lots, people inside the dwellings, and a year of
 * cases. Lots tile the street exactly because neighbours share the same
 * vertex doubles; grids, communities and streets are traced along the same
 * vertices, so each is exactly the union of its parts.
 *
 * Everything comes from our own PRNG in a fixed order, never from hash
 * table order or the clock: the same seed and the same "today" give the same
 * file. */

/* ------------------------------------------------------------------------ */
/* Random numbers: xoshiro256** seeded by splitmix64, one stream per stage so
 * that a change in one stage does not reshuffle the others. */

typedef struct
{
  guint64 s[4];
} Rng;

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static void
rng_init (Rng     *rng,
          guint32  seed,
          guint64  stream)
{
  guint64 x = ((guint64) seed << 32) ^ (stream * G_GUINT64_CONSTANT (0x2545f4914f6cdd1d));

  for (int i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&x);
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

static inline guint64
rng_next (Rng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

/* [0, 1) */
static inline double
rng_double (Rng *rng)
{
  return (rng_next (rng) >> 11) * (1.0 / 9007199254740992.0);
}

/* [0, n) */
static inline guint
rng_below (Rng   *rng,
           guint  n)
{
  return n == 0 ? 0 : (guint) (((rng_next (rng) >> 32) * (guint64) n) >> 32);
}

/* [lo, hi] */
static inline int
rng_int (Rng *rng,
         int  lo,
         int  hi)
{
  return lo + (int) rng_below (rng, (guint) (hi - lo + 1));
}

static inline double
rng_uniform (Rng    *rng,
             double  lo,
             double  hi)
{
  return lo + (hi - lo) * rng_double (rng);
}

static inline gboolean
rng_chance (Rng    *rng,
            double  p)
{
  return rng_double (rng) < p;
}

static double
rng_normal (Rng *rng)
{
  double u = 1.0 - rng_double (rng);
  double v = rng_double (rng);

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

/* Index into @weights (percent or any scale) with probability ∝ weight. */
static guint
rng_pick (Rng          *rng,
          const guint8 *weights,
          guint         n)
{
  guint total = 0;
  guint r;

  for (guint i = 0; i < n; i++)
    total += weights[i];
  r = rng_below (rng, total);
  for (guint i = 0; i < n; i++)
    {
      if (r < weights[i])
        return i;
      r -= weights[i];
    }
  return n - 1;
}

/* MIN and MAX are macros that would draw a random number twice. */
static inline double
min_double (double a,
            double b)
{
  return a < b ? a : b;
}

static inline int
max_int (int a,
         int b)
{
  return a > b ? a : b;
}

static void
rng_shuffle (Rng  *rng,
             int  *items,
             guint n)
{
  for (guint i = n; i > 1; i--)
    {
      guint j = rng_below (rng, i);
      int tmp = items[i - 1];

      items[i - 1] = items[j];
      items[j] = tmp;
    }
}

/* ------------------------------------------------------------------------ */
/* Time: local China time as seconds since 1970-01-01 00:00 local (UTC+8, no
 * daylight saving), formatted without GDateTime because a district writes a
 * few million timestamps. */

#define DAY 86400
#define HOUR 3600
#define MINUTE 60

static void
civil_from_days (gint64  z,
                 int    *year,
                 int    *month,
                 int    *day)
{
  gint64 era, doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *day = (int) (doy - (153 * mp + 2) / 5 + 1);
  *month = (int) (mp < 10 ? mp + 3 : mp - 9);
  *year = (int) (yoe + era * 400 + (*month <= 2));
}

static gint64
days_from_civil (int year,
                 int month,
                 int day)
{
  gint64 y = year - (month <= 2);
  gint64 era = (y >= 0 ? y : y - 399) / 400;
  gint64 yoe = y - era * 400;
  gint64 doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

static inline void
put_digits (char *out,
            int   value,
            int   width)
{
  for (int i = width - 1; i >= 0; i--)
    {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
}

/* "YYYY-MM-DD HH:MM:SS" into @out (20 bytes). */
static void
format_time (gint64  t,
             char   *out)
{
  gint64 days = t >= 0 ? t / DAY : (t - DAY + 1) / DAY;
  int secs = (int) (t - days * DAY);
  int year, month, day;

  civil_from_days (days, &year, &month, &day);
  put_digits (out, year, 4);
  out[4] = '-';
  put_digits (out + 5, month, 2);
  out[7] = '-';
  put_digits (out + 8, day, 2);
  out[10] = ' ';
  put_digits (out + 11, secs / 3600, 2);
  out[13] = ':';
  put_digits (out + 14, secs / 60 % 60, 2);
  out[16] = ':';
  put_digits (out + 17, secs % 60, 2);
  out[19] = '\0';
}

/* "YYYY-MM-DD" into @out (11 bytes). */
static void
format_date (gint64  days,
             char   *out)
{
  int year, month, day;

  civil_from_days (days, &year, &month, &day);
  put_digits (out, year, 4);
  out[4] = '-';
  put_digits (out + 5, month, 2);
  out[7] = '-';
  put_digits (out + 8, day, 2);
  out[10] = '\0';
}

static inline gint64
day_of (gint64 t)
{
  return t >= 0 ? t / DAY : (t - DAY + 1) / DAY;
}

/* ------------------------------------------------------------------------ */
/* Scales. Targets are seed 000 and seed 002. */

typedef struct
{
  double      area_km2;
  guint       n_streets;
  guint       n_communities;
  guint       n_grids;
  guint       households;
  guint       households_min;   /* per grid */
  guint       households_max;
  guint       cases_per_year;
  double      lon0, lat0;       /* centre */
} ScaleConfig;

static const ScaleConfig scale_street = {
  1.43, 1, 6, 66, 14800, 150, 300, 8200, 120.370, 36.080,
};

static const ScaleConfig scale_district = {
  46.0, 12, 150, 1217, 425000, 300, 400, 235000, 120.385, 36.095,
};

/* ------------------------------------------------------------------------ */
/* The model in memory. */

typedef enum
{
  ROAD_NONE,
  ROAD_LANE,
  ROAD_SECONDARY,
  ROAD_MAIN,
} RoadClass;

static const char * const road_class_keys[] = { "", "lane", "secondary", "main" };

typedef struct
{
  const char *name;
  RoadClass   cls;
  gboolean    horizontal;   /* east–west, along a row line */
  int         line;         /* row line j or column line i */
  int         from, to;     /* edges [from, to) along the line */
} Road;

/* A shape on the lattice: rows [r0, r1), row r covering cells [a, b). */
typedef struct
{
  int  r0, r1;
  int *a, *b;
} RowSpan;

/* A region as intervals per band (the rows between two east–west roads). */
typedef struct
{
  int  b0, b1;
  int *x0, *x1;   /* indexed by band, valid in [b0, b1) */
} Region;

typedef enum
{
  LOT_SLAB,       /* compound of 5–7-storey slab buildings */
  LOT_LI,         /* 里院: courtyard houses */
  LOT_LOWRISE,    /* old 2–4-storey blocks */
  LOT_SHOPS,
  LOT_PUBLIC,
  LOT_OPEN,
} LotKind;

typedef enum
{
  FACILITY_NONE,
  FACILITY_CENTRE,       /* 社区党群服务中心 */
  FACILITY_CLINIC,
  FACILITY_SCHOOL,
  FACILITY_KINDERGARTEN,
  FACILITY_MARKET,
  FACILITY_OFFICE,       /* 街道办事处 */
} Facility;

typedef enum
{
  USE_RESIDENTIAL,
  USE_MIXED,
  USE_SHOP,
  USE_PUBLIC,
} BuildingUse;

static const char * const building_use_keys[] = { "residential", "mixed", "shop", "public" };

typedef struct
{
  char        code[16];
  const char *name;
  const GwDemoStreet *info;
  Region      region;
  int         first_community, n_communities;
  int         building_serial;    /* for dwelling codes */
  int         market_lot;
} Street;

typedef struct
{
  int         street;
  char        code[16];
  const char *name;
  Region      region;
  double      area;
  int         n_grids;
  int         first_grid;
} Community;

typedef struct
{
  int         community;
  char        code[16];
  const char *name;
  RowSpan     span;
  double      area;
  int         target;             /* households */
  int         first_lot, n_lots;
  int         n_dwellings;
  int         n_households;
  /* workers (ids) */
  gint64      party_branch, street_cadre, community_cadre, police, volunteer, social_worker;
} Grid;

typedef struct
{
  int         grid;
  int         c0, c1, r0, r1;
  LotKind     kind;
  Facility    facility;
  const char *name;
  const char *door;               /* 宁夏路18号 */
  double      west, east, north, south;   /* unjittered metres */
  double      setback[4];         /* N, E, S, W, metres from the lot edge */
  int         side_road[4];       /* road index or -1 */
  int         first_building, n_buildings;
  gboolean    no_slab;            /* too narrow for slabs once shops are in */
  gboolean    no_shops;           /* homes need the room */
} Lot;

enum { SIDE_N, SIDE_E, SIDE_S, SIDE_W };

typedef struct
{
  int         lot;
  int         group;              /* buildings placed and dropped together */
  BuildingUse use;
  int         floors, units, flats, first_floor;
  double      ce, cn;             /* centre, unwarped metres */
  double      half_len, half_dep;
  double      angle;              /* radians; long axis east–west at 0 */
  gboolean    north_south;        /* long axis north–south */
  int         built_year;
  const char *name;
  const char *address;
  int         n_dwellings;
  gint64      first_dwelling;
  int         serial;
  char        leader_name[16];
  char        leader_phone[16];
  gint64      leader_worker;
} Building;

typedef struct
{
  gint64      id;
  const char *name;
} Department;

typedef struct
{
  GwWriter          *writer;
  const ScaleConfig *cfg;
  GwDemoScale        scale;
  guint32            seed;
  gint64             now;             /* local seconds */
  GwDemoProgress     progress;
  gpointer           progress_data;

  Rng                rng;             /* layout */
  GStringChunk      *strings;
  GHashTable        *used_names;      /* membership only, never iterated */
  GwWkbBuilder      *wkb;

  /* lattice */
  int                nc, nr;
  double            *col_x, *row_y;
  RoadClass         *col_cls, *row_cls;
  GwPoint           *vertex;
  int               *edge_h, *edge_v;
  double             warp_a[6], warp_b[6];
  double             m_per_deg_lon, m_per_deg_lat;
  double             origin_e, origin_n;

  int                n_bands;
  int               *band_row;        /* n_bands + 1 row lines */
  Region             territory;

  GArray            *roads;
  GArray            *streets;
  GArray            *communities;
  GArray            *grids;
  GArray            *lots;
  GArray            *buildings;

  Department        *departments;     /* district ones, then 4 per street */
  GPtrArray         *worker_names;    /* by worker id, for case histories */
  GPtrArray         *worker_phones;
  guint              n_departments;

  gint64             n_households, n_workers;
  gint64             n_cases, n_events, n_visits;

  /* calendar: workday flags from calendar_day0 */
  gint64             calendar_day0;
  guint8            *workday;
  guint              n_calendar_days;
} Demo;

#define STREET(d, i) (&g_array_index ((d)->streets, Street, (i)))
#define COMMUNITY(d, i) (&g_array_index ((d)->communities, Community, (i)))
#define GRID(d, i) (&g_array_index ((d)->grids, Grid, (i)))
#define LOT(d, i) (&g_array_index ((d)->lots, Lot, (i)))
#define BUILDING(d, i) (&g_array_index ((d)->buildings, Building, (i)))
#define ROAD(d, i) (&g_array_index ((d)->roads, Road, (i)))
#define EDGE_H(d, i, j) ((d)->edge_h[(j) * (d)->nc + (i)])
#define EDGE_V(d, i, j) ((d)->edge_v[(j) * ((d)->nc + 1) + (i)])
#define VERTEX(d, i, j) ((d)->vertex[(j) * ((d)->nc + 1) + (i)])

static const char *
intern (Demo       *d,
        const char *text)
{
  return g_string_chunk_insert_const (d->strings, text);
}

static void
report (Demo       *d,
        const char *stage,
        double      fraction)
{
  if (d->progress != NULL)
    d->progress (stage, fraction, d->progress_data);
}

/* ------------------------------------------------------------------------ */
/* Geometry: unwarped local metres → gently warped metres (old roads are not
 * straight) → lon/lat around the centre. The warp is smooth, so a building
 * set back a few metres from its lot's unwarped edges stays inside the lot's
 * polygon drawn between warped, jittered vertices. */

static void
to_lonlat (Demo   *d,
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

static double
jitter_for (RoadClass cls)
{
  /* Roads run straight-ish; walls between lots wander. */
  return cls >= ROAD_SECONDARY ? 0.8 : 2.0;
}

static void
build_lattice (Demo *d)
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
    int i = 0, j = 0;
    double last_main;

    d->col_cls[0] = d->col_cls[d->nc] = ROAD_MAIN;
    last_main = 0;
    while (TRUE)
      {
        i += (int) rng_pick (&d->rng, col_steps, G_N_ELEMENTS (col_steps));
        if (i > d->nc - 3)
          break;
        d->col_cls[i] = ROAD_SECONDARY;
        if (d->col_x[i] - last_main > rng_uniform (&d->rng, 380, 520)
            && d->col_x[d->nc] - d->col_x[i] > 250)
          {
            d->col_cls[i] = ROAD_MAIN;
            last_main = d->col_x[i];
          }
      }

    d->row_cls[0] = d->row_cls[d->nr] = ROAD_MAIN;
    last_main = 0;
    while (TRUE)
      {
        j += (int) rng_pick (&d->rng, row_steps, G_N_ELEMENTS (row_steps));
        if (j > d->nr - 2)
          break;
        d->row_cls[j] = ROAD_SECONDARY;
        if (last_main - d->row_y[j] > rng_uniform (&d->rng, 350, 480)
            && d->row_y[j] - d->row_y[d->nr] > 220)
          {
            d->row_cls[j] = ROAD_MAIN;
            last_main = d->row_y[j];
          }
      }
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
        double jx = jitter_for (d->col_cls[i]);
        double jy = jitter_for (d->row_cls[j]);
        double e = d->col_x[i] + ((i == 0 || i == d->nc) ? 0 : rng_uniform (&d->rng, -jx, jx));
        double n = d->row_y[j] + ((j == 0 || j == d->nr) ? 0 : rng_uniform (&d->rng, -jy, jy));

        to_lonlat (d, e, n, &VERTEX (d, i, j));
      }

  d->edge_h = g_new (int, (gsize) d->nc * (d->nr + 1));
  d->edge_v = g_new (int, (gsize) (d->nc + 1) * d->nr);
  for (gsize k = 0; k < (gsize) d->nc * (d->nr + 1); k++)
    d->edge_h[k] = -1;
  for (gsize k = 0; k < (gsize) (d->nc + 1) * d->nr; k++)
    d->edge_v[k] = -1;
}

static double
band_height (Demo *d,
             int   band)
{
  return d->row_y[d->band_row[band]] - d->row_y[d->band_row[band + 1]];
}

static void
region_init (Demo   *d,
             Region *region)
{
  region->x0 = g_new0 (int, d->n_bands);
  region->x1 = g_new0 (int, d->n_bands);
  region->b0 = region->b1 = 0;
}

static void
region_clear (Region *region)
{
  g_clear_pointer (&region->x0, g_free);
  g_clear_pointer (&region->x1, g_free);
}

static double
region_area (Demo         *d,
             const Region *region)
{
  double area = 0;

  for (int b = region->b0; b < region->b1; b++)
    area += (d->col_x[region->x1[b]] - d->col_x[region->x0[b]]) * band_height (d, b);
  return area;
}

static void
region_extent (Demo         *d,
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

static void
region_to_span (Demo         *d,
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
static void
span_write_wkb (Demo          *d,
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

static double
span_area (Demo          *d,
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

static void
build_territory (Demo *d)
{
  double target = d->cfg->area_km2 * 1e6;
  int n_notches = d->scale == GW_DEMO_SCALE_STREET ? 1 : 2;
  Region *t = &d->territory;

  region_init (d, t);
  for (int b = 0; b < d->n_bands; b++)
    {
      t->x0[b] = 0;
      t->x1[b] = d->nc;
    }
  t->b0 = 0;
  t->b1 = d->n_bands;

  for (int notch = 0; notch < n_notches; notch++)
    {
      double excess = (region_area (d, t) - target) / (n_notches - notch);
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

                  removed += MAX (0, d->col_x[t->x1[b]] - d->col_x[from]) * band_height (d, b);
                }
                else
                {
                  int to = MIN (i, t->x1[b]);

                  removed += MAX (0, d->col_x[to] - d->col_x[t->x0[b]]) * band_height (d, b);
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

static void
partition (Demo         *d,
           const Region *region,
           int           n,
           GArray       *out)  /* of Region */
{
  double area = region_area (d, region);
  double best_score = G_MAXDOUBLE;
  Region best_a = { 0 }, best_b = { 0 };
  int best_na = 0;

  if (n <= 1)
    {
      Region copy;

      region_init (d, &copy);
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
          region_init (d, &a);
          region_init (d, &b);
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
              region_clear (&a);
              region_clear (&b);
              continue;
            }
          area_a = region_area (d, &a);
          na = (int) lround (n * area_a / area);
          na = CLAMP (na, 1, n - 1);
          region_extent (d, &a, &wa, &ha);
          region_extent (d, &b, &wb, &hb);
          /* Equal area per part, and parts whose own cells are squarish. */
          score = 3.0 * fabs (area_a / na - (area - area_a) / (n - na)) / (area / n)
                  + 0.5 * fabs (log (wa * wa / (ha * ha) / (na > 1 ? na : 1)))
                  + 0.5 * fabs (log (wb * wb / (hb * hb) / (n - na > 1 ? n - na : 1)));
          if (area_a / na < 0.55 * area / n || (area - area_a) / (n - na) < 0.55 * area / n)
            score += 10;
          if (score < best_score)
            {
              region_clear (&best_a);
              region_clear (&best_b);
              best_a = a;
              best_b = b;
              best_na = na;
              best_score = score;
            }
          else
            {
              region_clear (&a);
              region_clear (&b);
            }
        }
    }

  g_assert (best_na > 0);
  partition (d, &best_a, best_na, out);
  partition (d, &best_b, n - best_na, out);
  region_clear (&best_a);
  region_clear (&best_b);
}

/* Largest remainder: split @total among @n items ∝ @weights, each ≥ @floor_each. */
static void
apportion (const double *weights,
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

      return intern (d, name);
    }
}

static void
build_roads (Demo *d)
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

static RoadClass
side_class (Demo *d,
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

/* ------------------------------------------------------------------------ */
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
      double h = band_height (d, b);

      se += w * h * (d->col_x[region->x1[b]] + d->col_x[region->x0[b]]) / 2;
      sn += w * h * (d->row_y[d->band_row[b]] + d->row_y[d->band_row[b + 1]]) / 2;
      area += w * h;
    }
  *e = se / area;
  *n = sn / area;
  return area;
}

/* North→south in rows of about @row_height metres, then west→east. */
static int
compare_by_position (double e1, double n1, double e2, double n2, double row_height)
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
  return compare_by_position (e1, n1, e2, n2, ctx->row_height);
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
  region_extent (d, region, &width, &height);
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
              best = intern (d, name);
            }
        }
      if (best != NULL)
        break;
    }
  if (best == NULL)
    {
      g_autofree char *name = g_strdup_printf ("第%u社区", d->communities->len + 1);

      best = intern (d, name);
    }
  g_hash_table_add (d->used_names, (gpointer) best);
  return best;
}

static void
build_streets_and_communities (Demo *d)
{
  g_autoptr (GArray) street_regions = g_array_new (FALSE, FALSE, sizeof (Region));
  g_autofree double *street_areas = NULL;
  g_autofree int *street_communities = NULL;
  g_autofree double *community_areas = NULL;
  g_autofree int *community_grids = NULL;
  SortContext ctx = { d, 900 };

  d->streets = g_array_new (FALSE, TRUE, sizeof (Street));
  d->communities = g_array_new (FALSE, TRUE, sizeof (Community));

  partition (d, &d->territory, d->cfg->n_streets, street_regions);
  g_array_sort_with_data (street_regions, compare_regions, &ctx);

  street_areas = g_new (double, street_regions->len);
  street_communities = g_new (int, street_regions->len);
  for (guint s = 0; s < street_regions->len; s++)
    street_areas[s] = region_area (d, &g_array_index (street_regions, Region, s));
  apportion (street_areas, street_regions->len, d->cfg->n_communities, 1, street_communities);

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

      partition (d, &street.region, street_communities[s], parts);
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

      community->area = region_area (d, &community->region);
      community_areas[c] = community->area;
    }
  apportion (community_areas, d->communities->len, d->cfg->n_grids, 1, community_grids);
  for (guint c = 0; c < d->communities->len; c++)
    COMMUNITY (d, c)->n_grids = community_grids[c];
}

/* Cuts a community into rows (bands, merged when there are fewer grids than
 * bands) and each row into grids of about equal width; numbers them
 * north→south by row and west→east within a row. */
static void
build_grids (Demo *d)
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
                      * band_height (d, region->b0 + k);

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
              region_init (d, &part);
              for (int b = band0; b < band1; b++)
                {
                  part.x0[b] = band1 - band0 > 1 ? region->x0[b] : previous;
                  part.x1[b] = band1 - band0 > 1 ? region->x1[b] : cut;
                }
              part.b0 = band0;
              part.b1 = band1;
              region_to_span (d, &part, &grid.span);
              region_clear (&part);
              grid.area = span_area (d, &grid.span);
              g_snprintf (grid.code, sizeof grid.code, "%s%03d", community->code, ++seq);
              {
                g_autofree char *name = g_strdup_printf ("%s第%d网格", community->name, seq);

                grid.name = intern (d, name);
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
      RoadClass cls = side_class (d, &lot, side, &lot.side_road[side]);
      RoadClass line_cls;
      static const double base[] = { 2.0, 4.5, 9.0, 15.0 };

      if (side == SIDE_N || side == SIDE_S)
        line_cls = d->row_cls[side == SIDE_N ? r0 : r1];
      else
        line_cls = d->col_cls[side == SIDE_W ? c0 : c1];
      /* Half the road, a pavement, plus how far the lattice may wander. */
      lot.setback[side] = base[cls] + jitter_for (line_cls) + 1.5;
    }
  lot.first_building = -1;
  g_array_append_val (d->lots, lot);
}

/* Lots: a grid's band is cut into strips of 1–3 columns (always at roads and
 * lanes), and strips now and then into a north and a south lot. */
static void
build_lots (Demo *d)
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

static gboolean
lot_on_main_road (Demo *d,
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
static gboolean
lot_is_roomy (const Lot *lot)
{
  return lot_avail_height (lot) >= 40 || lot_avail_width (lot) >= 80;
}

static void
choose_lot_kinds (Demo *d)
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
                  if (facility == FACILITY_MARKET && !lot_on_main_road (d, lot))
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
              gboolean roomy = lot_is_roomy (lot);

              if (lot->kind != LOT_SLAB || lot->facility != FACILITY_NONE)
                continue;
              if (lot_on_main_road (d, lot) && lot->c1 - lot->c0 == 1 && grid->n_lots >= 4
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

/* ------------------------------------------------------------------------ */
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

  if (height < depth)
    return;
  n_rows = 1 + (int) floor ((height - depth) / (depth + row_gap));
  spare = height - n_rows * depth - (n_rows - 1) * row_gap;
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

  if (height < depth)
    return;
  n_rows = 1 + (int) floor ((height - depth) / (depth + row_gap));
  spare = height - n_rows * depth - (n_rows - 1) * row_gap;
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

static gboolean
is_home (const Building *building)
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

        if ((pass == 0 && lot->kind == LOT_LI && lot_is_roomy (lot) && !lot->no_slab)
            || (pass == 1 && lot->kind == LOT_LOWRISE && lot_is_roomy (lot) && !lot->no_slab))
          {
            lot->kind = LOT_SLAB;
            return TRUE;
          }
        if ((pass == 2 && lot->kind == LOT_OPEN)
            || (pass == 4 && lot->kind == LOT_PUBLIC
                && (lot->facility == FACILITY_SCHOOL || lot->facility == FACILITY_KINDERGARTEN)))
          {
            lot->kind = lot_is_roomy (lot) && !lot->no_slab ? LOT_SLAB : LOT_LI;
            lot->facility = FACILITY_NONE;
            return TRUE;
          }
        if (pass == 3 && home && !lot->no_shops && lot_on_main_road (d, lot))
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
  return compare_by_position (x->ce, x->cn, y->ce, y->cn, 8);
}

/* Candidates are laid out at full density for every grid first; each grid's
 * households follow from that, then each grid keeps as many buildings as
 * its households need (whole groups: a slab, or the four wings of a
 * courtyard house), spread over its lots. */
static void
build_buildings (Demo *d)
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
      int g0 = first_group[g], n_groups = first_group[g + 1] - g0;
      g_autofree gboolean *chosen = g_new0 (gboolean, MAX (n_groups, 1));
      g_autofree int *group_dwellings = g_new0 (int, MAX (n_groups, 1));
      g_autofree int *group_lot = g_new0 (int, MAX (n_groups, 1));
      g_autofree int *lot_count = g_new0 (int, grid->n_lots);
      g_autofree int *lot_max = g_new0 (int, grid->n_lots);
      g_autofree int *lot_min = g_new0 (int, grid->n_lots);
      g_autofree int *order = g_new (int, MAX (n_groups, 1));
      int room = 0, need, dwellings = 0;
      Building *slice = &g_array_index (candidates, Building, first_candidate[g]);
      guint n_slice = first_candidate[g + 1] - first_candidate[g];

      for (guint k = 0; k < n_slice; k++)
        {
          Building *b = &slice[k];
          int gi = b->group - g0;

          group_lot[gi] = b->lot - grid->first_lot;
          group_dwellings[gi] += b->n_dwellings;
          room += b->n_dwellings;
          if (!is_home (b))
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

      need = (int) ceil (grid->target / occupancy[g]);
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
      /* Trim storeys of slabs to come close without going under. */
      for (guint k = 0; k < n_slice && dwellings > need; k++)
        {
          Building *b = &slice[k];
          int per_floor = b->units * b->flats;

          if (!chosen[b->group - g0] || b->floors <= 5 || !is_home (b))
            continue;
          while (b->floors > 5 && dwellings - per_floor >= need)
            {
              b->floors--;
              b->n_dwellings -= per_floor;
              dwellings -= per_floor;
            }
        }

      if (dwellings < grid->target)
        short_grids++;
      grid->n_dwellings = dwellings;
      total_need += need;
      total_kept += dwellings;

      /* Keep the chosen, numbered within their lot. */
      {
        guint start = d->buildings->len;

        for (guint k = 0; k < n_slice; k++)
          if (chosen[slice[k].group - g0])
            g_array_append_val (d->buildings, slice[k]);
        qsort (&g_array_index (d->buildings, Building, start), d->buildings->len - start,
               sizeof (Building), compare_buildings_in_lot);
      }
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
  return intern (d, text);
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
      const char *interned = intern (d, name);

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
          const char *interned = intern (d, candidate);

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

static void
name_lots_and_buildings (Demo *d)
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
      g_autofree char *name = NULL;
      int number = 0;

      lot->door = front >= 0 ? door_plate (d, front, side, ce, cn) : intern (d, community->name);
      road_stem = front >= 0 ? strip_suffix (ROAD (d, front)->name, "路")
                  : g_strdup (community_stem);

      switch (lot->kind)
        {
        case LOT_SLAB:
          if (rng_chance (&d->rng, 0.45))
            {
              name = g_strconcat (lot->door, "院", NULL);
              lot->name = unique_name (d, name);
            }
          else
            {
              guint suffix = rng_below (&d->rng, gw_demo_n_compound_suffixes);

              lot->name = two_char_name (d, gw_demo_compound_suffixes[suffix]);
            }
          break;
        case LOT_LI:
          lot->name = two_char_name (d, "里");
          break;
        case LOT_LOWRISE:
          name = g_strconcat (lot->door, "院", NULL);
          lot->name = unique_name (d, name);
          break;
        case LOT_SHOPS:
          name = g_strconcat (front >= 0 ? ROAD (d, front)->name : community->name, "沿街商铺", NULL);
          lot->name = unique_name (d, name);
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
          lot->name = unique_name (d, name);
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
            lot->name = unique_name (d, name);
          }
          break;
        }

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
                b->name = intern (d, "网点房");
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

                b->name = intern (d, buildings[lot->facility]);
                b->address = lot->door;
              }
              break;
            default:
              g_snprintf (text, sizeof text, "%d号楼", ++number);
              b->name = intern (d, text);
              b->address = lot->door;
              break;
            }
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Writing, through the core's writer. */

/* The geometry just built, for a row. */
static const guint8 *
built_wkb (Demo  *d,
           gsize *len)
{
  return gw_wkb_builder_get_data (d->wkb, len);
}

static void
building_write_wkb (Demo           *d,
                    const Building *b)
{
  GwPoint ring[4];
  double angle = b->angle + (b->north_south ? G_PI / 2 : 0);
  double c = cos (angle), s = sin (angle);
  static const double corners[4][2] = { { -1, -1 }, { 1, -1 }, { 1, 1 }, { -1, 1 } };

  for (int k = 0; k < 4; k++)
    {
      double u = corners[k][0] * b->half_len, v = corners[k][1] * b->half_dep;

      to_lonlat (d, b->ce + u * c - v * s, b->cn + u * s + v * c, &ring[k]);
    }
  gw_wkb_builder_begin_multipolygon (d->wkb);
  gw_wkb_builder_begin_polygon (d->wkb);
  gw_wkb_builder_add_ring (d->wkb, ring, 4);
}

/* A named road is one row however many runs it has. */
static gboolean
write_roads (Demo    *d,
             GError **error)
{
  gint64 id = 0;

  for (guint k = 0; k < d->roads->len; )
    {
      Road *road = ROAD (d, k);
      GwRoadRow row = { ++id, road->name, road_class_keys[road->cls] };
      guint end = k + 1;

      while (end < d->roads->len && ROAD (d, end)->line == road->line
             && ROAD (d, end)->horizontal == road->horizontal && ROAD (d, end)->cls == road->cls
             && strcmp (ROAD (d, end)->name, road->name) == 0 && road->cls != ROAD_LANE)
        end++;
      gw_wkb_builder_begin_multilinestring (d->wkb);
      for (guint r = k; r < end; r++)
        {
          Road *run = ROAD (d, r);
          g_autofree GwPoint *points = g_new (GwPoint, run->to - run->from + 1);

          for (int e = run->from; e <= run->to; e++)
            points[e - run->from] = run->horizontal ? VERTEX (d, e, run->line)
                                    : VERTEX (d, run->line, e);
          gw_wkb_builder_add_linestring (d->wkb, points, run->to - run->from + 1);
        }
      row.wkb = built_wkb (d, &row.wkb_len);
      if (!gw_writer_add_road (d->writer, &row, NULL, error))
        return FALSE;
      k = end;
    }
  return TRUE;
}

static gboolean
write_buildings (Demo    *d,
                 GError **error)
{
  for (guint k = 0; k < d->buildings->len; k++)
    {
      Building *b = BUILDING (d, k);
      GwBuildingRow row = { k + 1, b->lot + 1, b->name, b->address, building_use_keys[b->use],
                            b->floors, b->units, b->built_year };

      building_write_wkb (d, b);
      row.wkb = built_wkb (d, &row.wkb_len);
      if (!gw_writer_add_building (d->writer, &row, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_places (Demo    *d,
              GError **error)
{
  for (guint s = 0; s < d->streets->len; s++)
    {
      Street *street = STREET (d, s);
      GwStreetRow row = { s + 1, street->code, street->name, GW_DEMO_DISTRICT_NAME };
      RowSpan span;

      region_to_span (d, &street->region, &span);
      span_write_wkb (d, &span);
      g_free (span.a);
      g_free (span.b);
      row.wkb = built_wkb (d, &row.wkb_len);
      if (!gw_writer_add_street (d->writer, &row, NULL, error))
        return FALSE;
    }

  for (guint c = 0; c < d->communities->len; c++)
    {
      Community *community = COMMUNITY (d, c);
      GwCommunityRow row = { c + 1, community->street + 1, community->code, community->name };
      RowSpan span;

      region_to_span (d, &community->region, &span);
      span_write_wkb (d, &span);
      g_free (span.a);
      g_free (span.b);
      row.wkb = built_wkb (d, &row.wkb_len);
      if (!gw_writer_add_community (d->writer, &row, NULL, error))
        return FALSE;
    }

  for (guint g = 0; g < d->grids->len; g++)
    {
      Grid *grid = GRID (d, g);
      GwGridRow row = { g + 1, grid->community + 1, grid->code, grid->name };

      span_write_wkb (d, &grid->span);
      row.wkb = built_wkb (d, &row.wkb_len);
      if (!gw_writer_add_grid (d->writer, &row, NULL, error))
        return FALSE;
    }

  for (guint l = 0; l < d->lots->len; l++)
    {
      Lot *lot = LOT (d, l);
      static const char * const kinds[] = {
        [LOT_SLAB] = "compound", [LOT_LI] = "compound", [LOT_LOWRISE] = "compound",
        [LOT_SHOPS] = "shops", [LOT_PUBLIC] = "public", [LOT_OPEN] = "open",
      };
      GwLotRow row = { l + 1, GRID (d, lot->grid)->community + 1, lot->grid + 1, lot->name,
                       kinds[lot->kind] };
      int a = lot->c0, b = lot->c1;
      g_autofree int *as = g_new (int, lot->r1 - lot->r0);
      g_autofree int *bs = g_new (int, lot->r1 - lot->r0);
      RowSpan span = { lot->r0, lot->r1, as, bs };

      for (int r = 0; r < lot->r1 - lot->r0; r++)
        {
          as[r] = a;
          bs[r] = b;
        }
      span_write_wkb (d, &span);
      row.wkb = built_wkb (d, &row.wkb_len);
      if (!gw_writer_add_lot (d->writer, &row, NULL, error))
        return FALSE;
    }

  return write_roads (d, error) && write_buildings (d, error);
}

/* ------------------------------------------------------------------------ */
/* People. An old town: many elderly, many living alone; floating households
 * are young. ID numbers are valid (GB 11643 check digit) with Qingdao's
 * 3702xx area codes. */

typedef struct
{
  char        surname[8];
  char        name[24];
  gboolean    male;
  int         age;
  char        birth[11];
  const char *relation;
  char        id_number[19];
  char        phone[12];
} Person;

typedef struct
{
  Demo       *d;
  Rng         rng;
  guint       surname_total;
  guint      *surname_cumulative;
  gint64      today;      /* day number */
} People;

static const char * const phone_prefixes[] = {
  "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
  "155", "156", "157", "158", "159", "166", "176", "177", "178", "180", "181", "182", "183",
  "185", "186", "187", "188", "189", "199",
};

static const GwDemoWeighted local_areas[] = {
  { "370203", 50 }, { "370202", 14 }, { "370213", 8 }, { "370212", 4 }, { "370211", 5 },
  { "370214", 4 }, { "370215", 3 }, { "370281", 4 }, { "370283", 5 }, { "370285", 3 },
};

static const GwDemoWeighted rural_areas[] = {
  { "370281", 30 }, { "370283", 35 }, { "370285", 20 }, { "370215", 15 },
};

static const char *
pick_weighted (Rng                  *rng,
               const GwDemoWeighted *items,
               guint                 n)
{
  guint total = 0, r;

  for (guint i = 0; i < n; i++)
    total += items[i].weight;
  r = rng_below (rng, total);
  for (guint i = 0; i < n; i++)
    {
      if (r < items[i].weight)
        return items[i].text;
      r -= items[i].weight;
    }
  return items[n - 1].text;
}

static void
people_init (People *p,
             Demo   *d,
             guint64 stream)
{
  p->d = d;
  rng_init (&p->rng, d->seed, stream);
  p->surname_cumulative = g_new (guint, gw_demo_n_surnames);
  p->surname_total = 0;
  for (guint i = 0; i < gw_demo_n_surnames; i++)
    {
      p->surname_total += gw_demo_surnames[i].weight;
      p->surname_cumulative[i] = p->surname_total;
    }
  p->today = day_of (d->now);
}

static void
people_clear (People *p)
{
  g_clear_pointer (&p->surname_cumulative, g_free);
}

static const char *
random_surname (People *p)
{
  guint r = rng_below (&p->rng, p->surname_total);
  guint lo = 0, hi = gw_demo_n_surnames - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (p->surname_cumulative[mid] > r)
        hi = mid;
      else
        lo = mid + 1;
    }
  return gw_demo_surnames[lo].text;
}

static void
random_phone (Rng  *rng,
              char *out)
{
  const char *prefix = phone_prefixes[rng_below (rng, G_N_ELEMENTS (phone_prefixes))];

  memcpy (out, prefix, 3);
  for (int i = 3; i < 11; i++)
    out[i] = (char) ('0' + rng_below (rng, 10));
  out[11] = '\0';
}

static void
make_given_name (Rng      *rng,
                 int       birth_year,
                 gboolean  male,
                 char     *out,
                 gsize     size)
{
  guint generation = birth_year < 1956 ? 0 : birth_year <= 1975 ? 1 : birth_year <= 1995 ? 2 : 3;
  const GwDemoGivenNames *names = gw_demo_given_names (generation, male);

  if (rng_chance (rng, 0.5))
    g_strlcpy (out, names->whole[rng_below (rng, names->n_whole)], size);
  else
    {
      const char *first = names->first[rng_below (rng, names->n_first)];
      const char *second = names->second[rng_below (rng, names->n_second)];

      if (strcmp (first, second) == 0)
        g_strlcpy (out, names->whole[rng_below (rng, names->n_whole)], size);
      else
        g_snprintf (out, size, "%s%s", first, second);
    }
}

/* Fills @person; @surname may be NULL for a random one. */
static void
make_person (People     *p,
             Person     *person,
             const char *surname,
             gboolean    male,
             int         age,
             const char *relation,
             gboolean    rural)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  Rng *rng = &p->rng;
  gint64 birth_day;
  int year, month, day, sum = 0;
  char given[16];

  age = CLAMP (age, 0, 100);
  birth_day = p->today - (gint64) floor (age * 365.2425) - rng_below (rng, 365);
  civil_from_days (birth_day, &year, &month, &day);
  format_date (birth_day, person->birth);

  g_strlcpy (person->surname, surname != NULL ? surname : random_surname (p),
             sizeof person->surname);
  make_given_name (rng, year, male, given, sizeof given);
  g_snprintf (person->name, sizeof person->name, "%s%s", person->surname, given);
  person->male = male;
  person->age = age;
  person->relation = relation;

  memcpy (person->id_number,
          pick_weighted (rng, rural ? rural_areas : local_areas,
                         rural ? G_N_ELEMENTS (rural_areas) : G_N_ELEMENTS (local_areas)), 6);
  put_digits (person->id_number + 6, year, 4);
  put_digits (person->id_number + 10, month, 2);
  put_digits (person->id_number + 12, day, 2);
  /* Order code: odd for men, even for women. */
  put_digits (person->id_number + 14, (int) rng_below (rng, 500) * 2 + (male ? 1 : 0), 3);
  for (int i = 0; i < 17; i++)
    sum += (person->id_number[i] - '0') * weights[i];
  person->id_number[17] = "10X98765432"[sum % 11];
  person->id_number[18] = '\0';

  if ((age >= 18 && rng_chance (rng, age < 76 ? 0.95 : 0.5))
      || (age >= 14 && age < 18 && rng_chance (rng, 0.6)))
    random_phone (rng, person->phone);
  else
    person->phone[0] = '\0';
}

/* One household's members, head first. Returns how many. */
static int
make_household (People   *p,
                gboolean  floating,
                Person   *members)
{
  static const guint8 local_sizes[] = { 0, 16, 30, 28, 16, 7, 3 };
  static const guint8 floating_sizes[] = { 0, 35, 30, 30, 5 };
  Rng *rng = &p->rng;
  int size = floating ? (int) rng_pick (rng, floating_sizes, G_N_ELEMENTS (floating_sizes))
                      : (int) rng_pick (rng, local_sizes, G_N_ELEMENTS (local_sizes));
  gboolean head_male = rng_chance (rng, 0.62);
  double r = rng_double (rng);
  int n = 0;
  int head_age;
  const char *head_surname;
  Person *head = &members[0];

#define SPOUSE_AGE(a) ((a) + (head_male ? -rng_int (rng, 0, 4) : rng_int (rng, 0, 4)))
#define ADD(sur, male, age, rel) \
  make_person (p, &members[n++], (sur), (male), (age), (rel), floating)
#define CHILD_SURNAME() (head_male ? head_surname : members[1].surname)

  if (floating)
    {
      head_age = rng_int (rng, 22, 42);
      ADD (NULL, head_male, head_age, "head");
      head_surname = head->surname;
      if (size >= 2)
        ADD (NULL, !head_male, SPOUSE_AGE (head_age), "spouse");
      for (int k = 2; k < size; k++)
        ADD (CHILD_SURNAME (), rng_chance (rng, 0.5), rng_int (rng, 0, MAX (0, head_age - 22)),
             "child");
      return n;
    }

  switch (size)
    {
    case 1:
      head_age = r < 0.55 ? rng_int (rng, 65, 92) : r < 0.70 ? rng_int (rng, 45, 64)
                 : rng_int (rng, 22, 44);
      /* Those living alone in old age are mostly widows. */
      if (head_age >= 65)
        head_male = rng_chance (rng, 0.35);
      ADD (NULL, head_male, head_age, "head");
      break;

    case 2:
      if (r < 0.84)
        {
          head_age = r < 0.50 ? rng_int (rng, 62, 88) : r < 0.72 ? rng_int (rng, 40, 61)
                     : rng_int (rng, 24, 35);
          ADD (NULL, head_male, head_age, "head");
          head_surname = head->surname;
          ADD (NULL, !head_male, SPOUSE_AGE (head_age), "spouse");
        }
      else
        {
          head_age = rng_int (rng, 50, 85);
          ADD (NULL, head_male, head_age, "head");
          head_surname = head->surname;
          ADD (head_male ? head_surname : NULL, rng_chance (rng, 0.5),
               head_age - rng_int (rng, 22, 34), "child");
        }
      break;

    case 3:
      if (r < 0.62)
        {
          head_age = rng_int (rng, 30, 52);
          ADD (NULL, head_male, head_age, "head");
          head_surname = head->surname;
          ADD (NULL, !head_male, SPOUSE_AGE (head_age), "spouse");
          ADD (CHILD_SURNAME (), rng_chance (rng, 0.51),
               max_int (0, head_age - rng_int (rng, 24, 34)), "child");
        }
      else if (r < 0.85)
        {
          head_age = rng_int (rng, 58, 85);
          ADD (NULL, head_male, head_age, "head");
          head_surname = head->surname;
          ADD (NULL, !head_male, SPOUSE_AGE (head_age), "spouse");
          ADD (CHILD_SURNAME (), rng_chance (rng, 0.5), head_age - rng_int (rng, 24, 34), "child");
        }
      else
        {
          gboolean parent_male = rng_chance (rng, 0.3);

          head_age = rng_int (rng, 35, 55);
          ADD (NULL, head_male, head_age, "head");
          head_surname = head->surname;
          ADD (NULL, !head_male, SPOUSE_AGE (head_age), "spouse");
          ADD (parent_male ? head_surname : NULL, parent_male, head_age + rng_int (rng, 24, 34),
               "parent");
        }
      break;

    default:
      {
        /* 4–6: three generations, headed by the grandparents or the parents. */
        gboolean old_head = r < 0.45;

        if (old_head)
          {
            gboolean child_male;
            int child_age;
            const char *child_surname;
            const char *in_law_surname;

            head_age = rng_int (rng, 58, 80);
            ADD (NULL, head_male, head_age, "head");
            head_surname = head->surname;
            ADD (NULL, !head_male, SPOUSE_AGE (head_age), "spouse");
            child_male = rng_chance (rng, 0.6);
            child_age = head_age - rng_int (rng, 24, 32);
            ADD (CHILD_SURNAME (), child_male, child_age, "child");
            child_surname = members[2].surname;
            if (size >= 5)
              {
                ADD (NULL, !child_male, child_age + rng_int (rng, -3, 3), "other");
                in_law_surname = members[3].surname;
              }
            else
              in_law_surname = random_surname (p);
            while (n < size)
              ADD (child_male ? child_surname : in_law_surname, rng_chance (rng, 0.51),
                   max_int (0, child_age - rng_int (rng, 24, 34)), "grandchild");
          }
        else
          {
            head_age = rng_int (rng, 32, 50);
            ADD (NULL, head_male, head_age, "head");
            head_surname = head->surname;
            ADD (NULL, !head_male, SPOUSE_AGE (head_age), "spouse");
            ADD (CHILD_SURNAME (), rng_chance (rng, 0.51),
                 max_int (0, head_age - rng_int (rng, 24, 34)), "child");
            if (size >= 4 && rng_chance (rng, 0.5))
              ADD (CHILD_SURNAME (), rng_chance (rng, 0.51),
                   max_int (0, head_age - rng_int (rng, 26, 38)), "child");
            while (n < size)
              {
                gboolean parent_male = rng_chance (rng, 0.35);

                ADD (parent_male ? head_surname : NULL, parent_male,
                     head_age + rng_int (rng, 24, 34), "parent");
              }
          }
      }
      break;
    }
  return n;

#undef SPOUSE_AGE
#undef ADD
#undef CHILD_SURNAME
}

typedef struct
{
  gint64  dwelling_id, household_id, resident_id;
  gint64  n_tags;
} Counters;

static gboolean
write_resident_tags (Demo          *d,
                     People        *p,
                     const Person  *person,
                     gint64         id,
                     int            household_size,
                     gboolean       floating,
                     gboolean       low_income,
                     Counters      *counters,
                     GError       **error)
{
  Rng *rng = &p->rng;
  const char *tags[7];
  int n = 0;
  int age = person->age;

  /* In the order of gw_resident_tags. */
  if (age >= 60 && household_size == 1)
    tags[n++] = "elderly_alone";
  if (rng_chance (rng, 0.010 + 0.0006 * MAX (0, age - 40)))
    tags[n++] = "disabled";
  if (low_income)
    tags[n++] = "low_income";
  if (age >= 18 && age < 60 && rng_chance (rng, 0.04))
    tags[n++] = "unemployed";
  if (floating)
    tags[n++] = "floating";
  if (age >= 18 && age <= 70 && rng_chance (rng, 0.004))
    tags[n++] = "key_care";
  if (age >= 18 && rng_chance (rng, age >= 60 ? 0.16 : 0.07))
    tags[n++] = "party_member";

  for (int k = 0; k < n; k++)
    {
      if (!gw_writer_add_resident_tag (d->writer, id, tags[k], error))
        return FALSE;
      counters->n_tags++;
    }
  return TRUE;
}

static gboolean
write_household (Demo        *d,
                 People      *p,
                 Building    *building,
                 gint64       dwelling_id,
                 Counters    *counters,
                 int         *leader_candidates,
                 GError     **error)
{
  Rng *rng = &p->rng;
  Person members[6];
  double r = rng_double (rng);
  const char *hukou = r < 0.76 ? "local" : r < 0.88 ? "separated" : "floating";
  gboolean floating = strcmp (hukou, "floating") == 0;
  gboolean low_income = !floating && rng_chance (rng, 0.016);
  int n = make_household (p, floating, members);
  gint64 household_id = ++counters->household_id;
  const char *phone = NULL;

  for (int k = 0; k < n && phone == NULL; k++)
    if (members[k].phone[0] != '\0' && members[k].age >= 18)
      phone = members[k].phone;

  if (!gw_writer_add_household (d->writer,
                                &(GwHouseholdRow) { household_id, dwelling_id, members[0].name,
                                                    phone, hukou },
                                NULL, error))
    return FALSE;

  for (int k = 0; k < n; k++)
    {
      Person *person = &members[k];
      GwResidentRow row = { ++counters->resident_id, household_id, person->name,
                            person->male ? "M" : "F", person->birth, person->relation,
                            person->id_number, person->phone[0] ? person->phone : NULL };

      if (!gw_writer_add_resident (d->writer, &row, NULL, error)
          || !write_resident_tags (d, p, person, row.id, n, floating, low_income, counters,
                                   error))
        return FALSE;

      /* 楼长: a settled resident of the building, chosen fairly among them. */
      if (!floating && person->age >= 35 && person->age <= 75 && person->phone[0] != '\0')
        {
          (*leader_candidates)++;
          if (rng_below (rng, *leader_candidates) == 0)
            {
              g_strlcpy (building->leader_name, person->name, sizeof building->leader_name);
              g_strlcpy (building->leader_phone, person->phone, sizeof building->leader_phone);
            }
        }
    }
  return TRUE;
}

static gboolean
write_people (Demo        *d,
              Counters    *counters,
              GError     **error)
{
  People people;
  gboolean ok = TRUE;

  people_init (&people, d, 2);

  for (guint g = 0; g < d->grids->len && ok; g++)
    {
      Grid *grid = GRID (d, g);
      Street *street = STREET (d, COMMUNITY (d, grid->community)->street);
      gint64 remaining = grid->n_dwellings;
      gint64 occupied_left = MIN (grid->target, grid->n_dwellings);
      gint64 extra_left = CLAMP (grid->target - grid->n_dwellings, 0, grid->n_dwellings);
      gint64 first_household = counters->household_id;
      int b0 = -1, b1 = -1;

      for (int l = grid->first_lot; l < grid->first_lot + grid->n_lots; l++)
        if (LOT (d, l)->n_buildings > 0)
          {
            if (b0 < 0)
              b0 = LOT (d, l)->first_building;
            b1 = LOT (d, l)->first_building + LOT (d, l)->n_buildings;
          }

      for (int k = b0; k >= 0 && k < b1 && ok; k++)
        {
          Building *b = BUILDING (d, k);
          double flat_width = 2 * b->half_len / MAX (b->units, 1) / MAX (b->flats, 1);
          double flat_area = flat_width * 2 * b->half_dep;
          int leader_candidates = 0;
          char street_digits[4];

          if (!is_home (b))
            continue;
          b->serial = ++street->building_serial;
          g_assert (b->serial <= 9999);
          memcpy (street_digits, street->code + 6, 3);
          street_digits[3] = '\0';
          b->first_dwelling = counters->dwelling_id + 1;

          for (int unit = 1; unit <= b->units && ok; unit++)
            for (int floor_no = b->first_floor; floor_no <= b->floors && ok; floor_no++)
              for (int flat = 1; flat <= b->flats && ok; flat++)
                {
                  gint64 dwelling_id = ++counters->dwelling_id;
                  char code[12], room[8];
                  gboolean occupied, shared;
                  double area_m2 = round (flat_area * rng_uniform (&people.rng, 0.94, 1.06) * 10)
                                   / 10;

                  /* 以房管人: street 3 + building 4 + unit 1 + floor 2 + room 1. */
                  g_snprintf (code, sizeof code, "%s%04d%d%02d%d", street_digits, b->serial,
                              unit, floor_no, flat);
                  g_snprintf (room, sizeof room, "%d%02d", floor_no, flat);
                  ok = gw_writer_add_dwelling (d->writer,
                                               &(GwDwellingRow) { dwelling_id, k + 1, code, unit,
                                                                  floor_no, room, area_m2 },
                                               NULL, error);
                  if (!ok)
                    break;

                  /* Exactly the grid's households: selection sampling. */
                  occupied = (gint64) rng_below (&people.rng, (guint) remaining) < occupied_left;
                  if (occupied)
                    occupied_left--;
                  shared = occupied
                           && (gint64) rng_below (&people.rng, (guint) remaining) < extra_left;
                  if (shared)
                    extra_left--;
                  remaining--;

                  if (occupied)
                    ok = write_household (d, &people, b, dwelling_id, counters,
                                          &leader_candidates, error);
                  if (ok && shared)
                    ok = write_household (d, &people, b, dwelling_id, counters,
                                          &leader_candidates, error);
                }
          if (leader_candidates == 0)
            {
              Person stand_in;

              make_person (&people, &stand_in, NULL, rng_chance (&people.rng, 0.5),
                           rng_int (&people.rng, 45, 70), "head", FALSE);
              g_strlcpy (b->leader_name, stand_in.name, sizeof b->leader_name);
              random_phone (&people.rng, b->leader_phone);
            }
        }
      grid->n_households = (int) (counters->household_id - first_household);
      report (d, _("Households and residents"), (double) (g + 1) / d->grids->len);
    }

  people_clear (&people);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Workers (一格多员, seed 000 and 003), departments (seed 002), users and the
 * working calendar. */

static gboolean
add_worker (Demo        *d,
            People      *p,
            const char  *name,
            const char  *phone,
            const char  *org,
            int          min_age,
            int          max_age,
            gint64      *id,
            GError     **error)
{
  Person person;

  if (name == NULL)
    {
      make_person (p, &person, NULL, rng_chance (&p->rng, 0.5), rng_int (&p->rng, min_age, max_age),
                   "head", FALSE);
      name = person.name;
      if (person.phone[0] == '\0')
        random_phone (&p->rng, person.phone);
      phone = person.phone;
    }
  *id = ++d->n_workers;
  g_ptr_array_add (d->worker_names, (gpointer) intern (d, name));
  g_ptr_array_add (d->worker_phones, (gpointer) intern (d, phone));
  return gw_writer_add_worker (d->writer, &(GwWorkerRow) { *id, name, phone, org }, NULL,
                               error);
}

static gboolean
add_grid_worker (Demo        *d,
                 int          grid,
                 gint64       worker,
                 const char  *role,
                 gboolean     is_first,
                 GError     **error)
{
  return gw_writer_add_grid_worker (d->writer, grid + 1, worker, role, is_first, error);
}

static const char *
chinese_numeral (int n,
                 char *buf,
                 gsize size)
{
  static const char * const digits[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };

  if (n < 10)
    g_strlcpy (buf, digits[n], size);
  else if (n < 20)
    g_snprintf (buf, size, "十%s", n % 10 ? digits[n % 10] : "");
  else
    g_snprintf (buf, size, "%s十%s", digits[n / 10], n % 10 ? digits[n % 10] : "");
  return buf;
}

static gboolean
write_workers (Demo        *d,
               GError     **error)
{
  People people;
  gboolean ok = TRUE;

  people_init (&people, d, 5);

  for (guint s = 0; s < d->streets->len && ok; s++)
    {
      Street *street = STREET (d, s);
      Community *first = COMMUNITY (d, street->first_community);
      Community *last = COMMUNITY (d, street->first_community + street->n_communities - 1);
      int g0 = first->first_grid, g1 = last->first_grid + last->n_grids;
      g_autofree char *office = g_strconcat (street->name, "办事处", NULL);

      /* A street cadre looks after 2–4 neighbouring grids. */
      for (int g = g0; g < g1 && ok; )
        {
          int n = rng_int (&people.rng, 2, 4);
          gint64 id;

          ok = add_worker (d, &people, NULL, NULL, office, 28, 55, &id, error);
          for (int k = g; k < MIN (g + n, g1) && ok; k++)
            GRID (d, k)->street_cadre = id;
          g += n;
        }

      for (int c = street->first_community; c < street->first_community + street->n_communities
           && ok; c++)
        {
          Community *community = COMMUNITY (d, c);
          g_autofree char *committee = g_strconcat (community->name, "居委会", NULL);
          g_autofree char *volunteers = g_strconcat (community->name, "志愿者服务队", NULL);
          g_autofree char *station = g_strconcat (community->name, "社工站", NULL);
          gint64 households = 0, done = 0;
          int n_social;
          int social_index = -1;
          gint64 social = 0;

          for (int g = community->first_grid; g < community->first_grid + community->n_grids; g++)
            households += GRID (d, g)->n_households;
          /* Seed 003: one social worker per about 400 households. */
          n_social = MAX (1, (int) lround (households / 400.0));

          for (int g = community->first_grid; g < community->first_grid + community->n_grids
               && ok; )
            {
              /* A community cadre for one or two grids, a police officer for 3–5. */
              int n_cadre = rng_chance (&people.rng, 0.6) ? 2 : 1;
              gint64 id;

              ok = add_worker (d, &people, NULL, NULL, committee, 26, 55, &id, error);
              for (int k = g; k < MIN (g + n_cadre, community->first_grid + community->n_grids)
                   && ok; k++)
                GRID (d, k)->community_cadre = id;
              g += n_cadre;
            }
          for (int g = community->first_grid; g < community->first_grid + community->n_grids
               && ok; )
            {
              int n_police = rng_int (&people.rng, 3, 5);
              gint64 id;

              ok = add_worker (d, &people, NULL, NULL, street->info->police_station, 26, 50,
                               &id, error);
              for (int k = g; k < MIN (g + n_police, community->first_grid + community->n_grids)
                   && ok; k++)
                GRID (d, k)->police = id;
              g += n_police;
            }
          for (int g = community->first_grid; g < community->first_grid + community->n_grids
               && ok; g++)
            {
              Grid *grid = GRID (d, g);
              char numeral[16];
              g_autofree char *branch = NULL;
              int index;

              chinese_numeral (g - community->first_grid + 1, numeral, sizeof numeral);
              branch = g_strdup_printf ("%s第%s党支部", community->name, numeral);

              ok = add_worker (d, &people, NULL, NULL, branch, 45, 68, &grid->party_branch,
                               error)
                   && add_worker (d, &people, NULL, NULL, volunteers, 20, 70, &grid->volunteer,
                                  error);

              /* The social worker whose share of households this grid's middle falls in. */
              index = (int) MIN (n_social - 1,
                                 (done + grid->n_households / 2) * n_social / MAX (households, 1));
              if (index != social_index && ok)
                {
                  ok = add_worker (d, &people, NULL, NULL, station, 23, 40, &social, error);
                  social_index = index;
                }
              grid->social_worker = social;
              done += grid->n_households;
            }
        }
    }

  /* 楼长: one per home building, from among its residents. */
  for (guint k = 0; k < d->buildings->len && ok; k++)
    {
      Building *b = BUILDING (d, k);
      Lot *lot = LOT (d, b->lot);
      g_autofree char *org = NULL;

      if (!is_home (b) || b->n_dwellings == 0)
        continue;
      org = g_strconcat (lot->name, b->name, NULL);
      ok = add_worker (d, &people, b->leader_name, b->leader_phone, org, 0, 0,
                       &b->leader_worker, error);
    }

  /* The teams, in notice-board order. */
  for (guint g = 0; g < d->grids->len && ok; g++)
    {
      Grid *grid = GRID (d, g);

      ok = add_grid_worker (d, g, grid->party_branch, "party_branch", TRUE, error)
           && add_grid_worker (d, g, grid->street_cadre, "street_cadre", FALSE, error)
           && add_grid_worker (d, g, grid->community_cadre, "community_cadre", FALSE, error);
      for (int l = grid->first_lot; l < grid->first_lot + grid->n_lots && ok; l++)
        {
          Lot *lot = LOT (d, l);

          for (int k = lot->first_building; k >= 0 && k < lot->first_building + lot->n_buildings
               && ok; k++)
            if (BUILDING (d, k)->leader_worker > 0)
              ok = add_grid_worker (d, g, BUILDING (d, k)->leader_worker, "building_leader",
                                    FALSE, error);
        }
      ok = ok
           && add_grid_worker (d, g, grid->police, "police", FALSE, error)
           && add_grid_worker (d, g, grid->volunteer, "volunteer", FALSE, error)
           && add_grid_worker (d, g, grid->social_worker, "social_worker", FALSE, error);
    }

  people_clear (&people);
  return ok;
}

static gboolean
write_departments (Demo        *d,
                   GError     **error)
{
  People people;
  guint n = gw_demo_n_district_departments + d->streets->len * gw_demo_n_street_offices;
  gboolean ok = TRUE;

  people_init (&people, d, 6);
  d->departments = g_new0 (Department, n);
  d->n_departments = n;
  for (guint k = 0; k < n && ok; k++)
    {
      Department *department = &d->departments[k];
      const char *phone;
      const char *level;
      char street_phone[16];

      department->id = k + 1;
      if (k < gw_demo_n_district_departments)
        {
          department->name = gw_demo_district_departments[k].name;
          phone = gw_demo_district_departments[k].phone;
          level = "district";
        }
      else
        {
          guint s = (k - gw_demo_n_district_departments) / gw_demo_n_street_offices;
          guint o = (k - gw_demo_n_district_departments) % gw_demo_n_street_offices;
          g_autofree char *name = g_strconcat (STREET (d, s)->name, gw_demo_street_offices[o],
                                               NULL);

          department->name = intern (d, name);
          g_snprintf (street_phone, sizeof street_phone, "0532-8%07u",
                      3600000 + rng_below (&people.rng, 3999999));
          phone = street_phone;
          level = "street";
        }
      ok = gw_writer_add_department (d->writer,
                                     &(GwDepartmentRow) { department->id, department->name, level,
                                                          phone },
                                     NULL, error);
    }
  people_clear (&people);
  return ok;
}

/* The department that takes a sub-class's big matters in a street. */
static const Department *
department_for (Demo                    *d,
                const GwDemoSubcategory *sub,
                int                      street)
{
  if (sub->department == NULL)
    return &d->departments[0];
  if (g_str_has_prefix (sub->department, "街道"))
    {
      const char *office = sub->department + strlen ("街道");

      for (guint o = 0; o < gw_demo_n_street_offices; o++)
        if (strcmp (gw_demo_street_offices[o], office) == 0)
          return &d->departments[gw_demo_n_district_departments
                                 + street * gw_demo_n_street_offices + o];
    }
  for (guint k = 0; k < gw_demo_n_district_departments; k++)
    if (strcmp (d->departments[k].name, sub->department) == 0)
      return &d->departments[k];
  return &d->departments[0];
}

static gboolean
write_users (Demo    *d,
             GError **error)
{
  People people;
  Person planner, supervisor;
  gboolean ok;
  Community *community = COMMUNITY (d, 0);
  gint64 seen[3] = { 0, 0, 0 };
  int n_staff = 0;

  people_init (&people, d, 7);
  make_person (&people, &planner, NULL, rng_chance (&people.rng, 0.5), 38, "head", FALSE);
  make_person (&people, &supervisor, NULL, rng_chance (&people.rng, 0.5), 45, "head", FALSE);
  ok = gw_writer_add_user (d->writer, &(GwUserRow) { 1, "planner", planner.name, "planner" },
                           NULL, error)
       && gw_writer_add_user (d->writer,
                              &(GwUserRow) { 2, "supervisor", supervisor.name, "supervisor" },
                              NULL, error);

  /* Staff: the first community's cadres, each for the grids they serve. */
  for (int g = community->first_grid; g < community->first_grid + community->n_grids && ok
       && n_staff < 3; g++)
    {
      gint64 worker = GRID (d, g)->community_cadre;
      char login[16];
      gint64 user_id = 3 + n_staff;
      gboolean known = FALSE;

      for (int k = 0; k < n_staff; k++)
        known |= seen[k] == worker;
      if (known)
        continue;
      seen[n_staff++] = worker;
      g_snprintf (login, sizeof login, "staff%d", n_staff);
      ok = gw_writer_add_user (d->writer,
                               &(GwUserRow) { user_id, login, d->worker_names->pdata[worker],
                                              "staff", worker },
                               NULL, error);
      for (int k = community->first_grid; k < community->first_grid + community->n_grids && ok; k++)
        if (GRID (d, k)->community_cadre == worker)
          ok = gw_writer_add_user_grid (d->writer, user_id, k + 1, error);
    }
  people_clear (&people);
  return ok;
}

static gboolean
write_calendar (Demo        *d,
                GError     **error)
{
  gint64 first = G_MAXINT64, last = G_MININT64;

  for (guint k = 0; k < gw_demo_n_calendar; k++)
    {
      const GwDemoCalendarDay *day = &gw_demo_calendar[k];
      int y, m, dd;
      gint64 n;

      if (!gw_writer_add_calendar_day (d->writer, day->day, day->is_workday, day->name, error))
        return FALSE;
      sscanf (day->day, "%d-%d-%d", &y, &m, &dd);
      n = days_from_civil (y, m, dd);
      first = MIN (first, n);
      last = MAX (last, n);
    }

  /* Workday flags for deadlines, from a year before the cases to well after. */
  d->calendar_day0 = MIN (first, day_of (d->now) - 400);
  d->n_calendar_days = (guint) (MAX (last, day_of (d->now) + 400) - d->calendar_day0 + 1);
  d->workday = g_new (guint8, d->n_calendar_days);
  for (guint k = 0; k < d->n_calendar_days; k++)
    {
      gint64 day = d->calendar_day0 + k;
      int weekday = (int) (((day + 3) % 7 + 7) % 7);   /* 0 = Monday */

      d->workday[k] = weekday < 5;
    }
  for (guint k = 0; k < gw_demo_n_calendar; k++)
    {
      int y, m, dd;

      sscanf (gw_demo_calendar[k].day, "%d-%d-%d", &y, &m, &dd);
      d->workday[days_from_civil (y, m, dd) - d->calendar_day0] = gw_demo_calendar[k].is_workday;
    }
  return TRUE;
}

static gboolean
is_workday (Demo   *d,
            gint64  day)
{
  gint64 k = day - d->calendar_day0;

  if (k < 0 || k >= d->n_calendar_days)
    {
      int weekday = (int) (((day + 3) % 7 + 7) % 7);

      return weekday < 5;
    }
  return d->workday[k];
}

/* ------------------------------------------------------------------------ */
/* A year of cases (seed 002): when and where they come from, who takes them
 * and how far each got by "today". Some places draw many more: a market
 * street, an old compound whose drains keep failing, a compound at the end
 * of a heating main. */

typedef struct
{
  gint64      at;
  const char *kind;
  const char *from_status;
  const char *to_status;
  const char *from_assignee;
  const char *to_assignee;
  const char *reason;
} Event;

typedef struct
{
  int    lot;
  int    side;
  double weight;
} Frontage;

typedef struct
{
  int     drainage_lot;
  int     heating_lot;
  GArray *market_frontage;   /* of Frontage */
} Hotspots;

static const char *
role_chinese (const char *role)
{
  static const struct { const char *key, *label; } roles[] = {
    { "party_branch", "党支部成员" }, { "street_cadre", "街道干部" },
    { "community_cadre", "社区干部" }, { "building_leader", "楼长" },
    { "police", "社区民警" }, { "volunteer", "志愿者" }, { "social_worker", "社工" },
  };

  for (guint k = 0; k < G_N_ELEMENTS (roles); k++)
    if (strcmp (roles[k].key, role) == 0)
      return roles[k].label;
  return role;
}

static gint64
office_hours (Rng    *rng,
              gint64  t)
{
  gint64 day = day_of (t);
  gint64 secs = t - day * DAY;

  if (secs < 8 * HOUR)
    return day * DAY + 8 * HOUR + rng_below (rng, 40 * MINUTE);
  if (secs >= 19 * HOUR)
    return (day + 1) * DAY + 8 * HOUR + rng_below (rng, 40 * MINUTE);
  return t;
}

/* A: the end of the same working day; B: 7 working days; C: 30 days. */
static gint64
case_deadline (Demo   *d,
               char    tier,
               gint64  reported)
{
  const gint64 end = 17 * HOUR + 30 * MINUTE;
  gint64 day = day_of (reported);

  switch (tier)
    {
    case 'A':
      if (is_workday (d, day) && reported - day * DAY < end)
        return day * DAY + end;
      do
        day++;
      while (!is_workday (d, day));
      return day * DAY + end;
    case 'B':
      for (int count = 0; count < 7; )
        {
          day++;
          if (is_workday (d, day))
            count++;
        }
      return day * DAY + end;
    default:
      return (day + 30) * DAY + end;
    }
}

static double
season_factor (GwDemoSeason season,
               gint64       t)
{
  int year, month, day;

  civil_from_days (day_of (t), &year, &month, &day);
  switch (season)
    {
    case GW_DEMO_SEASON_HEATING:
      return (month == 11 && day >= 16) || month == 12 || month <= 3 || (month == 4 && day <= 5)
             ? 2.6 : 0.03;
    case GW_DEMO_SEASON_RAIN:
      return month == 7 || month == 8 ? 2.4 : 0.72;
    case GW_DEMO_SEASON_SUMMER:
      return month >= 6 && month <= 9 ? 1.6 : 0.7;
    case GW_DEMO_SEASON_ENROLMENT:
      return month >= 3 && month <= 8 ? 1.6 : 0.55;
    case GW_DEMO_SEASON_ALL:
    default:
      return 1.0;
    }
}

static int
compare_times (const void *a,
               const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
lot_safe_rect (const Lot *lot,
               double    *west,
               double    *east,
               double    *north,
               double    *south)
{
  *west = lot->west + lot->setback[SIDE_W] + 0.5;
  *east = lot->east - lot->setback[SIDE_E] - 0.5;
  *north = lot->north - lot->setback[SIDE_N] - 0.5;
  *south = lot->south + lot->setback[SIDE_S] + 0.5;
}

static void
find_hotspots (Demo     *d,
               Rng      *rng,
               Hotspots *hotspots)
{
  for (guint s = 0; s < d->streets->len; s++)
    {
      Street *street = STREET (d, s);
      Hotspots *h = &hotspots[s];
      Community *first = COMMUNITY (d, street->first_community);
      Community *last = COMMUNITY (d, street->first_community + street->n_communities - 1);
      int l0 = GRID (d, first->first_grid)->first_lot;
      int l1 = GRID (d, last->first_grid + last->n_grids - 1)->first_lot
               + GRID (d, last->first_grid + last->n_grids - 1)->n_lots;
      int n_drainage = 0, n_heating = 0;

      h->drainage_lot = h->heating_lot = -1;
      h->market_frontage = g_array_new (FALSE, FALSE, sizeof (Frontage));

      /* Reservoir picks: an old courtyard or low-rise compound, a slab compound. */
      for (int l = l0; l < l1; l++)
        {
          Lot *lot = LOT (d, l);

          if (lot->n_buildings < 2)
            continue;
          if ((lot->kind == LOT_LI || lot->kind == LOT_LOWRISE)
              && rng_below (rng, ++n_drainage) == 0)
            h->drainage_lot = l;
          if (lot->kind == LOT_SLAB && rng_below (rng, ++n_heating) == 0)
            h->heating_lot = l;
        }

      /* The market street: lots along the market's main road within 260 m. */
      if (street->market_lot >= 0)
        {
          Lot *market = LOT (d, street->market_lot);
          double me = (market->west + market->east) / 2, mn = (market->north + market->south) / 2;
          int road = -1;

          for (int side = 0; side < 4; side++)
            if (market->side_road[side] >= 0 && ROAD (d, market->side_road[side])->cls == ROAD_MAIN)
              road = market->side_road[side];
          for (int l = l0; l < l1 && road >= 0; l++)
            {
              Lot *lot = LOT (d, l);
              double e = (lot->west + lot->east) / 2, n = (lot->north + lot->south) / 2;
              double distance = hypot (e - me, n - mn);

              for (int side = 0; side < 4; side++)
                if (lot->side_road[side] == road && distance < 260)
                  {
                    Frontage f = { l, side, 1.0 / (1.0 + distance / 80.0) };

                    g_array_append_val (h->market_frontage, f);
                  }
            }
        }
    }
}

/* A point in the lot near @b (or anywhere along the lot's @side when b is NULL). */
static void
case_point (Demo           *d,
            Rng            *rng,
            const Lot      *lot,
            const Building *b,
            int             side,
            double         *e,
            double         *n)
{
  double west, east, north, south;

  lot_safe_rect (lot, &west, &east, &north, &south);
  if (b != NULL)
    {
      *e = b->ce + 6 * rng_normal (rng);
      *n = b->cn + 6 * rng_normal (rng);
    }
  else
    {
      double across = (side == SIDE_N || side == SIDE_S) ? north - south : east - west;
      double depth = rng_uniform (rng, 0, MIN (12, across));

      *e = rng_uniform (rng, west, east);
      *n = rng_uniform (rng, south, north);
      switch (side)
        {
        case SIDE_N: *n = north - depth; break;
        case SIDE_S: *n = south + depth; break;
        case SIDE_W: *e = west + depth; break;
        default: *e = east - depth; break;
        }
    }
  *e = CLAMP (*e, west, east);
  *n = CLAMP (*n, south, north);
}

static gboolean
write_event (Demo         *d,
             gint64        case_id,
             const Event  *event,
             GError      **error)
{
  char at[20];
  GwCaseEventRow row = { ++d->n_events, case_id, at, 0, event->kind, event->from_status,
                         event->to_status, event->from_assignee, event->to_assignee,
                         event->reason };

  format_time (event->at, at);
  return gw_writer_add_case_event (d->writer, &row, NULL, error);
}

typedef struct
{
  Demo       *d;
  People      people;          /* its rng drives every choice about cases */
  Hotspots   *hotspots;        /* per street */
  int        *homes;           /* buildings with dwellings … */
  gint64     *cumulative;      /* … and their running dwelling count */
  int         n_homes;
  gint64      total_dwellings;
} CaseContext;

typedef struct
{
  gint64                   reported;
  const GwDemoSubcategory *sub;
  const Lot               *lot;
  const Building          *building;     /* NULL along a market street with no building */
  int                      street;
  const Grid              *grid;
  double                   e, n;         /* unwarped metres */
  const char              *scope;
  char                     tier;
  const char              *source;
  Person                   reporter;
  const char              *reporter_name;
  const char              *reporter_phone;
  gint64                   worker_id, department_id;
  const char              *assignee;
  gboolean                 second_routing;
  char                     description[256];
  Event                    events[16];
  int                      n_events;
  const char              *status;
  gint64                   closed_at;
  int                      satisfaction;
} CaseDraft;

/* Seasonal mix: heating complaints in winter, drains in the rainy season. */
static const GwDemoSubcategory *
case_subcategory (Rng    *rng,
                  gint64  reported)
{
  double weights[64], total = 0, r;

  G_STATIC_ASSERT (G_N_ELEMENTS (weights) >= 33);

  for (guint s = 0; s < gw_demo_n_subcategories; s++)
    {
      const GwDemoSubcategory *sub = &gw_demo_subcategories[s];

      weights[s] = sub->weight * season_factor (sub->season, reported);
      total += weights[s];
    }
  r = rng_double (rng) * total;
  for (guint s = 0; s + 1 < gw_demo_n_subcategories; s++)
    {
      if (r < weights[s])
        return &gw_demo_subcategories[s];
      r -= weights[s];
    }
  return &gw_demo_subcategories[gw_demo_n_subcategories - 1];
}

/* Where: a home picked by dwellings, or one of its street's hotspots. */
static void
case_place (CaseContext *ctx,
            CaseDraft   *c)
{
  Demo *d = ctx->d;
  Rng *rng = &ctx->people.rng;
  gint64 pick = (gint64) (rng_double (rng) * ctx->total_dwellings);
  int lo = 0, hi = ctx->n_homes - 1;
  int frontage_side = SIDE_S;

  while (lo < hi)
    {
      int mid = (lo + hi) / 2;

      if (ctx->cumulative[mid] > pick)
        hi = mid;
      else
        lo = mid + 1;
    }
  c->building = BUILDING (d, ctx->homes[lo]);
  c->lot = LOT (d, c->building->lot);
  c->street = COMMUNITY (d, GRID (d, c->lot->grid)->community)->street;

  if (c->sub->hotspot != GW_DEMO_HOTSPOT_NONE && rng_below (rng, 100) < c->sub->hot_share)
    {
      Hotspots *h = &ctx->hotspots[c->street];

      if (c->sub->hotspot == GW_DEMO_HOTSPOT_MARKET && h->market_frontage->len > 0)
        {
          double sum = 0, x;
          guint f;

          for (f = 0; f < h->market_frontage->len; f++)
            sum += g_array_index (h->market_frontage, Frontage, f).weight;
          x = rng_double (rng) * sum;
          for (f = 0; f + 1 < h->market_frontage->len; f++)
            {
              x -= g_array_index (h->market_frontage, Frontage, f).weight;
              if (x < 0)
                break;
            }
          c->lot = LOT (d, g_array_index (h->market_frontage, Frontage, f).lot);
          frontage_side = g_array_index (h->market_frontage, Frontage, f).side;
          c->building = NULL;
        }
      else
        {
          int hot = c->sub->hotspot == GW_DEMO_HOTSPOT_DRAINAGE ? h->drainage_lot
                    : c->sub->hotspot == GW_DEMO_HOTSPOT_HEATING ? h->heating_lot : -1;

          if (hot >= 0)
            {
              c->lot = LOT (d, hot);
              int k = c->lot->first_building + rng_below (rng, c->lot->n_buildings);

              c->building = BUILDING (d, k);
            }
        }
    }
  c->grid = GRID (d, c->lot->grid);
  case_point (d, rng, c->lot, c->building, frontage_side, &c->e, &c->n);
  /* Along the market street the address is a building of that lot. */
  if (c->building == NULL && c->lot->n_buildings > 0)
    c->building = BUILDING (d, c->lot->first_building + rng_below (rng, c->lot->n_buildings));
}

/* How it came in, who reported it and who takes it: the grid's worker for
 * small and private matters, a department for big ones. */
static void
case_people (CaseContext *ctx,
             CaseDraft   *c)
{
  static const guint8 source_weights[] = { 28, 24, 16, 14, 6, 12 };
  static const char * const sources[] = {
    "building_leader", "patrol", "hotline", "qr_code", "mailbox", "walk_in",
  };
  Demo *d = ctx->d;
  Rng *rng = &ctx->people.rng;
  const Building *b = c->building;

  c->scope = (const char *[]) { "private", "small", "big" }[rng_pick (rng, c->sub->scope, 3)];
  c->tier = "ABC"[rng_pick (rng, c->sub->tier, 3)];
  c->source = sources[rng_pick (rng, source_weights, G_N_ELEMENTS (source_weights))];
  if (strcmp (c->source, "building_leader") == 0 && (b == NULL || b->leader_name[0] == '\0'))
    c->source = "patrol";

  if (strcmp (c->source, "building_leader") == 0)
    {
      c->reporter_name = b->leader_name;
      c->reporter_phone = b->leader_phone;
    }
  else if (strcmp (c->source, "patrol") == 0)
    {
      c->reporter_name = g_ptr_array_index (d->worker_names, c->grid->community_cadre);
      c->reporter_phone = g_ptr_array_index (d->worker_phones, c->grid->community_cadre);
    }
  else if (strcmp (c->source, "mailbox") != 0 || rng_chance (rng, 0.6))
    {
      /* Letters in the mailbox are often unsigned. */
      make_person (&ctx->people, &c->reporter, NULL, rng_chance (rng, 0.5), rng_int (rng, 25, 82),
                   "head", FALSE);
      if (c->reporter.phone[0] == '\0')
        random_phone (rng, c->reporter.phone);
      c->reporter_name = c->reporter.name;
      c->reporter_phone = c->reporter.phone;
    }

  if (strcmp (c->scope, "big") == 0)
    {
      const Department *department = department_for (d, c->sub, c->street);

      c->department_id = department->id;
      c->assignee = department->name;
    }
  else
    {
      static const char * const roles[] = {
        "police", "social_worker", "volunteer", "party_branch",
      };
      const char *role = "community_cadre";
      gint64 worker = c->grid->community_cadre;
      g_autofree char *text = NULL;

      if (strcmp (c->sub->handler, "building_leader") == 0 && b != NULL && b->leader_worker > 0)
        {
          role = "building_leader";
          worker = b->leader_worker;
        }
      for (guint k = 0; k < G_N_ELEMENTS (roles); k++)
        if (strcmp (c->sub->handler, roles[k]) == 0)
          {
            const Grid *g = c->grid;

            role = roles[k];
            worker = k == 0 ? g->police : k == 1 ? g->social_worker : k == 2 ? g->volunteer
                     : g->party_branch;
          }
      c->worker_id = worker;
      text = g_strdup_printf ("%s（%s）", (const char *) g_ptr_array_index (d->worker_names, worker),
                              role_chinese (role));
      c->assignee = intern (d, text);
    }
}

/* The description names the place: door plate, building, unit. */
static void
case_describe (CaseContext *ctx,
               CaseDraft   *c)
{
  Rng *rng = &ctx->people.rng;
  const Building *b = c->building;
  int n_details = 0;

  if (b != NULL && c->sub->at_unit && is_home (b))
    g_snprintf (c->description, sizeof c->description, "%s%s%d单元", b->address, b->name,
                rng_int (rng, 1, b->units));
  else if (b != NULL)
    g_snprintf (c->description, sizeof c->description, "%s%s", b->address, b->name);
  else
    g_strlcpy (c->description, c->lot->door, sizeof c->description);
  while (n_details < 3 && c->sub->details[n_details] != NULL)
    n_details++;
  g_strlcat (c->description, c->sub->details[rng_below (rng, n_details)], sizeof c->description);
}

#define ADD_EVENT(c, ...) ((c)->events[(c)->n_events++] = (Event) { __VA_ARGS__ })

/* The closed loop of seed 002, with its side roads (rejected, rerouted,
 * deferred, sent back for rework), simulated forward from the report and
 * cut at "now": the last event reached is the case's status. */
static void
case_history (CaseContext *ctx,
              CaseDraft   *c)
{
  static const guint8 satisfaction_weights[] = { 2, 4, 8, 24, 62 };
  Demo *d = ctx->d;
  Rng *rng = &ctx->people.rng;
  gint64 t = c->reported;
  gboolean big = strcmp (c->scope, "big") == 0;
  double slow = big ? 1.4 : 1.0;
  gint64 done;
  gboolean rerouted = FALSE;

  ADD_EVENT (c, t, "report", NULL, "reported", NULL, NULL, NULL);
  t = office_hours (rng, t + rng_int (rng, 10 * MINUTE, 3 * HOUR));
  if (rng_chance (rng, 0.03))
    ADD_EVENT (c, t, "reject", "reported", "rejected", NULL, NULL, "不属于受理范围，已向群众解释说明");
  else
    {
      const char *first_assignee = c->assignee;
      gint64 first_department = c->department_id;

      ADD_EVENT (c, t, "register", "reported", "registered", NULL, NULL, NULL);
      t += rng_int (rng, 5 * MINUTE, 90 * MINUTE);
      ADD_EVENT (c, t, "dispatch", "registered", "dispatched", NULL, c->assignee, NULL);
      /* 二次分流: a department says it is not theirs. */
      if (big && rng_chance (rng, 0.04))
        {
          const Department *other = &d->departments[rng_below (rng,
                                                               gw_demo_n_district_departments)];

          if (other->id != c->department_id)
            {
              t = office_hours (rng, t + rng_int (rng, 2 * HOUR, 2 * DAY));
              ADD_EVENT (c, t, "reroute", "dispatched", "dispatched", c->assignee, other->name,
                         "职能不符，申请二次分流");
              c->department_id = other->id;
              c->assignee = other->name;
            }
        }
      t = office_hours (rng, t + (gint64) (slow * (c->tier == 'A' ? rng_int (rng, 10 * MINUTE, HOUR)
                                                   : c->tier == 'B' ? rng_int (rng, HOUR, 20 * HOUR)
                                                   : rng_int (rng, 2 * HOUR, 72 * HOUR))));
      ADD_EVENT (c, t, "start", "dispatched", "in_progress", NULL, NULL, NULL);
      if (c->tier != 'A' && rng_chance (rng, big ? 0.05 : 0.015))
        {
          t = office_hours (rng, t + rng_int (rng, DAY, 10 * DAY));
          ADD_EVENT (c, t, "defer", "in_progress", "deferred", NULL, NULL, "需协调资金和施工队伍，列入计划办理");
          t = office_hours (rng, t + rng_int (rng, 20 * DAY, 120 * DAY));
          ADD_EVENT (c, t, "resume", "deferred", "in_progress", NULL, NULL, NULL);
        }
      done = c->tier == 'A' ? rng_int (rng, HOUR, 6 * HOUR)
             : c->tier == 'B' ? (gint64) (slow * 2.5 * DAY * exp (0.7 * rng_normal (rng)))
             : (gint64) (slow * 12 * DAY * exp (0.6 * rng_normal (rng)));
      t = office_hours (rng, t + MAX (done, 30 * MINUTE));
      ADD_EVENT (c, t, "report_done", "in_progress", "done_reported", NULL, NULL, NULL);
      if (rng_chance (rng, 0.06))
        {
          t = office_hours (rng, t + rng_int (rng, 4 * HOUR, 2 * DAY));
          ADD_EVENT (c, t, "rework", "done_reported", "rework", NULL, NULL, "核查未通过：群众反映问题仍未解决");
          t = office_hours (rng, t + rng_int (rng, HOUR, 12 * HOUR));
          ADD_EVENT (c, t, "start", "rework", "in_progress", NULL, NULL, NULL);
          t = office_hours (rng, t + rng_int (rng, DAY, 5 * DAY));
          ADD_EVENT (c, t, "report_done", "in_progress", "done_reported", NULL, NULL, NULL);
        }
      t = office_hours (rng, t + rng_int (rng, 2 * HOUR, 2 * DAY));
      ADD_EVENT (c, t, "close", "done_reported", "closed", NULL, NULL, NULL);
      if (rng_chance (rng, 0.75))
        {
          t += rng_int (rng, HOUR, 3 * DAY);
          ADD_EVENT (c, t, "evaluate", "closed", "evaluated", NULL, NULL, NULL);
          c->satisfaction = 1 + (int) rng_pick (rng, satisfaction_weights, 5);
        }

      /* Cut at now, then settle what the case says about itself. */
      for (int k = 1; k < c->n_events; k++)
        if (c->events[k].at <= c->events[k - 1].at)
          c->events[k].at = c->events[k - 1].at + MINUTE;
      while (c->n_events > 1 && c->events[c->n_events - 1].at > d->now)
        c->n_events--;
      for (int k = 0; k < c->n_events; k++)
        {
          if (strcmp (c->events[k].kind, "reroute") == 0)
            rerouted = TRUE;
          if (strcmp (c->events[k].kind, "close") == 0)
            c->closed_at = c->events[k].at;
        }
      if (!rerouted)
        {
          c->department_id = first_department;
          c->assignee = first_assignee;
        }
      c->second_routing = rerouted;
    }
  while (c->n_events > 1 && c->events[c->n_events - 1].at > d->now)
    c->n_events--;

  c->status = c->events[c->n_events - 1].to_status;
  if (strcmp (c->status, "closed") != 0 && strcmp (c->status, "evaluated") != 0)
    c->closed_at = 0;
  if (strcmp (c->status, "evaluated") != 0)
    c->satisfaction = 0;
  /* Not yet dispatched (or refused): nobody holds it. */
  if (c->n_events < 3 || strcmp (c->status, "rejected") == 0)
    {
      c->worker_id = c->department_id = 0;
      c->second_routing = FALSE;
    }
}

#undef ADD_EVENT

static gboolean
case_write (Demo         *d,
            CaseDraft    *c,
            gint64        id,
            const char   *code,
            GError      **error)
{
  char reported[20], deadline[20], closed[20];
  char tier[2] = { c->tier, '\0' };
  GwCaseRow row = {
    id, code, c->lot->grid + 1, c->sub->category, c->sub->name, c->scope, tier, c->source,
    c->status, c->description, c->reporter_name, c->reporter_phone, c->worker_id,
    c->department_id, reported, deadline, c->closed_at > 0 ? closed : NULL, c->satisfaction,
    c->second_routing,
  };
  GwPoint point;
  gboolean ok;

  format_time (c->reported, reported);
  format_time (case_deadline (d, c->tier, c->reported), deadline);
  if (c->closed_at > 0)
    format_time (c->closed_at, closed);
  to_lonlat (d, c->e, c->n, &point);
  gw_wkb_builder_point (d->wkb, point.x, point.y);

  row.wkb = built_wkb (d, &row.wkb_len);
  ok = gw_writer_add_case (d->writer, &row, NULL, error);
  for (int k = 0; k < c->n_events && ok; k++)
    ok = write_event (d, id, &c->events[k], error);
  return ok;
}

static gboolean
write_cases (Demo        *d,
             GError     **error)
{
  static const double hour_weight[24] = {
    0.03, 0.02, 0.02, 0.02, 0.03, 0.06, 0.15, 0.45, 0.90, 1.00, 1.00, 0.90,
    0.60, 0.60, 0.85, 0.90, 0.85, 0.70, 0.50, 0.45, 0.35, 0.25, 0.12, 0.06,
  };
  CaseContext ctx = { d };
  Rng *rng;
  gint64 n_cases;
  g_autofree gint64 *times = NULL;
  g_autofree int *numbers = g_new0 (int, d->streets->len * 4);   /* per street and year */
  int base_year;
  gboolean ok = TRUE;

  people_init (&ctx.people, d, 3);
  rng = &ctx.people.rng;
  ctx.hotspots = g_new0 (Hotspots, d->streets->len);
  find_hotspots (d, rng, ctx.hotspots);

  /* When: a year back from now, fewer at night and on days off; in order,
   * so ids and codes run with time. */
  n_cases = (gint64) llround ((double) d->cfg->cases_per_year * d->n_households
                              / d->cfg->households);
  times = g_new (gint64, MAX (n_cases, 1));
  for (gint64 k = 0; k < n_cases; k++)
    while (TRUE)
      {
        gint64 t = d->now - 1 - (gint64) rng_below (rng, 365 * DAY);
        gint64 day = day_of (t);
        double w = (is_workday (d, day) ? 1.0 : 0.65) * hour_weight[(t - day * DAY) / HOUR];

        if (rng_double (rng) < w)
          {
            times[k] = t;
            break;
          }
      }
  qsort (times, n_cases, sizeof (gint64), compare_times);

  /* Where people live: buildings weighted by dwellings. */
  ctx.homes = g_new (int, d->buildings->len);
  ctx.cumulative = g_new (gint64, d->buildings->len);
  for (guint k = 0; k < d->buildings->len; k++)
    if (is_home (BUILDING (d, k)) && BUILDING (d, k)->n_dwellings > 0)
      {
        ctx.total_dwellings += BUILDING (d, k)->n_dwellings;
        ctx.homes[ctx.n_homes] = k;
        ctx.cumulative[ctx.n_homes++] = ctx.total_dwellings;
      }

  {
    int month, day;

    civil_from_days (day_of (d->now) - 370, &base_year, &month, &day);
  }

  for (gint64 k = 0; k < n_cases && ok; k++)
    {
      CaseDraft c = { 0 };
      char code[32];
      int year, month, day;

      c.reported = times[k];
      c.sub = case_subcategory (rng, c.reported);
      case_place (&ctx, &c);
      case_people (&ctx, &c);
      case_describe (&ctx, &c);
      case_history (&ctx, &c);

      /* NX2026-000123: the street's prefix, the year, a number in the year. */
      civil_from_days (day_of (c.reported), &year, &month, &day);
      g_snprintf (code, sizeof code, "%s%d-%06d", STREET (d, c.street)->info->prefix, year,
                  ++numbers[c.street * 4 + CLAMP (year - base_year, 0, 3)]);
      ok = case_write (d, &c, ++d->n_cases, code, error);
      if (k % 4096 == 0)
        report (d, _("Cases"), (double) k / n_cases);
    }

  for (guint s = 0; s < d->streets->len; s++)
    g_clear_pointer (&ctx.hotspots[s].market_frontage, g_array_unref);
  g_free (ctx.hotspots);
  g_free (ctx.homes);
  g_free (ctx.cumulative);
  people_clear (&ctx.people);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Visits (seed 000): each household twice a year by its grid team; about
 * 80 % have had at least one. */

static gboolean
write_visits (Demo        *d,
              GError     **error)
{
  Rng rng;
  gint64 household = 0;
  gboolean ok = TRUE;

  rng_init (&rng, d->seed, 4);
  for (guint g = 0; g < d->grids->len && ok; g++)
    {
      Grid *grid = GRID (d, g);
      gint64 team[4] = { grid->community_cadre, grid->party_branch, grid->social_worker,
                        grid->volunteer };
      static const guint8 team_weights[] = { 45, 25, 20, 10 };

      for (int h = 0; h < grid->n_households && ok; h++)
        {
          int n_visits;

          household++;
          if (!rng_chance (&rng, 0.82))
            continue;
          n_visits = rng_chance (&rng, 0.7) ? 2 : 1;
          for (int v = 0; v < n_visits && ok; v++)
            {
              /* One in each half of the year. */
              gint64 day = day_of (d->now) - 365 + v * 182 + rng_below (&rng, 180);
              gint64 at;
              char at_text[20];
              GwVisitRow row;

              while (!is_workday (d, day) && rng_chance (&rng, 0.9))
                day++;
              at = day * DAY + (rng_chance (&rng, 0.5) ? 9 * HOUR : 14 * HOUR + 30 * MINUTE)
                   + rng_below (&rng, 150 * MINUTE);
              if (at >= d->now)
                continue;
              format_time (at, at_text);
              row.id = ++d->n_visits;
              row.household_id = household;
              row.worker_id = team[rng_pick (&rng, team_weights, 4)];
              row.visited_at = at_text;
              row.note = gw_demo_visit_notes[rng_below (&rng, gw_demo_n_visit_notes)];
              ok = gw_writer_add_visit (d->writer, &row, NULL, error);
            }
        }
    }
  return ok;
}

/* ------------------------------------------------------------------------ */

static gboolean
write_meta (Demo    *d,
            GError **error)
{
  char seed[16], today[20];
  const char *scale = d->scale == GW_DEMO_SCALE_STREET ? "street" : "district";

  g_snprintf (seed, sizeof seed, "%u", d->seed);
  format_time (d->now, today);
  return gw_writer_set_meta (d->writer, "demo_scale", scale, error)
         && gw_writer_set_meta (d->writer, "demo_seed", seed, error)
         && gw_writer_set_meta (d->writer, "demo_today", today, error);
}

static gboolean
generate (Demo        *d,
          GError     **error)
{
  Counters counters = { 0 };
  gboolean ok;

  report (d, _("Laying out streets, communities and grids"), 0);
  build_lattice (d);
  build_territory (d);
  build_roads (d);
  build_streets_and_communities (d);
  build_grids (d);
  build_lots (d);
  choose_lot_kinds (d);
  report (d, _("Placing buildings"), 0);
  build_buildings (d);
  name_lots_and_buildings (d);

  /* One transaction into a file nobody else has yet; every geometry table
   * gets its spatial index in one pass at the end. */
  if (!gw_writer_begin_load (d->writer, GW_WRITER_LOAD_NEW_FILE, GW_GEOMETRY_ALL_TABLES, error))
    return FALSE;

  report (d, _("Writing places"), 0);
  ok = write_places (d, error) && write_people (d, &counters, error);
  if (ok)
    {
      d->n_households = counters.household_id;
      report (d, _("Workers, departments and users"), 0);
      ok = write_workers (d, error)
           && write_departments (d, error)
           && write_users (d, error)
           && write_calendar (d, error);
    }
  if (ok)
    {
      report (d, _("Cases"), 0);
      ok = write_cases (d, error);
    }
  if (ok)
    {
      report (d, _("Visits"), 0);
      ok = write_visits (d, error);
    }
  if (ok)
    ok = write_meta (d, error);
  if (!ok)
    {
      gw_writer_abort_load (d->writer);
      return FALSE;
    }
  report (d, _("Spatial indexes"), 0);
  return gw_writer_finish_load (d->writer, TRUE, error);
}

static void
demo_clear (Demo *d)
{
  g_free (d->col_x);
  g_free (d->row_y);
  g_free (d->col_cls);
  g_free (d->row_cls);
  g_free (d->vertex);
  g_free (d->edge_h);
  g_free (d->edge_v);
  g_free (d->band_row);
  region_clear (&d->territory);
  if (d->streets != NULL)
    {
      for (guint s = 0; s < d->streets->len; s++)
        region_clear (&STREET (d, s)->region);
      g_array_unref (d->streets);
    }
  if (d->communities != NULL)
    {
      for (guint c = 0; c < d->communities->len; c++)
        region_clear (&COMMUNITY (d, c)->region);
      g_array_unref (d->communities);
    }
  if (d->grids != NULL)
    {
      for (guint g = 0; g < d->grids->len; g++)
        {
          g_free (GRID (d, g)->span.a);
          g_free (GRID (d, g)->span.b);
        }
      g_array_unref (d->grids);
    }
  g_clear_pointer (&d->lots, g_array_unref);
  g_clear_pointer (&d->buildings, g_array_unref);
  g_clear_pointer (&d->roads, g_array_unref);
  g_clear_pointer (&d->worker_names, g_ptr_array_unref);
  g_clear_pointer (&d->worker_phones, g_ptr_array_unref);
  g_free (d->departments);
  g_free (d->workday);
  g_clear_pointer (&d->used_names, g_hash_table_unref);
  g_clear_pointer (&d->strings, g_string_chunk_free);
  g_clear_pointer (&d->wkb, gw_wkb_builder_free);
}

static void
remove_database (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint k = 0; k < G_N_ELEMENTS (suffixes); k++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[k], NULL);

      g_unlink (file);
    }
}

/**
 * gw_demo_generate:
 * @path: file to create; it must not exist
 * @scale: street or district
 * @seed: the same seed (and @today) gives the same database
 * @today: (nullable): the moment the year of cases ends at; %NULL for gw_now()
 * @progress: (nullable): called with each stage
 * @user_data: for @progress
 * @error: a #GError
 *
 * Writes a synthetic but realistic old-town street (seed 000) or district
 * (seed 002) in one transaction. Returns %FALSE and removes the partial file
 * on error.
 *
 * Returns: %TRUE on success
 */
gboolean
gw_demo_generate (const char      *path,
                  GwDemoScale      scale,
                  guint32          seed,
                  GDateTime       *today,
                  GwDemoProgress   progress,
                  gpointer         user_data,
                  GError         **error)
{
  g_autoptr (GDateTime) now_owned = NULL;
  g_autofree char *display = NULL;
  GwStore *store;
  Demo d = { 0 };
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (scale == GW_DEMO_SCALE_STREET || scale == GW_DEMO_SCALE_DISTRICT, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_name (path);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("%s already exists; demo data is only written to a new file"), display);
      return FALSE;
    }

  if (today == NULL)
    today = now_owned = gw_now ();

  d.scale = scale;
  d.cfg = scale == GW_DEMO_SCALE_STREET ? &scale_street : &scale_district;
  d.seed = seed;
  d.now = g_date_time_to_unix (today) + 8 * HOUR;
  d.progress = progress;
  d.progress_data = user_data;
  rng_init (&d.rng, seed, 1);
  d.strings = g_string_chunk_new (64 * 1024);
  d.used_names = g_hash_table_new (g_str_hash, g_str_equal);
  d.wkb = gw_wkb_builder_new ();
  d.worker_names = g_ptr_array_new ();
  d.worker_phones = g_ptr_array_new ();
  g_ptr_array_add (d.worker_names, NULL);   /* ids start at 1 */
  g_ptr_array_add (d.worker_phones, NULL);

  store = gw_store_open (path, GW_STORE_OPEN_CREATE, error);
  if (store == NULL)
    {
      remove_database (path);
      demo_clear (&d);
      return FALSE;
    }

  d.writer = gw_writer_new (store);
  ok = generate (&d, error);
  g_clear_pointer (&d.writer, gw_writer_free);
  g_clear_object (&store);
  demo_clear (&d);
  if (!ok)
    remove_database (path);
  else
    report (&d, _("Done"), 1);
  return ok;
}
