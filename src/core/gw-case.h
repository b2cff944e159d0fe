/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "gw-store.h"
#include "gw-user.h"

G_BEGIN_DECLS

/* The case closed loop (DESIGN.md "Cases"): one table of allowed
 * transitions, each applied in one transaction that writes the case (its
 * row version + 1), its history event and the audit log, or nothing.
 *
 *   reported → registered → dispatched → in_progress → done_reported → closed → evaluated
 *
 * with rework (返工), deferred (挂账), rejected (不予立案), reopening, and a
 * department sending a case back (二次分流). Rerouting changes who holds a
 * case (a worker of its grid, a department, another grid's first responsible
 * person) without changing its status.
 *
 * Every function that writes takes the acting user and refuses with
 * %GW_CASE_ERROR_DENIED what their role does not allow, with
 * %GW_CASE_ERROR_INVALID a transition the case's status does not allow, and
 * with %GW_CASE_ERROR_CONFLICT a change to a case someone else changed since
 * @expected_version was read (0 skips that check). */

typedef enum
{
  GW_CASE_ACTION_REGISTER,           /* 立案 */
  GW_CASE_ACTION_DISPATCH,           /* 派遣 */
  GW_CASE_ACTION_ACCEPT,             /* the handler takes it up (处置) */
  GW_CASE_ACTION_REPORT_PROGRESS,    /* tier C: periodic progress report */
  GW_CASE_ACTION_REPORT_DONE,        /* 反馈 */
  GW_CASE_ACTION_VERIFY_CLOSE,       /* 核查结案 */
  GW_CASE_ACTION_EVALUATE,           /* 评价, satisfaction 1–5 */
  GW_CASE_ACTION_RETURN_REWORK,      /* 返工 */
  GW_CASE_ACTION_DEFER,              /* 挂账/缓办 */
  GW_CASE_ACTION_RESUME,
  GW_CASE_ACTION_REJECT,             /* 不予立案 */
  GW_CASE_ACTION_REOPEN,
  GW_CASE_ACTION_DEPARTMENT_RETURN,  /* a department disputes the routing */
  GW_CASE_N_ACTIONS
} GwCaseAction;

/* Stable keys ("verify_close"), as the CLI takes them. */
const char  *gw_case_action_key          (GwCaseAction  action);
gboolean     gw_case_action_from_key     (const char   *key,
                                          GwCaseAction *action);
/* What a button says ("Verify and close"). */
const char  *gw_case_action_label        (GwCaseAction  action);
/* The history event kind it writes ("close"), as the demo generator's. */
const char  *gw_case_action_event_kind   (GwCaseAction  action);
/* Whether it must be given a reason (reject, rework, defer …). */
gboolean     gw_case_action_needs_reason (GwCaseAction  action);
/* The table, without the user: may a case in @status take @action? */
gboolean     gw_case_action_allowed_from (GwCaseAction  action,
                                          const char   *status);
/* The status it leads to, or %NULL if it keeps the status. */
const char  *gw_case_action_target_status (GwCaseAction action);

typedef struct
{
  char   *at;
  char   *user_name;         /* "" for the demo's history */
  char   *kind;              /* report, register, dispatch, reroute, start, … */
  char   *from_status;       /* may be NULL */
  char   *to_status;         /* may be NULL */
  char   *from_assignee;     /* may be NULL */
  char   *to_assignee;       /* may be NULL */
  char   *from_grid_code;    /* reroutes to another grid; else NULL */
  char   *to_grid_code;
  char   *reason;
  int     satisfaction;      /* evaluations, else 0 */
} GwCaseEvent;

void        gw_case_event_free       (GwCaseEvent *event);
/* "Rerouted", "Verified and closed" … for a history event kind. */
const char *gw_case_event_kind_label (const char  *kind);

/**
 * GwCase:
 *
 * A case with its fields and (from gw_case_load()) its whole history.
 * The reporter's contact is masked unless the viewer may see it.
 */
typedef struct
{
  gint64     id;
  char      *code;
  gint64     grid_id;
  char      *grid_code;
  char      *grid_name;
  char      *community_name;
  char      *category;          /* keys: see gw-domain.h for labels */
  char      *subcategory;
  char      *scope;
  char      *tier;
  char      *source;
  char      *status;
  char      *description;
  char      *reporter_name;     /* masked unless allowed */
  char      *reporter_phone;    /* masked unless allowed */
  gint64     worker_id;         /* 0 if none */
  char      *worker_name;       /* NULL if none */
  gint64     department_id;     /* 0 if none */
  char      *department_name;   /* NULL if none */
  char      *reported_at;
  char      *deadline_at;       /* may be NULL */
  char      *closed_at;         /* may be NULL */
  int        satisfaction;      /* 0 if not evaluated */
  gboolean   second_routing;
  gint64     version;
  double     lon, lat;          /* CGCS2000 */
  gboolean   overdue;           /* open and past its deadline at @now */
  gint64     working_seconds_left; /* to the deadline at @now; negative when overdue */
  GPtrArray *events;            /* of GwCaseEvent, oldest first; NULL from gw_case_list() */
} GwCase;

void     gw_case_free (GwCase *kase);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwCase, gw_case_free)

/* "王芳" / "市北区民政局" / "" — who holds the case. */
const char *gw_case_get_assignee (const GwCase *kase);

/**
 * gw_case_load:
 * @viewer: (nullable): the user looking; contacts are masked unless
 *   @unmask and the viewer may see them (which is written to the audit log)
 *
 * Returns: (transfer full): the case with its history, or %NULL
 */
GwCase  *gw_case_load (GwStore    *store,
                       gint64      case_id,
                       GwUser     *viewer,
                       gboolean    unmask,
                       GDateTime  *now,
                       GError    **error);

typedef enum
{
  GW_CASE_LIST_ALL     = 0,
  GW_CASE_LIST_OPEN    = 1 << 0,
  GW_CASE_LIST_OVERDUE = 1 << 1,
} GwCaseListFlags;

/* Of GwCase without history, by id; @grid_id 0 for every grid. */
GPtrArray *gw_case_list (GwStore         *store,
                         gint64           grid_id,
                         GwCaseListFlags  flags,
                         GDateTime       *now,
                         GError         **error);

/* Whether @user may apply @action to @kase as it was loaded (the buttons of
 * the case page); %FALSE with the reason in @error. gw_case_advance() checks
 * the same against the database, inside its transaction. */
gboolean gw_case_can        (const GwCase  *kase,
                             GwUser        *user,
                             GwCaseAction   action,
                             GError       **error);

/**
 * gw_case_advance:
 * @reason: (nullable): why; required by gw_case_action_needs_reason()
 * @satisfaction: 1–5 for %GW_CASE_ACTION_EVALUATE, else ignored
 *
 * Applies one transition of the life cycle in one transaction.
 */
gboolean gw_case_advance    (GwStore       *store,
                             GwUser        *user,
                             gint64         case_id,
                             GwCaseAction   action,
                             const char    *reason,
                             int            satisfaction,
                             gint64         expected_version,
                             GError       **error);

typedef enum
{
  GW_REROUTE_TO_WORKER,       /* a worker of the case's grid */
  GW_REROUTE_TO_DEPARTMENT,   /* escalation: a big matter */
  GW_REROUTE_TO_GRID,         /* another grid, to its first responsible person */
} GwRerouteKind;

typedef struct
{
  GwRerouteKind kind;
  gint64        id;           /* worker, department or grid id */
} GwRerouteTarget;

/* What one reroute changed, for the toast and for undo. */
typedef struct
{
  gint64  case_id;
  char   *case_code;
  gint64  from_grid_id, to_grid_id;
  char   *from_grid_code, *to_grid_code;
  gint64  from_worker_id, to_worker_id;          /* 0 if none */
  gint64  from_department_id, to_department_id;  /* 0 if none */
  char   *from_assignee, *to_assignee;           /* names, "" if none */
  char   *from_scope, *to_scope;
  gint64  version;                               /* the case's version after it */
} GwReroute;

void gw_reroute_free (GwReroute *reroute);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwReroute, gw_reroute_free)

/**
 * gw_case_reroute:
 * @reason: (nullable): why, for the history
 * @out: (out) (optional) (transfer full): what changed
 *
 * Hands the case to @target in one transaction that appends a history event
 * (who, when, from, to, reason) and an audit log row.
 */
gboolean   gw_case_reroute       (GwStore                *store,
                                  GwUser                 *user,
                                  gint64                  case_id,
                                  const GwRerouteTarget  *target,
                                  const char             *reason,
                                  gint64                  expected_version,
                                  GwReroute             **out,
                                  GError                **error);
/* Several cases to one target (a multi-selection dropped at once): all or
 * none. @expected_versions may be NULL. Returns an array of GwReroute. */
GPtrArray *gw_case_reroute_many  (GwStore                *store,
                                  GwUser                 *user,
                                  const gint64           *case_ids,
                                  const gint64           *expected_versions,
                                  guint                   n_cases,
                                  const GwRerouteTarget  *target,
                                  const char             *reason,
                                  GError                **error);
/* Undo: reroutes each case of @reroutes (GwReroute) back where it was, as
 * new history events, all or none; a case changed since is a conflict. */
gboolean   gw_case_reroute_undo  (GwStore                *store,
                                  GwUser                 *user,
                                  GPtrArray              *reroutes,
                                  GError                **error);

typedef struct
{
  double      lon, lat;        /* CGCS2000; the grid is found from the point */
  const char *category;        /* one of gw_case_categories */
  const char *subcategory;     /* may be NULL */
  const char *tier;            /* "A", "B" or "C" */
  const char *scope;           /* NULL: "small" */
  const char *source;          /* NULL: "walk_in" */
  const char *description;
  const char *reporter_name;   /* may be NULL */
  const char *reporter_phone;  /* may be NULL */
} GwCaseNew;

/* Reports a new case at a point; returns its id, 0 on error (outside every
 * grid: %GW_CASE_ERROR_INVALID). */
gint64     gw_case_create        (GwStore                *store,
                                  GwUser                 *user,
                                  const GwCaseNew        *fields,
                                  GError                **error);

/* The grid containing a CGCS2000 point (SpatiaLite's SpatialIndex), 0 if
 * none. */
gint64     gw_case_grid_at       (GwStore                *store,
                                  double                  lon,
                                  double                  lat,
                                  GError                **error);

/* Drop targets show their open load. */
#define GW_TYPE_DEPARTMENT_LOAD (gw_department_load_get_type ())
G_DECLARE_FINAL_TYPE (GwDepartmentLoad, gw_department_load, GW, DEPARTMENT_LOAD, GObject)
struct _GwDepartmentLoad
{
  GObject  parent_instance;
  gint64   id;
  char    *name;
  char    *level;             /* district | street */
  char    *phone;
  gint64   n_open_cases;
  gint64   n_overdue_cases;
};

#define GW_TYPE_GRID_LOAD (gw_grid_load_get_type ())
G_DECLARE_FINAL_TYPE (GwGridLoad, gw_grid_load, GW, GRID_LOAD, GObject)
struct _GwGridLoad
{
  GObject  parent_instance;
  gint64   id;
  char    *code;
  char    *name;
  char    *community_name;
  char    *first_worker_name; /* who a case moved here goes to; "" if none */
  gint64   n_open_cases;
  gint64   n_overdue_cases;
};

/* Of GwDepartmentLoad, district departments first, by name. */
GPtrArray *gw_case_department_loads (GwStore    *store,
                                     GDateTime  *now,
                                     GError    **error);
/* Of GwGridLoad, by code. */
GPtrArray *gw_case_grid_loads       (GwStore    *store,
                                     GDateTime  *now,
                                     GError    **error);
/* Open cases a worker holds (any grid). */
gint64     gw_case_worker_load      (GwStore    *store,
                                     gint64      worker_id,
                                     GError    **error);

G_END_DECLS
