//! `#/data`: add files (picker or drop), see what each import found, load the demo store or
//! remove everything. The import itself runs in the worker; this page shows its report.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::download::download;
use crate::engine::export;
use crate::engine::ingest::schema::OrderField;
use crate::engine::ingest::{ImportError, ImportReport};
use crate::i18n::{self, Lang, Msg};

/// Where the latest import stands.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportStatus {
    /// Nothing running.
    Idle,
    /// A file is being read or parsed.
    Reading(String),
    /// The last file was imported.
    Done(String),
    /// The last file could not be imported.
    Failed(String, Rc<ImportError>),
}

impl ImportStatus {
    fn state(&self) -> &'static str {
        match self {
            ImportStatus::Idle => "idle",
            ImportStatus::Reading(_) => "reading",
            ImportStatus::Done(_) => "done",
            ImportStatus::Failed(..) => "error",
        }
    }
}

/// Properties of [`DataPage`].
#[derive(Properties, PartialEq)]
pub struct DataProps {
    /// Interface language.
    pub lang: Lang,
    /// Reports of the files imported, newest first.
    pub reports: Vec<Rc<ImportReport>>,
    /// The latest import's status.
    pub status: ImportStatus,
    /// Files chosen or dropped.
    pub on_files: Callback<Vec<web_sys::File>>,
    /// "Load the demo store".
    pub on_load_demo: Callback<()>,
    /// "Remove all data".
    pub on_clear: Callback<()>,
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
    let on_drop = {
        let on_files = props.on_files.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            on_files.emit(files_of(e.data_transfer().and_then(|d| d.files())));
        })
    };
    let on_drag_over = Callback::from(|e: DragEvent| e.prevent_default());
    let on_load_demo = props.on_load_demo.reform(|_: MouseEvent| ());
    let on_clear = props.on_clear.reform(|_: MouseEvent| ());

    let status_text = match &props.status {
        ImportStatus::Idle => Msg::StatusIdle.text(lang).to_owned(),
        ImportStatus::Reading(f) => Msg::StatusReading.text(lang).replace("{file}", f),
        ImportStatus::Done(f) => Msg::StatusDone.text(lang).replace("{file}", f),
        ImportStatus::Failed(f, _) => Msg::StatusError.text(lang).replace("{file}", f),
    };
    let error = match &props.status {
        ImportStatus::Failed(file, error) => Some(html! {
            <div class="notice error" role="alert" data-testid="import-error">
                <p>{i18n::import_error_message(file, error, lang)}</p>
                if let ImportError::NothingUsable(report) = error.as_ref() {
                    {skipped_table(report, lang)}
                }
            </div>
        }),
        _ => None,
    };

    html! {
        <section class="page" aria-labelledby="data-title">
            <h2 id="data-title">{Msg::DataTitle.text(lang)}</h2>
            <p class="lead">{Msg::DataLead.text(lang)}</p>
            <div class="drop-zone" ondrop={on_drop} ondragover={on_drag_over} data-testid="drop-zone">
                <label class="button primary">
                    {Msg::ChooseFiles.text(lang)}
                    <input type="file" multiple=true accept=".csv,.tsv,.txt,.xlsx,.xls,.xlsb,.ods,text/csv,text/tab-separated-values"
                        class="visually-hidden" data-testid="file-input" onchange={on_change} />
                </label>
                <span class="muted">{Msg::DropHere.text(lang)}</span>
            </div>
            <div class="actions">
                <button class="button" onclick={on_load_demo} data-testid="load-demo">{Msg::LoadDemo.text(lang)}</button>
                <button class="button" onclick={on_clear} data-testid="clear-data">{Msg::ClearData.text(lang)}</button>
            </div>
            <p class="status" role="status" aria-live="polite" data-testid="import-status" data-state={props.status.state()}>
                {status_text}
            </p>
            {for error}
            {for props.reports.iter().map(|r| report_card(r.clone(), lang))}
        </section>
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
            </tr></thead>
            <tbody>
            {for report.skipped.iter().map(|g| html! {
                <tr>
                    <th scope="row">{i18n::skip_reason_name(g.reason, lang)}</th>
                    <td>{g.column.clone().unwrap_or_default()}</td>
                    <td data-value={g.count.to_string()}>{i18n::format_number(g.count as f64, 0)}</td>
                    <td>{g.first_lines.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")}</td>
                </tr>
            })}
            </tbody>
        </table>
    }
}

fn report_card(r: Rc<ImportReport>, lang: Lang) -> Html {
    let on_download = {
        let r = r.clone();
        Callback::from(move |_: MouseEvent| {
            let saved = export::import_report_csv(&r)
                .map_err(|e| e.to_string())
                .and_then(|csv| {
                    let name = format!("{}.rows.csv", r.file_name.trim_end_matches(".csv"));
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
    html! {
        <article class="card import-card" data-testid="import-card">
            <h3>{&r.file_name}</h3>
            <dl class="stats">
                <div class="stat"><dt>{Msg::CardTable.text(lang)}</dt><dd data-testid="import-kind">{if r.aggregated { Msg::AggregatedOrders.text(lang) } else { i18n::table_kind_name(r.kind, lang) }}</dd></div>
                <div class="stat"><dt>{Msg::CardEncoding.text(lang)}</dt><dd>{encoding}</dd></div>
                if let Some(sheet) = &r.sheet {
                    <div class="stat"><dt>{Msg::CardSheet.text(lang)}</dt>
                        <dd data-testid="import-sheet">{format!("{sheet} ({}/{})", r.sheets.iter().position(|s| s == sheet).map_or(0, |i| i + 1), r.sheets.len())}</dd>
                    </div>
                }
                <div class="stat"><dt>{Msg::CardDelimiter.text(lang)}</dt><dd>{i18n::delimiter_name(r.delimiter, lang)}</dd></div>
                <div class="stat"><dt>{Msg::CardHeaderLine.text(lang)}</dt><dd>{r.header_line}</dd></div>
                {count("import-rows-read", Msg::CardRowsRead, r.rows_read)}
                {count("import-rows-used", Msg::CardRowsUsed, r.rows_used)}
                {count("import-rows-skipped", Msg::CardRowsSkipped, r.rows_skipped)}
                <div class="stat"><dt>{Msg::CardDateRange.text(lang)}</dt><dd>
                    {r.date_range.map(|(a, b)| i18n::format_date_range(a, b, lang)).unwrap_or_default()}
                </dd></div>
                {for date_order}
            </dl>
            <details>
                <summary>{Msg::CardMapping.text(lang)}</summary>
                <table class="compact">
                    <thead><tr><th scope="col">{Msg::CardField.text(lang)}</th><th scope="col">{Msg::CardColumn.text(lang)}</th></tr></thead>
                    <tbody>
                    {for OrderField::ALL.iter().map(|f| html! {
                        <tr>
                            <th scope="row">{i18n::field_name(*f, lang)}</th>
                            <td>{r.mapping.get(*f).and_then(|c| r.headers.get(c)).cloned().unwrap_or_else(|| Msg::NotFound.text(lang).to_owned())}</td>
                        </tr>
                    })}
                    </tbody>
                </table>
            </details>
            {skipped_table(&r, lang)}
            <button class="link" onclick={on_download} data-testid="download-accounting">{Msg::DownloadAccounting.text(lang)}</button>
        </article>
    }
}
