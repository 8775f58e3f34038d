/* test.h - a minimal test harness: each CHECK counts, the run ends with
 * "N passed, N failed" so CI can read the result, and exits non-zero on
 * any failure. */
#ifndef CR_TEST_H
#define CR_TEST_H

#include <stdio.h>
#include <string.h>

static int test_passed, test_failed;

#define CHECK(cond)                                                        \
  do {                                                                     \
    if (cond) {                                                            \
      test_passed++;                                                       \
    } else {                                                               \
      test_failed++;                                                       \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n  last error: %s\n",       \
              __FILE__, __LINE__, #cond, cr_error_last());                 \
    }                                                                      \
  } while (0)

#define CHECK_OK(expr) CHECK((expr) == CR_OK)
#define CHECK_STR(a, b) CHECK((a) && (b) && strcmp((a), (b)) == 0)
#define CHECK_CONTAINS(hay, needle) \
  CHECK((hay) && strstr((hay), (needle)) != NULL)

static int test_finish(const char *name)
{
  printf("%s: %d passed, %d failed\n", name, test_passed, test_failed);
  return test_failed ? 1 : 0;
}

#endif
