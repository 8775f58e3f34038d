#!/bin/sh
# wine-run.sh - runs a Windows test program under Wine; this is the build's
# CMAKE_CROSSCOMPILING_EMULATOR (see toolchain-mingw64.cmake).
#
#   cmake/wine-run.sh PROGRAM.exe [ARGS...]
#
# WINEPREFIX comes from the environment; without one the throwaway prefix
# named by CR_WINEPREFIX (the toolchain sets ${CMAKE_BINARY_DIR}/wineprefix)
# is used, else ./wineprefix. A prefix that is not initialised yet is
# created first with wine-init.sh. Wine's debug output is off
# (WINEDEBUG=-all) unless CR_WINEDEBUG says otherwise; CR_WINE picks
# another loader than `wine` (Debian's `wine` package provides
# /usr/bin/wine; `wine64` alone only has /usr/lib/wine/wine64).
set -eu

: "${WINEPREFIX:=${CR_WINEPREFIX:-$PWD/wineprefix}}"
case $WINEPREFIX in
  /*) ;;
  *) WINEPREFIX=$PWD/$WINEPREFIX ;;
esac
export WINEPREFIX
export WINEDEBUG="${CR_WINEDEBUG:--all}"
# Never pop up a window (crash dialogs, installers) during a test run.
unset DISPLAY WAYLAND_DISPLAY

if [ ! -f "$WINEPREFIX/system.reg" ]; then
  "$(dirname "$0")/wine-init.sh" "$WINEPREFIX" >&2
fi

exec "${CR_WINE:-wine}" "$@"
