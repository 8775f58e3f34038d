/*
 * model.c - one machine's effective TLS configuration, from its snapshot.
 *
 * Protocols (MicrosoftDocs windowsserverdocs tls-registry-settings.md):
 * "Enabled" = Enabled non-zero and DisabledByDefault 0; "disabled by
 * default" = both non-zero (used only when an application asks for the
 * protocol explicitly); "disabled" = Enabled 0. What the keys leave open
 * follows the OS default (knowledge/tls_defaults.c), the way SQLCheck
 * judges it: an OS-default-on protocol is off when Enabled is 0 or
 * DisabledByDefault non-zero; an OS-default-off one is on only when Enabled
 * is non-zero and DisabledByDefault is 0 or absent.
 *
 * Suites: the Group Policy list wins when present, else the local list,
 * else the OS default list. A name counts when the OS knows it, it lies
 * within the policy's 1,023 characters (manage-tls.md), and no SCHANNEL
 * Ciphers/Hashes/KeyExchangeAlgorithms switch with Enabled = 0 turns off
 * its cipher, hash or key exchange.
 *
 * FIPS (knowledge/fips.c): with the FIPS algorithm policy on, Schannel
 * speaks TLS only and offers no suite whose cipher, hash or (for ECDHE,
 * given an explicit EccCurves list) curves the policy rules out.
 */
#include "model.h"

#include "../knowledge/regpaths.h"
#include "../core/json.h"
#include "../knowledge/fips.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POLICY_LIMIT 1023 /* characters; manage-tls.md, the ADMX maxLength */

const char *cr_proto_state_name(cr_proto_state s)
{
  switch (s) {
  case CR_PSTATE_ENABLED: return "enabled";
  case CR_PSTATE_DISABLED_BY_DEFAULT: return "disabled-by-default";
  case CR_PSTATE_DISABLED: return "disabled";
  case CR_PSTATE_NOT_SUPPORTED: return "not-supported";
  default: return "unknown";
  }
}

const char *cr_suite_source_name(cr_suite_source s)
{
  switch (s) {
  case CR_SRC_OS_DEFAULT: return "os-default";
  case CR_SRC_LOCAL: return "local";
  case CR_SRC_POLICY: return "policy";
  default: return "unknown";
  }
}

/* The state a protocol is in when its keys set nothing: the OS default
 * (knowledge/tls_defaults.c) in the words of the state. [SCH-PROTO]'s
 * "Disabled" cell is a version the OS supports but does not use unless
 * told to: tls-registry-settings.md's "disabled by default" state, not its
 * "disabled" (Enabled = 0: never negotiated, whatever the application
 * asks). Windows 7's TLS 1.2 is such a cell, and an application that sets
 * it for itself gets it there (KB3140245: the WinHTTP defaults "are
 * overruled by ... protocols set per application by WinHttpSetOption").
 * The report's osDefault uses these words too, so that a protocol with
 * nothing set has state == osDefault. */
static cr_proto_state default_state(cr_proto_default d)
{
  switch (d) {
  case CR_PDEF_ENABLED: return CR_PSTATE_ENABLED;
  case CR_PDEF_DISABLED: return CR_PSTATE_DISABLED_BY_DEFAULT;
  case CR_PDEF_NOT_SUPPORTED: return CR_PSTATE_NOT_SUPPORTED;
  default: return CR_PSTATE_UNKNOWN;
  }
}

/* ---------------------------------------------------------------- */
/* Protocols.                                                       */
/* ---------------------------------------------------------------- */

static bool get_dword(uint32_t *out, const cr_snapshot *s, const char *key,
                      const char *name)
{
  bool ok = cr_snap_get_dword(out, s, key, name) == CR_OK;
  cr_error_clear();
  return ok;
}

static void read_protocol(cr_proto_setting *ps, const cr_snapshot *snap,
                          const cr_os *os, const cr_proto_defaults_row *row,
                          int role, cr_tls_proto p)
{
  char key[300];
  const char *rname = role == CR_TLS_CLIENT ? "Client" : "Server";
  snprintf(key, sizeof key, "%s\\%s\\%s", CR_KEY_SCHANNEL_PROTOCOLS,
           cr_tls_proto_key[p], rname);
  memset(ps, 0, sizeof *ps);
  ps->os_default = row ? row->def[role][p] : CR_PDEF_UNKNOWN;
  ps->key_present = cr_snap_find_key(snap, key) != NULL;
  ps->has_enabled = get_dword(&ps->enabled, snap, key, "Enabled");
  ps->has_dbd = get_dword(&ps->dbd, snap, key, "DisabledByDefault");

  if (ps->os_default == CR_PDEF_NOT_SUPPORTED) {
    ps->state = CR_PSTATE_NOT_SUPPORTED;
    snprintf(ps->reason, sizeof ps->reason, "%s does not support %s%s",
             os->name, cr_tls_proto_key[p],
             ps->key_present ? "; its registry keys have no effect" : "");
  } else if (ps->has_enabled && ps->enabled == 0) {
    ps->state = CR_PSTATE_DISABLED;
    snprintf(ps->reason, sizeof ps->reason, "Enabled = 0");
  } else if (ps->has_dbd && ps->dbd != 0 &&
             (ps->has_enabled || ps->os_default == CR_PDEF_ENABLED)) {
    ps->state = CR_PSTATE_DISABLED_BY_DEFAULT;
    snprintf(ps->reason, sizeof ps->reason,
             "DisabledByDefault = %lu: only applications that ask for %s "
             "explicitly get it", (unsigned long)ps->dbd, cr_tls_proto_key[p]);
  } else if (ps->has_enabled) {
    ps->state = CR_PSTATE_ENABLED;
    snprintf(ps->reason, sizeof ps->reason, "Enabled = %lu%s",
             (unsigned long)ps->enabled,
             ps->has_dbd ? ", DisabledByDefault = 0" : "");
  } else {
    ps->state = default_state(ps->os_default);
    if (ps->state == CR_PSTATE_ENABLED)
      snprintf(ps->reason, sizeof ps->reason, "on by default on %s",
               os->name);
    else if (ps->state == CR_PSTATE_DISABLED_BY_DEFAULT)
      snprintf(ps->reason, sizeof ps->reason, "off by default on %s; set "
               "Enabled = 1 and DisabledByDefault = 0 to use it", os->name);
    else
      snprintf(ps->reason, sizeof ps->reason, "not configured, and no "
               "source gives the default for %s", os->name);
  }
}

/* The FIPS algorithm policy: from Windows Vista on, Enabled under
 * Lsa\FipsAlgorithmPolicy; before, Lsa's FIPSAlgorithmPolicy ([KB811833]).
 * When the OS is unknown, whichever the snapshot holds (the newer first).
 * Absent means off, the documented default ([FIPS-POLICY]). */
static void read_fips(cr_tls_machine *m, const cr_snapshot *snap)
{
  uint32_t v;
  bool newer = !m->os.known || m->os.major >= 6;
  bool older = !m->os.known || m->os.major < 6;
  if (newer && get_dword(&v, snap, CR_KEY_LSA_FIPS, "Enabled")) {
    m->fips_key = CR_KEY_LSA_FIPS;
    m->fips_name = "Enabled";
  } else if (older && get_dword(&v, snap, CR_KEY_LSA, "FIPSAlgorithmPolicy")) {
    m->fips_key = CR_KEY_LSA;
    m->fips_name = "FIPSAlgorithmPolicy";
  } else {
    return;
  }
  m->fips_value = v;
  m->fips = v != 0;
}

/* With the policy on, "the provider only supports the TLS protocol"
 * ([FIPS-POLICY]): SSL 2.0 and 3.0 are off whatever their keys say. */
static void fips_protocols(cr_tls_machine *m)
{
  int role, p;
  if (!m->fips)
    return;
  for (role = 0; role < 2; role++)
    for (p = CR_PROTO_SSL2; p <= CR_PROTO_SSL3; p++) {
      cr_proto_setting *ps = &m->proto[role][p];
      if (ps->state != CR_PSTATE_ENABLED &&
          ps->state != CR_PSTATE_DISABLED_BY_DEFAULT)
        continue;
      ps->state = CR_PSTATE_DISABLED;
      snprintf(ps->reason, sizeof ps->reason, "the FIPS algorithm policy is "
               "on (%s = %lu): Schannel speaks TLS only", m->fips_name,
               (unsigned long)m->fips_value);
    }
}

/* Why the FIPS policy rules suite `s` out, or NULL (knowledge/fips.c; a
 * cipher or hash no row covers is not ruled out). */
static const char *fips_rules_out(const cr_tls_machine *m, const cr_suite *s)
{
  size_t i;
  if (!m->fips)
    return NULL;
  if (cr_fips_allows(CR_FIPS_CIPHER, s->cipher) == 0)
    return "its cipher is not available in FIPS mode";
  if (!(s->flags & CR_SUITE_TLS13) && cr_fips_allows(CR_FIPS_HASH, s->hash) == 0)
    return "its hash is not available in FIPS mode";
  if ((s->flags & CR_SUITE_ECDHE) && m->curves.count) {
    for (i = 0; i < m->curves.count; i++)
      if (cr_fips_allows(CR_FIPS_CURVE, m->curves.names[i]) != 0)
        return NULL;
    return "no curve of the EccCurves list is available in FIPS mode";
  }
  return NULL;
}

bool cr_tls_proto_usable(const cr_tls_machine *m, int role, cr_tls_proto p)
{
  return m->proto[role][p].state == CR_PSTATE_ENABLED;
}

/* ---------------------------------------------------------------- */
/* Algorithm switches.                                              */
/* ---------------------------------------------------------------- */

void cr_tls_suite_switches(const cr_suite *s, const char **cipher,
                           const char **hash, const char **kea)
{
  static const struct {
    const char *prefix, *name;
  } ciphers[] = {
    /* SChannelDsc's Cipher key names (windows-config.md section 1). */
    { "AES_128", "AES 128/128" }, { "AES_256", "AES 256/256" },
    { "3DES_EDE", "Triple DES 168" }, { "RC4_128", "RC4 128/128" },
    { "RC4_40", "RC4 40/128" }, { "RC4_56", "RC4 56/128" },
    { "RC4_64", "RC4 64/128" }, { "DES_CBC", "DES 56/56" },
    { "RC2_CBC_40", "RC2 40/128" }, { "RC2_CBC_56", "RC2 56/128" },
    { "RC2_128", "RC2 128/128" }, { "NULL", "NULL" },
  };
  size_t i;
  *cipher = *hash = *kea = NULL;
  for (i = 0; i < sizeof ciphers / sizeof ciphers[0]; i++)
    if (strncmp(s->cipher, ciphers[i].prefix, strlen(ciphers[i].prefix)) == 0) {
      *cipher = ciphers[i].name;
      break;
    }
  if (s->flags & CR_SUITE_TLS13)
    return; /* 1.3 suites carry no key exchange or MAC of their own */
  if (!strcmp(s->hash, "SHA") || !strcmp(s->hash, "SHA256") ||
      !strcmp(s->hash, "SHA384") || !strcmp(s->hash, "MD5"))
    *hash = s->hash;
  if (!strcmp(s->kx, "RSA"))
    *kea = "PKCS";
  else if (!strcmp(s->kx, "DHE") || !strcmp(s->kx, "DH"))
    *kea = "Diffie-Hellman";
  else if (!strcmp(s->kx, "ECDHE") || !strcmp(s->kx, "ECDH"))
    *kea = "ECDH";
}

static int read_switches(cr_tls_machine *m, const cr_snapshot *snap)
{
  static const struct {
    const char *group, *key;
  } groups[] = {
    { "Ciphers", CR_KEY_SCHANNEL_CIPHERS },
    { "Hashes", CR_KEY_SCHANNEL_HASHES },
    { "KeyExchangeAlgorithms", CR_KEY_SCHANNEL_KEA },
  };
  size_t g, i;
  for (g = 0; g < sizeof groups / sizeof groups[0]; g++) {
    const cr_key *k = cr_snap_find_key(snap, groups[g].key);
    for (i = 0; k && i < k->nchildren; i++) {
      const cr_value *v = cr_key_find_value(k->children[i], "Enabled");
      cr_switch *p;
      if (!v || v->type != CR_REG_DWORD || v->len != 4)
        continue;
      p = cr_realloc_array(m->switches, m->nswitches + 1, sizeof *p);
      if (!p)
        return cr_error_oom();
      m->switches = p;
      p = &m->switches[m->nswitches];
      p->group = groups[g].group;
      p->name = cr_strdup(k->children[i]->name);
      if (!p->name)
        return cr_error_oom();
      p->enabled = (uint32_t)v->data[0] | ((uint32_t)v->data[1] << 8) |
                   ((uint32_t)v->data[2] << 16) | ((uint32_t)v->data[3] << 24);
      /* 1 and 0xffffffff both mean on (SChannelDsc, IIS Crypto). */
      p->disables = p->enabled == 0;
      m->nswitches++;
    }
  }
  return CR_OK;
}

bool cr_tls_blocking_switch(char *buf, size_t size, const cr_tls_machine *m,
                            const cr_suite *s)
{
  const char *names[3], *groups[3] = { "Ciphers", "Hashes",
                                       "KeyExchangeAlgorithms" };
  size_t i, g;
  cr_tls_suite_switches(s, &names[0], &names[1], &names[2]);
  for (g = 0; g < 3; g++) {
    if (!names[g])
      continue;
    for (i = 0; i < m->nswitches; i++)
      if (m->switches[i].disables && !strcmp(m->switches[i].group, groups[g]) &&
          !cr_stricmp(m->switches[i].name, names[g])) {
        if (buf && size)
          snprintf(buf, size, "%s\\%s", groups[g], names[g]);
        return true;
      }
  }
  return false;
}

/* ---------------------------------------------------------------- */
/* Suite lists.                                                     */
/* ---------------------------------------------------------------- */

/* Does the OS list `names` hold `written`? Before Windows 10, Schannel
 * knows ECC suites only by their curve-suffixed names, so the comparison
 * is by the name as written; from Windows 10 on, by the IANA suite. */
static bool os_knows(const cr_tls_machine *m, const char *written,
                     const cr_suite *suite)
{
  const cr_default_suites_row *d = m->defaults;
  size_t i;
  if (!d)
    return true; /* no source for this OS: nothing to hold it against */
  if (m->os.known && m->os.major >= 10)
    return suite && cr_tls_os_supports(m, suite) == 1;
  for (i = 0; i < d->nenabled; i++)
    if (!cr_stricmp(d->enabled[i], written))
      return true;
  for (i = 0; i < d->nsupported; i++)
    if (!cr_stricmp(d->supported_not_enabled[i], written))
      return true;
  return false;
}

int cr_tls_os_supports(const cr_tls_machine *m, const cr_suite *s)
{
  size_t i;
  if (!m->defaults)
    return -1;
  for (i = 0; i < m->nos_suites; i++)
    if (m->os_suites[i] == s)
      return 1;
  return 0;
}

/* A defaults row's suites resolved: enabled ones, then the rest, each
 * with the curve its name carries. */
typedef struct resolved_row {
  const cr_suite **suite;
  unsigned *curve;
} resolved_row;

static resolved_row *resolve_row(const cr_default_suites_row *d)
{
  size_t n = d->nenabled + d->nsupported, i;
  resolved_row *r = cr_calloc(1, sizeof *r);
  if (!r || !(r->suite = cr_calloc(n + 1, sizeof *r->suite)) ||
      !(r->curve = cr_calloc(n + 1, sizeof *r->curve))) {
    if (r)
      free(r->suite);
    free(r);
    return NULL;
  }
  for (i = 0; i < n; i++)
    r->suite[i] = cr_suite_from_schannel(i < d->nenabled ? d->enabled[i]
                                         : d->supported_not_enabled[i - d->nenabled],
                                         &r->curve[i]);
  return r;
}

static void resolved_row_free(resolved_row *r)
{
  if (r) {
    free(r->suite);
    free(r->curve);
    free(r);
  }
}

/* Resolved once per row for the life of the process: the table is
 * constant and a fleet reads thousands of machines of a few versions of
 * Windows. Published with C11 atomics; without them, per machine. */
#if !defined(__STDC_NO_ATOMICS__)
# include <stdatomic.h>
# define ROW_CACHE 64
static _Atomic(resolved_row *) row_cache[ROW_CACHE];
#endif

/* The row resolved; *own is set when the caller must free it. */
static const resolved_row *row_suites(const cr_default_suites_row *d,
                                      resolved_row **own)
{
  *own = NULL;
#if !defined(__STDC_NO_ATOMICS__)
  {
    size_t i = (size_t)(d - cr_default_suites_rows);
    if (i < ROW_CACHE && i < cr_default_suites_row_count) {
      resolved_row *r = atomic_load(&row_cache[i]), *expected = NULL;
      if (r)
        return r;
      if (!(r = resolve_row(d)))
        return NULL;
      if (atomic_compare_exchange_strong(&row_cache[i], &expected, r))
        return r;
      resolved_row_free(r); /* another thread was first */
      return expected;
    }
  }
#endif
  return *own = resolve_row(d);
}

static int resolve_os_suites(cr_tls_machine *m)
{
  const cr_default_suites_row *d = m->defaults;
  const resolved_row *r;
  resolved_row *own;
  if (!d)
    return CR_OK;
  m->os_suites = cr_calloc(d->nenabled + d->nsupported + 1, sizeof *m->os_suites);
  if (!m->os_suites || !(r = row_suites(d, &own)))
    return cr_error_oom();
  memcpy(m->os_suites, r->suite, (d->nenabled + d->nsupported) * sizeof *r->suite);
  m->nos_enabled = d->nenabled;
  m->nos_suites = d->nenabled + d->nsupported;
  resolved_row_free(own);
  return CR_OK;
}

/* Entry `written` of the list; `os_default` is the OS's default list
 * resolved when the entry is its entry `index`, else NULL. */
static int add_entry(cr_tls_machine *m, const char *written, size_t end_char,
                     const resolved_row *os_default, size_t index)
{
  cr_list_entry *p = cr_realloc_array(m->list, m->nlist + 1, sizeof *p), *e;
  if (!p)
    return cr_error_oom();
  m->list = p;
  e = &m->list[m->nlist];
  memset(e, 0, sizeof *e);
  if (!(e->written = cr_strdup(written)))
    return cr_error_oom();
  m->nlist++;
  if (os_default) {
    /* What os_knows() says of a name of the OS's own list: known, by
     * name before Windows 10 and by suite after. */
    e->suite = os_default->suite[index];
    e->curve = os_default->curve[index];
    e->os_knows = !(m->os.known && m->os.major >= 10) || e->suite != NULL;
  } else {
    e->suite = cr_suite_from_schannel(written, &e->curve);
    e->os_knows = os_knows(m, written, e->suite);
  }
  e->beyond_limit = m->suite_source == CR_SRC_POLICY && end_char > POLICY_LIMIT;
  {
    char sw[96];
    if (e->suite && cr_tls_blocking_switch(sw, sizeof sw, m, e->suite) &&
        !(e->blocked_by = cr_strdup(sw)))
      return cr_error_oom();
  }
  e->fips_why = e->suite ? fips_rules_out(m, e->suite) : NULL;
  /* NULL-cipher suites appear in Microsoft's enabled lists but are used
   * only when an application asks for them (cipher-suites-in-schannel.md,
   * "only on explicit request"), never in a default handshake. */
  e->usable = e->suite && !(e->suite->flags & (CR_SUITE_SCSV | CR_SUITE_NULL)) &&
              e->os_knows && !e->beyond_limit && !e->blocked_by && !e->fips_why;
  return CR_OK;
}

static int read_suites(cr_tls_machine *m, const cr_snapshot *snap)
{
  const cr_key *pk = cr_snap_find_key(snap, CR_KEY_SSL_POLICY);
  const cr_key *lk = cr_snap_find_key(snap, CR_KEY_SSL_LOCAL);
  const cr_value *pv = pk ? cr_key_find_value(pk, "Functions") : NULL;
  const cr_value *lv = lk ? cr_key_find_value(lk, "Functions") : NULL;
  cr_name_list names = { NULL, 0 };
  size_t i, j, chars = 0;
  int rc = CR_OK;

  /* EccCurves (REG_MULTI_SZ), the Windows 10 curve order: the policy value
   * wins over the local one, as for Functions (manage-tls.md). */
  {
    const cr_value *pc = pk ? cr_key_find_value(pk, "EccCurves") : NULL;
    const cr_value *lc = lk ? cr_key_find_value(lk, "EccCurves") : NULL;
    const cr_value *cv = pc ? pc : lc;
    if (cv && (rc = cr_parse_multi_sz(&m->curves, cv->data, cv->len,
                                      pc ? CR_KEY_SSL_POLICY "\\EccCurves"
                                         : CR_KEY_SSL_LOCAL "\\EccCurves")) < 0)
      return rc;
    m->curves_source = pc ? "policy" : lc ? "local" : NULL;
  }
  m->has_policy = pv != NULL;
  m->has_local = lv != NULL;
  if (pv) {
    m->suite_source = CR_SRC_POLICY;
    rc = pv->type == CR_REG_MULTI_SZ
           ? cr_parse_multi_sz(&names, pv->data, pv->len,
                               CR_KEY_SSL_POLICY "\\Functions")
           : cr_parse_policy_functions(&names, pv->data, pv->len,
                                       CR_KEY_SSL_POLICY "\\Functions");
    /* Characters of the value as stored, up to its terminator. */
    for (i = 0; i + 1 < pv->len && (pv->data[i] || pv->data[i + 1]); i += 2)
      m->policy_chars++;
  } else if (lv) {
    m->suite_source = CR_SRC_LOCAL;
    rc = cr_parse_multi_sz(&names, lv->data, lv->len,
                           CR_KEY_SSL_LOCAL "\\Functions");
  } else if (m->defaults) {
    m->suite_source = CR_SRC_OS_DEFAULT;
  } else {
    m->suite_source = CR_SRC_UNKNOWN;
  }
  if (rc < 0)
    return rc;
  if (m->suite_source == CR_SRC_OS_DEFAULT) {
    resolved_row *own = NULL;
    const resolved_row *row = row_suites(m->defaults, &own);
    if (!row)
      rc = cr_error_oom();
    for (i = 0; row && i < m->defaults->nenabled && rc >= 0; i++)
      rc = add_entry(m, m->defaults->enabled[i], 0, row, i);
    resolved_row_free(own);
  } else {
    for (i = 0; i < names.count && rc >= 0; i++) {
      /* Position of the end of this name in a comma-joined list, which is
       * how the policy value is laid out. */
      chars += strlen(names.names[i]) + (i ? 1 : 0);
      rc = add_entry(m, names.names[i], chars, NULL, 0);
    }
  }
  cr_name_list_dispose(&names);
  if (rc < 0)
    return rc;

  m->effective = cr_calloc(m->nlist ? m->nlist : 1, sizeof *m->effective);
  if (!m->effective)
    return cr_error_oom();
  for (i = 0; i < m->nlist; i++) {
    bool dup = false;
    if (!m->list[i].usable)
      continue;
    for (j = 0; j < m->neffective; j++)
      dup = dup || m->effective[j] == m->list[i].suite;
    if (!dup)
      m->effective[m->neffective++] = m->list[i].suite;
  }
  return CR_OK;
}

bool cr_tls_suite_usable(const cr_tls_machine *m, const cr_suite *s,
                         cr_tls_proto p)
{
  size_t i;
  if (!(s->versions & (1u << p)))
    return false;
  for (i = 0; i < m->neffective; i++)
    if (m->effective[i] == s)
      return true;
  return false;
}

/* ---------------------------------------------------------------- */
/* .NET and WinHTTP.                                                */
/* ---------------------------------------------------------------- */

static void read_netfx(cr_tls_machine *m, const cr_snapshot *snap)
{
  static const struct {
    const char *key, *label;
  } keys[4] = {
    { CR_KEY_NETFX_V4, "v4.0.30319 (64-bit)" },
    { CR_KEY_NETFX_V4_WOW, "v4.0.30319 (32-bit)" },
    { CR_KEY_NETFX_V2, "v2.0.50727 (64-bit)" },
    { CR_KEY_NETFX_V2_WOW, "v2.0.50727 (32-bit)" },
  };
  int i;
  for (i = 0; i < 4; i++) {
    cr_netfx *n = &m->netfx[i];
    n->key = keys[i].key;
    n->label = keys[i].label;
    n->present = cr_snap_find_key(snap, n->key) != NULL;
    n->has_strong = get_dword(&n->strong, snap, n->key, "SchUseStrongCrypto");
    n->has_system_default = get_dword(&n->system_default, snap, n->key,
                                      "SystemDefaultTlsVersions");
  }
  m->has_winhttp = get_dword(&m->winhttp, snap, CR_KEY_WINHTTP,
                             "DefaultSecureProtocols");
  m->has_winhttp_wow = get_dword(&m->winhttp_wow, snap, CR_KEY_WINHTTP_WOW,
                                 "DefaultSecureProtocols");
}

/* ---------------------------------------------------------------- */
/* The machine.                                                     */
/* ---------------------------------------------------------------- */

int cr_tls_machine_read(cr_tls_machine **out, const cr_snapshot *snap,
                        const cr_os *os)
{
  cr_tls_machine *m = cr_calloc(1, sizeof *m);
  const cr_proto_defaults_row *row;
  int role, p, rc;
  *out = NULL;
  if (!m)
    return cr_error_oom();
  /* Own copies of the identity, so the machine outlives its report. */
  m->os = *os;
  m->os.product_name = os->product_name ? cr_strdup(os->product_name) : NULL;
  m->os.csd_version = os->csd_version ? cr_strdup(os->csd_version) : NULL;
  m->os.product_type = os->product_type ? cr_strdup(os->product_type) : NULL;
  m->os.hostname = os->hostname ? cr_strdup(os->hostname) : NULL;
  m->os.domain = os->domain ? cr_strdup(os->domain) : NULL;
  if (os->hostname && *os->hostname)
    m->name = cr_strdup(os->hostname);
  else if (snap->nsources)
    m->name = cr_strdup(snap->sources[snap->nsources - 1]);
  else
    m->name = cr_strdup("(unnamed)");
  if (!m->name) {
    cr_tls_machine_free(m);
    return cr_error_oom();
  }
  row = cr_tls_proto_defaults(os);
  for (role = 0; role < 2; role++)
    for (p = 0; p < CR_PROTO_COUNT; p++)
      read_protocol(&m->proto[role][p], snap, os, row, role, (cr_tls_proto)p);
  read_fips(m, snap);
  fips_protocols(m);
  m->defaults = cr_tls_default_suites(os);
  m->refs = 1;
  if ((rc = resolve_os_suites(m)) < 0 || (rc = read_switches(m, snap)) < 0 ||
      (rc = read_suites(m, snap)) < 0) {
    cr_tls_machine_free(m);
    return rc;
  }
  read_netfx(m, snap);
  cr_server_cert_find(&m->cert, snap);
  m->dhe_fix = cr_tls_dhe_fix(os, &m->dhe_fix_row);
  *out = m;
  return CR_OK;
}

void cr_tls_machine_free(cr_tls_machine *m)
{
  size_t i;
  if (!m || --m->refs > 0)
    return;
  free(m->os_suites);
  for (i = 0; i < m->nlist; i++) {
    free(m->list[i].written);
    free((char *)m->list[i].blocked_by);
  }
  free(m->list);
  free(m->effective);
  for (i = 0; i < m->nswitches; i++)
    free(m->switches[i].name);
  free(m->switches);
  cr_name_list_dispose(&m->curves);
  free(m->name);
  cr_os_dispose(&m->os);
  free(m);
}

/* ---------------------------------------------------------------- */
/* Rendering.                                                       */
/* ---------------------------------------------------------------- */

static void flags_json(cr_json *j, uint32_t f)
{
  static const struct {
    uint32_t bit;
    const char *name;
  } names[] = {
    { CR_SUITE_DHE, "DHE" }, { CR_SUITE_ECDHE, "ECDHE" },
    { CR_SUITE_3DES, "3DES" }, { CR_SUITE_RC4, "RC4" },
    { CR_SUITE_NULL, "NULL" }, { CR_SUITE_EXPORT, "EXPORT" },
    { CR_SUITE_ANON, "anonymous" }, { CR_SUITE_AEAD, "AEAD" },
    { CR_SUITE_TLS13, "TLS13" }, { CR_SUITE_PSK, "PSK" },
  };
  size_t i;
  cr_json_arr(j, "flags");
  for (i = 0; i < sizeof names / sizeof names[0]; i++)
    if (f & names[i].bit)
      cr_json_str(j, NULL, names[i].name);
  cr_json_arr_end(j);
}

static void proto_role_json(cr_json *j, const char *name,
                            const cr_proto_setting *ps)
{
  cr_json_obj(j, name);
  cr_json_str(j, "state", cr_proto_state_name(ps->state));
  cr_json_str(j, "osDefault",
              cr_proto_state_name(default_state(ps->os_default)));
  if (ps->has_enabled)
    cr_json_int(j, "enabled", ps->enabled);
  else
    cr_json_null(j, "enabled");
  if (ps->has_dbd)
    cr_json_int(j, "disabledByDefault", ps->dbd);
  else
    cr_json_null(j, "disabledByDefault");
  cr_json_str(j, "reason", ps->reason);
  cr_json_obj_end(j);
}

static void role_lists_json(const cr_tls_machine *m, cr_json *j,
                            const char *name, int role)
{
  int p;
  size_t i;
  cr_json_obj(j, name);
  for (p = CR_PROTO_COUNT - 1; p >= 0; p--) {
    if (!cr_tls_proto_usable(m, role, (cr_tls_proto)p))
      continue;
    cr_json_arr(j, cr_tls_proto_id[p]);
    for (i = 0; i < m->neffective; i++)
      if (m->effective[i]->versions & (1u << p))
        cr_json_str(j, NULL, m->effective[i]->name);
    cr_json_arr_end(j);
  }
  cr_json_obj_end(j);
}

void cr_tls_machine_json(const cr_tls_machine *m, cr_json *j)
{
  size_t i;
  int p;
  cr_json_arr(j, "protocols");
  for (p = 0; p < CR_PROTO_COUNT; p++) {
    cr_json_obj(j, NULL);
    cr_json_str(j, "protocol", cr_tls_proto_key[p]);
    cr_json_str(j, "id", cr_tls_proto_id[p]);
    proto_role_json(j, "client", &m->proto[CR_TLS_CLIENT][p]);
    proto_role_json(j, "server", &m->proto[CR_TLS_SERVER][p]);
    cr_json_obj_end(j);
  }
  cr_json_arr_end(j);
  cr_json_obj(j, "suites");
  cr_json_str(j, "source", cr_suite_source_name(m->suite_source));
  cr_json_str(j, "defaultsFrom", m->defaults ? m->defaults->label : NULL);
  if (m->has_policy)
    cr_json_int(j, "policyCharacters", (int64_t)m->policy_chars);
  else
    cr_json_null(j, "policyCharacters");
  cr_json_arr(j, "configured");
  for (i = 0; i < m->nlist; i++) {
    const cr_list_entry *e = &m->list[i];
    cr_json_obj(j, NULL);
    cr_json_str(j, "name", e->written);
    cr_json_str(j, "iana", e->suite ? e->suite->name : NULL);
    if (e->suite) {
      char id[8];
      snprintf(id, sizeof id, "0x%04X", e->suite->id);
      cr_json_str(j, "id", id);
    } else {
      cr_json_null(j, "id");
    }
    cr_json_bool(j, "usable", e->usable);
    cr_json_str(j, "why",
                !e->suite ? "unknown cipher suite name"
                : (e->suite->flags & CR_SUITE_SCSV) ? "a signalling value"
                : (e->suite->flags & CR_SUITE_NULL)
                    ? "no encryption: used only when an application asks"
                : !e->os_knows ? "this OS does not know this name"
                : e->beyond_limit ? "past the 1,023-character policy limit"
                : e->blocked_by ? e->blocked_by
                : e->fips_why ? e->fips_why : NULL);
    if (e->curve)
      cr_json_int(j, "curveSuffix", e->curve);
    else
      cr_json_null(j, "curveSuffix");
    flags_json(j, e->suite ? e->suite->flags : 0);
    cr_json_obj_end(j);
  }
  cr_json_arr_end(j);
  role_lists_json(m, j, "clientOffers", CR_TLS_CLIENT);
  role_lists_json(m, j, "serverAccepts", CR_TLS_SERVER);
  cr_json_obj_end(j);
  cr_json_obj(j, "eccCurves");
  cr_json_str(j, "source", m->curves_source);
  cr_json_arr(j, "order");
  for (i = 0; i < m->curves.count; i++)
    cr_json_str(j, NULL, m->curves.names[i]);
  cr_json_arr_end(j);
  cr_json_obj_end(j);
  cr_json_arr(j, "switches");
  for (i = 0; i < m->nswitches; i++) {
    cr_json_obj(j, NULL);
    cr_json_str(j, "group", m->switches[i].group);
    cr_json_str(j, "name", m->switches[i].name);
    cr_json_int(j, "enabled", m->switches[i].enabled);
    cr_json_obj_end(j);
  }
  cr_json_arr_end(j);
  cr_json_arr(j, "dotnet");
  for (i = 0; i < 4; i++) {
    const cr_netfx *n = &m->netfx[i];
    cr_json_obj(j, NULL);
    cr_json_str(j, "version", n->label);
    if (n->has_strong)
      cr_json_int(j, "schUseStrongCrypto", n->strong);
    else
      cr_json_null(j, "schUseStrongCrypto");
    if (n->has_system_default)
      cr_json_int(j, "systemDefaultTlsVersions", n->system_default);
    else
      cr_json_null(j, "systemDefaultTlsVersions");
    cr_json_obj_end(j);
  }
  cr_json_arr_end(j);
  cr_json_obj(j, "winhttp");
  if (m->has_winhttp)
    cr_json_int(j, "defaultSecureProtocols", m->winhttp);
  else
    cr_json_null(j, "defaultSecureProtocols");
  if (m->has_winhttp_wow)
    cr_json_int(j, "defaultSecureProtocols32", m->winhttp_wow);
  else
    cr_json_null(j, "defaultSecureProtocols32");
  cr_json_obj_end(j);
  cr_json_obj(j, "fips");
  cr_json_bool(j, "enabled", m->fips);
  if (m->fips_key) {
    char where[200];
    snprintf(where, sizeof where, "%s\\%s", m->fips_key, m->fips_name);
    cr_json_str(j, "value", where);
    cr_json_int(j, "data", m->fips_value);
  } else {
    cr_json_null(j, "value");
    cr_json_null(j, "data");
  }
  cr_json_obj_end(j);
  cr_json_obj(j, "dheLeadingZeroFix");
  cr_json_str(j, "state", m->dhe_fix == CR_DHE_FIX_PRESENT   ? "present"
                          : m->dhe_fix == CR_DHE_FIX_MISSING ? "missing"
                                                             : "unknown");
  cr_json_str(j, "source", m->dhe_fix_row ? m->dhe_fix_row->source : NULL);
  cr_json_obj_end(j);
}

/* WinHTTP DefaultSecureProtocols bits (regpaths.h). */
static void winhttp_text(cr_buf *out, const char *view, bool has, uint32_t v)
{
  static const struct {
    uint32_t bit;
    const char *name;
  } bits[] = {
    { 0x8, "SSL 2.0" }, { 0x20, "SSL 3.0" }, { 0x80, "TLS 1.0" },
    { 0x200, "TLS 1.1" }, { 0x800, "TLS 1.2" }, { 0x2000, "TLS 1.3" },
  };
  size_t i, n = 0;
  cr_buf_printf(out, "  %-7s ", view);
  if (!has) {
    cr_buf_puts(out, "absent: the OS default applies\n");
    return;
  }
  cr_buf_printf(out, "0x%08lx (", (unsigned long)v);
  for (i = 0; i < sizeof bits / sizeof bits[0]; i++)
    if (v & bits[i].bit)
      cr_buf_printf(out, "%s%s", n++ ? ", " : "", bits[i].name);
  cr_buf_printf(out, "%s)\n", n ? "" : "none");
}

static void dword_text(cr_buf *out, bool has, uint32_t v)
{
  if (has)
    cr_buf_printf(out, " %-26lu", (unsigned long)v);
  else
    cr_buf_printf(out, " %-26s", "absent");
}

/* The .NET, WinHTTP and FIPS settings `connreset tls --help` promises. */
static void netfx_text(const cr_tls_machine *m, cr_buf *out)
{
  size_t i;
  cr_buf_printf(out, "FIPS algorithm policy: %s", m->fips ? "on" : "off");
  if (m->fips_key)
    cr_buf_printf(out, " (%s\\%s = %lu)%s\n", m->fips_key, m->fips_name,
                  (unsigned long)m->fips_value,
                  m->fips ? ": TLS only, FIPS-approved suites only" : "");
  else
    cr_buf_puts(out, " (not set: off by default)\n");
  cr_buf_printf(out, ".NET Framework:\n  %-22s %-26s %s\n", "", "SchUseStrongCrypto",
                "SystemDefaultTlsVersions");
  for (i = 0; i < 4; i++) {
    const cr_netfx *n = &m->netfx[i];
    cr_buf_printf(out, "  %-22s", n->label);
    if (!n->present && !n->has_strong && !n->has_system_default) {
      cr_buf_puts(out, " (no key in the snapshot)\n");
      continue;
    }
    dword_text(out, n->has_strong, n->strong);
    dword_text(out, n->has_system_default, n->system_default);
    cr_buf_putc(out, '\n');
  }
  cr_buf_puts(out, "WinHTTP DefaultSecureProtocols:\n");
  winhttp_text(out, "64-bit", m->has_winhttp, m->winhttp);
  winhttp_text(out, "32-bit", m->has_winhttp_wow, m->winhttp_wow);
}

void cr_tls_machine_text(const cr_tls_machine *m, cr_buf *out)
{
  size_t i;
  int p;
  cr_buf_printf(out, "Schannel protocols:\n  %-10s %-20s %-20s\n", "",
                "Client", "Server");
  for (p = 0; p < CR_PROTO_COUNT; p++)
    cr_buf_printf(out, "  %-10s %-20s %-20s\n", cr_tls_proto_key[p],
                  cr_proto_state_name(m->proto[CR_TLS_CLIENT][p].state),
                  cr_proto_state_name(m->proto[CR_TLS_SERVER][p].state));
  cr_buf_printf(out, "Cipher suites (%s", cr_suite_source_name(m->suite_source));
  if (m->has_policy)
    cr_buf_printf(out, ", %zu characters", m->policy_chars);
  cr_buf_printf(out, "): %zu usable of %zu listed\n", m->neffective, m->nlist);
  for (i = 0; i < m->nlist; i++) {
    const cr_list_entry *e = &m->list[i];
    cr_buf_printf(out, "  %s %s%s%s\n", e->usable ? "+" : "-", e->written,
                  e->usable ? "" : "  (",
                  e->usable ? ""
                  : !e->suite ? "unknown name)"
                  : (e->suite->flags & CR_SUITE_SCSV) ? "signalling value)"
                  : (e->suite->flags & CR_SUITE_NULL) ? "no encryption: only on request)"
                  : !e->os_knows ? "not known to this OS)"
                  : e->beyond_limit ? "past the 1,023-character limit)"
                  : e->blocked_by ? "turned off by a SCHANNEL switch)"
                                  : "not available in FIPS mode)");
  }
  netfx_text(m, out);
}
