"""tshark_view.py - what tshark says a capture holds, per TCP stream, in
the shape of connreset's connreset.trace/1 "connections", so the two can
be compared field by field. Everything here is read from `tshark -T json`
(duplicate keys kept); the only logic is grouping by stream and side and
the record positions (Finished is the first handshake record after a
side's ChangeCipherSpec).
"""
import json
import subprocess

HASH_BY_OID = {  # RFC 3279, RFC 4055, RFC 5758 signature algorithm OIDs
    "1.2.840.113549.1.1.4": "MD5", "1.2.840.113549.1.1.5": "SHA1",
    "1.2.840.113549.1.1.14": "SHA224", "1.2.840.113549.1.1.11": "SHA256",
    "1.2.840.113549.1.1.12": "SHA384", "1.2.840.113549.1.1.13": "SHA512",
    "1.2.840.10045.4.3.2": "SHA256", "1.2.840.10045.4.3.3": "SHA384",
    "1.2.840.10045.4.3.4": "SHA512",
}


def _pairs(items):
    out = {}
    for k, v in items:
        out.setdefault(k, []).append(v)
    return out


def find_all(node, key):
    """Every value of `key` under node, in document order."""
    found = []
    if isinstance(node, dict):
        for k, vals in node.items():
            for v in vals:
                if k == key:
                    found.append(v)
                found.extend(find_all(v, key))
    elif isinstance(node, list):
        for v in node:
            found.extend(find_all(v, key))
    return found


def first(node, key):
    v = find_all(node, key)
    return v[0] if v else None


def num(v):
    return int(v, 0) if isinstance(v, str) else int(v)


def run_tshark(path, decode_as):
    cmd = ["tshark", "-n", "-r", path, "-T", "json",
           "-o", "tcp.reassemble_out_of_order:TRUE",
           "-o", "tcp.analyze_sequence_numbers:TRUE"]
    for port, proto in decode_as:
        cmd += ["-d", "tcp.port==%d,%s" % (port, proto)]
    out = subprocess.run(cmd, check=True, capture_output=True).stdout
    return json.loads(out, object_pairs_hook=_pairs)


def _records(layers):
    """Content types of the TLS records in a frame, in order."""
    types = []
    if True:  # TLS sits at the top, or inside the TDS layer
        for rec in find_all(layers, "tls.record"):
            ct = first(rec, "tls.record.content_type")
            if ct is None:
                ct = first(rec, "tls.record.opaque_type")
            if ct is not None:
                types.append((num(ct), rec))
    return types


def _cert(layers, frame):
    hs = [h for h in find_all(layers, "tls.handshake")
          if first(h, "tls.handshake.type") == "11"]
    if not hs:
        return None
    h = hs[0]
    certs = find_all(h, "tls.handshake.certificate_tree")
    c = certs[0] if certs else h
    tbs = first(c, "x509af.signedCertificate_element")
    sig = first(first(tbs, "x509af.signature_element"), "x509af.algorithm.id")

    def dn(tree_key):
        tree = first(tbs, tree_key)
        pairs = []
        for rdn in find_all(tree, "x509if.RelativeDistinguishedName_item_element"):
            oid = first(rdn, "x509if.oid")
            vals = [v for k in ("x509sat.uTF8String", "x509sat.printableString",
                                "x509sat.CountryName", "x509sat.IA5String")
                    for v in find_all(rdn, k)]
            pairs.append((oid, vals[0] if vals else None))
        return pairs

    modulus = first(tbs, "pkcs1.modulus")
    bits = None
    if modulus:
        b = bytes.fromhex(modulus.replace(":", "")).lstrip(b"\0")
        bits = len(b) * 8 - (8 - b[0].bit_length())
    return {"frame": frame, "signatureAlgorithm": sig,
            "signatureHash": HASH_BY_OID.get(sig),
            "subject": dn("x509af.subject_tree"), "issuer": dn("x509af.issuer_tree"),
            "keyBits": bits, "chainLength": len(certs)}


def view(path, decode_as):
    frames = run_tshark(path, decode_as)
    streams = {}
    for fr in frames:
        layers = fr["_source"][0]["layers"][0]
        if "tcp" not in layers:
            continue
        n = num(first(layers["frame"][0], "frame.number"))
        tcp = layers["tcp"][0]
        st = num(first(tcp, "tcp.stream"))
        ip = layers.get("ip", layers.get("ipv6"))[0]
        v6 = "ipv6" in layers
        src = first(ip, "ipv6.src" if v6 else "ip.src")
        dst = first(ip, "ipv6.dst" if v6 else "ip.dst")
        sport, dport = num(first(tcp, "tcp.srcport")), num(first(tcp, "tcp.dstport"))
        flags = first(tcp, "tcp.flags_tree")
        syn = first(flags, "tcp.flags.syn") == "1"
        ack = first(flags, "tcp.flags.ack") == "1"
        fin = first(flags, "tcp.flags.fin") == "1"
        rst = first(flags, "tcp.flags.reset") == "1"
        s = streams.setdefault(st, {"frames": [], "syn": None})
        ep = ("[%s]:%d" if v6 else "%s:%d") % (src, sport)
        peer = ("[%s]:%d" if v6 else "%s:%d") % (dst, dport)
        if syn and not ack and s["syn"] is None:
            s["syn"] = (ep, peer, n)
        flags_an = first(tcp, "tcp.analysis") or {}
        s["frames"].append({
            "n": n, "src": ep, "dst": peer, "syn": syn, "ack": ack, "fin": fin,
            "rst": rst, "len": num(first(tcp, "tcp.len") or 0),
            "retrans": any(first(flags_an, k) is not None for k in (
                "tcp.analysis.retransmission", "tcp.analysis.spurious_retransmission",
                "tcp.analysis.fast_retransmission", "tcp.analysis.out_of_order")),
            "keepalive": first(flags_an, "tcp.analysis.keep_alive") is not None,
            "layers": layers})
    return {st: _stream(st, s) for st, s in streams.items()}


def _sender_is_client(f):
    """True when the frame's first payload is a ClientHello or a TDS
    PRELOGIN/LOGIN7 from a client, False for a ServerHello or a TDS
    response, None otherwise (what tshark dissected)."""
    types = [first(h, "tls.handshake.type") for h in find_all(f["layers"], "tls.handshake")]
    if types and types[0] == "1":
        return True
    if types and types[0] == "2":
        return False
    tds_type = [first(t, "tds.type") for t in f["layers"].get("tds", [])]
    if tds_type and tds_type[0] in ("16", "18", "0x10", "0x12"):
        return True
    if tds_type and tds_type[0] in ("4", "0x04"):
        return False
    return None


def _stream(st, s):
    frames = s["frames"]
    if s["syn"]:
        client, server, _ = s["syn"]
    else:
        synack = [f for f in frames if f["syn"] and f["ack"]]
        if synack:
            client, server = synack[0]["dst"], synack[0]["src"]
        else:
            # No handshake captured: connreset's rule, the sender of a
            # ClientHello or TDS PRELOGIN/LOGIN7 first, else the lower port
            # is the server's.
            hello = [f for f in frames if f["len"] and _sender_is_client(f) is not None]
            f0 = hello[0] if hello else frames[0]
            a, b = f0["src"], f0["dst"]
            if hello and not _sender_is_client(f0):
                a, b = b, a
            elif not hello and int(a.rsplit(":", 1)[1]) < int(b.rsplit(":", 1)[1]):
                a, b = b, a
            client, server = a, b
    side = lambda f: 0 if f["src"] == client else 1  # noqa: E731
    out = {"stream": st, "client": client, "server": server,
           "firstFrame": frames[0]["n"], "lastFrame": frames[-1]["n"],
           "synFrame": next((f["n"] for f in frames if f["syn"] and not f["ack"]), None),
           "synAckFrame": next((f["n"] for f in frames if f["syn"] and f["ack"]), None),
           "syns": sum(1 for f in frames if f["syn"] and not f["ack"])}
    for name, key in (("finFrame", "fin"), ("rstFrame", "rst")):
        out[name] = {w: next((f["n"] for f in frames if f[key] and side(f) == k), None)
                     for k, w in ((0, "client"), (1, "server"))}
    for name, fn in (("segments", lambda f: 1), ("payloadBytes", lambda f: f["len"]),
                     ("retransmissions", lambda f: int(f["retrans"] and f["len"] > 0)),
                     ("keepAlives", lambda f: int(f["keepalive"]))):
        out[name] = {w: sum(fn(f) for f in frames if side(f) == k)
                     for k, w in ((0, "client"), (1, "server"))}
    # TDS PRELOGIN, one per side: the first frame whose TDS layer has it.
    out["prelogin"] = {"client": None, "server": None}
    for f in frames:
        for tds in f["layers"].get("tds", []):
            if first(tds, "tds.prelogin") is None and \
                    first(tds, "tds.prelogin.option.token") is None:
                continue
            who = "client" if side(f) == 0 else "server"
            if out["prelogin"][who] is not None:
                continue
            g = lambda k: first(tds, k)  # noqa: E731
            out["prelogin"][who] = {
                "frame": f["n"],
                "versionRaw": num(g("tds.prelogin.option.version")) if g("tds.prelogin.option.version") else None,
                "subBuild": num(g("tds.prelogin.option.subbuild")) if g("tds.prelogin.option.subbuild") else None,
                "encryption": num(g("tds.prelogin.option.encryption")) if g("tds.prelogin.option.encryption") else None,
                "instance": g("tds.prelogin.option.instopt"),
                "threadId": num(g("tds.prelogin.option.threadid")) if g("tds.prelogin.option.threadid") else None,
                "mars": num(g("tds.prelogin.option.mars")) if g("tds.prelogin.option.mars") else None,
                "traceId": (g("tds.prelogin.option.traceid") or "").replace(":", "") or None,
                "fedAuthRequired": num(g("tds.prelogin.option.fedauthrequired")) if g("tds.prelogin.option.fedauthrequired") else None,
            }
    # TLS, by message and record position.
    tls = {"clientHello": None, "serverHello": None, "certificate": None,
           "serverKeyExchange": None, "alerts": [],
           "changeCipherSpecFrame": {"client": None, "server": None},
           "finishedFrame": {"client": None, "server": None},
           "applicationDataFrame": {"client": None, "server": None}}
    ccs_seen = [False, False]
    tls13 = False
    for f in frames:
        layers, k = f["layers"], side(f)
        who = "client" if k == 0 else "server"
        for ct, rec in _records(layers):
            hs_types = [first(h, "tls.handshake.type") for h in find_all(rec, "tls.handshake")]
            if ct == 20:
                tls["changeCipherSpecFrame"][who] = tls["changeCipherSpecFrame"][who] or f["n"]
                ccs_seen[k] = True
            elif ct == 21:
                lvl = first(rec, "tls.alert_message.level")
                desc = first(rec, "tls.alert_message.desc")
                tls["alerts"].append({"frame": f["n"], "from": who,
                                      "encrypted": desc is None,
                                      "level": num(lvl) if lvl else None,
                                      "description": num(desc) if desc else None})
            elif ct == 22 and ccs_seen[k] and not any(hs_types):
                tls["finishedFrame"][who] = tls["finishedFrame"][who] or f["n"]
            elif ct == 23:
                if tls13 and tls["finishedFrame"][who] is None:
                    tls["finishedFrame"][who] = f["n"]
                elif tls13 and k == 1 and tls["finishedFrame"][who] == f["n"]:
                    pass
                elif tls["applicationDataFrame"][who] is None:
                    tls["applicationDataFrame"][who] = f["n"]
            for h in find_all(rec, "tls.handshake"):
                t = first(h, "tls.handshake.type")
                if t == "1" and k == 0 and tls["clientHello"] is None:
                    tls["clientHello"] = {
                        "frame": f["n"],
                        "version": num(first(h, "tls.handshake.version")),
                        "supportedVersions": [num(v) for v in find_all(h, "tls.handshake.extensions.supported_version")] or None,
                        "cipherSuites": [num(v) for v in find_all(h, "tls.handshake.ciphersuite")],
                        "groups": [num(v) for v in find_all(h, "tls.handshake.extensions_supported_group")],
                        "signatureAlgorithms": [num(v) for v in find_all(h, "tls.handshake.sig_hash_alg")],
                        "serverName": first(h, "tls.handshake.extensions_server_name"),
                        "alpn": ",".join(find_all(h, "tls.handshake.extensions_alpn_str")) or None}
                elif t == "2" and k == 1 and tls["serverHello"] is None:
                    sv = find_all(h, "tls.handshake.extensions.supported_version")
                    tls["serverHello"] = {
                        "frame": f["n"], "version": num(first(h, "tls.handshake.version")),
                        "selectedVersion": num(sv[0]) if sv else None,
                        "cipherSuite": num(first(h, "tls.handshake.ciphersuite"))}
                    tls13 = bool(sv) and num(sv[0]) == 0x0304
                elif t == "12" and k == 1 and tls["serverKeyExchange"] is None:
                    g = lambda key: first(h, key)  # noqa: E731
                    if g("tls.handshake.p_len") is not None:
                        tls["serverKeyExchange"] = {
                            "frame": f["n"], "kind": "dhe",
                            "primeLength": num(g("tls.handshake.p_len")),
                            "generatorLength": num(g("tls.handshake.g_len")),
                            "publicValueLength": num(g("tls.handshake.ys_len"))}
                    else:
                        tls["serverKeyExchange"] = {
                            "frame": f["n"], "kind": "ecdhe",
                            "curveType": num(g("tls.handshake.server_curve_type")),
                            "curve": num(g("tls.handshake.server_named_curve")),
                            "pointLength": num(g("tls.handshake.server_point_len"))}
        if k == 1 and tls["certificate"] is None:
            tls["certificate"] = _cert(layers, f["n"])
    out["tls"] = tls
    return out
