/* cases.h - the named-case harness of the parser tests (test_regfile,
 * test_regpol): each case prints ok/FAIL, every CHECK counts, and the run
 * ends with the case and check counts. (test.h is the flat variant.) */
#ifndef CR_TEST_CASES_H
#define CR_TEST_CASES_H

#include <stdio.h>

static int case_failed;
static int checks_run;

#define CHECK_MSG(cond, ...)                                               \
  do {                                                                     \
    checks_run++;                                                          \
    if (!(cond)) {                                                         \
      case_failed = 1;                                                     \
      fprintf(stderr, "  %s:%d: check failed: %s: ", __FILE__, __LINE__,   \
              #cond);                                                      \
      fprintf(stderr, __VA_ARGS__);                                        \
      fputc('\n', stderr);                                                 \
    }                                                                      \
  } while (0)

#define CHECK(cond) CHECK_MSG(cond, "%s", "")

#define CHECK_OK(expr)                                                     \
  do {                                                                     \
    int rc_ = (expr);                                                      \
    CHECK_MSG(rc_ == 0, "%s returned %s: %s", #expr, cr_err_name(rc_),    \
              cr_error_last());                                            \
  } while (0)

typedef struct test_case {
  const char *name;
  void (*fn)(void);
} test_case;

/* Runs every case; the exit status of the test program. */
static int run_cases(const test_case *cases, size_t n)
{
  size_t i;
  int passed = 0, failed = 0;
  for (i = 0; i < n; i++) {
    case_failed = 0;
    cases[i].fn();
    printf("%s %s\n", case_failed ? "FAIL" : "ok  ", cases[i].name);
    fflush(stdout);
    if (case_failed)
      failed++;
    else
      passed++;
  }
  printf("(%d checks)\n", checks_run);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}

#endif
