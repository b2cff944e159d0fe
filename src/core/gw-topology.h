/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gw-store.h"
#include "gw-user.h"
#include "gw-writer.h"

G_BEGIN_DECLS

/* What an import of the street's own areas (its boundary, communities,
 * grids) asks and writes beyond plain rows: which community a grid lies
 * in, where polygons overlap or leave gaps (place and area in m² on the
 * ellipsoid), snapping to the neighbours, the next code of the standard.
 * SpatiaLite (GEOS) does the geometry. Called inside the import's load;
 * geometries are WKB in EPSG:4490. */

/* An overlap or gap below GW_TOPOLOGY_NOISE_M2 is rounding and not
 * reported. One up to GW_TOPOLOGY_TOLERANCE_M2, or a sliver thinner on
 * average than GW_TOPOLOGY_SLIVER_M (2 × area / perimeter), is reported but
 * refuses nothing: a straight edge in a Gauss–Krüger file is a slightly
 * curved one in lon/lat, and a neighbour's vertex on it lies centimetres
 * off the transformed edge — a sliver of square metres along a long
 * boundary. */
#define GW_TOPOLOGY_NOISE_M2      0.01
#define GW_TOPOLOGY_TOLERANCE_M2  1.0
#define GW_TOPOLOGY_SLIVER_M      0.1

/**
 * GwTopologyPlace:
 * @other_id: the other polygon (an overlap), or the container (a gap)
 * @other_code: its code
 * @other_name: its name
 * @area_m2: the overlap's or gap's area on the ellipsoid
 * @width_m: its mean width, 2 × area / perimeter
 * @lon: @lat: its centroid
 *
 * One overlap or gap, with where it is.
 */
typedef struct
{
  gint64  other_id;
  char   *other_code;
  char   *other_name;
  double  area_m2;
  double  width_m;
  double  lon, lat;
} GwTopologyPlace;

void       gw_topology_place_clear        (gpointer data);

/* Whether an overlap, gap or part outside is more than rounding and
 * slivers: one that refuses a feature. */
gboolean   gw_topology_is_significant     (double   area_m2,
                                           double   width_m);

/* The project's street: of @code when given, or its only one; @id 0 when
 * none fits (several streets and no code, or an unknown code). */
gboolean   gw_topology_find_street        (GwStore        *store,
                                           const char     *code,
                                           gint64         *id,
                                           char          **street_code,
                                           char          **street_name,
                                           GError        **error);

/* Sets the street's boundary to @wkb, or adds @wkb to it (@add). */
gboolean   gw_topology_set_street_boundary (GwStore       *store,
                                            gint64         street_id,
                                            const guint8  *wkb,
                                            gsize          len,
                                            gboolean       add,
                                            GError       **error);

/* The community of code @text (12 digits, or 3 within the street
 * @street_code) or else of name @text; 0 when none. */
gboolean   gw_topology_find_community     (GwStore        *store,
                                           const char     *street_code,
                                           const char     *text,
                                           gint64         *id,
                                           GError        **error);
gboolean   gw_topology_community_info     (GwStore        *store,
                                           gint64          id,
                                           char          **code,
                                           char          **name,
                                           GError        **error);

/* The community @wkb overlaps the most (by area); 0 when none. */
gboolean   gw_topology_largest_overlap    (GwStore        *store,
                                           const guint8   *wkb,
                                           gsize           len,
                                           gint64         *community_id,
                                           GError        **error);

/* The nearest community to a point, and how far it is in metres. */
gboolean   gw_topology_nearest_community  (GwStore        *store,
                                           double          lon,
                                           double          lat,
                                           gint64         *community_id,
                                           double         *metres,
                                           GError        **error);

/* The street's boundary and a polygon: @has_boundary FALSE when the street
 * has none yet; else the polygon's area outside it (@outside_m2, its mean
 * width @width_m, its centroid in @lon, @lat) and, when it lies wholly
 * outside, its distance in metres (else 0). */
gboolean   gw_topology_outside_street     (GwStore        *store,
                                           const guint8   *wkb,
                                           gsize           len,
                                           gboolean       *has_boundary,
                                           double         *outside_m2,
                                           double         *width_m,
                                           double         *metres,
                                           double         *lon,
                                           double         *lat,
                                           GError        **error);

/* The rows of @table (communities or grids) that @wkb overlaps by more
 * than the noise: an array of GwTopologyPlace, largest first. */
GArray    *gw_topology_overlaps           (GwStore           *store,
                                           GwGeometryTables   table,
                                           const guint8      *wkb,
                                           gsize              len,
                                           GError           **error);

/* What the grids of community @community_id leave of it uncovered, or
 * (@community_id 0) what the communities leave of the street's boundary:
 * an array of GwTopologyPlace, one per significant part. */
GArray    *gw_topology_gaps               (GwStore        *store,
                                           gint64          community_id,
                                           GError        **error);

/* @wkb with its vertices within @metres of a neighbour's (the other rows
 * of @table near it, and its container: the community @container_id for
 * grids, the street's boundary for communities) moved onto them (GEOS
 * snapping, ST_Snap). NULL with no error when nothing is near. */
GBytes    *gw_topology_snap               (GwStore           *store,
                                           GwGeometryTables   table,
                                           const guint8      *wkb,
                                           gsize              len,
                                           gint64             container_id,
                                           double             metres,
                                           GError           **error);

/* The next free sequence number of the grid codes of a community (or of
 * the community codes of a street, @table communities): one after the
 * highest in use. */
gboolean   gw_topology_next_sequence      (GwStore           *store,
                                           GwGeometryTables   table,
                                           const char        *prefix,
                                           guint             *next,
                                           GError           **error);

/* The grid of code or name @text; 0 when none, and @n_named the number of
 * grids of that name (several: ambiguous). */
gboolean   gw_topology_find_grid          (GwStore        *store,
                                           const char     *text,
                                           gint64         *grid_id,
                                           guint          *n_named,
                                           GError        **error);

/* A worker of that name and phone already in the database; 0 when none. */
gboolean   gw_topology_find_worker        (GwStore        *store,
                                           const char     *name,
                                           const char     *phone,
                                           gint64         *worker_id,
                                           GError        **error);

/* Whether @user (re-read from the store) may import @layer: the street's
 * areas, buildings, roads, registers, teams and departments are for
 * supervisors and planners; cases are checked per grid by the case
 * workflow. Refuses with %GW_STORE_ERROR_DENIED naming @file and the
 * reason. A %NULL user (nobody signed in: callers that have no user yet)
 * is not checked. */
gboolean   gw_topology_check_importer     (GwStore        *store,
                                           GwUser         *user,
                                           const char     *layer,
                                           gboolean        cases,
                                           const char     *file,
                                           GError        **error);

/* Buildings that come before the street's communities wait in a community
 * of their own, code street + "000" (no community is numbered 000), with
 * no shape: the map shows them and planners can work, and importing the
 * communities moves their lots into the community that holds each. Counts
 * and lists leave it out (GW_WAITING_COMMUNITY_SQL). */
#define GW_WAITING_COMMUNITY_SUFFIX "000"
gboolean   gw_topology_waiting_community  (GwStore        *store,
                                           const char     *name,
                                           gint64         *id,
                                           GError        **error);
/* Lots of the waiting community that lie in a real one move there; the
 * waiting community goes once it is empty. */
gboolean   gw_topology_rehome_waiting     (GwStore        *store,
                                           guint          *n_moved,
                                           GError        **error);

G_END_DECLS
