/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* Writes a Cairo image surface (RGB24 or ARGB32) as a PNG, fast: rows
 * without filters, compressed by libdeflate at level 1. For the big
 * pictures of `render`, `print --png` and the exports, where cairo's
 * libpng/zlib encoder took more than half of the wall time. @dpi (0: none)
 * goes into a pHYs chunk so the picture prints at its paper size. The file
 * is written whole or not at all (a temporary file renamed). Errors are in
 * G_IO_ERROR. */
gboolean gw_png_write (cairo_surface_t  *surface,
                       const char       *path,
                       double            dpi,
                       GError          **error);

/* The same PNG in memory. */
GBytes  *gw_png_encode (cairo_surface_t  *surface,
                        double            dpi,
                        GError          **error);

G_END_DECLS
