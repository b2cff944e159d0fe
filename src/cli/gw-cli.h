/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "gw-hotspot-query.h"
#include "gw-map-snapshot.h"
#include "gw-store.h"

G_BEGIN_DECLS

/* Each verb gets argv with argv[0] = the verb; returns the exit status. */
int gw_cli_new   (int argc, char **argv);
int gw_cli_user  (int argc, char **argv);
int gw_cli_demo  (int argc, char **argv);
int gw_cli_info  (int argc, char **argv);
int gw_cli_bench (int argc, char **argv);
int gw_cli_render (int argc, char **argv);
int gw_cli_print (int argc, char **argv);
int gw_cli_case  (int argc, char **argv);
int gw_cli_plan  (int argc, char **argv);
int gw_cli_import (int argc, char **argv);
int gw_cli_export (int argc, char **argv);
int gw_cli_hotspots (int argc, char **argv);
int gw_cli_kpi (int argc, char **argv);
int gw_cli_overdue (int argc, char **argv);
int gw_cli_server (int argc, char **argv);
int gw_cli_push (int argc, char **argv);
int gw_cli_pull (int argc, char **argv);
int gw_cli_bench_server (int argc, char **argv);

/* Prints "gridwork-cli VERB: reason" on stderr; returns the exit status 1. */
int      gw_cli_fail  (const char      *verb,
                       GError          *error);
/* Who acts: @option (the verb's --user) or else $GRIDWORK_USER. There is
 * no default account: with neither, says so on stderr and returns %NULL
 * (the verb then exits 2), so nothing is ever done in a supervisor's name
 * by omission. */
const char *gw_cli_acting_login (const char *verb,
                                 const char *option);
/* Parses a verb's options; on an error or a wrong number of @n_positional
 * arguments, says so (or prints the help) and returns FALSE. */
gboolean gw_cli_parse (GOptionContext  *context,
                       const char      *verb,
                       int             *argc,
                       char          ***argv,
                       int              n_positional);

/* The case filter's options shared by `hotspots` and `kpi` (--from, --to,
 * --category, --tier, --source, --status, --community, --street): added to
 * a verb's main options, then read into a #GwCaseFilter whose strings stay
 * in @options. */
typedef struct
{
  char *from, *to, *category, *tier, *source, *status, *community, *street;
} GwCliFilter;

void     gw_cli_filter_add_options (GOptionContext     *context,
                                    GwCliFilter        *options);
gboolean gw_cli_filter_read        (const GwCliFilter  *options,
                                    GwCaseFilter       *filter,
                                    GError            **error);
void     gw_cli_filter_clear       (GwCliFilter        *options);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GwCliFilter, gw_cli_filter_clear)

/* Bench parts, called from gw_cli_bench(). */

/* Milliseconds since @start (g_get_monotonic_time()). */
double gw_bench_ms_since (gint64 start);
/* A throwaway copy of the database at @path (with its WAL) in a new folder
 * @dir, for figures that write; gw_bench_remove_copy() deletes the folder. */
char  *gw_bench_copy_database (const char  *path,
                               char       **dir,
                               GError     **error);
void   gw_bench_remove_copy   (const char  *dir);

/* Nearest-rank percentile of @samples (sorted in place; NAN when empty). */
double gw_bench_percentile (GArray *samples,
                            double  p);
/* One figure of a run: printed at once ("name: value unit (detail)"), or
 * with --runs N kept and printed at the end as min / median / max. */
void gw_bench_figure (const char *name,
                      double      value,
                      const char *unit,
                      const char *detail_format,
                      ...) G_GNUC_PRINTF (4, 5);
/* A figure that could not be measured, said on stderr. */
void gw_bench_fail (const char *what,
                    GError     *error);

void gw_bench_cases (GwStore       *store,
                     GwMapSnapshot *snapshot,
                     GRand         *rand,
                     int            n_reroutes);

/* Printing figures: an A3 page at 300 dpi, the street atlas, the full
 * extent at 4096 px (gw-cli-bench-print.c). */
void gw_bench_print (GwStore       *store,
                     GwMapSnapshot *snapshot);

/* Import figures: buildings to a Shapefile and back, beside ogr2ogr
 * (gw-cli-bench-io.c). */
void gw_bench_io (const char *db_path);

/* `bench --import-scale`: dense buildings, @sizes of them ("50000,100000"),
 * imported into a copy of the street (gw-cli-bench-import.c); returns the
 * exit status. */
int  gw_bench_import_scale (const char *db_path,
                            const char *sizes);

/* Hotspot figures: grids, counts, Gi*, trend, density at 1024 px
 * (gw-cli-bench-hotspots.c). */
void gw_bench_hotspots (GwStore *store);

/* Grid planning: a paint stroke with the live table, the auto-suggest per
 * community and for the street, and the commit (gw-cli-bench-plan.c). */
void gw_bench_plan (GwStore *store);

G_END_DECLS
