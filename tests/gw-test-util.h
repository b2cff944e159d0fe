/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Helpers every test binary shares: temporary files and the main loop. */

/* Removes an SQLite file and its -wal, -shm and -journal companions. */
void     gw_test_remove_database   (const char *path);
/* Removes a temporary folder and everything below it. */
void     gw_test_remove_tree       (const char *path);

typedef gboolean (*GwTestCondition) (gpointer data);

void     gw_test_iterate_until_idle (void);
/* Runs the main loop until @condition holds, for at most @timeout_ms. */
gboolean gw_test_iterate_until     (GwTestCondition condition,
                                    gpointer        data,
                                    guint           timeout_ms);
/* Runs the main loop for @ms milliseconds. */
void     gw_test_iterate_for       (guint           ms);

/* The gridwork-cli built with the tests (GW_CLI, set by tests/meson.build). */
const char *gw_test_cli_path      (void);
/* Runs gridwork-cli with @args (NULL-terminated, without the program) and
 * returns its exit status; @out and @err (may be NULL) get what it printed. */
int      gw_test_run_cli           (const char * const *args,
                                    char              **out,
                                    char              **err);

/* A 256 px PNG tile of one colour. */
GBytes  *gw_test_png_tile          (double              r,
                                    double              g,
                                    double              b);
/* An MBTiles file with a red tile at XYZ 14/13660/6355 and a blue one at
 * 15/27320/12710 (Qingdao), rows stored the MBTiles (TMS) way. */
void     gw_test_write_mbtiles     (const char         *path);

G_END_DECLS
