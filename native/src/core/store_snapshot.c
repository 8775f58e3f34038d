/*
 * store_snapshot.c - the in-memory implementation of the store table, and
 * the public syscall-override functions. Writes go through a small table of
 * overridable calls (as the Win32 backend's) so that tests can inject a
 * failure between two writes on any platform.
 */
#include "store.h"

#include <stdlib.h>
#include <string.h>

typedef struct snapshot_store {
  cr_store base;
  cr_snapshot *snap;
} snapshot_store;

/* The default "system calls" of the in-memory store. */
static int snapshot_set_value(cr_snapshot *s, const char *key,
                              const char *name, uint32_t type,
                              const void *data, size_t len)
{
  cr_key *k;
  int rc = cr_snap_make_key(&k, s, key);
  return rc < 0 ? rc : cr_key_set_value(k, name, type, data, len);
}

static int snapshot_delete_value(cr_snapshot *s, const char *key,
                                 const char *name)
{
  cr_key *k = cr_snap_find_key(s, key);
  if (k)
    cr_key_delete_value(k, name);
  return CR_OK;
}

static int snapshot_delete_key(cr_snapshot *s, const char *key)
{
  return cr_snap_delete_key(s, key);
}

static int snapshot_create_key(cr_snapshot *s, const char *key)
{
  cr_key *k;
  return cr_snap_make_key(&k, s, key);
}

typedef int (*set_value_fn)(cr_snapshot *, const char *, const char *,
                            uint32_t, const void *, size_t);
typedef int (*delete_value_fn)(cr_snapshot *, const char *, const char *);
typedef int (*key_fn)(cr_snapshot *, const char *);

cr_syscall cr_snapshot_syscalls[] = {
  { "snapshot_set_value", (cr_syscall_ptr)snapshot_set_value,
    (cr_syscall_ptr)snapshot_set_value },
  { "snapshot_delete_value", (cr_syscall_ptr)snapshot_delete_value,
    (cr_syscall_ptr)snapshot_delete_value },
  { "snapshot_delete_key", (cr_syscall_ptr)snapshot_delete_key,
    (cr_syscall_ptr)snapshot_delete_key },
  { "snapshot_create_key", (cr_syscall_ptr)snapshot_create_key,
    (cr_syscall_ptr)snapshot_create_key },
};
const size_t cr_snapshot_syscall_count =
  sizeof cr_snapshot_syscalls / sizeof cr_snapshot_syscalls[0];

#define os_set_value ((set_value_fn)cr_snapshot_syscalls[0].current)
#define os_delete_value ((delete_value_fn)cr_snapshot_syscalls[1].current)
#define os_delete_key ((key_fn)cr_snapshot_syscalls[2].current)
#define os_create_key ((key_fn)cr_snapshot_syscalls[3].current)

static cr_snapshot *snap_of(cr_store *st)
{
  return ((snapshot_store *)st)->snap;
}

static int mem_read_key(cr_store *st, const char *key, bool recursive,
                        cr_snapshot *into)
{
  const cr_key *src = cr_snap_find_key(snap_of(st), key);
  cr_key *dst;
  size_t i;
  int rc;
  if (!src)
    return CR_OK;
  if (recursive)
    return cr_snap_copy_subtree(into, snap_of(st), key);
  if ((rc = cr_snap_make_key(&dst, into, key)) < 0)
    return rc;
  for (i = 0; i < src->nvalues; i++) {
    const cr_value *v = &src->values[i];
    if ((rc = cr_key_set_value(dst, v->name, v->type, v->data, v->len)) < 0)
      return rc;
  }
  return CR_OK;
}

static int mem_key_exists(cr_store *st, const char *key)
{
  return cr_snap_find_key(snap_of(st), key) != NULL;
}

static int mem_set_value(cr_store *st, const char *key, const char *name,
                         uint32_t type, const void *data, size_t len)
{
  return os_set_value(snap_of(st), key, name, type, data, len);
}

static int mem_delete_value(cr_store *st, const char *key, const char *name)
{
  return os_delete_value(snap_of(st), key, name);
}

static int mem_create_key(cr_store *st, const char *key)
{
  return os_create_key(snap_of(st), key);
}

static int mem_delete_key(cr_store *st, const char *key)
{
  return os_delete_key(snap_of(st), key);
}

static void mem_close(cr_store *st) { free(st); }

static const cr_store_ops snapshot_store_ops = {
  "snapshot", false, mem_read_key, mem_key_exists, mem_set_value, mem_delete_value,
  mem_create_key, mem_delete_key, mem_close
};

int cr_store_snapshot_open(cr_store **out, cr_snapshot *snap)
{
  snapshot_store *s = cr_calloc(1, sizeof *s);
  if (!s)
    return cr_error_oom();
  s->base.ops = &snapshot_store_ops;
  s->snap = snap;
  *out = &s->base;
  return CR_OK;
}

void cr_store_close(cr_store *st)
{
  if (st)
    st->ops->close(st);
}

/* ---------------------------------------------------------------- */
/* Public syscall overrides: every backend's table, searched by name. */
/* ---------------------------------------------------------------- */

#define NTABLES 3

static void syscall_tables(cr_syscall *t[NTABLES], size_t n[NTABLES])
{
  t[0] = cr_snapshot_syscalls;
  n[0] = cr_snapshot_syscall_count;
  t[1] = cr_live_syscalls;
  n[1] = cr_live_syscall_count;
  t[2] = cr_certstore_syscalls;
  n[2] = cr_certstore_syscall_count;
}

static cr_syscall *syscall_find(const char *name, size_t *table, size_t *idx)
{
  cr_syscall *t[NTABLES];
  size_t n[NTABLES], i, j;
  syscall_tables(t, n);
  for (i = 0; i < NTABLES; i++)
    for (j = 0; j < n[i]; j++)
      if (name && strcmp(t[i][j].name, name) == 0) {
        if (table)
          *table = i;
        if (idx)
          *idx = j;
        return &t[i][j];
      }
  return NULL;
}

int cr_syscall_set(const char *name, cr_syscall_ptr fn)
{
  cr_syscall *s = syscall_find(name, NULL, NULL);
  if (!s)
    return cr_error_set(CR_ENOTFOUND, "no overridable system call named "
                        "'%s'", name ? name : "(null)");
  s->current = fn ? fn : s->def;
  return CR_OK;
}

cr_syscall_ptr cr_syscall_get(const char *name)
{
  cr_syscall *s = syscall_find(name, NULL, NULL);
  return s ? s->current : NULL;
}

const char *cr_syscall_next(const char *name)
{
  cr_syscall *t[NTABLES];
  size_t n[NTABLES], ti = 0, i = 0;
  syscall_tables(t, n);
  if (name) {
    if (!syscall_find(name, &ti, &i))
      return NULL;
    i++;
  }
  for (; ti < NTABLES; ti++, i = 0)
    if (i < n[ti])
      return t[ti][i].name;
  return NULL;
}
