/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-io"

#include "config.h"

#include <string.h>

#include "gw-import-private.h"

/* The Gridwork fields of each target, the source field names they are
 * guessed from, and the mapping of a file's fields onto them. */

static const FieldSpec street_fields[] = {
  { "code", "code|street_code|街道编码|街道代码|编码|代码|jdbm", FALSE, STREET_CODE_MAX_CHARS },
  { "name", "name|street_name|街道名称|街道|名称|jdmc", FALSE, NAME_MAX_CHARS },
  { NULL },
};

/* A community's code: its 3 digits in the street, or the full 12. */
static const FieldSpec community_fields[] = {
  { "code", "code|community_code|社区编码|社区代码|居委会编码|编码|代码|sqbm", FALSE, COMMUNITY_CODE_MAX_CHARS },
  { "name", "name|community_name|社区名称|社区|居委会|名称|sqmc", TRUE, NAME_MAX_CHARS },
  { NULL },
};

/* Grids without a code get one by the standard; their community is named
 * by a field (code or name), by their code, or found where they lie. */
static const FieldSpec grid_fields[] = {
  { "code", "code|grid_code|gridcode|网格编码|网格代码|编码|代码|wgbm", FALSE, GRID_CODE_MAX_CHARS },
  { "name", "name|grid_name|网格名称|网格名|名称|wgmc", FALSE, NAME_MAX_CHARS },
  { "community", "community|community_code|community_name|所属社区|社区|社区名称|社区编码", FALSE, NAME_MAX_CHARS },
  { NULL },
};

static const FieldSpec lot_fields[] = {
  { "name", "name|lot_name|小区名称|小区|地块名称|名称", FALSE, NAME_MAX_CHARS },
  { "kind", "kind|type|类型|地块类型", FALSE, KEY_MAX_CHARS },
  { NULL },
};

static const FieldSpec building_fields[] = {
  { "name", "name|building|building_no|building number|bldg_no|楼号|楼栋号|楼栋|楼名|建筑名称|名称", FALSE, NAME_MAX_CHARS },
  { "address", "address|addr|地址|门牌|门牌号|门牌地址", FALSE, ADDRESS_MAX_CHARS },
  { "use", "use|usage|用途|建筑用途", FALSE, KEY_MAX_CHARS },
  { "floors", "floors|floor|storeys|levels|层数|楼层数|地上层数", FALSE, KEY_MAX_CHARS },
  { "units", "units|单元数|单元", FALSE, KEY_MAX_CHARS },
  { "built_year", "built_year|year|建成年份|建成年代|建设年代|年代", FALSE, KEY_MAX_CHARS },
  { NULL },
};

static const FieldSpec road_fields[] = {
  { "name", "name|road_name|道路名称|路名|名称", FALSE, NAME_MAX_CHARS },
  { "class", "class|fclass|highway|道路等级|等级", FALSE, KEY_MAX_CHARS },
  { NULL },
};

/* Households and residents find their dwelling by its code or by an
 * address (gw-address.h), whose building, unit and room may have columns
 * of their own. */
static const FieldSpec household_fields[] = {
  { "head_name", "head|head_name|户主|户主姓名|姓名|name", TRUE, NAME_MAX_CHARS },
  { "phone", "phone|tel|telephone|电话|联系电话|手机", FALSE, KEY_MAX_CHARS },
  { "hukou", "hukou|户籍|户籍类型|户口类型|户籍性质|人口类型", FALSE, KEY_MAX_CHARS },
  { "size", "size|members|人口数|户人数|家庭人口|家庭人数|人数", FALSE, KEY_MAX_CHARS },
  { "number", "number|household_no|household_number|户号|户编号|家庭户号", FALSE, KEY_MAX_CHARS },
  { "dwelling_code", "dwelling_code|dwelling|房屋编码|房屋代码|住房编码|房屋编号", FALSE, DWELLING_CODE_MAX_CHARS },
  { "address", "address|addr|地址|住址|门牌地址|居住地址", FALSE, ADDRESS_MAX_CHARS },
  { "building", "building|楼栋|楼号|栋号|幢号|楼栋号", FALSE, KEY_MAX_CHARS },
  { "unit", "unit|单元|单元号", FALSE, KEY_MAX_CHARS },
  { "room", "room|房号|室号|门牌室号|房间号", FALSE, KEY_MAX_CHARS },
  { NULL },
};

static const FieldSpec resident_fields[] = {
  { "name", "name|姓名|居民姓名", TRUE, NAME_MAX_CHARS },
  { "sex", "sex|gender|性别", FALSE, KEY_MAX_CHARS },
  { "birth_date", "birth_date|birthday|birth|出生日期|生日", FALSE, KEY_MAX_CHARS },
  { "relation", "relation|与户主关系|关系", FALSE, KEY_MAX_CHARS },
  { "id_number", "id_number|idno|id_card|身份证号|身份证号码|公民身份号码", FALSE, ID_NUMBER_MAX_CHARS },
  { "phone", "phone|tel|电话|联系电话|手机", FALSE, KEY_MAX_CHARS },
  { "household", "household|household_no|household_number|户号|户编号|家庭户号", FALSE, KEY_MAX_CHARS },
  { "head", "head|head_name|户主|户主姓名", FALSE, NAME_MAX_CHARS },
  { "dwelling_code", "dwelling_code|dwelling|房屋编码|房屋代码|住房编码", FALSE, DWELLING_CODE_MAX_CHARS },
  { "address", "address|addr|地址|住址|居住地址", FALSE, ADDRESS_MAX_CHARS },
  { "building", "building|楼栋|楼号|栋号|幢号|楼栋号", FALSE, KEY_MAX_CHARS },
  { "unit", "unit|单元|单元号", FALSE, KEY_MAX_CHARS },
  { "room", "room|房号|室号|房间号", FALSE, KEY_MAX_CHARS },
  { NULL },
};

static const FieldSpec worker_fields[] = {
  { "name", "name|姓名|网格员|网格员姓名", TRUE, NAME_MAX_CHARS },
  { "phone", "phone|tel|电话|联系电话|手机", FALSE, KEY_MAX_CHARS },
  { "org", "org|organisation|organization|单位|所属单位|组织", FALSE, ORG_MAX_CHARS },
  { "grid", "grid|grid_code|grid_name|网格|所属网格|网格编码|网格名称", FALSE, NAME_MAX_CHARS },
  { "role", "role|岗位|角色|职务|身份", FALSE, KEY_MAX_CHARS },
  { NULL },
};

static const FieldSpec department_fields[] = {
  { "name", "name|department|部门|部门名称|单位名称|名称", TRUE, ORG_MAX_CHARS },
  { "phone", "phone|tel|电话|联系电话", FALSE, KEY_MAX_CHARS },
  { "level", "level|级别|层级", FALSE, KEY_MAX_CHARS },
  { NULL },
};

static const FieldSpec case_fields[] = {
  { "code", "code|case_code|案件编号|事件编号|编号", TRUE, CASE_CODE_MAX_CHARS },
  { "category", "category|类别|大类|事件类别", FALSE, NAME_MAX_CHARS },
  { "subcategory", "subcategory|小类|子类", FALSE, NAME_MAX_CHARS },
  { "tier", "tier|级别|分级", FALSE, KEY_MAX_CHARS },
  { "source", "source|来源|事件来源", FALSE, KEY_MAX_CHARS },
  { "status", "status|状态", FALSE, KEY_MAX_CHARS },
  { "description", "description|desc|描述|事件描述|内容", FALSE, DESCRIPTION_MAX_CHARS },
  { "reported_at", "reported_at|time|date|上报时间|时间", FALSE, KEY_MAX_CHARS },
  { NULL },
};

const TargetSpec gw_import_targets[] = {
  [GW_IMPORT_GRIDS] = { "grids", grid_fields, SHAPE_POLYGON },
  [GW_IMPORT_LOTS] = { "lots", lot_fields, SHAPE_POLYGON },
  [GW_IMPORT_BUILDINGS] = { "buildings", building_fields, SHAPE_POLYGON },
  [GW_IMPORT_ROADS] = { "roads", road_fields, SHAPE_LINE },
  [GW_IMPORT_HOUSEHOLDS] = { "households", household_fields, SHAPE_NONE },
  [GW_IMPORT_RESIDENTS] = { "residents", resident_fields, SHAPE_NONE },
  [GW_IMPORT_WORKERS] = { "workers", worker_fields, SHAPE_NONE },
  [GW_IMPORT_CASES] = { "cases", case_fields, SHAPE_POINT },
  [GW_IMPORT_STREET] = { "street", street_fields, SHAPE_POLYGON },
  [GW_IMPORT_COMMUNITIES] = { "communities", community_fields, SHAPE_POLYGON },
  [GW_IMPORT_DEPARTMENTS] = { "departments", department_fields, SHAPE_NONE },
};
const guint gw_import_n_targets = G_N_ELEMENTS (gw_import_targets);

gboolean
gw_import_target_from_name (const char     *name,
                            GwImportTarget *target)
{
  for (guint i = 0; i < gw_import_n_targets; i++)
    if (g_strcmp0 (name, gw_import_targets[i].name) == 0)
      {
        *target = i;
        return TRUE;
      }
  return FALSE;
}

const char *
gw_import_target_name (GwImportTarget target)
{
  g_return_val_if_fail (target < gw_import_n_targets, NULL);
  return gw_import_targets[target].name;
}

guint
gw_import_n_fields (GwImportTarget target)
{
  guint n = 0;

  while (gw_import_targets[target].fields[n].field != NULL)
    n++;
  return n;
}

const char *
gw_import_guess_field (GwImportTarget      target,
                       const char         *gridwork_field,
                       const char * const *fields)
{
  const FieldSpec *spec = NULL;
  g_auto (GStrv) guesses = NULL;

  for (const FieldSpec *f = gw_import_targets[target].fields; f->field != NULL; f++)
    if (strcmp (f->field, gridwork_field) == 0)
      spec = f;
  if (spec == NULL)
    return NULL;
  guesses = g_strsplit (spec->guesses, "|", -1);
  for (guint g = 0; guesses[g] != NULL; g++)
    for (guint i = 0; fields[i] != NULL; i++)
      {
        g_autofree char *folded = g_utf8_strdown (fields[i], -1);

        if (strcmp (folded, guesses[g]) == 0)
          return fields[i];
      }
  return NULL;
}

char **
gw_import_target_fields (GwImportTarget target)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **fields;

  g_return_val_if_fail (target < gw_import_n_targets, NULL);
  for (const FieldSpec *f = gw_import_targets[target].fields; f->field != NULL; f++)
    g_strv_builder_add (builder, f->field);
  fields = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return fields;
}

gboolean
gw_import_field_is_required (GwImportTarget  target,
                             const char     *gridwork_field)
{
  g_return_val_if_fail (target < gw_import_n_targets, FALSE);
  for (const FieldSpec *f = gw_import_targets[target].fields; f->field != NULL; f++)
    if (g_strcmp0 (f->field, gridwork_field) == 0)
      return f->required;
  return FALSE;
}

int
gw_import_find_field (OGRFeatureDefnH defn,
                      const char     *const *names)
{
  int n = OGR_FD_GetFieldCount (defn);

  for (guint g = 0; names[g] != NULL; g++)
    for (int i = 0; i < n; i++)
      {
        g_autofree char *folded = g_utf8_strdown (OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, i)), -1);

        if (strcmp (folded, names[g]) == 0)
          return i;
      }
  return -1;
}

/* The longitude and latitude columns of a table of points; -1 for none. */
void
gw_import_find_lonlat (OGRFeatureDefnH  defn,
                       int             *lon_index,
                       int             *lat_index)
{
  static const char *const lon_names[] = { "lon", "lng", "longitude", "x", "经度", "东经", NULL };
  static const char *const lat_names[] = { "lat", "latitude", "y", "纬度", "北纬", NULL };

  *lon_index = gw_import_find_field (defn, lon_names);
  *lat_index = gw_import_find_field (defn, lat_names);
}

const char *
gw_import_value (Import     *imp,
                 Record     *record,
                 const char *field)
{
  for (guint i = 0; i < imp->n_fields; i++)
    if (strcmp (imp->fields[i].field, field) == 0)
      {
        const char *v = record->values[i];

        return v != NULL && *v != '\0' ? v : NULL;
      }
  return NULL;
}

/* The names of the layer's fields, and a hint when a sheet's header row
 * looks incomplete. */
static GPtrArray *
field_names_of (OGRFeatureDefnH   defn,
                const char      **header_hint)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  *header_hint = "";
  for (int i = 0; i < OGR_FD_GetFieldCount (defn); i++)
    g_ptr_array_add (names, g_strdup (OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, i))));
  g_ptr_array_add (names, NULL);
  /* GDAL names columns without a header cell "Field2": in a sheet that is
   * a merged or multi-row header, which users should be told about. */
  for (guint i = 0; names->pdata[i] != NULL; i++)
    {
      const char *name = names->pdata[i];

      if (g_str_has_prefix (name, "Field") && name[5] != '\0' && strspn (name + 5, "0123456789") == strlen (name + 5))
        *header_hint = _(". The header row looks incomplete (empty or merged header cells?): keep a single "
                         "header row with one name per column");
    }
  return names;
}

/* Each Gridwork field's source field: explicit --map first, then the
 * guesses. A required one missing is GW_IMPORT_ERROR_UNMAPPED_FIELD. */
static gboolean
map_target_fields (Import           *imp,
                   OGRFeatureDefnH   defn,
                   GPtrArray        *names,
                   const char       *header_hint,
                   const char       *file,
                   GError          **error)
{
  const GwImportOptions *options = imp->options;

  imp->source_index = g_new (int, imp->n_fields);
  for (guint f = 0; f < imp->n_fields; f++)
    {
      const char *name = options->map != NULL ? g_hash_table_lookup (options->map, imp->fields[f].field)
                                              : NULL;

      if (name == NULL)
        name = gw_import_guess_field (options->target, imp->fields[f].field,
                                      (const char * const *) names->pdata);
      imp->source_index[f] = name != NULL ? OGR_FD_GetFieldIndex (defn, name) : -1;
      if (name != NULL && imp->source_index[f] < 0)
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("%s: has no field “%s” (mapped to %s)"), file, name, imp->fields[f].field);
          return FALSE;
        }
      if (imp->source_index[f] < 0 && imp->fields[f].required)
        {
          g_autofree char *joined = g_strjoinv (", ", (char **) names->pdata);

          /* How to choose one is the caller's to say, in its own terms. */
          imp->report->missing_field = g_strdup (imp->fields[f].field);
          g_set_error (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_UNMAPPED_FIELD,
                       _("%s: no field for the %s of %s (fields: %s)%s"),
                       file, imp->fields[f].field, gw_import_targets[options->target].name,
                       *joined != '\0' ? joined : _("none"), header_hint);
          return FALSE;
        }
      if (imp->source_index[f] >= 0)
        g_ptr_array_add (imp->report->mapping, g_strdup_printf ("%s ← %s", imp->fields[f].field, name));
    }
  return TRUE;
}

/* Points from lon/lat columns (CSV, XLSX, plain tables). */
static gboolean
map_lonlat_columns (Import           *imp,
                    OGRLayerH         layer,
                    GPtrArray        *names,
                    const char       *header_hint,
                    const char       *file,
                    GError          **error)
{
  GwImportTarget target = imp->options->target;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);

  imp->lon_index = imp->lat_index = -1;
  if (gw_import_targets[target].shape == SHAPE_NONE || OGR_L_GetGeomType (layer) != wkbNone)
    return TRUE;
  gw_import_find_lonlat (defn, &imp->lon_index, &imp->lat_index);
  if (gw_import_targets[target].shape != SHAPE_POINT || imp->lon_index < 0 || imp->lat_index < 0)
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) names->pdata);

      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s: has no geometry and no longitude/latitude columns (经度/纬度, lon/lat) "
                     "for %s (fields: %s)%s"),
                   file, gw_import_targets[target].name, joined, header_hint);
      return FALSE;
    }
  imp->lon_name = OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, imp->lon_index));
  imp->lat_name = OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, imp->lat_index));
  return TRUE;
}

/* Source fields with no Gridwork counterpart are kept as extra
 * attributes; the columns our own export derives are not, nor the reason
 * of a sheet of unmatched rows imported again. */
static void
map_extra_fields (Import          *imp,
                  OGRFeatureDefnH  defn)
{
  static const char *const derived[] = {
    "id", "fid", "objectid", "community", "grid", "households", "workers", "open_cases",
    "birth_year", "wkt", "lon", "lat", NULL
  };

  imp->extra_index = g_array_new (FALSE, FALSE, sizeof (int));
  for (int i = 0; i < OGR_FD_GetFieldCount (defn); i++)
    {
      g_autofree char *folded = g_utf8_strdown (OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, i)), -1);
      gboolean used = i == imp->lon_index || i == imp->lat_index
                      || g_strv_contains ((const char * const *) derived, folded)
                      || (imp->registers && strcmp (folded, "reason") == 0);

      for (guint f = 0; f < imp->n_fields && !used; f++)
        used = imp->source_index[f] == i;
      if (!used)
        g_array_append_val (imp->extra_index, i);
    }
  imp->extra_stats = g_new0 (ExtraStats, imp->extra_index->len);
  for (guint e = 0; e < imp->extra_index->len; e++)
    {
      const char *key = OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, g_array_index (imp->extra_index,
                                                                                      int, e)));

      imp->extra_stats[e].name = g_strdup (imp->spreadsheet ? gw_io_spreadsheet_unquote (key) : key);
    }
}

void
gw_import_extra_clear (Import *imp)
{
  for (guint e = 0; imp->extra_stats != NULL && e < imp->extra_index->len; e++)
    g_free (imp->extra_stats[e].name);
  g_clear_pointer (&imp->extra_stats, g_free);
  g_clear_pointer (&imp->extra_index, g_array_unref);
}

/* The class of each column kept as an extra attribute, guessed from its
 * name and the values read (or as the importer said), stored beside the
 * data in the import's transaction so that export and masking follow it;
 * the personal ones are named in the report and in @audit. */
gboolean
gw_import_classify_extra (Import      *imp,
                          const char  *file,
                          GString     *audit,
                          GError     **error)
{
  const char *layer = gw_import_targets[imp->options->target].name;

  for (guint e = 0; imp->extra_stats != NULL && e < imp->extra_index->len; e++)
    {
      const ExtraStats *stats = &imp->extra_stats[e];
      const char *said = imp->options->field_classes != NULL
                         ? g_hash_table_lookup (imp->options->field_classes, stats->name) : NULL;
      GwFieldClass field_class;

      if (said != NULL && !gw_field_class_from_key (said, &field_class))
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("%s: “%s” is not a class of field for “%s” (public, id_number, phone, "
                         "name, address or free_text)"), file, said, stats->name);
          return FALSE;
        }
      if (said == NULL)
        field_class = gw_field_class_guess (stats->name, stats->n_filled, stats->n_id_numbers,
                                            stats->n_phones);
      if (!gw_field_classes_save (imp->store, layer, stats->name, field_class, said != NULL, error))
        return FALSE;
      if (!gw_field_class_is_personal (field_class))
        continue;
      gw_import_add_line (imp, _("column “%s” kept as an extra attribute: %s, personal data "
                                 "(masked unless a supervisor exports it)"),
                          stats->name, gw_field_class_label (field_class));
      g_string_append_printf (audit, "%s%s=%s", audit->len == 0 ? "; personal: " : ", ",
                              stats->name, gw_field_class_to_key (field_class));
    }
  return TRUE;
}

/* Where each value of a feature comes from: the Gridwork fields, the
 * lon/lat columns of a table of points, the extra attributes. */
gboolean
gw_import_map_fields (Import      *imp,
                      OGRLayerH    layer,
                      const char  *file,
                      GError     **error)
{
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);
  const char *header_hint;
  g_autoptr (GPtrArray) names = field_names_of (defn, &header_hint);

  if (!map_target_fields (imp, defn, names, header_hint, file, error)
      || !map_lonlat_columns (imp, layer, names, header_hint, file, error))
    return FALSE;
  map_extra_fields (imp, defn);
  if (imp->registers)
    {
      GStrvBuilder *builder = g_strv_builder_new ();

      for (int i = 0; i < OGR_FD_GetFieldCount (defn); i++)
        {
          const char *name = OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, i));

          g_strv_builder_add (builder, imp->spreadsheet ? gw_io_spreadsheet_unquote (name) : name);
        }
      g_strv_builder_add (builder, "reason");
      imp->report->unmatched_fields = g_strv_builder_end (builder);
      g_strv_builder_unref (builder);
    }
  return TRUE;
}
