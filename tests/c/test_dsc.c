/*
 * test_dsc.c - the DSC resource engine (cr_dsc_*) on the fixture
 * snapshots: every type goes from out of state to in state through its
 * own plan applied to a copy, and back through the undo; the input is
 * held to the manifest's schema; Reasons, the diff, restarts and export.
 *
 * Usage: test_dsc [FIXTURES_DIR]
 */
#define _POSIX_C_SOURCE 200809L
#include "connreset.h"
#include "json_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef CR_FIXTURES_DIR
static const char *fixtures = CR_FIXTURES_DIR;
#else
static const char *fixtures = "tests/fixtures";
#endif
#include "cases.h"

static cr_snapshot *open_fixtures(const char *a, const char *b)
{
  char pa[600], pb[600];
  const char *paths[2];
  cr_snapshot *s = NULL;
  snprintf(pa, sizeof pa, "%s/%s", fixtures, a);
  paths[0] = pa;
  if (b) {
    snprintf(pb, sizeof pb, "%s/%s", fixtures, b);
    paths[1] = pb;
  }
  CHECK_OK(cr_snapshot_open_files(&s, paths, b ? 2 : 1));
  return s;
}

static cr_snapshot *copy_of(const cr_snapshot *s)
{
  void *buf = NULL;
  size_t len = 0;
  cr_snapshot *c = NULL;
  CHECK_OK(cr_snapshot_save_buffer(&buf, &len, s));
  CHECK_OK(cr_snapshot_new(&c));
  CHECK_OK(cr_snapshot_load_buffer(c, buf, len, "copy"));
  cr_free(buf);
  return c;
}

static cr_dsc *open_dsc(const cr_snapshot *s, const char *type,
                        const char *input)
{
  cr_dsc *d = NULL;
  int rc = cr_dsc_open(&d, s, type, input, input ? strlen(input) : 0);
  CHECK_MSG(rc == CR_OK, "%s %s: %s", type, input ? input : "",
            cr_error_last());
  return d;
}

static char *state_of(const cr_dsc *d)
{
  char *s = NULL;
  CHECK_OK(cr_dsc_state_json(&s, d, NULL, 0));
  return s;
}

/* out of state -> its plan on a copy -> in state, nothing left to do ->
 * its undo puts it out of state again, with the same diff. */
static void round_trip(const cr_snapshot *s, const char *type,
                       const char *input, const char *want_diff)
{
  cr_dsc *d = open_dsc(s, type, input), *after = NULL, *undone = NULL;
  cr_change *plan = NULL, *again = NULL, *undo = NULL;
  cr_snapshot *c = NULL;
  char *diff = NULL;
  char undo_path[] = "test_dsc_undo.reg";
  if (!d)
    return;
  CHECK_MSG(cr_dsc_test(d) == 0, "%s %s is already in state", type, input);
  CHECK_OK(cr_dsc_diff_json(&diff, d));
  CHECK_MSG(diff && !strcmp(diff, want_diff), "%s diff %s, want %s", type,
            diff ? diff : "", want_diff);
  CHECK_OK(cr_dsc_plan(&plan, d));
  CHECK(plan && cr_change_op_count(plan) > 0);
  c = copy_of(s);
  if (plan && c) {
    CHECK_OK(cr_change_apply_snapshot(c, plan, undo_path));
    after = open_dsc(c, type, input);
    CHECK_MSG(after && cr_dsc_test(after) == 1, "%s %s: out of state after "
              "its own plan", type, input);
    if (after) {
      CHECK_OK(cr_dsc_plan(&again, after));
      CHECK(again && cr_change_op_count(again) == 0);
    }
    /* The undo written from a snapshot restores every value but never
     * deletes a key (the change engine's safe form: a snapshot may not
     * hold every key); the verdict and the diff come back. The live undo,
     * exact to the byte, is tests/wine/test_dsc_live.sh's job. */
    CHECK_OK(cr_change_from_file(&undo, undo_path));
    if (undo) {
      char *undone_diff = NULL;
      CHECK_OK(cr_change_apply_snapshot(c, undo, NULL));
      undone = open_dsc(c, type, input);
      CHECK(undone && cr_dsc_test(undone) == 0);
      if (undone)
        CHECK_OK(cr_dsc_diff_json(&undone_diff, undone));
      CHECK_MSG(undone_diff && !strcmp(undone_diff, want_diff),
                "%s: diff after the undo %s", type,
                undone_diff ? undone_diff : "");
      cr_free(undone_diff);
    }
  }
  remove(undo_path);
  cr_free(diff);
  cr_change_free(plan);
  cr_change_free(again);
  cr_change_free(undo);
  cr_dsc_free(d);
  cr_dsc_free(after);
  cr_dsc_free(undone);
  cr_snapshot_free(c);
}

/* A state this machine cannot take (the planner refuses it): Get and Test
 * answer (out of state, the refusal in the Reasons, no restart promised);
 * only the plan (Set) fails, with the planner's error. */
static void unreachable(const cr_snapshot *s, const char *type,
                        const char *input, const char *want_diff,
                        int want_rc, const char *words)
{
  cr_dsc *d = open_dsc(s, type, input);
  cr_change *c = (cr_change *)1;
  char *diff = NULL, *st = NULL, *got = NULL;
  if (!d)
    return;
  CHECK_MSG(cr_dsc_test(d) == 0, "%s %s: test %d", type, input,
            cr_dsc_test(d));
  CHECK_OK(cr_dsc_diff_json(&diff, d));
  CHECK_MSG(diff && !strcmp(diff, want_diff), "%s diff %s, want %s", type,
            diff ? diff : "", want_diff);
  CHECK_OK(cr_dsc_state_json(&st, d, NULL, CR_DSC_STATE_TEST));
  CHECK_MSG(st && strstr(st, "\"_inDesiredState\":false") &&
            strstr(st, words) && !strstr(st, "\"RebootRequired\":true"),
            "%s %s: state %s", type, input, st ? st : "");
  CHECK(cr_dsc_reboot_required(d) == 0);
  CHECK_OK(cr_dsc_state_json(&got, d, NULL, 0)); /* get */
  CHECK_MSG(cr_dsc_plan(&c, d) == want_rc && c == NULL, "%s %s: plan", type,
            input);
  CHECK_MSG(strstr(cr_error_last(), words) != NULL, "%s %s: want '%s' in: %s",
            type, input, words, cr_error_last());
  cr_free(diff);
  cr_free(st);
  cr_free(got);
  cr_dsc_free(d);
}

static void rejects(const cr_snapshot *s, const char *type, const char *input,
                    int want_rc, const char *words)
{
  cr_dsc *d = (cr_dsc *)1;
  int rc = cr_dsc_open(&d, s, type, input, strlen(input));
  CHECK_MSG(rc == want_rc && d == NULL, "%s %s: rc %d, want %d", type, input,
            rc, want_rc);
  CHECK_MSG(strstr(cr_error_last(), words) != NULL, "%s %s: want '%s' in: %s",
            type, input, words, cr_error_last());
}

static void test_types(void)
{
  size_t i;
  char *schema = NULL;
  cr_jval *v = NULL;
  CHECK(cr_dsc_type_count() == 7);
  CHECK(!strcmp(cr_dsc_type_name(0), "ConnReset/Audit"));
  CHECK(cr_dsc_type_name(7) == NULL);
  for (i = 0; i < cr_dsc_type_count(); i++) {
    CHECK_OK(cr_dsc_schema_json(&schema, cr_dsc_type_name(i)));
    CHECK_OK(cr_json_parse(&v, schema, strlen(schema), "schema"));
    CHECK(v && cr_jval_member(v, "properties") &&
          cr_jval_member(v, "additionalProperties"));
    cr_jval_free(v);
    v = NULL;
    cr_free(schema);
    schema = NULL;
  }
  CHECK(cr_dsc_schema_json(&schema, "ConnReset/Nothing") == CR_EINVAL);
  CHECK(strstr(cr_error_last(), "ConnReset/SynProtection") != NULL);
  CHECK_OK(cr_dsc_schema_json(&schema, "synprotection")); /* short, any case */
  cr_free(schema);
}

static void test_input_rules(void)
{
  cr_snapshot *s = open_fixtures("../../examples/snapshots/ws2003-sp2.reg",
                                 NULL);
  cr_dsc *d;
  if (!s)
    return;
  rejects(s, "SynProtection", "{\"IsSingleInstance\":\"Yes\",", CR_EPARSE,
          "input: line 1, column 27 (offset 26)");
  rejects(s, "SynProtection", "[]", CR_EINVAL, "must be a JSON object");
  rejects(s, "SynProtection", "{}", CR_EINVAL, "IsSingleInstance is required");
  rejects(s, "SynProtection", "{\"IsSingleInstance\":\"No\"}", CR_EINVAL,
          "'No' is not one of 'Yes'");
  rejects(s, "SynProtection", "{\"IsSingleInstance\":\"Yes\",\"state\":"
          "\"Enabled\"}", CR_EINVAL, "did you mean 'State'");
  rejects(s, "SynProtection", "{\"IsSingleInstance\":\"Yes\",\"_exist\":"
          "false}", CR_EINVAL, "unknown property '_exist'");
  rejects(s, "SynProtection", "{\"IsSingleInstance\":\"Yes\",\"State\":1}",
          CR_EINVAL, "expected a string, found a number");
  rejects(s, "SynProtection", "{\"IsSingleInstance\":\"Yes\",\"State\":"
          "\"Enabled\",\"TcpMaxHalfOpen\":0}", CR_EINVAL,
          "0 is outside 1 to 4294967295");
  rejects(s, "SynProtection", "{\"IsSingleInstance\":\"Yes\",\"State\":"
          "\"Enabled\",\"TcpMaxHalfOpen\":1.5}", CR_EINVAL,
          "expected an integer");
  rejects(s, "SynProtection", "{\"IsSingleInstance\":\"Yes\",\"State\":"
          "\"Disabled\",\"TcpMaxHalfOpen\":500}", CR_EINVAL,
          "apply only with State Enabled, not Disabled");
  rejects(s, "SynProtection", "{\"IsSingleInstance\":\"Yes\",\"State\":"
          "\"Enabled\",\"TcpMaxHalfOpen\":500,\"TcpMaxHalfOpenRetried\":500}",
          CR_EINVAL, "must be less than");
  /* the documented range of this OS (Server 2003: TcpMaxHalfOpenRetried
   * from 80) comes from the plan: this machine cannot take it, the input
   * is fine (Test answers, Set fails) */
  unreachable(s, "SynProtection", "{\"IsSingleInstance\":\"Yes\",\"State\":"
              "\"Enabled\",\"TcpMaxHalfOpenRetried\":10}",
              "[\"State\",\"TcpMaxHalfOpenRetried\"]\n", CR_EINVAL,
              "TcpMaxHalfOpenRetried must be between 80");
  /* the OS default TcpMaxHalfOpenRetried (400) is not below the asked
   * TcpMaxHalfOpen: the same */
  unreachable(s, "SynProtection", "{\"IsSingleInstance\":\"Yes\",\"State\":"
              "\"Enabled\",\"TcpMaxHalfOpen\":300}",
              "[\"State\",\"TcpMaxHalfOpen\"]\n", CR_EINVAL,
              "TcpMaxHalfOpenRetried (400) must be less than TcpMaxHalfOpen "
              "(300)");
  rejects(s, "CipherSuiteOrder", "{\"IsSingleInstance\":\"Yes\",\"Order\":"
          "[\"TLS_RSA_WITH_AES_128_CBC_SHA\"],\"ExcludeDhe\":true}",
          CR_EINVAL, "not both Order and ExcludeDhe");
  rejects(s, "CipherSuiteOrder", "{\"IsSingleInstance\":\"Yes\","
          "\"ExcludeDhe\":false}", CR_EINVAL, "ExcludeDhe = false asks for "
          "nothing");
  rejects(s, "CipherSuiteOrder", "{\"IsSingleInstance\":\"Yes\",\"Order\":"
          "[\"TLS_NOT_A_SUITE\"]}", CR_EINVAL, "not a cipher suite name");
  rejects(s, "CertificatePurpose", "{\"Thumbprint\":\"12\"}", CR_EINVAL,
          "not a SHA-1 thumbprint");
  rejects(s, "SchannelProtocol", "{\"Protocol\":\"TLS 1.4\",\"Role\":"
          "\"Client\"}", CR_EINVAL, "'TLS 1.4' is not one of");
  /* case is forgiven in values (PowerShell's ValidateSet ignores it), and
   * read-only properties and null are ignored */
  d = open_dsc(s, "ConnReset/SynProtection", "{\"IsSingleInstance\":\"yes\","
               "\"State\":\"disabled\",\"TcpMaxHalfOpen\":null,"
               "\"EffectiveState\":42,\"Reasons\":[]}");
  if (d) {
    char *st = state_of(d);
    CHECK(st && strstr(st, "\"IsSingleInstance\":\"Yes\""));
    CHECK(cr_dsc_test(d) == 0);
    cr_free(st);
  }
  cr_dsc_free(d);
  /* keys only: a get, but nothing to test */
  d = open_dsc(s, "SynProtection", "{\"IsSingleInstance\":\"Yes\"}");
  if (d) {
    cr_change *c = NULL;
    CHECK(cr_dsc_test(d) == CR_EINVAL);
    CHECK(strstr(cr_error_last(), "give State") != NULL);
    CHECK(cr_dsc_plan(&c, d) == CR_EINVAL && c == NULL);
  }
  cr_dsc_free(d);
  cr_snapshot_free(s);
}

static void test_syn(void)
{
  cr_snapshot *s = open_fixtures("../../examples/snapshots/ws2003-sp2.reg",
                                 NULL);
  cr_dsc *d;
  char *st = NULL, *restart = NULL;
  if (!s)
    return;
  d = open_dsc(s, "SynProtection", "{\"IsSingleInstance\":\"Yes\","
               "\"State\":\"Default\"}");
  if (d) {
    /* in state (the values are absent) although Windows turns protection
     * on by default: the effective state says so, and SYN001 is a Reason */
    CHECK(cr_dsc_test(d) == 1);
    CHECK(cr_dsc_reboot_required(d) == 0);
    st = state_of(d);
    CHECK(st && strstr(st, "\"State\":\"Default\",\"EffectiveState\":"
                           "\"Enabled\""));
    CHECK(st && strstr(st, "{\"Code\":\"ConnReset:ConnReset:SYN001\","
                           "\"Phrase\":\"TCP SYN attack protection is active"));
    CHECK_OK(cr_dsc_restart_json(&restart, d));
    CHECK(restart && !strcmp(restart, "[{\"system\":\"SQL2003-PROD\"}]\n"));
  }
  cr_free(st);
  cr_free(restart);
  cr_dsc_free(d);
  d = open_dsc(s, "SynProtection", "{\"IsSingleInstance\":\"Yes\","
               "\"State\":\"Disabled\"}");
  if (d) {
    CHECK(cr_dsc_reboot_required(d) == 1);
    st = state_of(d);
    CHECK(st && strstr(st, "\"Reasons\":[{\"Code\":\"ConnReset:ConnReset:"
                           "State\",\"Phrase\":\"State is 'Default'; "
                           "'Disabled' is wanted.\"}"));
    cr_free(st);
  }
  cr_dsc_free(d);
  round_trip(s, "SynProtection", "{\"IsSingleInstance\":\"Yes\","
             "\"State\":\"Disabled\"}", "[\"State\"]\n");
  round_trip(s, "SynProtection", "{\"IsSingleInstance\":\"Yes\",\"State\":"
             "\"Enabled\",\"TcpMaxHalfOpen\":1000,\"TcpMaxHalfOpenRetried\":"
             "800}", "[\"State\",\"TcpMaxHalfOpen\",\"TcpMaxHalfOpenRetried\"]\n");
  cr_snapshot_free(s);
}

static void test_schannel(void)
{
  cr_snapshot *s = open_fixtures("tls/ws2008r2-default.reg", NULL);
  cr_dsc *d;
  char *st = NULL;
  if (!s)
    return;
  round_trip(s, "SchannelProtocol", "{\"Protocol\":\"TLS 1.2\",\"Role\":"
             "\"Server\",\"State\":\"Enabled\"}", "[\"State\"]\n");
  round_trip(s, "SchannelProtocol", "{\"Protocol\":\"TLS 1.0\",\"Role\":"
             "\"Client\",\"State\":\"Disabled\"}", "[\"State\"]\n");
  d = open_dsc(s, "SchannelProtocol", "{\"Protocol\":\"TLS 1.2\",\"Role\":"
               "\"Server\",\"State\":\"Default\"}");
  if (d) {
    /* Default is in state; the effective state is the OS default, and
     * PROTO003 (TLS 1.2 off for the server role) is the Reason */
    CHECK(cr_dsc_test(d) == 1);
    st = state_of(d);
    CHECK(st && strstr(st, "\"EffectiveState\":\"DisabledByDefault\""));
    CHECK(st && strstr(st, "ConnReset:ConnReset:PROTO003"));
    CHECK(st && !strstr(st, "EnabledValue"));
  }
  cr_free(st);
  cr_dsc_free(d);
  /* TLS 1.3 cannot be enabled where the OS lacks it: out of state */
  unreachable(s, "SchannelProtocol", "{\"Protocol\":\"TLS 1.3\",\"Role\":"
              "\"Client\",\"State\":\"Enabled\"}", "[\"State\"]\n",
              CR_EINVAL, "does not support TLS 1.3");
  /* nor a suite it lacks; a name that is no suite is the input's fault */
  unreachable(s, "CipherSuiteOrder", "{\"IsSingleInstance\":\"Yes\","
              "\"Order\":[\"TLS_AES_256_GCM_SHA384\"]}", "[\"Order\"]\n",
              CR_EINVAL, "does not support TLS_AES_256_GCM_SHA384");
  rejects(s, "CipherSuiteOrder", "{\"IsSingleInstance\":\"Yes\",\"Order\":"
          "[]}", CR_EINVAL, "property Order: an empty list");
  cr_snapshot_free(s);
}

static void test_suites(void)
{
  cr_snapshot *s = open_fixtures("tls/ws2019-dhe-first-server.reg", NULL);
  cr_dsc *d;
  char *st = NULL;
  if (!s)
    return;
  round_trip(s, "CipherSuiteOrder", "{\"IsSingleInstance\":\"Yes\","
             "\"ExcludeDhe\":true}", "[\"ExcludeDhe\"]\n");
  round_trip(s, "CipherSuiteOrder", "{\"IsSingleInstance\":\"Yes\","
             "\"Profile\":\"suites-no-dhe-win10\"}", "[\"Profile\"]\n");
  round_trip(s, "CipherSuiteOrder", "{\"IsSingleInstance\":\"Yes\",\"Order\":"
             "[\"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\","
             "\"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\"]}", "[\"Order\"]\n");
  d = open_dsc(s, "CipherSuiteOrder", "{\"IsSingleInstance\":\"Yes\","
               "\"ExcludeDhe\":true}");
  if (d) {
    st = state_of(d);
    CHECK(st && strstr(st, "\"EffectiveSource\":\"Policy\""));
    CHECK(st && strstr(st, "ConnReset:ConnReset:DHE001"));
    CHECK(cr_dsc_reboot_required(d) == 1);
  }
  cr_free(st);
  cr_dsc_free(d);
  cr_snapshot_free(s);
}

static void test_netfx(void)
{
  cr_snapshot *s = open_fixtures("tls/ws2019-tls12-only-client.reg", NULL);
  if (!s)
    return;
  round_trip(s, "StrongCrypto", "{\"IsSingleInstance\":\"Yes\","
             "\"SchUseStrongCrypto\":\"Enabled\",\"SystemDefaultTlsVersions\":"
             "\"Enabled\"}", "[\"SchUseStrongCrypto\","
             "\"SystemDefaultTlsVersions\"]\n");
  cr_snapshot_free(s);
}

static void test_certs(void)
{
  cr_snapshot *s = open_fixtures("sql/ws2012r2-sql-mixed.reg",
                                 "sql/weak-certs-overlay.reg");
  cr_dsc *d;
  char *st = NULL, *restart = NULL, *lines = NULL;
  if (!s)
    return;
  round_trip(s, "CertificatePurpose", "{\"Thumbprint\":\"258a392b6d4ba4c8fe"
             "fe151af3b2ea462f098ab7\",\"ServerAuthentication\":\"Absent\"}",
             "[\"ServerAuthentication\"]\n");
  d = open_dsc(s, "CertificatePurpose", "{\"Thumbprint\":\"258a392b6d4ba4c8"
               "fefe151af3b2ea462f098ab7\",\"ServerAuthentication\":"
               "\"Absent\"}");
  if (d) {
    st = state_of(d);
    CHECK(st && strstr(st, "\"SignatureAlgorithm\":\"md5RSA\",\"Weak\":true,"
                           "\"UsedBy\":[\"MSSQLSERVER\"]"));
    CHECK(st && strstr(st, "ConnReset:ConnReset:CERTHASH001"));
    CHECK_OK(cr_dsc_restart_json(&restart, d));
    CHECK(restart && !strcmp(restart, "[{\"service\":\"MSSQLSERVER\"}]\n"));
  }
  cr_free(st);
  cr_free(restart);
  cr_dsc_free(d);
  /* a certificate that is not there: Absent holds, Present cannot be
   * reached (out of state; the plan says why) */
  d = open_dsc(s, "CertificatePurpose", "{\"Thumbprint\":\"00000000000000"
               "00000000000000000000000000\",\"ServerAuthentication\":"
               "\"Absent\"}");
  CHECK(d && cr_dsc_test(d) == 1);
  cr_dsc_free(d);
  d = open_dsc(s, "CertificatePurpose", "{\"Thumbprint\":\"00000000000000"
               "00000000000000000000000000\",\"ServerAuthentication\":"
               "\"Present\"}");
  if (d) {
    cr_change *c = NULL;
    CHECK(cr_dsc_test(d) == 0);
    CHECK(cr_dsc_plan(&c, d) == CR_ENOTFOUND && !c);
    CHECK(strstr(cr_error_last(), "is not in LocalMachine\\My") != NULL);
  }
  cr_dsc_free(d);
  round_trip(s, "SqlServerCertificate", "{\"InstanceName\":\"MSSQLSERVER\","
             "\"Thumbprint\":\"\"}", "[\"Thumbprint\"]\n");
  round_trip(s, "SqlServerCertificate", "{\"InstanceName\":\"SQL2017\","
             "\"Thumbprint\":\"16FE22A03C3D236824D9BED71854F41FB5D0BADF\","
             "\"RestartService\":true}", "[\"Thumbprint\"]\n");
  d = open_dsc(s, "SqlServerCertificate", "{\"InstanceName\":\"SQL2017\","
               "\"Thumbprint\":\"\",\"RestartService\":true}");
  if (d) {
    st = state_of(d);
    CHECK(cr_dsc_test(d) == 1); /* "" is written: cleared */
    CHECK(cr_dsc_restart_service_requested(d) == 1);
    CHECK(st && !strstr(st, "RestartService")); /* write-only */
    CHECK(st && strstr(st, "\"ServiceName\":\"MSSQL$SQL2017\""));
  }
  cr_free(st);
  cr_dsc_free(d);
  d = open_dsc(s, "SqlServerCertificate", "{\"InstanceName\":\"NOPE\","
               "\"Thumbprint\":\"\"}");
  CHECK(d && cr_dsc_test(d) == 0);
  cr_dsc_free(d);
  CHECK_OK(cr_dsc_export_json(&lines, s, "CertificatePurpose"));
  CHECK(lines && strstr(lines, "\"Thumbprint\":\"258A392B6D4BA4C8FEFE151AF3"
                               "B2EA462F098AB7\""));
  cr_free(lines);
  /* The export filter: '*' anywhere, case ignored, every given property
   * (the registry holds SQL2017's Thumbprint as "", SQL2014SP2 has none). */
  {
    static const struct {
      const char *filter, *want;
    } f[] = {
      { "{\"InstanceName\":\"s*2*1*7\"}", "SQL2017" },
      { "{\"InstanceName\":\"**SQL2019*\"}", "SQL2019" },
      { "{\"InstanceName\":\"MSSQLSERVER\",\"Thumbprint\":\"258a*\"}",
        "MSSQLSERVER" },
      { "{\"Thumbprint\":\"\"}", "SQL2017" },
      { "{\"InstanceName\":\"SQL2017\",\"RestartService\":true}", "SQL2017" },
      { "{\"InstanceName\":\"SQL2017\",\"Thumbprint\":\"*x\"}", "" },
    };
    size_t i;
    for (i = 0; i < sizeof f / sizeof f[0]; i++) {
      char want[100];
      CHECK_OK(cr_dsc_export_filtered_json(&lines, s, "SqlServerCertificate",
                                           f[i].filter, strlen(f[i].filter)));
      snprintf(want, sizeof want, "{\"InstanceName\":\"%s\"", f[i].want);
      if (*f[i].want)
        CHECK(lines && !strncmp(lines, want, strlen(want)) &&
              strchr(lines, '\n') == lines + strlen(lines) - 1);
      else
        CHECK(lines && !*lines);
      cr_free(lines);
    }
    CHECK(cr_dsc_export_filtered_json(&lines, s, "SqlServerCertificate",
                                      "{\"Name\":1}", 10) == CR_EINVAL);
    CHECK(cr_dsc_export_filtered_json(&lines, s, "SqlServerCertificate",
                                      NULL, 3) == CR_EINVAL);
  }
  cr_snapshot_free(s);
}

static void test_audit(void)
{
  cr_snapshot *s = open_fixtures("../../examples/snapshots/ws2003-sp2.reg",
                                 NULL);
  cr_dsc *d;
  char *st = NULL, *diff = NULL;
  cr_change *c = NULL;
  if (!s)
    return;
  d = open_dsc(s, "Audit", "{\"IsSingleInstance\":\"Yes\"}");
  if (d) {
    CHECK(cr_dsc_test(d) == 0);
    st = state_of(d);
    CHECK(st && strstr(st, "\"MinimumSeverity\":\"Warning\",\"Findings\":"
                           "[\"SYN001 warning:"));
    CHECK_OK(cr_dsc_diff_json(&diff, d));
    CHECK(diff && !strcmp(diff, "[\"Findings\"]\n"));
    CHECK_OK(cr_dsc_plan(&c, d));
    CHECK(c && cr_change_op_count(c) == 0); /* an audit changes nothing */
  }
  cr_free(st);
  cr_free(diff);
  cr_change_free(c);
  cr_dsc_free(d);
  d = open_dsc(s, "Audit", "{\"IsSingleInstance\":\"Yes\","
               "\"MinimumSeverity\":\"Error\"}");
  CHECK(d && cr_dsc_test(d) == 1);
  cr_dsc_free(d);
  cr_snapshot_free(s);
}

static void test_set_output(void)
{
  cr_snapshot *s = open_fixtures("../../examples/snapshots/ws2003-sp2.reg",
                                 NULL), *c = NULL;
  const char *in = "{\"IsSingleInstance\":\"Yes\",\"State\":\"Disabled\"}";
  cr_dsc *before, *after = NULL;
  cr_change *plan = NULL;
  char *st = NULL, *lines = NULL;
  if (!s)
    return;
  before = open_dsc(s, "SynProtection", in);
  CHECK_OK(cr_dsc_plan(&plan, before));
  c = copy_of(s);
  CHECK_OK(cr_change_apply_snapshot(c, plan, NULL));
  after = open_dsc(c, "SynProtection", in);
  CHECK_OK(cr_dsc_state_json(&st, after, before, 0));
  CHECK(st && strstr(st, "\"RebootRequired\":true,\"Reasons\":[],"
                         "\"_restartRequired\":[{\"system\":\"SQL2003-PROD\"}],"
                         "\"_metadata\":{\"_restartRequired\":[{\"system\":"
                         "\"SQL2003-PROD\"}]}}"));
  cr_free(st);
  CHECK_OK(cr_dsc_state_json(&st, after, NULL, CR_DSC_STATE_TEST));
  CHECK(st && strstr(st, "\"RebootRequired\":false,\"Reasons\":[],"
                         "\"_inDesiredState\":true}\n"));
  cr_free(st);
  CHECK_OK(cr_dsc_export_json(&lines, s, "SchannelProtocol"));
  {
    size_t n = 0;
    const char *p;
    for (p = lines; p && *p; p++)
      n += *p == '\n';
    CHECK(n == 12);
  }
  cr_free(lines);
  cr_change_free(plan);
  cr_dsc_free(before);
  cr_dsc_free(after);
  cr_snapshot_free(c);
  cr_snapshot_free(s);
}

static const test_case cases[] = {
  { "types", test_types },
  { "input_rules", test_input_rules },
  { "syn", test_syn },
  { "schannel", test_schannel },
  { "suites", test_suites },
  { "netfx", test_netfx },
  { "certs", test_certs },
  { "audit", test_audit },
  { "set_output", test_set_output },
};

int main(int argc, char **argv)
{
  if (argc > 1)
    fixtures = argv[1];
  return run_cases(cases, sizeof cases / sizeof cases[0]);
}
