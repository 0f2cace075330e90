//! The record splitter (`engine::ingest::records`) natively, against the `csv` crate: the
//! records of random delimited text, fed whole and in random pieces, are the records the `csv`
//! crate (an independent reader of the same grammar) reads from the whole text.
//! `tests/browser.rs` asserts the same of the WebAssembly build.

mod support;

#[test]
fn the_same_records_as_the_csv_crate_on_random_text() {
    support::splitter::reads_as_the_csv_crate(support::splitter::ATOMS, 7, 400, 40, 12);
}

#[test]
fn the_same_records_as_the_csv_crate_with_long_lines_and_pieces() {
    support::splitter::reads_as_the_csv_crate(support::splitter::ATOMS, 16, 600, 60, 40);
}
