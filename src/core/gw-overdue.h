/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gw-hotspot-query.h"
#include "gw-store.h"
#include "gw-user.h"

G_BEGIN_DECLS

/* The overdue board (挂牌督办, issue 12): every open case whose deadline has
 * passed, with how long it is overdue in working time (gw-calendar.h), and
 * the command centre's two actions on it. Both are supervisor-only, one
 * transaction each that checks the row version (as rerouting does,
 * %GW_CASE_ERROR_CONFLICT), bumps it, appends a history event and an audit
 * row:
 * - remind (催办): a `remind` event addressed to the holder, who sees it in
 *   the case's history;
 * - escalate (督办): `escalated_at` set, the tier raised C → B → A (A stays
 *   A; the deadline stays: the case is late already), an `escalate` event
 *   naming the worker or department notified. */

typedef struct
{
  gint64  case_id;
  char   *code;
  char   *grid_code;
  char   *grid_name;
  char   *community_code;
  char   *community_name;
  char   *assignee;            /* worker or department; "" if nobody holds it */
  gboolean assignee_is_department;
  char   *tier;
  char   *category;            /* key, see gw-domain.h */
  char   *subcategory;
  char   *status;
  char   *reported_at;
  char   *deadline_at;
  gint64  overdue_seconds;     /* working time since the deadline */
  char   *escalated_at;        /* NULL if never */
  guint   n_reminders;
  gint64  version;
} GwOverdueCase;

void       gw_overdue_case_free (GwOverdueCase *overdue);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwOverdueCase, gw_overdue_case_free)

/**
 * gw_overdue_list:
 * @filter: the shared filter; its status is taken as "overdue" whatever it says
 * @grid_code: (nullable): only this grid
 * @now: (nullable): %NULL: now
 *
 * Returns: (transfer full) (element-type GwOverdueCase): the board, longest
 *   overdue first, or %NULL
 */
GPtrArray *gw_overdue_list     (GwStore             *store,
                                const GwCaseFilter  *filter,
                                const char          *grid_code,
                                GDateTime           *now,
                                GError             **error);

/* @reason: (nullable). @expected_version: 0 skips the check. */
gboolean   gw_overdue_remind   (GwStore             *store,
                                GwUser              *user,
                                gint64               case_id,
                                const char          *reason,
                                gint64               expected_version,
                                GError             **error);
gboolean   gw_overdue_escalate (GwStore             *store,
                                GwUser              *user,
                                gint64               case_id,
                                const char          *reason,
                                gint64               expected_version,
                                GError             **error);

G_END_DECLS
