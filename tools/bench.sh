#!/usr/bin/env bash
# Benchmark (not a test): sets up, builds the release app, prints sizes and load times with
# ratios against references measured in the same run.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
bash tools/setup.sh >/dev/null
export PATH="$HOME/.cargo/bin:$root/tools/node_modules/.bin:$PATH"
trunk build --release >/dev/null 2>&1 || trunk build --release
node tools/bench.mjs
echo
mkdir -p target
[ -s target/online_retail.csv ] || gunzip -c ../shared/data/online-retail/online_retail.csv.gz > target/online_retail.csv
[ -s target/online_retail_x10.csv ] || for _ in 1 2 3 4 5 6 7 8 9 10; do cat target/online_retail.csv; done > target/online_retail_x10.csv
# The importer profile (opt-level 3) is the one the browser's import worker is built with.
cargo build -j2 -q --profile importer --example bench_csv_reference
cargo run -j2 -q --profile importer --example bench_import -- target/online_retail.csv target/importer/examples/bench_csv_reference
echo
node tools/bench_import_browser.mjs target/online_retail.csv
echo
cargo run -j2 -q --profile importer --example bench_report -- target/online_retail.csv
echo
node tools/bench_report_browser.mjs target/online_retail.csv
echo
cargo run -j2 -q --profile importer --example bench_budget -- ../shared/data/marketing-mix/robyn_simulated_weekly.csv
echo
node tools/bench_budget_browser.mjs ../shared/data/marketing-mix/robyn_simulated_weekly.csv
echo
cargo run -j2 -q --profile importer --example bench_pricing -- target/online_retail.csv
echo
node tools/bench_pricing_browser.mjs target/online_retail.csv
echo
cargo run -j2 -q --profile importer --example bench_inventory
echo
node tools/bench_inventory_browser.mjs target/online_retail.csv
echo
# The same 1,000-SKU cut (written by the browser benchmark above), natively.
cargo run -j2 -q --profile importer --example bench_inventory -- target/online_retail_1000_skus.csv
echo
node tools/bench_funnel_browser.mjs
echo
cargo run -j2 -q --profile importer --example bench_pack -- target/online_retail.csv
echo
node tools/bench_pack_browser.mjs target/online_retail.csv
