/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "gw-error.h"

G_BEGIN_DECLS

/* The version of the district server's schema (resources/sql/pg/). */
#define GW_PG_SCHEMA_VERSION 2

#define GW_TYPE_PG (gw_pg_get_type ())
G_DECLARE_FINAL_TYPE (GwPg, gw_pg, GW, PG, GObject)

GwPg       *gw_pg_connect          (const char  *uri,
                                    GError     **error);
GwPg       *gw_pg_connect_with_password (const char  *uri,
                                         const char  *password,
                                         GError     **error);
const char *gw_pg_get_display_name (GwPg        *self);

gboolean    gw_pg_server_init      (const char  *uri,
                                    GError     **error);

/**
 * GwPgPushFlags:
 * @GW_PG_PUSH_DEFAULT: refuse a street the server already holds
 * @GW_PG_PUSH_REPLACE: replace the street the server holds by the file's
 */
typedef enum
{
  GW_PG_PUSH_DEFAULT = 0,
  GW_PG_PUSH_REPLACE = 1 << 0,
} GwPgPushFlags;

/**
 * GwPgTransfer:
 * @street_code: the street's 9-digit code
 * @tables: how many tables were copied
 * @rows: how many rows, all tables together
 *
 * What a push or pull moved.
 */
typedef struct
{
  char   *street_code;
  guint   tables;
  gint64  rows;
} GwPgTransfer;

void        gw_pg_transfer_clear   (GwPgTransfer  *transfer);

gboolean    gw_pg_push             (const char    *path,
                                    const char    *uri,
                                    GwPgPushFlags  flags,
                                    GwPgTransfer  *transfer,
                                    GError       **error);
gboolean    gw_pg_pull             (const char    *uri,
                                    const char    *street_code,
                                    const char    *out_path,
                                    GwPgTransfer  *transfer,
                                    GError       **error);

/**
 * GwPgSignUp:
 * @role_name: the PostgreSQL login role the person signs in as
 * @street_code: the street they work in
 * @login: which user of the street they are
 * @personal_data: may read ID numbers and phones unmasked
 * @password: (nullable): the role's password, or %NULL to leave it
 */
typedef struct
{
  const char *role_name;
  const char *street_code;
  const char *login;
  gboolean    personal_data;
  const char *password;
} GwPgSignUp;

gboolean    gw_pg_sign_up          (const char        *uri,
                                    const GwPgSignUp  *request,
                                    GError           **error);

GStrv       gw_pg_list_streets     (const char        *uri,
                                    GError           **error);
char       *gw_pg_location_for_role (const char       *uri,
                                     const char       *role,
                                     const char       *street_code,
                                     GError          **error);

typedef struct
{
  gint64 cases;     /* rows */
  gint64 codes;     /* distinct case codes: fewer than rows is a duplicate */
  gint64 versions;  /* the sum of the rows' versions */
  gint64 events;    /* history events */
} GwPgCaseDigest;

gboolean    gw_pg_case_digest      (const char        *uri,
                                    const char        *street_code,
                                    GwPgCaseDigest    *digest,
                                    GError           **error);

G_END_DECLS
