/*
 * fuzz_regpol.c - libFuzzer target for the Registry.pol reader, and for
 * inputs that parse, the writer and cr_snapshot_apply_regpol.
 *
 * Seeds: tests/fixtures/regpol (good files and malformed/); see
 * tests/fuzz/run-fuzzers.sh.
 *
 * Properties checked (abort() on violation, so libFuzzer reports them):
 *  - a failure is CR_EPARSE (or CR_ENOMEM) with the message
 *    "fuzz.pol: offset 0x<hex>: ..." and an offset inside the input;
 *  - whatever parses is written back byte for byte (the format has exactly
 *    one spelling of every entry), and the written bytes read again into
 *    the same number of entries;
 *  - applying it to an empty snapshot succeeds.
 */
#include "connreset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  cr_regpol *pol = NULL, *again = NULL;
  cr_snapshot *snap = NULL;
  void *out = NULL;
  size_t out_len = 0;
  int rc;

  rc = cr_regpol_open_buffer(&pol, data, size, "fuzz.pol");
  if (rc < 0) {
    unsigned long long off;
    char tail;
    if (pol != NULL || (rc != CR_EPARSE && rc != CR_ENOMEM))
      abort();
    if (rc == CR_EPARSE &&
        (sscanf(cr_error_last(), "fuzz.pol: offset 0x%llx%c", &off, &tail)
           != 2 || tail != ':' || off > size))
      abort();
    return 0;
  }

  rc = cr_regpol_save_buffer(&out, &out_len, pol);
  if (rc == CR_ENOMEM)
    goto done;
  if (rc < 0 || out_len != size || memcmp(out, data, size) != 0)
    abort();
  rc = cr_regpol_open_buffer(&again, out, out_len, "fuzz-again.pol");
  if (rc == CR_ENOMEM)
    goto done;
  if (rc < 0 || cr_regpol_count(again) != cr_regpol_count(pol))
    abort();

  if (cr_snapshot_new(&snap) < 0)
    goto done;
  rc = cr_snapshot_apply_regpol(snap, pol);
  if (rc < 0 && rc != CR_ENOMEM)
    abort();

done:
  cr_snapshot_free(snap);
  cr_free(out);
  cr_regpol_free(again);
  cr_regpol_free(pol);
  return 0;
}
