#!/usr/bin/env bash
# run-fuzzers.sh BUILD_DIR SECONDS: runs each fuzz target for SECONDS from
# its seed corpus (tests/fixtures/<format>, malformed files included), and
# fails on any crash, leak, sanitizer report or timeout.
set -euo pipefail
build=$1; seconds=${2:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
status=0
declare -A seeds=( [fuzz_regfile]="$root/tests/fixtures/reg"
                   [fuzz_suite_list]="$root/tests/fixtures/suites"
                   [fuzz_x509]="$root/tests/fixtures/x509"
                   [fuzz_cert_blob]="$root/tests/fixtures/x509/blobs"
                   [fuzz_errorlog]="$root/tests/fixtures/errorlog"
                   [fuzz_regpol]="$root/tests/fixtures/regpol"
                   [fuzz_json]="$root/tests/fixtures/json"
                   [fuzz_pairs]="$root/tests/fixtures/pairs"
                   [fuzz_capture]="$root/tests/fixtures/wire"
                   [fuzz_tds]="$root/tests/fixtures/wire/streams"
                   [fuzz_tls]="$root/tests/fixtures/wire/streams" )
# Which seed files to take (find -name); every file but scripts by default.
declare -A seed_names=( [fuzz_regfile]='*.reg' [fuzz_x509]='*.der'
                        [fuzz_errorlog]='*.log' [fuzz_regpol]='*.pol'
                        [fuzz_json]='*.json'
                        [fuzz_capture]='*.pcap*' [fuzz_tds]='tds-*' [fuzz_tls]='*' )
for target in "${!seeds[@]}"; do
  exe="$build/bin/$target"
  [ -x "$exe" ] || { echo "$target: not built"; status=1; continue; }
  work=$(mktemp -d)
  find "${seeds[$target]}" -type f -name "${seed_names[$target]:-*}" ! -name '*.py' \
    -exec cp {} "$work/" \;
  echo "$target: $(ls "$work" | wc -l) seed files, ${seconds}s"
  if "$exe" "$work" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$build/$target-" >"$build/$target.log" 2>&1; then
    grep -E "^(stat::number_of_executed_units|Done)" "$build/$target.log" || tail -3 "$build/$target.log"
    echo "$target: no finding"
  else
    tail -40 "$build/$target.log"
    echo "$target: FINDING (artifact in $build)"
    status=1
  fi
  rm -rf "$work"
done
exit $status
