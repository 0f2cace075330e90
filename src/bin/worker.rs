//! The worker's entry point: registers the Shoplab worker in its global scope.

#[cfg(target_arch = "wasm32")]
fn main() {
    shoplab::web::start_worker();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "Shoplab's worker runs in the browser: `bash tools/serve.sh` builds it (see README.md)."
    );
}
