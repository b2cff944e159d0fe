/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-renderer"

#include "config.h"

#include <math.h>

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

static void
append_run (cairo_t                 *cr,
            const GwRenderTransform *t,
            const GwPoint           *p,
            guint                    n,
            gboolean                 closed,
            double                   tolerance)
{
  double lx, ly;

  if (n == 0)
    return;

  lx = gw_render_transform_x (t, p[0].x);
  ly = gw_render_transform_y (t, p[0].y);
  cairo_move_to (cr, lx, ly);
  for (guint i = 1; i < n; i++)
    {
      double x = gw_render_transform_x (t, p[i].x);
      double y = gw_render_transform_y (t, p[i].y);

      if (i + 1 < n && fabs (x - lx) + fabs (y - ly) < tolerance)
        continue;
      cairo_line_to (cr, x, y);
      lx = x;
      ly = y;
    }
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
