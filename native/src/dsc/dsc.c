/*
 * dsc.c - the DSC resource engine and its public API (see dsc.h): input
 * checked against the manifest's schema, the type's reading and planning,
 * the test, the diff, Reasons and the JSON Lines DSC reads.
 */
#include "dsc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const dsc_ops *const all_ops[] = {
  &cr_dsc_syn_ops, &cr_dsc_protocol_ops, &cr_dsc_suites_ops,
  &cr_dsc_netfx_ops, &cr_dsc_cert_purpose_ops, &cr_dsc_sql_cert_ops,
  &cr_dsc_audit_ops,
};
#define NOPS (sizeof all_ops / sizeof all_ops[0])

#define CODE_PREFIX "ConnReset:ConnReset:"

/* ---------------------------------------------------------------- */
/* Values.                                                          */
/* ---------------------------------------------------------------- */

void dsc_free_list(char **list, size_t n)
{
  size_t i;
  for (i = 0; list && i < n; i++)
    free(list[i]);
  free(list);
}

static void value_dispose(dsc_value *v)
{
  free(v->s);
  dsc_free_list(v->list, v->nlist);
  memset(v, 0, sizeof *v);
}

int dsc_set_str(dsc_value *v, const char *s)
{
  char *c = cr_strdup(s ? s : "");
  if (!c)
    return cr_error_oom();
  free(v->s);
  v->s = c;
  v->set = true;
  return CR_OK;
}

int dsc_set_int(dsc_value *v, int64_t n)
{
  v->n = n;
  v->set = true;
  return CR_OK;
}

int dsc_set_bool(dsc_value *v, bool b)
{
  v->b = b;
  v->set = true;
  return CR_OK;
}

int dsc_list_add(dsc_value *v, const char *s)
{
  char **l = cr_realloc_array(v->list, v->nlist + 1, sizeof *l);
  if (!l)
    return cr_error_oom();
  v->list = l;
  if (!(l[v->nlist] = cr_strdup(s)))
    return cr_error_oom();
  v->nlist++;
  v->set = true;
  return CR_OK;
}

static int prop_index(const cr_dsc_schema *s, const char *name)
{
  size_t i;
  for (i = 0; i < s->nprops; i++)
    if (!strcmp(s->props[i].name, name))
      return (int)i;
  return -1;
}

dsc_value *dsc_have(cr_dsc *d, const char *name)
{
  int i = prop_index(d->schema, name);
  return i < 0 ? NULL : &d->have[i];
}

const dsc_value *dsc_want(const cr_dsc *d, const char *name)
{
  int i = prop_index(d->schema, name);
  return i < 0 || !d->want[i].set ? NULL : &d->want[i];
}

int dsc_split_commas(char ***out, size_t *n, const char *text)
{
  const char *p = text, *comma;
  char **v = NULL;
  *out = NULL;
  *n = 0;
  while (p && *p) {
    char **nv;
    comma = strchr(p, ',');
    nv = cr_realloc_array(v, *n + 1, sizeof *nv);
    if (!nv || !(nv[*n] = comma ? cr_strndup(p, (size_t)(comma - p))
                                : cr_strdup(p))) {
      dsc_free_list(nv ? nv : v, *n);
      *n = 0;
      return cr_error_oom();
    }
    v = nv;
    (*n)++;
    p = comma ? comma + 1 : NULL;
  }
  *out = v;
  return CR_OK;
}

/* ---------------------------------------------------------------- */
/* Reasons and restarts.                                            */
/* ---------------------------------------------------------------- */

static int add_reason(dsc_reason **list, size_t *n, const char *code,
                      const char *phrase)
{
  dsc_reason *l = cr_realloc_array(*list, *n + 1, sizeof *l);
  size_t len = strlen(CODE_PREFIX) + strlen(code) + 1;
  if (!l)
    return cr_error_oom();
  *list = l;
  l[*n].code = malloc(len);
  l[*n].phrase = cr_strdup(phrase);
  if (!l[*n].code || !l[*n].phrase) {
    free(l[*n].code);
    free(l[*n].phrase);
    return cr_error_oom();
  }
  snprintf(l[*n].code, len, "%s%s", CODE_PREFIX, code);
  (*n)++;
  return CR_OK;
}

static bool evidence_names(const cr_finding *f, const char *const *keys)
{
  size_t i, k;
  for (i = 0; i < f->nevidence; i++)
    for (k = 0; keys[k]; k++)
      if (f->evidence[i].key && !cr_stricmp(f->evidence[i].key, keys[k]))
        return true;
  return false;
}

int dsc_add_findings(cr_dsc *d, const cr_report *report,
                     const char *const *families, const char *const *keys)
{
  size_t i, k;
  int rc;
  for (i = 0; i < report->nfindings; i++) {
    const cr_finding *f = report->findings[i];
    bool family = !families;
    cr_buf phrase = CR_BUF_INIT;
    for (k = 0; families && families[k] && !family; k++)
      family = !strcmp(f->family, families[k]);
    if (!family || (keys && !evidence_names(f, keys)))
      continue;
    cr_buf_printf(&phrase, "%s (%s). %s", f->title,
                  cr_severity_name(f->severity), f->reason);
    if ((rc = cr_buf_status(&phrase)) < 0 ||
        (rc = add_reason(&d->reasons, &d->nreasons, f->id, phrase.ptr)) < 0) {
      cr_buf_dispose(&phrase);
      return rc;
    }
    cr_buf_dispose(&phrase);
  }
  return CR_OK;
}

int dsc_add_reason(cr_dsc *d, const char *code, const char *phrase)
{
  return add_reason(&d->reasons, &d->nreasons, code, phrase);
}

int dsc_add_restart(cr_dsc *d, const char *kind, const char *name)
{
  dsc_restart *l;
  size_t i;
  for (i = 0; i < d->nrestarts; i++)
    if (!strcmp(d->restarts[i].kind, kind) &&
        !cr_stricmp(d->restarts[i].name, name))
      return CR_OK;
  if (!(l = cr_realloc_array(d->restarts, d->nrestarts + 1, sizeof *l)))
    return cr_error_oom();
  d->restarts = l;
  l[d->nrestarts].kind = kind;
  if (!(l[d->nrestarts].name = cr_strdup(name)))
    return cr_error_oom();
  d->nrestarts++;
  return CR_OK;
}

int dsc_not_asked(cr_dsc *d, const char *fmt, ...)
{
  char buf[600];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  free(d->not_asked);
  if (!(d->not_asked = cr_strdup(buf)))
    return cr_error_oom();
  return CR_OK;
}

/* ---------------------------------------------------------------- */
/* Reading the input against the schema.                            */
/* ---------------------------------------------------------------- */

const cr_dsc_schema *dsc_find_schema(const char *type, const dsc_ops **ops)
{
  size_t i, k;
  for (i = 0; type && i < cr_dsc_schema_count; i++) {
    const char *t = cr_dsc_schemas[i].type, *slash = strchr(t, '/');
    if (cr_stricmp(t, type) && !(slash && !cr_stricmp(slash + 1, type)))
      continue;
    for (k = 0; k < NOPS; k++)
      if (!strcmp(all_ops[k]->type, t)) {
        *ops = all_ops[k];
        return &cr_dsc_schemas[i];
      }
  }
  return NULL;
}

int dsc_unknown_type(const char *type)
{
  cr_buf names = CR_BUF_INIT;
  size_t i;
  int rc;
  for (i = 0; i < cr_dsc_schema_count; i++)
    cr_buf_printf(&names, "%s%s", i ? ", " : "", cr_dsc_schemas[i].type);
  rc = cr_error_set(CR_EINVAL, "no DSC resource type '%s' (types: %s)",
                    type ? type : "(none)", names.ptr ? names.ptr : "");
  cr_buf_dispose(&names);
  return rc;
}

static int prop_error(const cr_dsc *d, const cr_dsc_prop *p,
                      const cr_jval *v, const char *what)
{
  return cr_error_set(CR_EINVAL, "%s: property %s (offset %zu): %s",
                      d->schema->type, p->name, v->offset, what);
}

static const char *expected(const cr_dsc_prop *p)
{
  switch (p->kind) {
  case CR_DSC_INT: return "an integer";
  case CR_DSC_BOOL: return "true or false";
  case CR_DSC_STRINGS: return "an array of strings";
  case CR_DSC_OBJECTS: return "an array of objects";
  case CR_DSC_OBJECT: return "an object";
  default: return "a string";
  }
}

static int read_string(const cr_dsc *d, const cr_dsc_prop *p,
                       const cr_jval *v, char **out)
{
  char what[100];
  if (v->type != CR_JSON_STRING) {
    snprintf(what, sizeof what, "expected %s, found %s", expected(p),
             cr_jtype_name(v->type));
    return prop_error(d, p, v, what);
  }
  if (strlen(v->str) != v->len)
    return prop_error(d, p, v, "a string cannot hold \\u0000");
  if (!(*out = cr_strdup(v->str)))
    return cr_error_oom();
  return CR_OK;
}

static int read_prop(cr_dsc *d, const cr_dsc_prop *p, dsc_value *out,
                     const cr_jval *v)
{
  char what[600];
  size_t i;
  int rc;
  if (v->type == CR_JSON_NULL && (p->flags & CR_DSC_NULLABLE))
    return CR_OK; /* null: not given */
  switch (p->kind) {
  case CR_DSC_STRING:
    if ((rc = read_string(d, p, v, &out->s)) < 0)
      return rc;
    out->set = true;
    return CR_OK;
  case CR_DSC_ENUM: {
    cr_buf allowed = CR_BUF_INIT;
    if ((rc = read_string(d, p, v, &out->s)) < 0)
      return rc;
    /* Windows PowerShell's ValidateSet ignores case; so does the reader,
     * and it keeps the schema's spelling. */
    for (i = 0; p->values[i]; i++)
      if (!cr_stricmp(p->values[i], out->s)) {
        free(out->s);
        out->s = NULL;
        return dsc_set_str(out, p->values[i]);
      }
    for (i = 0; p->values[i]; i++)
      cr_buf_printf(&allowed, "%s'%s'", i ? ", " : "", p->values[i]);
    snprintf(what, sizeof what, "'%.100s' is not one of %s", out->s,
             allowed.ptr ? allowed.ptr : "");
    cr_buf_dispose(&allowed);
    return prop_error(d, p, v, what);
  }
  case CR_DSC_INT:
    if (v->type != CR_JSON_NUMBER || !v->is_int) {
      snprintf(what, sizeof what, "expected an integer, found %s",
               v->type == CR_JSON_NUMBER ? "a number with a fraction or an "
               "exponent" : cr_jtype_name(v->type));
      return prop_error(d, p, v, what);
    }
    if (p->has_range && (v->i < p->min || v->i > p->max)) {
      snprintf(what, sizeof what, "%lld is outside %lld to %lld",
               (long long)v->i, (long long)p->min, (long long)p->max);
      return prop_error(d, p, v, what);
    }
    return dsc_set_int(out, v->i);
  case CR_DSC_BOOL:
    if (v->type != CR_JSON_BOOL) {
      snprintf(what, sizeof what, "expected true or false, found %s",
               cr_jtype_name(v->type));
      return prop_error(d, p, v, what);
    }
    return dsc_set_bool(out, v->b);
  case CR_DSC_STRINGS:
    if (v->type != CR_JSON_ARRAY) {
      snprintf(what, sizeof what, "expected an array of strings, found %s",
               cr_jtype_name(v->type));
      return prop_error(d, p, v, what);
    }
    for (i = 0; i < v->n; i++) {
      char *s;
      if ((rc = read_string(d, p, &v->items[i], &s)) < 0)
        return rc;
      rc = dsc_list_add(out, s);
      free(s);
      if (rc < 0)
        return rc;
    }
    out->set = true;
    return CR_OK;
  default:
    return CR_OK; /* output-only kinds are always read-only */
  }
}

static int unknown_property(const cr_dsc *d, const char *name,
                            const cr_jval *v)
{
  cr_buf names = CR_BUF_INIT;
  const char *near = NULL;
  size_t i;
  int rc;
  for (i = 0; i < d->schema->nprops; i++) {
    const cr_dsc_prop *p = &d->schema->props[i];
    if (p->name[0] == '_' || (p->flags & CR_DSC_READONLY))
      continue;
    cr_buf_printf(&names, "%s%s", names.len ? ", " : "", p->name);
    if (!cr_stricmp(p->name, name))
      near = p->name;
  }
  if (near)
    rc = cr_error_set(CR_EINVAL, "%s: unknown property '%s' (offset %zu); "
                      "names are case-sensitive: did you mean '%s'?",
                      d->schema->type, name, v->offset, near);
  else
    rc = cr_error_set(CR_EINVAL, "%s: unknown property '%s' (offset %zu); "
                      "it takes %s", d->schema->type, name, v->offset,
                      names.ptr ? names.ptr : "no properties");
  cr_buf_dispose(&names);
  return rc;
}

/* The input object's properties into d->want, each read against the
 * schema. As an instance (get, set, test), read-only properties are
 * ignored (an export or get pasted back). As export's filter, they are
 * read (what get returns can be matched) and write-only ones and the
 * output-only objects (Reasons, _metadata) are not: they say nothing
 * about an instance. Blank input gives nothing. */
int dsc_read_props(cr_dsc *d, const char *input, size_t len, bool filter)
{
  cr_jval *root = NULL;
  size_t i, k;
  int rc = CR_OK;
  bool blank = true;
  for (i = 0; input && i < len && blank; i++)
    blank = input[i] == ' ' || input[i] == '\t' || input[i] == '\r' ||
            input[i] == '\n';
  if (blank)
    return CR_OK;
  if ((rc = cr_json_parse(&root, input, len, "input")) < 0)
    return rc;
  if (root->type != CR_JSON_OBJECT) {
    rc = cr_error_set(CR_EINVAL, "%s: the input must be a JSON object of "
                      "properties, not %s", d->schema->type,
                      cr_jtype_name(root->type));
    goto out;
  }
  for (k = 0; k < root->n; k++) {
    int idx = prop_index(d->schema, root->keys[k]);
    const cr_dsc_prop *p;
    if (idx < 0) {
      rc = unknown_property(d, root->keys[k], &root->items[k]);
      goto out;
    }
    p = &d->schema->props[idx];
    if (filter ? (p->flags & CR_DSC_WRITEONLY) || p->kind == CR_DSC_OBJECTS ||
                 p->kind == CR_DSC_OBJECT
               : (p->flags & CR_DSC_READONLY) != 0)
      continue;
    if ((rc = read_prop(d, p, &d->want[idx], &root->items[k])) < 0)
      goto out;
  }
out:
  cr_jval_free(root);
  return rc;
}

static int read_input(cr_dsc *d, const char *input, size_t len)
{
  size_t i;
  int rc;
  if ((rc = dsc_read_props(d, input, len, false)) < 0)
    return rc;
  for (i = 0; i < d->schema->nprops; i++) {
    const cr_dsc_prop *p = &d->schema->props[i];
    if ((p->flags & CR_DSC_REQUIRED) && !d->want[i].set)
      return cr_error_set(CR_EINVAL, "%s: the key property %s is required",
                          d->schema->type, p->name);
    if ((p->flags & CR_DSC_REQUIRED) &&
        (rc = dsc_set_str(&d->have[i], d->want[i].s)) < 0)
      return rc;
  }
  return CR_OK;
}

/* ---------------------------------------------------------------- */
/* Test and diff.                                                   */
/* ---------------------------------------------------------------- */

bool dsc_same(const cr_dsc_prop *p, const dsc_value *a, const dsc_value *b)
{
  size_t i;
  if (!a->set || !b->set)
    return a->set == b->set;
  switch (p->kind) {
  case CR_DSC_INT: return a->n == b->n;
  case CR_DSC_BOOL: return a->b == b->b;
  case CR_DSC_STRINGS:
    if (a->nlist != b->nlist)
      return false;
    for (i = 0; i < a->nlist; i++)
      if (cr_stricmp(a->list[i], b->list[i]))
        return false;
    return true;
  default:
    return !cr_stricmp(a->s, b->s);
  }
}

static void render(cr_buf *b, const cr_dsc_prop *p, const dsc_value *v)
{
  size_t i;
  if (!v->set) {
    cr_buf_puts(b, "not set");
    return;
  }
  switch (p->kind) {
  case CR_DSC_INT: cr_buf_printf(b, "%lld", (long long)v->n); break;
  case CR_DSC_BOOL: cr_buf_puts(b, v->b ? "true" : "false"); break;
  case CR_DSC_STRINGS:
    if (!v->nlist)
      cr_buf_puts(b, "an empty list");
    for (i = 0; i < v->nlist; i++)
      cr_buf_printf(b, "%s%s", i ? "," : "", v->list[i]);
    break;
  default: cr_buf_printf(b, "'%s'", v->s); break;
  }
}

static int add_diff(cr_dsc *d, const char *name)
{
  char **l;
  size_t i;
  for (i = 0; i < d->ndiff; i++)
    if (!strcmp(d->diff[i], name))
      return CR_OK;
  if (!(l = cr_realloc_array(d->diff, d->ndiff + 1, sizeof *l)))
    return cr_error_oom();
  d->diff = l;
  if (!(l[d->ndiff] = cr_strdup(name)))
    return cr_error_oom();
  d->ndiff++;
  return CR_OK;
}

static int evaluate(cr_dsc *d)
{
  size_t i;
  int rc;
  if (d->not_asked)
    return CR_OK;
  rc = d->ops->plan(d, &d->plan);
  /* The input passed the schema and the type's check, so a planner that
   * refuses (CR_EINVAL: the OS does not support it, a default it would
   * contradict; CR_ENOTFOUND: the certificate or instance is not there)
   * refuses this machine, not the input: Test answers false with the
   * reason and Get answers; only Set fails (cr_dsc_plan). */
  if (rc == CR_ENOTFOUND || rc == CR_EINVAL) {
    d->unreachable_rc = rc;
    if (!(d->unreachable = cr_strdup(cr_error_last())))
      return cr_error_oom();
    cr_error_clear();
    d->in_desired = false;
  } else if (rc < 0) {
    return rc;
  } else if (d->ops->test) {
    if ((rc = d->ops->test(d, &d->in_desired)) < 0)
      return rc;
  } else {
    d->in_desired = cr_change_op_count(d->plan) == 0;
  }
  if (d->in_desired)
    return CR_OK;
  for (i = 0; i < d->schema->nprops; i++) {
    const cr_dsc_prop *p = &d->schema->props[i];
    cr_buf phrase = CR_BUF_INIT;
    if (!d->want[i].set ||
        (p->flags & (CR_DSC_REQUIRED | CR_DSC_READONLY | CR_DSC_WRITEONLY)) ||
        dsc_same(p, &d->want[i], &d->have[i]))
      continue;
    if ((rc = add_diff(d, p->name)) < 0)
      return rc;
    cr_buf_printf(&phrase, "%s is ", p->name);
    render(&phrase, p, &d->have[i]);
    cr_buf_puts(&phrase, "; ");
    render(&phrase, p, &d->want[i]);
    cr_buf_puts(&phrase, " is wanted.");
    if (d->unreachable)
      cr_buf_printf(&phrase, " It cannot be reached now: %s", d->unreachable);
    if ((rc = cr_buf_status(&phrase)) < 0 ||
        (rc = add_reason(&d->mismatch, &d->nmismatch, p->name,
                         phrase.ptr)) < 0) {
      cr_buf_dispose(&phrase);
      return rc;
    }
    cr_buf_dispose(&phrase);
  }
  if (!d->ndiff && d->ops->test)
    return add_diff(d, d->ops->primary); /* its findings are the Reasons */
  if (!d->ndiff) {
    /* Only the plan tells them apart (say a value of the wrong registry
     * type that reads the same): name the primary property. */
    char phrase[900];
    snprintf(phrase, sizeof phrase, "The registry does not hold %s as "
             "asked%s%s", d->ops->primary,
             d->unreachable ? ": " : "; Set rewrites it.",
             d->unreachable ? d->unreachable : "");
    if ((rc = add_diff(d, d->ops->primary)) < 0 ||
        (rc = add_reason(&d->mismatch, &d->nmismatch, d->ops->primary,
                         phrase)) < 0)
      return rc;
  }
  return CR_OK;
}

/* ---------------------------------------------------------------- */
/* Public API.                                                      */
/* ---------------------------------------------------------------- */

size_t cr_dsc_type_count(void) { return cr_dsc_schema_count; }

const char *cr_dsc_type_name(size_t index)
{
  return index < cr_dsc_schema_count ? cr_dsc_schemas[index].type : NULL;
}

int cr_dsc_schema_json(char **out, const char *type)
{
  const dsc_ops *ops;
  const cr_dsc_schema *s;
  cr_buf b = CR_BUF_INIT;
  if (!out)
    return cr_error_set(CR_EINVAL, "cr_dsc_schema_json: out is NULL");
  *out = NULL;
  if (!(s = dsc_find_schema(type, &ops)))
    return dsc_unknown_type(type);
  cr_buf_puts(&b, s->schema_json);
  return cr_json_finish(out, &b);
}

static char *machine_name(const cr_snapshot *snap)
{
  cr_os os;
  char *name;
  cr_os_read(&os, snap);
  name = cr_strdup(os.hostname && *os.hostname ? os.hostname : "localhost");
  cr_os_dispose(&os);
  return name;
}

int cr_dsc_open(cr_dsc **out, const cr_snapshot *snap, const char *type,
                const char *input, size_t len)
{
  cr_dsc *d;
  int rc;
  if (!out || !snap)
    return cr_error_set(CR_EINVAL, "cr_dsc_open: bad argument");
  *out = NULL;
  if (!(d = cr_calloc(1, sizeof *d)))
    return cr_error_oom();
  d->snap = snap;
  if (!(d->schema = dsc_find_schema(type, &d->ops))) {
    free(d);
    return dsc_unknown_type(type);
  }
  d->want = cr_calloc(d->schema->nprops, sizeof *d->want);
  d->have = cr_calloc(d->schema->nprops, sizeof *d->have);
  d->computer = machine_name(snap);
  if (!d->want || !d->have || !d->computer) {
    rc = cr_error_oom();
    goto fail;
  }
  if ((rc = read_input(d, input, len)) < 0 ||
      (rc = d->ops->read(d)) < 0 ||
      (d->ops->reboot && (rc = dsc_add_restart(d, "system", d->computer)) < 0) ||
      (rc = d->ops->check(d)) < 0 || (rc = evaluate(d)) < 0)
    goto fail;
  *out = d;
  return CR_OK;
fail:
  cr_dsc_free(d);
  return rc;
}

static int need_asked(const cr_dsc *d)
{
  if (!d)
    return cr_error_set(CR_EINVAL, "no DSC instance");
  if (d->not_asked)
    return cr_error_set(CR_EINVAL, "%s: %s", d->schema->type, d->not_asked);
  return CR_OK;
}

int cr_dsc_test(const cr_dsc *d)
{
  int rc = need_asked(d);
  return rc < 0 ? rc : d->in_desired ? 1 : 0;
}

int cr_dsc_diff_json(char **out, const cr_dsc *d)
{
  cr_buf b = CR_BUF_INIT;
  cr_json j;
  size_t i;
  int rc;
  if (!out)
    return cr_error_set(CR_EINVAL, "cr_dsc_diff_json: out is NULL");
  *out = NULL;
  if ((rc = need_asked(d)) < 0)
    return rc;
  cr_json_init_compact(&j, &b);
  cr_json_arr(&j, NULL);
  for (i = 0; i < d->ndiff; i++)
    cr_json_str(&j, NULL, d->diff[i]);
  cr_json_arr_end(&j);
  return cr_json_finish(out, &b);
}

int cr_dsc_plan(cr_change **out, const cr_dsc *d)
{
  cr_change *c;
  size_t i;
  int rc;
  if (!out)
    return cr_error_set(CR_EINVAL, "cr_dsc_plan: out is NULL");
  *out = NULL;
  if ((rc = need_asked(d)) < 0)
    return rc;
  if (d->unreachable)
    return cr_error_set(d->unreachable_rc, "%s", d->unreachable);
  /* A copy the caller owns, so the instance stays usable. */
  if ((rc = cr_change_new(&c, d->plan->title, d->plan->note)) < 0)
    return rc;
  for (i = 0; i < d->plan->nops && rc >= 0; i++) {
    const cr_op *op = &d->plan->ops[i];
    switch (op->kind) {
    case CR_OP_SET_VALUE:
      rc = cr_change_add_set(c, op->key, op->name, op->type, op->data,
                             op->len);
      break;
    case CR_OP_DELETE_VALUE:
      rc = cr_change_add_delete_value(c, op->key, op->name);
      break;
    case CR_OP_CREATE_KEY:
      rc = cr_change_add_create_key(c, op->key);
      break;
    default:
      rc = cr_change_add_delete_key(c, op->key);
    }
  }
  if (rc < 0) {
    cr_change_free(c);
    return rc;
  }
  *out = c;
  return CR_OK;
}

int cr_dsc_reboot_required(const cr_dsc *d)
{
  return d && d->ops->reboot && !d->not_asked && !d->in_desired &&
         !d->unreachable ? 1 : 0;
}

int cr_dsc_restart_service_requested(const cr_dsc *d)
{
  const dsc_value *v = d ? dsc_want(d, "RestartService") : NULL;
  return v && v->b ? 1 : 0;
}

static void restarts_json(cr_json *j, const char *name, const cr_dsc *d,
                          bool skip_services)
{
  size_t i;
  cr_json_arr(j, name);
  for (i = 0; i < d->nrestarts; i++) {
    if (skip_services && !strcmp(d->restarts[i].kind, "service"))
      continue;
    cr_json_obj(j, NULL);
    cr_json_str(j, d->restarts[i].kind, d->restarts[i].name);
    cr_json_obj_end(j);
  }
  cr_json_arr_end(j);
}

int cr_dsc_restart_json(char **out, const cr_dsc *d)
{
  cr_buf b = CR_BUF_INIT;
  cr_json j;
  if (!out || !d)
    return cr_error_set(CR_EINVAL, "cr_dsc_restart_json: bad argument");
  *out = NULL;
  cr_json_init_compact(&j, &b);
  restarts_json(&j, NULL, d, false);
  return cr_json_finish(out, &b);
}

static void reasons_json(cr_json *j, const dsc_reason *r, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) {
    cr_json_obj(j, NULL);
    cr_json_str(j, "Code", r[i].code);
    cr_json_str(j, "Phrase", r[i].phrase);
    cr_json_obj_end(j);
  }
}

int cr_dsc_state_json(char **out, const cr_dsc *d, const cr_dsc *changed,
                      unsigned flags)
{
  cr_buf b = CR_BUF_INIT;
  cr_json j;
  size_t i, k;
  int rc;
  bool restarts = changed && changed->plan &&
                  cr_change_op_count(changed->plan) > 0 &&
                  changed->nrestarts > 0;
  if (!out || !d)
    return cr_error_set(CR_EINVAL, "cr_dsc_state_json: bad argument");
  *out = NULL;
  if ((flags & CR_DSC_STATE_TEST) && (rc = need_asked(d)) < 0)
    return rc;
  cr_json_init_compact(&j, &b);
  cr_json_obj(&j, NULL);
  for (i = 0; i < d->schema->nprops; i++) {
    const cr_dsc_prop *p = &d->schema->props[i];
    const dsc_value *v = &d->have[i];
    if (p->flags & CR_DSC_WRITEONLY)
      continue;
    if (!strcmp(p->name, "Reasons")) {
      cr_json_arr(&j, p->name);
      reasons_json(&j, d->mismatch, d->nmismatch);
      reasons_json(&j, d->reasons, d->nreasons);
      cr_json_arr_end(&j);
      continue;
    }
    if (!strcmp(p->name, "RebootRequired")) {
      cr_json_bool(&j, p->name, changed
                   ? (d->ops->reboot && changed->plan &&
                      cr_change_op_count(changed->plan) > 0)
                   : cr_dsc_reboot_required(d) == 1);
      continue;
    }
    if (!strcmp(p->name, "_restartRequired")) {
      if (restarts)
        restarts_json(&j, p->name, changed,
                      (flags & CR_DSC_STATE_SERVICES_RESTARTED) != 0);
      continue;
    }
    if (!strcmp(p->name, "_metadata")) {
      if (restarts) {
        cr_json_obj(&j, p->name);
        restarts_json(&j, "_restartRequired", changed,
                      (flags & CR_DSC_STATE_SERVICES_RESTARTED) != 0);
        cr_json_obj_end(&j);
      }
      continue;
    }
    if (!v->set)
      continue;
    switch (p->kind) {
    case CR_DSC_INT: cr_json_int(&j, p->name, v->n); break;
    case CR_DSC_BOOL: cr_json_bool(&j, p->name, v->b); break;
    case CR_DSC_STRINGS:
      cr_json_arr(&j, p->name);
      for (k = 0; k < v->nlist; k++)
        cr_json_str(&j, NULL, v->list[k]);
      cr_json_arr_end(&j);
      break;
    case CR_DSC_STRING:
    case CR_DSC_ENUM:
      cr_json_str(&j, p->name, v->s);
      break;
    default:
      break;
    }
  }
  if (flags & CR_DSC_STATE_TEST)
    cr_json_bool(&j, "_inDesiredState", d->in_desired);
  cr_json_obj_end(&j);
  return cr_json_finish(out, &b);
}

static void reasons_free(dsc_reason *r, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) {
    free(r[i].code);
    free(r[i].phrase);
  }
  free(r);
}

void cr_dsc_free(cr_dsc *d)
{
  size_t i;
  if (!d)
    return;
  for (i = 0; d->schema && i < d->schema->nprops; i++) {
    if (d->want)
      value_dispose(&d->want[i]);
    if (d->have)
      value_dispose(&d->have[i]);
  }
  free(d->want);
  free(d->have);
  reasons_free(d->reasons, d->nreasons);
  reasons_free(d->mismatch, d->nmismatch);
  for (i = 0; i < d->nrestarts; i++)
    free(d->restarts[i].name);
  free(d->restarts);
  free(d->computer);
  free(d->not_asked);
  free(d->unreachable);
  cr_change_free(d->plan);
  dsc_free_list(d->diff, d->ndiff);
  if (d->priv_free)
    d->priv_free(d->priv);
  free(d);
}
