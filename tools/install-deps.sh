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
      python3-jsonschema python3-yaml # DSC: schema checks, the YAML example
      chromium nodejs fonts-dejavu-core) # issue 13: the fleet's HTML report in a browser
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
