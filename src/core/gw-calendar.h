/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "gw-store.h"
#include "gw-user.h"

G_BEGIN_DECLS

/* Working time for case deadlines (DESIGN.md "Cases").
 *
 * A day is a working day Monday to Friday unless the calendar table says
 * otherwise: public holidays (is_workday = 0) and the weekend days worked in
 * exchange for them (调休, is_workday = 1). The working hours of a street
 * office are 08:30–12:00 and 13:30–17:30, 7.5 hours a day; deadlines fall at
 * the end of a working day.
 *
 * - Tier A (at once): the end of the working day it was reported on; reported
 *   after 17:30 or on a day off, the end of the next working day.
 * - Tier B (time limit): the end of the Nth working day after the day of the
 *   report (the day of the report does not count); N per category, 7 by
 *   default (seed 000: "7日内进行反馈").
 * - Tier C (periodic): the next progress report is due N calendar days later
 *   (30 by default), at the end of that day or of the next working day.
 *
 * Overdue is never stored: it is the deadline compared with now, when asked. */

#define GW_WORK_MORNING_START    (8 * 3600 + 30 * 60)   /* 08:30 */
#define GW_WORK_MORNING_END      (12 * 3600)            /* 12:00 */
#define GW_WORK_AFTERNOON_START  (13 * 3600 + 30 * 60)  /* 13:30 */
#define GW_WORK_AFTERNOON_END    (17 * 3600 + 30 * 60)  /* 17:30 */
#define GW_WORK_DAY_SECONDS      (GW_WORK_MORNING_END - GW_WORK_MORNING_START \
                                  + GW_WORK_AFTERNOON_END - GW_WORK_AFTERNOON_START)

#define GW_CASE_DEFAULT_WORKING_DAYS 7
#define GW_CASE_DEFAULT_REPORT_DAYS  30

typedef struct _GwCalendar GwCalendar;

/* A snapshot of the calendar table, for computing many deadlines. */
GwCalendar *gw_calendar_load             (GwStore           *store,
                                          GError           **error);
void        gw_calendar_free             (GwCalendar        *calendar);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwCalendar, gw_calendar_free)

gboolean    gw_calendar_is_workday       (const GwCalendar  *calendar,
                                          const GDate       *day);
/* The holiday or adjusted workday's name ("国庆节"), or NULL for an
 * ordinary day. */
const char *gw_calendar_day_name         (const GwCalendar  *calendar,
                                          const GDate       *day);

/* The deadline of a case of @tier ("A", "B" or "C") reported (or, for C,
 * last reporting progress) at @from. @limit_days: working days for B,
 * calendar days between reports for C; ignored for A. */
GDateTime  *gw_calendar_deadline         (const GwCalendar  *calendar,
                                          const char        *tier,
                                          int                limit_days,
                                          GDateTime         *from);
/* Working seconds from @from to @to; negative when @to is earlier (the
 * working time a case is overdue by). */
gint64      gw_calendar_working_seconds  (const GwCalendar  *calendar,
                                          GDateTime         *from,
                                          GDateTime         *to);
/* The same for two local timestamps as the store writes them ("YYYY-MM-DD
 * HH:MM:SS", China Standard Time), without building GDateTimes: for
 * counting many cases at once. %FALSE if either is not such a timestamp. */
gboolean    gw_calendar_working_seconds_text (const GwCalendar *calendar,
                                              const char       *from,
                                              const char       *to,
                                              gint64           *seconds);
/* "2 working days 3 h", "5 h 20 min", "12 min" for a non-negative amount
 * of working time (a working day is 7.5 hours). */
char       *gw_format_working_time       (gint64             seconds);

/* Marks @day as a working day or a day off, with an optional @name. A day
 * that then follows the Monday–Friday rule and has no name is removed from
 * the table. One transaction, audited; supervisors only. */
gboolean    gw_calendar_set_workday      (GwStore           *store,
                                          GwUser            *user,
                                          const GDate       *day,
                                          gboolean           is_workday,
                                          const char        *name,
                                          GError           **error);

/* The time limits of a case category (defaults when it has no row). */
gboolean    gw_calendar_get_time_limits  (GwStore           *store,
                                          const char        *category,
                                          int               *working_days,
                                          int               *report_days,
                                          GError           **error);
/* Supervisors only; audited. */
gboolean    gw_calendar_set_time_limits  (GwStore           *store,
                                          GwUser            *user,
                                          const char        *category,
                                          int                working_days,
                                          int                report_days,
                                          GError           **error);

G_END_DECLS
