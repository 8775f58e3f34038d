/*
 * test_tls_defaults.c - the Schannel knowledge tables: protocol defaults per
 * OS and role, default cipher-suite lists, the DHE leading-zero fix, and the
 * tables' own consistency (every row cited, names well formed, no suite both
 * enabled and "supported but not enabled").
 */
#include "connreset.h"
#include "test.h"

#include "knowledge/fips.h"
#include "knowledge/os_names.h"
#include "knowledge/syn_defaults.h"
#include "knowledge/tls_defaults.h"

#include <stdlib.h>

static cr_os mk(unsigned major, unsigned minor, unsigned build,
                cr_os_role role)
{
  cr_os os;
  memset(&os, 0, sizeof os);
  os.known = true;
  os.major = major;
  os.minor = minor;
  os.build = build;
  os.service_pack = -1;
  os.role = role;
  return os;
}

static cr_os mk_ubr(unsigned build, unsigned ubr, cr_os_role role)
{
  cr_os os = mk(10, 0, build, role);
  os.has_ubr = true;
  os.ubr = ubr;
  return os;
}

static cr_proto_default pdef(const cr_os *os, int side, cr_tls_proto p)
{
  const cr_proto_defaults_row *r = cr_tls_proto_defaults(os);
  return r ? r->def[side][p] : CR_PDEF_UNKNOWN;
}

static bool has_enabled_prefix(const cr_default_suites_row *r,
                               const char *prefix)
{
  size_t i;
  for (i = 0; i < r->nenabled; i++)
    if (strncmp(r->enabled[i], prefix, strlen(prefix)) == 0)
      return true;
  return false;
}

static bool in_list(const char *const *list, size_t n, const char *name)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (strcmp(list[i], name) == 0)
      return true;
  return false;
}

static bool well_formed(const char *s)
{
  const char *p;
  if (strncmp(s, "TLS_", 4) != 0 && strncmp(s, "SSL_", 4) != 0)
    return false;
  for (p = s; *p; p++)
    if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_'))
      return false;
  return true;
}

static void test_proto_names(void)
{
  CHECK_STR(cr_tls_proto_key[CR_PROTO_SSL2], "SSL 2.0");
  CHECK_STR(cr_tls_proto_key[CR_PROTO_TLS12], "TLS 1.2");
  CHECK_STR(cr_tls_proto_key[CR_PROTO_DTLS12], "DTLS 1.2");
  CHECK_STR(cr_tls_proto_id[CR_PROTO_TLS10], "tls1.0");
  CHECK_STR(cr_tls_proto_id[CR_PROTO_TLS13], "tls1.3");
  CHECK_STR(cr_tls_proto_id[CR_PROTO_DTLS10], "dtls1.0");
}

static void test_proto_defaults(void)
{
  cr_os ws2012r2 = mk(6, 3, 9600, CR_ROLE_SERVER);
  cr_os ws2008r2 = mk(6, 1, 7601, CR_ROLE_SERVER);
  cr_os ws2008sp2 = mk(6, 0, 6002, CR_ROLE_SERVER);
  cr_os vista_sp2 = mk(6, 0, 6002, CR_ROLE_WORKSTATION);
  cr_os ws2008_nobuild = mk(6, 0, 0, CR_ROLE_SERVER);
  cr_os ws2016 = mk(10, 0, 14393, CR_ROLE_SERVER);
  cr_os w10_1607 = mk(10, 0, 14393, CR_ROLE_WORKSTATION);
  cr_os w10_1511 = mk(10, 0, 10586, CR_ROLE_WORKSTATION);
  cr_os w10_1709 = mk(10, 0, 16299, CR_ROLE_WORKSTATION);
  cr_os w10_22h2 = mk(10, 0, 19045, CR_ROLE_WORKSTATION);
  cr_os srv_19045 = mk(10, 0, 19045, CR_ROLE_SERVER);
  cr_os ws2022 = mk(10, 0, 20348, CR_ROLE_SERVER);
  cr_os dc2022 = mk(10, 0, 20348, CR_ROLE_DOMAIN_CONTROLLER);
  cr_os w11 = mk(10, 0, 22000, CR_ROLE_WORKSTATION);
  cr_os w11_24h2 = mk(10, 0, 26100, CR_ROLE_WORKSTATION);
  cr_os w11_other = mk(10, 0, 26200, CR_ROLE_WORKSTATION);
  cr_os ws2025 = mk(10, 0, 26100, CR_ROLE_SERVER);
  cr_os unknown;
  cr_os w10_nobuild = mk(10, 0, 0, CR_ROLE_WORKSTATION);
  cr_os w10_norole = mk(10, 0, 19045, CR_ROLE_UNKNOWN);
  const cr_proto_defaults_row *r;

  memset(&unknown, 0, sizeof unknown);

  /* Server 2012 R2: TLS 1.2 on for both roles, no TLS 1.3. */
  CHECK(pdef(&ws2012r2, CR_TLS_CLIENT, CR_PROTO_TLS12) == CR_PDEF_ENABLED);
  CHECK(pdef(&ws2012r2, CR_TLS_SERVER, CR_PROTO_TLS12) == CR_PDEF_ENABLED);
  CHECK(pdef(&ws2012r2, CR_TLS_SERVER, CR_PROTO_TLS13) ==
        CR_PDEF_NOT_SUPPORTED);
  CHECK(pdef(&ws2012r2, CR_TLS_SERVER, CR_PROTO_SSL2) == CR_PDEF_DISABLED);

  /* Server 2008 R2: TLS 1.1 and 1.2 supported but off. */
  CHECK(pdef(&ws2008r2, CR_TLS_CLIENT, CR_PROTO_TLS12) == CR_PDEF_DISABLED);
  CHECK(pdef(&ws2008r2, CR_TLS_SERVER, CR_PROTO_TLS12) == CR_PDEF_DISABLED);
  CHECK(pdef(&ws2008r2, CR_TLS_SERVER, CR_PROTO_TLS11) == CR_PDEF_DISABLED);
  CHECK(pdef(&ws2008r2, CR_TLS_SERVER, CR_PROTO_TLS10) == CR_PDEF_ENABLED);
  CHECK(pdef(&ws2008r2, CR_TLS_CLIENT, CR_PROTO_SSL2) == CR_PDEF_DISABLED);
  CHECK(pdef(&ws2008r2, CR_TLS_SERVER, CR_PROTO_SSL2) == CR_PDEF_ENABLED);
  CHECK(pdef(&ws2008r2, CR_TLS_SERVER, CR_PROTO_DTLS10) == CR_PDEF_ENABLED);

  /* Server 2008 SP2 differs from Vista SP2 at the same build. */
  CHECK(pdef(&ws2008sp2, CR_TLS_SERVER, CR_PROTO_TLS12) == CR_PDEF_DISABLED);
  CHECK(pdef(&vista_sp2, CR_TLS_CLIENT, CR_PROTO_TLS12) ==
        CR_PDEF_NOT_SUPPORTED);
  CHECK(cr_tls_proto_defaults(&ws2008_nobuild) == NULL);

  /* 1607 and Server 2016 share a row; SSL 2.0 gone, SSL 3.0 off. */
  r = cr_tls_proto_defaults(&ws2016);
  CHECK(r != NULL && r == cr_tls_proto_defaults(&w10_1607));
  CHECK(pdef(&ws2016, CR_TLS_SERVER, CR_PROTO_SSL2) ==
        CR_PDEF_NOT_SUPPORTED);
  CHECK(pdef(&ws2016, CR_TLS_SERVER, CR_PROTO_SSL3) == CR_PDEF_DISABLED);
  CHECK(pdef(&ws2016, CR_TLS_SERVER, CR_PROTO_TLS13) ==
        CR_PDEF_NOT_SUPPORTED);
  CHECK(pdef(&ws2016, CR_TLS_CLIENT, CR_PROTO_DTLS12) == CR_PDEF_ENABLED);
  CHECK(pdef(&w10_1511, CR_TLS_CLIENT, CR_PROTO_SSL3) == CR_PDEF_ENABLED);
  CHECK(pdef(&w10_1511, CR_TLS_CLIENT, CR_PROTO_DTLS12) ==
        CR_PDEF_NOT_SUPPORTED);

  /* Cells the page leaves out stay unknown. */
  CHECK(pdef(&w10_1709, CR_TLS_CLIENT, CR_PROTO_TLS12) == CR_PDEF_ENABLED);
  CHECK(pdef(&w10_1709, CR_TLS_CLIENT, CR_PROTO_SSL3) == CR_PDEF_UNKNOWN);
  CHECK(pdef(&w10_22h2, CR_TLS_SERVER, CR_PROTO_TLS10) == CR_PDEF_ENABLED);
  CHECK(pdef(&w10_22h2, CR_TLS_SERVER, CR_PROTO_DTLS10) == CR_PDEF_UNKNOWN);
  CHECK(pdef(&w10_22h2, CR_TLS_SERVER, CR_PROTO_SSL2) ==
        CR_PDEF_NOT_SUPPORTED);
  CHECK(cr_tls_proto_defaults(&srv_19045) == NULL);
  CHECK(cr_tls_proto_defaults(&w10_norole) == NULL);

  /* TLS 1.3 from Server 2022 and Windows 11 on. */
  CHECK(pdef(&ws2022, CR_TLS_CLIENT, CR_PROTO_TLS13) == CR_PDEF_ENABLED);
  CHECK(pdef(&ws2022, CR_TLS_SERVER, CR_PROTO_TLS13) == CR_PDEF_ENABLED);
  CHECK(pdef(&dc2022, CR_TLS_SERVER, CR_PROTO_TLS13) == CR_PDEF_ENABLED);
  CHECK(pdef(&w11, CR_TLS_CLIENT, CR_PROTO_TLS13) == CR_PDEF_ENABLED);
  CHECK(pdef(&w11_24h2, CR_TLS_CLIENT, CR_PROTO_TLS10) == CR_PDEF_ENABLED);
  CHECK(pdef(&ws2025, CR_TLS_SERVER, CR_PROTO_TLS11) == CR_PDEF_ENABLED);
  CHECK(pdef(&ws2025, CR_TLS_SERVER, CR_PROTO_TLS13) == CR_PDEF_ENABLED);

  /* A Windows 11 build the TLS table does not name. */
  r = cr_tls_proto_defaults(&w11_other);
  CHECK(r != NULL);
  CHECK(pdef(&w11_other, CR_TLS_CLIENT, CR_PROTO_TLS10) == CR_PDEF_UNKNOWN);
  CHECK(pdef(&w11_other, CR_TLS_CLIENT, CR_PROTO_TLS12) == CR_PDEF_UNKNOWN);
  CHECK(pdef(&w11_other, CR_TLS_CLIENT, CR_PROTO_SSL3) == CR_PDEF_DISABLED);

  /* Unknown OS. */
  CHECK(cr_tls_proto_defaults(&unknown) == NULL);
  CHECK(pdef(&unknown, CR_TLS_SERVER, CR_PROTO_TLS12) == CR_PDEF_UNKNOWN);
  CHECK(cr_tls_proto_defaults(&w10_nobuild) == NULL);
  CHECK(cr_tls_proto_defaults(NULL) == NULL);
}

static void test_default_suites(void)
{
  cr_os ws2012r2 = mk(6, 3, 9600, CR_ROLE_SERVER);
  cr_os ws2008r2 = mk(6, 1, 7601, CR_ROLE_SERVER);
  cr_os ws2016 = mk(10, 0, 14393, CR_ROLE_SERVER);
  cr_os w10_1607 = mk(10, 0, 14393, CR_ROLE_WORKSTATION);
  cr_os ws2019 = mk(10, 0, 17763, CR_ROLE_SERVER);
  cr_os w10_1809 = mk(10, 0, 17763, CR_ROLE_WORKSTATION);
  cr_os w10_1909 = mk(10, 0, 18363, CR_ROLE_WORKSTATION);
  cr_os w10_22h2 = mk(10, 0, 19045, CR_ROLE_WORKSTATION);
  cr_os srv_19045 = mk(10, 0, 19045, CR_ROLE_SERVER);
  cr_os ws2022 = mk(10, 0, 20348, CR_ROLE_SERVER);
  cr_os w11 = mk(10, 0, 22000, CR_ROLE_WORKSTATION);
  cr_os w11_23h2 = mk(10, 0, 22631, CR_ROLE_WORKSTATION);
  cr_os w11_24h2 = mk(10, 0, 26100, CR_ROLE_WORKSTATION);
  cr_os ws2025 = mk(10, 0, 26100, CR_ROLE_SERVER);
  cr_os vista = mk(6, 0, 6002, CR_ROLE_WORKSTATION);
  cr_os unknown;
  const cr_default_suites_row *r;
  size_t i;
  bool ecdhe_rsa_gcm = false;

  memset(&unknown, 0, sizeof unknown);

  /* Server 2012 R2: no ECDHE_RSA with AES-GCM by default. */
  r = cr_tls_default_suites(&ws2012r2);
  CHECK(r != NULL);
  if (r) {
    for (i = 0; i < r->nenabled; i++)
      if (strncmp(r->enabled[i], "TLS_ECDHE_RSA_WITH_AES_", 23) == 0 &&
          strstr(r->enabled[i], "_GCM_") != NULL)
        ecdhe_rsa_gcm = true;
    CHECK(!ecdhe_rsa_gcm);
    CHECK_STR(r->enabled[0], "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384_P256");
    CHECK(has_enabled_prefix(r, "TLS_DHE_"));
  }
  r = cr_tls_default_suites(&ws2008r2);
  CHECK(r != NULL && r->nenabled == 40);

  /* Server 2016 and 1607 share a page; Server 2019 and 1809 too. */
  r = cr_tls_default_suites(&ws2016);
  CHECK(r != NULL && r == cr_tls_default_suites(&w10_1607));
  CHECK(r != NULL && r->nenabled == 32);
  CHECK(r != NULL && strstr(r->source, "[CS-1607]") != NULL);
  r = cr_tls_default_suites(&ws2019);
  CHECK(r != NULL && r == cr_tls_default_suites(&w10_1809));
  CHECK(r != NULL && strstr(r->source, "[CS-1809]") != NULL);
  CHECK(r != NULL && r->nenabled == 23);
  r = cr_tls_default_suites(&w10_1909);
  CHECK(r != NULL && strstr(r->source, "[CS-1903]") != NULL);
  r = cr_tls_default_suites(&w10_22h2);
  CHECK(r != NULL && strstr(r->source, "[CS-W10-22H2]") != NULL);
  CHECK(r != NULL && r->nenabled == 20);
  CHECK(cr_tls_default_suites(&srv_19045) == NULL);

  /* Windows 11: TLS 1.3 suites first. */
  r = cr_tls_default_suites(&w11);
  CHECK(r != NULL && r->nenabled > 0);
  if (r) {
    CHECK_STR(r->enabled[0], "TLS_AES_256_GCM_SHA384");
    CHECK_STR(r->enabled[1], "TLS_AES_128_GCM_SHA256");
    CHECK(has_enabled_prefix(r, "TLS_DHE_")); /* 21H2 still had them */
    CHECK(in_list(r->supported_not_enabled, r->nsupported,
                  "TLS_CHACHA20_POLY1305_SHA256"));
  }
  r = cr_tls_default_suites(&w11_23h2);
  CHECK(r != NULL && r->nenabled > 0 &&
        strcmp(r->enabled[0], "TLS_AES_256_GCM_SHA384") == 0);
  CHECK(r != NULL && !has_enabled_prefix(r, "TLS_DHE_"));
  r = cr_tls_default_suites(&w11_24h2);
  CHECK(r != NULL && r->nenabled > 0 &&
        strcmp(r->enabled[0], "TLS_AES_256_GCM_SHA384") == 0);

  /* Server 2022 still enables TLS_DHE; Server 2025 does not. */
  r = cr_tls_default_suites(&ws2022);
  CHECK(r != NULL && has_enabled_prefix(r, "TLS_DHE_"));
  r = cr_tls_default_suites(&ws2025);
  CHECK(r != NULL);
  if (r) {
    CHECK(!has_enabled_prefix(r, "TLS_DHE_"));
    CHECK(!in_list(r->enabled, r->nenabled, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"));
    CHECK(in_list(r->supported_not_enabled, r->nsupported,
                  "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"));
    CHECK(in_list(r->supported_not_enabled, r->nsupported,
                  "TLS_PSK_WITH_AES_256_GCM_SHA384"));
    CHECK_STR(r->enabled[0], "TLS_AES_256_GCM_SHA384");
  }

  /* No source settles these. */
  CHECK(cr_tls_default_suites(&vista) == NULL);
  CHECK(cr_tls_default_suites(&unknown) == NULL);
  CHECK(cr_tls_default_suites(NULL) == NULL);
}

static void test_dhe_fix(void)
{
  cr_os ws2016_old = mk_ubr(14393, 3541, CR_ROLE_SERVER);
  cr_os ws2016_fix = mk_ubr(14393, 3542, CR_ROLE_SERVER);
  cr_os ws2016_mar = mk_ubr(14393, 3564, CR_ROLE_SERVER);
  cr_os w10_1607_old = mk_ubr(14393, 1000, CR_ROLE_WORKSTATION);
  cr_os ws2016_noubr = mk(10, 0, 14393, CR_ROLE_SERVER);
  cr_os ws2012r2 = mk(6, 3, 9600, CR_ROLE_SERVER);
  cr_os w7 = mk(6, 1, 7601, CR_ROLE_WORKSTATION);
  cr_os w10_2004 = mk(10, 0, 19041, CR_ROLE_WORKSTATION);
  cr_os w10_2004_ubr = mk_ubr(19041, 1, CR_ROLE_WORKSTATION);
  cr_os w10_1507 = mk_ubr(10240, 20000, CR_ROLE_WORKSTATION);
  cr_os w10_1511 = mk(10, 0, 10586, CR_ROLE_WORKSTATION);
  cr_os ws2019 = mk_ubr(17763, 1, CR_ROLE_SERVER);
  cr_os w10_1909 = mk(10, 0, 18363, CR_ROLE_WORKSTATION);
  cr_os w11_later = mk(10, 0, 26200, CR_ROLE_WORKSTATION);
  cr_os insider_old = mk(10, 0, 12000, CR_ROLE_WORKSTATION);
  cr_os w10_nobuild = mk(10, 0, 0, CR_ROLE_WORKSTATION);
  cr_os unknown;
  const cr_dhe_fix_row *row = NULL;

  memset(&unknown, 0, sizeof unknown);

  CHECK(cr_tls_dhe_fix(&ws2016_old, &row) == CR_DHE_FIX_MISSING);
  CHECK(row != NULL && row->build == 14393 && row->fixed_ubr == 3542);
  CHECK(cr_tls_dhe_fix(&ws2016_fix, NULL) == CR_DHE_FIX_PRESENT);
  CHECK(cr_tls_dhe_fix(&ws2016_mar, NULL) == CR_DHE_FIX_PRESENT);
  CHECK(cr_tls_dhe_fix(&w10_1607_old, NULL) == CR_DHE_FIX_MISSING);
  CHECK(cr_tls_dhe_fix(&ws2016_noubr, &row) == CR_DHE_FIX_UNKNOWN);
  CHECK(row != NULL && row->build == 14393);

  CHECK(cr_tls_dhe_fix(&ws2012r2, &row) == CR_DHE_FIX_MISSING);
  CHECK(row != NULL && row->major == 6 && row->minor == 3);
  CHECK(cr_tls_dhe_fix(&w7, NULL) == CR_DHE_FIX_MISSING);
  CHECK(cr_tls_dhe_fix(&w10_1507, NULL) == CR_DHE_FIX_MISSING);

  CHECK(cr_tls_dhe_fix(&w10_2004, &row) == CR_DHE_FIX_PRESENT);
  CHECK(row != NULL && row->build == 19041 && row->fixed_in_release);
  CHECK(cr_tls_dhe_fix(&w10_2004_ubr, NULL) == CR_DHE_FIX_PRESENT);
  CHECK(cr_tls_dhe_fix(&w10_1511, NULL) == CR_DHE_FIX_PRESENT);
  CHECK(cr_tls_dhe_fix(&ws2019, NULL) == CR_DHE_FIX_PRESENT);
  CHECK(cr_tls_dhe_fix(&w10_1909, NULL) == CR_DHE_FIX_PRESENT);

  /* A later build with no row of its own takes the "and later" row. */
  CHECK(cr_tls_dhe_fix(&w11_later, &row) == CR_DHE_FIX_PRESENT);
  CHECK(row != NULL && row->build == 17763);

  row = &cr_dhe_fix_rows[0]; /* must be reset to NULL */
  CHECK(cr_tls_dhe_fix(&insider_old, &row) == CR_DHE_FIX_UNKNOWN);
  CHECK(row == NULL);
  CHECK(cr_tls_dhe_fix(&w10_nobuild, NULL) == CR_DHE_FIX_UNKNOWN);
  CHECK(cr_tls_dhe_fix(&unknown, &row) == CR_DHE_FIX_UNKNOWN);
  CHECK(row == NULL);
  CHECK(cr_tls_dhe_fix(NULL, NULL) == CR_DHE_FIX_UNKNOWN);
}

static void test_tables(void)
{
  size_t i, j, k;
  int bad = 0;

  CHECK(cr_proto_defaults_row_count > 0);
  for (i = 0; i < cr_proto_defaults_row_count; i++) {
    const cr_proto_defaults_row *r = &cr_proto_defaults_rows[i];
    if (!r->label || !r->source || !*r->source || r->os.role < 0 ||
        r->os.role > 2 ||
        (r->os.build_max && r->os.build_min > r->os.build_max))
      bad++;
  }
  CHECK(bad == 0);

  bad = 0;
  CHECK(cr_default_suites_row_count > 0);
  for (i = 0; i < cr_default_suites_row_count; i++) {
    const cr_default_suites_row *r = &cr_default_suites_rows[i];
    if (!r->label || !r->source || strncmp(r->source, "[CS-", 4) != 0 ||
        r->nenabled == 0 || r->nsupported == 0 || r->os.role < 0 ||
        r->os.role > 2)
      bad++;
    for (j = 0; j < r->nenabled; j++) {
      if (!well_formed(r->enabled[j]))
        bad++;
      for (k = j + 1; k < r->nenabled; k++)
        if (strcmp(r->enabled[j], r->enabled[k]) == 0)
          bad++;
      if (in_list(r->supported_not_enabled, r->nsupported, r->enabled[j]))
        bad++;
    }
    for (j = 0; j < r->nsupported; j++) {
      if (!well_formed(r->supported_not_enabled[j]))
        bad++;
      for (k = j + 1; k < r->nsupported; k++)
        if (strcmp(r->supported_not_enabled[j],
                   r->supported_not_enabled[k]) == 0)
          bad++;
    }
  }
  CHECK(bad == 0);

  bad = 0;
  CHECK(cr_dhe_fix_row_count > 0);
  for (i = 0; i < cr_dhe_fix_row_count; i++) {
    const cr_dhe_fix_row *r = &cr_dhe_fix_rows[i];
    if (!r->label || !r->source || !*r->source)
      bad++;
    if (r->major == 10 && r->build == 0)
      bad++; /* 10.0 rows are per build */
    for (j = i + 1; j < cr_dhe_fix_row_count; j++)
      if (cr_dhe_fix_rows[j].major == r->major &&
          cr_dhe_fix_rows[j].minor == r->minor &&
          cr_dhe_fix_rows[j].build == r->build)
        bad++;
  }
  CHECK(bad == 0);
}

/* The names --os takes (issue 11): each stands for an OS the knowledge
 * tables cover; the exceptions say why. */
static void test_os_names(void)
{
  size_t i;
  CHECK(cr_os_name_count() == cr_os_name_row_count);
  CHECK(cr_os_name(cr_os_name_count()) == NULL);
  for (i = 0; i < cr_os_name_row_count; i++) {
    const cr_os_name_row *r = &cr_os_name_rows[i];
    cr_os_decl d;
    cr_os os;
    bool proto, suites, syn;
    CHECK_OK(cr_os_parse(&d, r->name));
    CHECK_STR(d.name, r->name);
    CHECK(r->source && r->source[0] == '[');
    memset(&os, 0, sizeof os);
    os.known = true;
    os.major = d.major;
    os.minor = d.minor;
    os.build = d.build;
    os.role = d.role;
    os.service_pack = d.service_pack;
    proto = cr_tls_proto_defaults(&os) != NULL;
    suites = cr_tls_default_suites(&os) != NULL;
    syn = cr_syn_lookup(cr_syn_values[0], &os) != NULL;
    if (d.major == 10 || (d.major == 6 && d.minor >= 1)) {
      /* Windows 7 and later: protocol defaults and suite lists. */
      if (!proto || !suites)
        fprintf(stderr, "os name without TLS rows: %s\n", r->name);
      CHECK(proto && suites);
    } else if (d.major == 6) {
      /* Vista / Server 2008: protocol rows are by build (give the
       * version); no source settles the suite list (tls_defaults.c). */
      CHECK(!suites);
      d.build = 6002;
      os.build = 6002;
      CHECK(cr_tls_proto_defaults(&os) != NULL);
    } else {
      /* 2000, XP, 2003: no TLS source; the SYN table covers them once
       * the service pack is given ("Windows Server 2003 SP2"). */
      CHECK(!proto && !suites);
      CHECK(d.service_pack == -1);
      os.service_pack = 2;
      syn = cr_syn_lookup(cr_syn_values[0], &os) != NULL;
      if (!syn)
        fprintf(stderr, "os name without SYN rows: %s\n", r->name);
      CHECK(syn);
    }
  }
}

static void test_os_parse(void)
{
  cr_os_decl d;
  CHECK_OK(cr_os_parse(&d, "Windows Server 2016"));
  CHECK(d.major == 10 && d.build == 14393 && d.role == CR_ROLE_SERVER &&
        !d.has_ubr && d.service_pack == 0);
  CHECK_OK(cr_os_parse(&d, "  server 2016   10.0.14393.3542 "));
  CHECK(d.build == 14393 && d.has_ubr && d.ubr == 3542);
  CHECK_STR(d.name, "Windows Server 2016");
  /* The longest name wins: "2008 R2" is not "2008". */
  CHECK_OK(cr_os_parse(&d, "Windows Server 2008 R2 SP1"));
  CHECK(d.major == 6 && d.minor == 1 && d.service_pack == 1);
  CHECK_OK(cr_os_parse(&d, "windows server 2003 sp2"));
  CHECK(d.major == 5 && d.minor == 2 && d.service_pack == 2 && !d.r2);
  CHECK_OK(cr_os_parse(&d, "Windows Server 2003 R2 Service Pack 2"));
  CHECK(d.r2 && d.service_pack == 2);
  CHECK_OK(cr_os_parse(&d, "Windows Server 2008 SP2 6.0.6002"));
  CHECK(d.build == 6002 && d.service_pack == 2);
  CHECK_OK(cr_os_parse(&d, "Windows 10 22H2"));
  CHECK(d.role == CR_ROLE_WORKSTATION && d.build == 19045);
  /* Refused: no such release, an ambiguous one, a version that does not
   * fit the name, a service pack after Windows 8, trailing text. */
  CHECK(cr_os_parse(&d, "Windows 10") == CR_EINVAL);
  CHECK_CONTAINS(cr_error_last(), "Windows 10 22H2");
  CHECK(cr_os_parse(&d, "Windows Server 2017") == CR_EINVAL);
  CHECK(cr_os_parse(&d, "Windows Server 2016 10.0.17763") == CR_EINVAL);
  CHECK_CONTAINS(cr_error_last(), "is 10.0.14393, not 10.0.17763");
  CHECK(cr_os_parse(&d, "Windows Server 2012 6.3.9600") == CR_EINVAL);
  CHECK(cr_os_parse(&d, "Windows Server 2016 SP1") == CR_EINVAL);
  CHECK(cr_os_parse(&d, "Windows Server 2016 please") == CR_EINVAL);
  CHECK(cr_os_parse(&d, "Windows Server 2016 10.0.14393.") == CR_EINVAL);
  CHECK(cr_os_parse(&d, "") == CR_EINVAL);
}

/* cr_snapshot_set_os fills what a snapshot lacks and refuses what
 * contradicts it. */
static void test_set_os(void)
{
  static const char hand[] =
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\"
    "SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server]\r\n"
    "\"Enabled\"=dword:00000000\r\n";
  static const char cv[] =
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion]\r\n"
    "\"CurrentMajorVersionNumber\"=dword:0000000a\r\n"
    "\"CurrentMinorVersionNumber\"=dword:00000000\r\n"
    "\"CurrentBuildNumber\"=\"14393\"\r\n"
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\ProductOptions]\r\n"
    "\"ProductType\"=\"ServerNT\"\r\n";
  cr_snapshot *s = NULL;
  cr_report *r = NULL;
  char *json = NULL;
  cr_os os;
  CHECK_OK(cr_snapshot_new(&s));
  CHECK_OK(cr_snapshot_load_buffer(s, hand, strlen(hand), "hand.reg"));
  CHECK_OK(cr_snapshot_set_os(s, "Windows Server 2016"));
  CHECK_OK(cr_os_read(&os, s));
  CHECK(os.known && os.major == 10 && os.build == 14393 && os.role == CR_ROLE_SERVER);
  CHECK_STR(os.name, "Windows Server 2016");
  CHECK_STR(os.declared, "Windows Server 2016");
  cr_os_dispose(&os);
  CHECK_OK(cr_diagnose(&r, s));
  CHECK_OK(cr_report_to_json(&json, r));
  CHECK_CONTAINS(json, "\"declared\": \"Windows Server 2016\"");
  /* The 2016 protocol defaults now apply: TLS 1.2 on by default. */
  CHECK_CONTAINS(json, "on by default on Windows Server 2016");
  cr_free(json);
  cr_report_free(r);
  CHECK(cr_snapshot_set_os(s, "Windows Nonsense") == CR_EINVAL);
  CHECK_OK(cr_snapshot_set_os(s, NULL));
  CHECK_OK(cr_os_read(&os, s));
  CHECK(!os.known && !os.declared[0]);
  cr_os_dispose(&os);

  /* A snapshot that says 10.0.14393 server: the same release is fine and
   * adds the update revision; another one is refused. */
  CHECK_OK(cr_snapshot_load_buffer(s, cv, strlen(cv), "cv.reg"));
  CHECK(cr_snapshot_set_os(s, "Windows Server 2019") == CR_EINVAL);
  CHECK_CONTAINS(cr_error_last(), "the snapshot says it is Windows Server 2016");
  CHECK(cr_snapshot_set_os(s, "Windows 10 1607") == CR_EINVAL); /* role */
  CHECK_OK(cr_snapshot_set_os(s, "Windows Server 2016 10.0.14393.3542"));
  CHECK_OK(cr_os_read(&os, s));
  CHECK(os.has_ubr && os.ubr == 3542);
  cr_os_dispose(&os);
  CHECK(cr_snapshot_set_os(NULL, "Windows Server 2016") == CR_EINVAL);
  cr_snapshot_free(s);
}

/* The report gives a protocol's OS default in the words of its state, so
 * a protocol with nothing set has state == osDefault: [SCH-PROTO]'s
 * "Disabled" (SSL 3.0 on Windows 10) is "disabled-by-default", never the
 * "disabled" of Enabled = 0. */
static void test_os_default_words(void)
{
  static const char hand[] =
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\"
    "Parameters]\r\n\"Hostname\"=\"APP10\"\r\n";
  cr_snapshot *s = NULL;
  cr_report *r = NULL;
  char *json = NULL;
  CHECK_OK(cr_snapshot_new(&s));
  CHECK_OK(cr_snapshot_load_buffer(s, hand, strlen(hand), "win10.reg"));
  CHECK_OK(cr_snapshot_set_os(s, "Windows 10 1809"));
  CHECK_OK(cr_check_tls(&r, s));
  CHECK_OK(cr_report_to_json(&json, r));
  CHECK_CONTAINS(json, "\"osDefault\": \"disabled-by-default\"");
  CHECK_CONTAINS(json, "\"osDefault\": \"not-supported\"");
  CHECK_CONTAINS(json, "\"osDefault\": \"enabled\"");
  CHECK(json && strstr(json, "\"osDefault\": \"disabled\"") == NULL);
  cr_free(json);
  cr_report_free(r);
  cr_snapshot_free(s);
}

/* The FIPS table (knowledge/fips.c): every row cites a source, and the
 * rules the match relies on hold. */
static void test_fips_table(void)
{
  size_t i;
  for (i = 0; i < cr_fips_row_count; i++)
    CHECK(cr_fips_rows[i].source && cr_fips_rows[i].source[0] == '[');
  CHECK(cr_fips_allows(CR_FIPS_CIPHER, "AES_256_GCM") == 1);
  CHECK(cr_fips_allows(CR_FIPS_CIPHER, "AES_128_CBC") == 1);
  CHECK(cr_fips_allows(CR_FIPS_CIPHER, "3DES_EDE_CBC") == 1);
  CHECK(cr_fips_allows(CR_FIPS_CIPHER, "RC4_128") == 0);
  CHECK(cr_fips_allows(CR_FIPS_CIPHER, "DES_CBC") == 0);
  CHECK(cr_fips_allows(CR_FIPS_CIPHER, "NULL") == 0);
  CHECK(cr_fips_allows(CR_FIPS_CIPHER, "CHACHA20_POLY1305") == 0);
  CHECK(cr_fips_allows(CR_FIPS_CIPHER, "CAMELLIA_128_CBC") == -1);
  CHECK(cr_fips_allows(CR_FIPS_HASH, "MD5") == 0);
  CHECK(cr_fips_allows(CR_FIPS_HASH, "SHA") == 1);
  CHECK(cr_fips_allows(CR_FIPS_HASH, "SHA384") == 1);
  CHECK(cr_fips_allows(CR_FIPS_CURVE, "nistp384") == 1);
  CHECK(cr_fips_allows(CR_FIPS_CURVE, "curve25519") == 0);
  CHECK(cr_fips_allows(CR_FIPS_CURVE, "secP256r1") == 0);
  CHECK(cr_fips_allows(CR_FIPS_CURVE, NULL) == -1);
}

int main(void)
{
  test_proto_names();
  test_proto_defaults();
  test_default_suites();
  test_dhe_fix();
  test_tables();
  test_os_names();
  test_os_parse();
  test_set_os();
  test_os_default_words();
  test_fips_table();
  return test_finish("tls_defaults");
}
