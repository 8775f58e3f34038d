#!/usr/bin/env bash
# test_fleet_wine.sh BUILD_DIR: connreset.exe fleet as Windows runs it
# (issue 13): a folder given as a Windows path (FindFirstFileW), the
# readers on Win32 threads, a --pairs CSV with a Windows path, the HTML
# page written through a temporary name and a rename, and the same JSON
# report as one reader gives.
set -u
build=$(cd "$1" && pwd)
root=$(cd "$build/../.." && pwd)
export WINEPREFIX="${WINEPREFIX:-$build/wineprefix}" WINEDEBUG=-all
exe="$build/bin/connreset.exe"
run() { "$root/cmake/wine-run.sh" "$@"; }
winepath_w() { printf "Z:%s" "$(printf "%s" "$1" | tr / "\\\\")"; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

tls=$(winepath_w "$root/tests/fixtures/tls")
csv=$(winepath_w "$root/tests/fixtures/pairs/sqlcmd.txt")
html=$(winepath_w "$work/fleet.html")
run "$exe" --json fleet --snapshots "$tls" --pairs "$csv" --html "$html" --threads 4 >"$work/four.json" 2>"$work/err"
code=$?
[ "$code" = 1 ] && ok || { bad "fleet exit $code, want 1"; cat "$work/err" >&2; }
run "$exe" --json fleet --snapshots "$tls" --pairs "$csv" --threads 1 >"$work/one.json" 2>/dev/null
python3 - "$work/four.json" "$work/one.json" <<'PY' && ok || bad "fleet JSON"
import json, sys
four, one = (json.load(open(p)) for p in sys.argv[1:3])
assert four["machineCount"] == 8 and four["pairs"]["judged"] == 4, four["pairs"]
assert four == one, "four readers and one disagree"
PY
grep -q '<!DOCTYPE html>' "$work/fleet.html" && ok || bad "no HTML page at $html"
ls "$work" | grep -q '\.tmp' && bad "a temporary file was left" || ok
echo "test_fleet_wine: $pass passed, $fail failed"
[ "$fail" = 0 ]
