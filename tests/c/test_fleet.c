/* test_fleet.c - fleets (issue 13): configuration classes give every
 * machine pair exactly the verdict its own match gives (on a seeded fleet
 * where classes and machines differ), the class key moves with every input
 * the match reads, the --pairs CSV reader takes what SQL Server exports
 * look like and names the line of what it refuses, the what-if on classes
 * equals the what-if pair by pair, and the thread count changes nothing. */
#include "test.h"

#include "connreset.h"
#include "core/common.h"
#include "core/snapshot.h"
#include "fleet/fleet.h"
#include "fleet/pairs.h"

#include <stdlib.h>

#if defined(_WIN32)
# include <direct.h>
# define make_dir(p) _mkdir(p)
#else
# include <sys/stat.h>
# define make_dir(p) mkdir((p), 0755)
#endif

#define FIX(p) CR_FIXTURES_DIR "/" p
#define DIR "test_fleet.tmp"
#define PROTO "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL"
#define NTCV "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"
#define SSLPOL "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002"
#define TCPIP "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters"

static const char *const bases[] = {
  "tls/ws2012r2-default.reg", "tls/win11-ecdhe-gcm-only.reg",
  "tls/ws2008r2-default.reg", "tls/ws2019-tls12-only-client.reg",
  "tls/ws2016-unfixed-dhe-client.reg", "tls/ws2019-dhe-first-server.reg",
  "tls/ws2022-default.reg", "tls/ws2012r2-sql-ecdsa-cert.reg",
};
#define NBASES (sizeof bases / sizeof bases[0])

static const char *const pool[] = {
  "TLS_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
  "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
  "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
};

static unsigned long long rng = 0x9e3779b97f4a7c15ull;
static unsigned next_rand(void)
{
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng >> 11);
}

static cr_snapshot *open_snap(const char *path)
{
  cr_snapshot *s = NULL;
  const char *paths[1];
  paths[0] = path;
  return cr_snapshot_open_files(&s, paths, 1) == CR_OK ? s : NULL;
}

static void overlay(cr_snapshot *s, const char *text)
{
  CHECK_OK(cr_snapshot_load_buffer(s, text, strlen(text), "overlay"));
}

/* Machine i of the seeded fleet: a scenario snapshot, a host name of its
 * own and, for most, variation in what the match reads (policy list,
 * protocols, a SCHANNEL switch, the update level) or in what it does not
 * (an explicit value equal to the default, a SYN value). */
static cr_snapshot *make_machine(size_t i)
{
  char path[512], text[4096];
  size_t used = 0, k, picks = 0;
  cr_snapshot *s;
  unsigned r = next_rand();
  snprintf(path, sizeof path, "%s", FIX(""));
  snprintf(path + strlen(path), sizeof path - strlen(path), "%s",
           bases[i % NBASES]);
  if (!(s = open_snap(path)))
    return NULL;
  snprintf(text, sizeof text, "REGEDIT4\n\n[" TCPIP "]\n\"Hostname\"=\"M%03zu\"\n"
           "\"Domain\"=\"fleet.test\"\n", i);
  overlay(s, text);
  switch (r % 14) {
  case 0: /* as it is: its class is its scenario's */
    break;
  case 1: /* a policy list drawn from the pool */
    used = (size_t)snprintf(text, sizeof text, "REGEDIT4\n\n[" SSLPOL "]\n"
                            "\"Functions\"=\"");
    for (k = 0; k < sizeof pool / sizeof pool[0]; k++)
      if (next_rand() % 3 == 0)
        used += (size_t)snprintf(text + used, sizeof text - used, "%s%s",
                                 picks++ ? "," : "", pool[k]);
    if (!picks)
      used += (size_t)snprintf(text + used, sizeof text - used, "%s", pool[2]);
    snprintf(text + used, sizeof text - used, "\"\n");
    overlay(s, text);
    break;
  case 2: /* TLS 1.2 off for one role */
    snprintf(text, sizeof text, "REGEDIT4\n\n[" PROTO "\\Protocols\\TLS 1.2\\%s]\n"
             "\"Enabled\"=dword:00000000\n", next_rand() % 2 ? "Client" : "Server");
    overlay(s, text);
    break;
  case 3: /* TLS 1.0 and 1.1 off for clients */
    overlay(s, "REGEDIT4\n\n[" PROTO "\\Protocols\\TLS 1.0\\Client]\n"
            "\"Enabled\"=dword:00000000\n\n[" PROTO "\\Protocols\\TLS 1.1\\Client]\n"
            "\"Enabled\"=dword:00000000\n");
    break;
  case 4: /* a SCHANNEL switch: no AES 128, or no ECDH */
    overlay(s, next_rand() % 2
                 ? "REGEDIT4\n\n[" PROTO "\\Ciphers\\AES 128/128]\n\"Enabled\"=dword:00000000\n"
                 : "REGEDIT4\n\n[" PROTO "\\KeyExchangeAlgorithms\\ECDH]\n\"Enabled\"=dword:00000000\n");
    break;
  case 5: /* the update level: either side of the DHE leading-zero fix */
    overlay(s, next_rand() % 2 ? "REGEDIT4\n\n[" NTCV "]\n\"UBR\"=dword:00000010\n"
                               : "REGEDIT4\n\n[" NTCV "]\n\"UBR\"=dword:00001000\n");
    break;
  case 6: /* an explicit value equal to the default: same class */
    overlay(s, "REGEDIT4\n\n[" PROTO "\\Protocols\\SSL 2.0\\Server]\n"
            "\"Enabled\"=dword:00000000\n");
    break;
  case 7: /* a value the match does not read: same class */
    overlay(s, "REGEDIT4\n\n[" TCPIP "]\n\"TcpMaxHalfOpen\"=dword:00000064\n");
    break;
  case 8: /* one AES 256 suite, and AES 128 switched off: the same list as
           * case 9, but a fix may not add an AES 128 suite here */
    overlay(s, "REGEDIT4\n\n[" SSLPOL "]\n\"Functions\"=\""
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\"\n\n[" PROTO
            "\\Ciphers\\AES 128/128]\n\"Enabled\"=dword:00000000\n");
    break;
  case 9:
    overlay(s, "REGEDIT4\n\n[" SSLPOL "]\n\"Functions\"=\""
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\"\n");
    break;
  case 11: /* the FIPS algorithm policy (issue 11 models it) */
    overlay(s, "REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet"
            "\\Control\\Lsa\\FipsAlgorithmPolicy]\n\"Enabled\"=dword:00000001\n");
    break;
  case 12: /* a hand-written .reg: no Windows version, so undetermined */
    overlay(s, "REGEDIT4\n\n[-" NTCV "]\n");
    break;
  case 13: /* no update revision: the DHE fix of 14393 is unknown */
    overlay(s, "REGEDIT4\n\n[" NTCV "]\n\"UBR\"=-\n");
    break;
  default: /* AES 128 only: no suite in common with cases 8 and 9 */
    overlay(s, "REGEDIT4\n\n[" SSLPOL "]\n\"Functions\"=\""
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\"\n");
    break;
  }
  return s;
}

#define NFLEET 80

static size_t make_fleet(char paths[][64], cr_snapshot **snaps)
{
  size_t i, n = 0;
  make_dir(DIR);
  rng = 0x9e3779b97f4a7c15ull;
  for (i = 0; i < NFLEET; i++) {
    cr_snapshot *s = make_machine(i);
    CHECK(s != NULL);
    if (!s)
      continue;
    snprintf(paths[n], 64, DIR "/m%03zu.reg", i);
    CHECK_OK(cr_snapshot_save(s, paths[n]));
    snaps[n++] = s;
  }
  return n;
}

static char *decision(const cr_match *m)
{
  cr_buf b = CR_BUF_INIT;
  if (!m || cr_match_decision(&b, m) < 0) {
    cr_buf_dispose(&b);
    return NULL;
  }
  return cr_buf_detach(&b, NULL);
}

/* Point 1: each machine pair's verdict from its class pair is the verdict
 * of matching the two machines themselves, for every ordered pair. */
static void test_grouped_equals_pairwise(void)
{
  char paths[NFLEET][64];
  const char *pv[NFLEET];
  cr_snapshot *snaps[NFLEET];
  cr_machine *ms[NFLEET];
  cr_fleet_options fo = CR_FLEET_OPTIONS_INIT;
  cr_fleet *f = NULL;
  size_t n = make_fleet(paths, snaps), i, k, compared = 0, differ = 0;
  size_t classes;
  for (i = 0; i < n; i++) {
    pv[i] = paths[i];
    ms[i] = NULL;
    CHECK_OK(cr_machine_open(&ms[i], snaps[i]));
  }
  fo.threads = 2;
  CHECK_OK(cr_fleet_new(&f, &fo));
  CHECK_OK(cr_fleet_add_files(f, pv, n, CR_FLEET_ROLE_BOTH));
  CHECK_OK(cr_fleet_run(f));
  classes = cr_fleet_class_count(f);
  /* Classes and machines differ: grouping did something, and not all. */
  CHECK(classes > NBASES / 2 && classes < n);
  CHECK(cr_fleet_pair_count(f) == (uint64_t)n * (n - 1));
  for (i = 0; i < n; i++)
    for (k = 0; k < n; k++) {
      const cr_match *grouped = cr_fleet_pair_match(f, i, k, false);
      cr_match *own = NULL;
      char *a, *b;
      if (i == k) {
        CHECK(grouped == NULL); /* a machine does not connect to itself */
        continue;
      }
      CHECK_OK(cr_tls_match_machines(&own, ms[i], ms[k], NULL));
      a = decision(grouped);
      b = decision(own);
      CHECK(a && b);
      if (a && b && strcmp(a, b)) {
        if (differ++ < 3)
          fprintf(stderr, "%s -> %s:\n-- grouped:\n%s-- own:\n%s", paths[i],
                  paths[k], a, b);
      }
      compared++;
      cr_free(a);
      cr_free(b);
      cr_match_free(own);
    }
  CHECK(differ == 0);
  CHECK(compared == n * (n - 1));
  /* Some pairs connect and some do not: the comparison is not vacuous. */
  CHECK(cr_fleet_outcome_count(f, CR_OUTCOME_FAILS) > 0 &&
        cr_fleet_outcome_count(f, CR_OUTCOME_CONNECTS) > 0 &&
        cr_fleet_outcome_count(f, CR_OUTCOME_INTERMITTENT) > 0 &&
        cr_fleet_outcome_count(f, CR_OUTCOME_UNDETERMINED) > 0);
  CHECK(cr_fleet_outcome_count(f, CR_OUTCOME_FAILS) +
        cr_fleet_outcome_count(f, CR_OUTCOME_CONNECTS) +
        cr_fleet_outcome_count(f, CR_OUTCOME_INTERMITTENT) +
        cr_fleet_outcome_count(f, CR_OUTCOME_UNDETERMINED) ==
        cr_fleet_pair_count(f));
  printf("grouped = pairwise: %zu machines in %zu classes, %zu pairs (%llu "
         "connect, %llu intermittent, %llu fail, %llu undetermined)\n", n,
         classes, compared,
         (unsigned long long)cr_fleet_outcome_count(f, CR_OUTCOME_CONNECTS),
         (unsigned long long)cr_fleet_outcome_count(f, CR_OUTCOME_INTERMITTENT),
         (unsigned long long)cr_fleet_outcome_count(f, CR_OUTCOME_FAILS),
         (unsigned long long)cr_fleet_outcome_count(f, CR_OUTCOME_UNDETERMINED));
  cr_fleet_free(f);
  for (i = 0; i < n; i++) {
    cr_machine_free(ms[i]);
    cr_snapshot_free(snaps[i]);
  }
}

/* The class key moves with every input the match reads, and only those. */
/* The key in hex (it is binary). */
static char *key_of(cr_snapshot *s)
{
  cr_machine *m = NULL;
  cr_buf b = CR_BUF_INIT, hex = CR_BUF_INIT;
  size_t i;
  if (cr_machine_open(&m, s) < 0)
    return NULL;
  cr_tls_class_key(&b, (const cr_tls_machine *)m);
  cr_machine_free(m);
  for (i = 0; i < b.len; i++)
    cr_buf_printf(&hex, "%02x", (unsigned char)b.ptr[i]);
  cr_buf_dispose(&b);
  return cr_buf_detach(&hex, NULL);
}

static void key_changes(const char *base, const char *text, int want_change,
                        const char *what)
{
  cr_snapshot *s = open_snap(base);
  char *a, *b;
  CHECK(s != NULL);
  if (!s)
    return;
  a = key_of(s);
  overlay(s, text);
  b = key_of(s);
  CHECK(a && b);
  if (a && b && (strcmp(a, b) != 0) != want_change) {
    fprintf(stderr, "class key %s: %s\n", want_change ? "unchanged" : "changed",
            what);
    CHECK(0);
  }
  cr_free(a);
  cr_free(b);
  cr_snapshot_free(s);
}

static void test_class_key(void)
{
  const char *w2016 = FIX("tls/ws2016-unfixed-dhe-client.reg");
  const char *w2012 = FIX("tls/ws2012r2-default.reg");
  key_changes(w2012, "REGEDIT4\n\n[" PROTO "\\Protocols\\TLS 1.1\\Server]\n"
              "\"Enabled\"=dword:00000000\n", 1, "a server protocol");
  key_changes(w2012, "REGEDIT4\n\n[" PROTO "\\Protocols\\TLS 1.0\\Client]\n"
              "\"DisabledByDefault\"=dword:00000001\n", 1, "a client protocol");
  key_changes(w2012, "REGEDIT4\n\n[" SSLPOL "]\n\"Functions\"=\""
              "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256_P256\"\n", 1, "the suites");
  key_changes(w2012, "REGEDIT4\n\n[" PROTO "\\Hashes\\SHA]\n"
              "\"Enabled\"=dword:00000000\n", 1, "a hash switch");
  key_changes(w2016, "REGEDIT4\n\n[" NTCV "]\n\"UBR\"=dword:00001000\n", 1,
              "the update crossing the DHE leading-zero fix");
  key_changes(w2016, "REGEDIT4\n\n[" NTCV "]\n\"UBR\"=dword:00000d39\n", 0,
              "an update on the same side of the fix");
  key_changes(w2012, "REGEDIT4\n\n[" NTCV "]\n\"CurrentBuildNumber\"=\"17763\"\n"
              "\"CurrentVersion\"=\"6.3\"\n\"CurrentMajorVersionNumber\"=dword:0000000a\n",
              1, "the OS (its defaults)");
  key_changes(w2012, "REGEDIT4\n\n[" TCPIP "]\n\"Hostname\"=\"OTHER\"\n", 0,
              "the host name");
  key_changes(w2012, "REGEDIT4\n\n[" PROTO "\\Protocols\\TLS 1.2\\Server]\n"
              "\"Enabled\"=dword:00000001\n", 0,
              "TLS 1.2 turned on where it is on by default");
  key_changes(w2012, "REGEDIT4\n\n[" TCPIP "]\n\"SynAttackProtect\"=dword:0\n", 0,
              "a value the match does not read");
  {
    /* The certificate: the ECDSA server differs from the plain one. */
    cr_snapshot *a = open_snap(FIX("tls/ws2012r2-sql-ecdsa-cert.reg"));
    cr_snapshot *b = open_snap(w2012);
    char *ka = a ? key_of(a) : NULL, *kb = b ? key_of(b) : NULL;
    CHECK(ka && kb && strcmp(ka, kb) != 0);
    cr_free(ka);
    cr_free(kb);
    cr_snapshot_free(a);
    cr_snapshot_free(b);
  }
}

/* ---------------------------------------------------------------- */
/* --pairs.                                                         */
/* ---------------------------------------------------------------- */

typedef struct rows {
  char text[2048];
  size_t n;
  size_t last_line;
} rows;

static int take_row(void *ctx, const char *c, size_t cl, const char *s,
                    size_t sl, size_t line)
{
  rows *r = ctx;
  size_t used = strlen(r->text);
  snprintf(r->text + used, sizeof r->text - used, "%.*s>%.*s@%zu;", (int)cl, c,
           (int)sl, s, line);
  r->n++;
  r->last_line = line;
  return 0;
}

static void csv_case(const char *name, const void *data, size_t len,
                     const char *want, int want_header)
{
  rows r;
  cr_pairs_stats st;
  int rc;
  memset(&r, 0, sizeof r);
  rc = cr_pairs_read(&st, data, len, name, take_row, &r);
  CHECK(rc == CR_OK);
  if (rc != CR_OK || strcmp(r.text, want) || st.header != want_header) {
    fprintf(stderr, "%s: got '%s' header %d (want '%s', %d)\n", name, r.text,
            st.header, want, want_header);
    CHECK(0);
  }
}

static void csv_error(const char *name, const char *data, const char *want)
{
  rows r;
  cr_pairs_stats st;
  memset(&r, 0, sizeof r);
  CHECK(cr_pairs_read(&st, data, strlen(data), name, take_row, &r) == CR_EPARSE);
  CHECK_CONTAINS(cr_error_last(), want);
}

static void test_pairs_csv(void)
{
  static const char utf16[] = {
    '\xff', '\xfe', 'c', 0, 'l', 0, 'i', 0, 'e', 0, 'n', 0, 't', 0, ',', 0,
    's', 0, 'e', 0, 'r', 0, 'v', 0, 'e', 0, 'r', 0, '\r', 0, '\n', 0,
    'A', 0, ',', 0, 'B', 0, '\r', 0, '\n', 0 };
  static const char cp1252[] = "Caf\xe9,SQL\r\n";
  /* No header: columns 1 and 2; LF or CRLF; a last line without one. */
  csv_case("plain.csv", "APP01,SQL01\nAPP02,SQL02", 23,
           "APP01>SQL01@1;APP02>SQL02@2;", 0);
  csv_case("crlf.csv", "APP01,SQL01\r\nAPP02,SQL02\r\n", 26,
           "APP01>SQL01@1;APP02>SQL02@2;", 0);
  /* A header anywhere in the row names the columns; others are ignored. */
  csv_case("header.csv", "session_id,client_net_address,host_name,server_name\n"
           "52,10.0.0.5,APP01,SQL01\n53,10.0.0.6,APP02,SQL01\n",
           strlen("session_id,client_net_address,host_name,server_name\n"
                  "52,10.0.0.5,APP01,SQL01\n53,10.0.0.6,APP02,SQL01\n"),
           "APP01>SQL01@2;APP02>SQL01@3;", 1);
  /* Export-Csv: #TYPE line, everything quoted, UTF-8 BOM, "" inside. */
  csv_case("export-csv.csv", "\xef\xbb\xbf#TYPE System.Data.DataRow\r\n"
           "\"ClientName\",\"@@SERVERNAME\"\r\n\"APP01\",\"SQL01\\PROD\"\r\n"
           "\"A \"\"quoted\"\" name\",\"SQL, 2\"\r\n",
           strlen("\xef\xbb\xbf#TYPE System.Data.DataRow\r\n"
                  "\"ClientName\",\"@@SERVERNAME\"\r\n\"APP01\",\"SQL01\\PROD\"\r\n"
                  "\"A \"\"quoted\"\" name\",\"SQL, 2\"\r\n"),
           "APP01>SQL01\\PROD@3;A \"quoted\" name>SQL, 2@4;", 1);
  /* sqlcmd -s, -W: header, a rule, padding, a NULL host, the footer. */
  csv_case("sqlcmd.txt", "host_name,server\n---------,------\nAPP01    ,SQL01 \n"
           "NULL,SQL01\n\n(3 rows affected)\n",
           strlen("host_name,server\n---------,------\nAPP01    ,SQL01 \n"
                  "NULL,SQL01\n\n(3 rows affected)\n"),
           "APP01>SQL01@3;", 1);
  /* Excel with a decimal comma: semicolons; tabs from "Save Results As". */
  csv_case("semicolon.csv", "Client;Server\nAPP01;SQL,01\n",
           strlen("Client;Server\nAPP01;SQL,01\n"), "APP01>SQL,01@2;", 1);
  csv_case("tabs.txt", "APP01\tSQL01\t3\n", strlen("APP01\tSQL01\t3\n"),
           "APP01>SQL01@1;", 0);
  /* A line break inside quotes stays in the field; lines count on. */
  csv_case("multiline.csv", "\"APP\n01\",SQL01\nAPP02,SQL02\n",
           strlen("\"APP\n01\",SQL01\nAPP02,SQL02\n"),
           "APP\n01>SQL01@1;APP02>SQL02@3;", 0);
  csv_case("utf16.csv", utf16, sizeof utf16, "A>B@2;", 1);
  csv_case("ansi.csv", cp1252, strlen(cp1252), "Caf\xc3\xa9>SQL@1;", 0);
  csv_case("empty.csv", "", 0, "", 0);
  /* Refused, with the file and line. */
  csv_error("unclosed.csv", "A,B\n\"APP01,SQL01\nC,D\n", "unclosed.csv:2:");
  csv_error("afterquote.csv", "A,B\n\"APP01\"x,SQL01\n", "afterquote.csv:2:");
  csv_error("short.csv", "A,B\nAPP01\n", "short.csv:2: 1 column");
  csv_error("oneheader.csv", "client_name,address\nA,B\n", "oneheader.csv:1:");
  csv_error("nul.csv", "A,B\nC\0,D\n", "nul.csv:2:");
  csv_error("be.csv", "\xfe\xff\0A", "big-endian");
}

/* Names in pairs: host, host.domain, instances, ports, case; unknowns are
 * counted, not judged; the pairs decide who is client and server. */
static void test_pairs_in_fleet(void)
{
  static const char csv[] =
    "host_name,server_name\n"
    "m000,M005.fleet.test\\PROD\n"     /* instance, FQDN */
    "M001.fleet.test,tcp:m005,1433\n"  /* port and prefix */
    "M001,M005\n"                      /* the same pair again */
    "M002,SQL-NOT-HERE\n"              /* no snapshot */
    "NULL,M005\n";                     /* no client name */
  cr_fleet *f = NULL;
  cr_snapshot *snaps[6];
  char *json = NULL;
  size_t i;
  rng = 0x9e3779b97f4a7c15ull;
  CHECK_OK(cr_fleet_new(&f, NULL));
  for (i = 0; i < 6; i++) {
    snaps[i] = make_machine(i);
    CHECK(snaps[i] != NULL);
    if (snaps[i])
      CHECK_OK(cr_fleet_add_snapshot(f, snaps[i], NULL, CR_FLEET_ROLE_AUTO));
  }
  CHECK_OK(cr_fleet_load_pairs_buffer(f, csv, strlen(csv), "pairs.csv"));
  /* A malformed file leaves the fleet as it was. */
  CHECK(cr_fleet_load_pairs_buffer(f, "A,B\n\"x\n", 7, "bad.csv") == CR_EPARSE);
  CHECK_CONTAINS(cr_error_last(), "bad.csv:2:");
  CHECK_OK(cr_fleet_run(f));
  CHECK(cr_fleet_pair_count(f) == 2);
  CHECK(cr_fleet_pair_match(f, 0, 5, false) != NULL);
  CHECK(cr_fleet_pair_match(f, 1, 5, false) != NULL);
  CHECK(cr_fleet_pair_match(f, 5, 0, false) == NULL); /* not a named pair */
  CHECK(cr_fleet_pair_match(f, 2, 5, false) == NULL);
  CHECK_OK(cr_fleet_to_json(&json, f));
  CHECK_CONTAINS(json, "\"rows\": 4");
  CHECK_CONTAINS(json, "\"rowsWithUnknownMachine\": 1");
  CHECK_CONTAINS(json, "\"rowsWithoutName\": 1");
  CHECK_CONTAINS(json, "\"SQL-NOT-HERE\"");
  CHECK_CONTAINS(json, "\"clients\": 2");
  CHECK_CONTAINS(json, "\"servers\": 1");
  CHECK(strstr(json, "bad.csv") == NULL);
  cr_free(json);
  /* After the run the fleet takes nothing more. */
  CHECK(cr_fleet_load_pairs_buffer(f, "a,b\n", 4, "late.csv") == CR_EINVAL);
  cr_fleet_free(f);
  for (i = 0; i < 6; i++)
    cr_snapshot_free(snaps[i]);
}

/* The what-if on classes: the verdict after the policy, pair by pair, is
 * the match of the two machines with the policy applied where it reaches. */
static void test_whatif_equals_pairwise(void)
{
  cr_snapshot *snaps[24], *after[24];
  cr_fleet *f = NULL;
  cr_regpol *pol = NULL;
  size_t i, k, differ = 0, changed = 0;
  uint64_t broken = 0, fixed = 0;
  rng = 0x1234567ull;
  CHECK_OK(cr_gpo_profile_policy(&pol, "tls12-only"));
  CHECK_OK(cr_fleet_new(&f, NULL));
  CHECK_OK(cr_fleet_set_policy(f, pol, CR_GPO_APPLY_SERVERS));
  for (i = 0; i < 24; i++) {
    snaps[i] = make_machine(i);
    after[i] = NULL;
    CHECK(snaps[i] != NULL);
    if (!snaps[i])
      return;
    CHECK_OK(cr_fleet_add_snapshot(f, snaps[i], NULL, i < 16 ? CR_FLEET_ROLE_CLIENT
                                                             : CR_FLEET_ROLE_SERVER));
    /* The same policy by hand, on a copy, for the servers. */
    CHECK_OK(cr_snapshot_new(&after[i]));
    {
      void *buf = NULL;
      size_t len = 0;
      CHECK_OK(cr_snapshot_save_buffer(&buf, &len, snaps[i]));
      CHECK_OK(cr_snapshot_load_buffer(after[i], buf, len, "copy"));
      cr_free(buf);
    }
    if (i >= 16)
      CHECK_OK(cr_snapshot_apply_regpol(after[i], pol));
  }
  CHECK_OK(cr_fleet_run(f));
  for (i = 0; i < 16; i++)
    for (k = 16; k < 24; k++) {
      cr_match *own = NULL;
      char *a, *b;
      CHECK_OK(cr_tls_match(&own, after[i], after[k], NULL));
      a = decision(cr_fleet_pair_match(f, i, k, true));
      b = decision(own);
      CHECK(a && b);
      if (a && b && strcmp(a, b) && differ++ < 2)
        fprintf(stderr, "what-if %zu -> %zu:\n%s--\n%s", i, k, a, b);
      {
        char *c = decision(cr_fleet_pair_match(f, i, k, false));
        changed += c && a && strcmp(a, c) != 0;
        cr_free(c);
      }
      cr_free(a);
      cr_free(b);
      cr_match_free(own);
    }
  CHECK(differ == 0);
  CHECK(changed > 0); /* the policy does change some verdicts */
  CHECK_OK(cr_fleet_policy_changes(&broken, &fixed, f));
  CHECK(broken + fixed > 0);
  cr_fleet_free(f);
  cr_regpol_free(pol);
  for (i = 0; i < 24; i++) {
    cr_snapshot_free(snaps[i]);
    cr_snapshot_free(after[i]);
  }
}

/* Readers in parallel or not, the report is the same; a malformed file
 * stops the load with its name and line and leaves the fleet empty. */
static void test_threads_and_errors(void)
{
  char paths[NFLEET][64];
  const char *pv[NFLEET + 1];
  cr_snapshot *snaps[NFLEET];
  char *json[3] = { NULL, NULL, NULL };
  unsigned threads[3] = { 1, 3, 7 };
  size_t n = make_fleet(paths, snaps), i, t;
  FILE *bad;
  for (i = 0; i < n; i++)
    pv[i] = paths[i];
  for (t = 0; t < 3; t++) {
    cr_fleet_options fo = CR_FLEET_OPTIONS_INIT;
    cr_fleet *f = NULL;
    fo.threads = threads[t];
    CHECK_OK(cr_fleet_new(&f, &fo));
    CHECK_OK(cr_fleet_add_files(f, pv, n, CR_FLEET_ROLE_AUTO));
    CHECK_OK(cr_fleet_run(f));
    CHECK_OK(cr_fleet_to_json(&json[t], f));
    cr_fleet_free(f);
  }
  CHECK(json[0] && json[1] && json[2] && !strcmp(json[0], json[1]) &&
        !strcmp(json[0], json[2]));
  if (json[0] && json[1] && strcmp(json[0], json[1])) {
    FILE *d = fopen(DIR "/threads1.json", "wb"), *e = fopen(DIR "/threads3.json", "wb");
    if (d) { fputs(json[0], d); fclose(d); }
    if (e) { fputs(json[1], e); fclose(e); }
  }
  for (t = 0; t < 3; t++)
    cr_free(json[t]);
  bad = fopen(DIR "/broken.reg", "wb");
  CHECK(bad != NULL);
  if (bad) {
    fputs("REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\n\"v\"=dword:xyz\n", bad);
    fclose(bad);
  }
  pv[n] = DIR "/broken.reg";
  {
    /* Read as reg import reads it: the line is skipped, and said. */
    cr_fleet_options fo = CR_FLEET_OPTIONS_INIT;
    cr_fleet *f = NULL;
    fo.threads = 4;
    CHECK_OK(cr_fleet_new(&f, &fo));
    CHECK_OK(cr_fleet_add_files(f, pv, n + 1, CR_FLEET_ROLE_AUTO));
    CHECK(cr_fleet_machine_count(f) == n + 1);
    CHECK(cr_fleet_warning_count(f) == 1);
    CHECK_CONTAINS(cr_fleet_warning(f, 0), "broken.reg:4:");
    CHECK(cr_fleet_warning(f, 1) == NULL);
    cr_fleet_free(f);
  }
  {
    /* Strictly: the file fails, and nothing is added. */
    cr_fleet_options fo = CR_FLEET_OPTIONS_INIT;
    cr_fleet *f = NULL;
    fo.threads = 4;
    CHECK_OK(cr_fleet_new(&f, &fo));
    CHECK_OK(cr_fleet_set_strict(f, 1));
    CHECK(cr_fleet_add_files(f, pv, n + 1, CR_FLEET_ROLE_AUTO) == CR_EPARSE);
    CHECK_CONTAINS(cr_error_last(), "broken.reg:4:");
    CHECK(cr_fleet_machine_count(f) == 0);
    CHECK(cr_fleet_warning_count(f) == 0);
    cr_fleet_free(f);
  }
  bad = fopen(DIR "/broken.reg", "wb");
  CHECK(bad != NULL);
  if (bad) {
    /* A file reg import refuses too: no header. */
    fputs("[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\n\"v\"=dword:1\n", bad);
    fclose(bad);
  }
  {
    cr_fleet_options fo = CR_FLEET_OPTIONS_INIT;
    cr_fleet *f = NULL;
    fo.threads = 4;
    CHECK_OK(cr_fleet_new(&f, &fo));
    CHECK(cr_fleet_add_files(f, pv, n + 1, CR_FLEET_ROLE_AUTO) == CR_EPARSE);
    CHECK_CONTAINS(cr_error_last(), "broken.reg:1:");
    CHECK(cr_fleet_machine_count(f) == 0);
    cr_fleet_free(f);
  }
  for (i = 0; i < n; i++)
    cr_snapshot_free(snaps[i]);
}

/* The HTML page stands alone: nothing it would fetch. */
static void test_html_self_contained(void)
{
  char paths[NFLEET][64];
  const char *pv[NFLEET];
  cr_snapshot *snaps[NFLEET];
  cr_fleet *f = NULL;
  cr_regpol *pol = NULL;
  char *html = NULL;
  size_t n = make_fleet(paths, snaps), i;
  for (i = 0; i < n; i++)
    pv[i] = paths[i];
  CHECK_OK(cr_gpo_profile_policy(&pol, "tls12-only"));
  CHECK_OK(cr_fleet_new(&f, NULL));
  CHECK_OK(cr_fleet_set_policy(f, pol, CR_GPO_APPLY_BOTH));
  CHECK_OK(cr_fleet_add_files(f, pv, n, CR_FLEET_ROLE_AUTO));
  CHECK(cr_fleet_to_html(&html, f) == CR_EINVAL); /* not judged yet */
  CHECK_OK(cr_fleet_run(f));
  CHECK_OK(cr_fleet_to_html(&html, f));
  CHECK(html && !strncmp(html, "<!DOCTYPE html>", 15));
  CHECK(html && !strstr(html, "<script") && !strstr(html, "src=") &&
        !strstr(html, "http:") && !strstr(html, "https:") &&
        !strstr(html, "@import") && !strstr(html, "url("));
  CHECK_CONTAINS(html, "id=\"matrix\"");
  CHECK_CONTAINS(html, "id=\"policy\"");
  cr_free(html);
  cr_fleet_free(f);
  cr_regpol_free(pol);
  for (i = 0; i < n; i++)
    cr_snapshot_free(snaps[i]);
}

int main(void)
{
  test_class_key();
  test_grouped_equals_pairwise();
  test_pairs_csv();
  test_pairs_in_fleet();
  test_whatif_equals_pairwise();
  test_threads_and_errors();
  test_html_self_contained();
  return test_finish("test_fleet");
}
