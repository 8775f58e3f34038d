#!/usr/bin/env python3
"""test_examples.py CONNRESET: the DSC examples in examples/dsc.

sqlserver-hardening.dsc.yaml (python3-yaml) is validated against
Microsoft's bundled configuration document schema
(schemas/dsc/v3/bundled/config/document.json), and every resource in it,
its parameters resolved, against the instance schema of its type's manifest
beside CONNRESET. Then it is applied, resource by resource as `dsc config
set` would, to a SQL Server host snapshot (tests/fixtures/sql, with an
MD5-signed certificate configured and DHE suites in the default order):
each instance is out of state before its set and in state after, except the
audit, which must then report what TLS 1.2 only breaks there (PROTO010: a
SQL Server 2014 build without TLS 1.2).

SqlServerHardening.ps1 (a DSC configuration for Machine Configuration,
which only Windows can parse) is held to the same resources: each block
names a class the module exports and only its configurable properties, with
values its manifest allows, and the same settings as the YAML document.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import warnings

import yaml

sys.path.insert(0, os.path.dirname(__file__))
warnings.simplefilter("ignore", DeprecationWarning)
import dsc_schema  # noqa: E402
from tally import check, finish  # noqa: E402

ROOT = dsc_schema.ROOT
EXAMPLES = os.path.join(ROOT, "examples", "dsc")
SQL = [os.path.join(ROOT, "tests", "fixtures", "sql", "ws2012r2-sql-mixed.reg"),
       os.path.join(ROOT, "tests", "fixtures", "sql", "weak-certs-overlay.reg")]


def resolve(value, params):
    """[parameters('x')] -> its value; other expressions stay as they are."""
    if isinstance(value, str):
        m = re.fullmatch(r"\[parameters\('(\w+)'\)\]", value)
        if m:
            return params[m.group(1)]
    if isinstance(value, dict):
        return {k: resolve(v, params) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, params) for v in value]
    return value


def run(exe, snaps, args, instance):
    cmd = [exe]
    for s in snaps:
        cmd += ["--snapshot", s]
    p = subprocess.run(cmd + args, input=json.dumps(instance).encode(), capture_output=True)
    lines = [json.loads(x) for x in p.stdout.decode().splitlines()]
    return p.returncode, lines, p.stderr.decode()


def test_yaml(exe, manifests):
    path = os.path.join(EXAMPLES, "sqlserver-hardening.dsc.yaml")
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    v = dsc_schema.validator(dsc_schema.load("config/document.json"))
    errs = dsc_schema.errors(v, doc)
    check(not errs, "%s: not a valid configuration document: %s" % (path, errs))
    # the validator can fail: a name DSC refuses
    broken = json.loads(json.dumps(doc))
    broken["resources"][0]["name"] = "TLS 1.2 server"
    check(dsc_schema.errors(v, broken), "the document schema accepted a name with dots")

    params = {k: p.get("defaultValue") for k, p in doc.get("parameters", {}).items()}
    types = [r["type"] for r in doc["resources"]]
    for want in ("ConnReset/SchannelProtocol", "ConnReset/CipherSuiteOrder",
                 "ConnReset/CertificatePurpose", "ConnReset/SynProtection"):
        check(want in types, "the example does not use %s" % want)
    resources = []
    for r in doc["resources"]:
        props = resolve(r["properties"], params)
        m = manifests.get(r["type"])
        if not check(m is not None, "%s: no manifest for %s" % (r["name"], r["type"])):
            continue
        errs = dsc_schema.errors(dsc_schema.validator(m["schema"]["embedded"]), props)
        check(not errs, "%s: properties break the %s schema: %s" % (r["name"], r["type"], errs))
        resources.append((r["name"], r["type"], props))
    tls = {p["Protocol"]: p["State"] for _, t, p in resources
           if t == "ConnReset/SchannelProtocol" and p["Role"] == "Server"}
    check(tls == {"TLS 1.2": "Enabled", "TLS 1.1": "Disabled", "TLS 1.0": "Disabled",
                  "SSL 3.0": "Disabled", "SSL 2.0": "Disabled"},
          "TLS 1.2 only for the server role: %s" % tls)

    # Applied to a SQL Server host snapshot, in document order, as `dsc
    # config set` does: set where test is false. This host has TLS 1.0 and
    # 1.1 off for the server role already; TLS 1.2's key, the DHE-free order
    # and the certificate's purpose are what the document changes.
    with tempfile.TemporaryDirectory() as work:
        snaps = list(SQL)
        changed = []
        for n, (name, rtype, props) in enumerate(resources):
            rc, lines, err = run(exe, snaps, ["dsc", "test", "--resource", rtype], props)
            if not check(rc == 0 and len(lines) == 2, "%s: test failed: %s" % (name, err)):
                continue
            if rtype == "ConnReset/Audit" or lines[0]["_inDesiredState"]:
                continue
            fix = os.path.join(work, "%02d.reg" % n)
            rc, lines, err = run(exe, snaps, ["dsc", "set", "--resource", rtype, "--out", fix], props)
            if check(rc == 0 and os.path.exists(fix) and lines and lines[1],
                     "%s: set failed or changed nothing: %s" % (name, err)):
                snaps.append(fix)
                changed.append(name)
        check(set(changed) >= {"TLS12 server", "No DHE suites", "SQL Server off the weak certificate",
                               "Weak certificate not for server authentication"},
              "the document changed only %s on the example host" % changed)
        for name, rtype, props in resources:
            rc, lines, err = run(exe, snaps, ["dsc", "test", "--resource", rtype], props)
            if rtype == "ConnReset/Audit":
                findings = lines[0].get("Findings", []) if lines else []
                check(lines and lines[0]["_inDesiredState"] is False and
                      any(f.startswith("PROTO010 error") for f in findings),
                      "the audit does not report PROTO010 after TLS 1.2 only: %s" % findings)
                check(not any(f.startswith(("DHE", "CERTHASH001", "SYN")) for f in findings),
                      "the audit still reports what the document fixed: %s" % findings)
            else:
                check(rc == 0 and lines and lines[0]["_inDesiredState"] is True,
                      "%s: out of state after the document was applied: %s" % (name, lines))
    return resources


def test_powershell(manifests, yaml_resources):
    path = os.path.join(EXAMPLES, "SqlServerHardening.ps1")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    check(all(ord(c) < 0x7F for c in text), "%s is not ASCII (Windows PowerShell 5.1)" % path)
    check("Import-DscResource -ModuleName 'ConnReset'" in text, "no Import-DscResource of ConnReset")
    blocks = re.findall(r"^\s*(ConnReset\w+)\s+(\w+)\s*\n\s*\{(.*?)^\s*\}", text, re.M | re.S)
    check(len(blocks) == len(yaml_resources), "%d resource blocks, the YAML has %d"
          % (len(blocks), len(yaml_resources)))
    settings = []
    for cls, name, body in blocks:
        rtype = "ConnReset/" + cls[len("ConnReset"):]
        m = manifests.get(rtype)
        if not check(m is not None, "%s: %s is no ConnReset resource" % (name, cls)):
            continue
        schema = m["schema"]["embedded"]
        props = {}
        for key, value in re.findall(r"^\s*(\w+)\s*=\s*(.+?)\s*$", body, re.M):
            if key == "DependsOn":
                continue
            spec = schema["properties"].get(key)
            if not check(spec is not None and not spec.get("readOnly"),
                         "%s: %s is not a configurable property of %s" % (name, key, cls)):
                continue
            if value.startswith("$") and value not in ("$true", "$false"):
                props[key] = value  # a configuration parameter
                continue
            if value.startswith("'"):
                value = value.strip("'")
                enum = [e for e in spec.get("enum", []) if e is not None]
                check(not enum or value in enum, "%s: %s = '%s' is not one of %s"
                      % (name, key, value, enum))
            elif value in ("$true", "$false"):
                value = value == "$true"
            props[key] = value
        for key in schema.get("required", []):
            check(key in props, "%s: key %s missing" % (name, key))
        settings.append((rtype, props))
    # The same settings as the YAML document (the thumbprint is a parameter).
    def norm(rtype, props):
        return (rtype, tuple(sorted((k, str(v)) for k, v in props.items()
                                    if k not in ("Thumbprint", "InstanceName"))))
    check(sorted(norm(t, p) for t, p in settings) ==
          sorted(norm(t, p) for _, t, p in yaml_resources),
          "SqlServerHardening.ps1 and sqlserver-hardening.dsc.yaml differ")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    exe = sys.argv[1]
    bindir = os.path.dirname(os.path.abspath(exe))
    manifests = {}
    for f in os.listdir(bindir):
        if f.endswith(".dsc.resource.json"):
            with open(os.path.join(bindir, f), encoding="utf-8") as fh:
                m = json.load(fh)
            manifests[m["type"]] = m
    resources = test_yaml(exe, manifests)
    test_powershell(manifests, resources)
    finish("test_examples")


if __name__ == "__main__":
    main()
