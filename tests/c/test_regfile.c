/*
 * test_regfile.c - tests of the .reg reader and writer.
 *
 * Usage: test_regfile [REG_FIXTURES_DIR]
 * The default is CR_FIXTURES_DIR "/reg" when the build defines
 * CR_FIXTURES_DIR (the tests/fixtures folder), else tests/fixtures/reg
 * relative to the working directory.
 *
 * Every case runs in turn; the last line printed is "N passed, N failed"
 * and the exit status is non-zero when any case failed.
 */
#define _POSIX_C_SOURCE 200809L
#include "regfile.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef CR_FIXTURES_DIR
static const char *fixtures = CR_FIXTURES_DIR "/reg";
#else
static const char *fixtures = "tests/fixtures/reg";
#endif
#include "cases.h"

/* Most cases here test strict reading, the grammar as written (and what
 * restore reads); reg import's lenient reading has its own cases
 * (test_lenient_*), which call the real cr_regfile_load. */
static int load_strict(cr_snapshot *s, const uint8_t *buf, size_t len,
                       const char *name)
{
  if (s)
    cr_snapshot_set_strict(s, 1);
  return (cr_regfile_load)(s, buf, len, name);
}
#define cr_regfile_load(s, buf, len, name) load_strict(s, buf, len, name)

/* ---------------------------------------------------------------- */
/* Helpers.                                                         */
/* ---------------------------------------------------------------- */

enum enc { U16, U8, U8BOM, RAW };

/* The text (UTF-8) as a file image in the given encoding. */
static uint8_t *encode(const char *text, size_t tlen, enum enc e,
                       size_t *len)
{
  cr_buf b = CR_BUF_INIT;
  if (e == U16) {
    cr_buf_put(&b, "\xFF\xFE", 2);
    if (cr_utf8_to_utf16(&b, text, tlen) < 0) {
      cr_buf_dispose(&b);
      return NULL;
    }
  } else {
    if (e == U8BOM)
      cr_buf_put(&b, "\xEF\xBB\xBF", 3);
    cr_buf_put(&b, text, tlen);
  }
  return (uint8_t *)cr_buf_detach(&b, len);
}

static int load(cr_snapshot *s, const char *text, enum enc e,
                const char *name)
{
  size_t len = 0;
  uint8_t *img = encode(text, strlen(text), e, &len);
  int rc = img ? cr_regfile_load(s, img, len, name) : CR_ENOMEM;
  free(img);
  return rc;
}

static cr_snapshot *snap_of(const char *text, enum enc e)
{
  cr_snapshot *s = NULL;
  int rc;
  if (cr_snapshot_new(&s) < 0)
    return NULL;
  rc = load(s, text, e, "test.reg");
  if (rc < 0) {
    fprintf(stderr, "  cannot load test text: %s\n", cr_error_last());
    cr_snapshot_free(s);
    return NULL;
  }
  return s;
}

/* UTF-16LE of `utf8` plus a NUL terminator (registry REG_SZ form). */
static uint8_t *sz(const char *utf8, size_t *len)
{
  cr_buf b = CR_BUF_INIT;
  cr_utf8_to_utf16(&b, utf8, strlen(utf8));
  cr_buf_put_u16(&b, 0);
  return (uint8_t *)cr_buf_detach(&b, len);
}

static int has_value(const cr_snapshot *s, const char *key, const char *name,
                     uint32_t type, const void *data, size_t len)
{
  uint32_t t;
  const void *d;
  size_t l;
  if (cr_snapshot_get_value(&t, &d, &l, s, key, name) < 0) {
    fprintf(stderr, "  missing value %s -> '%s'\n", key, name);
    return 0;
  }
  if (t != type || l != len || (len && memcmp(d, data, len) != 0)) {
    fprintf(stderr, "  value %s -> '%s': type %u len %lu, expected type %u "
            "len %lu\n", key, name, (unsigned)t, (unsigned long)l,
            (unsigned)type, (unsigned long)len);
    return 0;
  }
  return 1;
}

static int has_sz(const cr_snapshot *s, const char *key, const char *name,
                  const char *text)
{
  size_t len;
  uint8_t *d = sz(text, &len);
  int ok = has_value(s, key, name, CR_REG_SZ, d, len);
  free(d);
  return ok;
}

static int has_dword(const cr_snapshot *s, const char *key, const char *name,
                     uint32_t v)
{
  uint8_t le[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
                    (uint8_t)(v >> 24) };
  return has_value(s, key, name, CR_REG_DWORD, le, 4);
}

static int no_value(const cr_snapshot *s, const char *key, const char *name)
{
  return cr_snapshot_get_value(NULL, NULL, NULL, s, key, name) ==
         CR_ENOTFOUND;
}

/* Parses `text` and expects CR_EPARSE "name:line: ...substring...". */
static int parse_fails(const char *text, enum enc e, unsigned long line,
                       const char *substring)
{
  cr_snapshot *s = NULL;
  char prefix[64];
  int rc, ok;
  cr_snapshot_new(&s);
  rc = load(s, text, e, "bad.reg");
  snprintf(prefix, sizeof prefix, "bad.reg:%lu: ", line);
  ok = rc == CR_EPARSE &&
       strncmp(cr_error_last(), prefix, strlen(prefix)) == 0 &&
       strstr(cr_error_last(), substring) != NULL &&
       cr_snapshot_key_count(s) == 0;
  if (!ok)
    fprintf(stderr, "  expected CR_EPARSE '%s...%s', got %s '%s'\n", prefix,
            substring, cr_err_name(rc), cr_error_last());
  cr_snapshot_free(s);
  return ok;
}

/* The .reg image as UTF-8 text (the BOM checked and dropped). */
static char *image_text(const void *img, size_t len)
{
  cr_buf b = CR_BUF_INIT;
  const uint8_t *p = img;
  if (len < 2 || p[0] != 0xFF || p[1] != 0xFE || len % 2)
    return NULL;
  cr_utf16_to_utf8(&b, p + 2, (len - 2) / 2);
  return cr_buf_detach(&b, NULL);
}

/* ---------------------------------------------------------------- */
/* A tiny PRNG for generated cases (xorshift64*).                   */
/* ---------------------------------------------------------------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(void)
{
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return (uint32_t)((rng_state * 0x2545F4914F6CDD1Dull) >> 32);
}

static uint32_t rnd_below(uint32_t n) { return n ? rnd() % n : 0; }

/* ---------------------------------------------------------------- */
/* Reader cases.                                                    */
/* ---------------------------------------------------------------- */

static const char basic_text[] =
  "\r\n"
  "Windows Registry Editor Version 5.00\r\n"
  "\r\n"
  "; a comment\r\n"
  "   ; an indented comment\r\n"
  "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\"
  "Parameters]\r\n"
  "\"SynAttackProtect\"=dword:00000001\r\n"
  "\"TcpMaxHalfOpen\" = dword:64\r\n"
  "\"Max\"=dword:FFFFFFFF\r\n"
  "@=\"default text\"\r\n"
  "\"Quote\\\"And\\\\Backslash\"=\"C:\\\\Windows \\\"quoted\\\"\"\r\n"
  "\"Lines\"=\"a\\r\\nb\"\r\n"
  "\"Empty\"=\"\"\r\n"
  "\"Unicode \xC3\xA9\xE6\x97\xA5\xF0\x9F\x98\x80\"=\"\xC3\xBC\xF0\x9F\x98\x80\"\r\n"
  "\"Bin\"=hex:00,01,fe,FF\r\n"
  "\"EmptyBin\"=hex:\r\n"
  "\"None\"=hex(0):\r\n"
  "\"Expand\"=hex(2):25,00,41,00,25,00,00,00\r\n"
  "\"Multi\"=hex(7):61,00,00,00,62,00,00,00,00,00\r\n"
  "\"Q\"=hex(b):01,02,03,04,05,06,07,08\r\n"
  "\"Big\"=hex(ffffffff):aa\r\n"
  "\"Lead0\"=hex(0000000004):01,00,00,00\r\n"
  "\"Cont\"=hex:01,02,\\\r\n"
  "  03,04,\\\r\n"
  "\r\n"
  "  ; comment inside a continued value\r\n"
  "\t05   \r\n"
  "\"Spaces\"=hex: 0a , 0b ,\\\r\n"
  "0c\r\n"
  "\"Comment\"=dword:2 ; trailing comment\r\n"
  "\"Gone\"=dword:1\r\n"
  "\"Gone\"=-\r\n"
  "\"Never\"=-\r\n"
  "\r\n"
  "[hklm\\system\\currentcontrolset\\services\\tcpip\\parameters\\Sub\\\\]\r\n"
  "\"x\"=\"y\"\r\n"
  "  [HKCU\\Software\\Test]  \r\n"
  "\"a\"=\"b\"\r\n"
  "[HKEY_CURRENT_USER\\Software\\Test\\Key]With]Brackets]\r\n"
  "\"@\"=\"not the default\"\r\n"
  "[HKEY_CLASSES_ROOT\\.txt]\r\n"
  "[HKU\\S-1-5-18]\r\n"
  "[HKCC\\System]\r\n"
  "[HKEY_LOCAL_MACHINE]\r\n"
  "\"RootValue\"=dword:7\r\n";

static void check_basic(const cr_snapshot *s)
{
  const char *k = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\"
                  "Parameters";
  static const uint8_t bin[] = { 0, 1, 0xfe, 0xff };
  static const uint8_t expand[] = { 0x25, 0, 0x41, 0, 0x25, 0, 0, 0 };
  static const uint8_t multi[] = { 0x61, 0, 0, 0, 0x62, 0, 0, 0, 0, 0 };
  static const uint8_t q[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  static const uint8_t cont[] = { 1, 2, 3, 4, 5 };
  static const uint8_t spaces[] = { 10, 11, 12 };
  static const uint8_t one[] = { 1, 0, 0, 0 };
  static const uint8_t aa[] = { 0xaa };
  CHECK(has_dword(s, k, "SynAttackProtect", 1));
  CHECK(has_dword(s, k, "TcpMaxHalfOpen", 0x64));
  CHECK(has_dword(s, k, "Max", 0xffffffffu));
  CHECK(has_sz(s, k, "", "default text"));
  CHECK(has_sz(s, k, "Quote\"And\\Backslash", "C:\\Windows \"quoted\""));
  CHECK(has_sz(s, k, "Lines", "a\r\nb"));
  CHECK(has_sz(s, k, "Empty", ""));
  CHECK(has_sz(s, k, "Unicode \xC3\xA9\xE6\x97\xA5\xF0\x9F\x98\x80",
               "\xC3\xBC\xF0\x9F\x98\x80"));
  CHECK(has_value(s, k, "Bin", CR_REG_BINARY, bin, 4));
  CHECK(has_value(s, k, "EmptyBin", CR_REG_BINARY, "", 0));
  CHECK(has_value(s, k, "None", CR_REG_NONE, "", 0));
  CHECK(has_value(s, k, "Expand", CR_REG_EXPAND_SZ, expand, sizeof expand));
  CHECK(has_value(s, k, "Multi", CR_REG_MULTI_SZ, multi, sizeof multi));
  CHECK(has_value(s, k, "Q", CR_REG_QWORD, q, sizeof q));
  CHECK(has_value(s, k, "Big", 0xffffffffu, aa, 1));
  CHECK(has_value(s, k, "Lead0", CR_REG_DWORD, one, 4));
  CHECK(has_value(s, k, "Cont", CR_REG_BINARY, cont, sizeof cont));
  CHECK(has_value(s, k, "Spaces", CR_REG_BINARY, spaces, sizeof spaces));
  CHECK(has_dword(s, k, "Comment", 2));
  CHECK(no_value(s, k, "Gone"));
  CHECK(no_value(s, k, "Never"));
  CHECK(has_sz(s, "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\"
               "Tcpip\\Parameters\\Sub", "x", "y"));
  CHECK(has_sz(s, "HKEY_CURRENT_USER\\Software\\Test", "a", "b"));
  CHECK(has_sz(s, "HKCU\\Software\\Test\\Key]With]Brackets", "@",
               "not the default"));
  CHECK(no_value(s, "HKCU\\Software\\Test\\Key]With]Brackets", ""));
  CHECK(cr_snapshot_has_key(s, "HKEY_CLASSES_ROOT\\.txt"));
  CHECK(cr_snapshot_has_key(s, "HKEY_USERS\\S-1-5-18"));
  CHECK(cr_snapshot_has_key(s, "HKEY_CURRENT_CONFIG\\System"));
  CHECK(has_dword(s, "HKEY_LOCAL_MACHINE", "RootValue", 7));
  CHECK(s->nsources == 1 && strcmp(s->sources[0], "test.reg") == 0);
}

static void test_basic_utf16(void)
{
  cr_snapshot *s = snap_of(basic_text, U16);
  CHECK(s != NULL);
  if (s)
    check_basic(s);
  cr_snapshot_free(s);
}

static void test_basic_utf8(void)
{
  cr_snapshot *a = snap_of(basic_text, U8), *b = snap_of(basic_text, U8BOM);
  cr_snapshot *c = snap_of(basic_text, U16);
  CHECK(a && b && c);
  if (a && b && c) {
    check_basic(a);
    check_basic(b);
    CHECK(cr_snapshot_equal(NULL, a, c));
    CHECK(cr_snapshot_equal(NULL, b, c));
  }
  cr_snapshot_free(a);
  cr_snapshot_free(b);
  cr_snapshot_free(c);
}

/* Same content with LF-only line ends, lone CRs and no final line end. */
static void test_line_ends(void)
{
  cr_buf lf = CR_BUF_INIT, cr = CR_BUF_INIT;
  const char *p;
  cr_snapshot *a, *b, *c;
  for (p = basic_text; *p; p++) {
    if (*p == '\r')
      continue;
    cr_buf_putc(&lf, *p);
  }
  for (p = basic_text; *p; p++) {
    if (*p == '\n')
      continue;
    cr_buf_putc(&cr, *p);
  }
  while (lf.len && lf.ptr[lf.len - 1] == '\n')
    lf.ptr[--lf.len] = '\0';
  a = snap_of(basic_text, U16);
  b = snap_of(lf.ptr, U8);
  c = snap_of(cr.ptr, U16);
  CHECK(a && b && c);
  if (a && b && c) {
    CHECK(cr_snapshot_equal(NULL, a, b));
    CHECK(cr_snapshot_equal(NULL, a, c));
  }
  cr_snapshot_free(a);
  cr_snapshot_free(b);
  cr_snapshot_free(c);
  cr_buf_dispose(&lf);
  cr_buf_dispose(&cr);
}

/* REGEDIT4 in Windows-1252, REGEDIT4 in UTF-8 and 5.00 in UTF-16LE. */
static void test_regedit4_equivalence(void)
{
  static const char v5[] =
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Caf\xC3\xA9]\r\n"
    "\"Name \xC3\xA9\"=\"r\xC3\xA9sum\xC3\xA9 \xE2\x82\xAC\"\r\n"
    "\"Path\"=hex(2):25,00,e9,00,25,00,00,00\r\n"
    "\"List\"=hex(7):61,00,00,00,ac,20,00,00,00,00\r\n"
    "\"Sz\"=hex(1):e9,00,00,00\r\n"
    "\"Bin\"=hex:e9,00\r\n"
    "\"D\"=dword:0000002a\r\n\r\n";
  static const char v4_1252[] =
    "REGEDIT4\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Caf\xE9]\r\n"
    "\"Name \xE9\"=\"r\xE9sum\xE9 \x80\"\r\n"
    "\"Path\"=hex(2):25,e9,25,00\r\n"
    "\"List\"=hex(7):61,00,80,00,00\r\n"
    "\"Sz\"=hex(1):e9,00\r\n"
    "\"Bin\"=hex:e9,00\r\n"
    "\"D\"=dword:0000002a\r\n\r\n";
  static const char v4_utf8[] =
    "REGEDIT4\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Caf\xC3\xA9]\r\n"
    "\"Name \xC3\xA9\"=\"r\xC3\xA9sum\xC3\xA9 \xE2\x82\xAC\"\r\n"
    "\"Path\"=hex(2):25,c3,a9,25,00\r\n"
    "\"List\"=hex(7):61,00,e2,82,ac,00,00\r\n"
    "\"Sz\"=hex(1):c3,a9,00\r\n"
    "\"Bin\"=hex:e9,00\r\n"
    "\"D\"=dword:0000002a\r\n\r\n";
  /* A UTF-8 REGEDIT4 file whose hex(2) bytes are not UTF-8: 1252. */
  static const char v4_mixed[] =
    "REGEDIT4\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Caf\xC3\xA9]\r\n"
    "\"Name \xC3\xA9\"=\"r\xC3\xA9sum\xC3\xA9 \xE2\x82\xAC\"\r\n"
    "\"Path\"=hex(2):25,e9,25,00\r\n"
    "\"List\"=hex(7):61,00,80,00,00\r\n"
    "\"Sz\"=hex(1):e9,00\r\n"
    "\"Bin\"=hex:e9,00\r\n"
    "\"D\"=dword:0000002a\r\n\r\n";
  cr_snapshot *a = snap_of(v5, U16), *b = snap_of(v4_1252, RAW);
  cr_snapshot *c = snap_of(v4_utf8, RAW), *d = snap_of(v4_mixed, RAW);
  cr_snapshot *e = snap_of(v4_utf8, U16);
  char *why = NULL;
  CHECK(a && b && c && d && e);
  if (a && b && c && d && e) {
    CHECK_MSG(cr_snapshot_equal(&why, a, b), "%s", why ? why : "");
    cr_free(why);
    CHECK_MSG(cr_snapshot_equal(&why, a, c), "%s", why ? why : "");
    cr_free(why);
    CHECK_MSG(cr_snapshot_equal(&why, a, d), "%s", why ? why : "");
    cr_free(why);
    CHECK_MSG(cr_snapshot_equal(&why, a, e), "%s", why ? why : "");
    cr_free(why);
    CHECK(has_sz(a, "HKLM\\SOFTWARE\\Caf\xC3\xA9", "Name \xC3\xA9",
                 "r\xC3\xA9sum\xC3\xA9 \xE2\x82\xAC"));
  }
  cr_snapshot_free(a);
  cr_snapshot_free(b);
  cr_snapshot_free(c);
  cr_snapshot_free(d);
  cr_snapshot_free(e);
}

static void test_merge(void)
{
  static const char f1[] =
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\X]\r\n"
    "\"a\"=dword:00000001\r\n"
    "\"b\"=\"one\"\r\n"
    "\"c\"=hex:01\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\X\\Child]\r\n"
    "\"k\"=dword:1\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Old\\Deep\\Er]\r\n"
    "\"z\"=dword:1\r\n";
  static const char f2[] =
    "REGEDIT4\r\n\r\n"
    "[hklm\\system\\x]\r\n"
    "\"A\"=dword:00000002\r\n"
    "\"c\"=-\r\n"
    "\"new\"=\"two\"\r\n\r\n"
    "[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Old]\r\n"
    "\"ignored\"=dword:1\r\n"
    "[-HKLM\\Software\\NeverExisted]\r\n";
  static const char f3[] =
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\X\\CHILD]\r\n"
    "\"k\"=dword:3\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Old]\r\n"
    "\"back\"=dword:4\r\n";
  static const char want[] =
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\X]\r\n"
    "\"a\"=dword:00000002\r\n"
    "\"b\"=\"one\"\r\n"
    "\"new\"=\"two\"\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\X\\Child]\r\n"
    "\"k\"=dword:3\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Old]\r\n"
    "\"back\"=dword:4\r\n";
  cr_snapshot *s = NULL, *w = snap_of(want, U16);
  char *why = NULL;
  cr_snapshot_new(&s);
  CHECK_OK(load(s, f1, U16, "one.reg"));
  CHECK_OK(load(s, f2, RAW, "two.reg"));
  CHECK_OK(load(s, f3, U8, "three.reg"));
  CHECK(w != NULL);
  if (w) {
    CHECK_MSG(cr_snapshot_equal(&why, s, w), "%s", why ? why : "");
    cr_free(why);
  }
  CHECK(!cr_snapshot_has_key(s, "HKLM\\SOFTWARE\\Old\\Deep"));
  CHECK(!cr_snapshot_has_key(s, "HKLM\\SOFTWARE\\NeverExisted"));
  CHECK(s->nsources == 3 && strcmp(s->sources[2], "three.reg") == 0);
  /* The key keeps the spelling it was created with. */
  CHECK(cr_snap_find_key(s, "HKLM\\system\\x") &&
        strcmp(cr_snap_find_key(s, "HKLM\\system\\x")->name, "X") == 0);
  cr_snapshot_free(s);
  cr_snapshot_free(w);
}

/* A malformed file changes nothing in the snapshot it is merged into. */
static void test_atomic_load(void)
{
  static const char good[] =
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[HKLM\\A]\r\n\"v\"=dword:1\r\n";
  static const char bad[] =
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[-HKLM\\A]\r\n[HKLM\\B]\r\n\"w\"=dword:1\r\n\"x\"=dword:zz\r\n";
  cr_snapshot *s = snap_of(good, U16), *copy = snap_of(good, U16);
  CHECK(s && copy);
  if (s && copy) {
    CHECK(load(s, bad, U16, "bad.reg") == CR_EPARSE);
    CHECK(strncmp(cr_error_last(), "bad.reg:6: ", 11) == 0);
    CHECK(cr_snapshot_equal(NULL, s, copy));
    CHECK(s->nsources == 1);
  }
  cr_snapshot_free(s);
  cr_snapshot_free(copy);
}

/* A recording sink: paths are canonical, calls come in file order. */
typedef struct rec {
  cr_buf log;
  int fail_at_call; /* 1-based call that fails, 0 for none */
  int calls;
} rec;

static int rec_fail(rec *r)
{
  if (++r->calls == r->fail_at_call)
    return cr_error_set(CR_EACCES, "access denied by the test sink");
  return 0;
}

static int rec_delete_key(void *ctx, const char *path)
{
  rec *r = ctx;
  cr_buf_printf(&r->log, "delkey %s\n", path);
  return rec_fail(r);
}

static int rec_open_key(void *ctx, const char *path)
{
  rec *r = ctx;
  cr_buf_printf(&r->log, "open %s\n", path);
  return rec_fail(r);
}

static int rec_set_value(void *ctx, const char *key, const char *name,
                         uint32_t type, const uint8_t *data, size_t len)
{
  rec *r = ctx;
  size_t i;
  cr_buf_printf(&r->log, "set %s '%s' %u", key, name, (unsigned)type);
  for (i = 0; i < len; i++)
    cr_buf_printf(&r->log, " %02x", data[i]);
  cr_buf_putc(&r->log, '\n');
  return rec_fail(r);
}

static int rec_delete_value(void *ctx, const char *key, const char *name)
{
  rec *r = ctx;
  cr_buf_printf(&r->log, "delval %s '%s'\n", key, name);
  return rec_fail(r);
}

static void test_sink(void)
{
  static const char text[] =
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[hkcu\\Software\\\\]\r\n"      /* line 3 */
    "@=\"x\"\r\n"                   /* line 4 */
    "\"d\"=-\r\n"                   /* line 5 */
    "[-HKEY_Users\\S-1\\Foo\\]\r\n" /* line 6 */
    "\"ignored\"=dword:1\r\n"       /* line 7 */
    "[HKCR\\.reg]\r\n"              /* line 8 */
    "\"h\"=hex:01,\\\r\n"           /* line 9 */
    "  02\r\n";                     /* line 10 */
  static const char want[] =
    "open HKEY_CURRENT_USER\\Software\n"
    "set HKEY_CURRENT_USER\\Software '' 1 78 00 00 00\n"
    "delval HKEY_CURRENT_USER\\Software 'd'\n"
    "delkey HKEY_USERS\\S-1\\Foo\n"
    "open HKEY_CLASSES_ROOT\\.reg\n"
    "set HKEY_CLASSES_ROOT\\.reg 'h' 3 01 02\n";
  static const struct { int call; unsigned long line; } fails[] = {
    { 1, 3 }, { 2, 4 }, { 3, 5 }, { 4, 6 }, { 5, 8 }, { 6, 9 }
  };
  rec r;
  cr_reg_sink sink;
  size_t i, len;
  uint8_t *img = encode(text, strlen(text), U16, &len);
  memset(&r, 0, sizeof r);
  sink.ctx = &r;
  sink.delete_key = rec_delete_key;
  sink.open_key = rec_open_key;
  sink.set_value = rec_set_value;
  sink.delete_value = rec_delete_value;
  CHECK_OK(cr_regfile_parse(img, len, "sink.reg", &sink));
  CHECK_MSG(r.log.ptr && strcmp(r.log.ptr, want) == 0, "log:\n%s",
            r.log.ptr ? r.log.ptr : "");
  for (i = 0; i < sizeof fails / sizeof fails[0]; i++) {
    char prefix[64];
    int rc;
    cr_buf_dispose(&r.log);
    r.calls = 0;
    r.fail_at_call = fails[i].call;
    rc = cr_regfile_parse(img, len, "sink.reg", &sink);
    snprintf(prefix, sizeof prefix, "sink.reg:%lu: access denied by the "
             "test sink", fails[i].line);
    CHECK_MSG(rc == CR_EACCES && strcmp(cr_error_last(), prefix) == 0,
              "call %d: %s %s", fails[i].call, cr_err_name(rc),
              cr_error_last());
    CHECK(cr_error_last_code() == CR_EACCES);
  }
  cr_buf_dispose(&r.log);
  /* NULL sink and NULL callbacks: a syntax check only. */
  CHECK_OK(cr_regfile_parse(img, len, NULL, NULL));
  memset(&sink, 0, sizeof sink);
  CHECK_OK(cr_regfile_parse(img, len, NULL, &sink));
  free(img);
}

/* Error cases that are not in the file corpus. */
static void test_errors_inline(void)
{
  const char *h = "Windows Registry Editor Version 5.00\r\n";
  char buf[4096];
  cr_buf deep = CR_BUF_INIT;
  int i;
  CHECK(parse_fails("", RAW, 1, "empty file"));
  CHECK(parse_fails("\r\n  \r\n", U16, 1, "empty file"));
  CHECK(parse_fails("\r\n\r\nREGEDIT5\r\n", U8, 3, "not a .reg file"));
  CHECK(parse_fails("Windows Registry Editor Version 5.00 x\r\n", U16, 1,
                    "not a .reg file"));
  snprintf(buf, sizeof buf, "%s[HKLM\\a]\r\n\"v\"=hex:01,\\\r\n\r\n"
           "  ; c\r\n  02,zz\r\n", h);
  CHECK(parse_fails(buf, U16, 6, "'zz' is not a hex byte"));
  snprintf(buf, sizeof buf, "%s[HKLM\\a]\r\n\"v\"=hex:01,\\ x\r\n  02\r\n",
           h);
  CHECK(parse_fails(buf, U16, 3, "after the '\\' continuation"));
  snprintf(buf, sizeof buf, "%s[HKLM\\a]\r\n\"v\"=hex:01 02\r\n", h);
  CHECK(parse_fails(buf, U16, 3, "expected ','"));
  snprintf(buf, sizeof buf, "%s[HKLM\\a]\r\n\"v\"=\"x\" ;ok\r\n\"w\"=-x\r\n",
           h);
  CHECK(parse_fails(buf, U16, 4, "unexpected text after '=-'"));
  snprintf(buf, sizeof buf, "%s[HKLM\\a]\r\n\"v\"=hex(2\r\n", h);
  CHECK(parse_fails(buf, U16, 3, "followed by ')'"));
  snprintf(buf, sizeof buf, "%s[HKLM\\a]\r\n\"v\"=hex(2)\r\n", h);
  CHECK(parse_fails(buf, U16, 3, "expected ':'"));
  snprintf(buf, sizeof buf, "%s[HKLM\\a]\r\n\"v\\0\"=\"x\"\r\n", h);
  CHECK(parse_fails(buf, U16, 3, "unknown escape sequence '\\0'"));
  snprintf(buf, sizeof buf, "%s[HKLM\\a]\r\n\"v\"=\"\\\xC3\xA9\"\r\n", h);
  CHECK(parse_fails(buf, U16, 3, "unknown escape sequence '\\\xC3\xA9'"));
  snprintf(buf, sizeof buf, "%s[HKLM\\a]\r\n@\r\n", h);
  CHECK(parse_fails(buf, U16, 3, "expected '='"));
  snprintf(buf, sizeof buf, "%s[HKLM\\a]\r\n\"v\"=\r\n", h);
  CHECK(parse_fails(buf, U16, 3, "unrecognised value data"));
  snprintf(buf, sizeof buf, "%s[HKLM\\a]\r\n\"v\"=dword:\r\n", h);
  CHECK(parse_fails(buf, U16, 3, "1 to 8 hex digits"));
  snprintf(buf, sizeof buf, "%s[-HKLM\\a]\r\n\"v\"=dword:zz\r\n", h);
  CHECK(parse_fails(buf, U16, 3, "not a hex number"));
  snprintf(buf, sizeof buf, "%s[HKLM\\a\\ \\b]\r\n[HKLM\\\\a]\r\n", h);
  CHECK(parse_fails(buf, U16, 3, "empty key name component"));
  snprintf(buf, sizeof buf, "%s[-]\r\n", h);
  CHECK(parse_fails(buf, U16, 2, "empty key name"));
  snprintf(buf, sizeof buf, "%s[HKLMX\\a]\r\n", h);
  CHECK(parse_fails(buf, U16, 2, "unknown root key 'HKLMX'"));
  snprintf(buf, sizeof buf, "%s[ HKLM\\a]\r\n", h);
  CHECK(parse_fails(buf, U16, 2, "unknown root key ' HKLM'"));
  snprintf(buf, sizeof buf, "%s[-HKLM]\r\n", h);
  CHECK(parse_fails(buf, U16, 2, "cannot be deleted"));
  /* Long excerpts are cut with "...". */
  snprintf(buf, sizeof buf, "%sxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
           "\r\n", h);
  CHECK(parse_fails(buf, U16, 2, "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'"));
  /* Windows limits: 512 levels, 255-character key names, 16383-character
   * value names. */
  cr_buf_puts(&deep, h);
  cr_buf_puts(&deep, "[HKLM");
  for (i = 0; i < 511; i++)
    cr_buf_puts(&deep, "\\k");
  cr_buf_puts(&deep, "]\r\n[HKLM");
  for (i = 0; i < 512; i++)
    cr_buf_puts(&deep, "\\k");
  cr_buf_puts(&deep, "]\r\n");
  CHECK(parse_fails(deep.ptr, U16, 3, "deeper than 512"));
  deep.len = 0;
  cr_buf_puts(&deep, h);
  cr_buf_puts(&deep, "[HKLM\\");
  for (i = 0; i < 255; i++)
    cr_buf_puts(&deep, "\xC3\xA9");
  cr_buf_puts(&deep, "]\r\n[HKLM\\");
  for (i = 0; i < 128; i++)
    cr_buf_puts(&deep, "\xF0\x9F\x98\x80");
  cr_buf_puts(&deep, "]\r\n");
  CHECK(parse_fails(deep.ptr, U16, 3, "longer than 255 characters"));
  deep.len = 0;
  cr_buf_puts(&deep, h);
  cr_buf_puts(&deep, "[HKLM\\a]\r\n\"");
  for (i = 0; i < 16383; i++)
    cr_buf_putc(&deep, 'v');
  cr_buf_puts(&deep, "\"=dword:1\r\n\"");
  for (i = 0; i < 16384; i++)
    cr_buf_putc(&deep, 'w');
  cr_buf_puts(&deep, "\"=dword:1\r\n");
  CHECK(parse_fails(deep.ptr, U16, 4, "longer than 16383"));
  cr_buf_dispose(&deep);
  /* Odd UTF-16 byte on its own line after the last line end. */
  {
    size_t len;
    uint8_t *img = encode("Windows Registry Editor Version 5.00\r\n", 38,
                          U16, &len);
    uint8_t *odd = malloc(len + 1);
    cr_snapshot *s = NULL;
    memcpy(odd, img, len);
    odd[len] = 'x';
    cr_snapshot_new(&s);
    CHECK(cr_regfile_load(s, odd, len + 1, "odd.reg") == CR_EPARSE);
    CHECK(strncmp(cr_error_last(), "odd.reg:2: truncated UTF-16", 27) == 0);
    CHECK(cr_regfile_load(s, img, len, "odd.reg") == 0);
    CHECK(cr_regfile_load(s, NULL, 0, NULL) == CR_EPARSE);
    CHECK(strncmp(cr_error_last(), "(buffer):1: empty file", 22) == 0);
    CHECK(cr_regfile_load(NULL, img, len, "x") == CR_EINVAL);
    CHECK(cr_regfile_parse(NULL, 5, "x", NULL) == CR_EINVAL);
    cr_snapshot_free(s);
    free(img);
    free(odd);
  }
}

/* ---------------------------------------------------------------- */
/* Writer cases.                                                    */
/* ---------------------------------------------------------------- */

static void test_writer_exact(void)
{
  static const char want[] =
    "Windows Registry Editor Version 5.00\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Test]\r\n"
    "@=\"default\"\r\n"
    "\"Str\"=\"a \\\"q\\\" b\\\\c \xC3\xA9\xF0\x9F\x98\x80\"\r\n"
    "\"Name \\\"with\\\" \\\\ and\\r\\n\"=dword:0000002a\r\n"
    "\"Bin\"=hex:00,ff\r\n"
    "\"EmptyBin\"=hex:\r\n"
    "\"EmptySz\"=\"\"\r\n"
    "\"NoNul\"=hex(1):41,00\r\n"
    "\"ZeroSz\"=hex(1):\r\n"
    "\"Embedded\"=hex(1):41,00,00,00,42,00,00,00\r\n"
    "\"CrLf\"=hex(1):41,00,0d,00,0a,00,00,00\r\n"
    "\"Lone\"=hex(1):00,d8,00,00\r\n"
    "\"ShortDword\"=hex(4):01,02\r\n"
    "\"Expand\"=hex(2):25,00,00,00\r\n"
    "\"Huge\"=hex(ffffffff):00\r\n"
    "\"None\"=hex(0):\r\n"
    "\"Del\"=-\r\n"
    "@=-\r\n"
    "\r\n"
    "[-HKEY_CURRENT_USER\\Software\\Gone]\r\n"
    "\r\n"
    "[HKEY_CLASSES_ROOT]\r\n"
    "\r\n"
    "[HKEY_USERS\\S-1-5-18]\r\n"
    "\r\n";
  static const uint8_t str[] = { 'a', 0, ' ', 0, '"', 0, 'q', 0, '"', 0,
    ' ', 0, 'b', 0, '\\', 0, 'c', 0, ' ', 0, 0xe9, 0, 0x3d, 0xd8, 0x00,
    0xde, 0, 0 };
  static const uint8_t def[] = { 'd', 0, 'e', 0, 'f', 0, 'a', 0, 'u', 0,
    'l', 0, 't', 0, 0, 0 };
  static const uint8_t dw[] = { 42, 0, 0, 0 };
  static const uint8_t bin[] = { 0, 0xff };
  static const uint8_t nonul[] = { 'A', 0 };
  static const uint8_t emb[] = { 'A', 0, 0, 0, 'B', 0, 0, 0 };
  static const uint8_t crlf[] = { 'A', 0, '\r', 0, '\n', 0, 0, 0 };
  static const uint8_t lone[] = { 0, 0xd8, 0, 0 };
  static const uint8_t shortdw[] = { 1, 2 };
  static const uint8_t expand[] = { '%', 0, 0, 0 };
  cr_buf b = CR_BUF_INIT;
  void *out = NULL;
  size_t len = 0;
  char *text;
  CHECK_OK(cr_regw_begin(&b));
  CHECK_OK(cr_regw_key(&b, "hklm\\SOFTWARE\\Test\\\\"));
  CHECK_OK(cr_regw_value(&b, NULL, CR_REG_SZ, def, sizeof def));
  CHECK_OK(cr_regw_value(&b, "Str", CR_REG_SZ, str, sizeof str));
  CHECK_OK(cr_regw_value(&b, "Name \"with\" \\ and\r\n", CR_REG_DWORD, dw, 4));
  CHECK_OK(cr_regw_value(&b, "Bin", CR_REG_BINARY, bin, 2));
  CHECK_OK(cr_regw_value(&b, "EmptyBin", CR_REG_BINARY, NULL, 0));
  CHECK_OK(cr_regw_value(&b, "EmptySz", CR_REG_SZ, (const uint8_t *)"\0", 2));
  CHECK_OK(cr_regw_value(&b, "NoNul", CR_REG_SZ, nonul, 2));
  CHECK_OK(cr_regw_value(&b, "ZeroSz", CR_REG_SZ, NULL, 0));
  CHECK_OK(cr_regw_value(&b, "Embedded", CR_REG_SZ, emb, sizeof emb));
  CHECK_OK(cr_regw_value(&b, "CrLf", CR_REG_SZ, crlf, sizeof crlf));
  CHECK_OK(cr_regw_value(&b, "Lone", CR_REG_SZ, lone, sizeof lone));
  CHECK_OK(cr_regw_value(&b, "ShortDword", CR_REG_DWORD, shortdw, 2));
  CHECK_OK(cr_regw_value(&b, "Expand", CR_REG_EXPAND_SZ, expand, 4));
  CHECK_OK(cr_regw_value(&b, "Huge", 0xffffffffu, bin, 1));
  CHECK_OK(cr_regw_value(&b, "None", CR_REG_NONE, NULL, 0));
  CHECK_OK(cr_regw_delete_value(&b, "Del"));
  CHECK_OK(cr_regw_delete_value(&b, ""));
  CHECK_OK(cr_regw_delete_key(&b, "HKCU\\Software\\Gone"));
  CHECK_OK(cr_regw_key(&b, "HKEY_CLASSES_ROOT"));
  CHECK_OK(cr_regw_key(&b, "HKU\\S-1-5-18"));
  /* Refused: nothing is written for them. */
  CHECK(cr_regw_key(&b, "HKXX\\a") == CR_EINVAL);
  CHECK(cr_regw_key(&b, "HKLM\\a\nb") == CR_EINVAL);
  CHECK(cr_regw_key(&b, "HKLM\\a\\\\b") == CR_EINVAL);
  CHECK(cr_regw_key(&b, "HKLM\\\xC3") == CR_EINVAL);
  CHECK(cr_regw_delete_key(&b, "HKLM\\") == CR_EINVAL);
  CHECK(cr_regw_value(&b, "\xFF", CR_REG_BINARY, NULL, 0) == CR_EINVAL);
  CHECK(cr_regw_value(&b, "x", CR_REG_BINARY, NULL, 1) == CR_EINVAL);
  CHECK(cr_regw_delete_value(&b, "\xED\xA0\x80") == CR_EINVAL);
  CHECK_OK(cr_regw_finish(&out, &len, &b));
  CHECK(b.ptr == NULL);
  text = out ? image_text(out, len) : NULL;
  CHECK_MSG(text && strcmp(text, want) == 0, "got:\n%s", text ? text : "");
  /* The output reads back. */
  if (out) {
    cr_snapshot *s = NULL;
    cr_snapshot_new(&s);
    CHECK_OK(cr_regfile_load(s, out, len, "written.reg"));
    CHECK(has_value(s, "HKLM\\SOFTWARE\\Test", "Str", CR_REG_SZ, str,
                    sizeof str));
    CHECK(has_value(s, "HKLM\\SOFTWARE\\Test", "Lone", CR_REG_SZ, lone,
                    sizeof lone));
    CHECK(has_dword(s, "HKLM\\SOFTWARE\\Test", "Name \"with\" \\ and\r\n",
                    42));
    CHECK(no_value(s, "HKLM\\SOFTWARE\\Test", "Del"));
    CHECK(no_value(s, "HKLM\\SOFTWARE\\Test", ""));
    cr_snapshot_free(s);
  }
  free(text);
  cr_free(out);
  /* An empty file: the header and a blank line. */
  CHECK_OK(cr_regw_begin(&b));
  CHECK_OK(cr_regw_finish(&out, &len, &b));
  text = out ? image_text(out, len) : NULL;
  CHECK(text && strcmp(text, "Windows Registry Editor Version 5.00\r\n\r\n")
        == 0);
  free(text);
  cr_free(out);
  CHECK(cr_regw_finish(NULL, &len, &b) == CR_EINVAL);
  CHECK(cr_regw_begin(NULL) == CR_EINVAL);
}

/* Hex lists wrap as regedit wraps them. */
static void test_writer_wrap(void)
{
  uint8_t data[200];
  cr_buf b = CR_BUF_INIT;
  void *out = NULL;
  size_t len = 0, i;
  char *text, *line;
  int nlines = 0, ok = 1;
  for (i = 0; i < sizeof data; i++)
    data[i] = (uint8_t)i;
  cr_regw_begin(&b);
  cr_regw_key(&b, "HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\MY\\"
              "Certificates\\00");
  cr_regw_value(&b, "Blob", CR_REG_BINARY, data, sizeof data);
  cr_regw_value(&b, "", CR_REG_BINARY, data, 24);
  cr_regw_value(&b, "", CR_REG_BINARY, data, 25);
  cr_regw_value(&b, "M", CR_REG_MULTI_SZ, data, 22);
  CHECK_OK(cr_regw_finish(&out, &len, &b));
  text = out ? image_text(out, len) : NULL;
  CHECK(text != NULL);
  /* "Blob"=hex: is 11 columns: 22 bytes fit on the first line (77
   * columns and the '\'), then 25 per line. @=hex: is 6: 24 bytes. */
  for (line = text; line && *line;) {
    char *eol = strstr(line, "\r\n");
    size_t n;
    if (!eol)
      break;
    n = (size_t)(eol - line);
    if (n > 80)
      ok = 0;
    if (n && line[n - 1] == '\\') {
      size_t bytes = 0, k;
      for (k = 0; k < n; k++)
        bytes += line[k] == ',';
      if (strncmp(line, "\"Blob\"=hex:", 11) == 0)
        ok &= bytes == 22 && n == 78;
      else if (strncmp(line, "@=hex:", 6) == 0)
        ok &= bytes == 24 && n == 79;
      else if (strncmp(line, "\"M\"=hex(7):", 11) == 0)
        ok &= bytes == 22 && n == 78;
      else
        ok &= strncmp(line, "  ", 2) == 0 && bytes == 25 && n == 78;
    }
    nlines++;
    line = eol + 2;
  }
  CHECK_MSG(ok, "%s", text ? text : "");
  /* 200 bytes: 22 + 25 * 7 = 197 on 8 lines, 3 on a 9th. */
  CHECK(text && strstr(text, "\r\n  c5,c6,c7\r\n") != NULL);
  /* @ with 24 bytes: one line; with 25: a 1-byte second line. */
  CHECK(text && strstr(text, "16,17\r\n@=hex:") != NULL);
  CHECK(text && strstr(text, "16,17,\\\r\n  18\r\n") != NULL);
  CHECK(text && strstr(text, "\"M\"=hex(7):00,01,02,03,04,05,06,07,08,09,"
                       "0a,0b,0c,0d,0e,0f,10,11,12,13,14,15\r\n") != NULL);
  free(text);
  cr_free(out);
}

/* ---------------------------------------------------------------- */
/* Round trips of generated snapshots.                              */
/* ---------------------------------------------------------------- */

static const char *const name_pieces[] = {
  "a", "B", "z", "0", " ", "\"", "\\", "=", ";", "[", "]", "@", "-", ",",
  "\t", "\xC3\xA9", "\xC3\x9F", "\xE6\x97\xA5\xE6\x9C\xAC",
  "\xF0\x9F\x98\x80", "\xE2\x82\xAC", "\r", "\n", "dword:", "hex(2):",
  "\"=\"", "\\\\", "\xEF\xBB\xBF"
};

static void rnd_name(cr_buf *b, size_t index, bool key)
{
  size_t n = rnd_below(8), i;
  /* Unique case-insensitively among siblings, thanks to the index. */
  cr_buf_printf(b, "%s%lu", key ? "k" : "v", (unsigned long)index);
  for (i = 0; i < n; i++) {
    const char *p = name_pieces[rnd_below(sizeof name_pieces /
                                          sizeof name_pieces[0])];
    /* A key name can hold neither '\' nor a line break. */
    if (key && (strchr(p, '\\') || strchr(p, '\r') || strchr(p, '\n')))
      continue;
    cr_buf_puts(b, p);
  }
}

static void rnd_utf16_text(cr_buf *b, size_t max_chars)
{
  static const uint16_t units[] = { 'a', 'Z', ' ', '"', '\\', '=', ';', '[',
    ']', ',', '\t', 0xe9, 0x20ac, 0x65e5, 0xfeff, 0xfffd, '%', '@', '-' };
  size_t n = rnd_below((uint32_t)max_chars + 1), i;
  for (i = 0; i < n; i++) {
    if (rnd_below(12) == 0) {
      cr_buf_put_u16(b, 0xd83d); /* U+1F600 as a surrogate pair */
      cr_buf_put_u16(b, 0xde00);
    } else {
      cr_buf_put_u16(b, units[rnd_below(sizeof units / sizeof units[0])]);
    }
  }
}

static void rnd_value(cr_buf *d, uint32_t *type)
{
  size_t n, i;
  d->len = 0;
  switch (rnd_below(16)) {
  case 0: case 1: case 2: /* a proper REG_SZ */
    *type = CR_REG_SZ;
    rnd_utf16_text(d, 40);
    cr_buf_put_u16(d, 0);
    break;
  case 3: { /* a REG_SZ that must be written as hex(1): */
    *type = CR_REG_SZ;
    rnd_utf16_text(d, 10);
    switch (rnd_below(5)) {
    case 0: break;                                  /* no terminator */
    case 1: cr_buf_put_u16(d, 0); cr_buf_put_u16(d, 'x');
            cr_buf_put_u16(d, 0); break;            /* embedded NUL */
    case 2: cr_buf_put_u16(d, '\n'); cr_buf_put_u16(d, 0); break;
    case 3: cr_buf_put_u16(d, 0xdc00); cr_buf_put_u16(d, 0); break;
    default: cr_buf_putc(d, 'x'); break;            /* odd length */
    }
    break;
  }
  case 4: /* REG_EXPAND_SZ */
    *type = CR_REG_EXPAND_SZ;
    rnd_utf16_text(d, 30);
    cr_buf_put_u16(d, 0);
    break;
  case 5: /* REG_MULTI_SZ */
    *type = CR_REG_MULTI_SZ;
    n = rnd_below(4);
    for (i = 0; i < n; i++) {
      rnd_utf16_text(d, 12);
      cr_buf_put_u16(d, 0);
    }
    cr_buf_put_u16(d, 0);
    break;
  case 6: case 7: /* REG_DWORD */
    *type = CR_REG_DWORD;
    n = rnd_below(6) ? 4 : rnd_below(9);
    for (i = 0; i < n; i++)
      cr_buf_putc(d, (char)rnd());
    break;
  case 8: /* REG_QWORD */
    *type = CR_REG_QWORD;
    for (i = 0; i < 8; i++)
      cr_buf_putc(d, (char)rnd());
    break;
  case 9: case 10: /* REG_BINARY, often empty or long */
    *type = CR_REG_BINARY;
    n = rnd_below(3) == 0 ? 0 : rnd_below(4) == 0 ? 300 + rnd_below(3000)
                                                   : rnd_below(80);
    for (i = 0; i < n; i++)
      cr_buf_putc(d, (char)rnd());
    break;
  case 11: /* REG_NONE */
    *type = CR_REG_NONE;
    n = rnd_below(3);
    for (i = 0; i < n; i++)
      cr_buf_putc(d, (char)rnd());
    break;
  default: { /* any other type number */
    static const uint32_t types[] = { 5, 6, 8, 9, 10, 12, 0x7fffffff,
                                      0xffffffffu, 0x10 };
    *type = rnd_below(2) ? types[rnd_below(9)] : rnd();
    n = rnd_below(100);
    for (i = 0; i < n; i++)
      cr_buf_putc(d, (char)rnd());
    break;
  }
  }
  cr_buf_put(d, "", 0); /* never a NULL pointer */
}

static const char *const roots[] = {
  "HKEY_LOCAL_MACHINE", "HKEY_CURRENT_USER", "HKEY_CLASSES_ROOT",
  "HKEY_USERS", "HKEY_CURRENT_CONFIG"
};

static cr_snapshot *rnd_snapshot(void)
{
  cr_snapshot *s = NULL;
  cr_buf path = CR_BUF_INIT, name = CR_BUF_INIT, data = CR_BUF_INIT;
  size_t nkeys = 1 + rnd_below(12), i;
  if (cr_snapshot_new(&s) < 0)
    return NULL;
  for (i = 0; i < nkeys; i++) {
    size_t depth = rnd_below(5), j, nvals;
    cr_key *k = NULL;
    path.len = 0;
    cr_buf_puts(&path, roots[rnd_below(5)]);
    for (j = 0; j < depth; j++) {
      cr_buf_putc(&path, '\\');
      /* Few distinct names per level, so keys share parents. */
      rnd_name(&path, rnd_below(3), true);
    }
    if (cr_snap_make_key(&k, s, path.ptr) < 0)
      continue;
    nvals = rnd_below(7);
    for (j = 0; j < nvals; j++) {
      uint32_t type;
      name.len = 0;
      cr_buf_put(&name, "", 0);
      if (rnd_below(8) == 0)
        ; /* the default value */
      else if (rnd_below(16) == 0)
        cr_buf_puts(&name, "@");
      else
        rnd_name(&name, j, false);
      rnd_value(&data, &type);
      cr_key_set_value(k, name.ptr, type, data.ptr, data.len);
    }
  }
  cr_buf_dispose(&path);
  cr_buf_dispose(&name);
  cr_buf_dispose(&data);
  return s;
}

static void test_round_trip(void)
{
  int iter, failures = 0;
  for (iter = 0; iter < 400 && failures < 3; iter++) {
    cr_snapshot *a = rnd_snapshot(), *b = NULL;
    void *out1 = NULL, *out2 = NULL;
    size_t len1 = 0, len2 = 0;
    char *why = NULL;
    int rc;
    if (!a) {
      failures++;
      continue;
    }
    rc = cr_regw_snapshot(&out1, &len1, a);
    if (rc < 0) {
      fprintf(stderr, "  iteration %d: write: %s\n", iter, cr_error_last());
      failures++;
      goto next;
    }
    cr_snapshot_new(&b);
    rc = cr_regfile_load(b, out1, len1, "roundtrip.reg");
    if (rc < 0) {
      fprintf(stderr, "  iteration %d: read back: %s\n", iter,
              cr_error_last());
      failures++;
      goto next;
    }
    if (!cr_snapshot_equal(&why, a, b)) {
      fprintf(stderr, "  iteration %d: differs: %s\n", iter,
              why ? why : "");
      failures++;
      goto next;
    }
    /* Writing what was read gives the same bytes. */
    rc = cr_regw_snapshot(&out2, &len2, b);
    if (rc < 0 || len1 != len2 || memcmp(out1, out2, len1) != 0) {
      fprintf(stderr, "  iteration %d: second write differs\n", iter);
      failures++;
    }
  next:
    cr_free(why);
    cr_free(out1);
    cr_free(out2);
    cr_snapshot_free(a);
    cr_snapshot_free(b);
  }
  CHECK_MSG(failures == 0, "%d round trips failed", failures);
  checks_run += iter;
}

/* Empty snapshot and empty roots survive a round trip too. */
static void test_round_trip_edges(void)
{
  cr_snapshot *a = NULL, *b = NULL;
  cr_key *k;
  void *out = NULL;
  size_t len = 0;
  char *text;
  cr_snapshot_new(&a);
  CHECK_OK(cr_regw_snapshot(&out, &len, a));
  text = out ? image_text(out, len) : NULL;
  CHECK(text && strcmp(text, "Windows Registry Editor Version 5.00\r\n\r\n")
        == 0);
  free(text);
  cr_free(out);
  CHECK_OK(cr_snap_make_key(&k, a, "HKCU"));
  CHECK_OK(cr_snap_make_key(&k, a, "HKLM\\SOFTWARE\\A\\B"));
  CHECK_OK(cr_snap_make_key(&k, a, "HKLM\\SOFTWARE\\C"));
  CHECK_OK(cr_snap_make_key(&k, a, "HKLM"));
  CHECK_OK(cr_regw_snapshot(&out, &len, a));
  text = out ? image_text(out, len) : NULL;
  CHECK_MSG(text && strcmp(text,
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[HKEY_CURRENT_USER]\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE]\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A\\B]\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\C]\r\n\r\n") == 0, "%s",
    text ? text : "");
  cr_snapshot_new(&b);
  CHECK_OK(cr_regfile_load(b, out, len, "edges.reg"));
  CHECK(cr_snapshot_equal(NULL, a, b));
  free(text);
  cr_free(out);
  CHECK(cr_regw_snapshot(&out, &len, NULL) == CR_EINVAL);
  cr_snapshot_free(a);
  cr_snapshot_free(b);
  /* The deepest tree Windows allows: 512 levels, with siblings on the
   * way, written without recursion and read back. */
  {
    cr_buf path = CR_BUF_INIT;
    int i;
    cr_snapshot_new(&a);
    cr_buf_puts(&path, "HKCU");
    for (i = 0; i < 511; i++) {
      cr_buf_printf(&path, "\\k%d", i % 10);
      if (i % 50 == 0) {
        size_t keep = path.len;
        cr_buf_puts(&path, "\\side");
        CHECK_OK(cr_snap_make_key(&k, a, path.ptr));
        path.len = keep;
        path.ptr[keep] = '\0';
      }
    }
    CHECK_OK(cr_snap_make_key(&k, a, path.ptr));
    CHECK_OK(cr_key_set_value(k, "leaf", CR_REG_BINARY, "x", 1));
    CHECK_OK(cr_regw_snapshot(&out, &len, a));
    cr_snapshot_new(&b);
    CHECK_OK(cr_regfile_load(b, out, len, "deep.reg"));
    CHECK(cr_snapshot_equal(NULL, a, b));
    CHECK(cr_snapshot_key_count(b) == 512 + 11);
    cr_free(out);
    cr_buf_dispose(&path);
    cr_snapshot_free(a);
    cr_snapshot_free(b);
  }
}

/* ---------------------------------------------------------------- */
/* Robustness: every prefix and many mutations of a valid file.      */
/* ---------------------------------------------------------------- */

static int robust_one(const uint8_t *img, size_t len)
{
  cr_snapshot *s = NULL;
  int rc, ok;
  cr_snapshot_new(&s);
  rc = cr_regfile_load(s, img, len, "m.reg");
  ok = rc == 0 || (rc == CR_EPARSE &&
                   strncmp(cr_error_last(), "m.reg:", 6) == 0 &&
                   cr_error_last()[6] >= '1' && cr_error_last()[6] <= '9' &&
                   cr_snapshot_key_count(s) == 0);
  if (!ok)
    fprintf(stderr, "  unexpected result %s: %s\n", cr_err_name(rc),
            cr_error_last());
  cr_snapshot_free(s);
  return ok;
}

static void test_robustness(void)
{
  size_t len8 = strlen(basic_text), len = 0, i;
  uint8_t *img = encode(basic_text, len8, U16, &len);
  uint8_t *u8 = encode(basic_text, len8, RAW, &i);
  uint8_t *m;
  int ok = img && u8, iter;
  for (i = 0; i <= len && ok; i++)
    ok &= robust_one(img, i);
  for (i = 0; i <= len8 && ok; i++)
    ok &= robust_one(u8, i);
  m = malloc(len > len8 ? len : len8);
  for (iter = 0; iter < 3000 && ok; iter++) {
    const uint8_t *src = iter % 2 ? img : u8;
    size_t n = iter % 2 ? len : len8, k, edits = 1 + rnd_below(4);
    memcpy(m, src, n);
    for (k = 0; k < edits; k++) {
      size_t at = rnd_below((uint32_t)n);
      static const uint8_t interesting[] = { '\\', '"', ',', '\r', '\n', 0,
        0xff, 0xd8, 0xdc, '[', ']', '=', ';', '-', '@', ' ', 'x', '0' };
      if (at < 2 && iter % 2)
        at = 2;
      m[at] = rnd_below(2) ? interesting[rnd_below(sizeof interesting)]
                           : (uint8_t)rnd();
    }
    ok &= robust_one(m, n - rnd_below(3));
  }
  CHECK(ok);
  free(m);
  free(img);
  free(u8);
}

/* ---------------------------------------------------------------- */
/* Fixture files.                                                   */
/* ---------------------------------------------------------------- */

static char *fixture_path(const char *rel)
{
  cr_buf b = CR_BUF_INIT;
  cr_buf_printf(&b, "%s/%s", fixtures, rel);
  return cr_buf_detach(&b, NULL);
}

static int load_fixture(cr_snapshot *s, const char *rel, bool quiet)
{
  char *path = fixture_path(rel);
  uint8_t *data = NULL;
  size_t len = 0;
  int rc = cr_read_file(&data, &len, path);
  if (rc == 0)
    rc = cr_regfile_load(s, data, len, path);
  if (rc < 0 && !quiet)
    fprintf(stderr, "  %s: %s\n", path, cr_error_last());
  free(data);
  free(path);
  return rc;
}

/* As load_fixture, but read as the snapshot says (lenient by default). */
static int load_fixture_lenient(cr_snapshot *s, const char *rel)
{
  char *path = fixture_path(rel);
  uint8_t *data = NULL;
  size_t len = 0;
  int rc = cr_read_file(&data, &len, path);
  if (rc == 0)
    rc = (cr_regfile_load)(s, data, len, path);
  free(data);
  free(path);
  return rc;
}

static void test_fixtures_good(void)
{
  static const char *const files[] = {
    "syn_win2003_utf16.reg", "schannel_regedit4.reg", "mixed_utf8.reg",
    "cert_blob_utf16.reg"
  };
  cr_snapshot *all = NULL, *s;
  const char *tcp = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\"
                    "Parameters";
  const char *sch = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\"
                    "SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client";
  size_t i;
  cr_snapshot_new(&all);
  for (i = 0; i < sizeof files / sizeof files[0]; i++) {
    cr_snapshot_new(&s);
    CHECK_OK(load_fixture(s, files[i], false));
    CHECK(cr_snapshot_key_count(s) > 0);
    cr_snapshot_free(s);
    CHECK_OK(load_fixture(all, files[i], false));
  }
  CHECK(has_dword(all, tcp, "SynAttackProtect", 1));
  CHECK(has_dword(all, tcp, "TcpMaxHalfOpen", 500));
  CHECK(has_sz(all, "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion",
               "ProductName", "Microsoft Windows Server 2003"));
  CHECK(has_dword(all, sch, "Enabled", 0xffffffffu));
  CHECK(has_dword(all, sch, "DisabledByDefault", 0));
  {
    /* REGEDIT4 hex(7) of ANSI text became UTF-16LE. */
    size_t len;
    uint8_t *want;
    cr_buf b = CR_BUF_INIT;
    cr_utf8_to_utf16(&b, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\0"
                     "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\0", 76);
    cr_buf_put_u16(&b, 0);
    want = (uint8_t *)cr_buf_detach(&b, &len);
    CHECK(has_value(all, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\"
                    "Cryptography\\Configuration\\Local\\SSL\\00010002",
                    "Functions", CR_REG_MULTI_SZ, want, len));
    free(want);
  }
  CHECK(has_sz(all, "HKLM\\SOFTWARE\\ConnReset\\Fixture", "Caf\xC3\xA9",
               "na\xC3\xAFve \xE2\x82\xAC"));
  CHECK(has_sz(all, "HKLM\\SOFTWARE\\ConnReset\\Fixture", "Path",
               "C:\\Program Files\\\"x\""));
  CHECK(no_value(all, "HKLM\\SOFTWARE\\ConnReset\\Fixture", "Removed"));
  CHECK(!cr_snapshot_has_key(all, "HKLM\\SOFTWARE\\ConnReset\\Fixture\\Old"));
  {
    uint32_t type = 0;
    size_t len = 0;
    const void *d = NULL;
    CHECK_OK(cr_snapshot_get_value(&type, &d, &len, all,
             "HKLM\\SOFTWARE\\Microsoft\\SystemCertificates\\MY\\"
             "Certificates\\0123456789ABCDEF0123456789ABCDEF01234567",
             "Blob"));
    CHECK(type == CR_REG_BINARY && len == 300);
    CHECK(len == 300 && ((const uint8_t *)d)[0] == 0x00 &&
          ((const uint8_t *)d)[299] == 0x66);
  }
  /* What we write for the merged fixtures reads back the same. */
  {
    void *out = NULL;
    size_t len = 0;
    cr_snapshot *b = NULL;
    CHECK_OK(cr_regw_snapshot(&out, &len, all));
    cr_snapshot_new(&b);
    CHECK_OK(cr_regfile_load(b, out, len, "again.reg"));
    CHECK(cr_snapshot_equal(NULL, all, b));
    cr_snapshot_free(b);
    cr_free(out);
  }
  cr_snapshot_free(all);
}

/* Reads malformed/EXPECTED.txt: "file|line|substring" per line. Every
 * listed file fails with CR_EPARSE and "<path>:<line>: ...substring...",
 * changes nothing, and every .reg file in the folder is listed. */
static void test_fixtures_malformed(void)
{
  char *manifest = fixture_path("malformed/EXPECTED.txt");
  uint8_t *text = NULL;
  size_t len = 0, listed = 0;
  char *line, *next;
  cr_buf names = CR_BUF_INIT;
  DIR *dir;
  struct dirent *de;
  char *dirpath = fixture_path("malformed");
  CHECK_OK(cr_read_file(&text, &len, manifest));
  cr_buf_putc(&names, '|');
  for (line = (char *)text; line && *line; line = next) {
    char *file, *num, *sub, *rel, prefix[512];
    cr_snapshot *s = NULL, *before = NULL;
    int rc;
    next = line + strcspn(line, "\r\n");
    if (*next) {
      *next++ = '\0';
      next += strspn(next, "\r\n");
    }
    if (*line == '#' || !*line)
      continue;
    file = line;
    num = strchr(file, '|');
    sub = num ? strchr(num + 1, '|') : NULL;
    CHECK_MSG(num && sub, "bad manifest line '%s'", line);
    if (!num || !sub)
      continue;
    *num++ = '\0';
    *sub++ = '\0';
    cr_buf_printf(&names, "%s|", file);
    listed++;
    cr_snapshot_new(&s);
    cr_snapshot_new(&before);
    load(s, "REGEDIT4\n[HKLM\\Keep]\n\"v\"=dword:1\n", RAW, "base.reg");
    load(before, "REGEDIT4\n[HKLM\\Keep]\n\"v\"=dword:1\n", RAW, "base.reg");
    {
      cr_buf r = CR_BUF_INIT;
      cr_buf_printf(&r, "malformed/%s", file);
      rel = cr_buf_detach(&r, NULL);
    }
    rc = load_fixture(s, rel, true);
    {
      char *path = fixture_path(rel);
      snprintf(prefix, sizeof prefix, "%s:%s: ", path, num);
      free(path);
    }
    CHECK_MSG(rc == CR_EPARSE &&
              strncmp(cr_error_last(), prefix, strlen(prefix)) == 0 &&
              strstr(cr_error_last() + strlen(prefix), sub) != NULL,
              "%s: expected CR_EPARSE '%s...%s...', got %s '%s'", file,
              prefix, sub, cr_err_name(rc), cr_error_last());
    CHECK_MSG(cr_snapshot_equal(NULL, s, before) && s->nsources == 1,
              "%s changed the snapshot", file);
    free(rel);
    cr_snapshot_free(s);
    cr_snapshot_free(before);
  }
  CHECK_MSG(listed >= 15, "only %lu malformed files listed",
            (unsigned long)listed);
  dir = opendir(dirpath);
  CHECK_MSG(dir != NULL, "cannot list %s", dirpath);
  while (dir && (de = readdir(dir)) != NULL) {
    size_t n = strlen(de->d_name);
    char key[300];
    if (n < 4 || strcmp(de->d_name + n - 4, ".reg") != 0)
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


/* ---------------------------------------------------------------- */
/* Lenient reading: as reg import reads a file (issue 11, point 2).  */
/* ---------------------------------------------------------------- */

/* The text read leniently into a new snapshot (NULL on a refusal). */
static cr_snapshot *lenient_of(const char *text, enum enc e)
{
  cr_snapshot *s = NULL;
  size_t len = 0;
  uint8_t *img = encode(text, strlen(text), e, &len);
  if (!img || cr_snapshot_new(&s) < 0 ||
      (cr_regfile_load)(s, img, len, "l.reg") < 0) {
    cr_snapshot_free(s);
    s = NULL;
  }
  free(img);
  return s;
}

/* Is there a warning that starts with "l.reg:<line>: " and holds `sub`? */
static int warned(const cr_snapshot *s, unsigned line, const char *sub)
{
  size_t i;
  char prefix[32];
  snprintf(prefix, sizeof prefix, "l.reg:%u: ", line);
  for (i = 0; i < cr_snapshot_warning_count(s); i++) {
    const char *w = cr_snapshot_warning(s, i);
    if (!strncmp(w, prefix, strlen(prefix)) && strstr(w, sub))
      return 1;
  }
  fprintf(stderr, "  no warning '%s...%s...' among %lu\n", prefix, sub,
          (unsigned long)cr_snapshot_warning_count(s));
  for (i = 0; i < cr_snapshot_warning_count(s); i++)
    fprintf(stderr, "    %s\n", cr_snapshot_warning(s, i));
  return 0;
}

#define K5 "Windows Registry Editor Version 5.00\r\n\r\n[HKLM\\T]\r\n"

/* The corner cases of reg import's grammar, each measured on Wine's reg
 * import (tests/wine/regimport_equiv.sh proves the fixtures). */
static void test_lenient_grammar(void)
{
  static const uint8_t t7[] = { 'A', 0, 0, 0 };
  static const uint8_t tff[] = { 1 };
  static const uint8_t b123[] = { 1, 2, 3 };
  cr_snapshot *s;
  uint8_t le[4] = { 1, 0, 0, 0 };

  s = lenient_of(K5
    "\"a\"=\"x\\0y\"\r\n"           /* 4: \0: not set */
    "\"b\"=\"x\\ty\"\r\n"           /* 5: \t read as t */
    "\"c\"=DWORD:1\r\n"             /* 6: types are lower case */
    "\"d\"=dword:1 #c\r\n"          /* 7: only ; comments after a dword */
    "\"e\"=\"v\";c\r\n"             /* 8: set */
    "\"f\"=\"v\"#c\r\n"             /* 9: not set */
    "@=\"def\"\r\n"                 /* 10 */
    "\"g\"=hex(0x7):41,00\r\n"      /* 11: not set */
    "\"h\"=hex( 7):41,00\r\n"       /* 12: type 7, terminated */
    "\"i\"=hex():01\r\n"            /* 13: type 0 */
    "\"j\"=hex(-1):01\r\n"          /* 14: type ffffffff */
    "\"k\"=hex:1,0x2,+3\r\n"        /* 15: 01,02,03 */
    "\"l\"=hex:01 ,02\r\n"          /* 16: not set */
    "\"m\"=hex:01, 02\r\n"          /* 17: 01,02 */
    "# a hash comment line\r\n"     /* 18: skipped, no warning */
    "\"n\"=hex:01,\\\r\n"           /* 19 */
    "#02\r\n"                       /* 20: '#' breaks a continuation */
    "\"o\"=dword:2\r\n", U16);      /* 21 */
  CHECK(s != NULL);
  if (s) {
    CHECK(cr_snapshot_get_value(NULL, NULL, NULL, s, "HKLM\\T", "a") ==
          CR_ENOTFOUND);
    CHECK(warned(s, 4, "a string reg import cannot read"));
    CHECK(has_sz(s, "HKLM\\T", "b", "xty"));
    CHECK(warned(s, 5, "unknown escape sequence '\\t'"));
    CHECK(warned(s, 6, "'DWORD:': reg import knows the data types in lower "
                       "case only"));
    CHECK(warned(s, 7, "dword value '1 #c'"));
    CHECK(has_sz(s, "HKLM\\T", "e", "v"));
    CHECK(warned(s, 9, "unexpected text after the closing '\"'"));
    CHECK(has_sz(s, "HKLM\\T", "", "def"));
    CHECK(warned(s, 11, "reg import cannot read this type"));
    CHECK(has_value(s, "HKLM\\T", "h", 7, t7, 4));
    CHECK(has_value(s, "HKLM\\T", "i", 0, tff, 1));
    CHECK(has_value(s, "HKLM\\T", "j", 0xffffffffu, tff, 1));
    CHECK(has_value(s, "HKLM\\T", "k", CR_REG_BINARY, b123, 3));
    CHECK(warned(s, 15, "hex bytes written other than as two hex digits"));
    CHECK(warned(s, 16, "hex data reg import cannot read"));
    CHECK(has_value(s, "HKLM\\T", "m", CR_REG_BINARY, b123, 2));
    CHECK(cr_snapshot_get_value(NULL, NULL, NULL, s, "HKLM\\T", "n") ==
          CR_ENOTFOUND);
    CHECK(warned(s, 20, "continues into a line that does not start with a "
                        "hex digit"));
    le[0] = 2;
    CHECK(has_value(s, "HKLM\\T", "o", CR_REG_DWORD, le, 4));
  }
  cr_snapshot_free(s);

  /* Key lines: a blank after '[' or no ']' keeps the open key; the key is
   * the text up to the last ']'; a path starting with '\' opens none;
   * [-...] needs an H. */
  s = lenient_of(K5
    "\"a\"=\"1\"\r\n"
    "[ HKLM\\T\\S1]\r\n"                  /* 5 */
    "\"b\"=\"2\"\r\n"
    "[HKLM\\T\\S2\r\n"                     /* 7 */
    "\"c\"=\"3\"\r\n"
    "[HKLM\\T\\S3] \"x\"=\"[y]\"\r\n"      /* 9 */
    "\"d\"=\"4\"\r\n"
    "[HKLM\\\\T\\L1]\r\n"                  /* 11 */
    "\"e\"=\"5\"\r\n"
    "[HKLM\\T\\\\S4\\]\r\n"                /* 13 */
    "\"f\"=\"6\"\r\n"
    "[-xHKLM\\T\\S4]\r\n"                  /* 15 */
    "\"g\"=\"lost\"\r\n", U16);
  CHECK(s != NULL);
  if (s) {
    CHECK(has_sz(s, "HKLM\\T", "b", "2") && has_sz(s, "HKLM\\T", "c", "3"));
    CHECK(warned(s, 5, "a blank after '[': the line is skipped, as reg "
                       "import skips it; values that follow still go to "
                       "[HKEY_LOCAL_MACHINE\\T]"));
    CHECK(warned(s, 7, "missing ']'"));
    CHECK(has_sz(s, "HKLM\\T\\S3] \"x\"=\"[y", "d", "4"));
    CHECK(warned(s, 11, "the key path starts with '\\' after "
                        "HKEY_LOCAL_MACHINE"));
    CHECK(cr_snapshot_has_key(s, "HKLM\\T\\L1") == 0);
    CHECK(has_sz(s, "HKLM\\T\\S4", "f", "6"));
    CHECK(warned(s, 13, "empty key name component"));
    CHECK(warned(s, 15, "does not name a key reg import deletes"));
    CHECK(cr_snapshot_has_key(s, "HKLM\\T\\S4") == 1);
    CHECK(warned(s, 16, "value under a deleted [-key] section"));
  }
  cr_snapshot_free(s);

  /* ANSI files: hex(2) bytes are ANSI text, terminated; an UTF-16-looking
   * run is warned about. */
  s = lenient_of("Windows Registry Editor Version 5.00\r\n\r\n[HKLM\\T]\r\n"
                 "\"a\"=hex(2):41,42\r\n\"b\"=hex(7):41,00,42,00,00\r\n", U8);
  CHECK(s != NULL);
  if (s) {
    static const uint8_t ab[] = { 'A', 0, 'B', 0, 0, 0 };
    static const uint8_t a0b[] = { 'A', 0, 0, 0, 'B', 0, 0, 0, 0, 0 };
    CHECK(has_value(s, "HKLM\\T", "a", CR_REG_EXPAND_SZ, ab, 6));
    CHECK(has_value(s, "HKLM\\T", "b", CR_REG_MULTI_SZ, a0b, 10));
  }
  cr_snapshot_free(s);
  s = lenient_of("REGEDIT4\r\n\r\n[HKLM\\T]\r\n"
                 "\"c\"=hex(7):4e,00,69,00,00,00,00,00\r\n", U8);
  CHECK(s && warned(s, 4, "these hex bytes look like UTF-16"));
  cr_snapshot_free(s);

  /* Headers: REGEDIT (3.1) lines; "REGEDIT5" is accepted and nothing is
   * read; the header must come first; a blank line before it is forgiven
   * with a warning. */
  s = lenient_of("REGEDIT\r\nHKEY_CLASSES_ROOT\\.cr = crfile\r\n"
                 "HKEY_LOCAL_MACHINE\\X = no\r\n", U8);
  CHECK(s && has_sz(s, "HKCR\\.cr", "", "crfile"));
  CHECK(s && cr_snapshot_has_key(s, "HKLM\\X") == 0);
  cr_snapshot_free(s);
  s = lenient_of("REGEDIT5\r\n[HKLM\\T]\r\n\"a\"=dword:1\r\n", U8);
  CHECK(s && cr_snapshot_key_count(s) == 0 &&
        warned(s, 1, "reg import accepts it and reads nothing"));
  cr_snapshot_free(s);
  CHECK(lenient_of("regedit4\r\n[HKLM\\T]\r\n", U8) == NULL);
  CHECK(strstr(cr_error_last(), "l.reg:1: not a .reg file") != NULL);
  s = lenient_of("\r\n \r\nREGEDIT4\r\n[HKLM\\T]\r\n\"a\"=dword:1\r\n", U8);
  CHECK(s && warned(s, 3, "blank lines before the header"));
  cr_snapshot_free(s);
}

/* Every fixture of READING.txt reads as the list says; every fixture
 * file is listed. */
static void test_lenient_fixtures(void)
{
  char *manifest = fixture_path("READING.txt");
  uint8_t *text = NULL;
  size_t len = 0, listed = 0;
  char *line, *next;
  cr_buf names = CR_BUF_INIT;
  static const char *const dirs[] = { "", "malformed", "wine", "realworld" };
  size_t d;
  CHECK_OK(cr_read_file(&text, &len, manifest));
  cr_buf_putc(&names, '\n');
  for (line = (char *)text; line && *line; line = next) {
    char *f[6], *path, prefix[700];
    cr_snapshot *s = NULL;
    int rc, i;
    next = line + strcspn(line, "\r\n");
    if (*next) {
      *next++ = '\0';
      next += strspn(next, "\r\n");
    }
    if (*line == '#' || !*line)
      continue;
    f[0] = line;
    for (i = 1; i < 6 && f[i - 1]; i++) {
      f[i] = strchr(f[i - 1], '|');
      if (f[i])
        *f[i]++ = '\0';
    }
    CHECK_MSG(f[5] != NULL, "bad READING.txt line for %s", line);
    if (!f[5])
      continue;
    cr_buf_printf(&names, "%s\n", f[0]);
    listed++;
    CHECK_MSG(!strcmp(f[4], "same") || !strcmp(f[4], "refused") ||
              !strcmp(f[4], "differs"), "%s: wine '%s'", f[0], f[4]);
    CHECK_MSG(!strcmp(f[4], "same") || strlen(f[5]) > 20,
              "%s: a %s file needs its reason", f[0], f[4]);
    path = fixture_path(f[0]);
    snprintf(prefix, sizeof prefix, "%s:%s: ", path, f[2]);
    cr_snapshot_new(&s);
    rc = load_fixture_lenient(s, f[0]);
    if (!strcmp(f[1], "error")) {
      CHECK_MSG(rc == CR_EPARSE &&
                strncmp(cr_error_last(), prefix, strlen(prefix)) == 0 &&
                strstr(cr_error_last(), f[3]) != NULL,
                "%s: expected a refusal '%s...%s...', got %s '%s'", f[0],
                prefix, f[3], cr_err_name(rc), cr_error_last());
    } else if (!strcmp(f[1], "warn")) {
      const char *w = cr_snapshot_warning(s, 0);
      CHECK_MSG(rc == 0 && w && strncmp(w, prefix, strlen(prefix)) == 0 &&
                strstr(w, f[3]) != NULL,
                "%s: expected the warning '%s...%s...', got %s '%s'", f[0],
                prefix, f[3], cr_err_name(rc), w ? w : cr_error_last());
    } else {
      CHECK_MSG(rc == 0 && cr_snapshot_warning_count(s) == 0,
                "%s: expected no warning, got %s '%s'", f[0], cr_err_name(rc),
                rc < 0 ? cr_error_last() : cr_snapshot_warning(s, 0));
    }
    cr_snapshot_free(s);
    free(path);
  }
  CHECK_MSG(listed >= 50, "only %lu fixtures listed", (unsigned long)listed);
  for (d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
    char *dirpath = fixture_path(dirs[d]);
    DIR *dir = opendir(dirpath);
    struct dirent *de;
    CHECK_MSG(dir != NULL, "cannot list %s", dirpath);
    while (dir && (de = readdir(dir)) != NULL) {
      size_t n = strlen(de->d_name);
      char key[400];
      if (n < 4 || strcmp(de->d_name + n - 4, ".reg") != 0)
        continue;
      snprintf(key, sizeof key, "\n%s%s%s\n", dirs[d], *dirs[d] ? "/" : "",
               de->d_name);
      CHECK_MSG(names.ptr && strstr(names.ptr, key) != NULL,
                "%s/%s is not listed in READING.txt", dirs[d], de->d_name);
    }
    if (dir)
      closedir(dir);
    free(dirpath);
  }
  cr_buf_dispose(&names);
  free(text);
  free(manifest);
}

/* What the real-world fixtures hold once read as reg import reads them
 * (the values Wine's reg import sets: tests/wine/regimport_equiv.sh). */
static void test_lenient_realworld(void)
{
  const char *sch = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\"
                    "SecurityProviders\\SCHANNEL";
  char key[300];
  cr_snapshot *s = NULL;
  uint8_t one[4] = { 1, 0, 0, 0 }, on[4] = { 0xff, 0xff, 0xff, 0xff };
  static const uint8_t curves[] = { 'N', 0, 0, 0, 'i', 0, 0, 0 };
  const void *d;
  size_t n;

  cr_snapshot_new(&s);
  CHECK_OK(load_fixture_lenient(s, "realworld/hardening_script.reg"));
  /* The key of the one-line "[...] \"Enabled\"=..." exists; its value
   * does not: the TLS 1.0 server default applies, not 0. */
  snprintf(key, sizeof key, "%s\\Protocols\\TLS 1.0\\Server", sch);
  CHECK(cr_snapshot_has_key(s, key) == 1);
  CHECK(cr_snapshot_get_value(NULL, NULL, NULL, s, key, "Enabled") ==
        CR_ENOTFOUND);
  CHECK(has_value(s, key, "DisabledByDefault", CR_REG_DWORD, one, 4));
  /* "# off" after a dword: not set. */
  snprintf(key, sizeof key, "%s\\Protocols\\TLS 1.1\\Server", sch);
  CHECK(cr_snapshot_get_value(NULL, NULL, NULL, s, key, "Enabled") ==
        CR_ENOTFOUND);
  CHECK(has_value(s, key, "DisabledByDefault", CR_REG_DWORD, one, 4));
  /* Set, then deleted under another case: value names ignore case. */
  CHECK(has_value(s, "HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319",
                  "SchUseStrongCrypto", CR_REG_DWORD, one, 4));
  CHECK(cr_snapshot_get_value(NULL, NULL, NULL, s, "HKLM\\SOFTWARE\\"
        "Microsoft\\.NETFramework\\v4.0.30319", "SystemDefaultTlsVersions") ==
        CR_ENOTFOUND);
  CHECK(cr_snapshot_get_value(NULL, NULL, NULL, s, "HKLM\\SOFTWARE\\"
        "WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319",
        "SchUseStrongCrypto") == CR_ENOTFOUND);
  /* The regedit hex(7) pasted into an ANSI file: ANSI bytes, one
   * character each ("N", "", "i", ...), as reg import stores them. */
  CHECK_OK(cr_snapshot_get_value(NULL, &d, &n, s, "HKLM\\SOFTWARE\\Policies\\"
           "Microsoft\\Cryptography\\Configuration\\SSL\\00010002",
           "EccCurves"));
  CHECK(n > sizeof curves && memcmp(d, curves, sizeof curves) == 0);
  CHECK(cr_snapshot_warning_count(s) == 4);
  cr_snapshot_free(s);

  s = NULL;
  cr_snapshot_new(&s);
  CHECK_OK(load_fixture_lenient(s, "realworld/iiscrypto_backup.reg"));
  snprintf(key, sizeof key, "%s\\Protocols\\TLS 1.2\\Server", sch);
  CHECK(has_value(s, key, "Enabled", CR_REG_DWORD, on, 4));
  snprintf(key, sizeof key, "%s\\Protocols\\Multi-Protocol Unified Hello\\"
           "Server", sch);
  CHECK(cr_snapshot_has_key(s, key) == 1);
  snprintf(key, sizeof key, "%s\\Ciphers\\RC4 128/128", sch);
  CHECK(cr_snapshot_has_key(s, key) == 1);
  CHECK(cr_snapshot_warning_count(s) == 0);
  cr_snapshot_free(s);

  /* Strict reading refuses the hardening script at its first such line. */
  s = NULL;
  cr_snapshot_new(&s);
  cr_snapshot_set_strict(s, 1);
  CHECK(load_fixture_lenient(s, "realworld/hardening_script.reg") ==
        CR_EPARSE);
  CHECK(strstr(cr_error_last(), "hardening_script.reg:5: unexpected text "
                                "after ']'") != NULL);
  CHECK(cr_snapshot_key_count(s) == 0);
  cr_snapshot_free(s);
}
/* ---------------------------------------------------------------- */

static const test_case cases[] = {
  { "basic_utf16", test_basic_utf16 },
  { "basic_utf8", test_basic_utf8 },
  { "line_ends", test_line_ends },
  { "regedit4_equivalence", test_regedit4_equivalence },
  { "merge", test_merge },
  { "atomic_load", test_atomic_load },
  { "sink", test_sink },
  { "errors_inline", test_errors_inline },
  { "writer_exact", test_writer_exact },
  { "writer_wrap", test_writer_wrap },
  { "round_trip", test_round_trip },
  { "round_trip_edges", test_round_trip_edges },
  { "robustness", test_robustness },
  { "fixtures_good", test_fixtures_good },
  { "fixtures_malformed", test_fixtures_malformed },
  { "lenient_grammar", test_lenient_grammar },
  { "lenient_fixtures", test_lenient_fixtures },
  { "lenient_realworld", test_lenient_realworld },
};

int main(int argc, char **argv)
{
  if (argc > 1)
    fixtures = argv[1];
  return run_cases(cases, sizeof cases / sizeof cases[0]);
}
