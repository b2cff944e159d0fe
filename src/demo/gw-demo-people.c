/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-demo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "gw-demo-private.h"

/* People. An old town: many elderly, many living alone; floating households
 * are young. ID numbers are valid (GB 11643 check digit) with Qingdao's
 * 3702xx area codes. */

static const char * const phone_prefixes[] = {
  "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
  "155", "156", "157", "158", "159", "166", "176", "177", "178", "180", "181", "182", "183",
  "185", "186", "187", "188", "189", "199",
};

static const GwDemoWeighted local_areas[] = {
  { "370203", 50 }, { "370202", 14 }, { "370213", 8 }, { "370212", 4 }, { "370211", 5 },
  { "370214", 4 }, { "370215", 3 }, { "370281", 4 }, { "370283", 5 }, { "370285", 3 },
};

static const GwDemoWeighted rural_areas[] = {
  { "370281", 30 }, { "370283", 35 }, { "370285", 20 }, { "370215", 15 },
};

static const char *
pick_weighted (Rng                  *rng,
               const GwDemoWeighted *items,
               guint                 n)
{
  guint total = 0, r;

  for (guint i = 0; i < n; i++)
    total += items[i].weight;
  r = rng_below (rng, total);
  for (guint i = 0; i < n; i++)
    {
      if (r < items[i].weight)
        return items[i].text;
      r -= items[i].weight;
    }
  return items[n - 1].text;
}

void
gw_demo_people_init (People *p,
                     Demo   *d,
                     guint64 stream)
{
  p->d = d;
  rng_init (&p->rng, d->seed, stream);
  p->surname_cumulative = g_new (gint64, gw_demo_n_surnames);
  p->surname_total = 0;
  for (guint i = 0; i < gw_demo_n_surnames; i++)
    {
      p->surname_total += gw_demo_surnames[i].weight;
      p->surname_cumulative[i] = p->surname_total;
    }
  p->today = day_of (d->now);
}

void
gw_demo_people_clear (People *p)
{
  g_clear_pointer (&p->surname_cumulative, g_free);
}

static const char *
random_surname (People *p)
{
  guint r = rng_below (&p->rng, p->surname_total);

  return gw_demo_surnames[cumulative_find (p->surname_cumulative, gw_demo_n_surnames, r)].text;
}

void
gw_demo_random_phone (Rng  *rng,
                      char *out)
{
  const char *prefix = phone_prefixes[rng_below (rng, G_N_ELEMENTS (phone_prefixes))];

  memcpy (out, prefix, 3);
  for (int i = 3; i < 11; i++)
    out[i] = (char) ('0' + rng_below (rng, 10));
  out[11] = '\0';
}

static void
make_given_name (Rng      *rng,
                 int       birth_year,
                 gboolean  male,
                 char     *out,
                 gsize     size)
{
  guint generation = birth_year < 1956 ? 0 : birth_year <= 1975 ? 1 : birth_year <= 1995 ? 2 : 3;
  const GwDemoGivenNames *names = gw_demo_given_names (generation, male);

  if (rng_chance (rng, 0.5))
    g_strlcpy (out, names->whole[rng_below (rng, names->n_whole)], size);
  else
    {
      const char *first = names->first[rng_below (rng, names->n_first)];
      const char *second = names->second[rng_below (rng, names->n_second)];

      if (strcmp (first, second) == 0)
        g_strlcpy (out, names->whole[rng_below (rng, names->n_whole)], size);
      else
        g_snprintf (out, size, "%s%s", first, second);
    }
}

/* Fills @person; @surname may be NULL for a random one. */
void
gw_demo_make_person (People     *p,
                     Person     *person,
                     const char *surname,
                     gboolean    male,
                     int         age,
                     const char *relation,
                     gboolean    rural)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  Rng *rng = &p->rng;
  gint64 birth_day;
  int year, month, day, sum = 0;
  char given[16];

  age = CLAMP (age, 0, 100);
  birth_day = p->today - (gint64) floor (age * 365.2425) - rng_below (rng, 365);
  civil_from_days (birth_day, &year, &month, &day);
  format_date (birth_day, person->birth);

  g_strlcpy (person->surname, surname != NULL ? surname : random_surname (p),
             sizeof person->surname);
  make_given_name (rng, year, male, given, sizeof given);
  g_snprintf (person->name, sizeof person->name, "%s%s", person->surname, given);
  person->male = male;
  person->age = age;
  person->relation = relation;

  memcpy (person->id_number,
          pick_weighted (rng, rural ? rural_areas : local_areas,
                         rural ? G_N_ELEMENTS (rural_areas) : G_N_ELEMENTS (local_areas)), 6);
  put_digits (person->id_number + 6, year, 4);
  put_digits (person->id_number + 10, month, 2);
  put_digits (person->id_number + 12, day, 2);
  /* Order code: odd for men, even for women. */
  put_digits (person->id_number + 14, (int) rng_below (rng, 500) * 2 + (male ? 1 : 0), 3);
  for (int i = 0; i < 17; i++)
    sum += (person->id_number[i] - '0') * weights[i];
  person->id_number[17] = "10X98765432"[sum % 11];
  person->id_number[18] = '\0';

  if ((age >= 18 && rng_chance (rng, age < 76 ? 0.95 : 0.5))
      || (age >= 14 && age < 18 && rng_chance (rng, 0.6)))
    gw_demo_random_phone (rng, person->phone);
  else
    person->phone[0] = '\0';
}

/* One household's members, head first. Returns how many. One function on
 * purpose (≈150 lines): the shapes of households read best side by side,
 * and the order of the draws is the file's content. */
static int
make_household (People   *p,
                gboolean  floating,
                Person   *members)
{
  static const guint8 local_sizes[] = { 0, 16, 30, 28, 16, 7, 3 };
  static const guint8 floating_sizes[] = { 0, 35, 30, 30, 5 };
  Rng *rng = &p->rng;
  int size = floating ? (int) rng_pick (rng, floating_sizes, G_N_ELEMENTS (floating_sizes))
                      : (int) rng_pick (rng, local_sizes, G_N_ELEMENTS (local_sizes));
  gboolean head_male = rng_chance (rng, 0.62);
  double r = rng_double (rng);
  int n = 0;
  int head_age;
  const char *head_surname;
  Person *head = &members[0];

#define SPOUSE_AGE(a) ((a) + (head_male ? -rng_int (rng, 0, 4) : rng_int (rng, 0, 4)))
#define ADD(sur, male, age, rel) \
  gw_demo_make_person (p, &members[n++], (sur), (male), (age), (rel), floating)
#define CHILD_SURNAME() (head_male ? head_surname : members[1].surname)

  if (floating)
    {
      head_age = rng_int (rng, 22, 42);
      ADD (NULL, head_male, head_age, "head");
      head_surname = head->surname;
      if (size >= 2)
        ADD (NULL, !head_male, SPOUSE_AGE (head_age), "spouse");
      for (int k = 2; k < size; k++)
        ADD (CHILD_SURNAME (), rng_chance (rng, 0.5), rng_int (rng, 0, MAX (0, head_age - 22)),
             "child");
      return n;
    }

  switch (size)
    {
    case 1:
      head_age = r < 0.55 ? rng_int (rng, 65, 92) : r < 0.70 ? rng_int (rng, 45, 64)
                 : rng_int (rng, 22, 44);
      /* Those living alone in old age are mostly widows. */
      if (head_age >= 65)
        head_male = rng_chance (rng, 0.35);
      ADD (NULL, head_male, head_age, "head");
      break;

    case 2:
      if (r < 0.84)
        {
          head_age = r < 0.50 ? rng_int (rng, 62, 88) : r < 0.72 ? rng_int (rng, 40, 61)
                     : rng_int (rng, 24, 35);
          ADD (NULL, head_male, head_age, "head");
          head_surname = head->surname;
          ADD (NULL, !head_male, SPOUSE_AGE (head_age), "spouse");
        }
      else
        {
          head_age = rng_int (rng, 50, 85);
          ADD (NULL, head_male, head_age, "head");
          head_surname = head->surname;
          ADD (head_male ? head_surname : NULL, rng_chance (rng, 0.5),
               head_age - rng_int (rng, 22, 34), "child");
        }
      break;

    case 3:
      if (r < 0.62)
        {
          head_age = rng_int (rng, 30, 52);
          ADD (NULL, head_male, head_age, "head");
          head_surname = head->surname;
          ADD (NULL, !head_male, SPOUSE_AGE (head_age), "spouse");
          ADD (CHILD_SURNAME (), rng_chance (rng, 0.51),
               max_int (0, head_age - rng_int (rng, 24, 34)), "child");
        }
      else if (r < 0.85)
        {
          head_age = rng_int (rng, 58, 85);
          ADD (NULL, head_male, head_age, "head");
          head_surname = head->surname;
          ADD (NULL, !head_male, SPOUSE_AGE (head_age), "spouse");
          ADD (CHILD_SURNAME (), rng_chance (rng, 0.5), head_age - rng_int (rng, 24, 34), "child");
        }
      else
        {
          gboolean parent_male = rng_chance (rng, 0.3);

          head_age = rng_int (rng, 35, 55);
          ADD (NULL, head_male, head_age, "head");
          head_surname = head->surname;
          ADD (NULL, !head_male, SPOUSE_AGE (head_age), "spouse");
          ADD (parent_male ? head_surname : NULL, parent_male, head_age + rng_int (rng, 24, 34),
               "parent");
        }
      break;

    default:
      {
        /* 4–6: three generations, headed by the grandparents or the parents. */
        gboolean old_head = r < 0.45;

        if (old_head)
          {
            gboolean child_male;
            int child_age;
            const char *child_surname;
            const char *in_law_surname;

            head_age = rng_int (rng, 58, 80);
            ADD (NULL, head_male, head_age, "head");
            head_surname = head->surname;
            ADD (NULL, !head_male, SPOUSE_AGE (head_age), "spouse");
            child_male = rng_chance (rng, 0.6);
            child_age = head_age - rng_int (rng, 24, 32);
            ADD (CHILD_SURNAME (), child_male, child_age, "child");
            child_surname = members[2].surname;
            if (size >= 5)
              {
                ADD (NULL, !child_male, child_age + rng_int (rng, -3, 3), "other");
                in_law_surname = members[3].surname;
              }
            else
              in_law_surname = random_surname (p);
            while (n < size)
              ADD (child_male ? child_surname : in_law_surname, rng_chance (rng, 0.51),
                   max_int (0, child_age - rng_int (rng, 24, 34)), "grandchild");
          }
        else
          {
            head_age = rng_int (rng, 32, 50);
            ADD (NULL, head_male, head_age, "head");
            head_surname = head->surname;
            ADD (NULL, !head_male, SPOUSE_AGE (head_age), "spouse");
            ADD (CHILD_SURNAME (), rng_chance (rng, 0.51),
                 max_int (0, head_age - rng_int (rng, 24, 34)), "child");
            if (size >= 4 && rng_chance (rng, 0.5))
              ADD (CHILD_SURNAME (), rng_chance (rng, 0.51),
                   max_int (0, head_age - rng_int (rng, 26, 38)), "child");
            while (n < size)
              {
                gboolean parent_male = rng_chance (rng, 0.35);

                ADD (parent_male ? head_surname : NULL, parent_male,
                     head_age + rng_int (rng, 24, 34), "parent");
              }
          }
      }
      break;
    }
  return n;

#undef SPOUSE_AGE
#undef ADD
#undef CHILD_SURNAME
}

static gboolean
write_resident_tags (Demo          *d,
                     People        *p,
                     const Person  *person,
                     gint64         id,
                     int            household_size,
                     gboolean       floating,
                     gboolean       low_income,
                     Counters      *counters,
                     GError       **error)
{
  Rng *rng = &p->rng;
  const char *tags[7];
  int n = 0;
  int age = person->age;

  /* In the order of gw_resident_tags. */
  if (age >= 60 && household_size == 1)
    tags[n++] = "elderly_alone";
  if (rng_chance (rng, 0.010 + 0.0006 * MAX (0, age - 40)))
    tags[n++] = "disabled";
  if (low_income)
    tags[n++] = "low_income";
  if (age >= 18 && age < 60 && rng_chance (rng, 0.04))
    tags[n++] = "unemployed";
  if (floating)
    tags[n++] = "floating";
  if (age >= 18 && age <= 70 && rng_chance (rng, 0.004))
    tags[n++] = "key_care";
  if (age >= 18 && rng_chance (rng, age >= 60 ? 0.16 : 0.07))
    tags[n++] = "party_member";

  for (int k = 0; k < n; k++)
    {
      if (!gw_writer_add_resident_tag (d->writer, id, tags[k], error))
        return FALSE;
      counters->n_tags++;
    }
  return TRUE;
}

static gboolean
write_household (Demo        *d,
                 People      *p,
                 Building    *building,
                 gint64       dwelling_id,
                 Counters    *counters,
                 int         *leader_candidates,
                 GError     **error)
{
  Rng *rng = &p->rng;
  Person members[6];
  double r = rng_double (rng);
  const char *hukou = r < 0.76 ? "local" : r < 0.88 ? "separated" : "floating";
  gboolean floating = strcmp (hukou, "floating") == 0;
  gboolean low_income = !floating && rng_chance (rng, 0.016);
  int n = make_household (p, floating, members);
  gint64 household_id = ++counters->household_id;
  const char *phone = NULL;

  for (int k = 0; k < n && phone == NULL; k++)
    if (members[k].phone[0] != '\0' && members[k].age >= 18)
      phone = members[k].phone;

  if (!gw_writer_add_household (d->writer,
                                &(GwHouseholdRow) { household_id, dwelling_id, members[0].name,
                                                    phone, hukou },
                                NULL, error))
    return FALSE;

  for (int k = 0; k < n; k++)
    {
      Person *person = &members[k];
      GwResidentRow row = { ++counters->resident_id, household_id, person->name,
                            person->male ? "M" : "F", person->birth, person->relation,
                            person->id_number, person->phone[0] ? person->phone : NULL };

      if (!gw_writer_add_resident (d->writer, &row, NULL, error)
          || !write_resident_tags (d, p, person, row.id, n, floating, low_income, counters,
                                   error))
        return FALSE;

      /* 楼长: a settled resident of the building, chosen fairly among them. */
      if (!floating && person->age >= 35 && person->age <= 75 && person->phone[0] != '\0')
        {
          (*leader_candidates)++;
          if (rng_below (rng, *leader_candidates) == 0)
            {
              g_strlcpy (building->leader_name, person->name, sizeof building->leader_name);
              g_strlcpy (building->leader_phone, person->phone, sizeof building->leader_phone);
            }
        }
    }
  return TRUE;
}

gboolean
gw_demo_write_people (Demo        *d,
                      Counters    *counters,
                      GError     **error)
{
  People people;
  gboolean ok = TRUE;

  gw_demo_people_init (&people, d, 2);

  for (guint g = 0; g < d->grids->len && ok; g++)
    {
      Grid *grid = GRID (d, g);
      Street *street = STREET (d, COMMUNITY (d, grid->community)->street);
      gint64 remaining = grid->n_dwellings;
      gint64 occupied_left = MIN (grid->target, grid->n_dwellings);
      gint64 extra_left = CLAMP (grid->target - grid->n_dwellings, 0, grid->n_dwellings);
      gint64 first_household = counters->household_id;
      int b0 = -1, b1 = -1;

      for (int l = grid->first_lot; l < grid->first_lot + grid->n_lots; l++)
        if (LOT (d, l)->n_buildings > 0)
          {
            if (b0 < 0)
              b0 = LOT (d, l)->first_building;
            b1 = LOT (d, l)->first_building + LOT (d, l)->n_buildings;
          }

      for (int k = b0; k >= 0 && k < b1 && ok; k++)
        {
          Building *b = BUILDING (d, k);
          double flat_width = 2 * b->half_len / MAX (b->units, 1) / MAX (b->flats, 1);
          double flat_area = flat_width * 2 * b->half_dep;
          int leader_candidates = 0;
          char street_digits[4];

          if (!gw_demo_is_home (b))
            continue;
          b->serial = ++street->building_serial;
          g_assert (b->serial <= 9999);
          memcpy (street_digits, street->code + 6, 3);
          street_digits[3] = '\0';
          b->first_dwelling = counters->dwelling_id + 1;

          for (int unit = 1; unit <= b->units && ok; unit++)
            for (int floor_no = b->first_floor; floor_no <= b->floors && ok; floor_no++)
              for (int flat = 1; flat <= b->flats && ok; flat++)
                {
                  gint64 dwelling_id = ++counters->dwelling_id;
                  char code[12], room[8];
                  gboolean occupied, shared;
                  double area_m2 = round (flat_area * rng_uniform (&people.rng, 0.94, 1.06) * 10)
                                   / 10;

                  /* 以房管人: street 3 + building 4 + unit 1 + floor 2 + room 1. */
                  g_snprintf (code, sizeof code, "%s%04d%d%02d%d", street_digits, b->serial,
                              unit, floor_no, flat);
                  g_snprintf (room, sizeof room, "%d%02d", floor_no, flat);
                  ok = gw_writer_add_dwelling (d->writer,
                                               &(GwDwellingRow) { dwelling_id, k + 1, code, unit,
                                                                  floor_no, room, area_m2 },
                                               NULL, error);
                  if (!ok)
                    break;

                  /* Exactly the grid's households: selection sampling. */
                  occupied = (gint64) rng_below (&people.rng, (guint) remaining) < occupied_left;
                  if (occupied)
                    occupied_left--;
                  shared = occupied
                           && (gint64) rng_below (&people.rng, (guint) remaining) < extra_left;
                  if (shared)
                    extra_left--;
                  remaining--;

                  if (occupied)
                    ok = write_household (d, &people, b, dwelling_id, counters,
                                          &leader_candidates, error);
                  if (ok && shared)
                    ok = write_household (d, &people, b, dwelling_id, counters,
                                          &leader_candidates, error);
                }
          if (leader_candidates == 0)
            {
              Person stand_in;

              gw_demo_make_person (&people, &stand_in, NULL, rng_chance (&people.rng, 0.5),
                                   rng_int (&people.rng, 45, 70), "head", FALSE);
              g_strlcpy (b->leader_name, stand_in.name, sizeof b->leader_name);
              gw_demo_random_phone (&people.rng, b->leader_phone);
            }
        }
      grid->n_households = (int) (counters->household_id - first_household);
      gw_demo_report (d, _("Households and residents"), (double) (g + 1) / d->grids->len);
    }

  gw_demo_people_clear (&people);
  return ok;
}
