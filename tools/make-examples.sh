#!/usr/bin/env bash
# Regenerates examples/snapshots/*.reg: `connreset.exe collect` run under
# Wine against a registry that Wine presents as each OS (winecfg -v), with
# the few values a real host of that kind has set added by `reg add`.
# Needs the mingw build (cmake --preset mingw && cmake --build --preset mingw).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
exe="$root/build/mingw/bin/connreset.exe"
out="$root/examples/snapshots"
[ -x "$exe" ] || { echo "build the mingw preset first" >&2; exit 2; }
export WINEDEBUG=-all
fresh_prefix() {
  export WINEPREFIX=$(mktemp -d)
  wineboot -i >/dev/null 2>&1; wineserver -w
}
cv='HKLM\Software\Microsoft\Windows NT\CurrentVersion'
tcp='HKLM\System\CurrentControlSet\Services\Tcpip\Parameters'

# Windows Server 2003 SP2 as installed: SynAttackProtect not set, so the
# SP1/SP2 default (on) applies.
fresh_prefix
winecfg -v win2003; wineserver -w
wine reg add "$cv" /v ProductName /d "Microsoft Windows Server 2003 R2" /f >/dev/null
wine reg add "$tcp" /v Hostname /d SQL2003-PROD /f >/dev/null
wine reg add "$tcp" /v Domain /d corp.example /f >/dev/null
wine "$exe" collect -o "$out/ws2003-sp2.reg"
wineserver -k; rm -rf "$WINEPREFIX"

# Windows Server 2019 (10.0.17763) where an old hardening script left the
# 2003-era values behind.
fresh_prefix
winecfg -v win10; wineserver -w
wine reg add "$cv" /v ProductName /d "Windows Server 2019 Datacenter" /f >/dev/null
wine reg add "$cv" /v EditionID /d ServerDatacenter /f >/dev/null
wine reg add "$cv" /v InstallationType /d Server /f >/dev/null
wine reg add "$cv" /v CurrentBuild /d 17763 /f >/dev/null
wine reg add "$cv" /v CurrentBuildNumber /d 17763 /f >/dev/null
wine reg add "$cv" /v UBR /t REG_DWORD /d 6893 /f >/dev/null
wine reg add "$cv" /v ReleaseId /d 1809 /f >/dev/null
wine reg add 'HKLM\System\CurrentControlSet\Control\ProductOptions' /v ProductType /d ServerNT /f >/dev/null
wine reg add "$tcp" /v Hostname /d SQL2019-01 /f >/dev/null
wine reg add "$tcp" /v Domain /d corp.example /f >/dev/null
wine reg add "$tcp" /v SynAttackProtect /t REG_DWORD /d 1 /f >/dev/null
wine reg add "$tcp" /v TcpMaxHalfOpen /t REG_DWORD /d 500 /f >/dev/null
wine reg add "$tcp" /v TcpMaxHalfOpenRetried /t REG_DWORD /d 400 /f >/dev/null
wine "$exe" collect -o "$out/ws2019.reg"
wineserver -k; rm -rf "$WINEPREFIX"
ls -l "$out"
