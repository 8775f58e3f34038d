#!/bin/sh
# samba_readback.sh REGPOL_TOOL FIXTURES_DIR WORK_DIR: the gpo_samba_readback
# test. Writes the sample policy with regpol_tool, then has Samba read it
# and the good Registry.pol fixtures (samba_readback.py), comparing every
# entry with cr_regpol_to_json. Debian's /usr/bin/python3 has python3-samba;
# a Python without it fails the test (CI installs it).
set -eu
tool=$1; fixtures=$2; work=$3
py=/usr/bin/python3
here=$(cd "$(dirname "$0")" && pwd)
if ! "$py" -c 'import samba.dcerpc.preg, samba.ndr' 2>/dev/null; then
  echo "FAIL: $py cannot import samba: install python3-samba" \
       "(apt-get install python3-samba; tools/install-deps.sh does)"
  exit 1
fi
mkdir -p "$work"
status=0
"$tool" write-sample "$work/sample.pol"
for pol in "$work/sample.pol" "$fixtures"/*.pol "$fixtures"/*/Registry.pol; do
  json="$work/$(basename "$(dirname "$pol")")-$(basename "$pol" .pol).json"
  "$tool" json "$pol" >"$json"
  "$py" "$here/samba_readback.py" "$pol" "$json" || status=1
done
exit $status
