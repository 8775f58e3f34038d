/*
 * test_trace.c - the wire evidence on the committed captures of
 * tests/fixtures/wire (made by the tests' peers: see make_fixtures.py),
 * on every build, the MinGW one under Wine included. Frame numbers and
 * values come from EXPECTED.txt, which tshark wrote when the fixtures
 * were made; the live, tshark-judged test is tests/wire/test_wire.py.
 *
 * Also: damaged files (CR_EPARSE with the offset, what came before still
 * reported), the server filter, argument checks and NULL frees.
 */
#include "connreset.h"
#include "checks/trace.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>

#ifdef CR_FIXTURES_DIR
# define FIXTURES CR_FIXTURES_DIR "/wire"
#else
# define FIXTURES "tests/fixtures/wire"
#endif

static cr_trace *open_trace(const char *file, const char *server)
{
  cr_trace_options o = CR_TRACE_OPTIONS_INIT;
  cr_trace *t = NULL;
  char path[1024];
  o.server = server;
  snprintf(path, sizeof path, "%s/%s", FIXTURES, file);
  CHECK_OK(cr_trace_new(&t, &o));
  if (t)
    CHECK_OK(cr_trace_add_file(t, path));
  return t;
}

static const trace_conn *conn(const cr_trace *t, uint64_t stream)
{
  size_t i;
  for (i = 0; t && i < t->nconns; i++)
    if (t->conns[i].f.stream == stream)
      return &t->conns[i];
  return NULL;
}

static unsigned long long num(const char *v)
{
  return strtoull(v, NULL, 0);
}

/* Checks one EXPECTED.txt row against the trace. */
static void expect(const cr_trace *t, const char *file, unsigned stream,
                   const char *field, const char *value)
{
  const trace_conn *c = conn(t, stream);
  const cr_conn_facts *f;
  char buf[128];
  CHECK(c != NULL);
  if (!c) {
    fprintf(stderr, "  %s stream %u: missing\n", file, stream);
    return;
  }
  f = &c->f;
  if (!strcmp(field, "client") || !strcmp(field, "server")) {
    cr_ep_str(buf, sizeof buf, field[0] == 'c' ? &f->client : &f->server);
    CHECK(strcmp(buf, value) == 0);
  } else if (!strcmp(field, "synFrame")) {
    CHECK(f->syn_frame == num(value));
  } else if (!strcmp(field, "rstClient")) {
    CHECK(f->rst_frame[0] == num(value));
  } else if (!strcmp(field, "rstServer")) {
    CHECK(f->rst_frame[1] == num(value));
  } else if (!strcmp(field, "clientHello")) {
    CHECK(f->ch.frame == num(value));
  } else if (!strcmp(field, "suitesOffered")) {
    CHECK(f->ch.nsuites_total == num(value));
  } else if (!strcmp(field, "serverHello")) {
    CHECK(f->sh.frame == num(value));
  } else if (!strcmp(field, "suite")) {
    CHECK(f->sh.suite == num(value));
  } else if (!strcmp(field, "certificate")) {
    CHECK(f->cert.frame == num(value));
  } else if (!strcmp(field, "signatureHash")) {
    CHECK(strcmp(f->cert.sig_hash, value) == 0);
  } else if (!strcmp(field, "sqlVersion")) {
    CHECK(f->prelogin[1].version == num(value));
  } else if (!strcmp(field, "alert")) {
    unsigned long long frame = num(value);
    const char *from = strchr(value, ':') + 1;
    unsigned desc = (unsigned)num(strrchr(value, ':') + 1);
    uint8_t i;
    int found = 0;
    for (i = 0; i < f->nalerts; i++)
      found |= f->alerts[i].frame == frame && !f->alerts[i].encrypted &&
               f->alerts[i].desc == desc &&
               f->alerts[i].dir == (from[0] == 's' ? 1 : 0);
    CHECK(found);
  } else {
    fprintf(stderr, "unknown field %s\n", field);
    CHECK(0);
  }
}

static void test_expected(void)
{
  char path[1024], line[512], current[128] = "";
  cr_trace *t = NULL;
  FILE *in;
  int rows = 0;
  snprintf(path, sizeof path, "%s/EXPECTED.txt", FIXTURES);
  in = fopen(path, "r");
  CHECK(in != NULL);
  if (!in)
    return;
  while (fgets(line, sizeof line, in)) {
    char file[128], field[64], value[256];
    unsigned stream;
    if (line[0] == '#' || sscanf(line, "%127s %u %63s %255s", file, &stream,
                                 field, value) != 4)
      continue;
    if (strcmp(file, current)) {
      cr_trace_free(t);
      t = open_trace(file, NULL);
      snprintf(current, sizeof current, "%s", file);
    }
    expect(t, file, stream, field, value);
    rows++;
  }
  fclose(in);
  cr_trace_free(t);
  CHECK(rows > 100);
}

static int has_finding(const cr_trace *t, const char *id)
{
  size_t i;
  for (i = 0; i < cr_trace_finding_count(t); i++)
    if (!strcmp(cr_finding_id(cr_trace_finding(t, i)), id))
      return 1;
  return 0;
}

/* The verdicts each scenario was made to show. */
static void test_verdicts(void)
{
  static const struct { const char *file, *ids[4]; } cases[] = {
    { "protocol.pcapng", { "PROTO101", NULL } },
    { "suite.pcapng", { "SUITE101", NULL } },
    { "certs.pcapng", { "CERTHASH101", "CERTHASH102", "HANDSHAKE101", NULL } },
    { "schannel-reset.pcapng", { "PROTO101", "SUITE101", "PROTO103", NULL } },
    { "dhe-intermittent.pcapng", { "DHEZERO101", NULL } },
    { "syn.pcapng", { "SYN101", "SYN102", NULL } },
    { "tds-tsql.pcapng", { "IOCP101", "PROTO110", NULL } },
    { "tds-tedious.pcapng", { "SUITE101", NULL } },
    { "reset-after-login.pcapng", { "RESET101", NULL } },
  };
  size_t i, k;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cr_trace *t = open_trace(cases[i].file, NULL);
    char *json = NULL, *text = NULL;
    for (k = 0; cases[i].ids[k]; k++) {
      CHECK(has_finding(t, cases[i].ids[k]));
      if (!has_finding(t, cases[i].ids[k]))
        fprintf(stderr, "  %s: no %s\n", cases[i].file, cases[i].ids[k]);
    }
    CHECK_OK(cr_trace_to_json(&json, t));
    CHECK_OK(cr_trace_to_text(&text, t));
    CHECK_CONTAINS(json, "\"schema\": \"connreset.trace/1\"");
    CHECK_CONTAINS(text, cases[i].ids[0]);
    cr_free(json);
    cr_free(text);
    cr_trace_free(t);
  }
}

static void test_damage(void)
{
  cr_trace *t = NULL;
  char path[1024], *json = NULL;
  int rc;
  CHECK_OK(cr_trace_new(&t, NULL));
  snprintf(path, sizeof path, "%s/damaged/tds-tsql-cut.pcapng", FIXTURES);
  rc = cr_trace_add_file(t, path);
  CHECK(rc == CR_EPARSE);
  CHECK_CONTAINS(cr_error_last(), ": offset ");
  CHECK_CONTAINS(cr_error_last(), "cut short");
  CHECK(cr_trace_damaged_count(t) == 1);
  /* What came before the cut is there: the first connections. */
  CHECK(cr_trace_connection_count(t) >= 1);
  CHECK(t->nconns >= 1 && t->conns[0].f.prelogin[1].frame != 0);
  CHECK_OK(cr_trace_to_json(&json, t));
  CHECK_CONTAINS(json, "\"complete\": false");
  CHECK_CONTAINS(json, "\"offset\": ");
  cr_free(json);
  /* The next file is still read. */
  snprintf(path, sizeof path, "%s/protocol.pcapng", FIXTURES);
  CHECK_OK(cr_trace_add_file(t, path));
  CHECK(has_finding(t, "PROTO101"));
  snprintf(path, sizeof path, "%s/damaged/tds-tsql-badlen.pcapng", FIXTURES);
  CHECK(cr_trace_add_file(t, path) == CR_EPARSE);
  CHECK_CONTAINS(cr_error_last(), "offset ");
  CHECK(cr_trace_damaged_count(t) == 2);
  snprintf(path, sizeof path, "%s/no-such-file.pcapng", FIXTURES);
  CHECK(cr_trace_add_file(t, path) == CR_ENOTFOUND);
  cr_trace_free(t);

  /* Not a capture at all. */
  CHECK_OK(cr_trace_new(&t, NULL));
  CHECK(cr_trace_add_buffer(t, "hello world, no capture", 23, "x.etl") == CR_EPARSE);
  CHECK_CONTAINS(cr_error_last(), "x.etl: offset 0");
  CHECK_CONTAINS(cr_error_last(), "etl2pcap");
  CHECK(cr_trace_add_buffer(t, "", 0, "empty.pcap") == CR_EPARSE);
  cr_trace_free(t);
}

/* pcapng timestamps at every if_tsresol a file can say, the absurd ones
 * too (found by fuzz_capture: 10^-57 s indexed past the powers-of-ten
 * table; ASan/UBSan runs this test). */
static void test_tsresol_extremes(void)
{
  static const uint8_t head[] = {
    0x0A, 0x0D, 0x0D, 0x0A, 28, 0, 0, 0, 0x4D, 0x3C, 0x2B, 0x1A, 1, 0, 0, 0,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 28, 0, 0, 0,  /* SHB */
    1, 0, 0, 0, 32, 0, 0, 0, 101, 0, 0, 0, 0, 0, 4, 0,           /* IDB */
    9, 0, 1, 0, 0xEE, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0, 0,          /* if_tsresol */
    6, 0, 0, 0, 36, 0, 0, 0, 0, 0, 0, 0,                          /* EPB */
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,               /* ts */
    4, 0, 0, 0, 4, 0, 0, 0, 0x45, 0, 0, 0, 36, 0, 0, 0 };
  static const uint8_t resol[] = { 0, 6, 9, 19, 20, 38, 39, 57, 127,
                                   0x80, 0x80 | 30, 0x80 | 34, 0x80 | 35,
                                   0x80 | 63, 0x80 | 64, 0xFF };
  uint8_t file[sizeof head];
  size_t i;
  for (i = 0; i < sizeof resol; i++) {
    cr_trace *t = NULL;
    memcpy(file, head, sizeof head);
    file[48] = resol[i];
    CHECK_OK(cr_trace_new(&t, NULL));
    if (cr_trace_add_buffer(t, file, sizeof file, "r.pcapng") != CR_OK) {
      fprintf(stderr, "if_tsresol 0x%02x: %s\n", resol[i], cr_error_last());
      CHECK(!"a pcapng with this if_tsresol is read");
    }
    cr_trace_free(t);
  }
}

static void test_filter(void)
{
  cr_trace_options o = CR_TRACE_OPTIONS_INIT;
  cr_trace *t = NULL, *all;
  char port[64];
  const char *bad[] = { "sql01", "10.0.0.1:0", "10.0.0.1:70000", "[::1",
                        "1.2.3", "::1:1433x", "" };
  size_t i;
  all = open_trace("protocol.pcapng", NULL);
  CHECK(all && all->nservers == 2);
  if (!all || all->nservers < 2) {
    cr_trace_free(all);
    return;
  }
  cr_ep_str(port, sizeof port, &all->servers[1].ep);
  t = open_trace("protocol.pcapng", port);
  CHECK(t && t->nservers == 1 && cr_trace_connection_count(t) == 1);
  cr_trace_free(t);
  t = open_trace("protocol.pcapng", "127.0.0.1");
  CHECK(t && cr_trace_connection_count(t) == cr_trace_connection_count(all));
  cr_trace_free(t);
  t = open_trace("protocol.pcapng", "[::1]:1433");
  CHECK(t && cr_trace_connection_count(t) == 0);
  cr_trace_free(t);
  cr_trace_free(all);
  for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    o.server = bad[i];
    t = NULL;
    CHECK(cr_trace_new(&t, &o) == CR_EINVAL && t == NULL);
  }
  o.version = 99;
  o.server = NULL;
  CHECK(cr_trace_new(&t, &o) == CR_EINVAL);
}

static void test_api(void)
{
  cr_trace *t = NULL;
  char *out = NULL;
  cr_trace_free(NULL);
  CHECK(cr_trace_new(NULL, NULL) == CR_EINVAL);
  CHECK(cr_trace_add_file(NULL, "x") == CR_EINVAL);
  CHECK(cr_trace_to_json(&out, NULL) == CR_EINVAL);
  CHECK(cr_trace_finding_count(NULL) == 0);
  CHECK(cr_trace_finding(NULL, 0) == NULL);
  CHECK(cr_trace_worst_severity(NULL) == -1);
  CHECK_OK(cr_trace_new(&t, NULL));
  CHECK(cr_trace_finding_count(t) == 0);
  CHECK(cr_trace_worst_severity(t) == -1);
  CHECK(cr_trace_set_match(t, NULL) == CR_EINVAL);
  CHECK_OK(cr_trace_to_text(&out, t));
  CHECK_CONTAINS(out, "no TCP connection");
  cr_free(out);
  cr_trace_free(t);
}

/* A pcap of `n` SYNs (raw IPv4) from distinct ports, none answered. */
static unsigned char *syn_flood(size_t n, size_t *len)
{
  static const unsigned char hdr[24] = {
    0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0xff, 0xff, 0, 0, 101, 0, 0, 0 };
  size_t i, rec = 16 + 40;
  unsigned char *p = calloc(1, 24 + n * rec), *q;
  if (!p)
    return NULL;
  memcpy(p, hdr, 24);
  for (i = 0, q = p + 24; i < n; i++, q += rec) {
    unsigned port = 1024 + (unsigned)(i % 60000), sec = (unsigned)i;
    q[0] = (unsigned char)sec; q[1] = (unsigned char)(sec >> 8);
    q[8] = q[12] = 40;                       /* incl_len, orig_len */
    q[16] = 0x45; q[19] = 40; q[24] = 64; q[25] = 6; /* IPv4, TCP */
    q[28] = 10; q[29] = 1; q[30] = (unsigned char)(i >> 16 & 0xff); q[31] = 1;
    q[32] = 10; q[33] = 200; q[34] = 0; q[35] = 1;
    q[36] = (unsigned char)(port >> 8); q[37] = (unsigned char)port;
    q[38] = 0x05; q[39] = 0x99;              /* to port 1433 */
    q[48] = 0x50; q[49] = 0x02;              /* data offset 5, SYN */
  }
  *len = 24 + n * rec;
  return p;
}

/* More connections open at once than the tracker follows: the oldest are
 * handed over as they are, counted, and memory stays bounded. */
static void test_open_max(void)
{
  size_t len, n = CR_TCP_OPEN_MAX + 3000;
  unsigned char *cap = syn_flood(n, &len);
  cr_trace *t = NULL;
  char *json = NULL;
  CHECK(cap != NULL);
  if (!cap)
    return;
  CHECK_OK(cr_trace_new(&t, NULL));
  CHECK_OK(cr_trace_add_buffer(t, cap, len, "flood.pcap"));
  CHECK(cr_trace_connection_count(t) == n);
  CHECK(t->files[0].expired > 0);
  CHECK(t->files[0].open_max <= CR_TCP_OPEN_MAX);
  CHECK(t->nservers == 1 && t->servers[0].outcome[OUT_SYN_UNANSWERED] == n);
  CHECK(has_finding(t, "SYN102"));
  CHECK_OK(cr_trace_to_json(&json, t));
  CHECK_CONTAINS(json, "\"expired\": ");
  cr_free(json);
  cr_trace_free(t);
  free(cap);
}

int main(void)
{
  test_open_max();
  test_expected();
  test_verdicts();
  test_damage();
  test_tsresol_extremes();
  test_filter();
  test_api();
  return test_finish("test_trace");
}
