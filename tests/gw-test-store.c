/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-test"

#include "config.h"

#include "gw-store-private.h"
#include "gw-test-store.h"

static sqlite3_stmt *
prepare_bound (GwStore      *store,
               const char   *sql,
               const gint64 *params)
{
  g_autoptr (GError) error = NULL;
  sqlite3_stmt *stmt = gw_store_prepare (store, sql, &error);
  int n;

  if (stmt == NULL)
    g_error ("%s: %s", sql, error->message);
  n = sqlite3_bind_parameter_count (stmt);
  for (int i = 1; i <= n; i++)
    g_assert_cmpint (sqlite3_bind_int64 (stmt, i, params[i]), ==, SQLITE_OK);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("%s: no row", sql);
  return stmt;
}

gint64
gw_test_query_int_with (GwStore      *store,
                        const char   *sql,
                        const gint64 *params)
{
  g_autoptr (sqlite3_stmt) stmt = prepare_bound (store, sql, params);

  return sqlite3_column_int64 (stmt, 0);
}

char *
gw_test_query_text_with (GwStore      *store,
                         const char   *sql,
                         const gint64 *params)
{
  g_autoptr (sqlite3_stmt) stmt = prepare_bound (store, sql, params);
  const unsigned char *text = sqlite3_column_text (stmt, 0);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

void
gw_test_exec_sql (GwStore    *store,
                  const char *sql)
{
  g_autoptr (GError) error = NULL;

  if (!gw_store_exec (store, sql, &error))
    g_error ("%s: %s", sql, error->message);
}

char *
gw_test_make_tmp_dir (const char *prefix)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("%s-XXXXXX", prefix);
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}
