/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-io"

#include "config.h"

#include <string.h>

#include "gw-import-private.h"

/* What the import dialog shows before anything is read in full: the
 * file's layers and fields, and its first rows on the map. */

static void
layer_info_free (gpointer data)
{
  GwImportLayerInfo *info = data;

  g_free (info->name);
  g_free (info->geometry);
  g_free (info->srs);
  g_strfreev (info->fields);
  g_free (info);
}

void
gw_import_probe_free (GwImportProbe *probe)
{
  if (probe == NULL)
    return;
  g_ptr_array_unref (probe->layers);
  g_ptr_array_unref (probe->rows);
  g_ptr_array_unref (probe->shapes);
  g_free (probe->srs_problem);
  g_free (probe);
}

/* Rings, lines and points of @geom (already in EPSG:4490) as flat arrays. */
static void
probe_collect (OGRGeometryH  geom,
               GPtrArray    *shapes)
{
  int n_sub = OGR_G_GetGeometryCount (geom);
  GArray *coords;

  if (n_sub > 0)
    {
      for (int i = 0; i < n_sub; i++)
        probe_collect (OGR_G_GetGeometryRef (geom, i), shapes);
      return;
    }
  coords = g_array_new (FALSE, FALSE, sizeof (double));
  for (int i = 0; i < OGR_G_GetPointCount (geom); i++)
    {
      double xy[2] = { OGR_G_GetX (geom, i), OGR_G_GetY (geom, i) };

      if (isfinite (xy[0]) && isfinite (xy[1]))
        g_array_append_vals (coords, xy, 2);
    }
  if (coords->len > 0)
    g_ptr_array_add (shapes, coords);
  else
    g_array_unref (coords);
}

/* A layer's name, geometry, coordinate system, size and fields. */
static GwImportLayerInfo *
layer_info_new (OGRLayerH layer)
{
  OGRSpatialReferenceH layer_srs = OGR_L_GetSpatialRef (layer);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);
  GwImportLayerInfo *info = g_new0 (GwImportLayerInfo, 1);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  info->name = g_strdup (OGR_L_GetName (layer));
  info->geometry = g_strdup (OGRGeometryTypeToName (OGR_L_GetGeomType (layer)));
  info->srs = layer_srs != NULL ? g_strdup (OSRGetName (layer_srs)) : NULL;
  info->n_features = OGR_L_GetFeatureCount (layer, FALSE);
  /* Names in an undeclared encoding are shown as best they can be;
   * the garbled-text check of the import then suggests the encoding. */
  for (int i = 0; i < OGR_FD_GetFieldCount (defn); i++)
    {
      const char *raw = OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, i));
      g_autofree char *name = g_utf8_make_valid (raw, -1);

      g_strv_builder_add (builder, name);
    }
  info->fields = g_strv_builder_end (builder);
  return info;
}

/* The first @n_rows of @layer: their values as text, and their shapes in
 * EPSG:4490 when the layer could be placed. */
static void
probe_rows (Import                        *imp,
            OGRLayerH                      layer,
            OGRCoordinateTransformationH   transform,
            gboolean                       placed,
            guint                          n_rows,
            GwImportProbe                 *probe)
{
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);
  int lon_index = -1, lat_index = -1;
  OGRFeatureH feature;

  if (OGR_L_GetGeomType (layer) == wkbNone)
    gw_import_find_lonlat (defn, &lon_index, &lat_index);
  OGR_L_ResetReading (layer);
  for (guint n = 0; n < n_rows && (feature = OGR_L_GetNextFeature (layer)) != NULL; n++)
    {
      int n_fields = OGR_FD_GetFieldCount (defn);
      char **values = g_new0 (char *, n_fields + 1);
      OGRGeometryH geom = OGR_F_GetGeometryRef (feature), owned = NULL;
      double lon, lat;

      for (int i = 0; i < n_fields; i++)
        {
          g_autofree char *text = gw_import_read_value (imp, feature, i);

          values[i] = text != NULL ? g_utf8_make_valid (text, -1) : g_strdup ("");
        }
      g_ptr_array_add (probe->rows, values);
      if (geom == NULL && lon_index >= 0 && lat_index >= 0
          && gw_import_parse_number (values[lon_index], &lon)
          && gw_import_parse_number (values[lat_index], &lat))
        {
          owned = OGR_G_CreateGeometry (wkbPoint);
          OGR_G_SetPoint_2D (owned, 0, lon, lat);
        }
      else if (geom != NULL)
        owned = OGR_G_Clone (geom);
      if (owned != NULL && placed)
        {
          gboolean ok = TRUE;

          if (transform != NULL)
            ok = OGR_G_Transform (owned, transform) == OGRERR_NONE;
          if (ok && imp->offset != OFFSET_NONE)
            gw_import_apply_offset (owned, imp->offset);
          if (ok)
            probe_collect (owned, probe->shapes);
        }
      if (owned != NULL)
        OGR_G_DestroyGeometry (owned);
      OGR_F_Destroy (feature);
    }
}

GwImportProbe *
gw_import_probe (const char  *file,
                 const char  *source_layer,
                 const char  *srs,
                 const char  *encoding,
                 guint        n_rows,
                 GError     **error)
{
  g_autoptr (GwImportProbe) probe = g_new0 (GwImportProbe, 1);
  GwImportOptions options = { .target = GW_IMPORT_CASES, .srs = srs, .encoding = encoding };
  Import imp = { 0 };
  OGRCoordinateTransformationH transform = NULL;
  g_autoptr (GError) srs_error = NULL;
  gboolean gdal_decodes = FALSE, placed;
  GDALDatasetH ds;
  OGRLayerH layer = NULL;

  g_return_val_if_fail (file != NULL, NULL);

  gw_io_init ();
  probe->layers = g_ptr_array_new_with_free_func (layer_info_free);
  probe->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  probe->shapes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  CPLPushErrorHandler (CPLQuietErrorHandler);
  ds = gw_import_open_dataset (file, encoding, &gdal_decodes, NULL, error);
  if (ds == NULL)
    {
      CPLPopErrorHandler ();
      return NULL;
    }
  imp.options = &options;
  if (encoding != NULL && !gdal_decodes)
    imp.encoding = encoding;
  imp.spreadsheet = gw_import_is_spreadsheet (ds);

  for (int l = 0; l < GDALDatasetGetLayerCount (ds); l++)
    {
      OGRLayerH candidate = GDALDatasetGetLayer (ds, l);
      GwImportLayerInfo *info = layer_info_new (candidate);

      if ((source_layer == NULL && l == 0) || g_strcmp0 (source_layer, info->name) == 0)
        {
          layer = candidate;
          probe->layer = l;
        }
      g_ptr_array_add (probe->layers, info);
    }
  if (layer == NULL)
    {
      g_set_error (error, GW_STORE_ERROR, GW_STORE_ERROR_INVALID,
                   source_layer != NULL ? _("%s: has no layer “%s”") : _("%s: has no layer%s"),
                   file, source_layer != NULL ? source_layer : "");
      gw_import_close_dataset (ds);
      CPLPopErrorHandler ();
      return NULL;
    }

  placed = gw_import_resolve_srs (&imp, layer, file, &transform, &srs_error);
  if (!placed)
    probe->srs_problem = g_strdup (srs_error->message);
  probe_rows (&imp, layer, transform, placed, n_rows, probe);
  if (transform != NULL)
    OCTDestroyCoordinateTransformation (transform);
  gw_import_close_dataset (ds);
  CPLPopErrorHandler ();
  return g_steal_pointer (&probe);
}
