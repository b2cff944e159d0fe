/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gw-store.h"

G_BEGIN_DECLS

/* The streets (街道) of a project: one for a street office's own file, a
 * dozen for a district. What page titles, the print dialog and the command
 * line name them by. */

typedef struct
{
  gint64  id;
  char   *code;           /* 9 digits: district 6 + street 3 */
  char   *name;           /* 宁夏路街道 */
  char   *district_name;  /* 市北区 */
} GwStreet;

void        gw_street_free         (GwStreet    *street);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwStreet, gw_street_free)

GPtrArray  *gw_street_list         (GwStore     *store,
                                    GError     **error);
gboolean    gw_street_find_by_code (GwStore     *store,
                                    const char  *code,
                                    gint64      *id,
                                    GError     **error);

G_END_DECLS
