/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-io"

#include "config.h"

#include <string.h>

#include "gw-import-private.h"
#include "gw-topology.h"

/* The street's own areas: its boundary, its communities and grids, and
 * where buildings outside every grid are kept. Communities and grids
 * without a code get one by the standard (street 9 + community 3 + grid 3
 * digits, numbered north to south and west to east, as the demo numbers
 * them) once the whole file is read; overlaps refuse a feature, gaps are
 * reported, both with their place and area on the ground. */

static gboolean
all_digits (const char *text,
            gsize       len)
{
  return text != NULL && strlen (text) == len && strspn (text, "0123456789") == len;
}

/* Moves the record's vertices onto its neighbours' within --snap. */
static gboolean
snap (Import            *imp,
      Record            *record,
      GwGeometryTables   table,
      gint64             container_id,
      GError           **error)
{
  GError *local_error = NULL;
  GBytes *snapped;
  gsize len;
  const guint8 *wkb;

  if (imp->options->snap_m <= 0)
    return TRUE;
  wkb = g_bytes_get_data (record->wkb, &len);
  snapped = gw_topology_snap (imp->store, table, wkb, len, container_id, imp->options->snap_m,
                              &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (snapped != NULL)
    {
      g_bytes_unref (record->wkb);
      record->wkb = snapped;
    }
  return TRUE;
}

/* Rejects the record when it overlaps rows of @table by more than the
 * tolerance, naming each with its place and area; smaller overlaps are
 * reported and kept. */
static gboolean
check_overlaps (Import            *imp,
                Record            *record,
                GwGeometryTables   table,
                gboolean          *refused,
                GError           **error)
{
  g_autoptr (GArray) places = NULL;
  g_autoptr (GString) reason = NULL;
  gsize len;
  const guint8 *wkb = g_bytes_get_data (record->wkb, &len);

  *refused = FALSE;
  places = gw_topology_overlaps (imp->store, table, wkb, len, error);
  if (places == NULL)
    return FALSE;
  for (guint i = 0; i < places->len; i++)
    {
      const GwTopologyPlace *p = &g_array_index (places, GwTopologyPlace, i);
      g_autofree char *text = NULL;

      text = table == GW_GEOMETRY_GRIDS
             ? g_strdup_printf (_("overlaps grid %s (%s) by %.1f m² around %.6f, %.6f"),
                                p->other_code, p->other_name, p->area_m2, p->lon, p->lat)
             : g_strdup_printf (_("overlaps community %s (%s) by %.1f m² around %.6f, %.6f"),
                                p->other_code, p->other_name, p->area_m2, p->lon, p->lat);
      if (!gw_topology_is_significant (p->area_m2, p->width_m))
        {
          gw_import_add_line (imp, _("feature %lld: %s (a sliver within the tolerance; kept)"),
                              (long long) record->fid, text);
          continue;
        }
      if (reason == NULL)
        reason = g_string_new (text);
      else
        g_string_append_printf (reason, "; %s", text);
    }
  if (reason != NULL)
    {
      gw_import_reject (imp, record->fid, reason->str);
      *refused = TRUE;
    }
  return TRUE;
}

gboolean
gw_import_write_street (Import  *imp,
                        Record  *record,
                        GError **error)
{
  const char *code = gw_import_value (imp, record, "code");
  const char *name = gw_import_value (imp, record, "name");
  g_autofree char *street_code = NULL, *street_name = NULL;
  GError *local_error = NULL;
  gsize len;
  const guint8 *wkb = g_bytes_get_data (record->wkb, &len);
  gint64 id;

  if (code != NULL && !all_digits (code, 9))
    {
      g_autofree char *reason = g_strdup_printf (_("street code “%s” is not 9 digits (the district’s "
                                                   "6 and the street’s 3)"), code);
      gw_import_reject (imp, record->fid, reason);
      return TRUE;
    }
  if (!gw_topology_find_street (imp->store, code, &id, &street_code, &street_name, error))
    return FALSE;
  if (id == 0)
    {
      g_autofree char *reason = code != NULL
                                ? g_strdup_printf (_("street code %s is not this project’s"), code)
                                : g_strdup (_("the project has several streets: give the file a "
                                              "street code field"));
      gw_import_reject (imp, record->fid, reason);
      return TRUE;
    }
  if (name != NULL && strcmp (name, street_name) != 0)
    gw_import_add_line (imp, _("feature %lld: named “%s”; the project’s street is “%s” (its name "
                               "is kept)"), (long long) record->fid, name, street_name);
  /* Several features of one street (its parts) make one boundary. */
  if (!gw_topology_set_street_boundary (imp->store, id, wkb, len,
                                        g_hash_table_contains (imp->streets_set,
                                                               GSIZE_TO_POINTER ((gsize) id)),
                                        error))
    return FALSE;
  g_hash_table_add (imp->streets_set, GSIZE_TO_POINTER ((gsize) id));
  return gw_import_written (imp, record, TRUE, &local_error, NULL, error);
}

/* Rejects a community outside the street's boundary (when it has one),
 * with the place and area outside, or the distance when wholly outside. */
static gboolean
check_in_street (Import    *imp,
                 Record    *record,
                 gboolean  *refused,
                 GError   **error)
{
  g_autofree char *reason = NULL;
  gboolean has_boundary;
  double outside_m2, width_m, metres, lon, lat;
  gsize len;
  const guint8 *wkb = g_bytes_get_data (record->wkb, &len);

  *refused = FALSE;
  if (!gw_topology_outside_street (imp->store, wkb, len, &has_boundary, &outside_m2, &width_m,
                                   &metres, &lon, &lat, error))
    return FALSE;
  if (!has_boundary || !gw_topology_is_significant (outside_m2, width_m))
    return TRUE;
  reason = metres > 0
           ? g_strdup_printf (_("outside the street’s boundary, %.0f m from it (around %.6f, %.6f)"),
                              metres, lon, lat)
           : g_strdup_printf (_("reaches %.1f m² outside the street’s boundary around %.6f, %.6f"),
                              outside_m2, lon, lat);
  gw_import_reject_outside (imp, record, reason);
  *refused = TRUE;
  return TRUE;
}

/* Snapped, checked against the street and the other communities, written. */
static gboolean
place_community (Import      *imp,
                 Record      *record,
                 gint64       street_id,
                 const char  *code,
                 GError     **error)
{
  GError *local_error = NULL;
  GwCommunityRow row = { 0 };
  gboolean refused;

  if (!snap (imp, record, GW_GEOMETRY_COMMUNITIES, 0, error)
      || !check_in_street (imp, record, &refused, error))
    return FALSE;
  if (refused)
    return TRUE;
  if (!check_overlaps (imp, record, GW_GEOMETRY_COMMUNITIES, &refused, error))
    return FALSE;
  if (refused)
    return TRUE;
  row.street_id = street_id;
  row.code = code;
  row.name = gw_import_value (imp, record, "name");
  row.wkb = g_bytes_get_data (record->wkb, &row.wkb_len);
  return gw_import_written (imp, record,
                            gw_writer_add_community (imp->writer, &row, NULL, &local_error),
                            &local_error, NULL, error);
}

static void
add_pending (Import *imp,
             Record *record,
             gint64  parent_id)
{
  Pending *pending = g_new (Pending, 1);

  pending->record = record;
  pending->parent_id = parent_id;
  g_ptr_array_add (imp->pending, pending);
}

gboolean
gw_import_write_community (Import  *imp,
                           Record  *record,
                           GError **error)
{
  const char *code = gw_import_value (imp, record, "code");
  g_autofree char *street_code = NULL, *full = NULL, *prefix = NULL;
  gint64 street_id;

  if (code != NULL && !all_digits (code, 3) && !all_digits (code, 12))
    {
      g_autofree char *reason = g_strdup_printf (_("community code “%s” is neither 3 digits (in the "
                                                   "street) nor 12 (the street’s 9 and 3)"), code);
      gw_import_reject (imp, record->fid, reason);
      return TRUE;
    }
  prefix = all_digits (code, 12) ? g_strndup (code, 9) : NULL;
  if (!gw_topology_find_street (imp->store, prefix, &street_id, &street_code, NULL, error))
    return FALSE;
  if (street_id == 0)
    {
      g_autofree char *reason = prefix != NULL
                                ? g_strdup_printf (_("community code %s does not begin with the "
                                                     "project’s street code"), code)
                                : g_strdup (_("the project has several streets: give 12-digit "
                                              "community codes"));
      gw_import_reject (imp, record->fid, reason);
      return TRUE;
    }
  if (code == NULL)
    {
      add_pending (imp, record, street_id);
      return TRUE;
    }
  full = prefix != NULL ? g_strdup (code) : g_strconcat (street_code, code, NULL);
  return place_community (imp, record, street_id, full, error);
}

/* Snapped, checked against the other grids, written; its lots come later. */
static gboolean
place_grid (Import      *imp,
            Record      *record,
            gint64       community_id,
            const char  *code,
            const char  *name,
            GError     **error)
{
  GError *local_error = NULL;
  GwGridRow row = { 0 };
  gboolean refused;
  gint64 id = 0;

  if (!snap (imp, record, GW_GEOMETRY_GRIDS, community_id, error)
      || !check_overlaps (imp, record, GW_GEOMETRY_GRIDS, &refused, error))
    return FALSE;
  if (refused)
    return TRUE;
  row.community_id = community_id;
  row.code = code;
  row.name = name != NULL ? name : code;
  row.extra = record->extra;
  row.wkb = g_bytes_get_data (record->wkb, &row.wkb_len);
  if (!gw_import_written (imp, record, gw_writer_add_grid (imp->writer, &row, &id, &local_error),
                          &local_error, &refused, error))
    return FALSE;
  if (refused)
    return TRUE;
  g_array_append_val (imp->new_grids, id);
  for (guint i = 0; i < imp->touched->len; i++)
    if (g_array_index (imp->touched, gint64, i) == community_id)
      return TRUE;
  g_array_append_val (imp->touched, community_id);
  return TRUE;
}

/* The grid's community: named by a field, by the grid's code, or the one
 * it overlaps most. 0 when rejected. */
static gboolean
grid_community (Import      *imp,
                Record      *record,
                const char  *code,
                gint64      *community_id,
                GError     **error)
{
  const char *named = gw_import_value (imp, record, "community");
  g_autofree char *street_code = NULL, *prefix = NULL, *reason = NULL;
  gint64 street_id;
  gsize len;
  const guint8 *wkb = g_bytes_get_data (record->wkb, &len);

  *community_id = 0;
  if (!gw_topology_find_street (imp->store, NULL, &street_id, &street_code, NULL, error))
    return FALSE;
  if (named != NULL)
    {
      if (!gw_topology_find_community (imp->store, street_code, named, community_id, error))
        return FALSE;
      if (*community_id == 0)
        reason = g_strdup_printf (_("no community has the code or name “%s”"), named);
    }
  else
    {
      /* A grid code names its community by its first 12 digits; one that
       * names none is placed where it lies (and its code reported). */
      prefix = all_digits (code, 15) ? g_strndup (code, 12) : NULL;
      if (prefix != NULL
          && !gw_topology_find_community (imp->store, street_code, prefix, community_id, error))
        return FALSE;
      if (*community_id == 0
          && !gw_topology_largest_overlap (imp->store, wkb, len, community_id, error))
        return FALSE;
      if (*community_id == 0)
        gw_import_reject_outside (imp, record,
                                  _("outside the street: in none of the database's communities"));
    }
  if (reason != NULL)
    gw_import_reject (imp, record->fid, reason);
  return TRUE;
}

gboolean
gw_import_write_grid (Import  *imp,
                      Record  *record,
                      GError **error)
{
  const char *code = gw_import_value (imp, record, "code");
  g_autofree char *community_code = NULL, *community_name = NULL, *full = NULL;
  gint64 community_id;

  if (code != NULL && !all_digits (code, 3) && !all_digits (code, 15))
    {
      g_autofree char *reason = g_strdup_printf (_("grid code “%s” is neither 15 digits (street 9, "
                                                   "community 3, grid 3) nor 3 (in its community)"),
                                                 code);
      gw_import_reject (imp, record->fid, reason);
      return TRUE;
    }
  if (!grid_community (imp, record, code, &community_id, error))
    return FALSE;
  if (community_id == 0)
    return TRUE;
  if (code == NULL)
    {
      add_pending (imp, record, community_id);
      return TRUE;
    }
  if (!gw_topology_community_info (imp->store, community_id, &community_code, &community_name, error))
    return FALSE;
  full = all_digits (code, 3) ? g_strconcat (community_code, code, NULL) : g_strdup (code);
  if (!g_str_has_prefix (full, community_code))
    gw_import_add_line (imp, _("feature %lld: grid code %s does not begin with the code of its "
                               "community %s (%s); kept as it is"), (long long) record->fid, full,
                        community_code, community_name);
  return place_grid (imp, record, community_id, full, gw_import_value (imp, record, "name"), error);
}

static double
middle_y (const Record *record)
{
  return (record->env.MinY + record->env.MaxY) / 2;
}

static double
middle_x (const Record *record)
{
  return (record->env.MinX + record->env.MaxX) / 2;
}

static int
compare_north_first (gconstpointer a,
                     gconstpointer b)
{
  const Pending *p = *(Pending * const *) a, *q = *(Pending * const *) b;

  if (p->parent_id != q->parent_id)
    return p->parent_id < q->parent_id ? -1 : 1;
  if (middle_y (p->record) != middle_y (q->record))
    return middle_y (p->record) > middle_y (q->record) ? -1 : 1;
  return middle_x (p->record) < middle_x (q->record) ? -1 : middle_x (p->record) > middle_x (q->record);
}

static int
compare_west_first (gconstpointer a,
                    gconstpointer b)
{
  const Pending *p = *(Pending * const *) a, *q = *(Pending * const *) b;

  return middle_x (p->record) < middle_x (q->record) ? -1 : middle_x (p->record) > middle_x (q->record);
}

/* @group (sorted north first) in reading order: rows from north to south,
 * a row being the polygons whose middle lies within the height of its
 * northernmost one; west to east in a row. */
static GPtrArray *
reading_order (GPtrArray *group)
{
  GPtrArray *order = g_ptr_array_new ();
  g_autofree gboolean *taken = g_new0 (gboolean, group->len);

  for (guint i = 0; i < group->len; i++)
    {
      const Pending *first = group->pdata[i];
      g_autoptr (GPtrArray) row = NULL;

      if (taken[i])
        continue;
      row = g_ptr_array_new ();
      for (guint j = i; j < group->len; j++)
        if (!taken[j] && middle_y (((Pending *) group->pdata[j])->record) >= first->record->env.MinY)
          {
            taken[j] = TRUE;
            g_ptr_array_add (row, group->pdata[j]);
          }
      g_ptr_array_sort (row, compare_west_first);
      for (guint j = 0; j < row->len; j++)
        g_ptr_array_add (order, row->pdata[j]);
    }
  return order;
}

/* Codes for one street's communities or one community's grids. */
static gboolean
write_group (Import     *imp,
             GPtrArray  *group,
             GError    **error)
{
  gboolean grids = imp->options->target == GW_IMPORT_GRIDS;
  gint64 parent_id = ((Pending *) group->pdata[0])->parent_id;
  g_autofree char *prefix = NULL, *parent_name = NULL;
  g_autoptr (GPtrArray) order = reading_order (group);
  guint next;

  if (grids && !gw_topology_community_info (imp->store, parent_id, &prefix, &parent_name, error))
    return FALSE;
  if (!grids && !gw_topology_find_street (imp->store, NULL, &parent_id, &prefix, NULL, error))
    return FALSE;
  if (!gw_topology_next_sequence (imp->store, grids ? GW_GEOMETRY_GRIDS : GW_GEOMETRY_COMMUNITIES,
                                  prefix, &next, error))
    return FALSE;
  for (guint i = 0; i < order->len; i++, next++)
    {
      Record *record = ((Pending *) order->pdata[i])->record;
      guint before = imp->report->n_imported;
      g_autofree char *code = g_strdup_printf ("%s%03u", prefix, next);
      g_autofree char *name = NULL;

      if (next > 999)
        {
          gw_import_reject (imp, record->fid, _("no code is left: 999 are in use"));
          continue;
        }
      /* The demo's names: "…社区第3网格". */
      if (grids)
        name = g_strdup (gw_import_value (imp, record, "name") ?: NULL);
      if (grids && name == NULL)
        name = g_strdup_printf ("%s第%u网格", parent_name, next);
      if (!(grids ? place_grid (imp, record, parent_id, code, name, error)
                  : place_community (imp, record, parent_id, code, error)))
        return FALSE;
      if (imp->report->n_imported > before)
        imp->report->n_codes++;
    }
  return TRUE;
}

gboolean
gw_import_write_pending (Import  *imp,
                         GError **error)
{
  guint start = 0;

  g_ptr_array_sort (imp->pending, compare_north_first);
  for (guint i = 1; i <= imp->pending->len; i++)
    if (i == imp->pending->len
        || ((Pending *) imp->pending->pdata[i])->parent_id
           != ((Pending *) imp->pending->pdata[start])->parent_id)
      {
        g_autoptr (GPtrArray) group = g_ptr_array_new ();

        for (guint k = start; k < i; k++)
          g_ptr_array_add (group, imp->pending->pdata[k]);
        if (!write_group (imp, group, error))
          return FALSE;
        start = i;
      }
  return TRUE;
}

static void
add_gap_lines (Import *imp,
               GArray *places,
               gboolean grids)
{
  for (guint i = 0; i < places->len; i++)
    {
      const GwTopologyPlace *p = &g_array_index (places, GwTopologyPlace, i);

      if (grids)
        gw_import_add_line (imp, _("gap of %.1f m² between the grids of community %s (%s) around "
                                   "%.6f, %.6f: no grid covers it"),
                            p->area_m2, p->other_code, p->other_name, p->lon, p->lat);
      else
        gw_import_add_line (imp, _("gap of %.1f m² between the communities, inside the street’s "
                                   "boundary, around %.6f, %.6f: no community covers it"),
                            p->area_m2, p->lon, p->lat);
    }
}

gboolean
gw_import_report_gaps (Import  *imp,
                       GError **error)
{
  GwImportTarget target = imp->options->target;

  if (target == GW_IMPORT_GRIDS)
    for (guint i = 0; i < imp->touched->len; i++)
      {
        g_autoptr (GArray) places = gw_topology_gaps (imp->store,
                                                      g_array_index (imp->touched, gint64, i), error);

        if (places == NULL)
          return FALSE;
        add_gap_lines (imp, places, TRUE);
      }
  if ((target == GW_IMPORT_COMMUNITIES || target == GW_IMPORT_STREET) && imp->report->n_imported > 0)
    {
      g_autoptr (GArray) places = gw_topology_gaps (imp->store, 0, error);

      if (places == NULL)
        return FALSE;
      add_gap_lines (imp, places, FALSE);
    }
  return TRUE;
}

/* A building in no lot is kept in a lot of its own, in no grid, for
 * planners to paint into one: in the community that holds it, or the
 * nearest when it lies in the street between communities. Only one outside
 * the street is refused. */
gboolean
gw_import_place_building (Import  *imp,
                          Record  *record,
                          gint64  *lot_id,
                          GError **error)
{
  GError *local_error = NULL;
  GwLotRow lot = { 0 };
  gboolean has_boundary;
  double outside_m2, width_m, metres, lon, lat;
  gsize len;
  const guint8 *wkb = g_bytes_get_data (record->wkb, &len);

  if (!gw_import_locate (imp, GW_GEOMETRY_LOTS, record, lot_id, NULL, error))
    return FALSE;
  if (*lot_id != 0)
    return TRUE;
  if (!gw_import_locate (imp, GW_GEOMETRY_COMMUNITIES, record, &lot.community_id, NULL, error))
    return FALSE;
  if (lot.community_id == 0)
    {
      if (!gw_topology_outside_street (imp->store, wkb, len, &has_boundary, &outside_m2, &width_m,
                                       &metres, &lon, &lat, error))
        return FALSE;
      if (!imp->has_communities && metres <= 0)
        {
          /* Before the communities: kept waiting, shown, plannable. */
          if (!gw_topology_waiting_community (imp->store, _("Buildings waiting for their community"),
                                              &lot.community_id, error))
            return FALSE;
          imp->report->n_waiting++;
        }
      else if (!has_boundary || !imp->has_communities || metres > 0)
        {
          g_autofree char *reason = NULL;

          if (!imp->has_communities)
            reason = g_strdup_printf (_("outside the street’s boundary, %.0f m from it"), metres);
          else if (!has_boundary)
            reason = g_strdup (_("outside the street: in none of the database's communities"));
          else
            reason = g_strdup_printf (_("outside the street’s boundary, %.0f m from it"), metres);
          gw_import_reject_outside (imp, record, reason);
          return TRUE;
        }
      else
        {
          if (!gw_topology_nearest_community (imp->store, record->px, record->py,
                                              &lot.community_id, &metres, error))
            return FALSE;
          gw_import_add_line (imp, _("feature %lld: in the street but in none of its communities; "
                                     "kept in the nearest, %.0f m away"),
                              (long long) record->fid, metres);
        }
    }
  lot.name = gw_import_value (imp, record, "name") ?: "";
  lot.kind = "compound";
  lot.wkb = wkb;
  lot.wkb_len = len;
  if (!gw_writer_add_lot (imp->writer, &lot, lot_id, &local_error))
    {
      *lot_id = 0;
      return gw_import_written (imp, record, FALSE, &local_error, NULL, error);
    }
  imp->report->n_unassigned++;
  return TRUE;
}
