/*
 * snapshot.c - the in-memory registry image and its public functions.
 * The tree is small (a few hundred keys per machine), so children are kept
 * in plain arrays and searched linearly, case-insensitively.
 */
#include "snapshot.h"
#include "regfile.h"
#include "store.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- */
/* Keys and values.                                                 */
/* ---------------------------------------------------------------- */

static void value_dispose(cr_value *v)
{
  free(v->name);
  free(v->data);
}

static void key_dispose(cr_key *k)
{
  size_t i;
  for (i = 0; i < k->nchildren; i++) {
    key_dispose(k->children[i]);
    free(k->children[i]);
  }
  free(k->children);
  for (i = 0; i < k->nvalues; i++)
    value_dispose(&k->values[i]);
  free(k->values);
  free(k->name);
  memset(k, 0, sizeof *k);
}

static cr_key *key_child(const cr_key *k, const char *name, size_t len)
{
  size_t i;
  for (i = 0; i < k->nchildren; i++) {
    const char *cn = k->children[i]->name;
    if (strlen(cn) == len && cr_strnicmp(cn, name, len) == 0)
      return k->children[i];
  }
  return NULL;
}

static cr_key *key_add_child(cr_key *k, const char *name, size_t len)
{
  cr_key *c;
  if (k->nchildren == k->capchildren) {
    size_t cap = k->capchildren ? k->capchildren * 2 : 4;
    cr_key **p = cr_realloc_array(k->children, cap, sizeof *p);
    if (!p)
      return NULL;
    k->children = p;
    k->capchildren = cap;
  }
  c = cr_calloc(1, sizeof *c);
  if (!c)
    return NULL;
  c->name = cr_strndup(name, len);
  if (!c->name) {
    free(c);
    return NULL;
  }
  c->parent = k;
  k->children[k->nchildren++] = c;
  return c;
}

/*
 * Walks `path` component by component. The root component is matched by
 * its canonical name, so HKLM\x and HKEY_LOCAL_MACHINE\x are one key.
 * Empty components (doubled or trailing backslashes) are skipped.
 */
static int walk(cr_key **out, const cr_snapshot *s, const char *path,
                bool create)
{
  const char *rest = NULL, *root;
  cr_key *k;
  *out = NULL;
  if (!path)
    return cr_error_set(CR_EINVAL, "no registry path given");
  root = cr_reg_root(path, strlen(path), &rest);
  if (!root)
    return cr_error_set(CR_EINVAL, "registry path '%s' does not start with "
                        "a known root such as HKEY_LOCAL_MACHINE", path);
  k = key_child(&s->root, root, strlen(root));
  if (!k) {
    if (!create)
      return CR_ENOTFOUND;
    k = key_add_child((cr_key *)&s->root, root, strlen(root));
    if (!k)
      return cr_error_oom();
  }
  while (*rest) {
    const char *end = strchr(rest, '\\');
    size_t len = end ? (size_t)(end - rest) : strlen(rest);
    if (len) {
      cr_key *c = key_child(k, rest, len);
      if (!c) {
        if (!create)
          return CR_ENOTFOUND;
        c = key_add_child(k, rest, len);
        if (!c)
          return cr_error_oom();
      }
      k = c;
    }
    rest += len;
    if (*rest == '\\')
      rest++;
  }
  *out = k;
  return CR_OK;
}

cr_key *cr_snap_find_key(const cr_snapshot *s, const char *path)
{
  cr_key *k = NULL;
  int rc;
  rc = walk(&k, s, path, false);
  if (rc == CR_ENOTFOUND)
    return NULL;
  return rc < 0 ? NULL : k;
}

int cr_snap_make_key(cr_key **out, cr_snapshot *s, const char *path)
{
  return walk(out, s, path, true);
}

int cr_snap_delete_key(cr_snapshot *s, const char *path)
{
  cr_key *k = cr_snap_find_key(s, path), *p;
  size_t i;
  if (!k)
    return CR_OK;
  p = k->parent;
  for (i = 0; i < p->nchildren; i++) {
    if (p->children[i] == k) {
      memmove(&p->children[i], &p->children[i + 1],
              (p->nchildren - i - 1) * sizeof *p->children);
      p->nchildren--;
      break;
    }
  }
  key_dispose(k);
  free(k);
  return CR_OK;
}

cr_value *cr_key_find_value(const cr_key *k, const char *name)
{
  size_t i;
  if (!name)
    name = "";
  for (i = 0; i < k->nvalues; i++)
    if (cr_stricmp(k->values[i].name, name) == 0)
      return &k->values[i];
  return NULL;
}

int cr_key_set_value(cr_key *k, const char *name, uint32_t type,
                     const void *data, size_t len)
{
  cr_value *v;
  uint8_t *copy = malloc(len ? len : 1);
  if (!copy)
    return cr_error_oom();
  if (len)
    memcpy(copy, data, len);
  if (!name)
    name = "";
  v = cr_key_find_value(k, name);
  if (!v) {
    char *n;
    if (k->nvalues == k->capvalues) {
      size_t cap = k->capvalues ? k->capvalues * 2 : 4;
      cr_value *p = cr_realloc_array(k->values, cap, sizeof *p);
      if (!p) {
        free(copy);
        return cr_error_oom();
      }
      k->values = p;
      k->capvalues = cap;
    }
    n = cr_strdup(name);
    if (!n) {
      free(copy);
      return cr_error_oom();
    }
    v = &k->values[k->nvalues++];
    v->name = n;
  } else {
    free(v->data);
  }
  v->type = type;
  v->data = copy;
  v->len = len;
  return CR_OK;
}

int cr_key_delete_value(cr_key *k, const char *name)
{
  cr_value *v = cr_key_find_value(k, name);
  size_t i;
  if (!v)
    return 0;
  i = (size_t)(v - k->values);
  value_dispose(v);
  memmove(&k->values[i], &k->values[i + 1],
          (k->nvalues - i - 1) * sizeof *k->values);
  k->nvalues--;
  return 1;
}

static void key_path_rec(cr_buf *out, const cr_key *k)
{
  if (k->parent && k->parent->parent) {
    key_path_rec(out, k->parent);
    cr_buf_putc(out, '\\');
  }
  cr_buf_puts(out, k->name);
}

int cr_key_path(cr_buf *out, const cr_key *k)
{
  if (!k->parent)
    return cr_error_set(CR_EINVAL, "the snapshot root has no path");
  key_path_rec(out, k);
  return cr_buf_status(out);
}

static int copy_key(cr_key *to, const cr_key *from)
{
  size_t i;
  int rc;
  for (i = 0; i < from->nvalues; i++) {
    const cr_value *v = &from->values[i];
    if ((rc = cr_key_set_value(to, v->name, v->type, v->data, v->len)) < 0)
      return rc;
  }
  for (i = 0; i < from->nchildren; i++) {
    const cr_key *fc = from->children[i];
    cr_key *tc = key_child(to, fc->name, strlen(fc->name));
    if (!tc && !(tc = key_add_child(to, fc->name, strlen(fc->name))))
      return cr_error_oom();
    if ((rc = copy_key(tc, fc)) < 0)
      return rc;
  }
  return CR_OK;
}

int cr_snap_copy_subtree(cr_snapshot *to, const cr_snapshot *from,
                         const char *path)
{
  const cr_key *src = cr_snap_find_key(from, path);
  cr_key *dst;
  int rc;
  if (!src)
    return CR_OK;
  if ((rc = cr_snap_make_key(&dst, to, path)) < 0)
    return rc;
  return copy_key(dst, src);
}

int cr_snap_add_source(cr_snapshot *s, const char *name)
{
  char **p = cr_realloc_array(s->sources, s->nsources + 1, sizeof *p);
  if (!p)
    return cr_error_oom();
  s->sources = p;
  if (!(p[s->nsources] = cr_strdup(name)))
    return cr_error_oom();
  s->nsources++;
  return CR_OK;
}

int cr_snap_get_dword(uint32_t *out, const cr_snapshot *s, const char *key,
                      const char *name)
{
  const cr_key *k = cr_snap_find_key(s, key);
  const cr_value *v = k ? cr_key_find_value(k, name) : NULL;
  if (!v)
    return CR_ENOTFOUND;
  if (v->type != CR_REG_DWORD || v->len != 4)
    return cr_error_set(CR_EPARSE, "%s\\%s is %s of %zu bytes, expected "
                        "REG_DWORD", key, name, cr_reg_type_name(v->type),
                        v->len);
  *out = (uint32_t)v->data[0] | ((uint32_t)v->data[1] << 8) |
         ((uint32_t)v->data[2] << 16) | ((uint32_t)v->data[3] << 24);
  return CR_OK;
}

int cr_snap_get_string(char **out, const cr_snapshot *s, const char *key,
                       const char *name)
{
  const cr_key *k = cr_snap_find_key(s, key);
  const cr_value *v = k ? cr_key_find_value(k, name) : NULL;
  cr_buf b = CR_BUF_INIT;
  size_t units;
  *out = NULL;
  if (!v)
    return CR_ENOTFOUND;
  if (v->type != CR_REG_SZ && v->type != CR_REG_EXPAND_SZ)
    return cr_error_set(CR_EPARSE, "%s\\%s is %s, expected REG_SZ", key,
                        name, cr_reg_type_name(v->type));
  /* Stop at the first NUL, as RegGetValue does. */
  for (units = 0; units < v->len / 2; units++)
    if (!v->data[2 * units] && !v->data[2 * units + 1])
      break;
  if (cr_utf16_to_utf8(&b, v->data, units) < 0) {
    cr_buf_dispose(&b);
    return CR_ENOMEM;
  }
  *out = cr_buf_detach(&b, NULL);
  return *out ? CR_OK : cr_error_oom();
}

/* ---------------------------------------------------------------- */
/* Public API.                                                      */
/* ---------------------------------------------------------------- */

int cr_snapshot_new(cr_snapshot **out)
{
  if (!out)
    return cr_error_set(CR_EINVAL, "cr_snapshot_new: out is NULL");
  *out = cr_calloc(1, sizeof **out);
  return *out ? CR_OK : cr_error_oom();
}

void cr_snapshot_free(cr_snapshot *snap)
{
  size_t i;
  if (!snap)
    return;
  key_dispose(&snap->root);
  for (i = 0; i < snap->nsources; i++)
    free(snap->sources[i]);
  free(snap->sources);
  for (i = 0; i < snap->nerrorlogs; i++) {
    free(snap->errorlogs[i].instance);
    free(snap->errorlogs[i].path);
    snap->errorlogs[i].dispose(snap->errorlogs[i].log);
    free(snap->errorlogs[i].log);
  }
  free(snap->errorlogs);
  free(snap->declared_os);
  for (i = 0; i < snap->nwarnings; i++)
    free(snap->warnings[i]);
  free(snap->warnings);
  free(snap);
}

void cr_warnings_add(char ***list, size_t *n, const char *message)
{
  char **p;
  const char *m = message;
  if (*n > CR_SNAP_MAX_WARNINGS)
    return;
  if (*n == CR_SNAP_MAX_WARNINGS)
    m = "further reading warnings were dropped (the first 1000 are kept)";
  if (!(p = cr_realloc_array(*list, *n + 1, sizeof *p)))
    return; /* a warning lost to memory is not worth failing the read */
  *list = p;
  if ((p[*n] = cr_strdup(m)) != NULL)
    (*n)++;
}

void cr_snap_add_warning(cr_snapshot *s, const char *message)
{
  cr_warnings_add(&s->warnings, &s->nwarnings, message);
}

int cr_snapshot_set_strict(cr_snapshot *snap, int strict)
{
  if (!snap)
    return cr_error_set(CR_EINVAL, "cr_snapshot_set_strict: no snapshot");
  snap->strict = strict != 0;
  return CR_OK;
}

size_t cr_snapshot_warning_count(const cr_snapshot *snap)
{
  return snap ? snap->nwarnings : 0;
}

const char *cr_snapshot_warning(const cr_snapshot *snap, size_t index)
{
  return snap && index < snap->nwarnings ? snap->warnings[index] : NULL;
}

int cr_snap_attach_errorlog(cr_snapshot *snap, const char *instance,
                            const char *path, struct cr_errorlog *log,
                            void (*dispose)(struct cr_errorlog *log))
{
  cr_snap_errorlog e, *p;
  e.instance = cr_strdup(instance);
  e.path = cr_strdup(path);
  e.log = log;
  e.dispose = dispose;
  p = e.instance && e.path
        ? cr_realloc_array(snap->errorlogs, snap->nerrorlogs + 1, sizeof *p)
        : NULL;
  if (!p) {
    free(e.instance);
    free(e.path);
    dispose(log);
    free(log);
    return cr_error_oom();
  }
  snap->errorlogs = p;
  p[snap->nerrorlogs++] = e;
  return CR_OK;
}

const cr_snap_errorlog *cr_snap_find_errorlog(const cr_snapshot *s,
                                              const char *instance)
{
  size_t i;
  for (i = s && instance ? s->nerrorlogs : 0; i > 0; i--)
    if (!cr_stricmp(s->errorlogs[i - 1].instance, instance))
      return &s->errorlogs[i - 1];
  return NULL;
}

int cr_snapshot_load_buffer(cr_snapshot *snap, const void *data, size_t len,
                            const char *name)
{
  if (!snap || (!data && len))
    return cr_error_set(CR_EINVAL, "cr_snapshot_load_buffer: bad argument");
  return cr_regfile_load(snap, data, len, name ? name : "(buffer)");
}

int cr_snapshot_load_file(cr_snapshot *snap, const char *path)
{
  uint8_t *data;
  size_t len;
  int rc;
  if (!snap || !path)
    return cr_error_set(CR_EINVAL, "cr_snapshot_load_file: bad argument");
  if ((rc = cr_read_file(&data, &len, path)) < 0)
    return rc;
  rc = cr_regfile_load(snap, data, len, path);
  free(data);
  return rc;
}

int cr_snapshot_open_files(cr_snapshot **out, const char *const *paths,
                           size_t count)
{
  cr_snapshot *s;
  size_t i;
  int rc;
  if (!out || (!paths && count))
    return cr_error_set(CR_EINVAL, "cr_snapshot_open_files: bad argument");
  *out = NULL;
  if ((rc = cr_snapshot_new(&s)) < 0)
    return rc;
  for (i = 0; i < count; i++) {
    if ((rc = cr_snapshot_load_file(s, paths[i])) < 0) {
      cr_snapshot_free(s);
      return rc;
    }
  }
  *out = s;
  return CR_OK;
}

int cr_snapshot_load_live(cr_snapshot *snap, const char *key, int recursive)
{
  cr_store *st;
  int rc;
  if (!snap || !key)
    return cr_error_set(CR_EINVAL, "cr_snapshot_load_live: bad argument");
  if ((rc = cr_store_live_open(&st)) < 0)
    return rc;
  rc = st->ops->read_key(st, key, recursive != 0, snap);
  cr_store_close(st);
  if (rc >= 0 && !snap->live) {
    snap->live = true;
    rc = cr_snap_add_source(snap, "live registry");
  }
  return rc;
}

int cr_snapshot_save_buffer(void **out, size_t *out_len,
                            const cr_snapshot *snap)
{
  if (!out || !out_len || !snap)
    return cr_error_set(CR_EINVAL, "cr_snapshot_save_buffer: bad argument");
  return cr_regw_snapshot(out, out_len, snap);
}

int cr_snapshot_save(const cr_snapshot *snap, const char *path)
{
  void *data;
  size_t len;
  int rc;
  if (!snap || !path)
    return cr_error_set(CR_EINVAL, "cr_snapshot_save: bad argument");
  if ((rc = cr_regw_snapshot(&data, &len, snap)) < 0)
    return rc;
  rc = cr_write_file(path, data, len);
  free(data);
  return rc;
}

int cr_snapshot_get_value(uint32_t *type, const void **data, size_t *len,
                          const cr_snapshot *snap, const char *key,
                          const char *name)
{
  const cr_key *k;
  const cr_value *v;
  if (!snap || !key)
    return cr_error_set(CR_EINVAL, "cr_snapshot_get_value: bad argument");
  k = cr_snap_find_key(snap, key);
  v = k ? cr_key_find_value(k, name) : NULL;
  if (!v)
    return cr_error_set(CR_ENOTFOUND, "%s\\%s: no such value", key,
                        name && *name ? name : "(Default)");
  if (type)
    *type = v->type;
  if (data)
    *data = v->data;
  if (len)
    *len = v->len;
  return CR_OK;
}

int cr_snapshot_has_key(const cr_snapshot *snap, const char *key)
{
  return snap && key && cr_snap_find_key(snap, key) != NULL;
}

static void count_rec(const cr_key *k, size_t *keys, size_t *values)
{
  size_t i;
  *values += k->nvalues;
  for (i = 0; i < k->nchildren; i++) {
    (*keys)++;
    count_rec(k->children[i], keys, values);
  }
}

size_t cr_snapshot_key_count(const cr_snapshot *snap)
{
  size_t keys = 0, values = 0;
  if (snap)
    count_rec(&snap->root, &keys, &values);
  return keys;
}

size_t cr_snapshot_value_count(const cr_snapshot *snap)
{
  size_t keys = 0, values = 0;
  if (snap)
    count_rec(&snap->root, &keys, &values);
  return values;
}

/* One direction of the comparison: everything in `a` is in `b`. */
static int subset(cr_buf *why, const cr_key *a, const cr_key *b,
                  const char *side)
{
  size_t i;
  for (i = 0; i < a->nvalues; i++) {
    const cr_value *va = &a->values[i];
    const cr_value *vb = cr_key_find_value(b, va->name);
    if (!vb || vb->type != va->type || vb->len != va->len ||
        (va->len && memcmp(va->data, vb->data, va->len) != 0)) {
      if (why) {
        cr_key_path(why, a);
        cr_buf_printf(why, " value '%s': %s (%s, %zu bytes) vs %s",
                      va->name, side, cr_reg_type_name(va->type), va->len,
                      vb ? cr_reg_type_name(vb->type) : "absent");
        if (vb)
          cr_buf_printf(why, " (%zu bytes)", vb->len);
      }
      return 0;
    }
  }
  for (i = 0; i < a->nchildren; i++) {
    const cr_key *ca = a->children[i];
    const cr_key *cb = key_child(b, ca->name, strlen(ca->name));
    if (!cb) {
      if (why) {
        cr_buf_printf(why, "key ");
        cr_key_path(why, ca);
        cr_buf_printf(why, " only in %s", side);
      }
      return 0;
    }
    if (!subset(why, ca, cb, side))
      return 0;
  }
  return 1;
}

int cr_snapshot_equal(char **why, const cr_snapshot *a, const cr_snapshot *b)
{
  cr_buf w = CR_BUF_INIT;
  int eq;
  if (why)
    *why = NULL;
  if (!a || !b)
    return a == b;
  eq = subset(why ? &w : NULL, &a->root, &b->root, "first") &&
       subset(why ? &w : NULL, &b->root, &a->root, "second");
  if (why && !eq)
    *why = cr_buf_detach(&w, NULL);
  cr_buf_dispose(&w);
  return eq;
}

int cr_value_render(cr_buf *out, uint32_t type, const uint8_t *data,
                    size_t len)
{
  size_t i;
  if ((type == CR_REG_DWORD || type == CR_REG_DWORD_BIG_ENDIAN) && len == 4) {
    uint32_t v = type == CR_REG_DWORD
      ? (uint32_t)data[0] | ((uint32_t)data[1] << 8) |
        ((uint32_t)data[2] << 16) | ((uint32_t)data[3] << 24)
      : (uint32_t)data[3] | ((uint32_t)data[2] << 8) |
        ((uint32_t)data[1] << 16) | ((uint32_t)data[0] << 24);
    return cr_buf_printf(out, "%lu (0x%08lx)", (unsigned long)v,
                         (unsigned long)v);
  }
  if (type == CR_REG_QWORD && len == 8) {
    uint64_t v = 0;
    for (i = 8; i-- > 0;)
      v = (v << 8) | data[i];
    return cr_buf_printf(out, "%llu", (unsigned long long)v);
  }
  if (type == CR_REG_SZ || type == CR_REG_EXPAND_SZ || type == CR_REG_MULTI_SZ) {
    size_t start = 0, units = len / 2;
    bool first = true;
    if (type == CR_REG_MULTI_SZ)
      cr_buf_putc(out, '[');
    for (i = 0; i <= units; i++) {
      bool end = i == units || (!data[2 * i] && !data[2 * i + 1]);
      if (!end)
        continue;
      if (i > start || (type != CR_REG_MULTI_SZ && first)) {
        if (!first)
          cr_buf_puts(out, ", ");
        cr_buf_putc(out, '"');
        cr_utf16_to_utf8(out, data + 2 * start, i - start);
        cr_buf_putc(out, '"');
        first = false;
      }
      if (type != CR_REG_MULTI_SZ)
        break;
      start = i + 1;
    }
    if (type == CR_REG_MULTI_SZ)
      cr_buf_putc(out, ']');
    return cr_buf_status(out);
  }
  cr_buf_printf(out, "hex(%lx):", (unsigned long)type);
  for (i = 0; i < len && i < 64; i++)
    cr_buf_printf(out, "%s%02x", i ? "," : "", data[i]);
  if (len > 64)
    cr_buf_printf(out, ",... (%zu bytes)", len);
  return cr_buf_status(out);
}
