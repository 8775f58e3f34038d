#!/bin/sh
# layering.sh - the floors of the library point down (GUIDE.md): the core
# (native/src/core) includes nothing from the floors above it (checks,
# knowledge, tls, sql, certs, x509, gpo, win32). A file that needs a core
# service includes the core; never the reverse.
#
#   tests/layering.sh [SOURCE_ROOT]
set -u
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
core="$root/native/src/core"
[ -d "$core" ] || { echo "layering: no $core" >&2; exit 2; }
bad=$(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"\.\./' "$core"/*.c "$core"/*.h)
if [ -n "$bad" ]; then
  echo "layering: the core includes headers from above it:"
  printf '%s\n' "$bad"
  exit 1
fi
n=$(ls "$core"/*.c "$core"/*.h | wc -l)
echo "layering: $n core files include only the core and the C library"
