/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-demo"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "gw-demo-private.h"
#include "gw-lot-split.h"
#include "gw-util.h"

/* The demo generator builds an old-town street (seed 000) or a district
 * (seed 002) from a seed, the way such a place is laid out: a jittered
 * lattice of shared vertices, roads along some lattice lines, blocks between
 * them cut into lots (compounds 小区, courtyard houses 里院, schools, markets),
 * slab buildings inside the lots, people inside the dwellings, and a year of
 * cases. Lots tile the street exactly because neighbours share the same
 * vertex doubles; grids, communities and streets are traced along the same
 * vertices, so each is exactly the union of its parts.
 *
 * Everything comes from our own PRNG in a fixed order, never from hash
 * table order or the clock: the same seed and the same "today" give the same
 * file. */

/* ------------------------------------------------------------------------ */
/* Scales. Targets are seed 000 and seed 002. */

static const ScaleConfig scale_street = {
  1.43, 1, 6, 66, 14800, 150, 300, 8200, 120.370, 36.080,
};

static const ScaleConfig scale_district = {
  46.0, 12, 150, 1217, 425000, 300, 400, 235000, 120.385, 36.095,
};

const char *
gw_demo_intern (Demo       *d,
                const char *text)
{
  return g_string_chunk_insert_const (d->strings, text);
}

void
gw_demo_report (Demo       *d,
                const char *stage,
                double      fraction)
{
  if (d->progress != NULL)
    d->progress (stage, fraction, d->progress_data);
}

static gboolean
generate (Demo        *d,
          GError     **error)
{
  Counters counters = { 0 };
  gboolean ok;

  gw_demo_report (d, _("Laying out streets, communities and grids"), 0);
  gw_demo_build_lattice (d);
  gw_demo_build_territory (d);
  gw_demo_build_roads (d);
  gw_demo_build_streets_and_communities (d);
  gw_demo_build_grids (d);
  gw_demo_build_lots (d);
  gw_demo_choose_lot_kinds (d);
  gw_demo_report (d, _("Placing buildings"), 0);
  gw_demo_build_buildings (d);
  gw_demo_name_lots_and_buildings (d);

  /* One transaction into a file nobody else has yet; every geometry table
   * gets its spatial index in one pass at the end. */
  if (!gw_writer_begin_load (d->writer, GW_WRITER_LOAD_NEW_FILE, GW_GEOMETRY_ALL_TABLES, error))
    return FALSE;

  gw_demo_report (d, _("Writing places"), 0);
  ok = gw_demo_write_places (d, error) && gw_demo_write_people (d, &counters, error);
  if (ok)
    {
      d->n_households = counters.household_id;
      gw_demo_report (d, _("Workers, departments and users"), 0);
      ok = gw_demo_write_workers (d, error)
           && gw_demo_write_departments (d, error)
           && gw_demo_write_users (d, error)
           && gw_demo_write_calendar (d, error);
    }
  if (ok)
    {
      gw_demo_report (d, _("Cases"), 0);
      ok = gw_demo_write_cases (d, error);
    }
  if (ok)
    {
      gw_demo_report (d, _("Visits"), 0);
      ok = gw_demo_write_visits (d, error);
    }
  if (ok)
    ok = gw_demo_write_meta (d, error);
  if (!ok)
    {
      gw_writer_abort_load (d->writer);
      return FALSE;
    }
  gw_demo_report (d, _("Spatial indexes"), 0);
  if (!gw_writer_finish_load (d->writer, TRUE, error))
    return FALSE;
  /* Planners balance grids to within a building (issue 11): every building
   * of a compound gets its own lot, cut from the compound. */
  gw_demo_report (d, _("Lots per building"), 0);
  return gw_lots_split_by_building (gw_writer_get_store (d->writer), NULL, 0, NULL, error);
}

static void
demo_clear (Demo *d)
{
  g_free (d->col_x);
  g_free (d->row_y);
  g_free (d->col_cls);
  g_free (d->row_cls);
  g_free (d->vertex);
  g_free (d->edge_h);
  g_free (d->edge_v);
  g_free (d->band_row);
  gw_demo_region_clear (&d->territory);
  if (d->streets != NULL)
    {
      for (guint s = 0; s < d->streets->len; s++)
        gw_demo_region_clear (&STREET (d, s)->region);
      g_array_unref (d->streets);
    }
  if (d->communities != NULL)
    {
      for (guint c = 0; c < d->communities->len; c++)
        gw_demo_region_clear (&COMMUNITY (d, c)->region);
      g_array_unref (d->communities);
    }
  if (d->grids != NULL)
    {
      for (guint g = 0; g < d->grids->len; g++)
        {
          g_free (GRID (d, g)->span.a);
          g_free (GRID (d, g)->span.b);
        }
      g_array_unref (d->grids);
    }
  g_clear_pointer (&d->lots, g_array_unref);
  g_clear_pointer (&d->buildings, g_array_unref);
  g_clear_pointer (&d->roads, g_array_unref);
  g_clear_pointer (&d->worker_names, g_ptr_array_unref);
  g_clear_pointer (&d->worker_phones, g_ptr_array_unref);
  g_free (d->departments);
  g_free (d->workday);
  g_clear_pointer (&d->used_names, g_hash_table_unref);
  g_clear_pointer (&d->strings, g_string_chunk_free);
  g_clear_pointer (&d->wkb, gw_wkb_builder_free);
}

static void
remove_database (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint k = 0; k < G_N_ELEMENTS (suffixes); k++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[k], NULL);

      g_unlink (file);
    }
}

/**
 * gw_demo_generate:
 * @path: file to create; it must not exist
 * @scale: street or district
 * @seed: the same seed (and @today) gives the same database
 * @today: (nullable): the moment the year of cases ends at; %NULL for gw_now()
 * @progress: (nullable): called with each stage
 * @user_data: for @progress
 * @error: a #GError
 *
 * Writes a synthetic but realistic old-town street (seed 000) or district
 * (seed 002) in one transaction, into a file of a temporary name beside
 * @path that takes @path's name only when whole: a demo killed half-way
 * leaves no half file under @path (as gw_project_create()). Returns %FALSE
 * and removes the partial file on error.
 *
 * Returns: %TRUE on success
 */
gboolean
gw_demo_generate (const char      *path,
                  GwDemoScale      scale,
                  guint32          seed,
                  GDateTime       *today,
                  GwDemoProgress   progress,
                  gpointer         user_data,
                  GError         **error)
{
  g_autoptr (GDateTime) now_owned = NULL;
  g_autofree char *display = NULL;
  g_autofree char *partial = NULL;
  GwStore *store;
  Demo d = { 0 };
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (scale == GW_DEMO_SCALE_STREET || scale == GW_DEMO_SCALE_DISTRICT, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_name (path);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("%s already exists; demo data is only written to a new file"), display);
      return FALSE;
    }

  if (today == NULL)
    today = now_owned = gw_now ();

  d.scale = scale;
  d.cfg = scale == GW_DEMO_SCALE_STREET ? &scale_street : &scale_district;
  d.seed = seed;
  d.now = g_date_time_to_unix (today) + 8 * HOUR;
  d.progress = progress;
  d.progress_data = user_data;
  rng_init (&d.rng, seed, 1);
  d.strings = g_string_chunk_new (64 * 1024);
  d.used_names = g_hash_table_new (g_str_hash, g_str_equal);
  d.wkb = gw_wkb_builder_new ();
  d.worker_names = g_ptr_array_new ();
  d.worker_phones = g_ptr_array_new ();
  g_ptr_array_add (d.worker_names, NULL);   /* ids start at 1 */
  g_ptr_array_add (d.worker_phones, NULL);

  partial = g_strdup_printf ("%s.%d.partial", path, (int) getpid ());
  store = gw_store_open (partial, GW_STORE_OPEN_CREATE, error);
  if (store == NULL)
    {
      remove_database (partial);
      demo_clear (&d);
      return FALSE;
    }

  d.writer = gw_writer_new (store);
  ok = generate (&d, error);
  g_clear_pointer (&d.writer, gw_writer_free);
  /* Closing checkpoints the write-ahead log: the file is whole before it
   * takes its name. */
  g_clear_object (&store);
  if (ok && g_rename (partial, path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write %s: %s"), display, g_strerror (saved_errno));
      ok = FALSE;
    }
  if (!ok)
    remove_database (partial);
  else
    gw_demo_report (&d, _("Done"), 1);
  demo_clear (&d);
  return ok;
}
