/*
 * gpo.c - Group Policy on top of the settings table (settings.h): the
 * Registry.pol entries a profile or a diagnosis's fixes would push, and
 * the what-if that applies a policy to snapshots and re-runs the checks
 * and the client-server match.
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
#include "../checks/report.h"
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

const char *cr_gpo_suite_order_policy(const cr_os *os)
{
  const cr_default_suites_row *row = cr_tls_default_suites(os);
  const char *best = NULL;
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
          !os_supports_all(row, w->sz))
        continue;
      for (c = w->sz; *c; c++)
        n += *c == ',';
      if (n > most) {
        most = n;
        best = p->name;
      }
    }
  }
  return best;
}

void cr_gpo_protocol_fix(char *out, size_t size, const char *proto_key,
                         int role, int enabled)
{
  char name[64];
  size_t n = 0;
  const char *c;
  n = (size_t)snprintf(name, sizeof name, "Protocol_");
  for (c = proto_key; c && *c && n + 1 < sizeof name; c++)
    if (*c != ' ' && *c != '.')
      name[n++] = *c;
  name[n] = '\0';
  snprintf(name + n, sizeof name - n, "_%s", role ? "Server" : "Client");
  if (size)
    out[0] = '\0';
  if (find_policy(name, strlen(name)))
    snprintf(out, size, GPO_PREFIX "%s: %s", name,
             enabled ? "Enabled" : "Disabled");
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

typedef struct gpo_choice {
  const cr_gpo_policy *policy;
  int enabled;
  uint32_t decimal;
  char item[128];
} gpo_choice;

/* Parses one "ConnReset/<policy>: Enabled[, <value>]" / ": Disabled". */
static int parse_choice(gpo_choice *c, const char *s, size_t len)
{
  const char *colon, *end = s + len, *v;
  size_t plen = strlen(GPO_PREFIX);
  memset(c, 0, sizeof *c);
  while (s < end && *s == ' ')
    s++;
  if ((size_t)(end - s) <= plen || cr_strnicmp(s, GPO_PREFIX, plen) != 0)
    return 0; /* free text, not one of our policies */
  s += plen;
  if (!(colon = memchr(s, ':', (size_t)(end - s))))
    return 0;
  if (!(c->policy = find_policy(s, (size_t)(colon - s))))
    return cr_error_set(CR_ERROR, "a finding names an unknown policy "
                        "'%.*s'", (int)(colon - s), s);
  v = colon + 1;
  while (v < end && *v == ' ')
    v++;
  if ((size_t)(end - v) >= 8 && cr_strnicmp(v, "Disabled", 8) == 0)
    return 1;
  if ((size_t)(end - v) < 7 || cr_strnicmp(v, "Enabled", 7) != 0)
    return cr_error_set(CR_ERROR, "a finding's policy '%s' has no state",
                        c->policy->name);
  c->enabled = 1;
  v += 7;
  if (v < end && *v == ',') {
    v++;
    while (v < end && *v == ' ')
      v++;
    if (c->policy->element == CR_GPO_ELEMENT_DECIMAL)
      c->decimal = (uint32_t)strtoul(v, NULL, 10);
    else
      snprintf(c->item, sizeof c->item, "%.*s", (int)(end - v), v);
  }
  return 1;
}

int cr_gpo_report_policy(cr_regpol **out, const cr_report *report)
{
  gpo_choice *chosen = NULL;
  size_t nchosen = 0, i, j;
  cr_regpol *pol = NULL;
  int rc = CR_OK;
  if (!out || !report)
    return cr_error_set(CR_EINVAL, "cr_gpo_report_policy: bad argument");
  *out = NULL;
  /* Findings are ranked, so when two findings ask for the same policy the
   * more severe one's setting is kept. */
  for (i = 0; rc >= 0 && i < report->nfindings; i++) {
    const char *s = report->findings[i]->fix_gpo;
    while (rc >= 0 && s && *s) {
      const char *semi = strchr(s, ';');
      size_t len = semi ? (size_t)(semi - s) : strlen(s);
      gpo_choice c;
      int got = parse_choice(&c, s, len);
      if (got < 0) {
        rc = got;
        break;
      }
      for (j = 0; got && j < nchosen; j++)
        if (chosen[j].policy == c.policy)
          got = 0;
      if (got) {
        gpo_choice *p = cr_realloc_array(chosen, nchosen + 1, sizeof *p);
        if (!p) {
          rc = cr_error_oom();
          break;
        }
        chosen = p;
        chosen[nchosen++] = c;
      }
      s = semi ? semi + 1 : NULL;
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

/* ---------------------------------------------------------------- */
/* What-if.                                                         */
/* ---------------------------------------------------------------- */

typedef struct wi_side {
  cr_outcome outcome;
  char *finding;      /* the match's first finding id, or NULL */
  char *title;
} wi_side;

typedef struct wi_pair {
  char *client, *server;
  wi_side before, after;
} wi_pair;

typedef struct wi_finding {
  char *id, *title;
  cr_severity severity;
} wi_finding;

typedef struct wi_machine {
  char *name;
  const char *role;   /* "client" or "server" */
  bool applied;
  wi_finding *added, *removed;
  size_t nadded, nremoved;
} wi_machine;

struct cr_gpo_whatif {
  size_t entries;
  cr_gpo_apply_to apply_to;
  wi_pair *pairs;
  size_t npairs;
  wi_machine *machines;
  size_t nmachines;
  size_t broken, fixed;
};

static void side_dispose(wi_side *s)
{
  free(s->finding);
  free(s->title);
}

void cr_gpo_whatif_free(cr_gpo_whatif *w)
{
  size_t i, k;
  if (!w)
    return;
  for (i = 0; i < w->npairs; i++) {
    free(w->pairs[i].client);
    free(w->pairs[i].server);
    side_dispose(&w->pairs[i].before);
    side_dispose(&w->pairs[i].after);
  }
  free(w->pairs);
  for (i = 0; i < w->nmachines; i++) {
    wi_machine *m = &w->machines[i];
    for (k = 0; k < m->nadded; k++) {
      free(m->added[k].id);
      free(m->added[k].title);
    }
    for (k = 0; k < m->nremoved; k++) {
      free(m->removed[k].id);
      free(m->removed[k].title);
    }
    free(m->added);
    free(m->removed);
    free(m->name);
  }
  free(w->machines);
  free(w);
}

size_t cr_gpo_whatif_broken_count(const cr_gpo_whatif *w)
{
  return w ? w->broken : 0;
}

size_t cr_gpo_whatif_fixed_count(const cr_gpo_whatif *w)
{
  return w ? w->fixed : 0;
}

/* A copy of `src` with the policy applied. The copy borrows src's
 * attached ERRORLOGs (so the certificate check sees the same logs);
 * release it with copy_free. */
static int copy_with_policy(cr_snapshot **out, const cr_snapshot *src,
                            const cr_regpol *pol)
{
  cr_snapshot *s;
  size_t i;
  int rc;
  *out = NULL;
  if ((rc = cr_snapshot_new(&s)) < 0)
    return rc;
  for (i = 0; rc >= 0 && i < src->root.nchildren; i++)
    rc = cr_snap_copy_subtree(s, src, src->root.children[i]->name);
  for (i = 0; rc >= 0 && i < src->nsources; i++)
    rc = cr_snap_add_source(s, src->sources[i]);
  s->live = src->live;
  if (rc >= 0 && src->declared_os &&
      !(s->declared_os = cr_strdup(src->declared_os)))
    rc = cr_error_oom();
  s->errorlogs = src->errorlogs;
  s->nerrorlogs = src->nerrorlogs;
  if (rc >= 0)
    rc = cr_snapshot_apply_regpol(s, pol);
  if (rc < 0) {
    s->errorlogs = NULL;
    s->nerrorlogs = 0;
    cr_snapshot_free(s);
    return rc;
  }
  *out = s;
  return CR_OK;
}

static void copy_free(cr_snapshot *s)
{
  if (!s)
    return;
  s->errorlogs = NULL;
  s->nerrorlogs = 0;
  cr_snapshot_free(s);
}

/* Worse is further down: connects, intermittent, fails. A move to or from
 * intermittent is a change (issue 13.2); one to or from undetermined is
 * reported as such, neither broken nor fixed. */
static int outcome_rank(cr_outcome o)
{
  return o == CR_OUTCOME_CONNECTS ? 0 : o == CR_OUTCOME_INTERMITTENT ? 1 : 2;
}

static const char *pair_change(const wi_pair *p)
{
  cr_outcome a = p->before.outcome, b = p->after.outcome;
  if (a == b)
    return "unchanged";
  if (a == CR_OUTCOME_UNDETERMINED || b == CR_OUTCOME_UNDETERMINED)
    return "undetermined";
  return outcome_rank(b) > outcome_rank(a) ? "broken" : "fixed";
}

static int side_from_match(wi_side *s, const cr_match *m)
{
  const cr_finding *f = cr_match_finding(m, 0);
  s->outcome = cr_match_outcome(m);
  if (f && (s->outcome == CR_OUTCOME_FAILS ||
            s->outcome == CR_OUTCOME_INTERMITTENT)) {
    s->finding = cr_strdup(f->id);
    s->title = cr_strdup(f->title);
    if (!s->finding || !s->title)
      return cr_error_oom();
  }
  return CR_OK;
}

static bool report_has(const cr_report *r, const cr_finding *f)
{
  size_t i;
  for (i = 0; i < r->nfindings; i++)
    if (strcmp(r->findings[i]->id, f->id) == 0 &&
        strcmp(r->findings[i]->title, f->title) == 0)
      return true;
  return false;
}

/* Findings of `a` missing from `b`, appended to list/n. */
static int diff_findings(wi_finding **list, size_t *n, const cr_report *a,
                         const cr_report *b)
{
  size_t i;
  for (i = 0; i < a->nfindings; i++) {
    const cr_finding *f = a->findings[i];
    wi_finding *p;
    if (report_has(b, f))
      continue;
    if (!(p = cr_realloc_array(*list, *n + 1, sizeof *p)))
      return cr_error_oom();
    *list = p;
    p[*n].id = cr_strdup(f->id);
    p[*n].title = cr_strdup(f->title);
    p[*n].severity = f->severity;
    (*n)++;
    if (!p[*n - 1].id || !p[*n - 1].title)
      return cr_error_oom();
  }
  return CR_OK;
}

/* One machine: its machine before and, when the policy reaches it, after
 * (*after stays NULL otherwise: the pairs use `before` for both), and the
 * findings that the policy adds or removes. */
static int whatif_machine(cr_gpo_whatif *w, cr_machine **before,
                          cr_machine **after, const cr_snapshot *snap,
                          const cr_regpol *pol, const char *role,
                          bool apply)
{
  cr_snapshot *copy = NULL;
  cr_report *rb = NULL, *ra = NULL;
  wi_machine *m, *p;
  int rc;
  if (!(p = cr_realloc_array(w->machines, w->nmachines + 1, sizeof *p)))
    return cr_error_oom();
  w->machines = p;
  m = &w->machines[w->nmachines++];
  memset(m, 0, sizeof *m);
  m->role = role;
  m->applied = apply;
  if ((rc = cr_machine_open(before, snap)) < 0)
    return rc;
  if (!(m->name = cr_strdup(cr_machine_name(*before))))
    return cr_error_oom();
  if (!apply)
    return CR_OK;
  if ((rc = copy_with_policy(&copy, snap, pol)) < 0)
    return rc;
  rc = cr_machine_open(after, copy);
  if (rc >= 0)
    rc = cr_diagnose(&rb, snap);
  if (rc >= 0)
    rc = cr_diagnose(&ra, copy);
  if (rc >= 0)
    rc = diff_findings(&m->added, &m->nadded, ra, rb);
  if (rc >= 0)
    rc = diff_findings(&m->removed, &m->nremoved, rb, ra);
  cr_report_free(rb);
  cr_report_free(ra);
  copy_free(copy);
  return rc;
}

int cr_gpo_whatif_run(cr_gpo_whatif **out, const cr_regpol *pol,
                      const cr_snapshot *const *clients, size_t nclients,
                      const cr_snapshot *const *servers, size_t nservers,
                      cr_gpo_apply_to apply_to)
{
  cr_gpo_whatif *w;
  cr_machine **mb = NULL, **ma = NULL;
  size_t n = nclients + nservers, i, c, s;
  int rc = CR_OK;
  if (!out || !pol || (nclients && !clients) || (nservers && !servers) ||
      apply_to < CR_GPO_APPLY_CLIENTS || apply_to > CR_GPO_APPLY_BOTH)
    return cr_error_set(CR_EINVAL, "cr_gpo_whatif_run: bad argument");
  *out = NULL;
  if (!(w = cr_calloc(1, sizeof *w)))
    return cr_error_oom();
  w->entries = cr_regpol_count(pol);
  w->apply_to = apply_to;
  mb = cr_calloc(n ? n : 1, sizeof *mb);
  ma = cr_calloc(n ? n : 1, sizeof *ma);
  if (!mb || !ma)
    rc = cr_error_oom();
  for (i = 0; rc >= 0 && i < n; i++) {
    bool is_client = i < nclients;
    const cr_snapshot *snap = is_client ? clients[i] : servers[i - nclients];
    bool apply = (apply_to & (is_client ? CR_GPO_APPLY_CLIENTS
                                        : CR_GPO_APPLY_SERVERS)) != 0;
    if (!snap)
      rc = cr_error_set(CR_EINVAL, "cr_gpo_whatif_run: a snapshot is NULL");
    else
      rc = whatif_machine(w, &mb[i], &ma[i], snap, pol,
                          is_client ? "client" : "server", apply);
  }
  if (rc >= 0 && nclients && nservers &&
      !(w->pairs = cr_calloc(nclients * nservers, sizeof *w->pairs)))
    rc = cr_error_oom();
  for (c = 0; rc >= 0 && c < nclients; c++) {
    for (s = 0; rc >= 0 && s < nservers; s++) {
      wi_pair *p = &w->pairs[w->npairs++];
      const cr_machine *ca = ma[c] ? ma[c] : mb[c];
      const cr_machine *sa = ma[nclients + s] ? ma[nclients + s]
                                              : mb[nclients + s];
      cr_match *m = NULL;
      p->client = cr_strdup(cr_machine_name(mb[c]));
      p->server = cr_strdup(cr_machine_name(mb[nclients + s]));
      if (!p->client || !p->server) {
        rc = cr_error_oom();
        break;
      }
      if ((rc = cr_tls_match_machines(&m, mb[c], mb[nclients + s], NULL)) >= 0)
        rc = side_from_match(&p->before, m);
      cr_match_free(m);
      m = NULL;
      if (rc >= 0 &&
          (rc = cr_tls_match_machines(&m, ca, sa, NULL)) >= 0)
        rc = side_from_match(&p->after, m);
      cr_match_free(m);
      if (rc >= 0 && !strcmp(pair_change(p), "broken"))
        w->broken++;
      if (rc >= 0 && !strcmp(pair_change(p), "fixed"))
        w->fixed++;
    }
  }
  for (i = 0; i < n; i++) {
    if (mb)
      cr_machine_free(mb[i]);
    if (ma)
      cr_machine_free(ma[i]);
  }
  free(mb);
  free(ma);
  if (rc < 0) {
    cr_gpo_whatif_free(w);
    return rc;
  }
  *out = w;
  return CR_OK;
}


static const char *apply_to_name(cr_gpo_apply_to a)
{
  return a == CR_GPO_APPLY_CLIENTS ? "clients"
       : a == CR_GPO_APPLY_SERVERS ? "servers" : "both";
}

static void side_json(cr_json *j, const char *name, const wi_side *s)
{
  cr_json_obj(j, name);
  cr_json_str(j, "outcome", cr_outcome_name(s->outcome));
  if (s->outcome == CR_OUTCOME_UNDETERMINED)
    cr_json_null(j, "canConnect");
  else
    cr_json_bool(j, "canConnect", s->outcome != CR_OUTCOME_FAILS);
  cr_json_str(j, "finding", s->finding);
  cr_json_str(j, "title", s->title);
  cr_json_obj_end(j);
}

static void findings_json(cr_json *j, const char *name, const wi_finding *f,
                          size_t n)
{
  size_t i;
  cr_json_arr(j, name);
  for (i = 0; i < n; i++) {
    cr_json_obj(j, NULL);
    cr_json_str(j, "id", f[i].id);
    cr_json_str(j, "severity", cr_severity_name(f[i].severity));
    cr_json_str(j, "title", f[i].title);
    cr_json_obj_end(j);
  }
  cr_json_arr_end(j);
}

int cr_gpo_whatif_to_json(char **out, const cr_gpo_whatif *w)
{
  cr_buf b = CR_BUF_INIT;
  cr_json j;
  size_t i;
  if (!out || !w)
    return cr_error_set(CR_EINVAL, "cr_gpo_whatif_to_json: bad argument");
  *out = NULL;
  cr_json_init(&j, &b);
  cr_json_obj(&j, NULL);
  cr_json_str(&j, "schema", "connreset.gpo-whatif/1");
  cr_json_int(&j, "policyEntries", (int64_t)w->entries);
  cr_json_str(&j, "applyTo", apply_to_name(w->apply_to));
  cr_json_int(&j, "broken", (int64_t)w->broken);
  cr_json_int(&j, "fixed", (int64_t)w->fixed);
  cr_json_arr(&j, "pairs");
  for (i = 0; i < w->npairs; i++) {
    const wi_pair *p = &w->pairs[i];
    cr_json_obj(&j, NULL);
    cr_json_str(&j, "client", p->client);
    cr_json_str(&j, "server", p->server);
    cr_json_str(&j, "change", pair_change(p));
    side_json(&j, "before", &p->before);
    side_json(&j, "after", &p->after);
    cr_json_obj_end(&j);
  }
  cr_json_arr_end(&j);
  cr_json_arr(&j, "machines");
  for (i = 0; i < w->nmachines; i++) {
    const wi_machine *m = &w->machines[i];
    cr_json_obj(&j, NULL);
    cr_json_str(&j, "name", m->name);
    cr_json_str(&j, "role", m->role);
    cr_json_bool(&j, "policyApplied", m->applied);
    findings_json(&j, "added", m->added, m->nadded);
    findings_json(&j, "removed", m->removed, m->nremoved);
    cr_json_obj_end(&j);
  }
  cr_json_arr_end(&j);
  cr_json_obj_end(&j);
  return cr_json_finish(out, &b);
}

static void pairs_text(cr_buf *b, const cr_gpo_whatif *w, const char *which,
                       const char *heading)
{
  size_t i, n = 0;
  for (i = 0; i < w->npairs; i++)
    if (!strcmp(pair_change(&w->pairs[i]), which))
      n++;
  if (!n && !strcmp(which, "undetermined"))
    return; /* rare: said only when it happens */
  cr_buf_printf(b, "%s: %zu\n", heading, n);
  for (i = 0; i < w->npairs; i++) {
    const wi_pair *p = &w->pairs[i];
    const wi_side *s = !strcmp(which, "fixed") ? &p->before : &p->after;
    if (strcmp(pair_change(p), which))
      continue;
    cr_buf_printf(b, "  %s -> %s: %s -> %s", p->client, p->server,
                  cr_outcome_name(p->before.outcome),
                  cr_outcome_name(p->after.outcome));
    if (s->finding)
      cr_buf_printf(b, ": %s %s", s->finding, s->title);
    cr_buf_putc(b, '\n');
  }
}

int cr_gpo_whatif_to_text(char **out, const cr_gpo_whatif *w)
{
  cr_buf b = CR_BUF_INIT;
  size_t i, k, unchanged = 0;
  int rc;
  if (!out || !w)
    return cr_error_set(CR_EINVAL, "cr_gpo_whatif_to_text: bad argument");
  *out = NULL;
  cr_buf_printf(&b, "What-if: %zu policy entries applied to %s.\n\n",
                w->entries, apply_to_name(w->apply_to));
  pairs_text(&b, w, "broken", "Pairs the policy makes worse (connects -> "
             "intermittent or fails, intermittent -> fails)");
  pairs_text(&b, w, "fixed", "Pairs the policy mends (fails -> intermittent "
             "or connects, intermittent -> connects)");
  pairs_text(&b, w, "undetermined", "Pairs whose outcome is undetermined "
             "before or after, and changes");
  for (i = 0; i < w->npairs; i++)
    if (!strcmp(pair_change(&w->pairs[i]), "unchanged"))
      unchanged++;
  cr_buf_printf(&b, "Pairs unchanged: %zu\n", unchanged);
  cr_buf_puts(&b, "\nFindings per machine:\n");
  for (i = 0; i < w->nmachines; i++) {
    const wi_machine *m = &w->machines[i];
    cr_buf_printf(&b, "  %s (%s)%s", m->name, m->role,
                  m->applied ? "" : ": policy not applied\n");
    if (!m->applied)
      continue;
    if (!m->nadded && !m->nremoved)
      cr_buf_puts(&b, ": no change");
    cr_buf_putc(&b, '\n');
    for (k = 0; k < m->nadded; k++)
      cr_buf_printf(&b, "    + %s %s: %s\n", m->added[k].id,
                    cr_severity_name(m->added[k].severity),
                    m->added[k].title);
    for (k = 0; k < m->nremoved; k++)
      cr_buf_printf(&b, "    - %s %s: %s\n", m->removed[k].id,
                    cr_severity_name(m->removed[k].severity),
                    m->removed[k].title);
  }
  if ((rc = cr_buf_status(&b)) < 0) {
    cr_buf_dispose(&b);
    return rc;
  }
  *out = cr_buf_detach(&b, NULL);
  return CR_OK;
}
