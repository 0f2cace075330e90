//! Settings kept in the browser's local storage. Storage may be missing or throw (private
//! mode, blocked cookies): every access here turns that into `None` and the app carries on
//! with its defaults in memory.

use crate::engine::ingest::RememberedMapping;
use crate::i18n::Lang;

const LANG_KEY: &str = "shoplab.lang";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The language the user chose last time, if storage works and holds one.
pub fn load_lang() -> Option<Lang> {
    let stored = local_storage()?.get_item(LANG_KEY).ok().flatten()?;
    Lang::from_tag(&stored)
}

/// Remembers the user's language; silently does nothing when storage is unavailable.
pub fn save_lang(lang: Lang) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(LANG_KEY, lang.tag());
    }
}

/// The language to start in: `?lang=` in the address (set by the error banner's reload link,
/// so a reload keeps the language even without storage), then the stored choice, then the
/// browser's language, then English.
pub fn initial_lang() -> Lang {
    let window = web_sys::window();
    let from_query = window
        .as_ref()
        .and_then(|w| w.location().search().ok())
        .and_then(|search| web_sys::UrlSearchParams::new_with_str(&search).ok())
        .and_then(|params| params.get("lang"))
        .and_then(|tag| Lang::from_tag(&tag));
    let from_browser = || {
        window
            .as_ref()
            .and_then(|w| w.navigator().language())
            .and_then(|tag| Lang::from_tag(&tag))
    };
    from_query
        .or_else(load_lang)
        .or_else(from_browser)
        .unwrap_or(Lang::En)
}

const MAPPINGS_KEY: &str = "shoplab.mappings";
/// How many confirmed mappings are kept; the oldest go first.
const MAX_MAPPINGS: usize = 50;

/// The column mappings the user confirmed, by header signature (empty when storage is
/// unavailable or holds something unreadable).
pub fn load_mappings() -> Vec<RememberedMapping> {
    local_storage()
        .and_then(|s| s.get_item(MAPPINGS_KEY).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// Remembers a confirmed mapping for files with the same header signature, replacing an
/// earlier one; returns whether it could be stored.
pub fn save_mapping(mapping: RememberedMapping) -> bool {
    let Some(storage) = local_storage() else {
        return false;
    };
    let mut all = load_mappings();
    all.retain(|m| m.signature != mapping.signature);
    all.push(mapping);
    if all.len() > MAX_MAPPINGS {
        all.drain(..all.len() - MAX_MAPPINGS);
    }
    serde_json::to_string(&all)
        .ok()
        .is_some_and(|json| storage.set_item(MAPPINGS_KEY, &json).is_ok())
}
