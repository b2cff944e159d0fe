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

/* Runs this long and shorter are drawn without a heap allocation. */
#define SMALL_RUN 256

/* Device points of one run, on the stack while they are few. */
typedef struct
{
  double  small_x[SMALL_RUN], small_y[SMALL_RUN];
  double *x, *y;
  guint   n, size;
} Run;

static void
run_init (Run *run)
{
  run->x = run->small_x;
  run->y = run->small_y;
  run->n = 0;
  run->size = SMALL_RUN;
}

static void
run_clear (Run *run)
{
  if (run->x != run->small_x)
    {
      g_free (run->x);
      g_free (run->y);
    }
  run_init (run);
}

static inline void
run_add (Run    *run,
         double  x,
         double  y)
{
  if (G_UNLIKELY (run->n == run->size))
    {
      guint size = run->size * 2;

      if (run->x == run->small_x)
        {
          run->x = g_memdup2 (run->small_x, run->n * sizeof (double));
          run->y = g_memdup2 (run->small_y, run->n * sizeof (double));
        }
      run->x = g_renew (double, run->x, size);
      run->y = g_renew (double, run->y, size);
      run->size = size;
    }
  run->x[run->n] = x;
  run->y[run->n] = y;
  run->n++;
}

/* Draws the device points of @run as one subpath, simplified to @tolerance
 * (0: every point). */
static void
emit_run (cairo_t   *cr,
          const Run *run,
          gboolean   closed,
          double     tolerance)
{
  guint8 small_keep[SMALL_RUN];
  guint small_stack[2 * SMALL_RUN];
  g_autofree guint8 *heap_keep = NULL;
  g_autofree guint *heap_stack = NULL;
  guint8 *keep = small_keep;
  guint *stack = small_stack;
  guint n = run->n;

  if (n == 0)
    return;
  cairo_move_to (cr, run->x[0], run->y[0]);
  if (tolerance <= 0 || n < 4)
    {
      for (guint i = 1; i < n; i++)
        cairo_line_to (cr, run->x[i], run->y[i]);
    }
  else
    {
      if (n > SMALL_RUN)
        {
          keep = heap_keep = g_new (guint8, n);
          /* Each span pushes at most two more, and spans never overlap: 2n. */
          stack = heap_stack = g_new (guint, 2 * (gsize) n);
        }
      simplify_run (run->x, run->y, n, tolerance, keep, stack);
      for (guint i = 1; i < n; i++)
        if (keep[i])
          cairo_line_to (cr, run->x[i], run->y[i]);
    }
  if (closed)
    cairo_close_path (cr);
}

static void
transform_run (Run                     *run,
               const GwRenderTransform *t,
               const GwPoint           *p,
               guint                    n)
{
  run->n = 0;
  for (guint i = 0; i < n; i++)
    run_add (run, gw_render_transform_x (t, p[i].x), gw_render_transform_y (t, p[i].y));
}

static void
append_run (cairo_t                 *cr,
            const GwRenderTransform *t,
            const GwPoint           *p,
            guint                    n,
            gboolean                 closed,
            double                   tolerance)
{
  Run run;

  run_init (&run);
  transform_run (&run, t, p, n);
  emit_run (cr, &run, closed, tolerance);
  run_clear (&run);
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

/* The window's four sides, as Sutherland–Hodgman clips against them. */
enum { SIDE_LEFT, SIDE_RIGHT, SIDE_TOP, SIDE_BOTTOM };

static inline gboolean
inside_side (double x,
             double y,
             int    side,
             double bound)
{
  switch (side)
    {
    case SIDE_LEFT:
      return x >= bound;
    case SIDE_RIGHT:
      return x <= bound;
    case SIDE_TOP:
      return y >= bound;
    case SIDE_BOTTOM:
    default:
      return y <= bound;
    }
}

/* Clips the closed ring @in against one side of the window into @out:
 * one pass of Sutherland and Hodgman's reentrant polygon clipping
 * (Sutherland and Hodgman, 1974, "Reentrant polygon clipping", CACM 17(1)).
 * Where the ring leaves and comes back, the result runs along the side:
 * edges of no area, outside the window's visible part when the window is
 * grown by a margin, that change no fill inside it. */
static void
clip_side (const Run *in,
           Run       *out,
           int        side,
           double     bound)
{
  out->n = 0;
  for (guint i = 0; i < in->n; i++)
    {
      guint j = i == 0 ? in->n - 1 : i - 1;
      double px = in->x[j], py = in->y[j], cx = in->x[i], cy = in->y[i];
      gboolean p_in = inside_side (px, py, side, bound);
      gboolean c_in = inside_side (cx, cy, side, bound);

      if (p_in != c_in)
        {
          double k;

          if (side == SIDE_LEFT || side == SIDE_RIGHT)
            {
              k = (bound - px) / (cx - px);
              run_add (out, bound, py + k * (cy - py));
            }
          else
            {
              k = (bound - py) / (cy - py);
              run_add (out, px + k * (cx - px), bound);
            }
        }
      if (c_in)
        run_add (out, cx, cy);
    }
}

void
gw_render_append_shape_clipped (cairo_t                 *cr,
                                const GwRenderTransform *transform,
                                const GwShape           *shape,
                                GwRenderShapeFlags       flags,
                                double                   tolerance,
                                double                   width,
                                double                   height,
                                double                   margin)
{
  double left = -margin, right = width + margin, top = -margin, bottom = height + margin;
  double x0, x1, y0, y1;
  gboolean inside;
  Run a, b;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (transform != NULL);
  g_return_if_fail (shape != NULL);

  if (!(flags & GW_RENDER_SHAPE_CLOSED))
    {
      gw_render_append_lines_culled (cr, transform, shape, tolerance, width, height, margin);
      return;
    }

  /* From the shape's box: most lie wholly inside and are drawn as they
   * are; one wholly outside fills nothing the window shows. */
  x0 = gw_render_transform_x (transform, shape->bbox.min_x);
  x1 = gw_render_transform_x (transform, shape->bbox.max_x);
  y0 = gw_render_transform_y (transform, shape->bbox.max_y);
  y1 = gw_render_transform_y (transform, shape->bbox.min_y);
  if (x1 < left || x0 > right || y1 < top || y0 > bottom)
    return;
  inside = x0 >= left && x1 <= right && y0 >= top && y1 <= bottom;

  run_init (&a);
  run_init (&b);
  for (guint r = 0; r < shape->n_rings; r++)
    {
      guint n = shape->ring_starts[r + 1] - shape->ring_starts[r];

      transform_run (&a, transform, shape->points + shape->ring_starts[r], n);
      if (!inside && a.n >= 3)
        {
          clip_side (&a, &b, SIDE_LEFT, left);
          clip_side (&b, &a, SIDE_RIGHT, right);
          clip_side (&a, &b, SIDE_TOP, top);
          clip_side (&b, &a, SIDE_BOTTOM, bottom);
        }
      emit_run (cr, &a, TRUE, tolerance);
    }
  run_clear (&a);
  run_clear (&b);
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
