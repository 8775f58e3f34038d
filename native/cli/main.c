/*
 * connreset - the command line over the public API (connreset.h only).
 * This file parses the arguments and dispatches; each command family
 * lives in builtin/<family>.c (as git's builtin/ does).
 *
 * Exit codes (documented in README.md and `connreset help`):
 *   0  clean: no finding of warning or worse, or the change succeeded
 *   1  findings of warning or worse
 *   2  bad usage or unreadable input
 *   3  a change failed and was rolled back (nothing changed)
 *   4  a change failed and rolling it back failed too: import the backup
 *   5  match, diagnose --client --server: the outcome is undetermined (the
 *      snapshots do not say enough; the output says what to supply)
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(_WIN32)
# include <windows.h> /* wmain's UTF-16 arguments and a UTF-8 console */
#endif

static const char usage_text[] =
  "usage: connreset [--snapshot FILE.reg]... [--os NAME] [--strict] [--json]\n"
  "                 COMMAND [options]\n"
  "\n"
  "Finds and fixes the causes of \"An existing connection was forcibly\n"
  "closed by the remote host\" (error 10054). Without --snapshot it reads\n"
  "the live local registry (Windows only); with it, .reg exports merged\n"
  "in order, on any OS, as reg import reads them: a line it skips is\n"
  "skipped with a warning (file:line) on stderr; --strict refuses the file\n"
  "at the first such line instead. --os names the Windows of a snapshot\n"
  "that does not say (a hand-written .reg), e.g. --os \"Windows Server\n"
  "2016\" or --os \"Windows 10 22H2 10.0.19045.4529\"; 'connreset\n"
  "os-names' lists them.\n"
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
  "                        cipher suites, the FIPS algorithm policy, .NET\n"
  "                        and WinHTTP settings\n"
  "  tls protocol set --protocol tls1.2 --role client|server|both\n"
  "          --state enabled|disabled|default\n"
  "  tls suites set --order A,B,... | --add NAME [--position N] |\n"
  "          --remove NAME | --reset\n"
  "                        the cipher-suite order, as the Group Policy value\n"
  "  tls dhe disable       remove every TLS_DHE_* suite from the order\n"
  "  match --client A.reg --server B.reg [--server-key rsa|ecdsa]\n"
  "          [--client-os NAME] [--server-os NAME]\n"
  "                        can they agree on TLS? The outcome: connects\n"
  "                        (exit 0), fails or intermittent (exit 1),\n"
  "                        undetermined (exit 5: what is missing and how\n"
  "                        to supply it); 'live' for either file means\n"
  "                        this machine\n"
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
  "  gpo whatif ... --detail\n"
  "                        also every pair and every machine's findings\n"
  "                        (the report groups pairs by class pair)\n"
  "  fleet --snapshots DIR|FILE... [--pairs FILE.csv]... [--html FILE]\n"
  "          [--clients DIR...] [--servers DIR...] [--pol FILE.pol |\n"
  "          --profile NAME [--apply-to clients|servers|both]]\n"
  "          [--server-key rsa|ecdsa] [--threads N]\n"
  "                        many machines in configuration classes: findings\n"
  "                        per id, the pairs by client class x server class\n"
  "                        (every client with every server, or the pairs a\n"
  "                        CSV names), what a policy would change; --html\n"
  "                        writes one self-contained page (exit 1 when a\n"
  "                        pair fails or is intermittent, a machine has a\n"
  "                        warning, or the policy breaks a pair)\n"
  "  collect -o FILE.reg   write a snapshot of every key the checks read\n"
  "  restore FILE.reg [--what-if] [--backup FILE.reg]\n"
  "                        import a backup (or any .reg), with its own undo\n"
  "  dsc get|set|test|export|schema --resource TYPE [--input JSON]\n"
  "          [--what-if] [--out FIX.reg] [--backup UNDO.reg]\n"
  "                        the DSC v3 command resources (ConnReset/\n"
  "                        SynProtection, SchannelProtocol, CipherSuiteOrder,\n"
  "                        StrongCrypto, CertificatePurpose,\n"
  "                        SqlServerCertificate, Audit): JSON Lines on\n"
  "                        stdout, the instance from --input or stdin; their\n"
  "                        manifests lie beside this program\n"
  "  os-names              the Windows names --os and --client-os take\n"
  "  trace FILE... [--server HOST[:PORT]] [--client A.reg --server B.reg]\n"
  "                        explain the resets and failed handshakes of\n"
  "                        pcap/pcapng captures (TDS PRELOGIN, TLS inside\n"
  "                        TDS, raw TLS, TDS 8.0) with frame numbers; with\n"
  "                        both snapshots, beside their configuration match\n"
  "                        (exit 1 on a verdict, 2 when a file is damaged:\n"
  "                        what was read before the damage is reported)\n"
  "  version               print the version\n"
  "\n"
  "exit codes: 0 clean, 1 findings of warning or worse, 2 bad usage or\n"
  "unreadable input, 3 a change failed and was rolled back, 4 a change\n"
  "failed and the rollback failed too (import the backup), 5 the match is\n"
  "undetermined (and no finding of warning or worse).\n";


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
  o->threads = -1;
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
    } else if (!strcmp(a, "--strict")) {
      o->strict = 1;
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
    } else if (!strcmp(a, "--os") || !strcmp(a, "--client-os") ||
               !strcmp(a, "--server-os")) {
      if (!next)
        return usage_error("%s needs a Windows release, e.g. \"Windows "
                           "Server 2016\"", a);
      if (!strcmp(a, "--os")) o->os = next;
      else if (a[2] == 'c') o->client_os = next;
      else o->server_os = next;
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
    } else if (!strcmp(a, "--snapshots")) {
      /* issue 13: every argument up to the next option is a directory or
       * a file of the fleet */
      if (!next || next[0] == '-')
        return usage_error("--snapshots needs a directory or a .reg file%s", "");
      while (i + 1 < argc && (argv[i + 1][0] != '-' || !argv[i + 1][1])) {
        if (o->nfleet_dirs == MAX_SNAPSHOTS)
          return usage_error("too many --snapshots arguments (give "
                             "directories)%s", "");
        o->fleet_dirs[o->nfleet_dirs++] = argv[++i];
      }
    } else if (!strcmp(a, "--pairs") || !strcmp(a, "--html")) {
      if (!next)
        return usage_error("%s needs a file", a);
      if (a[2] == 'h') {
        o->html = next;
      } else {
        if (o->npairs == MAX_SNAPSHOTS)
          return usage_error("too many --pairs files%s", "");
        o->pairs[o->npairs++] = next;
      }
      i++;
    } else if (!strcmp(a, "--detail")) {
      o->detail = 1;
    } else if (!strcmp(a, "--threads")) {
      if (parse_number(&o->threads, a, next))
        return EXIT_USAGE;
      i++;
    } else if (!strcmp(a, "--remove-server-auth")) {
      o->remove_server_auth = 1;
    } else if (!strcmp(a, "--clear")) {
      o->clear = 1;
    } else if (!strcmp(a, "--position")) {
      if (parse_number(&o->position, a, next))
        return EXIT_USAGE;
      i++;
    } else if (!strcmp(a, "--resource") || !strcmp(a, "--input")) {
      /* dsc: the resource type and the instance as JSON */
      if (!next)
        return usage_error("%s needs a value", a);
      if (a[2] == 'r') o->dsc_resource = next;
      else o->dsc_input = next;
      i++;
    } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      o->positional[0] = "help";
      o->npositional = 1;
      return 0;
    } else if (a[0] == '-' && a[1]) {
      return usage_error("unknown option '%s'", a);
    } else {
      if (o->npositional == MAX_SNAPSHOTS)
        return usage_error("unexpected argument '%s'", a);
      o->positional[o->npositional++] = a;
    }
  }
  return 0;
}


/* What each command line runs: the words it starts with (NULL ends a
 * shorter list) and the function. The first row that matches wins. */
typedef struct command {
  const char *word[3];
  int exact; /* the words must be all the positionals */
  int (*run)(const options *o);
} command;

static int run_diagnose(const options *o)
{
  return o->nclients || o->nservers ? cmd_pair(o, 1) : cmd_report(o, NULL);
}
static int run_match(const options *o) { return cmd_pair(o, 0); }
static int run_syn(const options *o) { return cmd_report(o, "syn"); }
static int run_tls(const options *o) { return cmd_report(o, "tls"); }
static int run_tls_protocol_set(const options *o) { return cmd_tls_set(o, "protocol"); }
static int run_tls_suites_set(const options *o) { return cmd_tls_set(o, "suites"); }
static int run_tls_dhe_disable(const options *o) { return cmd_tls_set(o, "dhe"); }

static const command commands[] = {
  { { "diagnose", NULL, NULL }, 1, run_diagnose },
  { { "match", NULL, NULL }, 1, run_match },
  { { "syn", NULL, NULL }, 1, run_syn },
  { { "syn", "set", NULL }, 1, cmd_syn_set },
  { { "tls", NULL, NULL }, 1, run_tls },
  { { "tls", "protocol", "set" }, 1, run_tls_protocol_set },
  { { "tls", "suites", "set" }, 1, run_tls_suites_set },
  { { "tls", "dhe", "disable" }, 1, run_tls_dhe_disable },
  { { "certs", NULL, NULL }, 1, cmd_certs },
  { { "certs", "set-purpose", NULL }, 1, cmd_cert_purpose },
  { { "sql", "set-cert", NULL }, 1, cmd_sql_set_cert },
  { { "gpo", NULL, NULL }, 0, cmd_gpo },
  { { "collect", NULL, NULL }, 1, cmd_collect },
  { { "restore", NULL, NULL }, 0, cmd_restore },
  { { "dsc", NULL, NULL }, 0, cmd_dsc },
  { { "fleet", NULL, NULL }, 1, cmd_fleet },
  { { "trace", NULL, NULL }, 0, cmd_trace },
};

static int matches(const command *c, const options *o)
{
  size_t n = 0;
  while (n < 3 && c->word[n]) {
    if (n >= o->npositional || strcmp(c->word[n], o->positional[n]))
      return 0;
    n++;
  }
  return !c->exact || n == o->npositional;
}

static int run_main(int argc, char **argv)
{
  options o;
  const char *cmd;
  size_t i;
  int rc;
  for (i = 1; i < (size_t)argc; i++)
    if (!strcmp(argv[i], "dsc"))
      cli_json_messages = 1; /* DSC reads stderr as JSON lines */
  rc = parse_args(&o, argc, argv);
  if (rc)
    return rc;
  cmd = o.npositional ? o.positional[0] : "help";
  if (!strcmp(cmd, "help")) {
    fputs(usage_text, stdout);
    return o.npositional ? EXIT_CLEAN : EXIT_USAGE;
  }
  if (!strcmp(cmd, "os-names") && o.npositional == 1) {
    for (i = 0; i < cr_os_name_count(); i++)
      printf("%s\n", cr_os_name(i));
    return EXIT_CLEAN;
  }
  if (!strcmp(cmd, "version")) {
    printf("connreset %s\n", cr_version());
    return EXIT_CLEAN;
  }
  if ((o.client_os || o.server_os) && !o.nclients && !o.nservers)
    return usage_error("--client-os and --server-os go with --client and "
                       "--server (match, diagnose); one machine takes --os%s",
                       "");
  for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (matches(&commands[i], &o))
      return commands[i].run(&o);
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
