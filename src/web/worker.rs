//! The worker: where the workspace (the data) lives and heavy computations run, off the page's
//! thread. It answers [`Request`]s with [`Response`]s exactly as a page-side
//! [`Workspace`] would, which is the fallback when the worker cannot start.

use gloo::worker::{HandlerId, Worker, WorkerScope};

use crate::engine::workspace::{Request, Response, Workspace};

/// The Shoplab worker.
pub struct ShoplabWorker {
    workspace: Workspace,
}

impl Worker for ShoplabWorker {
    type Message = ();
    type Input = Request;
    type Output = Response;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        Self {
            workspace: Workspace::default(),
        }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Self::Input, id: HandlerId) {
        scope.respond(id, self.workspace.handle(msg));
    }
}
