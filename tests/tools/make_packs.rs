//! Writes the course packs shipped with the app (`engine::pack::example_packs`) into
//! `static/packs/`. `tests/pack.rs` fails when the committed files differ from what this
//! writes, so run it after changing the demo store, the budget fit or the packs:
//! `cargo run --example make_packs`.

use shoplab::engine::pack;

fn main() -> std::io::Result<()> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static/packs");
    std::fs::create_dir_all(&dir)?;
    for (name, example) in pack::example_packs() {
        let path = dir.join(name);
        std::fs::write(&path, pack::to_readable_file(&example))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
