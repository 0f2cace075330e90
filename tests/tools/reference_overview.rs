//! Prints, as JSON, the engine's overview of the demo store computed natively, with the
//! dataset's fingerprint and size. The end-to-end test compares every figure the browser shows
//! against this output; `cargo run --example reference_overview -- SEED` picks another seed.

use shoplab::engine::{demo, export, kpi};

fn main() {
    let seed = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(demo::DEFAULT_SEED);
    let store = demo::generate(seed);
    let dataset = &store.dataset;
    let report = serde_json::json!({
        "seed": seed,
        "fingerprint": export::fingerprint(dataset).unwrap_or_default(),
        "order_lines": dataset.orders.len(),
        "traffic_rows": dataset.traffic.len(),
        "marketing_rows": dataset.marketing.len(),
        "inventory_rows": dataset.inventory.len(),
        "overview": kpi::overview(dataset),
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&report).unwrap_or_default()
    );
}
