/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-map-legend"

#include "config.h"

#include "gw-map-legend.h"
#include "gw-render-legend.h"

#define SWATCH_WIDTH  30
#define SWATCH_HEIGHT 14

struct _GwMapLegend
{
  GtkBox  parent_instance;

  double  zoom;
};

G_DEFINE_FINAL_TYPE (GwMapLegend, gw_map_legend, GTK_TYPE_BOX)

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  const GwLegendEntry *entry = g_object_get_data (G_OBJECT (area), "gw-legend-entry");
  GwMapLegend *self = GW_MAP_LEGEND (gtk_widget_get_ancestor (GTK_WIDGET (area),
                                                              GW_TYPE_MAP_LEGEND));

  if (entry == NULL || self == NULL)
    return;
  /* A screen pixel is a map pixel. */
  gw_render_legend_swatch (cr, NULL, entry, self->zoom, 1.0, 1, 1, width - 2, height - 2);
}

void
gw_map_legend_update (GwMapLegend   *self,
                      GwMapSnapshot *snapshot,
                      GwLayers       layers,
                      double         zoom)
{
  g_autoptr (GArray) entries = NULL;
  GtkWidget *child;

  g_return_if_fail (GW_IS_MAP_LEGEND (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_box_remove (GTK_BOX (self), child);
  self->zoom = zoom;
  if (snapshot == NULL)
    return;

  entries = gw_render_legend_entries (snapshot, layers, zoom, TRUE);
  for (guint i = 0; i < entries->len; i++)
    {
      GwLegendEntry *entry = g_memdup2 (&g_array_index (entries, GwLegendEntry, i),
                                        sizeof (GwLegendEntry));
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
      GtkWidget *swatch = gtk_drawing_area_new ();
      GtkWidget *label = gtk_label_new (entry->label);

      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), SWATCH_WIDTH);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), SWATCH_HEIGHT);
      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (swatch), "gw-legend-entry", entry, g_free);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, NULL, NULL);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (row), swatch);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (self), row);
    }
}

GPtrArray *
gw_map_legend_get_labels (GwMapLegend *self)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (GW_IS_MAP_LEGEND (self), labels);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *label = gtk_widget_get_last_child (row);

      if (GTK_IS_LABEL (label))
        g_ptr_array_add (labels, g_strdup (gtk_label_get_text (GTK_LABEL (label))));
    }
  return labels;
}

static void
gw_map_legend_class_init (GwMapLegendClass *klass)
{
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "gw-map-legend");
}

static void
gw_map_legend_init (GwMapLegend *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 4);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 4);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 8);
}

GtkWidget *
gw_map_legend_new (void)
{
  return g_object_new (GW_TYPE_MAP_LEGEND, NULL);
}
