/*
 * test_tls_match.c - the client/server match on real snapshot files
 * (tests/fixtures/tls, made by make-scenarios.sh: Wine registries presented
 * as each Windows version, captured by connreset.exe collect). Each
 * scenario asserts the exact verdict and the fix.
 */
#include "connreset.h"
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
                        cr_server_key key, int *can)
{
  cr_match_options o = CR_MATCH_OPTIONS_INIT;
  cr_snapshot *c = load(client), *s = load(server);
  cr_match *m = NULL;
  char *json = NULL;
  o.server_key = key;
  CHECK_OK(cr_tls_match(&m, c, s, &o));
  CHECK_OK(cr_match_to_json(&json, m));
  *can = cr_match_can_connect(m);
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

int main(void)
{
  char *j;
  int can;

  /* Scenario 2: default Server 2012 R2, RSA certificate; Windows 11 client
   * allowing only ECDHE + GCM. 2012 R2 has no TLS_ECDHE_RSA_*_GCM suite at
   * all, so no server-side suite can fix it: the client must accept the
   * server's best ECDHE_RSA suite, or the server needs an ECDSA
   * certificate. */
  j = match_json("win11-ecdhe-gcm-only.reg", "ws2012r2-default.reg",
                 CR_SERVER_KEY_AUTO, &can);
  CHECK(!can);
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
  CHECK(can);
  CHECK_CONTAINS(j, "\"suite\": \"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384\"");
  free(j);

  /* The key type from the server's own certificate: its SQL Server
   * instance is configured with an ECDSA P-256 certificate (in My, put
   * there by crypt32 under Wine), so the same client connects. */
  j = match_json("win11-ecdhe-gcm-only.reg", "ws2012r2-sql-ecdsa-cert.reg",
                 CR_SERVER_KEY_AUTO, &can);
  CHECK(can);
  CHECK_CONTAINS(j, "\"type\": \"ecdsa\",\n    \"source\": \"certificate\"");
  CHECK_CONTAINS(j, "instance MSSQLSERVER is configured with certificate "
                    "609B142285717467AC64BE187A86AAA8D3E04630 (ECDSA 256)");
  CHECK_CONTAINS(j, "\"suite\": \"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384\"");
  free(j);
  /* ... the caller's parameter still wins. */
  j = match_json("win11-ecdhe-gcm-only.reg", "ws2012r2-sql-ecdsa-cert.reg",
                 CR_SERVER_KEY_RSA, &can);
  CHECK(!can);
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
  CHECK(!can);
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
  CHECK(!can);
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
  CHECK(can);
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

  return test_finish("test_tls_match");
}
