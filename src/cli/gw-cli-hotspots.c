/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gw-cli.h"
#include "gw-hotspots.h"
#include "gw-project.h"
#include "gw-raster.h"
#include "gw-render-density.h"

/* gridwork-cli hotspots DB --method density|rate|gistar|trend [filters]
 *                          [--radius M] [--cell M] [--rate per100|per1000|raw]
 *                          [--breaks quantile|jenks|equal] [--classes N]
 *                          --out FILE.(tif|png|csv|geojson)
 *
 * density writes a GeoTIFF (cases per km², in the street's CGCS2000 3°
 * Gauss–Krüger zone) or a PNG; the others write per grid a CSV or a GeoJSON
 * whose first columns are grid_code,cases,households,rate,z,p,p_fdr,class
 * (trend adds tau,trend_p,category). */

typedef struct
{
  char         *method;
  GwCaseFilter  filter;
  double        radius, cell;
  char         *rate;
  char         *breaks;
  int           n_classes;
  int           min_cases;
  char         *out;
} Options;

static gboolean
has_suffix (const char *path,
            const char *suffix)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, suffix);
}

static int
write_density (GwStore        *store,
               const Options  *options,
               GError        **error)
{
  g_autoptr (GArray) points = NULL;
  g_autoptr (GwDensityRaster) raster = NULL;
  g_autofree double *xy = NULL;
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double lon = 0, radius, cell;
  guint n;
  int epsg;

  points = gw_hotspot_case_points (store, &options->filter, NULL, error);
  if (points == NULL)
    return 1;
  n = points->len / 2;
  if (n == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No case matches the filter"));
      return 1;
    }
  for (guint i = 0; i < n; i++)
    lon += g_array_index (points, double, 2 * i);
  /* The zone of the cases' centre: the street's. */
  epsg = gw_gk3_zone_epsg (lon / n);
  xy = g_new (double, 2 * n);
  if (!gw_project_lonlat ((const double *) points->data, n, epsg, xy, error))
    return 1;
  for (guint i = 0; i < n; i++)
    {
      min_x = MIN (min_x, xy[2 * i]);
      max_x = MAX (max_x, xy[2 * i]);
      min_y = MIN (min_y, xy[2 * i + 1]);
      max_y = MAX (max_y, xy[2 * i + 1]);
    }
  radius = options->radius > 0 ? options->radius : gw_kernel_default_radius (xy, n);
  cell = options->cell > 0 ? options->cell : gw_kernel_default_cell (min_x, min_y, max_x, max_y, 0);
  raster = gw_kernel_density (xy, NULL, n, min_x, min_y, max_x, max_y, radius, cell);
  if (raster == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A cell of %.1f m makes a raster too large; choose a larger --cell"), cell);
      return 1;
    }
  if (has_suffix (options->out, ".png"))
    {
      if (!gw_render_density_png (raster, options->out, error))
        return 1;
    }
  else if (!gw_raster_write_geotiff (raster->values, raster->width, raster->height, raster->west,
                                     raster->north, raster->cell, epsg, options->out, error))
    return 1;
  printf (_("%u cases, radius %.0f m, cell %.1f m, %u × %u cells, EPSG:%d, written to %s\n"), n,
          radius, cell, raster->width, raster->height, epsg, options->out);
  return 0;
}

/* The choropleth class (1 …) of each row's rate, for the rate method. */
static guint *
rate_classes (GArray         *rows,
              const Options  *options)
{
  g_autofree double *rates = g_new (double, MAX (rows->len, 1));
  g_autoptr (GArray) breaks = NULL;
  GwBreaksMethod method = GW_BREAKS_QUANTILE;
  guint *classes = g_new0 (guint, MAX (rows->len, 1));

  if (options->breaks != NULL)
    gw_breaks_method_from_key (options->breaks, &method);
  for (guint i = 0; i < rows->len; i++)
    rates[i] = g_array_index (rows, GwHotspotRow, i).rate;
  breaks = gw_class_breaks (rates, rows->len, options->n_classes, method);
  for (guint i = 0; i < rows->len; i++)
    classes[i] = gw_class_breaks_find (breaks, rates[i]) + 1;
  return classes;
}

static char *
class_text (const Options      *options,
            const GwHotspotRow *row,
            const guint        *classes,
            guint               i)
{
  if (classes != NULL)
    return g_strdup_printf ("%u", classes[i]);
  return g_strdup (gw_hotspot_class_key (row->gi.klass));
}

static void
json_string (GString    *out,
             const char *text)
{
  g_string_append_c (out, '"');
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"' || *c == '\\')
        g_string_append_c (out, '\\');
      if ((guchar) *c < 0x20)
        g_string_append_printf (out, "\\u%04x", (guchar) *c);
      else
        g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

/* NaN and infinities are not JSON numbers. */
static void
json_number (GString *out,
             double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    g_string_append (out, "null");
  else
    g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.6g", value));
}

static gboolean
write_rows (GwStore               *store,
            const GwHotspotGrids  *grids,
            GArray                *rows,
            const Options         *options,
            GError               **error)
{
  gboolean trend = strcmp (options->method, "trend") == 0;
  gboolean geojson = has_suffix (options->out, ".geojson") || has_suffix (options->out, ".json");
  g_autofree guint *classes = strcmp (options->method, "rate") == 0 ? rate_classes (rows, options)
                                                                     : NULL;
  g_autoptr (GPtrArray) shapes = NULL;
  g_autoptr (GString) out = g_string_new (NULL);

  if (geojson)
    {
      shapes = gw_hotspot_grids_geojson (store, grids, error);
      if (shapes == NULL)
        return FALSE;
      g_string_append (out, "{\"type\":\"FeatureCollection\",\"name\":\"hotspots\",\"features\":[\n");
    }
  else
    g_string_append (out, trend ? "grid_code,cases,households,rate,z,p,p_fdr,class,tau,trend_p,"
                                  "category,grid_name,community_code,residents\n"
                                : "grid_code,cases,households,rate,z,p,p_fdr,class,grid_name,"
                                  "community_code,residents\n");
  for (guint i = 0; i < rows->len; i++)
    {
      const GwHotspotRow *row = &g_array_index (rows, GwHotspotRow, i);
      const GwHotspotGrid *grid = gw_hotspot_grids_get (grids, row->grid);
      g_autofree char *klass = class_text (options, row, classes, i);

      if (geojson)
        {
          const char *shape = g_ptr_array_index (shapes, row->grid);

          g_string_append (out, i > 0 ? ",\n{\"type\":\"Feature\",\"properties\":{\"grid_code\":"
                                      : "{\"type\":\"Feature\",\"properties\":{\"grid_code\":");
          json_string (out, grid->code);
          g_string_append_printf (out, ",\"cases\":%u,\"households\":%" G_GINT64_FORMAT ",\"rate\":",
                                  row->cases, grid->households);
          json_number (out, row->rate);
          g_string_append (out, ",\"z\":");
          json_number (out, row->gi.z);
          g_string_append (out, ",\"p\":");
          json_number (out, row->gi.p);
          g_string_append (out, ",\"p_fdr\":");
          json_number (out, row->gi.p_fdr);
          g_string_append (out, ",\"class\":");
          json_string (out, klass);
          if (trend)
            {
              g_string_append (out, ",\"tau\":");
              json_number (out, row->trend.tau);
              g_string_append (out, ",\"trend_p\":");
              json_number (out, row->trend.p);
              g_string_append (out, ",\"category\":");
              json_string (out, gw_emerging_key (row->emerging));
            }
          g_string_append (out, ",\"grid_name\":");
          json_string (out, grid->name);
          g_string_append (out, ",\"community_code\":");
          json_string (out, grid->community_code);
          g_string_append_printf (out, ",\"residents\":%" G_GINT64_FORMAT "},\"geometry\":%s}",
                                  grid->residents, shape != NULL ? shape : "null");
          continue;
        }
      g_string_append_printf (out, "%s,%u,%" G_GINT64_FORMAT ",%.4f,%.4f,%.6g,%.6g,%s", grid->code,
                              row->cases, grid->households, row->rate, row->gi.z, row->gi.p,
                              row->gi.p_fdr, klass);
      if (trend)
        g_string_append_printf (out, ",%.4f,%.6g,%s", row->trend.tau, row->trend.p,
                                gw_emerging_key (row->emerging));
      /* Names have no commas or quotes in Gridwork's data; quote anyway. */
      g_string_append_printf (out, ",\"%s\",%s,%" G_GINT64_FORMAT "\n", grid->name,
                              grid->community_code, grid->residents);
    }
  if (geojson)
    g_string_append (out, "\n]}\n");
  return g_file_set_contents (options->out, out->str, (gssize) out->len, error);
}

static int
write_grid_method (GwStore        *store,
                   const Options  *options,
                   GError        **error)
{
  g_autoptr (GwHotspotGrids) grids = gw_hotspot_grids_load (store, error);
  g_autoptr (GArray) rows = NULL;
  GwHotspotRate rate = GW_HOTSPOT_RATE_PER_100_HOUSEHOLDS;
  guint hot = 0, cold = 0;

  if (grids == NULL)
    return 1;
  if (options->rate != NULL && !gw_hotspot_rate_from_key (options->rate, &rate))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("--rate is per100, per1000 or raw, not “%s”"), options->rate);
      return 2;
    }
  if (strcmp (options->method, "trend") == 0)
    rows = gw_hotspots_trend (store, grids, &options->filter, rate, options->min_cases, NULL, error);
  else
    rows = gw_hotspots_gi_star (store, grids, &options->filter, rate, options->min_cases, NULL,
                                error);
  if (rows == NULL || !write_rows (store, grids, rows, options, error))
    return 1;
  for (guint i = 0; i < rows->len; i++)
    {
      int klass = g_array_index (rows, GwHotspotRow, i).gi.klass;

      hot += klass > 0;
      cold += klass < 0;
    }
  printf (_("%u grids (%u hot, %u cold) written to %s\n"), rows->len, hot, cold, options->out);
  return 0;
}

static gboolean
check_options (Options  *options,
               GError  **error)
{
  static const char * const methods[] = { "density", "rate", "gistar", "trend", NULL };
  GwBreaksMethod breaks;
  gboolean raster;

  if (options->method == NULL || !g_strv_contains (methods, options->method))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("--method is density, rate, gistar or trend"));
      return FALSE;
    }
  if (options->out == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("--out FILE is needed"));
      return FALSE;
    }
  if (options->breaks != NULL && !gw_breaks_method_from_key (options->breaks, &breaks))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("--breaks is quantile, jenks or equal, not “%s”"), options->breaks);
      return FALSE;
    }
  raster = has_suffix (options->out, ".tif") || has_suffix (options->out, ".tiff")
           || has_suffix (options->out, ".png");
  if (strcmp (options->method, "density") == 0 ? !raster
      : !(has_suffix (options->out, ".csv") || has_suffix (options->out, ".geojson")
          || has_suffix (options->out, ".json")))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%s: density writes .tif or .png; rate, gistar and trend write .csv or "
                     ".geojson"), options->out);
      return FALSE;
    }
  if (options->n_classes < 1 || options->n_classes > 12)
    options->n_classes = 5;
  return TRUE;
}

int
gw_cli_hotspots (int    argc,
                 char **argv)
{
  Options options = { 0 };
  g_auto (GwCliFilter) filter_options = { NULL };
  const GOptionEntry entries[] = {
    { "method", 0, 0, G_OPTION_ARG_STRING, &options.method,
      N_("density, rate (per grid), gistar (hot and cold spots) or trend"), N_("METHOD") },
    { "radius", 0, 0, G_OPTION_ARG_DOUBLE, &options.radius,
      N_("Density: kernel radius in metres (default: from the data)"), N_("M") },
    { "cell", 0, 0, G_OPTION_ARG_DOUBLE, &options.cell,
      N_("Density: cell size in metres (default: 1/250 of the shorter side)"), N_("M") },
    { "rate", 0, 0, G_OPTION_ARG_STRING, &options.rate,
      N_("per100 (households, default), per1000 (residents) or raw"), N_("RATE") },
    { "breaks", 0, 0, G_OPTION_ARG_STRING, &options.breaks,
      N_("Rate: classes by quantile (default), jenks or equal; the class column is 1 …"),
      N_("METHOD") },
    { "classes", 0, 0, G_OPTION_ARG_INT, &options.n_classes, N_("Rate: how many classes (5)"),
      N_("N") },
    { "min-cases", 0, 0, G_OPTION_ARG_INT, &options.min_cases,
      N_("Grids with fewer cases are never hot or cold (5)"), N_("N") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &options.out,
      N_("FILE.tif or FILE.png (density), FILE.csv or FILE.geojson"), N_("FILE") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("DB"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GwProject) project = NULL;
  int status;

  options.n_classes = 5;
  options.min_cases = GW_HOTSPOT_DEFAULT_MIN_CASES;
  g_option_context_set_summary (context, _("Case hotspots: kernel density, rates per grid, Getis–Ord "
                                           "Gi* hot and cold spots, trends"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  gw_cli_filter_add_options (context, &filter_options);
  if (!gw_cli_parse (context, "hotspots", &argc, &argv, 1))
    return 2;
  options.min_cases = MAX (options.min_cases, 0);
  if (!gw_cli_filter_read (&filter_options, &options.filter, &error)
      || !check_options (&options, &error))
    status = gw_cli_fail ("hotspots", error) + 1;
  else if ((project = gw_project_open (argv[1], &error)) == NULL
           || !gw_case_filter_check_places (gw_project_get_store (project), &options.filter,
                                            &error))
    status = gw_cli_fail ("hotspots", error);
  else
    {
      GwStore *store = gw_project_get_store (project);

      status = strcmp (options.method, "density") == 0 ? write_density (store, &options, &error)
                                                        : write_grid_method (store, &options, &error);
      if (status != 0 && error != NULL)
        gw_cli_fail ("hotspots", error);
    }
  g_free (options.method);
  g_free (options.rate);
  g_free (options.breaks);
  g_free (options.out);
  return status;
}
