/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-renderer"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "gw-render-private.h"

/* Labels: community and street names, grid codes, road and building names,
 * placed in priority order without collisions. Shaping is cached per call;
 * vector targets share each distinct label through a GwLabelCache. */

typedef struct
{
  GwRenderFrame f;
  PangoContext *context;
  GHashTable   *layouts;     /* style and text → Label */
  GArray       *placed;      /* GwBBox in device units */
  GArray       *road_names;  /* RoadLabel: repeated names keep their distance */
  gboolean      raster_halo;
  GwLabelCache *cache;       /* vector targets: each distinct label drawn once */
} LabelFrame;

struct _GwLabelCache
{
  GHashTable *forms;         /* label, size and colours → recording surface */
};

/* A shaped text: shaping is most of the cost of a label, and map labels
 * repeat (road names, grid sequences), so each is shaped once per call. */
typedef struct
{
  PangoLayout *layout;
  double       width, height;
  const char  *key;          /* its key in LabelFrame.layouts */
} Label;

typedef struct
{
  const char *name;
  double      x, y;
} RoadLabel;

static void
label_free (gpointer data)
{
  Label *label = data;

  g_object_unref (label->layout);
  g_free (label);
}

static PangoFontDescription *
base_font (gboolean bold)
{
  static PangoFontDescription *fonts[2];
  static gsize initialised = 0;

  /* Shared read-only by all threads; layouts copy what they use. */
  if (g_once_init_enter (&initialised))
    {
      fonts[0] = pango_font_description_new ();
      pango_font_description_set_family_static (fonts[0], GW_STYLE_FONT_FAMILY);
      pango_font_description_set_weight (fonts[0], PANGO_WEIGHT_NORMAL);
      fonts[1] = pango_font_description_copy (fonts[0]);
      pango_font_description_set_weight (fonts[1], PANGO_WEIGHT_BOLD);
      g_once_init_leave (&initialised, 1);
    }

  return fonts[bold ? 1 : 0];
}

static const Label *
label_get (LabelFrame *lf,
           const char *text,
           double      size_px,
           gboolean    bold,
           double      letter_spacing_px)
{
  g_autofree char *key = NULL;
  Label *label;
  g_autoptr (PangoFontDescription) font = NULL;
  PangoRectangle logical;

  /* Sizes follow the zoom continuously; in half-pixel steps the pages of an
   * atlas at nearby scales share their labels (one PDF form each, not one
   * per page), and nobody sees a quarter pixel. */
  size_px = round (size_px * 2) / 2;
  key = g_strdup_printf ("%d|%.3f|%.3f|%s", bold, size_px, letter_spacing_px, text);
  label = g_hash_table_lookup (lf->layouts, key);

  if (label != NULL)
    return label;

  label = g_new0 (Label, 1);
  label->layout = pango_layout_new (lf->context);
  font = pango_font_description_copy (base_font (bold));
  pango_font_description_set_absolute_size (font, size_px * lf->f.unit * PANGO_SCALE);
  pango_layout_set_font_description (label->layout, font);
  if (letter_spacing_px > 0)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_letter_spacing_new (
                                (int) (letter_spacing_px * lf->f.unit * PANGO_SCALE)));
      pango_layout_set_attributes (label->layout, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_set_text (label->layout, text, -1);
  pango_layout_get_extents (label->layout, NULL, &logical);
  label->width = (double) logical.width / PANGO_SCALE;
  label->height = (double) logical.height / PANGO_SCALE;
  label->key = key;

  g_hash_table_insert (lf->layouts, g_steal_pointer (&key), label);
  return label;
}

/* Reserves @box unless it leaves the view or meets a placed label. */
static gboolean
label_reserve (LabelFrame   *lf,
               const GwBBox *box)
{
  if (box->min_x < 0 || box->min_y < 0 ||
      box->max_x > lf->f.view->width || box->max_y > lf->f.view->height)
    return FALSE;

  for (guint i = 0; i < lf->placed->len; i++)
    if (gw_bbox_intersects (box, &g_array_index (lf->placed, GwBBox, i)))
      return FALSE;

  g_array_append_val (lf->placed, *box);
  return TRUE;
}

GwLabelCache *
gw_label_cache_new (void)
{
  GwLabelCache *cache = g_new0 (GwLabelCache, 1);

  cache->forms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) cairo_surface_destroy);
  return cache;
}

void
gw_label_cache_free (GwLabelCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_unref (cache->forms);
  g_free (cache);
}

/* The halo and text of @label, recorded once: painted as a pattern, a PDF
 * stores it as one form that every page refers to, instead of the halo's
 * glyph outlines on every page (most of an atlas's size and time). */
static cairo_surface_t *
label_form (LabelFrame    *lf,
            const Label   *label,
            const GwColor *color)
{
  const GwColor *halo = &lf->f.style->label_halo;
  double margin = gw_style_label_halo_width () * lf->f.unit * 2;
  g_autofree char *key = g_strdup_printf ("%s|%.4f|%.3f,%.3f,%.3f,%.3f|%.3f,%.3f,%.3f,%.3f",
                                          label->key, lf->f.unit, color->red, color->green,
                                          color->blue, color->alpha, halo->red, halo->green,
                                          halo->blue, halo->alpha);
  cairo_surface_t *form = g_hash_table_lookup (lf->cache->forms, key);
  cairo_rectangle_t extents = { -margin, -margin, label->width + 2 * margin,
                                label->height + 2 * margin };
  cairo_t *cr;

  if (form != NULL)
    return form;

  form = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
  cr = cairo_create (form);
  cairo_move_to (cr, 0, 0);
  pango_cairo_layout_path (cr, label->layout);
  gw_style_set_source (cr, halo);
  cairo_set_line_width (cr, gw_style_label_halo_width () * lf->f.unit);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_move_to (cr, 0, 0);
  gw_style_set_source (cr, color);
  pango_cairo_show_layout (cr, label->layout);
  cairo_destroy (cr);

  g_hash_table_insert (lf->cache->forms, g_steal_pointer (&key), form);
  return form;
}

/* Paints @label with its top-left at (x, y) in the current user space: a
 * soft halo first, then the text. */
static void
label_paint (LabelFrame    *lf,
             const Label   *label,
             double         x,
             double         y,
             const GwColor *color)
{
  cairo_t *cr = lf->f.cr;

  if (!lf->raster_halo && lf->cache != NULL)
    {
      cairo_set_source_surface (cr, label_form (lf, label, color), x, y);
      cairo_paint (cr);
      return;
    }

  if (lf->raster_halo)
    {
      /* On pixels, eight offset copies from cairo's glyph cache make the
       * same halo as stroking the outlines, several times faster. */
      double r = gw_style_label_halo_width () / 2 * lf->f.unit;
      static const double dirs[8][2] = {
        { 1, 0 }, { -1, 0 }, { 0, 1 }, { 0, -1 },
        { G_SQRT2 / 2, G_SQRT2 / 2 }, { -G_SQRT2 / 2, G_SQRT2 / 2 },
        { G_SQRT2 / 2, -G_SQRT2 / 2 }, { -G_SQRT2 / 2, -G_SQRT2 / 2 },
      };

      gw_style_set_source (cr, &lf->f.style->label_halo);
      for (int k = 0; k < 8; k++)
        {
          cairo_move_to (cr, x + dirs[k][0] * r, y + dirs[k][1] * r);
          pango_cairo_show_layout (cr, label->layout);
        }
    }
  else
    {
      cairo_move_to (cr, x, y);
      pango_cairo_layout_path (cr, label->layout);
      gw_style_set_source (cr, &lf->f.style->label_halo);
      cairo_set_line_width (cr, gw_style_label_halo_width () * lf->f.unit);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke (cr);
    }

  cairo_move_to (cr, x, y);
  gw_style_set_source (cr, color);
  pango_cairo_show_layout (cr, label->layout);
}

/* A horizontal label centred on (x, y); FALSE when it did not fit. */
static gboolean
label_place_centred (LabelFrame    *lf,
                     const Label   *label,
                     double         x,
                     double         y,
                     const GwColor *color)
{
  double w = label->width, h = label->height, pad = 2 * lf->f.unit;
  GwBBox box = { x - w / 2 - pad, y - h / 2 - pad, x + w / 2 + pad, y + h / 2 + pad };

  if (!label_reserve (lf, &box))
    return FALSE;

  label_paint (lf, label, x - w / 2, y - h / 2, color);
  return TRUE;
}

/* The labels of @features centred on their label points, each only where
 * it is no wider than @fit times its feature. */
static void
label_features_centred (LabelFrame    *lf,
                        GPtrArray     *features,
                        double         size,
                        gboolean       bold,
                        double         letter_spacing,
                        double         fit,
                        const GwColor *color)
{
  GwRenderFrame *f = &lf->f;

  for (guint i = 0; i < features->len; i++)
    {
      const GwFeature *feature = g_ptr_array_index (features, i);
      const Label *label;

      if (feature->label == NULL || *feature->label == '\0')
        continue;
      label = label_get (lf, feature->label, size, bold, letter_spacing);
      if (label->width >
          (feature->shape.bbox.max_x - feature->shape.bbox.min_x) * f->xf.scale_x * fit)
        continue;
      label_place_centred (lf, label, gw_render_x (f, feature->label_point.x),
                           gw_render_y (f, feature->label_point.y), color);
    }
}

/* Zoomed out over several communities, the streets' names first: what a
 * district's overview is read by. Each where its street is wide enough
 * for it on the view. */
static void
label_streets (LabelFrame    *lf,
               GwMapSnapshot *snapshot)
{
  GwRenderFrame *f = &lf->f;
  double size = gw_style_street_font_size (f->zoom);
  guint n = gw_map_snapshot_get_n_streets (snapshot);

  if (f->zoom >= GW_STYLE_STREET_LABEL_BELOW_ZOOM)
    return;
  for (guint i = 0; i < n; i++)
    {
      const GwMapStreet *street = gw_map_snapshot_get_street (snapshot, i);
      const Label *label;

      if (street->n_communities == 0 || *street->name == '\0')
        continue;
      label = label_get (lf, street->name, size, TRUE, size * 0.3);
      if (label->width > (street->extent.max_x - street->extent.min_x) * f->xf.scale_x)
        continue;
      label_place_centred (lf, label, gw_render_x (f, street->label_point.x),
                           gw_render_y (f, street->label_point.y), &f->style->street_label);
    }
}

static void
label_communities (LabelFrame    *lf,
                   GwMapSnapshot *snapshot)
{
  GwRenderFrame *f = &lf->f;
  double size = gw_style_community_font_size (f->zoom);

  /* Out over a district, the streets' names speak; a few communities'
   * names among them (where they happen to fit) would read as streets.
   * The communities' come where the streets' go. */
  if (f->zoom < GW_STYLE_STREET_LABEL_BELOW_ZOOM && gw_map_snapshot_get_n_streets (snapshot) > 1)
    return;
  /* A name wider than its community would read as its neighbour's. */
  label_features_centred (lf, gw_render_frame_collect (f, snapshot, GW_FEATURE_COMMUNITY, 0),
                          size, TRUE, size * 0.25, 0.8, &f->style->community_label);
}

/* The label of @grid in @lf's view: its code (or the code's last three
 * digits where the full code does not fit), its name below when zoomed in
 * and room allows, and the box they take with their padding. FALSE where
 * the grid gets no label. */
static gboolean
grid_label_fit (LabelFrame      *lf,
                const GwFeature *grid,
                const Label    **label_out,
                const Label    **name_out,
                GwBBox          *box)
{
  GwRenderFrame *f = &lf->f;
  const char *code = grid->label != NULL ? grid->label : "";
  double size = gw_style_grid_font_size (f->zoom);
  gboolean full = f->zoom >= GW_STYLE_FULL_GRID_CODE_ZOOM;
  gboolean with_name = f->zoom >= GW_STYLE_FULL_GRID_CODE_ZOOM + 0.4;
  double x = gw_render_x (f, grid->label_point.x);
  double y = gw_render_y (f, grid->label_point.y);
  double grid_w = (grid->shape.bbox.max_x - grid->shape.bbox.min_x) * f->xf.scale_x;
  double pad = 2 * f->unit, w, h;
  const Label *label, *name = NULL;

  if (*code == '\0' || f->zoom < GW_STYLE_GRID_LABEL_ZOOM ||
      x < 0 || y < 0 || x > f->view->width || y > f->view->height)
    return FALSE;

  /* Zoomed out, or where the full code does not fit, the three-digit
   * sequence is what staff call a grid by. */
  label = full ? label_get (lf, code, size, TRUE, 0) : NULL;
  if (label == NULL || label->width > grid_w)
    label = label_get (lf, code + MAX ((int) strlen (code) - 3, 0), size, TRUE, 0);
  if (label->width > grid_w)
    return FALSE;
  /* Zoomed out, a code wider than 40 % of its grid crowds the map with
   * numbers (a district's overview): it waits for the zoom that gives it
   * room. */
  if (f->zoom < GW_STYLE_DETAIL_ZOOM && label->width > grid_w * 0.4)
    return FALSE;

  if (with_name && grid->name != NULL && *grid->name != '\0')
    {
      name = label_get (lf, grid->name, size * 0.9, FALSE, 0);
      if (name->width > grid_w)
        name = NULL;
    }

  w = MAX (label->width, name != NULL ? name->width : 0);
  h = label->height + (name != NULL ? name->height : 0);
  *box = (GwBBox) { x - w / 2 - pad, y - h / 2 - pad, x + w / 2 + pad, y + h / 2 + pad };
  *label_out = label;
  *name_out = name;
  return TRUE;
}

static void
label_grids (LabelFrame    *lf,
             GwMapSnapshot *snapshot)
{
  GwRenderFrame *f = &lf->f;
  GPtrArray *grids = gw_render_frame_collect (f, snapshot, GW_FEATURE_GRID, 0);

  for (guint i = 0; i < grids->len; i++)
    {
      const GwFeature *grid = g_ptr_array_index (grids, i);
      const Label *label, *name;
      double x, top;
      GwBBox box;

      if (!grid_label_fit (lf, grid, &label, &name, &box) || !label_reserve (lf, &box))
        continue;

      x = (box.min_x + box.max_x) / 2;
      top = box.min_y + 2 * f->unit;
      label_paint (lf, label, x - label->width / 2, top, &f->style->grid_label);
      if (name != NULL)
        label_paint (lf, name, x - name->width / 2, top + label->height,
                     &f->style->grid_name_label);
    }
}

/* The longest nearly straight stretch of @shape (consecutive segments
 * within ~12° of its first) whose middle is on the view, from @a to @b in
 * device units: roads are drawn with many short segments, a name needs a
 * run of them. Returns its length, 0 if there is none. */
static double
longest_straight_stretch (const GwRenderFrame *f,
                          const GwShape       *shape,
                          GwPoint             *a,
                          GwPoint             *b)
{
  const GwPoint *p = shape->points;
  double best_len = 0;

  for (guint r = 0; r < shape->n_rings; r++)
    {
      guint end = shape->ring_starts[r + 1];
      guint k = shape->ring_starts[r];

      while (k + 1 < end)
        {
          double x0 = gw_render_x (f, p[k].x), y0 = gw_render_y (f, p[k].y);
          double x1 = gw_render_x (f, p[k + 1].x), y1 = gw_render_y (f, p[k + 1].y);
          double dir = atan2 (y1 - y0, x1 - x0);
          double len, cx, cy;
          guint j = k + 1;

          while (j + 1 < end)
            {
              double nx = gw_render_x (f, p[j + 1].x) - gw_render_x (f, p[j].x);
              double ny = gw_render_y (f, p[j + 1].y) - gw_render_y (f, p[j].y);
              double turn = fabs (remainder (atan2 (ny, nx) - dir, 2 * G_PI));

              if (turn > 0.21)
                break;
              j++;
            }

          x1 = gw_render_x (f, p[j].x);
          y1 = gw_render_y (f, p[j].y);
          len = hypot (x1 - x0, y1 - y0);
          cx = (x0 + x1) / 2;
          cy = (y0 + y1) / 2;
          if (len > best_len && cx >= 0 && cy >= 0 &&
              cx <= f->view->width && cy <= f->view->height)
            {
              best_len = len;
              *a = (GwPoint) { x0, y0 };
              *b = (GwPoint) { x1, y1 };
            }
          k = j;
        }
    }

  return best_len;
}

/* Whether @name was placed within @distance of (x, y) already. */
static gboolean
road_name_near (LabelFrame *lf,
                const char *name,
                double      x,
                double      y,
                double      distance)
{
  for (guint k = 0; k < lf->road_names->len; k++)
    {
      RoadLabel *placed = &g_array_index (lf->road_names, RoadLabel, k);

      if (hypot (placed->x - x, placed->y - y) < distance && strcmp (placed->name, name) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
label_roads (LabelFrame    *lf,
             GwMapSnapshot *snapshot)
{
  GwRenderFrame *f = &lf->f;
  cairo_t *cr = f->cr;
  GPtrArray *roads;
  double size = gw_style_road_font_size (f->zoom);
  double repeat = 260 * f->unit;

  if (f->zoom < 14.5)
    return;

  roads = gw_render_frame_collect (f, snapshot, GW_FEATURE_ROAD, 0);
  for (guint i = 0; i < roads->len; i++)
    {
      const GwFeature *road = g_ptr_array_index (roads, i);
      const Label *label;
      GwPoint a = { 0, 0 }, b = { 0, 0 };
      double best_len, w, h, mx, my, angle, c, s, hw, hh, pad = 2 * f->unit;
      GwBBox box;

      if (road->label == NULL || *road->label == '\0')
        continue;
      /* Lanes are named only close up. */
      if (road->klass >= 2 && f->zoom < 16.5)
        continue;

      best_len = longest_straight_stretch (f, &road->shape, &a, &b);
      if (best_len <= 0)
        continue;

      mx = (a.x + b.x) / 2;
      my = (a.y + b.y) / 2;
      if (road_name_near (lf, road->label, mx, my, repeat))
        continue;

      /* Main roads are named a little larger: they are how people find
       * their way on the map. */
      label = label_get (lf, road->label, road->klass == 0 ? size * 1.1 : size, FALSE,
                         size * 0.1);
      w = label->width;
      h = label->height;
      if (w + 8 * f->unit > best_len)
        continue;

      /* Upright: never read a street name upside down. */
      angle = atan2 (b.y - a.y, b.x - a.x);
      if (angle > G_PI / 2)
        angle -= G_PI;
      else if (angle < -G_PI / 2)
        angle += G_PI;

      c = fabs (cos (angle));
      s = fabs (sin (angle));
      hw = (w * c + h * s) / 2 + pad;
      hh = (w * s + h * c) / 2 + pad;
      box = (GwBBox) { mx - hw, my - hh, mx + hw, my + hh };
      if (!label_reserve (lf, &box))
        continue;

      {
        RoadLabel placed = { road->label, mx, my };

        g_array_append_val (lf->road_names, placed);
      }

      /* Unhinted text (see gw_renderer_draw_labels) turns without
       * re-shaping. */
      cairo_save (cr);
      cairo_translate (cr, mx, my);
      cairo_rotate (cr, angle);
      label_paint (lf, label, -w / 2, -h / 2, &f->style->road_label);
      cairo_restore (cr);
    }
}

/* Case dots are obstacles for the labels placed after them: a building
 * number must not hide an overdue case. */
static void
label_reserve_cases (LabelFrame    *lf,
                     GwMapSnapshot *snapshot)
{
  GwRenderFrame *f = &lf->f;
  double r = (gw_style_case_radius (f->zoom) + 2.5) * f->unit;
  GPtrArray *cases = gw_render_frame_collect (f, snapshot, GW_FEATURE_CASE, 0);

  for (guint i = 0; i < cases->len; i++)
    {
      const GwFeature *c = g_ptr_array_index (cases, i);
      double x = gw_render_x (f, c->label_point.x), y = gw_render_y (f, c->label_point.y);
      GwBBox box = { x - r, y - r, x + r, y + r };

      g_array_append_val (lf->placed, box);
    }
}

static void
label_buildings (LabelFrame    *lf,
                 GwMapSnapshot *snapshot)
{
  GwRenderFrame *f = &lf->f;

  if (f->zoom < GW_STYLE_BUILDING_LABEL_ZOOM)
    return;

  label_features_centred (lf, gw_render_frame_collect (f, snapshot, GW_FEATURE_BUILDING, 0),
                          gw_style_building_font_size (f->zoom), FALSE, 0, 1.0,
                          &f->style->building_label);
}

void
gw_renderer_draw_labels (GwMapSnapshot      *snapshot,
                         cairo_t            *cr,
                         const GwRenderView *view,
                         GwLayers            layers)
{
  gw_renderer_draw_labels_styled (snapshot, cr, view, layers, NULL, NULL);
}

void
gw_renderer_draw_labels_styled (GwMapSnapshot      *snapshot,
                                cairo_t            *cr,
                                const GwRenderView *view,
                                GwLayers            layers,
                                const GwStyle      *style,
                                GwLabelCache       *cache)
{
  gw_renderer_draw_labels_around (snapshot, cr, view, layers, style, cache, NULL, 0);
}

/* Sets up @lf for labels over @view on @cr; label_frame_end() frees it. */
static void
label_frame_begin (LabelFrame         *lf,
                   cairo_t            *cr,
                   const GwRenderView *view,
                   const GwStyle      *style,
                   GwLabelCache       *cache)
{
  gw_render_frame_begin (&lf->f, cr, view, style);
  /* One context per call: Pango objects are not shared between threads.
   * Rotated and scaled text must not snap to the pixel grid. */
  lf->context = gw_style_create_pango_context (cr);
  /* Vector files get a real stroked halo: offset copies would repeat the
   * text nine times in a PDF. */
  lf->raster_halo = cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_IMAGE;
  lf->cache = cache;
  lf->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, label_free);
  lf->placed = g_array_new (FALSE, FALSE, sizeof (GwBBox));
  lf->road_names = g_array_new (FALSE, FALSE, sizeof (RoadLabel));
}

static void
label_frame_end (LabelFrame *lf)
{
  g_array_unref (lf->road_names);
  g_array_unref (lf->placed);
  g_hash_table_unref (lf->layouts);
  g_object_unref (lf->context);
  gw_render_frame_end (&lf->f);
}

void
gw_renderer_draw_labels_around (GwMapSnapshot      *snapshot,
                                cairo_t            *cr,
                                const GwRenderView *view,
                                GwLayers            layers,
                                const GwStyle      *style,
                                GwLabelCache       *cache,
                                const GwBBox       *keep_out,
                                guint               n_keep_out)
{
  LabelFrame lf;

  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (view != NULL);
  g_return_if_fail (keep_out != NULL || n_keep_out == 0);

  if (gw_render_view_is_empty (view))
    return;

  label_frame_begin (&lf, cr, view, style, cache);
  /* What the caller puts over the map counts as placed already. */
  if (n_keep_out > 0)
    g_array_append_vals (lf.placed, keep_out, n_keep_out);

  /* Priority by order: what is placed first wins a collision. */
  if (layers & GW_LAYER_COMMUNITIES)
    label_streets (&lf, snapshot);
  if (layers & GW_LAYER_COMMUNITIES)
    label_communities (&lf, snapshot);
  if (layers & GW_LAYER_GRIDS)
    label_grids (&lf, snapshot);
  if ((layers & GW_LAYER_CASES) && lf.f.zoom >= GW_STYLE_CASE_AGGREGATE_BELOW_ZOOM)
    label_reserve_cases (&lf, snapshot);
  if (layers & GW_LAYER_BASE)
    label_roads (&lf, snapshot);
  if (layers & GW_LAYER_BUILDINGS)
    label_buildings (&lf, snapshot);

  label_frame_end (&lf);
}

gboolean
gw_renderer_grid_label_box (GwMapSnapshot      *snapshot,
                            const GwRenderView *view,
                            gint64              grid_id,
                            GwBBox             *box)
{
  const GwFeature *grid;
  const Label *label, *name;
  cairo_surface_t *surface;
  cairo_t *cr;
  LabelFrame lf;
  gboolean found;

  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (view != NULL, FALSE);
  g_return_val_if_fail (box != NULL, FALSE);

  grid = gw_map_snapshot_lookup (snapshot, GW_FEATURE_GRID, grid_id);
  if (grid == NULL || gw_render_view_is_empty (view))
    return FALSE;

  /* Only measured: text metrics are unhinted, the same on any target. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cr = cairo_create (surface);
  label_frame_begin (&lf, cr, view, NULL, NULL);
  found = grid_label_fit (&lf, grid, &label, &name, box);
  label_frame_end (&lf);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return found;
}
