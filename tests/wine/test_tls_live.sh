#!/usr/bin/env bash
# test_tls_live.sh BUILD_DIR: the TLS scenarios of tests/fixtures/tls,
# written into a Wine registry with `reg import` and read live by
# connreset.exe, must give the same match verdict, fixes and findings as
# the snapshot files. Each side is tried live in turn. Uses its own
# throwaway prefix, since importing rewrites the OS identity.
set -u
build=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
exe="$build/bin/connreset.exe"
fx="$root/tests/fixtures/tls"
export WINEPREFIX="$build/wineprefix-tls" WINEDEBUG=-all
work=$(mktemp -d); trap 'wineserver -k 2>/dev/null; rm -rf "$work"' EXIT
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
w() { printf 'Z:%s' "$(printf '%s' "$1" | tr / '\\')"; }
[ -d "$WINEPREFIX" ] || { wineboot -i >/dev/null 2>&1; wineserver -w; }

cv='HKLM\Software\Microsoft\Windows NT\CurrentVersion'
# Make the registry hold exactly what a snapshot says about the keys the
# checks read: clear them, then import.
become() { # become FILE
  for k in 'HKLM\System\CurrentControlSet\Control\SecurityProviders\SCHANNEL' \
           'HKLM\Software\Policies\Microsoft\Cryptography\Configuration\SSL' \
           'HKLM\System\CurrentControlSet\Control\Cryptography\Configuration\Local\SSL' \
           'HKLM\Software\Microsoft\Microsoft SQL Server' \
           'HKLM\Software\Microsoft\SystemCertificates\MY\Certificates'; do
    wine reg delete "$k" /f >/dev/null 2>&1
  done
  for v in UBR CSDVersion CurrentMajorVersionNumber CurrentMinorVersionNumber; do
    wine reg delete "$cv" /v $v /f >/dev/null 2>&1
  done
  wine reg import "$(w "$1")" >/dev/null 2>&1 || bad "reg import $(basename "$1")"
}
verdict() { # the parts of a match that must agree
  python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
v = d["verdict"]
print(json.dumps({"canConnect": v["canConnect"], "family": v["family"],
  "protocol": v["protocol"], "suite": v["suite"],
  "fixes": [(f["side"], f["cli"]) for f in v["fixes"]],
  "findings": [f["id"] for f in d["findings"]],
  "protocols": d["protocols"], "key": d["serverKey"]}, sort_keys=True))' "$1"
}

for pair in "win11-ecdhe-gcm-only ws2012r2-default" \
            "ws2019-tls12-only-client ws2008r2-default" \
            "ws2016-unfixed-dhe-client ws2019-dhe-first-server" \
            "ws2019-tls12-only-client ws2022-default" \
            "win11-ecdhe-gcm-only ws2012r2-sql-ecdsa-cert"; do
  set -- $pair
  c="$fx/$1.reg"; s="$fx/$2.reg"
  wine "$exe" --json match --client "$(w "$c")" --server "$(w "$s")" >"$work/files.json" 2>/dev/null
  want=$(verdict "$work/files.json")
  become "$s"
  wine "$exe" --json match --client "$(w "$c")" --server live >"$work/live.json" 2>"$work/err"
  [ "$(verdict "$work/live.json" 2>/dev/null)" = "$want" ] && ok || { bad "$1 -> $2: server read live differs"; cat "$work/err" >&2; diff <(echo "$want") <(verdict "$work/live.json") >&2; }
  become "$c"
  wine "$exe" --json match --client live --server "$(w "$s")" >"$work/live.json" 2>"$work/err"
  [ "$(verdict "$work/live.json" 2>/dev/null)" = "$want" ] && ok || { bad "$1 -> $2: client read live differs"; cat "$work/err" >&2; diff <(echo "$want") <(verdict "$work/live.json") >&2; }
done

echo "test_tls_live: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
