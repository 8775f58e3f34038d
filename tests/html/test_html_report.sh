#!/usr/bin/env bash
# test_html_report.sh CONNRESET BENCH_FLEET: the fleet's HTML report as a
# browser shows it (issue 13). Two fleets, each written as JSON and HTML by
# `connreset fleet`, then opened in headless Chromium (Debian's chromium)
# by check_report.mjs, which compares the rendered page with the JSON
# (cells, counts, colours, findings, nothing fetched, readable at 1280 px)
# and takes a screenshot:
#   1. the TLS scenarios with a policy tried on them (what it breaks);
#   2. a synthetic fleet of 400 machines in about 40 classes (bench_fleet)
#      with the pairs of its CSV.
# A missing chromium or node fails the test (tools/install-deps.sh installs
# them); it is never skipped.
set -u
cli=$1; bench=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fail=0
command -v chromium >/dev/null || { echo "FAIL: chromium is not installed (tools/install-deps.sh)"; exit 1; }
command -v node >/dev/null || { echo "FAIL: node is not installed (tools/install-deps.sh)"; exit 1; }

check() { # check NAME -- connreset arguments...
  local name=$1; shift 2
  "$cli" --json fleet "$@" --html "$work/$name.html" >"$work/$name.json" 2>"$work/$name.err"
  local code=$?
  if [ "$code" != 0 ] && [ "$code" != 1 ]; then
    echo "FAIL: $name: connreset exited $code"; cat "$work/$name.err"; fail=1; return
  fi
  if node "$root/tests/html/check_report.mjs" "$work/$name.html" "$work/$name.json" "$work/$name.png"; then
    python3 - "$work/$name.png" <<'PY' || fail=1
import struct, sys
data = open(sys.argv[1], "rb").read()
ok = data[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", data[16:24]) == (1280, 900)
print(("ok" if ok else "FAIL") + f": screenshot {sys.argv[1]} is a 1280x900 PNG")
sys.exit(0 if ok else 1)
PY
  else
    echo "FAIL: $name: the rendered page does not match the report"; fail=1
  fi
}

check scenarios -- --clients "$root/tests/fixtures/gpo" --clients "$root/tests/fixtures/tls" \
  --servers "$root/tests/fixtures/tls/ws2012r2-default.reg" --servers "$root/tests/fixtures/tls/ws2019-dhe-first-server.reg" \
  --profile tls12-only --apply-to servers
"$bench" make "$root/tests/fixtures/tls" "$work/fleet" 400 80 20000 40 >/dev/null || { echo "FAIL: bench_fleet make"; exit 1; }
check synthetic -- --snapshots "$work/fleet/snapshots" --pairs "$work/fleet/pairs.csv"
# The README's screenshot comes from this run (tools/make-screenshot.sh).
if [ -n "${CR_KEEP_SCREENSHOT:-}" ]; then cp "$work/synthetic.png" "$CR_KEEP_SCREENSHOT"; fi
[ "$fail" = 0 ] && echo "test_html_report: ok" || echo "test_html_report: FAILED"
exit $fail
