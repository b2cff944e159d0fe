/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Timestamps are stored as local (China Standard Time) text
 * "YYYY-MM-DD HH:MM:SS" so that they sort and read well in any SQLite tool. */
char      *gw_format_timestamp     (GDateTime  *time);
GDateTime *gw_parse_timestamp      (const char *text);
GTimeZone *gw_china_time_zone      (void);
/* Now in China Standard Time; honours GW_FAKE_NOW="YYYY-MM-DD HH:MM:SS" so
 * tests and demos are reproducible. */
GDateTime *gw_now                  (void);

/* Peak resident set size of this process in KiB (Linux), or 0. */
gsize      gw_peak_rss_kib         (void);
gint64     gw_monotonic_usec       (void);

G_END_DECLS
