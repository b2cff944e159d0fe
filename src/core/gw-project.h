/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gw-accounts.h"
#include "gw-map-snapshot.h"
#include "gw-store.h"
#include "gw-user.h"

G_BEGIN_DECLS

/**
 * GwProjectChange:
 * @GW_PROJECT_CHANGE_CASES: cases, their history or assignees
 * @GW_PROJECT_CHANGE_GRIDS: grids, lots, communities (a plan, an import)
 * @GW_PROJECT_CHANGE_BUILDINGS: buildings and roads
 * @GW_PROJECT_CHANGE_PEOPLE: households, residents, workers, departments, users
 * @GW_PROJECT_CHANGE_EXTERNAL: another program or window changed the file;
 *   what it changed is not known, so everything is to be shown again
 *
 * What a #GwProject::changed emission says changed.
 */
typedef enum
{
  GW_PROJECT_CHANGE_CASES     = 1 << 0,
  GW_PROJECT_CHANGE_GRIDS     = 1 << 1,
  GW_PROJECT_CHANGE_BUILDINGS = 1 << 2,
  GW_PROJECT_CHANGE_PEOPLE    = 1 << 3,
  GW_PROJECT_CHANGE_EXTERNAL  = 1 << 4,
} GwProjectChange;

#define GW_PROJECT_CHANGE_ALL (GW_PROJECT_CHANGE_CASES | GW_PROJECT_CHANGE_GRIDS \
                               | GW_PROJECT_CHANGE_BUILDINGS | GW_PROJECT_CHANGE_PEOPLE \
                               | GW_PROJECT_CHANGE_EXTERNAL)

#define GW_TYPE_PROJECT (gw_project_get_type ())
G_DECLARE_FINAL_TYPE (GwProject, gw_project, GW, PROJECT, GObject)

GwProject     *gw_project_open               (const char       *path,
                                              GError          **error);
GwProject     *gw_project_open_with_password (const char       *location,
                                              const char       *password,
                                              GError          **error);
gboolean       gw_project_load_snapshot      (GwProject        *self,
                                              GDateTime        *now,
                                              GError          **error);
const char    *gw_project_get_path           (GwProject        *self);
GwStore       *gw_project_get_store          (GwProject        *self);
GwMapSnapshot *gw_project_get_snapshot       (GwProject        *self);
guint          gw_project_get_generation     (GwProject        *self);

GwUser        *gw_project_get_user           (GwProject        *self);
gboolean       gw_project_set_user           (GwProject        *self,
                                              const char       *login,
                                              GError          **error);
void           gw_project_take_user          (GwProject        *self,
                                              GwUser           *user);

void           gw_project_notify_changed     (GwProject        *self,
                                              GwProjectChange   what);
void           gw_project_reload_snapshot    (GwProject        *self);
gboolean       gw_project_check_external_changes (GwProject    *self);
void           gw_project_watch_external_changes (GwProject    *self,
                                                  guint         interval_seconds);

gboolean       gw_project_create             (const char       *path,
                                              const char       *street_code,
                                              const char       *street_name,
                                              const char       *district_name,
                                              const GwUserNew  *admin,
                                              GError          **error);

G_END_DECLS
