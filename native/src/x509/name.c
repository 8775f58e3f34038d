/*
 * name.c - X.501 Names as RFC 4514 strings, with the attribute short
 * names of RFC 4514 section 3 (and Windows' E for emailAddress); values
 * in every string type RFC 5280 allows, converted to UTF-8.
 */
#include "der.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
      cr_buf_putc(b, cr_der_hexdigits[c >> 4]);
      cr_buf_putc(b, cr_der_hexdigits[c & 15]);
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
  der d = cr_der_over(src, ava->val, ava->len);
  char oid[OID_MAX];
  const char *name = NULL;
  tlv v;
  size_t i;
  int rc;

  if ((rc = cr_der_read_oid(&d, oid, "attribute type")) < 0)
    return rc;
  if ((rc = cr_der_read(&d, &v)) < 0)
    return rc;
  if ((rc = cr_der_end(&d, "AttributeTypeAndValue")) < 0)
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
  return cr_der_put_hex(b, v.start, (size_t)(v.val + v.len - v.start));
}

/* A Name as an RFC 4514 string: the RDNs from last to first, separated by
 * ',', the attributes of a multi-valued RDN joined by '+' (in reverse
 * order too, as OpenSSL prints them; RFC 4514 allows any order). */
int cr_x509_name_string(const der_src *src, const tlv *name, char **out)
{
  der d = cr_der_over(src, name->val, name->len);
  tlv *rdns = NULL, *avas = NULL;
  size_t nrdn = 0, cap = 0, i;
  cr_buf b = CR_BUF_INIT;
  int rc = 0;

  while (cr_der_more(&d)) {
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
    if ((rc = cr_der_expect(&d, &rdns[nrdn], ID_SET,
                         "RelativeDistinguishedName")) < 0)
      goto done;
    if (rdns[nrdn].len == 0) {
      rc = cr_der_bad(src, rdns[nrdn].start, "empty RelativeDistinguishedName");
      goto done;
    }
    nrdn++;
  }
  cr_buf_puts(&b, ""); /* an empty Name is "" */
  for (i = nrdn; i-- > 0;) {
    der r = cr_der_over(src, rdns[i].val, rdns[i].len);
    size_t navas = 0, acap = 0, j;
    while (cr_der_more(&r)) {
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
      if ((rc = cr_der_expect(&r, &avas[navas], ID_SEQUENCE,
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

