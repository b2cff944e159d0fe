/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-plan-commit"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <math.h>

#include "gw-domain.h"
#include "gw-error.h"
#include "gw-plan-private.h"
#include "gw-store-private.h"
#include "gw-util.h"

/* Committing a draft: the live grids become the draft's, in the one
 * transaction gw_plan_store_commit() opens. */

typedef struct
{
  GwStore            *store;
  GwPlanData         *data;
  GwPlanCommitReport *report;
  char               *now;
  guint              *n_units;      /* per draft grid */
  GBytes            **geometry;     /* per draft grid: the dissolve of its lots */
  double             *lon, *lat;    /* per draft grid: a point of it, for reading order */
  gint64             *new_ids;      /* per draft grid: the live grid it is after the commit */
  char              **new_codes;    /* per new draft grid: its code by the standard */
} Commit;

static const char *
grid_label (Commit *c,
            guint   key)
{
  const GwPlanGrid *grid = &g_array_index (c->data->grids, GwPlanGrid, key);

  return *grid->code != '\0' ? grid->code : grid->name;
}

/* Every lot has a grid: a commit leaves no gap. */
static gboolean
check_assigned (Commit  *c,
                GError **error)
{
  for (guint u = 0; u < c->data->units->len; u++)
    {
      gint key = g_array_index (c->data->assignment, gint, u);

      if (key < 0)
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("Lot %" PRId64 " is in no grid of plan “%s”: paint it into a "
                         "grid before committing"),
                       g_array_index (c->data->units, GwPlanUnit, u).lot_id, c->data->info.name);
          return FALSE;
        }
      c->n_units[key]++;
    }
  return TRUE;
}

/* The dissolve of each draft grid's lots (GEOS's union through SpatiaLite),
 * refused when it falls in several parts: a grid is one piece. */
static gboolean
dissolve_grids (Commit  *c,
                GError **error)
{
  sqlite3_stmt *stmt = gw_store_prepare_cached (c->store,
      "SELECT CastToMultiPolygon (u), ST_NumGeometries (u), X (p), Y (p) FROM "
      "  (SELECT u, ST_PointOnSurface (u) AS p FROM "
      "    (SELECT ST_Union (l.geom) AS u FROM grid_plan_lots pl JOIN lots l ON l.id = pl.lot_id "
      "      WHERE pl.plan_id = ? AND pl.grid_key = ?))",
      error);

  if (stmt == NULL)
    return FALSE;
  for (guint k = 0; k < c->data->grids->len; k++)
    {
      int rc, parts = 0;

      if (c->n_units[k] == 0)
        continue;
      if (!gw_store_bind_int64 (c->store, stmt, 1, c->data->info.id, error)
          || !gw_store_bind_int64 (c->store, stmt, 2, k, error))
        return FALSE;
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) == SQLITE_BLOB)
        {
          c->geometry[k] = g_bytes_new (sqlite3_column_blob (stmt, 0),
                                        sqlite3_column_bytes (stmt, 0));
          parts = sqlite3_column_int (stmt, 1);
          c->lon[k] = sqlite3_column_double (stmt, 2);
          c->lat[k] = sqlite3_column_double (stmt, 3);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        {
          gw_store_set_sql_error (c->store, error, _("Could not dissolve the lots of a grid"));
          return FALSE;
        }
      if (c->geometry[k] == NULL)
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("Grid %s of plan “%s” has lots without a shape"), grid_label (c, k),
                       c->data->info.name);
          return FALSE;
        }
      if (parts > 1)
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "Grid %s of plan “%s” would be in %d part: a grid must be one piece",
                                    "Grid %s of plan “%s” would be in %d parts: a grid must be "
                                    "one piece",
                                    parts),
                       grid_label (c, k), c->data->info.name, parts);
          return FALSE;
        }
    }
  return TRUE;
}

/* The grid as it was, kept with the time it ended. */
static gboolean
keep_history (Commit  *c,
              gint64   grid_id,
              GError **error)
{
  sqlite3_stmt *stmt = gw_store_prepare_cached (c->store,
      "INSERT INTO grid_history (grid_id, plan_id, code, name, community_id, valid_to, geom) "
      "SELECT id, ?, code, name, community_id, ?, geom FROM grids WHERE id = ?",
      error);

  return stmt != NULL && gw_store_bind_int64 (c->store, stmt, 1, c->data->info.id, error)
         && gw_store_bind_text (c->store, stmt, 2, c->now, error)
         && gw_store_bind_int64 (c->store, stmt, 3, grid_id, error)
         && gw_store_step_done (c->store, stmt, _("Could not keep a grid’s history"), error);
}

static gboolean
grid_changed (Commit *c,
              guint   key)
{
  gint64 grid_id = g_array_index (c->data->grids, GwPlanGrid, key).grid_id;

  for (guint u = 0; u < c->data->units->len; u++)
    {
      gboolean in_draft = g_array_index (c->data->assignment, gint, u) == (gint) key;
      gboolean in_live = g_array_index (c->data->units, GwPlanUnit, u).live_grid_id == grid_id;

      if (in_draft != in_live)
        return TRUE;
    }
  return FALSE;
}

/* Surviving grids keep their id and code; a changed one its old shape in
 * the history. */
static gboolean
update_live_grids (Commit  *c,
                   GError **error)
{
  sqlite3_stmt *stmt = gw_store_prepare_cached (c->store,
      "UPDATE grids SET geom = ?, name = ?, version = version + 1 WHERE id = ?",
      error);

  if (stmt == NULL)
    return FALSE;
  for (guint k = 0; k < c->data->grids->len; k++)
    {
      const GwPlanGrid *grid = &g_array_index (c->data->grids, GwPlanGrid, k);
      gsize size;
      gconstpointer blob;

      if (grid->grid_id == 0 || c->n_units[k] == 0)
        continue;
      c->new_ids[k] = grid->grid_id;
      if (!grid_changed (c, k))
        continue;
      blob = g_bytes_get_data (c->geometry[k], &size);
      if (!keep_history (c, grid->grid_id, error)
          || !gw_store_check_bind (c->store, sqlite3_bind_blob (stmt, 1, blob, size, SQLITE_STATIC),
                                   error)
          || !gw_store_bind_text (c->store, stmt, 2, grid->name, error)
          || !gw_store_bind_int64 (c->store, stmt, 3, grid->grid_id, error)
          || !gw_store_step_done (c->store, stmt, _("Could not change a grid"), error))
        return FALSE;
      c->report->grids_changed++;
    }
  return TRUE;
}

/* Reading order: north to south in bands of about 150 m, west to east in
 * a band — how a street office numbers its grids on the wall map. */
static int
compare_reading_order (gconstpointer pa,
                       gconstpointer pb,
                       gpointer      user_data)
{
  Commit *c = user_data;
  guint a = *(const guint *) pa, b = *(const guint *) pb;
  double band_a = floor (c->lat[a] / 0.00135), band_b = floor (c->lat[b] / 0.00135);

  if (band_a != band_b)
    return band_a > band_b ? -1 : 1;
  return c->lon[a] < c->lon[b] ? -1 : c->lon[a] > c->lon[b];
}

static int
next_sequence (Commit  *c,
               gint64   community_id,
               GError **error)
{
  sqlite3_stmt *stmt = gw_store_prepare_cached (c->store,
      "SELECT coalesce (max (CAST (substr (code, 13, 3) AS INTEGER)), 0) + 1 "
      "  FROM grids WHERE community_id = ?",
      error);
  int seq = -1;

  if (stmt == NULL || !gw_store_bind_int64 (c->store, stmt, 1, community_id, error))
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    seq = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (seq > 999)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("Community %s has no grid number left (999 are used)"),
                   (const char *) g_hash_table_lookup (c->data->community_codes,
                                                       GSIZE_TO_POINTER ((gsize) community_id)));
      return -1;
    }
  return seq;
}

/* New grids: codes by the standard (the community's 12 digits and a
 * 3-digit sequence after the highest used, retired grids included). */
static gboolean
insert_new_grids (Commit  *c,
                  GError **error)
{
  g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  sqlite3_stmt *stmt;

  for (guint k = 0; k < c->data->grids->len; k++)
    if (g_array_index (c->data->grids, GwPlanGrid, k).grid_id == 0 && c->n_units[k] > 0)
      g_array_append_val (order, k);
  g_array_sort_with_data (order, compare_reading_order, c);

  stmt = gw_store_prepare_cached (c->store,
      "INSERT INTO grids (community_id, code, name, geom) VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < order->len; i++)
    {
      guint k = g_array_index (order, guint, i);
      GwPlanGrid *grid = &g_array_index (c->data->grids, GwPlanGrid, k);
      gpointer community = GSIZE_TO_POINTER ((gsize) grid->community_id);
      const char *community_code = g_hash_table_lookup (c->data->community_codes, community);
      int seq = next_sequence (c, grid->community_id, error);
      g_autofree char *code = NULL;
      g_autofree char *name = NULL;
      gsize size;
      gconstpointer blob = g_bytes_get_data (c->geometry[k], &size);

      if (seq < 0)
        return FALSE;
      code = g_strdup_printf ("%s%03d", community_code != NULL ? community_code : "", seq);
      name = *grid->name != '\0' ? g_strdup (grid->name)
             : g_strdup_printf ("%s第%d网格",
                                (const char *) g_hash_table_lookup (c->data->community_names,
                                                                    community), seq);
      if (!gw_store_bind_int64 (c->store, stmt, 1, grid->community_id, error)
          || !gw_store_bind_text (c->store, stmt, 2, code, error)
          || !gw_store_bind_text (c->store, stmt, 3, name, error)
          || !gw_store_check_bind (c->store, sqlite3_bind_blob (stmt, 4, blob, size, SQLITE_STATIC),
                                   error)
          || !gw_store_step_done (c->store, stmt, _("Could not add a grid"), error))
        return FALSE;
      c->new_ids[k] = sqlite3_last_insert_rowid (gw_store_get_db (c->store));
      c->new_codes[k] = g_steal_pointer (&code);
      c->report->grids_new++;
    }
  return TRUE;
}

/* Live grids no draft grid continues leave the map; their teams are free. */
static gboolean
retire_grids (Commit  *c,
              GError **error)
{
  g_autoptr (GHashTable) kept = g_hash_table_new (NULL, NULL);
  g_autoptr (GArray) retired = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (sqlite3_stmt) live = gw_store_prepare (c->store,
      "SELECT id FROM grids WHERE retired_at IS NULL", error);
  static const char *const sql[] = {
    "UPDATE grids SET retired_at = ?2, version = version + 1 WHERE id = ?1",
    "DELETE FROM grid_workers WHERE grid_id = ?1 AND ?2 IS NOT NULL",
    "DELETE FROM user_grids WHERE grid_id = ?1 AND ?2 IS NOT NULL",
  };

  if (live == NULL)
    return FALSE;
  for (guint k = 0; k < c->data->grids->len; k++)
    if (c->new_ids[k] != 0)
      g_hash_table_add (kept, GSIZE_TO_POINTER ((gsize) c->new_ids[k]));
  while (sqlite3_step (live) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (live, 0);

      if (!g_hash_table_contains (kept, GSIZE_TO_POINTER ((gsize) id)))
        g_array_append_val (retired, id);
    }
  for (guint i = 0; i < retired->len; i++)
    {
      gint64 id = g_array_index (retired, gint64, i);

      if (!keep_history (c, id, error))
        return FALSE;
      for (guint s = 0; s < G_N_ELEMENTS (sql); s++)
        {
          sqlite3_stmt *stmt = gw_store_prepare_cached (c->store, sql[s], error);

          if (stmt == NULL || !gw_store_bind_int64 (c->store, stmt, 1, id, error)
              || !gw_store_bind_text (c->store, stmt, 2, c->now, error)
              || !gw_store_step_done (c->store, stmt, _("Could not retire a grid"), error))
            return FALSE;
        }
      c->report->grids_retired++;
    }
  return TRUE;
}

/* Lots go to their new grid, keeping the old one in lot_grid_history. */
static gboolean
move_lots (Commit  *c,
           GError **error)
{
  sqlite3_stmt *history = gw_store_prepare_cached (c->store,
      "INSERT OR REPLACE INTO lot_grid_history (lot_id, grid_id, plan_id, valid_to) "
      "VALUES (?, ?, ?, ?)", error);
  sqlite3_stmt *update = gw_store_prepare_cached (c->store,
      "UPDATE lots SET grid_id = ? WHERE id = ?", error);

  if (history == NULL || update == NULL)
    return FALSE;
  for (guint u = 0; u < c->data->units->len; u++)
    {
      GwPlanUnit *unit = &g_array_index (c->data->units, GwPlanUnit, u);
      gint64 grid_id = c->new_ids[g_array_index (c->data->assignment, gint, u)];

      if (grid_id == unit->live_grid_id)
        continue;
      if (!gw_store_bind_int64 (c->store, history, 1, unit->lot_id, error)
          || !gw_store_bind_ref (c->store, history, 2, unit->live_grid_id, error)
          || !gw_store_bind_int64 (c->store, history, 3, c->data->info.id, error)
          || !gw_store_bind_text (c->store, history, 4, c->now, error)
          || !gw_store_step_done (c->store, history, _("Could not keep a lot’s history"), error)
          || !gw_store_bind_int64 (c->store, update, 1, grid_id, error)
          || !gw_store_bind_int64 (c->store, update, 2, unit->lot_id, error)
          || !gw_store_step_done (c->store, update, _("Could not move a lot"), error))
        return FALSE;
      c->report->lots_moved++;
    }
  return TRUE;
}

/* Open cases follow the place they were reported at: the grid of the lot
 * that holds their point. */
static gboolean
move_open_cases (Commit  *c,
                 GError **error)
{
  sqlite3_stmt *stmt = gw_store_prepare_cached (c->store,
      "UPDATE cases SET grid_id = m.grid_id, version = version + 1 "
      "  FROM (SELECT k.id AS case_id, l.grid_id AS grid_id FROM cases k, lots l "
      "         WHERE k.status IN " GW_CASE_OPEN_STATUSES_SQL " AND k.geom IS NOT NULL "
      "           AND l.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'lots' "
      "                            AND f_geometry_column = 'geom' AND search_frame = k.geom) "
      "           AND ST_Intersects (l.geom, k.geom) = 1 "
      "           AND l.grid_id IS NOT NULL AND l.grid_id <> k.grid_id "
      "         GROUP BY k.id) AS m "
      " WHERE cases.id = m.case_id",
      error);

  if (stmt == NULL || !gw_store_step_done (c->store, stmt, _("Could not move the open cases"), error))
    return FALSE;
  c->report->cases_moved = sqlite3_changes (gw_store_get_db (c->store));
  return TRUE;
}

static gboolean
finish_plan (Commit  *c,
             GwUser  *user,
             GError **error)
{
  g_autofree char *object = g_strdup_printf ("plan:%" PRId64, c->data->info.id);
  g_autofree char *detail = NULL;
  sqlite3_stmt *plan = gw_store_prepare_cached (c->store,
      "UPDATE grid_plans SET state = 'committed', committed_at = ? WHERE id = ?", error);
  sqlite3_stmt *grids = gw_store_prepare_cached (c->store,
      "UPDATE grid_plan_grids SET grid_id = ?1 WHERE plan_id = ?2 AND key = ?3", error);
  sqlite3_stmt *lots = gw_store_prepare_cached (c->store,
      "UPDATE grid_plan_lots SET grid_id = ?1 WHERE plan_id = ?2 AND grid_key = ?3", error);

  if (plan == NULL || grids == NULL || lots == NULL
      || !gw_store_bind_text (c->store, plan, 1, c->now, error)
      || !gw_store_bind_int64 (c->store, plan, 2, c->data->info.id, error)
      || !gw_store_step_done (c->store, plan, _("Could not mark the plan committed"), error))
    return FALSE;
  for (guint k = 0; k < c->data->grids->len; k++)
    for (guint s = 0; s < 2; s++)
      {
        sqlite3_stmt *stmt = s == 0 ? grids : lots;

        if (!gw_store_bind_ref (c->store, stmt, 1, c->new_ids[k], error)
            || !gw_store_bind_int64 (c->store, stmt, 2, c->data->info.id, error)
            || !gw_store_bind_int64 (c->store, stmt, 3, k, error)
            || !gw_store_step_done (c->store, stmt, _("Could not mark the plan committed"), error))
          return FALSE;
      }
  detail = g_strdup_printf ("changed=%u new=%u retired=%u lots=%u cases=%u",
                            c->report->grids_changed, c->report->grids_new,
                            c->report->grids_retired, c->report->lots_moved,
                            c->report->cases_moved);
  return gw_audit_write (c->store, user, "plan_commit", object, detail, error);
}

static gboolean
list_without_team (Commit  *c,
                   GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (c->store,
      "SELECT code FROM grids g WHERE retired_at IS NULL "
      "   AND NOT EXISTS (SELECT 1 FROM grid_workers w WHERE w.grid_id = g.id) ORDER BY code",
      error);

  if (stmt == NULL)
    return FALSE;
  c->report->without_team = g_ptr_array_new_with_free_func (g_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (c->report->without_team, gw_store_column_dup (stmt, 0));
  return TRUE;
}

static void
commit_clear (Commit *c)
{
  for (guint k = 0; k < c->data->grids->len; k++)
    {
      g_clear_pointer (&c->geometry[k], g_bytes_unref);
      g_free (c->new_codes[k]);
    }
  g_free (c->new_codes);
  g_free (c->geometry);
  g_free (c->n_units);
  g_free (c->lon);
  g_free (c->lat);
  g_free (c->new_ids);
  g_free (c->now);
}

gboolean
gw_plan_store_commit (GwStore            *store,
                      GwUser             *user,
                      GwPlanData         *data,
                      GwPlanCommitReport *report,
                      GError            **error)
{
  g_autoptr (GDateTime) now = gw_now ();
  GwPlanCommitReport scratch = { 0 };
  gint version = data->info.version;
  guint n_grids;
  gboolean ok;
  Commit c;

  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (report == NULL)
    report = &scratch;
  memset (report, 0, sizeof *report);
  if (!gw_plan_check_planner (user, _("Committing a grid plan"), error))
    return FALSE;

  n_grids = MAX (data->grids->len, 1);
  c = (Commit) {
    store, data, report, gw_format_timestamp (now),
    g_new0 (guint, n_grids), g_new0 (GBytes *, n_grids), g_new0 (double, n_grids),
    g_new0 (double, n_grids), g_new0 (gint64, n_grids), g_new0 (char *, n_grids),
  };
  ok = check_assigned (&c, error) && gw_store_begin (store, error);
  if (ok)
    {
      ok = gw_plan_store_write (store, data, error) && dissolve_grids (&c, error)
           && update_live_grids (&c, error) && insert_new_grids (&c, error)
           && retire_grids (&c, error) && move_lots (&c, error) && move_open_cases (&c, error)
           && finish_plan (&c, user, error) && list_without_team (&c, error)
           && gw_store_commit (store, error);
      if (!ok)
        gw_store_rollback (store);
    }
  if (ok)
    {
      g_free (data->info.state);
      data->info.state = g_strdup ("committed");
      for (guint k = 0; k < data->grids->len; k++)
        {
          GwPlanGrid *grid = &g_array_index (data->grids, GwPlanGrid, k);

          grid->grid_id = c.new_ids[k];
          if (c.new_codes[k] != NULL)
            {
              g_free (grid->code);
              grid->code = g_steal_pointer (&c.new_codes[k]);
            }
        }
      for (guint u = 0; u < data->units->len; u++)
        g_array_index (data->units, GwPlanUnit, u).live_grid_id =
          c.new_ids[g_array_index (data->assignment, gint, u)];
    }
  else
    {
      data->info.version = version;
      gw_plan_commit_report_clear (report);
    }
  commit_clear (&c);
  gw_plan_commit_report_clear (&scratch);
  return ok;
}
