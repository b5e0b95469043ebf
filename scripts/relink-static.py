#!/usr/bin/env python3
"""Links the `maillage` executable of an existing release build again, with the Swift runtime,
Foundation, GSL, SQLite and zlib linked statically (the portable release), from that build's
objects: no compilation. Used by `make dist` when MAILLAGE_DIST_OBJECTS names a build folder
(CI passes the test build's).

usage: relink-static.py SCRATCH OUTPUT STATIC_GSL_LIB STATIC_ARCHIVES

SCRATCH is the build's scratch path (.build-test); its llbuild manifest (release.yaml) holds
the link command SwiftPM ran. The command is run again with: GSL's dynamic library folder
replaced by STATIC_GSL_LIB (holding only libgsl.a and libgslcblas.a), STATIC_ARCHIVES
(libsqlite3.a, libz.a) searched first, no run path, -static-stdlib, and the Foundation archives
that a build compiled for the static runtime would have named itself (its objects' autolink
entries name the shared libraries' dependencies only).
"""
import json
import re
import os
import subprocess
import sys

FOUNDATION_ARCHIVES = ["-lFoundation", "-lFoundationInternationalization", "-lFoundationEssentials", "-lCoreFoundation",
                       "-l_FoundationCollections", "-l_FoundationCShims", "-l_FoundationICU", "-lstdc++"]


def link_command(manifest):
    """The args of the command that links the maillage executable, from the llbuild manifest."""
    with open(manifest, encoding="utf-8") as f:
        lines = f.read().splitlines()
    for k, line in enumerate(lines):
        stripped = line.strip()
        # The executable named maillage exactly (not maillage-bench): its target triple follows.
        if re.fullmatch(r'"C\.maillage-(x86_64|aarch64)-[^"]*-release\.exe":', stripped):
            for follow in lines[k + 1:k + 12]:
                follow = follow.strip()
                if follow.startswith("args: "):
                    return json.loads(follow[len("args: "):])
    sys.exit(f"relink: no link command for the maillage executable in {manifest} (build the release first)")


def main():
    if len(sys.argv) != 5:
        sys.exit("usage: relink-static.py SCRATCH OUTPUT STATIC_GSL_LIB STATIC_ARCHIVES")
    scratch, output, gsl_lib, archives = sys.argv[1:]
    args = link_command(os.path.join(scratch, "release.yaml"))
    relinked = []
    skip = False
    for k, a in enumerate(args):
        if skip:
            skip = False
            continue
        if a == "-o":
            relinked += ["-o", output]
            skip = True
        elif a.startswith("-L") and os.path.isfile(os.path.join(a[2:], "libgsl.so")):
            relinked.append("-L" + gsl_lib)
        elif a == "-Xlinker" and k + 1 < len(args) and args[k + 1].startswith("-rpath"):
            skip = True
        elif a in ("-enable-testing", "-g"):
            continue
        else:
            relinked.append(a)
    relinked[1:1] = ["-L" + archives, "-static-stdlib"]
    relinked += FOUNDATION_ARCHIVES
    subprocess.run(relinked, check=True)


if __name__ == "__main__":
    main()
