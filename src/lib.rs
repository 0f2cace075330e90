//! Shoplab: an e-commerce operations lab that runs entirely in the browser.
//!
//! The layers, in the order data flows:
//! - [`engine`]: pure Rust, bytes and parameters in, numbers out (no browser crates, no I/O);
//! - [`i18n`]: the bilingual message catalogue and number/date formatting (pure, host-tested);
//! - [`charts`]: plotters drawing code, generic over the `DrawingBackend`;
//! - `web` (wasm only): the Yew app, the worker and everything that touches the browser.
//!
//! See `ARCHITECTURE.md` for the map and its invariants.
#![deny(missing_docs)]

pub mod charts;
pub mod engine;
pub mod i18n;
#[cfg(target_arch = "wasm32")]
pub mod web;
