/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

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
 * @wkb: (array length=len): its geometry
 *
 * One polygon of gw_import_store_read_areas(), in order of id.
 */
typedef void (*GwImportAreaFunc) (gint64        id,
                                  gint64        community_id,
                                  const guint8 *wkb,
                                  gsize         len,
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

/* The box of every building in the spatial index. */
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

/* The dwelling of an 11-digit @code or else of a door plate @address and
 * @room ("宁夏路18号" + "201", or "宁夏路18号201" in @address alone); 0
 * when none. */
gboolean       gw_import_store_find_dwelling   (GwImportStore  *self,
                                                const char     *code,
                                                const char     *address,
                                                const char     *room,
                                                gint64         *dwelling_id,
                                                GError        **error);

/* The first household living in a dwelling; 0 when none. */
gboolean       gw_import_store_first_household (GwImportStore  *self,
                                                gint64          dwelling_id,
                                                gint64         *household_id,
                                                GError        **error);

G_END_DECLS
