/*
 * match.h - the client/server match inside the library: running it on
 * machines already read, and what the layers above it (api/entry.c, the
 * what-if, the fleet) reach to name each fix's Group Policy.
 */
#ifndef CR_TLS_MATCH_H
#define CR_TLS_MATCH_H

#include "../report/report.h"
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

/* The verdict, for reports that list many matches (the fleet). Strings
 * are borrowed; protocol and suite are NULL when none was agreed. */
typedef struct cr_match_view {
  cr_outcome outcome;
  const char *family, *protocol, *suite, *reason;
} cr_match_view;
void cr_match_get_view(cr_match_view *v, const cr_match *m);
/* Fix `i` (side "client"/"server", summary; cmdlet, cli and gpo may be
 * NULL); 0 past the end. */
int cr_match_fix_at(const cr_match *m, size_t i, const char **side,
                    const char **summary, const char **cmdlet,
                    const char **cli, const char **gpo);

/* Configuration classes: the canonical key of what the match reads from a
 * machine (appended to `out`), and a match's decision as canonical text
 * (no machine names), for grouping a fleet and for proving that grouping
 * changes nothing. */
int cr_tls_class_key(cr_buf *out, const cr_tls_machine *m);
int cr_match_decision(cr_buf *out, const cr_match *m);

#endif
