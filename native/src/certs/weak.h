/*
 * weak.h - one row per certificate of a store: what it is, whether SQL
 * Server uses it or could pick it, whether it is weak (family CERTHASH,
 * knowledge/cert_rules.c) and every reason with its source.
 */
#ifndef CR_CERTS_WEAK_H
#define CR_CERTS_WEAK_H

#include "certstore.h"
#include "../core/json.h"
#include "../knowledge/cert_rules.h"

typedef struct cr_cert_reason {
  const cr_cert_rule *rule;
  char *text;              /* one sentence about this certificate */
} cr_cert_reason;

typedef struct cr_cert_row {
  const cr_cert_entry *entry; /* into the table's list */
  cr_x509 x;                  /* parsed; points into entry->blob */
  char sig_name[32];          /* Windows style: "sha256RSA", "sha384ECDSA" */
  bool server_auth;           /* cr_cert_allows with the store's override */
  bool candidate;             /* SQL Server could pick it by itself */
  char **used_by;             /* instances configured with it, or whose
                                 ERRORLOG says they loaded it */
  size_t nused_by;
  char **may_pick;            /* instances with none configured, if candidate */
  size_t nmay_pick;
  bool weak;                  /* a reason with rule->weak */
  bool usable;                /* no reason with rule->unusable */
  cr_cert_reason *reasons;
  size_t nreasons;
} cr_cert_row;

typedef struct cr_cert_instance {
  char *name;                 /* "MSSQLSERVER", "SQLEXPRESS" */
  char *id;                   /* "MSSQL16.MSSQLSERVER" */
  char *key;                  /* its SuperSocketNetLib key */
  char thumbprint[41];        /* configured, upper case; "" when none */
  char *raw;                  /* the Certificate value as stored, or NULL */
  bool in_store;              /* the configured certificate is in MY */
  /* Where the certificate it uses comes from: "configured" (thumbprint
   * above), "errorlog" (none configured; the log's last 26013 names
   * log_thumbprint), "self-generated" (the log's last load is a 26018) or
   * "auto-selection" (none configured and no log says: it may pick any
   * candidate, row->may_pick). */
  const char *cert_source;
  char log_thumbprint[41];    /* from the ERRORLOG, upper case; "" */
  char *log_path;             /* the ERRORLOG read, or NULL */
  size_t log_line;            /* its deciding line (1-based), 0 when none */
  char *log_text;             /* that line: "<timestamp> <message>" */
} cr_cert_instance;

/* The thumbprint an instance uses: configured, else its ERRORLOG's. */
const char *cr_cert_instance_thumbprint(const cr_cert_instance *in);

typedef struct cr_cert_table {
  char store[65];
  const char *source;         /* "snapshot" or "crypt32" */
  int64_t now;
  cr_cert_list list;
  cr_cert_row *rows;
  size_t nrows;
  cr_cert_instance *instances;
  size_t ninstances;
} cr_cert_table;

/* Builds the table of `store` (NULL: MY) at time `now` (seconds since
 * 1970 UTC). Certificates come from `cs`, or when it is NULL from crypt32
 * for a live snapshot and from the snapshot's store keys otherwise;
 * instances and their configured thumbprints always from `snap`, and for
 * instances with none configured, the ERRORLOG attached to `snap`
 * (cr_snapshot_add_errorlog) or, live, the file at the -e path. */
int cr_cert_table_build(cr_cert_table *out, const cr_snapshot *snap,
                        const char *store, int64_t now, cr_certstore *cs);
void cr_cert_table_dispose(cr_cert_table *t);
const cr_cert_row *cr_cert_table_find(const cr_cert_table *t,
                                      const char *thumbprint);
bool cr_cert_row_has(const cr_cert_row *row, const char *rule_id);
/* The table's members (store, source, certificates, instances, skipped)
 * inside the current JSON object. */
void cr_cert_table_json(const cr_cert_table *t, cr_json *j);
void cr_cert_table_text(const cr_cert_table *t, cr_buf *out);
/* "2026-11-21T20:28:29Z" */
void cr_format_utc(char out[32], int64_t t);
/* The Windows service of an instance: MSSQLSERVER or MSSQL$<name>. */
void cr_sql_service_name(char *out, size_t size, const char *instance);
/* plans.c: adds `oid` (NULL: Server Authentication) back to a certificate's
 * enabled purposes; empty when already enabled, CR_EINVAL when its EKU
 * extension does not allow it (the inverse of cr_cert_purpose_plan). */
int cr_cert_purpose_enable_plan(cr_change **out, const cr_snapshot *snap,
                                const char *thumbprint, const char *oid);

#endif
