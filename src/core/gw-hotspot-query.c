/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-hotspot"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "gw-domain.h"
#include "gw-hotspot-private.h"
#include "gw-util.h"

/* ------------------------------------------------------------------------ */
/* The filter */

gboolean
gw_case_filter_status_from_key (const char         *key,
                                GwCaseFilterStatus *status)
{
  static const char * const keys[] = { "all", "open", "overdue" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_strcmp0 (key, keys[i]) == 0)
      {
        *status = (GwCaseFilterStatus) i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
parse_day (const char *text,
           GDate      *date)
{
  int year, month, day;
  char tail;

  if (text == NULL || strlen (text) != 10
      || sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &tail) != 3
      || !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

char *
gw_day_after (const char *day)
{
  GDate date;

  if (!parse_day (day, &date))
    return NULL;
  g_date_add_days (&date, 1);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

gboolean
gw_case_filter_validate (const GwCaseFilter  *filter,
                         GError             **error)
{
  static const char * const tiers[] = { "A", "B", "C", NULL };
  static const char * const sources[] = {
    "building_leader", "patrol", "hotline", "qr_code", "mailbox", "walk_in", NULL
  };
  GDate from, to;

  g_return_val_if_fail (filter != NULL, FALSE);

  if (filter->from != NULL && !parse_day (filter->from, &from))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("The first day “%s” is not a date (YYYY-MM-DD)"), filter->from);
      return FALSE;
    }
  if (filter->to != NULL && !parse_day (filter->to, &to))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("The last day “%s” is not a date (YYYY-MM-DD)"), filter->to);
      return FALSE;
    }
  if (filter->from != NULL && filter->to != NULL && g_date_compare (&from, &to) > 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("The range from %s to %s ends before it begins"), filter->from, filter->to);
      return FALSE;
    }
  if (filter->tier != NULL && !g_strv_contains (tiers, filter->tier))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("A case's tier is A, B or C, not “%s”"), filter->tier);
      return FALSE;
    }
  if (filter->source != NULL && !g_strv_contains (sources, filter->source))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("“%s” is not a case source"), filter->source);
      return FALSE;
    }
  if (filter->status > GW_CASE_FILTER_OVERDUE)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("Unknown case status filter %d"), (int) filter->status);
      return FALSE;
    }
  return TRUE;
}

gboolean
gw_case_filter_check_places (GwStore             *store,
                             const GwCaseFilter  *filter,
                             GError             **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);

  if (filter->community == NULL && filter->street == NULL)
    return TRUE;
  stmt = gw_store_prepare (store,
                           "SELECT (?1 IS NULL OR EXISTS (SELECT 1 FROM communities WHERE code = ?1)), "
                           "       (?2 IS NULL OR EXISTS (SELECT 1 FROM streets WHERE code = ?2))",
                           error);
  if (stmt == NULL || !gw_store_bind_text (store, stmt, 1, filter->community, error)
      || !gw_store_bind_text (store, stmt, 2, filter->street, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      gw_store_set_sql_error (store, error, _("Could not read the communities"));
      return FALSE;
    }
  if (!sqlite3_column_int (stmt, 0))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
                   _("There is no community “%s” in this file"), filter->community);
      return FALSE;
    }
  if (!sqlite3_column_int (stmt, 1))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
                   _("There is no street “%s” in this file"), filter->street);
      return FALSE;
    }
  return TRUE;
}

gboolean
gw_case_filter_bind (GwStore             *store,
                     sqlite3_stmt        *stmt,
                     const GwCaseFilter  *filter,
                     GDateTime           *now,
                     GError             **error)
{
  g_autofree char *end = NULL;
  g_autofree char *now_text = NULL;
  gboolean major;

  if (!gw_case_filter_validate (filter, error))
    return FALSE;
  /* Open ends as bounds that every timestamp passes, so the day range is
   * always an index range. */
  end = filter->to != NULL ? gw_day_after (filter->to) : g_strdup ("9999");
  if (filter->status == GW_CASE_FILTER_OVERDUE)
    {
      g_autoptr (GDateTime) now_owned = now == NULL ? gw_now () : NULL;

      /* As the inspector and `info` count it: the deadline's text against now's. */
      now_text = gw_format_timestamp (now != NULL ? now : now_owned);
    }
  major = filter->category != NULL && g_strv_contains (gw_case_categories, filter->category);
  return gw_store_bind_text (store, stmt, 1, filter->from != NULL ? filter->from : "", error)
         && gw_store_bind_text (store, stmt, 2, end, error)
         && gw_store_bind_text (store, stmt, 3, major ? filter->category : NULL, error)
         && gw_store_bind_text (store, stmt, 4, major ? NULL : filter->category, error)
         && gw_store_bind_text (store, stmt, 5, filter->tier, error)
         && gw_store_bind_text (store, stmt, 6, filter->source, error)
         && gw_store_bind_int64 (store, stmt, 7, filter->status != GW_CASE_FILTER_ALL, error)
         && gw_store_bind_text (store, stmt, 8, now_text, error)
         && gw_store_bind_text (store, stmt, 9, filter->community, error)
         && gw_store_bind_text (store, stmt, 10, filter->street, error);
}

/* ------------------------------------------------------------------------ */
/* Grids */

static void
hotspot_grid_clear (GwHotspotGrid *grid)
{
  g_free (grid->code);
  g_free (grid->name);
  g_free (grid->community_code);
  g_free (grid->community_name);
}

void
gw_hotspot_grids_free (GwHotspotGrids *grids)
{
  if (grids == NULL)
    return;
  g_clear_pointer (&grids->grids, g_array_unref);
  g_clear_pointer (&grids->neighbours, g_array_unref);
  g_clear_pointer (&grids->index_of_id, g_hash_table_unref);
  g_free (grids);
}

int
gw_hotspot_grids_find (const GwHotspotGrids *grids,
                       gint64                grid_id)
{
  gpointer value;

  g_return_val_if_fail (grids != NULL, -1);

  value = g_hash_table_lookup (grids->index_of_id, &grid_id);
  return value != NULL ? GPOINTER_TO_INT (value) - 1 : -1;
}

static gboolean
load_grid_rows (GwStore         *store,
                GwHotspotGrids  *grids,
                GError         **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  double sum_lon = 0, sum_lat = 0;
  int rc;

  stmt = gw_store_prepare (store,
      "SELECT g.id, g.code, g.name, c.code, c.name, "
      "       coalesce (ST_X (ST_PointOnSurface (g.geom)), 0), "
      "       coalesce (ST_Y (ST_PointOnSurface (g.geom)), 0) "
      "  FROM grids g JOIN communities c ON c.id = g.community_id "
      " WHERE g.retired_at IS NULL ORDER BY g.code",
      error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwHotspotGrid grid = { 0 };
      gint64 *key = g_new (gint64, 1);

      grid.id = sqlite3_column_int64 (stmt, 0);
      grid.code = gw_store_column_dup (stmt, 1);
      grid.name = gw_store_column_dup (stmt, 2);
      grid.community_code = gw_store_column_dup (stmt, 3);
      grid.community_name = gw_store_column_dup (stmt, 4);
      grid.lon = sqlite3_column_double (stmt, 5);
      grid.lat = sqlite3_column_double (stmt, 6);
      sum_lon += grid.lon;
      sum_lat += grid.lat;
      *key = grid.id;
      g_array_append_val (grids->grids, grid);
      g_hash_table_insert (grids->index_of_id, key, GINT_TO_POINTER (grids->grids->len));
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the grids"));
      return FALSE;
    }
  if (grids->grids->len > 0)
    {
      grids->street_lon = sum_lon / grids->grids->len;
      grids->street_lat = sum_lat / grids->grids->len;
    }
  return TRUE;
}

/* Households (@residents FALSE) or residents per grid, through lots. */
static gboolean
load_population (GwStore         *store,
                 GwHotspotGrids  *grids,
                 gboolean         residents,
                 GError         **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = gw_store_prepare (store,
      residents
      ? "SELECT l.grid_id, count(*) FROM lots l JOIN buildings b ON b.lot_id = l.id "
        "  JOIN dwellings d ON d.building_id = b.id JOIN households h ON h.dwelling_id = d.id "
        "  JOIN residents r ON r.household_id = h.id "
        " WHERE l.grid_id IS NOT NULL GROUP BY l.grid_id"
      : "SELECT l.grid_id, count(*) FROM lots l JOIN buildings b ON b.lot_id = l.id "
        "  JOIN dwellings d ON d.building_id = b.id JOIN households h ON h.dwelling_id = d.id "
        " WHERE l.grid_id IS NOT NULL GROUP BY l.grid_id",
      error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int i = gw_hotspot_grids_find (grids, sqlite3_column_int64 (stmt, 0));

      if (i < 0)
        continue;
      if (residents)
        gw_hotspot_grids_get (grids, i)->residents = sqlite3_column_int64 (stmt, 1);
      else
        gw_hotspot_grids_get (grids, i)->households = sqlite3_column_int64 (stmt, 1);
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not count the households of the grids"));
      return FALSE;
    }
  return TRUE;
}

/* Queen contiguity: grids that share any boundary point. SpatialIndex
 * finds the candidates whose boxes meet (widened by about 10 cm, so that
 * boxes that only touch are found), GEOS decides. */
static gboolean
load_neighbours (GwStore         *store,
                 GwHotspotGrids  *grids,
                 GError         **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = gw_store_prepare (store,
      "SELECT a.id, b.id FROM grids a, grids b "
      " WHERE b.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'grids' "
      "         AND f_geometry_column = 'geom' "
      "         AND search_frame = BuildMbr (MbrMinX (a.geom) - 1e-6, MbrMinY (a.geom) - 1e-6, "
      "                                      MbrMaxX (a.geom) + 1e-6, MbrMaxY (a.geom) + 1e-6, "
      "                                      4490)) "
      "   AND a.id < b.id AND ST_Intersects (a.geom, b.geom) = 1 "
      "   AND a.retired_at IS NULL AND b.retired_at IS NULL",
      error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int a = gw_hotspot_grids_find (grids, sqlite3_column_int64 (stmt, 0));
      int b = gw_hotspot_grids_find (grids, sqlite3_column_int64 (stmt, 1));
      guint pair[2];

      if (a < 0 || b < 0)
        continue;
      pair[0] = (guint) MIN (a, b);
      pair[1] = (guint) MAX (a, b);
      g_array_append_vals (grids->neighbours, pair, 2);
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not find the neighbours of the grids"));
      return FALSE;
    }
  return TRUE;
}

/**
 * gw_hotspot_grids_load:
 *
 * Returns: (transfer full): every grid with its households, residents and
 *   neighbours, or %NULL
 */
GwHotspotGrids *
gw_hotspot_grids_load (GwStore  *store,
                       GError  **error)
{
  g_autoptr (GwHotspotGrids) grids = g_new0 (GwHotspotGrids, 1);

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  grids->grids = g_array_new (FALSE, TRUE, sizeof (GwHotspotGrid));
  g_array_set_clear_func (grids->grids, (GDestroyNotify) hotspot_grid_clear);
  grids->neighbours = g_array_new (FALSE, FALSE, sizeof (guint));
  grids->index_of_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (!load_grid_rows (store, grids, error)
      || !load_population (store, grids, FALSE, error)
      || !load_population (store, grids, TRUE, error)
      || !load_neighbours (store, grids, error))
    return NULL;
  return g_steal_pointer (&grids);
}

GPtrArray *
gw_hotspot_grids_geojson (GwStore               *store,
                          const GwHotspotGrids  *grids,
                          GError               **error)
{
  g_autoptr (GPtrArray) shapes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (grids != NULL, NULL);

  g_ptr_array_set_size (shapes, grids->grids->len);
  stmt = gw_store_prepare (store, "SELECT id, AsGeoJSON (geom, 7) FROM grids", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int i = gw_hotspot_grids_find (grids, sqlite3_column_int64 (stmt, 0));

      if (i >= 0)
        {
          g_free (g_ptr_array_index (shapes, i));
          g_ptr_array_index (shapes, i) = gw_store_column_dup_nullable (stmt, 1);
        }
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the shapes of the grids"));
      return NULL;
    }
  return g_steal_pointer (&shapes);
}

/* ------------------------------------------------------------------------ */
/* Counts */

gint64
gw_hotspot_count_cases (GwStore               *store,
                        const GwHotspotGrids  *grids,
                        const GwCaseFilter    *filter,
                        GDateTime             *now,
                        guint                 *counts,
                        GError               **error)
{
  GwCaseTable *table;
  sqlite3_stmt *stmt;
  gint64 total = 0;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), -1);
  g_return_val_if_fail (grids != NULL && filter != NULL, -1);
  g_return_val_if_fail (counts != NULL || grids->grids->len == 0, -1);

  if (!gw_case_table_get (store, &table, error))
    return -1;
  if (table != NULL)
    return gw_case_table_count (table, grids, filter, now, counts, error);
  memset (counts, 0, sizeof (guint) * grids->grids->len);
  /* Counted here rather than by GROUP BY: stepping the covering index is
   * three times faster than SQLite's sort of 235,000 rows. */
  stmt = gw_store_prepare_cached (store,
                                  "SELECT k.grid_id FROM cases k WHERE " GW_CASE_FILTER_SQL,
                                  error);
  if (stmt == NULL || !gw_case_filter_bind (store, stmt, filter, now, error))
    return -1;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int i = gw_hotspot_grids_find (grids, sqlite3_column_int64 (stmt, 0));

      if (i >= 0)
        {
          counts[i]++;
          total++;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not count the cases of the grids"));
      return -1;
    }
  return total;
}

void
gw_monthly_counts_free (GwMonthlyCounts *monthly)
{
  if (monthly == NULL)
    return;
  g_clear_pointer (&monthly->months, g_ptr_array_unref);
  g_free (monthly->counts);
  g_free (monthly);
}

/* Months since year 0 of "YYYY-MM…", or -1. */
static int
month_number (const char *text)
{
  if (text == NULL || strlen (text) < 7 || !g_ascii_isdigit (text[0]) || text[4] != '-')
    return -1;
  return (int) g_ascii_strtoll (text, NULL, 10) * 12 + (int) g_ascii_strtoll (text + 5, NULL, 10)
         - 1;
}

/* The first and last month of the filter's range, or of the cases. */
static gboolean
month_range (GwStore             *store,
             const GwCaseFilter  *filter,
             int                 *first,
             int                 *last,
             GError             **error)
{
  sqlite3_stmt *stmt;

  *first = month_number (filter->from);
  *last = month_number (filter->to);
  if (*first >= 0 && *last >= 0)
    return TRUE;
  stmt = gw_store_prepare_cached (store, "SELECT min (reported_at), max (reported_at) FROM cases",
                                  error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      gw_store_set_sql_error (store, error, _("Could not read the dates of the cases"));
      return FALSE;
    }
  if (*first < 0)
    *first = month_number ((const char *) sqlite3_column_text (stmt, 0));
  if (*last < 0)
    *last = month_number ((const char *) sqlite3_column_text (stmt, 1));
  sqlite3_reset (stmt);
  if (*first < 0 || *last < 0)
    *first = *last = month_number ("2000-01");
  if (*last < *first)
    *last = *first;
  return TRUE;
}

/**
 * gw_hotspot_count_monthly:
 *
 * Returns: (transfer full): counts per grid and month, or %NULL
 */
GwMonthlyCounts *
gw_hotspot_count_monthly (GwStore               *store,
                          const GwHotspotGrids  *grids,
                          const GwCaseFilter    *filter,
                          GDateTime             *now,
                          GError               **error)
{
  g_autoptr (GwMonthlyCounts) monthly = g_new0 (GwMonthlyCounts, 1);
  GwCaseTable *table;
  sqlite3_stmt *stmt;
  int first, last, n_months, rc;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (grids != NULL && filter != NULL, NULL);

  if (!gw_case_filter_validate (filter, error) || !month_range (store, filter, &first, &last, error))
    return NULL;
  n_months = last - first + 1;
  if (n_months > 240)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("The range spans %d months; trends take at most 240"), n_months);
      return NULL;
    }
  monthly->months = g_ptr_array_new_with_free_func (g_free);
  for (int m = first; m <= last; m++)
    g_ptr_array_add (monthly->months, g_strdup_printf ("%04d-%02d", m / 12, m % 12 + 1));
  monthly->n_grids = grids->grids->len;
  monthly->counts = g_new0 (guint, (gsize) MAX (monthly->n_grids, 1) * n_months);

  if (!gw_case_table_get (store, &table, error))
    return NULL;
  if (table != NULL)
    return gw_case_table_count_monthly (table, grids, filter, now, first, monthly, error)
           ? g_steal_pointer (&monthly) : NULL;
  stmt = gw_store_prepare_cached (store,
                                  "SELECT k.grid_id, k.reported_at FROM cases k WHERE "
                                  GW_CASE_FILTER_SQL,
                                  error);
  if (stmt == NULL || !gw_case_filter_bind (store, stmt, filter, now, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int i = gw_hotspot_grids_find (grids, sqlite3_column_int64 (stmt, 0));
      int m = month_number ((const char *) sqlite3_column_text (stmt, 1)) - first;

      if (i >= 0 && m >= 0 && m < n_months)
        monthly->counts[(gsize) i * n_months + m]++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not count the cases of the grids by month"));
      return NULL;
    }
  return g_steal_pointer (&monthly);
}

/* The point of a SpatiaLite BLOB-Geometry, from its header's MBR (bytes
 * 6–37, after the start byte, the endianness byte and the SRID; for a
 * point the box's corner is the point): "BLOB-Geometry encoding",
 * SpatiaLite documentation. Avoids a function call per case. */
gboolean
gw_blob_point (const guint8 *blob,
               int           length,
               double       *x,
               double       *y)
{
  guint64 bits[2];

  if (blob == NULL || length < 45 || blob[0] != 0x00 || blob[38] != 0x7C)
    return FALSE;
  memcpy (bits, blob + 6, sizeof bits);
  if ((blob[1] == 0x01) != (G_BYTE_ORDER == G_LITTLE_ENDIAN))
    {
      bits[0] = GUINT64_SWAP_LE_BE (bits[0]);
      bits[1] = GUINT64_SWAP_LE_BE (bits[1]);
    }
  memcpy (x, &bits[0], sizeof (double));
  memcpy (y, &bits[1], sizeof (double));
  return TRUE;
}

/**
 * gw_hotspot_case_points:
 *
 * Returns: (transfer full) (element-type double): lon, lat pairs, or %NULL
 */
GArray *
gw_hotspot_case_points (GwStore             *store,
                        const GwCaseFilter  *filter,
                        GDateTime           *now,
                        GError             **error)
{
  g_autoptr (GArray) points = g_array_new (FALSE, FALSE, sizeof (double));
  GwCaseTable *table;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  if (!gw_case_table_get (store, &table, error))
    return NULL;
  if (table != NULL)
    return gw_case_table_points (table, filter, now, points, error) ? g_steal_pointer (&points)
                                                                    : NULL;

  stmt = gw_store_prepare_cached (store,
                                  "SELECT k.geom FROM cases k WHERE " GW_CASE_FILTER_SQL,
                                  error);
  if (stmt == NULL || !gw_case_filter_bind (store, stmt, filter, now, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      double xy[2];

      if (gw_blob_point (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0), &xy[0], &xy[1]))
        g_array_append_vals (points, xy, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the places of the cases"));
      return NULL;
    }
  return g_steal_pointer (&points);
}

GPtrArray *
gw_hotspot_top_categories (GwStore             *store,
                           gint64               grid_id,
                           const GwCaseFilter  *filter,
                           guint                n,
                           GDateTime           *now,
                           GError             **error)
{
  g_autoptr (GPtrArray) top = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  stmt = gw_store_prepare_cached (store,
                                  "SELECT k.category, count(*) AS n FROM cases k WHERE "
                                  GW_CASE_FILTER_SQL " AND k.grid_id = ?20 "
                                  " GROUP BY k.category ORDER BY n DESC, k.category LIMIT ?21",
                                  error);
  if (stmt == NULL || !gw_case_filter_bind (store, stmt, filter, now, error)
      || !gw_store_bind_int64 (store, stmt, 20, grid_id, error)
      || !gw_store_bind_int64 (store, stmt, 21, n, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (top, gw_store_column_dup (stmt, 0));
      g_ptr_array_add (top, g_strdup_printf ("%d", sqlite3_column_int (stmt, 1)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not count the categories of a grid's cases"));
      return NULL;
    }
  return g_steal_pointer (&top);
}
