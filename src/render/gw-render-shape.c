/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-renderer"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-render-shape.h"

void
gw_render_transform_init (GwRenderTransform *transform,
                          const GwBBox      *bbox,
                          double             x,
                          double             y,
                          double             width,
                          double             height)
{
  g_return_if_fail (transform != NULL);
  g_return_if_fail (bbox != NULL);

  transform->origin_x = bbox->min_x;
  transform->origin_y = bbox->max_y;
  transform->scale_x = width / (bbox->max_x - bbox->min_x);
  transform->scale_y = height / (bbox->max_y - bbox->min_y);
  transform->offset_x = x;
  transform->offset_y = y;
}

/* Douglas–Peucker (Douglas and Peucker, 1973, "Algorithms for the
 * reduction of the number of points required to represent a digitized line
 * or its caricature") on device points @x, @y [0, @n): marks in @keep the
 * points that stay so that none dropped lies farther than @tolerance from
 * the line drawn. The first and last always stay. Iterative, with @stack
 * (2 × @n entries) for the spans still to look at. */
static void
simplify_run (const double *x,
              const double *y,
              guint         n,
              double        tolerance,
              guint8       *keep,
              guint        *stack)
{
  double tol2 = tolerance * tolerance;
  guint top = 0;

  memset (keep, 0, n);
  keep[0] = keep[n - 1] = 1;
  stack[top++] = 0;
  stack[top++] = n - 1;
  while (top > 0)
    {
      guint last = stack[--top], first = stack[--top];
      double dx = x[last] - x[first], dy = y[last] - y[first];
      double len2 = dx * dx + dy * dy, worst = -1;
      guint farthest = first;

      for (guint i = first + 1; i < last; i++)
        {
          double px = x[i] - x[first], py = y[i] - y[first], d2;

          if (len2 > 0)
            {
              double cross = px * dy - py * dx;

              d2 = cross * cross / len2;
            }
          else
            d2 = px * px + py * py;
          if (d2 > worst)
            {
              worst = d2;
              farthest = i;
            }
        }
      if (worst > tol2)
        {
          keep[farthest] = 1;
          stack[top++] = first;
          stack[top++] = farthest;
          stack[top++] = farthest;
          stack[top++] = last;
        }
    }
}

/* Runs this long and shorter are simplified without a heap allocation. */
#define SMALL_RUN 256

static void
append_run (cairo_t                 *cr,
            const GwRenderTransform *t,
            const GwPoint           *p,
            guint                    n,
            gboolean                 closed,
            double                   tolerance)
{
  double small_x[SMALL_RUN], small_y[SMALL_RUN];
  guint8 small_keep[SMALL_RUN];
  guint small_stack[2 * SMALL_RUN];
  g_autofree double *heap_x = NULL, *heap_y = NULL;
  g_autofree guint8 *heap_keep = NULL;
  g_autofree guint *heap_stack = NULL;
  double *x = small_x, *y = small_y;
  guint8 *keep = small_keep;
  guint *stack = small_stack;

  if (n == 0)
    return;
  if (tolerance <= 0 || n < 4)
    {
      cairo_move_to (cr, gw_render_transform_x (t, p[0].x), gw_render_transform_y (t, p[0].y));
      for (guint i = 1; i < n; i++)
        cairo_line_to (cr, gw_render_transform_x (t, p[i].x), gw_render_transform_y (t, p[i].y));
      if (closed)
        cairo_close_path (cr);
      return;
    }
  if (n > SMALL_RUN)
    {
      x = heap_x = g_new (double, n);
      y = heap_y = g_new (double, n);
      keep = heap_keep = g_new (guint8, n);
      /* Each span pushes at most two more, and spans never overlap: 2n. */
      stack = heap_stack = g_new (guint, 2 * (gsize) n);
    }
  for (guint i = 0; i < n; i++)
    {
      x[i] = gw_render_transform_x (t, p[i].x);
      y[i] = gw_render_transform_y (t, p[i].y);
    }
  simplify_run (x, y, n, tolerance, keep, stack);
  cairo_move_to (cr, x[0], y[0]);
  for (guint i = 1; i < n; i++)
    if (keep[i])
      cairo_line_to (cr, x[i], y[i]);
  if (closed)
    cairo_close_path (cr);
}

void
gw_render_append_shape (cairo_t                 *cr,
                        const GwRenderTransform *transform,
                        const GwShape           *shape,
                        GwRenderShapeFlags       flags,
                        double                   tolerance)
{
  g_return_if_fail (cr != NULL);
  g_return_if_fail (transform != NULL);
  g_return_if_fail (shape != NULL);

  for (guint r = 0; r < shape->n_rings; r++)
    append_run (cr, transform, shape->points + shape->ring_starts[r],
                shape->ring_starts[r + 1] - shape->ring_starts[r],
                (flags & GW_RENDER_SHAPE_CLOSED) != 0, tolerance);
}

/* Which side(s) of the window grown by @margin a device point is beyond. */
static inline guint
outcode (double x,
         double y,
         double width,
         double height,
         double margin)
{
  return (x < -margin ? 1 : 0) | (x > width + margin ? 2 : 0) |
         (y < -margin ? 4 : 0) | (y > height + margin ? 8 : 0);
}

void
gw_render_append_lines_culled (cairo_t                 *cr,
                               const GwRenderTransform *transform,
                               const GwShape           *shape,
                               double                   tolerance,
                               double                   width,
                               double                   height,
                               double                   margin)
{
  g_return_if_fail (cr != NULL);
  g_return_if_fail (transform != NULL);
  g_return_if_fail (shape != NULL);

  for (guint r = 0; r < shape->n_rings; r++)
    {
      const GwPoint *p = shape->points + shape->ring_starts[r];
      guint n = shape->ring_starts[r + 1] - shape->ring_starts[r];
      double lx, ly;
      guint lcode;
      gboolean pen_down = FALSE;

      if (n < 2)
        continue;

      lx = gw_render_transform_x (transform, p[0].x);
      ly = gw_render_transform_y (transform, p[0].y);
      lcode = outcode (lx, ly, width, height, margin);
      for (guint i = 1; i < n; i++)
        {
          double x = gw_render_transform_x (transform, p[i].x);
          double y = gw_render_transform_y (transform, p[i].y);
          guint code = outcode (x, y, width, height, margin);

          if (code & lcode)
            pen_down = FALSE;
          else if (!pen_down || i + 1 == n || fabs (x - lx) + fabs (y - ly) >= tolerance)
            {
              if (!pen_down)
                cairo_move_to (cr, lx, ly);
              cairo_line_to (cr, x, y);
              pen_down = TRUE;
            }
          else
            continue;
          lx = x;
          ly = y;
          lcode = code;
        }
    }
}

void
gw_render_append_dot (cairo_t *cr,
                      double   x,
                      double   y,
                      double   r)
{
  int n;
  double step_c, step_s, c = 1, s = 0;

  g_return_if_fail (cr != NULL);

  n = CLAMP ((int) ceil (2 * G_PI * r / 2.0), 8, 96);
  step_c = cos (2 * G_PI / n);
  step_s = sin (2 * G_PI / n);
  cairo_move_to (cr, x + r, y);
  for (int i = 1; i < n; i++)
    {
      double next_c = c * step_c - s * step_s;

      s = s * step_c + c * step_s;
      c = next_c;
      cairo_line_to (cr, x + r * c, y - r * s);
    }
  cairo_close_path (cr);
}
