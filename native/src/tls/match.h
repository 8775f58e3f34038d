/*
 * match.h - the client/server match inside the library: running it on
 * machines already read, and what the layers above it (api/entry.c, the
 * what-if, the fleet) reach to name each fix's Group Policy.
 */
#ifndef CR_TLS_MATCH_H
#define CR_TLS_MATCH_H

#include "../checks/report.h"
#include "model.h"

/* cr_tls_match_machines without naming the fixes' policies. */
int cr_match_run(cr_match **out, const cr_machine *client,
                 const cr_machine *server, const cr_match_options *opts);

/* The pair findings (borrowed). */
cr_report *cr_match_report(cr_match *m);
/* The fixes of the verdict and the setting each changes (NULL: none). */
size_t cr_match_fix_count(const cr_match *m);
const cr_setting *cr_match_fix_setting(const cr_match *m, size_t i);
/* Names the policy that pushes fix `i` ("ConnReset/<policy>: Enabled"). */
void cr_match_set_fix_gpo(cr_match *m, size_t i, const char *gpo);

#endif
