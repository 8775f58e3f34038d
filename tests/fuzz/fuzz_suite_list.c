/*
 * fuzz_suite_list.c - libFuzzer target for the two cipher-suite list
 * parsers of tls/suites.c: the same bytes go to cr_parse_multi_sz (the
 * Local Functions REG_MULTI_SZ) and cr_parse_policy_functions (the policy
 * Functions REG_SZ), and every name that comes out is looked up with
 * cr_suite_from_schannel, cr_suite_by_name and cr_ssl2_kind_by_name.
 *
 * Seeds: tests/fixtures/suites (tests/fuzz/run-fuzzers.sh).
 * Run:
 *   ./fuzz_suite_list -max_total_time=60 CORPUS_DIR tests/fixtures/suites
 *
 * Properties checked (abort() on violation, so libFuzzer reports them):
 *  - a failure is CR_EPARSE (or CR_ENOMEM) with "fuzz: offset N: ", N a
 *    byte offset inside the data, and leaves the list empty; odd-length
 *    data never parses;
 *  - every name is non-empty; policy names have no comma and no
 *    surrounding whitespace;
 *  - a suite found through a Schannel name is the table's row for its id,
 *    and its name matches the input up to case and a curve suffix;
 *  - writing a parsed list back (NUL-separated or comma-joined, UTF-16LE)
 *    and parsing it again gives the same list.
 */
#include "tls/suites.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_failure(int rc, size_t size, const cr_name_list *l)
{
  const char *msg = cr_error_last();
  char *end;
  unsigned long long off;
  if (rc != CR_EPARSE && rc != CR_ENOMEM)
    abort();
  if (l->count != 0 || l->names != NULL)
    abort();
  if (rc == CR_ENOMEM)
    return;
  if (strncmp(msg, "fuzz: offset ", 13) != 0)
    abort();
  off = strtoull(msg + 13, &end, 10);
  if (end == msg + 13 || *end != ':' || off >= size)
    abort();
}

static void check_names(const cr_name_list *l, bool policy)
{
  size_t i;
  for (i = 0; i < l->count; i++) {
    const char *s = l->names[i];
    size_t n = strlen(s);
    unsigned curve = 7;
    const cr_suite *suite;
    if (n == 0)
      abort();
    if (policy && (strchr(s, ',') || strchr(" \t\r\n", s[0]) ||
                   strchr(" \t\r\n", s[n - 1])))
      abort();
    suite = cr_suite_from_schannel(s, &curve);
    if (curve != 0 && curve != 256 && curve != 384 && curve != 521)
      abort();
    if (suite) {
      size_t m = strlen(suite->name);
      if (cr_suite_by_id(suite->id) != suite)
        abort();
      if (curve == 0 ? (m != n || cr_stricmp(s, suite->name) != 0)
                     : (m + 5 != n || cr_strnicmp(s, suite->name, m) != 0))
        abort();
    }
    if (cr_suite_by_name(s) && curve != 0)
      abort();
    (void)cr_ssl2_kind_by_name(s);
  }
}

/* Writes the list back as UTF-16LE, `sep` between names (0: multi-sz). */
static int reencode(cr_buf *out, const cr_name_list *l, char sep)
{
  size_t i;
  for (i = 0; i < l->count; i++) {
    if (sep && i)
      cr_buf_put_u16(out, (uint16_t)sep);
    if (cr_utf8_to_utf16(out, l->names[i], strlen(l->names[i])) < 0)
      return -1;
    if (!sep)
      cr_buf_put_u16(out, 0);
  }
  cr_buf_put_u16(out, 0);
  return cr_buf_status(out);
}

static bool same(const cr_name_list *a, const cr_name_list *b)
{
  size_t i;
  if (a->count != b->count)
    return false;
  for (i = 0; i < a->count; i++)
    if (strcmp(a->names[i], b->names[i]) != 0)
      return false;
  return true;
}

static void run(const uint8_t *data, size_t size, bool policy)
{
  cr_name_list l = { NULL, 0 }, again = { NULL, 0 };
  cr_buf buf = CR_BUF_INIT;
  int rc = policy ? cr_parse_policy_functions(&l, data, size, "fuzz")
                  : cr_parse_multi_sz(&l, data, size, "fuzz");
  if (rc < 0) {
    check_failure(rc, size, &l);
    return;
  }
  if (size % 2)
    abort();
  check_names(&l, policy);
  if (reencode(&buf, &l, policy ? ',' : 0) == CR_OK) {
    rc = policy ? cr_parse_policy_functions(&again, (const uint8_t *)buf.ptr,
                                            buf.len, "fuzz")
                : cr_parse_multi_sz(&again, (const uint8_t *)buf.ptr,
                                    buf.len, "fuzz");
    if (rc != CR_ENOMEM && (rc < 0 || !same(&l, &again)))
      abort();
  }
  cr_buf_dispose(&buf);
  cr_name_list_dispose(&again);
  cr_name_list_dispose(&l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  run(data, size, false);
  run(data, size, true);
  return 0;
}
