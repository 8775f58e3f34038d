#!/usr/bin/env bash
# test_oledb_live.sh BUILD_DIR: OLE DB providers on the live (Wine)
# registry. `reg import` of tests/fixtures/sql/oledb-providers.reg (what the
# installers register: ProgIDs, CLSIDs in both views, and a decoy CLSID
# without "OLE DB Provider"), then:
#  - a live diagnosis finds SQLOLEDB (64- and 32-bit), SQLNCLI11 and
#    MSOLEDBSQL, not the decoy, with SQLCheck's verdicts for Windows 7;
#  - `collect` exports the ProgID and the derived CLSID keys, and the
#    collected snapshot diagnoses the same as the live registry;
#  - the keys are deleted again (the prefix is shared by the wine tests).
set -u
build=$(cd "$1" && pwd)
export WINEPREFIX="${WINEPREFIX:-$build/wineprefix}" WINEDEBUG=-all
exe="$build/bin/connreset.exe"
src=$(cd "$(dirname "$0")/../.." && pwd)
fixture="$src/tests/fixtures/sql/oledb-providers.reg"
run() { "$src/cmake/wine-run.sh" "$@"; }
work=$(mktemp -d)
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
winepath_w() { printf "Z:%s" "$(printf "%s" "$1" | tr / "\\\\")"; }
json() { # json FILE PYTHON-EXPR DESCRIPTION (d is the parsed document)
  if python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"; then ok
  else bad "$3: $2"; head -60 "$1" >&2; fi
}
classes='HKLM\Software\Classes'
cleanup() {
  local k
  for k in SQLOLEDB SQLOLEDB.1 SQLNCLI11 SQLNCLI11.1 MSOLEDBSQL MSOLEDBSQL.1 SQLNCLI10 SQLNCLI10.1 \
           'CLSID\{0C7FF16C-38E3-11d0-97AB-00C04FC2AD98}' 'WOW6432Node\CLSID\{0C7FF16C-38E3-11d0-97AB-00C04FC2AD98}' \
           'CLSID\{397C2819-8272-4532-AD3A-FB5E43BEAA39}' 'CLSID\{5A23DE84-1D7B-4A16-8DED-B29C09CB648D}' \
           'CLSID\{8F4A6B68-4F36-4e3c-BE81-BC7CA4E9C45C}'; do
    run reg delete "$classes\\$k" /f >/dev/null 2>&1
  done
}
trap 'cleanup; rm -rf "$work"' EXIT

# Windows 7 (6.1): SQLCheck lists no TLS 1.2 update for SQLOLEDB there.
winecfg -v win7 >/dev/null 2>&1; wineserver -w
cleanup
run reg import "$(winepath_w "$fixture")" >/dev/null 2>&1 && ok || bad "reg import of the fixture"
run reg query "$classes\\WOW6432Node\\CLSID\\{0C7FF16C-38E3-11d0-97AB-00C04FC2AD98}\\InprocServer32" >/dev/null 2>&1 \
  && ok || bad "the 32-bit CLSID is not in the registry after the import"

# 1. Live.
run "$exe" --json diagnose >"$work/live.json" 2>"$work/err"; rc=$?
[ $rc = 1 ] && ok || { bad "live diagnose exit $rc"; cat "$work/err" >&2; }
json "$work/live.json" "d['source']['kind']=='live'" "live source"
json "$work/live.json" "[(x['name'],x['bits'],x['tls12']) for x in d['checks']['sql']['drivers'] if x['kind']=='OLE DB']==[('SQLOLEDB',64,'no'),('SQLOLEDB',32,'no'),('SQLNCLI11',64,'unknown'),('MSOLEDBSQL',64,'yes')]" "live OLE DB providers and verdicts (decoy SQLNCLI10 not reported)"
json "$work/live.json" "[x['path'] for x in d['checks']['sql']['drivers'] if x['kind']=='OLE DB'][:2]==[r'C:\\Program Files\\Common Files\\System\\Ole DB\\sqloledb.dll',r'C:\\Program Files (x86)\\Common Files\\System\\Ole DB\\sqloledb.dll']" "live InprocServer32 paths"
json "$work/live.json" "sorted(f['title'] for f in d['findings'] if f['id']=='PROTO011' and 'SQLOLEDB' in f['title'])==['Client driver \"SQLOLEDB\" (OLE DB) cannot use TLS 1.2','Client driver \"SQLOLEDB\" (OLE DB, 32-bit) cannot use TLS 1.2']" "live PROTO011 for SQLOLEDB in both views"
json "$work/live.json" "[e['key'] for f in d['findings'] if f['id']=='PROTO011' and '32-bit' in f['title'] and 'SQLOLEDB' in f['title'] for e in f['evidence']]==[r'HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\SQLOLEDB\\Clsid',r'HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\WOW6432Node\\CLSID\\{0C7FF16C-38E3-11d0-97AB-00C04FC2AD98}\\InprocServer32']" "live evidence names the keys read"

# 2. collect, then the collected snapshot.
run "$exe" collect -o "$(winepath_w "$work/collected.reg")" >/dev/null 2>"$work/err" && ok || { bad "collect failed"; cat "$work/err" >&2; }
iconv -f UTF-16LE -t UTF-8 "$work/collected.reg" 2>/dev/null | tr -d '\r' >"$work/collected.txt" || cp "$work/collected.reg" "$work/collected.txt"
for k in 'SQLOLEDB\Clsid' 'CLSID\{0C7FF16C-38E3-11d0-97AB-00C04FC2AD98}\OLE DB Provider' \
         'WOW6432Node\CLSID\{0C7FF16C-38E3-11d0-97AB-00C04FC2AD98}\InprocServer32' \
         'CLSID\{8F4A6B68-4F36-4e3c-BE81-BC7CA4E9C45C}\InprocServer32'; do
  grep -qiF "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\$k]" "$work/collected.txt" && ok || bad "collect did not export $k"
done
run "$exe" --json --snapshot "$(winepath_w "$work/collected.reg")" diagnose >"$work/snap.json" 2>/dev/null
python3 -c "import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); assert a['checks']['sql']==b['checks']['sql'] and a['findings']==b['findings'] and a['os']==b['os']" "$work/snap.json" "$work/live.json" \
  && ok || bad "the collected snapshot diagnoses differently from live"

# 3. Without the providers nothing OLE DB is reported.
cleanup
run "$exe" --json diagnose >"$work/after.json" 2>/dev/null
json "$work/after.json" "not [x for x in d['checks']['sql']['drivers'] if x['kind']=='OLE DB']" "no OLE DB provider after deleting the keys"

echo "test_oledb_live: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
