#!/usr/bin/env bash
# test_cli_live.sh BUILD_DIR: connreset.exe against the live (Wine)
# registry, judged by Wine's own `reg export`:
#  - --what-if leaves the registry byte-identical and writes no backup;
#  - syn set applies and verifies, and `restore` of its backup brings back
#    the exact prior export, absent values included;
#  - a diagnosis of the live machine matches the state it was put in.
# Wine is switched to Windows Server 2003 (SP2) for this, as the check
# cares about that OS.
set -u
build=$(cd "$1" && pwd)
# The same prefix for winecfg/wineserver here and for the tool (ctest sets
# it; by hand it defaults to the build's own).
export WINEPREFIX="${WINEPREFIX:-$build/wineprefix}" WINEDEBUG=-all
exe="$build/bin/connreset.exe"
run() { "$build/../../cmake/wine-run.sh" "$@"; }
[ -x "$build/../../cmake/wine-run.sh" ] || run() { WINEDEBUG=-all wine "$@"; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
tcp='HKLM\System\CurrentControlSet\Services\Tcpip\Parameters'
export_tcp() { run reg export "$tcp" "$(winepath_w "$1")" /y >/dev/null 2>&1; }
winepath_w() { printf "Z:%s" "$(printf "%s" "$1" | tr / "\\\\")"; }

winecfg -v win2003 >/dev/null 2>&1; wineserver -w
for v in SynAttackProtect TcpMaxHalfOpen TcpMaxHalfOpenRetried; do
  run reg delete "$tcp" /v $v /f >/dev/null 2>&1
done
export_tcp "$work/before.reg"
[ -s "$work/before.reg" ] && ok || bad "reg export wrote nothing"

# 1. What-if writes nothing.
run "$exe" syn set --disable --what-if --backup "$(winepath_w "$work/whatif-backup.reg")" >"$work/out" 2>&1
[ $? = 0 ] && ok || bad "what-if exit code"
grep -q "What if: nothing was written" "$work/out" && ok || bad "what-if message"
export_tcp "$work/after-whatif.reg"
cmp -s "$work/before.reg" "$work/after-whatif.reg" && ok || bad "what-if changed the registry"
[ ! -e "$work/whatif-backup.reg" ] && ok || bad "what-if wrote a backup"

# 2. The live diagnosis: 2003 SP2 with nothing set -> protection on, exit 1.
run "$exe" --json syn >"$work/syn.json" 2>"$work/err"; rc=$?
[ $rc = 1 ] && ok || { bad "live syn exit $rc"; cat "$work/err" >&2; }
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['source']['kind']=='live' and d['checks']['syn']['state']=='enabled' and d['findings'][0]['id']=='SYN001'" "$work/syn.json" && ok || bad "live verdict"

# 3. Apply, verify, and restore from the backup to the exact prior state.
run "$exe" syn set --enable --max-half-open 1000 --max-half-open-retried 800 --backup "$(winepath_w "$work/backup.reg")" >"$work/out" 2>&1
[ $? = 0 ] && ok || { bad "apply failed"; cat "$work/out" >&2; }
grep -q "Applied and verified" "$work/out" && ok || bad "apply message"
run reg query "$tcp" /v TcpMaxHalfOpen 2>/dev/null | grep -qi "0x3e8" && ok || bad "TcpMaxHalfOpen not 1000"
run "$exe" syn set --disable --backup "$(winepath_w "$work/backup2.reg")" >/dev/null 2>&1 && ok || bad "disable failed"
run "$exe" --json syn >"$work/syn2.json" 2>/dev/null; rc=$?
[ $rc = 0 ] && ok || bad "after disabling, exit $rc"
run "$exe" restore "$(winepath_w "$work/backup2.reg")" --backup "$(winepath_w "$work/backup3.reg")" >/dev/null 2>&1 && ok || bad "restore 2 failed"
run "$exe" restore "$(winepath_w "$work/backup.reg")" --backup "$(winepath_w "$work/backup4.reg")" >"$work/out" 2>&1 && ok || { bad "restore failed"; cat "$work/out" >&2; }
export_tcp "$work/after-restore.reg"
cmp -s "$work/before.reg" "$work/after-restore.reg" && ok || { bad "restore did not bring back the exact prior export"; diff <(iconv -f UTF-16LE -t UTF-8 "$work/before.reg") <(iconv -f UTF-16LE -t UTF-8 "$work/after-restore.reg") >&2; }
# Restoring the same backup again finds everything as wanted.
run "$exe" restore "$(winepath_w "$work/backup.reg")" --backup "$(winepath_w "$work/backup4b.reg")" >"$work/out" 2>&1 && ok || bad "second restore failed"
grep -q "Nothing to do" "$work/out" && ok || { bad "second restore of the same backup was not 'Nothing to do'"; cat "$work/out" >&2; }
[ ! -e "$work/backup4b.reg" ] && ok || bad "a restore with nothing to do wrote a backup"

# 4. The backup file is one `reg import` accepts.
run "$exe" syn set --disable --backup "$(winepath_w "$work/backup5.reg")" >/dev/null 2>&1
run reg import "$(winepath_w "$work/backup5.reg")" >/dev/null 2>&1 && ok || bad "reg import rejected our backup"
export_tcp "$work/after-import.reg"
cmp -s "$work/before.reg" "$work/after-import.reg" && ok || bad "reg import of the backup did not restore the prior state"

# 5. collect writes a snapshot that diagnoses the same as the live machine.
run "$exe" collect -o "$(winepath_w "$work/collected.reg")" >/dev/null 2>&1 && ok || bad "collect failed"
run "$exe" --json --snapshot "$(winepath_w "$work/collected.reg")" syn >"$work/snap.json" 2>/dev/null
python3 -c "import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); assert a['checks']==b['checks'] and a['findings']==b['findings'] and a['os']==b['os']" "$work/snap.json" "$work/syn.json" && ok || bad "collected snapshot diagnoses differently from live"

# 6. A Schannel change on the live registry, undone by its backup.
proto='HKLM\System\CurrentControlSet\Control\SecurityProviders\SCHANNEL'
run reg export "$proto" "$(winepath_w "$work/schannel-before.reg")" /y >/dev/null 2>&1
run "$exe" tls protocol set --protocol tls1.0 --role server --state disabled --backup "$(winepath_w "$work/tls-backup.reg")" >"$work/out" 2>&1 && ok || { bad "tls protocol set live"; cat "$work/out" >&2; }
run reg query "$proto\Protocols\TLS 1.0\Server" /v Enabled 2>/dev/null | grep -qi "0x0" && ok || bad "TLS 1.0 server not disabled"
run "$exe" --json tls >"$work/tls.json" 2>/dev/null
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); p=[x for x in d['checks']['tls']['protocols'] if x['id']=='tls1.0'][0]; assert p['server']['state']=='disabled'" "$work/tls.json" && ok || bad "live model after the change"
run "$exe" restore "$(winepath_w "$work/tls-backup.reg")" --backup "$(winepath_w "$work/tls-backup2.reg")" >/dev/null 2>&1 && ok || bad "tls restore"
run reg export "$proto" "$(winepath_w "$work/schannel-after.reg")" /y >/dev/null 2>&1
cmp -s "$work/schannel-before.reg" "$work/schannel-after.reg" && ok || bad "restore did not bring SCHANNEL back byte for byte"

# 7. Paths outside the ANSI code page (wmain + _wfopen).
mkdir -p "$work/Jöran Grüße"
cp "$work/collected.reg" "$work/Jöran Grüße/host ü.reg"
LC_ALL=C.UTF-8 run "$exe" --snapshot "$(winepath_w "$work/Jöran Grüße/host ü.reg")" syn set --disable --out "$(winepath_w "$work/Jöran Grüße/fix é.reg")" >/dev/null 2>&1 && ok || bad "unicode paths"
[ -s "$work/Jöran Grüße/fix é.reg" ] && ok || bad "unicode output file missing"

winecfg -v win7 >/dev/null 2>&1; wineserver -w
echo "test_cli_live: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
