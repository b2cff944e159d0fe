/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "gw-geometry.h"
#include "gw-store.h"

G_BEGIN_DECLS

/* An immutable, in-memory copy of every feature the map draws, projected to
 * Web Mercator once and spatially indexed. Tile threads, the overlay, picking,
 * file export and printing all read the same snapshot; an edit publishes a new
 * one. Reference counted; safe to read from any thread. */
typedef struct _GwMapSnapshot GwMapSnapshot;

typedef enum
{
  GW_FEATURE_COMMUNITY,
  GW_FEATURE_GRID,
  GW_FEATURE_LOT,
  GW_FEATURE_BUILDING,
  GW_FEATURE_ROAD,
  GW_FEATURE_CASE,
} GwFeatureKind;

typedef struct
{
  gint64   id;
  GwShape  shape;            /* mercator */
  GwPoint  label_point;      /* mercator, inside the shape */
  char    *label;            /* grid code, community name, road name, building name */
  char    *name;             /* display name where it differs from the label */
  gint64   parent_id;        /* grid → community, lot → grid, building → lot */
  gint64   grid_id;          /* for lots, buildings and cases: their grid */
  int      klass;            /* road class (0 main, 1 secondary, 2 lane); building floors;
                                case tier (0 A, 1 B, 2 C) */
  int      flags;            /* cases: 1 = overdue; buildings: 1 = shop/mixed */
  gint64   n_households;     /* grids: households (for labels and colouring) */
} GwFeature;

GwMapSnapshot   *gw_map_snapshot_load        (GwStore         *store,
                                              GDateTime       *now,
                                              GError         **error);
GwMapSnapshot   *gw_map_snapshot_ref         (GwMapSnapshot   *snapshot);
void             gw_map_snapshot_unref       (GwMapSnapshot   *snapshot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwMapSnapshot, gw_map_snapshot_unref)

/* Mercator extent of everything (the street or district). */
GwBBox           gw_map_snapshot_get_extent  (GwMapSnapshot   *snapshot);
guint            gw_map_snapshot_get_n_features (GwMapSnapshot *snapshot,
                                                 GwFeatureKind  kind);
const GwFeature *gw_map_snapshot_get_feature (GwMapSnapshot   *snapshot,
                                              GwFeatureKind    kind,
                                              guint            index);
const GwFeature *gw_map_snapshot_lookup      (GwMapSnapshot   *snapshot,
                                              GwFeatureKind    kind,
                                              gint64           id);

typedef gboolean (*GwFeatureFunc) (const GwFeature *feature,
                                   gpointer         user_data);
/* Calls @func for each feature of @kind whose bbox meets @bbox (mercator),
 * through the spatial index; stops when @func returns FALSE. */
void             gw_map_snapshot_query       (GwMapSnapshot   *snapshot,
                                              GwFeatureKind    kind,
                                              const GwBBox    *bbox,
                                              GwFeatureFunc    func,
                                              gpointer         user_data);

/* The polygon feature of @kind (grid, building, lot, community) under a
 * mercator point, or NULL. */
const GwFeature *gw_map_snapshot_pick        (GwMapSnapshot   *snapshot,
                                              GwFeatureKind    kind,
                                              double           x,
                                              double           y);

G_END_DECLS
