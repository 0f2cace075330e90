//! The bare `csv` crate parse the import benchmarks compare against, in one place so that
//! `bench_csv_reference` (the reference, a program of its own) and `bench_import` (the same
//! loop inside the benchmark, printed for comparison) run the very same code.

/// Reads every record of `bytes` as a `ByteRecord` (headers on, as the engine reads them);
/// returns how many there were.
pub fn count_records(bytes: &[u8]) -> u64 {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    while reader.read_byte_record(&mut record).unwrap_or(false) {
        rows += 1;
    }
    rows
}
