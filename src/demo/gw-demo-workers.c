/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-demo"

#include "config.h"

#include <stdio.h>

#include "gw-demo-private.h"

/* Workers (一格多员, seed 000 and 003), departments (seed 002), users and the
 * working calendar. */

static gboolean
add_worker (Demo        *d,
            People      *p,
            const char  *name,
            const char  *phone,
            const char  *org,
            int          min_age,
            int          max_age,
            gint64      *id,
            GError     **error)
{
  Person person;

  if (name == NULL)
    {
      gw_demo_make_person (p, &person, NULL, rng_chance (&p->rng, 0.5),
                           rng_int (&p->rng, min_age, max_age), "head", FALSE);
      name = person.name;
      if (person.phone[0] == '\0')
        gw_demo_random_phone (&p->rng, person.phone);
      phone = person.phone;
    }
  *id = ++d->n_workers;
  g_ptr_array_add (d->worker_names, (gpointer) gw_demo_intern (d, name));
  g_ptr_array_add (d->worker_phones, (gpointer) gw_demo_intern (d, phone));
  return gw_writer_add_worker (d->writer, &(GwWorkerRow) { *id, name, phone, org }, NULL,
                               error);
}

static gboolean
add_grid_worker (Demo        *d,
                 int          grid,
                 gint64       worker,
                 const char  *role,
                 gboolean     is_first,
                 GError     **error)
{
  return gw_writer_add_grid_worker (d->writer, grid + 1, worker, role, is_first, error);
}

static const char *
chinese_numeral (int n,
                 char *buf,
                 gsize size)
{
  static const char * const digits[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };

  if (n < 10)
    g_strlcpy (buf, digits[n], size);
  else if (n < 20)
    g_snprintf (buf, size, "十%s", n % 10 ? digits[n % 10] : "");
  else
    g_snprintf (buf, size, "%s十%s", digits[n / 10], n % 10 ? digits[n % 10] : "");
  return buf;
}

/* A community's cadres (one for one or two grids), police officers (one
 * for 3–5), and per grid its party branch, a volunteer and the social
 * worker whose share of households the grid falls in. */
static gboolean
add_community_workers (Demo          *d,
                       People        *people,
                       const Street  *street,
                       int            c,
                       GError       **error)
{
  gboolean ok = TRUE;
  Community *community = COMMUNITY (d, c);
  g_autofree char *committee = g_strconcat (community->name, "居委会", NULL);
  g_autofree char *volunteers = g_strconcat (community->name, "志愿者服务队", NULL);
  g_autofree char *station = g_strconcat (community->name, "社工站", NULL);
  gint64 households = 0, done = 0;
  int n_social;
  int social_index = -1;
  gint64 social = 0;

  for (int g = community->first_grid; g < community->first_grid + community->n_grids; g++)
    households += GRID (d, g)->n_households;
  /* Seed 003: one social worker per about 400 households. */
  n_social = MAX (1, (int) lround (households / 400.0));

  for (int g = community->first_grid; g < community->first_grid + community->n_grids && ok; )
    {
      /* A community cadre for one or two grids, a police officer for 3–5. */
      int n_cadre = rng_chance (&people->rng, 0.6) ? 2 : 1;
      gint64 id;

      ok = add_worker (d, people, NULL, NULL, committee, 26, 55, &id, error);
      for (int k = g; k < MIN (g + n_cadre, community->first_grid + community->n_grids)
           && ok; k++)
        GRID (d, k)->community_cadre = id;
      g += n_cadre;
    }
  for (int g = community->first_grid; g < community->first_grid + community->n_grids && ok; )
    {
      int n_police = rng_int (&people->rng, 3, 5);
      gint64 id;

      ok = add_worker (d, people, NULL, NULL, street->info->police_station, 26, 50, &id, error);
      for (int k = g; k < MIN (g + n_police, community->first_grid + community->n_grids)
           && ok; k++)
        GRID (d, k)->police = id;
      g += n_police;
    }
  for (int g = community->first_grid; g < community->first_grid + community->n_grids && ok; g++)
    {
      Grid *grid = GRID (d, g);
      char numeral[16];
      g_autofree char *branch = NULL;
      int index;

      chinese_numeral (g - community->first_grid + 1, numeral, sizeof numeral);
      branch = g_strdup_printf ("%s第%s党支部", community->name, numeral);

      ok = add_worker (d, people, NULL, NULL, branch, 45, 68, &grid->party_branch, error)
           && add_worker (d, people, NULL, NULL, volunteers, 20, 70, &grid->volunteer, error);

      /* The social worker whose share of households this grid's middle falls in. */
      index = (int) MIN (n_social - 1,
                         (done + grid->n_households / 2) * n_social / MAX (households, 1));
      if (index != social_index && ok)
        {
          ok = add_worker (d, people, NULL, NULL, station, 23, 40, &social, error);
          social_index = index;
        }
      grid->social_worker = social;
      done += grid->n_households;
    }
  return ok;
}

/* The teams, in notice-board order. */
static gboolean
add_teams (Demo    *d,
           GError **error)
{
  gboolean ok = TRUE;

  for (guint g = 0; g < d->grids->len && ok; g++)
    {
      Grid *grid = GRID (d, g);

      ok = add_grid_worker (d, g, grid->party_branch, "party_branch", TRUE, error)
           && add_grid_worker (d, g, grid->street_cadre, "street_cadre", FALSE, error)
           && add_grid_worker (d, g, grid->community_cadre, "community_cadre", FALSE, error);
      for (int l = grid->first_lot; l < grid->first_lot + grid->n_lots && ok; l++)
        {
          Lot *lot = LOT (d, l);

          for (int k = lot->first_building; k >= 0 && k < lot->first_building + lot->n_buildings
               && ok; k++)
            if (BUILDING (d, k)->leader_worker > 0)
              ok = add_grid_worker (d, g, BUILDING (d, k)->leader_worker, "building_leader",
                                    FALSE, error);
        }
      ok = ok
           && add_grid_worker (d, g, grid->police, "police", FALSE, error)
           && add_grid_worker (d, g, grid->volunteer, "volunteer", FALSE, error)
           && add_grid_worker (d, g, grid->social_worker, "social_worker", FALSE, error);
    }
  return ok;
}

gboolean
gw_demo_write_workers (Demo        *d,
                       GError     **error)
{
  People people;
  gboolean ok = TRUE;

  gw_demo_people_init (&people, d, 5);

  for (guint s = 0; s < d->streets->len && ok; s++)
    {
      Street *street = STREET (d, s);
      Community *first = COMMUNITY (d, street->first_community);
      Community *last = COMMUNITY (d, street->first_community + street->n_communities - 1);
      int g0 = first->first_grid, g1 = last->first_grid + last->n_grids;
      g_autofree char *office = g_strconcat (street->name, "办事处", NULL);

      /* A street cadre looks after 2–4 neighbouring grids. */
      for (int g = g0; g < g1 && ok; )
        {
          int n = rng_int (&people.rng, 2, 4);
          gint64 id;

          ok = add_worker (d, &people, NULL, NULL, office, 28, 55, &id, error);
          for (int k = g; k < MIN (g + n, g1) && ok; k++)
            GRID (d, k)->street_cadre = id;
          g += n;
        }

      for (int c = street->first_community; c < street->first_community + street->n_communities
           && ok; c++)
        ok = add_community_workers (d, &people, street, c, error);
    }

  /* 楼长: one per home building, from among its residents. */
  for (guint k = 0; k < d->buildings->len && ok; k++)
    {
      Building *b = BUILDING (d, k);
      Lot *lot = LOT (d, b->lot);
      g_autofree char *org = NULL;

      if (!gw_demo_is_home (b) || b->n_dwellings == 0)
        continue;
      org = g_strconcat (lot->name, b->name, NULL);
      ok = add_worker (d, &people, b->leader_name, b->leader_phone, org, 0, 0,
                       &b->leader_worker, error);
    }

  ok = ok && add_teams (d, error);

  gw_demo_people_clear (&people);
  return ok;
}

gboolean
gw_demo_write_departments (Demo        *d,
                           GError     **error)
{
  People people;
  guint n = gw_demo_n_district_departments + d->streets->len * gw_demo_n_street_offices;
  gboolean ok = TRUE;

  gw_demo_people_init (&people, d, 6);
  d->departments = g_new0 (Department, n);
  d->n_departments = n;
  for (guint k = 0; k < n && ok; k++)
    {
      Department *department = &d->departments[k];
      const char *phone;
      const char *level;
      char street_phone[16];

      department->id = k + 1;
      if (k < gw_demo_n_district_departments)
        {
          department->name = gw_demo_district_departments[k].name;
          phone = gw_demo_district_departments[k].phone;
          level = "district";
        }
      else
        {
          guint s = (k - gw_demo_n_district_departments) / gw_demo_n_street_offices;
          guint o = (k - gw_demo_n_district_departments) % gw_demo_n_street_offices;
          g_autofree char *name = g_strconcat (STREET (d, s)->name, gw_demo_street_offices[o],
                                               NULL);

          department->name = gw_demo_intern (d, name);
          g_snprintf (street_phone, sizeof street_phone, "0532-8%07u",
                      3600000 + rng_below (&people.rng, 3999999));
          phone = street_phone;
          level = "street";
        }
      ok = gw_writer_add_department (d->writer,
                                     &(GwDepartmentRow) { department->id, department->name, level,
                                                          phone },
                                     NULL, error);
    }
  gw_demo_people_clear (&people);
  return ok;
}

/* The department that takes a sub-class's big matters in a street. */
const Department *
gw_demo_department_for (Demo                    *d,
                        const GwDemoSubcategory *sub,
                        int                      street)
{
  if (sub->department == NULL)
    return &d->departments[0];
  if (g_str_has_prefix (sub->department, "街道"))
    {
      const char *office = sub->department + strlen ("街道");

      for (guint o = 0; o < gw_demo_n_street_offices; o++)
        if (strcmp (gw_demo_street_offices[o], office) == 0)
          return &d->departments[gw_demo_n_district_departments
                                 + street * gw_demo_n_street_offices + o];
    }
  for (guint k = 0; k < gw_demo_n_district_departments; k++)
    if (strcmp (d->departments[k].name, sub->department) == 0)
      return &d->departments[k];
  return &d->departments[0];
}

gboolean
gw_demo_write_users (Demo    *d,
                     GError **error)
{
  People people;
  Person planner, supervisor;
  gboolean ok;
  Community *community = COMMUNITY (d, 0);
  gint64 seen[3] = { 0, 0, 0 };
  int n_staff = 0;

  gw_demo_people_init (&people, d, 7);
  gw_demo_make_person (&people, &planner, NULL, rng_chance (&people.rng, 0.5), 38, "head",
                       FALSE);
  gw_demo_make_person (&people, &supervisor, NULL, rng_chance (&people.rng, 0.5), 45, "head",
                       FALSE);
  ok = gw_writer_add_user (d->writer, &(GwUserRow) { 1, "planner", planner.name, "planner" },
                           NULL, error)
       && gw_writer_add_user (d->writer,
                              &(GwUserRow) { 2, "supervisor", supervisor.name, "supervisor" },
                              NULL, error);

  /* Staff: the first community's cadres, each for the grids they serve. */
  for (int g = community->first_grid; g < community->first_grid + community->n_grids && ok
       && n_staff < 3; g++)
    {
      gint64 worker = GRID (d, g)->community_cadre;
      char login[16];
      gint64 user_id = 3 + n_staff;
      gboolean known = FALSE;

      for (int k = 0; k < n_staff; k++)
        known |= seen[k] == worker;
      if (known)
        continue;
      seen[n_staff++] = worker;
      g_snprintf (login, sizeof login, "staff%d", n_staff);
      ok = gw_writer_add_user (d->writer,
                               &(GwUserRow) { user_id, login, d->worker_names->pdata[worker],
                                              "staff", worker },
                               NULL, error);
      for (int k = community->first_grid; k < community->first_grid + community->n_grids && ok; k++)
        if (GRID (d, k)->community_cadre == worker)
          ok = gw_writer_add_user_grid (d->writer, user_id, k + 1, error);
    }
  gw_demo_people_clear (&people);
  return ok;
}

gboolean
gw_demo_write_calendar (Demo        *d,
                        GError     **error)
{
  gint64 first = G_MAXINT64, last = G_MININT64;

  for (guint k = 0; k < gw_demo_n_calendar; k++)
    {
      const GwDemoCalendarDay *day = &gw_demo_calendar[k];
      int y, m, dd;
      gint64 n;

      if (!gw_writer_add_calendar_day (d->writer, day->day, day->is_workday, day->name, error))
        return FALSE;
      sscanf (day->day, "%d-%d-%d", &y, &m, &dd);
      n = days_from_civil (y, m, dd);
      first = MIN (first, n);
      last = MAX (last, n);
    }

  /* Workday flags for deadlines, from a year before the cases to well after. */
  d->calendar_day0 = MIN (first, day_of (d->now) - 400);
  d->n_calendar_days = (guint) (MAX (last, day_of (d->now) + 400) - d->calendar_day0 + 1);
  d->workday = g_new (guint8, d->n_calendar_days);
  for (guint k = 0; k < d->n_calendar_days; k++)
    {
      gint64 day = d->calendar_day0 + k;
      int weekday = (int) (((day + 3) % 7 + 7) % 7);   /* 0 = Monday */

      d->workday[k] = weekday < 5;
    }
  for (guint k = 0; k < gw_demo_n_calendar; k++)
    {
      int y, m, dd;

      sscanf (gw_demo_calendar[k].day, "%d-%d-%d", &y, &m, &dd);
      d->workday[days_from_civil (y, m, dd) - d->calendar_day0] = gw_demo_calendar[k].is_workday;
    }
  return TRUE;
}

gboolean
gw_demo_is_workday (Demo   *d,
                    gint64  day)
{
  gint64 k = day - d->calendar_day0;

  if (k < 0 || k >= d->n_calendar_days)
    {
      int weekday = (int) (((day + 3) % 7 + 7) % 7);

      return weekday < 5;
    }
  return d->workday[k];
}
