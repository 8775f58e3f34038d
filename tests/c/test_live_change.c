/*
 * test_live_change.c - the change engine against the real (Wine) registry:
 * a write failure injected between two writes through the overridable
 * syscall table leaves the original state; a successful change reads back;
 * its backup restores the exact prior state, absent values included.
 * Windows only (runs under Wine through ctest).
 */
#include <windows.h>

#include "connreset.h"
#include "test.h"

#define TCP "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters"

typedef LSTATUS (WINAPI *set_value_fn)(HKEY, LPCWSTR, DWORD, DWORD,
                                       const BYTE *, DWORD);
static set_value_fn real_set_value;
static int calls_until_failure;

static LSTATUS WINAPI failing_set_value(HKEY k, LPCWSTR name, DWORD r,
                                        DWORD type, const BYTE *data, DWORD len)
{
  if (calls_until_failure-- == 0)
    return ERROR_WRITE_FAULT; /* as a failing disk or a hive gone read-only */
  return real_set_value(k, name, r, type, data, len);
}

static cr_snapshot *read_tcp(void)
{
  cr_snapshot *s = NULL;
  CHECK_OK(cr_snapshot_new(&s));
  CHECK_OK(cr_snapshot_load_live(s, TCP, 0));
  return s;
}

static void clear_syn_values(void)
{
  /* Start from the state a fresh 2003 SP2 host has: none of the values. */
  HKEY k;
  const wchar_t *names[] = { L"SynAttackProtect", L"TcpMaxHalfOpen",
                             L"TcpMaxHalfOpenRetried" };
  int i;
  if (RegOpenKeyExW(HKEY_LOCAL_MACHINE,
                    L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters",
                    0, KEY_SET_VALUE | KEY_WOW64_64KEY, &k) == ERROR_SUCCESS) {
    for (i = 0; i < 3; i++)
      RegDeleteValueW(k, names[i]);
    RegCloseKey(k);
  }
}

int main(void)
{
  cr_syn_options o = CR_SYN_OPTIONS_INIT;
  cr_snapshot *live = NULL, *before, *now;
  cr_change *c = NULL, *undo = NULL;
  char *why = NULL;
  const char *backup = "test_live_change_backup.reg";
  uint32_t type;
  const void *data;
  size_t len;

  clear_syn_values();
  before = read_tcp();
  CHECK_OK(cr_snapshot_open_live(&live));
  o.action = CR_SYN_ENABLE;
  o.max_half_open = 1000;
  o.max_half_open_retried = 800;
  CHECK_OK(cr_syn_plan(&c, live, &o));
  CHECK(cr_change_op_count(c) == 3);

  /* 1. The second RegSetValueExW fails: the first write is undone. */
  real_set_value = (set_value_fn)cr_syscall_get("RegSetValueExW");
  CHECK(real_set_value != NULL);
  calls_until_failure = 1;
  CHECK_OK(cr_syscall_set("RegSetValueExW", (cr_syscall_ptr)failing_set_value));
  CHECK(cr_change_apply_live(c, backup) == CR_EROLLEDBACK);
  CHECK_CONTAINS(cr_error_last(), "step 2 of 3");
  CHECK_CONTAINS(cr_error_last(), "RegSetValueExW");
  CHECK_CONTAINS(cr_error_last(), "restored");
  CHECK_OK(cr_syscall_set("RegSetValueExW", NULL));
  now = read_tcp();
  CHECK(cr_snapshot_equal(&why, before, now));
  if (why)
    fprintf(stderr, "after the injected failure: %s\n", why);
  cr_free(why);
  why = NULL;
  cr_snapshot_free(now);

  /* 2. Without the fault: applied, verified, values present. */
  CHECK_OK(cr_change_apply_live(c, backup));
  now = read_tcp();
  CHECK_OK(cr_snapshot_get_value(&type, &data, &len, now, TCP, "TcpMaxHalfOpen"));
  CHECK(type == CR_REG_DWORD && len == 4 && ((const unsigned char *)data)[0] == (1000 & 0xff));
  CHECK(!cr_snapshot_equal(NULL, before, now));
  cr_snapshot_free(now);

  /* 3. The backup restores the exact prior state: the three values absent. */
  CHECK_OK(cr_change_from_file(&undo, backup));
  /* "[key]" (create if missing) and three "name"=- deletions */
  CHECK(cr_change_op_count(undo) == 4);
  CHECK_OK(cr_change_apply_live(undo, "test_live_change_backup2.reg"));
  now = read_tcp();
  CHECK(cr_snapshot_equal(&why, before, now));
  if (why)
    fprintf(stderr, "after restoring the backup: %s\n", why);
  cr_free(why);
  cr_snapshot_free(now);

  cr_change_free(undo);
  cr_change_free(c);
  cr_snapshot_free(live);
  cr_snapshot_free(before);
  remove(backup);
  remove("test_live_change_backup2.reg");
  return test_finish("test_live_change");
}
