//! The page's entry point: mounts the Shoplab app.

#[cfg(target_arch = "wasm32")]
fn main() {
    shoplab::web::start_app();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Shoplab runs in the browser: `bash tools/serve.sh` builds it and serves it (see README.md).");
}
