//! The engine's import as a bare WebAssembly module, for profiling it in V8 without a browser
//! (`bash tools/profile_import_wasm.sh FILE`): the same code and the same `importer` profile
//! as the browser's import worker, with two exports, `alloc` and `import_rows`, and no
//! JavaScript glue. Node's `--cpu-prof` then names every Rust function, which showed what
//! native perf cannot: functions LLVM inlines natively but calls in WebAssembly, and `memcmp`
//! calls that natively are a few loads (ARCHITECTURE.md, "Import speed in WebAssembly").
//! Built natively too (by `cargo test` and clippy), where it is a library nobody calls.

use shoplab::engine::ingest::{ImportOptions, Importer};

/// Room for `len` bytes in the module's memory, for the caller to copy a file into.
#[no_mangle]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    let mut bytes = Vec::<u8>::with_capacity(len);
    let at = bytes.as_mut_ptr();
    std::mem::forget(bytes);
    at
}

/// Imports the `len` bytes at `at` (written there after [`alloc`]) in 4 MiB slices, as the
/// import worker does; returns the rows used.
///
/// # Safety
/// `at..at + len` must be memory from [`alloc`], written.
#[no_mangle]
pub unsafe extern "C" fn import_rows(at: *const u8, len: usize) -> u64 {
    // SAFETY: the caller passes memory `alloc` gave and wrote (see above).
    let bytes = unsafe { std::slice::from_raw_parts(at, len) };
    let mut importer =
        Importer::new("probe.csv", ImportOptions::default()).with_size_hint(len as u64);
    for slice in bytes.chunks(4 << 20) {
        importer.feed(slice);
    }
    importer
        .finish()
        .map_or(0, |imported| imported.report.rows_used)
}
