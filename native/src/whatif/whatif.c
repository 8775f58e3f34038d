/*
 * whatif.c - what a Group Policy would do to a fleet: the policy applied
 * to copies of the snapshots it reaches, then the checks and the
 * client-server match run before and after. It sits above both the match
 * (tls/match.c) and the Group Policy layer (gpo/), which never call each
 * other.
 */
#include "../core/common.h"
#include "../core/json.h"
#include "../core/snapshot.h"
#include "../checks/report.h"
#include "../gpo/regpol.h"
#include "../tls/match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- */
/* What-if.                                                         */
/* ---------------------------------------------------------------- */

typedef struct wi_side {
  int can;            /* can connect */
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

static int side_from_match(wi_side *s, const cr_match *m)
{
  const cr_finding *f = cr_match_finding(m, 0);
  s->can = cr_match_can_connect(m);
  if (f && !s->can) {
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
    rc = cr_checks_run(&rb, snap, NULL);
  if (rc >= 0)
    rc = cr_checks_run(&ra, copy, NULL);
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
      if ((rc = cr_match_run(&m, mb[c], mb[nclients + s], NULL)) >= 0)
        rc = side_from_match(&p->before, m);
      cr_match_free(m);
      m = NULL;
      if (rc >= 0 &&
          (rc = cr_match_run(&m, ca, sa, NULL)) >= 0)
        rc = side_from_match(&p->after, m);
      cr_match_free(m);
      if (rc >= 0 && p->before.can && !p->after.can)
        w->broken++;
      if (rc >= 0 && !p->before.can && p->after.can)
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

static const char *pair_change(const wi_pair *p)
{
  if (p->before.can && !p->after.can)
    return "broken";
  if (!p->before.can && p->after.can)
    return "fixed";
  return "unchanged";
}

static const char *apply_to_name(cr_gpo_apply_to a)
{
  return a == CR_GPO_APPLY_CLIENTS ? "clients"
       : a == CR_GPO_APPLY_SERVERS ? "servers" : "both";
}

static void side_json(cr_json *j, const char *name, const wi_side *s)
{
  cr_json_obj(j, name);
  cr_json_bool(j, "canConnect", s->can != 0);
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
  cr_buf_printf(b, "%s: %zu\n", heading, n);
  for (i = 0; i < w->npairs; i++) {
    const wi_pair *p = &w->pairs[i];
    const wi_side *s = p->after.can ? &p->before : &p->after;
    if (strcmp(pair_change(p), which))
      continue;
    cr_buf_printf(b, "  %s -> %s", p->client, p->server);
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
  pairs_text(&b, w, "broken", "Pairs that connect now and would not after "
             "the policy");
  pairs_text(&b, w, "fixed", "Pairs that cannot connect now and would after");
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
