/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A bulk load's R*Tree built on a thread while the rows are written
 * (gw-rtree-build.c); for the writer's loads only. */

#include "gw-geometry.h"
#include "gw-store-private.h"

G_BEGIN_DECLS

typedef struct _GwRtreeBuild GwRtreeBuild;

GwRtreeBuild *gw_rtree_build_start       (int            page_size);
void          gw_rtree_build_add         (GwRtreeBuild  *self,
                                          gint64         id,
                                          const GwBBox  *bbox);
guint         gw_rtree_build_get_n_boxes (GwRtreeBuild  *self);
gboolean      gw_rtree_build_matches     (GwRtreeBuild  *self,
                                          sqlite3_stmt  *stmt);
gboolean      gw_rtree_build_finish      (GwRtreeBuild  *self,
                                          GwStore       *store,
                                          const char    *index,
                                          gboolean      *built,
                                          GError       **error);
void          gw_rtree_build_free        (GwRtreeBuild  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwRtreeBuild, gw_rtree_build_free)

G_END_DECLS
