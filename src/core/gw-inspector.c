/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-inspector"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw-domain.h"
#include "gw-inspector.h"
#include "gw-store-private.h"
#include "gw-util.h"

/* Value objects: GTK list models hold GObjects, so the rows the inspector
 * shows are tiny final types whose fields are read directly. */

G_DEFINE_FINAL_TYPE (GwGridWorker, gw_grid_worker, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (GwHousehold, gw_household, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (GwResident, gw_resident, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (GwCaseSummary, gw_case_summary, G_TYPE_OBJECT)

static void
gw_grid_worker_finalize (GObject *object)
{
  GwGridWorker *self = GW_GRID_WORKER (object);

  g_free (self->name);
  g_free (self->phone);
  g_free (self->org);
  g_free (self->role);
  G_OBJECT_CLASS (gw_grid_worker_parent_class)->finalize (object);
}

static void
gw_grid_worker_class_init (GwGridWorkerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_grid_worker_finalize;
}

static void
gw_grid_worker_init (GwGridWorker *self)
{
}

static void
gw_household_finalize (GObject *object)
{
  GwHousehold *self = GW_HOUSEHOLD (object);

  g_free (self->address);
  g_free (self->building_name);
  g_free (self->room);
  g_free (self->dwelling_code);
  g_free (self->head_name);
  g_free (self->hukou);
  g_strfreev (self->tags);
  g_free (self->search_text);
  G_OBJECT_CLASS (gw_household_parent_class)->finalize (object);
}

static void
gw_household_class_init (GwHouseholdClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_household_finalize;
}

static void
gw_household_init (GwHousehold *self)
{
}

static void
gw_resident_finalize (GObject *object)
{
  GwResident *self = GW_RESIDENT (object);

  g_free (self->name);
  g_free (self->sex);
  g_free (self->birth_date);
  g_free (self->relation);
  g_free (self->id_number);
  g_free (self->phone);
  g_strfreev (self->tags);
  G_OBJECT_CLASS (gw_resident_parent_class)->finalize (object);
}

static void
gw_resident_class_init (GwResidentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_resident_finalize;
}

static void
gw_resident_init (GwResident *self)
{
}

static void
gw_case_summary_finalize (GObject *object)
{
  GwCaseSummary *self = GW_CASE_SUMMARY (object);

  g_free (self->code);
  g_free (self->category);
  g_free (self->subcategory);
  g_free (self->tier);
  g_free (self->status);
  g_free (self->description);
  g_free (self->assignee);
  g_free (self->reported_at);
  g_free (self->deadline_at);
  G_OBJECT_CLASS (gw_case_summary_parent_class)->finalize (object);
}

static void
gw_case_summary_class_init (GwCaseSummaryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_case_summary_finalize;
}

static void
gw_case_summary_init (GwCaseSummary *self)
{
}

void
gw_grid_summary_free (GwGridSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->code);
  g_free (summary->name);
  g_free (summary->community_code);
  g_free (summary->community_name);
  g_free (summary->street_name);
  g_free (summary);
}

void
gw_building_summary_free (GwBuildingSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->name);
  g_free (summary->address);
  g_free (summary->use);
  g_free (summary->lot_name);
  g_free (summary->grid_code);
  g_free (summary);
}

int
gw_household_band_status (gint64 n_households,
                          int    band_min,
                          int    band_max)
{
  if (n_households < band_min)
    return -1;
  if (n_households > band_max)
    return 1;
  return 0;
}

/* "disabled,elderly_alone" → a NULL-terminated vector in the canonical order
 * of gw_resident_tags. */
static char **
split_tags (const char *joined)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) parts = NULL;

  if (joined == NULL || *joined == '\0')
    return g_strv_builder_end (builder);

  parts = g_strsplit (joined, ",", -1);
  for (int i = 0; gw_resident_tags[i] != NULL; i++)
    if (g_strv_contains ((const char * const *) parts, gw_resident_tags[i]))
      g_strv_builder_add (builder, gw_resident_tags[i]);
  /* Tags of later versions we do not know yet are kept, after ours. */
  for (int i = 0; parts[i] != NULL; i++)
    if (!g_strv_contains (gw_resident_tags, parts[i]))
      g_strv_builder_add (builder, parts[i]);
  return g_strv_builder_end (builder);
}

static gboolean
step_done (GwStore      *store,
           int           rc,
           GError      **error)
{
  if (rc == SQLITE_DONE)
    return TRUE;
  gw_store_set_sql_error (store, error, _("Could not read the database"));
  return FALSE;
}

/**
 * gw_inspector_grid_summary:
 * @store: a #GwStore
 * @grid_id: the grid
 * @now: (nullable): the time overdue is judged at; %NULL for gw_now()
 * @error: a #GError
 *
 * Returns: (transfer full): the grid's figures, or %NULL with
 *   %GW_STORE_ERROR_NOT_FOUND if there is no such grid
 */
GwGridSummary *
gw_inspector_grid_summary (GwStore    *store,
                           gint64      grid_id,
                           GDateTime  *now,
                           GError    **error)
{
  g_autoptr (GDateTime) now_owned = NULL;
  g_autofree char *now_text = NULL;
  g_autoptr (GwGridSummary) summary = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  if (now == NULL)
    now = now_owned = gw_now ();
  now_text = gw_format_timestamp (now);

  stmt = gw_store_prepare_cached (store,
      "SELECT g.id, g.code, g.name, c.id, c.code, c.name, s.name, "
      "       coalesce (ST_Area (g.geom, 1), 0), "
      "       (SELECT count(*) FROM lots l WHERE l.grid_id = g.id), "
      "       (SELECT count(*) FROM lots l JOIN buildings b ON b.lot_id = l.id "
      "         WHERE l.grid_id = g.id), "
      "       (SELECT count(*) FROM lots l JOIN buildings b ON b.lot_id = l.id "
      "         JOIN dwellings d ON d.building_id = b.id WHERE l.grid_id = g.id), "
      "       (SELECT count(*) FROM lots l JOIN buildings b ON b.lot_id = l.id "
      "         JOIN dwellings d ON d.building_id = b.id "
      "         JOIN households h ON h.dwelling_id = d.id WHERE l.grid_id = g.id), "
      "       (SELECT count(*) FROM lots l JOIN buildings b ON b.lot_id = l.id "
      "         JOIN dwellings d ON d.building_id = b.id "
      "         JOIN households h ON h.dwelling_id = d.id "
      "         JOIN residents r ON r.household_id = h.id WHERE l.grid_id = g.id), "
      "       (SELECT count(DISTINCT worker_id) FROM grid_workers w WHERE w.grid_id = g.id), "
      "       (SELECT count(*) FROM cases k WHERE k.grid_id = g.id "
      "         AND k.status IN " GW_CASE_OPEN_STATUSES_SQL "), "
      "       (SELECT count(*) FROM cases k WHERE k.grid_id = g.id "
      "         AND k.status IN " GW_CASE_OPEN_STATUSES_SQL
      "         AND k.deadline_at IS NOT NULL AND k.deadline_at < ?2) "
      "  FROM grids g JOIN communities c ON c.id = g.community_id "
      "  JOIN streets s ON s.id = c.street_id "
      " WHERE g.id = ?1",
      error);
  if (stmt == NULL
      || !gw_store_bind_int64 (store, stmt, 1, grid_id, error)
      || !gw_store_bind_text (store, stmt, 2, now_text, error))
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
                   _("There is no grid with id %" PRId64 " in %s"),
                   grid_id, gw_store_get_path (store));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      gw_store_set_sql_error (store, error, _("Could not read the grid"));
      return NULL;
    }

  summary = g_new0 (GwGridSummary, 1);
  summary->id = sqlite3_column_int64 (stmt, 0);
  summary->code = gw_store_column_dup (stmt, 1);
  summary->name = gw_store_column_dup (stmt, 2);
  summary->community_id = sqlite3_column_int64 (stmt, 3);
  summary->community_code = gw_store_column_dup (stmt, 4);
  summary->community_name = gw_store_column_dup (stmt, 5);
  summary->street_name = gw_store_column_dup (stmt, 6);
  summary->area_m2 = sqlite3_column_double (stmt, 7);
  summary->n_lots = sqlite3_column_int64 (stmt, 8);
  summary->n_buildings = sqlite3_column_int64 (stmt, 9);
  summary->n_dwellings = sqlite3_column_int64 (stmt, 10);
  summary->n_households = sqlite3_column_int64 (stmt, 11);
  summary->n_residents = sqlite3_column_int64 (stmt, 12);
  summary->n_workers = sqlite3_column_int64 (stmt, 13);
  summary->n_open_cases = sqlite3_column_int64 (stmt, 14);
  summary->n_overdue_cases = sqlite3_column_int64 (stmt, 15);
  sqlite3_reset (stmt);

  return g_steal_pointer (&summary);
}

/**
 * gw_inspector_building_summary:
 *
 * Returns: (transfer full): the building's figures, or %NULL with
 *   %GW_STORE_ERROR_NOT_FOUND
 */
GwBuildingSummary *
gw_inspector_building_summary (GwStore  *store,
                               gint64    building_id,
                               GError  **error)
{
  g_autoptr (GwBuildingSummary) summary = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  stmt = gw_store_prepare_cached (store,
      "SELECT b.id, b.name, b.address, b.use, b.floors, b.units, l.id, l.name, "
      "       g.id, g.code, "
      "       (SELECT count(*) FROM dwellings d WHERE d.building_id = b.id), "
      "       (SELECT count(*) FROM dwellings d JOIN households h ON h.dwelling_id = d.id "
      "         WHERE d.building_id = b.id), "
      "       (SELECT count(*) FROM dwellings d JOIN households h ON h.dwelling_id = d.id "
      "         JOIN residents r ON r.household_id = h.id WHERE d.building_id = b.id) "
      "  FROM buildings b JOIN lots l ON l.id = b.lot_id "
      "  LEFT JOIN grids g ON g.id = l.grid_id "
      " WHERE b.id = ?",
      error);
  if (stmt == NULL || !gw_store_bind_int64 (store, stmt, 1, building_id, error))
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
                   _("There is no building with id %" PRId64 " in %s"),
                   building_id, gw_store_get_path (store));
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      gw_store_set_sql_error (store, error, _("Could not read the building"));
      return NULL;
    }

  summary = g_new0 (GwBuildingSummary, 1);
  summary->id = sqlite3_column_int64 (stmt, 0);
  summary->name = gw_store_column_dup (stmt, 1);
  summary->address = gw_store_column_dup (stmt, 2);
  summary->use = gw_store_column_dup (stmt, 3);
  summary->floors = sqlite3_column_int (stmt, 4);
  summary->units = sqlite3_column_int (stmt, 5);
  summary->lot_id = sqlite3_column_int64 (stmt, 6);
  summary->lot_name = gw_store_column_dup (stmt, 7);
  summary->grid_id = sqlite3_column_int64 (stmt, 8);
  summary->grid_code = gw_store_column_dup (stmt, 9);
  summary->n_dwellings = sqlite3_column_int64 (stmt, 10);
  summary->n_households = sqlite3_column_int64 (stmt, 11);
  summary->n_residents = sqlite3_column_int64 (stmt, 12);
  sqlite3_reset (stmt);

  return g_steal_pointer (&summary);
}

static int
compare_grid_workers (gconstpointer a,
                      gconstpointer b)
{
  const GwGridWorker *worker_a = *(GwGridWorker * const *) a;
  const GwGridWorker *worker_b = *(GwGridWorker * const *) b;

  if (worker_a->is_first != worker_b->is_first)
    return worker_a->is_first ? -1 : 1;
  if (gw_worker_role_rank (worker_a->role) != gw_worker_role_rank (worker_b->role))
    return gw_worker_role_rank (worker_a->role) - gw_worker_role_rank (worker_b->role);
  return g_strcmp0 (worker_a->name, worker_b->name);
}

/**
 * gw_inspector_grid_workers:
 *
 * The grid's responsible team (一格多员), first responsible person first.
 * Phones are public: they are on the grid's notice board.
 *
 * Returns: (transfer container) (element-type GwGridWorker): the workers
 */
GPtrArray *
gw_inspector_grid_workers (GwStore  *store,
                           gint64    grid_id,
                           GError  **error)
{
  g_autoptr (GPtrArray) workers = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  stmt = gw_store_prepare_cached (store,
      "SELECT w.id, w.name, w.phone, w.org, gw.role, gw.is_first, "
      "       (SELECT count(*) FROM cases k WHERE k.worker_id = w.id "
      "         AND k.status IN " GW_CASE_OPEN_STATUSES_SQL ") "
      "  FROM grid_workers gw JOIN workers w ON w.id = gw.worker_id "
      " WHERE gw.grid_id = ?",
      error);
  if (stmt == NULL || !gw_store_bind_int64 (store, stmt, 1, grid_id, error))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwGridWorker *worker = g_object_new (GW_TYPE_GRID_WORKER, NULL);

      worker->worker_id = sqlite3_column_int64 (stmt, 0);
      worker->name = gw_store_column_dup (stmt, 1);
      worker->phone = gw_store_column_dup (stmt, 2);
      worker->org = gw_store_column_dup (stmt, 3);
      worker->role = gw_store_column_dup (stmt, 4);
      worker->is_first = sqlite3_column_int (stmt, 5) != 0;
      worker->n_open_cases = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (workers, worker);
    }
  if (!step_done (store, rc, error))
    return NULL;

  g_ptr_array_sort (workers, compare_grid_workers);
  return g_steal_pointer (&workers);
}

#define HOUSEHOLD_COLUMNS \
  "SELECT h.id, b.id, b.address, b.name, d.unit, d.floor, d.room, d.code, h.head_name, h.hukou, " \
  "       (SELECT count(*) FROM residents r WHERE r.household_id = h.id), " \
  "       (SELECT group_concat (DISTINCT t.tag) FROM residents r " \
  "         JOIN resident_tags t ON t.resident_id = r.id WHERE r.household_id = h.id) "

static char *
household_search_text (GwHousehold *household)
{
  GString *text = g_string_new (NULL);
  g_autofree char *folded = NULL;

  g_string_append_printf (text, "%s %s %d-%s %s %s %s",
                          household->address, household->building_name,
                          household->unit, household->room,
                          household->dwelling_code, household->head_name,
                          gw_household_hukou_label (household->hukou));
  for (int i = 0; household->tags[i] != NULL; i++)
    g_string_append_printf (text, " %s %s", household->tags[i],
                            gw_resident_tag_label (household->tags[i]));
  folded = g_utf8_casefold (text->str, -1);
  g_string_free (text, TRUE);
  return g_steal_pointer (&folded);
}

/**
 * gw_inspector_households:
 * @grid_id: a grid, or 0
 * @building_id: a building, or 0
 *
 * Households of a grid or of a building, ordered by building, unit, floor
 * and room.
 *
 * Returns: (transfer container) (element-type GwHousehold): the households
 */
GPtrArray *
gw_inspector_households (GwStore  *store,
                         gint64    grid_id,
                         gint64    building_id,
                         GError  **error)
{
  g_autoptr (GPtrArray) households = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail ((grid_id != 0) != (building_id != 0), NULL);

  if (grid_id != 0)
    stmt = gw_store_prepare_cached (store,
        HOUSEHOLD_COLUMNS
        "  FROM lots l JOIN buildings b ON b.lot_id = l.id "
        "  JOIN dwellings d ON d.building_id = b.id "
        "  JOIN households h ON h.dwelling_id = d.id "
        " WHERE l.grid_id = ? "
        " ORDER BY b.id, d.unit, d.floor, d.room, h.id",
        error);
  else
    stmt = gw_store_prepare_cached (store,
        HOUSEHOLD_COLUMNS
        "  FROM buildings b JOIN dwellings d ON d.building_id = b.id "
        "  JOIN households h ON h.dwelling_id = d.id "
        " WHERE b.id = ? "
        " ORDER BY d.unit, d.floor, d.room, h.id",
        error);
  if (stmt == NULL || !gw_store_bind_int64 (store, stmt, 1, grid_id != 0 ? grid_id : building_id, error))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwHousehold *household = g_object_new (GW_TYPE_HOUSEHOLD, NULL);

      household->id = sqlite3_column_int64 (stmt, 0);
      household->building_id = sqlite3_column_int64 (stmt, 1);
      household->address = gw_store_column_dup (stmt, 2);
      household->building_name = gw_store_column_dup (stmt, 3);
      household->unit = sqlite3_column_int (stmt, 4);
      household->floor = sqlite3_column_int (stmt, 5);
      household->room = gw_store_column_dup (stmt, 6);
      household->dwelling_code = gw_store_column_dup (stmt, 7);
      household->head_name = gw_store_column_dup (stmt, 8);
      household->hukou = gw_store_column_dup (stmt, 9);
      household->n_members = sqlite3_column_int (stmt, 10);
      household->tags = split_tags ((const char *) sqlite3_column_text (stmt, 11));
      household->search_text = household_search_text (household);
      g_ptr_array_add (households, household);
    }
  if (!step_done (store, rc, error))
    return NULL;

  return g_steal_pointer (&households);
}

static int
age_at (const char *birth_date,
        GDateTime  *now)
{
  int year, month, day, age;

  if (birth_date == NULL || sscanf (birth_date, "%d-%d-%d", &year, &month, &day) != 3)
    return -1;
  age = g_date_time_get_year (now) - year;
  if (g_date_time_get_month (now) < month
      || (g_date_time_get_month (now) == month && g_date_time_get_day_of_month (now) < day))
    age--;
  return age;
}

/**
 * gw_inspector_residents:
 * @unmask: show ID numbers and phones in full (only for roles that may)
 *
 * Returns: (transfer container) (element-type GwResident): the members
 */
GPtrArray *
gw_inspector_residents (GwStore    *store,
                        gint64      household_id,
                        gboolean    unmask,
                        GDateTime  *now,
                        GError    **error)
{
  g_autoptr (GPtrArray) residents = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GDateTime) now_owned = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  if (now == NULL)
    now = now_owned = gw_now ();

  stmt = gw_store_prepare_cached (store,
      "SELECT r.id, r.name, r.sex, r.birth_date, r.relation, r.id_number, r.phone, "
      "       (SELECT group_concat (t.tag) FROM resident_tags t WHERE t.resident_id = r.id) "
      "  FROM residents r WHERE r.household_id = ? "
      " ORDER BY r.relation <> 'head', r.birth_date, r.id",
      error);
  if (stmt == NULL || !gw_store_bind_int64 (store, stmt, 1, household_id, error))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwResident *resident = g_object_new (GW_TYPE_RESIDENT, NULL);
      const char *id_number = (const char *) sqlite3_column_text (stmt, 5);
      const char *phone = (const char *) sqlite3_column_text (stmt, 6);

      resident->id = sqlite3_column_int64 (stmt, 0);
      resident->name = gw_store_column_dup (stmt, 1);
      resident->sex = gw_store_column_dup (stmt, 2);
      resident->birth_date = gw_store_column_dup (stmt, 3);
      resident->age = age_at (resident->birth_date, now);
      resident->relation = gw_store_column_dup (stmt, 4);
      resident->id_number = unmask ? g_strdup (id_number ? id_number : "") : gw_mask_id_number (id_number);
      resident->phone = unmask ? g_strdup (phone ? phone : "") : gw_mask_phone (phone);
      resident->tags = split_tags ((const char *) sqlite3_column_text (stmt, 7));
      g_ptr_array_add (residents, resident);
    }
  if (!step_done (store, rc, error))
    return NULL;

  return g_steal_pointer (&residents);
}

/**
 * gw_inspector_open_cases:
 *
 * Returns: (transfer container) (element-type GwCaseSummary): open cases,
 *   overdue first, then by deadline
 */
GPtrArray *
gw_inspector_open_cases (GwStore    *store,
                         gint64      grid_id,
                         GDateTime  *now,
                         GError    **error)
{
  g_autoptr (GPtrArray) cases = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GDateTime) now_owned = NULL;
  g_autofree char *now_text = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  if (now == NULL)
    now = now_owned = gw_now ();
  now_text = gw_format_timestamp (now);

  stmt = gw_store_prepare_cached (store,
      "SELECT k.id, k.code, k.category, k.subcategory, k.tier, k.status, k.description, "
      "       coalesce (w.name, d.name, ''), k.reported_at, k.deadline_at, "
      "       k.deadline_at IS NOT NULL AND k.deadline_at < ?2 AS overdue, k.version "
      "  FROM cases k LEFT JOIN workers w ON w.id = k.worker_id "
      "  LEFT JOIN departments d ON d.id = k.department_id "
      " WHERE k.grid_id = ?1 AND k.status IN " GW_CASE_OPEN_STATUSES_SQL
      " ORDER BY overdue DESC, k.deadline_at IS NULL, k.deadline_at, k.id",
      error);
  if (stmt == NULL
      || !gw_store_bind_int64 (store, stmt, 1, grid_id, error)
      || !gw_store_bind_text (store, stmt, 2, now_text, error))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwCaseSummary *summary = g_object_new (GW_TYPE_CASE_SUMMARY, NULL);
      g_autoptr (GDateTime) reported = NULL;

      summary->id = sqlite3_column_int64 (stmt, 0);
      summary->code = gw_store_column_dup (stmt, 1);
      summary->category = gw_store_column_dup (stmt, 2);
      summary->subcategory = gw_store_column_dup (stmt, 3);
      summary->tier = gw_store_column_dup (stmt, 4);
      summary->status = gw_store_column_dup (stmt, 5);
      summary->description = gw_store_column_dup (stmt, 6);
      summary->assignee = gw_store_column_dup (stmt, 7);
      summary->reported_at = gw_store_column_dup (stmt, 8);
      summary->deadline_at = gw_store_column_dup_nullable (stmt, 9);
      summary->overdue = sqlite3_column_int (stmt, 10) != 0;
      summary->version = sqlite3_column_int64 (stmt, 11);
      reported = gw_parse_timestamp (summary->reported_at);
      if (reported != NULL)
        summary->age_days = g_date_time_difference (now, reported) / (double) G_TIME_SPAN_DAY;
      g_ptr_array_add (cases, summary);
    }
  if (!step_done (store, rc, error))
    return NULL;

  return g_steal_pointer (&cases);
}

/**
 * gw_inspector_find_grid:
 *
 * Returns: the id of the grid with @code, 0 if there is none (not an error)
 */
gint64
gw_inspector_find_grid (GwStore     *store,
                        const char  *code,
                        GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), 0);
  g_return_val_if_fail (code != NULL, 0);

  stmt = gw_store_prepare_cached (store, "SELECT id FROM grids WHERE code = ?", error);
  if (stmt == NULL || !gw_store_bind_text (store, stmt, 1, code, error))
    return 0;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (!step_done (store, rc, error))
    return 0;
  sqlite3_reset (stmt);
  return id;
}
