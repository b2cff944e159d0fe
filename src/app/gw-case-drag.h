/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "gw-case.h"

G_BEGIN_DECLS

/* What a dragged case row carries: the ids of the dragged cases and the
 * versions the dragging view saw (so a drop onto a case someone else changed
 * meanwhile is a conflict, not an overwrite). A type of our own, so that the
 * map's case drop target never swallows a file dropped onto the window. */

#define GW_TYPE_CASE_DRAG (gw_case_drag_get_type ())

typedef struct
{
  guint   n_cases;
  gint64 *case_ids;
  gint64 *versions;     /* 0: not known */
} GwCaseDrag;

GType       gw_case_drag_get_type      (void) G_GNUC_CONST;
GwCaseDrag *gw_case_drag_new           (guint             n_cases,
                                        const gint64     *case_ids,
                                        const gint64     *versions);
GwCaseDrag *gw_case_drag_copy          (const GwCaseDrag *drag);
void        gw_case_drag_free          (GwCaseDrag       *drag);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwCaseDrag, gw_case_drag_free)

/* "gridwork-case:12,15" — the drag's text form (for logs and other apps). */
char       *gw_case_drag_to_string     (const GwCaseDrag *drag);
GwCaseDrag *gw_case_drag_from_string   (const char       *text);

/* A drag source's content: the drag value and its text form. */
GdkContentProvider *gw_case_drag_content (const GwCaseDrag *drag);

/* Called when cases are dropped on a target: @kind and @target_id say what
 * the target is. */
typedef void (*GwCaseDropFunc) (GtkWidget             *widget,
                                const GwCaseDrag      *drag,
                                GwRerouteKind          kind,
                                gint64                 target_id,
                                gpointer               user_data);

/* Makes @widget (a worker, department or grid row) a drop target for cases
 * that reroutes to @kind/@target_id through @func. The target is also kept on
 * the widget (gw_case_drag_get_drop_target()) so tests can drop on it. */
GtkDropTarget *gw_case_drag_add_drop_target (GtkWidget      *widget,
                                             GwRerouteKind   kind,
                                             gint64          target_id,
                                             GwCaseDropFunc  func,
                                             gpointer        user_data);
GtkDropTarget *gw_case_drag_get_drop_target (GtkWidget      *widget);

G_END_DECLS
