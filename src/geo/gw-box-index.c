/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-geo"

#include "config.h"

#include <stdlib.h>

#include "gw-box-index.h"

#define NODE_SIZE  16
#define MAX_STACK  1024

/* The "flatbush" layout (Vladimir Agafonkin's packed Hilbert R-tree):
 * leaves sorted by the Hilbert index of their centres first, then each
 * upper level; an upper node's entry holds the position of its first
 * child. */
struct _GwBoxIndex
{
  GwBBox *boxes;
  guint  *indices;
  guint   n_items;
  guint   n_nodes;
  guint   level_bounds[16];  /* end position of each level */
  guint   n_levels;
};

/* Hilbert index of (x, y) on a 2^16 grid (after "Hacker's Delight" and
 * flatbush): neighbours on the map stay neighbours in the tree. */
static guint32
hilbert (guint32 x,
         guint32 y)
{
  guint32 a = x ^ y;
  guint32 b = 0xFFFF ^ a;
  guint32 c = 0xFFFF ^ (x | y);
  guint32 d = x & (y ^ 0xFFFF);
  guint32 A = a | (b >> 1);
  guint32 B = (a >> 1) ^ a;
  guint32 C = ((c >> 1) ^ (b & (d >> 1))) ^ c;
  guint32 D = ((a & (c >> 1)) ^ (d >> 1)) ^ d;
  guint32 i0, i1;

  a = A; b = B; c = C; d = D;
  A = (a & (a >> 2)) ^ (b & (b >> 2));
  B = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2));
  C ^= (a & (c >> 2)) ^ (b & (d >> 2));
  D ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2));

  a = A; b = B; c = C; d = D;
  A = (a & (a >> 4)) ^ (b & (b >> 4));
  B = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4));
  C ^= (a & (c >> 4)) ^ (b & (d >> 4));
  D ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4));

  a = A; b = B; c = C; d = D;
  C ^= (a & (c >> 8)) ^ (b & (d >> 8));
  D ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8));

  a = C ^ (C >> 1);
  b = D ^ (D >> 1);

  i0 = x ^ y;
  i1 = b | (0xFFFF ^ (i0 | a));

  i0 = (i0 | (i0 << 8)) & 0x00FF00FF;
  i0 = (i0 | (i0 << 4)) & 0x0F0F0F0F;
  i0 = (i0 | (i0 << 2)) & 0x33333333;
  i0 = (i0 | (i0 << 1)) & 0x55555555;

  i1 = (i1 | (i1 << 8)) & 0x00FF00FF;
  i1 = (i1 | (i1 << 4)) & 0x0F0F0F0F;
  i1 = (i1 | (i1 << 2)) & 0x33333333;
  i1 = (i1 | (i1 << 1)) & 0x55555555;

  return (i1 << 1) | i0;
}

typedef struct
{
  guint32 key;
  guint   index;
} HilbertEntry;

static int
hilbert_entry_compare (const void *a,
                       const void *b)
{
  const HilbertEntry *ea = a, *eb = b;

  if (ea->key != eb->key)
    return ea->key < eb->key ? -1 : 1;
  return (ea->index > eb->index) - (ea->index < eb->index);
}

static const GwBBox *
box_at (const GwBBox *boxes,
        gsize         stride,
        guint         i)
{
  return (const GwBBox *) (const void *) ((const guint8 *) boxes + (gsize) i * stride);
}

/* The leaves in Hilbert order of their centres. */
static void
index_fill_leaves (GwBoxIndex   *self,
                   const GwBBox *boxes,
                   gsize         stride)
{
  guint n = self->n_items;
  g_autofree HilbertEntry *order = g_new (HilbertEntry, n);
  GwBBox all;
  double w, h;

  gw_bbox_init_empty (&all);
  for (guint i = 0; i < n; i++)
    gw_bbox_union (&all, box_at (boxes, stride, i));
  w = MAX (all.max_x - all.min_x, 1e-9);
  h = MAX (all.max_y - all.min_y, 1e-9);

  for (guint i = 0; i < n; i++)
    {
      const GwBBox *b = box_at (boxes, stride, i);
      double cx = ((b->min_x + b->max_x) / 2 - all.min_x) / w;
      double cy = ((b->min_y + b->max_y) / 2 - all.min_y) / h;

      order[i].key = hilbert ((guint32) (CLAMP (cx, 0, 1) * 65535),
                              (guint32) (CLAMP (cy, 0, 1) * 65535));
      order[i].index = i;
    }
  qsort (order, n, sizeof *order, hilbert_entry_compare);

  for (guint i = 0; i < n; i++)
    {
      self->boxes[i] = *box_at (boxes, stride, order[i].index);
      self->indices[i] = order[i].index;
    }
}

/**
 * gw_box_index_new:
 * @boxes: the first box
 * @n_boxes: how many
 * @stride: bytes from one box to the next (sizeof (GwBBox) for an array
 *   of boxes, or the size of a struct that holds one at @boxes' offset)
 *
 * Indexes the boxes; the index keeps no pointer to them.
 */
GwBoxIndex *
gw_box_index_new (const GwBBox *boxes,
                  guint         n_boxes,
                  gsize         stride)
{
  GwBoxIndex *self = g_new0 (GwBoxIndex, 1);
  guint count, pos, level_start;

  g_return_val_if_fail (n_boxes == 0 || boxes != NULL, self);
  g_return_val_if_fail (stride >= sizeof (GwBBox), self);

  self->n_items = n_boxes;
  if (n_boxes == 0)
    return self;

  /* Count the nodes of all levels; a single item is its own root. */
  count = n_boxes;
  self->n_nodes = n_boxes;
  while (count > 1)
    {
      count = (count + NODE_SIZE - 1) / NODE_SIZE;
      self->n_nodes += count;
    }
  self->boxes = g_new (GwBBox, self->n_nodes);
  self->indices = g_new (guint, self->n_nodes);

  index_fill_leaves (self, boxes, stride);
  self->level_bounds[self->n_levels++] = n_boxes;

  level_start = 0;
  pos = n_boxes;
  count = n_boxes;
  while (count > 1)
    {
      guint level_end = level_start + count;

      for (guint child = level_start; child < level_end; child += NODE_SIZE)
        {
          GwBBox box;

          gw_bbox_init_empty (&box);
          for (guint k = child; k < MIN (child + NODE_SIZE, level_end); k++)
            gw_bbox_union (&box, &self->boxes[k]);
          self->boxes[pos] = box;
          self->indices[pos] = child;
          pos++;
        }

      level_start = level_end;
      count = pos - level_start;
      g_assert (self->n_levels < G_N_ELEMENTS (self->level_bounds));
      self->level_bounds[self->n_levels++] = pos;
    }

  return self;
}

void
gw_box_index_free (GwBoxIndex *self)
{
  if (self == NULL)
    return;
  g_free (self->boxes);
  g_free (self->indices);
  g_free (self);
}

guint
gw_box_index_get_size (const GwBoxIndex *self)
{
  return self->n_items;
}

void
gw_box_index_get_extent (const GwBoxIndex *self,
                         GwBBox           *extent)
{
  if (self->n_nodes == 0)
    gw_bbox_init_empty (extent);
  else
    *extent = self->boxes[self->n_nodes - 1];
}

gboolean
gw_box_index_query (const GwBoxIndex *self,
                    const GwBBox     *bbox,
                    GwBoxIndexFunc    func,
                    gpointer          user_data)
{
  guint stack[MAX_STACK];
  guint depth = 0;
  guint node;

  if (self->n_nodes == 0)
    return TRUE;

  node = self->n_nodes - 1;
  for (;;)
    {
      guint level_end = self->n_nodes;
      guint end;

      /* @node starts a group of siblings that ends with its level. */
      for (guint l = 0; l < self->n_levels; l++)
        if (node < self->level_bounds[l])
          {
            level_end = self->level_bounds[l];
            break;
          }
      end = MIN (node + NODE_SIZE, level_end);

      for (guint pos = node; pos < end; pos++)
        {
          if (!gw_bbox_intersects (bbox, &self->boxes[pos]))
            continue;

          if (node < self->n_items)
            {
              if (!func (self->indices[pos], user_data))
                return FALSE;
            }
          else
            {
              g_assert (depth < MAX_STACK);
              stack[depth++] = self->indices[pos];
            }
        }

      if (depth == 0)
        return TRUE;
      node = stack[--depth];
    }
}
