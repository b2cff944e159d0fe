/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-writer"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gw-rtree-build.h"

/* A bulk load's R*Tree, built beside the load instead of after it.
 *
 * Filling SQLite's R*Tree costs about 6 µs a box, however the boxes are
 * ordered: 150 ms of a 24,000-building import, as much as reading and
 * writing the buildings. When the load's table had no rows, the tree can be
 * built while the rows are written: a thread inserts the boxes, batch by
 * batch, into an R*Tree of the same definition in a private in-memory
 * database of the same page size (so of the same node size), using SQLite's
 * own R*Tree code. At the end, the three tables that hold that tree
 * (%_node, %_rowid, %_parent) are copied row by row into the file's empty
 * index — as VACUUM copies them. Nothing of the format is written by hand.
 *
 * The copy stands only if it is exactly the tree of the rows: the caller
 * compares every id and box with the table (gw_rtree_build_matches) and
 * otherwise fills the index the ordinary way. */

#define BATCH 1024

typedef struct
{
  gint64  id;
  double  min_x, max_x, min_y, max_y;
} Box;

struct _GwRtreeBuild
{
  GThread     *thread;
  GAsyncQueue *queue;      /* of GArray of Box; an empty one ends */
  GArray      *batch;      /* being filled by the writer */
  GArray      *boxes;      /* every box, for the check */
  int          page_size;
  /* The thread's result, read after the join. */
  sqlite3     *db;
  char        *error;
};

static gboolean
exec (sqlite3    *db,
      const char *sql)
{
  return sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

static gpointer
build_thread (gpointer data)
{
  GwRtreeBuild *self = data;
  g_autofree char *pragma = g_strdup_printf ("PRAGMA page_size = %d", self->page_size);
  sqlite3_stmt *insert = NULL;
  gboolean ok;

  ok = sqlite3_open_v2 (":memory:", &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
       == SQLITE_OK
       && exec (self->db, pragma)
       && exec (self->db, "CREATE VIRTUAL TABLE tree USING rtree (pkid, xmin, xmax, ymin, ymax)")
       && exec (self->db, "BEGIN")
       && sqlite3_prepare_v2 (self->db, "INSERT INTO tree VALUES (?1, ?2, ?3, ?4, ?5)", -1,
                              &insert, NULL) == SQLITE_OK;
  for (;;)
    {
      g_autoptr (GArray) batch = g_async_queue_pop (self->queue);

      if (batch->len == 0)
        break;
      for (guint i = 0; ok && i < batch->len; i++)
        {
          const Box *box = &g_array_index (batch, Box, i);

          sqlite3_bind_int64 (insert, 1, box->id);
          sqlite3_bind_double (insert, 2, box->min_x);
          sqlite3_bind_double (insert, 3, box->max_x);
          sqlite3_bind_double (insert, 4, box->min_y);
          sqlite3_bind_double (insert, 5, box->max_y);
          ok = sqlite3_step (insert) == SQLITE_DONE;
          sqlite3_reset (insert);
        }
    }
  sqlite3_finalize (insert);
  if (!ok || !exec (self->db, "COMMIT"))
    self->error = g_strdup (self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
  return NULL;
}

/**
 * gw_rtree_build_start:
 * @page_size: the page size of the file the index is in
 *
 * Returns: (transfer full): a builder whose thread waits for boxes
 */
GwRtreeBuild *
gw_rtree_build_start (int page_size)
{
  GwRtreeBuild *self = g_new0 (GwRtreeBuild, 1);

  self->queue = g_async_queue_new_full ((GDestroyNotify) g_array_unref);
  self->batch = g_array_sized_new (FALSE, FALSE, sizeof (Box), BATCH);
  self->boxes = g_array_new (FALSE, FALSE, sizeof (Box));
  self->page_size = page_size;
  self->thread = g_thread_new ("gw-rtree-build", build_thread, self);
  return self;
}

void
gw_rtree_build_add (GwRtreeBuild *self,
                    gint64        id,
                    const GwBBox *bbox)
{
  Box box = { id, bbox->min_x, bbox->max_x, bbox->min_y, bbox->max_y };

  g_array_append_val (self->batch, box);
  g_array_append_val (self->boxes, box);
  if (self->batch->len == BATCH)
    {
      g_async_queue_push (self->queue, self->batch);
      self->batch = g_array_sized_new (FALSE, FALSE, sizeof (Box), BATCH);
    }
}

/* Sends what is left and the end, and waits for the thread. */
static void
join (GwRtreeBuild *self)
{
  if (self->thread == NULL)
    return;
  if (self->batch->len > 0)
    {
      g_async_queue_push (self->queue, self->batch);
      self->batch = g_array_new (FALSE, FALSE, sizeof (Box));
    }
  g_async_queue_push (self->queue, g_array_new (FALSE, FALSE, sizeof (Box)));
  g_thread_join (g_steal_pointer (&self->thread));
}

void
gw_rtree_build_free (GwRtreeBuild *self)
{
  if (self == NULL)
    return;
  join (self);
  g_async_queue_unref (self->queue);
  g_array_unref (self->batch);
  g_array_unref (self->boxes);
  sqlite3_close (self->db);
  g_free (self->error);
  g_free (self);
}

guint
gw_rtree_build_get_n_boxes (GwRtreeBuild *self)
{
  return self->boxes->len;
}

/* The length of the tree's nodes, or -1 (after the thread ended): the
 * file's tree must have the same, since its connection keeps the length it
 * read from its root node. */
static int
node_size (GwRtreeBuild *self)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (self->db == NULL
      || sqlite3_prepare_v2 (self->db, "SELECT length (data) FROM tree_node WHERE nodeno = 1", -1,
                             &stmt, NULL) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int (stmt, 0);
}

/**
 * gw_rtree_build_matches:
 * @stmt: a statement giving id, min x, max x, min y, max y of every row the
 *   tree is to hold, by id
 *
 * Returns: whether the boxes given are exactly those rows (a row written
 *   another way, or changed since, makes it %FALSE)
 */
gboolean
gw_rtree_build_matches (GwRtreeBuild *self,
                        sqlite3_stmt *stmt)
{
  guint i = 0;
  int rc;

  /* The writer's ids rise: the rows come in the same order. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const Box *box;

      if (i >= self->boxes->len)
        return FALSE;
      box = &g_array_index (self->boxes, Box, i++);
      if (box->id != sqlite3_column_int64 (stmt, 0)
          || box->min_x != sqlite3_column_double (stmt, 1)
          || box->max_x != sqlite3_column_double (stmt, 2)
          || box->min_y != sqlite3_column_double (stmt, 3)
          || box->max_y != sqlite3_column_double (stmt, 4))
        return FALSE;
    }
  return rc == SQLITE_DONE && i == self->boxes->len;
}

/* Copies the rows of the builder's shadow table @suffix into @index's. */
static gboolean
copy_shadow (GwRtreeBuild  *self,
             GwStore       *store,
             const char    *index,
             const char    *suffix,
             const char    *columns,
             int            n_columns,
             GError       **error)
{
  g_autofree char *select = g_strdup_printf ("SELECT %s FROM tree_%s", columns, suffix);
  g_autofree char *delete = g_strdup_printf ("DELETE FROM \"%s_%s\"", index, suffix);
  g_autofree char *insert = g_strdup_printf ("INSERT INTO \"%s_%s\" (%s) VALUES (?1, ?2)", index,
                                             suffix, columns);
  g_autoptr (sqlite3_stmt) from = NULL;
  g_autoptr (sqlite3_stmt) to = NULL;
  int rc;

  g_assert (n_columns == 2);
  if (sqlite3_prepare_v2 (self->db, select, -1, &from, NULL) != SQLITE_OK)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL, _("Could not update the database: %s"),
                   sqlite3_errmsg (self->db));
      return FALSE;
    }
  if (!gw_store_exec (store, delete, error))
    return FALSE;
  to = gw_store_prepare (store, insert, error);
  if (to == NULL)
    return FALSE;
  while ((rc = sqlite3_step (from)) == SQLITE_ROW)
    {
      for (int c = 0; c < n_columns; c++)
        if (sqlite3_bind_value (to, c + 1, sqlite3_column_value (from, c)) != SQLITE_OK)
          {
            gw_store_set_sql_error (store, error, _("Could not update the database"));
            return FALSE;
          }
      if (sqlite3_step (to) != SQLITE_DONE)
        {
          gw_store_set_sql_error (store, error, _("Could not update the database"));
          return FALSE;
        }
      sqlite3_reset (to);
    }
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL, _("Could not update the database: %s"),
                   sqlite3_errmsg (self->db));
      return FALSE;
    }
  return TRUE;
}

/**
 * gw_rtree_build_finish:
 * @index: the file's R*Tree, e.g. idx_buildings_geom, holding no rows
 * @built: (out): whether the tree is @index's now; %FALSE (and %TRUE
 *   returned) when its nodes differ in size from the file's, to be filled
 *   the usual way
 *
 * Waits for the tree and makes it @index's, in the store's transaction.
 *
 * Returns: %FALSE with @error set if it could not
 */
gboolean
gw_rtree_build_finish (GwRtreeBuild  *self,
                       GwStore       *store,
                       const char    *index,
                       gboolean      *built,
                       GError       **error)
{
  g_autofree char *size_sql = g_strdup_printf ("SELECT length (data) FROM \"%s_node\" "
                                               "WHERE nodeno = 1", index);
  g_autoptr (sqlite3_stmt) stmt = NULL;

  *built = FALSE;
  join (self);
  if (self->error != NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_SQL, _("Could not update the database: %s"),
                   self->error);
      return FALSE;
    }
  stmt = gw_store_prepare (store, size_sql, error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int (stmt, 0) != node_size (self))
    {
      g_debug ("%s: its nodes are not of the built tree's size; filling it", index);
      return TRUE;
    }
  *built = TRUE;
  return copy_shadow (self, store, index, "node", "nodeno, data", 2, error)
         && copy_shadow (self, store, index, "parent", "nodeno, parentnode", 2, error)
         && copy_shadow (self, store, index, "rowid", "rowid, nodeno", 2, error);
}
