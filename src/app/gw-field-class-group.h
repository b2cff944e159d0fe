/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "gw-field-class.h"

G_BEGIN_DECLS

/* The import dialog's "Other Columns": one row per column of the file that
 * no Gridwork field takes (kept as an extra attribute), with what it holds
 * (public, ID number, phone, name, address, free text) guessed from its
 * name and the preview's values, in a drop-down to correct before the
 * import, which then takes the classes confirmed here (issue 15). */

#define GW_TYPE_FIELD_CLASS_GROUP (gw_field_class_group_get_type ())
G_DECLARE_FINAL_TYPE (GwFieldClassGroup, gw_field_class_group, GW, FIELD_CLASS_GROUP,
                      AdwPreferencesGroup)

GtkWidget  *gw_field_class_group_new         (void);
/* Shows a row for each of @columns not in @taken (nullable: a set of names
 * that Gridwork fields take), guessed from the values of @rows (of char**,
 * a value per column; nullable) unless @stored (nullable: name →
 * GwFieldClass, the layer's classes so far) says more, or the user chose
 * already. */
void        gw_field_class_group_set_columns (GwFieldClassGroup  *self,
                                              const char * const *columns,
                                              GHashTable         *taken,
                                              GPtrArray          *rows,
                                              GHashTable         *stored);
/* Forgets what the user chose (another file). */
void        gw_field_class_group_forget      (GwFieldClassGroup  *self);
/* The class shown for @column; FALSE when it has no row. */
gboolean    gw_field_class_group_get_class   (GwFieldClassGroup  *self,
                                              const char         *column,
                                              GwFieldClass       *field_class);
/* Chooses @field_class for @column as the user would; FALSE when it has no
 * row. */
gboolean    gw_field_class_group_set_class   (GwFieldClassGroup  *self,
                                              const char         *column,
                                              GwFieldClass        field_class);
/* What the import is told (column → class key, as
 * GwImportOptions.field_classes): every class the user chose, and every
 * personal one shown. A public or free-text guess left alone is not said,
 * so that the import guesses again from all of the file's values, of which
 * the preview saw only the first: it can find more, never less. */
GHashTable *gw_field_class_group_dup_confirmed (GwFieldClassGroup *self);

G_END_DECLS
