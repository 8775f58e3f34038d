/*
 * test_certs.c - family CERTHASH on snapshot fixtures built from the
 * OpenSSL certificates in tests/fixtures/x509 (wrapped into store Blobs
 * with cr_cert_blob_build): exact rows and reasons, the findings, the
 * purpose fix applied and undone byte for byte, the instance certificate
 * plan, and the crypt32 syscall table.
 */
#include "connreset.h"
#include "common.h"
#include "snapshot.h"
#include "change.h"
#include "certs/weak.h"
#include "report/report.h"
#include "knowledge/regpaths.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
# include <windows.h>
# include <wincrypt.h>
#endif

#ifndef CR_FIXTURES_DIR
#define CR_FIXTURES_DIR "tests/fixtures"
#endif

static int streq(const char *a, const char *b)
{
  return a && b && strcmp(a, b) == 0;
}
#define CHECK_EQ(a, b) CHECK(streq((a), (b)))

#define NOW 1800000000 /* 2027-01-15, inside every fixture but expired.der */
#define SQLROOT "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft SQL Server"

static const char *T_MD5 = "258A392B6D4BA4C8FEFE151AF3B2EA462F098AB7";
static const char *T_SHA224 = "7D8FE8C81800355F6ACC09D5370648CAECB622FD";
static const char *T_SHA512 = "A29410FFCCC345E0BC2773F04763CAE9E39380D8";
static const char *T_SELF512 = "8ACFCC49C6BEE8CA5BCD8EBD6F8A5E0A2CEAC38C";
static const char *T_SHA1 = "16FE22A03C3D236824D9BED71854F41FB5D0BADF";
static const char *T_EXPIRED = "D074752BB2A6381CC581E56047A9801C9EB5BE5C";
static const char *T_CLIENT = "F416E0A32B04EA49C6839147EBFC96DEB8ED7BA3";
static const char *T_1024 = "0BC648466D0E960AE3299C33096266993DDAB341";
static const char *T_SHA256 = "A461211CE2C11D7A7F22E57B5D8056F3680B271B";
static const char *T_NOEKU = "039EB26E93C811D33A9AE2F0ED3A54AE91930F73";

static uint8_t *load(const char *name, size_t *len)
{
  char path[512];
  uint8_t *d = NULL;
  snprintf(path, sizeof path, "%s/x509/%s", CR_FIXTURES_DIR, name);
  if (cr_read_file(&d, len, path) != CR_OK) {
    fprintf(stderr, "cannot read %s: %s\n", path, cr_error_last());
    exit(2);
  }
  return d;
}

/* Puts `file` into MY as crypt32 would: key provider info (unless
 * `nokey`), SHA-1, friendly name; `extra` prepends an unknown property. */
static void add_cert(cr_snapshot *s, const char *file, const char *thumb,
                     bool nokey, bool extra)
{
  size_t len;
  uint8_t *der = load(file, &len);
  cr_cert_blob b;
  cr_buf blob = CR_BUF_INIT;
  char key[300];
  cr_key *k;
  memset(&b, 0, sizeof b);
  b.cert = der;
  b.cert_len = len;
  b.friendly_name = (char *)file;
  if (!nokey) {
    b.has_key_prov_info = true;
    b.key_container = (char *)"container";
    b.key_provider = (char *)"Microsoft Enhanced RSA and AES Cryptographic Provider";
    b.key_prov_type = 24;
    b.key_flags = 0x20;
    b.key_spec = 1;
  }
  if (extra) {
    /* CERT_MD5_HASH_PROP_ID (4), 16 bytes: not a property we read. */
    static const uint8_t hdr[12] = { 4, 0, 0, 0, 1, 0, 0, 0, 16, 0, 0, 0 };
    cr_buf_put(&blob, hdr, 12);
    cr_buf_put(&blob, "0123456789abcdef", 16);
  }
  CHECK_OK(cr_cert_blob_build(&blob, &b));
  snprintf(key, sizeof key, "%s\\%s", CR_KEY_CERT_STORE_MY, thumb);
  CHECK_OK(cr_snap_make_key(&k, s, key));
  CHECK_OK(cr_key_set_value(k, "Blob", CR_REG_BINARY, blob.ptr, blob.len));
  cr_buf_dispose(&blob);
  free(der);
}

static void set_sz(cr_snapshot *s, const char *key, const char *name,
                   const char *v)
{
  cr_buf w = CR_BUF_INIT;
  cr_key *k;
  cr_utf8_to_utf16(&w, v, strlen(v));
  cr_buf_put_u16(&w, 0);
  CHECK_OK(cr_snap_make_key(&k, s, key));
  CHECK_OK(cr_key_set_value(k, name, CR_REG_SZ, w.ptr, w.len));
  cr_buf_dispose(&w);
}

static void add_instance(cr_snapshot *s, const char *name, const char *id,
                         const char *thumb)
{
  char key[400];
  set_sz(s, SQLROOT "\\Instance Names\\SQL", name, id);
  snprintf(key, sizeof key, SQLROOT "\\%s\\MSSQLServer\\SuperSocketNetLib",
           id);
  set_sz(s, key, "Certificate", thumb ? thumb : "");
}

static cr_snapshot *fixture(void)
{
  cr_snapshot *s = NULL;
  CHECK_OK(cr_snapshot_new(&s));
  add_cert(s, "rsa-md5.der", T_MD5, false, true);
  add_cert(s, "rsa-sha224.der", T_SHA224, false, false);
  add_cert(s, "rsa-sha512.der", T_SHA512, false, false);
  add_cert(s, "selfsigned-rsa-sha512.der", T_SELF512, false, false);
  add_cert(s, "rsa-sha1.der", T_SHA1, false, false);
  add_cert(s, "expired.der", T_EXPIRED, false, false);
  add_cert(s, "eku-client.der", T_CLIENT, false, false);
  add_cert(s, "rsa-1024.der", T_1024, false, false);
  add_cert(s, "rsa-sha256.der", T_SHA256, true, false);
  add_cert(s, "eku-none.der", T_NOEKU, false, false);
  /* Configured (lower case, as Configuration Manager writes it). */
  add_instance(s, "MSSQLSERVER", "MSSQL16.MSSQLSERVER",
               "258a392b6d4ba4c8fefe151af3b2ea462f098ab7");
  add_instance(s, "SQLEXPRESS", "MSSQL16.SQLEXPRESS", NULL);
  add_instance(s, "OLD", "MSSQL15.OLD", T_EXPIRED);
  return s;
}

/* The rule ids of a row, space-separated. */
static void rules_of(char *out, size_t size, const cr_cert_row *row)
{
  size_t i, used = 0;
  out[0] = '\0';
  for (i = 0; row && i < row->nreasons; i++)
    used += (size_t)snprintf(out + used, size - used, "%s%s", i ? " " : "",
                             row->reasons[i].rule->id);
}

static void list_of(char *out, size_t size, char *const *l, size_t n)
{
  size_t i, used = 0;
  out[0] = '\0';
  for (i = 0; i < n; i++)
    used += (size_t)snprintf(out + used, size - used, "%s%s", i ? " " : "",
                             l[i]);
}

static void expect_row(const cr_cert_table *t, const char *thumb,
                       const char *rules, bool weak, bool usable,
                       bool server_auth, bool self_signed, const char *sig,
                       const char *used_by, const char *may_pick)
{
  const cr_cert_row *row = cr_cert_table_find(t, thumb);
  char got[400];
  CHECK(row != NULL);
  if (!row) {
    fprintf(stderr, "  no row %s\n", thumb);
    return;
  }
  rules_of(got, sizeof got, row);
  if (strcmp(got, rules))
    fprintf(stderr, "  %s: rules \"%s\", want \"%s\"\n", thumb, got, rules);
  CHECK_EQ(got, rules);
  CHECK(row->weak == weak);
  CHECK(row->usable == usable);
  CHECK(row->server_auth == server_auth);
  CHECK(row->x.self_signed == self_signed);
  CHECK_EQ(row->sig_name, sig);
  list_of(got, sizeof got, row->used_by, row->nused_by);
  if (strcmp(got, used_by))
    fprintf(stderr, "  %s: used by \"%s\", want \"%s\"\n", thumb, got, used_by);
  CHECK_EQ(got, used_by);
  list_of(got, sizeof got, row->may_pick, row->nmay_pick);
  if (strcmp(got, may_pick))
    fprintf(stderr, "  %s: may pick \"%s\", want \"%s\"\n", thumb, got,
            may_pick);
  CHECK_EQ(got, may_pick);
}

static void test_rows(void)
{
  cr_snapshot *s = fixture();
  cr_cert_table t;
  const cr_cert_row *row;
  size_t i;
  CHECK_OK(cr_cert_table_build(&t, s, NULL, NOW, NULL));
  CHECK(t.nrows == 10);
  CHECK(t.list.nskipped == 0);
  CHECK_STR(t.source, "snapshot");
  CHECK(t.ninstances == 3);
  for (i = 1; i < t.nrows; i++) /* sorted by thumbprint */
    CHECK(strcmp(t.rows[i - 1].entry->thumbprint,
                 t.rows[i].entry->thumbprint) < 0);
  /* thumb, rules, weak, usable, server auth, self-signed, sig, used, pick */
  expect_row(&t, T_MD5, "weak-hash", true, true, true, false, "md5RSA",
             "MSSQLSERVER", "SQLEXPRESS");
  expect_row(&t, T_SHA224, "weak-hash", true, true, true, false, "sha224RSA",
             "", "SQLEXPRESS");
  expect_row(&t, T_SHA512, "weak-hash", true, true, true, false, "sha512RSA",
             "", "SQLEXPRESS");
  expect_row(&t, T_SELF512, "weak-hash-self-signed", false, true, true, true,
             "sha512RSA", "", "SQLEXPRESS");
  expect_row(&t, T_SHA1, "sha1", false, true, true, false, "sha1RSA", "",
             "SQLEXPRESS");
  expect_row(&t, T_EXPIRED, "expired", false, false, true, false, "sha256RSA",
             "OLD", "");
  expect_row(&t, T_CLIENT, "no-server-auth", false, false, false, false,
             "sha256RSA", "", "");
  expect_row(&t, T_1024, "rsa-too-small", false, true, true, false,
             "sha256RSA", "", "SQLEXPRESS");
  expect_row(&t, T_SHA256, "no-private-key", false, false, true, false,
             "sha256RSA", "", "");
  expect_row(&t, T_NOEKU, "", false, true, true, false, "sha256RSA", "",
             "SQLEXPRESS");
  row = cr_cert_table_find(&t, T_MD5);
  if (row) {
    CHECK(row->reasons[0].rule->severity == CR_SEVERITY_ERROR);
    CHECK_CONTAINS(row->reasons[0].rule->citation,
                   "tls-exist-connection-closed.md");
    CHECK_CONTAINS(row->reasons[0].text, "signed with MD5 (md5RSA) by "
                   "CN=ConnReset Test Root CA");
    CHECK(row->x.key_bits == 2048);
    CHECK(row->entry->has_private_key);
    CHECK_STR(row->entry->props.friendly_name, "rsa-md5.der");
  }
  row = cr_cert_table_find(&t, T_SHA1);
  if (row)
    CHECK(row->reasons[0].rule->severity == CR_SEVERITY_WARNING);
  row = cr_cert_table_find(&t, T_EXPIRED);
  if (row)
    CHECK_CONTAINS(row->reasons[0].text, "expired on 2021-01-01T00:00:00Z");
  /* Another store: no instance uses or picks from it. */
  cr_cert_table_dispose(&t);
  CHECK_OK(cr_cert_table_build(&t, s, "Root", NOW, NULL));
  CHECK(t.nrows == 0);
  cr_cert_table_dispose(&t);
  CHECK(cr_cert_table_build(&t, s, "MY\\x", NOW, NULL) == CR_EINVAL);
  cr_snapshot_free(s);
}

static const cr_finding *find(const cr_report *r, const char *id,
                              const char *in_title)
{
  size_t i;
  for (i = 0; i < cr_report_finding_count(r); i++) {
    const cr_finding *f = cr_report_finding(r, i);
    if (!strcmp(cr_finding_id(f), id) &&
        (!in_title || strstr(cr_finding_title(f), in_title) ||
         strstr(cr_finding_reason(f), in_title)))
      return f;
  }
  return NULL;
}

static void test_findings(void)
{
  cr_snapshot *s = fixture();
  cr_report *r = NULL;
  const cr_finding *f;
  char *json = NULL, *text = NULL;
  size_t i, n001 = 0, n002 = 0;
  CHECK_OK(cr_check_certs(&r, s));
  for (i = 0; r && i < cr_report_finding_count(r); i++) {
    const char *id = cr_finding_id(cr_report_finding(r, i));
    n001 += !strcmp(id, "CERTHASH001");
    n002 += !strcmp(id, "CERTHASH002");
  }
  CHECK(n001 == 1);
  CHECK(n002 == 3); /* MD5 (for SQLEXPRESS), SHA224, SHA512 */
  f = find(r, "CERTHASH001", T_MD5);
  CHECK(f && cr_finding_severity(f) == CR_SEVERITY_ERROR);
  if (f) {
    CHECK_CONTAINS(cr_finding_fix_cli(f), "connreset certs set-purpose "
                   "--thumbprint 258A392B6D4BA4C8FEFE151AF3B2EA462F098AB7 "
                   "--remove-server-auth");
    CHECK_CONTAINS(cr_finding_fix_cmdlet(f), "-RestartService");
    CHECK_CONTAINS(cr_finding_title(f), "MSSQLSERVER");
  }
  f = find(r, "CERTHASH002", T_SHA224);
  CHECK(f && cr_finding_severity(f) == CR_SEVERITY_WARNING);
  CHECK(find(r, "CERTHASH002", T_SELF512) == NULL);
  f = find(r, "CERTHASH003", T_SHA1);
  CHECK(f && cr_finding_severity(f) == CR_SEVERITY_INFO);
  f = find(r, "CERTHASH004", "OLD");
  CHECK(f && cr_finding_severity(f) == CR_SEVERITY_ERROR);
  if (f)
    CHECK_CONTAINS(cr_finding_reason(f), "expired");
  CHECK_OK(cr_report_to_json(&json, r));
  CHECK_CONTAINS(json, "\"certs\"");
  CHECK_CONTAINS(json, "\"weak\": true");
  CHECK_OK(cr_report_to_text(&text, r));
  CHECK_CONTAINS(text, "CERTHASH001");
  cr_free(json);
  cr_free(text);
  cr_report_free(r);
  CHECK_OK(cr_certs_json(&json, s, NULL));
  CHECK_CONTAINS(json, "\"schema\": \"connreset.certs/1\"");
  CHECK_CONTAINS(json, "\"rule\": \"weak-hash\"");
  CHECK_CONTAINS(json, "\"service\": \"MSSQL$SQLEXPRESS\"");
  cr_free(json);
  CHECK_OK(cr_certs_text(&text, s, "my"));
  CHECK_CONTAINS(text, "WEAK");
  cr_free(text);
  cr_snapshot_free(s);
}

static const cr_value *blob_of(const cr_snapshot *s, const char *thumb)
{
  char key[300];
  const cr_key *k;
  snprintf(key, sizeof key, "%s\\%s", CR_KEY_CERT_STORE_MY, thumb);
  k = cr_snap_find_key(s, key);
  return k ? cr_key_find_value(k, "Blob") : NULL;
}

static void test_purpose_plan(void)
{
  cr_snapshot *s = fixture();
  cr_change *c = NULL, *undo = NULL;
  cr_cert_table t;
  const cr_cert_row *row;
  const cr_value *v;
  uint8_t *before;
  size_t before_len;
  const char *backup = "test_certs_backup.reg";

  v = blob_of(s, T_MD5);
  CHECK(v != NULL);
  if (!v)
    return;
  before_len = v->len;
  before = malloc(before_len);
  memcpy(before, v->data, before_len);

  CHECK_OK(cr_cert_purpose_plan(&c, s, "25 8a 39 2b 6d 4b a4 c8 fe fe 15 1a "
                                "f3 b2 ea 46 2f 09 8a b7", NULL));
  CHECK(c && cr_change_op_count(c) == 1);
  CHECK_OK(cr_change_apply_snapshot(s, c, backup));
  cr_change_free(c);
  c = NULL;
  v = blob_of(s, T_MD5);
  /* The unknown property (4) comes through byte for byte, first. */
  CHECK(v && v->len > 28 && !memcmp(v->data, before, 28));
  CHECK_OK(cr_cert_table_build(&t, s, NULL, NOW, NULL));
  row = cr_cert_table_find(&t, T_MD5);
  CHECK(row && !row->server_auth);
  if (row) {
    CHECK(row->entry->props.has_eku_override);
    CHECK(row->entry->props.neku_override == 0); /* EKU was server auth only */
    CHECK(!row->candidate && row->nmay_pick == 0);
    CHECK(cr_cert_row_has(row, "no-server-auth"));
  }
  cr_cert_table_dispose(&t);
  /* Again: nothing to do. */
  CHECK_OK(cr_cert_purpose_plan(&c, s, T_MD5, NULL));
  CHECK(c && cr_change_op_count(c) == 0);
  cr_change_free(c);
  /* Undo restores the identical Blob. */
  CHECK_OK(cr_change_from_file(&undo, backup));
  CHECK_OK(cr_change_apply_snapshot(s, undo, NULL));
  cr_change_free(undo);
  v = blob_of(s, T_MD5);
  CHECK(v && v->len == before_len && !memcmp(v->data, before, before_len));
  free(before);
  remove(backup);

  /* No EKU extension: RFC 5280's purposes minus Server Authentication. */
  CHECK_OK(cr_cert_purpose_plan(&c, s, T_NOEKU, NULL));
  CHECK_OK(cr_change_apply_snapshot(s, c, NULL));
  cr_change_free(c);
  CHECK_OK(cr_cert_table_build(&t, s, NULL, NOW, NULL));
  row = cr_cert_table_find(&t, T_NOEKU);
  CHECK(row && !row->server_auth);
  if (row && row->entry->props.neku_override == 5) {
    CHECK_STR(row->entry->props.eku_override[0], "1.3.6.1.5.5.7.3.2");
    CHECK_STR(row->entry->props.eku_override[4], "1.3.6.1.5.5.7.3.9");
  } else {
    CHECK(false);
  }
  cr_cert_table_dispose(&t);
  /* An existing override keeps its other purposes; removing client auth
   * from eku-client leaves none. */
  CHECK_OK(cr_cert_purpose_plan(&c, s, T_NOEKU, "1.3.6.1.5.5.7.3.2"));
  CHECK(c && cr_change_op_count(c) == 1);
  CHECK_OK(cr_change_apply_snapshot(s, c, NULL));
  cr_change_free(c);
  CHECK_OK(cr_cert_table_build(&t, s, NULL, NOW, NULL));
  row = cr_cert_table_find(&t, T_NOEKU);
  CHECK(row && row->entry->props.neku_override == 4);
  cr_cert_table_dispose(&t);

  CHECK(cr_cert_purpose_plan(&c, s, "00", NULL) == CR_EINVAL);
  CHECK(cr_cert_purpose_plan(&c, s, "0000000000000000000000000000000000000000",
                             NULL) == CR_ENOTFOUND);
  cr_snapshot_free(s);
}

static void test_sql_plan(void)
{
  cr_snapshot *s = fixture();
  cr_change *c = NULL;
  char *v = NULL, *desc = NULL;
  const char *key = SQLROOT "\\MSSQL16.SQLEXPRESS\\MSSQLServer\\SuperSocketNetLib";
  CHECK_OK(cr_sql_cert_plan(&c, s, "sqlexpress", T_SHA256));
  CHECK(c && cr_change_op_count(c) == 1);
  CHECK_OK(cr_change_describe(&desc, c, s));
  CHECK_CONTAINS(desc, "MSSQL$sqlexpress");
  cr_free(desc);
  CHECK_OK(cr_change_apply_snapshot(s, c, NULL));
  cr_change_free(c);
  CHECK_OK(cr_snap_get_string(&v, s, key, "Certificate"));
  CHECK_STR(v, "a461211ce2c11d7a7f22e57b5d8056f3680b271b");
  free(v);
  CHECK_OK(cr_sql_cert_plan(&c, s, "SQLEXPRESS", T_SHA256));
  CHECK(c && cr_change_op_count(c) == 0);
  cr_change_free(c);
  CHECK_OK(cr_sql_cert_plan(&c, s, "SQLEXPRESS", NULL));
  CHECK_OK(cr_change_apply_snapshot(s, c, NULL));
  cr_change_free(c);
  CHECK_OK(cr_snap_get_string(&v, s, key, "Certificate"));
  CHECK_STR(v, "");
  free(v);
  CHECK(cr_sql_cert_plan(&c, s, "NOPE", NULL) == CR_ENOTFOUND);
  CHECK(cr_sql_cert_plan(&c, s, "SQLEXPRESS", "xyz") == CR_EINVAL);
  cr_snapshot_free(s);
}

static void test_skipped(void)
{
  cr_snapshot *s = NULL;
  cr_key *k;
  cr_cert_table t;
  CHECK_OK(cr_snapshot_new(&s));
  CHECK_OK(cr_snap_make_key(&k, s, CR_KEY_CERT_STORE_MY "\\ABCD"));
  CHECK_OK(cr_key_set_value(k, "Blob", CR_REG_BINARY, "\x20\0\0\0\1\0\0\0\x10", 9));
  CHECK_OK(cr_snap_make_key(&k, s, CR_KEY_CERT_STORE_MY "\\EF01"));
  CHECK_OK(cr_cert_table_build(&t, s, NULL, NOW, NULL));
  CHECK(t.nrows == 0 && t.list.nskipped == 2);
  if (t.list.nskipped == 2) {
    CHECK_CONTAINS(t.list.skipped[0], "ABCD");
    CHECK_CONTAINS(t.list.skipped[1], "no Blob value");
  }
  cr_cert_table_dispose(&t);
  cr_snapshot_free(s);
}

#ifdef _WIN32
static HCERTSTORE WINAPI open_denied(LPCSTR p, DWORD e, HCRYPTPROV_LEGACY h,
                                     DWORD f, const void *para)
{
  (void)p; (void)e; (void)h; (void)f; (void)para;
  SetLastError(ERROR_ACCESS_DENIED);
  return NULL;
}
#endif

static void test_syscalls(void)
{
  const char *n;
  bool seen_snapshot = false, seen_open = false;
  size_t count = 0;
  for (n = cr_syscall_next(NULL); n && count < 1000; n = cr_syscall_next(n)) {
    count++;
    seen_snapshot |= !strcmp(n, "snapshot_set_value");
    seen_open |= !strcmp(n, "CertOpenStore");
  }
  CHECK(count < 1000 && seen_snapshot);
#ifdef _WIN32
  {
    cr_certstore *cs = NULL;
    cr_cert_list l;
    CHECK(seen_open);
    CHECK(cr_syscall_get("CertEnumCertificatesInStore") != NULL);
    CHECK_OK(cr_certstore_live_open(&cs));
    CHECK_OK(cr_syscall_set("CertOpenStore", (cr_syscall_ptr)open_denied));
    CHECK(cr_certstore_list(&l, cs, "MY") == CR_EACCES);
    CHECK_CONTAINS(cr_error_last(), "CertOpenStore");
    CHECK_OK(cr_syscall_set("CertOpenStore", NULL));
    CHECK_OK(cr_certstore_list(&l, cs, "MY"));
    cr_cert_list_dispose(&l);
    cr_certstore_close(cs);
  }
#else
  {
    cr_certstore *cs = NULL;
    CHECK(!seen_open);
    CHECK(cr_certstore_live_open(&cs) == CR_ENOTSUP);
  }
#endif
}

/* ws2012r2-sql-mixed.reg + weak-certs-overlay.reg: MSSQLSERVER configured
 * with the MD5 certificate, SQL2017 with none, SQL2019 with a bad value. */
static cr_snapshot *sql_fixture(bool clear_mssqlserver)
{
  const char *files[2] = { CR_FIXTURES_DIR "/sql/ws2012r2-sql-mixed.reg",
                           CR_FIXTURES_DIR "/sql/weak-certs-overlay.reg" };
  cr_snapshot *s = NULL;
  CHECK_OK(cr_snapshot_open_files(&s, files, 2));
  if (s && clear_mssqlserver) {
    cr_key *k = cr_snap_find_key(s, SQLROOT "\\MSSQL12.MSSQLSERVER\\"
                                 "MSSQLServer\\SuperSocketNetLib");
    CHECK(k && cr_key_delete_value(k, "Certificate") == 1);
  }
  return s;
}

static const cr_cert_instance *instance_of(const cr_cert_table *t,
                                           const char *name)
{
  size_t i;
  for (i = 0; i < t->ninstances; i++)
    if (!strcmp(t->instances[i].name, name))
      return &t->instances[i];
  return NULL;
}

static size_t count_id(const cr_report *r, const char *id)
{
  size_t i, n = 0;
  for (i = 0; r && i < cr_report_finding_count(r); i++)
    n += !strcmp(cr_finding_id(cr_report_finding(r, i)), id);
  return n;
}

static void test_errorlog_source(void)
{
  const char *md5log = CR_FIXTURES_DIR "/errorlog/weak-md5.utf16.log";
  const char *selflog = CR_FIXTURES_DIR "/errorlog/failures.utf8.log";
  cr_snapshot *s = sql_fixture(false);
  cr_cert_table t;
  const cr_cert_instance *in;
  const cr_cert_row *row;
  cr_report *r = NULL;
  const cr_finding *f;
  char *json = NULL, *text = NULL, got[200];

  /* No log: configured, else auto-selection. */
  CHECK_OK(cr_cert_table_build(&t, s, NULL, NOW, NULL));
  in = instance_of(&t, "MSSQLSERVER");
  CHECK(in && streq(in->cert_source, "configured"));
  in = instance_of(&t, "SQL2017");
  CHECK(in && streq(in->cert_source, "auto-selection") && !in->log_path);
  in = instance_of(&t, "SQL2019"); /* "not-a-thumbprint" */
  CHECK(in && streq(in->cert_source, "auto-selection"));
  row = cr_cert_table_find(&t, T_MD5);
  list_of(got, sizeof got, row ? row->used_by : NULL, row ? row->nused_by : 0);
  CHECK_EQ(got, "MSSQLSERVER");
  cr_cert_table_dispose(&t);

  /* SQL2017's log names the MD5 certificate; a log for a configured
   * instance changes nothing. */
  CHECK_OK(cr_snapshot_add_errorlog(s, "sql2017", md5log));
  CHECK_OK(cr_snapshot_add_errorlog(s, "MSSQLSERVER", selflog));
  CHECK_OK(cr_cert_table_build(&t, s, NULL, NOW, NULL));
  in = instance_of(&t, "SQL2017");
  CHECK(in && streq(in->cert_source, "errorlog"));
  CHECK(in && streq(in->log_thumbprint, T_MD5) && in->log_line == 6);
  CHECK(in && streq(in->log_path, md5log));
  CHECK(in && in->log_text && strstr(in->log_text, "2026-03-02 09:15:43.57 ") &&
        strstr(in->log_text, "was successfully loaded for encryption"));
  CHECK(in && streq(cr_cert_instance_thumbprint(in), T_MD5));
  in = instance_of(&t, "MSSQLSERVER");
  CHECK(in && streq(in->cert_source, "configured") && !in->log_path);
  row = cr_cert_table_find(&t, T_MD5);
  list_of(got, sizeof got, row ? row->used_by : NULL, row ? row->nused_by : 0);
  CHECK_EQ(got, "MSSQLSERVER SQL2017");
  cr_cert_table_dispose(&t);
  CHECK_OK(cr_certs_json(&json, s, NULL));
  CHECK_CONTAINS(json, "\"certificateSource\": \"errorlog\"");
  CHECK_CONTAINS(json, "\"certificateSource\": \"configured\"");
  CHECK_CONTAINS(json, "\"usedCertificate\": \"258A392B6D4BA4C8FEFE151AF3B2EA462F098AB7\"");
  CHECK_CONTAINS(json, "weak-md5.utf16.log");
  cr_free(json);
  CHECK_OK(cr_certs_text(&text, s, NULL));
  CHECK_CONTAINS(text, "SQL2017: 258A392B6D4BA4C8FEFE151AF3B2EA462F098AB7");
  cr_free(text);
  cr_snapshot_free(s);

  /* Only the log says SQL2017 uses the MD5 certificate: CERTHASH001 with
   * the log line as evidence, and no "clear the configured one" fix. */
  s = sql_fixture(true);
  CHECK_OK(cr_snapshot_add_errorlog(s, "SQL2017", md5log));
  CHECK_OK(cr_check_certs(&r, s));
  CHECK(count_id(r, "CERTHASH001") == 1);
  f = find(r, "CERTHASH001", T_MD5);
  CHECK(f && cr_finding_severity(f) == CR_SEVERITY_ERROR);
  if (f) {
    CHECK_CONTAINS(cr_finding_title(f), "SQL2017");
    CHECK_CONTAINS(cr_finding_title(f), "ERRORLOG");
    CHECK(!strstr(cr_finding_fix_cli(f), "set-cert"));
  }
  CHECK_OK(cr_report_to_json(&json, r));
  CHECK_CONTAINS(json, "weak-md5.utf16.log");
  CHECK_CONTAINS(json, "line 6");
  CHECK_CONTAINS(json, "[Cert Hash(sha1) \\\"258A392B6D4BA4C8FEFE151AF3B2EA462F098AB7\\\"]");
  cr_free(json);
  cr_report_free(r);
  r = NULL;
  cr_snapshot_free(s);

  /* A 26018 last: self-generated, no CERTHASH. */
  s = sql_fixture(true);
  CHECK_OK(cr_snapshot_add_errorlog(s, "SQL2017", selflog));
  CHECK_OK(cr_cert_table_build(&t, s, NULL, NOW, NULL));
  in = instance_of(&t, "SQL2017");
  CHECK(in && streq(in->cert_source, "self-generated"));
  CHECK(in && !in->log_thumbprint[0] && in->log_line == 10);
  CHECK(in && !cr_cert_instance_thumbprint(in)[0]);
  cr_cert_table_dispose(&t);
  CHECK_OK(cr_check_certs(&r, s));
  CHECK(count_id(r, "CERTHASH001") == 0);
  CHECK(count_id(r, "CERTHASH002") == 0);
  cr_report_free(r);
  r = NULL;

  /* Bad files: a clear error, nothing attached. */
  CHECK(cr_snapshot_add_errorlog(s, "SQL2019", CR_FIXTURES_DIR
                                 "/errorlog/absent.log") == CR_ENOTFOUND);
  CHECK(cr_snapshot_add_errorlog(s, "SQL2019", CR_FIXTURES_DIR
                                 "/errorlog/malformed/bad_utf8.log") ==
        CR_EPARSE);
  CHECK_CONTAINS(cr_error_last(), "bad_utf8.log:");
  CHECK(cr_snapshot_add_errorlog(s, "", selflog) == CR_EINVAL);
  CHECK(cr_snapshot_add_errorlog(NULL, "X", selflog) == CR_EINVAL);
  CHECK(s->nerrorlogs == 1);
  cr_snapshot_free(s);
}

/* CERTHASH001/003 say where each instance's certificate comes from: the
 * registry (configured) or the ERRORLOG (loaded). The title used to say
 * "is configured with" for every instance as soon as one was configured,
 * and the fix cleared the first instance, configured or not. */
static void test_cert_source_wording(void)
{
  const char *md5log = CR_FIXTURES_DIR "/errorlog/weak-md5.utf16.log";
  cr_snapshot *s;
  cr_report *r = NULL;
  const cr_finding *f;
  char *json = NULL;

  /* Configured only. */
  s = sql_fixture(false);
  CHECK_OK(cr_check_certs(&r, s));
  f = find(r, "CERTHASH001", T_MD5);
  CHECK(f != NULL);
  if (f) {
    CHECK_CONTAINS(cr_finding_title(f), "SQL Server (MSSQLSERVER) is "
                   "configured with a certificate signed with MD5");
    CHECK(!strstr(cr_finding_title(f), "ERRORLOG"));
    CHECK_CONTAINS(cr_finding_reason(f), "MSSQLSERVER is configured with "
                   "it (SuperSocketNetLib\\Certificate)");
    CHECK_CONTAINS(cr_finding_fix_cli(f), "--instance MSSQLSERVER --clear");
  }
  cr_report_free(r);
  r = NULL;
  cr_snapshot_free(s);

  /* Two instances configured with it: the fix clears both. */
  s = sql_fixture(false);
  set_sz(s, SQLROOT "\\MSSQL14.SQL2017\\MSSQLServer\\SuperSocketNetLib",
         "Certificate", T_MD5);
  CHECK_OK(cr_check_certs(&r, s));
  f = find(r, "CERTHASH001", T_MD5);
  CHECK(f != NULL);
  if (f) {
    CHECK_CONTAINS(cr_finding_fix_cli(f), "--instance MSSQLSERVER --clear && "
                   "connreset sql set-cert --instance SQL2017 --clear && "
                   "connreset certs set-purpose");
  }
  cr_report_free(r);
  r = NULL;
  cr_snapshot_free(s);

  /* Loaded per the ERRORLOG only. */
  s = sql_fixture(true);
  CHECK_OK(cr_snapshot_add_errorlog(s, "SQL2017", md5log));
  CHECK_OK(cr_check_certs(&r, s));
  f = find(r, "CERTHASH001", T_MD5);
  CHECK(f != NULL);
  if (f) {
    CHECK_CONTAINS(cr_finding_title(f), "SQL Server (SQL2017) loaded a "
                   "certificate signed with MD5, per its ERRORLOG");
    CHECK(!strstr(cr_finding_title(f), "configured"));
    CHECK_CONTAINS(cr_finding_reason(f), "the ERRORLOG of SQL2017 says it "
                   "loaded it (26013)");
    CHECK(!strstr(cr_finding_reason(f), "configured with it"));
  }
  cr_report_free(r);
  r = NULL;
  cr_snapshot_free(s);

  /* Both, the configured instance listed second: MSSQLSERVER has none
   * configured and its log names the MD5 certificate; SQL2017 is
   * configured with it. */
  s = sql_fixture(true);
  set_sz(s, SQLROOT "\\MSSQL14.SQL2017\\MSSQLServer\\SuperSocketNetLib",
         "Certificate", T_MD5);
  CHECK_OK(cr_snapshot_add_errorlog(s, "MSSQLSERVER", md5log));
  CHECK_OK(cr_check_certs(&r, s));
  CHECK(count_id(r, "CERTHASH001") == 1);
  f = find(r, "CERTHASH001", T_MD5);
  CHECK(f != NULL);
  if (f) {
    CHECK_CONTAINS(cr_finding_title(f), "SQL Server uses a certificate "
                   "signed with MD5: SQL2017 is configured with it, "
                   "MSSQLSERVER loaded it per its ERRORLOG");
    CHECK_CONTAINS(cr_finding_reason(f), "SQL2017 is configured with it "
                   "(SuperSocketNetLib\\Certificate); the ERRORLOG of "
                   "MSSQLSERVER says it loaded it (26013)");
    CHECK_CONTAINS(cr_finding_fix_cli(f), "--instance SQL2017 --clear");
    CHECK(!strstr(cr_finding_fix_cli(f), "--instance MSSQLSERVER"));
  }
  CHECK_OK(cr_report_to_json(&json, r));
  /* Evidence: SQL2017's registry value and MSSQLSERVER's log line. */
  CHECK_CONTAINS(json, "\"key\": \"HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\"
                 "Microsoft\\\\Microsoft SQL Server\\\\MSSQL14.SQL2017\\\\"
                 "MSSQLServer\\\\SuperSocketNetLib\"");
  CHECK(!strstr(json, "MSSQL12.MSSQLSERVER\\\\MSSQLServer\\\\"
                "SuperSocketNetLib"));
  CHECK_CONTAINS(json, "weak-md5.utf16.log\"");
  CHECK_CONTAINS(json, "\"value\": \"line 6\"");
  cr_free(json);
  cr_report_free(r);
  cr_snapshot_free(s);
}

int main(void)
{
  /* CR_SAVE_CERTS_FIXTURE=FILE.reg writes the fixture for the CLI. */
  if (getenv("CR_SAVE_CERTS_FIXTURE")) {
    cr_snapshot *s = fixture();
    CHECK_OK(cr_snapshot_save(s, getenv("CR_SAVE_CERTS_FIXTURE")));
    cr_snapshot_free(s);
  }
  test_rows();
  test_findings();
  test_purpose_plan();
  test_sql_plan();
  test_skipped();
  test_syscalls();
  test_errorlog_source();
  test_cert_source_wording();
  return test_finish("test_certs");
}
