/*
 * der.c - the strict DER reader behind der.h (X.690): elements, primitive
 * values (OIDs, INTEGERs, BOOLEANs, BIT STRINGs) and times (RFC 5280
 * 4.1.2.5).
 */
#include "der.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cr_der_bad(const der_src *src, const uint8_t *at, const char *fmt, ...)
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

der cr_der_over(const der_src *src, const uint8_t *p, size_t len)
{
  der d;
  d.src = src;
  d.p = p;
  d.end = p + len;
  return d;
}

/* The contents of `t` as a cursor. */
der cr_der_in(const der *outer, const tlv *t)
{
  return cr_der_over(outer->src, t->val, t->len);
}

bool cr_der_more(const der *d) { return d->p < d->end; }

/* Reads the next element, whatever it is. */
int cr_der_read(der *d, tlv *t)
{
  const der_src *src = d->src;
  const uint8_t *p = d->p, *end = d->end, *len_at;
  size_t len;

  if (p >= end)
    return cr_der_bad(src, p, "unexpected end of data");
  t->start = p;
  t->id = *p++;
  t->tag = t->id & 0x1Fu;
  if (t->tag == 0x1F) { /* high-tag-number form, X.690 8.1.2.4 */
    uint32_t tag = 0;
    int n = 0;
    for (;;) {
      if (p >= end)
        return cr_der_bad(src, t->start, "truncated tag number");
      if (n == 0 && *p == 0x80)
        return cr_der_bad(src, p, "tag number with a leading zero (not DER)");
      if (++n > 4)
        return cr_der_bad(src, t->start, "tag number too large");
      tag = (tag << 7) | (*p & 0x7Fu);
      if (!(*p++ & 0x80))
        break;
    }
    if (tag < 31)
      return cr_der_bad(src, t->start,
                 "tag number %u in the long form (not DER)", (unsigned)tag);
    t->tag = tag;
  }
  if (p >= end)
    return cr_der_bad(src, p, "missing length");
  len_at = p;
  len = *p++;
  if (len & 0x80) {
    size_t n = len & 0x7F, i;
    if (n == 0)
      return cr_der_bad(src, len_at, "indefinite length (not DER)");
    if (n == 0x7F)
      return cr_der_bad(src, len_at, "reserved length octet 0xFF");
    if (n > 4)
      return cr_der_bad(src, len_at, "length of %zu octets is too long", n);
    if ((size_t)(end - p) < n)
      return cr_der_bad(src, len_at, "truncated length");
    if (*p == 0)
      return cr_der_bad(src, len_at, "length with a leading zero octet (not DER)");
    len = 0;
    for (i = 0; i < n; i++)
      len = (len << 8) | *p++;
    if (len < 0x80)
      return cr_der_bad(src, len_at, "length %zu in the long form (not DER)", len);
  }
  if (len > (size_t)(end - p))
    return cr_der_bad(src, t->start,
               "length %zu runs past the end of its container "
               "(%zu bytes left)", len, (size_t)(end - p));
  t->val = p;
  t->len = len;
  d->p = p + len;
  return 0;
}

const char *cr_der_id_name(uint8_t id)
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
int cr_der_expect(der *d, tlv *t, uint8_t id, const char *what)
{
  if (d->p >= d->end)
    return cr_der_bad(d->src, d->p, "missing %s", what);
  if (*d->p != id) {
    const char *want = cr_der_id_name(id), *got = cr_der_id_name(*d->p);
    char got_buf[16];
    if (!got) {
      snprintf(got_buf, sizeof got_buf, "tag 0x%02X", *d->p);
      got = got_buf;
    }
    if (want)
      return cr_der_bad(d->src, d->p, "%s: expected %s, found %s", what, want, got);
    return cr_der_bad(d->src, d->p, "%s: expected tag 0x%02X, found %s", what, id,
               got);
  }
  return cr_der_read(d, t);
}

/* Reads the next element when its identifier is `id`: 1 when read, 0
 * when the next element is another one (or there is none), <0 on error. */
int cr_der_optional(der *d, tlv *t, uint8_t id)
{
  int rc;
  if (d->p >= d->end || *d->p != id)
    return 0;
  rc = cr_der_read(d, t);
  return rc < 0 ? rc : 1;
}

/* Everything inside `what` must have been read. */
int cr_der_end(const der *d, const char *what)
{
  if (d->p != d->end)
    return cr_der_bad(d->src, d->p, "%zu unexpected bytes at the end of %s",
               (size_t)(d->end - d->p), what);
  return 0;
}

/* Checks that [p, end) is a run of well-formed DER elements, descending
 * into every constructed one (X.690 8.1.2.5: its contents are complete
 * encodings) to at most DER_MAX_DEPTH levels. */
int cr_der_walk(const der_src *src, const uint8_t *p, const uint8_t *end,
                    int depth)
{
  der d = cr_der_over(src, p, (size_t)(end - p));
  tlv t;
  int rc;

  while (cr_der_more(&d)) {
    if ((rc = cr_der_read(&d, &t)) < 0)
      return rc;
    if (t.id & 0x20) {
      if (depth >= DER_MAX_DEPTH)
        return cr_der_bad(src, t.start, "nested deeper than %d levels",
                   DER_MAX_DEPTH);
      if ((rc = cr_der_walk(src, t.val, t.val + t.len, depth + 1)) < 0)
        return rc;
    }
  }
  return 0;
}

/* ---------------------------------------------------------------- */
/* Primitive values.                                                */
/* ---------------------------------------------------------------- */

const char cr_der_hexdigits[] = "0123456789ABCDEF";

char *cr_der_hex_dup(const uint8_t *p, size_t n)
{
  char *s = malloc(n * 2 + 1);
  size_t i;
  if (!s)
    return NULL;
  for (i = 0; i < n; i++) {
    s[2 * i] = cr_der_hexdigits[p[i] >> 4];
    s[2 * i + 1] = cr_der_hexdigits[p[i] & 15];
  }
  s[2 * n] = '\0';
  return s;
}

int cr_der_put_hex(cr_buf *b, const uint8_t *p, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) {
    cr_buf_putc(b, cr_der_hexdigits[p[i] >> 4]);
    cr_buf_putc(b, cr_der_hexdigits[p[i] & 15]);
  }
  return cr_buf_status(b);
}

/* An OBJECT IDENTIFIER's contents as "1.2.840.113549.1.1.11" into
 * out[OID_MAX] (X.690 8.19: base-128 subidentifiers, no 0x80 padding). */
int cr_der_oid_format(const der_src *src, const tlv *t, char out[OID_MAX])
{
  size_t i = 0, n = 0;
  bool first = true;

  if (t->len == 0)
    return cr_der_bad(src, t->start, "empty OBJECT IDENTIFIER");
  while (i < t->len) {
    uint64_t v = 0;
    char arc[48];
    int w;
    if (t->val[i] == 0x80)
      return cr_der_bad(src, t->val + i,
                 "OBJECT IDENTIFIER component with a leading zero (not DER)");
    for (;;) {
      if (i >= t->len)
        return cr_der_bad(src, t->val + i - 1, "truncated OBJECT IDENTIFIER");
      if (v > (UINT64_MAX >> 7))
        return cr_der_bad(src, t->val + i, "OBJECT IDENTIFIER component too large");
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
      return cr_der_bad(src, t->start, "OBJECT IDENTIFIER longer than %d characters",
                 OID_MAX - 1);
    memcpy(out + n, arc, (size_t)w + 1);
    n += (size_t)w;
  }
  return 0;
}

/* Reads an OBJECT IDENTIFIER into out[OID_MAX]. */
int cr_der_read_oid(der *d, char out[OID_MAX], const char *what)
{
  tlv t;
  int rc = cr_der_expect(d, &t, ID_OID, what);
  return rc < 0 ? rc : cr_der_oid_format(d->src, &t, out);
}

/* A non-negative INTEGER that fits an int. */
int cr_der_int_value(const der_src *src, const tlv *t, int *out,
                     const char *what)
{
  size_t i;
  long long v = 0;
  if (t->len == 0)
    return cr_der_bad(src, t->start, "%s: empty INTEGER", what);
  if (t->val[0] & 0x80)
    return cr_der_bad(src, t->start, "%s: negative INTEGER", what);
  if (t->len > 1 && t->val[0] == 0 && !(t->val[1] & 0x80))
    return cr_der_bad(src, t->start, "%s: INTEGER with a leading zero (not DER)",
               what);
  for (i = 0; i < t->len; i++) {
    v = (v << 8) | t->val[i];
    if (v > INT_MAX)
      return cr_der_bad(src, t->start, "%s: INTEGER too large", what);
  }
  *out = (int)v;
  return 0;
}

/* Bits in a positive INTEGER's magnitude (leading zero octets skipped). */
unsigned cr_der_int_bits(const tlv *t)
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

int cr_der_read_bool(der *d, bool *out, const char *what)
{
  tlv t;
  int rc = cr_der_expect(d, &t, ID_BOOLEAN, what);
  if (rc < 0)
    return rc;
  if (t.len != 1)
    return cr_der_bad(d->src, t.start, "%s: BOOLEAN of %zu bytes", what, t.len);
  if (t.val[0] != 0x00 && t.val[0] != 0xFF)
    return cr_der_bad(d->src, t.val, "%s: BOOLEAN 0x%02X is neither 0x00 nor 0xFF "
               "(not DER)", what, t.val[0]);
  *out = t.val[0] == 0xFF;
  return 0;
}

/* A BIT STRING's contents without the unused-bits octet, which must be 0
 * (keys and signatures are whole octets). */
int cr_der_bit_string_bytes(const der_src *src, const tlv *t, tlv *bytes,
                            const char *what)
{
  *bytes = *t;
  if (t->len == 0)
    return cr_der_bad(src, t->start, "%s: BIT STRING without its unused-bits octet",
               what);
  if (t->val[0] != 0)
    return cr_der_bad(src, t->val, "%s: BIT STRING with %u unused bits", what,
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
int cr_der_read_time(der *d, int64_t *out, const char *what)
{
  static const int mdays[12] = { 31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31 };
  tlv t;
  int rc, y, m, day, hh, mm, ss, ylen;
  const uint8_t *v;

  if (d->p >= d->end)
    return cr_der_bad(d->src, d->p, "missing %s", what);
  if (*d->p == ID_UTC_TIME)
    rc = cr_der_expect(d, &t, ID_UTC_TIME, what);
  else
    rc = cr_der_expect(d, &t, ID_GENERALIZED_TIME, what);
  if (rc < 0)
    return rc;
  ylen = t.id == ID_UTC_TIME ? 2 : 4;
  if (t.len != (size_t)ylen + 11 || t.val[t.len - 1] != 'Z')
    return cr_der_bad(d->src, t.start, "%s: %s is not %s", what, cr_der_id_name(t.id),
               ylen == 2 ? "YYMMDDHHMMSSZ" : "YYYYMMDDHHMMSSZ");
  v = t.val;
  y = digits(v, (size_t)ylen);
  m = digits(v + ylen, 2);
  day = digits(v + ylen + 2, 2);
  hh = digits(v + ylen + 4, 2);
  mm = digits(v + ylen + 6, 2);
  ss = digits(v + ylen + 8, 2);
  if (y < 0 || m < 0 || day < 0 || hh < 0 || mm < 0 || ss < 0)
    return cr_der_bad(d->src, t.start, "%s: non-digit in %s", what, cr_der_id_name(t.id));
  if (ylen == 2)
    y += y < 50 ? 2000 : 1900; /* RFC 5280 4.1.2.5.1 */
  if (m < 1 || m > 12 || day < 1 ||
      day > mdays[m - 1] + (m == 2 && is_leap(y)) || hh > 23 || mm > 59 ||
      ss > 59)
    return cr_der_bad(d->src, t.start, "%s: no such date or time", what);
  *out = days_since_epoch(y, m, day) * 86400 + hh * 3600 + mm * 60 + ss;
  return 0;
}

