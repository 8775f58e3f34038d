/*
 * check_tls.c - Schannel on one machine: families PROTO, SUITE and DHE.
 * (Pair findings, which need a client and a server, are in tls/match.c.)
 *
 * Findings (stable ids; grep the id to land here):
 *   PROTO003 warning  TLS 1.2 is not on for a role on an OS that supports it
 *   PROTO004 warning  TLS 1.3 keys on an OS that lacks TLS 1.3 (SQLCheck's rule)
 *   PROTO005 info     .NET Framework 4 without SchUseStrongCrypto while
 *                     TLS 1.0 is off for clients
 *   SUITE002 warning  the policy suite list is over 1,023 characters
 *   SUITE003 warning  listed suites the OS does not know
 *   SUITE004 warning  curve-suffixed names on Windows 10 and later
 *   SUITE005 error    no usable suite at all for an enabled protocol
 *   DHE001   warning  TLS_DHE_* suites are enabled (seed 001, scenario 3)
 */
#include "checks.h"
#include "../knowledge/regpaths.h"
#include "../tls/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *role_word(int role)
{
  return role == CR_TLS_CLIENT ? "Client" : "Server";
}

static void proto_key(char *buf, size_t size, cr_tls_proto p, int role)
{
  snprintf(buf, size, "%s\\%s\\%s", CR_KEY_SCHANNEL_PROTOCOLS,
           cr_tls_proto_key[p], role_word(role));
}

static void proto_evidence(cr_finding *f, const cr_proto_setting *ps,
                           cr_tls_proto p, int role)
{
  char key[300], data[300];
  proto_key(key, sizeof key, p, role);
  snprintf(data, sizeof data, "%s (%s)", cr_proto_state_name(ps->state),
           ps->reason);
  cr_finding_add_evidence(f, key, NULL, data);
}

static int check_protocols(cr_report *r, const cr_tls_machine *m)
{
  cr_finding *f;
  char title[200], reason[600], cmd[200], cli[200];
  cr_setting setting;
  int role, rc;

  for (role = 0; role < 2; role++) {
    const cr_proto_setting *ps = &m->proto[role][CR_PROTO_TLS12];
    if (ps->state != CR_PSTATE_DISABLED &&
        ps->state != CR_PSTATE_DISABLED_BY_DEFAULT)
      continue;
    snprintf(title, sizeof title, "TLS 1.2 is %s for the %s role",
             ps->state == CR_PSTATE_DISABLED ? "off" : "off by default",
             role == CR_TLS_CLIENT ? "client" : "server");
    snprintf(reason, sizeof reason, "%s supports TLS 1.2 but %s: a peer "
             "that only speaks TLS 1.2 gets its connection reset (seed 001, "
             "scenario 1).", m->os.name, ps->reason);
    if ((rc = cr_report_add_finding(r, &f, "PROTO003", "PROTO",
                                    CR_SEVERITY_WARNING, title, reason)) < 0)
      return rc;
    proto_evidence(f, ps, CR_PROTO_TLS12, role);
    snprintf(cmd, sizeof cmd, "Set-SchannelProtocol -Protocol TLS1.2 -Role %s "
             "-State Enabled", role_word(role));
    snprintf(cli, sizeof cli, "connreset tls protocol set --protocol tls1.2 "
             "--role %s --state enabled", role == CR_TLS_CLIENT ? "client"
                                                                 : "server");
    setting = cr_setting_protocol(CR_PROTO_TLS12, role, 1);
    cr_finding_set_fix(f, cmd, cli, &setting,
                       "Writes Enabled = 1 and "
                       "DisabledByDefault = 0. Schannel reads it for new "
                       "credentials: restart the services that use TLS, or "
                       "the computer.");
  }

  {
    const cr_proto_setting *c = &m->proto[CR_TLS_CLIENT][CR_PROTO_TLS13];
    const cr_proto_setting *s = &m->proto[CR_TLS_SERVER][CR_PROTO_TLS13];
    char key[300];
    if ((c->state == CR_PSTATE_NOT_SUPPORTED && c->key_present) ||
        (s->state == CR_PSTATE_NOT_SUPPORTED && s->key_present)) {
      snprintf(reason, sizeof reason, "%s has no TLS 1.3, yet its registry "
               "holds TLS 1.3 keys; SQLCheck reports that these \"may result "
               "in TLS error messages when connecting\" and Microsoft's advice "
               "is to delete them and reboot.", m->os.name);
      if ((rc = cr_report_add_finding(r, &f, "PROTO004", "PROTO",
          CR_SEVERITY_WARNING, "TLS 1.3 registry keys on an OS without "
          "TLS 1.3", reason)) < 0)
        return rc;
      snprintf(key, sizeof key, "%s\\TLS 1.3", CR_KEY_SCHANNEL_PROTOCOLS);
      cr_finding_add_evidence(f, key, NULL, "present");
      cr_finding_set_fix(f, "Set-SchannelProtocol -Protocol TLS1.3 -Role Both "
                         "-State Default",
                         "connreset tls protocol set --protocol tls1.3 --role "
                         "both --state default", NULL,
                         "Deletes the keys; reboot afterwards.");
    }
  }

  {
    const cr_netfx *n4 = &m->netfx[0], *n4w = &m->netfx[1];
    bool tls10_off = m->proto[CR_TLS_CLIENT][CR_PROTO_TLS10].state ==
                       CR_PSTATE_DISABLED ||
                     m->proto[CR_TLS_CLIENT][CR_PROTO_TLS10].state ==
                       CR_PSTATE_DISABLED_BY_DEFAULT;
    bool netfx4 = n4->present || n4w->present;
    if (tls10_off && netfx4 &&
        !((n4->has_strong && n4->strong) && (n4w->has_strong && n4w->strong))) {
      if ((rc = cr_report_add_finding(r, &f, "PROTO005", "PROTO",
          CR_SEVERITY_INFO, ".NET Framework 4 applications may still offer "
          "only TLS 1.0",
          "TLS 1.0 is off for clients, but SchUseStrongCrypto is not 1 for "
          "both the 64-bit and the 32-bit .NET Framework 4: applications "
          "built for .NET Framework 4.5.2 or earlier then offer SSL 3.0 and "
          "TLS 1.0 only and cannot connect (Microsoft, \"Transport Layer "
          "Security (TLS) best practices with the .NET Framework\").")) < 0)
        return rc;
      cr_finding_add_evidence(f, n4->key, "SchUseStrongCrypto",
                              n4->has_strong ? (n4->strong ? "1" : "0")
                                             : "absent");
      cr_finding_add_evidence(f, n4w->key, "SchUseStrongCrypto",
                              n4w->has_strong ? (n4w->strong ? "1" : "0")
                                              : "absent");
      setting = cr_setting_dword(CR_KEY_NETFX_V4, "SchUseStrongCrypto", 1);
      cr_finding_add_setting(f, &setting);
      setting = cr_setting_dword(CR_KEY_NETFX_V4_WOW, "SchUseStrongCrypto", 1);
      cr_finding_set_fix(f, NULL, NULL, &setting,
                         "Set SchUseStrongCrypto = 1 "
                         "(REG_DWORD) under both keys, then restart the "
                         "applications.");
    }
  }
  return CR_OK;
}

static int check_suites(cr_report *r, const cr_tls_machine *m)
{
  cr_finding *f;
  char reason[900], data[200];
  size_t i, n;
  int rc, p, role;

  if (m->has_policy && m->policy_chars > 1023) {
    for (i = n = 0; i < m->nlist; i++)
      n += m->list[i].beyond_limit;
    snprintf(reason, sizeof reason, "The Group Policy cipher-suite list is "
             "%zu characters; Windows reads at most 1,023 (manage-tls.md), so "
             "the last %zu suites are ignored.", m->policy_chars, n);
    if ((rc = cr_report_add_finding(r, &f, "SUITE002", "SUITE",
        CR_SEVERITY_WARNING, "The cipher-suite policy is longer than 1,023 "
        "characters", reason)) < 0)
      return rc;
    snprintf(data, sizeof data, "%zu characters", m->policy_chars);
    cr_finding_add_evidence(f, CR_KEY_SSL_POLICY, "Functions", data);
    cr_finding_set_fix(f, "Set-SchannelCipherSuiteOrder -Name <shorter list>",
                       "connreset tls suites set --order <shorter list>", NULL,
                       "Drop suites you do not need (DHE, 3DES, RC4, CBC) so "
                       "the list fits.");
  }

  for (i = n = 0; i < m->nlist; i++)
    n += m->suite_source != CR_SRC_OS_DEFAULT && !m->list[i].os_knows;
  if (n) {
    cr_buf names = CR_BUF_INIT;
    for (i = 0; i < m->nlist; i++)
      if (!m->list[i].os_knows)
        cr_buf_printf(&names, "%s%s", names.len ? ", " : "",
                      m->list[i].written);
    snprintf(reason, sizeof reason, "%zu listed suite%s %s not known to %s "
             "(%s) and %s ignored: %.500s.", n, n == 1 ? "" : "s",
             n == 1 ? "is" : "are", m->os.name,
             m->defaults ? m->defaults->label : "?", n == 1 ? "is" : "are",
             names.ptr ? names.ptr : "");
    if ((rc = cr_report_add_finding(r, &f, "SUITE003", "SUITE",
        CR_SEVERITY_WARNING, "The cipher-suite list names suites this OS "
        "does not know", reason)) < 0) {
      cr_buf_dispose(&names);
      return rc;
    }
    cr_finding_add_evidence(f, m->suite_source == CR_SRC_POLICY
                                 ? CR_KEY_SSL_POLICY : CR_KEY_SSL_LOCAL,
                            "Functions", names.ptr ? names.ptr : "");
    cr_buf_dispose(&names);
    cr_finding_set_fix(f, "Set-SchannelCipherSuiteOrder -Name <names this OS "
                       "knows>", "connreset tls suites set --order <names>",
                       NULL, "Get-SchannelCipherSuite shows which names this OS "
                       "supports.");
  }

  if (m->os.known && m->os.major >= 10) {
    for (i = n = 0; i < m->nlist; i++)
      n += m->list[i].curve != 0;
    if (n) {
      snprintf(reason, sizeof reason, "%zu suite name%s carry a curve suffix "
               "(_P256/_P384/_P521). From Windows 10 the curve comes from the "
               "ECC curve order instead, so the suffix is ignored and the "
               "list does not do what it says (cipher-suites-in-schannel.md).",
               n, n == 1 ? "" : "s");
      if ((rc = cr_report_add_finding(r, &f, "SUITE004", "SUITE",
          CR_SEVERITY_WARNING, "Curve-suffixed suite names on Windows 10 or "
          "later", reason)) < 0)
        return rc;
      for (i = 0; i < m->nlist; i++)
        if (m->list[i].curve)
          cr_finding_add_evidence(f, m->suite_source == CR_SRC_POLICY
                                       ? CR_KEY_SSL_POLICY : CR_KEY_SSL_LOCAL,
                                  "Functions", m->list[i].written);
      cr_finding_set_fix(f, "Set-SchannelCipherSuiteOrder -Name <names "
                         "without suffix>", "connreset tls suites set --order "
                         "<names without suffix>", NULL, NULL);
    }
  }

  /* TLS versions only: SSL 3.0 left without a suite is no loss. */
  if (m->suite_source != CR_SRC_UNKNOWN) {
    for (role = 0; role < 2; role++)
      for (p = CR_PROTO_TLS10; p <= CR_PROTO_TLS13; p++) {
        bool any = false;
        if (!cr_tls_proto_usable(m, role, (cr_tls_proto)p))
          continue;
        for (i = 0; i < m->neffective && !any; i++)
          any = (m->effective[i]->versions & (1u << p)) != 0;
        if (any)
          continue;
        snprintf(reason, sizeof reason, "%s is on for the %s role but no "
                 "suite in the effective list can be used with it: every "
                 "handshake at that version fails.", cr_tls_proto_key[p],
                 role == CR_TLS_CLIENT ? "client" : "server");
        if ((rc = cr_report_add_finding(r, &f, "SUITE005", "SUITE",
            CR_SEVERITY_ERROR, "A protocol is on but has no usable cipher "
            "suite", reason)) < 0)
          return rc;
        cr_finding_add_evidence(f, m->suite_source == CR_SRC_POLICY
                                     ? CR_KEY_SSL_POLICY : CR_KEY_SSL_LOCAL,
                                "Functions", cr_suite_source_name(m->suite_source));
        cr_finding_set_fix(f, "Set-SchannelCipherSuiteOrder -Reset",
                           "connreset tls suites set --reset", NULL,
                           "Removes the policy list so the OS default order "
                           "applies.");
        role = 2; /* one finding is enough */
        break;
      }
  }

  {
    cr_buf names = CR_BUF_INIT;
    for (i = n = 0; i < m->neffective; i++)
      if (m->effective[i]->flags & CR_SUITE_DHE) {
        cr_buf_printf(&names, "%s%s", n ? ", " : "", m->effective[i]->name);
        n++;
      }
    if (n) {
      snprintf(reason, sizeof reason, "%zu TLS_DHE_* suite%s enabled: "
               "handshakes that pick one fail intermittently when the two "
               "sides disagree on the DHE leading-zero rule (KB4557473), and "
               "Microsoft's fix for the reset is to remove every TLS_DHE_* "
               "suite (seed 001, scenario 3). This machine %s the leading-zero "
               "fix.", n, n == 1 ? " is" : "s are",
               m->dhe_fix == CR_DHE_FIX_PRESENT   ? "has"
               : m->dhe_fix == CR_DHE_FIX_MISSING ? "lacks"
                                                  : "may or may not have");
      rc = cr_report_add_finding(r, &f, "DHE001", "DHE", CR_SEVERITY_WARNING,
                                 "TLS_DHE cipher suites are enabled", reason);
      if (rc >= 0) {
        cr_finding_add_evidence(f, m->suite_source == CR_SRC_POLICY
                                     ? CR_KEY_SSL_POLICY
                                 : m->suite_source == CR_SRC_LOCAL
                                     ? CR_KEY_SSL_LOCAL
                                     : "(OS default list)",
                                "Functions", names.ptr);
        cr_setting order = cr_setting_suite_order_no_dhe(m->defaults);
        cr_finding_set_fix(f, "Disable-DheCipherSuite",
                           "connreset tls dhe disable", &order,
                           "Writes the current order without TLS_DHE_* as the "
                           "policy list; takes effect after a restart.");
      }
      cr_buf_dispose(&names);
      if (rc < 0)
        return rc;
    }
    cr_buf_dispose(&names);
  }
  return CR_OK;
}

/* ---------------------------------------------------------------- */

static void tls_json(const void *data, cr_json *j)
{
  cr_tls_machine_json(data, j);
}

static void tls_text(const void *data, cr_buf *out)
{
  cr_tls_machine_text(data, out);
}

static void tls_free(void *data) { cr_tls_machine_free(data); }

int cr_run_tls(cr_report *r, const cr_snapshot *snap)
{
  cr_tls_machine *m;
  cr_section sec;
  int rc;
  if ((rc = cr_tls_machine_read(&m, snap, &r->os)) < 0)
    return rc;
  if ((rc = check_protocols(r, m)) < 0 || (rc = check_suites(r, m)) < 0) {
    cr_tls_machine_free(m);
    return rc;
  }
  sec.name = "tls";
  sec.data = m;
  sec.to_json = tls_json;
  sec.to_text = tls_text;
  sec.free = tls_free;
  return cr_report_add_section(r, &sec);
}
