"""pcapio.py - reads the pcapng files dumpcap writes and writes the
variants the capture tests feed to both `connreset trace` and tshark:
pcap (microsecond/nanosecond, either byte order), pcapng (either byte
order, several sections and interfaces, simple and obsolete packet
blocks, other if_tsresol values), other link types (Linux cooked v1/v2,
raw IPv4/IPv6, BSD/OpenBSD loopback, 802.1Q), an IPv6 extension header,
and reordered, repeated, keep-alive and missing segments.

A variant is only a test input: what it holds is judged by tshark
reading the same file, never by this module.
"""
import struct

LINK_ETHERNET, LINK_NULL, LINK_RAW, LINK_LOOP = 1, 0, 101, 108
LINK_SLL, LINK_IPV4, LINK_IPV6, LINK_SLL2 = 113, 228, 229, 276


class Packet:
    def __init__(self, ts_ns, data, link):
        self.ts_ns, self.data, self.link = ts_ns, data, link


def read_pcapng(path):
    """Packets of a little-endian pcapng (dumpcap's output)."""
    buf = open(path, "rb").read()
    pos, links, out = 0, [], []
    while pos + 12 <= len(buf):
        btype, blen = struct.unpack_from("<II", buf, pos)
        body = buf[pos + 8:pos + blen - 4]
        if btype == 0x0A0D0D0A:
            links = []
        elif btype == 1:
            links.append((struct.unpack_from("<H", body, 0)[0], 6))
            opts = body[8:]
            i = 0
            while i + 4 <= len(opts):
                code, ln = struct.unpack_from("<HH", opts, i)
                if code == 0:
                    break
                if code == 9:
                    links[-1] = (links[-1][0], opts[i + 4])
                i += 4 + ((ln + 3) & ~3)
        elif btype == 6:
            iface, hi, lo, cap, orig = struct.unpack_from("<IIIII", body, 0)
            link, resol = links[iface]
            ts = (hi << 32) | lo
            ts_ns = ts * 10 ** (9 - resol) if resol <= 9 else ts // 10 ** (resol - 9)
            out.append(Packet(ts_ns, body[20:20 + cap], link))
        pos += blen
    return out


def pad4(b):
    return b + b"\0" * (-len(b) % 4)


def _block(e, btype, body):
    body = pad4(body)
    n = len(body) + 12
    return struct.pack(e + "II", btype, n) + body + struct.pack(e + "I", n)


def _shb(e):
    return _block(e, 0x0A0D0D0A, struct.pack(e + "IHHq", 0x1A2B3C4D, 1, 0, -1))


def _idb(e, link, tsresol=None, snaplen=262144):
    opts = b""
    if tsresol is not None:
        opts += struct.pack(e + "HH", 9, 1) + pad4(bytes([tsresol]))
    if opts:
        opts += struct.pack(e + "HH", 0, 0)
    return _block(e, 1, struct.pack(e + "HHI", link, 0, snaplen) + opts)


def _ticks(ts_ns, tsresol):
    if tsresol is None:
        return ts_ns // 1000
    if tsresol & 0x80:
        return (ts_ns << (tsresol & 0x7f)) // 10 ** 9
    return ts_ns * 10 ** tsresol // 10 ** 9 if tsresol >= 9 else ts_ns // 10 ** (9 - tsresol)


def write_pcapng(path, packets, big_endian=False, tsresol=None, sections=1,
                 block="epb", unknown_block=False):
    """sections > 1 starts a new section (with its own interfaces) every
    len/sections packets; each link type gets its own interface."""
    e = ">" if big_endian else "<"
    out = bytearray()
    per = max(1, -(-len(packets) // sections))
    ifaces = {}
    for n, p in enumerate(packets):
        if n % per == 0:
            out += _shb(e)
            ifaces = {}
            if unknown_block:  # a custom block (0x0BAD) readers must skip
                out += _block(e, 0x00000BAD, struct.pack(e + "I", 32473) + b"skip me")
        if p.link not in ifaces:
            ifaces[p.link] = len(ifaces)
            out += _idb(e, p.link, tsresol)
        iface = ifaces[p.link]
        if block == "spb":
            if iface != 0:
                raise ValueError("simple packet blocks use interface 0")
            out += _block(e, 3, struct.pack(e + "I", len(p.data)) + p.data)
            continue
        t = _ticks(p.ts_ns, tsresol)
        hi, lo = t >> 32, t & 0xffffffff
        if block == "pb":
            out += _block(e, 2, struct.pack(e + "HHIIII", iface, 0, hi, lo,
                                            len(p.data), len(p.data)) + p.data)
        else:
            out += _block(e, 6, struct.pack(e + "IIIII", iface, hi, lo,
                                            len(p.data), len(p.data)) + p.data)
    open(path, "wb").write(bytes(out))


def write_pcap(path, packets, big_endian=False, nanosecond=False):
    e = ">" if big_endian else "<"
    magic = 0xa1b23c4d if nanosecond else 0xa1b2c3d4
    link = packets[0].link if packets else LINK_ETHERNET
    out = bytearray(struct.pack(e + "IHHiIII", magic, 2, 4, 0, 0, 262144, link))
    for p in packets:
        sec, frac = divmod(p.ts_ns, 10 ** 9)
        if not nanosecond:
            frac //= 1000
        out += struct.pack(e + "IIII", sec, frac, len(p.data), len(p.data)) + p.data
    open(path, "wb").write(bytes(out))


# ---------------------------------------------------------------- #
# Link-layer and IP rewrites of Ethernet frames.                    #
# ---------------------------------------------------------------- #

def _split_eth(p):
    assert p.link == LINK_ETHERNET
    return struct.unpack_from(">H", p.data, 12)[0], p.data[14:]


def relink(packets, link, big_endian_null=False):
    out = []
    for p in packets:
        et, ip = _split_eth(p)
        v6 = et == 0x86DD
        if link == LINK_SLL:
            hdr = struct.pack(">HHH8sH", 0, 772, 6, b"\0" * 8, et)
        elif link == LINK_SLL2:
            hdr = struct.pack(">HHIHBB8s", et, 0, 1, 772, 0, 6, b"\0" * 8)
        elif link in (LINK_RAW, LINK_IPV4, LINK_IPV6):
            hdr = b""
        elif link == LINK_NULL:
            hdr = struct.pack(">I" if big_endian_null else "<I", 24 if v6 else 2)
        elif link == LINK_LOOP:
            hdr = struct.pack(">I", 24 if v6 else 2)
        elif link == "vlan":
            hdr = p.data[:12] + struct.pack(">HHHH", 0x88A8, 10, 0x8100, 20) + \
                struct.pack(">H", et)
            out.append(Packet(p.ts_ns, hdr + ip, LINK_ETHERNET))
            continue
        else:
            raise ValueError(link)
        out.append(Packet(p.ts_ns, hdr + ip, link))
    return out


def ipv6_with_options(packets):
    """Puts a destination-options header (PadN) in front of TCP in every
    IPv6 packet."""
    out = []
    for p in packets:
        et, ip = _split_eth(p)
        if et != 0x86DD:
            out.append(p)
            continue
        nxt, plen = ip[6], struct.unpack_from(">H", ip, 4)[0]
        ext = bytes([nxt, 0, 1, 4, 0, 0, 0, 0])  # 8 bytes: PadN of 4
        hdr = bytearray(ip[:40])
        hdr[6] = 60
        struct.pack_into(">H", hdr, 4, plen + 8)
        out.append(Packet(p.ts_ns, p.data[:14] + bytes(hdr) + ext + ip[40:], p.link))
    return out


def tcp_info(p):
    """(ip header length, tcp offset, payload length, seq, flags) of an
    Ethernet IPv4 TCP frame, or None."""
    et, ip = _split_eth(p)
    if et != 0x0800 or ip[9] != 6:
        return None
    ihl = (ip[0] & 15) * 4
    total = struct.unpack_from(">H", ip, 2)[0]
    tcp = ip[ihl:]
    off = (tcp[12] >> 4) * 4
    return ihl, off, total - ihl - off, struct.unpack_from(">I", tcp, 4)[0], tcp[13]


def _with_seq(p, seq, payload=None):
    """A copy of frame p with another sequence number (and payload)."""
    et, ip = _split_eth(p)
    ihl = (ip[0] & 15) * 4
    tcp = bytearray(ip[ihl:])
    off = (tcp[12] >> 4) * 4
    if payload is not None:
        tcp = tcp[:off] + payload
    struct.pack_into(">I", tcp, 4, seq & 0xffffffff)
    iph = bytearray(ip[:ihl])
    struct.pack_into(">H", iph, 2, ihl + len(tcp))
    return Packet(p.ts_ns, p.data[:14] + bytes(iph) + bytes(tcp), p.link)


def disorder(packets):
    """Within each connection's handshake: the first two data segments
    of the server swapped, the first client data segment sent twice, and
    a keep-alive (one byte below the next sequence number) after it."""
    out = list(packets)
    seen_client = set()
    i = 0
    while i < len(out) - 1:
        a = tcp_info(out[i])
        if a and a[2] > 0:
            key = out[i].data[14 + 12:14 + 20] + out[i].data[14 + a[0]:14 + a[0] + 4]
            if key not in seen_client:
                seen_client.add(key)
                dup = Packet(out[i].ts_ns + 1000, out[i].data, out[i].link)
                ka = _with_seq(out[i], a[3] + a[2] - 1, b"")
                ka.ts_ns = out[i].ts_ns + 2000
                out[i + 1:i + 1] = [dup, ka]
                i += 3
                continue
        i += 1
    return out


def split_segments(packets, size=100):
    """Every TCP payload longer than `size` cut into segments of `size`,
    sent in reverse order (the reassembly must put them back)."""
    out = []
    for p in packets:
        a = tcp_info(p)
        if not a or a[2] <= size:
            out.append(p)
            continue
        ihl, off, n, seq, _ = a
        payload = p.data[14 + ihl + off:14 + ihl + off + n]
        parts = [(k, payload[k:k + size]) for k in range(0, n, size)]
        for j, (k, chunk) in enumerate(reversed(parts)):
            q = _with_seq(p, seq + k, chunk)
            q.ts_ns = p.ts_ns + j
            out.append(q)
    return out
