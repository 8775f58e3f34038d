/*
 * test_suites.c - the generated cipher-suite table (known answers from the
 * IANA registry and the version rules of tools/gen_cipher_suites.py), name
 * lookups, Schannel names, and the Functions list parsers.
 *
 * Usage: test_suites [SUITES_FIXTURES_DIR]
 * The default is CR_FIXTURES_DIR "/suites" when the build defines
 * CR_FIXTURES_DIR, else tests/fixtures/suites relative to the working
 * directory. The last line printed is "test_suites: N passed, N failed".
 */
#include "tls/suites.h"
#include "knowledge/tls_defaults.h"
#include "test.h"

#include <stdlib.h>

#ifdef CR_FIXTURES_DIR
static const char *fixtures = CR_FIXTURES_DIR "/suites";
#else
static const char *fixtures = "tests/fixtures/suites";
#endif

#define V(p) (1u << CR_PROTO_##p)
#define SSL3_TO_TLS12 (V(SSL3) | V(TLS10) | V(TLS11) | V(TLS12))

/* ---------------------------------------------------------------- */
/* Helpers.                                                         */
/* ---------------------------------------------------------------- */

/* UTF-16LE bytes of an ASCII string with embedded NULs (n chars). */
static uint8_t *u16(const char *s, size_t n, size_t *len)
{
  uint8_t *p = malloc(n ? 2 * n : 1);
  size_t i;
  for (i = 0; p && i < n; i++) {
    p[2 * i] = (uint8_t)s[i];
    p[2 * i + 1] = 0;
  }
  *len = 2 * n;
  return p;
}

#define U16(lit, lenp) u16((lit), sizeof(lit) - 1, (lenp))

static bool list_is(const cr_name_list *l, const char *const *want, size_t n)
{
  size_t i;
  if (l->count != n)
    return false;
  for (i = 0; i < n; i++)
    if (strcmp(l->names[i], want[i]) != 0)
      return false;
  return true;
}

static void dump(const cr_name_list *l)
{
  size_t i;
  for (i = 0; i < l->count; i++)
    fprintf(stderr, "    [%zu] \"%s\"\n", i, l->names[i]);
}

#define CHECK_LIST(l, ...)                                                 \
  do {                                                                     \
    static const char *const want_[] = { __VA_ARGS__ };                    \
    bool ok_ = list_is((l), want_, sizeof want_ / sizeof want_[0]);        \
    CHECK(ok_);                                                            \
    if (!ok_)                                                              \
      dump(l);                                                             \
  } while (0)

#define CHECK_EMPTY(l) CHECK((l)->count == 0 && (l)->names == NULL)

static int parse_file(cr_name_list *out, const char *file, bool multi)
{
  char path[1024];
  uint8_t *data = NULL;
  size_t len = 0;
  int rc;
  snprintf(path, sizeof path, "%s/%s", fixtures, file);
  rc = cr_read_file(&data, &len, path);
  if (rc < 0)
    return rc;
  rc = multi ? cr_parse_multi_sz(out, data, len, file)
             : cr_parse_policy_functions(out, data, len, file);
  cr_free(data);
  return rc;
}

/* ---------------------------------------------------------------- */
/* The table.                                                       */
/* ---------------------------------------------------------------- */

static void check_suite(uint16_t id, const char *name, const char *kx,
                        const char *auth, const char *cipher,
                        const char *hash, uint32_t flags, uint32_t versions)
{
  const cr_suite *s = cr_suite_by_id(id);
  CHECK(s != NULL);
  if (!s) {
    fprintf(stderr, "  no suite 0x%04X\n", id);
    return;
  }
  CHECK(s->id == id);
  CHECK_STR(s->name, name);
  CHECK_STR(s->kx, kx);
  CHECK_STR(s->auth, auth);
  CHECK_STR(s->cipher, cipher);
  CHECK_STR(s->hash, hash);
  CHECK(s->flags == flags);
  CHECK(s->versions == versions);
  if (s->flags != flags || s->versions != versions)
    fprintf(stderr, "  0x%04X %s: flags 0x%x (want 0x%x), versions 0x%x "
            "(want 0x%x)\n", id, name, (unsigned)s->flags, (unsigned)flags,
            (unsigned)s->versions, (unsigned)versions);
  CHECK(cr_suite_by_name(name) == s);
}

static void test_known_answers(void)
{
  check_suite(0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE", "RSA",
              "AES_256_GCM", "SHA384", CR_SUITE_AEAD | CR_SUITE_ECDHE,
              V(TLS12) | V(DTLS12));
  check_suite(0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "DHE", "RSA",
              "AES_256_GCM", "SHA384", CR_SUITE_AEAD | CR_SUITE_DHE,
              V(TLS12) | V(DTLS12));
  check_suite(0x000A, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "RSA", "RSA",
              "3DES_EDE_CBC", "SHA", CR_SUITE_3DES,
              SSL3_TO_TLS12 | V(DTLS10) | V(DTLS12));
  /* RC4: never DTLS (RFC 6347 4.1.2.2), whatever the table says. */
  check_suite(0x0005, "TLS_RSA_WITH_RC4_128_SHA", "RSA", "RSA", "RC4_128",
              "SHA", CR_SUITE_RC4, SSL3_TO_TLS12);
  check_suite(0x1302, "TLS_AES_256_GCM_SHA384", "", "", "AES_256_GCM",
              "SHA384", CR_SUITE_AEAD | CR_SUITE_TLS13, V(TLS13));
  check_suite(0x1301, "TLS_AES_128_GCM_SHA256", "", "", "AES_128_GCM",
              "SHA256", CR_SUITE_AEAD | CR_SUITE_TLS13, V(TLS13));
  check_suite(0x1303, "TLS_CHACHA20_POLY1305_SHA256", "", "",
              "CHACHA20_POLY1305", "SHA256", CR_SUITE_AEAD | CR_SUITE_TLS13,
              V(TLS13));
  /* The initial state: never negotiated (RFC 5246 A.5). */
  check_suite(0x0000, "TLS_NULL_WITH_NULL_NULL", "NULL", "NULL", "NULL",
              "NULL", CR_SUITE_NULL, 0);
  check_suite(0x0002, "TLS_RSA_WITH_NULL_SHA", "RSA", "RSA", "NULL", "SHA",
              CR_SUITE_NULL, SSL3_TO_TLS12 | V(DTLS10) | V(DTLS12));
  check_suite(0x003B, "TLS_RSA_WITH_NULL_SHA256", "RSA", "RSA", "NULL",
              "SHA256", CR_SUITE_NULL, V(TLS12) | V(DTLS12));
  /* EXPORT: SSL 3.0 and TLS 1.0 only (RFC 4346 A.5). */
  check_suite(0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5", "RSA", "RSA",
              "RC4_40", "MD5", CR_SUITE_RC4 | CR_SUITE_EXPORT,
              V(SSL3) | V(TLS10));
  check_suite(0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA", "DHE", "RSA",
              "DES40_CBC", "SHA", CR_SUITE_DHE | CR_SUITE_EXPORT,
              V(SSL3) | V(TLS10));
  check_suite(0x0018, "TLS_DH_anon_WITH_RC4_128_MD5", "DH", "anon", "RC4_128",
              "MD5", CR_SUITE_RC4 | CR_SUITE_ANON, SSL3_TO_TLS12);
  /* DES and IDEA: gone from TLS 1.2 (RFC 5246 1.2). */
  check_suite(0x0009, "TLS_RSA_WITH_DES_CBC_SHA", "RSA", "RSA", "DES_CBC",
              "SHA", 0, V(SSL3) | V(TLS10) | V(TLS11) | V(DTLS10));
  check_suite(0x0007, "TLS_RSA_WITH_IDEA_CBC_SHA", "RSA", "RSA", "IDEA_CBC",
              "SHA", 0, V(SSL3) | V(TLS10) | V(TLS11) | V(DTLS10));
  /* AES-CBC-SHA came after SSL 3.0 (RFC 3268): TLS only. */
  check_suite(0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA", "RSA", "RSA",
              "AES_128_CBC", "SHA", 0,
              V(TLS10) | V(TLS11) | V(TLS12) | V(DTLS10) | V(DTLS12));
  check_suite(0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE", "RSA",
              "AES_256_CBC", "SHA384", CR_SUITE_ECDHE, V(TLS12) | V(DTLS12));
  check_suite(0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256", "RSA", "RSA",
              "AES_256_CBC", "SHA256", 0, V(TLS12) | V(DTLS12));
  /* PSK variants. */
  check_suite(0x00A9, "TLS_PSK_WITH_AES_256_GCM_SHA384", "PSK", "PSK",
              "AES_256_GCM", "SHA384", CR_SUITE_AEAD | CR_SUITE_PSK,
              V(TLS12) | V(DTLS12));
  check_suite(0x008E, "TLS_DHE_PSK_WITH_RC4_128_SHA", "DHE", "PSK", "RC4_128",
              "SHA", CR_SUITE_DHE | CR_SUITE_RC4 | CR_SUITE_PSK,
              V(TLS10) | V(TLS11) | V(TLS12));
  check_suite(0xC0AA, "TLS_PSK_DHE_WITH_AES_128_CCM_8", "DHE", "PSK",
              "AES_128_CCM_8", "", CR_SUITE_DHE | CR_SUITE_AEAD | CR_SUITE_PSK,
              V(TLS12) | V(DTLS12));
  /* CCM names carry no hash part: hash "". */
  check_suite(0xC09E, "TLS_DHE_RSA_WITH_AES_128_CCM", "DHE", "RSA",
              "AES_128_CCM", "", CR_SUITE_DHE | CR_SUITE_AEAD,
              V(TLS12) | V(DTLS12));
  check_suite(0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE",
              "RSA", "CHACHA20_POLY1305", "SHA256",
              CR_SUITE_ECDHE | CR_SUITE_AEAD, V(TLS12) | V(DTLS12));
  check_suite(0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE",
              "ECDSA", "AES_256_GCM", "SHA384", CR_SUITE_ECDHE | CR_SUITE_AEAD,
              V(TLS12) | V(DTLS12));
  /* Signalling values: not suites, no version. */
  check_suite(0x00FF, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", "", "", "", "",
              CR_SUITE_SCSV, 0);
  check_suite(0x5600, "TLS_FALLBACK_SCSV", "", "", "", "", CR_SUITE_SCSV, 0);
  /* Integrity-only TLS 1.3 (RFC 9150). */
  check_suite(0xC0B4, "TLS_SHA256_SHA256", "", "", "NULL", "SHA256",
              CR_SUITE_NULL | CR_SUITE_TLS13, V(TLS13));

  /* Skipped rows: reserved ranges, GREASE, unassigned. */
  CHECK(cr_suite_by_id(0x001C) == NULL); /* 0x00,0x1C-1D reserved (SSLv3) */
  CHECK(cr_suite_by_id(0x0A0A) == NULL); /* GREASE */
  CHECK(cr_suite_by_id(0xFAFA) == NULL); /* GREASE */
  CHECK(cr_suite_by_id(0x0060) == NULL); /* 0x00,0x60-66 reserved */
  CHECK(cr_suite_by_id(0xFF00) == NULL); /* private use */
  CHECK(cr_suite_by_id(0xFFFF) == NULL);
  CHECK(cr_suite_by_id(0x1300) == NULL);
}

static void test_table_invariants(void)
{
  size_t i, scsv = 0;
  CHECK(cr_suite_count > 300);
  CHECK(cr_suite_count < 65536);
  for (i = 0; i < cr_suite_count; i++) {
    const cr_suite *s = &cr_suites[i];
    if (i > 0 && cr_suites[i - 1].id >= s->id) {
      CHECK(!"ids ascending");
      fprintf(stderr, "  at %zu: 0x%04X\n", i, s->id);
    }
    CHECK(s->name && strncmp(s->name, "TLS_", 4) == 0);
    CHECK(s->kx && s->auth && s->cipher && s->hash);
    CHECK(cr_suite_by_id(s->id) == s);
    CHECK(cr_suite_by_name(s->name) == s);
    /* Rules that hold for every row. */
    if (s->flags & CR_SUITE_TLS13)
      CHECK(s->versions == V(TLS13) && s->kx[0] == '\0');
    else if (!(s->flags & CR_SUITE_SCSV) && s->id != 0)
      CHECK(!(s->versions & V(TLS13)) && s->kx[0] != '\0');
    if (s->flags & CR_SUITE_RC4)
      CHECK(!(s->versions & (V(DTLS10) | V(DTLS12))));
    if (s->flags & CR_SUITE_EXPORT)
      CHECK(!(s->versions & (V(TLS11) | V(TLS12) | V(DTLS10) | V(DTLS12))));
    if ((s->flags & CR_SUITE_AEAD) && !(s->flags & CR_SUITE_TLS13))
      CHECK((s->versions & ~(uint32_t)V(DTLS12)) == V(TLS12));
    if (s->versions & V(SSL3))
      CHECK(s->id <= 0x001B);
    CHECK(!(s->versions & V(SSL2)));
    if (s->flags & CR_SUITE_SCSV)
      scsv++;
  }
  CHECK(scsv == 2);
}

static void test_by_name(void)
{
  const cr_suite *s = cr_suite_by_name("tls_ecdhe_rsa_with_aes_256_gcm_sha384");
  CHECK(s && s->id == 0xC030);
  s = cr_suite_by_name("Tls_Dh_Anon_With_Rc4_128_Md5");
  CHECK(s && s->id == 0x0018);
  CHECK(cr_suite_by_name("TLS_AES_256_GCM_SHA384")->id == 0x1302);
  CHECK(cr_suite_by_name(NULL) == NULL);
  CHECK(cr_suite_by_name("") == NULL);
  CHECK(cr_suite_by_name("TLS_") == NULL);
  CHECK(cr_suite_by_name("TLS_AES_256_GCM_SHA38") == NULL);   /* prefix */
  CHECK(cr_suite_by_name("TLS_AES_256_GCM_SHA3844") == NULL); /* longer */
  CHECK(cr_suite_by_name("TLS_AES_256_GCM_SHA384 ") == NULL);
  CHECK(cr_suite_by_name(" TLS_AES_256_GCM_SHA384") == NULL);
  CHECK(cr_suite_by_name("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P384") == NULL);
  CHECK(cr_suite_by_name("SSL_CK_RC4_128_WITH_MD5") == NULL);
  CHECK(cr_suite_by_name("\xff\xfe") == NULL);
  /* First and last names in index order are found (edges of the search). */
  CHECK(cr_suite_by_name("TLS_AEGIS_128L_SHA256") != NULL);
  CHECK(cr_suite_by_name("TLS_SRP_SHA_WITH_AES_256_CBC_SHA") != NULL);
}

static void test_schannel_names(void)
{
  unsigned curve = 99;
  const cr_suite *s;

  s = cr_suite_from_schannel("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P384", &curve);
  CHECK(s && s->id == 0xC028);
  CHECK(curve == 384);
  s = cr_suite_from_schannel("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256_P256", &curve);
  CHECK(s && s->id == 0xC02B);
  CHECK(curve == 256);
  s = cr_suite_from_schannel("tls_ecdhe_ecdsa_with_aes_256_gcm_sha384_p521", &curve);
  CHECK(s && s->id == 0xC02C);
  CHECK(curve == 521);
  s = cr_suite_from_schannel("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", &curve);
  CHECK(s && s->id == 0xC030);
  CHECK(curve == 0);
  s = cr_suite_from_schannel("TLS_ECDH_RSA_WITH_AES_128_CBC_SHA_P256", NULL);
  CHECK(s && s->id == 0xC00E);

  /* Not a curve we know, not an EC suite, nothing before the suffix. */
  CHECK(cr_suite_from_schannel("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P224", &curve) == NULL);
  CHECK(curve == 0);
  CHECK(cr_suite_from_schannel("TLS_RSA_WITH_AES_128_CBC_SHA_P256", &curve) == NULL);
  CHECK(cr_suite_from_schannel("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256_P256", NULL) == NULL);
  CHECK(cr_suite_from_schannel("_P256", &curve) == NULL);
  CHECK(cr_suite_from_schannel("P256", &curve) == NULL);
  CHECK(curve == 0);
  CHECK(cr_suite_from_schannel("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P384_P384", NULL) == NULL);
  CHECK(cr_suite_from_schannel("", &curve) == NULL);
  CHECK(cr_suite_from_schannel(NULL, &curve) == NULL);
  CHECK(curve == 0);

  /* SSL 2.0 kinds: no TLS id; recognised separately. */
  CHECK(cr_suite_from_schannel("SSL_CK_RC4_128_WITH_MD5", &curve) == NULL);
  {
    const cr_ssl2_kind *k = cr_ssl2_kind_by_name("SSL_CK_RC4_128_WITH_MD5");
    CHECK(k && k->kind == 0x010080 && !k->export_grade);
    k = cr_ssl2_kind_by_name("ssl_ck_rc2_128_cbc_export40_with_md5");
    CHECK(k && k->kind == 0x040080 && k->export_grade);
    k = cr_ssl2_kind_by_name("SSL_CK_DES_192_EDE3_CBC_WITH_MD5");
    CHECK(k && k->kind == 0x0700C0);
    k = cr_ssl2_kind_by_name("SSL_CK_DES_64_CBC_WITH_MD5");
    CHECK(k && k->kind == 0x060040);
    CHECK(cr_ssl2_kind_by_name("SSL_CK_") == NULL);
    CHECK(cr_ssl2_kind_by_name("TLS_RSA_WITH_RC4_128_MD5") == NULL);
    CHECK(cr_ssl2_kind_by_name(NULL) == NULL);
  }
}

/* ---------------------------------------------------------------- */
/* Parsers.                                                         */
/* ---------------------------------------------------------------- */

static void test_policy(void)
{
  cr_name_list l = { (char **)1, 99 };
  uint8_t *d;
  size_t len;

  d = U16("TLS_A,TLS_B\0", &len);
  CHECK_OK(cr_parse_policy_functions(&l, d, len, "pol"));
  CHECK_LIST(&l, "TLS_A", "TLS_B");
  cr_name_list_dispose(&l);
  CHECK_EMPTY(&l);
  free(d);

  /* Spaces, tabs, empty items, leading and trailing commas. */
  d = U16(", TLS_A ,,\tTLS_B\t, ,TLS_C,\0", &len);
  CHECK_OK(cr_parse_policy_functions(&l, d, len, "pol"));
  CHECK_LIST(&l, "TLS_A", "TLS_B", "TLS_C");
  cr_name_list_dispose(&l);
  free(d);

  /* Inner spaces stay; text after the first NUL is not the value's. */
  d = U16("TLS A,B\0,TLS_IGNORED\0", &len);
  CHECK_OK(cr_parse_policy_functions(&l, d, len, "pol"));
  CHECK_LIST(&l, "TLS A", "B");
  cr_name_list_dispose(&l);
  free(d);

  /* No terminator at all; and nothing but separators. */
  d = U16("TLS_A", &len);
  CHECK_OK(cr_parse_policy_functions(&l, d, len, "pol"));
  CHECK_LIST(&l, "TLS_A");
  cr_name_list_dispose(&l);
  free(d);
  d = U16(" , ,, \0", &len);
  CHECK_OK(cr_parse_policy_functions(&l, d, len, "pol"));
  CHECK_EMPTY(&l);
  free(d);
  CHECK_OK(cr_parse_policy_functions(&l, NULL, 0, "pol"));
  CHECK_EMPTY(&l);
  d = U16("\0", &len);
  CHECK_OK(cr_parse_policy_functions(&l, d, len, "pol"));
  CHECK_EMPTY(&l);
  free(d);

  /* Longer than the 1,023 characters the GPO editor allows: the limit is
   * the caller's to report, the parser reads it all. */
  {
    cr_buf text = CR_BUF_INIT, data = CR_BUF_INIT;
    size_t i, n = 0;
    for (i = 0; i < 60; i++)
      cr_buf_printf(&text, "%sTLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", i ? "," : "");
    CHECK(text.len > 2000);
    CHECK_OK(cr_utf8_to_utf16(&data, text.ptr, text.len));
    CHECK_OK(cr_parse_policy_functions(&l, (const uint8_t *)data.ptr, data.len, "pol"));
    CHECK(l.count == 60);
    for (i = 0; i < l.count; i++)
      n += cr_suite_by_name(l.names[i]) ? 1 : 0;
    CHECK(n == 60);
    cr_name_list_dispose(&l);
    cr_buf_dispose(&text);
    cr_buf_dispose(&data);
  }

  /* Non-ASCII survives as UTF-8 (U+00E9, and U+1F600 as a pair). */
  {
    static const uint8_t d2[] = { 'A', 0, 0xE9, 0, ',', 0, 0x3D, 0xD8,
                                  0x00, 0xDE, 0, 0 };
    CHECK_OK(cr_parse_policy_functions(&l, d2, sizeof d2, "pol"));
    CHECK_LIST(&l, "A\xC3\xA9", "\xF0\x9F\x98\x80");
    cr_name_list_dispose(&l);
  }

  /* Malformed: odd length, unpaired surrogates (offsets in bytes). */
  {
    static const uint8_t odd[] = { 'A', 0, ',', 0, 'B' };
    static const uint8_t hi[] = { 'A', 0, ',', 0, 0x00, 0xD8, 'B', 0, 0, 0 };
    static const uint8_t hi_end[] = { 'A', 0, 0x00, 0xD8 };
    static const uint8_t lo[] = { 'A', 0, 'B', 0, 'C', 0, 0x00, 0xDC, 0, 0 };
    static const uint8_t after_nul[] = { 'A', 0, 0, 0, 0x00, 0xDC };
    l.names = (char **)1;
    l.count = 7;
    CHECK(cr_parse_policy_functions(&l, odd, sizeof odd, "Policies Functions") == CR_EPARSE);
    CHECK_CONTAINS(cr_error_last(), "Policies Functions: offset 4: odd data length");
    CHECK_EMPTY(&l);
    CHECK(cr_parse_policy_functions(&l, hi, sizeof hi, "pol") == CR_EPARSE);
    CHECK_CONTAINS(cr_error_last(), "pol: offset 4: high surrogate 0xD800");
    CHECK_EMPTY(&l);
    CHECK(cr_parse_policy_functions(&l, hi_end, sizeof hi_end, "pol") == CR_EPARSE);
    CHECK_CONTAINS(cr_error_last(), "pol: offset 2: high surrogate");
    CHECK(cr_parse_policy_functions(&l, lo, sizeof lo, "pol") == CR_EPARSE);
    CHECK_CONTAINS(cr_error_last(), "pol: offset 6: low surrogate 0xDC00");
    CHECK_EMPTY(&l);
    /* After the terminating NUL nothing is read. */
    CHECK_OK(cr_parse_policy_functions(&l, after_nul, sizeof after_nul, "pol"));
    CHECK_LIST(&l, "A");
    cr_name_list_dispose(&l);
    CHECK(cr_parse_policy_functions(&l, odd, sizeof odd, NULL) == CR_EPARSE);
    CHECK_CONTAINS(cr_error_last(), ": offset 4:");
    CHECK(cr_parse_policy_functions(NULL, odd, sizeof odd, "pol") == CR_EINVAL);
    CHECK(cr_parse_policy_functions(&l, NULL, 2, "pol") == CR_EINVAL);
  }
  cr_name_list_dispose(NULL);
}

static void test_multi_sz(void)
{
  cr_name_list l = { NULL, 0 };
  uint8_t *d;
  size_t len;

  d = U16("TLS_A\0TLS_B\0\0", &len);
  CHECK_OK(cr_parse_multi_sz(&l, d, len, "Functions"));
  CHECK_LIST(&l, "TLS_A", "TLS_B");
  cr_name_list_dispose(&l);
  free(d);

  /* Missing final terminator, or both. */
  d = U16("TLS_A\0TLS_B\0", &len);
  CHECK_OK(cr_parse_multi_sz(&l, d, len, "Functions"));
  CHECK_LIST(&l, "TLS_A", "TLS_B");
  cr_name_list_dispose(&l);
  free(d);
  d = U16("TLS_A\0TLS_B", &len);
  CHECK_OK(cr_parse_multi_sz(&l, d, len, "Functions"));
  CHECK_LIST(&l, "TLS_A", "TLS_B");
  cr_name_list_dispose(&l);
  free(d);

  /* The list ends at the first empty string; what follows is ignored. */
  d = U16("TLS_A\0\0TLS_B\0\0", &len);
  CHECK_OK(cr_parse_multi_sz(&l, d, len, "Functions"));
  CHECK_LIST(&l, "TLS_A");
  cr_name_list_dispose(&l);
  free(d);
  d = U16("\0TLS_A\0\0", &len);
  CHECK_OK(cr_parse_multi_sz(&l, d, len, "Functions"));
  CHECK_EMPTY(&l);
  free(d);
  d = U16("TLS_A\0\0\0\0\0\0", &len);
  CHECK_OK(cr_parse_multi_sz(&l, d, len, "Functions"));
  CHECK_LIST(&l, "TLS_A");
  cr_name_list_dispose(&l);
  free(d);

  /* Empty values; commas and spaces are part of the names here. */
  CHECK_OK(cr_parse_multi_sz(&l, NULL, 0, "Functions"));
  CHECK_EMPTY(&l);
  d = U16("\0\0", &len);
  CHECK_OK(cr_parse_multi_sz(&l, d, len, "Functions"));
  CHECK_EMPTY(&l);
  free(d);
  d = U16(" A,B \0\0", &len);
  CHECK_OK(cr_parse_multi_sz(&l, d, len, "Functions"));
  CHECK_LIST(&l, " A,B ");
  cr_name_list_dispose(&l);
  free(d);

  /* Malformed. */
  {
    static const uint8_t odd[] = { 'A', 0, 0 };
    static const uint8_t lo[] = { 'A', 0, 0, 0, 'B', 0, 0x34, 0xDC, 0, 0, 0, 0 };
    static const uint8_t after_end[] = { 'A', 0, 0, 0, 0, 0, 0x00, 0xD8 };
    CHECK(cr_parse_multi_sz(&l, odd, sizeof odd, "Local Functions") == CR_EPARSE);
    CHECK_CONTAINS(cr_error_last(), "Local Functions: offset 2: odd data length (3 bytes)");
    CHECK_EMPTY(&l);
    CHECK(cr_parse_multi_sz(&l, lo, sizeof lo, "Local Functions") == CR_EPARSE);
    CHECK_CONTAINS(cr_error_last(), "Local Functions: offset 6: low surrogate 0xDC34");
    CHECK_EMPTY(&l);
    CHECK_OK(cr_parse_multi_sz(&l, after_end, sizeof after_end, "Local Functions"));
    CHECK_LIST(&l, "A");
    cr_name_list_dispose(&l);
  }
}

/* The fixture files: Windows Server 2022's documented default list. */
static void test_fixtures(void)
{
  cr_name_list l = { NULL, 0 }, p = { NULL, 0 };
  size_t i;

  CHECK_OK(parse_file(&l, "ws2022_functions.multi_sz", true));
  CHECK(l.count == 25);
  CHECK_OK(parse_file(&p, "ws2022_policy.sz", false));
  CHECK(p.count == l.count);
  for (i = 0; i < l.count && i < p.count; i++) {
    unsigned curve = 1;
    const cr_suite *s = cr_suite_from_schannel(l.names[i], &curve);
    CHECK(s != NULL && curve == 0);
    CHECK_STR(l.names[i], p.names[i]);
    if (!s) {
      fprintf(stderr, "  unknown: %s\n", l.names[i]);
      continue;
    }
    /* Microsoft's table gives TLS 1.3 for TLS_AES_*, TLS 1.2 only for
     * the GCM/SHA256/SHA384 ones, TLS 1.0-1.2 for the SHA-1 CBC ones, and
     * SSL 3.0 too for TLS_RSA_WITH_NULL_SHA: the same as the RFC rules. */
    if (i < 2)
      CHECK(s->versions == V(TLS13));
    else if (strcmp(s->hash, "SHA") != 0)
      CHECK((s->versions & 0x3F) == V(TLS12));
    else if (s->id == 0x0002 || s->id == 0x000A)
      CHECK((s->versions & 0x3F) == SSL3_TO_TLS12);
    else
      CHECK((s->versions & 0x3F) == (V(TLS10) | V(TLS11) | V(TLS12)));
  }
  if (l.count == 25) {
    CHECK_STR(l.names[0], "TLS_AES_256_GCM_SHA384");
    CHECK_STR(l.names[6], "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384");
    CHECK(cr_suite_by_name(l.names[6])->flags & CR_SUITE_DHE);
  }
  cr_name_list_dispose(&l);
  cr_name_list_dispose(&p);

  CHECK_OK(parse_file(&l, "policy_functions.sz", false));
  CHECK_LIST(&l, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
             "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
             "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
             "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_CBC_SHA");
  cr_name_list_dispose(&l);

  CHECK_OK(parse_file(&l, "legacy_functions.multi_sz", true));
  CHECK(l.count == 8);
  if (l.count == 8) {
    unsigned curve;
    CHECK(cr_suite_from_schannel(l.names[0], &curve)->id == 0xC028 && curve == 384);
    CHECK(cr_suite_from_schannel(l.names[1], &curve)->id == 0xC028 && curve == 256);
    CHECK(cr_suite_from_schannel(l.names[3], &curve)->id == 0xC02C && curve == 521);
    CHECK(cr_suite_from_schannel(l.names[5], &curve) == NULL);
    CHECK(cr_ssl2_kind_by_name(l.names[5]) != NULL);
    /* Schannel's EXPORT1024 suites are not in the IANA registry. */
    CHECK(cr_suite_from_schannel(l.names[7], &curve) == NULL);
  }
  cr_name_list_dispose(&l);

  CHECK_OK(parse_file(&l, "ecc_curves.multi_sz", true));
  CHECK_LIST(&l, "curve25519", "NistP256", "NistP384");
  cr_name_list_dispose(&l);
  CHECK_OK(parse_file(&l, "unterminated.multi_sz", true));
  CHECK_LIST(&l, "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256");
  cr_name_list_dispose(&l);

  CHECK(parse_file(&l, "bad_odd_length.multi_sz", true) == CR_EPARSE);
  CHECK_CONTAINS(cr_error_last(), "bad_odd_length.multi_sz: offset 94: odd data length");
  CHECK_EMPTY(&l);
  CHECK(parse_file(&l, "bad_surrogate.multi_sz", true) == CR_EPARSE);
  CHECK_CONTAINS(cr_error_last(), "bad_surrogate.multi_sz: offset 100: high surrogate");
  CHECK_EMPTY(&l);
}

int main(int argc, char **argv)
{
  if (argc > 1)
    fixtures = argv[1];
  test_known_answers();
  test_table_invariants();
  test_by_name();
  test_schannel_names();
  test_policy();
  test_multi_sz();
  test_fixtures();
  return test_finish("test_suites");
}
