//! The workspace kept in the browser between visits: the bytes of
//! [`crate::engine::pack::to_snapshot`] in IndexedDB (local storage holds a few megabytes of
//! text; the Online Retail workspace is tens of megabytes of binary), through the `idb` crate.
//!
//! IndexedDB may be missing, blocked (some private modes) or full. Every function here turns
//! that into an `Err` with the browser's reason; the app then says so once and keeps working
//! in memory.

use idb::{DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
use wasm_bindgen::{JsCast, JsValue};

/// The database's name.
const DATABASE: &str = "shoplab";
/// Its one object store.
const STORE: &str = "workspace";
/// The key of the current workspace.
const KEY: &str = "current";

fn describe(e: impl std::fmt::Display) -> String {
    e.to_string()
}

async fn open() -> Result<idb::Database, String> {
    let factory = Factory::new().map_err(describe)?;
    let mut request = factory.open(DATABASE, Some(1)).map_err(describe)?;
    request.on_upgrade_needed(|event| {
        if let Ok(database) = event.database() {
            if !database.store_names().iter().any(|s| s == STORE) {
                let _ = database.create_object_store(STORE, ObjectStoreParams::new());
            }
        }
    });
    request.await.map_err(describe)
}

/// Keeps `bytes` as the current workspace, replacing the previous one.
pub async fn save(bytes: &js_sys::Uint8Array) -> Result<(), String> {
    let database = open().await?;
    let transaction = database
        .transaction(&[STORE], TransactionMode::ReadWrite)
        .map_err(describe)?;
    let store = transaction.object_store(STORE).map_err(describe)?;
    store
        .put(bytes, Some(&JsValue::from_str(KEY)))
        .map_err(describe)?
        .await
        .map_err(describe)?;
    let done = transaction.await.map_err(describe)?;
    database.close();
    if done.is_committed() {
        Ok(())
    } else {
        Err("the browser did not keep the data (storage full?)".to_owned())
    }
}

/// The workspace kept last time, if any.
pub async fn load() -> Result<Option<js_sys::Uint8Array>, String> {
    let database = open().await?;
    let transaction = database
        .transaction(&[STORE], TransactionMode::ReadOnly)
        .map_err(describe)?;
    let store = transaction.object_store(STORE).map_err(describe)?;
    let value = store
        .get(JsValue::from_str(KEY))
        .map_err(describe)?
        .await
        .map_err(describe)?;
    database.close();
    Ok(value.and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok()))
}

/// Deletes the kept workspace; answers its size in bytes (0 when there was none).
pub async fn forget() -> Result<u64, String> {
    let had = load().await.ok().flatten().map_or(0, |b| b.length() as u64);
    let factory = Factory::new().map_err(describe)?;
    factory
        .delete(DATABASE)
        .map_err(describe)?
        .await
        .map_err(describe)?;
    Ok(had)
}
