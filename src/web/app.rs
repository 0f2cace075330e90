//! The app shell: header, language toggle, hash routes, the worker bridge and the notices.
//!
//! State changes only through [`Action`] in one reducer at the root (the shape of yew's
//! `function_todomvc` example); side effects (storage, `<html lang>`, the worker) live in
//! `use_effect_with`.

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::file::callbacks::FileReader;
use gloo::timers::callback::Timeout;
use gloo::worker::{Spawnable, WorkerBridge};
use yew::prelude::*;

use super::data::{DataPage, ImportStatus};
use super::overview::OverviewPage;
use super::storage;
use super::worker::{ImportWorker, ShoplabWorker};
use crate::engine::ingest::{ImportOptions, ImportReport};
use crate::engine::workspace::{Request, Response, Workspace};
use crate::engine::{demo, DatasetView};
use crate::i18n::{self, Lang, Msg};

/// How long the page waits for the worker's first answer before computing on the page itself.
const WORKER_TIMEOUT_MS: u32 = 6_000;

/// The pages. Only pages that work are listed; later issues add `#/report`, `#/budget`, ….
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// `#/overview`, also the page for an empty or unknown hash.
    Overview,
    /// `#/data`: import files.
    Data,
}

impl Route {
    /// The route of a location hash such as `#/overview?x=1`.
    pub fn from_hash(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').split('?').next().unwrap_or("");
        match path {
            "/data" => Route::Data,
            _ => Route::Overview,
        }
    }

    /// The route's hash.
    pub fn hash(self) -> &'static str {
        match self {
            Route::Overview => "#/overview",
            Route::Data => "#/data",
        }
    }

    /// The navigation label.
    pub fn label(self) -> Msg {
        match self {
            Route::Overview => Msg::NavOverview,
            Route::Data => Msg::NavData,
        }
    }

    /// Every route, in navigation order.
    pub const ALL: [Route; 2] = [Route::Overview, Route::Data];
}

/// The app's state.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// Interface language.
    pub lang: Lang,
    /// Current page.
    pub route: Route,
    /// The loaded dataset's view, once computed.
    pub view: Option<Rc<DatasetView>>,
    /// The worker did not answer and the page computed instead.
    pub worker_failed: bool,
    /// The user closed the worker notice.
    pub notice_dismissed: bool,
    /// Reports of the files imported, newest first.
    pub reports: Vec<Rc<ImportReport>>,
    /// The latest import's status.
    pub import_status: ImportStatus,
}

/// Every way the state changes.
pub enum Action {
    /// The user chose a language.
    SetLang(Lang),
    /// The location hash changed.
    Navigate(Route),
    /// The worker (or the page-side fallback) answered.
    Answer(Response),
    /// Reading a file started.
    ImportStarted(String),
    /// The worker did not answer in time.
    WorkerFailed,
    /// The user closed the worker notice.
    DismissNotice,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SetLang(lang) => next.lang = lang,
            Action::Navigate(route) => next.route = route,
            Action::ImportStarted(file) => next.import_status = ImportStatus::Reading(file),
            Action::Answer(Response::Loaded(view)) => {
                next.view = Some(Rc::new(*view));
                next.reports.clear();
                next.import_status = ImportStatus::Idle;
            }
            Action::Answer(Response::Imported { report, view }) => {
                next.view = Some(Rc::new(*view));
                next.import_status = ImportStatus::Done(report.file_name.clone());
                next.reports.insert(0, Rc::new(*report));
            }
            Action::Answer(Response::ImportFailed { file_name, error }) => {
                next.import_status = ImportStatus::Failed(file_name, Rc::new(*error));
            }
            Action::WorkerFailed => next.worker_failed = true,
            Action::DismissNotice => next.notice_dismissed = true,
        }
        Rc::new(next)
    }
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The root component.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| State {
        lang: storage::initial_lang(),
        route: Route::from_hash(&current_hash()),
        view: None,
        worker_failed: false,
        notice_dismissed: false,
        reports: Vec::new(),
        import_status: ImportStatus::Idle,
    });
    // The worker bridge, or after a failed start the page-side workspace that replaces it.
    let bridge = use_mut_ref(|| None::<WorkerBridge<ShoplabWorker>>);
    // The import worker, spawned on the first file; from then on it holds the workspace.
    let importer = use_mut_ref(|| None::<WorkerBridge<ImportWorker>>);
    let local = use_mut_ref(|| None::<Workspace>);
    let readers = use_mut_ref(Vec::<FileReader>::new);
    let lang = state.lang;

    // Follow the location hash.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| {
                    dispatcher.dispatch(Action::Navigate(Route::from_hash(&current_hash())))
                })
            });
            move || drop(listener)
        });
    }

    // `<html lang>`, the title, and the remembered choice follow the language.
    use_effect_with(lang, move |lang| {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            if let Some(root) = document.document_element() {
                root.set_attribute("lang", lang.tag()).ok();
            }
            document.set_title(Msg::AppName.text(*lang));
        }
        storage::save_lang(*lang);
    });

    // Sends a request to the worker, or answers it on the page when the worker failed.
    let send: Rc<dyn Fn(Request)> = {
        let (bridge, importer, local, dispatcher) = (
            bridge.clone(),
            importer.clone(),
            local.clone(),
            state.dispatcher(),
        );
        Rc::new(move |request: Request| {
            if let Some(workspace) = local.borrow_mut().as_mut() {
                dispatcher.dispatch(Action::Answer(workspace.handle_on_page(request)));
                return;
            }
            if importer.borrow().is_none() && matches!(request, Request::Import { .. }) {
                let dispatcher = dispatcher.clone();
                let spawned = ImportWorker::spawner()
                    .callback(move |response| dispatcher.dispatch(Action::Answer(response)))
                    .spawn_with_loader("./importer_loader.js");
                *importer.borrow_mut() = Some(spawned);
            }
            if let Some(importer) = importer.borrow().as_ref() {
                importer.send(request);
            } else if let Some(bridge) = bridge.borrow().as_ref() {
                bridge.send(request);
            }
        })
    };

    // Start the worker and load the demo store in it; if it has not answered in time, take
    // over on the page.
    {
        let (bridge, local, dispatcher) = (bridge.clone(), local.clone(), state.dispatcher());
        use_effect_with((), move |_| {
            let answered = Rc::new(Cell::new(false));
            let spawned = {
                let (dispatcher, answered) = (dispatcher.clone(), answered.clone());
                ShoplabWorker::spawner()
                    .callback(move |response| {
                        answered.set(true);
                        dispatcher.dispatch(Action::Answer(response));
                    })
                    .spawn_with_loader("./worker_loader.js")
            };
            spawned.send(Request::LoadDemo {
                seed: demo::DEFAULT_SEED,
            });
            *bridge.borrow_mut() = Some(spawned);
            let timeout = Timeout::new(WORKER_TIMEOUT_MS, move || {
                if !answered.get() {
                    gloo::console::warn!(
                        "Shoplab: the worker did not answer; computing on the page."
                    );
                    bridge.borrow_mut().take();
                    let mut workspace = Workspace::default();
                    let response = workspace.handle_on_page(Request::LoadDemo {
                        seed: demo::DEFAULT_SEED,
                    });
                    *local.borrow_mut() = Some(workspace);
                    dispatcher.dispatch(Action::WorkerFailed);
                    dispatcher.dispatch(Action::Answer(response));
                }
            });
            move || drop(timeout)
        });
    }

    let on_files = {
        let (send, readers, dispatcher) = (send.clone(), readers.clone(), state.dispatcher());
        Callback::from(move |files: Vec<web_sys::File>| {
            for file in files {
                let name = file.name();
                dispatcher.dispatch(Action::ImportStarted(name.clone()));
                let send = send.clone();
                let dispatcher = dispatcher.clone();
                let reader = gloo::file::callbacks::read_as_bytes(
                    &gloo::file::File::from(file),
                    move |result| match result {
                        Ok(bytes) => send(Request::Import {
                            file_name: name,
                            bytes,
                            options: ImportOptions::default(),
                        }),
                        Err(e) => dispatcher.dispatch(Action::Answer(Response::ImportFailed {
                            file_name: name,
                            error: Box::new(crate::engine::ingest::ImportError::Unreadable {
                                line: 0,
                                message: e.to_string(),
                            }),
                        })),
                    },
                );
                let mut readers: std::cell::RefMut<'_, Vec<FileReader>> = readers.borrow_mut();
                readers.push(reader);
            }
        })
    };
    let on_load_demo = {
        let send = send.clone();
        Callback::from(move |_| {
            send(Request::LoadDemo {
                seed: demo::DEFAULT_SEED,
            })
        })
    };
    let on_clear = {
        let send = send.clone();
        Callback::from(move |_| send(Request::Clear))
    };

    let toggle_lang = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_| dispatcher.dispatch(Action::SetLang(lang.other())))
    };
    let dismiss = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_| dispatcher.dispatch(Action::DismissNotice))
    };

    let dataset = state.view.as_ref().map(|view| {
        let name = match lang {
            Lang::En => view.name.en.clone(),
            Lang::Zh => view.name.zh.clone(),
        };
        let range = view
            .overview
            .as_ref()
            .map(|o| i18n::format_date_range(o.first_day, o.last_day, lang))
            .unwrap_or_default();
        html! {
            <p class="dataset">
                <span class="muted">{Msg::Dataset.text(lang)}</span>{" "}
                <strong data-testid="dataset-name">{name}</strong>{" "}
                <span class="muted" data-testid="dataset-range">{range}</span>
            </p>
        }
    });

    let page = match (&state.view, state.route) {
        (_, Route::Data) => html! {
            <DataPage {lang} reports={state.reports.clone()} status={state.import_status.clone()}
                {on_files} {on_load_demo} {on_clear} />
        },
        (Some(view), Route::Overview) => html! { <OverviewPage view={view.clone()} {lang} /> },
        (None, _) => html! {
            <section class="page" aria-busy="true"><p class="loading" data-testid="loading">{Msg::Loading.text(lang)}</p></section>
        },
    };

    html! {
        <>
            <header class="app-header">
                <div class="brand">
                    <h1>{Msg::AppName.text(lang)}</h1>
                    <p class="tagline">{Msg::Tagline.text(lang)}</p>
                </div>
                {for dataset}
                <button class="lang-toggle" data-testid="lang-toggle" onclick={toggle_lang}
                    lang={lang.other().tag()} aria-label={Msg::SwitchLanguageLabel.text(lang)}>
                    {Msg::SwitchLanguage.text(lang)}
                </button>
            </header>
            <nav class="app-nav" aria-label={Msg::NavLabel.text(lang)}>
                { for Route::ALL.iter().map(|route| html! {
                    <a href={route.hash()} aria-current={(*route == state.route).then_some("page")}>
                        {route.label().text(lang)}
                    </a>
                }) }
            </nav>
            if state.worker_failed && !state.notice_dismissed {
                <div class="notice warn" role="status" data-testid="worker-notice">
                    <span>{Msg::WorkerFailed.text(lang)}</span>
                    <button class="link" onclick={dismiss}>{Msg::Dismiss.text(lang)}</button>
                </div>
            }
            <main>{page}</main>
            <footer class="muted small">{Msg::Footer.text(lang)}</footer>
        </>
    }
}
