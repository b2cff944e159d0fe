/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GW_STORE_ERROR (gw_store_error_quark ())

/**
 * GwStoreError:
 * @GW_STORE_ERROR_OPEN: the file could not be opened at all
 * @GW_STORE_ERROR_NOT_GRIDWORK: the file is not a Gridwork database
 * @GW_STORE_ERROR_TOO_NEW: the file was written by a newer Gridwork
 * @GW_STORE_ERROR_CORRUPT: the file is damaged
 * @GW_STORE_ERROR_SQL: a statement failed; the message carries SQLite's reason
 * @GW_STORE_ERROR_NOT_FOUND: the grid, building, case … does not exist
 * @GW_STORE_ERROR_CONFLICT: someone else changed the row first
 * @GW_STORE_ERROR_DENIED: the current user's role does not allow it
 * @GW_STORE_ERROR_INVALID: the request itself is wrong (bad argument, refused transition)
 * @GW_STORE_ERROR_BUSY: another program kept the file locked for writing
 *   longer than the busy timeout; the message names it where it can be found
 * @GW_STORE_ERROR_CONSTRAINT: a row written breaks a rule of the schema (a
 *   duplicate code, a missing value); the message is the database's reason
 *   alone, for the caller to put with the row or feature it belongs to
 */
typedef enum
{
  GW_STORE_ERROR_OPEN,
  GW_STORE_ERROR_NOT_GRIDWORK,
  GW_STORE_ERROR_TOO_NEW,
  GW_STORE_ERROR_CORRUPT,
  GW_STORE_ERROR_SQL,
  GW_STORE_ERROR_NOT_FOUND,
  GW_STORE_ERROR_CONFLICT,
  GW_STORE_ERROR_DENIED,
  GW_STORE_ERROR_INVALID,
  GW_STORE_ERROR_BUSY,
  GW_STORE_ERROR_CONSTRAINT,
} GwStoreError;

GQuark gw_store_error_quark (void);

#define GW_CASE_ERROR (gw_case_error_quark ())

/**
 * GwCaseError:
 * @GW_CASE_ERROR_NOT_FOUND: the case, worker, department or grid does not exist
 * @GW_CASE_ERROR_CONFLICT: someone else changed the case since it was read
 *   (its row version moved); nothing was written
 * @GW_CASE_ERROR_DENIED: the acting user's role or grids do not allow it
 * @GW_CASE_ERROR_INVALID: the step is not open to the case in its status, or
 *   the request is incomplete (a reason, a satisfaction, a point in a grid)
 *
 * Refusals of the case workflow (gw-case.h). A file that is busy or damaged
 * is told with #GW_STORE_ERROR.
 */
typedef enum
{
  GW_CASE_ERROR_NOT_FOUND,
  GW_CASE_ERROR_CONFLICT,
  GW_CASE_ERROR_DENIED,
  GW_CASE_ERROR_INVALID,
} GwCaseError;

GQuark gw_case_error_quark (void);

G_END_DECLS
