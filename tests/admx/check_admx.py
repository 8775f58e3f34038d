#!/usr/bin/env python3
"""check_admx.py REPO [--self-test]

Validates admx/ConnReset.admx and admx/en-US/ConnReset.adml (ctest
admx_validate):

  schema     xmllint --noout --schema PolicyDefinitionFiles.xsd on both files
             (Microsoft's ADMX schema in <repo>/schemas/admx/, or
             $CR_ADMX_SCHEMA). xmllint missing is a failure, not a skip.
  refs       every $(string.X) and $(presentation.X) of the ADMX resolves in
             the ADML, every ADML string and presentation is used, every
             parentCategory and supportedOn reference is defined here.
  ids        unique policy, category, supportedOn, string and presentation
             ids, and element ids within a policy.
  controls   each presentation's controls match its policy's elements by
             refId and kind (decimal - decimalTextBox, text - textBox, enum -
             dropdownList, boolean - checkBox, multiText - multiTextBox,
             list - listBox); policies without elements have no presentation.
  regen      tools/gen_admx.py run on admx/policy-settings.json reproduces
             both committed files byte for byte.
  registry   every key and value the ADMX writes is one the native library
             reads: "HKEY_LOCAL_MACHINE\\<key>" equals or lies under a key
             macro of native/src/knowledge/regpaths.h (string concatenations
             expanded), and the value name is a string literal in the
             sources under native/src/{checks,tls,knowledge} that use that
             macro, or in the knowledge tables they include.
  functions  every cipher-suite order (value Functions: <string> values and
             textBox defaults) is at most 1,023 characters and names no DHE,
             3DES, RC4 or NULL suite.
  derived    every such order is a default enabled list of
             native/src/knowledge/tls_defaults.c with those suites (and the
             explicit-request-only entries) removed, order kept.

--self-test mutates temporary copies and proves that each check fails on
the mutation meant for it. Exit status 0 when everything passes.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

NS = "{http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions}"
REF = re.compile(r"\$\((string|presentation)\.([^)]*)\)")
CONTROL_FOR = {"decimal": "decimalTextBox", "text": "textBox",
               "enum": "dropdownList", "boolean": "checkBox",
               "multiText": "multiTextBox", "list": "listBox"}
FUNCTIONS_MAX = 1023


class Ctx:
    def __init__(self, repo, admx=None, adml=None):
        self.repo = os.path.abspath(repo)
        self.admx = admx or os.path.join(self.repo, "admx", "ConnReset.admx")
        self.adml = adml or os.path.join(self.repo, "admx", "en-US", "ConnReset.adml")
        self.json = os.path.join(self.repo, "admx", "policy-settings.json")
        self.schema = os.environ.get("CR_ADMX_SCHEMA") or os.path.join(
            self.repo, "schemas", "admx",
            "PolicyDefinitionFiles.xsd")
        self.native = os.path.join(self.repo, "native", "src")


def tag(el):
    return el.tag[len(NS):] if el.tag.startswith(NS) else el.tag


def parse(path):
    return ET.parse(path).getroot()


# ---------------------------------------------------------------- schema
def check_schema(c):
    xmllint = shutil.which("xmllint")
    if not xmllint:
        return ["xmllint not found (Debian: libxml2-utils); the templates "
                "cannot be validated"]
    if not os.path.isfile(c.schema):
        return ["schema not found: %s (set CR_ADMX_SCHEMA)" % c.schema]
    errs = []
    for f in (c.admx, c.adml):
        r = subprocess.run([xmllint, "--noout", "--schema", c.schema, f],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True)
        if r.returncode != 0:
            errs.append("xmllint %s:\n%s" % (f, r.stdout.strip()))
    return errs


# ------------------------------------------------------------ refs + ids
def adml_tables(c):
    root = parse(c.adml)
    strings = [s.get("id") for s in root.iter(NS + "string")
               if tag(s) == "string" and s.get("id") is not None]
    pres = [p.get("id") for p in root.iter(NS + "presentation")]
    return root, strings, pres


def check_refs(c):
    errs = []
    admx = parse(c.admx)
    _, strings, pres = adml_tables(c)
    sset, pset = set(strings), set(pres)
    used_s, used_p = set(), set()
    for el in admx.iter():
        for k, v in el.attrib.items():
            for m in REF.finditer(v):
                kind, name = m.group(1), m.group(2)
                if kind == "string":
                    used_s.add(name)
                    if name not in sset:
                        errs.append("%s %s=%r: no string %r in the ADML"
                                    % (tag(el), k, v, name))
                else:
                    used_p.add(name)
                    if name not in pset:
                        errs.append("%s %s=%r: no presentation %r in the ADML"
                                    % (tag(el), k, v, name))
    for s in sorted(sset - used_s):
        errs.append("ADML string %r is never used" % s)
    for p in sorted(pset - used_p):
        errs.append("ADML presentation %r is never used" % p)
    cats = {e.get("name") for e in admx.iter(NS + "category")}
    sups = {e.get("name") for e in admx.iter(NS + "definition")}
    for el in admx.iter(NS + "parentCategory"):
        if el.get("ref") not in cats:
            errs.append("parentCategory %r is not defined" % el.get("ref"))
    for el in admx.iter(NS + "supportedOn"):
        if el.get("ref") is not None and el.get("ref") not in sups:
            errs.append("supportedOn %r is not defined" % el.get("ref"))
    return errs


def dups(what, names):
    seen, errs = set(), []
    for n in names:
        if n in seen:
            errs.append("duplicate %s %r" % (what, n))
        seen.add(n)
    return errs


def check_ids(c):
    admx = parse(c.admx)
    _, strings, pres = adml_tables(c)
    errs = []
    errs += dups("policy", [p.get("name") for p in admx.iter(NS + "policy")])
    errs += dups("category", [p.get("name") for p in admx.iter(NS + "category")])
    errs += dups("supportedOn definition",
                 [p.get("name") for p in admx.iter(NS + "definition")])
    errs += dups("string id", strings)
    errs += dups("presentation id", pres)
    for p in admx.iter(NS + "policy"):
        els = p.find(NS + "elements")
        if els is not None:
            errs += dups("element id in policy %s" % p.get("name"),
                         [e.get("id") for e in els])
    return errs


# -------------------------------------------------------------- controls
def check_controls(c):
    admx = parse(c.admx)
    root, _, _ = adml_tables(c)
    pres = {p.get("id"): p for p in root.iter(NS + "presentation")}
    errs = []
    for p in admx.iter(NS + "policy"):
        name = p.get("name")
        els = p.find(NS + "elements")
        elements = {e.get("id"): tag(e) for e in els} if els is not None else {}
        ref = p.get("presentation")
        if not elements:
            if ref:
                errs.append("policy %s has no elements but a presentation" % name)
            continue
        m = REF.fullmatch(ref or "")
        if not m or m.group(1) != "presentation" or m.group(2) not in pres:
            errs.append("policy %s: elements without a presentation" % name)
            continue
        controls = {}
        for ctl in pres[m.group(2)]:
            if tag(ctl) == "text":
                continue
            rid = ctl.get("refId")
            if rid in controls:
                errs.append("presentation %s: two controls for %r" % (m.group(2), rid))
            controls[rid] = tag(ctl)
        for eid, kind in elements.items():
            if eid not in controls:
                errs.append("policy %s: element %r has no control" % (name, eid))
            elif controls[eid] != CONTROL_FOR.get(kind):
                errs.append("policy %s: element %r is %s but its control is %s"
                            % (name, eid, kind, controls[eid]))
        for rid in controls:
            if rid not in elements:
                errs.append("presentation %s: control %r matches no element of "
                            "policy %s" % (m.group(2), rid, name))
    return errs


# ----------------------------------------------------------------- regen
def check_regen(c):
    gen = os.path.join(c.repo, "tools", "gen_admx.py")
    with tempfile.TemporaryDirectory() as d:
        r = subprocess.run([sys.executable, gen, "--json", c.json, "--out-dir", d],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True)
        if r.returncode != 0:
            return ["tools/gen_admx.py failed:\n" + r.stdout]
        errs = []
        for mine, theirs in ((os.path.join(d, "ConnReset.admx"), c.admx),
                             (os.path.join(d, "en-US", "ConnReset.adml"), c.adml)):
            with open(mine, "rb") as a, open(theirs, "rb") as b:
                if a.read() != b.read():
                    errs.append("%s differs from what tools/gen_admx.py writes "
                                "from admx/policy-settings.json: rerun it" % theirs)
        return errs


# -------------------------------------------------------------- registry
def regpath_macros(path):
    """{macro: expansion} for the string macros of regpaths.h."""
    text = open(path, encoding="utf-8").read().replace("\\\n", " ")
    raw = {}
    for line in text.splitlines():
        m = re.match(r"\s*#define\s+(CR_\w+)\s+(.*)$", line)
        if m:
            raw[m.group(1)] = re.sub(r"/\*.*?\*/", "", m.group(2)).strip()
    out = {}

    def expand(name, depth=0):
        if name in out:
            return out[name]
        if depth > 20:
            raise ValueError("macro loop at " + name)
        parts = []
        for tok in re.findall(r'"(?:[^"\\]|\\.)*"|\w+', raw[name]):
            if tok.startswith('"'):
                parts.append(re.sub(r"\\(.)", r"\1", tok[1:-1]))
            elif tok in raw:
                parts.append(expand(tok, depth + 1))
            else:
                raise ValueError("%s: unknown token %s" % (name, tok))
        out[name] = "".join(parts)
        return out[name]
    for n in raw:
        expand(n)
    return out


def admx_writes(c):
    """(policy, key, valueName) for everything the ADMX writes."""
    admx = parse(c.admx)
    res = []
    for p in admx.iter(NS + "policy"):
        pkey = p.get("key")
        if p.get("valueName"):
            res.append((p.get("name"), pkey, p.get("valueName")))
        for lst in p.iter():
            if tag(lst) not in ("enabledList", "disabledList", "valueList",
                                "trueList", "falseList"):
                continue
            lkey = lst.get("defaultKey") or pkey
            for it in lst.findall(NS + "item"):
                res.append((p.get("name"), it.get("key") or lkey, it.get("valueName")))
        els = p.find(NS + "elements")
        if els is not None:
            for e in els:
                if e.get("valueName"):
                    res.append((p.get("name"), e.get("key") or pkey, e.get("valueName")))
    return res


def source_files(c):
    files = []
    for sub in ("checks", "tls", "knowledge"):
        d = os.path.join(c.native, sub)
        for f in sorted(os.listdir(d)):
            if f.endswith(".c"):
                files.append(os.path.join(d, f))
    return files


def check_registry(c):
    macros = regpath_macros(os.path.join(c.native, "knowledge", "regpaths.h"))
    keys = {n: v for n, v in macros.items() if v.upper().startswith("HKEY_")}
    texts = {f: open(f, encoding="utf-8").read() for f in source_files(c)}
    errs = []
    for pol, key, value in admx_writes(c):
        full = "HKEY_LOCAL_MACHINE\\" + key
        match = [n for n, v in keys.items()
                 if full.lower() == v.lower() or full.lower().startswith(v.lower() + "\\")]
        if not match:
            errs.append("policy %s writes %s, which lies under no key of "
                        "native/src/knowledge/regpaths.h" % (pol, full))
            continue
        readers = [f for f, t in texts.items()
                   if any(re.search(r"\b%s\b" % n, t) for n in match)]
        tables = []
        for f in readers:
            for inc in re.findall(r'#include\s+"(?:\.\./)?knowledge/(\w+)\.h"', texts[f]):
                k = os.path.join(c.native, "knowledge", inc + ".c")
                if k in texts:
                    tables.append(k)
        lit = '"%s"' % value.replace("\\", "\\\\")
        if not any(lit in texts[f] for f in readers + tables):
            errs.append("policy %s writes %s value %r, which no source reading "
                        "that key (%s) names" % (pol, full, value,
                        ", ".join(os.path.relpath(f, c.repo) for f in readers) or "none"))
    return errs


# ------------------------------------------------------ functions/derived
def banned(name):
    n = name.upper()
    return (re.search(r"(^|_)DHE_", n) is not None or "3DES" in n or
            "RC4" in n or "_NULL_" in n or n.endswith("_NULL"))


def function_orders(c):
    """(where, text) of every Functions value the templates can write."""
    admx = parse(c.admx)
    root, _, _ = adml_tables(c)
    pres = {p.get("id"): p for p in root.iter(NS + "presentation")}
    out = []
    for p in admx.iter(NS + "policy"):
        for item in p.iter(NS + "item"):
            if item.get("valueName") == "Functions":
                s = item.find(NS + "value/" + NS + "string")
                if s is not None:
                    out.append(("policy %s" % p.get("name"), s.text or ""))
        els = p.find(NS + "elements")
        if els is None:
            continue
        for e in els:
            if e.get("valueName") != "Functions":
                continue
            if tag(e) == "text":
                m = REF.fullmatch(p.get("presentation") or "")
                pr = pres.get(m.group(2)) if m else None
                box = None
                if pr is not None:
                    box = [b for b in pr.findall(NS + "textBox") if b.get("refId") == e.get("id")]
                dv = box[0].find(NS + "defaultValue") if box else None
                if dv is None:
                    out.append(("policy %s" % p.get("name"), None))
                else:
                    out.append(("policy %s" % p.get("name"), dv.text or ""))
                ml = int(e.get("maxLength", "1023"))
                if ml > FUNCTIONS_MAX:
                    out.append(("policy %s maxLength %d" % (p.get("name"), ml), "x" * ml))
            for s in e.iter(NS + "string"):
                out.append(("policy %s item" % p.get("name"), s.text or ""))
    return out


def check_functions(c):
    errs = []
    orders = function_orders(c)
    if not orders:
        errs.append("no cipher-suite order (value Functions) found")
    for where, text in orders:
        if text is None:
            errs.append("%s: Functions text element without a default order" % where)
            continue
        if len(text) > FUNCTIONS_MAX:
            errs.append("%s: Functions is %d characters, more than %d"
                        % (where, len(text), FUNCTIONS_MAX))
        for n in text.split(","):
            if banned(n):
                errs.append("%s: Functions names %s (DHE, 3DES, RC4 or NULL)" % (where, n))
    return errs


def default_orders(c):
    src = open(os.path.join(c.native, "knowledge", "tls_defaults.c"), encoding="utf-8").read()
    res = {}
    for m in re.finditer(r"static const char \*const (\w+_enabled)\[\] = \{(.*?)\n\};", src, re.S):
        names = []
        for line in m.group(2).splitlines():
            mm = re.search(r'"([^"]+)"', line)
            if mm and "explicit request only" not in line:
                names.append(mm.group(1))
        res[m.group(1)] = ",".join(n for n in names
                                   if not banned(n) and not n.startswith("SSL_CK_"))
    return res


def check_derived(c):
    orders = default_orders(c)
    if not orders:
        return ["no default enabled lists found in tls_defaults.c"]
    errs = []
    for where, text in function_orders(c):
        if text is not None and "maxLength" not in where and text not in orders.values():
            errs.append("%s: the order is not a default order of tls_defaults.c "
                        "without DHE/3DES/RC4/NULL suites" % where)
    return errs


CHECKS = [("schema", check_schema), ("refs", check_refs), ("ids", check_ids),
          ("controls", check_controls), ("regen", check_regen),
          ("registry", check_registry), ("functions", check_functions),
          ("derived", check_derived)]


def run(c, only=None, quiet=False):
    failed = {}
    for name, fn in CHECKS:
        if only and name not in only:
            continue
        try:
            errs = fn(c)
        except (ET.ParseError, OSError, ValueError) as e:
            errs = ["%s: %s" % (type(e).__name__, e)]
        if errs:
            failed[name] = errs
        if not quiet:
            print("%-9s %s" % (name, "FAIL" if errs else "ok"))
            for e in errs:
                print("  " + e.replace("\n", "\n  "))
    return failed


# ------------------------------------------------------------- self-test
def sub1(text, old, new):
    if old not in text:
        raise AssertionError("self-test: %r not found" % old)
    return text.replace(old, new, 1)


MUTATIONS = [
    # (check that must fail, file, old, new)
    ("schema", "admx", 'class="Machine"', 'class="Computer"'),
    ("refs", "admx", 'displayName="$(string.TcpMaxHalfOpen)"',
     'displayName="$(string.NoSuchString)"'),
    ("refs", "admx", '<parentCategory ref="ConnReset_Syn" />',
     '<parentCategory ref="NoSuchCategory" />'),
    ("ids", "admx", '<policy name="TcpMaxHalfOpenRetried"', '<policy name="TcpMaxHalfOpen"'),
    ("ids", "adml", '<string id="ConnReset_NetFx">', '<string id="ConnReset_Suites">'),
    ("controls", "adml", '<decimalTextBox refId="TcpMaxHalfOpen"',
     '<decimalTextBox refId="TcpMaxHalfOpenX"'),
    # a decimal element presented as a text box: kind mismatch
    ("controls", "adml-re",
     r'<decimalTextBox refId="(SynAttackProtect)"[^>]*>([^<]*)</decimalTextBox>',
     r'<textBox refId="\1"><label>\2</label></textBox>'),
    ("regen", "admx", "</policyDefinitions>", "</policyDefinitions>\n"),
    ("registry", "admx", 'valueName="DisabledByDefault"', 'valueName="DisabledByDefaultX"'),
    ("registry", "admx", 'key="SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters"',
     'key="SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters"'),
    ("functions", "adml", "<defaultValue>TLS_AES_256_GCM_SHA384,",
     "<defaultValue>TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,TLS_AES_256_GCM_SHA384,"),
    ("functions", "adml", "<defaultValue>TLS_AES_256_GCM_SHA384,",
     "<defaultValue>" + "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384," * 30 + "TLS_AES_256_GCM_SHA384,"),
    ("derived", "adml", "<defaultValue>TLS_AES_256_GCM_SHA384,TLS_AES_128_GCM_SHA256,",
     "<defaultValue>TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384,"),
]


def self_test(repo):
    c = Ctx(repo)
    base = run(c, quiet=True)
    if base:
        print("self-test: the committed templates fail already: %s" % ", ".join(base))
        return 1
    bad = 0
    with tempfile.TemporaryDirectory() as d:
        for n, (check, which, old, new) in enumerate(MUTATIONS):
            admx = os.path.join(d, "m%d" % n, "ConnReset.admx")
            adml = os.path.join(d, "m%d" % n, "en-US", "ConnReset.adml")
            os.makedirs(os.path.dirname(adml))
            ta = open(c.admx, encoding="utf-8").read()
            tl = open(c.adml, encoding="utf-8").read()
            if which == "adml-re":
                tl, k = re.subn(old, new, tl, count=1)
                if k != 1:
                    raise AssertionError("self-test: %r not found" % old)
            elif which == "admx":
                ta = sub1(ta, old, new)
            else:
                tl = sub1(tl, old, new)
            with open(admx, "w", encoding="utf-8", newline="\n") as f:
                f.write(ta)
            with open(adml, "w", encoding="utf-8", newline="\n") as f:
                f.write(tl)
            failed = run(Ctx(repo, admx, adml), only=[check], quiet=True)
            ok = check in failed
            print("mutation %2d -> %-9s %s%s" % (n, check, "caught" if ok else "MISSED",
                  (": " + failed[check][0].splitlines()[0][:110]) if ok else ""))
            bad += not ok
    # the registry check against the native sources: drop a value name
    # from a copy of the tree the check reads.
    with tempfile.TemporaryDirectory() as d:
        fake = os.path.join(d, "repo")
        for sub in ("admx", "tools"):
            shutil.copytree(os.path.join(c.repo, sub), os.path.join(fake, sub))
        shutil.copytree(c.native, os.path.join(fake, "native", "src"))
        # every source that names the value (the model reads it, the plans
        # and the DSC resources write it)
        for top, _, files in os.walk(os.path.join(fake, "native", "src")):
            for name in files:
                path = os.path.join(top, name)
                t = open(path, encoding="utf-8").read()
                if '"SystemDefaultTlsVersions"' in t:
                    open(path, "w", encoding="utf-8").write(
                        t.replace('"SystemDefaultTlsVersions"', '"X"'))
        failed = run(Ctx(fake), only=["registry"], quiet=True)
        ok = "registry" in failed
        print("mutation %2d -> %-9s %s" % (len(MUTATIONS), "registry",
              "caught (value no longer named by native/src)" if ok else "MISSED"))
        bad += not ok
    # xmllint missing must fail, not skip
    old_path = os.environ.get("PATH", "")
    os.environ["PATH"] = ""
    try:
        failed = run(c, only=["schema"], quiet=True)
    finally:
        os.environ["PATH"] = old_path
    ok = "schema" in failed
    print("xmllint missing  -> schema    %s" % ("caught" if ok else "MISSED"))
    bad += not ok
    print("self-test: %s" % ("all mutations caught" if not bad else "%d missed" % bad))
    return 1 if bad else 0


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        sys.stderr.write("usage: check_admx.py REPO [--self-test]\n")
        return 2
    if "--self-test" in argv:
        return self_test(args[0])
    failed = run(Ctx(args[0]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
