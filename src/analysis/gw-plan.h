/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "gw-partition.h"
#include "gw-plan-store.h"

G_BEGIN_DECLS

/* A draft grid plan being edited (issue 11): lots painted from grid to
 * grid, grids added, merged, split, dissolved and locked, each step undoable;
 * the live figures of every grid; the auto-suggest; saving and committing
 * through the core. No drawing and no SQL here: the app and the CLI both
 * work through this object. */

typedef enum
{
  GW_PLAN_BALANCE_HOUSEHOLDS,
  GW_PLAN_BALANCE_RESIDENTS,
  GW_PLAN_BALANCE_DWELLINGS,
  GW_PLAN_BALANCE_BUILDINGS,
} GwPlanBalance;

gboolean    gw_plan_balance_from_key (const char    *key,
                                      GwPlanBalance *balance);

typedef enum
{
  GW_PLAN_BAND_EMPTY,     /* no lot: left out at commit (a live one is retired) */
  GW_PLAN_BAND_UNDER,
  GW_PLAN_BAND_INSIDE,
  GW_PLAN_BAND_OVER,
} GwPlanBand;

const char *gw_plan_band_label      (GwPlanBand     band);

/* One grid of the draft as the live table shows it. */
typedef struct
{
  guint       key;
  const char *code;            /* "" for a new grid */
  const char *name;
  const char *community;
  double      households, residents, dwellings, buildings;
  guint       lots;
  guint       workers;         /* the live grid's team (0 for a new grid) */
  double      weight;          /* what is balanced */
  GwPlanBand  band;
  guint       parts;           /* contiguous parts: 1, or an island */
  double      polsby_popper;   /* compactness 4πA/P², 0–1 */
  guint       lots_changed;    /* lots that were in another grid, or came from it */
  gboolean    locked;
  gboolean    is_new;
} GwPlanRow;

typedef struct
{
  guint  n_grids;              /* grids with lots */
  guint  n_inside_band;
  guint  n_islands;            /* grids in more than one part */
  guint  n_unassigned;         /* lots in no grid */
  guint  n_changed;            /* lots whose grid differs from the live one */
  double mean_polsby_popper;
} GwPlanSummary;

#define GW_TYPE_PLAN (gw_plan_get_type ())
G_DECLARE_FINAL_TYPE (GwPlan, gw_plan, GW, PLAN, GObject)

GwPlan       *gw_plan_load            (GwStore        *store,
                                       gint64          plan_id,
                                       GError        **error);
GwPlanData   *gw_plan_get_data        (GwPlan         *self);
gint64        gw_plan_get_id          (GwPlan         *self);
const char   *gw_plan_get_name        (GwPlan         *self);

/* The band (households 150–300 by default) and what is balanced. */
void          gw_plan_set_band        (GwPlan         *self,
                                       double          min,
                                       double          max);
void          gw_plan_get_band        (GwPlan         *self,
                                       double         *min,
                                       double         *max);
void          gw_plan_set_balance     (GwPlan         *self,
                                       GwPlanBalance   balance);

/* Look-ups: a grid by its code or name (-1: none), the lot of a building. */
gint          gw_plan_find_grid       (GwPlan         *self,
                                       const char     *code_or_name);
gint          gw_plan_unit_of_building (GwPlan        *self,
                                        gint64         building_id);
gint          gw_plan_grid_of_unit    (GwPlan         *self,
                                       guint           unit);
gint          gw_plan_unit_of_lot     (GwPlan         *self,
                                       gint64          lot_id);
/* A lon/lat in the plan's local plane (metres; what gw_plan_split takes). */
void          gw_plan_lonlat_to_local (GwPlan         *self,
                                       double          longitude,
                                       double          latitude,
                                       double         *x,
                                       double         *y);

/* Editing. Each call is one step of the undo history and emits ::changed.
 * Refused (FALSE, a message naming the lot or grid): a grid of another
 * community, a locked grid. */
gboolean      gw_plan_move_units      (GwPlan         *self,
                                       const guint    *units,
                                       guint           n_units,
                                       guint           key,
                                       GError        **error);
gboolean      gw_plan_move_building   (GwPlan         *self,
                                       gint64          building_id,
                                       guint           key,
                                       GError        **error);
/* A new empty grid in @community_id; its key. */
guint         gw_plan_add_grid        (GwPlan         *self,
                                       gint64          community_id);
/* @other's lots join @keep (adjacent grids of one community). */
gboolean      gw_plan_merge           (GwPlan         *self,
                                       guint           keep,
                                       guint           other,
                                       GError        **error);
/* Each lot of @key goes to the neighbouring grid it shares most boundary
 * with (unlocked, same community). */
gboolean      gw_plan_dissolve        (GwPlan         *self,
                                       guint           key,
                                       GError        **error);
/* The lots of @key whose centre lies left of the line from (@x0, @y0) to
 * (@x1, @y1) (local metres, see GwPlanData) go to a new grid; its key. */
gint          gw_plan_split           (GwPlan         *self,
                                       guint           key,
                                       double          x0,
                                       double          y0,
                                       double          x1,
                                       double          y1,
                                       GError        **error);
void          gw_plan_set_locked      (GwPlan         *self,
                                       guint           key,
                                       gboolean        locked);
gboolean      gw_plan_can_undo        (GwPlan         *self);
gboolean      gw_plan_can_redo        (GwPlan         *self);
gboolean      gw_plan_undo            (GwPlan         *self);
gboolean      gw_plan_redo            (GwPlan         *self);
/* Whether there are steps not saved yet. */
gboolean      gw_plan_is_dirty        (GwPlan         *self);

/* The live table (one GwPlanRow per grid, by key; strings owned by the
 * plan) and its summary, computed in O(lots + boundaries). */
GArray       *gw_plan_get_rows        (GwPlan         *self);
void          gw_plan_get_summary     (GwPlan         *self,
                                       GwPlanSummary  *summary);
/* What stops a commit or breaks the rules, one translated line each. */
GPtrArray    *gw_plan_get_problems    (GwPlan         *self);

/* Auto-suggest for one community (one undo step): see gw-partition.h. */
typedef struct
{
  guint      n_grids;          /* 0: chosen from the band */
  gboolean   from_scratch;
  guint64    seed;
  GwPlanRoad boundary_roads;   /* roads of this class or higher are boundaries a grid
                                  should not cross (NONE: no road counts) */
} GwPlanSuggestOptions;

gboolean      gw_plan_suggest         (GwPlan                     *self,
                                       gint64                      community_id,
                                       const GwPlanSuggestOptions *options,
                                       GwPartitionReport          *report,
                                       GError                    **error);

gboolean      gw_plan_save            (GwPlan         *self,
                                       GwStore        *store,
                                       GwUser         *user,
                                       GError        **error);
gboolean      gw_plan_commit          (GwPlan             *self,
                                       GwStore            *store,
                                       GwUser             *user,
                                       GwPlanCommitReport *report,
                                       GError            **error);

G_END_DECLS
