/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each verb gets argv with argv[0] = the verb; returns the exit status. */
int gw_cli_demo  (int argc, char **argv);
int gw_cli_info  (int argc, char **argv);
int gw_cli_bench (int argc, char **argv);

G_END_DECLS
