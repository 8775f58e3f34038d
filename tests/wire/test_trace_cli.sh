#!/usr/bin/env bash
# test_trace_cli.sh CONNRESET - `connreset trace` on the committed
# captures (tests/fixtures/wire): exit codes, the connreset.trace/1
# document, --server as an address and as a snapshot, the verdicts beside
# the configuration match of the same pair (--client/--server), and
# damaged files (exit 2, the offset on stderr, the report still printed).
set -u
exe=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
wire=$root/tests/fixtures/wire
tls=$root/tests/fixtures/tls
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect_rc() { # expect_rc WANT what...
  local want=$1; shift
  "$@" >/tmp/cr-trace-out.$$ 2>/tmp/cr-trace-err.$$; local rc=$?
  if [ "$rc" = "$want" ]; then ok; else bad "exit $rc, expected $want: $*"; sed 's/^/  /' /tmp/cr-trace-err.$$; fi
}
json() { python3 -c "import json,sys; d=json.load(open('/tmp/cr-trace-out.$$')); print($1)"; }
check_eq() { if [ "$1" = "$2" ]; then ok; else bad "$3: got '$1', expected '$2'"; fi; }

# Exit codes: 1 with a verdict of warning or worse.
expect_rc 1 "$exe" trace "$wire/protocol.pcapng"
grep -q "PROTO101" /tmp/cr-trace-out.$$ && ok || bad "text names PROTO101"
expect_rc 1 "$exe" trace --json "$wire/protocol.pcapng"
check_eq "$(json 'd["schema"]')" "connreset.trace/1" "schema"
check_eq "$(json 'd["files"][0]["complete"]')" "True" "complete"
check_eq "$(json 'sorted({f["id"] for f in d["findings"]})')" "['PROTO101']" "findings"
# Several files, one report.
expect_rc 1 "$exe" trace --json "$wire/protocol.pcapng" "$wire/suite.pcapng"
check_eq "$(json 'len(d["files"])')" "2" "two files"
check_eq "$(json 'sorted({f["id"] for f in d["findings"]})')" "['PROTO101', 'SUITE101']" "two files' findings"

# --server ADDRESS[:PORT] keeps one server's connections.
port=$("$exe" trace --json "$wire/protocol.pcapng" | python3 -c "import json,sys; print(json.load(sys.stdin)['servers'][1]['port'])")
expect_rc 1 "$exe" trace --json --server "127.0.0.1:$port" "$wire/protocol.pcapng"
check_eq "$(json 'len(d["servers"])')" "1" "filtered servers"
check_eq "$(json 'd["server"]')" "127.0.0.1:$port" "filter echoed"
expect_rc 0 "$exe" trace --json --server "[::1]:1433" "$wire/protocol.pcapng"
check_eq "$(json 'd["connectionCount"]')" "0" "no connection to [::1]:1433"
expect_rc 2 "$exe" trace --server sql01.contoso.com "$wire/protocol.pcapng"
grep -q "host names are not resolved" /tmp/cr-trace-err.$$ && ok || bad "host name refused with a reason"

# Beside the configuration match of the same pair.
pair() { # pair CAPTURE CLIENT SERVER OUTCOME AGREEMENT
  expect_rc "$6" "$exe" trace --json "$wire/$1" --client "$tls/$2.reg" --server "$tls/$3.reg"
  check_eq "$(json 'd["configuration"]["outcome"]')" "$4" "$1 $2/$3 outcome"
  check_eq "$(json 'd["configuration"]["agreement"]')" "$5" "$1 $2/$3 agreement"
  check_eq "$(json 'd["configuration"]["match"]["schema"]')" "connreset.match/1" "$1 match document"
}
pair protocol.pcapng ws2019-tls12-only-client ws2008r2-default fails agrees 1
pair suite.pcapng win11-ecdhe-gcm-only ws2012r2-default fails agrees 1
pair dhe-intermittent.pcapng ws2016-unfixed-dhe-client ws2019-dhe-first-server intermittent agrees 1
pair protocol.pcapng ws2019-tls12-only-client ws2022-default connects differs 1
expect_rc 1 "$exe" trace "$wire/protocol.pcapng" --client "$tls/ws2019-tls12-only-client.reg" \
  --server "$tls/ws2008r2-default.reg"
grep -q "Configuration of the same pair (--client/--server): fails (PROTO); the trace agrees" \
  /tmp/cr-trace-out.$$ && ok || bad "text sets the match beside the trace"
# An address and a snapshot together.
expect_rc 1 "$exe" trace --json "$wire/protocol.pcapng" --server "127.0.0.1:$port" \
  --client "$tls/ws2019-tls12-only-client.reg" --server "$tls/ws2008r2-default.reg"
check_eq "$(json 'len(d["servers"])')" "1" "address and snapshot"
expect_rc 2 "$exe" trace "$wire/protocol.pcapng" --client "$tls/ws2019-tls12-only-client.reg"
grep -q "go together" /tmp/cr-trace-err.$$ && ok || bad "--client alone refused"

# Damage: exit 2, the offset on stderr, what came before still reported.
expect_rc 2 "$exe" trace --json "$wire/damaged/tds-tsql-cut.pcapng"
grep -q "offset [0-9]*: .*cut short" /tmp/cr-trace-err.$$ && ok || bad "cut: offset on stderr"
check_eq "$(json 'd["files"][0]["complete"]')" "False" "cut: incomplete"
check_eq "$(json 'd["connectionCount"] > 0 and d["files"][0]["error"]["offset"] > 0')" "True" "cut: connections before the damage"
expect_rc 2 "$exe" trace "$wire/damaged/tds-tsql-badlen.pcapng" "$wire/suite.pcapng"
grep -q "DAMAGED" /tmp/cr-trace-out.$$ && grep -q "SUITE101" /tmp/cr-trace-out.$$ && ok ||
  bad "a damaged file does not stop the next one"
expect_rc 2 "$exe" trace "$wire/no-such.pcapng"
expect_rc 2 "$exe" trace
grep -q "at least one capture" /tmp/cr-trace-err.$$ && ok || bad "usage without a file"
expect_rc 2 "$exe" --snapshot "$tls/ws2022-default.reg" trace "$wire/suite.pcapng"

rm -f /tmp/cr-trace-out.$$ /tmp/cr-trace-err.$$
echo "trace cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
