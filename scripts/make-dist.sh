#!/usr/bin/env bash
# Builds the portable release: dist/maillage-<version>-linux-x86_64.tar.gz, holding a binary with
# the Swift standard library, GSL and SQLite linked statically (it needs only the C library, libm,
# libstdc++ and libgcc at run time), the scenarios with their data, README.md, MODEL.md and LICENSE.
# Run by `make dist`; Tests/dist/test-dist.sh checks the result.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

version=$(sed -n 's/^public let maillageVersion = "\(.*\)"$/\1/p' Sources/MaillageFoundation/Version.swift)
[ -n "$version" ] || { echo "error: cannot read maillageVersion from the sources" >&2; exit 1; }
arch=$(uname -m)
name="maillage-$version-linux-$arch"
scratch=.build-dist

# SwiftPM finds GSL through pkg-config: a description of our own points the linker at a folder
# that holds only GSL's static archives, so that -lgsl and -lgslcblas resolve to them.
gsl_lib=$(pkg-config --variable=libdir gsl 2>/dev/null || true)
for d in "$gsl_lib" /usr/lib/$arch-linux-gnu /usr/lib64 /usr/lib; do
    [ -n "$d" ] && [ -f "$d/libgsl.a" ] && [ -f "$d/libgslcblas.a" ] && { gsl_lib=$d; break; }
done
[ -f "$gsl_lib/libgsl.a" ] || { echo "error: GSL's static archives (libgsl.a, libgslcblas.a) not found; install libgsl-dev" >&2; exit 1; }
mkdir -p "$scratch/static-gsl/lib" "$scratch/static-gsl/pkgconfig"
ln -sf "$gsl_lib/libgsl.a" "$gsl_lib/libgslcblas.a" "$scratch/static-gsl/lib/"
cat > "$scratch/static-gsl/pkgconfig/gsl.pc" <<PC
libdir=$PWD/$scratch/static-gsl/lib
includedir=$(pkg-config --variable=includedir gsl 2>/dev/null || echo /usr/include)
Name: GSL
Description: GNU Scientific Library, static archives for a portable release
Version: $(pkg-config --modversion gsl)
Libs: -L\${libdir} -lgsl -lgslcblas -lm
Cflags: -I\${includedir}
PC
# SQLite (the web application's store) and zlib (the gzipped national files) the same way: a
# folder holding only their static archives, searched before the system's, so that -lsqlite3 and
# -lz resolve to libsqlite3.a and libz.a.
mkdir -p "$scratch/static-sqlite"
for lib in sqlite3:libsqlite3-dev z:zlib1g-dev; do
    archive=""
    for d in /usr/lib/$arch-linux-gnu /usr/lib64 /usr/lib; do [ -f "$d/lib${lib%%:*}.a" ] && { archive=$d/lib${lib%%:*}.a; break; }; done
    [ -n "$archive" ] || { echo "error: the static archive lib${lib%%:*}.a not found; install ${lib#*:}" >&2; exit 1; }
    ln -sf "$archive" "$scratch/static-sqlite/lib${lib%%:*}.a"
done
if [ -n "${MAILLAGE_DIST_OBJECTS:-}" ]; then
    # CI: the objects of a release build made already (the test build's, MAILLAGE_DIST_OBJECTS is
    # its scratch path) linked again, statically, instead of a second compilation (which takes
    # longer than the tests: --static-swift-stdlib changes every compile command). The link command
    # is the one SwiftPM wrote for that build, with the static runtime and archives.
    binary=$scratch/maillage-relinked
    python3 scripts/relink-static.py "$MAILLAGE_DIST_OBJECTS" "$PWD/$binary" "$PWD/$scratch/static-gsl/lib" "$PWD/$scratch/static-sqlite"
else
    # No debug information (-gnone): the binary is stripped anyway, and the build is faster without it.
    PKG_CONFIG_PATH="$PWD/$scratch/static-gsl/pkgconfig" swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product maillage -Xswiftc -gnone \
        -Xlinker -L"$PWD/$scratch/static-sqlite"
    binary=$scratch/release/maillage
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/bin"
cp "$binary" "$stage/$name/bin/maillage"
strip "$stage/$name/bin/maillage" 2>/dev/null || true
cp -r Scenarios README.md MODEL.md LICENSE "$stage/$name/"
mkdir -p dist
# Reproducible archive: sorted names, fixed owner and times.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='@0' -C "$stage" -czf "dist/$name.tar.gz" "$name"
echo "dist/$name.tar.gz"
