/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-pg"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "gw-pg-private.h"
#include "gw-store.h"

/**
 * GwPg:
 *
 * One connection to the district server: PostgreSQL 15 with PostGIS 3,
 * through libpq (the only code of Gridwork that includes libpq). The server
 * holds many streets; rights are enforced by the database itself (see
 * resources/sql/pg/002-rights.sql).
 *
 * A server is named by a libpq connection string: a URI
 * (`postgresql://user@host:port/dbname`), keywords (`service=district`,
 * `host=… dbname=…`), or nothing at all, when the libpq environment
 * (PGHOST, PGDATABASE, PGSERVICE, …) says where it is.
 */
struct _GwPg
{
  GObject  parent_instance;

  PGconn  *conn;
  char    *display_name;
  int      sees_personal_data;  /* -1: not asked yet */
};

G_DEFINE_FINAL_TYPE (GwPg, gw_pg, G_TYPE_OBJECT)

const char * const gw_pg_street_tables[] = {
  "gridwork_meta", "streets", "communities", "grids", "lots", "buildings", "roads",
  "dwellings", "households", "residents", "resident_tags", "workers", "grid_workers",
  "departments", "users", "user_grids", "calendar", "case_time_limits", "cases",
  "case_events", "visits", "audit_log", "grid_plans", "grid_plan_grids", "grid_plan_lots",
  "grid_history", "lot_grid_history",
};
const guint gw_pg_n_street_tables = G_N_ELEMENTS (gw_pg_street_tables);

/* The scripts of `server init`, in order. */
static const char * const init_scripts[] = {
  "/org/gridwork/Gridwork/core/sql/pg/000-roles.sql",
  "/org/gridwork/Gridwork/core/sql/pg/001-schema.sql",
  "/org/gridwork/Gridwork/core/sql/pg/002-rights.sql",
  "/org/gridwork/Gridwork/core/sql/pg/003-sync.sql",
};

static void
gw_pg_finalize (GObject *object)
{
  GwPg *self = GW_PG (object);

  g_clear_pointer (&self->conn, PQfinish);
  g_clear_pointer (&self->display_name, g_free);

  G_OBJECT_CLASS (gw_pg_parent_class)->finalize (object);
}

static void
gw_pg_class_init (GwPgClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_pg_finalize;
}

static void
gw_pg_init (GwPg *self)
{
  self->sees_personal_data = -1;
}

/* libpq's messages end with a newline and may span lines. */
static char *
tidy_message (const char *message)
{
  g_autofree char *copy = g_strdup (message != NULL ? message : "");

  g_strdelimit (copy, "\n\t", ' ');
  g_strstrip (copy);
  return g_steal_pointer (&copy);
}

/* user@host:port/dbname of @uri, for messages: never its password. */
char *
gw_pg_describe (const char  *uri,
                GError     **error)
{
  PQconninfoOption *options;
  char *parse_error = NULL;
  const char *user = NULL, *host = NULL, *port = NULL, *dbname = NULL, *service = NULL;
  GString *name;

  options = PQconninfoParse (uri, &parse_error);
  if (options == NULL)
    {
      g_autofree char *reason = tidy_message (parse_error);

      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN,
                   _("“%s” is not a server address: %s"), uri, reason);
      PQfreemem (parse_error);
      return NULL;
    }
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL || o->val[0] == '\0')
        continue;
      if (strcmp (o->keyword, "user") == 0)
        user = o->val;
      else if (strcmp (o->keyword, "host") == 0)
        host = o->val;
      else if (strcmp (o->keyword, "port") == 0)
        port = o->val;
      else if (strcmp (o->keyword, "dbname") == 0)
        dbname = o->val;
      else if (strcmp (o->keyword, "service") == 0)
        service = o->val;
    }
  name = g_string_new (NULL);
  if (service != NULL)
    g_string_append_printf (name, "service=%s ", service);
  if (user != NULL)
    g_string_append_printf (name, "%s@", user);
  g_string_append (name, host != NULL ? host : "localhost");
  if (port != NULL)
    g_string_append_printf (name, ":%s", port);
  if (dbname != NULL)
    g_string_append_printf (name, "/%s", dbname);
  PQconninfoFree (options);
  return g_string_free (name, FALSE);
}

/**
 * gw_pg_connect:
 * @uri: a libpq connection string (URI, keywords, or "" for the environment)
 * @error: a #GError
 *
 * Connects to the district server and works in its `gridwork` schema.
 *
 * Returns: (transfer full): the connection, or %NULL with a message naming
 *   the server (without its password) and the reason
 */
GwPg *
gw_pg_connect (const char  *uri,
               GError     **error)
{
  return gw_pg_connect_with_password (uri, NULL, error);
}

/**
 * gw_pg_connect_with_password:
 * @uri: as for gw_pg_connect()
 * @password: (nullable): the role's password (from the Connect dialog or
 *   the keyring), else libpq's own ways (~/.pgpass, PGPASSWORD)
 * @error: a #GError
 *
 * Returns: (transfer full): the connection, or %NULL
 */
GwPg *
gw_pg_connect_with_password (const char  *uri,
                             const char  *password,
                             GError     **error)
{
  g_autoptr (GwPg) self = NULL;
  g_autofree char *display = NULL;
  const char *keywords[] = { "dbname", password != NULL ? "password" : NULL, NULL };
  const char *values[] = { uri, password, NULL };

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = gw_pg_describe (uri, error);
  if (display == NULL)
    return NULL;

  self = g_object_new (GW_TYPE_PG, NULL);
  self->display_name = g_steal_pointer (&display);
  /* expand_dbname: @uri may be a whole connection string; the password
   * given here wins over one in it. */
  self->conn = PQconnectdbParams (keywords, values, 1);
  if (self->conn == NULL || PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *reason = tidy_message (self->conn != NULL ? PQerrorMessage (self->conn)
                                                                 : g_strerror (ENOMEM));

      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN,
                   _("Could not connect to the server %s: %s"), self->display_name, reason);
      return NULL;
    }
  if (PQsetClientEncoding (self->conn, "UTF8") != 0
      || !gw_pg_exec (self, "SET search_path = gridwork, public",
                      _("Could not prepare the connection"), error))
    {
      g_prefix_error (error, "%s: ", self->display_name);
      return NULL;
    }
  return g_steal_pointer (&self);
}

const char *
gw_pg_get_display_name (GwPg *self)
{
  g_return_val_if_fail (GW_IS_PG (self), NULL);

  return self->display_name;
}

PGconn *
gw_pg_get_conn (GwPg *self)
{
  return self->conn;
}

void
gw_pg_set_error (GwPg        *self,
                 PGresult    *result,
                 const char  *what,
                 GError     **error)
{
  g_autofree char *reason = NULL;
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  GwStoreError kind = GW_STORE_ERROR_SQL;

  reason = tidy_message (result != NULL && PQresultErrorMessage (result)[0] != '\0'
                         ? PQresultErrorMessage (result) : PQerrorMessage (self->conn));
  /* 42501 insufficient_privilege; class 23 integrity constraint violation. */
  if (g_strcmp0 (state, "42501") == 0)
    kind = GW_STORE_ERROR_DENIED;
  else if (state != NULL && g_str_has_prefix (state, "23"))
    kind = GW_STORE_ERROR_CONSTRAINT;
  /* Translators: "%s: %s (%s)" is what failed, the server's reason and the server */
  g_set_error (error, GW_STORE_ERROR, kind, _("%s: %s (%s)"), what, reason, self->display_name);
}

gboolean
gw_pg_exec (GwPg        *self,
            const char  *sql,
            const char  *what,
            GError     **error)
{
  g_autoptr (PGresult) result = PQexec (self->conn, sql);
  ExecStatusType status = PQresultStatus (result);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return TRUE;
  gw_pg_set_error (self, result, what, error);
  return FALSE;
}

PGresult *
gw_pg_query (GwPg                *self,
             const char          *sql,
             int                  n_params,
             const char * const  *params,
             const char          *what,
             GError             **error)
{
  g_autoptr (PGresult) result = NULL;
  ExecStatusType status;

  result = PQexecParams (self->conn, sql, n_params, NULL, params, NULL, NULL, 0);
  status = PQresultStatus (result);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return g_steal_pointer (&result);
  gw_pg_set_error (self, result, what, error);
  return NULL;
}

void
gw_pg_rollback (GwPg *self)
{
  if (PQtransactionStatus (self->conn) != PQTRANS_IDLE)
    {
      g_autoptr (PGresult) result = PQexec (self->conn, "ROLLBACK");
    }
}

int
gw_pg_sees_personal_data (GwPg     *self,
                          GError  **error)
{
  g_autoptr (PGresult) result = NULL;

  if (self->sees_personal_data >= 0)
    return self->sees_personal_data;
  result = gw_pg_query (self, "SELECT gridwork.gw_sees_personal_data ()", 0, NULL,
                        _("Could not ask the server for the role's rights"), error);
  if (result == NULL)
    return -1;
  self->sees_personal_data = strcmp (PQgetvalue (result, 0, 0), "t") == 0;
  return self->sees_personal_data;
}

/* The schema version of the server, 0 when `server init` has not run. */
static gboolean
read_schema_version (GwPg     *self,
                     int      *version,
                     GError  **error)
{
  g_autoptr (PGresult) exists = NULL;
  g_autoptr (PGresult) result = NULL;

  *version = 0;
  exists = gw_pg_query (self, "SELECT to_regclass ('gridwork.server_meta') IS NOT NULL",
                        0, NULL, _("Could not read the server's schema version"), error);
  if (exists == NULL)
    return FALSE;
  if (strcmp (PQgetvalue (exists, 0, 0), "t") != 0)
    return TRUE;

  result = gw_pg_query (self, "SELECT value FROM gridwork.server_meta WHERE key = 'schema_version'",
                        0, NULL, _("Could not read the server's schema version"), error);
  if (result == NULL)
    return FALSE;
  if (PQntuples (result) != 1 || atoi (PQgetvalue (result, 0, 0)) < 1)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_CORRUPT,
                   _("The server %s has a damaged Gridwork schema (no schema version)"),
                   self->display_name);
      return FALSE;
    }
  *version = atoi (PQgetvalue (result, 0, 0));
  return TRUE;
}

gboolean
gw_pg_check_schema (GwPg     *self,
                    GError  **error)
{
  int version = 0;

  if (!read_schema_version (self, &version, error))
    return FALSE;
  if (version == 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_GRIDWORK,
                   _("The server %s is not set up for Gridwork; run “gridwork-cli server init” first"),
                   self->display_name);
      return FALSE;
    }
  if (version > GW_PG_SCHEMA_VERSION)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_TOO_NEW,
                   _("The server %s was set up by a newer version of Gridwork (schema %d; this version knows up to %d)"),
                   self->display_name, version, GW_PG_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_init_scripts (GwPg     *self,
                  GError  **error)
{
  const char *params[] = { G_STRINGIFY (GW_PG_SCHEMA_VERSION) };
  g_autoptr (PGresult) meta = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (init_scripts); i++)
    {
      g_autoptr (GBytes) script = g_resources_lookup_data (init_scripts[i],
                                                           G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

      g_assert (script != NULL);
      if (!gw_pg_exec (self, g_bytes_get_data (script, NULL),
                       _("Could not create the Gridwork schema"), error))
        return FALSE;
    }
  meta = gw_pg_query (self,
                      "INSERT INTO gridwork.server_meta (key, value) VALUES ('schema_version', $1)",
                      1, params, _("Could not create the Gridwork schema"), error);
  return meta != NULL;
}

/**
 * gw_pg_server_init:
 * @uri: the server (see gw_pg_connect())
 * @error: a #GError
 *
 * Sets a database up as a district server, in one transaction: the PostGIS
 * extension, the group roles (gw_supervisor, gw_planner, gw_staff,
 * gw_personal_data), the schema `gridwork` with every table of a project
 * file plus a street code, row-level security, the masking views and the
 * append-only audit log. A database already set up is refused. Needs a
 * role that may create extensions and roles (a superuser, usually).
 *
 * Returns: %TRUE if the server is set up
 */
gboolean
gw_pg_server_init (const char  *uri,
                   GError     **error)
{
  g_autoptr (GwPg) self = NULL;
  int version = 0;

  g_return_val_if_fail (uri != NULL, FALSE);

  self = gw_pg_connect (uri, error);
  if (self == NULL || !read_schema_version (self, &version, error))
    return FALSE;
  if (version != 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("The server %s is already set up for Gridwork (schema %d)"),
                   self->display_name, version);
      return FALSE;
    }

  if (!gw_pg_exec (self, "BEGIN", _("Could not start a transaction"), error))
    return FALSE;
  if (!run_init_scripts (self, error)
      || !gw_pg_exec (self, "COMMIT", _("Could not create the Gridwork schema"), error))
    {
      gw_pg_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
gw_pg_transfer_clear (GwPgTransfer *transfer)
{
  g_return_if_fail (transfer != NULL);

  g_clear_pointer (&transfer->street_code, g_free);
  transfer->tables = 0;
  transfer->rows = 0;
}

/* {{{ Signing people up */

static const char *
group_of_user_role (const char *role)
{
  if (strcmp (role, "supervisor") == 0)
    return "gw_supervisor";
  if (strcmp (role, "planner") == 0)
    return "gw_planner";
  return "gw_staff";
}

static gboolean
sign_up (GwPg                    *self,
         const GwPgSignUp        *request,
         GError                 **error)
{
  PGconn *conn = self->conn;
  const char *params[] = { request->street_code, request->login, request->role_name };
  g_autoptr (PGresult) user = NULL;
  g_autoptr (PGresult) exists = NULL;
  g_autoptr (PGresult) mapped = NULL;
  g_autoptr (GString) sql = g_string_new (NULL);
  char *role_ident = NULL;
  gboolean ok;

  user = gw_pg_query (self, "SELECT id, role FROM gridwork.users WHERE street_code = $1 AND login = $2",
                      2, params, _("Could not look the user up"), error);
  if (user == NULL)
    return FALSE;
  if (PQntuples (user) == 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
                   _("Street %s on the server %s has no user %s"),
                   request->street_code, self->display_name, request->login);
      return FALSE;
    }
  exists = gw_pg_query (self, "SELECT 1 FROM pg_roles WHERE rolname = $1", 1, &request->role_name,
                        _("Could not look the role up"), error);
  if (exists == NULL)
    return FALSE;

  role_ident = PQescapeIdentifier (conn, request->role_name, strlen (request->role_name));
  if (role_ident == NULL)
    {
      gw_pg_set_error (self, NULL, _("Could not quote the role's name"), error);
      return FALSE;
    }
  if (PQntuples (exists) == 0)
    g_string_append_printf (sql, "CREATE ROLE %s LOGIN;", role_ident);
  /* The group follows the user's role in the street; what the database
   * lets the role do follows the group (002-rights.sql). */
  g_string_append_printf (sql, "GRANT %s TO %s;",
                          group_of_user_role (PQgetvalue (user, 0, 1)), role_ident);
  if (request->personal_data)
    g_string_append_printf (sql, "GRANT gw_personal_data TO %s;", role_ident);
  if (request->password != NULL)
    {
      /* Hashed here (SCRAM-SHA-256): the password never travels or logs. */
      char *hashed = PQencryptPasswordConn (conn, request->password, request->role_name, NULL);
      char *literal = hashed != NULL ? PQescapeLiteral (conn, hashed, strlen (hashed)) : NULL;

      if (literal != NULL)
        g_string_append_printf (sql, "ALTER ROLE %s PASSWORD %s;", role_ident, literal);
      PQfreemem (literal);
      PQfreemem (hashed);
      if (literal == NULL)
        {
          PQfreemem (role_ident);
          gw_pg_set_error (self, NULL, _("Could not hash the password"), error);
          return FALSE;
        }
    }
  PQfreemem (role_ident);
  ok = gw_pg_exec (self, sql->str, _("Could not set the role up"), error);
  if (!ok)
    return FALSE;
  mapped = gw_pg_query (self,
                        "INSERT INTO gridwork.role_users (role_name, street_code, user_id)"
                        " SELECT $3, $1, id FROM gridwork.users WHERE street_code = $1 AND login = $2"
                        " ON CONFLICT (role_name, street_code) DO UPDATE SET user_id = excluded.user_id",
                        3, params, _("Could not sign the role up"), error);
  return mapped != NULL;
}

/**
 * gw_pg_sign_up:
 * @uri: the server, as a role that may create roles (its administrator)
 * @request: who signs in as whom
 * @error: a #GError
 *
 * Lets a person sign in to the server as their own PostgreSQL role and act
 * there as a user of a street: creates the login role if it does not exist,
 * makes it a member of the group the user's role in the street asks for
 * (gw_supervisor, gw_planner or gw_staff; gw_personal_data on request),
 * sets its password, and records which user it is. One transaction.
 *
 * Returns: %TRUE if the role is signed up
 */
gboolean
gw_pg_sign_up (const char        *uri,
               const GwPgSignUp  *request,
               GError           **error)
{
  g_autoptr (GwPg) self = NULL;

  g_return_val_if_fail (uri != NULL && request != NULL, FALSE);
  g_return_val_if_fail (request->role_name != NULL && request->street_code != NULL
                        && request->login != NULL, FALSE);

  self = gw_pg_connect (uri, error);
  if (self == NULL || !gw_pg_check_schema (self, error))
    return FALSE;
  if (!gw_pg_exec (self, "BEGIN", _("Could not start a transaction"), error))
    return FALSE;
  if (!sign_up (self, request, error)
      || !gw_pg_exec (self, "COMMIT", _("Could not sign the role up"), error))
    {
      gw_pg_rollback (self);
      g_prefix_error (error, _("Could not sign up %s: "), request->role_name);
      return FALSE;
    }
  return TRUE;
}

/* }}} */

/* {{{ What `bench-server` asks of the server */

/**
 * gw_pg_list_streets:
 * @uri: the server
 * @error: a #GError
 *
 * Returns: (transfer full): the codes of the streets the server holds
 */
GStrv
gw_pg_list_streets (const char  *uri,
                    GError     **error)
{
  g_autoptr (GwPg) self = gw_pg_connect (uri, error);
  g_autoptr (PGresult) result = NULL;
  g_autoptr (GStrvBuilder) codes = g_strv_builder_new ();

  if (self == NULL || !gw_pg_check_schema (self, error))
    return NULL;
  result = gw_pg_query (self, "SELECT code FROM gridwork.streets ORDER BY code", 0, NULL,
                        _("Could not list the server's streets"), error);
  if (result == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    g_strv_builder_add (codes, PQgetvalue (result, i, 0));
  return g_strv_builder_end (codes);
}

/**
 * gw_pg_location_for_role:
 * @uri: the server, as any role
 * @role: another login role
 * @street_code: (nullable): the street it works in
 *
 * Returns: (transfer full): a location (libpq keywords) that signs in to the
 *   same server as @role, with street=@street_code
 */
char *
gw_pg_location_for_role (const char  *uri,
                         const char  *role,
                         const char  *street_code,
                         GError     **error)
{
  g_autoptr (GString) location = g_string_new (NULL);
  PQconninfoOption *options;
  char *parse_error = NULL;

  options = PQconninfoParse (uri, &parse_error);
  if (options == NULL)
    {
      g_autofree char *reason = tidy_message (parse_error);

      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN,
                   _("“%s” is not a server address: %s"), uri, reason);
      PQfreemem (parse_error);
      return NULL;
    }
  /* host first: gw_store_location_is_server() knows a location by it. */
  for (int pass = 0; pass < 2; pass++)
    for (PQconninfoOption *o = options; o->keyword != NULL; o++)
      {
        if (o->val == NULL || o->val[0] == '\0' || strcmp (o->keyword, "user") == 0
            || strcmp (o->keyword, "password") == 0
            || (strcmp (o->keyword, "host") == 0) != (pass == 0))
          continue;
        g_string_append_printf (location, "%s%s=%s", location->len > 0 ? " " : "", o->keyword, o->val);
      }
  PQconninfoFree (options);
  if (location->len == 0 || !gw_store_location_is_server (location->str))
    g_string_prepend (location, "dbname=gridwork ");
  g_string_append_printf (location, " user=%s", role);
  if (street_code != NULL)
    g_string_append_printf (location, " street=%s", street_code);
  return g_string_free (g_steal_pointer (&location), FALSE);
}

/**
 * gw_pg_case_digest:
 * @uri: the server
 * @street_code: a street
 * @digest: (out caller-allocates): the street's cases as the server has them
 * @error: a #GError
 *
 * For the consistency check after `bench-server`: how many cases, how many
 * distinct case codes, the sum of their row versions and how many history
 * events the street has.
 */
gboolean
gw_pg_case_digest (const char     *uri,
                   const char     *street_code,
                   GwPgCaseDigest *digest,
                   GError        **error)
{
  g_autoptr (GwPg) self = gw_pg_connect (uri, error);
  g_autoptr (PGresult) result = NULL;
  const char *params[] = { street_code };

  memset (digest, 0, sizeof *digest);
  if (self == NULL)
    return FALSE;
  result = gw_pg_query (self,
                        "SELECT count(*), count(DISTINCT code), coalesce (sum (version), 0),"
                        "       (SELECT count(*) FROM gridwork.case_events e WHERE e.street_code = $1)"
                        "  FROM gridwork.cases WHERE street_code = $1",
                        1, params, _("Could not read the server's cases"), error);
  if (result == NULL)
    return FALSE;
  digest->cases = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
  digest->codes = g_ascii_strtoll (PQgetvalue (result, 0, 1), NULL, 10);
  digest->versions = g_ascii_strtoll (PQgetvalue (result, 0, 2), NULL, 10);
  digest->events = g_ascii_strtoll (PQgetvalue (result, 0, 3), NULL, 10);
  return TRUE;
}

/* }}} */
