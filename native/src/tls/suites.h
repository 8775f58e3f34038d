/*
 * suites.h - the cipher-suite registry (generated at build time from the
 * IANA CSV in shared/data by tools/gen_cipher_suites.py) and the Schannel
 * name rules and list parsers.
 */
#ifndef CR_SUITES_H
#define CR_SUITES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/common.h"

/* Flags of a suite. */
enum {
  CR_SUITE_DHE = 1u << 0,      /* ephemeral finite-field DH (TLS_DHE_*) */
  CR_SUITE_ECDHE = 1u << 1,
  CR_SUITE_3DES = 1u << 2,
  CR_SUITE_RC4 = 1u << 3,
  CR_SUITE_NULL = 1u << 4,     /* no encryption */
  CR_SUITE_EXPORT = 1u << 5,
  CR_SUITE_ANON = 1u << 6,     /* anonymous (no authentication) */
  CR_SUITE_AEAD = 1u << 7,     /* GCM, CCM, ChaCha20-Poly1305 */
  CR_SUITE_TLS13 = 1u << 8,    /* a TLS 1.3 suite (TLS_AES_*, ...) */
  CR_SUITE_PSK = 1u << 9,
  CR_SUITE_SCSV = 1u << 10     /* signalling value, not a suite */
};

/* Which protocol versions a suite can be used with (bit per cr_tls_proto,
 * see knowledge/tls_defaults.h). */
typedef struct cr_suite {
  uint16_t id;             /* 0xC030 */
  const char *name;        /* IANA name: TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 */
  const char *kx;          /* key exchange: RSA, DHE, ECDHE, PSK, ... ("" for 1.3) */
  const char *auth;        /* RSA, ECDSA, DSS, anon, PSK, ... ("" for 1.3) */
  const char *cipher;      /* AES_256_GCM, 3DES_EDE_CBC, RC4_128, NULL ... */
  const char *hash;        /* SHA384, SHA256, SHA, MD5 */
  uint32_t flags;          /* CR_SUITE_* */
  uint32_t versions;       /* bit (1 << cr_tls_proto) per usable version */
} cr_suite;

extern const cr_suite cr_suites[];
extern const size_t cr_suite_count;

const cr_suite *cr_suite_by_id(uint16_t id);
/* By IANA name, case-insensitive. */
const cr_suite *cr_suite_by_name(const char *name);

/*
 * Schannel names to IANA: strips a trailing _P256/_P384/_P521 (curve
 * suffixes Schannel used before Windows 10; accepted on ECDH/ECDHE suites
 * only). *curve is set to 256/384/521 when a suffix was stripped, else 0.
 * Returns the suite, or NULL when the name is unknown. SSL_CK_* (SSL 2.0)
 * names have no TLS cipher-suite id, so they return NULL too:
 * cr_ssl2_kind_by_name tells them apart from unknown names.
 */
const cr_suite *cr_suite_from_schannel(const char *name, unsigned *curve);

/* The seven SSL 2.0 cipher kinds (3-byte CIPHER-KIND values of the SSL 2.0
 * specification, listed again in RFC 6101 appendix E), by Schannel name
 * (SSL_CK_RC4_128_WITH_MD5), case-insensitive; NULL when not one. */
typedef struct cr_ssl2_kind {
  uint32_t kind;         /* 0x010080 */
  const char *name;      /* SSL_CK_RC4_128_WITH_MD5 */
  bool export_grade;     /* the EXPORT40 kinds */
} cr_ssl2_kind;

const cr_ssl2_kind *cr_ssl2_kind_by_name(const char *name);

/*
 * Parses the policy value HKLM\SOFTWARE\Policies\Microsoft\Cryptography\
 * Configuration\SSL\00010002 Functions: a REG_SZ comma-separated list
 * (UTF-16LE registry data). Empty items are skipped, surrounding spaces
 * (and tabs, CR, LF) trimmed. Names are returned as written (UTF-8), in order.
 * `origin` names the value in error messages ("<origin>: offset N: ...").
 */
typedef struct cr_name_list {
  char **names;
  size_t count;
} cr_name_list;

int cr_parse_policy_functions(cr_name_list *out, const uint8_t *data,
                              size_t len, const char *origin);
/* The local value ...\Control\Cryptography\Configuration\Local\SSL\00010002
 * Functions: REG_MULTI_SZ (and EccCurves, same form).
 * Both parsers: an odd byte count or an unpaired surrogate is CR_EPARSE
 * ("<origin>: offset N: ...", N a byte offset into `data`); on any error
 * `out` is left empty. The REG_SZ text ends at its first NUL (or at the end
 * of the data). The REG_MULTI_SZ list ends at its first empty string (the
 * double NUL), as Windows reads it: what follows is not part of the list;
 * a missing final terminator is tolerated. Names are not trimmed there. */
int cr_parse_multi_sz(cr_name_list *out, const uint8_t *data, size_t len,
                      const char *origin);
void cr_name_list_dispose(cr_name_list *l);

#endif
