/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "gw-feature-query.h"
#include "gw-geometry.h"
#include "gw-store.h"

G_BEGIN_DECLS

/* An immutable, in-memory copy of every feature the map draws, projected to
 * Web Mercator once and spatially indexed. Tile threads, the overlay, picking,
 * file export and printing all read the same snapshot; an edit publishes a new
 * one. Reference counted; safe to read from any thread. */
typedef struct _GwMapSnapshot GwMapSnapshot;

typedef struct
{
  gint64   id;
  GwShape  shape;            /* mercator */
  GwPoint  label_point;      /* mercator, inside the shape; roads: the middle of
                                their longest segment; cases: the point */
  char    *label;            /* grid code, community name, road name, building name,
                                lot (compound) name, case code; never NULL */
  char    *name;             /* grid name, community code, building address, lot name,
                                road name, case category key; never NULL */
  gint64   parent_id;        /* grid → community, lot → grid, building → lot,
                                community → street, case → grid */
  gint64   grid_id;          /* for grids, lots, buildings and cases: their grid (0 if none) */
  int      klass;            /* road class (0 main, 1 secondary, 2 lane); building floors;
                                case tier (0 A, 1 B, 2 C); lot kind (0 compound, 1 shops,
                                2 public, 3 open); community: its colour, 0 to
                                GW_COMMUNITY_COLOURS − 1, none shared with a neighbour
                                where the palette allows */
  int      flags;            /* cases: 1 = overdue; buildings: 1 = shop/mixed, 2 = public */
  gint64   n_households;     /* grids: households (for labels and colouring) */
} GwFeature;

/* Communities are told apart by this many colours (see GwFeature.klass). */
#define GW_COMMUNITY_COLOURS 8

/* A street (街道) of the snapshot, where its communities are: what the map
 * names at the district's overview and the window's title says. */
typedef struct
{
  gint64   id;
  char    *name;             /* 宁夏路街道; never NULL */
  char    *district_name;    /* 市北区; never NULL */
  GwBBox   extent;           /* mercator: of its communities (empty without any) */
  GwPoint  label_point;      /* mercator: inside one of its communities, near their middle */
  guint    n_communities;
} GwMapStreet;

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

/* The streets, in the store's order; those without communities too. */
guint              gw_map_snapshot_get_n_streets (GwMapSnapshot *snapshot);
const GwMapStreet *gw_map_snapshot_get_street    (GwMapSnapshot *snapshot,
                                                  guint          index);

typedef gboolean (*GwFeatureFunc) (const GwFeature *feature,
                                   gpointer         user_data);
/* Calls @func for each feature of @kind whose bbox meets @bbox (mercator),
 * through the spatial index; stops when @func returns FALSE. */
void             gw_map_snapshot_query       (GwMapSnapshot   *snapshot,
                                              GwFeatureKind    kind,
                                              const GwBBox    *bbox,
                                              GwFeatureFunc    func,
                                              gpointer         user_data);

/* The outlines of all communities or all grids (@kind) as open polylines
 * in which an edge shared by two neighbours appears once, for drawing
 * boundaries; calls @func with pseudo-features whose shape holds one run
 * and whose id is the community or grid the run was first taken from. */
void             gw_map_snapshot_query_boundaries (GwMapSnapshot *snapshot,
                                                   GwFeatureKind  kind,
                                                   const GwBBox  *bbox,
                                                   GwFeatureFunc  func,
                                                   gpointer       user_data);

/* The streets' outlines as open polylines: the edges of communities with
 * no community of the same street beyond them (another street's, or the
 * edge of the file's area); pseudo-features whose id is the street. */
void             gw_map_snapshot_query_street_boundaries (GwMapSnapshot *snapshot,
                                                          const GwBBox  *bbox,
                                                          GwFeatureFunc  func,
                                                          gpointer       user_data);

/* The polygon feature of @kind (grid, building, lot, community) under a
 * mercator point, or NULL. */
const GwFeature *gw_map_snapshot_pick        (GwMapSnapshot   *snapshot,
                                              GwFeatureKind    kind,
                                              double           x,
                                              double           y);

G_END_DECLS
