/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "gw-inspector.h"

G_BEGIN_DECLS

/* The inspector's "Summary" group: the figures of a grid (community, area,
 * buildings, dwellings, households, residents, open cases) or of a building
 * (address, compound, its grid — one click away — size, dwellings,
 * households, residents). */

#define GW_TYPE_INSPECTOR_SUMMARY (gw_inspector_summary_get_type ())
G_DECLARE_FINAL_TYPE (GwInspectorSummary, gw_inspector_summary, GW, INSPECTOR_SUMMARY,
                      AdwPreferencesGroup)

GtkWidget  *gw_inspector_summary_new             (void);
void        gw_inspector_summary_show_grid       (GwInspectorSummary      *self,
                                                  const GwGridSummary     *summary,
                                                  int                      band_min,
                                                  int                      band_max);
void        gw_inspector_summary_show_building   (GwInspectorSummary      *self,
                                                  const GwBuildingSummary *summary);
void        gw_inspector_summary_clear           (GwInspectorSummary      *self);
/* The "Households" figure as shown ("1,024"), or %NULL when nothing is shown. */
const char *gw_inspector_summary_get_household_count_text (GwInspectorSummary *self);

G_END_DECLS
