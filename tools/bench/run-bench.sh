#!/usr/bin/env bash
# run-bench.sh [MACHINES]: cr_tls_match against the PowerShell baseline on
# the same fleet. Prints both rates and their ratio; when PowerShell is not
# installed the baseline is reported as not measured (never estimated).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# run-bench.sh fleet [MACHINES SERVERS PAIRS [PROFILES]]: the fleet
# benchmark (issue 13), see run-fleet-bench.sh.
if [ "${1:-}" = fleet ]; then
  shift
  exec bash "$root/tools/bench/run-fleet-bench.sh" "$@"
fi
n=${1:-150}
cd "$root"
cmake --preset host >/dev/null && cmake --build --preset host --target bench_match >/dev/null
lists=$(mktemp); trap 'rm -f "$lists"' EXIT
c=$(build/host/bin/bench_match tests/fixtures/tls "$n" "$lists")
echo "$c"
if command -v pwsh >/dev/null; then
  p=$(pwsh -NoProfile -File tools/bench/Compare-SuiteLists.ps1 -Path "$lists")
  echo "$p"
  python3 - "$c" "$p" <<'PY'
import re, sys
rate = lambda s: float(re.search(r"([\d,]+) pairs/s", s).group(1).replace(",", ""))
print(f"ratio: connreset {rate(sys.argv[1]) / rate(sys.argv[2]):.1f}x the PowerShell baseline (Compare-SuiteLists.ps1)")
PY
else
  echo "baseline: not measured (PowerShell is not installed; run tools/bench/Compare-SuiteLists.ps1 where it is)"
fi
