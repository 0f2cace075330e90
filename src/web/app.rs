//! The app shell: header, language toggle, hash routes, the worker bridge and the notices.
//!
//! State changes only through [`Action`] in one reducer at the root (the shape of yew's
//! `function_todomvc` example); side effects (storage, `<html lang>`, the worker) live in
//! `use_effect_with`.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use gloo::worker::{Spawnable, WorkerBridge};
use yew::prelude::*;

use super::budget::{BudgetPage, BudgetState};
use super::data::{DataPage, FileEntry, FileState};
use super::download::{self, download};
use super::funnel::{FunnelPage, FunnelState};
use super::inventory::{InventoryPage, InventoryState};
use super::overview::OverviewPage;
use super::packs::{self, PacksPanel};
use super::pricing::{self, PricingPage, PricingState};
use super::report::ReportPage;
use super::saved;
use super::settings::{self, Settings};
use super::storage;
use super::worker::{ImportInput, ImportOutput, ImportWorker, JsCodec, ShoplabWorker};
use crate::engine::ingest::{ImportError, ImportOptions, RememberedMapping};
use crate::engine::pack::{self, PackError};
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
use crate::i18n::{Lang, Msg};

/// How long the page waits for the worker's first answer before computing on the page itself.
const WORKER_TIMEOUT_MS: u32 = 6_000;
/// The same when it restores a saved workspace (tens of megabytes to read back).
const RESTORE_TIMEOUT_MS: u32 = 30_000;
/// How long the page waits for IndexedDB to give the kept workspace before starting without it.
const READ_TIMEOUT_MS: u32 = 10_000;

/// A course pack's exercise, shown above every page.
#[derive(Clone, Debug, PartialEq)]
pub struct Exercise {
    /// Its title.
    pub title: String,
    /// What the class is asked to do.
    pub instructions: String,
    /// The page it starts on.
    pub page: Option<Route>,
}

/// What "forget everything" cleared, to say so.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Forgotten {
    /// The saved workspace's size in bytes (0: there was none).
    pub workspace_bytes: u64,
    /// Its imported files.
    pub files: usize,
    /// The keys cleared from local storage (settings, mappings, language).
    pub local: storage::Cleared,
    /// IndexedDB refused to delete (its reason).
    pub error: Option<String>,
}

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
            // The menu says "Review" (复盘): its address is accepted too.
            "/report" | "/review" => Route::Report,
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
    /// The budget model of a dataset version and of the choice to fit to the revenue only
    /// (`None` inside: no marketing table).
    pub budget_model: Option<(u64, bool, Option<Rc<BudgetModel>>)>,
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
    /// Settings waiting for the next dataset (restored from the browser, or a share link's),
    /// applied when it loads.
    pub pending_settings: Option<Settings>,
    /// The course pack's exercise, when the work came from one.
    pub exercise: Option<Exercise>,
    /// Why the browser could not keep the work, said once; the app carries on in memory.
    pub storage_problem: Option<String>,
    /// What "forget everything" cleared.
    pub forgotten: Option<Forgotten>,
    /// A pack that could not be opened (or, `true`, the saved work that could not be read).
    pub pack_error: Option<(PackError, bool)>,
    /// A pack is being opened.
    pub pack_busy: bool,
    /// The import worker is taking the restored workspace over: its answer is the same data.
    pub handover: bool,
    /// When the restore of the saved workspace started (`performance.now()`), while it runs.
    pub restore_started_ms: Option<f64>,
    /// How long restoring the saved workspace took (ms), for the benchmark.
    pub restore_ms: Option<f64>,
    /// A share link to the current page's settings, once asked for.
    pub share_link: Option<String>,
    /// The address carried a share link that could not be read.
    pub share_broken: bool,
}

/// `performance.now()`, 0 when unavailable.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
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
    /// The browser could not keep the work (its reason).
    StorageProblem(String),
    /// The saved workspace is being read back.
    RestoreStarted,
    /// "Forget everything" cleared this; the pages go back to their defaults.
    Forgotten(Forgotten),
    /// A pack was sent to the worker.
    PackOpening,
    /// The import worker is taking the restored workspace over.
    Handover,
    /// A share link's settings, applied to the current dataset.
    ApplySettings(Box<Settings>),
    /// A share link was made (or closed).
    ShareLink(Option<String>),
    /// The address carried a share link that could not be read.
    ShareLinkBroken,
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
            Action::Navigate(route) => {
                if route != next.route {
                    next.share_link = None;
                }
                next.route = route;
            }
            Action::Answer(Response::Loaded(_)) if next.handover && next.view.is_some() => {
                // The same data (the demo store, or nothing), now held by the import worker:
                // the pages keep their levers.
                next.handover = false;
            }
            Action::Answer(Response::Loaded(view)) => {
                next.handover = false;
                next.dataset_version += 1;
                next.view = Some(Rc::new(*view));
                next.pack_busy = false;
                if let Some(pending) = next.pending_settings.take() {
                    pending.apply(&mut next);
                }
            }
            Action::Answer(Response::PackLoaded(loaded)) => {
                next.pack_busy = false;
                next.pack_error = None;
                if next.handover && next.view.is_some() {
                    // The same workspace, now held by the import worker.
                    next.handover = false;
                } else {
                    next.handover = false;
                    next.dataset_version += 1;
                    next.view = Some(Rc::new(loaded.view));
                    next.files = loaded
                        .files
                        .into_iter()
                        .rev()
                        .map(|f| {
                            Rc::new(FileEntry {
                                id: f.id,
                                name: f.name,
                                size: f.report.bytes,
                                options: ImportOptions::default(),
                                sheets: f.report.sheets.clone(),
                                sheet: f.report.sheet.clone(),
                                state: FileState::Done(Rc::new(*f.report)),
                                memory: 0,
                                queued_ms: 0.0,
                                restored: true,
                            })
                        })
                        .collect();
                    let settings = Settings::from_json(&loaded.settings).unwrap_or_default();
                    let (title, instructions) = (loaded.title, loaded.instructions);
                    next.exercise =
                        (!title.is_empty() || !instructions.is_empty()).then(|| Exercise {
                            title,
                            instructions,
                            page: settings.page.as_deref().map(Route::from_hash),
                        });
                    // A pack's settings win over those kept for the previous data; a saved
                    // workspace carries none, and the settings kept with it apply.
                    let mut apply = next.pending_settings.take().unwrap_or_default();
                    apply.overlay(settings);
                    apply.apply(&mut next);
                    if let Some(started) = next.restore_started_ms.take() {
                        next.restore_ms = Some(now_ms() - started);
                    }
                }
            }
            Action::Answer(Response::PackFailed { error, restoring }) => {
                next.pack_busy = false;
                next.handover = false;
                next.restore_started_ms = None;
                next.pack_error = Some((error, restoring));
            }
            Action::Answer(Response::Snapshot(_) | Response::PackFile(_)) => {}
            Action::StorageProblem(reason) => {
                next.storage_problem.get_or_insert(reason);
            }
            Action::RestoreStarted => next.restore_started_ms = Some(now_ms()),
            Action::Forgotten(forgotten) => {
                next.forgotten = Some(forgotten);
                next.files.clear();
                next.remembered.clear();
                next.report_request = None;
                next.budget = BudgetState::default();
                next.pricing = PricingState::default();
                next.inventory = InventoryState::default();
                next.funnel = FunnelState::default();
                next.exercise = None;
                next.pending_settings = None;
                next.storage_problem = None;
                next.pack_error = None;
            }
            Action::PackOpening => {
                next.pack_busy = true;
                next.pack_error = None;
                next.forgotten = None;
            }
            Action::Handover => next.handover = true,
            Action::ApplySettings(settings) => {
                let settings = *settings;
                if next.view.is_some() {
                    settings.apply(&mut next);
                } else {
                    next.pending_settings
                        .get_or_insert_with(Settings::default)
                        .overlay(settings);
                }
            }
            Action::ShareLink(link) => next.share_link = link,
            Action::ShareLinkBroken => next.share_broken = true,
            Action::Answer(Response::Report { request, report }) => {
                next.report = Some((next.dataset_version, request, report.map(|r| Rc::new(*r))));
            }
            Action::Answer(Response::Imported { id, report, view }) => {
                next.dataset_version += 1;
                next.view = Some(Rc::new(*view));
                next.forgotten = None;
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
                    restored: false,
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
            // An answer for the other choice (the box was ticked and unticked before it came)
            // would hide the one shown and not be asked for again.
            Action::Answer(Response::BudgetModel {
                model,
                revenue_only,
            }) if revenue_only == next.budget.revenue_only => {
                next.budget_model = Some((
                    next.dataset_version,
                    revenue_only,
                    model.map(|m| Rc::new(*m)),
                ));
            }
            Action::Answer(Response::BudgetModel { .. }) => {}
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
    /// The saved form of the workspace while the start-up worker holds it (restored, or saved
    /// since): the import worker starts from it, so it takes over imported files too.
    last_snapshot: Option<js_sys::Uint8Array>,
    /// The next dataset change is not saved: it came from the saved workspace itself, or from
    /// forgetting it.
    skip_save: bool,
    /// The name the pack file asked for is saved under.
    pack_file_name: Option<String>,
    /// The start-up worker's deadline.
    timeout: Option<Timeout>,
    /// The deadline for reading the kept workspace.
    read_timeout: Option<Timeout>,
    /// Nothing is saved in this session: the kept copy could not be read, or was written by a
    /// newer Shoplab, and must not be overwritten with the demo store.
    no_save: bool,
    /// "Forget everything" is under way: copies of the workspace asked for before it are
    /// dropped, not saved (they would bring the forgotten data back).
    forgetting: bool,
}

/// Sends a request to whichever holds the workspace; the page's own workspace answers at once.
fn send_request(
    bridges: &Rc<RefCell<Bridges>>,
    dispatcher: &UseReducerDispatcher<State>,
    request: Request,
) {
    let answer = {
        let mut b = bridges.borrow_mut();
        if let Request::LoadDemo { .. } = request {
            b.demo_loaded = true;
        } else if let Request::Clear = request {
            b.demo_loaded = false;
        }
        if let Some(workspace) = b.local.as_mut() {
            Some(workspace.handle_on_page(request))
        } else {
            if let Some(importer) = b.importer.as_ref() {
                match request {
                    Request::Restore { bytes } => importer.send(ImportInput::Restore(
                        js_sys::Uint8Array::from(bytes.as_slice()),
                    )),
                    other => importer.send(ImportInput::Engine(other)),
                }
            } else if let Some(startup) = b.startup.as_ref() {
                startup.send(request);
            }
            None
        }
    };
    if let Some(answer) = answer {
        handle_response(answer, bridges, dispatcher);
    }
}

/// What the page does with an answer: the saved workspace goes to IndexedDB, a pack file to
/// the user's disk, everything else to the state.
fn handle_response(
    response: Response,
    bridges: &Rc<RefCell<Bridges>>,
    dispatcher: &UseReducerDispatcher<State>,
) {
    match response {
        Response::Snapshot(bytes) => {
            let array = js_sys::Uint8Array::from(bytes.as_slice());
            drop(bytes);
            {
                let mut b = bridges.borrow_mut();
                if b.importer.is_none() {
                    b.last_snapshot = Some(array.clone());
                }
                if b.forgetting || b.no_save {
                    return;
                }
            }
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(reason) = saved::save(&array).await {
                    dispatcher.dispatch(Action::StorageProblem(reason));
                }
            });
        }
        Response::PackFile(bytes) => {
            let name = bridges
                .borrow_mut()
                .pack_file_name
                .take()
                .unwrap_or_else(|| format!("shoplab.{}", pack::EXTENSION));
            if let Err(e) = download(&name, &bytes, "application/gzip") {
                gloo::console::error!(format!("pack download: {e:?}"));
            }
        }
        Response::PackFailed {
            restoring: true,
            ref error,
        } => {
            // The saved work could not be read: start from the demo store. A damaged copy is
            // saved over (so the next visit does not stumble on it again); one written by a
            // newer Shoplab is left untouched for that version.
            {
                let mut b = bridges.borrow_mut();
                b.last_snapshot = None;
                b.skip_save = false;
                b.no_save = matches!(error, PackError::Newer { .. });
            }
            dispatcher.dispatch(Action::Answer(response));
            send_request(
                bridges,
                dispatcher,
                Request::LoadDemo {
                    seed: demo::DEFAULT_SEED,
                },
            );
        }
        Response::PackLoaded(ref loaded) => {
            // New files are numbered after the pack's, so an import never takes a kept
            // file's id (which would replace it).
            {
                let mut b = bridges.borrow_mut();
                let highest = loaded.files.iter().map(|f| f.id).max().unwrap_or(0);
                b.next_id = b.next_id.max(highest);
            }
            dispatcher.dispatch(Action::Answer(response));
        }
        Response::Loaded(_) => {
            bridges.borrow_mut().forgetting = false;
            dispatcher.dispatch(Action::Answer(response));
        }
        other => dispatcher.dispatch(Action::Answer(other)),
    }
}

/// Spawns the import worker unless it runs (or the page computes itself). It starts from the
/// start-up worker's workspace: the saved form of it when there is one (restored files, a
/// pack's exercise), else the demo store when the page shows the demo, so a file replaces only
/// its own table.
fn ensure_importer(bridges: &Rc<RefCell<Bridges>>, dispatcher: &UseReducerDispatcher<State>) {
    {
        let b = bridges.borrow();
        if b.importer.is_some() || b.local.is_some() {
            return;
        }
    }
    let answered = Cell::new(false);
    let importer = {
        let (bridges, dispatcher) = (bridges.clone(), dispatcher.clone());
        ImportWorker::spawner()
            .encoding::<JsCodec>()
            .callback(move |output| match output {
                ImportOutput::Engine(_) => {
                    if !answered.replace(true) {
                        dispatcher.dispatch(Action::ImporterReady);
                    }
                    if let Some(response) = output.response() {
                        handle_response(response, &bridges, &dispatcher)
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
            .spawn_with_loader("./importer_loader.js")
    };
    let mut b = bridges.borrow_mut();
    if let Some(snapshot) = b.last_snapshot.take() {
        importer.send(ImportInput::Restore(snapshot));
        dispatcher.dispatch(Action::Handover);
    } else if b.demo_loaded {
        importer.send(ImportInput::Engine(Request::LoadDemo {
            seed: demo::DEFAULT_SEED,
        }));
        dispatcher.dispatch(Action::Handover);
    } else {
        importer.send(ImportInput::Engine(Request::View));
        dispatcher.dispatch(Action::Handover);
    }
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
        pending_settings: storage::load_settings(),
        exercise: None,
        storage_problem: None,
        forgotten: None,
        pack_error: None,
        pack_busy: false,
        handover: false,
        restore_started_ms: None,
        restore_ms: None,
        share_link: None,
        share_broken: false,
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
        Rc::new(move |request: Request| send_request(&bridges, &dispatcher, request))
    };

    // Sends a file to the import worker, spawning it on the first file (with the demo store
    // loaded in it first when the page shows the demo, so the file replaces only its table).
    let send_file: Rc<dyn Fn(u32, web_sys::File, ImportOptions)> = {
        let (bridges, dispatcher) = (bridges.clone(), state.dispatcher());
        Rc::new(move |id, file, options| {
            dispatcher.dispatch(Action::FileQueued {
                id,
                name: file.name(),
                size: file.size().max(0.0) as u64,
                options: options.clone(),
                now_ms: js_sys::Date::now(),
            });
            if bridges.borrow().local.is_some() {
                dispatcher.dispatch(Action::Answer(Response::ImportFailed {
                    id,
                    file_name: file.name(),
                    error: Box::new(ImportError::WorkerUnavailable),
                }));
                return;
            }
            ensure_importer(&bridges, &dispatcher);
            let mut b = bridges.borrow_mut();
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

    // Start the worker and give it the workspace kept in this browser (else the demo store);
    // if it has not answered in time, take over on the page.
    {
        let (bridges, dispatcher) = (bridges.clone(), state.dispatcher());
        use_effect_with((), move |_| {
            let answered = Rc::new(Cell::new(false));
            let spawned = {
                let (bridges, dispatcher, answered) =
                    (bridges.clone(), dispatcher.clone(), answered.clone());
                ShoplabWorker::spawner()
                    .callback(move |response| {
                        answered.set(true);
                        // Once the import worker holds the workspace, a late answer of this
                        // worker is about data that has been replaced.
                        if bridges.borrow().importer.is_some() {
                            return;
                        }
                        handle_response(response, &bridges, &dispatcher);
                    })
                    .spawn_with_loader("./worker_loader.js")
            };
            bridges.borrow_mut().startup = Some(spawned);
            // What to start from, decided once: the kept workspace when it is read in time,
            // else the demo store (and then nothing is saved over the kept copy).
            let decided = Rc::new(Cell::new(false));
            let start: Rc<dyn Fn(Result<Option<js_sys::Uint8Array>, String>)> = {
                let (bridges, dispatcher) = (bridges.clone(), dispatcher.clone());
                Rc::new(move |read| {
                    if decided.replace(true) {
                        return;
                    }
                    let restoring = match read {
                        Ok(Some(bytes)) if bytes.length() > 0 => {
                            {
                                let mut b = bridges.borrow_mut();
                                b.skip_save = true;
                                b.last_snapshot = Some(bytes.clone());
                            }
                            dispatcher.dispatch(Action::RestoreStarted);
                            send_request(
                                &bridges,
                                &dispatcher,
                                Request::Restore {
                                    bytes: bytes.to_vec(),
                                },
                            );
                            true
                        }
                        other => {
                            if let Err(reason) = other {
                                // The kept copy may exist and be fine: never overwrite it
                                // with the demo store in this session.
                                bridges.borrow_mut().no_save = true;
                                dispatcher.dispatch(Action::StorageProblem(reason));
                            }
                            send_request(
                                &bridges,
                                &dispatcher,
                                Request::LoadDemo {
                                    seed: demo::DEFAULT_SEED,
                                },
                            );
                            false
                        }
                    };
                    let deadline = if restoring {
                        RESTORE_TIMEOUT_MS
                    } else {
                        WORKER_TIMEOUT_MS
                    };
                    let (answered, bridges2, dispatcher) =
                        (answered.clone(), bridges.clone(), dispatcher.clone());
                    let timeout = Timeout::new(deadline, move || {
                        if answered.get() {
                            return;
                        }
                        gloo::console::warn!(
                            "Shoplab: the worker did not answer; computing on the page."
                        );
                        let request = {
                            let mut b = bridges2.borrow_mut();
                            b.startup.take();
                            b.local = Some(Workspace::default());
                            match b.last_snapshot.as_ref() {
                                Some(bytes) if restoring => Request::Restore {
                                    bytes: bytes.to_vec(),
                                },
                                _ => Request::LoadDemo {
                                    seed: demo::DEFAULT_SEED,
                                },
                            }
                        };
                        dispatcher.dispatch(Action::WorkerFailed);
                        send_request(&bridges2, &dispatcher, request);
                    });
                    bridges.borrow_mut().timeout = Some(timeout);
                })
            };
            // A storage that never answers (blocked by another tab, a browser bug) must not
            // leave the page empty.
            let read_timeout = {
                let start = start.clone();
                Timeout::new(READ_TIMEOUT_MS, move || {
                    start(Err("the browser's storage did not answer".to_owned()))
                })
            };
            bridges.borrow_mut().read_timeout = Some(read_timeout);
            wasm_bindgen_futures::spawn_local(async move {
                let read = saved::load().await;
                start(read);
            });
        });
    }

    // Every change of the data is kept in the browser (not the one that came from the kept
    // copy itself).
    {
        let (bridges, dispatcher) = (bridges.clone(), state.dispatcher());
        use_effect_with(state.dataset_version, move |version| {
            if *version > 0 {
                let skip = std::mem::take(&mut bridges.borrow_mut().skip_save);
                if !skip {
                    send_request(&bridges, &dispatcher, Request::Snapshot);
                }
            }
        });
    }

    // Every change of a page's settings is kept too, once the settings kept from last time
    // have been applied to the restored data.
    {
        let dispatcher = state.dispatcher();
        let settled = state.view.is_some() && state.pending_settings.is_none();
        use_effect_with(Settings::of(&state), move |current| {
            if settled {
                if let Err(reason) = storage::save_settings(current) {
                    dispatcher.dispatch(Action::StorageProblem(reason));
                }
            }
        });
    }

    // A share link (`#/page?s=…`) applies its settings, then leaves the address (so a later
    // reload keeps what the user changes since).
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let apply = move || {
                let hash = current_hash();
                if let Some(found) = settings::from_hash(&hash) {
                    match found {
                        Ok(link) => dispatcher.dispatch(Action::ApplySettings(Box::new(link))),
                        Err(()) => dispatcher.dispatch(Action::ShareLinkBroken),
                    }
                    let clean = Route::from_hash(&hash).hash();
                    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                        let _ = history.replace_state_with_url(
                            &wasm_bindgen::JsValue::NULL,
                            "",
                            Some(clean),
                        );
                    }
                }
            };
            apply();
            let listener = web_sys::window()
                .map(|window| EventListener::new(&window, "hashchange", move |_| apply()));
            move || drop(listener)
        });
    }

    // Opening the data page warms the import worker up (fetching its code and loading the demo
    // store in it), so the first file starts at once. It is never fetched before.
    {
        let (bridges, dispatcher, started) =
            (bridges.clone(), state.dispatcher(), state.view.is_some());
        use_effect_with((state.route, started), move |(route, started)| {
            if *route == Route::Data && *started {
                ensure_importer(&bridges, &dispatcher);
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
                Some(state.report_request.clone().unwrap_or_else(|| {
                    ReportRequest::last_full_month(periods.first_day, periods.last_day)
                }))
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
    // The budget model is asked for when the budget page is open and the dataset, or the
    // choice to fit to the revenue only, changed.
    {
        let send = send.clone();
        let wanted = state.route == Route::Budget && state.view.is_some();
        let have = state.budget_model.as_ref().map(|(v, r, _)| (*v, *r));
        let key = (state.dataset_version, state.budget.revenue_only);
        use_effect_with((wanted, key), move |(wanted, key)| {
            if *wanted && have != Some(*key) {
                send(Request::BudgetModel {
                    revenue_only: key.1,
                });
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

    // Opens a course pack in the import worker (which reads packs).
    let open_pack: Rc<dyn Fn(web_sys::File)> = {
        let (bridges, dispatcher) = (bridges.clone(), state.dispatcher());
        Rc::new(move |file: web_sys::File| {
            ensure_importer(&bridges, &dispatcher);
            let b = bridges.borrow();
            if let Some(importer) = b.importer.as_ref() {
                dispatcher.dispatch(Action::PackOpening);
                importer.send(ImportInput::Pack { file });
            } else {
                dispatcher.dispatch(Action::Answer(Response::PackFailed {
                    error: PackError::Unavailable,
                    restoring: false,
                }));
            }
        })
    };
    let on_open_pack = {
        let open_pack = open_pack.clone();
        Callback::from(move |file: web_sys::File| open_pack(file))
    };
    let on_example = {
        let open_pack = open_pack.clone();
        Callback::from(move |i: usize| {
            let Some((name, bytes, _)) = packs::EXAMPLES.get(i) else {
                return;
            };
            let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(*bytes));
            match web_sys::File::new_with_u8_array_sequence(&parts, name) {
                Ok(file) => open_pack(file),
                Err(e) => gloo::console::error!(format!("example pack: {e:?}")),
            }
        })
    };
    // The settings are written when the button is pressed, not at every render (a slider's
    // move renders the app; serialising every page's settings there would cost each frame).
    let on_export_pack = {
        let (bridges, state) = (bridges.clone(), state.clone());
        Callback::from(move |(title, instructions): (String, String)| {
            let dataset = state.view.as_ref().map(|v| v.name.en.clone());
            let name = format!(
                "{}.{}",
                download::file_stem(&dataset.unwrap_or_default(), "pack"),
                pack::EXTENSION
            );
            bridges.borrow_mut().pack_file_name = Some(name);
            send_request(
                &bridges,
                &state.dispatcher(),
                Request::ExportPack {
                    title,
                    instructions,
                    settings: Settings::of(&state).to_json(),
                },
            );
        })
    };
    let on_forget = {
        let (bridges, dispatcher) = (bridges.clone(), state.dispatcher());
        let files = state
            .files
            .iter()
            .filter(|f| matches!(f.state, FileState::Done(_)))
            .count();
        Callback::from(move |_: ()| {
            // Local storage first, before the cleared workspace's answer resets the settings
            // (and with them the key that says there were some).
            let local = storage::forget_all();
            {
                let mut b = bridges.borrow_mut();
                b.files.clear();
                b.last_snapshot = None;
                b.skip_save = true;
                // Until the cleared workspace answers, copies asked for before are dropped.
                b.forgetting = true;
            }
            send_request(&bridges, &dispatcher, Request::Clear);
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let result = saved::forget().await;
                let (workspace_bytes, error) = match result {
                    Ok(bytes) => (bytes, None),
                    Err(reason) => (0, Some(reason)),
                };
                dispatcher.dispatch(Action::Forgotten(Forgotten {
                    workspace_bytes,
                    files,
                    local,
                    error,
                }));
            });
        })
    };
    let on_share = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let route = state.route;
            let param = Settings::of(&state).only(route).to_param();
            let Some(location) = web_sys::window().map(|w| w.location()) else {
                return;
            };
            let base = location.href().unwrap_or_default();
            let base = base.split('#').next().unwrap_or_default().to_owned();
            let link = format!("{base}{}?{}={param}", route.hash(), settings::HASH_PARAM);
            if let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) {
                // Copying may be refused (no permission, no focus): the link is shown anyway.
                let _ = clipboard.write_text(&link);
            }
            state.dispatch(Action::ShareLink(Some(link)));
        })
    };

    let on_files = {
        let (send_file, bridges, open_pack) =
            (send_file.clone(), bridges.clone(), open_pack.clone());
        Callback::from(move |files: Vec<web_sys::File>| {
            for file in files {
                if packs::is_pack(&file.name()) {
                    open_pack(file);
                    continue;
                }
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
        // Every file removed and no demo: say so rather than leave the label hanging.
        let name = if name.is_empty() {
            Msg::DatasetNone.text(lang).to_owned()
        } else {
            name
        };
        let range = view
            .overview
            .as_ref()
            .map(|o| super::date_range_html(o.first_day, o.last_day, lang))
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
        (_, Route::Data) => html! { <>
            <DataPage {lang} files={state.files.clone()} remembered={state.remembered.clone()}
                importer_ready={state.importer_ready}
                tables={state.view.as_ref().map(|v| v.tables.clone()).unwrap_or_else(|| vec![(TableSource::None, 0); 4])}
                {on_files} {on_load_demo} {on_clear} {on_remove} {on_cancel} {on_remap} {on_remember} />
            <PacksPanel {lang} busy={state.pack_busy}
                error={state.pack_error.as_ref().filter(|(_, restoring)| !restoring).map(|(e, _)| e.clone())}
                forgotten={state.forgotten.clone()} exercise={state.exercise.clone()}
                on_open={on_open_pack} {on_example} on_export={on_export_pack} {on_forget} />
        </> },
        (Some(view), Route::Overview) => html! { <OverviewPage view={view.clone()} {lang} /> },
        (Some(view), Route::Budget) => {
            let model = state
                .budget_model
                .as_ref()
                .filter(|(version, revenue_only, _)| {
                    *version == state.dataset_version && *revenue_only == state.budget.revenue_only
                })
                .map(|(_, _, model)| model.clone());
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
            if let Some(reason) = &state.storage_problem {
                <div class="notice warn" role="alert" data-testid="storage-notice">
                    {Msg::StorageProblem.text(lang).replace("{reason}", reason)}
                </div>
            }
            if let Some((error, true)) = &state.pack_error {
                <div class="notice warn" role="alert" data-testid="restore-notice">
                    {packs::restore_error_text(error, lang)}
                </div>
            }
            if state.share_broken {
                <div class="notice warn" role="alert" data-testid="share-broken">{Msg::ShareBroken.text(lang)}</div>
            }
            <main data-restore-ms={state.restore_ms.map(|ms| format!("{ms:.0}"))}>
                if let Some(exercise) = &state.exercise {
                    <aside class="card exercise" data-testid="exercise" aria-labelledby="exercise-title">
                        <h2 id="exercise-title"><span class="muted">{Msg::ExerciseLabel.text(lang)}{" · "}</span>
                            <span data-testid="exercise-title">{crate::i18n::pack_title(&exercise.title, lang).to_owned()}</span></h2>
                        { for crate::i18n::pack_paragraphs(&exercise.instructions, lang).into_iter().map(|line| html! { <p>{line.to_owned()}</p> }) }
                        if let Some(page) = exercise.page.filter(|p| *p != state.route) {
                            <p><a href={page.hash()} data-testid="exercise-start">
                                {Msg::ExerciseStart.text(lang).replace("{page}", page.label().text(lang))}</a></p>
                        }
                    </aside>
                }
                if matches!(state.route, Route::Report | Route::Budget | Route::Pricing | Route::Inventory | Route::Funnel) && state.view.is_some() {
                    <div class="share" data-testid="share">
                        <button class="link" data-testid="share-button" onclick={on_share}>{Msg::ShareButton.text(lang)}</button>
                        if let Some(link) = &state.share_link {
                            <label class="share-link">
                                <span class="visually-hidden">{Msg::ShareLabel.text(lang)}</span>
                                <input type="text" readonly=true value={link.clone()} data-testid="share-link" data-value={link.clone()} />
                            </label>
                            <span class="muted small">{Msg::ShareLead.text(lang)}</span>
                        }
                    </div>
                }
                <ContextProvider<download::DatasetName> context={download::DatasetName(
                    state.view.as_ref().map(|v| v.name.en.clone()).unwrap_or_default())}>
                    {page}
                </ContextProvider<download::DatasetName>>
            </main>
            <footer class="muted small">{Msg::Footer.text(lang)}</footer>
        </>
    }
}
