/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-plan"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "gw-demo.h"
#include "gw-lot-split.h"
#include "gw-plan.h"
#include "gw-project.h"
#include "gw-store-private.h"
#include "gw-test-store.h"
#include "gw-test-util.h"
#include "gw-util.h"

/* Grid planning (issue 11): drafts from the live grids, painting lots from
 * grid to grid, split, merge, dissolve, lock, undo; the live figures; the
 * auto-suggest on every demo community; commit with history, codes by the
 * standard, open cases that follow, and a refused commit that changes
 * nothing. */

static char *template_path;

typedef struct
{
  char      *dir;
  char      *path;
  GwProject *project;
  GwStore   *store;
  GwUser    *planner;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  f->dir = gw_test_make_tmp_dir ("gw-test-plan");
  f->path = g_build_filename (f->dir, "street.sqlite", NULL);
  g_file_get_contents (template_path, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (f->path, contents, length, &error);
  g_assert_no_error (error);
  f->project = gw_project_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (gw_project_set_user (f->project, "planner", &error));
  g_assert_no_error (error);
  f->store = gw_project_get_store (f->project);
  f->planner = gw_project_get_user (f->project);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->project);
  gw_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static GwPlan *
new_plan (Fixture    *f,
          const char *name)
{
  g_autoptr (GError) error = NULL;
  gint64 id = gw_plan_store_create (f->store, f->planner, name, 0, &error);
  GwPlan *plan;

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  plan = gw_plan_load (f->store, id, &error);
  g_assert_no_error (error);
  return plan;
}

/* The first lot of grid @key that touches a lot of another grid of its
 * community; that other grid in @neighbour. */
static gint
boundary_unit (GwPlan *plan,
               guint   key,
               guint  *neighbour)
{
  GwPlanData *data = gw_plan_get_data (plan);
  const guint *start = (const guint *) data->adj_start->data;
  const guint *adj = (const guint *) data->adj->data;

  for (guint u = 0; u < data->units->len; u++)
    if (gw_plan_grid_of_unit (plan, u) == (gint) key)
      for (guint e = start[u]; e < start[u + 1]; e++)
        {
          gint other = gw_plan_grid_of_unit (plan, adj[e]);

          if (other >= 0 && other != (gint) key)
            {
              *neighbour = other;
              return u;
            }
        }
  return -1;
}

static const GwPlanRow *
row_of (GwPlan *plan,
        guint   key)
{
  return &g_array_index (gw_plan_get_rows (plan), GwPlanRow, key);
}

/* A draft copies the live grids: same lots, same figures as the inspector's
 * households, every demo grid one piece inside the band. */
static void
test_draft (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr (GwPlan) plan = new_plan (f, "草案 一");
  GwPlanSummary summary;
  GArray *rows = gw_plan_get_rows (plan);
  gint64 households = gw_test_query_int (f->store, "SELECT count(*) FROM households");
  double sum = 0;

  gw_plan_get_summary (plan, &summary);
  g_assert_cmpuint (summary.n_grids, ==, 66);
  g_assert_cmpuint (summary.n_inside_band, ==, 66);
  g_assert_cmpuint (summary.n_islands, ==, 0);
  g_assert_cmpuint (summary.n_unassigned, ==, 0);
  g_assert_cmpuint (summary.n_changed, ==, 0);
  g_assert_cmpfloat (summary.mean_polsby_popper, >, 0.3);
  g_assert_cmpfloat (summary.mean_polsby_popper, <=, 1.0);
  for (guint k = 0; k < rows->len; k++)
    {
      const GwPlanRow *row = &g_array_index (rows, GwPlanRow, k);

      sum += row->households;
      g_assert_cmpint (row->households, ==,
                       gw_test_query_int (f->store,
                                          "SELECT count(*) FROM households h "
                                          "JOIN dwellings d ON d.id = h.dwelling_id "
                                          "JOIN buildings b ON b.id = d.building_id "
                                          "JOIN lots l ON l.id = b.lot_id WHERE l.grid_id = ?",
                                          g_array_index (gw_plan_get_data (plan)->grids, GwPlanGrid,
                                                         k).grid_id));
      g_assert_cmpuint (row->parts, ==, 1);
      g_assert_cmpuint (row->workers, >, 0);
    }
  g_assert_cmpfloat (sum, ==, households);
}

/* Painting moves lots between grids, the figures follow, undo and redo
 * walk back and forth, and the lots keep tiling: every lot in exactly one
 * grid of its own community. */
static void
test_paint_undo (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwPlan) plan = new_plan (f, "paint");
  guint neighbour = 0;
  gint unit = boundary_unit (plan, 0, &neighbour);
  double before_a, before_b, weight;
  GwPlanUnit *u;
  guint other_community = 0;
  GwPlanData *pdata = gw_plan_get_data (plan);
  GwPlanSummary summary;

  g_assert_cmpint (unit, >=, 0);
  u = &g_array_index (pdata->units, GwPlanUnit, unit);
  weight = u->households;
  before_a = row_of (plan, 0)->households;
  before_b = row_of (plan, neighbour)->households;
  g_assert_false (gw_plan_can_undo (plan));

  g_assert_true (gw_plan_move_units (plan, (guint *) &unit, 1, neighbour, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (row_of (plan, 0)->households, ==, before_a - weight);
  g_assert_cmpfloat (row_of (plan, neighbour)->households, ==, before_b + weight);
  g_assert_cmpuint (row_of (plan, neighbour)->lots_changed, ==, 1);
  gw_plan_get_summary (plan, &summary);
  g_assert_cmpuint (summary.n_changed, ==, 1);
  g_assert_true (gw_plan_is_dirty (plan));

  /* A grid of another community is refused, naming the lot and both. */
  for (guint k = 0; k < pdata->grids->len; k++)
    if (g_array_index (pdata->grids, GwPlanGrid, k).community_id != u->community_id)
      {
        other_community = k;
        break;
      }
  g_assert_false (gw_plan_move_units (plan, (guint *) &unit, 1, other_community, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "one community"));
  g_clear_error (&error);

  g_assert_true (gw_plan_undo (plan));
  g_assert_cmpfloat (row_of (plan, 0)->households, ==, before_a);
  g_assert_cmpint (gw_plan_grid_of_unit (plan, unit), ==, 0);
  g_assert_true (gw_plan_redo (plan));
  g_assert_cmpint (gw_plan_grid_of_unit (plan, unit), ==, neighbour);
  g_assert_false (gw_plan_redo (plan));

  /* A locked grid keeps its lots. */
  gw_plan_set_locked (plan, neighbour, TRUE);
  g_assert_false (gw_plan_move_units (plan, (guint *) &unit, 1, 0, &error));
  g_assert_nonnull (strstr (error->message, "locked"));
  g_clear_error (&error);
  g_assert_true (gw_plan_undo (plan));   /* the lock */
  g_assert_true (gw_plan_move_units (plan, (guint *) &unit, 1, 0, &error));

  for (guint i = 0; i < pdata->units->len; i++)
    {
      gint key = gw_plan_grid_of_unit (plan, i);

      g_assert_cmpint (key, >=, 0);
      g_assert_cmpint (g_array_index (pdata->grids, GwPlanGrid, key).community_id, ==,
                       g_array_index (pdata->units, GwPlanUnit, i).community_id);
    }
}

/* Split by a line, merge back, dissolve into the neighbours, a new grid;
 * contiguity and Polsby–Popper follow. */
static void
test_split_merge_dissolve (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwPlan) plan = new_plan (f, "edit");
  GwPlanData *pdata = gw_plan_get_data (plan);
  guint n_grids = pdata->grids->len, key = 0, lots;
  double cx = 0, households;
  gint half;
  guint n = 0;

  /* A grid with two lots or more, cut through between their centres. */
  while (row_of (plan, key)->lots < 2)
    key++;
  lots = row_of (plan, key)->lots;
  households = row_of (plan, key)->households;
  for (guint u = 0; u < pdata->units->len; u++)
    if (gw_plan_grid_of_unit (plan, u) == (gint) key)
      {
        cx += g_array_index (pdata->units, GwPlanUnit, u).x;
        n++;
      }
  cx /= n;
  half = gw_plan_split (plan, key, cx, -1e5, cx, 1e5, &error);
  g_assert_no_error (error);
  g_assert_cmpint (half, ==, n_grids);
  g_assert_cmpuint (pdata->grids->len, ==, n_grids + 1);
  g_assert_cmpuint (row_of (plan, key)->lots + row_of (plan, half)->lots, ==, lots);
  g_assert_cmpfloat (row_of (plan, key)->households + row_of (plan, half)->households, ==,
                     households);
  g_assert_true (row_of (plan, half)->is_new);

  /* A line that misses the grid is refused. */
  g_assert_cmpint (gw_plan_split (plan, key, 1e6, -1e5, 1e6, 1e5, &error), ==, -1);
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (gw_plan_merge (plan, key, half, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (row_of (plan, key)->lots, ==, lots);
  g_assert_cmpuint (row_of (plan, half)->band, ==, GW_PLAN_BAND_EMPTY);

  /* Undo the merge and the split: the grid is gone again. */
  g_assert_true (gw_plan_undo (plan));
  g_assert_true (gw_plan_undo (plan));
  g_assert_cmpuint (pdata->grids->len, ==, n_grids);
  g_assert_cmpuint (row_of (plan, key)->lots, ==, lots);

  /* Dissolve: every lot to a neighbour; the rest of the street is whole. */
  g_assert_true (gw_plan_dissolve (plan, key, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (row_of (plan, key)->lots, ==, 0);
  {
    GwPlanSummary summary;

    gw_plan_get_summary (plan, &summary);
    g_assert_cmpuint (summary.n_grids, ==, n_grids - 1);
    g_assert_cmpuint (summary.n_unassigned, ==, 0);
    g_assert_cmpuint (summary.n_islands, ==, 0);
    g_assert_cmpuint (summary.n_changed, ==, lots);
  }
}

/* Auto-suggest on every demo community: contiguous grids, deterministic
 * for a seed; minimal change on a valid plan changes nothing. */
static void
test_suggest (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwPlan) plan = new_plan (f, "suggest");
  g_autoptr (GwPlan) again = new_plan (f, "suggest again");
  GwPlanData *pdata = gw_plan_get_data (plan);
  GHashTableIter iter;
  gpointer community;

  g_hash_table_iter_init (&iter, pdata->community_codes);
  while (g_hash_table_iter_next (&iter, &community, NULL))
    {
      gint64 id = GPOINTER_TO_SIZE (community);
      GwPlanSuggestOptions minimal = { 0, FALSE, 7 }, scratch = { 0, TRUE, 7 };
      GwPartitionReport report;

      g_assert_true (gw_plan_suggest (plan, id, &minimal, &report, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (report.n_changed, ==, 0);
      g_assert_cmpuint (report.n_islands, ==, 0);

      g_assert_true (gw_plan_suggest (plan, id, &scratch, &report, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (report.n_islands, ==, 0);
      g_assert_true (gw_plan_suggest (again, id, &scratch, NULL, &error));
      g_assert_no_error (error);
    }
  {
    GwPlanData *other = gw_plan_get_data (again);
    GwPlanSummary summary;

    g_assert_cmpuint (pdata->grids->len, ==, other->grids->len);
    for (guint u = 0; u < pdata->units->len; u++)
      g_assert_cmpint (gw_plan_grid_of_unit (plan, u), ==, gw_plan_grid_of_unit (again, u));
    gw_plan_get_summary (plan, &summary);
    g_assert_cmpuint (summary.n_islands, ==, 0);
    g_assert_cmpuint (summary.n_unassigned, ==, 0);
  }
}

/* Edges with a road of @road or higher whose two lots share a grid. */
static guint
roads_crossed (GwPlan     *plan,
               GwPlanRoad  road)
{
  GwPlanData *data = gw_plan_get_data (plan);
  const guint *start = (const guint *) data->adj_start->data;
  const guint *adj = (const guint *) data->adj->data;
  const guint8 *edge_road = (const guint8 *) data->edge_road->data;
  guint n = 0;

  for (guint u = 0; u < data->units->len; u++)
    for (guint e = start[u]; e < start[u + 1]; e++)
      n += adj[e] > u && edge_road[e] >= road
           && gw_plan_grid_of_unit (plan, u) == gw_plan_grid_of_unit (plan, adj[e]);
  return n;
}

/* Roads as boundaries: lot boundaries along the demo's roads are known,
 * and a suggestion told to keep to secondary roads crosses fewer of them
 * than one told nothing. */
static void
test_suggest_roads (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwPlan) keep = new_plan (f, "along roads");
  g_autoptr (GwPlan) ignore = new_plan (f, "across roads");
  GwPlanData *pdata = gw_plan_get_data (keep);
  GHashTableIter iter;
  gpointer community;
  guint along = 0;

  for (guint e = 0; e < pdata->edge_road->len; e++)
    along += g_array_index (pdata->edge_road, guint8, e) >= GW_PLAN_ROAD_SECONDARY;
  g_test_message ("%u of %u lot boundaries run along a secondary or main road", along / 2,
                  pdata->edge_road->len / 2);
  g_assert_cmpuint (along, >, 0);

  g_hash_table_iter_init (&iter, pdata->community_codes);
  while (g_hash_table_iter_next (&iter, &community, NULL))
    {
      GwPlanSuggestOptions roads = { 0, TRUE, 3, GW_PLAN_ROAD_SECONDARY };
      GwPlanSuggestOptions none = { 0, TRUE, 3, GW_PLAN_ROAD_NONE };

      g_assert_true (gw_plan_suggest (keep, GPOINTER_TO_SIZE (community), &roads, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (gw_plan_suggest (ignore, GPOINTER_TO_SIZE (community), &none, NULL, &error));
      g_assert_no_error (error);
    }
  g_test_message ("roads crossed: %u keeping to them, %u ignoring them",
                  roads_crossed (keep, GW_PLAN_ROAD_SECONDARY),
                  roads_crossed (ignore, GW_PLAN_ROAD_SECONDARY));
  g_assert_cmpuint (roads_crossed (keep, GW_PLAN_ROAD_SECONDARY), <,
                    roads_crossed (ignore, GW_PLAN_ROAD_SECONDARY));
}

/* Saving and loading keep the draft; a stale copy is refused; staff may
 * not plan. */
static void
test_save (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwPlan) plan = new_plan (f, "save");
  g_autoptr (GwPlan) stale = gw_plan_load (f->store, gw_plan_get_id (plan), &error);
  g_autoptr (GwPlan) loaded = NULL;
  g_autoptr (GwUser) staff = gw_user_load (f->store, "staff1", &error);
  guint neighbour = 0;
  gint unit = boundary_unit (plan, 3, &neighbour);

  g_assert_no_error (error);
  g_assert_true (gw_plan_move_units (plan, (guint *) &unit, 1, neighbour, &error));
  g_assert_true (gw_plan_save (plan, f->store, f->planner, &error));
  g_assert_no_error (error);
  g_assert_false (gw_plan_is_dirty (plan));

  loaded = gw_plan_load (f->store, gw_plan_get_id (plan), &error);
  g_assert_no_error (error);
  g_assert_cmpint (gw_plan_grid_of_unit (loaded, unit), ==, neighbour);

  g_assert_true (gw_plan_move_units (stale, (guint *) &unit, 1, 3, &error));
  g_assert_false (gw_plan_save (stale, f->store, f->planner, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  g_assert_false (gw_plan_save (loaded, f->store, staff, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_cmpint (gw_plan_store_create (f->store, staff, "nope", 0, &error), ==, 0);
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED);
}

/* What a commit must leave alone when it is refused. */
static char *
fingerprint (GwStore *store)
{
  g_autofree char *lots = gw_test_query_text (store, "SELECT group_concat (grid_id) FROM "
                                                     "(SELECT grid_id FROM lots ORDER BY id)");
  g_autofree char *versions = gw_test_query_text (store, "SELECT group_concat (version) FROM "
                                                         "grid_plans");

  return g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%s/%s",
                          gw_test_query_int (store, "SELECT count(*) FROM grids"),
                          gw_test_query_int (store, "SELECT count(*) FROM grid_history"),
                          gw_test_query_int (store, "SELECT count(*) FROM audit_log"),
                          lots, versions);
}

/* Commit: a boundary lot moved and a new grid split off. Grids become the
 * dissolve of their lots, the new one coded by the standard; history kept;
 * households and open cases follow; a refused commit changes nothing. */
static void
test_commit (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwPlan) plan = new_plan (f, "commit");
  GwPlanData *pdata = gw_plan_get_data (plan);
  GwPlanCommitReport report = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after_refusal = NULL;
  g_autofree char *expected_code = NULL;
  guint neighbour = 0, key = 1;
  gint unit = boundary_unit (plan, 0, &neighbour), half, far = -1;
  gint64 lot_id = g_array_index (pdata->units, GwPlanUnit, unit).lot_id;
  gint64 moved_households;
  double cx = 0;
  guint n = 0;

  /* An island: a lot moved to a grid of its community it does not touch. */
  for (guint k = 0; k < pdata->grids->len && far < 0; k++)
    {
      const GwPlanGrid *grid = &g_array_index (pdata->grids, GwPlanGrid, k);
      guint other;

      if (k == 0 || k == neighbour
          || grid->community_id != g_array_index (pdata->grids, GwPlanGrid, 0).community_id)
        continue;
      far = k;
      /* Must not border the lot. */
      for (guint e = g_array_index (pdata->adj_start, guint, unit);
           e < g_array_index (pdata->adj_start, guint, unit + 1); e++)
        if (gw_plan_grid_of_unit (plan, g_array_index (pdata->adj, guint, e)) == (gint) k)
          far = -1;
      (void) other;
    }
  g_assert_cmpint (far, >=, 0);
  before = fingerprint (f->store);
  g_assert_true (gw_plan_move_units (plan, (guint *) &unit, 1, far, &error));
  g_assert_false (gw_plan_commit (plan, f->store, f->planner, &report, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "parts"));
  g_clear_error (&error);
  after_refusal = fingerprint (f->store);
  g_assert_cmpstr (before, ==, after_refusal);
  g_assert_true (gw_plan_undo (plan));

  /* The real plan. */
  g_assert_true (gw_plan_move_units (plan, (guint *) &unit, 1, neighbour, &error));
  while (row_of (plan, key)->lots < 2 || key == neighbour)
    key++;
  for (guint u = 0; u < pdata->units->len; u++)
    if (gw_plan_grid_of_unit (plan, u) == (gint) key)
      {
        cx += g_array_index (pdata->units, GwPlanUnit, u).x;
        n++;
      }
  half = gw_plan_split (plan, key, cx / n, -1e5, cx / n, 1e5, &error);
  g_assert_no_error (error);
  expected_code = g_strdup_printf ("%s%03" G_GINT64_FORMAT,
                                   (const char *) g_hash_table_lookup (pdata->community_codes,
                                                                       GSIZE_TO_POINTER ((gsize) g_array_index (pdata->grids, GwPlanGrid, key).community_id)),
                                   gw_test_query_int (f->store,
                                                      "SELECT max (CAST (substr (code, 13, 3) AS INTEGER)) "
                                                      "FROM grids WHERE community_id = ?",
                                                      g_array_index (pdata->grids, GwPlanGrid, key).community_id) + 1);
  moved_households = row_of (plan, neighbour)->households;

  gw_plan_commit (plan, f->store, f->planner, &report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report.grids_new, ==, 1);
  g_assert_cmpuint (report.grids_changed, ==, 3);
  g_assert_cmpuint (report.grids_retired, ==, 0);
  g_assert_cmpuint (report.lots_moved, >=, 2);
  g_assert_cmpuint (report.without_team->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (report.without_team, 0), ==, expected_code);
  gw_plan_commit_report_clear (&report);

  /* The new grid, coded by the standard, is the dissolve of its lots. */
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT count(*) FROM grids", 0), ==, 67);
  g_assert_cmpstr (g_array_index (pdata->grids, GwPlanGrid, half).code, ==, expected_code);
  g_assert_cmpint (gw_test_query_int (f->store,
                                      "SELECT count(*) FROM grids g WHERE abs (ST_Area (g.geom) - "
                                      "(SELECT sum (ST_Area (l.geom)) FROM lots l WHERE l.grid_id = g.id)) "
                                      "> 1e-12"), ==, 0);
  g_assert_cmpint (gw_test_query_int (f->store,
                                      "SELECT count(*) FROM grids g WHERE ST_NumGeometries (g.geom) <> 1 "
                                      ""), ==, 0);
  /* History: the three changed grids' old shapes, the moved lots' old grid. */
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT count(*) FROM grid_history"),
                   ==, 3);
  g_assert_cmpint (gw_test_query_int (f->store,
                                      "SELECT count(*) FROM lot_grid_history WHERE lot_id = ?", lot_id),
                   ==, 1);
  /* Households follow their buildings: the grid's count is the plan's. */
  g_assert_cmpint (gw_test_query_int (f->store,
                                      "SELECT count(*) FROM households h JOIN dwellings d ON d.id = h.dwelling_id "
                                      "JOIN buildings b ON b.id = d.building_id JOIN lots l ON l.id = b.lot_id "
                                      "WHERE l.grid_id = ?",
                                      g_array_index (pdata->grids, GwPlanGrid, neighbour).grid_id),
                   ==, moved_households);
  /* Every open case with a place is in the grid of the lot that holds it. */
  g_assert_cmpint (gw_test_query_int (f->store,
                                      "SELECT count(*) FROM cases k JOIN lots l ON ST_Intersects (l.geom, k.geom) "
                                      "AND l.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'lots' "
                                      "AND search_frame = k.geom) WHERE k.status IN ('reported', 'registered', "
                                      "'dispatched', 'in_progress', 'done_reported', 'rework', 'deferred') "
                                      "AND l.grid_id <> k.grid_id"), ==, 0);
  g_assert_cmpint (gw_test_query_int (f->store,
                                      "SELECT count(*) FROM audit_log WHERE action = 'plan_commit' AND object = "
                                      "'plan:' || ?", gw_plan_get_id (plan)), ==, 1);
  /* A committed plan is history: it cannot change. */
  g_assert_false (gw_plan_move_units (plan, (guint *) &unit, 1, 0, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID);
}

/* The CLI: new, move, check (non-zero while a grid is out of the band),
 * suggest, commit refused to staff, list. */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwPlan) plan = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *building = NULL;
  g_autofree char *expected_line = NULL;
  const char *create[] = { "plan", "new", f->path, "--name", "二〇二七", "--user", "planner", NULL };
  const char *check[] = { "plan", "check", f->path, "1", NULL };
  const char *narrow[] = { "plan", "check", f->path, "1", "--min", "0", "--max", "1", NULL };
  const char *move[] = { "plan", "move", f->path, "1", "--building", NULL, "--to-grid", NULL,
                         "--user", "planner", NULL };
  const char *suggest[] = { "plan", "suggest", f->path, "1", "--community", NULL,
                            "--user", "planner", NULL };
  const char *commit[] = { "plan", "commit", f->path, "1", "--user", "staff1", NULL };
  const char *list[] = { "plan", "list", f->path, NULL };
  GHashTableIter iter;
  gpointer key, value;
  GwPlanData *pdata;
  GwPlanGrid *to;
  guint neighbour = 0;
  gint unit;

  g_assert_cmpint (gw_test_run_cli (create, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "1\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gw_test_run_cli (check, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "66 grids, 66 inside the band, 0 islands"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gw_test_run_cli (narrow, &out, &err), ==, 1);
  g_assert_nonnull (strstr (out, "over the band of 0–1"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A building of a boundary lot into the neighbouring grid. */
  plan = gw_plan_load (f->store, 1, &error);
  g_assert_no_error (error);
  pdata = gw_plan_get_data (plan);
  unit = boundary_unit (plan, 0, &neighbour);
  g_hash_table_iter_init (&iter, pdata->building_unit);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_INT (value) - 1 == unit)
      building = g_strdup_printf ("%" G_GSIZE_FORMAT, GPOINTER_TO_SIZE (key));
  to = &g_array_index (pdata->grids, GwPlanGrid, neighbour);
  move[5] = building;
  move[7] = to->code;
  g_assert_cmpint (gw_test_run_cli (move, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  expected_line = g_strdup_printf ("%s\t%.0f\t", to->code,
                                   row_of (plan, neighbour)->households
                                   + g_array_index (pdata->units, GwPlanUnit, unit).households);
  g_assert_cmpint (gw_test_run_cli (check, &out, &err), >=, 0);
  g_assert_nonnull (strstr (out, expected_line));
  g_assert_nonnull (strstr (out, "1 lots changed"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Minimal change puts the community back inside the band. */
  suggest[5] = g_hash_table_lookup (pdata->community_codes,
                                    GSIZE_TO_POINTER ((gsize) to->community_id));
  g_assert_cmpint (gw_test_run_cli (suggest, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gw_test_run_cli (check, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (gw_test_run_cli (commit, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "for planners"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (gw_test_run_cli (list, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "1\tdraft\t二〇二七\tplanner\t"));
}

/* Lots per building (the demo is made so): a grid whose buildings share
 * one lot — as an office's compound file gives them — is divided again:
 * each building its own lot inside it, the lots tiling the grid with no
 * crack (its dissolve is one piece of the same area), drafts following,
 * staff refused. */
static void
test_split_lots (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GwPlan) before = NULL;
  g_autoptr (GwPlan) after = NULL;
  g_autoptr (GwUser) staff = gw_user_load (f->store, "staff1", &error);
  gint64 grid = gw_test_query_int (f->store, "SELECT min(id) FROM grids");
  gint64 lot = gw_test_query_int (f->store, "SELECT min(id) FROM lots WHERE grid_id = ?", grid);
  gint64 n_buildings = gw_test_query_int (f->store,
                                          "SELECT count(*) FROM buildings b JOIN lots l ON "
                                          "l.id = b.lot_id WHERE l.grid_id = ?", grid);
  g_autofree char *area = NULL;
  g_autofree char *area_after = NULL;
  g_autofree char *sql = NULL;
  GwLotSplitReport report;
  GwPlanSummary summary;

  /* The grid's buildings in one lot, shaped like the grid. */
  sql = g_strdup_printf ("UPDATE buildings SET lot_id = %" G_GINT64_FORMAT " WHERE lot_id IN "
                         "(SELECT id FROM lots WHERE grid_id = %" G_GINT64_FORMAT ");"
                         "UPDATE lots SET geom = (SELECT geom FROM grids WHERE id = %" G_GINT64_FORMAT
                         ") WHERE id = %" G_GINT64_FORMAT ";"
                         "DELETE FROM lots WHERE grid_id = %" G_GINT64_FORMAT " AND id <> %"
                         G_GINT64_FORMAT ";",
                         lot, grid, grid, lot, grid, lot);
  gw_test_exec_sql (f->store, sql);
  area = gw_test_query_text (f->store, "SELECT round (ST_Area (geom), 12) FROM grids WHERE id = ?",
                             grid);
  before = new_plan (f, "before the split");

  g_assert_false (gw_lots_split_by_building (f->store, staff, 0, &report, &error));
  g_assert_error (error, GW_STORE_ERROR, GW_STORE_ERROR_DENIED);
  g_clear_error (&error);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT count(*) FROM lots WHERE grid_id = ?",
                                      grid), ==, 1);

  g_assert_true (gw_lots_split_by_building (f->store, f->planner, 0, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.lots_split, ==, 1);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT count(*) FROM lots WHERE grid_id = ?",
                                      grid), ==, n_buildings);
  g_assert_cmpint (gw_test_query_int (f->store,
                                      "SELECT count(*) FROM buildings b JOIN lots l ON l.id = b.lot_id "
                                      "WHERE l.grid_id = ? AND ST_Within (b.geom, l.geom) = 1", grid),
                   ==, n_buildings);
  g_assert_cmpint (gw_test_query_int (f->store,
                                      "SELECT ST_NumGeometries (ST_Union (geom)) FROM lots "
                                      "WHERE grid_id = ?", grid), ==, 1);
  area_after = gw_test_query_text (f->store, "SELECT round (sum (ST_Area (geom)), 12) FROM lots "
                                             "WHERE grid_id = ?", grid);
  g_assert_cmpstr (area, ==, area_after);
  g_assert_cmpint (gw_test_query_int (f->store, "SELECT count(*) FROM audit_log WHERE action = "
                                                "'lots_split'"), ==, 1);

  /* The draft made before knows the new lots, in the same grid. */
  after = gw_plan_load (f->store, gw_plan_get_id (before), &error);
  g_assert_no_error (error);
  gw_plan_get_summary (after, &summary);
  g_assert_cmpuint (summary.n_unassigned, ==, 0);
  g_assert_cmpuint (summary.n_changed, ==, 0);
  g_assert_cmpuint (summary.n_islands, ==, 0);
  g_assert_cmpuint (g_array_index (gw_plan_get_rows (after), GwPlanRow, 0).lots, ==, n_buildings);
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

  dir = g_dir_make_tmp ("gw-test-plan-template-XXXXXX", &error);
  g_assert_no_error (error);
  template_path = g_build_filename (dir, "street.sqlite", NULL);
  today = g_date_time_new (gw_china_time_zone (), 2026, 11, 20, 18, 0, 0);
  if (!gw_demo_generate (template_path, GW_DEMO_SCALE_STREET, 3, today, NULL, NULL, &error))
    g_error ("%s", error->message);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/plan/draft", test_draft);
  ADD ("/plan/paint-undo", test_paint_undo);
  ADD ("/plan/split-merge-dissolve", test_split_merge_dissolve);
  ADD ("/plan/suggest", test_suggest);
  ADD ("/plan/suggest-roads", test_suggest_roads);
  ADD ("/plan/save", test_save);
  ADD ("/plan/commit", test_commit);
  ADD ("/plan/cli", test_cli);
  ADD ("/plan/split-lots", test_split_lots);
  status = g_test_run ();

  gw_test_remove_tree (dir);
  g_free (template_path);
  return status;
}
