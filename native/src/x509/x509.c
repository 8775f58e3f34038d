/*
 * x509.c - a strict DER reader and the X.509 certificate parser behind
 * x509.h, written from the specifications: X.690 (DER), RFC 5280
 * (certificate and extensions), RFC 4514 (names as strings), RFC 4055
 * (RSASSA-PSS parameters), RFC 5758 and RFC 3279 (ECDSA and DSA algorithm
 * identifiers), RFC 8410 (Ed25519, Ed448).
 *
 * The reader accepts DER only: definite lengths in their shortest form,
 * every structure consumed exactly, no length past the end of its
 * container, and no constructed encoding nested deeper than
 * DER_MAX_DEPTH. Every failure is CR_EPARSE "<origin>: offset N: <what>",
 * N counting from the first byte handed to the parser.
 *
 * What the certificate checks need is decoded; everything else (issuer
 * and subject unique IDs, unknown extensions, the signature value) is
 * checked for well-formed DER and skipped. Signatures are not verified:
 * the checks ask which algorithm a certificate was signed with, not
 * whether the signature is good.
 */
#include "x509.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deeper than any certificate needs (a real one nests about 8 levels);
 * bounds the recursion of der_walk(). */
#define DER_MAX_DEPTH 32
/* Longest dotted OID we format; real ones stay under 64 characters. */
#define OID_MAX 256

/* Identifier octets (class, constructed bit, tag number) we read. */
enum {
  ID_BOOLEAN = 0x01,
  ID_INTEGER = 0x02,
  ID_BIT_STRING = 0x03,
  ID_OCTET_STRING = 0x04,
  ID_NULL = 0x05,
  ID_OID = 0x06,
  ID_UTF8_STRING = 0x0C,
  ID_NUMERIC_STRING = 0x12,
  ID_PRINTABLE_STRING = 0x13,
  ID_T61_STRING = 0x14,
  ID_IA5_STRING = 0x16,
  ID_UTC_TIME = 0x17,
  ID_GENERALIZED_TIME = 0x18,
  ID_VISIBLE_STRING = 0x1A,
  ID_UNIVERSAL_STRING = 0x1C,
  ID_BMP_STRING = 0x1E,
  ID_SEQUENCE = 0x30,
  ID_SET = 0x31
};
#define ID_CTX(n) (0xA0 | (n))      /* [n], constructed (EXPLICIT) */
#define ID_CTX_PRIM(n) (0x80 | (n)) /* [n], primitive (IMPLICIT) */

/* ---------------------------------------------------------------- */
/* The DER reader.                                                  */
/* ---------------------------------------------------------------- */

typedef struct der_src {
  const uint8_t *base; /* offsets in messages count from here */
  const char *origin;  /* names the input in messages */
} der_src;

/* A cursor over [p, end). */
typedef struct der {
  const der_src *src;
  const uint8_t *p, *end;
} der;

/* One element: identifier, where it starts, its contents. */
typedef struct tlv {
  uint8_t id;           /* the first identifier octet */
  uint32_t tag;         /* the tag number (high-tag-number form decoded) */
  const uint8_t *start; /* the identifier octet */
  const uint8_t *val;   /* the contents */
  size_t len;
} tlv;

static int bad(const der_src *src, const uint8_t *at, const char *fmt, ...)
  CR_PRINTF(3, 4);

static int bad(const der_src *src, const uint8_t *at, const char *fmt, ...)
{
  char what[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  return cr_error_set(CR_EPARSE, "%s: offset %zu: %s",
                      src->origin ? src->origin : "certificate",
                      (size_t)(at - src->base), what);
}

static der der_over(const der_src *src, const uint8_t *p, size_t len)
{
  der d;
  d.src = src;
  d.p = p;
  d.end = p + len;
  return d;
}

/* The contents of `t` as a cursor. */
static der der_in(const der *outer, const tlv *t)
{
  return der_over(outer->src, t->val, t->len);
}

static bool der_more(const der *d) { return d->p < d->end; }

/* Reads the next element, whatever it is. */
static int der_read(der *d, tlv *t)
{
  const der_src *src = d->src;
  const uint8_t *p = d->p, *end = d->end, *len_at;
  size_t len;

  if (p >= end)
    return bad(src, p, "unexpected end of data");
  t->start = p;
  t->id = *p++;
  t->tag = t->id & 0x1Fu;
  if (t->tag == 0x1F) { /* high-tag-number form, X.690 8.1.2.4 */
    uint32_t tag = 0;
    int n = 0;
    for (;;) {
      if (p >= end)
        return bad(src, t->start, "truncated tag number");
      if (n == 0 && *p == 0x80)
        return bad(src, p, "tag number with a leading zero (not DER)");
      if (++n > 4)
        return bad(src, t->start, "tag number too large");
      tag = (tag << 7) | (*p & 0x7Fu);
      if (!(*p++ & 0x80))
        break;
    }
    if (tag < 31)
      return bad(src, t->start,
                 "tag number %u in the long form (not DER)", (unsigned)tag);
    t->tag = tag;
  }
  if (p >= end)
    return bad(src, p, "missing length");
  len_at = p;
  len = *p++;
  if (len & 0x80) {
    size_t n = len & 0x7F, i;
    if (n == 0)
      return bad(src, len_at, "indefinite length (not DER)");
    if (n == 0x7F)
      return bad(src, len_at, "reserved length octet 0xFF");
    if (n > 4)
      return bad(src, len_at, "length of %zu octets is too long", n);
    if ((size_t)(end - p) < n)
      return bad(src, len_at, "truncated length");
    if (*p == 0)
      return bad(src, len_at, "length with a leading zero octet (not DER)");
    len = 0;
    for (i = 0; i < n; i++)
      len = (len << 8) | *p++;
    if (len < 0x80)
      return bad(src, len_at, "length %zu in the long form (not DER)", len);
  }
  if (len > (size_t)(end - p))
    return bad(src, t->start,
               "length %zu runs past the end of its container "
               "(%zu bytes left)", len, (size_t)(end - p));
  t->val = p;
  t->len = len;
  d->p = p + len;
  return 0;
}

static const char *id_name(uint8_t id)
{
  switch (id) {
  case ID_BOOLEAN: return "BOOLEAN";
  case ID_INTEGER: return "INTEGER";
  case ID_BIT_STRING: return "BIT STRING";
  case ID_OCTET_STRING: return "OCTET STRING";
  case ID_NULL: return "NULL";
  case ID_OID: return "OBJECT IDENTIFIER";
  case ID_UTC_TIME: return "UTCTime";
  case ID_GENERALIZED_TIME: return "GeneralizedTime";
  case ID_SEQUENCE: return "SEQUENCE";
  case ID_SET: return "SET";
  default: return NULL;
  }
}

/* Reads the next element, which must have identifier `id`; `what` names
 * it in messages. */
static int der_expect(der *d, tlv *t, uint8_t id, const char *what)
{
  if (d->p >= d->end)
    return bad(d->src, d->p, "missing %s", what);
  if (*d->p != id) {
    const char *want = id_name(id), *got = id_name(*d->p);
    char got_buf[16];
    if (!got) {
      snprintf(got_buf, sizeof got_buf, "tag 0x%02X", *d->p);
      got = got_buf;
    }
    if (want)
      return bad(d->src, d->p, "%s: expected %s, found %s", what, want, got);
    return bad(d->src, d->p, "%s: expected tag 0x%02X, found %s", what, id,
               got);
  }
  return der_read(d, t);
}

/* Reads the next element when its identifier is `id`: 1 when read, 0
 * when the next element is another one (or there is none), <0 on error. */
static int der_optional(der *d, tlv *t, uint8_t id)
{
  int rc;
  if (d->p >= d->end || *d->p != id)
    return 0;
  rc = der_read(d, t);
  return rc < 0 ? rc : 1;
}

/* Everything inside `what` must have been read. */
static int der_end(const der *d, const char *what)
{
  if (d->p != d->end)
    return bad(d->src, d->p, "%zu unexpected bytes at the end of %s",
               (size_t)(d->end - d->p), what);
  return 0;
}

/* Checks that [p, end) is a run of well-formed DER elements, descending
 * into every constructed one (X.690 8.1.2.5: its contents are complete
 * encodings) to at most DER_MAX_DEPTH levels. */
static int der_walk(const der_src *src, const uint8_t *p, const uint8_t *end,
                    int depth)
{
  der d = der_over(src, p, (size_t)(end - p));
  tlv t;
  int rc;

  while (der_more(&d)) {
    if ((rc = der_read(&d, &t)) < 0)
      return rc;
    if (t.id & 0x20) {
      if (depth >= DER_MAX_DEPTH)
        return bad(src, t.start, "nested deeper than %d levels",
                   DER_MAX_DEPTH);
      if ((rc = der_walk(src, t.val, t.val + t.len, depth + 1)) < 0)
        return rc;
    }
  }
  return 0;
}

/* ---------------------------------------------------------------- */
/* Primitive values.                                                */
/* ---------------------------------------------------------------- */

static const char hexdigits[] = "0123456789ABCDEF";

static char *hex_dup(const uint8_t *p, size_t n)
{
  char *s = malloc(n * 2 + 1);
  size_t i;
  if (!s)
    return NULL;
  for (i = 0; i < n; i++) {
    s[2 * i] = hexdigits[p[i] >> 4];
    s[2 * i + 1] = hexdigits[p[i] & 15];
  }
  s[2 * n] = '\0';
  return s;
}

static int put_hex(cr_buf *b, const uint8_t *p, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) {
    cr_buf_putc(b, hexdigits[p[i] >> 4]);
    cr_buf_putc(b, hexdigits[p[i] & 15]);
  }
  return cr_buf_status(b);
}

/* An OBJECT IDENTIFIER's contents as "1.2.840.113549.1.1.11" into
 * out[OID_MAX] (X.690 8.19: base-128 subidentifiers, no 0x80 padding). */
static int oid_format(const der_src *src, const tlv *t, char out[OID_MAX])
{
  size_t i = 0, n = 0;
  bool first = true;

  if (t->len == 0)
    return bad(src, t->start, "empty OBJECT IDENTIFIER");
  while (i < t->len) {
    uint64_t v = 0;
    char arc[48];
    int w;
    if (t->val[i] == 0x80)
      return bad(src, t->val + i,
                 "OBJECT IDENTIFIER component with a leading zero (not DER)");
    for (;;) {
      if (i >= t->len)
        return bad(src, t->val + i - 1, "truncated OBJECT IDENTIFIER");
      if (v > (UINT64_MAX >> 7))
        return bad(src, t->val + i, "OBJECT IDENTIFIER component too large");
      v = (v << 7) | (t->val[i] & 0x7Fu);
      if (!(t->val[i++] & 0x80))
        break;
    }
    if (first) {
      unsigned a = v < 40 ? 0 : v < 80 ? 1 : 2;
      w = snprintf(arc, sizeof arc, "%u.%llu", a,
                   (unsigned long long)(v - 40u * a));
      first = false;
    } else {
      w = snprintf(arc, sizeof arc, ".%llu", (unsigned long long)v);
    }
    if (w < 0 || n + (size_t)w >= OID_MAX)
      return bad(src, t->start, "OBJECT IDENTIFIER longer than %d characters",
                 OID_MAX - 1);
    memcpy(out + n, arc, (size_t)w + 1);
    n += (size_t)w;
  }
  return 0;
}

/* Reads an OBJECT IDENTIFIER into out[OID_MAX]. */
static int read_oid(der *d, char out[OID_MAX], const char *what)
{
  tlv t;
  int rc = der_expect(d, &t, ID_OID, what);
  return rc < 0 ? rc : oid_format(d->src, &t, out);
}

/* A non-negative INTEGER that fits an int. */
static int int_value(const der_src *src, const tlv *t, int *out,
                     const char *what)
{
  size_t i;
  long long v = 0;
  if (t->len == 0)
    return bad(src, t->start, "%s: empty INTEGER", what);
  if (t->val[0] & 0x80)
    return bad(src, t->start, "%s: negative INTEGER", what);
  if (t->len > 1 && t->val[0] == 0 && !(t->val[1] & 0x80))
    return bad(src, t->start, "%s: INTEGER with a leading zero (not DER)",
               what);
  for (i = 0; i < t->len; i++) {
    v = (v << 8) | t->val[i];
    if (v > INT_MAX)
      return bad(src, t->start, "%s: INTEGER too large", what);
  }
  *out = (int)v;
  return 0;
}

/* Bits in a positive INTEGER's magnitude (leading zero octets skipped). */
static unsigned int_bits(const tlv *t)
{
  size_t i = 0;
  unsigned bits;
  uint8_t top;
  while (i < t->len && t->val[i] == 0)
    i++;
  if (i == t->len)
    return 0;
  top = t->val[i];
  bits = (unsigned)((t->len - i - 1) * 8);
  while (top) {
    bits++;
    top >>= 1;
  }
  return bits;
}

static int read_bool(der *d, bool *out, const char *what)
{
  tlv t;
  int rc = der_expect(d, &t, ID_BOOLEAN, what);
  if (rc < 0)
    return rc;
  if (t.len != 1)
    return bad(d->src, t.start, "%s: BOOLEAN of %zu bytes", what, t.len);
  if (t.val[0] != 0x00 && t.val[0] != 0xFF)
    return bad(d->src, t.val, "%s: BOOLEAN 0x%02X is neither 0x00 nor 0xFF "
               "(not DER)", what, t.val[0]);
  *out = t.val[0] == 0xFF;
  return 0;
}

/* A BIT STRING's contents without the unused-bits octet, which must be 0
 * (keys and signatures are whole octets). */
static int bit_string_bytes(const der_src *src, const tlv *t, tlv *bytes,
                            const char *what)
{
  *bytes = *t;
  if (t->len == 0)
    return bad(src, t->start, "%s: BIT STRING without its unused-bits octet",
               what);
  if (t->val[0] != 0)
    return bad(src, t->val, "%s: BIT STRING with %u unused bits", what,
               t->val[0]);
  bytes->val = t->val + 1;
  bytes->len = t->len - 1;
  return 0;
}

/* ---------------------------------------------------------------- */
/* Time.                                                            */
/* ---------------------------------------------------------------- */

static bool is_leap(int64_t y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 0001-01-01 to January 1st of year y (proleptic Gregorian). */
static int64_t days_before_year(int64_t y)
{
  int64_t p = y - 1;
  return p * 365 + p / 4 - p / 100 + p / 400;
}

static int64_t days_since_epoch(int64_t y, int m, int d)
{
  static const int before_month[12] = { 0, 31, 59, 90, 120, 151,
                                        181, 212, 243, 273, 304, 334 };
  int64_t days = days_before_year(y) - days_before_year(1970);
  days += before_month[m - 1] + (m > 2 && is_leap(y)) + (d - 1);
  return days;
}

static int digits(const uint8_t *p, size_t n)
{
  int v = 0;
  size_t i;
  for (i = 0; i < n; i++) {
    if (p[i] < '0' || p[i] > '9')
      return -1;
    v = v * 10 + (p[i] - '0');
  }
  return v;
}

/* UTCTime "YYMMDDHHMMSSZ" or GeneralizedTime "YYYYMMDDHHMMSSZ", the only
 * forms RFC 5280 4.1.2.5 allows, as seconds since 1970-01-01 UTC. */
static int read_time(der *d, int64_t *out, const char *what)
{
  static const int mdays[12] = { 31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31 };
  tlv t;
  int rc, y, m, day, hh, mm, ss, ylen;
  const uint8_t *v;

  if (d->p >= d->end)
    return bad(d->src, d->p, "missing %s", what);
  if (*d->p == ID_UTC_TIME)
    rc = der_expect(d, &t, ID_UTC_TIME, what);
  else
    rc = der_expect(d, &t, ID_GENERALIZED_TIME, what);
  if (rc < 0)
    return rc;
  ylen = t.id == ID_UTC_TIME ? 2 : 4;
  if (t.len != (size_t)ylen + 11 || t.val[t.len - 1] != 'Z')
    return bad(d->src, t.start, "%s: %s is not %s", what, id_name(t.id),
               ylen == 2 ? "YYMMDDHHMMSSZ" : "YYYYMMDDHHMMSSZ");
  v = t.val;
  y = digits(v, (size_t)ylen);
  m = digits(v + ylen, 2);
  day = digits(v + ylen + 2, 2);
  hh = digits(v + ylen + 4, 2);
  mm = digits(v + ylen + 6, 2);
  ss = digits(v + ylen + 8, 2);
  if (y < 0 || m < 0 || day < 0 || hh < 0 || mm < 0 || ss < 0)
    return bad(d->src, t.start, "%s: non-digit in %s", what, id_name(t.id));
  if (ylen == 2)
    y += y < 50 ? 2000 : 1900; /* RFC 5280 4.1.2.5.1 */
  if (m < 1 || m > 12 || day < 1 ||
      day > mdays[m - 1] + (m == 2 && is_leap(y)) || hh > 23 || mm > 59 ||
      ss > 59)
    return bad(d->src, t.start, "%s: no such date or time", what);
  *out = days_since_epoch(y, m, day) * 86400 + hh * 3600 + mm * 60 + ss;
  return 0;
}

/* ---------------------------------------------------------------- */
/* Names (RFC 4514).                                                */
/* ---------------------------------------------------------------- */

static const struct {
  const char *oid, *name;
} attr_names[] = {
  { "2.5.4.3", "CN" },
  { "2.5.4.7", "L" },
  { "2.5.4.8", "ST" },
  { "2.5.4.10", "O" },
  { "2.5.4.11", "OU" },
  { "2.5.4.6", "C" },
  { "2.5.4.9", "STREET" },
  { "0.9.2342.19200300.100.1.25", "DC" },
  { "0.9.2342.19200300.100.1.1", "UID" },
  /* Not in RFC 4514's table; Windows and certutil call it E
   * (OpenSSL: emailAddress). */
  { "1.2.840.113549.1.9.1", "E" },
};

/* Decodes one code point of strict UTF-8 (no overlong forms, no
 * surrogates, at most U+10FFFF); returns its length or 0. */
static size_t utf8_decode(const uint8_t *s, size_t n, uint32_t *cp)
{
  uint32_t c;
  size_t len, i;
  if (n == 0)
    return 0;
  if (s[0] < 0x80) {
    *cp = s[0];
    return 1;
  }
  if (s[0] >= 0xC2 && s[0] <= 0xDF) {
    len = 2;
    c = s[0] & 0x1Fu;
  } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
    len = 3;
    c = s[0] & 0x0Fu;
  } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
    len = 4;
    c = s[0] & 0x07u;
  } else {
    return 0;
  }
  if (n < len)
    return 0;
  for (i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    c = (c << 6) | (s[i] & 0x3Fu);
  }
  if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
      (c >= 0xD800 && c <= 0xDFFF))
    return 0;
  *cp = c;
  return len;
}

/* A directory string as UTF-8 into `out`; false when the type is not a
 * string we know or its contents do not fit the type (the caller then
 * uses the #hex form). */
static bool string_to_utf8(cr_buf *out, const tlv *v)
{
  size_t i;
  uint32_t cp;

  switch (v->id) {
  case ID_UTF8_STRING:
    for (i = 0; i < v->len;) {
      size_t n = utf8_decode(v->val + i, v->len - i, &cp);
      if (!n)
        return false;
      i += n;
    }
    cr_buf_put(out, v->val, v->len);
    return true;
  case ID_PRINTABLE_STRING:
  case ID_IA5_STRING:
  case ID_VISIBLE_STRING:
  case ID_NUMERIC_STRING:
    for (i = 0; i < v->len; i++)
      if (v->val[i] >= 0x80)
        return false;
    cr_buf_put(out, v->val, v->len);
    return true;
  case ID_T61_STRING: /* taken as Latin-1, as Windows and OpenSSL do */
    for (i = 0; i < v->len; i++)
      cr_buf_put_utf8(out, v->val[i]);
    return true;
  case ID_BMP_STRING: /* UTF-16BE (surrogate pairs accepted) */
    if (v->len % 2)
      return false;
    for (i = 0; i < v->len; i += 2) {
      cp = (uint32_t)v->val[i] << 8 | v->val[i + 1];
      if (cp >= 0xDC00 && cp <= 0xDFFF)
        return false;
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        uint32_t lo;
        if (i + 4 > v->len)
          return false;
        lo = (uint32_t)v->val[i + 2] << 8 | v->val[i + 3];
        if (lo < 0xDC00 || lo > 0xDFFF)
          return false;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        i += 2;
      }
      cr_buf_put_utf8(out, cp);
    }
    return true;
  case ID_UNIVERSAL_STRING: /* UCS-4BE */
    if (v->len % 4)
      return false;
    for (i = 0; i < v->len; i += 4) {
      cp = (uint32_t)v->val[i] << 24 | (uint32_t)v->val[i + 1] << 16 |
           (uint32_t)v->val[i + 2] << 8 | v->val[i + 3];
      if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return false;
      cr_buf_put_utf8(out, cp);
    }
    return true;
  default:
    return false;
  }
}

/* Appends a UTF-8 value escaped as RFC 4514 section 2.4 says: the
 * special characters with a backslash, a leading space or '#' and a
 * trailing space too, NUL and other control characters as \XX. */
static void put_escaped(cr_buf *b, const char *s, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == 0x7F) {
      cr_buf_putc(b, '\\');
      cr_buf_putc(b, hexdigits[c >> 4]);
      cr_buf_putc(b, hexdigits[c & 15]);
    } else if (strchr("\"+,;<>\\", c) || (i == 0 && (c == ' ' || c == '#')) ||
               (i == n - 1 && c == ' ')) {
      cr_buf_putc(b, '\\');
      cr_buf_putc(b, (char)c);
    } else {
      cr_buf_putc(b, (char)c);
    }
  }
}

/* One AttributeTypeAndValue: "CN=value" or "1.2.3.4=#0C03616263". */
static int put_ava(cr_buf *b, const der_src *src, const tlv *ava)
{
  der d = der_over(src, ava->val, ava->len);
  char oid[OID_MAX];
  const char *name = NULL;
  tlv v;
  size_t i;
  int rc;

  if ((rc = read_oid(&d, oid, "attribute type")) < 0)
    return rc;
  if ((rc = der_read(&d, &v)) < 0)
    return rc;
  if ((rc = der_end(&d, "AttributeTypeAndValue")) < 0)
    return rc;
  for (i = 0; i < sizeof attr_names / sizeof attr_names[0]; i++)
    if (strcmp(oid, attr_names[i].oid) == 0)
      name = attr_names[i].name;
  if (name) {
    cr_buf text = CR_BUF_INIT;
    cr_buf_puts(b, name);
    cr_buf_putc(b, '=');
    if (string_to_utf8(&text, &v)) {
      if ((rc = cr_buf_status(&text)) < 0) {
        cr_buf_dispose(&text);
        return rc;
      }
      put_escaped(b, text.ptr ? text.ptr : "", text.len);
      cr_buf_dispose(&text);
      return cr_buf_status(b);
    }
    cr_buf_dispose(&text);
  } else {
    cr_buf_puts(b, oid);
    cr_buf_putc(b, '=');
  }
  /* RFC 4514 2.4: '#' and the hex of the value's whole BER encoding. */
  cr_buf_putc(b, '#');
  return put_hex(b, v.start, (size_t)(v.val + v.len - v.start));
}

/* A Name as an RFC 4514 string: the RDNs from last to first, separated by
 * ',', the attributes of a multi-valued RDN joined by '+' (in reverse
 * order too, as OpenSSL prints them; RFC 4514 allows any order). */
static int name_to_string(const der_src *src, const tlv *name, char **out)
{
  der d = der_over(src, name->val, name->len);
  tlv *rdns = NULL, *avas = NULL;
  size_t nrdn = 0, cap = 0, i;
  cr_buf b = CR_BUF_INIT;
  int rc = 0;

  while (der_more(&d)) {
    if (nrdn == cap) {
      tlv *grown;
      cap = cap ? cap * 2 : 8;
      grown = cr_realloc_array(rdns, cap, sizeof *rdns);
      if (!grown) {
        rc = cr_error_oom();
        goto done;
      }
      rdns = grown;
    }
    if ((rc = der_expect(&d, &rdns[nrdn], ID_SET,
                         "RelativeDistinguishedName")) < 0)
      goto done;
    if (rdns[nrdn].len == 0) {
      rc = bad(src, rdns[nrdn].start, "empty RelativeDistinguishedName");
      goto done;
    }
    nrdn++;
  }
  cr_buf_puts(&b, ""); /* an empty Name is "" */
  for (i = nrdn; i-- > 0;) {
    der r = der_over(src, rdns[i].val, rdns[i].len);
    size_t navas = 0, acap = 0, j;
    while (der_more(&r)) {
      if (navas == acap) {
        tlv *grown;
        acap = acap ? acap * 2 : 4;
        grown = cr_realloc_array(avas, acap, sizeof *avas);
        if (!grown) {
          rc = cr_error_oom();
          goto done;
        }
        avas = grown;
      }
      if ((rc = der_expect(&r, &avas[navas], ID_SEQUENCE,
                           "AttributeTypeAndValue")) < 0)
        goto done;
      navas++;
    }
    if (i != nrdn - 1)
      cr_buf_putc(&b, ',');
    for (j = navas; j-- > 0;) {
      if (j != navas - 1)
        cr_buf_putc(&b, '+');
      if ((rc = put_ava(&b, src, &avas[j])) < 0)
        goto done;
    }
    free(avas);
    avas = NULL;
  }
  if ((rc = cr_buf_status(&b)) < 0)
    goto done;
  *out = cr_buf_detach(&b, NULL);
done:
  free(rdns);
  free(avas);
  cr_buf_dispose(&b);
  return rc;
}

/* ---------------------------------------------------------------- */
/* Algorithms and keys.                                             */
/* ---------------------------------------------------------------- */

/* AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY
 * OPTIONAL }; *params->start is NULL when there are none. */
static int read_algid(der *d, tlv *whole, char oid[OID_MAX], tlv *params,
                      const char *what)
{
  der a;
  int rc;
  if ((rc = der_expect(d, whole, ID_SEQUENCE, what)) < 0)
    return rc;
  a = der_in(d, whole);
  if ((rc = read_oid(&a, oid, what)) < 0)
    return rc;
  memset(params, 0, sizeof *params);
  if (der_more(&a) && (rc = der_read(&a, params)) < 0)
    return rc;
  return der_end(&a, what);
}

static bool params_absent_or_null(const tlv *params)
{
  return !params->start || (params->id == ID_NULL && params->len == 0);
}

static const struct {
  const char *oid, *name;
} hash_algs[] = {
  { "1.2.840.113549.2.2", "MD2" },
  { "1.2.840.113549.2.5", "MD5" },
  { "1.3.14.3.2.26", "SHA1" },
  { "2.16.840.1.101.3.4.2.4", "SHA224" },
  { "2.16.840.1.101.3.4.2.1", "SHA256" },
  { "2.16.840.1.101.3.4.2.2", "SHA384" },
  { "2.16.840.1.101.3.4.2.3", "SHA512" },
};

static const char *hash_name(const char *oid)
{
  size_t i;
  for (i = 0; i < sizeof hash_algs / sizeof hash_algs[0]; i++)
    if (strcmp(oid, hash_algs[i].oid) == 0)
      return hash_algs[i].name;
  return NULL;
}

/* A hash AlgorithmIdentifier (parameters NULL or absent); *name is NULL
 * for a hash we do not know. */
static int read_hash_algid(der *d, const char **name, const char *what)
{
  char oid[OID_MAX];
  tlv whole, params;
  int rc = read_algid(d, &whole, oid, &params, what);
  if (rc < 0)
    return rc;
  if (!params_absent_or_null(&params))
    return bad(d->src, params.start, "%s: unexpected hash parameters", what);
  *name = hash_name(oid);
  return 0;
}

enum { P_NULL_OR_ABSENT, P_ABSENT, P_PSS };

static const struct {
  const char *oid;
  cr_sig_scheme scheme;
  const char *hash;
  int params;
} sig_algs[] = {
  /* RFC 8017 A.2.4 (PKCS #1 v1.5): parameters NULL (absent tolerated). */
  { "1.2.840.113549.1.1.2", CR_SIG_RSA_PKCS1, "MD2", P_NULL_OR_ABSENT },
  { "1.2.840.113549.1.1.4", CR_SIG_RSA_PKCS1, "MD5", P_NULL_OR_ABSENT },
  { "1.2.840.113549.1.1.5", CR_SIG_RSA_PKCS1, "SHA1", P_NULL_OR_ABSENT },
  { "1.3.14.3.2.29", CR_SIG_RSA_PKCS1, "SHA1", P_NULL_OR_ABSENT },
  { "1.2.840.113549.1.1.14", CR_SIG_RSA_PKCS1, "SHA224", P_NULL_OR_ABSENT },
  { "1.2.840.113549.1.1.11", CR_SIG_RSA_PKCS1, "SHA256", P_NULL_OR_ABSENT },
  { "1.2.840.113549.1.1.12", CR_SIG_RSA_PKCS1, "SHA384", P_NULL_OR_ABSENT },
  { "1.2.840.113549.1.1.13", CR_SIG_RSA_PKCS1, "SHA512", P_NULL_OR_ABSENT },
  /* RFC 4055 3.1. */
  { "1.2.840.113549.1.1.10", CR_SIG_RSA_PSS, NULL, P_PSS },
  /* RFC 3279 2.2.3, RFC 5758 3.2: parameters absent (a NULL tolerated). */
  { "1.2.840.10045.4.1", CR_SIG_ECDSA, "SHA1", P_NULL_OR_ABSENT },
  { "1.2.840.10045.4.3.1", CR_SIG_ECDSA, "SHA224", P_NULL_OR_ABSENT },
  { "1.2.840.10045.4.3.2", CR_SIG_ECDSA, "SHA256", P_NULL_OR_ABSENT },
  { "1.2.840.10045.4.3.3", CR_SIG_ECDSA, "SHA384", P_NULL_OR_ABSENT },
  { "1.2.840.10045.4.3.4", CR_SIG_ECDSA, "SHA512", P_NULL_OR_ABSENT },
  /* RFC 3279 2.2.2, RFC 5758 3.1. */
  { "1.2.840.10040.4.3", CR_SIG_DSA, "SHA1", P_NULL_OR_ABSENT },
  { "2.16.840.1.101.3.4.3.1", CR_SIG_DSA, "SHA224", P_NULL_OR_ABSENT },
  { "2.16.840.1.101.3.4.3.2", CR_SIG_DSA, "SHA256", P_NULL_OR_ABSENT },
  /* RFC 8410 3: parameters MUST be absent. */
  { "1.3.101.112", CR_SIG_ED25519, NULL, P_ABSENT },
  { "1.3.101.113", CR_SIG_ED448, NULL, P_ABSENT },
};

/* RSASSA-PSS-params (RFC 4055 3.1): every field optional, with the
 * defaults SHA-1, MGF1 with SHA-1, salt 20, trailer 1. */
static int read_pss_params(const der_src *src, const tlv *alg,
                           const tlv *params, cr_x509 *c)
{
  der d, f;
  tlv t;
  int rc;

  c->sig_hash = "SHA1";
  c->pss_mgf1_hash = "SHA1";
  c->pss_salt_len = 20;
  if (!params->start) /* RFC 4055 3.1: present in a signature's AlgId */
    return bad(src, alg->start, "RSASSA-PSS without parameters");
  if (params->id != ID_SEQUENCE)
    return bad(src, params->start, "RSASSA-PSS parameters: expected SEQUENCE");
  d = der_over(src, params->val, params->len);
  if ((rc = der_optional(&d, &t, ID_CTX(0))) < 0)
    return rc;
  if (rc) {
    f = der_in(&d, &t);
    if ((rc = read_hash_algid(&f, &c->sig_hash, "RSASSA-PSS hashAlgorithm")) < 0 ||
        (rc = der_end(&f, "RSASSA-PSS hashAlgorithm")) < 0)
      return rc;
  }
  if ((rc = der_optional(&d, &t, ID_CTX(1))) < 0)
    return rc;
  if (rc) {
    char oid[OID_MAX];
    tlv whole, mgf_params;
    der m;
    f = der_in(&d, &t);
    if ((rc = read_algid(&f, &whole, oid, &mgf_params,
                         "RSASSA-PSS maskGenAlgorithm")) < 0 ||
        (rc = der_end(&f, "RSASSA-PSS maskGenAlgorithm")) < 0)
      return rc;
    if (strcmp(oid, "1.2.840.113549.1.1.8") != 0) { /* id-mgf1 */
      c->pss_mgf1_hash = NULL; /* a mask generation we do not know */
    } else {
      if (!mgf_params.start)
        return bad(src, whole.start, "MGF1 without its hash algorithm");
      m = der_over(src, mgf_params.start,
                   (size_t)(mgf_params.val + mgf_params.len - mgf_params.start));
      if ((rc = read_hash_algid(&m, &c->pss_mgf1_hash, "MGF1 hash")) < 0 ||
          (rc = der_end(&m, "MGF1 hash")) < 0)
        return rc;
    }
  }
  if ((rc = der_optional(&d, &t, ID_CTX(2))) < 0)
    return rc;
  if (rc) {
    tlv n;
    f = der_in(&d, &t);
    if ((rc = der_expect(&f, &n, ID_INTEGER, "RSASSA-PSS saltLength")) < 0 ||
        (rc = der_end(&f, "RSASSA-PSS saltLength")) < 0 ||
        (rc = int_value(src, &n, &c->pss_salt_len, "RSASSA-PSS saltLength")) < 0)
      return rc;
  }
  if ((rc = der_optional(&d, &t, ID_CTX(3))) < 0)
    return rc;
  if (rc) {
    tlv n;
    int trailer;
    f = der_in(&d, &t);
    if ((rc = der_expect(&f, &n, ID_INTEGER, "RSASSA-PSS trailerField")) < 0 ||
        (rc = der_end(&f, "RSASSA-PSS trailerField")) < 0 ||
        (rc = int_value(src, &n, &trailer, "RSASSA-PSS trailerField")) < 0)
      return rc;
    if (trailer != 1)
      return bad(src, n.start, "RSASSA-PSS trailerField %d is not 1", trailer);
  }
  return der_end(&d, "RSASSA-PSS parameters");
}

static int read_sig_alg(const der_src *src, const tlv *whole, cr_x509 *c)
{
  der d = der_over(src, whole->start,
                   (size_t)(whole->val + whole->len - whole->start));
  char oid[OID_MAX];
  tlv w, params;
  size_t i;
  int rc;

  if ((rc = read_algid(&d, &w, oid, &params, "signature algorithm")) < 0)
    return rc;
  if (!(c->sig_oid = cr_strdup(oid)))
    return cr_error_oom();
  for (i = 0; i < sizeof sig_algs / sizeof sig_algs[0]; i++) {
    if (strcmp(oid, sig_algs[i].oid) != 0)
      continue;
    c->sig_scheme = sig_algs[i].scheme;
    c->sig_hash = sig_algs[i].hash;
    switch (sig_algs[i].params) {
    case P_PSS:
      return read_pss_params(src, &w, &params, c);
    case P_ABSENT:
      if (params.start)
        return bad(src, params.start,
                   "signature algorithm %s takes no parameters", oid);
      return 0;
    default:
      if (!params_absent_or_null(&params))
        return bad(src, params.start,
                   "signature algorithm %s: parameters must be NULL", oid);
      return 0;
    }
  }
  return 0; /* unknown: CR_SIG_UNKNOWN, no hash */
}

static const struct {
  const char *oid, *name;
  unsigned bits;
} named_curves[] = {
  { "1.2.840.10045.3.1.7", "P-256", 256 }, /* secp256r1, RFC 5480 2.1.1.1 */
  { "1.3.132.0.34", "P-384", 384 },        /* secp384r1 */
  { "1.3.132.0.35", "P-521", 521 },        /* secp521r1 */
};

static int read_ec_key(const der_src *src, const tlv *params,
                       const tlv *key, cr_x509 *c)
{
  size_t field = 0; /* bytes of one coordinate */
  unsigned bits = 0;
  size_t i;
  int rc;

  c->key_type = CR_KEYTYPE_EC;
  if (!params->start)
    return bad(src, key->start, "EC key without curve parameters");
  if (params->id == ID_OID) {
    char oid[OID_MAX];
    const char *name = NULL;
    if ((rc = oid_format(src, params, oid)) < 0)
      return rc;
    for (i = 0; i < sizeof named_curves / sizeof named_curves[0]; i++)
      if (strcmp(oid, named_curves[i].oid) == 0) {
        name = named_curves[i].name;
        bits = named_curves[i].bits;
      }
    if (!(c->ec_curve = cr_strdup(name ? name : oid)))
      return cr_error_oom();
  } else if (params->id != ID_NULL && params->id != ID_SEQUENCE) {
    /* RFC 5480 2.1.1: namedCurve, implicitCurve (NULL) or
     * specifiedCurve (SEQUENCE). */
    return bad(src, params->start, "EC key parameters of unknown form");
  }
  /* The public point (SEC 1 2.3.3): 04 X Y, or 02/03 X compressed. */
  if (key->len >= 1 && key->val[0] == 0x04 && key->len % 2 == 1)
    field = (key->len - 1) / 2;
  else if (key->len >= 2 && (key->val[0] == 0x02 || key->val[0] == 0x03))
    field = key->len - 1;
  if (!field)
    return bad(src, key->val, "EC public key is not a SEC 1 point");
  if (bits && field != (bits + 7) / 8)
    return bad(src, key->val, "EC point of %zu-byte coordinates on %s",
               field, c->ec_curve);
  c->key_bits = bits ? bits : (unsigned)(field * 8);
  return 0;
}

static int read_spki(der *d, cr_x509 *c)
{
  const der_src *src = d->src;
  char oid[OID_MAX];
  tlv spki, alg, params, bits, key;
  der s, k;
  int rc;

  if ((rc = der_expect(d, &spki, ID_SEQUENCE, "subjectPublicKeyInfo")) < 0)
    return rc;
  s = der_in(d, &spki);
  if ((rc = read_algid(&s, &alg, oid, &params, "public key algorithm")) < 0 ||
      (rc = der_expect(&s, &bits, ID_BIT_STRING, "subjectPublicKey")) < 0 ||
      (rc = der_end(&s, "subjectPublicKeyInfo")) < 0 ||
      (rc = bit_string_bytes(src, &bits, &key, "subjectPublicKey")) < 0)
    return rc;

  if (strcmp(oid, "1.2.840.113549.1.1.1") == 0 ||   /* rsaEncryption */
      strcmp(oid, "1.2.840.113549.1.1.10") == 0) {  /* id-RSASSA-PSS */
    tlv seq, n, e;
    c->key_type = CR_KEYTYPE_RSA;
    if (strcmp(oid, "1.2.840.113549.1.1.1") == 0 &&
        !params_absent_or_null(&params))
      return bad(src, params.start, "rsaEncryption parameters must be NULL");
    /* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
    k = der_over(src, key.val, key.len);
    if ((rc = der_expect(&k, &seq, ID_SEQUENCE, "RSAPublicKey")) < 0 ||
        (rc = der_end(&k, "the RSA subjectPublicKey")) < 0)
      return rc;
    k = der_in(&k, &seq);
    if ((rc = der_expect(&k, &n, ID_INTEGER, "RSA modulus")) < 0 ||
        (rc = der_expect(&k, &e, ID_INTEGER, "RSA public exponent")) < 0 ||
        (rc = der_end(&k, "RSAPublicKey")) < 0)
      return rc;
    if (n.len == 0 || (n.val[0] & 0x80))
      return bad(src, n.start, "RSA modulus is not a positive INTEGER");
    c->key_bits = int_bits(&n);
    return 0;
  }
  if (strcmp(oid, "1.2.840.10045.2.1") == 0) /* id-ecPublicKey */
    return read_ec_key(src, &params, &key, c);
  if (strcmp(oid, "1.2.840.10040.4.1") == 0) { /* id-dsa, RFC 3279 2.3.2 */
    tlv y;
    c->key_type = CR_KEYTYPE_DSA;
    k = der_over(src, key.val, key.len);
    if ((rc = der_expect(&k, &y, ID_INTEGER, "DSA public key")) < 0 ||
        (rc = der_end(&k, "the DSA subjectPublicKey")) < 0)
      return rc;
    if (params.start) { /* Dss-Parms ::= SEQUENCE { p, q, g INTEGER } */
      tlv p, q, g;
      der pd;
      if (params.id != ID_SEQUENCE)
        return bad(src, params.start, "DSA parameters: expected SEQUENCE");
      pd = der_over(src, params.val, params.len);
      if ((rc = der_expect(&pd, &p, ID_INTEGER, "DSA p")) < 0 ||
          (rc = der_expect(&pd, &q, ID_INTEGER, "DSA q")) < 0 ||
          (rc = der_expect(&pd, &g, ID_INTEGER, "DSA g")) < 0 ||
          (rc = der_end(&pd, "DSA parameters")) < 0)
        return rc;
      c->key_bits = int_bits(&p);
    }
    return 0;
  }
  if (strcmp(oid, "1.3.101.112") == 0 || strcmp(oid, "1.3.101.113") == 0) {
    bool ed25519 = strcmp(oid, "1.3.101.112") == 0;
    size_t want = ed25519 ? 32 : 57; /* RFC 8032 5.1.5, 5.2.5 */
    c->key_type = ed25519 ? CR_KEYTYPE_ED25519 : CR_KEYTYPE_ED448;
    if (params.start)
      return bad(src, params.start, "%s key takes no parameters",
                 ed25519 ? "Ed25519" : "Ed448");
    if (key.len != want)
      return bad(src, key.val, "%s public key of %zu bytes, not %zu",
                 ed25519 ? "Ed25519" : "Ed448", key.len, want);
    c->key_bits = ed25519 ? 255 : 448; /* the field: 2^255-19, 2^448-... */
    return 0;
  }
  return 0; /* another algorithm: CR_KEYTYPE_UNKNOWN */
}

/* ---------------------------------------------------------------- */
/* Extensions.                                                      */
/* ---------------------------------------------------------------- */

static int read_eku(der *d, cr_x509 *c)
{
  tlv seq, t;
  der s;
  size_t cap = 0;
  int rc;

  if ((rc = der_expect(d, &seq, ID_SEQUENCE, "extendedKeyUsage")) < 0)
    return rc;
  if (seq.len == 0)
    return bad(d->src, seq.start, "empty extendedKeyUsage");
  s = der_in(d, &seq);
  c->has_eku = true;
  while (der_more(&s)) {
    char oid[OID_MAX];
    if ((rc = der_expect(&s, &t, ID_OID, "KeyPurposeId")) < 0 ||
        (rc = oid_format(d->src, &t, oid)) < 0)
      return rc;
    if (c->neku == cap) {
      char **grown;
      cap = cap ? cap * 2 : 4;
      if (!(grown = cr_realloc_array(c->eku, cap, sizeof *grown)))
        return cr_error_oom();
      c->eku = grown;
    }
    if (!(c->eku[c->neku] = cr_strdup(oid)))
      return cr_error_oom();
    c->neku++;
  }
  return 0;
}

static int read_basic_constraints(der *d, cr_x509 *c)
{
  tlv seq, t;
  der s;
  int rc;

  if ((rc = der_expect(d, &seq, ID_SEQUENCE, "basicConstraints")) < 0)
    return rc;
  s = der_in(d, &seq);
  c->has_basic_constraints = true;
  if (der_more(&s) && *s.p == ID_BOOLEAN &&
      (rc = read_bool(&s, &c->is_ca, "basicConstraints cA")) < 0)
    return rc;
  if ((rc = der_optional(&s, &t, ID_INTEGER)) < 0)
    return rc;
  if (rc && (rc = int_value(d->src, &t, &c->path_len,
                            "basicConstraints pathLenConstraint")) < 0)
    return rc;
  return der_end(&s, "basicConstraints");
}

static int read_ski(der *d, cr_x509 *c)
{
  tlv t;
  int rc = der_expect(d, &t, ID_OCTET_STRING, "subjectKeyIdentifier");
  if (rc < 0)
    return rc;
  if (!(c->subject_key_id = hex_dup(t.val, t.len)))
    return cr_error_oom();
  return 0;
}

/* AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET
 * STRING OPTIONAL, authorityCertIssuer [1] GeneralNames OPTIONAL,
 * authorityCertSerialNumber [2] INTEGER OPTIONAL } */
static int read_aki(der *d, cr_x509 *c)
{
  tlv seq, t;
  der s;
  int rc;

  if ((rc = der_expect(d, &seq, ID_SEQUENCE, "authorityKeyIdentifier")) < 0)
    return rc;
  s = der_in(d, &seq);
  if ((rc = der_optional(&s, &t, ID_CTX_PRIM(0))) < 0)
    return rc;
  if (rc && !(c->authority_key_id = hex_dup(t.val, t.len)))
    return cr_error_oom();
  if ((rc = der_optional(&s, &t, ID_CTX(1))) < 0 ||
      (rc = der_optional(&s, &t, ID_CTX_PRIM(2))) < 0)
    return rc;
  return der_end(&s, "authorityKeyIdentifier");
}

static const struct {
  const char *oid, *name;
  int (*read)(der *d, cr_x509 *c);
} known_exts[] = {
  { "2.5.29.37", "extendedKeyUsage", read_eku },
  { "2.5.29.19", "basicConstraints", read_basic_constraints },
  { "2.5.29.14", "subjectKeyIdentifier", read_ski },
  { "2.5.29.35", "authorityKeyIdentifier", read_aki },
};

static int read_extensions(der *d, const tlv *explicit3, cr_x509 *c)
{
  der outer = der_in(d, explicit3), list;
  bool seen[sizeof known_exts / sizeof known_exts[0]] = { false };
  tlv seq;
  int rc;

  if ((rc = der_expect(&outer, &seq, ID_SEQUENCE, "extensions")) < 0 ||
      (rc = der_end(&outer, "the [3] extensions field")) < 0)
    return rc;
  list = der_in(&outer, &seq);
  while (der_more(&list)) {
    char oid[OID_MAX];
    tlv ext, value;
    der e, v;
    bool critical = false;
    size_t i;

    if ((rc = der_expect(&list, &ext, ID_SEQUENCE, "Extension")) < 0)
      return rc;
    e = der_in(&list, &ext);
    if ((rc = read_oid(&e, oid, "extnID")) < 0)
      return rc;
    if (der_more(&e) && *e.p == ID_BOOLEAN &&
        (rc = read_bool(&e, &critical, "critical")) < 0)
      return rc;
    if ((rc = der_expect(&e, &value, ID_OCTET_STRING, "extnValue")) < 0 ||
        (rc = der_end(&e, "Extension")) < 0)
      return rc;
    for (i = 0; i < sizeof known_exts / sizeof known_exts[0]; i++) {
      if (strcmp(oid, known_exts[i].oid) != 0)
        continue;
      if (seen[i]) /* RFC 5280 4.2: at most one instance of each */
        return bad(d->src, ext.start, "second %s extension",
                   known_exts[i].name);
      seen[i] = true;
      v = der_in(&e, &value);
      if ((rc = known_exts[i].read(&v, c)) < 0)
        return rc;
      if ((rc = der_end(&v, known_exts[i].name)) < 0)
        return rc;
    }
  }
  return 0;
}

/* ---------------------------------------------------------------- */
/* The certificate.                                                 */
/* ---------------------------------------------------------------- */

/*
 * Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm,
 *                            signatureValue BIT STRING }
 * TBSCertificate ::= SEQUENCE {
 *   version [0] EXPLICIT INTEGER DEFAULT v1, serialNumber INTEGER,
 *   signature AlgorithmIdentifier, issuer Name,
 *   validity SEQUENCE { notBefore Time, notAfter Time }, subject Name,
 *   subjectPublicKeyInfo, issuerUniqueID [1] IMPLICIT BIT STRING OPTIONAL,
 *   subjectUniqueID [2] IMPLICIT BIT STRING OPTIONAL,
 *   extensions [3] EXPLICIT Extensions OPTIONAL }            (RFC 5280 4.1)
 */
static int parse(cr_x509 *c, const der_src *src, const uint8_t *data,
                 size_t len)
{
  der top = der_over(src, data, len), cd, td, vd;
  tlv cert, tbs, sig_alg, sig, t, tbs_sig, issuer, subject, validity, value;
  int rc;

  if ((rc = der_expect(&top, &cert, ID_SEQUENCE, "Certificate")) < 0)
    return rc;
  if ((rc = der_end(&top, "the input (after the certificate)")) < 0)
    return rc;
  /* Framing first: every constructed element well formed, depth-limited. */
  if ((rc = der_walk(src, cert.val, cert.val + cert.len, 1)) < 0)
    return rc;
  c->der = data;
  c->der_len = (size_t)(cert.val + cert.len - data);

  cd = der_in(&top, &cert);
  if ((rc = der_expect(&cd, &tbs, ID_SEQUENCE, "tbsCertificate")) < 0 ||
      (rc = der_expect(&cd, &sig_alg, ID_SEQUENCE, "signatureAlgorithm")) < 0 ||
      (rc = der_expect(&cd, &sig, ID_BIT_STRING, "signatureValue")) < 0 ||
      (rc = der_end(&cd, "Certificate")) < 0)
    return rc;
  if (sig.len == 0 || sig.val[0] > 7)
    return bad(src, sig.start, "signatureValue: bad unused-bits octet");

  td = der_in(&cd, &tbs);
  c->version = 1;
  if ((rc = der_optional(&td, &t, ID_CTX(0))) < 0)
    return rc;
  if (rc) {
    der v = der_in(&td, &t);
    tlv n;
    int version;
    if ((rc = der_expect(&v, &n, ID_INTEGER, "version")) < 0 ||
        (rc = der_end(&v, "version")) < 0 ||
        (rc = int_value(src, &n, &version, "version")) < 0)
      return rc;
    if (version > 2)
      return bad(src, n.start, "unknown certificate version %d", version + 1);
    c->version = version + 1;
  }
  if ((rc = der_expect(&td, &t, ID_INTEGER, "serialNumber")) < 0)
    return rc;
  if (t.len == 0)
    return bad(src, t.start, "serialNumber: empty INTEGER");
  if (!(c->serial_hex = hex_dup(t.val, t.len)))
    return cr_error_oom();

  if ((rc = der_expect(&td, &tbs_sig, ID_SEQUENCE, "signature")) < 0)
    return rc;
  /* RFC 5280 4.1.1.2: the same algorithm as signatureAlgorithm. */
  if (tbs_sig.len != sig_alg.len ||
      memcmp(tbs_sig.val, sig_alg.val, sig_alg.len) != 0)
    return bad(src, sig_alg.start,
               "signatureAlgorithm differs from tbsCertificate.signature");
  if ((rc = read_sig_alg(src, &tbs_sig, c)) < 0)
    return rc;

  if ((rc = der_expect(&td, &issuer, ID_SEQUENCE, "issuer")) < 0 ||
      (rc = name_to_string(src, &issuer, &c->issuer)) < 0)
    return rc;
  if ((rc = der_expect(&td, &validity, ID_SEQUENCE, "validity")) < 0)
    return rc;
  vd = der_in(&td, &validity);
  if ((rc = read_time(&vd, &c->not_before, "notBefore")) < 0 ||
      (rc = read_time(&vd, &c->not_after, "notAfter")) < 0 ||
      (rc = der_end(&vd, "validity")) < 0)
    return rc;
  if ((rc = der_expect(&td, &subject, ID_SEQUENCE, "subject")) < 0 ||
      (rc = name_to_string(src, &subject, &c->subject)) < 0)
    return rc;
  if ((rc = read_spki(&td, c)) < 0)
    return rc;

  if ((rc = der_optional(&td, &value, ID_CTX_PRIM(1))) < 0)
    return rc;
  if (rc && c->version < 2)
    return bad(src, value.start, "issuerUniqueID in a version 1 certificate");
  if ((rc = der_optional(&td, &value, ID_CTX_PRIM(2))) < 0)
    return rc;
  if (rc && c->version < 2)
    return bad(src, value.start, "subjectUniqueID in a version 1 certificate");
  if ((rc = der_optional(&td, &value, ID_CTX(3))) < 0)
    return rc;
  if (rc) {
    if (c->version < 3)
      return bad(src, value.start, "extensions in a version %d certificate",
                 c->version);
    if ((rc = read_extensions(&td, &value, c)) < 0)
      return rc;
  }
  if ((rc = der_end(&td, "tbsCertificate")) < 0)
    return rc;

  c->self_signed = issuer.len == subject.len &&
                   memcmp(issuer.val, subject.val, issuer.len) == 0;
  if (c->self_signed && c->subject_key_id && c->authority_key_id)
    c->self_signed = strcmp(c->subject_key_id, c->authority_key_id) == 0;
  return 0;
}

int cr_x509_parse(cr_x509 *cert, const uint8_t *der, size_t len,
                  const char *origin)
{
  der_src src;
  int rc;

  if (!cert)
    return cr_error_set(CR_EINVAL, "cr_x509_parse: no output");
  memset(cert, 0, sizeof *cert);
  cert->path_len = -1;
  if (!der && len)
    return cr_error_set(CR_EINVAL, "cr_x509_parse: no input");
  if (!der)
    der = (const uint8_t *)"";
  src.base = der;
  src.origin = origin;
  rc = parse(cert, &src, der, len);
  if (rc < 0) {
    cr_x509_dispose(cert);
    return rc;
  }
  return CR_OK;
}

void cr_x509_dispose(cr_x509 *cert)
{
  size_t i;
  if (!cert)
    return;
  free(cert->serial_hex);
  free(cert->subject);
  free(cert->issuer);
  free(cert->sig_oid);
  free(cert->ec_curve);
  for (i = 0; i < cert->neku; i++)
    free(cert->eku[i]);
  free(cert->eku);
  free(cert->subject_key_id);
  free(cert->authority_key_id);
  memset(cert, 0, sizeof *cert);
  cert->path_len = -1;
}

static bool list_has(char *const *list, size_t n, const char *oid)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (list[i] && strcmp(list[i], oid) == 0)
      return true;
  return false;
}

bool cr_x509_allows(const cr_x509 *cert, const char *oid)
{
  if (!cert || !oid)
    return false;
  return !cert->has_eku || list_has(cert->eku, cert->neku, oid);
}

bool cr_cert_allows(const cr_x509 *cert, const cr_cert_blob *blob,
                    const char *oid)
{
  if (!cr_x509_allows(cert, oid))
    return false;
  return !blob || !blob->has_eku_override ||
         list_has(blob->eku_override, blob->neku_override, oid);
}

/* ---------------------------------------------------------------- */
/* The certificate store's serialized element ("Blob").             */
/* ---------------------------------------------------------------- */

/*
 * Layout: a run of properties, each a 12-byte header { uint32 prop_id,
 * uint32 encoding type (always 1), uint32 length } (little-endian) and
 * `length` bytes; the certificate (CERT_CERT_PROP_ID, 32) comes last.
 * Sources: [MS-OSHARED] 2.3.2.5.1 SerializedCertificateEntry and
 * 2.3.2.5.4 CertStoreCertificateGroup (properties, then the certificate),
 * and Wine's dlls/crypt32/serialize.c (WINE_CERT_PROP_HEADER,
 * CRYPT_SerializeStoreElement), which writes the registry's Blob values.
 */
enum {
  PROP_KEY_PROV_INFO = 2,
  PROP_SHA1_HASH = 3,
  PROP_ENHKEY_USAGE = 9,
  PROP_FRIENDLY_NAME = 11,
  PROP_CERT = 32
};

/*
 * CERT_KEY_PROV_INFO_PROP_ID (2) is not stored as the in-memory
 * CRYPT_KEY_PROV_INFO (which holds pointers) but as seven little-endian
 * uint32 fields in which the pointers become offsets from the start of
 * the property: { container name offset, provider name offset,
 * dwProvType, dwFlags, cProvParam, rgProvParam offset, dwKeySpec },
 * followed by cProvParam 16-byte { dwParam, pbData offset, cbData,
 * dwFlags } entries and the data: the names are NUL-terminated UTF-16LE,
 * an offset of 0 means no name. Sources: Wine's dlls/crypt32/serialize.c
 * (struct store_CRYPT_KEY_PROV_INFO, struct store_CRYPT_KEY_PROV_PARAM,
 * serialize_KeyProvInfoProperty, read_serialized_KeyProvInfoProperty) and
 * Microsoft's [MS-BPAU] 2.2.2.1.1 KEY_PROV_INFO (the same fields: "Offset
 * to Container Name", "Offset to Provider Name", "Provider Type", "Flags",
 * 8 reserved bytes, "Key Specification", then the name data).
 */
#define KPI_HEADER 28
#define KPI_PARAM 16

static uint32_t le32(const uint8_t *p)
{
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
         (uint32_t)p[3] << 24;
}

static void put_le32(cr_buf *b, uint32_t v)
{
  uint8_t x[4];
  x[0] = (uint8_t)v;
  x[1] = (uint8_t)(v >> 8);
  x[2] = (uint8_t)(v >> 16);
  x[3] = (uint8_t)(v >> 24);
  cr_buf_put(b, x, 4);
}

/* A NUL-terminated UTF-16LE string at `off` inside [p, p + n). */
static int kpi_name(const der_src *src, const uint8_t *p, size_t n,
                    uint32_t off, char **out, const char *what)
{
  size_t i;
  cr_buf b = CR_BUF_INIT;
  int rc;

  if (off == 0)
    return 0;
  if (off < KPI_HEADER || off >= n)
    return bad(src, p, "key provider info: %s offset %u outside 28..%zu",
               what, (unsigned)off, n - 1);
  for (i = off; i + 1 < n; i += 2)
    if (p[i] == 0 && p[i + 1] == 0)
      break;
  if (i + 1 >= n)
    return bad(src, p + off, "key provider info: %s is not NUL-terminated",
               what);
  if ((rc = cr_utf16_to_utf8(&b, p + off, (i - off) / 2)) < 0) {
    cr_buf_dispose(&b);
    return rc;
  }
  cr_buf_puts(&b, ""); /* an empty name is "" */
  if ((rc = cr_buf_status(&b)) < 0) {
    cr_buf_dispose(&b);
    return rc;
  }
  *out = cr_buf_detach(&b, NULL);
  return 0;
}

static int read_key_prov_info(const der_src *src, const uint8_t *p, size_t n,
                              cr_cert_blob *out)
{
  uint32_t cparams, params_off, i;
  int rc;

  if (n < KPI_HEADER)
    return bad(src, p, "key provider info of %zu bytes (its header is %d)",
               n, KPI_HEADER);
  out->key_prov_type = le32(p + 8);
  out->key_flags = le32(p + 12);
  cparams = le32(p + 16);
  params_off = le32(p + 20);
  out->key_spec = le32(p + 24);
  if (cparams) {
    if (params_off < KPI_HEADER || params_off > n ||
        cparams > (n - params_off) / KPI_PARAM)
      return bad(src, p + 16,
                 "key provider info: %u parameters at offset %u do not fit "
                 "in %zu bytes", (unsigned)cparams, (unsigned)params_off, n);
    for (i = 0; i < cparams; i++) {
      const uint8_t *e = p + params_off + (size_t)i * KPI_PARAM;
      uint32_t data_off = le32(e + 4), cb = le32(e + 8);
      if (cb && (data_off < KPI_HEADER || data_off > n || cb > n - data_off))
        return bad(src, e, "key provider info: parameter %u data outside "
                   "the property", (unsigned)i);
    }
  }
  if ((rc = kpi_name(src, p, n, le32(p), &out->key_container,
                     "container name")) < 0 ||
      (rc = kpi_name(src, p, n, le32(p + 4), &out->key_provider,
                     "provider name")) < 0)
    return rc;
  out->has_key_prov_info = true;
  return 0;
}

/* CERT_ENHKEY_USAGE_PROP_ID: the DER of a SEQUENCE OF OBJECT IDENTIFIER
 * (CERT_ENHKEY_USAGE encoded as X509_ENHANCED_KEY_USAGE); an empty one
 * disables every purpose. */
static int read_eku_override(const der_src *src, const uint8_t *p, size_t n,
                             cr_cert_blob *out)
{
  der d = der_over(src, p, n), s;
  tlv seq, t;
  size_t cap = 0;
  int rc;

  if ((rc = der_expect(&d, &seq, ID_SEQUENCE, "enhanced key usage")) < 0 ||
      (rc = der_end(&d, "the enhanced key usage property")) < 0)
    return rc;
  s = der_in(&d, &seq);
  out->has_eku_override = true;
  while (der_more(&s)) {
    char oid[OID_MAX];
    if ((rc = der_expect(&s, &t, ID_OID, "usage identifier")) < 0 ||
        (rc = oid_format(src, &t, oid)) < 0)
      return rc;
    if (out->neku_override == cap) {
      char **grown;
      cap = cap ? cap * 2 : 4;
      if (!(grown = cr_realloc_array(out->eku_override, cap, sizeof *grown)))
        return cr_error_oom();
      out->eku_override = grown;
    }
    if (!(out->eku_override[out->neku_override] = cr_strdup(oid)))
      return cr_error_oom();
    out->neku_override++;
  }
  return 0;
}

static int read_friendly_name(const der_src *src, const uint8_t *p, size_t n,
                              cr_cert_blob *out)
{
  size_t units = 0;
  cr_buf b = CR_BUF_INIT;
  int rc;

  if (n % 2)
    return bad(src, p, "friendly name of %zu bytes is not UTF-16", n);
  while (units * 2 < n && (p[units * 2] || p[units * 2 + 1]))
    units++; /* up to the terminating NUL */
  if ((rc = cr_utf16_to_utf8(&b, p, units)) < 0) {
    cr_buf_dispose(&b);
    return rc;
  }
  cr_buf_puts(&b, "");
  if ((rc = cr_buf_status(&b)) < 0) {
    cr_buf_dispose(&b);
    return rc;
  }
  out->friendly_name = cr_buf_detach(&b, NULL);
  return 0;
}

static int blob_parse(cr_cert_blob *out, const der_src *src,
                      const uint8_t *blob, size_t len)
{
  size_t pos = 0;
  bool have_kpi = false, have_name = false;
  int rc;

  while (pos < len) {
    const uint8_t *h = blob + pos, *data;
    uint32_t id, reserved, n;

    if (len - pos < 12)
      return bad(src, h, "truncated property header (%zu of 12 bytes)",
                 len - pos);
    id = le32(h);
    reserved = le32(h + 4);
    n = le32(h + 8);
    if (reserved != 1)
      return bad(src, h + 4, "property %u: encoding type %u, not 1",
                 (unsigned)id, (unsigned)reserved);
    if (n > len - pos - 12)
      return bad(src, h + 8,
                 "property %u: length %u runs past the end (%zu bytes left)",
                 (unsigned)id, (unsigned)n, len - pos - 12);
    data = h + 12;
    switch (id) {
    case 0:
      return bad(src, h, "property id 0");
    case PROP_CERT:
      if (out->cert)
        return bad(src, h, "second certificate property (32)");
      if (n == 0)
        return bad(src, h, "empty certificate property (32)");
      out->cert = data;
      out->cert_len = n;
      break;
    case PROP_SHA1_HASH:
      if (out->sha1)
        return bad(src, h, "second SHA-1 hash property (3)");
      if (n != 20)
        return bad(src, h + 8, "SHA-1 hash property of %u bytes, not 20",
                   (unsigned)n);
      out->sha1 = data;
      break;
    case PROP_ENHKEY_USAGE:
      if (out->has_eku_override)
        return bad(src, h, "second enhanced key usage property (9)");
      if ((rc = read_eku_override(src, data, n, out)) < 0)
        return rc;
      break;
    case PROP_FRIENDLY_NAME:
      if (have_name)
        return bad(src, h, "second friendly name property (11)");
      have_name = true;
      if ((rc = read_friendly_name(src, data, n, out)) < 0)
        return rc;
      break;
    case PROP_KEY_PROV_INFO:
      if (have_kpi)
        return bad(src, h, "second key provider info property (2)");
      have_kpi = true;
      if ((rc = read_key_prov_info(src, data, n, out)) < 0)
        return rc;
      break;
    default: /* a property the checks do not need */
      break;
    }
    pos += 12 + (size_t)n;
  }
  if (!out->cert)
    return bad(src, blob + len, "no certificate property (32)");
  return 0;
}

int cr_cert_blob_parse(cr_cert_blob *out, const uint8_t *blob, size_t len,
                       const char *origin)
{
  der_src src;
  int rc;

  if (!out)
    return cr_error_set(CR_EINVAL, "cr_cert_blob_parse: no output");
  memset(out, 0, sizeof *out);
  if (!blob && len)
    return cr_error_set(CR_EINVAL, "cr_cert_blob_parse: no input");
  if (!blob)
    blob = (const uint8_t *)"";
  src.base = blob;
  src.origin = origin ? origin : "Blob";
  rc = blob_parse(out, &src, blob, len);
  if (rc < 0) {
    cr_cert_blob_dispose(out);
    return rc;
  }
  return CR_OK;
}

void cr_cert_blob_dispose(cr_cert_blob *b)
{
  size_t i;
  if (!b)
    return;
  for (i = 0; i < b->neku_override; i++)
    free(b->eku_override[i]);
  free(b->eku_override);
  free(b->friendly_name);
  free(b->key_container);
  free(b->key_provider);
  memset(b, 0, sizeof *b);
}

/* DER length octets. */
static void put_der_len(cr_buf *b, size_t len)
{
  if (len < 0x80) {
    cr_buf_putc(b, (char)len);
  } else {
    uint8_t x[5];
    int n = 0;
    size_t v = len;
    while (v) {
      x[4 - n++] = (uint8_t)v;
      v >>= 8;
    }
    cr_buf_putc(b, (char)(0x80 | n));
    cr_buf_put(b, x + 5 - n, (size_t)n);
  }
}

/* Appends one subidentifier in base 128 (X.690 8.19.2). */
static void put_subid(cr_buf *b, uint64_t v)
{
  uint8_t x[10];
  int k = 0;
  do {
    x[9 - k] = (uint8_t)((v & 0x7F) | (k ? 0x80 : 0));
    k++;
    v >>= 7;
  } while (v);
  cr_buf_put(b, x + 10 - k, (size_t)k);
}

/* A dotted OID as DER contents; CR_EINVAL when it is not one. Accepts
 * everything oid_format() prints: arcs up to 2^64-1, any count. */
static int oid_encode(cr_buf *b, const char *oid)
{
  const char *s = oid;
  uint64_t first = 0;
  size_t n = 0;

  for (;;) {
    uint64_t v = 0;
    if (*s < '0' || *s > '9' || (*s == '0' && s[1] >= '0' && s[1] <= '9'))
      return cr_error_set(CR_EINVAL, "not a dotted OID: \"%s\"", oid);
    while (*s >= '0' && *s <= '9') {
      uint64_t d = (uint64_t)(*s++ - '0');
      if (v > (UINT64_MAX - d) / 10)
        return cr_error_set(CR_EINVAL, "OID arc too large: \"%s\"", oid);
      v = v * 10 + d;
    }
    if (n == 0) {
      if (v > 2)
        return cr_error_set(CR_EINVAL, "OID must start with 0, 1 or 2: "
                            "\"%s\"", oid);
      first = v;
    } else if (n == 1) {
      if ((first < 2 && v > 39) || v > UINT64_MAX - 80)
        return cr_error_set(CR_EINVAL, "OID arc too large: \"%s\"", oid);
      put_subid(b, first * 40 + v);
    } else {
      put_subid(b, v);
    }
    n++;
    if (*s == '\0')
      break;
    if (*s++ != '.')
      return cr_error_set(CR_EINVAL, "not a dotted OID: \"%s\"", oid);
  }
  if (n < 2)
    return cr_error_set(CR_EINVAL, "not a dotted OID: \"%s\"", oid);
  return cr_buf_status(b);
}

static void put_prop(cr_buf *b, uint32_t id, const void *data, size_t len)
{
  put_le32(b, id);
  put_le32(b, 1);
  put_le32(b, (uint32_t)len);
  cr_buf_put(b, data, len);
}

static int put_utf16z(cr_buf *b, const char *s)
{
  int rc = cr_utf8_to_utf16(b, s, strlen(s));
  if (rc < 0)
    return rc;
  cr_buf_put_u16(b, 0);
  return cr_buf_status(b);
}

int cr_cert_blob_build(cr_buf *out, const cr_cert_blob *b)
{
  cr_buf prop = CR_BUF_INIT;
  uint8_t sha1[20];
  int rc = 0;

  if (!out || !b || !b->cert || !b->cert_len)
    return cr_error_set(CR_EINVAL, "cr_cert_blob_build: no certificate");
  if (b->cert_len > UINT32_MAX)
    return cr_error_set(CR_EINVAL, "cr_cert_blob_build: certificate too large");

  /* Properties by id, then the certificate ([MS-OSHARED] 2.3.2.5.4). */
  if (b->has_key_prov_info) {
    cr_buf names = CR_BUF_INIT;
    uint32_t cont = 0, prov = 0;
    if (b->key_container) {
      cont = KPI_HEADER;
      rc = put_utf16z(&names, b->key_container);
    }
    if (rc >= 0 && b->key_provider) {
      prov = (uint32_t)(KPI_HEADER + names.len);
      rc = put_utf16z(&names, b->key_provider);
    }
    if (rc < 0) {
      cr_buf_dispose(&names);
      return rc;
    }
    put_le32(&prop, cont);
    put_le32(&prop, prov);
    put_le32(&prop, b->key_prov_type);
    put_le32(&prop, b->key_flags);
    put_le32(&prop, 0); /* cProvParam */
    put_le32(&prop, 0); /* rgProvParam */
    put_le32(&prop, b->key_spec);
    cr_buf_put(&prop, names.ptr, names.len);
    cr_buf_dispose(&names);
    if ((rc = cr_buf_status(&prop)) < 0)
      goto done;
    put_prop(out, PROP_KEY_PROV_INFO, prop.ptr, prop.len);
    prop.len = 0;
  }
  if (!b->sha1) {
    if ((rc = cr_sha1(sha1, b->cert, b->cert_len)) < 0)
      goto done;
  }
  put_prop(out, PROP_SHA1_HASH, b->sha1 ? b->sha1 : sha1, 20);
  if (b->has_eku_override) {
    cr_buf oids = CR_BUF_INIT;
    size_t i;
    for (i = 0; i < b->neku_override && rc >= 0; i++) {
      cr_buf one = CR_BUF_INIT;
      rc = oid_encode(&one, b->eku_override[i] ? b->eku_override[i] : "");
      if (rc >= 0) {
        cr_buf_putc(&oids, ID_OID);
        put_der_len(&oids, one.len);
        cr_buf_put(&oids, one.ptr, one.len);
      }
      cr_buf_dispose(&one);
    }
    if (rc >= 0) {
      cr_buf_putc(&prop, ID_SEQUENCE);
      put_der_len(&prop, oids.len);
      cr_buf_put(&prop, oids.ptr, oids.len);
      rc = cr_buf_status(&prop);
    }
    cr_buf_dispose(&oids);
    if (rc < 0)
      goto done;
    put_prop(out, PROP_ENHKEY_USAGE, prop.ptr, prop.len);
    prop.len = 0;
  }
  if (b->friendly_name) {
    if ((rc = put_utf16z(&prop, b->friendly_name)) < 0)
      goto done;
    put_prop(out, PROP_FRIENDLY_NAME, prop.ptr, prop.len);
    prop.len = 0;
  }
  put_prop(out, PROP_CERT, b->cert, b->cert_len);
  rc = cr_buf_status(out);
done:
  cr_buf_dispose(&prop);
  return rc < 0 ? rc : CR_OK;
}

bool cr_thumbprint_normalise(char out[41], const char *in)
{
  size_t n = 0;
  if (!in)
    return false;
  for (; *in; in++) {
    /* U+200E (E2 80 8E), which certmgr copies ahead of thumbprints. */
    if ((unsigned char)in[0] == 0xE2 && (unsigned char)in[1] == 0x80 &&
        (unsigned char)in[2] == 0x8E) {
      in += 2;
      continue;
    }
    if (*in == ' ' || *in == '\t' || *in == ':')
      continue;
    if (!((*in >= '0' && *in <= '9') || (*in >= 'a' && *in <= 'f') ||
          (*in >= 'A' && *in <= 'F')) || n == 40)
      return false;
    out[n++] = (char)(*in >= 'a' && *in <= 'f' ? *in - 32 : *in);
  }
  out[n] = '\0';
  return n == 40;
}

const char *cr_key_type_name(cr_key_type k)
{
  switch (k) {
  case CR_KEYTYPE_RSA: return "RSA";
  case CR_KEYTYPE_EC: return "ECDSA";
  case CR_KEYTYPE_DSA: return "DSA";
  case CR_KEYTYPE_ED25519: return "Ed25519";
  case CR_KEYTYPE_ED448: return "Ed448";
  default: return "unknown";
  }
}
