#!/usr/bin/env python3
"""make_fixtures.py WORKDIR OUTDIR - keeps a few of the captures that
test_wire.py recorded (run it with --keep first) as committed fixtures:

  OUTDIR/*.pcapng        captures made by the tests' peers (README example,
                         fuzz seeds, tests/c/test_trace.c under Wine)
  OUTDIR/damaged/*       the same, cut short or with a broken length
  OUTDIR/streams/*       each direction's TCP payload (fuzz_tds, fuzz_tls
                         seeds; first byte = the fuzzers' control byte)
  OUTDIR/EXPECTED.txt    what tshark says of each capture, per stream:
                         the frame numbers and values test_trace.c checks

  python3 tests/wire/test_wire.py build/host/bin/connreset /tmp/w --keep
  python3 tests/wire/make_fixtures.py /tmp/w tests/fixtures/wire
"""
import os
import shutil
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pcapio  # noqa: E402
import tshark_view  # noqa: E402

KEEP = ["protocol", "suite", "certs", "schannel-reset", "dhe-intermittent",
        "syn", "tds-tsql", "tds-tedious", "reset-after-login"]


def server_ports(path):
    """The ports SYNs went to (the servers), for tshark's decode-as."""
    ports = set()
    for p in pcapio.read_pcapng(path):
        a = pcapio.tcp_info(p)
        if a and a[4] & 0x02 and not a[4] & 0x10:
            ihl = a[0]
            ports.add(struct.unpack_from(">H", p.data, 14 + ihl + 2)[0])
    return sorted(ports)


def streams(path):
    """{(stream key, direction): payload bytes in sequence order}."""
    out = {}
    for p in pcapio.read_pcapng(path):
        a = pcapio.tcp_info(p)
        if not a or a[2] == 0:
            continue
        ihl, off, n, seq, flags = a
        ip = p.data[14:]
        src = ip[12:16] + ip[ihl:ihl + 2]
        dst = ip[16:20] + ip[ihl + 2:ihl + 4]
        key = (min(src, dst), max(src, dst))
        segs = out.setdefault((key, src), {})
        segs.setdefault(seq, ip[ihl + off:ihl + off + n])
    result = {}
    for k, segs in out.items():
        data = b"".join(segs[s] for s in sorted(segs))
        result[k] = data
    return result


def main():
    work, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(os.path.join(outdir, "damaged"), exist_ok=True)
    os.makedirs(os.path.join(outdir, "streams"), exist_ok=True)
    expected = ["# What tshark (%s) says of each capture; written by "
                "tests/wire/make_fixtures.py." % "Wireshark 4.0",
                "# file stream field value"]
    for name in KEEP:
        src = os.path.join(work, name + ".pcapng")
        dst = os.path.join(outdir, name + ".pcapng")
        shutil.copyfile(src, dst)
        tds = name.startswith("tds-")
        ports = server_ports(src)
        # TDS where the client's first byte is a PRELOGIN packet (0x12).
        first_byte = {}
        for (key, src_ep), data in streams(src).items():
            dst_ep = key[1] if src_ep == key[0] else key[0]
            port = struct.unpack(">H", dst_ep[4:6])[0]
            if port in ports and data:
                first_byte[port] = data[0]
        decode = [(p, "tds" if first_byte.get(p) == 0x12 else "tls") for p in ports]
        view = tshark_view.view(dst, decode)
        for st, s in sorted(view.items()):
            t = s["tls"]
            row = lambda field, value: expected.append(  # noqa: E731
                "%s %d %s %s" % (name + ".pcapng", st, field, value))
            row("client", s["client"])
            row("server", s["server"])
            row("synFrame", s["synFrame"] or 0)
            row("rstClient", s["rstFrame"]["client"] or 0)
            row("rstServer", s["rstFrame"]["server"] or 0)
            if t["clientHello"]:
                row("clientHello", t["clientHello"]["frame"])
                row("suitesOffered", len(t["clientHello"]["cipherSuites"]))
            if t["serverHello"]:
                row("serverHello", t["serverHello"]["frame"])
                row("suite", "0x%04X" % t["serverHello"]["cipherSuite"])
            if t["certificate"]:
                row("certificate", t["certificate"]["frame"])
                row("signatureHash", t["certificate"]["signatureHash"])
            for a in t["alerts"]:
                if not a["encrypted"]:
                    row("alert", "%d:%s:%d" % (a["frame"], a["from"], a["description"]))
            if s["prelogin"]["server"] and s["prelogin"]["server"]["versionRaw"]:
                row("sqlVersion", "0x%08X" % s["prelogin"]["server"]["versionRaw"])
        for (key, src_ep), data in streams(src).items():
            d = 0 if src_ep == key[0] else 1
            tag = "%s-%s-%d" % ("tds" if tds else "tls", name,
                                struct.unpack(">H", src_ep[4:6])[0])
            ctl = bytes([(d & 1) | (37 << 1)])  # direction, 38-byte pieces
            open(os.path.join(outdir, "streams", tag), "wb").write(ctl + data[:8192])
    data = open(os.path.join(outdir, "tds-tsql.pcapng"), "rb").read()
    open(os.path.join(outdir, "damaged", "tds-tsql-cut.pcapng"), "wb").write(
        data[:len(data) * 2 // 3])
    bad = bytearray(data)
    shb = int.from_bytes(data[4:8], "little")
    bad[shb + 4:shb + 8] = (7).to_bytes(4, "little")
    open(os.path.join(outdir, "damaged", "tds-tsql-badlen.pcapng"), "wb").write(bytes(bad))
    with open(os.path.join(outdir, "EXPECTED.txt"), "w") as f:
        f.write("\n".join(expected) + "\n")


if __name__ == "__main__":
    main()
