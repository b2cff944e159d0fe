/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-print"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-print-private.h"
#include "gw-render-shape.h"
#include "gw-renderer.h"
#include "gw-street.h"
#include "gw-util.h"

/* Map pages: header (title, subtitle, code), the map frame, a panel with
 * legend, north arrow, scale and locator (below the map in portrait, beside
 * it in landscape), and a footer. All sizes are millimetres at A4 and grow
 * with sqrt of the paper's size, so an A2 wall map is not all map and no
 * title. */

/* Nice scales "fit" rounds up to, so that the printed scale reads cleanly. */
static const guint nice_scales[] = {
  250, 500, 750, 1000, 1250, 1500, 2000, 2500, 3000, 4000, 5000, 6000, 7500,
  10000, 12500, 15000, 20000, 25000, 30000, 40000, 50000, 60000, 75000,
  100000, 125000, 150000, 200000, 250000, 300000, 400000, 500000, 750000, 1000000,
};

/* The fitted area keeps this much of the frame free at each side. */
#define FIT_MARGIN 0.04

G_DEFINE_FINAL_TYPE (GwPrintJob, gw_print_job, G_TYPE_OBJECT)

typedef struct
{
  GwPageRect header;
  GwPageRect map;
  GwPageRect legend;
  GwPageRect scale_block;
  GwPageRect north;
  GwPageRect locator;
  GwPageRect footer;
} MapLayout;

/* Helpers --------------------------------------------------------------- */

void
gw_print_set_rgb (cairo_t *cr,
                  guint32  rgb)
{
  cairo_set_source_rgb (cr, (rgb >> 16 & 0xff) / 255.0, (rgb >> 8 & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
}

static guint32
color_rgb (const GwColor *color)
{
  return ((guint32) round (color->red * 255) << 16) |
         ((guint32) round (color->green * 255) << 8) | (guint32) round (color->blue * 255);
}

PangoLayout *
gw_print_text (GwPageContext *pc,
               const char    *text,
               double         size_pt,
               PangoWeight    weight,
               double         width_mm,
               PangoAlignment align)
{
  PangoLayout *layout = pango_layout_new (pc->pango);
  g_autoptr (PangoFontDescription) font = pango_font_description_new ();

  pango_font_description_set_family_static (font, GW_STYLE_FONT_FAMILY);
  pango_font_description_set_weight (font, weight);
  pango_font_description_set_absolute_size (font, GW_PT (size_pt) * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  if (width_mm > 0)
    {
      pango_layout_set_width (layout, (int) (width_mm * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

void
gw_print_text_size (PangoLayout *layout,
                    double      *width,
                    double      *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
}

void
gw_print_fit_width (PangoLayout *layout,
                    double       width_mm)
{
  double width;

  gw_print_text_size (layout, &width, NULL);
  if (width > width_mm && width > 0)
    {
      g_autoptr (PangoFontDescription) font =
        pango_font_description_copy (pango_layout_get_font_description (layout));

      pango_font_description_set_absolute_size (
        font, pango_font_description_get_size (font) * width_mm / width * 0.98);
      pango_layout_set_font_description (layout, font);
    }
}

void
gw_print_show (GwPageContext *pc,
               PangoLayout   *layout,
               double         x,
               double         y,
               guint32        rgb)
{
  cairo_move_to (pc->cr, x, y);
  gw_print_set_rgb (pc->cr, rgb);
  pango_cairo_show_layout (pc->cr, layout);
  /* Leave no current point for an arc to draw a line from. */
  cairo_new_path (pc->cr);
}

/* Shows @text in one call; returns its height. */
static double
show_text (GwPageContext *pc,
           const char    *text,
           double         size_pt,
           PangoWeight    weight,
           double         x,
           double         y,
           double         width_mm,
           PangoAlignment align,
           guint32        rgb)
{
  g_autoptr (PangoLayout) layout = gw_print_text (pc, text, size_pt, weight, width_mm, align);
  double height;

  gw_print_show (pc, layout, x, y, rgb);
  gw_print_text_size (layout, NULL, &height);
  return height;
}

/* "12345" → "12,345": a scale reads better grouped. */
char *
gw_print_format_grouped (guint value)
{
  g_autofree char *digits = g_strdup_printf ("%u", value);
  GString *out = g_string_new (NULL);
  gsize n = strlen (digits);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static double
bbox_centre_lat (const GwBBox *bbox)
{
  double lon, lat;

  gw_mercator_to_lonlat ((bbox->min_x + bbox->max_x) / 2, (bbox->min_y + bbox->max_y) / 2,
                         &lon, &lat);
  return lat;
}

/* Mercator metres per millimetre of paper at 1:@scale around @lat. */
static double
merc_per_mm (double scale,
             double lat)
{
  return scale / 1000.0 / cos (lat * G_PI / 180.0);
}

GwBBox
gw_print_map_bbox (const GwBBox     *subject,
                   const GwPageRect *frame,
                   double            scale,
                   double           *scale_out)
{
  double cx = (subject->min_x + subject->max_x) / 2;
  double cy = (subject->min_y + subject->max_y) / 2;
  double lat = bbox_centre_lat (subject);
  double per_mm;
  GwBBox bbox;

  if (scale <= 0)
    {
      double usable_w = frame->width * (1 - 2 * FIT_MARGIN);
      double usable_h = frame->height * (1 - 2 * FIT_MARGIN);
      double ground = cos (lat * G_PI / 180.0);
      double need = MAX ((subject->max_x - subject->min_x) * ground / (usable_w / 1000.0),
                         (subject->max_y - subject->min_y) * ground / (usable_h / 1000.0));

      scale = nice_scales[G_N_ELEMENTS (nice_scales) - 1];
      for (guint i = 0; i < G_N_ELEMENTS (nice_scales); i++)
        if (nice_scales[i] >= need)
          {
            scale = nice_scales[i];
            break;
          }
      /* Bigger than the largest nice scale: fit exactly. */
      if (need > scale)
        scale = ceil (need);
    }

  per_mm = merc_per_mm (scale, lat);
  bbox.min_x = cx - frame->width / 2 * per_mm;
  bbox.max_x = cx + frame->width / 2 * per_mm;
  bbox.min_y = cy - frame->height / 2 * per_mm;
  bbox.max_y = cy + frame->height / 2 * per_mm;
  if (scale_out != NULL)
    *scale_out = scale;
  return bbox;
}

double
gw_scale_bar_choose (double  scale,
                     double  max_mm,
                     double *length_mm)
{
  double metres_max, step, metres = 0;

  g_return_val_if_fail (scale > 0, 0);
  g_return_val_if_fail (max_mm > 0, 0);

  metres_max = max_mm / 1000.0 * scale;
  step = pow (10, floor (log10 (metres_max)));
  for (int i = 0; i < 3; i++)
    {
      static const double mantissa[3] = { 5, 2, 1 };

      if (mantissa[i] * step <= metres_max * (1 + 1e-9))
        {
          metres = mantissa[i] * step;
          break;
        }
    }
  if (length_mm != NULL)
    *length_mm = metres * 1000.0 / scale;
  return metres;
}

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
  g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
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
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
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
  g_clear_pointer (&self->locators, g_hash_table_unref);
  g_clear_pointer (&self->labels, gw_label_cache_free);

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
  self->locators = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                          (GDestroyNotify) cairo_surface_destroy);
  self->labels = gw_label_cache_new ();
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
  char          *title;
  char          *atlas_title;
  char          *subtitle;
  GPtrArray     *grids;          /* const GwFeature *, by code */
} Area;

static void
area_clear (Area *area)
{
  g_free (area->code);
  g_free (area->title);
  g_free (area->atlas_title);
  g_free (area->subtitle);
  g_clear_pointer (&area->grids, g_ptr_array_unref);
}

static int
compare_grid_code (gconstpointer a,
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

static gboolean
resolve_area (GwMapSnapshot        *snapshot,
              GHashTable           *streets,
              const GwPrintOptions *options,
              Area                 *area,
              GError              **error)
{
  guint n_grids = gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_GRID);
  GwPrintStreet *street = NULL;
  const GwFeature *feature = NULL;
  const GwFeature *community = NULL;

  memset (area, 0, sizeof *area);
  area->grids = g_ptr_array_new ();
  gw_bbox_init_empty (&area->subject);

  switch (options->area)
    {
    case GW_PRINT_AREA_GRID:
      feature = gw_map_snapshot_lookup (snapshot, GW_FEATURE_GRID, options->grid_id);
      if (feature == NULL)
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
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
      area->title = g_strdup (feature->name);
      area->atlas_title = g_strdup (feature->name);
      area->subtitle = join_path (street != NULL ? street->name : NULL,
                                  community != NULL ? community->label : NULL,
                                  feature->label, END_PATH);
      g_ptr_array_add (area->grids, (gpointer) feature);
      break;

    case GW_PRINT_AREA_COMMUNITY:
      community = gw_map_snapshot_lookup (snapshot, GW_FEATURE_COMMUNITY, options->community_id);
      if (community == NULL)
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
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
      /* Translators: %s is a community or street name: 汾阳路社区网格图 */
      area->title = g_strdup_printf (_("%s grid map"), community->label);
      /* Translators: %s is a community or street name: 汾阳路社区网格图册 */
      area->atlas_title = g_strdup_printf (_("%s grid atlas"), community->label);
      area->subtitle = join_path (street != NULL ? street->district_name : NULL,
                                  street != NULL ? street->name : NULL,
                                  community->label, END_PATH);
      for (guint i = 0; i < n_grids; i++)
        {
          const GwFeature *grid = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_GRID, i);

          if (grid->parent_id == community->id)
            g_ptr_array_add (area->grids, (gpointer) grid);
        }
      break;

    case GW_PRINT_AREA_STREET:
      if (options->street_id != 0)
        {
          street = g_hash_table_lookup (streets, &options->street_id);
          if (street == NULL)
            {
              g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
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
          area->title = g_strdup_printf (_("%s grid map"), street->name);
          area->atlas_title = g_strdup_printf (_("%s grid atlas"), street->name);
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
          area->title = g_strdup_printf (_("%s grid map"), district);
          area->atlas_title = g_strdup_printf (_("%s grid atlas"), district);
          area->subtitle = g_strdup (district);
        }
      for (guint i = 0; i < n_grids; i++)
        {
          const GwFeature *grid = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_GRID, i);

          if (street != NULL)
            {
              community = gw_map_snapshot_lookup (snapshot, GW_FEATURE_COMMUNITY, grid->parent_id);
              if (community == NULL || community->parent_id != street->id)
                continue;
            }
          g_ptr_array_add (area->grids, (gpointer) grid);
        }
      break;

    case GW_PRINT_AREA_VIEW:
    default:
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
      area->title = g_strdup_printf (_("%s grid map"), street != NULL ? street->name : "");
      area->atlas_title = g_strdup_printf (_("%s grid atlas"), street != NULL ? street->name : "");
      area->subtitle = join_path (street != NULL ? street->district_name : NULL,
                                  street != NULL ? street->name : NULL, END_PATH);
      for (guint i = 0; i < n_grids; i++)
        {
          const GwFeature *grid = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_GRID, i);

          if (gw_bbox_contains_point (&area->subject, grid->label_point.x, grid->label_point.y))
            g_ptr_array_add (area->grids, (gpointer) grid);
        }
      break;
    }

  if (gw_bbox_is_empty (&area->subject))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("There is nothing on the map to print"));
      return FALSE;
    }

  g_ptr_array_sort (area->grids, compare_grid_code);
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

  if (title != NULL)
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

GwPrintJob *
gw_print_job_new (GwStore              *store,
                  GwMapSnapshot        *snapshot,
                  const GwPrintOptions *options,
                  GError              **error)
{
  g_autoptr (GwPrintJob) self = NULL;
  g_autoptr (GDateTime) now = NULL;
  Area area;
  const GwPrintStreet *street;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options->scale != 0 && (options->scale < 100 || options->scale > 10000000))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("The scale 1:%u is not one a map can be printed at"), options->scale);
      return NULL;
    }

  self = g_object_new (GW_TYPE_PRINT_JOB, NULL);
  self->snapshot = gw_map_snapshot_ref (snapshot);
  self->options = *options;
  self->options.paper = CLAMP (options->paper, GW_PAPER_A4, GW_PAPER_A2);
  gw_paper_get_size_mm (self->options.paper, &self->paper_width, &self->paper_height);
  if (options->landscape)
    {
      double swap = self->paper_width;

      self->paper_width = self->paper_height;
      self->paper_height = swap;
    }

  if (!load_streets (store, snapshot, self->streets, error) ||
      !resolve_area (snapshot, self->streets, options, &area, error))
    return NULL;

  self->title = g_strdup (options->title != NULL ? options->title
                          : options->atlas || options->notice_board ? area.atlas_title
                          : area.title);
  self->subtitle = g_strdup (options->subtitle != NULL ? options->subtitle : area.subtitle);
  now = gw_now ();
  /* Translators: the date on printed maps, a g_date_time_format() format;
   * zh_CN: %Y年%m月%d日 */
  self->date = options->date != NULL ? g_strdup (options->date)
                                     : g_date_time_format (now, _("%Y-%m-%d"));
  street = g_hash_table_lookup (self->streets, &area.street_id);
  if (street == NULL)
    street = only_street (self->streets);
  /* Translators: the source line of printed maps; %s is a street (or district) name */
  self->source = g_strdup_printf (_("Source: grid database of %s, drawn with Gridwork"),
                                  street != NULL ? street->name : area.subtitle);
  self->service_hours = g_strdup (options->service_hours != NULL ? options->service_hours
                                  : _("Mon–Fri 8:30–17:30"));
  self->hotline = g_strdup (options->hotline != NULL ? options->hotline : "12345");
  /* Only our copies from here on. */
  self->options.title = self->title;
  self->options.subtitle = self->subtitle;
  self->options.date = self->date;
  self->options.service_hours = self->service_hours;
  self->options.hotline = self->hotline;

  if (options->notice_board || options->atlas)
    {
      for (guint i = 0; i < area.grids->len; i++)
        {
          const GwFeature *grid = g_ptr_array_index (area.grids, i);

          if (options->notice_board && !load_board (self, store, grid->id, error))
            {
              area_clear (&area);
              return NULL;
            }
          g_ptr_array_add (self->pages,
                           grid_page_new (self, options->notice_board ? GW_PAGE_BOARD
                                                                      : GW_PAGE_MAP, grid));
        }
    }
  else
    {
      GwPrintPage *page = g_new0 (GwPrintPage, 1);

      page->kind = GW_PAGE_MAP;
      page->highlight_kind = area.highlight_kind;
      page->highlight_id = area.highlight_id;
      page->grid_id = options->area == GW_PRINT_AREA_GRID ? options->grid_id : 0;
      page->street_id = area.street_id;
      page->subject = area.subject;
      page->code = g_strdup (area.code);
      page->name = g_strdup (self->title);
      g_ptr_array_add (self->pages, page);
    }

  /* Resident data only on request, and then on pages of their own. */
  if (options->households)
    {
      guint rows_per_page = gw_print_household_rows_per_page (self);

      for (guint i = 0; i < area.grids->len; i++)
        {
          const GwFeature *grid = g_ptr_array_index (area.grids, i);
          g_autoptr (GPtrArray) households = gw_inspector_households (store, grid->id, 0, error);
          guint n;

          if (households == NULL)
            {
              area_clear (&area);
              return NULL;
            }
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
    }

  area_clear (&area);
  return g_steal_pointer (&self);
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

/* Map page geometry -------------------------------------------------------- */

double
gw_print_paper_factor (GwPrintJob *self)
{
  return sqrt (MIN (self->paper_width, self->paper_height) / 210.0);
}

static void
map_layout (GwPrintJob *self,
            MapLayout  *l)
{
  double k = gw_print_paper_factor (self);
  double w = self->paper_width, h = self->paper_height;
  double m = 10 * k, gap = 4 * k;
  double header_h = 17 * k, footer_h = 5 * k;

  l->header = (GwPageRect) { m, m, w - 2 * m, header_h };
  l->footer = (GwPageRect) { m, h - m - footer_h, w - 2 * m, footer_h };

  if (!self->options.landscape)
    {
      double panel_h = 44 * k;
      double panel_y = l->footer.y - gap - panel_h;
      double inner = w - 2 * m;
      double legend_w = inner * 0.44, scale_w = inner * 0.24;
      double locator_w = inner - legend_w - scale_w - 2 * gap;

      l->map = (GwPageRect) { m, l->header.y + header_h + gap, inner,
                              panel_y - gap - (l->header.y + header_h + gap) };
      l->legend = (GwPageRect) { m, panel_y, legend_w, panel_h };
      l->scale_block = (GwPageRect) { m + legend_w + gap, panel_y, scale_w, panel_h };
      l->locator = (GwPageRect) { w - m - locator_w, panel_y, locator_w, panel_h };
    }
  else
    {
      double panel_w = 62 * k;
      double top = l->header.y + header_h + gap;
      double bottom = l->footer.y - gap;
      double panel_x = w - m - panel_w;
      double scale_h = 34 * k, locator_h = MIN (48 * k, (bottom - top) * 0.34);

      l->map = (GwPageRect) { m, top, panel_x - gap - m, bottom - top };
      l->scale_block = (GwPageRect) { panel_x, top, panel_w, scale_h };
      l->locator = (GwPageRect) { panel_x, bottom - locator_h, panel_w, locator_h };
      l->legend = (GwPageRect) { panel_x, top + scale_h + gap, panel_w,
                                 bottom - locator_h - gap - (top + scale_h + gap) };
    }

  /* The north arrow heads the scale block. */
  {
    double s = 13 * k;

    l->north = (GwPageRect) { l->scale_block.x + (l->scale_block.width - s * 0.6) / 2,
                              l->scale_block.y + 2 * k, s * 0.6, s };
  }
}

/* Scale text and bar under the north arrow in @block; fills the bar's
 * rectangle and ground length. */
static void
scale_bar_layout (const GwPageRect *block,
                  double            top,
                  double            scale,
                  double            k,
                  GwPageRect       *bar,
                  double           *metres)
{
  double max_mm = MIN (block->width - 10 * k, 60 * k);
  double length;

  *metres = gw_scale_bar_choose (scale, MAX (max_mm, 5), &length);
  bar->width = length;
  bar->height = 1.6 * k;
  bar->x = block->x + (block->width - length) / 2 - 2.5 * k;
  bar->y = top;
}

static void
map_page_geometry (GwPrintJob        *self,
                   const GwPrintPage *spec,
                   GwPageGeometry    *g,
                   MapLayout         *l)
{
  double k = gw_print_paper_factor (self);

  map_layout (self, l);
  g->map_frame = l->map;
  g->map_bbox = gw_print_map_bbox (&spec->subject, &l->map, self->options.scale, &g->scale);
  g->legend = l->legend;
  g->locator = l->locator;
  g->north_arrow = l->north;
  scale_bar_layout (&l->scale_block, l->north.y + l->north.height + 14 * k, g->scale, k,
                    &g->scale_bar, &g->scale_bar_metres);
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
      {
        MapLayout layout;

        map_page_geometry (self, spec, geometry, &layout);
      }
      break;
    case GW_PAGE_BOARD:
      gw_print_board_geometry (self, spec, geometry);
      break;
    case GW_PAGE_HOUSEHOLDS:
    default:
      break;
    }
}

/* Drawing: the map frame ------------------------------------------------- */

/* The outline of what a page is about: a grid, a community, or all the
 * communities of a street (highlight id −street). Returns FALSE if none. */
static gboolean
append_highlight (GwPageContext           *pc,
                  const GwRenderTransform *t)
{
  GwMapSnapshot *snapshot = pc->job->snapshot;
  const GwPrintPage *spec = pc->spec;
  gboolean any = FALSE;

  if (spec->highlight_id > 0)
    {
      const GwFeature *feature = gw_map_snapshot_lookup (snapshot, spec->highlight_kind,
                                                         spec->highlight_id);

      if (feature != NULL)
        {
          gw_render_append_shape (pc->cr, t, &feature->shape, GW_RENDER_SHAPE_CLOSED, 0);
          any = TRUE;
        }
    }
  else if (spec->highlight_id < 0 && spec->highlight_kind == GW_FEATURE_COMMUNITY)
    {
      guint n = gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_COMMUNITY);

      for (guint i = 0; i < n; i++)
        {
          const GwFeature *community = gw_map_snapshot_get_feature (snapshot,
                                                                    GW_FEATURE_COMMUNITY, i);

          if (community->parent_id == -spec->highlight_id)
            {
              gw_render_append_shape (pc->cr, t, &community->shape, GW_RENDER_SHAPE_CLOSED, 0);
              any = TRUE;
            }
        }
    }
  return any;
}

/* Squared distance from @p to segment ab. */
static double
segment_distance2 (const GwPoint *p,
                   const GwPoint *a,
                   const GwPoint *b)
{
  double dx = b->x - a->x, dy = b->y - a->y;
  double len2 = dx * dx + dy * dy;
  double u = len2 > 0 ? ((p->x - a->x) * dx + (p->y - a->y) * dy) / len2 : 0;
  double ex, ey;

  u = CLAMP (u, 0, 1);
  ex = a->x + u * dx - p->x;
  ey = a->y + u * dy - p->y;
  return ex * ex + ey * ey;
}

typedef struct
{
  const GwFeature *grid;
  GPtrArray       *found;
} NeighbourQuery;

static gboolean
collect_grid (const GwFeature *feature,
              gpointer         user_data)
{
  NeighbourQuery *query = user_data;

  if (feature->id != query->grid->id)
    g_ptr_array_add (query->found, (gpointer) feature);
  return TRUE;
}

/* Where @neighbour touches @grid: the mean of its vertices on @grid's
 * outline. FALSE if they do not share a boundary. */
static gboolean
shared_boundary_point (const GwFeature *grid,
                       const GwFeature *neighbour,
                       double           tolerance,
                       GwPoint         *point)
{
  const GwShape *a = &grid->shape, *b = &neighbour->shape;
  double tol2 = tolerance * tolerance, sx = 0, sy = 0;
  guint n = 0;

  for (guint i = 0; i < b->n_points; i++)
    {
      const GwPoint *p = &b->points[i];

      if (!gw_bbox_contains_point (&(GwBBox) { a->bbox.min_x - tolerance, a->bbox.min_y - tolerance,
                                               a->bbox.max_x + tolerance, a->bbox.max_y + tolerance },
                                   p->x, p->y))
        continue;
      for (guint r = 0; r < a->n_rings; r++)
        {
          guint start = a->ring_starts[r], end = a->ring_starts[r + 1];
          gboolean on = FALSE;

          for (guint j = start; j + 1 < end && !on; j++)
            on = segment_distance2 (p, &a->points[j], &a->points[j + 1]) <= tol2;
          if (on)
            {
              sx += p->x;
              sy += p->y;
              n++;
              break;
            }
        }
    }
  if (n < 2)
    return FALSE;
  point->x = sx / n;
  point->y = sy / n;
  return TRUE;
}

/* Neighbours' codes at the frame's edge in their direction, so a reader of
 * the atlas knows which page to turn to. */
static void
draw_neighbour_codes (GwPageContext           *pc,
                      const GwPageRect        *frame,
                      const GwRenderTransform *t,
                      const GwFeature         *grid)
{
  cairo_t *cr = pc->cr;
  const GwStyle *style = gw_print_job_get_style (pc->job);
  double tolerance = 3.0;   /* mercator metres: shared edges are digitised once */
  g_autoptr (GPtrArray) found = g_ptr_array_new ();
  g_autoptr (GArray) placed = g_array_new (FALSE, FALSE, sizeof (GwBBox));
  NeighbourQuery query = { grid, found };
  GwBBox search = { grid->shape.bbox.min_x - tolerance, grid->shape.bbox.min_y - tolerance,
                    grid->shape.bbox.max_x + tolerance, grid->shape.bbox.max_y + tolerance };
  double cx = frame->x + frame->width / 2, cy = frame->y + frame->height / 2;
  double inset = 1.2 * pc->k;

  gw_map_snapshot_query (pc->job->snapshot, GW_FEATURE_GRID, &search, collect_grid, &query);
  g_ptr_array_sort (found, compare_grid_code);

  for (guint i = 0; i < found->len; i++)
    {
      const GwFeature *neighbour = g_ptr_array_index (found, i);
      g_autoptr (PangoLayout) layout = NULL;
      GwPoint shared;
      double dx, dy, tw, th, bw, bh, s, px, py, x0, y0, arrow = 1.4 * pc->k;
      int side;   /* 0 top, 1 right, 2 bottom, 3 left */
      GwBBox box;

      if (!shared_boundary_point (grid, neighbour, tolerance, &shared))
        continue;
      dx = gw_render_transform_x (t, shared.x) - cx;
      dy = gw_render_transform_y (t, shared.y) - cy;
      if (fabs (dx) < 1e-9 && fabs (dy) < 1e-9)
        continue;

      layout = gw_print_text (pc, neighbour->label, 6.5 * pc->k, PANGO_WEIGHT_BOLD, -1,
                              PANGO_ALIGN_LEFT);
      gw_print_text_size (layout, &tw, &th);
      bw = tw + 2.4 * pc->k;
      bh = th + 0.8 * pc->k;

      /* The ray from the frame's centre through the shared edge meets the
       * frame on this side. */
      s = MIN (fabs (dx) > 1e-9 ? (frame->width / 2 - inset - bw / 2) / fabs (dx) : G_MAXDOUBLE,
               fabs (dy) > 1e-9 ? (frame->height / 2 - inset - bh / 2 - arrow) / fabs (dy)
                                : G_MAXDOUBLE);
      px = cx + dx * s;
      py = cy + dy * s;
      if (fabs (dx * s) >= frame->width / 2 - inset - bw / 2 - 1e-6)
        side = dx > 0 ? 1 : 3;
      else
        side = dy > 0 ? 2 : 0;
      if (side == 1 || side == 3)
        px += side == 1 ? -arrow : arrow;

      /* Slide along the edge until it meets no tag already placed. */
      for (int attempt = 0; attempt < 12; attempt++)
        {
          gboolean clash = FALSE;

          px = CLAMP (px, frame->x + inset + bw / 2 + arrow,
                      frame->x + frame->width - inset - bw / 2 - arrow);
          py = CLAMP (py, frame->y + inset + bh / 2 + arrow,
                      frame->y + frame->height - inset - bh / 2 - arrow);
          box = (GwBBox) { px - bw / 2 - 0.5, py - bh / 2 - 0.5, px + bw / 2 + 0.5, py + bh / 2 + 0.5 };
          for (guint j = 0; j < placed->len && !clash; j++)
            clash = gw_bbox_intersects (&box, &g_array_index (placed, GwBBox, j));
          if (!clash)
            break;
          if (side == 0 || side == 2)
            px += (attempt % 2 == 0 ? 1 : -1) * (attempt + 1) * (bw + 1);
          else
            py += (attempt % 2 == 0 ? 1 : -1) * (attempt + 1) * (bh + 1);
        }
      g_array_append_val (placed, box);

      x0 = px - bw / 2;
      y0 = py - bh / 2;
      /* A tag with a small arrow pointing off the page. */
      cairo_new_path (cr);
      cairo_rectangle (cr, x0, y0, bw, bh);
      switch (side)
        {
        case 0:
          cairo_move_to (cr, px - arrow, y0);
          cairo_line_to (cr, px, y0 - arrow);
          cairo_line_to (cr, px + arrow, y0);
          break;
        case 2:
          cairo_move_to (cr, px - arrow, y0 + bh);
          cairo_line_to (cr, px, y0 + bh + arrow);
          cairo_line_to (cr, px + arrow, y0 + bh);
          break;
        case 1:
          cairo_move_to (cr, x0 + bw, py - arrow);
          cairo_line_to (cr, x0 + bw + arrow, py);
          cairo_line_to (cr, x0 + bw, py + arrow);
          break;
        default:
          cairo_move_to (cr, x0, py - arrow);
          cairo_line_to (cr, x0 - arrow, py);
          cairo_line_to (cr, x0, py + arrow);
          break;
        }
      cairo_close_path (cr);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
      gw_print_set_rgb (cr, 0xffffff);
      cairo_fill_preserve (cr);
      gw_style_set_source (cr, &style->grid_line);
      cairo_set_line_width (cr, 0.25 * pc->k);
      cairo_stroke (cr);
      gw_print_show (pc, layout, x0 + (bw - tw) / 2, y0 + (bh - th) / 2,
                     color_rgb (&style->grid_label));
    }
}

void
gw_print_draw_map (GwPageContext    *pc,
                   const GwPageRect *frame,
                   const GwBBox     *bbox,
                   gboolean          neighbour_codes)
{
  GwPrintJob *self = pc->job;
  cairo_t *cr = pc->cr;
  const GwStyle *style = gw_print_job_get_style (self);
  double u = pc->units_per_mm;
  GwLayers layers = GW_LAYER_BASE | GW_LAYER_COMMUNITIES | GW_LAYER_GRIDS | GW_LAYER_BUILDINGS |
                    (self->options.case_dots ? GW_LAYER_CASES : 0);
  GwRenderTransform t;
  GwRenderView view;
  double x0, y0, x1, y1;

  gw_render_transform_init (&t, bbox, frame->x, frame->y, frame->width, frame->height);

  /* The map is drawn in the caller's units, on whole device units when
   * those are pixels, so the renderer can draw a big raster in parallel
   * bands. */
  cairo_save (cr);
  cairo_set_matrix (cr, &pc->caller_matrix);
  x0 = round (frame->x * u);
  y0 = round (frame->y * u);
  x1 = round ((frame->x + frame->width) * u);
  y1 = round ((frame->y + frame->height) * u);
  view.bbox = *bbox;
  view.width = x1 - x0;
  view.height = y1 - y0;
  view.px_per_mm = u;
  cairo_translate (cr, x0, y0);
  gw_renderer_draw_styled (self->snapshot, cr, &view, layers, style);
  cairo_restore (cr);

  cairo_save (cr);
  cairo_rectangle (cr, frame->x, frame->y, frame->width, frame->height);
  cairo_clip (cr);

  /* What the page is about stays bright; the rest is veiled. */
  if (pc->spec->highlight_id != 0)
    {
      cairo_new_path (cr);
      cairo_rectangle (cr, frame->x, frame->y, frame->width, frame->height);
      if (append_highlight (pc, &t))
        {
          cairo_path_t *outline;

          cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
          cairo_set_source_rgba (cr, 1, 1, 1, 0.45);
          cairo_fill (cr);

          append_highlight (pc, &t);
          outline = cairo_copy_path (cr);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
          cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
          cairo_set_line_width (cr, 1.3 * pc->k);
          cairo_stroke (cr);
          cairo_append_path (cr, outline);
          cairo_path_destroy (outline);
          if (pc->spec->highlight_kind == GW_FEATURE_GRID)
            gw_style_set_source (cr, &style->grid_line);
          else
            gw_style_set_source (cr, &style->community_label);
          cairo_set_line_width (cr, 0.6 * pc->k);
          cairo_stroke (cr);
        }
      cairo_new_path (cr);
    }

  /* Labels last, so neither the veil nor the outline covers them. */
  cairo_save (cr);
  cairo_set_matrix (cr, &pc->caller_matrix);
  cairo_translate (cr, x0, y0);
  gw_renderer_draw_labels_styled (self->snapshot, cr, &view, layers | GW_LAYER_LABELS, style,
                                  self->labels);
  cairo_restore (cr);

  if (neighbour_codes && pc->spec->grid_id != 0)
    {
      const GwFeature *grid = gw_map_snapshot_lookup (self->snapshot, GW_FEATURE_GRID,
                                                      pc->spec->grid_id);

      if (grid != NULL)
        draw_neighbour_codes (pc, frame, &t, grid);
    }
  cairo_restore (cr);

  cairo_rectangle (cr, frame->x, frame->y, frame->width, frame->height);
  gw_print_set_rgb (cr, GW_PRINT_INK);
  cairo_set_line_width (cr, 0.35 * pc->k);
  cairo_stroke (cr);
}

/* Drawing: furniture ----------------------------------------------------- */

void
gw_print_draw_header (GwPageContext    *pc,
                      const GwPageRect *header,
                      const char       *title_text,
                      double            scale)
{
  GwPrintJob *self = pc->job;
  const GwPrintPage *spec = pc->spec;
  const GwStyle *style = gw_print_job_get_style (self);
  double k = pc->k, badge_w = 0;
  const char *caption;
  g_autofree char *scale_text = NULL;
  const char *badge = NULL;
  guint32 badge_rgb = GW_PRINT_INK;
  g_autoptr (PangoLayout) title = NULL;
  double title_h;

  /* The code of what the page shows, top right: what staff file it by. */
  if (spec->grid_id != 0)
    {
      caption = _("Grid");
      badge = spec->code;
      badge_rgb = color_rgb (&style->grid_label);
    }
  else if (spec->kind == GW_PAGE_MAP && spec->highlight_kind == GW_FEATURE_COMMUNITY &&
           spec->highlight_id > 0)
    {
      caption = _("Community");
      badge = spec->code;
    }
  else if (spec->kind == GW_PAGE_MAP && spec->highlight_id < 0)
    {
      caption = _("Street");
      badge = spec->code;
    }
  else
    {
      g_autofree char *grouped = gw_print_format_grouped ((guint) round (scale));

      caption = _("Scale");
      badge = scale_text = g_strdup_printf ("1:%s", grouped);
    }

  if (badge != NULL)
    {
      g_autoptr (PangoLayout) cap = gw_print_text (pc, caption, 7 * k, PANGO_WEIGHT_NORMAL, -1,
                                                   PANGO_ALIGN_RIGHT);
      g_autoptr (PangoLayout) code = gw_print_text (pc, badge, 14 * k, PANGO_WEIGHT_BOLD, -1,
                                                    PANGO_ALIGN_RIGHT);
      double cw, ch, bw, bh;

      gw_print_text_size (cap, &cw, &ch);
      gw_print_text_size (code, &bw, &bh);
      badge_w = MAX (cw, bw);
      gw_print_show (pc, cap, header->x + header->width - cw, header->y, GW_PRINT_INK_SOFT);
      gw_print_show (pc, code, header->x + header->width - bw, header->y + ch * 0.9, badge_rgb);
    }

  title = gw_print_text (pc, title_text, 18 * k, PANGO_WEIGHT_BOLD, -1, PANGO_ALIGN_LEFT);
  gw_print_fit_width (title, header->width - badge_w - 8 * k);
  gw_print_show (pc, title, header->x, header->y - 1 * k, GW_PRINT_INK);
  gw_print_text_size (title, NULL, &title_h);
  {
    g_autoptr (PangoLayout) sub = gw_print_text (pc, spec->subtitle != NULL ? spec->subtitle
                                                                             : self->subtitle,
                                                 9.5 * k, PANGO_WEIGHT_NORMAL, -1,
                                                 PANGO_ALIGN_LEFT);

    gw_print_fit_width (sub, header->width - badge_w - 8 * k);
    gw_print_show (pc, sub, header->x, header->y - 1 * k + title_h * 0.98, GW_PRINT_INK_SOFT);
  }

  /* An accent rule under the header. */
  cairo_rectangle (pc->cr, header->x, header->y + header->height - 0.6 * k, header->width, 0.6 * k);
  gw_print_set_rgb (pc->cr, GW_PRINT_INK);
  cairo_fill (pc->cr);
}

void
gw_print_draw_footer (GwPageContext *pc)
{
  GwPrintJob *self = pc->job;
  double k = gw_print_paper_factor (self), m = 10 * k, h = 5 * k;
  GwPageRect footer = { m, self->paper_height - m - h, self->paper_width - 2 * m, h };
  g_autofree char *page_text = NULL;
  g_autofree char *date_text = NULL;
  g_autoptr (PangoLayout) left = NULL;
  g_autoptr (PangoLayout) right = NULL;
  g_autoptr (PangoLayout) middle = NULL;
  double rw;

  cairo_rectangle (pc->cr, footer.x, footer.y, footer.width, 0.2 * k);
  gw_print_set_rgb (pc->cr, GW_PRINT_RULE);
  cairo_fill (pc->cr);

  /* Translators: page numbers in the footer of printed maps */
  page_text = g_strdup_printf (_("Page %u of %u"), pc->page + 1, self->pages->len);
  /* Translators: %s is the date in the footer of printed maps */
  date_text = g_strdup_printf (_("Printed %s"), self->date);

  right = gw_print_text (pc, page_text, 7 * k, PANGO_WEIGHT_NORMAL, -1, PANGO_ALIGN_RIGHT);
  gw_print_text_size (right, &rw, NULL);
  gw_print_show (pc, right, footer.x + footer.width - rw, footer.y + 1.2 * k, GW_PRINT_INK_SOFT);

  middle = gw_print_text (pc, date_text, 7 * k, PANGO_WEIGHT_NORMAL, footer.width * 0.3,
                          PANGO_ALIGN_CENTER);
  gw_print_show (pc, middle, footer.x + footer.width * 0.45, footer.y + 1.2 * k,
                 GW_PRINT_INK_SOFT);

  left = gw_print_text (pc, self->source, 7 * k, PANGO_WEIGHT_NORMAL, -1, PANGO_ALIGN_LEFT);
  gw_print_fit_width (left, footer.width * 0.44);
  gw_print_show (pc, left, footer.x, footer.y + 1.2 * k, GW_PRINT_INK_SOFT);
}

void
gw_print_draw_north_arrow (GwPageContext    *pc,
                           const GwPageRect *r)
{
  cairo_t *cr = pc->cr;
  double cx = r->x + r->width / 2, top = r->y + r->height * 0.34, bottom = r->y + r->height;
  double half = r->width / 2, notch = r->height * 0.16;
  g_autoptr (PangoLayout) n = NULL;
  double nw, nh;

  /* Translators: the letter on the north arrow of printed maps (zh_CN: 北) */
  n = gw_print_text (pc, C_("north arrow", "N"), 9 * pc->k, PANGO_WEIGHT_BOLD, -1,
                     PANGO_ALIGN_CENTER);
  gw_print_text_size (n, &nw, &nh);
  gw_print_show (pc, n, cx - nw / 2, r->y - nh * 0.15, GW_PRINT_INK);

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  cairo_set_line_width (cr, 0.25 * pc->k);
  /* Left half dark, right half light: the classic needle. */
  cairo_move_to (cr, cx, top);
  cairo_line_to (cr, cx - half, bottom);
  cairo_line_to (cr, cx, bottom - notch);
  cairo_close_path (cr);
  gw_print_set_rgb (cr, GW_PRINT_INK);
  cairo_fill_preserve (cr);
  cairo_stroke (cr);
  cairo_move_to (cr, cx, top);
  cairo_line_to (cr, cx + half, bottom);
  cairo_line_to (cr, cx, bottom - notch);
  cairo_close_path (cr);
  gw_print_set_rgb (cr, 0xffffff);
  cairo_fill_preserve (cr);
  gw_print_set_rgb (cr, GW_PRINT_INK);
  cairo_stroke (cr);
}

static char *
format_metres (double metres)
{
  if (metres >= 1000)
    /* Translators: kilometres on the scale bar */
    return g_strdup_printf (C_("scale bar", "%g km"), metres / 1000);
  /* Translators: metres on the scale bar */
  return g_strdup_printf (C_("scale bar", "%g m"), metres);
}

/* A bar of four alternating segments with 0, half and full marked, the
 * scale "1:2,000" above. Exactly @bar->width mm stand for @metres. */
void
gw_print_draw_scale_bar (GwPageContext    *pc,
                         const GwPageRect *bar,
                         double            metres,
                         double            scale,
                         gboolean          with_caption)
{
  cairo_t *cr = pc->cr;
  double k = pc->k, seg = bar->width / 4;
  g_autofree char *grouped = gw_print_format_grouped ((guint) round (scale));
  g_autofree char *caption = NULL;
  const double marks[3] = { 0, 0.5, 1 };

  if (with_caption)
    {
      g_autoptr (PangoLayout) layout = NULL;
      double w, h;

      /* Translators: %s is the scale denominator: "Scale 1:2,000" */
      caption = g_strdup_printf (_("Scale 1:%s"), grouped);
      layout = gw_print_text (pc, caption, 8.5 * k, PANGO_WEIGHT_BOLD, -1, PANGO_ALIGN_LEFT);
      gw_print_text_size (layout, &w, &h);
      gw_print_show (pc, layout, bar->x + bar->width / 2 - w / 2, bar->y - 4.2 * k - h,
                     GW_PRINT_INK);
    }

  for (int i = 0; i < 4; i++)
    {
      cairo_rectangle (cr, bar->x + i * seg, bar->y, seg, bar->height);
      gw_print_set_rgb (cr, i % 2 == 0 ? GW_PRINT_INK : 0xffffff);
      cairo_fill (cr);
    }
  cairo_rectangle (cr, bar->x, bar->y, bar->width, bar->height);
  gw_print_set_rgb (cr, GW_PRINT_INK);
  cairo_set_line_width (cr, 0.2 * k);
  cairo_stroke (cr);

  /* Ticks above the bar, labels above the ticks. */
  for (int i = 0; i <= 4; i++)
    {
      double x = bar->x + i * seg;

      cairo_move_to (cr, x, bar->y);
      cairo_line_to (cr, x, bar->y - (i % 2 == 0 ? 1.2 : 0.7) * k);
    }
  cairo_stroke (cr);

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    {
      g_autofree char *text = i + 1 == G_N_ELEMENTS (marks) ? format_metres (metres)
                                                             : g_strdup_printf ("%g", marks[i] * metres);
      g_autoptr (PangoLayout) layout = gw_print_text (pc, text, 6.5 * k, PANGO_WEIGHT_NORMAL, -1,
                                                      PANGO_ALIGN_LEFT);
      double w, h, x = bar->x + marks[i] * bar->width;

      gw_print_text_size (layout, &w, &h);
      /* The unit hangs off the end so that the number sits on its tick. */
      if (i + 1 == G_N_ELEMENTS (marks))
        {
          g_autofree char *number = g_strdup_printf ("%g", metres >= 1000 ? metres / 1000 : metres);
          g_autoptr (PangoLayout) num = gw_print_text (pc, number, 6.5 * k, PANGO_WEIGHT_NORMAL,
                                                       -1, PANGO_ALIGN_LEFT);
          double nw;

          gw_print_text_size (num, &nw, NULL);
          gw_print_show (pc, layout, x - nw / 2, bar->y - 1.4 * k - h, GW_PRINT_INK);
        }
      else
        gw_print_show (pc, layout, x - w / 2, bar->y - 1.4 * k - h, GW_PRINT_INK);
    }
}

/* Legend ------------------------------------------------------------------ */

typedef enum
{
  SWATCH_GRID_LINE,
  SWATCH_COMMUNITY_LINE,
  SWATCH_FILL,
  SWATCH_ROAD,
  SWATCH_CASE,
  SWATCH_HIGHLIGHT,
  SWATCH_NEIGHBOUR,
} SwatchKind;

typedef struct
{
  SwatchKind  kind;
  int         index;
  const char *label;
} LegendEntry;

static GArray *
legend_entries (GwPageContext *pc)
{
  GArray *entries = g_array_new (FALSE, FALSE, sizeof (LegendEntry));
  const GwPrintPage *spec = pc->spec;
#define ADD(k, i, text) G_STMT_START { LegendEntry e = { k, i, text }; g_array_append_val (entries, e); } G_STMT_END

  if (spec->highlight_id != 0)
    ADD (SWATCH_HIGHLIGHT, spec->highlight_kind,
         spec->highlight_kind == GW_FEATURE_GRID ? _("This grid")
         : spec->highlight_id > 0 ? _("This community") : _("This street"));
  ADD (SWATCH_GRID_LINE, 0, _("Grid boundary and code"));
  ADD (SWATCH_COMMUNITY_LINE, 0, _("Community boundary"));
  if (spec->highlight_kind == GW_FEATURE_GRID && spec->grid_id != 0)
    ADD (SWATCH_NEIGHBOUR, 0, _("Neighbouring grid"));
  ADD (SWATCH_FILL, 0, _("Residential building"));
  ADD (SWATCH_FILL, 1, _("Shop or mixed use"));
  ADD (SWATCH_FILL, 2, _("Public building"));
  ADD (SWATCH_FILL, 10, _("Residential compound"));
  ADD (SWATCH_FILL, 12, _("Public facility grounds"));
  ADD (SWATCH_FILL, 13, _("Square or green space"));
  ADD (SWATCH_ROAD, 0, _("Main road"));
  ADD (SWATCH_ROAD, 1, _("Secondary road"));
  ADD (SWATCH_ROAD, 2, _("Lane"));
  if (pc->job->options.case_dots)
    {
      ADD (SWATCH_CASE, 0, _("Open case, tier A"));
      ADD (SWATCH_CASE, 1, _("Open case, tier B"));
      ADD (SWATCH_CASE, 2, _("Open case, tier C"));
      ADD (SWATCH_CASE, 3, _("Overdue case"));
    }
#undef ADD
  return entries;
}

static void
draw_swatch (GwPageContext     *pc,
             const LegendEntry *entry,
             double             zoom,
             double             x,
             double             y,
             double             w,
             double             h)
{
  cairo_t *cr = pc->cr;
  const GwStyle *style = gw_print_job_get_style (pc->job);
  double px = 25.4 / 96.0;   /* a map pixel on paper, mm */
  double cy = y + h / 2;

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  switch (entry->kind)
    {
    case SWATCH_GRID_LINE:
      cairo_move_to (cr, x, cy);
      cairo_line_to (cr, x + w, cy);
      gw_style_set_source (cr, &style->grid_line);
      cairo_set_line_width (cr, gw_style_grid_line_width (zoom) * px);
      cairo_stroke (cr);
      break;

    case SWATCH_COMMUNITY_LINE:
      {
        double dashes[2] = { 7 * px, 4 * px };

        cairo_move_to (cr, x, cy);
        cairo_line_to (cr, x + w, cy);
        gw_style_set_source (cr, &style->community_band);
        cairo_set_line_width (cr, gw_style_community_band_width (zoom) * px);
        cairo_stroke_preserve (cr);
        gw_style_set_source (cr, &style->community_line);
        cairo_set_line_width (cr, gw_style_community_line_width (zoom) * px);
        cairo_set_dash (cr, dashes, 2, 0);
        cairo_stroke (cr);
      }
      break;

    case SWATCH_FILL:
      cairo_rectangle (cr, x, y, w, h);
      if (entry->index < 10)
        {
          gw_style_set_source (cr, &style->building_fill[entry->index]);
          cairo_fill_preserve (cr);
          gw_style_set_source (cr, &style->building_outline[entry->index]);
          cairo_set_line_width (cr, 0.25);
          cairo_stroke (cr);
        }
      else
        {
          gw_style_set_source (cr, &style->lot_fill[entry->index - 10]);
          cairo_fill_preserve (cr);
          gw_style_set_source (cr, &style->lot_outline);
          cairo_set_line_width (cr, 0.2);
          cairo_stroke (cr);
        }
      break;

    case SWATCH_ROAD:
      {
        static const double widths[3] = { 2.6, 1.8, 1.0 };

        cairo_rectangle (cr, x, y, w, h);
        gw_style_set_source (cr, &style->land);
        cairo_fill (cr);
        cairo_move_to (cr, x, cy);
        cairo_line_to (cr, x + w, cy);
        gw_style_set_source (cr, &style->road_casing[entry->index]);
        cairo_set_line_width (cr, widths[entry->index] + 0.5);
        cairo_stroke_preserve (cr);
        gw_style_set_source (cr, &style->road_fill[entry->index]);
        cairo_set_line_width (cr, widths[entry->index]);
        cairo_stroke (cr);
      }
      break;

    case SWATCH_CASE:
      {
        double r = gw_style_case_radius (zoom) * px;

        if (entry->index == 3)
          {
            cairo_arc (cr, x + w / 2, cy, r + 2.8 * px, 0, 2 * G_PI);
            gw_style_set_source (cr, &style->case_overdue);
            cairo_fill (cr);
          }
        cairo_arc (cr, x + w / 2, cy, r + px, 0, 2 * G_PI);
        gw_style_set_source (cr, &style->case_outline);
        cairo_fill (cr);
        cairo_arc (cr, x + w / 2, cy, r, 0, 2 * G_PI);
        gw_style_set_source (cr, &style->case_tier[entry->index == 3 ? 0 : entry->index]);
        cairo_fill (cr);
      }
      break;

    case SWATCH_HIGHLIGHT:
      cairo_rectangle (cr, x, y, w, h);
      gw_style_set_source (cr, &style->land);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, 0.6 * pc->k);
      if (entry->index == GW_FEATURE_GRID)
        gw_style_set_source (cr, &style->grid_line);
      else
        gw_style_set_source (cr, &style->community_label);
      cairo_stroke (cr);
      break;

    case SWATCH_NEIGHBOUR:
    default:
      {
        g_autoptr (PangoLayout) layout = gw_print_text (pc, "001", 5.5 * pc->k, PANGO_WEIGHT_BOLD,
                                                        -1, PANGO_ALIGN_LEFT);
        double tw, th;

        cairo_rectangle (cr, x, y, w, h);
        gw_print_set_rgb (cr, 0xffffff);
        cairo_fill_preserve (cr);
        gw_style_set_source (cr, &style->grid_line);
        cairo_set_line_width (cr, 0.25 * pc->k);
        cairo_stroke (cr);
        gw_print_text_size (layout, &tw, &th);
        gw_print_show (pc, layout, x + (w - tw) / 2, y + (h - th) / 2,
                       color_rgb (&style->grid_label));
      }
      break;
    }
  cairo_restore (cr);
}

/* The legend draws its swatches as the map at @zoom draws the features. */
static void
draw_legend (GwPageContext    *pc,
             const GwPageRect *r,
             double            zoom)
{
  g_autoptr (GArray) entries = legend_entries (pc);
  double k = pc->k, heading_h, sw = 7 * k, avail, widest = 0;
  double best_size = 0, best_row_h = 4.6 * k;
  guint best_columns = 1, rows;

  heading_h = show_text (pc, _("Legend"), 8.5 * k, PANGO_WEIGHT_BOLD, r->x, r->y, -1,
                         PANGO_ALIGN_LEFT, GW_PRINT_INK) + 1.2 * k;
  avail = r->height - heading_h;

  for (guint i = 0; i < entries->len; i++)
    {
      g_autoptr (PangoLayout) label = gw_print_text (pc, g_array_index (entries, LegendEntry, i).label,
                                                     7 * k, PANGO_WEIGHT_NORMAL, -1,
                                                     PANGO_ALIGN_LEFT);
      double w;

      gw_print_text_size (label, &w, NULL);
      widest = MAX (widest, w);
    }

  /* As many columns as give the largest type: narrow panels stack, wide
   * ones spread out. Rows get tighter before labels get smaller. */
  for (guint columns = 1; columns <= 4; columns++)
    {
      guint n_rows = (entries->len + columns - 1) / columns;
      double row_h = MIN (4.6 * k, avail / MAX (n_rows, 1));
      double column_w = r->width / columns;
      double size = 7 * k * MIN (1.0, (column_w - sw - 3.5 * k) / widest);

      size = MIN (size, 7 * k * row_h / (4.2 * k));
      if (size > best_size + 1e-6)
        {
          best_size = size;
          best_columns = columns;
          best_row_h = row_h;
        }
    }

  rows = (entries->len + best_columns - 1) / best_columns;
  for (guint i = 0; i < entries->len; i++)
    {
      const LegendEntry *entry = &g_array_index (entries, LegendEntry, i);
      double column_w = r->width / best_columns;
      double x = r->x + (i / rows) * column_w;
      double y = r->y + heading_h + (i % rows) * best_row_h;
      double sh = MIN (3.2 * k, best_row_h - 0.9 * k);
      g_autoptr (PangoLayout) label = gw_print_text (pc, entry->label, best_size,
                                                     PANGO_WEIGHT_NORMAL, -1, PANGO_ALIGN_LEFT);
      double lh;

      draw_swatch (pc, entry, zoom, x, y + (best_row_h - sh) / 2 - 0.4 * k, sw, sh);
      gw_print_text_size (label, NULL, &lh);
      gw_print_show (pc, label, x + sw + 2 * k, y + (best_row_h - lh) / 2 - 0.4 * k,
                     GW_PRINT_INK);
    }
}

/* Locator ----------------------------------------------------------------- */

/* Recorded in points: the inset is the same on every page of a street, so
 * it is drawn once per job and replayed (a PDF stores it once). */
#define LOCATOR_UNITS_PER_MM (72.0 / 25.4)

static GwBBox
locator_bbox (GwPrintJob       *self,
              gint64            street_id,
              const GwPageRect *r,
              GwPageRect       *inner)
{
  GwPrintStreet *street = g_hash_table_lookup (self->streets, &street_id);
  GwBBox extent = street != NULL && !gw_bbox_is_empty (&street->extent)
                  ? street->extent : gw_map_snapshot_get_extent (self->snapshot);
  double pad = 1.5 * gw_print_paper_factor (self);
  double w = extent.max_x - extent.min_x, h = extent.max_y - extent.min_y;
  double avail_w = r->width - 2 * pad, avail_h = r->height - 2 * pad;
  double per_mm = MAX (w / avail_w, h / avail_h) * 1.06;
  double cx = (extent.min_x + extent.max_x) / 2, cy = (extent.min_y + extent.max_y) / 2;
  GwBBox bbox;

  /* The whole box, at the aspect of the street. */
  *inner = (GwPageRect) { r->x + pad, r->y + pad, avail_w, avail_h };
  bbox.min_x = cx - avail_w / 2 * per_mm;
  bbox.max_x = cx + avail_w / 2 * per_mm;
  bbox.min_y = cy - avail_h / 2 * per_mm;
  bbox.max_y = cy + avail_h / 2 * per_mm;
  return bbox;
}

static gboolean
collect_feature (const GwFeature *feature,
                 gpointer         user_data)
{
  g_ptr_array_add (user_data, (gpointer) feature);
  return TRUE;
}

static cairo_surface_t *
locator_surface (GwPrintJob       *self,
                 gint64            street_id,
                 const GwPageRect *inner,
                 const GwBBox     *bbox)
{
  cairo_surface_t *surface = g_hash_table_lookup (self->locators, &street_id);
  cairo_rectangle_t extents = { 0, 0, inner->width * LOCATOR_UNITS_PER_MM,
                                inner->height * LOCATOR_UNITS_PER_MM };
  GwRenderView view;
  cairo_t *cr;

  if (surface != NULL)
    return surface;

  surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
  cr = cairo_create (surface);
  view.bbox = *bbox;
  view.width = extents.width;
  view.height = extents.height;
  /* Finer than the page's lines: the inset is a miniature. */
  view.px_per_mm = LOCATOR_UNITS_PER_MM * 0.5;
  gw_renderer_draw (self->snapshot, cr, &view, GW_LAYER_BASE);

  /* Communities as thin lines: the renderer's bands would drown an inset. */
  {
    GwRenderTransform t;
    const GwStyle *style = gw_style_get_default ();
    GPtrArray *runs = g_ptr_array_new ();

    gw_render_transform_init (&t, bbox, 0, 0, extents.width, extents.height);
    gw_map_snapshot_query_boundaries (self->snapshot, GW_FEATURE_COMMUNITY, bbox, collect_feature,
                                      runs);
    for (guint i = 0; i < runs->len; i++)
      gw_render_append_shape (cr, &t, &((const GwFeature *) g_ptr_array_index (runs, i))->shape,
                              GW_RENDER_SHAPE_OPEN, 0);
    g_ptr_array_unref (runs);
    cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
    gw_style_set_source (cr, &style->community_label);
    cairo_set_line_width (cr, 0.9);
    cairo_stroke (cr);
  }
  cairo_destroy (cr);

  g_hash_table_insert (self->locators, g_memdup2 (&street_id, sizeof street_id), surface);
  return surface;
}

static void
draw_locator (GwPageContext    *pc,
              const GwPageRect *r,
              const GwBBox     *page_bbox)
{
  GwPrintJob *self = pc->job;
  cairo_t *cr = pc->cr;
  GwPageRect inner;
  GwBBox bbox = locator_bbox (self, pc->spec->street_id, r, &inner);
  cairo_surface_t *surface = locator_surface (self, pc->spec->street_id, &inner, &bbox);
  GwRenderTransform t;
  double x0, y0, x1, y1, k = pc->k;
  GwPrintStreet *street = g_hash_table_lookup (self->streets, &pc->spec->street_id);

  gw_render_transform_init (&t, &bbox, inner.x, inner.y, inner.width, inner.height);
  cairo_rectangle (cr, r->x, r->y, r->width, r->height);
  gw_print_set_rgb (cr, 0xffffff);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_rectangle (cr, inner.x, inner.y, inner.width, inner.height);
  cairo_clip (cr);
  cairo_translate (cr, inner.x, inner.y);
  cairo_scale (cr, 1 / LOCATOR_UNITS_PER_MM, 1 / LOCATOR_UNITS_PER_MM);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);

  /* The page's area: its grid filled, its frame outlined. */
  cairo_save (cr);
  cairo_rectangle (cr, inner.x, inner.y, inner.width, inner.height);
  cairo_clip (cr);
  if (pc->spec->grid_id != 0)
    {
      const GwFeature *grid = gw_map_snapshot_lookup (self->snapshot, GW_FEATURE_GRID,
                                                      pc->spec->grid_id);

      if (grid != NULL)
        {
          gw_render_append_shape (cr, &t, &grid->shape, GW_RENDER_SHAPE_CLOSED, 0);
          cairo_set_source_rgba (cr, 0.88, 0.11, 0.14, 0.55);
          cairo_fill (cr);
        }
    }
  x0 = gw_render_transform_x (&t, page_bbox->min_x);
  x1 = gw_render_transform_x (&t, page_bbox->max_x);
  y0 = gw_render_transform_y (&t, page_bbox->max_y);
  y1 = gw_render_transform_y (&t, page_bbox->min_y);
  if (x1 - x0 < 1.5 * k && y1 - y0 < 1.5 * k)
    cairo_arc (cr, (x0 + x1) / 2, (y0 + y1) / 2, 1.2 * k, 0, 2 * G_PI);
  else
    cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
  /* A tint marks a part of the street; the whole street needs none. */
  if ((x1 - x0) * (y1 - y0) < 0.5 * inner.width * inner.height)
    {
      cairo_set_source_rgba (cr, 0.88, 0.11, 0.14, 0.12);
      cairo_fill_preserve (cr);
    }
  cairo_set_source_rgb (cr, 0.78, 0.06, 0.09);
  cairo_set_line_width (cr, 0.45 * k);
  cairo_stroke (cr);
  cairo_restore (cr);

  if (street != NULL)
    {
      g_autoptr (PangoLayout) name = gw_print_text (pc, street->name, 6.5 * k, PANGO_WEIGHT_BOLD,
                                                    -1, PANGO_ALIGN_LEFT);
      double w, h;

      gw_print_text_size (name, &w, &h);
      cairo_rectangle (cr, r->x, r->y, w + 2.4 * k, h + 0.8 * k);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
      cairo_fill (cr);
      gw_print_show (pc, name, r->x + 1.2 * k, r->y + 0.4 * k, GW_PRINT_INK);
    }

  cairo_rectangle (cr, r->x, r->y, r->width, r->height);
  gw_print_set_rgb (cr, GW_PRINT_INK_SOFT);
  cairo_set_line_width (cr, 0.25 * k);
  cairo_stroke (cr);
}

static void
draw_map_page (GwPageContext *pc)
{
  GwPrintJob *self = pc->job;
  GwPageGeometry g = { 0 };
  MapLayout l;

  map_page_geometry (self, pc->spec, &g, &l);
  gw_print_draw_header (pc, &l.header, self->title, g.scale);
  gw_print_draw_map (pc, &g.map_frame, &g.map_bbox, TRUE);
  {
    /* Device units = mm here: a map pixel is 25.4 / 96 mm. */
    GwRenderView paper = { g.map_bbox, g.map_frame.width, g.map_frame.height, 1.0 };

    draw_legend (pc, &g.legend, gw_render_view_zoom (&paper));
  }
  gw_print_draw_north_arrow (pc, &g.north_arrow);
  gw_print_draw_scale_bar (pc, &g.scale_bar, g.scale_bar_metres, g.scale, TRUE);
  draw_locator (pc, &g.locator, &g.map_bbox);
  gw_print_draw_footer (pc);
}

void
gw_print_job_draw_page (GwPrintJob *self,
                        cairo_t    *cr,
                        guint       page,
                        double      units_per_mm)
{
  GwPageContext pc = { 0 };
  cairo_font_options_t *options;

  g_return_if_fail (GW_IS_PRINT_JOB (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < self->pages->len);
  g_return_if_fail (units_per_mm > 0);

  cairo_save (cr);
  cairo_get_matrix (cr, &pc.caller_matrix);
  cairo_scale (cr, units_per_mm, units_per_mm);
  pc.job = self;
  pc.cr = cr;
  pc.units_per_mm = units_per_mm;
  pc.k = gw_print_paper_factor (self);
  pc.page = page;
  pc.spec = g_ptr_array_index (self->pages, page);
  pc.pango = pango_cairo_create_context (cr);
  pango_context_set_language (pc.pango, pango_language_from_string ("zh-cn"));
  /* Text in millimetres on any target: no snapping to a pixel grid that
   * the paper does not have. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pc.pango, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (pc.pango, FALSE);

  switch (pc.spec->kind)
    {
    case GW_PAGE_MAP:
      draw_map_page (&pc);
      break;
    case GW_PAGE_BOARD:
      gw_print_draw_board (&pc);
      break;
    case GW_PAGE_HOUSEHOLDS:
    default:
      gw_print_draw_households (&pc);
      break;
    }

  g_object_unref (pc.pango);
  cairo_restore (cr);
}
