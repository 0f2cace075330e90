#!/usr/bin/env bash
# Installs whatever this machine is missing to build, serve and test Shoplab.
# Each step is skipped when its tool is already present at the right version,
# so a second run takes seconds. Versions and the reasons for them are in
# ../shared/docs/toolchain.md (trunk 0.22 needs a newer rustc; wasm-bindgen's
# CLI must equal the crate pinned in Cargo.toml; Debian's binaryen is too old).
set -euo pipefail

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$HOME/.cargo/bin:$root/tools/node_modules/.bin:$PATH"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 7 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION" -j2
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
  # No --locked: its lock file pins a crate version the registry no longer serves.
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" -j2
fi

if [ ! -x "$root/tools/node_modules/.bin/wasm-opt" ] || [ ! -d "$root/tools/node_modules/playwright-core" ] \
  || [ ! -d "$root/tools/node_modules/udsv" ] || [ ! -d "$root/tools/node_modules/papaparse" ] \
  || [ ! -d "$root/tools/node_modules/axe-core" ]; then
  say "installing wasm-opt (binaryen), playwright-core, axe-core, uDSV and Papa Parse from npm (package-lock.json)"
  (cd "$root/tools" && npm install --no-audit --no-fund --loglevel=error)
fi

# DuckDB, to check the README's pre-aggregation query on the real data (tools/test.sh).
DUCKDB_VERSION=2.0.1
if [ "$(python3 -c 'import duckdb; print(duckdb.__version__)' 2>/dev/null || true)" != "$DUCKDB_VERSION" ]; then
  say "installing DuckDB $DUCKDB_VERSION for Python (pip)"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "duckdb==$DUCKDB_VERSION"
fi

# Chromium for the browser tests, and a CJK font so Chinese renders in headless screenshots
# (users' own systems have one; a bare Debian server does not).
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || ! fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei"; then
  say "installing Debian's chromium, chromium-driver and fonts-wqy-microhei"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null
fi

say "tools ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | awk '{print $3}'), $(/usr/bin/chromium --version 2>/dev/null)"
