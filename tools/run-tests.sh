#!/usr/bin/env bash
# Runs every test suite: the Linux build, the same under ASan/UBSan, the
# MinGW build under Wine, the .reg fuzzer, and the module (binding tests,
# static QA, Pester when PowerShell is there). Each suite runs even when an
# earlier one failed; the last line counts suites.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:$HOME/.dotnet/tools"
FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
passed=0; failed=0; skipped=0; failures=()

suite() { # suite NAME COMMAND...
  local name=$1; shift
  echo; echo "=== $name ==="
  if "$@"; then passed=$((passed + 1)); echo "=== $name: passed ==="
  else failed=$((failed + 1)); failures+=("$name"); echo "=== $name: FAILED ==="; fi
}
skip() { skipped=$((skipped + 1)); echo; echo "=== $1: not run: $2 ==="; }

build() { # build PRESET
  cmake --preset "$1" >"build-$1.log" 2>&1 || { cat "build-$1.log"; return 1; }
  cmake --build --preset "$1" >>"build-$1.log" 2>&1 || { tail -50 "build-$1.log"; return 1; }
  rm -f "build-$1.log"
}

host()  { build host && ctest --preset host; }
asan()  { build asan && ASAN_OPTIONS=detect_leaks=1 ctest --preset asan; }
mingw() { build mingw && ctest --preset mingw; }
fuzz()  { build fuzz && bash tests/fuzz/run-fuzzers.sh build/fuzz "$FUZZ_SECONDS"; }
module_binding() { bash tools/stage-module.sh build/host && dotnet test tests/interop -c Release --nologo; }
module_qa() { python3 tests/module_qa.py; }
ps_syntax() { (cd tests/ps_syntax && npm ci --silent --no-audit --no-fund && node check.mjs); }
pester() {
  pwsh -NoProfile -NonInteractive -Command '
    Import-Module Pester -MinimumVersion 5.0 -ErrorAction Stop
    $c = New-PesterConfiguration
    $c.Run.Path = "tests/pester"; $c.Run.Exit = $true; $c.Output.Verbosity = "Detailed"
    Invoke-Pester -Configuration $c'
}

suite "host (gcc, Linux)" host
suite "asan (ASan + UBSan)" asan
if command -v x86_64-w64-mingw32-gcc >/dev/null && command -v wine >/dev/null; then
  suite "mingw (connreset.dll under Wine)" mingw
else skip "mingw" "x86_64-w64-mingw32-gcc or wine missing (run tools/install-deps.sh)"; fi
if command -v clang-14 >/dev/null; then suite "fuzz (libFuzzer, ${FUZZ_SECONDS}s per target)" fuzz
else skip "fuzz" "clang-14 missing"; fi
if command -v dotnet >/dev/null; then suite "module binding (xunit over libconnreset.so)" module_binding
else skip "module binding" "dotnet missing"; fi
suite "module QA (static)" module_qa
if command -v npm >/dev/null; then suite "PowerShell syntax (tree-sitter grammar)" ps_syntax
else skip "PowerShell syntax" "npm missing"; fi
if command -v pwsh >/dev/null && pwsh -NoProfile -Command 'if (Get-Module -ListAvailable Pester | Where-Object Version -ge 5.0) { exit 0 } else { exit 1 }' 2>/dev/null; then
  suite "Pester 5" pester
else skip "Pester 5" "PowerShell 7 or Pester 5 is not installed (the NuGet source refused them; see tools/install-deps.sh)"; fi

echo
[ ${#failures[@]} -gt 0 ] && echo "failed suites: ${failures[*]}"
echo "run-tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
