#!/usr/bin/env python3
"""gen_cipher_suites.py CSV OUTPUT.c

Writes the C table behind native/src/tls/suites.h (cr_suites[],
cr_suite_count and the by-name index cr_suite_name_order[]) from the IANA
"TLS Cipher Suites" registry (tls-parameters-4.csv; columns Value,
Description, DTLS-OK, Recommended, Reference). Python 3 standard library
only. The build runs it (CMakeLists.txt, CR_IANA_SUITES_CSV); the table is
facts from the registry plus the derivation rules below, never a copy of
another project's table.

Rows kept: one code point ("0xC0,0x30") with a TLS_* name. Rows skipped:
ranges ("0x00,0x1C-1D", "0x01-09,*"), "Unassigned", and every description
starting with "Reserved" (GREASE values, RFC 8701, and the blocks held
back to avoid conflicts). TLS_EMPTY_RENEGOTIATION_INFO_SCSV and
TLS_FALLBACK_SCSV are kept, flagged CR_SUITE_SCSV. Anything else (a bad
Value, a name that is not TLS_[A-Za-z0-9_]+, a duplicate id or name, a name
shape the rules below do not know) stops the script with "CSV:line: ...".

Fields, from the name (TLS_<KX>[_<AUTH>][_EXPORT]_WITH_<CIPHER>[_<HASH>]):
  kx, auth   RSA -> RSA/RSA; ECDHE_RSA -> ECDHE/RSA; DH_anon -> DH/anon;
             DHE_PSK -> DHE/PSK; RSA_PSK -> RSA/PSK (the server also
             authenticates with an RSA certificate, RFC 4279 sec. 4);
             PSK_DHE (RFC 6655's spelling) -> DHE/PSK; one-word
             prefixes (PSK, KRB5, ECCPWD, NULL) -> that word twice;
             SRP_SHA[_RSA|_DSS] -> SRP_SHA/SRP|RSA|DSS (RFC 5054);
             GOSTR341112_256 -> that name twice (RFC 9189).
             TLS 1.3 suites: "" and "" (TLS 1.3 negotiates key exchange
             and authentication apart from the suite, RFC 8446 sec. 4.1.1).
  cipher     the text between WITH_ (or TLS_ when there is no WITH) and
             the hash; integrity-only suites (TLS_SHA256_SHA256, RFC 9150)
             get "NULL".
  hash       the last word when it is MD5, SHA, SHA256, SHA384, SM3 or
             NULL; otherwise "" -- the name has no hash part (the CCM and
             CCM_8 suites of RFC 6655/7251, whose PRF is SHA-256, and the
             GOST suites). "" means "the name does not say", not "none".
  flags      DHE: kx DHE (DHE_RSA, DHE_DSS, DHE_PSK, PSK_DHE); ECDHE: kx
             ECDHE; 3DES: cipher 3DES_EDE_*; RC4: cipher RC4_*; NULL:
             cipher NULL; EXPORT: "EXPORT" in the name; ANON: auth anon;
             AEAD: cipher with GCM, CCM, CHACHA20_POLY1305, AEGIS or MGM;
             TLS13, PSK (auth PSK), SCSV (name ends in _SCSV).

Versions (bit 1 << cr_tls_proto, knowledge/tls_defaults.h):
  R0  Signalling values (the two SCSVs, RFC 5746 sec. 3.3, RFC 7507 sec. 2)
      and TLS_NULL_WITH_NULL_NULL (the initial state, which "MUST NOT be
      negotiated", RFC 5246 app. A.5) are never negotiated: no version.
  R1  TLS 1.3 suites -> TLS 1.3 only (RFC 8446 sec. B.4: TLS 1.3 suites are
      defined differently and cannot be used with TLS 1.2, and TLS 1.2
      suites cannot be used with TLS 1.3). A TLS 1.3 suite is a name
      without _WITH_ (TLS_AES_128_GCM_SHA256, TLS_CHACHA20_POLY1305_SHA256,
      TLS_AEGIS_*, TLS_SM4_* of RFC 8998, TLS_SHA256_SHA256 of RFC 9150),
      or a row whose Reference is the TLS 1.3 GOST document (RFC 9367,
      draft-smyshlyaev-tls13-gost-suites), whose names carry WITH.
      DTLS 1.3 has no bit and is not recorded.
  R2  Suites whose MAC is not HMAC-MD5 or HMAC-SHA1 -- AEAD (GCM, CCM,
      ChaCha20-Poly1305), SHA256/SHA384 MACs, GOST -- -> TLS 1.2 only:
      they rely on TLS 1.2's cipher-suite PRF and AEAD records (RFC 5246
      sec. 1.2, 5 and 6.2.3.3; RFC 5288 sec. 4 and RFC 5289 say they MUST
      NOT be negotiated with older versions; RFC 9189 defines GOST for TLS
      1.2). Simplification: a few RFCs (for instance RFC 5487 for PSK
      CBC-SHA256/384) describe a fallback to the old PRF on TLS 1.0/1.1;
      the table does not count those versions.
  R3  The rest (CBC, RC4 or NULL ciphers with an MD5 or SHA MAC) ->
      TLS 1.0, 1.1 and 1.2 (RFC 2246, RFC 4346, RFC 5246 app. A.5), and
      SSL 3.0 too for the original set 0x0000-0x001B (RFC 6101 app. A.6;
      AES, ECC, PSK, Camellia, SEED, SRP and Kerberos suites came later
      and were defined for TLS only). Then:
  R4  EXPORT suites -> SSL 3.0 (when in 0x0000-0x001B) and TLS 1.0 only:
      "TLS 1.1 implementations MUST NOT negotiate these cipher suites in
      TLS 1.1 mode" (RFC 4346 app. A.5).
  R5  DES and IDEA (non-export) -> not TLS 1.2: "Removed IDEA and DES
      cipher suites" (RFC 5246 sec. 1.2); RFC 5469 documents them for TLS
      1.0 and 1.1.
  R6  DTLS: only when the DTLS-OK column is Y: DTLS 1.0 when TLS 1.1 is
      set (DTLS 1.0 is TLS 1.1 over datagrams, RFC 4347), DTLS 1.2 when
      TLS 1.2 is set (RFC 6347). RC4 never (RFC 4347 and RFC 6347 sec.
      4.1.2.2: "RC4 MUST NOT be used with DTLS").
  These are the protocol definitions. What a given Schannel build accepts
  can differ (Microsoft's tables list, e.g., DES and RC4_40 suites for TLS
  1.2); knowledge/tls_defaults.* carries Microsoft's own tables.
"""
import csv
import hashlib
import io
import os
import re
import sys
import tempfile

# Bit positions of cr_tls_proto (knowledge/tls_defaults.h), as emitted names.
SSL3, TLS10, TLS11, TLS12, TLS13, DTLS10, DTLS12 = (
    "SSL3", "TLS10", "TLS11", "TLS12", "TLS13", "DTLS10", "DTLS12")
VERSION_ORDER = [SSL3, TLS10, TLS11, TLS12, TLS13, DTLS10, DTLS12]

HASH_WORDS = {"MD5", "SHA", "SHA256", "SHA384", "SM3", "NULL"}
LEGACY_MACS = {"MD5", "SHA"}
KX_WORDS = {"RSA", "DH", "DHE", "ECDH", "ECDHE"}
SPECIAL_PREFIXES = {
    "PSK_DHE": ("DHE", "PSK"),          # RFC 6655 sec. 3 (= DHE_PSK)
    "SRP_SHA": ("SRP_SHA", "SRP"),      # RFC 5054 sec. 2.7
    "SRP_SHA_RSA": ("SRP_SHA", "RSA"),
    "SRP_SHA_DSS": ("SRP_SHA", "DSS"),
    "GOSTR341112_256": ("GOSTR341112_256", "GOSTR341112_256"),  # RFC 9189
}
AEAD_WORDS = {"GCM", "CCM", "AEGIS", "MGM"}
TLS13_REFERENCES = ("tls13", "rfc9367")
SSL3_LAST_ID = 0x001B
EXPECTED_HEADER = ["Value", "Description", "DTLS-OK", "Recommended", "Reference"]

FLAG_ORDER = ["DHE", "ECDHE", "3DES", "RC4", "NULL", "EXPORT", "ANON", "AEAD",
              "TLS13", "PSK", "SCSV"]


class CsvError(Exception):
    pass


def parse_value(text):
    """'0xC0,0x30' -> 0xC030; ranges and wildcards -> None."""
    m = re.fullmatch(r"0x([0-9A-Fa-f]{2}),0x([0-9A-Fa-f]{2})", text.strip())
    if m:
        return int(m.group(1), 16) << 8 | int(m.group(2), 16)
    if "-" in text or "*" in text:
        return None
    raise CsvError("Value %r is neither a code point nor a range" % text)


def split_kx_auth(prefix):
    words = [w for w in prefix.split("_") if w != "EXPORT"]
    key = "_".join(words)
    if key in SPECIAL_PREFIXES:
        return SPECIAL_PREFIXES[key]
    if len(words) == 1:
        return words[0], words[0]
    if len(words) == 2 and words[0] in KX_WORDS:
        return words[0], words[1]
    raise CsvError("unknown key-exchange/authentication prefix %r" % prefix)


def split_cipher_hash(rest):
    words = rest.split("_")
    if len(words) >= 2 and words[-1] in HASH_WORDS:
        return "_".join(words[:-1]), words[-1]
    return rest, ""


def derive(suite_id, name, dtls_ok, reference):
    """Returns (kx, auth, cipher, hash, flags, versions) for one row."""
    body = name[len("TLS_"):]
    scsv = name.endswith("_SCSV")
    if scsv:
        return "", "", "", "", ["SCSV"], []

    if "_WITH_" in body:
        prefix, rest = body.split("_WITH_", 1)
    else:
        prefix, rest = None, body
    tls13 = prefix is None or any(r in reference.lower() for r in TLS13_REFERENCES)

    cipher, hsh = split_cipher_hash(rest)
    if tls13:
        kx = auth = ""
        if cipher in HASH_WORDS:      # TLS_SHA256_SHA256: integrity only
            cipher = "NULL"
    else:
        kx, auth = split_kx_auth(prefix)

    cwords = cipher.split("_")
    flags = []
    if kx == "DHE":
        flags.append("DHE")
    if kx == "ECDHE":
        flags.append("ECDHE")
    if cipher.startswith("3DES_EDE"):
        flags.append("3DES")
    if cipher.startswith("RC4"):
        flags.append("RC4")
    if cipher == "NULL":
        flags.append("NULL")
    if "EXPORT" in name.split("_"):
        flags.append("EXPORT")
    if auth == "anon":
        flags.append("ANON")
    aead = bool(AEAD_WORDS.intersection(cwords)) or "CHACHA20_POLY1305" in cipher
    if aead:
        flags.append("AEAD")
    if tls13:
        flags.append("TLS13")
    if auth == "PSK":
        flags.append("PSK")

    # Versions: R0..R6 of the module docstring.
    if suite_id == 0x0000:
        versions = set()                                   # R0
    elif tls13:
        versions = {TLS13}                                 # R1
    elif aead or hsh not in LEGACY_MACS:
        versions = {TLS12}                                 # R2
    else:
        versions = {TLS10, TLS11, TLS12}                   # R3
        if suite_id <= SSL3_LAST_ID:
            versions.add(SSL3)
        if "EXPORT" in flags:
            versions -= {TLS11, TLS12}                     # R4
        elif cwords[0] in ("DES", "IDEA"):
            versions -= {TLS12}                            # R5
    if dtls_ok == "Y" and "RC4" not in flags:              # R6
        if TLS11 in versions:
            versions.add(DTLS10)
        if TLS12 in versions:
            versions.add(DTLS12)
    return kx, auth, cipher, hsh, flags, [v for v in VERSION_ORDER if v in versions]


def read_rows(path):
    with open(path, "rb") as f:
        raw = f.read()
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise CsvError("%s: not UTF-8 (byte %d)" % (path, e.start))
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    line = 1
    header = None
    for record in reader:
        start, line = line, reader.line_num + 1
        if header is None:
            header = [h.strip() for h in record]
            if header != EXPECTED_HEADER:
                raise CsvError("%s:%d: header %r, expected %r"
                               % (path, start, header, EXPECTED_HEADER))
            continue
        if not record or all(not c.strip() for c in record):
            continue
        if len(record) != len(EXPECTED_HEADER):
            raise CsvError("%s:%d: %d columns, expected %d"
                           % (path, start, len(record), len(EXPECTED_HEADER)))
        rows.append((start, record))
    if header is None:
        raise CsvError("%s: empty file" % path)
    return rows, digest


def build_table(path):
    rows, digest = read_rows(path)
    suites = []
    seen_ids, seen_names = {}, {}
    for line, (value, desc, dtls_ok, _recommended, reference) in rows:
        where = "%s:%d" % (path, line)
        desc = desc.strip()
        try:
            suite_id = parse_value(value)
        except CsvError as e:
            raise CsvError("%s: %s" % (where, e))
        if suite_id is None:
            continue                                   # a range
        if desc == "Unassigned" or desc.startswith("Reserved"):
            continue                                   # GREASE, reserved
        if not re.fullmatch(r"TLS_[A-Za-z0-9_]+", desc):
            raise CsvError("%s: description %r is not a TLS_* suite name"
                           % (where, desc))
        if suite_id in seen_ids:
            raise CsvError("%s: id 0x%04X already used on line %d"
                           % (where, suite_id, seen_ids[suite_id]))
        if desc.upper() in seen_names:
            raise CsvError("%s: name %s already used on line %d"
                           % (where, desc, seen_names[desc.upper()]))
        seen_ids[suite_id] = line
        seen_names[desc.upper()] = line
        try:
            fields = derive(suite_id, desc, dtls_ok.strip(), reference)
        except CsvError as e:
            raise CsvError("%s: %s: %s" % (where, desc, e))
        suites.append((suite_id, desc) + fields)
    if not suites:
        raise CsvError("%s: no cipher suites found" % path)
    suites.sort(key=lambda s: s[0])
    return suites, digest


def c_string(s):
    return '"%s"' % s  # names and fields are [A-Za-z0-9_] only


def render(suites, csv_path, digest):
    doc = __doc__.split("Fields, from the name", 1)[1]
    doc = "Fields, from the name" + doc
    out = []
    out.append("/*\n")
    out.append(" * cipher_suites.c - GENERATED by tools/gen_cipher_suites.py; do not edit.\n")
    out.append(" *\n")
    out.append(" * Source: %s\n" % csv_path.replace("*/", "*_/"))
    out.append(" * SHA-256: %s\n" % digest)
    out.append(" * %d suites (IANA TLS Cipher Suites registry, tls-parameters-4.csv).\n"
               % len(suites))
    out.append(" *\n")
    for line in doc.rstrip().splitlines():
        out.append((" * " + line).rstrip() + "\n")
    out.append(" */\n")
    out.append('#include "tls/suites.h"\n')
    out.append('#include "knowledge/tls_defaults.h"\n\n')
    out.append("#define V_(p) (1u << CR_PROTO_##p)\n\n")
    out.append("const cr_suite cr_suites[] = {\n")
    for (sid, name, kx, auth, cipher, hsh, flags, versions) in suites:
        fl = " | ".join("CR_SUITE_" + f for f in FLAG_ORDER if f in flags) or "0"
        vs = " | ".join("V_(%s)" % v for v in versions) or "0"
        out.append("  { 0x%04X, %s,\n    %s, %s, %s, %s,\n    %s,\n    %s },\n"
                   % (sid, c_string(name), c_string(kx), c_string(auth),
                      c_string(cipher), c_string(hsh), fl, vs))
    out.append("};\n\n")
    out.append("const size_t cr_suite_count = sizeof cr_suites / sizeof cr_suites[0];\n\n")
    order = sorted(range(len(suites)), key=lambda i: suites[i][1].upper())
    out.append("/* Indices into cr_suites ordered by name as cr_stricmp compares them\n"
               " * (ASCII letters folded to upper case): cr_suite_by_name searches it. */\n")
    out.append("extern const uint16_t cr_suite_name_order[];\n")
    out.append("const uint16_t cr_suite_name_order[] = {\n")
    for k in range(0, len(order), 12):
        out.append("  " + ", ".join("%d" % i for i in order[k:k + 12]) + ",\n")
    out.append("};\n")
    return "".join(out)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: gen_cipher_suites.py IANA_CSV OUTPUT.c\n")
        return 2
    csv_path, out_path = argv[1], argv[2]
    if not os.path.isfile(csv_path):
        sys.stderr.write("gen_cipher_suites.py: %s: no such file (the IANA TLS "
                         "cipher-suite CSV)\n" % csv_path)
        return 1
    try:
        suites, digest = build_table(csv_path)
    except CsvError as e:
        sys.stderr.write("gen_cipher_suites.py: %s\n" % e)
        return 1
    if len(suites) > 65535:
        sys.stderr.write("gen_cipher_suites.py: too many suites\n")
        return 1
    text = render(suites, os.path.normpath(os.path.abspath(csv_path)), digest)
    out_dir = os.path.dirname(os.path.abspath(out_path))
    os.makedirs(out_dir, exist_ok=True)
    # Through a temporary file and a rename: never a half-written table.
    fd, tmp = tempfile.mkstemp(prefix=".cipher_suites.", suffix=".tmp", dir=out_dir)
    try:
        with os.fdopen(fd, "w", encoding="ascii", newline="\n") as f:
            f.write(text)
        os.replace(tmp, out_path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
