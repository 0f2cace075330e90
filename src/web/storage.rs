//! Settings kept in the browser's local storage. Storage may be missing or throw (private
//! mode, blocked cookies): every access here turns that into `None` and the app carries on
//! with its defaults in memory.

use wasm_bindgen::JsCast;

use super::settings::Settings;
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

const SETTINGS_KEY: &str = "shoplab.settings";

/// The pages' settings kept last time, if storage works and holds readable ones.
pub fn load_settings() -> Option<Settings> {
    let json = local_storage()?.get_item(SETTINGS_KEY).ok().flatten()?;
    Settings::from_json(&json)
}

/// Keeps the pages' settings (removes the key when every page is at its defaults); the error
/// says why the browser refused (storage blocked or full).
pub fn save_settings(settings: &Settings) -> Result<(), String> {
    let storage = local_storage().ok_or_else(|| "local storage is not available".to_owned())?;
    let empty = Settings {
        page: None,
        ..settings.clone()
    } == Settings::default();
    let result = if empty {
        storage.remove_item(SETTINGS_KEY)
    } else {
        storage.set_item(SETTINGS_KEY, &settings.to_json())
    };
    result.map_err(|e| {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "local storage refused the settings".to_owned())
    })
}

/// What [`forget_all`] removed from local storage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cleared {
    /// The pages' settings were kept.
    pub settings: bool,
    /// Remembered column mappings.
    pub mappings: usize,
    /// The language choice was kept.
    pub language: bool,
}

/// Removes everything Shoplab keeps in local storage (its `shoplab.` keys) and says what.
pub fn forget_all() -> Cleared {
    let cleared = Cleared {
        settings: local_storage()
            .and_then(|s| s.get_item(SETTINGS_KEY).ok().flatten())
            .is_some(),
        mappings: load_mappings().len(),
        language: load_lang().is_some(),
    };
    if let Some(storage) = local_storage() {
        let keys: Vec<String> = (0..storage.length().unwrap_or(0))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| k.starts_with("shoplab."))
            .collect();
        for key in keys {
            let _ = storage.remove_item(&key);
        }
    }
    cleared
}
