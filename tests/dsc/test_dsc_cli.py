#!/usr/bin/env python3
"""test_dsc_cli.py CONNRESET: the DSC v3 command resources of the connreset
CLI held to DSC's contract, on snapshots (any OS).

Judged by Microsoft's bundled DSC v3 schemas (schemas/dsc/v3/bundled,
python3-jsonschema): the manifests beside the binary against
resource/manifest.json; every line on stdout against resource/stdout/
get.json, test.json, set.json or whatIf.json, and every instance against the
instance schema its manifest embeds. Beyond the schemas: stderr is JSON
Lines of error/warn/info messages, every exit code is one the manifest
lists, what-if writes nothing, set writes the fix and its undo, a second set
changes nothing, the undo puts the instance out of state again, and bad
input fails with exit 2 and a message that names the property or offset.
"""
import glob
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import warnings

sys.path.insert(0, os.path.dirname(__file__))
warnings.simplefilter("ignore", DeprecationWarning)
import dsc_schema  # noqa: E402
from tally import check, finish  # noqa: E402

ROOT = dsc_schema.ROOT
FIX = os.path.join(ROOT, "tests", "fixtures")
EX = os.path.join(ROOT, "examples", "snapshots")
SQL = [os.path.join(FIX, "sql", "ws2012r2-sql-mixed.reg"),
       os.path.join(FIX, "sql", "weak-certs-overlay.reg")]
MD5 = "258A392B6D4BA4C8FEFE151AF3B2EA462F098AB7"

# type: (snapshots, an input out of state, its diff, an input in state)
SCENARIOS = {
    "ConnReset/SynProtection": (
        [os.path.join(EX, "ws2003-sp2.reg")],
        {"IsSingleInstance": "Yes", "State": "Disabled"}, ["State"],
        {"IsSingleInstance": "Yes", "State": "Default"}),
    "ConnReset/SchannelProtocol": (
        [os.path.join(FIX, "tls", "ws2008r2-default.reg")],
        {"Protocol": "TLS 1.2", "Role": "Server", "State": "Enabled"}, ["State"],
        {"Protocol": "TLS 1.2", "Role": "Server", "State": "Default"}),
    "ConnReset/CipherSuiteOrder": (
        [os.path.join(FIX, "tls", "ws2019-dhe-first-server.reg")],
        {"IsSingleInstance": "Yes", "ExcludeDhe": True}, ["ExcludeDhe"],
        {"IsSingleInstance": "Yes", "Order": [
            "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"]}),
    "ConnReset/StrongCrypto": (
        [os.path.join(FIX, "tls", "ws2019-tls12-only-client.reg")],
        {"IsSingleInstance": "Yes", "SchUseStrongCrypto": "Enabled"}, ["SchUseStrongCrypto"],
        {"IsSingleInstance": "Yes", "SystemDefaultTlsVersions": "Default"}),
    "ConnReset/CertificatePurpose": (
        SQL, {"Thumbprint": MD5.lower(), "ServerAuthentication": "Absent"},
        ["ServerAuthentication"],
        {"Thumbprint": "00" * 20, "ServerAuthentication": "Absent"}),
    "ConnReset/SqlServerCertificate": (
        SQL, {"InstanceName": "MSSQLSERVER", "Thumbprint": ""}, ["Thumbprint"],
        {"InstanceName": "SQL2017", "Thumbprint": ""}),
    "ConnReset/Audit": (
        [os.path.join(EX, "ws2003-sp2.reg")],
        {"IsSingleInstance": "Yes"}, ["Findings"],
        {"IsSingleInstance": "Yes", "MinimumSeverity": "Error"}),
}



class Tool:
    def __init__(self, exe):
        self.exe = exe
        self.bin = os.path.dirname(os.path.abspath(exe))
        self.manifests = {}
        self.exit_codes_seen = set()
        self.stdout_schemas = {op: dsc_schema.validator(dsc_schema.load(
            "resource/stdout/%s.json" % op)) for op in ("get", "test", "set", "whatIf")}

    def run(self, args, snapshots=(), stdin=None, want_exit=0, what=""):
        cmd = [self.exe]
        for s in snapshots:
            cmd += ["--snapshot", s]
        cmd += args
        p = subprocess.run(cmd, input=stdin.encode() if stdin is not None else None,
                           stdin=None if stdin is not None else subprocess.DEVNULL,
                           capture_output=True)
        self.exit_codes_seen.add(p.returncode)
        out, err = p.stdout.decode("utf-8"), p.stderr.decode("utf-8")
        check(p.returncode == want_exit, "%s: exit %d, want %d\n  %s\n  stderr: %s"
              % (what, p.returncode, want_exit, " ".join(cmd), err.strip()))
        for line in err.splitlines():
            try:
                msg = json.loads(line)
                ok = (isinstance(msg, dict) and len(msg) == 1 and
                      list(msg)[0] in ("error", "warn", "info", "debug", "trace") and
                      isinstance(list(msg.values())[0], str))
            except ValueError:
                ok = False
            check(ok, "%s: stderr line is not a DSC message: %r" % (what, line))
        lines = []
        for line in out.splitlines():
            try:
                lines.append(json.loads(line))
            except ValueError:
                check(False, "%s: stdout line is not JSON: %r" % (what, line))
        check(out == "" or out.endswith("\n"), "%s: stdout does not end its line" % what)
        return lines, err

    def valid(self, op, line, what):
        errs = dsc_schema.errors(self.stdout_schemas[op], line)
        check(not errs, "%s: not valid against stdout/%s.json: %s" % (what, op, errs))

    def instance(self, rtype, line, what):
        inst = dict(line)
        inst.pop("_inDesiredState", None)  # DSC's own, read from test output
        v = self.manifests[rtype]["validator"]
        errs = dsc_schema.errors(v, inst)
        check(not errs, "%s: the instance breaks %s's embedded schema: %s"
              % (what, rtype, errs))


def test_manifests(tool):
    v = dsc_schema.validator(dsc_schema.load("resource/manifest.json"))
    files = sorted(glob.glob(os.path.join(tool.bin, "*.dsc.resource.json")))
    check(len(files) == 7, "7 manifests beside %s, found %d" % (tool.exe, len(files)))
    version = subprocess.run([tool.exe, "version"], capture_output=True).stdout.decode().split()[-1]
    for f in files:
        with open(f, encoding="utf-8") as fh:
            m = json.load(fh)
        errs = dsc_schema.errors(v, m)
        check(not errs, "%s: not a valid DSC v3 manifest: %s" % (f, errs))
        embedded = m["schema"]["embedded"]
        try:
            dsc_schema.check_schema(embedded)
            ok = True
        except Exception as e:  # noqa: BLE001 - any schema error fails
            ok = False
            print(e, file=sys.stderr)
        check(ok, "%s: the embedded instance schema is not valid 2020-12" % f)
        check(m["version"] == version, "%s: version %s, connreset says %s"
              % (f, m["version"], version))
        check(os.path.basename(f) == m["type"].replace("/", ".") + ".dsc.resource.json",
              "%s: file name does not follow the type" % f)
        for op in ("get", "set", "whatIf", "test", "export"):
            check(m[op]["executable"] == "connreset" and m[op]["input"] == "stdin" and
                  m[op]["args"][:1] == ["dsc"] and m[op]["args"][-2:] == ["--resource", m["type"]],
                  "%s: %s does not call connreset dsc ... --resource %s" % (f, op, m["type"]))
        check(m["set"]["return"] == "stateAndDiff" and m["test"]["return"] == "stateAndDiff" and
              "--what-if" in m["whatIf"]["args"], "%s: return kinds / what-if" % f)
        lines, _ = tool.run(["dsc", "schema", "--resource", m["type"]], what="schema " + m["type"])
        check(lines == [embedded], "%s: `dsc schema` differs from the embedded schema" % f)
        m["validator"] = dsc_schema.validator(embedded)
        tool.manifests[m["type"]] = m


def digest(paths):
    h = hashlib.sha256()
    for p in paths:
        with open(p, "rb") as f:
            h.update(f.read())
    return h.hexdigest()


def test_type(tool, rtype, work):
    snaps, out_in, out_diff, in_in = SCENARIOS[rtype]
    keys = {k: v for k, v in out_in.items()
            if k in tool.manifests[rtype]["schema"]["embedded"].get("required", [])}
    t = rtype.split("/")[1]
    before = digest(snaps)
    audit = rtype == "ConnReset/Audit"

    # get: the instance, from stdin
    lines, _ = tool.run(["dsc", "get", "--resource", rtype], snaps, json.dumps(keys), what=t + " get")
    if check(len(lines) == 1, "%s get: %d lines" % (t, len(lines))):
        tool.valid("get", lines[0], t + " get")
        tool.instance(rtype, lines[0], t + " get")
        check(all(lines[0].get(k) is not None for k in keys), "%s get: keys missing" % t)
        check(all(r["Code"].startswith("ConnReset:ConnReset:") for r in lines[0]["Reasons"]),
              "%s get: Reasons codes" % t)

    # test, out of state: the state with _inDesiredState false, then the diff
    lines, _ = tool.run(["dsc", "test", "--resource", rtype, "--input", json.dumps(out_in)],
                        snaps, what=t + " test")
    if check(len(lines) == 2, "%s test: %d lines" % (t, len(lines))):
        tool.valid("test", lines[0], t + " test state")
        tool.valid("test", lines[1], t + " test diff")
        tool.instance(rtype, lines[0], t + " test")
        check(lines[0]["_inDesiredState"] is False, "%s test: in state already" % t)
        check(lines[1] == out_diff, "%s test diff %s, want %s" % (t, lines[1], out_diff))
        want_codes = ["ConnReset:ConnReset:" + p for p in out_diff]
        codes = [r["Code"] for r in lines[0]["Reasons"]]
        check(audit or codes[:len(want_codes)] == want_codes,
              "%s test: Reasons start %s, want %s" % (t, codes, want_codes))

    # what-if: the predicted state, and nothing written
    fix, undo = os.path.join(work, t + "-fix.reg"), os.path.join(work, t + "-undo.reg")
    lines, _ = tool.run(["dsc", "set", "--what-if", "--resource", rtype, "--out", fix,
                         "--backup", undo], snaps, json.dumps(out_in), what=t + " what-if")
    if check(len(lines) == 2, "%s what-if: %d lines" % (t, len(lines))):
        tool.valid("whatIf", lines[0], t + " what-if state")
        tool.valid("whatIf", lines[1], t + " what-if diff")
        tool.instance(rtype, lines[0], t + " what-if")
        check(audit or lines[1] == out_diff, "%s what-if diff %s" % (t, lines[1]))
    check(not os.path.exists(fix) and not os.path.exists(undo), "%s what-if wrote a file" % t)

    # set: the fix and its undo, the state after, the properties changed
    lines, err = tool.run(["dsc", "set", "--resource", rtype, "--out", fix, "--backup", undo],
                          snaps, json.dumps(out_in), what=t + " set")
    if check(len(lines) == 2, "%s set: %d lines" % (t, len(lines))):
        tool.valid("set", lines[0], t + " set state")
        tool.valid("set", lines[1], t + " set diff")
        tool.instance(rtype, lines[0], t + " set")
        if audit:
            check(lines[1] == [] and '"warn"' in err and not os.path.exists(fix),
                  "Audit set changed something, or did not say it changes nothing")
        else:
            check(lines[1] == out_diff, "%s set diff %s" % (t, lines[1]))
            check(os.path.exists(fix) and os.path.exists(undo), "%s set: no fix or undo" % t)
            check(all(lines[0].get(k) == v or k in ("Thumbprint",)
                      for k, v in out_in.items()), "%s set: state after %s" % (t, lines[0]))
            restart = lines[0].get("_restartRequired")
            if tool.manifests[rtype]["schema"]["embedded"]["properties"]["RebootRequired"] \
                    .get("description", "").startswith("True"):
                check(lines[0]["RebootRequired"] is True and restart and "system" in restart[0]
                      and lines[0]["_metadata"]["_restartRequired"] == restart,
                      "%s set: no restart of the system reported: %s" % (t, lines[0]))
            elif rtype == "ConnReset/SqlServerCertificate":
                check(restart == [{"service": "MSSQLSERVER"}],
                      "SqlServerCertificate set: restart %s" % restart)
    check(digest(snaps) == before, "%s: snapshot mode changed its input" % t)
    if audit:
        return

    # after the fix: in state; a second set changes nothing
    lines, _ = tool.run(["dsc", "test", "--resource", rtype], snaps + [fix], json.dumps(out_in),
                        what=t + " test after")
    check(len(lines) == 2 and lines[0]["_inDesiredState"] is True and lines[1] == [],
          "%s: out of state after set: %s" % (t, lines))
    fix2 = os.path.join(work, t + "-fix2.reg")
    lines, err = tool.run(["dsc", "set", "--resource", rtype, "--out", fix2], snaps + [fix],
                          json.dumps(out_in), what=t + " set again")
    check(len(lines) == 2 and lines[1] == [] and not os.path.exists(fix2) and
          "nothing to do" in err, "%s: a second set did something" % t)
    # the undo puts it back out of state
    lines, _ = tool.run(["dsc", "test", "--resource", rtype], snaps + [fix, undo],
                        json.dumps(out_in), what=t + " test after undo")
    check(len(lines) == 2 and lines[0]["_inDesiredState"] is False and lines[1] == out_diff,
          "%s: the undo did not restore the state: %s" % (t, lines))

    # in state from the start
    lines, _ = tool.run(["dsc", "test", "--resource", rtype], snaps, json.dumps(in_in),
                        what=t + " test in state")
    check(len(lines) == 2 and lines[0]["_inDesiredState"] is True and lines[1] == [],
          "%s: %s not in state: %s" % (t, in_in, lines))

    # export: every instance, each a valid get line
    lines, _ = tool.run(["dsc", "export", "--resource", rtype], snaps, "", what=t + " export")
    check(len(lines) >= 1, "%s export: nothing" % t)
    for line in lines:
        tool.valid("get", line, t + " export")
        tool.instance(rtype, line, t + " export")


def test_export_filter(tool):
    """export with an instance on stdin (or --input): DSC 3.1 passes it to
    the resource as a filter ("dsc resource export --input"); only the
    instances whose properties match every given one are printed, and no
    input (or {}) means every instance."""
    def export(rtype, snaps, stdin, what, args=()):
        lines, _ = tool.run(["dsc", "export", "--resource", rtype] + list(args), snaps, stdin,
                            what=what)
        for line in lines:
            tool.valid("get", line, what)
            tool.instance(rtype, line, what)
        return lines

    proto = "ConnReset/SchannelProtocol"
    snaps = [os.path.join(FIX, "tls", "ws2008r2-default.reg")]
    every = export(proto, snaps, "", "export, no input")
    check(len(every) == 12, "export without input: %d instances, want 12" % len(every))
    check(export(proto, snaps, "{}", "export {}") == every, "export {}: not every instance")
    check(export(proto, snaps, " \n", "export blank") == every, "export blank: not every instance")
    got = export(proto, snaps, '{"Protocol":"TLS 1.2"}', "export by Protocol")
    check([(x["Protocol"], x["Role"]) for x in got] == [("TLS 1.2", "Client"), ("TLS 1.2", "Server")],
          "export by Protocol: %s" % got)
    got = export(proto, snaps, "", "export by --input",
                 ["--input", '{"Protocol":"tls 1.2","Role":"Server"}'])
    check([(x["Protocol"], x["Role"]) for x in got] == [("TLS 1.2", "Server")],
          "export by Protocol and Role (--input, enum case ignored): %s" % got)
    # a read-only property filters too (what get returns is what is matched)
    got = export(proto, snaps, '{"EffectiveState":"Enabled","Role":"Server"}', "export by state")
    want = [x for x in every if x.get("EffectiveState") == "Enabled" and x["Role"] == "Server"]
    check(got == want and 0 < len(got) < 6, "export by EffectiveState: %s" % got)
    # a filter that matches nothing: no line, success
    check(export(proto, snaps, '{"Protocol":"TLS 1.3","Role":"Client","State":"Enabled"}',
                 "export no match") == [], "export with no match printed something")

    sql = "ConnReset/SqlServerCertificate"
    names = lambda lines: [x["InstanceName"] for x in lines]  # noqa: E731
    check(names(export(sql, SQL, '{"InstanceName":"sql2017"}', "export by name")) == ["SQL2017"],
          "export by InstanceName ignores case")
    check(names(export(sql, SQL, '{"InstanceName":"SQL20*"}', "export by wildcard")) ==
          ["SQL2017", "SQL2019", "SQL2014SP2"], "export by InstanceName with a * wildcard")
    check(names(export(sql, SQL, '{"InstanceName":"*sp2"}', "export by wildcard 2")) ==
          ["SQL2014SP2"], "export by a leading * wildcard, case ignored")
    check(names(export(sql, SQL, '{"Thumbprint":"%s"}' % MD5, "export by thumbprint")) ==
          ["MSSQLSERVER"], "export by Thumbprint (upper case matches the registry's lower)")
    check(names(export(sql, SQL, '{"InstanceName":"*","CertificateSource":"auto-selection"}',
                       "export by source")) == ["SQL2017", "SQL2019", "SQL2014SP2"],
          "export by CertificateSource")

    suites = "ConnReset/CipherSuiteOrder"
    dhe = [os.path.join(FIX, "tls", "ws2019-dhe-first-server.reg")]
    nodhe = [os.path.join(FIX, "tls", "win11-ecdhe-gcm-only.reg")]
    flt = '{"EffectiveOrder":["TLS_DHE_*"]}'
    check(len(export(suites, dhe, flt, "export DHE")) == 1, "a DHE order matches TLS_DHE_*")
    check(export(suites, nodhe, flt, "export no DHE") == [], "an order without DHE matched")

    # the filter is read against the schema like any input: exit 2, named
    for stdin, words in (('{"protocol":"TLS 1.2"}', "did you mean 'Protocol'"),
                         ('{"Protocol":"TLS 9"}', "'TLS 9' is not one of"),
                         ('["TLS 1.2"]', "must be a JSON object"),
                         ('{"Protocol":', "input: line 1")):
        lines, err = tool.run(["dsc", "export", "--resource", proto], snaps, stdin,
                              want_exit=2, what="export error %s" % words)
        check(lines == [] and words in err, "export error: want %r in %s" % (words, err.strip()))


def test_unreachable(tool, work):
    """A state the machine cannot take (the planner refuses it: a default
    it contradicts, an OS that lacks the protocol) is an answer, not an
    error: get prints the instance, test says false with the refusal in
    Reasons and the diff, and only set (and its what-if) fails, exit 2,
    writing nothing."""
    ws2003 = [os.path.join(EX, "ws2003-sp2.reg")]
    cases = [
        # Server 2003's default TcpMaxHalfOpenRetried is 400
        ("ConnReset/SynProtection", ws2003,
         {"IsSingleInstance": "Yes", "State": "Enabled", "TcpMaxHalfOpen": 300},
         ["State", "TcpMaxHalfOpen"],
         "TcpMaxHalfOpenRetried (400) must be less than TcpMaxHalfOpen (300)"),
        ("ConnReset/SchannelProtocol", [os.path.join(FIX, "tls", "ws2008r2-default.reg")],
         {"Protocol": "TLS 1.3", "Role": "Server", "State": "Enabled"}, ["State"],
         "does not support TLS 1.3"),
        ("ConnReset/CipherSuiteOrder", [os.path.join(FIX, "tls", "ws2008r2-default.reg")],
         {"IsSingleInstance": "Yes", "Order": ["TLS_AES_256_GCM_SHA384"]}, ["Order"],
         "does not support TLS_AES_256_GCM_SHA384"),
        ("ConnReset/CertificatePurpose", SQL,
         {"Thumbprint": "00" * 20, "ServerAuthentication": "Present"},
         ["ServerAuthentication"], "is not in LocalMachine"),
        ("ConnReset/SqlServerCertificate", SQL,
         {"InstanceName": "NOSUCH", "Thumbprint": ""}, ["Thumbprint"],
         "no SQL Server instance named"),
    ]
    for rtype, snaps, inst, diff, words in cases:
        t = "unreachable " + rtype.split("/")[1]
        stdin = json.dumps(inst)
        lines, _ = tool.run(["dsc", "get", "--resource", rtype], snaps, stdin, what=t + " get")
        if check(len(lines) == 1, "%s get: %d lines" % (t, len(lines))):
            tool.valid("get", lines[0], t + " get")
            tool.instance(rtype, lines[0], t + " get")
        lines, _ = tool.run(["dsc", "test", "--resource", rtype], snaps, stdin, what=t + " test")
        if check(len(lines) == 2, "%s test: %d lines" % (t, len(lines))):
            tool.valid("test", lines[0], t + " test state")
            tool.valid("test", lines[1], t + " test diff")
            tool.instance(rtype, lines[0], t + " test")
            check(lines[0]["_inDesiredState"] is False, "%s test: in state" % t)
            check(lines[1] == diff, "%s test diff %s, want %s" % (t, lines[1], diff))
            check(any(words in r["Phrase"] for r in lines[0]["Reasons"]),
                  "%s test: no Reason says %r: %s" % (t, words, lines[0]["Reasons"]))
            check(lines[0].get("RebootRequired") is not True,
                  "%s test: a reboot promised for a change set cannot make" % t)
        fix, undo = os.path.join(work, "u-fix.reg"), os.path.join(work, "u-undo.reg")
        for extra in (["--what-if"], []):
            lines, err = tool.run(["dsc", "set"] + extra + ["--resource", rtype, "--out", fix,
                                  "--backup", undo], snaps, stdin, want_exit=2,
                                  what=t + " set " + " ".join(extra))
            check(lines == [] and words in err and '"error"' in err,
                  "%s set %s: want %r in %s" % (t, extra, words, err.strip()))
            check(not os.path.exists(fix) and not os.path.exists(undo),
                  "%s set %s wrote a file" % (t, extra))


def test_errors(tool, work):
    snap = [os.path.join(EX, "ws2003-sp2.reg")]
    syn = ["dsc", "test", "--resource", "ConnReset/SynProtection"]
    cases = [
        (syn, '{"IsSingleInstance":"Yes",', "input: line 1, column 27 (offset 26)"),
        (syn, '{"IsSingleInstance":"Yes","State":"On"}', "'On' is not one of"),
        (syn, '{"IsSingleInstance":"Yes","state":"Enabled"}', "did you mean 'State'"),
        (syn, '{"IsSingleInstance":"Yes","State":"Disabled","TcpMaxHalfOpen":500}',
         "apply only with State Enabled"),
        (syn, '{"IsSingleInstance":"Yes"}', "give State"),
        (syn, '{"State":"Default"}', "IsSingleInstance is required"),
        (["dsc", "test", "--resource", "ConnReset/CipherSuiteOrder"],
         '{"IsSingleInstance":"Yes","Profile":"suites-no-dhe-win11","ExcludeDhe":true}',
         "exactly one of Order, Profile or ExcludeDhe"),
        (["dsc", "get", "--resource", "ConnReset/Nothing"], "{}", "no DSC resource type"),
        (["dsc", "get"], "{}", "--resource"),
        (["dsc", "frob", "--resource", "ConnReset/Audit"], "{}", "unknown dsc operation"),
        (["dsc", "get", "--what-if", "--resource", "ConnReset/Audit"], "{}", "--what-if"),
        (["dsc", "set", "--resource", "ConnReset/SynProtection"],
         '{"IsSingleInstance":"Yes","State":"Disabled"}', "give --out"),
        (["dsc", "get", "--resource", "ConnReset/Audit", "--bogus"], "{}", "unknown option"),
    ]
    for args, stdin, words in cases:
        lines, err = tool.run(args, snap, stdin, want_exit=2, what="error %s" % words)
        check(lines == [], "error %s: something on stdout" % words)
        check(words in err and '"error"' in err, "error: want %r in %s" % (words, err.strip()))
    # the live registry does not exist here: a clear error, exit 2
    lines, err = tool.run(["dsc", "get", "--resource", "ConnReset/Audit"], (),
                          '{"IsSingleInstance":"Yes"}', want_exit=2, what="live elsewhere")
    check("only available on Windows" in err, "live error: %s" % err)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    tool = Tool(sys.argv[1])
    test_manifests(tool)
    with tempfile.TemporaryDirectory() as work:
        for rtype in SCENARIOS:
            test_type(tool, rtype, work)
        test_export_filter(tool)
        test_unreachable(tool, work)
        test_errors(tool, work)
    # one CLI behind every type: each manifest lists every code it returns
    for rtype, m in sorted(tool.manifests.items()):
        codes = {int(c) for c in m["exitCodes"]}
        check(tool.exit_codes_seen <= codes, "%s lists exit codes %s, the CLI returned %s"
              % (rtype, sorted(codes), sorted(tool.exit_codes_seen)))
    finish("test_dsc_cli")


if __name__ == "__main__":
    main()
