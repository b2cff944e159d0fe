/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-inspector-summary"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "gw-inspector-summary.h"
#include "gw-summary-row.h"

/* Every row a grid or a building may show is in the template, in the order
 * both read; showing a feature fills the rows it has and hides the others. */

struct _GwInspectorSummary
{
  AdwPreferencesGroup  parent_instance;

  gboolean             showing;
  gint64               building_grid_id;  /* the shown building's grid, else 0 */

  GwSummaryRow        *address_row;
  GwSummaryRow        *compound_row;
  GwSummaryRow        *grid_row;
  GwSummaryRow        *community_row;
  GwSummaryRow        *area_row;
  GwSummaryRow        *size_row;
  GwSummaryRow        *buildings_row;
  GwSummaryRow        *dwellings_row;
  GwSummaryRow        *households_row;
  GwSummaryRow        *residents_row;
  GwSummaryRow        *open_cases_row;
};

G_DEFINE_FINAL_TYPE (GwInspectorSummary, gw_inspector_summary, ADW_TYPE_PREFERENCES_GROUP)

enum
{
  SIGNAL_GRID_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* "14,823": figures read better grouped, whatever the C locale says. */
static char *
format_count (gint64 value)
{
  g_autofree char *digits = g_strdup_printf ("%" PRId64, ABS (value));
  GString *text = g_string_new (value < 0 ? "-" : "");
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, digits[i]);
    }
  return g_string_free (text, FALSE);
}

/* Building uses are keys in the schema (residential | mixed | shop | public). */
static const char *
building_use_label (const char *use)
{
  if (g_strcmp0 (use, "residential") == 0)
    return _("Residential");
  if (g_strcmp0 (use, "mixed") == 0)
    return _("Homes and shops");
  if (g_strcmp0 (use, "shop") == 0)
    return _("Shops");
  if (g_strcmp0 (use, "public") == 0)
    return _("Public building");
  return use;
}

static void
show_row (GwSummaryRow *row,
          const char   *value,
          const char   *subtitle)
{
  gw_summary_row_set_value (row, value);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (row), TRUE);
}

static void
show_count_row (GwSummaryRow *row,
                gint64        count,
                const char   *subtitle)
{
  g_autofree char *value = format_count (count);

  show_row (row, value, subtitle);
}

static void
hide_rows (GwInspectorSummary *self)
{
  GwSummaryRow *rows[] = {
    self->address_row, self->compound_row, self->grid_row, self->community_row, self->area_row,
    self->size_row, self->buildings_row, self->dwellings_row, self->households_row,
    self->residents_row, self->open_cases_row,
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      gtk_widget_set_visible (GTK_WIDGET (rows[i]), FALSE);
      gw_summary_row_set_value (rows[i], NULL);
      gw_summary_row_set_alert (rows[i], FALSE);
    }
  self->building_grid_id = 0;
}

/**
 * gw_inspector_summary_show_grid:
 * @self: a #GwInspectorSummary
 * @summary: the grid's figures
 * @band_min: the target number of households per grid, lowest
 * @band_max: and highest
 */
void
gw_inspector_summary_show_grid (GwInspectorSummary  *self,
                                const GwGridSummary *summary,
                                int                  band_min,
                                int                  band_max)
{
  g_autofree char *area_m2 = NULL;
  g_autofree char *area = NULL;
  g_autofree char *band = NULL;
  g_autofree char *cases_text = NULL;

  g_return_if_fail (GW_IS_INSPECTOR_SUMMARY (self));
  g_return_if_fail (summary != NULL);

  hide_rows (self);
  self->showing = TRUE;

  show_row (self->community_row, summary->community_name, summary->community_code);
  area_m2 = format_count ((gint64) (summary->area_m2 + 0.5));
  /* Translators: an area in square metres */
  area = g_strdup_printf (_("%s m²"), area_m2);
  show_row (self->area_row, area, NULL);
  show_count_row (self->buildings_row, summary->n_buildings, NULL);
  show_count_row (self->dwellings_row, summary->n_dwellings, NULL);
  band = g_strdup_printf (_("Target %d–%d"), band_min, band_max);
  show_count_row (self->households_row, summary->n_households, band);
  show_count_row (self->residents_row, summary->n_residents, NULL);

  cases_text = format_count (summary->n_open_cases);
  if (summary->n_overdue_cases > 0)
    {
      g_autofree char *overdue = format_count (summary->n_overdue_cases);
      /* Translators: open cases, of which overdue, e.g. "12 (3 overdue)" */
      char *text = g_strdup_printf (_("%s (%s overdue)"), cases_text, overdue);

      g_free (cases_text);
      cases_text = text;
    }
  show_row (self->open_cases_row, cases_text, NULL);
  gw_summary_row_set_alert (self->open_cases_row, summary->n_overdue_cases > 0);
}

/**
 * gw_inspector_summary_show_building:
 * @self: a #GwInspectorSummary
 * @summary: the building's figures
 *
 * The building's grid row emits #GwInspectorSummary::grid-activated.
 */
void
gw_inspector_summary_show_building (GwInspectorSummary      *self,
                                    const GwBuildingSummary *summary)
{
  g_autofree char *floors = NULL;

  g_return_if_fail (GW_IS_INSPECTOR_SUMMARY (self));
  g_return_if_fail (summary != NULL);

  hide_rows (self);
  self->showing = TRUE;

  show_row (self->address_row, summary->address, NULL);
  if (summary->lot_name != NULL && *summary->lot_name != '\0')
    show_row (self->compound_row, summary->lot_name, NULL);
  /* From a building to its grid in one click. */
  self->building_grid_id = summary->grid_id;
  show_row (self->grid_row, summary->grid_code, NULL);

  floors = g_strdup_printf (ngettext ("%d floor", "%d floors", summary->floors), summary->floors);
  if (summary->units > 0)
    {
      g_autofree char *units = g_strdup_printf (ngettext ("%d unit", "%d units", summary->units),
                                                summary->units);
      char *size = g_strdup_printf ("%s · %s", floors, units);

      g_free (floors);
      floors = size;
    }
  show_row (self->size_row, floors, building_use_label (summary->use));
  show_count_row (self->dwellings_row, summary->n_dwellings, NULL);
  show_count_row (self->households_row, summary->n_households, NULL);
  show_count_row (self->residents_row, summary->n_residents, NULL);
}

void
gw_inspector_summary_clear (GwInspectorSummary *self)
{
  g_return_if_fail (GW_IS_INSPECTOR_SUMMARY (self));

  hide_rows (self);
  self->showing = FALSE;
}

/**
 * gw_inspector_summary_get_household_count_text:
 * @self: a #GwInspectorSummary
 *
 * Returns: (nullable): the "Households" figure as shown ("1,024"), or %NULL
 *   when nothing is shown
 */
const char *
gw_inspector_summary_get_household_count_text (GwInspectorSummary *self)
{
  g_return_val_if_fail (GW_IS_INSPECTOR_SUMMARY (self), NULL);

  if (!self->showing)
    return NULL;
  return gw_summary_row_get_value (self->households_row);
}

static void
on_grid_row_activated (GwInspectorSummary *self)
{
  if (self->building_grid_id != 0)
    g_signal_emit (self, signals[SIGNAL_GRID_ACTIVATED], 0, self->building_grid_id);
}

static void
gw_inspector_summary_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GW_TYPE_INSPECTOR_SUMMARY);

  G_OBJECT_CLASS (gw_inspector_summary_parent_class)->dispose (object);
}

static void
gw_inspector_summary_class_init (GwInspectorSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_inspector_summary_dispose;

  /**
   * GwInspectorSummary::grid-activated:
   * @self: the summary
   * @grid_id: the grid of the shown building
   *
   * The user asked to see the shown building's grid.
   */
  signals[SIGNAL_GRID_ACTIVATED] =
    g_signal_new ("grid-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (GW_TYPE_SUMMARY_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridwork/Gridwork/ui/gw-inspector-summary.ui");
  gtk_widget_class_bind_template_child (widget_class, GwInspectorSummary, address_row);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorSummary, compound_row);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorSummary, grid_row);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorSummary, community_row);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorSummary, area_row);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorSummary, size_row);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorSummary, buildings_row);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorSummary, dwellings_row);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorSummary, households_row);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorSummary, residents_row);
  gtk_widget_class_bind_template_child (widget_class, GwInspectorSummary, open_cases_row);
  gtk_widget_class_bind_template_callback (widget_class, on_grid_row_activated);
}

static void
gw_inspector_summary_init (GwInspectorSummary *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
gw_inspector_summary_new (void)
{
  return g_object_new (GW_TYPE_INSPECTOR_SUMMARY, NULL);
}
