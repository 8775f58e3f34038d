/*
 * entry.c - the public entry points that hand out findings. Each runs the
 * checks (checks/run.c) or the match (tls/match.c), then has the Group
 * Policy layer (gpo/gpo.c) name the policy that pushes each fix. This
 * floor sits above both: the checks and the match describe their fixes as
 * data and never call the Group Policy code, which never calls them.
 */
#include "../gpo/gpo.h"
#include "../checks/checks.h"
#include "../tls/match.h"

#include <stdlib.h>

static int checks(cr_report **out, const cr_snapshot *snap, const char *only)
{
  int rc = cr_checks_run(out, snap, only);
  if (rc >= 0 && (rc = cr_gpo_name_report(*out)) < 0) {
    cr_report_free(*out);
    *out = NULL;
  }
  return rc;
}

int cr_diagnose(cr_report **out, const cr_snapshot *snap)
{
  return checks(out, snap, NULL);
}

int cr_check_syn(cr_report **out, const cr_snapshot *snap)
{
  return checks(out, snap, "syn");
}

int cr_check_tls(cr_report **out, const cr_snapshot *snap)
{
  return checks(out, snap, "tls");
}

int cr_check_certs(cr_report **out, const cr_snapshot *snap)
{
  return checks(out, snap, "certs");
}

int cr_check_sql(cr_report **out, const cr_snapshot *snap)
{
  return checks(out, snap, "sql");
}

/* The policies of the verdict's fixes and of the pair findings. */
static int name_match(cr_match *m)
{
  size_t i;
  int rc = cr_gpo_name_report(cr_match_report(m));
  for (i = 0; rc >= 0 && i < cr_match_fix_count(m); i++) {
    const cr_setting *s = cr_match_fix_setting(m, i);
    char *gpo = NULL;
    if (s && (rc = cr_gpo_setting_policy(&gpo, s, 1)) >= 0)
      cr_match_set_fix_gpo(m, i, gpo);
    free(gpo);
  }
  return rc;
}

int cr_tls_match_machines(cr_match **out, const cr_machine *client,
                          const cr_machine *server,
                          const cr_match_options *opts)
{
  int rc = cr_match_run(out, client, server, opts);
  if (rc >= 0 && (rc = name_match(*out)) < 0) {
    cr_match_free(*out);
    *out = NULL;
  }
  return rc;
}

int cr_tls_match(cr_match **out, const cr_snapshot *client,
                 const cr_snapshot *server, const cr_match_options *opts)
{
  cr_machine *c = NULL, *s = NULL;
  int rc;
  if (!out || !client || !server)
    return cr_error_set(CR_EINVAL, "cr_tls_match: bad argument");
  *out = NULL;
  if ((rc = cr_machine_open(&c, client)) >= 0 &&
      (rc = cr_machine_open(&s, server)) >= 0)
    rc = cr_tls_match_machines(out, c, s, opts);
  cr_machine_free(c);
  cr_machine_free(s);
  return rc;
}
