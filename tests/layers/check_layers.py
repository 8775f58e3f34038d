#!/usr/bin/env python3
"""check_layers.py ROOT [--self-test]: the library's floors, from the
#include lines of native/src. A lower floor never includes a higher one and
two modules of one floor never include each other (GUIDE.md, "House
style"); issue 13 point 7 broke the match <-> Group Policy circle this way.

Floors, low to high (a directory may include its own floor and below):
  core, knowledge, x509, win32          the snapshot, data, decoders
  checks, tls, certs, sql               the checks and the match
  gpo                                   Group Policy: names fixes' policies
  api, whatif, fleet, dsc               entry points composing the above

What is checked is the upper part, where issue 13 drew the lines: nothing
below `gpo` includes it or anything above it, `gpo` includes nothing of
tls/ (the match) or above, and the top floor's modules do not include
each other (except the what-if, which runs on the fleet's classes); the
core includes nothing but itself. Other edges between the two lowest floors
are not checked yet: tls/, certs/ and sql/ include headers of checks/
(regpaths.h, report.h, os.h) that are vocabulary shared by both floors.
"""
import os
import re
import sys

FLOOR = {
    "core": 0, "knowledge": 0, "x509": 0, "win32": 0, "wire": 0,
    "checks": 1, "tls": 1, "certs": 1, "sql": 1,
    "gpo": 2,
    "api": 3, "whatif": 3, "fleet": 3, "dsc": 3,
}
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
    for where, a, b in found:
        if a == b:
            continue
        if a not in FLOOR:
            out.append("%s: directory %s has no floor: add it to FLOOR in "
                       "tests/layers/check_layers.py" % (where, a))
            continue
        fa, fb = FLOOR[a], FLOOR[b]
        if a == "core":
            # The core is the ground floor: it includes only itself (issue
            # 11 point 6; this was tests/layering.sh).
            out.append("%s: the core includes %s; the core includes nothing "
                       "above it" % (where, b))
            continue
        if fa < 2 and fb < 2:
            continue
        if fb > fa:
            out.append("%s: %s (floor %d) includes %s (floor %d), a higher floor"
                       % (where, a, fa, b, fb))
        elif (a, b) in FORBIDDEN:
            out.append("%s: %s includes %s; pass data instead" % (where, a, b))
        elif fa == fb == 3 and (a, b) not in TOP_ALLOWED:
            out.append("%s: %s and %s are modules of the top floor and must "
                       "not include each other" % (where, a, b))
    return out


def main():
    root = sys.argv[1]
    if "--self-test" in sys.argv[2:]:
        bad = [("native/src/tls/match.c", "tls", "gpo"),
               ("native/src/gpo/gpo.c", "gpo", "tls"),
               ("native/src/gpo/gpo.c", "gpo", "whatif"),
               ("native/src/fleet/judge.c", "fleet", "whatif"),
               ("native/src/checks/report.c", "checks", "api"),
               ("native/src/core/snapshot.c", "core", "gpo"),
               ("native/src/core/snapshot.c", "core", "checks"),
               ("native/src/core/snapshot.c", "core", "knowledge")]
        for e in bad:
            if not problems([e]):
                print("self-test: %s -> %s was not caught" % (e[1], e[2]))
                return 1
        if problems([("native/src/fleet/judge.c", "fleet", "tls"),
                     ("native/src/whatif/whatif.c", "whatif", "fleet"),
                     ("native/src/gpo/gpo.c", "gpo", "checks")]):
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
