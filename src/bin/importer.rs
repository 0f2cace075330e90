//! The import worker's entry point: registers the worker that reads files (fetched on demand).

#[cfg(target_arch = "wasm32")]
fn main() {
    shoplab::web::start_importer();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Shoplab's import worker runs in the browser: `bash tools/serve.sh` builds it (see README.md).");
}
