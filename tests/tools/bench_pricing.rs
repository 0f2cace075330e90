//! Pricing benchmark (not a test): the elasticity of every SKU (and category) of an orders file,
//! natively, median of 7 runs, against a reference measured in the same run — one plain pass
//! over the order lines summing valid revenue per SKU id — as a ratio. The browser goal is
//! under 200 ms for every StockCode of UCI Online Retail.
//! `cargo run --profile importer --example bench_pricing -- FILE` (a .csv, e.g. the
//! `target/online_retail.csv` that `tools/test.sh` unpacks).

use std::time::Instant;

use shoplab::engine::ingest::{import, ImportOptions, ImportedTable};
use shoplab::engine::sim::pricing::elasticity::{elasticities, Options, Verdict};
use shoplab::engine::tables::Dataset;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: bench_pricing FILE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(2)
    });
    let name = path.clone();
    let dataset = match import(&name, &bytes, &ImportOptions::default()).map(|i| i.table) {
        Ok(ImportedTable::Orders { orders, products }) => Dataset {
            orders,
            products,
            ..Dataset::default()
        },
        other => {
            eprintln!("not an orders file: {other:?}");
            std::process::exit(2);
        }
    };
    let orders = &dataset.orders;
    let options = Options::default();

    let mut reference = Vec::new();
    let mut check = 0.0;
    for _ in 0..7 {
        let start = Instant::now();
        let mut revenue = vec![0.0f64; orders.skus.len()];
        for line in orders.iter() {
            if line.is_valid() {
                revenue[line.sku as usize] += line.value();
            }
        }
        reference.push(start.elapsed().as_secs_f64() * 1e3);
        check += revenue.iter().sum::<f64>();
    }
    let mut times = Vec::new();
    let mut model = None;
    for _ in 0..7 {
        let start = Instant::now();
        let m = elasticities(&dataset, &options);
        times.push(start.elapsed().as_secs_f64() * 1e3);
        model = Some(m);
    }
    let Some(model) = model else { return };
    // The whole model the page asks the worker for: the elasticities, the promotions' basket
    // baseline, the RFM segments for member prices and the product names.
    let mut whole = Vec::new();
    for _ in 0..7 {
        let start = Instant::now();
        let m = shoplab::engine::sim::pricing::model(&dataset);
        whole.push(start.elapsed().as_secs_f64() * 1e3);
        assert!(m.is_some(), "a pricing model");
    }
    let whole = median(whole);
    let (reference, time) = (median(reference), median(times));
    let count = |v: Verdict| model.skus.iter().filter(|e| e.verdict == v).count();
    println!(
        "pricing: {} lines, {} SKUs, {} week effects (checksum {:.0})",
        orders.len(),
        model.skus.len(),
        model.week_effects.len(),
        check / 7.0
    );
    println!(
        "verdicts: ok {}, too few weeks {}, barely varied {}, volume pricing {}, implausible sign {}, uncertain {}",
        count(Verdict::Ok),
        count(Verdict::TooFewWeeks),
        count(Verdict::PricesBarelyVaried),
        count(Verdict::VolumePricing),
        count(Verdict::ImplausibleSign),
        count(Verdict::Uncertain)
    );
    println!(
        "elasticity of every SKU: {time:.1} ms; reference pass (revenue per SKU): {reference:.2} ms; ratio {:.1}",
        time / reference
    );
    println!(
        "whole pricing model (elasticities, promotions' baseline, RFM segments): {whole:.1} ms; ratio {:.1}",
        whole / reference
    );
}
