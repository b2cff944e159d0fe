/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-hotspot"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-domain.h"
#include "gw-hotspot-private.h"
#include "gw-util.h"

/* The cases as the supervisor's views filter them, kept in memory (issue
 * 12). A time-slider step or a change of category asks the same three
 * questions again — counts per grid, counts per grid and month, the points
 * — of the same 235,000 cases; SQLite answers each by stepping the covering
 * index (about 40 ms at district scale), this table in a few milliseconds.
 *
 * One row per case, the filter's columns as small numbers: days and
 * deadlines as decimal digits (20261120, 20261120100000), which compare as
 * the SQL compares the text; strings as indexes into per-column
 * dictionaries. The table belongs to its store (object data) once a caller
 * asked for it with gw_hotspot_keep_cases(); it is read again, whole, when
 * the file changed since (another connection's commit moves PRAGMA
 * data_version, this connection's own raise sqlite3_total_changes64). A file
 * whose dates are not all in the schema's form is not kept: the SQL answers
 * it, so the two never disagree. */

#define TABLE_KEY "gw-case-table"
#define NONE_ID   G_MAXUINT16

typedef struct
{
  double   lon, lat;     /* NAN without a point */
  gint64   deadline;     /* YYYYMMDDhhmmss, G_MAXINT64 without one */
  guint32  day;          /* YYYYMMDD reported */
  guint32  grid;         /* index into grid_ids */
  guint16  category;
  guint16  subcategory;
  guint16  community;
  guint16  street;
  guint8   tier;
  guint8   source;
  gboolean open;
} CaseRow;

typedef enum
{
  DICT_CATEGORY,
  DICT_SUBCATEGORY,
  DICT_TIER,
  DICT_SOURCE,
  DICT_COMMUNITY,
  DICT_STREET,
  N_DICTS
} Dict;

struct _GwCaseTable
{
  gint64      data_version;
  gint64      total_changes;
  GArray     *rows;              /* CaseRow, in the covering index's order */
  GArray     *grid_ids;          /* gint64, the distinct grids of the cases */
  GHashTable *dicts[N_DICTS];    /* text → id + 1 */
  guint       dict_sizes[N_DICTS];
};

/* A compiled filter: ids, NONE_ID for "any"; impossible when a string names
 * nothing in the table. */
typedef struct
{
  guint32  from_day, end_day;
  guint16  ids[N_DICTS];
  gboolean open;
  gint64   now;
  gboolean impossible;
} Compiled;

static void
case_table_free (GwCaseTable *table)
{
  if (table == NULL)
    return;
  g_clear_pointer (&table->rows, g_array_unref);
  g_clear_pointer (&table->grid_ids, g_array_unref);
  for (guint d = 0; d < N_DICTS; d++)
    g_clear_pointer (&table->dicts[d], g_hash_table_unref);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwCaseTable, case_table_free)

/* The decimal digits of @text at @positions, or -1 if one is not a digit. */
static gint64
digits_at (const char *text,
           const int  *positions,
           guint       n)
{
  gint64 value = 0;

  for (guint i = 0; i < n; i++)
    {
      char c = text[positions[i]];

      if (!g_ascii_isdigit (c))
        return -1;
      value = value * 10 + (c - '0');
    }
  return value;
}

/* "YYYY-MM-DD…" → YYYYMMDD; -1 unless the first ten characters are in that
 * form (so that comparing the number is comparing the text's day). */
static gint64
parse_day (const char *text)
{
  static const int at[] = { 0, 1, 2, 3, 5, 6, 8, 9 };

  if (text == NULL || strlen (text) < 10 || text[4] != '-' || text[7] != '-')
    return -1;
  return digits_at (text, at, G_N_ELEMENTS (at));
}

/* "YYYY-MM-DD hh:mm:ss" exactly → YYYYMMDDhhmmss, else -1. */
static gint64
parse_timestamp (const char *text)
{
  static const int at[] = { 0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18 };

  if (text == NULL || strlen (text) != 19 || text[4] != '-' || text[7] != '-' || text[10] != ' '
      || text[13] != ':' || text[16] != ':')
    return -1;
  return digits_at (text, at, G_N_ELEMENTS (at));
}

/* The id of @text in dictionary @d, added if new; NONE_ID when full. */
static guint16
intern (GwCaseTable *table,
        Dict         d,
        const char  *text)
{
  gpointer value = g_hash_table_lookup (table->dicts[d], text);

  if (value != NULL)
    return (guint16) (GPOINTER_TO_UINT (value) - 1);
  if (table->dict_sizes[d] >= NONE_ID - 1)
    return NONE_ID;
  g_hash_table_insert (table->dicts[d], g_strdup (text), GUINT_TO_POINTER (++table->dict_sizes[d]));
  return (guint16) (table->dict_sizes[d] - 1);
}

/* Grid id → the codes of its community and street, "COMMUNITY STREET",
 * for every grid (retired ones too: their cases still belong to the
 * community, as in GW_CASE_FILTER_SQL). */
static GHashTable *
read_grid_communities (GwStore  *store,
                       GError  **error)
{
  g_autoptr (GHashTable) communities = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                              g_free, (GDestroyNotify) g_strfreev);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = gw_store_prepare (store,
                           "SELECT g.id, c.code, s.code FROM grids g "
                           "  JOIN communities c ON c.id = g.community_id "
                           "  JOIN streets s ON s.id = c.street_id",
                           error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char **codes = g_new0 (char *, 3);

      codes[0] = gw_store_column_dup (stmt, 1);
      codes[1] = gw_store_column_dup (stmt, 2);
      g_hash_table_insert (communities,
                           g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
                           codes);
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the grids"));
      return NULL;
    }
  return g_steal_pointer (&communities);
}

/* One case's row; FALSE if its dates are not in the schema's form. */
static gboolean
read_row (GwCaseTable  *table,
          sqlite3_stmt *stmt,
          GHashTable   *communities,
          GHashTable   *grid_index,
          CaseRow      *row)
{
  gint64 grid_id = sqlite3_column_int64 (stmt, 1);
  gint64 day = parse_day ((const char *) sqlite3_column_text (stmt, 0));
  const char *deadline = (const char *) sqlite3_column_text (stmt, 7);
  const char * const *codes;
  gpointer index;

  if (day < 0)
    return FALSE;
  row->day = (guint32) day;
  row->deadline = deadline == NULL ? G_MAXINT64 : parse_timestamp (deadline);
  if (row->deadline < 0)
    return FALSE;
  index = g_hash_table_lookup (grid_index, &grid_id);
  if (index == NULL)
    {
      g_array_append_val (table->grid_ids, grid_id);
      index = GUINT_TO_POINTER (table->grid_ids->len);
      g_hash_table_insert (grid_index, g_memdup2 (&grid_id, sizeof grid_id), index);
    }
  row->grid = GPOINTER_TO_UINT (index) - 1;
  row->category = intern (table, DICT_CATEGORY, (const char *) sqlite3_column_text (stmt, 2));
  row->subcategory = intern (table, DICT_SUBCATEGORY, (const char *) sqlite3_column_text (stmt, 3));
  row->tier = (guint8) intern (table, DICT_TIER, (const char *) sqlite3_column_text (stmt, 4));
  row->source = (guint8) intern (table, DICT_SOURCE, (const char *) sqlite3_column_text (stmt, 5));
  row->open = sqlite3_column_int (stmt, 6) != 0;
  codes = g_hash_table_lookup (communities, &grid_id);
  row->community = codes != NULL ? intern (table, DICT_COMMUNITY, codes[0]) : NONE_ID;
  row->street = codes != NULL ? intern (table, DICT_STREET, codes[1]) : NONE_ID;
  if (!gw_blob_point (sqlite3_column_blob (stmt, 8), sqlite3_column_bytes (stmt, 8), &row->lon,
                      &row->lat))
    row->lon = row->lat = NAN;
  /* Tiers and sources are a handful; more would not fit a byte. */
  return table->dict_sizes[DICT_TIER] < G_MAXUINT8 && table->dict_sizes[DICT_SOURCE] < G_MAXUINT8
         && row->category != NONE_ID && row->subcategory != NONE_ID;
}

/* Every case, or %NULL without @error set when the table cannot stand for
 * the SQL (dates in another form). */
static GwCaseTable *
case_table_load (GwStore  *store,
                 GError  **error)
{
  g_autoptr (GwCaseTable) table = g_new0 (GwCaseTable, 1);
  g_autoptr (GHashTable) communities = NULL;
  g_autoptr (GHashTable) grid_index = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                             g_free, NULL);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  table->data_version = gw_store_get_data_version (store);
  table->total_changes = sqlite3_total_changes64 (gw_store_get_db (store));
  table->rows = g_array_new (FALSE, FALSE, sizeof (CaseRow));
  table->grid_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint d = 0; d < N_DICTS; d++)
    table->dicts[d] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  communities = read_grid_communities (store, error);
  if (communities == NULL)
    return NULL;
  /* The covering index's columns only, in its order, as the filter reads. */
  stmt = gw_store_prepare (store,
                           "SELECT k.reported_at, k.grid_id, k.category, k.subcategory, k.tier, "
                           "       k.source, k.status IN " GW_CASE_OPEN_STATUSES_SQL ", "
                           "       k.deadline_at, k.geom "
                           "  FROM cases k WHERE k.reported_at >= ''",
                           error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CaseRow row;

      if (!read_row (table, stmt, communities, grid_index, &row))
        {
          g_debug ("A case's dates are not in the schema's form: the SQL answers");
          return NULL;
        }
      g_array_append_val (table->rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the cases"));
      return NULL;
    }
  return g_steal_pointer (&table);
}

/**
 * gw_hotspot_keep_cases:
 * @store: a #GwStore
 * @keep: whether to keep them
 *
 * Keeps the filter's columns of every case in memory, so that the counts,
 * monthly counts and points of gw-hotspot-query.h (and Gi*, trends and
 * densities over them) are answered without SQL while the file does not
 * change — what a supervisor's window wants, stepping through months. A
 * district's 235,000 cases take about 10 MB. %FALSE frees them.
 */
void
gw_hotspot_keep_cases (GwStore  *store,
                       gboolean  keep)
{
  g_return_if_fail (GW_IS_STORE (store));

  if (!keep)
    g_object_set_data (G_OBJECT (store), TABLE_KEY, NULL);
  else if (g_object_get_data (G_OBJECT (store), TABLE_KEY) == NULL)
    /* A placeholder until the first question loads it. */
    g_object_set_data_full (G_OBJECT (store), TABLE_KEY, g_new0 (GwCaseTable, 1),
                            (GDestroyNotify) case_table_free);
}

gboolean
gw_hotspot_cases_are_kept (GwStore *store)
{
  GwCaseTable *kept;

  g_return_val_if_fail (GW_IS_STORE (store), FALSE);

  kept = g_object_get_data (G_OBJECT (store), TABLE_KEY);
  return kept != NULL && kept->rows != NULL;
}

/**
 * gw_case_table_get:
 * @table: (out) (transfer none): the store's case table, read again if the
 *   file changed since; %NULL if the store keeps none or it cannot stand for
 *   the SQL
 *
 * Returns: %FALSE if the cases could not be read
 */
gboolean
gw_case_table_get (GwStore      *store,
                   GwCaseTable **table,
                   GError      **error)
{
  GwCaseTable *kept = g_object_get_data (G_OBJECT (store), TABLE_KEY);
  g_autoptr (GError) local_error = NULL;
  GwCaseTable *fresh;

  *table = NULL;
  if (kept == NULL)
    return TRUE;
  if (kept->rows != NULL && kept->data_version == gw_store_get_data_version (store)
      && kept->total_changes == sqlite3_total_changes64 (gw_store_get_db (store)))
    {
      *table = kept;
      return TRUE;
    }
  fresh = case_table_load (store, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (fresh == NULL)
    {
      /* Dates in another form: the SQL answers from now on. */
      g_object_set_data (G_OBJECT (store), TABLE_KEY, NULL);
      return TRUE;
    }
  g_object_set_data_full (G_OBJECT (store), TABLE_KEY, fresh, (GDestroyNotify) case_table_free);
  *table = fresh;
  return TRUE;
}

/* The id of @text in @d, NONE_ID for NULL; FALSE if the table has none. */
static gboolean
lookup (const GwCaseTable *table,
        Dict               d,
        const char        *text,
        guint16           *id)
{
  gpointer value;

  *id = NONE_ID;
  if (text == NULL)
    return TRUE;
  value = g_hash_table_lookup (table->dicts[d], text);
  if (value == NULL)
    return FALSE;
  *id = (guint16) (GPOINTER_TO_UINT (value) - 1);
  return TRUE;
}

/* @filter as ids, with the same meaning as gw_case_filter_bind(). */
static gboolean
compile (const GwCaseTable   *table,
         const GwCaseFilter  *filter,
         GDateTime           *now,
         Compiled            *compiled,
         GError             **error)
{
  gboolean major;

  if (!gw_case_filter_validate (filter, error))
    return FALSE;
  memset (compiled, 0, sizeof *compiled);
  compiled->from_day = filter->from != NULL ? (guint32) parse_day (filter->from) : 0;
  if (filter->to != NULL)
    {
      g_autofree char *end = gw_day_after (filter->to);

      compiled->end_day = (guint32) parse_day (end);
    }
  else
    compiled->end_day = G_MAXUINT32;
  compiled->open = filter->status != GW_CASE_FILTER_ALL;
  compiled->now = G_MAXINT64;
  if (filter->status == GW_CASE_FILTER_OVERDUE)
    {
      g_autoptr (GDateTime) now_owned = now == NULL ? gw_now () : NULL;
      g_autofree char *text = gw_format_timestamp (now != NULL ? now : now_owned);

      compiled->now = parse_timestamp (text);
    }
  major = filter->category != NULL && g_strv_contains (gw_case_categories, filter->category);
  compiled->impossible =
    !lookup (table, DICT_CATEGORY, major ? filter->category : NULL, &compiled->ids[DICT_CATEGORY])
    || !lookup (table, DICT_SUBCATEGORY, major ? NULL : filter->category,
                &compiled->ids[DICT_SUBCATEGORY])
    || !lookup (table, DICT_TIER, filter->tier, &compiled->ids[DICT_TIER])
    || !lookup (table, DICT_SOURCE, filter->source, &compiled->ids[DICT_SOURCE])
    || !lookup (table, DICT_COMMUNITY, filter->community, &compiled->ids[DICT_COMMUNITY])
    || !lookup (table, DICT_STREET, filter->street, &compiled->ids[DICT_STREET]);
  return TRUE;
}

static inline gboolean
matches (const Compiled *f,
         const CaseRow  *row)
{
  return row->day >= f->from_day && row->day < f->end_day
         && (f->ids[DICT_CATEGORY] == NONE_ID || row->category == f->ids[DICT_CATEGORY])
         && (f->ids[DICT_SUBCATEGORY] == NONE_ID || row->subcategory == f->ids[DICT_SUBCATEGORY])
         && (f->ids[DICT_TIER] == NONE_ID || row->tier == f->ids[DICT_TIER])
         && (f->ids[DICT_SOURCE] == NONE_ID || row->source == f->ids[DICT_SOURCE])
         && (!f->open || row->open)
         && (f->now == G_MAXINT64 || row->deadline < f->now)
         && (f->ids[DICT_COMMUNITY] == NONE_ID || row->community == f->ids[DICT_COMMUNITY])
         && (f->ids[DICT_STREET] == NONE_ID || row->street == f->ids[DICT_STREET]);
}

/* For each of the table's grids, its index in @grids or -1. */
static int *
grid_map (const GwCaseTable    *table,
          const GwHotspotGrids *grids)
{
  int *map = g_new (int, MAX (table->grid_ids->len, 1));

  for (guint g = 0; g < table->grid_ids->len; g++)
    map[g] = gw_hotspot_grids_find (grids, g_array_index (table->grid_ids, gint64, g));
  return map;
}

gint64
gw_case_table_count (const GwCaseTable     *table,
                     const GwHotspotGrids  *grids,
                     const GwCaseFilter    *filter,
                     GDateTime             *now,
                     guint                 *counts,
                     GError               **error)
{
  g_autofree int *map = NULL;
  Compiled f;
  gint64 total = 0;

  if (!compile (table, filter, now, &f, error))
    return -1;
  memset (counts, 0, sizeof (guint) * grids->grids->len);
  if (f.impossible)
    return 0;
  map = grid_map (table, grids);
  for (guint r = 0; r < table->rows->len; r++)
    {
      const CaseRow *row = &g_array_index (table->rows, CaseRow, r);

      if (matches (&f, row) && map[row->grid] >= 0)
        {
          counts[map[row->grid]]++;
          total++;
        }
    }
  return total;
}

gboolean
gw_case_table_count_monthly (const GwCaseTable     *table,
                             const GwHotspotGrids  *grids,
                             const GwCaseFilter    *filter,
                             GDateTime             *now,
                             int                    first_month,
                             GwMonthlyCounts       *monthly,
                             GError               **error)
{
  g_autofree int *map = NULL;
  guint n_months = monthly->months->len;
  Compiled f;

  if (!compile (table, filter, now, &f, error))
    return FALSE;
  if (f.impossible)
    return TRUE;
  map = grid_map (table, grids);
  for (guint r = 0; r < table->rows->len; r++)
    {
      const CaseRow *row = &g_array_index (table->rows, CaseRow, r);
      int m = (int) (row->day / 10000) * 12 + (int) (row->day / 100 % 100) - 1 - first_month;

      if (matches (&f, row) && map[row->grid] >= 0 && m >= 0 && (guint) m < n_months)
        monthly->counts[(gsize) map[row->grid] * n_months + m]++;
    }
  return TRUE;
}

gboolean
gw_case_table_points (const GwCaseTable   *table,
                      const GwCaseFilter  *filter,
                      GDateTime           *now,
                      GArray              *points,
                      GError             **error)
{
  Compiled f;

  if (!compile (table, filter, now, &f, error))
    return FALSE;
  if (f.impossible)
    return TRUE;
  for (guint r = 0; r < table->rows->len; r++)
    {
      const CaseRow *row = &g_array_index (table->rows, CaseRow, r);

      if (matches (&f, row) && !isnan (row->lon))
        {
          double xy[2] = { row->lon, row->lat };

          g_array_append_vals (points, xy, 2);
        }
    }
  return TRUE;
}
