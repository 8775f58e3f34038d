/*
 * cert_rules.h - the certificate rules (family CERTHASH) with their
 * sources: which signature hashes break TLS 1.2 for SQL Server, and the
 * other reasons SQL Server will not load (or should not use) a
 * certificate. The table is in cert_rules.c.
 */
#ifndef CR_CERT_RULES_H
#define CR_CERT_RULES_H

#include "../core/common.h"

typedef struct cr_cert_rule {
  const char *id;          /* stable: "weak-hash" */
  cr_severity severity;
  bool weak;               /* the CERTHASH weak-hash verdict */
  bool unusable;           /* SQL Server will not load the certificate */
  const char *summary;     /* one line */
  const char *citation;    /* where the rule comes from */
} cr_cert_rule;

extern const cr_cert_rule cr_cert_rules[];
extern const size_t cr_cert_rule_count;
/* NULL when no rule has that id. */
const cr_cert_rule *cr_cert_rule_find(const char *id);

/* MD5, SHA224, SHA512: the signature hashes Microsoft names as breaking
 * TLS 1.2 for SQL Server (CA-issued certificates only). */
bool cr_cert_hash_breaks_tls12(const char *hash);

/* RSA keys below this many bits are "too small" (rule rsa-too-small). */
#define CR_CERT_MIN_RSA_BITS 2048u

/* The purposes a certificate without an extendedKeyUsage extension is
 * given back when the purpose fix removes one (cert_rules.c says which
 * list and why). */
extern const char *const cr_cert_standard_purposes[];
extern const size_t cr_cert_standard_purpose_count;

#endif
