/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the writer's files share: gw-writer.c writes rows, gw-writer-load.c
 * runs bulk loads and suspends the spatial indexes around them. */

#include "gw-store-private.h"
#include "gw-geometry.h"
#include "gw-writer.h"

G_BEGIN_DECLS

typedef enum
{
  WRITE_STREET,
  WRITE_COMMUNITY,
  WRITE_GRID,
  WRITE_LOT,
  WRITE_ROAD,
  WRITE_BUILDING,
  WRITE_DWELLING,
  WRITE_HOUSEHOLD,
  WRITE_RESIDENT,
  WRITE_RESIDENT_TAG,
  WRITE_WORKER,
  WRITE_GRID_WORKER,
  WRITE_DEPARTMENT,
  WRITE_USER,
  WRITE_USER_GRID,
  WRITE_CALENDAR,
  WRITE_CASE,
  WRITE_CASE_EVENT,
  WRITE_VISIT,
  WRITE_META,
  N_WRITES
} WriteKind;

struct _GwWriter
{
  GwStore           *store;
  sqlite3           *db;
  /* The store's cached statements, looked up once per writer: hashing the
   * SQL text for every row showed in the profile of a district. */
  sqlite3_stmt      *statements[N_WRITES];

  gboolean           loading;
  GwWriterLoadFlags  load_flags;
  gint64             saved_cache_size;
  GPtrArray         *suspended;       /* of Suspended (gw-writer-load.c) */

  /* The last row's geometry in SpatiaLite's encoding, and its box. */
  GByteArray        *blob;
  GwBBox             box;
  gboolean           have_box;
};

void gw_writer_clear_load (GwWriter *self);
/* During a load, a row of @table was written with a geometry of box @box
 * (%NULL: none, or not known): the box goes to the R*Tree being built
 * beside the load, if there is one. */
void gw_writer_load_wrote (GwWriter     *self,
                           const char   *table,
                           gint64        id,
                           gboolean      has_geometry,
                           const GwBBox *box);

G_END_DECLS
