/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gw-store.h"
#include "gw-user.h"

G_BEGIN_DECLS

/* Accounts (issue 10): users added with a role, grids and a password, and
 * signing in. Passwords are kept only as libsodium crypto_pwhash strings
 * (Argon2id, salted, at libsodium's "interactive" cost). Whoever can copy the
 * project file can read it: passwords decide who acts in Gridwork, they do not
 * encrypt the file. */

/* Shorter passwords are refused. */
#define GW_PASSWORD_MIN_LENGTH 8

/**
 * GwUserNew:
 * @login: letters, digits, '.', '_' or '-', 2–32 characters
 * @name: the person's name as shown (may be Chinese); NULL: the login
 * @role: what they may do
 * @password: (nullable): NULL for an account that signs in without one (only
 *   for scripts and demo data; the app asks for one)
 * @grid_codes: (nullable): for grid staff, the 15-digit codes of their grids
 */
typedef struct
{
  const char         *login;
  const char         *name;
  GwRole              role;
  const char         *password;
  const char * const *grid_codes;
} GwUserNew;

gboolean  gw_password_check       (const char       *password,
                                   GError          **error);

gint64    gw_user_add             (GwStore          *store,
                                   GwUser           *acting,
                                   const GwUserNew  *fields,
                                   GError          **error);

gboolean  gw_user_needs_password  (GwStore          *store,
                                   const char       *login,
                                   gboolean         *needs,
                                   GError          **error);
GwUser   *gw_user_sign_in         (GwStore          *store,
                                   const char       *login,
                                   const char       *password,
                                   GError          **error);
char     *gw_user_last_sign_in    (GwStore          *store);

gboolean  gw_street_code_valid    (const char       *code);

G_END_DECLS
