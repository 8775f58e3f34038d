/*
 * fuzz_regfile.c - libFuzzer target for the .reg reader (and, for inputs
 * that parse, the writer): bytes -> cr_regfile_load into a fresh snapshot.
 *
 * Build (clang-14):
 *   clang-14 -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined \
 *     -Inative/include -Inative/src/core tests/fuzz/fuzz_regfile.c \
 *     native/src/core/regfile_read.c native/src/core/regfile_values.c \
 *     native/src/core/regfile_write.c \
 *     native/src/core/common.c native/src/core/snapshot.c ... -o fuzz_regfile
 * Run:
 *   ./fuzz_regfile -max_total_time=60 CORPUS_DIR tests/fixtures/reg \
 *     tests/fixtures/reg/malformed
 *
 * Each input is read twice: strictly, and as reg import reads it
 * (lenient, the default). Properties checked (abort() on violation, so
 * libFuzzer reports them):
 *  - a failure is CR_EPARSE with "<name>:<line>: " and leaves the snapshot
 *    empty (the reader checks the whole file before merging);
 *  - every lenient warning is "<name>:<line>: ...";
 *  - whatever parses (up to 128 keys) is written, read back strictly and
 *    compares equal.
 */
#include "regfile.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int line_prefixed(const char *msg, const char *name)
{
  size_t n = strlen(name);
  return strncmp(msg, name, n) == 0 && msg[n] == ':' && msg[n + 1] >= '1' &&
         msg[n + 1] <= '9';
}

static void one(const uint8_t *data, size_t size, int strict)
{
  cr_snapshot *snap = NULL, *again = NULL;
  void *out = NULL;
  size_t out_len = 0, i;
  int rc;

  if (cr_snapshot_new(&snap) < 0)
    return;
  cr_snapshot_set_strict(snap, strict);
  rc = cr_regfile_load(snap, data, size, "fuzz.reg");
  if (rc < 0) {
    const char *msg = cr_error_last();
    if (rc != CR_EPARSE && rc != CR_ENOMEM)
      abort();
    if (rc == CR_EPARSE && (strncmp(msg, "fuzz.reg:", 9) != 0 ||
                            msg[9] < '1' || msg[9] > '9'))
      abort();
    if (cr_snapshot_key_count(snap) != 0 || cr_snapshot_warning_count(snap))
      abort();
    cr_snapshot_free(snap);
    return;
  }
  for (i = 0; i < cr_snapshot_warning_count(snap); i++)
    if (strict || !line_prefixed(cr_snapshot_warning(snap, i), "fuzz.reg"))
      abort();

  /* Round trip. A name the writer refuses (CR_EINVAL) cannot come from a
   * file the reader accepted. Each key line repeats the whole path, so a
   * 500-level tree writes about a megabyte: big trees are skipped to keep
   * the fuzzer fast (test_regfile round-trips a 512-level tree). */
  if (cr_snapshot_key_count(snap) > 128)
    goto done;
  rc = cr_regw_snapshot(&out, &out_len, snap);
  if (rc == CR_ENOMEM)
    goto done;
  if (rc < 0)
    abort();
  if (cr_snapshot_new(&again) < 0)
    goto done;
  cr_snapshot_set_strict(again, 1);
  rc = cr_regfile_load(again, out, out_len, "fuzz-again.reg");
  if (rc == CR_ENOMEM)
    goto done;
  if (rc < 0 || !cr_snapshot_equal(NULL, snap, again))
    abort();

done:
  cr_free(out);
  cr_snapshot_free(again);
  cr_snapshot_free(snap);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  one(data, size, 1);
  one(data, size, 0);
  return 0;
}
