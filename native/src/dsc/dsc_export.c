/*
 * dsc_export.c - export: every instance of a type (the type's
 * export_keys, each opened as get opens it), or only those matching the
 * instance DSC 3.1 passes as a filter ("dsc resource export --input"; the
 * filtering is the resource's to do). The filter is read against the
 * schema by dsc.c (dsc_read_props).
 */
#include "dsc.h"

#include <stdlib.h>
#include <string.h>

/* `text` against `pattern`, ignoring case; '*' stands for any run of
 * characters (the wildcard DSC's own export post-filter gives strings). */
static bool glob_match(const char *pattern, const char *text)
{
  const char *star = NULL, *resume = NULL;
  while (*text) {
    if (*pattern == '*') {
      star = pattern++;
      resume = text;
    } else if (*pattern && cr_strnicmp(pattern, text, 1) == 0) {
      pattern++;
      text++;
    } else if (star) {
      pattern = star + 1;
      text = ++resume;
    } else {
      return false;
    }
  }
  while (*pattern == '*')
    pattern++;
  return !*pattern;
}

/* Whether instance `d` has every property the filter gives: strings and
 * the elements of string lists by glob_match (each given element must
 * match one of the instance's), enums ignoring case, the rest equal. A
 * property the instance does not report does not match. */
static bool filter_matches(const cr_dsc *f, const cr_dsc *d)
{
  size_t i, k, m;
  for (i = 0; i < f->schema->nprops; i++) {
    const cr_dsc_prop *p = &f->schema->props[i];
    const dsc_value *want = &f->want[i], *have = &d->have[i];
    if (!want->set)
      continue;
    if (!have->set)
      return false;
    switch (p->kind) {
    case CR_DSC_STRING:
      if (!glob_match(want->s, have->s))
        return false;
      break;
    case CR_DSC_STRINGS:
      for (k = 0; k < want->nlist; k++) {
        for (m = 0; m < have->nlist; m++)
          if (glob_match(want->list[k], have->list[m]))
            break;
        if (m == have->nlist)
          return false;
      }
      break;
    default:
      if (!dsc_same(p, want, have))
        return false;
    }
  }
  return true;
}

int cr_dsc_export_filtered_json(char **out, const cr_snapshot *snap,
                                const char *type, const char *filter,
                                size_t filter_len)
{
  const dsc_ops *ops;
  cr_dsc *f = NULL;
  cr_buf keys = CR_BUF_INIT, b = CR_BUF_INIT;
  char *line, *next;
  bool any = false;
  size_t i;
  int rc;
  if (!out || !snap || (!filter && filter_len))
    return cr_error_set(CR_EINVAL, "cr_dsc_export_filtered_json: bad "
                        "argument");
  *out = NULL;
  if (!(f = cr_calloc(1, sizeof *f)))
    return cr_error_oom();
  if (!(f->schema = dsc_find_schema(type, &ops))) {
    free(f);
    return dsc_unknown_type(type);
  }
  f->ops = ops;
  f->snap = snap;
  if (!(f->want = cr_calloc(f->schema->nprops, sizeof *f->want)) ||
      !(f->have = cr_calloc(f->schema->nprops, sizeof *f->have))) {
    rc = cr_error_oom();
    goto out;
  }
  if ((rc = dsc_read_props(f, filter, filter_len, true)) < 0 ||
      (rc = ops->export_keys(snap, &keys)) < 0 ||
      (rc = cr_buf_status(&keys)) < 0)
    goto out;
  for (i = 0; i < f->schema->nprops; i++)
    any = any || f->want[i].set;
  for (line = keys.ptr; line && *line; line = next) {
    cr_dsc *d = NULL;
    char *state = NULL;
    next = strchr(line, '\n');
    if (next)
      *next++ = '\0';
    if ((rc = cr_dsc_open(&d, snap, f->schema->type, line,
                          strlen(line))) < 0) {
      cr_dsc_free(d);
      goto out;
    }
    if (!any || filter_matches(f, d)) {
      if ((rc = cr_dsc_state_json(&state, d, NULL, 0)) < 0) {
        cr_dsc_free(d);
        goto out;
      }
      cr_buf_puts(&b, state);
      cr_free(state);
    }
    cr_dsc_free(d);
  }
  if (!b.ptr)
    cr_buf_puts(&b, "");
  if ((rc = cr_buf_status(&b)) >= 0)
    *out = cr_buf_detach(&b, NULL);
out:
  cr_dsc_free(f);
  cr_buf_dispose(&keys);
  cr_buf_dispose(&b);
  return rc;
}

int cr_dsc_export_json(char **out, const cr_snapshot *snap, const char *type)
{
  return cr_dsc_export_filtered_json(out, snap, type, NULL, 0);
}
