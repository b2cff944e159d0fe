/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gw-address.h"
#include "gw-geometry.h"
#include "gw-store.h"
#include "gw-writer.h"

G_BEGIN_DECLS

/**
 * GwImportStore:
 *
 * What an import asks the database while it reads a file: where a feature
 * lies (the polygons of communities, grids and lots, read once), whether a
 * building is there already, which dwelling an address names, how far the
 * file lies from the street. Values are plain C (ids, lon/lat in EPSG:4490,
 * WKB), so that the import does not know the backend. The statements asked
 * per feature are prepared once.
 */
typedef struct _GwImportStore GwImportStore;

GwImportStore *gw_import_store_new             (GwStore        *store);
void           gw_import_store_free            (GwImportStore  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwImportStore, gw_import_store_free)

/* Whether the database has any community; FALSE also when it cannot say. */
gboolean       gw_import_store_has_communities (GwImportStore  *self);

/* The street's box: its own outline, its communities and grids. FALSE when
 * the database has none of them yet. */
gboolean       gw_import_store_street_extent   (GwImportStore  *self,
                                                GwBBox         *extent);

/* Metres between two lon/lat points on the CGCS2000 ellipsoid. */
gboolean       gw_import_store_distance_m      (GwImportStore  *self,
                                                double          lon1,
                                                double          lat1,
                                                double          lon2,
                                                double          lat2,
                                                double         *metres,
                                                GError        **error);

/**
 * GwImportAreaFunc:
 * @id: the polygon's row
 * @community_id: its community (for a community, itself)
 * @shape: (transfer full): its rings, in lon/lat; the function owns it
 *   (gw_shape_clear() when it is not kept)
 *
 * One polygon of gw_import_store_read_areas(), in order of id.
 */
typedef void (*GwImportAreaFunc) (gint64        id,
                                  gint64        community_id,
                                  GwShape      *shape,
                                  gpointer      user_data);

/* Every polygon of @table (communities, grids or lots) that has one. */
gboolean       gw_import_store_read_areas      (GwImportStore     *self,
                                                GwGeometryTables   table,
                                                GwImportAreaFunc   func,
                                                gpointer           user_data,
                                                GError           **error);

/* The lowest id of a community that @wkb (with box @box) crosses; 0 when
 * none. */
gboolean       gw_import_store_find_community_crossing (GwImportStore  *self,
                                                        const GwBBox   *box,
                                                        const guint8   *wkb,
                                                        gsize           len,
                                                        gint64         *id,
                                                        GError        **error);

typedef void (*GwImportBoxFunc) (gint64        id,
                                 const GwBBox *box,
                                 gpointer      user_data);

/* The exact box of every building (from the geometry's own MBR, in
 * double precision, not the spatial index's single-precision one). */
gboolean       gw_import_store_read_building_boxes (GwImportStore    *self,
                                                    GwImportBoxFunc   func,
                                                    gpointer          user_data,
                                                    GError          **error);

/* Whether building @id has exactly the geometry @wkb. */
gboolean       gw_import_store_building_equals (GwImportStore  *self,
                                                gint64          id,
                                                const guint8   *wkb,
                                                gsize           len,
                                                gboolean       *equal,
                                                GError        **error);

/* The dwelling of an 11-digit @code; 0 when none. */
gboolean       gw_import_store_find_dwelling   (GwImportStore  *self,
                                                const char     *code,
                                                gint64         *dwelling_id,
                                                GError        **error);

/**
 * GwRegisterPlace:
 * @building_id: the building the address names
 * @dwelling_id: its dwelling, or 0 when the building has no such room yet
 * @unit: the dwelling's unit (单元), also when the address names none
 * @floor: its floor, the room number / 100
 * @place: what the address names, for messages ("宁夏路128号 3号楼 2单元302")
 *
 * Where an address of a register leads.
 */
typedef struct
{
  gint64  building_id;
  gint64  dwelling_id;
  guint   unit;
  guint   floor;
  char   *place;
} GwRegisterPlace;

void           gw_register_place_clear         (GwRegisterPlace *place);

/* The building and dwelling of @address: buildings are found by their door
 * plate (the address field, e.g. 宁夏路18号) and their name (3号楼, 三栋 …
 * for the address's building), the dwelling by unit and room. When nothing
 * fits, @reason gets why (no such road, number, building, unit or floor),
 * translated, and @place's building_id is 0. */
gboolean       gw_import_store_find_place      (GwImportStore    *self,
                                                const GwAddress  *address,
                                                GwRegisterPlace  *place,
                                                char            **reason,
                                                GError          **error);

/* A free 11-digit code for a new dwelling of @place (以房管人: street 3 +
 * building 4 + unit 1 + floor 2 + room 1, or the street's next free one). */
gboolean       gw_import_store_new_dwelling_code (GwImportStore          *self,
                                                  const GwRegisterPlace  *place,
                                                  const char             *room,
                                                  char                  **code,
                                                  GError                **error);

/* The household a register row names: by its @number (户号) when given,
 * else the one living in @dwelling_id headed by @head (any when @head is
 * NULL and only one lives there). 0 and @reason when none; @where names
 * the dwelling in that reason. */
gboolean       gw_import_store_find_household  (GwImportStore  *self,
                                                const char     *number,
                                                gint64          dwelling_id,
                                                const char     *where,
                                                const char     *head,
                                                gint64         *household_id,
                                                char          **reason,
                                                GError        **error);

G_END_DECLS
