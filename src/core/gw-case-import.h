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

/* Whether @row's category, source and status are words of Gridwork's
 * vocabulary (gw-domain.h) and its report time a real "YYYY-MM-DD[
 * HH:MM[:SS]]" not after @now: a case with status "weird" could never be
 * advanced or rerouted. When not, @reason says which value and why
 * (translated). */
gboolean gw_case_row_check (const GwCaseRow  *row,
                            GDateTime        *now,
                            char            **reason);

G_END_DECLS
