//! Settings kept in the browser's local storage. Storage may be missing or throw (private
//! mode, blocked cookies): every access here turns that into `None` and the app carries on
//! with its defaults in memory.

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
