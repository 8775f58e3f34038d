/*
 * certstore_none.c - the live certificate store where there is no crypt32
 * (every platform but Windows): opening it fails with a message that
 * points to snapshots, and there are no crypt32 calls to override.
 */
#include "certstore.h"

#ifndef _WIN32

int cr_certstore_live_open(cr_certstore **out)
{
  if (out)
    *out = NULL;
  return cr_error_set(CR_ENOTSUP, "the live certificate store (crypt32) is "
                      "only available on Windows; use --snapshot FILE.reg "
                      "with the store's Blob values");
}

/* ISO C has no empty arrays: one unused entry, and a count of 0. */
cr_syscall cr_certstore_syscalls[1] = { { NULL, NULL, NULL } };
const size_t cr_certstore_syscall_count = 0;

#else /* _WIN32 */

typedef int cr_certstore_none_unused;

#endif
