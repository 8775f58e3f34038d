/*
 * load.c - adding machines to a fleet: each snapshot diagnosed, its
 * finding kinds counted and its configuration class found (and, when a
 * Group Policy is being tried, the same for a copy with the policy
 * applied); then the snapshot is freed. Only one model per class is kept,
 * so memory grows with the classes, not the machines.
 *
 * .reg files are read by a few workers, each with its own class and kind
 * tables; the tables are merged in machine order afterwards, so class
 * numbers and representatives do not depend on the thread count.
 */
#include "fleet.h"

#include "../core/snapshot.h"
#include "../checks/checks.h"
#include "../core/thread.h"
#include "../gpo/regpol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if !defined(__STDC_NO_ATOMICS__)
# include <stdatomic.h>
#endif

/* ---------------------------------------------------------------- */
/* Class and kind tables (one per worker, and the fleet's own).      */
/* ---------------------------------------------------------------- */

typedef struct class_table {
  fl_class *v;
  size_t n;
  fl_index ix;
} class_table;

typedef struct kind_table {
  fl_kind *v;
  size_t n;
  fl_index ix;
} kind_table;

typedef struct key_probe {
  const class_table *t;
  const char *key;
  size_t len;
} key_probe;

static bool key_eq(const void *ctx, uint32_t item)
{
  const key_probe *p = ctx;
  const fl_class *c = &p->t->v[item];
  return c->key.len == p->len && memcmp(c->key.ptr, p->key, p->len) == 0;
}

/* The class of `key`; when new, `rep` (machine `index`) represents it and
 * the table takes a reference to it. */
static long class_of(class_table *t, const char *key, size_t len, uint64_t h,
                     cr_tls_machine *rep, size_t index)
{
  key_probe probe;
  fl_class *p, *c;
  long found;
  probe.t = t;
  probe.key = key;
  probe.len = len;
  if ((found = fl_index_find(&t->ix, h, key_eq, &probe)) >= 0)
    return found;
  if (!(p = cr_realloc_array(t->v, t->n + 1, sizeof *p)))
    return cr_error_oom();
  t->v = p;
  c = &t->v[t->n];
  memset(c, 0, sizeof *c);
  if (cr_buf_put(&c->key, key, len) < 0 ||
      fl_index_add(&t->ix, h, (uint32_t)t->n) < 0) {
    cr_buf_dispose(&c->key);
    return cr_error_oom();
  }
  c->hash = h;
  c->rep = rep;
  rep->refs++;
  c->first = index;
  return (long)t->n++;
}

static void class_table_dispose(class_table *t)
{
  size_t i;
  for (i = 0; i < t->n; i++) {
    cr_buf_dispose(&t->v[i].key);
    cr_tls_machine_free(t->v[i].rep);
  }
  free(t->v);
  fl_index_dispose(&t->ix);
  memset(t, 0, sizeof *t);
}

typedef struct kind_probe {
  const kind_table *t;
  const cr_finding *f;
} kind_probe;

static bool same_settings(const cr_setting *a, size_t na, const cr_setting *b,
                          size_t nb)
{
  size_t i;
  if (na != nb)
    return false;
  for (i = 0; i < na; i++)
    if (a[i].kind != b[i].kind || a[i].dword != b[i].dword ||
        a[i].os_suites != b[i].os_suites || strcmp(a[i].key, b[i].key) ||
        strcmp(a[i].value, b[i].value))
      return false;
  return true;
}

static bool same_text(const char *a, const char *b)
{
  return a == b || (a && b && !strcmp(a, b));
}

/* A kind is a finding id and title with one fix: DHE001 on Windows Server
 * 2012 R2 and on Windows Server 2019 are two kinds (two suite orders). */
static bool kind_eq(const void *ctx, uint32_t item)
{
  const kind_probe *p = ctx;
  const fl_kind *k = &p->t->v[item];
  return !strcmp(k->id, p->f->id) && !strcmp(k->title, p->f->title) &&
         same_text(k->fix_cmdlet, p->f->fix_cmdlet) &&
         same_text(k->fix_cli, p->f->fix_cli) &&
         same_settings(k->settings, k->nsettings, p->f->settings,
                       p->f->nsettings);
}

static void kind_dispose(fl_kind *k)
{
  free(k->id);
  free(k->family);
  free(k->title);
  free(k->fix_cmdlet);
  free(k->fix_cli);
  free(k->fix_gpo);
  free(k->settings);
}

static char *dup_or_null(const char *s, bool *oom)
{
  char *d = s ? cr_strdup(s) : NULL;
  if (s && !d)
    *oom = true;
  return d;
}

/* The kind of a finding (its id and title), added with its fix when new. */
static long kind_of(kind_table *t, const cr_finding *f)
{
  kind_probe probe;
  uint64_t h = fl_hash(f->id, strlen(f->id), false) * 31 +
               fl_hash(f->title, strlen(f->title), false);
  fl_kind *p, *k;
  long found;
  bool oom = false;
  size_t i;
  for (i = 0; i < f->nsettings; i++)
    h = h * 31 + fl_mix64((uint64_t)(uintptr_t)f->settings[i].os_suites ^
                          f->settings[i].dword);
  probe.t = t;
  probe.f = f;
  if ((found = fl_index_find(&t->ix, h, kind_eq, &probe)) >= 0)
    return found;
  if (!(p = cr_realloc_array(t->v, t->n + 1, sizeof *p)))
    return cr_error_oom();
  t->v = p;
  k = &t->v[t->n];
  memset(k, 0, sizeof *k);
  k->id = dup_or_null(f->id, &oom);
  k->family = dup_or_null(f->family, &oom);
  k->title = dup_or_null(f->title, &oom);
  k->severity = f->severity;
  k->fix_cmdlet = dup_or_null(f->fix_cmdlet, &oom);
  k->fix_cli = dup_or_null(f->fix_cli, &oom);
  if (f->nsettings) {
    if ((k->settings = cr_calloc(f->nsettings, sizeof *k->settings)) != NULL) {
      memcpy(k->settings, f->settings, f->nsettings * sizeof *k->settings);
      k->nsettings = f->nsettings;
    } else {
      oom = true;
    }
  }
  if (oom || fl_index_add(&t->ix, h, (uint32_t)t->n) < 0) {
    kind_dispose(k);
    return cr_error_oom();
  }
  return (long)t->n++;
}

static void kind_table_dispose(kind_table *t)
{
  size_t i;
  for (i = 0; i < t->n; i++)
    kind_dispose(&t->v[i]);
  free(t->v);
  fl_index_dispose(&t->ix);
  memset(t, 0, sizeof *t);
}

/* ---------------------------------------------------------------- */
/* One machine.                                                     */
/* ---------------------------------------------------------------- */

static void machine_dispose(fl_machine *m)
{
  free(m->name);
  free(m->fqdn);
  free(m->source);
  free(m->os);
  free(m->kinds);
  free(m->akinds);
  memset(m, 0, sizeof *m);
}

/* The file name without its directory and .reg. */
static char *file_stem(const char *path)
{
  const char *b = path, *p;
  size_t n;
  for (p = path; *p; p++)
    if (*p == '/' || *p == '\\')
      b = p + 1;
  n = strlen(b);
  if (n > 4 && cr_stricmp(b + n - 4, ".reg") == 0)
    n -= 4;
  return cr_strndup(b, n);
}

static bool has_sql_server(const cr_snapshot *snap)
{
  const cr_key *k = cr_snap_find_key(snap, CR_KEY_SQL_INSTANCE_NAMES);
  const cr_key *w = cr_snap_find_key(snap, CR_KEY_SQL_INSTANCE_NAMES_WOW);
  return (k && k->nvalues) || (w && w->nvalues);
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

/* A scratch area per reader. */
typedef struct reader {
  class_table classes;
  kind_table kinds;
  cr_buf key;
} reader;

static void reader_dispose(reader *r)
{
  class_table_dispose(&r->classes);
  kind_table_dispose(&r->kinds);
  cr_buf_dispose(&r->key);
}

/* Diagnoses `snap`: its class (*cls) and its finding kinds, each once. */
static int judge_snapshot(uint32_t *cls, uint32_t **kinds, uint32_t *nkinds,
                          cr_report **report, reader *rd,
                          const cr_snapshot *snap, const char *source,
                          size_t index)
{
  cr_report *r = NULL;
  cr_tls_machine *tls = NULL;
  size_t i;
  long c;
  int rc;
  *kinds = NULL;
  *nkinds = 0;
  if ((rc = cr_checks_run(&r, snap, NULL)) < 0)
    return rc;
  for (i = 0; i < r->nsections; i++)
    if (!strcmp(r->sections[i].name, "tls"))
      tls = r->sections[i].data;
  if (!tls) {
    cr_report_free(r);
    return cr_error_set(CR_ERROR, "%s: the TLS check did not run", source);
  }
  rd->key.len = 0;
  if ((rc = cr_tls_class_key(&rd->key, tls)) < 0 ||
      (c = class_of(&rd->classes, rd->key.ptr, rd->key.len,
                    fl_hash(rd->key.ptr, rd->key.len, false), tls, index)) < 0) {
    cr_report_free(r);
    return rc < 0 ? rc : cr_error_oom();
  }
  *cls = (uint32_t)c;
  if (r->nfindings && !(*kinds = cr_calloc(r->nfindings, sizeof **kinds)))
    rc = cr_error_oom();
  for (i = 0; rc >= 0 && i < r->nfindings; i++) {
    long k = kind_of(&rd->kinds, r->findings[i]);
    uint32_t j;
    if (k < 0) {
      rc = (int)k;
      break;
    }
    for (j = 0; j < *nkinds && (*kinds)[j] != (uint32_t)k; j++)
      ; /* one finding twice (two instances) counts the machine once */
    if (j == *nkinds)
      (*kinds)[(*nkinds)++] = (uint32_t)k;
  }
  if (rc < 0 || !report) {
    cr_report_free(r);
    r = NULL;
  }
  if (report)
    *report = r;
  return rc;
}

static int read_machine(fl_machine *m, reader *rd, const cr_snapshot *snap,
                        const char *name, const char *source,
                        cr_fleet_role role, const cr_regpol *policy,
                        size_t index, size_t copy_index)
{
  cr_report *r = NULL;
  int rc;
  memset(m, 0, sizeof *m);
  if ((rc = judge_snapshot(&m->cls, &m->kinds, &m->nkinds, &r, rd, snap,
                           source, index)) < 0)
    return rc;
  if (name && *name)
    m->name = cr_strdup(name);
  else if (r->os.hostname && *r->os.hostname)
    m->name = cr_strdup(r->os.hostname);
  else
    m->name = file_stem(source);
  if (r->os.hostname && *r->os.hostname && r->os.domain && *r->os.domain) {
    size_t n = strlen(r->os.hostname) + strlen(r->os.domain) + 2;
    if ((m->fqdn = malloc(n)) != NULL)
      snprintf(m->fqdn, n, "%s.%s", r->os.hostname, r->os.domain);
  }
  m->source = cr_strdup(source);
  m->os = cr_strdup(r->os.name);
  m->role = role == CR_FLEET_ROLE_CLIENT ? FL_CLIENT
          : role == CR_FLEET_ROLE_SERVER ? FL_SERVER
          : role == CR_FLEET_ROLE_BOTH   ? FL_CLIENT | FL_SERVER
          : has_sql_server(snap)         ? FL_SERVER : FL_CLIENT;
  cr_report_free(r);
  if (!m->name || !m->source || !m->os)
    rc = cr_error_oom();
  m->name_len = m->name ? strlen(m->name) : 0;
  m->fqdn_len = m->fqdn ? strlen(m->fqdn) : 0;
  m->acls = m->cls;
  if (rc >= 0 && policy) {
    cr_snapshot *copy = NULL;
    if ((rc = copy_with_policy(&copy, snap, policy)) >= 0)
      rc = judge_snapshot(&m->acls, &m->akinds, &m->nakinds, NULL, rd, copy,
                          source, copy_index);
    copy_free(copy);
  }
  if (rc < 0)
    machine_dispose(m);
  return rc;
}

/* ---------------------------------------------------------------- */
/* Workers and the merge.                                           */
/* ---------------------------------------------------------------- */

typedef struct worker {
  const char *const *paths;
  size_t first, step, n;      /* paths first, first + step, ... < n */
  size_t base;                /* machines already in the fleet */
  cr_fleet_role role;
  const cr_regpol *policy;
  fl_machine *out;            /* one slot per path (shared, own slots) */
  bool strict;                /* cr_fleet_set_strict */
  char ***warn;               /* per path: its reading warnings */
  size_t *nwarn;
  reader rd;
  int rc;
  size_t failed;              /* the path that failed */
  char message[1024];
#if !defined(__STDC_NO_ATOMICS__)
  atomic_int *stop;
#endif
} worker;

static void work(void *arg)
{
  worker *w = arg;
  size_t i;
  for (i = w->first; i < w->n; i += w->step) {
    cr_snapshot *snap = NULL;
    int rc;
#if !defined(__STDC_NO_ATOMICS__)
    if (atomic_load(w->stop))
      break;
#endif
    if ((rc = cr_snapshot_new(&snap)) >= 0 &&
        (rc = cr_snapshot_set_strict(snap, w->strict)) >= 0)
      rc = cr_snapshot_load_file(snap, w->paths[i]);
    if (snap) {
      /* The warnings outlive the snapshot: the fleet says them in file
       * order once every reader is done. */
      w->warn[i] = snap->warnings;
      w->nwarn[i] = snap->nwarnings;
      snap->warnings = NULL;
      snap->nwarnings = 0;
    }
    if (rc >= 0)
      rc = read_machine(&w->out[i], &w->rd, snap, NULL, w->paths[i], w->role,
                        w->policy, w->base + i, w->base + w->n + i);
    cr_snapshot_free(snap);
    if (rc < 0) {
      w->rc = rc;
      w->failed = i;
      snprintf(w->message, sizeof w->message, "%s", cr_error_last());
#if !defined(__STDC_NO_ATOMICS__)
      atomic_store(w->stop, 1);
#endif
      break;
    }
  }
}

/* Maps a worker's classes or kinds to the fleet's, in machine order. */
static int merge(cr_fleet *f, worker *ws, size_t nw, fl_machine *in, size_t n)
{
  class_table ft;
  kind_table kt;
  uint32_t **cmap = cr_calloc(nw, sizeof *cmap);
  uint32_t **kmap = cr_calloc(nw, sizeof *kmap);
  fl_machine *p = cr_realloc_array(f->machines, f->nmachines + n, sizeof *p);
  uint32_t *mc = cr_realloc_array(f->machine_class, f->nmachines + n,
                                  sizeof *mc);
  size_t i, k, w;
  int pass, rc = CR_OK;
  if (p)
    f->machines = p;
  if (mc)
    f->machine_class = mc;
  if (!cmap || !kmap || !p || !mc)
    rc = cr_error_oom();
  for (w = 0; rc >= 0 && w < nw; w++) {
    cmap[w] = cr_calloc(ws[w].rd.classes.n + 1, sizeof **cmap);
    kmap[w] = cr_calloc(ws[w].rd.kinds.n + 1, sizeof **kmap);
    if (!cmap[w] || !kmap[w]) {
      rc = cr_error_oom();
      break;
    }
    for (k = 0; k < ws[w].rd.classes.n; k++)
      cmap[w][k] = UINT32_MAX;
  }
  ft.v = f->classes;
  ft.n = f->nclasses;
  ft.ix = f->class_index;
  kt.v = f->kinds;
  kt.n = f->nkinds;
  kt.ix = f->kind_index;
  for (w = 0; rc >= 0 && w < nw; w++)
    for (k = 0; rc >= 0 && k < ws[w].rd.kinds.n; k++) {
      const fl_kind *lk = &ws[w].rd.kinds.v[k];
      cr_finding tmp;
      long g;
      memset(&tmp, 0, sizeof tmp);
      tmp.id = lk->id;
      tmp.family = lk->family;
      tmp.title = lk->title;
      tmp.severity = lk->severity;
      tmp.fix_cmdlet = lk->fix_cmdlet;
      tmp.fix_cli = lk->fix_cli;
      tmp.settings = lk->settings;
      tmp.nsettings = lk->nsettings;
      if ((g = kind_of(&kt, &tmp)) < 0)
        rc = (int)g;
      else
        kmap[w][k] = (uint32_t)g;
    }
  /* Classes as the machines are first, then those only policy copies
   * have: the representative of each is its first machine. */
  for (pass = 0; pass < 2; pass++)
    for (i = 0; rc >= 0 && i < n; i++) {
      size_t wi = i % nw;
      uint32_t *cls = pass ? &in[i].acls : &in[i].cls;
      if (cmap[wi][*cls] == UINT32_MAX) {
        const fl_class *lc = &ws[wi].rd.classes.v[*cls];
        long g = class_of(&ft, lc->key.ptr, lc->key.len, lc->hash, lc->rep,
                          lc->first);
        if (g < 0) {
          rc = (int)g;
          break;
        }
        if (lc->first < ft.v[g].first) {
          /* An earlier machine (another worker's) represents it. */
          cr_tls_machine_free(ft.v[g].rep);
          ft.v[g].rep = lc->rep;
          lc->rep->refs++;
          ft.v[g].first = lc->first;
        }
        cmap[wi][*cls] = (uint32_t)g;
      }
    }
  f->classes = ft.v;
  f->nclasses = ft.n;
  f->class_index = ft.ix;
  f->kinds = kt.v;
  f->nkinds = kt.n;
  f->kind_index = kt.ix;
  if (rc >= 0) {
    for (i = 0; i < n; i++) {
      size_t wi = i % nw;
      fl_machine *m = &in[i];
      m->cls = cmap[wi][m->cls];
      m->acls = cmap[wi][m->acls];
      for (k = 0; k < m->nkinds; k++)
        m->kinds[k] = kmap[wi][m->kinds[k]];
      for (k = 0; k < m->nakinds; k++)
        m->akinds[k] = kmap[wi][m->akinds[k]];
      f->machines[f->nmachines + i] = *m;
      f->machine_class[f->nmachines + i] = m->cls;
      f->classes[m->cls].members++;
    }
    f->nmachines += n;
  }
  for (w = 0; cmap && kmap && w < nw; w++) {
    free(cmap[w]);
    free(kmap[w]);
  }
  free(cmap);
  free(kmap);
  return rc;
}

static int check_open(cr_fleet *f, const char *what)
{
  if (!f)
    return cr_error_set(CR_EINVAL, "%s: no fleet", what);
  if (f->ran)
    return cr_error_set(CR_EINVAL, "%s: the fleet has been judged already; "
                        "add machines and pairs before cr_fleet_run", what);
  return CR_OK;
}

int cr_fleet_add_files(cr_fleet *f, const char *const *paths, size_t n,
                       cr_fleet_role role)
{
  fl_machine *in = NULL;
  worker *ws = NULL;
  void **args = NULL;
  char ***warn = NULL;
  size_t *nwarn = NULL;
  size_t nw, w, i, k;
  int rc;
#if !defined(__STDC_NO_ATOMICS__)
  atomic_int stop;
  atomic_init(&stop, 0);
#endif
  if ((rc = check_open(f, "cr_fleet_add_files")) < 0)
    return rc;
  if ((n && !paths) || role < CR_FLEET_ROLE_AUTO || role > CR_FLEET_ROLE_BOTH)
    return cr_error_set(CR_EINVAL, "cr_fleet_add_files: bad argument");
  for (i = 0; i < n; i++)
    if (!paths[i])
      return cr_error_set(CR_EINVAL, "cr_fleet_add_files: path %zu is NULL", i);
  if (!n)
    return CR_OK;
  if (f->nmachines + 2 * n >= UINT32_MAX / 2)
    return cr_error_set(CR_EINVAL, "cr_fleet_add_files: too many machines");
  nw = f->opts.threads ? f->opts.threads : cr_cpu_count();
  if (nw > n)
    nw = n;
  if (nw > 64)
    nw = 64;
  in = cr_calloc(n, sizeof *in);
  ws = cr_calloc(nw, sizeof *ws);
  args = cr_calloc(nw, sizeof *args);
  warn = cr_calloc(n, sizeof *warn);
  nwarn = cr_calloc(n, sizeof *nwarn);
  if (!in || !ws || !args || !warn || !nwarn) {
    free(in);
    free(ws);
    free(args);
    free(warn);
    free(nwarn);
    return cr_error_oom();
  }
  for (w = 0; w < nw; w++) {
    ws[w].paths = paths;
    ws[w].first = w;
    ws[w].step = nw;
    ws[w].n = n;
    ws[w].base = f->nmachines;
    ws[w].role = role;
    ws[w].policy = f->policy;
    ws[w].out = in;
    ws[w].strict = f->strict;
    ws[w].warn = warn;
    ws[w].nwarn = nwarn;
#if !defined(__STDC_NO_ATOMICS__)
    ws[w].stop = &stop;
#endif
    args[w] = &ws[w];
  }
  cr_threads_run(work, args, nw);
  /* The warnings in file order, also those of the files read before a
   * failure (they may explain it). */
  for (i = 0; i < n; i++) {
    for (k = 0; k < nwarn[i]; k++) {
      cr_warnings_add(&f->warnings, &f->nwarnings, warn[i][k]);
      free(warn[i][k]);
    }
    free(warn[i]);
  }
  free(warn);
  free(nwarn);
  {
    /* The first failure in file order wins, as one thread would report. */
    worker *bad = NULL;
    for (w = 0; w < nw; w++)
      if (ws[w].rc < 0 && (!bad || ws[w].failed < bad->failed))
        bad = &ws[w];
    rc = bad ? cr_error_set(bad->rc, "%s", bad->message)
             : merge(f, ws, nw, in, n);
  }
  if (rc < 0)
    for (i = 0; i < n; i++)
      machine_dispose(&in[i]);
  for (w = 0; w < nw; w++)
    reader_dispose(&ws[w].rd);
  free(in);
  free(ws);
  free(args);
  return rc;
}

int cr_fleet_set_strict(cr_fleet *f, int strict)
{
  int rc;
  if ((rc = check_open(f, "cr_fleet_set_strict")) < 0)
    return rc;
  f->strict = strict != 0;
  return CR_OK;
}

size_t cr_fleet_warning_count(const cr_fleet *f)
{
  return f ? f->nwarnings : 0;
}

const char *cr_fleet_warning(const cr_fleet *f, size_t index)
{
  return f && index < f->nwarnings ? f->warnings[index] : NULL;
}

int cr_fleet_add_snapshot(cr_fleet *f, const cr_snapshot *snap,
                          const char *name, cr_fleet_role role)
{
  worker w;
  fl_machine m;
  int rc;
  if ((rc = check_open(f, "cr_fleet_add_snapshot")) < 0)
    return rc;
  if (!snap || role < CR_FLEET_ROLE_AUTO || role > CR_FLEET_ROLE_BOTH)
    return cr_error_set(CR_EINVAL, "cr_fleet_add_snapshot: bad argument");
  memset(&w, 0, sizeof w);
  rc = read_machine(&m, &w.rd, snap, name,
                    snap->nsources ? snap->sources[snap->nsources - 1]
                                   : "(snapshot)",
                    role, f->policy, f->nmachines, (size_t)UINT32_MAX / 2 +
                    f->nmachines);
  if (rc >= 0 && (rc = merge(f, &w, 1, &m, 1)) < 0)
    machine_dispose(&m);
  reader_dispose(&w.rd);
  return rc;
}

int cr_fleet_set_policy(cr_fleet *f, const cr_regpol *pol,
                        cr_gpo_apply_to apply_to)
{
  void *buf = NULL;
  size_t len = 0;
  cr_regpol *copy = NULL;
  int rc;
  if ((rc = check_open(f, "cr_fleet_set_policy")) < 0)
    return rc;
  if (!pol || apply_to < CR_GPO_APPLY_CLIENTS || apply_to > CR_GPO_APPLY_BOTH)
    return cr_error_set(CR_EINVAL, "cr_fleet_set_policy: bad argument");
  if (f->nmachines)
    return cr_error_set(CR_EINVAL, "cr_fleet_set_policy: set the policy "
                        "before adding machines");
  /* The fleet keeps its own copy, so the caller may free theirs. */
  if ((rc = cr_regpol_save_buffer(&buf, &len, pol)) >= 0)
    rc = cr_regpol_open_buffer(&copy, buf, len, "(policy)");
  cr_free(buf);
  if (rc < 0)
    return rc;
  cr_regpol_free(f->policy);
  f->policy = copy;
  f->apply_to = (int)apply_to;
  return CR_OK;
}

/* ---------------------------------------------------------------- */
/* Lifetime.                                                        */
/* ---------------------------------------------------------------- */

int cr_fleet_new(cr_fleet **out, const cr_fleet_options *opts)
{
  cr_fleet *f;
  cr_fleet_options def = CR_FLEET_OPTIONS_INIT;
  if (!out)
    return cr_error_set(CR_EINVAL, "cr_fleet_new: out is NULL");
  *out = NULL;
  if (opts && opts->version != CR_FLEET_OPTIONS_VERSION)
    return cr_error_set(CR_EINVAL, "cr_fleet_options version %u is not %u",
                        opts->version, CR_FLEET_OPTIONS_VERSION);
  if (opts && (opts->server_key < CR_SERVER_KEY_AUTO ||
               opts->server_key > CR_SERVER_KEY_ECDSA))
    return cr_error_set(CR_EINVAL, "cr_fleet_new: bad server key %d",
                        (int)opts->server_key);
  if (!(f = cr_calloc(1, sizeof *f)))
    return cr_error_oom();
  f->opts = opts ? *opts : def;
  *out = f;
  return CR_OK;
}

void cr_fleet_free(cr_fleet *f)
{
  class_table ct;
  kind_table kt;
  size_t i;
  if (!f)
    return;
  for (i = 0; i < f->nmachines; i++)
    machine_dispose(&f->machines[i]);
  free(f->machines);
  free(f->machine_class);
  for (i = 0; i < f->ncells; i++)
    cr_match_free(f->cells[i].match);
  free(f->cells);
  fl_index_dispose(&f->cell_index);
  free(f->moves);
  fl_index_dispose(&f->move_index);
  ct.v = f->classes;
  ct.n = f->nclasses;
  ct.ix = f->class_index;
  class_table_dispose(&ct);
  kt.v = f->kinds;
  kt.n = f->nkinds;
  kt.ix = f->kind_index;
  kind_table_dispose(&kt);
  cr_regpol_free(f->policy);
  for (i = 0; i < f->nwarnings; i++)
    free(f->warnings[i]);
  free(f->warnings);
  fl_index_dispose(&f->name_index);
  for (i = 0; i < f->nambiguous; i++)
    free(f->ambiguous[i]);
  free(f->ambiguous);
  free(f->pairs);
  for (i = 0; i < f->npair_files; i++)
    free(f->pair_files[i]);
  free(f->pair_files);
  for (i = 0; i < f->nunknown; i++)
    free(f->unknown[i]);
  free(f->unknown);
  free(f->order);
  free(f->kind_machines);
  free(f);
}
