/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-print"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-print-private.h"
#include "gw-renderer.h"
#include "gw-street.h"
#include "gw-util.h"

/* The print job: paper, the area and its titles, the pages (map, atlas,
 * notice board and household pages) and what they need from the store. The
 * pages are drawn by gw-print-map-page.c and gw-notice-board.c. */

G_DEFINE_FINAL_TYPE (GwPrintJob, gw_print_job, G_TYPE_OBJECT)
G_DEFINE_QUARK (gw-print-error-quark, gw_print_error)

/* Paper ------------------------------------------------------------------- */

void
gw_paper_get_size_mm (GwPaper  paper,
                      double  *width,
                      double  *height)
{
  static const double sizes[][2] = { { 210, 297 }, { 297, 420 }, { 420, 594 } };

  paper = CLAMP (paper, GW_PAPER_A4, GW_PAPER_A2);
  *width = sizes[paper][0];
  *height = sizes[paper][1];
}

gboolean
gw_paper_from_string (const char *text,
                      GwPaper    *paper,
                      GError    **error)
{
  static const char * const names[] = { "A4", "A3", "A2" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (text != NULL && g_ascii_strcasecmp (text, names[i]) == 0)
      {
        *paper = (GwPaper) i;
        return TRUE;
      }
  g_set_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_INVALID,
               _("Unknown paper size “%s”: use A4, A3 or A2"), text != NULL ? text : "");
  return FALSE;
}

gboolean
gw_print_format_from_path (const char    *path,
                           GwPrintFormat *format,
                           GError       **error)
{
  const char *dot = path != NULL ? strrchr (path, '.') : NULL;

  if (dot != NULL && g_ascii_strcasecmp (dot, ".pdf") == 0)
    *format = GW_PRINT_FORMAT_PDF;
  else if (dot != NULL && g_ascii_strcasecmp (dot, ".svg") == 0)
    *format = GW_PRINT_FORMAT_SVG;
  else if (dot != NULL && g_ascii_strcasecmp (dot, ".png") == 0)
    *format = GW_PRINT_FORMAT_PNG;
  else
    {
      g_set_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_INVALID,
                   _("Cannot tell the format of “%s”: the name must end in .pdf, .svg or .png"),
                   path != NULL ? path : "");
      return FALSE;
    }
  return TRUE;
}

void
gw_print_options_init (GwPrintOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->paper = GW_PAPER_A4;
  options->area = GW_PRINT_AREA_STREET;
  options->report_kpi = GW_KPI_ON_TIME;
  gw_bbox_init_empty (&options->view);
}

/* The job ----------------------------------------------------------------- */

static void
print_street_free (gpointer data)
{
  GwPrintStreet *street = data;

  g_free (street->code);
  g_free (street->name);
  g_free (street->district_name);
  g_free (street);
}

static void
print_board_free (gpointer data)
{
  GwPrintBoard *board = data;

  g_clear_pointer (&board->summary, gw_grid_summary_free);
  g_clear_pointer (&board->workers, g_ptr_array_unref);
  g_free (board);
}

static void
print_page_free (gpointer data)
{
  GwPrintPage *page = data;

  g_free (page->code);
  g_free (page->name);
  g_free (page->subtitle);
  g_free (page);
}

void
gw_print_caches_init (GwPrintCaches *caches)
{
  caches->locators = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                            (GDestroyNotify) cairo_surface_destroy);
  caches->labels = gw_label_cache_new ();
}

void
gw_print_caches_clear (GwPrintCaches *caches)
{
  g_clear_pointer (&caches->locators, g_hash_table_unref);
  g_clear_pointer (&caches->labels, gw_label_cache_free);
}

static void
gw_print_job_finalize (GObject *object)
{
  GwPrintJob *self = GW_PRINT_JOB (object);

  g_clear_pointer (&self->snapshot, gw_map_snapshot_unref);
  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->date);
  g_free (self->source);
  g_free (self->service_hours);
  g_free (self->hotline);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->streets, g_hash_table_unref);
  g_clear_pointer (&self->boards, g_hash_table_unref);
  g_clear_pointer (&self->households, g_hash_table_unref);
  gw_print_caches_clear (&self->caches);
  g_mutex_clear (&self->caches_lock);
  g_clear_object (&self->options.plan);
  g_clear_pointer (&self->plan_paint, g_hash_table_unref);
  g_clear_pointer (&self->plan_keys, g_array_unref);
  g_clear_pointer (&self->grid_fill, g_hash_table_unref);
  g_clear_pointer (&self->report, gw_print_report_free);
  g_clear_pointer (&self->overdue, g_ptr_array_unref);
  g_free (self->overdue_filters);
  g_free (self->overdue_as_of);

  G_OBJECT_CLASS (gw_print_job_parent_class)->finalize (object);
}

static void
gw_print_job_class_init (GwPrintJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_print_job_finalize;
}

static void
gw_print_job_init (GwPrintJob *self)
{
  self->pages = g_ptr_array_new_with_free_func (print_page_free);
  self->streets = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, print_street_free);
  self->boards = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, print_board_free);
  self->households = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                            (GDestroyNotify) g_ptr_array_unref);
  gw_print_caches_init (&self->caches);
  g_mutex_init (&self->caches_lock);
}

static gboolean
load_streets (GwStore       *store,
              GwMapSnapshot *snapshot,
              GHashTable    *streets,
              GError       **error)
{
  g_autoptr (GPtrArray) list = gw_street_list (store, error);
  guint n_communities;

  if (list == NULL)
    return FALSE;
  for (guint i = 0; i < list->len; i++)
    {
      GwStreet *row = g_ptr_array_index (list, i);
      GwPrintStreet *street = g_new0 (GwPrintStreet, 1);

      street->id = row->id;
      street->code = g_steal_pointer (&row->code);
      street->name = g_steal_pointer (&row->name);
      street->district_name = g_steal_pointer (&row->district_name);
      gw_bbox_init_empty (&street->extent);
      g_hash_table_insert (streets, &street->id, street);
    }

  /* A street's extent is that of its communities, as the map draws them. */
  n_communities = gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_COMMUNITY);
  for (guint i = 0; i < n_communities; i++)
    {
      const GwFeature *community = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_COMMUNITY, i);
      GwPrintStreet *street = g_hash_table_lookup (streets, &community->parent_id);

      if (street != NULL)
        gw_bbox_union (&street->extent, &community->shape.bbox);
    }
  return TRUE;
}

/* The street a mercator point is in, through its community; 0 if none. */
static gint64
street_at (GwMapSnapshot *snapshot,
           double         x,
           double         y)
{
  const GwFeature *community = gw_map_snapshot_pick (snapshot, GW_FEATURE_COMMUNITY, x, y);

  return community != NULL ? community->parent_id : 0;
}

static GwPrintStreet *
only_street (GHashTable *streets)
{
  GHashTableIter iter;
  gpointer value = NULL;

  if (g_hash_table_size (streets) != 1)
    return NULL;
  g_hash_table_iter_init (&iter, streets);
  g_hash_table_iter_next (&iter, NULL, &value);
  return value;
}

/* The area of a job: what it shows, what it is called, which grids. */
typedef struct
{
  GwBBox         subject;
  GwFeatureKind  highlight_kind;
  gint64         highlight_id;
  gint64         street_id;
  char          *code;
  char          *name;           /* of the grid, community, street or district */
  char          *title;
  char          *atlas_title;
  char          *subtitle;
  GPtrArray     *grids;          /* const GwFeature *, by code */
} Area;

static void
area_clear (Area *area)
{
  g_free (area->code);
  g_free (area->name);
  g_free (area->title);
  g_free (area->atlas_title);
  g_free (area->subtitle);
  g_clear_pointer (&area->grids, g_ptr_array_unref);
}

int
gw_print_compare_grid_code (gconstpointer a,
                   gconstpointer b)
{
  const GwFeature *grid_a = *(const GwFeature * const *) a;
  const GwFeature *grid_b = *(const GwFeature * const *) b;

  return g_strcmp0 (grid_a->label, grid_b->label);
}

static const char *
street_name_or_empty (GHashTable *streets,
                      gint64      street_id)
{
  GwPrintStreet *street = g_hash_table_lookup (streets, &street_id);

  return street != NULL ? street->name : "";
}

/* "市北区 · 宁夏路街道 · 汾阳路社区": the parts that are known, joined. */
static char *
join_path (const char *first,
           ...)
{
  GString *out = g_string_new (NULL);
  const char *part = first;
  va_list args;

  va_start (args, first);
  for (; part != (const char *) -1; part = va_arg (args, const char *))
    {
      if (part == NULL || *part == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, " · ");
      g_string_append (out, part);
    }
  va_end (args);
  return g_string_free (out, FALSE);
}

#define END_PATH ((const char *) -1)

/* "宁夏路街道 grid map" and "… grid atlas". */
static void
set_area_titles (Area       *area,
                 const char *name)
{
  area->name = g_strdup (name);
  /* Translators: %s is a community or street name: 汾阳路社区网格图 */
  area->title = g_strdup_printf (_("%s grid map"), name);
  /* Translators: %s is a community or street name: 汾阳路社区网格图册 */
  area->atlas_title = g_strdup_printf (_("%s grid atlas"), name);
}

typedef gboolean (*GridFilter) (GwMapSnapshot   *snapshot,
                                const GwFeature *grid,
                                gconstpointer    data);

static gboolean
grid_in_community (GwMapSnapshot   *snapshot,
                   const GwFeature *grid,
                   gconstpointer    data)
{
  const GwFeature *community = data;

  return grid->parent_id == community->id;
}

static gboolean
grid_in_street (GwMapSnapshot   *snapshot,
                const GwFeature *grid,
                gconstpointer    data)
{
  const GwPrintStreet *street = data;
  const GwFeature *community = gw_map_snapshot_lookup (snapshot, GW_FEATURE_COMMUNITY,
                                                       grid->parent_id);

  return community != NULL && community->parent_id == street->id;
}

/* A view's grids are those whose label it shows. */
static gboolean
grid_in_view (GwMapSnapshot   *snapshot,
              const GwFeature *grid,
              gconstpointer    data)
{
  return gw_bbox_contains_point (data, grid->label_point.x, grid->label_point.y);
}

/* Adds the grids @keep accepts (all of them for %NULL) to the area. */
static void
add_grids_where (GwMapSnapshot *snapshot,
                 Area          *area,
                 GridFilter     keep,
                 gconstpointer  data)
{
  guint n_grids = gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_GRID);

  for (guint i = 0; i < n_grids; i++)
    {
      const GwFeature *grid = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_GRID, i);

      if (keep == NULL || keep (snapshot, grid, data))
        g_ptr_array_add (area->grids, (gpointer) grid);
    }
}

/* One grid: its box, its code, "street · community · code". */
static gboolean
resolve_grid_area (GwMapSnapshot        *snapshot,
                   GHashTable           *streets,
                   const GwPrintOptions *options,
                   Area                 *area,
                   GError              **error)
{
  GwPrintStreet *street;
  const GwFeature *feature;
  const GwFeature *community;

  feature = gw_map_snapshot_lookup (snapshot, GW_FEATURE_GRID, options->grid_id);
  if (feature == NULL)
    {
      g_set_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_NOT_FOUND,
                   _("There is no grid with id %" PRId64 " to print"),
                   options->grid_id);
      return FALSE;
    }
  community = gw_map_snapshot_lookup (snapshot, GW_FEATURE_COMMUNITY, feature->parent_id);
  area->street_id = community != NULL ? community->parent_id : 0;
  street = g_hash_table_lookup (streets, &area->street_id);
  area->subject = feature->shape.bbox;
  area->highlight_kind = GW_FEATURE_GRID;
  area->highlight_id = feature->id;
  area->code = g_strdup (feature->label);
  area->name = g_strdup (feature->name);
  area->title = g_strdup (feature->name);
  area->atlas_title = g_strdup (feature->name);
  area->subtitle = join_path (street != NULL ? street->name : NULL,
                              community != NULL ? community->label : NULL,
                              feature->label, END_PATH);
  g_ptr_array_add (area->grids, (gpointer) feature);
  return TRUE;
}

/* One community and all its grids. */
static gboolean
resolve_community_area (GwMapSnapshot        *snapshot,
                        GHashTable           *streets,
                        const GwPrintOptions *options,
                        Area                 *area,
                        GError              **error)
{
  GwPrintStreet *street;
  const GwFeature *community;

  community = gw_map_snapshot_lookup (snapshot, GW_FEATURE_COMMUNITY, options->community_id);
  if (community == NULL)
    {
      g_set_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_NOT_FOUND,
                   _("There is no community with id %" PRId64 " to print"),
                   options->community_id);
      return FALSE;
    }
  area->street_id = community->parent_id;
  street = g_hash_table_lookup (streets, &area->street_id);
  area->subject = community->shape.bbox;
  area->highlight_kind = GW_FEATURE_COMMUNITY;
  area->highlight_id = community->id;
  area->code = g_strdup (community->name);
  set_area_titles (area, community->label);
  area->subtitle = join_path (street != NULL ? street->district_name : NULL,
                              street != NULL ? street->name : NULL,
                              community->label, END_PATH);
  add_grids_where (snapshot, area, grid_in_community, community);
  return TRUE;
}

/* One street (or, with no street chosen in a district file, everything)
 * and all its grids. */
static gboolean
resolve_street_area (GwMapSnapshot        *snapshot,
                     GHashTable           *streets,
                     const GwPrintOptions *options,
                     Area                 *area,
                     GError              **error)
{
  GwPrintStreet *street = NULL;

  if (options->street_id != 0)
    {
      street = g_hash_table_lookup (streets, &options->street_id);
      if (street == NULL)
        {
          g_set_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_NOT_FOUND,
                       _("There is no street with id %" PRId64 " to print"),
                       options->street_id);
          return FALSE;
        }
    }
  else
    street = only_street (streets);

  if (street != NULL)
    {
      area->street_id = street->id;
      area->subject = street->extent;
      area->highlight_kind = GW_FEATURE_COMMUNITY;
      area->highlight_id = -street->id;   /* every community of the street */
      area->code = g_strdup (street->code);
      set_area_titles (area, street->name);
      area->subtitle = join_path (street->district_name, street->name, END_PATH);
    }
  else
    {
      GHashTableIter iter;
      gpointer value;
      const char *district = "";

      g_hash_table_iter_init (&iter, streets);
      if (g_hash_table_iter_next (&iter, NULL, &value))
        district = ((GwPrintStreet *) value)->district_name;
      area->subject = gw_map_snapshot_get_extent (snapshot);
      area->code = g_strdup ("all");
      set_area_titles (area, district);
      area->subtitle = g_strdup (district);
    }
  add_grids_where (snapshot, area, street != NULL ? grid_in_street : NULL, street);
  return TRUE;
}

/* A mercator box (the window's view), named after the street at its
 * centre. */
static gboolean
resolve_view_area (GwMapSnapshot        *snapshot,
                   GHashTable           *streets,
                   const GwPrintOptions *options,
                   Area                 *area,
                   GError              **error)
{
  GwPrintStreet *street;

  area->subject = options->view;
  if (gw_bbox_is_empty (&area->subject) ||
      area->subject.max_x <= area->subject.min_x || area->subject.max_y <= area->subject.min_y)
    area->subject = gw_map_snapshot_get_extent (snapshot);
  area->street_id = street_at (snapshot, (area->subject.min_x + area->subject.max_x) / 2,
                               (area->subject.min_y + area->subject.max_y) / 2);
  street = g_hash_table_lookup (streets, &area->street_id);
  if (street == NULL)
    street = only_street (streets);
  area->code = g_strdup ("view");
  set_area_titles (area, street != NULL ? street->name : "");
  area->subtitle = join_path (street != NULL ? street->district_name : NULL,
                              street != NULL ? street->name : NULL, END_PATH);
  add_grids_where (snapshot, area, grid_in_view, &area->subject);
  return TRUE;
}

static gboolean
resolve_area (GwMapSnapshot        *snapshot,
              GHashTable           *streets,
              const GwPrintOptions *options,
              Area                 *area,
              GError              **error)
{
  gboolean ok;

  memset (area, 0, sizeof *area);
  area->grids = g_ptr_array_new ();
  gw_bbox_init_empty (&area->subject);

  switch (options->area)
    {
    case GW_PRINT_AREA_GRID:
      ok = resolve_grid_area (snapshot, streets, options, area, error);
      break;
    case GW_PRINT_AREA_COMMUNITY:
      ok = resolve_community_area (snapshot, streets, options, area, error);
      break;
    case GW_PRINT_AREA_STREET:
      ok = resolve_street_area (snapshot, streets, options, area, error);
      break;
    case GW_PRINT_AREA_VIEW:
    default:
      ok = resolve_view_area (snapshot, streets, options, area, error);
      break;
    }
  if (ok && gw_bbox_is_empty (&area->subject))
    {
      g_set_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_INVALID,
                   _("There is nothing on the map to print"));
      ok = FALSE;
    }
  if (!ok)
    {
      area_clear (area);
      return FALSE;
    }

  g_ptr_array_sort (area->grids, gw_print_compare_grid_code);
  return TRUE;
}

gboolean
gw_print_default_titles (GwStore              *store,
                         GwMapSnapshot        *snapshot,
                         const GwPrintOptions *options,
                         char                **title,
                         char                **subtitle,
                         GError              **error)
{
  g_autoptr (GHashTable) streets = NULL;
  Area area;

  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  streets = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, print_street_free);
  if (!load_streets (store, snapshot, streets, error) ||
      !resolve_area (snapshot, streets, options, &area, error))
    return FALSE;

  if (title != NULL && options->report_month != NULL)
    *title = gw_print_report_title (area.name);
  else if (title != NULL && options->overdue_board)
    *title = gw_print_overdue_title (area.name);
  else if (title != NULL)
    *title = g_strdup (options->atlas || options->notice_board ? area.atlas_title : area.title);
  if (subtitle != NULL)
    *subtitle = g_strdup (area.subtitle);
  area_clear (&area);
  return TRUE;
}

/* One page per grid: its code, and "street · community · grid name". */
static GwPrintPage *
grid_page_new (GwPrintJob      *self,
               GwPageKind       kind,
               const GwFeature *grid)
{
  GwPrintPage *page = g_new0 (GwPrintPage, 1);
  const GwFeature *community = gw_map_snapshot_lookup (self->snapshot, GW_FEATURE_COMMUNITY,
                                                       grid->parent_id);

  page->kind = kind;
  page->grid_id = grid->id;
  page->highlight_kind = GW_FEATURE_GRID;
  page->highlight_id = grid->id;
  page->street_id = community != NULL ? community->parent_id : 0;
  page->subject = grid->shape.bbox;
  page->code = g_strdup (grid->label);
  page->name = g_strdup (grid->name);
  page->subtitle = join_path (street_name_or_empty (self->streets, page->street_id),
                              community != NULL ? community->label : NULL, grid->name,
                              END_PATH);
  return page;
}

static gboolean
load_board (GwPrintJob *self,
            GwStore    *store,
            gint64      grid_id,
            GError    **error)
{
  g_autoptr (GDateTime) now = gw_now ();
  GwPrintBoard *board;

  if (g_hash_table_contains (self->boards, &grid_id))
    return TRUE;

  board = g_new0 (GwPrintBoard, 1);
  board->summary = gw_inspector_grid_summary (store, grid_id, now, error);
  if (board->summary != NULL)
    board->workers = gw_inspector_grid_workers (store, grid_id, error);
  if (board->workers == NULL)
    {
      print_board_free (board);
      return FALSE;
    }
  g_hash_table_insert (self->boards, &board->summary->id, board);
  return TRUE;
}

/* The job's own copies of the texts on its pages, from @options where
 * given, else from the area. */
static void
set_texts (GwPrintJob           *self,
           const GwPrintOptions *options,
           const Area           *area)
{
  g_autoptr (GDateTime) now = gw_now ();
  const GwPrintStreet *street;

  if (options->title != NULL)
    self->title = g_strdup (options->title);
  else if (options->plan != NULL)
    /* Translators: the title of a printed grid plan; %s is the draft's name */
    self->title = g_strdup_printf (_("Grid plan “%s”"), gw_plan_get_name (options->plan));
  else if (options->report_month != NULL)
    self->title = gw_print_report_title (area->name);
  else if (options->overdue_board)
    self->title = gw_print_overdue_title (area->name);
  else
    self->title = g_strdup (options->atlas || options->notice_board ? area->atlas_title
                                                                    : area->title);
  self->subtitle = g_strdup (options->subtitle != NULL ? options->subtitle : area->subtitle);
  /* Translators: the date on printed maps, a g_date_time_format() format;
   * zh_CN: %Y年%m月%d日 */
  self->date = options->date != NULL ? g_strdup (options->date)
                                     : g_date_time_format (now, _("%Y-%m-%d"));
  street = g_hash_table_lookup (self->streets, &area->street_id);
  if (street == NULL)
    street = only_street (self->streets);
  /* Translators: the source line of printed maps; %s is a street (or district) name */
  self->source = g_strdup_printf (_("Source: grid database of %s, drawn with Gridwork"),
                                  street != NULL ? street->name : area->subtitle);
  self->service_hours = g_strdup (options->service_hours != NULL ? options->service_hours
                                  : _("Mon–Fri 8:30–17:30"));
  self->hotline = g_strdup (options->hotline != NULL ? options->hotline : "12345");
  /* Only our copies from here on. */
  self->options.title = self->title;
  self->options.subtitle = self->subtitle;
  self->options.date = self->date;
  self->options.service_hours = self->service_hours;
  self->options.hotline = self->hotline;
}

/* The one page that shows the whole area. */
static GwPrintPage *
area_page_new (GwPrintJob           *self,
               const GwPrintOptions *options,
               const Area           *area)
{
  GwPrintPage *page = g_new0 (GwPrintPage, 1);

  page->kind = GW_PAGE_MAP;
  page->highlight_kind = area->highlight_kind;
  page->highlight_id = area->highlight_id;
  page->grid_id = options->area == GW_PRINT_AREA_GRID ? options->grid_id : 0;
  page->street_id = area->street_id;
  page->subject = area->subject;
  page->code = g_strdup (area->code);
  page->name = g_strdup (self->title);
  return page;
}

/* One map page for the area, or per grid its atlas page, its notice board
 * or, with both, its map page followed by its board: a grid's pages stay
 * together. */
static gboolean
add_area_pages (GwPrintJob           *self,
                GwStore              *store,
                const GwPrintOptions *options,
                const Area           *area,
                GError              **error)
{
  if (options->notice_board || options->atlas)
    {
      for (guint i = 0; i < area->grids->len; i++)
        {
          const GwFeature *grid = g_ptr_array_index (area->grids, i);

          if (options->atlas)
            g_ptr_array_add (self->pages, grid_page_new (self, GW_PAGE_MAP, grid));
          if (options->notice_board)
            {
              if (!load_board (self, store, grid->id, error))
                return FALSE;
              g_ptr_array_add (self->pages, grid_page_new (self, GW_PAGE_BOARD, grid));
            }
        }
    }
  else
    g_ptr_array_add (self->pages, area_page_new (self, options, area));
  return TRUE;
}

/* Resident data only on request, and then on pages of their own: as many
 * per grid as its households fill (one, empty, for a grid without). */
static gboolean
add_household_pages (GwPrintJob  *self,
                     GwStore     *store,
                     const Area  *area,
                     GError     **error)
{
  guint rows_per_page = gw_print_household_rows_per_page (self);

  for (guint i = 0; i < area->grids->len; i++)
    {
      const GwFeature *grid = g_ptr_array_index (area->grids, i);
      g_autoptr (GPtrArray) households = gw_inspector_households (store, grid->id, 0, error);
      guint n;

      if (households == NULL)
        return FALSE;
      n = households->len;
      g_hash_table_insert (self->households, g_memdup2 (&grid->id, sizeof grid->id),
                           g_ptr_array_ref (households));
      for (guint first = 0; first < MAX (n, 1); first += rows_per_page)
        {
          GwPrintPage *page = grid_page_new (self, GW_PAGE_HOUSEHOLDS, grid);

          page->first_row = first;
          page->n_rows = MIN (rows_per_page, n - MIN (first, n));
          g_ptr_array_add (self->pages, page);
        }
    }
  return TRUE;
}

GwPrintJob *
gw_print_job_new (GwStore              *store,
                  GwMapSnapshot        *snapshot,
                  const GwPrintOptions *options,
                  GError              **error)
{
  g_autoptr (GwPrintJob) self = NULL;
  Area area;
  gboolean ok;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options->scale != 0 && (options->scale < 100 || options->scale > 10000000))
    {
      g_set_error (error, GW_PRINT_ERROR, GW_PRINT_ERROR_INVALID,
                   _("The scale 1:%u is not one a map can be printed at"), options->scale);
      return NULL;
    }

  self = g_object_new (GW_TYPE_PRINT_JOB, NULL);
  self->snapshot = gw_map_snapshot_ref (snapshot);
  self->options = *options;
  if (self->options.plan != NULL)
    g_object_ref (self->options.plan);
  self->options.paper = CLAMP (options->paper, GW_PAPER_A4, GW_PAPER_A2);
  /* The report's tables are laid out for portrait paper. */
  if (options->report_month != NULL)
    self->options.landscape = FALSE;
  /* The board's eleven columns want landscape paper. */
  else if (options->overdue_board)
    self->options.landscape = TRUE;
  gw_paper_get_size_mm (self->options.paper, &self->paper_width, &self->paper_height);

  if (!load_streets (store, snapshot, self->streets, error) ||
      !resolve_area (snapshot, self->streets, options, &area, error))
    return NULL;
  /* One map page fitted to the area: the paper turned the way it fills. */
  if (options->orientation_auto && options->scale == 0 && !options->atlas
      && !options->notice_board && options->report_month == NULL && !options->overdue_board
      && options->plan == NULL && !gw_bbox_is_empty (&area.subject))
    self->options.landscape = gw_print_map_prefers_landscape (self, &area.subject);
  if (self->options.landscape)
    {
      double swap = self->paper_width;

      self->paper_width = self->paper_height;
      self->paper_height = swap;
    }

  set_texts (self, options, &area);
  if (options->report_month != NULL)
    ok = gw_print_add_report_pages (self, store, area.grids, area_page_new (self, options, &area),
                                    error);
  else if (options->overdue_board)
    ok = gw_print_add_overdue_pages (self, store, area.grids, area_page_new (self, options, &area),
                                     error);
  else
    ok = add_area_pages (self, store, options, &area, error) &&
       (!options->households || add_household_pages (self, store, &area, error)) &&
       (options->plan == NULL || gw_print_add_plan_pages (self, error));
  area_clear (&area);
  return ok ? g_steal_pointer (&self) : NULL;
}

guint
gw_print_job_get_n_pages (GwPrintJob *self)
{
  g_return_val_if_fail (GW_IS_PRINT_JOB (self), 0);

  return self->pages->len;
}

void
gw_print_job_get_paper_size (GwPrintJob *self,
                             double     *width,
                             double     *height)
{
  g_return_if_fail (GW_IS_PRINT_JOB (self));

  if (width != NULL)
    *width = self->paper_width;
  if (height != NULL)
    *height = self->paper_height;
}

const char *
gw_print_job_get_title (GwPrintJob *self)
{
  g_return_val_if_fail (GW_IS_PRINT_JOB (self), NULL);

  return self->title;
}

const char *
gw_print_job_get_subtitle (GwPrintJob *self)
{
  g_return_val_if_fail (GW_IS_PRINT_JOB (self), NULL);

  return self->subtitle;
}

const char *
gw_print_job_get_page_code (GwPrintJob *self,
                            guint       page)
{
  g_return_val_if_fail (GW_IS_PRINT_JOB (self), NULL);
  g_return_val_if_fail (page < self->pages->len, NULL);

  return ((GwPrintPage *) g_ptr_array_index (self->pages, page))->code;
}

const GwStyle *
gw_print_job_get_style (GwPrintJob *self)
{
  return self->options.magenta_grids ? gw_style_get_magenta_grids () : gw_style_get_default ();
}

/* Pages ------------------------------------------------------------------- */

double
gw_print_paper_factor (GwPrintJob *self)
{
  return sqrt (MIN (self->paper_width, self->paper_height) / 210.0);
}

void
gw_print_job_get_page_geometry (GwPrintJob     *self,
                                guint           page,
                                GwPageGeometry *geometry)
{
  const GwPrintPage *spec;

  g_return_if_fail (GW_IS_PRINT_JOB (self));
  g_return_if_fail (page < self->pages->len);
  g_return_if_fail (geometry != NULL);

  spec = g_ptr_array_index (self->pages, page);
  memset (geometry, 0, sizeof *geometry);
  gw_bbox_init_empty (&geometry->map_bbox);
  geometry->paper_width = self->paper_width;
  geometry->paper_height = self->paper_height;

  switch (spec->kind)
    {
    case GW_PAGE_MAP:
      gw_print_map_page_geometry (self, spec, geometry);
      break;
    case GW_PAGE_BOARD:
      gw_print_board_geometry (self, spec, geometry);
      break;
    case GW_PAGE_REPORT_MAP:
      gw_print_report_geometry (self, spec, geometry);
      break;
    case GW_PAGE_HOUSEHOLDS:
    case GW_PAGE_PLAN_TABLE:
    default:
      break;
    }
}

GArray *
gw_print_job_get_neighbour_tags (GwPrintJob *self,
                                 guint       page,
                                 GwPageRect *grid_label)
{
  const GwPrintPage *spec;
  GwPageGeometry geometry;
  GwPageRect plates[2], unused;
  g_autoptr (GArray) tags = NULL;
  GArray *boxes;

  g_return_val_if_fail (GW_IS_PRINT_JOB (self), NULL);
  g_return_val_if_fail (page < self->pages->len, NULL);

  spec = g_ptr_array_index (self->pages, page);
  boxes = g_array_new (FALSE, FALSE, sizeof (GwPageRect));
  if (grid_label != NULL)
    *grid_label = (GwPageRect) { 0 };
  if (spec->grid_id == 0 || (spec->kind != GW_PAGE_MAP && spec->kind != GW_PAGE_BOARD))
    return boxes;

  /* As the pages draw them: boards keep their plates clear. */
  gw_print_job_get_page_geometry (self, page, &geometry);
  if (spec->kind == GW_PAGE_BOARD)
    gw_print_board_plates (self, spec, plates);
  tags = gw_print_neighbour_tags (self, spec, &geometry.map_frame, &geometry.map_bbox,
                                  spec->kind == GW_PAGE_BOARD ? plates : NULL,
                                  spec->kind == GW_PAGE_BOARD ? 2 : 0,
                                  grid_label != NULL ? grid_label : &unused);
  for (guint i = 0; i < tags->len; i++)
    g_array_append_val (boxes, g_array_index (tags, GwPrintTag, i).box);
  return boxes;
}

void
gw_print_job_set_max_pdf_parts (GwPrintJob *self,
                                guint       n)
{
  g_return_if_fail (GW_IS_PRINT_JOB (self));

  self->max_pdf_parts = n;
}

void
gw_print_job_draw_page (GwPrintJob *self,
                        cairo_t    *cr,
                        guint       page,
                        double      units_per_mm)
{
  g_return_if_fail (GW_IS_PRINT_JOB (self));

  /* The preview and an export may draw at once, on their threads. */
  g_mutex_lock (&self->caches_lock);
  gw_print_job_draw_page_cached (self, cr, page, units_per_mm, &self->caches);
  g_mutex_unlock (&self->caches_lock);
}

void
gw_print_job_draw_page_cached (GwPrintJob    *self,
                               cairo_t       *cr,
                               guint          page,
                               double         units_per_mm,
                               GwPrintCaches *caches)
{
  GwPageContext pc = { 0 };

  g_return_if_fail (GW_IS_PRINT_JOB (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < self->pages->len);
  g_return_if_fail (units_per_mm > 0);
  g_return_if_fail (caches != NULL);

  cairo_save (cr);
  cairo_get_matrix (cr, &pc.caller_matrix);
  cairo_scale (cr, units_per_mm, units_per_mm);
  pc.job = self;
  pc.caches = caches;
  pc.cr = cr;
  pc.units_per_mm = units_per_mm;
  pc.k = gw_print_paper_factor (self);
  pc.page = page;
  pc.spec = g_ptr_array_index (self->pages, page);
  /* Text in millimetres on any target: no snapping to a pixel grid that
   * the paper does not have. */
  pc.pango = gw_style_create_pango_context (cr);
  pango_context_set_round_glyph_positions (pc.pango, FALSE);

  switch (pc.spec->kind)
    {
    case GW_PAGE_MAP:
      gw_print_draw_map_page (&pc);
      break;
    case GW_PAGE_BOARD:
      gw_print_draw_board (&pc);
      break;
    case GW_PAGE_PLAN_TABLE:
      gw_print_draw_plan_table (&pc);
      break;
    case GW_PAGE_REPORT_MAP:
      gw_print_draw_report_map (&pc);
      break;
    case GW_PAGE_REPORT_TABLES:
      gw_print_draw_report_tables (&pc);
      break;
    case GW_PAGE_OVERDUE:
      gw_print_draw_overdue (&pc);
      break;
    case GW_PAGE_HOUSEHOLDS:
    default:
      gw_print_draw_households (&pc);
      break;
    }

  g_object_unref (pc.pango);
  cairo_restore (cr);
}
