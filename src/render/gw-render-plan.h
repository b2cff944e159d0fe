/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gw-plan.h"
#include "gw-renderer.h"

G_BEGIN_DECLS

/* How a draft plan looks over the map, for the screen and for paper: each
 * lot's GW_PLAN_PAINT (band of its grid, a shade that differs from its
 * neighbouring grids', changed, island, target, pending), keyed by lot id,
 * for gw_renderer_draw_plan(). @target: the chosen grid (-1: none);
 * @pending: units under the brush (NULL: none). */
GHashTable *gw_render_plan_paint (GwPlan     *plan,
                                  gint        target,
                                  GHashTable *pending);

G_END_DECLS
