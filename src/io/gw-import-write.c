/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-io"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-address.h"
#include "gw-case-import.h"
#include "gw-domain.h"
#include "gw-grid-lots.h"
#include "gw-import-private.h"
#include "gw-topology.h"
#include "gw-util.h"

/* Records into rows through the core writer, one function per target;
 * a row the schema refuses rejects its feature. New grids get their lots
 * at the end. */

/* Whether @text is one of the space-separated @keys. */
static gboolean
one_of (const char *text,
        const char *keys)
{
  gsize len;

  if (text == NULL || *text == '\0')
    return FALSE;
  len = strlen (text);
  for (const char *k = keys; *k != '\0';)
    {
      const char *end = strchr (k, ' ');
      gsize n = end != NULL ? (gsize) (end - k) : strlen (k);

      if (n == len && strncmp (k, text, n) == 0)
        return TRUE;
      k += n;
      while (*k == ' ')
        k++;
    }
  return FALSE;
}

/* Chinese values of registers to Gridwork's keys; NULL when unknown. */
static const char *
key_of (const char *text,
        const char *const table[][2])
{
  if (text == NULL)
    return NULL;
  for (guint i = 0; table[i][0] != NULL; i++)
    if (strcmp (text, table[i][0]) == 0 || strcmp (text, table[i][1]) == 0)
      return table[i][1];
  return NULL;
}

static const char *const relation_keys[][2] = {
  { "户主", "head" }, { "本人", "head" }, { "配偶", "spouse" }, { "妻", "spouse" }, { "夫", "spouse" },
  { "子女", "child" }, { "儿子", "child" }, { "女儿", "child" }, { "子", "child" }, { "女", "child" },
  { "父母", "parent" }, { "父亲", "parent" }, { "母亲", "parent" }, { "孙子女", "grandchild" },
  { "孙子", "grandchild" }, { "孙女", "grandchild" }, { "其他", "other" }, { NULL, NULL },
};

static const char *const hukou_keys[][2] = {
  { "本地", "local" }, { "户籍", "local" }, { "户籍人口", "local" }, { "常住", "local" },
  { "常住人口", "local" }, { "流动", "floating" }, { "外来", "floating" }, { "流动人口", "floating" },
  { "外来人口", "floating" }, { "人户分离", "separated" }, { NULL, NULL },
};

/* Whether the writer wrote the record's row. A row the schema refuses (a
 * duplicate code, a bad length …) is the feature's problem, not the
 * import's: it is rejected and the import goes on. */
gboolean
gw_import_written (Import    *imp,
                   Record    *record,
                   gboolean   ok,
                   GError   **local_error,
                   gboolean  *rejected,
                   GError   **error)
{
  gboolean ignored;

  /* @local_error is read here, after the write that set it: a value
   * argument would be read in an unspecified order with the call. */
  if (rejected == NULL)
    rejected = &ignored;
  *rejected = FALSE;
  if (ok)
    {
      imp->report->n_imported++;
      return TRUE;
    }
  if (g_error_matches (*local_error, GW_STORE_ERROR, GW_STORE_ERROR_CONSTRAINT))
    {
      g_autofree char *reason = g_strdup_printf (_("refused by the database: %s"),
                                                 (*local_error)->message);

      gw_import_reject_row (imp, record, reason);
      g_clear_error (local_error);
      *rejected = TRUE;
      return TRUE;
    }
  if (g_error_matches (*local_error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED))
    {
      /* The importing user may not act where the feature lies. */
      gw_import_reject_row (imp, record, (*local_error)->message);
      g_clear_error (local_error);
      *rejected = TRUE;
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (local_error));
  return FALSE;
}

/* The leading number of @field as a whole count ("5层" is 5, no text
 * @fallback), or FALSE with the record rejected when it is beyond @min ..
 * @max: "1e300" floors are a broken cell, not a building to store as
 * 9223372036854775807 floors. */
static gboolean
bounded_integer (Import     *imp,
                 Record     *record,
                 const char *field,
                 gint64      fallback,
                 gint64      min,
                 gint64      max,
                 gint64     *value)
{
  const char *text = gw_import_value (imp, record, field);
  char *end = NULL;
  double number;

  *value = fallback;
  if (text == NULL)
    return TRUE;
  number = g_ascii_strtod (text, &end);
  if (end == text)
    return TRUE;
  if (!isfinite (number) || number < min || number > max)
    {
      g_autofree char *reason = g_strdup_printf (_("%s “%s” is not between %lld and %lld"), field,
                                                 text, (long long) min, (long long) max);

      gw_import_reject_row (imp, record, reason);
      return FALSE;
    }
  *value = (gint64) number;
  return TRUE;
}

/* Rejects the record when nothing of the database holds it (@id is 0). */
static gboolean
outside (Import     *imp,
         Record     *record,
         gint64      id,
         const char *reason)
{
  if (id != 0)
    return FALSE;
  gw_import_reject_outside (imp, record, reason);
  return TRUE;
}

static gboolean
write_lot (Import  *imp,
           Record  *record,
           GError **error)
{
  GError *local_error = NULL;
  GwLotRow row = { 0 };
  const char *kind = gw_import_value (imp, record, "kind");

  if (!gw_import_locate (imp, GW_GEOMETRY_GRIDS, record, &row.grid_id, &row.community_id, error))
    return FALSE;
  if (row.grid_id == 0
      && !gw_import_locate (imp, GW_GEOMETRY_COMMUNITIES, record, &row.community_id, NULL, error))
    return FALSE;
  if (outside (imp, record, row.community_id,
               _("outside the street: in none of the database's communities")))
    return TRUE;
  row.name = gw_import_value (imp, record, "name") ?: "";
  row.kind = one_of (kind, "compound shops public open") ? kind : "compound";
  row.extra = record->extra;
  row.wkb = g_bytes_get_data (record->wkb, &row.wkb_len);
  return gw_import_written (imp, record, gw_writer_add_lot (imp->writer, &row, NULL, &local_error),
                  &local_error, NULL, error);
}

static gboolean
write_building (Import  *imp,
                Record  *record,
                GError **error)
{
  GError *local_error = NULL;
  GwBuildingRow row = { 0 };
  const char *use = gw_import_value (imp, record, "use");
  gboolean rejected;
  gint64 id = 0;

  if (!gw_import_find_duplicate (imp, record, &id, error))
    return FALSE;
  if (id != 0)
    {
      g_autofree char *reason = g_strdup_printf (_("duplicate of building %lld already in the database"),
                                                 (long long) id);
      gw_import_reject (imp, record->fid, reason);
      return TRUE;
    }
  /* In its lot, or kept in a lot of its own outside every grid. */
  if (!gw_import_place_building (imp, record, &row.lot_id, error))
    return FALSE;
  if (row.lot_id == 0)
    return TRUE;
  row.name = gw_import_value (imp, record, "name") ?: "";
  row.address = gw_import_value (imp, record, "address") ?: "";
  row.use = one_of (use, "residential mixed shop public") ? use : "residential";
  /* The tallest towers have about 160 floors; years are AD, 0 unknown. */
  if (!bounded_integer (imp, record, "floors", 1, 0, 300, &row.floors)
      || !bounded_integer (imp, record, "units", 1, 0, 1000, &row.units)
      || !bounded_integer (imp, record, "built_year", 0, 0, 2100, &row.built_year))
    return TRUE;
  row.floors = MAX (1, row.floors);
  row.units = MAX (1, row.units);
  row.extra = record->extra;
  row.wkb = g_bytes_get_data (record->wkb, &row.wkb_len);
  if (!gw_import_written (imp, record, gw_writer_add_building (imp->writer, &row, &id, &local_error),
                &local_error, &rejected, error))
    return FALSE;
  if (!rejected)
    {
      /* Later features of the file are checked against it too. */
      Box box = { id, record->env.MinX, record->env.MaxX, record->env.MinY, record->env.MaxY,
                  NULL };

      gw_import_boxes_add (imp->boxes, &box);
    }
  return TRUE;
}

static gboolean
write_road (Import  *imp,
            Record  *record,
            GError **error)
{
  GError *local_error = NULL;
  GwRoadRow row = { 0 };
  const char *klass = gw_import_value (imp, record, "class");
  gint64 id = 0;

  if (imp->has_communities)
    {
      GwBBox box = { record->env.MinX, record->env.MinY, record->env.MaxX, record->env.MaxY };
      gsize len;
      const guint8 *wkb = g_bytes_get_data (record->wkb, &len);

      if (!gw_import_store_find_community_crossing (imp->lookups, &box, wkb, len, &id, error))
        return FALSE;
      if (outside (imp, record, id,
                   _("outside the street: crosses none of the database's communities")))
        return TRUE;
    }
  row.name = gw_import_value (imp, record, "name") ?: "";
  row.road_class = one_of (klass, "main secondary lane") ? klass : "lane";
  row.extra = record->extra;
  row.wkb = g_bytes_get_data (record->wkb, &row.wkb_len);
  return gw_import_written (imp, record, gw_writer_add_road (imp->writer, &row, NULL, &local_error),
                  &local_error, NULL, error);
}

static const char *const role_keys[][2] = {
  { "网格党支部书记", "party_branch" }, { "党支部书记", "party_branch" }, { "党支部", "party_branch" },
  { "党员", "party_branch" }, { "第一责任人", "party_branch" }, { "街道干部", "street_cadre" },
  { "包片干部", "street_cadre" }, { "社区干部", "community_cadre" }, { "网格员", "community_cadre" },
  { "网格长", "community_cadre" }, { "楼长", "building_leader" }, { "楼栋长", "building_leader" },
  { "民警", "police" }, { "社区民警", "police" }, { "警员", "police" }, { "志愿者", "volunteer" },
  { "社工", "social_worker" }, { "社会工作者", "social_worker" }, { NULL, NULL },
};

/* The grid a worker's row names (by code or name); 0 and a rejection
 * when it names none or several. */
static gboolean
worker_grid (Import      *imp,
             Record      *record,
             const char  *grid,
             gint64      *grid_id,
             GError     **error)
{
  guint n_named;
  g_autofree char *reason = NULL;

  if (!gw_topology_find_grid (imp->store, grid, grid_id, &n_named, error))
    return FALSE;
  if (*grid_id != 0)
    return TRUE;
  reason = n_named > 1
           ? g_strdup_printf (_("%u grids are named “%s”: give the grid code"), n_named, grid)
           : g_strdup_printf (_("no grid has the code or name “%s”"), grid);
  gw_import_reject (imp, record->fid, reason);
  return TRUE;
}

/* A worker, and their place in a grid's team when the row names one. The
 * same person (name and phone) in several rows of a team sheet is one
 * worker in several teams; one already in the database is taken when the
 * row names a grid. */
static gboolean
write_worker (Import  *imp,
              Record  *record,
              GError **error)
{
  GError *local_error = NULL;
  GwWorkerRow row = { 0 };
  const char *grid = gw_import_value (imp, record, "grid");
  const char *role_text = gw_import_value (imp, record, "role");
  const char *role = key_of (role_text, role_keys) ?: "community_cadre";
  g_autofree char *key = NULL;
  gint64 grid_id = 0, worker_id = 0;
  gboolean rejected = FALSE;

  row.name = gw_import_value (imp, record, "name");
  row.phone = gw_import_value (imp, record, "phone") ?: "";
  row.org = gw_import_value (imp, record, "org") ?: "";
  row.extra = record->extra;
  if (grid != NULL && !worker_grid (imp, record, grid, &grid_id, error))
    return FALSE;
  if (grid != NULL && grid_id == 0)
    return TRUE;
  if (role_text != NULL && key_of (role_text, role_keys) == NULL)
    gw_import_add_line (imp, _("feature %lld: role “%s” is not one of Gridwork’s; taken as a "
                               "community cadre"), (long long) record->fid, role_text);
  key = g_strdup_printf ("%s\x1f%s", row.name, row.phone);
  worker_id = GPOINTER_TO_SIZE (g_hash_table_lookup (imp->workers, key));
  if (worker_id == 0 && grid_id != 0
      && !gw_topology_find_worker (imp->store, row.name, row.phone, &worker_id, error))
    return FALSE;
  if (worker_id == 0)
    {
      if (!gw_writer_add_worker (imp->writer, &row, &worker_id, &local_error))
        return gw_import_written (imp, record, FALSE, &local_error, NULL, error);
      g_hash_table_insert (imp->workers, g_steal_pointer (&key), GSIZE_TO_POINTER ((gsize) worker_id));
    }
  if (grid_id == 0)
    return gw_import_written (imp, record, TRUE, &local_error, NULL, error);
  return gw_import_written (imp, record,
                            gw_writer_add_grid_worker (imp->writer, grid_id, worker_id, role,
                                                       strcmp (role, "party_branch") == 0,
                                                       &local_error),
                            &local_error, &rejected, error);
}

static const char *const level_keys[][2] = {
  { "区", "district" }, { "区级", "district" }, { "区直", "district" }, { "街道", "street" },
  { "街道级", "street" }, { "街", "street" }, { NULL, NULL },
};

static gboolean
write_department (Import  *imp,
                  Record  *record,
                  GError **error)
{
  GError *local_error = NULL;
  GwDepartmentRow row = { 0 };

  row.name = gw_import_value (imp, record, "name");
  row.phone = gw_import_value (imp, record, "phone") ?: "";
  row.level = key_of (gw_import_value (imp, record, "level"), level_keys) ?: "district";
  return gw_import_written (imp, record,
                            gw_writer_add_department (imp->writer, &row, NULL, &local_error),
                            &local_error, NULL, error);
}

/* A number of the register's own columns: "3", "三", "3单元", "302室";
 * NULL when it is none. */
static char *
register_number (const char *text,
                 const char *suffixes)
{
  g_autofree char *stripped = g_strdup (text);
  g_auto (GStrv) ends = g_strsplit (suffixes, " ", -1);

  for (guint i = 0; ends[i] != NULL; i++)
    if (g_str_has_suffix (stripped, ends[i]))
      stripped[strlen (stripped) - strlen (ends[i])] = '\0';
  return gw_address_numeral (stripped);
}

/* The row's address, with its building, unit and room columns over what
 * the address says; NULL and @reason when it cannot be read. */
static GwAddress *
register_address (Import      *imp,
                  Record      *record,
                  const char  *text,
                  char       **reason)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GwAddress) address = gw_address_parse (text, &local_error);
  const char *building = gw_import_value (imp, record, "building");
  const char *unit = gw_import_value (imp, record, "unit");
  const char *room = gw_import_value (imp, record, "room");

  if (address == NULL)
    {
      *reason = g_strdup (local_error->message);
      return NULL;
    }
  if (building != NULL)
    {
      g_free (address->building);
      address->building = gw_address_building_key (building);
    }
  if (unit != NULL)
    {
      g_autofree char *value = register_number (unit, "单元");

      if (value == NULL || g_ascii_strtoll (value, NULL, 10) < 1)
        {
          *reason = g_strdup_printf (_("cannot read the unit “%s”"), unit);
          return NULL;
        }
      address->unit = g_ascii_strtoll (value, NULL, 10);
    }
  if (room != NULL)
    {
      g_free (address->room);
      address->room = register_number (room, "室 户 号");
      if (address->room == NULL)
        {
          *reason = g_strdup_printf (_("cannot read the room “%s”"), room);
          return NULL;
        }
    }
  return g_steal_pointer (&address);
}

/* A dwelling for a room the register names in a building that has no such
 * room yet, coded like the street's own. */
static gboolean
create_dwelling (Import                 *imp,
                 const GwRegisterPlace  *place,
                 const char             *room,
                 gint64                 *dwelling_id,
                 GError                **error)
{
  g_autofree char *code = NULL;
  GwDwellingRow row = { 0 };

  if (!gw_import_store_new_dwelling_code (imp->lookups, place, room, &code, error))
    return FALSE;
  row.building_id = place->building_id;
  row.code = code;
  row.unit = place->unit;
  row.floor = place->floor;
  row.room = room;
  row.area_m2 = NAN;
  if (!gw_writer_add_dwelling (imp->writer, &row, dwelling_id, error))
    return FALSE;
  imp->report->n_dwellings_created++;
  return TRUE;
}

/* The dwelling a register's row names, by its code or by its address, and
 * what to call it (@where). Households (@create) get a dwelling made for a
 * room their building lacks. A row that names none is rejected (@rejected)
 * with the reason. */
static gboolean
register_dwelling (Import    *imp,
                   Record    *record,
                   gboolean   create,
                   gint64    *dwelling_id,
                   char     **where,
                   gboolean  *rejected,
                   GError   **error)
{
  const char *code = gw_import_value (imp, record, "dwelling_code");
  const char *text = gw_import_value (imp, record, "address");
  g_autofree char *reason = NULL;
  g_autoptr (GwAddress) address = NULL;
  GwRegisterPlace place = { 0 };
  gboolean ok = TRUE;

  *dwelling_id = 0;
  *rejected = FALSE;
  if (code != NULL)
    {
      if (!gw_import_store_find_dwelling (imp->lookups, code, dwelling_id, error))
        return FALSE;
      if (*dwelling_id == 0)
        reason = g_strdup_printf (_("no dwelling has the code %s"), code);
      *where = g_strdup (code);
    }
  else if (text == NULL)
    reason = g_strdup (_("neither a dwelling code nor an address"));
  else if ((address = register_address (imp, record, text, &reason)) != NULL)
    {
      if (!gw_import_store_find_place (imp->lookups, address, &place, &reason, error))
        return FALSE;
      *dwelling_id = place.dwelling_id;
      *where = g_steal_pointer (&place.place);
      if (reason == NULL && *dwelling_id == 0 && create)
        ok = create_dwelling (imp, &place, address->room, dwelling_id, error);
      gw_register_place_clear (&place);
    }
  if (reason != NULL)
    {
      gw_import_reject_row (imp, record, reason);
      *rejected = TRUE;
    }
  return ok;
}

static gboolean
write_household (Import  *imp,
                 Record  *record,
                 GError **error)
{
  GError *local_error = NULL;
  GwHouseholdRow row = { 0 };
  const char *size = gw_import_value (imp, record, "size");
  const char *hukou = gw_import_value (imp, record, "hukou");
  g_autofree char *where = NULL;
  g_autofree char *size_value = size != NULL ? register_number (size, "人 口") : NULL;
  gboolean rejected;

  if (size != NULL && (size_value == NULL || g_ascii_strtoll (size_value, NULL, 10) < 1))
    {
      g_autofree char *reason = g_strdup_printf (_("cannot read the household size “%s”"), size);

      gw_import_reject_row (imp, record, reason);
      return TRUE;
    }
  if (!register_dwelling (imp, record, TRUE, &row.dwelling_id, &where, &rejected, error))
    return FALSE;
  if (rejected)
    return TRUE;
  row.head_name = gw_import_value (imp, record, "head_name");
  row.phone = gw_import_value (imp, record, "phone");
  row.hukou = key_of (hukou, hukou_keys) ?: "local";
  if (hukou != NULL && key_of (hukou, hukou_keys) == NULL)
    gw_import_add_line (imp, _("feature %lld: hukou kind “%s” is not one of 户籍, 流动, 人户分离; "
                               "taken as local"), (long long) record->fid, hukou);
  row.number = gw_import_value (imp, record, "number");
  row.size = size_value != NULL ? g_ascii_strtoll (size_value, NULL, 10) : 0;
  row.extra = record->extra;
  return gw_import_written (imp, record, gw_writer_add_household (imp->writer, &row, NULL, &local_error),
                  &local_error, NULL, error);
}

/* The household of a resident's row: by its number, or by the dwelling
 * and the head of household (the resident, when they are the head). */
static gboolean
resident_household (Import      *imp,
                    Record      *record,
                    const char  *relation,
                    gint64      *household_id,
                    GError     **error)
{
  const char *number = gw_import_value (imp, record, "household");
  const char *head = gw_import_value (imp, record, "head");
  g_autofree char *where = NULL;
  g_autofree char *reason = NULL;
  gint64 dwelling_id = 0;
  gboolean rejected = FALSE;

  *household_id = 0;
  if (number == NULL
      && !register_dwelling (imp, record, FALSE, &dwelling_id, &where, &rejected, error))
    return FALSE;
  if (rejected)
    return TRUE;
  if (head == NULL && g_strcmp0 (relation, "head") == 0)
    head = gw_import_value (imp, record, "name");
  if (!gw_import_store_find_household (imp->lookups, number, dwelling_id, where, head, household_id,
                                       &reason, error))
    return FALSE;
  if (reason != NULL)
    gw_import_reject_row (imp, record, reason);
  return TRUE;
}

static gboolean
write_resident (Import  *imp,
                Record  *record,
                GError **error)
{
  GError *local_error = NULL;
  GwResidentRow row = { 0 };
  const char *id_number = gw_import_value (imp, record, "id_number");
  const char *sex = gw_import_value (imp, record, "sex");
  const char *birth = gw_import_value (imp, record, "birth_date");
  g_autofree char *birth_from_id = NULL;
  g_autofree char *id_problem = NULL;
  const char *sex_code = NULL;

  /* GB 11643: a mistyped ID number is the row's to fix, not to keep. */
  if (id_number != NULL && !gw_id_number_check (id_number, &id_problem))
    {
      gw_import_reject_row (imp, record, id_problem);
      return TRUE;
    }
  row.relation = key_of (gw_import_value (imp, record, "relation"), relation_keys) ?: "other";
  if (!resident_household (imp, record, row.relation, &row.household_id, error))
    return FALSE;
  if (row.household_id == 0)
    return TRUE;
  /* 18-digit resident ID numbers carry the birth date and the sex. */
  if (id_number != NULL)
    {
      birth_from_id = g_strdup_printf ("%.4s-%.2s-%.2s", id_number + 6, id_number + 10, id_number + 12);
      sex_code = (id_number[16] - '0') % 2 == 1 ? "M" : "F";
    }
  if (sex != NULL)
    sex_code = (strcmp (sex, "男") == 0 || g_ascii_strcasecmp (sex, "M") == 0) ? "M"
               : (strcmp (sex, "女") == 0 || g_ascii_strcasecmp (sex, "F") == 0) ? "F" : sex_code;
  if (birth == NULL)
    birth = birth_from_id;
  if (sex_code == NULL || birth == NULL)
    {
      gw_import_reject_row (imp, record, _("no sex or birth date (nor an 18-digit ID number)"));
      return TRUE;
    }
  row.name = gw_import_value (imp, record, "name");
  row.sex = sex_code;
  row.birth_date = birth;
  row.id_number = id_number;
  row.phone = gw_import_value (imp, record, "phone");
  row.extra = record->extra;
  return gw_import_written (imp, record, gw_writer_add_resident (imp->writer, &row, NULL, &local_error),
                  &local_error, NULL, error);
}

static gboolean
write_case (Import  *imp,
            Record  *record,
            GError **error)
{
  GError *local_error = NULL;
  GwCaseRow row = { 0 };
  const char *tier = gw_import_value (imp, record, "tier");
  g_autoptr (GDateTime) now = gw_now ();
  g_autofree char *now_text = gw_format_timestamp (now);
  g_autofree char *reason = NULL;
  gint64 id = 0;

  if (!gw_import_locate (imp, GW_GEOMETRY_GRIDS, record, &row.grid_id, NULL, error))
    return FALSE;
  if (outside (imp, record, row.grid_id, _("outside the street: in no grid")))
    return TRUE;
  row.code = gw_import_value (imp, record, "code");
  row.category = gw_import_value (imp, record, "category") ?: "living_environment";
  /* 居住环境 is living_environment; an unknown one stays as it is, refused
   * with its name below. */
  if (gw_case_category_from_text (row.category) != NULL)
    row.category = gw_case_category_from_text (row.category);
  row.subcategory = gw_import_value (imp, record, "subcategory") ?: "";
  row.scope = "small";
  row.tier = tier != NULL && strlen (tier) == 1 && strchr ("ABC", tier[0]) ? tier : "B";
  row.source = gw_import_value (imp, record, "source") ?: "walk_in";
  row.status = gw_import_value (imp, record, "status") ?: "registered";
  row.description = gw_import_value (imp, record, "description") ?: "";
  row.reported_at = gw_import_value (imp, record, "reported_at") ?: now_text;
  row.extra = record->extra;
  row.wkb = g_bytes_get_data (record->wkb, &row.wkb_len);
  if (!gw_case_row_check (&row, now, &reason))
    {
      gw_import_reject_row (imp, record, reason);
      return TRUE;
    }
  /* Through the case workflow: the user's role, the first event, the audit. */
  return gw_import_written (imp, record,
                  gw_case_import (imp->writer, imp->options->user, &row, imp->report->file, &id,
                                  &local_error),
                  &local_error, NULL, error);
}

gboolean
gw_import_write_record (Import   *imp,
                        Record   *record,
                        GError  **error)
{
  static gboolean (* const writers[]) (Import *, Record *, GError **) = {
    [GW_IMPORT_LOTS] = write_lot,
    [GW_IMPORT_BUILDINGS] = write_building, [GW_IMPORT_ROADS] = write_road,
    [GW_IMPORT_HOUSEHOLDS] = write_household, [GW_IMPORT_RESIDENTS] = write_resident,
    [GW_IMPORT_WORKERS] = write_worker, [GW_IMPORT_CASES] = write_case,
    [GW_IMPORT_STREET] = gw_import_write_street,
    [GW_IMPORT_COMMUNITIES] = gw_import_write_community,
    [GW_IMPORT_GRIDS] = gw_import_write_grid, [GW_IMPORT_DEPARTMENTS] = write_department,
  };

  return writers[imp->options->target] (imp, record, error);
}

gboolean
gw_import_generate_lots (Import  *imp,
                         GError **error)
{
  /* Grids come without lots: theirs are made once every grid is written. */
  for (guint i = 0; i < imp->new_grids->len; i++)
    {
      guint n_lots = 0;

      if (!gw_grid_lots_generate (imp->writer, g_array_index (imp->new_grids, gint64, i), &n_lots,
                                  error))
        return FALSE;
      imp->report->n_lots_generated += n_lots;
    }
  return TRUE;
}
