#!/usr/bin/env bash
# Sets up whatever is missing, then runs every test: formatting and lints, native tests, tests
# in headless Chromium (wasm-bindgen-test) and end-to-end tests of the built app
# (playwright-core). Exits non-zero on the first failure.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash tools/setup.sh
export PATH="$HOME/.cargo/bin:$root/tools/node_modules/.bin:$PATH"
step() { printf '\n\033[1m[test] %s\033[0m\n' "$*"; }

step "format and lints (host and wasm)"
cargo fmt --check
cargo clippy -j2 --all-targets -- -D warnings
cargo clippy -j2 --target wasm32-unknown-unknown --all-targets -- -D warnings

step "native tests"
cargo test -j2

step "reference numbers, computed natively"
cargo run -j2 -q --example reference_overview > target/reference_overview.json
# The real UCI Online Retail export, unpacked for the end-to-end upload, and its numbers.
gunzip -c ../shared/data/online-retail/online_retail.csv.gz > target/online_retail.csv
# The same export ten times under one name (480 MB), for the large-import end-to-end tests.
for _ in 1 2 3 4 5 6 7 8 9 10; do cat target/online_retail.csv; done > target/online_retail_x10.csv
cargo run -j2 -q --release --example reference_overview -- --file target/online_retail.csv > target/reference_online_retail.json
step "the README's DuckDB pre-aggregation, imported, against the order lines"
python3 tests/tools/check_readme_aggregation.py
SHOPLAB_NATIVE_FINGERPRINT=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).fingerprint)' target/reference_overview.json)
export SHOPLAB_NATIVE_FINGERPRINT
SHOPLAB_NATIVE_INVENTORY_FINGERPRINT=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).inventory_fingerprint)' target/reference_overview.json)
export SHOPLAB_NATIVE_INVENTORY_FINGERPRINT

step "browser tests (wasm-bindgen-test in headless Chromium)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
CHROMEDRIVER=/usr/bin/chromedriver \
WASM_BINDGEN_TEST_WEBDRIVER_JSON="$root/tools/webdriver.json" \
  cargo test -j2 --target wasm32-unknown-unknown --test browser

step "release build"
trunk build --release

step "end-to-end tests (playwright-core driving Chromium; screenshots in tests/e2e/screenshots/)"
node --test --test-concurrency=1 tests/e2e/
