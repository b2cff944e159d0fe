/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-domain.h"
#include "gw-export-store.h"
#include "gw-store-private.h"

/* Each layer's fields, and beside them the SQL that reads each (the main
 * table aliased t). */

static const GwExportField grid_fields[] = {
  { "id", GW_EXPORT_INTEGER64 },
  { "code", GW_EXPORT_TEXT },
  { "name", GW_EXPORT_TEXT },
  { "community", GW_EXPORT_TEXT },
  { "households", GW_EXPORT_INTEGER },
  { "workers", GW_EXPORT_INTEGER },
  { "open_cases", GW_EXPORT_INTEGER },
  { NULL },
};
static const char * const grid_sql[] = {
  "t.id",
  "t.code",
  "t.name",
  "(SELECT code FROM communities WHERE id = t.community_id)",
  "(SELECT count(*) FROM households h JOIN dwellings d ON d.id = h.dwelling_id "
  "JOIN buildings b ON b.id = d.building_id JOIN lots l ON l.id = b.lot_id "
  "WHERE l.grid_id = t.id)",
  "(SELECT count(DISTINCT worker_id) FROM grid_workers WHERE grid_id = t.id)",
  "(SELECT count(*) FROM cases WHERE grid_id = t.id AND status IN "
  GW_CASE_OPEN_STATUSES_SQL ")",
};

static const GwExportField lot_fields[] = {
  { "id", GW_EXPORT_INTEGER64 },
  { "name", GW_EXPORT_TEXT },
  { "kind", GW_EXPORT_TEXT },
  { "grid", GW_EXPORT_TEXT },
  { NULL },
};
static const char * const lot_sql[] = {
  "t.id", "t.name", "t.kind", "(SELECT code FROM grids WHERE id = t.grid_id)",
};

static const GwExportField building_fields[] = {
  { "id", GW_EXPORT_INTEGER64 },
  { "name", GW_EXPORT_TEXT },
  { "address", GW_EXPORT_TEXT },
  { "use", GW_EXPORT_TEXT },
  { "floors", GW_EXPORT_INTEGER },
  { "units", GW_EXPORT_INTEGER },
  { "built_year", GW_EXPORT_INTEGER },
  { NULL },
};
static const char * const building_sql[] = {
  "t.id", "t.name", "t.address", "t.use", "t.floors", "t.units", "t.built_year",
};

static const GwExportField road_fields[] = {
  { "id", GW_EXPORT_INTEGER64 },
  { "name", GW_EXPORT_TEXT },
  { "class", GW_EXPORT_TEXT },
  { NULL },
};
static const char * const road_sql[] = {
  "t.id", "t.name", "t.class",
};

static const GwExportField case_fields[] = {
  { "code", GW_EXPORT_TEXT },
  { "grid", GW_EXPORT_TEXT },
  { "category", GW_EXPORT_TEXT },
  { "subcategory", GW_EXPORT_TEXT },
  { "tier", GW_EXPORT_TEXT },
  { "source", GW_EXPORT_TEXT },
  { "status", GW_EXPORT_TEXT },
  { "description", GW_EXPORT_TEXT },
  { "reported_at", GW_EXPORT_TEXT },
  { NULL },
};
static const char * const case_sql[] = {
  "t.code", "(SELECT code FROM grids WHERE id = t.grid_id)", "t.category", "t.subcategory",
  "t.tier", "t.source", "t.status", "t.description", "t.reported_at",
};

static const GwExportField worker_fields[] = {
  { "id", GW_EXPORT_INTEGER64 },
  { "name", GW_EXPORT_TEXT },
  { "phone", GW_EXPORT_TEXT },
  { "org", GW_EXPORT_TEXT },
  { NULL },
};
static const char * const worker_sql[] = {
  "t.id", "t.name", "t.phone", "t.org",
};

static const GwExportField household_fields[] = {
  { "id", GW_EXPORT_INTEGER64 },
  { "dwelling_code", GW_EXPORT_TEXT },
  { "hukou", GW_EXPORT_TEXT },
  { "head_name", GW_EXPORT_TEXT, TRUE },
  { "phone", GW_EXPORT_TEXT, TRUE },
  { NULL },
};
static const char * const household_sql[] = {
  "t.id", "(SELECT code FROM dwellings WHERE id = t.dwelling_id)", "t.hukou", "t.head_name",
  "t.phone",
};

static const GwExportField resident_fields[] = {
  { "id", GW_EXPORT_INTEGER64 },
  { "dwelling_code", GW_EXPORT_TEXT },
  { "sex", GW_EXPORT_TEXT },
  { "birth_year", GW_EXPORT_INTEGER },
  { "relation", GW_EXPORT_TEXT },
  { "name", GW_EXPORT_TEXT, TRUE },
  { "birth_date", GW_EXPORT_TEXT, TRUE },
  { "id_number", GW_EXPORT_TEXT, TRUE },
  { "phone", GW_EXPORT_TEXT, TRUE },
  { NULL },
};
static const char * const resident_sql[] = {
  "t.id",
  "(SELECT d.code FROM households h JOIN dwellings d ON d.id = h.dwelling_id "
  "WHERE h.id = t.household_id)",
  "t.sex", "CAST (substr (t.birth_date, 1, 4) AS INTEGER)", "t.relation", "t.name",
  "t.birth_date", "t.id_number", "t.phone",
};

static const struct
{
  const char          *layer;
  const char          *table;   /* also its FROM, aliased t */
  GwExportShape        shape;
  const GwExportField *fields;
  const char * const  *sql;
} layers[] = {
  { "grids", "grids", GW_EXPORT_SHAPE_POLYGON, grid_fields, grid_sql },
  { "lots", "lots", GW_EXPORT_SHAPE_POLYGON, lot_fields, lot_sql },
  { "buildings", "buildings", GW_EXPORT_SHAPE_POLYGON, building_fields, building_sql },
  { "roads", "roads", GW_EXPORT_SHAPE_LINE, road_fields, road_sql },
  { "cases", "cases", GW_EXPORT_SHAPE_POINT, case_fields, case_sql },
  { "workers", "workers", GW_EXPORT_SHAPE_NONE, worker_fields, worker_sql },
  { "households", "households", GW_EXPORT_SHAPE_NONE, household_fields, household_sql },
  { "residents", "residents", GW_EXPORT_SHAPE_NONE, resident_fields, resident_sql },
};

static int
find_layer (const char *layer)
{
  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    if (g_strcmp0 (layer, layers[i].layer) == 0)
      return (int) i;
  return -1;
}

gboolean
gw_export_layer_lookup (const char           *layer,
                        GwExportShape        *shape,
                        const GwExportField **fields)
{
  int i = find_layer (layer);

  if (i < 0)
    return FALSE;
  if (shape != NULL)
    *shape = layers[i].shape;
  if (fields != NULL)
    *fields = layers[i].fields;
  return TRUE;
}

char **
gw_export_layer_extra_keys (GwStore     *store,
                            const char  *layer,
                            GError     **error)
{
  int i = find_layer (layer);
  g_autofree char *sql = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (i >= 0, NULL);

  /* The table comes from the fixed list of layers above. */
  sql = g_strdup_printf ("SELECT DISTINCT j.key FROM %s AS t, json_each (t.extra) AS j "
                         "WHERE t.extra IS NOT NULL ORDER BY 1", layers[i].table);
  stmt = gw_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
      g_ptr_array_add (keys, gw_store_column_dup (stmt, 0));
  g_ptr_array_add (keys, NULL);
  return (char **) g_ptr_array_steal (keys, NULL);
}

struct _GwExportCursor
{
  GwStore      *store;
  sqlite3_stmt *rows;
  sqlite3_stmt *extra;     /* the row's extra attributes, key by key */
  guint         n_fields;  /* those read */
  gboolean      shape;
};

void
gw_export_cursor_free (GwExportCursor *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->rows, sqlite3_finalize);
  g_clear_pointer (&self->extra, sqlite3_finalize);
  g_clear_object (&self->store);
  g_free (self);
}

/* The ids as a JSON array, for json_each: one bound value however many. */
static char *
ids_json (const gint64 *ids,
          guint         n_ids)
{
  GString *json = g_string_new ("[");

  for (guint i = 0; i < n_ids; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", ids[i]);
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

GwExportCursor *
gw_export_cursor_new (GwStore       *store,
                      const char    *layer,
                      gboolean       personal,
                      const gint64  *ids,
                      guint          n_ids,
                      GError       **error)
{
  g_autoptr (GwExportCursor) self = NULL;
  g_autoptr (GString) sql = g_string_new ("SELECT ");
  int i = find_layer (layer);

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (i >= 0, NULL);

  self = g_new0 (GwExportCursor, 1);
  self->store = g_object_ref (store);
  self->shape = layers[i].shape != GW_EXPORT_SHAPE_NONE;
  for (guint f = 0; layers[i].fields[f].name != NULL; f++)
    if (!layers[i].fields[f].personal || personal)
      {
        g_string_append_printf (sql, "%s, ", layers[i].sql[f]);
        self->n_fields++;
      }
  if (self->shape)
    g_string_append (sql, "AsBinary (t.geom), X (PointOnSurface (t.geom)), "
                          "Y (PointOnSurface (t.geom)) ");
  else
    g_string_append (sql, "NULL, NULL, NULL ");
  g_string_append_printf (sql, ", t.extra FROM %s AS t", layers[i].table);
  if (ids != NULL)
    g_string_append (sql, " WHERE t.ROWID IN (SELECT value FROM json_each (?1))");
  g_string_append (sql, " ORDER BY t.ROWID");

  self->rows = gw_store_prepare (store, sql->str, error);
  if (self->rows == NULL)
    return NULL;
  if (ids != NULL)
    {
      g_autofree char *json = ids_json (ids, n_ids);

      if (!gw_store_bind_text (store, self->rows, 1, json, error))
        return NULL;
    }
  self->extra = gw_store_prepare (store, "SELECT key, value FROM json_each (?)", error);
  if (self->extra == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
gw_export_cursor_next (GwExportCursor  *self,
                       gboolean        *done,
                       GError         **error)
{
  int rc;

  g_return_val_if_fail (self != NULL && done != NULL, FALSE);

  rc = sqlite3_step (self->rows);
  *done = rc != SQLITE_ROW;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (self->store, error, _("Could not read the layer"));
      return FALSE;
    }
  return TRUE;
}

gboolean
gw_export_cursor_is_null (GwExportCursor *self,
                          guint           field)
{
  g_return_val_if_fail (self != NULL && field < self->n_fields, TRUE);

  return sqlite3_column_type (self->rows, field) == SQLITE_NULL;
}

const char *
gw_export_cursor_get_text (GwExportCursor *self,
                           guint           field)
{
  g_return_val_if_fail (self != NULL && field < self->n_fields, NULL);

  return (const char *) sqlite3_column_text (self->rows, field);
}

gint64
gw_export_cursor_get_integer (GwExportCursor *self,
                              guint           field)
{
  g_return_val_if_fail (self != NULL && field < self->n_fields, 0);

  return sqlite3_column_int64 (self->rows, field);
}

const guint8 *
gw_export_cursor_get_wkb (GwExportCursor *self,
                          gsize          *len)
{
  g_return_val_if_fail (self != NULL && len != NULL, NULL);

  *len = sqlite3_column_bytes (self->rows, self->n_fields);
  return sqlite3_column_blob (self->rows, self->n_fields);
}

gboolean
gw_export_cursor_get_point (GwExportCursor *self,
                            double         *lon,
                            double         *lat)
{
  g_return_val_if_fail (self != NULL && lon != NULL && lat != NULL, FALSE);

  if (sqlite3_column_type (self->rows, self->n_fields + 1) == SQLITE_NULL)
    return FALSE;
  *lon = sqlite3_column_double (self->rows, self->n_fields + 1);
  *lat = sqlite3_column_double (self->rows, self->n_fields + 2);
  return TRUE;
}

gboolean
gw_export_cursor_foreach_extra (GwExportCursor     *self,
                                GwExportExtraFunc   func,
                                gpointer            user_data,
                                GError            **error)
{
  int column;

  g_return_val_if_fail (self != NULL && func != NULL, FALSE);

  column = self->n_fields + 3;
  if (sqlite3_column_type (self->rows, column) != SQLITE_TEXT)
    return TRUE;
  if (!gw_store_bind_text (self->store, self->extra, 1,
                           (const char *) sqlite3_column_text (self->rows, column), error))
    return FALSE;
  while (sqlite3_step (self->extra) == SQLITE_ROW)
    func ((const char *) sqlite3_column_text (self->extra, 0),
          sqlite3_column_type (self->extra, 1) != SQLITE_NULL
          ? (const char *) sqlite3_column_text (self->extra, 1) : NULL,
          user_data);
  sqlite3_reset (self->extra);
  return TRUE;
}
