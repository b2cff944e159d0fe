/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gw-store.h"

G_BEGIN_DECLS

/**
 * GwWriter:
 *
 * The one way rows of the domain model are written: the demo generator, the
 * import and new cases go through it, so the schema is written from one
 * place and a server backend has one seam to plug into. Values are plain C:
 * integers, doubles, UTF-8 strings and little-endian WKB in EPSG:4490.
 *
 * Conventions of the row structs: an @id of 0 lets the database choose the
 * next one (the new id is returned); a reference (`…_id`) of 0 is none
 * (SQL NULL) where the column allows it; a %NULL string is SQL NULL; @extra
 * is the JSON object of source fields kept at import, or %NULL.
 *
 * Each table's statement is prepared once per store and kept: a bulk load
 * of a district writes a few million rows through them.
 */
typedef struct _GwWriter GwWriter;

/**
 * GwGeometryTables:
 *
 * The tables with a geometry column, as a set: the spatial indexes a bulk
 * load suspends.
 */
typedef enum
{
  GW_GEOMETRY_STREETS     = 1 << 0,
  GW_GEOMETRY_COMMUNITIES = 1 << 1,
  GW_GEOMETRY_GRIDS       = 1 << 2,
  GW_GEOMETRY_LOTS        = 1 << 3,
  GW_GEOMETRY_BUILDINGS   = 1 << 4,
  GW_GEOMETRY_ROADS       = 1 << 5,
  GW_GEOMETRY_CASES       = 1 << 6,
} GwGeometryTables;

#define GW_GEOMETRY_ALL_TABLES ((GwGeometryTables) 0x7f)

/**
 * GwWriterLoadFlags:
 * @GW_WRITER_LOAD_DEFAULT: a load into a file others may use: foreign keys
 *   checked, the write-ahead log kept
 * @GW_WRITER_LOAD_NEW_FILE: the file was just created and nobody else has
 *   it: foreign keys are not checked (the rows are right by construction),
 *   a rollback journal instead of the write-ahead log (pages are written
 *   once, not twice) and a large page cache; the file goes back to WAL when
 *   the load is finished
 */
typedef enum
{
  GW_WRITER_LOAD_DEFAULT  = 0,
  GW_WRITER_LOAD_NEW_FILE = 1 << 0,
} GwWriterLoadFlags;

GwWriter *gw_writer_new              (GwStore            *store);
void      gw_writer_free             (GwWriter           *self);
GwStore  *gw_writer_get_store        (GwWriter           *self);

gboolean  gw_writer_begin_load       (GwWriter           *self,
                                      GwWriterLoadFlags   flags,
                                      GwGeometryTables    suspend,
                                      GError            **error);
gboolean  gw_writer_finish_load      (GwWriter           *self,
                                      gboolean            commit,
                                      GError            **error);
void      gw_writer_abort_load       (GwWriter           *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwWriter, gw_writer_free)

/* One struct per table, in the order of the schema. */

typedef struct
{
  gint64        id;
  const char   *code;            /* district 6 + street 3 */
  const char   *name;
  const char   *district_name;
  const guint8 *wkb;             /* MULTIPOLYGON */
  gsize         wkb_len;
} GwStreetRow;

typedef struct
{
  gint64        id;
  gint64        street_id;
  const char   *code;
  const char   *name;
  const guint8 *wkb;             /* MULTIPOLYGON */
  gsize         wkb_len;
} GwCommunityRow;

typedef struct
{
  gint64        id;
  gint64        community_id;
  const char   *code;            /* 15 digits */
  const char   *name;
  const char   *extra;
  const guint8 *wkb;             /* MULTIPOLYGON */
  gsize         wkb_len;
} GwGridRow;

typedef struct
{
  gint64        id;
  gint64        community_id;
  gint64        grid_id;         /* 0: in no grid yet */
  const char   *name;
  const char   *kind;            /* compound | shops | public | open */
  const char   *extra;
  const guint8 *wkb;             /* MULTIPOLYGON */
  gsize         wkb_len;
} GwLotRow;

typedef struct
{
  gint64        id;
  const char   *name;
  const char   *road_class;      /* main | secondary | lane */
  const char   *extra;
  const guint8 *wkb;             /* MULTILINESTRING */
  gsize         wkb_len;
} GwRoadRow;

typedef struct
{
  gint64        id;
  gint64        lot_id;
  const char   *name;
  const char   *address;
  const char   *use;             /* residential | mixed | shop | public */
  gint64        floors;          /* ≥ 1 */
  gint64        units;           /* ≥ 1 */
  gint64        built_year;      /* 0: unknown */
  const char   *extra;
  const guint8 *wkb;             /* MULTIPOLYGON */
  gsize         wkb_len;
} GwBuildingRow;

typedef struct
{
  gint64        id;
  gint64        building_id;
  const char   *code;            /* 11 digits (以房管人) */
  gint64        unit;
  gint64        floor;
  const char   *room;
  double        area_m2;         /* NAN: unknown */
} GwDwellingRow;

typedef struct
{
  gint64        id;
  gint64        dwelling_id;
  const char   *head_name;
  const char   *phone;
  const char   *hukou;           /* local | floating | separated */
  const char   *extra;
  const char   *number;          /* the register's household number (户号), or NULL */
  gint64        size;            /* people, as the register says; 0: not said */
} GwHouseholdRow;

typedef struct
{
  gint64        id;
  gint64        household_id;
  const char   *name;
  const char   *sex;             /* M | F */
  const char   *birth_date;      /* YYYY-MM-DD */
  const char   *relation;        /* head | spouse | child | parent | grandchild | other */
  const char   *id_number;
  const char   *phone;
  const char   *extra;
} GwResidentRow;

typedef struct
{
  gint64        id;
  const char   *name;
  const char   *phone;
  const char   *org;
  const char   *extra;
} GwWorkerRow;

typedef struct
{
  gint64        id;
  const char   *name;
  const char   *level;           /* district | street */
  const char   *phone;
} GwDepartmentRow;

typedef struct
{
  gint64        id;
  const char   *login;
  const char   *name;
  const char   *role;            /* planner | supervisor | staff */
  gint64        worker_id;       /* 0: none */
} GwUserRow;

typedef struct
{
  gint64        id;
  const char   *code;
  gint64        grid_id;
  const char   *category;
  const char   *subcategory;
  const char   *scope;           /* private | small | big */
  const char   *tier;            /* A | B | C */
  const char   *source;
  const char   *status;
  const char   *description;
  const char   *reporter_name;
  const char   *reporter_phone;
  gint64        worker_id;       /* 0: none */
  gint64        department_id;   /* 0: none */
  const char   *reported_at;     /* YYYY-MM-DD HH:MM:SS, local time */
  const char   *deadline_at;
  const char   *closed_at;
  int           satisfaction;    /* 1–5; 0: not evaluated */
  gboolean      second_routing;
  const char   *extra;
  const guint8 *wkb;             /* POINT */
  gsize         wkb_len;
} GwCaseRow;

typedef struct
{
  gint64        id;
  gint64        case_id;
  const char   *at;
  gint64        user_id;         /* 0: nobody (generated or imported) */
  const char   *kind;
  const char   *from_status;
  const char   *to_status;
  const char   *from_assignee;
  const char   *to_assignee;
  const char   *reason;          /* NULL: "" */
} GwCaseEventRow;

typedef struct
{
  gint64        id;
  gint64        household_id;
  gint64        worker_id;       /* 0: unknown */
  const char   *visited_at;
  const char   *note;
} GwVisitRow;

/* @id (out) (optional): the new row's id. A row the schema refuses fails
 * with %GW_STORE_ERROR_CONSTRAINT and leaves the load going on. */
gboolean gw_writer_add_street      (GwWriter              *self,
                                    const GwStreetRow     *row,
                                    gint64                *id,
                                    GError               **error);
gboolean gw_writer_add_community   (GwWriter              *self,
                                    const GwCommunityRow  *row,
                                    gint64                *id,
                                    GError               **error);
gboolean gw_writer_add_grid        (GwWriter              *self,
                                    const GwGridRow       *row,
                                    gint64                *id,
                                    GError               **error);
gboolean gw_writer_add_lot         (GwWriter              *self,
                                    const GwLotRow        *row,
                                    gint64                *id,
                                    GError               **error);
gboolean gw_writer_add_road        (GwWriter              *self,
                                    const GwRoadRow       *row,
                                    gint64                *id,
                                    GError               **error);
gboolean gw_writer_add_building    (GwWriter              *self,
                                    const GwBuildingRow   *row,
                                    gint64                *id,
                                    GError               **error);
gboolean gw_writer_add_dwelling    (GwWriter              *self,
                                    const GwDwellingRow   *row,
                                    gint64                *id,
                                    GError               **error);
gboolean gw_writer_add_household   (GwWriter              *self,
                                    const GwHouseholdRow  *row,
                                    gint64                *id,
                                    GError               **error);
gboolean gw_writer_add_resident    (GwWriter              *self,
                                    const GwResidentRow   *row,
                                    gint64                *id,
                                    GError               **error);
gboolean gw_writer_add_resident_tag (GwWriter             *self,
                                     gint64                resident_id,
                                     const char           *tag,
                                     GError              **error);
gboolean gw_writer_add_worker      (GwWriter              *self,
                                    const GwWorkerRow     *row,
                                    gint64                *id,
                                    GError               **error);
gboolean gw_writer_add_grid_worker (GwWriter              *self,
                                    gint64                 grid_id,
                                    gint64                 worker_id,
                                    const char            *role,
                                    gboolean               is_first,
                                    GError               **error);
gboolean gw_writer_add_department  (GwWriter              *self,
                                    const GwDepartmentRow *row,
                                    gint64                *id,
                                    GError               **error);
gboolean gw_writer_add_user        (GwWriter              *self,
                                    const GwUserRow       *row,
                                    gint64                *id,
                                    GError               **error);
gboolean gw_writer_add_user_grid   (GwWriter              *self,
                                    gint64                 user_id,
                                    gint64                 grid_id,
                                    GError               **error);
gboolean gw_writer_add_calendar_day (GwWriter             *self,
                                     const char           *day,
                                     gboolean              is_workday,
                                     const char           *name,
                                     GError              **error);
gboolean gw_writer_add_case        (GwWriter              *self,
                                    const GwCaseRow       *row,
                                    gint64                *id,
                                    GError               **error);
gboolean gw_writer_add_case_event  (GwWriter              *self,
                                    const GwCaseEventRow  *row,
                                    gint64                *id,
                                    GError               **error);
gboolean gw_writer_add_visit       (GwWriter              *self,
                                    const GwVisitRow      *row,
                                    gint64                *id,
                                    GError               **error);
/* Sets (or replaces) a key of the file's metadata. */
gboolean gw_writer_set_meta        (GwWriter              *self,
                                    const char            *key,
                                    const char            *value,
                                    GError               **error);

G_END_DECLS
