/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gw-cli.h"
#include "gw-hotspot-query.h"
#include "gw-inspector.h"
#include "gw-kpi.h"
#include "gw-map-snapshot.h"
#include "gw-page-layout.h"
#include "gw-png.h"
#include "gw-renderer.h"
#include "gw-plan.h"
#include "gw-street.h"
#include "gw-util.h"

/* gridwork-cli render DB --out FILE.png --size WxH [--bbox minlon,minlat,maxlon,maxlat]
 * gridwork-cli print DB --out FILE.(pdf|svg|png) (--view | --grid CODE | --community CODE |
 *   --street) [--atlas] [--board] [--paper A4|A3|A2] [--landscape | --orientation auto|…]
 *   [--scale N] [--dpi N] …
 * gridwork-cli print DB --monthly-report YYYY-MM [--kpi KEY] [--category …] [--tier …]
 *   [--source …] [--status …] [--community CODE] --out FILE.pdf
 * gridwork-cli print DB --overdue [--category …] [--tier …] [--source …] [--community CODE]
 *   --out FILE.pdf */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)

static gboolean
parse_bbox (const char *text,
            GwBBox     *bbox,
            GError    **error)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);
  double v[4];

  if (g_strv_length (parts) != 4)
    goto bad;
  for (int i = 0; i < 4; i++)
    {
      char *end = NULL;

      v[i] = g_ascii_strtod (g_strstrip (parts[i]), &end);
      if (end == parts[i] || *end != '\0' || !isfinite (v[i]))
        goto bad;
    }
  if (v[0] >= v[2] || v[1] >= v[3] || v[0] < -180 || v[2] > 180 || v[1] < -85 || v[3] > 85)
    goto bad;

  gw_lonlat_to_mercator (v[0], v[1], &bbox->min_x, &bbox->min_y);
  gw_lonlat_to_mercator (v[2], v[3], &bbox->max_x, &bbox->max_y);
  return TRUE;

bad:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("--bbox “%s” is not minlon,minlat,maxlon,maxlat in degrees"), text);
  return FALSE;
}

static gboolean
open_database (const char     *path,
               GwStore       **store,
               GwMapSnapshot **snapshot,
               GError        **error)
{
  g_autoptr (GDateTime) now = gw_now ();

  *store = gw_store_open (path, GW_STORE_OPEN_DEFAULT, error);
  if (*store == NULL)
    return FALSE;
  *snapshot = gw_map_snapshot_load (*store, now, error);
  return *snapshot != NULL;
}

int
gw_cli_render (int    argc,
               char **argv)
{
  g_autofree char *out = NULL;
  g_autofree char *size = NULL;
  g_autofree char *bbox_text = NULL;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("The PNG file to write"), N_("FILE.png") },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, N_("Picture size in pixels"), N_("WxH") },
    { "bbox", 0, 0, G_OPTION_ARG_STRING, &bbox_text,
      N_("Area to draw in degrees (default: everything)"), N_("minlon,minlat,maxlon,maxlat") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = NULL;
  g_autoptr (GwMapSnapshot) snapshot = NULL;
  g_autoptr (cairo_surface_t) surface = NULL;
  g_autoptr (cairo_t) cr = NULL;
  GwRenderView view;
  GwBBox bbox;
  int width = 0, height = 0;
  char extra;
  double cx, cy, per_px;

  if (g_get_prgname () == NULL)
    g_set_prgname ("gridwork-cli render");
  context = g_option_context_new (_("DATABASE — draw the map into a PNG picture"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "gridwork-cli render: %s\n", error->message);
      return 2;
    }
  if (argc != 2 || out == NULL || size == NULL)
    {
      fprintf (stderr, "%s\n",
               _("gridwork-cli render: give one database, --out FILE.png and --size WxH"));
      return 2;
    }
  if (sscanf (size, "%dx%d%c", &width, &height, &extra) != 2 ||
      width < 1 || height < 1 || width > 32768 || height > 32768)
    {
      fprintf (stderr, _("gridwork-cli render: --size “%s” is not WxH in pixels (at most 32768)"),
               size);
      fputc ('\n', stderr);
      return 2;
    }
  if (!g_str_has_suffix (out, ".png") && !g_str_has_suffix (out, ".PNG"))
    {
      fprintf (stderr, "%s\n", _("gridwork-cli render: the output must be a .png file"));
      return 2;
    }
  if (bbox_text != NULL && !parse_bbox (bbox_text, &bbox, &error))
    {
      fprintf (stderr, "gridwork-cli render: %s\n", error->message);
      return 2;
    }

  if (!open_database (argv[1], &store, &snapshot, &error))
    {
      fprintf (stderr, "gridwork-cli render: %s\n", error->message);
      return 1;
    }
  if (bbox_text == NULL)
    bbox = gw_map_snapshot_get_extent (snapshot);
  if (gw_bbox_is_empty (&bbox))
    {
      fprintf (stderr, "%s\n", _("gridwork-cli render: the database has nothing to draw"));
      return 1;
    }

  /* The box grows to the picture's shape: a map is never stretched. */
  cx = (bbox.min_x + bbox.max_x) / 2;
  cy = (bbox.min_y + bbox.max_y) / 2;
  per_px = MAX ((bbox.max_x - bbox.min_x) / width, (bbox.max_y - bbox.min_y) / height);
  view.bbox = (GwBBox) { cx - per_px * width / 2, cy - per_px * height / 2,
                         cx + per_px * width / 2, cy + per_px * height / 2 };
  view.width = width;
  view.height = height;
  view.px_per_mm = GW_STYLE_PX_PER_MM_96DPI;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  gw_renderer_draw (snapshot, cr, &view, GW_LAYER_ALL);
  g_clear_pointer (&cr, cairo_destroy);
  if (!gw_png_write (surface, out, 0, &error))
    {
      fprintf (stderr, "gridwork-cli render: %s\n", error->message);
      return 1;
    }
  return 0;
}

static const GwFeature *
find_community (GwMapSnapshot *snapshot,
                const char    *code)
{
  guint n = gw_map_snapshot_get_n_features (snapshot, GW_FEATURE_COMMUNITY);

  /* A community feature's name is its code. */
  for (guint i = 0; i < n; i++)
    {
      const GwFeature *community = gw_map_snapshot_get_feature (snapshot, GW_FEATURE_COMMUNITY, i);

      if (g_strcmp0 (community->name, code) == 0)
        return community;
    }
  return NULL;
}

/* The area --view, --grid, --community or --street names, in @options;
 * says why and returns FALSE when the database has no such area. */
static gboolean
set_print_area (GwStore        *store,
                GwMapSnapshot  *snapshot,
                const char     *db_path,
                gboolean        view,
                const char     *grid_code,
                const char     *community_code,
                const char     *street_code,
                GwPrintOptions *options)
{
  g_autoptr (GError) error = NULL;

  if (view)
    options->area = GW_PRINT_AREA_VIEW;
  else if (grid_code != NULL)
    {
      options->area = GW_PRINT_AREA_GRID;
      options->grid_id = gw_inspector_find_grid (store, grid_code, &error);
      if (error != NULL)
        {
          fprintf (stderr, "gridwork-cli print: %s\n", error->message);
          return FALSE;
        }
      if (options->grid_id == 0)
        {
          fprintf (stderr, _("gridwork-cli print: there is no grid “%s” in %s"), grid_code,
                   db_path);
          fputc ('\n', stderr);
          return FALSE;
        }
    }
  else if (community_code != NULL)
    {
      const GwFeature *community = find_community (snapshot, community_code);

      if (community == NULL)
        {
          fprintf (stderr, _("gridwork-cli print: there is no community “%s” in %s"),
                   community_code, db_path);
          fputc ('\n', stderr);
          return FALSE;
        }
      options->area = GW_PRINT_AREA_COMMUNITY;
      options->community_id = community->id;
    }
  else
    {
      options->area = GW_PRINT_AREA_STREET;
      if (street_code != NULL)
        {
          if (!gw_street_find_by_code (store, street_code, &options->street_id, &error))
            {
              fprintf (stderr, "gridwork-cli print: %s\n", error->message);
              return FALSE;
            }
          if (options->street_id == 0)
            {
              fprintf (stderr, _("gridwork-cli print: there is no street “%s” in %s"),
                       street_code, db_path);
              fputc ('\n', stderr);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* Lays out and writes the pages; resident data on paper only when this
 * user may print it, and logged. Returns the exit status. */
static int
write_job (GwStore              *store,
           GwMapSnapshot        *snapshot,
           const GwPrintOptions *options,
           const char           *login,
           const char           *path,
           GwPrintFormat         format,
           int                   dpi)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwPrintJob) job = NULL;

  job = gw_print_job_new (store, snapshot, options, &error);
  if (job != NULL && gw_print_job_has_households (job))
    {
      const char *acting = gw_cli_acting_login ("print", login);
      g_autoptr (GwUser) user = NULL;

      /* Residents on paper: only in someone's name, who may print them. */
      if (acting == NULL)
        return 2;
      user = gw_user_load (store, acting, &error);
      if (user == NULL || !gw_print_job_authorize (job, store, user, path, &error))
        {
          fprintf (stderr, "gridwork-cli print: %s\n", error->message);
          return 1;
        }
    }
  if (job == NULL || !gw_print_export (job, path, format, dpi, &error))
    {
      fprintf (stderr, "gridwork-cli print: %s\n", error->message);
      return 1;
    }
  printf (g_dngettext (GETTEXT_PACKAGE, "%u page written to %s\n", "%u pages written to %s\n",
                       gw_print_job_get_n_pages (job)),
          gw_print_job_get_n_pages (job), path);
  return 0;
}

/* The monthly report's options: the month, the rate that ranks, the
 * filters (--community is also the report's area) and who prints it.
 * @filter's strings are the caller's. Says why and returns FALSE when one
 * is wrong. */
static gboolean
set_report_options (GwStore        *store,
                    const char     *month,
                    const char     *kpi_key,
                    const char     *status,
                    const char     *login,
                    GwCaseFilter   *filter,
                    char          **printed_by,
                    GwPrintOptions *options)
{
  g_autoptr (GError) error = NULL;

  options->report_month = month;
  if (kpi_key != NULL)
    {
      GwKpi kpi = 0;

      while (kpi < GW_KPI_N && g_strcmp0 (gw_kpi_key (kpi), kpi_key) != 0)
        kpi++;
      if (kpi == GW_KPI_N)
        {
          fprintf (stderr, _("gridwork-cli print: --kpi is response, acceptance, completion, "
                             "on_time or satisfaction, not “%s”"), kpi_key);
          fputc ('\n', stderr);
          return FALSE;
        }
      options->report_kpi = kpi;
    }
  if (status != NULL && !gw_case_filter_status_from_key (status, &filter->status))
    {
      fprintf (stderr, _("gridwork-cli print: --status is all, open or overdue, not “%s”"),
               status);
      fputc ('\n', stderr);
      return FALSE;
    }
  if (!gw_case_filter_validate (filter, &error))
    {
      fprintf (stderr, "gridwork-cli print: %s\n", error->message);
      return FALSE;
    }
  options->report_filter = filter;

  /* Who prints: the account named, else whoever runs the command. */
  login = login != NULL ? login : g_getenv ("GRIDWORK_USER");
  if (login != NULL && *login != '\0')
    {
      g_autoptr (GwUser) user = gw_user_load (store, login, &error);

      if (user == NULL)
        {
          fprintf (stderr, "gridwork-cli print: %s\n", error->message);
          return FALSE;
        }
      *printed_by = g_strdup_printf ("%s (%s)", user->name, user->login);
    }
  else
    *printed_by = g_strdup (g_get_user_name ());
  options->printed_by = *printed_by;
  return TRUE;
}

/* Mostly the option table and the checks of what was given; the work is
 * in set_print_area() and write_job(). */
int
gw_cli_print (int    argc,
              char **argv)
{
  g_autofree char *out = NULL;
  g_autofree char *grid_code = NULL;
  g_autofree char *community_code = NULL;
  g_autofree char *street_code = NULL;
  g_autofree char *orientation = NULL;
  g_autofree char *bbox_text = NULL;
  g_autofree char *paper_text = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *date = NULL;
  g_autofree char *name_template = NULL;
  g_autofree char *login = NULL;
  g_autofree char *month = NULL;
  g_autofree char *kpi_key = NULL;
  g_autofree char *category = NULL;
  g_autofree char *tier = NULL;
  g_autofree char *source = NULL;
  g_autofree char *status = NULL;
  g_autofree char *printed_by = NULL;
  GwCaseFilter filter = { 0 };
  gboolean overdue = FALSE;
  gboolean view = FALSE, street = FALSE, atlas = FALSE, board = FALSE, households = FALSE;
  gint64 plan_id = 0;
  g_autoptr (GwPlan) plan = NULL;
  gboolean landscape = FALSE, magenta = FALSE, cases = FALSE;
  int scale = 0, dpi = 150;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
      N_("The file to write; its extension gives the format"), N_("FILE.(pdf|svg|png)") },
    { "view", 0, 0, G_OPTION_ARG_NONE, &view, N_("Print a view: --bbox, or everything"), NULL },
    { "grid", 0, 0, G_OPTION_ARG_STRING, &grid_code, N_("Print the grid with this code"),
      N_("CODE") },
    { "community", 0, 0, G_OPTION_ARG_STRING, &community_code,
      N_("Print the community with this code"), N_("CODE") },
    { "street", 0, 0, G_OPTION_ARG_NONE, &street, N_("Print the whole street"), NULL },
    { "street-code", 0, 0, G_OPTION_ARG_STRING, &street_code,
      N_("With --street in a district: which street"), N_("CODE") },
    { "bbox", 0, 0, G_OPTION_ARG_STRING, &bbox_text, N_("With --view: the area in degrees"),
      N_("minlon,minlat,maxlon,maxlat") },
    { "atlas", 0, 0, G_OPTION_ARG_NONE, &atlas, N_("One page per grid, in code order"), NULL },
    { "plan", 0, 0, G_OPTION_ARG_INT64, &plan_id,
      N_("Draw the draft grid plan PLAN over the live grids, then its table of grids "
         "(the area defaults to --street)"), N_("PLAN") },
    { "board", 0, 0, G_OPTION_ARG_NONE, &board,
      N_("Grid notice boards: one per grid, with the grid team and phones"), NULL },
    { "monthly-report", 0, 0, G_OPTION_ARG_STRING, &month,
      N_("The monthly report of the month: the five rates, their map per grid, the worst and "
         "best grids, the departments (the area defaults to --street)"), N_("YYYY-MM") },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue,
      N_("The overdue board (挂牌督办): every open case past its deadline, longest overdue "
         "first, on landscape pages (the area defaults to --street)"), NULL },
    { "kpi", 0, 0, G_OPTION_ARG_STRING, &kpi_key,
      N_("With --monthly-report: the rate that colours the map and ranks the grids: response, "
         "acceptance, completion, on_time (default) or satisfaction"), N_("KEY") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category,
      N_("With --monthly-report: only cases of this major class key or sub-class name"),
      N_("NAME") },
    { "tier", 0, 0, G_OPTION_ARG_STRING, &tier, N_("With --monthly-report: only tier A, B or C"),
      N_("TIER") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source,
      N_("With --monthly-report: only cases from building_leader, patrol, hotline, qr_code, "
         "mailbox or walk_in"), N_("SOURCE") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status,
      N_("With --monthly-report: all, open or overdue cases"), N_("STATUS") },
    { "households", 0, 0, G_OPTION_ARG_NONE, &households,
      N_("Add household lists (residents’ personal data: only when you must)"), NULL },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper_text, N_("Paper size (default A4)"),
      "A4|A3|A2" },
    { "landscape", 0, 0, G_OPTION_ARG_NONE, &landscape, N_("Landscape instead of portrait"),
      NULL },
    { "orientation", 0, 0, G_OPTION_ARG_STRING, &orientation,
      N_("portrait, landscape, or auto: when the area is fitted to one map page, the way the "
         "area fills it better"), "portrait|landscape|auto" },
    { "scale", 0, 0, G_OPTION_ARG_INT, &scale,
      N_("Print at 1:N (default: fit the area to the page)"), N_("N") },
    { "dpi", 0, 0, G_OPTION_ARG_INT, &dpi, N_("Resolution of PNG files (default 150)"), N_("N") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("Title (default: from the area)"),
      N_("TEXT") },
    { "subtitle", 0, 0, G_OPTION_ARG_STRING, &subtitle,
      N_("Subtitle (default: street · community · grid)"), N_("TEXT") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Date printed on the pages (default: today)"),
      N_("TEXT") },
    { "magenta", 0, 0, G_OPTION_ARG_NONE, &magenta,
      N_("Grid boundaries in magenta, as in the grid standards"), NULL },
    { "cases", 0, 0, G_OPTION_ARG_NONE, &cases, N_("Show open cases on the map"), NULL },
    { "user", 0, 0, G_OPTION_ARG_STRING, &login,
      N_("With --households: who prints, for the audit log (default: $GRIDWORK_USER; "
         "required); with --monthly-report: who the report says printed it"),
      N_("LOGIN") },
    { "name-template", 0, 0, G_OPTION_ARG_STRING, &name_template,
      N_("One file per page in the folder --out, named by this template with {code}, {page} "
         "and {name}, e.g. {code}.png"), N_("TEMPLATE") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = NULL;
  g_autoptr (GwMapSnapshot) snapshot = NULL;
  g_autofree char *path = NULL;
  GwPrintOptions options;
  GwPrintFormat format;
  int n_areas;

  if (g_get_prgname () == NULL)
    g_set_prgname ("gridwork-cli print");
  context = g_option_context_new (_("DATABASE — print maps, an atlas or notice boards to a file"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "gridwork-cli print: %s\n", error->message);
      return 2;
    }
  if (argc != 2 || out == NULL)
    {
      fprintf (stderr, "%s\n", _("gridwork-cli print: give one database and --out FILE"));
      return 2;
    }
  n_areas = (view ? 1 : 0) + (grid_code != NULL) + (community_code != NULL) + (street ? 1 : 0);
  if (n_areas == 0 && (plan_id != 0 || month != NULL || overdue))
    {
      street = TRUE;
      n_areas = 1;
    }
  if (n_areas != 1)
    {
      fprintf (stderr, "%s\n",
               _("gridwork-cli print: give exactly one of --view, --grid CODE, --community CODE "
                 "and --street"));
      return 2;
    }
  if (orientation != NULL && strcmp (orientation, "portrait") != 0
      && strcmp (orientation, "landscape") != 0 && strcmp (orientation, "auto") != 0)
    {
      fprintf (stderr, _("gridwork-cli print: --orientation is portrait, landscape or auto, not "
                         "“%s”\n"), orientation);
      return 2;
    }
  if (bbox_text != NULL && !view)
    {
      fprintf (stderr, "%s\n", _("gridwork-cli print: --bbox goes with --view"));
      return 2;
    }
  if ((month == NULL && (kpi_key != NULL || status != NULL))
      || (month == NULL && !overdue && (category != NULL || tier != NULL || source != NULL)))
    {
      fprintf (stderr, "%s\n", _("gridwork-cli print: --kpi and --status go with "
                                 "--monthly-report, --category, --tier and --source with it or "
                                 "--overdue"));
      return 2;
    }
  if (overdue && (month != NULL || atlas || board || households || plan_id != 0 || view
                  || grid_code != NULL))
    {
      fprintf (stderr, "%s\n", _("gridwork-cli print: --overdue is of a street or a community, "
                                 "without --monthly-report, --atlas, --board, --households or "
                                 "--plan"));
      return 2;
    }
  if (month != NULL && (atlas || board || households || plan_id != 0 || view || grid_code != NULL))
    {
      fprintf (stderr, "%s\n", _("gridwork-cli print: --monthly-report is of a street or a "
                                 "community, without --atlas, --board, --households or --plan"));
      return 2;
    }
  if (street_code != NULL && !street)
    {
      fprintf (stderr, "%s\n", _("gridwork-cli print: --street-code goes with --street"));
      return 2;
    }

  gw_print_options_init (&options);
  if (paper_text != NULL && !gw_paper_from_string (paper_text, &options.paper, &error))
    {
      fprintf (stderr, "gridwork-cli print: %s\n", error->message);
      return 2;
    }
  if (scale != 0 && (scale < 100 || scale > 10000000))
    {
      fprintf (stderr, _("gridwork-cli print: --scale %d is not a map scale (100 to 10,000,000)"),
               scale);
      fputc ('\n', stderr);
      return 2;
    }
  if (dpi < 10 || dpi > 1200)
    {
      fprintf (stderr, _("gridwork-cli print: --dpi %d is out of range (10 to 1200)"), dpi);
      fputc ('\n', stderr);
      return 2;
    }

  /* --name-template: --out is the folder, the template names the files. */
  path = name_template != NULL ? g_build_filename (out, name_template, NULL) : g_strdup (out);
  if (!gw_print_format_from_path (path, &format, &error))
    {
      fprintf (stderr, "gridwork-cli print: %s\n", error->message);
      return 2;
    }
  if (view && bbox_text != NULL && !parse_bbox (bbox_text, &options.view, &error))
    {
      fprintf (stderr, "gridwork-cli print: %s\n", error->message);
      return 2;
    }

  if (!open_database (argv[1], &store, &snapshot, &error))
    {
      fprintf (stderr, "gridwork-cli print: %s\n", error->message);
      return 1;
    }

  if (!set_print_area (store, snapshot, argv[1], view, grid_code, community_code, street_code,
                       &options))
    return 1;

  filter.category = category;
  filter.tier = tier;
  filter.source = source;
  filter.community = community_code;
  if (month != NULL
      && !set_report_options (store, month, kpi_key, status, login, &filter, &printed_by,
                              &options))
    return 2;
  if (overdue)
    {
      if (!gw_case_filter_validate (&filter, &error))
        {
          fprintf (stderr, "gridwork-cli print: %s\n", error->message);
          return 2;
        }
      options.overdue_board = TRUE;
      options.report_filter = &filter;
    }

  if (plan_id != 0)
    {
      plan = gw_plan_load (store, plan_id, &error);
      if (plan == NULL)
        {
          fprintf (stderr, "gridwork-cli print: %s\n", error->message);
          return 1;
        }
      options.plan = plan;
    }
  options.landscape = landscape || g_strcmp0 (orientation, "landscape") == 0;
  options.orientation_auto = g_strcmp0 (orientation, "auto") == 0;
  options.scale = (guint) scale;
  options.atlas = atlas;
  options.notice_board = board;
  options.households = households;
  options.magenta_grids = magenta;
  options.case_dots = cases;
  options.title = title;
  options.subtitle = subtitle;
  options.date = date;

  return write_job (store, snapshot, &options, login, path, format, dpi);
}
