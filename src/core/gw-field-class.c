/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-field-class"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-address.h"
#include "gw-domain.h"
#include "gw-error.h"
#include "gw-field-class.h"
#include "gw-store-private.h"

static const struct
{
  const char *key;
  const char *label;
} classes[] = {
  [GW_FIELD_PUBLIC] = { "public", N_("Not personal") },
  [GW_FIELD_ID_NUMBER] = { "id_number", N_("ID number") },
  [GW_FIELD_PHONE] = { "phone", N_("Phone number") },
  [GW_FIELD_NAME] = { "name", N_("Person’s name") },
  [GW_FIELD_ADDRESS] = { "address", N_("Home address") },
  [GW_FIELD_FREE_TEXT] = { "free_text", N_("Free text") },
};

const char *
gw_field_class_to_key (GwFieldClass field_class)
{
  g_return_val_if_fail (field_class <= GW_FIELD_FREE_TEXT, "public");

  return classes[field_class].key;
}

gboolean
gw_field_class_from_key (const char   *key,
                         GwFieldClass *field_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    if (g_strcmp0 (key, classes[i].key) == 0)
      {
        *field_class = i;
        return TRUE;
      }
  return FALSE;
}

const char *
gw_field_class_label (GwFieldClass field_class)
{
  g_return_val_if_fail (field_class <= GW_FIELD_FREE_TEXT, "");

  return _(classes[field_class].label);
}

gboolean
gw_field_class_is_personal (GwFieldClass field_class)
{
  return field_class == GW_FIELD_ID_NUMBER || field_class == GW_FIELD_PHONE
         || field_class == GW_FIELD_NAME || field_class == GW_FIELD_ADDRESS;
}

/* Column names of the registers and of other systems' exports, lower case:
 * "contains" lists are parts of a name, "exact" ones whole names (too
 * short or too common to look for inside others: "tel" is in "hotel").
 * The first class that matches wins, in this order: 紧急联系人电话 is a
 * phone, not a name. */
static const struct
{
  GwFieldClass       field_class;
  const char * const contains[16];
  const char * const exact[12];
} name_rules[] = {
  { GW_FIELD_ID_NUMBER,
    { "身份证", "证件号", "公民身份", "身份号", "护照", "idcard", "id_card", "id_no", "idno",
      "id_number", "idnumber", "identity", "passport", "national_id", "citizen_id", NULL },
    { "sfz", "sfzh", "zjhm", "id_num", "cert_no", NULL } },
  { GW_FIELD_PHONE,
    { "手机", "电话", "联系方式", "座机", "phone", "mobile", "telephone", NULL },
    { "tel", "cell", "lxdh", "sjhm", "dh", NULL } },
  { GW_FIELD_NAME,
    { "姓名", "户主", "联系人", "监护人", "房东", "房主", "业主", "租户", "家属", "full_name",
      "fullname", "householder", "guardian", "landlord", "tenant", NULL },
    { "name", "xm", "person", "contact", "owner", "head", NULL } },
  { GW_FIELD_ADDRESS,
    { "地址", "住址", "户籍地", "居住地", "现住", "籍贯", "住所", "address", "domicile", NULL },
    { "addr", "zz", "dz", NULL } },
  { GW_FIELD_FREE_TEXT,
    { "备注", "说明", "描述", "情况", "内容", "意见", "note", "remark", "comment", "memo",
      "description", NULL },
    { "bz", NULL } },
};

GwFieldClass
gw_field_class_guess_name (const char *name)
{
  g_autofree char *stripped = NULL;
  g_autofree char *folded = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return GW_FIELD_PUBLIC;
  stripped = g_strstrip (g_strdup (name));
  folded = g_utf8_strdown (stripped, -1);
  for (guint r = 0; r < G_N_ELEMENTS (name_rules); r++)
    {
      for (guint i = 0; name_rules[r].contains[i] != NULL; i++)
        if (strstr (folded, name_rules[r].contains[i]) != NULL)
          return name_rules[r].field_class;
      for (guint i = 0; name_rules[r].exact[i] != NULL; i++)
        if (strcmp (folded, name_rules[r].exact[i]) == 0)
          return name_rules[r].field_class;
    }
  return GW_FIELD_PUBLIC;
}

/* An 18-character ID number: 17 digits and a check character, which
 * gw_id_number_check() verifies (GB 11643-1999, ISO 7064 MOD 11-2). */
static gboolean
is_id_number (const char *text,
              gsize       length)
{
  char id[19];

  if (length != 18)
    return FALSE;
  memcpy (id, text, 18);
  id[18] = '\0';
  if (id[17] == 'x')
    id[17] = 'X';
  return gw_id_number_check (id, NULL);
}

/* A mainland mobile number: 11 digits, 1 then 3-9 (the numbering plan of
 * the Ministry of Industry and Information Technology). */
static gboolean
is_mobile (const char *digits,
           gsize       length)
{
  if (length != 11 || digits[0] != '1' || digits[1] < '3' || digits[1] > '9')
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (digits[i]))
      return FALSE;
  return TRUE;
}

GwFieldClass
gw_field_class_of_value (const char *value)
{
  g_autoptr (GString) digits = NULL;
  const char *p;

  if (value == NULL)
    return GW_FIELD_PUBLIC;
  while (g_ascii_isspace (*value))
    value++;
  if (is_id_number (value, strcspn (value, " \t\r\n")) && value[strcspn (value, " \t\r\n")] == '\0')
    return GW_FIELD_ID_NUMBER;
  /* Phones are written "138 1234 5678", "138-1234-5678", "+86 13812345678". */
  p = value;
  if (g_str_has_prefix (p, "+86"))
    p += 3;
  digits = g_string_new (NULL);
  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '-' && *p != '\t')
        return GW_FIELD_PUBLIC;
    }
  return is_mobile (digits->str, digits->len) ? GW_FIELD_PHONE : GW_FIELD_PUBLIC;
}

GwFieldClass
gw_field_class_guess (const char *name,
                      guint       n_filled,
                      guint       n_id_numbers,
                      guint       n_phones)
{
  GwFieldClass by_name = gw_field_class_guess_name (name);

  /* The values win over a name that says nothing or only "remarks": a
   * column of ID numbers under a foreign header is still ID numbers. */
  if (by_name == GW_FIELD_PUBLIC || by_name == GW_FIELD_FREE_TEXT)
    {
      if (n_filled > 0 && n_id_numbers * 2 >= n_filled)
        return GW_FIELD_ID_NUMBER;
      if (n_filled > 0 && n_phones * 2 >= n_filled)
        return GW_FIELD_PHONE;
    }
  return by_name;
}

char *
gw_field_class_scrub (const char *text)
{
  GString *out = NULL;
  const char *p = text, *copied = text;

  if (text == NULL)
    return NULL;
  while (*p != '\0')
    {
      gsize run;
      g_autofree char *masked = NULL;

      if (!g_ascii_isdigit (*p))
        {
          p++;
          continue;
        }
      /* A run of digits, with the X an ID number may end in. */
      run = strspn (p, "0123456789");
      if (run == 17 && (p[17] == 'X' || p[17] == 'x'))
        run = 18;
      if (is_id_number (p, run))
        {
          g_autofree char *id = g_strndup (p, run);

          masked = gw_mask_id_number (id);
        }
      else if (is_mobile (p, run))
        {
          g_autofree char *phone = g_strndup (p, run);

          masked = gw_mask_phone (phone);
        }
      if (masked != NULL)
        {
          if (out == NULL)
            out = g_string_new (NULL);
          g_string_append_len (out, copied, p - copied);
          g_string_append (out, masked);
          copied = p + run;
        }
      p += run;
    }
  if (out == NULL)
    return NULL;
  g_string_append (out, copied);
  return g_string_free (out, FALSE);
}

GHashTable *
gw_field_classes_load (GwStore     *store,
                       const char  *layer,
                       GError     **error)
{
  g_autoptr (GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GW_IS_STORE (store), NULL);

  stmt = gw_store_prepare_cached (store, "SELECT field, class FROM field_classes WHERE layer = ?",
                                  error);
  if (stmt == NULL || !gw_store_bind_text (store, stmt, 1, layer, error))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GwFieldClass field_class;

      /* An unknown class (a newer Gridwork's) is taken as personal. */
      if (!gw_field_class_from_key ((const char *) sqlite3_column_text (stmt, 1), &field_class))
        field_class = GW_FIELD_ID_NUMBER;
      g_hash_table_insert (table, gw_store_column_dup (stmt, 0), GINT_TO_POINTER (field_class));
    }
  if (rc != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not read the classes of fields"));
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&table);
}

gboolean
gw_field_classes_save (GwStore      *store,
                       const char   *layer,
                       const char   *field,
                       GwFieldClass  field_class,
                       gboolean      confirmed,
                       GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GW_IS_STORE (store), FALSE);
  g_return_val_if_fail (layer != NULL && field != NULL, FALSE);

  /* A guess only raises: it replaces 'public' and 'free_text', nothing
   * personal. */
  stmt = gw_store_prepare_cached (store,
                                  "INSERT INTO field_classes (layer, field, class, confirmed) "
                                  "VALUES (?1, ?2, ?3, ?4) "
                                  "ON CONFLICT (layer, field) DO UPDATE SET class = excluded.class, "
                                  "confirmed = excluded.confirmed "
                                  "WHERE excluded.confirmed OR class IN ('public', 'free_text')",
                                  error);
  if (stmt == NULL
      || !gw_store_bind_text (store, stmt, 1, layer, error)
      || !gw_store_bind_text (store, stmt, 2, field, error)
      || !gw_store_bind_text (store, stmt, 3, gw_field_class_to_key (field_class), error)
      || !gw_store_bind_int64 (store, stmt, 4, confirmed ? 1 : 0, error))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      gw_store_set_sql_error (store, error, _("Could not store the class of a field"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}
