//! Native import benchmark (not a test): the engine's import of a real export against the bare
//! `csv` crate parse of the same bytes, measured in the same run, median of 5.
//! `cargo run --release --example bench_import -- FILE` (tools/bench.sh passes the unpacked
//! UCI Online Retail file).

use std::time::Instant;

use shoplab::engine::ingest::{import_orders, ImportOptions};

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: bench_import FILE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let mb = bytes.len() as f64 / 1e6;
    let (mut bare, mut engine) = (Vec::new(), Vec::new());
    let mut rows = 0u64;
    for _ in 0..5 {
        let t = Instant::now();
        let mut reader = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
        let mut record = csv::ByteRecord::new();
        let mut n = 0u64;
        while reader.read_byte_record(&mut record).unwrap_or(false) {
            n += 1;
        }
        bare.push(t.elapsed().as_secs_f64() * 1e3);
        rows = n;

        let t = Instant::now();
        let imported = import_orders(&path, &bytes, &ImportOptions::default());
        engine.push(t.elapsed().as_secs_f64() * 1e3);
        assert!(imported.is_ok(), "import failed");
    }
    let (b, e) = (median(bare), median(engine));
    println!("native, {mb:.1} MB, {rows} rows, median of 5:");
    println!(
        "  bare csv crate parse (ByteRecord loop): {b:8.1} ms  {:7.0} MB/s",
        mb / b * 1e3
    );
    println!(
        "  engine import (typed orders + report):  {e:8.1} ms  {:7.0} MB/s",
        mb / e * 1e3
    );
    println!(
        "  ratio engine / bare parse: {:.1}x   (goal of issue #3: at most 2x)",
        e / b
    );
}
