/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "gw-case.h"
#include "gw-cli.h"
#include "gw-domain.h"
#include "gw-inspector.h"
#include "gw-pg.h"
#include "gw-store.h"
#include "gw-user.h"
#include "gw-util.h"

/* gridwork-cli bench-server URI --clients N --seconds S
 *
 * N people at once on the district server, each a client as the app is
 * one: its own login role (gw_bench_I, signed up as the supervisor of a
 * street, streets taken in turn), its own connection and its own working
 * copy, doing the district's daily mix through the same core calls as the
 * app — open a grid's inspector, list the open cases, reroute, advance,
 * report a new case — and reading the others' changes (sync) before each.
 * Reads are the copy's; writes go through to the server under the street's
 * lock. Prints throughput, latency per operation (p50/p95/p99), errors and
 * conflicts, then checks that nothing was lost or duplicated: per street,
 * the server has the cases and history events the clients committed, and
 * every client's copy ends equal to the server.
 *
 * The working copy of a street is made once (from the server, by its first
 * client) and copied for the street's other clients, as if each had opened
 * it before; URI signs in as the server's administrator. */

typedef enum
{
  OP_SYNC,
  OP_INSPECTOR,
  OP_LIST,
  OP_REROUTE,
  OP_ADVANCE,
  OP_CREATE,
  N_OPS
} Op;

static const char * const op_names[N_OPS] = {
  "sync", "inspector", "list", "reroute", "advance", "create",
};

/* The daily mix, in per cent (sync comes before every other operation). */
static const int op_weights[N_OPS] = { 0, 40, 20, 20, 15, 5 };

/* The clients wait for each other at the end: a copy is compared with the
 * server only once nobody writes any more. */
typedef struct
{
  GMutex mutex;
  GCond  cond;
  guint  working;
} Finish;

typedef struct
{
  Finish   *finish;
  char     *location;
  char     *street_code;
  guint     index;
  gint64    deadline;      /* monotonic µs */
  GArray   *samples[N_OPS];  /* ms */
  guint     errors, conflicts, refusals;
  gint64    created;       /* cases */
  gint64    events;        /* history events the client's commits added */
  char     *first_error;
  GwPgCaseDigest copy;     /* the copy at the end */
} Client;

static void
client_free (gpointer data)
{
  Client *client = data;

  for (int op = 0; op < N_OPS; op++)
    g_array_unref (client->samples[op]);
  g_free (client->location);
  g_free (client->street_code);
  g_free (client->first_error);
  g_free (client);
}

static void
record (Client *client,
        Op      op,
        gint64  start)
{
  double ms = (g_get_monotonic_time () - start) / 1000.0;

  g_array_append_val (client->samples[op], ms);
}

static void
count_error (Client *client,
             GError *error)
{
  if (g_error_matches (error, GW_CASE_ERROR, GW_CASE_ERROR_CONFLICT)
      || g_error_matches (error, GW_STORE_ERROR, GW_STORE_ERROR_CONFLICT))
    {
      client->conflicts++;
      return;
    }
  /* The workflow's own rules (a grid without workers cannot be dispatched
   * to): the user is told why; not a failure of the server. */
  if (error->domain == GW_CASE_ERROR)
    {
      client->refusals++;
      return;
    }
  client->errors++;
  if (client->first_error == NULL)
    client->first_error = g_strdup (error->message);
}

static gint64
case_events (GwStore *store,
             gint64   case_id)
{
  g_autoptr (GwCase) kase = gw_case_load (store, case_id, NULL, FALSE, NULL, NULL);

  return kase != NULL && kase->events != NULL ? kase->events->len : 0;
}

/* The first action of the life cycle the user may apply to @kase. */
static gboolean
next_action (GwCase       *kase,
             GwUser       *user,
             GwCaseAction *action)
{
  static const GwCaseAction order[] = {
    GW_CASE_ACTION_REGISTER, GW_CASE_ACTION_DISPATCH, GW_CASE_ACTION_ACCEPT,
    GW_CASE_ACTION_REPORT_DONE, GW_CASE_ACTION_VERIFY_CLOSE, GW_CASE_ACTION_RESUME,
  };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (gw_case_can (kase, user, order[i], NULL))
      {
        *action = order[i];
        return TRUE;
      }
  return FALSE;
}

static void
do_write (Client   *client,
          GwStore  *store,
          GwUser   *user,
          Op        op,
          GPtrArray *open,
          GRand    *rand)
{
  g_autoptr (GError) error = NULL;
  const GwCase *listed;
  g_autoptr (GwCase) kase = NULL;
  gint64 before, start = g_get_monotonic_time ();
  gboolean done = FALSE;

  if (open->len == 0)
    return;
  /* A case reported done waits for the street's check: not rerouted. */
  for (int attempt = 0; ; attempt++)
    {
      listed = g_ptr_array_index (open, g_rand_int_range (rand, 0, open->len));
      if (op != OP_REROUTE || g_strcmp0 (listed->status, "done_reported") != 0)
        break;
      if (attempt == 10)
        return;
    }
  kase = gw_case_load (store, listed->id, NULL, FALSE, NULL, &error);
  if (kase == NULL)
    {
      count_error (client, error);
      return;
    }
  before = kase->events != NULL ? kase->events->len : case_events (store, kase->id);
  if (op == OP_REROUTE)
    {
      g_autoptr (GPtrArray) workers = gw_inspector_grid_workers (store, kase->grid_id, NULL);
      GwRerouteTarget target = { GW_REROUTE_TO_WORKER, 0 };

      for (guint k = 0; workers != NULL && k < workers->len && target.id == 0; k++)
        {
          GwGridWorker *worker = g_ptr_array_index (workers, (k + g_rand_int (rand)) % workers->len);

          if (worker->worker_id != kase->worker_id)
            target.id = worker->worker_id;
        }
      if (target.id == 0)
        return;
      start = g_get_monotonic_time ();
      done = gw_case_reroute (store, user, kase->id, &target, "bench-server", kase->version, NULL, &error);
    }
  else if (op == OP_ADVANCE)
    {
      GwCaseAction action;

      if (!next_action (kase, user, &action))
        return;
      start = g_get_monotonic_time ();
      done = gw_case_advance (store, user, kase->id, action, "bench-server", 4, kase->version, &error);
    }
  else
    {
      GwCaseNew fields = {
        kase->lon, kase->lat, gw_case_categories[g_rand_int_range (rand, 0, 8)], NULL, "B",
        NULL, "hotline", "bench-server", NULL, NULL,
      };
      gint64 id;

      start = g_get_monotonic_time ();
      id = gw_case_create (store, user, &fields, &error);
      done = id != 0;
      if (done)
        {
          record (client, op, start);
          client->created++;
          client->events += case_events (store, id);
          return;
        }
    }
  if (!done)
    {
      count_error (client, error);
      return;
    }
  record (client, op, start);
  client->events += case_events (store, kase->id) - before;
}

static gpointer
client_thread (gpointer data)
{
  Client *client = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GwStore) store = NULL;
  g_autoptr (GwUser) user = NULL;
  g_autoptr (GPtrArray) open = NULL;
  g_autoptr (GPtrArray) grids = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (1000 + client->index);
  g_autoptr (GDateTime) now = gw_now ();

  store = gw_store_open (client->location, GW_STORE_OPEN_DEFAULT, &error);
  user = store != NULL ? gw_user_load (store, "", &error) : NULL;
  open = user != NULL ? gw_case_list (store, 0, GW_CASE_LIST_OPEN, now, &error) : NULL;
  if (open == NULL)
    {
      count_error (client, error);
      g_mutex_lock (&client->finish->mutex);
      if (--client->finish->working == 0)
        g_cond_broadcast (&client->finish->cond);
      g_mutex_unlock (&client->finish->mutex);
      return NULL;
    }
  while (g_get_monotonic_time () < client->deadline)
    {
      int pick = g_rand_int_range (rand, 0, 100);
      gint64 start = g_get_monotonic_time ();
      Op op = OP_INSPECTOR;

      for (int o = 1, sum = 0; o < N_OPS; o++)
        if (pick >= sum && pick < (sum += op_weights[o]))
          op = o;
      g_clear_error (&error);
      if (!gw_store_sync (store, NULL, &error))
        {
          count_error (client, error);
          continue;
        }
      record (client, OP_SYNC, start);

      start = g_get_monotonic_time ();
      if (op == OP_INSPECTOR)
        {
          const GwCase *kase = open->len > 0 ? g_ptr_array_index (open, g_rand_int_range (rand, 0, open->len)) : NULL;
          g_autoptr (GwGridSummary) summary = NULL;
          g_autoptr (GPtrArray) households = NULL, cases = NULL, workers = NULL;

          if (kase == NULL)
            continue;
          summary = gw_inspector_grid_summary (store, kase->grid_id, now, &error);
          households = summary != NULL ? gw_inspector_households (store, kase->grid_id, 0, &error) : NULL;
          cases = households != NULL ? gw_inspector_open_cases (store, kase->grid_id, now, &error) : NULL;
          workers = cases != NULL ? gw_inspector_grid_workers (store, kase->grid_id, &error) : NULL;
          if (workers == NULL)
            count_error (client, error);
          else
            record (client, op, start);
        }
      else if (op == OP_LIST)
        {
          g_autoptr (GPtrArray) listed = gw_case_list (store, 0, GW_CASE_LIST_OPEN, now, &error);

          if (listed == NULL)
            count_error (client, error);
          else
            {
              record (client, op, start);
              g_ptr_array_unref (open);
              open = g_steal_pointer (&listed);
            }
        }
      else
        do_write (client, store, user, op, open, rand);
    }

  /* What the copy holds at the end, after the others' last writes. */
  g_mutex_lock (&client->finish->mutex);
  if (--client->finish->working == 0)
    g_cond_broadcast (&client->finish->cond);
  while (client->finish->working > 0)
    g_cond_wait (&client->finish->cond, &client->finish->mutex);
  g_mutex_unlock (&client->finish->mutex);
  if (gw_store_sync (store, NULL, NULL))
    gw_store_case_digest (store, &client->copy.cases, &client->copy.versions, &client->copy.events,
                          NULL);
  return NULL;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *sorted,
            double  p)
{
  if (sorted->len == 0)
    return 0;
  return g_array_index (sorted, double, MIN (sorted->len - 1, (guint) (p * sorted->len)));
}

/* Signs the clients up and makes each street's working copy once. */
static GPtrArray *
prepare_clients (const char  *uri,
                 int          n_clients,
                 GError     **error)
{
  g_auto (GStrv) streets = gw_pg_list_streets (uri, error);
  g_autoptr (GPtrArray) clients = g_ptr_array_new_with_free_func (client_free);
  g_autoptr (GHashTable) seeds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (streets == NULL)
    return NULL;
  if (streets[0] == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND, _("The server holds no street; push one first"));
      return NULL;
    }
  for (int i = 0; i < n_clients; i++)
    {
      Client *client = g_new0 (Client, 1);
      g_autofree char *role = g_strdup_printf ("gw_bench_%d", i);
      GwPgSignUp request = { role, NULL, "supervisor", FALSE, NULL };
      g_autoptr (GwStore) store = NULL;
      const char *seed;

      client->index = i;
      client->street_code = g_strdup (streets[i % g_strv_length (streets)]);
      for (int op = 0; op < N_OPS; op++)
        client->samples[op] = g_array_new (FALSE, FALSE, sizeof (double));
      g_ptr_array_add (clients, client);
      request.street_code = client->street_code;
      client->location = gw_pg_location_for_role (uri, role, client->street_code, error);
      if (client->location == NULL || !gw_pg_sign_up (uri, &request, error))
        return NULL;

      /* The street's first client copies it from the server; the others
       * start from that copy, as if they had opened it before. */
      seed = g_hash_table_lookup (seeds, client->street_code);
      if (seed != NULL)
        {
          g_autofree char *path = gw_store_get_server_copy_path (client->location, error);
          g_autoptr (GFile) from = g_file_new_for_path (seed);
          g_autoptr (GFile) to = NULL;
          g_autofree char *folder = NULL;

          if (path == NULL)
            return NULL;
          folder = g_path_get_dirname (path);
          g_mkdir_with_parents (folder, 0700);
          to = g_file_new_for_path (path);
          if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error))
            return NULL;
          continue;
        }
      fprintf (stderr, _("Copying street %s from the server…"), client->street_code);
      fputc ('\n', stderr);
      store = gw_store_open (client->location, GW_STORE_OPEN_DEFAULT, error);
      if (store == NULL)
        return NULL;
      g_hash_table_insert (seeds, g_strdup (client->street_code), g_strdup (gw_store_get_path (store)));
    }
  return g_steal_pointer (&clients);
}

static void
print_figures (GPtrArray *clients,
               int        seconds)
{
  guint total = 0, errors = 0, conflicts = 0, refusals = 0;

  printf ("%-10s %8s %9s %9s %9s\n", _("operation"), _("count"), "p50 ms", "p95 ms", "p99 ms");
  for (int op = 0; op < N_OPS; op++)
    {
      g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (double));

      for (guint i = 0; i < clients->len; i++)
        {
          GArray *samples = ((Client *) g_ptr_array_index (clients, i))->samples[op];

          g_array_append_vals (all, samples->data, samples->len);
        }
      g_array_sort (all, compare_doubles);
      if (op != OP_SYNC)
        total += all->len;
      printf ("%-10s %8u %9.2f %9.2f %9.2f\n", op_names[op], all->len, percentile (all, 0.50),
              percentile (all, 0.95), percentile (all, 0.99));
    }
  for (guint i = 0; i < clients->len; i++)
    {
      Client *client = g_ptr_array_index (clients, i);

      errors += client->errors;
      conflicts += client->conflicts;
      refusals += client->refusals;
      if (client->first_error != NULL && errors == client->errors)
        fprintf (stderr, _("First error (client %u): %s\n"), client->index, client->first_error);
    }
  printf (_("clients %u, %d s: %u operations, %.1f per second; errors %u, conflicts %u, "
            "refused by the workflow %u\n"),
          clients->len, seconds, total, (double) total / seconds, errors, conflicts, refusals);
}

/* Nothing lost, nothing twice, every copy equal to the server. */
static gboolean
check_consistency (const char  *uri,
                   GPtrArray   *clients,
                   GHashTable  *before,
                   GError     **error)
{
  GHashTableIter iter;
  gpointer key, value;
  gboolean consistent = TRUE;

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const GwPgCaseDigest *start = value;
      GwPgCaseDigest end;
      gint64 created = 0, events = 0;
      gboolean copies_equal = TRUE;

      if (!gw_pg_case_digest (uri, key, &end, error))
        return FALSE;
      for (guint i = 0; i < clients->len; i++)
        {
          Client *client = g_ptr_array_index (clients, i);

          if (strcmp (client->street_code, key) != 0)
            continue;
          created += client->created;
          events += client->events;
          copies_equal &= client->copy.cases == end.cases && client->copy.versions == end.versions
                          && client->copy.events == end.events;
        }
      printf (_("street %s: cases %" PRId64 " → %" PRId64 " (%" PRId64 " created), history events +%"
                PRId64 " (clients committed +%" PRId64 "), duplicates %" PRId64 ", copies %s\n"),
              (const char *) key, start->cases, end.cases, created, end.events - start->events, events,
              end.cases - end.codes, copies_equal ? _("equal to the server") : _("DIFFER from the server"));
      consistent &= end.cases == start->cases + created && end.codes == end.cases
                    && end.events - start->events == events && copies_equal;
    }
  printf ("%s\n", consistent ? _("Consistent: no case lost or duplicated, every history complete.")
                             : _("NOT CONSISTENT"));
  return consistent;
}

static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (dir);
}

int
gw_cli_bench_server (int    argc,
                     char **argv)
{
  int n_clients = 10, seconds = 30;
  gboolean keep = FALSE;
  const GOptionEntry entries[] = {
    { "clients", 0, 0, G_OPTION_ARG_INT, &n_clients, N_("How many people at once (default 10)"), N_("N") },
    { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, N_("How long they work (default 30)"), N_("S") },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, N_("Keep the clients' working copies"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (_("URI"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) clients = NULL;
  g_autoptr (GPtrArray) threads = g_ptr_array_new ();
  g_autoptr (GHashTable) before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *cache = NULL;
  gint64 deadline;
  gboolean consistent;
  Finish finish = { 0 };

  g_option_context_set_summary (context,
                                _("Drive N clients at once on the district server — each its own "
                                  "login role, connection and working copy — doing the daily mix "
                                  "(inspector, case list, reroute, advance, new case), and check "
                                  "afterwards that no case was lost or duplicated. URI signs in as "
                                  "the server's administrator."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!gw_cli_parse (context, "bench-server", &argc, &argv, 1))
    return 2;
  if (n_clients < 1 || n_clients > 1000 || seconds < 1)
    {
      fprintf (stderr, "gridwork-cli bench-server: %s\n",
               _("--clients must be 1 to 1000 and --seconds at least 1"));
      return 2;
    }

  cache = g_dir_make_tmp ("gw-bench-server-XXXXXX", &error);
  if (cache == NULL)
    return gw_cli_fail ("bench-server", error);
  g_setenv ("GRIDWORK_CACHE_DIR", cache, TRUE);
  clients = prepare_clients (argv[1], n_clients, &error);
  if (clients == NULL)
    goto failed;
  for (guint i = 0; i < clients->len; i++)
    {
      Client *client = g_ptr_array_index (clients, i);
      GwPgCaseDigest *digest = g_new0 (GwPgCaseDigest, 1);

      if (g_hash_table_contains (before, client->street_code))
        {
          g_free (digest);
          continue;
        }
      g_hash_table_insert (before, g_strdup (client->street_code), digest);
      if (!gw_pg_case_digest (argv[1], client->street_code, digest, &error))
        goto failed;
    }

  deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  g_mutex_init (&finish.mutex);
  g_cond_init (&finish.cond);
  finish.working = clients->len;
  for (guint i = 0; i < clients->len; i++)
    {
      Client *client = g_ptr_array_index (clients, i);

      client->deadline = deadline;
      client->finish = &finish;
      g_ptr_array_add (threads, g_thread_new ("bench-client", client_thread, client));
    }
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));
  g_mutex_clear (&finish.mutex);
  g_cond_clear (&finish.cond);

  print_figures (clients, seconds);
  consistent = check_consistency (argv[1], clients, before, &error);
  if (!keep)
    remove_tree (cache);
  if (error != NULL)
    return gw_cli_fail ("bench-server", error);
  return consistent ? 0 : 1;

failed:
  if (!keep)
    remove_tree (cache);
  return gw_cli_fail ("bench-server", error);
}
