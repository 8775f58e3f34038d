/*
 * test_regpol.c - tests of the Registry.pol (PReg) reader, writer, JSON
 * and cr_snapshot_apply_regpol.
 *
 * Usage: test_regpol [REGPOL_FIXTURES_DIR]
 * The default is CR_FIXTURES_DIR "/regpol" when the build defines
 * CR_FIXTURES_DIR, else tests/fixtures/regpol relative to the working
 * directory. The last line printed is "N passed, N failed"; the exit
 * status is non-zero when any case failed.
 */
#define _POSIX_C_SOURCE 200809L
#include "snapshot.h"
#include "gpo/regpol.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef CR_FIXTURES_DIR
static const char *fixtures = CR_FIXTURES_DIR "/regpol";
#else
static const char *fixtures = "tests/fixtures/regpol";
#endif
#include "cases.h"

/* ---------------------------------------------------------------- */
/* Helpers.                                                         */
/* ---------------------------------------------------------------- */

static char *fixture_path(const char *rel)
{
  cr_buf b = CR_BUF_INIT;
  cr_buf_printf(&b, "%s/%s", fixtures, rel);
  return cr_buf_detach(&b, NULL);
}

/* UTF-16LE of `utf8` plus a NUL terminator. */
static uint8_t *sz(const char *utf8, size_t *len)
{
  cr_buf b = CR_BUF_INIT;
  cr_utf8_to_utf16(&b, utf8, strlen(utf8));
  cr_buf_put_u16(&b, 0);
  return (uint8_t *)cr_buf_detach(&b, len);
}

static int add_sz_typed(cr_regpol *pol, const char *key, const char *value,
                        uint32_t type, const char *text)
{
  size_t len = 0;
  uint8_t *d = sz(text, &len);
  int rc = d ? cr_regpol_add(pol, key, value, type, d, len) : CR_ENOMEM;
  free(d);
  return rc;
}

/* The .reg text gives exact bytes (hex(2) without a terminator stays so):
 * strict reading, which appends nothing. */
static cr_snapshot *snap_of(const char *reg)
{
  cr_snapshot *s = NULL;
  if (cr_snapshot_new(&s) < 0 || cr_snapshot_set_strict(s, 1) < 0)
    return NULL;
  if (cr_snapshot_load_buffer(s, reg, strlen(reg), "test.reg") < 0) {
    fprintf(stderr, "  cannot load test text: %s\n", cr_error_last());
    cr_snapshot_free(s);
    return NULL;
  }
  return s;
}

/* Applies `pol` to the snapshot of `before` and compares with `after`. */
static void check_apply(const char *what, const cr_regpol *pol,
                        const char *before, const char *after)
{
  cr_snapshot *s = snap_of(before), *want = snap_of(after);
  char *why = NULL;
  int rc;
  CHECK_MSG(s && want, "%s: fixture text does not load", what);
  if (!s || !want)
    goto out;
  rc = cr_snapshot_apply_regpol(s, pol);
  CHECK_MSG(rc == CR_OK, "%s: apply returned %s: %s", what, cr_err_name(rc),
            cr_error_last());
  CHECK_MSG(cr_snapshot_equal(&why, s, want), "%s: %s", what,
            why ? why : "?");
out:
  cr_free(why);
  cr_snapshot_free(s);
  cr_snapshot_free(want);
}

/* Two policies hold the same entries, exactly. */
static int same_entries(const cr_regpol *a, const cr_regpol *b)
{
  size_t i;
  if (cr_regpol_count(a) != cr_regpol_count(b))
    return 0;
  for (i = 0; i < cr_regpol_count(a); i++) {
    const char *ka, *va, *kb, *vb;
    uint32_t ta, tb;
    const void *da, *db;
    size_t la, lb;
    if (cr_regpol_entry(&ka, &va, &ta, &da, &la, a, i) < 0 ||
        cr_regpol_entry(&kb, &vb, &tb, &db, &lb, b, i) < 0)
      return 0;
    if (strcmp(ka, kb) || strcmp(va, vb) || ta != tb || la != lb ||
        (la && memcmp(da, db, la)))
      return 0;
  }
  return 1;
}

static void hexdump_diff(const uint8_t *got, size_t glen,
                         const uint8_t *want, size_t wlen)
{
  size_t i;
  for (i = 0; i < glen && i < wlen; i++)
    if (got[i] != want[i])
      break;
  fprintf(stderr, "  bytes differ at 0x%zx (got %zu bytes, want %zu)\n", i,
          glen, wlen);
}

/* ---------------------------------------------------------------- */
/* Cases.                                                           */
/* ---------------------------------------------------------------- */

/* The writer's bytes for a small policy, computed by hand from the
 * MS-GPREG 2.2.1 layout, and the reader's view of those bytes. */
static void test_exact_bytes(void)
{
  static const uint8_t want[] = {
    0x50, 0x52, 0x65, 0x67, 0x01, 0x00, 0x00, 0x00, /* "PReg", 1 */
    /* [A\B;V;4;4;01 00 00 00] */
    0x5b, 0x00, 0x41, 0x00, 0x5c, 0x00, 0x42, 0x00, 0x00, 0x00, 0x3b, 0x00,
    0x56, 0x00, 0x00, 0x00, 0x3b, 0x00,
    0x04, 0x00, 0x00, 0x00, 0x3b, 0x00, 0x04, 0x00, 0x00, 0x00, 0x3b, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x5d, 0x00,
    /* [K;S;1;6;"ab\0"] */
    0x5b, 0x00, 0x4b, 0x00, 0x00, 0x00, 0x3b, 0x00, 0x53, 0x00, 0x00, 0x00,
    0x3b, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3b, 0x00, 0x06, 0x00, 0x00, 0x00,
    0x3b, 0x00, 0x61, 0x00, 0x62, 0x00, 0x00, 0x00, 0x5d, 0x00,
    /* [K;;0;0;] with "é" in the key: U+00E9 */
    0x5b, 0x00, 0xe9, 0x00, 0x00, 0x00, 0x3b, 0x00, 0x00, 0x00, 0x3b, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x3b, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3b, 0x00,
    0x5d, 0x00,
  };
  cr_regpol *pol = NULL, *back = NULL;
  void *out = NULL;
  size_t len = 0;
  const char *k, *v;
  uint32_t t;
  const void *d;
  size_t dl;

  CHECK_OK(cr_regpol_new(&pol));
  CHECK(cr_regpol_count(pol) == 0);
  CHECK_OK(cr_regpol_add_dword(pol, "A\\B", "V", 1));
  CHECK_OK(cr_regpol_add_sz(pol, "K", "S", "ab"));
  CHECK_OK(cr_regpol_add(pol, "\xc3\xa9", "", CR_REG_NONE, NULL, 0));
  CHECK(cr_regpol_count(pol) == 3);
  CHECK_OK(cr_regpol_save_buffer(&out, &len, pol));
  CHECK_MSG(len == sizeof want && memcmp(out, want, len) == 0,
            "writer bytes differ");
  if (out && (len != sizeof want || memcmp(out, want, len)))
    hexdump_diff(out, len, want, sizeof want);

  CHECK_OK(cr_regpol_open_buffer(&back, want, sizeof want, "want.pol"));
  CHECK(cr_regpol_count(back) == 3);
  if (cr_regpol_count(back) != 3)
    goto out; /* the entry checks below would read nothing */
  CHECK_OK(cr_regpol_entry(&k, &v, &t, &d, &dl, back, 0));
  CHECK(strcmp(k, "A\\B") == 0 && strcmp(v, "V") == 0 &&
        t == CR_REG_DWORD && dl == 4 && memcmp(d, "\1\0\0\0", 4) == 0);
  CHECK_OK(cr_regpol_entry(&k, &v, &t, &d, &dl, back, 1));
  CHECK(strcmp(k, "K") == 0 && strcmp(v, "S") == 0 && t == CR_REG_SZ &&
        dl == 6 && memcmp(d, "a\0b\0\0\0", 6) == 0);
  CHECK_OK(cr_regpol_entry(&k, &v, &t, &d, &dl, back, 2));
  CHECK(strcmp(k, "\xc3\xa9") == 0 && strcmp(v, "") == 0 &&
        t == CR_REG_NONE && dl == 0);
  CHECK(cr_regpol_entry(&k, &v, &t, &d, &dl, back, 3) == CR_ENOTFOUND);
  /* Any out-parameter may be NULL. */
  CHECK_OK(cr_regpol_entry(NULL, NULL, &t, NULL, NULL, back, 0));
  CHECK(t == CR_REG_DWORD);
  CHECK(same_entries(pol, back));

  /* A header alone is an empty policy. */
  cr_regpol_free(back);
  back = NULL;
  CHECK_OK(cr_regpol_open_buffer(&back, want, 8, NULL));
  CHECK(back && cr_regpol_count(back) == 0);

out:
  cr_free(out);
  cr_regpol_free(pol);
  cr_regpol_free(back);
}

/* Every type, Unicode beyond the BMP, empty names and data, the special
 * names: written, read back equal, written again byte for byte, through
 * memory and through a file. */
static void test_round_trip(void)
{
  static const uint8_t bin[] = { 0x00, 0x01, 0xfe, 0xff, 0x7f };
  static const uint8_t multi[] = { 'a', 0, 0, 0, 'b', 0, 'c', 0, 0, 0, 0, 0 };
  static const uint8_t qword[] = { 8, 7, 6, 5, 4, 3, 2, 1 };
  static const uint8_t weird[] = { 0xde, 0xad };
  const char *key = "SOFTWARE\\Policies\\ConnReset";
  /* U+65E5 U+672C and U+1F600 (a surrogate pair in the file). */
  const char *ukey = "SOFTWARE\\\xe6\x97\xa5\xe6\x9c\xac\\\xf0\x9f\x98\x80";
  cr_regpol *pol = NULL, *back = NULL, *again = NULL;
  void *b1 = NULL, *b2 = NULL, *b3 = NULL;
  size_t l1 = 0, l2 = 0, l3 = 0;
  uint8_t *file = NULL;
  size_t flen = 0;
  const char *path = "test_regpol_round_trip.pol";

  CHECK_OK(cr_regpol_new(&pol));
  CHECK_OK(cr_regpol_add_dword(pol, key, "Dword", 0xfeedf00d));
  CHECK_OK(cr_regpol_add_sz(pol, key, "Sz", "h\xc3\xa9llo"));
  CHECK_OK(add_sz_typed(pol, key, "Expand", CR_REG_EXPAND_SZ,
                        "%SystemRoot%\\x"));
  CHECK_OK(cr_regpol_add(pol, key, "Multi", CR_REG_MULTI_SZ, multi,
                         sizeof multi));
  CHECK_OK(cr_regpol_add(pol, key, "Bin", CR_REG_BINARY, bin, sizeof bin));
  CHECK_OK(cr_regpol_add(pol, key, "Qword", CR_REG_QWORD, qword,
                         sizeof qword));
  CHECK_OK(cr_regpol_add(pol, key, "Type99", 99, weird, sizeof weird));
  CHECK_OK(cr_regpol_add(pol, key, "EmptyBin", CR_REG_BINARY, NULL, 0));
  CHECK_OK(cr_regpol_add_sz(pol, ukey, "\xf0\x9f\x98\x80", ""));
  CHECK_OK(cr_regpol_add_sz(pol, key, "", "default"));
  CHECK_OK(cr_regpol_add_sz(pol, key, "**del.Old", " "));
  CHECK_OK(cr_regpol_add_sz(pol, key, "**delvals.", " "));
  CHECK_OK(cr_regpol_add_sz(pol, key, "**DeleteValues", "a;b"));
  /* Deleting entries carry whatever data; it is not checked. */
  CHECK_OK(cr_regpol_add(pol, key, "**del.X", CR_REG_DWORD, NULL, 0));
  CHECK_OK(cr_regpol_add(pol, "", "", CR_REG_NONE, NULL, 0));
  CHECK(cr_regpol_count(pol) == 15);

  CHECK_OK(cr_regpol_save_buffer(&b1, &l1, pol));
  CHECK_OK(cr_regpol_open_buffer(&back, b1, l1, "b1.pol"));
  CHECK(same_entries(pol, back));
  CHECK_OK(cr_regpol_save_buffer(&b2, &l2, back));
  CHECK(l1 == l2 && b1 && b2 && memcmp(b1, b2, l1) == 0);

  CHECK_OK(cr_regpol_save(back, path));
  CHECK_OK(cr_read_file(&file, &flen, path));
  CHECK(flen == l1 && file && memcmp(file, b1, l1) == 0);
  CHECK_OK(cr_regpol_open(&again, path));
  CHECK(same_entries(pol, again));
  CHECK_OK(cr_regpol_save_buffer(&b3, &l3, again));
  CHECK(l3 == l1 && b3 && memcmp(b3, b1, l1) == 0);
  remove(path);

  /* A missing file is CR_ENOTFOUND naming it. */
  cr_regpol_free(again);
  again = NULL;
  CHECK(cr_regpol_open(&again, "no-such-dir/none.pol") == CR_ENOTFOUND);
  CHECK(again == NULL && strstr(cr_error_last(), "no-such-dir/none.pol"));

  free(file);
  cr_free(b1);
  cr_free(b2);
  cr_free(b3);
  cr_regpol_free(pol);
  cr_regpol_free(back);
  cr_regpol_free(again);
}

/* The JSON of a small policy, exactly. */
static void test_json(void)
{
  static const uint8_t multi[] = { 'a', 0, 0, 0, 'b', 0, 'c', 0, 0, 0, 0, 0 };
  static const uint8_t qbig[] = { 0xff, 0xff, 0xff, 0xff,
                                  0xff, 0xff, 0xff, 0xff };
  static const uint8_t nonul[] = { 'x', 0 };
  static const char want[] =
    "{\n"
    "  \"scope\": \"unknown\",\n"
    "  \"entries\": [\n"
    "    {\n"
    "      \"key\": \"K\\\\Sub\",\n"
    "      \"value\": \"D\",\n"
    "      \"type\": 4,\n"
    "      \"typeName\": \"REG_DWORD\",\n"
    "      \"data\": 4294967295,\n"
    "      \"hex\": \"ffffffff\"\n"
    "    },\n"
    "    {\n"
    "      \"key\": \"K\",\n"
    "      \"value\": \"S\",\n"
    "      \"type\": 1,\n"
    "      \"typeName\": \"REG_SZ\",\n"
    "      \"data\": \"\\\"q\\\" \xc3\xa9\",\n"
    "      \"hex\": \"2200710022002000e9000000\"\n"
    "    },\n"
    "    {\n"
    "      \"key\": \"K\",\n"
    "      \"value\": \"M\",\n"
    "      \"type\": 7,\n"
    "      \"typeName\": \"REG_MULTI_SZ\",\n"
    "      \"data\": [\n"
    "        \"a\",\n"
    "        \"bc\"\n"
    "      ],\n"
    "      \"hex\": \"610000006200630000000000\"\n"
    "    },\n"
    "    {\n"
    "      \"key\": \"K\",\n"
    "      \"value\": \"Q\",\n"
    "      \"type\": 11,\n"
    "      \"typeName\": \"REG_QWORD\",\n"
    "      \"data\": \"18446744073709551615\",\n"
    "      \"hex\": \"ffffffffffffffff\"\n"
    "    },\n"
    "    {\n"
    "      \"key\": \"K\",\n"
    "      \"value\": \"B\",\n"
    "      \"type\": 3,\n"
    "      \"typeName\": \"REG_BINARY\",\n"
    "      \"data\": \"7800\",\n"
    "      \"hex\": \"7800\"\n"
    "    },\n"
    "    {\n"
    "      \"key\": \"K\",\n"
    "      \"value\": \"NoNul\",\n"
    "      \"type\": 1,\n"
    "      \"typeName\": \"REG_SZ\",\n"
    "      \"data\": null,\n"
    "      \"hex\": \"7800\"\n"
    "    }\n"
    "  ]\n"
    "}\n";
  cr_regpol *pol = NULL;
  char *json = NULL;
  CHECK_OK(cr_regpol_new(&pol));
  CHECK_OK(cr_regpol_add_dword(pol, "K\\Sub", "D", 0xffffffff));
  CHECK_OK(cr_regpol_add_sz(pol, "K", "S", "\"q\" \xc3\xa9"));
  /* "a\0bc\0\0": the list a, bc. */
  CHECK_OK(cr_regpol_add(pol, "K", "M", CR_REG_MULTI_SZ, multi,
                         sizeof multi));
  CHECK_OK(cr_regpol_add(pol, "K", "Q", CR_REG_QWORD, qbig, 8));
  CHECK_OK(cr_regpol_add(pol, "K", "B", CR_REG_BINARY, nonul, 2));
  CHECK_OK(cr_regpol_add(pol, "K", "NoNul", CR_REG_SZ, nonul, 2));
  CHECK_OK(cr_regpol_to_json(&json, pol));
  CHECK_MSG(json && strcmp(json, want) == 0, "got:\n%s", json ? json : "");
  cr_free(json);
  json = NULL;
  cr_regpol_free(pol);

  /* An empty policy. */
  CHECK_OK(cr_regpol_new(&pol));
  CHECK_OK(cr_regpol_to_json(&json, pol));
  CHECK_MSG(json && strcmp(json, "{\n  \"scope\": \"unknown\",\n"
                         "  \"entries\": []\n}\n") == 0, "got %s",
            json ? json : "");
  cr_free(json);
  cr_regpol_free(pol);
}

/* How the client reads each value name. */
static void test_classify(void)
{
  static const struct {
    const char *name;
    size_t len;
    cr_regpol_action want;
    const char *target;
  } t[] = {
    { "Plain", 4, CR_REGPOL_SET, "Plain" },
    { "", 4, CR_REGPOL_SET, "" },
    { "", 0, CR_REGPOL_CREATE_KEY, NULL },
    { "**del.Foo", 4, CR_REGPOL_DEL, "Foo" },
    { "**DEL.Foo", 4, CR_REGPOL_DEL, "Foo" },
    { "**del.", 4, CR_REGPOL_DEL, "" },
    { "**delvals.", 4, CR_REGPOL_DELVALS, NULL },
    { "**DelVals.", 4, CR_REGPOL_DELVALS, NULL },
    { "**DelVals", 4, CR_REGPOL_DELVALS, NULL },
    { "**delvals.x", 4, CR_REGPOL_SET, "**delvals.x" },
    { "**DeleteValues", 4, CR_REGPOL_DELETE_VALUES, NULL },
    { "**deletevalues ", 4, CR_REGPOL_DELETE_VALUES, NULL },
    { "**DeleteKeys", 4, CR_REGPOL_DELETE_KEYS, NULL },
    { "**DELETEKEYS", 4, CR_REGPOL_DELETE_KEYS, NULL },
    { "**DeleteKeysX", 4, CR_REGPOL_SET, "**DeleteKeysX" },
    { "**SecureKey", 4, CR_REGPOL_SECURE_KEY, NULL },
    { "**securekey", 4, CR_REGPOL_SECURE_KEY, NULL },
    { "**soft.Bar", 4, CR_REGPOL_SOFT, "Bar" },
    { "**Soft.Bar", 4, CR_REGPOL_SOFT, "Bar" },
    { "**unknown", 4, CR_REGPOL_SET, "**unknown" },
    { "*del.Foo", 4, CR_REGPOL_SET, "*del.Foo" },
  };
  size_t i;
  for (i = 0; i < sizeof t / sizeof t[0]; i++) {
    cr_regpol_ent e;
    const char *target = "unset";
    cr_regpol_action a;
    memset(&e, 0, sizeof e);
    e.key = (char *)"K";
    e.value = (char *)t[i].name;
    e.len = t[i].len;
    a = cr_regpol_classify(&e, &target);
    CHECK_MSG(a == t[i].want, "'%s': action %d, want %d", t[i].name, (int)a,
              (int)t[i].want);
    CHECK_MSG(t[i].target ? (target && strcmp(target, t[i].target) == 0)
                          : target == NULL,
              "'%s': target '%s'", t[i].name, target ? target : "(null)");
  }
}

#define BASE                                                              \
  "Windows Registry Editor Version 5.00\n"                                \
  "[HKEY_LOCAL_MACHINE\\SOFTWARE\\P]\n"                                   \
  "\"a\"=dword:00000001\n"                                                \
  "\"b\"=\"bee\"\n"                                                       \
  "\"c\"=dword:00000003\n"                                                \
  "[HKEY_LOCAL_MACHINE\\SOFTWARE\\P\\Sub]\n"                              \
  "\"s\"=dword:00000004\n"                                                \
  "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Q]\n"                                   \
  "\"q\"=dword:00000005\n"

/* Every special name applied to a snapshot, against the expected
 * snapshot written as .reg text. */
static void test_apply(void)
{
  cr_regpol *pol = NULL;
  static const uint8_t multi[] = { 'x', 0, 0, 0, 0, 0 };

  /* Plain values of every kind, keys created as needed, the data stored
   * as the registry (and a .reg import) stores it. */
  cr_regpol_new(&pol);
  CHECK_OK(cr_regpol_add_dword(pol, "SOFTWARE\\New\\Deep", "d", 7));
  CHECK_OK(cr_regpol_add_sz(pol, "software\\p", "B", "new"));
  CHECK_OK(add_sz_typed(pol, "SOFTWARE\\New", "e", CR_REG_EXPAND_SZ,
                        "%x%"));
  CHECK_OK(cr_regpol_add(pol, "SOFTWARE\\New", "m", CR_REG_MULTI_SZ, multi,
                         sizeof multi));
  CHECK_OK(cr_regpol_add_sz(pol, "SOFTWARE\\New", "", "dflt"));
  CHECK_OK(cr_regpol_add(pol, "SOFTWARE\\OnlyKey", "", CR_REG_NONE, NULL,
                         0));
  CHECK_OK(cr_regpol_add_sz(pol, "SOFTWARE\\P", "**unknown", "lit"));
  check_apply("set", pol, BASE, BASE
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\P]\n"
    "\"b\"=\"new\"\n"
    "\"**unknown\"=\"lit\"\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\New\\Deep]\n"
    "\"d\"=dword:00000007\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\New]\n"
    "\"e\"=hex(2):25,00,78,00,25,00,00,00\n"
    "\"m\"=hex(7):78,00,00,00,00,00\n"
    "@=\"dflt\"\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\OnlyKey]\n");
  cr_regpol_free(pol);

  /* **del.<name>, any case; absent values and keys are fine and no key
   * is created by a deletion. */
  cr_regpol_new(&pol);
  CHECK_OK(cr_regpol_add_sz(pol, "SOFTWARE\\P", "**del.a", " "));
  CHECK_OK(cr_regpol_add_sz(pol, "SOFTWARE\\P", "**Del.B", " "));
  CHECK_OK(cr_regpol_add_sz(pol, "SOFTWARE\\P", "**del.missing", " "));
  CHECK_OK(cr_regpol_add_sz(pol, "SOFTWARE\\Absent", "**del.x", " "));
  check_apply("**del.", pol, BASE, BASE
    "[-HKEY_LOCAL_MACHINE\\SOFTWARE\\P]\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\P]\n"
    "\"c\"=dword:00000003\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\P\\Sub]\n"
    "\"s\"=dword:00000004\n");
  cr_regpol_free(pol);

  /* **delvals. removes the key's values, not its subkeys; then a value
   * set after it in the file stays (the GP pattern for lists). */
  cr_regpol_new(&pol);
  CHECK_OK(cr_regpol_add_sz(pol, "SOFTWARE\\P", "**delvals.", " "));
  CHECK_OK(cr_regpol_add_sz(pol, "SOFTWARE\\P", "1", "one"));
  CHECK_OK(cr_regpol_add_sz(pol, "SOFTWARE\\Q", "**DelVals", " "));
  CHECK_OK(cr_regpol_add_sz(pol, "SOFTWARE\\Absent", "**delvals.", " "));
  check_apply("**delvals.", pol, BASE,
    "Windows Registry Editor Version 5.00\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\P]\n"
    "\"1\"=\"one\"\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\P\\Sub]\n"
    "\"s\"=dword:00000004\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Q]\n");
  cr_regpol_free(pol);

  /* **DeleteValues: ';'-separated names, empty items skipped. */
  cr_regpol_new(&pol);
  CHECK_OK(cr_regpol_add_sz(pol, "SOFTWARE\\P", "**DeleteValues",
                            "a;;C;nothere;"));
  check_apply("**DeleteValues", pol, BASE,
    "Windows Registry Editor Version 5.00\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\P]\n"
    "\"b\"=\"bee\"\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\P\\Sub]\n"
    "\"s\"=dword:00000004\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Q]\n"
    "\"q\"=dword:00000005\n");
  cr_regpol_free(pol);

  /* **DeleteKeys: hive-relative keys (whatever key the entry is under),
   * subtrees included; a list item of backslashes never deletes HKLM. */
  cr_regpol_new(&pol);
  CHECK_OK(cr_regpol_add_sz(pol, "SOFTWARE\\Q", "**DeleteKeys",
                            "SOFTWARE\\P;software\\nothere;\\\\"));
  check_apply("**DeleteKeys", pol, BASE,
    "Windows Registry Editor Version 5.00\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Q]\n"
    "\"q\"=dword:00000005\n");
  cr_regpol_free(pol);

  /* **SecureKey changes permissions only: nothing in a snapshot. */
  cr_regpol_new(&pol);
  CHECK_OK(cr_regpol_add_dword(pol, "SOFTWARE\\P", "**SecureKey", 1));
  CHECK_OK(cr_regpol_add_dword(pol, "SOFTWARE\\Absent", "**securekey", 0));
  check_apply("**SecureKey", pol, BASE, BASE);
  cr_regpol_free(pol);

  /* **soft.<name> sets only what is absent (names compared as the
   * registry does, case-insensitively). */
  cr_regpol_new(&pol);
  CHECK_OK(cr_regpol_add_dword(pol, "SOFTWARE\\P", "**soft.A", 99));
  CHECK_OK(cr_regpol_add_dword(pol, "SOFTWARE\\P", "**Soft.z", 26));
  CHECK_OK(cr_regpol_add_sz(pol, "SOFTWARE\\Soft", "**soft.", "d"));
  check_apply("**soft.", pol, BASE, BASE
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\P]\n"
    "\"z\"=dword:0000001a\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Soft]\n"
    "@=\"d\"\n");
  cr_regpol_free(pol);

  /* Order matters: a value deleted after it is set is gone. */
  cr_regpol_new(&pol);
  CHECK_OK(cr_regpol_add_dword(pol, "SOFTWARE\\N", "v", 1));
  CHECK_OK(cr_regpol_add_sz(pol, "SOFTWARE\\N", "**del.v", " "));
  check_apply("order", pol, BASE, BASE "[HKEY_LOCAL_MACHINE\\SOFTWARE\\N]\n");
  cr_regpol_free(pol);

  /* The gpmc_style.pol fixture applied to an empty snapshot. */
  {
    char *path = fixture_path("gpmc_style.pol");
    cr_snapshot *s = NULL;
    uint32_t dw = 42;
    char *text = NULL;
    pol = NULL;
    CHECK_OK(cr_regpol_open(&pol, path));
    CHECK_OK(cr_snapshot_new(&s));
    if (pol && s) {
      CHECK_OK(cr_snapshot_apply_regpol(s, pol));
      CHECK_OK(cr_snap_get_dword(&dw, s, "HKEY_LOCAL_MACHINE\\Software\\"
                                 "Policies\\Microsoft\\Windows NT\\DNSClient",
                                 "EnableMulticast"));
      CHECK(dw == 0);
      CHECK_OK(cr_snap_get_string(&text, s, "HKLM\\SOFTWARE\\Policies\\"
                                  "ConnReset\\Lists", "1"));
      CHECK(text && strcmp(text, "one") == 0);
      CHECK(cr_snapshot_has_key(s, "HKLM\\SOFTWARE\\Policies\\ConnReset\\"
                                "Empty") == 1);
      CHECK(cr_snapshot_value_count(s) == 8);
    }
    cr_free(text);
    cr_snapshot_free(s);
    cr_regpol_free(pol);
    free(path);
  }

  CHECK(cr_snapshot_apply_regpol(NULL, NULL) == CR_EINVAL);
}

/* Arguments the writer refuses, so that everything it writes reads. */
static void test_add_errors(void)
{
  cr_regpol *pol = NULL;
  cr_buf deep = CR_BUF_INIT;
  size_t i;
  static const uint8_t three[4] = { 1, 2, 3, 4 };
  CHECK(cr_regpol_new(NULL) == CR_EINVAL);
  CHECK_OK(cr_regpol_new(&pol));
  CHECK(cr_regpol_add(NULL, "K", "V", CR_REG_DWORD, three, 4) == CR_EINVAL);
  CHECK(cr_regpol_add(pol, NULL, "V", CR_REG_DWORD, three, 4) == CR_EINVAL);
  CHECK(cr_regpol_add(pol, "K", "V", CR_REG_BINARY, NULL, 2) == CR_EINVAL);
  CHECK(cr_regpol_add(pol, "K", "V", CR_REG_DWORD, three, 3) == CR_EINVAL);
  CHECK_MSG(strstr(cr_error_last(), "REG_DWORD data is 3 bytes, expected 4"),
            "%s", cr_error_last());
  CHECK(cr_regpol_add(pol, "K", "V", CR_REG_QWORD, three, 3) == CR_EINVAL);
  CHECK(cr_regpol_add(pol, "K", "V", CR_REG_SZ, three, 3) == CR_EINVAL);
  CHECK(cr_regpol_add(pol, "K", "**soft.V", CR_REG_DWORD, three, 3) ==
        CR_EINVAL);
  CHECK(cr_regpol_add(pol, "K\xff", "V", CR_REG_BINARY, three, 3) ==
        CR_EINVAL);
  /* U+D800 as three UTF-8 bytes (WTF-8): no well-formed file holds it. */
  CHECK(cr_regpol_add(pol, "K", "\xed\xa0\x80", CR_REG_BINARY, three, 3) ==
        CR_EINVAL);
  CHECK_MSG(strstr(cr_error_last(), "surrogate"), "%s", cr_error_last());
  CHECK(cr_regpol_add_sz(pol, "K", "V", "\xc3") == CR_EINVAL);
  CHECK(cr_regpol_add_sz(pol, "K", "V", NULL) == CR_EINVAL);
  for (i = 0; i < 513; i++)
    cr_buf_puts(&deep, i ? "\\k" : "k");
  CHECK(cr_regpol_add_dword(pol, deep.ptr, "V", 1) == CR_EINVAL);
  CHECK_MSG(strstr(cr_error_last(), "deeper than 512 levels"), "%s",
            cr_error_last());
  /* 512 levels is the limit, not past it. */
  deep.len -= 2;
  deep.ptr[deep.len] = '\0';
  CHECK_OK(cr_regpol_add_dword(pol, deep.ptr, "V", 1));
  CHECK(cr_regpol_count(pol) == 1);
  {
    void *out = NULL;
    size_t len = 0;
    cr_regpol *back = NULL;
    cr_snapshot *s = NULL;
    CHECK_OK(cr_regpol_save_buffer(&out, &len, pol));
    CHECK_OK(cr_regpol_open_buffer(&back, out, len, "deep.pol"));
    CHECK(same_entries(pol, back));
    CHECK_OK(cr_snapshot_new(&s));
    CHECK_OK(cr_snapshot_apply_regpol(s, back));
    CHECK(cr_snapshot_key_count(s) == 513); /* HKLM and 512 below */
    cr_snapshot_free(s);
    cr_regpol_free(back);
    cr_free(out);
  }
  cr_buf_dispose(&deep);
  CHECK(cr_regpol_save_buffer(NULL, NULL, pol) == CR_EINVAL);
  CHECK(cr_regpol_to_json(NULL, pol) == CR_EINVAL);
  CHECK(cr_regpol_open_buffer(NULL, "", 0, "x") == CR_EINVAL);
  {
    cr_regpol *p = (cr_regpol *)1;
    CHECK(cr_regpol_open_buffer(&p, NULL, 8, "x") == CR_EINVAL);
    CHECK(p == NULL);
  }
  CHECK(cr_regpol_count(NULL) == 0);
  cr_regpol_free(NULL);
  cr_regpol_free(pol);
}

/* Machine\Registry.pol or User\Registry.pol: the folder says which hive
 * the keys are relative to (issue 11, point 4); a user policy is applied
 * to HKEY_CURRENT_USER. */
static void test_scope(void)
{
  char *machine = fixture_path("Machine/Registry.pol");
  char *user = fixture_path("User/Registry.pol");
  char *other = fixture_path("gpmc_style.pol");
  cr_regpol *pol = NULL;
  cr_snapshot *snap = NULL;
  char *json = NULL;
  const void *d;
  uint32_t type;
  static const uint8_t hdr[8] = { 'P', 'R', 'e', 'g', 1, 0, 0, 0 };
  CHECK_OK(cr_regpol_open(&pol, machine));
  CHECK(cr_regpol_scope(pol) == CR_GPO_SCOPE_MACHINE);
  CHECK(cr_regpol_count(pol) == 0); /* only its header */
  cr_regpol_free(pol);
  CHECK_OK(cr_regpol_open(&pol, other));
  CHECK(cr_regpol_scope(pol) == CR_GPO_SCOPE_UNKNOWN);
  cr_regpol_free(pol);
  CHECK_OK(cr_regpol_open(&pol, user));
  CHECK(cr_regpol_scope(pol) == CR_GPO_SCOPE_USER);
  CHECK(cr_regpol_count(pol) == 2);
  CHECK_OK(cr_regpol_to_json(&json, pol));
  CHECK(json && strstr(json, "\"scope\": \"user\"") != NULL);
  CHECK(json && strstr(json, "\"typeName\": \"REG_NONE\"") != NULL);
  cr_free(json);
  CHECK_OK(cr_snapshot_new(&snap));
  CHECK_OK(cr_snapshot_apply_regpol(snap, pol));
  CHECK_OK(cr_snapshot_get_value(&type, &d, NULL, snap, "HKEY_CURRENT_USER\\"
           "Software\\Policies\\Microsoft\\Windows\\CurrentVersion\\"
           "Internet Settings", "SecureProtocols"));
  CHECK(type == CR_REG_DWORD);
  CHECK(cr_snapshot_has_key(snap, "HKEY_CURRENT_USER\\Software\\Policies\\"
                            "Microsoft\\Internet Explorer\\Main") == 1);
  CHECK(cr_snapshot_has_key(snap, "HKEY_LOCAL_MACHINE\\Software") == 0);
  cr_snapshot_free(snap);
  cr_regpol_free(pol);
  /* From memory, the name plays the path; both separators count. */
  CHECK_OK(cr_regpol_open_buffer(&pol, hdr, 8, "C:\\GPO\\{31B2F340}\\User\\"
                                 "Registry.pol"));
  CHECK(cr_regpol_scope(pol) == CR_GPO_SCOPE_USER);
  cr_regpol_free(pol);
  CHECK_OK(cr_regpol_open_buffer(&pol, hdr, 8, "gpo/machine/registry.pol"));
  CHECK(cr_regpol_scope(pol) == CR_GPO_SCOPE_MACHINE);
  cr_regpol_free(pol);
  CHECK_OK(cr_regpol_open_buffer(&pol, hdr, 8, "Registry.pol"));
  CHECK(cr_regpol_scope(pol) == CR_GPO_SCOPE_UNKNOWN);
  cr_regpol_free(pol);
  CHECK(strcmp(cr_gpo_scope_name(CR_GPO_SCOPE_USER), "user") == 0);
  CHECK(cr_regpol_scope(NULL) == CR_GPO_SCOPE_UNKNOWN);
  free(machine);
  free(user);
  free(other);
}

/* The good fixtures read, hold what make_fixtures.py wrote, and write
 * back byte for byte. */
static void test_fixtures_good(void)
{
  static const char *const files[] = { "gpmc_style.pol", "empty_body.pol" };
  static const size_t counts[] = { 11, 0 };
  size_t i;
  for (i = 0; i < 2; i++) {
    char *path = fixture_path(files[i]);
    uint8_t *img = NULL;
    size_t len = 0, olen = 0;
    void *out = NULL;
    cr_regpol *pol = NULL;
    CHECK_OK(cr_read_file(&img, &len, path));
    CHECK_OK(cr_regpol_open(&pol, path));
    CHECK_MSG(cr_regpol_count(pol) == counts[i], "%s: %zu entries", files[i],
              cr_regpol_count(pol));
    CHECK_OK(cr_regpol_save_buffer(&out, &olen, pol));
    CHECK_MSG(olen == len && img && out && memcmp(out, img, len) == 0,
              "%s does not write back byte for byte", files[i]);
    if (i == 0 && cr_regpol_count(pol) == 11) {
      const char *k, *v;
      uint32_t t;
      const void *d;
      size_t dl;
      CHECK_OK(cr_regpol_entry(&k, &v, &t, &d, &dl, pol, 9));
      CHECK(strcmp(k, "SOFTWARE\\Policies\\ConnReset\\\xc3\x9cn\xc3\xaf"
                   "code \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80") == 0);
      CHECK(strcmp(v, "\xe5\x90\x8d\xe5\x89\x8d") == 0);
      CHECK(t == CR_REG_EXPAND_SZ && dl == 30);
      CHECK_OK(cr_regpol_entry(&k, &v, &t, &d, &dl, pol, 2));
      CHECK(strcmp(v, "**del.DisabledByDefault") == 0 && t == CR_REG_SZ &&
            dl == 4 && memcmp(d, " \0\0\0", 4) == 0);
    }
    cr_free(out);
    free(img);
    cr_regpol_free(pol);
    free(path);
  }
}

/* malformed/EXPECTED.txt: "file|offset(hex)|substring" per line. Every
 * listed file fails with CR_EPARSE and "<path>: offset 0x<offset>: ...",
 * both from the file and from memory, and every .pol there is listed. */
static void test_fixtures_malformed(void)
{
  char *manifest = fixture_path("malformed/EXPECTED.txt");
  char *dirpath = fixture_path("malformed");
  uint8_t *text = NULL;
  size_t len = 0, listed = 0;
  char *line, *next;
  cr_buf names = CR_BUF_INIT;
  DIR *dir;
  struct dirent *de;
  CHECK_OK(cr_read_file(&text, &len, manifest));
  cr_buf_putc(&names, '|');
  for (line = (char *)text; line && *line; line = next) {
    char *file, *off, *sub, *path, prefix[600];
    cr_buf rel = CR_BUF_INIT;
    cr_regpol *pol = (cr_regpol *)1;
    uint8_t *img = NULL;
    size_t ilen = 0;
    int rc;
    next = line + strcspn(line, "\r\n");
    if (*next) {
      *next++ = '\0';
      next += strspn(next, "\r\n");
    }
    if (*line == '#' || !*line)
      continue;
    file = line;
    off = strchr(file, '|');
    sub = off ? strchr(off + 1, '|') : NULL;
    CHECK_MSG(off && sub, "bad manifest line '%s'", line);
    if (!off || !sub)
      continue;
    *off++ = '\0';
    *sub++ = '\0';
    cr_buf_printf(&names, "%s|", file);
    listed++;
    cr_buf_printf(&rel, "malformed/%s", file);
    path = fixture_path(rel.ptr);
    cr_buf_dispose(&rel);

    rc = cr_regpol_open(&pol, path);
    snprintf(prefix, sizeof prefix, "%s: offset 0x%s: ", path, off);
    CHECK_MSG(rc == CR_EPARSE && pol == NULL &&
              strncmp(cr_error_last(), prefix, strlen(prefix)) == 0 &&
              strstr(cr_error_last() + strlen(prefix), sub) != NULL,
              "%s: expected CR_EPARSE '%s...%s...', got %s '%s'", file,
              prefix, sub, cr_err_name(rc), cr_error_last());

    CHECK_OK(cr_read_file(&img, &ilen, path));
    pol = NULL;
    rc = cr_regpol_open_buffer(&pol, img, ilen, "mem.pol");
    snprintf(prefix, sizeof prefix, "mem.pol: offset 0x%s: ", off);
    CHECK_MSG(rc == CR_EPARSE && pol == NULL &&
              strncmp(cr_error_last(), prefix, strlen(prefix)) == 0,
              "%s from memory: got %s '%s'", file, cr_err_name(rc),
              cr_error_last());
    cr_regpol_free(pol);
    free(img);
    free(path);
  }
  CHECK_MSG(listed >= 30, "only %zu malformed files listed", listed);
  dir = opendir(dirpath);
  CHECK_MSG(dir != NULL, "cannot list %s", dirpath);
  while (dir && (de = readdir(dir)) != NULL) {
    size_t n = strlen(de->d_name);
    char key[300];
    if (n < 4 || strcmp(de->d_name + n - 4, ".pol") != 0)
      continue;
    snprintf(key, sizeof key, "|%s|", de->d_name);
    CHECK_MSG(names.ptr && strstr(names.ptr, key) != NULL,
              "%s is not listed in EXPECTED.txt", de->d_name);
  }
  if (dir)
    closedir(dir);
  cr_buf_dispose(&names);
  free(text);
  free(manifest);
  free(dirpath);
}

/* Every prefix of a good file is either the file itself, a header-only
 * policy or a parse error naming an offset inside the prefix. */
static void test_truncations(void)
{
  char *path = fixture_path("gpmc_style.pol");
  uint8_t *img = NULL;
  size_t len = 0, cut, ok = 0;
  CHECK_OK(cr_read_file(&img, &len, path));
  for (cut = 0; img && cut < len; cut++) {
    cr_regpol *pol = NULL;
    int rc = cr_regpol_open_buffer(&pol, img, cut, "cut.pol");
    if (rc == CR_OK) {
      ok++;
      cr_regpol_free(pol);
      continue;
    }
    {
      unsigned long off = 0;
      int parsed = sscanf(cr_error_last(), "cut.pol: offset 0x%lx:", &off);
      CHECK_MSG(rc == CR_EPARSE && parsed == 1 && off <= cut,
                "cut at %zu: %s '%s'", cut, cr_err_name(rc),
                cr_error_last());
    }
  }
  /* Only the cuts at entry boundaries read: the header and 10 entries. */
  CHECK_MSG(ok == 11, "%zu prefixes read", ok);
  free(img);
  free(path);
}

/* ---------------------------------------------------------------- */

static const test_case cases[] = {
  { "exact_bytes", test_exact_bytes },
  { "round_trip", test_round_trip },
  { "json", test_json },
  { "classify", test_classify },
  { "apply", test_apply },
  { "add_errors", test_add_errors },
  { "fixtures_good", test_fixtures_good },
  { "scope", test_scope },
  { "fixtures_malformed", test_fixtures_malformed },
  { "truncations", test_truncations },
};

int main(int argc, char **argv)
{
  if (argc > 1)
    fixtures = argv[1];
  return run_cases(cases, sizeof cases / sizeof cases[0]);
}
