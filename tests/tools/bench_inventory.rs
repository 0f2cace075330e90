//! Inventory benchmark (not a test): the policy search for every SKU of the demo store
//! (`demo::generate(demo::DEFAULT_SEED)`), natively, with the default search settings (18 (s, Q)
//! grid points × 200 replications × 365 days per SKU), against a reference measured in the same
//! run: one plain pass over the orders summing units per SKU. Median of 5 (search) and 21
//! (reference). `cargo run --profile importer --example bench_inventory`.

use std::time::Instant;

use shoplab::engine::demo;
use shoplab::engine::ingest::ImportOptions;
use shoplab::engine::sim::inventory::demand::{demand, Defaults};
use shoplab::engine::sim::inventory::search::{catalogue, sku_settings, SearchSettings};
use shoplab::engine::sim::inventory::simulate::draws;
use shoplab::engine::workspace::{Request, Workspace};

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    // `-- PATH` imports an orders file (as the data page does) instead of the demo store.
    let store = demo::generate(demo::DEFAULT_SEED);
    let mut workspace = Workspace::default();
    let dataset = match std::env::args().nth(1) {
        Some(path) => {
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
            workspace.handle(Request::Import {
                id: 1,
                file_name: path.clone(),
                bytes,
                options: ImportOptions::default(),
            });
            workspace.dataset()
        }
        None => &store.dataset,
    };
    let orders = &dataset.orders;

    // Reference: one pass over the order lines, units per SKU id.
    let reference = median(
        (0..21)
            .map(|_| {
                let t = Instant::now();
                let mut units = vec![0.0f64; orders.skus.len()];
                for line in orders.iter() {
                    if line.is_valid() {
                        if let Some(u) = units.get_mut(line.sku as usize) {
                            *u += line.quantity;
                        }
                    }
                }
                assert!(std::hint::black_box(units).iter().sum::<f64>() > 0.0);
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect(),
    );

    let defaults = Defaults::default();
    let demand_ms = median(
        (0..5)
            .map(|_| {
                let t = Instant::now();
                let skus = demand(dataset, &defaults);
                assert!(!skus.is_empty());
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect(),
    );
    let skus = demand(dataset, &defaults);
    let settings = SearchSettings::default();
    let mut last = None;
    let search_ms = median(
        (0..5)
            .map(|_| {
                let t = Instant::now();
                let c = catalogue(&skus, &settings);
                let ms = t.elapsed().as_secs_f64() * 1e3;
                last = Some(c);
                ms
            })
            .collect(),
    );
    // Of which: drawing the random numbers (demand and lead times) of every SKU.
    let draws_ms = median(
        (0..5)
            .map(|_| {
                let t = Instant::now();
                let n: usize = skus
                    .iter()
                    .map(|s| draws(s, &sku_settings(s, &settings)).demand.len())
                    .sum();
                assert!(n > 0);
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect(),
    );
    let exhaustive = SearchSettings {
        screen: false,
        ..settings.clone()
    };
    let mut full = None;
    let exhaustive_ms = median(
        (0..3)
            .map(|_| {
                let t = Instant::now();
                full = Some(catalogue(&skus, &exhaustive));
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect(),
    );
    let (Some(c), Some(full)) = (last, full) else {
        return;
    };
    let same = c
        .rows
        .iter()
        .zip(&full.rows)
        .filter(|(a, b)| a.policy == b.policy)
        .count();
    let met = c.rows.iter().filter(|r| r.meets_target).count();
    let full: usize = skus
        .iter()
        .map(|s| {
            shoplab::engine::sim::inventory::search::search_sku(s, &settings)
                .candidates
                .iter()
                .filter(|c| c.replications == settings.sim.replications)
                .count()
        })
        .sum();
    println!(
        "{}: {} order lines, {} SKUs, {} replications × {} days",
        if std::env::args().nth(1).is_some() {
            "file"
        } else {
            "demo store"
        },
        orders.len(),
        skus.len(),
        settings.sim.replications,
        settings.sim.days
    );
    println!("reference (one pass over the orders): {reference:.2} ms");
    println!(
        "daily demand per SKU: {demand_ms:.2} ms ({:.1}× reference)",
        demand_ms / reference
    );
    println!(
        "policy search, whole catalogue: {search_ms:.1} ms ({:.0}× reference, {:.2} ms per SKU)",
        search_ms / reference,
        search_ms / skus.len().max(1) as f64
    );
    println!("  of which drawing demand and lead times: {draws_ms:.1} ms");
    println!(
        "  grid points run on every replication after screening: {:.1} per SKU",
        full as f64 / skus.len().max(1) as f64
    );
    println!(
        "exhaustive search (every grid point on every replication): {exhaustive_ms:.1} ms \
         ({:.2}× the screened search); same policy chosen for {same}/{} SKUs",
        exhaustive_ms / search_ms,
        c.rows.len()
    );
    println!(
        "{met}/{} SKUs meet the {:.0} % fill-rate target; cash tied up {:.0}; {} at risk, {} overstocked",
        c.rows.len(),
        settings.target_fill_rate * 100.0,
        c.cash_tied_up,
        c.at_risk.len(),
        c.overstocked.len()
    );
}
