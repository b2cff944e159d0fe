/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "gw-cli.h"
#include "gw-export.h"
#include "gw-field-class.h"
#include "gw-import.h"
#include "gw-store.h"
#include "gw-user.h"

/* gridwork-cli import DB FILE --layer street|communities|grids|… [--source-layer NAME]
 *                  [--srs EPSG:N|gcj02|bd09] [--encoding GBK] [--map target=source …] [--dry-run]
 *                  [--skip-rejected] [--snap METRES] [--user LOGIN] [--unmatched FILE.csv|xlsx]
 * gridwork-cli export DB --layer NAME --out FILE [--format F] [--with-personal-data --user LOGIN] */

static GOptionContext *
context_new (const char         *parameters,
             const char         *summary,
             const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

static int
usage (GOptionContext *context,
       const char     *verb,
       GError         *error)
{
  if (error != NULL)
    fprintf (stderr, "gridwork-cli %s: %s\n", verb, error->message);
  else
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      fputs (help, stderr);
    }
  return 2;
}

static void
print_progress (const char *stage,
                double      fraction,
                gpointer    user_data)
{
  static gint64 started;

  /* Off by default: scripts read the report, not a bar. */
  if (g_getenv ("GW_CLI_PROGRESS") == NULL)
    return;
  if (started == 0)
    started = g_get_monotonic_time ();
  fprintf (stderr, "[%6.1f s] %s %3.0f%%\n", (g_get_monotonic_time () - started) / 1e6, stage, fraction * 100);
}

int
gw_cli_import (int    argc,
               char **argv)
{
  g_autofree char *layer = NULL, *source_layer = NULL, *srs = NULL, *encoding = NULL;
  g_autofree char *login = NULL, *unmatched = NULL;
  g_auto (GStrv) maps = NULL, classes = NULL;
  gboolean dry_run = FALSE, skip_rejected = FALSE;
  double snap_m = 0;
  const GOptionEntry entries[] = {
    { "layer", 0, 0, G_OPTION_ARG_STRING, &layer,
      N_("street, communities, grids, lots, buildings, roads, households, residents, workers, "
         "departments or cases"), N_("LAYER") },
    { "source-layer", 0, 0, G_OPTION_ARG_STRING, &source_layer, N_("The file's layer (default: the first)"),
      N_("NAME") },
    { "srs", 0, 0, G_OPTION_ARG_STRING, &srs,
      N_("The coordinate system when the file has none or it is wrong: EPSG:N, gcj02 or bd09"), N_("SRS") },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding, N_("Text encoding, e.g. GBK"), N_("ENCODING") },
    { "map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &maps, N_("Take a Gridwork field from a source field"),
      N_("TARGET=SOURCE") },
    { "field-class", 0, 0, G_OPTION_ARG_STRING_ARRAY, &classes,
      N_("What a column kept as an extra attribute holds, over the guess: public, id_number, "
         "phone, name, address or free_text"), N_("SOURCE=CLASS") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Validate and report; write nothing"), NULL },
    { "skip-rejected", 0, 0, G_OPTION_ARG_NONE, &skip_rejected,
      N_("Import the other features when some are rejected"), NULL },
    { "snap", 0, 0, G_OPTION_ARG_DOUBLE, &snap_m,
      N_("Communities and grids: move vertices within METRES of a neighbour's onto it before "
         "checking overlaps (default 0: off)"), N_("METRES") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &login,
      N_("Who imports, for the audit log and their role (default: $GRIDWORK_USER; "
         "required)"), N_("LOGIN") },
    { "unmatched", 0, 0, G_OPTION_ARG_FILENAME, &unmatched,
      N_("Households, residents: write the rows not imported, with the reason, to this .csv or "
         ".xlsx sheet, to fix and import again"), N_("FILE") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = context_new (N_("DB FILE"), _("Import a GIS file or table"), entries);
  g_autoptr (GwUser) user = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = NULL;
  g_autoptr (GwImportReport) report = NULL;
  g_autoptr (GHashTable) map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) field_classes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                                g_free);
  g_autofree char *text = NULL;
  GwImportOptions options = { 0 };
  const char *acting;
  gboolean ok;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage (context, "import", error);
  if (argc != 3 || layer == NULL)
    return usage (context, "import", NULL);
  if (!gw_import_target_from_name (layer, &options.target))
    {
      fprintf (stderr, _("gridwork-cli import: unknown layer “%s”\n"), layer);
      return 2;
    }
  for (guint i = 0; maps != NULL && maps[i] != NULL; i++)
    {
      const char *eq = strchr (maps[i], '=');

      if (eq == NULL || eq == maps[i] || eq[1] == '\0')
        {
          fprintf (stderr, _("gridwork-cli import: --map wants TARGET=SOURCE, not “%s”\n"), maps[i]);
          return 2;
        }
      g_hash_table_insert (map, g_strndup (maps[i], eq - maps[i]), g_strdup (eq + 1));
    }
  for (guint i = 0; classes != NULL && classes[i] != NULL; i++)
    {
      const char *eq = strchr (classes[i], '=');
      GwFieldClass field_class;

      if (eq == NULL || eq == classes[i] || !gw_field_class_from_key (eq + 1, &field_class))
        {
          fprintf (stderr, _("gridwork-cli import: --field-class wants SOURCE=CLASS (public, "
                             "id_number, phone, name, address or free_text), not “%s”\n"),
                   classes[i]);
          return 2;
        }
      g_hash_table_insert (field_classes, g_strndup (classes[i], eq - classes[i]),
                           g_strdup (eq + 1));
    }
  options.field_classes = field_classes;
  options.source_layer = source_layer;
  options.srs = srs;
  options.encoding = encoding;
  options.map = map;
  options.dry_run = dry_run;
  options.skip_rejected = skip_rejected;
  if (snap_m < 0 || snap_m > 100)
    {
      fprintf (stderr, "%s\n", _("gridwork-cli import: --snap takes 0 to 100 metres"));
      return 2;
    }
  options.snap_m = snap_m;
  if (unmatched != NULL && options.target != GW_IMPORT_HOUSEHOLDS
      && options.target != GW_IMPORT_RESIDENTS)
    {
      fprintf (stderr, "%s\n", _("gridwork-cli import: --unmatched is for households and residents"));
      return 2;
    }

  acting = gw_cli_acting_login ("import", login);
  if (acting == NULL)
    return 2;
  store = gw_store_open (argv[1], GW_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      fprintf (stderr, "gridwork-cli import: %s\n", error->message);
      return 1;
    }
  user = gw_user_load (store, acting, &error);
  if (user == NULL)
    {
      fprintf (stderr, "gridwork-cli import: %s\n", error->message);
      return 1;
    }
  options.user = user;
  ok = gw_import_run (store, argv[2], &options, &report, NULL, print_progress, NULL, &error);
  if (report != NULL)
    {
      text = gw_import_report_to_string (report);
      fputs (text, stdout);
    }
  if (unmatched != NULL && report != NULL && report->unmatched_fields != NULL)
    {
      g_autoptr (GError) write_error = NULL;

      if (!gw_import_write_unmatched (report, unmatched, &write_error))
        {
          fprintf (stderr, "gridwork-cli import: %s\n", write_error->message);
          return 1;
        }
      printf (g_dngettext (GETTEXT_PACKAGE, "%u unmatched row written to %s\n",
                           "%u unmatched rows written to %s\n", report->unmatched->len),
              report->unmatched->len, unmatched);
    }
  if (!ok && g_error_matches (error, GW_IMPORT_ERROR, GW_IMPORT_ERROR_UNMAPPED_FIELD)
      && report != NULL && report->missing_field != NULL)
    {
      /* Translators: the second %s is a Gridwork field ("code"); keep "--map" and "=" */
      fprintf (stderr, _("gridwork-cli import: %s; map one with --map %s=FIELD\n"), error->message,
               report->missing_field);
      return 1;
    }
  if (!ok)
    {
      fprintf (stderr, "gridwork-cli import: %s\n", error->message);
      return 1;
    }
  if (dry_run)
    printf ("%s\n", _("Dry run: nothing was written."));
  return 0;
}

int
gw_cli_export (int    argc,
               char **argv)
{
  g_autofree char *layer = NULL, *out = NULL, *format = NULL, *login = NULL;
  gboolean personal = FALSE;
  const GOptionEntry entries[] = {
    { "layer", 0, 0, G_OPTION_ARG_STRING, &layer,
      N_("grids, lots, buildings, roads, cases, workers, households or residents"), N_("LAYER") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("The file to write"), N_("FILE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("GPKG, \"ESRI Shapefile\", GeoJSON, KML, CSV or XLSX (default: from the extension)"), N_("FORMAT") },
    { "with-personal-data", 0, 0, G_OPTION_ARG_NONE, &personal,
      N_("Include residents' names, ID numbers and phones (written to the audit log)"), NULL },
    { "user", 0, 0, G_OPTION_ARG_STRING, &login, N_("Who exports (default: $GRIDWORK_USER; required)"),
      N_("LOGIN") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = context_new (N_("DB"), _("Export a layer"), entries);
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = NULL;
  g_autoptr (GwUser) user = NULL;
  const char *acting;
  GwExportOptions options = { 0 };
  guint n = 0;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage (context, "export", error);
  if (argc != 2 || layer == NULL || out == NULL)
    return usage (context, "export", NULL);
  /* Always someone: what comes out unmasked follows their role, and a
   * file leaving the office is in the audit log under their name. */
  acting = gw_cli_acting_login ("export", login);
  if (acting == NULL)
    return 2;
  store = gw_store_open (argv[1], GW_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      fprintf (stderr, "gridwork-cli export: %s\n", error->message);
      return 1;
    }
  user = gw_user_load (store, acting, &error);
  if (user == NULL)
    {
      fprintf (stderr, "gridwork-cli export: %s\n", error->message);
      return 1;
    }
  options.layer = layer;
  options.format = format;
  options.with_personal_data = personal;
  options.user = user;
  if (!gw_export_run (store, out, &options, &n, &error))
    {
      fprintf (stderr, "gridwork-cli export: %s\n", error->message);
      return 1;
    }
  printf (_("%u %s written to %s\n"), n, layer, out);
  return 0;
}
