#!/usr/bin/env bash
# run-fuzzers.sh BUILD_DIR SECONDS [TARGET...]: runs each fuzz target for
# SECONDS from its seed corpus (tests/fixtures/<format>, malformed files
# included), JOBS targets at a time (default: one per core), and fails on any
# crash, leak, sanitizer report or timeout. The last lines name every target
# with a finding, its artifact and the artifact's bytes in base64, so a CI log
# that keeps only its tail still holds the reproducer.
set -euo pipefail
build=$(cd "$1" && pwd); seconds=${2:-60}; shift $(( $# >= 2 ? 2 : $# ))
root=$(cd "$(dirname "$0")/../.." && pwd)
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
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
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=($(printf '%s\n' "${!seeds[@]}" | sort))

run_one() { # run_one TARGET: exit status 0 = no finding; writes TARGET.log
  local target=$1 exe="$build/bin/$1" work
  [ -x "$exe" ] || { echo "$target: not built" >"$build/$target.log"; return 1; }
  [ -n "${seeds[$target]:-}" ] || { echo "$target: no seed corpus listed" >"$build/$target.log"; return 1; }
  work=$(mktemp -d)
  find "${seeds[$target]}" -type f -name "${seed_names[$target]:-*}" ! -name '*.py' \
    -exec cp {} "$work/" \;
  # Inputs that once failed (tests/fuzz/regressions/TARGET) are replayed first.
  if [ -d "$root/tests/fuzz/regressions/$target" ]; then
    cp "$root/tests/fuzz/regressions/$target/"* "$work/"
  fi
  echo "$target: $(ls "$work" | wc -l) seed files, ${seconds}s"
  rm -f "$build/$target-"crash-* "$build/$target-"leak-* "$build/$target-"timeout-* \
        "$build/$target-"oom-* "$build/$target-"slow-unit-*
  local rc=0
  "$exe" "$work" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$build/$target-" >"$build/$target.log" 2>&1 || rc=$?
  rm -rf "$work"
  return $rc
}

# Start up to $jobs targets at once; collect each one's status by pid.
declare -A pid_target=(); failed=()
for target in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  run_one "$target" & pid_target[$!]=$target
done
for pid in "${!pid_target[@]}"; do
  target=${pid_target[$pid]}
  if wait "$pid"; then
    echo "$target: no finding ($(grep -E '^stat::number_of_executed_units' "$build/$target.log" | awk '{print $2}') runs)"
  else
    failed+=("$target")
  fi
done

for target in "${failed[@]}"; do
  echo; echo "--- $target: FINDING; the end of $build/$target.log:"
  tail -40 "$build/$target.log"
done
for target in "${failed[@]}"; do
  for artifact in "$build/$target-"*; do
    [ -f "$artifact" ] || continue
    echo "$target: artifact $artifact ($(stat -c %s "$artifact") bytes), base64:"
    head -c 4096 "$artifact" | base64 -w 0; echo
  done
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]} (reproduce: $build/bin/TARGET ARTIFACT)"; exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${seconds}s each, no finding"
