/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gw-store.h"

G_BEGIN_DECLS

/* The layers a file is exported from, as the database gives them: the
 * fields of each, then its rows one at a time. What a format makes of them
 * (GDAL drivers, spreadsheets) is the exporter's. */

typedef enum
{
  GW_EXPORT_TEXT,
  GW_EXPORT_INTEGER,    /* counts, floors, years */
  GW_EXPORT_INTEGER64,  /* ids */
} GwExportFieldType;

typedef enum
{
  GW_EXPORT_SHAPE_NONE,     /* a table */
  GW_EXPORT_SHAPE_POLYGON,  /* MULTIPOLYGON */
  GW_EXPORT_SHAPE_LINE,     /* MULTILINESTRING */
  GW_EXPORT_SHAPE_POINT,
} GwExportShape;

typedef struct
{
  const char        *name;
  GwExportFieldType  type;
  gboolean           personal;   /* residents' personal data: only when asked for */
} GwExportField;

/* The fields of @layer (grids, lots, buildings, roads, cases, workers,
 * households or residents), ended by one without a name, and its shape;
 * FALSE for an unknown layer. */
gboolean gw_export_layer_lookup (const char           *layer,
                                 GwExportShape        *shape,
                                 const GwExportField **fields);

/* The distinct keys of the extra attributes kept at import, sorted. */
char   **gw_export_layer_extra_keys (GwStore     *store,
                                     const char  *layer,
                                     GError     **error);

/**
 * GwExportCursor:
 *
 * The rows of a layer in the order of their ids: its fields (the personal
 * ones only when asked for), its geometry as WKB with a point on its
 * surface, and its extra attributes.
 */
typedef struct _GwExportCursor GwExportCursor;

/* @ids: (nullable): only these rows (@n_ids of them) */
GwExportCursor *gw_export_cursor_new       (GwStore         *store,
                                            const char      *layer,
                                            gboolean         personal,
                                            const gint64    *ids,
                                            guint            n_ids,
                                            GError         **error);
void            gw_export_cursor_free      (GwExportCursor  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwExportCursor, gw_export_cursor_free)

/* Moves to the next row; @done is set after the last. FALSE on error. */
gboolean        gw_export_cursor_next      (GwExportCursor  *self,
                                            gboolean        *done,
                                            GError         **error);
/* @field counts the fields the cursor gives (the personal ones only when
 * asked for), in the order of gw_export_layer_lookup(). */
gboolean        gw_export_cursor_is_null   (GwExportCursor  *self,
                                            guint            field);
const char     *gw_export_cursor_get_text  (GwExportCursor  *self,
                                            guint            field);
gint64          gw_export_cursor_get_integer (GwExportCursor *self,
                                              guint           field);
/* (nullable): the row's geometry, in EPSG:4490 */
const guint8   *gw_export_cursor_get_wkb   (GwExportCursor  *self,
                                            gsize           *len);
/* A point on the geometry's surface; FALSE when the row has none. */
gboolean        gw_export_cursor_get_point (GwExportCursor  *self,
                                            double          *lon,
                                            double          *lat);

typedef void (*GwExportExtraFunc) (const char *key,
                                   const char *value,
                                   gpointer    user_data);

/* Each extra attribute of the row; @value may be %NULL. */
gboolean        gw_export_cursor_foreach_extra (GwExportCursor     *self,
                                                GwExportExtraFunc   func,
                                                gpointer            user_data,
                                                GError            **error);

G_END_DECLS
