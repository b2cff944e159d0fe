/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gw-plan-store.h"

G_BEGIN_DECLS

/* Shared by gw-plan-store.c and gw-plan-commit.c. */
gboolean gw_plan_check_planner (GwUser      *user,
                                const char  *what,
                                GError     **error);
gboolean gw_plan_store_write   (GwStore     *store,
                                GwPlanData  *data,
                                GError     **error);

G_END_DECLS
