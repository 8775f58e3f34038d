#!/usr/bin/env bash
# Installs the build and test dependencies from Debian's packages and NuGet,
# and fails when one cannot be installed: every suite tools/run-tests.sh runs
# is required. Safe to run again: apt, dotnet and install-pester.sh skip what
# is already there.
set -uo pipefail
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

pkgs=(cmake ninja-build gcc clang-14 libclang-rt-14-dev
      gcc-mingw-w64-x86-64 wine wine64 libxml2-utils python3 openssl libssl-dev
      python3-samba
      python3-jsonschema python3-yaml) # DSC: schema checks, the YAML example
# --- wire evidence (issue 14): dumpcap records the capture tests, tshark
# judges them, FreeTDS's tsql is one of their TDS clients; tedious (npm)
# needs node and npm, which this image may already have from elsewhere.
pkgs+=(tshark wireshark-common freetds-bin)
command -v npm >/dev/null || pkgs+=(nodejs npm)
# wireshark-common asks whether non-root users may capture; answer no
# (the tests run as root) so the install never waits for a question.
if command -v debconf-set-selections >/dev/null; then
  echo "wireshark-common wireshark-common/install-setuid boolean false" |
    $SUDO debconf-set-selections
fi
# --- end wire evidence
# --- the fleet's HTML report in a browser (issue 13): headless Chromium
# (and node, which drives it over the DevTools protocol; no npm package).
pkgs+=(chromium fonts-dejavu-core)
command -v node >/dev/null || pkgs+=(nodejs)
# --- end fleet report
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${missing[*]}"
  $SUDO apt-get update -qq || exit 1
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || exit 1
fi

#region PowerShell and Pester (issue 9)
# PowerShell 7 from NuGet as a .NET global tool, at the version the project
# is tested with (without --version the install picks a newer one that fails
# here), and Pester 5.7.1 (tools/install-pester.sh). Both are required.
PWSH_VERSION=7.6.10
export PATH="$PATH:$HOME/.dotnet/tools"
command -v dotnet >/dev/null || { echo "install-deps: dotnet (the .NET SDK) is missing" >&2; exit 1; }
have=$(dotnet tool list --global 2>/dev/null | awk 'tolower($1) == "powershell" { print $2 }')
if [ "$have" != "$PWSH_VERSION" ]; then
  [ -n "$have" ] && dotnet tool uninstall --global PowerShell >/dev/null
  echo "install-deps: dotnet tool install --global PowerShell --version $PWSH_VERSION"
  if ! dotnet tool install --global PowerShell --version "$PWSH_VERSION" >/tmp/cr-pwsh-install.log 2>&1; then
    cat /tmp/cr-pwsh-install.log >&2
    echo "install-deps: PowerShell $PWSH_VERSION could not be installed" >&2
    exit 1
  fi
fi
got=$(pwsh -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()' 2>&1)
if [ "$got" != "$PWSH_VERSION" ]; then
  echo "install-deps: pwsh does not start as PowerShell $PWSH_VERSION: $got" >&2
  exit 1
fi
bash tools/install-pester.sh || { echo "install-deps: Pester 5.7.1 could not be installed" >&2; exit 1; }
pwsh -NoProfile -NonInteractive -Command 'Import-Module Pester -RequiredVersion 5.7.1 -ErrorAction Stop' ||
  { echo "install-deps: Pester 5.7.1 does not load" >&2; exit 1; }
echo "install-deps: PowerShell $PWSH_VERSION and Pester 5.7.1 ready"
#endregion
exit 0
