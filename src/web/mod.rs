//! Everything that touches the browser: the Yew app, the worker, storage and the error banner.
//!
//! Architecture invariant: no business number is computed here. Pages ask the engine (through
//! the worker) and format and draw what comes back.

pub mod app;
pub mod budget;
pub mod budget_charts;
pub mod chart;
pub mod data;
pub mod download;
pub mod figure;
pub mod form;
pub mod funnel;
pub mod inventory;
pub mod kpi_card;
pub mod overview;
pub mod packs;
pub mod pricing;
pub mod pricing_charts;
pub mod pricing_promos;
pub mod report;
pub mod report_charts;
pub mod saved;
pub mod settings;
pub mod storage;
pub mod worker;

use gloo::worker::Registrable;

use crate::i18n::{Lang, Msg};

/// Mounts the app on `<body>`, after installing the panic banner and setting `<html lang>`
/// (so even an early failure is reported in the user's language).
///
/// `?panic=test` in the address panics on purpose: the end-to-end test uses it to check that a
/// real panic ends in the readable banner, never a blank page.
pub fn start_app() {
    install_panic_hook();
    let window = web_sys::window();
    if let Some(root) = window
        .as_ref()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        root.set_attribute("lang", storage::initial_lang().tag())
            .ok();
    }
    let search = window
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    if search.contains("panic=test") {
        panic!("deliberate panic requested by ?panic=test");
    }
    yew::Renderer::<app::App>::new().render();
}

/// Registers the start-up worker in the worker's global scope.
pub fn start_worker() {
    worker::ShoplabWorker::registrar().register();
}

/// Registers the import worker in the worker's global scope, with the codec the page's bridge
/// uses (`worker::JsCodec`, which lets a `File` handle travel).
pub fn start_importer() {
    worker::ImportWorker::registrar()
        .encoding::<worker::JsCodec>()
        .register();
}

/// A panic logs to the console and shows [`show_error_banner`]: never a blank page.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("Shoplab stopped on an internal error: {info}").into());
        show_error_banner();
    }));
}

/// Puts a readable error banner, in the page's current language, at the top of `<body>`, with
/// a reload link that carries the language in the address so it survives without storage.
/// Built with plain DOM calls because the app may no longer be running. Returns `None` only
/// when there is no document to write to.
pub fn show_error_banner() -> Option<()> {
    let document = web_sys::window()?.document()?;
    if document
        .query_selector("[data-testid=error-banner]")
        .ok()
        .flatten()
        .is_some()
    {
        return Some(());
    }
    let lang = document
        .document_element()
        .and_then(|root| root.get_attribute("lang"))
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or(Lang::En);
    let hash = document
        .location()
        .and_then(|l| l.hash().ok())
        .unwrap_or_default();
    let short = match lang {
        Lang::En => "en",
        Lang::Zh => "zh",
    };
    let banner = document.create_element("div").ok()?;
    banner.set_attribute("role", "alert").ok()?;
    banner.set_attribute("class", "error-banner").ok()?;
    banner.set_attribute("data-testid", "error-banner").ok()?;
    let title = document.create_element("strong").ok()?;
    title.set_text_content(Some(Msg::ErrorTitle.text(lang)));
    let body = document.create_element("p").ok()?;
    body.set_text_content(Some(Msg::ErrorPanic.text(lang)));
    let reload = document.create_element("a").ok()?;
    reload
        .set_attribute("href", &format!("?lang={short}{hash}"))
        .ok()?;
    reload.set_attribute("class", "button").ok()?;
    reload.set_text_content(Some(Msg::ErrorReload.text(lang)));
    banner.append_child(&title).ok()?;
    banner.append_child(&body).ok()?;
    banner.append_child(&reload).ok()?;
    document.body()?.prepend_with_node_1(&banner).ok()
}
