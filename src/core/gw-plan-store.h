/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gw-store.h"
#include "gw-user.h"

G_BEGIN_DECLS

/* Grid plans in the file (issue 11): what a draft is made of, read and
 * written in one transaction each, and the commit that turns a draft into
 * the live grids. The planning units are the lots: a draft gives every lot
 * of the street a grid of the draft. Editing, figures and suggestions work
 * on the loaded GwPlanData in memory (src/analysis/gw-plan.c). */

typedef struct
{
  gint64  id;
  char   *name;
  char   *state;          /* "draft" or "committed" */
  gint64  parent_id;      /* the draft it was branched from; 0: from the live grids */
  gint    version;        /* row version: a save based on an older one is refused */
  char   *created_at;
  char   *committed_at;   /* NULL while a draft */
  char   *created_by;     /* the login, "" when unknown */
} GwPlanInfo;

void        gw_plan_info_free  (GwPlanInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwPlanInfo, gw_plan_info_free)

/* A lot as the planner sees it, in a local plane (metres east and north of
 * the data's origin). The weights are what a grid balances. */
typedef struct
{
  gint64  lot_id;
  gint64  community_id;
  gint64  live_grid_id;   /* 0: in no grid now */
  double  households, residents, dwellings, buildings;
  double  x, y;           /* centroid, m */
  double  area;           /* m² */
  double  perimeter;      /* m, every ring */
} GwPlanUnit;

/* A grid of the draft. */
typedef struct
{
  gint64    grid_id;      /* the live grid it continues; 0: new */
  gint64    community_id;
  char     *code;         /* the live grid's code; "" for a new one */
  char     *name;
  gboolean  locked;
  guint     workers;      /* the live grid's team size (0 for a new grid) */
} GwPlanGrid;

/* The class of road a lot boundary runs along (roads as grid boundaries). */
typedef enum
{
  GW_PLAN_ROAD_NONE,
  GW_PLAN_ROAD_LANE,
  GW_PLAN_ROAD_SECONDARY,
  GW_PLAN_ROAD_MAIN,
} GwPlanRoad;

typedef struct
{
  GwPlanInfo  info;
  double      lon0, lat0;      /* the local plane's origin */
  GArray     *units;           /* of GwPlanUnit, by lot id */
  /* Units sharing a boundary (same community), CSR: the neighbours of unit
   * i are adj[adj_start[i] .. adj_start[i + 1]) with shared[] metres. */
  GArray     *adj_start;       /* of guint, n_units + 1 */
  GArray     *adj;             /* of guint */
  GArray     *shared;          /* of double */
  GArray     *edge_road;       /* of guint8: the GwPlanRoad along each boundary */
  GArray     *grids;           /* of GwPlanGrid; a draft grid's index is its key */
  GArray     *assignment;      /* of gint: the grid index of each unit, -1: none */
  GHashTable *building_unit;   /* building id → unit index + 1 */
  GHashTable *community_names; /* community id → name */
  GHashTable *community_codes; /* community id → 12-digit code */
} GwPlanData;

void        gw_plan_data_free  (GwPlanData *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwPlanData, gw_plan_data_free)

/* The plans of the file, newest first (a GPtrArray of GwPlanInfo). */
GPtrArray  *gw_plan_store_list   (GwStore     *store,
                                  GError     **error);
/* A new draft named @name: a copy of the live grids (@parent_id 0) or of
 * the draft @parent_id (a branch). Planners only. Returns its id, or 0. */
gint64      gw_plan_store_create (GwStore     *store,
                                  GwUser      *user,
                                  const char  *name,
                                  gint64       parent_id,
                                  GError     **error);
GwPlanData *gw_plan_store_load   (GwStore     *store,
                                  gint64       plan_id,
                                  GError     **error);
/* Writes the draft's grids and assignment (one transaction, its version
 * checked and raised). Planners only; a committed plan cannot change. */
gboolean    gw_plan_store_save   (GwStore     *store,
                                  GwUser      *user,
                                  GwPlanData  *data,
                                  GError     **error);

typedef struct
{
  guint      grids_changed;   /* live grids whose lots changed */
  guint      grids_new;
  guint      grids_retired;
  guint      lots_moved;
  guint      cases_moved;     /* open cases that followed their place */
  GPtrArray *without_team;    /* codes of live grids left with no worker */
} GwPlanCommitReport;

void        gw_plan_commit_report_clear (GwPlanCommitReport *report);

/* Saves @data, then makes it the live grids in the same transaction: each
 * grid becomes the dissolve of its lots (GEOS through SpatiaLite), new grids
 * get codes by the standard (community code + sequence, in reading order:
 * north to south, west to east), changed and retired grids keep their old
 * geometry in grid_history and changed lots their old grid in
 * lot_grid_history; open cases follow the lot they lie in; the audit log
 * records it. Refused, with the file unchanged, when a lot has no grid or a
 * grid would be in several parts. */
gboolean    gw_plan_store_commit (GwStore            *store,
                                  GwUser             *user,
                                  GwPlanData         *data,
                                  GwPlanCommitReport *report,
                                  GError            **error);

/* A lon/lat in the data's local plane (metres east and north of its origin). */
void        gw_plan_data_lonlat_to_local (GwPlanData *data,
                                          double      longitude,
                                          double      latitude,
                                          double     *x,
                                          double     *y);

/* The unit of lot @lot_id, or -1. */
gint        gw_plan_data_unit_of_lot (GwPlanData *data,
                                      gint64      lot_id);

G_END_DECLS
