/*
 * blob.c - the certificate store's serialized element (the registry's
 * "Blob" values) read and built, SHA-1 thumbprints as people paste them,
 * and key type names.
 */
#include "der.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    return cr_der_bad(src, p, "key provider info: %s offset %u outside 28..%zu",
               what, (unsigned)off, n - 1);
  for (i = off; i + 1 < n; i += 2)
    if (p[i] == 0 && p[i + 1] == 0)
      break;
  if (i + 1 >= n)
    return cr_der_bad(src, p + off, "key provider info: %s is not NUL-terminated",
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
    return cr_der_bad(src, p, "key provider info of %zu bytes (its header is %d)",
               n, KPI_HEADER);
  out->key_prov_type = le32(p + 8);
  out->key_flags = le32(p + 12);
  cparams = le32(p + 16);
  params_off = le32(p + 20);
  out->key_spec = le32(p + 24);
  if (cparams) {
    if (params_off < KPI_HEADER || params_off > n ||
        cparams > (n - params_off) / KPI_PARAM)
      return cr_der_bad(src, p + 16,
                 "key provider info: %u parameters at offset %u do not fit "
                 "in %zu bytes", (unsigned)cparams, (unsigned)params_off, n);
    for (i = 0; i < cparams; i++) {
      const uint8_t *e = p + params_off + (size_t)i * KPI_PARAM;
      uint32_t data_off = le32(e + 4), cb = le32(e + 8);
      if (cb && (data_off < KPI_HEADER || data_off > n || cb > n - data_off))
        return cr_der_bad(src, e, "key provider info: parameter %u data outside "
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
  der d = cr_der_over(src, p, n), s;
  tlv seq, t;
  size_t cap = 0;
  int rc;

  if ((rc = cr_der_expect(&d, &seq, ID_SEQUENCE, "enhanced key usage")) < 0 ||
      (rc = cr_der_end(&d, "the enhanced key usage property")) < 0)
    return rc;
  s = cr_der_in(&d, &seq);
  out->has_eku_override = true;
  while (cr_der_more(&s)) {
    char oid[OID_MAX];
    if ((rc = cr_der_expect(&s, &t, ID_OID, "usage identifier")) < 0 ||
        (rc = cr_der_oid_format(src, &t, oid)) < 0)
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
    return cr_der_bad(src, p, "friendly name of %zu bytes is not UTF-16", n);
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
      return cr_der_bad(src, h, "truncated property header (%zu of 12 bytes)",
                 len - pos);
    id = le32(h);
    reserved = le32(h + 4);
    n = le32(h + 8);
    if (reserved != 1)
      return cr_der_bad(src, h + 4, "property %u: encoding type %u, not 1",
                 (unsigned)id, (unsigned)reserved);
    if (n > len - pos - 12)
      return cr_der_bad(src, h + 8,
                 "property %u: length %u runs past the end (%zu bytes left)",
                 (unsigned)id, (unsigned)n, len - pos - 12);
    data = h + 12;
    switch (id) {
    case 0:
      return cr_der_bad(src, h, "property id 0");
    case PROP_CERT:
      if (out->cert)
        return cr_der_bad(src, h, "second certificate property (32)");
      if (n == 0)
        return cr_der_bad(src, h, "empty certificate property (32)");
      out->cert = data;
      out->cert_len = n;
      break;
    case PROP_SHA1_HASH:
      if (out->sha1)
        return cr_der_bad(src, h, "second SHA-1 hash property (3)");
      if (n != 20)
        return cr_der_bad(src, h + 8, "SHA-1 hash property of %u bytes, not 20",
                   (unsigned)n);
      out->sha1 = data;
      break;
    case PROP_ENHKEY_USAGE:
      if (out->has_eku_override)
        return cr_der_bad(src, h, "second enhanced key usage property (9)");
      if ((rc = read_eku_override(src, data, n, out)) < 0)
        return rc;
      break;
    case PROP_FRIENDLY_NAME:
      if (have_name)
        return cr_der_bad(src, h, "second friendly name property (11)");
      have_name = true;
      if ((rc = read_friendly_name(src, data, n, out)) < 0)
        return rc;
      break;
    case PROP_KEY_PROV_INFO:
      if (have_kpi)
        return cr_der_bad(src, h, "second key provider info property (2)");
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
    return cr_der_bad(src, blob + len, "no certificate property (32)");
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
 * everything cr_der_oid_format() prints: arcs up to 2^64-1, any count. */
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

