/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Keys stored in the database are stable ASCII words; these functions give the
 * translated label a user reads (zh_CN is first-class). Unknown keys come back
 * as themselves. */

/* Grid worker roles, seed 000's 一格六员 plus seed 003's social worker.
 * Ordered as a notice board lists them: first responsible person first. */
extern const char * const gw_worker_roles[];   /* NULL-terminated */
const char *gw_worker_role_label   (const char *role);
int         gw_worker_role_rank    (const char *role);

/* Resident tags for targeted service. */
extern const char * const gw_resident_tags[];  /* NULL-terminated */
const char *gw_resident_tag_label  (const char *tag);

/* Case vocabulary (seed 002). */
extern const char * const gw_case_categories[]; /* the 8 major classes, NULL-terminated */
extern const char * const gw_case_statuses[];   /* NULL-terminated */
/* The category key of @text: a key itself, or one of seed 002's eight
 * major classes by its Chinese name (居住环境 …); %NULL when neither. */
const char *gw_case_category_from_text (const char *text);
extern const char * const gw_case_sources[];    /* NULL-terminated */
const char *gw_case_category_label (const char *category);
const char *gw_case_status_label   (const char *status);
const char *gw_case_source_label   (const char *source);
const char *gw_case_scope_label    (const char *scope);
gboolean    gw_case_status_is_open (const char *status);

/* SQL fragment listing the open statuses, for IN (…) clauses. Constant text,
 * never user data. */
#define GW_CASE_OPEN_STATUSES_SQL \
  "('reported','registered','dispatched','in_progress','done_reported','rework','deferred')"

const char *gw_household_hukou_label (const char *hukou);
const char *gw_resident_relation_label (const char *relation);

/* Masking of personal data for roles that may not see it. */
char       *gw_mask_id_number      (const char *id_number);
char       *gw_mask_phone          (const char *phone);

G_END_DECLS
