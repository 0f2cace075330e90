//! A figure of the review: a chart (optional), its data table, and downloads of the numbers
//! behind it (CSV, formula cells defused) and of the chart (PNG at twice the screen's
//! resolution). The table is built only when shown or printed: a review has thousands of
//! cells, and keeping them all in the page made every period change slower.

use std::rc::Rc;

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::chart::{ChartCanvas, DrawFn};
use super::download::{self, download, download_url, DatasetName};
use super::report_charts::Drawing;
use crate::engine::export;
use crate::i18n::{Lang, Msg};

/// A cell: the text shown and, for numbers, the raw value (for `data-value` and the CSV).
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// As shown.
    pub text: String,
    /// The raw number, when the cell is one.
    pub value: Option<f64>,
}

impl Cell {
    /// A text cell.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            value: None,
        }
    }

    /// A number cell, shown as `text`.
    pub fn number(value: f64, text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            value: Some(value),
        }
    }

    /// A number cell that may be missing ("–").
    pub fn maybe(value: Option<f64>, format: impl Fn(f64) -> String) -> Self {
        match value {
            Some(v) => Self::number(v, format(v)),
            None => Self::text("–"),
        }
    }
}

/// The numbers behind a figure.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// Column headers.
    pub header: Vec<String>,
    /// Rows; the first cell of each is its label.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The table as CSV: numbers to 12 significant digits, texts as shown, formula-leading
    /// cells defused.
    pub fn csv(&self) -> Result<Vec<u8>, csv::Error> {
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| {
                        c.value
                            .map_or_else(|| c.text.clone(), export::spreadsheet_number)
                    })
                    .collect()
            })
            .collect();
        export::table_csv(&self.header, &rows)
    }
}

/// Properties of [`Figure`].
#[derive(Properties, Clone)]
pub struct FigureProps {
    /// `data-testid` of the figure (the canvas gets `<testid>-chart`).
    pub testid: AttrValue,
    /// The title.
    pub title: String,
    /// Text alternative of the chart.
    pub alt: String,
    /// The chart and its height, when the figure has one.
    #[prop_or_default]
    pub drawing: Option<Drawing>,
    /// Changes whenever the chart must be redrawn.
    pub version: u64,
    /// The numbers behind it.
    pub table: Rc<Table>,
    /// The start of downloaded files' names (dataset and period).
    pub file_stem: String,
    /// Interface language.
    pub lang: Lang,
    /// Show the table from the start (for figures that are mainly a table).
    #[prop_or_default]
    pub table_first: bool,
    /// The page is being printed: every table is shown.
    #[prop_or_default]
    pub printing: bool,
    /// Draw at once, not when scrolled near (for the first chart of a page, which is on
    /// screen anyway: waiting for the visibility observer costs a frame or two).
    #[prop_or_default]
    pub eager: bool,
    /// What a table without rows says instead ("every product sold in the last 30 days");
    /// a general "nothing to list" when `None`.
    #[prop_or_default]
    pub empty_text: Option<String>,
}

impl PartialEq for FigureProps {
    fn eq(&self, other: &Self) -> bool {
        self.testid == other.testid
            && self.title == other.title
            && self.version == other.version
            && self.table == other.table
            && self.lang == other.lang
            && self.file_stem == other.file_stem
            && self.printing == other.printing
            && self.eager == other.eager
            && self.empty_text == other.empty_text
    }
}

/// Draws the chart again on an off-screen canvas at twice the on-screen size, and offers it
/// as a PNG.
fn download_png(testid: &str, draw: &DrawFn, file_name: &str) -> Result<(), wasm_bindgen::JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let shown = document
        .query_selector(&format!("[data-testid={testid}-chart]"))?
        .ok_or("no chart")?;
    let rect = shown.get_bounding_client_rect();
    let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
    let scale = 2.0;
    canvas.set_width((rect.width().max(320.0) * scale).round() as u32);
    canvas.set_height((rect.height().max(200.0) * scale).round() as u32);
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no canvas context")?;
    draw(&backend.into_drawing_area(), scale);
    let url = canvas.to_data_url_with_type("image/png")?;
    download_url(file_name, &url)
}

/// A figure with its table and downloads.
#[function_component(Figure)]
pub fn figure(props: &FigureProps) -> Html {
    let lang = props.lang;
    let show = use_state(|| props.table_first);
    let toggle = {
        let show = show.clone();
        Callback::from(move |_: MouseEvent| show.set(!*show))
    };
    // What it is, the dataset (and period) it is of, and the day: `report-trend_online-retail-2011_2026-11-25.csv`.
    let dataset = use_context::<DatasetName>()
        .map(|d| d.0)
        .unwrap_or_default();
    let name = |ext: &str| {
        let of = format!("{dataset}-{}", props.file_stem);
        format!("{}.{ext}", download::file_stem(&of, &props.testid))
    };
    let on_csv = {
        let (table, file) = (props.table.clone(), name("csv"));
        Callback::from(move |_: MouseEvent| {
            let saved = table.csv().map_err(|e| e.to_string()).and_then(|csv| {
                download(&file, &csv, "text/csv;charset=utf-8").map_err(|e| format!("{e:?}"))
            });
            if let Err(e) = saved {
                gloo::console::error!(format!("CSV download: {e}"));
            }
        })
    };
    let on_png = props.drawing.clone().map(|drawing| {
        let draw = drawing.draw;
        let (testid, file) = (props.testid.to_string(), name("png"));
        Callback::from(move |_: MouseEvent| {
            if let Err(e) = download_png(&testid, &draw, &file) {
                gloo::console::error!(format!("PNG download: {e:?}"));
            }
        })
    });
    let table_id = format!("{}-table", props.testid);
    let title_id = format!("{}-caption", props.testid);
    let table = &props.table;
    // Columns of words (no cell with a number), such as a product's name or a suggested
    // action, read left-aligned; numbers stay right-aligned so their digits line up. Only
    // looked at when the table is shown.
    let text_columns: Vec<bool> = if *show || props.printing {
        (0..table.header.len())
            .map(|i| {
                table
                    .rows
                    .iter()
                    .all(|r| r.get(i).is_none_or(|c| c.value.is_none()))
            })
            .collect()
    } else {
        Vec::new()
    };
    let text_class = |i: usize| {
        text_columns
            .get(i)
            .copied()
            .unwrap_or(false)
            .then_some("text")
    };
    html! {
        <figure class="chart-card report-figure" data-testid={props.testid.clone()} aria-labelledby={title_id.clone()}>
            <figcaption><h4 id={title_id}>{&props.title}</h4></figcaption>
            if let Some(drawing) = props.drawing.clone() {
                <ChartCanvas testid={format!("{}-chart", props.testid)} alt={props.alt.clone()}
                    version={props.version} draw={drawing.draw} height={drawing.height} lazy={!props.eager} />
            }
            <div class="figure-actions no-print">
                <button class="link" aria-expanded={show.to_string()} aria-controls={table_id.clone()}
                    onclick={toggle} data-testid="toggle-table">
                    {if *show { Msg::HideTable.text(lang) } else { Msg::ShowTable.text(lang) }}
                </button>
                <button class="link" onclick={on_csv} data-testid="download-csv">{Msg::DownloadCsv.text(lang)}</button>
                if let Some(on_png) = on_png {
                    <button class="link" onclick={on_png} data-testid="download-png">{Msg::DownloadPng.text(lang)}</button>
                }
            </div>
            if *show || props.printing {
            <div class="table-wrap">
                <table id={table_id} class="data-table">
                    <caption class="visually-hidden">{&props.title}</caption>
                    <thead><tr>{for table.header.iter().enumerate().map(|(i, h)| html! { <th scope="col" class={text_class(i)}>{h}</th> })}</tr></thead>
                    <tbody>
                    if table.rows.is_empty() {
                        <tr><td colspan={table.header.len().max(1).to_string()} class="text muted"
                            data-testid={format!("{}-empty", props.testid)}>
                            {props.empty_text.clone().unwrap_or_else(|| Msg::TableEmpty.text(lang).to_owned())}
                        </td></tr>
                    }
                    {for table.rows.iter().map(|row| html! {
                        <tr>
                        {for row.iter().enumerate().map(|(i, cell)| {
                            let value = cell.value.map(|v| v.to_string());
                            if i == 0 {
                                html! { <th scope="row" data-value={value}>{&cell.text}</th> }
                            } else {
                                html! { <td data-value={value} class={text_class(i)}>{&cell.text}</td> }
                            }
                        })}
                        </tr>
                    })}
                    </tbody>
                </table>
            </div>
            }
        </figure>
    }
}
