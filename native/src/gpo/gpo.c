/*
 * gpo.c - Group Policy on top of the settings table (settings.h): the
 * policy that pushes a fix's setting (the checks and the match describe
 * fixes as data, report/setting.h; this layer names the policy), and the
 * Registry.pol entries a profile or a diagnosis's fixes would push. The
 * what-if, which runs the match, sits above this file (whatif/whatif.c).
 *
 * What a policy state writes follows the ADMX rules the Group Policy
 * client applies ("Group Policy ADMX Syntax Reference Guide", elements and
 * enabledList/disabledList): Enabled writes the element's value plus the
 * enabledList; Disabled writes the disabledList and deletes the element's
 * value ("**del.<name>", MS-GPREG 2.2.1.2).
 */
#include "../core/common.h"
#include "../core/json.h"
#include "../core/snapshot.h"
#include "../report/report.h"
#include "../knowledge/tls_defaults.h"
#include "gpo.h"
#include "regpol.h"
#include "settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GPO_PREFIX "ConnReset/"

static const cr_gpo_policy *find_policy(const char *name, size_t len)
{
  size_t i;
  for (i = 0; i < cr_gpo_policy_table_count; i++)
    if (strlen(cr_gpo_policy_table[i].name) == len &&
        cr_strnicmp(cr_gpo_policy_table[i].name, name, len) == 0)
      return &cr_gpo_policy_table[i];
  return NULL;
}

static const cr_gpo_profile *find_profile(const char *name)
{
  size_t i;
  for (i = 0; name && i < cr_gpo_profile_table_count; i++)
    if (cr_stricmp(cr_gpo_profile_table[i].name, name) == 0)
      return &cr_gpo_profile_table[i];
  return NULL;
}

static int add_writes(cr_regpol *pol, const cr_gpo_write *w, size_t n)
{
  size_t i;
  int rc = CR_OK;
  for (i = 0; rc >= 0 && i < n; i++)
    rc = w[i].type == CR_REG_DWORD
             ? cr_regpol_add_dword(pol, w[i].key, w[i].value, w[i].dword)
             : cr_regpol_add_sz(pol, w[i].key, w[i].value, w[i].sz);
  return rc;
}

/* The entries one policy writes in one state; `value` is the decimal or
 * the enum item id (NULL when the policy has no element). */
static int policy_entries(cr_regpol *pol, const cr_gpo_policy *p,
                          int enabled, uint32_t decimal, const char *item)
{
  char del[300];
  size_t i;
  int rc;
  if (!enabled) {
    if (p->value) { /* the element's value (decimal, enum or text) */
      snprintf(del, sizeof del, "**del.%s", p->value);
      if ((rc = cr_regpol_add_sz(pol, p->key, del, " ")) < 0)
        return rc;
    }
    return add_writes(pol, p->disabled, p->ndisabled);
  }
  switch (p->element) {
  case CR_GPO_ELEMENT_DECIMAL:
    if (decimal < p->min || decimal > p->max)
      return cr_error_set(CR_EINVAL, "policy %s: %lu is outside its "
                          "documented range %lu-%lu", p->name,
                          (unsigned long)decimal, (unsigned long)p->min,
                          (unsigned long)p->max);
    if ((rc = cr_regpol_add_dword(pol, p->key, p->value, decimal)) < 0)
      return rc;
    break;
  case CR_GPO_ELEMENT_ENUM:
    for (i = 0; i < p->nitems; i++)
      if (item && cr_stricmp(p->items[i].id, item) == 0)
        break;
    if (i == p->nitems)
      return cr_error_set(CR_EINVAL, "policy %s has no item '%s'", p->name,
                          item ? item : "(none)");
    if ((rc = add_writes(pol, p->items[i].writes, p->items[i].nwrites)) < 0)
      return rc;
    break;
  case CR_GPO_ELEMENT_NONE:
    break;
  }
  return add_writes(pol, p->enabled, p->nenabled);
}

/* Does the OS's default suite table know every suite of the list? */
static bool os_supports_all(const cr_default_suites_row *row, const char *list)
{
  const char *s = list;
  while (s && *s) {
    const char *comma = strchr(s, ',');
    size_t len = comma ? (size_t)(comma - s) : strlen(s), i;
    bool found = false;
    for (i = 0; !found && i < row->nenabled; i++)
      found = strlen(row->enabled[i]) == len &&
              cr_strnicmp(row->enabled[i], s, len) == 0;
    for (i = 0; !found && i < row->nsupported; i++)
      found = strlen(row->supported_not_enabled[i]) == len &&
              cr_strnicmp(row->supported_not_enabled[i], s, len) == 0;
    if (!found)
      return false;
    s = comma ? comma + 1 : NULL;
  }
  return true;
}

/* The vetted cipher-suite-order policy for an OS: one without TLS_DHE_*
 * whose every suite the OS knows (its default table), with the most
 * suites; NULL when none fits or the OS has no table. */
static const cr_gpo_policy *find_suite_order_policy(const cr_default_suites_row *row)
{
  const cr_gpo_policy *best = NULL;
  size_t i, k, most = 0;
  if (!row)
    return NULL;
  for (i = 0; i < cr_gpo_policy_table_count; i++) {
    const cr_gpo_policy *p = &cr_gpo_policy_table[i];
    for (k = 0; k < p->nenabled; k++) {
      const cr_gpo_write *w = &p->enabled[k];
      size_t n = 1;
      const char *c;
      if (w->type != CR_REG_SZ || cr_stricmp(w->value, "Functions") != 0 ||
          strstr(w->sz, "TLS_DHE_") || !os_supports_all(row, w->sz))
        continue;
      for (c = w->sz; *c; c++)
        n += *c == ',';
      if (n > most) {
        most = n;
        best = p;
      }
    }
  }
  return best;
}

/* The same, remembered per row: both tables are constant, and a fleet asks
 * for every class pair with a DHE fix (the search compares thousands of
 * names). Without C11 atomics it is simply not remembered. */
#if !defined(__STDC_NO_ATOMICS__)
# include <stdatomic.h>
# define ORDER_CACHE 64
static atomic_int order_cache[ORDER_CACHE]; /* policy index + 2; 1: none */
#endif

static const cr_gpo_policy *suite_order_policy(const cr_default_suites_row *row)
{
#if !defined(__STDC_NO_ATOMICS__)
  size_t r = row ? (size_t)(row - cr_default_suites_rows) : ORDER_CACHE;
  if (row && r < ORDER_CACHE && r < cr_default_suites_row_count) {
    int v = atomic_load(&order_cache[r]);
    const cr_gpo_policy *p;
    if (v)
      return v == 1 ? NULL : &cr_gpo_policy_table[v - 2];
    p = find_suite_order_policy(row);
    atomic_store(&order_cache[r], p ? (int)(p - cr_gpo_policy_table) + 2 : 1);
    return p;
  }
#endif
  return find_suite_order_policy(row);
}

/* ---------------------------------------------------------------- */
/* Settings to policies.                                            */
/* ---------------------------------------------------------------- */

typedef struct gpo_choice {
  const cr_gpo_policy *policy;
  int enabled;
  uint32_t decimal;
  char item[128];
} gpo_choice;

#define HKLM_PREFIX "HKEY_LOCAL_MACHINE\\"

static bool writes_dword(const cr_gpo_write *w, size_t n, const char *key,
                         const char *value, uint32_t dword)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (w[i].type == CR_REG_DWORD && w[i].dword == dword &&
        cr_stricmp(w[i].key, key) == 0 && cr_stricmp(w[i].value, value) == 0)
      return true;
  return false;
}

/* The policy, and its state, that writes setting `s`: found by what each
 * policy writes (settings.h), not by its name. 0 when no ConnReset policy
 * writes it. */
static int choice_for(gpo_choice *c, const cr_setting *s)
{
  size_t plen = strlen(HKLM_PREFIX), i, k;
  const char *key = s->key;
  memset(c, 0, sizeof *c);
  if (s->kind == CR_SETTING_SUITE_ORDER_NO_DHE) {
    c->policy = suite_order_policy(s->os_suites);
    c->enabled = 1;
    return c->policy != NULL;
  }
  if (s->kind != CR_SETTING_DWORD)
    return 0;
  if (cr_strnicmp(key, HKLM_PREFIX, plen) == 0)
    key += plen;
  for (i = 0; i < cr_gpo_policy_table_count; i++) {
    const cr_gpo_policy *p = &cr_gpo_policy_table[i];
    c->policy = p;
    if (p->element == CR_GPO_ELEMENT_DECIMAL && p->value &&
        cr_stricmp(p->key, key) == 0 && cr_stricmp(p->value, s->value) == 0) {
      c->enabled = 1;
      c->decimal = s->dword;
      return 1;
    }
    if (p->element == CR_GPO_ELEMENT_ENUM)
      for (k = 0; k < p->nitems; k++)
        if (writes_dword(p->items[k].writes, p->items[k].nwrites, key,
                         s->value, s->dword)) {
          c->enabled = 1;
          snprintf(c->item, sizeof c->item, "%s", p->items[k].id);
          return 1;
        }
    if (p->element == CR_GPO_ELEMENT_NONE &&
        writes_dword(p->enabled, p->nenabled, key, s->value, s->dword)) {
      c->enabled = 1;
      return 1;
    }
    if (p->element == CR_GPO_ELEMENT_NONE &&
        writes_dword(p->disabled, p->ndisabled, key, s->value, s->dword)) {
      c->enabled = 0;
      return 1;
    }
  }
  memset(c, 0, sizeof *c);
  return 0;
}

static void choice_text(cr_buf *b, const gpo_choice *c)
{
  cr_buf_printf(b, GPO_PREFIX "%s: %s", c->policy->name,
                c->enabled ? "Enabled" : "Disabled");
  if (c->enabled && c->policy->element == CR_GPO_ELEMENT_DECIMAL)
    cr_buf_printf(b, ", %lu", (unsigned long)c->decimal);
  else if (c->enabled && c->policy->element == CR_GPO_ELEMENT_ENUM)
    cr_buf_printf(b, ", %s", c->item);
}

int cr_gpo_setting_policy(char **out, const cr_setting *settings, size_t n)
{
  cr_buf b = CR_BUF_INIT;
  const cr_gpo_policy *seen[8];
  size_t i, k, named = 0;
  gpo_choice c;
  *out = NULL;
  for (i = 0; i < n; i++) {
    if (!choice_for(&c, &settings[i]))
      continue;
    for (k = 0; k < named && k < 8 && seen[k] != c.policy; k++)
      ;
    if (k < named)
      continue; /* one policy writing several of the settings */
    if (named < 8)
      seen[named] = c.policy;
    if (named++)
      cr_buf_puts(&b, "; ");
    choice_text(&b, &c);
  }
  if (!named)
    return CR_OK;
  if (cr_buf_status(&b) < 0) {
    cr_buf_dispose(&b);
    return cr_error_oom();
  }
  *out = cr_buf_detach(&b, NULL);
  return CR_OK;
}

int cr_gpo_name_report(cr_report *r)
{
  size_t i;
  int rc;
  for (i = 0; r && i < r->nfindings; i++) {
    cr_finding *f = r->findings[i];
    free(f->fix_gpo);
    f->fix_gpo = NULL;
    if ((rc = cr_gpo_setting_policy(&f->fix_gpo, f->settings,
                                    f->nsettings)) < 0)
      return rc;
  }
  return CR_OK;
}

size_t cr_gpo_profile_count(void) { return cr_gpo_profile_table_count; }

const char *cr_gpo_profile_name(size_t index)
{
  return index < cr_gpo_profile_table_count ? cr_gpo_profile_table[index].name : NULL;
}

const char *cr_gpo_profile_description(size_t index)
{
  return index < cr_gpo_profile_table_count ? cr_gpo_profile_table[index].description
                                      : NULL;
}

int cr_gpo_profile_policy(cr_regpol **out, const char *profile)
{
  const cr_gpo_profile *pr;
  cr_regpol *pol;
  size_t i;
  int rc;
  if (!out)
    return cr_error_set(CR_EINVAL, "cr_gpo_profile_policy: out is NULL");
  *out = NULL;
  if (!(pr = find_profile(profile))) {
    cr_buf names = CR_BUF_INIT;
    for (i = 0; i < cr_gpo_profile_table_count; i++)
      cr_buf_printf(&names, "%s%s", i ? ", " : "", cr_gpo_profile_table[i].name);
    rc = cr_error_set(CR_ENOTFOUND, "no profile '%s' (profiles: %s)",
                      profile ? profile : "(null)",
                      names.ptr ? names.ptr : "none");
    cr_buf_dispose(&names);
    return rc;
  }
  if ((rc = cr_regpol_new(&pol)) < 0)
    return rc;
  pol->scope = CR_GPO_SCOPE_MACHINE; /* every ConnReset policy is */
  for (i = 0; rc >= 0 && i < pr->nsettings; i++) {
    const cr_gpo_profile_setting *s = &pr->settings[i];
    const cr_gpo_policy *p = find_policy(s->policy, strlen(s->policy));
    rc = p ? policy_entries(pol, p, s->enabled, s->decimal, s->item)
           : cr_error_set(CR_ERROR, "profile %s names an unknown policy %s",
                          pr->name, s->policy);
  }
  if (rc < 0) {
    cr_regpol_free(pol);
    return rc;
  }
  *out = pol;
  return CR_OK;
}

/* ---------------------------------------------------------------- */
/* Fixes of a diagnosis.                                            */
/* ---------------------------------------------------------------- */

int cr_gpo_report_policy(cr_regpol **out, const cr_report *report)
{
  gpo_choice *chosen = NULL;
  size_t nchosen = 0, i, j, k;
  cr_regpol *pol = NULL;
  int rc = CR_OK;
  if (!out || !report)
    return cr_error_set(CR_EINVAL, "cr_gpo_report_policy: bad argument");
  *out = NULL;
  /* Findings are ranked, so when two findings ask for the same policy the
   * more severe one's setting is kept. */
  for (i = 0; rc >= 0 && i < report->nfindings; i++) {
    const cr_finding *f = report->findings[i];
    for (k = 0; k < f->nsettings; k++) {
      gpo_choice c, *p;
      int got = choice_for(&c, &f->settings[k]);
      for (j = 0; got && j < nchosen; j++)
        if (chosen[j].policy == c.policy)
          got = 0;
      if (!got)
        continue;
      if (!(p = cr_realloc_array(chosen, nchosen + 1, sizeof *p))) {
        rc = cr_error_oom();
        break;
      }
      chosen = p;
      chosen[nchosen++] = c;
    }
  }
  if (rc >= 0 && (rc = cr_regpol_new(&pol)) >= 0)
    pol->scope = CR_GPO_SCOPE_MACHINE; /* every ConnReset policy is */
  for (i = 0; rc >= 0 && i < nchosen; i++)
    rc = policy_entries(pol, chosen[i].policy, chosen[i].enabled,
                        chosen[i].decimal, chosen[i].item);
  free(chosen);
  if (rc < 0) {
    cr_regpol_free(pol);
    return rc;
  }
  *out = pol;
  return CR_OK;
}

/* ---------------------------------------------------------------- */
/* The table as JSON.                                               */
/* ---------------------------------------------------------------- */

static void writes_json(cr_json *j, const char *name, const cr_gpo_write *w,
                        size_t n)
{
  size_t i;
  cr_json_arr(j, name);
  for (i = 0; i < n; i++) {
    cr_json_obj(j, NULL);
    cr_json_str(j, "key", w[i].key);
    cr_json_str(j, "value", w[i].value);
    cr_json_str(j, "type", cr_reg_type_name(w[i].type));
    if (w[i].type == CR_REG_DWORD)
      cr_json_int(j, "data", w[i].dword);
    else
      cr_json_str(j, "data", w[i].sz);
    cr_json_obj_end(j);
  }
  cr_json_arr_end(j);
}

static const char *element_name(cr_gpo_element_kind k)
{
  return k == CR_GPO_ELEMENT_DECIMAL ? "decimal"
       : k == CR_GPO_ELEMENT_ENUM    ? "enum" : "none";
}

int cr_gpo_settings_json(char **out)
{
  cr_buf b = CR_BUF_INIT;
  cr_json j;
  size_t i, k;
  if (!out)
    return cr_error_set(CR_EINVAL, "cr_gpo_settings_json: out is NULL");
  *out = NULL;
  cr_json_init(&j, &b);
  cr_json_obj(&j, NULL);
  cr_json_str(&j, "schema", "connreset.gpo-settings/1");
  cr_json_arr(&j, "policies");
  for (i = 0; i < cr_gpo_policy_table_count; i++) {
    const cr_gpo_policy *p = &cr_gpo_policy_table[i];
    cr_json_obj(&j, NULL);
    cr_json_str(&j, "name", p->name);
    cr_json_str(&j, "category", p->category);
    cr_json_str(&j, "supportedOn", p->supported_on);
    cr_json_str(&j, "display", p->display);
    cr_json_str(&j, "key", p->key);
    cr_json_str(&j, "value", p->value);
    cr_json_str(&j, "element", element_name(p->element));
    if (p->element == CR_GPO_ELEMENT_DECIMAL) {
      cr_json_int(&j, "min", p->min);
      cr_json_int(&j, "max", p->max);
    }
    if (p->element == CR_GPO_ELEMENT_ENUM) {
      cr_json_arr(&j, "items");
      for (k = 0; k < p->nitems; k++) {
        cr_json_obj(&j, NULL);
        cr_json_str(&j, "id", p->items[k].id);
        cr_json_str(&j, "label", p->items[k].label);
        writes_json(&j, "writes", p->items[k].writes, p->items[k].nwrites);
        cr_json_obj_end(&j);
      }
      cr_json_arr_end(&j);
    }
    writes_json(&j, "enabledList", p->enabled, p->nenabled);
    writes_json(&j, "disabledList", p->disabled, p->ndisabled);
    cr_json_str(&j, "source", p->source);
    cr_json_obj_end(&j);
  }
  cr_json_arr_end(&j);
  cr_json_arr(&j, "profiles");
  for (i = 0; i < cr_gpo_profile_table_count; i++) {
    const cr_gpo_profile *pr = &cr_gpo_profile_table[i];
    cr_json_obj(&j, NULL);
    cr_json_str(&j, "name", pr->name);
    cr_json_str(&j, "description", pr->description);
    cr_json_arr(&j, "settings");
    for (k = 0; k < pr->nsettings; k++) {
      const cr_gpo_profile_setting *s = &pr->settings[k];
      const cr_gpo_policy *p = find_policy(s->policy, strlen(s->policy));
      cr_json_obj(&j, NULL);
      cr_json_str(&j, "policy", s->policy);
      cr_json_str(&j, "state", s->enabled ? "Enabled" : "Disabled");
      if (s->enabled && p && p->element == CR_GPO_ELEMENT_DECIMAL)
        cr_json_int(&j, "decimal", s->decimal);
      if (s->enabled && p && p->element == CR_GPO_ELEMENT_ENUM)
        cr_json_str(&j, "item", s->item);
      cr_json_obj_end(&j);
    }
    cr_json_arr_end(&j);
    cr_json_obj_end(&j);
  }
  cr_json_arr_end(&j);
  cr_json_obj_end(&j);
  return cr_json_finish(out, &b);
}
