/*
 * extensions.c - the certificate extensions the checks read (RFC 5280
 * 4.2): extended key usage, basic constraints, subject and authority key
 * identifiers; every other extension is checked for well-formed DER and
 * skipped (a critical one we do not know is not an error: the checks
 * only ask what a certificate says).
 */
#include "der.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int read_eku(der *d, cr_x509 *c)
{
  tlv seq, t;
  der s;
  size_t cap = 0;
  int rc;

  if ((rc = cr_der_expect(d, &seq, ID_SEQUENCE, "extendedKeyUsage")) < 0)
    return rc;
  if (seq.len == 0)
    return cr_der_bad(d->src, seq.start, "empty extendedKeyUsage");
  s = cr_der_in(d, &seq);
  c->has_eku = true;
  while (cr_der_more(&s)) {
    char oid[OID_MAX];
    if ((rc = cr_der_expect(&s, &t, ID_OID, "KeyPurposeId")) < 0 ||
        (rc = cr_der_oid_format(d->src, &t, oid)) < 0)
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

  if ((rc = cr_der_expect(d, &seq, ID_SEQUENCE, "basicConstraints")) < 0)
    return rc;
  s = cr_der_in(d, &seq);
  c->has_basic_constraints = true;
  if (cr_der_more(&s) && *s.p == ID_BOOLEAN &&
      (rc = cr_der_read_bool(&s, &c->is_ca, "basicConstraints cA")) < 0)
    return rc;
  if ((rc = cr_der_optional(&s, &t, ID_INTEGER)) < 0)
    return rc;
  if (rc && (rc = cr_der_int_value(d->src, &t, &c->path_len,
                            "basicConstraints pathLenConstraint")) < 0)
    return rc;
  return cr_der_end(&s, "basicConstraints");
}

static int read_ski(der *d, cr_x509 *c)
{
  tlv t;
  int rc = cr_der_expect(d, &t, ID_OCTET_STRING, "subjectKeyIdentifier");
  if (rc < 0)
    return rc;
  if (!(c->subject_key_id = cr_der_hex_dup(t.val, t.len)))
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

  if ((rc = cr_der_expect(d, &seq, ID_SEQUENCE, "authorityKeyIdentifier")) < 0)
    return rc;
  s = cr_der_in(d, &seq);
  if ((rc = cr_der_optional(&s, &t, ID_CTX_PRIM(0))) < 0)
    return rc;
  if (rc && !(c->authority_key_id = cr_der_hex_dup(t.val, t.len)))
    return cr_error_oom();
  if ((rc = cr_der_optional(&s, &t, ID_CTX(1))) < 0 ||
      (rc = cr_der_optional(&s, &t, ID_CTX_PRIM(2))) < 0)
    return rc;
  return cr_der_end(&s, "authorityKeyIdentifier");
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

int cr_x509_read_extensions(der *d, const tlv *explicit3, cr_x509 *c)
{
  der outer = cr_der_in(d, explicit3), list;
  bool seen[sizeof known_exts / sizeof known_exts[0]] = { false };
  tlv seq;
  int rc;

  if ((rc = cr_der_expect(&outer, &seq, ID_SEQUENCE, "extensions")) < 0 ||
      (rc = cr_der_end(&outer, "the [3] extensions field")) < 0)
    return rc;
  list = cr_der_in(&outer, &seq);
  while (cr_der_more(&list)) {
    char oid[OID_MAX];
    tlv ext, value;
    der e, v;
    bool critical = false;
    size_t i;

    if ((rc = cr_der_expect(&list, &ext, ID_SEQUENCE, "Extension")) < 0)
      return rc;
    e = cr_der_in(&list, &ext);
    if ((rc = cr_der_read_oid(&e, oid, "extnID")) < 0)
      return rc;
    if (cr_der_more(&e) && *e.p == ID_BOOLEAN &&
        (rc = cr_der_read_bool(&e, &critical, "critical")) < 0)
      return rc;
    if ((rc = cr_der_expect(&e, &value, ID_OCTET_STRING, "extnValue")) < 0 ||
        (rc = cr_der_end(&e, "Extension")) < 0)
      return rc;
    for (i = 0; i < sizeof known_exts / sizeof known_exts[0]; i++) {
      if (strcmp(oid, known_exts[i].oid) != 0)
        continue;
      if (seen[i]) /* RFC 5280 4.2: at most one instance of each */
        return cr_der_bad(d->src, ext.start, "second %s extension",
                   known_exts[i].name);
      seen[i] = true;
      v = cr_der_in(&e, &value);
      if ((rc = known_exts[i].read(&v, c)) < 0)
        return rc;
      if ((rc = cr_der_end(&v, known_exts[i].name)) < 0)
        return rc;
    }
  }
  return 0;
}

