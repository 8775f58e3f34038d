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
 *
 * The result (struct cr_match, match_internal.h) is reported by
 * match_result.c; the configuration-class key of a machine is in
 * class_key.c.
 */
#include "../knowledge/regpaths.h"
#include "../report/report.h"
#include "match_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ---------------------------------------------------------------- */
/* The decision. Snapshots often leave some protocol defaults, a     */
/* suite list or the DHE fix unknown (no CurrentVersion in a         */
/* hand-written .reg, an OS no source covers). Each protocol state   */
/* ConnReset does not know may be on or off: the match is worked out */
/* for every combination (at most 2^10: five versions, two sides),   */
/* and the outcome is decided only when they all agree. Otherwise it */
/* is undetermined, with what is missing; unknown is never reported  */
/* as a failure.                                                     */
/* ---------------------------------------------------------------- */

static int proto_tri(const cr_tls_machine *m, int role, int p)
{
  cr_proto_state st = m->proto[role][p].state;
  return st == CR_PSTATE_ENABLED   ? T_YES
         : st == CR_PSTATE_UNKNOWN ? T_UNKNOWN
                                   : T_NO;
}

/* What one combination gives. */
typedef enum rkind {
  RK_CONNECTS, RK_INTERMITTENT, RK_NO_VERSION, RK_VERSION_GAP, RK_NO_SUITE,
  RK_UNKNOWN
} rkind;

typedef struct result {
  unsigned char kind; /* rkind */
  unsigned char why;  /* UNK_* bits when RK_UNKNOWN */
  signed char v;      /* the version negotiated (or answered), -1 none */
} result;

static int rclass(const result *r)
{
  return r->kind == RK_CONNECTS       ? CR_OUTCOME_CONNECTS
         : r->kind == RK_INTERMITTENT ? CR_OUTCOME_INTERMITTENT
         : r->kind == RK_UNKNOWN      ? CR_OUTCOME_UNDETERMINED
                                      : CR_OUTCOME_FAILS;
}

/* Does `x` enable any suite usable at `p` with the server's key? */
static bool has_suite(const cr_tls_machine *x, cr_tls_proto p,
                      cr_server_key k)
{
  size_t i;
  for (i = 0; i < x->neffective; i++)
    if ((x->effective[i]->versions & (1u << p)) && key_fits(x->effective[i], k))
      return true;
  return false;
}

/* The server's choice at `p`, or why it is unknown: a side whose list is
 * unknown could hold anything, unless the other side has nothing. */
static void choose(cr_match *m, cr_tls_proto p)
{
  bool ck = m->client->suite_source != CR_SRC_UNKNOWN;
  bool sk = m->server->suite_source != CR_SRC_UNKNOWN;
  m->choice[p] = NULL;
  m->choice_unknown[p] = 0;
  if (ck && sk)
    m->choice[p] = pick(m->client, m->server, p, m->key);
  else if (!(ck && !has_suite(m->client, p, m->key)) &&
           !(sk && !has_suite(m->server, p, m->key)))
    m->choice_unknown[p] = (ck ? 0 : UNK_CLIENT_SUITES) |
                           (sk ? 0 : UNK_SERVER_SUITES);
}

/* A DHE suite between a build with the leading-zero fix and one without
 * fails about once in 256 handshakes (KB4557473). */
static result with_suite(const cr_match *m, const cr_suite *s, int v)
{
  cr_dhe_fix_state cf = m->client->dhe_fix, sf = m->server->dhe_fix;
  result r = { RK_CONNECTS, 0, 0 };
  r.v = (signed char)v;
  if (!(s->flags & CR_SUITE_DHE))
    return r;
  if (cf == CR_DHE_FIX_UNKNOWN || sf == CR_DHE_FIX_UNKNOWN) {
    r.kind = RK_UNKNOWN;
    r.why = (cf == CR_DHE_FIX_UNKNOWN ? UNK_CLIENT_DHE : 0) |
            (sf == CR_DHE_FIX_UNKNOWN ? UNK_SERVER_DHE : 0);
  } else if (cf != sf) {
    r.kind = RK_INTERMITTENT;
  }
  return r;
}

/* One combination: `en_c`/`en_s` say which versions each side enables.
 * As Schannel negotiates (see the top of this file). */
static result negotiate(const cr_match *m, const bool *en_c, const bool *en_s)
{
  result r = { RK_NO_VERSION, 0, -1 };
  int p, cmax = -1, v = -1;
  bool any = false;
  for (p = CR_PROTO_SSL3; p <= CR_PROTO_TLS13; p++)
    any = any || (en_c[p] && en_s[p]);
  if (!any)
    return r;
  if (en_c[CR_PROTO_TLS13] && en_s[CR_PROTO_TLS13]) {
    v = CR_PROTO_TLS13;
  } else {
    for (p = CR_PROTO_TLS12; p >= CR_PROTO_SSL3 && cmax < 0; p--)
      if (en_c[p])
        cmax = p;
    for (p = cmax; p >= CR_PROTO_SSL3 && v < 0; p--)
      if (en_s[p])
        v = p;
  }
  r.v = (signed char)v;
  if (!en_c[v]) {
    r.kind = RK_VERSION_GAP;
  } else if (m->choice_unknown[v]) {
    r.kind = RK_UNKNOWN;
    r.why = m->choice_unknown[v];
  } else if (!m->choice[v]) {
    r.kind = RK_NO_SUITE;
  } else {
    r = with_suite(m, m->choice[v], v);
  }
  return r;
}

/* ---------------------------------------------------------------- */
/* Undetermined: what is missing, and how to supply it.             */
/* ---------------------------------------------------------------- */

static void add_missing(cr_match *m, const char *side, const char *what,
                        const char *detail, const char *supply)
{
  cr_missing *x;
  if (m->nmissing == sizeof m->missing / sizeof m->missing[0])
    return;
  x = &m->missing[m->nmissing++];
  snprintf(x->side, sizeof x->side, "%s", side);
  x->what = what;
  snprintf(x->detail, sizeof x->detail, "%s", detail);
  snprintf(x->supply, sizeof x->supply, "%s", supply);
}

/* `protos`: bits of the versions whose unknown default changes the
 * outcome; `suites`, `dhe`: whether the unknown suite list or DHE fix
 * does. */
/* Appends `part` to a list joined with ", " and a final " and ". */
static void join(char *list, size_t size, const char *part, bool last)
{
  size_t n = strlen(list);
  snprintf(list + n, size - n, "%s%s", !n ? "" : last ? " and " : ", ", part);
}

static void side_missing(cr_match *m, int role, unsigned protos, bool suites,
                         bool dhe)
{
  const cr_tls_machine *x = role == CR_TLS_CLIENT ? m->client : m->server;
  const char *side = role == CR_TLS_CLIENT ? "client" : "server";
  char detail[400], supply[400], list[120] = "", parts[200] = "";
  int p;
  if (!protos && !suites && !dhe)
    return;
  for (p = CR_PROTO_SSL3; p <= CR_PROTO_TLS13; p++)
    if (protos & (1u << p))
      join(list, sizeof list, cr_tls_proto_key[p],
           !(protos & ~((2u << p) - 1)));
  if (!x->os.known) {
    char what[140];
    if (protos) {
      snprintf(what, sizeof what, "its defaults for %s", list);
      strcat(parts, what);
    }
    if (suites)
      snprintf(parts + strlen(parts), sizeof parts - strlen(parts), "%s%s",
               !parts[0] ? "" : dhe ? ", " : ", or ",
               "its default cipher-suite order");
    if (dhe)
      snprintf(parts + strlen(parts), sizeof parts - strlen(parts), "%s%s",
               !parts[0] ? "" : ", or ", "whether it has the DHE leading-zero "
               "fix");
    snprintf(detail, sizeof detail, "The %s snapshot (%s) does not say which "
             "Windows it is (no values under %s), so ConnReset does not know "
             "%s.", side, x->name, CR_KEY_WINDOWS_NT_CURRENTVERSION, parts);
    snprintf(supply, sizeof supply, "Run 'connreset collect -o FILE.reg' on "
             "the %s and match that snapshot, or name its Windows with "
             "--%s-os (Test-TlsMatch -%sOS), e.g. \"Windows Server 2016\".",
             side, side, role == CR_TLS_CLIENT ? "Client" : "Server");
    add_missing(m, side, "os", detail, supply);
    return;
  }
  if (protos) {
    snprintf(detail, sizeof detail, "No source ConnReset has gives the "
             "default of %s for the %s role on %s.", list, side, x->os.name);
    snprintf(supply, sizeof supply, "Set %s explicitly on the %s (Enabled "
             "and DisabledByDefault under %s\\<version>\\%s, e.g. 'connreset "
             "tls protocol set --role %s --state enabled|disabled').",
             protos & (protos - 1) ? "them" : "it", side,
             CR_KEY_SCHANNEL_PROTOCOLS,
             role == CR_TLS_CLIENT ? "Client" : "Server", side);
    add_missing(m, side, "protocol-defaults", detail, supply);
  }
  if (suites) {
    snprintf(detail, sizeof detail, "No source ConnReset has gives the "
             "default cipher-suite order of %s, and the %s has no list of "
             "its own.", x->os.name, side);
    snprintf(supply, sizeof supply, "Set the order explicitly on the %s "
             "('connreset tls suites set --order ...', or the Group Policy "
             "SSL Cipher Suite Order).", side);
    add_missing(m, side, "suite-defaults", detail, supply);
  }
  if (dhe) {
    if (x->os.major == 10 && x->os.build == 14393 && !x->os.has_ubr) {
      snprintf(detail, sizeof detail, "The %s's update revision (UBR) is "
               "not in the snapshot; on build 14393 it decides whether the "
               "DHE leading-zero fix is there (KB4537806, 14393.3542).", side);
      snprintf(supply, sizeof supply, "Run 'connreset collect' on the %s "
               "(it reads UBR), or give the full version with --%s-os, e.g. "
               "\"Windows Server 2016 10.0.14393.3542\".", side, side);
    } else {
      snprintf(detail, sizeof detail, "No source ConnReset has says "
               "whether %s has the DHE leading-zero fix (KB4557473).",
               x->os.name);
      snprintf(supply, sizeof supply, "Check the %s's updates against "
               "KB4557473, or remove the TLS_DHE_* suites ('connreset tls "
               "dhe disable'), which decides it.", side);
    }
    add_missing(m, side, "dhe-fix", detail, supply);
  }
}

/* Which unknowns change the outcome: a protocol state matters when
 * flipping it alone changes the class of some combination. */
static void find_missing(cr_match *m, const result *res, size_t n,
                         const int (*cells)[2], size_t ncells)
{
  unsigned protos[2] = { 0, 0 }, why = 0;
  size_t b, mask;
  for (mask = 0; mask < n; mask++)
    if (res[mask].kind == RK_UNKNOWN)
      why |= res[mask].why;
  for (b = 0; b < ncells; b++)
    for (mask = 0; mask < n; mask++)
      if (!(mask & ((size_t)1 << b)) &&
          rclass(&res[mask]) != rclass(&res[mask | ((size_t)1 << b)])) {
        protos[cells[b][0]] |= 1u << cells[b][1];
        break;
      }
  side_missing(m, CR_TLS_CLIENT, protos[0], (why & UNK_CLIENT_SUITES) != 0,
               (why & UNK_CLIENT_DHE) != 0);
  side_missing(m, CR_TLS_SERVER, protos[1], (why & UNK_SERVER_SUITES) != 0,
               (why & UNK_SERVER_DHE) != 0);
}

/* ---------------------------------------------------------------- */
/* Verdicts and pair findings.                                      */
/* ---------------------------------------------------------------- */

/* Said after a verdict that holds for every value of the unknowns. */
static const char *whatever(bool all_known)
{
  return all_known ? "" : " This holds whatever the defaults the snapshots "
                          "leave unknown turn out to be.";
}

static int fails_proto(cr_match *m, int v, bool gap, bool all_known)
{
  const cr_tls_machine *c = m->client, *s = m->server;
  cr_finding *f = NULL;
  int p, rc;
  m->family = "PROTO";
  fix_protocols(m);
  if (!gap)
    snprintf(m->verdict, sizeof m->verdict, "No TLS version is enabled on "
             "both sides: the client (%s) and the server (%s) share none, "
             "so the server resets the connection.%s", c->name, s->name,
             whatever(all_known));
  else
    snprintf(m->verdict, sizeof m->verdict, "They share a TLS version, but "
             "the server (%s) answers with %s, the highest it has up to the "
             "client's maximum, which the client (%s) has off; the handshake "
             "fails and no lower version is tried.%s", s->name,
             cr_tls_proto_key[v], c->name, whatever(all_known));
  rc = cr_report_add_finding(m->findings, &f, gap ? "PROTO002" : "PROTO001",
                             "PROTO", CR_SEVERITY_ERROR,
                             gap ? "The server picks a TLS version the "
                                   "client has off"
                                 : "Client and server share no TLS version",
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

static int fails_suite(cr_match *m, int v, bool all_known)
{
  cr_finding *f = NULL;
  int rc;
  m->family = "SUITE";
  fix_suites(m, (cr_tls_proto)v);
  if (all_known)
    snprintf(m->verdict, sizeof m->verdict, "Both enable %s, but no cipher "
             "suite usable with it is enabled on both sides and fits the "
             "server's %s certificate, so the server resets the connection.",
             cr_tls_proto_key[v], m->key == CR_SERVER_KEY_ECDSA ? "ECDSA"
                                                                : "RSA");
  else
    snprintf(m->verdict, sizeof m->verdict, "Whichever TLS version they "
             "turn out to share (up to %s), no cipher suite usable with it is "
             "enabled on both sides and fits the server's %s certificate, so "
             "the server resets the connection.%s", cr_tls_proto_key[v],
             m->key == CR_SERVER_KEY_ECDSA ? "ECDSA" : "RSA",
             whatever(all_known));
  rc = cr_report_add_finding(m->findings, &f, "SUITE001", "SUITE",
                             CR_SEVERITY_ERROR, "Client and server share "
                             "no cipher suite", m->verdict);
  if (rc >= 0) {
    list_evidence(f, m->client, "client", (cr_tls_proto)v);
    list_evidence(f, m->server, "server", (cr_tls_proto)v);
    set_fix_of(f, m, "The cipher-suite order is read at startup: restart "
               "the computer after changing it.");
  }
  return rc;
}

/* DHEZERO001: a DHE suite both enable at `v`, between a build with the
 * leading-zero fix and one without. An error when the server picks it
 * (the outcome is then intermittent), a warning otherwise. */
static int dhezero(cr_match *m, int v)
{
  const cr_tls_machine *c = m->client, *s = m->server;
  const cr_suite *dhe = NULL;
  cr_finding *f = NULL;
  size_t i;
  char reason[800];
  int rc;
  if (c->dhe_fix == CR_DHE_FIX_UNKNOWN || s->dhe_fix == CR_DHE_FIX_UNKNOWN ||
      c->dhe_fix == s->dhe_fix)
    return CR_OK;
  for (i = 0; i < s->neffective && !dhe; i++)
    if ((s->effective[i]->flags & CR_SUITE_DHE) &&
        cr_tls_suite_usable(s, s->effective[i], (cr_tls_proto)v) &&
        cr_tls_suite_usable(c, s->effective[i], (cr_tls_proto)v) &&
        key_fits(s->effective[i], m->key))
      dhe = s->effective[i];
  if (!dhe)
    return CR_OK;
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
    m->family = "DHEZERO";
    snprintf(m->verdict, sizeof m->verdict, "They connect with %s and %s, "
             "but the %s lacks the DHE leading-zero fix the %s has: about "
             "one handshake in 256 fails with a reset.",
             cr_tls_proto_key[v], dhe->name,
             c->dhe_fix == CR_DHE_FIX_MISSING ? "client" : "server",
             c->dhe_fix == CR_DHE_FIX_MISSING ? "server" : "client");
    add_fix(m, "server", "Disable-DheCipherSuite",
            "connreset tls dhe disable", "remove the TLS_DHE_* suites "
            "from the server's order (every client then uses ECDHE)");
    if (m->nfixes)
      m->fixes[m->nfixes - 1].setting = cr_setting_suite_order_no_dhe(s->defaults);
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
    cr_setting order = cr_setting_suite_order_no_dhe(s->defaults);
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
    cr_finding_set_fix(f, "Disable-DheCipherSuite",
                       "connreset tls dhe disable", &order,
                       "Run on either side (the server fixes it for every "
                       "client), or install the update that carries the "
                       "fix on the unfixed side; restart afterwards.");
  }
  return rc;
}

static int decide(cr_match *m)
{
  const cr_tls_machine *c = m->client, *s = m->server;
  bool en_c[CR_PROTO_COUNT] = { false }, en_s[CR_PROTO_COUNT] = { false };
  int cells[10][2]; /* the unknown states: (role, version) */
  result res[1 << 10];
  size_t ncells = 0, n, mask, b;
  unsigned classes = 0, kinds = 0;
  bool same = true;
  int p, top = -1;

  for (p = CR_PROTO_SSL3; p <= CR_PROTO_TLS13; p++) {
    int tc = proto_tri(c, CR_TLS_CLIENT, p), ts = proto_tri(s, CR_TLS_SERVER, p);
    en_c[p] = tc == T_YES;
    en_s[p] = ts == T_YES;
    if (tc == T_UNKNOWN) {
      cells[ncells][0] = CR_TLS_CLIENT;
      cells[ncells++][1] = p;
    }
    if (ts == T_UNKNOWN) {
      cells[ncells][0] = CR_TLS_SERVER;
      cells[ncells++][1] = p;
    }
    m->common[p] = tc == T_NO || ts == T_NO ? T_NO
                   : tc == T_YES && ts == T_YES ? T_YES : T_UNKNOWN;
    if (m->common[p] != T_NO)
      choose(m, (cr_tls_proto)p);
  }
  n = (size_t)1 << ncells;
  for (mask = 0; mask < n; mask++) {
    for (b = 0; b < ncells; b++)
      (cells[b][0] == CR_TLS_CLIENT ? en_c : en_s)[cells[b][1]] =
        (mask >> b) & 1;
    res[mask] = negotiate(m, en_c, en_s);
    classes |= 1u << rclass(&res[mask]);
    kinds |= 1u << res[mask].kind;
    same = same && res[mask].kind == res[0].kind && res[mask].v == res[0].v;
    if (res[mask].v > top)
      top = res[mask].v;
  }

  if (classes & (1u << CR_OUTCOME_UNDETERMINED) || (classes & (classes - 1))) {
    size_t i;
    char what[400] = "";
    m->outcome = CR_OUTCOME_UNDETERMINED;
    find_missing(m, res, n, (const int (*)[2])cells, ncells);
    for (i = 0; i < m->nmissing; i++) {
      char one[80];
      const cr_missing *x = &m->missing[i];
      if (!strcmp(x->what, "dhe-fix"))
        snprintf(one, sizeof one, "whether the %s has the DHE leading-zero "
                 "fix", x->side);
      else
        snprintf(one, sizeof one, "the %s's %s", x->side,
                 !strcmp(x->what, "os") ? "Windows version"
                 : !strcmp(x->what, "protocol-defaults") ? "protocol defaults"
                                                         : "default cipher-suite order");
      join(what, sizeof what, one, i + 1 == m->nmissing);
    }
    snprintf(m->verdict, sizeof m->verdict, "ConnReset cannot tell whether "
             "they connect: the outcome depends on %s, which the snapshots "
             "do not give.", what);
    return CR_OK;
  }

  if (classes == 1u << CR_OUTCOME_FAILS) {
    m->outcome = CR_OUTCOME_FAILS;
    if (kinds & (1u << RK_NO_SUITE)) {
      for (top = -1, mask = 0; mask < n; mask++)
        if (res[mask].kind == RK_NO_SUITE && res[mask].v > top)
          top = res[mask].v;
      m->negotiated = same ? top : -1;
      return fails_suite(m, top, ncells == 0);
    }
    m->negotiated = -1;
    return fails_proto(m, top, kinds == 1u << RK_VERSION_GAP, ncells == 0);
  }

  /* Connects, or intermittent: the suite is known wherever they meet. */
  m->outcome = (cr_outcome)rclass(&res[0]);
  if (!same) {
    /* Rare: the unknowns move the version, not the outcome. The pair
     * findings are those of the highest version they may reach. */
    int rc;
    m->suite = m->choice[top];
    rc = dhezero(m, top);
    m->suite = NULL;
    snprintf(m->verdict, sizeof m->verdict, "They connect%s; the version "
             "and suite depend on defaults the snapshots leave unknown.",
             m->outcome == CR_OUTCOME_INTERMITTENT
               ? ", but with a DHE suite between a build with the leading-zero "
                 "fix and one without: about one handshake in 256 fails"
               : "");
    return rc;
  }
  m->negotiated = res[0].v;
  m->suite = m->choice[res[0].v];
  snprintf(m->verdict, sizeof m->verdict, "They connect with %s and %s.",
           cr_tls_proto_key[res[0].v], m->suite->name);
  return dhezero(m, res[0].v);
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
void cr_match_free(cr_match *m)
{
  if (!m)
    return;
  cr_tls_machine_free(m->client);
  cr_tls_machine_free(m->server);
  cr_report_free(m->findings);
  free(m);
}
