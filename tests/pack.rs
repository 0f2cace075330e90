//! Course packs and the saved workspace (issue 9): the format round-trips every table exactly,
//! refuses newer and damaged packs with a clear error, and leaves the workspace as it was when
//! it refuses.
//!
//! Reference values: a round trip is checked against the workspace it came from (the datasets
//! compared field by field, and the review of a period computed from each), so nothing here is
//! computed by the code under test alone.

use std::io::Read;

use shoplab::engine::ingest::{self, ImportOptions, SkipReason};
use shoplab::engine::pack::{self, Pack, PackError, FORMAT, VERSION};
use shoplab::engine::report::{self, ReportRequest};
use shoplab::engine::workspace::{Request, Response, Workspace};

const SEED: u64 = 20241111;

const ORDERS_CSV: &str = "\
Order ID,Order Date,Customer ID,SKU,Quantity,Unit Price,Status,Channel,Region
A1,2024-03-01 09:15:00,C1,SKU-1,2,19.90,paid,tmall,Zhejiang
A1,2024-03-01 09:15:00,C1,SKU-2,1,5.50,paid,tmall,Zhejiang
A2,2024-03-02 10:00:00,,SKU-1,1,19.90,cancelled,douyin,
A3,2024-03-05 18:30:45,C2,SKU-3,-1,42.00,paid,,Jiangsu
";

const TRAFFIC_CSV: &str = "\
date,channel,device,visitors,product_views,add_to_cart,checkout,orders,revenue
2024-03-01,search,mobile,1000,600,90,50,40,4000
2024-03-02,search,mobile,1100,640,95,52,41,4100
";

/// A workspace with the demo store and two imported files (orders replace the demo's orders,
/// traffic its traffic).
fn workspace() -> Workspace {
    let mut ws = Workspace::default();
    ws.handle(Request::LoadDemo { seed: SEED });
    for (id, name, csv) in [
        (1, "orders.csv", ORDERS_CSV),
        (2, "traffic.csv", TRAFFIC_CSV),
    ] {
        let answer = ws.handle(Request::Import {
            id,
            file_name: name.to_owned(),
            bytes: csv.as_bytes().to_vec(),
            options: ImportOptions::default(),
        });
        assert!(
            matches!(answer, Response::Imported { .. }),
            "{name}: {answer:?}"
        );
    }
    ws
}

#[test]
fn a_pack_file_round_trips_the_data_the_exercise_and_the_settings() {
    let mut ws = workspace();
    let settings = r#"{"budget":{"total":120000}}"#;
    let file = match ws.handle(Request::ExportPack {
        title: "Plan the Singles' Day budget / 双十一预算".to_owned(),
        instructions: "Split ¥1.2M across channels.".to_owned(),
        settings: settings.to_owned(),
    }) {
        Response::PackFile(bytes) => bytes,
        other => panic!("{other:?}"),
    };
    // gzip-compressed JSON.
    assert_eq!(&file[..2], &[0x1f, 0x8b]);
    let mut json = String::new();
    flate2::read::GzDecoder::new(&file[..])
        .read_to_string(&mut json)
        .expect("gzip");
    let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(value["format"], FORMAT);
    assert_eq!(value["version"], VERSION);
    assert_eq!(value["demo_seed"], SEED);

    let mut other = Workspace::default();
    let answer = other.handle(Request::OpenPack { bytes: file });
    let Response::PackLoaded(opened) = &answer else {
        panic!("{answer:?}")
    };
    assert_eq!(opened.title, "Plan the Singles' Day budget / 双十一预算");
    assert_eq!(opened.instructions, "Split ¥1.2M across channels.");
    assert_eq!(opened.settings, settings);
    assert_eq!(
        opened
            .files
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>(),
        ["orders.csv", "traffic.csv"]
    );
    // The same dataset, table by table, and the same view.
    assert_eq!(other.dataset(), ws.dataset());
    assert_eq!(opened.view, ws.view());
    // The imported orders (4 lines, a cancelled one and a return) survived exactly.
    assert_eq!(other.dataset().orders.len(), 4);
}

#[test]
fn the_saved_workspace_round_trips_and_answers_the_same_review() {
    let ws = workspace();
    let bytes = pack::to_snapshot(&ws.to_pack());
    let mut restored = Workspace::default();
    let answer = restored.handle(Request::Restore { bytes });
    assert!(matches!(answer, Response::PackLoaded(_)), "{answer:?}");
    assert_eq!(restored.dataset(), ws.dataset());
    let request = ReportRequest::default_for(ws.dataset()).expect("orders");
    assert_eq!(
        report::report(restored.dataset(), &request),
        report::report(ws.dataset(), &request)
    );
}

#[test]
fn a_workspace_without_the_demo_keeps_it_out() {
    let mut ws = workspace();
    ws.handle(Request::Clear);
    let answer = ws.handle(Request::Import {
        id: 7,
        file_name: "orders.csv".to_owned(),
        bytes: ORDERS_CSV.as_bytes().to_vec(),
        options: ImportOptions::default(),
    });
    assert!(matches!(answer, Response::Imported { .. }));
    let saved = ws.to_pack();
    assert_eq!(saved.demo_seed, None);
    let mut restored = Workspace::default();
    restored.handle(Request::Restore {
        bytes: pack::to_snapshot(&saved),
    });
    assert!(restored.dataset().traffic.is_empty(), "no demo traffic");
    assert_eq!(restored.dataset(), ws.dataset());
}

/// The real UCI Online Retail export (541,909 rows): every line survives a pack file and a
/// saved workspace.
#[test]
fn the_online_retail_export_round_trips_exactly() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/online-retail/online_retail.csv.gz"
    );
    let Ok(gz) = std::fs::read(path) else {
        panic!("{path} is missing: the shared data folder is part of the test set-up");
    };
    let mut csv = Vec::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut csv)
        .expect("gunzip");
    let imported = ingest::import("online_retail.csv", &csv, &ImportOptions::default());
    let mut ws = Workspace::default();
    ws.add(1, "online_retail.csv", imported);
    assert_eq!(ws.dataset().orders.len(), 541_909);

    let file = pack::to_file(&ws.to_pack());
    let mut from_file = Workspace::default();
    from_file.handle(Request::OpenPack { bytes: file });
    assert_eq!(from_file.dataset(), ws.dataset());

    let snapshot = pack::to_snapshot(&ws.to_pack());
    let mut from_snapshot = Workspace::default();
    from_snapshot.handle(Request::Restore { bytes: snapshot });
    assert_eq!(from_snapshot.dataset(), ws.dataset());
}

fn json_pack(body: &str) -> Vec<u8> {
    body.as_bytes().to_vec()
}

#[test]
fn newer_and_unknown_versions_are_refused_by_their_version() {
    let newer = json_pack(
        r#"{"format":"shoplab-pack","version":3,"title":"t","files":[],"something_new":{}}"#,
    );
    assert_eq!(
        pack::from_file(&newer),
        Err(PackError::Newer { version: 3 })
    );
    let zero = json_pack(r#"{"format":"shoplab-pack","version":0}"#);
    assert_eq!(
        pack::from_file(&zero),
        Err(PackError::UnknownVersion { version: 0 })
    );
    // A hand-written pack of this version with only the demo store is fine.
    let minimal = json_pack(r#"{"format":"shoplab-pack","version":1,"demo_seed":7,"title":"x"}"#);
    let read = pack::from_file(&minimal).expect("minimal pack");
    assert_eq!(read.demo_seed, Some(7));
    assert!(read.files.is_empty());

    let mut snapshot = pack::to_snapshot(&Pack::new());
    snapshot[8..12].copy_from_slice(&VERSION.to_le_bytes());
    assert!(pack::from_snapshot(&snapshot).is_ok());
    snapshot[8..12].copy_from_slice(&3u32.to_le_bytes());
    assert_eq!(
        pack::from_snapshot(&snapshot),
        Err(PackError::Newer { version: 3 })
    );
}

#[test]
fn damaged_packs_say_what_is_wrong() {
    let mut ws = workspace();
    let good = match ws.handle(Request::ExportPack {
        title: String::new(),
        instructions: String::new(),
        settings: String::new(),
    }) {
        Response::PackFile(bytes) => bytes,
        other => panic!("{other:?}"),
    };
    // Truncated: the compressed file, and the JSON inside it, cut in half.
    assert_eq!(
        pack::from_file(&good[..good.len() / 2]),
        Err(PackError::Truncated)
    );
    let mut json = Vec::new();
    flate2::read::GzDecoder::new(&good[..])
        .read_to_end(&mut json)
        .expect("gunzip");
    assert_eq!(
        pack::from_file(&json[..json.len() / 2]),
        Err(PackError::Truncated)
    );
    // Not a pack: empty, a CSV, JSON of something else.
    assert_eq!(pack::from_file(b""), Err(PackError::Empty));
    assert_eq!(
        pack::from_file(ORDERS_CSV.as_bytes()),
        Err(PackError::NotAPack)
    );
    assert_eq!(
        pack::from_file(br#"{"name":"x"}"#),
        Err(PackError::NotAPack)
    );
    assert!(matches!(
        pack::from_file(b"\x1f\x8b\x08garbage"),
        Err(PackError::Truncated | PackError::Damaged { .. })
    ));
    // Wrong JSON: the line and column of the fault.
    let wrong = json_pack("{\"format\":\"shoplab-pack\",\n\"version\":1,\n\"files\":[}");
    match pack::from_file(&wrong) {
        Err(PackError::Damaged { line, column, .. }) => {
            assert_eq!(line, Some(3));
            assert_eq!(column, Some(10));
        }
        other => panic!("{other:?}"),
    }
    // Huge values: a number past f64, a version past u32, a date past the calendar.
    let text = String::from_utf8(json).expect("utf-8");
    let huge_quantity = text.replacen("\"quantity\":[2.0", "\"quantity\":[1e999", 1);
    assert_ne!(huge_quantity, text, "the pack has the imported quantities");
    assert!(matches!(
        pack::from_file(huge_quantity.as_bytes()),
        Err(PackError::Damaged { .. })
    ));
    let huge_version = json_pack(r#"{"format":"shoplab-pack","version":99999999999}"#);
    assert!(matches!(
        pack::from_file(&huge_version),
        Err(PackError::Damaged { .. })
    ));
    let start = text.find("\"placed_at\":[").expect("dates") + "\"placed_at\":[".len();
    let end = start + text[start..].find(',').expect("a second date");
    // Past the calendar (i64::MAX µs), and within it but in the year ~97,000 (3·10¹⁸ µs after
    // 1970), which would make the simulators' daily series exhaust the tab's memory.
    for far in [i64::MAX, 3_000_000_000_000_000_000] {
        let far_date = format!("{}{}{}", &text[..start], far, &text[end..]);
        match pack::from_file(far_date.as_bytes()) {
            Err(PackError::Damaged { detail, .. }) => assert!(detail.contains("date"), "{detail}"),
            other => panic!("{far}: {other:?}"),
        }
    }
    // Columns that disagree: a SKU id no SKU has, and a column one value short.
    let bad_id = text.replacen("\"sku\":[0", "\"sku\":[4000000", 1);
    assert_ne!(bad_id, text);
    match pack::from_file(bad_id.as_bytes()) {
        Err(PackError::Damaged { detail, .. }) => assert!(detail.contains("sku"), "{detail}"),
        other => panic!("{other:?}"),
    }
    let short = text.replacen("\"unit_price\":[19.9,", "\"unit_price\":[", 1);
    assert_ne!(short, text);
    match pack::from_file(short.as_bytes()) {
        Err(PackError::Damaged { detail, .. }) => {
            assert!(detail.contains("unit_price"), "{detail}")
        }
        other => panic!("{other:?}"),
    }
    // A damaged saved workspace, cut short.
    let snapshot = pack::to_snapshot(&ws.to_pack());
    assert_eq!(
        pack::from_snapshot(&snapshot[..snapshot.len() - 10]),
        Err(PackError::Truncated)
    );
    assert_eq!(pack::from_snapshot(b"SHOPLAB"), Err(PackError::NotAPack));
}

#[test]
fn a_refused_pack_leaves_the_workspace_as_it_was() {
    let mut ws = workspace();
    let before = ws.view();
    let answer = ws.handle(Request::OpenPack {
        bytes: br#"{"format":"shoplab-pack","version":5}"#.to_vec(),
    });
    assert_eq!(
        answer,
        Response::PackFailed {
            error: PackError::Newer { version: 5 },
            restoring: false
        }
    );
    assert_eq!(ws.view(), before);
    let answer = ws.handle(Request::Restore {
        bytes: b"not a snapshot".to_vec(),
    });
    assert!(matches!(
        answer,
        Response::PackFailed {
            restoring: true,
            ..
        }
    ));
    assert_eq!(ws.view(), before);
}

/// The packs in `static/packs/` are what `engine::pack::example_packs` builds from the demo
/// store today (`cargo run --example make_packs` writes them), and they open.
#[test]
fn the_shipped_packs_are_current_and_open() {
    let examples = pack::example_packs();
    assert!(examples.len() >= 2, "at least two example packs");
    for (name, example) in examples {
        let path = format!("{}/static/packs/{name}", env!("CARGO_MANIFEST_DIR"));
        let committed = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(
            String::from_utf8_lossy(&committed),
            String::from_utf8_lossy(&pack::to_readable_file(&example)),
            "{name} is out of date: run `cargo run --example make_packs`"
        );
        let mut ws = Workspace::default();
        let answer = ws.handle(Request::OpenPack { bytes: committed });
        let Response::PackLoaded(opened) = answer else {
            panic!("{name}: {answer:?}")
        };
        assert!(!opened.title.is_empty() && !opened.instructions.is_empty());
        assert!(
            opened.files.is_empty(),
            "{name}: built from the demo store alone"
        );
        // The demo store's four tables are all there, from the demo.
        assert_eq!(opened.view.tables.len(), 4, "{name}");
        assert!(
            opened.view.tables.iter().all(|(source, rows)| {
                *source == shoplab::engine::tables::TableSource::Demo && *rows > 0
            }),
            "{name}"
        );
    }
}

/// The budget pack's levers fit the demo store's model: one per fitted channel (else the page
/// would ignore them), and a budget 1.5× today's total weekly spend (the exercise's premise).
#[test]
fn the_budget_pack_plans_one_and_a_half_times_todays_spend() {
    use shoplab::engine::sim::budget::{self, fit::FitOptions};
    let (_, example) = pack::example_packs()
        .into_iter()
        .find(|(name, _)| name.contains("budget"))
        .expect("a budget pack");
    let settings: serde_json::Value = serde_json::from_str(&example.settings).expect("JSON");
    assert_eq!(settings["page"], "#/budget");
    let demo = shoplab::engine::demo::generate(shoplab::engine::demo::DEFAULT_SEED);
    let model = budget::model(&demo.dataset, &FitOptions::default()).expect("demo marketing");
    let today: f64 = model.fit.channels.iter().map(|c| c.current_spend).sum();
    let levers = &settings["budget"]["levers"];
    assert_eq!(
        levers["channels"].as_array().map(Vec::len),
        Some(model.fit.channels.len())
    );
    let planned = levers["budget"].as_f64().expect("a budget");
    assert!((planned / today - 1.5).abs() < 1e-9, "{planned} vs {today}");
}

/// A workspace saved by a build of pack layout 1 (before skip groups kept examples) still
/// restores: `tests/fixtures/workspace-v1.bin` was written by commit baf5afc from a five-line
/// orders file with a bad date (line 3), a bad number (line 4) and a short row (line 5).
#[test]
fn a_saved_workspace_of_layout_1_still_restores() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/workspace-v1.bin"
    ))
    .expect("fixture");
    assert_eq!(&bytes[8..12], &1u32.to_le_bytes(), "a layout-1 snapshot");
    let restored = pack::from_snapshot(&bytes).expect("layout 1 reads");
    assert_eq!(restored.files.len(), 1);
    let report = &restored.files[0].report;
    assert_eq!(report.file_name, "v1-orders.csv");
    assert_eq!((report.rows_read, report.rows_used), (5, 2));
    let lines: Vec<(SkipReason, Vec<u64>)> = report
        .skipped
        .iter()
        .map(|g| (g.reason, g.first_lines.clone()))
        .collect();
    assert_eq!(
        lines,
        [
            (SkipReason::WrongColumnCount, vec![5]),
            (SkipReason::BadDate, vec![3]),
            (SkipReason::BadNumber, vec![4]),
        ]
    );
    assert!(report.skipped.iter().all(|g| g.examples.is_empty()));
    // Saved again, it is layout 2 and keeps what it had.
    let again = pack::to_snapshot(&restored);
    assert_eq!(&again[8..12], &VERSION.to_le_bytes());
    assert_eq!(pack::from_snapshot(&again).expect("layout 2"), restored);
}
