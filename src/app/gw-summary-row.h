/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* One figure of the inspector's summary: a title (and maybe a subtitle) on
 * the left, the value on the right, selectable so it can be copied. */

#define GW_TYPE_SUMMARY_ROW (gw_summary_row_get_type ())
G_DECLARE_FINAL_TYPE (GwSummaryRow, gw_summary_row, GW, SUMMARY_ROW, AdwActionRow)

GtkWidget  *gw_summary_row_new       (void);
void        gw_summary_row_set_value (GwSummaryRow *self,
                                      const char   *value);
const char *gw_summary_row_get_value (GwSummaryRow *self);
/* Shows the value in the error colour (overdue cases). */
void        gw_summary_row_set_alert (GwSummaryRow *self,
                                      gboolean      alert);

G_END_DECLS
