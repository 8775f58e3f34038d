/*
 * checks.h - running the checks into a report (the findings themselves
 * are report/report.h, shared with the floors below).
 */
#ifndef CR_CHECKS_H
#define CR_CHECKS_H

#include "../report/report.h"

/* Runs every check, or only the one named ("syn", "tls", "certs",
 * "sql"), into a new ranked report. Fixes carry their settings; their
 * policies are not named yet (gpo/gpo.h: cr_gpo_name_report). */
int cr_checks_run(cr_report **out, const cr_snapshot *snap, const char *only);
/* The checks. Each adds its section and findings to the report. */
int cr_run_syn(cr_report *r, const cr_snapshot *snap);
int cr_run_tls(cr_report *r, const cr_snapshot *snap);
int cr_run_certs(cr_report *r, const cr_snapshot *snap);
int cr_run_sql(cr_report *r, const cr_snapshot *snap);

/* The SYN check's verdict alone ("enabled", "disabled", "not-applicable",
 * "unknown") and its reason, for the DSC resource. */
const char *cr_syn_effective(char *reason, size_t size,
                             const cr_snapshot *snap, const cr_os *os);

#endif
