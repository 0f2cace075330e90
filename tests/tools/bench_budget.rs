//! Budget benchmark (not a test): the fit of the marketing-mix sheet's channels including the
//! bootstrap, the demo store's fit to its platforms' attribution and to its revenue only, and
//! one optimization of ten channels, natively, median of 5 / 101 runs. Run by
//! tools/bench.sh: `cargo run --profile importer --example bench_budget -- FILE`.

use std::time::Instant;

use shoplab::engine::demo;
use shoplab::engine::ingest::{import, ImportOptions, ImportedTable};
use shoplab::engine::random::Rand;
use shoplab::engine::sim::budget::curve::ResponseCurve;
use shoplab::engine::sim::budget::fit::FitOptions;
use shoplab::engine::sim::budget::optimize::{optimize, Bounds, ChannelInput, Objective};
use shoplab::engine::sim::budget::{data, model_of};
use shoplab::engine::tables::Dataset;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: bench_budget FILE");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(2)
    });
    let dataset = match import(&path, &bytes, &ImportOptions::default()).map(|i| i.table) {
        Ok(ImportedTable::Marketing { rows, revenue }) => Dataset {
            marketing: rows,
            period_revenue: revenue,
            ..Dataset::default()
        },
        other => {
            eprintln!("not a marketing sheet: {other:?}");
            std::process::exit(2)
        }
    };
    let Some(series) = data::budget_data(&dataset) else {
        eprintln!("no spend and revenue series");
        std::process::exit(2)
    };
    let options = FitOptions::default();
    let fits: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let m = model_of(&series, &options);
            assert!(!m.fit.channels.is_empty());
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    // The demo store: every channel fitted to its platform's attribution, or to the revenue.
    let store = demo::generate(demo::DEFAULT_SEED);
    let Some(demo_series) = data::budget_data(&store.dataset) else {
        eprintln!("the demo store has no spend and revenue series");
        std::process::exit(2)
    };
    let time_demo = |use_attribution: bool| -> f64 {
        let options = FitOptions {
            use_attribution,
            ..FitOptions::default()
        };
        median(
            (0..5)
                .map(|_| {
                    let t = Instant::now();
                    let m = model_of(&demo_series, &options);
                    assert_eq!(m.fit.attribution_check.is_some(), use_attribution);
                    t.elapsed().as_secs_f64() * 1e3
                })
                .collect(),
        )
    };
    let (demo_attributed, demo_revenue) = (time_demo(true), time_demo(false));
    // Ten channels with seeded random curves: S-shaped and concave.
    let mut rng = Rand::new(10);
    let channels: Vec<ChannelInput> = (0..10)
        .map(|i| {
            let current = rng.between(500.0, 5_000.0);
            ChannelInput {
                channel: format!("c{i}"),
                curve: ResponseCurve {
                    theta: rng.between(0.0, 0.7),
                    alpha: rng.between(0.7, 2.8),
                    kappa: current * rng.between(0.5, 3.0),
                    beta: current * rng.between(2.0, 8.0),
                },
                current,
                bounds: Bounds {
                    min: current * 0.5,
                    max: current * 2.0,
                },
                locked: false,
            }
        })
        .collect();
    let budget: f64 = channels.iter().map(|c| c.current).sum::<f64>() * 1.1;
    let opts: Vec<f64> = (0..101)
        .map(|_| {
            let t = Instant::now();
            let a = optimize(&channels, &Objective::MaxRevenue { budget });
            assert!(a.total_spend > 0.0);
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    println!(
        "native budget simulator ({} channels × {} periods):",
        series.channels.len(),
        series.revenue.len()
    );
    println!(
        "  fit with {} bootstrap resamples: {:7.1} ms   (goal of issue #5: under 300 ms in the browser)",
        options.bootstrap,
        median(fits)
    );
    println!(
        "  demo store ({} channels × {} periods): fitted to the platforms' attribution {:7.1} ms, to the revenue only {:7.1} ms (ratio {:.2})",
        demo_series.channels.len(),
        demo_series.revenue.len(),
        demo_attributed,
        demo_revenue,
        demo_attributed / demo_revenue
    );
    println!(
        "  one optimization of 10 channels: {:7.3} ms   (goal of issue #5: under 20 ms in the browser)",
        median(opts)
    );
}
