/*
 * gpo.h - the Group Policy layer's internal entry points: the ConnReset
 * policy that pushes a fix's setting. The checks and the match describe
 * their fixes as data (report/setting.h) and do not include this header;
 * the layer above them (api/entry.c, the what-if, the fleet) has the
 * policies named.
 */
#ifndef CR_GPO_H
#define CR_GPO_H

#include "../report/report.h"

/* The policies that write `settings`, as a finding's fix shows them:
 * "ConnReset/<policy>: Enabled[, <value>]" or ": Disabled", several joined
 * by "; ". *out is NULL when no ConnReset policy writes any of them;
 * otherwise free() it. */
int cr_gpo_setting_policy(char **out, const cr_setting *settings, size_t n);

/* Names the policy of every finding's fix (cr_finding.fix_gpo). */
int cr_gpo_name_report(cr_report *r);

#endif
