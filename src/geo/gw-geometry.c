/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-geometry"

#include "config.h"

#include <math.h>

#include "gw-geometry.h"

#define EARTH_RADIUS 6378137.0  /* the sphere of Web Mercator */

/* CGCS2000 ellipsoid (GRS80 shape; WGS84 differs in the 11th digit of f). */
#define CGCS2000_A 6378137.0
#define CGCS2000_F (1.0 / 298.257222101)

void
gw_lonlat_to_mercator (double  lon,
                       double  lat,
                       double *x,
                       double *y)
{
  /* Web Mercator stops at ±85.0511°, where the map becomes square. */
  lat = CLAMP (lat, -85.05112877980659, 85.05112877980659);
  *x = EARTH_RADIUS * lon * (G_PI / 180.0);
  *y = EARTH_RADIUS * log (tan (G_PI / 4.0 + lat * (G_PI / 360.0)));
}

void
gw_mercator_to_lonlat (double  x,
                       double  y,
                       double *lon,
                       double *lat)
{
  *lon = x / EARTH_RADIUS * (180.0 / G_PI);
  *lat = (2.0 * atan (exp (y / EARTH_RADIUS)) - G_PI / 2.0) * (180.0 / G_PI);
}

void
gw_bbox_init_empty (GwBBox *bbox)
{
  bbox->min_x = bbox->min_y = G_MAXDOUBLE;
  bbox->max_x = bbox->max_y = -G_MAXDOUBLE;
}

void
gw_bbox_extend (GwBBox *bbox,
                double  x,
                double  y)
{
  if (x < bbox->min_x)
    bbox->min_x = x;
  if (x > bbox->max_x)
    bbox->max_x = x;
  if (y < bbox->min_y)
    bbox->min_y = y;
  if (y > bbox->max_y)
    bbox->max_y = y;
}

void
gw_bbox_union (GwBBox       *bbox,
               const GwBBox *other)
{
  if (gw_bbox_is_empty (other))
    return;
  gw_bbox_extend (bbox, other->min_x, other->min_y);
  gw_bbox_extend (bbox, other->max_x, other->max_y);
}

gboolean
gw_bbox_intersects (const GwBBox *a,
                    const GwBBox *b)
{
  return a->min_x <= b->max_x && b->min_x <= a->max_x &&
         a->min_y <= b->max_y && b->min_y <= a->max_y;
}

gboolean
gw_bbox_contains_point (const GwBBox *bbox,
                        double        x,
                        double        y)
{
  return x >= bbox->min_x && x <= bbox->max_x && y >= bbox->min_y && y <= bbox->max_y;
}

gboolean
gw_bbox_is_empty (const GwBBox *bbox)
{
  return bbox->min_x > bbox->max_x || bbox->min_y > bbox->max_y;
}

void
gw_shape_clear (GwShape *shape)
{
  g_clear_pointer (&shape->points, g_free);
  g_clear_pointer (&shape->ring_starts, g_free);
  shape->n_points = 0;
  shape->n_rings = 0;
  gw_bbox_init_empty (&shape->bbox);
}

/* Crossing test of one ring (closed or not: the closing edge is implied). */
static gboolean
ring_contains (const GwPoint *p,
               guint          n,
               double         x,
               double         y)
{
  gboolean inside = FALSE;

  if (n < 3)
    return FALSE;

  for (guint i = 0, j = n - 1; i < n; j = i++)
    {
      if ((p[i].y > y) != (p[j].y > y) &&
          x < (p[j].x - p[i].x) * (y - p[i].y) / (p[j].y - p[i].y) + p[i].x)
        inside = !inside;
    }

  return inside;
}

gboolean
gw_shape_contains (const GwShape *shape,
                   double         x,
                   double         y)
{
  gboolean inside = FALSE;

  if (shape->n_rings == 0 || !gw_bbox_contains_point (&shape->bbox, x, y))
    return FALSE;

  for (guint r = 0; r < shape->n_rings; r++)
    {
      guint start = shape->ring_starts[r];
      guint end = shape->ring_starts[r + 1];

      if (ring_contains (shape->points + start, end - start, x, y))
        inside = !inside;
    }

  return inside;
}

/* Signed area (shoelace) and centroid of one ring, relative to its first
 * point so that mercator metres in the millions do not cancel. */
static double
ring_area_centroid (const GwPoint *p,
                    guint          n,
                    GwPoint       *centroid)
{
  double a = 0, cx = 0, cy = 0;
  double ox, oy;

  if (n == 0)
    {
      centroid->x = centroid->y = 0;
      return 0;
    }

  ox = p[0].x;
  oy = p[0].y;
  for (guint i = 0, j = n - 1; i < n; j = i++)
    {
      double xi = p[i].x - ox, yi = p[i].y - oy;
      double xj = p[j].x - ox, yj = p[j].y - oy;
      double cross = xj * yi - xi * yj;

      a += cross;
      cx += (xj + xi) * cross;
      cy += (yj + yi) * cross;
    }

  if (fabs (a) < 1e-12)
    {
      /* Degenerate (a line or a point): the vertex mean will do. */
      double mx = 0, my = 0;

      for (guint i = 0; i < n; i++)
        {
          mx += p[i].x;
          my += p[i].y;
        }
      centroid->x = mx / n;
      centroid->y = my / n;
      return 0;
    }

  centroid->x = ox + cx / (3.0 * a);
  centroid->y = oy + cy / (3.0 * a);
  return a / 2.0;
}

static double
segment_distance_sq (double         x,
                     double         y,
                     const GwPoint *a,
                     const GwPoint *b)
{
  double dx = b->x - a->x, dy = b->y - a->y;
  double px = a->x, py = a->y;

  if (dx != 0 || dy != 0)
    {
      double t = ((x - a->x) * dx + (y - a->y) * dy) / (dx * dx + dy * dy);

      if (t > 1)
        {
          px = b->x;
          py = b->y;
        }
      else if (t > 0)
        {
          px += dx * t;
          py += dy * t;
        }
    }

  dx = x - px;
  dy = y - py;
  return dx * dx + dy * dy;
}

/* Signed distance from (x, y) to the shape's outline: positive inside. */
static double
shape_signed_distance (const GwShape *shape,
                       double         x,
                       double         y)
{
  double best = G_MAXDOUBLE;

  for (guint r = 0; r < shape->n_rings; r++)
    {
      const GwPoint *p = shape->points + shape->ring_starts[r];
      guint n = shape->ring_starts[r + 1] - shape->ring_starts[r];

      for (guint i = 0, j = n - 1; i < n; j = i++)
        {
          double d = segment_distance_sq (x, y, &p[j], &p[i]);

          if (d < best)
            best = d;
        }
    }

  best = sqrt (best);
  return gw_shape_contains (shape, x, y) ? best : -best;
}

typedef struct
{
  double x, y;   /* cell centre */
  double h;      /* half size */
  double d;      /* signed distance of the centre */
  double max;    /* best distance any point of the cell can reach */
} Cell;

static Cell
make_cell (const GwShape *shape,
           double         x,
           double         y,
           double         h)
{
  Cell c = { x, y, h, 0, 0 };

  c.d = shape_signed_distance (shape, x, y);
  c.max = c.d + h * G_SQRT2;
  return c;
}

/* A binary max-heap of cells on their potential. */
static void
heap_push (GArray *heap,
           Cell    cell)
{
  Cell *c;
  guint i;

  g_array_append_val (heap, cell);
  c = (Cell *) heap->data;
  i = heap->len - 1;
  while (i > 0)
    {
      guint parent = (i - 1) / 2;
      Cell tmp;

      if (c[parent].max >= c[i].max)
        break;
      tmp = c[parent];
      c[parent] = c[i];
      c[i] = tmp;
      i = parent;
    }
}

static Cell
heap_pop (GArray *heap)
{
  Cell *c = (Cell *) heap->data;
  Cell top = c[0];
  guint i = 0, n;

  c[0] = c[heap->len - 1];
  g_array_set_size (heap, heap->len - 1);
  n = heap->len;
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;
      Cell tmp;

      if (l < n && c[l].max > c[m].max)
        m = l;
      if (r < n && c[r].max > c[m].max)
        m = r;
      if (m == i)
        break;
      tmp = c[m];
      c[m] = c[i];
      c[i] = tmp;
      i = m;
    }

  return top;
}

/* Pole of inaccessibility (the "polylabel" search of Mapbox): the point
 * farthest from the outline within @precision, so labels sit in the widest
 * part of concave shapes. */
static GwPoint
shape_pole (const GwShape *shape,
            const GwBBox  *box,
            double         precision,
            GwPoint        start)
{
  double w = box->max_x - box->min_x;
  double h = box->max_y - box->min_y;
  double cell_size = MIN (w, h);
  g_autoptr (GArray) queue = g_array_new (FALSE, FALSE, sizeof (Cell));
  Cell best;
  guint iterations = 0;

  if (cell_size <= 0)
    return start;

  best = make_cell (shape, start.x, start.y, 0);
  {
    /* The bbox centre is sometimes better than the centroid. */
    Cell centre = make_cell (shape, box->min_x + w / 2, box->min_y + h / 2, 0);

    if (centre.d > best.d)
      best = centre;
  }

  for (double x = box->min_x; x < box->max_x; x += cell_size)
    for (double y = box->min_y; y < box->max_y; y += cell_size)
      {
        heap_push (queue, make_cell (shape, x + cell_size / 2, y + cell_size / 2,
                                     cell_size / 2));
      }

  while (queue->len > 0 && iterations++ < 4096)
    {
      Cell c = heap_pop (queue);

      if (c.d > best.d)
        best = c;
      if (c.max - best.d <= precision)
        continue;

      c.h /= 2;
      for (int k = 0; k < 4; k++)
        {
          Cell child = make_cell (shape,
                                  c.x + ((k & 1) ? c.h : -c.h),
                                  c.y + ((k & 2) ? c.h : -c.h),
                                  c.h);

          if (child.max > best.d + precision)
            heap_push (queue, child);
        }
    }

  return (GwPoint) { best.x, best.y };
}

GwPoint
gw_shape_label_point (const GwShape *shape)
{
  GwPoint best_centroid = { 0, 0 };
  double best_area = -1;
  guint best_ring = 0;
  GwBBox box;

  if (shape->n_points == 0)
    return best_centroid;

  for (guint r = 0; r < shape->n_rings; r++)
    {
      guint start = shape->ring_starts[r];
      GwPoint c;
      double a = fabs (ring_area_centroid (shape->points + start,
                                           shape->ring_starts[r + 1] - start, &c));

      if (a > best_area)
        {
          best_area = a;
          best_centroid = c;
          best_ring = r;
        }
    }

  if (best_area <= 0 || gw_shape_contains (shape, best_centroid.x, best_centroid.y))
    return best_centroid;

  gw_bbox_init_empty (&box);
  for (guint i = shape->ring_starts[best_ring]; i < shape->ring_starts[best_ring + 1]; i++)
    gw_bbox_extend (&box, shape->points[i].x, shape->points[i].y);

  return shape_pole (shape, &box, MAX (box.max_x - box.min_x, box.max_y - box.min_y) / 100.0,
                     best_centroid);
}

GwPoint
gw_shape_pole_of_inaccessibility (const GwShape *shape,
                                  double         precision)
{
  GwPoint centroid = { 0, 0 };
  double best_area = -1;
  guint best_ring = 0;
  GwBBox box;

  if (shape->n_points == 0)
    return centroid;

  for (guint r = 0; r < shape->n_rings; r++)
    {
      guint start = shape->ring_starts[r];
      GwPoint c;
      double a = fabs (ring_area_centroid (shape->points + start,
                                           shape->ring_starts[r + 1] - start, &c));

      if (a > best_area)
        {
          best_area = a;
          centroid = c;
          best_ring = r;
        }
    }

  if (best_area <= 0)
    return centroid;

  gw_bbox_init_empty (&box);
  for (guint i = shape->ring_starts[best_ring]; i < shape->ring_starts[best_ring + 1]; i++)
    gw_bbox_extend (&box, shape->points[i].x, shape->points[i].y);

  if (precision <= 0)
    precision = MAX (box.max_x - box.min_x, box.max_y - box.min_y) / 100.0;

  return shape_pole (shape, &box, precision, centroid);
}

double
gw_shape_ring_area (const GwShape *shape,
                    guint          ring)
{
  GwPoint c;

  g_return_val_if_fail (ring < shape->n_rings, 0);

  return ring_area_centroid (shape->points + shape->ring_starts[ring],
                             shape->ring_starts[ring + 1] - shape->ring_starts[ring], &c);
}

/* q(φ) of the authalic latitude (Snyder, Map Projections, eq. 3-12). */
static double
authalic_q (double sin_phi,
            double e)
{
  double es = e * sin_phi;

  return (1 - e * e) * (sin_phi / (1 - es * es) - 1 / (2 * e) * log ((1 - es) / (1 + es)));
}

double
gw_lonlat_polygon_area_m2 (const GwPoint *lonlat,
                           guint          n_points)
{
  static const double e2 = CGCS2000_F * (2 - CGCS2000_F);
  double e = sqrt (e2);
  double qp = authalic_q (1.0, e);
  double rq2 = CGCS2000_A * CGCS2000_A * qp / 2.0;  /* authalic radius squared */
  double sum = 0;
  double lon0, s0;

  if (n_points < 3)
    return 0;

  /* On the authalic sphere, (λ, sin β) is an equal-area plane (Lambert's
   * cylindrical projection): the shoelace area there times R_q² is the
   * ellipsoidal area, exactly for edges straight in that plane and to far
   * better than a millimetre per edge at street scale otherwise. */
  lon0 = lonlat[0].x * (G_PI / 180.0);
  s0 = authalic_q (sin (lonlat[0].y * (G_PI / 180.0)), e) / qp;
  {
    double px = 0, py = 0;

    for (guint i = 1; i <= n_points; i++)
      {
        const GwPoint *p = &lonlat[i % n_points];
        double x = p->x * (G_PI / 180.0) - lon0;
        double y = authalic_q (sin (p->y * (G_PI / 180.0)), e) / qp - s0;

        sum += px * y - x * py;
        px = x;
        py = y;
      }
  }

  return fabs (sum) / 2.0 * rq2;
}
