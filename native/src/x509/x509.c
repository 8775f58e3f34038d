/*
 * x509.c - the X.509 certificate parser behind x509.h (algorithms, keys
 * and the certificate itself; DER in der.c, names in name.c, extensions
 * in extensions.c, the store Blob in blob.c), written from the
 * specifications: X.690 (DER), RFC 5280
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
#include "der.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
  if ((rc = cr_der_expect(d, whole, ID_SEQUENCE, what)) < 0)
    return rc;
  a = cr_der_in(d, whole);
  if ((rc = cr_der_read_oid(&a, oid, what)) < 0)
    return rc;
  memset(params, 0, sizeof *params);
  if (cr_der_more(&a) && (rc = cr_der_read(&a, params)) < 0)
    return rc;
  return cr_der_end(&a, what);
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
    return cr_der_bad(d->src, params.start, "%s: unexpected hash parameters", what);
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
    return cr_der_bad(src, alg->start, "RSASSA-PSS without parameters");
  if (params->id != ID_SEQUENCE)
    return cr_der_bad(src, params->start, "RSASSA-PSS parameters: expected SEQUENCE");
  d = cr_der_over(src, params->val, params->len);
  if ((rc = cr_der_optional(&d, &t, ID_CTX(0))) < 0)
    return rc;
  if (rc) {
    f = cr_der_in(&d, &t);
    if ((rc = read_hash_algid(&f, &c->sig_hash, "RSASSA-PSS hashAlgorithm")) < 0 ||
        (rc = cr_der_end(&f, "RSASSA-PSS hashAlgorithm")) < 0)
      return rc;
  }
  if ((rc = cr_der_optional(&d, &t, ID_CTX(1))) < 0)
    return rc;
  if (rc) {
    char oid[OID_MAX];
    tlv whole, mgf_params;
    der m;
    f = cr_der_in(&d, &t);
    if ((rc = read_algid(&f, &whole, oid, &mgf_params,
                         "RSASSA-PSS maskGenAlgorithm")) < 0 ||
        (rc = cr_der_end(&f, "RSASSA-PSS maskGenAlgorithm")) < 0)
      return rc;
    if (strcmp(oid, "1.2.840.113549.1.1.8") != 0) { /* id-mgf1 */
      c->pss_mgf1_hash = NULL; /* a mask generation we do not know */
    } else {
      if (!mgf_params.start)
        return cr_der_bad(src, whole.start, "MGF1 without its hash algorithm");
      m = cr_der_over(src, mgf_params.start,
                   (size_t)(mgf_params.val + mgf_params.len - mgf_params.start));
      if ((rc = read_hash_algid(&m, &c->pss_mgf1_hash, "MGF1 hash")) < 0 ||
          (rc = cr_der_end(&m, "MGF1 hash")) < 0)
        return rc;
    }
  }
  if ((rc = cr_der_optional(&d, &t, ID_CTX(2))) < 0)
    return rc;
  if (rc) {
    tlv n;
    f = cr_der_in(&d, &t);
    if ((rc = cr_der_expect(&f, &n, ID_INTEGER, "RSASSA-PSS saltLength")) < 0 ||
        (rc = cr_der_end(&f, "RSASSA-PSS saltLength")) < 0 ||
        (rc = cr_der_int_value(src, &n, &c->pss_salt_len, "RSASSA-PSS saltLength")) < 0)
      return rc;
  }
  if ((rc = cr_der_optional(&d, &t, ID_CTX(3))) < 0)
    return rc;
  if (rc) {
    tlv n;
    int trailer;
    f = cr_der_in(&d, &t);
    if ((rc = cr_der_expect(&f, &n, ID_INTEGER, "RSASSA-PSS trailerField")) < 0 ||
        (rc = cr_der_end(&f, "RSASSA-PSS trailerField")) < 0 ||
        (rc = cr_der_int_value(src, &n, &trailer, "RSASSA-PSS trailerField")) < 0)
      return rc;
    if (trailer != 1)
      return cr_der_bad(src, n.start, "RSASSA-PSS trailerField %d is not 1", trailer);
  }
  return cr_der_end(&d, "RSASSA-PSS parameters");
}

static int read_sig_alg(const der_src *src, const tlv *whole, cr_x509 *c)
{
  der d = cr_der_over(src, whole->start,
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
        return cr_der_bad(src, params.start,
                   "signature algorithm %s takes no parameters", oid);
      return 0;
    default:
      if (!params_absent_or_null(&params))
        return cr_der_bad(src, params.start,
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
    return cr_der_bad(src, key->start, "EC key without curve parameters");
  if (params->id == ID_OID) {
    char oid[OID_MAX];
    const char *name = NULL;
    if ((rc = cr_der_oid_format(src, params, oid)) < 0)
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
    return cr_der_bad(src, params->start, "EC key parameters of unknown form");
  }
  /* The public point (SEC 1 2.3.3): 04 X Y, or 02/03 X compressed. */
  if (key->len >= 1 && key->val[0] == 0x04 && key->len % 2 == 1)
    field = (key->len - 1) / 2;
  else if (key->len >= 2 && (key->val[0] == 0x02 || key->val[0] == 0x03))
    field = key->len - 1;
  if (!field)
    return cr_der_bad(src, key->val, "EC public key is not a SEC 1 point");
  if (bits && field != (bits + 7) / 8)
    return cr_der_bad(src, key->val, "EC point of %zu-byte coordinates on %s",
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

  if ((rc = cr_der_expect(d, &spki, ID_SEQUENCE, "subjectPublicKeyInfo")) < 0)
    return rc;
  s = cr_der_in(d, &spki);
  if ((rc = read_algid(&s, &alg, oid, &params, "public key algorithm")) < 0 ||
      (rc = cr_der_expect(&s, &bits, ID_BIT_STRING, "subjectPublicKey")) < 0 ||
      (rc = cr_der_end(&s, "subjectPublicKeyInfo")) < 0 ||
      (rc = cr_der_bit_string_bytes(src, &bits, &key, "subjectPublicKey")) < 0)
    return rc;

  if (strcmp(oid, "1.2.840.113549.1.1.1") == 0 ||   /* rsaEncryption */
      strcmp(oid, "1.2.840.113549.1.1.10") == 0) {  /* id-RSASSA-PSS */
    tlv seq, n, e;
    c->key_type = CR_KEYTYPE_RSA;
    if (strcmp(oid, "1.2.840.113549.1.1.1") == 0 &&
        !params_absent_or_null(&params))
      return cr_der_bad(src, params.start, "rsaEncryption parameters must be NULL");
    /* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
    k = cr_der_over(src, key.val, key.len);
    if ((rc = cr_der_expect(&k, &seq, ID_SEQUENCE, "RSAPublicKey")) < 0 ||
        (rc = cr_der_end(&k, "the RSA subjectPublicKey")) < 0)
      return rc;
    k = cr_der_in(&k, &seq);
    if ((rc = cr_der_expect(&k, &n, ID_INTEGER, "RSA modulus")) < 0 ||
        (rc = cr_der_expect(&k, &e, ID_INTEGER, "RSA public exponent")) < 0 ||
        (rc = cr_der_end(&k, "RSAPublicKey")) < 0)
      return rc;
    if (n.len == 0 || (n.val[0] & 0x80))
      return cr_der_bad(src, n.start, "RSA modulus is not a positive INTEGER");
    c->key_bits = cr_der_int_bits(&n);
    return 0;
  }
  if (strcmp(oid, "1.2.840.10045.2.1") == 0) /* id-ecPublicKey */
    return read_ec_key(src, &params, &key, c);
  if (strcmp(oid, "1.2.840.10040.4.1") == 0) { /* id-dsa, RFC 3279 2.3.2 */
    tlv y;
    c->key_type = CR_KEYTYPE_DSA;
    k = cr_der_over(src, key.val, key.len);
    if ((rc = cr_der_expect(&k, &y, ID_INTEGER, "DSA public key")) < 0 ||
        (rc = cr_der_end(&k, "the DSA subjectPublicKey")) < 0)
      return rc;
    if (params.start) { /* Dss-Parms ::= SEQUENCE { p, q, g INTEGER } */
      tlv p, q, g;
      der pd;
      if (params.id != ID_SEQUENCE)
        return cr_der_bad(src, params.start, "DSA parameters: expected SEQUENCE");
      pd = cr_der_over(src, params.val, params.len);
      if ((rc = cr_der_expect(&pd, &p, ID_INTEGER, "DSA p")) < 0 ||
          (rc = cr_der_expect(&pd, &q, ID_INTEGER, "DSA q")) < 0 ||
          (rc = cr_der_expect(&pd, &g, ID_INTEGER, "DSA g")) < 0 ||
          (rc = cr_der_end(&pd, "DSA parameters")) < 0)
        return rc;
      c->key_bits = cr_der_int_bits(&p);
    }
    return 0;
  }
  if (strcmp(oid, "1.3.101.112") == 0 || strcmp(oid, "1.3.101.113") == 0) {
    bool ed25519 = strcmp(oid, "1.3.101.112") == 0;
    size_t want = ed25519 ? 32 : 57; /* RFC 8032 5.1.5, 5.2.5 */
    c->key_type = ed25519 ? CR_KEYTYPE_ED25519 : CR_KEYTYPE_ED448;
    if (params.start)
      return cr_der_bad(src, params.start, "%s key takes no parameters",
                 ed25519 ? "Ed25519" : "Ed448");
    if (key.len != want)
      return cr_der_bad(src, key.val, "%s public key of %zu bytes, not %zu",
                 ed25519 ? "Ed25519" : "Ed448", key.len, want);
    c->key_bits = ed25519 ? 255 : 448; /* the field: 2^255-19, 2^448-... */
    return 0;
  }
  return 0; /* another algorithm: CR_KEYTYPE_UNKNOWN */
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
  der top = cr_der_over(src, data, len), cd, td, vd;
  tlv cert, tbs, sig_alg, sig, t, tbs_sig, issuer, subject, validity, value;
  int rc;

  if ((rc = cr_der_expect(&top, &cert, ID_SEQUENCE, "Certificate")) < 0)
    return rc;
  if ((rc = cr_der_end(&top, "the input (after the certificate)")) < 0)
    return rc;
  /* Framing first: every constructed element well formed, depth-limited. */
  if ((rc = cr_der_walk(src, cert.val, cert.val + cert.len, 1)) < 0)
    return rc;
  c->der = data;
  c->der_len = (size_t)(cert.val + cert.len - data);

  cd = cr_der_in(&top, &cert);
  if ((rc = cr_der_expect(&cd, &tbs, ID_SEQUENCE, "tbsCertificate")) < 0 ||
      (rc = cr_der_expect(&cd, &sig_alg, ID_SEQUENCE, "signatureAlgorithm")) < 0 ||
      (rc = cr_der_expect(&cd, &sig, ID_BIT_STRING, "signatureValue")) < 0 ||
      (rc = cr_der_end(&cd, "Certificate")) < 0)
    return rc;
  if (sig.len == 0 || sig.val[0] > 7)
    return cr_der_bad(src, sig.start, "signatureValue: bad unused-bits octet");

  td = cr_der_in(&cd, &tbs);
  c->version = 1;
  if ((rc = cr_der_optional(&td, &t, ID_CTX(0))) < 0)
    return rc;
  if (rc) {
    der v = cr_der_in(&td, &t);
    tlv n;
    int version;
    if ((rc = cr_der_expect(&v, &n, ID_INTEGER, "version")) < 0 ||
        (rc = cr_der_end(&v, "version")) < 0 ||
        (rc = cr_der_int_value(src, &n, &version, "version")) < 0)
      return rc;
    if (version > 2)
      return cr_der_bad(src, n.start, "unknown certificate version %d", version + 1);
    c->version = version + 1;
  }
  if ((rc = cr_der_expect(&td, &t, ID_INTEGER, "serialNumber")) < 0)
    return rc;
  if (t.len == 0)
    return cr_der_bad(src, t.start, "serialNumber: empty INTEGER");
  if (!(c->serial_hex = cr_der_hex_dup(t.val, t.len)))
    return cr_error_oom();

  if ((rc = cr_der_expect(&td, &tbs_sig, ID_SEQUENCE, "signature")) < 0)
    return rc;
  /* RFC 5280 4.1.1.2: the same algorithm as signatureAlgorithm. */
  if (tbs_sig.len != sig_alg.len ||
      memcmp(tbs_sig.val, sig_alg.val, sig_alg.len) != 0)
    return cr_der_bad(src, sig_alg.start,
               "signatureAlgorithm differs from tbsCertificate.signature");
  if ((rc = read_sig_alg(src, &tbs_sig, c)) < 0)
    return rc;

  if ((rc = cr_der_expect(&td, &issuer, ID_SEQUENCE, "issuer")) < 0 ||
      (rc = cr_x509_name_string(src, &issuer, &c->issuer)) < 0)
    return rc;
  if ((rc = cr_der_expect(&td, &validity, ID_SEQUENCE, "validity")) < 0)
    return rc;
  vd = cr_der_in(&td, &validity);
  if ((rc = cr_der_read_time(&vd, &c->not_before, "notBefore")) < 0 ||
      (rc = cr_der_read_time(&vd, &c->not_after, "notAfter")) < 0 ||
      (rc = cr_der_end(&vd, "validity")) < 0)
    return rc;
  if ((rc = cr_der_expect(&td, &subject, ID_SEQUENCE, "subject")) < 0 ||
      (rc = cr_x509_name_string(src, &subject, &c->subject)) < 0)
    return rc;
  if ((rc = read_spki(&td, c)) < 0)
    return rc;

  if ((rc = cr_der_optional(&td, &value, ID_CTX_PRIM(1))) < 0)
    return rc;
  if (rc && c->version < 2)
    return cr_der_bad(src, value.start, "issuerUniqueID in a version 1 certificate");
  if ((rc = cr_der_optional(&td, &value, ID_CTX_PRIM(2))) < 0)
    return rc;
  if (rc && c->version < 2)
    return cr_der_bad(src, value.start, "subjectUniqueID in a version 1 certificate");
  if ((rc = cr_der_optional(&td, &value, ID_CTX(3))) < 0)
    return rc;
  if (rc) {
    if (c->version < 3)
      return cr_der_bad(src, value.start, "extensions in a version %d certificate",
                 c->version);
    if ((rc = cr_x509_read_extensions(&td, &value, c)) < 0)
      return rc;
  }
  if ((rc = cr_der_end(&td, "tbsCertificate")) < 0)
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

