#!/usr/bin/env python3
"""check_layers.py ROOT [--self-test]: the library's floors, from the
#include lines of native/src. A lower floor never includes a higher one and
two modules of one floor never include each other (GUIDE.md, "House
style"); issue 13 point 7 broke the match <-> Group Policy circle this way.

Floors, low to high (a directory may include its own floor and below):
  core                                  the snapshot, the change engine
  knowledge, report, x509, wire         data with sources (registry paths,
                                        OS identity, defaults), the finding
                                        vocabulary, decoders
  tls, certs, sql, win32                each area's model and plans (win32:
                                        the backends of their tables)
  checks                                the checks, composing the areas
  gpo                                   Group Policy: names fixes' policies
  api, whatif, fleet, dsc               entry points composing the above

Every include is checked: nothing includes a higher floor; the core
includes nothing but itself; two modules of one floor never include each
other both ways (one way is a dependency, both ways a circle: pass data
instead); the top floor's modules include none of each other (except the
what-if, which runs on the fleet's classes); and gpo never includes tls/
(the match), the circle issue 13 broke.
"""
import os
import re
import sys

FLOOR = {
    "core": 0,
    "knowledge": 1, "report": 1, "x509": 1, "wire": 1,
    "tls": 2, "certs": 2, "sql": 2, "win32": 2,
    "checks": 3,
    "gpo": 4,
    "api": 5, "whatif": 5, "fleet": 5, "dsc": 5,
}
TOP = max(FLOOR.values())
# Same-floor edges that are forbidden outright.
FORBIDDEN = {("gpo", "tls")}
# Same-floor edges allowed on the top floor.
TOP_ALLOWED = {("whatif", "fleet")}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def edges(root):
    src = os.path.join(root, "native", "src")
    for d in sorted(os.listdir(src)):
        full = os.path.join(src, d)
        if not os.path.isdir(full):
            continue
        for name in sorted(os.listdir(full)):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(full, name)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            for inc in INCLUDE.findall(text):
                parts = os.path.normpath(os.path.join(d, inc)).split(os.sep)
                if len(parts) >= 2 and parts[0] in FLOOR:
                    yield "native/src/%s/%s" % (d, name), d, parts[0]


def problems(found):
    out = []
    pairs = {(a, b) for _, a, b in found if a != b}
    for where, a, b in found:
        if a == b:
            continue
        if a not in FLOOR:
            out.append("%s: directory %s has no floor: add it to FLOOR in "
                       "tests/layers/check_layers.py" % (where, a))
            continue
        if b not in FLOOR:
            out.append("%s: directory %s has no floor: add it to FLOOR in "
                       "tests/layers/check_layers.py" % (where, b))
            continue
        fa, fb = FLOOR[a], FLOOR[b]
        if a == "core":
            # The core is the ground floor: it includes only itself (issue
            # 11 point 6; this was tests/layering.sh).
            out.append("%s: the core includes %s; the core includes nothing "
                       "above it" % (where, b))
        elif fb > fa:
            out.append("%s: %s (floor %d) includes %s (floor %d), a higher floor"
                       % (where, a, fa, b, fb))
        elif (a, b) in FORBIDDEN:
            out.append("%s: %s includes %s; pass data instead" % (where, a, b))
        elif fa == fb == TOP and (a, b) not in TOP_ALLOWED:
            out.append("%s: %s and %s are modules of the top floor and must "
                       "not include each other" % (where, a, b))
        elif fa == fb and (b, a) in pairs:
            out.append("%s: %s and %s (floor %d) include each other; one of "
                       "them must not (pass data instead, or move the shared "
                       "header down)" % (where, a, b, fa))
    return out


def main():
    root = sys.argv[1]
    if "--self-test" in sys.argv[2:]:
        bad = [("native/src/tls/match.c", "tls", "gpo"),
               ("native/src/gpo/gpo.c", "gpo", "tls"),
               ("native/src/gpo/gpo.c", "gpo", "whatif"),
               ("native/src/fleet/judge.c", "fleet", "whatif"),
               ("native/src/report/report.c", "checks", "api"),
               ("native/src/core/snapshot.c", "core", "gpo"),
               ("native/src/core/snapshot.c", "core", "checks"),
               ("native/src/core/snapshot.c", "core", "knowledge"),
               # the lower floors (the cycles this file used to let by)
               ("native/src/tls/match.c", "tls", "checks"),
               ("native/src/certs/weak.c", "certs", "checks"),
               ("native/src/sql/sqlserver.c", "sql", "checks"),
               ("native/src/knowledge/tls_defaults.h", "knowledge", "checks"),
               ("native/src/knowledge/os.c", "knowledge", "tls"),
               ("native/src/report/report.h", "report", "certs"),
               ("native/src/x509/x509.c", "x509", "sql"),
               ("native/src/wire/tls.c", "wire", "win32"),
               ("native/src/nowhere/x.c", "nowhere", "core"),
               ("native/src/core/x.c", "core", "nowhere")]
        for e in bad:
            if not problems([e]):
                print("self-test: %s -> %s was not caught" % (e[1], e[2]))
                return 1
        # one floor, both ways: a circle, caught on each side
        circle = [("native/src/certs/weak.c", "certs", "sql"),
                  ("native/src/sql/sqlserver.c", "sql", "certs")]
        if len(problems(circle)) != 2:
            print("self-test: certs <-> sql was not caught both ways")
            return 1
        if len(problems([("native/src/knowledge/os.h", "knowledge", "report"),
                         ("native/src/report/report.h", "report", "knowledge")])) != 2:
            print("self-test: knowledge <-> report was not caught both ways")
            return 1
        if problems([("native/src/fleet/judge.c", "fleet", "tls"),
                     ("native/src/whatif/whatif.c", "whatif", "fleet"),
                     ("native/src/gpo/gpo.c", "gpo", "checks"),
                     ("native/src/checks/check_tls.c", "checks", "tls"),
                     ("native/src/tls/model.h", "tls", "knowledge"),
                     ("native/src/tls/model.h", "tls", "certs"),
                     ("native/src/certs/weak.c", "certs", "sql"),
                     ("native/src/report/report.h", "report", "knowledge"),
                     ("native/src/win32/certstore_crypt32.c", "win32", "certs"),
                     ("native/src/knowledge/os.c", "knowledge", "core")]):
            print("self-test: an allowed edge was refused")
            return 1
        print("check_layers self-test: ok")
        return 0
    found = list(edges(root))
    bad = problems(found)
    for p in bad:
        print(p)
    if not found:
        print("no includes found under %s/native/src" % root)
        return 1
    print("check_layers: %d cross-directory includes, %d problems"
          % (sum(1 for _, a, b in found if a != b), len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
