#!/usr/bin/env bash
# Profile (not a test): the engine's import of FILE as WebAssembly in V8 (Node), warm runs,
# with the self time of each function. Finds what slows the browser's import worker down
# that native perf does not show (see ARCHITECTURE.md, "Import speed in WebAssembly").
#   bash tools/profile_import_wasm.sh target/online_retail.csv
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
file=$(realpath "${1:?usage: profile_import_wasm.sh FILE}")
cargo build -j2 -q --profile importer --target wasm32-unknown-unknown --example import_wasm_probe
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
node --cpu-prof --cpu-prof-dir="$out" --cpu-prof-interval 200 tools/profile_import_wasm.mjs \
  target/wasm32-unknown-unknown/importer/examples/import_wasm_probe.wasm "$file"
node tools/profile_import_wasm.mjs --report "$out"/*.cpuprofile
