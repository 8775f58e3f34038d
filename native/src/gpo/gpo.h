/*
 * gpo.h - what the checks need from the Group Policy table.
 */
#ifndef CR_GPO_H
#define CR_GPO_H

#include "../checks/os.h"

/* The name of the vetted cipher-suite-order policy for this OS: the one
 * whose every suite the OS knows (its default table, tls_defaults.c), with
 * the most suites; NULL when none fits or the OS is unknown. */
const char *cr_gpo_suite_order_policy(const cr_os *os);

/* The fix_gpo text that turns a Schannel protocol on or off for a role
 * ("ConnReset/Protocol_TLS12_Server: Enabled"), from the protocol's
 * registry key name ("TLS 1.2") and role (0 client, 1 server); an empty
 * string when admx/ConnReset.admx has no such policy. */
void cr_gpo_protocol_fix(char *out, size_t size, const char *proto_key,
                         int role, int enabled);

#endif
