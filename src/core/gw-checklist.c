/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-checklist"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "gw-checklist.h"

static const struct
{
  const char *name;
  const char *title;
  const char *import_layer;
  const char *missing;
} items[GW_CHECK_N_ITEMS] = {
  [GW_CHECK_STREET] = { "street", N_("Street boundary"), "street",
                        N_("Import the street’s boundary from the surveying bureau’s file") },
  [GW_CHECK_COMMUNITIES] = { "communities", N_("Communities"), "communities",
                             N_("Import the community polygons with their names and codes") },
  [GW_CHECK_GRIDS] = { "grids", N_("Grids"), "grids",
                       N_("Import the grid polygons, or draw them on the map from the buildings") },
  [GW_CHECK_LOTS] = { "lots", N_("Lots and compounds"), "lots",
                      N_("Import the residential compounds and lots, if the office has them") },
  [GW_CHECK_BUILDINGS] = { "buildings", N_("Buildings"), "buildings",
                           N_("Import the building footprints") },
  [GW_CHECK_ROADS] = { "roads", N_("Roads"), "roads",
                       N_("Import the roads, for the map and as grid boundaries") },
  [GW_CHECK_HOUSEHOLDS] = { "households", N_("Households"), "households",
                            N_("Import the household register (户籍) from its spreadsheet") },
  [GW_CHECK_RESIDENTS] = { "residents", N_("Residents"), "residents",
                           N_("Import the resident register (实有人口) from its spreadsheet") },
  [GW_CHECK_TEAMS] = { "teams", N_("Workers and grid teams"), "workers",
                       N_("Import the workers’ sheet with each one’s grid") },
  [GW_CHECK_DEPARTMENTS] = { "departments", N_("Departments"), "departments",
                             N_("Import the departments cases are routed to") },
  [GW_CHECK_USERS] = { "users", N_("Users"), NULL,
                       N_("Add the office’s users: gridwork-cli user add") },
};

const char *
gw_check_item_name (GwCheckItem item)
{
  g_return_val_if_fail (item < GW_CHECK_N_ITEMS, NULL);

  return items[item].name;
}

static void
line_clear (gpointer data)
{
  GwCheckLine *line = data;

  g_clear_pointer (&line->detail, g_free);
}

/* The count line of an item that has some rows, and whether something is
 * left to do. */
static char *
loaded_detail (GwCheckItem          item,
               const GwStoreCounts *c,
               GwCheckState        *state)
{
  *state = GW_CHECK_DONE;
  switch (item)
    {
    case GW_CHECK_STREET:
      return g_strdup (_("Drawn"));
    case GW_CHECK_COMMUNITIES:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " community",
                                           "%" PRId64 " communities", c->communities),
                              c->communities);
    case GW_CHECK_GRIDS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " grid",
                                           "%" PRId64 " grids", c->grids), c->grids);
    case GW_CHECK_LOTS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " lot",
                                           "%" PRId64 " lots", c->lots), c->lots);
    case GW_CHECK_BUILDINGS:
      if (c->unassigned_buildings > 0)
        {
          *state = GW_CHECK_PARTIAL;
          return g_strdup_printf (_("%" PRId64 " buildings, %" PRId64
                                    " in no grid yet: paint them into grids"),
                                  c->buildings, c->unassigned_buildings);
        }
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " building",
                                           "%" PRId64 " buildings", c->buildings),
                              c->buildings);
    case GW_CHECK_ROADS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " road",
                                           "%" PRId64 " roads", c->roads), c->roads);
    case GW_CHECK_HOUSEHOLDS:
      return g_strdup_printf (_("%" PRId64 " households in %" PRId64
                                " dwellings"), c->households, c->dwellings);
    case GW_CHECK_RESIDENTS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " resident",
                                           "%" PRId64 " residents", c->residents),
                              c->residents);
    case GW_CHECK_TEAMS:
      if (c->staffed_grids < c->grids)
        *state = GW_CHECK_PARTIAL;
      return g_strdup_printf (_("%" PRId64 " workers; %" PRId64 " of %"
                                PRId64 " grids have a team"),
                              c->workers, c->staffed_grids, c->grids);
    case GW_CHECK_DEPARTMENTS:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " department",
                                           "%" PRId64 " departments", c->departments),
                              c->departments);
    case GW_CHECK_USERS:
    case GW_CHECK_N_ITEMS:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " user",
                                           "%" PRId64 " users", c->users), c->users);
    }
}

static gint64
item_count (GwCheckItem          item,
            const GwStoreCounts *c)
{
  switch (item)
    {
    case GW_CHECK_STREET: return c->street_boundaries;
    case GW_CHECK_COMMUNITIES: return c->communities;
    case GW_CHECK_GRIDS: return c->grids;
    case GW_CHECK_LOTS: return c->lots;
    case GW_CHECK_BUILDINGS: return c->buildings;
    case GW_CHECK_ROADS: return c->roads;
    case GW_CHECK_HOUSEHOLDS: return c->households;
    case GW_CHECK_RESIDENTS: return c->residents;
    case GW_CHECK_TEAMS: return c->workers;
    case GW_CHECK_DEPARTMENTS: return c->departments;
    case GW_CHECK_USERS: return c->users;
    case GW_CHECK_N_ITEMS:
    default: return 0;
    }
}

GArray *
gw_checklist_from_counts (const GwStoreCounts *counts)
{
  GArray *lines = g_array_sized_new (FALSE, TRUE, sizeof (GwCheckLine), GW_CHECK_N_ITEMS);

  g_return_val_if_fail (counts != NULL, lines);

  g_array_set_clear_func (lines, line_clear);
  for (guint i = 0; i < GW_CHECK_N_ITEMS; i++)
    {
      GwCheckLine line = { i, GW_CHECK_MISSING, _(items[i].title), NULL, items[i].import_layer };

      if (item_count (i, counts) > 0)
        line.detail = loaded_detail (i, counts, &line.state);
      else
        line.detail = g_strdup (_(items[i].missing));
      g_array_append_val (lines, line);
    }
  return lines;
}

GArray *
gw_checklist_load (GwStore  *store,
                   GError  **error)
{
  GwStoreCounts counts;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  if (!gw_store_count (store, NULL, &counts, error))
    return NULL;
  return gw_checklist_from_counts (&counts);
}

guint
gw_checklist_n_done (GArray *lines)
{
  guint n = 0;

  for (guint i = 0; i < lines->len; i++)
    n += g_array_index (lines, GwCheckLine, i).state == GW_CHECK_DONE;
  return n;
}
