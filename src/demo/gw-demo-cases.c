/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-demo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>

#include "gw-demo-private.h"

/* A year of cases (seed 002): when and where they come from, who takes them
 * and how far each got by "today". Some places draw many more: a market
 * street, an old compound whose drains keep failing, a compound at the end
 * of a heating main. */

typedef struct
{
  gint64      at;
  const char *kind;
  const char *from_status;
  const char *to_status;
  const char *from_assignee;
  const char *to_assignee;
  const char *reason;
} Event;

typedef struct
{
  int    lot;
  int    side;
  double weight;
} Frontage;

typedef struct
{
  int     drainage_lot;
  int     heating_lot;
  GArray *market_frontage;   /* of Frontage */
} Hotspots;

static const char *
role_chinese (const char *role)
{
  static const struct { const char *key, *label; } roles[] = {
    { "party_branch", "党支部成员" }, { "street_cadre", "街道干部" },
    { "community_cadre", "社区干部" }, { "building_leader", "楼长" },
    { "police", "社区民警" }, { "volunteer", "志愿者" }, { "social_worker", "社工" },
  };

  for (guint k = 0; k < G_N_ELEMENTS (roles); k++)
    if (strcmp (roles[k].key, role) == 0)
      return roles[k].label;
  return role;
}

static gint64
office_hours (Rng    *rng,
              gint64  t)
{
  gint64 day = day_of (t);
  gint64 secs = t - day * DAY;

  if (secs < 8 * HOUR)
    return day * DAY + 8 * HOUR + rng_below (rng, 40 * MINUTE);
  if (secs >= 19 * HOUR)
    return (day + 1) * DAY + 8 * HOUR + rng_below (rng, 40 * MINUTE);
  return t;
}

/* A: the end of the same working day; B: 7 working days; C: 30 days. */
static gint64
case_deadline (Demo   *d,
               char    tier,
               gint64  reported)
{
  const gint64 end = 17 * HOUR + 30 * MINUTE;
  gint64 day = day_of (reported);

  switch (tier)
    {
    case 'A':
      if (gw_demo_is_workday (d, day) && reported - day * DAY < end)
        return day * DAY + end;
      do
        day++;
      while (!gw_demo_is_workday (d, day));
      return day * DAY + end;
    case 'B':
      for (int count = 0; count < 7; )
        {
          day++;
          if (gw_demo_is_workday (d, day))
            count++;
        }
      return day * DAY + end;
    default:
      return (day + 30) * DAY + end;
    }
}

static double
season_factor (GwDemoSeason season,
               gint64       t)
{
  int year, month, day;

  civil_from_days (day_of (t), &year, &month, &day);
  switch (season)
    {
    case GW_DEMO_SEASON_HEATING:
      return (month == 11 && day >= 16) || month == 12 || month <= 3 || (month == 4 && day <= 5)
             ? 2.6 : 0.03;
    case GW_DEMO_SEASON_RAIN:
      return month == 7 || month == 8 ? 2.4 : 0.72;
    case GW_DEMO_SEASON_SUMMER:
      return month >= 6 && month <= 9 ? 1.6 : 0.7;
    case GW_DEMO_SEASON_ENROLMENT:
      return month >= 3 && month <= 8 ? 1.6 : 0.55;
    case GW_DEMO_SEASON_ALL:
    default:
      return 1.0;
    }
}

static int
compare_times (const void *a,
               const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
lot_safe_rect (const Lot *lot,
               double    *west,
               double    *east,
               double    *north,
               double    *south)
{
  *west = lot->west + lot->setback[SIDE_W] + 0.5;
  *east = lot->east - lot->setback[SIDE_E] - 0.5;
  *north = lot->north - lot->setback[SIDE_N] - 0.5;
  *south = lot->south + lot->setback[SIDE_S] + 0.5;
}

static void
find_hotspots (Demo     *d,
               Rng      *rng,
               Hotspots *hotspots)
{
  for (guint s = 0; s < d->streets->len; s++)
    {
      Street *street = STREET (d, s);
      Hotspots *h = &hotspots[s];
      Community *first = COMMUNITY (d, street->first_community);
      Community *last = COMMUNITY (d, street->first_community + street->n_communities - 1);
      int l0 = GRID (d, first->first_grid)->first_lot;
      int l1 = GRID (d, last->first_grid + last->n_grids - 1)->first_lot
               + GRID (d, last->first_grid + last->n_grids - 1)->n_lots;
      int n_drainage = 0, n_heating = 0;

      h->drainage_lot = h->heating_lot = -1;
      h->market_frontage = g_array_new (FALSE, FALSE, sizeof (Frontage));

      /* Reservoir picks: an old courtyard or low-rise compound, a slab compound. */
      for (int l = l0; l < l1; l++)
        {
          Lot *lot = LOT (d, l);

          if (lot->n_buildings < 2)
            continue;
          if ((lot->kind == LOT_LI || lot->kind == LOT_LOWRISE)
              && rng_below (rng, ++n_drainage) == 0)
            h->drainage_lot = l;
          if (lot->kind == LOT_SLAB && rng_below (rng, ++n_heating) == 0)
            h->heating_lot = l;
        }

      /* The market street: lots along the market's main road within 260 m. */
      if (street->market_lot >= 0)
        {
          Lot *market = LOT (d, street->market_lot);
          double me = (market->west + market->east) / 2, mn = (market->north + market->south) / 2;
          int road = -1;

          for (int side = 0; side < 4; side++)
            if (market->side_road[side] >= 0 && ROAD (d, market->side_road[side])->cls == ROAD_MAIN)
              road = market->side_road[side];
          for (int l = l0; l < l1 && road >= 0; l++)
            {
              Lot *lot = LOT (d, l);
              double e = (lot->west + lot->east) / 2, n = (lot->north + lot->south) / 2;
              double distance = hypot (e - me, n - mn);

              for (int side = 0; side < 4; side++)
                if (lot->side_road[side] == road && distance < 260)
                  {
                    Frontage f = { l, side, 1.0 / (1.0 + distance / 80.0) };

                    g_array_append_val (h->market_frontage, f);
                  }
            }
        }
    }
}

/* A point in the lot near @b (or anywhere along the lot's @side when b is NULL). */
static void
case_point (Demo           *d,
            Rng            *rng,
            const Lot      *lot,
            const Building *b,
            int             side,
            double         *e,
            double         *n)
{
  double west, east, north, south;

  lot_safe_rect (lot, &west, &east, &north, &south);
  if (b != NULL)
    {
      *e = b->ce + 6 * rng_normal (rng);
      *n = b->cn + 6 * rng_normal (rng);
    }
  else
    {
      double across = (side == SIDE_N || side == SIDE_S) ? north - south : east - west;
      double depth = rng_uniform (rng, 0, MIN (12, across));

      *e = rng_uniform (rng, west, east);
      *n = rng_uniform (rng, south, north);
      switch (side)
        {
        case SIDE_N: *n = north - depth; break;
        case SIDE_S: *n = south + depth; break;
        case SIDE_W: *e = west + depth; break;
        default: *e = east - depth; break;
        }
    }
  *e = CLAMP (*e, west, east);
  *n = CLAMP (*n, south, north);
}

static gboolean
write_event (Demo         *d,
             gint64        case_id,
             const Event  *event,
             GError      **error)
{
  char at[20];
  GwCaseEventRow row = { ++d->n_events, case_id, at, 0, event->kind, event->from_status,
                         event->to_status, event->from_assignee, event->to_assignee,
                         event->reason };

  format_time (event->at, at);
  return gw_writer_add_case_event (d->writer, &row, NULL, error);
}

typedef struct
{
  Demo       *d;
  People      people;          /* its rng drives every choice about cases */
  Hotspots   *hotspots;        /* per street */
  int        *homes;           /* buildings with dwellings … */
  gint64     *cumulative;      /* … and their running dwelling count */
  int         n_homes;
  gint64      total_dwellings;
} CaseContext;

typedef struct
{
  gint64                   reported;
  const GwDemoSubcategory *sub;
  const Lot               *lot;
  const Building          *building;     /* NULL along a market street with no building */
  int                      street;
  const Grid              *grid;
  double                   e, n;         /* unwarped metres */
  const char              *scope;
  char                     tier;
  const char              *source;
  Person                   reporter;
  const char              *reporter_name;
  const char              *reporter_phone;
  gint64                   worker_id, department_id;
  const char              *assignee;
  gboolean                 second_routing;
  char                     description[256];
  Event                    events[16];
  int                      n_events;
  const char              *status;
  gint64                   closed_at;
  int                      satisfaction;
} CaseDraft;

/* Seasonal mix: heating complaints in winter, drains in the rainy season. */
static const GwDemoSubcategory *
case_subcategory (Rng    *rng,
                  gint64  reported)
{
  double weights[64], total = 0, r;

  G_STATIC_ASSERT (G_N_ELEMENTS (weights) >= 33);

  for (guint s = 0; s < gw_demo_n_subcategories; s++)
    {
      const GwDemoSubcategory *sub = &gw_demo_subcategories[s];

      weights[s] = sub->weight * season_factor (sub->season, reported);
      total += weights[s];
    }
  r = rng_double (rng) * total;
  for (guint s = 0; s + 1 < gw_demo_n_subcategories; s++)
    {
      if (r < weights[s])
        return &gw_demo_subcategories[s];
      r -= weights[s];
    }
  return &gw_demo_subcategories[gw_demo_n_subcategories - 1];
}

/* Where: a home picked by dwellings, or one of its street's hotspots. */
static void
case_place (CaseContext *ctx,
            CaseDraft   *c)
{
  Demo *d = ctx->d;
  Rng *rng = &ctx->people.rng;
  gint64 pick = (gint64) (rng_double (rng) * ctx->total_dwellings);
  int frontage_side = SIDE_S;

  c->building = BUILDING (d, ctx->homes[cumulative_find (ctx->cumulative, ctx->n_homes, pick)]);
  c->lot = LOT (d, c->building->lot);
  c->street = COMMUNITY (d, GRID (d, c->lot->grid)->community)->street;

  if (c->sub->hotspot != GW_DEMO_HOTSPOT_NONE && rng_below (rng, 100) < c->sub->hot_share)
    {
      Hotspots *h = &ctx->hotspots[c->street];

      if (c->sub->hotspot == GW_DEMO_HOTSPOT_MARKET && h->market_frontage->len > 0)
        {
          double sum = 0, x;
          guint f;

          for (f = 0; f < h->market_frontage->len; f++)
            sum += g_array_index (h->market_frontage, Frontage, f).weight;
          x = rng_double (rng) * sum;
          for (f = 0; f + 1 < h->market_frontage->len; f++)
            {
              x -= g_array_index (h->market_frontage, Frontage, f).weight;
              if (x < 0)
                break;
            }
          c->lot = LOT (d, g_array_index (h->market_frontage, Frontage, f).lot);
          frontage_side = g_array_index (h->market_frontage, Frontage, f).side;
          c->building = NULL;
        }
      else
        {
          int hot = c->sub->hotspot == GW_DEMO_HOTSPOT_DRAINAGE ? h->drainage_lot
                    : c->sub->hotspot == GW_DEMO_HOTSPOT_HEATING ? h->heating_lot : -1;

          if (hot >= 0)
            {
              c->lot = LOT (d, hot);
              int k = c->lot->first_building + rng_below (rng, c->lot->n_buildings);

              c->building = BUILDING (d, k);
            }
        }
    }
  c->grid = GRID (d, c->lot->grid);
  case_point (d, rng, c->lot, c->building, frontage_side, &c->e, &c->n);
  /* Along the market street the address is a building of that lot. */
  if (c->building == NULL && c->lot->n_buildings > 0)
    c->building = BUILDING (d, c->lot->first_building + rng_below (rng, c->lot->n_buildings));
}

/* How it came in, who reported it and who takes it: the grid's worker for
 * small and private matters, a department for big ones. */
static void
case_people (CaseContext *ctx,
             CaseDraft   *c)
{
  static const guint8 source_weights[] = { 28, 24, 16, 14, 6, 12 };
  static const char * const sources[] = {
    "building_leader", "patrol", "hotline", "qr_code", "mailbox", "walk_in",
  };
  Demo *d = ctx->d;
  Rng *rng = &ctx->people.rng;
  const Building *b = c->building;

  c->scope = (const char *[]) { "private", "small", "big" }[rng_pick (rng, c->sub->scope, 3)];
  c->tier = "ABC"[rng_pick (rng, c->sub->tier, 3)];
  c->source = sources[rng_pick (rng, source_weights, G_N_ELEMENTS (source_weights))];
  if (strcmp (c->source, "building_leader") == 0 && (b == NULL || b->leader_name[0] == '\0'))
    c->source = "patrol";

  if (strcmp (c->source, "building_leader") == 0)
    {
      c->reporter_name = b->leader_name;
      c->reporter_phone = b->leader_phone;
    }
  else if (strcmp (c->source, "patrol") == 0)
    {
      c->reporter_name = g_ptr_array_index (d->worker_names, c->grid->community_cadre);
      c->reporter_phone = g_ptr_array_index (d->worker_phones, c->grid->community_cadre);
    }
  else if (strcmp (c->source, "mailbox") != 0 || rng_chance (rng, 0.6))
    {
      /* Letters in the mailbox are often unsigned. */
      gw_demo_make_person (&ctx->people, &c->reporter, NULL, rng_chance (rng, 0.5),
                           rng_int (rng, 25, 82), "head", FALSE);
      if (c->reporter.phone[0] == '\0')
        gw_demo_random_phone (rng, c->reporter.phone);
      c->reporter_name = c->reporter.name;
      c->reporter_phone = c->reporter.phone;
    }

  if (strcmp (c->scope, "big") == 0)
    {
      const Department *department = gw_demo_department_for (d, c->sub, c->street);

      c->department_id = department->id;
      c->assignee = department->name;
    }
  else
    {
      static const char * const roles[] = {
        "police", "social_worker", "volunteer", "party_branch",
      };
      const char *role = "community_cadre";
      gint64 worker = c->grid->community_cadre;
      g_autofree char *text = NULL;

      if (strcmp (c->sub->handler, "building_leader") == 0 && b != NULL && b->leader_worker > 0)
        {
          role = "building_leader";
          worker = b->leader_worker;
        }
      for (guint k = 0; k < G_N_ELEMENTS (roles); k++)
        if (strcmp (c->sub->handler, roles[k]) == 0)
          {
            const Grid *g = c->grid;

            role = roles[k];
            worker = k == 0 ? g->police : k == 1 ? g->social_worker : k == 2 ? g->volunteer
                     : g->party_branch;
          }
      c->worker_id = worker;
      text = g_strdup_printf ("%s（%s）", (const char *) g_ptr_array_index (d->worker_names, worker),
                              role_chinese (role));
      c->assignee = gw_demo_intern (d, text);
    }
}

/* The description names the place: door plate, building, unit. */
static void
case_describe (CaseContext *ctx,
               CaseDraft   *c)
{
  Rng *rng = &ctx->people.rng;
  const Building *b = c->building;
  int n_details = 0;

  if (b != NULL && c->sub->at_unit && gw_demo_is_home (b))
    g_snprintf (c->description, sizeof c->description, "%s%s%d单元", b->address, b->name,
                rng_int (rng, 1, b->units));
  else if (b != NULL)
    g_snprintf (c->description, sizeof c->description, "%s%s", b->address, b->name);
  else
    g_strlcpy (c->description, c->lot->door, sizeof c->description);
  while (n_details < 3 && c->sub->details[n_details] != NULL)
    n_details++;
  g_strlcat (c->description, c->sub->details[rng_below (rng, n_details)], sizeof c->description);
}

#define ADD_EVENT(c, ...) ((c)->events[(c)->n_events++] = (Event) { __VA_ARGS__ })

/* The closed loop of seed 002, with its side roads (rejected, rerouted,
 * deferred, sent back for rework), simulated forward from the report and
 * cut at "now": the last event reached is the case's status. */
static void
case_history (CaseContext *ctx,
              CaseDraft   *c)
{
  static const guint8 satisfaction_weights[] = { 2, 4, 8, 24, 62 };
  Demo *d = ctx->d;
  Rng *rng = &ctx->people.rng;
  gint64 t = c->reported;
  gboolean big = strcmp (c->scope, "big") == 0;
  double slow = big ? 1.4 : 1.0;
  gint64 done;
  gboolean rerouted = FALSE;

  ADD_EVENT (c, t, "report", NULL, "reported", NULL, NULL, NULL);
  t = office_hours (rng, t + rng_int (rng, 10 * MINUTE, 3 * HOUR));
  if (rng_chance (rng, 0.03))
    ADD_EVENT (c, t, "reject", "reported", "rejected", NULL, NULL, "不属于受理范围，已向群众解释说明");
  else
    {
      const char *first_assignee = c->assignee;
      gint64 first_department = c->department_id;

      ADD_EVENT (c, t, "register", "reported", "registered", NULL, NULL, NULL);
      t += rng_int (rng, 5 * MINUTE, 90 * MINUTE);
      ADD_EVENT (c, t, "dispatch", "registered", "dispatched", NULL, c->assignee, NULL);
      /* 二次分流: a department says it is not theirs. */
      if (big && rng_chance (rng, 0.04))
        {
          const Department *other = &d->departments[rng_below (rng,
                                                               gw_demo_n_district_departments)];

          if (other->id != c->department_id)
            {
              t = office_hours (rng, t + rng_int (rng, 2 * HOUR, 2 * DAY));
              ADD_EVENT (c, t, "reroute", "dispatched", "dispatched", c->assignee, other->name,
                         "职能不符，申请二次分流");
              c->department_id = other->id;
              c->assignee = other->name;
            }
        }
      t = office_hours (rng, t + (gint64) (slow * (c->tier == 'A' ? rng_int (rng, 10 * MINUTE, HOUR)
                                                   : c->tier == 'B' ? rng_int (rng, HOUR, 20 * HOUR)
                                                   : rng_int (rng, 2 * HOUR, 72 * HOUR))));
      ADD_EVENT (c, t, "start", "dispatched", "in_progress", NULL, NULL, NULL);
      if (c->tier != 'A' && rng_chance (rng, big ? 0.05 : 0.015))
        {
          t = office_hours (rng, t + rng_int (rng, DAY, 10 * DAY));
          ADD_EVENT (c, t, "defer", "in_progress", "deferred", NULL, NULL, "需协调资金和施工队伍，列入计划办理");
          t = office_hours (rng, t + rng_int (rng, 20 * DAY, 120 * DAY));
          ADD_EVENT (c, t, "resume", "deferred", "in_progress", NULL, NULL, NULL);
        }
      done = c->tier == 'A' ? rng_int (rng, HOUR, 6 * HOUR)
             : c->tier == 'B' ? (gint64) (slow * 2.5 * DAY * exp (0.7 * rng_normal (rng)))
             : (gint64) (slow * 12 * DAY * exp (0.6 * rng_normal (rng)));
      t = office_hours (rng, t + MAX (done, 30 * MINUTE));
      ADD_EVENT (c, t, "report_done", "in_progress", "done_reported", NULL, NULL, NULL);
      if (rng_chance (rng, 0.06))
        {
          t = office_hours (rng, t + rng_int (rng, 4 * HOUR, 2 * DAY));
          ADD_EVENT (c, t, "rework", "done_reported", "rework", NULL, NULL, "核查未通过：群众反映问题仍未解决");
          t = office_hours (rng, t + rng_int (rng, HOUR, 12 * HOUR));
          ADD_EVENT (c, t, "start", "rework", "in_progress", NULL, NULL, NULL);
          t = office_hours (rng, t + rng_int (rng, DAY, 5 * DAY));
          ADD_EVENT (c, t, "report_done", "in_progress", "done_reported", NULL, NULL, NULL);
        }
      t = office_hours (rng, t + rng_int (rng, 2 * HOUR, 2 * DAY));
      ADD_EVENT (c, t, "close", "done_reported", "closed", NULL, NULL, NULL);
      if (rng_chance (rng, 0.75))
        {
          t += rng_int (rng, HOUR, 3 * DAY);
          ADD_EVENT (c, t, "evaluate", "closed", "evaluated", NULL, NULL, NULL);
          c->satisfaction = 1 + (int) rng_pick (rng, satisfaction_weights, 5);
        }

      /* Cut at now, then settle what the case says about itself. */
      for (int k = 1; k < c->n_events; k++)
        if (c->events[k].at <= c->events[k - 1].at)
          c->events[k].at = c->events[k - 1].at + MINUTE;
      while (c->n_events > 1 && c->events[c->n_events - 1].at > d->now)
        c->n_events--;
      for (int k = 0; k < c->n_events; k++)
        {
          if (strcmp (c->events[k].kind, "reroute") == 0)
            rerouted = TRUE;
          if (strcmp (c->events[k].kind, "close") == 0)
            c->closed_at = c->events[k].at;
        }
      if (!rerouted)
        {
          c->department_id = first_department;
          c->assignee = first_assignee;
        }
      c->second_routing = rerouted;
    }
  while (c->n_events > 1 && c->events[c->n_events - 1].at > d->now)
    c->n_events--;

  c->status = c->events[c->n_events - 1].to_status;
  if (strcmp (c->status, "closed") != 0 && strcmp (c->status, "evaluated") != 0)
    c->closed_at = 0;
  if (strcmp (c->status, "evaluated") != 0)
    c->satisfaction = 0;
  /* Not yet dispatched (or refused): nobody holds it. */
  if (c->n_events < 3 || strcmp (c->status, "rejected") == 0)
    {
      c->worker_id = c->department_id = 0;
      c->second_routing = FALSE;
    }
}

#undef ADD_EVENT

static gboolean
case_write (Demo         *d,
            CaseDraft    *c,
            gint64        id,
            const char   *code,
            GError      **error)
{
  char reported[20], deadline[20], closed[20];
  char tier[2] = { c->tier, '\0' };
  GwCaseRow row = {
    id, code, c->lot->grid + 1, c->sub->category, c->sub->name, c->scope, tier, c->source,
    c->status, c->description, c->reporter_name, c->reporter_phone, c->worker_id,
    c->department_id, reported, deadline, c->closed_at > 0 ? closed : NULL, c->satisfaction,
    c->second_routing,
  };
  GwPoint point;
  gboolean ok;

  format_time (c->reported, reported);
  format_time (case_deadline (d, c->tier, c->reported), deadline);
  if (c->closed_at > 0)
    format_time (c->closed_at, closed);
  gw_demo_to_lonlat (d, c->e, c->n, &point);
  gw_wkb_builder_point (d->wkb, point.x, point.y);

  row.wkb = gw_demo_built_wkb (d, &row.wkb_len);
  ok = gw_writer_add_case (d->writer, &row, NULL, error);
  for (int k = 0; k < c->n_events && ok; k++)
    ok = write_event (d, id, &c->events[k], error);
  return ok;
}

gboolean
gw_demo_write_cases (Demo        *d,
                     GError     **error)
{
  static const double hour_weight[24] = {
    0.03, 0.02, 0.02, 0.02, 0.03, 0.06, 0.15, 0.45, 0.90, 1.00, 1.00, 0.90,
    0.60, 0.60, 0.85, 0.90, 0.85, 0.70, 0.50, 0.45, 0.35, 0.25, 0.12, 0.06,
  };
  CaseContext ctx = { d };
  Rng *rng;
  gint64 n_cases;
  g_autofree gint64 *times = NULL;
  g_autofree int *numbers = g_new0 (int, d->streets->len * 4);   /* per street and year */
  int base_year;
  gboolean ok = TRUE;

  gw_demo_people_init (&ctx.people, d, 3);
  rng = &ctx.people.rng;
  ctx.hotspots = g_new0 (Hotspots, d->streets->len);
  find_hotspots (d, rng, ctx.hotspots);

  /* When: a year back from now, fewer at night and on days off; in order,
   * so ids and codes run with time. */
  n_cases = (gint64) llround ((double) d->cfg->cases_per_year * d->n_households
                              / d->cfg->households);
  times = g_new (gint64, MAX (n_cases, 1));
  for (gint64 k = 0; k < n_cases; k++)
    while (TRUE)
      {
        gint64 t = d->now - 1 - (gint64) rng_below (rng, 365 * DAY);
        gint64 day = day_of (t);
        double w = (gw_demo_is_workday (d, day) ? 1.0 : 0.65) * hour_weight[(t - day * DAY) / HOUR];

        if (rng_double (rng) < w)
          {
            times[k] = t;
            break;
          }
      }
  qsort (times, n_cases, sizeof (gint64), compare_times);

  /* Where people live: buildings weighted by dwellings. */
  ctx.homes = g_new (int, d->buildings->len);
  ctx.cumulative = g_new (gint64, d->buildings->len);
  for (guint k = 0; k < d->buildings->len; k++)
    if (gw_demo_is_home (BUILDING (d, k)) && BUILDING (d, k)->n_dwellings > 0)
      {
        ctx.total_dwellings += BUILDING (d, k)->n_dwellings;
        ctx.homes[ctx.n_homes] = k;
        ctx.cumulative[ctx.n_homes++] = ctx.total_dwellings;
      }

  {
    int month, day;

    civil_from_days (day_of (d->now) - 370, &base_year, &month, &day);
  }

  for (gint64 k = 0; k < n_cases && ok; k++)
    {
      CaseDraft c = { 0 };
      char code[32];
      int year, month, day;

      c.reported = times[k];
      c.sub = case_subcategory (rng, c.reported);
      case_place (&ctx, &c);
      case_people (&ctx, &c);
      case_describe (&ctx, &c);
      case_history (&ctx, &c);

      /* NX2026-000123: the street's prefix, the year, a number in the year. */
      civil_from_days (day_of (c.reported), &year, &month, &day);
      g_snprintf (code, sizeof code, "%s%d-%06d", STREET (d, c.street)->info->prefix, year,
                  ++numbers[c.street * 4 + CLAMP (year - base_year, 0, 3)]);
      ok = case_write (d, &c, ++d->n_cases, code, error);
      if (k % 4096 == 0)
        gw_demo_report (d, _("Cases"), (double) k / n_cases);
    }

  for (guint s = 0; s < d->streets->len; s++)
    g_clear_pointer (&ctx.hotspots[s].market_frontage, g_array_unref);
  g_free (ctx.hotspots);
  g_free (ctx.homes);
  g_free (ctx.cumulative);
  gw_demo_people_clear (&ctx.people);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Visits (seed 000): each household twice a year by its grid team; about
 * 80 % have had at least one. */

gboolean
gw_demo_write_visits (Demo        *d,
                      GError     **error)
{
  Rng rng;
  gint64 household = 0;
  gboolean ok = TRUE;

  rng_init (&rng, d->seed, 4);
  for (guint g = 0; g < d->grids->len && ok; g++)
    {
      Grid *grid = GRID (d, g);
      gint64 team[4] = { grid->community_cadre, grid->party_branch, grid->social_worker,
                        grid->volunteer };
      static const guint8 team_weights[] = { 45, 25, 20, 10 };

      for (int h = 0; h < grid->n_households && ok; h++)
        {
          int n_visits;

          household++;
          if (!rng_chance (&rng, 0.82))
            continue;
          n_visits = rng_chance (&rng, 0.7) ? 2 : 1;
          for (int v = 0; v < n_visits && ok; v++)
            {
              /* One in each half of the year. */
              gint64 day = day_of (d->now) - 365 + v * 182 + rng_below (&rng, 180);
              gint64 at;
              char at_text[20];
              GwVisitRow row;

              while (!gw_demo_is_workday (d, day) && rng_chance (&rng, 0.9))
                day++;
              at = day * DAY + (rng_chance (&rng, 0.5) ? 9 * HOUR : 14 * HOUR + 30 * MINUTE)
                   + rng_below (&rng, 150 * MINUTE);
              if (at >= d->now)
                continue;
              format_time (at, at_text);
              row.id = ++d->n_visits;
              row.household_id = household;
              row.worker_id = team[rng_pick (&rng, team_weights, 4)];
              row.visited_at = at_text;
              row.note = gw_demo_visit_notes[rng_below (&rng, gw_demo_n_visit_notes)];
              ok = gw_writer_add_visit (d->writer, &row, NULL, error);
            }
        }
    }
  return ok;
}
