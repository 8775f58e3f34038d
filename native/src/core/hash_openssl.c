/*
 * hash_openssl.c - cr_sha1() outside Windows, from OpenSSL's libcrypto.
 *
 * Why libcrypto and not a SHA-1 of our own: the project writes no crypto
 * of its own, and libcrypto is the one library present on every Linux
 * distribution (and the BSDs and macOS through Homebrew), actively
 * maintained with security fixes, and shipped in FIPS-validated builds
 * (RHEL, Ubuntu Pro, SUSE) where a thumbprint must come from a validated
 * module. EVP_Digest is its stable one-shot API from 1.1 through 3.x.
 * Build dependency: Debian's libssl-dev (headers and libcrypto.so).
 * Windows builds use bcrypt instead (src/win32/hash_bcrypt.c).
 */
#ifndef _WIN32

#include "common.h"

#include <openssl/err.h>
#include <openssl/evp.h>

int cr_sha1(uint8_t out[20], const uint8_t *data, size_t len)
{
  unsigned int n = 0;
  static const uint8_t none[1] = { 0 };

  if (!out || (!data && len))
    return cr_error_set(CR_EINVAL, "cr_sha1: no buffer");
  if (!EVP_Digest(data ? data : none, len, out, &n, EVP_sha1(), NULL) ||
      n != 20) {
    unsigned long e = ERR_get_error();
    ERR_clear_error();
    return cr_error_set(CR_ERROR, "SHA-1 failed in OpenSSL (error 0x%lx)", e);
  }
  return CR_OK;
}

#endif
