/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-kpi"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-hotspot-private.h"
#include "gw-domain.h"
#include "gw-kpi.h"
#include "gw-util.h"

/* The definitions are in gw-kpi.h; this file counts them in three passes:
 * the cases under the filter (acceptance, completion, on time,
 * satisfaction), then their first dispatch and their start events from the
 * partial indexes of schema 8 (response). */

static const struct
{
  const char *key;
  const char *label;
  const char *definition;
} kpis[GW_KPI_N] = {
  [GW_KPI_RESPONSE] = {
    "response", N_("Response rate"),
    N_("Cases taken up within one working day of being dispatched, of the cases dispatched")
  },
  [GW_KPI_ACCEPTANCE] = {
    "acceptance", N_("Acceptance rate"),
    N_("Cases registered, of the cases registered or rejected")
  },
  [GW_KPI_COMPLETION] = {
    "completion", N_("Completion rate"),
    N_("Cases verified and closed, of the cases registered")
  },
  [GW_KPI_ON_TIME] = {
    "on_time", N_("On-time rate"),
    N_("Cases closed by their deadline, of the cases closed or overdue")
  },
  [GW_KPI_SATISFACTION] = {
    "satisfaction", N_("Satisfaction rate"),
    N_("Evaluations of 4 or 5 out of 5, of the cases evaluated")
  },
};

gboolean
gw_kpi_grouping_from_key (const char    *key,
                          GwKpiGrouping *grouping)
{
  static const char * const keys[] = { "grid", "community", "worker", "department" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_strcmp0 (key, keys[i]) == 0)
      {
        *grouping = (GwKpiGrouping) i;
        return TRUE;
      }
  return FALSE;
}

const char *
gw_kpi_key (GwKpi kpi)
{
  g_return_val_if_fail (kpi < GW_KPI_N, NULL);

  return kpis[kpi].key;
}

const char *
gw_kpi_label (GwKpi kpi)
{
  g_return_val_if_fail (kpi < GW_KPI_N, NULL);

  return _(kpis[kpi].label);
}

const char *
gw_kpi_definition (GwKpi kpi)
{
  g_return_val_if_fail (kpi < GW_KPI_N, NULL);

  return _(kpis[kpi].definition);
}

double
gw_kpi_count_rate (const GwKpiCount *count)
{
  g_return_val_if_fail (count != NULL, NAN);

  return count->denominator > 0 ? (double) count->numerator / count->denominator : NAN;
}

static void
kpi_row_clear (GwKpiRow *row)
{
  g_clear_pointer (&row->code, g_free);
  g_clear_pointer (&row->name, g_free);
  g_clear_pointer (&row->parent, g_free);
}

void
gw_kpi_table_free (GwKpiTable *table)
{
  if (table == NULL)
    return;
  g_clear_pointer (&table->rows, g_array_unref);
  kpi_row_clear (&table->total);
  g_free (table);
}

/* ------------------------------------------------------------------------ */
/* Groups */

/* What one computation keeps between its passes. */
typedef struct
{
  GwKpiTable *table;
  GArray     *slot_of_key;   /* gint32: grid, worker or department id → row, -1 */
  GwCalendar *calendar;
  char       *now_text;
} Count;

static void
set_slot (GArray *slots,
          gint64  key,
          gint32  row)
{
  guint old = slots->len;

  if (key < 0 || key > G_MAXINT32)
    return;
  if ((guint) key >= slots->len)
    {
      g_array_set_size (slots, (guint) key + 1);
      for (guint i = old; i < slots->len; i++)
        g_array_index (slots, gint32, i) = -1;
    }
  g_array_index (slots, gint32, key) = row;
}

static gint32
get_slot (GArray *slots,
          gint64  key)
{
  return key >= 0 && (guint64) key < slots->len ? g_array_index (slots, gint32, key) : -1;
}

/* Rows and the keys that lead to them. Communities take the cases of all
 * their grids, retired ones too: a plan moves a grid's open cases to the
 * new grids but its closed ones stay where they happened, in the same
 * community. A grid table lists the live grids only (retired ones are
 * history). */
static gboolean
load_groups (GwStore        *store,
             GwKpiGrouping   grouping,
             Count          *count,
             GError        **error)
{
  static const char * const sql[] = {
    [GW_KPI_BY_GRID] =
      "SELECT g.id, g.id, g.code, g.name, c.name FROM grids g "
      "  JOIN communities c ON c.id = g.community_id "
      " WHERE g.retired_at IS NULL ORDER BY g.code",
    [GW_KPI_BY_COMMUNITY] =
      "SELECT g.id, c.id, c.code, c.name, NULL FROM communities c "
      "  LEFT JOIN grids g ON g.community_id = c.id ORDER BY c.code, c.id",
    [GW_KPI_BY_WORKER] =
      "SELECT id, id, NULL, name, org FROM workers ORDER BY name, id",
    [GW_KPI_BY_DEPARTMENT] =
      "SELECT id, id, NULL, name, level FROM departments ORDER BY level, name",
  };
  g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (store, sql[grouping], error);
  GArray *rows = count->table->rows;
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 1);

      if (rows->len == 0 || g_array_index (rows, GwKpiRow, rows->len - 1).id != id)
        {
          GwKpiRow row = { 0 };

          row.id = id;
          row.code = gw_store_column_dup_nullable (stmt, 2);
          row.name = gw_store_column_dup (stmt, 3);
          row.parent = gw_store_column_dup_nullable (stmt, 4);
          g_array_append_val (rows, row);
        }
      if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        set_slot (count->slot_of_key, sqlite3_column_int64 (stmt, 0), (gint32) rows->len - 1);
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the groups to rate"));
      return FALSE;
    }
  return TRUE;
}

static void
tally (Count   *count,
       gint32   row,
       GwKpi    kpi,
       gboolean success)
{
  GwKpiCount *total = &count->table->total.counts[kpi];

  total->denominator++;
  total->numerator += success;
  if (row >= 0)
    {
      GwKpiCount *group = &g_array_index (count->table->rows, GwKpiRow, row).counts[kpi];

      group->denominator++;
      group->numerator += success;
    }
}

/* ------------------------------------------------------------------------ */
/* Cases */

typedef enum
{
  CASE_NOT_COUNTED,
  CASE_COUNTED,
  CASE_DISPATCHED,
  CASE_RESPONSE_DECIDED,
} CaseState;

/* A case under the filter, by id - first id: who it counts for and when it
 * was first dispatched. */
typedef struct
{
  gint32 row;
  guint8 state;
  char   dispatched[20];
} CaseMark;

typedef struct
{
  gint64    first_id, last_id;
  CaseMark *marks;
  GArray   *ids;     /* gint64, the cases under the filter */
  GArray   *rows;    /* gint32, their rows */
} Cases;

static void
count_case (Count         *count,
            gint32         row,
            sqlite3_stmt  *stmt)
{
  const char *status = (const char *) sqlite3_column_text (stmt, 4);
  const char *deadline = (const char *) sqlite3_column_text (stmt, 5);
  const char *closed_at = (const char *) sqlite3_column_text (stmt, 6);
  int satisfaction = sqlite3_column_int (stmt, 7);
  gboolean closed = g_strcmp0 (status, "closed") == 0 || g_strcmp0 (status, "evaluated") == 0;
  gboolean registered = g_strcmp0 (status, "reported") != 0 && g_strcmp0 (status, "rejected") != 0;

  count->table->total.cases++;
  if (row >= 0)
    g_array_index (count->table->rows, GwKpiRow, row).cases++;
  if (g_strcmp0 (status, "reported") != 0)
    tally (count, row, GW_KPI_ACCEPTANCE, registered);
  if (registered)
    tally (count, row, GW_KPI_COMPLETION, closed);
  if (deadline != NULL && closed)
    tally (count, row, GW_KPI_ON_TIME, closed_at != NULL && strcmp (closed_at, deadline) <= 0);
  else if (deadline != NULL && gw_case_status_is_open (status)
           && strcmp (deadline, count->now_text) < 0)
    tally (count, row, GW_KPI_ON_TIME, FALSE);
  if (satisfaction > 0)
    tally (count, row, GW_KPI_SATISFACTION, satisfaction >= GW_KPI_SATISFIED);
}

static gboolean
read_cases (GwStore             *store,
            GwKpiGrouping        grouping,
            const GwCaseFilter  *filter,
            GDateTime           *now,
            Count               *count,
            Cases               *cases,
            GError             **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = gw_store_prepare_cached (store,
      "SELECT k.id, k.grid_id, coalesce (k.worker_id, 0), coalesce (k.department_id, 0), "
      "       k.status, k.deadline_at, k.closed_at, coalesce (k.satisfaction, 0) "
      "  FROM cases k WHERE " GW_CASE_FILTER_SQL,
      error);
  if (stmt == NULL || !gw_case_filter_bind (store, stmt, filter, now, error))
    return FALSE;
  cases->first_id = G_MAXINT64;
  cases->last_id = G_MININT64;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      int key_column = grouping == GW_KPI_BY_WORKER ? 2 : grouping == GW_KPI_BY_DEPARTMENT ? 3 : 1;
      gint32 row = get_slot (count->slot_of_key, sqlite3_column_int64 (stmt, key_column));

      count_case (count, row, stmt);
      g_array_append_val (cases->ids, id);
      g_array_append_val (cases->rows, row);
      cases->first_id = MIN (cases->first_id, id);
      cases->last_id = MAX (cases->last_id, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the cases to rate"));
      return FALSE;
    }
  return TRUE;
}

/* Steps the dispatch (@start FALSE) or start events of the cases in range,
 * in case order, oldest first. */
static gboolean
read_events (GwStore   *store,
             gboolean   start,
             Count     *count,
             Cases     *cases,
             GError   **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = gw_store_prepare_cached (store,
                                  start
                                  ? "SELECT case_id, at FROM case_events WHERE kind = 'start' "
                                    "   AND case_id BETWEEN ?1 AND ?2 ORDER BY case_id, at"
                                  : "SELECT case_id, at FROM case_events WHERE kind = 'dispatch' "
                                    "   AND case_id BETWEEN ?1 AND ?2 ORDER BY case_id, at",
                                  error);
  if (stmt == NULL
      || !gw_store_bind_int64 (store, stmt, 1, cases->first_id, error)
      || !gw_store_bind_int64 (store, stmt, 2, cases->last_id, error))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CaseMark *mark = &cases->marks[sqlite3_column_int64 (stmt, 0) - cases->first_id];
      const char *at = (const char *) sqlite3_column_text (stmt, 1);
      gint64 seconds;

      if (at == NULL)
        continue;
      if (!start && mark->state == CASE_COUNTED)
        {
          g_strlcpy (mark->dispatched, at, sizeof mark->dispatched);
          mark->state = CASE_DISPATCHED;
        }
      else if (start && mark->state == CASE_DISPATCHED && strcmp (at, mark->dispatched) >= 0
               && gw_calendar_working_seconds_text (count->calendar, mark->dispatched, at,
                                                    &seconds))
        {
          tally (count, mark->row, GW_KPI_RESPONSE, seconds <= GW_KPI_RESPONSE_SECONDS);
          mark->state = CASE_RESPONSE_DECIDED;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the history of the cases to rate"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
count_response (GwStore  *store,
                Count    *count,
                Cases    *cases,
                GError  **error)
{
  if (cases->ids->len == 0)
    return TRUE;
  cases->marks = g_new0 (CaseMark, cases->last_id - cases->first_id + 1);
  for (guint i = 0; i < cases->ids->len; i++)
    {
      CaseMark *mark = &cases->marks[g_array_index (cases->ids, gint64, i) - cases->first_id];

      mark->row = g_array_index (cases->rows, gint32, i);
      mark->state = CASE_COUNTED;
    }
  if (!read_events (store, FALSE, count, cases, error)
      || !read_events (store, TRUE, count, cases, error))
    return FALSE;
  /* Not taken up: late once a working day has gone by since the dispatch;
   * until then, not judged yet. */
  for (gint64 id = cases->first_id; id <= cases->last_id; id++)
    {
      CaseMark *mark = &cases->marks[id - cases->first_id];
      gint64 seconds;

      if (mark->state == CASE_DISPATCHED
          && gw_calendar_working_seconds_text (count->calendar, mark->dispatched, count->now_text,
                                               &seconds)
          && seconds > GW_KPI_RESPONSE_SECONDS)
        tally (count, mark->row, GW_KPI_RESPONSE, FALSE);
    }
  return TRUE;
}

/* Workers and departments without a case under the filter are left out. */
static void
drop_empty_rows (GArray *rows)
{
  guint kept = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      GwKpiRow *row = &g_array_index (rows, GwKpiRow, i);

      if (row->cases == 0)
        kpi_row_clear (row);
      else
        {
          if (kept != i)
            {
              g_array_index (rows, GwKpiRow, kept) = *row;
              memset (row, 0, sizeof *row);
            }
          kept++;
        }
    }
  g_array_set_size (rows, kept);
}

/**
 * gw_kpi_compute:
 *
 * Returns: (transfer full): the table of rates, or %NULL
 */
GwKpiTable *
gw_kpi_compute (GwStore             *store,
                GwKpiGrouping        grouping,
                const GwCaseFilter  *filter,
                GDateTime           *now,
                GError             **error)
{
  g_autoptr (GwKpiTable) table = g_new0 (GwKpiTable, 1);
  g_autoptr (GDateTime) now_owned = NULL;
  g_autoptr (GArray) slots = g_array_new (FALSE, FALSE, sizeof (gint32));
  g_autoptr (GwCalendar) calendar = NULL;
  g_autofree char *now_text = NULL;
  Cases cases = { 0 };
  Count count = { 0 };
  gboolean ok;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (grouping <= GW_KPI_BY_DEPARTMENT, NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  if (!gw_case_filter_validate (filter, error))
    return NULL;
  if (now == NULL)
    now = now_owned = gw_now ();
  now_text = gw_format_timestamp (now);
  calendar = gw_calendar_load (store, error);
  if (calendar == NULL)
    return NULL;

  table->rows = g_array_new (FALSE, TRUE, sizeof (GwKpiRow));
  g_array_set_clear_func (table->rows, (GDestroyNotify) kpi_row_clear);
  table->total.name = g_strdup (_("All cases"));
  count.table = table;
  count.slot_of_key = slots;
  count.calendar = calendar;
  count.now_text = now_text;
  cases.ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  cases.rows = g_array_new (FALSE, FALSE, sizeof (gint32));

  ok = load_groups (store, grouping, &count, error)
       && read_cases (store, grouping, filter, now, &count, &cases, error)
       && count_response (store, &count, &cases, error);
  g_array_unref (cases.ids);
  g_array_unref (cases.rows);
  g_free (cases.marks);
  if (!ok)
    return NULL;
  if (grouping == GW_KPI_BY_WORKER || grouping == GW_KPI_BY_DEPARTMENT)
    drop_empty_rows (table->rows);
  return g_steal_pointer (&table);
}
