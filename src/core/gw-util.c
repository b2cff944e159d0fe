/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-util"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "gw-util.h"

GTimeZone *
gw_china_time_zone (void)
{
  static GTimeZone *zone;

  /* China has one time zone and no daylight saving: a fixed offset needs no
   * tzdata, which minimal machines lack. */
  if (g_once_init_enter (&zone))
    g_once_init_leave (&zone, g_time_zone_new_offset (8 * 3600));
  return zone;
}

char *
gw_format_timestamp (GDateTime *time)
{
  g_autoptr (GDateTime) local = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  local = g_date_time_to_timezone (time, gw_china_time_zone ());
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

GDateTime *
gw_parse_timestamp (const char *text)
{
  int year, month, day, hour = 0, minute = 0, second = 0;

  if (text == NULL)
    return NULL;
  if (sscanf (text, "%d-%d-%d %d:%d:%d", &year, &month, &day, &hour, &minute, &second) < 3)
    return NULL;
  return g_date_time_new (gw_china_time_zone (), year, month, day, hour, minute, second);
}

GDateTime *
gw_now (void)
{
  const char *fake = g_getenv ("GW_FAKE_NOW");

  if (fake != NULL && *fake != '\0')
    {
      GDateTime *parsed = gw_parse_timestamp (fake);

      if (parsed != NULL)
        return parsed;
      g_warning ("GW_FAKE_NOW=%s is not YYYY-MM-DD HH:MM:SS; using the clock", fake);
    }
  return g_date_time_new_now (gw_china_time_zone ());
}

gsize
gw_peak_rss_kib (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return 0;
  return (gsize) usage.ru_maxrss;  /* KiB on Linux */
}

gint64
gw_monotonic_usec (void)
{
  return g_get_monotonic_time ();
}
