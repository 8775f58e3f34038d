/*
 * weak.c - the certificate table behind `connreset certs` and the
 * CERTHASH check: every certificate of a store with its rows and reasons
 * (rules and sources in knowledge/cert_rules.c), and the SQL Server
 * instances that use it (SuperSocketNetLib\Certificate, read as
 * certs/server_cert.c does) or could pick it by themselves: with no
 * certificate configured, SQL Server takes one from LocalMachine\My that
 * supports Server Authentication (seed 001), which it can only load when
 * it is within its dates and has a private key (certificate-requirements).
 * Which one it did pick its ERRORLOG says: the last 26013 line names the
 * certificate loaded, a 26018 line a self-generated one (errorlog.h).
 */
#include "weak.h"
#include "../knowledge/regpaths.h"
#include "../sql/errorlog.h"
#include "../sql/sqlserver.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cr_format_utc(char out[32], int64_t t)
{
  /* Days to civil date (H. Hinnant's algorithm), no gmtime needed. */
  int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  int64_t secs = t - days * 86400, z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2)
    y++;
  snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)(y % 100000),
           (int)(m % 100), (int)(d % 100), (int)(secs / 3600 % 100),
           (int)(secs / 60 % 60), (int)(secs % 60));
}

void cr_sql_service_name(char *out, size_t size, const char *instance)
{
  if (!instance || !cr_stricmp(instance, "MSSQLSERVER"))
    snprintf(out, size, "MSSQLSERVER");
  else
    snprintf(out, size, "MSSQL$%s", instance);
}

static void sig_name(char out[32], const cr_x509 *x)
{
  char h[16] = "";
  size_t i;
  for (i = 0; x->sig_hash && x->sig_hash[i] && i < sizeof h - 1; i++)
    h[i] = (char)(x->sig_hash[i] >= 'A' && x->sig_hash[i] <= 'Z'
                    ? x->sig_hash[i] - 'A' + 'a' : x->sig_hash[i]);
  h[i] = '\0';
  switch (x->sig_scheme) {
  case CR_SIG_RSA_PKCS1: snprintf(out, 32, "%sRSA", h); break;
  case CR_SIG_RSA_PSS: snprintf(out, 32, "RSASSA-PSS"); break;
  case CR_SIG_ECDSA: snprintf(out, 32, "%sECDSA", h); break;
  case CR_SIG_DSA: snprintf(out, 32, "%sDSA", h); break;
  case CR_SIG_ED25519: snprintf(out, 32, "Ed25519"); break;
  case CR_SIG_ED448: snprintf(out, 32, "Ed448"); break;
  default: snprintf(out, 32, "%s", x->sig_oid ? x->sig_oid : "unknown");
  }
}

static int strlist_add(char ***list, size_t *n, const char *s)
{
  char **p = cr_realloc_array(*list, *n + 1, sizeof *p);
  if (!p)
    return cr_error_oom();
  *list = p;
  if (!(p[*n] = cr_strdup(s)))
    return cr_error_oom();
  (*n)++;
  return CR_OK;
}

static void strlist_free(char **list, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++)
    free(list[i]);
  free(list);
}

static int add_reason(cr_cert_row *row, const char *rule_id,
                      const char *fmt, ...) CR_PRINTF(3, 4);
static int add_reason(cr_cert_row *row, const char *rule_id,
                      const char *fmt, ...)
{
  char text[600];
  cr_cert_reason *p;
  const cr_cert_rule *rule = cr_cert_rule_find(rule_id);
  va_list ap;
  if (!rule)
    return cr_error_set(CR_ERROR, "no certificate rule '%s'", rule_id);
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  p = cr_realloc_array(row->reasons, row->nreasons + 1, sizeof *p);
  if (!p)
    return cr_error_oom();
  row->reasons = p;
  p[row->nreasons].rule = rule;
  if (!(p[row->nreasons].text = cr_strdup(text)))
    return cr_error_oom();
  row->nreasons++;
  if (rule->weak)
    row->weak = true;
  if (rule->unusable)
    row->usable = false;
  return CR_OK;
}

bool cr_cert_row_has(const cr_cert_row *row, const char *rule_id)
{
  size_t i;
  for (i = 0; row && i < row->nreasons; i++)
    if (!strcmp(row->reasons[i].rule->id, rule_id))
      return true;
  return false;
}

static int judge(cr_cert_row *row, int64_t now, bool is_my)
{
  const cr_x509 *x = &row->x;
  char when[32];
  int rc = CR_OK;
  row->usable = true;
  row->server_auth = cr_cert_allows(x, &row->entry->props, CR_OID_SERVER_AUTH);
  if (cr_cert_hash_breaks_tls12(x->sig_hash)) {
    if (!x->self_signed)
      rc = add_reason(row, "weak-hash", "The certificate is signed with %s "
                      "(%s) by %s; a CA-issued certificate signed with MD5, "
                      "SHA224 or SHA512 does not work with TLS 1.2 for SQL "
                      "Server and connections fail with error 10054.",
                      x->sig_hash, row->sig_name, x->issuer);
    else
      rc = add_reason(row, "weak-hash-self-signed", "The certificate is "
                      "signed with %s but is self-signed, which Microsoft "
                      "says is not affected.", x->sig_hash);
  } else if (x->sig_hash && !strcmp(x->sig_hash, "SHA1")) {
    rc = add_reason(row, "sha1", "The certificate is signed with SHA-1 "
                    "(%s), which Microsoft has deprecated; replace it with "
                    "a SHA-256 certificate.", row->sig_name);
  }
  if (rc >= 0 && now > x->not_after) {
    cr_format_utc(when, x->not_after);
    rc = add_reason(row, "expired", "The certificate expired on %s.", when);
  }
  if (rc >= 0 && now < x->not_before) {
    cr_format_utc(when, x->not_before);
    rc = add_reason(row, "not-yet-valid", "The certificate is not valid "
                    "before %s.", when);
  }
  if (rc >= 0 && !row->entry->has_private_key)
    rc = add_reason(row, "no-private-key", "The store holds no private key "
                    "for the certificate (no key provider information).");
  if (rc >= 0 && !row->server_auth)
    rc = add_reason(row, "no-server-auth", "%s", !cr_x509_allows(x,
                    CR_OID_SERVER_AUTH)
                    ? "The certificate's Enhanced Key Usage extension does "
                      "not include Server Authentication (1.3.6.1.5.5.7.3.1)."
                    : "Server Authentication is disabled in the "
                      "certificate's purposes in the store (enhanced key "
                      "usage property).");
  if (rc >= 0 && x->key_type == CR_KEYTYPE_RSA && x->key_bits &&
      x->key_bits < CR_CERT_MIN_RSA_BITS)
    rc = add_reason(row, "rsa-too-small", "The RSA key has %u bits; 2048 "
                    "is the least that is not too small.", x->key_bits);
  row->candidate = is_my && row->server_auth && row->entry->has_private_key &&
                   now >= x->not_before && now <= x->not_after;
  return rc;
}

const char *cr_cert_instance_thumbprint(const cr_cert_instance *in)
{
  return in->thumbprint[0] ? in->thumbprint : in->log_thumbprint;
}

/* The last certificate load (26013 or 26018) of `log` decides. */
static int apply_log(cr_cert_instance *in, const cr_errorlog *log,
                     const char *path)
{
  const cr_errorlog_event *ev = NULL;
  size_t i;
  char text[600];
  for (i = 0; i < log->nevents; i++)
    if (log->events[i].error == 26013 || log->events[i].error == 26018)
      ev = &log->events[i];
  if (!ev || (ev->error == 26013 && !ev->thumbprint[0]))
    return CR_OK;
  snprintf(text, sizeof text, "%s%s%s", ev->timestamp,
           ev->timestamp[0] ? " " : "", ev->text ? ev->text : "");
  if (!(in->log_path = cr_strdup(path)) || !(in->log_text = cr_strdup(text)))
    return cr_error_oom();
  in->log_line = ev->line;
  if (ev->error == 26013) {
    snprintf(in->log_thumbprint, sizeof in->log_thumbprint, "%s",
             ev->thumbprint);
    in->cert_source = "errorlog";
  } else {
    in->cert_source = "self-generated";
  }
  return CR_OK;
}

/* With no certificate configured: the attached ERRORLOG, else (live) the
 * one at the instance's -e path; unreadable live logs are skipped. */
static int read_log(cr_cert_instance *in, const cr_snapshot *snap,
                    const cr_sql_instances *sql, const char *root)
{
  const cr_snap_errorlog *att = cr_snap_find_errorlog(snap, in->name);
  char want[600];
  size_t i;
  int rc = CR_OK;
  if (att)
    return apply_log(in, att->log, att->path);
  if (!snap->live)
    return CR_OK;
  snprintf(want, sizeof want, "%s\\%s", root, in->id);
  for (i = 0; i < sql->n; i++) {
    const cr_sql_instance *si = &sql->v[i];
    uint8_t *data = NULL;
    size_t len = 0;
    cr_errorlog log;
    if (!si->errorlog || !si->root || cr_stricmp(si->root, want))
      continue;
    if (cr_read_file(&data, &len, si->errorlog) < 0 ||
        cr_errorlog_parse(&log, data, len, si->errorlog) < 0) {
      free(data);
      cr_error_clear();
      return CR_OK;
    }
    free(data);
    rc = apply_log(in, &log, si->errorlog);
    cr_errorlog_dispose(&log);
    break;
  }
  return rc;
}

/* Instances of both registry views, with their configured thumbprints. */
static int read_instances(cr_cert_table *t, const cr_snapshot *snap)
{
  static const struct {
    const char *names, *root;
  } views[2] = {
    { CR_KEY_SQL_INSTANCE_NAMES, CR_KEY_SQL_ROOT },
    { CR_KEY_SQL_INSTANCE_NAMES_WOW, CR_KEY_SQL_ROOT_WOW },
  };
  size_t v, i;
  cr_sql_instances sql;
  int rc = CR_OK;
  memset(&sql, 0, sizeof sql);
  if (snap->live && cr_sql_instances_read(&sql, snap) < 0)
    memset(&sql, 0, sizeof sql); /* no -e paths then */
  for (v = 0; v < 2 && rc >= 0; v++) {
    const cr_key *names = cr_snap_find_key(snap, views[v].names);
    for (i = 0; names && i < names->nvalues; i++) {
      const cr_value *iv = &names->values[i];
      cr_cert_instance in, *p;
      char key[600];
      char *id = NULL, *cfg = NULL;
      if (iv->type != CR_REG_SZ ||
          cr_snap_get_string(&id, snap, views[v].names, iv->name) < 0)
        continue;
      memset(&in, 0, sizeof in);
      snprintf(key, sizeof key, "%s\\%s\\" CR_SUBKEY_SQL_NETLIB,
               views[v].root, id);
      if (cr_snap_get_string(&cfg, snap, key, "Certificate") == CR_OK &&
          *cfg && !cr_thumbprint_normalise(in.thumbprint, cfg))
        in.thumbprint[0] = '\0';
      in.raw = cfg;
      in.id = id;
      in.name = cr_strdup(iv->name);
      in.key = cr_strdup(key);
      in.cert_source = in.thumbprint[0] ? "configured" : "auto-selection";
      p = cr_realloc_array(t->instances, t->ninstances + 1, sizeof *p);
      if (p)
        t->instances = p;
      if (!p || !in.name || !in.key)
        rc = cr_error_oom();
      else if (!in.thumbprint[0])
        rc = read_log(&in, snap, &sql, views[v].root);
      if (rc < 0) {
        free(in.name);
        free(in.key);
        free(in.raw);
        free(in.id);
        free(in.log_path);
        free(in.log_text);
        break;
      }
      t->instances[t->ninstances++] = in;
    }
  }
  cr_sql_instances_dispose(&sql);
  if (rc >= 0)
    cr_error_clear();
  return rc;
}

int cr_cert_table_build(cr_cert_table *out, const cr_snapshot *snap,
                        const char *store, int64_t now, cr_certstore *cs)
{
  cr_certstore *own = NULL;
  size_t i, k;
  bool is_my;
  int rc;
  if (!out || !snap)
    return cr_error_set(CR_EINVAL, "cr_cert_table_build: bad argument");
  memset(out, 0, sizeof *out);
  if (!store || !*store)
    store = "MY";
  if ((rc = cr_certstore_check_name(store)) < 0)
    return rc;
  snprintf(out->store, sizeof out->store, "%s", store);
  is_my = !cr_stricmp(store, "MY");
  out->now = now;
  if (!cs) {
    rc = snap->live ? cr_certstore_live_open(&own)
                    : cr_certstore_snapshot_open(&own, snap);
    if (rc < 0)
      return rc;
    cs = own;
  }
  out->source = cs->ops->name;
  rc = cr_certstore_list(&out->list, cs, store);
  cr_certstore_close(own);
  if (rc < 0 || (rc = read_instances(out, snap)) < 0)
    goto fail;
  if (out->list.n &&
      !(out->rows = cr_calloc(out->list.n, sizeof *out->rows))) {
    rc = cr_error_oom();
    goto fail;
  }
  for (i = 0; i < out->list.n; i++) {
    const cr_cert_entry *e = &out->list.items[i];
    cr_cert_row *row = &out->rows[out->nrows];
    char origin[120];
    snprintf(origin, sizeof origin, "%s\\%s", store, e->thumbprint);
    if (cr_x509_parse(&row->x, e->props.cert, e->props.cert_len, origin) < 0) {
      rc = cr_cert_list_add_skipped(&out->list, "%s", cr_error_last());
      cr_error_clear();
      if (rc < 0)
        goto fail;
      continue;
    }
    row->entry = e;
    out->nrows++;
    sig_name(row->sig_name, &row->x);
    if ((rc = judge(row, now, is_my)) < 0)
      goto fail;
    for (k = 0; is_my && k < out->ninstances; k++) {
      cr_cert_instance *in = &out->instances[k];
      if (in->thumbprint[0] && !strcmp(in->thumbprint, e->thumbprint)) {
        in->in_store = true;
        rc = strlist_add(&row->used_by, &row->nused_by, in->name);
      } else if (!in->thumbprint[0] && in->log_thumbprint[0] &&
                 !strcmp(in->log_thumbprint, e->thumbprint)) {
        rc = strlist_add(&row->used_by, &row->nused_by, in->name);
      } else if (!strcmp(in->cert_source, "auto-selection") &&
                 row->candidate) {
        rc = strlist_add(&row->may_pick, &row->nmay_pick, in->name);
      }
      if (rc < 0)
        goto fail;
    }
  }
  return CR_OK;
fail:
  cr_cert_table_dispose(out);
  return rc;
}

void cr_cert_table_dispose(cr_cert_table *t)
{
  size_t i, k;
  if (!t)
    return;
  for (i = 0; i < t->nrows; i++) {
    cr_cert_row *row = &t->rows[i];
    cr_x509_dispose(&row->x);
    strlist_free(row->used_by, row->nused_by);
    strlist_free(row->may_pick, row->nmay_pick);
    for (k = 0; k < row->nreasons; k++)
      free(row->reasons[k].text);
    free(row->reasons);
  }
  free(t->rows);
  for (i = 0; i < t->ninstances; i++) {
    free(t->instances[i].name);
    free(t->instances[i].id);
    free(t->instances[i].key);
    free(t->instances[i].raw);
    free(t->instances[i].log_path);
    free(t->instances[i].log_text);
  }
  free(t->instances);
  cr_cert_list_dispose(&t->list);
  memset(t, 0, sizeof *t);
}

const cr_cert_row *cr_cert_table_find(const cr_cert_table *t,
                                      const char *thumbprint)
{
  char want[41];
  size_t i;
  if (!t || !cr_thumbprint_normalise(want, thumbprint))
    return NULL;
  for (i = 0; i < t->nrows; i++)
    if (!strcmp(t->rows[i].entry->thumbprint, want))
      return &t->rows[i];
  return NULL;
}

static void json_list(cr_json *j, const char *name, char *const *l, size_t n)
{
  size_t i;
  cr_json_arr(j, name);
  for (i = 0; i < n; i++)
    cr_json_str(j, NULL, l[i]);
  cr_json_arr_end(j);
}

void cr_cert_table_json(const cr_cert_table *t, cr_json *j)
{
  size_t i, k;
  char when[32];
  cr_json_str(j, "store", t->store);
  cr_json_str(j, "source", t->source);
  cr_json_arr(j, "certificates");
  for (i = 0; i < t->nrows; i++) {
    const cr_cert_row *row = &t->rows[i];
    const cr_x509 *x = &row->x;
    const cr_cert_blob *p = &row->entry->props;
    cr_json_obj(j, NULL);
    cr_json_str(j, "thumbprint", row->entry->thumbprint);
    cr_json_str(j, "friendlyName", p->friendly_name);
    cr_json_str(j, "subject", x->subject);
    cr_json_str(j, "issuer", x->issuer);
    cr_json_str(j, "signatureAlgorithm", row->sig_name);
    cr_json_str(j, "signatureOid", x->sig_oid);
    cr_json_str(j, "signatureHash", x->sig_hash);
    cr_json_str(j, "keyType", cr_key_type_name(x->key_type));
    cr_json_int(j, "keyBits", x->key_bits);
    cr_json_bool(j, "selfSigned", x->self_signed);
    cr_json_bool(j, "serverAuthentication", row->server_auth);
    if (x->has_eku)
      json_list(j, "enhancedKeyUsage", x->eku, x->neku);
    else
      cr_json_null(j, "enhancedKeyUsage");
    if (p->has_eku_override)
      json_list(j, "enabledPurposes", p->eku_override, p->neku_override);
    else
      cr_json_null(j, "enabledPurposes");
    cr_format_utc(when, x->not_before);
    cr_json_str(j, "notBefore", when);
    cr_format_utc(when, x->not_after);
    cr_json_str(j, "notAfter", when);
    cr_json_bool(j, "privateKey", row->entry->has_private_key);
    json_list(j, "usedBy", row->used_by, row->nused_by);
    json_list(j, "mayBePickedBy", row->may_pick, row->nmay_pick);
    cr_json_bool(j, "autoSelectable", row->candidate);
    cr_json_bool(j, "weak", row->weak);
    cr_json_bool(j, "usable", row->usable);
    cr_json_arr(j, "reasons");
    for (k = 0; k < row->nreasons; k++) {
      cr_json_obj(j, NULL);
      cr_json_str(j, "rule", row->reasons[k].rule->id);
      cr_json_str(j, "severity",
                  cr_severity_name(row->reasons[k].rule->severity));
      cr_json_str(j, "text", row->reasons[k].text);
      cr_json_str(j, "citation", row->reasons[k].rule->citation);
      cr_json_obj_end(j);
    }
    cr_json_arr_end(j);
    cr_json_obj_end(j);
  }
  cr_json_arr_end(j);
  cr_json_arr(j, "instances");
  for (i = 0; i < t->ninstances; i++) {
    const cr_cert_instance *in = &t->instances[i];
    char svc[200];
    cr_sql_service_name(svc, sizeof svc, in->name);
    cr_json_obj(j, NULL);
    cr_json_str(j, "name", in->name);
    cr_json_str(j, "id", in->id);
    cr_json_str(j, "service", svc);
    cr_json_str(j, "certificate", in->thumbprint[0] ? in->thumbprint : NULL);
    cr_json_str(j, "certificateValue", in->raw);
    cr_json_str(j, "certificateSource", in->cert_source);
    cr_json_str(j, "usedCertificate", cr_cert_instance_thumbprint(in)[0]
                                        ? cr_cert_instance_thumbprint(in)
                                        : NULL);
    if (in->log_path) {
      cr_json_obj(j, "errorlog");
      cr_json_str(j, "file", in->log_path);
      cr_json_int(j, "line", (int64_t)in->log_line);
      cr_json_str(j, "text", in->log_text);
      cr_json_obj_end(j);
    } else {
      cr_json_null(j, "errorlog");
    }
    cr_json_obj_end(j);
  }
  cr_json_arr_end(j);
  json_list(j, "skipped", t->list.skipped, t->list.nskipped);
}

void cr_cert_table_text(const cr_cert_table *t, cr_buf *b)
{
  size_t i, k;
  char nb[32], na[32];
  cr_buf_printf(b, "Certificates in LocalMachine\\%s (%s): %zu\n", t->store,
                t->source, t->nrows);
  for (i = 0; i < t->nrows; i++) {
    const cr_cert_row *row = &t->rows[i];
    const cr_x509 *x = &row->x;
    cr_format_utc(nb, x->not_before);
    cr_format_utc(na, x->not_after);
    cr_buf_printf(b, "\n  %s%s%s\n", row->entry->thumbprint,
                  row->weak ? "  WEAK" : "", row->usable ? "" : "  UNUSABLE");
    cr_buf_printf(b, "    subject:   %s\n    issuer:    %s%s\n", x->subject,
                  x->issuer, x->self_signed ? " (self-signed)" : "");
    cr_buf_printf(b, "    signature: %s   key: %s %u   private key: %s\n",
                  row->sig_name, cr_key_type_name(x->key_type), x->key_bits,
                  row->entry->has_private_key ? "yes" : "no");
    cr_buf_printf(b, "    valid:     %s .. %s   Server Authentication: %s\n",
                  nb, na, row->server_auth ? "enabled" : "disabled");
    if (row->nused_by) {
      cr_buf_puts(b, "    used by:  ");
      for (k = 0; k < row->nused_by; k++)
        cr_buf_printf(b, " %s", row->used_by[k]);
      cr_buf_puts(b, "\n");
    }
    if (row->nmay_pick) {
      cr_buf_puts(b, "    may be picked by:");
      for (k = 0; k < row->nmay_pick; k++)
        cr_buf_printf(b, " %s", row->may_pick[k]);
      cr_buf_puts(b, "\n");
    }
    for (k = 0; k < row->nreasons; k++)
      cr_buf_printf(b, "    [%s] %s: %s\n",
                    cr_severity_name(row->reasons[k].rule->severity),
                    row->reasons[k].rule->id, row->reasons[k].text);
  }
  for (i = 0; i < t->ninstances; i++) {
    const cr_cert_instance *in = &t->instances[i];
    if (in->log_path)
      cr_buf_printf(b, "\n  %s: %s (%s line %zu: %s)\n", in->name,
                    !strcmp(in->cert_source, "errorlog")
                      ? in->log_thumbprint : "self-generated certificate",
                    in->log_path, in->log_line, in->log_text);
  }
  for (i = 0; i < t->list.nskipped; i++)
    cr_buf_printf(b, "  skipped: %s\n", t->list.skipped[i]);
}
