/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gw-domain"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-domain.h"

typedef struct
{
  const char *key;
  const char *label;  /* N_() marked, translated on lookup */
} GwTerm;

static const char *
lookup (const GwTerm *terms,
        gsize         n_terms,
        const char   *key)
{
  if (key == NULL)
    return "";
  for (gsize i = 0; i < n_terms; i++)
    if (strcmp (terms[i].key, key) == 0)
      return _(terms[i].label);
  return key;
}

#define LOOKUP(terms, key) lookup (terms, G_N_ELEMENTS (terms), key)

/* Seed 000's 一格六员 in notice-board order, then seed 003's social worker. */
static const GwTerm worker_roles[] = {
  { "party_branch", N_("Party branch member") },
  { "street_cadre", N_("Street cadre") },
  { "community_cadre", N_("Community cadre") },
  { "building_leader", N_("Building leader") },
  { "police", N_("Police officer") },
  { "volunteer", N_("Volunteer") },
  { "social_worker", N_("Social worker") },
};

const char * const gw_worker_roles[] = {
  "party_branch", "street_cadre", "community_cadre", "building_leader",
  "police", "volunteer", "social_worker", NULL
};

const char *
gw_worker_role_label (const char *role)
{
  return LOOKUP (worker_roles, role);
}

int
gw_worker_role_rank (const char *role)
{
  for (int i = 0; gw_worker_roles[i] != NULL; i++)
    if (g_strcmp0 (gw_worker_roles[i], role) == 0)
      return i;
  return G_N_ELEMENTS (gw_worker_roles);
}

static const GwTerm resident_tags[] = {
  { "elderly_alone", N_("Elderly living alone") },
  { "disabled", N_("Disabled") },
  { "low_income", N_("Low-income") },
  { "unemployed", N_("Unemployed") },
  { "floating", N_("Floating population") },
  { "key_care", N_("Key care") },
  { "party_member", N_("Party member") },
};

const char * const gw_resident_tags[] = {
  "elderly_alone", "disabled", "low_income", "unemployed", "floating",
  "key_care", "party_member", NULL
};

const char *
gw_resident_tag_label (const char *tag)
{
  return LOOKUP (resident_tags, tag);
}

/* Seed 002: the 8 major classes of the district's "e呼应" platform. */
static const GwTerm case_categories[] = {
  { "living_environment", N_("Living environment") },
  { "urban_housing", N_("Urban construction and housing") },
  { "civil_mediation", N_("Civil mediation") },
  { "health_elderly", N_("Health and elderly care") },
  { "medical", N_("Medical and public health") },
  { "education", N_("Public education") },
  { "transport", N_("Transport") },
  { "employment", N_("Employment and social security") },
};

const char * const gw_case_categories[] = {
  "living_environment", "urban_housing", "civil_mediation", "health_elderly",
  "medical", "education", "transport", "employment", NULL
};

const char *
gw_case_category_from_text (const char *text)
{
  /* In the order of gw_case_categories. */
  static const char * const chinese[] = {
    "居住环境", "城建住房", "民事调解", "健康养老", "医疗卫生", "群众教育", "交通出行", "就业保障",
  };

  for (guint i = 0; text != NULL && gw_case_categories[i] != NULL; i++)
    if (strcmp (text, gw_case_categories[i]) == 0 || strcmp (text, chinese[i]) == 0)
      return gw_case_categories[i];
  return NULL;
}

const char *
gw_case_category_label (const char *category)
{
  return LOOKUP (case_categories, category);
}

static const GwTerm case_statuses[] = {
  { "reported", N_("Reported") },
  { "registered", N_("Registered") },
  { "dispatched", N_("Dispatched") },
  { "in_progress", N_("In progress") },
  { "done_reported", N_("Reported done") },
  { "closed", N_("Closed") },
  { "evaluated", N_("Evaluated") },
  { "rework", N_("Rework") },
  { "deferred", N_("Deferred") },
  { "rejected", N_("Rejected") },
};

const char * const gw_case_statuses[] = {
  "reported", "registered", "dispatched", "in_progress", "done_reported", "closed",
  "evaluated", "rework", "deferred", "rejected", NULL
};

const char *
gw_case_status_label (const char *status)
{
  return LOOKUP (case_statuses, status);
}

gboolean
gw_case_status_is_open (const char *status)
{
  static const char * const open[] = {
    "reported", "registered", "dispatched", "in_progress", "done_reported",
    "rework", "deferred", NULL
  };

  return status != NULL && g_strv_contains (open, status);
}

static const GwTerm case_sources[] = {
  { "building_leader", N_("Building leader") },
  { "patrol", N_("Patrol") },
  { "hotline", N_("Hotline") },
  { "qr_code", N_("QR code") },
  { "mailbox", N_("Mailbox") },
  { "walk_in", N_("Walk-in") },
};

const char * const gw_case_sources[] = {
  "building_leader", "patrol", "hotline", "qr_code", "mailbox", "walk_in", NULL
};

const char *
gw_case_source_label (const char *source)
{
  return LOOKUP (case_sources, source);
}

static const GwTerm case_scopes[] = {
  { "private", N_("Private matter") },
  { "small", N_("Small matter") },
  { "big", N_("Big matter") },
};

const char *
gw_case_scope_label (const char *scope)
{
  return LOOKUP (case_scopes, scope);
}

static const GwTerm hukou_kinds[] = {
  { "local", N_("Registered here") },
  { "floating", N_("Floating") },
  { "separated", N_("Registered elsewhere") },
};

const char *
gw_household_hukou_label (const char *hukou)
{
  return LOOKUP (hukou_kinds, hukou);
}

static const GwTerm relations[] = {
  { "head", N_("Head of household") },
  { "spouse", N_("Spouse") },
  { "child", N_("Child") },
  { "parent", N_("Parent") },
  { "grandchild", N_("Grandchild") },
  { "sibling", N_("Sibling") },
  { "other", N_("Other") },
};

const char *
gw_resident_relation_label (const char *relation)
{
  return LOOKUP (relations, relation);
}

/* Keeps @keep_head leading and @keep_tail trailing characters (UTF-8 aware). */
static char *
mask_middle (const char *text,
             glong       keep_head,
             glong       keep_tail)
{
  GString *masked;
  glong length;
  const char *p;

  if (text == NULL || *text == '\0')
    return g_strdup ("");

  length = g_utf8_strlen (text, -1);
  if (length <= keep_head + keep_tail)
    return g_strnfill (length, '*');

  masked = g_string_new (NULL);
  p = text;
  for (glong i = 0; i < length; i++, p = g_utf8_next_char (p))
    {
      if (i < keep_head || i >= length - keep_tail)
        g_string_append_unichar (masked, g_utf8_get_char (p));
      else
        g_string_append_c (masked, '*');
    }
  return g_string_free (masked, FALSE);
}

char *
gw_mask_id_number (const char *id_number)
{
  /* 370203********123X: the area code and the last four, as on receipts. */
  return mask_middle (id_number, 6, 4);
}

char *
gw_mask_phone (const char *phone)
{
  return mask_middle (phone, 3, 4);
}
