/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-print"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-domain.h"
#include "gw-print-private.h"

/* The grid notice board (网格公示牌) that hangs in the community: who is
 * responsible for the grid and how to reach them, over a map of it. Public
 * data only: the grid, its workers and their work phones, counts. And the
 * household list, the one page with resident data, printed only on
 * explicit request and marked as internal. */

#define BOARD_TINT  0xfbeeee
#define BOARD_GOLD  0xf6d32d

typedef struct
{
  GwPageRect banner;
  GwPageRect ident;
  GwPageRect map;
  GwPageRect team;
  GwPageRect leaders;
  GwPageRect service;
  guint      leader_columns;
  double     row_h;          /* team table rows */
  double     cell_h;         /* building leader cells */
  double     font;           /* table text, pt */
} BoardLayout;

static gboolean
is_building_leader (const GwGridWorker *worker)
{
  return g_strcmp0 (worker->role, "building_leader") == 0;
}

static void
count_workers (const GwPrintBoard *board,
               guint              *n_team,
               guint              *n_leaders)
{
  *n_team = *n_leaders = 0;
  for (guint i = 0; board != NULL && i < board->workers->len; i++)
    {
      if (is_building_leader (g_ptr_array_index (board->workers, i)))
        (*n_leaders)++;
      else
        (*n_team)++;
    }
}

static double
section_title_height (double k)
{
  return 7.5 * k;
}

static double
team_height (guint  n_team,
             double row_h,
             double k)
{
  return section_title_height (k) + row_h * (n_team + 1);
}

static double
leaders_height (guint  n_leaders,
                guint  columns,
                double cell_h,
                double k)
{
  if (n_leaders == 0)
    return 0;
  return section_title_height (k) + cell_h * ((n_leaders + columns - 1) / columns);
}

/* One step towards fitting more on the board: another column of building
 * leaders, up to @max_columns, then tighter rows and smaller type. */
static void
board_tighten (BoardLayout *l,
               guint        max_columns)
{
  if (l->leader_columns < max_columns)
    l->leader_columns++;
  else
    {
      l->row_h *= 0.9;
      l->cell_h *= 0.9;
      l->font *= 0.92;
    }
}

static void
board_layout (GwPrintJob        *self,
              const GwPrintPage *spec,
              BoardLayout       *l)
{
  const GwPrintBoard *board = g_hash_table_lookup (self->boards, &spec->grid_id);
  double k = gw_print_paper_factor (self);
  double w = self->paper_width, h = self->paper_height;
  double m = 10 * k, gap = 4 * k;
  double footer_y = h - m - 5 * k;
  double service_h = 17 * k;
  guint n_team, n_leaders;

  count_workers (board, &n_team, &n_leaders);
  l->row_h = 6.2 * k;
  l->cell_h = 9.5 * k;
  l->font = 8.5 * k;
  l->banner = (GwPageRect) { m, m, w - 2 * m, 24 * k };

  if (!self->options.landscape)
    {
      double inner = w - 2 * m;
      double top, bottom;

      l->ident = (GwPageRect) { m, l->banner.y + l->banner.height + gap, inner, 15 * k };
      l->service = (GwPageRect) { m, footer_y - gap - service_h, inner, service_h };
      l->leader_columns = 4;
      top = l->ident.y + l->ident.height + gap;

      /* The map takes what the tables leave; a long list of building
       * leaders gets more columns and tighter rows first. */
      for (int attempt = 0; attempt < 6; attempt++)
        {
          bottom = l->service.y - gap - leaders_height (n_leaders, l->leader_columns, l->cell_h, k)
                   - (n_leaders > 0 ? gap : 0) - team_height (n_team, l->row_h, k) - gap;
          if (bottom - top >= 70 * k)
            break;
          board_tighten (l, 5);
        }
      l->map = (GwPageRect) { m, top, inner, MAX (bottom - top, 30 * k) };
      l->team = (GwPageRect) { m, l->map.y + l->map.height + gap, inner,
                               team_height (n_team, l->row_h, k) };
      l->leaders = (GwPageRect) { m, l->team.y + l->team.height + gap, inner,
                                  leaders_height (n_leaders, l->leader_columns, l->cell_h, k) };
    }
  else
    {
      double left_w = (w - 2 * m - gap) * 0.46;
      double right_x = m + left_w + gap, right_w = w - m - right_x;
      double top;

      l->ident = (GwPageRect) { m, l->banner.y + l->banner.height + gap, w - 2 * m, 15 * k };
      top = l->ident.y + l->ident.height + gap;
      l->map = (GwPageRect) { m, top, left_w, footer_y - gap - top };
      l->service = (GwPageRect) { right_x, footer_y - gap - service_h, right_w, service_h };
      l->leader_columns = 3;
      for (int attempt = 0; attempt < 8; attempt++)
        {
          double need = team_height (n_team, l->row_h, k) + gap +
                        leaders_height (n_leaders, l->leader_columns, l->cell_h, k) + gap;

          if (top + need <= l->service.y)
            break;
          board_tighten (l, 4);
        }
      l->team = (GwPageRect) { right_x, top, right_w, team_height (n_team, l->row_h, k) };
      l->leaders = (GwPageRect) { right_x, l->team.y + l->team.height + gap, right_w,
                                  leaders_height (n_leaders, l->leader_columns, l->cell_h, k) };
    }
}

/* Where the scale bar and north arrow sit on the board's map: small white
 * plates in its lower-left and upper-right corners. */
static void
board_overlays (const BoardLayout *l,
                double             k,
                double             scale,
                GwPageRect        *scale_plate,
                GwPageRect        *bar,
                double            *metres,
                GwPageRect        *north_plate,
                GwPageRect        *north)
{
  double length;

  *scale_plate = (GwPageRect) { l->map.x + 2 * k, l->map.y + l->map.height - 2 * k - 13 * k,
                                MIN (46 * k, l->map.width * 0.45), 13 * k };
  *metres = gw_scale_bar_choose (scale, scale_plate->width - 12 * k, &length);
  *bar = (GwPageRect) { scale_plate->x + 3 * k, scale_plate->y + scale_plate->height - 3.6 * k,
                        length, 1.4 * k };
  *north_plate = (GwPageRect) { l->map.x + l->map.width - 2 * k - 10 * k, l->map.y + 2 * k,
                                10 * k, 15 * k };
  *north = (GwPageRect) { north_plate->x + 2.6 * k, north_plate->y + 3.2 * k, 4.8 * k, 10.5 * k };
}

void
gw_print_board_geometry (GwPrintJob        *self,
                         const GwPrintPage *spec,
                         GwPageGeometry    *geometry)
{
  BoardLayout l;
  GwPageRect scale_plate, north_plate;

  board_layout (self, spec, &l);
  geometry->map_frame = l.map;
  geometry->map_bbox = gw_print_map_bbox (&spec->subject, &l.map, self->options.scale,
                                          &geometry->scale);
  board_overlays (&l, gw_print_paper_factor (self), geometry->scale, &scale_plate,
                  &geometry->scale_bar, &geometry->scale_bar_metres, &north_plate,
                  &geometry->north_arrow);
}

void
gw_print_board_plates (GwPrintJob        *self,
                       const GwPrintPage *spec,
                       GwPageRect         plates[2])
{
  BoardLayout l;
  GwPageRect bar, north;
  double metres;

  board_layout (self, spec, &l);
  board_overlays (&l, gw_print_paper_factor (self), 1000, &plates[0], &bar, &metres, &plates[1],
                  &north);
}

static void
draw_section_title (GwPageContext    *pc,
                    const char       *title,
                    double            x,
                    double            y)
{
  g_autoptr (PangoLayout) layout = gw_print_text (pc, title, 10.5 * pc->k, PANGO_WEIGHT_BOLD, -1,
                                                  PANGO_ALIGN_LEFT);
  double h;

  gw_print_text_size (layout, NULL, &h);
  cairo_rectangle (pc->cr, x, y + 0.8 * pc->k, 1.2 * pc->k, h - 1.6 * pc->k);
  gw_print_set_rgb (pc->cr, GW_PRINT_BOARD_RED);
  cairo_fill (pc->cr);
  gw_print_show (pc, layout, x + 2.8 * pc->k, y, GW_PRINT_INK);
}

/* Text vertically centred in a cell, cut to its width. */
static void
draw_banner (GwPageContext    *pc,
             const GwPageRect *r,
             const char       *subtitle)
{
  cairo_t *cr = pc->cr;
  double k = pc->k;
  g_autoptr (PangoLayout) title = NULL;
  g_autoptr (PangoLayout) sub = NULL;
  PangoAttrList *attrs;
  double tw, th, sw, sh;

  cairo_rectangle (cr, r->x, r->y, r->width, r->height);
  gw_print_set_rgb (cr, GW_PRINT_BOARD_RED);
  cairo_fill (cr);
  cairo_rectangle (cr, r->x, r->y + r->height - 1.0 * k, r->width, 1.0 * k);
  gw_print_set_rgb (cr, BOARD_GOLD);
  cairo_fill (cr);

  title = gw_print_text (pc, _("Grid notice board"), 24 * k, PANGO_WEIGHT_BOLD, -1,
                         PANGO_ALIGN_CENTER);
  /* Spaced out like the lettering of a real board. */
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_letter_spacing_new ((int) (GW_PT (5 * k) * PANGO_SCALE)));
  pango_layout_set_attributes (title, attrs);
  pango_attr_list_unref (attrs);
  gw_print_fit_width (title, r->width - 10 * k);
  gw_print_text_size (title, &tw, &th);

  sub = gw_print_text (pc, subtitle, 10 * k, PANGO_WEIGHT_NORMAL, -1, PANGO_ALIGN_CENTER);
  gw_print_fit_width (sub, r->width - 10 * k);
  gw_print_text_size (sub, &sw, &sh);

  gw_print_show (pc, title, r->x + (r->width - tw) / 2,
                 r->y + (r->height - 1 * k - th - sh) / 2, 0xffffff);
  gw_print_show (pc, sub, r->x + (r->width - sw) / 2,
                 r->y + (r->height - 1 * k - th - sh) / 2 + th, 0xfbe3e3);
}

static void
draw_ident (GwPageContext      *pc,
            const GwPageRect   *r,
            const GwPrintBoard *board)
{
  const GwGridSummary *s = board->summary;
  double k = pc->k, x = r->x, cap_h, code_w;
  g_autoptr (PangoLayout) code = NULL;
  g_autofree char *figures = NULL;
  g_autofree char *area = NULL;

  {
    g_autoptr (PangoLayout) cap = gw_print_text (pc, _("Grid code"), 7.5 * k, PANGO_WEIGHT_NORMAL,
                                                 -1, PANGO_ALIGN_LEFT);

    gw_print_show (pc, cap, x, r->y, GW_PRINT_INK_SOFT);
    gw_print_text_size (cap, NULL, &cap_h);
  }
  code = gw_print_text (pc, s->code, 17 * k, PANGO_WEIGHT_BOLD, -1, PANGO_ALIGN_LEFT);
  gw_print_show (pc, code, x, r->y + cap_h * 0.85, GW_PRINT_BOARD_RED);
  gw_print_text_size (code, &code_w, NULL);

  x += code_w + 7 * k;
  {
    g_autoptr (PangoLayout) cap = gw_print_text (pc, _("Grid name"), 7.5 * k, PANGO_WEIGHT_NORMAL,
                                                 -1, PANGO_ALIGN_LEFT);
    g_autoptr (PangoLayout) name = gw_print_text (pc, s->name, 14 * k, PANGO_WEIGHT_BOLD, -1,
                                                  PANGO_ALIGN_LEFT);

    gw_print_show (pc, cap, x, r->y, GW_PRINT_INK_SOFT);
    gw_print_fit_width (name, MAX (r->x + r->width - x - 40 * k, 20 * k));
    gw_print_show (pc, name, x, r->y + cap_h * 0.95, GW_PRINT_INK);
  }

  /* Counts only: how big the grid is, never who lives in it. */
  if (s->area_m2 >= 100000)
    /* Translators: grid area on the notice board */
    area = g_strdup_printf (_("%.2f km²"), s->area_m2 / 1e6);
  else
    {
      g_autofree char *grouped = gw_print_format_grouped ((guint) round (s->area_m2));

      /* Translators: grid area on the notice board; %s is grouped digits */
      area = g_strdup_printf (_("%s m²"), grouped);
    }
  /* Translators: figures on the notice board: area, buildings, households */
  figures = g_strdup_printf (_("Area %s\n%" PRId64 " buildings · %" PRId64
                               " households"), area, s->n_buildings, s->n_households);
  {
    g_autoptr (PangoLayout) layout = gw_print_text (pc, figures, 7.5 * k, PANGO_WEIGHT_NORMAL, -1,
                                                    PANGO_ALIGN_RIGHT);
    double fw;

    gw_print_text_size (layout, &fw, NULL);
    gw_print_show (pc, layout, r->x + r->width - fw, r->y + 1 * k, GW_PRINT_INK_SOFT);
  }

  cairo_rectangle (pc->cr, r->x, r->y + r->height - 0.25 * k, r->width, 0.25 * k);
  gw_print_set_rgb (pc->cr, GW_PRINT_RULE);
  cairo_fill (pc->cr);
}

static void
draw_team (GwPageContext      *pc,
           const BoardLayout  *l,
           const GwPrintBoard *board)
{
  cairo_t *cr = pc->cr;
  double k = pc->k;
  const GwPageRect *r = &l->team;
  static const double widths[4] = { 0.35, 0.17, 0.20, 0.28 };
  const char *heads[4] = { _("Role"), _("Name"), _("Phone"), C_("worker organisation", "Unit") };
  double y = r->y + section_title_height (k), x;
  guint row = 0;

  draw_section_title (pc, _("Grid service team"), r->x, r->y);

  cairo_rectangle (cr, r->x, y, r->width, l->row_h);
  gw_print_set_rgb (cr, GW_PRINT_TABLE_HEAD);
  cairo_fill (cr);
  x = r->x;
  for (int c = 0; c < 4; c++)
    {
      gw_print_cell_text (pc, heads[c], l->font * 0.95, PANGO_WEIGHT_BOLD, x + 2 * k, y,
                 widths[c] * r->width - 4 * k, l->row_h, GW_PRINT_INK_SOFT);
      x += widths[c] * r->width;
    }
  y += l->row_h;

  for (guint i = 0; i < board->workers->len; i++)
    {
      const GwGridWorker *worker = g_ptr_array_index (board->workers, i);
      double role_w = widths[0] * r->width - 4 * k;

      if (is_building_leader (worker))
        continue;
      if (row++ % 2 == 1)
        {
          cairo_rectangle (cr, r->x, y, r->width, l->row_h);
          gw_print_set_rgb (cr, GW_PRINT_TABLE_ZEBRA);
          cairo_fill (cr);
        }

      x = r->x;
      if (worker->is_first)
        {
          /* The first responsible person is who residents ask for. */
          g_autoptr (PangoLayout) tag = gw_print_text (pc, _("First responsible"), l->font * 0.72,
                                                       PANGO_WEIGHT_BOLD, -1, PANGO_ALIGN_LEFT);
          g_autoptr (PangoLayout) role = gw_print_text (pc, gw_worker_role_label (worker->role),
                                                        l->font, PANGO_WEIGHT_BOLD, -1,
                                                        PANGO_ALIGN_LEFT);
          double tw, th, rw, rh;

          gw_print_text_size (tag, &tw, &th);
          gw_print_fit_width (role, role_w - tw - 3 * k);
          gw_print_text_size (role, &rw, &rh);
          gw_print_show (pc, role, x + 2 * k, y + (l->row_h - rh) / 2, GW_PRINT_INK);
          cairo_rectangle (cr, x + 2 * k + rw + 1.2 * k, y + (l->row_h - th) / 2 - 0.2 * k,
                           tw + 1.6 * k, th + 0.4 * k);
          gw_print_set_rgb (cr, GW_PRINT_BOARD_RED);
          cairo_fill (cr);
          gw_print_show (pc, tag, x + 2 * k + rw + 2.0 * k, y + (l->row_h - th) / 2, 0xffffff);
        }
      else
        gw_print_cell_text (pc, gw_worker_role_label (worker->role), l->font, PANGO_WEIGHT_NORMAL,
                   x + 2 * k, y, role_w, l->row_h, GW_PRINT_INK);
      x += widths[0] * r->width;
      gw_print_cell_text (pc, worker->name, l->font, PANGO_WEIGHT_BOLD, x + 2 * k, y,
                 widths[1] * r->width - 4 * k, l->row_h, GW_PRINT_INK);
      x += widths[1] * r->width;
      gw_print_cell_text (pc, worker->phone, l->font, PANGO_WEIGHT_NORMAL, x + 2 * k, y,
                 widths[2] * r->width - 4 * k, l->row_h, GW_PRINT_INK);
      x += widths[2] * r->width;
      gw_print_cell_text (pc, worker->org, l->font * 0.92, PANGO_WEIGHT_NORMAL, x + 2 * k, y,
                 widths[3] * r->width - 4 * k, l->row_h, GW_PRINT_INK_SOFT);
      y += l->row_h;
    }

  cairo_move_to (cr, r->x, y);
  cairo_line_to (cr, r->x + r->width, y);
  gw_print_set_rgb (cr, GW_PRINT_RULE);
  cairo_set_line_width (cr, 0.25 * k);
  cairo_stroke (cr);
}

typedef struct
{
  const GwGridWorker *worker;
  char               *key;
} LeaderEntry;

static int
compare_leader (gconstpointer a,
                gconstpointer b)
{
  return strcmp (((const LeaderEntry *) a)->key, ((const LeaderEntry *) b)->key);
}

static void
draw_leaders (GwPageContext      *pc,
              const BoardLayout  *l,
              const GwPrintBoard *board)
{
  cairo_t *cr = pc->cr;
  double k = pc->k;
  const GwPageRect *r = &l->leaders;
  double top = r->y + section_title_height (k);
  double cell_w = r->width / l->leader_columns, pad = 1.8 * k;
  g_autoptr (GArray) leaders = g_array_new (FALSE, FALSE, sizeof (LeaderEntry));
  guint n = 0;

  if (r->height <= 0)
    return;
  draw_section_title (pc, _("Building leaders"), r->x, r->y);

  /* In the order of the buildings they look after, "2号楼" before "10号楼",
   * so residents find their own building. */
  for (guint i = 0; i < board->workers->len; i++)
    {
      const GwGridWorker *worker = g_ptr_array_index (board->workers, i);
      LeaderEntry entry = { worker, g_utf8_collate_key_for_filename (worker->org, -1) };

      if (is_building_leader (worker))
        g_array_append_val (leaders, entry);
      else
        g_free (entry.key);
    }
  g_array_sort (leaders, compare_leader);

  for (guint i = 0; i < leaders->len; i++)
    {
      const GwGridWorker *worker = g_array_index (leaders, LeaderEntry, i).worker;
      double x, y, w;
      g_autofree char *line = NULL;

      g_free (g_array_index (leaders, LeaderEntry, i).key);
      x = r->x + (n % l->leader_columns) * cell_w;
      y = top + (n / l->leader_columns) * l->cell_h;
      w = cell_w - 1.2 * k;
      n++;

      cairo_rectangle (cr, x, y, w, l->cell_h - 1.2 * k);
      gw_print_set_rgb (cr, GW_PRINT_TABLE_ZEBRA);
      cairo_fill_preserve (cr);
      gw_print_set_rgb (cr, GW_PRINT_RULE);
      cairo_set_line_width (cr, 0.2 * k);
      cairo_stroke (cr);

      gw_print_cell_text (pc, worker->org, l->font * 0.85, PANGO_WEIGHT_NORMAL, x + pad, y + 0.3 * k,
                 w - 2 * pad, (l->cell_h - 1.2 * k) / 2, GW_PRINT_INK_SOFT);
      line = g_strdup_printf ("%s  %s", worker->name, worker->phone);
      gw_print_cell_text (pc, line, l->font * 0.9, PANGO_WEIGHT_BOLD, x + pad,
                 y + (l->cell_h - 1.2 * k) / 2 - 0.3 * k, w - 2 * pad,
                 (l->cell_h - 1.2 * k) / 2, GW_PRINT_INK);
    }
}

static void
draw_service (GwPageContext    *pc,
              const GwPageRect *r)
{
  cairo_t *cr = pc->cr;
  GwPrintJob *self = pc->job;
  double k = pc->k, third = r->width / 3, cap_h;

  cairo_rectangle (cr, r->x, r->y, r->width, r->height);
  gw_print_set_rgb (cr, BOARD_TINT);
  cairo_fill (cr);
  cairo_rectangle (cr, r->x, r->y, 1.4 * k, r->height);
  gw_print_set_rgb (cr, GW_PRINT_BOARD_RED);
  cairo_fill (cr);

  {
    g_autoptr (PangoLayout) cap = gw_print_text (pc, _("Service hours"), 7.5 * k,
                                                 PANGO_WEIGHT_NORMAL, -1, PANGO_ALIGN_LEFT);
    g_autoptr (PangoLayout) hours = gw_print_text (pc, self->service_hours, 11 * k,
                                                   PANGO_WEIGHT_BOLD, -1, PANGO_ALIGN_LEFT);

    gw_print_text_size (cap, NULL, &cap_h);
    gw_print_show (pc, cap, r->x + 5 * k, r->y + 2.5 * k, GW_PRINT_INK_SOFT);
    gw_print_fit_width (hours, third - 7 * k);
    gw_print_show (pc, hours, r->x + 5 * k, r->y + 2.5 * k + cap_h, GW_PRINT_INK);
  }
  {
    g_autoptr (PangoLayout) cap = gw_print_text (pc, _("Service hotline"), 7.5 * k,
                                                 PANGO_WEIGHT_NORMAL, -1, PANGO_ALIGN_LEFT);
    g_autoptr (PangoLayout) hotline = gw_print_text (pc, self->hotline, 16 * k,
                                                     PANGO_WEIGHT_BOLD, -1, PANGO_ALIGN_LEFT);

    gw_print_show (pc, cap, r->x + third + 2 * k, r->y + 2.5 * k, GW_PRINT_INK_SOFT);
    gw_print_fit_width (hotline, third - 4 * k);
    gw_print_show (pc, hotline, r->x + third + 2 * k, r->y + 2.5 * k + cap_h * 0.8,
                   GW_PRINT_BOARD_RED);
  }
  {
    g_autoptr (PangoLayout) note = NULL;
    double nh;

    note = gw_print_text (pc, _("Your grid team helps with community affairs. Call them, or report "
                                "a problem to the service hotline; it is passed to the grid and "
                                "followed up."),
                          7.5 * k, PANGO_WEIGHT_NORMAL, third - 4 * k, PANGO_ALIGN_LEFT);
    gw_print_text_size (note, NULL, &nh);
    gw_print_show (pc, note, r->x + 2 * third, r->y + MAX ((r->height - nh) / 2, 1 * k),
                   GW_PRINT_INK_SOFT);
  }
}

void
gw_print_draw_board (GwPageContext *pc)
{
  GwPrintJob *self = pc->job;
  const GwPrintPage *spec = pc->spec;
  const GwPrintBoard *board = g_hash_table_lookup (self->boards, &spec->grid_id);
  GwPageGeometry g = { 0 };
  BoardLayout l;
  GwPageRect scale_plate, north_plate, bar, north;
  double metres;
  g_autofree char *subtitle = NULL;

  if (board == NULL)
    return;

  board_layout (self, spec, &l);
  gw_print_board_geometry (self, spec, &g);
  subtitle = g_strdup_printf ("%s · %s", board->summary->street_name,
                              board->summary->community_name);

  draw_banner (pc, &l.banner, subtitle);
  draw_ident (pc, &l.ident, board);

  board_overlays (&l, pc->k, g.scale, &scale_plate, &bar, &metres, &north_plate, &north);
  gw_print_draw_map (pc, &g.map_frame, &g.map_bbox,
                     (const GwPageRect[]) { scale_plate, north_plate }, 2, TRUE);
  cairo_rectangle (pc->cr, scale_plate.x, scale_plate.y, scale_plate.width, scale_plate.height);
  cairo_rectangle (pc->cr, north_plate.x, north_plate.y, north_plate.width, north_plate.height);
  cairo_set_source_rgba (pc->cr, 1, 1, 1, 0.88);
  cairo_fill (pc->cr);
  gw_print_draw_scale_bar (pc, &bar, metres, g.scale, FALSE);
  gw_print_draw_north_arrow (pc, &north);
  {
    g_autofree char *grouped = NULL;
    g_autofree char *text = NULL;
    g_autoptr (PangoLayout) layout = NULL;
    double h;

    grouped = gw_print_format_grouped ((guint) round (g.scale));
    /* Translators: %s is the scale denominator: "Scale 1:2000" */
    text = g_strdup_printf (_("Scale 1:%s"), grouped);
    layout = gw_print_text (pc, text, 6.5 * pc->k, PANGO_WEIGHT_BOLD, -1, PANGO_ALIGN_LEFT);
    gw_print_text_size (layout, NULL, &h);
    gw_print_show (pc, layout, scale_plate.x + 3 * pc->k, scale_plate.y + 1 * pc->k,
                   GW_PRINT_INK);
  }

  draw_team (pc, &l, board);
  draw_leaders (pc, &l, board);
  draw_service (pc, &l.service);
  gw_print_draw_footer (pc);
}

/* Household list ------------------------------------------------------------ */

static void
household_layout (GwPrintJob *self,
                  GwPageRect *header,
                  GwPageRect *warning,
                  GwPageRect *table,
                  double     *row_h)
{
  double k = gw_print_paper_factor (self);
  double m = 10 * k, gap = 4 * k;
  double footer_y = self->paper_height - m - 5 * k;

  *header = (GwPageRect) { m, m, self->paper_width - 2 * m, 17 * k };
  *warning = (GwPageRect) { m, header->y + header->height + gap, header->width, 7 * k };
  *table = (GwPageRect) { m, warning->y + warning->height + gap, header->width,
                          footer_y - gap - (warning->y + warning->height + gap) };
  *row_h = 5.4 * k;
}

guint
gw_print_household_rows_per_page (GwPrintJob *self)
{
  GwPageRect header, warning, table;
  double row_h;

  household_layout (self, &header, &warning, &table, &row_h);
  return MAX (1, (guint) floor (table.height / row_h) - 1);
}

void
gw_print_draw_households (GwPageContext *pc)
{
  GwPrintJob *self = pc->job;
  const GwPrintPage *spec = pc->spec;
  GPtrArray *households = g_hash_table_lookup (self->households, &spec->grid_id);
  cairo_t *cr = pc->cr;
  double k = pc->k, row_h, y;
  GwPageRect header, warning, table;
  g_autofree char *title = NULL;
  static const double widths[7] = { 0.24, 0.13, 0.07, 0.09, 0.19, 0.10, 0.18 };
  const char *heads[7] = {
    _("Address"), _("Building"), C_("building unit", "Unit"), _("Room"), _("Head of household"), _("Members"),
    _("Household registration")
  };

  household_layout (self, &header, &warning, &table, &row_h);
  /* Translators: title of the household list pages; %s is a grid name */
  title = g_strdup_printf (_("Household list · %s"), spec->name);
  gw_print_draw_header (pc, &header, title, 0);

  cairo_rectangle (cr, warning.x, warning.y, warning.width, warning.height);
  gw_print_set_rgb (cr, BOARD_TINT);
  cairo_fill (cr);
  gw_print_cell_text (pc, _("Contains personal data of residents. For internal use by grid staff only: "
                   "do not post, copy or pass on."),
             8 * k, PANGO_WEIGHT_BOLD, warning.x + 3 * k, warning.y, warning.width - 6 * k,
             warning.height, GW_PRINT_BOARD_RED);

  y = table.y;
  gw_print_table_row (pc, &table, y, row_h, widths, 7, heads, GW_PRINT_ROW_HEAD, -1);
  y += row_h;

  for (guint i = 0; households != NULL && i < spec->n_rows; i++)
    {
      const GwHousehold *household = g_ptr_array_index (households, spec->first_row + i);
      g_autofree char *unit = g_strdup_printf ("%d", household->unit);
      g_autofree char *members = g_strdup_printf ("%d", household->n_members);
      const char *cells[7] = {
        household->address, household->building_name, unit, household->room,
        household->head_name, members, gw_household_hukou_label (household->hukou),
      };

      gw_print_table_row (pc, &table, y, row_h, widths, 7, cells,
                          i % 2 == 1 ? GW_PRINT_ROW_ZEBRA : GW_PRINT_ROW_PLAIN, 4);
      y += row_h;
    }
  if (households == NULL || households->len == 0)
    gw_print_cell_text (pc, _("No households are registered in this grid."), 8 * k, PANGO_WEIGHT_NORMAL,
               table.x + 1.5 * k, y, table.width, row_h, GW_PRINT_INK_SOFT);

  gw_print_table_rule (pc, &table, y);
  gw_print_draw_footer (pc);
}
