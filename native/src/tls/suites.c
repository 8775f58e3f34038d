/*
 * suites.c - lookups in the generated cipher-suite table (cipher_suites.c,
 * written at build time by tools/gen_cipher_suites.py from the IANA CSV),
 * Schannel's names for suites, and the parsers of the two registry values
 * that list them (see suites.h).
 *
 * Every table here is constant data: nothing is built on first use, so all
 * lookups are thread-safe. The by-name index is generated with the table.
 */
#include "suites.h"

#include <stdlib.h>
#include <string.h>

/* Indices into cr_suites ordered by name as cr_stricmp orders them
 * (generated, cipher_suites.c); cr_suite_count entries. */
extern const uint16_t cr_suite_name_order[];

const cr_suite *cr_suite_by_id(uint16_t id)
{
  size_t lo = 0, hi = cr_suite_count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cr_suites[mid].id == id)
      return &cr_suites[mid];
    if (cr_suites[mid].id < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

/* Compares the first n bytes of s (no NUL among them) with name, as
 * cr_stricmp would compare the n-byte string. */
static int name_cmp_n(const char *s, size_t n, const char *name)
{
  int r = cr_strnicmp(s, name, n);
  if (r != 0)
    return r;
  return name[n] == '\0' ? 0 : -1; /* s is a proper prefix of name */
}

static const cr_suite *by_name_n(const char *s, size_t n)
{
  size_t lo = 0, hi = cr_suite_count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const cr_suite *suite = &cr_suites[cr_suite_name_order[mid]];
    int r = name_cmp_n(s, n, suite->name);
    if (r == 0)
      return suite;
    if (r > 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

const cr_suite *cr_suite_by_name(const char *name)
{
  return name ? by_name_n(name, strlen(name)) : NULL;
}

/* SSL 2.0 CIPHER-KIND values (SSL 2.0 specification, appendix C; RFC 6101
 * appendix E). Schannel names them SSL_CK_*. */
static const cr_ssl2_kind ssl2_kinds[] = {
  { 0x010080, "SSL_CK_RC4_128_WITH_MD5", false },
  { 0x020080, "SSL_CK_RC4_128_EXPORT40_WITH_MD5", true },
  { 0x030080, "SSL_CK_RC2_128_CBC_WITH_MD5", false },
  { 0x040080, "SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5", true },
  { 0x050080, "SSL_CK_IDEA_128_CBC_WITH_MD5", false },
  { 0x060040, "SSL_CK_DES_64_CBC_WITH_MD5", false },
  { 0x0700C0, "SSL_CK_DES_192_EDE3_CBC_WITH_MD5", false },
};

const cr_ssl2_kind *cr_ssl2_kind_by_name(const char *name)
{
  size_t i;
  if (!name)
    return NULL;
  for (i = 0; i < sizeof ssl2_kinds / sizeof ssl2_kinds[0]; i++)
    if (cr_stricmp(name, ssl2_kinds[i].name) == 0)
      return &ssl2_kinds[i];
  return NULL;
}

/*
 * Before Windows 10 Schannel named each ECC suite once per curve, with a
 * _P256/_P384/_P521 suffix (MicrosoftDocs win32, cipher-suites-in-schannel:
 * "Prior to Windows 10, cipher suite strings were appended with the
 * elliptic curve"). Only ECDH/ECDHE suites carry one.
 */
const cr_suite *cr_suite_from_schannel(const char *name, unsigned *curve)
{
  const cr_suite *s;
  size_t n;
  unsigned c = 0;

  if (curve)
    *curve = 0;
  if (!name)
    return NULL;
  n = strlen(name);
  s = by_name_n(name, n);
  if (s)
    return s;
  if (n > 5 && name[n - 5] == '_' && (name[n - 4] == 'P' || name[n - 4] == 'p')) {
    const char *digits = name + n - 3;
    if (strcmp(digits, "256") == 0)
      c = 256;
    else if (strcmp(digits, "384") == 0)
      c = 384;
    else if (strcmp(digits, "521") == 0)
      c = 521;
  }
  if (!c)
    return NULL;
  if (curve)
    *curve = c;
  s = by_name_n(name, n - 5);
  if (s && (strcmp(s->kx, "ECDHE") == 0 || strcmp(s->kx, "ECDH") == 0))
    return s;
  return NULL;
}

/* ---------------------------------------------------------------- */
/* Registry value parsers.                                          */
/* ---------------------------------------------------------------- */

static uint16_t unit_at(const uint8_t *data, size_t i)
{
  return (uint16_t)(data[2 * i] | (data[2 * i + 1] << 8));
}

static const char *origin_or_default(const char *origin)
{
  return origin ? origin : "registry data";
}

void cr_name_list_dispose(cr_name_list *l)
{
  size_t i;
  if (!l)
    return;
  for (i = 0; i < l->count; i++)
    free(l->names[i]);
  free(l->names);
  l->names = NULL;
  l->count = 0;
}

/* Checks units [from, to) for unpaired surrogates. */
static int check_utf16(const uint8_t *data, size_t from, size_t to,
                       const char *origin)
{
  size_t i;
  for (i = from; i < to; i++) {
    uint16_t u = unit_at(data, i);
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 1 < to) {
        uint16_t v = unit_at(data, i + 1);
        if (v >= 0xDC00 && v <= 0xDFFF) {
          i++;
          continue;
        }
      }
      return cr_error_set(CR_EPARSE,
                          "%s: offset %zu: high surrogate 0x%04X without a "
                          "low surrogate after it (invalid UTF-16)",
                          origin_or_default(origin), 2 * i, (unsigned)u);
    }
    if (u >= 0xDC00 && u <= 0xDFFF)
      return cr_error_set(CR_EPARSE,
                          "%s: offset %zu: low surrogate 0x%04X without a "
                          "high surrogate before it (invalid UTF-16)",
                          origin_or_default(origin), 2 * i, (unsigned)u);
  }
  return CR_OK;
}

/* Appends units [from, to) as one UTF-8 name. */
static int add_name(cr_name_list *out, size_t *cap, const uint8_t *data,
                    size_t from, size_t to)
{
  cr_buf b = CR_BUF_INIT;
  char *s;
  if (out->count == *cap) {
    size_t ncap = *cap ? *cap * 2 : 16;
    char **p = cr_realloc_array(out->names, ncap, sizeof *p);
    if (!p)
      return cr_error_oom();
    out->names = p;
    *cap = ncap;
  }
  if (cr_utf16_to_utf8(&b, data + 2 * from, to - from) < 0) {
    cr_buf_dispose(&b);
    return cr_error_oom();
  }
  s = cr_buf_detach(&b, NULL);
  if (!s)
    return cr_error_oom();
  out->names[out->count++] = s;
  return CR_OK;
}

/* Common start: argument checks and the odd-length rule. */
static int begin(cr_name_list *out, const uint8_t *data, size_t len,
                 const char *origin, const char *type)
{
  if (!out)
    return cr_error_set(CR_EINVAL, "%s: no output list", origin_or_default(origin));
  out->names = NULL;
  out->count = 0;
  if (!data && len)
    return cr_error_set(CR_EINVAL, "%s: no data", origin_or_default(origin));
  if (len % 2)
    return cr_error_set(CR_EPARSE,
                        "%s: offset %zu: odd data length (%zu bytes): %s data "
                        "is UTF-16LE, two bytes per unit",
                        origin_or_default(origin), len - 1, len, type);
  return CR_OK;
}

static bool is_trim(uint16_t u)
{
  return u == ' ' || u == '\t' || u == '\r' || u == '\n';
}

int cr_parse_policy_functions(cr_name_list *out, const uint8_t *data,
                              size_t len, const char *origin)
{
  size_t units, end, i, cap = 0;
  int rc = begin(out, data, len, origin, "REG_SZ");
  if (rc < 0)
    return rc;
  units = len / 2;
  for (end = 0; end < units && unit_at(data, end) != 0; end++)
    ;
  rc = check_utf16(data, 0, end, origin);
  if (rc < 0)
    return rc;

  i = 0;
  while (i < end) {
    size_t from = i, to;
    while (i < end && unit_at(data, i) != ',')
      i++;
    to = i;
    while (from < to && is_trim(unit_at(data, from)))
      from++;
    while (to > from && is_trim(unit_at(data, to - 1)))
      to--;
    if (to > from && (rc = add_name(out, &cap, data, from, to)) < 0) {
      cr_name_list_dispose(out);
      return rc;
    }
    i++; /* past the comma (or past the end, which stops the loop) */
  }
  return CR_OK;
}

int cr_parse_multi_sz(cr_name_list *out, const uint8_t *data, size_t len,
                      const char *origin)
{
  size_t units, i = 0, cap = 0;
  int rc = begin(out, data, len, origin, "REG_MULTI_SZ");
  if (rc < 0)
    return rc;
  units = len / 2;
  while (i < units) {
    size_t from = i;
    while (i < units && unit_at(data, i) != 0)
      i++;
    if (i == from)
      break; /* an empty string ends the list */
    rc = check_utf16(data, from, i, origin);
    if (rc == CR_OK)
      rc = add_name(out, &cap, data, from, i);
    if (rc < 0) {
      cr_name_list_dispose(out);
      return rc;
    }
    i++; /* past the NUL */
  }
  return CR_OK;
}
