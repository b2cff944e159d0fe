/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "gw-store.h"

G_BEGIN_DECLS

/**
 * GwFieldClass:
 * @GW_FIELD_PUBLIC: nothing personal (a building's use, a count)
 * @GW_FIELD_ID_NUMBER: resident ID numbers (居民身份证号码) or other
 *   identity documents
 * @GW_FIELD_PHONE: telephone numbers, mobile or fixed
 * @GW_FIELD_NAME: people's names
 * @GW_FIELD_ADDRESS: where a person lives or is registered
 * @GW_FIELD_FREE_TEXT: notes, remarks: not personal as a whole, but an ID
 *   number or a phone written into them is masked like one
 *
 * What a field of a layer holds, as far as personal data goes. The known
 * fields of Gridwork have theirs fixed (the export store's personal flag);
 * a file's other columns, kept as extra attributes, get theirs at import,
 * guessed from their name and values and confirmed by whoever imports, and
 * stored beside the data (table field_classes) so that masking, export and
 * the audit log follow it.
 */
typedef enum
{
  GW_FIELD_PUBLIC,
  GW_FIELD_ID_NUMBER,
  GW_FIELD_PHONE,
  GW_FIELD_NAME,
  GW_FIELD_ADDRESS,
  GW_FIELD_FREE_TEXT,
} GwFieldClass;

/* "public", "id_number", "phone", "name", "address", "free_text". */
const char  *gw_field_class_to_key       (GwFieldClass  field_class);
gboolean     gw_field_class_from_key     (const char   *key,
                                          GwFieldClass *field_class);
/* The translated name shown to users ("ID number"). */
const char  *gw_field_class_label        (GwFieldClass  field_class);
/* Whether the whole value is personal data: shown, exported or printed
 * only to a role that may see it, and then written to the audit log. */
gboolean     gw_field_class_is_personal  (GwFieldClass  field_class);

/* The class a column's name says, Chinese or English (证件号码, 身份证号,
 * 手机号码, 联系电话, 姓名, 住址, 备注, id_card, mobile …);
 * %GW_FIELD_PUBLIC when it says nothing. */
GwFieldClass gw_field_class_guess_name   (const char   *name);

/* What one value is: %GW_FIELD_ID_NUMBER for an 18-character resident ID
 * number with a valid GB 11643 check character, %GW_FIELD_PHONE for a
 * mainland mobile number (1[3-9] and 9 digits, with or without +86 and
 * separators), %GW_FIELD_PUBLIC otherwise. */
GwFieldClass gw_field_class_of_value     (const char   *value);

/* A column's class from its name and the counts of its values: the name's
 * unless most of the @n_filled values are ID numbers or mobiles (a foreign
 * header, a remark column used for phones), which wins. */
GwFieldClass gw_field_class_guess        (const char   *name,
                                          guint         n_filled,
                                          guint         n_id_numbers,
                                          guint         n_phones);

/* @text with every ID number and mobile number in it masked as
 * gw_mask_id_number() and gw_mask_phone() do; %NULL when there is none
 * (nothing to change). */
char        *gw_field_class_scrub        (const char   *text);

/* The stored classes of @layer's extra attributes ("residents" …): a
 * table of field name → GINT_TO_POINTER (GwFieldClass); empty when none. */
GHashTable  *gw_field_classes_load       (GwStore      *store,
                                          const char   *layer,
                                          GError      **error);

/* Stores the class of @layer's extra attribute @field, inside the caller's
 * transaction. A guess (@confirmed FALSE) never lowers a class stored
 * before: a column once known to hold ID numbers stays so until someone
 * says otherwise; a confirmed class replaces it. */
gboolean     gw_field_classes_save       (GwStore      *store,
                                          const char   *layer,
                                          const char   *field,
                                          GwFieldClass  field_class,
                                          gboolean      confirmed,
                                          GError      **error);

G_END_DECLS
