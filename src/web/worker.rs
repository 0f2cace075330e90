//! The workers: where the workspace (the data) lives and heavy computations run, off the page's
//! thread. Both answer [`Request`]s with [`Response`]s exactly as a page-side [`Workspace`]
//! would.
//!
//! Two binaries keep the first load small: [`ShoplabWorker`] starts with the page and serves the
//! demo store without the import code; [`ImportWorker`] (file decoding, encodings, workbooks)
//! is fetched only when the user adds a file, and from then on holds the workspace.
//!
//! The import worker receives the `File` itself (a handle, not its bytes) and reads it in
//! slices of [`SLICE_BYTES`] with `Blob.slice`, feeding each to the engine's streaming
//! [`Importer`]: memory grows with the table kept, not with the file. A small reader worker
//! of its own ([`SliceReader`], `static/reader.js`) reads the next slice while this one parses.
//! Between slices it reports progress and yields to its event loop, so a cancel request is
//! seen within one slice.

use std::cell::{Cell, OnceCell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use gloo::worker::{Codec, HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::engine::ingest::{ImportError, ImportOptions, Importer};
use crate::engine::pack::PackError;
use crate::engine::workspace::{Request, Response, Workspace};

/// The size of the slices a file is read in: large enough that the per-slice overhead
/// (a promise, a copy into wasm memory) is small, small enough to report progress often
/// and to keep memory flat.
///
/// Each read costs about 1.5 ms besides its bytes (48 MB in 1 MiB reads took 106–125 ms here,
/// in 4 MiB reads 62–78 ms). 8 MiB slices after a 1 MiB and a 4 MiB one cut the Online Retail
/// import's waits from 33 to 25 ms, but in the 480 MB import Chromium's resident memory peaked
/// at 2.1–3.7 GB over four runs (1.8–2.2 GB with 4 MiB: the transferred buffers wait for the
/// garbage collector), and the slowest runs were the ones with the highest peaks. So 4 MiB.
pub const SLICE_BYTES: u64 = 4 << 20;

/// The size of a file's first slice: the encoding is detected from its first mebibyte, and a
/// smaller first read lets parsing start sooner.
const FIRST_SLICE_BYTES: u64 = 1 << 20;

/// The shortest time between two progress reports, in milliseconds: each report redraws the
/// page, on a thread that shares the machine's cores with the reading and the parsing.
const PROGRESS_EVERY_MS: f64 = 100.0;

/// How many slices are requested ahead of the one being parsed.
const READS_AHEAD: usize = 2;

/// The worker started with the page: the demo store and computations, no import code.
pub struct ShoplabWorker {
    workspace: Workspace,
}

impl Worker for ShoplabWorker {
    type Message = ();
    type Input = Request;
    type Output = Response;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        crate::engine::timeline::set_hook(mark);
        Self {
            workspace: Workspace::default(),
        }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Self::Input, id: HandlerId) {
        // Progress reports are posted as they come: the page receives them while this
        // worker is still computing.
        let response = self
            .workspace
            .handle_on_page_with(msg, &mut |report| scope.respond(id, report));
        scope.respond(id, response);
    }
}

/// Messages between the page and the import worker travel as structured-clonable JavaScript
/// values (`serde-wasm-bindgen`), not bincode bytes: a `File` handle can then ride along.
#[derive(Debug)]
pub struct JsCodec;

impl Codec for JsCodec {
    fn encode<I: Serialize>(input: I) -> JsValue {
        serde_wasm_bindgen::to_value(&input).unwrap_or_else(|e| {
            gloo::console::error!(format!(
                "Shoplab: a worker message could not be encoded: {e}"
            ));
            JsValue::NULL
        })
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        // The messages are this program's own, so a failure is a bug, not bad user input.
        match serde_wasm_bindgen::from_value(input) {
            Ok(message) => message,
            Err(e) => panic!("Shoplab: a worker message could not be decoded: {e}"),
        }
    }
}

/// A request to the import worker.
#[derive(Debug, Serialize, Deserialize)]
pub enum ImportInput {
    /// A request any workspace answers.
    Engine(Request),
    /// Import a file from disk, streamed in slices.
    File {
        /// The page's id for the file; importing again under the same id replaces it.
        id: u32,
        /// The file (a handle; its bytes are read in the worker).
        #[serde(with = "serde_wasm_bindgen::preserve")]
        file: web_sys::File,
        /// The user's choices and remembered mappings.
        options: ImportOptions,
    },
    /// Replace the workspace with a saved one (the start-up worker's, when this worker takes
    /// over): the bytes as one typed array, not a list of numbers.
    Restore(#[serde(with = "serde_wasm_bindgen::preserve")] js_sys::Uint8Array),
    /// Open a course pack file.
    Pack {
        /// The file (a handle; read here).
        #[serde(with = "serde_wasm_bindgen::preserve")]
        file: web_sys::File,
    },
    /// Stop importing the file with this id (running or queued); nothing of it is kept.
    Cancel {
        /// The file's id.
        id: u32,
    },
}

/// An answer from the import worker.
#[derive(Debug, Serialize, Deserialize)]
pub enum ImportOutput {
    /// An answer any workspace gives, as bincode bytes ([`ImportOutput::engine`],
    /// [`ImportOutput::response`]): one typed array to copy instead of thousands of small
    /// objects to walk.
    Engine(#[serde(with = "serde_wasm_bindgen::preserve")] js_sys::Uint8Array),
    /// How far the import of a file has got.
    Progress {
        /// The file's id.
        id: u32,
        /// Bytes read so far.
        bytes: u64,
        /// The file's size.
        total: u64,
        /// Rows read so far.
        rows: u64,
        /// The worker's WebAssembly memory, in bytes: it only grows, so this is the peak.
        memory: u64,
    },
}

impl ImportOutput {
    /// Packs an answer.
    pub fn engine(response: &Response) -> Self {
        let bytes = bincode::serialize(response).unwrap_or_else(|e| {
            // The answers are this program's own types: a failure here is a bug.
            panic!("Shoplab: an answer could not be encoded: {e}")
        });
        ImportOutput::Engine(js_sys::Uint8Array::from(bytes.as_slice()))
    }

    /// Unpacks an answer; `None` for a progress report.
    pub fn response(&self) -> Option<Response> {
        match self {
            ImportOutput::Engine(bytes) => match bincode::deserialize(&bytes.to_vec()) {
                Ok(response) => Some(response),
                Err(e) => panic!("Shoplab: an answer could not be decoded: {e}"),
            },
            ImportOutput::Progress { .. } => None,
        }
    }
}

/// Marks a step of an import on the worker's performance timeline (`performance.mark`), so
/// the import benchmark (tools/bench_import_browser.mjs) can say where the time goes.
fn mark(name: &str) {
    call_performance("mark", name);
}

/// Calls `performance.<method>(name)` in the worker, if it has one.
fn call_performance(method: &str, name: &str) {
    let global = js_sys::global();
    let Ok(performance) = js_sys::Reflect::get(&global, &"performance".into()) else {
        return;
    };
    if let Ok(function) = js_sys::Reflect::get(&performance, &method.into()) {
        if let Ok(function) = function.dyn_into::<js_sys::Function>() {
            let _ = function.call1(&performance, &name.into());
        }
    }
}

/// Forgets the marks `names` when `count` (the steps marked so far) reaches a multiple of
/// 1,024: the timeline keeps every mark, and a long session answers many requests.
fn bound_marks(count: &Cell<u32>, names: &[&str]) {
    count.set(count.get().wrapping_add(1));
    if count.get() % 1024 == 0 {
        for name in names {
            call_performance("clearMarks", name);
        }
    }
}

thread_local! {
    /// Requests and slices marked so far (see [`bound_marks`]).
    static MARKED: (Cell<u32>, Cell<u32>) = const { (Cell::new(0), Cell::new(0)) };
}

/// The size of this worker's WebAssembly memory.
fn wasm_memory() -> u64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            m.buffer()
                .dyn_into::<js_sys::ArrayBuffer>()
                .map_or(0, |b| b.byte_length())
        })
        .unwrap_or(0) as u64
}

/// One file waiting to be imported.
struct Job {
    id: u32,
    file: web_sys::File,
    options: ImportOptions,
    handler: HandlerId,
}

/// The worker that imports files, spawned on the first file; it then holds the workspace.
pub struct ImportWorker {
    workspace: Rc<RefCell<Workspace>>,
    queue: Rc<RefCell<VecDeque<Job>>>,
    /// The id of the file being read, if any.
    running: Rc<Cell<Option<u32>>>,
    /// Set to cancel the running import.
    cancel: Rc<Cell<bool>>,
}

impl Worker for ImportWorker {
    type Message = ();
    type Input = ImportInput;
    type Output = ImportOutput;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        // The reader starts with this worker (which the data page warms up), not with the first
        // file: its script then loads before anyone picks a file.
        let _ = SliceReader::get();
        crate::engine::timeline::set_hook(mark);
        // The import code is optimised before the first file (see `engine::ingest::warm`): a
        // task of its own, after the worker's first messages (the demo store) are answered.
        wasm_bindgen_futures::spawn_local(async {
            mark("import:warm-up");
            let _ = crate::engine::ingest::warm::warm_up();
            mark("import:warmed");
        });
        Self {
            workspace: Rc::default(),
            queue: Rc::default(),
            running: Rc::default(),
            cancel: Rc::default(),
        }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Self::Input, handler: HandlerId) {
        // Replacing the whole workspace cancels the imports under way: a file finishing after
        // a pack was opened would otherwise land in the pack's data.
        if matches!(
            msg,
            ImportInput::Restore(_)
                | ImportInput::Pack { .. }
                | ImportInput::Engine(Request::Clear | Request::LoadDemo { .. })
        ) {
            self.cancel_all(scope);
        }
        match msg {
            ImportInput::Engine(request) => {
                MARKED.with(|m| {
                    bound_marks(&m.0, &["request:start", "request:computed", "request:sent"])
                });
                mark("request:start");
                let response = self
                    .workspace
                    .borrow_mut()
                    .handle_with(request, &mut |report| {
                        scope.respond(handler, ImportOutput::engine(&report))
                    });
                mark("request:computed");
                scope.respond(handler, ImportOutput::engine(&response));
                mark("request:sent");
            }
            ImportInput::Restore(bytes) => {
                let response = self.workspace.borrow_mut().handle(Request::Restore {
                    bytes: bytes.to_vec(),
                });
                scope.respond(handler, ImportOutput::engine(&response));
            }
            ImportInput::Pack { file } => {
                let (workspace, scope) = (self.workspace.clone(), scope.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let size = file.size().max(0.0) as u64;
                    let response = match read_here(&file, 0, size).await {
                        Ok(bytes) => workspace.borrow_mut().handle(Request::OpenPack {
                            bytes: bytes.to_vec(),
                        }),
                        Err(message) => Response::PackFailed {
                            error: PackError::Unreadable { message },
                            restoring: false,
                        },
                    };
                    scope.respond(handler, ImportOutput::engine(&response));
                });
            }
            ImportInput::File { id, file, options } => {
                self.queue.borrow_mut().push_back(Job {
                    id,
                    file,
                    options,
                    handler,
                });
                self.start_next(scope);
            }
            ImportInput::Cancel { id } => {
                if self.running.get() == Some(id) {
                    self.cancel.set(true);
                    SliceReader::abandon();
                    return;
                }
                let mut queue = self.queue.borrow_mut();
                if let Some(at) = queue.iter().position(|j| j.id == id) {
                    if let Some(job) = queue.remove(at) {
                        scope.respond(job.handler, cancelled(&job));
                    }
                }
            }
        }
    }
}

fn cancelled(job: &Job) -> ImportOutput {
    ImportOutput::engine(&Response::ImportFailed {
        id: job.id,
        file_name: job.file.name(),
        error: Box::new(ImportError::Cancelled),
    })
}

impl ImportWorker {
    /// Cancels the running import and every queued one (each answers `Cancelled`).
    fn cancel_all(&self, scope: &WorkerScope<Self>) {
        if self.running.get().is_some() {
            self.cancel.set(true);
        }
        let queued: Vec<Job> = self.queue.borrow_mut().drain(..).collect();
        for job in queued {
            scope.respond(job.handler, cancelled(&job));
        }
    }

    /// Starts the next queued import unless one is running: one file at a time keeps memory
    /// to one file's table in the making.
    fn start_next(&self, scope: &WorkerScope<Self>) {
        if self.running.get().is_some() {
            return;
        }
        let Some(job) = self.queue.borrow_mut().pop_front() else {
            return;
        };
        self.running.set(Some(job.id));
        self.cancel.set(false);
        let (workspace, queue, running, cancel, scope) = (
            self.workspace.clone(),
            self.queue.clone(),
            self.running.clone(),
            self.cancel.clone(),
            scope.clone(),
        );
        wasm_bindgen_futures::spawn_local(async move {
            let name = job.file.name();
            mark("import:start");
            let result = stream(&job, &scope, &cancel).await;
            mark("import:parsed");
            let response = workspace.borrow_mut().add(job.id, &name, result);
            mark("import:ready");
            // The memory after the table and the overview were built: the import's peak.
            scope.respond(
                job.handler,
                ImportOutput::Progress {
                    id: job.id,
                    bytes: job.file.size().max(0.0) as u64,
                    total: job.file.size().max(0.0) as u64,
                    rows: 0,
                    memory: wasm_memory(),
                },
            );
            scope.respond(job.handler, ImportOutput::engine(&response));
            running.set(None);
            // The next file, if any: a fresh task, so this one's stack ends here.
            let next = ImportWorker {
                workspace,
                queue,
                running,
                cancel,
            };
            next.start_next(&scope);
        });
    }
}

/// Reads a job's file in slices into the streaming importer, reporting progress.
async fn stream(
    job: &Job,
    scope: &WorkerScope<ImportWorker>,
    cancel: &Cell<bool>,
) -> Result<crate::engine::ingest::Imported, ImportError> {
    let total = job.file.size().max(0.0) as u64;
    let mut importer = Importer::new(&job.file.name(), job.options.clone()).with_size_hint(total);
    // Slices are requested ahead of the one being parsed: the reader worker reads them while
    // this one parses. Two ahead, so that a slow read (the machine's cores are shared with the
    // page and the reader) seldom leaves the parser waiting; the first slice is smaller, so
    // parsing starts sooner (a 4 MiB first read took about 15 ms, a 1 MiB one 3 ms).
    let mut at = 0u64;
    let mut requested = 0u64;
    let mut reads = VecDeque::new();
    let mut bytes = Vec::new();
    let mut reported_ms = f64::NEG_INFINITY;
    loop {
        while reads.len() < READS_AHEAD && requested < total {
            let size = if requested == 0 {
                FIRST_SLICE_BYTES
            } else {
                SLICE_BYTES
            };
            let end = (requested + size).min(total);
            reads.push_back((end - requested, read_slice(&job.file, requested, end)));
            requested = end;
        }
        let Some((asked, pending)) = reads.pop_front() else {
            break;
        };
        if cancel.get() {
            return Err(ImportError::Cancelled);
        }
        let slice = pending
            .await
            .map_err(|message| ImportError::Unreadable { message })?;
        mark("import:got");
        // Copied into one buffer kept for the whole file: a fresh 4 MiB allocation per slice
        // would grow the memory and touch new pages each time.
        bytes.resize(slice.length() as usize, 0);
        slice.copy_to(&mut bytes);
        if bytes.is_empty() {
            break;
        }
        at += bytes.len() as u64;
        if bytes.len() as u64 != asked {
            // A short read (the file changed while it was read): the reads ahead start at the
            // wrong place, so read again from where this one stopped.
            reads.clear();
            requested = at;
        }
        MARKED.with(|m| {
            bound_marks(
                &m.1,
                &[
                    "import:got",
                    "import:feed",
                    "import:fed",
                    "import:read-here",
                ],
            )
        });
        mark("import:feed");
        let progress = importer.feed(&bytes);
        mark("import:fed");
        let now = js_sys::Date::now();
        // The last slice is always reported: the end of the file (dates, checks) and the
        // workspace come after it, and the bar must not stand still partway meanwhile.
        if now - reported_ms >= PROGRESS_EVERY_MS || at >= total {
            reported_ms = now;
            scope.respond(
                job.handler,
                ImportOutput::Progress {
                    id: job.id,
                    bytes: progress.bytes,
                    total,
                    rows: progress.rows,
                    memory: wasm_memory(),
                },
            );
        }
    }
    if cancel.get() {
        return Err(ImportError::Cancelled);
    }
    importer.finish()
}

/// Reads waiting for their bytes, by request number: their promise's resolve and reject.
type Pending = RefCell<HashMap<u32, (js_sys::Function, js_sys::Function)>>;

/// Reads slices of files on a worker of its own (`static/reader.js`).
///
/// A Blob's bytes reach a worker through its event loop: read here, the next slice arrived
/// only once the current one was parsed, and reading and parsing took turns (144 ms of a
/// 387 ms Online Retail import went on anything but parsing; see ARCHITECTURE.md). The
/// reader's thread reads while this one parses, and hands each slice over by transfer.
struct SliceReader {
    worker: web_sys::Worker,
    /// Requests waiting for their bytes: their promise's resolve and reject functions.
    pending: Rc<Pending>,
    /// The next request's number.
    next: Cell<u32>,
    /// Set when the reader stopped (its script failed to load or threw): reads are then done
    /// here, as before.
    broken: Rc<Cell<bool>>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    /// The import worker's reader, started with the import worker (`None` where a worker
    /// cannot start another, which then reads for itself).
    static READER: OnceCell<Option<Rc<SliceReader>>> = const { OnceCell::new() };
}

impl SliceReader {
    /// The reader, started on first use; `None` when it cannot run or has stopped.
    fn get() -> Option<Rc<SliceReader>> {
        READER
            .with(|r| r.get_or_init(|| SliceReader::start().map(Rc::new)).clone())
            .filter(|r| !r.broken.get())
    }

    fn start() -> Option<SliceReader> {
        let worker = web_sys::Worker::new("reader.js").ok()?;
        let pending: Rc<Pending> = Rc::default();
        let broken = Rc::new(Cell::new(false));
        let on_message = {
            let pending = pending.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let data = e.data();
                let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok();
                let Some(request) = field("request").and_then(|v| v.as_f64()) else {
                    return;
                };
                let Some((resolve, reject)) = pending.borrow_mut().remove(&(request as u32)) else {
                    return;
                };
                match field("buffer") {
                    Some(buffer) if buffer.is_instance_of::<js_sys::ArrayBuffer>() => {
                        let _ = resolve.call1(&JsValue::NULL, &buffer);
                    }
                    _ => {
                        let error = field("error").unwrap_or(JsValue::UNDEFINED);
                        let _ = reject.call1(&JsValue::NULL, &error);
                    }
                }
            })
        };
        // Its script failed to load or threw, or an answer could not be read: the reader is
        // stopped for good and every waiting read is done here instead.
        let on_error = {
            let (pending, broken, stopped) = (pending.clone(), broken.clone(), worker.clone());
            Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
                e.prevent_default();
                broken.set(true);
                stopped.terminate();
                reject_all(&pending, "the file reader stopped");
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
        Some(SliceReader {
            worker,
            pending,
            next: Cell::new(0),
            broken,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Gives up the reads under way (their promises reject, and [`read_slice`] falls back to
    /// reading here): a cancelled import must not wait for them.
    fn abandon() {
        if let Some(reader) = READER.with(|r| r.get().cloned().flatten()) {
            reject_all(&reader.pending, "the import was cancelled");
        }
    }

    /// Asks for the bytes `start..end` of `file`: a promise of an `ArrayBuffer`.
    fn read(&self, file: &web_sys::File, start: u64, end: u64) -> js_sys::Promise {
        let request = self.next.get();
        self.next.set(request.wrapping_add(1));
        let message = js_sys::Object::new();
        for (name, value) in [
            ("request", JsValue::from(request)),
            ("file", file.into()),
            ("start", JsValue::from(start as f64)),
            ("end", JsValue::from(end as f64)),
        ] {
            let _ = js_sys::Reflect::set(&message, &name.into(), &value);
        }
        js_sys::Promise::new(&mut |resolve, reject| {
            self.pending
                .borrow_mut()
                .insert(request, (resolve, reject.clone()));
            if let Err(e) = self.worker.post_message(&message) {
                self.pending.borrow_mut().remove(&request);
                let _ = reject.call1(&JsValue::NULL, &e);
            }
        })
    }
}

/// Rejects every waiting read of a [`SliceReader`] with `why`.
fn reject_all(pending: &Pending, why: &str) {
    let waiting: Vec<_> = pending.borrow_mut().drain().collect();
    for (_, (_, reject)) in waiting {
        let _ = reject.call1(&JsValue::NULL, &why.into());
    }
}

/// The bytes `start..end` of a file, read by the [`SliceReader`] (or here, with
/// [`read_here`], where it cannot run or failed: a file that cannot be read fails there too,
/// with the browser's message). The read starts when this is called; the returned future
/// waits for it.
fn read_slice(
    file: &web_sys::File,
    start: u64,
    end: u64,
) -> impl std::future::Future<Output = Result<js_sys::Uint8Array, String>> {
    // The promise's handlers are attached now, not when the future is first polled: a read
    // ahead that is given up (a cancel) must not end as an unhandled rejection.
    let by_reader = SliceReader::get()
        .map(|reader| wasm_bindgen_futures::JsFuture::from(reader.read(file, start, end)));
    let file = file.clone();
    async move {
        if let Some(read) = by_reader {
            if let Ok(buffer) = read.await {
                return Ok(js_sys::Uint8Array::new(&buffer));
            }
        }
        // Marked so that the fallback can be seen from outside (tests/e2e/import.test.mjs).
        mark("import:read-here");
        read_here(&file, start, end).await
    }
}

/// The bytes `start..end` of a file, read in this worker with `Blob.slice().arrayBuffer()`.
/// The read starts when this is called; the returned future waits for it.
fn read_here(
    file: &web_sys::File,
    start: u64,
    end: u64,
) -> impl std::future::Future<Output = Result<js_sys::Uint8Array, String>> {
    let describe = |e: JsValue| e.as_string().unwrap_or_else(|| format!("{e:?}"));
    // Handlers attached at once, as in `read_slice`.
    let read = file
        .slice_with_f64_and_f64(start as f64, end as f64)
        .map(|blob| wasm_bindgen_futures::JsFuture::from(blob.array_buffer()))
        .map_err(describe);
    async move {
        let buffer = read?.await.map_err(describe)?;
        Ok(js_sys::Uint8Array::new(&buffer))
    }
}
