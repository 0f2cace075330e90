//! Review benchmark (not a test): the time to recompute the whole operations review of the UCI
//! Online Retail file after a period change, natively, median of 7 per period. Run by
//! tools/bench.sh with the `importer` profile (the worker that holds imported data is built
//! with it). `cargo run --profile importer --example bench_report -- FILE`.

use std::time::Instant;

use shoplab::engine::ingest::{import, ImportOptions, ImportedTable};
use shoplab::engine::kpi::YearMonth;
use shoplab::engine::report::{report, Comparison, PeriodChoice, ReportRequest};
use shoplab::engine::tables::Dataset;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: bench_report FILE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let dataset = match import(&path, &bytes, &ImportOptions::default()).map(|i| i.table) {
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
    println!(
        "native review of {} order lines, median of 7:",
        dataset.orders.len()
    );
    for (label, period) in [
        ("year 2011", PeriodChoice::Year(2011)),
        (
            "quarter 2011 Q4",
            PeriodChoice::Quarter {
                year: 2011,
                quarter: 4,
            },
        ),
        (
            "month Nov 2011",
            PeriodChoice::Month(YearMonth {
                year: 2011,
                month: 11,
            }),
        ),
    ] {
        let request = ReportRequest {
            period,
            comparison: Comparison::PreviousPeriod,
            slow_mover_days: 30,
            granularity: None,
            gross_margin: None,
        };
        let times: Vec<f64> = (0..7)
            .map(|_| {
                let t = Instant::now();
                let r = report(&dataset, &request);
                assert!(r.is_some());
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        println!(
            "  {label:16} {:7.1} ms   (goal of issue #4: under 100 ms in the browser)",
            median(times)
        );
    }
}
