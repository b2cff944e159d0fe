/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "gw-store.h"

G_BEGIN_DECLS

/* Who is at the keyboard, and what their role lets them do (DESIGN.md
 * "Security"): planners redraw grids but do not move cases; supervisors act
 * on any case; grid staff act only on cases of their own grids. The checks
 * live here, in the core, and the case functions call them inside their
 * transactions: the UI hides what is refused, but does not decide it. */

typedef enum
{
  GW_ROLE_PLANNER,
  GW_ROLE_SUPERVISOR,
  GW_ROLE_STAFF,
} GwRole;

#define GW_TYPE_USER (gw_user_get_type ())
G_DECLARE_FINAL_TYPE (GwUser, gw_user, GW, USER, GObject)
struct _GwUser
{
  GObject  parent_instance;
  gint64   id;
  char    *login;
  char    *name;
  GwRole   role;
  gint64   worker_id;       /* staff: the worker they are; 0 otherwise */
  GArray  *grid_ids;        /* of gint64, sorted: the grids a staff member serves */
};

/* The login `gridwork-cli` acts as when no --user is given. */
#define GW_USER_DEFAULT_LOGIN "supervisor"

const char *gw_role_key             (GwRole       role);
const char *gw_role_label           (GwRole       role);
/* "supervisor" → GW_ROLE_SUPERVISOR; FALSE for an unknown key. */
gboolean    gw_role_from_key        (const char  *key,
                                     GwRole      *role);

GwUser     *gw_user_load            (GwStore     *store,
                                     const char  *login,
                                     GError     **error);
GwUser     *gw_user_load_by_id      (GwStore     *store,
                                     gint64       user_id,
                                     GError     **error);
/* Of GwUser, supervisors first, then staff, then planners. */
GPtrArray  *gw_user_list            (GwStore     *store,
                                     GError     **error);

gboolean    gw_user_serves_grid     (GwUser      *user,
                                     gint64       grid_id);
/* May @user change cases at all (not a planner)? */
gboolean    gw_user_can_act_on_cases (GwUser     *user);
/* May @user change the cases of grid @grid_id? */
gboolean    gw_user_can_act_in_grid (GwUser      *user,
                                     gint64       grid_id);
/* May @user see residents' and reporters' contacts unmasked? */
gboolean    gw_user_can_see_contacts (GwUser     *user);

/* Re-reads @user's role and grids from @store (inside the caller's
 * transaction) and refuses with %GW_STORE_ERROR_DENIED, naming @what (the
 * case code or grid code) and the reason, unless the user may act on grid
 * @grid_id. The store is the authority: a role changed since the user was
 * loaded counts. */
gboolean    gw_user_check_grid      (GwStore     *store,
                                     GwUser      *user,
                                     gint64       grid_id,
                                     const char  *what,
                                     GError     **error);

/* Appends a row to the audit log (who, when, what, on which object). Call
 * inside the transaction of the action it records. */
gboolean    gw_audit_write          (GwStore     *store,
                                     GwUser      *user,
                                     const char  *action,
                                     const char  *object,
                                     const char  *detail,
                                     GError     **error);

G_END_DECLS
