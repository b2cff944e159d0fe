/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gw-window.h"

G_BEGIN_DECLS

/* What the app tests share: the demo street copied per test, a window on
 * it, and pictures of widgets to look at. */

/* A copy of the demo street (seed 7, made on 2026-11-20 18:00 China time)
 * at @dir/@name; the street itself is generated once per test program. */
char     *gw_test_demo_copy      (const char *dir,
                                  const char *name);
/* A window of 1300 × 850 on @path, its map laid out and zoomed to the
 * street. */
GwWindow *gw_test_window_open    (const char *path);
/* A GwTestCondition: @data's map has been laid out. */
gboolean  gw_test_map_has_size   (gpointer    data);
/* Destroys the window and checks it is finalized (no leaked reference). */
void      gw_test_window_close   (GwWindow   *window);
/* Renders @widget to @name in $GW_TEST_SCREENSHOT_DIR, when that is set. */
void      gw_test_screenshot     (GtkWidget  *widget,
                                  const char *name);

G_END_DECLS
