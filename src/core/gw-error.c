/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-store"

#include "config.h"

#include "gw-error.h"

G_DEFINE_QUARK (gw-store-error-quark, gw_store_error)
G_DEFINE_QUARK (gw-case-error-quark, gw_case_error)
