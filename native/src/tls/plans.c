/*
 * plans.c - changes to Schannel: protocol keys, the cipher-suite order
 * (always written as the Group Policy value, the one Windows documents as
 * authoritative: manage-tls.md), and the removal of TLS_DHE_* suites.
 * Applying, backing up and undoing is the change engine's job.
 */
#include "../knowledge/regpaths.h"
#include "../core/change.h"
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOTE_PROTOCOL "Schannel reads protocol settings when a service " \
  "acquires its credentials: restart the services that use TLS (SQL " \
  "Server, IIS) or the computer."
#define NOTE_SUITES "The cipher-suite order is read at startup: restart the " \
  "computer. The Group Policy value overrides the local order; a domain " \
  "GPO that sets it will overwrite this one at the next refresh."

/* Lower-case letters and digits only: "TLS 1.2", "tls1.2", "Tls12" and
 * "TLS_1_2" all become "tls12". */
static void flatten(char *out, size_t size, const char *in)
{
  size_t n = 0;
  for (; *in && n + 1 < size; in++)
    if ((*in >= '0' && *in <= '9') || (*in >= 'a' && *in <= 'z'))
      out[n++] = *in;
    else if (*in >= 'A' && *in <= 'Z')
      out[n++] = (char)(*in - 'A' + 'a');
  out[n] = '\0';
}

static int parse_proto(const char *s)
{
  /* SChannelDsc's enum also says Tls for TLS 1.0 and DTls1 for DTLS 1.0. */
  static const char *const alt[CR_PROTO_COUNT] = {
    "ssl2", "ssl3", "tls", "tls11", "tls12", "tls13", "dtls1", "dtls12"
  };
  char want[32], have[32];
  int p;
  flatten(want, sizeof want, s);
  for (p = 0; p < CR_PROTO_COUNT; p++) {
    flatten(have, sizeof have, cr_tls_proto_key[p]); /* "ssl20", "tls12" */
    if (!strcmp(want, have) || !strcmp(want, alt[p]))
      return p;
  }
  return -1;
}

static int read_machine(cr_tls_machine **m, const cr_snapshot *snap)
{
  cr_os os;
  int rc;
  cr_os_read(&os, snap);
  rc = cr_tls_machine_read(m, snap, &os);
  cr_os_dispose(&os);
  return rc;
}

/* ---------------------------------------------------------------- */
/* Protocols.                                                       */
/* ---------------------------------------------------------------- */

static int set_dword_if(cr_change *c, const cr_snapshot *snap, const char *key,
                        const char *name, uint32_t v)
{
  uint32_t cur;
  if (cr_snap_get_dword(&cur, snap, key, name) == CR_OK && cur == v)
    return CR_OK;
  cr_error_clear();
  return cr_change_add_dword(c, key, name, v);
}

int cr_tls_protocol_plan(cr_change **out, const cr_snapshot *snap,
                         const char *protocol, const char *role,
                         const char *state)
{
  cr_change *c = NULL;
  char title[400], key[400], pkey[300], lacks[200] = "";
  int p, roles[2], nroles = 0, i, rc = CR_OK;
  bool enable, disable, def;
  if (!out || !snap || !protocol || !role || !state)
    return cr_error_set(CR_EINVAL, "cr_tls_protocol_plan: bad argument");
  *out = NULL;
  if ((p = parse_proto(protocol)) < 0)
    return cr_error_set(CR_EINVAL, "unknown protocol '%s' (use ssl2, ssl3, "
                        "tls1.0, tls1.1, tls1.2, tls1.3, dtls1.0, dtls1.2)",
                        protocol);
  if (!cr_stricmp(role, "client") || !cr_stricmp(role, "both"))
    roles[nroles++] = CR_TLS_CLIENT;
  if (!cr_stricmp(role, "server") || !cr_stricmp(role, "both"))
    roles[nroles++] = CR_TLS_SERVER;
  if (!nroles)
    return cr_error_set(CR_EINVAL, "role must be client, server or both, not "
                        "'%s'", role);
  enable = !cr_stricmp(state, "enabled");
  disable = !cr_stricmp(state, "disabled");
  def = !cr_stricmp(state, "default");
  if (!enable && !disable && !def)
    return cr_error_set(CR_EINVAL, "state must be enabled, disabled or "
                        "default, not '%s'", state);
  if (enable || disable) {
    /* A protocol the OS lacks is never used: turning it on does nothing,
     * and its keys are what SQLCheck warns about (PROTO004), so "disabled"
     * there means no keys at all, which is what "default" plans. */
    cr_tls_machine *m;
    int lacking = 0;
    if ((rc = read_machine(&m, snap)) < 0)
      return rc;
    for (i = 0; i < nroles; i++)
      if (m->proto[roles[i]][p].state == CR_PSTATE_NOT_SUPPORTED)
        lacking++;
    if (enable && lacking)
      rc = cr_error_set(CR_EINVAL, "%s does not support %s: enabling it "
                        "would only leave registry keys behind", m->os.name,
                        cr_tls_proto_key[p]);
    if (disable && lacking == nroles) {
      disable = false;
      def = true;
      snprintf(lacks, sizeof lacks, ": %s has none, so its keys are removed "
               "(PROTO004)", m->os.name);
    }
    cr_tls_machine_free(m);
    if (rc < 0)
      return rc;
  }
  snprintf(title, sizeof title, "%s %s for %s%s", enable ? "Enable"
           : disable || lacks[0] ? "Disable" : "Reset to the OS default",
           cr_tls_proto_key[p], nroles == 2 ? "client and server"
           : roles[0] == CR_TLS_CLIENT ? "the client role" : "the server role",
           lacks);
  if ((rc = cr_change_new(&c, title, NOTE_PROTOCOL)) < 0)
    return rc;
  snprintf(pkey, sizeof pkey, "%s\\%s", CR_KEY_SCHANNEL_PROTOCOLS,
           cr_tls_proto_key[p]);
  if (def && nroles == 2) {
    if (cr_snapshot_has_key(snap, pkey))
      rc = cr_change_add_delete_key(c, pkey);
  } else {
    for (i = 0; i < nroles && rc >= 0; i++) {
      snprintf(key, sizeof key, "%s\\%s", pkey,
               roles[i] == CR_TLS_CLIENT ? "Client" : "Server");
      if (def) {
        if (cr_snapshot_has_key(snap, key))
          rc = cr_change_add_delete_key(c, key);
      } else {
        /* Both values, always together: a lone Enabled leaves the state
         * to DisabledByDefault's default, which differs by OS. */
        rc = set_dword_if(c, snap, key, "Enabled", enable ? 1 : 0);
        if (rc >= 0)
          rc = set_dword_if(c, snap, key, "DisabledByDefault", enable ? 0 : 1);
      }
    }
  }
  if (rc < 0) {
    cr_change_free(c);
    return rc;
  }
  *out = c;
  return CR_OK;
}

/* ---------------------------------------------------------------- */
/* Suite order.                                                     */
/* ---------------------------------------------------------------- */

/* Suites nobody should need: dropping them is how an order that is too
 * long for the policy value (1,023 characters) is made to fit. */
static bool weak(const cr_suite *s)
{
  return s && (s->flags & (CR_SUITE_NULL | CR_SUITE_RC4 | CR_SUITE_3DES |
                           CR_SUITE_EXPORT | CR_SUITE_ANON) ||
               !strncmp(s->cipher, "DES", 3));
}

/* When the names do not fit, drops the weak ones; returns how many. */
static size_t fit_limit(const char **names, size_t *n)
{
  size_t i, len = 0, kept = 0, dropped = 0;
  unsigned curve;
  for (i = 0; i < *n; i++)
    len += strlen(names[i]) + (i ? 1 : 0);
  if (len <= 1023)
    return 0;
  for (i = 0; i < *n; i++) {
    if (weak(cr_suite_from_schannel(names[i], &curve)))
      dropped++;
    else
      names[kept++] = names[i];
  }
  *n = kept;
  return dropped;
}

/* The policy value for `names`, or nothing to do when it is already so. */
static int policy_plan(cr_change **out, const cr_snapshot *snap,
                       const cr_tls_machine *m, const char *const *names,
                       size_t count, const char *title)
{
  cr_buf joined = CR_BUF_INIT, w = CR_BUF_INIT;
  cr_change *c = NULL;
  const cr_value *cur;
  const cr_key *k;
  size_t i;
  int rc;
  for (i = 0; i < count; i++) {
    unsigned curve;
    const cr_suite *s = cr_suite_from_schannel(names[i], &curve);
    if (!s) {
      cr_buf_dispose(&joined);
      return cr_error_set(CR_EINVAL, "'%s' is not a cipher suite name",
                          names[i]);
    }
    if (m->defaults && cr_tls_os_supports(m, s) != 1) {
      cr_buf_dispose(&joined);
      return cr_error_set(CR_EINVAL, "%s does not support %s", m->os.name,
                          names[i]);
    }
    cr_buf_printf(&joined, "%s%s", i ? "," : "", names[i]);
  }
  if (joined.len > 1023) {
    size_t len = joined.len;
    cr_buf_dispose(&joined);
    return cr_error_set(CR_EINVAL, "the list is %zu characters; Windows "
                        "reads at most 1,023 (drop suites you do not need)",
                        len);
  }
  if (!count) {
    cr_buf_dispose(&joined);
    return cr_error_set(CR_EINVAL, "an empty cipher-suite list would disable "
                        "TLS entirely; use the reset to return to the default");
  }
  if ((rc = cr_utf8_to_utf16(&w, joined.ptr, joined.len)) < 0 ||
      (rc = cr_buf_put_u16(&w, 0)) < 0 ||
      (rc = cr_change_new(&c, title, NOTE_SUITES)) < 0)
    goto out;
  k = cr_snap_find_key(snap, CR_KEY_SSL_POLICY);
  cur = k ? cr_key_find_value(k, "Functions") : NULL;
  if (!(cur && cur->type == CR_REG_SZ && cur->len == w.len &&
        !memcmp(cur->data, w.ptr, w.len)))
    rc = cr_change_add_set(c, CR_KEY_SSL_POLICY, "Functions", CR_REG_SZ,
                           w.ptr, w.len);
out:
  cr_buf_dispose(&joined);
  cr_buf_dispose(&w);
  if (rc < 0) {
    cr_change_free(c);
    return rc;
  }
  *out = c;
  return CR_OK;
}

int cr_tls_suites_plan(cr_change **out, const cr_snapshot *snap,
                       const char *const *names, size_t count)
{
  cr_tls_machine *m;
  int rc;
  if (!out || !snap || (!names && count))
    return cr_error_set(CR_EINVAL, "cr_tls_suites_plan: bad argument");
  *out = NULL;
  if ((rc = read_machine(&m, snap)) < 0)
    return rc;
  rc = policy_plan(out, snap, m, names, count,
                   "Set the cipher-suite order (Group Policy value)");
  cr_tls_machine_free(m);
  return rc;
}

/* Whether an entry of the list in effect goes back into the list an edit
 * writes: every usable suite, and the NULL-cipher suites that only miss
 * being usable because they are NULL. Microsoft lists those in the default
 * order as enabled but "Only used when application explicitly requests"
 * (MicrosoftDocs/win32 desktop-src/SecAuthN/tls-cipher-suites-in-windows-
 * 10-v1809.md and the other tls-cipher-suites-in-* pages): no default
 * handshake offers them, so the model marks them unusable, yet they are
 * enabled, and a list without them disables them for the applications
 * that ask. An edit changes the suite it names and nothing else. Suites a
 * switch, the FIPS policy, the 1,023-character limit or the OS rules out
 * are left out, as before (they do nothing where they are). */
static bool written_back(const cr_list_entry *e)
{
  return e->usable ||
         (e->suite && (e->suite->flags & CR_SUITE_NULL) &&
          !(e->suite->flags & CR_SUITE_SCSV) && e->os_knows &&
          !e->beyond_limit && !e->blocked_by && !e->fips_why);
}

/* The names of the order in effect that an edit writes back, as this OS
 * spells them; usable[i] tells which count for positions. */
static int current_names(const char ***out, bool **usable, size_t *n,
                         const cr_tls_machine *m)
{
  const char **names = cr_calloc(m->nlist + 2, sizeof *names);
  bool *use = cr_calloc(m->nlist + 2, sizeof *use);
  size_t i;
  *n = 0;
  if (!names || !use) {
    free(names);
    free(use);
    return cr_error_oom();
  }
  for (i = 0; i < m->nlist; i++)
    if (written_back(&m->list[i])) {
      use[*n] = m->list[i].usable;
      names[(*n)++] = m->list[i].written;
    }
  *out = names;
  *usable = use;
  return CR_OK;
}

/* Where -Position `position` (counting the usable suites from 0) inserts:
 * before the position-th usable suite, or (negative, or past the end)
 * right after the last usable one, so the explicit-request-only NULL
 * suites stay last, where Microsoft's lists have them. */
static size_t insert_at(const bool *usable, size_t n, int position)
{
  size_t i, seen = 0;
  if (position >= 0)
    for (i = 0; i < n; i++)
      if (usable[i] && seen++ == (size_t)position)
        return i;
  for (i = n; i > 0 && !usable[i - 1]; i--)
    ;
  return i;
}

int cr_tls_suites_edit_plan(cr_change **out, const cr_snapshot *snap,
                            const char *add, int position, const char *remove)
{
  cr_tls_machine *m;
  const char **names = NULL;
  bool *usable = NULL;
  size_t n = 0, i;
  unsigned curve;
  char title[300];
  int rc;
  if (!out || !snap || (!add == !remove))
    return cr_error_set(CR_EINVAL, "give exactly one suite to add or remove");
  *out = NULL;
  if ((rc = read_machine(&m, snap)) < 0)
    return rc;
  if (m->suite_source == CR_SRC_UNKNOWN) {
    rc = cr_error_set(CR_EINVAL, "the current order of %s is unknown (no "
                      "list in the registry and no default for this OS): set "
                      "the whole order instead", m->os.name);
    goto out;
  }
  if ((rc = current_names(&names, &usable, &n, m)) < 0)
    goto out;
  if (add) {
    size_t at;
    const cr_suite *s = cr_suite_from_schannel(add, &curve);
    for (i = 0; i < n; i++)
      if (s && cr_suite_from_schannel(names[i], &curve) == s) {
        /* Already there: nothing to do. */
        rc = cr_change_new(out, "Add a cipher suite (already in the order)",
                           NULL);
        goto out;
      }
    at = insert_at(usable, n, position);
    memmove(&names[at + 1], &names[at], (n - at) * sizeof *names);
    names[at] = add;
    n++;
    i = fit_limit(names, &n);
    snprintf(title, sizeof title, "Add %s to the cipher-suite order%s", add,
             i ? " (dropping the RC4, 3DES and NULL suites so the list fits "
                 "in 1,023 characters)" : "");
  } else {
    const cr_suite *s = cr_suite_from_schannel(remove, &curve);
    size_t kept = 0;
    for (i = 0; i < n; i++)
      if (!(s ? cr_suite_from_schannel(names[i], &curve) == s
              : !cr_stricmp(names[i], remove)))
        names[kept++] = names[i];
    if (kept == n) {
      rc = cr_change_new(out, "Remove a cipher suite (not in the order)", NULL);
      goto out;
    }
    n = kept;
    snprintf(title, sizeof title, "Remove %s from the cipher-suite order",
             remove);
  }
  rc = policy_plan(out, snap, m, names, n, title);
out:
  free(names);
  free(usable);
  cr_tls_machine_free(m);
  return rc;
}

int cr_tls_suites_reset_plan(cr_change **out, const cr_snapshot *snap)
{
  const cr_key *k;
  int rc;
  if (!out || !snap)
    return cr_error_set(CR_EINVAL, "cr_tls_suites_reset_plan: bad argument");
  if ((rc = cr_change_new(out, "Remove the cipher-suite policy so the local "
                          "(default) order applies", NOTE_SUITES)) < 0)
    return rc;
  k = cr_snap_find_key(snap, CR_KEY_SSL_POLICY);
  if (k && cr_key_find_value(k, "Functions") &&
      (rc = cr_change_add_delete_value(*out, CR_KEY_SSL_POLICY, "Functions")) < 0) {
    cr_change_free(*out);
    *out = NULL;
  }
  return rc;
}

int cr_tls_dhe_disable_plan(cr_change **out, const cr_snapshot *snap)
{
  cr_tls_machine *m;
  const char **names = NULL;
  bool *usable = NULL;
  size_t n = 0, i, kept = 0;
  int rc;
  if (!out || !snap)
    return cr_error_set(CR_EINVAL, "cr_tls_dhe_disable_plan: bad argument");
  *out = NULL;
  if ((rc = read_machine(&m, snap)) < 0)
    return rc;
  if (m->suite_source == CR_SRC_UNKNOWN) {
    rc = cr_error_set(CR_EINVAL, "the current order of %s is unknown (no "
                      "list in the registry and no default for this OS)",
                      m->os.name);
    goto out;
  }
  if ((rc = current_names(&names, &usable, &n, m)) < 0)
    goto out;
  for (i = 0; i < n; i++) {
    unsigned curve;
    const cr_suite *s = cr_suite_from_schannel(names[i], &curve);
    if (!(s && (s->flags & CR_SUITE_DHE)))
      names[kept++] = names[i];
  }
  if (kept == n) {
    rc = cr_change_new(out, "Remove TLS_DHE_* suites (none enabled)", NULL);
  } else {
    size_t dropped = fit_limit(names, &kept);
    rc = policy_plan(out, snap, m, names, kept,
                     dropped ? "Remove every TLS_DHE_* suite from the "
                               "cipher-suite order (and the RC4, 3DES and NULL "
                               "suites, so the list fits in 1,023 characters)"
                             : "Remove every TLS_DHE_* suite from the "
                               "cipher-suite order");
  }
out:
  free(names);
  free(usable);
  cr_tls_machine_free(m);
  return rc;
}

/* ---------------------------------------------------------------- */
/* .NET Framework strong cryptography.                              */
/* ---------------------------------------------------------------- */

#define NOTE_NETFX ".NET Framework applications read these values when " \
  "they start: restart them (or the computer)."

static int netfx_value(cr_change *c, const cr_snapshot *snap, const char *key,
                       const char *name, const char *state)
{
  const cr_key *k;
  if (!state)
    return CR_OK;
  if (!cr_stricmp(state, "enabled"))
    return set_dword_if(c, snap, key, name, 1);
  if (!cr_stricmp(state, "disabled"))
    return set_dword_if(c, snap, key, name, 0);
  k = cr_snap_find_key(snap, key);
  return k && cr_key_find_value(k, name)
           ? cr_change_add_delete_value(c, key, name) : CR_OK;
}

int cr_tls_netfx_plan(cr_change **out, const cr_snapshot *snap,
                      const char *strong_crypto, const char *system_default)
{
  static const char *const keys[4] = {
    CR_KEY_NETFX_V4, CR_KEY_NETFX_V4_WOW, CR_KEY_NETFX_V2, CR_KEY_NETFX_V2_WOW
  };
  const char *const states[2] = { strong_crypto, system_default };
  cr_change *c = NULL;
  size_t i;
  int rc;
  if (!out || !snap)
    return cr_error_set(CR_EINVAL, "cr_tls_netfx_plan: bad argument");
  *out = NULL;
  for (i = 0; i < 2; i++)
    if (states[i] && cr_stricmp(states[i], "enabled") &&
        cr_stricmp(states[i], "disabled") && cr_stricmp(states[i], "default"))
      return cr_error_set(CR_EINVAL, "state must be enabled, disabled or "
                          "default, not '%s'", states[i]);
  /* All four keys, as the ConnReset/NetFx_* Group Policy settings write
   * them ([NETFX-TLS]): both Framework versions, both registry views. */
  if ((rc = cr_change_new(&c, "Set .NET Framework SchUseStrongCrypto / "
                          "SystemDefaultTlsVersions (v4.0.30319 and "
                          "v2.0.50727, 64-bit and 32-bit)", NOTE_NETFX)) < 0)
    return rc;
  for (i = 0; i < 4 && rc >= 0; i++) {
    rc = netfx_value(c, snap, keys[i], "SchUseStrongCrypto", strong_crypto);
    if (rc >= 0)
      rc = netfx_value(c, snap, keys[i], "SystemDefaultTlsVersions",
                       system_default);
  }
  if (rc < 0) {
    cr_change_free(c);
    return rc;
  }
  *out = c;
  return CR_OK;
}
