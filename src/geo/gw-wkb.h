/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gw-geometry.h"

G_BEGIN_DECLS

/* Reads (Multi)Polygon / (Multi)LineString / Point WKB (as returned by
 * SpatiaLite's AsBinary()) into @shape, projecting lon/lat to Web Mercator
 * when @to_mercator. Lines become open rings. Returns FALSE on malformed
 * input. */
gboolean gw_wkb_read_shape       (const guint8 *wkb,
                                  gsize         len,
                                  gboolean      to_mercator,
                                  GwShape      *shape);

/* The same from a geometry as SpatiaLite stores it (BLOB-Geometry), read
 * without converting it to WKB first. FALSE also for SpatiaLite's
 * compressed classes: ask SpatiaLite for AsBinary() then. */
gboolean gw_wkb_read_spatialite  (const guint8 *blob,
                                  gsize         len,
                                  gboolean      to_mercator,
                                  GwShape      *shape);

/* Whether gw_wkb_read_spatialite() reads @blob's encoding (a SpatiaLite
 * BLOB-Geometry that is not compressed); checks the header only. */
gboolean gw_wkb_spatialite_readable (const guint8 *blob,
                                     gsize         len);

/* @wkb in SpatiaLite's BLOB-Geometry encoding with @srid, as GeomFromWKB()
 * stores it, into @out, and its box; FALSE when it cannot (then let
 * SpatiaLite read the WKB). */
gboolean gw_wkb_to_spatialite    (const guint8 *wkb,
                                  gsize         len,
                                  int           srid,
                                  GByteArray   *out,
                                  GwBBox       *bbox);

/* Builds little-endian WKB for writing with GeomFromWKB(?, 4490).
 * begin_multipolygon, begin_multilinestring and point each start a new
 * geometry (the previous one is discarded); get_data returns the bytes,
 * valid until the builder is changed. */
typedef struct _GwWkbBuilder GwWkbBuilder;
GwWkbBuilder *gw_wkb_builder_new         (void);
void          gw_wkb_builder_free        (GwWkbBuilder *builder);
void          gw_wkb_builder_reset       (GwWkbBuilder *builder);
/* A multipolygon of @n_polys polygons; each polygon begins with begin_polygon
 * and each ring is added closed or open (it is closed on output). */
void          gw_wkb_builder_begin_multipolygon (GwWkbBuilder *builder);
void          gw_wkb_builder_begin_polygon      (GwWkbBuilder *builder);
void          gw_wkb_builder_add_ring           (GwWkbBuilder *builder,
                                                 const GwPoint *points,
                                                 guint          n_points);
void          gw_wkb_builder_begin_multilinestring (GwWkbBuilder *builder);
void          gw_wkb_builder_add_linestring     (GwWkbBuilder *builder,
                                                 const GwPoint *points,
                                                 guint          n_points);
void          gw_wkb_builder_point              (GwWkbBuilder *builder,
                                                 double         x,
                                                 double         y);
const guint8 *gw_wkb_builder_get_data           (GwWkbBuilder *builder,
                                                 gsize        *len);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwWkbBuilder, gw_wkb_builder_free)

G_END_DECLS
