#!/usr/bin/env bash
# test_fleet.sh CONNRESET: `connreset fleet` and the grouped `gpo whatif`
# on the TLS scenario snapshots (issue 13): exit codes, the JSON report,
# the --pairs exports of tests/fixtures/pairs (and the line each malformed
# one is refused at), the HTML page, and a policy tried on the fleet.
set -u
cli=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
tls="$root/tests/fixtures/tls"
pairs="$root/tests/fixtures/pairs"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/harness.sh"

# Every client with every server: the ECDSA SQL Server is the one server
# (its snapshot holds a SQL Server instance); two scenarios share no suite.
expect_exit 1 "fleet of the scenarios" -- "$cli" --json fleet --snapshots "$tls"
json "$work/out" "d['schema']=='connreset.fleet/1' and d['machineCount']==8 and d['servers']==1 and d['clients']==7 and d['pairs']['source']=='all' and d['pairs']['judged']==7" "counts"
json "$work/out" "sum(c['pairs'] for c in d['classPairs'])==7 and d['outcomes']['fails']==2 and d['outcomes']['connects']==5" "outcomes"
json "$work/out" "all(c['outcome']=='fails' and c['finding']['id']=='SUITE001' for c in d['classPairs'][:2])" "worst first"
json "$work/out" "sorted(m for c in d['classes'] for m in c['members'])==sorted(['APP-WIN11','SQL2008R2','SQL2012R2','SQL2012R2-EC','APP2016','SQL2019','APP2019','SQL2022'])" "every machine in one class"
json "$work/out" "[i for i in d['findingIds'] if i['id']=='DHE001'][0]['machineCount']==sum(f['machineCount'] for f in d['findings'] if f['id']=='DHE001')" "findings summed per id"
expect_exit 1 "fleet text" -- "$cli" fleet --snapshots "$tls"
contains "$work/out" "Class pairs (client class x server class)" "text matrix"
contains "$work/out" "SUITE001 Client and server share no cipher suite" "text verdict"
contains "$work/out" "Set-SchannelCipherSuiteOrder -Add" "text fix"

# Two copies of a machine under other names share its class.
mkdir -p "$work/dup"
cp "$tls"/*.reg "$work/dup/"
cp "$tls/ws2019-tls12-only-client.reg" "$work/dup/copy-a.reg"
cp "$tls/ws2019-tls12-only-client.reg" "$work/dup/copy-b.reg"
expect_exit 1 "copies share a class" -- "$cli" --json fleet --snapshots "$work/dup"
json "$work/out" "d['machineCount']==10 and d['classCount']==8" "10 machines, 8 classes"
json "$work/out" "d['ambiguousNames']==['APP2019']" "a name two snapshots claim"
json "$work/out" "d['clients']==9 and d['servers']==1 and d['pairs']['judged']==9" "copies are pairs too"

# --pairs: each export shape (tests/fixtures/pairs/make_fixtures.py).
expect_exit 1 "sqlcmd export" -- "$cli" --json fleet --snapshots "$tls" --pairs "$pairs/sqlcmd.txt"
json "$work/out" "d['pairs']['source']=='csv' and d['pairs']['rows']==4 and d['pairs']['judged']==4 and d['pairs']['rowsWithoutName']==1 and d['clients']==3 and d['servers']==3" "sqlcmd rows"
expect_exit 1 "Export-Csv export" -- "$cli" --json fleet --snapshots "$tls" --pairs "$pairs/export-csv.csv"
json "$work/out" "d['pairs']['rows']==3 and d['pairs']['judged']==3 and d['pairs']['rowsWithUnknownMachine']==0" "Export-Csv rows (instances)"
expect_exit 1 "SSMS export" -- "$cli" --json fleet --snapshots "$tls" --pairs "$pairs/ssms.csv"
json "$work/out" "d['pairs']['rows']==5 and d['pairs']['judged']==3 and d['pairs']['unknownNames']==['DECOMMISSIONED01'] and d['pairs']['rowsWithUnknownMachine']==1" "SSMS rows (FQDN, port, duplicates, unknown)"
expect_exit 1 "Excel export" -- "$cli" --json fleet --snapshots "$tls" --pairs "$pairs/excel-semicolon.csv"
json "$work/out" "d['pairs']['judged']==2 and d['servers']==1" "semicolons"
expect_exit 1 "Unicode export" -- "$cli" --json fleet --snapshots "$tls" --pairs "$pairs/unicode.csv"
json "$work/out" "d['pairs']['judged']==2" "UTF-16LE"
expect_exit 1 "two pair files" -- "$cli" --json fleet --snapshots "$tls" --pairs "$pairs/unicode.csv" --pairs "$pairs/sqlcmd.txt"
json "$work/out" "d['pairs']['judged']==6 and len(d['pairs']['files'])==2" "pairs from two files"
grep -v '^#' "$pairs/malformed/EXPECTED.txt" | while IFS=': ' read -r name line; do
  "$cli" fleet --snapshots "$tls" --pairs "$pairs/malformed/$name" >"$work/out" 2>"$work/err"
  code=$?
  if [ "$line" = 0 ]; then want="$name: "; else want="$name:$line: "; fi
  if [ "$code" = 2 ] && grep -qF -- "$want" "$work/err"; then echo ok; else
    echo "FAIL: malformed $name: exit $code, want 2 and '$want'" >&2; cat "$work/err" >&2; echo bad; fi
done >"$work/malformed"
pass=$((pass + $(grep -c '^ok' "$work/malformed"))); fail=$((fail + $(grep -c '^bad' "$work/malformed")))

# --html: one file, nothing to fetch.
expect_exit 1 "html report" -- "$cli" fleet --snapshots "$tls" --html "$work/report.html"
contains "$work/out" "HTML report: $work/report.html" "says where"
contains "$work/report.html" "<!DOCTYPE html>" "an HTML page"
if grep -qiE '<script|src=|https?:|@import|url\(' "$work/report.html"; then bad "html fetches something"; else ok; fi
expect_exit 2 "html into a missing folder" -- "$cli" fleet --snapshots "$tls" --html "$work/nope/report.html"

# A policy tried on the fleet: TLS 1.0 off on the servers (the what-if).
expect_exit 1 "policy on the fleet" -- "$cli" --json fleet --clients "$root/tests/fixtures/gpo" --servers "$tls/ws2012r2-default.reg" --profile tls12-only --apply-to servers
json "$work/out" "d['policy']['broken']==1 and d['policy']['applyTo']=='servers' and d['policy']['classPairChanges'][0]['after']['outcome']=='fails'" "the broken class pair"
expect_exit 1 "policy on the clients only (DHE001 warnings)" -- "$cli" --json fleet --clients "$root/tests/fixtures/gpo" --servers "$tls/ws2012r2-default.reg" --profile tls12-only --apply-to clients
json "$work/out" "d['policy']['broken']==0" "nothing broken"

# Usage.
expect_exit 2 "fleet needs snapshots" -- "$cli" fleet
expect_exit 2 "fleet --snapshot is one machine" -- "$cli" --snapshot "$tls/ws2022-default.reg" fleet --snapshots "$tls"
expect_exit 2 "fleet missing folder" -- "$cli" fleet --snapshots "$work/none"
mkdir -p "$work/empty"
expect_exit 2 "fleet empty folder" -- "$cli" fleet --snapshots "$work/empty"
expect_exit 2 "fleet --apply-to without a policy" -- "$cli" fleet --snapshots "$tls" --apply-to servers
expect_exit 2 "fleet bad --server-key" -- "$cli" fleet --snapshots "$tls" --server-key dsa
expect_exit 2 "fleet missing pairs file" -- "$cli" fleet --snapshots "$tls" --pairs "$work/none.csv"
printf 'REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\n"v"=dword:xyz\n' >"$work/empty/broken.reg"
# A line reg import skips is skipped, with a warning on stderr; --strict
# refuses the file.
expect_exit 0 "fleet reads a malformed line as reg import does" -- "$cli" fleet --snapshots "$work/empty"
contains "$work/err" "connreset: warning: " "the skipped line is a warning"
contains "$work/err" "broken.reg:4:" "the warning names the file and line"
expect_exit 2 "fleet --strict malformed snapshot" -- "$cli" --strict fleet --snapshots "$tls" "$work/empty"
contains "$work/err" "broken.reg:4:" "names the file and line"
printf '[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\n"v"=dword:1\n' >"$work/empty/broken.reg"
expect_exit 2 "fleet unreadable snapshot" -- "$cli" fleet --snapshots "$tls" "$work/empty"
contains "$work/err" "broken.reg:1:" "names the file and line"

echo "test_fleet (cli): $pass passed, $fail failed"
[ "$fail" = 0 ]
