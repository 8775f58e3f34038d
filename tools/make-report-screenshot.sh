#!/usr/bin/env bash
# make-report-screenshot.sh: the README's picture of the fleet report
# (docs/fleet-report.png). A synthetic fleet of 400 machines in about 40
# classes made from the TLS scenario snapshots (bench_fleet make), judged
# with the pairs of its CSV, written as HTML by `connreset fleet`, opened
# in headless Chromium at 1280 x 900 by tests/html/check_report.mjs, which
# also checks the page against the JSON before it takes the picture.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cmake --preset host >/dev/null
cmake --build --preset host --target connreset_cli bench_fleet >/dev/null
out=build/report-example
rm -rf "$out"
build/host/bin/bench_fleet make tests/fixtures/tls "$out" 400 80 20000 40 >/dev/null
# Relative paths: the page names the pairs file as given.
(cd "$out" && "$root/build/host/bin/connreset" --json fleet --snapshots snapshots \
   --pairs pairs.csv --html fleet.html >fleet.json || [ $? = 1 ])
node tests/html/check_report.mjs "$out/fleet.html" "$out/fleet.json" docs/fleet-report.png
echo "wrote docs/fleet-report.png ($(stat -c %s docs/fleet-report.png) bytes)"
