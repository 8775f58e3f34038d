"""The pass/fail count the DSC test scripts share: check() records one
check, prints a failure to stderr, and returns the condition; finish()
prints "NAME: N passed, N failed" and exits 1 on any failure."""
import sys

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL: %s" % what, file=sys.stderr)
    return cond


def finish(name):
    print("%s: %d passed, %d failed" % (name, passed, failed))
    sys.exit(1 if failed else 0)
