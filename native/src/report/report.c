/*
 * report.c - reports, findings, ranking and rendering (JSON and text).
 * Running the checks is checks/run.c; the public entry points, cr_diagnose
 * and cr_check_*, are in api/entry.c (they have the fixes' policies named
 * too).
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cr_report_new(cr_report **out, const cr_snapshot *snap)
{
  cr_report *r = cr_calloc(1, sizeof *r);
  size_t i;
  if (!r)
    return cr_error_oom();
  cr_os_read(&r->os, snap);
  r->live = snap->live;
  if (snap->nsources) {
    r->sources = cr_calloc(snap->nsources, sizeof *r->sources);
    if (!r->sources) {
      cr_report_free(r);
      return cr_error_oom();
    }
    for (i = 0; i < snap->nsources; i++) {
      if (!(r->sources[i] = cr_strdup(snap->sources[i]))) {
        cr_report_free(r);
        return cr_error_oom();
      }
      r->nsources++;
    }
  }
  *out = r;
  return CR_OK;
}

int cr_report_add_section(cr_report *r, const cr_section *s)
{
  cr_section *p = cr_realloc_array(r->sections, r->nsections + 1, sizeof *p);
  if (!p) {
    s->free(s->data);
    return cr_error_oom();
  }
  r->sections = p;
  r->sections[r->nsections++] = *s;
  return CR_OK;
}

static void finding_free(cr_finding *f)
{
  size_t i;
  if (!f)
    return;
  for (i = 0; i < f->nevidence; i++) {
    free(f->evidence[i].key);
    free(f->evidence[i].value);
    free(f->evidence[i].data);
  }
  free(f->evidence);
  free(f->id);
  free(f->family);
  free(f->title);
  free(f->reason);
  free(f->fix_cmdlet);
  free(f->fix_cli);
  free(f->fix_gpo);
  free(f->settings);
  free(f->fix_note);
  free(f);
}

int cr_report_add_finding(cr_report *r, cr_finding **out, const char *id,
                          const char *family, cr_severity sev,
                          const char *title, const char *reason)
{
  cr_finding *f = cr_calloc(1, sizeof *f), **p;
  if (!f)
    return cr_error_oom();
  f->id = cr_strdup(id);
  f->family = cr_strdup(family);
  f->severity = sev;
  f->title = cr_strdup(title);
  f->reason = cr_strdup(reason);
  p = cr_realloc_array(r->findings, r->nfindings + 1, sizeof *p);
  if (!f->id || !f->family || !f->title || !f->reason || !p) {
    if (p)
      r->findings = p;
    finding_free(f);
    return cr_error_oom();
  }
  r->findings = p;
  r->findings[r->nfindings++] = f;
  if (out)
    *out = f;
  return CR_OK;
}

int cr_finding_add_evidence(cr_finding *f, const char *key, const char *value,
                            const char *data)
{
  cr_evidence *p = cr_realloc_array(f->evidence, f->nevidence + 1, sizeof *p);
  cr_evidence *e;
  if (!p)
    return cr_error_oom();
  f->evidence = p;
  e = &f->evidence[f->nevidence];
  e->key = cr_strdup(key);
  e->value = value ? cr_strdup(value) : NULL;
  e->data = cr_strdup(data ? data : "");
  f->nevidence++;
  if (!e->key || !e->data || (value && !e->value))
    return cr_error_oom();
  return CR_OK;
}

int cr_finding_set_fix(cr_finding *f, const char *cmdlet, const char *cli,
                       const cr_setting *setting, const char *note)
{
  f->fix_cmdlet = cmdlet ? cr_strdup(cmdlet) : NULL;
  f->fix_cli = cli ? cr_strdup(cli) : NULL;
  f->fix_note = note ? cr_strdup(note) : NULL;
  if ((cmdlet && !f->fix_cmdlet) || (cli && !f->fix_cli) ||
      (note && !f->fix_note))
    return cr_error_oom();
  return setting ? cr_finding_add_setting(f, setting) : CR_OK;
}

int cr_finding_add_setting(cr_finding *f, const cr_setting *setting)
{
  cr_setting *p = cr_realloc_array(f->settings, f->nsettings + 1, sizeof *p);
  if (!p)
    return cr_error_oom();
  f->settings = p;
  f->settings[f->nsettings++] = *setting;
  return CR_OK;
}

static int finding_cmp(const void *a, const void *b)
{
  const cr_finding *fa = *(cr_finding *const *)a;
  const cr_finding *fb = *(cr_finding *const *)b;
  if (fa->severity != fb->severity)
    return (int)fb->severity - (int)fa->severity;
  return strcmp(fa->id, fb->id);
}

void cr_report_rank(cr_report *r)
{
  if (r->nfindings > 1)
    qsort(r->findings, r->nfindings, sizeof *r->findings, finding_cmp);
}

void cr_report_free(cr_report *r)
{
  size_t i;
  if (!r)
    return;
  for (i = 0; i < r->nsections; i++)
    r->sections[i].free(r->sections[i].data);
  free(r->sections);
  for (i = 0; i < r->nfindings; i++)
    finding_free(r->findings[i]);
  free(r->findings);
  for (i = 0; i < r->nsources; i++)
    free(r->sources[i]);
  free(r->sources);
  cr_os_dispose(&r->os);
  free(r);
}

/* ---------------------------------------------------------------- */
/* Accessors.                                                       */
/* ---------------------------------------------------------------- */

size_t cr_report_finding_count(const cr_report *r)
{
  return r ? r->nfindings : 0;
}

const cr_finding *cr_report_finding(const cr_report *r, size_t index)
{
  return r && index < r->nfindings ? r->findings[index] : NULL;
}

int cr_report_worst_severity(const cr_report *r)
{
  int worst = -1;
  size_t i;
  if (!r)
    return -1;
  for (i = 0; i < r->nfindings; i++)
    if ((int)r->findings[i]->severity > worst)
      worst = (int)r->findings[i]->severity;
  return worst;
}

const char *cr_finding_id(const cr_finding *f) { return f ? f->id : NULL; }
const char *cr_finding_family(const cr_finding *f) { return f ? f->family : NULL; }
cr_severity cr_finding_severity(const cr_finding *f)
{
  return f ? f->severity : CR_SEVERITY_INFO;
}
const char *cr_finding_title(const cr_finding *f) { return f ? f->title : NULL; }
const char *cr_finding_reason(const cr_finding *f) { return f ? f->reason : NULL; }
const char *cr_finding_fix_cmdlet(const cr_finding *f)
{
  return f ? f->fix_cmdlet : NULL;
}
const char *cr_finding_fix_cli(const cr_finding *f) { return f ? f->fix_cli : NULL; }
const char *cr_finding_fix_gpo(const cr_finding *f) { return f ? f->fix_gpo : NULL; }

const char *cr_severity_name(cr_severity s)
{
  switch (s) {
  case CR_SEVERITY_ERROR: return "error";
  case CR_SEVERITY_WARNING: return "warning";
  default: return "info";
  }
}

/* ---------------------------------------------------------------- */
/* Rendering.                                                       */
/* ---------------------------------------------------------------- */

static void os_json(const cr_os *os, cr_json *j)
{
  cr_json_obj(j, "os");
  cr_json_str(j, "hostname", os->hostname);
  cr_json_str(j, "domain", os->domain);
  cr_json_bool(j, "known", os->known);
  cr_json_str(j, "name", os->name);
  if (os->known) {
    char v[32];
    snprintf(v, sizeof v, "%u.%u", os->major, os->minor);
    cr_json_str(j, "version", v);
  } else {
    cr_json_null(j, "version");
  }
  if (os->build)
    cr_json_int(j, "build", os->build);
  else
    cr_json_null(j, "build");
  if (os->has_ubr)
    cr_json_int(j, "ubr", os->ubr);
  else
    cr_json_null(j, "ubr");
  if (os->service_pack >= 0)
    cr_json_int(j, "servicePack", os->service_pack);
  else
    cr_json_null(j, "servicePack");
  cr_json_str(j, "role", cr_os_role_name(os->role));
  cr_json_str(j, "productName", os->product_name);
  cr_json_str(j, "productType", os->product_type);
  cr_json_str(j, "csdVersion", os->csd_version);
  /* Given by the user (cr_snapshot_set_os) for what the snapshot lacks. */
  cr_json_str(j, "declared", os->declared[0] ? os->declared : NULL);
  cr_json_obj_end(j);
}

static void finding_json(const cr_finding *f, size_t rank, cr_json *j)
{
  size_t i;
  cr_json_obj(j, NULL);
  cr_json_int(j, "rank", (int64_t)rank);
  cr_json_str(j, "id", f->id);
  cr_json_str(j, "family", f->family);
  cr_json_str(j, "severity", cr_severity_name(f->severity));
  cr_json_str(j, "title", f->title);
  cr_json_str(j, "reason", f->reason);
  cr_json_arr(j, "evidence");
  for (i = 0; i < f->nevidence; i++) {
    cr_json_obj(j, NULL);
    cr_json_str(j, "key", f->evidence[i].key);
    cr_json_str(j, "value", f->evidence[i].value);
    cr_json_str(j, "data", f->evidence[i].data);
    cr_json_obj_end(j);
  }
  cr_json_arr_end(j);
  cr_json_obj(j, "fix");
  cr_json_str(j, "cmdlet", f->fix_cmdlet);
  cr_json_str(j, "cli", f->fix_cli);
  cr_json_str(j, "gpo", f->fix_gpo);
  cr_json_str(j, "note", f->fix_note);
  cr_json_obj_end(j);
  cr_json_obj_end(j);
}

void cr_findings_json(cr_json *j, const char *name, const cr_report *r)
{
  size_t i;
  cr_json_arr(j, name);
  for (i = 0; i < r->nfindings; i++)
    finding_json(r->findings[i], i + 1, j);
  cr_json_arr_end(j);
}

void cr_findings_text(cr_buf *b, const cr_report *r)
{
  size_t i, k;
  cr_buf_printf(b, "\nFindings: %zu\n", r->nfindings);
  for (i = 0; i < r->nfindings; i++) {
    const cr_finding *f = r->findings[i];
    cr_buf_printf(b, "\n%zu. [%s] %s %s\n", i + 1,
                  cr_severity_name(f->severity), f->id, f->title);
    cr_buf_printf(b, "   Why:      %s\n", f->reason);
    for (k = 0; k < f->nevidence; k++)
      cr_buf_printf(b, "   Evidence: %s%s%s = %s\n", f->evidence[k].key,
                    f->evidence[k].value ? "\\" : "",
                    f->evidence[k].value ? f->evidence[k].value : "",
                    f->evidence[k].data);
    if (f->fix_cmdlet)
      cr_buf_printf(b, "   Fix:      %s\n", f->fix_cmdlet);
    if (f->fix_cli)
      cr_buf_printf(b, "   CLI:      %s\n", f->fix_cli);
    if (f->fix_gpo)
      cr_buf_printf(b, "   Policy:   %s\n", f->fix_gpo);
    if (f->fix_note)
      cr_buf_printf(b, "   Note:     %s\n", f->fix_note);
  }
}

int cr_report_to_json(char **out, const cr_report *r)
{
  cr_buf b = CR_BUF_INIT;
  cr_json j;
  size_t i;
  if (!out || !r)
    return cr_error_set(CR_EINVAL, "cr_report_to_json: bad argument");
  cr_json_init(&j, &b);
  cr_json_obj(&j, NULL);
  cr_json_str(&j, "schema", "connreset.report/1");
  cr_json_obj(&j, "source");
  cr_json_str(&j, "kind", r->live ? "live" : "snapshot");
  cr_json_arr(&j, "files");
  for (i = 0; i < r->nsources; i++)
    if (!r->live)
      cr_json_str(&j, NULL, r->sources[i]);
  cr_json_arr_end(&j);
  cr_json_obj_end(&j);
  os_json(&r->os, &j);
  cr_json_obj(&j, "checks");
  for (i = 0; i < r->nsections; i++) {
    cr_json_obj(&j, r->sections[i].name);
    r->sections[i].to_json(r->sections[i].data, &j);
    cr_json_obj_end(&j);
  }
  cr_json_obj_end(&j);
  cr_findings_json(&j, "findings", r);
  cr_json_obj_end(&j);
  return cr_json_finish(out, &b);
}

int cr_report_to_text(char **out, const cr_report *r)
{
  cr_buf b = CR_BUF_INIT;
  size_t i;
  if (!out || !r)
    return cr_error_set(CR_EINVAL, "cr_report_to_text: bad argument");
  cr_buf_puts(&b, "Machine: ");
  if (r->os.hostname && *r->os.hostname)
    cr_buf_printf(&b, "%s%s%s, ", r->os.hostname, r->os.domain ? "." : "",
                  r->os.domain ? r->os.domain : "");
  cr_buf_printf(&b, "%s", r->os.name);
  if (r->os.known)
    cr_buf_printf(&b, " (%u.%u.%u, %s)", r->os.major, r->os.minor,
                  r->os.build, cr_os_role_name(r->os.role));
  if (r->os.declared[0])
    cr_buf_printf(&b, " [declared: %s]", r->os.declared);
  cr_buf_puts(&b, "\nSource:  ");
  for (i = 0; i < r->nsources; i++)
    cr_buf_printf(&b, "%s%s", i ? ", " : "", r->sources[i]);
  cr_buf_puts(&b, "\n");
  for (i = 0; i < r->nsections; i++) {
    cr_buf_puts(&b, "\n");
    r->sections[i].to_text(r->sections[i].data, &b);
  }
  cr_findings_text(&b, r);
  if (cr_buf_status(&b) < 0) {
    cr_buf_dispose(&b);
    return CR_ENOMEM;
  }
  *out = cr_buf_detach(&b, NULL);
  return CR_OK;
}
