//! Checks shared by the native tests and the browser tests (`tests/browser.rs`), so that the
//! same property is asserted of the code as compiled for each.

pub mod splitter;
