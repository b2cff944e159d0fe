/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pangocairo.h>

#include "gw-inspector.h"
#include "gw-overdue.h"
#include "gw-page-layout.h"
#include "gw-renderer.h"
#include "gw-style.h"

G_BEGIN_DECLS

/* Shared by the print files: the job (gw-page-layout.c), map pages
 * (gw-print-map-page.c) with their map frame (gw-print-map-frame.c) and
 * furniture (gw-print-furniture.c), text helpers (gw-print-text.c), the
 * notice board and household list (gw-notice-board.c) and the export
 * (gw-print-export.c). */

typedef enum
{
  GW_PAGE_MAP,
  GW_PAGE_BOARD,
  GW_PAGE_HOUSEHOLDS,
  GW_PAGE_PLAN_TABLE,
  GW_PAGE_REPORT_MAP,      /* the monthly report's first page */
  GW_PAGE_REPORT_TABLES,   /* its tables, flowed over the next pages */
  GW_PAGE_OVERDUE,         /* the overdue board */
} GwPageKind;

typedef struct _GwPrintReport GwPrintReport;

typedef struct
{
  gint64  id;
  char   *code;
  char   *name;
  char   *district_name;
  GwBBox  extent;   /* mercator, of its communities */
} GwPrintStreet;

/* What a notice board shows of one grid: public data only. */
typedef struct
{
  GwGridSummary *summary;
  GPtrArray     *workers;      /* GwGridWorker */
} GwPrintBoard;

typedef struct
{
  GwPageKind     kind;
  GwFeatureKind  highlight_kind; /* the area a map page is about */
  gint64         highlight_id;   /* 0: nothing highlighted */
  gint64         grid_id;        /* atlas, board and household pages */
  gint64         street_id;      /* for the locator; 0: everything */
  GwBBox         subject;        /* mercator: what must be on the map */
  char          *code;           /* for file names and the header */
  char          *name;
  char          *subtitle;       /* NULL: the job's */
  guint          first_row;      /* household pages */
  guint          n_rows;
} GwPrintPage;

/* What the pages drawn onto one surface share, recorded once so that a
 * PDF stores each once: every distinct map label, and each street's locator
 * inset. Belongs to one thread. */
typedef struct
{
  GHashTable   *locators;        /* street id → recorded cairo_surface_t */
  GwLabelCache *labels;
} GwPrintCaches;

void gw_print_caches_init  (GwPrintCaches *caches);
void gw_print_caches_clear (GwPrintCaches *caches);

/* gw_print_job_draw_page() through @caches, which the caller keeps to
 * itself (the public one shares the job's under a lock). */
void gw_print_job_draw_page_cached (GwPrintJob    *self,
                                    cairo_t       *cr,
                                    guint          page,
                                    double         units_per_mm,
                                    GwPrintCaches *caches);

struct _GwPrintJob
{
  GObject         parent_instance;

  GwMapSnapshot  *snapshot;
  GwPrintOptions  options;       /* strings below, not the caller's */
  char           *title;
  char           *subtitle;
  char           *date;
  char           *source;
  char           *service_hours;
  char           *hotline;
  double          paper_width;   /* mm, oriented */
  double          paper_height;

  GPtrArray      *pages;         /* GwPrintPage */
  GHashTable     *streets;       /* id → GwPrintStreet */
  GHashTable     *boards;        /* grid id → GwPrintBoard */
  GHashTable     *households;    /* grid id → GPtrArray of GwHousehold */
  GwPrintCaches   caches;        /* gw_print_job_draw_page()'s, under caches_lock */
  GMutex          caches_lock;
  guint           max_pdf_parts; /* PDF parts written at once (0: one a core) */
  GHashTable     *plan_paint;    /* lot id → GW_PLAN_PAINT, with options.plan */
  GArray         *plan_keys;     /* of guint: the plan's grids with lots, in code order */
  GHashTable     *grid_fill;     /* grid id → GW_RGBA, drawn over the map (NULL: none) */
  GwPrintReport  *report;        /* with options.report_month */
  GPtrArray      *overdue;       /* GwOverdueCase, with options.overdue_board */
  char           *overdue_filters;
  char           *overdue_as_of;
};

/* One page being drawn: the context in millimetres. */
typedef struct
{
  GwPrintJob    *job;
  GwPrintCaches *caches;
  cairo_t       *cr;             /* user space: mm, origin at the paper's corner */
  double         units_per_mm;   /* of the caller's user space */
  cairo_matrix_t caller_matrix;  /* the caller's user space */
  PangoContext  *pango;
  double         k;              /* size factor of the paper: 1 for A4 */
  guint          page;
  const GwPrintPage *spec;
} GwPageContext;

/* Ink of the page furniture (not the map). */
#define GW_PRINT_INK        0x241f31
#define GW_PRINT_INK_SOFT   0x5e5c64
#define GW_PRINT_RULE       0xc0bfbc
#define GW_PRINT_BOARD_RED  0xb51d22
#define GW_PRINT_TABLE_HEAD  0xefedec
#define GW_PRINT_TABLE_ZEBRA 0xf8f7f6

typedef enum
{
  GW_PRINT_ROW_HEAD,
  GW_PRINT_ROW_ZEBRA,
  GW_PRINT_ROW_PLAIN,
} GwPrintRowStyle;

/* Points to millimetres. */
#define GW_PT(points) ((points) * 25.4 / 72.0)

/* gw-print-text.c */
void         gw_print_cell_text        (GwPageContext        *pc,
                                        const char           *text,
                                        double                size_pt,
                                        PangoWeight           weight,
                                        double                x,
                                        double                y,
                                        double                w,
                                        double                h,
                                        guint32               rgb);
void         gw_print_table_row        (GwPageContext        *pc,
                                        const GwPageRect     *table,
                                        double                y,
                                        double                row_h,
                                        const double         *widths,
                                        guint                 n,
                                        const char * const   *cells,
                                        GwPrintRowStyle       style,
                                        int                   bold_column);
void         gw_print_table_rule       (GwPageContext        *pc,
                                        const GwPageRect     *table,
                                        double                y);
void         gw_print_set_rgb          (cairo_t              *cr,
                                        guint32               rgb);
/* A style colour as 0xRRGGBB (opaque). */
guint32      gw_print_color_rgb        (const GwColor        *color);
PangoLayout *gw_print_text             (GwPageContext        *pc,
                                        const char           *text,
                                        double                size_pt,
                                        PangoWeight           weight,
                                        double                width_mm,
                                        PangoAlignment        align);
/* Draws @layout with its top-left at (x, y) mm. */
void         gw_print_show             (GwPageContext        *pc,
                                        PangoLayout          *layout,
                                        double                x,
                                        double                y,
                                        guint32               rgb);
/* Shows @text in one call; returns its height. */
double       gw_print_show_text        (GwPageContext        *pc,
                                        const char           *text,
                                        double                size_pt,
                                        PangoWeight           weight,
                                        double                x,
                                        double                y,
                                        double                width_mm,
                                        PangoAlignment        align,
                                        guint32               rgb);
void         gw_print_text_size        (PangoLayout          *layout,
                                        double               *width,
                                        double               *height);
/* Shrinks @layout's font until it fits in @width_mm on one line. */
void         gw_print_fit_width        (PangoLayout          *layout,
                                        double                width_mm);
/* "12345" → "12,345". */
char        *gw_print_format_grouped   (guint                 value);

/* gw-page-layout.c */
/* 1 for A4, growing with the square root of the paper's size. */
double       gw_print_paper_factor     (GwPrintJob           *self);
const GwStyle *gw_print_job_get_style  (GwPrintJob           *self);
/* Grids (const GwFeature **) by code, for g_ptr_array_sort(). */
int          gw_print_compare_grid_code (gconstpointer        a,
                                         gconstpointer        b);

/* A neighbour's code at the edge of a grid's map, pointing its way. */
typedef struct
{
  const GwFeature *neighbour;
  GwPageRect       box;        /* mm: the tag without its arrow */
  GwPageRect       footprint;  /* mm: the box grown by the arrow's length */
  int              side;       /* where the arrow points: 0 top, 1 right,
                                  2 bottom, 3 left */
} GwPrintTag;

/* gw-print-map-frame.c */
/* The mercator box at 1:@scale (0: the nice scale that fits @subject)
 * for @frame, centred on @subject; @scale_out gets the scale. */
GwBBox       gw_print_map_bbox         (const GwBBox         *subject,
                                        const GwPageRect     *frame,
                                        double                scale,
                                        double               *scale_out);
/* A map of @bbox in @frame (mm), with the page's highlight, neighbours'
 * codes and a border; @keep_out (mm) are the plates the caller draws over
 * the map: no label or tag goes under them. */
void         gw_print_draw_map         (GwPageContext        *pc,
                                        const GwPageRect     *frame,
                                        const GwBBox         *bbox,
                                        const GwPageRect     *keep_out,
                                        guint                 n_keep_out,
                                        gboolean              neighbour_codes);
/* The tags (GwPrintTag) of the neighbours of @spec's grid on its map of
 * @bbox in @frame: each at the frame's edge towards its neighbour, clear of
 * @keep_out, of the grid's own code and name (their box in @grid_label,
 * empty if it has none) and of each other. */
GArray      *gw_print_neighbour_tags   (GwPrintJob           *self,
                                        const GwPrintPage    *spec,
                                        const GwPageRect     *frame,
                                        const GwBBox         *bbox,
                                        const GwPageRect     *keep_out,
                                        guint                 n_keep_out,
                                        GwPageRect           *grid_label);
/* The page's street in miniature in @rect, with @page_bbox marked. */
void         gw_print_draw_locator     (GwPageContext        *pc,
                                        const GwPageRect     *rect,
                                        const GwBBox         *page_bbox);

/* gw-print-furniture.c */
/* Title and subtitle left, the code of the page's grid (else its scale)
 * right, a rule under them. */
void         gw_print_draw_header      (GwPageContext        *pc,
                                        const GwPageRect     *header,
                                        const char           *title,
                                        double                scale);
void         gw_print_draw_footer      (GwPageContext        *pc);
void         gw_print_draw_north_arrow (GwPageContext        *pc,
                                        const GwPageRect     *rect);
/* @bar: exactly the length that stands for @metres at 1:@scale. */
void         gw_print_draw_scale_bar   (GwPageContext        *pc,
                                        const GwPageRect     *bar,
                                        double                metres,
                                        double                scale,
                                        gboolean              with_caption);
/* The legend of a map page whose map is at web-map @zoom. */
void         gw_print_draw_legend      (GwPageContext        *pc,
                                        const GwPageRect     *rect,
                                        double                zoom);

/* gw-print-map-page.c */
/* Whether the area @subject (mercator) fills a landscape page's map frame
 * better than a portrait one's; the job's paper is portrait when asked. */
gboolean     gw_print_map_prefers_landscape (GwPrintJob     *self,
                                             const GwBBox   *subject);
void         gw_print_map_page_geometry (GwPrintJob          *self,
                                         const GwPrintPage   *spec,
                                         GwPageGeometry      *geometry);
void         gw_print_draw_map_page    (GwPageContext        *pc);

/* gw-notice-board.c */
void         gw_print_board_geometry   (GwPrintJob           *self,
                                        const GwPrintPage    *spec,
                                        GwPageGeometry       *geometry);
void         gw_print_draw_board       (GwPageContext        *pc);
/* The white plates over the board's map: scale bar, north arrow. */
void         gw_print_board_plates     (GwPrintJob           *self,
                                        const GwPrintPage    *spec,
                                        GwPageRect            plates[2]);
guint        gw_print_household_rows_per_page (GwPrintJob   *self);
void         gw_print_draw_households  (GwPageContext        *pc);

/* gw-print-plan.c */
gboolean     gw_print_add_plan_pages   (GwPrintJob           *self,
                                        GError              **error);
void         gw_print_draw_plan_table  (GwPageContext        *pc);

/* gw-print-report.c */
/* The monthly report of the area (@grids: its grids, const GwFeature *):
 * reads the rates of the month, then adds its map page and table pages;
 * with the area's @page (the map page it would print) as the model of the
 * first. Fails, saying so, for a month without cases. */
gboolean     gw_print_add_report_pages (GwPrintJob           *self,
                                        GwStore              *store,
                                        GPtrArray            *grids,
                                        GwPrintPage          *page,
                                        GError              **error);
void         gw_print_report_free      (GwPrintReport        *report);
/* "宁夏路街道 monthly report". */
char        *gw_print_report_title     (const char           *area_name);
void         gw_print_report_geometry  (GwPrintJob           *self,
                                        const GwPrintPage    *spec,
                                        GwPageGeometry       *geometry);
void         gw_print_draw_report_map  (GwPageContext        *pc);
void         gw_print_draw_report_tables (GwPageContext      *pc);
/* "All cases", or what @filter keeps, in words. */
char        *gw_print_describe_filter  (const GwCaseFilter   *filter);

/* gw-print-overdue.c */
/* The overdue board of the area's @grids, under options.report_filter;
 * @model: the area's page, whose code and name the pages take (freed). */
gboolean     gw_print_add_overdue_pages (GwPrintJob          *self,
                                         GwStore             *store,
                                         GPtrArray           *grids,
                                         GwPrintPage         *model,
                                         GError             **error);
char        *gw_print_overdue_title    (const char           *area_name);
void         gw_print_draw_overdue     (GwPageContext        *pc);

/* At most @n parts of a long PDF written at once (0: one a core, 1: none):
 * for tests, which compare both ways on any machine. */
void         gw_print_job_set_max_pdf_parts (GwPrintJob          *self,
                                             guint                n);

/* Joins PDFs in memory (GByteArray, each a whole file) into one file at
 * @path, their pages in order (gw-pdf-merge.c). */
gboolean     gw_pdf_merge              (GPtrArray            *parts,
                                        const char           *path,
                                        GError              **error);

G_END_DECLS
