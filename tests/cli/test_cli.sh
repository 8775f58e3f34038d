#!/usr/bin/env bash
# test_cli.sh CONNRESET: the CLI on the bundled example snapshots, in
# snapshot mode (any OS): exit codes, JSON, and that a fix written with
# --out reads back as fixed and its backup undoes it.
set -u
cli=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
ex="$root/examples/snapshots"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/harness.sh"

# Diagnosis of the two examples.
expect_exit 1 "2003 SP2 has a warning" -- "$cli" --snapshot "$ex/ws2003-sp2.reg" diagnose
contains "$work/out" "SYN001" "2003 SP2 text"
expect_exit 1 "2003 SP2 json" -- "$cli" --snapshot "$ex/ws2003-sp2.reg" --json diagnose
json "$work/out" "d['schema']=='connreset.report/1' and d['findings'][0]['id']=='SYN001' and d['findings'][0]['fix']['cli']=='connreset syn set --disable'" "2003 SP2 findings"
json "$work/out" "d['checks']['syn']['state']=='enabled' and d['os']['servicePack']==2 and d['os']['role']=='server'" "2003 SP2 state"
json "$work/out" "[v for v in d['checks']['syn']['values'] if v['name']=='TcpMaxConnectResponseRetransmissions'][0]['default'] is None" "unknown default stays unknown"
# A default Server 2019 enables TLS_DHE suites (DHE001, warning) and this
# one carries 2003-era SYN values (SYN005, info).
expect_exit 1 "2019 has the DHE warning" -- "$cli" --json diagnose --snapshot "$ex/ws2019.reg"
json "$work/out" "d['checks']['syn']['state']=='not-applicable' and [f['id'] for f in d['findings']]==['DHE001','SYN005']" "2019 findings ranked"
json "$work/out" "d['checks']['tls']['suites']['source']=='os-default' and d['checks']['tls']['protocols'][4]['server']['state']=='enabled'" "2019 TLS model"
expect_exit 1 "syn alone" -- "$cli" --snapshot "$ex/ws2003-sp2.reg" syn
contains "$work/out" "TCP SYN attack protection: enabled" "syn text"

# Snapshot-mode change: needs --out, writes the fix and the undo, touches nothing else.
cp "$ex/ws2003-sp2.reg" "$work/host.reg"
expect_exit 2 "snapshot change without --out" -- "$cli" --snapshot "$work/host.reg" syn set --disable
expect_exit 0 "what-if" -- "$cli" --snapshot "$work/host.reg" syn set --disable --what-if --out "$work/fix.reg" --backup "$work/undo.reg"
contains "$work/out" "SynAttackProtect = 0" "what-if plan"
contains "$work/out" "intranet" "what-if warning"
[ ! -e "$work/fix.reg" ] && [ ! -e "$work/undo.reg" ] && ok || bad "what-if wrote a file"
cmp -s "$work/host.reg" "$ex/ws2003-sp2.reg" && ok || bad "what-if changed the snapshot"
expect_exit 0 "write fix" -- "$cli" --snapshot "$work/host.reg" --json syn set --disable --out "$work/fix.reg" --backup "$work/undo.reg"
json "$work/out" "d['result']=='written' and d['plan']['operations'][0]['value']=='SynAttackProtect'" "fix result"
cmp -s "$work/host.reg" "$ex/ws2003-sp2.reg" && ok || bad "snapshot mode changed its input"
expect_exit 0 "fixed host is clean" -- "$cli" --snapshot "$work/host.reg" --snapshot "$work/fix.reg" --json syn
json "$work/out" "d['checks']['syn']['state']=='disabled'" "fix applied on top"
expect_exit 1 "undo restores the finding" -- "$cli" --snapshot "$work/host.reg" --snapshot "$work/fix.reg" --snapshot "$work/undo.reg" --json syn
json "$work/out" "d['checks']['syn']['state']=='enabled' and not [v for v in d['checks']['syn']['values'] if v['present']]" "undo removes the value again"
expect_exit 0 "idempotent" -- "$cli" --snapshot "$work/host.reg" --snapshot "$work/fix.reg" syn set --disable --out "$work/fix2.reg"
contains "$work/out" "Nothing to do" "no second write"
expect_exit 2 "retried >= half open" -- "$cli" --snapshot "$work/host.reg" syn set --enable --max-half-open 100 --max-half-open-retried 100 --out "$work/x.reg"
contains "$work/err" "less than" "threshold message"
expect_exit 2 "two actions" -- "$cli" --snapshot "$work/host.reg" syn set --enable --disable --out "$work/x.reg"

# collect with --snapshot merges files into one snapshot.
expect_exit 0 "merge" -- "$cli" --snapshot "$work/host.reg" --snapshot "$work/fix.reg" collect -o "$work/merged.reg"
expect_exit 0 "merged is fixed" -- "$cli" --snapshot "$work/merged.reg" --json syn
json "$work/out" "d['checks']['syn']['state']=='disabled'" "merged snapshot"

# TLS: the match, its exit codes, and the changes in snapshot mode.
tls="$root/tests/fixtures/tls"
expect_exit 1 "no common suite" -- "$cli" --json match --client "$tls/win11-ecdhe-gcm-only.reg" --server "$tls/ws2012r2-default.reg"
json "$work/out" "d['verdict']['family']=='SUITE' and not d['verdict']['canConnect']" "scenario 2 verdict"
expect_exit 0 "ecdsa certificate" -- "$cli" match --client "$tls/win11-ecdhe-gcm-only.reg" --server "$tls/ws2012r2-default.reg" --server-key ecdsa
expect_exit 2 "bad key type" -- "$cli" match --client "$tls/win11-ecdhe-gcm-only.reg" --server "$tls/ws2012r2-default.reg" --server-key dsa
expect_exit 2 "match needs both" -- "$cli" match --client "$tls/win11-ecdhe-gcm-only.reg"
expect_exit 0 "healthy pair" -- "$cli" match --client "$tls/ws2019-tls12-only-client.reg" --server "$tls/ws2022-default.reg"
expect_exit 1 "pair diagnosis" -- "$cli" --json diagnose --client "$tls/ws2019-tls12-only-client.reg" --server "$tls/ws2008r2-default.reg"
json "$work/out" "d['schema']=='connreset.pair/1' and d['match']['verdict']['family']=='PROTO' and 'PROTO003' in [f['id'] for f in d['server']['findings']]" "pair diagnosis document"
# The fix the verdict names, written in snapshot mode, makes them connect.
expect_exit 0 "enable TLS 1.2 on 2008 R2" -- "$cli" --snapshot "$tls/ws2008r2-default.reg" tls protocol set --protocol tls1.2 --role server --state enabled --out "$work/tls12.reg" --backup "$work/tls12-undo.reg"
contains "$work/out" "DisabledByDefault = 0" "both values written"
expect_exit 0 "fixed pair connects" -- "$cli" match --client "$tls/ws2019-tls12-only-client.reg" --server "$tls/ws2008r2-default.reg" --server "$work/tls12.reg"
expect_exit 1 "undo breaks it again" -- "$cli" match --client "$tls/ws2019-tls12-only-client.reg" --server "$tls/ws2008r2-default.reg" --server "$work/tls12.reg" --server "$work/tls12-undo.reg"
expect_exit 0 "add the suggested suite" -- "$cli" --snapshot "$tls/win11-ecdhe-gcm-only.reg" tls suites set --add TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384 --out "$work/add.reg"
expect_exit 0 "scenario 2 fixed" -- "$cli" match --client "$tls/win11-ecdhe-gcm-only.reg" --client "$work/add.reg" --server "$tls/ws2012r2-default.reg"
expect_exit 0 "dhe disable" -- "$cli" --snapshot "$tls/ws2019-dhe-first-server.reg" tls dhe disable --out "$work/nodhe.reg"
expect_exit 0 "scenario 5 fixed" -- "$cli" --json match --client "$tls/ws2016-unfixed-dhe-client.reg" --server "$tls/ws2019-dhe-first-server.reg" --server "$work/nodhe.reg"
json "$work/out" "d['verdict']['canConnect'] and not d['verdict']['suite'].startswith('TLS_DHE')" "no DHE after the fix"
expect_exit 2 "unknown suite name" -- "$cli" --snapshot "$tls/ws2022-default.reg" tls suites set --order TLS_NOT_A_SUITE --out "$work/x.reg"
contains "$work/err" "not a cipher suite name" "unknown suite message"
expect_exit 2 "suite the OS lacks" -- "$cli" --snapshot "$tls/ws2012r2-default.reg" tls suites set --add TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 --out "$work/x.reg"
contains "$work/err" "does not support" "unsupported suite message"
expect_exit 2 "tls 1.3 on 2019" -- "$cli" --snapshot "$tls/ws2019-tls12-only-client.reg" tls protocol set --protocol tls1.3 --role both --state enabled --out "$work/x.reg"
# Disabling TLS 1.3 where the OS has none writes no keys (they would be
# PROTO004), and removes any that are there.
expect_exit 0 "tls 1.3 disabled on 2012 R2: nothing to write" -- "$cli" --snapshot "$tls/ws2012r2-default.reg" tls protocol set --protocol tls1.3 --role both --state disabled --out "$work/t13.reg"
contains "$work/out" "Nothing to do" "no TLS 1.3 keys written on 2012 R2"
printf 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.3\\Server]\r\n"Enabled"=dword:00000000\r\n' >"$work/t13keys.reg"
expect_exit 1 "TLS 1.3 keys on 2012 R2 are PROTO004" -- "$cli" --snapshot "$tls/ws2012r2-default.reg" --snapshot "$work/t13keys.reg" diagnose
contains "$work/out" "PROTO004" "PROTO004 for the keys"
expect_exit 0 "tls 1.3 disabled on 2012 R2 removes the keys" -- "$cli" --snapshot "$tls/ws2012r2-default.reg" --snapshot "$work/t13keys.reg" tls protocol set --protocol tls1.3 --role server --state disabled --out "$work/t13fix.reg"
contains "$work/out" "has none, so its keys are removed" "the plan says why"
long=$(python3 -c "print(','.join(['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384']*30))")
expect_exit 2 "policy over 1,023 characters" -- "$cli" --snapshot "$tls/ws2022-default.reg" tls suites set --order "$long" --out "$work/x.reg"
contains "$work/err" "1,023" "length message"
expect_exit 1 "tls report (DHE001 on a default 2012 R2)" -- "$cli" --json --snapshot "$tls/ws2012r2-default.reg" tls
json "$work/out" "d['checks']['tls']['suites']['source']=='os-default' and d['checks']['tls']['suites']['configured'][0]['curveSuffix']==256" "2012 R2 default list with curve suffixes"

# EccCurves: REG_MULTI_SZ, the policy value winning over the local one.
printf 'REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Cryptography\\Configuration\\SSL\\00010002]\n"EccCurves"=hex(7):4e,69,73,74,50,33,38,34,00,63,75,72,76,65,32,35,35,31,39,00,00\n' >"$work/curves.reg"
expect_exit 1 "curve order (DHE001 on a default 2022)" -- "$cli" --json --snapshot "$tls/ws2022-default.reg" --snapshot "$work/curves.reg" tls
json "$work/out" "d['checks']['tls']['eccCurves']=={'source':'policy','order':['NistP384','curve25519']}" "EccCurves read"

# SCHANNEL switches: Enabled 0 turns off every suite of that cipher or key
# exchange; 0xffffffff (what IIS Crypto writes) means on.
printf 'REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Ciphers\\Triple DES 168]\n"Enabled"=dword:00000000\n\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Ciphers\\AES 256/256]\n"Enabled"=dword:ffffffff\n\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\KeyExchangeAlgorithms\\ECDH]\n"Enabled"=dword:00000000\n' >"$work/switches.reg"
expect_exit 1 "switches" -- "$cli" --json --snapshot "$tls/ws2022-default.reg" --snapshot "$work/switches.reg" tls
json "$work/out" "[e['why'] for e in d['checks']['tls']['suites']['configured'] if e['name']=='TLS_RSA_WITH_3DES_EDE_CBC_SHA']==['Ciphers\\\\Triple DES 168']" "3DES off by its cipher switch"
json "$work/out" "all(e['why']=='KeyExchangeAlgorithms\\\\ECDH' for e in d['checks']['tls']['suites']['configured'] if e['name'].startswith('TLS_ECDHE_'))" "ECDHE off by the ECDH switch"
json "$work/out" "[e['usable'] for e in d['checks']['tls']['suites']['configured'] if e['name']=='TLS_RSA_WITH_AES_256_GCM_SHA384']==[True]" "0xffffffff means on"
expect_exit 0 "match without ECDHE on the server" -- "$cli" --json match --client "$tls/ws2019-tls12-only-client.reg" --server "$tls/ws2022-default.reg" --server "$work/switches.reg"
json "$work/out" "d['verdict']['canConnect'] and not d['verdict']['suite'].startswith('TLS_ECDHE')" "the match honours the switches"

# Snapshot-mode undo never deletes a key: the snapshot cannot vouch that a
# key it lacks (here the whole Policies branch) is absent on the machine.
expect_exit 0 "suite order on a host without Policies" -- "$cli" --snapshot "$tls/ws2022-default.reg" tls suites set --order TLS_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 --out "$work/o.reg" --backup "$work/ob.reg"
iconv -f UTF-16LE -t UTF-8 "$work/ob.reg" >"$work/ob.txt"
grep -q '^\[-' "$work/ob.txt" && bad "snapshot undo deletes a key: $(grep '^\[-' "$work/ob.txt")" || ok
contains "$work/ob.txt" '"Functions"=-' "undo removes the written value"
# DHE removal fits the default 2012 R2 order by dropping RC4/3DES/NULL.
expect_exit 0 "dhe disable on 2012 R2" -- "$cli" --snapshot "$tls/ws2012r2-default.reg" tls dhe disable --out "$work/nodhe12.reg"
contains "$work/out" "so the list fits in 1,023 characters" "why weak suites went"
expect_exit 0 "2012 R2 without DHE" -- "$cli" --json --snapshot "$tls/ws2012r2-default.reg" --snapshot "$work/nodhe12.reg" tls
json "$work/out" "not [f for f in d['findings'] if f['id'] in ('DHE001','SUITE002')] and d['checks']['tls']['suites']['source']=='policy'" "no DHE, within the limit"
expect_exit 0 "SSL2.0 spelling" -- "$cli" --snapshot "$tls/ws2022-default.reg" tls protocol set --protocol SSL2.0 --role both --state default --what-if

# Certificates and SQL Server on the collected fixtures.
ec="$tls/ws2012r2-sql-ecdsa-cert.reg"; thumb=609B142285717467AC64BE187A86AAA8D3E04630
expect_exit 0 "certs" -- "$cli" --json --snapshot "$ec" certs
json "$work/out" "d['schema']=='connreset.certs/1' and d['certificates'][0]['thumbprint']=='$thumb' and d['certificates'][0]['usedBy']==['MSSQLSERVER'] and d['certificates'][0]['serverAuthentication'] and not d['certificates'][0]['weak']" "certificate row"
expect_exit 0 "purpose fix" -- "$cli" --snapshot "$ec" certs set-purpose --thumbprint "${thumb,,}" --remove-server-auth --out "$work/purpose.reg" --backup "$work/purpose-undo.reg"
expect_exit 0 "after the purpose fix" -- "$cli" --json --snapshot "$ec" --snapshot "$work/purpose.reg" certs
json "$work/out" "not d['certificates'][0]['serverAuthentication']" "server auth removed"
expect_exit 0 "purpose undo" -- "$cli" --json --snapshot "$ec" --snapshot "$work/purpose.reg" --snapshot "$work/purpose-undo.reg" certs
json "$work/out" "d['certificates'][0]['serverAuthentication']" "undo restores the purposes"
expect_exit 0 "clear the instance certificate" -- "$cli" --snapshot "$ec" sql set-cert --instance MSSQLSERVER --clear --out "$work/clear.reg"
contains "$work/out" "MSSQLSERVER" "service named"
expect_exit 1 "sql findings" -- "$cli" --json --snapshot "$root/tests/fixtures/sql/ws2012r2-sql-mixed.reg" diagnose
json "$work/out" "{'IOCP001','PROTO010','PROTO011'} <= {f['id'] for f in d['findings']}" "SQL findings in the diagnosis"
# OLE DB providers (SQLCheck's ProgID -> CLSID lookup): SQLOLEDB on 1809
# before the October 2020 update cannot do TLS 1.2, in both views; the
# decoy CLSID without "OLE DB Provider" (SQLNCLI10) is not a provider.
ole=(--snapshot "$root/tests/fixtures/sql/win10-1809-client.reg" --snapshot "$root/tests/fixtures/sql/oledb-providers.reg")
expect_exit 1 "OLE DB findings" -- "$cli" --json "${ole[@]}" diagnose
json "$work/out" "sorted((f['title'],[e['key'] for e in f['evidence']]) for f in d['findings'] if f['id']=='PROTO011' and 'OLE DB' in f['title'])==[('Client driver \"SQLOLEDB\" (OLE DB) cannot use TLS 1.2',[r'HKEY_LOCAL_MACHINE\SOFTWARE\Classes\SQLOLEDB\Clsid',r'HKEY_LOCAL_MACHINE\SOFTWARE\Classes\CLSID\{0C7FF16C-38E3-11d0-97AB-00C04FC2AD98}\InprocServer32']),('Client driver \"SQLOLEDB\" (OLE DB, 32-bit) cannot use TLS 1.2',[r'HKEY_LOCAL_MACHINE\SOFTWARE\Classes\SQLOLEDB\Clsid',r'HKEY_LOCAL_MACHINE\SOFTWARE\Classes\WOW6432Node\CLSID\{0C7FF16C-38E3-11d0-97AB-00C04FC2AD98}\InprocServer32'])]" "PROTO011 for SQLOLEDB, with the keys read"
json "$work/out" "[(x['name'],x['bits'],x['tls12']) for x in d['checks']['sql']['drivers'] if x['kind']=='OLE DB']==[('SQLOLEDB',64,'no'),('SQLOLEDB',32,'no'),('SQLNCLI11',64,'unknown'),('MSOLEDBSQL',64,'yes')]" "OLE DB providers found, decoy not"
json "$work/out" "[x['path'] for x in d['checks']['sql']['drivers'] if x['name']=='MSOLEDBSQL']==[r'C:\Windows\system32\msoledbsql.dll']" "provider path from InprocServer32"
expect_exit 1 "OLE DB text" -- "$cli" "${ole[@]}" diagnose
contains "$work/out" "Driver SQLOLEDB (OLE DB, 32-bit): TLS 1.2 no" "OLE DB in the text report"
# --errorlog: SQL2017 configures no certificate; its ERRORLOG says it loaded
# the MD5 one (MSSQLSERVER's configured one is cleared here).
sq="$root/tests/fixtures/sql"; el="$root/tests/fixtures/errorlog"; md5=258A392B6D4BA4C8FEFE151AF3B2EA462F098AB7
printf 'REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Microsoft SQL Server\\MSSQL12.MSSQLSERVER\\MSSQLServer\\SuperSocketNetLib]\r\n"Certificate"=""\r\n' >"$work/noconf.reg"
weak=(--snapshot "$sq/ws2012r2-sql-mixed.reg" --snapshot "$sq/weak-certs-overlay.reg" --snapshot "$work/noconf.reg")
expect_exit 0 "no certificate configured, no log" -- "$cli" --json "${weak[@]}" certs
json "$work/out" "[i['certificateSource'] for i in d['instances']]==['auto-selection']*4 and not [c for c in d['certificates'] if c['usedBy']]" "auto-selection without a log"
expect_exit 1 "certs --errorlog" -- "$cli" --json "${weak[@]}" certs --errorlog "SQL2017=$el/weak-md5.utf16.log"
json "$work/out" "[c for c in d['certificates'] if c['thumbprint']=='$md5'][0]['usedBy']==['SQL2017'] and [i for i in d['instances'] if i['name']=='SQL2017'][0]['certificateSource']=='errorlog' and [i for i in d['instances'] if i['name']=='SQL2017'][0]['errorlog']['line']==6" "the log names the certificate"
expect_exit 1 "diagnose --errorlog" -- "$cli" --json "${weak[@]}" --errorlog "SQL2017=$el/weak-md5.utf16.log" diagnose
json "$work/out" "[e for f in d['findings'] if f['id']=='CERTHASH001' for e in f['evidence'] if e['key'].endswith('weak-md5.utf16.log') and e['value']=='line 6']" "CERTHASH001 with the log line as evidence"
expect_exit 0 "a self-generated certificate" -- "$cli" --json "${weak[@]}" --errorlog "SQL2017=$el/failures.utf8.log" certs
json "$work/out" "[i for i in d['instances'] if i['name']=='SQL2017'][0]['certificateSource']=='self-generated'" "26018 is self-generated"
expect_exit 2 "--errorlog without =" -- "$cli" "${weak[@]}" certs --errorlog "$el/weak-md5.utf16.log"
contains "$work/err" "--errorlog needs INSTANCE=FILE" "--errorlog usage"
expect_exit 2 "--errorlog absent file" -- "$cli" "${weak[@]}" certs --errorlog "SQL2017=$work/absent.log"
contains "$work/err" "absent.log" "the unreadable ERRORLOG named"
expect_exit 2 "--errorlog malformed" -- "$cli" "${weak[@]}" diagnose --errorlog "SQL2017=$el/malformed/bad_utf8.log"
contains "$work/err" "bad_utf8.log:" "the malformed ERRORLOG named"

# Group Policy: profiles, Registry.pol export from a profile and from a
# diagnosis, show, and the what-if (issue 5).
tls="$root/tests/fixtures/tls"; gpo="$root/tests/fixtures/gpo"
expect_exit 0 "gpo profiles" -- "$cli" gpo profiles --json
json "$work/out" "'tls12-only' in [p['name'] for p in d['profiles']] and 'syn-2003-intranet' in [p['name'] for p in d['profiles']]" "profiles listed"
expect_exit 0 "gpo settings" -- "$cli" gpo settings --json
json "$work/out" "d['schema']=='connreset.gpo-settings/1' and [p for p in d['policies'] if p['name']=='TcpMaxHalfOpen'][0]['max']==4294967295" "settings table"
expect_exit 0 "gpo export profile" -- "$cli" gpo export --profile tls12-only --out "$work/tls12.pol"
contains "$work/out" "TLS 1.0\\Server] \"Enabled\" REG_DWORD = 0" "export lists the entries"
head -c 8 "$work/tls12.pol" | od -An -tx1 | tr -d ' \n' | grep -qx '5052656701000000' && ok || bad "PReg header"
expect_exit 0 "gpo export is stable" -- "$cli" gpo export --profile tls12-only --out "$work/tls12b.pol"
cmp -s "$work/tls12.pol" "$work/tls12b.pol" && ok || bad "two exports differ"
expect_exit 0 "gpo show" -- "$cli" gpo show "$work/tls12.pol" --json
json "$work/out" "len(d['entries'])==28 and [e for e in d['entries'] if e['key'].endswith('TLS 1.0\\\\Server') and e['value']=='DisabledByDefault' and e['data']==1]" "show reads it back"
expect_exit 2 "gpo export unknown profile" -- "$cli" gpo export --profile nope --out "$work/x.pol"
contains "$work/err" "tls12-only" "unknown profile lists the profiles"
[ ! -e "$work/x.pol" ] && ok || bad "failed export wrote a file"
expect_exit 0 "gpo export from a diagnosis" -- "$cli" --snapshot "$ex/ws2003-sp2.reg" gpo export --out "$work/syn.pol"
contains "$work/out" "\"SynAttackProtect\" REG_DWORD = 0" "the SYN001 fix as policy"
expect_exit 1 "2003 SP2 findings name the policy" -- "$cli" --json --snapshot "$ex/ws2003-sp2.reg" diagnose
json "$work/out" "d['findings'][0]['fix']['gpo']=='ConnReset/SynAttackProtect: Enabled, 0'" "fix.gpo"
# gpo show: machine, user or unknown from the folder; REG_NONE by name.
pols="$root/tests/fixtures/regpol"
expect_exit 0 "gpo show: a user policy" -- "$cli" gpo show "$pols/User/Registry.pol"
contains "$work/out" "user policy: keys under HKCU" "user scope"
contains "$work/out" "[HKCU\Software\Policies\Microsoft\Internet Explorer\Main] \"\" REG_NONE (0 bytes)" "REG_NONE named"
expect_exit 0 "gpo show: a machine policy with only its header" -- "$cli" gpo show "$pols/Machine/Registry.pol"
contains "$work/out" "0 entries (Registry.pol, machine policy: keys under HKLM)" "machine scope"
expect_exit 0 "gpo show: a file outside a GPO" -- "$cli" --json gpo show "$pols/gpmc_style.pol"
json "$work/out" "d['scope']=='unknown'" "unknown scope"
printf 'PReg\001\000\000\000[\000' >"$work/bad.pol"
expect_exit 2 "gpo show malformed" -- "$cli" gpo show "$work/bad.pol"
contains "$work/err" "bad.pol" "malformed .pol named"
# The what-if: turning TLS 1.0 off on the servers breaks the client that
# only speaks TLS 1.0; linked to the clients only, nothing breaks.
mkdir -p "$work/clients" "$work/servers"
cp "$gpo/ws2008r2-tls10-only-client.reg" "$tls/ws2019-tls12-only-client.reg" "$work/clients/"
cp "$tls/ws2012r2-default.reg" "$work/servers/"
# Grouped by class pair by default (issue 13); --detail adds every pair.
expect_exit 1 "gpo whatif breaks the TLS 1.0 client" -- "$cli" --json gpo whatif --profile tls12-only --clients "$work/clients" --servers "$work/servers" --apply-to servers
json "$work/out" "d['broken']==1 and d['fixed']==0 and 'pairs' not in d and len(d['classPairChanges'])==1 and d['classPairChanges'][0]['change']=='broken' and d['classPairChanges'][0]['pairs']==1 and d['classPairChanges'][0]['after']['finding']['id']=='PROTO001' and d['classPairChanges'][0]['serverClass']!=d['classPairChanges'][0]['serverClassAfter']" "the broken class pair"
expect_exit 1 "gpo whatif --detail" -- "$cli" --json gpo whatif --detail --profile tls12-only --clients "$work/clients" --servers "$work/servers" --apply-to servers
json "$work/out" "d['broken']==1 and d['fixed']==0 and [p for p in d['pairs'] if p['change']=='broken'][0]['client']=='APP2008R2' and [p for p in d['pairs'] if p['change']=='broken'][0]['after']['finding']=='PROTO001' and len(d['pairs'])==2" "the broken pair"
expect_exit 1 "gpo whatif from the .pol file" -- "$cli" gpo whatif --pol "$work/tls12.pol" --clients "$work/clients" --servers "$tls/ws2012r2-default.reg" --apply-to servers
if grep -qE "fails +broken +PROTO001" "$work/out"; then ok; else bad "text groups the pair by class"; fi
if grep -qF "APP2008R2 -> SQL2012R2" "$work/out"; then bad "pairs listed without --detail"; else ok; fi
expect_exit 1 "gpo whatif text --detail" -- "$cli" gpo whatif --detail --pol "$work/tls12.pol" --clients "$work/clients" --servers "$tls/ws2012r2-default.reg" --apply-to servers
contains "$work/out" "APP2008R2 -> SQL2012R2: connects -> fails: PROTO001" "text names the pair"
expect_exit 0 "gpo whatif on the clients only" -- "$cli" --json gpo whatif --profile tls12-only --clients "$work/clients" --servers "$work/servers" --apply-to clients
json "$work/out" "d['broken']==0 and d['applyTo']=='clients'" "clients only"
expect_exit 0 "gpo whatif fixes a pair" -- "$cli" --json gpo whatif --detail --profile tls12-enable --clients "$tls/ws2019-tls12-only-client.reg" --servers "$tls/ws2008r2-default.reg"
json "$work/out" "d['fixed']==1 and 'PROTO003' in [f['id'] for m in d['machines'] if m['role']=='server' for f in m['removed']]" "fixed pair and the finding it removes"
cmp -s "$work/servers/ws2012r2-default.reg" "$tls/ws2012r2-default.reg" && ok || bad "whatif changed a snapshot"
expect_exit 2 "gpo whatif needs both sides" -- "$cli" gpo whatif --profile tls12-only --clients "$work/clients"
expect_exit 2 "gpo whatif bad --apply-to" -- "$cli" gpo whatif --profile tls12-only --clients "$work/clients" --servers "$work/servers" --apply-to all
mkdir -p "$work/empty"
expect_exit 2 "gpo whatif empty dir" -- "$cli" gpo whatif --profile tls12-only --clients "$work/empty" --servers "$work/servers"

# --- The match outcome (issues 11.1 and 13.2): connects 0, fails and
# intermittent 1, undetermined 5.
prot='HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols'
printf 'Windows Registry Editor Version 5.00\r\n\r\n[%s\\TLS 1.2\\Client]\r\n"Enabled"=dword:00000001\r\n' "$prot" >"$work/hand-client.reg"
printf 'Windows Registry Editor Version 5.00\r\n\r\n[%s\\TLS 1.0\\Server]\r\n"Enabled"=dword:00000000\r\n' "$prot" >"$work/hand-server.reg"
expect_exit 5 "two hand-written files: undetermined" -- "$cli" --json match --client "$work/hand-client.reg" --server "$work/hand-server.reg"
json "$work/out" "d['verdict']['outcome']=='undetermined' and d['verdict']['canConnect'] is None and d['findings']==[] and [m['side'] for m in d['verdict']['missing']]==['client','server']" "undetermined verdict"
expect_exit 5 "undetermined text" -- "$cli" match --client "$work/hand-client.reg" --server "$work/hand-server.reg"
contains "$work/out" "Verdict: undetermined" "undetermined text verdict"
contains "$work/out" "connreset collect -o FILE.reg" "how to supply it"
expect_exit 5 "pair diagnosis: undetermined" -- "$cli" --json diagnose --client "$work/hand-client.reg" --server "$work/hand-server.reg"
json "$work/out" "d['match']['verdict']['outcome']=='undetermined'" "pair diagnosis outcome"
expect_exit 1 "DHE between fixed and unfixed: intermittent" -- "$cli" --json match --client "$tls/ws2016-unfixed-dhe-client.reg" --server "$tls/ws2019-dhe-first-server.reg"
json "$work/out" "d['verdict']['outcome']=='intermittent' and d['verdict']['canConnect'] and d['verdict']['family']=='DHEZERO'" "intermittent verdict"
expect_exit 1 "fails" -- "$cli" --json match --client "$tls/win11-ecdhe-gcm-only.reg" --server "$tls/ws2012r2-default.reg"
json "$work/out" "d['verdict']['outcome']=='fails'" "fails verdict"
expect_exit 0 "connects" -- "$cli" --json match --client "$tls/ws2019-tls12-only-client.reg" --server "$tls/ws2022-default.reg"
json "$work/out" "d['verdict']['outcome']=='connects' and d['verdict']['missing']==[]" "connects verdict"
expect_exit 0 "gpo whatif: intermittent to connects is a fix" -- "$cli" --json gpo whatif --detail --profile suites-no-dhe-win10 --clients "$tls/ws2016-unfixed-dhe-client.reg" --servers "$tls/ws2019-dhe-first-server.reg" --apply-to servers
json "$work/out" "d['fixed']==1 and d['pairs'][0]['before']['outcome']=='intermittent' and d['pairs'][0]['after']['outcome']=='connects'" "what-if outcome change"
# --os, --client-os, --server-os: the Windows of a snapshot that does not say.
expect_exit 0 "declared on both sides: decided" -- "$cli" --json match --client "$work/hand-client.reg" --client-os "Windows Server 2019" --server "$work/hand-server.reg" --server-os "Server 2016"
json "$work/out" "d['verdict']['outcome']=='connects' and d['client']['declared']=='Windows Server 2019' and d['server']['os']=='Windows Server 2016'" "declared OS used"
expect_exit 5 "declared on one side only" -- "$cli" --json match --client "$work/hand-client.reg" --client-os "Windows Server 2019" --server "$work/hand-server.reg"
json "$work/out" "[m['side'] for m in d['verdict']['missing']]==['server']" "only the server is missing"
expect_exit 2 "unknown OS name" -- "$cli" match --client "$work/hand-client.reg" --client-os "Windows 10" --server "$work/hand-server.reg"
contains "$work/err" "Windows 10 22H2" "the error lists the names"
expect_exit 2 "a name the snapshot contradicts" -- "$cli" match --client "$tls/ws2022-default.reg" --client-os "Windows Server 2016" --server "$work/hand-server.reg"
contains "$work/err" "the snapshot says it is Windows Server 2022" "contradiction named"
expect_exit 2 "--os in a pair" -- "$cli" match --client "$work/hand-client.reg" --server "$work/hand-server.reg" --os "Windows Server 2016"
expect_exit 2 "--client-os without --client" -- "$cli" --snapshot "$work/hand-server.reg" --client-os "Windows Server 2016" tls
expect_exit 1 "--os on one machine (DHE001 on a default 2016)" -- "$cli" --json --snapshot "$work/hand-server.reg" --os "Windows Server 2016" tls
json "$work/out" "d['os']['declared']=='Windows Server 2016' and d['checks']['tls']['protocols'][4]['server']['state']=='enabled'" "--os gives the OS defaults"
expect_exit 2 "--os with collect" -- "$cli" --snapshot "$work/hand-server.reg" --os "Windows Server 2016" collect -o "$work/c.reg"
expect_exit 0 "os-names" -- "$cli" os-names
contains "$work/out" "Windows Server 2003 R2" "names listed"
# connreset tls (text) shows the .NET, WinHTTP and FIPS sections --help
# promises (issue 11, point 3), not only --json.
printf 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319]\r\n"SchUseStrongCrypto"=dword:00000001\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\WinHttp]\r\n"DefaultSecureProtocols"=dword:00000a00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FipsAlgorithmPolicy]\r\n"Enabled"=dword:00000001\r\n' >"$work/netfx.reg"
expect_exit 1 "tls text with .NET, WinHTTP and FIPS" -- "$cli" --snapshot "$tls/ws2012r2-default.reg" --snapshot "$work/netfx.reg" tls
contains "$work/out" "FIPS algorithm policy: on (HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Lsa\FipsAlgorithmPolicy\Enabled = 1)" "FIPS section"
contains "$work/out" "TLS_RSA_WITH_RC4_128_SHA  (not available in FIPS mode)" "a suite FIPS rules out"
grep -q '^  v4.0.30319 (64-bit)    1 ' "$work/out" && ok || bad ".NET 4 64-bit SchUseStrongCrypto row: $(grep v4.0 "$work/out")"
contains "$work/out" "  64-bit  0x00000a00 (TLS 1.1, TLS 1.2)" "WinHTTP decoded"
contains "$work/out" "  32-bit  absent: the OS default applies" "WinHTTP 32-bit absent"
# --- end of the match outcome block.

# Bad input and usage.
printf 'REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\n"v"=dword:xyz\n' >"$work/broken.reg"
# As reg import reads it: the line is skipped, with a warning naming it.
expect_exit 0 "a line reg import skips" -- "$cli" --snapshot "$work/broken.reg" syn
contains "$work/err" "connreset: warning: $work/broken.reg:4: dword value 'xyz'" "warning names file and line"
# --strict: refused at that line, as before.
expect_exit 2 "malformed .reg with --strict" -- "$cli" --strict --snapshot "$work/broken.reg" diagnose
contains "$work/err" "broken.reg:4:" "error names file and line"
expect_exit 2 "malformed json error" -- "$cli" --strict --json --snapshot "$work/broken.reg" diagnose
json "$work/out" "d['error']['code']=='CR_EPARSE'" "json error"
printf 'Not a registry file\n' >"$work/notreg.reg"
expect_exit 2 "no header: refused even when lenient" -- "$cli" --snapshot "$work/notreg.reg" diagnose
contains "$work/err" "notreg.reg:1: not a .reg file" "no header named"
expect_exit 2 "missing file" -- "$cli" --snapshot "$work/nope.reg" diagnose
contains "$work/err" "nope.reg" "missing file named"
expect_exit 2 "unknown command" -- "$cli" frobnicate
expect_exit 2 "unknown option" -- "$cli" diagnose --frob
expect_exit 0 "help" -- "$cli" help
contains "$work/out" "exit codes" "help lists exit codes"
if [ "$(uname -s)" = Linux ]; then
  expect_exit 2 "no live registry on Linux" -- "$cli" diagnose
  contains "$work/err" "only available on Windows" "live error message"
fi

echo "test_cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
