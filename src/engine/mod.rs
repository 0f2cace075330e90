//! The engine: bytes and parameters in, numbers out.
//!
//! Architecture invariant: nothing here knows of the browser. No yew, web-sys, js-sys, gloo or
//! wasm-bindgen (`tests/engine_is_pure.rs` fails if one is named), and no I/O: callers pass
//! bytes and parameters. So `cargo test` on the host checks every number the app shows.

pub mod demo;
pub mod export;
pub mod ingest;
pub mod kpi;
pub mod pack;
pub mod random;
pub mod report;
pub mod sim;
pub mod tables;
pub mod timeline;
pub mod workspace;

use serde::{Deserialize, Serialize};

/// What the app shows of a loaded dataset: its name, currency, and the overview page's numbers.
/// Computed where the data lives (the worker) and sent to the page, which only draws it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DatasetView {
    /// Name shown in the header.
    pub name: tables::LocalText,
    /// ISO 4217 currency code of the money figures.
    pub currency: String,
    /// The overview page; `None` when the dataset has no order lines.
    pub overview: Option<kpi::Overview>,
    /// Where each table (orders, traffic, marketing, inventory) came from, and its rows.
    pub tables: Vec<(tables::TableSource, u64)>,
    /// The periods the review can cover; `None` without order lines.
    pub periods: Option<report::PeriodOptions>,
}

impl DatasetView {
    /// Summarises a dataset for the page.
    pub fn of(dataset: &tables::Dataset) -> Self {
        Self {
            name: dataset.name.clone(),
            currency: dataset.currency.clone(),
            overview: kpi::overview(dataset),
            periods: report::PeriodOptions::of(dataset),
            tables: vec![
                (dataset.sources[0].clone(), dataset.orders.len() as u64),
                (dataset.sources[1].clone(), dataset.traffic.len() as u64),
                (dataset.sources[2].clone(), dataset.marketing.len() as u64),
                (dataset.sources[3].clone(), dataset.inventory.len() as u64),
            ],
        }
    }
}
