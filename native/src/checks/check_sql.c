/*
 * check_sql.c - SQL Server on one machine: its instances and the client
 * drivers installed.
 *
 * Findings (stable ids; grep the id to land here):
 *   IOCP001  warning  SQL Server 2017 (14.x) or earlier: IOCP listener
 *                     worker shortage under load; 2019 adds a dedicated
 *                     login dispatcher pool (seed 001, the sixth scenario,
 *                     headed "Scenario 5: TCP Three-Way Handshake Timeout
 *                     ... due to shortage of IOCP workers")
 *   PROTO010 error    SQL Server build without TLS 1.2 while TLS 1.0 and
 *                     1.1 are off for the server role (warning when they
 *                     are still on, or their state is unknown) (KB3135244)
 *   PROTO011 warning  an installed client driver (ODBC driver or OLE DB
 *                     provider) that cannot speak TLS 1.2 (SQLCheck
 *                     DriverInfo.cs)
 *
 * Drivers, as SQLCheck finds them: ODBC by ODBCINST.INI\ODBC Drivers, and
 * OLE DB by ProgID: Classes\<ProgID>\Clsid gives the CLSID, and the
 * provider is installed in a view when CLSID\<clsid> (64-bit) or
 * WOW6432Node\CLSID\<clsid> (32-bit) has both InprocServer32 and
 * "OLE DB Provider" (GetOLEDBProvidersTable). Only the version-independent
 * ProgIDs of the table are looked up ("SQLNCLI11", not "SQLNCLI11.1").
 *
 * Tables: knowledge/sql_tls.c. Instances: sql/sqlserver.c.
 */
#include "checks.h"
#include "collect.h"
#include "../knowledge/regpaths.h"
#include "../knowledge/sql_tls.h"
#include "../sql/sqlserver.h"
#include "../tls/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sql_driver {
  char *name;
  const char *kind;
  bool wow;
  char *path;           /* ODBC: ODBCINST.INI\<name>\Driver; OLE DB:
                         * CLSID\<clsid>\InprocServer32 (default) */
  char *clsid;          /* OLE DB only */
  const cr_sql_driver_row *row;
  cr_tri tls12;
  char why[300];
} sql_driver;

typedef struct sql_inst_extra {
  cr_sql_tls_verdict tls;
} sql_inst_extra;

typedef struct sql_result {
  cr_sql_instances inst;
  sql_inst_extra *extra;
  sql_driver *drv;
  size_t ndrv;
} sql_result;

static void result_free(void *data)
{
  sql_result *res = data;
  size_t i;
  if (!res)
    return;
  cr_sql_instances_dispose(&res->inst);
  free(res->extra);
  for (i = 0; i < res->ndrv; i++) {
    free(res->drv[i].name);
    free(res->drv[i].path);
    free(res->drv[i].clsid);
  }
  free(res->drv);
  free(res);
}

static sql_driver *add_driver(sql_result *res, const cr_sql_driver_row *row,
                              bool wow, const cr_os *os)
{
  sql_driver *p = cr_realloc_array(res->drv, res->ndrv + 1, sizeof *p), *d;
  if (!p)
    return NULL;
  res->drv = p;
  d = &res->drv[res->ndrv++];
  memset(d, 0, sizeof *d);
  d->row = row;
  d->kind = row->kind;
  d->wow = wow;
  d->tls12 = cr_sql_driver_tls12(row, 0, os->known ? os->major : 0,
                                 os->minor, os->build, os->has_ubr, os->ubr,
                                 d->why, sizeof d->why);
  return (d->name = cr_strdup(row->name)) ? d : NULL;
}

/* The OLE DB key the evidence and JSON name: the ProgID's Clsid, or the
 * view's CLSID\<clsid> plus `sub`. */
static void oledb_key(char *out, size_t size, const sql_driver *d,
                      const char *sub)
{
  snprintf(out, size, "%s\\%s\\%s", d->wow ? CR_KEY_CLASSES_CLSID_WOW
           : CR_KEY_CLASSES_CLSID, d->clsid, sub);
}

static int read_oledb(sql_result *res, const cr_snapshot *snap,
                      const cr_os *os)
{
  size_t i, v;
  for (i = 0; i < cr_sql_driver_row_count; i++) {
    const cr_sql_driver_row *row = &cr_sql_driver_rows[i];
    char key[400], *clsid = NULL;
    if (strcmp(row->kind, "OLE DB") != 0)
      continue;
    snprintf(key, sizeof key, "%s\\%s\\Clsid", CR_KEY_CLASSES, row->name);
    if (cr_snap_get_string(&clsid, snap, key, "") < 0 ||
        !cr_clsid_valid(clsid)) {
      free(clsid);
      continue; /* ProgID not registered */
    }
    for (v = 0; v < 2; v++) {
      sql_driver tmp, *d;
      tmp.wow = v == 1;
      tmp.clsid = clsid;
      /* SQLCheck takes a CLSID as a provider only with both subkeys. */
      oledb_key(key, sizeof key, &tmp, "OLE DB Provider");
      if (!cr_snap_find_key(snap, key))
        continue;
      oledb_key(key, sizeof key, &tmp, "InprocServer32");
      if (!cr_snap_find_key(snap, key))
        continue;
      if (!(d = add_driver(res, row, tmp.wow, os)) ||
          !(d->clsid = cr_strdup(clsid))) {
        free(clsid);
        return cr_error_oom();
      }
      if (cr_snap_get_string(&d->path, snap, key, "") < 0)
        d->path = NULL;
    }
    free(clsid);
  }
  return CR_OK;
}

static int read_drivers(sql_result *res, const cr_snapshot *snap,
                        const cr_os *os)
{
  static const struct { const char *root; bool wow; } views[2] = {
    { CR_KEY_ODBCINST, false }, { CR_KEY_ODBCINST_WOW, true } };
  size_t v, i;
  int rc;
  for (v = 0; v < 2; v++) {
    char key[400];
    const cr_key *k;
    snprintf(key, sizeof key, "%s\\ODBC Drivers", views[v].root);
    k = cr_snap_find_key(snap, key);
    for (i = 0; k && i < k->nvalues; i++) {
      const cr_sql_driver_row *row = cr_sql_driver_lookup(k->values[i].name);
      sql_driver *d;
      if (!row || strcmp(row->kind, "ODBC") != 0)
        continue; /* not a SQL Server ODBC driver */
      if (!(d = add_driver(res, row, views[v].wow, os)))
        return cr_error_oom();
      snprintf(key, sizeof key, "%s\\%s", views[v].root, row->name);
      if (cr_snap_get_string(&d->path, snap, key, "Driver") < 0)
        d->path = NULL;
    }
  }
  if ((rc = read_oledb(res, snap, os)) < 0)
    return rc;
  cr_error_clear();
  return CR_OK;
}

static void instance_key(char *out, size_t size, const cr_sql_instance *in,
                         const char *sub)
{
  snprintf(out, size, "%s%s%s", in->root, sub ? "\\" : "", sub ? sub : "");
}

static void version_evidence(cr_finding *f, const cr_sql_instance *in)
{
  char key[512], data[200];
  instance_key(key, sizeof key, in, "Setup");
  snprintf(data, sizeof data, "%s (%s)", in->version ? in->version : "absent",
           in->product ? in->product : "product unknown");
  cr_finding_add_evidence(f, key, "Version", data);
  snprintf(data, sizeof data, "%s",
           in->patch_level ? in->patch_level : "absent");
  cr_finding_add_evidence(f, key, "PatchLevel", data);
  if (in->sp >= 0)
    snprintf(data, sizeof data, "%d", in->sp);
  else
    snprintf(data, sizeof data, "absent");
  cr_finding_add_evidence(f, key, "SP", data);
}

static int add_instance_findings(cr_report *r, sql_result *res,
                                 const cr_tls_machine *m)
{
  size_t i;
  int rc;
  for (i = 0; i < res->inst.n; i++) {
    const cr_sql_instance *in = &res->inst.v[i];
    const cr_sql_tls_verdict *tv = &res->extra[i].tls;
    cr_finding *f;
    char title[300], reason[900];
    unsigned major = (unsigned)(in->ver >> 48);
    if (!in->has_version)
      continue;
    if (major <= 14) {
      snprintf(title, sizeof title, "Instance %s runs %s, which can run "
               "short of IOCP listener workers under load", in->name,
               in->product ? in->product : "an old SQL Server");
      snprintf(reason, sizeof reason, "%s (%s) is SQL Server 2017 or "
               "earlier: under heavy load a shortage of IOCP listener "
               "workers delays AcceptEx, so TCP handshakes and logins time "
               "out and clients see error 10054; SQL Server 2019 adds a "
               "dedicated login dispatcher pool (seed 001, \"TCP Three-Way "
               "Handshake Timeout ... due to shortage of IOCP workers\").",
               in->name, in->version ? in->version : "?");
      if ((rc = cr_report_add_finding(r, &f, "IOCP001", "IOCP",
                                      CR_SEVERITY_WARNING, title,
                                      reason)) < 0)
        return rc;
      version_evidence(f, in);
      cr_finding_set_fix(f, NULL, NULL, NULL,
                         "Upgrade the instance to SQL Server 2019 or later. "
                         "Until then, look for SYN failures and login "
                         "timeouts in a network trace (SQLNA) at peak load.");
    }
    if (tv->tls12 == CR_TRI_NO) {
      bool old_off = false, old_unknown = false;
      cr_severity sev = CR_SEVERITY_WARNING;
      char evkey[400], evdata[300];
      int p;
      if (m) {
        old_off = true;
        for (p = CR_PROTO_SSL3; p <= CR_PROTO_TLS11; p++) {
          cr_proto_state st = m->proto[CR_TLS_SERVER][p].state;
          if (st == CR_PSTATE_ENABLED)
            old_off = false;
          else if (st == CR_PSTATE_UNKNOWN)
            old_unknown = true, old_off = false;
        }
        if (old_off)
          sev = CR_SEVERITY_ERROR;
      }
      snprintf(title, sizeof title, "Instance %s (%s) has no TLS 1.2%s",
               in->name, in->version ? in->version : "?",
               old_off ? " and TLS 1.0/1.1 are off for the server role" : "");
      snprintf(reason, sizeof reason, "%s%s", tv->reason,
               old_off ? "; with SSL 3.0, TLS 1.0 and TLS 1.1 off for the "
                         "server role this instance shares no protocol with "
                         "any client, so logins are reset (10054)."
               : old_unknown ? "; the server role's TLS 1.0/1.1 state is "
                               "unknown, and the instance fails as soon as "
                               "they are turned off."
               : "; it works only while TLS 1.0 or 1.1 stays on, and fails "
                 "with 10054 when they are turned off.");
      if ((rc = cr_report_add_finding(r, &f, "PROTO010", "PROTO", sev,
                                      title, reason)) < 0)
        return rc;
      version_evidence(f, in);
      if (m) {
        for (p = CR_PROTO_TLS10; p <= CR_PROTO_TLS12; p++) {
          const cr_proto_setting *ps = &m->proto[CR_TLS_SERVER][p];
          snprintf(evkey, sizeof evkey, "%s\\%s\\Server",
                   CR_KEY_SCHANNEL_PROTOCOLS, cr_tls_proto_key[p]);
          snprintf(evdata, sizeof evdata, "%s (%s)",
                   cr_proto_state_name(ps->state), ps->reason);
          cr_finding_add_evidence(f, evkey, NULL, evdata);
        }
      }
      snprintf(reason, sizeof reason, "Install %s (KB3135244 lists the "
               "first build of each branch with TLS 1.2), then restart "
               "the instance.", tv->fix[0] ? tv->fix : "the TLS 1.2 update");
      cr_finding_set_fix(f, NULL, NULL, NULL, reason);
    }
  }
  return CR_OK;
}

static int add_driver_findings(cr_report *r, const sql_result *res)
{
  size_t i;
  int rc;
  for (i = 0; i < res->ndrv; i++) {
    const sql_driver *d = &res->drv[i];
    cr_finding *f;
    char title[300], reason[600], key[400];
    if (d->tls12 != CR_TRI_NO)
      continue;
    snprintf(title, sizeof title, "Client driver \"%s\" (%s%s) cannot use "
             "TLS 1.2", d->name, d->kind, d->wow ? ", 32-bit" : "");
    snprintf(reason, sizeof reason, "%s: applications that connect through "
             "it get error 10054 from any SQL Server that allows only "
             "TLS 1.2.", d->why);
    if ((rc = cr_report_add_finding(r, &f, "PROTO011", "PROTO",
                                    CR_SEVERITY_WARNING, title, reason)) < 0)
      return rc;
    if (d->clsid) {
      /* The keys read_oledb read; "" is the default value. */
      snprintf(key, sizeof key, "%s\\%s\\Clsid", CR_KEY_CLASSES, d->name);
      cr_finding_add_evidence(f, key, "", d->clsid);
      oledb_key(key, sizeof key, d, "InprocServer32");
      cr_finding_add_evidence(f, key, "", d->path ? d->path : "absent");
    } else {
      snprintf(key, sizeof key, "%s\\ODBC Drivers",
               d->wow ? CR_KEY_ODBCINST_WOW : CR_KEY_ODBCINST);
      cr_finding_add_evidence(f, key, d->name, "installed");
      snprintf(key, sizeof key, "%s\\%s",
               d->wow ? CR_KEY_ODBCINST_WOW : CR_KEY_ODBCINST, d->name);
      cr_finding_add_evidence(f, key, "Driver", d->path ? d->path : "absent");
    }
    cr_finding_set_fix(f, NULL, NULL, NULL, d->row->fix);
  }
  return CR_OK;
}

/* ---------------------------------------------------------------- */
/* Section rendering.                                               */
/* ---------------------------------------------------------------- */

static void int_or_null(cr_json *j, const char *name, int v)
{
  if (v < 0)
    cr_json_null(j, name);
  else
    cr_json_int(j, name, v);
}

static void sql_json(const void *data, cr_json *j)
{
  const sql_result *res = data;
  size_t i, k;
  char key[400];
  cr_json_arr(j, "instances");
  for (i = 0; i < res->inst.n; i++) {
    const cr_sql_instance *in = &res->inst.v[i];
    const cr_sql_tls_verdict *tv = &res->extra[i].tls;
    char ver[32];
    cr_json_obj(j, NULL);
    cr_json_str(j, "name", in->name);
    cr_json_str(j, "id", in->id);
    cr_json_int(j, "bits", in->wow ? 32 : 64);
    cr_json_str(j, "key", in->root);
    cr_json_str(j, "version", in->version);
    cr_json_str(j, "versionFrom", in->version_from);
    cr_json_str(j, "patchLevel", in->patch_level);
    if (in->has_version) {
      cr_ver4_format(ver, sizeof ver, in->ver);
      cr_json_str(j, "build", ver);
      cr_json_int(j, "major", (int64_t)(in->ver >> 48));
    } else {
      cr_json_null(j, "build");
      cr_json_null(j, "major");
    }
    int_or_null(j, "servicePack", in->sp);
    cr_json_str(j, "edition", in->edition);
    cr_json_str(j, "product", in->product);
    cr_json_obj(j, "certificate");
    cr_json_str(j, "raw", in->cert_raw);
    cr_json_str(j, "thumbprint", in->thumbprint[0] ? in->thumbprint : NULL);
    cr_json_bool(j, "valid", !in->cert_invalid);
    cr_json_obj_end(j);
    int_or_null(j, "forceEncryption", in->force_encryption);
    int_or_null(j, "forceStrict", in->force_strict);
    cr_json_arr(j, "startupParameters");
    for (k = 0; k < in->nargs; k++)
      cr_json_str(j, NULL, in->args[k]);
    cr_json_arr_end(j);
    cr_json_str(j, "errorlog", in->errorlog);
    cr_json_str(j, "masterData", in->master_data);
    cr_json_str(j, "masterLog", in->master_log);
    cr_json_obj(j, "tls12");
    cr_json_str(j, "supported", cr_tri_name(tv->tls12));
    cr_json_str(j, "reason", tv->reason);
    cr_json_str(j, "fix", tv->fix[0] ? tv->fix : NULL);
    cr_json_obj_end(j);
    cr_json_obj_end(j);
  }
  cr_json_arr_end(j);
  cr_json_arr(j, "drivers");
  for (i = 0; i < res->ndrv; i++) {
    const sql_driver *d = &res->drv[i];
    cr_json_obj(j, NULL);
    cr_json_str(j, "name", d->name);
    cr_json_str(j, "kind", d->kind);
    cr_json_int(j, "bits", d->wow ? 32 : 64);
    cr_json_str(j, "path", d->path);
    cr_json_str(j, "clsid", d->clsid); /* null for ODBC */
    if (d->clsid)
      oledb_key(key, sizeof key, d, "InprocServer32");
    else
      snprintf(key, sizeof key, "%s\\%s",
               d->wow ? CR_KEY_ODBCINST_WOW : CR_KEY_ODBCINST, d->name);
    cr_json_str(j, "pathKey", key); /* where `path` was read */
    cr_json_null(j, "version"); /* not in the registry (sql_tls.c) */
    cr_json_str(j, "tls12", cr_tri_name(d->tls12));
    cr_json_str(j, "reason", d->why);
    cr_json_obj_end(j);
  }
  cr_json_arr_end(j);
}

static void sql_text(const void *data, cr_buf *out)
{
  const sql_result *res = data;
  size_t i;
  cr_buf_printf(out, "SQL Server: %zu instance(s), %zu SQL Server client "
                "driver(s)\n", res->inst.n, res->ndrv);
  for (i = 0; i < res->inst.n; i++) {
    const cr_sql_instance *in = &res->inst.v[i];
    cr_buf_printf(out, "  %s (%s, %d-bit): %s %s%s%s, TLS 1.2: %s\n",
                  in->name, in->id, in->wow ? 32 : 64,
                  in->product ? in->product : "unknown product",
                  in->patch_level ? in->patch_level
                                  : in->version ? in->version : "?",
                  in->edition ? ", " : "", in->edition ? in->edition : "",
                  cr_tri_name(res->extra[i].tls.tls12));
    cr_buf_printf(out, "    Certificate: %s; ForceEncryption: %d; "
                  "ERRORLOG: %s\n",
                  in->thumbprint[0] ? in->thumbprint
                  : in->cert_invalid ? "(not a thumbprint)" : "(none)",
                  in->force_encryption, in->errorlog ? in->errorlog : "-");
  }
  for (i = 0; i < res->ndrv; i++)
    cr_buf_printf(out, "  Driver %s (%s, %d-bit): TLS 1.2 %s\n",
                  res->drv[i].name, res->drv[i].kind,
                  res->drv[i].wow ? 32 : 64, cr_tri_name(res->drv[i].tls12));
}

int cr_run_sql(cr_report *r, const cr_snapshot *snap)
{
  cr_section sec;
  sql_result *res = cr_calloc(1, sizeof *res);
  cr_tls_machine *m = NULL;
  size_t i;
  int rc;
  if (!res)
    return cr_error_oom();
  if ((rc = cr_sql_instances_read(&res->inst, snap)) < 0)
    goto fail;
  if (res->inst.n &&
      !(res->extra = cr_calloc(res->inst.n, sizeof *res->extra))) {
    rc = cr_error_oom();
    goto fail;
  }
  for (i = 0; i < res->inst.n; i++) {
    if (res->inst.v[i].has_version)
      cr_sql_tls12(&res->extra[i].tls, res->inst.v[i].ver, res->inst.v[i].sp);
    else
      snprintf(res->extra[i].tls.reason, sizeof res->extra[i].tls.reason,
               "the instance's version is not in the snapshot");
  }
  if ((rc = read_drivers(res, snap, &r->os)) < 0)
    goto fail;
  /* The TLS model the tls check of this report read, when it ran (a
   * diagnosis); else one of our own. */
  for (i = 0; res->inst.n && !m && i < r->nsections; i++)
    if (!strcmp(r->sections[i].name, "tls")) {
      m = r->sections[i].data;
      m->refs++;
    }
  if (res->inst.n && !m && cr_tls_machine_read(&m, snap, &r->os) < 0) {
    m = NULL; /* the protocol state is then unknown: warning, not error */
    cr_error_clear();
  }
  rc = add_instance_findings(r, res, m);
  cr_tls_machine_free(m);
  if (rc < 0 || (rc = add_driver_findings(r, res)) < 0)
    goto fail;
  sec.name = "sql";
  sec.data = res;
  sec.to_json = sql_json;
  sec.to_text = sql_text;
  sec.free = result_free;
  return cr_report_add_section(r, &sec);
fail:
  result_free(res);
  return rc;
}

