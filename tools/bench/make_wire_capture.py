#!/usr/bin/env python3
"""make_wire_capture.py OUT.pcapng SIZE_MIB FLOW.pcapng... - a large
capture made of recorded flows, for tools/bench/run-wire-bench.sh.

Every TCP connection of the input captures (recorded from real peers:
tests/fixtures/wire and the bulk transfer the benchmark records) becomes
a template. Copies of the templates are written until the file reaches
SIZE_MIB: each copy gets its own client address (10.1.x.y, 4,096 hosts)
and port, and the server the port tshark dissects by default for what the
flow carries (1433 for TDS, 443 for TLS) on 10.200.0.1; payloads larger
than an Ethernet MSS are cut into 1,460-byte segments, as a capture taken
on a real network would hold them; 64 copies are in flight at once, their
frames interleaved by time. Sequence numbers stay as recorded (each copy
is a new connection between other endpoints).
"""
import heapq
import os
import struct
import sys

MSS = 1460
IN_FLIGHT = 64


def read_pcapng(path):
    buf = open(path, "rb").read()
    pos, resol, out = 0, 6, []
    while pos + 12 <= len(buf):
        btype, blen = struct.unpack_from("<II", buf, pos)
        body = buf[pos + 8:pos + blen - 4]
        if btype == 1:
            resol = 6
            opts, i = body[8:], 0
            while i + 4 <= len(opts):
                code, ln = struct.unpack_from("<HH", opts, i)
                if code == 0:
                    break
                if code == 9:
                    resol = opts[i + 4]
                i += 4 + ((ln + 3) & ~3)
        elif btype == 6:
            _, hi, lo, cap, _ = struct.unpack_from("<IIIII", body, 0)
            ts = (hi << 32) | lo
            out.append((ts * 10 ** (9 - resol), body[20:20 + cap]))
        pos += blen
    return out


def templates(paths):
    """[(kind, [(rel_ns, from_client, ip_header, tcp_header, payload)])]"""
    flows = {}
    order = []
    for path in paths:
        for ts, frame in read_pcapng(path):
            if len(frame) < 14 + 20 or frame[12:14] != b"\x08\x00" or frame[14 + 9] != 6:
                continue
            ip = frame[14:]
            ihl = (ip[0] & 15) * 4
            total = struct.unpack_from(">H", ip, 2)[0]
            tcp = ip[ihl:total]
            off = (tcp[12] >> 4) * 4
            src, dst = ip[12:16] + tcp[0:2], ip[16:20] + tcp[2:4]
            key = (path,) + tuple(sorted((src, dst)))
            flags = tcp[13]
            if key not in flows or (flags & 0x12 == 0x02 and flows[key]["done"]):
                if key in flows:
                    order.append(flows.pop(key))
                client = src if not (flags & 0x12 == 0x12) else dst
                flows[key] = {"client": client, "t0": ts, "frames": [], "done": False}
            f = flows[key]
            if flags & 0x05:
                f["done"] = True
            f["frames"].append((ts - f["t0"], src == f["client"], bytes(ip[:ihl]),
                                bytes(tcp[:off]), bytes(tcp[off:])))
    order.extend(flows.values())
    out = []
    for f in order:
        first = next((p for _, c, _, _, p in f["frames"] if c and p), b"")
        kind = "tds" if first[:1] == b"\x12" else "tls"
        out.append((kind, f["frames"]))
    return out


def segment(frames):
    """Payloads cut to the MSS, the sequence numbers following."""
    out = []
    for rel, c, iph, tcph, payload in frames:
        if len(payload) <= MSS:
            out.append((rel, c, iph, tcph, payload))
            continue
        seq = struct.unpack_from(">I", tcph, 4)[0]
        for k in range(0, len(payload), MSS):
            h = bytearray(tcph)
            struct.pack_into(">I", h, 4, (seq + k) & 0xffffffff)
            if k + MSS < len(payload):
                h[13] &= ~0x09 & 0xff  # FIN and PSH only on the last piece
            out.append((rel + k, c, iph, bytes(h), payload[k:k + MSS]))
    return out


def frame_bytes(iph, tcph, payload, src_ip, dst_ip, sport, dport):
    ip = bytearray(iph)
    struct.pack_into(">H", ip, 2, len(iph) + len(tcph) + len(payload))
    ip[12:16] = src_ip
    ip[16:20] = dst_ip
    ip[10:12] = b"\0\0"
    tcp = bytearray(tcph)
    struct.pack_into(">HH", tcp, 0, sport, dport)
    return b"\0\0\0\0\0\x02\0\0\0\0\0\x01\x08\x00" + bytes(ip) + bytes(tcp) + payload


def main():
    out_path, size = sys.argv[1], int(sys.argv[2]) << 20
    tpl = [(k, segment(f)) for k, f in templates(sys.argv[3:]) if f]
    server = bytes([10, 200, 0, 1])
    shb = struct.pack("<IIIHHq", 0x0A0D0D0A, 28, 0x1A2B3C4D, 1, 0, -1) + struct.pack("<I", 28)
    idb_body = struct.pack("<HHI", 1, 0, 262144) + struct.pack("<HH", 9, 1) + \
        b"\x09\0\0\0" + struct.pack("<HH", 0, 0)
    idb = struct.pack("<II", 1, len(idb_body) + 12) + idb_body + struct.pack("<I", len(idb_body) + 12)
    written = 0
    copies = 0
    heap = []  # (ts, copy, index, template frames, addresses)
    with open(out_path, "wb", buffering=8 << 20) as out:
        out.write(shb + idb)
        written = len(shb) + len(idb)
        start = 1_700_000_000 * 10 ** 9
        next_tpl = 0

        def launch(now):
            nonlocal next_tpl, copies
            kind, frames = tpl[next_tpl % len(tpl)]
            next_tpl += 1
            copies += 1
            host = copies % 4096
            cip = bytes([10, 1, host >> 8, host & 255])
            cport = 1024 + copies % 60000
            sport = 1433 if kind == "tds" else 443
            heapq.heappush(heap, (now + frames[0][0] // 20, copies, 0, frames, now, cip, cport, sport))

        for _ in range(IN_FLIGHT):
            launch(start)
        while written < size:
            ts, cid, i, frames, t0, cip, cport, sport = heapq.heappop(heap)
            rel, c, iph, tcph, payload = frames[i]
            data = frame_bytes(iph, tcph, payload, cip if c else server,
                               server if c else cip, cport if c else sport,
                               sport if c else cport)
            n = len(data)
            pad = -n % 4
            blen = 32 + n + pad
            out.write(struct.pack("<IIIIIII", 6, blen, 0, ts >> 32, ts & 0xffffffff, n, n)
                      + data + b"\0" * pad + struct.pack("<I", blen))
            written += blen
            if i + 1 < len(frames):
                # Recorded gaps shrunk 20 times: many connections per second.
                heapq.heappush(heap, (t0 + frames[i + 1][0] // 20, cid, i + 1, frames, t0,
                                      cip, cport, sport))
            else:
                launch(ts + 1000)
    print("%s: %d bytes, %d connections from %d recorded flows"
          % (out_path, written, copies, len(tpl)))


if __name__ == "__main__":
    main()
