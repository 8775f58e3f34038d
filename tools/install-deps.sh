#!/usr/bin/env bash
# Installs the build and test dependencies from Debian's packages and NuGet.
# Safe to run again: apt and dotnet skip what is already there.
set -uo pipefail
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
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${missing[*]}"
  $SUDO apt-get update -qq || exit 1
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || exit 1
fi

# PowerShell 7 and Pester 5 come from NuGet. The package source may refuse
# them (this project's CI source does: HTTP 404 for both); then the Pester
# suite is reported as not run and everything else still runs.
export PATH="$PATH:$HOME/.dotnet/tools"
if command -v dotnet >/dev/null && ! command -v pwsh >/dev/null; then
  if dotnet tool install --global PowerShell >/tmp/cr-pwsh-install.log 2>&1; then
    echo "install-deps: PowerShell installed"
  else
    echo "install-deps: PowerShell not available from the NuGet source: $(tail -1 /tmp/cr-pwsh-install.log)"
  fi
fi
if command -v pwsh >/dev/null && command -v dotnet >/dev/null; then
  bash tools/install-pester.sh || echo "install-deps: Pester 5 not available from the NuGet source"
fi
exit 0
