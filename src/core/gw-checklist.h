/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gw-store.h"

G_BEGIN_DECLS

/* What a street has loaded and what is missing, line by line, in the order
 * a street office loads it: the set-up checklist of a new project, shown by
 * the app and by `gridwork-cli info --checklist`. The project works at
 * every stage: with buildings only, the map shows them and grids can be
 * drawn. */

typedef enum
{
  GW_CHECK_STREET,
  GW_CHECK_COMMUNITIES,
  GW_CHECK_GRIDS,
  GW_CHECK_LOTS,
  GW_CHECK_BUILDINGS,
  GW_CHECK_ROADS,
  GW_CHECK_HOUSEHOLDS,
  GW_CHECK_RESIDENTS,
  GW_CHECK_TEAMS,
  GW_CHECK_DEPARTMENTS,
  GW_CHECK_USERS,
  GW_CHECK_N_ITEMS,
} GwCheckItem;

typedef enum
{
  GW_CHECK_MISSING,   /* nothing loaded yet */
  GW_CHECK_PARTIAL,   /* loaded, with something left to do (detail says what) */
  GW_CHECK_DONE,
} GwCheckState;

typedef struct
{
  GwCheckItem   item;
  GwCheckState  state;
  const char   *title;         /* translated */
  char         *detail;        /* translated: the counts, or what to do */
  const char   *import_layer;  /* the import layer that loads it; NULL: none (users) */
} GwCheckLine;

/* GW_CHECK_N_ITEMS lines from the counts of a store. */
GArray   *gw_checklist_from_counts (const GwStoreCounts *counts);
GArray   *gw_checklist_load        (GwStore             *store,
                                    GError             **error);
/* How many lines are done. */
guint     gw_checklist_n_done      (GArray              *lines);
/* The line's machine name ("street", "teams", …) for scripts. */
const char *gw_check_item_name     (GwCheckItem          item);

G_END_DECLS
