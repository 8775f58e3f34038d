/*
 * diagnose, syn, tls (one machine's report) and match / diagnose --client
 * --server (a client/server pair).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

int cmd_report(const options *o, const char *only)
{
  cr_snapshot *snap = NULL;
  cr_report *report = NULL;
  char *text = NULL;
  int rc, code;
  if ((rc = open_snapshot(&snap, o)) < 0)
    return fail(o, rc, o->nsnapshots ? "reading the snapshot"
                                     : "reading the live registry");
  if ((code = attach_errorlogs(snap, o)) != 0) {
    cr_snapshot_free(snap);
    return code;
  }
  rc = !only                  ? cr_diagnose(&report, snap)
       : !strcmp(only, "syn") ? cr_check_syn(&report, snap)
                              : cr_check_tls(&report, snap);
  if (rc < 0) {
    cr_snapshot_free(snap);
    return fail(o, rc, "running the checks");
  }
  rc = o->json ? cr_report_to_json(&text, report)
               : cr_report_to_text(&text, report);
  if (rc < 0) {
    code = fail(o, rc, "rendering the report");
  } else {
    fputs(text, stdout);
    code = cr_report_worst_severity(report) >= CR_SEVERITY_WARNING
             ? EXIT_FINDINGS : EXIT_CLEAN;
  }
  cr_free(text);
  cr_report_free(report);
  cr_snapshot_free(snap);
  return code;
}


/* match, and diagnose of a client/server pair. */
int cmd_pair(const options *o, int full)
{
  cr_snapshot *client = NULL, *server = NULL;
  cr_match_options mo = CR_MATCH_OPTIONS_INIT;
  cr_match *match = NULL;
  cr_report *rc_report = NULL, *rs_report = NULL;
  char *text = NULL, *a = NULL, *b = NULL;
  int rc, code = EXIT_CLEAN;
  if (!o->nclients || !o->nservers)
    return usage_error("give both --client FILE.reg and --server FILE.reg%s", "");
  if (o->nsnapshots)
    return usage_error("use --client and --server instead of --snapshot%s", "");
  if (o->os)
    return usage_error("use --client-os and --server-os instead of --os%s", "");
  if (o->server_key) {
    if (!strcmp(o->server_key, "rsa"))
      mo.server_key = CR_SERVER_KEY_RSA;
    else if (!strcmp(o->server_key, "ecdsa"))
      mo.server_key = CR_SERVER_KEY_ECDSA;
    else
      return usage_error("--server-key is rsa or ecdsa, not '%s'", o->server_key);
  }
  /* "live" stands for this machine's own registry on either side. */
  rc = o->nclients == 1 && !strcmp(o->clients[0], "live")
         ? cr_snapshot_open_live(&client)
         : open_files(&client, o, o->clients, o->nclients);
  if (rc < 0)
    return fail(o, rc, "reading the client snapshot");
  rc = o->nservers == 1 && !strcmp(o->servers[0], "live")
         ? cr_snapshot_open_live(&server)
         : open_files(&server, o, o->servers, o->nservers);
  if (rc < 0) {
    cr_snapshot_free(client);
    return fail(o, rc, "reading the server snapshot");
  }
  if ((code = declare_os(client, o, o->client_os, "--client-os")) != 0 ||
      (code = declare_os(server, o, o->server_os, "--server-os")) != 0)
    goto out;
  rc = cr_tls_match(&match, client, server, &mo);
  if (rc >= 0 && full && (rc = cr_diagnose(&rc_report, client)) >= 0)
    rc = cr_diagnose(&rs_report, server);
  if (rc < 0) {
    code = fail(o, rc, "matching client and server");
    goto out;
  }
  if (o->json) {
    if ((rc = cr_match_to_json(&text, match)) < 0 ||
        (full && ((rc = cr_report_to_json(&a, rc_report)) < 0 ||
                  (rc = cr_report_to_json(&b, rs_report)) < 0))) {
      code = fail(o, rc, "rendering");
      goto out;
    }
    if (full)
      printf("{\n\"schema\": \"connreset.pair/1\",\n\"client\": %s,\n"
             "\"server\": %s,\n\"match\": %s}\n", a, b, text);
    else
      fputs(text, stdout);
  } else {
    if ((rc = cr_match_to_text(&text, match)) < 0 ||
        (full && ((rc = cr_report_to_text(&a, rc_report)) < 0 ||
                  (rc = cr_report_to_text(&b, rs_report)) < 0))) {
      code = fail(o, rc, "rendering");
      goto out;
    }
    if (full)
      printf("=== Client ===\n%s\n=== Server ===\n%s\n=== Client and server ===\n",
             a, b);
    fputs(text, stdout);
  }
  /* Fails and intermittent are findings; undetermined has its own code,
   * unless a machine's own findings already call for action. */
  code = cr_match_outcome(match) == CR_OUTCOME_CONNECTS       ? EXIT_CLEAN
         : cr_match_outcome(match) == CR_OUTCOME_UNDETERMINED ? EXIT_UNDETERMINED
                                                              : EXIT_FINDINGS;
  if (full && (cr_report_worst_severity(rc_report) >= CR_SEVERITY_WARNING ||
               cr_report_worst_severity(rs_report) >= CR_SEVERITY_WARNING))
    code = EXIT_FINDINGS;
out:
  cr_free(text);
  cr_free(a);
  cr_free(b);
  cr_report_free(rc_report);
  cr_report_free(rs_report);
  cr_match_free(match);
  cr_snapshot_free(client);
  cr_snapshot_free(server);
  return code;
}

/* Splits "A,B,C" into `names` (pointers into `buf`). */
