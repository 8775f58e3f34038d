/*
 * dsc_machine.c - the DSC resource types over the registry settings the
 * machine checks read: SynProtection (family SYN), SchannelProtocol
 * (PROTO), CipherSuiteOrder (SUITE, DHE) and StrongCrypto (PROTO005).
 * Each reports as its actual value the one whose plan would be empty, so
 * Test and Set agree by construction (see dsc.h).
 */
#include "dsc.h"
#include "../checks/checks.h"
#include "../knowledge/regpaths.h"
#include "../core/change.h"
#include "../tls/model.h"
#include "../tls/suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const export_single = "{\"IsSingleInstance\":\"Yes\"}\n";

static int export_one(const cr_snapshot *snap, cr_buf *lines)
{
  (void)snap;
  return cr_buf_puts(lines, export_single);
}

/* A lower-case copy of a state word for the plan functions. */
static void lower(char *out, size_t size, const char *in)
{
  size_t i;
  for (i = 0; in[i] && i + 1 < size; i++)
    out[i] = (char)(in[i] >= 'A' && in[i] <= 'Z' ? in[i] + 32 : in[i]);
  out[i] = '\0';
}

static bool has_value(const cr_snapshot *snap, const char *key,
                      const char *name)
{
  const cr_key *k = cr_snap_find_key(snap, key);
  return k && cr_key_find_value(k, name);
}

static bool dword(uint32_t *out, const cr_snapshot *snap, const char *key,
                  const char *name)
{
  bool ok = cr_snap_get_dword(out, snap, key, name) == CR_OK;
  cr_error_clear();
  return ok;
}

static int read_os(cr_os *os, const cr_snapshot *snap)
{
  return cr_os_read(os, snap);
}

/* ---------------------------------------------------------------- */
/* SynProtection.                                                   */
/* ---------------------------------------------------------------- */

static const char *const syn_names[4] = {
  "SynAttackProtect", "TcpMaxHalfOpen", "TcpMaxHalfOpenRetried",
  "TcpMaxConnectResponseRetransmissions"
};

static int syn_read(cr_dsc *d)
{
  const char *k = CR_KEY_TCPIP_PARAMETERS, *state;
  char reason[400];
  cr_report *rep = NULL;
  cr_os os;
  uint32_t v;
  bool any = false;
  int i, rc;
  if ((rc = read_os(&os, d->snap)) < 0)
    return rc;
  state = cr_syn_effective(reason, sizeof reason, d->snap, &os);
  cr_os_dispose(&os);
  rc = dsc_set_str(dsc_have(d, "EffectiveState"),
                   !strcmp(state, "enabled") ? "Enabled"
                   : !strcmp(state, "disabled") ? "Disabled"
                   : !strcmp(state, "not-applicable") ? "NotApplicable"
                                                      : "Unknown");
  if (rc >= 0)
    rc = dsc_set_str(dsc_have(d, "EffectiveReason"), reason);
  for (i = 0; i < 4; i++)
    any = any || has_value(d->snap, k, syn_names[i]);
  /* Each State is reported when its own plan would change nothing. */
  if (rc >= 0 && !any)
    rc = dsc_set_str(dsc_have(d, "State"), "Default");
  else if (rc >= 0 && dword(&v, d->snap, k, "SynAttackProtect") && v <= 1)
    rc = dsc_set_str(dsc_have(d, "State"), v ? "Enabled" : "Disabled");
  if (rc >= 0 && dword(&v, d->snap, k, "TcpMaxHalfOpen"))
    rc = dsc_set_int(dsc_have(d, "TcpMaxHalfOpen"), v);
  if (rc >= 0 && dword(&v, d->snap, k, "TcpMaxHalfOpenRetried"))
    rc = dsc_set_int(dsc_have(d, "TcpMaxHalfOpenRetried"), v);
  if (rc >= 0 && (rc = cr_check_syn(&rep, d->snap)) >= 0) {
    static const char *const fam[] = { "SYN", NULL };
    rc = dsc_add_findings(d, rep, fam, NULL);
  }
  cr_report_free(rep);
  return rc;
}

static int syn_check(cr_dsc *d)
{
  const dsc_value *st = dsc_want(d, "State");
  const dsc_value *ho = dsc_want(d, "TcpMaxHalfOpen");
  const dsc_value *hr = dsc_want(d, "TcpMaxHalfOpenRetried");
  if ((ho || hr) && (!st || strcmp(st->s, "Enabled")))
    return cr_error_set(CR_EINVAL, "%s: TcpMaxHalfOpen and "
                        "TcpMaxHalfOpenRetried apply only with State "
                        "Enabled%s%s", d->schema->type,
                        st ? ", not " : "", st ? st->s : "");
  if (ho && hr && hr->n >= ho->n)
    return cr_error_set(CR_EINVAL, "%s: TcpMaxHalfOpenRetried (%lld) must "
                        "be less than TcpMaxHalfOpen (%lld)", d->schema->type,
                        (long long)hr->n, (long long)ho->n);
  if (!st)
    return dsc_not_asked(d, "give State (Enabled, Disabled or Default) to "
                         "test or set");
  return CR_OK;
}

static int syn_plan(cr_dsc *d, cr_change **out)
{
  cr_syn_options o = CR_SYN_OPTIONS_INIT;
  const dsc_value *st = dsc_want(d, "State");
  const dsc_value *ho = dsc_want(d, "TcpMaxHalfOpen");
  const dsc_value *hr = dsc_want(d, "TcpMaxHalfOpenRetried");
  o.action = !strcmp(st->s, "Enabled") ? CR_SYN_ENABLE
           : !strcmp(st->s, "Disabled") ? CR_SYN_DISABLE : CR_SYN_RESET;
  o.max_half_open = ho ? ho->n : -1;
  o.max_half_open_retried = hr ? hr->n : -1;
  return cr_syn_plan(out, d->snap, &o);
}

const dsc_ops cr_dsc_syn_ops = {
  "ConnReset/SynProtection", true, "State",
  syn_read, syn_check, syn_plan, NULL, export_one
};

/* ---------------------------------------------------------------- */
/* SchannelProtocol.                                                */
/* ---------------------------------------------------------------- */

static int proto_of(const char *name)
{
  int p;
  for (p = 0; p < CR_PROTO_COUNT; p++)
    if (!cr_stricmp(cr_tls_proto_key[p], name))
      return p;
  return -1;
}

static const char *pstate_word(cr_proto_state s)
{
  switch (s) {
  case CR_PSTATE_ENABLED: return "Enabled";
  case CR_PSTATE_DISABLED_BY_DEFAULT: return "DisabledByDefault";
  case CR_PSTATE_DISABLED: return "Disabled";
  case CR_PSTATE_NOT_SUPPORTED: return "NotSupported";
  default: return "Unknown";
  }
}

static int machine(cr_tls_machine **m, const cr_snapshot *snap)
{
  cr_os os;
  int rc;
  if ((rc = read_os(&os, snap)) < 0)
    return rc;
  rc = cr_tls_machine_read(m, snap, &os);
  cr_os_dispose(&os);
  return rc;
}

static int protocol_read(cr_dsc *d)
{
  const char *role_name = dsc_have(d, "Role")->s;
  int p = proto_of(dsc_have(d, "Protocol")->s);
  int role = !cr_stricmp(role_name, "Client") ? CR_TLS_CLIENT : CR_TLS_SERVER;
  char pkey[300], rkey[320];
  const char *keys[3];
  cr_tls_machine *m = NULL;
  cr_report *rep = NULL;
  const cr_proto_setting *ps;
  int rc;
  if (p < 0)
    return cr_error_set(CR_EINVAL, "%s: unknown protocol", d->schema->type);
  if ((rc = machine(&m, d->snap)) < 0)
    return rc;
  ps = &m->proto[role][p];
  if (!ps->key_present)
    rc = dsc_set_str(dsc_have(d, "State"), "Default");
  else if (ps->has_enabled && ps->has_dbd && ps->enabled == 1 && ps->dbd == 0)
    rc = dsc_set_str(dsc_have(d, "State"), "Enabled");
  else if (ps->has_enabled && ps->has_dbd && ps->enabled == 0 && ps->dbd == 1)
    rc = dsc_set_str(dsc_have(d, "State"), "Disabled");
  if (rc >= 0)
    rc = dsc_set_str(dsc_have(d, "EffectiveState"), pstate_word(ps->state));
  if (rc >= 0)
    rc = dsc_set_str(dsc_have(d, "EffectiveReason"), ps->reason);
  if (rc >= 0 && ps->has_enabled)
    rc = dsc_set_int(dsc_have(d, "EnabledValue"), ps->enabled);
  if (rc >= 0 && ps->has_dbd)
    rc = dsc_set_int(dsc_have(d, "DisabledByDefaultValue"), ps->dbd);
  cr_tls_machine_free(m);
  snprintf(pkey, sizeof pkey, "%s\\%s", CR_KEY_SCHANNEL_PROTOCOLS,
           cr_tls_proto_key[p]);
  snprintf(rkey, sizeof rkey, "%s\\%s", pkey,
           role == CR_TLS_CLIENT ? "Client" : "Server");
  keys[0] = pkey;
  keys[1] = rkey;
  keys[2] = NULL;
  if (rc >= 0 && (rc = cr_check_tls(&rep, d->snap)) >= 0) {
    static const char *const fam[] = { "PROTO", NULL };
    rc = dsc_add_findings(d, rep, fam, keys);
  }
  cr_report_free(rep);
  return rc;
}

static int protocol_check(cr_dsc *d)
{
  if (!dsc_want(d, "State"))
    return dsc_not_asked(d, "give State (Enabled, Disabled or Default) to "
                         "test or set");
  return CR_OK;
}

static int protocol_plan(cr_dsc *d, cr_change **out)
{
  char role[16], state[16];
  lower(role, sizeof role, dsc_have(d, "Role")->s);
  lower(state, sizeof state, dsc_want(d, "State")->s);
  return cr_tls_protocol_plan(out, d->snap, dsc_have(d, "Protocol")->s,
                              role, state);
}

static int protocol_export(const cr_snapshot *snap, cr_buf *lines)
{
  int p, role;
  (void)snap;
  for (p = CR_PROTO_SSL2; p <= CR_PROTO_TLS13; p++)
    for (role = 0; role < 2; role++)
      cr_buf_printf(lines, "{\"Protocol\":\"%s\",\"Role\":\"%s\"}\n",
                    cr_tls_proto_key[p], role ? "Server" : "Client");
  return cr_buf_status(lines);
}

const dsc_ops cr_dsc_protocol_ops = {
  "ConnReset/SchannelProtocol", true, "State",
  protocol_read, protocol_check, protocol_plan, NULL, protocol_export
};

/* ---------------------------------------------------------------- */
/* CipherSuiteOrder.                                                */
/* ---------------------------------------------------------------- */

/* The policy value as written (REG_SZ only: any other type is not the
 * value Windows documents, and the plan rewrites it). */
static int policy_text(char **out, const cr_snapshot *snap)
{
  const cr_key *k = cr_snap_find_key(snap, CR_KEY_SSL_POLICY);
  const cr_value *v = k ? cr_key_find_value(k, "Functions") : NULL;
  cr_buf b = CR_BUF_INIT;
  size_t units;
  int rc;
  *out = NULL;
  if (!v || v->type != CR_REG_SZ)
    return CR_OK;
  units = v->len / 2;
  while (units && !v->data[2 * units - 2] && !v->data[2 * units - 1])
    units--;
  if ((rc = cr_utf16_to_utf8(&b, v->data, units)) < 0) {
    cr_buf_dispose(&b);
    cr_error_clear();
    return CR_OK; /* not text: the plan rewrites it */
  }
  if (!b.ptr)
    cr_buf_puts(&b, "");
  if ((rc = cr_buf_status(&b)) < 0)
    return rc;
  *out = cr_buf_detach(&b, NULL);
  return CR_OK;
}

/* The suites a profile of admx/policy-settings.json writes as the policy
 * value; CR_EINVAL for a profile that writes anything else. */
static int profile_names(char ***names, size_t *n, const char *profile)
{
  cr_regpol *pol = NULL;
  char *text = NULL;
  size_t i;
  int rc;
  *names = NULL;
  *n = 0;
  if ((rc = cr_gpo_profile_policy(&pol, profile)) < 0)
    return rc;
  for (i = 0; i < cr_regpol_count(pol) && rc >= 0; i++) {
    const char *key, *value;
    const void *data;
    size_t len;
    uint32_t type;
    cr_buf b = CR_BUF_INIT;
    cr_regpol_entry(&key, &value, &type, &data, &len, pol, i);
    if (cr_stricmp(value, "Functions") || type != CR_REG_SZ || text) {
      rc = cr_error_set(CR_EINVAL, "profile '%s' is not a cipher-suite "
                        "order", profile);
      break;
    }
    if ((rc = cr_utf16_to_utf8(&b, data, len / 2 ? len / 2 - 1 : 0)) >= 0)
      text = cr_buf_detach(&b, NULL);
    cr_buf_dispose(&b);
  }
  if (rc >= 0 && !text)
    rc = cr_error_set(CR_EINVAL, "profile '%s' sets no cipher-suite order",
                      profile);
  if (rc >= 0)
    rc = dsc_split_commas(names, n, text);
  cr_free(text);
  cr_regpol_free(pol);
  return rc;
}

static const char *source_word(cr_suite_source s)
{
  switch (s) {
  case CR_SRC_POLICY: return "Policy";
  case CR_SRC_LOCAL: return "Local";
  case CR_SRC_OS_DEFAULT: return "OsDefault";
  default: return "Unknown";
  }
}

static int suites_read(cr_dsc *d)
{
  const cr_dsc_prop *profile_prop = NULL;
  cr_tls_machine *m = NULL;
  cr_change *dhe = NULL;
  cr_report *rep = NULL;
  char *policy = NULL, reason[600];
  dsc_value *eff = dsc_have(d, "EffectiveOrder");
  size_t i, usable = 0;
  int rc;
  if ((rc = machine(&m, d->snap)) < 0)
    return rc;
  if ((rc = policy_text(&policy, d->snap)) < 0)
    goto out;
  if (policy) {
    char **names;
    size_t n;
    if ((rc = dsc_split_commas(&names, &n, policy)) < 0)
      goto out;
    for (i = 0; i < n && rc >= 0; i++)
      rc = dsc_list_add(dsc_have(d, "Order"), names[i]);
    dsc_have(d, "Order")->set = true;
    dsc_free_list(names, n);
    for (i = 0; i < d->schema->nprops; i++)
      if (!strcmp(d->schema->props[i].name, "Profile"))
        profile_prop = &d->schema->props[i];
    /* The profile whose order the policy value is, if any. */
    for (i = 0; rc >= 0 && profile_prop && profile_prop->values[i]; i++) {
      char **pn;
      size_t pc, k;
      cr_buf joined = CR_BUF_INIT;
      if (profile_names(&pn, &pc, profile_prop->values[i]) < 0) {
        cr_error_clear();
        continue;
      }
      for (k = 0; k < pc; k++)
        cr_buf_printf(&joined, "%s%s", k ? "," : "", pn[k]);
      if (joined.ptr && !strcmp(joined.ptr, policy))
        rc = dsc_set_str(dsc_have(d, "Profile"), profile_prop->values[i]);
      cr_buf_dispose(&joined);
      dsc_free_list(pn, pc);
    }
  }
  /* ExcludeDhe holds when removing DHE would change nothing. */
  if (rc >= 0) {
    if (cr_tls_dhe_disable_plan(&dhe, d->snap) == CR_OK)
      rc = dsc_set_bool(dsc_have(d, "ExcludeDhe"),
                        cr_change_op_count(dhe) == 0);
    cr_error_clear();
  }
  for (i = 0; i < m->nlist && rc >= 0; i++)
    if (m->list[i].usable) {
      rc = dsc_list_add(eff, m->list[i].written);
      usable++;
    }
  eff->set = true;
  if (rc >= 0)
    rc = dsc_set_str(dsc_have(d, "EffectiveSource"),
                     source_word(m->suite_source));
  switch (m->suite_source) {
  case CR_SRC_POLICY:
    snprintf(reason, sizeof reason, "The Group Policy value Functions (%zu "
             "characters) is set and wins over the local list; %zu of its %zu "
             "suites are usable on %s.", m->policy_chars, usable, m->nlist,
             m->os.name);
    break;
  case CR_SRC_LOCAL:
    snprintf(reason, sizeof reason, "No Group Policy value: the local list "
             "(REG_MULTI_SZ Functions under %s) applies; %zu of its %zu "
             "suites are usable on %s.", CR_KEY_SSL_LOCAL, usable, m->nlist,
             m->os.name);
    break;
  case CR_SRC_OS_DEFAULT:
    snprintf(reason, sizeof reason, "No list in the registry: %s uses its "
             "default order (%s).", m->os.name,
             m->defaults ? m->defaults->label : "");
    break;
  default:
    snprintf(reason, sizeof reason, "No list in the registry, and no source "
             "gives the default order of %s: unknown.", m->os.name);
  }
  if (rc >= 0)
    rc = dsc_set_str(dsc_have(d, "EffectiveReason"), reason);
  if (rc >= 0 && (rc = cr_check_tls(&rep, d->snap)) >= 0) {
    static const char *const fam[] = { "SUITE", "DHE", NULL };
    rc = dsc_add_findings(d, rep, fam, NULL);
  }
out:
  cr_report_free(rep);
  cr_change_free(dhe);
  cr_free(policy);
  cr_tls_machine_free(m);
  return rc;
}

static int order_check(const cr_dsc *d, const dsc_value *order)
{
  size_t i, len = 0;
  unsigned curve;
  if (!order)
    return CR_OK;
  if (!order->nlist)
    return cr_error_set(CR_EINVAL, "%s: property Order: an empty list would "
                        "disable TLS entirely; give the suites, or a "
                        "Profile", d->schema->type);
  for (i = 0; i < order->nlist; i++) {
    if (!cr_suite_from_schannel(order->list[i], &curve))
      return cr_error_set(CR_EINVAL, "%s: property Order: '%s' is not a "
                          "cipher suite name", d->schema->type,
                          order->list[i]);
    len += strlen(order->list[i]) + (i ? 1 : 0);
  }
  if (len > 1023)
    return cr_error_set(CR_EINVAL, "%s: property Order: the list is %zu "
                        "characters; Windows reads at most 1,023", d->schema->type,
                        len);
  return CR_OK;
}

static int suites_check(cr_dsc *d)
{
  const char *given[3];
  const dsc_value *dhe = dsc_want(d, "ExcludeDhe");
  size_t n = 0;
  if (dsc_want(d, "Order"))
    given[n++] = "Order";
  if (dsc_want(d, "Profile"))
    given[n++] = "Profile";
  if (dhe)
    given[n++] = "ExcludeDhe";
  if (n > 1)
    return cr_error_set(CR_EINVAL, "%s: give exactly one of Order, Profile "
                        "or ExcludeDhe, not both %s and %s", d->schema->type,
                        given[0], given[1]);
  if (dhe && !dhe->b)
    return cr_error_set(CR_EINVAL, "%s: ExcludeDhe = false asks for nothing "
                        "(DHE suites are never added back); give Order or "
                        "Profile, or ExcludeDhe = true", d->schema->type);
  if (!n)
    return dsc_not_asked(d, "give one of Order, Profile or ExcludeDhe to "
                         "test or set");
  /* What is wrong with the Order itself is an input error; what this
   * Windows does not support is for the planner (out of state). */
  return order_check(d, dsc_want(d, "Order"));
}

static int suites_plan(cr_dsc *d, cr_change **out)
{
  const dsc_value *order = dsc_want(d, "Order");
  const dsc_value *profile = dsc_want(d, "Profile");
  char **names = NULL;
  size_t n = 0;
  int rc;
  if (order)
    return cr_tls_suites_plan(out, d->snap, (const char *const *)order->list,
                              order->nlist);
  if (!profile)
    return cr_tls_dhe_disable_plan(out, d->snap);
  if ((rc = profile_names(&names, &n, profile->s)) < 0)
    return rc;
  rc = cr_tls_suites_plan(out, d->snap, (const char *const *)names, n);
  if (rc < 0)
    cr_error_wrap(rc, "profile %s", profile->s);
  dsc_free_list(names, n);
  return rc;
}

const dsc_ops cr_dsc_suites_ops = {
  "ConnReset/CipherSuiteOrder", true, "Order",
  suites_read, suites_check, suites_plan, NULL, export_one
};

/* ---------------------------------------------------------------- */
/* StrongCrypto.                                                    */
/* ---------------------------------------------------------------- */

static const char *const netfx_keys[5] = {
  CR_KEY_NETFX_V4, CR_KEY_NETFX_V4_WOW, CR_KEY_NETFX_V2, CR_KEY_NETFX_V2_WOW,
  NULL
};

/* Enabled when 1 under every key, Disabled when 0, Default when absent
 * under every key; otherwise not reported (mixed). */
static const char *netfx_state(const cr_snapshot *snap, const char *name)
{
  int i, ones = 0, zeros = 0, absent = 0;
  uint32_t v;
  for (i = 0; i < 4; i++) {
    if (!has_value(snap, netfx_keys[i], name))
      absent++;
    else if (dword(&v, snap, netfx_keys[i], name) && v == 1)
      ones++;
    else if (dword(&v, snap, netfx_keys[i], name) && v == 0)
      zeros++;
  }
  return ones == 4 ? "Enabled" : zeros == 4 ? "Disabled"
       : absent == 4 ? "Default" : NULL;
}

static void describe(char *out, size_t size, const cr_snapshot *snap,
                     const char *key, const char *name)
{
  uint32_t v;
  if (!has_value(snap, key, name))
    snprintf(out, size, "%s absent", name);
  else if (dword(&v, snap, key, name))
    snprintf(out, size, "%s %lu", name, (unsigned long)v);
  else
    snprintf(out, size, "%s not a REG_DWORD", name);
}

static int netfx_read(cr_dsc *d)
{
  const char *strong = netfx_state(d->snap, "SchUseStrongCrypto");
  const char *sysdef = netfx_state(d->snap, "SystemDefaultTlsVersions");
  cr_report *rep = NULL;
  char line[600], a[100], b[100];
  int i, rc = CR_OK;
  if (strong)
    rc = dsc_set_str(dsc_have(d, "SchUseStrongCrypto"), strong);
  if (rc >= 0 && sysdef)
    rc = dsc_set_str(dsc_have(d, "SystemDefaultTlsVersions"), sysdef);
  for (i = 0; i < 4 && rc >= 0; i++) {
    describe(a, sizeof a, d->snap, netfx_keys[i], "SchUseStrongCrypto");
    describe(b, sizeof b, d->snap, netfx_keys[i], "SystemDefaultTlsVersions");
    snprintf(line, sizeof line, "%s: %s, %s%s", netfx_keys[i], a, b,
             cr_snap_find_key(d->snap, netfx_keys[i]) ? ""
             : " (the key is absent: that Framework is not installed)");
    rc = dsc_list_add(dsc_have(d, "Values"), line);
  }
  if (rc >= 0)
    rc = dsc_set_str(dsc_have(d, "EffectiveReason"),
                     strong && !strcmp(strong, "Enabled")
                     ? "SchUseStrongCrypto is 1 under every key: .NET Framework "
                       "applications use strong cryptography (TLS 1.1 and "
                       "TLS 1.2 offered, no RC4) whatever version they target "
                       "[NETFX-TLS]. Applications read it when they start."
                     : "SchUseStrongCrypto is not 1 under every key: "
                       "applications built for .NET Framework 4.5.2 or "
                       "earlier (and .NET Framework 3.5 ones) offer only SSL "
                       "3.0 and TLS 1.0 where it is not, and a server that "
                       "requires TLS 1.2 resets them [NETFX-TLS]. "
                       "Applications read it when they start.");
  if (rc >= 0 && (rc = cr_check_tls(&rep, d->snap)) >= 0) {
    static const char *const fam[] = { "PROTO", NULL };
    rc = dsc_add_findings(d, rep, fam, netfx_keys);
  }
  cr_report_free(rep);
  return rc;
}

static int netfx_check(cr_dsc *d)
{
  if (!dsc_want(d, "SchUseStrongCrypto") &&
      !dsc_want(d, "SystemDefaultTlsVersions"))
    return dsc_not_asked(d, "give SchUseStrongCrypto or "
                         "SystemDefaultTlsVersions (Enabled, Disabled or "
                         "Default) to test or set");
  return CR_OK;
}

static int netfx_plan(cr_dsc *d, cr_change **out)
{
  const dsc_value *a = dsc_want(d, "SchUseStrongCrypto");
  const dsc_value *b = dsc_want(d, "SystemDefaultTlsVersions");
  char sa[16], sb[16];
  if (a)
    lower(sa, sizeof sa, a->s);
  if (b)
    lower(sb, sizeof sb, b->s);
  return cr_tls_netfx_plan(out, d->snap, a ? sa : NULL, b ? sb : NULL);
}

const dsc_ops cr_dsc_netfx_ops = {
  "ConnReset/StrongCrypto", false, "SchUseStrongCrypto",
  netfx_read, netfx_check, netfx_plan, NULL, export_one
};
