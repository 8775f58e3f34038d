/*
 * fips.h - what the FIPS algorithm policy ("System cryptography: Use FIPS
 * compliant algorithms for encryption, hashing, and signing") does to
 * Schannel: which bulk ciphers, hashes and elliptic curves stay available.
 * Rows live in fips.c, each with its source.
 */
#ifndef CR_FIPS_H
#define CR_FIPS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum cr_fips_kind {
  CR_FIPS_CIPHER = 0,  /* IANA cipher field prefix: "AES_", "3DES_EDE" */
  CR_FIPS_HASH,        /* IANA hash field: "SHA", "SHA256", "MD5" */
  CR_FIPS_CURVE        /* Schannel curve name: "NistP256", "curve25519" */
} cr_fips_kind;

typedef struct cr_fips_row {
  cr_fips_kind kind;
  const char *name;      /* matched as a prefix for ciphers, exactly else */
  bool allowed;          /* available when the policy is on */
  const char *source;
} cr_fips_row;

extern const cr_fips_row cr_fips_rows[];
extern const size_t cr_fips_row_count;

/* 1 allowed, 0 not, -1 no row says (the caller reports it as unknown). */
int cr_fips_allows(cr_fips_kind kind, const char *name);

#endif
