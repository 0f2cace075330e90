"""Checks the README's advice for order histories too large for one machine: runs its DuckDB
query, as written there, on the real UCI Online Retail file, imports the day x SKU result with
the engine (the `reference_overview` example, as the data page would), and compares the last
full month's GMV, returns, net sales and units with the import of the order lines themselves
(target/reference_online_retail.json, written by tools/test.sh just before).

Run by tools/test.sh; needs the duckdb Python package (tools/setup.sh installs it)."""
import json
import pathlib
import re
import subprocess
import sys

import duckdb

ROOT = pathlib.Path(__file__).resolve().parents[2]
readme = (ROOT / "README.md").read_text(encoding="utf-8")
blocks = [b for b in re.findall(r"```sql\n(.*?)```", readme, re.S) if "read_csv(" in b]
if not blocks:
    sys.exit("README.md has no DuckDB query (a ```sql block with read_csv)")
source = ROOT / "target/online_retail.csv"
out = ROOT / "target/orders_by_day_and_sku.csv"
sql = blocks[0].replace("'orders_*.csv'", f"'{source}'").replace(
    "'orders_by_day_and_sku.csv'", f"'{out}'"
)
duckdb.connect().execute(sql)
rows = sum(1 for _ in out.open(encoding="utf-8")) - 1

lines = json.loads((ROOT / "target/reference_online_retail.json").read_text())["overview"]["current"]
imported = subprocess.run(
    ["cargo", "run", "-j2", "-q", "--release", "--example", "reference_overview", "--", "--file", str(out)],
    cwd=ROOT, check=True, capture_output=True, text=True,
)
aggregated = json.loads(imported.stdout)["overview"]["current"]

failures = []
for key in ["gmv", "returns_value", "net_sales", "units"]:
    a, b = aggregated[key], lines[key]
    ok = abs(a - b) <= 1e-9 * max(1.0, abs(b))
    print(f"  {key:14} order lines {b:16.2f}   day x SKU {a:16.2f}   {'ok' if ok else 'DIFFERENT'}")
    if not ok:
        failures.append(key)
if not aggregated["needs_order_lines"]:
    failures.append("needs_order_lines")
print(f"README's DuckDB query: {rows} day x SKU rows from 541,909 order lines")
if failures:
    sys.exit(f"the aggregated import differs from the order lines in: {', '.join(failures)}")
