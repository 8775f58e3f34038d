#!/usr/bin/python3
"""samba_readback.py POL JSON: reads a Registry.pol that ConnReset wrote
with Samba's PReg parser and compares it with ConnReset's own view.

POL is the file; JSON is `regpol_tool json POL` (cr_regpol_to_json). The
check passes when Samba (samba.dcerpc.preg through ndr_unpack, as
samba.gp_parse.gp_pol reads policy files) sees the same entries in the
same order - key, value name, type, size and data - and when Samba's
ndr_pack of what it read gives back the file byte for byte.

Run it with Debian's /usr/bin/python3 (python3-samba); a missing Samba
module is a failure, not a skip, because CI installs it.
"""
import json
import sys

try:
    from samba.dcerpc import preg
    from samba.ndr import ndr_pack, ndr_unpack
except ImportError as e:
    sys.exit("FAIL: %s cannot import samba (%s): install python3-samba "
             "(apt-get install python3-samba; tools/install-deps.sh does)"
             % (sys.executable, e))

REG_NONE, REG_SZ, REG_EXPAND_SZ, REG_BINARY, REG_DWORD = 0, 1, 2, 3, 4
REG_DWORD_BIG_ENDIAN, REG_MULTI_SZ, REG_QWORD = 5, 7, 11


def samba_bytes(e):
    """The raw data of a Samba entry (it types the data by e.type)."""
    if e.type in (REG_SZ, REG_EXPAND_SZ):
        return (e.data + "\0").encode("utf-16-le", "surrogatepass")
    if e.type in (REG_DWORD,):
        return e.data.to_bytes(4, "little")
    if e.type == REG_DWORD_BIG_ENDIAN:
        return e.data.to_bytes(4, "big")
    if e.type == REG_QWORD:
        return e.data.to_bytes(8, "little")
    return b"" if e.data is None else bytes(e.data)


def samba_typed(e):
    """Samba's data in the shape cr_regpol_to_json gives "data"."""
    if e.type in (REG_SZ, REG_EXPAND_SZ, REG_DWORD, REG_DWORD_BIG_ENDIAN):
        return e.data
    if e.type == REG_QWORD:
        return e.data if e.data < 2 ** 63 else str(e.data)
    if e.type == REG_MULTI_SZ:
        text = bytes(e.data).decode("utf-16-le")
        return [s for s in text.rstrip("\0").split("\0")] if text.strip("\0") else []
    return ("" if e.data is None else bytes(e.data).hex())


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: samba_readback.py POL JSON")
    with open(sys.argv[1], "rb") as f:
        raw = f.read()
    with open(sys.argv[2], encoding="utf-8") as f:
        ours = json.load(f)["entries"]
    pol = ndr_unpack(preg.file, raw)
    problems = []
    if pol.header.signature != "PReg" or pol.header.version != 1:
        problems.append("header: %r version %r" % (pol.header.signature,
                                                   pol.header.version))
    if pol.num_entries != len(ours):
        problems.append("Samba reads %d entries, ConnReset %d"
                        % (pol.num_entries, len(ours)))
    for i, (e, o) in enumerate(zip(pol.entries, ours)):
        where = "entry %d (%s\\%s)" % (i, o["key"], o["value"])
        want_bytes = bytes.fromhex(o["hex"])
        checks = [("key", e.keyname, o["key"]),
                  ("value name", e.valuename, o["value"]),
                  ("type", e.type, o["type"]),
                  ("size", e.size, len(want_bytes)),
                  ("data bytes", samba_bytes(e), want_bytes),
                  ("data", samba_typed(e), o["data"])]
        for what, theirs, mine in checks:
            if theirs != mine:
                problems.append("%s: %s: Samba %r, ConnReset %r"
                                % (where, what, theirs, mine))
    packed = ndr_pack(pol)
    if packed != raw:
        at = next((i for i in range(min(len(packed), len(raw)))
                   if packed[i] != raw[i]), min(len(packed), len(raw)))
        problems.append("Samba's ndr_pack differs from the file at byte "
                        "0x%x (%d vs %d bytes)" % (at, len(packed), len(raw)))
    for p in problems:
        print("FAIL: %s: %s" % (sys.argv[1], p))
    if problems:
        return 1
    print("ok: %s: %d entries read by Samba as written, ndr_pack "
          "byte-identical (%d bytes)" % (sys.argv[1], len(ours), len(raw)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
