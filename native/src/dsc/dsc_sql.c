/*
 * dsc_sql.c - the DSC resource types for SQL Server hosts: the purposes
 * of a LocalMachine\My certificate (CertificatePurpose, CERTHASH001/002),
 * the certificate an instance is configured with (SqlServerCertificate,
 * CERTHASH001/004), and the audit-only view of the whole diagnosis
 * (Audit).
 */
#include "dsc.h"
#include "../certs/weak.h"
#include "../knowledge/regpaths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static cr_cert_table *table_new(void)
{
  return cr_calloc(1, sizeof(cr_cert_table));
}

static void table_free(void *p)
{
  if (p)
    cr_cert_table_dispose(p);
  free(p);
}

/* The certificate table of LocalMachine\My, kept with the instance. */
static int read_table(cr_dsc *d, cr_cert_table **out)
{
  cr_cert_table *t = table_new();
  int rc;
  if (!t)
    return cr_error_oom();
  if ((rc = cr_cert_table_build(t, d->snap, "MY", (int64_t)time(NULL),
                                 NULL)) < 0) {
    free(t);
    return rc;
  }
  d->priv = t;
  d->priv_free = table_free;
  *out = t;
  return CR_OK;
}

static int add_services(cr_dsc *d, char *const *names, size_t n)
{
  char svc[200];
  size_t i;
  int rc = CR_OK;
  for (i = 0; i < n && rc >= 0; i++) {
    cr_sql_service_name(svc, sizeof svc, names[i]);
    rc = dsc_add_restart(d, "service", svc);
  }
  return rc;
}

static int cert_findings(cr_dsc *d, const char *key)
{
  static const char *const fam[] = { "CERTHASH", NULL };
  const char *keys[2];
  cr_report *rep = NULL;
  int rc;
  keys[0] = key;
  keys[1] = NULL;
  if ((rc = cr_check_certs(&rep, d->snap)) >= 0)
    rc = dsc_add_findings(d, rep, fam, keys);
  cr_report_free(rep);
  return rc;
}

/* ---------------------------------------------------------------- */
/* CertificatePurpose.                                              */
/* ---------------------------------------------------------------- */

static int purpose_read(cr_dsc *d)
{
  dsc_value *tp = dsc_have(d, "Thumbprint");
  char thumb[41], key[300], when[32], reason[600];
  const cr_cert_row *row;
  cr_cert_table *t;
  size_t i;
  int rc;
  if (!cr_thumbprint_normalise(thumb, tp->s))
    return cr_error_set(CR_EINVAL, "%s: property Thumbprint: not a SHA-1 "
                        "thumbprint (40 hex digits): '%s'", d->schema->type,
                        tp->s);
  if ((rc = dsc_set_str(tp, thumb)) < 0 || (rc = read_table(d, &t)) < 0)
    return rc;
  row = cr_cert_table_find(t, thumb);
  if (!row) {
    snprintf(reason, sizeof reason, "No certificate with thumbprint %s in "
             "LocalMachine\\My: nothing can use it for Server "
             "Authentication.", thumb);
    if ((rc = dsc_set_str(dsc_have(d, "ServerAuthentication"), "Absent")) < 0)
      return rc;
    return dsc_set_str(dsc_have(d, "EffectiveReason"), reason);
  }
  rc = dsc_set_str(dsc_have(d, "ServerAuthentication"),
                   row->server_auth ? "Present" : "Absent");
  if (rc >= 0)
    rc = dsc_set_str(dsc_have(d, "Subject"), row->x.subject);
  if (rc >= 0)
    rc = dsc_set_str(dsc_have(d, "SignatureAlgorithm"), row->sig_name);
  if (rc >= 0)
    rc = dsc_set_bool(dsc_have(d, "Weak"), row->weak);
  dsc_have(d, "UsedBy")->set = true;
  for (i = 0; i < row->nused_by && rc >= 0; i++)
    rc = dsc_list_add(dsc_have(d, "UsedBy"), row->used_by[i]);
  cr_format_utc(when, row->x.not_after);
  if (rc >= 0)
    rc = dsc_set_str(dsc_have(d, "NotAfter"), when);
  if (row->entry->props.has_eku_override)
    snprintf(reason, sizeof reason, "Server Authentication is %s: the "
             "store's enabled-purposes property (%zu purpose%s) %s it.",
             row->server_auth ? "enabled" : "disabled",
             row->entry->props.neku_override,
             row->entry->props.neku_override == 1 ? "" : "s",
             row->server_auth ? "lists" : "does not list");
  else if (row->x.has_eku)
    snprintf(reason, sizeof reason, "Server Authentication is %s by the "
             "certificate's Enhanced Key Usage extension (the store does not "
             "narrow it).", row->server_auth ? "allowed" : "not allowed");
  else
    snprintf(reason, sizeof reason, "The certificate has no Enhanced Key "
             "Usage extension, so every purpose is allowed, Server "
             "Authentication included.");
  if (rc >= 0)
    rc = dsc_set_str(dsc_have(d, "EffectiveReason"), reason);
  /* SQL Server loads its certificate at start: the instances that use it
   * or may pick it must restart. */
  if (rc >= 0)
    rc = add_services(d, row->used_by, row->nused_by);
  if (rc >= 0)
    rc = add_services(d, row->may_pick, row->nmay_pick);
  snprintf(key, sizeof key, "%s\\%s", CR_KEY_CERT_STORE_MY, thumb);
  if (rc >= 0)
    rc = cert_findings(d, key);
  return rc;
}

static int purpose_check(cr_dsc *d)
{
  if (!dsc_want(d, "ServerAuthentication"))
    return dsc_not_asked(d, "give ServerAuthentication (Present or Absent) "
                         "to test or set");
  return CR_OK;
}

static int purpose_plan(cr_dsc *d, cr_change **out)
{
  const char *thumb = dsc_have(d, "Thumbprint")->s;
  int rc;
  if (!strcmp(dsc_want(d, "ServerAuthentication")->s, "Present"))
    return cr_cert_purpose_enable_plan(out, d->snap, thumb, NULL);
  rc = cr_cert_purpose_plan(out, d->snap, thumb, NULL);
  if (rc == CR_ENOTFOUND) {
    /* Not in the store: nothing can use it, which is what Absent asks. */
    cr_error_clear();
    return cr_change_new(out, "Certificate not in LocalMachine\\My: "
                         "nothing to do", NULL);
  }
  return rc;
}

static int purpose_export(const cr_snapshot *snap, cr_buf *lines)
{
  cr_cert_table t;
  size_t i;
  int rc;
  if ((rc = cr_cert_table_build(&t, snap, "MY", (int64_t)time(NULL),
                                 NULL)) < 0)
    return rc;
  for (i = 0; i < t.nrows; i++)
    cr_buf_printf(lines, "{\"Thumbprint\":\"%s\"}\n",
                  t.rows[i].entry->thumbprint);
  cr_cert_table_dispose(&t);
  return cr_buf_status(lines);
}

const dsc_ops cr_dsc_cert_purpose_ops = {
  "ConnReset/CertificatePurpose", false, "ServerAuthentication",
  purpose_read, purpose_check, purpose_plan, NULL, purpose_export
};

/* ---------------------------------------------------------------- */
/* SqlServerCertificate.                                            */
/* ---------------------------------------------------------------- */

static const cr_cert_instance *find_instance(const cr_cert_table *t,
                                             const char *name)
{
  size_t i;
  for (i = 0; i < t->ninstances; i++)
    if (!cr_stricmp(t->instances[i].name, name))
      return &t->instances[i];
  return NULL;
}

static int sql_read(cr_dsc *d)
{
  const char *name = dsc_have(d, "InstanceName")->s;
  const cr_cert_instance *in;
  cr_cert_table *t;
  char svc[200], reason[900];
  int rc;
  if ((rc = read_table(d, &t)) < 0)
    return rc;
  if (!(in = find_instance(t, name))) {
    snprintf(reason, sizeof reason, "No SQL Server instance named '%s' "
             "under %s.", name, CR_KEY_SQL_INSTANCE_NAMES);
    return dsc_set_str(dsc_have(d, "EffectiveReason"), reason);
  }
  cr_sql_service_name(svc, sizeof svc, in->name);
  rc = dsc_set_str(dsc_have(d, "ServiceName"), svc);
  if (rc >= 0 && in->raw)
    rc = dsc_set_str(dsc_have(d, "Thumbprint"), in->raw);
  if (rc >= 0 && in->cert_source)
    rc = dsc_set_str(dsc_have(d, "CertificateSource"), in->cert_source);
  if (!strcmp(in->cert_source ? in->cert_source : "", "configured"))
    snprintf(reason, sizeof reason, "Configured with certificate %s, which "
             "%s.", in->thumbprint, in->in_store
             ? "is in LocalMachine\\My"
             : "is not in LocalMachine\\My: SQL Server cannot load it");
  else if (in->cert_source && !strcmp(in->cert_source, "errorlog"))
    snprintf(reason, sizeof reason, "None configured; its ERRORLOG (%s, "
             "line %zu) shows it loaded certificate %s.",
             in->log_path ? in->log_path : "", in->log_line,
             in->log_thumbprint);
  else if (in->cert_source && !strcmp(in->cert_source, "self-generated"))
    snprintf(reason, sizeof reason, "None configured; its ERRORLOG (%s, "
             "line %zu) shows a self-generated certificate.",
             in->log_path ? in->log_path : "", in->log_line);
  else
    snprintf(reason, sizeof reason, "None configured: at start SQL Server "
             "picks a certificate from LocalMachine\\My that allows Server "
             "Authentication and has a private key, or generates a "
             "self-signed one.");
  if (rc >= 0)
    rc = dsc_set_str(dsc_have(d, "EffectiveReason"), reason);
  if (rc >= 0)
    rc = dsc_add_restart(d, "service", svc);
  if (rc >= 0)
    rc = cert_findings(d, in->key);
  return rc;
}

static int sql_check(cr_dsc *d)
{
  dsc_value *tp = (dsc_value *)dsc_want(d, "Thumbprint");
  char thumb[41];
  if (!tp)
    return dsc_not_asked(d, "give Thumbprint (or '' to clear it) to test or "
                         "set");
  if (*tp->s) {
    if (!cr_thumbprint_normalise(thumb, tp->s))
      return cr_error_set(CR_EINVAL, "%s: property Thumbprint: not a SHA-1 "
                          "thumbprint (40 hex digits), nor '' to clear it: "
                          "'%s'", d->schema->type, tp->s);
    return dsc_set_str(tp, thumb);
  }
  return CR_OK;
}

static int sql_plan(cr_dsc *d, cr_change **out)
{
  const char *thumb = dsc_want(d, "Thumbprint")->s;
  return cr_sql_cert_plan(out, d->snap, dsc_have(d, "InstanceName")->s,
                          *thumb ? thumb : NULL);
}

static int sql_export(const cr_snapshot *snap, cr_buf *lines)
{
  cr_cert_table t;
  size_t i;
  int rc;
  if ((rc = cr_cert_table_build(&t, snap, "MY", (int64_t)time(NULL),
                                 NULL)) < 0)
    return rc;
  for (i = 0; i < t.ninstances; i++) {
    cr_buf_puts(lines, "{\"InstanceName\":");
    cr_json_raw_string(lines, t.instances[i].name);
    cr_buf_puts(lines, "}\n");
  }
  cr_cert_table_dispose(&t);
  return cr_buf_status(lines);
}

const dsc_ops cr_dsc_sql_cert_ops = {
  "ConnReset/SqlServerCertificate", false, "Thumbprint",
  sql_read, sql_check, sql_plan, NULL, sql_export
};

/* ---------------------------------------------------------------- */
/* Audit.                                                           */
/* ---------------------------------------------------------------- */

typedef struct audit {
  size_t count;   /* findings at or above the minimum */
} audit;

static int audit_read(cr_dsc *d)
{
  const dsc_value *min = dsc_want(d, "MinimumSeverity");
  const char *floor_name = min ? min->s : "Warning";
  cr_severity floor = !strcmp(floor_name, "Info") ? CR_SEVERITY_INFO
                    : !strcmp(floor_name, "Error") ? CR_SEVERITY_ERROR
                                                   : CR_SEVERITY_WARNING;
  dsc_value *list = dsc_have(d, "Findings");
  cr_report *rep = NULL;
  audit *a = cr_calloc(1, sizeof *a);
  size_t i;
  int rc;
  if (!a)
    return cr_error_oom();
  d->priv = a;
  d->priv_free = free;
  if ((rc = dsc_set_str(dsc_have(d, "MinimumSeverity"), floor_name)) < 0 ||
      (rc = cr_diagnose(&rep, d->snap)) < 0)
    return rc;
  list->set = true;
  for (i = 0; i < rep->nfindings && rc >= 0; i++) {
    const cr_finding *f = rep->findings[i];
    cr_buf line = CR_BUF_INIT;
    if (f->severity < floor)
      continue;
    a->count++;
    cr_buf_printf(&line, "%s %s: %s", f->id, cr_severity_name(f->severity),
                  f->title);
    if ((rc = cr_buf_status(&line)) >= 0)
      rc = dsc_list_add(list, line.ptr);
    cr_buf_dispose(&line);
    cr_buf_printf(&line, "%s (%s). %s", f->title,
                  cr_severity_name(f->severity), f->reason);
    if (rc >= 0 && (rc = cr_buf_status(&line)) >= 0)
      rc = dsc_add_reason(d, f->id, line.ptr);
    cr_buf_dispose(&line);
  }
  cr_report_free(rep);
  return rc;
}

static int audit_check(cr_dsc *d)
{
  (void)d;
  return CR_OK;
}

static int audit_plan(cr_dsc *d, cr_change **out)
{
  (void)d;
  return cr_change_new(out, "Audit only: ConnReset/Audit changes nothing",
                       "Apply the fixes the findings name, or use the "
                       "resource for each setting.");
}

static int audit_test(cr_dsc *d, bool *in_desired)
{
  *in_desired = ((const audit *)d->priv)->count == 0;
  return CR_OK;
}

static int audit_export(const cr_snapshot *snap, cr_buf *lines)
{
  (void)snap;
  return cr_buf_puts(lines, "{\"IsSingleInstance\":\"Yes\"}\n");
}

const dsc_ops cr_dsc_audit_ops = {
  "ConnReset/Audit", false, "Findings",
  audit_read, audit_check, audit_plan, audit_test, audit_export
};
