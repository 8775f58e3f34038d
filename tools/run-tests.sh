#!/usr/bin/env bash
# Runs every test suite: the Linux build, the same under ASan/UBSan, the
# MinGW build under Wine with the PowerShell module's Pester suite
# (build.ps1 -Preset mingw -Test), the fuzzers, the binding tests, the static
# QA and the PowerShell syntax check. Every suite is required: a suite whose
# tools are missing fails (tools/install-deps.sh installs them); nothing is
# skipped. Each suite runs even when an earlier one failed; the last line
# counts suites.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:$HOME/.dotnet/tools"
FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
passed=0; failed=0; skipped=0; failures=(); failure_logs=()
# Each suite's output is also kept, so the end of the run can repeat the end
# of every failed suite's output: a CI log that keeps only its tail then
# still says why.
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

suite() { # suite NAME COMMAND...
  local name=$1; shift
  local log="$logs/$((passed + failed + skipped)).log"
  echo; echo "=== $name ==="
  "$@" 2>&1 | tee "$log"
  if [ "${PIPESTATUS[0]}" -eq 0 ]; then passed=$((passed + 1)); echo "=== $name: passed ==="
  else failed=$((failed + 1)); failures+=("$name"); failure_logs+=("$log")
    echo "=== $name: FAILED ==="; fi
}
skip() { skipped=$((skipped + 1)); echo; echo "=== $1: not run: $2 ==="; }

build() { # build PRESET
  cmake --preset "$1" >"build-$1.log" 2>&1 || { cat "build-$1.log"; return 1; }
  cmake --build --preset "$1" >>"build-$1.log" 2>&1 || { tail -50 "build-$1.log"; return 1; }
  rm -f "build-$1.log"
}

host()  { build host && ctest --preset host; }
asan()  { build asan && ASAN_OPTIONS=detect_leaks=1 ctest --preset asan; }
# The MinGW build, its ctest under Wine, the staged module (connreset.dll and
# libconnreset.so) and Pester with code coverage (tests/pester/
# Invoke-ConnResetTests.ps1; results and JaCoCo coverage in build/pester).
mingw_module() { pwsh -NoProfile -NonInteractive -File build.ps1 -Preset mingw -Test; }
fuzz()  { build fuzz && bash tests/fuzz/run-fuzzers.sh build/fuzz "$FUZZ_SECONDS"; }
# The binding against build/host/bin (the project copies the library itself).
module_binding() { dotnet test tests/interop -c Release --nologo; }
module_qa() { python3 tests/module_qa.py; }
ps_syntax() { pwsh -NoProfile -NonInteractive -File tests/ps_syntax/Test-PowerShellSyntax.ps1; }
need() { # need TOOL...: fails (with the reason) when one is missing
  local t; for t in "$@"; do
    command -v "$t" >/dev/null || { echo "$t is missing: run tools/install-deps.sh"; return 1; }
  done
}

suite "host (gcc, Linux)" host
suite "asan (ASan + UBSan)" asan
suite "mingw under Wine, and the PowerShell module's Pester suite (build.ps1 -Preset mingw -Test)" \
  eval 'need x86_64-w64-mingw32-gcc wine pwsh dotnet && mingw_module'
suite "fuzz (libFuzzer, ${FUZZ_SECONDS}s per target)" eval 'need clang-14 && fuzz'
suite "module binding (xunit over libconnreset.so)" eval 'need dotnet && module_binding'
suite "module QA (static)" module_qa
suite "PowerShell syntax (PowerShell's parser, Windows PowerShell 5.1 rules)" eval 'need pwsh && ps_syntax'
for i in "${!failures[@]}"; do
  echo; echo "=== the end of the failed suite \"${failures[$i]}\" ==="
  tail -60 "${failure_logs[$i]}"
done
echo
[ ${#failures[@]} -gt 0 ] && echo "failed suites: ${failures[*]}"
echo "run-tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
