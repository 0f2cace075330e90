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
use wasm_bindgen::JsCast;

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
    register_service_worker();
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

/// Registers the service worker (`sw.js`, next to index.html; its scope is that directory), so
/// the app loads without a network after the first visit, and offers a new release when one
/// has been installed. Registration waits for the page's `load` event, so its precaching does
/// not compete with the first load. Where there is no service worker (http on a host other
/// than localhost, a browser that refuses it) nothing happens and nothing is reported.
///
/// The worker never takes over a page already open (no `clients.claim`, no `skipWaiting` by
/// itself): a page runs the files of one release only. See `static/sw.js`.
fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    // `navigator.serviceWorker` is missing outside secure contexts, and may throw when read.
    let Some(container) = js_sys::Reflect::get(&window.navigator(), &"serviceWorker".into())
        .ok()
        .and_then(|value| value.dyn_into::<web_sys::ServiceWorkerContainer>().ok())
    else {
        return;
    };
    let complete = window
        .document()
        .is_some_and(|document| document.ready_state() == "complete");
    if complete {
        register(container);
    } else {
        gloo::events::EventListener::once(&window, "load", move |_| register(container)).forget();
    }
}

/// Registers `./sw.js` and watches for a new release being installed beside the one in charge.
fn register(container: web_sys::ServiceWorkerContainer) {
    let promise = container.register("./sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        // A refusal (storage blocked, an insecure origin…) rejects: silent by design.
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(promise).await else {
            return;
        };
        let Ok(registration) = registration.dyn_into::<web_sys::ServiceWorkerRegistration>() else {
            return;
        };
        // Only a page served by an earlier release has anything to update; the first visit's
        // page is not controlled, and the worker it installs becomes active at once.
        if container.controller().is_none() {
            return;
        }
        if let Some(waiting) = registration.waiting() {
            show_update_notice(waiting);
        }
        let watched = registration.clone();
        gloo::events::EventListener::new(&registration, "updatefound", move |_| {
            let Some(installing) = watched.installing() else {
                return;
            };
            let worker = installing.clone();
            gloo::events::EventListener::new(&installing, "statechange", move |_| {
                if worker.state() == web_sys::ServiceWorkerState::Installed {
                    show_update_notice(worker.clone());
                }
            })
            .forget();
        })
        .forget();
        // The new release took over (the user accepted it here or in another tab): load it, so
        // that this page does not go on with files of the release before.
        gloo::events::EventListener::new(&container, "controllerchange", |_| {
            if let Some(window) = web_sys::window() {
                window.location().reload().ok();
            }
        })
        .forget();
    });
}

/// Shows, at the top of the page, that a new release is ready, with a button that lets it take
/// over (the page then reloads on `controllerchange`). Plain DOM, like the error banner, in the
/// page's language when it appears. Returns `None` only when there is no document to write to.
fn show_update_notice(waiting: web_sys::ServiceWorker) -> Option<()> {
    let document = web_sys::window()?.document()?;
    if let Some(old) = document
        .query_selector("[data-testid=update-notice]")
        .ok()
        .flatten()
    {
        old.remove();
    }
    let lang = document
        .document_element()
        .and_then(|root| root.get_attribute("lang"))
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or(Lang::En);
    let notice = document.create_element("div").ok()?;
    notice.set_attribute("role", "status").ok()?;
    notice.set_attribute("class", "notice warn").ok()?;
    notice.set_attribute("data-testid", "update-notice").ok()?;
    let text = document.create_element("span").ok()?;
    text.set_text_content(Some(Msg::UpdateReady.text(lang)));
    let button = document.create_element("button").ok()?;
    button.set_attribute("type", "button").ok()?;
    button.set_attribute("class", "button").ok()?;
    button.set_attribute("data-testid", "update-reload").ok()?;
    button.set_text_content(Some(Msg::UpdateReload.text(lang)));
    gloo::events::EventListener::new(&button, "click", move |_| {
        waiting.post_message(&"skip-waiting".into()).ok();
    })
    .forget();
    notice.append_child(&text).ok()?;
    notice.append_child(&button).ok()?;
    document.body()?.prepend_with_node_1(&notice).ok()
}

/// Money on a chart's axis: the currency's symbol and a compact number, every tick of a
/// Chinese axis in the unit of its largest ([`crate::i18n::format_money_compact_on_axis`]);
/// shared by the review's, budget's, pricing's and inventory's charts.
pub struct MoneyAxis {
    currency: String,
    lang: Lang,
}

impl MoneyAxis {
    /// One amount on its own, compact ([`crate::i18n::format_money_compact`]): a bar's or a
    /// marker's label.
    pub fn one(&self, v: f64) -> String {
        crate::i18n::format_money_compact(v, &self.currency, self.lang)
    }
}

impl crate::charts::AxisFormat for MoneyAxis {
    fn label(&self, value: f64, axis_max: f64) -> String {
        crate::i18n::format_money_compact_on_axis(value, axis_max, &self.currency, self.lang)
    }
}

/// [`MoneyAxis`] in `currency`.
pub fn axis_money(currency: &str, lang: Lang) -> MoneyAxis {
    MoneyAxis {
        currency: currency.to_owned(),
        lang,
    }
}

/// Counts and other plain numbers on a chart's axis, compact, every tick of a Chinese axis in
/// the unit of its largest ([`crate::i18n::format_compact_on_axis`]).
pub struct CompactAxis(pub Lang);

impl crate::charts::AxisFormat for CompactAxis {
    fn label(&self, value: f64, axis_max: f64) -> String {
        crate::i18n::format_compact_on_axis(value, axis_max, self.0)
    }
}

/// A date range as the page shows it: "27 Nov 2023 – 30 Nov 2025" / "2023年11月27日 – 2025年11月30日",
/// each date kept on one line (class `nowrap`) so that a narrow column breaks the range at the
/// dash, never inside a date ("9 Dec / 2011", "2024 / 年3月3日"). Its text is
/// [`crate::i18n::format_date_range`]'s.
pub fn date_range_html(from: chrono::NaiveDate, to: chrono::NaiveDate, lang: Lang) -> yew::Html {
    yew::html! {
        <>
            <span class="nowrap">{crate::i18n::format_date(from, lang)}</span>{" – "}
            <span class="nowrap">{crate::i18n::format_date(to, lang)}</span>
        </>
    }
}

/// Whether `kind`'s table is the demo store's while the orders are the user's files (the page
/// side of [`crate::engine::tables::Dataset::is_demo_beside_imported_orders`]).
pub fn demo_beside_imported_orders(
    view: &crate::engine::DatasetView,
    kind: crate::engine::ingest::schema::TableKind,
) -> bool {
    use crate::engine::ingest::schema::TableKind;
    use crate::engine::tables::TableSource;
    let index = match kind {
        TableKind::Orders => 0,
        TableKind::Traffic => 1,
        TableKind::Marketing => 2,
        TableKind::Inventory => 3,
    };
    let source = |i: usize| view.tables.get(i).map(|(s, _)| s);
    matches!(source(0), Some(TableSource::Files(_)))
        && matches!(source(index), Some(TableSource::Demo))
}

/// A notice for a page that uses `kind`'s table when the orders are the user's files but that
/// table is still the demo store's (an import replaces the demo only for its own table): the
/// funnel of the demo's traffic beside one's own orders must not read as one's own. Empty
/// otherwise.
pub fn demo_table_notice(
    view: &crate::engine::DatasetView,
    kind: crate::engine::ingest::schema::TableKind,
    lang: Lang,
) -> yew::Html {
    if !demo_beside_imported_orders(view, kind) {
        return yew::Html::default();
    }
    let table = crate::i18n::table_kind_name(kind, lang);
    yew::html! {
        <p class="notice warn" data-testid="demo-table-notice">
            {Msg::DemoTableNotice.text(lang).replace("{table}", table)}
        </p>
    }
}
