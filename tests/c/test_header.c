/* test_header.c - connreset.h compiles on its own, with -Wpedantic, and
 * its macros and enum keep their documented values (as libgit2's
 * headertest does for its public headers). */
#include "connreset.h"

#include <stdio.h>

_Static_assert(CR_OK == 0, "CR_OK is 0");
_Static_assert(CR_EPARSE == -4 && CR_EROLLEDBACK == -10 && CR_EROLLBACK == -11,
               "error codes never change value");
_Static_assert(CR_REG_QWORD == 11 && CR_REG_MULTI_SZ == 7, "winnt.h numbering");
_Static_assert(CR_SEVERITY_WARNING == 1, "severity order");

int main(void)
{
  cr_syn_options o = CR_SYN_OPTIONS_INIT;
  int failed = 0;
  failed += o.version != CR_SYN_OPTIONS_VERSION;
  failed += o.max_half_open != -1 || o.max_half_open_retried != -1;
  printf("test_header: %d passed, %d failed\n", 2 - failed, failed);
  return failed != 0;
}
