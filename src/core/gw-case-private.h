/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the case files share inside the core: the transition table, the case
 * row as the transactions read and write it, and the checks of who may.
 * gw-case.c: the table, the value types, reading cases;
 * gw-case-row.c: the row, its events, names and the checks;
 * gw-case-workflow.c: transitions and new cases;
 * gw-case-reroute.c: rerouting and its undo;
 * gw-case-loads.c: the open loads of drop targets. */

#include "gw-case.h"
#include "gw-store-private.h"

G_BEGIN_DECLS

#define ROLE(r)     (1u << (r))
#define SUPERVISOR  ROLE (GW_ROLE_SUPERVISOR)
#define STAFF       ROLE (GW_ROLE_STAFF)

typedef enum
{
  NEEDS_REASON       = 1 << 0, NEEDS_SATISFACTION = 1 << 1, NEEDS_DEPARTMENT   = 1 << 2,  /* only a department can send a case back */
  NEEDS_TIER_C       = 1 << 3,  /* periodic progress reports */
} Needs;

typedef struct
{
  const char *key;
  const char *label;         /* N_() */
  const char *event_kind;    /* as the demo generator writes them */
  const char *from[4];       /* statuses it may start from, NULL-terminated */
  const char *to;            /* NULL: the status stays */
  guint       roles;         /* who may */
  guint       needs;
} Transition;

extern const Transition gw_case_transitions[GW_CASE_N_ACTIONS];
extern const char * const gw_case_reroutable_statuses[];

/* The first responsible person of a grid, in the inspector's order. */
#define FIRST_WORKER_ORDER \
  " ORDER BY gw.is_first DESC, CASE gw.role WHEN 'party_branch' THEN 0 " \
  "WHEN 'street_cadre' THEN 1 WHEN 'community_cadre' THEN 2 WHEN 'building_leader' THEN 3 " \
  "WHEN 'police' THEN 4 WHEN 'volunteer' THEN 5 WHEN 'social_worker' THEN 6 ELSE 7 END, " \
  "w.name, w.id LIMIT 1"

typedef struct
{
  gint64  id;
  char   *code;
  gint64  grid_id;
  char   *grid_code;
  char   *status;
  char   *tier;
  char   *category;
  char   *scope;
  gint64  worker_id;
  gint64  department_id;
  char   *deadline_at;
  char   *closed_at;
  int     satisfaction;
  gboolean second_routing;
  gint64  version;
} CaseRow;

void gw_case_row_clear (CaseRow *row);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CaseRow, gw_case_row_clear)

typedef struct
{
  const char *kind;
  const char *from_status;
  const char *to_status;
  const char *from_assignee;
  const char *to_assignee;
  const char *reason;
  gint64      from_grid_id, to_grid_id;
  gint64      from_worker_id, to_worker_id;
  gint64      from_department_id, to_department_id;
  int         satisfaction;
} EventRow;

gboolean gw_case_lookup_text (GwStore     *store,
                              const char  *sql,
                              gint64       id,
                              char       **text,
                              GError     **error);
char     *gw_case_now_text (void);
gboolean gw_case_row_read (GwStore  *store,
                           gint64    case_id,
                           CaseRow  *row,
                           GError  **error);
gboolean gw_case_row_write (GwStore  *store,
                            CaseRow  *row,
                            GError  **error);
gboolean gw_case_event_write (GwStore         *store,
                              GwUser          *user,
                              gint64           case_id,
                              const char      *at,
                              const EventRow  *event,
                              GError         **error);
gboolean gw_case_worker_name (GwStore  *store,
                              gint64    worker_id,
                              char    **name,
                              GError  **error);
gboolean gw_case_department_name (GwStore  *store,
                                  gint64    department_id,
                                  char    **name,
                                  GError  **error);
char     *gw_case_assignee_name (GwStore  *store,
                                 gint64    worker_id,
                                 gint64    department_id,
                                 GError  **error);
gboolean gw_case_first_worker (GwStore  *store,
                               gint64    grid_id,
                               gint64   *worker_id,
                               GError  **error);
gboolean gw_case_worker_serves_grid (GwStore   *store,
                                     gint64     worker_id,
                                     gint64     grid_id,
                                     gboolean  *serves,
                                     GError   **error);
gboolean gw_case_check_action (GwUser        *user,
                               GwCaseAction   action,
                               const char    *code,
                               gint64         grid_id,
                               const char    *grid_code,
                               const char    *status,
                               const char    *tier,
                               gint64         department_id,
                               GError       **error);
GwUser   *gw_case_reload_user (GwStore  *store,
                               GwUser   *user,
                               GError  **error);
gboolean gw_case_check_version (const CaseRow  *row,
                                gint64          expected_version,
                                GError        **error);
char     *gw_case_compute_deadline (GwStore     *store,
                                    const char  *tier,
                                    const char  *category,
                                    GDateTime   *from,
                                    GError     **error);
gboolean gw_case_grid_code (GwStore  *store,
                            gint64    grid_id,
                            char    **code,
                            GError  **error);

G_END_DECLS
