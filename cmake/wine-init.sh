#!/bin/sh
# wine-init.sh - creates the throwaway Wine prefix the Windows tests run in
# (run once before ctest; the build wires it up as a setup step/fixture).
#
#   cmake/wine-init.sh [--fresh] [PREFIX]
#
# PREFIX defaults to $WINEPREFIX, then $CR_WINEPREFIX, then ./wineprefix.
# An already initialised prefix is reused; --fresh deletes it first.
# Concurrent callers are serialised with flock(1) when it is available.
set -eu

fresh=0
if [ "${1:-}" = "--fresh" ]; then
  fresh=1
  shift
fi
prefix=${1:-${WINEPREFIX:-${CR_WINEPREFIX:-$PWD/wineprefix}}}
case $prefix in
  /*) ;;
  *) prefix=$PWD/$prefix ;;
esac

command -v wine >/dev/null 2>&1 || {
  echo "wine-init.sh: 'wine' not found (Debian: apt-get install wine)" >&2
  exit 1
}

mkdir -p "$(dirname "$prefix")"
lock="$prefix.lock"

init() {
  if [ "$fresh" = 1 ]; then
    # Only ever remove something that is recognisably a Wine prefix.
    if [ -f "$prefix/system.reg" ] || [ ! -e "$prefix" ]; then
      rm -rf "$prefix"
    else
      echo "wine-init.sh: $prefix exists but is not a Wine prefix; not" \
           "deleting it" >&2
      exit 1
    fi
  fi
  if [ -f "$prefix/system.reg" ] && [ -f "$prefix/.update-timestamp" ]; then
    echo "wine-init.sh: reusing $prefix"
    return 0
  fi
  echo "wine-init.sh: creating $prefix (wineboot -i, about 10-30 s)"
  # No display and no Mono/Gecko installers: nothing may wait for a click.
  env -u DISPLAY WINEPREFIX="$prefix" WINEDEBUG=-all \
    WINEDLLOVERRIDES="mscoree,mshtml=d" wineboot -i
  WINEPREFIX="$prefix" wineserver -w
  [ -f "$prefix/system.reg" ] || {
    echo "wine-init.sh: wineboot did not create $prefix/system.reg" >&2
    exit 1
  }
}

if command -v flock >/dev/null 2>&1; then
  (
    flock 9
    init
  ) 9>"$lock"
else
  init
fi
