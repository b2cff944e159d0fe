/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdio.h>

#include "gw-window.h"

G_BEGIN_DECLS

/* Figures of gw_gui_bench_run(), in milliseconds per sample. */
typedef struct
{
  GArray *click_ms;       /* of double: a grid's click → the frame showing it */
  GArray *gi_star_ms;     /* a step of the supervising slider, Gi* → its frame */
  GArray *density_ms;     /* the same with the density */
  guint   n_shown;        /* clicks after which the inspector showed that grid */
  double  rss_mib;        /* VmRSS at the end */
  double  peak_rss_mib;   /* VmHWM */
} GwGuiBenchResult;

typedef void (*GwGuiBenchCallback) (GwWindow         *window,
                                    GwGuiBenchResult *result,
                                    gpointer          user_data);

void gw_gui_bench_run          (GwWindow           *window,
                                guint               n_clicks,
                                GwGuiBenchCallback  callback,
                                gpointer            user_data);
/* Prints the figures as `gridwork-cli bench` does (median, p95, max). */
void gw_gui_bench_print        (GwGuiBenchResult   *result,
                                FILE               *out);
void gw_gui_bench_result_free  (GwGuiBenchResult   *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwGuiBenchResult, gw_gui_bench_result_free)

G_END_DECLS
