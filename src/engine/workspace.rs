//! The workspace: the data being worked on — the demo store and the files imported — and the
//! requests that change or read it.
//!
//! Each imported file keeps its table. The dataset every page reads is rebuilt from them: for
//! each kind of table, the files of that kind (several are appended, e.g. monthly exports), else
//! the demo store's table when the demo is loaded. So an orders file replaces the demo's orders
//! and leaves its traffic, marketing and inventory in place, and removing the file brings the
//! demo's orders back.
//!
//! The worker owns one; if the worker cannot start, the page owns one instead and answers the
//! same requests the same way. Pure Rust, so every answer is tested on the host.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::ingest::{self, ImportError, ImportOptions, ImportReport, Imported, ImportedTable};
use super::pack::{self, Pack, PackError, PackFile};
use super::report::{self, Report, ReportRequest};
use super::sim::budget::{self, fit::FitOptions, BudgetModel};
use super::sim::funnel::{self, FunnelModel};
use super::sim::inventory::demand::SkuDemand;
use super::sim::inventory::search::{self as inventory_search, CatalogueRow, SearchSettings};
use super::sim::inventory::{self, InventoryModel, InventorySettings};
use super::sim::pricing::elasticity::{self, Scatter, Target};
use super::sim::pricing::promo::TargetBaseline;
use super::sim::pricing::{self, PricingModel};
use super::tables::{Dataset, LocalText, OrderTable, Product, TableSource};
use super::{demo, DatasetView};
use crate::engine::ingest::schema::TableKind;

/// A request from the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Replace the workspace with the demo store of this seed (imported files are removed).
    LoadDemo {
        /// The generator's seed.
        seed: u64,
    },
    /// Import a file held in memory. The worker streams files from disk instead (see
    /// `web::worker`) and hands the result to [`Workspace::add`].
    Import {
        /// The page's id for the file; importing again under the same id replaces it.
        id: u32,
        /// The file's name, for the report and the header.
        file_name: String,
        /// The file's content.
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
        /// The user's choices, if any.
        options: ImportOptions,
    },
    /// Remove one imported file.
    Remove {
        /// The file's id.
        id: u32,
    },
    /// Remove everything, the demo store included.
    Clear,
    /// The workspace as saved in the browser ([`pack::to_snapshot`]): answered with
    /// [`Response::Snapshot`].
    Snapshot,
    /// Replace the workspace with one saved in the browser.
    Restore {
        /// What [`Request::Snapshot`] gave.
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
    },
    /// The workspace as a course pack file ([`pack::to_file`]), with the exercise and the
    /// pages' settings: answered with [`Response::PackFile`]. Import worker only.
    ExportPack {
        /// The exercise's title.
        title: String,
        /// What the class is asked to do.
        instructions: String,
        /// The pages' settings (JSON text).
        settings: String,
    },
    /// Replace the workspace with a course pack file's. Import worker only.
    OpenPack {
        /// The file's content.
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
    },
    /// Change nothing; answer with the current view (a new worker's first message).
    View,
    /// The operations review of the current dataset.
    Report(ReportRequest),
    /// The budget simulator's model of the current dataset (fitted once per dataset and
    /// choice): curves fitted to the platforms' attribution where the marketing table has it,
    /// or, with `revenue_only`, every curve to the shop's revenue.
    BudgetModel {
        /// Fit every channel to the revenue, ignoring the platforms' attribution.
        revenue_only: bool,
    },
    /// The pricing page's model of the current dataset (estimated once per dataset).
    PricingModel,
    /// The ln price–ln quantity scatter of one SKU or category, with its fitted line.
    PricingScatter(Target),
    /// The inventory page's model of the current dataset under these settings (kept until the
    /// dataset or the settings change); [`Response::InventoryProgress`] reports come first.
    InventoryModel(InventorySettings),
    /// The funnel page's model of the current dataset's traffic table (kept per dataset).
    FunnelModel,
    /// One SKU's catalogue row, searched again with the inputs the user typed for it (the page
    /// shows it in place of the model's row).
    InventoryRow {
        /// The SKU with the user's inputs.
        sku: Box<SkuDemand>,
        /// The search's settings.
        settings: SearchSettings,
    },
}

/// An answer to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The workspace changed; here is what the page shows of it.
    Loaded(Box<DatasetView>),
    /// A file was imported.
    Imported {
        /// The file's id.
        id: u32,
        /// What the import found and did.
        report: Box<ImportReport>,
        /// The workspace after it.
        view: Box<DatasetView>,
    },
    /// The operations review asked for; `None` when the dataset has no order lines.
    Report {
        /// What was asked (the page ignores an answer to an older question).
        request: ReportRequest,
        /// The review.
        report: Option<Box<Report>>,
    },
    /// The budget model; `None` when the dataset has no marketing table.
    BudgetModel {
        /// The model; `None` without a marketing table.
        model: Option<Box<BudgetModel>>,
        /// As asked.
        revenue_only: bool,
    },
    /// The pricing model; `None` when the dataset has no order lines.
    PricingModel(Option<Box<PricingModel>>),
    /// The scatter asked for; `None` when the target has no estimate.
    PricingScatter {
        /// What was asked.
        target: Target,
        /// Its scatter.
        scatter: Option<Box<Scatter>>,
        /// The target's own baseline over the pricing model's period (its lines only), for
        /// promotions on it; `None` without a pricing model.
        baseline: Option<Box<TargetBaseline>>,
    },
    /// The inventory model; `None` when the dataset has no demand.
    InventoryModel(Option<Box<InventoryModel>>),
    /// The funnel model; `None` when the dataset has no traffic.
    FunnelModel(Option<Box<FunnelModel>>),
    /// A SKU's catalogue row searched with the user's inputs, with the request it answers.
    InventoryRow {
        /// The SKU searched.
        sku: Box<SkuDemand>,
        /// The settings used.
        settings: SearchSettings,
        /// Its row.
        row: Box<CatalogueRow>,
    },
    /// How far the inventory model's catalogue search has got (sent before the model; the
    /// request is still being answered).
    InventoryProgress {
        /// SKUs searched.
        done: u32,
        /// SKUs to search.
        total: u32,
    },
    /// The saved workspace ([`Request::Snapshot`]).
    Snapshot(#[serde(with = "serde_bytes")] Vec<u8>),
    /// A course pack file ([`Request::ExportPack`]).
    PackFile(#[serde(with = "serde_bytes")] Vec<u8>),
    /// A pack or a saved workspace was loaded.
    PackLoaded(Box<PackLoaded>),
    /// A pack or a saved workspace could not be read; the workspace is unchanged.
    PackFailed {
        /// Why.
        error: PackError,
        /// It was the workspace saved in the browser (else a pack the user opened).
        restoring: bool,
    },
    /// A file could not be imported; the workspace is unchanged.
    ImportFailed {
        /// The file's id.
        id: u32,
        /// The file's name.
        file_name: String,
        /// Why.
        error: Box<ImportError>,
    },
}

/// What the page needs after a pack or a saved workspace was loaded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackLoaded {
    /// The new dataset's view.
    pub view: DatasetView,
    /// Every imported file, for the data page's cards.
    pub files: Vec<PackedFile>,
    /// The exercise's title (empty when none).
    pub title: String,
    /// The exercise's instructions (empty when none).
    pub instructions: String,
    /// The pages' settings (JSON text; empty for the defaults).
    pub settings: String,
}

/// One file of a loaded pack, as the data page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackedFile {
    /// The page's id for the file.
    pub id: u32,
    /// Its name.
    pub name: String,
    /// Its import report.
    pub report: Box<ImportReport>,
}

/// One imported file and its table.
#[derive(Debug)]
struct LoadedFile {
    id: u32,
    name: String,
    currency: Option<String>,
    table: ImportedTable,
    /// Kept for the saved workspace and packs, so the data page shows the file's card again.
    report: ImportReport,
}

/// The data being worked on.
#[derive(Debug, Default)]
pub struct Workspace {
    demo: Option<Dataset>,
    /// The demo store's seed, when it is loaded (a pack stores the seed, not the tables).
    demo_seed: Option<u64>,
    /// The course pack's title and instructions, when the work came from one.
    exercise: Option<(String, String)>,
    files: Vec<LoadedFile>,
    dataset: Dataset,
    /// The budget model of the current dataset, fitted on first request: with the platforms'
    /// attribution, and from the revenue only.
    budget: [Option<Option<Box<BudgetModel>>>; 2],
    /// The pricing model of the current dataset, estimated on first request.
    pricing: Option<Option<Box<PricingModel>>>,
    /// The funnel model of the current dataset, computed on first request.
    funnel: Option<Option<Box<FunnelModel>>>,
    /// The inventory model of the current dataset and the settings it was computed with.
    inventory: Option<(InventorySettings, Option<Box<InventoryModel>>)>,
}

fn kind_of(table: &ImportedTable) -> TableKind {
    match table {
        ImportedTable::Orders { .. } => TableKind::Orders,
        ImportedTable::Traffic(_) => TableKind::Traffic,
        ImportedTable::Marketing { .. } => TableKind::Marketing,
        ImportedTable::Inventory(_) => TableKind::Inventory,
    }
}

impl Workspace {
    /// The current dataset.
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// What the page shows of the current dataset.
    pub fn view(&self) -> DatasetView {
        DatasetView::of(&self.dataset)
    }

    /// Answers a request on the page, when the worker could not start: everything but imports,
    /// which answer [`ImportError::WorkerUnavailable`]. Keeping the import's code (encoding
    /// tables, workbook reader) out of this path keeps it out of the page's wasm.
    pub fn handle_on_page(&mut self, request: Request) -> Response {
        self.handle_on_page_with(request, &mut |_| {})
    }

    /// [`Workspace::handle_on_page`], sending progress reports to `emit` before the answer.
    pub fn handle_on_page_with(
        &mut self,
        request: Request,
        emit: &mut dyn FnMut(Response),
    ) -> Response {
        match request {
            Request::Import { id, file_name, .. } => Response::ImportFailed {
                id,
                file_name,
                error: Box::new(ImportError::WorkerUnavailable),
            },
            other => self.handle_basic(other, emit),
        }
    }

    /// Answers the requests that need no import code; progress reports go to `emit`.
    fn handle_basic(&mut self, request: Request, emit: &mut dyn FnMut(Response)) -> Response {
        match request {
            Request::LoadDemo { seed } => {
                self.files.clear();
                self.exercise = None;
                self.demo = Some(demo::generate(seed).dataset);
                self.demo_seed = Some(seed);
                self.rebuild();
            }
            Request::Snapshot => return Response::Snapshot(pack::to_snapshot(&self.to_pack())),
            Request::Restore { bytes } => {
                return match pack::from_snapshot(&bytes) {
                    Ok(saved) => self.load_pack(saved),
                    Err(error) => Response::PackFailed {
                        error,
                        restoring: true,
                    },
                }
            }
            Request::Remove { id } => {
                self.files.retain(|f| f.id != id);
                self.rebuild();
            }
            Request::Clear | Request::Import { .. } => {
                self.files.clear();
                self.demo = None;
                self.demo_seed = None;
                self.exercise = None;
                self.rebuild();
            }
            Request::ExportPack { .. } | Request::OpenPack { .. } => {
                return Response::PackFailed {
                    error: PackError::Unavailable,
                    restoring: false,
                }
            }
            Request::View => {}
            Request::Report(request) => {
                return Response::Report {
                    report: report::report(&self.dataset, &request).map(Box::new),
                    request,
                }
            }
            Request::BudgetModel { revenue_only } => {
                let dataset = &self.dataset;
                let slot = &mut self.budget[usize::from(revenue_only)];
                let model = slot.get_or_insert_with(|| {
                    let options = FitOptions {
                        use_attribution: !revenue_only,
                        ..FitOptions::default()
                    };
                    budget::model(dataset, &options).map(Box::new)
                });
                return Response::BudgetModel {
                    model: model.clone(),
                    revenue_only,
                };
            }
            Request::PricingModel => {
                return Response::PricingModel(self.pricing_model().cloned().map(Box::new));
            }
            Request::FunnelModel => {
                let dataset = &self.dataset;
                let model = self
                    .funnel
                    .get_or_insert_with(|| funnel::model(dataset).map(Box::new));
                return Response::FunnelModel(model.clone());
            }
            Request::InventoryRow { sku, settings } => {
                let found = inventory_search::search_sku(&sku, &settings);
                let row = Box::new(inventory_search::row(&sku, &found, &settings));
                return Response::InventoryRow { sku, settings, row };
            }
            Request::InventoryModel(settings) => {
                if let Some((have, model)) = &self.inventory {
                    if *have == settings {
                        return Response::InventoryModel(model.clone());
                    }
                }
                // At most ~50 progress reports, whatever the catalogue's size.
                let mut last = 0;
                let mut report = |done: usize, total: usize| {
                    let step = (done * 50) / total.max(1);
                    if step != last {
                        last = step;
                        emit(Response::InventoryProgress {
                            done: done.min(u32::MAX as usize) as u32,
                            total: total.min(u32::MAX as usize) as u32,
                        });
                    }
                };
                let model = inventory::model_with_progress(&self.dataset, &settings, &mut report)
                    .map(Box::new);
                self.inventory = Some((settings, model.clone()));
                return Response::InventoryModel(model);
            }
            Request::PricingScatter(target) => {
                self.pricing_model();
                let scatter = self
                    .pricing
                    .as_ref()
                    .and_then(|m| m.as_deref())
                    .and_then(|m| elasticity::scatter(&self.dataset, &m.elasticity, &target))
                    .map(Box::new);
                let baseline = self.pricing.as_ref().and_then(|m| m.as_deref()).map(|m| {
                    Box::new(TargetBaseline::of(
                        &self.dataset.orders,
                        m.baseline_period,
                        &target,
                        &self.dataset.products,
                    ))
                });
                return Response::PricingScatter {
                    target,
                    scatter,
                    baseline,
                };
            }
        }
        Response::Loaded(Box::new(self.view()))
    }

    /// The pricing model of the current dataset, estimated on first use.
    fn pricing_model(&mut self) -> Option<&PricingModel> {
        let dataset = &self.dataset;
        self.pricing
            .get_or_insert_with(|| pricing::model(dataset).map(Box::new))
            .as_deref()
    }

    /// Answers a request.
    pub fn handle(&mut self, request: Request) -> Response {
        self.handle_with(request, &mut |_| {})
    }

    /// [`Workspace::handle`], sending progress reports to `emit` before the answer.
    pub fn handle_with(&mut self, request: Request, emit: &mut dyn FnMut(Response)) -> Response {
        match request {
            Request::Import {
                id,
                file_name,
                bytes,
                options,
            } => {
                let result = ingest::import(&file_name, &bytes, &options);
                self.add(id, &file_name, result)
            }
            Request::ExportPack {
                title,
                instructions,
                settings,
            } => {
                let mut pack = self.to_pack();
                pack.title = title;
                pack.instructions = instructions;
                pack.settings = settings;
                Response::PackFile(pack::to_file(&pack))
            }
            Request::OpenPack { bytes } => match pack::from_file(&bytes) {
                Ok(opened) => self.load_pack(opened),
                Err(error) => Response::PackFailed {
                    error,
                    restoring: false,
                },
            },
            other => self.handle_basic(other, emit),
        }
    }

    /// Adds the result of an import under the page's id (replacing an earlier import with the
    /// same id), and answers with the report or the error.
    pub fn add(
        &mut self,
        id: u32,
        file_name: &str,
        result: Result<Imported, ImportError>,
    ) -> Response {
        match result {
            Ok(imported) => {
                let report = imported.report;
                let file = LoadedFile {
                    id,
                    name: file_name.to_owned(),
                    currency: report.currency.clone(),
                    table: imported.table,
                    report: report.clone(),
                };
                match self.files.iter_mut().find(|f| f.id == id) {
                    Some(slot) => *slot = file,
                    None => self.files.push(file),
                }
                self.rebuild();
                Response::Imported {
                    id,
                    report: Box::new(report),
                    view: Box::new(self.view()),
                }
            }
            Err(error) => Response::ImportFailed {
                id,
                file_name: file_name.to_owned(),
                error: Box::new(error),
            },
        }
    }

    /// The workspace as a pack (without title, instructions or settings, which the caller adds).
    pub fn to_pack(&self) -> Pack {
        let mut saved = Pack::new();
        if let Some((title, instructions)) = &self.exercise {
            saved.title = title.clone();
            saved.instructions = instructions.clone();
        }
        saved.demo_seed = self.demo_seed;
        saved.files = self
            .files
            .iter()
            .map(|f| PackFile {
                id: f.id,
                name: f.name.clone(),
                currency: f.currency.clone(),
                table: f.table.clone(),
                report: f.report.clone(),
            })
            .collect();
        saved
    }

    /// Replaces the workspace with a pack's data, and answers with what the page needs to show
    /// it again: the view, every file's report, the exercise and the settings.
    pub fn load_pack(&mut self, opened: Pack) -> Response {
        self.demo = opened.demo_seed.map(|seed| demo::generate(seed).dataset);
        self.demo_seed = opened.demo_seed;
        self.exercise = (!opened.title.is_empty() || !opened.instructions.is_empty())
            .then(|| (opened.title.clone(), opened.instructions.clone()));
        let mut files = Vec::with_capacity(opened.files.len());
        self.files = opened
            .files
            .into_iter()
            .map(|f| {
                files.push(PackedFile {
                    id: f.id,
                    name: f.name.clone(),
                    report: Box::new(f.report.clone()),
                });
                LoadedFile {
                    id: f.id,
                    name: f.name,
                    currency: f.currency,
                    table: f.table,
                    report: f.report,
                }
            })
            .collect();
        self.rebuild();
        Response::PackLoaded(Box::new(PackLoaded {
            view: self.view(),
            files,
            title: opened.title,
            instructions: opened.instructions,
            settings: opened.settings,
        }))
    }

    /// Rebuilds the dataset from the demo store and the imported files.
    fn rebuild(&mut self) {
        let demo = self.demo.as_ref();
        let of_kind = |kind: TableKind| -> Vec<&LoadedFile> {
            self.files
                .iter()
                .filter(|f| kind_of(&f.table) == kind)
                .collect()
        };
        let source = |files: &[&LoadedFile]| {
            if !files.is_empty() {
                TableSource::Files(files.iter().map(|f| f.name.clone()).collect())
            } else if demo.is_some() {
                TableSource::Demo
            } else {
                TableSource::None
            }
        };
        let mut dataset = Dataset::default();

        let order_files = of_kind(TableKind::Orders);
        dataset.sources[0] = source(&order_files);
        match order_files.as_slice() {
            [] => {
                if let Some(d) = demo {
                    dataset.orders = d.orders.clone();
                    dataset.products = d.products.clone();
                    dataset.currency = d.currency.clone();
                }
            }
            files => {
                let mut merged: Option<OrderTable> = None;
                let mut products: Vec<Product> = Vec::new();
                // The SKUs listed so far: a file's catalogue can hold thousands (Online
                // Retail: 4,070), and a search of the list for each was quadratic (~25 ms).
                let mut listed: std::collections::HashSet<&str> = std::collections::HashSet::new();
                for f in files {
                    if let ImportedTable::Orders {
                        orders,
                        products: p,
                    } = &f.table
                    {
                        if files.len() == 1 {
                            dataset.orders = Arc::clone(orders);
                        } else {
                            merged
                                .get_or_insert_with(OrderTable::default)
                                .append(orders);
                        }
                        for product in p {
                            if listed.insert(product.sku.as_str()) {
                                products.push(product.clone());
                            }
                        }
                    }
                }
                if let Some(m) = merged {
                    dataset.orders = Arc::new(m);
                }
                dataset.products = products;
                // The files' own currency when their prices say so; else none is shown.
                dataset.currency = files
                    .iter()
                    .find_map(|f| f.currency.clone())
                    .unwrap_or_default();
            }
        }

        let traffic_files = of_kind(TableKind::Traffic);
        dataset.sources[1] = source(&traffic_files);
        dataset.traffic = if traffic_files.is_empty() {
            demo.map(|d| d.traffic.clone()).unwrap_or_default()
        } else {
            traffic_files
                .iter()
                .flat_map(|f| match &f.table {
                    ImportedTable::Traffic(rows) => rows.clone(),
                    _ => Vec::new(),
                })
                .collect()
        };

        let marketing_files = of_kind(TableKind::Marketing);
        dataset.sources[2] = source(&marketing_files);
        if marketing_files.is_empty() {
            if let Some(d) = demo {
                dataset.marketing = d.marketing.clone();
                dataset.period_revenue = d.period_revenue.clone();
            }
        } else {
            for f in &marketing_files {
                if let ImportedTable::Marketing { rows, revenue } = &f.table {
                    dataset.marketing.extend(rows.iter().cloned());
                    dataset.period_revenue.extend(revenue.iter().cloned());
                }
            }
        }

        let inventory_files = of_kind(TableKind::Inventory);
        dataset.sources[3] = source(&inventory_files);
        dataset.inventory = if inventory_files.is_empty() {
            demo.map(|d| d.inventory.clone()).unwrap_or_default()
        } else {
            inventory_files
                .iter()
                .flat_map(|f| match &f.table {
                    ImportedTable::Inventory(rows) => rows.clone(),
                    _ => Vec::new(),
                })
                .collect()
        };

        let names: Vec<&str> = self.files.iter().map(|f| f.name.as_str()).collect();
        // The demo store is named only while some table still comes from it.
        let demo = demo.filter(|_| dataset.sources.contains(&TableSource::Demo));
        dataset.name = match (names.is_empty(), demo) {
            (true, Some(d)) => d.name.clone(),
            (true, None) => LocalText::default(),
            (false, Some(d)) => LocalText {
                en: format!("{} + {}", names.join(" + "), d.name.en),
                zh: format!("{} + {}", names.join(" + "), d.name.zh),
            },
            (false, None) => {
                let joined = names.join(" + ");
                LocalText::new(&joined, &joined)
            }
        };
        self.dataset = dataset;
        self.budget = [None, None];
        self.pricing = None;
        self.inventory = None;
        self.funnel = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn import(ws: &mut Workspace, id: u32, name: &str, csv: &str) -> Response {
        ws.handle(Request::Import {
            id,
            file_name: name.into(),
            bytes: csv.as_bytes().to_vec(),
            options: ImportOptions::default(),
        })
    }

    #[test]
    fn an_orders_file_replaces_the_demo_orders_until_removed() {
        let mut ws = Workspace::default();
        ws.handle(Request::LoadDemo { seed: 3 });
        let demo_orders = ws.dataset().orders.len();
        let traffic_rows = ws.dataset().traffic.len();
        let response = import(
            &mut ws,
            1,
            "shop.csv",
            "Order ID,Order Date,Quantity,Price\nA,2024-03-01,2,5\nB,2024-03-31,1,10\n",
        );
        let Response::Imported { report, view, .. } = response else {
            panic!("{response:?}")
        };
        assert_eq!((report.rows_read, report.rows_used), (2, 2));
        assert_eq!(view.overview.as_ref().map(|o| o.current.gmv), Some(20.0));
        assert_eq!(ws.dataset().orders.len(), 2);
        assert_eq!(
            ws.dataset().traffic.len(),
            traffic_rows,
            "other tables stay"
        );
        assert_eq!(
            ws.dataset().sources[0],
            TableSource::Files(vec!["shop.csv".into()])
        );
        assert_eq!(ws.dataset().sources[1], TableSource::Demo);
        assert!(ws.dataset().name.en.starts_with("shop.csv + "));
        ws.handle(Request::Remove { id: 1 });
        assert_eq!(
            ws.dataset().orders.len(),
            demo_orders,
            "the demo's orders are back"
        );
        assert_eq!(ws.dataset().sources[0], TableSource::Demo);
    }

    /// The demo store is named in the dataset's name while one of its tables is in use, and
    /// not once every table comes from a file.
    #[test]
    fn the_demo_is_named_only_while_a_table_comes_from_it() {
        let mut ws = Workspace::default();
        ws.handle(Request::LoadDemo {
            seed: demo::DEFAULT_SEED,
        });
        let files = [
            ("orders.csv", "Order ID,Order Date,Quantity,Price\nA,2024-03-01,2,5\n"),
            ("traffic.csv", "日期,访客数,加购人数,下单买家数,支付买家数,支付金额\n2024-03-01,1000,80,30,25,3000\n"),
            ("mmm.csv", "DATE,revenue,tv_S,search_S\n2024-03-04,10000,500,200\n2024-03-11,11000,0,250\n"),
        ];
        for (i, (name, csv)) in files.iter().enumerate() {
            import(&mut ws, i as u32 + 1, name, csv);
            assert!(
                ws.dataset().name.en.ends_with("Demo store"),
                "{}",
                ws.dataset().name.en
            );
        }
        import(
            &mut ws,
            4,
            "stock.csv",
            "SKU,On hand,Unit cost,Lead time\nS1,40,2.5,14\n",
        );
        assert!(!ws.dataset().sources.contains(&TableSource::Demo));
        assert_eq!(
            ws.dataset().name.en,
            "orders.csv + traffic.csv + mmm.csv + stock.csv"
        );
        ws.handle(Request::Remove { id: 4 });
        assert!(ws.dataset().name.en.ends_with("Demo store"));
    }

    #[test]
    fn files_of_one_kind_are_appended_and_an_id_replaces() {
        let mut ws = Workspace::default();
        import(
            &mut ws,
            1,
            "march.csv",
            "Order ID,Order Date,Quantity,Price\nA,2024-03-01,2,5\n",
        );
        import(
            &mut ws,
            2,
            "april.csv",
            "Order ID,Order Date,Quantity,Price\nB,2024-04-01,1,10\nC,2024-04-02,1,10\n",
        );
        assert_eq!(ws.dataset().orders.len(), 3);
        assert_eq!(ws.dataset().name.en, "march.csv + april.csv");
        // Re-importing under id 2 (after a mapping change) replaces that file.
        import(
            &mut ws,
            2,
            "april.csv",
            "Order ID,Order Date,Quantity,Price\nB,2024-04-01,1,10\n",
        );
        assert_eq!(ws.dataset().orders.len(), 2);
        assert_eq!(ws.dataset().sources[1], TableSource::None, "no demo loaded");
    }

    #[test]
    fn traffic_marketing_and_inventory_files_fill_their_tables() {
        let mut ws = Workspace::default();
        import(
            &mut ws,
            1,
            "traffic.csv",
            "日期,访客数,加购人数,支付买家数,支付金额\n2024-03-01,100,10,3,300\n",
        );
        import(
            &mut ws,
            2,
            "mmm.csv",
            "DATE,revenue,tv_S,search_S\n2024-03-04,1000,50,20\n2024-03-11,1100,0,25\n",
        );
        import(&mut ws, 3, "stock.csv", "SKU,On hand,Unit cost\nA,5,2.5\n");
        let d = ws.dataset();
        assert_eq!(d.traffic.len(), 1);
        assert_eq!(d.marketing.len(), 4, "2 weeks × 2 channels");
        assert_eq!(d.period_revenue.len(), 2);
        assert_eq!(d.inventory.len(), 1);
        assert!(d.orders.is_empty());
    }

    #[test]
    fn a_failed_import_leaves_the_workspace_unchanged() {
        let mut ws = Workspace::default();
        ws.handle(Request::LoadDemo { seed: 3 });
        let before = ws.dataset().orders.len();
        let response = ws.handle(Request::Import {
            id: 1,
            file_name: "logo.csv".into(),
            bytes: b"\x89PNG\r\n\x1a\n".to_vec(),
            options: ImportOptions::default(),
        });
        assert!(matches!(response, Response::ImportFailed { .. }));
        assert_eq!(ws.dataset().orders.len(), before);
        ws.handle(Request::Clear);
        assert!(ws.dataset().orders.is_empty());
        assert_eq!(ws.dataset().sources[0], TableSource::None);
    }

    #[test]
    fn the_inventory_model_covers_every_sku_largest_first() {
        let mut ws = Workspace::default();
        ws.handle(Request::LoadDemo { seed: 3 });
        let mut settings = InventorySettings::default();
        settings.search.sim.replications = 20;
        let mut reports = Vec::new();
        let Response::InventoryModel(Some(model)) = ws
            .handle_with(Request::InventoryModel(settings.clone()), &mut |r| {
                reports.push(r)
            })
        else {
            panic!("no inventory model")
        };
        assert!(!model.skus.is_empty());
        assert_eq!(model.catalogue.rows.len(), model.skus.len());
        assert!(model.skus.windows(2).all(|w| w[0].revenue >= w[1].revenue));
        assert!(model
            .skus
            .iter()
            .zip(&model.catalogue.rows)
            .all(|(s, r)| s.sku == r.sku));
        // Progress reports came before the answer, ending with every SKU done.
        assert!(!reports.is_empty() && reports.len() <= 50);
        assert_eq!(
            reports.last(),
            Some(&Response::InventoryProgress {
                done: model.skus.len() as u32,
                total: model.skus.len() as u32
            })
        );
        // The same settings again: the kept model, no new search.
        let mut again = 0;
        let Response::InventoryModel(Some(same)) = ws
            .handle_with(Request::InventoryModel(settings.clone()), &mut |_| {
                again += 1
            })
        else {
            panic!("no inventory model")
        };
        assert_eq!(again, 0);
        assert_eq!(same, model);
        ws.handle(Request::Clear);
        assert!(matches!(
            ws.handle(Request::InventoryModel(settings)),
            Response::InventoryModel(None)
        ));
    }

    #[test]
    fn one_skus_row_is_searched_again_with_typed_inputs() {
        let mut ws = Workspace::default();
        ws.handle(Request::LoadDemo { seed: 3 });
        let mut settings = InventorySettings::default();
        settings.search.sim.replications = 32;
        let Response::InventoryModel(Some(model)) =
            ws.handle(Request::InventoryModel(settings.clone()))
        else {
            panic!("no inventory model")
        };
        let mut sku = model.skus[0].clone();
        let before = &model.catalogue.rows[0];
        // Three times the lead time: the answer echoes the request, and the cheapest policy
        // now holds more stock (its reorder point covers the longer wait).
        sku.lead_time_days *= 3.0;
        let Response::InventoryRow {
            sku: echoed,
            settings: used,
            row,
        } = ws.handle(Request::InventoryRow {
            sku: Box::new(sku.clone()),
            settings: settings.search.clone(),
        })
        else {
            panic!("no row")
        };
        assert_eq!((*echoed, used), (sku.clone(), settings.search));
        assert_eq!(row.sku, before.sku);
        assert_eq!(row.lead_time_days, sku.lead_time_days);
        let reorder = |p: Option<crate::engine::sim::inventory::simulate::Policy>| match p {
            Some(crate::engine::sim::inventory::simulate::Policy::ReorderQuantity {
                s, ..
            }) => s,
            other => panic!("{other:?}"),
        };
        assert!(reorder(row.policy) > reorder(before.policy));
        assert!(row.cash_tied_up > before.cash_tied_up);
    }

    #[test]
    fn the_pricing_model_and_a_scatter_come_from_the_dataset() {
        let mut ws = Workspace::default();
        ws.handle(Request::LoadDemo { seed: 3 });
        let Response::PricingModel(Some(model)) = ws.handle(Request::PricingModel) else {
            panic!("no pricing model")
        };
        assert_eq!(model.products.len(), model.elasticity.skus.len());
        // Every category has its names: the English one it is estimated under, and the
        // catalogue's Chinese one (the demo's categories all have one with Chinese in it).
        assert_eq!(
            model.category_names.len(),
            model.elasticity.categories.len()
        );
        assert!(!model.category_names.is_empty());
        for (names, e) in model
            .category_names
            .iter()
            .zip(&model.elasticity.categories)
        {
            assert_eq!(
                crate::engine::sim::pricing::elasticity::Target::Category(names.en.clone()),
                e.target
            );
            assert!(
                names
                    .zh
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{names:?}"
            );
        }
        assert!(model.baseline.orders > 0.0);
        let target = model.elasticity.skus[0].target.clone();
        let Response::PricingScatter {
            scatter, baseline, ..
        } = ws.handle(Request::PricingScatter(target))
        else {
            panic!("no scatter answer")
        };
        assert!(scatter.is_some_and(|s| !s.points.is_empty()));
        let baseline = baseline.expect("the target's baseline");
        assert!(baseline.baseline.orders > 0.0);
        assert!(baseline.baseline.orders <= model.baseline.orders);
        assert!(baseline.baseline.gmv < model.baseline.gmv);
        assert_eq!(baseline.shop_orders, model.baseline.orders);
        ws.handle(Request::Clear);
        assert!(matches!(
            ws.handle(Request::PricingModel),
            Response::PricingModel(None)
        ));
    }

    #[test]
    fn on_the_page_imports_say_they_need_the_worker() {
        let mut ws = Workspace::default();
        let response = ws.handle_on_page(Request::LoadDemo { seed: 3 });
        assert!(matches!(response, Response::Loaded(_)));
        let response = ws.handle_on_page(Request::Import {
            id: 1,
            file_name: "a.csv".into(),
            bytes: b"Order ID,Order Date,Quantity,Price\nA,2024-03-01,2,5\n".to_vec(),
            options: ImportOptions::default(),
        });
        let Response::ImportFailed { error, .. } = response else {
            panic!("{response:?}")
        };
        assert_eq!(*error, ImportError::WorkerUnavailable);
        assert!(!ws.dataset().orders.is_empty(), "the demo stays");
    }
}
