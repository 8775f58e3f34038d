/*
 * test_tls_match.c - the client/server match on real snapshot files
 * (tests/fixtures/tls, made by make-scenarios.sh: Wine registries presented
 * as each Windows version, captured by connreset.exe collect). Each
 * scenario asserts the exact verdict and the fix.
 */
#include "connreset.h"
#include "core/snapshot.h" /* cr_snap_get_string */
#include "test.h"

#include <stdlib.h>

#ifndef CR_FIXTURES_DIR
#define CR_FIXTURES_DIR "tests/fixtures"
#endif

static cr_snapshot *load(const char *name)
{
  char path[512];
  const char *paths[1] = { path };
  cr_snapshot *s = NULL;
  snprintf(path, sizeof path, "%s/tls/%s", CR_FIXTURES_DIR, name);
  CHECK_OK(cr_snapshot_open_files(&s, paths, 1));
  return s;
}

static char *match_json(const char *client, const char *server,
                        cr_server_key key, cr_outcome *outcome)
{
  cr_match_options o = CR_MATCH_OPTIONS_INIT;
  cr_snapshot *c = load(client), *s = load(server);
  cr_match *m = NULL;
  char *json = NULL;
  o.server_key = key;
  CHECK_OK(cr_tls_match(&m, c, s, &o));
  CHECK_OK(cr_match_to_json(&json, m));
  *outcome = cr_match_outcome(m);
  cr_match_free(m);
  cr_snapshot_free(c);
  cr_snapshot_free(s);
  return json ? json : calloc(1, 1);
}

/* The side of fix number `n` (0-based) in the verdict, or "" if none. */
static const char *fix_side(const char *json, int n)
{
  const char *p = strstr(json, "\"fixes\": [");
  while (p && n-- >= 0) {
    p = strstr(p + 1, "\"side\": \"");
    if (!p)
      return "";
  }
  if (!p)
    return "";
  p += strlen("\"side\": \"");
  return !strncmp(p, "server", 6) ? "server" : !strncmp(p, "client", 6) ? "client" : "?";
}

static char *diagnose_json(const char *name)
{
  cr_snapshot *s = load(name);
  cr_report *r = NULL;
  char *json = NULL;
  CHECK_OK(cr_diagnose(&r, s));
  CHECK_OK(cr_report_to_json(&json, r));
  cr_report_free(r);
  cr_snapshot_free(s);
  return json ? json : calloc(1, 1);
}

/* A snapshot from .reg text, as hand-written files are: no OS identity. */
#define REG5 "Windows Registry Editor Version 5.00\r\n\r\n"
#define PROTO "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\" \
  "SecurityProviders\\SCHANNEL\\Protocols\\"
#define POLICY "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\" \
  "Cryptography\\Configuration\\SSL\\00010002]\r\n"

static cr_snapshot *from_text(const char *name, const char *text)
{
  cr_snapshot *s = NULL;
  CHECK_OK(cr_snapshot_new(&s));
  CHECK_OK(cr_snapshot_load_buffer(s, text, strlen(text), name));
  return s;
}

/* Matches and frees both snapshots; the JSON in *json. */
static cr_match *pair(cr_snapshot *c, cr_snapshot *s, char **json)
{
  cr_match *m = NULL;
  CHECK_OK(cr_tls_match(&m, c, s, NULL));
  CHECK_OK(cr_match_to_json(json, m));
  cr_snapshot_free(c);
  cr_snapshot_free(s);
  return m;
}

/* Unknown is never a failure: the outcome is undetermined unless every
 * value of the unknowns gives the same one (issue 11, point 1). */
static void test_undetermined(void)
{
  cr_match *m;
  char *j = NULL;
  const char *side, *what, *detail, *supply;

  /* Two hand-written files (no CurrentVersion): used to be PROTO001,
   * "they cannot connect", exit 1. */
  m = pair(from_text("client.reg", REG5 PROTO "TLS 1.2\\Client]\r\n"
                     "\"Enabled\"=dword:00000001\r\n"),
           from_text("server.reg", REG5 PROTO "TLS 1.0\\Server]\r\n"
                     "\"Enabled\"=dword:00000000\r\n"), &j);
  CHECK(cr_match_outcome(m) == CR_OUTCOME_UNDETERMINED);
  CHECK(cr_match_finding_count(m) == 0);
  CHECK(cr_match_family(m) == NULL);
  CHECK(cr_match_missing_count(m) == 2);
  CHECK_OK(cr_match_missing(&side, &what, &detail, &supply, m, 0));
  CHECK_STR(side, "client");
  CHECK_STR(what, "os");
  /* TLS 1.0 is off on the server: the client's default for it does not
   * matter and is not asked for. */
  CHECK_CONTAINS(detail, "its defaults for SSL 3.0, TLS 1.1 and TLS 1.3, or "
                         "its default cipher-suite order");
  CHECK_CONTAINS(supply, "connreset collect");
  CHECK_CONTAINS(supply, "--client-os");
  CHECK_OK(cr_match_missing(&side, &what, NULL, NULL, m, 1));
  CHECK_STR(side, "server");
  CHECK(cr_match_missing(&side, NULL, NULL, NULL, m, 2) == CR_EINVAL);
  CHECK_CONTAINS(cr_match_reason(m), "the client's Windows version and the "
                                     "server's Windows version");
  CHECK_CONTAINS(j, "\"outcome\": \"undetermined\"");
  CHECK_CONTAINS(j, "\"canConnect\": null");
  CHECK_CONTAINS(j, "\"what\": \"os\"");
  CHECK_CONTAINS(j, "\"findings\": []");
  cr_free(j);
  cr_match_free(m);

  /* Decidable whatever the defaults: the client has every TLS version
   * but 1.2 off, the server has 1.2 off. */
  m = pair(from_text("client.reg", REG5
                     PROTO "SSL 3.0\\Client]\r\n\"Enabled\"=dword:0\r\n"
                     PROTO "TLS 1.0\\Client]\r\n\"Enabled\"=dword:0\r\n"
                     PROTO "TLS 1.1\\Client]\r\n\"Enabled\"=dword:0\r\n"
                     PROTO "TLS 1.3\\Client]\r\n\"Enabled\"=dword:0\r\n"),
           from_text("server.reg", REG5 PROTO "TLS 1.2\\Server]\r\n"
                     "\"Enabled\"=dword:0\r\n"), &j);
  CHECK(cr_match_outcome(m) == CR_OUTCOME_FAILS);
  CHECK_STR(cr_match_family(m), "PROTO");
  CHECK(cr_match_missing_count(m) == 0);
  CHECK_CONTAINS(j, "\"id\": \"PROTO001\"");
  CHECK_CONTAINS(cr_match_reason(m), "whatever the defaults");
  cr_free(j);
  cr_match_free(m);

  /* Two explicit policy lists with no common suite: SUITE001 whatever
   * the protocols turn out to be. */
  m = pair(from_text("client.reg", REG5 POLICY "\"Functions\"=\""
                     "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384\"\r\n"),
           from_text("server.reg", REG5 POLICY "\"Functions\"=\""
                     "TLS_RSA_WITH_AES_128_CBC_SHA\"\r\n"), &j);
  CHECK(cr_match_outcome(m) == CR_OUTCOME_FAILS);
  CHECK_STR(cr_match_family(m), "SUITE");
  CHECK_CONTAINS(j, "\"id\": \"SUITE001\"");
  CHECK_CONTAINS(j, "\"canConnect\": false");
  cr_free(j);
  cr_match_free(m);

  /* A known client (2022: TLS 1.3 on) and a server that only says TLS
   * 1.2 is on: whether it has TLS 1.3 decides (its list has no TLS 1.3
   * suite), and only that is asked for. */
  m = pair(load("ws2022-default.reg"),
           from_text("server.reg", REG5 PROTO "TLS 1.2\\Server]\r\n"
                     "\"Enabled\"=dword:1\r\n\"DisabledByDefault\"=dword:0\r\n"
                     POLICY "\"Functions\"=\"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\""
                     "\r\n"), &j);
  CHECK(cr_match_outcome(m) == CR_OUTCOME_UNDETERMINED);
  CHECK(cr_match_missing_count(m) == 1);
  CHECK_OK(cr_match_missing(&side, &what, &detail, NULL, m, 0));
  CHECK_STR(side, "server");
  CHECK_CONTAINS(detail, "ConnReset does not know its defaults for TLS 1.3.");
  cr_free(j);
  cr_match_free(m);
  /* ... and once the server says TLS 1.3 is off, they connect. */
  m = pair(load("ws2022-default.reg"),
           from_text("server.reg", REG5 PROTO "TLS 1.2\\Server]\r\n"
                     "\"Enabled\"=dword:1\r\n" PROTO "TLS 1.3\\Server]\r\n"
                     "\"Enabled\"=dword:0\r\n" POLICY "\"Functions\"=\""
                     "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\"\r\n"), &j);
  CHECK(cr_match_outcome(m) == CR_OUTCOME_CONNECTS);
  CHECK_CONTAINS(j, "\"suite\": \"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\"");
  CHECK_CONTAINS(j, "\"canConnect\": true");
  cr_free(j);
  cr_match_free(m);

  /* Build 14393 without its update revision: whether the client has the
   * DHE leading-zero fix decides between connects and intermittent. */
  {
    cr_snapshot *c = load("ws2016-unfixed-dhe-client.reg");
    const char *ubr = REG5 "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\"
                      "Windows NT\\CurrentVersion]\r\n\"UBR\"=-\r\n";
    CHECK_OK(cr_snapshot_load_buffer(c, ubr, strlen(ubr), "no-ubr.reg"));
    m = pair(c, load("ws2019-dhe-first-server.reg"), &j);
    CHECK(cr_match_outcome(m) == CR_OUTCOME_UNDETERMINED);
    CHECK(cr_match_missing_count(m) == 1);
    CHECK_OK(cr_match_missing(&side, &what, &detail, &supply, m, 0));
    CHECK_STR(what, "dhe-fix");
    CHECK_CONTAINS(detail, "14393.3542");
    CHECK_CONTAINS(supply, "10.0.14393.3542");
    cr_free(j);
    cr_match_free(m);
  }
  CHECK(cr_match_outcome(NULL) == CR_OUTCOME_UNDETERMINED);
  CHECK_STR(cr_outcome_name(CR_OUTCOME_INTERMITTENT), "intermittent");
  CHECK(cr_outcome_name((cr_outcome)7) == NULL);
}

/* The FIPS algorithm policy (issue 11, point 3): read from both value
 * names, and a suite it rules out is not offered. */
static void test_fips(void)
{
  static const char fips_on[] = REG5
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\"
    "FipsAlgorithmPolicy]\r\n\"Enabled\"=dword:00000001\r\n";
  static const char legacy_on[] = REG5
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa]\r\n"
    "\"FIPSAlgorithmPolicy\"=dword:00000001\r\n";
  static const char rc4_only[] = REG5 POLICY
    "\"Functions\"=\"TLS_RSA_WITH_RC4_128_SHA,TLS_RSA_WITH_RC4_128_MD5\"\r\n";
  /* A file without the FF FE mark: hex(7) bytes are ANSI text, as reg
   * import reads them. */
  static const char x25519_only[] = REG5 POLICY
    "\"EccCurves\"=hex(7):63,75,72,76,65,32,35,35,31,39,00,00\r\n";
  cr_snapshot *c, *s;
  cr_match *m;
  cr_report *r = NULL;
  char *j = NULL;

  /* An RC4-only client against a default 2012 R2: they connect with RC4;
   * with FIPS on the server, RC4 is not offered and they share nothing. */
  c = load("ws2012r2-default.reg");
  CHECK_OK(cr_snapshot_load_buffer(c, rc4_only, strlen(rc4_only), "rc4.reg"));
  m = pair(c, load("ws2012r2-default.reg"), &j);
  CHECK(cr_match_outcome(m) == CR_OUTCOME_CONNECTS);
  CHECK_CONTAINS(j, "\"suite\": \"TLS_RSA_WITH_RC4_128_SHA\"");
  cr_free(j);
  cr_match_free(m);
  c = load("ws2012r2-default.reg");
  CHECK_OK(cr_snapshot_load_buffer(c, rc4_only, strlen(rc4_only), "rc4.reg"));
  s = load("ws2012r2-default.reg");
  CHECK_OK(cr_snapshot_load_buffer(s, fips_on, strlen(fips_on), "fips.reg"));
  m = pair(c, s, &j);
  CHECK(cr_match_outcome(m) == CR_OUTCOME_FAILS);
  CHECK_STR(cr_match_family(m), "SUITE");
  cr_free(j);
  cr_match_free(m);

  /* The machine report: FIPS on, from which value; RC4 and MD5 suites
   * out; SSL 3.0 off. */
  s = load("ws2012r2-default.reg");
  CHECK_OK(cr_snapshot_load_buffer(s, fips_on, strlen(fips_on), "fips.reg"));
  CHECK_OK(cr_check_tls(&r, s));
  CHECK_OK(cr_report_to_json(&j, r));
  CHECK_CONTAINS(j, "\"fips\": {\n        \"enabled\": true,\n        \"value\": "
                    "\"HKEY_LOCAL_MACHINE\\\\SYSTEM\\\\CurrentControlSet\\\\Control"
                    "\\\\Lsa\\\\FipsAlgorithmPolicy\\\\Enabled\"");
  CHECK_CONTAINS(j, "\"id\": \"0x0005\",\n            \"usable\": false,\n"
                    "            \"why\": \"its cipher is not available in FIPS "
                    "mode\"");
  CHECK_CONTAINS(j, "the FIPS algorithm policy is on (Enabled = 1): Schannel "
                    "speaks TLS only");
  cr_free(j);
  cr_report_free(r);
  cr_snapshot_free(s);

  /* Windows Server 2003 keeps it in Lsa itself; Vista and later read only
   * the FipsAlgorithmPolicy key. */
  s = load("ws2012r2-default.reg");
  CHECK_OK(cr_snapshot_load_buffer(s, legacy_on, strlen(legacy_on), "old.reg"));
  CHECK_OK(cr_check_tls(&r, s));
  CHECK_OK(cr_report_to_json(&j, r));
  CHECK_CONTAINS(j, "\"fips\": {\n        \"enabled\": false");
  cr_free(j);
  cr_report_free(r);
  cr_snapshot_free(s);
  s = from_text("2003.reg", REG5 "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\"
                "Windows NT\\CurrentVersion]\r\n\"CurrentVersion\"=\"5.2\"\r\n");
  CHECK_OK(cr_snapshot_load_buffer(s, legacy_on, strlen(legacy_on), "old.reg"));
  CHECK_OK(cr_check_tls(&r, s));
  CHECK_OK(cr_report_to_json(&j, r));
  CHECK_CONTAINS(j, "\"fips\": {\n        \"enabled\": true,\n        \"value\": "
                    "\"HKEY_LOCAL_MACHINE\\\\SYSTEM\\\\CurrentControlSet\\\\Control"
                    "\\\\Lsa\\\\FIPSAlgorithmPolicy\"");
  cr_free(j);
  cr_report_free(r);
  cr_snapshot_free(s);

  /* ECDHE needs a NIST curve: a 2022 server whose curve order is only
   * curve25519 offers no ECDHE suite in FIPS mode, so a TLS 1.2-only
   * client gets the server's first suite without ECDHE. */
  s = load("ws2022-default.reg");
  CHECK_OK(cr_snapshot_load_buffer(s, x25519_only, strlen(x25519_only), "c.reg"));
  CHECK_OK(cr_snapshot_load_buffer(s, fips_on, strlen(fips_on), "fips.reg"));
  m = pair(load("ws2019-tls12-only-client.reg"), s, &j);
  CHECK(cr_match_outcome(m) == CR_OUTCOME_CONNECTS);
  CHECK_CONTAINS(j, "\"suite\": \"TLS_DHE_RSA_WITH_AES_256_GCM_SHA384\"");
  cr_free(j);
  cr_match_free(m);
}

/* Windows 10 1809's default order ([CS-1809]) as the policy value, for the
 * suite-order plans below. */
#define W10_1809_NO_NULL \
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256," \
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256," \
  "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,TLS_DHE_RSA_WITH_AES_128_GCM_SHA256," \
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256," \
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256," \
  "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA," \
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA," \
  "TLS_RSA_WITH_AES_256_GCM_SHA384,TLS_RSA_WITH_AES_128_GCM_SHA256," \
  "TLS_RSA_WITH_AES_256_CBC_SHA256,TLS_RSA_WITH_AES_128_CBC_SHA256," \
  "TLS_RSA_WITH_AES_256_CBC_SHA,TLS_RSA_WITH_AES_128_CBC_SHA," \
  "TLS_RSA_WITH_3DES_EDE_CBC_SHA"
#define W10_NULLS "TLS_RSA_WITH_NULL_SHA256,TLS_RSA_WITH_NULL_SHA"

/* The policy value after applying `c` to the Windows 10 1809 client
 * (sql/win10-1809-client.reg: no suite list, so the OS default applies). */
static char *policy_after(cr_change *c, const char *overlay)
{
  const char *paths[1] = { CR_FIXTURES_DIR "/sql/win10-1809-client.reg" };
  cr_snapshot *s = NULL;
  char *v = NULL;
  CHECK_OK(cr_snapshot_open_files(&s, paths, 1));
  if (s && overlay)
    CHECK_OK(cr_snapshot_load_buffer(s, overlay, strlen(overlay), "overlay"));
  if (s && c)
    CHECK_OK(cr_change_apply_snapshot(s, c, NULL));
  if (s && cr_snap_get_string(&v, s, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies"
                              "\\Microsoft\\Cryptography\\Configuration\\"
                              "SSL\\00010002", "Functions") < 0)
    v = NULL;
  cr_snapshot_free(s);
  return v;
}

/* Edits of the order in effect keep the two NULL suites of Windows 10's
 * default list: Microsoft lists them as enabled, "only used when
 * application explicitly requests" (tls-cipher-suites-in-windows-10-
 * v1809.md), so they are never in a default handshake, but leaving them
 * out of the written list would disable them for the applications that do
 * ask. They used to be dropped, and a NULL suite could not be removed. */
static void test_edit_keeps_null_suites(void)
{
  const char *paths[1] = { CR_FIXTURES_DIR "/sql/win10-1809-client.reg" };
  const char *added = "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256";
  cr_snapshot *s = NULL;
  cr_change *c = NULL;
  char *v;
  CHECK_OK(cr_snapshot_open_files(&s, paths, 1));
  if (!s)
    return;

  /* Add, by default last among the usable suites: before the NULL ones. */
  CHECK_OK(cr_tls_suites_edit_plan(&c, s, added, -1, NULL));
  CHECK(c && cr_change_op_count(c) == 1);
  v = policy_after(c, NULL);
  CHECK_STR(v, W10_1809_NO_NULL ",TLS_DHE_DSS_WITH_AES_256_CBC_SHA256,"
            W10_NULLS);
  cr_free(v);
  cr_change_free(c);
  c = NULL;
  /* Position 0 counts the usable suites: first. Past the end: last
   * usable. */
  CHECK_OK(cr_tls_suites_edit_plan(&c, s, added, 0, NULL));
  v = policy_after(c, NULL);
  CHECK_STR(v, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256," W10_1809_NO_NULL ","
            W10_NULLS);
  cr_free(v);
  cr_change_free(c);
  c = NULL;
  CHECK_OK(cr_tls_suites_edit_plan(&c, s, added, 500, NULL));
  v = policy_after(c, NULL);
  CHECK_STR(v, W10_1809_NO_NULL ",TLS_DHE_DSS_WITH_AES_256_CBC_SHA256,"
            W10_NULLS);
  cr_free(v);
  cr_change_free(c);
  c = NULL;

  /* Adding a NULL suite already in the list changes nothing. */
  CHECK_OK(cr_tls_suites_edit_plan(&c, s, "TLS_RSA_WITH_NULL_SHA", -1, NULL));
  CHECK(c && cr_change_op_count(c) == 0);
  cr_change_free(c);
  c = NULL;

  /* Remove one suite: only that one goes. */
  CHECK_OK(cr_tls_suites_edit_plan(&c, s, NULL, -1,
                                   "TLS_RSA_WITH_3DES_EDE_CBC_SHA"));
  v = policy_after(c, NULL);
  CHECK(v && strstr(v, ",TLS_RSA_WITH_AES_128_CBC_SHA," W10_NULLS) &&
        !strstr(v, "3DES"));
  cr_free(v);
  cr_change_free(c);
  c = NULL;
  /* A NULL suite can be removed (it used to be "not in the order"). */
  CHECK_OK(cr_tls_suites_edit_plan(&c, s, NULL, -1, "TLS_RSA_WITH_NULL_SHA"));
  CHECK(c && cr_change_op_count(c) == 1);
  v = policy_after(c, NULL);
  CHECK_STR(v, W10_1809_NO_NULL ",TLS_RSA_WITH_NULL_SHA256");
  cr_free(v);
  cr_change_free(c);
  c = NULL;

  /* Removing DHE leaves the NULL suites. */
  CHECK_OK(cr_tls_dhe_disable_plan(&c, s));
  v = policy_after(c, NULL);
  CHECK(v && !strstr(v, "TLS_DHE_") && strstr(v, "3DES_EDE_CBC_SHA,"
                                              W10_NULLS));
  cr_free(v);
  cr_change_free(c);
  c = NULL;

  /* A NULL suite that a cipher switch turns off is left out, like any
   * suite a switch blocks. */
  {
    static const char sw[] = REG5 "[HKEY_LOCAL_MACHINE\\SYSTEM\\"
      "CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Ciphers\\"
      "NULL]\r\n\"Enabled\"=dword:00000000\r\n";
    CHECK_OK(cr_snapshot_load_buffer(s, sw, strlen(sw), "switch"));
    CHECK_OK(cr_tls_suites_edit_plan(&c, s, added, -1, NULL));
    v = policy_after(c, sw);
    CHECK_STR(v, W10_1809_NO_NULL ",TLS_DHE_DSS_WITH_AES_256_CBC_SHA256");
    cr_free(v);
    cr_change_free(c);
  }
  cr_snapshot_free(s);
}

int main(void)
{
  char *j;
  cr_outcome can;

  /* Scenario 2: default Server 2012 R2, RSA certificate; Windows 11 client
   * allowing only ECDHE + GCM. 2012 R2 has no TLS_ECDHE_RSA_*_GCM suite at
   * all, so no server-side suite can fix it: the client must accept the
   * server's best ECDHE_RSA suite, or the server needs an ECDSA
   * certificate. */
  j = match_json("win11-ecdhe-gcm-only.reg", "ws2012r2-default.reg",
                 CR_SERVER_KEY_AUTO, &can);
  CHECK(can == CR_OUTCOME_FAILS);
  CHECK_CONTAINS(j, "\"family\": \"SUITE\"");
  CHECK_CONTAINS(j, "\"protocol\": \"TLS 1.2\"");
  CHECK_CONTAINS(j, "\"id\": \"SUITE001\"");
  CHECK_CONTAINS(j, "\"type\": \"rsa\",\n    \"source\": \"assumed\"");
  CHECK_CONTAINS(j, "\"cli\": \"connreset tls suites set --add "
                    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384\"");
  CHECK_CONTAINS(j, "give the server an ECDSA certificate: "
                    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
  /* fix 1 is on the client (add a suite), fix 2 the server certificate;
   * there is no server-side suite to add */
  CHECK_STR(fix_side(j, 0), "client");
  CHECK_STR(fix_side(j, 1), "server");
  CHECK_STR(fix_side(j, 2), "");
  free(j);
  /* ... with an ECDSA certificate they connect. */
  j = match_json("win11-ecdhe-gcm-only.reg", "ws2012r2-default.reg",
                 CR_SERVER_KEY_ECDSA, &can);
  CHECK(can == CR_OUTCOME_CONNECTS);
  CHECK_CONTAINS(j, "\"suite\": \"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384\"");
  free(j);

  /* The key type from the server's own certificate: its SQL Server
   * instance is configured with an ECDSA P-256 certificate (in My, put
   * there by crypt32 under Wine), so the same client connects. */
  j = match_json("win11-ecdhe-gcm-only.reg", "ws2012r2-sql-ecdsa-cert.reg",
                 CR_SERVER_KEY_AUTO, &can);
  CHECK(can == CR_OUTCOME_CONNECTS);
  CHECK_CONTAINS(j, "\"type\": \"ecdsa\",\n    \"source\": \"certificate\"");
  CHECK_CONTAINS(j, "instance MSSQLSERVER is configured with certificate "
                    "609B142285717467AC64BE187A86AAA8D3E04630 (ECDSA 256)");
  CHECK_CONTAINS(j, "\"suite\": \"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384\"");
  free(j);
  /* ... the caller's parameter still wins. */
  j = match_json("win11-ecdhe-gcm-only.reg", "ws2012r2-sql-ecdsa-cert.reg",
                 CR_SERVER_KEY_RSA, &can);
  CHECK(can == CR_OUTCOME_FAILS);
  CHECK_CONTAINS(j, "\"source\": \"parameter\"");
  free(j);
  /* Without SQL Server in the snapshot, RSA is assumed and it says why. */
  j = match_json("win11-ecdhe-gcm-only.reg", "ws2012r2-default.reg",
                 CR_SERVER_KEY_AUTO, &can);
  CHECK_CONTAINS(j, "RSA assumed: no SQL Server instance in the snapshot is "
                    "configured with a certificate");
  free(j);

  /* Scenario 1: default Server 2008 R2 (TLS 1.2 off by default) and a
   * client with TLS 1.0 and 1.1 off: no common version; the smallest fix is
   * TLS 1.2 on the server. */
  j = match_json("ws2019-tls12-only-client.reg", "ws2008r2-default.reg",
                 CR_SERVER_KEY_RSA, &can);
  CHECK(can == CR_OUTCOME_FAILS);
  CHECK_CONTAINS(j, "\"family\": \"PROTO\"");
  CHECK_CONTAINS(j, "\"id\": \"PROTO001\"");
  CHECK_STR(fix_side(j, 0), "server");
  CHECK_CONTAINS(j, "\"summary\": \"enable TLS 1.2 for the server role on the server (SQL2008R2)\"");
  CHECK_CONTAINS(j, "\"cli\": \"connreset tls protocol set --protocol tls1.2 "
                    "--role server --state enabled\"");
  free(j);

  /* Scenario 5: DHE on both sides, the server preferring it, the client
   * before the leading-zero fix (14393.3384 < 14393.3542). */
  j = match_json("ws2016-unfixed-dhe-client.reg", "ws2019-dhe-first-server.reg",
                 CR_SERVER_KEY_RSA, &can);
  CHECK(can == CR_OUTCOME_INTERMITTENT);
  CHECK_CONTAINS(j, "\"outcome\": \"intermittent\"");
  /* They do connect: the old "canConnect": false was untrue (13.2). */
  CHECK_CONTAINS(j, "\"canConnect\": true");
  CHECK_CONTAINS(j, "\"family\": \"DHEZERO\"");
  CHECK_CONTAINS(j, "\"id\": \"DHEZERO001\"");
  CHECK_CONTAINS(j, "\"suite\": \"TLS_DHE_RSA_WITH_AES_256_GCM_SHA384\"");
  CHECK_CONTAINS(j, "\"cli\": \"connreset tls dhe disable\"");
  CHECK_CONTAINS(j, "\"dheLeadingZeroFix\": \"missing\"");
  free(j);
  /* Both machines also carry DHE001 on their own. */
  j = diagnose_json("ws2019-dhe-first-server.reg");
  CHECK_CONTAINS(j, "\"id\": \"DHE001\"");
  free(j);

  /* A healthy pair: TLS 1.2 with ECDHE_RSA + AES-256-GCM, no finding. */
  j = match_json("ws2019-tls12-only-client.reg", "ws2022-default.reg",
                 CR_SERVER_KEY_RSA, &can);
  CHECK(can == CR_OUTCOME_CONNECTS);
  CHECK_CONTAINS(j, "\"canConnect\": true");
  CHECK_CONTAINS(j, "\"suite\": \"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\"");
  CHECK_CONTAINS(j, "\"findings\": []");
  free(j);

  /* Single-machine findings on the same files. */
  j = diagnose_json("ws2008r2-default.reg");
  CHECK_CONTAINS(j, "\"id\": \"PROTO003\"");   /* TLS 1.2 off */
  free(j);
  j = diagnose_json("win11-ecdhe-gcm-only.reg");
  CHECK_CONTAINS(j, "\"source\": \"policy\"");
  CHECK(strstr(j, "\"id\": \"DHE001\"") == NULL);
  free(j);

  test_undetermined();
  test_fips();
  test_edit_keeps_null_suites();
  return test_finish("test_tls_match");
}
