/*
 * fuzz_pairs.c - libFuzzer target for the --pairs CSV reader
 * (native/src/fleet/pairs.c), through the fleet so the name lookup
 * (instances, ports, prefixes, FQDNs) runs too.
 *
 * Seeds: tests/fixtures/pairs (exports and malformed/); see
 * tests/fuzz/run-fuzzers.sh.
 *
 * Properties checked (abort() on violation, so libFuzzer reports them):
 *  - a failure is CR_EPARSE (or CR_ENOMEM) whose message starts
 *    "fuzz.csv:<line>: " with a line inside the input, or "fuzz.csv: "
 *    for a fault of the file as a whole (encoding, length);
 *  - each row handed on has two non-empty names without NUL, starts on a
 *    line no earlier than the row before, and the rows counted are the
 *    rows handed on;
 *  - a failed load leaves the fleet's pairs as they were.
 */
#include "connreset.h"
#include "fleet/fleet.h"
#include "fleet/pairs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct seen {
  size_t rows, last_line, max_line;
} seen;

static int row(void *ctx, const char *c, size_t cl, const char *s, size_t sl,
               size_t line)
{
  seen *v = ctx;
  if (!cl || !sl || memchr(c, 0, cl) || memchr(s, 0, sl) || line < 1 ||
      line < v->last_line || line > v->max_line)
    abort();
  v->last_line = line;
  v->rows++;
  return 0;
}

static void check_error(int rc, size_t max_line)
{
  const char *msg = cr_error_last();
  unsigned long long line;
  char colon;
  if (rc != CR_EPARSE && rc != CR_ENOMEM)
    abort();
  if (rc == CR_ENOMEM)
    return;
  if (strncmp(msg, "fuzz.csv:", 9) != 0)
    abort();
  if (msg[9] == ' ')
    return; /* the file as a whole */
  if (sscanf(msg + 9, "%llu%c", &line, &colon) != 2 || colon != ':' ||
      line < 1 || line > max_line)
    abort();
}

static cr_fleet *fleet;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  cr_pairs_stats st;
  seen v;
  size_t i, before;
  int rc;
  memset(&v, 0, sizeof v);
  /* Lines: every LF (UTF-16 text has at most as many) plus the last. */
  v.max_line = 1;
  for (i = 0; i < size; i++)
    v.max_line += data[i] == '\n';
  rc = cr_pairs_read(&st, data, size, "fuzz.csv", row, &v);
  if (rc < 0)
    check_error(rc, v.max_line);
  else if (st.rows != v.rows)
    abort();

  if (!fleet) { /* two machines the names can find */
    static const char a[] = "REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\SYSTEM\\"
      "CurrentControlSet\\Services\\Tcpip\\Parameters]\n\"Hostname\"=\"APP01\"\n"
      "\"Domain\"=\"corp.example\"\n";
    static const char b[] = "REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\SYSTEM\\"
      "CurrentControlSet\\Services\\Tcpip\\Parameters]\n\"Hostname\"=\"SQL01\"\n";
    cr_snapshot *sa = NULL, *sb = NULL;
    if (cr_fleet_new(&fleet, NULL) < 0 || cr_snapshot_new(&sa) < 0 ||
        cr_snapshot_new(&sb) < 0 ||
        cr_snapshot_load_buffer(sa, a, sizeof a - 1, "a.reg") < 0 ||
        cr_snapshot_load_buffer(sb, b, sizeof b - 1, "b.reg") < 0 ||
        cr_fleet_add_snapshot(fleet, sa, NULL, CR_FLEET_ROLE_CLIENT) < 0 ||
        cr_fleet_add_snapshot(fleet, sb, NULL, CR_FLEET_ROLE_SERVER) < 0)
      abort();
    cr_snapshot_free(sa);
    cr_snapshot_free(sb);
  }
  before = fleet->npairs;
  rc = cr_fleet_load_pairs_buffer(fleet, data, size, "fuzz.csv");
  if (rc < 0) {
    check_error(rc, v.max_line);
    if (fleet->npairs != before)
      abort();
  } else if (fleet->npairs > before + v.rows) {
    abort();
  }
  /* Keep memory flat across runs. */
  fleet->npairs = 0;
  for (i = 0; i < fleet->npair_files; i++)
    free(fleet->pair_files[i]);
  fleet->npair_files = 0;
  return 0;
}
