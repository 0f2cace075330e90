//! Warming the import code up before the first file arrives.
//!
//! A browser runs WebAssembly from a quick baseline compile first (V8's Liftoff) and switches a
//! function to optimised code (TurboFan) only once it has run for a while, and only from its
//! next call: a running call is never switched (there is no on-stack replacement for
//! WebAssembly). A file's first slices were therefore parsed by the baseline code, 2–2.5× slower
//! than the later ones (Online Retail, 4 MiB slices: 31, 27 and 19 ms, then 12–14 ms each).
//! The import worker runs [`warm_up`] when it starts, which the data page triggers before
//! anyone picks a file: a small orders export of its own goes through the whole streaming
//! import (encoding detection, record splitting, the header, typing every cell, the date order
//! decided at the end), so the functions a real file needs are optimised by the time it comes.
//! The result is thrown away.

use std::fmt::Write;

use super::{ImportOptions, Importer};

/// Rows of the warm-up export: past the 1 MiB the encoding is detected from and the 1,000 rows
/// buffered before the header is decided, so the streaming path runs too.
const ROWS: u32 = 16_000;
/// The pieces the export is fed in: many calls, so every function is called again once it has
/// been optimised (what a file's 4 MiB slices do).
const PIECE: usize = 32 << 10;

/// The warm-up export: order lines with the fields most exports have (order id, a date with
/// slashes whose day/month order is decided at the end, SKU, name, quantity, price, customer,
/// country), a quoted name with a comma on every seventh line (the `csv-core` path), a
/// cancellation on every fiftieth, and a blank customer on every ninth.
pub fn warm_up_text() -> String {
    let mut text = String::with_capacity(ROWS as usize * 80);
    text.push_str("Order ID,Order Date,SKU,Product Name,Quantity,Unit Price,Customer ID,Country\n");
    for i in 0..ROWS {
        let order = 100_000 + i / 3;
        let (day, month, hour) = (1 + i % 28, 1 + (i / 28) % 12, 8 + i % 12);
        let sku = 20_000 + (i * 7919) % 1_500;
        let cancelled = if i % 50 == 0 { "C" } else { "" };
        let quantity = if cancelled.is_empty() {
            1 + (i % 12) as i64
        } else {
            -1
        };
        let price = 0.5 + f64::from((i * 37) % 2_000) / 100.0;
        let customer = if i % 9 == 0 {
            None
        } else {
            Some(12_000 + (i * 31) % 4_000)
        };
        let country = ["United Kingdom", "France", "Germany", "中国"][(i % 4) as usize];
        // Written into the text directly: no string per line (this runs at the worker's start).
        let _ = write!(
            text,
            "{cancelled}{order},{day}/{month}/2024 {hour}:{:02},{sku},",
            i % 60
        );
        let _ = if i % 7 == 0 {
            write!(text, "\"Mug, set of {}\"", 2 + i % 4)
        } else {
            write!(text, "Product {sku}")
        };
        let _ = write!(text, ",{quantity},{price:.2},");
        if let Some(c) = customer {
            let _ = write!(text, "{c}");
        }
        let _ = writeln!(text, ",{country}");
    }
    text
}

/// Imports [`warm_up_text`] in pieces and throws the result away; returns how many rows the
/// import used (all of them; `tests/import_orders.rs` checks it, so a change to the import that
/// would skip them, and so warm a different path, is seen).
pub fn warm_up() -> u64 {
    let text = warm_up_text();
    let mut importer =
        Importer::new("warm-up.csv", ImportOptions::default()).with_size_hint(text.len() as u64);
    for piece in text.as_bytes().chunks(PIECE) {
        importer.feed(piece);
    }
    importer
        .finish()
        .map_or(0, |imported| imported.report.rows_used)
}
