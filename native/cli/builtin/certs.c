/*
 * certs, certs set-purpose, sql set-cert.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

int cmd_certs(const options *o)
{
  cr_snapshot *snap = NULL;
  cr_report *report = NULL;
  char *text = NULL;
  int rc, code = EXIT_CLEAN;
  size_t i;
  if ((rc = open_snapshot(&snap, o)) < 0)
    return fail(o, rc, o->nsnapshots ? "reading the snapshot"
                                     : "reading the live registry");
  if ((code = attach_errorlogs(snap, o)) != 0) {
    cr_snapshot_free(snap);
    return code;
  }
  rc = o->json ? cr_certs_json(&text, snap, o->store)
               : cr_certs_text(&text, snap, o->store);
  if (rc < 0) {
    cr_snapshot_free(snap);
    return fail(o, rc, "reading the certificate store");
  }
  fputs(text, stdout);
  cr_free(text);
  /* Exit 1 when an instance is configured with a weak certificate. */
  if ((!o->store || !cr_stricmp_ascii(o->store, "MY")) &&
      cr_check_certs(&report, snap) == CR_OK) {
    for (i = 0; i < cr_report_finding_count(report); i++)
      if (!strcmp(cr_finding_id(cr_report_finding(report, i)), "CERTHASH001"))
        code = EXIT_FINDINGS;
  }
  cr_report_free(report);
  cr_snapshot_free(snap);
  return code;
}

/* The live snapshot holds LocalMachine\My's Blobs (collect's key list);
 * a plan for a certificate works on the Blob it read. */
int cmd_cert_purpose(const options *o)
{
  cr_snapshot *snap = NULL;
  cr_change *change = NULL;
  int rc, code;
  if (!o->thumbprint || !o->remove_server_auth)
    return usage_error("certs set-purpose needs --thumbprint T and "
                       "--remove-server-auth%s", "");
  if ((rc = open_snapshot(&snap, o)) < 0)
    return fail(o, rc, o->nsnapshots ? "reading the snapshot"
                                     : "reading the live registry");
  if ((rc = cr_cert_purpose_plan(&change, snap, o->thumbprint, NULL)) < 0) {
    cr_snapshot_free(snap);
    return fail(o, rc, "planning the change");
  }
  code = run_change(o, snap, change, "cert-purpose");
  if (!o->json && code == EXIT_CLEAN && !o->what_if)
    printf("Restart SQL Server for it to take effect: Restart-Service "
           "MSSQLSERVER (default instance) or 'MSSQL$<instance>'.\n");
  cr_change_free(change);
  cr_snapshot_free(snap);
  return code;
}

int cmd_sql_set_cert(const options *o)
{
  cr_snapshot *snap = NULL;
  cr_change *change = NULL;
  int rc, code;
  if (!o->instance || !!o->thumbprint + o->clear != 1)
    return usage_error("sql set-cert needs --instance NAME and one of "
                       "--thumbprint T, --clear%s", "");
  if ((rc = open_snapshot(&snap, o)) < 0)
    return fail(o, rc, o->nsnapshots ? "reading the snapshot"
                                     : "reading the live registry");
  if ((rc = cr_sql_cert_plan(&change, snap, o->instance,
                             o->clear ? NULL : o->thumbprint)) < 0) {
    cr_snapshot_free(snap);
    return fail(o, rc, "planning the change");
  }
  code = run_change(o, snap, change, "sql-cert");
  if (!o->json && code == EXIT_CLEAN && !o->what_if)
    printf("Restart the SQL Server service: Restart-Service '%s%s'\n",
           cr_stricmp_ascii(o->instance, "MSSQLSERVER") ? "MSSQL$" : "",
           cr_stricmp_ascii(o->instance, "MSSQLSERVER") ? o->instance
                                                         : "MSSQLSERVER");
  cr_change_free(change);
  cr_snapshot_free(snap);
  return code;
}

