/*
 * match.c - can this client and this server agree on TLS, and if not, what
 * is the smallest change that lets them?
 *
 * Negotiation as Schannel does it (RFC 5246 appendix E, RFC 8446 4.2.1):
 * when both enable TLS 1.3 they use it; otherwise the client announces its
 * highest enabled version up to TLS 1.2, the server answers with the
 * highest version it enables that is not above it, and the client aborts
 * if that version is off on its side. No lower version is retried. The
 * server then picks, in its own priority order, the first suite both
 * enable for that version that its certificate can sign (RSA or ECDSA;
 * TLS 1.3 suites work with either). Nothing common means a reset.
 *
 * Pair findings (stable ids): PROTO001 no common version; PROTO002 the
 * server's version is off on the client; SUITE001 no common suite;
 * DHEZERO001 a DHE suite is possible between a build with the leading-zero
 * fix and one without (KB4557473).
 */
#include "../checks/regpaths.h"
#include "../checks/report.h"
#include "../core/json.h"
#include "match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct cr_fix {
  char side[8];        /* "server" or "client" */
  char summary[300];
  char cmdlet[300];
  char cli[300];
  cr_setting setting;  /* what it changes (kind NONE: no registry setting) */
  char gpo[120];       /* the policy that pushes it, named by the Group
                        * Policy layer (cr_match_set_fix_gpo), or "" */
} cr_fix;

struct cr_match {
  cr_tls_machine *client, *server;
  cr_server_key key;
  const char *key_source;        /* "certificate", "parameter" or "assumed" */
  char key_why[420];
  const cr_suite *choice[CR_PROTO_COUNT]; /* per common version */
  bool common[CR_PROTO_COUNT];
  int negotiated;                /* a cr_tls_proto, or -1 */
  const cr_suite *suite;
  bool can_connect;
  const char *family;            /* "PROTO", "SUITE" or NULL */
  char verdict[700];
  cr_fix fixes[4];
  size_t nfixes;
  cr_report *findings;           /* pair findings */
};

static const char *key_name(cr_server_key k)
{
  return k == CR_SERVER_KEY_ECDSA ? "ecdsa" : "rsa";
}

/* Can a server whose certificate has key type `k` use suite `s`? */
static bool key_fits(const cr_suite *s, cr_server_key k)
{
  if (s->flags & CR_SUITE_TLS13)
    return true;
  if (!strcmp(s->auth, "RSA"))
    return k == CR_SERVER_KEY_RSA;
  if (!strcmp(s->auth, "ECDSA"))
    return k == CR_SERVER_KEY_ECDSA;
  return false; /* DSS, anon and PSK need what Schannel servers lack */
}

/* A suite worth recommending: no DHE (scenario 3), 3DES, RC4, NULL,
 * EXPORT or anonymous suites. */
static bool recommendable(const cr_suite *s)
{
  return !(s->flags & (CR_SUITE_DHE | CR_SUITE_3DES | CR_SUITE_RC4 |
                       CR_SUITE_NULL | CR_SUITE_EXPORT | CR_SUITE_ANON |
                       CR_SUITE_PSK | CR_SUITE_SCSV));
}

static const cr_suite *pick(const cr_tls_machine *c, const cr_tls_machine *s,
                            cr_tls_proto p, cr_server_key k)
{
  size_t i;
  for (i = 0; i < s->neffective; i++) {
    const cr_suite *x = s->effective[i];
    if (cr_tls_suite_usable(s, x, p) && cr_tls_suite_usable(c, x, p) &&
        key_fits(x, k))
      return x;
  }
  return NULL;
}

/* The name this OS knows a suite by (curve-suffixed before Windows 10). */
static const char *os_name_for(const cr_tls_machine *m, const cr_suite *s)
{
  const cr_default_suites_row *d = m->defaults;
  size_t i;
  if (d && !(m->os.known && m->os.major >= 10))
    for (i = 0; i < m->nos_suites; i++)
      if (m->os_suites[i] == s)
        return i < m->nos_enabled ? d->enabled[i]
                                  : d->supported_not_enabled[i - m->nos_enabled];
  return s->name;
}

static void add_fix(cr_match *m, const char *side, const char *cmdlet,
                    const char *cli, const char *fmt, ...) CR_PRINTF(5, 6);
static void add_fix(cr_match *m, const char *side, const char *cmdlet,
                    const char *cli, const char *fmt, ...)
{
  cr_fix *f;
  va_list ap;
  if (m->nfixes == sizeof m->fixes / sizeof m->fixes[0])
    return;
  f = &m->fixes[m->nfixes++];
  snprintf(f->side, sizeof f->side, "%s", side);
  snprintf(f->cmdlet, sizeof f->cmdlet, "%s", cmdlet);
  snprintf(f->cli, sizeof f->cli, "%s", cli);
  memset(&f->setting, 0, sizeof f->setting);
  f->gpo[0] = '\0';
  va_start(ap, fmt);
  vsnprintf(f->summary, sizeof f->summary, fmt, ap);
  va_end(ap);
}

/* Would enabling `p` on `fixed` (the other side unchanged) give a suite? */
static bool suite_at(const cr_tls_machine *c, const cr_tls_machine *s,
                     cr_tls_proto p, cr_server_key k)
{
  return pick(c, s, p, k) != NULL;
}

static bool os_can(const cr_tls_machine *m, int role, cr_tls_proto p)
{
  cr_proto_state st = m->proto[role][p].state;
  return st != CR_PSTATE_NOT_SUPPORTED && st != CR_PSTATE_UNKNOWN;
}

static void proto_fix(cr_match *m, const char *side, int role, cr_tls_proto p)
{
  char cmd[200], cli[200];
  snprintf(cmd, sizeof cmd, "Set-SchannelProtocol -Protocol %s -Role %s "
           "-State Enabled", p == CR_PROTO_TLS13 ? "TLS1.3"
                             : p == CR_PROTO_TLS12 ? "TLS1.2"
                             : p == CR_PROTO_TLS11 ? "TLS1.1" : "TLS1.0",
           role == CR_TLS_CLIENT ? "Client" : "Server");
  snprintf(cli, sizeof cli, "connreset tls protocol set --protocol %s --role "
           "%s --state enabled", cr_tls_proto_id[p],
           role == CR_TLS_CLIENT ? "client" : "server");
  add_fix(m, side, cmd, cli, "enable %s for the %s role on the %s (%s)",
          cr_tls_proto_key[p], role == CR_TLS_CLIENT ? "client" : "server",
          side, side[0] == 's' ? m->server->name : m->client->name);
  if (m->nfixes)
    m->fixes[m->nfixes - 1].setting = cr_setting_protocol(p, role, 1);
}

/* PROTO: enable on one side the highest version the other side uses, if
 * that side's OS can and a suite would then be common. TLS 1.0 to 1.3
 * only: SSL is never the answer. */
static void fix_protocols(cr_match *m)
{
  int p;
  for (p = CR_PROTO_TLS13; p >= CR_PROTO_TLS10; p--)
    if (cr_tls_proto_usable(m->client, CR_TLS_CLIENT, (cr_tls_proto)p) &&
        !cr_tls_proto_usable(m->server, CR_TLS_SERVER, (cr_tls_proto)p) &&
        os_can(m->server, CR_TLS_SERVER, (cr_tls_proto)p)) {
      cr_tls_machine tmp = *m->server;
      tmp.proto[CR_TLS_SERVER][p].state = CR_PSTATE_ENABLED;
      if (suite_at(m->client, &tmp, (cr_tls_proto)p, m->key)) {
        proto_fix(m, "server", CR_TLS_SERVER, (cr_tls_proto)p);
        break;
      }
    }
  for (p = CR_PROTO_TLS13; p >= CR_PROTO_TLS10; p--)
    if (cr_tls_proto_usable(m->server, CR_TLS_SERVER, (cr_tls_proto)p) &&
        !cr_tls_proto_usable(m->client, CR_TLS_CLIENT, (cr_tls_proto)p) &&
        os_can(m->client, CR_TLS_CLIENT, (cr_tls_proto)p)) {
      cr_tls_machine tmp = *m->client;
      tmp.proto[CR_TLS_CLIENT][p].state = CR_PSTATE_ENABLED;
      if (suite_at(&tmp, m->server, (cr_tls_proto)p, m->key)) {
        proto_fix(m, "client", CR_TLS_CLIENT, (cr_tls_proto)p);
        break;
      }
    }
}

/* SUITE: add to one side's list one suite the other side already uses. */
static void fix_suites(cr_match *m, cr_tls_proto v)
{
  char cmd[300], cli[300];
  size_t i;
  /* On the server: the client's most preferred suite the server OS has. */
  for (i = 0; i < m->client->neffective; i++) {
    const cr_suite *s = m->client->effective[i];
    if (cr_tls_suite_usable(m->client, s, v) && key_fits(s, m->key) &&
        recommendable(s) && cr_tls_os_supports(m->server, s) == 1 &&
        !cr_tls_blocking_switch(NULL, 0, m->server, s)) {
      const char *n = os_name_for(m->server, s);
      snprintf(cmd, sizeof cmd, "Set-SchannelCipherSuiteOrder -Add %s", n);
      snprintf(cli, sizeof cli, "connreset tls suites set --add %s", n);
      add_fix(m, "server", cmd, cli, "add %s to the server's cipher-suite "
              "order (%s supports it)", n, m->server->os.name);
      break;
    }
  }
  /* On the client: the suite the server would pick first. */
  for (i = 0; i < m->server->neffective; i++) {
    const cr_suite *s = m->server->effective[i];
    if (cr_tls_suite_usable(m->server, s, v) && key_fits(s, m->key) &&
        recommendable(s) && cr_tls_os_supports(m->client, s) == 1 &&
        !cr_tls_blocking_switch(NULL, 0, m->client, s)) {
      const char *n = os_name_for(m->client, s);
      snprintf(cmd, sizeof cmd, "Set-SchannelCipherSuiteOrder -Add %s", n);
      snprintf(cli, sizeof cli, "connreset tls suites set --add %s", n);
      add_fix(m, "client", cmd, cli, "add %s to the client's cipher-suite "
              "order (the server already accepts it)", n);
      break;
    }
  }
  /* With the other kind of certificate, would a suite be common? */
  {
    cr_server_key other = m->key == CR_SERVER_KEY_RSA ? CR_SERVER_KEY_ECDSA
                                                       : CR_SERVER_KEY_RSA;
    const cr_suite *s = pick(m->client, m->server, v, other);
    if (s)
      add_fix(m, "server", "", "", "give the server an %s certificate: %s "
              "would then be chosen", other == CR_SERVER_KEY_ECDSA ? "ECDSA"
                                                                   : "RSA",
              s->name);
  }
}

/* ---------------------------------------------------------------- */

static void proto_evidence(cr_finding *f, const cr_tls_machine *mc,
                           const char *who, int role, cr_tls_proto p)
{
  char key[320], data[320];
  snprintf(key, sizeof key, "%s: %s\\%s\\%s", who, CR_KEY_SCHANNEL_PROTOCOLS,
           cr_tls_proto_key[p], role == CR_TLS_CLIENT ? "Client" : "Server");
  snprintf(data, sizeof data, "%s (%s)",
           cr_proto_state_name(mc->proto[role][p].state),
           mc->proto[role][p].reason);
  cr_finding_add_evidence(f, key, NULL, data);
}

static void list_evidence(cr_finding *f, const cr_tls_machine *mc,
                          const char *who, cr_tls_proto v)
{
  cr_buf names = CR_BUF_INIT;
  char key[300];
  size_t i, n = 0;
  for (i = 0; i < mc->neffective; i++)
    if (mc->effective[i]->versions & (1u << v)) {
      if (n++ < 12)
        cr_buf_printf(&names, "%s%s", n > 1 ? ", " : "", mc->effective[i]->name);
    }
  if (n > 12)
    cr_buf_printf(&names, ", ... (%zu in all)", n);
  snprintf(key, sizeof key, "%s: %s", who,
           mc->suite_source == CR_SRC_POLICY  ? CR_KEY_SSL_POLICY
           : mc->suite_source == CR_SRC_LOCAL ? CR_KEY_SSL_LOCAL
                                              : "(OS default list)");
  cr_finding_add_evidence(f, key, "Functions", n ? names.ptr : "(none)");
  cr_buf_dispose(&names);
}

static void set_fix_of(cr_finding *f, const cr_match *m, const char *note)
{
  if (m->nfixes && m->fixes[0].cmdlet[0])
    cr_finding_set_fix(f, m->fixes[0].cmdlet, m->fixes[0].cli,
                       m->fixes[0].setting.kind != CR_SETTING_NONE
                         ? &m->fixes[0].setting : NULL, note);
  else
    cr_finding_set_fix(f, NULL, NULL, NULL, note);
}

static int decide(cr_match *m)
{
  const cr_tls_machine *c = m->client, *s = m->server;
  cr_finding *f = NULL;
  int p, cmax = -1, v = -1, rc = CR_OK;
  bool gap = false, any_common = false;

  for (p = CR_PROTO_SSL3; p <= CR_PROTO_TLS13; p++) {
    m->common[p] = cr_tls_proto_usable(c, CR_TLS_CLIENT, (cr_tls_proto)p) &&
                   cr_tls_proto_usable(s, CR_TLS_SERVER, (cr_tls_proto)p);
    if (m->common[p])
      m->choice[p] = pick(c, s, (cr_tls_proto)p, m->key);
    any_common = any_common || m->common[p];
  }
  if (!any_common) {
    v = -1;
  } else if (m->common[CR_PROTO_TLS13]) {
    v = CR_PROTO_TLS13;
  } else {
    for (p = CR_PROTO_TLS12; p >= CR_PROTO_SSL3 && cmax < 0; p--)
      if (cr_tls_proto_usable(c, CR_TLS_CLIENT, (cr_tls_proto)p))
        cmax = p;
    for (p = cmax; p >= CR_PROTO_SSL3 && v < 0; p--)
      if (cr_tls_proto_usable(s, CR_TLS_SERVER, (cr_tls_proto)p))
        v = p;
    gap = v >= 0 && !cr_tls_proto_usable(c, CR_TLS_CLIENT, (cr_tls_proto)v);
  }
  m->negotiated = gap ? -1 : v;

  if (v < 0 || gap) {
    m->family = "PROTO";
    fix_protocols(m);
    if (v < 0)
      snprintf(m->verdict, sizeof m->verdict, "No TLS version is enabled on "
               "both sides: the client (%s) and the server (%s) share none, "
               "so the server resets the connection.", c->name, s->name);
    else
      snprintf(m->verdict, sizeof m->verdict, "They share a TLS version, but "
               "the server (%s) answers with %s, the highest it has up to the "
               "client's maximum, which the client (%s) has off; the handshake "
               "fails and no lower version is tried.", s->name,
               cr_tls_proto_key[v], c->name);
    rc = cr_report_add_finding(m->findings, &f, v < 0 ? "PROTO001" : "PROTO002",
                               "PROTO", CR_SEVERITY_ERROR,
                               v < 0 ? "Client and server share no TLS version"
                                     : "The server picks a TLS version the "
                                       "client has off",
                               m->verdict);
    if (rc >= 0) {
      for (p = CR_PROTO_TLS10; p <= CR_PROTO_TLS13; p++) {
        proto_evidence(f, c, "client", CR_TLS_CLIENT, (cr_tls_proto)p);
        proto_evidence(f, s, "server", CR_TLS_SERVER, (cr_tls_proto)p);
      }
      set_fix_of(f, m, "Schannel reads protocol settings for new credentials: "
                 "restart the service (SQL Server, IIS) or the computer.");
    }
    return rc;
  }

  m->suite = m->choice[v];
  if (!m->suite) {
    m->family = "SUITE";
    fix_suites(m, (cr_tls_proto)v);
    snprintf(m->verdict, sizeof m->verdict, "Both enable %s, but no cipher "
             "suite usable with it is enabled on both sides and fits the "
             "server's %s certificate, so the server resets the connection.",
             cr_tls_proto_key[v], m->key == CR_SERVER_KEY_ECDSA ? "ECDSA"
                                                                : "RSA");
    rc = cr_report_add_finding(m->findings, &f, "SUITE001", "SUITE",
                               CR_SEVERITY_ERROR, "Client and server share "
                               "no cipher suite", m->verdict);
    if (rc >= 0) {
      list_evidence(f, c, "client", (cr_tls_proto)v);
      list_evidence(f, s, "server", (cr_tls_proto)v);
      set_fix_of(f, m, "The cipher-suite order is read at startup: restart "
                 "the computer after changing it.");
    }
    return rc;
  }

  m->can_connect = true;
  snprintf(m->verdict, sizeof m->verdict, "They connect with %s and %s.",
           cr_tls_proto_key[v], m->suite->name);

  /* DHEZERO: a DHE suite both enable at this version, and the two builds
   * disagree on the leading-zero rule. */
  if ((c->dhe_fix == CR_DHE_FIX_PRESENT && s->dhe_fix == CR_DHE_FIX_MISSING) ||
      (c->dhe_fix == CR_DHE_FIX_MISSING && s->dhe_fix == CR_DHE_FIX_PRESENT)) {
    const cr_suite *dhe = NULL;
    size_t i;
    char reason[800];
    for (i = 0; i < s->neffective && !dhe; i++)
      if ((s->effective[i]->flags & CR_SUITE_DHE) &&
          cr_tls_suite_usable(s, s->effective[i], (cr_tls_proto)v) &&
          cr_tls_suite_usable(c, s->effective[i], (cr_tls_proto)v) &&
          key_fits(s->effective[i], m->key))
        dhe = s->effective[i];
    if (dhe) {
      snprintf(reason, sizeof reason, "Both sides enable %s (and %s with it); "
               "the %s (%s) has the DHE leading-zero fix and the %s (%s) does "
               "not, so a handshake that picks DHE fails about once in 256 "
               "attempts (KB4557473; seed 001, scenario 5)%s.", dhe->name,
               cr_tls_proto_key[v],
               c->dhe_fix == CR_DHE_FIX_PRESENT ? "client" : "server",
               c->dhe_fix == CR_DHE_FIX_PRESENT ? c->name : s->name,
               c->dhe_fix == CR_DHE_FIX_PRESENT ? "server" : "client",
               c->dhe_fix == CR_DHE_FIX_PRESENT ? s->name : c->name,
               m->suite == dhe ? ", and the server picks it first" : "");
      if (m->suite == dhe) {
        /* The server picks it: about one handshake in 256 fails, so they
         * cannot connect reliably. */
        m->can_connect = false;
        m->family = "DHEZERO";
        snprintf(m->verdict, sizeof m->verdict, "They negotiate %s and %s, "
                 "but the %s lacks the DHE leading-zero fix the %s has: about "
                 "one handshake in 256 fails with a reset.",
                 cr_tls_proto_key[v], dhe->name,
                 c->dhe_fix == CR_DHE_FIX_MISSING ? "client" : "server",
                 c->dhe_fix == CR_DHE_FIX_MISSING ? "server" : "client");
        add_fix(m, "server", "Disable-DheCipherSuite",
                "connreset tls dhe disable", "remove the TLS_DHE_* suites "
                "from the server's order (every client then uses ECDHE)");
        if (m->nfixes)
          m->fixes[m->nfixes - 1].setting =
            cr_setting_suite_order_no_dhe(s->defaults);
        add_fix(m, c->dhe_fix == CR_DHE_FIX_MISSING ? "client" : "server", "",
                "", "install the update with the leading-zero fix "
                "(KB4557473) on the %s",
                c->dhe_fix == CR_DHE_FIX_MISSING ? "client" : "server");
      }
      rc = cr_report_add_finding(m->findings, &f, "DHEZERO001", "DHEZERO",
                                 m->suite == dhe ? CR_SEVERITY_ERROR
                                                 : CR_SEVERITY_WARNING,
                                 "DHE between a fixed and an unfixed build "
                                 "fails intermittently", reason);
      if (rc >= 0) {
        char b1[160], b2[160];
        snprintf(b1, sizeof b1, "%s, %u.%u.%u.%u: fix %s", c->os.name,
                 c->os.major, c->os.minor, c->os.build, c->os.ubr,
                 c->dhe_fix == CR_DHE_FIX_PRESENT ? "present" : "missing");
        snprintf(b2, sizeof b2, "%s, %u.%u.%u.%u: fix %s", s->os.name,
                 s->os.major, s->os.minor, s->os.build, s->os.ubr,
                 s->dhe_fix == CR_DHE_FIX_PRESENT ? "present" : "missing");
        cr_finding_add_evidence(f, "client: " CR_KEY_WINDOWS_NT_CURRENTVERSION,
                                "UBR", b1);
        cr_finding_add_evidence(f, "server: " CR_KEY_WINDOWS_NT_CURRENTVERSION,
                                "UBR", b2);
        cr_setting order = cr_setting_suite_order_no_dhe(s->defaults);
        cr_finding_set_fix(f, "Disable-DheCipherSuite",
                           "connreset tls dhe disable", &order,
                           "Run on either side (the server fixes it for every "
                           "client), or install the update that carries the "
                           "fix on the unfixed side; restart afterwards.");
      }
    }
  }
  return rc;
}

/* A public cr_machine is the model itself. */
struct cr_machine {
  cr_tls_machine tls;
};

int cr_machine_open(cr_machine **out, const cr_snapshot *snap)
{
  cr_tls_machine *m = NULL;
  cr_os os;
  int rc;
  if (!out || !snap)
    return cr_error_set(CR_EINVAL, "cr_machine_open: bad argument");
  *out = NULL;
  cr_os_read(&os, snap);
  rc = cr_tls_machine_read(&m, snap, &os);
  cr_os_dispose(&os);
  if (rc < 0)
    return rc;
  *out = (cr_machine *)m;
  return CR_OK;
}

const char *cr_machine_name(const cr_machine *m)
{
  return m ? m->tls.name : NULL;
}

void cr_machine_free(cr_machine *m)
{
  cr_tls_machine_free(m ? &m->tls : NULL);
}

int cr_match_run(cr_match **out, const cr_machine *client,
                 const cr_machine *server, const cr_match_options *opts)
{
  cr_match *m;
  int rc;
  if (!out || !client || !server)
    return cr_error_set(CR_EINVAL, "cr_tls_match: bad argument");
  if (opts && opts->version != CR_MATCH_OPTIONS_VERSION)
    return cr_error_set(CR_EINVAL, "cr_match_options version %u is not %u",
                        opts->version, CR_MATCH_OPTIONS_VERSION);
  *out = NULL;
  if (!(m = cr_calloc(1, sizeof *m)) ||
      !(m->findings = cr_calloc(1, sizeof *m->findings))) {
    free(m);
    return cr_error_oom();
  }
  m->negotiated = -1;
  m->client = (cr_tls_machine *)&client->tls;
  m->server = (cr_tls_machine *)&server->tls;
  m->client->refs++;
  m->server->refs++;
  /* The key type: the caller's parameter wins; else the certificate the
   * server's snapshot says it serves with; else RSA, the common case,
   * said plainly in the result. */
  if (opts && opts->server_key != CR_SERVER_KEY_AUTO) {
    m->key = opts->server_key;
    m->key_source = "parameter";
    snprintf(m->key_why, sizeof m->key_why, "given by the caller");
  } else if (m->server->cert.found && (m->server->cert.key == CR_KEYTYPE_RSA ||
                                       m->server->cert.key == CR_KEYTYPE_EC)) {
    m->key = m->server->cert.key == CR_KEYTYPE_EC ? CR_SERVER_KEY_ECDSA
                                                  : CR_SERVER_KEY_RSA;
    m->key_source = "certificate";
    snprintf(m->key_why, sizeof m->key_why, "%s", m->server->cert.why);
  } else {
    m->key = CR_SERVER_KEY_RSA;
    m->key_source = "assumed";
    snprintf(m->key_why, sizeof m->key_why, "RSA assumed: %s",
             m->server->cert.why[0] ? m->server->cert.why
                                    : "no certificate found in the snapshot");
  }
  if ((rc = decide(m)) < 0) {
    cr_match_free(m);
    return rc;
  }
  cr_report_rank(m->findings);
  *out = m;
  return CR_OK;
}

int cr_match_can_connect(const cr_match *m) { return m && m->can_connect; }

size_t cr_match_finding_count(const cr_match *m)
{
  return m ? cr_report_finding_count(m->findings) : 0;
}

const cr_finding *cr_match_finding(const cr_match *m, size_t i)
{
  return m ? cr_report_finding(m->findings, i) : NULL;
}

cr_report *cr_match_report(cr_match *m) { return m ? m->findings : NULL; }

size_t cr_match_fix_count(const cr_match *m) { return m ? m->nfixes : 0; }

const cr_setting *cr_match_fix_setting(const cr_match *m, size_t i)
{
  return m && i < m->nfixes && m->fixes[i].setting.kind != CR_SETTING_NONE
           ? &m->fixes[i].setting : NULL;
}

void cr_match_get_view(cr_match_view *v, const cr_match *m)
{
  v->can_connect = m->can_connect;
  v->family = m->family;
  v->protocol = m->negotiated >= 0 ? cr_tls_proto_key[m->negotiated] : NULL;
  v->suite = m->suite ? m->suite->name : NULL;
  v->reason = m->verdict;
}

int cr_match_fix_at(const cr_match *m, size_t i, const char **side,
                    const char **summary, const char **cmdlet,
                    const char **cli, const char **gpo)
{
  const cr_fix *f;
  if (!m || i >= m->nfixes)
    return 0;
  f = &m->fixes[i];
  *side = f->side;
  *summary = f->summary;
  *cmdlet = f->cmdlet[0] ? f->cmdlet : NULL;
  *cli = f->cli[0] ? f->cli : NULL;
  *gpo = f->gpo[0] ? f->gpo : NULL;
  return 1;
}

void cr_match_set_fix_gpo(cr_match *m, size_t i, const char *gpo)
{
  if (m && i < m->nfixes)
    snprintf(m->fixes[i].gpo, sizeof m->fixes[i].gpo, "%s", gpo ? gpo : "");
}

void cr_match_free(cr_match *m)
{
  if (!m)
    return;
  cr_tls_machine_free(m->client);
  cr_tls_machine_free(m->server);
  cr_report_free(m->findings);
  free(m);
}

/* ---------------------------------------------------------------- */

static void side_json(cr_json *j, const char *name, const cr_tls_machine *t)
{
  char v[32];
  cr_json_obj(j, name);
  cr_json_str(j, "name", t->name);
  cr_json_str(j, "os", t->os.name);
  if (t->os.known) {
    snprintf(v, sizeof v, "%u.%u.%u", t->os.major, t->os.minor, t->os.build);
    cr_json_str(j, "version", v);
  } else {
    cr_json_null(j, "version");
  }
  cr_json_str(j, "suiteSource", cr_suite_source_name(t->suite_source));
  cr_json_str(j, "dheLeadingZeroFix", t->dhe_fix == CR_DHE_FIX_PRESENT ? "present"
                                      : t->dhe_fix == CR_DHE_FIX_MISSING
                                          ? "missing" : "unknown");
  cr_json_obj_end(j);
}

int cr_match_to_json(char **out, const cr_match *m)
{
  cr_buf b = CR_BUF_INIT;
  cr_json j;
  size_t i;
  int p;
  if (!out || !m)
    return cr_error_set(CR_EINVAL, "cr_match_to_json: bad argument");
  cr_json_init(&j, &b);
  cr_json_obj(&j, NULL);
  cr_json_str(&j, "schema", "connreset.match/1");
  side_json(&j, "client", m->client);
  side_json(&j, "server", m->server);
  cr_json_obj(&j, "serverKey");
  cr_json_str(&j, "type", key_name(m->key));
  cr_json_str(&j, "source", m->key_source);
  cr_json_str(&j, "why", m->key_why);
  cr_json_obj_end(&j);
  cr_json_arr(&j, "protocols");
  for (p = CR_PROTO_TLS13; p >= CR_PROTO_SSL3; p--) {
    cr_json_obj(&j, NULL);
    cr_json_str(&j, "protocol", cr_tls_proto_key[p]);
    cr_json_str(&j, "client", cr_proto_state_name(m->client->proto[CR_TLS_CLIENT][p].state));
    cr_json_str(&j, "server", cr_proto_state_name(m->server->proto[CR_TLS_SERVER][p].state));
    cr_json_bool(&j, "common", m->common[p]);
    cr_json_str(&j, "serverChoice", m->common[p] && m->choice[p]
                                      ? m->choice[p]->name : NULL);
    cr_json_obj_end(&j);
  }
  cr_json_arr_end(&j);
  cr_json_obj(&j, "verdict");
  cr_json_bool(&j, "canConnect", m->can_connect);
  cr_json_str(&j, "family", m->family);
  cr_json_str(&j, "protocol", m->negotiated >= 0 ? cr_tls_proto_key[m->negotiated]
                                                 : NULL);
  cr_json_str(&j, "suite", m->suite ? m->suite->name : NULL);
  cr_json_str(&j, "reason", m->verdict);
  cr_json_arr(&j, "fixes");
  for (i = 0; i < m->nfixes; i++) {
    cr_json_obj(&j, NULL);
    cr_json_str(&j, "side", m->fixes[i].side);
    cr_json_str(&j, "summary", m->fixes[i].summary);
    cr_json_str(&j, "cmdlet", m->fixes[i].cmdlet[0] ? m->fixes[i].cmdlet : NULL);
    cr_json_str(&j, "cli", m->fixes[i].cli[0] ? m->fixes[i].cli : NULL);
    cr_json_str(&j, "gpo", m->fixes[i].gpo[0] ? m->fixes[i].gpo : NULL);
    cr_json_obj_end(&j);
  }
  cr_json_arr_end(&j);
  cr_json_obj_end(&j);
  cr_findings_json(&j, "findings", m->findings);
  cr_json_obj_end(&j);
  cr_buf_putc(&b, '\n');
  if (cr_buf_status(&b) < 0) {
    cr_buf_dispose(&b);
    return CR_ENOMEM;
  }
  *out = cr_buf_detach(&b, NULL);
  return CR_OK;
}

int cr_match_to_text(char **out, const cr_match *m)
{
  cr_buf b = CR_BUF_INIT;
  size_t i;
  int p;
  if (!out || !m)
    return cr_error_set(CR_EINVAL, "cr_match_to_text: bad argument");
  cr_buf_printf(&b, "Client: %s (%s)\nServer: %s (%s), %s certificate (%s: "
                "%s)\n\n", m->client->name, m->client->os.name,
                m->server->name, m->server->os.name,
                m->key == CR_SERVER_KEY_ECDSA ? "ECDSA" : "RSA",
                m->key_source, m->key_why);
  cr_buf_printf(&b, "  %-9s %-20s %-20s %s\n", "Protocol", "Client", "Server",
                "Server would pick");
  for (p = CR_PROTO_TLS13; p >= CR_PROTO_SSL3; p--)
    cr_buf_printf(&b, "  %-9s %-20s %-20s %s\n", cr_tls_proto_key[p],
                  cr_proto_state_name(m->client->proto[CR_TLS_CLIENT][p].state),
                  cr_proto_state_name(m->server->proto[CR_TLS_SERVER][p].state),
                  !m->common[p] ? "-" : m->choice[p] ? m->choice[p]->name
                                                     : "(no common suite)");
  cr_buf_printf(&b, "\nVerdict: %s\n  %s\n", m->can_connect
                ? "they can connect" : "they cannot connect", m->verdict);
  for (i = 0; i < m->nfixes; i++) {
    cr_buf_printf(&b, "  Fix %zu (%s): %s\n", i + 1, m->fixes[i].side,
                  m->fixes[i].summary);
    if (m->fixes[i].cmdlet[0])
      cr_buf_printf(&b, "      %s\n      %s\n", m->fixes[i].cmdlet,
                    m->fixes[i].cli);
  }
  cr_findings_text(&b, m->findings);
  if (cr_buf_status(&b) < 0) {
    cr_buf_dispose(&b);
    return CR_ENOMEM;
  }
  *out = cr_buf_detach(&b, NULL);
  return CR_OK;
}

/* ---------------------------------------------------------------- */
/* Configuration classes (fleets).                                  */
/* ---------------------------------------------------------------- */

static void put_u16(cr_buf *b, unsigned v)
{
  char two[2];
  two[0] = (char)(v & 0xff);
  two[1] = (char)((v >> 8) & 0xff);
  cr_buf_put(b, two, 2);
}

/*
 * The class key: every answer the match can get about a machine, in a
 * canonical byte string. decide() and the fix finders read a machine only
 * through these: its protocol states per role (cr_tls_proto_usable,
 * os_can), its usable suites per version in its own order
 * (cr_tls_suite_usable, walked in effective-list order by pick(),
 * fix_suites() and the DHEZERO search), the OS's suite table
 * (cr_tls_os_supports, os_name_for: the defaults row, and whether names
 * are curve-suffixed), which of the OS's suites a SCHANNEL switch blocks
 * (cr_tls_blocking_switch, asked only for suites the OS supports), the DHE
 * leading-zero fix, and the certificate's key type (the server key when
 * the caller gives none). Names, OS names and registry evidence only
 * colour the text. Two machines with the same key get the same verdict,
 * fixes and pair findings against any peer in either role; test_fleet
 * proves it pair by pair. A new input to the match belongs here.
 */
int cr_tls_class_key(cr_buf *out, const cr_tls_machine *m)
{
  size_t i;
  int role, p;
  unsigned char bits = 0;
  cr_buf_putc(out, 'K');
  cr_buf_putc(out, 1); /* layout version */
  for (role = 0; role < 2; role++)
    for (p = 0; p < CR_PROTO_COUNT; p++)
      cr_buf_putc(out, (char)m->proto[role][p].state);
  for (p = 0; p < CR_PROTO_COUNT; p++) {
    size_t n = 0;
    for (i = 0; i < m->neffective; i++)
      n += cr_tls_suite_usable(m, m->effective[i], (cr_tls_proto)p);
    put_u16(out, (unsigned)n);
    for (i = 0; i < m->neffective; i++)
      if (cr_tls_suite_usable(m, m->effective[i], (cr_tls_proto)p))
        put_u16(out, m->effective[i]->id);
  }
  put_u16(out, m->defaults ? (unsigned)(m->defaults - cr_default_suites_rows)
                           : 0xffffu);
  cr_buf_putc(out, (char)(m->os.known && m->os.major >= 10));
  for (i = 0; i < m->nos_suites; i++) {
    if (m->os_suites[i] && cr_tls_blocking_switch(NULL, 0, m, m->os_suites[i]))
      bits |= (unsigned char)(1u << (i % 8));
    if (i % 8 == 7 || i + 1 == m->nos_suites) {
      cr_buf_putc(out, (char)bits);
      bits = 0;
    }
  }
  cr_buf_putc(out, (char)m->dhe_fix);
  cr_buf_putc(out, (char)(!m->cert.found ? 0
                          : m->cert.key == CR_KEYTYPE_RSA ? 1
                          : m->cert.key == CR_KEYTYPE_EC  ? 2 : 0));
  return cr_buf_status(out);
}

/* The decision of a match in canonical text: everything but the wording
 * that names the machines (see cr_tls_class_key). */
int cr_match_decision(cr_buf *out, const cr_match *m)
{
  size_t i, k;
  int p;
  cr_buf_printf(out, "connect=%d family=%s negotiated=%d suite=%s key=%s/%s\n",
                (int)m->can_connect, m->family ? m->family : "-",
                m->negotiated, m->suite ? m->suite->name : "-",
                key_name(m->key), m->key_source);
  for (p = 0; p < CR_PROTO_COUNT; p++)
    cr_buf_printf(out, "%s common=%d choice=%s\n", cr_tls_proto_id[p],
                  (int)m->common[p], m->choice[p] ? m->choice[p]->name : "-");
  for (i = 0; i < m->nfixes; i++) {
    const cr_fix *f = &m->fixes[i];
    cr_buf_printf(out, "fix %s|%s|%s|%d|%s|%s|%lu|%p\n", f->side, f->cmdlet,
                  f->cli, (int)f->setting.kind, f->setting.key,
                  f->setting.value, (unsigned long)f->setting.dword,
                  (const void *)f->setting.os_suites);
  }
  for (i = 0; i < m->findings->nfindings; i++) {
    const cr_finding *f = m->findings->findings[i];
    cr_buf_printf(out, "finding %s %d %s|%s|%s\n", f->id, (int)f->severity,
                  f->title, f->fix_cmdlet ? f->fix_cmdlet : "-",
                  f->fix_cli ? f->fix_cli : "-");
    for (k = 0; k < f->nsettings; k++)
      cr_buf_printf(out, "  setting %d|%s|%s|%lu|%p\n",
                    (int)f->settings[k].kind, f->settings[k].key,
                    f->settings[k].value, (unsigned long)f->settings[k].dword,
                    (const void *)f->settings[k].os_suites);
  }
  return cr_buf_status(out);
}
