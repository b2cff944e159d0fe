/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gw-store.h"

G_BEGIN_DECLS

/* What the map draws, read from the store in one go. The rows carry plain
 * values and the geometry as WKB, so that the map snapshot (render/) needs
 * no SQL and another backend (PostgreSQL + PostGIS) can answer the same
 * calls with its own queries. */

typedef enum
{
  GW_FEATURE_COMMUNITY,
  GW_FEATURE_GRID,
  GW_FEATURE_LOT,
  GW_FEATURE_BUILDING,
  GW_FEATURE_ROAD,
  GW_FEATURE_CASE,
} GwFeatureKind;

#define GW_FEATURE_N_KINDS (GW_FEATURE_CASE + 1)

/**
 * GwFeatureRow:
 * @kind: what the row is
 * @id: its id in its table
 * @parent_id: community → street, grid → community, lot → grid,
 *   building → lot, case → grid; 0 for roads and where there is none
 * @grid_id: the grid of a grid (itself), lot, building or case; 0 if none
 * @label: grid code, community name, lot name, building name, road name,
 *   case code; never %NULL
 * @name: grid name, community code, lot name, building address, road name,
 *   case category key; never %NULL
 * @klass: road class (0 main, 1 secondary, 2 lane); building floors; case
 *   tier (0 A, 1 B, 2 C); lot kind (0 compound, 1 shops, 2 public, 3 open)
 * @flags: cases: 1 = overdue; buildings: 1 = shop or mixed use, 2 = public
 * @wkb: the geometry in CGCS2000 lon/lat (EPSG:4490), or %NULL when the
 *   row has none: WKB, or SpatiaLite's own BLOB-Geometry when @spatialite
 *   (read with gw_wkb_read_spatialite(), without converting it)
 * @wkb_size: bytes in @wkb
 * @spatialite: @wkb is a SpatiaLite BLOB-Geometry
 *
 * One map feature as the store has it. The strings and @wkb belong to the
 * store and are valid only during the callback.
 */
typedef struct
{
  GwFeatureKind  kind;
  gint64         id;
  gint64         parent_id;
  gint64         grid_id;
  const char    *label;
  const char    *name;
  int            klass;
  int            flags;
  const guint8  *wkb;
  gsize          wkb_size;
  gboolean       spatialite;
} GwFeatureRow;

typedef void (*GwFeatureRowFunc)       (const GwFeatureRow *row,
                                        gpointer            user_data);
/* Households living in one building. */
typedef void (*GwBuildingHouseholdsFunc) (gint64              building_id,
                                          gint64              n_households,
                                          gpointer            user_data);

gboolean  gw_feature_query_run (GwStore                  *store,
                                GDateTime                *now,
                                GwFeatureRowFunc          feature_func,
                                GwBuildingHouseholdsFunc  households_func,
                                gpointer                  user_data,
                                GError                  **error);

G_END_DECLS
