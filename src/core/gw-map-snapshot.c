/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-map-snapshot"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "gw-box-index.h"
#include "gw-feature-query.h"
#include "gw-map-snapshot.h"
#include "gw-street.h"
#include "gw-wkb.h"

#define N_KINDS    GW_FEATURE_N_KINDS

/* The features of one kind, in id order, with the spatial index over
 * their bboxes. Built once, then only read, so any number of threads can
 * query it. */
typedef struct
{
  GwFeature  *features;
  guint       n_features;
  GwBoxIndex *index;
} FeatureLayer;

struct _GwMapSnapshot
{
  FeatureLayer  layers[N_KINDS];
  /* Community and grid outlines with every shared edge once; then the
   * streets' outlines (community edges with another street or none on
   * the other side). */
  FeatureLayer  boundaries[3];
  GwBBox        extent;
  GStringChunk *strings;
  GArray       *streets;        /* GwMapStreet, strings in @strings */
};

#define BOUNDARY_RUN_MAX 64

static void
layer_build_index (FeatureLayer *layer)
{
  layer->index = gw_box_index_new (layer->n_features > 0 ? &layer->features[0].shape.bbox : NULL,
                                   layer->n_features, sizeof (GwFeature));
}

static void
layer_clear (FeatureLayer *layer)
{
  for (guint i = 0; i < layer->n_features; i++)
    gw_shape_clear (&layer->features[i].shape);
  g_clear_pointer (&layer->features, g_free);
  g_clear_pointer (&layer->index, gw_box_index_free);
  layer->n_features = 0;
}

static void
gw_map_snapshot_clear (gpointer data)
{
  GwMapSnapshot *self = data;

  for (guint k = 0; k < N_KINDS; k++)
    layer_clear (&self->layers[k]);
  for (guint k = 0; k < G_N_ELEMENTS (self->boundaries); k++)
    layer_clear (&self->boundaries[k]);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->streets, g_array_unref);
}

/* Reading the store: each row with readable geometry becomes a feature of
 * its kind. Rows with NULL or broken geometry are skipped (with a warning
 * for broken ones): the map cannot draw them, and the inspector still
 * lists them. */
typedef struct
{
  GwMapSnapshot *snapshot;
  GArray        *features[N_KINDS];   /* GwFeature */
  GArray        *households;          /* BuildingHouseholds */
} Loader;

/* Roads are labelled on their longest segment: the label point is its
 * middle. */
static GwPoint
longest_segment_middle (const GwShape *shape)
{
  GwPoint best = shape->points[0];
  double best_len = -1;

  for (guint r = 0; r < shape->n_rings; r++)
    for (guint i = shape->ring_starts[r] + 1; i < shape->ring_starts[r + 1]; i++)
      {
        const GwPoint *a = &shape->points[i - 1], *b = &shape->points[i];
        double len = (b->x - a->x) * (b->x - a->x) + (b->y - a->y) * (b->y - a->y);

        if (len > best_len)
          {
            best_len = len;
            best.x = (a->x + b->x) / 2;
            best.y = (a->y + b->y) / 2;
          }
      }

  return best;
}

/* Where a feature's label goes: inside areas, along roads, on cases. */
static GwPoint
label_point (const GwFeature *feature,
             GwFeatureKind    kind)
{
  switch (kind)
    {
    case GW_FEATURE_COMMUNITY:
    case GW_FEATURE_GRID:
      return gw_shape_pole_of_inaccessibility (&feature->shape, 0);
    case GW_FEATURE_ROAD:
      return longest_segment_middle (&feature->shape);
    case GW_FEATURE_CASE:
      return feature->shape.points[0];
    case GW_FEATURE_LOT:
    case GW_FEATURE_BUILDING:
    default:
      return gw_shape_label_point (&feature->shape);
    }
}

static void
add_feature_row (const GwFeatureRow *row,
                 gpointer            user_data)
{
  Loader *loader = user_data;
  GStringChunk *strings = loader->snapshot->strings;
  GwFeature feature = { 0 };

  if (row->wkb == NULL)
    return;
  feature.id = row->id;
  if (!(row->spatialite ? gw_wkb_read_spatialite (row->wkb, row->wkb_size, TRUE, &feature.shape)
                        : gw_wkb_read_shape (row->wkb, row->wkb_size, TRUE, &feature.shape))
      || feature.shape.n_rings == 0)
    {
      g_warning ("Feature %" PRId64 " of kind %d has unreadable geometry", feature.id, row->kind);
      gw_shape_clear (&feature.shape);
      return;
    }
  /* Equal strings are stored once: lot and road names are label and name. */
  feature.label = (char *) g_string_chunk_insert_const (strings, row->label);
  feature.name = (char *) g_string_chunk_insert_const (strings, row->name);
  feature.parent_id = row->parent_id;
  feature.grid_id = row->grid_id;
  feature.klass = row->klass;
  feature.flags = row->flags;
  feature.label_point = label_point (&feature, row->kind);
  g_array_append_val (loader->features[row->kind], feature);
}

typedef struct
{
  gint64 building_id;
  gint64 n_households;
} BuildingHouseholds;

static void
add_building_households (gint64   building_id,
                         gint64   n_households,
                         gpointer user_data)
{
  Loader *loader = user_data;
  BuildingHouseholds entry = { building_id, n_households };

  g_array_append_val (loader->households, entry);
}

/* Households per grid, summed through the buildings (a building without
 * geometry is not on the map, and its households count for no grid). */
static void
sum_grid_households (GwMapSnapshot *self,
                     GArray        *households)
{
  for (guint i = 0; i < households->len; i++)
    {
      const BuildingHouseholds *entry = &g_array_index (households, BuildingHouseholds, i);
      const GwFeature *building;
      GwFeature *grid;

      building = gw_map_snapshot_lookup (self, GW_FEATURE_BUILDING, entry->building_id);
      if (building == NULL)
        continue;
      grid = (GwFeature *) gw_map_snapshot_lookup (self, GW_FEATURE_GRID, building->grid_id);
      if (grid != NULL)
        grid->n_households += entry->n_households;
    }
}

static void
loader_clear (Loader *loader)
{
  for (guint k = 0; k < N_KINDS; k++)
    {
      GArray *features = loader->features[k];

      for (guint i = 0; features != NULL && i < features->len; i++)
        gw_shape_clear (&g_array_index (features, GwFeature, i).shape);
      g_clear_pointer (&loader->features[k], g_array_unref);
    }
  g_clear_pointer (&loader->households, g_array_unref);
}

/* An undirected segment, its end points in a fixed order. */
typedef struct
{
  GwPoint a, b;
} Segment;

static guint
segment_hash (gconstpointer key)
{
  const guint64 *words = key;
  guint64 h = 1469598103934665603ull;

  for (int i = 0; i < 4; i++)
    h = (h ^ words[i]) * 1099511628211ull;
  return (guint) (h ^ (h >> 32));
}

static gboolean
segment_equal (gconstpointer a,
               gconstpointer b)
{
  return memcmp (a, b, sizeof (Segment)) == 0;
}

static void
boundary_finish_run (GArray  *features,
                     GArray  *run,
                     gint64   owner)
{
  GwFeature feature = { 0 };

  if (run->len >= 2)
    {
      feature.id = owner;
      feature.shape.n_points = run->len;
      feature.shape.n_rings = 1;
      feature.shape.points = g_memdup2 (run->data, run->len * sizeof (GwPoint));
      feature.shape.ring_starts = g_new (guint, 2);
      feature.shape.ring_starts[0] = 0;
      feature.shape.ring_starts[1] = run->len;
      gw_bbox_init_empty (&feature.shape.bbox);
      for (guint i = 0; i < run->len; i++)
        gw_bbox_extend (&feature.shape.bbox, g_array_index (run, GwPoint, i).x,
                        g_array_index (run, GwPoint, i).y);
      feature.label_point = g_array_index (run, GwPoint, 0);
      g_array_append_val (features, feature);
    }
  g_array_set_size (run, 0);
}

/* Calls @func for each edge of every ring of @polygon, with the edge's
 * undirected key (degenerate edges left out), and with @a NULL at the end
 * of each ring. */
typedef void (*EdgeFunc) (const GwPoint *a,
                          const GwPoint *b,
                          const Segment *key,
                          gpointer       user_data);

static void
polygon_edges (const GwFeature *polygon,
               EdgeFunc         func,
               gpointer         user_data)
{
  const GwShape *shape = &polygon->shape;

  for (guint r = 0; r < shape->n_rings; r++)
    {
      const GwPoint *p = shape->points + shape->ring_starts[r];
      guint n = shape->ring_starts[r + 1] - shape->ring_starts[r];
      gboolean closed = n > 1 && p[0].x == p[n - 1].x && p[0].y == p[n - 1].y;
      guint n_edges = closed ? n - 1 : n;

      for (guint i = 0; i < n_edges && n >= 2; i++)
        {
          const GwPoint *a = &p[i], *b = &p[(i + 1) % n];
          gboolean a_first = a->x < b->x || (a->x == b->x && a->y < b->y);
          Segment key = { a_first ? *a : *b, a_first ? *b : *a };

          if (a->x != b->x || a->y != b->y)
            func (a, b, &key, user_data);
        }
      func (NULL, NULL, NULL, user_data);
    }
}

/* Outline runs being cut (build_boundaries). */
typedef struct
{
  GHashTable *seen;      /* Segment: drawn already */
  GHashTable *skip;      /* Segment: not to be drawn, or NULL */
  GArray     *features;
  GArray     *run;
  gint64      owner;
} RunCutter;

static void
cut_edge (const GwPoint *a,
          const GwPoint *b,
          const Segment *key,
          gpointer       user_data)
{
  RunCutter *cut = user_data;

  if (a == NULL || g_hash_table_contains (cut->seen, key) ||
      (cut->skip != NULL && g_hash_table_contains (cut->skip, key)))
    {
      boundary_finish_run (cut->features, cut->run, cut->owner);
      return;
    }
  g_hash_table_add (cut->seen, g_memdup2 (key, sizeof *key));

  if (cut->run->len == 0)
    g_array_append_val (cut->run, *a);
  g_array_append_val (cut->run, *b);
  if (cut->run->len >= BOUNDARY_RUN_MAX)
    {
      GwPoint last = *b;

      boundary_finish_run (cut->features, cut->run, cut->owner);
      g_array_append_val (cut->run, last);
    }
}

/* Cuts the outlines of @polygons into runs of edges not drawn before, so
 * that an edge two neighbours share is stroked once: half the work, no
 * doubled antialiasing, and dashes that do not fight each other. Runs are
 * kept short so that a tile meets only the runs near it. Edges in @skip
 * (may be NULL) are left out. Each run's id is its polygon's, or with
 * @by_parent its polygon's parent's. */
static void
build_boundaries (FeatureLayer       *out,
                  const FeatureLayer *polygons,
                  GHashTable         *skip,
                  gboolean            by_parent)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (segment_hash, segment_equal, g_free, NULL);
  g_autoptr (GArray) features = g_array_new (FALSE, TRUE, sizeof (GwFeature));
  g_autoptr (GArray) run = g_array_new (FALSE, FALSE, sizeof (GwPoint));
  RunCutter cut = { seen, skip, features, run, 0 };

  for (guint f = 0; f < polygons->n_features; f++)
    {
      const GwFeature *polygon = &polygons->features[f];

      cut.owner = by_parent ? polygon->parent_id : polygon->id;
      polygon_edges (polygon, cut_edge, &cut);
    }

  out->n_features = features->len;
  out->features = (GwFeature *) (void *) g_array_free (g_steal_pointer (&features), FALSE);
  layer_build_index (out);
}

/* Edges two communities of one street share (build_street_boundaries). */
typedef struct
{
  const FeatureLayer *communities;
  guint               current;   /* index of the community walked */
  GHashTable         *first;     /* Segment → 1 + index of the first community met on it */
  GHashTable         *inner;     /* Segment: within a street */
} InnerEdges;

static void
find_inner_edge (const GwPoint *a,
                 const GwPoint *b,
                 const Segment *key,
                 gpointer       user_data)
{
  InnerEdges *inner = user_data;
  const GwFeature *current = &inner->communities->features[inner->current];
  guint first;

  if (a == NULL)
    return;
  first = GPOINTER_TO_UINT (g_hash_table_lookup (inner->first, key));
  if (first == 0)
    g_hash_table_insert (inner->first, g_memdup2 (key, sizeof *key),
                         GUINT_TO_POINTER (inner->current + 1));
  else if (first - 1 != inner->current &&
           inner->communities->features[first - 1].parent_id == current->parent_id)
    g_hash_table_add (inner->inner, g_memdup2 (key, sizeof *key));
}

/* The streets' outlines: the communities' outlines without the edges two
 * communities of one street share — what is left borders another street
 * or none (the district's or a lone street's edge). Only edges shared
 * exactly count as shared, as in build_boundaries(). */
static void
build_street_boundaries (FeatureLayer       *out,
                         const FeatureLayer *communities)
{
  g_autoptr (GHashTable) first = g_hash_table_new_full (segment_hash, segment_equal, g_free, NULL);
  g_autoptr (GHashTable) inner_edges = g_hash_table_new_full (segment_hash, segment_equal, g_free,
                                                              NULL);
  InnerEdges inner = { communities, 0, first, inner_edges };

  for (inner.current = 0; inner.current < communities->n_features; inner.current++)
    polygon_edges (&communities->features[inner.current], find_inner_edge, &inner);
  build_boundaries (out, communities, inner_edges, TRUE);
}

/* Colours for the communities such that neighbours (boxes within a few
 * metres of each other) differ where the palette allows: greedy colouring
 * in order of decreasing number of neighbours (Welsh and Powell, 1967, "An
 * upper bound for the chromatic number of a graph and its application to
 * timetabling problems"). A community with neighbours in every colour
 * takes the one its fewest neighbours share. */
static void
colour_communities (FeatureLayer *communities)
{
  guint n = communities->n_features;
  g_autofree guint *order = g_new (guint, n);
  g_autofree guint *degree = g_new0 (guint, n);
  g_autoptr (GPtrArray) neighbours = g_ptr_array_new_full (n, (GDestroyNotify) g_array_unref);
  const double near_m = 5;

  for (guint i = 0; i < n; i++)
    {
      order[i] = i;
      g_ptr_array_add (neighbours, g_array_new (FALSE, FALSE, sizeof (guint)));
      communities->features[i].klass = -1;
    }
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        GwBBox a = communities->features[i].shape.bbox;
        const GwBBox *b = &communities->features[j].shape.bbox;

        a.min_x -= near_m;
        a.min_y -= near_m;
        a.max_x += near_m;
        a.max_y += near_m;
        if (!gw_bbox_intersects (&a, b))
          continue;
        g_array_append_val (g_ptr_array_index (neighbours, i), j);
        g_array_append_val (g_ptr_array_index (neighbours, j), i);
        degree[i]++;
        degree[j]++;
      }
  /* Insertion sort by degree, most first; ties keep the store's order. */
  for (guint i = 1; i < n; i++)
    for (guint k = i; k > 0 && degree[order[k - 1]] < degree[order[k]]; k--)
      {
        guint swap = order[k - 1];

        order[k - 1] = order[k];
        order[k] = swap;
      }
  for (guint i = 0; i < n; i++)
    {
      GwFeature *community = &communities->features[order[i]];
      GArray *near = g_ptr_array_index (neighbours, order[i]);
      guint used[GW_COMMUNITY_COLOURS] = { 0 };
      guint best = 0;

      for (guint k = 0; k < near->len; k++)
        {
          int colour = communities->features[g_array_index (near, guint, k)].klass;

          if (colour >= 0)
            used[colour]++;
        }
      for (guint c = 1; c < GW_COMMUNITY_COLOURS; c++)
        if (used[c] < used[best])
          best = c;
      community->klass = (int) best;
    }
}

/* The streets and where their communities are. */
static gboolean
load_streets (GwMapSnapshot *self,
              GwStore       *store,
              GError       **error)
{
  g_autoptr (GPtrArray) list = gw_street_list (store, error);
  const FeatureLayer *communities = &self->layers[GW_FEATURE_COMMUNITY];

  if (list == NULL)
    return FALSE;
  self->streets = g_array_sized_new (FALSE, TRUE, sizeof (GwMapStreet), list->len);
  for (guint i = 0; i < list->len; i++)
    {
      const GwStreet *row = g_ptr_array_index (list, i);
      GwMapStreet street = { 0 };
      double sum_x = 0, sum_y = 0, sum_area = 0, best = G_MAXDOUBLE;

      street.id = row->id;
      street.name = g_string_chunk_insert_const (self->strings, row->name ? row->name : "");
      street.district_name = g_string_chunk_insert_const (self->strings,
                                                          row->district_name ? row->district_name
                                                                             : "");
      gw_bbox_init_empty (&street.extent);
      for (guint c = 0; c < communities->n_features; c++)
        {
          const GwFeature *community = &communities->features[c];
          double area;

          if (community->parent_id != street.id)
            continue;
          gw_bbox_union (&street.extent, &community->shape.bbox);
          area = (community->shape.bbox.max_x - community->shape.bbox.min_x) *
                 (community->shape.bbox.max_y - community->shape.bbox.min_y);
          sum_x += community->label_point.x * area;
          sum_y += community->label_point.y * area;
          sum_area += area;
          street.n_communities++;
        }
      /* The middle of its communities, weighted by their size, moved to
       * the nearest community's own label point if no community has it. */
      if (sum_area > 0)
        {
          GwPoint middle = { sum_x / sum_area, sum_y / sum_area };
          gboolean inside = FALSE;

          street.label_point = middle;
          for (guint c = 0; c < communities->n_features && !inside; c++)
            inside = communities->features[c].parent_id == street.id &&
                     gw_shape_contains (&communities->features[c].shape, middle.x, middle.y);
          for (guint c = 0; c < communities->n_features && !inside; c++)
            {
              const GwFeature *community = &communities->features[c];
              double d = hypot (community->label_point.x - middle.x,
                                community->label_point.y - middle.y);

              if (community->parent_id == street.id && d < best)
                {
                  best = d;
                  street.label_point = community->label_point;
                }
            }
        }
      g_array_append_val (self->streets, street);
    }
  return TRUE;
}

GwMapSnapshot *
gw_map_snapshot_load (GwStore    *store,
                      GDateTime  *now,
                      GError    **error)
{
  g_autoptr (GwMapSnapshot) self = NULL;
  Loader loader = { 0 };

  g_return_val_if_fail (GW_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_atomic_rc_box_new0 (GwMapSnapshot);
  self->strings = g_string_chunk_new (64 * 1024);

  loader.snapshot = self;
  for (guint k = 0; k < N_KINDS; k++)
    loader.features[k] = g_array_new (FALSE, TRUE, sizeof (GwFeature));
  loader.households = g_array_new (FALSE, FALSE, sizeof (BuildingHouseholds));
  if (!gw_feature_query_run (store, now, add_feature_row, add_building_households, &loader,
                             error))
    {
      loader_clear (&loader);
      return NULL;
    }

  for (guint k = 0; k < N_KINDS; k++)
    {
      FeatureLayer *layer = &self->layers[k];

      layer->n_features = loader.features[k]->len;
      layer->features = (GwFeature *) (void *) g_array_free (g_steal_pointer (&loader.features[k]),
                                                             FALSE);
    }
  sum_grid_households (self, loader.households);
  loader_clear (&loader);

  gw_bbox_init_empty (&self->extent);
  for (guint k = 0; k < N_KINDS; k++)
    {
      FeatureLayer *layer = &self->layers[k];

      GwBBox extent;

      layer_build_index (layer);
      gw_box_index_get_extent (layer->index, &extent);
      if (!gw_bbox_is_empty (&extent))
        gw_bbox_union (&self->extent, &extent);
    }
  build_boundaries (&self->boundaries[0], &self->layers[GW_FEATURE_COMMUNITY], NULL, FALSE);
  build_boundaries (&self->boundaries[1], &self->layers[GW_FEATURE_GRID], NULL, FALSE);
  build_street_boundaries (&self->boundaries[2], &self->layers[GW_FEATURE_COMMUNITY]);
  colour_communities (&self->layers[GW_FEATURE_COMMUNITY]);
  if (!load_streets (self, store, error))
    return NULL;

  return g_steal_pointer (&self);
}

guint
gw_map_snapshot_get_n_streets (GwMapSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, 0);

  return snapshot->streets != NULL ? snapshot->streets->len : 0;
}

const GwMapStreet *
gw_map_snapshot_get_street (GwMapSnapshot *snapshot,
                            guint          index)
{
  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (index < gw_map_snapshot_get_n_streets (snapshot), NULL);

  return &g_array_index (snapshot->streets, GwMapStreet, index);
}

GwMapSnapshot *
gw_map_snapshot_ref (GwMapSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, NULL);

  return g_atomic_rc_box_acquire (snapshot);
}

void
gw_map_snapshot_unref (GwMapSnapshot *snapshot)
{
  g_return_if_fail (snapshot != NULL);

  g_atomic_rc_box_release_full (snapshot, gw_map_snapshot_clear);
}

GwBBox
gw_map_snapshot_get_extent (GwMapSnapshot *snapshot)
{
  GwBBox empty;

  gw_bbox_init_empty (&empty);
  g_return_val_if_fail (snapshot != NULL, empty);

  return snapshot->extent;
}

guint
gw_map_snapshot_get_n_features (GwMapSnapshot *snapshot,
                                GwFeatureKind  kind)
{
  g_return_val_if_fail (snapshot != NULL, 0);
  g_return_val_if_fail ((guint) kind < N_KINDS, 0);

  return snapshot->layers[kind].n_features;
}

const GwFeature *
gw_map_snapshot_get_feature (GwMapSnapshot *snapshot,
                             GwFeatureKind  kind,
                             guint          index)
{
  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail ((guint) kind < N_KINDS, NULL);
  g_return_val_if_fail (index < snapshot->layers[kind].n_features, NULL);

  return &snapshot->layers[kind].features[index];
}

const GwFeature *
gw_map_snapshot_lookup (GwMapSnapshot *snapshot,
                        GwFeatureKind  kind,
                        gint64         id)
{
  const FeatureLayer *layer;
  guint lo, hi;

  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail ((guint) kind < N_KINDS, NULL);

  /* Features are loaded in id order. */
  layer = &snapshot->layers[kind];
  lo = 0;
  hi = layer->n_features;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 mid_id = layer->features[mid].id;

      if (mid_id == id)
        return &layer->features[mid];
      if (mid_id < id)
        lo = mid + 1;
      else
        hi = mid;
    }

  return NULL;
}

typedef struct
{
  const FeatureLayer *layer;
  GwFeatureFunc       func;
  gpointer            user_data;
} LayerQuery;

static gboolean
layer_query_item (guint    item,
                  gpointer user_data)
{
  LayerQuery *query = user_data;

  return query->func (&query->layer->features[item], query->user_data);
}

static void
layer_query (const FeatureLayer *layer,
             const GwBBox       *bbox,
             GwFeatureFunc       func,
             gpointer            user_data)
{
  LayerQuery query = { layer, func, user_data };

  if (layer->index != NULL)
    gw_box_index_query (layer->index, bbox, layer_query_item, &query);
}

void
gw_map_snapshot_query (GwMapSnapshot *snapshot,
                       GwFeatureKind  kind,
                       const GwBBox  *bbox,
                       GwFeatureFunc  func,
                       gpointer       user_data)
{
  g_return_if_fail (snapshot != NULL);
  g_return_if_fail ((guint) kind < N_KINDS);
  g_return_if_fail (bbox != NULL);
  g_return_if_fail (func != NULL);

  layer_query (&snapshot->layers[kind], bbox, func, user_data);
}

void
gw_map_snapshot_query_boundaries (GwMapSnapshot *snapshot,
                                  GwFeatureKind  kind,
                                  const GwBBox  *bbox,
                                  GwFeatureFunc  func,
                                  gpointer       user_data)
{
  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (kind == GW_FEATURE_COMMUNITY || kind == GW_FEATURE_GRID);
  g_return_if_fail (bbox != NULL);
  g_return_if_fail (func != NULL);

  layer_query (&snapshot->boundaries[kind == GW_FEATURE_GRID ? 1 : 0], bbox, func, user_data);
}

void
gw_map_snapshot_query_street_boundaries (GwMapSnapshot *snapshot,
                                         const GwBBox  *bbox,
                                         GwFeatureFunc  func,
                                         gpointer       user_data)
{
  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (bbox != NULL);
  g_return_if_fail (func != NULL);

  layer_query (&snapshot->boundaries[2], bbox, func, user_data);
}

typedef struct
{
  double           x, y;
  const GwFeature *found;
  double           found_area;
} PickData;

static gboolean
pick_cb (const GwFeature *feature,
         gpointer         user_data)
{
  PickData *pick = user_data;
  const GwBBox *b = &feature->shape.bbox;
  double area = (b->max_x - b->min_x) * (b->max_y - b->min_y);

  /* Where features nest (a building in a bigger one), the smallest wins:
   * it is the one the pointer can otherwise never reach. */
  if ((pick->found == NULL || area < pick->found_area) &&
      gw_shape_contains (&feature->shape, pick->x, pick->y))
    {
      pick->found = feature;
      pick->found_area = area;
    }

  return TRUE;
}

const GwFeature *
gw_map_snapshot_pick (GwMapSnapshot *snapshot,
                      GwFeatureKind  kind,
                      double         x,
                      double         y)
{
  PickData pick = { x, y, NULL, 0 };
  GwBBox point = { x, y, x, y };

  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail ((guint) kind < N_KINDS, NULL);

  if (kind == GW_FEATURE_ROAD || kind == GW_FEATURE_CASE)
    return NULL;

  gw_map_snapshot_query (snapshot, kind, &point, pick_cb, &pick);
  return pick.found;
}
