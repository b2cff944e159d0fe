/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-application"

#include "config.h"

#include <epoxy/gl.h>
#include <glib/gi18n.h>
#include <string.h>

#include "gw-application.h"
#include "gw-gui-bench.h"
#include "gw-tooltips.h"
#include "gw-window.h"

/* The application: windows, app-wide actions and accelerators. Style
 * (style.css) and icons come from the resource base path automatically. */

struct _GwApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (GwApplication, gw_application, ADW_TYPE_APPLICATION)

/* A window that shows no file yet is reused instead of opening another. */
static GwWindow *
find_empty_window (GwApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (GW_IS_WINDOW (l->data) && gw_window_get_file (l->data) == NULL)
      return l->data;
  return NULL;
}

static void
gw_application_activate (GApplication *application)
{
  GwApplication *self = GW_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *last_file = NULL;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  window = GTK_WINDOW (gw_window_new (GTK_APPLICATION (self)));
  gtk_window_present (window);

  /* Reopen the last street; a file that has gone away is not an error worth
   * a dialog — the welcome page is shown instead. */
  settings = g_settings_new (APP_ID);
  last_file = g_settings_get_string (settings, "last-file");
  if (last_file != NULL && *last_file != '\0' && g_file_test (last_file, G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr(GFile) file = g_file_new_for_path (last_file);

      gw_window_open (GW_WINDOW (window), file);
    }
}

static void
gui_bench_done (GwWindow         *window,
                GwGuiBenchResult *result,
                gpointer          user_data)
{
  gw_gui_bench_print (result, stdout);
  fflush (stdout);
  gw_gui_bench_result_free (result);
  g_application_quit (G_APPLICATION (user_data));
}

/* GRIDWORK_GUI_BENCH=N: click N grids and step the supervising slider,
 * print the times to the frames that show them, and quit (README,
 * "Performance"). */
static gboolean
start_gui_bench (gpointer data)
{
  GwWindow *window = data;
  guint64 n = g_ascii_strtoull (g_getenv ("GRIDWORK_GUI_BENCH"), NULL, 10);

  if (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    return G_SOURCE_CONTINUE;
  gw_gui_bench_run (window, (guint) CLAMP (n, 1, 10000), gui_bench_done,
                    gtk_window_get_application (GTK_WINDOW (window)));
  return G_SOURCE_REMOVE;
}

static void
gw_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  GwApplication *self = GW_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    {
      GwWindow *window = find_empty_window (self);

      if (window == NULL)
        window = gw_window_new (GTK_APPLICATION (self));
      gtk_window_present (GTK_WINDOW (window));
      gw_window_open (window, files[i]);
      if (i == 0 && g_getenv ("GRIDWORK_GUI_BENCH") != NULL && gw_window_get_file (window) != NULL)
        g_timeout_add (100, start_gui_bench, window);
    }
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GwApplication *self = GW_APPLICATION (user_data);
  static const char *developers[] = { "The Gridwork developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-name", _("Gridwork"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Gridwork developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "comments", _("Community grid management for street offices: grids, "
                                      "buildings, households, responsible workers and cases, "
                                      "on an offline map."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GwApplication *self = GW_APPLICATION (user_data);

  /* Closing each window lets it save its size. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
}

static const GActionEntry app_entries[] = {
  { "about", about_action },
  { "quit", quit_action },
};

/* GTK 4.8 draws with OpenGL whenever it gets a context, also when that is
 * Mesa's software rasteriser (a virtual machine, a remote desktop, Xvfb):
 * there its cairo renderer drew our frames in 68 instead of 88 ms and the
 * district's window took 292 instead of 419 MiB. With a real GPU, GL stays.
 * Decided once, before the first window; GSK_RENDERER set by the user
 * wins. */
static void
choose_renderer (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkGLContext) context = NULL;
  GdkDisplay *display = gdk_display_get_default ();
  const char *renderer;
  gboolean software;

  if (g_getenv ("GSK_RENDERER") != NULL || display == NULL)
    return;
  context = gdk_display_create_gl_context (display, &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    return;
  gdk_gl_context_make_current (context);
  renderer = (const char *) glGetString (GL_RENDERER);
  software = renderer != NULL && (strstr (renderer, "llvmpipe") != NULL
                                  || strstr (renderer, "softpipe") != NULL
                                  || strstr (renderer, "Software Rasterizer") != NULL);
  g_debug ("OpenGL renderer: %s", renderer != NULL ? renderer : "(none)");
  gdk_gl_context_clear_current ();
  if (software)
    g_setenv ("GSK_RENDERER", "cairo", TRUE);
}

static void
gw_application_startup (GApplication *application)
{
  static const struct
  {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.new-project", { "<Control>n", NULL } },
    { "win.preferences", { "<Control>comma", NULL } },
    { "win.undo-reroute", { "<Control>z", NULL } },
    { "win.redo-reroute", { "<Control><Shift>z", NULL } },
    { "win.print", { "<Control>p", NULL } },
    { "win.import", { "<Control>i", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", NULL } },
    { "win.zoom-out", { "<Control>minus", NULL } },
    { "win.zoom-to-street", { "<Control>0", NULL } },
    { "win.search-households", { "<Control>f", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  G_APPLICATION_CLASS (gw_application_parent_class)->startup (application);
  choose_renderer ();
  gw_tooltips_init ();

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_entries,
                                   G_N_ELEMENTS (app_entries), application);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (application), accels[i].action,
                                           accels[i].accels);
}

static void
gw_application_class_init (GwApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = gw_application_activate;
  app_class->open = gw_application_open;
  app_class->startup = gw_application_startup;
}

static void
gw_application_init (GwApplication *self)
{
}

GwApplication *
gw_application_new (void)
{
  return g_object_new (GW_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/gridwork/Gridwork",
                       NULL);
}
