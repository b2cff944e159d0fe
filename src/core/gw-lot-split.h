/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gw-store.h"
#include "gw-user.h"

G_BEGIN_DECLS

/* Lots fine enough to plan with (issue 11): a compound of many buildings
 * becomes one lot per building, so that a grid can be balanced to within a
 * building. Each building gets the part of its lot nearer to it than to any
 * other building of the lot (the Voronoi cells of the buildings' inner
 * points, through GEOS in SpatiaLite, cut to the lot), so the new lots tile
 * the old one exactly. The first building keeps the lot's row (drafts and
 * history still point at it); the others get new lots in the same grid, and
 * every draft plan gives them the old lot's draft grid. */

typedef struct
{
  guint lots_split;     /* lots that held several buildings */
  guint lots_added;
} GwLotSplitReport;

/* Splits the lots of @community_id (0: every community) that hold more than
 * one building, in one transaction with an audit row. Planners and
 * supervisors only. @user NULL: the demo generator's own use. */
gboolean gw_lots_split_by_building (GwStore          *store,
                                    GwUser           *user,
                                    gint64            community_id,
                                    GwLotSplitReport *report,
                                    GError          **error);

G_END_DECLS
