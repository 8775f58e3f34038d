/*
 * trace_verdicts.c - what a capture proves, per connection and summed per
 * server, mapped to the finding families. Stable ids:
 *
 *   PROTO101    error    no common protocol version: a protocol_version
 *                        alert, or the server closed right after a
 *                        ClientHello offering none of the versions it
 *                        negotiated with other clients
 *   SUITE101    error    no common cipher suite: a handshake_failure (or
 *                        insufficient_security) alert before any
 *                        ServerHello, or a close right after a ClientHello
 *                        offering none of the suites the server chose for
 *                        other clients (the offered suites are listed)
 *   PROTO103    error    the server closed right after the ClientHello and
 *                        the trace holds no completed handshake with it to
 *                        tell a protocol from a suite mismatch
 *   CERTHASH101 error    the server's certificate is signed with MD5,
 *                        SHA-224 or SHA-512 (and not self-signed), and the
 *                        client reset or sent an alert after it
 *   CERTHASH102 warning  such a certificate served, handshakes completed
 *                        here (Windows TLS 1.2 clients reset on it)
 *   DHEZERO101  warning  suspect only: a TLS_DHE suite chosen and the
 *                        handshake died after the client's Finished while
 *                        other DHE handshakes between the same two hosts
 *                        completed (the rate is given). A trace cannot
 *                        prove the KB4557473 leading-zero bug: the failing
 *                        shared secret is never on the wire.
 *   SYN101      warning  suspect: SYNs unanswered or answered with RST
 *                        while the server answered others
 *   SYN102      info     the server answered no SYN at all (not listening
 *                        or filtered; not SYN attack protection)
 *   RESET101    warning  resets once the login was over: who reset, after
 *                        how long, keep-alives and retransmissions
 *   HANDSHAKE101 warning other handshake failures (alerts, aborts)
 *   PROTO104    info     handshakes completed below TLS 1.2
 *   IOCP101     warning  PRELOGIN says SQL Server 2017 (14.x) or earlier
 *   PROTO110    warning  PRELOGIN says a SQL Server build without TLS 1.2
 *
 * Sources: seed 001 and MicrosoftDocs tls-exist-connection-closed.md (the
 * six scenarios), 0710-SSL-Errors-after-Upgrading-to-TLS-1.2 (the server
 * closes after the ClientHello; MD5/SHA224/SHA512), KB4557473 (DHE leading
 * zero), SQL Network Analyzer's reset and SYN reports, RFC 8446 section 6
 * (alert codes), KB3135244 (SQL Server builds with TLS 1.2).
 */
#include "trace.h"

#include "../knowledge/sql_tls.h"
#include "../tls/suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const outcome_names[OUT_COUNT] = {
  "tls-ok", "ok", "closed", "incomplete", "syn-unanswered", "syn-refused",
  "alert-protocol-version", "alert-no-common-suite", "reset-after-client-hello",
  "certificate-rejected", "died-after-client-finished", "handshake-failed",
  "reset", "weak-certificate-rejected"
};

const char *trace_outcome_name(trace_outcome o)
{
  return o < OUT_COUNT ? outcome_names[o] : "unknown";
}

bool trace_weak_hash(const cr_tls_cert *c)
{
  /* Microsoft's list (0710 and the 10054 article): MD5, SHA224, SHA512;
   * self-signed certificates are not affected. */
  return c->parsed && !c->self_signed &&
         (!strcmp(c->sig_hash, "MD5") || !strcmp(c->sig_hash, "SHA224") ||
          !strcmp(c->sig_hash, "SHA512"));
}

bool trace_suite_is_dhe(uint16_t suite)
{
  const cr_suite *s = cr_suite_by_id(suite);
  return s && (s->flags & CR_SUITE_DHE);
}

static bool grease(uint16_t v) { return (v & 0x0f0f) == 0x0a0a; }

uint16_t trace_max_version(const cr_tls_ch *ch)
{
  uint16_t best = 0;
  uint8_t i;
  if (ch->has_supported_versions) {
    for (i = 0; i < ch->nversions; i++)
      if (!grease(ch->versions[i]) && ch->versions[i] > best &&
          ch->versions[i] < 0x0400)
        best = ch->versions[i];
    if (best)
      return best;
  }
  return ch->version;
}

static const cr_tls_alert *fatal_alert(const cr_conn_facts *f, int dir)
{
  uint8_t i;
  for (i = 0; i < f->nalerts; i++) {
    const cr_tls_alert *a = &f->alerts[i];
    if ((dir < 0 || a->dir == dir) && !a->encrypted && a->desc != 0 &&
        (a->level == 2 || a->desc == 40 || a->desc == 70))
      return a;
  }
  return NULL;
}

bool trace_handshake_done(const cr_conn_facts *f)
{
  bool sh = f->sh.frame != 0 && !f->sh.hrr;
  if (!sh)
    return false;
  if (f->sh.selected_version == 0x0304)
    return f->finished_frame[0] != 0;
  return f->finished_frame[0] && f->finished_frame[1];
}

trace_outcome trace_classify(const cr_conn_facts *f)
{
  bool ch = f->ch.frame != 0;
  bool sh = f->sh.frame != 0 && !f->sh.hrr;
  bool tls13 = sh && f->sh.selected_version == 0x0304;
  bool srv_close = f->rst_frame[1] || f->fin_frame[1];
  bool cli_close = f->rst_frame[0] || f->fin_frame[0];
  bool any_rst = f->rst_frame[0] || f->rst_frame[1];
  bool done = tls13 ? f->finished_frame[0] != 0
                    : f->finished_frame[0] && f->finished_frame[1];
  const cr_tls_alert *a = fatal_alert(f, -1);

  if (f->syns && !f->synacks && !f->bytes[0] && !f->bytes[1])
    return f->rst_frame[1] ? OUT_SYN_REFUSED : OUT_SYN_UNANSWERED;
  if (ch && !done) {
    if (a && a->desc == 70)
      return OUT_ALERT_PROTO;
    if (a && a->dir == 1 && !sh && (a->desc == 40 || a->desc == 71))
      return OUT_ALERT_SUITE;
    if (f->cert.frame && !f->finished_frame[0] &&
        ((a && a->dir == 0) || (!a && cli_close))) {
      return trace_weak_hash(&f->cert) ? OUT_WEAK_CERT_REJECTED
                                       : OUT_CERT_REJECTED;
    }
    if (a)
      return OUT_HANDSHAKE_FAILED;
    if (!sh) {
      if (srv_close && (!cli_close || (f->rst_frame[1] ? f->rst_frame[1]
                                       : f->fin_frame[1]) <
                        (f->rst_frame[0] ? f->rst_frame[0] : f->fin_frame[0])))
        return OUT_RESET_AFTER_CH;
      return cli_close ? OUT_HANDSHAKE_FAILED : OUT_INCOMPLETE;
    }
    if (f->finished_frame[0] && !tls13 && (srv_close || cli_close))
      return OUT_DIED_AFTER_FINISHED;
    return srv_close || cli_close ? OUT_HANDSHAKE_FAILED : OUT_INCOMPLETE;
  }
  if (any_rst)
    return OUT_RESET;
  if (done)
    return OUT_OK_TLS;
  if (f->bytes[0] && f->bytes[1])
    return OUT_OK_PLAIN;
  if (f->fin_frame[0] || f->fin_frame[1])
    return OUT_CLOSED;
  return OUT_INCOMPLETE;
}

/* ---------------------------------------------------------------- */
/* Resolving a ClientHello the server closed on.                    */
/* ---------------------------------------------------------------- */

static bool offers_version(const trace_offer *o, uint16_t v)
{
  uint8_t i;
  if (o->nversions) {
    for (i = 0; i < o->nversions; i++)
      if (o->versions[i] == v)
        return true;
    return false;
  }
  /* Without supported_versions a client offers its version and, as far
   * as the trace can tell, the ones below it (RFC 5246 appendix E.1). */
  return v <= o->max_version && v >= 0x0300;
}

static bool offers_suite(const trace_offer *o, uint16_t s)
{
  uint16_t i;
  for (i = 0; i < o->nsuites; i++)
    if (o->suites[i] == s)
      return true;
  return false;
}

static void list_versions(char *out, size_t size, const uint16_t *v, size_t n)
{
  size_t i, k = 0;
  out[0] = '\0';
  for (i = 0; i < n && k < size; i++)
    k += (size_t)snprintf(out + k, size - k, "%s%s", i ? ", " : "",
                          trace_version_name(v[i]));
}

static void list_suites(char *out, size_t size, const uint16_t *v, size_t n)
{
  size_t i, k = 0;
  out[0] = '\0';
  for (i = 0; i < n && k + 1 < size; i++) {
    const cr_suite *s = cr_suite_by_id(v[i]);
    if (s)
      k += (size_t)snprintf(out + k, size - k, "%s%s", i ? ", " : "", s->name);
    else
      k += (size_t)snprintf(out + k, size - k, "%s0x%04X", i ? ", " : "", v[i]);
  }
}

void trace_offer_resolve(const trace_server *s, const trace_offer *o,
                         const char **id, char *why, size_t size)
{
  char vers[200], have[200];
  uint8_t i;
  bool version_ok = false, suite_ok = false;
  if (!s->nversions_ok) {
    *id = "PROTO103";
    snprintf(why, size, "no handshake with this server completed in the "
             "trace, so the versions and suites it accepts are unknown");
    return;
  }
  for (i = 0; i < s->nversions_ok; i++)
    version_ok = version_ok || offers_version(o, s->versions_ok[i]);
  list_versions(have, sizeof have, s->versions_ok, s->nversions_ok);
  if (o->nversions)
    list_versions(vers, sizeof vers, o->versions, o->nversions);
  else
    snprintf(vers, sizeof vers, "up to %s", trace_version_name(o->max_version));
  if (!version_ok) {
    *id = "PROTO101";
    snprintf(why, size, "the client offered %s; the server negotiated only "
             "%s with other clients", vers, have);
    return;
  }
  for (i = 0; i < s->nsuites_ok; i++)
    suite_ok = suite_ok || offers_suite(o, s->suites_ok[i]);
  if (!suite_ok) {
    list_suites(have, sizeof have, s->suites_ok, s->nsuites_ok);
    *id = "SUITE101";
    snprintf(why, size, "the client offered %s but none of the suites the "
             "server chose for other clients (%s)", vers, have);
    return;
  }
  *id = "HANDSHAKE101";
  snprintf(why, size, "the server completed handshakes with other clients "
           "on a version and a suite this client offers, so neither a "
           "protocol nor a suite mismatch explains the close");
}

/* ---------------------------------------------------------------- */
/* Findings.                                                        */
/* ---------------------------------------------------------------- */

static void evidence(cr_finding *f, const cr_trace *t, const trace_ref *r)
{
  char key[1200], frames[200];
  trace_ref_frames(frames, sizeof frames, r);
  snprintf(key, sizeof key, "%s: stream %llu, %s", t->files[r->file].path,
           (unsigned long long)r->stream, frames);
  cr_finding_add_evidence(f, key, NULL, r->what);
}

/* The example connections of one outcome at a server. */
static void outcome_evidence(cr_finding *f, const cr_trace *t,
                             const trace_server *s, trace_outcome o)
{
  uint8_t r;
  for (r = 0; r < s->nrefs[o]; r++)
    evidence(f, t, &s->refs[o][r]);
}

static int add(cr_trace *t, cr_finding **f, const char *id, const char *family,
               cr_severity sev, const char *title, const char *reason)
{
  return cr_report_add_finding(t->findings, f, id, family, sev, title, reason);
}

/* "127.0.0.1:1433" */
static void server_name(char *out, size_t size, const trace_server *s)
{
  cr_ep_str(out, size, &s->ep);
}

static int proto_findings(cr_trace *t, trace_server *s, const char *srv)
{
  /* Collect the offers by how they resolve. */
  static const char *const ids[] = { "PROTO101", "SUITE101", "PROTO103",
                                     "HANDSHAKE101" };
  size_t k, i;
  int rc;
  for (k = 0; k < 4; k++) {
    uint64_t n = 0;
    cr_finding *f = NULL;
    char title[300], reason[1600], why[700];
    size_t used = 0;
    for (i = 0; i < s->noffers; i++) {
      const char *id;
      trace_offer_resolve(s, &s->offers[i], &id, why, sizeof why);
      if (!strcmp(id, ids[k]))
        n += s->offers[i].count;
    }
    if (k == 0)
      n += s->outcome[OUT_ALERT_PROTO];
    if (k == 1)
      n += s->outcome[OUT_ALERT_SUITE];
    if (k == 2)
      n += s->offers_other;
    if (k == 3)
      n += s->outcome[OUT_HANDSHAKE_FAILED] + s->outcome[OUT_CERT_REJECTED];
    if (!n)
      continue;
    if (k == 0) {
      snprintf(title, sizeof title, "No common TLS protocol version with %s "
               "(%llu connection%s)", srv, (unsigned long long)n,
               n == 1 ? "" : "s");
      snprintf(reason, sizeof reason, "The handshake ended before a "
               "ServerHello with a protocol_version alert or with the server "
               "closing right after the ClientHello, the trace of a client and "
               "server that share no TLS version (0710, scenario 1)");
    } else if (k == 1) {
      snprintf(title, sizeof title, "No common cipher suite with %s (%llu "
               "connection%s)", srv, (unsigned long long)n, n == 1 ? "" : "s");
      snprintf(reason, sizeof reason, "The server answered the ClientHello "
               "with a handshake_failure alert or closed right after it, "
               "the trace of a client and server that share a version but "
               "no cipher suite (scenario 2)");
    } else if (k == 2) {
      snprintf(title, sizeof title, "%s closed the connection right after "
               "the ClientHello (%llu connection%s): no common protocol or "
               "cipher suite", srv, (unsigned long long)n, n == 1 ? "" : "s");
      snprintf(reason, sizeof reason, "Schannel resets a connection whose "
               "ClientHello it cannot accept (0710); the trace holds no "
               "completed handshake with this server to tell a protocol from "
               "a suite mismatch: compare the two machines' configuration "
               "(connreset trace ... --client A.reg --server B.reg)");
    } else {
      snprintf(title, sizeof title, "TLS handshakes with %s failed (%llu "
               "connection%s)", srv, (unsigned long long)n, n == 1 ? "" : "s");
      snprintf(reason, sizeof reason, "The handshake ended with an alert or "
               "an abort that no configuration family explains by itself; "
               "the evidence names the alert");
    }
    if ((rc = add(t, &f, ids[k], k == 1 ? "SUITE" : k == 3 ? "HANDSHAKE" : "PROTO",
                  k == 3 ? CR_SEVERITY_WARNING : CR_SEVERITY_ERROR, title,
                  reason)) < 0)
      return rc;
    for (i = 0; i < s->noffers; i++) {
      const char *id;
      const trace_offer *o = &s->offers[i];
      uint8_t r;
      trace_offer_resolve(s, o, &id, why, sizeof why);
      if (strcmp(id, ids[k]))
        continue;
      used = strlen(reason);
      if (used + 8 < sizeof reason)
        snprintf(reason + used, sizeof reason - used, "; %llu with this "
                 "offer: %s", (unsigned long long)o->count, why);
      for (r = 0; r < o->nrefs; r++)
        evidence(f, t, &o->refs[r]);
      if (k == 1) {
        char list[1200], key[200];
        list_suites(list, sizeof list, o->suites, o->nsuites);
        snprintf(key, sizeof key, "offered cipher suites (%u)", o->nsuites);
        cr_finding_add_evidence(f, key, NULL, list);
      }
    }
    used = strlen(reason);
    if (used + 2 < sizeof reason)
      snprintf(reason + used, sizeof reason - used, ".");
    if (k == 0)
      outcome_evidence(f, t, s, OUT_ALERT_PROTO);
    else if (k == 1)
      outcome_evidence(f, t, s, OUT_ALERT_SUITE);
    else if (k == 3) {
      outcome_evidence(f, t, s, OUT_HANDSHAKE_FAILED);
      outcome_evidence(f, t, s, OUT_CERT_REJECTED);
    }
    free(f->reason);
    f->reason = cr_strdup(reason);
    if (k == 0)
      cr_finding_set_fix(f, "Set-SchannelProtocol -Protocol TLS1.2 -Role Both "
                         "-State Enabled", "connreset tls protocol set "
                         "--protocol tls1.2 --role both --state enabled",
                         NULL, "Enable a version both sides share (on the "
                         "machine that lacks it); run connreset match on the "
                         "two snapshots to see which side.");
    else if (k == 1)
      cr_finding_set_fix(f, "Set-SchannelCipherSuiteOrder -Name <a suite both "
                         "sides enable>", "connreset tls suites set --add "
                         "<suite>", NULL, "connreset match on the two "
                         "snapshots names the smallest change.");
  }
  return 0;
}

static int cert_findings(cr_trace *t, trace_server *s, const char *srv)
{
  cr_finding *f;
  char title[400], reason[900];
  int rc;
  uint64_t n = s->outcome[OUT_WEAK_CERT_REJECTED];
  const cr_tls_cert *c = s->has_weak_cert ? &s->weak_cert : &s->cert;
  if (n) {
    snprintf(title, sizeof title, "%s serves a certificate signed with %s and "
             "the client aborted (%llu connection%s)", srv,
             c->sig_hash[0] ? c->sig_hash : "a weak hash",
             (unsigned long long)n, n == 1 ? "" : "s");
    snprintf(reason, sizeof reason, "A server certificate signed with MD5, "
             "SHA224 or SHA512 breaks TLS 1.2 with Windows clients, which "
             "close the connection after the Certificate message (0710, "
             "scenario 4); the certificate here: %s, issued by %s.",
             c->subject, c->issuer);
    if ((rc = add(t, &f, "CERTHASH101", "CERTHASH", CR_SEVERITY_ERROR, title,
                  reason)) < 0)
      return rc;
    outcome_evidence(f, t, s, OUT_WEAK_CERT_REJECTED);
    cr_finding_set_fix(f, "Set-SqlServerCertificate -Instance <name> "
                       "-Thumbprint <a SHA-256 certificate>",
                       "connreset sql set-cert --instance <name> "
                       "--thumbprint <T>", NULL,
                       "Or remove Server Authentication from the weak "
                       "certificate's purposes (Disable-"
                       "CertificateServerAuthentication) so SQL Server stops "
                       "picking it; restart SQL Server.");
  }
  if (s->weak_cert_ok) {
    snprintf(title, sizeof title, "%s serves a certificate signed with %s "
             "(%llu handshake%s completed here)", srv, c->sig_hash,
             (unsigned long long)s->weak_cert_ok,
             s->weak_cert_ok == 1 ? "" : "s");
    snprintf(reason, sizeof reason, "These clients accepted it, but Windows "
             "TLS 1.2 clients close the connection on a certificate signed "
             "with MD5, SHA224 or SHA512 (0710, scenario 4): %s, issued by %s.",
             c->subject, c->issuer);
    if ((rc = add(t, &f, "CERTHASH102", "CERTHASH", CR_SEVERITY_WARNING,
                  title, reason)) < 0)
      return rc;
    evidence(f, t, &s->weak_cert_ref);
  }
  return 0;
}

static int dhe_findings(cr_trace *t, size_t si, const char *srv)
{
  trace_server *s = &t->servers[si];
  cr_finding *f = NULL;
  size_t i;
  uint64_t ok = 0, died = 0;
  char title[300], reason[1200], line[300];
  int rc;
  for (i = 0; i < t->npairs; i++)
    if (t->pairs[i].server == si && t->pairs[i].ok && t->pairs[i].died) {
      ok += t->pairs[i].ok;
      died += t->pairs[i].died;
    }
  if (!died)
    return 0;
  snprintf(title, sizeof title, "Suspect: DHE handshakes with %s fail "
           "intermittently (%llu of %llu, %.1f%%)", srv,
           (unsigned long long)died, (unsigned long long)(ok + died),
           100.0 * (double)died / (double)(ok + died));
  snprintf(reason, sizeof reason, "A TLS_DHE suite was chosen and the "
           "handshake died right after the client's Finished, while other DHE "
           "handshakes between the same hosts completed: the pattern of the "
           "DHE leading-zero mismatch between a patched and an unpatched "
           "Windows (KB4557473; the server logs Schannel event 36888). A "
           "trace cannot prove it, since the shared secret is never on the "
           "wire: check both machines' builds (connreset match) or remove "
           "TLS_DHE suites.");
  if ((rc = add(t, &f, "DHEZERO101", "DHEZERO", CR_SEVERITY_WARNING, title,
                reason)) < 0)
    return rc;
  for (i = 0; i < t->npairs; i++) {
    const trace_pair *p = &t->pairs[i];
    char host[64];
    if (p->server != si || !p->ok || !p->died)
      continue;
    cr_ep_addr_str(host, sizeof host, &p->client);
    snprintf(line, sizeof line, "%s -> %s: %llu died, %llu completed (%.1f%%)",
             host, srv, (unsigned long long)p->died, (unsigned long long)p->ok,
             100.0 * (double)p->died / (double)(p->ok + p->died));
    cr_finding_add_evidence(f, "DHE handshakes by client", NULL, line);
    evidence(f, t, &p->ref);
  }
  cr_finding_set_fix(f, "Disable-DheCipherSuite", "connreset tls dhe disable",
                     NULL, "Removes TLS_DHE_* from the order (scenario 3); or "
                     "install the leading-zero fix on both sides.");
  (void)s;
  return 0;
}

static int syn_findings(cr_trace *t, trace_server *s, const char *srv)
{
  cr_finding *f;
  char title[300], reason[700];
  uint64_t un = s->outcome[OUT_SYN_UNANSWERED], ref = s->outcome[OUT_SYN_REFUSED];
  int rc;
  if (!un && !ref)
    return 0;
  if (s->syn_answered) {
    snprintf(title, sizeof title, "Suspect: %s left %llu SYN%s unanswered and "
             "refused %llu while answering %llu", srv, (unsigned long long)un,
             un == 1 ? "" : "s", (unsigned long long)ref,
             (unsigned long long)s->syn_answered);
    snprintf(reason, sizeof reason, "A server that answers some SYNs and "
             "drops or resets others under load is what TCP SYN attack "
             "protection (Windows Server 2003 SP1/SP2) or a shortage of IOCP "
             "listener workers (SQL Server 2017 and earlier) looks like on "
             "the wire (SQL Network Analyzer's SYN failures); check the "
             "server's SynAttackProtect and SQL Server version.");
    if ((rc = add(t, &f, "SYN101", "SYN", CR_SEVERITY_WARNING, title,
                  reason)) < 0)
      return rc;
    cr_finding_set_fix(f, "Get-SynProtection", "connreset syn", NULL,
                       "Read the server's SYN protection settings before "
                       "changing anything.");
  } else {
    snprintf(title, sizeof title, "%s answered none of %llu SYN%s", srv,
             (unsigned long long)(un + ref), un + ref == 1 ? "" : "s");
    snprintf(reason, sizeof reason, "Nothing listens on that address and "
             "port, or a firewall drops the SYNs; that is not SYN attack "
             "protection, which answers some connections.");
    if ((rc = add(t, &f, "SYN102", "SYN", CR_SEVERITY_INFO, title,
                  reason)) < 0)
      return rc;
  }
  outcome_evidence(f, t, s, OUT_SYN_UNANSWERED);
  outcome_evidence(f, t, s, OUT_SYN_REFUSED);
  return 0;
}

static int reset_findings(cr_trace *t, trace_server *s, const char *srv)
{
  cr_finding *f;
  char title[300], reason[700];
  uint64_t n = s->outcome[OUT_RESET];
  int rc;
  if (!n)
    return 0;
  snprintf(title, sizeof title, "%llu connection%s with %s reset after the "
           "login (%llu by the client, %llu by the server)",
           (unsigned long long)n, n == 1 ? "" : "s", srv,
           (unsigned long long)s->resets_by[0],
           (unsigned long long)s->resets_by[1]);
  snprintf(reason, sizeof reason, "The handshake (or plain login) was over "
           "when the RST came: no TLS configuration explains it. Who reset, "
           "after how long and after how much silence points to an idle "
           "timeout, a firewall or load balancer, or an application closing "
           "(SQL Network Analyzer's reset report).");
  if ((rc = add(t, &f, "RESET101", "RESET", CR_SEVERITY_WARNING, title,
                reason)) < 0)
    return rc;
  outcome_evidence(f, t, s, OUT_RESET);
  return 0;
}

static int sql_findings(cr_trace *t, trace_server *s, const char *srv)
{
  cr_finding *f;
  char title[300], reason[900], ver[64], key[1200];
  unsigned major;
  cr_sql_tls_verdict tv;
  const char *product;
  int rc;
  if (!s->prelogin.frame || !s->prelogin.has_version)
    return 0;
  major = s->prelogin.version >> 24;
  trace_sql_version(ver, sizeof ver, &s->prelogin);
  product = cr_sql_product_name(major);
  snprintf(key, sizeof key, "%s: stream %llu, frame %llu",
           t->files[s->prelogin_file].path,
           (unsigned long long)s->prelogin_stream,
           (unsigned long long)s->prelogin.frame);
  if (major >= 7 && major <= 14) {
    snprintf(title, sizeof title, "%s runs %s (%s, from its PRELOGIN), which "
             "can run short of IOCP listener workers under load", srv,
             product ? product : "an old SQL Server", ver);
    snprintf(reason, sizeof reason, "SQL Server 2017 or earlier: under heavy "
             "load a shortage of IOCP listener workers delays AcceptEx, so "
             "TCP handshakes and logins time out and clients see error 10054; "
             "SQL Server 2019 adds a dedicated login dispatcher pool (seed "
             "001).");
    if ((rc = add(t, &f, "IOCP101", "IOCP", CR_SEVERITY_WARNING, title,
                  reason)) < 0)
      return rc;
    cr_finding_add_evidence(f, key, NULL, ver);
  }
  cr_sql_tls12(&tv, CR_VER4(major, (s->prelogin.version >> 16) & 0xff,
                            s->prelogin.version & 0xffff, s->prelogin.subbuild),
               -1);
  if (tv.tls12 == CR_TRI_NO) {
    snprintf(title, sizeof title, "%s (%s, from its PRELOGIN) has no TLS 1.2",
             srv, ver);
    snprintf(reason, sizeof reason, "%s; it works only while TLS 1.0 or 1.1 "
             "stays on, and fails with 10054 when they are turned off.",
             tv.reason);
    if ((rc = add(t, &f, "PROTO110", "PROTO", CR_SEVERITY_WARNING, title,
                  reason)) < 0)
      return rc;
    cr_finding_add_evidence(f, key, NULL, ver);
    cr_finding_set_fix(f, NULL, NULL, NULL, tv.fix[0] ? tv.fix : NULL);
  }
  return 0;
}

static int old_tls_findings(cr_trace *t, trace_server *s, const char *srv)
{
  cr_finding *f;
  char title[300];
  if (!s->not_tls12)
    return 0;
  snprintf(title, sizeof title, "%llu handshake%s with %s completed below "
           "TLS 1.2", (unsigned long long)s->not_tls12,
           s->not_tls12 == 1 ? "" : "s", srv);
  return add(t, &f, "PROTO104", "PROTO", CR_SEVERITY_INFO, title,
             "They fail as soon as TLS 1.0 and 1.1 are turned off on either "
             "side (0700, the TLS 1.2 upgrade workflow; SQL Network "
             "Analyzer's \"not using TLS 1.2\" report).");
}

int trace_build_findings(cr_trace *t)
{
  size_t i;
  int rc = 0;
  cr_report_free(t->findings);
  if (!(t->findings = cr_calloc(1, sizeof *t->findings)))
    return cr_error_oom();
  for (i = 0; i < t->nservers && rc >= 0; i++) {
    trace_server *s = &t->servers[i];
    char srv[64];
    server_name(srv, sizeof srv, s);
    if ((rc = proto_findings(t, s, srv)) < 0 ||
        (rc = cert_findings(t, s, srv)) < 0 ||
        (rc = dhe_findings(t, i, srv)) < 0 ||
        (rc = syn_findings(t, s, srv)) < 0 ||
        (rc = reset_findings(t, s, srv)) < 0 ||
        (rc = sql_findings(t, s, srv)) < 0 ||
        (rc = old_tls_findings(t, s, srv)) < 0)
      break;
  }
  cr_report_rank(t->findings);
  return rc < 0 ? rc : 0;
}

const char *trace_conn_verdict(const cr_trace *t, const trace_conn *c)
{
  const cr_conn_facts *f = &c->f;
  size_t i;
  switch (c->outcome) {
  case OUT_ALERT_PROTO:
    return "PROTO101";
  case OUT_ALERT_SUITE:
    return "SUITE101";
  case OUT_WEAK_CERT_REJECTED:
    return "CERTHASH101";
  case OUT_CERT_REJECTED:
  case OUT_HANDSHAKE_FAILED:
    return "HANDSHAKE101";
  case OUT_RESET:
    return "RESET101";
  case OUT_SYN_UNANSWERED:
  case OUT_SYN_REFUSED:
    for (i = 0; i < t->nservers; i++)
      if (cr_ep_equal(&t->servers[i].ep, &f->server))
        return t->servers[i].syn_answered ? "SYN101" : "SYN102";
    return "";
  case OUT_DIED_AFTER_FINISHED:
    for (i = 0; i < t->npairs; i++) {
      const trace_pair *p = &t->pairs[i];
      cr_ep host = f->client;
      host.port = 0;
      if (cr_ep_equal(&p->client, &host) &&
          cr_ep_equal(&t->servers[p->server].ep, &f->server) && p->ok &&
          trace_suite_is_dhe(f->sh.suite))
        return "DHEZERO101";
    }
    return "HANDSHAKE101";
  case OUT_RESET_AFTER_CH:
    for (i = 0; i < t->nservers; i++)
      if (cr_ep_equal(&t->servers[i].ep, &f->server)) {
        trace_offer o;
        const char *id;
        char why[8];
        trace_offer_from(&o, f);
        trace_offer_resolve(&t->servers[i], &o, &id, why, sizeof why);
        return id;
      }
    return "";
  default:
    if (trace_handshake_done(f) && trace_weak_hash(&f->cert))
      return "CERTHASH102";
    return "";
  }
}
