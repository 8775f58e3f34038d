#!/usr/bin/env bash
# test_dsc_live.sh BUILD_DIR: the DSC v3 command resources of connreset.exe
# (`connreset dsc`) against the live (Wine) registry, judged by Wine's own
# `reg export` and `reg import`, for a value change (SynProtection on
# Windows Server 2003), keys the change creates (SchannelProtocol TLS 1.2
# for the server role) and all four .NET Framework keys (StrongCrypto):
#  - `dsc test` is false, `dsc set --what-if` writes nothing (registry and
#    backup);
#  - `dsc set` makes `dsc test` true, as `reg query` / `reg export` show;
#  - `dsc set` again changes nothing and writes no backup;
#  - `reg import` of the undo .reg brings back the byte-identical export;
#  - stdout is JSON Lines (state, then the diff), stderr JSON messages;
#  - RestartService restarts the instance's service and the services that
#    depend on it (cr_testsvc.exe stands in for SQL Server and its agent).
set -u
build=$(cd "$1" && pwd)
export WINEPREFIX="${WINEPREFIX:-$build/wineprefix}" WINEDEBUG=-all
exe="$build/bin/connreset.exe"
run() { "$build/../../cmake/wine-run.sh" "$@"; }
[ -x "$build/../../cmake/wine-run.sh" ] || run() { WINEDEBUG=-all wine "$@"; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
winepath_w() { printf "Z:%s" "$(printf "%s" "$1" | tr / "\\\\")"; }
export_key() { run reg export "$1" "$(winepath_w "$2")" /y >/dev/null 2>&1; }

# dsc OP TYPE JSON [ARGS...]: stdout in $work/out, stderr in $work/err.
dsc() {
  local op=$1 type=$2 input=$3; shift 3
  printf '%s' "$input" | run "$exe" dsc "$op" --resource "$type" "$@" \
    >"$work/out" 2>"$work/err"
}
# lines PYTHON-EXPR: checks stdout (l: the parsed lines) and that stderr is
# JSON messages.
lines() {
  python3 - "$work/out" "$work/err" "$1" <<'EOF'
import json, sys
out, err, expr = sys.argv[1:4]
l = [json.loads(x) for x in open(out, encoding="utf-8").read().splitlines()]
for x in open(err, encoding="utf-8").read().splitlines():
    m = json.loads(x)
    assert isinstance(m, dict) and len(m) == 1 and list(m)[0] in ("error", "warn", "info"), x
sys.exit(0 if eval(expr) else 1)
EOF
}

# same A B: the same export, or both keys absent (no file).
same() { if [ -e "$1" ]; then cmp -s "$1" "$2"; else [ ! -e "$2" ]; fi; }

# scenario NAME TYPE JSON DIFF KEY... : the whole cycle on the keys given
# (each exported before and after).
scenario() {
  local name=$1 type=$2 input=$3 diff=$4; shift 4
  local keys=("$@") i
  for i in "${!keys[@]}"; do export_key "${keys[$i]}" "$work/$name-before-$i.reg"; done

  dsc test "$type" "$input"
  [ $? = 0 ] && ok || { bad "$name: dsc test failed"; cat "$work/err" >&2; }
  lines "len(l) == 2 and l[0]['_inDesiredState'] is False and l[1] == $diff" && ok \
    || { bad "$name: dsc test is not false with diff $diff"; cat "$work/out" >&2; }

  dsc set "$type" "$input" --what-if --backup "$(winepath_w "$work/$name-whatif.reg")"
  [ $? = 0 ] && ok || bad "$name: what-if failed"
  lines "len(l) == 2 and l[1] == $diff" && ok || bad "$name: what-if output"
  [ ! -e "$work/$name-whatif.reg" ] && ok || bad "$name: what-if wrote a backup"
  for i in "${!keys[@]}"; do
    export_key "${keys[$i]}" "$work/$name-whatif-$i.reg"
    same "$work/$name-before-$i.reg" "$work/$name-whatif-$i.reg" && ok \
      || bad "$name: what-if changed ${keys[$i]}"
  done

  dsc set "$type" "$input" --backup "$(winepath_w "$work/$name-undo.reg")"
  [ $? = 0 ] && ok || { bad "$name: dsc set failed"; cat "$work/err" >&2; }
  lines "len(l) == 2 and l[1] == $diff and all(l[0].get(k) == v for k, v in $input.items())" \
    && ok || { bad "$name: dsc set output"; cat "$work/out" >&2; }
  grep -q '"applied and verified' "$work/err" && ok || bad "$name: no applied message"
  [ -s "$work/$name-undo.reg" ] && ok || bad "$name: no undo .reg"
  # reg export sees the change
  local changed=0
  for i in "${!keys[@]}"; do
    export_key "${keys[$i]}" "$work/$name-set-$i.reg"
    same "$work/$name-before-$i.reg" "$work/$name-set-$i.reg" || changed=1
  done
  [ $changed = 1 ] && ok || bad "$name: reg export shows no change after set"

  dsc test "$type" "$input"
  lines "len(l) == 2 and l[0]['_inDesiredState'] is True and l[1] == []" && ok \
    || { bad "$name: not in state after set"; cat "$work/out" >&2; }

  dsc set "$type" "$input" --backup "$(winepath_w "$work/$name-again.reg")"
  lines "len(l) == 2 and l[1] == []" && ok || bad "$name: second set changed something"
  [ ! -e "$work/$name-again.reg" ] && ok || bad "$name: second set wrote a backup"
  grep -q "nothing to do" "$work/err" && ok || bad "$name: second set did not say so"

  run reg import "$(winepath_w "$work/$name-undo.reg")" >"$work/import.log" 2>&1 && ok \
    || { bad "$name: reg import rejected the undo .reg"; cat "$work/import.log" >&2
         iconv -f UTF-16LE -t UTF-8 "$work/$name-undo.reg" >&2; }
  for i in "${!keys[@]}"; do
    export_key "${keys[$i]}" "$work/$name-after-$i.reg"
    same "$work/$name-before-$i.reg" "$work/$name-after-$i.reg" && ok || {
      bad "$name: the undo did not bring back ${keys[$i]} byte for byte (or absent)"
      [ -e "$work/$name-before-$i.reg" ] && [ -e "$work/$name-after-$i.reg" ] &&
        diff <(iconv -f UTF-16LE -t UTF-8 "$work/$name-before-$i.reg") \
             <(iconv -f UTF-16LE -t UTF-8 "$work/$name-after-$i.reg") >&2; }
  done
  dsc test "$type" "$input"
  lines "l[0]['_inDesiredState'] is False" && ok || bad "$name: in state after the undo"
}

tcp='HKLM\System\CurrentControlSet\Services\Tcpip\Parameters'
schannel='HKLM\System\CurrentControlSet\Control\SecurityProviders\SCHANNEL'

winecfg -v win2003 >/dev/null 2>&1; wineserver -w
for v in SynAttackProtect TcpMaxHalfOpen TcpMaxHalfOpenRetried TcpMaxConnectResponseRetransmissions; do
  run reg delete "$tcp" /v $v /f >/dev/null 2>&1
done
scenario syn ConnReset/SynProtection '{"IsSingleInstance":"Yes","State":"Disabled"}' '["State"]' "$tcp"
# The state after, as the registry holds it, read by Wine's reg.exe.
dsc set ConnReset/SynProtection '{"IsSingleInstance":"Yes","State":"Enabled","TcpMaxHalfOpen":1000,"TcpMaxHalfOpenRetried":800}' \
  --backup "$(winepath_w "$work/syn2-undo.reg")"
lines "l[0]['RebootRequired'] is True and l[0]['_restartRequired'][0]['system']" && ok \
  || { bad "syn: no restart reported"; cat "$work/out" >&2; }
run reg query "$tcp" /v TcpMaxHalfOpen 2>/dev/null | grep -qi "0x3e8" && ok || bad "syn: TcpMaxHalfOpen not 1000"
run reg query "$tcp" /v SynAttackProtect >"$work/query" 2>&1
grep -qi "0x1" "$work/query" && ok || { bad "syn: SynAttackProtect not 1"; cat "$work/query" "$work/out" "$work/err" >&2; }
run reg import "$(winepath_w "$work/syn2-undo.reg")" >/dev/null 2>&1
export_key "$tcp" "$work/syn2-after.reg"
cmp -s "$work/syn-before-0.reg" "$work/syn2-after.reg" && ok || bad "syn: second undo not exact"

# Keys the change creates: the undo deletes them again.
winecfg -v win7 >/dev/null 2>&1; wineserver -w
run reg delete "$schannel\\Protocols\\TLS 1.2" /f >/dev/null 2>&1
scenario schannel ConnReset/SchannelProtocol '{"Protocol":"TLS 1.2","Role":"Server","State":"Enabled"}' '["State"]' "$schannel"
dsc set ConnReset/SchannelProtocol '{"Protocol":"TLS 1.2","Role":"Server","State":"Enabled"}' \
  --backup "$(winepath_w "$work/schannel2-undo.reg")"
run reg query "$schannel\\Protocols\\TLS 1.2\\Server" /v Enabled 2>/dev/null | grep -qi "0x1" && ok \
  || bad "schannel: Enabled not 1"
run reg query "$schannel\\Protocols\\TLS 1.2\\Server" /v DisabledByDefault 2>/dev/null | grep -qi "0x0" && ok \
  || bad "schannel: DisabledByDefault not 0"
run reg import "$(winepath_w "$work/schannel2-undo.reg")" >/dev/null 2>&1

# All four .NET Framework keys, both registry views.
netfx='HKLM\Software\Microsoft\.NETFramework'
netfx_wow='HKLM\Software\Wow6432Node\Microsoft\.NETFramework'
scenario netfx ConnReset/StrongCrypto '{"IsSingleInstance":"Yes","SchUseStrongCrypto":"Enabled","SystemDefaultTlsVersions":"Enabled"}' \
  '["SchUseStrongCrypto","SystemDefaultTlsVersions"]' "$netfx" "$netfx_wow"

# RestartService: a SQL Server instance whose service (and an agent that
# depends on it) is cr_testsvc.exe, which counts its starts in the registry;
# `dsc set` must restart both through the Service Control Manager.
svc_exe="$build/bin/cr_testsvc.exe"
sql='MSSQL$WINETEST' agent='SQLAgent$WINETEST'
starts() { # the start count of service $1, in decimal
  local v
  v=$(run reg query 'HKLM\Software\ConnResetTest' /v "$1" 2>/dev/null | tr -d '\r' | awk '/REG_DWORD/ { print $3 }')
  [ -n "$v" ] && printf '%d' "$v"
}
wait_starts() { # wait_starts SERVICE N
  local i
  for i in $(seq 1 40); do [ "$(starts "$1")" = "$2" ] && return 0; sleep 0.25; done
  return 1
}
run reg delete 'HKLM\Software\ConnResetTest' /f >/dev/null 2>&1
run sc create "$sql" binPath= "$(winepath_w "$svc_exe")" >/dev/null 2>&1
run sc create "$agent" binPath= "$(winepath_w "$svc_exe")" depend= "$sql" >/dev/null 2>&1
run sc start "$sql" >/dev/null 2>&1; run sc start "$agent" >/dev/null 2>&1
wait_starts "$sql" 1 && wait_starts "$agent" 1 && ok || bad "restart: the test services did not start"
cat >"$work/instance.reg" <<'REG'
REGEDIT4

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Microsoft SQL Server\Instance Names\SQL]
"WINETEST"="MSSQL16.WINETEST"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Microsoft SQL Server\MSSQL16.WINETEST\Setup]
"Version"="16.0.1000.6"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Microsoft SQL Server\MSSQL16.WINETEST\MSSQLServer\SuperSocketNetLib]
"Certificate"="258a392b6d4ba4c8fefe151af3b2ea462f098ab7"
REG
run reg import "$(winepath_w "$work/instance.reg")" >/dev/null 2>&1
dsc set ConnReset/SqlServerCertificate '{"InstanceName":"WINETEST","Thumbprint":"","RestartService":true}' \
  --backup "$(winepath_w "$work/sqlcert-undo.reg")"
[ $? = 0 ] && ok || { bad "restart: dsc set failed"; cat "$work/err" >&2; }
lines "l[1] == ['Thumbprint'] and 'service' not in json.dumps(l[0].get('_restartRequired', []))" && ok \
  || { bad "restart: the state after still asks for a service restart"; cat "$work/out" >&2; }
grep -q 'restarted service MSSQL\$WINETEST' "$work/err" && ok || { bad "restart: no message"; cat "$work/err" >&2; }
wait_starts "$sql" 2 && ok || bad "restart: $sql started $(starts "$sql") times, not 2"
wait_starts "$agent" 2 && ok || bad "restart: the dependent $agent started $(starts "$agent") times, not 2"
# Without RestartService: the service is named, not restarted.
run reg import "$(winepath_w "$work/sqlcert-undo.reg")" >/dev/null 2>&1
dsc set ConnReset/SqlServerCertificate '{"InstanceName":"WINETEST","Thumbprint":""}' \
  --backup "$(winepath_w "$work/sqlcert-undo2.reg")"
lines "l[0]['_restartRequired'] == [{'service': 'MSSQL\$WINETEST'}]" && ok \
  || { bad "restart: the service to restart is not named"; cat "$work/out" >&2; }
sleep 1; [ "$(starts "$sql")" = 2 ] && ok || bad "restart: restarted without RestartService"
run sc stop "$agent" >/dev/null 2>&1; run sc stop "$sql" >/dev/null 2>&1
run sc delete "$agent" >/dev/null 2>&1; run sc delete "$sql" >/dev/null 2>&1
run reg import "$(winepath_w "$work/sqlcert-undo2.reg")" >/dev/null 2>&1
run reg delete 'HKLM\Software\Microsoft\Microsoft SQL Server\MSSQL16.WINETEST' /f >/dev/null 2>&1
run reg delete 'HKLM\Software\Microsoft\Microsoft SQL Server\Instance Names\SQL' /v WINETEST /f >/dev/null 2>&1
run reg delete 'HKLM\Software\ConnResetTest' /f >/dev/null 2>&1

# Bad input on the Windows build: exit 2, a JSON error naming the offset.
dsc test ConnReset/SynProtection '{"IsSingleInstance":"Yes",'
[ $? = 2 ] && ok || bad "malformed input: exit code"
grep -q '"error":"reading the instance: input: line 1, column 27 (offset 26)' "$work/err" && ok \
  || { bad "malformed input: message"; cat "$work/err" >&2; }

echo "test_dsc_live: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
