/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-io"

#include "config.h"

#include "gw-import-private.h"
#include "gw-topology.h"

/* Import of street-office files through GDAL/OGR. Features are read and
 * checked in a reader thread while the calling thread writes them, all in
 * one transaction that is rolled back on any problem (also one found at the
 * end of the file), on a dry run and on cancel. A district's ≈24,000
 * buildings are imported as fast as ogr2ogr loads them into SpatiaLite. */

G_DEFINE_QUARK (gw-import-error-quark, gw_import_error)

void
gw_import_report_free (GwImportReport *report)
{
  if (report == NULL)
    return;
  g_free (report->file);
  g_free (report->layer);
  g_free (report->missing_field);
  g_strfreev (report->unmatched_fields);
  g_clear_pointer (&report->unmatched, g_ptr_array_unref);
  g_ptr_array_unref (report->lines);
  g_ptr_array_unref (report->mapping);
  g_free (report);
}

char *
gw_import_report_to_string (GwImportReport *report)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, _("File: %s, layer: %s\n"), report->file,
                          report->layer != NULL ? report->layer : "-");
  for (guint i = 0; i < report->mapping->len; i++)
    g_string_append_printf (out, "  %s\n", (char *) report->mapping->pdata[i]);
  for (guint i = 0; i < report->lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *) report->lines->pdata[i]);
  g_string_append_printf (out,
                          _("Read %u features: %u imported, %u repaired, %u rejected, %u lots generated%s\n"),
                          report->n_read, report->n_imported, report->n_repaired,
                          report->n_rejected, report->n_lots_generated,
                          report->committed ? "" : _(" (nothing written)"));
  return g_string_free (out, FALSE);
}

gboolean
gw_import_write_unmatched (GwImportReport  *report,
                           const char      *path,
                           GError         **error)
{
  g_autofree char *folded = NULL;
  const char *format;
  GDALDriverH driver;
  GDALDatasetH ds;
  OGRLayerH layer;
  gboolean ok = TRUE;

  g_return_val_if_fail (report != NULL && path != NULL, FALSE);

  folded = g_utf8_strdown (path, -1);
  format = g_str_has_suffix (folded, ".xlsx") ? "XLSX" : g_str_has_suffix (folded, ".csv") ? "CSV" : NULL;
  if (format == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s: the unmatched rows are written as a .csv or .xlsx sheet"), path);
      return FALSE;
    }
  if (report->unmatched_fields == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s: only households and residents have unmatched rows"), path);
      return FALSE;
    }
  gw_io_init ();
  CPLPushErrorHandler (CPLQuietErrorHandler);
  driver = GDALGetDriverByName (format);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    GDALDeleteDataset (driver, path);
  ds = driver != NULL ? GDALCreate (driver, path, 0, 0, 0, GDT_Unknown, NULL) : NULL;
  layer = ds != NULL ? GDALDatasetCreateLayer (ds, "unmatched", NULL, wkbNone, NULL) : NULL;
  for (guint f = 0; layer != NULL && report->unmatched_fields[f] != NULL; f++)
    {
      OGRFieldDefnH field = OGR_Fld_Create (report->unmatched_fields[f], OFTString);

      ok &= OGR_L_CreateField (layer, field, TRUE) == OGRERR_NONE;
      OGR_Fld_Destroy (field);
    }
  for (guint r = 0; layer != NULL && ok && r < report->unmatched->len; r++)
    {
      char **row = report->unmatched->pdata[r];
      OGRFeatureH feature = OGR_F_Create (OGR_L_GetLayerDefn (layer));

      /* As the export does: a cell that a spreadsheet would run is quoted. */
      for (guint f = 0; row[f] != NULL; f++)
        {
          g_autofree char *quoted = gw_io_spreadsheet_quote (row[f]);

          OGR_F_SetFieldString (feature, f, quoted != NULL ? quoted : row[f]);
        }
      ok = OGR_L_CreateFeature (layer, feature) == OGRERR_NONE;
      OGR_F_Destroy (feature);
    }
  if (layer == NULL || !ok)
    g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID, _("%s: cannot be written: %s"), path,
                 gw_io_last_gdal_error (_("unknown reason")));
  ok = ok && layer != NULL;
  if (ds != NULL)
    {
      CPLErrorReset ();
      GDALClose (ds);
      if (ok && CPLGetLastErrorType () >= CE_Failure)
        {
          g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                       _("%s: could not be finished: %s"), path,
                       gw_io_last_gdal_error (_("unknown reason")));
          ok = FALSE;
        }
    }
  CPLPopErrorHandler ();
  return ok;
}

/* A record from the reader, in file order: reported, checked for
 * duplicates, written, and freed unless it waits for its code. */
static gboolean
take_record (Import  *imp,
             Record  *record,
             GError **error)
{
  guint n_pending;
  gboolean ok;

  if (record->reason != NULL)
    {
      gw_import_reject_row (imp, record, record->reason);
      if (record->beyond)
        {
          guint line = imp->report->lines->len - 1;

          g_array_append_val (imp->beyond_lines, line);
        }
      gw_import_record_free (record);
      return TRUE;
    }
  if (record->repaired)
    {
      imp->report->n_repaired++;
      gw_import_add_line (imp, _("feature %lld: invalid polygon (self-intersection or bad ring) "
                               "repaired with MakeValid"), (long long) record->fid);
    }
  if (gw_import_is_duplicate (imp, record))
    {
      gw_import_record_free (record);
      return TRUE;
    }
  if (record->wkb != NULL && imp->have_street)
    {
      const OGREnvelope *e = &record->env, *street = &imp->street;

      imp->n_placed++;
      record->outside = e->MaxX < street->MinX || e->MinX > street->MaxX
                        || e->MaxY < street->MinY || e->MinY > street->MaxY;
      if (record->outside)
        {
          if (imp->n_outside++ == 0)
            imp->outside = *e;
          else
            {
              imp->outside.MinX = MIN (imp->outside.MinX, e->MinX);
              imp->outside.MinY = MIN (imp->outside.MinY, e->MinY);
              imp->outside.MaxX = MAX (imp->outside.MaxX, e->MaxX);
              imp->outside.MaxY = MAX (imp->outside.MaxY, e->MaxY);
            }
        }
    }
  n_pending = imp->pending->len;
  ok = imp->no_communities || gw_import_write_record (imp, record, error);
  /* Only a community or grid waiting for its code is needed later: a
   * million buildings are not held until the end. */
  if (imp->pending->len > n_pending)
    g_ptr_array_add (imp->records, record);
  else
    gw_import_record_free (record);
  return ok;
}

/* The tables an import of @target writes many rows into: their spatial
 * indexes are filled once at the end. Grids bring their generated lots. */
static GwGeometryTables
suspended_tables (GwImportTarget target)
{
  switch (target)
    {
    case GW_IMPORT_GRIDS:
      return GW_GEOMETRY_GRIDS | GW_GEOMETRY_LOTS;
    case GW_IMPORT_LOTS:
      return GW_GEOMETRY_LOTS;
    case GW_IMPORT_BUILDINGS:
      return GW_GEOMETRY_BUILDINGS;
    case GW_IMPORT_ROADS:
      return GW_GEOMETRY_ROADS;
    case GW_IMPORT_CASES:
      return GW_GEOMETRY_CASES;
    case GW_IMPORT_COMMUNITIES:
      return GW_GEOMETRY_COMMUNITIES;
    case GW_IMPORT_STREET:
    case GW_IMPORT_DEPARTMENTS:
    case GW_IMPORT_HOUSEHOLDS:
    case GW_IMPORT_RESIDENTS:
    case GW_IMPORT_WORKERS:
    default:
      return 0;
    }
}

static void
import_init (Import                 *imp,
             GwStore                *store,
             const GwImportOptions  *options,
             GwImportReport         *report)
{
  imp->store = store;
  imp->options = options;
  imp->report = report;
  imp->fields = gw_import_targets[options->target].fields;
  imp->n_fields = gw_import_n_fields (options->target);
  imp->records = g_ptr_array_new_with_free_func (gw_import_record_free);
  imp->writer = gw_writer_new (store);
  imp->lookups = gw_import_store_new (store);
  imp->new_grids = g_array_new (FALSE, FALSE, sizeof (gint64));
  imp->seen = g_hash_table_new_full (gw_import_seen_hash, gw_import_seen_equal, g_free, NULL);
  imp->outside_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  imp->beyond_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  imp->lon_index = imp->lat_index = -1;
  imp->pending = g_ptr_array_new_with_free_func (g_free);
  imp->touched = g_array_new (FALSE, FALSE, sizeof (gint64));
  imp->streets_set = g_hash_table_new (g_direct_hash, g_direct_equal);
  imp->workers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  imp->registers = options->target == GW_IMPORT_HOUSEHOLDS
                   || options->target == GW_IMPORT_RESIDENTS;
}

static void
import_clear (Import *imp)
{
  /* Rolls back whatever was not finished. */
  g_clear_pointer (&imp->writer, gw_writer_free);
  g_clear_pointer (&imp->garbled_example, g_free);
  g_clear_pointer (&imp->source_index, g_free);
  gw_import_extra_clear (imp);
  g_clear_pointer (&imp->records, g_ptr_array_unref);
  g_clear_pointer (&imp->areas, g_hash_table_unref);
  g_clear_pointer (&imp->boxes, g_hash_table_unref);
  g_clear_pointer (&imp->lookups, gw_import_store_free);
  g_clear_pointer (&imp->seen, g_hash_table_unref);
  g_clear_pointer (&imp->new_grids, g_array_unref);
  g_clear_pointer (&imp->outside_lines, g_array_unref);
  g_clear_pointer (&imp->beyond_lines, g_array_unref);
  g_clear_pointer (&imp->pending, g_ptr_array_unref);
  g_clear_pointer (&imp->touched, g_array_unref);
  g_clear_pointer (&imp->streets_set, g_hash_table_unref);
  g_clear_pointer (&imp->workers, g_hash_table_unref);
}

/* The layer asked for, or the file's first. */
static OGRLayerH
open_layer (Import        *imp,
            const char    *file,
            GDALDatasetH  *ds,
            GError       **error)
{
  const GwImportOptions *options = imp->options;
  gboolean gdal_decodes = FALSE;
  const char *detected = NULL;
  OGRLayerH layer;

  *ds = gw_import_open_dataset (file, options->encoding, &gdal_decodes, &detected, error);
  if (*ds == NULL)
    return NULL;
  if (detected != NULL)
    gw_import_add_line (imp, _("The file is not in UTF-8 but reads as %s (GBK): read as such; "
                               "give --encoding if it is another"), detected);
  /* Opening may have parsed the whole file once (GeoJSON). */
  gw_io_release_memory ();
  if (options->encoding != NULL && !gdal_decodes)
    imp->encoding = options->encoding;
  imp->spreadsheet = gw_import_is_spreadsheet (*ds);

  layer = options->source_layer != NULL ? GDALDatasetGetLayerByName (*ds, options->source_layer)
                                        : GDALDatasetGetLayer (*ds, 0);
  if (layer == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   options->source_layer != NULL ? _("%s: has no layer “%s”") : _("%s: has no layer%s"),
                   file, options->source_layer != NULL ? options->source_layer : "");
      return NULL;
    }
  imp->report->layer = g_strdup (OGR_L_GetName (layer));
  return layer;
}

/* Writing, also for a dry run: the database answers the checks that need
 * it (in which community, duplicate codes), then everything is undone. */
static gboolean
begin_writing (Import      *imp,
               const char  *file,
               GError     **error)
{
  GwImportTarget target = imp->options->target;

  if (!gw_writer_begin_load (imp->writer, GW_WRITER_LOAD_DEFAULT, suspended_tables (target), error))
    return FALSE;
  /* Inside the transaction: the role as the store has it now. */
  if (!gw_topology_check_importer (imp->store, imp->options->user, gw_import_targets[target].name,
                                   target == GW_IMPORT_CASES, file, error))
    {
      gw_writer_abort_load (imp->writer);
      return FALSE;
    }
  imp->has_communities = gw_import_store_has_communities (imp->lookups);
  /* Before anything is written: the grids imported are not the street. */
  imp->have_street = gw_import_targets[target].shape != SHAPE_NONE
                     && gw_import_load_street_box (imp, &imp->street);
  imp->no_communities = gw_import_targets[target].shape == SHAPE_POLYGON
                        && target != GW_IMPORT_BUILDINGS && target != GW_IMPORT_STREET
                        && target != GW_IMPORT_COMMUNITIES && !imp->has_communities;
  return TRUE;
}

/* Takes the reader's records, batch by batch, until the end of the file. */
static gboolean
read_and_write (Import            *imp,
                Reader            *reader,
                GCancellable      *cancellable,
                GwImportProgress   progress,
                gpointer           user_data,
                GError           **error)
{
  guint64 n_done = 0;

  reader->queue = g_async_queue_new ();
  OGR_L_ResetReading (reader->layer);
  reader->thread = g_thread_new ("gw-import-reader", gw_import_reader_thread, reader);
  for (;;)
    {
      GPtrArray *batch = g_async_queue_pop (reader->queue);
      gboolean end = batch->len == 0;

      for (guint i = 0; i < batch->len; i++)
        {
          Record *record = g_steal_pointer (&batch->pdata[i]);

          n_done++;
          if (!take_record (imp, record, error))
            {
              for (guint k = i + 1; k < batch->len; k++)
                gw_import_record_free (batch->pdata[k]);
              g_ptr_array_unref (batch);
              return FALSE;
            }
        }
      g_ptr_array_unref (batch);
      if (end)
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (progress != NULL && reader->n_total > 0)
        progress (_("Reading"), 0.5 * MIN (n_done, (guint64) reader->n_total) / reader->n_total,
                  user_data);
    }
  g_thread_join (g_steal_pointer (&reader->thread));
  imp->report->n_read = reader->n_read;
  if (reader->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&reader->error));
      return FALSE;
    }
  return TRUE;
}

/* What is wrong with the file as a whole, said once: nothing in it,
 * garbled text, coordinates far from China or from the street, nowhere to
 * put its polygons. */
static gboolean
check_file (Import      *imp,
            const char  *file,
            GError     **error)
{
  GwImportReport *report = imp->report;

  if (report->n_read == 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s: layer “%s” has no features"), file, report->layer);
      return FALSE;
    }
  if (imp->n_garbled > 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s: %u text values look garbled (e.g. %s): the file is probably in another "
                     "encoding; try --encoding GBK"), file, imp->n_garbled, imp->garbled_example);
      return FALSE;
    }
  if (imp->have_extent)
    {
      report->has_extent = TRUE;
      report->min_lon = imp->out.MinX;
      report->min_lat = imp->out.MinY;
      report->max_lon = imp->out.MaxX;
      report->max_lat = imp->out.MaxY;
    }
  if (!gw_import_check_extent (imp, file, error) || !gw_import_check_elsewhere (imp, file, error))
    return FALSE;
  if (imp->no_communities)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s: the database has no communities to put %s in"), file,
                   gw_import_targets[imp->options->target].name);
      return FALSE;
    }
  return TRUE;
}

/* Who imported what, in the import's transaction. */
static gboolean
write_audit (Import      *imp,
             const char  *file,
             GError     **error)
{
  g_autofree char *name = g_path_get_basename (file);
  g_autofree char *object = g_strdup_printf ("layer:%s", gw_import_targets[imp->options->target].name);
  g_autoptr (GString) personal = g_string_new (NULL);
  g_autofree char *detail = NULL;

  if (!gw_import_classify_extra (imp, file, personal, error))
    return FALSE;
  detail = g_strdup_printf ("%s: %u imported, %u rejected%s", name, imp->report->n_imported,
                            imp->report->n_rejected, personal->str);

  return gw_audit_write (imp->store, imp->options->user, "import", object, detail, error);
}

/* Lots for new grids, then everything or nothing: rejected features
 * refuse the file unless the rest was asked for. */
static gboolean
finish_writing (Import            *imp,
                const char        *file,
                GCancellable      *cancellable,
                GwImportProgress   progress,
                gpointer           user_data,
                GError           **error)
{
  GwImportReport *report = imp->report;

  if (progress != NULL)
    progress (_("Writing"), 0.5, user_data);
  if (g_cancellable_set_error_if_cancelled (cancellable, error)
      || !gw_import_write_pending (imp, error)
      || !gw_import_generate_lots (imp, error)
      || !gw_import_report_gaps (imp, error))
    return FALSE;
  /* Buildings that came first find their communities. */
  if (imp->options->target == GW_IMPORT_COMMUNITIES
      && !gw_topology_rehome_waiting (imp->store, &report->n_rehomed, error))
    return FALSE;
  if (report->n_rehomed > 0)
    gw_import_add_line (imp, g_dngettext (GETTEXT_PACKAGE,
                                          "%u lot of buildings imported before the communities "
                                          "moved into its community",
                                          "%u lots of buildings imported before the communities "
                                          "moved into their communities", report->n_rehomed),
                        report->n_rehomed);
  if (report->n_waiting > 0)
    gw_import_add_line (imp, g_dngettext (GETTEXT_PACKAGE,
                                          "%u building kept before the street has communities: "
                                          "import them and it moves into its own",
                                          "%u buildings kept before the street has communities: "
                                          "import them and they move into their own",
                                          report->n_waiting),
                        report->n_waiting);
  if (report->n_unassigned > 0)
    gw_import_add_line (imp, g_dngettext (GETTEXT_PACKAGE,
                                          "%u building lies in no grid: kept unassigned, for "
                                          "planners to paint into a grid",
                                          "%u buildings lie in no grid: kept unassigned, for "
                                          "planners to paint into grids", report->n_unassigned),
                        report->n_unassigned);
  if (report->n_dwellings_created > 0)
    gw_import_add_line (imp, g_dngettext (GETTEXT_PACKAGE,
                                          "%u dwelling created in the buildings the addresses "
                                          "name",
                                          "%u dwellings created in the buildings the addresses "
                                          "name", report->n_dwellings_created),
                        report->n_dwellings_created);
  if (report->n_codes > 0)
    gw_import_add_line (imp, g_dngettext (GETTEXT_PACKAGE,
                                          "%u code given by the standard (north to south, west "
                                          "to east)",
                                          "%u codes given by the standard (north to south, west "
                                          "to east)", report->n_codes),
                        report->n_codes);
  if (progress != NULL)
    progress (_("Writing"), 0.9, user_data);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (report->n_rejected > 0 && !imp->options->skip_rejected)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s: %u feature was rejected (see the report); nothing was imported",
                                "%s: %u features were rejected (see the report); nothing was imported",
                                report->n_rejected),
                   file, report->n_rejected);
      return FALSE;
    }
  if (report->n_imported == 0)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   _("%s: no feature could be imported"), file);
      return FALSE;
    }
  if (!write_audit (imp, file, error))
    return FALSE;
  /* A dry run is checked like an import (the spatial indexes and the
   * geometries too), then rolled back. */
  if (!gw_writer_finish_load (imp->writer, !imp->options->dry_run, error))
    return FALSE;
  report->committed = !imp->options->dry_run;
  return TRUE;
}

gboolean
gw_import_run (GwStore                *store,
               const char             *file,
               const GwImportOptions  *options,
               GwImportReport        **report_out,
               GCancellable           *cancellable,
               GwImportProgress        progress,
               gpointer                user_data,
               GError                **error)
{
  g_autoptr (GwImportReport) report = g_new0 (GwImportReport, 1);
  Import imp = { 0 };
  GDALDatasetH ds = NULL;
  OGRLayerH layer;
  OGRCoordinateTransformationH transform = NULL;
  Reader reader = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (file != NULL && options != NULL, FALSE);
  g_return_val_if_fail (options->target < gw_import_n_targets, FALSE);

  gw_io_init ();
  CPLPushErrorHandler (CPLQuietErrorHandler);
  report->file = g_strdup (file);
  report->lines = g_ptr_array_new_with_free_func (g_free);
  report->mapping = g_ptr_array_new_with_free_func (g_free);
  report->unmatched = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  import_init (&imp, store, options, report);

  if (progress != NULL)
    progress (_("Reading"), 0.0, user_data);
  layer = open_layer (&imp, file, &ds, error);
  if (layer == NULL
      || !gw_import_map_fields (&imp, layer, file, error)
      || (gw_import_targets[options->target].shape != SHAPE_NONE
          && !gw_import_resolve_srs (&imp, layer, file, &transform, error))
      || !begin_writing (&imp, file, error))
    goto out;

  reader.imp = &imp;
  reader.file = file;
  reader.layer = layer;
  reader.transform = transform;
  reader.n_total = OGR_L_GetFeatureCount (layer, FALSE);
  reader.cancellable = cancellable;
  if (!read_and_write (&imp, &reader, cancellable, progress, user_data, error)
      || !check_file (&imp, file, error)
      || !finish_writing (&imp, file, cancellable, progress, user_data, error))
    goto out;
  ok = TRUE;
  if (progress != NULL && report->committed)
    progress (_("Done"), 1.0, user_data);

out:
  gw_import_reader_finish (&reader);
  g_clear_error (&reader.error);
  g_clear_pointer (&reader.queue, g_async_queue_unref);
  import_clear (&imp);
  if (!report->committed)
    {
      report->n_imported = ok ? report->n_imported : 0;
      report->n_lots_generated = ok ? report->n_lots_generated : 0;
    }
  if (transform != NULL)
    OCTDestroyCoordinateTransformation (transform);
  gw_import_close_dataset (ds);
  CPLPopErrorHandler ();
  if (report_out != NULL)
    *report_out = g_steal_pointer (&report);
  return ok;
}
