/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-calendar"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "gw-calendar.h"
#include "gw-store-private.h"
#include "gw-util.h"

#define DAY_SECONDS (24 * 3600)

typedef struct
{
  gboolean is_workday;
  char    *name;
} CalendarDay;

struct _GwCalendar
{
  GHashTable *days;   /* julian day → CalendarDay, only days that break the Mon–Fri rule
                         or carry a name */
};

static void
calendar_day_free (gpointer data)
{
  CalendarDay *day = data;

  g_free (day->name);
  g_free (day);
}

static gboolean
parse_day (const char *text,
           GDate      *day)
{
  int year, month, dom;

  g_date_clear (day, 1);
  if (text == NULL || sscanf (text, "%d-%d-%d", &year, &month, &dom) != 3
      || !g_date_valid_dmy (dom, month, year))
    return FALSE;
  g_date_set_dmy (day, dom, month, year);
  return TRUE;
}

/**
 * gw_calendar_load:
 *
 * Reads the calendar table once; the result answers any number of
 * deadline questions without touching the database.
 *
 * Returns: (transfer full): the calendar
 */
GwCalendar *
gw_calendar_load (GwStore  *store,
                  GError  **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GwCalendar *calendar;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  stmt = gw_store_prepare (store, "SELECT day, is_workday, name FROM calendar", error);
  if (stmt == NULL)
    return NULL;

  calendar = g_new0 (GwCalendar, 1);
  calendar->days = g_hash_table_new_full (NULL, NULL, NULL, calendar_day_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GDate day;
      CalendarDay *entry;

      if (!parse_day ((const char *) sqlite3_column_text (stmt, 0), &day))
        {
          g_warning ("Ignoring calendar day “%s”: not YYYY-MM-DD",
                     (const char *) sqlite3_column_text (stmt, 0));
          continue;
        }
      entry = g_new0 (CalendarDay, 1);
      entry->is_workday = sqlite3_column_int (stmt, 1) != 0;
      entry->name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      g_hash_table_replace (calendar->days, GUINT_TO_POINTER (g_date_get_julian (&day)), entry);
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the working calendar"));
      gw_calendar_free (calendar);
      return NULL;
    }
  return calendar;
}

void
gw_calendar_free (GwCalendar *calendar)
{
  if (calendar == NULL)
    return;
  g_hash_table_unref (calendar->days);
  g_free (calendar);
}

static gboolean
weekday_rule (guint32 julian)
{
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_julian (&day, julian);
  return g_date_get_weekday (&day) <= G_DATE_FRIDAY;
}

static gboolean
is_workday_julian (const GwCalendar *calendar,
                   guint32           julian)
{
  const CalendarDay *entry = g_hash_table_lookup (calendar->days, GUINT_TO_POINTER (julian));

  return entry != NULL ? entry->is_workday : weekday_rule (julian);
}

gboolean
gw_calendar_is_workday (const GwCalendar *calendar,
                        const GDate      *day)
{
  g_return_val_if_fail (calendar != NULL, FALSE);
  g_return_val_if_fail (day != NULL && g_date_valid (day), FALSE);

  return is_workday_julian (calendar, g_date_get_julian (day));
}

const char *
gw_calendar_day_name (const GwCalendar *calendar,
                      const GDate      *day)
{
  const CalendarDay *entry;

  g_return_val_if_fail (calendar != NULL, NULL);
  g_return_val_if_fail (day != NULL && g_date_valid (day), NULL);

  entry = g_hash_table_lookup (calendar->days, GUINT_TO_POINTER (g_date_get_julian (day)));
  return entry != NULL && entry->name != NULL && entry->name[0] != '\0' ? entry->name : NULL;
}

/* The julian day and second of the day of @time in China Standard Time. */
static void
split_time (GDateTime *time,
            guint32   *julian,
            int       *seconds)
{
  g_autoptr (GDateTime) local = g_date_time_to_timezone (time, gw_china_time_zone ());
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  *julian = g_date_get_julian (&day);
  *seconds = g_date_time_get_hour (local) * 3600 + g_date_time_get_minute (local) * 60
             + g_date_time_get_second (local);
}

static GDateTime *
end_of_day (guint32 julian)
{
  GDate day;

  g_date_clear (&day, 1);
  g_date_set_julian (&day, julian);
  return g_date_time_new (gw_china_time_zone (), g_date_get_year (&day), g_date_get_month (&day),
                          g_date_get_day (&day), GW_WORK_AFTERNOON_END / 3600,
                          (GW_WORK_AFTERNOON_END % 3600) / 60, 0);
}

/**
 * gw_calendar_deadline:
 * @tier: "A", "B" or "C"
 * @limit_days: working days (B) or calendar days between reports (C)
 * @from: when the case was reported (C: when progress was last reported)
 *
 * Returns: (transfer full): the deadline, at the end of a working day
 */
GDateTime *
gw_calendar_deadline (const GwCalendar *calendar,
                      const char       *tier,
                      int               limit_days,
                      GDateTime        *from)
{
  guint32 day;
  int seconds;

  g_return_val_if_fail (calendar != NULL, NULL);
  g_return_val_if_fail (tier != NULL, NULL);
  g_return_val_if_fail (from != NULL, NULL);

  split_time (from, &day, &seconds);
  switch (tier[0])
    {
    case 'A':
      /* Before the end of a working day: that day; otherwise the next one. */
      if (!is_workday_julian (calendar, day) || seconds >= GW_WORK_AFTERNOON_END)
        do
          day++;
        while (!is_workday_julian (calendar, day));
      break;

    case 'B':
      limit_days = limit_days > 0 ? limit_days : GW_CASE_DEFAULT_WORKING_DAYS;
      for (int counted = 0; counted < limit_days; )
        {
          day++;
          if (is_workday_julian (calendar, day))
            counted++;
        }
      break;

    case 'C':
    default:
      day += limit_days > 0 ? limit_days : GW_CASE_DEFAULT_REPORT_DAYS;
      while (!is_workday_julian (calendar, day))
        day++;
      break;
    }
  return end_of_day (day);
}

/* Working seconds of working day @julian between seconds @lo and @hi of it. */
static gint64
working_overlap (int lo,
                 int hi)
{
  gint64 total = 0;

  total += MAX (0, MIN (hi, GW_WORK_MORNING_END) - MAX (lo, GW_WORK_MORNING_START));
  total += MAX (0, MIN (hi, GW_WORK_AFTERNOON_END) - MAX (lo, GW_WORK_AFTERNOON_START));
  return total;
}

/**
 * gw_calendar_working_seconds:
 *
 * Returns: the working time between @from and @to in seconds, negative when
 *   @to is before @from
 */
gint64
gw_calendar_working_seconds (const GwCalendar *calendar,
                             GDateTime        *from,
                             GDateTime        *to)
{
  guint32 first, last;
  int first_seconds, last_seconds;
  gint64 total = 0;

  g_return_val_if_fail (calendar != NULL, 0);
  g_return_val_if_fail (from != NULL && to != NULL, 0);

  if (g_date_time_compare (to, from) < 0)
    return -gw_calendar_working_seconds (calendar, to, from);

  split_time (from, &first, &first_seconds);
  split_time (to, &last, &last_seconds);
  for (guint32 day = first; day <= last; day++)
    {
      if (!is_workday_julian (calendar, day))
        continue;
      total += working_overlap (day == first ? first_seconds : 0,
                                day == last ? last_seconds : DAY_SECONDS);
    }
  return total;
}

/* "YYYY-MM-DD HH:MM:SS" read digit by digit: a sscanf per timestamp would
 * cost more than the rest of a KPI's count. */
static gboolean
split_text (const char *text,
            guint32    *julian,
            int        *seconds)
{
  static const char pattern[] = "dddd-dd-dd dd:dd:dd";
  GDate day;
  int year, month, dom;

  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < sizeof pattern - 1; i++)
    if (pattern[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != pattern[i])
      return FALSE;
#define DIGITS2(p) (((p)[0] - '0') * 10 + (p)[1] - '0')
  year = DIGITS2 (text) * 100 + DIGITS2 (text + 2);
  month = DIGITS2 (text + 5);
  dom = DIGITS2 (text + 8);
  *seconds = DIGITS2 (text + 11) * 3600 + DIGITS2 (text + 14) * 60 + DIGITS2 (text + 17);
#undef DIGITS2
  if (!g_date_valid_dmy (dom, month, year))
    return FALSE;
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, dom, month, year);
  *julian = g_date_get_julian (&day);
  return TRUE;
}

gboolean
gw_calendar_working_seconds_text (const GwCalendar *calendar,
                                  const char       *from,
                                  const char       *to,
                                  gint64           *seconds)
{
  guint32 first, last;
  int first_seconds, last_seconds;
  gint64 total = 0;

  g_return_val_if_fail (calendar != NULL, FALSE);
  g_return_val_if_fail (seconds != NULL, FALSE);

  if (!split_text (from, &first, &first_seconds) || !split_text (to, &last, &last_seconds))
    return FALSE;
  if (first > last || (first == last && first_seconds > last_seconds))
    {
      if (!gw_calendar_working_seconds_text (calendar, to, from, seconds))
        return FALSE;
      *seconds = -*seconds;
      return TRUE;
    }
  for (guint32 day = first; day <= last; day++)
    {
      if (!is_workday_julian (calendar, day))
        continue;
      total += working_overlap (day == first ? first_seconds : 0,
                                day == last ? last_seconds : DAY_SECONDS);
    }
  *seconds = total;
  return TRUE;
}

char *
gw_format_working_time (gint64 seconds)
{
  gint64 days, hours, minutes;

  seconds = ABS (seconds);
  days = seconds / GW_WORK_DAY_SECONDS;
  seconds -= days * GW_WORK_DAY_SECONDS;
  hours = seconds / 3600;
  minutes = (seconds % 3600) / 60;

  if (days > 0)
    {
      g_autofree char *day_text = NULL;

      day_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working day",
                                               "%d working days", days), (int) days);
      if (hours == 0)
        return g_steal_pointer (&day_text);
      /* Translators: working days, then hours, e.g. "2 working days 3 h" */
      return g_strdup_printf (_("%s %d h"), day_text, (int) hours);
    }
  if (hours > 0)
    {
      if (minutes == 0)
        return g_strdup_printf (_("%d h"), (int) hours);
      return g_strdup_printf (_("%d h %d min"), (int) hours, (int) minutes);
    }
  return g_strdup_printf (_("%d min"), (int) minutes);
}

/* Inside the transaction: the store says what the user's role is now. */
static gboolean
check_supervisor (GwStore     *store,
                  GwUser      *user,
                  const char  *what,
                  GError     **error)
{
  g_autoptr (GwUser) current = gw_user_load_by_id (store, user->id, NULL);

  if (current != NULL && current->role == GW_ROLE_SUPERVISOR)
    return TRUE;
  g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED,
               _("%s: only supervisors may change it, and %s is not one"), what, user->name);
  return FALSE;
}

gboolean
gw_calendar_set_workday (GwStore      *store,
                         GwUser       *user,
                         const GDate  *day,
                         gboolean      is_workday,
                         const char   *name,
                         GError      **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  char text[16];
  gboolean by_rule;

  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (GW_IS_USER (user), FALSE);
  g_return_val_if_fail (day != NULL && g_date_valid (day), FALSE);

  g_snprintf (text, sizeof text, "%04d-%02d-%02d", g_date_get_year (day),
              g_date_get_month (day), g_date_get_day (day));
  by_rule = weekday_rule (g_date_get_julian (day)) == !!is_workday
            && (name == NULL || name[0] == '\0');

  if (!gw_store_begin (store, error))
    return FALSE;
  if (!check_supervisor (store, user, _("The working calendar"), error))
    {
      gw_store_rollback (store);
      return FALSE;
    }
  stmt = gw_store_prepare (store,
                           by_rule ? "DELETE FROM calendar WHERE day = ?1"
                                   : "INSERT OR REPLACE INTO calendar (day, is_workday, name) "
                                     "VALUES (?1, ?2, ?3)",
                           error);
  if (stmt == NULL
      || !gw_store_check_bind (store, sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT), error)
      || (!by_rule
          && (!gw_store_check_bind (store, sqlite3_bind_int (stmt, 2, !!is_workday), error)
              || !gw_store_check_bind (store, sqlite3_bind_text (stmt, 3, name != NULL ? name : "",
                                                                 -1, SQLITE_TRANSIENT), error))))
    {
      gw_store_rollback (store);
      return FALSE;
    }
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not change the working calendar"));
      gw_store_rollback (store);
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  {
    g_autofree char *object = g_strdup_printf ("calendar:%s", text);

    if (!gw_audit_write (store, user, "calendar", object, is_workday ? "workday" : "holiday",
                         error))
      {
        gw_store_rollback (store);
        return FALSE;
      }
  }
  if (!gw_store_commit (store, error))
    {
      gw_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

gboolean
gw_calendar_get_time_limits (GwStore     *store,
                             const char  *category,
                             int         *working_days,
                             int         *report_days,
                             GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (category != NULL, FALSE);

  if (working_days != NULL)
    *working_days = GW_CASE_DEFAULT_WORKING_DAYS;
  if (report_days != NULL)
    *report_days = GW_CASE_DEFAULT_REPORT_DAYS;

  stmt = gw_store_prepare_cached (store,
                                  "SELECT working_days, report_days FROM case_time_limits "
                                  "WHERE category = ?",
                                  error);
  if (stmt == NULL
      || !gw_store_check_bind (store, sqlite3_bind_text (stmt, 1, category, -1, SQLITE_TRANSIENT),
                               error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (working_days != NULL)
        *working_days = sqlite3_column_int (stmt, 0);
      if (report_days != NULL)
        *report_days = sqlite3_column_int (stmt, 1);
    }
  else if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the time limits of cases"));
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
gw_calendar_set_time_limits (GwStore     *store,
                             GwUser      *user,
                             const char  *category,
                             int          working_days,
                             int          report_days,
                             GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (GW_IS_USER (user), FALSE);
  g_return_val_if_fail (category != NULL, FALSE);

  if (working_days < 1 || working_days > 365 || report_days < 1 || report_days > 365)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("Time limits must be between 1 and 365 days"));
      return FALSE;
    }
  if (!gw_store_begin (store, error))
    return FALSE;
  if (!check_supervisor (store, user, _("Time limits of cases"), error))
    {
      gw_store_rollback (store);
      return FALSE;
    }
  stmt = gw_store_prepare (store,
                           "INSERT OR REPLACE INTO case_time_limits (category, working_days, "
                           "report_days) VALUES (?, ?, ?)",
                           error);
  if (stmt == NULL
      || !gw_store_check_bind (store, sqlite3_bind_text (stmt, 1, category, -1, SQLITE_TRANSIENT),
                               error)
      || !gw_store_check_bind (store, sqlite3_bind_int (stmt, 2, working_days), error)
      || !gw_store_check_bind (store, sqlite3_bind_int (stmt, 3, report_days), error))
    {
      gw_store_rollback (store);
      return FALSE;
    }
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not change the time limits of cases"));
      gw_store_rollback (store);
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  {
    g_autofree char *object = g_strdup_printf ("limits:%s", category);
    g_autofree char *detail = g_strdup_printf ("working_days=%d report_days=%d", working_days,
                                               report_days);

    if (!gw_audit_write (store, user, "limits", object, detail, error))
      {
        gw_store_rollback (store);
        return FALSE;
      }
  }
  if (!gw_store_commit (store, error))
    {
      gw_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}
