/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gridwork"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "gw-application.h"

/* Running from the build tree: use the schema and translations built there
 * when none are installed, so `./gridwork FILE` works before `ninja install`. */
static gboolean
schema_installed (void)
{
  const char * const *dirs = g_get_system_data_dirs ();
  g_autofree char *user = g_build_filename (g_get_user_data_dir (), "glib-2.0", "schemas",
                                            APP_ID ".gschema.xml", NULL);

  if (g_file_test (user, G_FILE_TEST_EXISTS))
    return TRUE;
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], "glib-2.0", "schemas",
                                                APP_ID ".gschema.xml", NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return TRUE;
    }
  return FALSE;
}

/* Running from the build tree: use the schema and translations built there
 * when none are installed, so `./gridwork FILE` works before `ninja install`.
 * This must run before anything asks GSettings for its schema source, which
 * reads GSETTINGS_SCHEMA_DIR only once. */
static gboolean
use_build_tree_when_uninstalled (void)
{
  g_autofree char *compiled = g_build_filename (BUILD_SCHEMADIR, "gschemas.compiled", NULL);

  if (g_getenv ("GSETTINGS_SCHEMA_DIR") != NULL || schema_installed ())
    return FALSE;
  if (!g_file_test (compiled, G_FILE_TEST_IS_REGULAR))
    return FALSE;
  g_setenv ("GSETTINGS_SCHEMA_DIR", BUILD_SCHEMADIR, TRUE);
  return TRUE;
}

/* GSettings keeps settings through dconf, which needs the session bus; without
 * one (a bare X session, a remote login) every change is silently lost and
 * the layer toggles do nothing. Then settings are kept in memory for the
 * session, and the window says so once. */
static void
keep_settings_in_memory_without_bus (void)
{
  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  g_autofree char *bus = g_build_filename (g_get_user_runtime_dir (), "bus", NULL);

  if (g_getenv ("GSETTINGS_BACKEND") != NULL)
    return;
  if ((address != NULL && *address != '\0') || g_file_test (bus, G_FILE_TEST_EXISTS))
    return;
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GRIDWORK_SETTINGS_IN_MEMORY", "1", TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GwApplication) app = NULL;
  const char *locale_dir = g_getenv ("GRIDWORK_LOCALEDIR");
  gboolean uninstalled;

  setlocale (LC_ALL, "");
  keep_settings_in_memory_without_bus ();
  uninstalled = use_build_tree_when_uninstalled ();
  if (locale_dir == NULL || *locale_dir == '\0')
    locale_dir = uninstalled ? BUILD_LOCALEDIR : LOCALEDIR;
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Han text must use Simplified Chinese glyph forms whatever the UI language. */
  g_setenv ("PANGO_LANGUAGE", "zh-cn", FALSE);

  app = gw_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
