#!/usr/bin/env python3
"""gen_gpo_settings.py JSON OUTPUT.c

Writes the C table declared in native/src/gpo/settings.h
(cr_gpo_policy_table[], cr_gpo_policy_table_count, cr_gpo_profile_table[],
cr_gpo_profile_table_count) from
admx/policy-settings.json, the one table behind admx/ConnReset.admx and
admx/en-US/ConnReset.adml (tools/gen_admx.py reads the same file through
load() below). Python 3 standard library only. The build runs it
(CMakeLists.txt); any error in the table stops the build with
"JSON: <where>: <what>".

Checks: unique policy, category, supportedOn, profile and element names;
names that are ADMX itemNames ([letters digits _]); every category,
parentCategory and supportedOn reference defined; keys HKLM-relative
(no hive); REG_DWORD data within 0..0xFFFFFFFF and REG_SZ data within the
schema's 255 characters for <string> values; decimal min <= default <= max;
the cipher-suite order (value Functions) at most 1,023 characters, without
any DHE, 3DES, RC4 or NULL suite; profiles naming only known policies, with
a decimal inside the documented range for decimal policies and a known
item for enum policies.

Element kinds and the C table:
  none     CR_GPO_ELEMENT_NONE, the policy's enabledList / disabledList.
  decimal  CR_GPO_ELEMENT_DECIMAL: one REG_DWORD, valueName, min, max.
  enum     CR_GPO_ELEMENT_ENUM: items with fixed writes.
  text     A REG_SZ whose vetted content is the ADML text box default (the
           schema caps <string> values at 255 characters, so a 1,023
           character cipher-suite order cannot be an enum item). In C it is
           CR_GPO_ELEMENT_NONE whose enabled list starts with that REG_SZ
           (exactly what the policy writes when it is enabled with its
           default text) and whose `value` is the element's valueName, so
           that Disabled can delete it ("**del.Functions") as the Group
           Policy client does for an element's value.
"""
import json
import os
import re
import sys

ITEM_NAME = re.compile(r"^[A-Za-z0-9_]+$")
REG_TYPES = {"REG_DWORD": "CR_REG_DWORD", "REG_SZ": "CR_REG_SZ"}
SCHEMA_STRING_MAX = 255   # PolicyDefinitions.xsd: Value/string maxLength
FUNCTIONS_MAX = 1023      # manage-tls.md; TextElement maxLength default
HIVES = ("HKEY_", "HKLM", "HKCU", "HKU\\", "HKCR")


class TableError(Exception):
    pass


def banned_suite(name):
    """A suite the vetted orders must not contain: DHE key exchange, 3DES,
    RC4 or a NULL cipher (family DHE and weak suites)."""
    n = name.strip().upper()
    return ("_DHE_" in n or n.startswith("TLS_DHE") or "3DES" in n or
            "RC4" in n or "_NULL_" in n or n.endswith("_NULL") or
            n.startswith("SSL_CK_"))


def check_functions(where, text):
    if len(text) > FUNCTIONS_MAX:
        raise TableError("%s: Functions is %d characters, more than %d"
                         % (where, len(text), FUNCTIONS_MAX))
    names = text.split(",")
    for n in names:
        if not re.match(r"^TLS_[A-Z0-9_]+$", n):
            raise TableError("%s: Functions entry %r is not a suite name "
                             "(comma-separated, no spaces)" % (where, n))
        if banned_suite(n):
            raise TableError("%s: Functions contains %s (DHE, 3DES, RC4 and "
                             "NULL suites are not allowed)" % (where, n))
    if len(set(names)) != len(names):
        raise TableError("%s: Functions names a suite twice" % where)


def check_write(where, w):
    for f in ("key", "value", "type", "data"):
        if f not in w:
            raise TableError("%s: write lacks %r" % (where, f))
    check_key(where, w["key"])
    if w["type"] not in REG_TYPES:
        raise TableError("%s: type %r (REG_DWORD or REG_SZ)" % (where, w["type"]))
    if w["type"] == "REG_DWORD":
        d = w["data"]
        if not isinstance(d, int) or isinstance(d, bool) or not 0 <= d <= 0xFFFFFFFF:
            raise TableError("%s: REG_DWORD data %r out of 0..4294967295" % (where, d))
    else:
        if not isinstance(w["data"], str):
            raise TableError("%s: REG_SZ data must be a string" % where)
        if len(w["data"]) > SCHEMA_STRING_MAX:
            raise TableError("%s: REG_SZ data of %d characters; ADMX <string> "
                             "values hold %d at most (use a text element)"
                             % (where, len(w["data"]), SCHEMA_STRING_MAX))
        if w["value"] == "Functions":
            check_functions(where, w["data"])


def check_key(where, key):
    if not isinstance(key, str) or not key:
        raise TableError("%s: empty key" % where)
    if key.upper().startswith(HIVES) or key.startswith("\\") or key.endswith("\\"):
        raise TableError("%s: key %r must be HKLM-relative, without hive or "
                         "leading/trailing backslash" % (where, key))


def unique(where, names):
    seen = set()
    for n in names:
        if n in seen:
            raise TableError("%s: duplicate name %r" % (where, n))
        seen.add(n)


def validate(t):
    for f in ("target", "supportedOn", "categories", "policies", "profiles"):
        if f not in t:
            raise TableError("top level: missing %r" % f)
    sup = [s["name"] for s in t["supportedOn"]]
    cats = [c["name"] for c in t["categories"]]
    pols = [p["name"] for p in t["policies"]]
    unique("supportedOn", sup)
    unique("categories", cats)
    unique("policies", pols)
    unique("profiles", [p["name"] for p in t["profiles"]])
    for n in sup + cats + pols:
        if not ITEM_NAME.match(n):
            raise TableError("name %r is not an ADMX itemName" % n)
    for c in t["categories"]:
        if c.get("parent") is not None and c["parent"] not in cats:
            raise TableError("category %s: unknown parent %r" % (c["name"], c["parent"]))
    for p in t["policies"]:
        where = "policy %s" % p["name"]
        for f in ("category", "supportedOn", "display", "explain", "key",
                  "element", "enabledList", "disabledList", "source"):
            if f not in p:
                raise TableError("%s: missing %r" % (where, f))
        if p["category"] not in cats:
            raise TableError("%s: unknown category %r" % (where, p["category"]))
        if p["supportedOn"] not in sup:
            raise TableError("%s: unknown supportedOn %r" % (where, p["supportedOn"]))
        if not p["source"].strip():
            raise TableError("%s: no source" % where)
        check_key(where, p["key"])
        e = p["element"]
        kind = e.get("kind")
        if kind not in ("none", "decimal", "enum", "text"):
            raise TableError("%s: element kind %r" % (where, kind))
        if kind == "none":
            if p.get("valueName"):
                raise TableError("%s: a policy without element has no valueName" % where)
            if not p["enabledList"] and not p["disabledList"]:
                raise TableError("%s: no element and no lists: writes nothing" % where)
        else:
            if not p.get("valueName") or not e.get("id") or not ITEM_NAME.match(e["id"]):
                raise TableError("%s: element needs an id and the policy a valueName" % where)
            if not e.get("label"):
                raise TableError("%s: element needs a label" % where)
        if kind == "decimal":
            lo, hi, d = e.get("min"), e.get("max"), e.get("default")
            for v in (lo, hi, d):
                if not isinstance(v, int) or not 0 <= v <= 0xFFFFFFFF:
                    raise TableError("%s: decimal min/max/default %r" % (where, v))
            if not lo <= d <= hi:
                raise TableError("%s: default %d outside %d..%d" % (where, d, lo, hi))
        if kind == "text":
            ml = e.get("maxLength")
            if not isinstance(ml, int) or not 1 <= ml <= FUNCTIONS_MAX:
                raise TableError("%s: text maxLength %r" % (where, ml))
            if len(e.get("default", "")) > ml:
                raise TableError("%s: default text of %d characters, more than "
                                 "maxLength %d" % (where, len(e["default"]), ml))
            if p["valueName"] == "Functions":
                check_functions(where, e["default"])
        if kind == "enum":
            items = e.get("items") or []
            if not items:
                raise TableError("%s: enum without items" % where)
            unique(where + " items", [i["id"] for i in items])
            for i in items:
                if not ITEM_NAME.match(i["id"]) or not i.get("label"):
                    raise TableError("%s: item %r needs an itemName id and a label" % (where, i.get("id")))
                if not i.get("writes"):
                    raise TableError("%s: item %s writes nothing" % (where, i["id"]))
                for k, w in enumerate(i["writes"]):
                    check_write("%s item %s write %d" % (where, i["id"], k), w)
        for lst in ("enabledList", "disabledList"):
            for k, w in enumerate(p[lst]):
                check_write("%s %s[%d]" % (where, lst, k), w)
    byname = {p["name"]: p for p in t["policies"]}
    for prof in t["profiles"]:
        where = "profile %s" % prof["name"]
        if not prof.get("description") or not prof.get("settings"):
            raise TableError("%s: needs a description and settings" % where)
        unique(where, [s["policy"] for s in prof["settings"]])
        for s in prof["settings"]:
            p = byname.get(s["policy"])
            if p is None:
                raise TableError("%s: unknown policy %r" % (where, s["policy"]))
            if not isinstance(s.get("enabled"), bool):
                raise TableError("%s: %s: enabled must be true or false" % (where, s["policy"]))
            kind = p["element"]["kind"]
            if kind == "decimal" and s["enabled"]:
                d = s.get("decimal")
                e = p["element"]
                if not isinstance(d, int) or isinstance(d, bool):
                    raise TableError("%s: %s needs a decimal" % (where, s["policy"]))
                if not e["min"] <= d <= e["max"]:
                    raise TableError("%s: %s = %d outside the documented range %d..%d"
                                     % (where, s["policy"], d, e["min"], e["max"]))
            elif "decimal" in s:
                raise TableError("%s: %s is not an enabled decimal policy" % (where, s["policy"]))
            if kind == "enum" and s["enabled"]:
                if s.get("item") not in [i["id"] for i in p["element"]["items"]]:
                    raise TableError("%s: %s: unknown item %r" % (where, s["policy"], s.get("item")))
            elif "item" in s:
                raise TableError("%s: %s is not an enabled enum policy" % (where, s["policy"]))
            if not s["enabled"] and kind == "none" and not p["disabledList"]:
                raise TableError("%s: %s has no disabled state to set" % (where, s["policy"]))
    return t


def load(path):
    """The table, validated; raises TableError or ValueError."""
    with open(path, encoding="utf-8") as f:
        t = json.load(f)
    return validate(t)


def c_str(s):
    if s is None:
        return "NULL"
    out = []
    for ch in s.encode("utf-8"):
        c = chr(ch)
        if c in "\\\"":
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif 32 <= ch < 127 and c != "?":
            out.append(c)
        else:
            out.append("\\%03o" % ch)
    return '"' + "".join(out) + '"'


def c_writes(lines, sym, writes):
    if not writes:
        return "NULL", 0
    lines.append("static const cr_gpo_write %s[] = {" % sym)
    for w in writes:
        if w["type"] == "REG_DWORD":
            lines.append("  { %s, %s, CR_REG_DWORD, %uu, NULL }," %
                         (c_str(w["key"]), c_str(w["value"]), w["data"]))
        else:
            lines.append("  { %s, %s, CR_REG_SZ, 0u,\n    %s }," %
                         (c_str(w["key"]), c_str(w["value"]), c_str(w["data"])))
    lines.append("};")
    return sym, len(writes)


def effective_enabled(p):
    """The enabled writes in C terms: a text element becomes a fixed REG_SZ."""
    e = p["element"]
    lst = list(p["enabledList"])
    if e["kind"] == "text":
        lst.insert(0, {"key": p["key"], "value": p["valueName"],
                       "type": "REG_SZ", "data": e["default"]})
    return lst


def generate(t, src_name):
    L = ["/* Generated by tools/gen_gpo_settings.py from %s. Do not edit. */"
         % src_name,
         "#include \"gpo/settings.h\"", "", "#include <connreset.h>", ""]
    kinds = {"none": "CR_GPO_ELEMENT_NONE", "decimal": "CR_GPO_ELEMENT_DECIMAL",
             "enum": "CR_GPO_ELEMENT_ENUM", "text": "CR_GPO_ELEMENT_NONE"}
    rows = []
    for n, p in enumerate(t["policies"]):
        e = p["element"]
        en = c_writes(L, "p%d_enabled" % n, effective_enabled(p))
        dis = c_writes(L, "p%d_disabled" % n, p["disabledList"])
        items = ("NULL", 0)
        if e["kind"] == "enum":
            syms = []
            for k, i in enumerate(e["items"]):
                syms.append((i, c_writes(L, "p%d_i%d" % (n, k), i["writes"])))
            L.append("static const cr_gpo_enum_item p%d_items[] = {" % n)
            for i, (sym, cnt) in syms:
                L.append("  { %s, %s, %s, %d }," % (c_str(i["id"]), c_str(i["label"]), sym, cnt))
            L.append("};")
            items = ("p%d_items" % n, len(e["items"]))
        value = p.get("valueName") if e["kind"] != "none" else None
        lo = e.get("min", 0) if e["kind"] == "decimal" else 0
        hi = e.get("max", 0) if e["kind"] == "decimal" else 0
        rows.append("  { %s, %s, %s,\n    %s,\n    %s, %s, %s, %uu, %uu,\n"
                    "    %s, %d, %s, %d, %s, %d,\n    %s }," %
                    (c_str(p["name"]), c_str(p["category"]), c_str(p["supportedOn"]),
                     c_str(p["display"]), c_str(p["key"]), c_str(value),
                     kinds[e["kind"]], lo, hi, items[0], items[1],
                     en[0], en[1], dis[0], dis[1], c_str(p["source"])))
    L.append("")
    L.append("const cr_gpo_policy cr_gpo_policy_table[] = {")
    L.extend(rows)
    L.append("};")
    L.append("const size_t cr_gpo_policy_table_count =\n"
             "  sizeof cr_gpo_policy_table / sizeof cr_gpo_policy_table[0];")
    L.append("")
    prow = []
    for n, prof in enumerate(t["profiles"]):
        L.append("static const cr_gpo_profile_setting prof%d[] = {" % n)
        for s in prof["settings"]:
            L.append("  { %s, %d, %uu, %s }," % (c_str(s["policy"]), 1 if s["enabled"] else 0,
                                                s.get("decimal", 0), c_str(s.get("item"))))
        L.append("};")
        prow.append("  { %s,\n    %s,\n    prof%d, %d }," % (c_str(prof["name"]),
                    c_str(prof["description"]), n, len(prof["settings"])))
    L.append("")
    L.append("const cr_gpo_profile cr_gpo_profile_table[] = {")
    L.extend(prow)
    L.append("};")
    L.append("const size_t cr_gpo_profile_table_count =\n"
             "  sizeof cr_gpo_profile_table / sizeof cr_gpo_profile_table[0];")
    return "\n".join(L) + "\n"


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: gen_gpo_settings.py JSON OUTPUT.c\n")
        return 2
    try:
        t = load(argv[1])
    except (TableError, ValueError, KeyError, TypeError) as e:
        sys.stderr.write("%s: %s\n" % (argv[1], e))
        return 1
    text = generate(t, "admx/policy-settings.json")
    tmp = argv[2] + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
