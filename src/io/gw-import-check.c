/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-io"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-import-private.h"
#include "gw-box-index.h"
#include "gw-wkb.h"

/* The report's lines, and what is checked against the database and the
 * file as a whole: which community, grid or lot holds a feature (the
 * polygons read once into a bucket index), duplicates in the database and
 * in the file, coordinates far from China or from the street. */

void
gw_import_add_line (Import     *imp,
                    const char *format,
                    ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (imp->report->lines, g_strdup_vprintf (format, args));
  va_end (args);
}

void
gw_import_reject (Import     *imp,
                  GIntBig     fid,
                  const char *reason)
{
  imp->report->n_rejected++;
  /* Translators: a feature of the imported file, by its id, and why it was refused */
  gw_import_add_line (imp, _("feature %lld: %s (rejected)"), (long long) fid, reason);
}

/* A rejection of a register's row: also kept, with its reason, for the
 * sheet of unmatched rows. */
void
gw_import_reject_row (Import     *imp,
                      Record     *record,
                      const char *reason)
{
  GwImportReport *report = imp->report;

  gw_import_reject (imp, record->fid, reason);
  if (record->source != NULL && report->unmatched_fields != NULL)
    {
      guint n = g_strv_length (report->unmatched_fields);
      char **row = g_new0 (char *, n + 1);

      for (guint i = 0; i + 1 < n && record->source[i] != NULL; i++)
        row[i] = g_strdup (record->source[i]);
      for (guint i = 0; i + 1 < n; i++)
        if (row[i] == NULL)
          row[i] = g_strdup ("");
      row[n - 1] = g_strdup (reason);
      g_ptr_array_add (report->unmatched, row);
    }
}

/* A rejection for lying outside the street (in no community, grid or
 * lot). When nearly all features do, the file lies elsewhere: that is
 * said once instead (check_elsewhere), and these lines are dropped. */
void
gw_import_reject_outside (Import     *imp,
                          Record     *record,
                          const char *reason)
{
  gw_import_reject (imp, record->fid, reason);
  if (record->outside)
    {
      guint line = imp->report->lines->len - 1;

      g_array_append_val (imp->outside_lines, line);
    }
}

/* Takes the report lines at @drop (ascending indices) out of the report:
 * one message for the whole file replaces them; @first (owned), when not
 * NULL, goes first. */
static void
replace_lines (Import *imp,
               GArray *drop,
               char   *first)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  guint next = 0;

  if (first != NULL)
    g_ptr_array_add (lines, first);
  for (guint i = 0; i < imp->report->lines->len; i++)
    {
      if (next < drop->len && g_array_index (drop, guint, next) == i)
        {
          next++;
          continue;
        }
      g_ptr_array_add (lines, g_steal_pointer (&imp->report->lines->pdata[i]));
    }
  g_ptr_array_unref (imp->report->lines);
  imp->report->lines = g_steal_pointer (&lines);
}

/* Coordinates that cannot be in a Chinese street: explain why in plain words. */
gboolean
gw_import_check_extent (Import      *imp,
                        const char  *file,
                        GError     **error)
{
  const OGREnvelope *r = &imp->raw, *o = &imp->out;
  gboolean raw_degrees;

  if (imp->n_beyond > 0 && imp->n_beyond * 10 >= imp->n_geometries * 9)
    {
      /* Not stray values but the file's coordinates: said once, from
       * where they are, instead of a rejection per feature. */
      r = o = &imp->beyond;
      replace_lines (imp, imp->beyond_lines, NULL);
    }
  else if (!imp->have_extent || gw_import_in_box (o, 73, 3, 136, 54))
    return TRUE;
  raw_degrees = gw_import_in_box (r, -180, -90, 180, 90);
  if (!imp->source_projected && gw_import_in_box (o, 3, 73, 54, 136))
    g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                 _("%s: longitude and latitude look swapped (%.4f, %.4f … %.4f, %.4f): "
                   "the first number should be the longitude (73–136 in China)."),
                 file, o->MinX, o->MinY, o->MaxX, o->MaxY);
  else if (imp->source_projected && raw_degrees)
    g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                 _("%s: the file says its coordinates are projected (metres), but they look like "
                   "degrees (%.4f, %.4f … %.4f, %.4f): its .prj is probably wrong. "
                   "Try --srs EPSG:4490."),
                 file, r->MinX, r->MinY, r->MaxX, r->MaxY);
  else if (!raw_degrees)
    g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                 _("%s: the coordinates (%.0f, %.0f … %.0f, %.0f) are too large for degrees: they "
                   "are probably projected metres (e.g. Gauss–Krüger) read as degrees. "
                   "Give the system with --srs, e.g. EPSG:4549 for CGCS2000 3° zone 120°E."),
                 file, r->MinX, r->MinY, r->MaxX, r->MaxY);
  else
    g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                 _("%s: the features lie far from China (%.4f, %.4f … %.4f, %.4f): "
                   "the coordinate system is probably wrong; give it with --srs."),
                 file, o->MinX, o->MinY, o->MaxX, o->MaxY);
  return FALSE;
}

/* The street's box, from its own outline, its communities and grids (in
 * lon/lat); FALSE when the database has none of them yet. */
gboolean
gw_import_load_street_box (Import      *imp,
                           OGREnvelope *box)
{
  GwBBox extent;

  if (!gw_import_store_street_extent (imp->lookups, &extent))
    return FALSE;
  box->MinX = extent.min_x;
  box->MinY = extent.min_y;
  box->MaxX = extent.max_x;
  box->MaxY = extent.max_y;
  return TRUE;
}

/* Metres between the nearest points of two lon/lat boxes, on the CGCS2000
 * ellipsoid: degrees are no distance. */
static gboolean
box_distance_m (Import            *imp,
                const OGREnvelope *a,
                const OGREnvelope *b,
                double            *metres,
                GError           **error)
{
  /* Per axis: the facing edges, or one shared value where they overlap. */
  double ax = a->MaxX < b->MinX ? a->MaxX : a->MinX > b->MaxX ? a->MinX : MAX (a->MinX, b->MinX);
  double bx = a->MaxX < b->MinX ? b->MinX : a->MinX > b->MaxX ? b->MaxX : ax;
  double ay = a->MaxY < b->MinY ? a->MaxY : a->MinY > b->MaxY ? a->MinY : MAX (a->MinY, b->MinY);
  double by = a->MaxY < b->MinY ? b->MinY : a->MinY > b->MaxY ? b->MaxY : ay;

  return gw_import_store_distance_m (imp->lookups, ax, ay, bx, by, metres, error);
}

/* A file whose features all, or all but a few, lie outside the street is
 * not a file of this street, or its coordinate system is wrong (GCJ-02 is
 * hundreds of metres off, a wrong Gauss–Krüger zone hundreds of km): every
 * feature "in no grid" hides that. It is said once, first, with where the
 * features are and how far from the street, and the import refused. A
 * file around the street (a district's buildings, the city's roads) is
 * not elsewhere, even if most of it is outside. */
gboolean
gw_import_check_elsewhere (Import      *imp,
                           const char  *file,
                           GError     **error)
{
  const OGREnvelope *o = &imp->outside, *street = &imp->street;
  g_autofree char *distance = NULL, *from = NULL, *to = NULL;
  double metres;

  if (!imp->have_street || imp->n_outside == 0 || imp->n_outside * 10 < imp->n_placed * 9)
    return TRUE;
  if (!(o->MaxX < street->MinX || o->MinX > street->MaxX || o->MaxY < street->MinY
        || o->MinY > street->MaxY))
    return TRUE;
  if (!box_distance_m (imp, o, street, &metres, error))
    return FALSE;
  distance = metres >= 1000 ? g_strdup_printf (_("%.1f km"), metres / 1000)
                            : g_strdup_printf (_("%.0f m"), metres);
  from = g_strdup_printf ("%.4f,%.4f", o->MinX, o->MinY);
  to = g_strdup_printf ("%.4f,%.4f", o->MaxX, o->MaxY);

  /* First in the report, instead of a line per feature. */
  replace_lines (imp, imp->outside_lines,
                 g_strdup_printf (_("All or nearly all features (%u of %u) lie %s from the street "
                                    "(file extent %s – %s); check the file’s coordinate system"),
                                  imp->n_outside, imp->n_placed, distance, from, to));
  imp->report->has_extent = TRUE;
  imp->report->min_lon = o->MinX;
  imp->report->min_lat = o->MinY;
  imp->report->max_lon = o->MaxX;
  imp->report->max_lat = o->MaxY;

  g_set_error (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_ELSEWHERE,
               _("%s: its features lie %s from the street (file extent %s – %s); "
                 "check its coordinate system"), file, distance, from, to);
  return FALSE;
}

/* The polygons of a table (communities, grids, lots) held in memory with
 * the spatial index over their boxes. Locating each building of a
 * district's file through SQL (R*Tree, then ST_Contains on the stored
 * blob) cost as much as writing it; the polygons are read once instead. */
typedef struct
{
  gint64  id;
  gint64  community_id;
  GwShape shape;
} Area;

typedef struct
{
  GArray     *areas;  /* of Area, by id */
  GwBoxIndex *index;
} AreaIndex;

static void
area_index_free (gpointer data)
{
  AreaIndex *index = data;

  for (guint i = 0; i < index->areas->len; i++)
    gw_shape_clear (&g_array_index (index->areas, Area, i).shape);
  g_array_unref (index->areas);
  gw_box_index_free (index->index);
  g_free (index);
}

static void
area_add (gint64    id,
          gint64    community_id,
          GwShape  *shape,
          gpointer  user_data)
{
  AreaIndex *index = user_data;
  Area area = { id, community_id, *shape };

  if (area.shape.n_rings == 0)
    {
      gw_shape_clear (&area.shape);
      return;
    }
  g_array_append_val (index->areas, area);
}

static AreaIndex *
area_index_load (Import            *imp,
                 GwGeometryTables   table,
                 GError           **error)
{
  AreaIndex *index;

  index = g_new0 (AreaIndex, 1);
  index->areas = g_array_new (FALSE, FALSE, sizeof (Area));
  if (!gw_import_store_read_areas (imp->lookups, table, area_add, index, error))
    {
      area_index_free (index);
      return NULL;
    }
  index->index = gw_box_index_new (index->areas->len > 0
                                   ? &g_array_index (index->areas, Area, 0).shape.bbox : NULL,
                                   index->areas->len, sizeof (Area));
  return index;
}

typedef struct
{
  const AreaIndex *index;
  double           x, y;
  guint            found;  /* G_MAXUINT: none */
} AreaFind;

static gboolean
area_find_item (guint    item,
                gpointer user_data)
{
  AreaFind *find = user_data;

  if (item < find->found &&
      gw_shape_contains (&g_array_index (find->index->areas, Area, item).shape, find->x, find->y))
    find->found = item;
  return TRUE;
}

/* The polygon of the lowest id that holds (x, y), or NULL. */
static const Area *
area_index_find (const AreaIndex *index,
                 double           x,
                 double           y)
{
  AreaFind find = { index, x, y, G_MAXUINT };
  GwBBox point = { x, y, x, y };

  gw_box_index_query (index->index, &point, area_find_item, &find);
  return find.found == G_MAXUINT ? NULL : &g_array_index (index->areas, Area, find.found);
}

/* The id of the polygon of @table that holds the record's point on surface
 * (the lowest id when several do); 0 when none. */
gboolean
gw_import_locate (Import            *imp,
                  GwGeometryTables   table,
                  Record            *record,
                  gint64            *id,
                  gint64            *community_id,
                  GError           **error)
{
  AreaIndex *index;
  const Area *area;

  if (imp->areas == NULL)
    imp->areas = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, area_index_free);
  index = g_hash_table_lookup (imp->areas, GINT_TO_POINTER (table));
  *id = 0;
  if (index == NULL)
    {
      index = area_index_load (imp, table, error);
      if (index == NULL)
        return FALSE;
      g_hash_table_insert (imp->areas, GINT_TO_POINTER (table), index);
    }
  area = area_index_find (index, record->px, record->py);
  if (area != NULL)
    {
      *id = area->id;
      if (community_id != NULL)
        *community_id = area->community_id;
    }
  return TRUE;
}

/* The box as a key: its four coordinates, bit for bit (-0.0 made 0.0). */
static guint
box_hash (gconstpointer key)
{
  const Box *box = key;
  double coords[4] = { box->min_x + 0.0, box->max_x + 0.0, box->min_y + 0.0, box->max_y + 0.0 };
  guint hash = 5381;

  for (guint i = 0; i < 4; i++)
    {
      guint64 bits;

      memcpy (&bits, &coords[i], sizeof bits);
      hash = hash * 33 + (guint) (bits ^ (bits >> 32));
    }
  return hash;
}

static gboolean
box_equal (gconstpointer a,
           gconstpointer b)
{
  const Box *x = a, *y = b;

  return x->min_x == y->min_x && x->max_x == y->max_x && x->min_y == y->min_y
         && x->max_y == y->max_y;
}

static void
box_free (gpointer data)
{
  Box *box = data;

  while (box != NULL)
    {
      Box *next = box->next;

      g_free (box);
      box = next;
    }
}

void
gw_import_boxes_add (GHashTable *boxes,
                     const Box  *box)
{
  Box *copy = g_memdup2 (box, sizeof *box);
  Box *same = g_hash_table_lookup (boxes, box);

  copy->next = NULL;
  if (same == NULL)
    {
      g_hash_table_add (boxes, copy);
      return;
    }
  /* Ids come in increasing order: the lowest stays first. */
  while (same->next != NULL)
    same = same->next;
  same->next = copy;
}

static void
box_add (gint64        id,
         const GwBBox *bbox,
         gpointer      user_data)
{
  Box box = { id, bbox->min_x, bbox->max_x, bbox->min_y, bbox->max_y, NULL };

  gw_import_boxes_add (user_data, &box);
}

static gboolean
boxes_load (Import  *imp,
            GError **error)
{
  imp->boxes = g_hash_table_new_full (box_hash, box_equal, box_free, NULL);
  return gw_import_store_read_building_boxes (imp->lookups, box_add, imp->boxes, error);
}

/* The lowest id of a building with the record's very box whose geometry
 * ST_Equals the record's; 0 when none. */
gboolean
gw_import_find_duplicate (Import      *imp,
                          Record      *record,
                          gint64      *id,
                          GError     **error)
{
  const OGREnvelope *e = &record->env;
  Box box = { 0, e->MinX, e->MaxX, e->MinY, e->MaxY, NULL };
  gsize len;
  const guint8 *wkb = g_bytes_get_data (record->wkb, &len);

  *id = 0;
  if (imp->boxes == NULL && !boxes_load (imp, error))
    return FALSE;
  for (const Box *same = g_hash_table_lookup (imp->boxes, &box); same != NULL && *id == 0;
       same = same->next)
    {
      gboolean equal;

      if (!gw_import_store_building_equals (imp->lookups, same->id, wkb, len, &equal, error))
        return FALSE;
      if (equal)
        *id = same->id;
    }
  return TRUE;
}

#define SEEN_DIGEST_LEN 32   /* SHA-256 */

/* A key of gw_import_is_duplicate()'s table: the first bytes of a digest
 * are as good a hash as any. */
guint
gw_import_seen_hash (gconstpointer key)
{
  guint hash;

  memcpy (&hash, key, sizeof hash);
  return hash;
}

gboolean
gw_import_seen_equal (gconstpointer a,
                      gconstpointer b)
{
  return memcmp (a, b, SEEN_DIGEST_LEN) == 0;
}

/* Duplicates inside the file: same geometry (layers) or same values
 * (tables); the first is kept. Keyed by the WKB bytes themselves, but
 * grids and cases by their identity, their code: two cases reported at
 * one door are two cases. The table holds the SHA-256 of each key rather
 * than the key: a million buildings' WKB kept for it was a third of the
 * import's memory. */
gboolean
gw_import_is_duplicate (Import *imp,
                        Record *record)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[SEEN_DIGEST_LEN];
  gsize digest_len = sizeof digest;
  gpointer first;

  if ((imp->options->target == GW_IMPORT_GRIDS || imp->options->target == GW_IMPORT_CASES)
      && gw_import_value (imp, record, "code") != NULL)
    {
      g_checksum_update (checksum, (const guchar *) "code:", 5);
      g_checksum_update (checksum, (const guchar *) gw_import_value (imp, record, "code"), -1);
    }
  else if (record->wkb != NULL)
    {
      gsize len;
      const guint8 *wkb = g_bytes_get_data (record->wkb, &len);

      g_checksum_update (checksum, (const guchar *) "wkb:", 4);
      g_checksum_update (checksum, wkb, len);
    }
  else
    {
      g_checksum_update (checksum, (const guchar *) "values:", 7);
      for (guint f = 0; f < imp->n_fields; f++)
        {
          const char *value = record->values[f] ?: "";

          g_checksum_update (checksum, (const guchar *) value, strlen (value) + 1);
        }
    }
  g_checksum_get_digest (checksum, digest, &digest_len);
  if (g_hash_table_lookup_extended (imp->seen, digest, NULL, &first))
    {
      g_autofree char *reason = g_strdup_printf (_("duplicate of feature %lld"),
                                                 (long long) GPOINTER_TO_SIZE (first));
      gw_import_reject (imp, record->fid, reason);
      return TRUE;
    }
  g_hash_table_insert (imp->seen, g_memdup2 (digest, sizeof digest),
                       GSIZE_TO_POINTER ((gsize) record->fid));
  return FALSE;
}
