#!/usr/bin/env python3
"""Splits the generator's largest files by declaration, so that no Swift file passes 500 lines:
the members of one container (`enum Operations`, `enum Components.Schemas`, the server's
`extension UniversalServer`) go, a few at a time, into extensions of that container in files
named FILE+PartN.swift; the container stays, empty, in FILE. Only the layout changes (and the
server's handlers lose `fileprivate`, which one file would need). Called by generate-api.sh.
Usage: split.py FOLDER"""
import os
import re
import sys

LIMIT = 450
folder = sys.argv[1]
# file, the container's opening line, the extension's header, the members' indentation
plans = [
    ("GeneratedTypes+Operations.swift", "internal enum Operations {", "extension Operations {", "    "),
    ("GeneratedTypes+Components+Schemas.swift", "    internal enum Schemas {", "extension Components.Schemas {", "        "),
    ("GeneratedServer.swift", "fileprivate extension UniversalServer where APIHandler: APIProtocol {",
     "extension UniversalServer where APIHandler: APIProtocol {", "    "),
]
for name, opening, header, indent in plans:
    path = os.path.join(folder, name)
    lines = open(path, encoding="utf-8").read().split("\n")
    start = lines.index(opening)
    outer = re.match(r"\s*", opening).group(0)
    end = next(i for i in range(start + 1, len(lines)) if lines[i] == outer + "}")
    body = lines[start + 1:end]
    # Members: each runs to the line that closes it at the members' indentation.
    members, current = [], []
    for line in body:
        current.append(line)
        if line == indent + "}":
            members.append(current)
            current = []
    if any(l.strip() for l in current):
        sys.exit(f"split.py: {name}: text after the last member of {opening.strip()}")
    imports = [l for l in lines[:start] if l.startswith(("import ", "@_spi", "//"))]
    dedent = len(indent) - 4
    parts, chunk = [], []
    for member in members:
        if chunk and sum(map(len, chunk)) + len(member) > LIMIT:
            parts.append(chunk)
            chunk = []
        chunk.append(member)
    if chunk:
        parts.append(chunk)
    for k, chunk in enumerate(parts, 1):
        text = [l[dedent:] if l.startswith(" " * dedent) else l for member in chunk for l in member]
        out = imports + [header] + text + ["}", ""]
        open(os.path.join(folder, name.replace(".swift", f"+Part{k}.swift")), "w", encoding="utf-8").write("\n".join(out))
    kept = lines[:start + 1] + lines[end:]
    if name == "GeneratedServer.swift":
        kept = lines[:start] + lines[end + 1:]  # the extension's members all moved out
    open(path, "w", encoding="utf-8").write("\n".join(kept))
