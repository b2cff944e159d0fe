/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-writer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-rtree-build.h"
#include "gw-writer-private.h"

/* Bulk loads: one transaction around many rows (the demo's few million, an
 * import's thousands), with SpatiaLite's per-row work suspended.
 *
 * SpatiaLite keeps a geometry column's R*Tree, its type/SRID check and its
 * change time with triggers that run per row, and they cost more than the
 * row itself (≈33 µs a building: most of an import). For a load they are
 * dropped inside its transaction, and what they do is done once for all new
 * rows at the end — the boxes written into the R*Tree in one pass, the
 * geometries checked in one query — before the triggers are recreated as
 * they were. A rollback brings them back by itself. This works on a table
 * that already has rows as on an empty one. Into an empty table, the
 * R*Tree is built on a thread while the rows are written (gw-rtree-build.c)
 * and copied in at the end. */

typedef struct
{
  const char *table;      /* ours: never text from a file */
  const char *type;       /* its geometry type, for GeometryConstraints() */
  gint64      max_id;     /* rows above it are the load's */
  GPtrArray  *triggers;   /* of char*: their CREATE TRIGGER statements */
  gboolean    index;
  gboolean    insert_time;
  GwRtreeBuild *build;    /* the R*Tree built beside the load, or NULL */
  gboolean    build_failed; /* a row's box could not be read: fill it after */
} Suspended;

static const struct
{
  GwGeometryTables  flag;
  const char       *table;
  const char       *type;
} geometry_tables[] = {
  { GW_GEOMETRY_STREETS, "streets", "MULTIPOLYGON" },
  { GW_GEOMETRY_COMMUNITIES, "communities", "MULTIPOLYGON" },
  { GW_GEOMETRY_GRIDS, "grids", "MULTIPOLYGON" },
  { GW_GEOMETRY_LOTS, "lots", "MULTIPOLYGON" },
  { GW_GEOMETRY_BUILDINGS, "buildings", "MULTIPOLYGON" },
  { GW_GEOMETRY_ROADS, "roads", "MULTILINESTRING" },
  { GW_GEOMETRY_CASES, "cases", "POINT" },
};

static void
suspended_free (gpointer data)
{
  Suspended *s = data;

  g_ptr_array_unref (s->triggers);
  gw_rtree_build_free (s->build);
  g_free (s);
}

void
gw_writer_clear_load (GwWriter *self)
{
  g_clear_pointer (&self->suspended, g_ptr_array_unref);
  self->loading = FALSE;
  self->load_flags = GW_WRITER_LOAD_DEFAULT;
}

/* The one integer @sql answers, with ?1 bound to @arg (when it has a
 * parameter) and ?2 to @text (when it has two). */
static gboolean
query_int64 (GwWriter    *self,
             const char  *sql,
             gint64       arg,
             const char  *text,
             gint64      *result,
             GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (self->store, sql, error);

  if (stmt == NULL
      || (sqlite3_bind_parameter_count (stmt) >= 1
          && !gw_store_bind_int64 (self->store, stmt, 1, arg, error))
      || (sqlite3_bind_parameter_count (stmt) >= 2
          && !gw_store_bind_text (self->store, stmt, 2, text, error)))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      gw_store_set_sql_error (self->store, error, _("Could not update the database"));
      return FALSE;
    }
  *result = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* An empty index is built beside the load. */
static gboolean
start_build (GwWriter   *self,
             Suspended  *s,
             GError    **error)
{
  g_autofree char *empty_sql = g_strdup_printf ("SELECT NOT EXISTS (SELECT 1 FROM "
                                                "\"idx_%s_geom_rowid\")", s->table);
  gint64 empty = 0, page_size = 0;

  if (!query_int64 (self, empty_sql, 0, NULL, &empty, error)
      || !query_int64 (self, "PRAGMA page_size", 0, NULL, &page_size, error))
    return FALSE;
  if (empty)
    s->build = gw_rtree_build_start ((int) page_size);
  return TRUE;
}

static gboolean
suspend_table (GwWriter    *self,
               const char  *table,
               const char  *type,
               GError     **error)
{
  /* Table names are the schema's own constants (GwGeometryTables), never
   * data from a file or a user: formatting them in is safe. */
  g_autofree char *max_sql = g_strdup_printf ("SELECT coalesce (max (id), 0) FROM \"%s\"", table);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  Suspended *s = g_new0 (Suspended, 1);
  int rc;

  s->table = table;
  s->type = type;
  s->triggers = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->suspended, s);
  if (!query_int64 (self, max_sql, 0, NULL, &s->max_id, error))
    return FALSE;

  /* Only the triggers of inserts: a load writes new rows. Updates and
   * deletes by others keep theirs. */
  stmt = gw_store_prepare (self->store,
                           "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                           "AND tbl_name = ?1 AND name IN ('gii_' || ?1 || '_geom', "
                           "'ggi_' || ?1 || '_geom', 'tmi_' || ?1 || '_geom') ORDER BY rowid",
                           error);
  if (stmt == NULL || !gw_store_bind_text (self->store, stmt, 1, table, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      s->index |= g_str_has_prefix (name, "gii_");
      s->insert_time |= g_str_has_prefix (name, "tmi_");
      g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_add (s->triggers, gw_store_column_dup (stmt, 1));
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (self->store, error, _("Could not update the database"));
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  for (guint i = 0; i < names->len; i++)
    {
      /* The names are SpatiaLite's, matched above: no user text. */
      g_autofree char *drop = g_strdup_printf ("DROP TRIGGER \"%s\"", (char *) names->pdata[i]);

      if (!gw_store_exec (self->store, drop, error))
        return FALSE;
    }
  if (s->index)
    {
      /* What the insert trigger's first statement did: no stale box may
       * carry a new row's id. */
      g_autofree char *sql = g_strdup_printf ("DELETE FROM \"idx_%s_geom\" WHERE pkid > %"
                                              G_GINT64_FORMAT, table, s->max_id);

      if (!gw_store_exec (self->store, sql, error))
        return FALSE;
      if (!start_build (self, s, error))
        return FALSE;
    }
  return TRUE;
}

void
gw_writer_load_wrote (GwWriter     *self,
                      const char   *table,
                      gint64        id,
                      gboolean      has_geometry,
                      const GwBBox *box)
{
  for (guint i = 0; self->suspended != NULL && i < self->suspended->len; i++)
    {
      Suspended *s = self->suspended->pdata[i];

      if (s->build == NULL || s->build_failed || strcmp (s->table, table) != 0)
        continue;
      /* A row without a geometry has no box, in the tree or out of it; one
       * SpatiaLite read itself is not known here: fill the index after. */
      if (has_geometry && box != NULL)
        gw_rtree_build_add (s->build, id, box);
      else if (has_geometry)
        s->build_failed = TRUE;
      return;
    }
}

/* What the dropped check trigger did per row, for all new rows at once:
 * every geometry has the column's type and CGCS2000. A blob GeomFromWKB()
 * could not read is NULL, and refused too. */
static gboolean
check_geometries (GwWriter   *self,
                  Suspended  *s,
                  GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\" WHERE id > ?1 AND "
                                          "(geom IS NULL OR GeometryConstraints (geom, ?2, 4490) "
                                          "IS NOT 1)", s->table);
  gint64 n_bad = 0;

  if (!query_int64 (self, sql, s->max_id, s->type, &n_bad, error))
    return FALSE;
  if (n_bad > 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, n_bad);

      /* Translators: the first %s is a number of rows, the second a table */
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s rows of %s have a geometry of the wrong type or coordinate system"),
                   count, s->table);
      return FALSE;
    }
  return TRUE;
}

/* Does for the new rows what the dropped triggers would have done, then
 * recreates the triggers. */
/* The tree built beside the load becomes the index if it holds exactly the
 * table's rows and boxes (@built); else the index is filled as usual. */
static gboolean
take_build (GwWriter   *self,
            Suspended  *s,
            gboolean   *built,
            GError    **error)
{
  g_autofree char *rows_sql = g_strdup_printf ("SELECT id, MbrMinX (geom), MbrMaxX (geom), "
                                               "MbrMinY (geom), MbrMaxY (geom) FROM \"%s\" "
                                               "WHERE geom IS NOT NULL ORDER BY id", s->table);
  g_autofree char *index = g_strdup_printf ("idx_%s_geom", s->table);
  g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (self->store, rows_sql, error);

  *built = FALSE;
  if (stmt == NULL)
    return FALSE;
  if (!gw_rtree_build_matches (s->build, stmt))
    {
      g_debug ("%s: the rows are not those the tree was built of; filling the index", s->table);
      return TRUE;
    }
  return gw_rtree_build_finish (s->build, self->store, index, built, error);
}

static gboolean
restore_table (GwWriter   *self,
               Suspended  *s,
               GError    **error)
{
  g_autofree char *count_sql = g_strdup_printf ("SELECT count (*) FROM \"%s\" WHERE id > ?",
                                                s->table);
  gint64 n_new = 0;
  gboolean fill;

  if (!query_int64 (self, count_sql, s->max_id, NULL, &n_new, error))
    return FALSE;
  if (n_new > 0 && !check_geometries (self, s, error))
    return FALSE;
  fill = n_new > 0 && s->index;
  if (fill && s->build != NULL && !s->build_failed)
    {
      gboolean built = FALSE;

      if (!take_build (self, s, &built, error))
        return FALSE;
      fill = !built;
    }
  if (fill)
    {
      /* A new row's geometry changed during the load put its box in the
       * index by SpatiaLite's update trigger: the rows' boxes replace it. */
      g_autofree char *clear = g_strdup_printf ("DELETE FROM \"idx_%s_geom\" WHERE pkid > %"
                                                G_GINT64_FORMAT, s->table, s->max_id);
      /* In one pass, like CreateSpatialIndex(); the R*Tree rounds the
       * boxes outwards to single precision itself, as for RTreeAlign(). */
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO \"idx_%s_geom\" (pkid, xmin, xmax, ymin, ymax) "
        "SELECT id, MbrMinX (geom), MbrMaxX (geom), MbrMinY (geom), MbrMaxY (geom) FROM \"%s\" "
        "WHERE id > ? AND geom IS NOT NULL", s->table, s->table);
      g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (self->store, sql, error);

      if (!gw_store_exec (self->store, clear, error) || stmt == NULL
          || !gw_store_bind_int64 (self->store, stmt, 1, s->max_id, error))
        return FALSE;
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          gw_store_set_sql_error (self->store, error, _("Could not update the database"));
          return FALSE;
        }
    }
  if (n_new > 0 && s->insert_time)
    {
      g_autoptr (sqlite3_stmt) stmt =
        gw_store_prepare (self->store,
                          "UPDATE geometry_columns_time SET last_insert = "
                          "strftime ('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE Lower (f_table_name) = "
                          "Lower (?) AND Lower (f_geometry_column) = 'geom'", error);

      if (stmt == NULL || !gw_store_bind_text (self->store, stmt, 1, s->table, error))
        return FALSE;
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          gw_store_set_sql_error (self->store, error, _("Could not update the database"));
          return FALSE;
        }
    }
  for (guint k = 0; k < s->triggers->len; k++)
    if (!gw_store_exec (self->store, s->triggers->pdata[k], error))
      return FALSE;
  return TRUE;
}

/* The file's settings for a new file's load, or back to those of a file in
 * use. Failures of the latter are not the load's: the data is committed. */
static gboolean
set_new_file_pragmas (GwWriter  *self,
                      gboolean   loading,
                      GError   **error)
{
  if (loading)
    {
      gint64 cache = 0;

      if (!query_int64 (self, "PRAGMA cache_size", 0, NULL, &cache, error))
        return FALSE;
      self->saved_cache_size = cache;
      return gw_store_exec (self->store, "PRAGMA foreign_keys = OFF", error)
             && gw_store_exec (self->store, "PRAGMA journal_mode = DELETE", error)
             && gw_store_exec (self->store, "PRAGMA cache_size = -131072", error);
    }
  else
    {
      /* The value is our own integer, read from the pragma above. */
      g_autofree char *cache = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT,
                                                self->saved_cache_size);

      return gw_store_exec (self->store, "PRAGMA journal_mode = WAL", error)
             && gw_store_exec (self->store, "PRAGMA foreign_keys = ON", error)
             && gw_store_exec (self->store, cache, error);
    }
}

/**
 * gw_writer_begin_load:
 * @flags: #GwWriterLoadFlags
 * @suspend: the tables whose spatial indexes are suspended: those the load
 *   writes many rows into
 *
 * Begins one transaction for many rows. Until gw_writer_finish_load() the
 * suspended tables' R*Trees hold none of the new rows, so lookups through
 * them see only the rows of before the load.
 *
 * Returns: %TRUE when the load has begun; on failure nothing has changed
 */
gboolean
gw_writer_begin_load (GwWriter           *self,
                      GwWriterLoadFlags   flags,
                      GwGeometryTables    suspend,
                      GError            **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->loading, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->load_flags = flags;
  if ((flags & GW_WRITER_LOAD_NEW_FILE) && !set_new_file_pragmas (self, TRUE, error))
    {
      set_new_file_pragmas (self, FALSE, NULL);
      gw_writer_clear_load (self);
      return FALSE;
    }
  if (!gw_store_begin (self->store, error))
    {
      if (flags & GW_WRITER_LOAD_NEW_FILE)
        set_new_file_pragmas (self, FALSE, NULL);
      gw_writer_clear_load (self);
      return FALSE;
    }
  self->loading = TRUE;
  self->suspended = g_ptr_array_new_with_free_func (suspended_free);
  for (guint k = 0; k < G_N_ELEMENTS (geometry_tables); k++)
    if ((suspend & geometry_tables[k].flag)
        && !suspend_table (self, geometry_tables[k].table, geometry_tables[k].type, error))
      {
        gw_writer_abort_load (self);
        return FALSE;
      }
  return TRUE;
}

/**
 * gw_writer_finish_load:
 * @commit: %FALSE to roll everything back once checked (a dry run)
 *
 * Fills the suspended spatial indexes with the new rows, checks their
 * geometries, recreates the triggers and commits (or rolls back). On
 * failure everything is rolled back.
 *
 * Returns: %TRUE when the rows were committed, or checked for a dry run
 */
gboolean
gw_writer_finish_load (GwWriter  *self,
                       gboolean   commit,
                       GError   **error)
{
  gboolean new_file;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->loading, FALSE);

  for (guint i = 0; i < self->suspended->len; i++)
    if (!restore_table (self, self->suspended->pdata[i], error))
      {
        gw_writer_abort_load (self);
        return FALSE;
      }
  if (!commit)
    {
      gw_writer_abort_load (self);
      return TRUE;
    }
  if (!gw_store_commit (self->store, error))
    {
      gw_writer_abort_load (self);
      return FALSE;
    }
  new_file = (self->load_flags & GW_WRITER_LOAD_NEW_FILE) != 0;
  gw_writer_clear_load (self);
  return !new_file || set_new_file_pragmas (self, FALSE, error);
}

/**
 * gw_writer_abort_load:
 *
 * Rolls the load back: the file is as it was before gw_writer_begin_load().
 */
void
gw_writer_abort_load (GwWriter *self)
{
  g_return_if_fail (self != NULL);

  if (!self->loading)
    return;
  gw_store_rollback (self->store);
  if (self->load_flags & GW_WRITER_LOAD_NEW_FILE)
    set_new_file_pragmas (self, FALSE, NULL);
  gw_writer_clear_load (self);
}
