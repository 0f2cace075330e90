//! The workspace: the dataset being worked on, and the requests that change or read it.
//!
//! The worker owns one; if the worker cannot start, the page owns one instead and answers the
//! same requests the same way. Pure Rust, so every answer is tested on the host.

use serde::{Deserialize, Serialize};

use super::ingest::{self, ImportError, ImportOptions, ImportReport};
use super::tables::{Dataset, LocalText};
use super::{demo, DatasetView};

/// A request from the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Replace the workspace with the demo store of this seed.
    LoadDemo {
        /// The generator's seed.
        seed: u64,
    },
    /// Import a file's bytes.
    Import {
        /// The file's name, for the report and the header.
        file_name: String,
        /// The file's content.
        bytes: Vec<u8>,
        /// The user's choices, if any.
        options: ImportOptions,
    },
    /// Remove the imported tables and return to an empty workspace.
    Clear,
}

/// An answer to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The workspace changed; here is what the page shows of it.
    Loaded(Box<DatasetView>),
    /// A file was imported.
    Imported {
        /// What the import found and did.
        report: Box<ImportReport>,
        /// The workspace after it.
        view: Box<DatasetView>,
    },
    /// A file could not be imported; the workspace is unchanged.
    ImportFailed {
        /// The file's name.
        file_name: String,
        /// Why.
        error: Box<ImportError>,
    },
}

/// The data being worked on.
#[derive(Debug, Default)]
pub struct Workspace {
    dataset: Dataset,
}

impl Workspace {
    /// The current dataset.
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// Answers a request on the page, when the worker could not start: everything but imports,
    /// which answer [`ImportError::WorkerUnavailable`]. Keeping the import's code (encoding
    /// tables, workbook reader) out of this path keeps it out of the page's wasm.
    pub fn handle_on_page(&mut self, request: Request) -> Response {
        match request {
            Request::Import { file_name, .. } => Response::ImportFailed {
                file_name,
                error: Box::new(ImportError::WorkerUnavailable),
            },
            other => self.handle_basic(other),
        }
    }

    /// Answers the requests that need no import code.
    fn handle_basic(&mut self, request: Request) -> Response {
        match request {
            Request::LoadDemo { seed } => {
                self.dataset = demo::generate(seed).dataset;
                Response::Loaded(Box::new(DatasetView::of(&self.dataset)))
            }
            Request::Clear | Request::Import { .. } => {
                self.dataset = Dataset::default();
                Response::Loaded(Box::new(DatasetView::of(&self.dataset)))
            }
        }
    }

    /// Answers a request.
    pub fn handle(&mut self, request: Request) -> Response {
        match request {
            Request::Import {
                file_name,
                bytes,
                options,
            } => match ingest::import_orders(&file_name, &bytes, &options) {
                Ok(imported) => {
                    // An orders file replaces the orders (and the catalogue it brings) for every
                    // page; the other tables stay until files of their kind arrive.
                    self.dataset.orders = imported.orders;
                    self.dataset.products = imported.products;
                    self.dataset.name = LocalText::new(&file_name, &file_name);
                    // The file's own currency when its prices say so; else none is shown.
                    self.dataset.currency = imported.report.currency.clone().unwrap_or_default();
                    Response::Imported {
                        report: Box::new(imported.report),
                        view: Box::new(DatasetView::of(&self.dataset)),
                    }
                }
                Err(error) => Response::ImportFailed {
                    file_name,
                    error: Box::new(error),
                },
            },
            other => self.handle_basic(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_orders_file_replaces_the_demo_orders() {
        let mut ws = Workspace::default();
        ws.handle(Request::LoadDemo { seed: 3 });
        let traffic_rows = ws.dataset().traffic.len();
        let csv =
            b"Order ID,Order Date,Quantity,Price\nA,2024-03-01,2,5\nB,2024-03-31,1,10\n".to_vec();
        let response = ws.handle(Request::Import {
            file_name: "shop.csv".into(),
            bytes: csv,
            options: ImportOptions::default(),
        });
        let Response::Imported { report, view } = response else {
            panic!("{response:?}")
        };
        assert_eq!((report.rows_read, report.rows_used), (2, 2));
        assert_eq!(view.name.en, "shop.csv");
        assert_eq!(view.overview.unwrap().current.gmv, 20.0);
        assert_eq!(ws.dataset().orders.len(), 2);
        assert_eq!(
            ws.dataset().traffic.len(),
            traffic_rows,
            "other tables stay"
        );
    }

    #[test]
    fn a_failed_import_leaves_the_workspace_unchanged() {
        let mut ws = Workspace::default();
        ws.handle(Request::LoadDemo { seed: 3 });
        let before = ws.dataset().orders.len();
        let response = ws.handle(Request::Import {
            file_name: "logo.csv".into(),
            bytes: b"\x89PNG\r\n\x1a\n".to_vec(),
            options: ImportOptions::default(),
        });
        assert!(matches!(response, Response::ImportFailed { .. }));
        assert_eq!(ws.dataset().orders.len(), before);
        ws.handle(Request::Clear);
        assert!(ws.dataset().orders.is_empty());
    }

    #[test]
    fn on_the_page_imports_say_they_need_the_worker() {
        let mut ws = Workspace::default();
        let response = ws.handle_on_page(Request::LoadDemo { seed: 3 });
        assert!(matches!(response, Response::Loaded(_)));
        let response = ws.handle_on_page(Request::Import {
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
