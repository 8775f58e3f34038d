#!/bin/sh
# test_certs_live.sh - the certificate rows and the purpose fix against
# Wine's real crypt32 and registry:
#  (i)   certificates go into LocalMachine\My through cr_certstore_tool.exe
#        (CERT_STORE_PROV_REG + commit); `connreset.exe certs --json` reads
#        them live through crypt32 (CERT_STORE_PROV_SYSTEM_W) and its rows
#        equal those of the same store `reg export`ed and read as a snapshot;
#  (ii)  `connreset.exe certs set-purpose --remove-server-auth` rewrites the
#        Blob, crypt32 reads the purposes back without Server Authentication
#        and the live rows say so;
#  (iii) `connreset.exe restore BACKUP` puts back the identical Blob.
#
#   tests/wine/test_certs_live.sh MINGW_BUILD_DIR
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 MINGW_BUILD_DIR" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
tool=$build/bin/cr_certstore_tool.exe
exe=$build/bin/connreset.exe
for f in "$tool" "$exe"; do
  [ -f "$f" ] || { echo "$0: $f not found" >&2; exit 2; }
done
x509=$root/tests/fixtures/x509
export WINEPREFIX="${WINEPREFIX:-$build/wineprefix}"
export WINEDEBUG=-all
unset DISPLAY WAYLAND_DISPLAY
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  sh "$root/cmake/wine-init.sh" "$WINEPREFIX" || exit 2
fi
command -v python3 >/dev/null 2>&1 || { echo "$0: python3 needed" >&2; exit 2; }

work=$(mktemp -d "$build/certslive.XXXXXX") || exit 2
passed=0
failed=0
my='HKLM\SOFTWARE\Microsoft\SystemCertificates\MY'
thumbs=""

say() { printf '%s\n' "$*"; }
win() { printf 'Z:%s' "$(printf '%s' "$1" | tr '/' '\\')"; }
tool() { wine "$tool" "$@"; }
cleanup() {
  for t in $thumbs; do
    tool delete "$t" >/dev/null 2>&1
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

check() {
  label=$1
  shift
  if "$@" >"$work/out.txt" 2>&1; then
    passed=$((passed + 1))
    say "ok - $label"
  else
    failed=$((failed + 1))
    say "FAIL - $label"
    tr -d '\r' <"$work/out.txt" | sed 's/^/    /' | head -40
  fi
}

# ---------------------------------------------------------------------
say "# (i) live rows (crypt32) == rows of the reg export"
add() { # DER EKUS -> thumbprint
  out=$(tool add "$(win "$x509/$1")" "ConnReset $1" "$2" "cont-$1" \
    "Microsoft Enhanced RSA and AES Cryptographic Provider" | tr -d '\r')
  if [ -z "$out" ]; then
    # See test_cert_store.sh: a silent Wine failure inside crypt32's commit
    # was seen once in a fresh prefix; retry once, visibly (on stderr, as
    # this function's stdout is the thumbprint).
    echo "note - cr_certstore_tool add $1 printed nothing; retrying once" >&2
    wineserver -w
    out=$(tool add "$(win "$x509/$1")" "ConnReset $1" "$2" "cont-$1" \
      "Microsoft Enhanced RSA and AES Cryptographic Provider" | tr -d '\r')
  fi
  printf '%s\n' "$out"
}
t_md5=$(add rsa-md5.der 1.3.6.1.5.5.7.3.1,1.3.6.1.5.5.7.3.2)
t_self=$(add selfsigned-rsa-sha512.der 1.3.6.1.5.5.7.3.1)
t_sha1=$(add rsa-sha1.der 1.3.6.1.5.5.7.3.1)
t_client=$(add eku-client.der 1.3.6.1.5.5.7.3.2)
thumbs="$t_md5 $t_self $t_sha1 $t_client"
check "four certificates added through CERT_STORE_PROV_REG" \
  test -n "$t_md5" -a -n "$t_self" -a -n "$t_sha1" -a -n "$t_client"

wine "$exe" certs --json >"$work/live.json" 2>"$work/live.err"
check "connreset.exe certs --json (live, crypt32) succeeds" \
  sh -c "tr -d '\r' <'$work/live.json' | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[\"source\"]==\"crypt32\", d[\"source\"]'"
cat "$work/live.err"
check "reg export of MY" wine reg export "$my" "$(win "$work/my.reg")" /y
wine "$exe" --snapshot "$(win "$work/my.reg")" certs --json >"$work/snap.json" 2>&1
cmp_rows() { # A.json B.json: equal but for "source"
  python3 - "$1" "$2" <<'PY'
import json, sys
a = json.loads(open(sys.argv[1], encoding='utf-8').read().replace('\r', ''))
b = json.loads(open(sys.argv[2], encoding='utf-8').read().replace('\r', ''))
for d in (a, b):
    d.pop('source', None)
if a != b:
    print(json.dumps(a, indent=1)[:3000])
    print(json.dumps(b, indent=1)[:3000])
    sys.exit(1)
print(len(a['certificates']), 'rows equal')
PY
}
check "live rows == snapshot rows" cmp_rows "$work/live.json" "$work/snap.json"
tr -d '\r' <"$work/out.txt" | sed 's/^/    /'
row_is() { # JSON THUMB PYTHON-EXPR-over-r
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
d = json.loads(open(sys.argv[1], encoding='utf-8').read().replace('\r', ''))
r = [c for c in d['certificates'] if c['thumbprint'] == sys.argv[2]]
assert r, 'no row ' + sys.argv[2]
r = r[0]
ok = eval(sys.argv[3])
print(json.dumps(r, indent=1))
sys.exit(0 if ok else 1)
PY
}
check "rsa-md5: weak, Server Authentication enabled, private key" \
  row_is "$work/live.json" "$t_md5" 'r["weak"] and r["serverAuthentication"] and r["privateKey"] and [x["rule"] for x in r["reasons"]]==["weak-hash"]'
check "selfsigned-rsa-sha512: not weak" \
  row_is "$work/live.json" "$t_self" 'not r["weak"] and [x["rule"] for x in r["reasons"]]==["weak-hash-self-signed"]'
check "rsa-sha1: SHA-1 warning" \
  row_is "$work/live.json" "$t_sha1" '[x["rule"] for x in r["reasons"]]==["sha1"]'
check "eku-client: no Server Authentication" \
  row_is "$work/live.json" "$t_client" 'not r["serverAuthentication"] and [x["rule"] for x in r["reasons"]]==["no-server-auth"]'

# ---------------------------------------------------------------------
say "# (ii) the purpose fix, live"
check "reg export of the rsa-md5 key before" \
  wine reg export "$my\\Certificates\\$t_md5" "$(win "$work/before.reg")" /y
check "certs set-purpose --what-if" \
  wine "$exe" certs set-purpose --thumbprint "$t_md5" --remove-server-auth --what-if
check "what-if wrote nothing" sh -c "wine reg export '$my\\Certificates\\$t_md5' '$(win "$work/whatif.reg")' /y >/dev/null && cmp '$work/before.reg' '$work/whatif.reg'"
check "certs set-purpose --remove-server-auth (live)" \
  wine "$exe" certs set-purpose --thumbprint "$t_md5" --remove-server-auth \
  --backup "$(win "$work/backup.reg")"
tr -d '\r' <"$work/out.txt" | sed 's/^/    /'
tool show "$t_md5" 2>&1 | tr -d '\r' >"$work/show.txt"
sed 's/^/    /' "$work/show.txt"
check "crypt32 reads the purposes without Server Authentication" \
  grep -qx 'eku=1.3.6.1.5.5.7.3.2' "$work/show.txt"
check "crypt32 still reads the friendly name and key" \
  sh -c "grep -qx 'friendly=ConnReset rsa-md5.der' '$work/show.txt' && grep -qx 'container=cont-rsa-md5.der' '$work/show.txt'"
wine "$exe" certs --json >"$work/live2.json" 2>&1
check "live rows: Server Authentication disabled, no longer auto-selectable" \
  row_is "$work/live2.json" "$t_md5" 'not r["serverAuthentication"] and not r["autoSelectable"] and r["enabledPurposes"]==["1.3.6.1.5.5.7.3.2"]'
check "set-purpose again: nothing to do" \
  sh -c "wine '$exe' certs set-purpose --thumbprint '$t_md5' --remove-server-auth | grep -q 'Nothing to do'"

# ---------------------------------------------------------------------
say "# (iii) undo"
check "connreset.exe restore BACKUP" wine "$exe" restore "$(win "$work/backup.reg")" \
  --backup "$(win "$work/undo-undo.reg")"
check "reg export of the rsa-md5 key after" \
  wine reg export "$my\\Certificates\\$t_md5" "$(win "$work/after.reg")" /y
check "the Blob is identical to the one before" cmp "$work/before.reg" "$work/after.reg"
tool show "$t_md5" 2>&1 | tr -d '\r' >"$work/show.txt"
check "crypt32 reads the original purposes" \
  grep -qx 'eku=1.3.6.1.5.5.7.3.1,1.3.6.1.5.5.7.3.2' "$work/show.txt"

# ---------------------------------------------------------------------
for t in $thumbs; do
  check "cr_certstore_tool delete $t" tool delete "$t"
done
thumbs=""
say "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
