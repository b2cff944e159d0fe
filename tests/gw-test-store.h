/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gw-store.h"

G_BEGIN_DECLS

/* Looking into a store behind the API's back, for the tests of every
 * layer: one value of the first row of @sql, whose ? parameters are bound
 * in order to the integers given after it (extra ones are ignored). Each
 * fails the test when the statement does not return a row. */
#define gw_test_query_int(store, sql, ...) \
  gw_test_query_int_with ((store), (sql), (const gint64[]) { 0, ##__VA_ARGS__ })
#define gw_test_query_text(store, sql, ...) \
  gw_test_query_text_with ((store), (sql), (const gint64[]) { 0, ##__VA_ARGS__ })

/* @params[0] is a placeholder; the values start at @params[1]. */
gint64 gw_test_query_int_with  (GwStore      *store,
                                const char   *sql,
                                const gint64 *params);
/* NULL for an SQL NULL. */
char  *gw_test_query_text_with (GwStore      *store,
                                const char   *sql,
                                const gint64 *params);
/* Runs @sql (several statements allowed); fails the test on an error. */
void   gw_test_exec_sql        (GwStore      *store,
                                const char   *sql);

/* A fresh temporary folder for one test, named after @prefix. */
char  *gw_test_make_tmp_dir    (const char   *prefix);

G_END_DECLS
