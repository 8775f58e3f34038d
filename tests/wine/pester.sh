#!/usr/bin/env bash
# pester.sh - the module's Pester suite in a Windows PowerShell 7.6.10 host
# under Wine, against connreset.dll from the MinGW build and Wine's real
# registry and crypt32 (issue 10). ctest runs it as wine_pester_host,
# wine_pester_win10 and wine_pester_ws2003sp2 (`ctest --preset mingw -R pester`).
#
#   tests/wine/pester.sh host MINGW_BUILD_DIR
#       publishes the host (tests/wine/pwsh-host: `dotnet publish`, NuGet
#       only, Pester 5.7.1 included in its Modules folder; kept in
#       MINGW_BUILD_DIR/pester/host and published again only when its
#       sources change) and stages the module with connreset.dll
#       (tools/stage-module.sh)
#   tests/wine/pester.sh run MINGW_BUILD_DIR OS
#       boots a fresh Wine prefix set to OS and runs the suite there:
#         win10      the whole of tests/pester (live tests included), but
#                    the live tests tagged Ws2003Sp2
#         ws2003sp2  the live tests tagged Ws2003Sp2, on a registry whose
#                    CurrentVersion values say Windows Server 2003 SP2
#                    while pwsh.exe stays on Windows 10 (AppDefaults)
#       with the suite's one entry point, tests/pester/Invoke-ConnResetTests.ps1.
#       Fails on any failed test, on a skip that tests/wine/pester-skips.txt
#       does not explain, and when the host cannot start. Results:
#       MINGW_BUILD_DIR/pester/OS/pester-results.xml (NUnit), skipped.txt
#       and pester.log.
#   tests/wine/pester.sh pwsh MINGW_BUILD_DIR OS [PWSH-ARGUMENTS...]
#       runs the host in that OS's prefix (booted when missing), to
#       reproduce a failure by hand
#
# Every Wine call has a hard timeout (CR_PESTER_TIMEOUT seconds for the
# suite, default 900). CR_PESTER_COVERAGE=1 adds the module's code coverage
# (coverage.xml beside the results; it includes the lines only Windows
# reaches).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
usage() {
  echo "usage: $0 host MINGW_BUILD_DIR | run MINGW_BUILD_DIR win10|ws2003sp2 | pwsh MINGW_BUILD_DIR OS [ARGS...]" >&2
  exit 2
}
[ $# -ge 2 ] || usage
mode=$1
[ -d "$2" ] || { echo "pester.sh: $2 is not a directory" >&2; exit 2; }
build=$(cd "$2" && pwd)
shift 2

base=$build/pester
hostdir=$base/host
publish=$hostdir/publish
module=$base/module/ConnReset
pester_version=5.7.1
suite_timeout=${CR_PESTER_TIMEOUT:-900}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export PATH="$PATH:$HOME/.dotnet/tools"

die() { echo "pester.sh: $*" >&2; exit 1; }
# Z:\... for a Unix path (Wine maps / to Z:).
winpath() { printf 'Z:%s' "$(printf '%s' "$1" | tr '/' '\\')"; }
# Wine prints this once per process that asks for the volume of Z:.
quiet_wine() { grep -v 'Read access denied for device' >&2; }

# --------------------------------------------------------------------------
# host: publish pwsh.exe (with Pester), stage the module.

host_stamp() {
  {
    cat "$here"/pwsh-host/*.csproj "$here"/pwsh-host/*.cs \
        "$here"/pwsh-host/*.json "$here"/pwsh-host/nuget.config
    dotnet --version
  } | sha256sum | cut -d' ' -f1
}

do_host() {
  command -v dotnet >/dev/null || die "dotnet (the .NET SDK) is needed to build the host"
  [ -f "$build/bin/connreset.dll" ] || die "no $build/bin/connreset.dll: build the mingw preset first"
  local stamp
  mkdir -p "$hostdir"
  stamp=$(host_stamp)
  if [ -f "$publish/pwsh.exe" ] && [ -f "$publish/Modules/Pester/$pester_version/Pester.psd1" ] &&
     [ "$(cat "$hostdir/stamp" 2>/dev/null)" = "$stamp" ]; then
    echo "pester.sh: host up to date in $publish"
  else
    echo "pester.sh: publishing the host (dotnet publish, win-x64, Microsoft.PowerShell.SDK 7.6.10)"
    rm -rf "$publish" "$hostdir/stamp"
    local t0=$SECONDS
    # --artifacts-path keeps obj/ and bin/ out of the source tree.
    timeout -k 10 900 dotnet publish "$here/pwsh-host/ConnReset.WinePwsh.csproj" \
      -c Release -r win-x64 --self-contained -o "$publish" \
      --artifacts-path "$hostdir/artifacts" -nologo -v quiet ||
      die "dotnet publish of the host failed"
    [ -f "$publish/pwsh.exe" ] || die "dotnet publish wrote no pwsh.exe"
    [ -f "$publish/Modules/Microsoft.PowerShell.Utility/Microsoft.PowerShell.Utility.psd1" ] ||
      die "the host has no Modules/Microsoft.PowerShell.Utility"
    [ ! -e "$publish/Modules/CimCmdlets" ] || die "CimCmdlets must not be in the host (it hangs under Wine)"
    [ -f "$publish/Modules/Pester/$pester_version/Pester.psd1" ] ||
      die "the host has no Modules/Pester/$pester_version"
    echo "$stamp" >"$hostdir/stamp"
    echo "pester.sh: host published in $((SECONDS - t0)) s"
  fi
  # The module is staged every time: it is what is under test.
  bash "$root/tools/stage-module.sh" "$build" "$module" >/dev/null ||
    die "tools/stage-module.sh $build $module failed"
  [ -f "$module/bin/connreset.dll" ] || die "the staged module has no bin/connreset.dll"
  echo "pester.sh: module staged in $module"
}

# --------------------------------------------------------------------------
# Prefixes.

w() { # w COMMAND...: a Wine call with a hard timeout
  timeout -k 10 120 "$@"
}

reg() { # reg ARGS...: Wine's reg.exe, which must succeed
  local out
  if ! out=$(w wine reg "$@" 2>&1); then
    printf '%s\n' "$out" | tr -d '\r' >&2
    die "wine reg $* failed"
  fi
}

boot_prefix() { # boot_prefix OS
  local os=$1 t0=$SECONDS
  local cv='HKLM\Software\Microsoft\Windows NT\CurrentVersion'
  case $os in
    win10|ws2003sp2) ;;
    *) die "unknown OS '$os' (win10 or ws2003sp2)" ;;
  esac
  # Only ever remove what is recognisably a Wine prefix.
  if [ -e "$WINEPREFIX" ]; then
    [ -f "$WINEPREFIX/system.reg" ] || [ -z "$(ls -A "$WINEPREFIX")" ] ||
      die "$WINEPREFIX exists but is not a Wine prefix; not deleting it"
    timeout -k 5 30 wineserver -k >/dev/null 2>&1
    rm -rf "$WINEPREFIX"
  fi
  mkdir -p "$(dirname "$WINEPREFIX")"
  echo "pester.sh: booting $WINEPREFIX ($os)"
  # No Mono/Gecko installers and no display: nothing may wait for a click.
  WINEDLLOVERRIDES="mscoree,mshtml=d" w wineboot -i 2>&1 | quiet_wine
  w wineserver -w
  [ -f "$WINEPREFIX/system.reg" ] || die "wineboot did not create $WINEPREFIX/system.reg"
  # .NET needs Windows 10 underneath.
  w winecfg -v win10 2>&1 | quiet_wine
  w wineserver -w
  if [ "$os" = ws2003sp2 ]; then
    # The registry says Server 2003 SP2 (what the checks read); pwsh.exe
    # itself is kept on Windows 10 through its AppDefaults.
    reg add 'HKCU\Software\Wine\AppDefaults\pwsh.exe' /v Version /d win10 /f
    reg add "$cv" /v ProductName /d 'Microsoft Windows Server 2003' /f
    reg add "$cv" /v CurrentVersion /d 5.2 /f
    reg add "$cv" /v CurrentBuildNumber /d 3790 /f
    reg add "$cv" /v CurrentBuild /d 3790 /f
    reg add "$cv" /v CSDVersion /d 'Service Pack 2' /f
    # Windows 10's own numbers would win over CurrentVersion.
    w wine reg delete "$cv" /v CurrentMajorVersionNumber /f >/dev/null 2>&1
    w wine reg delete "$cv" /v CurrentMinorVersionNumber /f >/dev/null 2>&1
    reg add 'HKLM\System\CurrentControlSet\Control\ProductOptions' /v ProductType /d ServerNT /f
    w wineserver -w
  fi
  echo "pester.sh: prefix ready in $((SECONDS - t0)) s"
}

# host_run LOGFILE PWSH-ARGUMENTS...: pwsh.exe under Wine. Wine gives a
# process a console only when a standard handle is a terminal, so script(1)
# provides one while stdout and stderr go around it (fd 3 and 4).
host_run() {
  local log=$1 cmd a
  shift
  [ -f "$publish/pwsh.exe" ] || die "no host in $publish (run: $0 host $build)"
  cmd="wine $(printf '%q' "$publish/pwsh.exe")"
  for a in "$@"; do cmd="$cmd $(printf '%q' "$a")"; done
  (
    # With W^X on, Pester crashes the runtime (Internal CLR error 0x80131506).
    export DOTNET_EnableWriteXorExecute=0 NO_COLOR=1
    timeout -k 15 "$suite_timeout" script -qec "$cmd 1>&3 2>&4" /dev/null \
      3>&1 4> >(quiet_wine) </dev/null
  ) | tee "$log"
  return "${PIPESTATUS[0]}"
}

setup_env() { # setup_env OS
  osdir=$base/$1
  export WINEPREFIX=$osdir/prefix
  export WINEDEBUG=-all
  unset DISPLAY WAYLAND_DISPLAY
  # What the live tests need: the staged module, their consent to change
  # this (throwaway) registry, and the tool that installs certificates
  # through crypt32 as the C tests do.
  export CR_MODULE_PATH; CR_MODULE_PATH=$(winpath "$module")
  export CR_LIVE_TESTS=1
  export CR_CERTSTORE_TOOL; CR_CERTSTORE_TOOL=$(winpath "$build/bin/cr_certstore_tool.exe")
}

do_run() {
  [ $# -eq 1 ] || usage
  local os=$1 rc
  setup_env "$os"
  [ -f "$module/bin/connreset.dll" ] || die "no staged module in $module (run: $0 host $build)"
  [ -f "$build/bin/cr_certstore_tool.exe" ] || die "no $build/bin/cr_certstore_tool.exe"
  trap 'timeout -k 5 30 wineserver -k >/dev/null 2>&1' EXIT
  boot_prefix "$os"
  local tagargs
  [ "${CR_PESTER_COVERAGE:-0}" = 1 ] && tagargs=(-CodeCoverage) || tagargs=()
  case $os in
    win10) tagargs+=(-ExcludeTag Ws2003Sp2) ;;
    # Only the live files: nothing else carries the tag.
    ws2003sp2) tagargs+=(-TestPath "$(winpath "$root/tests/pester/live")" -Tag Ws2003Sp2) ;;
  esac
  rm -f "$osdir/pester-results.xml" "$osdir/skipped.txt" "$osdir/coverage.xml" "$osdir/results.xml"
  local t0=$SECONDS
  # The suite's one entry point, as on Linux (tests/pester/Invoke-ConnResetTests.ps1).
  host_run "$osdir/pester.log" -NoProfile -NonInteractive -File \
    "$(winpath "$root/tests/pester/Invoke-ConnResetTests.ps1")" \
    -ModulePath "$CR_MODULE_PATH" "${tagargs[@]}" \
    -OutputDirectory "$(winpath "$osdir")" \
    -ResultPath "$(winpath "$osdir/pester-results.xml")" \
    -SkippedPath "$(winpath "$osdir/skipped.txt")" \
    -AllowedSkipPath "$(winpath "$here/pester-skips.txt")" \
    -Verbosity Detailed
  rc=$?
  echo "pester.sh: $os: Pester in the Wine host took $((SECONDS - t0)) s, exit $rc"
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    die "$os: the host was killed after $suite_timeout s"
  fi
  [ -s "$osdir/pester-results.xml" ] || die "$os: no test results: the host or Pester did not start (exit $rc)"
  [ "$rc" -eq 0 ] || die "$os: failed (exit $rc; log $osdir/pester.log)"
  echo "pester.sh: $os: passed"
}

do_pwsh() {
  [ $# -ge 1 ] || usage
  local os=$1
  shift
  setup_env "$os"
  [ -f "$WINEPREFIX/system.reg" ] || boot_prefix "$os"
  host_run "$osdir/pwsh.log" "$@"
}

case $mode in
  host) [ $# -eq 0 ] || usage; do_host ;;
  run) do_run "$@" ;;
  pwsh) do_pwsh "$@" ;;
  *) usage ;;
esac
