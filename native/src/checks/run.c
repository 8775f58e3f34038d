/*
 * run.c - the diagnosis: every check, in order, into one ranked report.
 */
#include "checks.h"

#include <string.h>

/* Every check that exists, in the order the diagnosis runs them. */
static const struct {
  const char *name;
  int (*run)(cr_report *r, const cr_snapshot *snap);
} all_checks[] = {
  { "syn", cr_run_syn },
  { "tls", cr_run_tls },
  { "certs", cr_run_certs },
  { "sql", cr_run_sql },
};

int cr_checks_run(cr_report **out, const cr_snapshot *snap, const char *only)
{
  cr_report *r;
  size_t i;
  int rc;
  if (!out || !snap)
    return cr_error_set(CR_EINVAL, "no report or snapshot given");
  *out = NULL;
  if ((rc = cr_report_new(&r, snap)) < 0)
    return rc;
  for (i = 0; i < sizeof all_checks / sizeof all_checks[0]; i++) {
    if (only && strcmp(only, all_checks[i].name) != 0)
      continue;
    if ((rc = all_checks[i].run(r, snap)) < 0) {
      cr_report_free(r);
      return rc;
    }
  }
  cr_report_rank(r);
  *out = r;
  return CR_OK;
}
