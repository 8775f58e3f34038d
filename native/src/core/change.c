/*
 * change.c - change plans and the engine that applies them to a store.
 *
 * The engine never trusts a write: it captures the prior state of every key
 * a plan touches, works out the exact undo by simulating the plan on that
 * capture, writes the undo as a .reg file before the first write, applies
 * the operations, captures again and compares with the simulation. Any
 * failure (a write, or a read-back that differs) replays the undo and
 * checks that the prior state is back.
 */
#include "change.h"
#include "json.h"
#include "regfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- */
/* Plans.                                                           */
/* ---------------------------------------------------------------- */

int cr_change_new(cr_change **out, const char *title, const char *note)
{
  cr_change *c = cr_calloc(1, sizeof *c);
  if (!c)
    return cr_error_oom();
  c->title = cr_strdup(title ? title : "registry change");
  c->note = note ? cr_strdup(note) : NULL;
  if (!c->title || (note && !c->note)) {
    cr_change_free(c);
    return cr_error_oom();
  }
  *out = c;
  return CR_OK;
}

void cr_change_free(cr_change *c)
{
  size_t i;
  if (!c)
    return;
  for (i = 0; i < c->nops; i++) {
    free(c->ops[i].key);
    free(c->ops[i].name);
    free(c->ops[i].data);
  }
  free(c->ops);
  free(c->title);
  free(c->note);
  free(c);
}

static int add_op(cr_change *c, cr_op_kind kind, const char *key,
                  const char *name, uint32_t type, const void *data,
                  size_t len)
{
  cr_op *p = cr_realloc_array(c->ops, c->nops + 1, sizeof *p), *op;
  if (!p)
    return cr_error_oom();
  c->ops = p;
  op = &c->ops[c->nops];
  memset(op, 0, sizeof *op);
  op->kind = kind;
  op->key = cr_strdup(key);
  op->name = name ? cr_strdup(name) : NULL;
  op->type = type;
  if (kind == CR_OP_SET_VALUE) {
    op->data = malloc(len ? len : 1);
    if (op->data && len)
      memcpy(op->data, data, len);
    op->len = len;
  }
  if (!op->key || (name && !op->name) ||
      (kind == CR_OP_SET_VALUE && !op->data)) {
    free(op->key);
    free(op->name);
    free(op->data);
    return cr_error_oom();
  }
  c->nops++;
  return CR_OK;
}

int cr_change_add_set(cr_change *c, const char *key, const char *name,
                      uint32_t type, const void *data, size_t len)
{
  return add_op(c, CR_OP_SET_VALUE, key, name ? name : "", type, data, len);
}

int cr_change_add_dword(cr_change *c, const char *key, const char *name,
                        uint32_t v)
{
  uint8_t le[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
                    (uint8_t)(v >> 24) };
  return cr_change_add_set(c, key, name, CR_REG_DWORD, le, 4);
}

int cr_change_add_delete_value(cr_change *c, const char *key,
                               const char *name)
{
  return add_op(c, CR_OP_DELETE_VALUE, key, name ? name : "", 0, NULL, 0);
}

int cr_change_add_create_key(cr_change *c, const char *key)
{
  return add_op(c, CR_OP_CREATE_KEY, key, NULL, 0, NULL, 0);
}

int cr_change_add_delete_key(cr_change *c, const char *key)
{
  return add_op(c, CR_OP_DELETE_KEY, key, NULL, 0, NULL, 0);
}

size_t cr_change_op_count(const cr_change *c) { return c ? c->nops : 0; }

/* ---------------------------------------------------------------- */
/* Capture and simulation.                                          */
/* ---------------------------------------------------------------- */

/*
 * Reads, for every key the plan touches, the key itself (with its subtree
 * when the plan deletes it) and which of its ancestors exist, so that the
 * capture tells "absent" from "present but empty" all the way up.
 */
static int capture(cr_store *st, const cr_change *c, cr_snapshot *into)
{
  size_t i;
  int rc;
  for (i = 0; i < c->nops; i++) {
    const char *key = c->ops[i].key, *p;
    for (p = strchr(key, '\\'); p; p = strchr(p + 1, '\\')) {
      char *anc = cr_strndup(key, (size_t)(p - key));
      cr_key *k;
      if (!anc)
        return cr_error_oom();
      /* Roots always exist. Other ancestors exist when the store says so,
       * or when it cannot know (a snapshot holds only the keys collected):
       * then they are taken as existing, so the undo never deletes a key
       * it did not create, such as HKLM\SOFTWARE\Policies. */
      if (!strchr(anc, '\\') || !st->ops->sees_all_keys)
        rc = cr_snap_make_key(&k, into, anc);
      else if ((rc = st->ops->key_exists(st, anc)) == 1)
        rc = cr_snap_make_key(&k, into, anc);
      free(anc);
      if (rc < 0)
        return rc;
    }
    rc = st->ops->read_key(st, key, c->ops[i].kind == CR_OP_DELETE_KEY,
                           into);
    if (rc < 0)
      return rc;
  }
  return CR_OK;
}

/* Applies one operation to a snapshot (the simulation). */
static int sim_apply(cr_snapshot *s, const cr_op *op)
{
  cr_key *k;
  int rc;
  switch (op->kind) {
  case CR_OP_SET_VALUE:
    if ((rc = cr_snap_make_key(&k, s, op->key)) < 0)
      return rc;
    return cr_key_set_value(k, op->name, op->type, op->data, op->len);
  case CR_OP_DELETE_VALUE:
    if ((k = cr_snap_find_key(s, op->key)) != NULL)
      cr_key_delete_value(k, op->name);
    return CR_OK;
  case CR_OP_CREATE_KEY:
    return cr_snap_make_key(&k, s, op->key);
  case CR_OP_DELETE_KEY:
    return cr_snap_delete_key(s, op->key);
  }
  return CR_EINVAL;
}

/* The highest ancestor-or-self of `key` that `s` lacks (cr_free). */
static char *topmost_missing(const cr_snapshot *s, const char *key)
{
  const char *p;
  for (p = strchr(key, '\\'); p; p = strchr(p + 1, '\\')) {
    char *anc = cr_strndup(key, (size_t)(p - key));
    if (!anc || !cr_snap_find_key(s, anc))
      return anc;
    free(anc);
  }
  return cr_strdup(key);
}

static int undo_subtree(cr_change *u, const cr_key *k)
{
  cr_buf path = CR_BUF_INIT;
  size_t i;
  int rc;
  if ((rc = cr_key_path(&path, k)) < 0)
    goto out;
  if ((rc = cr_change_add_create_key(u, path.ptr)) < 0)
    goto out;
  for (i = 0; i < k->nvalues && rc >= 0; i++)
    rc = cr_change_add_set(u, path.ptr, k->values[i].name,
                           k->values[i].type, k->values[i].data,
                           k->values[i].len);
  for (i = 0; i < k->nchildren && rc >= 0; i++)
    rc = undo_subtree(u, k->children[i]);
out:
  cr_buf_dispose(&path);
  return rc;
}

/* What restores `sim`'s state of the things `op` is about to change.
 * `exact` says the store sees every key (live): then a key the change
 * creates is deleted again. A snapshot cannot vouch that a key it lacks is
 * absent on the machine, so there the undo only removes what was written
 * and never deletes a key. */
static int undo_for(cr_change *u, const cr_snapshot *sim, const cr_op *op,
                    bool exact)
{
  const cr_key *k = cr_snap_find_key(sim, op->key);
  const cr_value *v;
  int rc;
  if (op->kind == CR_OP_DELETE_KEY)
    return k ? undo_subtree(u, k) : CR_OK;
  if (!k && !exact) {
    if (op->kind == CR_OP_SET_VALUE)
      return cr_change_add_delete_value(u, op->key, op->name);
    return CR_OK;
  }
  if (!k) {
    char *top = topmost_missing(sim, op->key);
    if (!top)
      return cr_error_oom();
    rc = cr_change_add_delete_key(u, top);
    free(top);
    return rc;
  }
  if (op->kind == CR_OP_CREATE_KEY)
    return CR_OK;
  v = cr_key_find_value(k, op->name);
  if (v)
    return cr_change_add_set(u, op->key, v->name, v->type, v->data, v->len);
  return cr_change_add_delete_value(u, op->key, op->name);
}

/* Copies every key of `from` into the empty snapshot `to`. */
static int copy_snapshot(cr_snapshot *to, const cr_snapshot *from)
{
  size_t i;
  int rc = CR_OK;
  for (i = 0; i < from->root.nchildren && rc >= 0; i++) {
    cr_buf p = CR_BUF_INIT;
    cr_key_path(&p, from->root.children[i]);
    rc = cr_snap_copy_subtree(to, from, p.ptr ? p.ptr : "");
    cr_buf_dispose(&p);
  }
  return rc;
}

/*
 * Simulates `c` on a copy of `before`: fills `sim` with the expected end
 * state and `undo` with one undo block per operation, in reverse order.
 * undo_start[i] is where operation i's block starts inside `undo`.
 */
static int simulate(const cr_change *c, const cr_snapshot *before,
                    cr_snapshot *sim, cr_change *undo, size_t *undo_start,
                    bool exact)
{
  cr_change **blocks;
  size_t i, j;
  int rc = CR_OK;
  size_t ri;
  if ((rc = copy_snapshot(sim, before)) < 0)
    return rc;
  blocks = cr_calloc(c->nops, sizeof *blocks);
  if (!blocks)
    return cr_error_oom();
  for (i = 0; i < c->nops && rc >= 0; i++) {
    rc = cr_change_new(&blocks[i], NULL, NULL);
    if (rc >= 0)
      rc = undo_for(blocks[i], sim, &c->ops[i], exact);
    if (rc >= 0)
      rc = sim_apply(sim, &c->ops[i]);
  }
  /* Concatenate the blocks last operation first. */
  for (ri = c->nops; ri-- > 0 && rc >= 0;) {
    undo_start[ri] = undo->nops;
    for (j = 0; blocks[ri] && j < blocks[ri]->nops && rc >= 0; j++) {
      const cr_op *op = &blocks[ri]->ops[j];
      rc = add_op(undo, op->kind, op->key, op->name, op->type, op->data,
                  op->len);
    }
  }
  for (i = 0; i < c->nops; i++)
    cr_change_free(blocks[i]);
  free(blocks);
  return rc;
}

/* ---------------------------------------------------------------- */
/* Rendering a plan as .reg and as text.                            */
/* ---------------------------------------------------------------- */

static int ops_to_reg(void **out, size_t *len, const cr_change *c)
{
  cr_buf b = CR_BUF_INIT;
  const char *cur = NULL;
  size_t i;
  int rc = cr_regw_begin(&b);
  for (i = 0; i < c->nops && rc >= 0; i++) {
    const cr_op *op = &c->ops[i];
    if (op->kind == CR_OP_DELETE_KEY) {
      rc = cr_regw_delete_key(&b, op->key);
      cur = NULL;
      continue;
    }
    if (!cur || cr_stricmp(cur, op->key) != 0) {
      rc = cr_regw_key(&b, op->key);
      cur = op->key;
    }
    if (rc < 0)
      break;
    if (op->kind == CR_OP_SET_VALUE)
      rc = cr_regw_value(&b, op->name, op->type, op->data, op->len);
    else if (op->kind == CR_OP_DELETE_VALUE)
      rc = cr_regw_delete_value(&b, op->name);
  }
  if (rc >= 0)
    rc = cr_regw_finish(out, len, &b);
  cr_buf_dispose(&b);
  return rc;
}

static int write_ops(const cr_change *c, const char *path)
{
  void *data;
  size_t len;
  int rc = ops_to_reg(&data, &len, c);
  if (rc < 0)
    return rc;
  rc = cr_write_file(path, data, len);
  free(data);
  return rc;
}

int cr_change_write_reg(const cr_change *c, const char *path)
{
  if (!c || !path)
    return cr_error_set(CR_EINVAL, "cr_change_write_reg: bad argument");
  return write_ops(c, path);
}

static int undo_from_snapshot(cr_change **undo, const cr_change *c,
                              const cr_snapshot *before, bool exact)
{
  cr_snapshot *sim = NULL;
  size_t *starts;
  int rc;
  *undo = NULL;
  starts = cr_calloc(c->nops ? c->nops : 1, sizeof *starts);
  if (!starts)
    return cr_error_oom();
  if ((rc = cr_snapshot_new(&sim)) < 0 ||
      (rc = cr_change_new(undo, "undo", NULL)) < 0 ||
      (rc = simulate(c, before, sim, *undo, starts, exact)) < 0) {
    cr_change_free(*undo);
    *undo = NULL;
  }
  cr_snapshot_free(sim);
  free(starts);
  return rc;
}

int cr_change_write_backup(const cr_change *c, const cr_snapshot *snap,
                           const char *path)
{
  cr_snapshot *before = NULL;
  cr_change *undo = NULL;
  cr_store *st = NULL;
  int rc;
  if (!c || !snap || !path)
    return cr_error_set(CR_EINVAL, "cr_change_write_backup: bad argument");
  if ((rc = cr_snapshot_new(&before)) < 0)
    return rc;
  if ((rc = cr_store_snapshot_open(&st, (cr_snapshot *)snap)) >= 0 &&
      (rc = capture(st, c, before)) >= 0 &&
      (rc = undo_from_snapshot(&undo, c, before, st->ops->sees_all_keys)) >= 0)
    rc = write_ops(undo, path);
  cr_store_close(st);
  cr_change_free(undo);
  cr_snapshot_free(before);
  return rc;
}

static const char *op_verb(cr_op_kind k)
{
  switch (k) {
  case CR_OP_SET_VALUE: return "set";
  case CR_OP_DELETE_VALUE: return "delete value";
  case CR_OP_CREATE_KEY: return "create key";
  case CR_OP_DELETE_KEY: return "delete key";
  }
  return "?";
}

static void render_current(cr_buf *b, const cr_snapshot *snap,
                           const cr_op *op)
{
  const cr_key *k = snap ? cr_snap_find_key(snap, op->key) : NULL;
  const cr_value *v;
  if (!snap) {
    cr_buf_puts(b, "unknown");
  } else if (op->kind == CR_OP_CREATE_KEY || op->kind == CR_OP_DELETE_KEY) {
    cr_buf_puts(b, k ? "key exists" : "key absent");
  } else if (!k || !(v = cr_key_find_value(k, op->name))) {
    cr_buf_puts(b, "absent");
  } else {
    cr_value_render(b, v->type, v->data, v->len);
  }
}

int cr_change_describe(char **out, const cr_change *c,
                       const cr_snapshot *snap)
{
  cr_buf b = CR_BUF_INIT;
  size_t i;
  if (!out || !c)
    return cr_error_set(CR_EINVAL, "cr_change_describe: bad argument");
  cr_buf_printf(&b, "%s\n", c->title);
  if (!c->nops)
    cr_buf_puts(&b, "  nothing to do: every value is already as wanted\n");
  for (i = 0; i < c->nops; i++) {
    const cr_op *op = &c->ops[i];
    cr_buf_printf(&b, "  %s %s", op_verb(op->kind), op->key);
    if (op->name)
      cr_buf_printf(&b, "\\%s", *op->name ? op->name : "(Default)");
    if (op->kind == CR_OP_SET_VALUE) {
      cr_buf_puts(&b, " = ");
      cr_value_render(&b, op->type, op->data, op->len);
    }
    cr_buf_puts(&b, "  (now: ");
    render_current(&b, snap, op);
    cr_buf_puts(&b, ")\n");
  }
  if (c->note)
    cr_buf_printf(&b, "Note: %s\n", c->note);
  if (cr_buf_status(&b) < 0) {
    cr_buf_dispose(&b);
    return CR_ENOMEM;
  }
  *out = cr_buf_detach(&b, NULL);
  return CR_OK;
}

int cr_change_to_json(char **out, const cr_change *c,
                      const cr_snapshot *snap)
{
  cr_buf b = CR_BUF_INIT, tmp = CR_BUF_INIT;
  cr_json j;
  size_t i;
  if (!out || !c)
    return cr_error_set(CR_EINVAL, "cr_change_to_json: bad argument");
  cr_json_init(&j, &b);
  cr_json_obj(&j, NULL);
  cr_json_str(&j, "schema", "connreset.change/1");
  cr_json_str(&j, "title", c->title);
  cr_json_str(&j, "note", c->note);
  cr_json_arr(&j, "operations");
  for (i = 0; i < c->nops; i++) {
    const cr_op *op = &c->ops[i];
    cr_json_obj(&j, NULL);
    cr_json_str(&j, "op", op_verb(op->kind));
    cr_json_str(&j, "key", op->key);
    cr_json_str(&j, "value", op->name);
    if (op->kind == CR_OP_SET_VALUE) {
      cr_json_str(&j, "type", cr_reg_type_name(op->type));
      cr_value_render(&tmp, op->type, op->data, op->len);
      cr_json_str(&j, "data", tmp.ptr);
      cr_buf_dispose(&tmp);
    }
    render_current(&tmp, snap, op);
    cr_json_str(&j, "current", tmp.ptr);
    cr_buf_dispose(&tmp);
    cr_json_obj_end(&j);
  }
  cr_json_arr_end(&j);
  cr_json_obj_end(&j);
  return cr_json_finish(out, &b);
}

/* ---------------------------------------------------------------- */
/* The engine.                                                      */
/* ---------------------------------------------------------------- */

static int store_apply(cr_store *st, const cr_op *op)
{
  switch (op->kind) {
  case CR_OP_SET_VALUE:
    return st->ops->set_value(st, op->key, op->name, op->type, op->data,
                              op->len);
  case CR_OP_DELETE_VALUE:
    return st->ops->delete_value(st, op->key, op->name);
  case CR_OP_CREATE_KEY:
    return st->ops->create_key(st, op->key);
  case CR_OP_DELETE_KEY:
    return st->ops->delete_key(st, op->key);
  }
  return cr_error_set(CR_EINVAL, "unknown operation");
}

/* Replays undo[from..] and checks that `before` is back. */
static int roll_back(cr_store *st, const cr_change *c, const cr_change *undo,
                     size_t from, const cr_snapshot *before,
                     const char *what)
{
  char failure[1024], *why = NULL;
  cr_snapshot *now = NULL;
  size_t i;
  int rc = CR_OK, undo_failed = 0;
  snprintf(failure, sizeof failure, "%s", what);
  for (i = from; i < undo->nops; i++)
    if (store_apply(st, &undo->ops[i]) < 0)
      undo_failed = 1;
  if (undo_failed)
    return cr_error_set(CR_EROLLBACK, "%s; restoring the prior state also "
                        "failed (%s); import the backup .reg to recover",
                        failure, cr_error_last());
  if ((rc = cr_snapshot_new(&now)) < 0 || (rc = capture(st, c, now)) < 0) {
    cr_snapshot_free(now);
    return cr_error_set(CR_EROLLBACK, "%s; the prior state could not be "
                        "read back after restoring it (%s)", failure,
                        cr_error_last());
  }
  if (!cr_snapshot_equal(&why, before, now)) {
    rc = cr_error_set(CR_EROLLBACK, "%s; after restoring, the registry "
                      "still differs from the prior state: %s", failure,
                      why ? why : "?");
  } else {
    rc = cr_error_set(CR_EROLLEDBACK, "%s; the prior state was restored",
                      failure);
  }
  cr_free(why);
  cr_snapshot_free(now);
  return rc;
}

int cr_change_apply(cr_store *st, const cr_change *c, const char *backup_path)
{
  cr_snapshot *before = NULL, *sim = NULL, *after = NULL;
  cr_change *undo = NULL;
  size_t *starts = NULL, i;
  char *why = NULL;
  char what[1200];
  int rc;

  if (!c->nops)
    return CR_OK;
  starts = cr_calloc(c->nops, sizeof *starts);
  if (!starts)
    return cr_error_oom();
  if ((rc = cr_snapshot_new(&before)) < 0 || (rc = cr_snapshot_new(&sim)) < 0 ||
      (rc = cr_change_new(&undo, "undo", NULL)) < 0)
    goto out;
  if ((rc = capture(st, c, before)) < 0) {
    cr_error_wrap(rc, "reading the current state");
    goto out;
  }
  /* Rolling back inside this store is always exact. */
  if ((rc = simulate(c, before, sim, undo, starts, true)) < 0)
    goto out;
  if (backup_path) {
    /* The backup file is for the machine itself: exact when the store sees
     * every key, else the safe form that never deletes a key. */
    cr_change *file_undo = NULL;
    if (st->ops->sees_all_keys)
      rc = write_ops(undo, backup_path);
    else if ((rc = undo_from_snapshot(&file_undo, c, before, false)) >= 0)
      rc = write_ops(file_undo, backup_path);
    cr_change_free(file_undo);
    if (rc < 0) {
      cr_error_wrap(rc, "writing the backup (nothing was changed)");
      goto out;
    }
  }
  for (i = 0; i < c->nops; i++) {
    if ((rc = store_apply(st, &c->ops[i])) < 0) {
      snprintf(what, sizeof what, "step %zu of %zu (%s %s%s%s) failed: %s",
               i + 1, c->nops, op_verb(c->ops[i].kind), c->ops[i].key,
               c->ops[i].name ? "\\" : "",
               c->ops[i].name ? c->ops[i].name : "", cr_error_last());
      /* undo blocks run last-op-first, so op i's block starts the tail */
      rc = roll_back(st, c, undo, starts[i], before, what);
      goto out;
    }
  }
  if ((rc = cr_snapshot_new(&after)) < 0 || (rc = capture(st, c, after)) < 0) {
    snprintf(what, sizeof what, "reading back the change failed: %s",
             cr_error_last());
    rc = roll_back(st, c, undo, 0, before, what);
    goto out;
  }
  if (!cr_snapshot_equal(&why, sim, after)) {
    snprintf(what, sizeof what, "the change did not read back as written: "
             "%s", why ? why : "?");
    rc = roll_back(st, c, undo, 0, before, what);
    goto out;
  }
  rc = CR_OK;
out:
  cr_free(why);
  free(starts);
  cr_change_free(undo);
  cr_snapshot_free(before);
  cr_snapshot_free(sim);
  cr_snapshot_free(after);
  return rc;
}

int cr_change_apply_live(const cr_change *c, const char *backup_path)
{
  cr_store *st;
  int rc;
  if (!c || !backup_path)
    return cr_error_set(CR_EINVAL, "a live change needs a plan and a "
                        "backup path");
  if ((rc = cr_store_live_open(&st)) < 0)
    return rc;
  rc = cr_change_apply(st, c, backup_path);
  cr_store_close(st);
  return rc;
}

int cr_change_capture_live(cr_snapshot **out, const cr_change *c)
{
  cr_snapshot *s = NULL;
  cr_store *st = NULL;
  int rc;
  if (!out || !c)
    return cr_error_set(CR_EINVAL, "cr_change_capture_live: bad argument");
  *out = NULL;
  if ((rc = cr_store_live_open(&st)) < 0)
    return rc;
  if ((rc = cr_snapshot_new(&s)) >= 0 && (rc = capture(st, c, s)) >= 0) {
    s->live = true;
    rc = cr_snap_add_source(s, "live registry");
  }
  cr_store_close(st);
  if (rc < 0) {
    cr_snapshot_free(s);
    return rc;
  }
  *out = s;
  return CR_OK;
}

int cr_change_apply_snapshot(cr_snapshot *snap, const cr_change *c,
                             const char *backup_path)
{
  cr_store *st;
  int rc;
  if (!snap || !c)
    return cr_error_set(CR_EINVAL, "cr_change_apply_snapshot: bad argument");
  if ((rc = cr_store_snapshot_open(&st, snap)) < 0)
    return rc;
  rc = cr_change_apply(st, c, backup_path);
  cr_store_close(st);
  return rc;
}

/* ---------------------------------------------------------------- */
/* A .reg file as a plan (restore).                                 */
/* ---------------------------------------------------------------- */

static int sink_delete_key(void *ctx, const char *path)
{
  return cr_change_add_delete_key(ctx, path);
}

static int sink_open_key(void *ctx, const char *path)
{
  return cr_change_add_create_key(ctx, path);
}

static int sink_set(void *ctx, const char *key, const char *name,
                    uint32_t type, const uint8_t *data, size_t len)
{
  return cr_change_add_set(ctx, key, name, type, data, len);
}

static int sink_delete_value(void *ctx, const char *key, const char *name)
{
  return cr_change_add_delete_value(ctx, key, name);
}

int cr_change_from_file(cr_change **out, const char *path)
{
  cr_reg_sink sink;
  cr_change *c;
  uint8_t *data;
  size_t len;
  char title[600];
  int rc;
  if (!out || !path)
    return cr_error_set(CR_EINVAL, "cr_change_from_file: bad argument");
  *out = NULL;
  if ((rc = cr_read_file(&data, &len, path)) < 0)
    return rc;
  snprintf(title, sizeof title, "Import %s", path);
  if ((rc = cr_change_new(&c, title, NULL)) < 0) {
    free(data);
    return rc;
  }
  sink.ctx = c;
  sink.delete_key = sink_delete_key;
  sink.open_key = sink_open_key;
  sink.set_value = sink_set;
  sink.delete_value = sink_delete_value;
  rc = cr_regfile_parse(data, len, path, &sink);
  free(data);
  if (rc < 0) {
    cr_change_free(c);
    return rc;
  }
  *out = c;
  return CR_OK;
}

/* ---------------------------------------------------------------- */
/* Dropping what is already so (restore of a .reg, twice).          */
/* ---------------------------------------------------------------- */

/*
 * Whether `op` would change `s`. `exact` says `s` holds every key the plan
 * touches as the machine has it (a live capture): only then does a key
 * missing from `s` prove that a delete has nothing to do.
 */
static bool op_changes(const cr_snapshot *s, const cr_op *op, bool exact)
{
  const cr_key *k = cr_snap_find_key(s, op->key);
  const cr_value *v;
  switch (op->kind) {
  case CR_OP_SET_VALUE:
    if (!k || !(v = cr_key_find_value(k, op->name)))
      return true;
    return v->type != op->type || v->len != op->len ||
           (op->len && memcmp(v->data, op->data, op->len) != 0);
  case CR_OP_DELETE_VALUE:
    if (!k)
      return !exact;
    return cr_key_find_value(k, op->name) != NULL;
  case CR_OP_CREATE_KEY:
    return k == NULL;
  case CR_OP_DELETE_KEY:
    return k != NULL || !exact;
  }
  return true;
}

int cr_change_prune(cr_change *c, const cr_snapshot *current)
{
  cr_snapshot *sim = NULL;
  bool *keep;
  size_t i, n = 0;
  int rc;
  if (!c || !current)
    return cr_error_set(CR_EINVAL, "cr_change_prune: bad argument");
  if (!c->nops)
    return CR_OK;
  keep = cr_calloc(c->nops, sizeof *keep);
  if (!keep)
    return cr_error_oom();
  /* In order, against the state the kept operations before it leave. */
  if ((rc = cr_snapshot_new(&sim)) >= 0 && (rc = copy_snapshot(sim, current)) >= 0) {
    for (i = 0; i < c->nops && rc >= 0; i++) {
      keep[i] = op_changes(sim, &c->ops[i], current->live);
      if (keep[i])
        rc = sim_apply(sim, &c->ops[i]);
    }
  }
  if (rc >= 0) {
    for (i = 0; i < c->nops; i++) {
      if (keep[i]) {
        c->ops[n++] = c->ops[i];
      } else {
        free(c->ops[i].key);
        free(c->ops[i].name);
        free(c->ops[i].data);
      }
    }
    c->nops = n;
  }
  free(keep);
  cr_snapshot_free(sim);
  return rc < 0 ? rc : CR_OK;
}
