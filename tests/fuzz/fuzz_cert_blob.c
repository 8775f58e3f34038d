/*
 * fuzz_cert_blob.c - libFuzzer target for the certificate store's Blob:
 * cr_cert_blob_parse, then cr_x509_parse of the certificate inside it,
 * cr_cert_allows, and a cr_cert_blob_build round trip.
 *
 * Seeds: tests/fixtures/x509/blobs (Blobs built from every fixture
 * certificate by tests/fixtures/x509/make-blob-seeds.py) and the fixture
 * .der files (tests/fuzz/run-fuzzers.sh).
 * Run:
 *   ./fuzz_cert_blob -max_total_time=60 CORPUS_DIR tests/fixtures/x509/blobs
 *
 * Properties checked (abort() on violation):
 *  - a failure is CR_EPARSE (or CR_ENOMEM) with "fuzz: offset N: ", N no
 *    further than the end of the data, and leaves the result empty;
 *  - a success points the certificate (and SHA-1) inside the data;
 *  - building the parsed Blob again and parsing that gives the same
 *    certificate, friendly name, purposes and key provider names.
 */
#include "x509/x509.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_failure(int rc, size_t size, const cr_cert_blob *b,
                          const char *origin)
{
  const char *msg = cr_error_last();
  size_t n = strlen(origin);
  char *end;
  unsigned long long off;
  if (rc != CR_EPARSE && rc != CR_ENOMEM)
    abort();
  if (b && (b->cert || b->sha1 || b->eku_override || b->friendly_name ||
            b->key_container || b->key_provider || b->has_eku_override ||
            b->has_key_prov_info))
    abort();
  if (rc == CR_ENOMEM)
    return;
  if (strncmp(msg, origin, n) != 0 || strncmp(msg + n, ": offset ", 9) != 0)
    abort();
  off = strtoull(msg + n + 9, &end, 10);
  if (end == msg + n + 9 || strncmp(end, ": ", 2) != 0 || off > size)
    abort();
}

static int same(const char *a, const char *b)
{
  return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  cr_cert_blob b, back;
  cr_buf built = CR_BUF_INIT;
  cr_x509 c;
  size_t i;
  int rc = cr_cert_blob_parse(&b, data, size, "fuzz");
  if (rc != CR_OK) {
    check_failure(rc, size, &b, "fuzz");
    return 0;
  }
  if (!b.cert || b.cert < data || b.cert + b.cert_len > data + size)
    abort();
  if (b.sha1 && (b.sha1 < data || b.sha1 + 20 > data + size))
    abort();
  rc = cr_x509_parse(&c, b.cert, b.cert_len, "cert");
  if (rc == CR_OK) {
    (void)cr_cert_allows(&c, &b, CR_OID_SERVER_AUTH);
    cr_x509_dispose(&c);
  } else {
    check_failure(rc, b.cert_len, NULL, "cert");
  }
  /* Build it again; the strings the parser made are valid input. */
  if (cr_cert_blob_build(&built, &b) != CR_OK)
    abort();
  if (cr_cert_blob_parse(&back, (const uint8_t *)built.ptr, built.len,
                         "built") != CR_OK)
    abort();
  if (back.cert_len != b.cert_len || memcmp(back.cert, b.cert, b.cert_len) ||
      !back.sha1 || (b.sha1 && memcmp(back.sha1, b.sha1, 20)) ||
      back.has_eku_override != b.has_eku_override ||
      back.neku_override != b.neku_override ||
      !same(back.friendly_name, b.friendly_name) ||
      back.has_key_prov_info != b.has_key_prov_info ||
      !same(back.key_container, b.key_container) ||
      !same(back.key_provider, b.key_provider) ||
      back.key_spec != b.key_spec || back.key_prov_type != b.key_prov_type ||
      back.key_flags != b.key_flags)
    abort();
  for (i = 0; i < b.neku_override; i++)
    if (strcmp(back.eku_override[i], b.eku_override[i]) != 0)
      abort();
  cr_cert_blob_dispose(&back);
  cr_buf_dispose(&built);
  cr_cert_blob_dispose(&b);
  return 0;
}
