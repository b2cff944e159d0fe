/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gw-error.h"

G_BEGIN_DECLS

/* The schema version this build writes; PRAGMA user_version. */
#define GW_STORE_SCHEMA_VERSION 11

/* PRAGMA application_id of a Gridwork file ("GRDW"), so that file(1), QGIS
 * and Gridwork itself can tell the file from other SQLite databases. */
#define GW_STORE_APPLICATION_ID 0x47524457

/* How project files are told by the desktop (file choosers). */
extern const char * const gw_store_mime_types[];
#define GW_STORE_SUFFIX_SQLITE3 "sq" "lite3"

/* How long a write waits for another program's write to finish. */
#define GW_STORE_BUSY_TIMEOUT_MS 5000

#define GW_TYPE_STORE (gw_store_get_type ())
G_DECLARE_FINAL_TYPE (GwStore, gw_store, GW, STORE, GObject)

/**
 * GwStoreOpenFlags:
 * @GW_STORE_OPEN_DEFAULT: open an existing Gridwork database, migrating it
 *   forward if it is older than this build
 * @GW_STORE_OPEN_CREATE: create the file with the current schema if it does
 *   not exist (an existing file is opened as with the default)
 * @GW_STORE_OPEN_READ_ONLY: never write (no migration: an old file is refused)
 */
typedef enum
{
  GW_STORE_OPEN_DEFAULT   = 0,
  GW_STORE_OPEN_CREATE    = 1 << 0,
  GW_STORE_OPEN_READ_ONLY = 1 << 1,
} GwStoreOpenFlags;

GwStore    *gw_store_open            (const char        *path,
                                      GwStoreOpenFlags   flags,
                                      GError           **error);
gboolean    gw_store_location_is_server (const char     *location);
GwStore    *gw_store_open_server     (const char        *uri,
                                      const char        *password,
                                      GwStoreOpenFlags   flags,
                                      GError           **error);
const char *gw_store_get_server      (GwStore           *self);
char       *gw_store_dup_location    (GwStore           *self,
                                      char             **password);
const char *gw_store_get_server_login (GwStore          *self);
int         gw_store_get_server_socket (GwStore         *self);
char       *gw_store_get_server_copy_path (const char   *location,
                                           GError      **error);
gboolean    gw_store_case_digest     (GwStore           *self,
                                      gint64            *cases,
                                      gint64            *versions,
                                      gint64            *events,
                                      GError           **error);
gboolean    gw_store_sync            (GwStore           *self,
                                      gboolean          *changed,
                                      GError           **error);
const char *gw_store_get_path        (GwStore           *self);
int         gw_store_get_schema_version (GwStore        *self);

gint64      gw_store_get_data_version (GwStore          *self);
/* Durable commits (synchronous = FULL: a flush per commit) or the default
 * (NORMAL: WAL, durable at the next checkpoint). For benchmarks. */
gboolean    gw_store_set_durable     (GwStore           *self,
                                      gboolean           full,
                                      GError           **error);

gboolean    gw_store_begin           (GwStore           *self,
                                      GError           **error);
gboolean    gw_store_commit          (GwStore           *self,
                                      GError           **error);
void        gw_store_rollback        (GwStore           *self);

/**
 * GwStoreCounts:
 *
 * What `gridwork-cli info` prints: one figure per kind of thing.
 */
typedef struct
{
  gint64 street_boundaries;     /* streets with a drawn boundary */
  gint64 communities;
  gint64 grids;
  gint64 lots;
  gint64 buildings;
  gint64 unassigned_buildings;  /* in lots of no grid: for planners to paint */
  gint64 dwellings;
  gint64 households;
  gint64 residents;
  gint64 roads;
  gint64 workers;
  gint64 staffed_grids;         /* grids with at least one responsible worker */
  gint64 departments;
  gint64 users;
  gint64 cases;
  gint64 open_cases;
  gint64 overdue_cases;
} GwStoreCounts;

gboolean    gw_store_count           (GwStore           *self,
                                      GDateTime         *now,
                                      GwStoreCounts     *counts,
                                      GError           **error);

G_END_DECLS
