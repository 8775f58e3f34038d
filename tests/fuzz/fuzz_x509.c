/*
 * fuzz_x509.c - libFuzzer target for cr_x509_parse (x509/x509.c).
 *
 * Seeds: the .der files of tests/fixtures/x509 (tests/fuzz/run-fuzzers.sh).
 * Run:
 *   ./fuzz_x509 -max_total_time=60 CORPUS_DIR tests/fixtures/x509
 *
 * Properties checked (abort() on violation, so libFuzzer reports them):
 *  - a failure is CR_EPARSE (or CR_ENOMEM) with "fuzz: offset N: ", N no
 *    further than the end of the data, and leaves the result empty;
 *  - a success has every string set, der/der_len covering the input, a
 *    version 1 to 3, an EKU list of non-empty OIDs, and a parse of the
 *    same bytes gives the same strings (no state kept between calls);
 *  - the RFC 4514 strings hold no unescaped control characters.
 */
#include "x509/x509.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_failure(int rc, size_t size, const cr_x509 *c)
{
  const char *msg = cr_error_last();
  char *end;
  unsigned long long off;
  if (rc != CR_EPARSE && rc != CR_ENOMEM)
    abort();
  if (c->serial_hex || c->subject || c->issuer || c->sig_oid ||
      c->ec_curve || c->eku || c->neku || c->subject_key_id ||
      c->authority_key_id || c->der)
    abort();
  if (rc == CR_ENOMEM)
    return;
  if (strncmp(msg, "fuzz: offset ", 13) != 0)
    abort();
  off = strtoull(msg + 13, &end, 10);
  if (end == msg + 13 || strncmp(end, ": ", 2) != 0 || off > size)
    abort();
}

static void check_name(const char *s)
{
  for (; *s; s++)
    if ((unsigned char)*s < 0x20 || *s == 0x7F)
      abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  cr_x509 c, again;
  size_t i;
  int rc = cr_x509_parse(&c, data, size, "fuzz");
  if (rc != CR_OK) {
    check_failure(rc, size, &c);
    return 0;
  }
  if (!c.serial_hex || !c.subject || !c.issuer || !c.sig_oid)
    abort();
  if (c.der != data || c.der_len != size)
    abort();
  if (c.version < 1 || c.version > 3)
    abort();
  if (c.has_eku != (c.neku > 0))
    abort();
  for (i = 0; i < c.neku; i++)
    if (!c.eku[i] || !c.eku[i][0])
      abort();
  if (c.key_type == CR_KEYTYPE_EC && c.key_bits == 0)
    abort();
  check_name(c.subject);
  check_name(c.issuer);
  (void)cr_x509_allows(&c, CR_OID_SERVER_AUTH);
  if (cr_x509_parse(&again, data, size, "fuzz") != CR_OK ||
      strcmp(again.subject, c.subject) != 0 ||
      strcmp(again.issuer, c.issuer) != 0 ||
      strcmp(again.serial_hex, c.serial_hex) != 0 ||
      again.not_before != c.not_before || again.not_after != c.not_after ||
      again.self_signed != c.self_signed)
    abort();
  cr_x509_dispose(&again);
  cr_x509_dispose(&c);
  return 0;
}
