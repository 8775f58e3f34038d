#!/bin/sh
# regexport_equiv.sh - proves, under Wine, that
#  (i)  a .reg file written by Wine's `reg export` parses to exactly what the
#       live backend reads from the same registry, and
#  (ii) a .reg file written by the library imports with `reg import` and
#       reads back identical;
# plus byte-exact shapes that `reg add` cannot make (unterminated strings,
# odd lengths, short DWORDs), where Wine's own tools are lossy: those
# outcomes are printed as notes, not counted.
#
#   tests/wine/regexport_equiv.sh MINGW_BUILD_DIR
#
# Needs cr_regtool.exe (tests/c/regtool.c) in MINGW_BUILD_DIR, its bin/ or
# tests/ directory (or CR_REGTOOL=path). WINEPREFIX defaults to
# MINGW_BUILD_DIR/wineprefix and is created with cmake/wine-init.sh when it
# does not exist. Prints "N passed, N failed" last; exits 1 on any failure.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 MINGW_BUILD_DIR" >&2
  exit 2
fi
build=$(cd "$1" && pwd)

regtool=${CR_REGTOOL:-}
if [ -z "$regtool" ]; then
  for c in "$build/bin/cr_regtool.exe" "$build/cr_regtool.exe" \
           "$build/tests/cr_regtool.exe"; do
    if [ -f "$c" ]; then
      regtool=$c
      break
    fi
  done
fi
if [ -z "$regtool" ] || [ ! -f "$regtool" ]; then
  echo "$0: cr_regtool.exe not found under $build (set CR_REGTOOL)" >&2
  exit 2
fi

export WINEPREFIX="${WINEPREFIX:-$build/wineprefix}"
export WINEDEBUG=-all
# Wine turns command-line arguments into UTF-16 with the locale's charset:
# key and value names with non-ASCII characters need a UTF-8 locale.
if locale -a 2>/dev/null | grep -qi '^c\.utf-\{0,1\}8$'; then
  export LC_ALL=C.UTF-8
fi
unset DISPLAY WAYLAND_DISPLAY
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  sh "$root/cmake/wine-init.sh" "$WINEPREFIX" || exit 2
fi

work=$(mktemp -d "$build/regexport.XXXXXX") || exit 2
parent='HKLM\Software\ConnResetTest'
key="$parent\\regexport_$$"
passed=0
failed=0
notes=0

cleanup() {
  wine reg delete "$key" /f >/dev/null 2>&1
  # Remove the shared parent only when no other run left anything in it.
  n=$(wine reg query "$parent" /s 2>/dev/null | tr -d '\r' | grep -c .)
  if [ "${n:-0}" -le 1 ]; then
    wine reg delete "$parent" /f >/dev/null 2>&1
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# dash's echo interprets backslashes; registry paths are full of them.
say() { printf '%s\n' "$*"; }
trap 'exit 1' INT TERM

# Windows spelling of a file in $work.
win() {
  printf 'Z:%s' "$(printf '%s' "$work/$1" | tr '/' '\\')"
}

# check NAME COMMAND...: runs the command, counts the result and shows its
# output when it fails.
check() {
  local name=$1
  shift
  if "$@" >"$work/out.txt" 2>&1; then
    passed=$((passed + 1))
    say "ok - $name"
  else
    failed=$((failed + 1))
    say "FAIL - $name"
    tr -d '\r' <"$work/out.txt" | sed 's/^/    /' | head -40
  fi
}

# note NAME COMMAND...: the same, but only reports (Wine limitations).
note() {
  local name=$1
  shift
  if "$@" >"$work/out.txt" 2>&1; then
    say "note - $name: exact"
  else
    notes=$((notes + 1))
    say "note - $name: NOT exact (Wine limitation, not counted):"
    tr -d '\r' <"$work/out.txt" | sed 's/^/    /' | head -5
  fi
}

regtool() { wine "$regtool" "$@"; }
reg() { wine reg "$@"; }

# reg add that must work (fixture set-up).
add() {
  if ! reg add "$@" /f >"$work/add.txt" 2>&1; then
    say "FAIL - fixture: reg add $*"
    tr -d '\r' <"$work/add.txt" | sed 's/^/    /'
    failed=$((failed + 1))
  fi
}

hexbytes() { # COUNT SEED: COUNT bytes as plain hex, deterministic
  awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++)
    printf "%02x", (i * 37 + s) % 256 }'
}

hexlist() { # COUNT SEED: the same as a .reg hex list with continuations
  awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) {
    printf "%02x", (i * 37 + s) % 256
    if (i + 1 < n) printf ((i % 24 == 23) ? ",\\\r\n  " : ",") } }'
}

# Writes UTF-8 text from stdin as a UTF-16LE .reg file with a BOM.
utf16() {
  { printf '\377\376'; iconv -f UTF-8 -t UTF-16LE; } >"$work/$1"
}

# ---------------------------------------------------------------------
say "# fixture: values of every type under $key (wine reg add)"
add "$key" /ve /t REG_SZ /d 'default value'
add "$key" /v sz /t REG_SZ /d 'hello world'
add "$key" /v sz_empty /t REG_SZ /d ''
add "$key" /v 'quotes "q" and \backslash\' /t REG_SZ /d 'say "hi" C:\path\'
add "$key" /v 'a=b[c];d' /t REG_SZ /d 'x=y;[z] tab	end'
add "$key" /v 'ünïcödé €😀' /t REG_SZ /d 'Ünï €😀 ✓'
add "$key" /v expand /t REG_EXPAND_SZ /d '%SystemRoot%\system32;%PATH%'
add "$key" /v binary /t REG_BINARY /d 0102ff00
add "$key" /v binary_empty /t REG_BINARY
add "$key" /v binary_long /t REG_BINARY /d "$(hexbytes 1500 11)"
add "$key" /v dword /t REG_DWORD /d 0x12345678
add "$key" /v dword_max /t REG_DWORD /d 4294967295
add "$key" /v dword_be /t REG_DWORD_BIG_ENDIAN /d 5
add "$key" /v multi /t REG_MULTI_SZ /d 'one\0two "2"\0€'
add "$key" /v multi_sep /t REG_MULTI_SZ /s '#' /d 'x#y'
add "$key" /v multi_empty /t REG_MULTI_SZ /d ''
add "$key" /v qword /t REG_QWORD /d 0x1122334455667788
add "$key" /v qword_max /t REG_QWORD /d 0xffffffffffffffff
add "$key" /v none /t REG_NONE /d 'abc'
add "$key" /v none_empty /t REG_NONE
add "$key\\Sub" /v level /t REG_DWORD /d 1
add "$key\\Sub\\Deeper\\Deepest" /v level /t REG_DWORD /d 3
add "$key\\Ключ 😀" /v 'ünï' /t REG_SZ /d '😀'
add "$key\\Empty"
# reg add without /v gives the key an empty default value in Wine; remove
# it so that one key is truly empty.
reg delete "$key\\Empty" /ve /f >/dev/null 2>&1

# ---------------------------------------------------------------------
say "# (i) reg export == live read"
i=0
for k in "$key" \
         'HKLM\System\CurrentControlSet\Control\ProductOptions' \
         'HKLM\Software\Microsoft\Windows NT\CurrentVersion' \
         HKLM HKCU HKU HKCR HKCC; do
  i=$((i + 1))
  check "reg export $k" reg export "$k" "$(win "export$i.reg")" /y
  check "export parses to the live read of $k" \
    regtool livecmp "$k" "$(win "export$i.reg")"
done
# The library's writer on the live data against Wine's export.
check "live -> writer: $key" regtool live "$key" "$(win live1.reg)"
check "writer output equals reg export: $key" \
  regtool compare "$(win export1.reg)" "$(win live1.reg)"
k='HKLM\Software\Microsoft\Windows NT\CurrentVersion'
check "live -> writer: $k" regtool live "$k" "$(win live3.reg)"
check "writer output equals reg export: $k" \
  regtool compare "$(win export3.reg)" "$(win live3.reg)"
# Reader and writer agree on a whole hive (parse, write, parse).
check "canon of the HKLM export" \
  regtool canon "$(win export4.reg)" "$(win canon4.reg)"
check "canon of HKLM parses back identical" \
  regtool compare "$(win export4.reg)" "$(win canon4.reg)"

# ---------------------------------------------------------------------
say "# (ii) library-written .reg -> reg import -> live read"
check "canon of the export of $key" \
  regtool canon "$(win export1.reg)" "$(win canon1.reg)"
check "reg delete $key" reg delete "$key" /f
if reg query "$key" >/dev/null 2>&1; then
  check "$key is gone after reg delete" false
fi
check "reg import of the library's file" reg import "$(win canon1.reg)"
check "live read equals the imported file" \
  regtool livecmp "$key" "$(win canon1.reg)"
check "live read equals the original export" \
  regtool livecmp "$key" "$(win export1.reg)"
check "reg delete $key (again)" reg delete "$key" /f
check "reg import of the writer's live dump" reg import "$(win live1.reg)"
check "live read equals the live dump" \
  regtool livecmp "$key" "$(win live1.reg)"

# ---------------------------------------------------------------------
say "# byte-exact shapes reg add cannot make"
raw="$key\\Raw"
rawkey=$(printf '%s' "$raw" | sed 's/^HKLM/HKEY_LOCAL_MACHINE/')
cases="sz_unterminated sz_odd_length sz_embedded_nul sz_zero_length
expand_unterminated multi_unterminated multi_zero_length dword_short
dword_long dword_zero_length qword_short big_endian_short link
type_0x12345678 sz_newline binary_large"
data_of() {
  case $1 in
    sz_unterminated) say 'hex(1):61,00,62,00' ;;
    sz_odd_length) say 'hex(1):61,00,62' ;;
    sz_embedded_nul) say 'hex(1):61,00,00,00,62,00,00,00' ;;
    sz_zero_length) say 'hex(1):' ;;
    expand_unterminated) say 'hex(2):25,00,41,00' ;;
    multi_unterminated) say 'hex(7):61,00,00,00,62,00' ;;
    multi_zero_length) say 'hex(7):' ;;
    dword_short) say 'hex(4):01,02,03' ;;
    dword_long) say 'hex(4):01,02,03,04,05' ;;
    dword_zero_length) say 'hex(4):' ;;
    qword_short) say 'hex(b):01,02' ;;
    big_endian_short) say 'hex(5):01' ;;
    link) say 'hex(6):41,00,42,00' ;;
    type_0x12345678) say 'hex(12345678):01,02' ;;
    sz_newline) say '"line1\nline2"' ;;
    binary_large) say "hex:$(hexlist 20000 5)" ;;
  esac
}
{
  printf 'Windows Registry Editor Version 5.00\r\n\r\n'
  for c in $cases; do
    printf '[%s\\%s]\r\n"v"=%s\r\n\r\n' "$rawkey" "$c" "$(data_of "$c")"
  done
} | utf16 raw.reg
for c in $cases; do
  {
    printf 'Windows Registry Editor Version 5.00\r\n\r\n'
    printf '[%s\\%s]\r\n"v"=%s\r\n\r\n' "$rawkey" "$c" "$(data_of "$c")"
  } | utf16 "raw_$c.reg"
done
check "library writes the raw values" regtool write "$(win raw.reg)"
check "live read equals the raw file byte for byte" \
  regtool livecmp "$raw" "$(win raw.reg)"
check "live -> writer for the raw values" \
  regtool live "$raw" "$(win live_raw.reg)"
check "writer output of the raw values parses back identical" \
  regtool compare "$(win raw.reg)" "$(win live_raw.reg)"
for c in $cases; do
  if reg export "$raw\\$c" "$(win "export_raw_$c.reg")" /y >/dev/null 2>&1
  then
    note "reg export of $c" \
      regtool livecmp "$raw\\$c" "$(win "export_raw_$c.reg")"
  else
    notes=$((notes + 1))
    say "note - reg export of $c failed"
  fi
done
check "reg delete the raw values" reg delete "$raw" /f
check "reg import of the writer's raw file" reg import "$(win live_raw.reg)"
for c in $cases; do
  note "reg import of $c" regtool livecmp "$raw\\$c" "$(win "raw_$c.reg")"
done
# Whatever reg import made of them, the library's own restore is exact.
check "library rewrites the raw values" regtool write "$(win live_raw.reg)"
check "live read equals the raw file again" \
  regtool livecmp "$raw" "$(win raw.reg)"

say "# $notes note(s) about Wine's reg export/import (not counted)"
say "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
