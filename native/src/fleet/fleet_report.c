/*
 * fleet_report.c - a judged fleet as text and as JSON
 * ("connreset.fleet/1"): the pairs by client class x server class with
 * their counts and verdicts, the classes with their members, and the
 * machines' findings summed per finding id.
 */
#include "fleet.h"

#include "../core/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- */
/* Arranging the fleet.                                             */
/* ---------------------------------------------------------------- */

typedef struct cell_rank {
  int outcome;               /* cr_fleet_rank */
  uint64_t pairs;
  unsigned client, server;
  uint32_t cell;
} cell_rank;

static int cell_order(const void *a, const void *b)
{
  const cell_rank *x = a, *y = b;
  if (x->outcome != y->outcome)
    return x->outcome > y->outcome ? -1 : 1;
  if (x->pairs != y->pairs)
    return x->pairs > y->pairs ? -1 : 1;
  if (x->client != y->client)
    return x->client < y->client ? -1 : 1;
  return x->server < y->server ? -1 : x->server > y->server;
}

typedef struct kind_rank {
  int severity;
  const char *id, *title, *gpo, *cmdlet;
  uint32_t kind;
} kind_rank;

static int strcmp_null(const char *a, const char *b)
{
  return !a || !b ? (a != NULL) - (b != NULL) : strcmp(a, b);
}

/* Severity, id, title, then the fix, so the order does not depend on which
 * reader met a kind first. */
static int kind_order(const void *a, const void *b)
{
  const kind_rank *x = a, *y = b;
  int c;
  if (x->severity != y->severity)
    return x->severity > y->severity ? -1 : 1;
  if ((c = strcmp(x->id, y->id)) != 0 || (c = strcmp(x->title, y->title)) != 0 ||
      (c = strcmp_null(x->gpo, y->gpo)) != 0)
    return c;
  return strcmp_null(x->cmdlet, y->cmdlet);
}

typedef struct move_rank {
  int change, outcome;       /* change: 3 broken, 2 undetermined, 1 fixed,
                              * 0 none; outcome: cr_fleet_rank after */
  uint64_t pairs;
  uint32_t move;
} move_rank;

static int move_order(const void *a, const void *b)
{
  const move_rank *x = a, *y = b;
  if (x->change != y->change)
    return x->change > y->change ? -1 : 1;
  if (x->outcome != y->outcome)
    return x->outcome > y->outcome ? -1 : 1;
  if (x->pairs != y->pairs)
    return x->pairs > y->pairs ? -1 : 1;
  return x->move < y->move ? -1 : x->move > y->move;
}

static void list_dispose(fl_list *l)
{
  free(l->start);
  free(l->members);
  l->start = NULL;
  l->members = NULL;
}

void cr_fleet_groups_dispose(fl_groups *g)
{
  list_dispose(&g->by_class);
  list_dispose(&g->by_kind);
  list_dispose(&g->added);
  list_dispose(&g->removed);
  free(g->cells);
  free(g->moves);
  free(g->kinds);
  free(g->ids);
  memset(g, 0, sizeof *g);
}

static int id_order(const void *a, const void *b)
{
  const fl_id *x = a, *y = b;
  if (x->worst != y->worst)
    return x->worst > y->worst ? -1 : 1;
  return strcmp(x->id, y->id);
}

/* The finding ids, each with the machines that have it in any kind. */
static int sum_ids(fl_groups *g, const cr_fleet *f)
{
  uint32_t *id_of = cr_calloc(f->nkinds + 1, sizeof *id_of);
  size_t *stamp = NULL, i, k;
  if (!id_of || !(g->ids = cr_calloc(f->nkinds + 1, sizeof *g->ids)))
    goto oom;
  for (i = 0; i < f->nkinds; i++) {
    for (k = 0; k < g->nids && strcmp(g->ids[k].id, f->kinds[i].id); k++)
      ;
    if (k == g->nids) {
      g->ids[k].id = f->kinds[i].id;
      g->ids[k].worst = f->kinds[i].severity;
      g->nids++;
    }
    if (f->kinds[i].severity > g->ids[k].worst)
      g->ids[k].worst = f->kinds[i].severity;
    id_of[i] = (uint32_t)k;
  }
  if (!(stamp = cr_calloc(g->nids + 1, sizeof *stamp)))
    goto oom;
  for (i = 0; i < f->nmachines; i++)
    for (k = 0; k < f->machines[i].nkinds; k++) {
      uint32_t id = id_of[f->machines[i].kinds[k]];
      if (stamp[id] != i + 1) {
        stamp[id] = i + 1;
        g->ids[id].machines++;
      }
    }
  if (g->nids > 1)
    qsort(g->ids, g->nids, sizeof *g->ids, id_order);
  free(id_of);
  free(stamp);
  return CR_OK;
oom:
  free(id_of);
  free(stamp);
  return cr_error_oom();
}

static bool has_kind(const uint32_t *v, uint32_t n, uint32_t k)
{
  uint32_t i;
  for (i = 0; i < n; i++)
    if (v[i] == k)
      return true;
  return false;
}

/* Machines per bucket, in machine order (a counting sort). `bucket`
 * calls emit(bucket) for each bucket machine i falls in. */
typedef struct lister {
  fl_list *l;
  size_t pass;              /* 0 count, 1 place */
  size_t *fill;
  uint32_t machine;
} lister;

static void emit(lister *ls, uint32_t bucket)
{
  if (ls->pass == 0)
    ls->l->start[bucket + 1]++;
  else
    ls->l->members[ls->fill[bucket]++] = ls->machine;
}

enum { LIST_CLASS, LIST_KIND, LIST_ADDED, LIST_REMOVED };

static void buckets(lister *ls, const cr_fleet *f, size_t i, int which)
{
  const fl_machine *m = &f->machines[i];
  uint32_t k;
  ls->machine = (uint32_t)i;
  switch (which) {
  case LIST_CLASS:
    emit(ls, m->cls);
    break;
  case LIST_KIND:
    for (k = 0; k < m->nkinds; k++)
      emit(ls, m->kinds[k]);
    break;
  case LIST_ADDED:
    if (cr_fleet_reached(f, i))
      for (k = 0; k < m->nakinds; k++)
        if (!has_kind(m->kinds, m->nkinds, m->akinds[k]))
          emit(ls, m->akinds[k]);
    break;
  default:
    if (cr_fleet_reached(f, i))
      for (k = 0; k < m->nkinds; k++)
        if (!has_kind(m->akinds, m->nakinds, m->kinds[k]))
          emit(ls, m->kinds[k]);
    break;
  }
}

static int make_list(fl_list *l, const cr_fleet *f, size_t nbuckets, int which)
{
  lister ls;
  size_t i, total;
  memset(&ls, 0, sizeof ls);
  ls.l = l;
  if (!(l->start = cr_calloc(nbuckets + 1, sizeof *l->start)) ||
      !(ls.fill = cr_calloc(nbuckets + 1, sizeof *ls.fill)))
    goto oom;
  for (i = 0; i < f->nmachines; i++)
    buckets(&ls, f, i, which);
  for (i = 0; i < nbuckets; i++)
    l->start[i + 1] += l->start[i];
  total = l->start[nbuckets];
  if (!(l->members = cr_calloc(total + 1, sizeof *l->members)))
    goto oom;
  memcpy(ls.fill, l->start, nbuckets * sizeof *ls.fill);
  ls.pass = 1;
  for (i = 0; i < f->nmachines; i++)
    buckets(&ls, f, i, which);
  free(ls.fill);
  return CR_OK;
oom:
  free(ls.fill);
  list_dispose(l);
  return cr_error_oom();
}

int cr_fleet_groups(fl_groups *g, const cr_fleet *f)
{
  cell_rank *cr = NULL;
  move_rank *mr = NULL;
  kind_rank *kr = NULL;
  size_t i;
  int rc;
  memset(g, 0, sizeof *g);
  if ((rc = make_list(&g->by_class, f, f->nclasses, LIST_CLASS)) < 0 ||
      (rc = make_list(&g->by_kind, f, f->nkinds, LIST_KIND)) < 0 ||
      (rc = make_list(&g->added, f, f->nkinds, LIST_ADDED)) < 0 ||
      (rc = make_list(&g->removed, f, f->nkinds, LIST_REMOVED)) < 0) {
    cr_fleet_groups_dispose(g);
    return rc;
  }
  g->cells = cr_calloc(f->ncells + 1, sizeof *g->cells);
  g->moves = cr_calloc(f->nmoves + 1, sizeof *g->moves);
  g->kinds = cr_calloc(f->nkinds + 1, sizeof *g->kinds);
  cr = cr_calloc(f->ncells + 1, sizeof *cr);
  mr = cr_calloc(f->nmoves + 1, sizeof *mr);
  kr = cr_calloc(f->nkinds + 1, sizeof *kr);
  if (!g->cells || !g->moves || !g->kinds || !cr || !mr || !kr) {
    free(cr);
    free(mr);
    free(kr);
    cr_fleet_groups_dispose(g);
    return cr_error_oom();
  }
  for (i = 0; i < f->nmachines; i++) {
    g->clients += (f->machines[i].role & FL_CLIENT) != 0;
    g->servers += (f->machines[i].role & FL_SERVER) != 0;
    g->reached += cr_fleet_reached(f, i);
  }
  for (i = 0; i < f->ncells; i++) {
    const fl_cell *c = &f->cells[i];
    if (!c->pairs)
      continue;
    cr[g->ncells].outcome = cr_fleet_rank(cr_match_outcome(c->match));
    cr[g->ncells].pairs = c->pairs;
    cr[g->ncells].client = f->classes[c->client_cls].label;
    cr[g->ncells].server = f->classes[c->server_cls].label;
    cr[g->ncells].cell = (uint32_t)i;
    g->outcomes[cr_match_outcome(c->match)] += c->pairs;
    g->ncells++;
  }
  if (g->ncells > 1)
    qsort(cr, g->ncells, sizeof *cr, cell_order);
  for (i = 0; i < g->ncells; i++)
    g->cells[i] = cr[i].cell;
  for (i = 0; i < f->nmoves; i++) {
    const fl_move *m = &f->moves[i];
    cr_outcome b, a;
    const char *ch;
    if (!m->pairs)
      continue;
    b = cr_match_outcome(f->cells[m->before].match);
    a = cr_match_outcome(f->cells[m->after].match);
    ch = cr_fleet_change_name(b, a);
    g->after[a] += m->pairs;
    if (!strcmp(ch, "broken"))
      g->broken += m->pairs;
    else if (!strcmp(ch, "fixed"))
      g->fixed += m->pairs;
    mr[g->nmoves].change = !strcmp(ch, "broken") ? 3
                         : !strcmp(ch, "undetermined") ? 2
                         : !strcmp(ch, "fixed") ? 1 : 0;
    mr[g->nmoves].outcome = cr_fleet_rank(a);
    mr[g->nmoves].pairs = m->pairs;
    mr[g->nmoves].move = (uint32_t)i;
    g->nchanges += a != b;
    g->nmoves++;
  }
  if (g->nmoves > 1)
    qsort(mr, g->nmoves, sizeof *mr, move_order);
  for (i = 0; i < g->nmoves; i++)
    g->moves[i] = mr[i].move;
  for (i = 0; i < f->nkinds; i++) {
    kr[i].severity = (int)f->kinds[i].severity;
    kr[i].id = f->kinds[i].id;
    kr[i].title = f->kinds[i].title;
    kr[i].gpo = f->kinds[i].fix_gpo;
    kr[i].cmdlet = f->kinds[i].fix_cmdlet;
    kr[i].kind = (uint32_t)i;
  }
  if (f->nkinds > 1)
    qsort(kr, f->nkinds, sizeof *kr, kind_order);
  for (i = 0; i < f->nkinds; i++)
    g->kinds[i] = kr[i].kind;
  free(cr);
  free(mr);
  free(kr);
  if ((rc = sum_ids(g, f)) < 0)
    cr_fleet_groups_dispose(g);
  return rc;
}

/* ---------------------------------------------------------------- */
/* A class in one line.                                             */
/* ---------------------------------------------------------------- */

/* "SSL 3.0 + TLS 1.0/1.1/1.2", "none" or "unknown". */
static void protocols(cr_buf *b, const cr_tls_machine *m, int role)
{
  int p, n = 0, unknown = 0, tls = 0;
  for (p = CR_PROTO_SSL3; p <= CR_PROTO_TLS13; p++) {
    if (m->proto[role][p].state == CR_PSTATE_UNKNOWN)
      unknown++;
    if (!cr_tls_proto_usable(m, role, (cr_tls_proto)p))
      continue;
    if (p == CR_PROTO_SSL3)
      cr_buf_puts(b, "SSL 3.0");
    else
      cr_buf_printf(b, "%s%s", tls++ ? "/" : n ? " + TLS " : "TLS ",
                    cr_tls_proto_key[p] + 4);
    n++;
  }
  if (!n)
    cr_buf_puts(b, unknown ? "unknown" : "none");
  else if (unknown)
    cr_buf_puts(b, " (others unknown)");
}

static size_t suites_for(const cr_tls_machine *m, cr_tls_proto p)
{
  size_t i, n = 0;
  for (i = 0; i < m->neffective; i++)
    n += cr_tls_suite_usable(m, m->effective[i], p);
  return n;
}

static const char *cert_name(const cr_tls_machine *m)
{
  if (m->cert.found && m->cert.key == CR_KEYTYPE_EC)
    return "ECDSA certificate";
  if (m->cert.found && m->cert.key == CR_KEYTYPE_RSA)
    return "RSA certificate";
  return "no certificate found (RSA assumed)";
}

static const char *dhe_fix_name(cr_dhe_fix_state s)
{
  return s == CR_DHE_FIX_PRESENT ? "present"
       : s == CR_DHE_FIX_MISSING ? "missing" : "unknown";
}

void cr_fleet_class_summary(cr_buf *b, const fl_class *c)
{
  const cr_tls_machine *m = c->rep;
  cr_buf_printf(b, "%s; client ", m->defaults ? m->defaults->label
                                              : m->os.name);
  protocols(b, m, CR_TLS_CLIENT);
  cr_buf_puts(b, ", server ");
  protocols(b, m, CR_TLS_SERVER);
  cr_buf_printf(b, "; %zu suites for TLS 1.2; DHE leading-zero fix %s; %s",
                suites_for(m, CR_PROTO_TLS12), dhe_fix_name(m->dhe_fix),
                cert_name(m));
}

/* ---------------------------------------------------------------- */
/* Text.                                                            */
/* ---------------------------------------------------------------- */

#define TEXT_NAMES 10
#define LIST_N(l, i) ((l).start[(i) + 1] - (l).start[(i)])
#define LIST_V(l, i) ((l).members + (l).start[(i)])

static void names_text(cr_buf *b, const cr_fleet *f, const uint32_t *v,
                       size_t n, const char *indent)
{
  size_t i;
  cr_buf_puts(b, indent);
  for (i = 0; i < n && i < TEXT_NAMES; i++)
    cr_buf_printf(b, "%s%s", i ? ", " : "", f->machines[v[i]].name);
  if (n > TEXT_NAMES)
    cr_buf_printf(b, " and %zu more", n - TEXT_NAMES);
  cr_buf_putc(b, '\n');
}

static void pairs_source_text(cr_buf *b, const cr_fleet *f)
{
  size_t i;
  if (!f->have_pairs) {
    cr_buf_printf(b, "Pairs: every client with every server: %llu machine "
                  "pairs.\n", (unsigned long long)f->judged);
    return;
  }
  cr_buf_printf(b, "Pairs: %llu distinct machine pairs from ",
                (unsigned long long)f->judged);
  for (i = 0; i < f->npair_files; i++)
    cr_buf_printf(b, "%s%s", i ? ", " : "", f->pair_files[i]);
  cr_buf_printf(b, " (%zu rows", f->pair_rows);
  if (f->pair_unknown_rows)
    cr_buf_printf(b, "; %zu name a machine without a snapshot",
                  f->pair_unknown_rows);
  if (f->pair_no_name)
    cr_buf_printf(b, "; %zu without a client or server name", f->pair_no_name);
  cr_buf_puts(b, ").\n");
  if (f->unknown_total) {
    cr_buf_printf(b, "  No snapshot for %zu name%s: ", f->unknown_total,
                  f->unknown_total == 1 ? "" : "s");
    for (i = 0; i < f->nunknown; i++)
      cr_buf_printf(b, "%s%s", i ? ", " : "", f->unknown[i]);
    if (f->unknown_total > f->nunknown)
      cr_buf_printf(b, " and %zu more", f->unknown_total - f->nunknown);
    cr_buf_putc(b, '\n');
  }
}

static void fixes_text(cr_buf *b, const cr_match *m, const char *indent)
{
  const char *side, *summary, *cmdlet, *cli, *gpo;
  size_t i;
  for (i = 0; cr_match_fix_at(m, i, &side, &summary, &cmdlet, &cli, &gpo); i++) {
    cr_buf_printf(b, "%sfix (%s): %s\n", indent, side, summary);
    if (cmdlet)
      cr_buf_printf(b, "%s  %s\n", indent, cmdlet);
  }
}

/* "PROTO001 Client and server share no TLS version", or the protocol and
 * suite when they connect. */
static void verdict_text(cr_buf *b, const cr_match *m)
{
  const cr_finding *fd = cr_match_finding(m, 0);
  cr_match_view v;
  cr_match_get_view(&v, m);
  if (v.outcome == CR_OUTCOME_CONNECTS && v.protocol)
    cr_buf_printf(b, "%s, %s", v.protocol, v.suite);
  else if (v.outcome == CR_OUTCOME_UNDETERMINED || !fd)
    cr_buf_puts(b, v.reason);
  else
    cr_buf_printf(b, "%s %s", fd->id, fd->title);
}

/* "5 connect, 1 intermittent, 2 fail, 3 undetermined" */
static void outcomes_text(cr_buf *b, const uint64_t *v)
{
  cr_buf_printf(b, "%llu connect, %llu intermittent, %llu fail, %llu "
                "undetermined", (unsigned long long)v[CR_OUTCOME_CONNECTS],
                (unsigned long long)v[CR_OUTCOME_INTERMITTENT],
                (unsigned long long)v[CR_OUTCOME_FAILS],
                (unsigned long long)v[CR_OUTCOME_UNDETERMINED]);
}

static const char *apply_to_name(int a)
{
  return a == FL_CLIENT ? "clients" : a == FL_SERVER ? "servers" : "both";
}

/* "C2" or "C2>C7": a class as it is and with the policy. */
static void class_move(char *out, size_t size, const cr_fleet *f,
                       uint32_t before, uint32_t after)
{
  if (before == after)
    snprintf(out, size, "C%u", f->classes[before].label);
  else
    snprintf(out, size, "C%u>C%u", f->classes[before].label,
             f->classes[after].label);
}

static void policy_text(cr_buf *b, const cr_fleet *f, const fl_groups *g)
{
  size_t i, k;
  cr_buf_printf(b, "\nPolicy: %zu entries, linked to the %s: it reaches %zu "
                "machine%s.\n", cr_regpol_count(f->policy),
                apply_to_name(f->apply_to), g->reached,
                g->reached == 1 ? "" : "s");
  cr_buf_puts(b, "With it: ");
  outcomes_text(b, g->after);
  cr_buf_printf(b, "; %llu pairs broken, %llu fixed.\n",
                (unsigned long long)g->broken, (unsigned long long)g->fixed);
  cr_buf_printf(b, "\nPairs the policy changes, by class pair (class>class "
                "with the policy):\n  %-11s %-11s %10s  %-12s  %-12s  %-12s  "
                "%s\n", "Client", "Server", "Pairs", "Before", "After",
                "Change", "Verdict after");
  for (i = 0; i < g->nchanges; i++) {
    const fl_move *m = &f->moves[g->moves[i]];
    const fl_cell *cb = &f->cells[m->before], *ca = &f->cells[m->after];
    cr_outcome ob = cr_match_outcome(cb->match), oa = cr_match_outcome(ca->match);
    char cc[32], sc[32];
    class_move(cc, sizeof cc, f, cb->client_cls, ca->client_cls);
    class_move(sc, sizeof sc, f, cb->server_cls, ca->server_cls);
    cr_buf_printf(b, "  %-11s %-11s %10llu  %-12s  %-12s  %-12s  ", cc, sc,
                  (unsigned long long)m->pairs, cr_outcome_name(ob),
                  cr_outcome_name(oa), cr_fleet_change_name(ob, oa));
    verdict_text(b, ca->match);
    cr_buf_putc(b, '\n');
  }
  if (!g->nchanges)
    cr_buf_puts(b, "  (none: every pair keeps its verdict)\n");
  cr_buf_puts(b, "\nFindings the policy adds (+) or removes (-) on the "
              "machines it reaches:\n");
  for (k = 0, i = 0; i < f->nkinds; i++) {
    uint32_t kd = g->kinds[i];
    int side;
    for (side = 0; side < 2; side++) {
      const fl_list *l = side ? &g->removed : &g->added;
      size_t n = LIST_N(*l, kd);
      if (!n)
        continue;
      k++;
      cr_buf_printf(b, "  %c %-12s %-8s %6zu machine%s  %s\n", side ? '-' : '+',
                    f->kinds[kd].id, cr_severity_name(f->kinds[kd].severity),
                    n, n == 1 ? " " : "s", f->kinds[kd].title);
      names_text(b, f, LIST_V(*l, kd), n, "                                   ");
    }
  }
  if (!k)
    cr_buf_puts(b, "  (none)\n");
}

int cr_fleet_render_text(cr_buf *b, const cr_fleet *f)
{
  fl_groups g;
  size_t i;
  int rc;
  if ((rc = cr_fleet_groups(&g, f)) < 0)
    return rc;
  cr_buf_printf(b, "Fleet: %zu machines in %zu configuration class%s "
                "(%zu clients, %zu servers).\n", f->nmachines,
                cr_fleet_class_count(f),
                cr_fleet_class_count(f) == 1 ? "" : "es", g.clients, g.servers);
  pairs_source_text(b, f);
  cr_buf_puts(b, "Outcomes: ");
  outcomes_text(b, g.outcomes);
  cr_buf_puts(b, ".\n");
  for (i = 0; i < f->nambiguous; i++)
    cr_buf_printf(b, "Warning: more than one snapshot names the machine "
                  "%s; pairs go to the first.\n", f->ambiguous[i]);

  cr_buf_printf(b, "\nClass pairs (client class x server class), worst "
                "first:\n  %-7s %-7s %10s  %-12s  %s\n", "Client", "Server",
                "Pairs", "Outcome", "Verdict");
  for (i = 0; i < g.ncells; i++) {
    const fl_cell *c = &f->cells[g.cells[i]];
    cr_outcome outcome = cr_match_outcome(c->match);
    char cc[16], sc[16];
    snprintf(cc, sizeof cc, "C%u", f->classes[c->client_cls].label);
    snprintf(sc, sizeof sc, "C%u", f->classes[c->server_cls].label);
    cr_buf_printf(b, "  %-7s %-7s %10llu  %-12s  ", cc, sc,
                  (unsigned long long)c->pairs, cr_outcome_name(outcome));
    verdict_text(b, c->match);
    cr_buf_putc(b, '\n');
    if (outcome == CR_OUTCOME_FAILS || outcome == CR_OUTCOME_INTERMITTENT)
      fixes_text(b, c->match, "                                      ");
  }
  if (f->policy)
    policy_text(b, f, &g);

  cr_buf_puts(b, "\nClasses:\n");
  for (i = 0; i < f->nclasses; i++) {
    uint32_t ci = f->order[i];
    const fl_class *c = &f->classes[ci];
    if (!c->members && !f->policy)
      continue;
    cr_buf_printf(b, "  C%-4u %zu machine%s (%zu as clients, %zu as "
                  "servers): ", c->label, c->members,
                  c->members == 1 ? "" : "s", c->clients, c->servers);
    cr_fleet_class_summary(b, c);
    cr_buf_putc(b, '\n');
    if (c->members)
      names_text(b, f, LIST_V(g.by_class, ci), LIST_N(g.by_class, ci),
                 "        ");
    else
      cr_buf_puts(b, "        (only with the policy)\n");
  }

  cr_buf_puts(b, "\nFindings on machines, per finding id:");
  for (i = 0; i < g.nids; i++)
    cr_buf_printf(b, "%s %s %zu", i ? "," : "", g.ids[i].id,
                  g.ids[i].machines);
  cr_buf_puts(b, g.nids ? " (machines)\n" : " none\n");
  for (i = 0; i < f->nkinds; i++) {
    uint32_t kd = g.kinds[i];
    const fl_kind *k = &f->kinds[kd];
    size_t n = LIST_N(g.by_kind, kd);
    if (!n)
      continue;
    cr_buf_printf(b, "  %-12s %-8s %6zu machine%s  %s\n", k->id,
                  cr_severity_name(k->severity), n, n == 1 ? " " : "s",
                  k->title);
    names_text(b, f, LIST_V(g.by_kind, kd), n,
               "                                  ");
    if (k->fix_cmdlet)
      cr_buf_printf(b, "                                  fix: %s\n",
                    k->fix_cmdlet);
    if (k->fix_gpo)
      cr_buf_printf(b, "                                  policy: %s\n",
                    k->fix_gpo);
  }
  cr_fleet_groups_dispose(&g);
  return cr_buf_status(b);
}

/* ---------------------------------------------------------------- */
/* JSON.                                                            */
/* ---------------------------------------------------------------- */

static void names_json(cr_json *j, const char *name, const cr_fleet *f,
                       const uint32_t *v, size_t n)
{
  size_t i;
  cr_json_arr(j, name);
  for (i = 0; i < n; i++)
    cr_json_str(j, NULL, f->machines[v[i]].name);
  cr_json_arr_end(j);
}

static void protocols_json(cr_json *j, const char *name,
                           const cr_tls_machine *m, int role)
{
  int p;
  cr_json_obj(j, name);
  for (p = CR_PROTO_TLS13; p >= CR_PROTO_SSL3; p--)
    cr_json_str(j, cr_tls_proto_id[p],
                cr_proto_state_name(m->proto[role][p].state));
  cr_json_obj_end(j);
}

static void class_id_json(cr_json *j, const char *name, const cr_fleet *f,
                          uint32_t cls)
{
  char id[16];
  snprintf(id, sizeof id, "C%u", f->classes[cls].label);
  cr_json_str(j, name, id);
}

static void class_json(cr_json *j, const cr_fleet *f, const fl_groups *g,
                       uint32_t ci)
{
  const fl_class *c = &f->classes[ci];
  const cr_tls_machine *m = c->rep;
  cr_buf sum = CR_BUF_INIT;
  cr_fleet_class_summary(&sum, c);
  cr_json_obj(j, NULL);
  class_id_json(j, "id", f, ci);
  cr_json_int(j, "machineCount", (int64_t)c->members);
  cr_json_int(j, "clients", (int64_t)c->clients);
  cr_json_int(j, "servers", (int64_t)c->servers);
  cr_json_str(j, "summary", sum.ptr);
  cr_json_str(j, "osSuiteTable", m->defaults ? m->defaults->label : NULL);
  protocols_json(j, "clientProtocols", m, CR_TLS_CLIENT);
  protocols_json(j, "serverProtocols", m, CR_TLS_SERVER);
  cr_json_int(j, "suitesTls12", (int64_t)suites_for(m, CR_PROTO_TLS12));
  cr_json_int(j, "suitesTls13", (int64_t)suites_for(m, CR_PROTO_TLS13));
  cr_json_str(j, "dheLeadingZeroFix", dhe_fix_name(m->dhe_fix));
  cr_json_str(j, "certificate", m->cert.found && m->cert.key == CR_KEYTYPE_EC
                                  ? "ecdsa"
                                  : m->cert.found && m->cert.key == CR_KEYTYPE_RSA
                                      ? "rsa" : "assumed-rsa");
  names_json(j, "members", f, LIST_V(g->by_class, ci), LIST_N(g->by_class, ci));
  cr_json_obj_end(j);
  cr_buf_dispose(&sum);
}

static void verdict_json(cr_json *j, const cr_match *m)
{
  const cr_finding *fd = cr_match_finding(m, 0);
  cr_match_view v;
  cr_match_get_view(&v, m);
  cr_json_str(j, "outcome", cr_outcome_name(v.outcome));
  /* As connreset.match/1: true for connects and intermittent, null when
   * undetermined. */
  if (v.outcome == CR_OUTCOME_UNDETERMINED)
    cr_json_null(j, "canConnect");
  else
    cr_json_bool(j, "canConnect", v.outcome != CR_OUTCOME_FAILS);
  cr_json_str(j, "family", v.family);
  cr_json_str(j, "protocol", v.protocol);
  cr_json_str(j, "suite", v.suite);
  if (fd && (v.outcome == CR_OUTCOME_FAILS ||
             v.outcome == CR_OUTCOME_INTERMITTENT)) {
    cr_json_obj(j, "finding");
    cr_json_str(j, "id", fd->id);
    cr_json_str(j, "severity", cr_severity_name(fd->severity));
    cr_json_str(j, "title", fd->title);
    cr_json_obj_end(j);
  } else {
    cr_json_null(j, "finding");
  }
}

static void cell_json(cr_json *j, const cr_fleet *f, const fl_cell *c)
{
  const char *side, *summary, *cmdlet, *cli, *gpo;
  cr_match_view v;
  size_t i;
  cr_match_get_view(&v, c->match);
  cr_json_obj(j, NULL);
  class_id_json(j, "clientClass", f, c->client_cls);
  class_id_json(j, "serverClass", f, c->server_cls);
  cr_json_int(j, "pairs", (int64_t)c->pairs);
  verdict_json(j, c->match);
  cr_json_str(j, "reason", v.reason);
  cr_json_arr(j, "fixes");
  for (i = 0; cr_match_fix_at(c->match, i, &side, &summary, &cmdlet, &cli, &gpo);
       i++) {
    cr_json_obj(j, NULL);
    cr_json_str(j, "side", side);
    cr_json_str(j, "summary", summary);
    cr_json_str(j, "cmdlet", cmdlet);
    cr_json_str(j, "cli", cli);
    cr_json_str(j, "gpo", gpo);
    cr_json_obj_end(j);
  }
  cr_json_arr_end(j);
  cr_json_obj_end(j);
}

static void kinds_json(cr_json *j, const char *name, const cr_fleet *f,
                       const fl_groups *g, const fl_list *l)
{
  size_t i;
  cr_json_arr(j, name);
  for (i = 0; i < f->nkinds; i++) {
    uint32_t kd = g->kinds[i];
    const fl_kind *k = &f->kinds[kd];
    size_t n = LIST_N(*l, kd);
    if (!n)
      continue;
    cr_json_obj(j, NULL);
    cr_json_str(j, "id", k->id);
    cr_json_str(j, "family", k->family);
    cr_json_str(j, "severity", cr_severity_name(k->severity));
    cr_json_str(j, "title", k->title);
    cr_json_int(j, "machineCount", (int64_t)n);
    names_json(j, "machines", f, LIST_V(*l, kd), n);
    cr_json_obj(j, "fix");
    cr_json_str(j, "cmdlet", k->fix_cmdlet);
    cr_json_str(j, "cli", k->fix_cli);
    cr_json_str(j, "gpo", k->fix_gpo);
    cr_json_obj_end(j);
    cr_json_obj_end(j);
  }
  cr_json_arr_end(j);
}

/* The moves of a policy, grouped: class pair before and after. */
void cr_fleet_moves_json(cr_json *j, const char *name, const cr_fleet *f,
                         const fl_groups *g, bool changes_only)
{
  size_t i, n = changes_only ? g->nchanges : g->nmoves;
  cr_json_arr(j, name);
  for (i = 0; i < n; i++) {
    const fl_move *m = &f->moves[g->moves[i]];
    const fl_cell *cb = &f->cells[m->before], *ca = &f->cells[m->after];
    cr_outcome ob = cr_match_outcome(cb->match), oa = cr_match_outcome(ca->match);
    cr_json_obj(j, NULL);
    class_id_json(j, "clientClass", f, cb->client_cls);
    class_id_json(j, "serverClass", f, cb->server_cls);
    class_id_json(j, "clientClassAfter", f, ca->client_cls);
    class_id_json(j, "serverClassAfter", f, ca->server_cls);
    cr_json_int(j, "pairs", (int64_t)m->pairs);
    cr_json_str(j, "change", cr_fleet_change_name(ob, oa));
    cr_json_obj(j, "before");
    verdict_json(j, cb->match);
    cr_json_obj_end(j);
    cr_json_obj(j, "after");
    verdict_json(j, ca->match);
    cr_json_obj_end(j);
    cr_json_obj_end(j);
  }
  cr_json_arr_end(j);
}

void cr_fleet_policy_json(cr_json *j, const cr_fleet *f, const fl_groups *g)
{
  size_t i;
  cr_json_int(j, "policyEntries", (int64_t)cr_regpol_count(f->policy));
  cr_json_str(j, "applyTo", apply_to_name(f->apply_to));
  cr_json_int(j, "machinesReached", (int64_t)g->reached);
  cr_json_int(j, "broken", (int64_t)g->broken);
  cr_json_int(j, "fixed", (int64_t)g->fixed);
  cr_json_obj(j, "outcomesAfter");
  for (i = 0; i < 4; i++)
    cr_json_int(j, cr_outcome_name(cr_fleet_outcomes[i]),
                (int64_t)g->after[cr_fleet_outcomes[i]]);
  cr_json_obj_end(j);
  cr_fleet_moves_json(j, "classPairChanges", f, g, true);
  kinds_json(j, "findingsAdded", f, g, &g->added);
  kinds_json(j, "findingsRemoved", f, g, &g->removed);
}

int cr_fleet_render_json(cr_buf *b, const cr_fleet *f)
{
  fl_groups g;
  cr_json j;
  size_t i;
  int rc;
  if ((rc = cr_fleet_groups(&g, f)) < 0)
    return rc;
  cr_json_init(&j, b);
  cr_json_obj(&j, NULL);
  cr_json_str(&j, "schema", "connreset.fleet/1");
  cr_json_int(&j, "machineCount", (int64_t)f->nmachines);
  cr_json_int(&j, "clients", (int64_t)g.clients);
  cr_json_int(&j, "servers", (int64_t)g.servers);
  cr_json_int(&j, "classCount", (int64_t)cr_fleet_class_count(f));
  cr_json_obj(&j, "pairs");
  cr_json_str(&j, "source", f->have_pairs ? "csv" : "all");
  cr_json_arr(&j, "files");
  for (i = 0; i < f->npair_files; i++)
    cr_json_str(&j, NULL, f->pair_files[i]);
  cr_json_arr_end(&j);
  cr_json_int(&j, "rows", (int64_t)f->pair_rows);
  cr_json_int(&j, "rowsWithoutName", (int64_t)f->pair_no_name);
  cr_json_int(&j, "rowsWithUnknownMachine", (int64_t)f->pair_unknown_rows);
  cr_json_int(&j, "unknownNameCount", (int64_t)f->unknown_total);
  cr_json_arr(&j, "unknownNames");
  for (i = 0; i < f->nunknown; i++)
    cr_json_str(&j, NULL, f->unknown[i]);
  cr_json_arr_end(&j);
  cr_json_int(&j, "judged", (int64_t)f->judged);
  cr_json_obj_end(&j);
  cr_json_obj(&j, "outcomes");
  for (i = 0; i < 4; i++)
    cr_json_int(&j, cr_outcome_name(cr_fleet_outcomes[i]),
                (int64_t)g.outcomes[cr_fleet_outcomes[i]]);
  cr_json_obj_end(&j);
  cr_json_arr(&j, "ambiguousNames");
  for (i = 0; i < f->nambiguous; i++)
    cr_json_str(&j, NULL, f->ambiguous[i]);
  cr_json_arr_end(&j);
  cr_json_arr(&j, "classPairs");
  for (i = 0; i < g.ncells; i++)
    cell_json(&j, f, &f->cells[g.cells[i]]);
  cr_json_arr_end(&j);
  cr_json_arr(&j, "classes");
  for (i = 0; i < f->nclasses; i++)
    if (f->classes[f->order[i]].members || f->policy)
      class_json(&j, f, &g, f->order[i]);
  cr_json_arr_end(&j);
  cr_json_arr(&j, "findingIds");
  for (i = 0; i < g.nids; i++) {
    cr_json_obj(&j, NULL);
    cr_json_str(&j, "id", g.ids[i].id);
    cr_json_str(&j, "worstSeverity", cr_severity_name(g.ids[i].worst));
    cr_json_int(&j, "machineCount", (int64_t)g.ids[i].machines);
    cr_json_obj_end(&j);
  }
  cr_json_arr_end(&j);
  kinds_json(&j, "findings", f, &g, &g.by_kind);
  if (f->policy) {
    cr_json_obj(&j, "policy");
    cr_fleet_policy_json(&j, f, &g);
    cr_json_obj_end(&j);
  } else {
    cr_json_null(&j, "policy");
  }
  cr_json_obj_end(&j);
  cr_buf_putc(b, '\n');
  cr_fleet_groups_dispose(&g);
  return cr_buf_status(b);
}
