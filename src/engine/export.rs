//! CSV export of the tables and the dataset's fingerprint.
//!
//! The fingerprint is the SHA-256 of the four tables written as CSV; two datasets with the same
//! fingerprint are byte-identical, which is how the browser test proves that the demo store
//! generated in wasm equals the native one.

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::tables::Dataset;

/// Writes rows as CSV with a header row. Numbers are written in their shortest round-trip form.
pub fn to_csv<T: Serialize>(rows: &[T]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.serialize(row)?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// SHA-256, in hex, of the orders, traffic, marketing and inventory tables written as CSV.
pub fn fingerprint(dataset: &Dataset) -> Result<String, csv::Error> {
    let mut hasher = Sha256::new();
    let products: Vec<_> = dataset
        .products
        .iter()
        .map(|p| {
            (
                &p.sku,
                &p.name.en,
                &p.name.zh,
                &p.category.en,
                &p.category.zh,
            )
        })
        .collect();
    hasher.update(to_csv(&products)?);
    let order_rows: Vec<_> = dataset
        .orders
        .lines()
        .map(|l| {
            (
                l.order_id,
                l.placed_at,
                l.customer_id,
                l.sku,
                l.quantity,
                l.unit_price,
                l.status,
                l.channel,
                l.region,
            )
        })
        .collect();
    hasher.update(to_csv(&order_rows)?);
    hasher.update(to_csv(&dataset.traffic)?);
    hasher.update(to_csv(&dataset.marketing)?);
    hasher.update(to_csv(&dataset.inventory)?);
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}
