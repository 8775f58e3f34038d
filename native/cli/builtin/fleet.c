/*
 * fleet: many machines at once, in configuration classes.
 *
 *   connreset fleet --snapshots DIR|FILE... [--clients DIR...]
 *       [--servers DIR...] [--pairs FILE.csv]... [--pol FILE.pol |
 *       --profile NAME [--apply-to clients|servers|both]]
 *       [--server-key rsa|ecdsa] [--threads N] [--json] [--html FILE]
 *
 * A directory means each *.reg in it, one machine per file. Machines from
 * --snapshots are servers when they hold a SQL Server instance, else
 * clients; --clients and --servers say it outright. With --pairs only the
 * pairs the CSV names are judged (and they say who is client and server).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* The files of the directories or files in args. */
static int gather(path_list *files, const char *const *args, size_t n,
                  const char *flag)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (list_snapshots(files, args[i]) < 0) {
      fprintf(stderr, "connreset: %s %s: cannot read it\n", flag, args[i]);
      return EXIT_USAGE;
    }
  return 0;
}

static int add_group(const options *o, cr_fleet *fleet,
                     const char *const *args, size_t n, const char *flag,
                     cr_fleet_role role, size_t *added)
{
  path_list files = { NULL, 0 };
  size_t before, i;
  int code, rc;
  if (!n)
    return 0;
  if ((code = gather(&files, args, n, flag)) != 0) {
    path_list_free(&files);
    return code;
  }
  if (!files.n) {
    path_list_free(&files);
    return usage_error("%s: no .reg snapshot found", flag);
  }
  before = cr_fleet_warning_count(fleet);
  rc = cr_fleet_add_files(fleet, (const char *const *)files.v, files.n, role);
  /* What reg import skips is skipped too, and said (as open_files does). */
  for (i = before; i < cr_fleet_warning_count(fleet); i++)
    fprintf(stderr, "connreset: warning: %s\n", cr_fleet_warning(fleet, i));
  *added += files.n;
  path_list_free(&files);
  return rc < 0 ? fail(o, rc, "reading the snapshots") : 0;
}

static int parse_apply_to(const options *o, cr_gpo_apply_to *to)
{
  *to = CR_GPO_APPLY_BOTH;
  if (!o->apply_to)
    return 0;
  if (!strcmp(o->apply_to, "clients"))
    *to = CR_GPO_APPLY_CLIENTS;
  else if (!strcmp(o->apply_to, "servers"))
    *to = CR_GPO_APPLY_SERVERS;
  else if (strcmp(o->apply_to, "both"))
    return usage_error("--apply-to is clients, servers or both, not '%s'",
                       o->apply_to);
  return 0;
}

int cmd_fleet(const options *o)
{
  cr_fleet_options fo = CR_FLEET_OPTIONS_INIT;
  cr_fleet *fleet = NULL;
  cr_regpol *pol = NULL;
  cr_gpo_apply_to to;
  char *text = NULL;
  size_t added = 0, i;
  int rc, code;
  if (!o->nfleet_dirs && !o->nclient_dirs && !o->nserver_dirs)
    return usage_error("fleet needs --snapshots DIR (or --clients DIR and "
                       "--servers DIR)%s", "");
  if (o->nsnapshots)
    return usage_error("fleet reads --snapshots DIR..., one machine per "
                       "file; --snapshot merges files into one machine%s", "");
  if (o->server_key) {
    if (!strcmp(o->server_key, "rsa"))
      fo.server_key = CR_SERVER_KEY_RSA;
    else if (!strcmp(o->server_key, "ecdsa"))
      fo.server_key = CR_SERVER_KEY_ECDSA;
    else
      return usage_error("--server-key is rsa or ecdsa, not '%s'",
                         o->server_key);
  }
  if (o->threads > 64)
    return usage_error("--threads is 1 to 64%s", "");
  if (o->threads > 0)
    fo.threads = (unsigned)o->threads;
  if ((code = parse_apply_to(o, &to)) != 0)
    return code;
  if (o->apply_to && !o->pol && !o->profile)
    return usage_error("--apply-to goes with --pol or --profile%s", "");
  if ((rc = cr_fleet_new(&fleet, &fo)) < 0 ||
      (rc = cr_fleet_set_strict(fleet, o->strict)) < 0) {
    cr_fleet_free(fleet);
    return fail(o, rc, "starting the fleet");
  }
  if (o->pol || o->profile) {
    if ((code = load_policy(o, &pol, 0)) != 0) {
      cr_fleet_free(fleet);
      return code;
    }
    rc = cr_fleet_set_policy(fleet, pol, to);
    cr_regpol_free(pol);
    if (rc < 0) {
      cr_fleet_free(fleet);
      return fail(o, rc, "trying the policy");
    }
  }
  if ((code = add_group(o, fleet, o->fleet_dirs, o->nfleet_dirs,
                        "--snapshots", CR_FLEET_ROLE_AUTO, &added)) != 0 ||
      (code = add_group(o, fleet, o->client_dirs, o->nclient_dirs,
                        "--clients", CR_FLEET_ROLE_CLIENT, &added)) != 0 ||
      (code = add_group(o, fleet, o->server_dirs, o->nserver_dirs,
                        "--servers", CR_FLEET_ROLE_SERVER, &added)) != 0) {
    cr_fleet_free(fleet);
    return code;
  }
  for (i = 0; i < o->npairs; i++)
    if ((rc = cr_fleet_load_pairs(fleet, o->pairs[i])) < 0) {
      cr_fleet_free(fleet);
      return fail(o, rc, "reading the pairs");
    }
  if ((rc = cr_fleet_run(fleet)) < 0) {
    cr_fleet_free(fleet);
    return fail(o, rc, "judging the fleet");
  }
  if (o->html && (rc = cr_fleet_save_html(fleet, o->html)) < 0) {
    cr_fleet_free(fleet);
    return fail(o, rc, "writing the HTML report");
  }
  rc = o->json ? cr_fleet_to_json(&text, fleet) : cr_fleet_to_text(&text, fleet);
  code = print_string(o, rc, text, "rendering the fleet");
  if (code == EXIT_CLEAN && o->html && !o->json)
    printf("\nHTML report: %s\n", o->html);
  if (code == EXIT_CLEAN) {
    /* As `match`: 1 for a pair that fails or is intermittent (or a finding
     * of warning or worse, or a pair the policy breaks); else 5 when some
     * pair cannot be judged from what the snapshots say. */
    uint64_t broken = 0, fixed = 0;
    if (o->pol || o->profile)
      cr_fleet_policy_changes(&broken, &fixed, fleet);
    if (cr_fleet_outcome_count(fleet, CR_OUTCOME_FAILS) > 0 ||
        cr_fleet_outcome_count(fleet, CR_OUTCOME_INTERMITTENT) > 0 ||
        broken > 0 || cr_fleet_worst_severity(fleet) >= CR_SEVERITY_WARNING)
      code = EXIT_FINDINGS;
    else if (cr_fleet_outcome_count(fleet, CR_OUTCOME_UNDETERMINED) > 0)
      code = EXIT_UNDETERMINED;
  }
  cr_fleet_free(fleet);
  return code;
}
