/*
 * check_certs.c - family CERTHASH: the certificates SQL Server uses or may
 * pick (seed 001, weak-hash scenario; rules in knowledge/cert_rules.c,
 * rows in certs/weak.c).
 *
 * Findings (ids are stable; grep the id to land here):
 *   CERTHASH001 error    a weak-hash certificate an instance is configured
 *                        with, or (none configured) its ERRORLOG says it
 *                        loaded (26013); title and reason say which, per
 *                        instance
 *   CERTHASH002 warning  a weak-hash certificate an instance may pick itself
 *   CERTHASH003 warning  a SHA-1 certificate an instance uses (info: may pick)
 *   CERTHASH004 error    an instance is configured with a certificate SQL
 *                        Server will not load (expired, not yet valid, no
 *                        private key, no Server Authentication, not in MY)
 *
 * The section "certs" holds the rows of LocalMachine\My.
 */
#include "checks.h"
#include "../knowledge/regpaths.h"
#include "../certs/weak.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void certs_json(const void *data, cr_json *j)
{
  cr_cert_table_json(data, j);
}

static void certs_text(const void *data, cr_buf *out)
{
  cr_cert_table_text(data, out);
}

static void certs_free(void *data)
{
  cr_cert_table_dispose(data);
  free(data);
}

static void join(char *out, size_t size, char *const *l, size_t n)
{
  size_t i, used = 0;
  out[0] = '\0';
  for (i = 0; i < n && used < size; i++)
    used += (size_t)snprintf(out + used, size - used, "%s%s", i ? ", " : "",
                             l[i]);
}

static void services(char *out, size_t size, char *const *l, size_t n)
{
  size_t i, used = 0;
  out[0] = '\0';
  for (i = 0; i < n && used < size; i++) {
    char svc[200];
    cr_sql_service_name(svc, sizeof svc, l[i]);
    used += (size_t)snprintf(out + used, size - used, "%s'%s'", i ? ", " : "",
                             svc);
  }
}

static int evidence(cr_finding *f, const cr_cert_row *row)
{
  char key[300], data[600];
  snprintf(key, sizeof key, "%s\\%s", CR_KEY_CERT_STORE_MY,
           row->entry->thumbprint);
  snprintf(data, sizeof data, "%s signature (%s), issuer %s%s, Server "
           "Authentication %s, private key %s", row->sig_name,
           row->x.sig_oid ? row->x.sig_oid : "?", row->x.issuer,
           row->x.self_signed ? " (self-signed)" : "",
           row->server_auth ? "enabled" : "disabled",
           row->entry->has_private_key ? "present" : "absent");
  return cr_finding_add_evidence(f, key, "Blob", data);
}

/* `clear`: the instances configured with the certificate, whose setting
 * the CLI fix clears first (nclear 0 when none is). */
static int purpose_fix(cr_finding *f, const cr_cert_row *row,
                       char *const *inst, size_t ninst, char *const *clear,
                       size_t nclear)
{
  char cmdlet[1200], cli[1200], svc[600], note[2000];
  const char *t = row->entry->thumbprint;
  size_t i, used = 0;
  services(svc, sizeof svc, inst, ninst);
  snprintf(cmdlet, sizeof cmdlet, "Disable-CertificateServerAuthentication -Thumbprint %s "
           "-RestartService", t);
  cli[0] = '\0';
  for (i = 0; i < nclear && used < sizeof cli; i++)
    used += (size_t)snprintf(cli + used, sizeof cli - used, "connreset sql "
                             "set-cert --instance %s --clear && ", clear[i]);
  if (used < sizeof cli)
    snprintf(cli + used, sizeof cli - used, "connreset certs set-purpose "
             "--thumbprint %s --remove-server-auth", t);
  snprintf(note, sizeof note, "Then restart the SQL Server service %s "
           "(Restart-Service %s); SQL Server then uses another certificate "
           "with Server Authentication or generates a self-signed one. "
           "Better still, replace the certificate with a SHA-256 one and "
           "configure it (connreset sql set-cert). No Group Policy "
           "pushes this: certificate purposes are set per machine.", svc,
           svc);
  return cr_finding_set_fix(f, cmdlet, cli, NULL, note);
}

/* The instances using `row`, split by where that is known from: the
 * registry (configured with it) or the ERRORLOG (no certificate
 * configured; its last 26013 line names this one). The arrays borrow
 * row->used_by's strings; free the arrays only. */
typedef struct cert_users {
  char **conf, **logd;
  size_t nconf, nlogd;
} cert_users;

static int cert_users_split(cert_users *u, const cr_cert_table *t,
                            const cr_cert_row *row)
{
  size_t i, k;
  memset(u, 0, sizeof *u);
  if (!row->nused_by)
    return CR_OK;
  u->conf = cr_realloc_array(NULL, row->nused_by, sizeof *u->conf);
  u->logd = cr_realloc_array(NULL, row->nused_by, sizeof *u->logd);
  if (!u->conf || !u->logd) {
    free(u->conf);
    free(u->logd);
    memset(u, 0, sizeof *u);
    return cr_error_oom();
  }
  for (i = 0; i < row->nused_by; i++) {
    bool configured = false;
    for (k = 0; k < t->ninstances && !configured; k++)
      configured = !strcmp(t->instances[k].name, row->used_by[i]) &&
                   !strcmp(t->instances[k].thumbprint,
                           row->entry->thumbprint);
    if (configured)
      u->conf[u->nconf++] = row->used_by[i];
    else
      u->logd[u->nlogd++] = row->used_by[i];
  }
  return CR_OK;
}

static void cert_users_dispose(cert_users *u)
{
  free(u->conf);
  free(u->logd);
}

/* "SQL Server (A) is configured with <what>", "... (B) loaded <what>, per
 * its ERRORLOG", or both sources named when the instances differ. */
static void use_title(char *out, size_t size, const cert_users *u,
                      const char *what)
{
  char c[600], l[600];
  join(c, sizeof c, u->conf, u->nconf);
  join(l, sizeof l, u->logd, u->nlogd);
  if (!u->nlogd)
    snprintf(out, size, "SQL Server (%s) is configured with %s", c, what);
  else if (!u->nconf)
    snprintf(out, size, "SQL Server (%s) loaded %s, per %s", l, what,
             u->nlogd > 1 ? "their ERRORLOGs" : "its ERRORLOG");
  else
    snprintf(out, size, "SQL Server uses %s: %s %s configured with it, %s "
             "loaded it per %s", what, c, u->nconf > 1 ? "are" : "is", l,
             u->nlogd > 1 ? "their ERRORLOGs" : "its ERRORLOG");
}

/* The same, for the reason: which setting or log says so. */
static void use_sources(char *out, size_t size, const cert_users *u)
{
  char c[600], l[600];
  join(c, sizeof c, u->conf, u->nconf);
  join(l, sizeof l, u->logd, u->nlogd);
  snprintf(out, size, "%s%s%s%s%s%s%s", u->nconf ? c : "",
           u->nconf ? (u->nconf > 1 ? " are" : " is") : "",
           u->nconf ? " configured with it (SuperSocketNetLib\\Certificate)"
                    : "",
           u->nconf && u->nlogd ? "; " : "",
           u->nlogd ? (u->nlogd > 1 ? "the ERRORLOGs of " : "the ERRORLOG of ")
                    : "",
           u->nlogd ? l : "",
           u->nlogd ? (u->nlogd > 1 ? " say they loaded it (26013)"
                                    : " says it loaded it (26013)")
                    : "");
}

/* The registry value or ERRORLOG line behind each instance using `row`. */
static int instance_evidence(cr_finding *f, const cr_cert_table *t,
                             const cr_cert_row *row)
{
  size_t k;
  int rc = CR_OK;
  for (k = 0; k < t->ninstances && rc >= 0; k++) {
    const cr_cert_instance *in = &t->instances[k];
    char line[40];
    if (!strcmp(in->thumbprint, row->entry->thumbprint)) {
      rc = cr_finding_add_evidence(f, in->key, "Certificate", in->raw);
    } else if (!in->thumbprint[0] && in->log_path &&
               !strcmp(in->log_thumbprint, row->entry->thumbprint)) {
      snprintf(line, sizeof line, "line %zu", in->log_line);
      rc = cr_finding_add_evidence(f, in->log_path, line, in->log_text);
    }
  }
  return rc;
}

static int add_findings(cr_report *r, const cr_cert_table *t)
{
  size_t i;
  int rc = CR_OK;
  for (i = 0; i < t->nrows && rc >= 0; i++) {
    const cr_cert_row *row = &t->rows[i];
    char who[600], title[2000], reason[2400], what[200], from[1400];
    cr_finding *f = NULL;
    bool sha1 = cr_cert_row_has(row, "sha1");
    cert_users u;
    if ((rc = cert_users_split(&u, t, row)) < 0)
      break;
    use_sources(from, sizeof from, &u);
    if (row->weak && row->nused_by) {
      snprintf(what, sizeof what, "a certificate signed with %s",
               row->x.sig_hash);
      use_title(title, sizeof title, &u, what);
      snprintf(reason, sizeof reason, "Certificate %s (%s) is signed with %s "
               "by %s; %s. Microsoft says CA-issued certificates signed with "
               "MD5, SHA224 or SHA512 do not work with TLS 1.2 and "
               "connections fail with error 10054 (%s).",
               row->entry->thumbprint, row->x.subject, row->x.sig_hash,
               row->x.issuer, from, row->reasons[0].rule->citation);
      if ((rc = cr_report_add_finding(r, &f, "CERTHASH001", "CERTHASH",
                                      CR_SEVERITY_ERROR, title, reason)) >= 0 &&
          (rc = evidence(f, row)) >= 0 &&
          (rc = instance_evidence(f, t, row)) >= 0)
        rc = purpose_fix(f, row, row->used_by, row->nused_by, u.conf,
                         u.nconf);
    }
    if (rc >= 0 && row->weak && row->nmay_pick) {
      join(who, sizeof who, row->may_pick, row->nmay_pick);
      snprintf(title, sizeof title, "SQL Server (%s) may pick a certificate "
               "signed with %s", who, row->x.sig_hash);
      snprintf(reason, sizeof reason, "No certificate is configured, and "
               "certificate %s (%s, signed with %s by %s) supports Server "
               "Authentication, has a private key and is valid, so SQL Server "
               "may use it; CA-issued MD5, SHA224 and SHA512 certificates do "
               "not work with TLS 1.2 (%s).", row->entry->thumbprint,
               row->x.subject, row->x.sig_hash, row->x.issuer,
               row->reasons[0].rule->citation);
      if ((rc = cr_report_add_finding(r, &f, "CERTHASH002", "CERTHASH",
                                      CR_SEVERITY_WARNING, title, reason)) >= 0 &&
          (rc = evidence(f, row)) >= 0)
        rc = purpose_fix(f, row, row->may_pick, row->nmay_pick, NULL, 0);
    }
    if (rc >= 0 && sha1 && (row->nused_by || row->nmay_pick)) {
      bool used = row->nused_by > 0;
      if (used) {
        use_title(title, sizeof title, &u, "a SHA-1 certificate");
        snprintf(reason, sizeof reason, "Certificate %s (%s) is signed with "
                 "SHA-1, which Microsoft has deprecated (%s); it still works "
                 "with TLS 1.2. %s.", row->entry->thumbprint, row->x.subject,
                 cr_cert_rule_find("sha1")->citation, from);
      } else {
        join(who, sizeof who, row->may_pick, row->nmay_pick);
        snprintf(title, sizeof title, "SQL Server (%s) may pick a SHA-1 "
                 "certificate", who);
        snprintf(reason, sizeof reason, "Certificate %s (%s) is signed with "
                 "SHA-1, which Microsoft has deprecated (%s); it still works "
                 "with TLS 1.2.", row->entry->thumbprint, row->x.subject,
                 cr_cert_rule_find("sha1")->citation);
      }
      if ((rc = cr_report_add_finding(r, &f, "CERTHASH003", "CERTHASH",
                                      used ? CR_SEVERITY_WARNING
                                           : CR_SEVERITY_INFO,
                                      title, reason)) >= 0 &&
          (rc = evidence(f, row)) >= 0 &&
          (!used || (rc = instance_evidence(f, t, row)) >= 0))
        rc = cr_finding_set_fix(f, "New-SelfSignedCertificate / enrol a "
                                "SHA-256 certificate, then Set-SqlServerCertificate "
                                "-InstanceName <name> -Thumbprint <new>",
                                "connreset sql set-cert --instance <name> "
                                "--thumbprint <new SHA-256 certificate>",
                                NULL, "Restart the SQL Server service after "
                                "changing its certificate.");
    }
    cert_users_dispose(&u);
  }
  /* Configured certificates SQL Server will not load. */
  for (i = 0; i < t->ninstances && rc >= 0; i++) {
    const cr_cert_instance *in = &t->instances[i];
    const cr_cert_row *row;
    char title[600], reason[2400], svc[200], cli[400], cmd[400], note[600];
    size_t used = 0, k;
    cr_finding *f = NULL;
    if (!in->thumbprint[0] || cr_stricmp(t->store, "MY"))
      continue;
    row = cr_cert_table_find(t, in->thumbprint);
    if (row && row->usable)
      continue;
    cr_sql_service_name(svc, sizeof svc, in->name);
    if (!row) {
      snprintf(title, sizeof title, "SQL Server (%s) is configured with a "
               "certificate that is not in LocalMachine\\My", in->name);
      snprintf(reason, sizeof reason, "SuperSocketNetLib\\Certificate names "
               "%s, which LocalMachine\\My does not hold; SQL Server will "
               "not load it (%s).", in->thumbprint,
               "MicrosoftDocs/sql-docs certificate-requirements.md");
    } else {
      used = (size_t)snprintf(reason, sizeof reason, "SQL Server will not "
                              "load certificate %s (%s):", in->thumbprint,
                              row->x.subject);
      for (k = 0; k < row->nreasons && used < sizeof reason; k++)
        if (row->reasons[k].rule->unusable)
          used += (size_t)snprintf(reason + used, sizeof reason - used,
                                   " %s", row->reasons[k].text);
      for (k = 0; k < row->nreasons && used < sizeof reason; k++)
        if (row->reasons[k].rule->unusable) {
          snprintf(reason + used, sizeof reason - used, " (%s)",
                   row->reasons[k].rule->citation);
          break;
        }
      snprintf(title, sizeof title, "SQL Server (%s) is configured with a "
               "certificate it will not load", in->name);
    }
    if ((rc = cr_report_add_finding(r, &f, "CERTHASH004", "CERTHASH",
                                    CR_SEVERITY_ERROR, title, reason)) < 0 ||
        (rc = cr_finding_add_evidence(f, in->key, "Certificate", in->raw)) < 0 ||
        (row && (rc = evidence(f, row)) < 0))
      break;
    snprintf(cli, sizeof cli, "connreset sql set-cert --instance %s "
             "--thumbprint <valid certificate> (or --clear)", in->name);
    snprintf(note, sizeof note, "Restart the SQL Server service '%s' "
             "afterwards (Restart-Service '%s').", svc, svc);
    snprintf(cmd, sizeof cmd, "Set-SqlServerCertificate -InstanceName %s "
             "-Thumbprint <valid certificate> -RestartService", in->name);
    rc = cr_finding_set_fix(f, cmd, cli, NULL, note);
  }
  return rc;
}

int cr_run_certs(cr_report *r, const cr_snapshot *snap)
{
  cr_section sec;
  cr_cert_table *t = cr_calloc(1, sizeof *t);
  int rc;
  if (!t)
    return cr_error_oom();
  if ((rc = cr_cert_table_build(t, snap, "MY", (int64_t)time(NULL), NULL)) < 0) {
    free(t);
    return rc;
  }
  if ((rc = add_findings(r, t)) < 0) {
    certs_free(t);
    return rc;
  }
  sec.name = "certs";
  sec.data = t;
  sec.to_json = certs_json;
  sec.to_text = certs_text;
  sec.free = certs_free;
  return cr_report_add_section(r, &sec);
}

int cr_certs_json(char **out, const cr_snapshot *snap, const char *store)
{
  cr_cert_table t;
  cr_buf b = CR_BUF_INIT;
  cr_json j;
  int rc;
  if (!out || !snap)
    return cr_error_set(CR_EINVAL, "cr_certs_json: bad argument");
  *out = NULL;
  if ((rc = cr_cert_table_build(&t, snap, store, (int64_t)time(NULL), NULL)) < 0)
    return rc;
  cr_json_init(&j, &b);
  cr_json_obj(&j, NULL);
  cr_json_str(&j, "schema", "connreset.certs/1");
  cr_cert_table_json(&t, &j);
  cr_json_obj_end(&j);
  cr_buf_puts(&b, "\n");
  cr_cert_table_dispose(&t);
  if ((rc = cr_buf_status(&b)) < 0) {
    cr_buf_dispose(&b);
    return rc;
  }
  *out = cr_buf_detach(&b, NULL);
  return CR_OK;
}

int cr_certs_text(char **out, const cr_snapshot *snap, const char *store)
{
  cr_cert_table t;
  cr_buf b = CR_BUF_INIT;
  int rc;
  if (!out || !snap)
    return cr_error_set(CR_EINVAL, "cr_certs_text: bad argument");
  *out = NULL;
  if ((rc = cr_cert_table_build(&t, snap, store, (int64_t)time(NULL), NULL)) < 0)
    return rc;
  cr_cert_table_text(&t, &b);
  cr_cert_table_dispose(&t);
  if ((rc = cr_buf_status(&b)) < 0) {
    cr_buf_dispose(&b);
    return rc;
  }
  *out = cr_buf_detach(&b, NULL);
  return CR_OK;
}
