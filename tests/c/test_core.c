/*
 * test_core.c - the portable core through the public API: SYN verdicts per
 * OS, JSON, change plans, the change engine (backup, verify, rollback with
 * injected faults) and the error conventions. Runs on Linux, under
 * ASan/UBSan, and as a Windows binary under Wine.
 */
#include "connreset.h"
#include "test.h"

#include <stdlib.h>

#define OSKEY "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion]\n"
#define POKEY "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\ProductOptions]\n"
#define TCPKEY "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters]\n"
#define TCPPATH "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters"

#define WS2003_SP2 OSKEY "\"CurrentVersion\"=\"5.2\"\n\"CurrentBuildNumber\"=\"3790\"\n" \
  "\"CSDVersion\"=\"Service Pack 2\"\n\"ProductName\"=\"Microsoft Windows Server 2003\"\n" \
  POKEY "\"ProductType\"=\"ServerNT\"\n"
#define WS2003_RTM OSKEY "\"CurrentVersion\"=\"5.2\"\n\"CurrentBuildNumber\"=\"3790\"\n" \
  POKEY "\"ProductType\"=\"ServerNT\"\n"
#define WINXP_SP3 OSKEY "\"CurrentVersion\"=\"5.1\"\n\"CurrentBuildNumber\"=\"2600\"\n" \
  "\"CSDVersion\"=\"Service Pack 3\"\n" POKEY "\"ProductType\"=\"WinNT\"\n"
#define WS2019 OSKEY "\"CurrentVersion\"=\"6.3\"\n\"CurrentBuildNumber\"=\"17763\"\n" \
  "\"CurrentMajorVersionNumber\"=dword:0000000a\n\"CurrentMinorVersionNumber\"=dword:00000000\n" \
  "\"UBR\"=dword:00001a2b\n" POKEY "\"ProductType\"=\"ServerNT\"\n"

static cr_snapshot *snap_of(const char *body)
{
  char buf[4096];
  cr_snapshot *s = NULL;
  int n = snprintf(buf, sizeof buf, "REGEDIT4\n\n%s", body);
  CHECK_OK(cr_snapshot_new(&s));
  if (cr_snapshot_load_buffer(s, buf, (size_t)n, "inline.reg") != CR_OK) {
    CHECK(!"inline snapshot failed to parse");
  }
  return s;
}

static char *syn_json(const cr_snapshot *s, cr_report **keep)
{
  cr_report *r = NULL;
  char *json = NULL;
  CHECK_OK(cr_check_syn(&r, s));
  CHECK_OK(cr_report_to_json(&json, r));
  if (keep)
    *keep = r;
  else
    cr_report_free(r);
  return json;
}

static int has_finding(const cr_report *r, const char *id)
{
  size_t i;
  for (i = 0; i < cr_report_finding_count(r); i++)
    if (strcmp(cr_finding_id(cr_report_finding(r, i)), id) == 0)
      return 1;
  return 0;
}

static void test_syn_verdicts(void)
{
  cr_snapshot *s;
  cr_report *r;
  char *j;

  /* Server 2003 SP2 with nothing set: on by default (seed 000, KB899599). */
  s = snap_of(WS2003_SP2 TCPKEY);
  j = syn_json(s, &r);
  CHECK_CONTAINS(j, "\"state\": \"enabled\"");
  CHECK_CONTAINS(j, "\"source\": \"os-default\"");
  CHECK_CONTAINS(j, "\"name\": \"Windows Server 2003 SP2\"");
  CHECK(has_finding(r, "SYN001"));
  CHECK(cr_report_worst_severity(r) == CR_SEVERITY_WARNING);
  CHECK_STR(cr_finding_fix_cmdlet(cr_report_finding(r, 0)),
            "Set-SynProtection -Disable");
  CHECK_STR(cr_finding_fix_cli(cr_report_finding(r, 0)),
            "connreset syn set --disable");
  cr_free(j);
  cr_report_free(r);
  cr_snapshot_free(s);

  /* ... explicitly disabled: clean. */
  s = snap_of(WS2003_SP2 TCPKEY "\"SynAttackProtect\"=dword:00000000\n");
  j = syn_json(s, &r);
  CHECK_CONTAINS(j, "\"state\": \"disabled\"");
  CHECK(cr_report_finding_count(r) == 0);
  cr_free(j);
  cr_report_free(r);
  cr_snapshot_free(s);

  /* ... enabled but TcpMaxConnectResponseRetransmissions < 2: inactive. */
  s = snap_of(WS2003_SP2 TCPKEY "\"TcpMaxConnectResponseRetransmissions\"=dword:00000001\n");
  j = syn_json(s, &r);
  CHECK_CONTAINS(j, "\"state\": \"disabled\"");
  CHECK(!has_finding(r, "SYN001"));
  cr_free(j);
  cr_report_free(r);
  cr_snapshot_free(s);

  /* Server 2003 without a service pack: off by default. */
  s = snap_of(WS2003_RTM TCPKEY);
  j = syn_json(s, &r);
  CHECK_CONTAINS(j, "\"state\": \"disabled\"");
  CHECK_CONTAINS(j, "\"servicePack\": 0");
  CHECK(cr_report_finding_count(r) == 0);
  cr_free(j);
  cr_report_free(r);
  cr_snapshot_free(s);

  /* XP with protection turned on by hand: SYN002 (info), exit-clean. */
  s = snap_of(WINXP_SP3 TCPKEY "\"SynAttackProtect\"=dword:00000001\n");
  j = syn_json(s, &r);
  CHECK_CONTAINS(j, "\"state\": \"enabled\"");
  CHECK(has_finding(r, "SYN002"));
  CHECK(cr_report_worst_severity(r) == CR_SEVERITY_INFO);
  cr_free(j);
  cr_report_free(r);
  cr_snapshot_free(s);

  /* Server 2019 with leftovers: not applicable, SYN005. */
  s = snap_of(WS2019 TCPKEY "\"SynAttackProtect\"=dword:00000000\n"
              "\"TcpMaxHalfOpen\"=dword:00000064\n");
  j = syn_json(s, &r);
  CHECK_CONTAINS(j, "\"state\": \"not-applicable\"");
  CHECK_CONTAINS(j, "\"source\": \"no-effect\"");
  CHECK_CONTAINS(j, "\"name\": \"Windows Server 2019\"");
  CHECK_CONTAINS(j, "\"ubr\": 6699");
  CHECK(has_finding(r, "SYN005"));
  CHECK(!has_finding(r, "SYN001"));
  cr_free(j);
  cr_report_free(r);
  cr_snapshot_free(s);

  /* Out of range, retried not below half-open, wrong type. */
  s = snap_of(WS2003_SP2 TCPKEY "\"SynAttackProtect\"=dword:00000002\n"
              "\"TcpMaxHalfOpen\"=dword:00000064\n"
              "\"TcpMaxHalfOpenRetried\"=dword:000000c8\n"
              "\"TcpMaxConnectResponseRetransmissions\"=\"2\"\n");
  j = syn_json(s, &r);
  CHECK(has_finding(r, "SYN003"));
  CHECK(has_finding(r, "SYN004"));
  CHECK(has_finding(r, "SYN006"));
  CHECK_CONTAINS(j, "\"source\": \"invalid-type\"");
  cr_free(j);
  cr_report_free(r);
  cr_snapshot_free(s);

  /* Retried below the documented minimum of 80 on 2003. */
  s = snap_of(WS2003_SP2 TCPKEY "\"TcpMaxHalfOpenRetried\"=dword:00000032\n");
  j = syn_json(s, &r);
  CHECK(has_finding(r, "SYN003"));
  CHECK_CONTAINS(j, "documented range");
  cr_free(j);
  cr_report_free(r);
  cr_snapshot_free(s);

  /* No OS identity: state unknown, SYN007, defaults not guessed. */
  s = snap_of(TCPKEY "\"SynAttackProtect\"=dword:00000001\n");
  j = syn_json(s, &r);
  CHECK_CONTAINS(j, "\"state\": \"unknown\"");
  CHECK_CONTAINS(j, "\"default\": null");
  CHECK(has_finding(r, "SYN007"));
  cr_free(j);
  cr_report_free(r);
  cr_snapshot_free(s);

  /* The diagnosis ranks warnings before infos. */
  s = snap_of(WS2003_SP2 TCPKEY "\"TcpMaxHalfOpenRetried\"=dword:00000032\n");
  CHECK_OK(cr_diagnose(&r, s));
  CHECK(cr_report_finding_count(r) >= 2);
  CHECK(cr_finding_severity(cr_report_finding(r, 0)) >=
        cr_finding_severity(cr_report_finding(r, cr_report_finding_count(r) - 1)));
  CHECK_STR(cr_finding_family(cr_report_finding(r, 0)), "SYN");
  cr_report_free(r);
  cr_snapshot_free(s);
}

static uint32_t get_dword(const cr_snapshot *s, const char *name, int *present)
{
  uint32_t type;
  const void *data;
  size_t len;
  const unsigned char *p;
  *present = 0;
  if (cr_snapshot_get_value(&type, &data, &len, s, TCPPATH, name) != CR_OK)
    return 0;
  *present = 1;
  p = data;
  return len == 4 ? (uint32_t)p[0] | ((uint32_t)p[1] << 8) |
                    ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24) : 0;
}

static void test_plans(void)
{
  cr_syn_options o = CR_SYN_OPTIONS_INIT;
  cr_snapshot *s = snap_of(WS2003_SP2 TCPKEY), *s0 = snap_of(WS2003_SP2 TCPKEY);
  cr_change *c = NULL;
  char *text = NULL, *why = NULL;
  int present;

  /* Disable: one write; apply; verify; the backup restores exactly. */
  CHECK_OK(cr_syn_plan(&c, s, &o));
  CHECK(cr_change_op_count(c) == 1);
  CHECK_OK(cr_change_describe(&text, c, s));
  CHECK_CONTAINS(text, "SynAttackProtect = 0");
  CHECK_CONTAINS(text, "now: absent");
  CHECK_CONTAINS(text, "intranet");
  cr_free(text);
  CHECK_OK(cr_change_apply_snapshot(s, c, "test_core_backup.reg"));
  CHECK(get_dword(s, "SynAttackProtect", &present) == 0 && present);
  cr_change_free(c);

  /* Idempotent: disabling again plans nothing. */
  CHECK_OK(cr_syn_plan(&c, s, &o));
  CHECK(cr_change_op_count(c) == 0);
  cr_change_free(c);

  /* The backup removes the value again ("SynAttackProtect"=-). */
  CHECK_OK(cr_change_from_file(&c, "test_core_backup.reg"));
  CHECK(cr_change_op_count(c) >= 1);
  CHECK_OK(cr_change_apply_snapshot(s, c, NULL));
  cr_change_free(c);
  CHECK(cr_snapshot_equal(&why, s, s0));
  cr_free(why);
  why = NULL;

  /* Enable with thresholds: validation. */
  o.action = CR_SYN_ENABLE;
  o.max_half_open = 100;
  o.max_half_open_retried = 100;
  CHECK(cr_syn_plan(&c, s, &o) == CR_EINVAL);
  CHECK_CONTAINS(cr_error_last(), "less than");
  o.max_half_open_retried = 50; /* below the documented 80 */
  CHECK(cr_syn_plan(&c, s, &o) == CR_EINVAL);
  CHECK_CONTAINS(cr_error_last(), "between 80");
  o.max_half_open = 1000;
  o.max_half_open_retried = 800;
  CHECK_OK(cr_syn_plan(&c, s, &o));
  CHECK(cr_change_op_count(c) == 3);
  cr_change_free(c);

  /* Disable with thresholds is a usage error. */
  o.action = CR_SYN_DISABLE;
  CHECK(cr_syn_plan(&c, s, &o) == CR_EINVAL);
  CHECK(c == NULL);

  cr_snapshot_free(s);
  cr_snapshot_free(s0);
}

/* Fault injection: the in-memory store's writes go through an overridable
 * table, so a failure between two writes can be forced. */
typedef int (*set_value_fn)(cr_snapshot *, const char *, const char *,
                            uint32_t, const void *, size_t);
static set_value_fn real_set_value;
static int calls_until_failure;

static int failing_set_value(cr_snapshot *s, const char *key, const char *name,
                             uint32_t type, const void *data, size_t len)
{
  if (calls_until_failure-- == 0)
    return -5; /* CR_EIO, as a failing disk or registry would */
  return real_set_value(s, key, name, type, data, len);
}

static int lying_set_value(cr_snapshot *s, const char *key, const char *name,
                           uint32_t type, const void *data, size_t len)
{
  /* Succeeds but stores something else: only the read-back can tell. */
  static const unsigned char other[4] = { 7, 0, 0, 0 };
  (void)data;
  return real_set_value(s, key, name, type, other, len == 4 ? 4 : len);
}

static void test_rollback(void)
{
  cr_syn_options o = CR_SYN_OPTIONS_INIT;
  cr_snapshot *s = snap_of(WS2003_SP2 TCPKEY "\"TcpMaxHalfOpen\"=dword:000001f4\n");
  cr_snapshot *s0 = snap_of(WS2003_SP2 TCPKEY "\"TcpMaxHalfOpen\"=dword:000001f4\n");
  cr_change *c = NULL;
  char *why = NULL;
  const char *name = NULL;
  int found = 0;

  while ((name = cr_syscall_next(name)) != NULL)
    if (strcmp(name, "snapshot_set_value") == 0)
      found = 1;
  CHECK(found);
  real_set_value = (set_value_fn)cr_syscall_get("snapshot_set_value");
  CHECK(real_set_value != NULL);

  o.action = CR_SYN_ENABLE;
  o.max_half_open = 1000;
  o.max_half_open_retried = 800;
  CHECK_OK(cr_syn_plan(&c, s, &o));
  CHECK(cr_change_op_count(c) == 3);

  /* The second write fails: the first is undone. */
  calls_until_failure = 1;
  CHECK_OK(cr_syscall_set("snapshot_set_value", (cr_syscall_ptr)failing_set_value));
  CHECK(cr_change_apply_snapshot(s, c, "test_core_rollback.reg") == CR_EROLLEDBACK);
  CHECK_CONTAINS(cr_error_last(), "step 2 of 3");
  CHECK_CONTAINS(cr_error_last(), "restored");
  CHECK(cr_snapshot_equal(&why, s, s0));
  cr_free(why);
  why = NULL;

  /* A write that lies is caught by the read-back and undone. */
  CHECK_OK(cr_syscall_set("snapshot_set_value", (cr_syscall_ptr)lying_set_value));
  /* The undo goes through the same lying call, so TcpMaxHalfOpen cannot
   * come back to 500: the engine must say so, not claim success. */
  CHECK(cr_change_apply_snapshot(s, c, NULL) == CR_EROLLBACK);
  CHECK_CONTAINS(cr_error_last(), "did not read back");
  CHECK_CONTAINS(cr_error_last(), "still differs");

  /* Restore the real call; the backup file undoes whatever happened. */
  CHECK_OK(cr_syscall_set("snapshot_set_value", NULL));
  CHECK(cr_syscall_get("snapshot_set_value") == (cr_syscall_ptr)real_set_value);
  cr_change_free(c);
  cr_snapshot_free(s);
  s = snap_of(WS2003_SP2 TCPKEY "\"TcpMaxHalfOpen\"=dword:000001f4\n");
  CHECK_OK(cr_syn_plan(&c, s, &o));
  CHECK_OK(cr_change_apply_snapshot(s, c, "test_core_rollback.reg"));
  cr_change_free(c);
  CHECK_OK(cr_change_from_file(&c, "test_core_rollback.reg"));
  CHECK_OK(cr_change_apply_snapshot(s, c, NULL));
  CHECK(cr_snapshot_equal(&why, s, s0));
  if (why)
    fprintf(stderr, "difference: %s\n", why);
  cr_free(why);
  cr_change_free(c);

  CHECK(cr_syscall_set("NoSuchCall", NULL) == CR_ENOTFOUND);
  cr_snapshot_free(s);
  cr_snapshot_free(s0);
}

static void test_conventions(void)
{
  cr_snapshot *s = NULL;
  CHECK_STR(cr_err_name(CR_EPARSE), "CR_EPARSE");
  CHECK_STR(cr_strerror(CR_ENOTFOUND), "not found");
  CHECK_STR(cr_err_name(-999), "CR_UNKNOWN");
  CHECK(CR_EROLLEDBACK == -10);
  /* Free functions take NULL. */
  cr_snapshot_free(NULL);
  cr_report_free(NULL);
  cr_change_free(NULL);
  cr_free(NULL);
  /* Out-parameters are cleared on failure and the error names the file. */
  {
    const char *paths[1] = { "does-not-exist.reg" };
    CHECK(cr_snapshot_open_files(&s, paths, 1) == CR_ENOTFOUND);
    CHECK(s == NULL);
    CHECK_CONTAINS(cr_error_last(), "does-not-exist.reg");
    CHECK(cr_error_last_code() == CR_ENOTFOUND);
  }
  cr_error_clear();
  CHECK_STR(cr_error_last(), "");
  CHECK(cr_snapshot_new(NULL) == CR_EINVAL);
}

/* Importing a .reg twice: cr_change_prune leaves nothing to do the second
 * time, and only what differs the first time. */
static void write_text(const char *path, const char *text)
{
  FILE *f = fopen(path, "wb");
  CHECK(f != NULL);
  if (f) {
    fputs(text, f);
    fclose(f);
  }
}

static void test_prune(void)
{
  cr_snapshot *s = snap_of(WS2003_SP2 TCPKEY "\"SynAttackProtect\"=dword:00000000\n"
                           "\"TcpMaxHalfOpen\"=dword:000001f4\n");
  cr_change *c = NULL;
  write_text("test_core_prune.reg",
             "REGEDIT4\n\n" TCPKEY
             "\"SynAttackProtect\"=dword:00000000\n"  /* already so */
             "\"TcpMaxHalfOpen\"=dword:000003e8\n"    /* differs */
             "\"TcpMaxHalfOpenRetried\"=-\n"          /* already absent */
             "\n[HKEY_LOCAL_MACHINE\\SYSTEM\\ConnResetPruneTest]\n" /* new key */
             "\n[-HKEY_LOCAL_MACHINE\\SYSTEM\\ConnResetAbsent]\n");
  CHECK_OK(cr_change_from_file(&c, "test_core_prune.reg"));
  CHECK(cr_change_op_count(c) == 6);
  CHECK_OK(cr_change_prune(c, s));
  /* Kept: TcpMaxHalfOpen, the new key, and the key delete (a snapshot that
   * is not a live capture cannot vouch that the key is absent). */
  CHECK(cr_change_op_count(c) == 3);
  CHECK_OK(cr_change_apply_snapshot(s, c, NULL));
  cr_change_free(c);
  /* The second time, nothing (the delete of a key no longer there is
   * dropped only against a live capture; see test_cli_live.sh). */
  CHECK_OK(cr_change_from_file(&c, "test_core_prune.reg"));
  CHECK_OK(cr_change_prune(c, s));
  CHECK(cr_change_op_count(c) == 1);
  cr_change_free(c);
  /* A set, then a delete of the same value: both count, in order. */
  write_text("test_core_prune.reg",
             "REGEDIT4\n\n" TCPKEY "\"TcpMaxHalfOpen\"=dword:00000001\n"
             "\n" TCPKEY "\"TcpMaxHalfOpen\"=-\n");
  CHECK_OK(cr_change_from_file(&c, "test_core_prune.reg"));
  CHECK_OK(cr_change_prune(c, s));
  CHECK(cr_change_op_count(c) == 2);
  cr_change_free(c);
  CHECK(cr_change_prune(NULL, s) == CR_EINVAL);
  cr_snapshot_free(s);
}

int main(void)
{
  test_conventions();
  test_syn_verdicts();
  test_plans();
  test_rollback();
  test_prune();
  remove("test_core_backup.reg");
  remove("test_core_rollback.reg");
  remove("test_core_prune.reg");
  return test_finish("test_core");
}
