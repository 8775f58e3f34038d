/*
 * test_win32_registry.c - the live registry backend (src/win32/registry.c)
 * against the real registry: Windows, or Wine for the MinGW build.
 *
 * Everything is written below HKEY_LOCAL_MACHINE\Software\ConnResetTest\
 * <unique> and removed again at the end. Under Wine the process is
 * effectively elevated; on real Windows run it as Administrator.
 *
 * Prints one line per case and "N passed, N failed" last; exits 1 when any
 * case failed.
 */
#ifndef _WIN32
#error "test_win32_registry.c is a Windows test (build it with MinGW-w64)"
#endif

#ifndef WIN32_LEAN_AND_MEAN
# define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int case_failures;
static char base[256];   /* HKEY_LOCAL_MACHINE\Software\ConnResetTest\<id> */
static char hkcu_base[256];

#define CHECK(cond, ...)                                                   \
  do {                                                                     \
    if (!(cond)) {                                                         \
      printf("    %s:%d: check failed: %s\n      ", __FILE__, __LINE__,   \
             #cond);                                                       \
      printf(__VA_ARGS__);                                                 \
      printf("\n      last error: %s\n", cr_error_last());                 \
      case_failures++;                                                     \
    }                                                                      \
  } while (0)

#define CHECK_RC(expr) CHECK((expr) == CR_OK, "%s", #expr)

/* "a\\b" in one of 8 rotating buffers: fine inside one expression, but
 * keep anything longer-lived in a local copy (see keycpy). */
static char *join(const char *a, const char *b)
{
  static char buf[8][1024];
  static int next;
  char *p = buf[next++ % 8];
  snprintf(p, sizeof buf[0], "%s\\%s", a, b);
  return p;
}

typedef struct keyname {
  char s[1024];
} keyname;

static keyname keycpy(const char *path)
{
  keyname k;
  snprintf(k.s, sizeof k.s, "%s", path);
  return k;
}

/* ---------------------------------------------------------------- */
/* Value fixtures.                                                  */
/* ---------------------------------------------------------------- */

typedef struct fixture {
  const char *name;
  uint32_t type;
  const void *data;
  size_t len;
} fixture;

/* UTF-16LE literals; sizeof includes the terminator unless noted. */
static const WCHAR w_sz[] = L"hello world";
static const WCHAR w_quotes[] = L"say \"hi\" to C:\\path \u00fcn\u00ef\u20ac "
                                L"\U0001F600 = [x];";
static const WCHAR w_expand[] = L"%SystemRoot%\\system32";
static const WCHAR w_multi[] = L"one\0two \"2\"\0\u20ac\0";
/* Written without its NUL, which does follow in memory: RegSetValueExW
 * would count it in if the backend did not guard against that. */
static const WCHAR w_unterminated[] = L"abc";
static const WCHAR w_empty[] = L"";
static const WCHAR w_default[] = L"the default value";
static const uint8_t b_dword[4] = { 0x78, 0x56, 0x34, 0x12 };
static const uint8_t b_dword_be[4] = { 0x12, 0x34, 0x56, 0x78 };
static const uint8_t b_qword[8] = { 0x88, 0x77, 0x66, 0x55,
                                    0x44, 0x33, 0x22, 0x11 };
static const uint8_t b_none[3] = { 1, 2, 3 };
static const uint8_t b_odd[5] = { 'a', 0, 'b', 0, 'c' };
static const uint8_t b_short_dword[2] = { 1, 2 };
static uint8_t b_long[10000]; /* more than the reader's first buffer */

static const fixture fixtures[] = {
  { "", CR_REG_SZ, w_default, sizeof w_default },
  { "sz", CR_REG_SZ, w_sz, sizeof w_sz },
  { "quotes and unicode \"q\" \\ \xc3\xbc\xe2\x82\xac\xf0\x9f\x98\x80",
    CR_REG_SZ, w_quotes, sizeof w_quotes },
  { "sz_empty", CR_REG_SZ, w_empty, sizeof w_empty },
  { "sz_zero_length", CR_REG_SZ, w_empty, 0 },
  { "sz_unterminated", CR_REG_SZ, w_unterminated,
    sizeof w_unterminated - sizeof(WCHAR) },
  { "sz_odd_length", CR_REG_SZ, b_odd, sizeof b_odd },
  { "sz_one_byte", CR_REG_SZ, b_odd, 1 },
  { "expand_sz", CR_REG_EXPAND_SZ, w_expand, sizeof w_expand },
  { "binary_empty", CR_REG_BINARY, NULL, 0 },
  { "binary_long", CR_REG_BINARY, b_long, sizeof b_long },
  { "dword", CR_REG_DWORD, b_dword, sizeof b_dword },
  { "dword_short", CR_REG_DWORD, b_short_dword, sizeof b_short_dword },
  { "dword_big_endian", CR_REG_DWORD_BIG_ENDIAN, b_dword_be,
    sizeof b_dword_be },
  { "multi_sz", CR_REG_MULTI_SZ, w_multi, sizeof w_multi },
  { "multi_sz_unterminated", CR_REG_MULTI_SZ, w_multi,
    sizeof w_multi - 2 * sizeof(WCHAR) },
  { "qword", CR_REG_QWORD, b_qword, sizeof b_qword },
  { "none", CR_REG_NONE, b_none, sizeof b_none },
  { "none_empty", CR_REG_NONE, NULL, 0 },
  { "type_0x20000", 0x20000, b_none, sizeof b_none },
  { "na\"me\\with\\backslashes", CR_REG_SZ, w_sz, sizeof w_sz },
};
#define NFIXTURES (sizeof fixtures / sizeof fixtures[0])

static void dump(const char *what, const void *data, size_t len)
{
  const uint8_t *p = data;
  size_t i;
  printf("      %s (%u bytes):", what, (unsigned)len);
  for (i = 0; i < len && i < 48; i++)
    printf(" %02x", p[i]);
  printf("%s\n", len > 48 ? " ..." : "");
}

/* Compares one value of `snap` with a fixture, byte for byte. */
static void check_value(const cr_snapshot *snap, const char *key,
                        const fixture *f)
{
  uint32_t type = 0;
  const void *data = NULL;
  size_t len = 0;
  int rc = cr_snapshot_get_value(&type, &data, &len, snap, key, f->name);
  CHECK(rc == CR_OK, "value '%s' missing", f->name);
  if (rc != CR_OK)
    return;
  CHECK(type == f->type, "value '%s': type %u, expected %u", f->name,
        (unsigned)type, (unsigned)f->type);
  CHECK(len == f->len && (len == 0 || memcmp(data, f->data, len) == 0),
        "value '%s': data differs", f->name);
  if (len != f->len || (len && memcmp(data, f->data, len) != 0)) {
    dump("read", data, len);
    dump("wrote", f->data, f->len);
  }
}

/* ---------------------------------------------------------------- */
/* Cases.                                                           */
/* ---------------------------------------------------------------- */

/* (a) every value type round-trips byte for byte. */
static void test_value_types(cr_store *st)
{
  keyname kn = keycpy(join(base, "Types"));
  const char *key = kn.s;
  cr_snapshot *got = NULL, *want = NULL;
  cr_key *k;
  char *why = NULL;
  size_t i;

  for (i = 0; i < sizeof b_long; i++)
    b_long[i] = (uint8_t)(i * 7 + 3);
  for (i = 0; i < NFIXTURES; i++)
    CHECK(st->ops->set_value(st, key, fixtures[i].name, fixtures[i].type,
                             fixtures[i].data, fixtures[i].len) == CR_OK,
          "set_value '%s'", fixtures[i].name);

  CHECK_RC(cr_snapshot_new(&got));
  CHECK_RC(cr_snapshot_new(&want));
  if (!got || !want)
    goto out;
  CHECK_RC(st->ops->read_key(st, key, false, got));
  for (i = 0; i < NFIXTURES; i++)
    check_value(got, key, &fixtures[i]);
  CHECK(cr_snapshot_value_count(got) == NFIXTURES, "%u values read, %u "
        "written", (unsigned)cr_snapshot_value_count(got),
        (unsigned)NFIXTURES);

  /* The same through the snapshot's own comparison. */
  CHECK_RC(cr_snap_make_key(&k, want, key));
  for (i = 0; i < NFIXTURES; i++)
    CHECK_RC(cr_key_set_value(k, fixtures[i].name, fixtures[i].type,
                              fixtures[i].data, fixtures[i].len));
  CHECK(cr_snapshot_equal(&why, want, got), "snapshots differ: %s",
        why ? why : "?");

  /* A value that grows is rewritten in place. */
  CHECK_RC(st->ops->set_value(st, key, "dword", CR_REG_BINARY, b_long, 9000));
  cr_snapshot_free(got);
  got = NULL;
  CHECK_RC(cr_snapshot_new(&got));
  if (got) {
    uint32_t type = 0;
    size_t len = 0;
    CHECK_RC(st->ops->read_key(st, key, false, got));
    CHECK(cr_snapshot_get_value(&type, NULL, &len, got, key, "dword") ==
            CR_OK && type == CR_REG_BINARY && len == 9000,
          "rewritten value: type %u, %u bytes", (unsigned)type,
          (unsigned)len);
  }

out:
  cr_free(why);
  cr_snapshot_free(got);
  cr_snapshot_free(want);
}

/* Path spellings: HKLM alias, any case, doubled and trailing separators;
 * and the other roots. */
static void test_paths(cr_store *st)
{
  char alias[512], odd[512];
  cr_snapshot *got = NULL;
  uint32_t v = 0;

  snprintf(alias, sizeof alias, "HKLM%s\\Paths",
           base + strlen("HKEY_LOCAL_MACHINE"));
  snprintf(odd, sizeof odd, "hkey_local_machine\\\\SOFTWARE%s\\paths\\",
           base + strlen("HKEY_LOCAL_MACHINE\\Software"));
  CHECK_RC(st->ops->set_value(st, alias, "n", CR_REG_DWORD, b_dword, 4));
  CHECK(st->ops->key_exists(st, odd) == 1, "'%s' not found", odd);
  CHECK_RC(cr_snapshot_new(&got));
  if (got) {
    CHECK_RC(st->ops->read_key(st, odd, false, got));
    CHECK(cr_snap_get_dword(&v, got, join(base, "Paths"), "n") == CR_OK &&
            v == 0x12345678,
          "dword through another spelling: %08x", (unsigned)v);
    cr_snapshot_free(got);
  }

  CHECK(st->ops->key_exists(st, "HKEY_CLASSES_ROOT") == 1, "HKCR");
  CHECK(st->ops->key_exists(st, "HKU") == 1, "HKU");
  CHECK(st->ops->key_exists(st, "HKEY_CURRENT_CONFIG") == 1, "HKCC");
  CHECK(st->ops->key_exists(st, "HKCU\\Software") == 1, "HKCU\\Software");
  CHECK_RC(st->ops->set_value(st, hkcu_base, "cu", CR_REG_SZ, w_sz,
                              sizeof w_sz));
  CHECK(st->ops->key_exists(st, hkcu_base) == 1, "%s", hkcu_base);
  CHECK_RC(st->ops->delete_key(st, hkcu_base));
  CHECK(st->ops->key_exists(st, hkcu_base) == 0, "%s survived", hkcu_base);

  CHECK(st->ops->key_exists(st, "HKEY_NOWHERE\\x") == CR_EINVAL,
        "unknown root");
  CHECK(st->ops->delete_key(st, "HKLM") == CR_EINVAL, "deleting a root");
  CHECK(st->ops->set_value(st, join(base, "Paths"), "bad\xff", CR_REG_DWORD,
                           b_dword, 4) == CR_EPARSE,
        "invalid UTF-8 value name");
}

static void make_nested(cr_store *st, cr_snapshot *want, const char *top)
{
  static const char *const keys[] = {
    "", "A", "A\\B", "A\\B\\C", "A\\B2", "Empty", "A\\B\\C\\EmptyLeaf",
    "Unicode \xc3\xbc\xe2\x82\xac"
  };
  size_t i;
  for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
    const char *path = *keys[i] ? join(top, keys[i]) : top;
    cr_key *k = NULL;
    CHECK_RC(cr_snap_make_key(&k, want, path));
    if (strstr(keys[i], "Empty")) {
      CHECK_RC(st->ops->create_key(st, path));
      continue;
    }
    CHECK_RC(st->ops->set_value(st, path, "level", CR_REG_DWORD, b_dword, 4));
    CHECK_RC(st->ops->set_value(st, path, "name", CR_REG_SZ, w_quotes,
                                sizeof w_quotes));
    if (k) {
      CHECK_RC(cr_key_set_value(k, "level", CR_REG_DWORD, b_dword, 4));
      CHECK_RC(cr_key_set_value(k, "name", CR_REG_SZ, w_quotes,
                                sizeof w_quotes));
    }
  }
}

/* (b) nested keys, recursive and flat reads, delete_key of a tree. */
static void test_nested(cr_store *st)
{
  keyname tn = keycpy(join(base, "Nested"));
  const char *top = tn.s;
  cr_snapshot *got = NULL, *want = NULL;
  char *why = NULL;
  char deep[4096];
  int i;

  CHECK_RC(cr_snapshot_new(&want));
  CHECK_RC(cr_snapshot_new(&got));
  if (!got || !want)
    goto out;
  make_nested(st, want, top);

  CHECK_RC(st->ops->read_key(st, top, true, got));
  CHECK(cr_snapshot_equal(&why, want, got), "recursive read differs: %s",
        why ? why : "?");
  cr_free(why);
  why = NULL;
  CHECK(cr_snapshot_has_key(got, join(top, "Empty")), "empty subkey missing");
  CHECK(cr_snapshot_has_key(got, join(top, "A\\B\\C\\EmptyLeaf")),
        "empty leaf missing");

  /* Flat: the top key's values and no subkeys. */
  cr_snapshot_free(got);
  got = NULL;
  CHECK_RC(cr_snapshot_new(&got));
  if (!got)
    goto out;
  CHECK_RC(st->ops->read_key(st, top, false, got));
  CHECK(cr_snapshot_value_count(got) == 2, "%u values",
        (unsigned)cr_snapshot_value_count(got));
  CHECK(!cr_snapshot_has_key(got, join(top, "A")), "flat read has subkeys");

  /* A chain 200 levels deep: the reader walks it without recursion. */
  snprintf(deep, sizeof deep, "%s", join(base, "Deep"));
  for (i = 0; i < 200; i++)
    strcat(deep, "\\d");
  CHECK_RC(st->ops->set_value(st, deep, "bottom", CR_REG_DWORD, b_dword, 4));
  cr_snapshot_free(got);
  got = NULL;
  CHECK_RC(cr_snapshot_new(&got));
  if (!got)
    goto out;
  CHECK_RC(st->ops->read_key(st, join(base, "Deep"), true, got));
  CHECK(cr_snapshot_value_count(got) == 1 && cr_snapshot_has_key(got, deep),
        "deep chain: %u values", (unsigned)cr_snapshot_value_count(got));

  CHECK_RC(st->ops->delete_key(st, top));
  CHECK(st->ops->key_exists(st, top) == 0, "tree survived delete_key");
  CHECK(st->ops->key_exists(st, join(top, "A\\B\\C")) == 0,
        "subkey survived delete_key");
  CHECK_RC(st->ops->delete_key(st, join(base, "Deep")));
  CHECK(st->ops->key_exists(st, join(base, "Deep")) == 0, "deep survived");
  /* Absent is fine, also when the parent is absent. */
  CHECK_RC(st->ops->delete_key(st, top));
  CHECK_RC(st->ops->delete_key(st, join(top, "A\\B")));

out:
  cr_free(why);
  cr_snapshot_free(got);
  cr_snapshot_free(want);
}

/* (c) deleting what is not there. */
static void test_delete_absent(cr_store *st)
{
  keyname kn = keycpy(join(base, "Del"));
  const char *key = kn.s;
  cr_snapshot *got = NULL;

  CHECK_RC(st->ops->set_value(st, key, "keep", CR_REG_DWORD, b_dword, 4));
  CHECK_RC(st->ops->set_value(st, key, "drop", CR_REG_DWORD, b_dword, 4));
  CHECK_RC(st->ops->delete_value(st, key, "drop"));
  CHECK_RC(st->ops->delete_value(st, key, "drop"));
  CHECK_RC(st->ops->delete_value(st, key, "never there"));
  CHECK_RC(st->ops->delete_value(st, key, NULL)); /* no default value */
  CHECK_RC(st->ops->delete_value(st, join(key, "NoSuchKey"), "x"));
  CHECK_RC(cr_snapshot_new(&got));
  if (got) {
    CHECK_RC(st->ops->read_key(st, key, false, got));
    CHECK(cr_snapshot_value_count(got) == 1, "%u values left",
          (unsigned)cr_snapshot_value_count(got));
    CHECK(cr_snapshot_get_value(NULL, NULL, NULL, got, key, "keep") == CR_OK,
          "'keep' lost");
    cr_snapshot_free(got);
  }
}

/* (d) missing keys add nothing; empty keys appear. */
static void test_missing_and_empty(cr_store *st)
{
  keyname mn = keycpy(join(base, "Missing\\Deeper"));
  keyname en = keycpy(join(base, "EmptyKey"));
  const char *missing = mn.s, *empty = en.s;
  cr_snapshot *got = NULL;

  CHECK(st->ops->key_exists(st, missing) == 0, "missing key exists");
  CHECK_RC(cr_snapshot_new(&got));
  if (!got)
    return;
  CHECK_RC(st->ops->read_key(st, missing, false, got));
  CHECK_RC(st->ops->read_key(st, missing, true, got));
  CHECK(cr_snapshot_key_count(got) == 0 && cr_snapshot_value_count(got) == 0,
        "a missing key added %u keys", (unsigned)cr_snapshot_key_count(got));

  CHECK_RC(st->ops->create_key(st, empty));
  CHECK_RC(st->ops->create_key(st, empty)); /* again: still fine */
  CHECK(st->ops->key_exists(st, empty) == 1, "create_key made nothing");
  CHECK_RC(st->ops->read_key(st, empty, false, got));
  CHECK(cr_snapshot_has_key(got, empty), "empty key not in the snapshot");
  CHECK(cr_snapshot_value_count(got) == 0, "empty key has values");
  cr_snapshot_free(got);
}

/* (e) failures injected through the syscall table. */
static LSTATUS WINAPI deny_set_value(HKEY h, LPCWSTR name, DWORD reserved,
                                     DWORD type, const BYTE *data, DWORD len)
{
  (void)h; (void)name; (void)reserved; (void)type; (void)data; (void)len;
  return ERROR_ACCESS_DENIED;
}

static LSTATUS WINAPI deny_delete_tree(HKEY h, LPCWSTR name)
{
  (void)h; (void)name;
  return ERROR_PRIVILEGE_NOT_HELD;
}

static LSTATUS WINAPI no_memory_open(HKEY h, LPCWSTR name, DWORD opts,
                                     REGSAM sam, PHKEY out)
{
  (void)h; (void)name; (void)opts; (void)sam;
  *out = NULL;
  return ERROR_NOT_ENOUGH_MEMORY;
}

/* Says "more data" a few times, as if the value kept growing, then lets
 * the real call through. */
static int more_data_left;
static LSTATUS WINAPI growing_enum_value(HKEY h, DWORD i, LPWSTR name,
                                         LPDWORD name_len, LPDWORD reserved,
                                         LPDWORD type, LPBYTE data,
                                         LPDWORD len)
{
  if (more_data_left > 0) {
    more_data_left--;
    *len += 1;
    return ERROR_MORE_DATA;
  }
  return RegEnumValueW(h, i, name, name_len, reserved, type, data, len);
}

static void test_syscall_override(cr_store *st)
{
  keyname kn = keycpy(join(base, "Fail"));
  const char *key = kn.s;
  const char *msg;
  cr_syscall_ptr real_set = cr_syscall_get("RegSetValueExW");
  cr_snapshot *got = NULL;
  const char *n;
  int seen = 0, rc;

  /* Every backend name is listed and can be looked up. */
  for (n = cr_syscall_next(NULL); n; n = cr_syscall_next(n))
    if (!strcmp(n, "RegSetValueExW") || !strcmp(n, "RegDeleteTreeW") ||
        !strcmp(n, "RegOpenKeyExW") || !strcmp(n, "RegEnumValueW"))
      seen++;
  CHECK(seen == 4, "cr_syscall_next lists %d of the 4 names", seen);
  CHECK(real_set != NULL, "RegSetValueExW has no default");

  CHECK_RC(cr_syscall_set("RegSetValueExW", (cr_syscall_ptr)deny_set_value));
  rc = st->ops->set_value(st, key, "SynAttackProtect", CR_REG_DWORD, b_dword,
                          4);
  msg = cr_error_last();
  CHECK(rc == CR_EACCES, "set_value gave %s", cr_err_name(rc));
  CHECK(strstr(msg, "RegSetValueExW ") == msg, "no operation: %s", msg);
  CHECK(strstr(msg, "ConnResetTest") && strstr(msg, "\\Fail\\"
                                                    "SynAttackProtect: "),
        "no key and value: %s", msg);
  CHECK(strstr(msg, "Access is denied") || strstr(msg, "Access denied"),
        "no system text: %s", msg);
  CHECK(strstr(msg, "elevated") && strstr(msg, "Administrator"),
        "no elevation hint: %s", msg);
  CHECK(strlen(msg) >= 9 && !strcmp(msg + strlen(msg) - 9, "(error 5)"),
        "does not end with the code: %s", msg);
  printf("    message: %s\n", msg);
  CHECK_RC(cr_syscall_set("RegSetValueExW", NULL));
  CHECK(cr_syscall_get("RegSetValueExW") == real_set, "not restored");
  CHECK_RC(st->ops->set_value(st, key, "SynAttackProtect", CR_REG_DWORD,
                              b_dword, 4));

  CHECK_RC(cr_syscall_set("RegDeleteTreeW", (cr_syscall_ptr)deny_delete_tree));
  rc = st->ops->delete_key(st, key);
  CHECK(rc == CR_EACCES && strstr(cr_error_last(), "RegDeleteTreeW") &&
          strstr(cr_error_last(), "elevated") &&
          strstr(cr_error_last(), "(error 1314)"),
        "delete_key gave %s", cr_err_name(rc));
  CHECK_RC(cr_syscall_set("RegDeleteTreeW", NULL));
  CHECK(st->ops->key_exists(st, key) == 1, "failed delete removed the key");

  CHECK_RC(cr_snapshot_new(&got));
  if (!got)
    return;
  CHECK_RC(cr_syscall_set("RegOpenKeyExW", (cr_syscall_ptr)no_memory_open));
  rc = st->ops->read_key(st, key, true, got);
  CHECK(rc == CR_ENOMEM && strstr(cr_error_last(), "RegOpenKeyExW") &&
          !strstr(cr_error_last(), "elevated"),
        "read_key gave %s", cr_err_name(rc));
  CHECK(st->ops->key_exists(st, key) == CR_ENOMEM, "key_exists");
  CHECK_RC(cr_syscall_set("RegOpenKeyExW", NULL));

  /* ERROR_MORE_DATA: retried with fresh sizes, then given up on. */
  CHECK_RC(cr_syscall_set("RegEnumValueW",
                          (cr_syscall_ptr)growing_enum_value));
  more_data_left = 3;
  CHECK_RC(st->ops->read_key(st, key, false, got));
  CHECK(cr_snapshot_get_value(NULL, NULL, NULL, got, key,
                              "SynAttackProtect") == CR_OK,
        "value lost after ERROR_MORE_DATA");
  more_data_left = 1000;
  rc = st->ops->read_key(st, key, false, got);
  CHECK(rc == CR_EIO && strstr(cr_error_last(), "RegEnumValueW") &&
          strstr(cr_error_last(), "(error 234)"),
        "endless ERROR_MORE_DATA gave %s", cr_err_name(rc));
  CHECK_RC(cr_syscall_set("RegEnumValueW", NULL));
  more_data_left = 0;
  cr_snapshot_free(got);
}

/* (f) nothing is left behind. */
static void test_cleanup(cr_store *st)
{
  const char *parent = "HKEY_LOCAL_MACHINE\\Software\\ConnResetTest";
  cr_snapshot *left = NULL;
  const cr_key *k;

  CHECK_RC(st->ops->delete_key(st, base));
  CHECK(st->ops->key_exists(st, base) == 0, "%s survived", base);
  /* Remove the shared parent too when no other run is using it. */
  CHECK_RC(cr_snapshot_new(&left));
  if (!left)
    return;
  CHECK_RC(st->ops->read_key(st, parent, true, left));
  k = cr_snap_find_key(left, parent);
  if (k && k->nchildren == 0 && k->nvalues == 0)
    CHECK_RC(st->ops->delete_key(st, parent));
  cr_snapshot_free(left);
  CHECK_RC(st->ops->delete_key(st, "HKCU\\Software\\ConnResetTest"));
}

int main(void)
{
  static const struct {
    const char *name;
    void (*fn)(cr_store *);
  } cases[] = {
    { "value types round-trip byte for byte", test_value_types },
    { "path spellings and roots", test_paths },
    { "nested keys, recursive read, delete_key", test_nested },
    { "delete_value of absent values", test_delete_absent },
    { "missing keys add nothing, empty keys appear",
      test_missing_and_empty },
    { "syscall overrides and error messages", test_syscall_override },
    { "cleanup", test_cleanup },
  };
  cr_store *st = NULL;
  int passed = 0, failed = 0;
  size_t i;

  setvbuf(stdout, NULL, _IONBF, 0);
  snprintf(base, sizeof base,
           "HKEY_LOCAL_MACHINE\\Software\\ConnResetTest\\t%lu_%lu",
           (unsigned long)GetCurrentProcessId(),
           (unsigned long)GetTickCount());
  snprintf(hkcu_base, sizeof hkcu_base,
           "HKEY_CURRENT_USER\\Software\\ConnResetTest\\t%lu",
           (unsigned long)GetCurrentProcessId());
  if (cr_store_live_open(&st) != CR_OK) {
    printf("cannot open the live registry: %s\n0 passed, 1 failed\n",
           cr_error_last());
    return 1;
  }
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    case_failures = 0;
    cr_error_clear();
    cases[i].fn(st);
    printf("%s - %s\n", case_failures ? "FAIL" : "ok", cases[i].name);
    if (case_failures)
      failed++;
    else
      passed++;
  }
  /* Whatever happened above, do not leave keys behind. */
  st->ops->delete_key(st, base);
  cr_store_close(st);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
