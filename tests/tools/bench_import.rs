//! Native import benchmark (not a test): the engine's import of a real export against the bare
//! `csv` crate parse of the same bytes, measured in the same run, median of 5.
//! `cargo run --release --example bench_import -- FILE [REFERENCE]` (tools/bench.sh passes the
//! unpacked UCI Online Retail file, and the `bench_csv_reference` program, which measures the
//! bare parse in a program of its own, before and after the engine's runs: the ratio is
//! against the mean of the two. The same loop measured here is printed too, not used: inside
//! this program link-time optimisation lays the csv crate out among the engine's code, and it
//! ran 44 ms instead of 35.)

use std::time::Instant;

#[path = "bare_csv.rs"]
mod bare_csv;

use shoplab::engine::ingest::records::Splitter;
use shoplab::engine::ingest::{ImportOptions, Importer};

/// The slice size the browser worker reads the file in (`web::worker::SLICE_BYTES`).
const SLICE: usize = 4 << 20;

/// `text` in pieces of about [`SLICE`] bytes, cut at character boundaries (the importer's
/// decoder carries a cut character to the next slice).
fn text_slices(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + SLICE).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        out.push(&text[start..end]);
        start = end;
    }
    out
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: bench_import FILE [REFERENCE]");
        std::process::exit(2);
    };
    let reference_program = std::env::args().nth(2);
    // The reference program's median, in ms (None without one, or when it fails).
    let reference = || -> Option<f64> {
        let program = reference_program.as_ref()?;
        let out = std::process::Command::new(program)
            .arg(&path)
            .output()
            .ok()?;
        String::from_utf8_lossy(&out.stdout).trim().parse().ok()
    };
    let before = reference();
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        eprintln!("{path} is not UTF-8");
        std::process::exit(2);
    };
    let mb = bytes.len() as f64 / 1e6;
    let (mut bare, mut split, mut engine) = (Vec::new(), Vec::new(), Vec::new());
    let mut rows = 0u64;
    for _ in 0..5 {
        let t = Instant::now();
        rows = bare_csv::count_records(&bytes);
        bare.push(t.elapsed().as_secs_f64() * 1e3);

        // The engine's own record splitting (csv-core, push-based, in slices), without typing.
        let t = Instant::now();
        let mut splitter = Splitter::new(b',');
        let mut m = 0u64;
        for slice in text_slices(text) {
            let _ = splitter.feed(slice, |_| m += 1);
        }
        let _ = splitter.finish(|_| m += 1);
        split.push(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(
            m,
            rows + 1,
            "the splitter and the csv crate agree (header included)"
        );

        let t = Instant::now();
        let mut importer =
            Importer::new(&path, ImportOptions::default()).with_size_hint(bytes.len() as u64);
        for slice in bytes.chunks(SLICE) {
            importer.feed(slice);
        }
        let imported = importer.finish();
        engine.push(t.elapsed().as_secs_f64() * 1e3);
        assert!(imported.is_ok(), "import failed");
    }
    let after = reference();
    let (here, p, e) = (median(bare), median(split), median(engine));
    println!("native, {mb:.1} MB, {rows} rows, median of 5:");
    let b = match (before, after) {
        (Some(x), Some(y)) => {
            let b = (x + y) / 2.0;
            println!(
                "  bare csv crate parse (its own program):     {b:8.1} ms  {:7.0} MB/s  (before {x:.1}, after {y:.1})",
                mb / b * 1e3
            );
            println!("  the same loop inside this program:          {here:8.1} ms  (not the reference: see the source)");
            b
        }
        _ => {
            println!(
                "  bare csv crate parse (ByteRecord loop):     {here:8.1} ms  {:7.0} MB/s",
                mb / here * 1e3
            );
            here
        }
    };
    println!(
        "  engine record splitting only:               {p:8.1} ms  {:7.0} MB/s",
        mb / p * 1e3
    );
    println!(
        "  engine import (typed orders + report):      {e:8.1} ms  {:7.0} MB/s",
        mb / e * 1e3
    );
    println!(
        "  ratio engine / bare parse: {:.2}x   (goal of issue #3: at most 2x)",
        e / b
    );
}
