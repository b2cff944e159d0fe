/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gw-import-store.h"
#include "gw-store-private.h"
#include "gw-wkb.h"

typedef enum
{
  ASK_COMMUNITY_CROSSING,
  ASK_BUILDING_EQUALS,
  ASK_DWELLING_BY_CODE,
  ASK_DWELLING_IN_UNIT,
  ASK_DWELLING_IN_BUILDING,
  ASK_HOUSEHOLD_BY_NUMBER,
  ASK_HOUSEHOLDS_AT,
  N_ASKS
} Ask;

/* What is asked per feature: a district's file asks some ten thousand
 * times, so each statement is looked up once, not by its text each time. */
static const char * const ask_sql[N_ASKS] = {
  [ASK_COMMUNITY_CROSSING] =
    "SELECT t.id FROM communities AS t WHERE t.id IN (SELECT pkid FROM idx_communities_geom "
    "WHERE xmax >= ?1 AND xmin <= ?2 AND ymax >= ?3 AND ymin <= ?4) "
    "AND ST_Intersects (t.geom, GeomFromWKB (?5, 4490)) = 1 ORDER BY t.id LIMIT 1",
  [ASK_BUILDING_EQUALS] =
    "SELECT ST_Equals (geom, GeomFromWKB (?, 4490)) FROM buildings WHERE id = ?",
  [ASK_DWELLING_BY_CODE] =
    "SELECT id FROM dwellings WHERE code = ?",
  [ASK_DWELLING_IN_UNIT] =
    "SELECT id FROM dwellings WHERE building_id = ?1 AND unit = ?2 AND room = ?3 "
    "ORDER BY id LIMIT 1",
  [ASK_DWELLING_IN_BUILDING] =
    "SELECT id, unit, count(*) OVER () FROM dwellings WHERE building_id = ?1 AND room = ?2 "
    "ORDER BY id LIMIT 1",
  [ASK_HOUSEHOLD_BY_NUMBER] =
    "SELECT id FROM households WHERE number = ?",
  [ASK_HOUSEHOLDS_AT] =
    "SELECT id, head_name FROM households WHERE dwelling_id = ? ORDER BY id",
};

/* A building by its door plate, for the addresses of registers. */
typedef struct
{
  gint64  id;
  char   *key;     /* what its name numbers it by (gw_address_building_key) */
  char   *name;
  char   *plate;   /* its address as the buildings table has it */
  guint   units;
  guint   floors;
} PlateBuilding;

struct _GwImportStore
{
  GwStore      *store;
  sqlite3_stmt *asks[N_ASKS];   /* the store's cached statements */
  GHashTable   *plates;         /* "road\x1fnumber\x1flane" → GPtrArray of PlateBuilding */
  GHashTable   *roads;          /* road names of buildings and of the roads table */
};

GwImportStore *
gw_import_store_new (GwStore *store)
{
  GwImportStore *self;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  self = g_new0 (GwImportStore, 1);
  self->store = g_object_ref (store);
  return self;
}

void
gw_import_store_free (GwImportStore *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->store);
  g_clear_pointer (&self->plates, g_hash_table_unref);
  g_clear_pointer (&self->roads, g_hash_table_unref);
  g_free (self);
}

static sqlite3_stmt *
ask (GwImportStore  *self,
     Ask             what,
     GError        **error)
{
  if (self->asks[what] == NULL)
    self->asks[what] = gw_store_prepare_cached (self->store, ask_sql[what], error);
  else
    {
      sqlite3_reset (self->asks[what]);
      sqlite3_clear_bindings (self->asks[what]);
    }
  return self->asks[what];
}

/* Steps a query of at most one row: @id gets its first column, or 0. */
static gboolean
step_id (GwImportStore  *self,
         sqlite3_stmt   *stmt,
         const char     *what,
         gint64         *id,
         GError        **error)
{
  int rc = sqlite3_step (stmt);

  *id = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (self->store, error, what);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
bind_wkb (GwImportStore  *self,
          sqlite3_stmt   *stmt,
          int             index,
          const guint8   *wkb,
          gsize           len,
          GError        **error)
{
  return gw_store_check_bind (self->store,
                              sqlite3_bind_blob (stmt, index, wkb, (int) len, SQLITE_STATIC),
                              error);
}

static gboolean
bind_double (GwImportStore  *self,
             sqlite3_stmt   *stmt,
             int             index,
             double          value,
             GError        **error)
{
  return gw_store_check_bind (self->store, sqlite3_bind_double (stmt, index, value), error);
}

gboolean
gw_import_store_has_communities (GwImportStore *self)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  /* The waiting place of buildings that came first is no community. */
  stmt = gw_store_prepare (self->store,
                           "SELECT count(*) FROM communities WHERE substr (code, 10) <> '000'", NULL);
  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) > 0;
}

gboolean
gw_import_store_street_extent (GwImportStore *self,
                               GwBBox        *extent)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (self != NULL && extent != NULL, FALSE);

  stmt = gw_store_prepare (self->store,
                           "SELECT MbrMinX (e), MbrMinY (e), MbrMaxX (e), MbrMaxY (e) FROM "
                           "(SELECT Extent (geom) AS e FROM (SELECT geom FROM streets UNION ALL "
                           "SELECT geom FROM communities UNION ALL SELECT geom FROM grids))",
                           &error);
  if (stmt == NULL)
    {
      g_warning ("The street's extent: %s", error->message);
      return FALSE;
    }
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return FALSE;
  extent->min_x = sqlite3_column_double (stmt, 0);
  extent->min_y = sqlite3_column_double (stmt, 1);
  extent->max_x = sqlite3_column_double (stmt, 2);
  extent->max_y = sqlite3_column_double (stmt, 3);
  return TRUE;
}

gboolean
gw_import_store_distance_m (GwImportStore  *self,
                            double          lon1,
                            double          lat1,
                            double          lon2,
                            double          lat2,
                            double         *metres,
                            GError        **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (self != NULL && metres != NULL, FALSE);

  /* SpatiaLite's geodesic distance: degrees are no distance. */
  stmt = gw_store_prepare (self->store,
                           "SELECT ST_Distance (MakePoint (?1, ?2, 4490), "
                           "MakePoint (?3, ?4, 4490), 1)", error);
  if (stmt == NULL
      || !bind_double (self, stmt, 1, lon1, error) || !bind_double (self, stmt, 2, lat1, error)
      || !bind_double (self, stmt, 3, lon2, error) || !bind_double (self, stmt, 4, lat2, error))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    {
      gw_store_set_sql_error (self->store, error, _("Could not locate a feature"));
      return FALSE;
    }
  *metres = sqlite3_column_double (stmt, 0);
  return TRUE;
}

/* The rings of one stored geometry: read from SpatiaLite's own encoding,
 * or through AsBinary() for what that reader leaves (compressed classes). */
static gboolean
read_area_shape (GwImportStore  *self,
                 sqlite3_stmt   *row,
                 GwShape        *shape,
                 GError        **error)
{
  const guint8 *blob = sqlite3_column_blob (row, 2);
  int len = sqlite3_column_bytes (row, 2);
  sqlite3_stmt *stmt;
  gboolean ok;

  if (gw_wkb_read_spatialite (blob, len, FALSE, shape))
    return TRUE;
  stmt = gw_store_prepare_cached (self->store, "SELECT AsBinary (?1)", error);
  if (stmt == NULL
      || sqlite3_bind_blob (stmt, 1, blob, len, SQLITE_STATIC) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    {
      gw_store_set_sql_error (self->store, error, _("Could not locate a feature"));
      if (stmt != NULL)
        sqlite3_reset (stmt);
      return FALSE;
    }
  ok = gw_wkb_read_shape (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0), FALSE,
                          shape);
  sqlite3_reset (stmt);
  if (!ok)
    gw_shape_clear (shape);
  return TRUE;
}

gboolean
gw_import_store_read_areas (GwImportStore     *self,
                            GwGeometryTables   table,
                            GwImportAreaFunc   func,
                            gpointer           user_data,
                            GError           **error)
{
  const char *sql;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL && func != NULL, FALSE);

  /* The stored geometries themselves: converting 24,000 lots to WKB with
   * AsBinary() took 60 % of reading them. */
  switch (table)
    {
    case GW_GEOMETRY_COMMUNITIES:
      sql = "SELECT id, id, geom FROM communities WHERE geom IS NOT NULL ORDER BY id";
      break;
    case GW_GEOMETRY_GRIDS:
      sql = "SELECT id, community_id, geom FROM grids WHERE geom IS NOT NULL "
            "AND retired_at IS NULL ORDER BY id";
      break;
    case GW_GEOMETRY_LOTS:
      sql = "SELECT id, community_id, geom FROM lots WHERE geom IS NOT NULL "
            "ORDER BY id";
      break;
    default:
      g_return_val_if_reached (FALSE);
    }
  stmt = gw_store_prepare (self->store, sql, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwShape shape;

      if (!read_area_shape (self, stmt, &shape, error))
        return FALSE;
      func (sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1), &shape, user_data);
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (self->store, error, _("Could not locate a feature"));
      return FALSE;
    }
  return TRUE;
}

gboolean
gw_import_store_find_community_crossing (GwImportStore  *self,
                                         const GwBBox   *box,
                                         const guint8   *wkb,
                                         gsize           len,
                                         gint64         *id,
                                         GError        **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (self != NULL && box != NULL && id != NULL, FALSE);

  *id = 0;
  stmt = ask (self, ASK_COMMUNITY_CROSSING, error);
  return stmt != NULL
         && bind_double (self, stmt, 1, box->min_x, error)
         && bind_double (self, stmt, 2, box->max_x, error)
         && bind_double (self, stmt, 3, box->min_y, error)
         && bind_double (self, stmt, 4, box->max_y, error)
         && bind_wkb (self, stmt, 5, wkb, len, error)
         && step_id (self, stmt, _("Could not locate a feature"), id, error);
}

gboolean
gw_import_store_read_building_boxes (GwImportStore    *self,
                                     GwImportBoxFunc   func,
                                     gpointer          user_data,
                                     GError          **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL && func != NULL, FALSE);

  stmt = gw_store_prepare (self->store,
                           "SELECT id, MbrMinX (geom), MbrMaxX (geom), MbrMinY (geom), "
                           "MbrMaxY (geom) FROM buildings WHERE geom IS NOT NULL ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwBBox box = { sqlite3_column_double (stmt, 1), sqlite3_column_double (stmt, 3),
                     sqlite3_column_double (stmt, 2), sqlite3_column_double (stmt, 4) };

      func (sqlite3_column_int64 (stmt, 0), &box, user_data);
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (self->store, error, _("Could not locate a feature"));
      return FALSE;
    }
  return TRUE;
}

gboolean
gw_import_store_building_equals (GwImportStore  *self,
                                 gint64          id,
                                 const guint8   *wkb,
                                 gsize           len,
                                 gboolean       *equal,
                                 GError        **error)
{
  sqlite3_stmt *stmt;
  gint64 answer = 0;

  g_return_val_if_fail (self != NULL && equal != NULL, FALSE);

  *equal = FALSE;
  stmt = ask (self, ASK_BUILDING_EQUALS, error);
  if (stmt == NULL
      || !bind_wkb (self, stmt, 1, wkb, len, error)
      || !gw_store_bind_int64 (self->store, stmt, 2, id, error)
      || !step_id (self, stmt, _("Could not locate a feature"), &answer, error))
    return FALSE;
  *equal = answer == 1;
  return TRUE;
}

gboolean
gw_import_store_find_dwelling (GwImportStore  *self,
                               const char     *code,
                               gint64         *dwelling_id,
                               GError        **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (self != NULL && code != NULL && dwelling_id != NULL, FALSE);

  *dwelling_id = 0;
  stmt = ask (self, ASK_DWELLING_BY_CODE, error);
  return stmt != NULL
         && gw_store_bind_text (self->store, stmt, 1, code, error)
         && step_id (self, stmt, _("Could not look up a dwelling"), dwelling_id, error);
}

void
gw_register_place_clear (GwRegisterPlace *place)
{
  g_clear_pointer (&place->place, g_free);
  memset (place, 0, sizeof *place);
}

static void
plate_building_free (gpointer data)
{
  PlateBuilding *building = data;

  g_free (building->key);
  g_free (building->name);
  g_free (building->plate);
  g_free (building);
}

static char *
plate_key (const GwAddress *address)
{
  return g_strdup_printf ("%s\x1f%s\x1f%d", address->road, address->number, address->lane);
}

/* Every building with a door plate that reads, once per import: a register
 * names thousands of dwellings of a few hundred buildings. */
static gboolean
read_plates (GwImportStore  *self,
             GError        **error)
{
  g_autoptr (sqlite3_stmt) buildings = NULL;
  g_autoptr (sqlite3_stmt) roads = NULL;
  int rc;

  if (self->plates != NULL)
    return TRUE;
  buildings = gw_store_prepare (self->store,
                                "SELECT id, address, name, units, floors FROM buildings "
                                "WHERE address <> '' ORDER BY id", error);
  roads = gw_store_prepare (self->store, "SELECT DISTINCT name FROM roads WHERE name <> ''", error);
  if (buildings == NULL || roads == NULL)
    return FALSE;
  self->plates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  self->roads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((rc = sqlite3_step (buildings)) == SQLITE_ROW)
    {
      const char *plate = (const char *) sqlite3_column_text (buildings, 1);
      g_autoptr (GwAddress) address = gw_address_parse (plate, NULL);
      PlateBuilding *building;
      GPtrArray *at;
      g_autofree char *key = NULL;

      if (address == NULL)
        continue;
      key = plate_key (address);
      at = g_hash_table_lookup (self->plates, key);
      if (at == NULL)
        {
          at = g_ptr_array_new_with_free_func (plate_building_free);
          g_hash_table_insert (self->plates, g_steal_pointer (&key), at);
        }
      building = g_new0 (PlateBuilding, 1);
      building->id = sqlite3_column_int64 (buildings, 0);
      building->name = g_strdup ((const char *) sqlite3_column_text (buildings, 2));
      building->key = gw_address_building_key (building->name);
      building->plate = g_strdup (plate);
      building->units = MAX (1, sqlite3_column_int (buildings, 3));
      building->floors = MAX (1, sqlite3_column_int (buildings, 4));
      g_ptr_array_add (at, building);
      g_hash_table_add (self->roads, g_strdup (address->road));
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (self->store, error, _("Could not look up a dwelling"));
      return FALSE;
    }
  while ((rc = sqlite3_step (roads)) == SQLITE_ROW)
    g_hash_table_add (self->roads, g_strdup ((const char *) sqlite3_column_text (roads, 0)));
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (self->store, error, _("Could not look up a dwelling"));
      return FALSE;
    }
  return TRUE;
}

/* The building of @address among those of its door plate; NULL and a
 * reason when none or several fit. */
static PlateBuilding *
pick_building (GPtrArray        *at,
               const GwAddress  *address,
               const char       *plate,
               char            **reason)
{
  PlateBuilding *found = NULL;
  guint n_found = 0;

  if (address->building == NULL)
    {
      if (at->len == 1)
        return at->pdata[0];
      *reason = g_strdup_printf (_("%s has %u buildings: name the building (栋, 幢 or 号楼)"),
                                 plate, at->len);
      return NULL;
    }
  for (guint i = 0; i < at->len; i++)
    {
      PlateBuilding *building = at->pdata[i];

      if (g_strcmp0 (building->key, address->building) == 0 && n_found++ == 0)
        found = building;
    }
  /* One nameless building at a door plate is the one the address means. */
  if (n_found == 0 && at->len == 1 && ((PlateBuilding *) at->pdata[0])->key == NULL)
    return at->pdata[0];
  if (n_found == 1)
    return found;
  *reason = n_found == 0
            ? g_strdup_printf (_("%s has no building %s"), plate, address->building)
            : g_strdup_printf (_("%s has %u buildings numbered %s"), plate, n_found,
                               address->building);
  return NULL;
}

/* The dwelling of @room in @building, and its unit when the address names
 * none; FALSE with @reason when the unit cannot be told. */
static gboolean
find_room (GwImportStore    *self,
           PlateBuilding    *building,
           const GwAddress  *address,
           GwRegisterPlace  *place,
           char            **reason,
           GError          **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (address->unit != 0 || building->units == 1)
    {
      place->unit = address->unit != 0 ? address->unit : 1;
      stmt = ask (self, ASK_DWELLING_IN_UNIT, error);
      return stmt != NULL
             && gw_store_bind_int64 (self->store, stmt, 1, building->id, error)
             && gw_store_bind_int64 (self->store, stmt, 2, place->unit, error)
             && gw_store_bind_text (self->store, stmt, 3, address->room, error)
             && step_id (self, stmt, _("Could not look up a dwelling"), &place->dwelling_id, error);
    }
  stmt = ask (self, ASK_DWELLING_IN_BUILDING, error);
  if (stmt == NULL
      || !gw_store_bind_int64 (self->store, stmt, 1, building->id, error)
      || !gw_store_bind_text (self->store, stmt, 2, address->room, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 2) == 1)
    {
      place->dwelling_id = sqlite3_column_int64 (stmt, 0);
      place->unit = sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (self->store, error, _("Could not look up a dwelling"));
      return FALSE;
    }
  if (place->dwelling_id == 0)
    *reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s has %u unit: name the unit of room %s",
                                            "%s has %u units: name the unit of room %s",
                                            building->units),
                               place->place, building->units, address->room);
  return TRUE;
}

gboolean
gw_import_store_find_place (GwImportStore    *self,
                            const GwAddress  *address,
                            GwRegisterPlace  *place,
                            char            **reason,
                            GError          **error)
{
  g_autofree char *key = NULL;
  g_autofree char *plate = NULL;
  PlateBuilding *building;
  GPtrArray *at;
  gint64 room_number;

  g_return_val_if_fail (self != NULL && address != NULL && place != NULL, FALSE);
  g_return_val_if_fail (reason != NULL && *reason == NULL, FALSE);

  memset (place, 0, sizeof *place);
  if (!read_plates (self, error))
    return FALSE;
  key = plate_key (address);
  plate = gw_address_door_plate (address);
  at = g_hash_table_lookup (self->plates, key);
  if (at == NULL)
    {
      *reason = g_hash_table_contains (self->roads, address->road)
                ? g_strdup_printf (_("no building has the door plate %s (no number %s on %s)"),
                                   plate, address->number, address->road)
                : g_strdup_printf (_("no road “%s” in the street"), address->road);
      return TRUE;
    }
  building = pick_building (at, address, plate, reason);
  if (building == NULL)
    return TRUE;
  place->place = *building->name != '\0' ? g_strdup_printf ("%s %s", building->plate, building->name)
                                         : g_strdup (building->plate);
  if (address->room == NULL)
    {
      *reason = g_strdup_printf (_("%s: the address names no room"), place->place);
      return TRUE;
    }
  /* Room 302 is on the third floor. */
  room_number = g_ascii_strtoll (address->room, NULL, 10);
  place->floor = MAX (1, room_number / 100);
  if (place->floor > building->floors)
    {
      *reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s has %u floor: no room %s",
                                              "%s has %u floors: no room %s", building->floors),
                                 place->place, building->floors, address->room);
      return TRUE;
    }
  if (address->unit > building->units)
    {
      *reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s has %u unit: no unit %u",
                                              "%s has %u units: no unit %u", building->units),
                                 place->place, building->units, address->unit);
      return TRUE;
    }
  if (!find_room (self, building, address, place, reason, error))
    return FALSE;
  if (*reason == NULL)
    {
      g_autofree char *where = g_steal_pointer (&place->place);

      place->building_id = building->id;
      place->place = address->unit != 0 || building->units > 1
                     ? g_strdup_printf ("%s %u单元%s", where, place->unit, address->room)
                     : g_strdup_printf ("%s %s", where, address->room);
    }
  return TRUE;
}

/* Whether a dwelling has @code already. */
static gboolean
code_taken (GwImportStore  *self,
            const char     *code,
            gboolean       *taken,
            GError        **error)
{
  gint64 id = 0;

  if (!gw_import_store_find_dwelling (self, code, &id, error))
    return FALSE;
  *taken = id != 0;
  return TRUE;
}

gboolean
gw_import_store_new_dwelling_code (GwImportStore          *self,
                                   const GwRegisterPlace  *place,
                                   const char             *room,
                                   char                  **code,
                                   GError                **error)
{
  g_autoptr (sqlite3_stmt) street = NULL;
  g_autoptr (sqlite3_stmt) last = NULL;
  g_autofree char *prefix = NULL;
  char street_digits[4] = "000";
  gboolean taken = TRUE;
  gint64 next;
  gsize room_len = room != NULL ? strlen (room) : 0;

  g_return_val_if_fail (self != NULL && place != NULL && code != NULL, FALSE);

  *code = NULL;
  street = gw_store_prepare (self->store,
                             "SELECT s.code FROM buildings b JOIN lots l ON l.id = b.lot_id "
                             "JOIN communities c ON c.id = l.community_id "
                             "JOIN streets s ON s.id = c.street_id WHERE b.id = ?", error);
  if (street == NULL || !gw_store_bind_int64 (self->store, street, 1, place->building_id, error))
    return FALSE;
  if (sqlite3_step (street) == SQLITE_ROW && sqlite3_column_bytes (street, 0) == 9)
    memcpy (street_digits, sqlite3_column_text (street, 0) + 6, 3);
  /* The layout the street's own codes follow, when it is free. */
  if (place->building_id < 10000 && place->unit < 10 && place->floor < 100 && room_len > 0)
    {
      *code = g_strdup_printf ("%s%04d%u%02u%c", street_digits, (int) place->building_id, place->unit,
                               place->floor, room[room_len - 1]);
      if (!code_taken (self, *code, &taken, error))
        return FALSE;
    }
  if (!taken)
    return TRUE;
  /* Else the next of the street's codes that start with 9 after it. */
  g_clear_pointer (code, g_free);
  prefix = g_strdup_printf ("%s9*", street_digits);
  last = gw_store_prepare (self->store, "SELECT max(code) FROM dwellings WHERE code GLOB ?", error);
  if (last == NULL || !gw_store_bind_text (self->store, last, 1, prefix, error))
    return FALSE;
  next = sqlite3_step (last) == SQLITE_ROW && sqlite3_column_type (last, 0) != SQLITE_NULL
         ? g_ascii_strtoll ((const char *) sqlite3_column_text (last, 0) + 3, NULL, 10) + 1
         : 90000000;
  if (next > 99999999)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("No dwelling code is left for street %s"), street_digits);
      return FALSE;
    }
  *code = g_strdup_printf ("%s%08" G_GINT64_FORMAT, street_digits, next);
  return TRUE;
}

gboolean
gw_import_store_find_household (GwImportStore  *self,
                                const char     *number,
                                gint64          dwelling_id,
                                const char     *where,
                                const char     *head,
                                gint64         *household_id,
                                char          **reason,
                                GError        **error)
{
  sqlite3_stmt *stmt;
  guint n_there = 0;
  int rc;

  g_return_val_if_fail (self != NULL && household_id != NULL && reason != NULL, FALSE);

  *household_id = 0;
  if (number != NULL)
    {
      stmt = ask (self, ASK_HOUSEHOLD_BY_NUMBER, error);
      if (stmt == NULL
          || !gw_store_bind_text (self->store, stmt, 1, number, error)
          || !step_id (self, stmt, _("Could not look up a household"), household_id, error))
        return FALSE;
      if (*household_id == 0)
        *reason = g_strdup_printf (_("no household has the number %s"), number);
      return TRUE;
    }
  stmt = ask (self, ASK_HOUSEHOLDS_AT, error);
  if (stmt == NULL || !gw_store_bind_int64 (self->store, stmt, 1, dwelling_id, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      n_there++;
      if (*household_id == 0
          && (head == NULL || g_strcmp0 (head, (const char *) sqlite3_column_text (stmt, 1)) == 0))
        *household_id = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (self->store, error, _("Could not look up a household"));
      return FALSE;
    }
  if (head == NULL && n_there > 1)
    {
      *household_id = 0;
      *reason = g_strdup_printf (_("%u households live at %s: give the head of household"), n_there,
                                 where);
    }
  else if (*household_id == 0)
    *reason = n_there == 0 ? g_strdup_printf (_("no household lives at %s"), where)
                           : g_strdup_printf (_("no household at %s is headed by %s"), where, head);
  return TRUE;
}
