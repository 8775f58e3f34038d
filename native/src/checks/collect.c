/*
 * collect.c - the keys `collect` exports and cr_snapshot_open_live reads:
 * every key a check reads (see regpaths.h), and nothing else, so that a
 * snapshot stays small enough to mail and holds no unrelated data.
 *
 * OLE DB providers take two passes: the list below ends with
 * Classes\<ProgID> for each OLE DB row of the driver table, and
 * cr_collect_derived then reads the CLSID keys their Clsid values name
 * (CLSIDs are read, never hard-coded, as SQLCheck does).
 *
 * The list belongs here, with the checks that read the keys; the core
 * only knows how to copy a key of the live registry into a snapshot
 * (cr_snapshot_load_live) and depends on nothing above it.
 */
#include "collect.h"
#include "../knowledge/regpaths.h"
#include "../knowledge/sql_tls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
  const char *key;
  int recursive;
} collect_keys[] = {
  { CR_KEY_WINDOWS_NT_CURRENTVERSION, 0 }, /* values only: subkeys are big */
  { CR_KEY_PRODUCT_OPTIONS, 0 },
  { CR_KEY_CONTROL_WINDOWS, 0 },
  { CR_KEY_TCPIP_PARAMETERS, 0 },          /* Interfaces\* not needed */
  { CR_KEY_SCHANNEL, 1 },                  /* Protocols, Ciphers, Hashes, KEAs */
  { CR_KEY_SSL_LOCAL, 0 },
  { CR_KEY_SSL_POLICY, 0 },
  { CR_KEY_NETFX_V2, 0 },
  { CR_KEY_NETFX_V4, 0 },
  { CR_KEY_NETFX_V2_WOW, 0 },
  { CR_KEY_NETFX_V4_WOW, 0 },
  { CR_KEY_WINHTTP, 0 },
  { CR_KEY_WINHTTP_WOW, 0 },
  { CR_KEY_LSA_FIPS, 0 },                  /* Enabled; Lsa's own values are
                                            * not exported (unrelated) */
  { CR_KEY_SQL_ROOT, 1 },                  /* instances, Setup, SuperSocketNetLib */
  { CR_KEY_SQL_ROOT_WOW, 1 },
  { CR_KEY_ODBCINST, 1 },                  /* ODBC drivers (family PROTO) */
  { CR_KEY_ODBCINST_WOW, 1 },
  { CR_KEY_CERT_STORE_MY, 1 },             /* every certificate's Blob */
};

#define STATIC_KEYS (sizeof collect_keys / sizeof collect_keys[0])
/* Room for the OLE DB rows of cr_sql_driver_rows (six today);
 * tests/c/test_sql.c checks that every row fits. */
#define MAX_OLEDB 16

static bool is_oledb(const cr_sql_driver_row *row)
{
  return strcmp(row->kind, "OLE DB") == 0;
}

/* The n-th OLE DB row, or NULL. */
static const cr_sql_driver_row *oledb_row(size_t n)
{
  size_t i;
  for (i = 0; i < cr_sql_driver_row_count; i++)
    if (is_oledb(&cr_sql_driver_rows[i]) && n-- == 0)
      return &cr_sql_driver_rows[i];
  return NULL;
}

size_t cr_collect_key_count(void)
{
  size_t n = 0;
  while (n < MAX_OLEDB && oledb_row(n))
    n++;
  return STATIC_KEYS + n;
}

const char *cr_collect_key(size_t index, int *recursive)
{
  /* Built from the driver table on demand; per thread, so that callers on
   * two threads never share a buffer, and one per row, so that a pointer
   * stays valid while the caller walks the list. */
  static _Thread_local char progid_keys[MAX_OLEDB][128];
  const cr_sql_driver_row *row;
  if (index >= cr_collect_key_count())
    return NULL;
  if (index < STATIC_KEYS) {
    if (recursive)
      *recursive = collect_keys[index].recursive;
    return collect_keys[index].key;
  }
  index -= STATIC_KEYS;
  row = oledb_row(index);
  /* Only the version-independent ProgID the table names ("SQLNCLI11",
   * not "SQLNCLI11.1"): its Clsid is the same CLSID. Recursive for Clsid
   * and CurVer. */
  snprintf(progid_keys[index], sizeof progid_keys[index], "%s\\%s",
           CR_KEY_CLASSES, row->name);
  if (recursive)
    *recursive = 1;
  return progid_keys[index];
}

bool cr_clsid_valid(const char *s)
{
  /* 38 characters: braces at 0 and 37, dashes at 9, 14, 19 and 24, hex
   * digits everywhere else (8-4-4-4-12). */
  size_t i;
  if (!s || strlen(s) != 38 || s[0] != '{' || s[37] != '}')
    return false;
  for (i = 1; i < 37; i++) {
    char c = s[i];
    bool dash = i == 9 || i == 14 || i == 19 || i == 24;
    if (dash ? c != '-'
             : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
                 (c >= 'A' && c <= 'F')))
      return false;
  }
  return true;
}

int cr_collect_derived(const cr_snapshot *snap,
                       int (*read)(void *ctx, const char *key, int recursive),
                       void *ctx)
{
  static const char *const views[2] = { CR_KEY_CLASSES_CLSID,
                                        CR_KEY_CLASSES_CLSID_WOW };
  const cr_sql_driver_row *row;
  size_t n, v;
  int rc;
  for (n = 0; n < MAX_OLEDB && (row = oledb_row(n)) != NULL; n++) {
    char key[256], *clsid = NULL;
    snprintf(key, sizeof key, "%s\\%s\\Clsid", CR_KEY_CLASSES, row->name);
    if (cr_snap_get_string(&clsid, snap, key, "") < 0 ||
        !cr_clsid_valid(clsid)) {
      free(clsid);
      cr_error_clear();
      continue; /* not installed, or not a CLSID: nothing to follow */
    }
    for (v = 0; v < 2; v++) {
      snprintf(key, sizeof key, "%s\\%s", views[v], clsid);
      if ((rc = read(ctx, key, 1)) < 0) {
        free(clsid);
        return rc;
      }
    }
    free(clsid);
  }
  return CR_OK;
}

static int load_live_one(void *ctx, const char *key, int recursive)
{
  return cr_snapshot_load_live(ctx, key, recursive);
}

int cr_snapshot_open_live(cr_snapshot **out)
{
  cr_snapshot *s;
  size_t i;
  int rc;
  if (!out)
    return cr_error_set(CR_EINVAL, "cr_snapshot_open_live: out is NULL");
  *out = NULL;
  if ((rc = cr_snapshot_new(&s)) < 0)
    return rc;
  for (i = 0; rc >= 0 && i < cr_collect_key_count(); i++) {
    int recursive;
    const char *key = cr_collect_key(i, &recursive);
    rc = cr_snapshot_load_live(s, key, recursive);
  }
  /* Keys named by values just read (OLE DB CLSIDs); a missing key adds
   * nothing, as above. */
  if (rc >= 0)
    rc = cr_collect_derived(s, load_live_one, s);
  if (rc < 0) {
    cr_snapshot_free(s);
    return rc;
  }
  *out = s;
  return CR_OK;
}
