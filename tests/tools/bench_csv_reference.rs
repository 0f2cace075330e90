//! The reference of the native import benchmark, in a program of its own: the bare `csv`
//! crate parse of a file (a `ByteRecord` loop), median of 7, printed in milliseconds.
//! `tests/tools/bench_import.rs` runs it. Built on its own, the csv crate's code is laid out
//! and inlined as in any program that uses it; built into the benchmark, where link-time
//! optimisation places it among the engine's code, the same loop took 44 ms instead of 35 on
//! the same machine, which made the ratio look better than it is.

#[path = "bare_csv.rs"]
mod bare_csv;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: bench_csv_reference FILE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let mut times = Vec::new();
    for _ in 0..7 {
        let t = std::time::Instant::now();
        let rows = bare_csv::count_records(&bytes);
        times.push(t.elapsed().as_secs_f64() * 1e3);
        if rows == 0 {
            eprintln!("{path}: no records");
            std::process::exit(1);
        }
    }
    times.sort_by(f64::total_cmp);
    println!("{:.3}", times[times.len() / 2]);
}
