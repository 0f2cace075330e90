//! The worker: where datasets live and heavy computations run, off the page's thread.
//!
//! The page sends a [`WorkerRequest`]; the worker answers with the numbers to draw. Today it
//! generates the demo store and its overview; file import and simulations join it later.

use gloo::worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

use crate::engine::{self, DatasetView};

/// A request from the page.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum WorkerRequest {
    /// Generate the demo store with this seed and summarise it.
    LoadDemo {
        /// The generator's seed.
        seed: u64,
    },
}

/// An answer to the page.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum WorkerResponse {
    /// A dataset is loaded; here is what the page shows of it.
    Loaded(Box<DatasetView>),
}

/// The Shoplab worker.
pub struct ShoplabWorker;

impl Worker for ShoplabWorker {
    type Message = ();
    type Input = WorkerRequest;
    type Output = WorkerResponse;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        Self
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Self::Input, id: HandlerId) {
        match msg {
            WorkerRequest::LoadDemo { seed } => {
                let view = engine::demo_view(seed);
                scope.respond(id, WorkerResponse::Loaded(Box::new(view)));
            }
        }
    }
}
