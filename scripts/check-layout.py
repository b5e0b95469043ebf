#!/usr/bin/env python3
"""Checks the source layout CI keeps: no Swift file under Sources over 500 lines, no type body
over 450 lines, and Package.swift declaring exactly the modules each target imports (read from
`swift package dump-package`). Prints what it finds and exits 1 on a breach.
Usage: python3 scripts/check-layout.py [--no-imports]"""
import json
import os
import re
import subprocess
import sys

FILE_LIMIT, TYPE_LIMIT = 500, 450
# Modules of the toolchain and the system, which no package declares.
SYSTEM = {"Foundation", "FoundationNetworking", "FoundationEssentials", "Testing", "XCTest", "Dispatch", "Glibc", "Darwin",
          "Synchronization", "_Concurrency"}
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(root)
problems = []


def swift_files(folder):
    for base, _, names in os.walk(folder):
        for name in sorted(names):
            if name.endswith(".swift"):
                yield os.path.join(base, name)


# Sizes: files, and each type's body from its declaration to its closing brace.
declaration = re.compile(r"^(\s*)(?:public |internal |private |fileprivate |final |@\w+(?:\([^)]*\))? )*(struct|class|enum|actor|protocol) (\w+)")
largest = []
for path in swift_files("Sources"):
    lines = open(path, encoding="utf-8").read().split("\n")
    if len(lines) - 1 > FILE_LIMIT:
        problems.append(f"{path}: {len(lines) - 1} lines (limit {FILE_LIMIT}): split it by concern (Type+Concern.swift)")
    for i, line in enumerate(lines):
        m = declaration.match(line)
        if not m or not line.rstrip().endswith("{"):
            continue
        indent = m.group(1)
        for j in range(i + 1, len(lines)):
            if lines[j] == indent + "}":
                size = j - i + 1
                largest.append((size, f"{path}:{i + 1} {m.group(2)} {m.group(3)}"))
                if size > TYPE_LIMIT:
                    problems.append(f"{path}:{i + 1}: {m.group(2)} {m.group(3)} spans {size} lines (limit {TYPE_LIMIT})")
                break
largest.sort(reverse=True)
print("layout: largest types: " + ", ".join(f"{name.split(' ', 1)[1]} ({size})" for size, name in largest[:3]))

# Imports against Package.swift.
if "--no-imports" not in sys.argv:
    package = json.loads(subprocess.run(["swift", "package", "dump-package"], check=True, capture_output=True, text=True).stdout)
    # Imports stand at the start of a line (a Python script in a test's string literal is indented).
    importing = re.compile(r"^(?:@testable\s+|@_exported\s+|public\s+|package\s+|internal\s+)*import\s+(?:(?:struct|class|enum|func|protocol|typealias)\s+)?(\w+)")
    executables = {t["name"] for t in package["targets"] if t["type"] == "executable"}
    for target in package["targets"]:
        name, kind = target["name"], target["type"]
        if kind in ("system", "binary", "plugin"):
            continue
        folder = target.get("path") or os.path.join("Tests" if kind == "test" else "Sources", name)
        declared = set()
        for d in target.get("dependencies", []):
            for key in ("byName", "target", "product"):
                if key in d:
                    declared.add(d[key][0])
        imported = set()
        for path in swift_files(folder):
            for line in open(path, encoding="utf-8"):
                m = importing.match(line)
                if m and m.group(1) not in SYSTEM:
                    imported.add(m.group(1))
        # A test target may depend on an executable it runs rather than imports.
        missing, unused = sorted(imported - declared), sorted(declared - imported - (executables if kind == "test" else set()))
        # A C target's sources are not Swift: nothing to compare.
        if not any(True for _ in swift_files(folder)):
            continue
        if missing:
            problems.append(f"Package.swift: {name} imports {', '.join(missing)} without declaring it")
        if unused:
            problems.append(f"Package.swift: {name} declares {', '.join(unused)} but imports it nowhere")

for p in problems:
    print("layout: " + p, file=sys.stderr)
if problems:
    sys.exit(1)
print("layout: files within 500 lines, types within 450, Package.swift declares exactly what each target imports")
