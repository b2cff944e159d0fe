/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-demo"

#include "config.h"

#include "gw-demo-private.h"

/* Writing, through the core's writer. */

static const char * const road_class_keys[] = { "", "lane", "secondary", "main" };

static const char * const building_use_keys[] = { "residential", "mixed", "shop", "public" };

/* The geometry just built, for a row. */
const guint8 *
gw_demo_built_wkb (Demo  *d,
                   gsize *len)
{
  return gw_wkb_builder_get_data (d->wkb, len);
}

static void
building_write_wkb (Demo           *d,
                    const Building *b)
{
  GwPoint ring[4];
  double angle = b->angle + (b->north_south ? G_PI / 2 : 0);
  double c = cos (angle), s = sin (angle);
  static const double corners[4][2] = { { -1, -1 }, { 1, -1 }, { 1, 1 }, { -1, 1 } };

  for (int k = 0; k < 4; k++)
    {
      double u = corners[k][0] * b->half_len, v = corners[k][1] * b->half_dep;

      gw_demo_to_lonlat (d, b->ce + u * c - v * s, b->cn + u * s + v * c, &ring[k]);
    }
  gw_wkb_builder_begin_multipolygon (d->wkb);
  gw_wkb_builder_begin_polygon (d->wkb);
  gw_wkb_builder_add_ring (d->wkb, ring, 4);
}

/* A named road is one row however many runs it has. */
static gboolean
write_roads (Demo    *d,
             GError **error)
{
  gint64 id = 0;

  for (guint k = 0; k < d->roads->len; )
    {
      Road *road = ROAD (d, k);
      GwRoadRow row = { ++id, road->name, road_class_keys[road->cls] };
      guint end = k + 1;

      while (end < d->roads->len && ROAD (d, end)->line == road->line
             && ROAD (d, end)->horizontal == road->horizontal && ROAD (d, end)->cls == road->cls
             && strcmp (ROAD (d, end)->name, road->name) == 0 && road->cls != ROAD_LANE)
        end++;
      gw_wkb_builder_begin_multilinestring (d->wkb);
      for (guint r = k; r < end; r++)
        {
          Road *run = ROAD (d, r);
          g_autofree GwPoint *points = g_new (GwPoint, run->to - run->from + 1);

          for (int e = run->from; e <= run->to; e++)
            points[e - run->from] = run->horizontal ? VERTEX (d, e, run->line)
                                    : VERTEX (d, run->line, e);
          gw_wkb_builder_add_linestring (d->wkb, points, run->to - run->from + 1);
        }
      row.wkb = gw_demo_built_wkb (d, &row.wkb_len);
      if (!gw_writer_add_road (d->writer, &row, NULL, error))
        return FALSE;
      k = end;
    }
  return TRUE;
}

static gboolean
write_buildings (Demo    *d,
                 GError **error)
{
  for (guint k = 0; k < d->buildings->len; k++)
    {
      Building *b = BUILDING (d, k);
      GwBuildingRow row = { k + 1, b->lot + 1, b->name, b->address, building_use_keys[b->use],
                            b->floors, b->units, b->built_year };

      building_write_wkb (d, b);
      row.wkb = gw_demo_built_wkb (d, &row.wkb_len);
      if (!gw_writer_add_building (d->writer, &row, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* The outline of a street or community, traced along the lattice. */
static const guint8 *
region_wkb (Demo         *d,
            const Region *region,
            gsize        *len)
{
  RowSpan span;

  gw_demo_region_to_span (d, region, &span);
  gw_demo_span_write_wkb (d, &span);
  g_free (span.a);
  g_free (span.b);
  return gw_demo_built_wkb (d, len);
}

gboolean
gw_demo_write_places (Demo    *d,
                      GError **error)
{
  for (guint s = 0; s < d->streets->len; s++)
    {
      Street *street = STREET (d, s);
      GwStreetRow row = { s + 1, street->code, street->name, GW_DEMO_DISTRICT_NAME };

      row.wkb = region_wkb (d, &street->region, &row.wkb_len);
      if (!gw_writer_add_street (d->writer, &row, NULL, error))
        return FALSE;
    }

  for (guint c = 0; c < d->communities->len; c++)
    {
      Community *community = COMMUNITY (d, c);
      GwCommunityRow row = { c + 1, community->street + 1, community->code, community->name };

      row.wkb = region_wkb (d, &community->region, &row.wkb_len);
      if (!gw_writer_add_community (d->writer, &row, NULL, error))
        return FALSE;
    }

  for (guint g = 0; g < d->grids->len; g++)
    {
      Grid *grid = GRID (d, g);
      GwGridRow row = { g + 1, grid->community + 1, grid->code, grid->name };

      gw_demo_span_write_wkb (d, &grid->span);
      row.wkb = gw_demo_built_wkb (d, &row.wkb_len);
      if (!gw_writer_add_grid (d->writer, &row, NULL, error))
        return FALSE;
    }

  for (guint l = 0; l < d->lots->len; l++)
    {
      Lot *lot = LOT (d, l);
      static const char * const kinds[] = {
        [LOT_SLAB] = "compound", [LOT_LI] = "compound", [LOT_LOWRISE] = "compound",
        [LOT_SHOPS] = "shops", [LOT_PUBLIC] = "public", [LOT_OPEN] = "open",
      };
      GwLotRow row = { l + 1, GRID (d, lot->grid)->community + 1, lot->grid + 1, lot->name,
                       kinds[lot->kind] };
      int a = lot->c0, b = lot->c1;
      g_autofree int *as = g_new (int, lot->r1 - lot->r0);
      g_autofree int *bs = g_new (int, lot->r1 - lot->r0);
      RowSpan span = { lot->r0, lot->r1, as, bs };

      for (int r = 0; r < lot->r1 - lot->r0; r++)
        {
          as[r] = a;
          bs[r] = b;
        }
      gw_demo_span_write_wkb (d, &span);
      row.wkb = gw_demo_built_wkb (d, &row.wkb_len);
      if (!gw_writer_add_lot (d->writer, &row, NULL, error))
        return FALSE;
    }

  return write_roads (d, error) && write_buildings (d, error);
}

gboolean
gw_demo_write_meta (Demo    *d,
                    GError **error)
{
  char seed[16], today[20];
  const char *scale = d->scale == GW_DEMO_SCALE_STREET ? "street" : "district";

  g_snprintf (seed, sizeof seed, "%u", d->seed);
  format_time (d->now, today);
  return gw_writer_set_meta (d->writer, "demo_scale", scale, error)
         && gw_writer_set_meta (d->writer, "demo_seed", seed, error)
         && gw_writer_set_meta (d->writer, "demo_today", today, error);
}
