#!/usr/bin/env bash
# Installs what Maillage needs from Debian's packages when it is missing: GSL (libgsl-dev),
# pkg-config, which SwiftPM uses to find it, GLPK (libglpk-dev: its header for the build, its
# library for exact placements), SQLite (libsqlite3-dev, for the web application's store) and zlib
# (zlib1g-dev, for the gzipped national files). Uses sudo when not run as root.
set -euo pipefail

need=()
pkg-config --exists gsl 2>/dev/null || need+=(libgsl-dev)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
[ -f /usr/include/glpk.h ] || need+=(libglpk-dev)
# SQLite for `maillage serve`'s results store (GRDB); its static archive for the portable release.
[ -f /usr/include/sqlite3.h ] || need+=(libsqlite3-dev)
# zlib, to read the national commune polygons as they are shipped (gzipped).
[ -f /usr/include/zlib.h ] || need+=(zlib1g-dev)
for extra in "$@"; do
    case "$extra" in
        gnuplot) command -v gnuplot >/dev/null 2>&1 || need+=(gnuplot-nox) ;;
        *) dpkg -s "$extra" >/dev/null 2>&1 || need+=("$extra") ;;
    esac
done

if [ ${#need[@]} -gt 0 ]; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
            echo "error: ${need[*]} missing and not root (and no sudo) to install it with apt-get" >&2
            exit 1
        fi
    fi
    echo "installing ${need[*]} with apt-get" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

command -v swift >/dev/null 2>&1 || { echo "error: swift is not on PATH (Swift 6.x is required)" >&2; exit 1; }
