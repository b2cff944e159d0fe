/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The Chinese text the demo generator draws from: names of people, roads,
 * compounds, departments, and the case vocabulary of seed 002. Data only;
 * gw-demo.c makes the choices. */

typedef struct
{
  const char *text;
  guint       weight;
} GwDemoWeighted;

/* Surnames with weights per 10,000 people, Shandong's frequencies (王 and
 * 张 lead, and Jiaodong names such as 于, 姜, 曲, 隋 are common). */
extern const GwDemoWeighted gw_demo_surnames[];
extern const guint          gw_demo_n_surnames;

/* Given names by generation: 0 born before 1956, 1 in 1956–1975,
 * 2 in 1976–1995, 3 from 1996. Whole names, and first/second characters
 * that compose further two-character names of the same flavour. */
typedef struct
{
  const char * const *whole;
  guint               n_whole;
  const char * const *first;
  guint               n_first;
  const char * const *second;
  guint               n_second;
} GwDemoGivenNames;

const GwDemoGivenNames *gw_demo_given_names (guint    generation,
                                             gboolean male);

/* Road names, Qingdao style (roads named after Chinese places).
 * Main roads first; all full names ending in 路. */
extern const char * const gw_demo_main_roads[];
extern const guint        gw_demo_n_main_roads;
extern const char * const gw_demo_minor_roads[];
extern const guint        gw_demo_n_minor_roads;

/* Auspicious characters for compound names: two of them + 里 (the
 * courtyard houses of old Qingdao) or + a 小区 suffix. */
extern const char * const gw_demo_name_chars[];
extern const guint        gw_demo_n_name_chars;
extern const char * const gw_demo_compound_suffixes[];
extern const guint        gw_demo_n_compound_suffixes;

/* Streets of 市北区 for the district scale; the first is the street of
 * seed 000. @prefix starts case codes (NX2026-000123). */
typedef struct
{
  const char *name;
  const char *code;             /* 3 digits after the district's 370203 */
  const char *prefix;
  const char *police_station;
} GwDemoStreet;

extern const GwDemoStreet gw_demo_streets[];
extern const guint        gw_demo_n_streets;

#define GW_DEMO_DISTRICT_NAME "市北区"
#define GW_DEMO_DISTRICT_CODE "370203"

/* District bodies that take big matters (seed 002), then offices every
 * street has; a street office's name is the street's name + the suffix. */
typedef struct
{
  const char *name;
  const char *phone;
} GwDemoDepartment;

extern const GwDemoDepartment gw_demo_district_departments[];
extern const guint            gw_demo_n_district_departments;
extern const char * const     gw_demo_street_offices[];
extern const guint            gw_demo_n_street_offices;

typedef enum
{
  GW_DEMO_SEASON_ALL,
  GW_DEMO_SEASON_HEATING,     /* Qingdao heats from 16 November to 5 April */
  GW_DEMO_SEASON_RAIN,        /* July and August */
  GW_DEMO_SEASON_SUMMER,      /* June to September */
  GW_DEMO_SEASON_ENROLMENT,   /* March to August */
} GwDemoSeason;

typedef enum
{
  GW_DEMO_HOTSPOT_NONE,
  GW_DEMO_HOTSPOT_MARKET,     /* a market street: stalls, noise, rubbish */
  GW_DEMO_HOTSPOT_DRAINAGE,   /* an old compound whose drains keep failing */
  GW_DEMO_HOTSPOT_HEATING,    /* a compound at the end of a heating main */
} GwDemoHotspotKind;

/* One of seed 002's 33 sub-classes. */
typedef struct
{
  const char *category;       /* key of gw_case_categories */
  const char *name;           /* 楼道堆物 */
  guint       weight;         /* cases per 10,000 */
  guint8      scope[3];       /* percent private, small, big */
  guint8      tier[3];        /* percent A, B, C */
  const char *department;     /* takes it when big; "街道…" = the street's office */
  const char *handler;        /* grid role that handles small and private ones */
  GwDemoSeason      season;
  GwDemoHotspotKind hotspot;
  guint8      hot_share;      /* percent of its cases at hotspots */
  gboolean    at_unit;        /* the description names the 单元 */
  const char *details[3];     /* read after an address; NULL-padded */
} GwDemoSubcategory;

extern const GwDemoSubcategory gw_demo_subcategories[];
extern const guint             gw_demo_n_subcategories;

extern const char * const gw_demo_visit_notes[];
extern const guint        gw_demo_n_visit_notes;

/* Public holidays and adjusted working days (调休) of 2025 and 2026, as the
 * State Council announced them: only days that differ from Mon–Fri. */
typedef struct
{
  const char *day;
  gboolean    is_workday;
  const char *name;
} GwDemoCalendarDay;

extern const GwDemoCalendarDay gw_demo_calendar[];
extern const guint             gw_demo_n_calendar;

G_END_DECLS
