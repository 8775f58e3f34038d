#!/usr/bin/env python3
"""test_wire.py CONNRESET WORKDIR [--keep] - `connreset trace` against
captures that real peers make during the run.

1. Certificates are made with the openssl CLI (a CA and leaves signed
   with MD5, SHA-256 and SHA-512), as tests/fixtures/x509/make-certs.sh
   does.
2. Scenarios run on loopback while dumpcap records them, one pcapng per
   scenario: openssl s_server/s_client (protocol mismatch, suite
   mismatch, DHE, the three certificates), the project's PRELOGIN/TLS
   responder (tests/wire/responder.py, Python's ssl over memory BIOs) with
   FreeTDS tsql and tedious as clients (TDS 7.x with TLS inside PRELOGIN,
   TDS 8.0), a listener whose accept queue overflows (unanswered SYNs), a
   closed port, resets after the login and on bad ClientHellos, and
   handshakes that die after the client's Finished.
3. Variants of those files (pcapio.py): other file formats, byte orders,
   link types, an IPv6 extension header, reordered/split/repeated
   segments and keep-alives, a capture that starts mid-connection.
4. Every field connreset decodes is compared with tshark's dissection of
   the same file (tshark_view.py); each scenario's verdicts are checked.
5. Damaged files (truncated, bad lengths) must give exit 2 and the byte
   offset, never a crash, and still report what came before.

Ports are free ones the kernel hands out; nothing listens beyond the run.
Ends with "N passed, M failed".
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pcapio  # noqa: E402
import tshark_view  # noqa: E402

passed = failed = 0
failures = []


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        failures.append(what)
        print("FAIL: " + what, flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


# ---------------------------------------------------------------- #
# Certificates.                                                     #
# ---------------------------------------------------------------- #

def make_certs(d):
    def ossl(*args):
        r = run(["openssl"] + list(args), cwd=d)
        if r.returncode:
            raise RuntimeError("openssl %s: %s" % (" ".join(args), r.stderr))

    with open(os.path.join(d, "leaf.cnf"), "w") as f:
        f.write("[leaf]\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,"
                "keyEncipherment\nextendedKeyUsage=serverAuth\n"
                "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n")
    ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key",
         "-out", "ca.pem", "-days", "3", "-subj", "/O=ConnReset Tests/CN=Wire Test CA",
         "-addext", "basicConstraints=critical,CA:TRUE")
    ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key",
         "-out", "other-ca.pem", "-days", "3", "-subj", "/CN=Unrelated CA")
    ossl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key",
         "-out", "server.csr", "-subj", "/O=ConnReset Tests/CN=localhost")
    for md in ("md5", "sha256", "sha512"):
        ossl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-set_serial", "0x%x" % (hash(md) & 0xffff | 0x1000), "-days", "3",
             "-" + md, "-extfile", "leaf.cnf", "-extensions", "leaf",
             "-out", "server-%s.pem" % md)
    ossl("genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:ffdhe2048",
         "-out", "dh.pem")
    ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "self.key",
         "-out", "self.pem", "-days", "3", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1")


# ---------------------------------------------------------------- #
# Peers.                                                            #
# ---------------------------------------------------------------- #

class Capture:
    """dumpcap on loopback for the given ports, until stop()."""

    def __init__(self, path, ports):
        self.path = path
        flt = " or ".join("tcp port %d" % p for p in ports)
        self.err = open(path + ".log", "w+")
        self.proc = subprocess.Popen(["dumpcap", "-q", "-i", "lo", "-f", flt,
                                      "-w", path], stderr=self.err,
                                     stdout=subprocess.DEVNULL)
        deadline = time.time() + 20
        while time.time() < deadline:
            self.err.seek(0)
            if "Capturing on" in self.err.read():
                break
            if self.proc.poll() is not None:
                self.err.seek(0)
                raise RuntimeError("dumpcap failed: " + self.err.read())
            time.sleep(0.05)
        time.sleep(0.3)

    def stop(self):
        time.sleep(0.3)
        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(timeout=20)
        self.err.close()


class Server:
    def __init__(self, cmd, port=None, port_file=None, cwd=None, host="127.0.0.1"):
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        self.port = port
        if port_file:
            deadline = time.time() + 20
            while not os.path.exists(port_file) and time.time() < deadline:
                time.sleep(0.05)
            self.port = int(open(port_file).read())
        else:
            deadline = time.time() + 20
            while time.time() < deadline:
                try:
                    socket.create_connection((host, port), 0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Env:
    def __init__(self, work, certs):
        self.work, self.certs = work, certs
        self.n = 0

    def cert(self, name):
        return os.path.join(self.certs, name)

    def s_server(self, port, *args, cert="server-sha256.pem", key="server.key"):
        # s_server answers a probe connection from Server() itself; the
        # scenarios' own connections follow it in the capture only when
        # the capture starts first, so the probe is made before capturing.
        cmd = ["openssl", "s_server", "-accept", str(port), "-cert",
               self.cert(cert), "-key", self.cert(key), "-naccept", "100",
               "-quiet"] + list(args)
        return Server(cmd, port=port)

    def responder(self, *args, cert="server-sha256.pem"):
        self.n += 1
        pf = os.path.join(self.work, "port%d" % self.n)
        cmd = [sys.executable, os.path.join(HERE, "responder.py"), "--port-file",
               pf, "--cert", self.cert(cert), "--key", self.cert("server.key")]
        return Server(cmd + list(args), port_file=pf)


def s_client(port, *args, host="127.0.0.1", data=b"ping\n"):
    # Without -quiet (which implies -ign_eof) s_client closes when its
    # input ends, so a completed handshake does not wait for a timeout.
    cmd = ["openssl", "s_client", "-connect", "%s:%d" % (host, port),
           "-servername", "localhost", "-brief"] + list(args)
    try:
        return subprocess.run(cmd, input=data or b"", capture_output=True, timeout=10)
    except subprocess.TimeoutExpired:
        return None


def tsql(port, encryption="require", version="7.4"):
    d = tempfile.mkdtemp()
    conf = os.path.join(d, "freetds.conf")
    with open(conf, "w") as f:
        f.write("[global]\n\tencryption = %s\n\ttds version = %s\n" % (encryption, version))
    env = dict(os.environ, FREETDSCONF=conf, TDSVER=version)
    try:
        subprocess.run(["tsql", "-H", "127.0.0.1", "-p", str(port), "-U", "sa",
                        "-P", "x"], stdin=subprocess.DEVNULL, capture_output=True,
                       env=env, timeout=15)
    except subprocess.TimeoutExpired:
        pass
    shutil.rmtree(d)


def tedious(port, encrypt="true", max_tls=None, ca=None, ciphers=None):
    cmd = ["node", os.path.join(HERE, "tedious", "client.js"), str(port), encrypt,
           max_tls or ""]
    env = dict(os.environ)
    if ca:
        env["CR_TEST_CA"] = ca
    if ciphers:
        env["CR_TEST_CIPHERS"] = ciphers
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=20, env=env)
        return r.stdout
    except subprocess.TimeoutExpired:
        return ""


# ---------------------------------------------------------------- #
# Scenarios: each returns (capture path, decode-as list, expected    #
# finding ids per server port, finding ids that must be absent).    #
# ---------------------------------------------------------------- #

def scenario_protocol(env, path):
    a, b = free_port(), free_port()
    sa = env.s_server(a, "-tls1_2")
    sb = env.s_server(b, "-tls1_3")
    cap = Capture(path, [a, b])
    s_client(a, "-tls1_3")
    s_client(a, "-tls1_2")
    s_client(b, "-tls1_2")
    cap.stop()
    sa.stop()
    sb.stop()
    return [(a, "tls"), (b, "tls")], {a: ["PROTO101"], b: ["PROTO101"]}, {}


def scenario_suite(env, path):
    a = free_port()
    sa = env.s_server(a, "-no_tls1_3", "-cipher", "AES128-SHA")
    cap = Capture(path, [a])
    s_client(a, "-no_tls1_3", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384")
    s_client(a, "-no_tls1_3", "-cipher", "AES128-SHA")
    cap.stop()
    sa.stop()
    return [(a, "tls")], {a: ["SUITE101"]}, {a: ["PROTO101"]}


def scenario_dhe(env, path):
    a = free_port()
    sa = env.s_server(a, "-no_tls1_3", "-cipher", "DHE-RSA-AES128-GCM-SHA256",
                      "-dhparam", env.cert("dh.pem"))
    cap = Capture(path, [a])
    for _ in range(3):
        s_client(a, "-no_tls1_3", "-cipher", "DHE-RSA-AES128-GCM-SHA256")
    cap.stop()
    sa.stop()
    return [(a, "tls")], {a: []}, {a: ["DHEZERO101", "HANDSHAKE101"]}


def scenario_certs(env, path):
    md5, s256, s512 = free_port(), free_port(), free_port()
    low = ["-cipher", "DEFAULT:@SECLEVEL=0", "-no_tls1_3"]
    servers = [env.s_server(md5, *low, cert="server-md5.pem"),
               env.s_server(s256, *low, cert="server-sha256.pem"),
               env.s_server(s512, *low, cert="server-sha512.pem")]
    cap = Capture(path, [md5, s256, s512])
    ca, other = env.cert("ca.pem"), env.cert("other-ca.pem")
    # A client that checks the chain: MD5 is below its security level.
    s_client(md5, "-no_tls1_3", "-verify_return_error", "-CAfile", ca)
    # SHA-256 and SHA-512: accepted with the CA, refused without it.
    s_client(s256, "-no_tls1_3", "-verify_return_error", "-CAfile", ca)
    s_client(s256, "-no_tls1_3", "-verify_return_error", "-CAfile", other)
    s_client(s512, "-no_tls1_3", "-verify_return_error", "-CAfile", ca)
    s_client(s512, "-no_tls1_3", "-verify_return_error", "-CAfile", other)
    cap.stop()
    for s in servers:
        s.stop()
    return [(md5, "tls"), (s256, "tls"), (s512, "tls")], {md5: ["CERTHASH101"], s256: ["HANDSHAKE101"],
                s512: ["CERTHASH101", "CERTHASH102"]}, {s256: ["CERTHASH101", "CERTHASH102"]}


def scenario_schannel_reset(env, path):
    ra = env.responder("--mode", "raw", "--tls-min", "1.2", "--tls-max", "1.2",
                       "--ciphers", "ECDHE-RSA-AES256-GCM-SHA384", "--reset-on-failure")
    rb = env.responder("--mode", "raw", "--tls-min", "1.2", "--tls-max", "1.2",
                       "--ciphers", "ECDHE-RSA-AES256-GCM-SHA384", "--reset-on-failure")
    cap = Capture(path, [ra.port, rb.port])
    s_client(ra.port, "-tls1_2")                                   # completes
    s_client(ra.port, "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0")  # PROTO
    s_client(ra.port, "-tls1_2", "-cipher", "AES128-SHA")           # SUITE
    s_client(rb.port, "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0")  # unknown
    cap.stop()
    ra.stop()
    rb.stop()
    return ([(ra.port, "tls"), (rb.port, "tls")],
            {ra.port: ["PROTO101", "SUITE101"], rb.port: ["PROTO103"]}, {})


def scenario_dhe_intermittent(env, path):
    r = env.responder("--mode", "raw", "--tls-max", "1.2", "--ciphers",
                      "DHE-RSA-AES128-GCM-SHA256", "--dhparam", env.cert("dh.pem"),
                      "--withhold-finished", "3")
    cap = Capture(path, [r.port])
    for _ in range(6):
        s_client(r.port, "-no_tls1_3")
    cap.stop()
    r.stop()
    return [(r.port, "tls")], {r.port: ["DHEZERO101"]}, {}


def scenario_syn(env, path):
    closed = free_port()
    lst = socket.socket()
    lst.bind(("127.0.0.1", 0))
    lst.listen(0)  # never accepted: the queue overflows, later SYNs are dropped
    busy = lst.getsockname()[1]
    cap = Capture(path, [busy, closed])
    socks = []
    for _ in range(4):
        c = socket.socket()
        c.settimeout(1.5)
        try:
            c.connect(("127.0.0.1", busy))
        except OSError:
            pass
        socks.append(c)
    c = socket.socket()
    c.settimeout(1.5)
    try:
        c.connect(("127.0.0.1", closed))
    except OSError:
        pass
    c.close()
    cap.stop()
    for c in socks:
        c.close()
    lst.close()
    return [], {busy: ["SYN101"], closed: ["SYN102"]}, {}


def scenario_reset_after_login(env, path):
    r = env.responder("--mode", "raw", "--reset-after-login", "--reset-delay", "0.3")
    cap = Capture(path, [r.port])
    s_client(r.port, "-tls1_2")
    s_client(r.port)
    cap.stop()
    r.stop()
    return ([(r.port, "tls")], {r.port: ["RESET101"]},
            {r.port: ["PROTO101", "SUITE101", "PROTO103"]})


def scenario_tds_tsql(env, path):
    old = env.responder("--mode", "tds", "--sql-version", "14.0.1000")
    noencrypt = env.responder("--mode", "tds", "--sql-version", "11.0.2100",
                              "--encryption", "2")
    cap = Capture(path, [old.port, noencrypt.port])
    tsql(old.port, "require")
    tsql(old.port, "request")
    tsql(noencrypt.port, "off")
    cap.stop()
    old.stop()
    noencrypt.stop()
    return ([(old.port, "tds"), (noencrypt.port, "tds")],
            {old.port: ["IOCP101"], noencrypt.port: ["IOCP101", "PROTO110"]}, {})


def scenario_tds_tedious(env, path):
    ok = env.responder("--mode", "tds", "--tls-max", "1.2", "--ciphers",
                       "ECDHE-RSA-AES256-GCM-SHA384", "--reset-on-failure")
    strict = env.responder("--mode", "tds8", "--alpn", "tds/8.0", "--tls-min", "1.3")
    cap = Capture(path, [ok.port, strict.port])
    tedious(ok.port, "true")
    tedious(ok.port, "true", "TLSv1.2", ciphers="AES128-SHA")
    tedious(strict.port, "strict", ca=env.cert("ca.pem"))
    cap.stop()
    ok.stop()
    strict.stop()
    return ([(ok.port, "tds"), (strict.port, "tls")], {ok.port: ["SUITE101"]},
            {strict.port: ["HANDSHAKE101"]})


def scenario_ipv6(env, path):
    a = free_port()
    sa = Server(["openssl", "s_server", "-accept", "[::1]:%d" % a, "-cert",
                 env.cert("server-sha256.pem"), "-key", env.cert("server.key"),
                 "-naccept", "10", "-quiet"], port=a, host="::1")
    cap = Capture(path, [a])
    s_client(a, "-tls1_2", host="[::1]")
    s_client(a, host="[::1]")
    cap.stop()
    sa.stop()
    return [(a, "tls")], {}, {}


SCENARIOS = [
    ("protocol", scenario_protocol), ("suite", scenario_suite),
    ("dhe", scenario_dhe), ("certs", scenario_certs),
    ("schannel-reset", scenario_schannel_reset),
    ("dhe-intermittent", scenario_dhe_intermittent), ("syn", scenario_syn),
    ("reset-after-login", scenario_reset_after_login),
    ("tds-tsql", scenario_tds_tsql), ("tds-tedious", scenario_tds_tedious),
    ("ipv6", scenario_ipv6),
]


# ---------------------------------------------------------------- #
# Comparison with tshark.                                           #
# ---------------------------------------------------------------- #

def trace_json(exe, path, *extra):
    r = run([exe, "trace", "--json", path] + list(extra))
    if r.returncode >= 128 or r.returncode < 0:
        raise RuntimeError("connreset crashed on %s: %s" % (path, r.stderr))
    return r.returncode, json.loads(r.stdout), r.stderr


def dn_pairs(text):
    """connreset's RFC 4514 string -> {(attribute, value)}."""
    names = {"CN": "2.5.4.3", "O": "2.5.4.10", "C": "2.5.4.6", "OU": "2.5.4.11",
             "L": "2.5.4.7", "ST": "2.5.4.8"}
    out = set()
    for part in (text or "").split(","):
        if "=" in part:
            k, v = part.split("=", 1)
            out.add((names.get(k, k), v))
    return out


def compare(label, mine, theirs):
    """mine: connreset's connections; theirs: tshark_view's streams."""
    by_stream = {c["stream"]: c for c in mine["connections"]}
    check(set(by_stream) == set(theirs),
          "%s: streams %s vs tshark %s" % (label, sorted(by_stream), sorted(theirs)))
    for st, t in sorted(theirs.items()):
        c = by_stream.get(st)
        if not c:
            continue
        tag = "%s stream %d" % (label, st)

        def eq(name, a, b):
            check(a == b, "%s: %s: connreset %r, tshark %r" % (tag, name, a, b))

        if t["synFrame"] or t["synAckFrame"]:
            eq("client", c["client"], t["client"])
            eq("server", c["server"], t["server"])
        for k in ("firstFrame", "lastFrame"):
            eq(k, c[k], t[k])
        for k in ("synFrame", "synAckFrame", "syns", "finFrame", "rstFrame",
                  "segments", "payloadBytes", "retransmissions", "keepAlives"):
            eq(k, c["tcp"][k], t[k])
        for who in ("client", "server"):
            a, b = c["prelogin"][who], t["prelogin"][who]
            if b is None or a is None:
                eq("prelogin." + who, a is None, b is None)
                continue
            for k in ("frame", "versionRaw", "subBuild", "encryption", "threadId",
                      "mars", "fedAuthRequired", "traceId"):
                if k in ("versionRaw", "subBuild") and b.get(k) is None:
                    continue
                eq("prelogin.%s.%s" % (who, k), a.get(k), b.get(k))
            eq("prelogin.%s.instance" % who, a.get("instance") or None,
               b.get("instance") or None)
        mt, tt = c["tls"], t["tls"]
        ch, tch = mt["clientHello"], tt["clientHello"]
        eq("clientHello present", ch is not None, tch is not None)
        if ch and tch:
            eq("clientHello.frame", ch["frame"], tch["frame"])
            eq("clientHello.version", ch["version"], tch["version"])
            eq("clientHello.supportedVersions", ch["supportedVersions"],
               tch["supportedVersions"])
            eq("clientHello.cipherSuites", [s["id"] for s in ch["cipherSuites"]],
               tch["cipherSuites"])
            eq("clientHello.groups", [g["id"] for g in ch["groups"]], tch["groups"])
            eq("clientHello.signatureAlgorithms", ch["signatureAlgorithms"],
               tch["signatureAlgorithms"])
            eq("clientHello.serverName", ch["serverName"], tch["serverName"])
            eq("clientHello.alpn", ch["alpn"], tch["alpn"])
        sh, tsh = mt["serverHello"], tt["serverHello"]
        eq("serverHello present", sh is not None, tsh is not None)
        if sh and tsh:
            for k in ("frame", "version", "selectedVersion", "cipherSuite"):
                eq("serverHello." + k, sh[k], tsh[k])
        ce, tce = mt["certificate"], tt["certificate"]
        eq("certificate present", ce is not None, tce is not None)
        if ce and tce:
            eq("certificate.frame", ce["frame"], tce["frame"])
            eq("certificate.chainLength", ce["chainLength"], tce["chainLength"])
            eq("certificate.signatureAlgorithm", ce["signatureAlgorithm"],
               tce["signatureAlgorithm"])
            eq("certificate.signatureHash", ce["signatureHash"], tce["signatureHash"])
            eq("certificate.keyBits", ce["keyBits"], tce["keyBits"])
            eq("certificate.subject", dn_pairs(ce["subject"]), set(tce["subject"]))
            eq("certificate.issuer", dn_pairs(ce["issuer"]), set(tce["issuer"]))
        ke, tke = mt["serverKeyExchange"], tt["serverKeyExchange"]
        eq("serverKeyExchange present", ke is not None, tke is not None)
        if ke and tke:
            for k in tke:
                eq("serverKeyExchange." + k, ke.get(k), tke[k])
        # Alerts while the handshake is read: a side is no longer read
        # after its first application data record (a later close_notify
        # is not decoded).
        def before_data(a):
            ad = tt["applicationDataFrame"][a["from"]]
            return ad is None or a["frame"] < ad
        eq("alerts", [(a["frame"], a["from"], a["encrypted"], a["level"], a["description"])
                      for a in mt["alerts"]],
           [(a["frame"], a["from"], a["encrypted"], a["level"], a["description"])
            for a in tt["alerts"] if before_data(a)][:4])
        for k in ("changeCipherSpecFrame", "finishedFrame", "applicationDataFrame"):
            eq(k, mt[k], tt[k])


def expect_verdicts(label, mine, expected, absent):
    """Verdict ids by server port: from the connections, and from the
    findings whose title names the server (server-wide ones: IOCP101...)."""
    found = {}
    for c in mine["connections"]:
        if c["verdict"]:
            port = int(c["server"].rsplit(":", 1)[1])
            found.setdefault(port, set()).add(c["verdict"])
    for f in mine["findings"]:
        for m in re.finditer(r":(\d+)\b", f["title"]):
            found.setdefault(int(m.group(1)), set()).add(f["id"])
    for port, want in expected.items():
        for v in want:
            check(v in found.get(port, set()),
                  "%s: expected %s for port %d (found %s)"
                  % (label, v, port, sorted(found.get(port, set()))))
    for port, bad in absent.items():
        for v in bad:
            check(v not in found.get(port, set()),
                  "%s: %s must not be a verdict for port %d (found %s)"
                  % (label, v, port, sorted(found.get(port, set()))))


# ---------------------------------------------------------------- #
# Variants and damage.                                              #
# ---------------------------------------------------------------- #

def variants(src, work):
    pk = pcapio.read_pcapng(src)
    v = {}
    base = os.path.join(work, os.path.basename(src)[:-7])

    def add(name, writer, packets, **kw):
        path = "%s.%s" % (base, name)
        writer(path, packets, **kw)
        v[name] = path

    add("le.pcap", pcapio.write_pcap, pk)
    add("be.pcap", pcapio.write_pcap, pk, big_endian=True)
    add("ns-le.pcap", pcapio.write_pcap, pk, nanosecond=True)
    add("ns-be.pcap", pcapio.write_pcap, pk, big_endian=True, nanosecond=True)
    add("be.pcapng", pcapio.write_pcapng, pk, big_endian=True)
    add("sections.pcapng", pcapio.write_pcapng, pk, sections=3, unknown_block=True)
    add("tsresol2.pcapng", pcapio.write_pcapng, pk, tsresol=0x94)
    add("tsresol9.pcapng", pcapio.write_pcapng, pk, tsresol=9)
    add("spb.pcapng", pcapio.write_pcapng, pk, block="spb")
    add("pb.pcapng", pcapio.write_pcapng, pk, block="pb")
    add("sll.pcap", pcapio.write_pcap, pcapio.relink(pk, pcapio.LINK_SLL))
    add("sll2.pcapng", pcapio.write_pcapng, pcapio.relink(pk, pcapio.LINK_SLL2))
    add("raw.pcap", pcapio.write_pcap, pcapio.relink(pk, pcapio.LINK_RAW))
    add("ipv4.pcap", pcapio.write_pcap, pcapio.relink(pk, pcapio.LINK_IPV4))
    add("null-le.pcap", pcapio.write_pcap, pcapio.relink(pk, pcapio.LINK_NULL))
    add("null-be.pcap", pcapio.write_pcap,
        pcapio.relink(pk, pcapio.LINK_NULL, big_endian_null=True))
    add("loop.pcap", pcapio.write_pcap, pcapio.relink(pk, pcapio.LINK_LOOP))
    add("vlan.pcapng", pcapio.write_pcapng, pcapio.relink(pk, "vlan"))
    add("disorder.pcapng", pcapio.write_pcapng, pcapio.disorder(pk))
    add("split.pcapng", pcapio.write_pcapng, pcapio.split_segments(pk, 100))
    # Mid-connection: the first frames of the file are gone.
    add("midstream.pcapng", pcapio.write_pcapng, pk[2:])
    return v


def damage_tests(exe, src, work):
    data = open(src, "rb").read()
    full_rc, full, _ = trace_json(exe, src)
    cases = []
    # Cut inside the last block, inside a middle block, and inside a header.
    for cut in (len(data) - 5, len(data) // 2, 30, 3):
        p = os.path.join(work, "cut%d.pcapng" % cut)
        open(p, "wb").write(data[:cut])
        cases.append((p, cut))
    bad = bytearray(data)
    # The second block's length (after the 28-byte SHB... find the IDB).
    shb_len = int.from_bytes(data[4:8], "little")
    bad[shb_len + 4:shb_len + 8] = (7).to_bytes(4, "little")
    p = os.path.join(work, "badlen.pcapng")
    open(p, "wb").write(bytes(bad))
    cases.append((p, shb_len + 4))
    for p, cut in cases:
        rc, doc, err = trace_json(exe, p)
        f = doc["files"][0]
        check(rc == 2, "%s: exit %d, expected 2 (damaged)" % (p, rc))
        check(f["complete"] is False and f["error"] and f["error"]["offset"] is not None,
              "%s: no damage offset reported: %s" % (p, f.get("error")))
        if f["error"] and f["error"]["offset"] is not None:
            check(f["error"]["offset"] <= cut,
                  "%s: damage offset %s is past the cut at %d" % (p, f["error"]["offset"], cut))
        check("offset" in err, "%s: stderr names no offset: %r" % (p, err))
        # What came before the damage: tshark reads the same frames. (A
        # file cut inside its first blocks is no pcapng to tshark either:
        # it takes such scraps for other formats, so there only 0 counts.)
        tframes = 0
        if cut > 200:
            r = run(["tshark", "-r", p, "-T", "fields", "-e", "frame.number"])
            tframes = len([x for x in r.stdout.split() if x.strip()])
        check(f["frames"] == tframes, "%s: %d frames read before the damage, "
              "tshark reads %d" % (p, f["frames"], tframes))
        check(len(doc["connections"]) <= len(full["connections"]),
              "%s: more connections than the whole file" % p)
    p = os.path.join(work, "not-a-capture.etl")
    open(p, "wb").write(b"\x00\x01\x02\x03" * 64)
    rc, doc, err = trace_json(exe, p)
    check(rc == 2 and "etl2pcap" in err, "ETL-like file: exit %d, %r" % (rc, err))


# ---------------------------------------------------------------- #

def main():
    exe, work = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    keep = "--keep" in sys.argv
    only = [a.split("=", 1)[1] for a in sys.argv if a.startswith("--only=")]
    for tool in ("dumpcap", "tshark", "openssl", "tsql", "node", "npm"):
        if not shutil.which(tool):
            print("test_wire: %s is not installed (tools/install-deps.sh)" % tool)
            print("0 passed, 1 failed")
            return 1
    if not os.path.isdir(os.path.join(HERE, "tedious", "node_modules", "tedious")):
        r = run(["npm", "ci", "--silent", "--no-audit", "--no-fund", "--ignore-scripts"],
                cwd=os.path.join(HERE, "tedious"))
        if r.returncode:
            print("test_wire: npm ci failed: " + r.stderr)
            print("0 passed, 1 failed")
            return 1
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    certs = os.path.join(work, "certs")
    os.makedirs(certs)
    make_certs(certs)
    env = Env(work, certs)
    captures = []
    for name, fn in SCENARIOS:
        if only and name not in only:
            continue
        path = os.path.join(work, name + ".pcapng")
        t0 = time.time()
        decode, expected, absent = fn(env, path)
        print("scenario %s: %s (%.1f s)" % (name, path, time.time() - t0), flush=True)
        captures.append((name, path, decode, expected, absent))
    for name, path, decode, expected, absent in captures:
        rc, mine, err = trace_json(exe, path)
        check(rc in (0, 1), "%s: exit %d (%s)" % (name, rc, err.strip()))
        theirs = tshark_view.view(path, decode)
        check(len(theirs) > 0, "%s: the capture holds no TCP stream" % name)
        compare(name, mine, theirs)
        expect_verdicts(name, mine, expected, absent)
        check(mine["connectionCount"] == len(theirs),
              "%s: %d connections, tshark %d" % (name, mine["connectionCount"], len(theirs)))
    # Every variant of the TDS and IPv6 captures against tshark.
    for name, path, decode, expected, absent in captures:
        if name not in ("tds-tsql", "ipv6", "certs"):
            continue
        if name == "ipv6":
            pk = pcapio.read_pcapng(path)
            p6 = path[:-7] + ".ext6.pcapng"
            pcapio.write_pcapng(p6, pcapio.ipv6_with_options(pk))
            vs = {"ext6.pcapng": p6}
        else:
            vs = variants(path, os.path.dirname(path))
        for vname, vpath in sorted(vs.items()):
            label = "%s/%s" % (name, vname)
            rc, mine, err = trace_json(exe, vpath)
            check(rc in (0, 1), "%s: exit %d (%s)" % (label, rc, err.strip()))
            compare(label, mine, tshark_view.view(vpath, decode))
            if vname != "midstream.pcapng":
                expect_verdicts(label, mine, expected, absent)
    if captures:
        damage_tests(exe, captures[0][1], work)
    print()
    for f in failures[:50]:
        print("failed: " + f)
    print("%d passed, %d failed" % (passed, failed))
    if not keep and not failed:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
