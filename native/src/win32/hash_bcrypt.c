/*
 * hash_bcrypt.c - cr_sha1() on Windows, from CNG (bcrypt.dll, Windows
 * Vista and later): BCryptOpenAlgorithmProvider, BCryptCreateHash,
 * BCryptHashData, BCryptFinishHash. The hash object buffer is allocated
 * here (BCRYPT_OBJECT_LENGTH) because Vista and Server 2008 do not
 * allocate it themselves. Other platforms: src/core/hash_openssl.c.
 */
#ifdef _WIN32

#ifndef WIN32_LEAN_AND_MEAN
# define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <bcrypt.h>

#include "../core/common.h"

#include <limits.h>
#include <stdlib.h>

static int failed(const char *op, NTSTATUS status)
{
  return cr_error_set(CR_ERROR, "SHA-1 failed: %s returned NTSTATUS 0x%08lX",
                      op, (unsigned long)status);
}

int cr_sha1(uint8_t out[20], const uint8_t *data, size_t len)
{
  BCRYPT_ALG_HANDLE alg = NULL;
  BCRYPT_HASH_HANDLE hash = NULL;
  PUCHAR object = NULL;
  DWORD object_len = 0, got = 0;
  NTSTATUS st;
  int rc = CR_OK;

  if (!out || (!data && len))
    return cr_error_set(CR_EINVAL, "cr_sha1: no buffer");
  st = BCryptOpenAlgorithmProvider(&alg, BCRYPT_SHA1_ALGORITHM, NULL, 0);
  if (!BCRYPT_SUCCESS(st))
    return failed("BCryptOpenAlgorithmProvider", st);
  st = BCryptGetProperty(alg, BCRYPT_OBJECT_LENGTH, (PUCHAR)&object_len,
                         sizeof object_len, &got, 0);
  if (!BCRYPT_SUCCESS(st)) {
    rc = failed("BCryptGetProperty(ObjectLength)", st);
    goto done;
  }
  if (!(object = malloc(object_len ? object_len : 1))) {
    rc = cr_error_oom();
    goto done;
  }
  st = BCryptCreateHash(alg, &hash, object, object_len, NULL, 0, 0);
  if (!BCRYPT_SUCCESS(st)) {
    rc = failed("BCryptCreateHash", st);
    goto done;
  }
  while (len) { /* BCryptHashData takes a ULONG count */
    ULONG n = len > ULONG_MAX ? ULONG_MAX : (ULONG)len;
    st = BCryptHashData(hash, (PUCHAR)data, n, 0);
    if (!BCRYPT_SUCCESS(st)) {
      rc = failed("BCryptHashData", st);
      goto done;
    }
    data += n;
    len -= n;
  }
  st = BCryptFinishHash(hash, out, 20, 0);
  if (!BCRYPT_SUCCESS(st))
    rc = failed("BCryptFinishHash", st);
done:
  if (hash)
    BCryptDestroyHash(hash);
  if (alg)
    BCryptCloseAlgorithmProvider(alg, 0);
  free(object);
  return rc;
}

#endif
