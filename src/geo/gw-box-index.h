/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gw-geometry.h"

G_BEGIN_DECLS

/* GwBoxIndex: a packed Hilbert R-tree over a fixed set of boxes, the one
 * spatial index of Gridwork's memory (the map snapshot's layers, the
 * import's area lookups). Built once, then only read, so any number of
 * threads may query it. Items are the positions of the boxes given to
 * gw_box_index_new (). */
typedef struct _GwBoxIndex GwBoxIndex;

/* Stops the query when it returns FALSE. */
typedef gboolean (*GwBoxIndexFunc) (guint    item,
                                    gpointer user_data);

GwBoxIndex *gw_box_index_new        (const GwBBox   *boxes,
                                     guint           n_boxes,
                                     gsize           stride);
void        gw_box_index_free       (GwBoxIndex     *index);
guint       gw_box_index_get_size   (const GwBoxIndex *index);
/* The box around every item; empty for an empty index. */
void        gw_box_index_get_extent (const GwBoxIndex *index,
                                     GwBBox         *extent);
/* Calls @func for every item whose box intersects @bbox, in no set order;
 * FALSE when @func stopped it. */
gboolean    gw_box_index_query      (const GwBoxIndex *index,
                                     const GwBBox   *bbox,
                                     GwBoxIndexFunc  func,
                                     gpointer        user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwBoxIndex, gw_box_index_free)

G_END_DECLS
