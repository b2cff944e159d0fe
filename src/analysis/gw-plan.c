/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-plan"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-error.h"
#include "gw-plan.h"

/* One undoable step: lots that moved, a grid the step added, a lock. */
typedef struct
{
  guint unit;
  gint  from, to;
} Move;

typedef struct
{
  GArray *moves;         /* of Move */
  gint    added_key;     /* the first grid the step appends (at this key), or -1 */
  guint   n_added;       /* how many grids it appends, all in one community */
  gint64  added_community;
  gint    lock_key;      /* a grid whose lock the step flipped, or -1 */
} Step;

struct _GwPlan
{
  GObject        parent_instance;

  GwPlanData    *data;
  double         band_min, band_max;
  GwPlanBalance  balance;

  GPtrArray     *undo;   /* of Step */
  GPtrArray     *redo;
  guint          saved_depth;   /* undo->len when last saved; G_MAXUINT: never */

  /* The live table, computed when asked after a change. */
  gboolean       rows_valid;
  GArray        *rows;          /* of GwPlanRow */
  double        *weights;       /* per unit, of the balance */
  GwPlanSummary  summary;
};

G_DEFINE_FINAL_TYPE (GwPlan, gw_plan, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const balance_keys[] = { "households", "residents", "dwellings", "buildings" };

gboolean
gw_plan_balance_from_key (const char    *key,
                          GwPlanBalance *balance)
{
  for (guint i = 0; i < G_N_ELEMENTS (balance_keys); i++)
    if (g_strcmp0 (key, balance_keys[i]) == 0)
      {
        *balance = i;
        return TRUE;
      }
  return FALSE;
}

const char *
gw_plan_band_label (GwPlanBand band)
{
  switch (band)
    {
    case GW_PLAN_BAND_EMPTY: return C_("grid band", "empty");
    case GW_PLAN_BAND_UNDER: return C_("grid band", "under");
    case GW_PLAN_BAND_INSIDE: return C_("grid band", "inside");
    case GW_PLAN_BAND_OVER: return C_("grid band", "over");
    default: return "";
    }
}

static void
step_free (gpointer data)
{
  Step *step = data;

  g_array_unref (step->moves);
  g_free (step);
}

static Step *
step_new (void)
{
  Step *step = g_new0 (Step, 1);

  step->moves = g_array_new (FALSE, FALSE, sizeof (Move));
  step->added_key = -1;
  step->lock_key = -1;
  return step;
}

static inline gint *
assignment_of (GwPlan *self)
{
  return (gint *) self->data->assignment->data;
}

static inline GwPlanUnit *
unit_at (GwPlan *self,
         guint   unit)
{
  return &g_array_index (self->data->units, GwPlanUnit, unit);
}

static inline GwPlanGrid *
grid_at (GwPlan *self,
         guint   key)
{
  return &g_array_index (self->data->grids, GwPlanGrid, key);
}

static void
changed (GwPlan *self)
{
  self->rows_valid = FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
}

/* {{{ Steps and undo */

static void
push_step (GwPlan *self,
           Step   *step)
{
  g_ptr_array_add (self->undo, step);
  g_ptr_array_set_size (self->redo, 0);
  if (self->saved_depth != G_MAXUINT && self->saved_depth >= self->undo->len)
    self->saved_depth = G_MAXUINT;
  changed (self);
}

static guint
append_grid (GwPlan *self,
             gint64  community_id)
{
  GwPlanGrid grid = { 0, community_id, g_strdup (""), g_strdup (""), FALSE, 0 };

  g_array_append_val (self->data->grids, grid);
  return self->data->grids->len - 1;
}

static void
apply_step (GwPlan *self,
            Step   *step,
            gboolean forward)
{
  gint *assignment = assignment_of (self);

  for (guint i = 0; forward && step->added_key >= 0 && i < step->n_added; i++)
    append_grid (self, step->added_community);
  for (guint i = 0; i < step->moves->len; i++)
    {
      const Move *move = &g_array_index (step->moves, Move, forward ? i : step->moves->len - 1 - i);

      assignment[move->unit] = forward ? move->to : move->from;
    }
  if (step->lock_key >= 0)
    grid_at (self, step->lock_key)->locked = !grid_at (self, step->lock_key)->locked;
  if (!forward && step->added_key >= 0)
    g_array_set_size (self->data->grids, step->added_key);
}

gboolean
gw_plan_can_undo (GwPlan *self)
{
  g_return_val_if_fail (GW_IS_PLAN (self), FALSE);

  return self->undo->len > 0;
}

gboolean
gw_plan_can_redo (GwPlan *self)
{
  g_return_val_if_fail (GW_IS_PLAN (self), FALSE);

  return self->redo->len > 0;
}

gboolean
gw_plan_undo (GwPlan *self)
{
  Step *step;

  g_return_val_if_fail (GW_IS_PLAN (self), FALSE);

  if (self->undo->len == 0)
    return FALSE;
  step = g_ptr_array_steal_index (self->undo, self->undo->len - 1);
  apply_step (self, step, FALSE);
  g_ptr_array_add (self->redo, step);
  changed (self);
  return TRUE;
}

gboolean
gw_plan_redo (GwPlan *self)
{
  Step *step;

  g_return_val_if_fail (GW_IS_PLAN (self), FALSE);

  if (self->redo->len == 0)
    return FALSE;
  step = g_ptr_array_steal_index (self->redo, self->redo->len - 1);
  apply_step (self, step, TRUE);
  g_ptr_array_add (self->undo, step);
  changed (self);
  return TRUE;
}

gboolean
gw_plan_is_dirty (GwPlan *self)
{
  g_return_val_if_fail (GW_IS_PLAN (self), FALSE);

  return self->saved_depth != self->undo->len;
}

/* }}} */
/* {{{ Editing */

static const char *
grid_label (GwPlan *self,
            guint   key)
{
  const GwPlanGrid *grid = grid_at (self, key);

  if (*grid->code != '\0')
    return grid->code;
  if (*grid->name != '\0')
    return grid->name;
  return _("the new grid");
}

static gboolean
check_key (GwPlan  *self,
           guint    key,
           GError **error)
{
  if (key < self->data->grids->len)
    return TRUE;
  g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
               _("Plan “%s” has no grid %u"), self->data->info.name, key);
  return FALSE;
}

static gboolean
check_editable (GwPlan  *self,
                GError **error)
{
  if (g_strcmp0 (self->data->info.state, "draft") == 0)
    return TRUE;
  g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
               _("Plan “%s” is committed: branch a new draft to change it"),
               self->data->info.name);
  return FALSE;
}

/* Adds the move of @unit to @key to @step, or says why it may not. */
static gboolean
add_move (GwPlan  *self,
          Step    *step,
          guint    unit,
          guint    key,
          GError **error)
{
  GwPlanUnit *u = unit_at (self, unit);
  gint from = assignment_of (self)[unit];
  Move move = { unit, from, key };

  if (from == (gint) key)
    return TRUE;
  if (u->community_id != grid_at (self, key)->community_id)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("Lot %" PRId64 " is in community %s; grid %s is in %s: a grid stays "
                     "inside one community"),
                   u->lot_id,
                   (const char *) g_hash_table_lookup (self->data->community_names,
                                                       GSIZE_TO_POINTER ((gsize) u->community_id)),
                   grid_label (self, key),
                   (const char *) g_hash_table_lookup (self->data->community_names,
                                                       GSIZE_TO_POINTER ((gsize) grid_at (self, key)->community_id)));
      return FALSE;
    }
  if (grid_at (self, key)->locked || (from >= 0 && grid_at (self, from)->locked))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("Grid %s is locked: unlock it to change its lots"),
                   grid_label (self, grid_at (self, key)->locked ? key : (guint) from));
      return FALSE;
    }
  g_array_append_val (step->moves, move);
  return TRUE;
}

static gboolean
commit_step (GwPlan *self,
             Step   *step)
{
  if (step->moves->len == 0 && step->added_key < 0 && step->lock_key < 0)
    {
      step_free (step);
      return TRUE;
    }
  apply_step (self, step, TRUE);
  push_step (self, step);
  return TRUE;
}

gboolean
gw_plan_move_units (GwPlan       *self,
                    const guint  *units,
                    guint         n_units,
                    guint         key,
                    GError      **error)
{
  Step *step;

  g_return_val_if_fail (GW_IS_PLAN (self), FALSE);

  if (!check_editable (self, error) || !check_key (self, key, error))
    return FALSE;
  step = step_new ();
  for (guint i = 0; i < n_units; i++)
    if (units[i] >= self->data->units->len || !add_move (self, step, units[i], key, error))
      {
        if (units[i] >= self->data->units->len)
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
                       _("Plan “%s” has no lot %u"), self->data->info.name, units[i]);
        step_free (step);
        return FALSE;
      }
  return commit_step (self, step);
}

gint
gw_plan_unit_of_building (GwPlan *self,
                          gint64  building_id)
{
  g_return_val_if_fail (GW_IS_PLAN (self), -1);

  return GPOINTER_TO_INT (g_hash_table_lookup (self->data->building_unit,
                                               GSIZE_TO_POINTER ((gsize) building_id))) - 1;
}

gint
gw_plan_grid_of_unit (GwPlan *self,
                      guint   unit)
{
  g_return_val_if_fail (GW_IS_PLAN (self), -1);
  g_return_val_if_fail (unit < self->data->units->len, -1);

  return assignment_of (self)[unit];
}

gint
gw_plan_unit_of_lot (GwPlan *self,
                     gint64  lot_id)
{
  g_return_val_if_fail (GW_IS_PLAN (self), -1);

  return gw_plan_data_unit_of_lot (self->data, lot_id);
}

void
gw_plan_lonlat_to_local (GwPlan *self,
                         double  longitude,
                         double  latitude,
                         double *x,
                         double *y)
{
  g_return_if_fail (GW_IS_PLAN (self));

  gw_plan_data_lonlat_to_local (self->data, longitude, latitude, x, y);
}

gboolean
gw_plan_move_building (GwPlan  *self,
                       gint64   building_id,
                       guint    key,
                       GError **error)
{
  gint unit;
  guint u;

  g_return_val_if_fail (GW_IS_PLAN (self), FALSE);

  unit = gw_plan_unit_of_building (self, building_id);
  if (unit < 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
                   _("There is no building %" PRId64 " in plan “%s”"), building_id,
                   self->data->info.name);
      return FALSE;
    }
  u = unit;
  return gw_plan_move_units (self, &u, 1, key, error);
}

guint
gw_plan_add_grid (GwPlan *self,
                  gint64  community_id)
{
  Step *step;
  guint key;

  g_return_val_if_fail (GW_IS_PLAN (self), 0);

  key = self->data->grids->len;
  step = step_new ();
  step->added_key = key;
  step->n_added = 1;
  step->added_community = community_id;
  commit_step (self, step);
  return key;
}

static gboolean
grids_adjacent (GwPlan *self,
                guint   a,
                guint   b)
{
  const gint *assignment = assignment_of (self);
  const guint *start = (const guint *) self->data->adj_start->data;
  const guint *adj = (const guint *) self->data->adj->data;

  for (guint u = 0; u < self->data->units->len; u++)
    if (assignment[u] == (gint) a)
      for (guint e = start[u]; e < start[u + 1]; e++)
        if (assignment[adj[e]] == (gint) b)
          return TRUE;
  return FALSE;
}

gboolean
gw_plan_merge (GwPlan  *self,
               guint    keep,
               guint    other,
               GError **error)
{
  g_autoptr (GArray) units = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (GW_IS_PLAN (self), FALSE);

  if (!check_key (self, keep, error) || !check_key (self, other, error))
    return FALSE;
  if (keep == other || !grids_adjacent (self, keep, other))
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("Grids %s and %s are not neighbours: only adjacent grids merge"),
                   grid_label (self, keep), grid_label (self, other));
      return FALSE;
    }
  for (guint u = 0; u < self->data->units->len; u++)
    if (assignment_of (self)[u] == (gint) other)
      g_array_append_val (units, u);
  return gw_plan_move_units (self, (guint *) units->data, units->len, keep, error);
}

/* The grids around @key's lots, growing inwards: each lot goes to the
 * unlocked neighbouring grid of its community it shares most boundary with,
 * lots deep inside following the ones already given away. */
gboolean
gw_plan_dissolve (GwPlan  *self,
                  guint    key,
                  GError **error)
{
  g_autofree gint *target = NULL;
  const guint *start = (const guint *) self->data->adj_start->data;
  const guint *adj = (const guint *) self->data->adj->data;
  const double *shared = (const double *) self->data->shared->data;
  const gint *assignment;
  guint n = self->data->units->len, left = 0;
  Step *step;

  g_return_val_if_fail (GW_IS_PLAN (self), FALSE);

  if (!check_editable (self, error) || !check_key (self, key, error))
    return FALSE;
  if (grid_at (self, key)->locked)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("Grid %s is locked: unlock it to change its lots"), grid_label (self, key));
      return FALSE;
    }
  assignment = assignment_of (self);
  target = g_new (gint, n);
  for (guint u = 0; u < n; u++)
    {
      target[u] = assignment[u];
      left += assignment[u] == (gint) key;
    }
  while (left > 0)
    {
      guint given = 0;

      for (guint u = 0; u < n; u++)
        {
          double best_length = 0;
          gint best = -1;

          if (target[u] != (gint) key)
            continue;
          for (guint e = start[u]; e < start[u + 1]; e++)
            {
              gint g = target[adj[e]];

              if (g >= 0 && g != (gint) key && !grid_at (self, g)->locked && shared[e] > best_length)
                {
                  best_length = shared[e];
                  best = g;
                }
            }
          if (best >= 0)
            {
              target[u] = best;
              given++;
              left--;
            }
        }
      if (given == 0)
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("Grid %s has no unlocked neighbour in its community to take its lots"),
                       grid_label (self, key));
          return FALSE;
        }
    }
  step = step_new ();
  for (guint u = 0; u < n; u++)
    if (target[u] != assignment[u])
      {
        Move move = { u, assignment[u], target[u] };

        g_array_append_val (step->moves, move);
      }
  return commit_step (self, step);
}

gint
gw_plan_split (GwPlan  *self,
               guint    key,
               double   x0,
               double   y0,
               double   x1,
               double   y1,
               GError **error)
{
  guint n_left = 0, n_all = 0, new_key;
  Step *step;

  g_return_val_if_fail (GW_IS_PLAN (self), -1);

  if (!check_editable (self, error) || !check_key (self, key, error))
    return -1;
  for (guint u = 0; u < self->data->units->len; u++)
    if (assignment_of (self)[u] == (gint) key)
      {
        const GwPlanUnit *unit = unit_at (self, u);

        n_all++;
        n_left += (x1 - x0) * (unit->y - y0) - (y1 - y0) * (unit->x - x0) > 0;
      }
  if (n_left == 0 || n_left == n_all)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("The line does not cross grid %s: draw it from one side of the grid to the "
                     "other"),
                   grid_label (self, key));
      return -1;
    }
  if (grid_at (self, key)->locked)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("Grid %s is locked: unlock it to change its lots"), grid_label (self, key));
      return -1;
    }
  new_key = self->data->grids->len;
  step = step_new ();
  step->added_key = new_key;
  step->n_added = 1;
  step->added_community = grid_at (self, key)->community_id;
  for (guint u = 0; u < self->data->units->len; u++)
    if (assignment_of (self)[u] == (gint) key)
      {
        const GwPlanUnit *unit = unit_at (self, u);

        if ((x1 - x0) * (unit->y - y0) - (y1 - y0) * (unit->x - x0) > 0)
          {
            Move move = { u, key, new_key };

            g_array_append_val (step->moves, move);
          }
      }
  commit_step (self, step);
  return new_key;
}

void
gw_plan_set_locked (GwPlan   *self,
                    guint     key,
                    gboolean  locked)
{
  Step *step;

  g_return_if_fail (GW_IS_PLAN (self));
  g_return_if_fail (key < self->data->grids->len);

  if (grid_at (self, key)->locked == !!locked)
    return;
  step = step_new ();
  step->lock_key = key;
  commit_step (self, step);
}

/* }}} */
/* {{{ Figures */

/* The whole draft as the partition code reads it. */
typedef struct
{
  GwPartitionInput  input;
  double           *x, *y, *area, *perimeter;
} Graph;

static void
graph_clear (Graph *graph)
{
  g_free (graph->x);
  g_free (graph->y);
  g_free (graph->area);
  g_free (graph->perimeter);
}

static double
unit_weight (const GwPlanUnit *unit,
             GwPlanBalance     balance)
{
  switch (balance)
    {
    case GW_PLAN_BALANCE_RESIDENTS: return unit->residents;
    case GW_PLAN_BALANCE_DWELLINGS: return unit->dwellings;
    case GW_PLAN_BALANCE_BUILDINGS: return unit->buildings;
    case GW_PLAN_BALANCE_HOUSEHOLDS:
    default: return unit->households;
    }
}

static void
graph_init (GwPlan *self,
            Graph  *graph)
{
  guint n = self->data->units->len;

  graph->x = g_new (double, n);
  graph->y = g_new (double, n);
  graph->area = g_new (double, n);
  graph->perimeter = g_new (double, n);
  for (guint u = 0; u < n; u++)
    {
      const GwPlanUnit *unit = unit_at (self, u);

      graph->x[u] = unit->x;
      graph->y[u] = unit->y;
      graph->area[u] = unit->area;
      graph->perimeter[u] = unit->perimeter;
      self->weights[u] = unit_weight (unit, self->balance);
    }
  graph->input = (GwPartitionInput) {
    .n_units = n, .weight = self->weights, .x = graph->x, .y = graph->y, .area = graph->area,
    .perimeter = graph->perimeter,
    .adj_start = (const guint *) self->data->adj_start->data,
    .adj = (const guint *) self->data->adj->data,
    .shared = (const double *) self->data->shared->data,
  };
}

static GwPlanBand
band_of (GwPlan *self,
         double  weight,
         guint   lots)
{
  if (lots == 0)
    return GW_PLAN_BAND_EMPTY;
  if (weight < self->band_min)
    return GW_PLAN_BAND_UNDER;
  if (weight > self->band_max)
    return GW_PLAN_BAND_OVER;
  return GW_PLAN_BAND_INSIDE;
}

static void
compute_rows (GwPlan *self)
{
  guint n_grids = self->data->grids->len, n = self->data->units->len;
  g_autofree double *weight = g_new0 (double, MAX (n_grids, 1));
  g_autofree guint *parts = g_new0 (guint, MAX (n_grids, 1));
  g_autofree double *pp = g_new0 (double, MAX (n_grids, 1));
  const gint *assignment = assignment_of (self);
  double pp_sum = 0;
  Graph graph = { 0 };

  graph_init (self, &graph);
  gw_partition_measure (&graph.input, assignment, n_grids, weight, parts, pp);
  graph_clear (&graph);

  g_array_set_size (self->rows, n_grids);
  memset (&self->summary, 0, sizeof self->summary);
  for (guint k = 0; k < n_grids; k++)
    {
      const GwPlanGrid *grid = grid_at (self, k);
      GwPlanRow *row = &g_array_index (self->rows, GwPlanRow, k);

      *row = (GwPlanRow) {
        .key = k, .code = grid->code, .name = grid->name,
        .community = g_hash_table_lookup (self->data->community_names,
                                          GSIZE_TO_POINTER ((gsize) grid->community_id)),
        .workers = grid->workers, .weight = weight[k], .parts = parts[k],
        .polsby_popper = pp[k], .locked = grid->locked, .is_new = grid->grid_id == 0,
      };
    }
  for (guint u = 0; u < n; u++)
    {
      const GwPlanUnit *unit = unit_at (self, u);
      gint k = assignment[u];
      gint64 draft_grid = k >= 0 ? grid_at (self, k)->grid_id : -1;

      if (draft_grid != unit->live_grid_id)
        {
          self->summary.n_changed++;
          if (k >= 0)
            g_array_index (self->rows, GwPlanRow, k).lots_changed++;
          for (guint j = 0; j < n_grids && unit->live_grid_id != 0; j++)
            if (grid_at (self, j)->grid_id == unit->live_grid_id)
              g_array_index (self->rows, GwPlanRow, j).lots_changed++;
        }
      if (k < 0)
        {
          self->summary.n_unassigned++;
          continue;
        }
      {
        GwPlanRow *row = &g_array_index (self->rows, GwPlanRow, k);

        row->households += unit->households;
        row->residents += unit->residents;
        row->dwellings += unit->dwellings;
        row->buildings += unit->buildings;
        row->lots++;
      }
    }
  for (guint k = 0; k < n_grids; k++)
    {
      GwPlanRow *row = &g_array_index (self->rows, GwPlanRow, k);

      row->band = band_of (self, row->weight, row->lots);
      if (row->lots == 0)
        continue;
      self->summary.n_grids++;
      self->summary.n_inside_band += row->band == GW_PLAN_BAND_INSIDE;
      self->summary.n_islands += row->parts > 1;
      pp_sum += row->polsby_popper;
    }
  self->summary.mean_polsby_popper = self->summary.n_grids > 0 ? pp_sum / self->summary.n_grids : 0;
  self->rows_valid = TRUE;
}

GArray *
gw_plan_get_rows (GwPlan *self)
{
  g_return_val_if_fail (GW_IS_PLAN (self), NULL);

  if (!self->rows_valid)
    compute_rows (self);
  return self->rows;
}

void
gw_plan_get_summary (GwPlan        *self,
                     GwPlanSummary *summary)
{
  g_return_if_fail (GW_IS_PLAN (self));

  if (!self->rows_valid)
    compute_rows (self);
  *summary = self->summary;
}

GPtrArray *
gw_plan_get_problems (GwPlan *self)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func (g_free);
  GArray *rows = gw_plan_get_rows (self);

  if (self->summary.n_unassigned > 0)
    g_ptr_array_add (problems,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u lot is in no grid",
                                                   "%u lots are in no grid",
                                                   self->summary.n_unassigned),
                                      self->summary.n_unassigned));
  for (guint k = 0; k < rows->len; k++)
    {
      const GwPlanRow *row = &g_array_index (rows, GwPlanRow, k);
      const char *label = grid_label (self, k);

      if (row->lots == 0)
        continue;
      if (row->parts > 1)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("Grid %s is in %u parts (an island)"), label,
                                          row->parts));
      if (row->band == GW_PLAN_BAND_UNDER)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("Grid %s holds %.0f, under the band of %.0f–%.0f"),
                                          label, row->weight, self->band_min, self->band_max));
      else if (row->band == GW_PLAN_BAND_OVER)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("Grid %s holds %.0f, over the band of %.0f–%.0f"),
                                          label, row->weight, self->band_min, self->band_max));
    }
  return problems;
}

/* }}} */
/* {{{ Suggest */

/* The community's lots as a graph of its own, the draft's grids of the
 * community numbered 0 … n_current - 1, run through gw_partition_suggest(),
 * and the answer applied as one step (new grids appended). */
gboolean
gw_plan_suggest (GwPlan                     *self,
                 gint64                      community_id,
                 const GwPlanSuggestOptions *options,
                 GwPartitionReport          *report,
                 GError                    **error)
{
  guint n = self->data->units->len;
  const gint *assignment = assignment_of (self);
  const guint *start = (const guint *) self->data->adj_start->data;
  const guint *adj = (const guint *) self->data->adj->data;
  const double *shared = (const double *) self->data->shared->data;
  g_autofree gint *local = g_new (gint, n);          /* unit → local index, -1 */
  g_autoptr (GArray) members = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) keys = g_array_new (FALSE, FALSE, sizeof (guint));   /* local grid → key */
  g_autofree gint *grid_local = g_new (gint, MAX (self->data->grids->len, 1));
  g_autoptr (GArray) sub_start = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) sub_adj = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) sub_shared = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) sub_blocked = g_array_new (FALSE, FALSE, sizeof (gboolean));
  const guint8 *edge_road = (const guint8 *) self->data->edge_road->data;
  g_autofree double *weight = NULL, *x = NULL, *y = NULL, *area = NULL, *perimeter = NULL;
  g_autofree gint *current = NULL, *result = NULL;
  g_autofree gboolean *locked = NULL;
  GwPartitionOptions popts;
  GwPartitionReport scratch;
  GwPartitionInput input;
  guint m, n_current, first_new;
  Step *step;

  g_return_val_if_fail (GW_IS_PLAN (self), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  if (!check_editable (self, error))
    return FALSE;
  if (report == NULL)
    report = &scratch;

  for (guint k = 0; k < self->data->grids->len; k++)
    {
      grid_local[k] = -1;
      if (grid_at (self, k)->community_id == community_id)
        {
          grid_local[k] = keys->len;
          g_array_append_val (keys, k);
        }
    }
  for (guint u = 0; u < n; u++)
    {
      local[u] = -1;
      if (unit_at (self, u)->community_id == community_id)
        {
          local[u] = members->len;
          g_array_append_val (members, u);
        }
    }
  m = members->len;
  n_current = keys->len;
  if (m == 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_NOT_FOUND,
                   _("Community %" PRId64 " has no lots to plan"), community_id);
      return FALSE;
    }

  weight = g_new (double, m);
  x = g_new (double, m);
  y = g_new (double, m);
  area = g_new (double, m);
  perimeter = g_new (double, m);
  current = g_new (gint, m);
  locked = g_new0 (gboolean, m);
  result = g_new (gint, m);
  for (guint i = 0; i < m; i++)
    {
      guint u = g_array_index (members, guint, i);
      const GwPlanUnit *unit = unit_at (self, u);
      guint begin = sub_adj->len;

      weight[i] = unit_weight (unit, self->balance);
      x[i] = unit->x;
      y[i] = unit->y;
      area[i] = unit->area;
      perimeter[i] = unit->perimeter;
      current[i] = assignment[u] >= 0 ? grid_local[assignment[u]] : -1;
      locked[i] = assignment[u] >= 0 && grid_at (self, assignment[u])->locked;
      g_array_append_val (sub_start, begin);
      for (guint e = start[u]; e < start[u + 1]; e++)
        if (local[adj[e]] >= 0)
          {
            guint v = local[adj[e]];

            gboolean blocked = options->boundary_roads != GW_PLAN_ROAD_NONE
                               && edge_road[e] >= options->boundary_roads;

            g_array_append_val (sub_adj, v);
            g_array_append_val (sub_shared, shared[e]);
            g_array_append_val (sub_blocked, blocked);
          }
    }
  g_array_append_val (sub_start, sub_adj->len);

  input = (GwPartitionInput) {
    .n_units = m, .weight = weight, .x = x, .y = y, .area = area, .perimeter = perimeter,
    .adj_start = (const guint *) sub_start->data, .adj = (const guint *) sub_adj->data,
    .shared = (const double *) sub_shared->data,
    .blocked = (const gboolean *) sub_blocked->data, .current = current, .n_current = n_current,
    .locked = locked,
  };
  popts = (GwPartitionOptions) {
    .min = self->band_min, .max = self->band_max, .n_grids = options->n_grids,
    .from_scratch = options->from_scratch, .seed = options->seed,
  };
  if (!gw_partition_suggest (&input, &popts, result, report, error))
    return FALSE;

  /* New grids come after the draft's: one step appends them all. */
  step = step_new ();
  first_new = self->data->grids->len;
  if (report->n_grids > n_current)
    {
      step->added_key = first_new;
      step->n_added = report->n_grids - n_current;
      step->added_community = community_id;
    }
  for (guint i = 0; i < m; i++)
    {
      guint u = g_array_index (members, guint, i);
      gint key = result[i] < (gint) n_current ? (gint) g_array_index (keys, guint, result[i])
                                               : (gint) (first_new + result[i] - n_current);
      Move move = { u, assignment[u], key };

      if (move.from != move.to)
        g_array_append_val (step->moves, move);
    }
  return commit_step (self, step);
}

/* }}} */
/* {{{ Saving and committing */

gboolean
gw_plan_save (GwPlan   *self,
              GwStore  *store,
              GwUser   *user,
              GError  **error)
{
  g_return_val_if_fail (GW_IS_PLAN (self), FALSE);

  if (!check_editable (self, error) || !gw_plan_store_save (store, user, self->data, error))
    return FALSE;
  self->saved_depth = self->undo->len;
  return TRUE;
}

gboolean
gw_plan_commit (GwPlan             *self,
                GwStore            *store,
                GwUser             *user,
                GwPlanCommitReport *report,
                GError            **error)
{
  g_return_val_if_fail (GW_IS_PLAN (self), FALSE);

  if (!check_editable (self, error))
    return FALSE;
  if (!gw_plan_store_commit (store, user, self->data, report, error))
    return FALSE;
  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  self->saved_depth = 0;
  changed (self);
  return TRUE;
}

/* }}} */
/* {{{ Object */

gint
gw_plan_find_grid (GwPlan     *self,
                   const char *code_or_name)
{
  g_return_val_if_fail (GW_IS_PLAN (self), -1);

  for (guint k = 0; k < self->data->grids->len; k++)
    if (g_strcmp0 (grid_at (self, k)->code, code_or_name) == 0)
      return k;
  for (guint k = 0; k < self->data->grids->len; k++)
    if (g_strcmp0 (grid_at (self, k)->name, code_or_name) == 0)
      return k;
  return -1;
}

GwPlanData *
gw_plan_get_data (GwPlan *self)
{
  g_return_val_if_fail (GW_IS_PLAN (self), NULL);

  return self->data;
}

gint64
gw_plan_get_id (GwPlan *self)
{
  g_return_val_if_fail (GW_IS_PLAN (self), 0);

  return self->data->info.id;
}

const char *
gw_plan_get_name (GwPlan *self)
{
  g_return_val_if_fail (GW_IS_PLAN (self), NULL);

  return self->data->info.name;
}

void
gw_plan_set_band (GwPlan *self,
                  double  min,
                  double  max)
{
  g_return_if_fail (GW_IS_PLAN (self));
  g_return_if_fail (min <= max);

  self->band_min = min;
  self->band_max = max;
  changed (self);
}

void
gw_plan_get_band (GwPlan *self,
                  double *min,
                  double *max)
{
  g_return_if_fail (GW_IS_PLAN (self));

  *min = self->band_min;
  *max = self->band_max;
}

void
gw_plan_set_balance (GwPlan        *self,
                     GwPlanBalance  balance)
{
  g_return_if_fail (GW_IS_PLAN (self));

  self->balance = balance;
  changed (self);
}

GwPlan *
gw_plan_load (GwStore  *store,
              gint64    plan_id,
              GError  **error)
{
  GwPlanData *data = gw_plan_store_load (store, plan_id, error);
  GwPlan *self;

  if (data == NULL)
    return NULL;
  self = g_object_new (GW_TYPE_PLAN, NULL);
  self->data = data;
  self->weights = g_new0 (double, MAX (data->units->len, 1));
  return self;
}

static void
gw_plan_finalize (GObject *object)
{
  GwPlan *self = GW_PLAN (object);

  g_clear_pointer (&self->data, gw_plan_data_free);
  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);
  g_array_unref (self->rows);
  g_free (self->weights);
  G_OBJECT_CLASS (gw_plan_parent_class)->finalize (object);
}

static void
gw_plan_class_init (GwPlanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_plan_finalize;

  /* Emitted after every step, undo, redo and commit: the table and the map
   * show the draft again. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gw_plan_init (GwPlan *self)
{
  self->band_min = 150;
  self->band_max = 300;
  self->undo = g_ptr_array_new_with_free_func (step_free);
  self->redo = g_ptr_array_new_with_free_func (step_free);
  self->rows = g_array_new (FALSE, TRUE, sizeof (GwPlanRow));
}

/* }}} */
