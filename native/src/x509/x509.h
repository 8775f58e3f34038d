/*
 * x509.h - a portable X.509 DER reader (no third-party code) and the
 * decoder of the certificate store's serialized "Blob" values, so the same
 * certificate checks run on a live store and on a .reg snapshot.
 */
#ifndef CR_X509_H
#define CR_X509_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/common.h"

typedef enum cr_key_type {
  CR_KEYTYPE_UNKNOWN = 0,
  CR_KEYTYPE_RSA,
  CR_KEYTYPE_EC,      /* id-ecPublicKey: ECDSA certificates */
  CR_KEYTYPE_DSA,
  CR_KEYTYPE_ED25519,
  CR_KEYTYPE_ED448
} cr_key_type;

typedef enum cr_sig_scheme {
  CR_SIG_UNKNOWN = 0,
  CR_SIG_RSA_PKCS1,   /* md5WithRSAEncryption, sha256WithRSAEncryption ... */
  CR_SIG_RSA_PSS,
  CR_SIG_ECDSA,
  CR_SIG_DSA,
  CR_SIG_ED25519,
  CR_SIG_ED448
} cr_sig_scheme;

typedef struct cr_x509 {
  int version;                 /* 1, 2 or 3 */
  char *serial_hex;            /* "00A1B2..." as in the DER, upper case */
  char *subject;               /* RFC 4514 string: "CN=sql01,O=Contoso" */
  char *issuer;
  int64_t not_before, not_after; /* seconds since 1970-01-01 UTC */
  char *sig_oid;               /* dotted: "1.2.840.113549.1.1.11" */
  cr_sig_scheme sig_scheme;
  const char *sig_hash;        /* "MD5", "SHA1", "SHA224", "SHA256", "SHA384",
                                  "SHA512" (PSS: its hashAlgorithm), "MD2"
                                  (md2WithRSAEncryption), or NULL (EdDSA,
                                  unknown algorithms) */
  /* RSA-PSS parameters (RFC 4055): hash, MGF1 hash, salt length. */
  const char *pss_mgf1_hash;   /* NULL unless RSA-PSS */
  int pss_salt_len;            /* 0 unless RSA-PSS */
  cr_key_type key_type;
  unsigned key_bits;           /* RSA modulus / DSA p bits / EC field size
                                  (Ed25519: 255, Ed448: 448); 0 unknown */
  char *ec_curve;              /* "P-256", "P-384", "P-521", or the OID;
                                  NULL when not EC or not a named curve */
  bool has_eku;                /* the extendedKeyUsage extension is present */
  char **eku;                  /* dotted OIDs, e.g. 1.3.6.1.5.5.7.3.1 */
  size_t neku;
  bool has_basic_constraints;
  bool is_ca;
  int path_len;                /* -1 when absent */
  char *subject_key_id;        /* hex, NULL when absent */
  char *authority_key_id;      /* hex keyIdentifier, NULL when absent */
  bool self_signed;            /* issuer == subject (and AKI, if any, == SKI) */
  const uint8_t *der;          /* the whole certificate (points into input) */
  size_t der_len;
} cr_x509;

#define CR_OID_SERVER_AUTH "1.3.6.1.5.5.7.3.1"

/*
 * Parses a DER certificate. `origin` names the input in errors, which are
 * CR_EPARSE "<origin>: offset N: <what>" and never crash; *cert holds no
 * allocation on failure. The parsed certificate points into `der`, which
 * must outlive it.
 */
int cr_x509_parse(cr_x509 *cert, const uint8_t *der, size_t len,
                  const char *origin);
void cr_x509_dispose(cr_x509 *cert);
/* Does the certificate (by EKU, or by an enhanced-key-usage override from
 * the store) allow `oid`? No EKU extension means every purpose. */
bool cr_x509_allows(const cr_x509 *cert, const char *oid);

/*
 * The serialized certificate store element Windows keeps in
 * HKLM\SOFTWARE\Microsoft\SystemCertificates\<store>\Certificates\<sha1>
 * "Blob" (REG_BINARY): a sequence of properties, each
 * { uint32 prop_id; uint32 reserved (1); uint32 length; bytes }, one of
 * which (CERT_CERT_PROP_ID = 32) is the encoded certificate.
 */
typedef struct cr_cert_blob {
  const uint8_t *cert;         /* the DER certificate (prop 32), into input */
  size_t cert_len;
  const uint8_t *sha1;         /* CERT_SHA1_HASH_PROP_ID (3), 20 bytes */
  bool has_eku_override;       /* CERT_ENHKEY_USAGE_PROP_ID (9) present */
  char **eku_override;         /* its OIDs (an empty list: no purpose) */
  size_t neku_override;
  char *friendly_name;         /* CERT_FRIENDLY_NAME_PROP_ID (11), UTF-8 */
  bool has_key_prov_info;      /* CERT_KEY_PROV_INFO_PROP_ID (2): a private key */
  char *key_container;         /* its container name, UTF-8 */
  char *key_provider;          /* its provider name, UTF-8 */
  uint32_t key_prov_type;      /* dwProvType: 0 = CNG key storage provider,
                                  1 = PROV_RSA_FULL, 24 = PROV_RSA_AES ... */
  uint32_t key_flags;          /* dwFlags (0x20 = CRYPT_MACHINE_KEYSET) */
  uint32_t key_spec;           /* dwKeySpec: 1 = AT_KEYEXCHANGE,
                                  2 = AT_SIGNATURE (CNG: 0xFFFFFFFF) */
} cr_cert_blob;

/* CR_EPARSE "<origin>: offset N: ..." on malformed input. */
int cr_cert_blob_parse(cr_cert_blob *out, const uint8_t *blob, size_t len,
                       const char *origin);
void cr_cert_blob_dispose(cr_cert_blob *b);
/* Builds a Blob (properties in the order Windows writes them) for tests
 * and for writing the purpose fix into a snapshot. */
int cr_cert_blob_build(cr_buf *out, const cr_cert_blob *b);

/* cr_x509_allows() and, when `blob` is not NULL and carries an
 * enhanced-key-usage override (property 9), that override too: Windows
 * allows a purpose only when both the extension and the property do. */
bool cr_cert_allows(const cr_x509 *cert, const cr_cert_blob *blob,
                    const char *oid);

/* "RSA", "ECDSA", "DSA", "Ed25519", "Ed448" or "unknown". */
const char *cr_key_type_name(cr_key_type k);

/* A SHA-1 thumbprint as people paste it ("1a 2b ...", "1A:2B", with the
 * invisible U+200E certmgr copies in front) -> 40 upper-case hex digits.
 * False unless exactly 40 hex digits remain. */
bool cr_thumbprint_normalise(char out[41], const char *in);

/* cr_sha1 (the SHA-1 of a certificate) is core/common.h's: the backends
 * provide it below the checks. */

#endif
