/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "gw-store.h"

G_BEGIN_DECLS

/* What the inspector panel shows when a grid or a building is clicked.
 * All queries are bound-parameter SQL in the core; the app only displays.
 * Objects below are immutable value objects (public read-only fields) so that
 * GTK list models can hold them. */

typedef struct
{
  gint64  id;
  char   *code;             /* 15 digits */
  char   *name;
  gint64  community_id;
  char   *community_code;
  char   *community_name;
  char   *street_name;
  double  area_m2;          /* on the ellipsoid */
  gint64  n_lots;
  gint64  n_buildings;
  gint64  n_dwellings;
  gint64  n_households;
  gint64  n_residents;
  gint64  n_workers;
  gint64  n_open_cases;
  gint64  n_overdue_cases;
} GwGridSummary;

void           gw_grid_summary_free (GwGridSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwGridSummary, gw_grid_summary_free)

typedef struct
{
  gint64  id;
  char   *name;             /* 3号楼 */
  char   *address;          /* 宁夏路18号 */
  char   *use;
  int     floors;
  int     units;
  gint64  lot_id;
  char   *lot_name;         /* compound */
  gint64  grid_id;
  char   *grid_code;
  gint64  n_dwellings;
  gint64  n_households;
  gint64  n_residents;
} GwBuildingSummary;

void           gw_building_summary_free (GwBuildingSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwBuildingSummary, gw_building_summary_free)

/* -1 below the band, 0 inside, +1 above. */
int            gw_household_band_status (gint64 n_households,
                                         int    band_min,
                                         int    band_max);

#define GW_TYPE_GRID_WORKER (gw_grid_worker_get_type ())
G_DECLARE_FINAL_TYPE (GwGridWorker, gw_grid_worker, GW, GRID_WORKER, GObject)
struct _GwGridWorker
{
  GObject  parent_instance;
  gint64   worker_id;
  char    *name;
  char    *phone;
  char    *org;
  char    *role;            /* key, see gw_worker_role_label() */
  gboolean is_first;        /* first responsible person */
  gint64   n_open_cases;    /* open cases assigned to this worker */
};

#define GW_TYPE_HOUSEHOLD (gw_household_get_type ())
G_DECLARE_FINAL_TYPE (GwHousehold, gw_household, GW, HOUSEHOLD, GObject)
struct _GwHousehold
{
  GObject  parent_instance;
  gint64   id;
  gint64   building_id;
  char    *address;         /* door plate of the building */
  char    *building_name;
  int      unit;
  int      floor;
  char    *room;
  char    *dwelling_code;   /* 11 digits */
  char    *head_name;
  int      n_members;
  char    *hukou;
  char   **tags;            /* resident tag keys, union over members, sorted */
  char    *search_text;     /* lower-cased text a search box matches against */
};

#define GW_TYPE_RESIDENT (gw_resident_get_type ())
G_DECLARE_FINAL_TYPE (GwResident, gw_resident, GW, RESIDENT, GObject)
struct _GwResident
{
  GObject  parent_instance;
  gint64   id;
  char    *name;
  char    *sex;
  char    *birth_date;
  int      age;
  char    *relation;
  char    *id_number;       /* masked unless unmasked was asked and allowed */
  char    *phone;           /* idem */
  char   **tags;
};

#define GW_TYPE_CASE_SUMMARY (gw_case_summary_get_type ())
G_DECLARE_FINAL_TYPE (GwCaseSummary, gw_case_summary, GW, CASE_SUMMARY, GObject)
struct _GwCaseSummary
{
  GObject  parent_instance;
  gint64   id;
  char    *code;
  char    *category;        /* key */
  char    *subcategory;
  char    *tier;            /* "A" | "B" | "C" */
  char    *status;          /* key */
  char    *description;
  char    *assignee;        /* worker or department name, may be "" */
  char    *reported_at;
  char    *deadline_at;     /* may be NULL */
  double   age_days;        /* since reported, at @now */
  gboolean overdue;         /* open and past its deadline at @now */
  gint64   version;         /* the row version read: a reroute from this view
                               conflicts if someone changed the case since */
};

GwGridSummary     *gw_inspector_grid_summary     (GwStore    *store,
                                                  gint64      grid_id,
                                                  GDateTime  *now,
                                                  GError    **error);
GwBuildingSummary *gw_inspector_building_summary (GwStore    *store,
                                                  gint64      building_id,
                                                  GError    **error);
/* Of GwGridWorker, first responsible person first, then by role rank. */
GPtrArray         *gw_inspector_grid_workers     (GwStore    *store,
                                                  gint64      grid_id,
                                                  GError    **error);
/* Of GwHousehold, by address/unit/room. Exactly one of @grid_id and
 * @building_id is non-zero. */
GPtrArray         *gw_inspector_households       (GwStore    *store,
                                                  gint64      grid_id,
                                                  gint64      building_id,
                                                  GError    **error);
/* Of GwResident, head first. Personal data is masked unless @unmask. */
GPtrArray         *gw_inspector_residents        (GwStore    *store,
                                                  gint64      household_id,
                                                  gboolean    unmask,
                                                  GDateTime  *now,
                                                  GError    **error);
/* Of GwCaseSummary: open cases of the grid, overdue first, then by deadline. */
GPtrArray         *gw_inspector_open_cases       (GwStore    *store,
                                                  gint64      grid_id,
                                                  GDateTime  *now,
                                                  GError    **error);
/* Finds a grid by its 15-digit code; 0 if none. */
gint64             gw_inspector_find_grid        (GwStore    *store,
                                                  const char *code,
                                                  GError    **error);

G_END_DECLS
