/*
 * trace FILE... [--server HOST[:PORT]] [--client A.reg --server B.reg]:
 * explain the resets and failed handshakes of packet captures, beside
 * the configuration match of the same pair when both snapshots are given.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

/* --server names a snapshot (a .reg file, an existing file, or "live")
 * or a server address for the trace. */
static int is_snapshot_arg(const char *s)
{
  size_t n = strlen(s);
  FILE *f;
  if (!strcmp(s, "live") || (n > 4 && !cr_stricmp_ascii(s + n - 4, ".reg")))
    return 1;
  if ((f = fopen(s, "rb")) != NULL) {
    fclose(f);
    return 1;
  }
  return 0;
}

static int open_side(cr_snapshot **snap, const options *o, const char *arg)
{
  return !strcmp(arg, "live") ? cr_snapshot_open_live(snap)
                              : open_files(snap, o, &arg, 1);
}

static int add_match(const options *o, cr_trace *t, const char *client_arg,
                     const char *server_arg)
{
  cr_snapshot *client = NULL, *server = NULL;
  cr_match_options mo = CR_MATCH_OPTIONS_INIT;
  cr_match *match = NULL;
  int rc, code = 0;
  if ((rc = open_side(&client, o, client_arg)) < 0)
    return fail(o, rc, "reading the client snapshot");
  if ((rc = open_side(&server, o, server_arg)) < 0) {
    cr_snapshot_free(client);
    return fail(o, rc, "reading the server snapshot");
  }
  if ((rc = cr_tls_match(&match, client, server, &mo)) < 0 ||
      (rc = cr_trace_set_match(t, match)) < 0)
    code = fail(o, rc, "matching client and server");
  cr_match_free(match);
  cr_snapshot_free(client);
  cr_snapshot_free(server);
  return code;
}

int cmd_trace(const options *o)
{
  cr_trace_options to = CR_TRACE_OPTIONS_INIT;
  cr_trace *t = NULL;
  const char *server_reg = NULL;
  char *text = NULL;
  size_t i, damaged = 0;
  int rc, code;
  if (o->npositional < 2)
    return usage_error("trace needs at least one capture file (pcap or "
                       "pcapng)%s", "");
  if (o->nsnapshots)
    return usage_error("trace reads captures: use --client and --server "
                       "for snapshots%s", "");
  for (i = 0; i < o->nservers; i++) {
    const char *s = o->servers[i];
    if (is_snapshot_arg(s)) {
      if (server_reg)
        return usage_error("trace takes one --server snapshot%s", "");
      server_reg = s;
    } else {
      if (to.server)
        return usage_error("trace takes one --server address%s", "");
      to.server = s;
    }
  }
  if (o->nclients > 1)
    return usage_error("trace takes one --client snapshot%s", "");
  if (!!o->nclients != !!server_reg)
    return usage_error("--client A.reg and --server B.reg go together%s", "");
  if ((rc = cr_trace_new(&t, &to)) < 0)
    return fail(o, rc, "reading --server");
  for (i = 1; i < o->npositional; i++) {
    if ((rc = cr_trace_add_file(t, o->positional[i])) < 0) {
      /* Reported in the output too; reading goes on with the next file. */
      fprintf(stderr, "connreset: reading the capture: %s\n", cr_error_last());
      damaged++;
    }
  }
  if (o->nclients && (code = add_match(o, t, o->clients[0], server_reg)) != 0) {
    cr_trace_free(t);
    return code;
  }
  rc = o->json ? cr_trace_to_json(&text, t) : cr_trace_to_text(&text, t);
  if (rc < 0) {
    code = fail(o, rc, "rendering the trace");
  } else {
    fputs(text, stdout);
    code = damaged ? EXIT_USAGE
         : cr_trace_worst_severity(t) >= CR_SEVERITY_WARNING ? EXIT_FINDINGS
                                                            : EXIT_CLEAN;
  }
  cr_free(text);
  cr_trace_free(t);
  return code;
}
