/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gw-writer.h"

G_BEGIN_DECLS

gboolean gw_grid_lots_generate (GwWriter  *writer,
                                gint64     grid_id,
                                guint     *n_lots,
                                GError   **error);

G_END_DECLS
