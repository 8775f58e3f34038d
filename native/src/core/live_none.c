/*
 * live_none.c - the live registry where there is none (every platform but
 * Windows): opening it fails with a message that points to snapshots,
 * there are no system calls to override and no services to restart.
 */
#include "store.h"

#ifndef _WIN32

int cr_store_live_open(cr_store **out)
{
  if (out)
    *out = NULL;
  return cr_error_set(CR_ENOTSUP, "the live registry is only available on "
                      "Windows; use --snapshot FILE.reg (or -Path) to "
                      "analyse a .reg export");
}

int cr_service_restart(const char *name)
{
  return cr_error_set(CR_ENOTSUP, "restarting service %s needs Windows",
                      name ? name : "(none)");
}

/* ISO C has no empty arrays: one unused entry, and a count of 0. */
cr_syscall cr_live_syscalls[1] = { { NULL, NULL, NULL } };
const size_t cr_live_syscall_count = 0;

#else /* _WIN32 */

/* ISO C forbids an empty translation unit; see src/win32/registry.c. */
typedef int cr_live_none_unused;

#endif
