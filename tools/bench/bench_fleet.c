/*
 * bench_fleet.c - the fleet benchmark (issue 13): a synthetic fleet made
 * from the TLS scenario snapshots, and the rates that matter at fleet size.
 *
 *   bench_fleet make FIXTURE_DIR OUT_DIR MACHINES SERVERS PAIRS [PROFILES]
 *       writes OUT_DIR/snapshots/<name>.reg (one machine each) and
 *       OUT_DIR/pairs.csv (host_name,server_name; CRLF, as SSMS saves).
 *       Each machine takes one of PROFILES configurations (default 200):
 *       a scenario snapshot with seeded variation in what the match reads
 *       (its policy suite list, TLS 1.0/1.1 per role, the update level, a
 *       SCHANNEL switch); on top, per machine, what the match does not read
 *       (its host name, a SYN value, a protocol key set to its default).
 *       Servers hold a SQL Server instance. Client i meets
 *       PAIRS / (MACHINES - SERVERS) servers, drawn with a seeded xorshift.
 *
 *   bench_fleet run OUT_DIR SAMPLE_CLIENTS SAMPLE_SERVERS LISTS.jsonl
 *       measures, in one process, on one core each:
 *        - loading the snapshots alone (cr_snapshot_open_files), MB/s of
 *          .reg input;
 *        - the class path: every machine read into a fleet (two readers),
 *          then the pairs file read (CSV and names), then cr_fleet_run:
 *          pairs/s/core for the run (distinct pairs, class pairs, one match
 *          per class pair) and with the CSV reading included;
 *        - the per-pair path on a sample: SAMPLE_CLIENTS x SAMPLE_SERVERS
 *          machines opened once each (cr_machine_open), every pair matched
 *          (cr_tls_match_machines), as the fleet did before classes;
 *       and writes the sample's suite lists for the PowerShell baseline
 *       (Compare-SuiteLists.ps1). Prints one "name: value" line per number.
 *
 * A benchmark, not a test: it prints numbers, and how many sample pairs
 * the two paths agree on (every one whose class pair the run judged).
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, mkdir: a Linux tool */
#include "connreset.h"
#include "bench.h"
#include "core/common.h"
#include "fleet/fleet.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#define TCPIP "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters"
#define SCHANNEL "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL"
#define NTCV "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"
#define SSLPOL "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002"
#define SQLNAMES "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft SQL Server\\Instance Names\\SQL"

static const char *const client_bases[] = {
  "ws2012r2-default.reg", "win11-ecdhe-gcm-only.reg", "ws2008r2-default.reg",
  "ws2019-tls12-only-client.reg", "ws2016-unfixed-dhe-client.reg",
  "ws2022-default.reg",
};
static const char *const server_bases[] = {
  "ws2019-dhe-first-server.reg", "ws2012r2-default.reg", "ws2022-default.reg",
  "ws2012r2-sql-ecdsa-cert.reg", "ws2008r2-default.reg",
};
static const char *const pool[] = {
  "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
  "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_CBC_SHA",
};
#define NPOOL (sizeof pool / sizeof pool[0])


/* CPU seconds this process has used: on a machine shared with other work
 * the rates per core are taken from it, not from the wall clock. */
static double cpu(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int die(const char *what)
{
  fprintf(stderr, "bench_fleet: %s: %s\n", what, cr_error_last());
  return 2;
}

/* ASCII text as UTF-16LE, appended. */
static void put_utf16(cr_buf *b, const char *s)
{
  for (; *s; s++) {
    cr_buf_putc(b, *s);
    cr_buf_putc(b, 0);
  }
}

/* One configuration: a scenario snapshot and variation the match reads. */
static int make_profile(cr_buf *out, const char *fixtures, int server,
                        unsigned p)
{
  const char *base = server ? server_bases[p % 5] : client_bases[p % 6];
  char path[1024], reg[4096];
  const char *one[1];
  cr_snapshot *s = NULL;
  void *buf = NULL;
  size_t used = 0, len = 0, k, picks = 0;
  unsigned v = p / (server ? 5 : 6);
  snprintf(path, sizeof path, "%s/%s", fixtures, base);
  one[0] = path;
  if (cr_snapshot_open_files(&s, one, 1) < 0)
    return -1;
  used += (size_t)snprintf(reg + used, sizeof reg - used, "REGEDIT4\n\n");
  if (v) { /* variant 0 is the scenario as it is */
    if (v % 3 != 0) {
      used += (size_t)snprintf(reg + used, sizeof reg - used,
                               "[" SSLPOL "]\n\"Functions\"=\"");
      for (k = 0; k < NPOOL; k++)
        if ((v * 2654435761u >> (k + 3)) % 3 == 0 || (k == 4 && !picks))
          used += (size_t)snprintf(reg + used, sizeof reg - used, "%s%s",
                                   picks++ ? "," : "", pool[k]);
      if (!picks)
        used += (size_t)snprintf(reg + used, sizeof reg - used, "%s", pool[5]);
      used += (size_t)snprintf(reg + used, sizeof reg - used, "\"\n\n");
    }
    if (v & 4)
      used += (size_t)snprintf(reg + used, sizeof reg - used, "[" SCHANNEL
                               "\\Protocols\\TLS 1.0\\%s]\n\"Enabled\"=dword:0\n\n",
                               server ? "Server" : "Client");
    if (v & 8)
      used += (size_t)snprintf(reg + used, sizeof reg - used, "[" SCHANNEL
                               "\\Protocols\\TLS 1.1\\%s]\n\"Enabled\"=dword:0\n\n",
                               server ? "Server" : "Client");
    if (v & 16)
      used += (size_t)snprintf(reg + used, sizeof reg - used, "[" SCHANNEL
                               "\\Ciphers\\AES 128/128]\n\"Enabled\"=dword:0\n\n");
    if (v & 32)
      used += (size_t)snprintf(reg + used, sizeof reg - used,
                               "[" NTCV "]\n\"UBR\"=dword:00000010\n\n");
  }
  if (server)
    used += (size_t)snprintf(reg + used, sizeof reg - used,
                             "[" SQLNAMES "]\n\"MSSQLSERVER\"=\"MSSQL15.MSSQLSERVER\"\n\n");
  if (cr_snapshot_load_buffer(s, reg, used, "profile") < 0 ||
      cr_snapshot_save_buffer(&buf, &len, s) < 0) {
    cr_snapshot_free(s);
    return -1;
  }
  cr_buf_put(out, buf, len);
  cr_free(buf);
  cr_snapshot_free(s);
  return cr_buf_status(out);
}

static int cmd_make(const char *fixtures, const char *dir, size_t machines,
                    size_t servers, size_t pairs, unsigned profiles)
{
  unsigned nsp = profiles / 5 ? profiles / 5 : 1; /* server profiles */
  unsigned ncp = profiles - nsp ? profiles - nsp : 1;
  cr_buf *prof = calloc(nsp + ncp, sizeof *prof);
  size_t clients = machines - servers, i, k, per;
  char path[1200];
  FILE *f;
  double t0 = now();
  if (!prof || servers == 0 || servers >= machines)
    return 2;
  for (i = 0; i < nsp + ncp; i++)
    if (make_profile(&prof[i], fixtures, i < nsp, (unsigned)(i < nsp ? i : i - nsp)) < 0)
      return die("building a profile");
  snprintf(path, sizeof path, "%s/snapshots", dir);
  mkdir(dir, 0755);
  mkdir(path, 0755);
  for (i = 0; i < machines; i++) {
    int server = i < servers;
    size_t n = server ? i : i - servers;
    unsigned p = server ? (unsigned)(next_rand() % nsp)
                        : nsp + (unsigned)(next_rand() % ncp);
    cr_buf tail = CR_BUF_INIT;
    char line[512];
    snprintf(line, sizeof line, "\r\n[" TCPIP "]\r\n\"Hostname\"=\"%s%06zu\"\r\n"
             "\"Domain\"=\"fleet.example\"\r\n\"TcpMaxHalfOpen\"=dword:%08x\r\n",
             server ? "SQL" : "APP", n, 100u + next_rand() % 400u);
    put_utf16(&tail, line);
    if (next_rand() % 4 == 0) { /* explicit, and the default: same class */
      snprintf(line, sizeof line, "\r\n[" SCHANNEL "\\Protocols\\SSL 2.0\\Server]"
               "\r\n\"Enabled\"=dword:00000000\r\n");
      put_utf16(&tail, line);
    }
    snprintf(path, sizeof path, "%s/snapshots/%s%06zu.reg", dir,
             server ? "sql" : "app", n);
    if (!(f = fopen(path, "wb")) ||
        fwrite(prof[p].ptr, 1, prof[p].len, f) != prof[p].len ||
        fwrite(tail.ptr, 1, tail.len, f) != tail.len || fclose(f) != 0) {
      fprintf(stderr, "bench_fleet: %s: %s\n", path, strerror(errno));
      return 2;
    }
    cr_buf_dispose(&tail);
  }
  snprintf(path, sizeof path, "%s/pairs.csv", dir);
  if (!(f = fopen(path, "wb")))
    return 2;
  fputs("host_name,server_name\r\n", f);
  per = pairs / clients;
  for (i = 0; i < clients; i++) {
    /* An application tier talks to a neighbourhood of servers. */
    size_t home = (size_t)next_rand() % servers;
    for (k = 0; k < per; k++)
      fprintf(f, "APP%06zu,SQL%06zu\r\n", i,
              (home + (size_t)(next_rand() % (servers / 8 + 1))) % servers);
  }
  for (i = per * clients; i < pairs; i++) /* the remainder */
    fprintf(f, "APP%06zu,SQL%06zu\r\n", (size_t)next_rand() % clients,
            (size_t)next_rand() % servers);
  if (fclose(f) != 0)
    return 2;
  printf("made: %zu machines (%zu servers, %zu clients) from %u profiles, "
         "%zu pairs, in %.1f s\n", machines, servers, clients, nsp + ncp,
         pairs, now() - t0);
  for (i = 0; i < nsp + ncp; i++)
    cr_buf_dispose(&prof[i]);
  free(prof);
  return 0;
}

/* The snapshot files of OUT_DIR/snapshots: sqlNNNNNN then appNNNNNN. */
static char **list_files(const char *dir, size_t *n, size_t *servers)
{
  char path[1200];
  char **v = NULL;
  size_t cap = 0, i;
  int pass;
  struct stat st;
  *n = 0;
  *servers = 0;
  for (pass = 0; pass < 2; pass++)
    for (i = 0;; i++) {
      snprintf(path, sizeof path, "%s/snapshots/%s%06zu.reg", dir,
               pass ? "app" : "sql", i);
      if (stat(path, &st) != 0)
        break;
      if (*n == cap) {
        cap = cap ? cap * 2 : 1024;
        v = realloc(v, cap * sizeof *v);
      }
      v[(*n)++] = cr_strdup(path);
      if (!pass)
        (*servers)++;
    }
  return v;
}

static int cmd_run(const char *dir, size_t sample_c, size_t sample_s,
                   const char *lists_path)
{
  size_t n, nservers, i, k;
  char **files = list_files(dir, &n, &nservers);
  char pairs_path[1200];
  double t0, t1, c0, c1, bytes = 0;
  cr_fleet_options fo = CR_FLEET_OPTIONS_INIT;
  cr_fleet *f = NULL;
  struct stat st;
  if (!n)
    return fprintf(stderr, "bench_fleet: no snapshots in %s\n", dir), 2;
  snprintf(pairs_path, sizeof pairs_path, "%s/pairs.csv", dir);

  /* 1. Loading alone, one core. */
  c0 = cpu();
  t0 = now();
  for (i = 0; i < n; i++) {
    cr_snapshot *s = NULL;
    const char *one[1];
    one[0] = files[i];
    if (cr_snapshot_open_files(&s, one, 1) < 0)
      return die(files[i]);
    if (stat(files[i], &st) == 0)
      bytes += (double)st.st_size;
    cr_snapshot_free(s);
  }
  t1 = now();
  c1 = cpu();
  printf("load_seconds: %.2f wall, %.2f cpu\nload_mb: %.1f\n"
         "load_mb_per_s_per_core: %.1f\n", t1 - t0, c1 - c0, bytes / 1e6,
         bytes / 1e6 / (c1 - c0));

  /* 2. The class path. */
  fo.threads = 2;
  if (cr_fleet_new(&f, &fo) < 0)
    return die("cr_fleet_new");
  t0 = now();
  c0 = cpu();
  if (cr_fleet_add_files(f, (const char *const *)files, n, CR_FLEET_ROLE_AUTO) < 0)
    return die("cr_fleet_add_files");
  t1 = now();
  c1 = cpu();
  printf("read_classify_seconds: %.2f wall (2 readers), %.2f cpu\n"
         "read_classify_machines_per_s_per_core: %.0f\nmachines: %zu\n"
         "classes: %zu\n", t1 - t0, c1 - c0, (double)n / (c1 - c0),
         cr_fleet_machine_count(f), cr_fleet_class_count(f));
  c0 = cpu();
  if (cr_fleet_load_pairs(f, pairs_path) < 0)
    return die("cr_fleet_load_pairs");
  c1 = cpu();
  {
    double c2, c3, csv = c1 - c0;
    size_t rows = f->pair_rows;
    c2 = cpu();
    if (cr_fleet_run(f) < 0)
      return die("cr_fleet_run");
    c3 = cpu();
    printf("pair_rows: %zu\ndistinct_pairs: %llu\nclass_pairs_matched: %zu\n"
           "csv_cpu_seconds: %.2f\nrun_cpu_seconds: %.2f\n"
           "class_path_pairs_per_s_per_core: %.0f\n"
           "class_path_with_csv_pairs_per_s_per_core: %.0f\n",
           rows, (unsigned long long)cr_fleet_pair_count(f), f->ncells, csv,
           c3 - c2, (double)rows / (c3 - c2), (double)rows / (csv + c3 - c2));
    printf("outcomes: %llu connect, %llu intermittent, %llu fail, %llu "
           "undetermined\n",
           (unsigned long long)cr_fleet_outcome_count(f, CR_OUTCOME_CONNECTS),
           (unsigned long long)cr_fleet_outcome_count(f, CR_OUTCOME_INTERMITTENT),
           (unsigned long long)cr_fleet_outcome_count(f, CR_OUTCOME_FAILS),
           (unsigned long long)cr_fleet_outcome_count(f, CR_OUTCOME_UNDETERMINED));
  }

  /* 3. The per-pair path on a sample: the first sample_c clients and
   *    sample_s servers, each machine opened once, every pair matched. */
  {
    cr_machine **ms;
    cr_match_options mo = CR_MATCH_OPTIONS_INIT;
    size_t nc = sample_c < n - nservers ? sample_c : n - nservers;
    size_t ns = sample_s < nservers ? sample_s : nservers, pairs = 0, agree = 0;
    size_t compared = 0;
    FILE *lists = lists_path ? fopen(lists_path, "w") : NULL;
    double t2, t3;
    ms = calloc(nc + ns, sizeof *ms);
    for (i = 0; i < nc + ns; i++) {
      size_t idx = i < ns ? i : nservers + (i - ns);
      cr_snapshot *s = NULL;
      const char *one[1];
      one[0] = files[idx];
      if (cr_snapshot_open_files(&s, one, 1) < 0 || cr_machine_open(&ms[i], s) < 0)
        return die(files[idx]);
      if (lists) { /* the lists the PowerShell baseline compares */
        cr_report *r = NULL;
        char *json = NULL;
        if (cr_check_tls(&r, s) == CR_OK && cr_report_to_json(&json, r) == CR_OK) {
          for (k = 0; json[k]; k++)
            if (json[k] == '\n')
              json[k] = ' ';
          fprintf(lists, "{\"role\":\"%s\",\"report\":%s}\n",
                  i < ns ? "server" : "client", json);
        }
        cr_free(json);
        cr_report_free(r);
      }
      cr_snapshot_free(s);
    }
    if (lists)
      fclose(lists);
    t2 = cpu();
    for (i = ns; i < ns + nc; i++)
      for (k = 0; k < ns; k++) {
        cr_match *m = NULL;
        if (cr_tls_match_machines(&m, ms[i], ms[k], &mo) < 0)
          return die("cr_tls_match_machines");
        pairs++;
        { /* the class path's verdict for the pair, when its class pair was
           * judged (the sample is not limited to the CSV's pairs) */
          const fl_cell *cell = cr_fleet_cell(f, f->machine_class[nservers + (i - ns)],
                                              f->machine_class[k]);
          if (cell) {
            compared++;
            agree += cr_match_outcome(m) == cr_match_outcome(cell->match);
          }
        }
        cr_match_free(m);
      }
    t3 = cpu();
    printf("per_pair_sample_pairs: %zu\nper_pair_cpu_seconds: %.3f\n"
           "per_pair_pairs_per_s_per_core: %.0f\nsample_agreement: %zu/%zu\n",
           pairs, t3 - t2, (double)pairs / (t3 - t2), agree, compared);
    for (i = 0; i < nc + ns; i++)
      cr_machine_free(ms[i]);
    free(ms);
  }
  cr_fleet_free(f);
  for (i = 0; i < n; i++)
    free(files[i]);
  free(files);
  return 0;
}

int main(int argc, char **argv)
{
  if (argc >= 7 && !strcmp(argv[1], "make"))
    return cmd_make(argv[2], argv[3], strtoul(argv[4], NULL, 10),
                    strtoul(argv[5], NULL, 10), strtoul(argv[6], NULL, 10),
                    argc > 7 ? (unsigned)strtoul(argv[7], NULL, 10) : 200u);
  if (argc >= 5 && !strcmp(argv[1], "run"))
    return cmd_run(argv[2], strtoul(argv[3], NULL, 10),
                   strtoul(argv[4], NULL, 10), argc > 5 ? argv[5] : NULL);
  fprintf(stderr, "usage: bench_fleet make FIXTURES OUT MACHINES SERVERS PAIRS "
          "[PROFILES]\n       bench_fleet run OUT SAMPLE_CLIENTS SAMPLE_SERVERS "
          "[LISTS.jsonl]\n");
  return 2;
}
