/*
 * test_x509.c - the DER/X.509 parser and the certificate store's Blob.
 *
 *  - every certificate in tests/fixtures/x509 (made by make-certs.sh with
 *    the openssl CLI) against what openssl said about it (EXPECTED.txt):
 *    version, serial, subject and issuer strings, validity, signature
 *    scheme and hash (PSS parameters too), key type and size, curve, EKU,
 *    basic constraints, key identifiers, self-signed, SHA-1 thumbprint;
 *  - certificates built here, one rule each: string types and RFC 4514
 *    escaping, time forms, algorithm parameters, extensions, DER framing;
 *  - every truncation of every fixture and every single-bit flip: an
 *    error with an offset or a clean parse, never a crash;
 *  - the Blob: build/parse round trips, every truncation, malformed
 *    properties, and the Blob Wine's crypt32 wrote into its registry
 *    (wine-my-store.reg, made by tests/wine/test_cert_store.sh), read
 *    through the .reg reader.
 *
 * Usage: test_x509 [X509_FIXTURES_DIR]. Prints "N passed, N failed" last.
 */
#include "connreset.h"
#include "common.h"
#include "x509/x509.h"
#include "test.h"

#include <stdlib.h>

#ifndef CR_FIXTURES_DIR
#define CR_FIXTURES_DIR "tests/fixtures"
#endif

static const char *dir = CR_FIXTURES_DIR "/x509";

/* test.h's CHECK_STR, usable with arrays too. */
static int streq(const char *a, const char *b)
{
  return a && b && strcmp(a, b) == 0;
}
#undef CHECK_STR
#define CHECK_STR(a, b) CHECK(streq((a), (b)))

/* ---------------------------------------------------------------- */
/* Helpers.                                                         */
/* ---------------------------------------------------------------- */

static uint8_t *load(const char *name, size_t *len)
{
  char path[1024];
  uint8_t *data = NULL;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  if (cr_read_file(&data, len, path) != CR_OK) {
    fprintf(stderr, "cannot read %s: %s\n", path, cr_error_last());
    test_failed++;
    return NULL;
  }
  return data;
}

static void hex_of(char *out, const uint8_t *p, size_t n)
{
  static const char h[] = "0123456789ABCDEF";
  size_t i;
  for (i = 0; i < n; i++) {
    out[2 * i] = h[p[i] >> 4];
    out[2 * i + 1] = h[p[i] & 15];
  }
  out[2 * n] = '\0';
}

/* A parse error must be CR_EPARSE with "<origin>: offset N: ". */
static int is_offset_error(int rc, const char *origin)
{
  const char *m = cr_error_last();
  size_t n = strlen(origin);
  return rc == CR_EPARSE && strncmp(m, origin, n) == 0 &&
         strncmp(m + n, ": offset ", 9) == 0 && m[n + 9] >= '0' &&
         m[n + 9] <= '9';
}

/* An empty result after a failure: nothing allocated, nothing set. */
static int cert_is_empty(const cr_x509 *c)
{
  return !c->serial_hex && !c->subject && !c->issuer && !c->sig_oid &&
         !c->ec_curve && !c->eku && !c->neku && !c->subject_key_id &&
         !c->authority_key_id && !c->der;
}

/* ---------------------------------------------------------------- */
/* EXPECTED.txt.                                                    */
/* ---------------------------------------------------------------- */

typedef struct fixture {
  char name[128];
  char *keys[32], *vals[32];
  int n;
} fixture;

static fixture fixtures[64];
static int nfixtures;
static char *expected_text;

static void load_expected(void)
{
  size_t len;
  char *p, *line;
  fixture *f = NULL;
  expected_text = (char *)load("EXPECTED.txt", &len);
  if (!expected_text)
    return;
  for (p = expected_text; p && *p; p = line) {
    char *eol = strchr(p, '\n'), *eq;
    line = eol ? eol + 1 : NULL;
    if (eol)
      *eol = '\0';
    if (eol && eol > p && eol[-1] == '\r')
      eol[-1] = '\0';
    if (*p == '[' && nfixtures < 64) {
      f = &fixtures[nfixtures++];
      snprintf(f->name, sizeof f->name, "%.*s", (int)strcspn(p + 1, "]"),
               p + 1);
    } else if (f && *p != '#' && (eq = strchr(p, '=')) && f->n < 32) {
      *eq = '\0';
      f->keys[f->n] = p;
      f->vals[f->n++] = eq + 1;
    }
  }
}

static const char *get(const fixture *f, const char *key)
{
  int i;
  for (i = 0; i < f->n; i++)
    if (strcmp(f->keys[i], key) == 0)
      return f->vals[i];
  return NULL;
}

/* openssl's signature algorithm names -> what we must report. */
static const struct {
  const char *openssl, *oid;
  cr_sig_scheme scheme;
  const char *hash;
} sig_names[] = {
  { "md5WithRSAEncryption", "1.2.840.113549.1.1.4", CR_SIG_RSA_PKCS1, "MD5" },
  { "sha1WithRSAEncryption", "1.2.840.113549.1.1.5", CR_SIG_RSA_PKCS1, "SHA1" },
  { "sha224WithRSAEncryption", "1.2.840.113549.1.1.14", CR_SIG_RSA_PKCS1, "SHA224" },
  { "sha256WithRSAEncryption", "1.2.840.113549.1.1.11", CR_SIG_RSA_PKCS1, "SHA256" },
  { "sha384WithRSAEncryption", "1.2.840.113549.1.1.12", CR_SIG_RSA_PKCS1, "SHA384" },
  { "sha512WithRSAEncryption", "1.2.840.113549.1.1.13", CR_SIG_RSA_PKCS1, "SHA512" },
  { "rsassaPss", "1.2.840.113549.1.1.10", CR_SIG_RSA_PSS, NULL },
  { "ecdsa-with-SHA1", "1.2.840.10045.4.1", CR_SIG_ECDSA, "SHA1" },
  { "ecdsa-with-SHA224", "1.2.840.10045.4.3.1", CR_SIG_ECDSA, "SHA224" },
  { "ecdsa-with-SHA256", "1.2.840.10045.4.3.2", CR_SIG_ECDSA, "SHA256" },
  { "ecdsa-with-SHA384", "1.2.840.10045.4.3.3", CR_SIG_ECDSA, "SHA384" },
  { "ecdsa-with-SHA512", "1.2.840.10045.4.3.4", CR_SIG_ECDSA, "SHA512" },
  { "dsa_with_SHA256", "2.16.840.1.101.3.4.3.2", CR_SIG_DSA, "SHA256" },
  { "ED25519", "1.3.101.112", CR_SIG_ED25519, NULL },
  { "ED448", "1.3.101.113", CR_SIG_ED448, NULL },
};

static const struct {
  const char *openssl;
  cr_key_type type;
} key_names[] = {
  { "rsaEncryption", CR_KEYTYPE_RSA },
  { "id-ecPublicKey", CR_KEYTYPE_EC },
  { "dsaEncryption", CR_KEYTYPE_DSA },
  { "ED25519", CR_KEYTYPE_ED25519 },
  { "ED448", CR_KEYTYPE_ED448 },
};

/* openssl's "sha256" / "mgf1 with sha1 (default)" -> "SHA256" / "SHA1". */
static void upper_hash(char *out, size_t cap, const char *s)
{
  size_t i = 0;
  const char *p = strstr(s, "sha");
  if (!p)
    p = s;
  for (; *p && *p != ' ' && i + 1 < cap; p++)
    out[i++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
  out[i] = '\0';
}

static void check_fixture(const fixture *f)
{
  cr_x509 c;
  size_t len, i;
  uint8_t *der = load(f->name, &len), sha1[20];
  const char *v, *subject, *issuer, *ski, *aki, *eku;
  char want[256], hex[41];
  int rc, failed_before = test_failed;

  if (!der)
    return;
  rc = cr_x509_parse(&c, der, len, f->name);
  CHECK(rc == CR_OK);
  if (rc != CR_OK) {
    free(der);
    fprintf(stderr, "  in %s\n", f->name);
    return;
  }
  CHECK(c.der == der && c.der_len == len);
  v = get(f, "version");
  CHECK(v && c.version == atoi(v));
  /* openssl prints the serial's magnitude; DER adds a 00 before a high
   * bit. */
  v = get(f, "serial");
  CHECK(v != NULL);
  if (v) {
    snprintf(want, sizeof want, "%s%s", strchr("89ABCDEF", v[0]) ? "00" : "",
             v);
    CHECK_STR(c.serial_hex, want);
  }
  subject = get(f, "subject_rfc4514") ? get(f, "subject_rfc4514")
                                      : get(f, "subject");
  issuer = get(f, "issuer_rfc4514") ? get(f, "issuer_rfc4514")
                                    : get(f, "issuer");
  CHECK_STR(c.subject, subject);
  CHECK_STR(c.issuer, issuer);
  v = get(f, "not_before");
  CHECK(v && c.not_before == strtoll(v, NULL, 10));
  v = get(f, "not_after");
  CHECK(v && c.not_after == strtoll(v, NULL, 10));

  v = get(f, "sig");
  for (i = 0; v && i < sizeof sig_names / sizeof sig_names[0]; i++) {
    if (strcmp(v, sig_names[i].openssl) != 0)
      continue;
    CHECK_STR(c.sig_oid, sig_names[i].oid);
    CHECK(c.sig_scheme == sig_names[i].scheme);
    if (sig_names[i].scheme == CR_SIG_RSA_PSS) {
      char h[16];
      upper_hash(h, sizeof h, get(f, "pss_hash") ? get(f, "pss_hash") : "");
      CHECK_STR(c.sig_hash, h);
      upper_hash(h, sizeof h, get(f, "pss_mgf1") ? get(f, "pss_mgf1") : "");
      CHECK_STR(c.pss_mgf1_hash, h);
      v = get(f, "pss_salt");
      CHECK(v && c.pss_salt_len == (int)strtol(v, NULL, 0));
    } else if (sig_names[i].hash) {
      CHECK_STR(c.sig_hash, sig_names[i].hash);
      CHECK(c.pss_mgf1_hash == NULL && c.pss_salt_len == 0);
    } else {
      CHECK(c.sig_hash == NULL);
    }
    break;
  }
  CHECK(v && i < sizeof sig_names / sizeof sig_names[0]);

  v = get(f, "key_alg");
  for (i = 0; v && i < sizeof key_names / sizeof key_names[0]; i++)
    if (strcmp(v, key_names[i].openssl) == 0)
      break;
  CHECK(v && i < sizeof key_names / sizeof key_names[0] &&
        c.key_type == key_names[i].type);
  v = get(f, "key_bits");
  if (v)
    CHECK(c.key_bits == (unsigned)atoi(v));
  else if (c.key_type == CR_KEYTYPE_ED25519)
    CHECK(c.key_bits == 255);
  else if (c.key_type == CR_KEYTYPE_ED448)
    CHECK(c.key_bits == 448);
  else
    CHECK(!"no key_bits in EXPECTED.txt");
  v = get(f, "curve");
  if (v)
    CHECK_STR(c.ec_curve, v);
  else
    CHECK(c.ec_curve == NULL);

  eku = get(f, "eku");
  CHECK(c.has_eku == (eku != NULL));
  if (eku) {
    size_t n = 0;
    const char *p = eku;
    while (*p) {
      size_t k = strcspn(p, ",");
      const char *oid = !strncmp(p, "TLS Web Server Authentication", k)
                            ? CR_OID_SERVER_AUTH
                        : !strncmp(p, "TLS Web Client Authentication", k)
                            ? "1.3.6.1.5.5.7.3.2"
                            : "?";
      CHECK(n < c.neku && c.eku[n] && strcmp(c.eku[n], oid) == 0);
      n++;
      p += k;
      while (*p == ',' || *p == ' ')
        p++;
    }
    CHECK(n == c.neku);
  }
  CHECK(cr_x509_allows(&c, CR_OID_SERVER_AUTH) ==
        (!eku || strstr(eku, "TLS Web Server Authentication") != NULL));
  CHECK(cr_cert_allows(&c, NULL, CR_OID_SERVER_AUTH) ==
        cr_x509_allows(&c, CR_OID_SERVER_AUTH));

  v = get(f, "basic");
  CHECK(c.has_basic_constraints == (v != NULL));
  if (v) {
    const char *pl = strstr(v, "pathlen:");
    CHECK(c.is_ca == (strncmp(v, "CA:TRUE", 7) == 0));
    CHECK(c.path_len == (pl ? atoi(pl + 8) : -1));
  } else {
    CHECK(!c.is_ca && c.path_len == -1);
  }
  ski = get(f, "ski");
  aki = get(f, "aki");
  if (ski)
    CHECK_STR(c.subject_key_id, ski);
  else
    CHECK(c.subject_key_id == NULL);
  if (aki)
    CHECK_STR(c.authority_key_id, aki);
  else
    CHECK(c.authority_key_id == NULL);
  /* Self-signed by openssl's own strings: the same name, and the same
   * key identifier when there are both. */
  CHECK(c.self_signed == (subject && issuer && !strcmp(get(f, "subject"),
                                                       get(f, "issuer")) &&
                          (!ski || !aki || !strcmp(ski, aki))));

  CHECK_OK(cr_sha1(sha1, der, len));
  hex_of(hex, sha1, 20);
  CHECK_STR(hex, get(f, "sha1"));

  cr_x509_dispose(&c);
  CHECK(cert_is_empty(&c));
  if (test_failed != failed_before)
    fprintf(stderr, "  in %s\n", f->name);
  free(der);
}

/* Which fixtures we expect: a rename in make-certs.sh must show here. */
static void check_fixture_set(void)
{
  static const char *const names[] = {
    "ca-rsa.der", "ca-ec.der", "rsa-md5.der", "rsa-sha1.der",
    "rsa-sha224.der", "rsa-sha256.der", "rsa-sha384.der", "rsa-sha512.der",
    "rsa-pss-sha256.der", "rsa-pss-sha384.der", "eku-client.der",
    "eku-none.der", "eku-server-client.der", "serial-highbit.der",
    "rsa-1024.der", "expired.der", "ecdsa-p256-sha256.der",
    "ecdsa-p256-sha512.der", "selfsigned-rsa-sha512.der",
    "selfsigned-p521-sha512.der", "selfsigned-ed25519.der",
    "selfsigned-ed448.der", "selfsigned-dsa-sha256.der", "v1-rsa-sha256.der",
    "names.der",
  };
  size_t i;
  int j;
  CHECK(nfixtures == (int)(sizeof names / sizeof names[0]));
  for (i = 0; i < sizeof names / sizeof names[0]; i++) {
    for (j = 0; j < nfixtures; j++)
      if (strcmp(fixtures[j].name, names[i]) == 0)
        break;
    CHECK(j < nfixtures);
    if (j == nfixtures)
      fprintf(stderr, "  %s missing from EXPECTED.txt\n", names[i]);
  }
}

/* What the fixtures are for, said once more in the product's terms. */
static void check_fixture_meanings(void)
{
  static const struct {
    const char *file, *hash;
    cr_sig_scheme scheme;
    cr_key_type key;
    unsigned bits;
    int server_auth, self_signed;
  } m[] = {
    { "rsa-md5.der", "MD5", CR_SIG_RSA_PKCS1, CR_KEYTYPE_RSA, 2048, 1, 0 },
    { "rsa-sha224.der", "SHA224", CR_SIG_RSA_PKCS1, CR_KEYTYPE_RSA, 2048, 1, 0 },
    { "rsa-sha512.der", "SHA512", CR_SIG_RSA_PKCS1, CR_KEYTYPE_RSA, 2048, 1, 0 },
    { "rsa-pss-sha256.der", "SHA256", CR_SIG_RSA_PSS, CR_KEYTYPE_RSA, 2048, 1, 0 },
    { "ecdsa-p256-sha512.der", "SHA512", CR_SIG_ECDSA, CR_KEYTYPE_EC, 256, 1, 0 },
    { "selfsigned-rsa-sha512.der", "SHA512", CR_SIG_RSA_PKCS1, CR_KEYTYPE_RSA, 2048, 1, 1 },
    { "eku-client.der", "SHA256", CR_SIG_RSA_PKCS1, CR_KEYTYPE_RSA, 2048, 0, 0 },
    { "eku-none.der", "SHA256", CR_SIG_RSA_PKCS1, CR_KEYTYPE_RSA, 2048, 1, 0 },
    { "rsa-1024.der", "SHA256", CR_SIG_RSA_PKCS1, CR_KEYTYPE_RSA, 1024, 1, 0 },
    { "ca-rsa.der", "SHA256", CR_SIG_RSA_PKCS1, CR_KEYTYPE_RSA, 2048, 1, 1 },
  };
  size_t i, len;
  for (i = 0; i < sizeof m / sizeof m[0]; i++) {
    uint8_t *der = load(m[i].file, &len);
    cr_x509 c;
    if (!der)
      continue;
    CHECK_OK(cr_x509_parse(&c, der, len, m[i].file));
    CHECK_STR(c.sig_hash, m[i].hash);
    CHECK(c.sig_scheme == m[i].scheme);
    CHECK(c.key_type == m[i].key && c.key_bits == m[i].bits);
    CHECK(cr_x509_allows(&c, CR_OID_SERVER_AUTH) == (m[i].server_auth != 0));
    CHECK(c.self_signed == (m[i].self_signed != 0));
    cr_x509_dispose(&c);
    free(der);
  }
  {
    uint8_t *der = load("expired.der", &len);
    cr_x509 c;
    if (der) {
      CHECK_OK(cr_x509_parse(&c, der, len, "expired.der"));
      CHECK(c.not_before == 1577836800 && c.not_after == 1609459200);
      cr_x509_dispose(&c);
      free(der);
    }
  }
}

/* ---------------------------------------------------------------- */
/* Damaged fixtures: truncations and bit flips.                     */
/* ---------------------------------------------------------------- */

static void check_damage(const char *name)
{
  size_t len, i;
  uint8_t *der = load(name, &len), *copy;
  int bad_trunc = 0, bad_flip = 0, parsed = 0;
  if (!der)
    return;
  copy = malloc(len);
  /* Every strict prefix fails, with an offset and nothing allocated. */
  for (i = 0; i < len; i++) {
    cr_x509 c;
    int rc;
    memcpy(copy, der, i);
    rc = cr_x509_parse(&c, copy, i, name);
    if (!is_offset_error(rc, name) || !cert_is_empty(&c)) {
      if (!bad_trunc++)
        fprintf(stderr, "  %s truncated to %zu: rc %d, \"%s\"\n", name, i,
                rc, cr_error_last());
      if (rc == CR_OK)
        cr_x509_dispose(&c);
    }
  }
  CHECK(bad_trunc == 0);
  /* One more byte after the certificate. */
  {
    uint8_t *longer = malloc(len + 1);
    cr_x509 c;
    memcpy(longer, der, len);
    longer[len] = 0;
    CHECK(is_offset_error(cr_x509_parse(&c, longer, len + 1, name), name));
    CHECK_CONTAINS(cr_error_last(), "unexpected bytes at the end of the input");
    free(longer);
  }
  /* Every single-bit flip: a clean parse or an offset error. */
  for (i = 0; i < len * 8; i++) {
    cr_x509 c;
    int rc;
    memcpy(copy, der, len);
    copy[i / 8] ^= (uint8_t)(1u << (i % 8));
    rc = cr_x509_parse(&c, copy, len, name);
    if (rc == CR_OK) {
      parsed++;
      CHECK(c.subject && c.issuer && c.serial_hex && c.sig_oid);
      cr_x509_dispose(&c);
    } else if (!is_offset_error(rc, name) || !cert_is_empty(&c)) {
      if (!bad_flip++)
        fprintf(stderr, "  %s bit %zu flipped: rc %d, \"%s\"\n", name, i, rc,
                cr_error_last());
    }
  }
  CHECK(bad_flip == 0);
  CHECK(parsed > 0); /* most flips inside values still parse */
  free(copy);
  free(der);
}

/* ---------------------------------------------------------------- */
/* Certificates built here.                                         */
/* ---------------------------------------------------------------- */

/* A DER builder: open_() an element, fill it, close_() it; lengths are
 * written in their shortest form when the element closes. */
typedef struct bld {
  cr_buf b;
  size_t stack[32];
  int depth;
} bld;

static void open_(bld *x, uint8_t id)
{
  cr_buf_putc(&x->b, (char)id);
  x->stack[x->depth++] = x->b.len;
}

static void close_(bld *x)
{
  size_t start = x->stack[--x->depth], n = x->b.len - start, h = 0, v = n;
  uint8_t hdr[5];
  if (n < 0x80) {
    hdr[h++] = (uint8_t)n;
  } else {
    uint8_t tmp[4];
    int k = 0;
    while (v) {
      tmp[k++] = (uint8_t)v;
      v >>= 8;
    }
    hdr[h++] = (uint8_t)(0x80 | k);
    while (k)
      hdr[h++] = tmp[--k];
  }
  cr_buf_grow(&x->b, h);
  memmove(x->b.ptr + start + h, x->b.ptr + start, n);
  memcpy(x->b.ptr + start, hdr, h);
  x->b.len += h;
  x->b.ptr[x->b.len] = '\0';
}

static void raw(bld *x, const void *p, size_t n) { cr_buf_put(&x->b, p, n); }

/* Bytes from hex ("2A 86 48", spaces ignored). */
static void hexb(bld *x, const char *hex)
{
  while (*hex) {
    unsigned v;
    if (*hex == ' ') {
      hex++;
      continue;
    }
    sscanf(hex, "%2x", &v);
    cr_buf_putc(&x->b, (char)v);
    hex += 2;
  }
}

static void prim(bld *x, uint8_t id, const void *p, size_t n)
{
  open_(x, id);
  raw(x, p, n);
  close_(x);
}

static void prim_hex(bld *x, uint8_t id, const char *hex)
{
  open_(x, id);
  hexb(x, hex);
  close_(x);
}

/* Common OIDs as DER contents (hex). */
#define OID_CN "55 04 03"
#define OID_O "55 04 0A"
#define OID_SHA256RSA "2A 86 48 86 F7 0D 01 01 0B"
#define OID_RSA "2A 86 48 86 F7 0D 01 01 01"
#define OID_PSS "2A 86 48 86 F7 0D 01 01 0A"
#define OID_EC "2A 86 48 CE 3D 02 01"
#define OID_P256 "2A 86 48 CE 3D 03 01 07"
#define OID_SECP256K1 "2B 81 04 00 0A"
#define OID_ECDSA256 "2A 86 48 CE 3D 04 03 02"
#define OID_ED25519 "2B 65 70"
#define OID_EKU "55 1D 25"
#define OID_BC "55 1D 13"
#define OID_SKI "55 1D 0E"
#define OID_AKI "55 1D 23"
#define OID_SERVER "2B 06 01 05 05 07 03 01"

/* The parts of a certificate; NULL parts take a default. Each part is the
 * whole DER element, in hex. */
typedef struct spec {
  const char *version;   /* the [0] element; "" none (v1) */
  const char *serial;    /* INTEGER */
  const char *sig_alg;   /* AlgorithmIdentifier, both places */
  const char *outer_alg; /* signatureAlgorithm when it must differ */
  const char *issuer;
  const char *validity;
  const char *subject;
  const char *spki;
  const char *unique_ids; /* [1]/[2] elements */
  const char *exts;       /* the [3] element */
  const char *tbs_tail;   /* bytes after the last field of the TBS */
} spec;

static const char *D_VERSION = "A0 03 02 01 02";
static const char *D_SERIAL = "02 01 01";
static const char *D_SIG = "30 0D 06 09 " OID_SHA256RSA " 05 00";
static const char *D_NAME = "30 0F 31 0D 30 0B 06 03 " OID_CN " 0C 04 74 65 73 74";
/* 2025-01-01 00:00:00Z to 2035-01-01 00:00:00Z. */
static const char *D_VALIDITY =
    "30 1E 17 0D 32 35 30 31 30 31 30 30 30 30 30 30 5A"
    " 17 0D 33 35 30 31 30 31 30 30 30 30 30 30 5A";
/* rsaEncryption, a 72-bit modulus 00 C1 ... and exponent 3. */
static const char *D_SPKI =
    "30 23 30 0D 06 09 " OID_RSA " 05 00 03 12 00 30 0F 02 0A 00 C1 02 03 04"
    " 05 06 07 08 09 02 01 03";

static uint8_t *make_cert(const spec *s, size_t *len)
{
  bld x;
  memset(&x, 0, sizeof x);
  open_(&x, 0x30);
  open_(&x, 0x30);
  hexb(&x, s->version ? s->version : D_VERSION);
  hexb(&x, s->serial ? s->serial : D_SERIAL);
  hexb(&x, s->sig_alg ? s->sig_alg : D_SIG);
  hexb(&x, s->issuer ? s->issuer : D_NAME);
  hexb(&x, s->validity ? s->validity : D_VALIDITY);
  hexb(&x, s->subject ? s->subject : D_NAME);
  hexb(&x, s->spki ? s->spki : D_SPKI);
  if (s->unique_ids)
    hexb(&x, s->unique_ids);
  if (s->exts)
    hexb(&x, s->exts);
  if (s->tbs_tail)
    hexb(&x, s->tbs_tail);
  close_(&x);
  hexb(&x, s->outer_alg ? s->outer_alg : s->sig_alg ? s->sig_alg : D_SIG);
  hexb(&x, "03 03 00 AB CD");
  close_(&x);
  *len = x.b.len;
  return (uint8_t *)cr_buf_detach(&x.b, NULL);
}

/* Hex of a Name with one RDN holding one attribute (type OID hex, value
 * element built from id and bytes). */
static char *name1(const char *oid_hex, uint8_t id, const void *v, size_t n)
{
  bld x;
  char *hex;
  memset(&x, 0, sizeof x);
  open_(&x, 0x30);
  open_(&x, 0x31);
  open_(&x, 0x30);
  prim_hex(&x, 0x06, oid_hex);
  prim(&x, id, v, n);
  close_(&x);
  close_(&x);
  close_(&x);
  hex = malloc(x.b.len * 2 + 1);
  hex_of(hex, (const uint8_t *)x.b.ptr, x.b.len);
  cr_buf_dispose(&x.b);
  return hex;
}

/* Hex of the [3] extensions element holding one extension. */
static char *ext1(const char *oid_hex, int critical, const char *value_hex)
{
  bld x;
  char *hex;
  memset(&x, 0, sizeof x);
  open_(&x, 0xA3);
  open_(&x, 0x30);
  open_(&x, 0x30);
  prim_hex(&x, 0x06, oid_hex);
  if (critical)
    hexb(&x, "01 01 FF");
  prim_hex(&x, 0x04, value_hex);
  close_(&x);
  close_(&x);
  close_(&x);
  hex = malloc(x.b.len * 2 + 1);
  hex_of(hex, (const uint8_t *)x.b.ptr, x.b.len);
  cr_buf_dispose(&x.b);
  return hex;
}

static int parse_spec(cr_x509 *c, const spec *s)
{
  size_t len;
  uint8_t *der = make_cert(s, &len);
  int rc = cr_x509_parse(c, der, len, "built");
  if (rc == CR_OK) {
    /* der is freed below: keep nothing pointing into it. */
    c->der = NULL;
    c->der_len = 0;
  } else {
    CHECK(is_offset_error(rc, "built"));
    CHECK(cert_is_empty(c));
  }
  free(der);
  return rc;
}

/* The built certificate must fail with `what` in the message. */
static void check_rejects(const spec *s, const char *what)
{
  cr_x509 c;
  int rc = parse_spec(&c, s);
  CHECK(rc == CR_EPARSE);
  CHECK_CONTAINS(cr_error_last(), what);
  if (!strstr(cr_error_last(), what))
    fprintf(stderr, "  want \"%s\"\n", what);
  if (rc == CR_OK)
    cr_x509_dispose(&c);
}

static void check_subject(const char *oid_hex, uint8_t id, const void *v,
                          size_t n, const char *want)
{
  char *name = name1(oid_hex, id, v, n);
  spec s = { 0 };
  cr_x509 c;
  s.subject = name;
  CHECK_OK(parse_spec(&c, &s));
  CHECK_STR(c.subject, want);
  if (!c.subject || strcmp(c.subject, want) != 0)
    fprintf(stderr, "  subject \"%s\", want \"%s\"\n",
            c.subject ? c.subject : "(null)", want);
  cr_x509_dispose(&c);
  free(name);
}

static void test_names(void)
{
  cr_x509 c;
  spec s = { 0 };

  check_subject(OID_CN, 0x13, "sql01", 5, "CN=sql01");             /* Printable */
  check_subject(OID_CN, 0x0C, "caf\xC3\xA9", 5, "CN=caf\xC3\xA9"); /* UTF8 */
  check_subject(OID_CN, 0x16, "a@b", 3, "CN=a@b");                 /* IA5 */
  check_subject(OID_CN, 0x14, "caf\xE9", 4, "CN=caf\xC3\xA9");     /* T61 */
  check_subject(OID_CN, 0x1E, "\x00h\x00i\x20\xAC", 6,
                "CN=hi\xE2\x82\xAC");                               /* BMP */
  check_subject(OID_CN, 0x1E, "\xD8\x3D\xDE\x00", 4,
                "CN=\xF0\x9F\x98\x80");      /* BMP surrogate pair: U+1F600 */
  check_subject(OID_CN, 0x1C, "\x00\x01\xF6\x00", 4,
                "CN=\xF0\x9F\x98\x80");                      /* Universal */
  check_subject(OID_CN, 0x1A, "v", 1, "CN=v");                     /* Visible */
  /* Contents that do not fit the type: the #hex form of the element. */
  check_subject(OID_CN, 0x1E, "\xD8\x3D", 2, "CN=#1E02D83D");
  check_subject(OID_CN, 0x1E, "\x00", 1, "CN=#1E0100");
  check_subject(OID_CN, 0x0C, "\xC0\x80", 2, "CN=#0C02C080");
  check_subject(OID_CN, 0x0C, "\xED\xA0\x80", 3, "CN=#0C03EDA080");
  check_subject(OID_CN, 0x13, "\x80", 1, "CN=#130180");
  check_subject(OID_CN, 0x02, "\x05", 1, "CN=#020105");
  /* Unknown attribute types: dotted OID and the element in hex. */
  check_subject("2A 03 04", 0x0C, "x", 1, "1.2.3.4=#0C0178");
  check_subject("55 04 05", 0x13, "42", 2, "2.5.4.5=#13023432");
  check_subject("2A 86 48 86 F7 0D 01 09 01", 0x16, "a@b", 3, "E=a@b");
  check_subject("09 92 26 89 93 F2 2C 64 01 19", 0x16, "corp", 4, "DC=corp");
  check_subject("09 92 26 89 93 F2 2C 64 01 01", 0x0C, "u1", 2, "UID=u1");
  check_subject("55 04 09", 0x0C, "Main", 4, "STREET=Main");
  /* RFC 4514 2.4 escaping. */
  check_subject(OID_CN, 0x0C, "a,b+c\"d\\e<f>g;h", 15,
                "CN=a\\,b\\+c\\\"d\\\\e\\<f\\>g\\;h");
  check_subject(OID_CN, 0x0C, "#x", 2, "CN=\\#x");
  check_subject(OID_CN, 0x0C, "x#", 2, "CN=x#");
  check_subject(OID_CN, 0x0C, " x ", 3, "CN=\\ x\\ ");
  check_subject(OID_CN, 0x0C, " ", 1, "CN=\\ ");
  check_subject(OID_CN, 0x0C, "a=b", 3, "CN=a=b");
  check_subject(OID_CN, 0x0C, "a\x01" "b\x7F", 4, "CN=a\\01b\\7F");
  check_subject(OID_CN, 0x0C, "a\0b", 3, "CN=a\\00b");
  check_subject(OID_CN, 0x0C, "", 0, "CN=");

  /* The order: last RDN first; a multi-valued RDN joined with '+'. */
  s.subject = "30 2A 31 0B 30 09 06 03 " OID_O " 0C 02 4F 31"
              " 31 1B 30 0B 06 03 " OID_CN " 0C 04 6E 61 6D 65"
              " 30 0C 06 03 55 04 0B 0C 05 75 6E 69 74 73";
  CHECK_OK(parse_spec(&c, &s));
  CHECK_STR(c.subject, "OU=units+CN=name,O=O1");
  cr_x509_dispose(&c);
  /* An empty Name (allowed when the subject is in subjectAltName). */
  s.subject = "30 00";
  CHECK_OK(parse_spec(&c, &s));
  CHECK_STR(c.subject, "");
  CHECK(!c.self_signed);
  cr_x509_dispose(&c);

  s.subject = "30 02 31 00";
  check_rejects(&s, "empty RelativeDistinguishedName");
  s.subject = "30 04 30 02 05 00";
  check_rejects(&s, "RelativeDistinguishedName: expected SET");
  s.subject = "30 11 31 0F 30 0D 06 03 " OID_CN " 0C 04 74 65 73 74 05 00";
  check_rejects(&s, "at the end of AttributeTypeAndValue");
  s.subject = "30 07 31 05 30 03 06 01 2A";
  check_rejects(&s, "unexpected end of data");
  s.subject = "30 0A 31 08 30 06 0C 04 74 65 73 74";
  check_rejects(&s, "attribute type: expected OBJECT IDENTIFIER");
}

static void test_times(void)
{
  static const struct {
    const char *validity;
    int64_t nb, na;
  } ok[] = {
    /* UTCTime 49 is 2049, 50 is 1950 (RFC 5280 4.1.2.5.1). */
    { "30 1E 17 0D 34 39 31 32 33 31 32 33 35 39 35 39 5A"
      " 17 0D 35 30 30 31 30 31 30 30 30 30 30 30 5A",
      2524607999, -631152000 },
    /* GeneralizedTime: 99991231235959Z, and 2000-02-29 (a leap day). */
    { "30 22 18 0F 32 30 30 30 30 32 32 39 31 32 33 34 35 36 5A"
      " 18 0F 39 39 39 39 31 32 33 31 32 33 35 39 35 39 5A",
      951827696, 253402300799 },
    /* 1970-01-01 00:00:00Z is 0; 1969-12-31 23:59:59Z is -1. */
    { "30 22 18 0F 31 39 37 30 30 31 30 31 30 30 30 30 30 30 5A"
      " 18 0F 31 39 36 39 31 32 33 31 32 33 35 39 35 39 5A",
      0, -1 },
  };
  static const struct {
    const char *validity, *why;
  } bad[] = {
    { "30 22 18 0F 31 39 30 30 30 32 32 39 30 30 30 30 30 30 5A"
      " 18 0F 31 39 37 30 30 31 30 31 30 30 30 30 30 30 5A",
      "notBefore: no such date" }, /* 1900 is not a leap year */
    { "30 1E 17 0D 32 35 31 33 30 31 30 30 30 30 30 30 5A"
      " 17 0D 33 35 30 31 30 31 30 30 30 30 30 30 5A",
      "notBefore: no such date" },
    { "30 1E 17 0D 32 35 30 31 30 31 32 34 30 30 30 30 5A"
      " 17 0D 33 35 30 31 30 31 30 30 30 30 30 30 5A",
      "notBefore: no such date" },
    { "30 1C 17 0B 32 35 30 31 30 31 30 30 30 30 5A"
      " 17 0D 33 35 30 31 30 31 30 30 30 30 30 30 5A",
      "notBefore: UTCTime is not YYMMDDHHMMSSZ" },
    { "30 20 17 0D 32 35 30 31 30 31 30 30 30 30 30 30 5A"
      " 18 0F 32 30 33 35 30 31 30 31 30 30 30 30 30 30 2B",
      "notAfter: GeneralizedTime is not YYYYMMDDHHMMSSZ" },
    { "30 24 17 0D 32 35 30 31 30 31 30 30 30 30 30 30 5A"
      " 18 13 32 30 33 35 30 31 30 31 30 30 30 30 30 30 2E 35 5A",
      "notAfter: GeneralizedTime is not" },
    { "30 1E 17 0D 32 35 30 31 30 31 30 30 30 30 3A 30 5A"
      " 17 0D 33 35 30 31 30 31 30 30 30 30 30 30 5A",
      "notBefore: non-digit" },
    { "30 0F 17 0D 32 35 30 31 30 31 30 30 30 30 30 30 5A", "missing notAfter" },
    { "30 1E 17 0D 32 35 30 31 30 31 30 30 30 30 30 30 5A"
      " 04 0D 33 35 30 31 30 31 30 30 30 30 30 30 5A",
      "notAfter: expected GeneralizedTime" },
  };
  size_t i;
  for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    spec s = { 0 };
    cr_x509 c;
    s.validity = ok[i].validity;
    CHECK_OK(parse_spec(&c, &s));
    CHECK(c.not_before == ok[i].nb && c.not_after == ok[i].na);
    cr_x509_dispose(&c);
  }
  for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    spec s = { 0 };
    s.validity = bad[i].validity;
    check_rejects(&s, bad[i].why);
  }
}

static void test_algorithms(void)
{
  spec s = { 0 };
  cr_x509 c;

  /* PSS with every field at its default: SHA-1, MGF1 SHA-1, salt 20. */
  s.sig_alg = "30 0D 06 09 " OID_PSS " 30 00";
  CHECK_OK(parse_spec(&c, &s));
  CHECK(c.sig_scheme == CR_SIG_RSA_PSS);
  CHECK_STR(c.sig_hash, "SHA1");
  CHECK_STR(c.pss_mgf1_hash, "SHA1");
  CHECK(c.pss_salt_len == 20);
  cr_x509_dispose(&c);
  /* PSS SHA-512, MGF1 SHA-256, salt 64, trailer 1 (hash params absent). */
  s.sig_alg = "30 42 06 09 " OID_PSS " 30 35"
              " A0 0D 30 0B 06 09 60 86 48 01 65 03 04 02 03"
              " A1 1A 30 18 06 09 2A 86 48 86 F7 0D 01 01 08"
              " 30 0B 06 09 60 86 48 01 65 03 04 02 01"
              " A2 03 02 01 40 A3 03 02 01 01";
  CHECK_OK(parse_spec(&c, &s));
  CHECK_STR(c.sig_hash, "SHA512");
  CHECK_STR(c.pss_mgf1_hash, "SHA256");
  CHECK(c.pss_salt_len == 64);
  cr_x509_dispose(&c);
  s.sig_alg = "30 0B 06 09 " OID_PSS;
  check_rejects(&s, "RSASSA-PSS without parameters");
  s.sig_alg = "30 12 06 09 " OID_PSS " 30 05 A3 03 02 01 02";
  check_rejects(&s, "trailerField 2 is not 1");
  s.sig_alg = "30 12 06 09 " OID_PSS " 30 05 A2 03 02 01 80";
  check_rejects(&s, "saltLength: negative INTEGER");
  s.sig_alg = "30 17 06 09 " OID_PSS " 30 0A A2 03 02 01 14 A0 03 02 01 01";
  check_rejects(&s, "unexpected bytes at the end of RSASSA-PSS parameters");
  /* ECDSA with parameters absent, and a NULL tolerated. */
  s.sig_alg = "30 0A 06 08 " OID_ECDSA256;
  CHECK_OK(parse_spec(&c, &s));
  CHECK(c.sig_scheme == CR_SIG_ECDSA);
  CHECK_STR(c.sig_hash, "SHA256");
  cr_x509_dispose(&c);
  s.sig_alg = "30 0C 06 08 " OID_ECDSA256 " 05 00";
  CHECK_OK(parse_spec(&c, &s));
  cr_x509_dispose(&c);
  s.sig_alg = "30 0D 06 08 " OID_ECDSA256 " 02 01 00";
  check_rejects(&s, "parameters must be NULL");
  /* Ed25519 takes none at all. */
  s.sig_alg = "30 05 06 03 " OID_ED25519;
  CHECK_OK(parse_spec(&c, &s));
  CHECK(c.sig_scheme == CR_SIG_ED25519 && c.sig_hash == NULL);
  cr_x509_dispose(&c);
  s.sig_alg = "30 07 06 03 " OID_ED25519 " 05 00";
  check_rejects(&s, "takes no parameters");
  /* PKCS#1 with the parameters absent; md2; an unknown algorithm. */
  s.sig_alg = "30 0B 06 09 " OID_SHA256RSA;
  CHECK_OK(parse_spec(&c, &s));
  CHECK_STR(c.sig_hash, "SHA256");
  cr_x509_dispose(&c);
  s.sig_alg = "30 0D 06 09 2A 86 48 86 F7 0D 01 01 02 05 00";
  CHECK_OK(parse_spec(&c, &s));
  CHECK_STR(c.sig_hash, "MD2");
  cr_x509_dispose(&c);
  s.sig_alg = "30 06 06 04 2A 03 04 05";
  CHECK_OK(parse_spec(&c, &s));
  CHECK(c.sig_scheme == CR_SIG_UNKNOWN && c.sig_hash == NULL);
  CHECK_STR(c.sig_oid, "1.2.3.4.5");
  cr_x509_dispose(&c);
  /* The two copies of the algorithm must agree (RFC 5280 4.1.1.2). */
  s.sig_alg = NULL;
  s.outer_alg = "30 0D 06 09 2A 86 48 86 F7 0D 01 01 0C 05 00";
  check_rejects(&s, "signatureAlgorithm differs from tbsCertificate.signature");
  s.outer_alg = NULL;

  /* OIDs: big arcs, 2.x first arcs, bad encodings. */
  s.sig_alg = "30 0C 06 0A 88 37 81 80 80 80 80 80 80 01";
  CHECK_OK(parse_spec(&c, &s));
  CHECK_STR(c.sig_oid, "2.999.562949953421313"); /* 2^49 + 1 */
  cr_x509_dispose(&c);
  s.sig_alg = "30 06 06 04 2A 80 01 02";
  check_rejects(&s, "leading zero");
  s.sig_alg = "30 05 06 03 2A 03 84";
  check_rejects(&s, "truncated OBJECT IDENTIFIER");
  s.sig_alg = "30 02 06 00";
  check_rejects(&s, "empty OBJECT IDENTIFIER");
  s.sig_alg = "30 0E 06 0C 2A FF FF FF FF FF FF FF FF FF FF 7F";
  check_rejects(&s, "component too large");
}

static void test_keys(void)
{
  spec s = { 0 };
  cr_x509 c;

  /* The default key: a 72-bit modulus with its leading 00. */
  CHECK_OK(parse_spec(&c, &s));
  CHECK(c.key_type == CR_KEYTYPE_RSA && c.key_bits == 72);
  CHECK(c.version == 3 && !c.has_eku && !c.has_basic_constraints);
  CHECK(c.self_signed);
  CHECK_STR(c.serial_hex, "01");
  cr_x509_dispose(&c);
  /* Leading zero octets do not count; a modulus of 0x01 is 1 bit. */
  s.spki = "30 1D 30 0D 06 09 " OID_RSA " 05 00 03 0C 00 30 09 02 04 00 00 00 01"
           " 02 01 03";
  CHECK_OK(parse_spec(&c, &s));
  CHECK(c.key_bits == 1);
  cr_x509_dispose(&c);
  s.spki = "30 1A 30 0D 06 09 " OID_RSA " 05 00 03 09 00 30 06 02 01 80 02 01 03";
  check_rejects(&s, "RSA modulus is not a positive INTEGER");
  s.spki = "30 1E 30 0D 06 09 " OID_RSA " 05 00 03 0D 00 30 06 02 01 01 02 01 03"
           " 05 00 05 00";
  check_rejects(&s, "at the end of the RSA subjectPublicKey");
  s.spki = "30 1A 30 0D 06 09 " OID_RSA " 05 00 03 09 01 30 06 02 01 01 02 01 03";
  check_rejects(&s, "BIT STRING with 1 unused bits");
  s.spki = "30 1A 30 0E 06 09 " OID_RSA " 02 01 00 03 08 00 30 05 02 01 01 02 00";
  check_rejects(&s, "rsaEncryption parameters must be NULL");
  /* EC: P-256 uncompressed and compressed, an unknown named curve, a
   * point that does not fit the curve. */
  {
    bld x;
    char *hex;
    int k;
    static const struct {
      const char *curve;
      int first, n;
      const char *want;
      unsigned bits;
    } ec[] = {
      { OID_P256, 0x04, 65, "P-256", 256 },
      { OID_P256, 0x02, 33, "P-256", 256 },
      { OID_SECP256K1, 0x04, 65, "1.3.132.0.10", 256 },
      { OID_P256, 0x04, 97, NULL, 0 },
      { OID_P256, 0x05, 65, NULL, 0 },
    };
    for (k = 0; k < 5; k++) {
      uint8_t point[97];
      memset(point, 0x11, sizeof point);
      point[0] = (uint8_t)ec[k].first;
      memset(&x, 0, sizeof x);
      open_(&x, 0x30);
      open_(&x, 0x30);
      prim_hex(&x, 0x06, OID_EC);
      prim_hex(&x, 0x06, ec[k].curve);
      close_(&x);
      open_(&x, 0x03);
      hexb(&x, "00");
      raw(&x, point, (size_t)ec[k].n);
      close_(&x);
      close_(&x);
      hex = malloc(x.b.len * 2 + 1);
      hex_of(hex, (const uint8_t *)x.b.ptr, x.b.len);
      cr_buf_dispose(&x.b);
      s.spki = hex;
      if (ec[k].want) {
        CHECK_OK(parse_spec(&c, &s));
        CHECK(c.key_type == CR_KEYTYPE_EC && c.key_bits == ec[k].bits);
        CHECK_STR(c.ec_curve, ec[k].want);
        cr_x509_dispose(&c);
      } else {
        check_rejects(&s, k == 3 ? "EC point of 48-byte coordinates on P-256"
                                 : "EC public key is not a SEC 1 point");
      }
      free(hex);
    }
  }
  s.spki = "30 0C 30 07 06 03 " OID_ED25519 " 05 00 03 01 00";
  check_rejects(&s, "Ed25519 key takes no parameters");
  s.spki = "30 0B 30 05 06 03 " OID_ED25519 " 03 02 00 01";
  check_rejects(&s, "Ed25519 public key of 1 bytes, not 32");
  /* DSA without parameters (inherited): bits unknown. */
  s.spki = "30 11 30 09 06 07 2A 86 48 CE 38 04 01 03 04 00 02 01 05";
  CHECK_OK(parse_spec(&c, &s));
  CHECK(c.key_type == CR_KEYTYPE_DSA && c.key_bits == 0);
  cr_x509_dispose(&c);
  /* An algorithm we do not know. */
  s.spki = "30 0B 30 05 06 03 2A 03 04 03 02 00 01";
  CHECK_OK(parse_spec(&c, &s));
  CHECK(c.key_type == CR_KEYTYPE_UNKNOWN && c.key_bits == 0);
  cr_x509_dispose(&c);
}

static void test_extensions(void)
{
  spec s = { 0 };
  cr_x509 c;
  char *e;

  /* EKU serverAuth + clientAuth, critical. */
  e = ext1(OID_EKU, 1, "30 14 06 08 " OID_SERVER " 06 08 2B 06 01 05 05 07 03 02");
  s.exts = e;
  CHECK_OK(parse_spec(&c, &s));
  CHECK(c.has_eku && c.neku == 2);
  CHECK(c.neku == 2 && !strcmp(c.eku[0], CR_OID_SERVER_AUTH) &&
        !strcmp(c.eku[1], "1.3.6.1.5.5.7.3.2"));
  CHECK(cr_x509_allows(&c, CR_OID_SERVER_AUTH));
  CHECK(!cr_x509_allows(&c, "1.3.6.1.5.5.7.3.3"));
  cr_x509_dispose(&c);
  free(e);
  e = ext1(OID_EKU, 0, "30 00");
  s.exts = e;
  check_rejects(&s, "empty extendedKeyUsage");
  free(e);
  e = ext1(OID_EKU, 0, "30 0A 06 08 " OID_SERVER " 05 00");
  s.exts = e;
  check_rejects(&s, "at the end of extendedKeyUsage");
  free(e);
  e = ext1(OID_EKU, 0, "30 0A 06 08 " OID_SERVER " 30 00");
  s.exts = e;
  check_rejects(&s, "2 unexpected bytes at the end of extendedKeyUsage");
  free(e);
  e = ext1(OID_EKU, 0, "30 02 05 00");
  s.exts = e;
  check_rejects(&s, "KeyPurposeId: expected OBJECT IDENTIFIER, found NULL");
  free(e);
  s.exts = "A3 0F 30 0D 30 0B 06 03 " OID_BC " 04 02 30 00 05 00";
  check_rejects(&s, "2 unexpected bytes at the end of Extension");
  /* Two EKU extensions. */
  s.exts = "A3 2C 30 2A 30 13 06 03 " OID_EKU " 04 0C 30 0A 06 08 " OID_SERVER
           " 30 13 06 03 " OID_EKU " 04 0C 30 0A 06 08 " OID_SERVER;
  check_rejects(&s, "second extendedKeyUsage extension");
  /* basicConstraints: CA with pathlen 3; empty (cA FALSE); bad BOOLEAN. */
  e = ext1(OID_BC, 1, "30 06 01 01 FF 02 01 03");
  s.exts = e;
  CHECK_OK(parse_spec(&c, &s));
  CHECK(c.has_basic_constraints && c.is_ca && c.path_len == 3);
  cr_x509_dispose(&c);
  free(e);
  e = ext1(OID_BC, 0, "30 00");
  s.exts = e;
  CHECK_OK(parse_spec(&c, &s));
  CHECK(c.has_basic_constraints && !c.is_ca && c.path_len == -1);
  cr_x509_dispose(&c);
  free(e);
  e = ext1(OID_BC, 0, "30 03 01 01 01");
  s.exts = e;
  check_rejects(&s, "BOOLEAN 0x01 is neither 0x00 nor 0xFF");
  free(e);
  e = ext1(OID_BC, 0, "30 03 02 01 FF");
  s.exts = e;
  check_rejects(&s, "pathLenConstraint: negative INTEGER");
  free(e);
  /* SKI and AKI: equal on a self-issued certificate -> self-signed. */
  s.exts = "A3 2C 30 2A 30 0F 06 03 " OID_SKI " 04 08 04 06 01 02 03 04 05 06"
           " 30 17 06 03 " OID_AKI " 04 10 30 0E 80 06 01 02 03 04 05 06 82 04"
           " 00 00 00 01";
  CHECK_OK(parse_spec(&c, &s));
  CHECK_STR(c.subject_key_id, "010203040506");
  CHECK_STR(c.authority_key_id, "010203040506");
  CHECK(c.self_signed);
  cr_x509_dispose(&c);
  /* Different identifiers: same name, but not self-signed. */
  s.exts = "A3 2C 30 2A 30 0F 06 03 " OID_SKI " 04 08 04 06 01 02 03 04 05 06"
           " 30 17 06 03 " OID_AKI " 04 10 30 0E 80 06 01 02 03 04 05 07 82 04"
           " 00 00 00 01";
  CHECK_OK(parse_spec(&c, &s));
  CHECK(!c.self_signed);
  cr_x509_dispose(&c);
  /* AKI without a keyIdentifier; issuer different from subject. */
  s.exts = "A3 13 30 11 30 0F 06 03 " OID_AKI " 04 08 30 06 82 04 00 00 00 01";
  s.issuer = "30 11 31 0F 30 0D 06 03 " OID_CN " 0C 06 69 73 73 75 65 72";
  CHECK_OK(parse_spec(&c, &s));
  CHECK(c.authority_key_id == NULL && !c.self_signed);
  CHECK_STR(c.issuer, "CN=issuer");
  cr_x509_dispose(&c);
  s.issuer = NULL;
  /* Unknown extensions are skipped, critical or not. */
  e = ext1("2A 03 04", 1, "05 00");
  s.exts = e;
  CHECK_OK(parse_spec(&c, &s));
  CHECK(!c.has_eku);
  cr_x509_dispose(&c);
  free(e);
  /* Extensions only in version 3; unique IDs only from version 2. */
  s.version = "A0 03 02 01 01";
  e = ext1(OID_BC, 0, "30 00");
  s.exts = e;
  check_rejects(&s, "extensions in a version 2 certificate");
  free(e);
  s.exts = NULL;
  s.unique_ids = "81 02 00 AA 82 02 00 BB";
  CHECK_OK(parse_spec(&c, &s));
  CHECK(c.version == 2);
  cr_x509_dispose(&c);
  s.version = "";
  check_rejects(&s, "issuerUniqueID in a version 1 certificate");
  s.unique_ids = NULL;
  CHECK_OK(parse_spec(&c, &s));
  CHECK(c.version == 1);
  cr_x509_dispose(&c);
  s.version = "A0 03 02 01 03";
  check_rejects(&s, "unknown certificate version 4");
  s.version = NULL;
  s.tbs_tail = "05 00";
  check_rejects(&s, "unexpected bytes at the end of tbsCertificate");
  s.tbs_tail = NULL;
  s.serial = "02 00";
  check_rejects(&s, "serialNumber: empty INTEGER");
  s.serial = "02 09 00 80 00 00 00 00 00 00 01";
  CHECK_OK(parse_spec(&c, &s));
  CHECK_STR(c.serial_hex, "008000000000000001");
  cr_x509_dispose(&c);
}

/* DER framing on raw inputs. */
static void test_framing(void)
{
  static const struct {
    const char *hex, *why;
  } cases[] = {
    { "", "offset 0: missing Certificate" },
    { "31 00", "offset 0: Certificate: expected SEQUENCE, found SET" },
    { "30", "offset 1: missing length" },
    { "30 80 00 00", "offset 1: indefinite length (not DER)" },
    { "30 81 03 02 01 00", "offset 1: length 3 in the long form (not DER)" },
    { "30 82 00 03 02 01 00", "offset 1: length with a leading zero octet" },
    { "30 85 00 00 00 00 03", "offset 1: length of 5 octets is too long" },
    { "30 FF", "offset 1: reserved length octet 0xFF" },
    { "30 83 01 00", "offset 1: truncated length" },
    { "30 05 02 01", "offset 0: length 5 runs past the end of its container" },
    { "30 03 02 01 00 00", "offset 5: 1 unexpected bytes at the end of the input" },
    { "30 03 1F 80 01", "offset 3: tag number with a leading zero" },
    { "30 03 1F 1E 00", "offset 2: tag number 30 in the long form" },
    { "30 02 1F 81", "offset 2: truncated tag number" },
    { "30 07 1F 81 81 81 81 01 00", "offset 2: tag number too large" },
    { "30 04 30 02 02 05", "offset 4: length 5 runs past the end" },
    { "30 00", "offset 2: missing tbsCertificate" },
    { "30 02 30 00 ", "offset 4: missing signatureAlgorithm" },
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    bld x;
    cr_x509 c;
    int rc;
    memset(&x, 0, sizeof x);
    hexb(&x, cases[i].hex);
    rc = cr_x509_parse(&c, (const uint8_t *)(x.b.ptr ? x.b.ptr : ""), x.b.len,
                       "raw");
    CHECK(rc == CR_EPARSE);
    CHECK_CONTAINS(cr_error_last(), cases[i].why);
    if (!strstr(cr_error_last(), cases[i].why))
      fprintf(stderr, "  case %zu: \"%s\"\n", i, cr_error_last());
    CHECK(cert_is_empty(&c));
    cr_buf_dispose(&x.b);
  }
  /* Nesting: 30 SEQUENCEs in a [3] make 33 levels with the certificate,
   * tbsCertificate and [3] (a real certificate needs about 8). */
  {
    bld x;
    spec s = { 0 };
    char *hex;
    int k;
    memset(&x, 0, sizeof x);
    open_(&x, 0xA3); /* not read as extensions: the walk stops first */
    for (k = 0; k < 30; k++)
      open_(&x, 0x30);
    for (k = 0; k < 30; k++)
      close_(&x);
    close_(&x);
    hex = malloc(x.b.len * 2 + 1);
    hex_of(hex, (const uint8_t *)x.b.ptr, x.b.len);
    cr_buf_dispose(&x.b);
    s.exts = hex;
    check_rejects(&s, "nested deeper than 32 levels");
    free(hex);
  }
  CHECK(cr_x509_parse(NULL, NULL, 0, "x") == CR_EINVAL);
  {
    cr_x509 c;
    CHECK(cr_x509_parse(&c, NULL, 5, "x") == CR_EINVAL);
    CHECK(cr_x509_parse(&c, NULL, 0, NULL) == CR_EPARSE);
    CHECK_CONTAINS(cr_error_last(), "certificate: offset 0: missing Certificate");
  }
}

/* ---------------------------------------------------------------- */
/* The Blob.                                                        */
/* ---------------------------------------------------------------- */

static uint32_t rd32(const uint8_t *p)
{
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

static void wr32(uint8_t *p, uint32_t v)
{
  p[0] = (uint8_t)v;
  p[1] = (uint8_t)(v >> 8);
  p[2] = (uint8_t)(v >> 16);
  p[3] = (uint8_t)(v >> 24);
}

static void check_blob_rejects(const uint8_t *p, size_t n, const char *why)
{
  cr_cert_blob b;
  int rc = cr_cert_blob_parse(&b, p, n, "blob");
  CHECK(is_offset_error(rc, "blob"));
  CHECK_CONTAINS(cr_error_last(), why);
  if (!strstr(cr_error_last(), why))
    fprintf(stderr, "  want \"%s\": \"%s\"\n", why, cr_error_last());
  if (rc == CR_OK)
    cr_cert_blob_dispose(&b);
}

static void test_blob(void)
{
  size_t len, i, blen;
  uint8_t *der = load("rsa-sha256.der", &len), sha1[20], *blob, *copy;
  char *ekus[2] = { "1.3.6.1.5.5.7.3.2", "1.3.6.1.4.1.311.10.3.4" };
  cr_cert_blob in, out;
  cr_buf buf = CR_BUF_INIT;
  cr_x509 c;
  int bad_trunc = 0;

  if (!der)
    return;
  CHECK_OK(cr_sha1(sha1, der, len));
  memset(&in, 0, sizeof in);
  in.cert = der;
  in.cert_len = len;
  in.has_eku_override = true;
  in.eku_override = ekus;
  in.neku_override = 2;
  in.friendly_name = "SQL Server \xE2\x9C\x93 \xF0\x9F\x98\x80";
  in.has_key_prov_info = true;
  in.key_container = "te-SQL-1234";
  in.key_provider = "Microsoft Enhanced RSA and AES Cryptographic Provider";
  in.key_prov_type = 24;
  in.key_flags = 0x20;
  in.key_spec = 1;
  CHECK_OK(cr_cert_blob_build(&buf, &in));
  blob = (uint8_t *)buf.ptr;
  blen = buf.len;
  /* The layout: 2, 3, 9, 11, then 32 last; each header's middle word 1. */
  {
    static const uint32_t order[] = { 2, 3, 9, 11, 32 };
    size_t pos = 0, k = 0;
    while (pos + 12 <= blen && k < 5) {
      CHECK(rd32(blob + pos) == order[k]);
      CHECK(rd32(blob + pos + 4) == 1);
      if (order[k] == 3)
        CHECK(rd32(blob + pos + 8) == 20 && !memcmp(blob + pos + 12, sha1, 20));
      if (order[k] == 9) /* SEQUENCE { OID 1.3.6.1.5.5.7.3.2, OID ... } */
        CHECK(rd32(blob + pos + 8) == 2 + 10 + 12 &&
              !memcmp(blob + pos + 12, "\x30\x16\x06\x08\x2B\x06\x01\x05\x05"
                                       "\x07\x03\x02\x06\x0A\x2B\x06\x01\x04"
                                       "\x01\x82\x37\x0A\x03\x04", 24));
      if (order[k] == 2) { /* offsets: container at 28 */
        CHECK(rd32(blob + pos + 12) == 28);
        CHECK(rd32(blob + pos + 12 + 8) == 24);
        CHECK(rd32(blob + pos + 12 + 12) == 0x20);
        CHECK(rd32(blob + pos + 12 + 16) == 0);
        CHECK(rd32(blob + pos + 12 + 24) == 1);
      }
      pos += 12 + rd32(blob + pos + 8);
      k++;
    }
    CHECK(k == 5 && pos == blen);
  }
  CHECK_OK(cr_cert_blob_parse(&out, blob, blen, "built"));
  CHECK(out.cert_len == len && out.cert && !memcmp(out.cert, der, len));
  CHECK(out.sha1 && !memcmp(out.sha1, sha1, 20));
  CHECK(out.has_eku_override && out.neku_override == 2);
  CHECK(out.neku_override == 2 && !strcmp(out.eku_override[0], ekus[0]) &&
        !strcmp(out.eku_override[1], ekus[1]));
  CHECK_STR(out.friendly_name, in.friendly_name);
  CHECK(out.has_key_prov_info);
  CHECK_STR(out.key_container, in.key_container);
  CHECK_STR(out.key_provider, in.key_provider);
  CHECK(out.key_prov_type == 24 && out.key_flags == 0x20 && out.key_spec == 1);
  /* The purposes: serverAuth in the certificate, clientAuth and EFS in
   * the override: serverAuth is not allowed. */
  CHECK_OK(cr_x509_parse(&c, out.cert, out.cert_len, "blob cert"));
  CHECK(cr_x509_allows(&c, CR_OID_SERVER_AUTH));
  CHECK(!cr_cert_allows(&c, &out, CR_OID_SERVER_AUTH));
  CHECK(!cr_cert_allows(&c, &out, "1.3.6.1.5.5.7.3.2")); /* not in the EKU */
  /* A second build from the parse gives the same bytes. */
  {
    cr_buf again = CR_BUF_INIT;
    CHECK_OK(cr_cert_blob_build(&again, &out));
    CHECK(again.len == blen && !memcmp(again.ptr, blob, blen));
    cr_buf_dispose(&again);
  }
  cr_cert_blob_dispose(&out);
  CHECK(!out.cert && !out.friendly_name && !out.eku_override);

  /* Every truncation fails with an offset. */
  copy = malloc(blen);
  for (i = 0; i < blen; i++) {
    int rc;
    memcpy(copy, blob, i);
    rc = cr_cert_blob_parse(&out, copy, i, "blob");
    if (!is_offset_error(rc, "blob") || out.cert || out.friendly_name) {
      if (!bad_trunc++)
        fprintf(stderr, "  blob truncated to %zu: %d \"%s\"\n", i, rc,
                cr_error_last());
      if (rc == CR_OK)
        cr_cert_blob_dispose(&out);
    }
  }
  CHECK(bad_trunc == 0);
  /* Damaged headers and properties. */
  memcpy(copy, blob, blen);
  wr32(copy + 4, 2);
  check_blob_rejects(copy, blen, "offset 4: property 2: encoding type 2, not 1");
  memcpy(copy, blob, blen);
  wr32(copy + 8, 0xFFFFFFF0u);
  check_blob_rejects(copy, blen, "offset 8: property 2: length 4294967280 runs "
                                 "past the end");
  memcpy(copy, blob, blen);
  wr32(copy, 0);
  check_blob_rejects(copy, blen, "offset 0: property id 0");
  memcpy(copy, blob, blen);
  wr32(copy + 12, 5000); /* container name offset */
  check_blob_rejects(copy, blen, "key provider info: container name offset "
                                 "5000 outside");
  memcpy(copy, blob, blen);
  wr32(copy + 12 + 16, 100); /* cProvParam without room */
  wr32(copy + 12 + 20, 28);
  check_blob_rejects(copy, blen, "100 parameters at offset 28 do not fit");
  free(copy);
  {
    /* Hand-made Blobs for the rest. */
    static const struct {
      uint32_t id;
      const char *data;
      size_t n;
      const char *why;
    } props[] = {
      { 3, "abc", 3, "SHA-1 hash property of 3 bytes, not 20" },
      { 11, "abc", 3, "friendly name of 3 bytes is not UTF-16" },
      { 9, "\x30\x03\x06\x01", 4, "length 3 runs past the end" },
      { 9, "\x31\x00", 2, "enhanced key usage: expected SEQUENCE" },
      { 9, "\x30\x00\x00", 3, "at the end of the enhanced key usage property" },
      { 2, "\x00\x00\x00\x00", 4, "key provider info of 4 bytes" },
      { 2, "\x1C\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
           "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x41\x00", 30,
        "container name is not NUL-terminated" },
      { 32, "", 0, "empty certificate property (32)" },
    };
    for (i = 0; i < sizeof props / sizeof props[0]; i++) {
      cr_buf b = CR_BUF_INIT;
      uint8_t h[12];
      wr32(h, props[i].id);
      wr32(h + 4, 1);
      wr32(h + 8, (uint32_t)props[i].n);
      cr_buf_put(&b, h, 12);
      cr_buf_put(&b, props[i].data, props[i].n);
      wr32(h, 32);
      wr32(h + 8, (uint32_t)len);
      cr_buf_put(&b, h, 12);
      cr_buf_put(&b, der, len);
      check_blob_rejects((const uint8_t *)b.ptr, b.len, props[i].why);
      cr_buf_dispose(&b);
    }
  }
  check_blob_rejects(blob, 0, "offset 0: no certificate property (32)");
  check_blob_rejects(blob, 5, "offset 0: truncated property header (5 of 12");
  {
    /* Two certificates; unknown properties skipped; the empty override
     * (no purpose at all); a minimal Blob. */
    cr_buf b = CR_BUF_INIT;
    uint8_t h[12];
    wr32(h, 32);
    wr32(h + 4, 1);
    wr32(h + 8, (uint32_t)len);
    cr_buf_put(&b, h, 12);
    cr_buf_put(&b, der, len);
    cr_buf_put(&b, h, 12);
    cr_buf_put(&b, der, len);
    check_blob_rejects((const uint8_t *)b.ptr, b.len,
                       "second certificate property (32)");
    cr_buf_dispose(&b);

    wr32(h, 92); /* an unknown property */
    wr32(h + 8, 4);
    cr_buf_put(&b, h, 12);
    cr_buf_put(&b, "\x01\x02\x03\x04", 4);
    wr32(h, 9);
    wr32(h + 8, 2);
    cr_buf_put(&b, h, 12);
    cr_buf_put(&b, "\x30\x00", 2);
    wr32(h, 32);
    wr32(h + 8, (uint32_t)len);
    cr_buf_put(&b, h, 12);
    cr_buf_put(&b, der, len);
    CHECK_OK(cr_cert_blob_parse(&out, (const uint8_t *)b.ptr, b.len, "b"));
    CHECK(out.has_eku_override && out.neku_override == 0);
    CHECK(!out.sha1 && !out.friendly_name && !out.has_key_prov_info);
    CHECK(!cr_cert_allows(&c, &out, CR_OID_SERVER_AUTH));
    CHECK(cr_cert_allows(&c, NULL, CR_OID_SERVER_AUTH));
    /* Built again: the SHA-1 is computed, the empty override kept. */
    {
      cr_buf again = CR_BUF_INIT;
      cr_cert_blob back;
      CHECK_OK(cr_cert_blob_build(&again, &out));
      CHECK_OK(cr_cert_blob_parse(&back, (const uint8_t *)again.ptr,
                                  again.len, "again"));
      CHECK(back.sha1 && !memcmp(back.sha1, sha1, 20));
      CHECK(back.has_eku_override && back.neku_override == 0);
      cr_cert_blob_dispose(&back);
      cr_buf_dispose(&again);
    }
    cr_cert_blob_dispose(&out);
    cr_buf_dispose(&b);
  }
  {
    /* Building needs a certificate and valid OIDs. */
    cr_cert_blob x;
    cr_buf b = CR_BUF_INIT;
    char *badoid[1] = { "1.2.x" };
    memset(&x, 0, sizeof x);
    CHECK(cr_cert_blob_build(&b, &x) == CR_EINVAL);
    x.cert = der;
    x.cert_len = len;
    x.has_eku_override = true;
    x.eku_override = badoid;
    x.neku_override = 1;
    CHECK(cr_cert_blob_build(&b, &x) == CR_EINVAL);
    badoid[0] = "3.1";
    CHECK(cr_cert_blob_build(&b, &x) == CR_EINVAL);
    badoid[0] = "1.40";
    CHECK(cr_cert_blob_build(&b, &x) == CR_EINVAL);
    badoid[0] = "1.02";
    CHECK(cr_cert_blob_build(&b, &x) == CR_EINVAL);
    cr_buf_dispose(&b);
  }
  cr_x509_dispose(&c);
  cr_buf_dispose(&buf);
  free(der);
}

/*
 * The Blob Wine's crypt32 wrote (CERT_STORE_PROV_REG, commit) for
 * rsa-sha256.der, exported by `wine reg export` (tests/wine/
 * test_cert_store.sh with CR_SAVE_EXPORT): the same DER, SHA-1, friendly
 * name, purposes and key provider info that the tool set.
 */
static void test_wine_export(void)
{
  char path[1024], key[256], hex[41];
  cr_snapshot *snap = NULL;
  const void *data = NULL;
  size_t n = 0, len;
  uint32_t type = 0;
  uint8_t *der = load("rsa-sha256.der", &len), sha1[20];
  cr_cert_blob b;
  cr_x509 c;

  if (!der)
    return;
  CHECK_OK(cr_sha1(sha1, der, len));
  hex_of(hex, sha1, 20);
  snprintf(path, sizeof path, "%s/wine-my-store.reg", dir);
  snprintf(key, sizeof key,
           "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SystemCertificates\\MY\\"
           "Certificates\\%s", hex);
  CHECK_OK(cr_snapshot_new(&snap));
  CHECK_OK(cr_snapshot_load_file(snap, path));
  CHECK_OK(cr_snapshot_get_value(&type, &data, &n, snap, key, "Blob"));
  CHECK(type == CR_REG_BINARY);
  if (data && cr_cert_blob_parse(&b, data, n, "wine Blob") == CR_OK) {
    char **ekus = b.eku_override;
    CHECK(b.cert_len == len && !memcmp(b.cert, der, len));
    CHECK(b.sha1 && !memcmp(b.sha1, sha1, 20));
    CHECK_STR(b.friendly_name, "ConnReset test \xE2\x9C\x93");
    CHECK(b.has_eku_override && b.neku_override == 2);
    CHECK(b.neku_override == 2 && !strcmp(ekus[0], "1.3.6.1.5.5.7.3.2") &&
          !strcmp(ekus[1], "1.3.6.1.4.1.311.10.3.4"));
    CHECK(b.has_key_prov_info);
    CHECK_STR(b.key_container, "ConnReset-test-container");
    CHECK_STR(b.key_provider, "Microsoft Enhanced RSA and AES Cryptographic "
                              "Provider");
    CHECK(b.key_prov_type == 24 && b.key_spec == 1 && b.key_flags == 0x20);
    CHECK_OK(cr_x509_parse(&c, b.cert, b.cert_len, "wine cert"));
    CHECK(cr_x509_allows(&c, CR_OID_SERVER_AUTH));
    CHECK(!cr_cert_allows(&c, &b, CR_OID_SERVER_AUTH));
    cr_x509_dispose(&c);
    cr_cert_blob_dispose(&b);
  } else {
    CHECK(!"the Blob in wine-my-store.reg parses");
  }
  cr_snapshot_free(snap);
  free(der);
}

static void test_sha1(void)
{
  /* FIPS 180-2 appendix A.1 and the empty message. */
  uint8_t d[20];
  char hex[41];
  CHECK_OK(cr_sha1(d, (const uint8_t *)"abc", 3));
  hex_of(hex, d, 20);
  CHECK_STR(hex, "A9993E364706816ABA3E25717850C26C9CD0D89D");
  CHECK_OK(cr_sha1(d, NULL, 0));
  hex_of(hex, d, 20);
  CHECK_STR(hex, "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709");
  CHECK(cr_sha1(d, NULL, 1) == CR_EINVAL);
}

int main(int argc, char **argv)
{
  int i;
  if (argc > 1)
    dir = argv[1];
  test_sha1();
  load_expected();
  check_fixture_set();
  for (i = 0; i < nfixtures; i++)
    check_fixture(&fixtures[i]);
  check_fixture_meanings();
  for (i = 0; i < nfixtures; i++)
    check_damage(fixtures[i].name);
  test_names();
  test_times();
  test_algorithms();
  test_keys();
  test_extensions();
  test_framing();
  test_blob();
  test_wine_export();
  free(expected_text);
  return test_finish("test_x509");
}
