/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* GTK 4.8 wraps a tooltip at as many average character widths as the text
 * has characters, and a Chinese character is about two of those: Chinese
 * tooltips came out one to three characters a line. These helpers show
 * every tooltip in a label of our own that wraps at a fixed width instead:
 * one line for a short tooltip in any language, lines of about
 * GW_TOOLTIP_WIDTH_CHARS average characters for a long one. */

#define GW_TOOLTIP_WIDTH_CHARS 50

/* From now on, each widget that has a tooltip when it is mapped shows it
 * this way. Idempotent. */
void       gw_tooltips_init      (void);
/* The same for one widget whose tooltip is set after it is mapped (list
 * cells that get theirs when bound). Idempotent. */
void       gw_tooltips_attach    (GtkWidget  *widget);
/* Whether @widget's tooltip is shown this way. */
gboolean   gw_tooltips_attached  (GtkWidget  *widget);
/* The label a tooltip of @markup is shown in. */
GtkWidget *gw_tooltip_label_new  (const char *markup);

G_END_DECLS
