# harness.sh: what the CLI test scripts share (sourced; bash). The caller
# sets $work (a scratch folder) first; each check adds to pass/fail.
#   expect_exit CODE DESCRIPTION -- command...  (stdout in $work/out,
#                                                stderr in $work/err)
#   contains FILE TEXT DESCRIPTION
#   json FILE PYTHON-EXPR DESCRIPTION          (d is the parsed document)
pass=0; fail=0
ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
expect_exit() {
  local want=$1 what=$2; shift 3
  "$@" >"$work/out" 2>"$work/err"; local got=$?
  if [ "$got" = "$want" ]; then ok; else bad "$what: exit $got, want $want"; cat "$work/err" >&2; fi
}
contains() {
  if grep -qF -- "$2" "$1"; then ok; else bad "$3: '$2' not in $(basename "$1")"; head -20 "$1" >&2; fi
}
json() {
  if python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"; then ok
  else bad "$3: $2"; head -40 "$1" >&2; fi
}
