/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gw-user.h"
#include "gw-writer.h"

G_BEGIN_DECLS

gboolean gw_case_import (GwWriter         *writer,
                         GwUser           *user,
                         const GwCaseRow  *row,
                         const char       *source,
                         gint64           *case_id,
                         GError          **error);

G_END_DECLS
