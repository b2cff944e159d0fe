/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-concurrency"
#define _GNU_SOURCE  /* pipe2, environ */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gw-case.h"
#include "gw-demo.h"
#include "gw-inspector.h"
#include "gw-map-snapshot.h"
#include "gw-store-private.h"
#include "gw-user.h"
#include "gw-util.h"
#include "gw-test-store.h"
#include "gw-test-util.h"

/* Many programs on one project file is a normal day (issue 8): the app,
 * the command line, a second window. This torture test runs, for a fixed
 * time, writers and readers of the core in threads of this process and
 * gridwork-cli processes that reroute, advance, import and read — killing
 * some writers with SIGKILL at random moments. Then:
 *
 * - integrity_check and foreign_key_check are clean;
 * - every acknowledged write is in the file, at the version it was given;
 * - nothing unacknowledged is half there: for every case, the versions it
 *   went through, its new history events and its new audit rows agree one
 *   to one, and an import that was killed left all of its cases or none;
 * - the history of every case is complete: each new event starts from the
 *   status and assignee the one before it left, and the last one is where
 *   the case is now.
 *
 * Run once on a plain path and once on a path with Chinese characters and
 * spaces. The duration is GW_TORTURE_SECONDS (default 10 per run). */

#define N_PROCESSES 3
#define N_WRITER_THREADS 2

typedef struct
{
  gint64   id;
  char    *code;
  gint64   grid_id;
  GArray  *workers;        /* gint64: the grid's team */
  gint64   version;        /* when the run started */
} TortureCase;

typedef enum
{
  ACK_REROUTE,             /* @version reached, @text = the new assignee */
  ACK_ADVANCE,             /* @version reached, @text = the new status */
} AckKind;

typedef struct
{
  AckKind  kind;
  gint64   case_id;
  gint64   version;
  char    *text;
  char    *by;             /* "thread" or "cli" */
} Ack;

typedef struct
{
  char        *dir;
  char        *path;
  GPtrArray   *cases;        /* TortureCase */
  GHashTable  *by_id;        /* id → TortureCase */
  GArray      *departments;  /* gint64 */
  gint64       first_event;  /* case_events.id above which events are new */
  gint64       first_audit;

  GMutex       lock;
  GPtrArray   *acks;         /* Ack */
  GPtrArray   *failures;     /* char *: what must not happen */
  GPtrArray   *imports;      /* char **: codes of each import, acknowledged or not */
  GArray      *import_acked; /* gboolean per import */
  gint64       deadline;     /* monotonic µs */

  guint        n_thread_writes, n_thread_conflicts, n_thread_busy, n_thread_reads;
  guint        n_cli_runs, n_cli_killed, n_cli_acked, n_cli_refused;
} Torture;

static void
torture_case_free (gpointer data)
{
  TortureCase *tc = data;

  g_free (tc->code);
  g_array_unref (tc->workers);
  g_free (tc);
}

static void
ack_free (gpointer data)
{
  Ack *ack = data;

  g_free (ack->text);
  g_free (ack);
}

static void
add_failure (Torture    *t,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
add_failure (Torture    *t,
             const char *format,
             ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_mutex_lock (&t->lock);
  g_ptr_array_add (t->failures, text);
  g_mutex_unlock (&t->lock);
}

static void
add_ack (Torture    *t,
         AckKind     kind,
         gint64      case_id,
         gint64      version,
         const char *text,
         const char *by)
{
  Ack *ack = g_new0 (Ack, 1);

  ack->kind = kind;
  ack->case_id = case_id;
  ack->version = version;
  ack->text = g_strdup (text);
  ack->by = (char *) by;
  g_mutex_lock (&t->lock);
  g_ptr_array_add (t->acks, ack);
  g_mutex_unlock (&t->lock);
}

/* {{{ Set-up */

static char *template_path;

static void
torture_set_up (Torture    *t,
                const char *folder,
                const char *file)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) from = NULL;
  g_autoptr (GFile) to = NULL;
  g_autoptr (GwStore) store = NULL;
  g_autoptr (sqlite3_stmt) cases = NULL;
  g_autoptr (sqlite3_stmt) team = NULL;
  g_autoptr (sqlite3_stmt) departments = NULL;
  g_autofree char *base = g_dir_make_tmp ("gw-test-concurrency-XXXXXX", &error);

  g_assert_no_error (error);
  t->dir = g_build_filename (base, folder, NULL);
  g_assert_cmpint (g_mkdir_with_parents (t->dir, 0700), ==, 0);
  t->path = g_build_filename (t->dir, file, NULL);
  /* The base folder is removed with the run's own. */
  g_free (t->dir);
  t->dir = g_steal_pointer (&base);

  /* No connection to either file exists yet: copying is safe here. */
  from = g_file_new_for_path (template_path);
  to = g_file_new_for_path (t->path);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_mutex_init (&t->lock);
  t->cases = g_ptr_array_new_with_free_func (torture_case_free);
  t->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  t->departments = g_array_new (FALSE, FALSE, sizeof (gint64));
  t->acks = g_ptr_array_new_with_free_func (ack_free);
  t->failures = g_ptr_array_new_with_free_func (g_free);
  t->imports = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  t->import_acked = g_array_new (FALSE, FALSE, sizeof (gboolean));

  store = gw_store_open (t->path, GW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  /* Open cases held by a worker of a grid with a team: they can be handed
   * over and moved through their life cycle. */
  cases = gw_store_prepare (store,
                            "SELECT id, code, grid_id, version FROM cases "
                            "WHERE status IN ('registered', 'dispatched', 'in_progress', "
                            "'reported_done', 'returned') AND worker_id IS NOT NULL "
                            "ORDER BY id LIMIT 48", &error);
  g_assert_no_error (error);
  team = gw_store_prepare (store, "SELECT worker_id FROM grid_workers WHERE grid_id = ?", &error);
  g_assert_no_error (error);
  while (sqlite3_step (cases) == SQLITE_ROW)
    {
      TortureCase *tc = g_new0 (TortureCase, 1);

      tc->id = sqlite3_column_int64 (cases, 0);
      tc->code = g_strdup ((const char *) sqlite3_column_text (cases, 1));
      tc->grid_id = sqlite3_column_int64 (cases, 2);
      tc->version = sqlite3_column_int64 (cases, 3);
      tc->workers = g_array_new (FALSE, FALSE, sizeof (gint64));
      sqlite3_reset (team);
      sqlite3_bind_int64 (team, 1, tc->grid_id);
      while (sqlite3_step (team) == SQLITE_ROW)
        {
          gint64 worker = sqlite3_column_int64 (team, 0);

          g_array_append_val (tc->workers, worker);
        }
      g_assert_cmpuint (tc->workers->len, >=, 2);
      g_ptr_array_add (t->cases, tc);
      g_hash_table_insert (t->by_id, &tc->id, tc);
    }
  g_assert_cmpuint (t->cases->len, >=, 20);
  departments = gw_store_prepare (store, "SELECT id FROM departments ORDER BY id", &error);
  g_assert_no_error (error);
  while (sqlite3_step (departments) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (departments, 0);

      g_array_append_val (t->departments, id);
    }
  t->first_event = gw_test_query_int (store, "SELECT coalesce (max (id), 0) FROM case_events", 0);
  t->first_audit = gw_test_query_int (store, "SELECT coalesce (max (id), 0) FROM audit_log", 0);
}

static void
torture_tear_down (Torture *t)
{
  gw_test_remove_tree (t->dir);
  g_free (t->dir);
  g_free (t->path);
  g_ptr_array_unref (t->cases);
  g_hash_table_unref (t->by_id);
  g_array_unref (t->departments);
  g_ptr_array_unref (t->acks);
  g_ptr_array_unref (t->failures);
  g_ptr_array_unref (t->imports);
  g_array_unref (t->import_acked);
  g_mutex_clear (&t->lock);
}

/* }}} */
/* {{{ The core in threads, as the app uses it */

static gboolean
running (Torture *t)
{
  return g_get_monotonic_time () < t->deadline;
}

/* An error a concurrent write may meet and must report cleanly. */
static gboolean
is_refusal (const GError *error)
{
  return error->domain == GW_CASE_ERROR
         || g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_BUSY);
}

/* A step the case may take now, for this user, with what it needs. */
static gboolean
pick_action (const GwCase *kase,
             GwUser       *user,
             GRand        *rand,
             GwCaseAction *action)
{
  GwCaseAction allowed[GW_CASE_N_ACTIONS];
  guint n = 0;

  for (guint i = 0; i < GW_CASE_N_ACTIONS; i++)
    if (gw_case_can (kase, user, i, NULL))
      allowed[n++] = i;
  if (n == 0)
    return FALSE;
  *action = allowed[g_rand_int_range (rand, 0, n)];
  return TRUE;
}

static gpointer
writer_thread (gpointer data)
{
  Torture *t = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = gw_store_open (t->path, GW_STORE_OPEN_DEFAULT, &error);
  g_autoptr (GwUser) user = NULL;
  GRand *rand = g_rand_new_with_seed ((guint32) (gsize) g_thread_self ());

  if (store == NULL || (user = gw_user_load (store, "supervisor", &error)) == NULL)
    {
      add_failure (t, "thread could not open the file: %s", error->message);
      g_rand_free (rand);
      return NULL;
    }
  while (running (t))
    {
      TortureCase *tc = g_ptr_array_index (t->cases, g_rand_int_range (rand, 0, t->cases->len));
      g_autoptr (GwCase) kase = gw_case_load (store, tc->id, user, FALSE, NULL, &error);
      GwCaseAction action;

      if (kase == NULL)
        {
          if (!g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_BUSY))
            add_failure (t, "thread could not read case %s: %s", tc->code, error->message);
          g_clear_error (&error);
          continue;
        }
      if (g_rand_int_range (rand, 0, 100) < 70 || !pick_action (kase, user, rand, &action))
        {
          g_autoptr (GwReroute) reroute = NULL;
          GwRerouteTarget target;

          if (g_rand_int_range (rand, 0, 10) == 0)
            target = (GwRerouteTarget) {
              GW_REROUTE_TO_DEPARTMENT,
              g_array_index (t->departments, gint64,
                             g_rand_int_range (rand, 0, t->departments->len)) };
          else
            target = (GwRerouteTarget) {
              GW_REROUTE_TO_WORKER,
              g_array_index (tc->workers, gint64, g_rand_int_range (rand, 0, tc->workers->len)) };
          if (gw_case_reroute (store, user, tc->id, &target, "torture", kase->version, &reroute,
                               &error))
            {
              g_assert_cmpint (reroute->version, ==, kase->version + 1);
              add_ack (t, ACK_REROUTE, tc->id, reroute->version, reroute->to_assignee, "thread");
              g_atomic_int_inc (&t->n_thread_writes);
              continue;
            }
        }
      else
        {
          const char *to = gw_case_action_target_status (action);

          if (gw_case_advance (store, user, tc->id, action,
                               gw_case_action_needs_reason (action) ? "torture" : NULL,
                               action == GW_CASE_ACTION_EVALUATE ? 4 : 0, kase->version, &error))
            {
              add_ack (t, ACK_ADVANCE, tc->id, kase->version + 1,
                       to != NULL ? to : kase->status, "thread");
              g_atomic_int_inc (&t->n_thread_writes);
              continue;
            }
        }
      if (!is_refusal (error))
        add_failure (t, "thread write to case %s failed: %s", tc->code, error->message);
      else if (g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_BUSY))
        g_atomic_int_inc (&t->n_thread_busy);
      else
        g_atomic_int_inc (&t->n_thread_conflicts);
      g_clear_error (&error);
    }
  g_rand_free (rand);
  return NULL;
}

/* What the app's map and inspector read, over and over. */
static gpointer
reader_thread (gpointer data)
{
  Torture *t = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = gw_store_open (t->path, GW_STORE_OPEN_READ_ONLY, &error);
  guint i = 0;

  if (store == NULL)
    {
      add_failure (t, "reader could not open the file: %s", error->message);
      return NULL;
    }
  while (running (t))
    {
      TortureCase *tc = g_ptr_array_index (t->cases, i++ % t->cases->len);
      g_autoptr (GwGridSummary) grid = NULL;
      g_autoptr (GPtrArray) cases = NULL;

      if (i % 16 == 0)
        {
          g_autoptr (GwMapSnapshot) snapshot = gw_map_snapshot_load (store, NULL, &error);

          if (snapshot == NULL)
            break;
        }
      grid = gw_inspector_grid_summary (store, tc->grid_id, NULL, &error);
      if (grid == NULL)
        break;
      cases = gw_case_list (store, tc->grid_id, GW_CASE_LIST_OPEN, NULL, &error);
      if (cases == NULL)
        break;
      g_atomic_int_inc (&t->n_thread_reads);
    }
  if (error != NULL)
    add_failure (t, "a read failed: %s", error->message);
  return NULL;
}

/* }}} */
/* {{{ gridwork-cli processes */

typedef enum
{
  CLI_REROUTE,
  CLI_ADVANCE,
  CLI_IMPORT,
  CLI_READ,
} CliKind;

typedef struct
{
  CliKind  kind;
  GPid     pid;
  int      out_fd, err_fd;
  GString *out, *err;
  gint64   kill_at;          /* monotonic µs; 0: let it finish */
  gboolean killed;
  gint64   case_id;
  int      import_index;     /* into Torture.imports */
} Child;

static void
child_free (Child *child)
{
  g_string_free (child->out, TRUE);
  g_string_free (child->err, TRUE);
  g_free (child);
}

static void
drain (int      fd,
       GString *into)
{
  char buffer[4096];
  ssize_t n;

  while ((n = read (fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (into, buffer, n);
}

/* posix_spawn, not g_spawn: this process has threads inside SQLite, and
 * g_spawn's fork path runs code in the child before exec that can deadlock on
 * a lock another thread held at the fork (seen here, once in a few runs).
 * posix_spawn runs nothing of ours in the child. The command's output comes
 * back through non-blocking pipes. */
static GPid
spawn_with_pipes (char **argv,
                  int   *out_fd,
                  int   *err_fd)
{
  posix_spawn_file_actions_t actions;
  int out[2], err[2];
  pid_t pid;

  g_assert_cmpint (pipe2 (out, O_CLOEXEC | O_NONBLOCK), ==, 0);
  g_assert_cmpint (pipe2 (err, O_CLOEXEC | O_NONBLOCK), ==, 0);
  g_assert_cmpint (posix_spawn_file_actions_init (&actions), ==, 0);
  posix_spawn_file_actions_addopen (&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2 (&actions, out[1], 1);
  posix_spawn_file_actions_adddup2 (&actions, err[1], 2);
  g_assert_cmpint (posix_spawn (&pid, argv[0], &actions, NULL, argv, environ), ==, 0);
  posix_spawn_file_actions_destroy (&actions);
  close (out[1]);
  close (err[1]);
  /* Only our ends stay non-blocking: the command writes to blocking ones. */
  *out_fd = out[0];
  *err_fd = err[0];
  return pid;
}

static char *
write_import_file (Torture *t,
                   GRand   *rand,
                   int      serial)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = NULL;
  g_autoptr (GString) csv = g_string_new ("code,category,tier,description,lon,lat\n");
  g_autofree char *name = g_strdup_printf ("导入 %d.csv", serial);
  char *file = g_build_filename (t->dir, name, NULL);
  GPtrArray *codes = g_ptr_array_new ();
  gboolean acked = FALSE;

  /* The points: beside existing cases, so inside the street's grids. */
  store = gw_store_open (t->path, GW_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  for (int k = 0; k < 4; k++)
    {
      TortureCase *tc = g_ptr_array_index (t->cases, g_rand_int_range (rand, 0, t->cases->len));
      g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (store,
                                                        "SELECT X(geom), Y(geom) FROM cases "
                                                        "WHERE id = ?", &error);
      g_autofree char *code = g_strdup_printf ("TT%04d-%d", serial, k);

      g_assert_no_error (error);
      sqlite3_bind_int64 (stmt, 1, tc->id);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_string_append_printf (csv, "%s,living_environment,B,并发导入 %d,%.8f,%.8f\n", code, k,
                              sqlite3_column_double (stmt, 0) + 2e-6 * (k + 1),
                              sqlite3_column_double (stmt, 1));
      g_ptr_array_add (codes, g_steal_pointer (&code));
    }
  g_ptr_array_add (codes, NULL);
  g_file_set_contents (file, csv->str, -1, &error);
  g_assert_no_error (error);
  g_mutex_lock (&t->lock);
  g_ptr_array_add (t->imports, g_ptr_array_free (codes, FALSE));
  g_array_append_val (t->import_acked, acked);
  g_mutex_unlock (&t->lock);
  return file;
}

static Child *
spawn_child (Torture *t,
             GRand   *rand,
             int      serial)
{
  static const char * const actions[] = { "accept", "report_done", "verify_close", "evaluate",
                                          "register", "dispatch" };
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  TortureCase *tc = g_ptr_array_index (t->cases, g_rand_int_range (rand, 0, t->cases->len));
  Child *child = g_new0 (Child, 1);
  int roll = g_rand_int_range (rand, 0, 100);

  child->out = g_string_new (NULL);
  child->err = g_string_new (NULL);
  child->case_id = tc->id;
  child->import_index = -1;
  g_ptr_array_add (argv, g_strdup (gw_test_cli_path ()));
  if (roll < 40)
    {
      gint64 worker = g_array_index (tc->workers, gint64,
                                     g_rand_int_range (rand, 0, tc->workers->len));

      child->kind = CLI_REROUTE;
      g_ptr_array_add (argv, g_strdup ("case"));
      g_ptr_array_add (argv, g_strdup ("reroute"));
      g_ptr_array_add (argv, g_strdup (t->path));
      g_ptr_array_add (argv, g_strdup_printf ("%" G_GINT64_FORMAT, tc->id));
      g_ptr_array_add (argv, g_strdup ("--to-worker"));
      g_ptr_array_add (argv, g_strdup_printf ("%" G_GINT64_FORMAT, worker));
      g_ptr_array_add (argv, g_strdup ("--reason"));
      g_ptr_array_add (argv, g_strdup ("命令行 并发"));
      g_ptr_array_add (argv, g_strdup ("--user"));
      g_ptr_array_add (argv, g_strdup ("supervisor"));
    }
  else if (roll < 55)
    {
      child->kind = CLI_ADVANCE;
      g_ptr_array_add (argv, g_strdup ("case"));
      g_ptr_array_add (argv, g_strdup ("advance"));
      g_ptr_array_add (argv, g_strdup (t->path));
      g_ptr_array_add (argv, g_strdup_printf ("%" G_GINT64_FORMAT, tc->id));
      g_ptr_array_add (argv, g_strdup (actions[g_rand_int_range (rand, 0,
                                                                G_N_ELEMENTS (actions))]));
      g_ptr_array_add (argv, g_strdup ("--satisfaction"));
      g_ptr_array_add (argv, g_strdup ("5"));
      g_ptr_array_add (argv, g_strdup ("--user"));
      g_ptr_array_add (argv, g_strdup ("supervisor"));
    }
  else if (roll < 70)
    {
      child->kind = CLI_IMPORT;
      child->import_index = t->imports->len;
      g_ptr_array_add (argv, g_strdup ("import"));
      g_ptr_array_add (argv, g_strdup (t->path));
      g_ptr_array_add (argv, write_import_file (t, rand, serial));
      g_ptr_array_add (argv, g_strdup ("--layer"));
      g_ptr_array_add (argv, g_strdup ("cases"));
      g_ptr_array_add (argv, g_strdup ("--user"));
      g_ptr_array_add (argv, g_strdup ("supervisor"));
    }
  else
    {
      static const char * const reads[] = { "show", "list", "info" };
      const char *read = reads[g_rand_int_range (rand, 0, G_N_ELEMENTS (reads))];

      child->kind = CLI_READ;
      if (strcmp (read, "info") == 0)
        {
          g_ptr_array_add (argv, g_strdup ("info"));
          g_ptr_array_add (argv, g_strdup (t->path));
        }
      else
        {
          g_ptr_array_add (argv, g_strdup ("case"));
          g_ptr_array_add (argv, g_strdup (read));
          g_ptr_array_add (argv, g_strdup (t->path));
          g_ptr_array_add (argv, g_strdup_printf ("%" G_GINT64_FORMAT, tc->id));
          if (strcmp (read, "list") == 0)
            {
              g_free (g_ptr_array_steal_index (argv, argv->len - 1));
              g_ptr_array_add (argv, g_strdup ("--open"));
            }
          g_ptr_array_add (argv, g_strdup ("--user"));
          g_ptr_array_add (argv, g_strdup ("supervisor"));
        }
    }
  g_ptr_array_add (argv, NULL);

  /* Writers are killed with SIGKILL in about a third of their runs, at a
   * random moment: before, during or after their transaction. */
  if (child->kind != CLI_READ && g_rand_int_range (rand, 0, 3) == 0)
    child->kill_at = g_get_monotonic_time () + g_rand_int_range (rand, 2000, 150000);

  child->pid = spawn_with_pipes ((char **) argv->pdata, &child->out_fd, &child->err_fd);
  return child;
}

/* Reads what the command said; returns TRUE once it has ended. */
static gboolean
child_poll (Torture *t,
            Child   *child)
{
  int status = 0;
  pid_t done;

  drain (child->out_fd, child->out);
  drain (child->err_fd, child->err);
  if (child->kill_at != 0 && !child->killed && g_get_monotonic_time () >= child->kill_at)
    {
      kill (child->pid, SIGKILL);
      child->killed = TRUE;
    }
  done = waitpid (child->pid, &status, WNOHANG);
  if (done == 0)
    return FALSE;
  g_assert_cmpint (done, ==, child->pid);
  drain (child->out_fd, child->out);
  drain (child->err_fd, child->err);
  close (child->out_fd);
  close (child->err_fd);
  t->n_cli_runs++;

  if (WIFSIGNALED (status))
    {
      if (!child->killed)
        add_failure (t, "gridwork-cli died of signal %d: %s", WTERMSIG (status), child->err->str);
      t->n_cli_killed++;
      return TRUE;
    }
  if (WEXITSTATUS (status) != 0)
    {
      /* A refusal is fine (a conflict, a step the case cannot take, the
       * file busy); a damaged file or an I/O error is not. */
      if (child->kind == CLI_READ || strstr (child->err->str, "damaged") != NULL
          || strstr (child->err->str, "malformed") != NULL
          || strstr (child->err->str, "disk I/O") != NULL
          || strstr (child->err->str, "not an SQLite") != NULL)
        add_failure (t, "gridwork-cli failed: %s", child->err->str);
      t->n_cli_refused++;
      return TRUE;
    }

  /* Exit 0: acknowledged. */
  t->n_cli_acked++;
  if (child->kind == CLI_REROUTE || child->kind == CLI_ADVANCE)
    {
      g_auto (GStrv) fields = g_strsplit (g_strchomp (child->out->str), "\t", -1);
      guint n = g_strv_length (fields);

      if (n < 4)
        {
          add_failure (t, "unexpected output of gridwork-cli: %s", child->out->str);
          return TRUE;
        }
      if (child->kind == CLI_REROUTE)
        {
          /* "ID\tCODE\tFROMGRID FROM → TOGRID TO\tVERSION" */
          const char *arrow = strstr (fields[2], " → ");
          const char *to = arrow != NULL ? strchr (arrow + strlen (" → "), ' ') : NULL;

          add_ack (t, ACK_REROUTE, child->case_id, g_ascii_strtoll (fields[n - 1], NULL, 10),
                   to != NULL ? to + 1 : "", "cli");
        }
      else
        add_ack (t, ACK_ADVANCE, child->case_id, g_ascii_strtoll (fields[n - 1], NULL, 10),
                 fields[2], "cli");
    }
  else if (child->kind == CLI_IMPORT)
    g_array_index (t->import_acked, gboolean, child->import_index) = TRUE;
  return TRUE;
}

static void
run_processes (Torture *t)
{
  g_autoptr (GPtrArray) children = g_ptr_array_new ();
  GRand *rand = g_rand_new_with_seed (20261203);
  int serial = 0;

  while (running (t) || children->len > 0)
    {
      while (running (t) && children->len < N_PROCESSES)
        g_ptr_array_add (children, spawn_child (t, rand, ++serial));
      for (guint i = 0; i < children->len;)
        {
          Child *child = g_ptr_array_index (children, i);

          if (child_poll (t, child))
            {
              child_free (child);
              g_ptr_array_remove_index_fast (children, i);
            }
          else
            i++;
        }
      g_usleep (2000);
    }
  g_rand_free (rand);
}

/* }}} */
/* {{{ Checking the file afterwards */

typedef struct
{
  char   *kind;
  char   *from_status, *to_status;
  char   *from_assignee, *to_assignee;
} Event;

static void
event_free (gpointer data)
{
  Event *event = data;

  g_free (event->kind);
  g_free (event->from_status);
  g_free (event->to_status);
  g_free (event->from_assignee);
  g_free (event->to_assignee);
  g_free (event);
}

static GPtrArray *
new_events (Torture *t,
            GwStore *store,
            gint64   case_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (store,
                                                    "SELECT kind, from_status, to_status, "
                                                    "from_assignee, to_assignee FROM case_events "
                                                    "WHERE case_id = ? AND id > ? ORDER BY id",
                                                    &error);
  GPtrArray *events = g_ptr_array_new_with_free_func (event_free);

  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, case_id);
  sqlite3_bind_int64 (stmt, 2, t->first_event);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Event *event = g_new0 (Event, 1);

      event->kind = gw_store_column_dup (stmt, 0);
      event->from_status = gw_store_column_dup_nullable (stmt, 1);
      event->to_status = gw_store_column_dup_nullable (stmt, 2);
      event->from_assignee = gw_store_column_dup_nullable (stmt, 3);
      event->to_assignee = gw_store_column_dup_nullable (stmt, 4);
      g_ptr_array_add (events, event);
    }
  return events;
}

static void
check_file (Torture *t)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = gw_store_open (t->path, GW_STORE_OPEN_DEFAULT, &error);
  g_autoptr (GwUser) user = NULL;
  g_autoptr (sqlite3_stmt) integrity = NULL;
  g_autoptr (sqlite3_stmt) keys = NULL;
  guint n_new_events = 0, n_imports_acked = 0, n_imports_absent = 0;

  g_assert_no_error (error);
  user = gw_user_load (store, "supervisor", &error);
  g_assert_no_error (error);

  integrity = gw_store_prepare (store, "PRAGMA integrity_check", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (integrity), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (integrity, 0), ==, "ok");
  keys = gw_store_prepare (store, "PRAGMA foreign_key_check", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (keys), ==, SQLITE_DONE);

  /* Per case: versions, events and audit rows agree; the history chains. */
  for (guint i = 0; i < t->cases->len; i++)
    {
      TortureCase *tc = g_ptr_array_index (t->cases, i);
      g_autoptr (GPtrArray) events = new_events (t, store, tc->id);
      g_autoptr (GwCase) kase = gw_case_load (store, tc->id, user, FALSE, NULL, &error);
      g_autofree char *object = g_strdup_printf ("case:%s", tc->code);
      g_autoptr (sqlite3_stmt) audit = gw_store_prepare (store,
                                                         "SELECT count(*) FROM audit_log WHERE "
                                                         "id > ? AND object = ? AND action IN "
                                                         "('reroute', 'transition')", &error);

      g_assert_no_error (error);
      g_assert_cmpint (kase->version - tc->version, ==, events->len);
      sqlite3_bind_int64 (audit, 1, t->first_audit);
      sqlite3_bind_text (audit, 2, object, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (audit), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int64 (audit, 0), ==, events->len);
      n_new_events += events->len;

      for (guint e = 1; e < events->len; e++)
        {
          Event *before = g_ptr_array_index (events, e - 1);
          Event *event = g_ptr_array_index (events, e);

          if (event->from_status != NULL && before->to_status != NULL)
            g_assert_cmpstr (event->from_status, ==, before->to_status);
          if (g_strcmp0 (event->kind, "reroute") == 0 && g_strcmp0 (before->kind, "reroute") == 0)
            g_assert_cmpstr (event->from_assignee, ==, before->to_assignee);
        }
      if (events->len > 0)
        {
          Event *last = g_ptr_array_index (events, events->len - 1);

          if (last->to_status != NULL)
            g_assert_cmpstr (last->to_status, ==, kase->status);
          if (g_strcmp0 (last->kind, "reroute") == 0)
            g_assert_cmpstr (last->to_assignee, ==, gw_case_get_assignee (kase));
        }
    }

  /* Every acknowledged write is there, as the event of the version it got. */
  for (guint i = 0; i < t->acks->len; i++)
    {
      Ack *ack = g_ptr_array_index (t->acks, i);
      TortureCase *tc = g_hash_table_lookup (t->by_id, &ack->case_id);
      g_autoptr (GPtrArray) events = new_events (t, store, ack->case_id);
      gint64 index = ack->version - tc->version - 1;
      Event *event;

      g_assert_cmpint (index, >=, 0);
      g_assert_cmpint (index, <, events->len);
      event = g_ptr_array_index (events, index);
      if (ack->kind == ACK_REROUTE)
        {
          g_assert_cmpstr (event->kind, ==, "reroute");
          g_assert_cmpstr (event->to_assignee, ==, ack->text);
        }
      else
        g_assert_cmpstr (event->to_status, ==, ack->text);
    }

  /* Imports: all of a file's cases or none; all when acknowledged. */
  for (guint i = 0; i < t->imports->len; i++)
    {
      char **codes = g_ptr_array_index (t->imports, i);
      guint n = g_strv_length (codes), present = 0;

      for (guint k = 0; k < n; k++)
        {
          g_autoptr (sqlite3_stmt) stmt = gw_store_prepare (store,
                                                            "SELECT count(*) FROM cases "
                                                            "WHERE code = ?", &error);

          g_assert_no_error (error);
          sqlite3_bind_text (stmt, 1, codes[k], -1, SQLITE_STATIC);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
          present += sqlite3_column_int (stmt, 0);
        }
      g_assert_true (present == 0 || present == n);
      if (g_array_index (t->import_acked, gboolean, i))
        {
          g_assert_cmpuint (present, ==, n);
          n_imports_acked++;
        }
      else if (present == 0)
        n_imports_absent++;
    }

  g_test_message ("%s: %u acknowledged writes (%u in threads, %u by %u gridwork-cli runs), "
                  "%u new events, %u thread conflicts, %u busy, %u reads in a thread; "
                  "%u processes killed, %u refused; %u imports acknowledged, %u left nothing",
                  t->path, t->acks->len, t->n_thread_writes, t->n_cli_acked, t->n_cli_runs,
                  n_new_events, t->n_thread_conflicts, t->n_thread_busy, t->n_thread_reads,
                  t->n_cli_killed, t->n_cli_refused, n_imports_acked, n_imports_absent);
  /* The run did something worth checking. */
  g_assert_cmpuint (t->n_thread_writes, >, 0);
  g_assert_cmpuint (t->n_cli_acked, >, 0);
  g_assert_cmpuint (t->n_cli_killed, >, 0);
  g_assert_cmpuint (t->n_thread_reads, >, 0);
}

/* }}} */

static void
torture (const char *folder,
         const char *file)
{
  Torture t = { 0 };
  GThread *threads[N_WRITER_THREADS + 1];
  const char *seconds = g_getenv ("GW_TORTURE_SECONDS");

  torture_set_up (&t, folder, file);
  t.deadline = g_get_monotonic_time ()
               + G_USEC_PER_SEC * (seconds != NULL ? g_ascii_strtoll (seconds, NULL, 10) : 10);

  for (guint i = 0; i < N_WRITER_THREADS; i++)
    threads[i] = g_thread_new ("writer", writer_thread, &t);
  threads[N_WRITER_THREADS] = g_thread_new ("reader", reader_thread, &t);
  run_processes (&t);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < t.failures->len; i++)
    g_test_message ("failure: %s", (const char *) g_ptr_array_index (t.failures, i));
  g_assert_cmpuint (t.failures->len, ==, 0);
  check_file (&t);
  torture_tear_down (&t);
}

static void
test_torture (void)
{
  torture ("plain", "street.sqlite");
}

static void
test_torture_chinese_path (void)
{
  torture ("网格 数据/市北区 街道", "宁夏路 街道 项目.sqlite");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) today = NULL;
  g_autofree char *dir = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("gw-test-torture-XXXXXX", &error);
  g_assert_no_error (error);
  template_path = g_build_filename (dir, "street.sqlite", NULL);
  today = g_date_time_new (gw_china_time_zone (), 2026, 11, 20, 18, 0, 0);
  if (!gw_demo_generate (template_path, GW_DEMO_SCALE_STREET, 11, today, NULL, NULL, &error))
    g_error ("%s", error->message);

  g_test_add_func ("/concurrency/torture", test_torture);
  g_test_add_func ("/concurrency/torture-chinese-path", test_torture_chinese_path);
  status = g_test_run ();

  gw_test_remove_tree (dir);
  g_free (template_path);
  return status;
}
