/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-project"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "gw-accounts.h"
#include "gw-project.h"
#include "gw-store-private.h"
#include "gw-util.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/**
 * GwProject:
 *
 * One open project file as every face of Gridwork sees it: the store (the
 * process's writing connection, see gw-store.c's connection policy), the
 * acting user, and the current immutable map snapshot. Whoever writes tells
 * the project (gw_project_notify_changed()); the project emits
 * #GwProject::changed with what changed and reloads the snapshot on a worker
 * thread, through one path with a generation counter, so that only the
 * newest reload is ever published (#GwProject::snapshot-changed). Changes
 * made by other programs are noticed through SQLite's data_version
 * (gw_project_check_external_changes(), polled by
 * gw_project_watch_external_changes()).
 *
 * No GTK: the window, its panels and dialogs, and the CLI take a project.
 */
struct _GwProject
{
  GObject        parent_instance;

  char          *path;
  GwStore       *store;
  GwUser        *user;
  GwMapSnapshot *snapshot;
  guint          generation;    /* of the newest reload asked for */
  gint64         data_version;  /* of the store, when last shown */
  guint          watch_id;
  guint          server_watch_id;  /* the server's socket, on a server */
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (GwProject, gw_project, G_TYPE_OBJECT)

enum
{
  CHANGED,
  SNAPSHOT_CHANGED,
  RELOAD_FAILED,
  USER_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
gw_project_dispose (GObject *object)
{
  GwProject *self = GW_PROJECT (object);

  g_clear_handle_id (&self->watch_id, g_source_remove);
  g_clear_handle_id (&self->server_watch_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (gw_project_parent_class)->dispose (object);
}

static void
gw_project_finalize (GObject *object)
{
  GwProject *self = GW_PROJECT (object);

  g_clear_pointer (&self->snapshot, gw_map_snapshot_unref);
  g_clear_object (&self->user);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_free (self->path);

  G_OBJECT_CLASS (gw_project_parent_class)->finalize (object);
}

static void
gw_project_class_init (GwProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_project_dispose;
  object_class->finalize = gw_project_finalize;

  /**
   * GwProject::changed:
   * @project: the project
   * @what: #GwProjectChange flags
   *
   * Something in the file changed: by this program (after its transaction
   * committed) or, with %GW_PROJECT_CHANGE_EXTERNAL, by another one. Lists
   * and panels show the file again; the map follows with
   * #GwProject::snapshot-changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /**
   * GwProject::snapshot-changed:
   *
   * A new map snapshot is in place (gw_project_get_snapshot()).
   */
  signals[SNAPSHOT_CHANGED] = g_signal_new ("snapshot-changed", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 0);
  /**
   * GwProject::reload-failed:
   * @project: the project
   * @error: why
   *
   * The map could not be read again; the old snapshot stays shown.
   */
  signals[RELOAD_FAILED] = g_signal_new ("reload-failed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_ERROR);
  /**
   * GwProject::user-changed:
   *
   * Someone else is working now (gw_project_get_user()).
   */
  signals[USER_CHANGED] = g_signal_new ("user-changed", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);
}

static void
gw_project_init (GwProject *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * gw_project_open:
 * @path: the project file
 * @error: a #GError
 *
 * Opens @path for writing (migrating an older file). The map snapshot is
 * read by gw_project_load_snapshot(), for the faces that draw a map; a
 * command that only reads or changes cases does not pay for it. A file that
 * cannot be opened is refused with the store's message and left as it was.
 *
 * Returns: (transfer full): the project, or %NULL
 */
GwProject *
gw_project_open (const char  *path,
                 GError     **error)
{
  return gw_project_open_with_password (path, NULL, error);
}

/**
 * gw_project_open_with_password:
 * @location: a project file, or a district server (see
 *   gw_store_location_is_server())
 * @password: (nullable): the server role's password; ignored for a file
 * @error: a #GError
 *
 * Opens a project. On a server, the project's path is the working copy's
 * (worker threads read it), and the store decides who acts.
 *
 * Returns: (transfer full): the project, or %NULL
 */
GwProject *
gw_project_open_with_password (const char  *location,
                               const char  *password,
                               GError     **error)
{
  g_autoptr (GwProject) self = NULL;

  g_return_val_if_fail (location != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (GW_TYPE_PROJECT, NULL);
  if (gw_store_location_is_server (location))
    self->store = gw_store_open_server (location, password, GW_STORE_OPEN_DEFAULT, error);
  else
    self->store = gw_store_open (location, GW_STORE_OPEN_DEFAULT, error);
  if (self->store == NULL)
    return NULL;
  self->path = g_strdup (gw_store_get_path (self->store));
  self->data_version = gw_store_get_data_version (self->store);
  return g_steal_pointer (&self);
}

/**
 * gw_project_load_snapshot:
 * @self: a #GwProject
 * @now: (nullable): the time cases are judged overdue at, %NULL for now
 * @error: a #GError
 *
 * Reads the map snapshot now, on this thread (a window about to show the
 * map, a print or render command). Later changes reload it on a worker
 * thread by themselves.
 *
 * Returns: %TRUE if the snapshot was read
 */
gboolean
gw_project_load_snapshot (GwProject  *self,
                          GDateTime  *now,
                          GError    **error)
{
  GwMapSnapshot *snapshot;

  g_return_val_if_fail (GW_IS_PROJECT (self), FALSE);

  snapshot = gw_map_snapshot_load (self->store, now, error);
  if (snapshot == NULL)
    return FALSE;
  g_clear_pointer (&self->snapshot, gw_map_snapshot_unref);
  self->snapshot = snapshot;
  return TRUE;
}

const char *
gw_project_get_path (GwProject *self)
{
  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);

  return self->path;
}

/**
 * gw_project_get_store:
 * @self: a #GwProject
 *
 * Returns: (transfer none): the project's writing connection; use it on the
 *   main thread only (a worker thread opens its own store)
 */
GwStore *
gw_project_get_store (GwProject *self)
{
  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);

  return self->store;
}

/**
 * gw_project_get_snapshot:
 * @self: a #GwProject
 *
 * Returns: (transfer none) (nullable): the newest map snapshot, %NULL until
 *   gw_project_load_snapshot(); immutable, so a worker thread may read it
 *   after taking a reference
 */
GwMapSnapshot *
gw_project_get_snapshot (GwProject *self)
{
  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);

  return self->snapshot;
}

/* How many reloads were asked for: a test waits for the one it caused. */
guint
gw_project_get_generation (GwProject *self)
{
  g_return_val_if_fail (GW_IS_PROJECT (self), 0);

  return self->generation;
}

/**
 * gw_project_get_user:
 * @self: a #GwProject
 *
 * Returns: (transfer none) (nullable): who is working, or %NULL before
 *   anyone was chosen
 */
GwUser *
gw_project_get_user (GwProject *self)
{
  g_return_val_if_fail (GW_IS_PROJECT (self), NULL);

  return self->user;
}

/**
 * gw_project_take_user:
 * @self: a #GwProject
 * @user: (transfer none): who works from now on
 */
void
gw_project_take_user (GwProject *self,
                      GwUser    *user)
{
  g_return_if_fail (GW_IS_PROJECT (self));
  g_return_if_fail (GW_IS_USER (user));

  if (g_set_object (&self->user, user))
    g_signal_emit (self, signals[USER_CHANGED], 0);
}

/**
 * gw_project_set_user:
 * @self: a #GwProject
 * @login: the user's login
 * @error: a #GError
 *
 * Makes @login the acting user; what they may do follows their role, and the
 * core enforces it.
 *
 * Returns: %TRUE if @login is a user of the project
 */
gboolean
gw_project_set_user (GwProject   *self,
                     const char  *login,
                     GError     **error)
{
  g_autoptr (GwUser) user = NULL;

  g_return_val_if_fail (GW_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (login != NULL, FALSE);

  user = gw_user_load (self->store, login, error);
  if (user == NULL)
    return FALSE;
  gw_project_take_user (self, user);
  return TRUE;
}

/* {{{ The one reload path */

typedef struct
{
  char      *path;
  GDateTime *now;
  guint      generation;
} ReloadJob;

static void
reload_job_free (gpointer data)
{
  ReloadJob *job = data;

  g_free (job->path);
  g_date_time_unref (job->now);
  g_free (job);
}

/* A worker thread opens its own connection (DESIGN.md "Storage"). */
static void
reload_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ReloadJob *job = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = gw_store_open (job->path, GW_STORE_OPEN_READ_ONLY, &error);
  GwMapSnapshot *snapshot;

  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  snapshot = gw_map_snapshot_load (store, job->now, &error);
  if (snapshot == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, snapshot, (GDestroyNotify) gw_map_snapshot_unref);
}

static void
on_reloaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GwProject *self = GW_PROJECT (source);
  ReloadJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autoptr (GwMapSnapshot) snapshot = g_task_propagate_pointer (G_TASK (result), &error);

  /* Only the newest reload is published: an older one that finishes late
   * would show the map as it was before. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || job->generation != self->generation)
    return;
  if (snapshot == NULL)
    {
      g_signal_emit (self, signals[RELOAD_FAILED], 0, error);
      return;
    }
  g_clear_pointer (&self->snapshot, gw_map_snapshot_unref);
  self->snapshot = g_steal_pointer (&snapshot);
  g_signal_emit (self, signals[SNAPSHOT_CHANGED], 0);
}

/**
 * gw_project_reload_snapshot:
 * @self: a #GwProject
 *
 * Reads the map snapshot again on a worker thread; #GwProject::snapshot-changed
 * tells when it is in place. Asking again before it finished supersedes the
 * earlier reload.
 */
void
gw_project_reload_snapshot (GwProject *self)
{
  g_autoptr (GTask) task = NULL;
  ReloadJob *job;

  g_return_if_fail (GW_IS_PROJECT (self));

  job = g_new0 (ReloadJob, 1);
  job->path = g_strdup (self->path);
  job->now = gw_now ();
  job->generation = ++self->generation;
  task = g_task_new (self, self->cancellable, on_reloaded, NULL);
  g_task_set_source_tag (task, gw_project_reload_snapshot);
  g_task_set_task_data (task, job, reload_job_free);
  g_task_run_in_thread (task, reload_thread);
}

/**
 * gw_project_notify_changed:
 * @self: a #GwProject
 * @what: what changed
 *
 * Called after a committed write: emits #GwProject::changed and reloads the
 * map. Never call it for a write that failed — nothing is to be shown then
 * but the reason.
 */
void
gw_project_notify_changed (GwProject       *self,
                           GwProjectChange  what)
{
  gint64 version;

  g_return_if_fail (GW_IS_PROJECT (self));

  /* Our own commits do not move data_version. If it moved, another
   * connection committed too (an import on a worker thread, another
   * program): then everything is shown again, not only @what. */
  version = gw_store_get_data_version (self->store);
  if (version != self->data_version)
    what |= GW_PROJECT_CHANGE_ALL;
  self->data_version = version;
  g_signal_emit (self, signals[CHANGED], 0, (guint) what);
  gw_project_reload_snapshot (self);
}

/**
 * gw_project_check_external_changes:
 * @self: a #GwProject
 *
 * Whether another connection (another program, window or thread) committed
 * to the file since it was last shown; if so, tells it as a change of
 * everything (%GW_PROJECT_CHANGE_EXTERNAL).
 *
 * Returns: %TRUE if the file had changed
 */
gboolean
gw_project_check_external_changes (GwProject *self)
{
  g_autoptr (GError) error = NULL;
  gboolean synced = FALSE;
  gint64 version;

  g_return_val_if_fail (GW_IS_PROJECT (self), FALSE);

  /* On a server: what other users committed, into the working copy. */
  if (!gw_store_sync (self->store, &synced, &error))
    g_warning ("%s", error->message);
  version = gw_store_get_data_version (self->store);
  if (!synced && (version < 0 || version == self->data_version))
    return FALSE;
  g_debug ("%s was changed by another program or user; showing it again", self->path);
  gw_project_notify_changed (self, GW_PROJECT_CHANGE_ALL);
  return TRUE;
}

static gboolean
on_watch (gpointer user_data)
{
  gw_project_check_external_changes (GW_PROJECT (user_data));
  return G_SOURCE_CONTINUE;
}

/* The server's socket is readable: a notification (another user's write)
 * is read at once, not at the next poll. */
static gboolean
on_server_news (int           fd,
                GIOCondition  condition,
                gpointer      user_data)
{
  GwProject *self = GW_PROJECT (user_data);

  if (condition & (G_IO_HUP | G_IO_ERR))
    {
      self->server_watch_id = 0;
      return G_SOURCE_REMOVE;
    }
  gw_project_check_external_changes (self);
  return G_SOURCE_CONTINUE;
}

/**
 * gw_project_watch_external_changes:
 * @self: a #GwProject
 * @interval_seconds: how often to look, 0 to stop
 *
 * Looks for changes made by other programs every @interval_seconds on the
 * thread-default main context (a window also looks when it gains focus);
 * on a district server, also as soon as the server sends news.
 */
void
gw_project_watch_external_changes (GwProject *self,
                                   guint      interval_seconds)
{
  int socket;

  g_return_if_fail (GW_IS_PROJECT (self));

  g_clear_handle_id (&self->watch_id, g_source_remove);
  g_clear_handle_id (&self->server_watch_id, g_source_remove);
  if (interval_seconds == 0)
    return;
  self->watch_id = g_timeout_add_seconds (interval_seconds, on_watch, self);
  socket = gw_store_get_server_socket (self->store);
  if (socket >= 0)
    self->server_watch_id = g_unix_fd_add (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, on_server_news, self);
}

/* }}} */

/* {{{ A street of one's own */

static gboolean
insert_street (GwStore     *store,
               const char  *code,
               const char  *name,
               const char  *district_name,
               GError     **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = gw_store_prepare (store,
                           "INSERT INTO streets (code, name, district_name) VALUES (?, ?, ?)",
                           error);
  if (stmt == NULL
      || !gw_store_bind_text (store, stmt, 1, code, error)
      || !gw_store_bind_text (store, stmt, 2, name, error)
      || !gw_store_bind_text (store, stmt, 3, district_name != NULL ? district_name : "", error))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not write the street"));
      return FALSE;
    }
  return TRUE;
}

/**
 * gw_project_create:
 * @path: where the new project file goes; it must not exist
 * @street_code: 9 digits, district 6 + street 3
 * @street_name: the street office's name, e.g. 宁夏路街道
 * @district_name: (nullable): its district, e.g. 市北区
 * @admin: the first account; it becomes a supervisor and must have a password
 * @error: a #GError
 *
 * Makes a project of a street office's own: the schema, the street and its
 * first supervisor. The file is written under a temporary name beside @path
 * and renamed when complete, so that a failure or a kill never leaves a
 * half-made project at @path.
 *
 * Returns: %TRUE if @path now holds the new project
 */
gboolean
gw_project_create (const char       *path,
                   const char       *street_code,
                   const char       *street_name,
                   const char       *district_name,
                   const GwUserNew  *admin,
                   GError          **error)
{
  g_autofree char *display = NULL;
  g_autofree char *partial = NULL;
  g_autoptr (GwStore) store = NULL;
  GwUserNew supervisor;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (admin != NULL, FALSE);

  display = g_filename_display_name (path);
  if (!gw_street_code_valid (street_code))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("“%s” is not a street code: give 9 digits, the district's 6 and the street's 3"),
                   street_code != NULL ? street_code : "");
      return FALSE;
    }
  if (street_name == NULL || strspn (street_name, " \t") == strlen (street_name))
    {
      g_set_error_literal (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                           _("Give the street's name"));
      return FALSE;
    }
  if (admin->password == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("The first supervisor (%s) needs a password"), admin->login);
      return FALSE;
    }
  if (!gw_password_check (admin->password, error))
    return FALSE;
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN,
                   _("%s already exists; choose another name, or open it"), display);
      return FALSE;
    }

  partial = g_strdup_printf ("%s.%d.partial", path, (int) getpid ());
  store = gw_store_open (partial, GW_STORE_OPEN_CREATE, error);
  if (store == NULL)
    return FALSE;
  supervisor = *admin;
  supervisor.role = GW_ROLE_SUPERVISOR;
  supervisor.grid_codes = NULL;
  ok = gw_store_begin (store, error);
  if (ok && !(insert_street (store, street_code, street_name, district_name, error)
              && gw_audit_write (store, NULL, "project_create", "street", street_code, error)
              && gw_store_commit (store, error)))
    {
      gw_store_rollback (store);
      ok = FALSE;
    }
  ok = ok && gw_user_add (store, NULL, &supervisor, error) != 0;
  /* Closing checkpoints the write-ahead log into the file: the file is whole
   * before it takes its name. */
  g_clear_object (&store);
  if (ok && g_rename (partial, path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_OPEN, _("Could not create %s: %s"),
                   display, g_strerror (saved_errno));
      ok = FALSE;
    }
  if (!ok)
    {
      static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *file = g_strconcat (partial, suffixes[i], NULL);

          g_unlink (file);
        }
    }
  return ok;
}

/* }}} */
