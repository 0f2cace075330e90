//! Native saved-work benchmark (not a test), issue 9: on the Online Retail export, the time to
//! write and read the workspace kept in the browser (bincode) and the course pack file
//! (gzip JSON), and to load a pack into a workspace, each against the import of the same CSV
//! measured in the same run. `cargo run --profile importer --example bench_pack -- FILE.csv`

use std::time::Instant;

use shoplab::engine::ingest::{self, ImportOptions};
use shoplab::engine::pack;
use shoplab::engine::workspace::{Request, Workspace};

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    (median(times), last.expect("at least one run"))
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/online_retail.csv".to_owned());
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let (import_ms, imported) = time(3, || {
        ingest::import("online_retail.csv", &bytes, &ImportOptions::default())
    });
    let mut ws = Workspace::default();
    ws.add(1, "online_retail.csv", imported);
    let saved = ws.to_pack();
    let (snap_write, snapshot) = time(3, || pack::to_snapshot(&saved));
    let (snap_read, _) = time(3, || pack::from_snapshot(&snapshot));
    let (file_write, file) = time(3, || pack::to_file(&saved));
    let (file_read, _) = time(3, || pack::from_file(&file));
    let (restore, _) = time(3, || {
        let mut w = Workspace::default();
        w.handle(Request::Restore {
            bytes: snapshot.clone(),
        })
    });
    let (demo, _) = time(3, || {
        shoplab::engine::demo::generate(shoplab::engine::demo::DEFAULT_SEED)
    });
    println!("saved work, natively, {path} (median of 3)");
    println!("  reference: import of the CSV        {import_ms:8.0} ms");
    println!(
        "  saved workspace: {:5.1} MB  write {snap_write:6.0} ms ({:.2}× the import), read {snap_read:6.0} ms ({:.2}×)",
        snapshot.len() as f64 / 1e6,
        snap_write / import_ms,
        snap_read / import_ms
    );
    println!(
        "  pack file:       {:5.1} MB  write {file_write:6.0} ms ({:.2}× the import), read {file_read:6.0} ms ({:.2}×)",
        file.len() as f64 / 1e6,
        file_write / import_ms,
        file_read / import_ms
    );
    println!(
        "  restore into a workspace (read + dataset + overview) {restore:6.0} ms ({:.2}× the import)",
        restore / import_ms
    );
    println!("  (for scale: generating the demo store {demo:6.0} ms)");
}
