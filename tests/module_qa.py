#!/usr/bin/env python3
"""Static QA of the ConnReset PowerShell module, runnable without PowerShell.

Checks what tests/pester/QA.Tests.ps1 checks with the PowerShell AST, plus a
few things only a text scan can see (ASCII files for Windows PowerShell 5.1,
no PowerShell-7-only syntax), so a machine without pwsh still catches:

  - the manifest's exports against Public/*.ps1, one function per file;
  - comment-based help: .SYNOPSIS, .DESCRIPTION > 40 chars, a .PARAMETER for
    every parameter (and none for a parameter that does not exist), >= 2
    .EXAMPLE each naming the command, .INPUTS, .OUTPUTS;
  - [CmdletBinding(, [OutputType(, approved verbs, no clash with the Windows
    TLS module (none of its nouns, no other Tls noun unless reviewed and
    listed), SupportsShouldProcess (and a ShouldProcess call) on commands
    that change things; High impact and the -Force idiom on the commands
    that change Schannel;
  - localized strings: every $script:localizedData.X exists, every message
    has a unique (CRnnnn) id, none is unused;
  - the format file is well-formed, its tables are consistent, and it selects
    only type names the code emits; every output type has a view;
  - error ids used in code are documented in about_ConnReset.help.txt;
  - every public function has tests/pester/<Name>.Tests.ps1.

Usage: python3 tests/module_qa.py [MODULE_DIR]   (default module/ConnReset)
The last line is "N passed, N failed"; the exit code is 1 on any failure.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, "module", "ConnReset")
NAME = "ConnReset"

# Get-Verb on PowerShell 7.4 (the approved verbs; 5.1 has a subset minus
# Build/Deploy/... additions, none of which the module uses).
APPROVED_VERBS = {
    # Common
    "Add", "Clear", "Close", "Copy", "Enter", "Exit", "Find", "Format", "Get", "Hide", "Join",
    "Lock", "Move", "New", "Open", "Optimize", "Pop", "Push", "Redo", "Remove", "Rename",
    "Reset", "Resize", "Search", "Select", "Set", "Show", "Skip", "Split", "Step", "Switch",
    "Undo", "Unlock", "Watch",
    # Communications
    "Connect", "Disconnect", "Read", "Receive", "Send", "Write",
    # Data
    "Backup", "Checkpoint", "Compare", "Compress", "Convert", "ConvertFrom", "ConvertTo",
    "Dismount", "Edit", "Expand", "Export", "Group", "Import", "Initialize", "Limit", "Merge",
    "Mount", "Out", "Publish", "Restore", "Save", "Sync", "Unpublish", "Update",
    # Diagnostic
    "Debug", "Measure", "Ping", "Repair", "Resolve", "Test", "Trace",
    # Lifecycle
    "Approve", "Assert", "Build", "Complete", "Confirm", "Deny", "Deploy", "Disable", "Enable",
    "Install", "Invoke", "Register", "Request", "Restart", "Resume", "Start", "Stop", "Submit",
    "Suspend", "Uninstall", "Unregister", "Wait",
    # Other
    "Use",
    # Security
    "Block", "Grant", "Protect", "Revoke", "Unblock", "Unprotect",
}

# The commands of Windows' built-in TLS module: never shadow them.
TLS_MODULE_COMMANDS = {
    "Disable-TlsCipherSuite", "Disable-TlsEccCurve", "Disable-TlsSessionTicketKey",
    "Enable-TlsCipherSuite", "Enable-TlsEccCurve", "Enable-TlsSessionTicketKey",
    "Export-TlsSessionTicketKey", "Get-TlsCipherSuite", "Get-TlsEccCurve",
    "New-TlsSessionTicketKey",
}

# The commands of Windows' PKI module (PKIClient): never shadow them either.
PKI_MODULE_COMMANDS = {
    "Add-CertificateEnrollmentPolicyServer", "Export-Certificate", "Export-PfxCertificate",
    "Get-Certificate", "Get-CertificateAutoEnrollmentPolicy",
    "Get-CertificateEnrollmentPolicyServer", "Get-CertificateNotificationTask", "Get-PfxData",
    "Import-Certificate", "Import-PfxCertificate", "New-CertificateNotificationTask",
    "New-SelfSignedCertificate", "Remove-CertificateEnrollmentPolicyServer",
    "Remove-CertificateNotificationTask", "Set-CertificateAutoEnrollmentPolicy",
    "Switch-Certificate", "Test-Certificate",
}

# Nouns of the PKI module: no verb may use them here.
PKI_MODULE_NOUNS = {
    "Certificate", "CertificateAutoEnrollmentPolicy", "CertificateEnrollmentPolicyServer",
    "CertificateNotificationTask", "PfxCertificate", "PfxData", "SelfSignedCertificate",
}

# Nouns of the Windows TLS module: no verb may use them here.
TLS_MODULE_NOUNS = {"TlsCipherSuite", "TlsEccCurve", "TlsSessionTicketKey"}

# Commands whose noun starts with "Tls" but that are ours, reviewed one by
# one: each must not clash with a present Windows TLS module command nor use
# one of its nouns. Anything else starting with Tls is refused.
TLS_NOUN_ALLOWED = {"Test-TlsMatch"}

CHANGING_VERBS = {"Set", "Restore", "Export", "Remove", "Install", "Disable", "Enable", "New",
                  "Reset", "Clear", "Import", "Uninstall", "Update", "Register", "Unregister"}


# ---------------------------------------------------------------------------
# A small PowerShell scanner: enough to strip comments and strings and to
# find balanced brackets.
# ---------------------------------------------------------------------------

def strip_code(text, keep_strings=False):
    """Returns text with comments (and, unless keep_strings, string contents)
    replaced by spaces, newlines kept so line numbers stay right."""
    out = []
    i, n = 0, len(text)

    def blank(s):
        return "".join(c if c == "\n" else " " for c in s)

    while i < n:
        c = text[i]
        if text.startswith("<#", i):
            j = text.find("#>", i + 2)
            j = n if j < 0 else j + 2
            out.append(blank(text[i:j]))
            i = j
        elif c == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(blank(text[i:j]))
            i = j
        elif text.startswith("@'", i) or text.startswith('@"', i):
            quote = text[i + 1]
            m = re.compile(r"\n" + quote + "@").search(text, i + 2)
            j = n if m is None else m.end()
            out.append(text[i:j] if keep_strings else "@" + quote + blank(text[i + 2:j - 2]) + quote + "@")
            i = j
        elif c == "'":
            j = i + 1
            while j < n:
                if text[j] == "'" and j + 1 < n and text[j + 1] == "'":
                    j += 2
                elif text[j] == "'":
                    break
                else:
                    j += 1
            j = min(j + 1, n)
            out.append(text[i:j] if keep_strings else "'" + blank(text[i + 1:j - 1]) + "'")
            i = j
        elif c == '"':
            j = i + 1
            while j < n:
                if text[j] == "`":
                    j += 2
                elif text[j] == '"':
                    break
                else:
                    j += 1
            j = min(j + 1, n)
            out.append(text[i:j] if keep_strings else '"' + blank(text[i + 1:j - 1]) + '"')
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def matching(text, start, open_ch, close_ch):
    """Index just past the bracket that closes text[start] (== open_ch)."""
    depth = 0
    for k in range(start, len(text)):
        if text[k] == open_ch:
            depth += 1
        elif text[k] == close_ch:
            depth -= 1
            if depth == 0:
                return k + 1
    return -1


def remove_groups(text, open_ch, close_ch):
    out, depth = [], 0
    for c in text:
        if c == open_ch:
            depth += 1
        elif c == close_ch and depth:
            depth -= 1
        elif depth == 0:
            out.append(c)
    return "".join(out)


class Function:
    def __init__(self, path):
        self.path = path
        self.file_name = os.path.splitext(os.path.basename(path))[0]
        with open(path, "rb") as f:
            self.raw = f.read()
        self.text = self.raw.decode("utf-8", errors="replace")
        self.code = strip_code(self.text)
        self.code_with_strings = strip_code(self.text, keep_strings=True)
        self.names = re.findall(r"^\s*function\s+([\w-]+)", self.code, re.M | re.I)
        self.name = self.names[0] if self.names else None
        self.help = self._help()
        self.cmdletbinding = self._attribute("CmdletBinding")
        self.params = self._params()

    def _help(self):
        """The <# ... #> block right before `function`, as {section: [texts]}."""
        m = re.search(r"<#(.*?)#>([ \t]*\r?\n){1,2}[ \t]*function\s", self.text, re.S | re.I)
        if not m:
            return None
        sections = {}
        current = None
        for line in m.group(1).splitlines():
            head = re.match(r"\s*\.(\w+)\s*(.*)$", line)
            if head:
                current = head.group(1).upper()
                arg = head.group(2).strip()
                sections.setdefault(current, []).append({"arg": arg, "body": []})
            elif current:
                sections[current][-1]["body"].append(line.strip())
        for items in sections.values():
            for item in items:
                item["text"] = "\n".join(item["body"]).strip()
        return sections

    def _attribute(self, name):
        m = re.search(r"\[\s*" + name + r"\s*\(", self.code, re.I)
        if not m:
            return None
        end = matching(self.code_with_strings, m.end() - 1, "(", ")")
        return self.code_with_strings[m.end():end - 1]

    def _params(self):
        """Parameter names in order; self.param_attrs maps each to the text
        of its attributes (strings kept)."""
        self.param_attrs = {}
        m = re.search(r"^\s*function\s+[\w-]+\s*\{", self.code, re.M | re.I)
        if not m:
            return None
        pm = re.compile(r"\bparam\s*\(", re.I).search(self.code, m.end())
        if not pm:
            return []
        end = matching(self.code, pm.end() - 1, "(", ")")
        start, stop = pm.end(), end - 1
        names = []
        depth, seg_start = 0, start
        for k in range(start, stop + 1):
            c = self.code[k] if k < stop else ","
            if c in "([{":
                depth += 1
            elif c in ")]}":
                depth -= 1
            elif c == "," and depth == 0:
                segment = self.code[seg_start:k]
                # The parameter is the first $name outside any bracket.
                d = 0
                for j, ch in enumerate(segment):
                    if ch in "([{":
                        d += 1
                    elif ch in ")]}":
                        d -= 1
                    elif ch == "$" and d == 0:
                        v = re.match(r"\$(\w+)", segment[j:])
                        if v:
                            names.append(v.group(1))
                            self.param_attrs[v.group(1)] = self.code_with_strings[seg_start:seg_start + j]
                        break
                seg_start = k + 1
        return names

    @property
    def verb(self):
        return self.name.split("-", 1)[0] if self.name and "-" in self.name else None


# ---------------------------------------------------------------------------
# The checks. Each returns a list of problems (empty: passed).
# ---------------------------------------------------------------------------

results = []


def check(name):
    def wrap(fn):
        def run(*args):
            try:
                problems = fn(*args)
            except Exception as e:  # a crash in a check is a failure, not a skip
                problems = ["check crashed: %r" % (e,)]
            results.append((name if not args else "%s: %s" % (name, args[0].name or args[0].file_name), problems))
        return run
    return wrap


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def manifest_text():
    return read(os.path.join(MODULE, NAME + ".psd1"))


def manifest_list(text, key):
    m = re.search(key + r"\s*=\s*@\((.*?)\)", text, re.S | re.I)
    if not m:
        return None
    return re.findall(r"'([^']*)'|\"([^\"]*)\"", m.group(1))


def flat(pairs):
    return [a or b for a, b in pairs]


def public_functions():
    folder = os.path.join(MODULE, "Public")
    return [Function(os.path.join(folder, f)) for f in sorted(os.listdir(folder)) if f.endswith(".ps1")]


def private_functions():
    folder = os.path.join(MODULE, "Private")
    if not os.path.isdir(folder):
        return []
    return [Function(os.path.join(folder, f)) for f in sorted(os.listdir(folder)) if f.endswith(".ps1")]


def all_script_files():
    files = [os.path.join(MODULE, NAME + ".psm1")]
    for folder in ("Public", "Private"):
        d = os.path.join(MODULE, folder)
        if os.path.isdir(d):
            files += [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith(".ps1")]
    return files


def emitted_type_names():
    names = set()
    for path in all_script_files():
        text = read(path)
        names.update(re.findall(r"PSTypeName\s*=\s*'([\w.]+)'", text))
        names.update(re.findall(r"TypeNames\.Insert\(\s*0\s*,\s*'([\w.]+)'\s*\)", text))
    return names


@check("manifest has the required keys")
def check_manifest_keys():
    text = manifest_text()
    problems = []
    wanted = {
        "RootModule": r"RootModule\s*=\s*'ConnReset\.psm1'",
        "ModuleVersion": r"ModuleVersion\s*=\s*'\d+\.\d+\.\d+'",
        "GUID": r"GUID\s*=\s*'[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'",
        "Author": r"Author\s*=\s*'[^']+'",
        "Description": r"Description\s*=\s*'[^']{40,}'",
        "PowerShellVersion 5.1": r"PowerShellVersion\s*=\s*'5\.1'",
        "FormatsToProcess": r"FormatsToProcess\s*=\s*@\(\s*'ConnReset\.format\.ps1xml'\s*\)",
    }
    for what, pattern in wanted.items():
        if not re.search(pattern, text):
            problems.append("missing or wrong: " + what)
    editions = manifest_list(text, "CompatiblePSEditions")
    if editions is None or sorted(flat(editions)) != ["Core", "Desktop"]:
        problems.append("CompatiblePSEditions must be @('Desktop', 'Core')")
    for key in ("CmdletsToExport", "AliasesToExport", "VariablesToExport"):
        if not re.search(key + r"\s*=\s*@\(\s*\)", text):
            problems.append(key + " must be @()")
    if "*" in "".join(flat(manifest_list(text, "FunctionsToExport") or [])):
        problems.append("FunctionsToExport must not use wildcards")
    return problems


@check("FunctionsToExport equals Public/*.ps1")
def check_exports():
    exports = manifest_list(manifest_text(), "FunctionsToExport")
    if exports is None:
        return ["no FunctionsToExport list in the manifest"]
    exported = set(flat(exports))
    files = {f.file_name for f in public_functions()}
    problems = []
    if exported - files:
        problems.append("exported but no Public file: " + ", ".join(sorted(exported - files)))
    if files - exported:
        problems.append("Public file not exported: " + ", ".join(sorted(files - exported)))
    return problems


@check("one function per file, named as the file")
def check_one_function(fn):
    if fn.names != [fn.file_name]:
        return ["defines %s, expected exactly [%s]" % (fn.names, fn.file_name)]
    return []


@check("comment-based help")
def check_help(fn):
    h = fn.help
    if h is None:
        return ["no <# ... #> help block right before 'function'"]
    problems = []
    if not h.get("SYNOPSIS") or not h["SYNOPSIS"][0]["text"]:
        problems.append(".SYNOPSIS missing or empty")
    description = h.get("DESCRIPTION")
    if not description or len(description[0]["text"]) <= 40:
        problems.append(".DESCRIPTION missing or not over 40 characters")
    described = {p["arg"].lower() for p in h.get("PARAMETER", [])}
    for p in h.get("PARAMETER", []):
        if not p["text"]:
            problems.append(".PARAMETER %s has no text" % p["arg"])
    declared = {p.lower() for p in (fn.params or [])}
    for p in sorted(declared - described):
        problems.append("parameter $%s has no .PARAMETER" % p)
    for p in sorted(described - declared):
        problems.append(".PARAMETER %s names no parameter" % p)
    examples = h.get("EXAMPLE", [])
    if len(examples) < 2:
        problems.append("fewer than 2 .EXAMPLE blocks (%d)" % len(examples))
    for i, e in enumerate(examples, 1):
        if fn.name.lower() not in e["text"].lower():
            problems.append(".EXAMPLE %d does not name %s" % (i, fn.name))
    for section in ("INPUTS", "OUTPUTS"):
        if section not in h:
            problems.append("." + section + " missing")
    return problems


@check("private helper help and CmdletBinding")
def check_private(fn):
    problems = []
    if fn.help is None or not fn.help.get("SYNOPSIS"):
        problems.append("no help block with .SYNOPSIS")
    if fn.cmdletbinding is None:
        problems.append("no [CmdletBinding()]")
    return problems


@check("CmdletBinding and OutputType")
def check_attributes(fn):
    problems = []
    if fn.cmdletbinding is None:
        problems.append("no [CmdletBinding(")
    if not re.search(r"\[\s*OutputType\s*\(", fn.code, re.I):
        problems.append("no [OutputType(")
    return problems


@check("approved verb, no TLS or PKI module clash")
def check_verb(fn):
    problems = []
    if fn.verb not in APPROVED_VERBS:
        problems.append("verb '%s' is not approved" % fn.verb)
    if fn.name in TLS_MODULE_COMMANDS or fn.name.lower() in {c.lower() for c in TLS_MODULE_COMMANDS}:
        problems.append("clashes with the Windows TLS module")
    noun = fn.name.split("-", 1)[1] if "-" in fn.name else ""
    if noun.lower() in {n.lower() for n in TLS_MODULE_NOUNS}:
        problems.append("noun %s belongs to the Windows TLS module" % noun)
    if fn.name.lower() in {c.lower() for c in PKI_MODULE_COMMANDS}:
        problems.append("clashes with the Windows PKI module")
    if noun.lower() in {n.lower() for n in PKI_MODULE_NOUNS}:
        problems.append("noun %s belongs to the Windows PKI module" % noun)
    if re.search(r"-Tls", fn.name, re.I) and fn.name not in TLS_NOUN_ALLOWED:
        problems.append("noun starts with Tls: reserved for the Windows TLS module")
    return problems


# The private helper that carries out a planned change for the change
# commands (snapshot fix file or live ApplyLive, ShouldProcess, backup, the
# ChangeResult). It calls ShouldProcess and ThrowTerminatingError on the
# $PSCmdlet the command passes in, and runs with the command's
# $WhatIfPreference and $ConfirmPreference, so a command that hands its
# change to it keeps its own -WhatIf/-Confirm/ConfirmImpact semantics.
CHANGE_HELPER = "Invoke-ConnResetChange"


def change_helper():
    path = os.path.join(MODULE, "Private", CHANGE_HELPER + ".ps1")
    return Function(path) if os.path.isfile(path) else None


def change_helper_problems():
    helper = change_helper()
    if helper is None:
        return ["Private/%s.ps1 missing" % CHANGE_HELPER]
    problems = []
    code = helper.code
    if re.search(r"SupportsShouldProcess", helper.cmdletbinding or "", re.I):
        problems.append("%s must not declare SupportsShouldProcess (it uses the command's)" % CHANGE_HELPER)
    if "$PSCmdlet" .lower() in code.lower():
        problems.append("%s must use the command's -Cmdlet, never its own $PSCmdlet" % CHANGE_HELPER)
    for needed in ("$Cmdlet.ShouldProcess(", "$Cmdlet.ThrowTerminatingError(", "Test-ConnResetElevated", ".ApplyLive(", ".WriteReg("):
        if needed.lower() not in code.lower():
            problems.append("%s does not call %s" % (CHANGE_HELPER, needed))
    for variable, parameter in (("WhatIfPreference", "CallerWhatIfPreference"), ("ConfirmPreference", "CallerConfirmPreference")):
        if parameter not in (helper.params or []):
            problems.append("%s has no -%s" % (CHANGE_HELPER, parameter))
        if not re.search(r"^\s*\$%s\s*=\s*\$%s\s*$" % (variable, parameter), code, re.M | re.I):
            problems.append("%s does not set $%s from -%s" % (CHANGE_HELPER, variable, parameter))
    return problems


def delegates_change(fn):
    """True when fn hands its change to the helper with its own $PSCmdlet and
    preferences (and the helper is sound)."""
    code = fn.code
    if not re.search(r"\b%s\b" % CHANGE_HELPER, code, re.I):
        return False
    for parameter, variable in (("Cmdlet", "PSCmdlet"), ("CallerWhatIfPreference", "WhatIfPreference"), ("CallerConfirmPreference", "ConfirmPreference")):
        if not re.search(r"(^\s*%s\s*=|-%s\s*:?)\s*\$%s\b" % (parameter, parameter, variable), code, re.M | re.I):
            return False
    return not change_helper_problems()


@check("change helper: the command's $PSCmdlet and preferences")
def check_change_helper():
    return change_helper_problems()


@check("ShouldProcess on commands that change things")
def check_should_process(fn):
    binding = fn.cmdletbinding or ""
    supports = re.search(r"SupportsShouldProcess(\s*=\s*\$true)?", binding, re.I) is not None
    calls = "$PSCmdlet.ShouldProcess(".lower() in fn.code.lower() or delegates_change(fn)
    problems = []
    if fn.verb in CHANGING_VERBS and not supports:
        problems.append("verb %s changes things: declare SupportsShouldProcess" % fn.verb)
    if supports and not calls:
        problems.append("declares SupportsShouldProcess but never calls $PSCmdlet.ShouldProcess(")
    if calls and not supports:
        problems.append("calls ShouldProcess without SupportsShouldProcess")
    return problems


@check("Set-SynProtection: High impact, Disable/Enable/Reset sets, Force idiom")
def check_set_syn():
    fn = next((f for f in public_functions() if f.name == "Set-SynProtection"), None)
    if fn is None:
        return ["Public/Set-SynProtection.ps1 missing"]
    problems = []
    if not re.search(r"ConfirmImpact\s*=\s*'High'", fn.cmdletbinding or ""):
        problems.append("ConfirmImpact must be 'High'")
    sets = set(re.findall(r"ParameterSetName\s*=\s*'(\w+)'", fn.code_with_strings))
    if sets != {"Disable", "Enable", "Reset"}:
        problems.append("parameter sets are %s, expected Disable, Enable, Reset" % sorted(sets))
    if not re.search(r"if\s*\(\s*\$Force(\.IsPresent)?\s+-and\s+-not\s+\$PSBoundParameters\['Confirm'\]\s*\)\s*\{\s*\$ConfirmPreference\s*=\s*'None'", fn.code_with_strings):
        problems.append("missing the -Force / -Confirm idiom")
    return problems


# The commands that change Schannel: High impact, the -Force idiom, the same
# live/snapshot parameters as Set-SynProtection, and (for the suite order)
# exactly these parameter sets.
SCHANNEL_CHANGE_COMMANDS = {
    "Set-SchannelProtocol": None,
    "Set-SchannelCipherSuiteOrder": {"Name", "Add", "Remove", "Reset"},
    "Disable-DheCipherSuite": None,
    "Disable-CertificateServerAuthentication": None,
    "Set-SqlServerCertificate": {"Thumbprint", "Clear"},
}

# Change commands that restart SQL Server afterwards: only with
# -RestartService, and each restart under ShouldProcess.
RESTART_COMMANDS = {"Disable-CertificateServerAuthentication", "Set-SqlServerCertificate"}


@check("registry change commands: High impact, Force idiom, snapshot mode")
def check_schannel_changes():
    problems = []
    functions = {f.name: f for f in public_functions()}
    for name, wanted_sets in sorted(SCHANNEL_CHANGE_COMMANDS.items()):
        fn = functions.get(name)
        if fn is None:
            problems.append("Public/%s.ps1 missing" % name)
            continue
        if not re.search(r"ConfirmImpact\s*=\s*'High'", fn.cmdletbinding or ""):
            problems.append("%s: ConfirmImpact must be 'High'" % name)
        if not re.search(r"if\s*\(\s*\$Force(\.IsPresent)?\s+-and\s+-not\s+\$PSBoundParameters\['Confirm'\]\s*\)\s*\{\s*\$ConfirmPreference\s*=\s*'None'", fn.code_with_strings):
            problems.append("%s: missing the -Force / -Confirm idiom" % name)
        for parameter in ("Path", "OutFile", "BackupPath", "Force"):
            if parameter not in (fn.params or []):
                problems.append("%s: no -%s" % (name, parameter))
        delegated = delegates_change(fn)
        if "Test-ConnResetElevated" not in fn.code and not delegated:
            problems.append("%s: live changes must check for elevation" % name)
        if (".ApplyLive(" not in fn.code or ".WriteReg(" not in fn.code) and not delegated:
            problems.append("%s: must apply live (ApplyLive) or write the fix (WriteReg)" % name)
        if name in RESTART_COMMANDS:
            if "RestartService" not in (fn.params or []):
                problems.append("%s: no -RestartService" % name)
            restart = re.search(r"if\s*\(\s*\$RestartService\.IsPresent\s*\)(.*?)Restart-Service\b", fn.code, re.S)
            # ... or through Private/Restart-ConnResetService.ps1, which asks
            # the command's $PSCmdlet before each Restart-Service.
            helper = re.search(r"if\s*\(\s*\$RestartService\.IsPresent\s*\)\s*\{\s*Restart-ConnResetService\s+-Cmdlet\s+\$PSCmdlet\b", fn.code)
            helper_path = os.path.join(MODULE, "Private", "Restart-ConnResetService.ps1")
            helper_ok = helper is not None and os.path.isfile(helper_path) and re.search(
                r"\$Cmdlet\.ShouldProcess\((.*?)Restart-Service\b", Function(helper_path).code, re.S) is not None
            if not helper_ok and (restart is None or "$PSCmdlet.ShouldProcess(" not in restart.group(1)):
                problems.append("%s: Restart-Service must run only with -RestartService and under ShouldProcess" % name)
        sets = set(re.findall(r"ParameterSetName\s*=\s*'(\w+)'", fn.code_with_strings))
        if wanted_sets is not None and sets != wanted_sets:
            problems.append("%s: parameter sets are %s, expected %s" % (name, sorted(sets), sorted(wanted_sets)))
    return problems


TARGET_HELPER = "Open-ConnResetChangeTarget"
# ConnReset.SnapshotUnreadable comes as the record Open-ConnResetSource returns.
TARGET_ERROR_IDS = ("OutFileRequired", "RestartServiceNotLive", "FileUnwritable",
                    "LiveRegistryUnavailable", "OutFileReused")


@check("change commands check their arguments through Open-ConnResetChangeTarget")
def check_change_targets():
    problems = []
    helper = os.path.join(MODULE, "Private", TARGET_HELPER + ".ps1")
    if not os.path.exists(helper):
        return ["Private/%s.ps1 missing" % TARGET_HELPER]
    text = open(helper, encoding="ascii").read()
    text = re.sub(r"<#.*?#>", "", text, flags=re.S)  # the code, not its help
    for error_id in TARGET_ERROR_IDS:
        if "'ConnReset.%s'" % error_id not in text:
            problems.append("%s: never raises ConnReset.%s" % (TARGET_HELPER, error_id))
    if "$PSCmdlet" in text or text.count("$Cmdlet.ThrowTerminatingError(") < len(TARGET_ERROR_IDS):
        problems.append("%s: every error must go through the caller's $Cmdlet" % TARGET_HELPER)
    functions = {f.name: f for f in public_functions()}
    for name in sorted(set(SCHANNEL_CHANGE_COMMANDS) | {"Set-SynProtection"}):
        fn = functions.get(name)
        if fn is None:
            continue
        call = re.search(TARGET_HELPER + r"\b([^\n]*)", fn.code)
        if call is None:
            problems.append("%s: does not call %s" % (name, TARGET_HELPER))
            continue
        args = call.group(1)
        for needed in ("-Cmdlet $PSCmdlet", "-Path $Path", "-OutFile $OutFile",
                       "-BackupPath $BackupPath", "-WrittenOutFiles $writtenOutFiles"):
            if needed not in args:
                problems.append("%s: %s call lacks %s" % (name, TARGET_HELPER, needed))
        if name in RESTART_COMMANDS and "-RestartService:$RestartService" not in args:
            problems.append("%s: %s call lacks -RestartService:$RestartService" % (name, TARGET_HELPER))
    return problems


@check("-Client/-Server take pipeline input by property name")
def check_pipeline_pair(fn):
    problems = []
    for parameter in ("Client", "Server"):
        if parameter in (fn.params or []) and "ValueFromPipelineByPropertyName" not in fn.param_attrs.get(parameter, ""):
            problems.append("$%s lacks ValueFromPipelineByPropertyName" % parameter)
    return problems


@check("Restore-ConnResetBackup: High impact")
def check_restore():
    fn = next((f for f in public_functions() if f.name == "Restore-ConnResetBackup"), None)
    if fn is None:
        return ["Public/Restore-ConnResetBackup.ps1 missing"]
    if not re.search(r"ConfirmImpact\s*=\s*'High'", fn.cmdletbinding or ""):
        return ["ConfirmImpact must be 'High'"]
    return []


@check("-Path takes pipeline input by property name (FullName, PSPath)")
def check_pipeline_path(fn):
    if "Path" not in (fn.params or []) or fn.name == "Export-ConnResetSnapshot":
        return []
    attrs = fn.param_attrs.get("Path", "")
    problems = []
    if "ValueFromPipelineByPropertyName" not in attrs:
        problems.append("$Path lacks ValueFromPipelineByPropertyName")
    alias = re.search(r"\[Alias\(([^)]*)\)\]", attrs)
    if not alias or "'FullName'" not in alias.group(1) or "'PSPath'" not in alias.group(1):
        problems.append("$Path lacks [Alias('FullName', 'PSPath')]")
    return problems


def string_table():
    text = read(os.path.join(MODULE, "en-US", NAME + ".strings.psd1"))
    m = re.search(r"ConvertFrom-StringData\s+@'\r?\n(.*?)\r?\n'@", text, re.S)
    if not m:
        return None, ["no ConvertFrom-StringData @' ... '@ block"]
    table, problems = {}, []
    for number, line in enumerate(m.group(1).splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if "=" not in line:
            problems.append("line %d is not Key = Value" % number)
            continue
        key, value = (part.strip() for part in line.split("=", 1))
        if key in table:
            problems.append("key %s twice" % key)
        table[key] = value
    return table, problems


@check("localized strings: ids present and unique, no backslashes")
def check_strings():
    table, problems = string_table()
    if table is None:
        return problems
    ids = {}
    for key, value in table.items():
        m = re.search(r"\((CR\d{4})\)$", value)
        if not m:
            problems.append("%s has no (CRnnnn) id at its end" % key)
            continue
        ids.setdefault(m.group(1), []).append(key)
        if "\\" in value:
            problems.append("%s contains a backslash (ConvertFrom-StringData escape)" % key)
    for cr_id, keys in ids.items():
        if len(keys) > 1:
            problems.append("%s used by %s" % (cr_id, ", ".join(keys)))
    return problems


@check("every $script:localizedData.X exists, and every string is used")
def check_string_use():
    table, problems = string_table()
    if table is None:
        return problems
    used = set()
    for path in all_script_files():
        used.update(re.findall(r"\$script:localizedData\.(\w+)", read(path), re.I))
    for key in sorted(used - set(table)):
        problems.append("$script:localizedData.%s is not in the strings file" % key)
    for key in sorted(set(table) - used):
        problems.append("string %s is never used" % key)
    return problems


@check("format file: well-formed, consistent, selects emitted types only")
def check_format():
    path = os.path.join(MODULE, NAME + ".format.ps1xml")
    try:
        tree = ET.parse(path)
    except ET.ParseError as e:
        return ["not well-formed XML: %s" % e]
    problems = []
    emitted = emitted_type_names()
    selected = set()
    for view in tree.getroot().iter("View"):
        name = view.findtext("Name")
        for type_name in view.iter("TypeName"):
            selected.add(type_name.text)
            if type_name.text not in emitted:
                problems.append("view %s selects %s, which the code never emits" % (name, type_name.text))
        table = view.find("TableControl")
        if table is not None:
            headers = len(table.findall("./TableHeaders/TableColumnHeader"))
            for entry in table.iter("TableRowEntry"):
                items = len(entry.findall("./TableColumnItems/TableColumnItem"))
                if headers and items != headers:
                    problems.append("view %s: %d headers but %d column items" % (name, headers, items))
    for fn in public_functions():
        output_types = ""
        if fn.cmdletbinding is not None:
            for m in re.finditer(r"\[OutputType\(([^)]*)\)\]", fn.code_with_strings):
                output_types += m.group(1)
        for type_name in re.findall(r"'(ConnReset\.\w+)'", output_types):
            if type_name not in selected:
                problems.append("%s outputs %s, which has no view" % (fn.name, type_name))
    return problems


@check("error ids used in code are documented in about_ConnReset")
def check_error_ids():
    about = read(os.path.join(MODULE, "en-US", "about_%s.help.txt" % NAME))
    used = set()
    for path in all_script_files():
        used.update(re.findall(r"'(ConnReset\.[A-Z]\w+)'", read(path)))
    used -= emitted_type_names()
    used -= {"ConnReset.Interop"}
    problems = []
    for error_id in sorted(used):
        if error_id not in about:
            problems.append("%s is not in about_ConnReset.help.txt" % error_id)
    return problems


@check("module files are ASCII (Windows PowerShell 5.1 reads BOM-less files as ANSI)")
def check_ascii():
    problems = []
    for dirpath, _, files in os.walk(MODULE):
        if os.path.basename(dirpath) == "bin":
            continue
        for f in files:
            if f.endswith((".ps1", ".psm1", ".psd1", ".ps1xml", ".txt")):
                data = open(os.path.join(dirpath, f), "rb").read()
                bad = [i for i, b in enumerate(data) if b > 0x7E or (b < 0x20 and b not in (9, 10, 13))]
                if bad:
                    problems.append("%s: non-ASCII byte at offset %d" % (os.path.relpath(os.path.join(dirpath, f), MODULE), bad[0]))
    return problems


PS7_ONLY = [
    (r"\?\?=?", "null-coalescing ?? (PowerShell 7)"),
    (r"\?\.", "null-conditional ?. (PowerShell 7)"),
    (r"\$\w+\s+\?\s+[^:\n]+\s+:\s", "ternary ?: (PowerShell 7)"),
    (r"&&|\|\|", "pipeline chain && / || (PowerShell 7)"),
    (r"-Parallel\b", "ForEach-Object -Parallel (PowerShell 7)"),
    (r"-AsHashtable\b", "ConvertFrom-Json -AsHashtable (PowerShell 6+)"),
    (r"ConvertFrom-Json[^\n|]*-Depth\b", "ConvertFrom-Json -Depth (PowerShell 6.2+)"),
    (r"\$Is(Windows|Linux|MacOS|CoreCLR)\b", "$IsWindows and friends do not exist in 5.1"),
    (r"^\s*clean\s*\{", "clean block (PowerShell 7.3)"),
    (r"Add-Type\s+[^\n]*-(TypeDefinition|MemberDefinition)", "Add-Type compiling C# at import"),
]


@check("no PowerShell-7-only syntax, no C# compiled at import")
def check_ps51():
    problems = []
    for path in all_script_files():
        code = strip_code(read(path))
        for pattern, what in PS7_ONLY:
            for m in re.finditer(pattern, code, re.M | re.I):
                line = code.count("\n", 0, m.start()) + 1
                problems.append("%s:%d: %s" % (os.path.relpath(path, MODULE), line, what))
        first_statement = re.search(r"^\s*[^\s]", code, re.M)
        for m in re.finditer(r"^\s*using\s+namespace\b", code, re.M | re.I):
            if first_statement and m.start() > first_statement.start():
                problems.append("%s: 'using namespace' after other statements" % os.path.relpath(path, MODULE))
    return problems


@check("every public function has a Pester test file")
def check_tests_exist(fn):
    tests = os.path.join(ROOT, "tests", "pester", fn.name + ".Tests.ps1")
    if not os.path.isfile(tests):
        return ["no tests/pester/%s.Tests.ps1" % fn.name]
    if not re.search(r"Describe\s+'" + re.escape(fn.name) + "'", read(tests)):
        return ["tests/pester/%s.Tests.ps1 has no Describe '%s'" % (fn.name, fn.name)]
    return []


@check("psm1 loads strings, the interop assembly and the scripts")
def check_psm1():
    # Without Import-LocalizedData and Add-Type, which would load
    # Microsoft.PowerShell.Utility on every import (tools/bench/Measure-ImportTime.ps1).
    code = strip_code(read(os.path.join(MODULE, NAME + ".psm1")), keep_strings=True)
    problems = []
    if "'ConnReset.strings.psd1'" not in code:
        problems.append("does not read ConnReset.strings.psd1")
    if not re.search(r"\[System\.Reflection\.Assembly\]::LoadFrom\(", code):
        problems.append("does not load the interop with Assembly.LoadFrom")
    if "'ConnReset.Interop.dll'" not in code:
        problems.append("does not name bin/ConnReset.Interop.dll")
    if not re.search(r"^#region Functions\r?$", read(os.path.join(MODULE, NAME + ".psm1")), re.M):
        problems.append("has no '#region Functions' for tools/stage-module.* to replace")
    for folder in ("Private", "Public"):
        if "'%s'" % folder not in code:
            problems.append("does not dot-source %s/*.ps1" % folder)
    return problems


# ---------------------------------------------------------------- DSC
# The class-based DSC resources (issue 12): defined in the root script,
# listed in DscResourcesToExport, each the twin of a manifest in dsc/ (same
# property names, keys, read-only properties and allowed values), each with
# its own Pester file.
DSC_MANIFESTS = os.path.join(ROOT, "dsc")


def dsc_classes():
    """name -> list of (attribute text, type, property name) and method names."""
    code = read(os.path.join(MODULE, NAME + ".psm1"))
    classes = {}
    for m in re.finditer(r"\[DscResource\(\)\]\s*class\s+(\w+)\s*\{(.*?)\n\}", code, re.S):
        body = m.group(2)
        props = []
        for pm in re.finditer(r"\[DscProperty\(([^)]*)\)\]\s*((?:\[[^\]]*(?:\[[^\]]*\])?[^\]]*\]\s*)*)\$(\w+)", body):
            props.append((pm.group(1), pm.group(2), pm.group(3)))
        methods = re.findall(r"^\s*\[[\w.\[\]]+\]\s+(\w+)\(\)", body, re.M)
        classes[m.group(1)] = (props, methods)
    return classes


@check("DSC resources: exported, twins of their manifests, tested")
def check_dsc_resources():
    import json
    problems = []
    classes = dsc_classes()
    exported = flat(manifest_list(manifest_text(), "DscResourcesToExport") or [])
    if sorted(exported) != sorted(classes):
        problems.append("DscResourcesToExport %s differs from the [DscResource()] classes %s"
                        % (sorted(exported), sorted(classes)))
    for cls, (props, methods) in sorted(classes.items()):
        if sorted(methods) != ["Get", "Set", "Test"]:
            problems.append("%s: methods %s, want Get, Set, Test" % (cls, methods))
        path = os.path.join(DSC_MANIFESTS, "ConnReset.%s.dsc.resource.json" % cls[len(NAME):])
        if not os.path.isfile(path):
            problems.append("%s: no manifest %s" % (cls, os.path.relpath(path, ROOT)))
            continue
        schema = json.load(open(path, encoding="utf-8"))["schema"]["embedded"]
        want = {k: v for k, v in schema["properties"].items() if not k.startswith("_")}
        have = {name: (attr, types) for attr, types, name in props}
        if sorted(want) != sorted(have):
            problems.append("%s: properties %s, its manifest has %s" % (cls, sorted(have), sorted(want)))
            continue
        for name, spec in want.items():
            attr, types = have[name]
            key = "Key" in attr
            if key != (name in schema.get("required", [])):
                problems.append("%s.%s: Key in one and not the other" % (cls, name))
            if ("NotConfigurable" in attr) != bool(spec.get("readOnly")):
                problems.append("%s.%s: NotConfigurable must match readOnly" % (cls, name))
            enum = [v for v in spec.get("enum", []) if v is not None]
            vs = re.search(r"ValidateSet\(([^)]*)\)", types)
            got = re.findall(r"'([^']*)'", vs.group(1)) if vs else []
            if enum and not spec.get("readOnly") and got != enum:
                problems.append("%s.%s: ValidateSet %s, the schema says %s" % (cls, name, got, enum))
        if "[ConnResetReason[]]" not in have["Reasons"][1]:
            problems.append("%s.Reasons is not [ConnResetReason[]]" % cls)
        tests = os.path.join(ROOT, "tests", "pester", cls + ".Tests.ps1")
        if not os.path.isfile(tests) or not re.search(r"Describe\s+'" + cls + "'", read(tests)):
            problems.append("%s: no tests/pester/%s.Tests.ps1 with Describe '%s'" % (cls, cls, cls))
    return problems


def main():
    if not os.path.isdir(MODULE):
        print("module_qa: no module at %s" % MODULE)
        print("0 passed, 1 failed")
        return 1
    check_manifest_keys()
    check_exports()
    publics = public_functions()
    for fn in publics:
        check_one_function(fn)
        check_help(fn)
        check_attributes(fn)
        check_verb(fn)
        check_should_process(fn)
        check_pipeline_path(fn)
        check_pipeline_pair(fn)
        check_tests_exist(fn)
    for fn in private_functions():
        check_one_function(fn)
        check_private(fn)
    check_change_helper()
    check_set_syn()
    check_restore()
    check_schannel_changes()
    check_change_targets()
    check_strings()
    check_string_use()
    check_format()
    check_error_ids()
    check_ascii()
    check_ps51()
    check_psm1()
    check_dsc_resources()

    passed = failed = 0
    for name, problems in results:
        if problems:
            failed += 1
            print("FAIL  %s" % name)
            for p in problems:
                print("        - %s" % p)
        else:
            passed += 1
            print("ok    %s" % name)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
