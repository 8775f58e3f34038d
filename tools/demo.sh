#!/usr/bin/env bash
# The main job on a fresh Linux machine: build the library and CLI (host
# preset) and diagnose the bundled example snapshots, then show the fix for
# the Server 2003 host written as a .reg file, and the host after it.
set -euo pipefail
cd "$(dirname "$0")/.."
# What the host build needs; a fresh Debian/Ubuntu machine lacks at least
# OpenSSL's headers (SHA-1 thumbprints come from libcrypto on Linux).
need=()
command -v cmake >/dev/null || need+=(cmake)
command -v ninja >/dev/null || need+=(ninja-build)
command -v gcc >/dev/null || need+=(gcc)
command -v python3 >/dev/null || need+=(python3)
[ -f /usr/include/openssl/evp.h ] || need+=(libssl-dev)
if [ ${#need[@]} -gt 0 ]; then
  echo "demo: installing ${need[*]}" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }; then
    echo "demo: could not install ${need[*]}; install them and run again" >&2
    exit 2
  fi
fi
cmake --preset host >/dev/null
cmake --build --preset host >/dev/null
cr=build/host/bin/connreset
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
for host in ws2003-sp2 ws2019; do
  echo "================================================================"
  echo "\$ connreset --snapshot examples/snapshots/$host.reg diagnose"
  set +e; "$cr" --snapshot "examples/snapshots/$host.reg" diagnose; rc=$?; set -e
  echo "(exit code $rc)"
done
echo "================================================================"
echo "\$ connreset --snapshot examples/snapshots/ws2003-sp2.reg syn set --disable --out fix.reg --backup undo.reg"
"$cr" --snapshot examples/snapshots/ws2003-sp2.reg syn set --disable --out "$out/fix.reg" --backup "$out/undo.reg"
echo
echo "\$ connreset --snapshot examples/snapshots/ws2003-sp2.reg --snapshot fix.reg syn"
set +e; "$cr" --snapshot examples/snapshots/ws2003-sp2.reg --snapshot "$out/fix.reg" syn; rc=$?; set -e
echo "(exit code $rc)"
echo "================================================================"
echo "\$ connreset match --client tests/fixtures/tls/win11-ecdhe-gcm-only.reg --server tests/fixtures/tls/ws2012r2-default.reg"
set +e; "$cr" match --client tests/fixtures/tls/win11-ecdhe-gcm-only.reg --server tests/fixtures/tls/ws2012r2-default.reg; rc=$?; set -e
echo "(exit code $rc)"
echo "================================================================"
echo "\$ connreset gpo whatif --profile tls12-only --clients tests/fixtures/gpo --servers tests/fixtures/tls/ws2012r2-default.reg --apply-to servers"
set +e; "$cr" gpo whatif --profile tls12-only --clients tests/fixtures/gpo --servers tests/fixtures/tls/ws2012r2-default.reg --apply-to servers; rc=$?; set -e
echo "(exit code $rc: the policy would break a pair)"
