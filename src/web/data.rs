//! `#/data`: add files (picker or drop, several at once), follow each import (progress, time
//! left, cancel), see what each import found, correct the column mapping, remove a file, load
//! the demo store or remove everything. The import itself runs in the worker; this page shows
//! its report.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::download::download;
use crate::engine::export;
use crate::engine::ingest::schema::{self, Field, Mapping, TableKind};
use crate::engine::ingest::values::DateOrder;
use crate::engine::ingest::{
    ImportError, ImportOptions, ImportReport, MappingSource, RememberedMapping,
};
use crate::engine::tables::TableSource;
use crate::i18n::{self, Lang, Msg};

/// Where one file's import stands.
#[derive(Clone, Debug, PartialEq)]
pub enum FileState {
    /// Waiting for the files before it.
    Queued,
    /// Being read.
    Reading {
        /// Bytes read.
        bytes: u64,
        /// The file's size.
        total: u64,
        /// Rows read.
        rows: u64,
        /// When reading started and when the last progress came (ms, `Date.now()`), for the
        /// time left.
        started_ms: f64,
        /// When the last progress report came.
        now_ms: f64,
    },
    /// Imported.
    Done(Rc<ImportReport>),
    /// Not imported.
    Failed(Rc<ImportError>),
}

/// One file the user added.
#[derive(Clone, Debug, PartialEq)]
pub struct FileEntry {
    /// The page's id for it.
    pub id: u32,
    /// Its name.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// The user's choices for it (mapping, date order, sheet).
    pub options: ImportOptions,
    /// Where its import stands.
    pub state: FileState,
    /// The import worker's memory at its largest while this file was read (bytes), for the
    /// benchmark; 0 until known.
    pub memory: u64,
    /// When it was sent to the worker (`Date.now()`): the time left is estimated from it.
    pub queued_ms: f64,
    /// For a workbook: its sheets, as last reported (kept when a sheet fails to import, so
    /// another can be chosen).
    pub sheets: Vec<String>,
    /// The sheet last read.
    pub sheet: Option<String>,
    /// It came from the kept workspace or a course pack: the page has no `File` to read again,
    /// so its mapping cannot be changed here.
    pub restored: bool,
}

/// The status line's state, for tests and screen readers: `idle`, `reading`, `done`, `error`.
pub fn status_state(files: &[Rc<FileEntry>]) -> &'static str {
    match files.first().map(|f| &f.state) {
        None => "idle",
        Some(FileState::Queued | FileState::Reading { .. }) => "reading",
        Some(FileState::Done(_)) => "done",
        Some(FileState::Failed(e)) if **e == ImportError::Cancelled => "idle",
        Some(FileState::Failed(_)) => "error",
    }
}

/// Properties of [`DataPage`].
#[derive(Properties, PartialEq)]
pub struct DataProps {
    /// Interface language.
    pub lang: Lang,
    /// The files added, newest first.
    pub files: Vec<Rc<FileEntry>>,
    /// Where each table comes from, and its rows (orders, traffic, marketing, inventory).
    pub tables: Vec<(TableSource, u64)>,
    /// Signatures of the mappings remembered in this browser.
    pub remembered: Vec<String>,
    /// Whether the import worker is up (tests and the benchmark wait for it).
    pub importer_ready: bool,
    /// Files chosen or dropped.
    pub on_files: Callback<Vec<web_sys::File>>,
    /// "Load the demo store".
    pub on_load_demo: Callback<()>,
    /// "Remove all data".
    pub on_clear: Callback<()>,
    /// Remove one file.
    pub on_remove: Callback<u32>,
    /// Cancel one file's import.
    pub on_cancel: Callback<u32>,
    /// Read a file again with other choices.
    pub on_remap: Callback<(u32, ImportOptions)>,
    /// Remember a mapping for files with the same columns.
    pub on_remember: Callback<RememberedMapping>,
}

fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
        .unwrap_or_default()
}

/// The data page.
#[function_component(DataPage)]
pub fn data_page(props: &DataProps) -> Html {
    let lang = props.lang;
    let on_change = {
        let on_files = props.on_files.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                on_files.emit(files_of(input.files()));
                input.set_value("");
            }
        })
    };
    // Highlighted while files are dragged over it, so the user sees where to let go.
    let dragging = use_state(|| false);
    let on_drop = {
        let on_files = props.on_files.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            on_files.emit(files_of(e.data_transfer().and_then(|d| d.files())));
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            // Leaving for one of the zone's own children is not leaving the zone.
            let zone = e
                .current_target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
            let to = e
                .related_target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
            let inside = zone.is_some_and(|z| z.contains(to.as_ref()));
            if !inside {
                dragging.set(false);
            }
        })
    };
    let on_load_demo = props.on_load_demo.reform(|_: MouseEvent| ());
    let on_clear = props.on_clear.reform(|_: MouseEvent| ());

    let status_text = match props.files.first() {
        None => Msg::StatusIdle.text(lang).to_owned(),
        Some(f) => match &f.state {
            FileState::Queued => Msg::StatusQueued.text(lang).replace("{file}", &f.name),
            FileState::Reading { .. } => Msg::StatusReading.text(lang).replace("{file}", &f.name),
            FileState::Done(_) => Msg::StatusDone.text(lang).replace("{file}", &f.name),
            FileState::Failed(e) if **e == ImportError::Cancelled => {
                Msg::StatusCancelled.text(lang).replace("{file}", &f.name)
            }
            FileState::Failed(_) => Msg::StatusError.text(lang).replace("{file}", &f.name),
        },
    };

    html! {
        <section class="page" aria-labelledby="data-title">
            <h2 id="data-title">{Msg::DataTitle.text(lang)}</h2>
            <p class="lead">{Msg::DataLead.text(lang)}</p>
            <div class={classes!("drop-zone", dragging.then_some("dragging"))} ondrop={on_drop}
                ondragover={on_drag_over} ondragleave={on_drag_leave} data-testid="drop-zone"
                data-importer={if props.importer_ready { "ready" } else { "starting" }}>
                <label class="button primary">
                    {Msg::ChooseFiles.text(lang)}
                    <input type="file" multiple=true accept=".csv,.tsv,.txt,.xlsx,.xls,.xlsb,.ods,.shoplab,text/csv,text/tab-separated-values"
                        class="visually-hidden" data-testid="file-input" onchange={on_change} />
                </label>
                <span class="muted">{Msg::DropHere.text(lang)}</span>
            </div>
            <div class="actions">
                <button class="button" onclick={on_load_demo} data-testid="load-demo">{Msg::LoadDemo.text(lang)}</button>
                <button class="button" onclick={on_clear} data-testid="clear-data">{Msg::ClearData.text(lang)}</button>
            </div>
            {tables_in_use(&props.tables, lang)}
            <p class="status" role="status" aria-live="polite" data-testid="import-status" data-state={status_state(&props.files)}>
                {status_text}
            </p>
            {for props.files.iter().map(|f| html! {
                <FileCard key={f.id} entry={f.clone()} {lang}
                    remembered={props.remembered.clone()}
                    on_remove={props.on_remove.clone()} on_cancel={props.on_cancel.clone()}
                    on_remap={props.on_remap.clone()} on_remember={props.on_remember.clone()} />
            })}
        </section>
    }
}

/// Which data every page uses: each table's source and rows.
fn tables_in_use(tables: &[(TableSource, u64)], lang: Lang) -> Html {
    html! {
        <section class="card tables-in-use" aria-labelledby="tables-title" data-testid="tables-in-use">
            <h3 id="tables-title">{Msg::TablesInUse.text(lang)}</h3>
            <dl class="stats">
            {for TableKind::ALL.iter().zip(tables).map(|(kind, (source, rows))| {
                let from = match source {
                    TableSource::None => Msg::SourceNone.text(lang).to_owned(),
                    TableSource::Demo => Msg::SourceDemo.text(lang).to_owned(),
                    TableSource::Files(names) => names.join(", "),
                };
                html! {
                    <div class="stat" data-testid={format!("table-{}", kind_key(*kind))} data-value={rows.to_string()}>
                        <dt>{i18n::table_kind_name(*kind, lang)}</dt>
                        <dd>{from}<br/><span class="muted small">{Msg::RowsCount.text(lang).replace("{n}", &i18n::format_number(*rows as f64, 0))}</span></dd>
                    </div>
                }
            })}
            </dl>
        </section>
    }
}

/// A stable key for a table kind, for test hooks.
fn kind_key(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Orders => "orders",
        TableKind::Traffic => "traffic",
        TableKind::Marketing => "marketing",
        TableKind::Inventory => "inventory",
    }
}

/// Properties of [`FileCard`].
#[derive(Properties, PartialEq)]
struct CardProps {
    lang: Lang,
    entry: Rc<FileEntry>,
    remembered: Vec<String>,
    on_remove: Callback<u32>,
    on_cancel: Callback<u32>,
    on_remap: Callback<(u32, ImportOptions)>,
    on_remember: Callback<RememberedMapping>,
}

/// Bytes for people: `48.0 MB`.
pub fn format_bytes(bytes: u64) -> String {
    let b = bytes as f64;
    if bytes == 0 {
        "0 KB".to_owned()
    } else if b >= 1e6 {
        format!("{} MB", i18n::format_number(b / 1e6, 1))
    } else {
        format!("{} KB", i18n::format_number((b / 1e3).max(0.1), 1))
    }
}

fn format_duration(seconds: f64, lang: Lang) -> String {
    if seconds < 90.0 {
        Msg::Seconds
            .text(lang)
            .replace("{n}", &format!("{}", seconds.ceil().max(1.0)))
    } else {
        Msg::Minutes
            .text(lang)
            .replace("{n}", &format!("{}", (seconds / 60.0).ceil()))
    }
}

/// One file's card: progress while it is read, then what the import found.
#[function_component(FileCard)]
fn file_card(props: &CardProps) -> Html {
    let lang = props.lang;
    let entry = &props.entry;
    let id = entry.id;
    let on_remove = props.on_remove.reform(move |_: MouseEvent| id);
    let on_cancel = props.on_cancel.reform(move |_: MouseEvent| id);
    // Whether the user opened (Some(true)) or closed the column mapping; None until then.
    // Kept here, not in the page's DOM, because a changed mapping reads the file again and
    // the card's body is built anew: the editor the user is working in must stay open.
    let mapping_open = use_state(|| None::<bool>);
    let on_mapping_toggle = {
        let mapping_open = mapping_open.clone();
        Callback::from(move |e: Event| {
            if let Some(details) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                let open = details.has_attribute("open");
                if *mapping_open != Some(open) {
                    mapping_open.set(Some(open));
                }
            }
        })
    };
    let remap = {
        let (on_remap, options) = (props.on_remap.clone(), entry.options.clone());
        let mapping_open = mapping_open.clone();
        Callback::from(move |(mapping, date_order): (Mapping, Option<DateOrder>)| {
            mapping_open.set(Some(true));
            on_remap.emit((
                id,
                ImportOptions {
                    mapping: Some(mapping),
                    date_order,
                    ..options.clone()
                },
            ))
        })
    };
    let remember = |signature: String, mapping: Mapping, date_order: Option<DateOrder>| {
        props.on_remember.reform(move |_: ()| RememberedMapping {
            signature: signature.clone(),
            mapping: mapping.clone(),
            date_order,
        })
    };
    let busy = matches!(entry.state, FileState::Queued | FileState::Reading { .. });
    // A workbook's sheets, to read another one.
    let sheet_picker = || -> Html {
        let (current, sheets) = (entry.sheet.as_ref(), &entry.sheets);
        if sheets.len() < 2 || busy {
            return html! {};
        }
        let on_sheet = {
            let (on_remap, options) = (props.on_remap.clone(), entry.options.clone());
            Callback::from(move |e: Event| {
                let Some(select) = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                else {
                    return;
                };
                // Another sheet has other columns: recognise them afresh.
                on_remap.emit((
                    id,
                    ImportOptions {
                        sheet: Some(select.value()),
                        mapping: None,
                        ..options.clone()
                    },
                ));
            })
        };
        html! {
            <p>
                <label>{Msg::CardSheet.text(lang)}{" "}
                    <select data-testid="import-sheet-select" onchange={on_sheet}>
                        {for sheets.iter().map(|name| html! {
                            <option value={name.clone()} selected={current == Some(name)}>{name.clone()}</option>
                        })}
                    </select>
                </label>
            </p>
        }
    };
    let body = match &entry.state {
        FileState::Queued => html! {
            <p class="muted">{Msg::StatusQueued.text(lang).replace("{file}", &entry.name)}</p>
        },
        FileState::Reading {
            bytes,
            total,
            rows,
            started_ms,
            now_ms,
        } => {
            let elapsed = (now_ms - started_ms) / 1e3;
            let text = if *bytes == 0 || elapsed <= 0.0 {
                Msg::ProgressStarting.text(lang).to_owned()
            } else {
                let rate = *bytes as f64 / elapsed;
                let left = total.saturating_sub(*bytes) as f64 / rate;
                Msg::ProgressText
                    .text(lang)
                    .replace("{done}", &format_bytes(*bytes))
                    .replace("{total}", &format_bytes(*total))
                    .replace("{rows}", &i18n::format_number(*rows as f64, 0))
                    .replace("{eta}", &format_duration(left, lang))
            };
            html! {
                <div class="progress">
                    <progress data-testid="import-progress" max={total.to_string()} value={bytes.to_string()}
                        data-rows={rows.to_string()} aria-label={entry.name.clone()}></progress>
                    <p class="muted small">{text}</p>
                </div>
            }
        }
        FileState::Done(report) if entry.restored => report_body(
            report,
            lang,
            html! { <p class="muted small" data-testid="mapping-restored">{Msg::MappingRestored.text(lang)}</p> },
            (mapping_open.unwrap_or(false), on_mapping_toggle.clone()),
        ),
        FileState::Done(report) => {
            let editor = html! {
                <MappingEditor {lang} headers={report.headers.clone()} samples={report.samples.clone()}
                    mapping={report.mapping.clone()} date_order={entry.options.date_order}
                    remembered={props.remembered.contains(&report.signature)}
                    on_change={remap.clone()}
                    on_remember={remember(report.signature.clone(), report.mapping.clone(), entry.options.date_order)} />
            };
            report_body(
                report,
                lang,
                editor,
                (mapping_open.unwrap_or(false), on_mapping_toggle.clone()),
            )
        }
        FileState::Failed(error) => {
            let editor = match error.as_ref() {
                ImportError::NeedsMapping(u) => Some(html! {
                    <>
                    <MappingEditor {lang} headers={u.headers.clone()} samples={u.samples.clone()}
                        mapping={u.mapping.clone()} date_order={entry.options.date_order}
                        remembered={props.remembered.contains(&u.signature)}
                        on_change={remap.clone()}
                        on_remember={remember(u.signature.clone(), u.mapping.clone(), entry.options.date_order)} />
                    </>
                }),
                ImportError::NothingUsable(report) => Some(html! {
                    <>
                        {skipped_table(report, lang)}
                        // Open unless closed: nothing could be used, so the mapping is
                        // what to change.
                        <details open={mapping_open.unwrap_or(true)} ontoggle={on_mapping_toggle.clone()}>
                            <summary>{Msg::MappingTitle.text(lang)}</summary>
                            <MappingEditor {lang} headers={report.headers.clone()} samples={report.samples.clone()}
                                mapping={report.mapping.clone()} date_order={entry.options.date_order}
                                remembered={props.remembered.contains(&report.signature)}
                                on_change={remap.clone()}
                                on_remember={remember(report.signature.clone(), report.mapping.clone(), entry.options.date_order)} />
                        </details>
                    </>
                }),
                _ => None,
            };
            let class = if **error == ImportError::Cancelled {
                "notice warn"
            } else {
                "notice error"
            };
            html! {
                <>
                    <div class={class} role="alert" data-testid="import-error">
                        <p>{i18n::import_error_message(&entry.name, error, lang)}</p>
                    </div>
                    {for editor}
                </>
            }
        }
    };
    html! {
        <article class="card import-card" data-testid="import-card" data-file={entry.name.clone()}
            data-wasm-memory={entry.memory.to_string()}>
            <header class="card-head">
                <h3>{&entry.name}<span class="muted small">{" · "}{format_bytes(entry.size)}</span></h3>
                if busy {
                    <button class="button" onclick={on_cancel} data-testid="import-cancel"
                        aria-label={Msg::CancelLabel.text(lang).replace("{file}", &entry.name)}>{Msg::Cancel.text(lang)}</button>
                } else {
                    <button class="link" onclick={on_remove} data-testid="import-remove"
                        aria-label={Msg::RemoveFileLabel.text(lang).replace("{file}", &entry.name)}>{Msg::RemoveFile.text(lang)}</button>
                }
            </header>
            {sheet_picker()}
            {body}
        </article>
    }
}

fn skipped_table(report: &ImportReport, lang: Lang) -> Html {
    if report.skipped.is_empty() {
        return html! {};
    }
    html! {
        <table class="compact" data-testid="import-skipped">
            <caption>{Msg::CardSkipped.text(lang)}</caption>
            <thead><tr>
                <th scope="col">{Msg::CardReason.text(lang)}</th>
                <th scope="col">{Msg::CardColumn.text(lang)}</th>
                <th scope="col">{Msg::CardCount.text(lang)}</th>
                <th scope="col">{Msg::CardFirstLines.text(lang)}</th>
                <th scope="col">{Msg::CardExamples.text(lang)}</th>
            </tr></thead>
            <tbody>
            {for report.skipped.iter().map(|g| html! {
                <tr>
                    <th scope="row">{i18n::skip_reason_name(g.reason, lang)}</th>
                    <td>{g.column.clone().unwrap_or_default()}</td>
                    <td data-value={g.count.to_string()}>{i18n::format_number(g.count as f64, 0)}</td>
                    <td>{g.first_lines.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")}</td>
                    <td data-testid="import-skip-examples">{i18n::skip_examples(g, report.headers.len(), lang)}</td>
                </tr>
            })}
            </tbody>
        </table>
    }
}

/// The card of an imported file: every count, the evidence, and the mapping editor (in a
/// disclosure, open or not, with what to call when the user opens or closes it).
fn report_body(
    r: &Rc<ImportReport>,
    lang: Lang,
    editor: Html,
    (mapping_open, on_mapping_toggle): (bool, Callback<Event>),
) -> Html {
    let on_download = {
        let r = r.clone();
        Callback::from(move |_: MouseEvent| {
            let saved = export::import_report_csv(&r)
                .map_err(|e| e.to_string())
                .and_then(|csv| {
                    let stem = r
                        .file_name
                        .rsplit_once('.')
                        .map_or(r.file_name.as_str(), |(s, _)| s);
                    let name = format!("{}.csv", super::download::file_stem(stem, "rows"));
                    download(&name, &csv, "text/csv;charset=utf-8").map_err(|e| format!("{e:?}"))
                });
            if let Err(e) = saved {
                gloo::console::error!(format!("download: {e}"));
            }
        })
    };
    let count = |testid: &'static str, label: Msg, n: u64| {
        html! {
            <div class="stat" data-testid={testid} data-value={n.to_string()}>
                <dt>{label.text(lang)}</dt><dd>{i18n::format_number(n as f64, 0)}</dd>
            </div>
        }
    };
    let encoding = if r.bom {
        format!("{} ({})", r.encoding, Msg::WithBom.text(lang))
    } else {
        r.encoding.clone()
    };
    let e = r.date_order_evidence;
    // Only dates such as 01/03/2024 have an order to decide; ISO dates do not.
    let date_order = (e.day_first + e.month_first + e.ambiguous > 0).then(|| {
        let evidence = Msg::DateOrderEvidence
            .text(lang)
            .replace("{day}", &i18n::format_number(e.day_first as f64, 0))
            .replace("{month}", &i18n::format_number(e.month_first as f64, 0))
            .replace("{both}", &i18n::format_number(e.ambiguous as f64, 0));
        html! {
            <div class="stat wide"><dt>{Msg::CardDateOrder.text(lang)}</dt>
                <dd data-testid="import-date-order" data-value={format!("{:?}", r.date_order)}>
                    {i18n::date_order_name(r.date_order, lang)}<br/><span class="muted small">{evidence}</span>
                </dd>
            </div>
        }
    });
    let kind_text = if r.aggregated {
        Msg::AggregatedOrders.text(lang)
    } else {
        i18n::table_kind_name(r.kind, lang)
    };
    let recognised = r
        .scores
        .iter()
        .find(|s| s.kind == r.kind)
        .map_or(0, |s| s.recognised);
    let runner_up = r.scores.iter().find(|s| s.kind != r.kind);
    let evidence = runner_up
        .filter(|_| r.mapping_source == MappingSource::Detected)
        .map(|other| {
            Msg::CardRecognised
                .text(lang)
                .replace("{n}", &recognised.to_string())
                .replace("{other}", i18n::table_kind_name(other.kind, lang))
                .replace("{m}", &other.recognised.to_string())
        });
    let notes: Vec<Msg> = [
        (r.mapping_source == MappingSource::Remembered).then_some(Msg::CardMappingRemembered),
        (r.mapping_source == MappingSource::User).then_some(Msg::CardMappingUser),
        r.decode_errors.then_some(Msg::CardDecodeErrors),
        (r.kind == TableKind::Traffic && r.mapping.get(Field::Date).is_none())
            .then_some(Msg::CardNoDates),
    ]
    .into_iter()
    .flatten()
    .collect();
    html! {
        <>
            <dl class="stats">
                <div class="stat wide"><dt>{Msg::CardTable.text(lang)}</dt>
                    <dd><span data-testid="import-kind" data-value={kind_key(r.kind)}>{kind_text}</span>
                        if let Some(evidence) = evidence { <br/><span class="muted small">{evidence}</span> }
                    </dd>
                </div>
                <div class="stat"><dt>{if r.sheet.is_some() { Msg::CardFormat.text(lang) } else { Msg::CardEncoding.text(lang) }}</dt>
                    <dd data-testid="import-encoding">{encoding}</dd></div>
                if let Some(sheet) = &r.sheet {
                    <div class="stat"><dt>{Msg::CardSheet.text(lang)}</dt>
                        <dd data-testid="import-sheet">{format!("{sheet} ({}/{})", r.sheets.iter().position(|s| s == sheet).map_or(0, |i| i + 1), r.sheets.len())}</dd>
                    </div>
                }
                // A workbook's cells have no delimiter.
                if r.sheet.is_none() {
                    <div class="stat"><dt>{Msg::CardDelimiter.text(lang)}</dt><dd data-testid="import-delimiter">{i18n::delimiter_name(r.delimiter, lang)}</dd></div>
                }
                <div class="stat"><dt>{Msg::CardHeaderLine.text(lang)}</dt><dd data-testid="import-header-line" data-value={r.header_line.to_string()}>{r.header_line}</dd></div>
                {count("import-rows-read", Msg::CardRowsRead, r.rows_read)}
                {count("import-rows-used", Msg::CardRowsUsed, r.rows_used)}
                {count("import-rows-skipped", Msg::CardRowsSkipped, r.rows_skipped)}
                if r.table_rows != r.rows_used {
                    {count("import-table-rows", Msg::CardTableRows, r.table_rows)}
                }
                <div class="stat"><dt>{Msg::CardDateRange.text(lang)}</dt><dd data-testid="import-date-range">
                    {r.date_range.map(|(a, b)| super::date_range_html(a, b, lang)).unwrap_or_default()}
                </dd></div>
                {for date_order}
            </dl>
            if r.mapping.is_wide() {
                <p class="muted small" data-testid="import-wide">{Msg::CardWide.text(lang).replace("{n}", &r.mapping.wide.len().to_string())}</p>
            }
            {for notes.iter().map(|m| html! { <p class="muted small">{m.text(lang)}</p> })}
            <details data-testid="import-mapping" open={mapping_open} ontoggle={on_mapping_toggle}>
                <summary>{Msg::CardMapping.text(lang)}</summary>
                {editor}
            </details>
            {skipped_table(r, lang)}
            <button class="link" onclick={on_download} data-testid="download-accounting">{Msg::DownloadAccounting.text(lang)}</button>
        </>
    }
}

/// Properties of [`MappingEditor`].
#[derive(Properties, PartialEq)]
struct EditorProps {
    lang: Lang,
    headers: Vec<String>,
    samples: Vec<Vec<String>>,
    mapping: Mapping,
    date_order: Option<DateOrder>,
    remembered: bool,
    /// A changed mapping: the file is read again with it.
    on_change: Callback<(Mapping, Option<DateOrder>)>,
    on_remember: Callback<()>,
}

/// Which column holds each field: a drop-down per field with the chosen column's first five
/// non-empty values; for marketing, spend columns ticked one channel each.
#[function_component(MappingEditor)]
fn mapping_editor(props: &EditorProps) -> Html {
    let lang = props.lang;
    let mapping = &props.mapping;
    let kind = mapping.kind;
    let required = Mapping::new(kind).missing_required();
    let sample = |column: usize| -> String {
        props
            .samples
            .iter()
            .filter_map(|row| row.get(column))
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .take(5)
            .collect::<Vec<_>>()
            .join(" · ")
    };
    // What a column holds, for its entry in the drop-downs: its first two different values,
    // each cut to 24 characters, so that a column can be chosen by its content as well as by
    // its header (a header such as "a" or "列1" says nothing).
    let hint = |column: usize| -> String {
        let mut seen: Vec<&str> = Vec::new();
        for v in props.samples.iter().filter_map(|row| row.get(column)) {
            let v = v.trim();
            if !v.is_empty() && !seen.contains(&v) {
                seen.push(v);
                if seen.len() == 2 {
                    break;
                }
            }
        }
        seen.iter()
            .map(|v| match v.char_indices().nth(24) {
                Some((cut, _)) => format!("{}…", &v[..cut]),
                None => (*v).to_owned(),
            })
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let options: Vec<String> = props
        .headers
        .iter()
        .enumerate()
        .map(|(i, h)| match hint(i) {
            e if e.is_empty() => h.clone(),
            e => format!("{h} — {e}"),
        })
        .collect();
    // Remembering is for a mapping the file can be read with.
    let complete = mapping.missing_required().is_empty() && !mapping.used_columns().is_empty();
    let on_kind = {
        let (on_change, headers, date_order) = (
            props.on_change.clone(),
            props.headers.clone(),
            props.date_order,
        );
        Callback::from(move |e: Event| {
            let Some(select) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            else {
                return;
            };
            let kind = TableKind::ALL
                .into_iter()
                .find(|k| kind_key(*k) == select.value())
                .unwrap_or(TableKind::Orders);
            on_change.emit((schema::map_columns(kind, &headers), date_order));
        })
    };
    let on_date_order = {
        let (on_change, mapping) = (props.on_change.clone(), mapping.clone());
        Callback::from(move |e: Event| {
            let Some(select) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            else {
                return;
            };
            let order = match select.value().as_str() {
                "DayFirst" => Some(DateOrder::DayFirst),
                "MonthFirst" => Some(DateOrder::MonthFirst),
                _ => None,
            };
            on_change.emit((mapping.clone(), order));
        })
    };
    let wide = mapping.is_wide();
    let fields: Vec<Field> = kind
        .fields()
        .iter()
        .copied()
        .filter(|f| {
            // A wide table's per-channel columns are the ticked spend columns; a long table
            // has no shop-level revenue.
            let per_channel = matches!(
                f,
                Field::Spend
                    | Field::Channel
                    | Field::Impressions
                    | Field::Clicks
                    | Field::AttributedRevenue
                    | Field::AttributedOrders
            );
            if wide {
                !per_channel
            } else {
                !(kind == TableKind::Marketing && *f == Field::Revenue)
            }
        })
        .collect();
    let rows = fields.iter().map(|field| {
        let field = *field;
        let chosen = mapping.get(field);
        let on_select = {
            let (on_change, mapping, date_order) = (props.on_change.clone(), mapping.clone(), props.date_order);
            Callback::from(move |e: Event| {
                let Some(select) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) else {
                    return;
                };
                let mut next = mapping.clone();
                next.set(field, select.value().parse::<usize>().ok());
                on_change.emit((next, date_order));
            })
        };
        let label_id = format!("map-{field:?}");
        html! {
            <tr>
                <th scope="row"><label for={label_id.clone()}>{i18n::field_name(field, lang)}</label>
                    if required.contains(&field) { <span class="muted small">{" ("}{Msg::MappingRequired.text(lang)}{")"}</span> }
                </th>
                <td>
                    <select id={label_id} data-testid="mapping-select" data-field={format!("{field:?}")} onchange={on_select}>
                        <option value="" selected={chosen.is_none()}>{Msg::MappingNotUsed.text(lang)}</option>
                        {for options.iter().enumerate().map(|(i, text)| html! {
                            <option value={i.to_string()} selected={chosen == Some(i)}>{text.clone()}</option>
                        })}
                    </select>
                </td>
                <td class="samples muted small">{chosen.map(sample).unwrap_or_default()}</td>
            </tr>
        }
    });
    let spend_columns = (kind == TableKind::Marketing).then(|| {
        let columns = props.headers.iter().enumerate().map(|(i, h)| {
            let checked = mapping.wide.iter().any(|w| w.spend == i);
            let on_toggle = {
                let (on_change, mapping, headers, date_order) =
                    (props.on_change.clone(), mapping.clone(), props.headers.clone(), props.date_order);
                Callback::from(move |_: Event| {
                    let mut next = mapping.clone();
                    if next.wide.iter().any(|w| w.spend == i) {
                        next.wide.retain(|w| w.spend != i);
                    } else {
                        next.wide.push(schema::wide_channel(&headers, i));
                        next.wide.sort_by_key(|w| w.spend);
                        // A wide table's channel columns are not per-row fields.
                        for f in [Field::Spend, Field::Channel, Field::Impressions, Field::Clicks, Field::AttributedRevenue, Field::AttributedOrders] {
                            next.set(f, None);
                        }
                    }
                    next.columns.retain(|(_, c)| *c != i);
                    on_change.emit((next, date_order));
                })
            };
            html! {
                <label class="check">
                    <input type="checkbox" checked={checked} onchange={on_toggle} data-testid="mapping-spend" data-column={i.to_string()} />
                    {h.clone()}
                </label>
            }
        });
        html! {
            <fieldset class="spend-columns">
                <legend>{Msg::MappingSpendColumns.text(lang)}</legend>
                <p class="muted small">{Msg::MappingSpendHelp.text(lang)}</p>
                {for columns}
            </fieldset>
        }
    });
    let on_remember = props.on_remember.reform(|_: MouseEvent| ());
    let order_value = match props.date_order {
        None => "",
        Some(DateOrder::DayFirst) => "DayFirst",
        Some(DateOrder::MonthFirst) => "MonthFirst",
    };
    html! {
        <div class="mapping-editor" data-testid="mapping-editor">
            <p class="muted small">{Msg::MappingHelp.text(lang)}</p>
            <p>
                <label>{Msg::MappingKind.text(lang)}{" "}
                    <select data-testid="mapping-kind" onchange={on_kind}>
                        {for TableKind::ALL.iter().map(|k| html! {
                            <option value={kind_key(*k)} selected={*k == kind}>{i18n::table_kind_name(*k, lang)}</option>
                        })}
                    </select>
                </label>
                {" "}
                <label>{Msg::MappingDateOrder.text(lang)}{" "}
                    <select data-testid="mapping-date-order" onchange={on_date_order}>
                        <option value="" selected={order_value.is_empty()}>{Msg::MappingDateAuto.text(lang)}</option>
                        <option value="MonthFirst" selected={order_value == "MonthFirst"}>{i18n::date_order_name(DateOrder::MonthFirst, lang)}</option>
                        <option value="DayFirst" selected={order_value == "DayFirst"}>{i18n::date_order_name(DateOrder::DayFirst, lang)}</option>
                    </select>
                </label>
            </p>
            {for spend_columns}
            <table class="compact mapping">
                <thead><tr>
                    <th scope="col">{Msg::CardField.text(lang)}</th>
                    <th scope="col">{Msg::CardColumn.text(lang)}</th>
                    <th scope="col">{Msg::MappingSamples.text(lang)}</th>
                </tr></thead>
                <tbody>{for rows}</tbody>
            </table>
            if props.remembered {
                <p class="muted small" data-testid="mapping-remembered">{Msg::MappingRemembered.text(lang)}</p>
            } else if complete {
                <button class="button" onclick={on_remember} data-testid="mapping-remember">{Msg::MappingRemember.text(lang)}</button>
            } else {
                <p>
                    <button class="button" disabled=true data-testid="mapping-remember" aria-describedby="mapping-remember-why">{Msg::MappingRemember.text(lang)}</button>
                    {" "}<span id="mapping-remember-why" class="muted small">{Msg::MappingRememberIncomplete.text(lang)}</span>
                </p>
            }
        </div>
    }
}
