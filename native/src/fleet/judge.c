/*
 * judge.c - judging a fleet: the pairs to judge (those a CSV named, each
 * once, or every client with every server), the class pair each falls in
 * as the machines are and, when a policy is being tried, as they would be
 * with it (a move from one class pair to the other), and one match per
 * class pair. A machine pair's verdict is its class pair's match.
 */
#include "fleet.h"

#include "../gpo/gpo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const cr_outcome cr_fleet_outcomes[4] = {
  CR_OUTCOME_CONNECTS, CR_OUTCOME_INTERMITTENT, CR_OUTCOME_FAILS,
  CR_OUTCOME_UNDETERMINED
};

int cr_fleet_rank(cr_outcome o)
{
  return o == CR_OUTCOME_FAILS          ? 3
       : o == CR_OUTCOME_INTERMITTENT   ? 2
       : o == CR_OUTCOME_UNDETERMINED   ? 1 : 0;
}

/* As `gpo whatif` has said since issue 11: worse is connects, then
 * intermittent, then fails; an unknown outcome is neither. */
const char *cr_fleet_change_name(cr_outcome before, cr_outcome after)
{
  if (before == after)
    return "unchanged";
  if (before == CR_OUTCOME_UNDETERMINED || after == CR_OUTCOME_UNDETERMINED)
    return "undetermined";
  return cr_fleet_rank(after) > cr_fleet_rank(before) ? "broken" : "fixed";
}

bool cr_fleet_reached(const cr_fleet *f, size_t i)
{
  return f->policy && (f->machines[i].role & f->apply_to);
}

/* ---------------------------------------------------------------- */
/* Cells and moves.                                                 */
/* ---------------------------------------------------------------- */

typedef struct u64_probe {
  const cr_fleet *f;
  uint64_t key;
} u64_probe;

static bool cell_eq(const void *ctx, uint32_t item)
{
  const u64_probe *p = ctx;
  const fl_cell *c = &p->f->cells[item];
  return ((uint64_t)c->client_cls << 32 | c->server_cls) == p->key;
}

static bool move_eq(const void *ctx, uint32_t item)
{
  const u64_probe *p = ctx;
  const fl_move *m = &p->f->moves[item];
  return ((uint64_t)m->before << 32 | m->after) == p->key;
}

static long find_cell(const cr_fleet *f, uint32_t cc, uint32_t sc)
{
  u64_probe p;
  p.f = f;
  p.key = (uint64_t)cc << 32 | sc;
  return fl_index_find(&f->cell_index, fl_mix64(p.key), cell_eq, &p);
}

static long cell_of(cr_fleet *f, uint32_t cc, uint32_t sc)
{
  long i = find_cell(f, cc, sc);
  fl_cell *p;
  if (i >= 0)
    return i;
  if (!(p = cr_realloc_array(f->cells, f->ncells + 1, sizeof *p)))
    return cr_error_oom();
  f->cells = p;
  memset(&p[f->ncells], 0, sizeof *p);
  p[f->ncells].client_cls = cc;
  p[f->ncells].server_cls = sc;
  if (fl_index_add(&f->cell_index, fl_mix64((uint64_t)cc << 32 | sc),
                   (uint32_t)f->ncells) < 0)
    return cr_error_oom();
  return (long)f->ncells++;
}

/* Adds n machine pairs going from cell `before` to cell `after`. */
static int add_move(cr_fleet *f, uint32_t before, uint32_t after, uint64_t n)
{
  u64_probe p;
  fl_move *v;
  long i;
  p.f = f;
  p.key = (uint64_t)before << 32 | after;
  if ((i = fl_index_find(&f->move_index, fl_mix64(p.key), move_eq, &p)) >= 0) {
    f->moves[i].pairs += n;
    return CR_OK;
  }
  if (!(v = cr_realloc_array(f->moves, f->nmoves + 1, sizeof *v)))
    return cr_error_oom();
  f->moves = v;
  v[f->nmoves].before = before;
  v[f->nmoves].after = after;
  v[f->nmoves].pairs = n;
  if (fl_index_add(&f->move_index, fl_mix64(p.key), (uint32_t)f->nmoves) < 0)
    return cr_error_oom();
  f->nmoves++;
  return CR_OK;
}

/* n pairs of clients in (cc, ca) with servers in (sc, sa): class as they
 * are, class as the policy leaves them. */
static int add_pairs(cr_fleet *f, uint32_t cc, uint32_t ca, uint32_t sc,
                     uint32_t sa, uint64_t n)
{
  long b = cell_of(f, cc, sc), a;
  if (b < 0)
    return (int)b;
  a = ca == cc && sa == sc ? b : cell_of(f, ca, sa);
  if (a < 0)
    return (int)a;
  f->cells[b].pairs += n;
  f->judged += n;
  return add_move(f, (uint32_t)b, (uint32_t)a, n);
}

/* The class a machine has under the policy (its own when not reached). */
static uint32_t after_class(const cr_fleet *f, size_t i)
{
  return cr_fleet_reached(f, i) ? f->machines[i].acls : f->machines[i].cls;
}

/* ---------------------------------------------------------------- */
/* The pairs.                                                       */
/* ---------------------------------------------------------------- */

/* Sorts v[0..n) (LSD radix, 16 bits a pass) using tmp of n entries. */
static void radix_sort(uint64_t *v, uint64_t *tmp, size_t n)
{
  static const unsigned shifts[4] = { 0, 16, 32, 48 };
  size_t *count = cr_calloc(65536, sizeof *count);
  int pass;
  if (!count) { /* no memory for the counts: a plain sort will do */
    size_t i, k;
    for (i = 1; i < n; i++) {
      uint64_t x = v[i];
      for (k = i; k > 0 && v[k - 1] > x; k--)
        v[k] = v[k - 1];
      v[k] = x;
    }
    return;
  }
  for (pass = 0; pass < 4; pass++) {
    unsigned shift = shifts[pass];
    size_t i, sum = 0;
    memset(count, 0, 65536 * sizeof *count);
    for (i = 0; i < n; i++)
      count[(v[i] >> shift) & 0xffff]++;
    if (count[(v[0] >> shift) & 0xffff] == n)
      continue; /* one digit for every key: nothing moves */
    for (i = 0; i < 65536; i++) {
      size_t c = count[i];
      count[i] = sum;
      sum += c;
    }
    for (i = 0; i < n; i++)
      tmp[count[(v[i] >> shift) & 0xffff]++] = v[i];
    memcpy(v, tmp, n * sizeof *v);
  }
  free(count);
}

/* The pairs a CSV named: each distinct pair once; the pairs give the
 * machines their roles. */
/* Without a policy every move stays in its cell: count pairs per cell
 * through a dense class x class table when it is small (a few hundred
 * classes: it fits in the cache), and make the moves afterwards. */
#define DENSE_MAX 2048

static int count_cells(cr_fleet *f, size_t n)
{
  size_t nc = f->nclasses, i;
  int32_t *dense = nc <= DENSE_MAX ? malloc(nc * nc * sizeof *dense) : NULL;
  int rc;
  if (dense)
    memset(dense, 0xff, nc * nc * sizeof *dense); /* -1: no cell yet */
  for (i = 0; i < n; i++) {
    uint32_t cc = f->machine_class[f->pairs[i] >> 32];
    uint32_t sc = f->machine_class[(uint32_t)f->pairs[i]];
    long cell = dense ? dense[(size_t)cc * nc + sc] : -1;
    if (cell < 0) {
      if ((cell = cell_of(f, cc, sc)) < 0) {
        free(dense);
        return (int)cell;
      }
      if (dense)
        dense[(size_t)cc * nc + sc] = (int32_t)cell;
    }
    f->cells[cell].pairs++;
  }
  free(dense);
  for (i = 0; i < f->ncells; i++) {
    f->judged += f->cells[i].pairs;
    if ((rc = add_move(f, (uint32_t)i, (uint32_t)i, f->cells[i].pairs)) < 0)
      return rc;
  }
  return CR_OK;
}

static int named_pairs(cr_fleet *f)
{
  uint64_t *tmp = NULL;
  size_t i, n = 0;
  int rc;
  if (f->npairs > 1) {
    if (!(tmp = cr_calloc(f->npairs, sizeof *tmp)))
      return cr_error_oom();
    radix_sort(f->pairs, tmp, f->npairs);
    free(tmp);
  }
  for (i = 0; i < f->npairs; i++)
    if (!n || f->pairs[i] != f->pairs[n - 1])
      f->pairs[n++] = f->pairs[i];
  f->npairs = n;
  for (i = 0; i < f->nmachines; i++)
    f->machines[i].role = 0;
  for (i = 0; i < n; i++) {
    f->machines[f->pairs[i] >> 32].role |= FL_CLIENT;
    f->machines[(uint32_t)f->pairs[i]].role |= FL_SERVER;
  }
  if (!f->policy)
    return count_cells(f, n);
  for (i = 0; i < n; i++) {
    uint32_t c = (uint32_t)(f->pairs[i] >> 32), s = (uint32_t)f->pairs[i];
    if ((rc = add_pairs(f, f->machine_class[c], after_class(f, c),
                        f->machine_class[s], after_class(f, s), 1)) < 0)
      return rc;
  }
  return CR_OK;
}

/* Every client with every server: machines grouped by (class, class with
 * the policy) per role, one move per client group and server group. */
typedef struct group {
  uint32_t cls, acls;
  uint64_t n;
} group;

typedef struct group_probe {
  const group *v;
  uint64_t key;
} group_probe;

static bool group_eq(const void *ctx, uint32_t item)
{
  const group_probe *p = ctx;
  return ((uint64_t)p->v[item].cls << 32 | p->v[item].acls) == p->key;
}

static int group_machines(const cr_fleet *f, int role, group **out, size_t *n)
{
  fl_index ix;
  group *v = NULL;
  size_t i;
  int rc = CR_OK;
  memset(&ix, 0, sizeof ix);
  *out = NULL;
  *n = 0;
  for (i = 0; rc >= 0 && i < f->nmachines; i++) {
    group_probe p;
    long g;
    if (!(f->machines[i].role & role))
      continue;
    p.key = (uint64_t)f->machines[i].cls << 32 | after_class(f, i);
    p.v = v;
    if ((g = fl_index_find(&ix, fl_mix64(p.key), group_eq, &p)) >= 0) {
      v[g].n++;
      continue;
    }
    {
      group *nv = cr_realloc_array(v, *n + 1, sizeof *nv);
      if (!nv) {
        rc = cr_error_oom();
        break;
      }
      v = nv;
      v[*n].cls = f->machines[i].cls;
      v[*n].acls = after_class(f, i);
      v[*n].n = 1;
      rc = fl_index_add(&ix, fl_mix64(p.key), (uint32_t)*n);
      (*n)++;
    }
  }
  fl_index_dispose(&ix);
  if (rc < 0) {
    free(v);
    *n = 0;
    return rc;
  }
  *out = v;
  return CR_OK;
}

static int all_pairs(cr_fleet *f)
{
  group *cg = NULL, *sg = NULL;
  size_t nc = 0, ns = 0, i, k;
  int rc;
  if ((rc = group_machines(f, FL_CLIENT, &cg, &nc)) >= 0 &&
      (rc = group_machines(f, FL_SERVER, &sg, &ns)) >= 0)
    for (i = 0; rc >= 0 && i < nc; i++)
      for (k = 0; rc >= 0 && k < ns; k++)
        rc = add_pairs(f, cg[i].cls, cg[i].acls, sg[k].cls, sg[k].acls,
                       cg[i].n * sg[k].n);
  /* A machine that is client and server does not connect to itself. */
  for (i = 0; rc >= 0 && i < f->nmachines; i++)
    if (f->machines[i].role == (FL_CLIENT | FL_SERVER)) {
      uint32_t c = f->machines[i].cls, a = after_class(f, i);
      long b = find_cell(f, c, c), af = find_cell(f, a, a);
      u64_probe p;
      long mv;
      p.f = f;
      p.key = (uint64_t)b << 32 | (uint64_t)af;
      mv = fl_index_find(&f->move_index, fl_mix64(p.key), move_eq, &p);
      if (b >= 0 && mv >= 0) {
        f->cells[b].pairs--;
        f->moves[mv].pairs--;
        f->judged--;
      }
    }
  free(cg);
  free(sg);
  return rc;
}

/* ---------------------------------------------------------------- */
/* Running.                                                         */
/* ---------------------------------------------------------------- */

static bool same_text(const char *a, const char *b)
{
  return a == b || (a && b && !strcmp(a, b));
}

/* Kinds whose fixes read the same once their policies are named (DHE001
 * on Windows 8.1 and on Windows 7: one suite-order policy) become one;
 * the others stay unused. */
static void remap(uint32_t *v, uint32_t *n, const uint32_t *alias)
{
  uint32_t i, k, out = 0;
  for (i = 0; i < *n; i++) {
    uint32_t a = alias[v[i]];
    for (k = 0; k < out && v[k] != a; k++)
      ;
    if (k == out)
      v[out++] = a;
  }
  *n = out;
}

static int fold_kinds(cr_fleet *f)
{
  uint32_t *alias = cr_calloc(f->nkinds + 1, sizeof *alias);
  size_t i, k;
  if (!alias)
    return cr_error_oom();
  for (i = 0; i < f->nkinds; i++) {
    const fl_kind *a = &f->kinds[i];
    alias[i] = (uint32_t)i;
    for (k = 0; k < i; k++) {
      const fl_kind *b = &f->kinds[k];
      if (alias[k] == k && !strcmp(a->id, b->id) &&
          !strcmp(a->title, b->title) && same_text(a->fix_cmdlet, b->fix_cmdlet) &&
          same_text(a->fix_cli, b->fix_cli) && same_text(a->fix_gpo, b->fix_gpo)) {
        alias[i] = (uint32_t)k;
        break;
      }
    }
  }
  for (i = 0; i < f->nmachines; i++) {
    remap(f->machines[i].kinds, &f->machines[i].nkinds, alias);
    remap(f->machines[i].akinds, &f->machines[i].nakinds, alias);
  }
  free(alias);
  return CR_OK;
}

typedef struct class_rank {
  size_t members, first;
  uint32_t cls;
} class_rank;

static int class_order(const void *a, const void *b)
{
  const class_rank *x = a, *y = b;
  if (x->members != y->members)
    return x->members > y->members ? -1 : 1;
  return x->first < y->first ? -1 : x->first > y->first;
}

/* Class numbers: the largest class is C1 (ties: the first read; classes
 * only policy copies have come last). Each class's model is renamed after
 * its number, so verdicts read "the client (C3)". */
static int number_classes(cr_fleet *f)
{
  class_rank *rank = cr_calloc(f->nclasses + 1, sizeof *rank);
  size_t i;
  if (!rank || !(f->order = cr_calloc(f->nclasses + 1, sizeof *f->order))) {
    free(rank);
    return cr_error_oom();
  }
  for (i = 0; i < f->nclasses; i++) {
    rank[i].members = f->classes[i].members;
    rank[i].first = f->classes[i].first;
    rank[i].cls = (uint32_t)i;
  }
  if (f->nclasses > 1)
    qsort(rank, f->nclasses, sizeof *rank, class_order);
  for (i = 0; i < f->nclasses; i++) {
    fl_class *c = &f->classes[rank[i].cls];
    char label[24];
    f->order[i] = rank[i].cls;
    c->label = (unsigned)i + 1;
    snprintf(label, sizeof label, "C%u", c->label);
    if (c->rep->refs == 1) { /* the fleet's alone */
      char *name = cr_strdup(label);
      if (!name) {
        free(rank);
        return cr_error_oom();
      }
      free(c->rep->name);
      c->rep->name = name;
    }
  }
  free(rank);
  return CR_OK;
}

int cr_fleet_run(cr_fleet *f)
{
  cr_match_options mo = CR_MATCH_OPTIONS_INIT;
  size_t i, k;
  int rc;
  if (!f)
    return cr_error_set(CR_EINVAL, "cr_fleet_run: no fleet");
  if (f->ran)
    return cr_error_set(CR_EINVAL, "cr_fleet_run: the fleet was judged "
                        "already");
  mo.server_key = f->opts.server_key;
  if ((rc = cr_fleet_index_names(f)) < 0 || (rc = number_classes(f)) < 0)
    return rc;
  /* Each kind's policy, named once. */
  for (i = 0; i < f->nkinds; i++) {
    fl_kind *kd = &f->kinds[i];
    free(kd->fix_gpo);
    kd->fix_gpo = NULL;
    if ((rc = cr_gpo_setting_policy(&kd->fix_gpo, kd->settings,
                                    kd->nsettings)) < 0)
      return rc;
  }
  if ((rc = fold_kinds(f)) < 0)
    return rc;
  f->judged = 0;
  rc = f->have_pairs ? named_pairs(f) : all_pairs(f);
  if (rc < 0)
    return rc;
  for (i = 0; i < f->nmachines; i++) {
    fl_class *c = &f->classes[f->machines[i].cls];
    if (f->machines[i].role & FL_CLIENT)
      c->clients++;
    if (f->machines[i].role & FL_SERVER)
      c->servers++;
  }
  if (!(f->kind_machines = cr_calloc(f->nkinds + 1, sizeof *f->kind_machines)))
    return cr_error_oom();
  for (i = 0; i < f->nmachines; i++)
    for (k = 0; k < f->machines[i].nkinds; k++)
      f->kind_machines[f->machines[i].kinds[k]]++;
  /* One match per class pair. */
  for (i = 0; i < f->ncells; i++) {
    fl_cell *c = &f->cells[i];
    if ((rc = cr_tls_match_machines(&c->match,
        (const cr_machine *)f->classes[c->client_cls].rep,
        (const cr_machine *)f->classes[c->server_cls].rep, &mo)) < 0)
      return rc;
  }
  f->ran = true;
  return CR_OK;
}

/* ---------------------------------------------------------------- */
/* Accessors.                                                       */
/* ---------------------------------------------------------------- */

const fl_cell *cr_fleet_cell(const cr_fleet *f, uint32_t cc, uint32_t sc)
{
  long i = f ? find_cell(f, cc, sc) : -1;
  return i >= 0 ? &f->cells[i] : NULL;
}

const cr_match *cr_fleet_pair_match(const cr_fleet *f, size_t client,
                                    size_t server, bool after)
{
  const fl_cell *c;
  if (!f || !f->ran || client >= f->nmachines || server >= f->nmachines)
    return NULL;
  if (f->have_pairs) {
    uint64_t key = (uint64_t)client << 32 | server;
    size_t lo = 0, hi = f->npairs;
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (f->pairs[mid] < key)
        lo = mid + 1;
      else
        hi = mid;
    }
    if (lo == f->npairs || f->pairs[lo] != key)
      return NULL;
  } else if (!(f->machines[client].role & FL_CLIENT) ||
             !(f->machines[server].role & FL_SERVER) || client == server) {
    return NULL;
  }
  c = after ? cr_fleet_cell(f, after_class(f, client), after_class(f, server))
            : cr_fleet_cell(f, f->machine_class[client],
                            f->machine_class[server]);
  return c ? c->match : NULL;
}

size_t cr_fleet_machine_count(const cr_fleet *f) { return f ? f->nmachines : 0; }

size_t cr_fleet_class_count(const cr_fleet *f)
{
  size_t i, n = 0;
  for (i = 0; f && i < f->nclasses; i++)
    n += f->classes[i].members > 0;
  return n;
}

uint64_t cr_fleet_pair_count(const cr_fleet *f) { return f ? f->judged : 0; }

uint64_t cr_fleet_outcome_count(const cr_fleet *f, cr_outcome o)
{
  uint64_t n = 0;
  size_t i;
  for (i = 0; f && f->ran && i < f->ncells; i++)
    if (cr_match_outcome(f->cells[i].match) == o)
      n += f->cells[i].pairs;
  return n;
}

int cr_fleet_policy_changes(uint64_t *broken, uint64_t *fixed,
                            const cr_fleet *f)
{
  size_t i;
  if (!broken || !fixed || !f)
    return cr_error_set(CR_EINVAL, "cr_fleet_policy_changes: bad argument");
  *broken = *fixed = 0;
  if (!f->ran)
    return cr_error_set(CR_EINVAL, "cr_fleet_policy_changes: run "
                        "cr_fleet_run first");
  for (i = 0; i < f->nmoves; i++) {
    const char *ch = cr_fleet_change_name(
      cr_match_outcome(f->cells[f->moves[i].before].match),
      cr_match_outcome(f->cells[f->moves[i].after].match));
    if (!strcmp(ch, "broken"))
      *broken += f->moves[i].pairs;
    else if (!strcmp(ch, "fixed"))
      *fixed += f->moves[i].pairs;
  }
  return CR_OK;
}

int cr_fleet_worst_severity(const cr_fleet *f)
{
  int worst = -1;
  size_t i;
  for (i = 0; f && f->ran && i < f->nkinds; i++)
    if (f->kind_machines[i] && (int)f->kinds[i].severity > worst)
      worst = (int)f->kinds[i].severity;
  return worst;
}

static int render(char **out, const cr_fleet *f,
                  int (*fn)(cr_buf *, const cr_fleet *), const char *what)
{
  cr_buf b = CR_BUF_INIT;
  int rc;
  if (!out || !f)
    return cr_error_set(CR_EINVAL, "%s: bad argument", what);
  *out = NULL;
  if (!f->ran)
    return cr_error_set(CR_EINVAL, "%s: run cr_fleet_run first", what);
  if ((rc = fn(&b, f)) < 0 || (rc = cr_buf_status(&b)) < 0) {
    cr_buf_dispose(&b);
    return rc;
  }
  *out = cr_buf_detach(&b, NULL);
  return CR_OK;
}

int cr_fleet_to_json(char **out, const cr_fleet *f)
{
  return render(out, f, cr_fleet_render_json, "cr_fleet_to_json");
}

int cr_fleet_to_text(char **out, const cr_fleet *f)
{
  return render(out, f, cr_fleet_render_text, "cr_fleet_to_text");
}

int cr_fleet_to_html(char **out, const cr_fleet *f)
{
  return render(out, f, cr_fleet_render_html, "cr_fleet_to_html");
}

int cr_fleet_save_html(const cr_fleet *f, const char *path)
{
  char *html = NULL;
  int rc;
  if (!path)
    return cr_error_set(CR_EINVAL, "cr_fleet_save_html: no path");
  if ((rc = cr_fleet_to_html(&html, f)) >= 0)
    rc = cr_write_file(path, html, strlen(html));
  cr_free(html);
  return rc;
}
