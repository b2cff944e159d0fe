/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the files of the demo generator share: the random numbers and the
 * clock (inline: a district draws some hundred million numbers and writes a
 * few million timestamps), the model in memory and the stages. The demo
 * writes only through the core's writer (gw-writer.h).
 *
 * gw-demo.c: the run, the clock and the scales
 * gw-demo-lattice.c: the lattice, regions, the territory and roads
 * gw-demo-places.c: streets, communities, grids and lots
 * gw-demo-buildings.c: buildings and their names
 * gw-demo-write.c: places and metadata through the core writer
 * gw-demo-people.c: households and residents
 * gw-demo-workers.c: workers, departments, users, the calendar
 * gw-demo-cases.c: a year of cases and visits
 */

#include <math.h>
#include <string.h>

#include "gw-demo.h"
#include "gw-demo-names.h"
#include "gw-geometry.h"
#include "gw-wkb.h"
#include "gw-writer.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------------------ */
/* Random numbers: xoshiro256** seeded by splitmix64, one stream per stage so
 * that a change in one stage does not reshuffle the others. */

typedef struct
{
  guint64 s[4];
} Rng;

static inline guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline void
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

static inline double
rng_normal (Rng *rng)
{
  double u = 1.0 - rng_double (rng);
  double v = rng_double (rng);

  return sqrt (-2.0 * log (u)) * cos (2.0 * G_PI * v);
}

/* Index into @weights (percent or any scale) with probability ∝ weight. */
static inline guint
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

static inline void
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

/* The first index whose running total exceeds @value: draws by weight. */
static inline int
cumulative_find (const gint64 *cumulative,
                 int           n,
                 gint64        value)
{
  int lo = 0, hi = n - 1;

  while (lo < hi)
    {
      int mid = (lo + hi) / 2;

      if (cumulative[mid] > value)
        hi = mid;
      else
        lo = mid + 1;
    }
  return lo;
}

/* ------------------------------------------------------------------------ */
/* Time: local China time as seconds since 1970-01-01 00:00 local (UTC+8, no
 * daylight saving), formatted without GDateTime because a district writes a
 * few million timestamps. */

#define DAY 86400
#define HOUR 3600
#define MINUTE 60

static inline void
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

static inline gint64
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

/* "YYYY-MM-DD" into @out (11 bytes). */
static inline void
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

/* "YYYY-MM-DD HH:MM:SS" into @out (20 bytes). */
static inline void
format_time (gint64  t,
             char   *out)
{
  gint64 days = t >= 0 ? t / DAY : (t - DAY + 1) / DAY;
  int secs = (int) (t - days * DAY);

  format_date (days, out);
  out[10] = ' ';
  put_digits (out + 11, secs / 3600, 2);
  out[13] = ':';
  put_digits (out + 14, secs / 60 % 60, 2);
  out[16] = ':';
  put_digits (out + 17, secs % 60, 2);
  out[19] = '\0';
}


static inline gint64
day_of (gint64 t)
{
  return t >= 0 ? t / DAY : (t - DAY + 1) / DAY;
}

/* ------------------------------------------------------------------------ */
/* Scales (gw-demo.c has their figures: seed 000 and seed 002). */

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

/* ------------------------------------------------------------------------ */
/* The model in memory. */

typedef enum
{
  ROAD_NONE,
  ROAD_LANE,
  ROAD_SECONDARY,
  ROAD_MAIN,
} RoadClass;

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
  gint64     *surname_cumulative;
  gint64      today;      /* day number */
} People;

typedef struct
{
  gint64  dwelling_id, household_id, resident_id;
  gint64  n_tags;
} Counters;

/* gw-demo.c: the run, the clock and the scales */
const char * gw_demo_intern (Demo       *d,
                             const char *text);
void         gw_demo_report (Demo       *d,
                             const char *stage,
                             double      fraction);

/* gw-demo-lattice.c: the lattice, regions, the territory and roads */
void      gw_demo_to_lonlat       (Demo    *d,
                                   double   e,
                                   double   n,
                                   GwPoint *out);
double    gw_demo_jitter_for      (RoadClass cls);
void      gw_demo_build_lattice   (Demo *d);
double    gw_demo_band_height     (Demo *d,
                                   int   band);
void      gw_demo_region_init     (Demo   *d,
                                   Region *region);
void      gw_demo_region_clear    (Region *region);
double    gw_demo_region_area     (Demo         *d,
                                   const Region *region);
void      gw_demo_region_extent   (Demo         *d,
                                   const Region *region,
                                   double       *width,
                                   double       *height);
void      gw_demo_region_to_span  (Demo         *d,
                                   const Region *region,
                                   RowSpan      *span);
void      gw_demo_span_write_wkb  (Demo          *d,
                                   const RowSpan *span);
double    gw_demo_span_area       (Demo          *d,
                                   const RowSpan *span);
void      gw_demo_build_territory (Demo *d);
void      gw_demo_apportion       (const double *weights,
                                   int           n,
                                   int           total,
                                   int           floor_each,
                                   int          *out);
void      gw_demo_partition       (Demo         *d,
                                   const Region *region,
                                   int           n,
                                   GArray       *out);
void      gw_demo_build_roads     (Demo *d);
RoadClass gw_demo_side_class      (Demo      *d,
                                   const Lot *lot,
                                   int        side,
                                   int       *road);

/* gw-demo-places.c: streets, communities, grids and lots */
int      gw_demo_compare_by_position           (double e1,
                                                double n1,
                                                double e2,
                                                double n2,
                                                double row_height);
void     gw_demo_build_streets_and_communities (Demo *d);
void     gw_demo_build_grids                   (Demo *d);
void     gw_demo_build_lots                    (Demo *d);
gboolean gw_demo_lot_on_main_road              (Demo *d,
                                                Lot  *lot);
gboolean gw_demo_lot_is_roomy                  (const Lot *lot);
void     gw_demo_choose_lot_kinds              (Demo *d);

/* gw-demo-buildings.c: buildings and their names */
gboolean gw_demo_is_home                 (const Building *building);
void     gw_demo_build_buildings         (Demo *d);
void     gw_demo_name_lots_and_buildings (Demo *d);

/* gw-demo-write.c: places and metadata through the core writer */
const guint8 * gw_demo_built_wkb    (Demo  *d,
                                     gsize *len);
gboolean       gw_demo_write_places (Demo    *d,
                                     GError **error);
gboolean       gw_demo_write_meta   (Demo    *d,
                                     GError **error);

/* gw-demo-people.c: households and residents */
void     gw_demo_people_init  (People  *p,
                               Demo    *d,
                               guint64  stream);
void     gw_demo_people_clear (People *p);
void     gw_demo_random_phone (Rng  *rng,
                               char *out);
void     gw_demo_make_person  (People     *p,
                               Person     *person,
                               const char *surname,
                               gboolean    male,
                               int         age,
                               const char *relation,
                               gboolean    rural);
gboolean gw_demo_write_people (Demo      *d,
                               Counters  *counters,
                               GError   **error);

/* gw-demo-workers.c: workers, departments, users, the calendar */
gboolean           gw_demo_write_workers     (Demo    *d,
                                              GError **error);
gboolean           gw_demo_write_departments (Demo    *d,
                                              GError **error);
const Department * gw_demo_department_for    (Demo                    *d,
                                              const GwDemoSubcategory *sub,
                                              int                      street);
gboolean           gw_demo_write_users       (Demo    *d,
                                              GError **error);
gboolean           gw_demo_write_calendar    (Demo    *d,
                                              GError **error);
gboolean           gw_demo_is_workday        (Demo   *d,
                                              gint64  day);

/* gw-demo-cases.c: a year of cases and visits */
gboolean gw_demo_write_cases  (Demo    *d,
                               GError **error);
gboolean gw_demo_write_visits (Demo    *d,
                               GError **error);

G_END_DECLS
