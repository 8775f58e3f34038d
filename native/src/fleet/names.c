/*
 * names.c - which machine a name in a --pairs file means, and loading
 * the pairs. A machine answers to its host name and to host.domain, in any
 * case; a name as SQL Server writes it is reduced to its host first
 * ("tcp:SQL01.corp.example,1433" and "SQL01\PROD" are SQL01), and a fully
 * qualified name whose machine is only known by its host name finds it.
 */
#include "fleet.h"

#include "pairs.h"

#include <stdlib.h>
#include <string.h>

typedef struct name_probe {
  const cr_fleet *f;
  const char *s;
  size_t n;
} name_probe;

static bool name_eq(const void *ctx, uint32_t item)
{
  const name_probe *p = ctx;
  const fl_machine *m = &p->f->machines[item];
  return (m->name_len == p->n && cr_strnicmp(m->name, p->s, p->n) == 0) ||
         (m->fqdn && m->fqdn_len == p->n && cr_strnicmp(m->fqdn, p->s, p->n) == 0);
}

static long find_name(const cr_fleet *f, const char *s, size_t n)
{
  name_probe p;
  p.f = f;
  p.s = s;
  p.n = n;
  return fl_index_find(&f->name_index, fl_hash(s, n, true), name_eq, &p);
}

static int add_string(char ***v, size_t *n, const char *s, size_t len)
{
  char **p = cr_realloc_array(*v, *n + 1, sizeof *p);
  if (!p)
    return cr_error_oom();
  *v = p;
  if (!(p[*n] = cr_strndup(s, len)))
    return cr_error_oom();
  (*n)++;
  return CR_OK;
}

/* Indexes the names of the machines added since the last call. A name two
 * machines claim goes to the first, and the report says so. */
int cr_fleet_index_names(cr_fleet *f)
{
  size_t i, k;
  int rc = fl_index_reserve(&f->name_index, 2 * f->nmachines);
  for (i = f->names_indexed; rc >= 0 && i < f->nmachines; i++) {
    const fl_machine *m = &f->machines[i];
    const char *names[2];
    names[0] = m->name;
    names[1] = m->fqdn;
    for (k = 0; rc >= 0 && k < 2; k++) {
      long other;
      if (!names[k])
        continue;
      other = find_name(f, names[k], strlen(names[k]));
      if (other < 0) {
        rc = fl_index_add(&f->name_index,
                          fl_hash(names[k], strlen(names[k]), true),
                          (uint32_t)i);
      } else if ((size_t)other != i && k == 0) { /* host.domain follows */
        size_t a;
        for (a = 0; a < f->nambiguous; a++)
          if (!cr_stricmp(f->ambiguous[a], names[k]))
            break;
        if (a == f->nambiguous)
          rc = add_string(&f->ambiguous, &f->nambiguous, names[k],
                          strlen(names[k]));
      }
    }
  }
  if (rc >= 0)
    f->names_indexed = f->nmachines;
  return rc;
}

/* A name as an export writes it, reduced to a host: a protocol prefix
 * ("tcp:"), an instance ("\\PROD"), a port (",1433") and a trailing dot
 * go. */
static void host_of(const char **s, size_t *n)
{
  static const char *const prefixes[] = { "tcp:", "np:", "lpc:", "admin:" };
  const char *p = *s, *e = p + *n, *c;
  size_t k;
  for (k = 0; memchr(p, ':', *n) && k < sizeof prefixes / sizeof prefixes[0];
       k++) {
    size_t pl = strlen(prefixes[k]);
    if ((size_t)(e - p) > pl && cr_strnicmp(p, prefixes[k], pl) == 0) {
      p += pl;
      break;
    }
  }
  for (c = p; c < e; c++)
    if (*c == '\\' || *c == ',') {
      e = c;
      break;
    }
  while (e > p && (e[-1] == '.' || e[-1] == ' '))
    e--;
  *s = p;
  *n = (size_t)(e - p);
}

/* The machine a pair names, or -1. */
static long lookup(const cr_fleet *f, const char *s, size_t n)
{
  const char *dot;
  long m;
  host_of(&s, &n);
  if (!n)
    return -1;
  if ((m = find_name(f, s, n)) >= 0)
    return m;
  if ((dot = memchr(s, '.', n)) != NULL && dot > s)
    return find_name(f, s, (size_t)(dot - s));
  return -1;
}

static int remember_unknown(cr_fleet *f, const char *s, size_t n)
{
  size_t i;
  for (i = 0; i < f->nunknown; i++)
    if (strlen(f->unknown[i]) == n && cr_strnicmp(f->unknown[i], s, n) == 0)
      return CR_OK;
  f->unknown_total++; /* distinct among the first 20; a count after that */
  return f->nunknown < 20 ? add_string(&f->unknown, &f->nunknown, s, n)
                          : CR_OK;
}

/* The last name looked up on one side: exports list a client's
 * connections together, so most rows repeat the client of the row before. */
typedef struct memo {
  char name[256];
  size_t n;
  long machine;
} memo;

static long remembered(memo *m, const cr_fleet *f, const char *s, size_t n)
{
  if (n < sizeof m->name && n == m->n && memcmp(m->name, s, n) == 0)
    return m->machine;
  m->machine = lookup(f, s, n);
  m->n = n < sizeof m->name ? n : 0;
  memcpy(m->name, s, m->n);
  return m->machine;
}

typedef struct pair_load {
  cr_fleet *f;
  size_t unknown_rows;
  memo client, server;
} pair_load;

static int pair_row(void *ctx, const char *client, size_t clen,
                    const char *server, size_t slen, size_t line)
{
  pair_load *pl = ctx;
  cr_fleet *f = pl->f;
  long c = remembered(&pl->client, f, client, clen);
  long s = remembered(&pl->server, f, server, slen);
  int rc;
  (void)line;
  if (c < 0 || s < 0) {
    pl->unknown_rows++;
    if (c < 0 && (rc = remember_unknown(f, client, clen)) < 0)
      return rc;
    if (s < 0 && (rc = remember_unknown(f, server, slen)) < 0)
      return rc;
    return CR_OK;
  }
  if (f->npairs == f->pairs_cap) {
    size_t cap = f->pairs_cap ? f->pairs_cap * 2 : 4096;
    uint64_t *p = cr_realloc_array(f->pairs, cap, sizeof *p);
    if (!p)
      return cr_error_oom();
    f->pairs = p;
    f->pairs_cap = cap;
  }
  f->pairs[f->npairs++] = (uint64_t)c << 32 | (uint64_t)s;
  return CR_OK;
}

int cr_fleet_load_pairs_buffer(cr_fleet *f, const void *data, size_t len,
                               const char *name)
{
  cr_pairs_stats st;
  pair_load pl;
  size_t before_pairs, before_unknown, before_total, i;
  int rc;
  if (!f)
    return cr_error_set(CR_EINVAL, "cr_fleet_load_pairs: no fleet");
  if (f->ran)
    return cr_error_set(CR_EINVAL, "cr_fleet_load_pairs: the fleet has been "
                        "judged already");
  if (!data && len)
    return cr_error_set(CR_EINVAL, "cr_fleet_load_pairs: no data");
  if ((rc = cr_fleet_index_names(f)) < 0)
    return rc;
  if (!name)
    name = "(pairs)";
  memset(&pl, 0, sizeof pl);
  pl.f = f;
  before_pairs = f->npairs;
  before_unknown = f->nunknown;
  before_total = f->unknown_total;
  rc = cr_pairs_read(&st, data ? data : (const void *)"", len, name,
                     pair_row, &pl);
  if (rc >= 0)
    rc = add_string(&f->pair_files, &f->npair_files, name, strlen(name));
  if (rc < 0) { /* nothing of the file stays */
    f->npairs = before_pairs;
    for (i = before_unknown; i < f->nunknown; i++)
      free(f->unknown[i]);
    f->nunknown = before_unknown;
    f->unknown_total = before_total;
    return rc;
  }
  f->have_pairs = true;
  f->pair_rows += st.rows;
  f->pair_skipped += st.skipped;
  f->pair_no_name += st.no_name;
  f->pair_unknown_rows += pl.unknown_rows;
  return CR_OK;
}

int cr_fleet_load_pairs(cr_fleet *f, const char *path)
{
  uint8_t *data = NULL;
  size_t len = 0;
  int rc;
  if (!f || !path)
    return cr_error_set(CR_EINVAL, "cr_fleet_load_pairs: bad argument");
  if ((rc = cr_read_file(&data, &len, path)) < 0)
    return rc;
  rc = cr_fleet_load_pairs_buffer(f, data, len, path);
  free(data);
  return rc;
}
