/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-writer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "gw-wkb.h"
#include "gw-writer-private.h"

/* The rows of the domain model as the writer's statements take them. Each
 * table is described once (its SQL and where each parameter lies in its
 * row struct) and written by one loop, so that a column added to the
 * schema is added in one place. */

typedef enum
{
  COLUMN_END,
  COLUMN_ID,      /* gint64; 0: the database chooses */
  COLUMN_REF,     /* gint64; 0: NULL */
  COLUMN_INT,     /* gint64 */
  COLUMN_YEAR,    /* gint64; 0: NULL */
  COLUMN_SMALL,   /* int; 0: NULL (a satisfaction) */
  COLUMN_BOOL,    /* gboolean as 0/1 */
  COLUMN_DOUBLE,  /* double; NAN: NULL */
  COLUMN_TEXT,    /* const char *; NULL: NULL */
  COLUMN_REASON,  /* const char *; NULL: "" */
  COLUMN_WKB,     /* const guint8 * and its gsize length */
} ColumnKind;

typedef struct
{
  ColumnKind kind;
  gsize      offset;
  gsize      length;  /* COLUMN_WKB: where its length lies */
} Column;

typedef struct
{
  const char *table;
  const char *sql;
  Column      columns[22];
} WriteSpec;

/* Rows of the tables that take plain arguments. */
typedef struct
{
  gint64      resident_id;
  const char *tag;
} TagRow;

typedef struct
{
  gint64      grid_id;
  gint64      worker_id;
  const char *role;
  gboolean    is_first;
} GridWorkerRow;

typedef struct
{
  gint64 user_id;
  gint64 grid_id;
} UserGridRow;

typedef struct
{
  const char *day;
  gboolean    is_workday;
  const char *name;
} CalendarRow;

typedef struct
{
  const char *key;
  const char *value;
} MetaRow;

#define C(kind, type, field) { COLUMN_##kind, G_STRUCT_OFFSET (type, field), 0 }
#define WKB(type) { COLUMN_WKB, G_STRUCT_OFFSET (type, wkb), G_STRUCT_OFFSET (type, wkb_len) }

static const WriteSpec specs[N_WRITES] = {
  [WRITE_STREET] = { "streets",
    "INSERT INTO streets (id, code, name, district_name, geom) "
    "VALUES (?, ?, ?, ?, coalesce (?, GeomFromWKB (?, 4490)))",
    { C (ID, GwStreetRow, id), C (TEXT, GwStreetRow, code), C (TEXT, GwStreetRow, name),
      C (TEXT, GwStreetRow, district_name), WKB (GwStreetRow) } },
  [WRITE_COMMUNITY] = { "communities",
    "INSERT INTO communities (id, street_id, code, name, geom) "
    "VALUES (?, ?, ?, ?, coalesce (?, GeomFromWKB (?, 4490)))",
    { C (ID, GwCommunityRow, id), C (INT, GwCommunityRow, street_id),
      C (TEXT, GwCommunityRow, code), C (TEXT, GwCommunityRow, name),
      WKB (GwCommunityRow) } },
  [WRITE_GRID] = { "grids",
    "INSERT INTO grids (id, community_id, code, name, extra, geom) "
    "VALUES (?, ?, ?, ?, ?, coalesce (?, GeomFromWKB (?, 4490)))",
    { C (ID, GwGridRow, id), C (INT, GwGridRow, community_id), C (TEXT, GwGridRow, code),
      C (TEXT, GwGridRow, name), C (TEXT, GwGridRow, extra), WKB (GwGridRow) } },
  [WRITE_LOT] = { "lots",
    "INSERT INTO lots (id, community_id, grid_id, name, kind, extra, geom) "
    "VALUES (?, ?, ?, ?, ?, ?, coalesce (?, GeomFromWKB (?, 4490)))",
    { C (ID, GwLotRow, id), C (INT, GwLotRow, community_id), C (REF, GwLotRow, grid_id),
      C (TEXT, GwLotRow, name), C (TEXT, GwLotRow, kind), C (TEXT, GwLotRow, extra),
      WKB (GwLotRow) } },
  [WRITE_ROAD] = { "roads",
    "INSERT INTO roads (id, name, class, extra, geom) VALUES (?, ?, ?, ?, coalesce (?, GeomFromWKB (?, 4490)))",
    { C (ID, GwRoadRow, id), C (TEXT, GwRoadRow, name), C (TEXT, GwRoadRow, road_class),
      C (TEXT, GwRoadRow, extra), WKB (GwRoadRow) } },
  [WRITE_BUILDING] = { "buildings",
    "INSERT INTO buildings (id, lot_id, name, address, use, floors, units, built_year, extra, "
    "geom) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce (?, GeomFromWKB (?, 4490)))",
    { C (ID, GwBuildingRow, id), C (INT, GwBuildingRow, lot_id), C (TEXT, GwBuildingRow, name),
      C (TEXT, GwBuildingRow, address), C (TEXT, GwBuildingRow, use),
      C (INT, GwBuildingRow, floors), C (INT, GwBuildingRow, units),
      C (YEAR, GwBuildingRow, built_year), C (TEXT, GwBuildingRow, extra),
      WKB (GwBuildingRow) } },
  [WRITE_DWELLING] = { "dwellings",
    "INSERT INTO dwellings (id, building_id, code, unit, floor, room, area_m2) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)",
    { C (ID, GwDwellingRow, id), C (INT, GwDwellingRow, building_id),
      C (TEXT, GwDwellingRow, code), C (INT, GwDwellingRow, unit), C (INT, GwDwellingRow, floor),
      C (TEXT, GwDwellingRow, room), C (DOUBLE, GwDwellingRow, area_m2) } },
  [WRITE_HOUSEHOLD] = { "households",
    "INSERT INTO households (id, dwelling_id, head_name, phone, hukou, extra, number, size) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    { C (ID, GwHouseholdRow, id), C (INT, GwHouseholdRow, dwelling_id),
      C (TEXT, GwHouseholdRow, head_name), C (TEXT, GwHouseholdRow, phone),
      C (TEXT, GwHouseholdRow, hukou), C (TEXT, GwHouseholdRow, extra),
      C (TEXT, GwHouseholdRow, number), C (YEAR, GwHouseholdRow, size) } },
  [WRITE_RESIDENT] = { "residents",
    "INSERT INTO residents (id, household_id, name, sex, birth_date, relation, id_number, phone, "
    "extra) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    { C (ID, GwResidentRow, id), C (INT, GwResidentRow, household_id),
      C (TEXT, GwResidentRow, name), C (TEXT, GwResidentRow, sex),
      C (TEXT, GwResidentRow, birth_date), C (TEXT, GwResidentRow, relation),
      C (TEXT, GwResidentRow, id_number), C (TEXT, GwResidentRow, phone),
      C (TEXT, GwResidentRow, extra) } },
  [WRITE_RESIDENT_TAG] = { "resident_tags",
    "INSERT INTO resident_tags (resident_id, tag) VALUES (?, ?)",
    { C (INT, TagRow, resident_id), C (TEXT, TagRow, tag) } },
  [WRITE_WORKER] = { "workers",
    "INSERT INTO workers (id, name, phone, org, extra) VALUES (?, ?, ?, ?, ?)",
    { C (ID, GwWorkerRow, id), C (TEXT, GwWorkerRow, name), C (TEXT, GwWorkerRow, phone),
      C (TEXT, GwWorkerRow, org), C (TEXT, GwWorkerRow, extra) } },
  [WRITE_GRID_WORKER] = { "grid_workers",
    "INSERT INTO grid_workers (grid_id, worker_id, role, is_first) VALUES (?, ?, ?, ?)",
    { C (INT, GridWorkerRow, grid_id), C (INT, GridWorkerRow, worker_id),
      C (TEXT, GridWorkerRow, role), C (BOOL, GridWorkerRow, is_first) } },
  [WRITE_DEPARTMENT] = { "departments",
    "INSERT INTO departments (id, name, level, phone) VALUES (?, ?, ?, ?)",
    { C (ID, GwDepartmentRow, id), C (TEXT, GwDepartmentRow, name),
      C (TEXT, GwDepartmentRow, level), C (TEXT, GwDepartmentRow, phone) } },
  [WRITE_USER] = { "users",
    "INSERT INTO users (id, login, name, role, worker_id) VALUES (?, ?, ?, ?, ?)",
    { C (ID, GwUserRow, id), C (TEXT, GwUserRow, login), C (TEXT, GwUserRow, name),
      C (TEXT, GwUserRow, role), C (REF, GwUserRow, worker_id) } },
  [WRITE_USER_GRID] = { "user_grids",
    "INSERT INTO user_grids (user_id, grid_id) VALUES (?, ?)",
    { C (INT, UserGridRow, user_id), C (INT, UserGridRow, grid_id) } },
  [WRITE_CALENDAR] = { "calendar",
    "INSERT INTO calendar (day, is_workday, name) VALUES (?, ?, ?)",
    { C (TEXT, CalendarRow, day), C (BOOL, CalendarRow, is_workday),
      C (TEXT, CalendarRow, name) } },
  [WRITE_CASE] = { "cases",
    "INSERT INTO cases (id, code, grid_id, category, subcategory, scope, tier, source, status, "
    "description, reporter_name, reporter_phone, worker_id, department_id, reported_at, "
    "deadline_at, closed_at, satisfaction, second_routing, extra, geom) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce (?, GeomFromWKB (?, 4490)))",
    { C (ID, GwCaseRow, id), C (TEXT, GwCaseRow, code), C (INT, GwCaseRow, grid_id),
      C (TEXT, GwCaseRow, category), C (TEXT, GwCaseRow, subcategory),
      C (TEXT, GwCaseRow, scope), C (TEXT, GwCaseRow, tier), C (TEXT, GwCaseRow, source),
      C (TEXT, GwCaseRow, status), C (TEXT, GwCaseRow, description),
      C (TEXT, GwCaseRow, reporter_name), C (TEXT, GwCaseRow, reporter_phone),
      C (REF, GwCaseRow, worker_id), C (REF, GwCaseRow, department_id),
      C (TEXT, GwCaseRow, reported_at), C (TEXT, GwCaseRow, deadline_at),
      C (TEXT, GwCaseRow, closed_at), C (SMALL, GwCaseRow, satisfaction),
      C (BOOL, GwCaseRow, second_routing), C (TEXT, GwCaseRow, extra),
      WKB (GwCaseRow) } },
  [WRITE_CASE_EVENT] = { "case_events",
    "INSERT INTO case_events (id, case_id, at, user_id, kind, from_status, to_status, "
    "from_assignee, to_assignee, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    { C (ID, GwCaseEventRow, id), C (INT, GwCaseEventRow, case_id),
      C (TEXT, GwCaseEventRow, at), C (REF, GwCaseEventRow, user_id),
      C (TEXT, GwCaseEventRow, kind), C (TEXT, GwCaseEventRow, from_status),
      C (TEXT, GwCaseEventRow, to_status), C (TEXT, GwCaseEventRow, from_assignee),
      C (TEXT, GwCaseEventRow, to_assignee), C (REASON, GwCaseEventRow, reason) } },
  [WRITE_VISIT] = { "visits",
    "INSERT INTO visits (id, household_id, worker_id, visited_at, note) VALUES (?, ?, ?, ?, ?)",
    { C (ID, GwVisitRow, id), C (INT, GwVisitRow, household_id), C (REF, GwVisitRow, worker_id),
      C (TEXT, GwVisitRow, visited_at), C (TEXT, GwVisitRow, note) } },
  [WRITE_META] = { "gridwork_meta",
    "INSERT OR REPLACE INTO gridwork_meta (key, value) VALUES (?, ?)",
    { C (TEXT, MetaRow, key), C (TEXT, MetaRow, value) } },
};

#undef C
#undef WKB

/**
 * gw_writer_new:
 * @store: an open, writable store
 *
 * Returns: (transfer full): a writer of @store's rows
 */
GwWriter *
gw_writer_new (GwStore *store)
{
  GwWriter *self;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  self = g_new0 (GwWriter, 1);
  self->store = g_object_ref (store);
  self->db = gw_store_get_db (store);
  self->saved_cache_size = -2000;  /* SQLite's default, should reading it fail */
  self->blob = g_byte_array_new ();
  return self;
}

/**
 * gw_writer_free:
 *
 * Frees the writer; a bulk load still going on is rolled back.
 */
void
gw_writer_free (GwWriter *self)
{
  if (self == NULL)
    return;
  if (self->loading)
    gw_writer_abort_load (self);
  gw_writer_clear_load (self);
  g_clear_object (&self->store);
  g_byte_array_unref (self->blob);
  g_free (self);
}

GwStore *
gw_writer_get_store (GwWriter *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->store;
}

static sqlite3_stmt *
statement (GwWriter   *self,
           WriteKind   kind,
           GError    **error)
{
  if (self->statements[kind] == NULL)
    self->statements[kind] = gw_store_prepare_cached (self->store, specs[kind].sql, error);
  return self->statements[kind];
}

/* Binds one parameter. Values are bound SQLITE_STATIC: the row is stepped
 * before the caller's struct can change. */
static int
bind_column (sqlite3_stmt  *stmt,
             int            index,
             const Column  *column,
             gconstpointer  row)
{
  gconstpointer field = G_STRUCT_MEMBER_P (row, column->offset);
  gint64 number;

  switch (column->kind)
    {
    case COLUMN_ID:
    case COLUMN_REF:
    case COLUMN_YEAR:
      number = *(const gint64 *) field;
      return number != 0 ? sqlite3_bind_int64 (stmt, index, number)
                           : sqlite3_bind_null (stmt, index);
    case COLUMN_INT:
      return sqlite3_bind_int64 (stmt, index, *(const gint64 *) field);
    case COLUMN_SMALL:
      number = *(const int *) field;
      return number != 0 ? sqlite3_bind_int64 (stmt, index, number)
                           : sqlite3_bind_null (stmt, index);
    case COLUMN_BOOL:
      return sqlite3_bind_int (stmt, index, *(const gboolean *) field ? 1 : 0);
    case COLUMN_DOUBLE:
      {
        double real = *(const double *) field;

        return isnan (real) ? sqlite3_bind_null (stmt, index)
                            : sqlite3_bind_double (stmt, index, real);
      }
    case COLUMN_TEXT:
    case COLUMN_REASON:
      {
        const char *text = *(const char * const *) field;

        if (text == NULL && column->kind == COLUMN_REASON)
          text = "";
        return text != NULL ? sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC)
                            : sqlite3_bind_null (stmt, index);
      }
    case COLUMN_WKB:    /* bind_geometry () */
    case COLUMN_END:
    default:
      g_assert_not_reached ();
    }
}

/* The geometry column, last, takes two parameters: "coalesce (?, GeomFromWKB
 * (?, 4490))". The first gets the geometry already in SpatiaLite's own
 * encoding (gw_wkb_to_spatialite: a third of a building's write was
 * GeomFromWKB() parsing and re-encoding it), the second the WKB when that
 * could not be done, for SpatiaLite to judge. Its box is kept for the
 * load's R*Tree. */
static int
bind_geometry (GwWriter      *self,
               sqlite3_stmt  *stmt,
               int            index,
               const Column  *column,
               gconstpointer  row)
{
  const guint8 *wkb = G_STRUCT_MEMBER (const guint8 *, row, column->offset);
  gsize len = G_STRUCT_MEMBER (gsize, row, column->length);
  int rc;

  self->have_box = FALSE;
  if (wkb == NULL)
    {
      rc = sqlite3_bind_null (stmt, index);
      return rc == SQLITE_OK ? sqlite3_bind_null (stmt, index + 1) : rc;
    }
  if (gw_wkb_to_spatialite (wkb, len, 4490, self->blob, &self->box))
    {
      self->have_box = TRUE;
      rc = sqlite3_bind_blob (stmt, index, self->blob->data, (int) self->blob->len, SQLITE_STATIC);
      return rc == SQLITE_OK ? sqlite3_bind_null (stmt, index + 1) : rc;
    }
  rc = sqlite3_bind_null (stmt, index);
  return rc == SQLITE_OK ? sqlite3_bind_blob (stmt, index + 1, wkb, (int) len, SQLITE_STATIC) : rc;
}

/* Binds @row to the statement of @kind and steps it: one row written.
 * A rule of the schema broken (a duplicate code, a NOT NULL without a
 * value) is the row's problem, told apart from a failing database. */
static gboolean
write_row (GwWriter       *self,
           WriteKind       kind,
           gconstpointer   row,
           gint64         *id,
           GError        **error)
{
  const WriteSpec *spec = &specs[kind];
  sqlite3_stmt *stmt = statement (self, kind, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  for (int i = 0; spec->columns[i].kind != COLUMN_END; i++)
    if (!gw_store_check_bind (self->store,
                              spec->columns[i].kind == COLUMN_WKB
                              ? bind_geometry (self, stmt, i + 1, &spec->columns[i], row)
                              : bind_column (stmt, i + 1, &spec->columns[i], row),
                              error))
      {
        sqlite3_reset (stmt);
        return FALSE;
      }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      gint64 given = spec->columns[0].kind == COLUMN_ID
                     ? G_STRUCT_MEMBER (gint64, row, spec->columns[0].offset) : 0;
      gint64 written = given != 0 ? given : sqlite3_last_insert_rowid (self->db);

      sqlite3_reset (stmt);
      if (self->loading)
        for (int i = 0; spec->columns[i].kind != COLUMN_END; i++)
          if (spec->columns[i].kind == COLUMN_WKB)
            gw_writer_load_wrote (self, spec->table, written,
                                  G_STRUCT_MEMBER (const guint8 *, row, spec->columns[i].offset)
                                  != NULL,
                                  self->have_box ? &self->box : NULL);
      if (id != NULL)
        *id = written;
      return TRUE;
    }
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    /* The database's own reason alone ("UNIQUE constraint failed:
     * grids.code"): the caller says which feature or row it is. */
    g_set_error_literal (error, GW_STORE_ERROR, GW_STORE_ERROR_CONSTRAINT,
                         sqlite3_errmsg (self->db));
  else
    {
      /* Translators: %s is a table of the database, e.g. "buildings" */
      g_autofree char *what = g_strdup_printf (_("Could not write to %s"), spec->table);

      gw_store_set_sql_error (self->store, error, what);
    }
  sqlite3_reset (stmt);
  return FALSE;
}

gboolean
gw_writer_add_street (GwWriter           *self,
                      const GwStreetRow  *row,
                      gint64             *id,
                      GError            **error)
{
  g_return_val_if_fail (self != NULL && row != NULL, FALSE);

  return write_row (self, WRITE_STREET, row, id, error);
}

gboolean
gw_writer_add_community (GwWriter              *self,
                         const GwCommunityRow  *row,
                         gint64                *id,
                         GError               **error)
{
  g_return_val_if_fail (self != NULL && row != NULL, FALSE);

  return write_row (self, WRITE_COMMUNITY, row, id, error);
}

gboolean
gw_writer_add_grid (GwWriter         *self,
                    const GwGridRow  *row,
                    gint64           *id,
                    GError          **error)
{
  g_return_val_if_fail (self != NULL && row != NULL, FALSE);

  return write_row (self, WRITE_GRID, row, id, error);
}

gboolean
gw_writer_add_lot (GwWriter        *self,
                   const GwLotRow  *row,
                   gint64          *id,
                   GError         **error)
{
  g_return_val_if_fail (self != NULL && row != NULL, FALSE);

  return write_row (self, WRITE_LOT, row, id, error);
}

gboolean
gw_writer_add_road (GwWriter         *self,
                    const GwRoadRow  *row,
                    gint64           *id,
                    GError          **error)
{
  g_return_val_if_fail (self != NULL && row != NULL, FALSE);

  return write_row (self, WRITE_ROAD, row, id, error);
}

gboolean
gw_writer_add_building (GwWriter             *self,
                        const GwBuildingRow  *row,
                        gint64               *id,
                        GError              **error)
{
  g_return_val_if_fail (self != NULL && row != NULL, FALSE);

  return write_row (self, WRITE_BUILDING, row, id, error);
}

gboolean
gw_writer_add_dwelling (GwWriter             *self,
                        const GwDwellingRow  *row,
                        gint64               *id,
                        GError              **error)
{
  g_return_val_if_fail (self != NULL && row != NULL, FALSE);

  return write_row (self, WRITE_DWELLING, row, id, error);
}

gboolean
gw_writer_add_household (GwWriter              *self,
                         const GwHouseholdRow  *row,
                         gint64                *id,
                         GError               **error)
{
  g_return_val_if_fail (self != NULL && row != NULL, FALSE);

  return write_row (self, WRITE_HOUSEHOLD, row, id, error);
}

gboolean
gw_writer_add_resident (GwWriter             *self,
                        const GwResidentRow  *row,
                        gint64               *id,
                        GError              **error)
{
  g_return_val_if_fail (self != NULL && row != NULL, FALSE);

  return write_row (self, WRITE_RESIDENT, row, id, error);
}

gboolean
gw_writer_add_resident_tag (GwWriter    *self,
                            gint64       resident_id,
                            const char  *tag,
                            GError     **error)
{
  TagRow row = { resident_id, tag };

  g_return_val_if_fail (self != NULL && tag != NULL, FALSE);

  return write_row (self, WRITE_RESIDENT_TAG, &row, NULL, error);
}

gboolean
gw_writer_add_worker (GwWriter           *self,
                      const GwWorkerRow  *row,
                      gint64             *id,
                      GError            **error)
{
  g_return_val_if_fail (self != NULL && row != NULL, FALSE);

  return write_row (self, WRITE_WORKER, row, id, error);
}

gboolean
gw_writer_add_grid_worker (GwWriter    *self,
                           gint64       grid_id,
                           gint64       worker_id,
                           const char  *role,
                           gboolean     is_first,
                           GError     **error)
{
  GridWorkerRow row = { grid_id, worker_id, role, is_first };

  g_return_val_if_fail (self != NULL && role != NULL, FALSE);

  return write_row (self, WRITE_GRID_WORKER, &row, NULL, error);
}

gboolean
gw_writer_add_department (GwWriter               *self,
                          const GwDepartmentRow  *row,
                          gint64                 *id,
                          GError                **error)
{
  g_return_val_if_fail (self != NULL && row != NULL, FALSE);

  return write_row (self, WRITE_DEPARTMENT, row, id, error);
}

gboolean
gw_writer_add_user (GwWriter         *self,
                    const GwUserRow  *row,
                    gint64           *id,
                    GError          **error)
{
  g_return_val_if_fail (self != NULL && row != NULL, FALSE);

  return write_row (self, WRITE_USER, row, id, error);
}

gboolean
gw_writer_add_user_grid (GwWriter  *self,
                         gint64     user_id,
                         gint64     grid_id,
                         GError   **error)
{
  UserGridRow row = { user_id, grid_id };

  g_return_val_if_fail (self != NULL, FALSE);

  return write_row (self, WRITE_USER_GRID, &row, NULL, error);
}

gboolean
gw_writer_add_calendar_day (GwWriter    *self,
                            const char  *day,
                            gboolean     is_workday,
                            const char  *name,
                            GError     **error)
{
  CalendarRow row = { day, is_workday, name != NULL ? name : "" };

  g_return_val_if_fail (self != NULL && day != NULL, FALSE);

  return write_row (self, WRITE_CALENDAR, &row, NULL, error);
}

gboolean
gw_writer_add_case (GwWriter         *self,
                    const GwCaseRow  *row,
                    gint64           *id,
                    GError          **error)
{
  g_return_val_if_fail (self != NULL && row != NULL, FALSE);

  return write_row (self, WRITE_CASE, row, id, error);
}

gboolean
gw_writer_add_case_event (GwWriter              *self,
                          const GwCaseEventRow  *row,
                          gint64                *id,
                          GError               **error)
{
  g_return_val_if_fail (self != NULL && row != NULL, FALSE);

  return write_row (self, WRITE_CASE_EVENT, row, id, error);
}

gboolean
gw_writer_add_visit (GwWriter          *self,
                     const GwVisitRow  *row,
                     gint64            *id,
                     GError           **error)
{
  g_return_val_if_fail (self != NULL && row != NULL, FALSE);

  return write_row (self, WRITE_VISIT, row, id, error);
}

gboolean
gw_writer_set_meta (GwWriter    *self,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  MetaRow row = { key, value };

  g_return_val_if_fail (self != NULL && key != NULL && value != NULL, FALSE);

  return write_row (self, WRITE_META, &row, NULL, error);
}
