#!/usr/bin/env python3
"""responder.py - a small SQL Server stand-in for the capture tests.

It speaks just enough TDS for real clients (FreeTDS tsql, tedious) to
run a login up to the point where the wire shows what the trace decoder
reads: the PRELOGIN exchange (MS-TDS 2.2.6.5), the TLS handshake carried
inside TDS PRELOGIN (0x12) packets and raw TLS records after it (TDS 7.x),
or TLS first with ALPN "tds/8.0" (TDS 8.0, strict). The TLS itself is
Python's ssl module (OpenSSL) driven through memory BIOs, so every TLS
byte on the wire comes from a real TLS stack. After the LOGIN7 it answers
with a TDS ERROR token ("login failed") and closes, or resets.

It can also play a raw TLS server (--raw) with Schannel's habits:
--reset-on-failure closes with a RST and no alert when the TLS stack
refuses a ClientHello (what Windows does on a protocol or suite
mismatch), and --withhold-finished N withholds the server's final flight
and resets on every Nth connection (the DHE leading-zero failure shape).

Usage: responder.py --port-file FILE --cert C --key K [mode options]
It listens on 127.0.0.1 (a free port, written to FILE) and serves
connections one by one until --count connections or SIGTERM.
"""
import argparse
import os
import signal
import socket
import ssl
import struct
import sys
import time

TDS_PRELOGIN = 0x12
TDS_RESPONSE = 0x04
TDS_LOGIN7 = 0x10


def recv_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError("peer closed")
        data += chunk
    return data


def read_tds(sock):
    hdr = recv_exact(sock, 8)
    length = struct.unpack(">H", hdr[2:4])[0]
    return hdr[0], hdr[1], recv_exact(sock, length - 8)


def tds_packet(ptype, payload, status=0x01, packet_id=1):
    return struct.pack(">BBHHBB", ptype, status, len(payload) + 8, 0,
                       packet_id, 0) + payload


def prelogin_payload(options):
    """options: list of (token, bytes) -> the PRELOGIN option table."""
    table_len = 5 * len(options) + 1
    table, data = b"", b""
    for token, value in options:
        table += struct.pack(">BHH", token, table_len + len(data), len(value))
        data += value
    return table + b"\xff" + data


def parse_prelogin(payload):
    out, i = {}, 0
    while i < len(payload) and payload[i] != 0xFF:
        token, off, ln = struct.unpack(">BHH", payload[i:i + 5])
        out[token] = payload[off:off + ln]
        i += 5
    return out


def server_prelogin(args, client):
    major, minor, build = (int(x) for x in args.sql_version.split("."))
    opts = [(0x00, struct.pack(">BBHH", major, minor, build, 0)),
            (0x01, bytes([args.encryption])),
            (0x02, b"\x00"),
            (0x03, b""),
            (0x04, b"\x00")]
    if 0x06 in client:
        opts.append((0x06, b"\x00"))
    return prelogin_payload(opts)


def error_response(text):
    """A TDS ERROR token (login failed, 18456) and a DONE token."""
    msg = text.encode("utf-16-le")
    server = "responder".encode("utf-16-le")
    body = (struct.pack("<IBB", 18456, 1, 14) +
            struct.pack("<H", len(text)) + msg +
            struct.pack("<B", len("responder")) + server +
            struct.pack("<B", 0) + struct.pack("<I", 1))
    token = b"\xaa" + struct.pack("<H", len(body)) + body
    done = b"\xfd" + struct.pack("<HHQ", 0x0002, 0, 0)
    return tds_packet(TDS_RESPONSE, token + done)


def make_context(args):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    versions = {"1.0": ssl.TLSVersion.TLSv1, "1.1": ssl.TLSVersion.TLSv1_1,
                "1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}
    if args.ciphers:
        ctx.set_ciphers(args.ciphers)
    elif args.tls_min in ("1.0", "1.1"):
        ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
    ctx.minimum_version = versions[args.tls_min]
    ctx.maximum_version = versions[args.tls_max]
    ctx.load_cert_chain(args.cert, args.key)
    if args.dhparam:
        ctx.load_dh_params(args.dhparam)
    if args.alpn:
        ctx.set_alpn_protocols([args.alpn])
    return ctx


class Tls:
    """A server-side TLS session over memory BIOs."""

    def __init__(self, ctx):
        self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.obj = ctx.wrap_bio(self.incoming, self.outgoing, server_side=True)

    def pending(self):
        return self.outgoing.read()


def reset(sock):
    """Close with a RST (SO_LINGER 0), as Schannel does on a bad hello."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def raw_records(sock, tls, want_plain):
    """Feeds raw TLS records from the socket until `want_plain` bytes of
    application data are read (or the peer closes)."""
    plain = b""
    while len(plain) < want_plain:
        try:
            plain += tls.obj.read(65536)
            continue
        except ssl.SSLWantReadError:
            pass
        data = sock.recv(65536)
        if not data:
            break
        tls.incoming.write(data)
    return plain


def read_tds_over_tls(sock, tls):
    hdr = raw_records(sock, tls, 8)
    length = struct.unpack(">H", hdr[2:4])[0]
    rest = hdr[8:]
    if len(rest) < length - 8:
        rest += raw_records(sock, tls, length - 8 - len(rest))
    return hdr[0], rest


def read_tds_or_record(sock):
    """The next TDS packet's payload, or a raw TLS record (a TLS 1.3
    client sends its Finished raw, having finished on its side)."""
    first = recv_exact(sock, 1)
    if 0x14 <= first[0] <= 0x17:
        hdr = first + recv_exact(sock, 4)
        return hdr + recv_exact(sock, struct.unpack(">H", hdr[3:5])[0])
    hdr = first + recv_exact(sock, 7)
    return recv_exact(sock, struct.unpack(">H", hdr[2:4])[0] - 8)


def handshake(sock, tls, args, conn_no, read, wrap):
    """Feeds what read() returns to the TLS server until the handshake is
    over; wrap() frames what it sends. Returns False when the connection
    was ended (refused, reset, or closed by the peer)."""
    while True:
        data = read()
        if not data:
            sock.close()
            return False
        tls.incoming.write(data)
        try:
            tls.obj.do_handshake()
            done = True
        except ssl.SSLWantReadError:
            done = False
        except ssl.SSLError:
            if args.reset_on_failure:
                reset(sock)
            else:
                out = tls.pending()
                if out:
                    sock.sendall(wrap(out))
                sock.close()
            return False
        out = tls.pending()
        if done and args.withhold_finished and conn_no % args.withhold_finished == 0:
            reset(sock)
            return False
        if out:
            sock.sendall(wrap(out))
        if done:
            return True


def handshake_in_tds(sock, tls, args, conn_no):
    """TDS 7.x: TLS records inside PRELOGIN packets until the handshake is
    over."""
    return handshake(sock, tls, args, conn_no, lambda: read_tds_or_record(sock),
                     lambda out: tds_packet(TDS_PRELOGIN, out))


def handshake_raw(sock, tls, args, conn_no):
    return handshake(sock, tls, args, conn_no, lambda: sock.recv(65536),
                     lambda out: out)


def finish(sock, tls, args, reply):
    """After the login: answer (encrypted when tls), then FIN or RST."""
    if reply:
        if tls:
            tls.obj.write(reply)
            sock.sendall(tls.pending())
        else:
            sock.sendall(reply)
    if args.reset_after_login:
        time.sleep(args.reset_delay)
        reset(sock)
    else:
        time.sleep(0.05)
        sock.close()


def serve_tds(sock, ctx, args, conn_no):
    ptype, status, payload = read_tds(sock)
    if ptype != TDS_PRELOGIN:
        sock.close()
        return
    client = parse_prelogin(payload)
    sock.sendall(tds_packet(TDS_RESPONSE, server_prelogin(args, client)))
    client_enc = client.get(0x01, b"\x00")[0] & 0x7f
    if args.encryption == 2 or (args.encryption == 0 and client_enc in (0, 2)):
        ptype, status, payload = read_tds(sock)  # LOGIN7 in the clear
        finish(sock, None, args, error_response("Login failed for user."))
        return
    tls = Tls(ctx)
    if not handshake_in_tds(sock, tls, args, conn_no):
        return
    ptype, login = read_tds_over_tls(sock, tls)
    finish(sock, tls, args, error_response("Login failed for user."))


def serve_tds8(sock, ctx, args, conn_no):
    tls = Tls(ctx)
    if not handshake_raw(sock, tls, args, conn_no):
        return
    ptype, payload = read_tds_over_tls(sock, tls)
    client = parse_prelogin(payload)
    tls.obj.write(tds_packet(TDS_RESPONSE, server_prelogin(args, client)))
    sock.sendall(tls.pending())
    ptype, login = read_tds_over_tls(sock, tls)
    finish(sock, tls, args, error_response("Login failed for user."))


def serve_raw(sock, ctx, args, conn_no):
    tls = Tls(ctx)
    if not handshake_raw(sock, tls, args, conn_no):
        return
    request = raw_records(sock, tls, 1)
    finish(sock, tls, args, b"pong:" + request)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--mode", choices=["tds", "tds8", "raw"], default="tds")
    ap.add_argument("--sql-version", default="15.0.2000")
    ap.add_argument("--encryption", type=int, default=1)
    ap.add_argument("--tls-min", default="1.2")
    ap.add_argument("--tls-max", default=None,
                    help="default 1.2 for --mode tds (SQL Server speaks TLS "
                    "1.3 only with TDS 8.0), else 1.3")
    ap.add_argument("--ciphers")
    ap.add_argument("--dhparam")
    ap.add_argument("--alpn")
    ap.add_argument("--reset-on-failure", action="store_true")
    ap.add_argument("--withhold-finished", type=int, default=0)
    ap.add_argument("--reset-after-login", action="store_true")
    ap.add_argument("--reset-delay", type=float, default=0.2)
    ap.add_argument("--count", type=int, default=0)
    args = ap.parse_args()
    if args.tls_max is None:
        args.tls_max = "1.2" if args.mode == "tds" else "1.3"
    ctx = make_context(args)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(listener.getsockname()[1]))
    os.replace(tmp, args.port_file)
    serve = {"tds": serve_tds, "tds8": serve_tds8, "raw": serve_raw}[args.mode]
    n = 0
    while not args.count or n < args.count:
        sock, _ = listener.accept()
        sock.settimeout(10)
        n += 1
        try:
            serve(sock, ctx, args, n)
        except (EOFError, OSError, ssl.SSLError) as e:
            print("responder: connection %d: %s" % (n, e), file=sys.stderr)
            try:
                sock.close()
            except OSError:
                pass


if __name__ == "__main__":
    main()
