//! Prints, as JSON, the engine's overview of the demo store computed natively, with the
//! dataset's fingerprint and size. The end-to-end tests compare every figure the browser shows
//! against this output. `cargo run --example reference_overview -- SEED` picks another seed;
//! `-- --file PATH` imports an orders file instead, as the app's data page does.

use shoplab::engine::report::{self, customers::Segment, Comparison, PeriodChoice, ReportRequest};
use shoplab::engine::workspace::{Request, Response, Workspace};
use shoplab::engine::{demo, export, ingest, kpi};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut workspace = Workspace::default();
    let seed = if let Some(path) = args
        .iter()
        .position(|a| a == "--file")
        .and_then(|i| args.get(i + 1))
    {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
        let file_name = std::path::Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let response = workspace.handle(Request::Import {
            id: 1,
            file_name,
            bytes,
            options: ingest::ImportOptions::default(),
        });
        if let Response::ImportFailed { error, .. } = response {
            panic!("import failed: {error:?}");
        }
        None
    } else {
        let seed = args
            .first()
            .and_then(|s| s.parse().ok())
            .unwrap_or(demo::DEFAULT_SEED);
        workspace.handle(Request::LoadDemo { seed });
        Some(seed)
    };
    let dataset = workspace.dataset();
    // The operations review of the data's last full year (2011 for the UCI file, whose data
    // ends on 9 December 2011: the year as far as it goes), against the year before.
    let review = dataset.date_range().and_then(|(_, last)| {
        let year = chrono::Datelike::year(&last);
        let request = ReportRequest {
            period: PeriodChoice::Year(year),
            comparison: Comparison::PreviousPeriod,
            slow_mover_days: 30,
            granularity: None,
            gross_margin: None,
        };
        let r = report::report(dataset, &request)?;
        let segment = |s: Segment| {
            r.customers
                .rfm
                .segments
                .iter()
                .find(|row| row.segment == s)
                .map_or(0, |row| row.buyers)
        };
        Some(serde_json::json!({
            "year": year,
            "gmv": r.sales.current.gmv,
            "net_sales": r.sales.current.net_sales,
            "orders": r.sales.current.orders,
            "units": r.sales.current.units,
            "buyers": r.sales.current.buyers,
            "aov": r.sales.current.aov,
            "repurchase_rate": r.sales.current.repurchase_rate,
            "return_rate": r.sales.current.return_rate,
            "new_buyers": r.customers.new_buyers,
            "top1_share": r.products.top1_share,
            "charges_gmv": r.products.charges.revenue,
            "rfm_champions": segment(Segment::Champions),
            "summary": r.summary.len(),
            "slow_movers": r.products.slow_movers.len(),
            "top_returned": r.products.top_returned.len(),
        }))
    });
    let report = serde_json::json!({
        "review": review,
        "seed": seed,
        "fingerprint": export::fingerprint(dataset).unwrap_or_default(),
        "inventory_fingerprint": shoplab::engine::sim::inventory::fingerprint(dataset, 12),
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
