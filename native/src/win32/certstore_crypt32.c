/*
 * certstore_crypt32.c - the live certificate store behind the
 * certificate-store table (certs/certstore.h): a LocalMachine system
 * store opened read-only through crypt32 (CERT_STORE_PROV_SYSTEM_W,
 * CERT_SYSTEM_STORE_LOCAL_MACHINE | CERT_STORE_READONLY_FLAG).
 *
 * For each certificate the properties the checks need are read with
 * CertGetCertificateContextProperty (SHA-1 hash, enhanced key usage,
 * friendly name, key provider info) and laid out as a serialized store
 * element, which cr_cert_blob_parse then reads exactly as it reads a
 * snapshot's Blob: one decoder for both sources. The key provider info is
 * only tested for presence (its in-memory form holds pointers).
 *
 * Every crypt32 call goes through cr_certstore_syscalls[], overridable by
 * name with cr_syscall_set() like the registry backend's table.
 */
#ifdef _WIN32

#ifndef WIN32_LEAN_AND_MEAN
# define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <wincrypt.h>

#include "../certs/certstore.h"
#include "win32_error.h"
#include <stdio.h>

#include <stdlib.h>
#include <string.h>

#define CR_SYSCALL_(fn) { #fn, (cr_syscall_ptr)fn, (cr_syscall_ptr)fn }

cr_syscall cr_certstore_syscalls[] = {
  CR_SYSCALL_(CertOpenStore),                     /* 0 */
  CR_SYSCALL_(CertEnumCertificatesInStore),       /* 1 */
  CR_SYSCALL_(CertGetCertificateContextProperty), /* 2 */
  CR_SYSCALL_(CertFreeCertificateContext),        /* 3 */
  CR_SYSCALL_(CertCloseStore),                    /* 4 */
};
const size_t cr_certstore_syscall_count =
  sizeof cr_certstore_syscalls / sizeof cr_certstore_syscalls[0];

#undef CR_SYSCALL_

#define osCertOpenStore                                                     \
  ((HCERTSTORE(WINAPI *)(LPCSTR, DWORD, HCRYPTPROV_LEGACY, DWORD,          \
                         const void *))cr_certstore_syscalls[0].current)
#define osCertEnumCertificatesInStore                                       \
  ((PCCERT_CONTEXT(WINAPI *)(HCERTSTORE, PCCERT_CONTEXT))                  \
     cr_certstore_syscalls[1].current)
#define osCertGetCertificateContextProperty                                 \
  ((BOOL(WINAPI *)(PCCERT_CONTEXT, DWORD, void *, DWORD *))                \
     cr_certstore_syscalls[2].current)
#define osCertFreeCertificateContext                                        \
  ((BOOL(WINAPI *)(PCCERT_CONTEXT))cr_certstore_syscalls[3].current)
#define osCertCloseStore                                                    \
  ((BOOL(WINAPI *)(HCERTSTORE, DWORD))cr_certstore_syscalls[4].current)

static int crypt_error(DWORD code, const char *op, const char *store)
{
  cr_buf b = CR_BUF_INIT;
  int rc = cr_translate_sys_error(code);
  cr_win32_strerror(&b, code);
  if (rc == CR_OK)
    rc = CR_ERROR;
  rc = cr_error_set(rc, "%s (LocalMachine\\%s): %s", op, store,
                    b.ptr ? b.ptr : "");
  cr_buf_dispose(&b);
  return rc;
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

/* Appends property `id` of `ctx` as a serialized property, if present.
 * Returns 1 when present, 0 when absent, negative on failure. */
static int put_property(cr_buf *b, PCCERT_CONTEXT ctx, DWORD id,
                        const char *store)
{
  DWORD n = 0;
  uint8_t *data;
  if (!osCertGetCertificateContextProperty(ctx, id, NULL, &n)) {
    DWORD e = GetLastError();
    if (e == (DWORD)CRYPT_E_NOT_FOUND)
      return 0;
    return crypt_error(e, "CertGetCertificateContextProperty", store);
  }
  if (!(data = malloc(n ? n : 1)))
    return cr_error_oom();
  if (!osCertGetCertificateContextProperty(ctx, id, data, &n)) {
    DWORD e = GetLastError();
    free(data);
    return crypt_error(e, "CertGetCertificateContextProperty", store);
  }
  put_le32(b, id);
  put_le32(b, 1);
  put_le32(b, n);
  cr_buf_put(b, data, n);
  free(data);
  return cr_buf_status(b) < 0 ? CR_ENOMEM : 1;
}

static int add_context(cr_cert_list *out, PCCERT_CONTEXT ctx,
                       const char *store)
{
  cr_buf b = CR_BUF_INIT;
  DWORD n = 0;
  bool has_key;
  char origin[100];
  int rc;
  /* Properties by id, then the certificate, as crypt32 serializes them. */
  if ((rc = put_property(&b, ctx, CERT_SHA1_HASH_PROP_ID, store)) < 0 ||
      (rc = put_property(&b, ctx, CERT_ENHKEY_USAGE_PROP_ID, store)) < 0 ||
      (rc = put_property(&b, ctx, CERT_FRIENDLY_NAME_PROP_ID, store)) < 0)
    goto out;
  has_key = osCertGetCertificateContextProperty(
              ctx, CERT_KEY_PROV_INFO_PROP_ID, NULL, &n) != FALSE;
  put_le32(&b, 32); /* CERT_CERT_PROP_ID */
  put_le32(&b, 1);
  put_le32(&b, ctx->cbCertEncoded);
  cr_buf_put(&b, ctx->pbCertEncoded, ctx->cbCertEncoded);
  if ((rc = cr_buf_status(&b)) < 0)
    goto out;
  snprintf(origin, sizeof origin, "LocalMachine\\%s (crypt32)", store);
  rc = cr_cert_list_add_blob(out, (const uint8_t *)b.ptr, b.len, has_key,
                             origin);
out:
  cr_buf_dispose(&b);
  return rc < 0 ? rc : CR_OK;
}

static int live_list(cr_certstore *cs, const char *store, cr_cert_list *out)
{
  cr_buf wide = CR_BUF_INIT;
  HCERTSTORE st;
  PCCERT_CONTEXT ctx = NULL;
  int rc;
  (void)cs;
  if ((rc = cr_utf8_to_utf16(&wide, store, strlen(store))) < 0)
    return rc;
  cr_buf_put_u16(&wide, 0);
  if ((rc = cr_buf_status(&wide)) < 0)
    return rc;
  st = osCertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0,
                       CERT_SYSTEM_STORE_LOCAL_MACHINE |
                         CERT_STORE_READONLY_FLAG |
                         CERT_STORE_OPEN_EXISTING_FLAG,
                       wide.ptr);
  cr_buf_dispose(&wide);
  if (!st) {
    DWORD e = GetLastError();
    if (e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND)
      return CR_OK; /* no such store: empty */
    return crypt_error(e, "CertOpenStore", store);
  }
  SetLastError(ERROR_SUCCESS);
  while ((ctx = osCertEnumCertificatesInStore(st, ctx)) != NULL) {
    if ((rc = add_context(out, ctx, store)) < 0) {
      osCertFreeCertificateContext(ctx);
      osCertCloseStore(st, 0);
      return rc;
    }
    SetLastError(ERROR_SUCCESS);
  }
  {
    DWORD e = GetLastError();
    if (e != (DWORD)CRYPT_E_NOT_FOUND && e != ERROR_NO_MORE_FILES &&
        e != ERROR_SUCCESS) {
      osCertCloseStore(st, 0);
      return crypt_error(e, "CertEnumCertificatesInStore", store);
    }
  }
  osCertCloseStore(st, 0);
  return CR_OK;
}

static void live_close(cr_certstore *cs) { free(cs); }

static const cr_certstore_ops live_ops = { "crypt32", live_list, live_close };

int cr_certstore_live_open(cr_certstore **out)
{
  cr_certstore *s;
  if (!out)
    return cr_error_set(CR_EINVAL, "cr_certstore_live_open: no output");
  if (!(s = cr_calloc(1, sizeof *s)))
    return cr_error_oom();
  s->ops = &live_ops;
  *out = s;
  return CR_OK;
}

#else /* !_WIN32 */

typedef int cr_certstore_crypt32_unused;

#endif
