/*
 * connreset - the command line over the public API (connreset.h only).
 *
 * Exit codes (documented in README.md and `connreset help`):
 *   0  clean: no finding of warning or worse, or the change succeeded
 *   1  findings of warning or worse
 *   2  bad usage or unreadable input
 *   3  a change failed and was rolled back (nothing changed)
 *   4  a change failed and rolling it back failed too: import the backup
 */
#include "connreset.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(_WIN32)
# include <direct.h>
# include <windows.h> /* wmain's UTF-16 arguments and a UTF-8 console */
# define cr_mkdir(p) _mkdir(p)
#else
# include <dirent.h>
# include <sys/stat.h>
# define cr_mkdir(p) mkdir((p), 0755)
#endif

enum {
  EXIT_CLEAN = 0,
  EXIT_FINDINGS = 1,
  EXIT_USAGE = 2,
  EXIT_ROLLED_BACK = 3,
  EXIT_ROLLBACK_FAILED = 4
};

#define MAX_SNAPSHOTS 64

typedef struct options {
  const char *snapshots[MAX_SNAPSHOTS];
  size_t nsnapshots;
  int json;
  int what_if;
  const char *backup;
  const char *out;
  int enable, disable, reset;
  long long max_half_open, max_half_open_retried;
  const char *clients[MAX_SNAPSHOTS], *servers[MAX_SNAPSHOTS];
  size_t nclients, nservers;
  const char *server_key;
  const char *protocol, *role, *state;
  const char *add, *remove, *order;
  long long position;
  const char *positional[4];
  size_t npositional;
  const char *store, *thumbprint, *instance;
  int remove_server_auth, clear;
  const char *errorlogs[MAX_SNAPSHOTS]; /* "INSTANCE=FILE" */
  size_t nerrorlogs;
  const char *profile, *pol, *apply_to;
  const char *client_dirs[MAX_SNAPSHOTS], *server_dirs[MAX_SNAPSHOTS];
  size_t nclient_dirs, nserver_dirs;
} options;

static const char usage_text[] =
  "usage: connreset [--snapshot FILE.reg]... [--json] COMMAND [options]\n"
  "\n"
  "Finds and fixes the causes of \"An existing connection was forcibly\n"
  "closed by the remote host\" (error 10054). Without --snapshot it reads\n"
  "the live local registry (Windows only); with it, .reg exports merged\n"
  "in order, on any OS.\n"
  "\n"
  "commands:\n"
  "  diagnose              run every check, findings ranked\n"
  "  diagnose | certs --errorlog INSTANCE=FILE (repeatable)\n"
  "                        the instance's SQL Server ERRORLOG: with no\n"
  "                        certificate configured, its last 26013 line\n"
  "                        names the one it uses (live: read from -e)\n"
  "  syn                   TCP SYN attack protection (family SYN)\n"
  "  syn set --disable | --enable [--max-half-open N]\n"
  "          [--max-half-open-retried N] | --reset\n"
  "          [--what-if] [--backup FILE.reg] [--out FILE.reg]\n"
  "                        change SYN attack protection; with --snapshot,\n"
  "                        writes the fix to --out and touches nothing\n"
  "  tls                   Schannel: protocols per role, the effective\n"
  "                        cipher suites, .NET and WinHTTP settings\n"
  "  tls protocol set --protocol tls1.2 --role client|server|both\n"
  "          --state enabled|disabled|default\n"
  "  tls suites set --order A,B,... | --add NAME [--position N] |\n"
  "          --remove NAME | --reset\n"
  "                        the cipher-suite order, as the Group Policy value\n"
  "  tls dhe disable       remove every TLS_DHE_* suite from the order\n"
  "  match --client A.reg --server B.reg [--server-key rsa|ecdsa]\n"
  "                        can they agree on TLS? (exit 0 yes, 1 no);\n"
  "                        'live' for either file means this machine\n"
  "  diagnose --client A.reg --server B.reg\n"
  "                        both machines and the pair\n"
  "  certs [--store NAME]  the certificates of LocalMachine\\NAME (default\n"
  "                        MY): signature hash, purposes, key, dates, the\n"
  "                        SQL Server instances that use or may pick them\n"
  "                        (exit 1 when an instance uses a weak one)\n"
  "  certs set-purpose --thumbprint T --remove-server-auth\n"
  "          [--what-if] [--backup FILE.reg] [--out FILE.reg]\n"
  "                        disable Server Authentication in a certificate's\n"
  "                        purposes (seed 001); restart SQL Server after\n"
  "  sql set-cert --instance NAME (--thumbprint T | --clear)\n"
  "                        the certificate an instance is configured with\n"
  "  gpo profiles          the named policy profiles of admx/ConnReset.admx\n"
  "  gpo settings --json   the policy table: every policy and what it writes\n"
  "  gpo export --out Registry.pol (--profile NAME | [--snapshot F]...)\n"
  "                        a Registry.pol from a profile, or from the Group\n"
  "                        Policy fixes of this machine's diagnosis\n"
  "  gpo show FILE.pol     the entries of a Registry.pol\n"
  "  gpo whatif (--pol FILE.pol | --profile NAME) --clients DIR|FILE...\n"
  "          --servers DIR|FILE... [--apply-to clients|servers|both]\n"
  "                        the client-server pairs a policy would break or\n"
  "                        fix, and the findings it adds or removes\n"
  "                        (exit 1 when it breaks a pair)\n"
  "  collect -o FILE.reg   write a snapshot of every key the checks read\n"
  "  restore FILE.reg [--what-if] [--backup FILE.reg]\n"
  "                        import a backup (or any .reg), with its own undo\n"
  "  version               print the version\n"
  "\n"
  "exit codes: 0 clean, 1 findings of warning or worse, 2 bad usage or\n"
  "unreadable input, 3 a change failed and was rolled back, 4 a change\n"
  "failed and the rollback failed too (import the backup).\n";

/* ---------------------------------------------------------------- */
/* Output helpers.                                                  */
/* ---------------------------------------------------------------- */

static void json_string(FILE *f, const char *s)
{
  fputc('"', f);
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      fprintf(f, "\\%c", c);
    else if (c == '\n')
      fputs("\\n", f);
    else if (c < 0x20)
      fprintf(f, "\\u%04x", c);
    else
      fputc(c, f);
  }
  fputc('"', f);
}

/* Prints the last error and returns the exit code for it. */
static int fail(const options *o, int rc, const char *doing)
{
  int code = rc == CR_EROLLEDBACK ? EXIT_ROLLED_BACK
           : rc == CR_EROLLBACK   ? EXIT_ROLLBACK_FAILED
                                  : EXIT_USAGE;
  const char *msg = cr_error_last();
  if (!*msg)
    msg = cr_strerror(rc);
  fprintf(stderr, "connreset: %s: %s\n", doing, msg);
  if (o && o->json) {
    printf("{\n  \"error\": {\n    \"code\": ");
    json_string(stdout, cr_err_name(rc));
    printf(",\n    \"doing\": ");
    json_string(stdout, doing);
    printf(",\n    \"message\": ");
    json_string(stdout, msg);
    printf("\n  }\n}\n");
  }
  return code;
}

static int usage_error(const char *fmt, const char *arg)
{
  fprintf(stderr, "connreset: ");
  fprintf(stderr, fmt, arg ? arg : "");
  fprintf(stderr, "\nRun 'connreset help' for usage.\n");
  return EXIT_USAGE;
}

/* ---------------------------------------------------------------- */
/* Arguments.                                                       */
/* ---------------------------------------------------------------- */

static int cr_stricmp_ascii(const char *a, const char *b)
{
  for (; *a && *b; a++, b++) {
    int x = (*a >= 'a' && *a <= 'z') ? *a - 32 : *a;
    int y = (*b >= 'a' && *b <= 'z') ? *b - 32 : *b;
    if (x != y)
      return x - y;
  }
  return (unsigned char)*a - (unsigned char)*b;
}

static int parse_number(long long *out, const char *opt, const char *s)
{
  char *end;
  long long v;
  if (!s)
    return usage_error("%s needs a number", opt);
  errno = 0;
  v = strtoll(s, &end, 10);
  if (errno || *end || end == s || v < 0)
    return usage_error("not a non-negative number: '%s'", s);
  *out = v;
  return 0;
}

static int parse_args(options *o, int argc, char **argv)
{
  int i;
  memset(o, 0, sizeof *o);
  o->max_half_open = o->max_half_open_retried = -1;
  o->position = -1;
  for (i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *next = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--snapshot") || !strcmp(a, "-s")) {
      if (!next)
        return usage_error("--snapshot needs a file", NULL);
      if (o->nsnapshots == MAX_SNAPSHOTS)
        return usage_error("too many --snapshot files", NULL);
      o->snapshots[o->nsnapshots++] = next;
      i++;
    } else if (!strcmp(a, "--json")) {
      o->json = 1;
    } else if (!strcmp(a, "--what-if") || !strcmp(a, "--whatif")) {
      o->what_if = 1;
    } else if (!strcmp(a, "--backup")) {
      if (!next)
        return usage_error("--backup needs a file", NULL);
      o->backup = next;
      i++;
    } else if (!strcmp(a, "--out") || !strcmp(a, "-o")) {
      if (!next)
        return usage_error("%s needs a file", a);
      o->out = next;
      i++;
    } else if (!strcmp(a, "--enable")) {
      o->enable = 1;
    } else if (!strcmp(a, "--disable")) {
      o->disable = 1;
    } else if (!strcmp(a, "--reset")) {
      o->reset = 1;
    } else if (!strcmp(a, "--max-half-open")) {
      if (parse_number(&o->max_half_open, a, next))
        return EXIT_USAGE;
      i++;
    } else if (!strcmp(a, "--max-half-open-retried")) {
      if (parse_number(&o->max_half_open_retried, a, next))
        return EXIT_USAGE;
      i++;
    } else if (!strcmp(a, "--client") || !strcmp(a, "--server")) {
      const char **list = a[2] == 'c' ? o->clients : o->servers;
      size_t *n = a[2] == 'c' ? &o->nclients : &o->nservers;
      if (!next)
        return usage_error("%s needs a .reg file", a);
      if (*n == MAX_SNAPSHOTS)
        return usage_error("too many %s files", a);
      list[(*n)++] = next;
      i++;
    } else if (!strcmp(a, "--server-key") || !strcmp(a, "--protocol") ||
               !strcmp(a, "--role") || !strcmp(a, "--state") ||
               !strcmp(a, "--add") || !strcmp(a, "--remove") ||
               !strcmp(a, "--order")) {
      if (!next)
        return usage_error("%s needs a value", a);
      if (!strcmp(a, "--server-key")) o->server_key = next;
      else if (!strcmp(a, "--protocol")) o->protocol = next;
      else if (!strcmp(a, "--role")) o->role = next;
      else if (!strcmp(a, "--state")) o->state = next;
      else if (!strcmp(a, "--add")) o->add = next;
      else if (!strcmp(a, "--remove")) o->remove = next;
      else o->order = next;
      i++;
    } else if (!strcmp(a, "--store") || !strcmp(a, "--thumbprint") ||
               !strcmp(a, "--instance")) {
      if (!next)
        return usage_error("%s needs a value", a);
      if (!strcmp(a, "--store")) o->store = next;
      else if (!strcmp(a, "--thumbprint")) o->thumbprint = next;
      else o->instance = next;
      i++;
    } else if (!strcmp(a, "--errorlog")) {
      const char *eq = next ? strchr(next, '=') : NULL;
      if (!eq || eq == next || !eq[1])
        return usage_error("--errorlog needs INSTANCE=FILE%s", "");
      if (o->nerrorlogs == MAX_SNAPSHOTS)
        return usage_error("too many --errorlog files%s", "");
      o->errorlogs[o->nerrorlogs++] = next;
      i++;
    } else if (!strcmp(a, "--profile") || !strcmp(a, "--pol") ||
               !strcmp(a, "--apply-to")) {
      if (!next)
        return usage_error("%s needs a value", a);
      if (!strcmp(a, "--profile")) o->profile = next;
      else if (!strcmp(a, "--pol")) o->pol = next;
      else o->apply_to = next;
      i++;
    } else if (!strcmp(a, "--clients") || !strcmp(a, "--servers")) {
      const char **list = a[2] == 'c' ? o->client_dirs : o->server_dirs;
      size_t *n = a[2] == 'c' ? &o->nclient_dirs : &o->nserver_dirs;
      if (!next)
        return usage_error("%s needs a directory or a .reg file", a);
      if (*n == MAX_SNAPSHOTS)
        return usage_error("too many %s arguments", a);
      list[(*n)++] = next;
      i++;
    } else if (!strcmp(a, "--remove-server-auth")) {
      o->remove_server_auth = 1;
    } else if (!strcmp(a, "--clear")) {
      o->clear = 1;
    } else if (!strcmp(a, "--position")) {
      if (parse_number(&o->position, a, next))
        return EXIT_USAGE;
      i++;
    } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      o->positional[0] = "help";
      o->npositional = 1;
      return 0;
    } else if (a[0] == '-' && a[1]) {
      return usage_error("unknown option '%s'", a);
    } else {
      if (o->npositional == 4)
        return usage_error("unexpected argument '%s'", a);
      o->positional[o->npositional++] = a;
    }
  }
  return 0;
}

static int open_snapshot(cr_snapshot **snap, const options *o)
{
  if (o->nsnapshots)
    return cr_snapshot_open_files(snap, o->snapshots, o->nsnapshots);
  return cr_snapshot_open_live(snap);
}

/* Attaches the --errorlog files; prints the error and returns its exit
 * code, or 0. */
static int attach_errorlogs(cr_snapshot *snap, const options *o)
{
  size_t i;
  for (i = 0; i < o->nerrorlogs; i++) {
    const char *eq = strchr(o->errorlogs[i], '=');
    size_t n = (size_t)(eq - o->errorlogs[i]);
    char name[256];
    int rc;
    if (n >= sizeof name)
      return usage_error("instance name too long in --errorlog '%s'",
                         o->errorlogs[i]);
    memcpy(name, o->errorlogs[i], n);
    name[n] = '\0';
    if ((rc = cr_snapshot_add_errorlog(snap, name, eq + 1)) < 0)
      return fail(o, rc, "reading the ERRORLOG");
  }
  return 0;
}

/* ---------------------------------------------------------------- */
/* diagnose / syn                                                   */
/* ---------------------------------------------------------------- */

static int cmd_report(const options *o, const char *only)
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

/* ---------------------------------------------------------------- */
/* Changes (syn set, restore).                                      */
/* ---------------------------------------------------------------- */

/* %ProgramData%\ConnReset\Backups\<what>-<time>.reg on Windows, else
 * ./connreset-<what>-<time>.reg (live changes only happen on Windows). */
static int default_backup_path(char *buf, size_t size, const char *what)
{
  char stamp[32];
  time_t now = time(NULL);
  const char *base = getenv("ProgramData");
  struct tm *tm = localtime(&now);
  strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", tm);
  if (base && *base) {
    char dir[1024];
    snprintf(dir, sizeof dir, "%s\\ConnReset", base);
    cr_mkdir(dir);
    snprintf(dir, sizeof dir, "%s\\ConnReset\\Backups", base);
    cr_mkdir(dir);
    snprintf(buf, size, "%s\\%s-%s.reg", dir, what, stamp);
  } else {
    snprintf(buf, size, "connreset-%s-%s.reg", what, stamp);
  }
  return 0;
}

static void print_result_json(const char *plan_json, const options *o,
                              const char *result, const char *backup,
                              const char *message)
{
  printf("{\n  \"schema\": \"connreset.change-result/1\",\n  \"whatIf\": %s,"
         "\n  \"result\": ", o->what_if ? "true" : "false");
  json_string(stdout, result);
  printf(",\n  \"backup\": ");
  if (backup)
    json_string(stdout, backup);
  else
    printf("null");
  printf(",\n  \"out\": ");
  if (o->out)
    json_string(stdout, o->out);
  else
    printf("null");
  printf(",\n  \"message\": ");
  json_string(stdout, message ? message : "");
  printf(",\n  \"plan\": %s}\n", plan_json);
}

/* The common tail of every change: what-if, snapshot mode, or live. */
static int run_change(const options *o, cr_snapshot *snap, cr_change *change,
                      const char *what)
{
  char *plan_text = NULL, *plan_json = NULL, backup_buf[1100];
  const char *backup = o->backup;
  const char *result = "ok";
  char message[2300] = "";
  int rc, code = EXIT_CLEAN;

  if ((rc = cr_change_describe(&plan_text, change, snap)) < 0 ||
      (rc = cr_change_to_json(&plan_json, change, snap)) < 0) {
    code = fail(o, rc, "describing the change");
    goto out;
  }
  if (o->what_if) {
    result = "what-if";
    snprintf(message, sizeof message, "What if: nothing was written.");
  } else if (cr_change_op_count(change) == 0) {
    result = "no-change";
    snprintf(message, sizeof message, "Nothing to do.");
  } else if (o->nsnapshots) {
    if (!o->out) {
      code = usage_error("with --snapshot a change is written as a .reg "
                         "file: give --out FILE.reg%s", "");
      goto out;
    }
    if (backup && (rc = cr_change_write_backup(change, snap, backup)) < 0) {
      code = fail(o, rc, "writing the undo .reg");
      goto out;
    }
    if ((rc = cr_change_write_reg(change, o->out)) < 0) {
      code = fail(o, rc, "writing the fix .reg");
      goto out;
    }
    result = "written";
    snprintf(message, sizeof message, "Fix written to %s; nothing was "
             "changed. Apply it on the machine with: reg import \"%s\"%s%s",
             o->out, o->out, backup ? "; undo with the backup " : "",
             backup ? backup : "");
  } else {
    if (!backup) {
      default_backup_path(backup_buf, sizeof backup_buf, what);
      backup = backup_buf;
    }
    rc = cr_change_apply_live(change, backup);
    if (rc < 0) {
      result = rc == CR_EROLLEDBACK ? "rolled-back"
             : rc == CR_EROLLBACK   ? "rollback-failed"
                                    : "failed";
      snprintf(message, sizeof message, "%s", cr_error_last());
      code = rc == CR_EROLLEDBACK ? EXIT_ROLLED_BACK
           : rc == CR_EROLLBACK   ? EXIT_ROLLBACK_FAILED
                                  : EXIT_USAGE;
      fprintf(stderr, "connreset: %s\n", message);
    } else {
      result = "applied";
      snprintf(message, sizeof message, "Applied and verified. Backup: %s "
               "(undo with: connreset restore \"%s\").", backup, backup);
    }
  }
  if (o->json) {
    print_result_json(plan_json, o, result,
                      strcmp(result, "what-if") && strcmp(result, "no-change")
                        ? backup : NULL,
                      message);
  } else {
    fputs(plan_text, stdout);
    printf("%s\n", message);
  }
out:
  cr_free(plan_text);
  cr_free(plan_json);
  return code;
}

static int cmd_syn_set(const options *o)
{
  cr_syn_options so = CR_SYN_OPTIONS_INIT;
  cr_snapshot *snap = NULL;
  cr_change *change = NULL;
  int rc, code;
  if (o->enable + o->disable + o->reset != 1)
    return usage_error("syn set needs exactly one of --enable, --disable, "
                       "--reset%s", "");
  so.action = o->enable ? CR_SYN_ENABLE
            : o->disable ? CR_SYN_DISABLE : CR_SYN_RESET;
  so.max_half_open = o->max_half_open;
  so.max_half_open_retried = o->max_half_open_retried;
  if ((rc = open_snapshot(&snap, o)) < 0)
    return fail(o, rc, o->nsnapshots ? "reading the snapshot"
                                     : "reading the live registry");
  if ((rc = cr_syn_plan(&change, snap, &so)) < 0) {
    cr_snapshot_free(snap);
    return fail(o, rc, "planning the change");
  }
  code = run_change(o, snap, change, "syn");
  cr_change_free(change);
  cr_snapshot_free(snap);
  return code;
}

static int cmd_restore(const options *o)
{
  cr_snapshot *snap = NULL;
  cr_change *change = NULL;
  int rc, code;
  if (o->npositional != 2)
    return usage_error("restore needs one .reg file%s", "");
  if ((rc = cr_change_from_file(&change, o->positional[1])) < 0)
    return fail(o, rc, "reading the backup");
  if (o->nsnapshots) {
    if ((rc = open_snapshot(&snap, o)) < 0) {
      cr_change_free(change);
      return fail(o, rc, "reading the snapshot");
    }
  } else {
    /* Describe against the live state of exactly the keys it touches. */
    rc = cr_change_capture_live(&snap, change);
  }
  if (rc < 0) {
    cr_change_free(change);
    return fail(o, rc, "reading the current state");
  }
  code = run_change(o, snap, change, "restore");
  cr_change_free(change);
  cr_snapshot_free(snap);
  return code;
}

/* match, and diagnose of a client/server pair. */
static int cmd_pair(const options *o, int full)
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
         : cr_snapshot_open_files(&client, o->clients, o->nclients);
  if (rc < 0)
    return fail(o, rc, "reading the client snapshot");
  rc = o->nservers == 1 && !strcmp(o->servers[0], "live")
         ? cr_snapshot_open_live(&server)
         : cr_snapshot_open_files(&server, o->servers, o->nservers);
  if (rc < 0) {
    cr_snapshot_free(client);
    return fail(o, rc, "reading the server snapshot");
  }
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
  code = cr_match_can_connect(match) ? EXIT_CLEAN : EXIT_FINDINGS;
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
static size_t split_list(char *buf, const char **names, size_t max)
{
  size_t n = 0;
  char *p = buf, *comma;
  while (p && *p && n < max) {
    comma = strchr(p, ',');
    if (comma)
      *comma = '\0';
    while (*p == ' ')
      p++;
    if (*p)
      names[n++] = p;
    p = comma ? comma + 1 : NULL;
  }
  return n;
}

static int cmd_tls_set(const options *o, const char *what)
{
  cr_snapshot *snap = NULL;
  cr_change *change = NULL;
  int rc, code;
  if (!strcmp(what, "protocol") && (!o->protocol || !o->role || !o->state))
    return usage_error("tls protocol set needs --protocol, --role and "
                       "--state%s", "");
  if (!strcmp(what, "suites") &&
      (!!o->order + !!o->add + !!o->remove + o->reset) != 1)
    return usage_error("tls suites set needs one of --order, --add, --remove, "
                       "--reset%s", "");
  if ((rc = open_snapshot(&snap, o)) < 0)
    return fail(o, rc, o->nsnapshots ? "reading the snapshot"
                                     : "reading the live registry");
  if (!strcmp(what, "protocol")) {
    rc = cr_tls_protocol_plan(&change, snap, o->protocol, o->role, o->state);
  } else if (!strcmp(what, "dhe")) {
    rc = cr_tls_dhe_disable_plan(&change, snap);
  } else if (o->reset) {
    rc = cr_tls_suites_reset_plan(&change, snap);
  } else if (o->order) {
    const char *names[512];
    char *buf = malloc(strlen(o->order) + 1);
    size_t n;
    if (!buf) {
      cr_snapshot_free(snap);
      return EXIT_USAGE;
    }
    strcpy(buf, o->order);
    n = split_list(buf, names, sizeof names / sizeof names[0]);
    rc = cr_tls_suites_plan(&change, snap, names, n);
    free(buf);
  } else {
    rc = cr_tls_suites_edit_plan(&change, snap, o->add,
                                 o->add ? (int)o->position : -1, o->remove);
  }
  if (rc < 0) {
    cr_snapshot_free(snap);
    return fail(o, rc, "planning the change");
  }
  code = run_change(o, snap, change, "tls");
  cr_change_free(change);
  cr_snapshot_free(snap);
  return code;
}

/* ---------------------------------------------------------------- */
/* certs, certs set-purpose, sql set-cert                           */
/* ---------------------------------------------------------------- */

static int cmd_certs(const options *o)
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
static int cmd_cert_purpose(const options *o)
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

static int cmd_sql_set_cert(const options *o)
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

static int cmd_collect(const options *o)
{
  cr_snapshot *snap = NULL;
  int rc;
  if (!o->out)
    return usage_error("collect needs -o FILE.reg%s", "");
  if ((rc = open_snapshot(&snap, o)) < 0)
    return fail(o, rc, o->nsnapshots ? "reading the snapshot"
                                     : "reading the live registry");
  rc = cr_snapshot_save(snap, o->out);
  if (rc < 0) {
    cr_snapshot_free(snap);
    return fail(o, rc, "writing the snapshot");
  }
  if (o->json) {
    printf("{\n  \"schema\": \"connreset.collect/1\",\n  \"out\": ");
    json_string(stdout, o->out);
    printf(",\n  \"keys\": %zu,\n  \"values\": %zu\n}\n",
           cr_snapshot_key_count(snap), cr_snapshot_value_count(snap));
  } else {
    printf("Wrote %s: %zu keys, %zu values.\n", o->out,
           cr_snapshot_key_count(snap), cr_snapshot_value_count(snap));
  }
  cr_snapshot_free(snap);
  return EXIT_CLEAN;
}

/* ---------------------------------------------------------------- */
/* gpo                                                              */
/* ---------------------------------------------------------------- */

typedef struct path_list {
  char **v;
  size_t n;
} path_list;

static void path_list_free(path_list *l)
{
  size_t i;
  for (i = 0; i < l->n; i++)
    free(l->v[i]);
  free(l->v);
  l->v = NULL;
  l->n = 0;
}

static int path_list_add(path_list *l, const char *dir, const char *name)
{
  size_t len = strlen(dir) + 1 + strlen(name) + 1;
  char **p = realloc(l->v, (l->n + 1) * sizeof *p);
  if (!p)
    return -1;
  l->v = p;
  if (!(p[l->n] = malloc(len)))
    return -1;
  if (*name)
    snprintf(p[l->n], len, "%s/%s", dir, name);
  else
    snprintf(p[l->n], len, "%s", dir);
  l->n++;
  return 0;
}

static int ends_with_reg(const char *name)
{
  size_t n = strlen(name);
  return n > 4 && cr_stricmp_ascii(name + n - 4, ".reg") == 0;
}

static int path_cmp(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.reg files of a directory (one machine each), sorted; a path that
 * is not a directory is taken as one file. -1 when it cannot be read. */
static int list_snapshots(path_list *l, const char *path)
{
  size_t first = l->n;
#if defined(_WIN32)
  wchar_t wpattern[1024];
  struct _wfinddata64_t fd;
  intptr_t h;
  char pattern[1024];
  DWORD attr;
  int n = MultiByteToWideChar(CP_UTF8, 0, path, -1, wpattern, 1000);
  if (n <= 0)
    return -1;
  attr = GetFileAttributesW(wpattern);
  if (attr == INVALID_FILE_ATTRIBUTES)
    return -1;
  if (!(attr & FILE_ATTRIBUTE_DIRECTORY))
    return path_list_add(l, path, "");
  snprintf(pattern, sizeof pattern, "%s\\*.reg", path);
  if (MultiByteToWideChar(CP_UTF8, 0, pattern, -1, wpattern, 1024) <= 0)
    return -1;
  h = _wfindfirst64(wpattern, &fd);
  if (h != -1) {
    do {
      char name[1024];
      if (fd.attrib & _A_SUBDIR)
        continue;
      if (WideCharToMultiByte(CP_UTF8, 0, fd.name, -1, name, sizeof name,
                              NULL, NULL) <= 0 || !ends_with_reg(name))
        continue;
      if (path_list_add(l, path, name) < 0) {
        _findclose(h);
        return -1;
      }
    } while (_wfindnext64(h, &fd) == 0);
    _findclose(h);
  }
#else
  struct stat st;
  DIR *d;
  struct dirent *e;
  if (stat(path, &st) != 0)
    return -1;
  if (!S_ISDIR(st.st_mode))
    return path_list_add(l, path, "");
  if (!(d = opendir(path)))
    return -1;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.' || !ends_with_reg(e->d_name))
      continue;
    if (path_list_add(l, path, e->d_name) < 0) {
      closedir(d);
      return -1;
    }
  }
  closedir(d);
#endif
  if (l->n > first) /* qsort wants a valid pointer even for no items */
    qsort(l->v + first, l->n - first, sizeof *l->v, path_cmp);
  return 0;
}

/* Opens one snapshot per file of the given directories/files. */
static int open_machines(const options *o, cr_snapshot ***out, size_t *n,
                         const char *const *args, size_t nargs,
                         const char *flag)
{
  path_list files = { NULL, 0 };
  cr_snapshot **v = NULL;
  size_t i;
  int rc;
  *out = NULL;
  *n = 0;
  for (i = 0; i < nargs; i++) {
    if (list_snapshots(&files, args[i]) < 0) {
      path_list_free(&files);
      fprintf(stderr, "connreset: %s %s: cannot read it\n", flag, args[i]);
      return EXIT_USAGE;
    }
  }
  if (!files.n) {
    path_list_free(&files);
    return usage_error("%s: no .reg snapshot found", flag);
  }
  if (!(v = calloc(files.n, sizeof *v))) {
    path_list_free(&files);
    return EXIT_USAGE;
  }
  for (i = 0; i < files.n; i++) {
    const char *one[1];
    one[0] = files.v[i];
    if ((rc = cr_snapshot_open_files(&v[i], one, 1)) < 0) {
      size_t k;
      int code = fail(o, rc, "reading a snapshot");
      for (k = 0; k < i; k++)
        cr_snapshot_free(v[k]);
      free(v);
      path_list_free(&files);
      return code;
    }
  }
  *out = v;
  *n = files.n;
  path_list_free(&files);
  return 0;
}

static void free_machines(cr_snapshot **v, size_t n)
{
  size_t i;
  for (i = 0; v && i < n; i++)
    cr_snapshot_free(v[i]);
  free(v);
}

static int print_string(const options *o, int rc, char *text,
                        const char *doing)
{
  if (rc < 0)
    return fail(o, rc, doing);
  fputs(text, stdout);
  cr_free(text);
  return EXIT_CLEAN;
}

/* The policy for export/whatif: --profile, --pol, or the diagnosis. */
static int load_policy(const options *o, cr_regpol **pol, int allow_report)
{
  cr_snapshot *snap = NULL;
  cr_report *report = NULL;
  int rc, code;
  if (o->profile && o->pol)
    return usage_error("give --profile or --pol, not both%s", "");
  if (o->profile) {
    if ((rc = cr_gpo_profile_policy(pol, o->profile)) < 0)
      return fail(o, rc, "building the profile's policy");
    return 0;
  }
  if (o->pol) {
    if ((rc = cr_regpol_open(pol, o->pol)) < 0)
      return fail(o, rc, "reading the policy file");
    return 0;
  }
  if (!allow_report)
    return usage_error("give --pol FILE.pol or --profile NAME%s", "");
  if ((rc = open_snapshot(&snap, o)) < 0)
    return fail(o, rc, o->nsnapshots ? "reading the snapshot"
                                     : "reading the live registry");
  if ((code = attach_errorlogs(snap, o)) != 0) {
    cr_snapshot_free(snap);
    return code;
  }
  rc = cr_diagnose(&report, snap);
  if (rc >= 0)
    rc = cr_gpo_report_policy(pol, report);
  cr_report_free(report);
  cr_snapshot_free(snap);
  if (rc < 0)
    return fail(o, rc, "collecting the Group Policy fixes");
  return 0;
}

static const char *type_name(uint32_t type)
{
  switch (type) {
  case CR_REG_SZ: return "REG_SZ";
  case CR_REG_EXPAND_SZ: return "REG_EXPAND_SZ";
  case CR_REG_BINARY: return "REG_BINARY";
  case CR_REG_DWORD: return "REG_DWORD";
  case CR_REG_MULTI_SZ: return "REG_MULTI_SZ";
  case CR_REG_QWORD: return "REG_QWORD";
  default: return "REG_OTHER";
  }
}

static int print_policy(const options *o, const cr_regpol *pol)
{
  char *json = NULL;
  size_t i;
  int rc;
  if (o->json) {
    rc = cr_regpol_to_json(&json, pol);
    return print_string(o, rc, json, "rendering the policy");
  }
  for (i = 0; i < cr_regpol_count(pol); i++) {
    const char *key, *value;
    const void *data;
    uint32_t type;
    size_t len;
    if ((rc = cr_regpol_entry(&key, &value, &type, &data, &len, pol, i)) < 0)
      return fail(o, rc, "reading the policy");
    printf("  [HKLM\\%s] \"%s\" %s", key, value, type_name(type));
    if (type == CR_REG_DWORD && len == 4) {
      const unsigned char *d = data;
      printf(" = %lu", (unsigned long)d[0] | (unsigned long)d[1] << 8 |
                       (unsigned long)d[2] << 16 | (unsigned long)d[3] << 24);
    } else if (type == CR_REG_SZ && len >= 2) {
      const unsigned char *d = data;
      size_t k;
      printf(" = \"");
      /* ASCII as is; anything else as a \\u escape so any console shows it. */
      for (k = 0; k + 1 < len && (d[k] || d[k + 1]); k += 2) {
        unsigned u = d[k] | (unsigned)d[k + 1] << 8;
        if (u >= 0x20 && u < 0x7f)
          putchar((int)u);
        else
          printf("\\u%04x", u);
      }
      printf("\"");
    } else {
      printf(" (%zu bytes)", len);
    }
    putchar('\n');
  }
  return EXIT_CLEAN;
}

static int cmd_gpo(const options *o)
{
  const char *sub = o->npositional > 1 ? o->positional[1] : "";
  cr_regpol *pol = NULL;
  char *text = NULL;
  size_t i;
  int rc, code;
  if (!strcmp(sub, "profiles") && o->npositional == 2) {
    if (o->json) {
      printf("{\n  \"profiles\": [");
      for (i = 0; i < cr_gpo_profile_count(); i++) {
        printf("%s\n    { \"name\": ", i ? "," : "");
        json_string(stdout, cr_gpo_profile_name(i));
        printf(", \"description\": ");
        json_string(stdout, cr_gpo_profile_description(i));
        printf(" }");
      }
      printf("\n  ]\n}\n");
    } else {
      for (i = 0; i < cr_gpo_profile_count(); i++)
        printf("%-22s %s\n", cr_gpo_profile_name(i),
               cr_gpo_profile_description(i));
    }
    return EXIT_CLEAN;
  }
  if (!strcmp(sub, "settings") && o->npositional == 2) {
    rc = cr_gpo_settings_json(&text);
    return print_string(o, rc, text, "rendering the policy table");
  }
  if (!strcmp(sub, "show") && o->npositional == 3) {
    if ((rc = cr_regpol_open(&pol, o->positional[2])) < 0)
      return fail(o, rc, "reading the policy file");
    if (!o->json)
      printf("%s: %zu entries (Registry.pol, keys under HKLM)\n",
             o->positional[2], cr_regpol_count(pol));
    code = print_policy(o, pol);
    cr_regpol_free(pol);
    return code;
  }
  if (!strcmp(sub, "export") && o->npositional == 2) {
    if (!o->out)
      return usage_error("gpo export needs --out Registry.pol%s", "");
    if (o->pol)
      return usage_error("gpo export takes --profile or snapshots, not --pol%s", "");
    if ((code = load_policy(o, &pol, 1)) != 0)
      return code;
    if ((rc = cr_regpol_save(pol, o->out)) < 0) {
      cr_regpol_free(pol);
      return fail(o, rc, "writing the policy file");
    }
    if (o->json) {
      code = print_policy(o, pol);
    } else {
      printf("Wrote %s: %zu entries%s.\n", o->out, cr_regpol_count(pol),
             o->profile ? "" : " from the diagnosis's Group Policy fixes");
      code = print_policy(o, pol);
      printf("Copy it to <GPO>\\Machine\\Registry.pol (or import it with "
             "LGPO.exe /m) and check it first with 'connreset gpo whatif'.\n");
    }
    cr_regpol_free(pol);
    return code;
  }
  if (!strcmp(sub, "whatif") && o->npositional == 2) {
    cr_snapshot **clients = NULL, **servers = NULL;
    size_t nclients = 0, nservers = 0;
    cr_gpo_apply_to to = CR_GPO_APPLY_BOTH;
    cr_gpo_whatif *w = NULL;
    if (!o->nclient_dirs || !o->nserver_dirs)
      return usage_error("gpo whatif needs --clients DIR and --servers DIR%s", "");
    if (o->apply_to) {
      if (!strcmp(o->apply_to, "clients")) to = CR_GPO_APPLY_CLIENTS;
      else if (!strcmp(o->apply_to, "servers")) to = CR_GPO_APPLY_SERVERS;
      else if (!strcmp(o->apply_to, "both")) to = CR_GPO_APPLY_BOTH;
      else return usage_error("--apply-to is clients, servers or both, not '%s'",
                              o->apply_to);
    }
    if ((code = load_policy(o, &pol, 0)) != 0)
      return code;
    if ((code = open_machines(o, &clients, &nclients, o->client_dirs,
                              o->nclient_dirs, "--clients")) != 0 ||
        (code = open_machines(o, &servers, &nservers, o->server_dirs,
                              o->nserver_dirs, "--servers")) != 0) {
      free_machines(clients, nclients);
      cr_regpol_free(pol);
      return code;
    }
    rc = cr_gpo_whatif_run(&w, pol, (const cr_snapshot *const *)clients,
                           nclients, (const cr_snapshot *const *)servers,
                           nservers, to);
    free_machines(clients, nclients);
    free_machines(servers, nservers);
    cr_regpol_free(pol);
    if (rc < 0)
      return fail(o, rc, "running the what-if");
    rc = o->json ? cr_gpo_whatif_to_json(&text, w)
                 : cr_gpo_whatif_to_text(&text, w);
    code = print_string(o, rc, text, "rendering the what-if");
    if (code == EXIT_CLEAN && cr_gpo_whatif_broken_count(w) > 0)
      code = EXIT_FINDINGS;
    cr_gpo_whatif_free(w);
    return code;
  }
  return usage_error("unknown gpo command; see 'connreset help'%s", "");
}

static int run_main(int argc, char **argv)
{
  options o;
  const char *cmd;
  int rc = parse_args(&o, argc, argv);
  if (rc)
    return rc;
  cmd = o.npositional ? o.positional[0] : "help";
  if (!strcmp(cmd, "help")) {
    fputs(usage_text, stdout);
    return o.npositional ? EXIT_CLEAN : EXIT_USAGE;
  }
  if (!strcmp(cmd, "version")) {
    printf("connreset %s\n", cr_version());
    return EXIT_CLEAN;
  }
  if (!strcmp(cmd, "diagnose") && o.npositional == 1)
    return o.nclients || o.nservers ? cmd_pair(&o, 1) : cmd_report(&o, NULL);
  if (!strcmp(cmd, "match") && o.npositional == 1)
    return cmd_pair(&o, 0);
  if (!strcmp(cmd, "syn") && o.npositional == 1)
    return cmd_report(&o, "syn");
  if (!strcmp(cmd, "tls") && o.npositional == 1)
    return cmd_report(&o, "tls");
  if (!strcmp(cmd, "tls") && o.npositional == 3 &&
      !strcmp(o.positional[2], "set") &&
      (!strcmp(o.positional[1], "protocol") || !strcmp(o.positional[1], "suites")))
    return cmd_tls_set(&o, o.positional[1]);
  if (!strcmp(cmd, "tls") && o.npositional == 3 &&
      !strcmp(o.positional[1], "dhe") && !strcmp(o.positional[2], "disable"))
    return cmd_tls_set(&o, "dhe");
  if (!strcmp(cmd, "syn") && o.npositional == 2 &&
      !strcmp(o.positional[1], "set"))
    return cmd_syn_set(&o);
  if (!strcmp(cmd, "certs") && o.npositional == 1)
    return cmd_certs(&o);
  if (!strcmp(cmd, "certs") && o.npositional == 2 &&
      !strcmp(o.positional[1], "set-purpose"))
    return cmd_cert_purpose(&o);
  if (!strcmp(cmd, "sql") && o.npositional == 2 &&
      !strcmp(o.positional[1], "set-cert"))
    return cmd_sql_set_cert(&o);
  if (!strcmp(cmd, "gpo"))
    return cmd_gpo(&o);
  if (!strcmp(cmd, "collect") && o.npositional == 1)
    return cmd_collect(&o);
  if (!strcmp(cmd, "restore"))
    return cmd_restore(&o);
  return usage_error("unknown command '%s'", cmd);
}

#if defined(_WIN32)
/* Arguments arrive as UTF-16 so any path works; the API takes UTF-8. */
int wmain(int argc, wchar_t **wargv)
{
  char **argv = calloc((size_t)argc + 1, sizeof *argv);
  int i, rc;
  if (!argv)
    return EXIT_USAGE;
  for (i = 0; i < argc; i++) {
    int n = WideCharToMultiByte(CP_UTF8, 0, wargv[i], -1, NULL, 0, NULL, NULL);
    argv[i] = malloc(n > 0 ? (size_t)n : 1);
    if (!argv[i])
      return EXIT_USAGE;
    if (n <= 0 || !WideCharToMultiByte(CP_UTF8, 0, wargv[i], -1, argv[i], n,
                                       NULL, NULL))
      argv[i][0] = '\0';
  }
  SetConsoleOutputCP(CP_UTF8);
  rc = run_main(argc, argv);
  for (i = 0; i < argc; i++)
    free(argv[i]);
  free(argv);
  return rc;
}
#else
int main(int argc, char **argv) { return run_main(argc, argv); }
#endif
