/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "gw-hotspot-query.h"
#include "gw-kpi.h"
#include "gw-map-snapshot.h"
#include "gw-plan.h"
#include "gw-store.h"
#include "gw-user.h"

G_BEGIN_DECLS

/* The print layout engine: every printed or exported page (map pages, atlas
 * pages, grid notice boards, household lists) is drawn here with Cairo over
 * the one map renderer, so PDF, SVG, PNG, the print dialog's preview and the
 * printer show the same page. No GTK: a GtkPrintContext's cairo_t is just
 * another target. Page coordinates are millimetres from the top-left corner
 * of the paper. */

#define GW_PRINT_ERROR (gw_print_error_quark ())

/* What went wrong with a print job or its files. */
typedef enum
{
  GW_PRINT_ERROR_INVALID,    /* an option or name that cannot be printed */
  GW_PRINT_ERROR_NOT_FOUND,  /* the grid, community or street to print is not there */
  GW_PRINT_ERROR_DENIED,     /* the user may not print household lists */
  GW_PRINT_ERROR_WRITE,      /* a file could not be written */
} GwPrintError;

GQuark gw_print_error_quark (void);

typedef enum
{
  GW_PAPER_A4,
  GW_PAPER_A3,
  GW_PAPER_A2,
} GwPaper;

/* What a job prints. */
typedef enum
{
  GW_PRINT_AREA_VIEW,       /* a mercator box (the window's view) */
  GW_PRINT_AREA_GRID,
  GW_PRINT_AREA_COMMUNITY,
  GW_PRINT_AREA_STREET,     /* one street, or everything in the database */
} GwPrintArea;

typedef enum
{
  GW_PRINT_FORMAT_PDF,
  GW_PRINT_FORMAT_SVG,
  GW_PRINT_FORMAT_PNG,
} GwPrintFormat;

/* The smallest and largest fixed scales the dialog offers (1:N). */
#define GW_PRINT_SCALE_MIN 500
#define GW_PRINT_SCALE_MAX 10000

typedef struct
{
  GwPaper      paper;
  gboolean     landscape;
  gboolean     orientation_auto; /* fit (scale 0), one map page: portrait or
                                    landscape, whichever frame the area fills
                                    better (@landscape is then ignored) */
  guint        scale;          /* 1:scale; 0 fits the area to the page */
  GwPrintArea  area;
  GwBBox       view;           /* mercator, for GW_PRINT_AREA_VIEW */
  gint64       grid_id;        /* for GW_PRINT_AREA_GRID */
  gint64       community_id;   /* for GW_PRINT_AREA_COMMUNITY */
  gint64       street_id;      /* for GW_PRINT_AREA_STREET; 0: every street */
  gboolean     atlas;          /* one map page per grid of the area */
  gboolean     notice_board;   /* one notice board per grid of the area */
  gboolean     households;     /* household list pages: resident personal data,
                                  printed only when explicitly asked for */
  gboolean     magenta_grids;  /* grid boundaries in the magenta of the grid
                                  standards instead of the screen's blue */
  gboolean     case_dots;      /* open cases on the map */
  const char  *title;          /* NULL: from the area */
  const char  *subtitle;       /* NULL: "street · community · grid" */
  const char  *date;           /* NULL: today */
  const char  *service_hours;  /* notice board; NULL: Mon–Fri 8:30–17:30 */
  const char  *hotline;        /* notice board; NULL: 12345 */
  GwPlan      *plan;           /* a draft drawn over the live grids on the map
                                  pages, then its table of grids (NULL: none) */
  const char  *report_month;   /* "YYYY-MM": the monthly report of the area
                                  instead of its map (A4 portrait pages) */
  const GwCaseFilter *report_filter; /* the report's (or overdue board's)
                                        filters but the dates and status
                                        (NULL: every case) */
  GwKpi        report_kpi;     /* the rate that colours the report's map and
                                  ranks its grids (default: on time) */
  const char  *printed_by;     /* who prints, on the report (NULL: not said) */
  gboolean     overdue_board;  /* the area's overdue board (挂牌督办) instead of
                                  its map (A4 landscape pages) */
} GwPrintOptions;

typedef struct
{
  double x, y, width, height;
} GwPageRect;

/* Where the parts of one page are, for tests and the preview. */
typedef struct
{
  double     paper_width;      /* mm, oriented */
  double     paper_height;
  GwPageRect map_frame;        /* mm; empty on pages without a map */
  GwBBox     map_bbox;         /* mercator box the map frame shows */
  double     scale;            /* 1:scale, on the ground at the frame's centre */
  GwPageRect scale_bar;        /* mm: the bar from 0 to scale_bar_metres */
  double     scale_bar_metres; /* ground length the bar stands for */
  GwPageRect legend;
  GwPageRect locator;
  GwPageRect north_arrow;
} GwPageGeometry;

#define GW_TYPE_PRINT_JOB (gw_print_job_get_type ())
G_DECLARE_FINAL_TYPE (GwPrintJob, gw_print_job, GW, PRINT_JOB, GObject)

void           gw_print_options_init        (GwPrintOptions       *options);

/* Paper size in millimetres, portrait. */
void           gw_paper_get_size_mm         (GwPaper               paper,
                                             double               *width,
                                             double               *height);
gboolean       gw_paper_from_string         (const char           *text,
                                             GwPaper              *paper,
                                             GError              **error);
/* PDF, SVG or PNG from the file's extension. */
gboolean       gw_print_format_from_path    (const char           *path,
                                             GwPrintFormat        *format,
                                             GError              **error);

/* The title and subtitle a job gets when the options leave them NULL:
 * "汾阳路社区 grid map", "市北区 · 宁夏路街道 · 汾阳路社区". */
gboolean       gw_print_default_titles      (GwStore              *store,
                                             GwMapSnapshot        *snapshot,
                                             const GwPrintOptions *options,
                                             char                **title,
                                             char                **subtitle,
                                             GError              **error);

/* Reads what the pages need (names, workers, households) from @store, so
 * that drawing a page later touches only the job and the snapshot. */
GwPrintJob    *gw_print_job_new             (GwStore              *store,
                                             GwMapSnapshot        *snapshot,
                                             const GwPrintOptions *options,
                                             GError              **error);
guint          gw_print_job_get_n_pages     (GwPrintJob           *self);
/* Oriented paper size in millimetres. */
void           gw_print_job_get_paper_size  (GwPrintJob           *self,
                                             double               *width,
                                             double               *height);
const char    *gw_print_job_get_title       (GwPrintJob           *self);
const char    *gw_print_job_get_subtitle    (GwPrintJob           *self);
/* What a file of one page is called: the grid code of an atlas page or
 * notice board, else the code of the area. */
const char    *gw_print_job_get_page_code   (GwPrintJob           *self,
                                             guint                 page);
void           gw_print_job_get_page_geometry (GwPrintJob         *self,
                                               guint               page,
                                               GwPageGeometry     *geometry);
/* The tags naming the neighbouring grids at the edge of page @page's map
 * (GwPageRect, mm, without their arrows; none on pages without a grid), and
 * in @grid_label (may be NULL) the box of the page grid's own code and name
 * on the map (empty if it has none). */
GArray        *gw_print_job_get_neighbour_tags (GwPrintJob       *self,
                                                guint             page,
                                                GwPageRect       *grid_label);
/* Draws page @page (from 0) onto @cr, whose user space has its origin at
 * the paper's top-left corner and @units_per_mm units per millimetre (for
 * PDF 72 / 25.4, for PNG dpi / 25.4). */
void           gw_print_job_draw_page       (GwPrintJob           *self,
                                             cairo_t              *cr,
                                             guint                 page,
                                             double                units_per_mm);

/* Writes every page to @path. PDF: one multi-page file. SVG and PNG have one
 * page per file: "{code}", "{page}" and "{name}" in @path are replaced per
 * page; without them a job of several pages writes path-001.png, … @dpi is
 * for PNG only. */
gboolean       gw_print_export              (GwPrintJob           *self,
                                             const char           *path,
                                             GwPrintFormat         format,
                                             double                dpi,
                                             GError              **error);

/* How far an export is: @done of @total steps (a page drawn, a picture
 * encoded). */
typedef void (*GwPrintProgressFunc) (guint    done,
                                     guint    total,
                                     gpointer user_data);

/* gw_print_export () that reports progress on the calling thread and stops
 * between steps when @cancellable is cancelled (G_IO_ERROR_CANCELLED). A
 * cancelled or failed export removes the files it wrote. */
gboolean       gw_print_export_full         (GwPrintJob           *self,
                                             const char           *path,
                                             GwPrintFormat         format,
                                             double                dpi,
                                             GCancellable         *cancellable,
                                             GwPrintProgressFunc   progress,
                                             gpointer              progress_data,
                                             GError              **error);
/* The export on a worker thread, so a big page (A2 at 600 dpi) does not
 * freeze the window. @progress is called in the thread-default main context
 * of the caller. The job must not be drawn elsewhere until @callback runs:
 * give the task a job of its own. */
void           gw_print_export_async        (GwPrintJob           *self,
                                             const char           *path,
                                             GwPrintFormat         format,
                                             double                dpi,
                                             GCancellable         *cancellable,
                                             GwPrintProgressFunc   progress,
                                             gpointer              progress_data,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean       gw_print_export_finish       (GwPrintJob           *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* Draws @page into a new white RGB picture of @width × @height pixels at
 * @pixels_per_mm, on a worker thread (the preview). Same rule as above: a
 * job of its own, or none drawing it meanwhile. */
void             gw_print_job_render_page_async  (GwPrintJob          *self,
                                                  guint                page,
                                                  int                  width,
                                                  int                  height,
                                                  double               pixels_per_mm,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
cairo_surface_t *gw_print_job_render_page_finish (GwPrintJob          *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Household lists are resident data: before a job that has them is
 * exported or printed, @user (NULL: nobody known) must be a supervisor or
 * the staff of each listed grid, and each grid's list is written to the
 * audit log (action "export", object "grid:CODE", detail naming
 * @destination). A job without household lists passes and logs nothing. */
gboolean       gw_print_job_authorize       (GwPrintJob           *self,
                                             GwStore              *store,
                                             GwUser               *user,
                                             const char           *destination,
                                             GError              **error);
/* Whether the job has household list pages. */
gboolean       gw_print_job_has_households  (GwPrintJob           *self);

/* Picks the ground length of a scale bar for 1:@scale no longer than
 * @max_mm: 1, 2 or 5 × 10ⁿ metres. Returns the metres; @length_mm gets the
 * bar's length on paper. */
double         gw_scale_bar_choose          (double                scale,
                                             double                max_mm,
                                             double               *length_mm);

G_END_DECLS
