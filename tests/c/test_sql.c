/* test_sql.c - SQL Server: instances from snapshots, the KB3135244 and
 * driver tables, check_sql findings, and the ERRORLOG parser. */
#include "test.h"

#include "connreset.h"
#include "core/common.h"
#include "checks/collect.h"
#include "report/report.h"
#include "knowledge/sql_tls.h"
#include "sql/errorlog.h"
#include "sql/sqlserver.h"

#include <stdlib.h>

#define FIX(p) CR_FIXTURES_DIR "/" p

static cr_snapshot *open_snap(const char *path)
{
  cr_snapshot *s = NULL;
  const char *paths[1];
  paths[0] = path;
  if (cr_snapshot_open_files(&s, paths, 1) != CR_OK)
    return NULL;
  return s;
}

/* `base` with `overlay` merged over it. */
static cr_snapshot *open_overlay(const char *base, const char *overlay)
{
  cr_snapshot *s = NULL;
  const char *paths[2];
  paths[0] = base;
  paths[1] = overlay;
  if (cr_snapshot_open_files(&s, paths, 2) != CR_OK)
    return NULL;
  return s;
}

/* `base` with the OLE DB providers fixture merged over it. */
static cr_snapshot *open_oledb(const char *base)
{
  return open_overlay(base, FIX("sql/oledb-providers.reg"));
}

static void test_tables(void)
{
  cr_sql_tls_verdict v;
  cr_ver4 x;
  char why[300];
  CHECK(cr_ver4_parse(&x, "12.0.4100.1") && x == CR_VER4(12, 0, 4100, 1));
  CHECK(!cr_ver4_parse(&x, "12.0.x"));
  CHECK(!cr_ver4_parse(&x, "1.2.3.4.5"));
  CHECK(!cr_ver4_parse(&x, ""));
  cr_sql_tls12(&v, CR_VER4(12, 0, 4100, 1), 1);
  CHECK(v.tls12 == CR_TRI_NO);
  cr_sql_tls12(&v, CR_VER4(12, 1, 4100, 1), 1);
  CHECK(v.tls12 == CR_TRI_NO);
  cr_sql_tls12(&v, CR_VER4(12, 0, 4439, 1), 1);
  CHECK(v.tls12 == CR_TRI_YES);
  cr_sql_tls12(&v, CR_VER4(12, 0, 4300, 0), 1);
  CHECK(v.tls12 == CR_TRI_UNKNOWN);
  cr_sql_tls12(&v, CR_VER4(12, 0, 5000, 0), 2);
  CHECK(v.tls12 == CR_TRI_YES);
  cr_sql_tls12(&v, CR_VER4(12, 0, 5000, 0), -1);
  CHECK(v.tls12 == CR_TRI_YES);
  cr_sql_tls12(&v, CR_VER4(11, 0, 3000, 0), 1);
  CHECK(v.tls12 == CR_TRI_NO);
  cr_sql_tls12(&v, CR_VER4(11, 0, 7001, 0), 4);
  CHECK(v.tls12 == CR_TRI_YES);
  cr_sql_tls12(&v, CR_VER4(10, 50, 6000, 34), 3);
  CHECK(v.tls12 == CR_TRI_NO);
  cr_sql_tls12(&v, CR_VER4(10, 50, 6542, 0), 3);
  CHECK(v.tls12 == CR_TRI_YES);
  cr_sql_tls12(&v, CR_VER4(9, 0, 5000, 0), 4);
  CHECK(v.tls12 == CR_TRI_NO);
  cr_sql_tls12(&v, CR_VER4(13, 0, 1601, 5), 0);
  CHECK(v.tls12 == CR_TRI_YES);
  CHECK_STR(cr_sql_product_name(15), "SQL Server 2019");
  CHECK_STR(cr_sql_product_name(17), "SQL Server 2025");
  CHECK(cr_sql_product_name(8) == NULL);
  CHECK(cr_sql_mdac_tls12(10, 0, 17763, true, 1553, why, sizeof why) ==
        CR_TRI_NO);
  CHECK(cr_sql_mdac_tls12(10, 0, 17763, true, 1554, why, sizeof why) ==
        CR_TRI_YES);
  CHECK(cr_sql_mdac_tls12(10, 0, 14393, true, 9999, why, sizeof why) ==
        CR_TRI_NO);
  CHECK(cr_sql_mdac_tls12(10, 0, 19045, false, 0, why, sizeof why) ==
        CR_TRI_YES);
  CHECK(cr_sql_mdac_tls12(6, 3, 9600, false, 0, why, sizeof why) ==
        CR_TRI_UNKNOWN);
  CHECK(cr_sql_mdac_tls12(6, 1, 7601, false, 0, why, sizeof why) ==
        CR_TRI_NO);
  {
    const cr_sql_driver_row *r = cr_sql_driver_lookup("sqlncli11");
    CHECK(r != NULL);
    if (r) {
      CHECK(cr_sql_driver_tls12(r, 0, 10, 0, 1, false, 0, why, sizeof why) ==
            CR_TRI_UNKNOWN);
      CHECK(cr_sql_driver_tls12(r, CR_VER4(11, 0, 6538, 0), 10, 0, 1, false,
                                0, why, sizeof why) == CR_TRI_YES);
      CHECK(cr_sql_driver_tls12(r, CR_VER4(11, 0, 2100, 60), 10, 0, 1, false,
                                0, why, sizeof why) == CR_TRI_NO);
    }
    r = cr_sql_driver_lookup("SQL Server Native Client 10.0");
    CHECK(r && cr_sql_driver_tls12(r, CR_VER4(10, 50, 6537, 0), 10, 0, 1,
                                   false, 0, why, sizeof why) == CR_TRI_YES);
    CHECK(r && cr_sql_driver_tls12(r, CR_VER4(10, 50, 6000, 0), 10, 0, 1,
                                   false, 0, why, sizeof why) == CR_TRI_NO);
    CHECK(cr_sql_driver_lookup("Microsoft Access Driver (*.mdb)") == NULL);
  }
}

static void test_instances(void)
{
  cr_snapshot *s = open_snap(FIX("sql/ws2012r2-sql-mixed.reg"));
  cr_sql_instances l;
  CHECK(s != NULL);
  if (!s)
    return;
  CHECK_OK(cr_sql_instances_read(&l, s));
  CHECK(l.n == 4);
  if (l.n == 4) {
    const cr_sql_instance *a = &l.v[0], *b = &l.v[1], *c = &l.v[2],
                          *d = &l.v[3];
    CHECK_STR(a->name, "MSSQLSERVER");
    CHECK_STR(a->id, "MSSQL12.MSSQLSERVER");
    CHECK(!a->wow);
    CHECK_STR(a->product, "SQL Server 2014");
    CHECK(a->sp == 1);
    CHECK_STR(a->edition, "Standard Edition");
    CHECK_STR(a->thumbprint, "5B215BF69D84FC2D68EAB1576F57B2BBE55B98E3");
    CHECK(a->force_encryption == 1 && a->force_strict == -1);
    CHECK(a->nargs == 3);
    CHECK_STR(a->errorlog, "C:\\Program Files\\Microsoft SQL Server\\"
              "MSSQL12.MSSQLSERVER\\MSSQL\\Log\\ERRORLOG");
    CHECK_STR(a->master_data, "C:\\Program Files\\Microsoft SQL Server\\"
              "MSSQL12.MSSQLSERVER\\MSSQL\\DATA\\master.mdf");
    CHECK_STR(a->master_log, "C:\\Program Files\\Microsoft SQL Server\\"
              "MSSQL12.MSSQLSERVER\\MSSQL\\DATA\\mastlog.ldf");
    CHECK_STR(b->product, "SQL Server 2017");
    CHECK(b->ver == CR_VER4(14, 0, 3045, 24));
    CHECK(b->thumbprint[0] == '\0' && !b->cert_invalid);
    CHECK(b->errorlog == NULL && b->sp == -1);
    CHECK_STR(c->product, "SQL Server 2019");
    CHECK(c->cert_invalid && c->force_strict == 0);
    CHECK_STR(d->name, "SQL2014SP2");
    CHECK(d->wow);
    CHECK_STR(d->version_from, "MSSQLServer\\CurrentVersion\\CurrentVersion");
    CHECK(d->ver == CR_VER4(12, 0, 5000, 0) && d->sp == 2);
  }
  cr_sql_instances_dispose(&l);
  cr_snapshot_free(s);
}

/* SQLArg0, 1, 3 and 10: every numbered value is read, in numeric order,
 * so the -e after the gap is found (the reader used to stop at SQLArg2). */
static void test_args_gap(void)
{
  cr_snapshot *s = open_overlay(FIX("sql/ws2012r2-sql-mixed.reg"),
                                FIX("sql/sqlargs-gap-overlay.reg"));
  cr_sql_instances l;
  CHECK(s != NULL);
  if (!s)
    return;
  CHECK_OK(cr_sql_instances_read(&l, s));
  CHECK(l.n == 4);
  if (l.n == 4) {
    const cr_sql_instance *b = &l.v[1];
    CHECK_STR(b->name, "SQL2017");
    CHECK(b->nargs == 4);
    if (b->nargs == 4) {
      CHECK_STR(b->args[0], "-dD:\\SQLData\\master.mdf");
      CHECK_STR(b->args[1], "-lD:\\SQLData\\mastlog.ldf");
      CHECK_STR(b->args[2], "-eE:\\SQLLogs\\ERRORLOG");
      CHECK_STR(b->args[3], "-T1118");
    }
    CHECK_STR(b->errorlog, "E:\\SQLLogs\\ERRORLOG");
    CHECK_STR(b->master_data, "D:\\SQLData\\master.mdf");
    CHECK_STR(b->master_log, "D:\\SQLData\\mastlog.ldf");
    /* The contiguous instance is unchanged. */
    CHECK(l.v[0].nargs == 3);
  }
  cr_sql_instances_dispose(&l);
  cr_snapshot_free(s);
}

static void ids(char *out, size_t size, const cr_report *r)
{
  size_t i, n = 0;
  out[0] = '\0';
  for (i = 0; i < cr_report_finding_count(r); i++) {
    const cr_finding *f = cr_report_finding(r, i);
    n += (size_t)snprintf(out + n, size - n, "%s%s:%s", i ? " " : "",
                          cr_finding_id(f),
                          cr_severity_name(cr_finding_severity(f)));
    if (n >= size)
      break;
  }
}

static void test_check(void)
{
  cr_snapshot *s = open_snap(FIX("sql/ws2012r2-sql-mixed.reg"));
  cr_report *r = NULL;
  char buf[600], *json = NULL, *text = NULL;
  CHECK(s != NULL);
  if (!s)
    return;
  CHECK_OK(cr_check_sql(&r, s));
  ids(buf, sizeof buf, r);
  /* 2014 SP1 RTM without TLS 1.2 while TLS 1.0/1.1 are off: error;
   * IOCP001 for both 2014s and the 2017; SNAC 9 (32-bit) cannot do
   * TLS 1.2; {SQL Server} on 2012 R2 and SNAC 11 stay unknown. */
  if (strcmp(buf, "PROTO010:error IOCP001:warning IOCP001:warning "
             "IOCP001:warning PROTO011:warning") != 0)
    fprintf(stderr, "findings: %s\n", buf);
  CHECK(strcmp(buf, "PROTO010:error IOCP001:warning IOCP001:warning "
               "IOCP001:warning PROTO011:warning") == 0);
  {
    const cr_finding *f = cr_report_finding(r, 0);
    CHECK_CONTAINS(cr_finding_reason(f), "12.1.4100.1");
    CHECK_CONTAINS(f->fix_note, "SP1 CU5 (KB3130926");
    CHECK(f->nevidence == 6);
  }
  CHECK_OK(cr_report_to_json(&json, r));
  CHECK_CONTAINS(json, "\"id\": \"MSSQL12.MSSQLSERVER\"");
  CHECK_CONTAINS(json, "\"supported\": \"no\"");
  CHECK_CONTAINS(json, "\"name\": \"SQL Server Native Client 9.0\"");
  CHECK_CONTAINS(json, "\"bits\": 32");
  CHECK_CONTAINS(json, "\"errorlog\": \"C:\\\\Program Files");
  CHECK_OK(cr_report_to_text(&text, r));
  CHECK_CONTAINS(text, "SQL2014SP2 (MSSQL12.SQL2014SP2, 32-bit)");
  cr_free(json);
  cr_free(text);
  cr_report_free(r);
  cr_snapshot_free(s);

  s = open_snap(FIX("sql/win10-1809-client.reg"));
  CHECK(s != NULL);
  if (!s)
    return;
  CHECK_OK(cr_check_sql(&r, s));
  ids(buf, sizeof buf, r);
  if (strcmp(buf, "PROTO011:warning") != 0)
    fprintf(stderr, "findings: %s\n", buf);
  CHECK(strcmp(buf, "PROTO011:warning") == 0);
  CHECK_CONTAINS(cr_finding_reason(cr_report_finding(r, 0)), "17763.1554");
  cr_report_free(r);
  cr_snapshot_free(s);

  /* Without any SQL data: no findings, an empty section. */
  CHECK_OK(cr_snapshot_new(&s));
  CHECK_OK(cr_check_sql(&r, s));
  CHECK(cr_report_finding_count(r) == 0);
  cr_report_free(r);
  cr_snapshot_free(s);
  CHECK(cr_check_sql(NULL, NULL) == CR_EINVAL);
}

#define CLASSES "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\"
#define SQLOLEDB_CLSID "{0C7FF16C-38E3-11d0-97AB-00C04FC2AD98}"

static size_t count_of(const char *hay, const char *needle)
{
  size_t n = 0;
  const char *p = hay;
  while (p && (p = strstr(p, needle)) != NULL) {
    n++;
    p += strlen(needle);
  }
  return n;
}

typedef struct key_list {
  char keys[16][200];
  size_t n;
} key_list;

static int record_key(void *ctx, const char *key, int recursive)
{
  key_list *l = ctx;
  if (l->n < 16 && recursive)
    snprintf(l->keys[l->n++], sizeof l->keys[0], "%s", key);
  return CR_OK;
}

static void test_oledb_collect(void)
{
  size_t i, k, n = cr_collect_key_count(), oledb = 0;
  key_list l;
  cr_snapshot *s;
  /* Every OLE DB row's ProgID key is in the exported list, recursive. */
  for (i = 0; i < cr_sql_driver_row_count; i++) {
    const cr_sql_driver_row *row = &cr_sql_driver_rows[i];
    char want[200];
    bool found = false;
    if (strcmp(row->kind, "OLE DB") != 0)
      continue;
    oledb++;
    snprintf(want, sizeof want, CLASSES "%s", row->name);
    for (k = 0; k < n; k++) {
      int rec = 0;
      const char *key = cr_collect_key(k, &rec);
      if (key && strcmp(key, want) == 0 && rec == 1)
        found = true;
    }
    if (!found)
      fprintf(stderr, "not collected: %s\n", want);
    CHECK(found);
  }
  CHECK(oledb == 6);
  CHECK(cr_collect_key(n - 1, NULL) != NULL);
  CHECK(cr_collect_key(n, NULL) == NULL);
  CHECK_STR(cr_collect_key(n - 1, NULL), CLASSES "MSOLEDBSQL19");

  CHECK(cr_clsid_valid(SQLOLEDB_CLSID));
  CHECK(!cr_clsid_valid("0C7FF16C-38E3-11d0-97AB-00C04FC2AD98"));
  CHECK(!cr_clsid_valid("{0C7FF16C-38E3-11d0-97AB-00C04FC2AD9G}"));
  CHECK(!cr_clsid_valid("{0C7FF16C-38E3-11d0-97AB\\..\\C04FC2AD98}"));
  CHECK(!cr_clsid_valid(""));
  CHECK(!cr_clsid_valid("{0C7FF16C-38E3011d0-97AB-00C04FC2AD98}")); /* dash */
  CHECK(!cr_clsid_valid("{0C7FF16C-38E3-11d0-97AB-00C04FC2AD98)")); /* brace */
  CHECK(!cr_clsid_valid("{0C7FF16C-38E3-11d0-97AB-00C04FC2AD98}x"));
  CHECK(!cr_clsid_valid(NULL));

  /* The second pass follows each registered ProgID's Clsid into both
   * views, in table order (SQLOLEDB, SQLNCLI10, SQLNCLI11, MSOLEDBSQL);
   * SQLNCLI and MSOLEDBSQL19 have no ProgID in the fixture. Whether a
   * CLSID is a provider is check_sql's question, so the decoy is read. */
  s = open_snap(FIX("sql/oledb-providers.reg"));
  CHECK(s != NULL);
  if (!s)
    return;
  memset(&l, 0, sizeof l);
  CHECK_OK(cr_collect_derived(s, record_key, &l));
  CHECK(l.n == 8);
  CHECK_STR(l.keys[0], CLASSES "CLSID\\" SQLOLEDB_CLSID);
  CHECK_STR(l.keys[1], CLASSES "WOW6432Node\\CLSID\\" SQLOLEDB_CLSID);
  CHECK_STR(l.keys[2], CLASSES "CLSID\\{8F4A6B68-4F36-4e3c-BE81-BC7CA4E9C45C}");
  cr_snapshot_free(s);
  CHECK_OK(cr_snapshot_new(&s));
  memset(&l, 0, sizeof l);
  CHECK_OK(cr_collect_derived(s, record_key, &l));
  CHECK(l.n == 0);
  cr_snapshot_free(s);
}

static void test_oledb_check(void)
{
  cr_snapshot *s = open_oledb(FIX("sql/ws2012r2-sql-mixed.reg"));
  cr_report *r = NULL;
  char buf[600], *json = NULL, *text = NULL;
  size_t i;
  CHECK(s != NULL);
  if (!s)
    return;
  /* Server 2012 R2: SQLOLEDB's TLS 1.2 is unknown, SQLNCLI11's too (no
   * file version), MSOLEDBSQL has it: the findings stay as without the
   * providers. */
  CHECK_OK(cr_check_sql(&r, s));
  ids(buf, sizeof buf, r);
  CHECK(strcmp(buf, "PROTO010:error IOCP001:warning IOCP001:warning "
               "IOCP001:warning PROTO011:warning") == 0);
  for (i = 0; i < cr_report_finding_count(r); i++)
    if (!strcmp(cr_finding_id(cr_report_finding(r, i)), "PROTO011"))
      CHECK_CONTAINS(cr_finding_title(cr_report_finding(r, i)),
                     "SQL Server Native Client 9.0");
  CHECK_OK(cr_report_to_json(&json, r));
  CHECK(count_of(json, "\"kind\": \"OLE DB\"") == 4);
  CHECK(count_of(json, "\"name\": \"SQLOLEDB\"") == 2);
  CHECK(count_of(json, "\"name\": \"SQLNCLI11\"") == 1);
  CHECK(count_of(json, "\"name\": \"MSOLEDBSQL\"") == 1);
  /* The decoy: a CLSID with InprocServer32 but no "OLE DB Provider". */
  CHECK(count_of(json, "SQLNCLI10") == 0);
  CHECK_CONTAINS(json, "\"name\": \"SQLOLEDB\",\n"
                 "          \"kind\": \"OLE DB\",\n"
                 "          \"bits\": 32,\n"
                 "          \"path\": \"C:\\\\Program Files (x86)\\\\Common "
                 "Files\\\\System\\\\Ole DB\\\\sqloledb.dll\",\n"
                 "          \"clsid\": \"" SQLOLEDB_CLSID "\",\n"
                 "          \"pathKey\": \"HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\"
                 "Classes\\\\WOW6432Node\\\\CLSID\\\\" SQLOLEDB_CLSID
                 "\\\\InprocServer32\",");
  CHECK_CONTAINS(json, "\"name\": \"SQLNCLI11\",\n"
                 "          \"kind\": \"OLE DB\",\n"
                 "          \"bits\": 64,\n"
                 "          \"path\": \"C:\\\\Windows\\\\system32\\\\"
                 "sqlncli11.dll\",");
  CHECK_CONTAINS(json, "\"tls12\": \"unknown\",\n          \"reason\": "
                 "\"TLS 1.2 from file version 11.0.6538");
  CHECK_CONTAINS(json, "\"clsid\": null,\n          \"pathKey\": "
                 "\"HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\WOW6432Node\\\\ODBC\\\\"
                 "ODBCINST.INI\\\\SQL Server Native Client 9.0\"");
  CHECK_OK(cr_report_to_text(&text, r));
  CHECK_CONTAINS(text, "Driver SQLOLEDB (OLE DB, 32-bit): TLS 1.2 unknown");
  CHECK_CONTAINS(text, "Driver MSOLEDBSQL (OLE DB, 64-bit): TLS 1.2 yes");
  cr_free(json);
  cr_free(text);
  cr_report_free(r);
  cr_snapshot_free(s);

  /* Windows 10 1809 before the October 2020 update: SQLOLEDB cannot do
   * TLS 1.2, in both views, like {SQL Server}. */
  s = open_oledb(FIX("sql/win10-1809-client.reg"));
  CHECK(s != NULL);
  if (!s)
    return;
  CHECK_OK(cr_check_sql(&r, s));
  ids(buf, sizeof buf, r);
  if (strcmp(buf, "PROTO011:warning PROTO011:warning PROTO011:warning"))
    fprintf(stderr, "findings: %s\n", buf);
  CHECK(strcmp(buf, "PROTO011:warning PROTO011:warning "
               "PROTO011:warning") == 0);
  {
    /* By title: findings of one rank may come in any order (qsort). */
    const cr_finding *odbc = NULL, *f64 = NULL, *f32 = NULL;
    for (i = 0; i < cr_report_finding_count(r); i++) {
      const cr_finding *f = cr_report_finding(r, i);
      const char *t = cr_finding_title(f);
      if (!strcmp(t, "Client driver \"SQL Server\" (ODBC) cannot use "
                  "TLS 1.2"))
        odbc = f;
      else if (!strcmp(t, "Client driver \"SQLOLEDB\" (OLE DB) cannot use "
                       "TLS 1.2"))
        f64 = f;
      else if (!strcmp(t, "Client driver \"SQLOLEDB\" (OLE DB, 32-bit) "
                       "cannot use TLS 1.2"))
        f32 = f;
    }
    CHECK(odbc && f64 && f32);
    if (odbc && f64 && f32) {
      CHECK_CONTAINS(cr_finding_reason(f64), "17763.1554");
      CHECK_CONTAINS(f64->fix_note, "Use MSOLEDBSQL");
      CHECK(f64->nevidence == 2 && f32->nevidence == 2);
    }
    if (f64 && f32 && f64->nevidence == 2 && f32->nevidence == 2) {
      CHECK_STR(f64->evidence[0].key, CLASSES "SQLOLEDB\\Clsid");
      CHECK_STR(f64->evidence[0].value, "");
      CHECK_STR(f64->evidence[0].data, SQLOLEDB_CLSID);
      CHECK_STR(f64->evidence[1].key,
                CLASSES "CLSID\\" SQLOLEDB_CLSID "\\InprocServer32");
      CHECK_STR(f64->evidence[1].data, "C:\\Program Files\\Common Files\\"
                "System\\Ole DB\\sqloledb.dll");
      CHECK_STR(f32->evidence[1].key, CLASSES "WOW6432Node\\CLSID\\"
                SQLOLEDB_CLSID "\\InprocServer32");
      CHECK_STR(f32->evidence[1].data, "C:\\Program Files (x86)\\Common "
                "Files\\System\\Ole DB\\sqloledb.dll");
    }
    for (i = 0; odbc && i < odbc->nevidence; i++)
      CHECK(strstr(odbc->evidence[i].key, "ODBCINST.INI") != NULL);
  }
  cr_report_free(r);
  cr_snapshot_free(s);
}

static void check_events(const char *path, const char *encoding)
{
  uint8_t *data = NULL;
  size_t len = 0;
  cr_errorlog log;
  CHECK_OK(cr_read_file(&data, &len, path));
  if (!data)
    return;
  CHECK_OK(cr_errorlog_parse(&log, data, len, path));
  free(data);
  CHECK_STR(log.encoding, encoding);
  if (strstr(path, "loaded")) {
    CHECK(log.lines == 8);
    CHECK(log.nevents == 1);
    if (log.nevents == 1) {
      CHECK(log.events[0].error == 26013);
      CHECK(log.events[0].line == 6);
      CHECK_STR(log.events[0].timestamp, "2017-05-30 14:59:30.89");
      CHECK_STR(log.events[0].thumbprint,
                "AA11BB22CC33DD44EE55FF66AA77BB88CC99DD00");
      CHECK_STR(log.events[0].kind, "certificate-loaded");
    }
  } else {
    static const int want[] = { 26014, 26015, 26010, 26017, 26018 };
    static const size_t lines[] = { 3, 7, 8, 9, 10 };
    size_t i;
    CHECK(log.lines == 10);
    CHECK(log.nevents == 5);
    for (i = 0; i < log.nevents && i < 5; i++) {
      CHECK(log.events[i].error == want[i]);
      CHECK(log.events[i].line == lines[i]);
    }
    if (log.nevents == 5) {
      CHECK_STR(log.events[0].thumbprint,
                "5B215BF69D84FC2D68EAB1576F57B2BBE55B98E3");
      CHECK(log.events[1].thumbprint[0] == '\0');
      CHECK_STR(log.events[2].code, "0x8009030d");
      CHECK_STR(log.events[4].timestamp, "2019-11-04 08:25:55.61");
      CHECK_STR(log.events[4].text, "spid11s     A self-generated "
                "certificate was successfully loaded for encryption.");
    }
  }
  cr_errorlog_dispose(&log);
}

static void bad_log(const char *path, const char *msg)
{
  char *json = (char *)1;
  CHECK(cr_errorlog_parse_file(&json, path) == CR_EPARSE);
  CHECK(json == NULL);
  CHECK_CONTAINS(cr_error_last(), msg);
}

static void test_errorlog(void)
{
  char *json = NULL;
  check_events(FIX("errorlog/loaded.utf16.log"), "utf-16le");
  check_events(FIX("errorlog/loaded.utf8.log"), "utf-8-bom");
  check_events(FIX("errorlog/failures.utf16.log"), "utf-16le");
  check_events(FIX("errorlog/failures.utf8.log"), "utf-8");
  CHECK_OK(cr_errorlog_parse_file(&json, FIX("errorlog/failures.utf16.log")));
  CHECK_CONTAINS(json, "\"schema\": \"connreset.errorlog/1\"");
  CHECK_CONTAINS(json, "\"error\": 26017");
  CHECK_CONTAINS(json, "\"code\": \"0x8009030d\"");
  cr_free(json);
  bad_log(FIX("errorlog/malformed/odd_length.utf16.log"),
          "odd_length.utf16.log:offset 8: UTF-16LE file has an odd length");
  bad_log(FIX("errorlog/malformed/bad_utf8.log"),
          "bad_utf8.log:2: invalid UTF-8 at offset 43");
  bad_log(FIX("errorlog/malformed/lone_surrogate.utf16.log"),
          "lone_surrogate.utf16.log:2: unpaired UTF-16 surrogate at offset 10");
  bad_log(FIX("errorlog/malformed/utf16_no_bom.log"),
          "utf16_no_bom.log:1: NUL byte at offset 1");
  CHECK(cr_errorlog_parse_file(&json, FIX("errorlog/absent.log")) ==
        CR_ENOTFOUND);
  {
    cr_errorlog log;
    CHECK_OK(cr_errorlog_parse(&log, (const uint8_t *)"", 0, "empty"));
    CHECK(log.nevents == 0 && log.lines == 0);
    cr_errorlog_dispose(&log);
    CHECK_OK(cr_errorlog_parse(&log, (const uint8_t *)"\xff\xfe", 2, "bom"));
    CHECK(log.nevents == 0);
    cr_errorlog_dispose(&log);
  }
}

int main(void)
{
  test_tables();
  test_instances();
  test_args_gap();
  test_check();
  test_oledb_collect();
  test_oledb_check();
  test_errorlog();
  return test_finish("test_sql");
}
