/*
 * bench_match.c - how many client/server pairs per second cr_tls_match
 * judges. The fleet is built from the TLS scenario snapshots
 * (the .reg files in tests/fixtures/tls), each copied with a seeded random policy list
 * and random TLS 1.0/1.1 switches, so no two machines are alike; every
 * pair of the fleet is then matched. The suite lists the fleet ends up with
 * are written as JSON lines for the PowerShell baseline
 * (Compare-SuiteLists.ps1) to compare the same lists.
 *
 *   bench_match FIXTURE_DIR [MACHINES] [LISTS.jsonl]
 *
 * A benchmark, not a test: it prints numbers and asserts nothing.
 */
#include "connreset.h"
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const bases[] = {
  "ws2012r2-default.reg", "win11-ecdhe-gcm-only.reg", "ws2008r2-default.reg",
  "ws2019-tls12-only-client.reg", "ws2016-unfixed-dhe-client.reg",
  "ws2019-dhe-first-server.reg", "ws2022-default.reg",
};
static const char *const pool[] = {
  "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_RSA_WITH_AES_256_CBC_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
};


int main(int argc, char **argv)
{
  const char *dir = argc > 1 ? argv[1] : "tests/fixtures/tls";
  size_t n = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 150, i, k;
  FILE *lists = argc > 3 ? fopen(argv[3], "w") : NULL;
  cr_snapshot **fleet = calloc(n, sizeof *fleet);
  cr_match_options mo = CR_MATCH_OPTIONS_INIT;
  size_t pairs = 0, connect = 0;
  double t0, t1;
  if (!fleet || n < 2)
    return 2;
  for (i = 0; i < n; i++) {
    char path[600], reg[4096];
    const char *paths[1] = { path };
    size_t used = 0, picks = 0;
    snprintf(path, sizeof path, "%s/%s", dir, bases[i % 7]);
    if (cr_snapshot_open_files(&fleet[i], paths, 1) < 0) {
      fprintf(stderr, "bench_match: %s\n", cr_error_last());
      return 2;
    }
    if (i < 7)
      continue; /* the scenarios themselves, unchanged */
    used += (size_t)snprintf(reg + used, sizeof reg - used,
        "REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\"
        "Cryptography\\Configuration\\SSL\\00010002]\n\"Functions\"=\"");
    for (k = 0; k < sizeof pool / sizeof pool[0]; k++)
      if (next_rand() % 3 == 0)
        used += (size_t)snprintf(reg + used, sizeof reg - used, "%s%s",
                                 picks++ ? "," : "", pool[k]);
    if (!picks)
      used += (size_t)snprintf(reg + used, sizeof reg - used, "%s", pool[4]);
    used += (size_t)snprintf(reg + used, sizeof reg - used, "\"\n");
    if (next_rand() % 2)
      used += (size_t)snprintf(reg + used, sizeof reg - used,
          "\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\"
          "SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Client]\n"
          "\"Enabled\"=dword:00000000\n\"DisabledByDefault\"=dword:00000001\n");
    if (cr_snapshot_load_buffer(fleet[i], reg, used, "bench") < 0) {
      fprintf(stderr, "bench_match: %s\n", cr_error_last());
      return 2;
    }
  }
  /* The lists each machine ends up with, for the PowerShell baseline. */
  for (i = 0; lists && i < n; i++) {
    cr_report *r = NULL;
    char *json = NULL;
    if (cr_check_tls(&r, fleet[i]) == CR_OK && cr_report_to_json(&json, r) == CR_OK) {
      for (k = 0; json[k]; k++)
        if (json[k] == '\n')
          json[k] = ' ';
      fprintf(lists, "%s\n", json);
    }
    cr_free(json);
    cr_report_free(r);
  }
  if (lists)
    fclose(lists);

  /* 1. From snapshots: every pair reads both machines again
   *    (cr_tls_match, what a one-off `connreset match` does). */
  t0 = now();
  for (i = 0; i < n; i++)
    for (k = 0; k < n; k++) {
      cr_match *m = NULL;
      if (cr_tls_match(&m, fleet[i], fleet[k], &mo) < 0) {
        fprintf(stderr, "bench_match: %s\n", cr_error_last());
        return 2;
      }
      connect += cr_match_outcome(m) == CR_OUTCOME_CONNECTS;
      cr_match_free(m);
      pairs++;
    }
  t1 = now();
  printf("bench_match: from snapshots: %zu machines, %zu pairs (%zu "
         "connect) in %.3f s: %.0f pairs/s\n", n, pairs, connect, t1 - t0,
         pairs / (t1 - t0));

  /* 2. Fleet mode: each machine read once (cr_machine_open), then every
   *    pair matched (cr_tls_match_machines). */
  {
    cr_machine **ms = calloc(n, sizeof *ms);
    size_t connect2 = 0;
    double t2, t3;
    if (!ms)
      return 2;
    t2 = now();
    for (i = 0; i < n; i++)
      if (cr_machine_open(&ms[i], fleet[i]) < 0)
        return 2;
    for (i = 0; i < n; i++)
      for (k = 0; k < n; k++) {
        cr_match *m = NULL;
        if (cr_tls_match_machines(&m, ms[i], ms[k], &mo) < 0)
          return 2;
        connect2 += cr_match_outcome(m) == CR_OUTCOME_CONNECTS;
        cr_match_free(m);
      }
    t3 = now();
    printf("bench_match: fleet mode: %zu machines read once, %zu pairs (%zu "
           "connect) in %.3f s: %.0f pairs/s\n", n, pairs, connect2,
           t3 - t2, pairs / (t3 - t2));
    if (connect2 != connect) {
      fprintf(stderr, "bench_match: the two modes disagree\n");
      return 1;
    }
    for (i = 0; i < n; i++)
      cr_machine_free(ms[i]);
    free(ms);
  }
  for (i = 0; i < n; i++)
    cr_snapshot_free(fleet[i]);
  free(fleet);
  return 0;
}
