#!/usr/bin/env bash
# Regenerates the web API's Swift code from its description, Sources/MaillageServer/Web/openapi.json:
# the types and the server protocol (swift-openapi-generator), into Sources/MaillageServer/Generated/.
# Run it after every change of openapi.json and commit what it writes; the build itself does not
# run the generator (its plugin would compile the generator and OpenAPIKit in every fresh build,
# CI's included). A test (ServerTests, "the generated API is the description's") fails when the
# description changed since the code was generated.
#   bash scripts/generate-api.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
version=1.14.3
tool=.build-openapi/swift-openapi-generator-$version
if [ ! -x "$tool/.build/release/swift-openapi-generator" ]; then
    rm -rf "$tool"
    mkdir -p .build-openapi
    git -c advice.detachedHead=false clone -q --depth 1 -b "$version" https://github.com/apple/swift-openapi-generator "$tool"
    swift build -c release --product swift-openapi-generator --package-path "$tool"
fi
spec=Sources/MaillageServer/Web/openapi.json
out=Sources/MaillageServer/Generated
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$tool/.build/release/swift-openapi-generator" generate --config scripts/openapi/openapi-generator-config.yaml \
    --output-directory "$work" "$spec" >"$work/log" 2>&1 || { cat "$work/log" >&2; exit 1; }
rm "$work/log"
# The description's fingerprint (FNV-1a, 64 bits, as ExactText.fingerprint computes it).
fingerprint=$(python3 -c '
import sys
h = 0xcbf29ce484222325
for b in open(sys.argv[1], "rb").read():
    h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
print("%016x" % h)' "$spec")
rm -rf "$out"
mkdir -p "$out"
# Prefixed: the target has its own Server.swift.
for f in "$work"/*.swift; do cp "$f" "$out/Generated$(basename "$f")"; done
# The largest files split by declaration (no Swift file of the project passes 500 lines).
python3 scripts/openapi/split.py "$out"
cat >"$out/GeneratedAPI.swift" <<SWIFT
// Written by scripts/generate-api.sh with swift-openapi-generator $version; do not edit.

/// What the generated API code was generated from.
enum GeneratedAPI {
    /// The fingerprint of openapi.json (\`ExactText.fingerprint\`) when the code was generated.
    static let specFingerprint = "$fingerprint"
    static let generatorVersion = "$version"
}
SWIFT
echo "generated $(ls "$out" | wc -l) files in $out from $spec ($fingerprint)"
