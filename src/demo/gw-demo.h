/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gw-store.h"

G_BEGIN_DECLS

typedef enum
{
  GW_DEMO_SCALE_STREET,    /* seed 000: 6 communities, 66 grids, ≈14,800 households */
  GW_DEMO_SCALE_DISTRICT,  /* seed 002: 12 streets, 150 communities, 1,217 grids */
} GwDemoScale;

/* The day `gridwork-cli demo` ends its year of cases on unless told
 * otherwise (at 18:00 China time): the tests' day, so that the command
 * gives the same file on any day. */
#define GW_DEMO_DEFAULT_TODAY "2026-11-20"

typedef void (*GwDemoProgress) (const char *stage,
                                double      fraction,
                                gpointer    user_data);

/**
 * gw_demo_generate:
 * @path: file to create; it must not exist
 * @scale: street or district
 * @seed: the same seed (and @today) gives the same database
 * @today: (nullable): the date the year of cases ends on; %NULL for gw_now()
 *
 * Writes a synthetic but realistic old-town street (or district) in one
 * transaction. Returns %FALSE and removes the partial file on error.
 */
gboolean gw_demo_generate (const char     *path,
                           GwDemoScale     scale,
                           guint32         seed,
                           GDateTime      *today,
                           GwDemoProgress  progress,
                           gpointer        user_data,
                           GError        **error);

G_END_DECLS
