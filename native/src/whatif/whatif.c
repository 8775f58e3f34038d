/*
 * whatif.c - what a Group Policy would do to a set of clients and
 * servers, on the fleet's classes (fleet/): the policy is applied to a
 * copy of each machine it reaches, every machine goes into its class as it
 * is and as the policy leaves it, and the match runs once per class pair.
 * A pair is broken when its outcome gets worse (connects to intermittent
 * or fails, intermittent to fails) and fixed when it gets better; a move
 * to or from undetermined is reported as such, neither. It sits
 * above both the match (tls/match.c) and the Group Policy layer (gpo/),
 * which never call each other.
 *
 * The report is grouped by class pair; with detail (the default of the
 * API, `gpo whatif --detail` on the command line) it also lists every
 * machine pair and every machine's findings.
 */
#include "../core/common.h"
#include "../core/json.h"
#include "../fleet/fleet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cr_gpo_whatif {
  cr_fleet *fleet;
  size_t nclients, nservers;  /* machines 0..nclients-1 are the clients */
  uint64_t broken, fixed;
  int detail;
};

void cr_gpo_whatif_free(cr_gpo_whatif *w)
{
  if (!w)
    return;
  cr_fleet_free(w->fleet);
  free(w);
}

size_t cr_gpo_whatif_broken_count(const cr_gpo_whatif *w)
{
  return w ? (size_t)w->broken : 0;
}

size_t cr_gpo_whatif_fixed_count(const cr_gpo_whatif *w)
{
  return w ? (size_t)w->fixed : 0;
}

void cr_gpo_whatif_set_detail(cr_gpo_whatif *w, int detail)
{
  if (w)
    w->detail = detail != 0;
}

int cr_gpo_whatif_run(cr_gpo_whatif **out, const cr_regpol *pol,
                      const cr_snapshot *const *clients, size_t nclients,
                      const cr_snapshot *const *servers, size_t nservers,
                      cr_gpo_apply_to apply_to)
{
  cr_fleet_options fo = CR_FLEET_OPTIONS_INIT;
  cr_gpo_whatif *w;
  size_t i;
  int rc;
  if (!out || !pol || (nclients && !clients) || (nservers && !servers) ||
      apply_to < CR_GPO_APPLY_CLIENTS || apply_to > CR_GPO_APPLY_BOTH)
    return cr_error_set(CR_EINVAL, "cr_gpo_whatif_run: bad argument");
  *out = NULL;
  for (i = 0; i < nclients + nservers; i++)
    if (!(i < nclients ? clients[i] : servers[i - nclients]))
      return cr_error_set(CR_EINVAL, "cr_gpo_whatif_run: a snapshot is NULL");
  if (!(w = cr_calloc(1, sizeof *w)))
    return cr_error_oom();
  w->nclients = nclients;
  w->nservers = nservers;
  w->detail = 1;
  if ((rc = cr_fleet_new(&w->fleet, &fo)) >= 0)
    rc = cr_fleet_set_policy(w->fleet, pol, apply_to);
  for (i = 0; rc >= 0 && i < nclients + nservers; i++)
    rc = i < nclients
           ? cr_fleet_add_snapshot(w->fleet, clients[i], NULL,
                                   CR_FLEET_ROLE_CLIENT)
           : cr_fleet_add_snapshot(w->fleet, servers[i - nclients], NULL,
                                   CR_FLEET_ROLE_SERVER);
  if (rc >= 0)
    rc = cr_fleet_run(w->fleet);
  if (rc >= 0)
    rc = cr_fleet_policy_changes(&w->broken, &w->fixed, w->fleet);
  if (rc < 0) {
    cr_gpo_whatif_free(w);
    return rc;
  }
  *out = w;
  return CR_OK;
}

/* ---------------------------------------------------------------- */
/* Rendering.                                                       */
/* ---------------------------------------------------------------- */

static const char *apply_to_name(int a)
{
  return a == CR_GPO_APPLY_CLIENTS ? "clients"
       : a == CR_GPO_APPLY_SERVERS ? "servers" : "both";
}

/* Client c with server s, as it is and with the policy. */
static void pair_matches(const cr_gpo_whatif *w, size_t c, size_t s,
                         const cr_match **before, const cr_match **after)
{
  *before = cr_fleet_pair_match(w->fleet, c, w->nclients + s, false);
  *after = cr_fleet_pair_match(w->fleet, c, w->nclients + s, true);
}

/* The pair finding that says why, when it fails or is intermittent. */
static const cr_finding *why(const cr_match *m)
{
  cr_outcome o = cr_match_outcome(m);
  return o == CR_OUTCOME_FAILS || o == CR_OUTCOME_INTERMITTENT
           ? cr_match_finding(m, 0) : NULL;
}

static void side_json(cr_json *j, const char *name, const cr_match *m)
{
  const cr_finding *f = why(m);
  cr_outcome o = cr_match_outcome(m);
  cr_json_obj(j, name);
  cr_json_str(j, "outcome", cr_outcome_name(o));
  if (o == CR_OUTCOME_UNDETERMINED)
    cr_json_null(j, "canConnect");
  else
    cr_json_bool(j, "canConnect", o != CR_OUTCOME_FAILS);
  cr_json_str(j, "finding", f ? f->id : NULL);
  cr_json_str(j, "title", f ? f->title : NULL);
  cr_json_obj_end(j);
}

static bool has(const uint32_t *v, uint32_t n, uint32_t k)
{
  uint32_t i;
  for (i = 0; i < n; i++)
    if (v[i] == k)
      return true;
  return false;
}

/* The kinds of `a` missing from `b`. */
static void kinds_diff_json(cr_json *j, const char *name, const cr_fleet *f,
                            const uint32_t *a, uint32_t na, const uint32_t *b,
                            uint32_t nb)
{
  uint32_t i;
  cr_json_arr(j, name);
  for (i = 0; i < na; i++) {
    const fl_kind *k = &f->kinds[a[i]];
    if (has(b, nb, a[i]))
      continue;
    cr_json_obj(j, NULL);
    cr_json_str(j, "id", k->id);
    cr_json_str(j, "severity", cr_severity_name(k->severity));
    cr_json_str(j, "title", k->title);
    cr_json_obj_end(j);
  }
  cr_json_arr_end(j);
}

int cr_gpo_whatif_to_json(char **out, const cr_gpo_whatif *w)
{
  const cr_fleet *f;
  cr_buf b = CR_BUF_INIT;
  fl_groups g;
  cr_json j;
  size_t c, s, i;
  int rc;
  if (!out || !w)
    return cr_error_set(CR_EINVAL, "cr_gpo_whatif_to_json: bad argument");
  *out = NULL;
  f = w->fleet;
  if ((rc = cr_fleet_groups(&g, f)) < 0)
    return rc;
  cr_json_init(&j, &b);
  cr_json_obj(&j, NULL);
  cr_json_str(&j, "schema", "connreset.gpo-whatif/1");
  cr_fleet_policy_json(&j, f, &g);
  cr_json_int(&j, "pairCount", (int64_t)f->judged);
  cr_json_arr(&j, "classes");
  for (i = 0; i < f->nclasses; i++) {
    const fl_class *cl = &f->classes[f->order[i]];
    cr_buf sum = CR_BUF_INIT;
    char id[16];
    cr_fleet_class_summary(&sum, cl);
    snprintf(id, sizeof id, "C%u", cl->label);
    cr_json_obj(&j, NULL);
    cr_json_str(&j, "id", id);
    cr_json_int(&j, "machineCount", (int64_t)cl->members);
    cr_json_str(&j, "summary", sum.ptr);
    cr_json_obj_end(&j);
    cr_buf_dispose(&sum);
  }
  cr_json_arr_end(&j);
  if (w->detail) {
    cr_json_arr(&j, "pairs");
    for (c = 0; c < w->nclients; c++)
      for (s = 0; s < w->nservers; s++) {
        const cr_match *mb, *ma;
        pair_matches(w, c, s, &mb, &ma);
        if (!mb || !ma)
          continue;
        cr_json_obj(&j, NULL);
        cr_json_str(&j, "client", f->machines[c].name);
        cr_json_str(&j, "server", f->machines[w->nclients + s].name);
        cr_json_str(&j, "change", cr_fleet_change_name(cr_match_outcome(mb),
                                                       cr_match_outcome(ma)));
        side_json(&j, "before", mb);
        side_json(&j, "after", ma);
        cr_json_obj_end(&j);
      }
    cr_json_arr_end(&j);
    cr_json_arr(&j, "machines");
    for (i = 0; i < f->nmachines; i++) {
      const fl_machine *m = &f->machines[i];
      bool reached = cr_fleet_reached(f, i);
      cr_json_obj(&j, NULL);
      cr_json_str(&j, "name", m->name);
      cr_json_str(&j, "role", i < w->nclients ? "client" : "server");
      cr_json_bool(&j, "policyApplied", reached);
      kinds_diff_json(&j, "added", f, m->akinds, reached ? m->nakinds : 0,
                      m->kinds, m->nkinds);
      kinds_diff_json(&j, "removed", f, m->kinds, reached ? m->nkinds : 0,
                      m->akinds, m->nakinds);
      cr_json_obj_end(&j);
    }
    cr_json_arr_end(&j);
  }
  cr_json_obj_end(&j);
  cr_fleet_groups_dispose(&g);
  return cr_json_finish(out, &b);
}

static void pairs_text(cr_buf *b, const cr_gpo_whatif *w, const char *which,
                       const char *heading)
{
  const cr_fleet *f = w->fleet;
  size_t c, s, n = 0;
  int pass;
  for (pass = 0; pass < 2; pass++) {
    if (pass && !n && !strcmp(which, "undetermined"))
      return; /* rare: said only when it happens */
    if (pass)
      cr_buf_printf(b, "%s: %zu\n", heading, n);
    for (c = 0; c < w->nclients; c++)
      for (s = 0; s < w->nservers; s++) {
        const cr_match *mb, *ma;
        const cr_finding *fd;
        cr_outcome ob, oa;
        pair_matches(w, c, s, &mb, &ma);
        if (!mb || !ma)
          continue;
        ob = cr_match_outcome(mb);
        oa = cr_match_outcome(ma);
        if (strcmp(cr_fleet_change_name(ob, oa), which))
          continue;
        if (!pass) {
          n++;
          continue;
        }
        if (!strcmp(which, "unchanged"))
          continue; /* counted, not listed */
        fd = why(!strcmp(which, "fixed") ? mb : ma);
        cr_buf_printf(b, "  %s -> %s: %s -> %s", f->machines[c].name,
                      f->machines[w->nclients + s].name, cr_outcome_name(ob),
                      cr_outcome_name(oa));
        if (fd)
          cr_buf_printf(b, ": %s %s", fd->id, fd->title);
        cr_buf_putc(b, '\n');
      }
  }
}

static void kinds_diff_text(cr_buf *b, const cr_fleet *f, char sign,
                            const uint32_t *a, uint32_t na, const uint32_t *x,
                            uint32_t nx)
{
  uint32_t i;
  for (i = 0; i < na; i++)
    if (!has(x, nx, a[i]))
      cr_buf_printf(b, "    %c %s %s: %s\n", sign, f->kinds[a[i]].id,
                    cr_severity_name(f->kinds[a[i]].severity),
                    f->kinds[a[i]].title);
}

int cr_gpo_whatif_to_text(char **out, const cr_gpo_whatif *w)
{
  const cr_fleet *f;
  cr_buf b = CR_BUF_INIT, fleet_text = CR_BUF_INIT;
  size_t i;
  int rc;
  if (!out || !w)
    return cr_error_set(CR_EINVAL, "cr_gpo_whatif_to_text: bad argument");
  *out = NULL;
  f = w->fleet;
  cr_buf_printf(&b, "What-if: %zu policy entries applied to %s: %zu clients "
                "x %zu servers, %llu pairs; %llu would break, %llu would be "
                "fixed.\n", cr_regpol_count(f->policy),
                apply_to_name(f->apply_to), w->nclients, w->nservers,
                (unsigned long long)f->judged, (unsigned long long)w->broken,
                (unsigned long long)w->fixed);
  /* The grouped report: the fleet's, policy section included. */
  if ((rc = cr_fleet_render_text(&fleet_text, f)) < 0) {
    cr_buf_dispose(&b);
    cr_buf_dispose(&fleet_text);
    return rc;
  }
  cr_buf_putc(&b, '\n');
  cr_buf_put(&b, fleet_text.ptr, fleet_text.len);
  cr_buf_dispose(&fleet_text);
  if (w->detail) {
    cr_buf_puts(&b, "\nEvery pair:\n");
    pairs_text(&b, w, "broken", "Pairs the policy makes worse (connects -> "
               "intermittent or fails, intermittent -> fails)");
    pairs_text(&b, w, "fixed", "Pairs the policy mends (fails -> "
               "intermittent or connects, intermittent -> connects)");
    pairs_text(&b, w, "undetermined", "Pairs whose outcome is undetermined "
               "before or after, and changes");
    pairs_text(&b, w, "unchanged", "Pairs unchanged");
    cr_buf_puts(&b, "\nFindings per machine:\n");
    for (i = 0; i < f->nmachines; i++) {
      const fl_machine *m = &f->machines[i];
      bool reached = cr_fleet_reached(f, i);
      bool same = reached && m->nkinds == m->nakinds;
      uint32_t k;
      for (k = 0; same && k < m->nkinds; k++)
        same = has(m->akinds, m->nakinds, m->kinds[k]);
      cr_buf_printf(&b, "  %s (%s)%s\n", m->name,
                    i < w->nclients ? "client" : "server",
                    !reached ? ": policy not applied" : same ? ": no change"
                                                             : "");
      if (!reached || same)
        continue;
      kinds_diff_text(&b, f, '+', m->akinds, m->nakinds, m->kinds, m->nkinds);
      kinds_diff_text(&b, f, '-', m->kinds, m->nkinds, m->akinds, m->nakinds);
    }
  } else {
    cr_buf_puts(&b, "\n(--detail lists every pair and every machine.)\n");
  }
  if ((rc = cr_buf_status(&b)) < 0) {
    cr_buf_dispose(&b);
    return rc;
  }
  *out = cr_buf_detach(&b, NULL);
  return CR_OK;
}
