//! Tests in headless Chromium (wasm-bindgen-test): the engine in wasm gives the same bytes as
//! natively, charts draw on a real canvas, and the browser-side helpers behave.
//!
//! Run by `tools/test.sh`, which sets `SHOPLAB_NATIVE_FINGERPRINT` to the fingerprint of the
//! demo store computed natively (`cargo run --example reference_overview`).
#![cfg(target_arch = "wasm32")]

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use shoplab::charts::{draw_monthly_comparison, MonthlyComparison};
use shoplab::engine::{demo, export};
use shoplab::i18n::Lang;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod support;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn demo_store_in_wasm_is_byte_identical_to_native() {
    // A missing value fails the test rather than skipping it: the comparison is the point.
    let Some(native) = option_env!("SHOPLAB_NATIVE_FINGERPRINT") else {
        panic!("run through tools/test.sh, which sets SHOPLAB_NATIVE_FINGERPRINT");
    };
    let in_wasm = export::fingerprint(&demo::generate(demo::DEFAULT_SEED).dataset).unwrap();
    assert_eq!(in_wasm, native);
}

#[wasm_bindgen_test]
fn inventory_simulation_in_wasm_is_bit_identical_to_native() {
    // The same seed, the same numbers: the policy search of the demo's first 12 SKUs and one
    // simulation per policy family and demand model, hashed bit for bit, natively
    // (`reference_overview`, through tools/test.sh) and here.
    let Some(native) = option_env!("SHOPLAB_NATIVE_INVENTORY_FINGERPRINT") else {
        panic!("run through tools/test.sh, which sets SHOPLAB_NATIVE_INVENTORY_FINGERPRINT");
    };
    let dataset = demo::generate(demo::DEFAULT_SEED).dataset;
    let in_wasm = shoplab::engine::sim::inventory::fingerprint(&dataset, 12);
    assert_eq!(in_wasm, native);
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

#[wasm_bindgen_test]
fn monthly_chart_draws_on_a_canvas() {
    let canvas: web_sys::HtmlCanvasElement = document()
        .create_element("canvas")
        .unwrap()
        .dyn_into()
        .unwrap();
    canvas.set_width(640);
    canvas.set_height(360);
    document().body().unwrap().append_child(&canvas).unwrap();
    let labels: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
    let values: Vec<f64> = (1..=12).map(|m| 1000.0 + 100.0 * m as f64).collect();
    let year_ago: Vec<Option<f64>> = values.iter().map(|v| Some(v * 0.8)).collect();
    let chart = MonthlyComparison {
        title: "近12个月月度成交额",
        labels: &labels,
        values: &values,
        year_ago: &year_ago,
        series_names: ("近12个月", "去年同期"),
        format_y: &|v| format!("{v:.0}"),
        scale: 1.0,
    };
    let area = CanvasBackend::with_canvas_object(canvas.clone())
        .unwrap()
        .into_drawing_area();
    draw_monthly_comparison(&area, &chart).unwrap();

    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let pixels = ctx.get_image_data(0.0, 0.0, 640.0, 360.0).unwrap().data();
    let (mut ink, mut blue) = (0, 0);
    for px in pixels.chunks(4) {
        if px[0] < 240 || px[1] < 240 || px[2] < 240 {
            ink += 1;
        }
        if px[2] > 180 && px[0] < 90 && px[1] < 140 {
            blue += 1;
        }
    }
    assert!(ink > 2_000, "drawn pixels: {ink}");
    assert!(blue > 300, "the main series is blue: {blue}");
}

#[wasm_bindgen_test]
fn error_banner_is_readable_in_the_page_language() {
    document()
        .document_element()
        .unwrap()
        .set_attribute("lang", "zh-CN")
        .unwrap();
    shoplab::web::show_error_banner().unwrap();
    let banner = document()
        .query_selector("[data-testid=error-banner]")
        .unwrap()
        .unwrap();
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    let text = banner.text_content().unwrap();
    assert!(
        text.contains("出错了") && text.contains("重新加载"),
        "{text}"
    );
    let link = banner.query_selector("a").unwrap().unwrap();
    assert!(link.get_attribute("href").unwrap().starts_with("?lang=zh"));
    // A second call does not stack banners.
    shoplab::web::show_error_banner().unwrap();
    assert_eq!(
        document()
            .query_selector_all("[data-testid=error-banner]")
            .unwrap()
            .length(),
        1
    );
    banner.remove();
}

#[wasm_bindgen_test]
fn language_choice_round_trips_through_storage() {
    shoplab::web::storage::save_lang(Lang::Zh);
    assert_eq!(shoplab::web::storage::load_lang(), Some(Lang::Zh));
    shoplab::web::storage::save_lang(Lang::En);
    assert_eq!(shoplab::web::storage::load_lang(), Some(Lang::En));
}

/// The import worker's messages travel through `JsCodec` (structured-clonable values): every
/// kind of answer, with a real report and view, must come back equal.
#[wasm_bindgen_test]
fn import_worker_messages_survive_the_codec() {
    use gloo::worker::Codec;
    use shoplab::engine::ingest::ImportOptions;
    use shoplab::engine::workspace::{Request, Response, Workspace};
    use shoplab::web::worker::{ImportOutput, JsCodec};

    let mut ws = Workspace::default();
    let loaded = ws.handle(Request::LoadDemo { seed: 5 });
    let report = ws.handle(Request::Report(
        shoplab::engine::report::ReportRequest::default_for(ws.dataset()).unwrap(),
    ));
    let imported = ws.handle(Request::Import {
        id: 7,
        file_name: "a.csv".into(),
        bytes: b"Order ID,Order Date,Quantity,Price\nA,01/03/2024,2,5\nB,2024-03-31,x,10\n"
            .to_vec(),
        options: ImportOptions::default(),
    });
    let failed = ws.handle(Request::Import {
        id: 8,
        file_name: "b.csv".into(),
        bytes: b"foo,bar\n1,2\n".to_vec(),
        options: ImportOptions::default(),
    });
    assert!(
        matches!(imported, Response::Imported { .. }),
        "{imported:?}"
    );
    assert!(matches!(
        report,
        Response::Report {
            report: Some(_),
            ..
        }
    ));
    for response in [loaded, report, imported, failed] {
        let back: ImportOutput = JsCodec::decode(JsCodec::encode(ImportOutput::engine(&response)));
        assert_eq!(back.response(), Some(response));
    }
}

/// A figure whose table has no rows says so in a sentence (the slow movers of a shop where
/// everything sells), in the table's place, instead of showing bare column headers; with rows
/// there is no such sentence.
#[wasm_bindgen_test]
async fn a_figure_with_an_empty_table_says_so() {
    use shoplab::web::figure::{Cell, Figure, FigureProps, Table};
    use std::rc::Rc;
    for (rows, empty_text) in [
        (
            0,
            Some("Every product sold in the last 30 days of the period."),
        ),
        (0, None),
        (2, Some("unused")),
    ] {
        let root = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&root).unwrap();
        let table = Table {
            header: vec!["Product".into(), "Last sale".into()],
            rows: (0..rows)
                .map(|k| vec![Cell::text(format!("SKU-{k}")), Cell::number(1.0, "1")])
                .collect(),
        };
        let props = FigureProps {
            testid: "slow".into(),
            title: "Slow movers".into(),
            alt: "Slow movers".into(),
            drawing: None,
            version: 0,
            table: Rc::new(table),
            file_stem: "test".into(),
            lang: Lang::En,
            table_first: true,
            printing: false,
            eager: false,
            empty_text: empty_text.map(str::to_owned),
        };
        let app = yew::Renderer::<Figure>::with_root_and_props(root.clone(), props).render();
        // Yew renders from the microtask queue: a timer's turn later it has.
        let later = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10);
        });
        wasm_bindgen_futures::JsFuture::from(later).await.unwrap();
        let sentence = root.query_selector("[data-testid=slow-empty]").unwrap();
        match (rows, empty_text) {
            (0, Some(text)) => assert_eq!(
                sentence.and_then(|s| s.text_content()).as_deref(),
                Some(text)
            ),
            (0, None) => assert_eq!(
                sentence.and_then(|s| s.text_content()).as_deref(),
                Some("Nothing to list.")
            ),
            _ => {
                assert!(sentence.is_none());
                assert_eq!(root.query_selector_all("tbody th").unwrap().length(), 2);
            }
        }
        app.destroy();
        root.remove();
    }
}

/// The record splitter as compiled for the browser (with WebAssembly SIMD, which scans plain
/// lines 16 bytes at a time where natively 8 are scanned) splits random text exactly as the
/// `csv` crate reads it, whole and cut at random places (`tests/import_records.rs` checks the
/// native build the same way).
#[wasm_bindgen_test]
fn record_splitter_in_wasm_reads_as_the_csv_crate() {
    support::splitter::reads_as_the_csv_crate(support::splitter::ATOMS, 16, 600, 60, 40);
}
