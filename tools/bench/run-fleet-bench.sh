#!/usr/bin/env bash
# run-fleet-bench.sh [MACHINES SERVERS PAIRS [PROFILES]]: the fleet
# benchmark of issue 13 (defaults: 100,000 machines of which 20,000 servers,
# 10,000,000 pairs, about 200 configuration classes). Builds bench_fleet and
# the CLI, makes the fleet once (.reg files and pairs.csv under
# build/bench-fleet/, or $BENCH_DIR), then prints, from one run:
#   - loading the snapshots alone, MB/s of .reg per core;
#   - the class path (distinct pairs, class pairs, one match per class
#     pair), pairs/s per core, with and without reading the CSV;
#   - the per-pair path (one match per machine pair, machines read once)
#     on a sample of 400 clients x 100 servers;
#   - the PowerShell baseline (Compare-SuiteLists.ps1) on the same sample;
#   - end to end: `connreset fleet --snapshots ... --pairs ... --json
#     --html ...` with two readers: wall time, CPU time, peak memory;
# and the ratios between them. Rates per core come from CPU time, so other
# work on the machine slows the wall clock, not them. Nothing is estimated:
# what cannot be measured (no PowerShell) is said so.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
machines=${1:-100000}; servers=${2:-20000}; pairs=${3:-10000000}; profiles=${4:-200}
base=${BENCH_DIR:-$root/build/bench-fleet}
out="$base/$machines-$servers-$pairs-$profiles"
export PATH="$PATH:$HOME/.dotnet/tools"

cmake --preset host >/dev/null
cmake --build --preset host --target bench_fleet connreset_cli >/dev/null
if [ ! -f "$out/pairs.csv" ]; then
  mkdir -p "$base"
  build/host/bin/bench_fleet make tests/fixtures/tls "$out" "$machines" "$servers" "$pairs" "$profiles"
fi
echo "machine: $(nproc) cores; load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
numbers=$(build/host/bin/bench_fleet run "$out" 400 100 "$out/lists.jsonl")
echo "$numbers"

# End to end, as an admin runs it.
e2e=$(python3 - "$root/build/host/bin/connreset" "$out" <<'PY'
import os, sys, time
cli, out = sys.argv[1], sys.argv[2]
argv = [cli, "--json", "fleet", "--snapshots", out + "/snapshots", "--pairs",
        out + "/pairs.csv", "--html", out + "/report.html", "--threads", "2"]
with open(out + "/report.json", "wb") as f:
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.dup2(f.fileno(), 1)
        os.execv(cli, argv)
    _, status, ru = os.wait4(pid, 0)
    wall = time.monotonic() - t0
code = os.waitstatus_to_exitcode(status)
print(f"end_to_end_command: connreset --json fleet --snapshots {out}/snapshots "
      f"--pairs {out}/pairs.csv --html {out}/report.html --threads 2")
print(f"end_to_end_exit: {code}")
print(f"end_to_end_wall_seconds: {wall:.1f}")
print(f"end_to_end_cpu_seconds: {ru.ru_utime + ru.ru_stime:.1f}")
print(f"end_to_end_peak_mib: {ru.ru_maxrss / 1024:.0f}")
PY
)
echo "$e2e"
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"

if command -v pwsh >/dev/null; then
  ps=$(pwsh -NoProfile -File tools/bench/Compare-SuiteLists.ps1 -Path "$out/lists.jsonl")
else
  ps="baseline: not measured (PowerShell is not installed)"
fi
echo "$ps"

python3 - "$numbers" "$e2e" "$ps" <<'PY'
import re, sys
numbers, e2e, ps = sys.argv[1], sys.argv[2], sys.argv[3]
def num(text, key):
    m = re.search(r"^" + key + r": ([\d.]+)", text, re.M)
    return float(m.group(1)) if m else None
cls = num(numbers, "class_path_pairs_per_s_per_core")
cls_csv = num(numbers, "class_path_with_csv_pairs_per_s_per_core")
per = num(numbers, "per_pair_pairs_per_s_per_core")
m = re.search(r"([\d,]+) pairs/s", ps)
base = float(m.group(1).replace(",", "")) if m else None
print(f"ratio: class path {cls / per:,.0f}x the per-pair path; with the CSV read {cls_csv / per:,.0f}x")
if base:
    print(f"ratio: class path {cls / base:,.0f}x the PowerShell baseline; per-pair path {per / base:,.1f}x")
else:
    print("ratio: against PowerShell not measured")
wall, peak = num(e2e, "end_to_end_wall_seconds"), num(e2e, "end_to_end_peak_mib")
print(f"goal 10,000,000 pairs/s/core on the class path: {cls:,.0f} ({'met' if cls >= 1e7 else 'not met'})")
print(f"goal end to end under 30 s on 2 cores: {wall:.1f} s wall ({'met' if wall < 30 else 'not met'})")
print(f"goal peak memory under 2 GiB: {peak:,.0f} MiB ({'met' if peak < 2048 else 'not met'})")
PY
