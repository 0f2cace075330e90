//! The workers: where the workspace (the data) lives and heavy computations run, off the page's
//! thread. Both answer [`Request`]s with [`Response`]s exactly as a page-side [`Workspace`]
//! would.
//!
//! Two binaries keep the first load small: [`ShoplabWorker`] starts with the page and serves the
//! demo store without the import code; [`ImportWorker`] (file decoding, encodings, workbooks)
//! is fetched only when the user adds a file, and from then on holds the workspace.

use gloo::worker::{HandlerId, Worker, WorkerScope};

use crate::engine::workspace::{Request, Response, Workspace};

/// The worker started with the page: the demo store and computations, no import code.
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
        scope.respond(id, self.workspace.handle_on_page(msg));
    }
}

/// The worker that imports files, spawned on the first file; it then holds the workspace.
pub struct ImportWorker {
    workspace: Workspace,
}

impl Worker for ImportWorker {
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
