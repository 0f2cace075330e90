//! The app shell: header, language toggle, hash routes, the worker bridge and the notices.
//!
//! State changes only through [`Action`] in one reducer at the root (the shape of yew's
//! `function_todomvc` example); side effects (storage, `<html lang>`, the worker) live in
//! `use_effect_with`.

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use gloo::worker::{Spawnable, WorkerBridge};
use yew::prelude::*;

use super::budget::{BudgetPage, BudgetState};
use super::data::{DataPage, FileEntry, FileState};
use super::funnel::{FunnelPage, FunnelState};
use super::inventory::{InventoryPage, InventoryState};
use super::overview::OverviewPage;
use super::pricing::{self, PricingPage, PricingState};
use super::report::ReportPage;
use super::storage;
use super::worker::{ImportInput, ImportOutput, ImportWorker, JsCodec, ShoplabWorker};
use crate::engine::ingest::{ImportError, ImportOptions, RememberedMapping};
use crate::engine::report::{Report, ReportRequest};
use crate::engine::sim::budget::BudgetModel;
use crate::engine::sim::funnel::FunnelModel;
use crate::engine::sim::inventory::demand::SkuDemand;
use crate::engine::sim::inventory::search::{CatalogueRow, SearchSettings};
use crate::engine::sim::inventory::InventoryModel;
use crate::engine::sim::pricing::elasticity::{Scatter, Target};
use crate::engine::sim::pricing::promo::TargetBaseline;
use crate::engine::sim::pricing::PricingModel;
use crate::engine::tables::TableSource;
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
    /// `#/report`: the operations review.
    Report,
    /// `#/budget`: the budget allocation simulator.
    Budget,
    /// `#/pricing`: the pricing and promotion simulator.
    Pricing,
    /// `#/inventory`: the inventory simulator.
    Inventory,
    /// `#/funnel`: the conversion funnel and A/B tests.
    Funnel,
    /// `#/data`: import files.
    Data,
}

impl Route {
    /// The route of a location hash such as `#/overview?x=1`.
    pub fn from_hash(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').split('?').next().unwrap_or("");
        match path {
            "/data" => Route::Data,
            "/report" => Route::Report,
            "/budget" => Route::Budget,
            "/pricing" => Route::Pricing,
            "/inventory" => Route::Inventory,
            "/funnel" => Route::Funnel,
            _ => Route::Overview,
        }
    }

    /// The route's hash.
    pub fn hash(self) -> &'static str {
        match self {
            Route::Overview => "#/overview",
            Route::Data => "#/data",
            Route::Report => "#/report",
            Route::Budget => "#/budget",
            Route::Pricing => "#/pricing",
            Route::Inventory => "#/inventory",
            Route::Funnel => "#/funnel",
        }
    }

    /// The navigation label.
    pub fn label(self) -> Msg {
        match self {
            Route::Overview => Msg::NavOverview,
            Route::Data => Msg::NavData,
            Route::Report => Msg::NavReport,
            Route::Budget => Msg::NavBudget,
            Route::Pricing => Msg::NavPricing,
            Route::Inventory => Msg::NavInventory,
            Route::Funnel => Msg::NavFunnel,
        }
    }

    /// Every route, in navigation order.
    pub const ALL: [Route; 7] = [
        Route::Overview,
        Route::Report,
        Route::Budget,
        Route::Pricing,
        Route::Inventory,
        Route::Funnel,
        Route::Data,
    ];
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
    /// The files added, newest first.
    pub files: Vec<Rc<FileEntry>>,
    /// Header signatures of the mappings remembered in this browser.
    pub remembered: Vec<String>,
    /// The import worker has started and answered.
    pub importer_ready: bool,
    /// Counts the datasets loaded, so a report of an older one is recognised.
    pub dataset_version: u64,
    /// The review asked for, when the user has opened the report page.
    pub report_request: Option<ReportRequest>,
    /// The latest review, with the dataset version and the request it answers.
    pub report: Option<(u64, ReportRequest, Option<Rc<Report>>)>,
    /// The page is being printed.
    pub printing: bool,
    /// The budget model of a dataset version (`None` inside: no marketing table).
    pub budget_model: Option<(u64, Option<Rc<BudgetModel>>)>,
    /// The budget page's levers, scenarios and typed channels (kept across pages).
    pub budget: BudgetState,
    /// The pricing model of a dataset version (`None` inside: no order lines).
    pub pricing_model: Option<(u64, Option<Rc<PricingModel>>)>,
    /// The latest scatter and own baseline of a target, with the dataset version and the
    /// target they are of.
    pub pricing_scatter: Option<PricingTargetAnswer>,
    /// The pricing page's levers (kept across pages).
    pub pricing: PricingState,
    /// The inventory model of a dataset version (`None` inside: no demand).
    pub inventory_model: Option<(u64, Option<Rc<InventoryModel>>)>,
    /// The inventory page's levers (kept across pages).
    pub inventory: InventoryState,
    /// How far the worker's inventory search has got (SKUs done, total), while it runs.
    pub inventory_progress: Option<(u32, u32)>,
    /// The funnel model of a dataset version (`None` inside: no traffic).
    pub funnel_model: Option<(u64, Option<Rc<FunnelModel>>)>,
    /// The funnel page's levers (kept across pages).
    pub funnel: FunnelState,
    /// The worker's latest search of one SKU with the user's inputs.
    pub inventory_row: Option<(SkuDemand, SearchSettings, Rc<CatalogueRow>)>,
}

/// The worker's answer about one pricing target: the dataset version, the target, its
/// scatter and its own baseline (each `None` when there is none).
pub type PricingTargetAnswer = (u64, Target, Option<Rc<Scatter>>, Option<Rc<TargetBaseline>>);

/// Every way the state changes.
pub enum Action {
    /// The user chose a language.
    SetLang(Lang),
    /// The location hash changed.
    Navigate(Route),
    /// The worker (or the page-side fallback) answered.
    Answer(Response),
    /// A file was sent to the worker (or sent again with new choices).
    FileQueued {
        /// The page's id for it.
        id: u32,
        /// Its name.
        name: String,
        /// Its size.
        size: u64,
        /// The choices it is read with.
        options: ImportOptions,
        /// When it was sent (`Date.now()`), from which the time left is estimated.
        now_ms: f64,
    },
    /// The worker read more of a file.
    Progress {
        /// The file's id.
        id: u32,
        /// Bytes read.
        bytes: u64,
        /// The file's size.
        total: u64,
        /// Rows read.
        rows: u64,
        /// The import worker's memory.
        memory: u64,
        /// When the report came (`Date.now()`).
        now_ms: f64,
    },
    /// The user removed a file.
    FileRemoved(u32),
    /// The user loaded the demo store or removed everything: the files are gone.
    FilesCleared,
    /// A mapping was remembered.
    Remembered(String),
    /// The import worker answered for the first time.
    ImporterReady,
    /// The user chose what the review covers.
    SetReportRequest(ReportRequest),
    /// Printing starts (`beforeprint`, or the print button) or ends (`afterprint`).
    Printing(bool),
    /// The budget page changed its state.
    Budget(BudgetState),
    /// The pricing page changed its state.
    Pricing(PricingState),
    /// The inventory page changed its state.
    Inventory(InventoryState),
    /// The funnel page changed its state.
    Funnel(FunnelState),
    /// The worker did not answer in time.
    WorkerFailed,
    /// The user closed the worker notice.
    DismissNotice,
}

impl State {
    fn update_file(&mut self, id: u32, f: impl FnOnce(&mut FileEntry)) {
        if let Some(entry) = self.files.iter_mut().find(|e| e.id == id) {
            f(Rc::make_mut(entry));
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SetLang(lang) => next.lang = lang,
            Action::Navigate(route) => next.route = route,
            Action::Answer(Response::Loaded(view)) => {
                next.dataset_version += 1;
                next.view = Some(Rc::new(*view));
            }
            Action::Answer(Response::Report { request, report }) => {
                next.report = Some((next.dataset_version, request, report.map(|r| Rc::new(*r))));
            }
            Action::Answer(Response::Imported { id, report, view }) => {
                next.dataset_version += 1;
                next.view = Some(Rc::new(*view));
                next.update_file(id, |e| {
                    e.sheets = report.sheets.clone();
                    e.sheet = report.sheet.clone();
                    e.state = FileState::Done(Rc::new(*report));
                });
            }
            Action::Answer(Response::ImportFailed { id, error, .. }) => {
                next.update_file(id, |e| {
                    if let ImportError::NeedsMapping(u) = error.as_ref() {
                        e.sheets = u.sheets.clone();
                        e.sheet = u.sheet.clone();
                    } else if e.options.sheet.is_some() {
                        e.sheet = e.options.sheet.clone();
                    }
                    e.state = FileState::Failed(Rc::new(*error));
                });
            }
            Action::FileQueued {
                id,
                name,
                size,
                options,
                now_ms,
            } => {
                // Sent again with new choices: the workbook's sheets are still known.
                let (sheets, sheet) = next
                    .files
                    .iter()
                    .find(|e| e.id == id)
                    .map(|e| (e.sheets.clone(), e.sheet.clone()))
                    .unwrap_or_default();
                let entry = FileEntry {
                    id,
                    name,
                    size,
                    options,
                    state: FileState::Queued,
                    memory: 0,
                    queued_ms: now_ms,
                    sheets,
                    sheet,
                };
                // The card moves to the top, the newest.
                next.files.retain(|e| e.id != id);
                next.files.insert(0, Rc::new(entry));
            }
            Action::Progress {
                id,
                bytes,
                total,
                rows,
                memory,
                now_ms,
            } => next.update_file(id, |e| {
                e.memory = e.memory.max(memory);
                if !matches!(e.state, FileState::Queued | FileState::Reading { .. }) {
                    // The last report comes after the result: only the memory is news.
                    return;
                }
                let started_ms = match e.state {
                    FileState::Reading { started_ms, .. } => started_ms,
                    _ => e.queued_ms,
                };
                e.state = FileState::Reading {
                    bytes,
                    total,
                    rows,
                    started_ms,
                    now_ms,
                };
            }),
            Action::FileRemoved(id) => next.files.retain(|e| e.id != id),
            Action::FilesCleared => next.files.clear(),
            Action::Remembered(signature) => {
                if !next.remembered.contains(&signature) {
                    next.remembered.push(signature);
                }
            }
            Action::ImporterReady => next.importer_ready = true,
            Action::SetReportRequest(request) => next.report_request = Some(request),
            Action::Printing(printing) => next.printing = printing,
            Action::Budget(budget) => next.budget = budget,
            Action::Pricing(pricing) => next.pricing = pricing,
            Action::Inventory(inventory) => next.inventory = inventory,
            Action::Funnel(funnel) => next.funnel = funnel,
            Action::Answer(Response::FunnelModel(model)) => {
                next.funnel_model = Some((next.dataset_version, model.map(|m| Rc::new(*m))));
            }
            Action::Answer(Response::InventoryModel(model)) => {
                next.inventory_model = Some((next.dataset_version, model.map(|m| Rc::new(*m))));
                next.inventory_progress = None;
            }
            Action::Answer(Response::InventoryRow { sku, settings, row }) => {
                next.inventory_row = Some((*sku, settings, Rc::new(*row)));
            }
            Action::Answer(Response::InventoryProgress { done, total }) => {
                next.inventory_progress = (done < total).then_some((done, total));
            }
            Action::Answer(Response::PricingModel(model)) => {
                next.pricing_model = Some((next.dataset_version, model.map(|m| Rc::new(*m))));
            }
            Action::Answer(Response::PricingScatter {
                target,
                scatter,
                baseline,
            }) => {
                next.pricing_scatter = Some((
                    next.dataset_version,
                    target,
                    scatter.map(|s| Rc::new(*s)),
                    baseline.map(|b| Rc::new(*b)),
                ));
            }
            Action::Answer(Response::BudgetModel(model)) => {
                next.budget_model = Some((next.dataset_version, model.map(|m| Rc::new(*m))));
            }
            Action::WorkerFailed => next.worker_failed = true,
            Action::DismissNotice => next.notice_dismissed = true,
        }
        Rc::new(next)
    }
}

/// Where requests go: the start-up worker, the import worker once a file was added, or the
/// page itself when the start-up worker did not start.
#[derive(Default)]
struct Bridges {
    startup: Option<WorkerBridge<ShoplabWorker>>,
    importer: Option<WorkerBridge<ImportWorker>>,
    local: Option<Workspace>,
    /// The files added, by id, to read again when the user changes the mapping.
    files: HashMap<u32, web_sys::File>,
    next_id: u32,
    /// Whether the demo store is loaded (the import worker then starts with it too).
    demo_loaded: bool,
}

/// Spawns the import worker unless it runs (or the page computes itself), loading the demo
/// store in it first when the page shows the demo, so a file replaces only its own table.
fn ensure_importer(b: &mut Bridges, dispatcher: &UseReducerDispatcher<State>) {
    if b.importer.is_some() || b.local.is_some() {
        return;
    }
    let dispatcher = dispatcher.clone();
    let answered = Cell::new(false);
    let importer = ImportWorker::spawner()
        .encoding::<JsCodec>()
        .callback(move |output| match output {
            ImportOutput::Engine(_) => {
                if !answered.replace(true) {
                    dispatcher.dispatch(Action::ImporterReady);
                }
                if let Some(response) = output.response() {
                    dispatcher.dispatch(Action::Answer(response))
                }
            }
            ImportOutput::Progress {
                id,
                bytes,
                total,
                rows,
                memory,
            } => dispatcher.dispatch(Action::Progress {
                id,
                bytes,
                total,
                rows,
                memory,
                now_ms: js_sys::Date::now(),
            }),
        })
        .spawn_with_loader("./importer_loader.js");
    importer.send(ImportInput::Engine(if b.demo_loaded {
        Request::LoadDemo {
            seed: demo::DEFAULT_SEED,
        }
    } else {
        Request::View
    }));
    b.importer = Some(importer);
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
        files: Vec::new(),
        importer_ready: false,
        dataset_version: 0,
        report_request: None,
        report: None,
        printing: false,
        budget_model: None,
        budget: BudgetState::default(),
        pricing_model: None,
        pricing_scatter: None,
        pricing: PricingState::default(),
        inventory_model: None,
        inventory: InventoryState::default(),
        inventory_progress: None,
        inventory_row: None,
        funnel_model: None,
        funnel: FunnelState::default(),
        remembered: storage::load_mappings()
            .into_iter()
            .map(|m| m.signature)
            .collect(),
    });
    let bridges = use_mut_ref(Bridges::default);
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

    // Printing shows every table: the browser's own print command and the print button.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listeners = web_sys::window().map(|window| {
                let (before, after) = (dispatcher.clone(), dispatcher);
                (
                    EventListener::new(&window, "beforeprint", move |_| {
                        before.dispatch(Action::Printing(true))
                    }),
                    EventListener::new(&window, "afterprint", move |_| {
                        after.dispatch(Action::Printing(false))
                    }),
                )
            });
            move || drop(listeners)
        });
    }
    let on_print = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: ()| {
            dispatcher.dispatch(Action::Printing(true));
            // Print once the tables are in the page.
            Timeout::new(50, || {
                if let Some(w) = web_sys::window() {
                    let _ = w.print();
                }
            })
            .forget();
        })
    };

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

    // Sends a request to whichever holds the workspace.
    let send: Rc<dyn Fn(Request)> = {
        let (bridges, dispatcher) = (bridges.clone(), state.dispatcher());
        Rc::new(move |request: Request| {
            let mut b = bridges.borrow_mut();
            if let Request::LoadDemo { .. } = request {
                b.demo_loaded = true;
            } else if let Request::Clear = request {
                b.demo_loaded = false;
            }
            if let Some(workspace) = b.local.as_mut() {
                dispatcher.dispatch(Action::Answer(workspace.handle_on_page(request)));
            } else if let Some(importer) = b.importer.as_ref() {
                importer.send(ImportInput::Engine(request));
            } else if let Some(startup) = b.startup.as_ref() {
                startup.send(request);
            }
        })
    };

    // Sends a file to the import worker, spawning it on the first file (with the demo store
    // loaded in it first when the page shows the demo, so the file replaces only its table).
    let send_file: Rc<dyn Fn(u32, web_sys::File, ImportOptions)> = {
        let (bridges, dispatcher) = (bridges.clone(), state.dispatcher());
        Rc::new(move |id, file, options| {
            let mut b = bridges.borrow_mut();
            dispatcher.dispatch(Action::FileQueued {
                id,
                name: file.name(),
                size: file.size().max(0.0) as u64,
                options: options.clone(),
                now_ms: js_sys::Date::now(),
            });
            if b.local.is_some() {
                dispatcher.dispatch(Action::Answer(Response::ImportFailed {
                    id,
                    file_name: file.name(),
                    error: Box::new(ImportError::WorkerUnavailable),
                }));
                return;
            }
            ensure_importer(&mut b, &dispatcher);
            b.files.insert(id, file.clone());
            let options = ImportOptions {
                remembered: storage::load_mappings(),
                ..options
            };
            if let Some(importer) = b.importer.as_ref() {
                importer.send(ImportInput::File { id, file, options });
            }
        })
    };

    // Start the worker and load the demo store in it; if it has not answered in time, take
    // over on the page.
    {
        let (bridges, dispatcher) = (bridges.clone(), state.dispatcher());
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
            {
                let mut b = bridges.borrow_mut();
                b.startup = Some(spawned);
                b.demo_loaded = true;
            }
            let timeout = Timeout::new(WORKER_TIMEOUT_MS, move || {
                if !answered.get() {
                    gloo::console::warn!(
                        "Shoplab: the worker did not answer; computing on the page."
                    );
                    let mut b = bridges.borrow_mut();
                    b.startup.take();
                    let mut workspace = Workspace::default();
                    let response = workspace.handle_on_page(Request::LoadDemo {
                        seed: demo::DEFAULT_SEED,
                    });
                    b.local = Some(workspace);
                    dispatcher.dispatch(Action::WorkerFailed);
                    dispatcher.dispatch(Action::Answer(response));
                }
            });
            move || drop(timeout)
        });
    }

    // Opening the data page warms the import worker up (fetching its code and loading the demo
    // store in it), so the first file starts at once. It is never fetched before.
    {
        let (bridges, dispatcher, started) =
            (bridges.clone(), state.dispatcher(), state.view.is_some());
        use_effect_with((state.route, started), move |(route, started)| {
            if *route == Route::Data && *started {
                ensure_importer(&mut bridges.borrow_mut(), &dispatcher);
            }
        });
    }

    // The review follows the page, the dataset and the user's choices: asked for when the
    // report page is open and the latest answer is for another dataset or question.
    {
        let send = send.clone();
        let dispatcher = state.dispatcher();
        let wanted = (state.route == Route::Report)
            .then(|| {
                let periods = state.view.as_ref()?.periods.as_ref()?;
                Some(
                    state
                        .report_request
                        .clone()
                        .unwrap_or_else(|| ReportRequest::last_full_month(periods.last_day)),
                )
            })
            .flatten();
        let have = state
            .report
            .as_ref()
            .map(|(version, request, _)| (*version, request.clone()));
        let version = state.dataset_version;
        use_effect_with((wanted, version), move |(wanted, version)| {
            if let Some(request) = wanted {
                if have.as_ref() != Some(&(*version, request.clone())) {
                    dispatcher.dispatch(Action::SetReportRequest(request.clone()));
                    send(Request::Report(request.clone()));
                }
            }
        });
    }
    // The budget model is asked for when the budget page is open and the dataset changed.
    {
        let send = send.clone();
        let wanted = state.route == Route::Budget && state.view.is_some();
        let have = state.budget_model.as_ref().map(|(v, _)| *v);
        let version = state.dataset_version;
        use_effect_with((wanted, version), move |(wanted, version)| {
            if *wanted && have != Some(*version) {
                send(Request::BudgetModel);
            }
        });
    }
    // The pricing model is asked for when the pricing page is open and the dataset changed;
    // then the scatter of the chosen product or category.
    {
        let send = send.clone();
        let wanted = state.route == Route::Pricing && state.view.is_some();
        let have = state.pricing_model.as_ref().map(|(v, _)| *v);
        let version = state.dataset_version;
        use_effect_with((wanted, version), move |(wanted, version)| {
            if *wanted && have != Some(*version) {
                send(Request::PricingModel);
            }
        });
    }
    let pricing_target = (state.route == Route::Pricing)
        .then(|| {
            let (version, model) = state.pricing_model.as_ref()?;
            let model = model
                .as_ref()
                .filter(|_| *version == state.dataset_version)?;
            pricing::chosen_target(model, &state.pricing.levers(state.dataset_version))
        })
        .flatten();
    {
        let send = send.clone();
        let have = state
            .pricing_scatter
            .as_ref()
            .map(|(v, t, _, _)| (*v, t.clone()));
        let version = state.dataset_version;
        use_effect_with(
            (pricing_target.clone(), version),
            move |(target, version)| {
                if let Some(target) = target {
                    if have.as_ref() != Some(&(*version, target.clone())) {
                        send(Request::PricingScatter(target.clone()));
                    }
                }
            },
        );
    }
    // The inventory model is asked for when the inventory page is open and the dataset or the
    // page's settings changed (a dataset without demand is not asked again for new settings).
    {
        let send = send.clone();
        let wanted = state.route == Route::Inventory && state.view.is_some();
        let version = state.dataset_version;
        let settings = state.inventory.levers(version).settings;
        let up_to_date = state.inventory_model.as_ref().is_some_and(|(v, m)| {
            *v == version && m.as_ref().is_none_or(|m| m.settings == settings)
        });
        use_effect_with((wanted, version, settings), move |(wanted, _, settings)| {
            if *wanted && !up_to_date {
                send(Request::InventoryModel(settings.clone()));
            }
        });
    }
    let on_inventory = {
        let dispatcher = state.dispatcher();
        Callback::from(move |inventory: InventoryState| {
            dispatcher.dispatch(Action::Inventory(inventory))
        })
    };
    // The funnel model is asked for as soon as a dataset is loaded, whatever the page: it takes
    // a few milliseconds and a few kilobytes, and the funnel page then opens without waiting.
    {
        let send = send.clone();
        let wanted = state.view.is_some();
        let have = state.funnel_model.as_ref().map(|(v, _)| *v);
        let version = state.dataset_version;
        use_effect_with((wanted, version), move |(wanted, version)| {
            if *wanted && have != Some(*version) {
                send(Request::FunnelModel);
            }
        });
    }
    let on_funnel = {
        let dispatcher = state.dispatcher();
        Callback::from(move |funnel: FunnelState| dispatcher.dispatch(Action::Funnel(funnel)))
    };
    let on_search_row = {
        let send = send.clone();
        Callback::from(move |(sku, settings): (SkuDemand, SearchSettings)| {
            send(Request::InventoryRow {
                sku: Box::new(sku),
                settings,
            })
        })
    };
    let on_pricing = {
        let dispatcher = state.dispatcher();
        Callback::from(move |pricing: PricingState| dispatcher.dispatch(Action::Pricing(pricing)))
    };
    let on_budget = {
        let dispatcher = state.dispatcher();
        Callback::from(move |budget: BudgetState| dispatcher.dispatch(Action::Budget(budget)))
    };

    let on_report_request = {
        let dispatcher = state.dispatcher();
        Callback::from(move |request: ReportRequest| {
            dispatcher.dispatch(Action::SetReportRequest(request))
        })
    };

    let on_files = {
        let (send_file, bridges) = (send_file.clone(), bridges.clone());
        Callback::from(move |files: Vec<web_sys::File>| {
            for file in files {
                let id = {
                    let mut b = bridges.borrow_mut();
                    b.next_id += 1;
                    b.next_id
                };
                send_file(id, file, ImportOptions::default());
            }
        })
    };
    let on_remap = {
        let (send_file, bridges) = (send_file.clone(), bridges.clone());
        Callback::from(move |(id, options): (u32, ImportOptions)| {
            let file = bridges.borrow().files.get(&id).cloned();
            if let Some(file) = file {
                send_file(id, file, options);
            }
        })
    };
    let on_remove = {
        let (send, bridges, dispatcher) = (send.clone(), bridges.clone(), state.dispatcher());
        Callback::from(move |id: u32| {
            bridges.borrow_mut().files.remove(&id);
            dispatcher.dispatch(Action::FileRemoved(id));
            send(Request::Remove { id });
        })
    };
    let on_cancel = {
        let bridges = bridges.clone();
        Callback::from(move |id: u32| {
            if let Some(importer) = bridges.borrow().importer.as_ref() {
                importer.send(ImportInput::Cancel { id });
            }
        })
    };
    let on_remember = {
        let dispatcher = state.dispatcher();
        Callback::from(move |mapping: RememberedMapping| {
            let signature = mapping.signature.clone();
            if storage::save_mapping(mapping) {
                dispatcher.dispatch(Action::Remembered(signature));
            }
        })
    };
    let on_load_demo = {
        let (send, dispatcher) = (send.clone(), state.dispatcher());
        Callback::from(move |_| {
            dispatcher.dispatch(Action::FilesCleared);
            send(Request::LoadDemo {
                seed: demo::DEFAULT_SEED,
            })
        })
    };
    let on_clear = {
        let (send, dispatcher) = (send.clone(), state.dispatcher());
        Callback::from(move |_| {
            dispatcher.dispatch(Action::FilesCleared);
            send(Request::Clear)
        })
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
            <DataPage {lang} files={state.files.clone()} remembered={state.remembered.clone()}
                importer_ready={state.importer_ready}
                tables={state.view.as_ref().map(|v| v.tables.clone()).unwrap_or_else(|| vec![(TableSource::None, 0); 4])}
                {on_files} {on_load_demo} {on_clear} {on_remove} {on_cancel} {on_remap} {on_remember} />
        },
        (Some(view), Route::Overview) => html! { <OverviewPage view={view.clone()} {lang} /> },
        (Some(view), Route::Budget) => {
            let model = state
                .budget_model
                .as_ref()
                .filter(|(version, _)| *version == state.dataset_version)
                .map(|(_, model)| model.clone());
            html! {
                <BudgetPage view={view.clone()} {lang} {model} state={state.budget.clone()}
                    on_change={on_budget} version={state.dataset_version} />
            }
        }
        (Some(view), Route::Pricing) => {
            let model = state
                .pricing_model
                .as_ref()
                .filter(|(version, _)| *version == state.dataset_version)
                .map(|(_, model)| model.clone());
            let answer = state
                .pricing_scatter
                .as_ref()
                .filter(|(version, target, _, _)| {
                    *version == state.dataset_version && Some(target) == pricing_target.as_ref()
                });
            let scatter = answer.map(|(_, _, scatter, _)| scatter.clone());
            let target_baseline = answer.map(|(_, _, _, baseline)| baseline.clone());
            html! {
                <PricingPage view={view.clone()} {lang} {model} {scatter} {target_baseline} state={state.pricing.clone()}
                    on_change={on_pricing} version={state.dataset_version} />
            }
        }
        (Some(view), Route::Inventory) => {
            let model = state
                .inventory_model
                .as_ref()
                .filter(|(version, _)| *version == state.dataset_version)
                .map(|(_, model)| model.clone());
            html! {
                <InventoryPage view={view.clone()} {lang} {model} state={state.inventory.clone()}
                    on_change={on_inventory} version={state.dataset_version}
                    progress={state.inventory_progress} searched_row={state.inventory_row.clone()}
                    {on_search_row} />
            }
        }
        (Some(view), Route::Funnel) => {
            let model = state
                .funnel_model
                .as_ref()
                .filter(|(version, _)| *version == state.dataset_version)
                .map(|(_, model)| model.clone());
            html! {
                <FunnelPage view={view.clone()} {lang} {model} state={state.funnel.clone()}
                    on_change={on_funnel} version={state.dataset_version} />
            }
        }
        (Some(view), Route::Report) => {
            let current = state
                .report
                .as_ref()
                .filter(|(version, request, _)| {
                    *version == state.dataset_version
                        && Some(request) == state.report_request.as_ref()
                })
                .map(|(_, _, report)| report.clone());
            html! {
                <ReportPage view={view.clone()} {lang} request={state.report_request.clone()}
                    report={current} on_request={on_report_request}
                    printing={state.printing} {on_print} />
            }
        }
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
                // The visible name, in its own language, starts the accessible name (so a voice
                // command "click English" works); what the button does follows, for screen readers.
                <button class="lang-toggle" data-testid="lang-toggle" onclick={toggle_lang}>
                    <span lang={lang.other().tag()}>{Msg::SwitchLanguage.text(lang)}</span>
                    <span class="visually-hidden">{" — "}{Msg::SwitchLanguageLabel.text(lang)}</span>
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
