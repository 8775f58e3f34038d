/*
 * certstore_tool.c - cr_certstore_tool.exe (Windows only), the Windows side
 * of tests/wine/test_cert_store.sh: it puts certificates into
 * LocalMachine\My through crypt32's registry store provider, so that
 * crypt32 itself writes the serialized "Blob" values the library parses,
 * and it reads back through crypt32 the Blobs the library builds.
 *
 *   cr_certstore_tool add DER NAME EKUS CONTAINER PROVIDER
 *       adds the certificate (CertAddEncodedCertificateToStore,
 *       CERT_STORE_ADD_REPLACE_EXISTING) with a friendly name, an
 *       enhanced-key-usage property (EKUS: comma-separated OIDs; "-" for
 *       an empty list) and key provider info (dwProvType 24, machine
 *       keyset, AT_KEYEXCHANGE), commits, prints the SHA-1 thumbprint
 *   cr_certstore_tool show THUMBPRINT
 *       prints what crypt32 reads back: friendly name, EKU property, key
 *       provider info (one "name=value" per line)
 *   cr_certstore_tool delete THUMBPRINT
 *   cr_certstore_tool check FILE.reg DER NAME EKUS CONTAINER PROVIDER
 *       the library's side: loads the .reg file (cr_snapshot_load_file),
 *       parses the Blob under ...\MY\Certificates\<SHA-1 of DER> and
 *       compares every property with the arguments
 *   cr_certstore_tool build DER NAME EKUS CONTAINER PROVIDER OUT.reg
 *       writes a .reg file holding the library's Blob for the certificate
 *       (cr_cert_blob_build), for `reg import`; prints the thumbprint
 *
 * The store is HKLM\SOFTWARE\Microsoft\SystemCertificates\MY opened as a
 * registry key and handed to CertOpenStore(CERT_STORE_PROV_REG): Wine's
 * system-store provider does not persist additions, the registry one
 * does once the store is committed (CertControlStore) or closed.
 *
 * Exit status: 0 success, 1 a comparison failed, 2 error.
 */
#ifndef _WIN32
#error "certstore_tool.c is a Windows program"
#endif

#ifndef WIN32_LEAN_AND_MEAN
# define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <wincrypt.h>

#include "connreset.h"
#include "common.h"
#include "snapshot.h"
#include "x509/x509.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define MY_KEY L"SOFTWARE\\Microsoft\\SystemCertificates\\MY"
#define MY_KEY_A "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SystemCertificates\\MY"

static int win_fail(const char *what)
{
  fprintf(stderr, "cr_certstore_tool: %s failed: error 0x%08lX\n", what,
          (unsigned long)GetLastError());
  return 2;
}

static int cr_fail(const char *what)
{
  fprintf(stderr, "cr_certstore_tool: %s: %s\n", what, cr_error_last());
  return 2;
}

/* UTF-16 argument -> UTF-8 (malloc'd). */
static char *utf8(const wchar_t *w)
{
  cr_buf b = CR_BUF_INIT;
  cr_utf16_to_utf8(&b, (const uint8_t *)w, wcslen(w));
  cr_buf_puts(&b, "");
  return cr_buf_detach(&b, NULL);
}

static void print_utf8_w(const char *label, const wchar_t *w)
{
  char *s = utf8(w);
  printf("%s=%s\n", label, s ? s : "");
  free(s);
}

/* "a,b,c" -> list; "-" -> empty list. */
static size_t split_oids(char *s, char **out, size_t max)
{
  size_t n = 0;
  char *p = s;
  if (strcmp(s, "-") == 0)
    return 0;
  while (p && *p && n < max) {
    char *comma = strchr(p, ',');
    if (comma)
      *comma = '\0';
    out[n++] = p;
    p = comma ? comma + 1 : NULL;
  }
  return n;
}

static HCERTSTORE open_my(HKEY *key, bool write)
{
  HCERTSTORE st;
  LONG rc = RegCreateKeyExW(HKEY_LOCAL_MACHINE, MY_KEY, 0, NULL, 0,
                            KEY_ALL_ACCESS, NULL, key, NULL);
  if (rc != ERROR_SUCCESS) {
    SetLastError((DWORD)rc);
    win_fail("RegCreateKeyExW(HKLM\\" "SOFTWARE\\Microsoft\\SystemCertificates\\MY)");
    return NULL;
  }
  st = CertOpenStore(CERT_STORE_PROV_REG, 0, 0,
                     write ? 0 : CERT_STORE_READONLY_FLAG, *key);
  if (!st) {
    win_fail("CertOpenStore(CERT_STORE_PROV_REG)");
    RegCloseKey(*key);
  }
  return st;
}

static bool parse_thumb(const wchar_t *w, BYTE out[20])
{
  int i;
  if (wcslen(w) != 40)
    return false;
  for (i = 0; i < 20; i++) {
    unsigned v;
    if (swscanf(w + 2 * i, L"%2x", &v) != 1)
      return false;
    out[i] = (BYTE)v;
  }
  return true;
}

static PCCERT_CONTEXT find(HCERTSTORE st, const wchar_t *thumb)
{
  BYTE hash[20];
  CRYPT_HASH_BLOB blob;
  if (!parse_thumb(thumb, hash)) {
    fprintf(stderr, "cr_certstore_tool: not a SHA-1 thumbprint\n");
    return NULL;
  }
  blob.cbData = 20;
  blob.pbData = hash;
  return CertFindCertificateInStore(st, X509_ASN_ENCODING, 0,
                                    CERT_FIND_SHA1_HASH, &blob, NULL);
}

static int cmd_add(wchar_t **argv)
{
  char *path = utf8(argv[0]), *ekus = utf8(argv[2]);
  char *oids[16];
  uint8_t *der = NULL;
  size_t len = 0;
  HKEY key;
  HCERTSTORE st;
  PCCERT_CONTEXT ctx = NULL;
  CRYPT_DATA_BLOB name, usage_blob;
  CERT_ENHKEY_USAGE usage;
  CRYPT_KEY_PROV_INFO kpi;
  BYTE sha1[20];
  DWORD n = sizeof sha1, i;
  BYTE *encoded = NULL;
  DWORD encoded_len = 0;
  int rc = 2;

  if (cr_read_file(&der, &len, path) != CR_OK)
    return cr_fail("reading the certificate");
  if (!(st = open_my(&key, true)))
    goto out;
  if (!CertAddEncodedCertificateToStore(st, X509_ASN_ENCODING, der, (DWORD)len,
                                        CERT_STORE_ADD_REPLACE_EXISTING, &ctx)) {
    win_fail("CertAddEncodedCertificateToStore");
    goto close;
  }
  name.cbData = (DWORD)((wcslen(argv[1]) + 1) * sizeof(wchar_t));
  name.pbData = (BYTE *)argv[1];
  if (!CertSetCertificateContextProperty(ctx, CERT_FRIENDLY_NAME_PROP_ID, 0,
                                         &name)) {
    win_fail("CertSetCertificateContextProperty(CERT_FRIENDLY_NAME_PROP_ID)");
    goto close;
  }
  usage.cUsageIdentifier = (DWORD)split_oids(ekus, oids, 16);
  usage.rgpszUsageIdentifier = oids;
  if (!CryptEncodeObjectEx(X509_ASN_ENCODING, X509_ENHANCED_KEY_USAGE, &usage,
                           CRYPT_ENCODE_ALLOC_FLAG, NULL, &encoded,
                           &encoded_len)) {
    win_fail("CryptEncodeObjectEx(X509_ENHANCED_KEY_USAGE)");
    goto close;
  }
  usage_blob.cbData = encoded_len;
  usage_blob.pbData = encoded;
  if (!CertSetCertificateContextProperty(ctx, CERT_ENHKEY_USAGE_PROP_ID, 0,
                                         &usage_blob)) {
    win_fail("CertSetCertificateContextProperty(CERT_ENHKEY_USAGE_PROP_ID)");
    goto close;
  }
  memset(&kpi, 0, sizeof kpi);
  kpi.pwszContainerName = argv[3];
  kpi.pwszProvName = argv[4];
  kpi.dwProvType = 24; /* PROV_RSA_AES */
  kpi.dwFlags = CRYPT_MACHINE_KEYSET;
  kpi.dwKeySpec = AT_KEYEXCHANGE;
  if (!CertSetCertificateContextProperty(ctx, CERT_KEY_PROV_INFO_PROP_ID, 0,
                                         &kpi)) {
    win_fail("CertSetCertificateContextProperty(CERT_KEY_PROV_INFO_PROP_ID)");
    goto close;
  }
  if (!CertGetCertificateContextProperty(ctx, CERT_SHA1_HASH_PROP_ID, sha1,
                                         &n)) {
    win_fail("CertGetCertificateContextProperty(CERT_SHA1_HASH_PROP_ID)");
    goto close;
  }
  if (!CertControlStore(st, 0, CERT_STORE_CTRL_COMMIT, NULL)) {
    win_fail("CertControlStore(CERT_STORE_CTRL_COMMIT)");
    goto close;
  }
  for (i = 0; i < 20; i++)
    printf("%02X", sha1[i]);
  printf("\n");
  rc = 0;
close:
  if (ctx)
    CertFreeCertificateContext(ctx);
  if (!CertCloseStore(st, 0) && rc == 0)
    rc = win_fail("CertCloseStore");
  RegCloseKey(key);
out:
  LocalFree(encoded);
  free(der);
  free(path);
  free(ekus);
  return rc;
}

static int cmd_show(wchar_t **argv)
{
  HKEY key;
  HCERTSTORE st = open_my(&key, false);
  PCCERT_CONTEXT ctx;
  DWORD n = 0, i;
  int rc = 0;

  if (!st)
    return 2;
  if (!(ctx = find(st, argv[0]))) {
    fprintf(stderr, "cr_certstore_tool: no such certificate in MY\n");
    rc = 2;
    goto close;
  }
  if (CertGetCertificateContextProperty(ctx, CERT_FRIENDLY_NAME_PROP_ID, NULL,
                                        &n)) {
    wchar_t *w = malloc(n + sizeof(wchar_t));
    CertGetCertificateContextProperty(ctx, CERT_FRIENDLY_NAME_PROP_ID, w, &n);
    w[n / sizeof(wchar_t)] = 0;
    print_utf8_w("friendly", w);
    free(w);
  } else {
    printf("friendly=(none)\n");
  }
  n = 0;
  if (CertGetEnhancedKeyUsage(ctx, CERT_FIND_PROP_ONLY_ENHKEY_USAGE_FLAG, NULL,
                              &n)) {
    PCERT_ENHKEY_USAGE u = malloc(n);
    CertGetEnhancedKeyUsage(ctx, CERT_FIND_PROP_ONLY_ENHKEY_USAGE_FLAG, u, &n);
    printf("eku=");
    for (i = 0; i < u->cUsageIdentifier; i++)
      printf("%s%s", i ? "," : "", u->rgpszUsageIdentifier[i]);
    printf("%s\n", u->cUsageIdentifier ? "" : "-");
    free(u);
  } else {
    printf("eku=(none)\n");
  }
  n = 0;
  if (CertGetCertificateContextProperty(ctx, CERT_KEY_PROV_INFO_PROP_ID, NULL,
                                        &n)) {
    CRYPT_KEY_PROV_INFO *k = malloc(n);
    CertGetCertificateContextProperty(ctx, CERT_KEY_PROV_INFO_PROP_ID, k, &n);
    print_utf8_w("container", k->pwszContainerName ? k->pwszContainerName : L"");
    print_utf8_w("provider", k->pwszProvName ? k->pwszProvName : L"");
    printf("provtype=%lu\nflags=%lu\nkeyspec=%lu\n",
           (unsigned long)k->dwProvType, (unsigned long)k->dwFlags,
           (unsigned long)k->dwKeySpec);
    free(k);
  } else {
    printf("container=(none)\n");
  }
  CertFreeCertificateContext(ctx);
close:
  CertCloseStore(st, 0);
  RegCloseKey(key);
  return rc;
}

static int cmd_delete(wchar_t **argv)
{
  HKEY key;
  HCERTSTORE st = open_my(&key, true);
  PCCERT_CONTEXT ctx;
  int rc = 0;
  if (!st)
    return 2;
  if ((ctx = find(st, argv[0]))) {
    if (!CertDeleteCertificateFromStore(ctx))
      rc = win_fail("CertDeleteCertificateFromStore");
    else if (!CertControlStore(st, 0, CERT_STORE_CTRL_COMMIT, NULL))
      rc = win_fail("CertControlStore(CERT_STORE_CTRL_COMMIT)");
  }
  CertCloseStore(st, 0);
  RegCloseKey(key);
  return rc;
}

/* The thumbprint key of `der` under MY\Certificates. */
static void cert_key(char out[160], const uint8_t sha1[20])
{
  int i, n = snprintf(out, 160, "%s\\Certificates\\", MY_KEY_A);
  for (i = 0; i < 20; i++)
    n += snprintf(out + n, (size_t)(160 - n), "%02X", sha1[i]);
}

#define EXPECT(cond, ...)                                                  \
  do {                                                                     \
    if (cond) {                                                            \
      printf("ok - " __VA_ARGS__);                                         \
    } else {                                                               \
      printf("FAIL - " __VA_ARGS__);                                       \
      bad++;                                                               \
    }                                                                      \
    printf("\n");                                                          \
  } while (0)

static int cmd_check(wchar_t **argv)
{
  char *reg = utf8(argv[0]), *path = utf8(argv[1]), *name = utf8(argv[2]),
       *ekus = utf8(argv[3]), *cont = utf8(argv[4]), *prov = utf8(argv[5]);
  char *oids[16], key[160];
  size_t noids = split_oids(ekus, oids, 16), i;
  uint8_t *der = NULL, sha1[20];
  size_t len = 0, n = 0;
  const void *data = NULL;
  uint32_t type = 0;
  cr_snapshot *snap = NULL;
  cr_cert_blob b;
  cr_x509 c;
  int bad = 0, rc = 2;

  if (cr_read_file(&der, &len, path) != CR_OK) {
    cr_fail("reading the certificate");
    goto out;
  }
  if (cr_sha1(sha1, der, len) != CR_OK) { /* bcrypt on this side */
    cr_fail("cr_sha1");
    goto out;
  }
  cert_key(key, sha1);
  if (cr_snapshot_new(&snap) != CR_OK ||
      cr_snapshot_load_file(snap, reg) != CR_OK) {
    cr_fail("loading the .reg file");
    goto out;
  }
  if (cr_snapshot_get_value(&type, &data, &n, snap, key, "Blob") != CR_OK) {
    cr_fail("the Blob value");
    goto out;
  }
  EXPECT(type == CR_REG_BINARY, "Blob is REG_BINARY");
  if (cr_cert_blob_parse(&b, data, n, "Blob") != CR_OK) {
    cr_fail("cr_cert_blob_parse");
    goto out;
  }
  EXPECT(b.cert_len == len && !memcmp(b.cert, der, len),
         "the certificate (property 32) is the DER that was added");
  EXPECT(b.sha1 && !memcmp(b.sha1, sha1, 20),
         "the SHA-1 property (3) is the thumbprint (bcrypt)");
  EXPECT(b.friendly_name && !strcmp(b.friendly_name, name),
         "friendly name \"%s\"", b.friendly_name ? b.friendly_name : "(none)");
  EXPECT(b.has_eku_override && b.neku_override == noids,
         "EKU property with %zu purposes", b.neku_override);
  for (i = 0; i < noids && i < b.neku_override; i++)
    EXPECT(!strcmp(b.eku_override[i], oids[i]), "purpose %s",
           b.eku_override[i]);
  EXPECT(b.has_key_prov_info && b.key_container &&
         !strcmp(b.key_container, cont), "key container \"%s\"",
         b.key_container ? b.key_container : "(none)");
  EXPECT(b.key_provider && !strcmp(b.key_provider, prov),
         "key provider \"%s\"", b.key_provider ? b.key_provider : "(none)");
  EXPECT(b.key_prov_type == 24 && b.key_flags == CRYPT_MACHINE_KEYSET &&
         b.key_spec == AT_KEYEXCHANGE, "provider type %u, flags 0x%x, key "
         "spec %u", (unsigned)b.key_prov_type, (unsigned)b.key_flags,
         (unsigned)b.key_spec);
  if (cr_x509_parse(&c, b.cert, b.cert_len, "Blob certificate") == CR_OK) {
    EXPECT(cr_cert_allows(&c, &b, CR_OID_SERVER_AUTH) ==
           (cr_x509_allows(&c, CR_OID_SERVER_AUTH) &&
            (strstr(ekus, CR_OID_SERVER_AUTH) != NULL)),
           "Server Authentication allowed only when both allow it");
    cr_x509_dispose(&c);
  } else {
    EXPECT(false, "certificate parses: %s", cr_error_last());
  }
  cr_cert_blob_dispose(&b);
  rc = bad ? 1 : 0;
out:
  cr_snapshot_free(snap);
  free(der);
  free(reg);
  free(path);
  free(name);
  free(ekus);
  free(cont);
  free(prov);
  return rc;
}

static int cmd_build(wchar_t **argv)
{
  char *path = utf8(argv[0]), *ekus = utf8(argv[2]), *out = utf8(argv[5]);
  char *oids[16], key[160];
  uint8_t *der = NULL, sha1[20];
  size_t len = 0;
  cr_cert_blob b;
  cr_buf blob = CR_BUF_INIT;
  cr_snapshot *snap = NULL;
  cr_key *k = NULL;
  int rc = 2;

  memset(&b, 0, sizeof b);
  if (cr_read_file(&der, &len, path) != CR_OK) {
    cr_fail("reading the certificate");
    goto out;
  }
  b.cert = der;
  b.cert_len = len;
  b.friendly_name = utf8(argv[1]);
  b.has_eku_override = true;
  b.eku_override = oids;
  b.neku_override = split_oids(ekus, oids, 16);
  b.has_key_prov_info = true;
  b.key_container = utf8(argv[3]);
  b.key_provider = utf8(argv[4]);
  b.key_prov_type = 24;
  b.key_flags = CRYPT_MACHINE_KEYSET;
  b.key_spec = AT_KEYEXCHANGE;
  if (cr_cert_blob_build(&blob, &b) != CR_OK || cr_sha1(sha1, der, len) != CR_OK) {
    cr_fail("cr_cert_blob_build");
    goto out;
  }
  cert_key(key, sha1);
  if (cr_snapshot_new(&snap) != CR_OK ||
      cr_snap_make_key(&k, snap, key) != CR_OK ||
      cr_key_set_value(k, "Blob", CR_REG_BINARY, blob.ptr, blob.len) != CR_OK ||
      cr_snapshot_save(snap, out) != CR_OK) {
    cr_fail("writing the .reg file");
    goto out;
  }
  printf("%s\n", key + strlen(MY_KEY_A "\\Certificates\\"));
  rc = 0;
out:
  cr_snapshot_free(snap);
  cr_buf_dispose(&blob);
  free(b.friendly_name);
  free(b.key_container);
  free(b.key_provider);
  free(der);
  free(path);
  free(ekus);
  free(out);
  return rc;
}

int wmain(int argc, wchar_t **argv)
{
  if (argc == 7 && !wcscmp(argv[1], L"add"))
    return cmd_add(argv + 2);
  if (argc == 3 && !wcscmp(argv[1], L"show"))
    return cmd_show(argv + 2);
  if (argc == 3 && !wcscmp(argv[1], L"delete"))
    return cmd_delete(argv + 2);
  if (argc == 8 && !wcscmp(argv[1], L"check"))
    return cmd_check(argv + 2);
  if (argc == 8 && !wcscmp(argv[1], L"build"))
    return cmd_build(argv + 2);
  fprintf(stderr,
          "usage: cr_certstore_tool add DER NAME EKUS CONTAINER PROVIDER\n"
          "       cr_certstore_tool show|delete THUMBPRINT\n"
          "       cr_certstore_tool check FILE.reg DER NAME EKUS CONTAINER "
          "PROVIDER\n"
          "       cr_certstore_tool build DER NAME EKUS CONTAINER PROVIDER "
          "OUT.reg\n");
  return 2;
}
