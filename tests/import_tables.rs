#![cfg(not(target_arch = "wasm32"))]
//! Importing every table kind in every format: traffic (Amazon Seller Central business reports
//! by date and by ASIN, Taobao/Tmall 生意参谋 and Pinduoduo shop reports, GA-style exports),
//! marketing (the real Robyn marketing-mix file, wide, and long Chinese and English spend
//! tables), inventory (Chinese ERP and English stock lists) and messy generic orders; in UTF-8
//! with and without BOM, GB18030/GBK, UTF-16LE/BE with and without BOM, with comma, tab,
//! semicolon and pipe delimiters, and in .xlsx workbooks.
//!
//! The files are written here with the real header names of each export, and the imported values
//! are checked against numbers computed independently in the test (the real files are read a
//! second time with the plain `csv` crate). Streaming is checked too: the real UCI Online Retail
//! file and Chinese files in every encoding give the same result however their bytes are sliced.
//! Every error path ends in an `ImportError`, never a panic.

use std::io::Read;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use shoplab::engine::ingest::schema::{self, Field, Mapping, TableKind};
use shoplab::engine::ingest::values::{DateOrder, DateOrderEvidence, DecimalStyle};
use shoplab::engine::ingest::{
    self, decode::BinaryKind, ImportError, ImportOptions, ImportReport, Imported, ImportedTable,
    Importer, MappingSource, RememberedMapping, SkipReason,
};
use shoplab::engine::tables::{
    InventoryRow, LineStatus, MarketingRow, OrderTable, PeriodRevenue, TrafficRow,
};
use shoplab::engine::{demo, export};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn import(name: &str, bytes: &[u8]) -> Result<Imported, ImportError> {
    ingest::import(name, bytes, &ImportOptions::default())
}

/// Feeds `bytes` to an [`Importer`] in slices whose sizes cycle through `sizes`.
fn import_in_slices(name: &str, bytes: &[u8], sizes: &[usize]) -> Result<Imported, ImportError> {
    assert!(!sizes.is_empty() && sizes.iter().all(|s| *s > 0));
    let mut importer = Importer::new(name, ImportOptions::default());
    let mut rest = bytes;
    for size in sizes.iter().cycle() {
        if rest.is_empty() {
            break;
        }
        let (slice, tail) = rest.split_at((*size).min(rest.len()));
        let progress = importer.feed(slice);
        rest = tail;
        assert_eq!(progress.bytes, (bytes.len() - rest.len()) as u64);
    }
    importer.finish()
}

/// The invariants every report keeps, whatever the file.
fn check(report: &ImportReport) {
    assert_eq!(
        report.rows_read,
        report.rows_used + report.rows_skipped,
        "every row is accounted for"
    );
    assert_eq!(
        report.rows_skipped,
        report.skipped.iter().map(|g| g.count).sum::<u64>()
    );
    for g in &report.skipped {
        assert!(g.count > 0);
        assert_eq!(g.first_lines.len() as u64, g.count.min(5), "{g:?}");
        assert!(g.first_lines.windows(2).all(|w| w[0] < w[1]), "{g:?}");
        assert!(g.first_lines.iter().all(|l| *l > report.header_line));
    }
    assert_eq!(report.mapping.kind, report.kind);
    assert!(report.mapping.missing_required().is_empty());
    // The kind scores are the evidence: every kind once, best first.
    let mut kinds: Vec<TableKind> = report.scores.iter().map(|s| s.kind).collect();
    kinds.sort();
    assert_eq!(kinds, TableKind::ALL);
    assert!(report
        .scores
        .windows(2)
        .all(|w| (w[0].complete, w[0].recognised) >= (w[1].complete, w[1].recognised)));
    if report.mapping_source == MappingSource::Detected {
        let best = &report.scores[0];
        assert_eq!(best.kind, report.kind, "{:?}", report.scores);
        assert!(best.complete, "{:?}", report.scores);
        assert_eq!(best.recognised, report.mapping.used_columns().len());
    }
    assert_eq!(report.signature, schema::signature(&report.headers));
}

fn traffic(imported: Imported) -> (Vec<TrafficRow>, ImportReport) {
    check(&imported.report);
    match imported.table {
        ImportedTable::Traffic(rows) => (rows, imported.report),
        _ => panic!("not traffic: {:?}", imported.report.kind),
    }
}

fn marketing(imported: Imported) -> (Vec<MarketingRow>, Vec<PeriodRevenue>, ImportReport) {
    check(&imported.report);
    match imported.table {
        ImportedTable::Marketing { rows, revenue } => (rows, revenue, imported.report),
        _ => panic!("not marketing: {:?}", imported.report.kind),
    }
}

fn inventory(imported: Imported) -> (Vec<InventoryRow>, ImportReport) {
    check(&imported.report);
    match imported.table {
        ImportedTable::Inventory(rows) => (rows, imported.report),
        _ => panic!("not inventory: {:?}", imported.report.kind),
    }
}

fn orders(imported: &Imported) -> &OrderTable {
    check(&imported.report);
    imported
        .orders()
        .unwrap_or_else(|| panic!("not orders: {:?}", imported.report.kind))
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// `1234567` → `1,234,567`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Cents as `1,290.50`.
fn money(cents: u64) -> String {
    format!("{}.{:02}", grouped(cents / 100), cents % 100)
}

/// A CSV field, quoted when it holds a comma.
fn q(field: &str) -> String {
    if field.contains([',', '"']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// A seeded generator for the made-up figures of the files written here.
struct Lcg(u64);

impl Lcg {
    fn between(&mut self, lo: u64, hi: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        lo + (self.0 >> 33) % (hi - lo + 1)
    }
}

fn gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// UTF-16 bytes. encoding_rs follows the WHATWG standard, whose UTF-16 encoders write UTF-8, so
/// the code units are written out here, then read back with encoding_rs's UTF-16 decoder.
fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if little_endian {
            b"\xFF\xFE"
        } else {
            b"\xFE\xFF"
        });
    }
    for unit in text.encode_utf16() {
        out.extend_from_slice(&if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    // Round trip through encoding_rs's decoder: the bytes are what it reads as this text.
    let encoding = if little_endian {
        encoding_rs::UTF_16LE
    } else {
        encoding_rs::UTF_16BE
    };
    let start = if bom { 2 } else { 0 };
    let (decoded, errors) = encoding.decode_without_bom_handling(&out[start..]);
    assert!(!errors && decoded == text);
    out
}

fn shared_file(path: &str) -> Vec<u8> {
    let full = format!("{}/../shared/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

// ---------------------------------------------------------------------------------------------
// Traffic: Amazon Seller Central business reports
// ---------------------------------------------------------------------------------------------

/// One day of an Amazon business report, as the test writes it.
struct AmazonDay {
    date: NaiveDate,
    sales_cents: u64,
    units: u64,
    order_items: u64,
    page_views: u64,
    sessions: u64,
}

/// The header of Seller Central's "Sales and Traffic by Date" business report.
const AMAZON_BY_DATE: &str = "Date,Ordered Product Sales,Ordered Product Sales - B2B,Units Ordered,Units Ordered - B2B,Total Order Items,Total Order Items - B2B,Page Views - Total,Sessions - Total,Unit Session Percentage";

/// Two weeks across a month end: 11/24/2026 … 11/30/2026 say month-first, 12/1/2026 …
/// 12/7/2026 could be read either way. UTF-8 with a BOM, as Seller Central downloads are.
fn amazon_by_date() -> (Vec<u8>, Vec<AmazonDay>) {
    let mut rng = Lcg(2026);
    let dates = (24..=30)
        .map(|d| day(2026, 11, d))
        .chain((1..=7).map(|d| day(2026, 12, d)));
    let mut days = Vec::new();
    let mut text = format!("\u{feff}{AMAZON_BY_DATE}\r\n");
    for date in dates {
        let sessions = rng.between(800, 15_000);
        let page_views = sessions + rng.between(0, sessions);
        let units = rng.between(10, sessions / 20);
        let order_items = rng.between(units * 8 / 10, units);
        let sales_cents = units * rng.between(1_999, 4_999);
        let b2b_cents = rng.between(0, 5_000);
        let row = format!(
            "{}/{}/{},\"${}\",\"${}\",\"{}\",{},\"{}\",0,\"{}\",\"{}\",{:.2}%\r\n",
            date.format("%m").to_string().trim_start_matches('0'),
            date.format("%d").to_string().trim_start_matches('0'),
            date.format("%Y"),
            money(sales_cents),
            money(b2b_cents),
            grouped(units),
            rng.between(0, 3),
            grouped(order_items),
            grouped(page_views),
            grouped(sessions),
            units as f64 / sessions as f64 * 100.0,
        );
        text.push_str(&row);
        days.push(AmazonDay {
            date,
            sales_cents,
            units,
            order_items,
            page_views,
            sessions,
        });
    }
    (text.into_bytes(), days)
}

/// Seller Central → Reports → Business Reports → "Sales and Traffic by Date". Headers and value
/// formats (`"12,131"`, `12.02%`, `"$1,290.50"`, month-first `11/24/2026`) as domain.md lists them.
#[test]
fn amazon_business_report_by_date() {
    let (bytes, days) = amazon_by_date();
    let (rows, r) = traffic(import("BusinessReport-11-24-26.csv", &bytes).unwrap());
    assert_eq!(r.kind, TableKind::Traffic);
    assert_eq!(
        (r.encoding.as_str(), r.bom, r.delimiter),
        ("UTF-8", true, ',')
    );
    assert_eq!(
        r.headers[0], "Date",
        "the BOM is not part of the first header"
    );
    assert_eq!(r.header_line, 1);
    assert_eq!(r.currency.as_deref(), Some("USD"));
    assert_eq!(r.decimal_style, DecimalStyle::Point);
    assert_eq!(r.mapping.get(Field::Date), Some(0));
    assert_eq!(r.mapping.get(Field::Revenue), Some(1));
    assert_eq!(r.mapping.get(Field::Units), Some(3));
    assert_eq!(r.mapping.get(Field::Orders), Some(5));
    assert_eq!(r.mapping.get(Field::PageViews), Some(7));
    assert_eq!(r.mapping.get(Field::Visitors), Some(8));
    assert_eq!(r.date_order, DateOrder::MonthFirst);
    assert_eq!(
        r.date_order_evidence,
        DateOrderEvidence {
            day_first: 0,
            month_first: 7,
            ambiguous: 7
        }
    );
    assert_eq!(r.date_range, Some((day(2026, 11, 24), day(2026, 12, 7))));
    assert_eq!((r.rows_read, r.rows_used, r.table_rows), (14, 14, 14));
    assert!(r.skipped.is_empty());

    assert_eq!(rows.len(), days.len());
    for (row, d) in rows.iter().zip(&days) {
        let expected = TrafficRow {
            date: Some(d.date),
            channel: String::new(),
            device: String::new(),
            sku: String::new(),
            visitors: d.sessions,
            page_views: Some(d.page_views),
            product_views: None,
            add_to_cart: None,
            checkout: None,
            orders: Some(d.order_items),
            paying_buyers: None,
            units: Some(d.units),
            revenue: Some(d.sales_cents as f64 / 100.0),
        };
        assert_eq!(*row, expected);
    }
    // 12/1/2026 is December 1st, decided from the column, not January 12th.
    assert_eq!(rows[7].date, Some(day(2026, 12, 1)));
    let visitors: u64 = days.iter().map(|d| d.sessions).sum();
    let cents: u64 = days.iter().map(|d| d.sales_cents).sum();
    assert_eq!(rows.iter().map(|r| r.visitors).sum::<u64>(), visitors);
    let revenue: f64 = rows.iter().filter_map(|r| r.revenue).sum();
    assert!(close(revenue, cents as f64 / 100.0));
}

/// Seller Central's "Detail Page Sales and Traffic by Child Item" (by ASIN) report: one period,
/// no date column; the child ASIN is the product.
#[test]
fn amazon_business_report_by_asin() {
    let text = "\
(Parent) ASIN,(Child) ASIN,Title,Sessions - Total,Sessions - Total - B2B,Session Percentage - Total,Page Views - Total,Page Views - Total - B2B,Featured Offer (Buy Box) Percentage,Units Ordered,Units Ordered - B2B,Unit Session Percentage,Ordered Product Sales,Ordered Product Sales - B2B,Total Order Items,Total Order Items - B2B
B0CPARENT1,B0CHILD001,\"Yoga Mat, 6mm, Non-Slip\",\"12,131\",12,41.20%,\"18,442\",15,98.50%,\"1,458\",3,12.02%,\"$43,725.42\",$89.97,\"1,402\",3
B0CPARENT1,B0CHILD002,\"Yoga Mat, 10mm, Non-Slip\",\"3,207\",0,10.89%,\"4,480\",0,97.10%,301,0,9.39%,\"$10,532.99\",$0.00,297,0
B0CPARENT2,B0CHILD003,Cork Yoga Block (2-Pack),988,1,3.36%,\"1,230\",1,100.00%,77,0,7.79%,\"$1,290.50\",$0.00,75,0
";
    let (rows, r) = traffic(import("BusinessReport-by-ASIN.csv", text.as_bytes()).unwrap());
    assert_eq!(r.kind, TableKind::Traffic);
    assert_eq!(r.mapping.get(Field::Sku), Some(1), "the child ASIN");
    assert_eq!(r.mapping.get(Field::Date), None);
    assert_eq!(r.date_range, None);
    assert_eq!(r.currency.as_deref(), Some("USD"));
    assert_eq!((r.rows_read, r.rows_used), (3, 3));
    let expected = [
        ("B0CHILD001", 12_131, 18_442, 1_458, 1_402, 43_725.42),
        ("B0CHILD002", 3_207, 4_480, 301, 297, 10_532.99),
        ("B0CHILD003", 988, 1_230, 77, 75, 1_290.50),
    ];
    for (row, (sku, sessions, views, units, items, sales)) in rows.iter().zip(expected) {
        assert_eq!(row.date, None);
        assert_eq!(row.sku, sku);
        assert_eq!(row.visitors, sessions);
        assert_eq!(row.page_views, Some(views));
        assert_eq!(row.units, Some(units));
        assert_eq!(row.orders, Some(items));
        assert_eq!(row.revenue, Some(sales));
    }
}

// ---------------------------------------------------------------------------------------------
// Traffic: 生意参谋 and Pinduoduo
// ---------------------------------------------------------------------------------------------

/// One row of a 生意参谋 product report, as the test writes it.
struct SycmRow {
    date: NaiveDate,
    id: u64,
    name: String,
    visitors: u64,
    views: u64,
    carts: u64,
    checkout: u64,
    buyers: u64,
    units: u64,
    cents: u64,
}

/// The header of 生意参谋 → 品类 → 商品360 / 商品效果 exports (domain.md).
const SYCM_HEADER: &str =
    "日期,商品ID,商品名称,商品访客数,商品浏览量,加购人数,下单买家数,支付买家数,支付件数,支付金额,支付转化率";

/// `days` × `products` rows of a 生意参谋 product report from 2024-03-01.
fn sycm_rows(days: u32, products: usize) -> Vec<SycmRow> {
    let names = [
        "夏季新款连衣裙",
        "真丝睡衣，两件套",
        "防晒霜 SPF50+",
        "男士运动鞋 透气",
        "儿童保温杯（500ml）",
    ];
    let mut rng = Lcg(618);
    let mut rows = Vec::new();
    for d in 0..days {
        let date = day(2024, 3, 1) + chrono::Duration::days(i64::from(d));
        for p in 0..products {
            let visitors = rng.between(50, 5_000);
            let carts = rng.between(0, visitors / 5);
            let checkout = rng.between(0, carts);
            let buyers = rng.between(0, checkout);
            let units = buyers + rng.between(0, buyers / 2);
            rows.push(SycmRow {
                date,
                id: 672_345_678_901 + p as u64,
                name: if p < names.len() {
                    names[p].to_owned()
                } else {
                    format!("{}{}号", names[p % names.len()], p)
                },
                visitors,
                views: visitors + rng.between(0, visitors * 2),
                carts,
                checkout,
                buyers,
                units,
                cents: units * rng.between(2_999, 49_900),
            });
        }
    }
    rows
}

/// The report as Excel saves it: a title line and a date-range line above the header, CRLF.
fn sycm_text(rows: &[SycmRow], title_pad: usize) -> String {
    let (first, last) = (rows[0].date, rows[rows.len() - 1].date);
    let mut text = format!(
        "[生意参谋平台]商品效果明细{}\r\n统计日期：{first}~{last}\r\n{SYCM_HEADER}\r\n",
        " ".repeat(title_pad)
    );
    for r in rows {
        let rate = if r.visitors == 0 {
            0.0
        } else {
            r.buyers as f64 / r.visitors as f64 * 100.0
        };
        text.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{rate:.2}%\r\n",
            r.date,
            r.id,
            q(&r.name),
            q(&grouped(r.visitors)),
            q(&grouped(r.views)),
            r.carts,
            r.checkout,
            r.buyers,
            r.units,
            q(&money(r.cents)),
        ));
    }
    text
}

fn assert_sycm(rows: &[TrafficRow], expected: &[SycmRow]) {
    assert_eq!(rows.len(), expected.len());
    for (row, e) in rows.iter().zip(expected) {
        assert_eq!(row.date, Some(e.date));
        assert_eq!(row.sku, e.id.to_string());
        assert_eq!(row.visitors, e.visitors);
        assert_eq!(row.page_views, Some(e.views));
        assert_eq!(row.add_to_cart, Some(e.carts));
        assert_eq!(row.checkout, Some(e.checkout));
        assert_eq!(row.paying_buyers, Some(e.buyers));
        assert_eq!(row.units, Some(e.units));
        assert_eq!(row.revenue, Some(e.cents as f64 / 100.0));
    }
    let sum = |f: fn(&TrafficRow) -> Option<u64>| rows.iter().filter_map(f).sum::<u64>();
    assert_eq!(
        sum(|r| Some(r.visitors)),
        expected.iter().map(|e| e.visitors).sum::<u64>()
    );
    assert_eq!(
        sum(|r| r.paying_buyers),
        expected.iter().map(|e| e.buyers).sum::<u64>()
    );
    let revenue: f64 = rows.iter().filter_map(|r| r.revenue).sum();
    let cents: u64 = expected.iter().map(|e| e.cents).sum();
    assert!(close(revenue, cents as f64 / 100.0), "{revenue} vs {cents}");
}

/// 生意参谋 (Taobao/Tmall) product report, saved by Excel as GBK and as GB18030, with its
/// title and `统计日期：` lines above the header.
#[test]
fn sycm_product_report_in_gbk_with_a_preamble() {
    let expected = sycm_rows(10, 3);
    let text = sycm_text(&expected, 0);
    for bytes in [gbk(&text), gb18030(&text)] {
        assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
        let (rows, r) = traffic(import("商品效果明细.csv", &bytes).unwrap());
        assert_eq!(r.kind, TableKind::Traffic);
        assert_eq!(r.encoding, "gb18030");
        assert!(!r.bom && !r.decode_errors);
        assert_eq!(r.header_line, 3, "title and date-range lines skipped");
        assert_eq!(r.headers.join(","), SYCM_HEADER);
        assert_eq!(r.mapping.get(Field::Visitors), Some(3), "商品访客数");
        assert_eq!(r.mapping.get(Field::AddToCart), Some(5));
        assert_eq!(r.mapping.get(Field::Checkout), Some(6));
        assert_eq!(r.mapping.get(Field::PayingBuyers), Some(7));
        assert_eq!(r.mapping.get(Field::Units), Some(8));
        assert_eq!(r.mapping.get(Field::Revenue), Some(9));
        assert_eq!((r.rows_read, r.rows_used), (30, 30));
        assert_eq!(r.date_range, Some((day(2024, 3, 1), day(2024, 3, 10))));
        assert_eq!(r.samples[0][2], "夏季新款连衣裙");
        assert_sycm(&rows, &expected);
    }
}

/// The header of a Pinduoduo (拼多多商家后台) shop report, exported as "Unicode text".
const PDD_HEADER: &str =
    "统计日期\t访客数\t浏览量\t支付买家数\t支付订单数\t支付金额\t客单价\t支付转化率";

fn pdd_text() -> String {
    let rows = [
        ("2024/3/1", 1_532, 4_210, 88, 92, 612_340),
        ("2024/3/2", 1_710, 4_655, 97, 101, 701_025),
        ("2024/3/3", 986, 2_440, 41, 41, 287_000),
    ];
    let mut text = format!("{PDD_HEADER}\r\n");
    for (date, visitors, views, buyers, orders, cents) in rows {
        text.push_str(&format!(
            "{date}\t{}\t{}\t{buyers}\t{orders}\t￥{}\t￥{:.2}\t{:.2}%\r\n",
            grouped(visitors),
            grouped(views),
            money(cents),
            cents as f64 / 100.0 / buyers as f64,
            buyers as f64 / visitors as f64 * 100.0,
        ));
    }
    text
}

/// Pinduoduo shop data (统计日期, 访客数, 浏览量, 支付买家数, 支付金额, 客单价, 支付转化率),
/// saved as UTF-16LE with a BOM and tabs, the way Excel writes "Unicode text".
#[test]
fn pinduoduo_shop_report_in_utf16_with_tabs() {
    let bytes = utf16(&pdd_text(), true, true);
    let (rows, r) = traffic(import("拼多多店铺数据.txt", &bytes).unwrap());
    assert_eq!(r.kind, TableKind::Traffic);
    assert_eq!(
        (r.encoding.as_str(), r.bom, r.delimiter),
        ("UTF-16LE", true, '\t')
    );
    assert_eq!(r.headers[0], "统计日期");
    assert_eq!(r.currency.as_deref(), Some("CNY"));
    assert_eq!(r.date_range, Some((day(2024, 3, 1), day(2024, 3, 3))));
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows.iter().map(|r| r.visitors).sum::<u64>(),
        1_532 + 1_710 + 986
    );
    assert_eq!(
        rows.iter().filter_map(|r| r.paying_buyers).sum::<u64>(),
        88 + 97 + 41
    );
    assert_eq!(rows[1].page_views, Some(4_655));
    assert_eq!(rows[1].orders, Some(101));
    assert_eq!(rows[1].revenue, Some(7_010.25));
    let revenue: f64 = rows.iter().filter_map(|r| r.revenue).sum();
    assert!(close(revenue, 6_123.40 + 7_010.25 + 2_870.00));
}

/// A GA-style traffic table (Date, Channel, Device, Sessions, Add to cart, Checkouts,
/// Transactions, Revenue) with Chinese channel names, written in every encoding and with every
/// delimiter domain.md lists: the same rows every time.
#[test]
fn every_encoding_and_delimiter_gives_the_same_rows() {
    let rows = [
        (
            "2024-03-01",
            "手淘搜索",
            "无线",
            1200,
            150,
            60,
            45,
            "3150.5",
        ),
        ("2024-03-01", "直通车", "PC", 300, 20, 9, 7, "480"),
        (
            "2024-03-02",
            "手淘搜索",
            "无线",
            1100,
            140,
            55,
            41,
            "2890.25",
        ),
    ];
    let expected: Vec<TrafficRow> = rows
        .iter()
        .map(|(date, channel, device, s, a, c, t, rev)| TrafficRow {
            date: Some(NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap()),
            channel: (*channel).to_owned(),
            device: (*device).to_owned(),
            sku: String::new(),
            visitors: *s,
            page_views: None,
            product_views: None,
            add_to_cart: Some(*a),
            checkout: Some(*c),
            orders: Some(*t),
            paying_buyers: None,
            units: None,
            revenue: Some(rev.parse().unwrap()),
        })
        .collect();
    for delimiter in [',', '\t', ';', '|'] {
        let d = delimiter.to_string();
        let mut text = [
            "Date",
            "Channel",
            "Device",
            "Sessions",
            "Add to cart",
            "Checkouts",
            "Transactions",
            "Revenue",
        ]
        .join(&d);
        text.push('\n');
        for (date, channel, device, s, a, c, t, rev) in rows {
            let fields = [
                date.to_owned(),
                channel.to_owned(),
                device.to_owned(),
                s.to_string(),
                a.to_string(),
                c.to_string(),
                t.to_string(),
                rev.to_owned(),
            ];
            text.push_str(&fields.join(&d));
            text.push('\n');
        }
        let files: [(&str, bool, Vec<u8>); 7] = [
            ("UTF-8", false, text.clone().into_bytes()),
            ("UTF-8", true, [b"\xEF\xBB\xBF", text.as_bytes()].concat()),
            ("gb18030", false, gb18030(&text)),
            ("UTF-16LE", true, utf16(&text, true, true)),
            ("UTF-16BE", true, utf16(&text, false, true)),
            ("UTF-16LE", false, utf16(&text, true, false)),
            ("UTF-16BE", false, utf16(&text, false, false)),
        ];
        for (encoding, bom, bytes) in files {
            let case = format!("{encoding} bom={bom} delimiter={delimiter:?}");
            let (got, r) = traffic(import("traffic.csv", &bytes).unwrap());
            assert_eq!((r.encoding.as_str(), r.bom), (encoding, bom), "{case}");
            assert_eq!(r.delimiter, delimiter, "{case}");
            assert!(!r.decode_errors, "{case}");
            assert_eq!(got, expected, "{case}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Marketing
// ---------------------------------------------------------------------------------------------

const ROBYN: &str = "data/marketing-mix/robyn_simulated_weekly.csv";

/// The real marketing-mix file from Meta's Robyn project (../shared/data/README.md): a wide
/// table, one spend column per channel (`tv_S`, …), reshaped to one row per week × channel.
/// Totals against a plain reading of the same file with the `csv` crate.
#[test]
fn robyn_marketing_mix_file_is_reshaped_and_totals_match() {
    let bytes = shared_file(ROBYN);
    // The plain computation.
    let channels = ["tv", "ooh", "print", "search", "facebook"];
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let spend_cols: Vec<usize> = channels.iter().map(|c| col(&format!("{c}_S"))).collect();
    let (revenue_col, fb_i, search_p) = (col("revenue"), col("facebook_I"), col("search_clicks_P"));
    let mut weeks = 0u64;
    let mut spend = [0.0f64; 5];
    let mut spend_cells = 0u64;
    let mut revenue = 0.0f64;
    let (mut impressions, mut clicks) = (0u64, 0u64);
    let mut first_week: Option<(String, u64)> = None;
    for record in reader.records() {
        let record = record.unwrap();
        weeks += 1;
        for (i, c) in spend_cols.iter().enumerate() {
            let cell = record[*c].trim();
            if !cell.is_empty() {
                spend_cells += 1;
                spend[i] += cell.parse::<f64>().unwrap();
            }
        }
        revenue += record[revenue_col].parse::<f64>().unwrap();
        let fb: f64 = record[fb_i].parse().unwrap();
        impressions += fb.round() as u64;
        clicks += record[search_p].parse::<f64>().unwrap().round() as u64;
        if first_week.is_none() {
            first_week = Some((record[0].to_owned(), fb.round() as u64));
        }
    }
    assert_eq!(weeks, 208, "as documented in ../shared/data/README.md");

    let (rows, period_revenue, r) =
        marketing(import("robyn_simulated_weekly.csv", &bytes).unwrap());
    assert_eq!(r.kind, TableKind::Marketing);
    assert!(r.mapping.is_wide());
    let wide: Vec<&str> = r.mapping.wide.iter().map(|w| w.channel.as_str()).collect();
    assert_eq!(wide, channels);
    let facebook = &r.mapping.wide[4];
    assert_eq!(facebook.impressions, Some(fb_i), "facebook_I");
    assert_eq!(r.mapping.wide[3].clicks, Some(search_p), "search_clicks_P");
    assert_eq!(r.mapping.get(Field::Revenue), Some(revenue_col));
    assert_eq!((r.rows_read, r.rows_used, r.rows_skipped), (208, 208, 0));
    assert_eq!(r.table_rows, spend_cells);
    assert_eq!(rows.len() as u64, spend_cells);
    assert_eq!(r.date_range, Some((day(2015, 11, 23), day(2019, 11, 11))));

    for (i, channel) in channels.iter().enumerate() {
        let total: f64 = rows
            .iter()
            .filter(|row| row.channel == *channel)
            .map(|row| row.spend)
            .sum();
        assert!(close(total, spend[i]), "{channel}: {total} vs {}", spend[i]);
    }
    assert_eq!(period_revenue.len(), 208);
    let total_revenue: f64 = period_revenue.iter().map(|p| p.revenue).sum();
    assert!(
        close(total_revenue, revenue),
        "{total_revenue} vs {revenue}"
    );
    let fb_rows = rows.iter().filter(|row| row.channel == "facebook");
    assert_eq!(
        fb_rows.filter_map(|row| row.impressions).sum::<u64>(),
        impressions
    );
    let search_rows = rows.iter().filter(|row| row.channel == "search");
    assert_eq!(
        search_rows.filter_map(|row| row.clicks).sum::<u64>(),
        clicks
    );
    // Channels without such columns have none.
    assert!(rows
        .iter()
        .filter(|row| row.channel == "tv")
        .all(|row| row.impressions.is_none() && row.clicks.is_none()));
    let (date, fb_rounded) = first_week.unwrap();
    let first_fb = rows
        .iter()
        .find(|row| row.channel == "facebook" && row.date.to_string() == date)
        .unwrap();
    assert_eq!(first_fb.impressions, Some(fb_rounded));
    // Weekly periods, each starting on a Monday, each with its five channels.
    assert_eq!(rows.len(), 5 * 208);
    assert!(rows
        .iter()
        .all(|row| row.date.weekday() == chrono::Weekday::Mon));
}

/// The same file cut off in the middle of its last line, as an interrupted download leaves it:
/// the short line is counted, with its line number, and the rest imports.
#[test]
fn robyn_file_cut_short_counts_the_broken_line() {
    let bytes = shared_file(ROBYN);
    let last_line_start = bytes[..bytes.len() - 1]
        .iter()
        .rposition(|b| *b == b'\n')
        .unwrap()
        + 1;
    let cut = &bytes[..last_line_start + 30];
    let (_, _, r) = marketing(import("robyn_partial.csv", cut).unwrap());
    assert_eq!((r.rows_read, r.rows_used), (208, 207));
    assert_eq!(r.skipped.len(), 1);
    assert_eq!(r.skipped[0].reason, SkipReason::WrongColumnCount);
    assert_eq!(r.skipped[0].first_lines, vec![209]);
    assert_eq!(r.date_range, Some((day(2015, 11, 23), day(2019, 11, 4))));
}

/// A long spend table as 阿里妈妈 / 万相台 reports are summed up by shops (日期, 推广渠道, 花费,
/// 展现量, 点击量, 成交金额): every bad row is counted with its line and column.
#[test]
fn long_chinese_marketing_table_with_bad_rows() {
    let text = "\
日期,推广渠道,花费,展现量,点击量,成交金额
2024-03-01,直通车,\"1,200.50\",35000,820,\"5,600.00\"
2024-03-01,引力魔方,800,120000,1500,2300
2024-03-02,直通车,八百,30000,700,4000
2024-03-02,引力魔方,--,100000,1200,1800
2024-03-02,万相台,950.5,N/A,600,
2024-03-03,,300,1000,10,0
2024-03-03,直通车,1100,32000,abc,3900
";
    let (rows, revenue, r) = marketing(import("推广花费.csv", text.as_bytes()).unwrap());
    assert_eq!(r.kind, TableKind::Marketing);
    assert!(!r.mapping.is_wide());
    assert_eq!(r.mapping.get(Field::AttributedRevenue), Some(5), "成交金额");
    assert_eq!((r.rows_read, r.rows_used), (7, 3));
    let group = |reason, column: &str| {
        r.skipped
            .iter()
            .find(|g| g.reason == reason && g.column.as_deref() == Some(column))
            .unwrap_or_else(|| panic!("{reason:?} {column}: {:?}", r.skipped))
    };
    assert_eq!(group(SkipReason::BadNumber, "花费").first_lines, vec![4]);
    assert_eq!(
        group(SkipReason::MissingRequired, "花费").first_lines,
        vec![5]
    );
    assert_eq!(
        group(SkipReason::MissingRequired, "推广渠道").first_lines,
        vec![7]
    );
    assert_eq!(group(SkipReason::BadNumber, "点击量").first_lines, vec![8]);
    assert_eq!(group(SkipReason::BadNumber, "花费").examples, ["八百"]);
    assert_eq!(group(SkipReason::BadNumber, "点击量").examples, ["abc"]);
    assert_eq!(r.skipped.len(), 4);
    assert!(revenue.is_empty(), "a long table's revenue is per channel");
    let expected = [
        (
            day(2024, 3, 1),
            "直通车",
            1200.5,
            Some(35_000),
            Some(820),
            Some(5600.0),
        ),
        (
            day(2024, 3, 1),
            "引力魔方",
            800.0,
            Some(120_000),
            Some(1500),
            Some(2300.0),
        ),
        (day(2024, 3, 2), "万相台", 950.5, None, Some(600), None),
    ];
    assert_eq!(rows.len(), 3);
    for (row, (date, channel, spend, impressions, clicks, attributed)) in rows.iter().zip(expected)
    {
        assert_eq!(row.date, date);
        assert_eq!(row.channel, channel);
        assert_eq!(row.spend, spend);
        assert_eq!((row.impressions, row.clicks), (impressions, clicks));
        assert_eq!(row.attributed_revenue, attributed);
    }
}

/// A long weekly spend table as ad platforms export it (Week, Channel, Spend, Impressions,
/// Clicks, Revenue): month-first weeks, dollar amounts, one spend that is not a number.
#[test]
fn long_english_marketing_table_with_a_bad_spend() {
    let text = "\
Week,Channel,Spend,Impressions,Clicks,Revenue
03/04/2024,Google Ads,\"$1,200.00\",\"45,000\",900,\"$3,400.00\"
03/04/2024,Meta Ads,$800.00,\"120,500\",\"1,450\",\"$2,150.75\"
03/11/2024,Google Ads,\"$1,150.00\",\"43,200\",870,\"$3,100.00\"
03/11/2024,Meta Ads,twelve hundred,\"118,000\",\"1,380\",\"$2,000.00\"
03/18/2024,Google Ads,\"$1,300.00\",\"47,900\",950,\"$3,650.00\"
03/18/2024,Meta Ads,$0.00,0,0,$0.00
";
    let (rows, _, r) = marketing(import("ads_weekly.csv", text.as_bytes()).unwrap());
    assert_eq!(r.currency.as_deref(), Some("USD"));
    assert_eq!(r.date_order, DateOrder::MonthFirst);
    assert_eq!(r.date_range, Some((day(2024, 3, 4), day(2024, 3, 18))));
    assert_eq!((r.rows_read, r.rows_used, r.table_rows), (6, 5, 5));
    assert_eq!(r.skipped.len(), 1);
    assert_eq!(r.skipped[0].reason, SkipReason::BadNumber);
    assert_eq!(r.skipped[0].column.as_deref(), Some("Spend"));
    assert_eq!(r.skipped[0].first_lines, vec![5]);
    let total: f64 = rows.iter().map(|r| r.spend).sum();
    assert!(close(total, 1200.0 + 800.0 + 1150.0 + 1300.0 + 0.0));
    assert_eq!(rows[0].date, day(2024, 3, 4), "03/04 is March 4th");
    assert_eq!(rows[1].impressions, Some(120_500));
    assert_eq!(rows[1].clicks, Some(1_450));
    assert_eq!(rows[1].attributed_revenue, Some(2_150.75));
    assert_eq!(rows[4].spend, 0.0, "zero spend is a row, not a blank");
}

// ---------------------------------------------------------------------------------------------
// Inventory
// ---------------------------------------------------------------------------------------------

/// A stock list from a Chinese ERP (聚水潭 / 旺店通 style: 商家编码, 商品名称, 可用库存, 成本价,
/// 交货期, 最小起订量), with a negative stock, a missing code and a stock that is not a number.
#[test]
fn chinese_erp_stock_list() {
    let text = "\
商家编码,商品名称,可用库存,成本价,交货期,最小起订量
A-001,保湿面霜 50ml,120,45.50,7,50
A-002,精华液 30ml,-3,88,14,20
A-003,面膜（10片）,\"1,500\",12.8,10,100
,无编码赠品,5,1,1,1
A-005,洁面乳,很多,20,7,10
A-006,卸妆水,80,￥25.00,N/A,
";
    let bytes = gbk(text);
    let (rows, r) = inventory(import("库存.csv", &bytes).unwrap());
    assert_eq!(r.kind, TableKind::Inventory);
    assert_eq!(r.encoding, "gb18030");
    assert_eq!((r.rows_read, r.rows_used), (6, 4));
    let find = |reason| r.skipped.iter().find(|g| g.reason == reason).unwrap();
    assert_eq!(find(SkipReason::MissingRequired).first_lines, vec![5]);
    assert_eq!(
        find(SkipReason::MissingRequired).column.as_deref(),
        Some("商家编码")
    );
    assert_eq!(find(SkipReason::BadNumber).first_lines, vec![6]);
    assert_eq!(
        find(SkipReason::BadNumber).column.as_deref(),
        Some("可用库存")
    );
    let skus: Vec<&str> = rows.iter().map(|r| r.sku.as_str()).collect();
    assert_eq!(skus, ["A-001", "A-002", "A-003", "A-006"]);
    assert_eq!(rows[0].name, "保湿面霜 50ml");
    assert_eq!(rows[0].unit_cost, Some(45.5));
    assert_eq!(rows[0].lead_time_days, Some(7.0));
    assert_eq!(rows[0].moq, Some(50.0));
    assert_eq!(rows[1].on_hand, -3.0, "a negative stock (oversold) is kept");
    assert_eq!(rows[2].on_hand, 1_500.0);
    assert_eq!(rows[3].unit_cost, Some(25.0));
    assert_eq!((rows[3].lead_time_days, rows[3].moq), (None, None));
    let stock: f64 = rows.iter().map(|r| r.on_hand).sum();
    assert_eq!(stock, 120.0 - 3.0 + 1_500.0 + 80.0);
}

/// An English stock list with every inventory column (SKU, Name, On hand, Unit cost, Price,
/// Lead time, Lead time SD, Order cost, Holding cost rate, MOQ); the holding rate written
/// `25%` in one row and `25` in another means 0.25 in both.
#[test]
fn english_stock_list_with_every_column() {
    let text = "\
SKU,Name,On hand,Unit cost,Price,Lead time,Lead time SD,Order cost,Holding cost rate,MOQ
MUG-01,Ceramic mug,240,3.20,12.00,21,4.5,50,25%,100
TEE-M,\"T-shirt, size M\",-3,5.10,19.99,14,2,40,25,50
CAP-01,Cap,0,2.00,9.50,N/A,,,0.2,
";
    let (rows, r) = inventory(import("stock.csv", text.as_bytes()).unwrap());
    assert_eq!(r.kind, TableKind::Inventory);
    assert_eq!(r.mapping.get(Field::ProductName), Some(1), "Name");
    assert_eq!((r.rows_read, r.rows_used), (3, 3));
    let mug = InventoryRow {
        sku: "MUG-01".into(),
        name: "Ceramic mug".into(),
        category: String::new(),
        on_hand: 240.0,
        unit_cost: Some(3.2),
        price: Some(12.0),
        lead_time_days: Some(21.0),
        lead_time_sd_days: Some(4.5),
        order_cost: Some(50.0),
        holding_cost_rate: Some(0.25),
        moq: Some(100.0),
        reorder_point: None,
        order_quantity: None,
        max_stock: None,
    };
    assert_eq!(rows[0], mug);
    assert_eq!(rows[1].name, "T-shirt, size M");
    assert_eq!(rows[1].on_hand, -3.0);
    assert_eq!(rows[1].holding_cost_rate, Some(0.25), "25 means 25%");
    assert_eq!(rows[2].holding_cost_rate, Some(0.2));
    assert_eq!(
        (
            rows[2].lead_time_days,
            rows[2].lead_time_sd_days,
            rows[2].order_cost,
            rows[2].moq
        ),
        (None, None, None, None)
    );
}

/// A stock list with the shop's current replenishment policy in English (reorder point, order
/// quantity, max stock): the values land in their fields, a blank is `None`, a negative reorder
/// point is kept like any other number, and one that is not a number skips the row.
#[test]
fn english_stock_list_with_the_current_policy() {
    let text = "\
SKU,On hand,Reorder point,Order quantity,Max stock
MUG-01,240,80,200,400
TEE-M,15,\"1,200\",500,
CAP-01,0,,,
HAT-01,3,-2,50,60
BAG-01,7,10,lots,30
";
    let (rows, r) = inventory(import("policy.csv", text.as_bytes()).unwrap());
    assert_eq!(r.kind, TableKind::Inventory);
    assert_eq!(r.mapping.get(Field::Sku), Some(0));
    assert_eq!(r.mapping.get(Field::OnHand), Some(1));
    assert_eq!(r.mapping.get(Field::ReorderPoint), Some(2));
    assert_eq!(r.mapping.get(Field::OrderQuantity), Some(3));
    assert_eq!(r.mapping.get(Field::MaxStock), Some(4));
    assert_eq!((r.rows_read, r.rows_used), (5, 4));
    assert_eq!(r.skipped.len(), 1);
    assert_eq!(r.skipped[0].reason, SkipReason::BadNumber);
    assert_eq!(r.skipped[0].column.as_deref(), Some("Order quantity"));
    assert_eq!(r.skipped[0].first_lines, vec![6]);
    let policy = |row: &InventoryRow| (row.reorder_point, row.order_quantity, row.max_stock);
    assert_eq!(policy(&rows[0]), (Some(80.0), Some(200.0), Some(400.0)));
    assert_eq!(policy(&rows[1]), (Some(1_200.0), Some(500.0), None));
    assert_eq!(policy(&rows[2]), (None, None, None));
    assert_eq!(policy(&rows[3]), (Some(-2.0), Some(50.0), Some(60.0)));
    assert_eq!(rows[0].on_hand, 240.0);
    assert_eq!(
        rows[0].moq, None,
        "an order quantity is not a minimum order quantity"
    );
}

/// The same in Chinese, in GBK: 再订货点, 每次订货量, 最高库存 next to the 商品编码 and 库存 of the
/// Chinese stock lists, and an ERP's wording of the same policy (最低库存, 采购批量, 库存上限).
#[test]
fn chinese_stock_list_with_the_current_policy() {
    for head in [
        "商品编码,库存,再订货点,每次订货量,最高库存",
        "商家编码,可用库存,最低库存,采购批量,库存上限",
    ] {
        let text = format!("{head}\nA-001,120,40,100,200\nA-002,8,,60,\n");
        let (rows, r) = inventory(import("库存.csv", &gbk(&text)).unwrap());
        assert_eq!(r.kind, TableKind::Inventory, "{head}");
        assert_eq!(r.encoding, "gb18030");
        for (column, field) in [
            Field::Sku,
            Field::OnHand,
            Field::ReorderPoint,
            Field::OrderQuantity,
            Field::MaxStock,
        ]
        .into_iter()
        .enumerate()
        {
            assert_eq!(r.mapping.get(field), Some(column), "{head}: {field:?}");
        }
        assert_eq!((r.rows_read, r.rows_used), (2, 2));
        assert_eq!(rows[0].sku, "A-001");
        assert_eq!(rows[0].on_hand, 120.0);
        assert_eq!(
            (
                rows[0].reorder_point,
                rows[0].order_quantity,
                rows[0].max_stock
            ),
            (Some(40.0), Some(100.0), Some(200.0))
        );
        assert_eq!(
            (
                rows[1].reorder_point,
                rows[1].order_quantity,
                rows[1].max_stock
            ),
            (None, Some(60.0), None)
        );
    }
}

/// The demo store's inventory table written as CSV (the fingerprint's form, with its snake_case
/// headers) imports back as an inventory table with every field, the current policy included.
#[test]
fn demo_inventory_csv_imports_back() {
    let planted = demo::generate(demo::DEFAULT_SEED).dataset.inventory;
    let csv = export::to_csv(&planted).unwrap();
    let (rows, r) = inventory(import("inventory.csv", &csv).unwrap());
    assert_eq!(r.kind, TableKind::Inventory);
    assert_eq!(r.mapping_source, MappingSource::Detected);
    assert_eq!(
        r.mapping.used_columns().len(),
        r.headers.len(),
        "every column is recognised: {:?}",
        r.headers
    );
    assert_eq!(rows.len(), planted.len());
    for (back, row) in rows.iter().zip(&planted) {
        assert_eq!(back.reorder_point, row.reorder_point, "{}", row.sku);
        assert_eq!(back.order_quantity, row.order_quantity, "{}", row.sku);
        assert_eq!(back.max_stock, row.max_stock, "{}", row.sku);
    }
    assert_eq!(rows, planted, "and every other field");
}

// ---------------------------------------------------------------------------------------------
// Orders: messy generic exports
// ---------------------------------------------------------------------------------------------

/// Superstore-style headers (Order ID, Order Date, Ship Date, Customer ID, Product Name, Sales,
/// Quantity) with two-digit years: month-first while every date is ambiguous, day-first once
/// one date says so.
#[test]
fn two_digit_years_and_the_column_decides_the_order() {
    let head = "Order ID,Order Date,Ship Date,Customer ID,Product Name,Sales,Quantity\n";
    let ambiguous = "CA-2019-1,03/01/19,03/05/19,CG-12520,Bookcase,261.96,2\nCA-2019-2,11/02/19,11/06/19,DV-13045,Chairs,731.94,3\n";
    let imported = import("superstore.csv", format!("{head}{ambiguous}").as_bytes()).unwrap();
    let t = orders(&imported);
    assert_eq!(imported.report.date_order, DateOrder::MonthFirst);
    assert_eq!(t.line(0).unwrap().placed_at, at("2019-03-01 00:00:00"));
    assert_eq!(t.line(1).unwrap().placed_at, at("2019-11-02 00:00:00"));
    assert_eq!(t.line(1).unwrap().unit_price, 731.94 / 3.0);

    let day_first =
        format!("{head}{ambiguous}CA-2019-3,25/12/19,28/12/19,CG-12520,Bookcase,130.98,1\n");
    let imported = import("superstore.csv", day_first.as_bytes()).unwrap();
    let t = orders(&imported);
    assert_eq!(imported.report.date_order, DateOrder::DayFirst);
    let dates: Vec<String> = t.lines().map(|l| l.placed_at.to_string()).collect();
    assert_eq!(
        dates,
        [
            "2019-01-03 00:00:00",
            "2019-02-11 00:00:00",
            "2019-12-25 00:00:00"
        ]
    );
}

/// 1,500 ambiguous dates, then one that can only be day-first, after the rows the header is
/// decided from: the whole column flips, the rows already read included.
#[test]
fn a_late_day_first_date_flips_the_whole_column() {
    let mut text = String::from("Order ID,Order Date,Quantity,Unit Price\n");
    let mut expected = Vec::new();
    for i in 0..1_500u32 {
        let (d, m) = (1 + i % 12, 1 + (i / 12) % 12);
        text.push_str(&format!("O{i},{d:02}/{m:02}/2024,1,2.50\n"));
        expected.push(day(2024, m, d));
    }
    text.push_str("O1500,25/03/2024,1,2.50\n");
    expected.push(day(2024, 3, 25));
    let imported = import("orders.csv", text.as_bytes()).unwrap();
    let t = orders(&imported);
    let r = &imported.report;
    assert_eq!(r.date_order, DateOrder::DayFirst);
    assert_eq!(
        r.date_order_evidence,
        DateOrderEvidence {
            day_first: 1,
            month_first: 0,
            ambiguous: 1_500
        }
    );
    assert_eq!((r.rows_read, r.rows_used), (1_501, 1_501));
    let got: Vec<NaiveDate> = t.lines().map(|l| l.placed_at.date()).collect();
    assert!(got == expected, "every date read day-first");
    assert_eq!(r.date_range, Some((day(2024, 1, 1), day(2024, 12, 12))));

    // Evidence both ways: month-first wins, and the one date that does not exist under it is
    // skipped with its line, found only once the whole column was read.
    let conflicting = format!("{text}O1501,03/26/2024,1,2.50\n");
    let imported = import("orders.csv", conflicting.as_bytes()).unwrap();
    let t = orders(&imported);
    let r = &imported.report;
    assert_eq!(r.date_order, DateOrder::MonthFirst);
    assert_eq!((r.rows_read, r.rows_used), (1_502, 1_501));
    assert_eq!(r.skipped.len(), 1);
    assert_eq!(r.skipped[0].reason, SkipReason::BadDate);
    assert_eq!(r.skipped[0].column.as_deref(), Some("Order Date"));
    assert_eq!(r.skipped[0].first_lines, vec![1_502]);
    // Line 1,502 is O1500's 25/03/2024, as read: no 25th month under the month-first order.
    assert_eq!(r.skipped[0].examples, ["25/3/2024"]);
    // Row 12 is written 01/02/2024: January 2nd, month-first.
    assert_eq!(t.line(12).unwrap().placed_at.date(), day(2024, 1, 2));
    assert_eq!(t.line(1_500).unwrap().placed_at.date(), day(2024, 3, 26));
}

/// A hand-kept order sheet: blanks as `N/A` and `--`, negatives in parentheses, line totals
/// where the price is blank, a thousands separator in a quantity, dollar signs.
#[test]
fn messy_values_in_a_generic_orders_export() {
    let text = "\
Order ID,Order Date,Customer ID,SKU,Quantity,Unit Price,Total,Status
1001,2024-03-01 10:00,C1,SKU-A,2,9.99,19.98,paid
1001,,N/A,SKU-B,1,--,5.00,
1002,2024-03-02 11:00,C2,SKU-A,-1,--,(9.99),refunded
1003,2024-03-02 12:00,--,SKU-C,N/A,3.00,3.00,paid
1004,2024-03-03 09:00,C3,SKU-D,1,(4.50),,paid
1005,2024-03-03 10:00,,SKU-E,\"1,000\",$0.35,$350.00,paid
";
    let imported = import("orders.csv", text.as_bytes()).unwrap();
    let t = orders(&imported);
    let r = &imported.report;
    assert_eq!((r.rows_read, r.rows_used), (6, 5));
    assert_eq!(r.skipped[0].reason, SkipReason::MissingRequired);
    assert_eq!(r.skipped[0].column.as_deref(), Some("Quantity"));
    assert_eq!(r.skipped[0].first_lines, vec![5]);
    assert_eq!(r.currency.as_deref(), Some("USD"));
    let l: Vec<_> = t.lines().collect();
    // The second line of order 1001 inherits its date and customer.
    assert_eq!(l[1].placed_at, at("2024-03-01 10:00:00"));
    assert_eq!(l[1].customer_id, Some("C1"));
    assert_eq!(
        l[1].unit_price, 5.0,
        "total / quantity when the price is --"
    );
    assert_eq!(l[1].status, LineStatus::Paid);
    // (9.99) over -1 unit: a refund of one unit at 9.99.
    assert_eq!((l[2].quantity, l[2].unit_price), (-1.0, 9.99));
    assert_eq!(l[2].status, LineStatus::Refunded);
    assert_eq!(l[3].unit_price, -4.5, "(4.50) is negative");
    assert!(!t.get(3).unwrap().is_valid());
    assert_eq!((l[4].quantity, l[4].unit_price), (1_000.0, 0.35));
    assert_eq!(l[4].customer_id, None);
    assert_eq!(r.date_range, Some((day(2024, 3, 1), day(2024, 3, 3))));
}

/// A European export: semicolons, `1.234,50` decimal commas and day-first dotted dates.
#[test]
fn decimal_commas_and_dotted_day_first_dates() {
    let text = "\
Order ID;Order Date;Quantity;Unit Price;Total
A1;01.03.2024;2;1.234,50;2.469,00
A2;13.03.2024;1;12,5;12,5
A3;14.03.2024 18:30;3;(1,25);-3,75
A4;15.03.2024;1;1.500;1.500
";
    let imported = import("bestellungen.csv", text.as_bytes()).unwrap();
    let t = orders(&imported);
    let r = &imported.report;
    assert_eq!(r.delimiter, ';');
    assert_eq!(r.decimal_style, DecimalStyle::Comma);
    assert_eq!(r.date_order, DateOrder::DayFirst);
    let l: Vec<_> = t.lines().collect();
    assert_eq!(l[0].unit_price, 1_234.5);
    assert_eq!(l[0].placed_at, at("2024-03-01 00:00:00"));
    assert_eq!(l[1].unit_price, 12.5);
    assert_eq!(l[2].unit_price, -1.25);
    assert_eq!(l[2].placed_at, at("2024-03-14 18:30:00"));
    // A point alone groups thousands too: 1.500 is 1500, not 1.5.
    assert_eq!(l[3].unit_price, 1_500.0);
}

/// A decimal-comma table whose other columns write a decimal point (`0.25`, `1.5`): those are
/// read as written, not as thousands (the table's style only turns a point into a thousands
/// separator between groups of three digits, as in `1.500`).
#[test]
fn a_decimal_comma_table_keeps_the_points_of_its_other_columns() {
    let text = "sku;on_hand;unit_cost;price;holding_rate;lead_time_sd\nA;10;12,50;20,00;0.25;1.5\nB;1.200;3,10;6,00;0.2;2.25\n";
    let (rows, r) = inventory(import("lager.csv", text.as_bytes()).unwrap());
    assert_eq!(r.decimal_style, DecimalStyle::Comma);
    let got: Vec<[Option<f64>; 4]> = rows
        .iter()
        .map(|x| {
            [
                Some(x.on_hand),
                x.unit_cost,
                x.holding_cost_rate,
                x.lead_time_sd_days,
            ]
        })
        .collect();
    assert_eq!(
        got,
        [
            [Some(10.0), Some(12.5), Some(0.25), Some(1.5)],
            [Some(1_200.0), Some(3.1), Some(0.2), Some(2.25)]
        ]
    );
}

/// A wide sheet's attributed-revenue columns decide the decimal style with its spend, and a
/// shop total (`total_spend`, `全店花费`) is not a channel.
#[test]
fn wide_attribution_votes_on_the_decimal_style_and_totals_are_not_channels() {
    let text = "date;search_spend;search_revenue;social_spend;social_revenue\n2024-01-01;100;1234,56;200;99,5\n";
    let (rows, _, r) = marketing(import("mmm.csv", text.as_bytes()).unwrap());
    assert_eq!(r.decimal_style, DecimalStyle::Comma);
    let search = rows.iter().find(|x| x.channel == "search").unwrap();
    assert_eq!(search.attributed_revenue, Some(1234.56));

    for text in [
        "date,search_spend,social_spend,total_spend,total_revenue,revenue\n2024-01-01,100,200,300,999,5000\n",
        "日期,直通车花费,抖音花费,全店花费,全店成交金额,销售额\n2024-01-01,100,200,300,999,5000\n",
    ] {
        let (rows, revenue, r) = marketing(import("mmm.csv", text.as_bytes()).unwrap());
        let channels: Vec<&str> = r.mapping.wide.iter().map(|w| w.channel.as_str()).collect();
        assert_eq!(channels.len(), 2, "{channels:?}");
        assert!(rows.iter().all(|x| x.attributed_revenue.is_none()));
        assert_eq!(revenue[0].revenue, 5_000.0);
    }
}

/// A Chinese order export whose date column mixes Excel serial numbers (a column Excel did not
/// format as dates), `2024年3月2日`, `20240303` and `2024/3/4 9:05`.
#[test]
fn excel_serials_and_chinese_dates() {
    let text = "\
订单编号,下单时间,商品编码,购买数量,商品单价,买家会员名
E1,45352,SKU1,1,10,张三
E2,45352.75,SKU2,2,\"¥1,234.00\",李四
E3,2024年3月2日,SKU1,1,10,张三
E4,2024年3月2日 13:45:10,SKU3,1,5,王五
E5,20240303,SKU1,3,10,张三
E6,2024/3/4 9:05,SKU2,1,\"¥1,234.00\",李四
";
    let imported = import("订单.csv", text.as_bytes()).unwrap();
    let t = orders(&imported);
    assert_eq!(imported.report.currency.as_deref(), Some("CNY"));
    let dates: Vec<String> = t.lines().map(|l| l.placed_at.to_string()).collect();
    assert_eq!(
        dates,
        [
            "2024-03-01 00:00:00",
            "2024-03-01 18:00:00",
            "2024-03-02 00:00:00",
            "2024-03-02 13:45:10",
            "2024-03-03 00:00:00",
            "2024-03-04 09:05:00",
        ]
    );
    assert_eq!(t.line(1).unwrap().unit_price, 1_234.0);
    assert_eq!(t.line(3).unwrap().customer_id, Some("王五"));
}

// ---------------------------------------------------------------------------------------------
// Workbooks
// ---------------------------------------------------------------------------------------------

/// An .xlsx workbook with a notes sheet, a 生意参谋-style traffic sheet under a title row and a
/// stock sheet: the sheet that imports best is read, or the one chosen.
#[test]
fn xlsx_with_traffic_and_inventory_sheets() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("说明").unwrap();
    notes.write_string(0, 0, "由店铺后台导出").unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("流量").unwrap();
    sheet.write_string(0, 0, "店铺流量日报").unwrap();
    for (c, h) in ["日期", "访客数", "浏览量", "支付买家数", "支付金额"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let days = [
        (1, 1200.0, 3400.0, 30.0, 2345.6),
        (2, 1100.0, 3000.0, 28.0, 2100.0),
        (3, 900.0, 2500.0, 20.0, 1500.25),
        (4, 1500.0, 4100.0, 41.0, 3300.0),
    ];
    for (i, (d, visitors, views, buyers, revenue)) in days.iter().enumerate() {
        let r = i as u32 + 2;
        let date = ExcelDateTime::from_ymd(2024, 3, *d).unwrap();
        sheet
            .write_datetime_with_format(r, 0, &date, &date_format)
            .unwrap();
        for (c, v) in [visitors, views, buyers, revenue].iter().enumerate() {
            sheet.write_number(r, c as u16 + 1, **v).unwrap();
        }
    }
    let stock = book.add_worksheet();
    stock.set_name("库存").unwrap();
    for (c, h) in ["商家编码", "可用库存", "成本价"].iter().enumerate() {
        stock.write_string(0, c as u16, *h).unwrap();
    }
    stock.write_string(1, 0, "A-001").unwrap();
    stock.write_number(1, 1, 120.0).unwrap();
    stock.write_number(1, 2, 45.5).unwrap();
    let bytes = book.save_to_buffer().unwrap();

    let whole = import("店铺数据.xlsx", &bytes).unwrap();
    assert!(import_in_slices("店铺数据.xlsx", &bytes, &[1_000, 7]).unwrap() == whole);
    let (rows, r) = traffic(whole);
    assert_eq!(r.encoding, "Excel .xlsx");
    assert_eq!(r.sheet.as_deref(), Some("流量"));
    assert_eq!(r.sheets, ["说明", "流量", "库存"]);
    assert_eq!(r.header_line, 2, "the title row is skipped");
    assert_eq!(rows.len(), 4);
    for (row, (d, visitors, views, buyers, revenue)) in rows.iter().zip(days) {
        assert_eq!(row.date, Some(day(2024, 3, u32::from(d))));
        assert_eq!(row.visitors, visitors as u64);
        assert_eq!(row.page_views, Some(views as u64));
        assert_eq!(row.paying_buyers, Some(buyers as u64));
        assert_eq!(row.revenue, Some(revenue));
    }

    let chosen = ImportOptions {
        sheet: Some("库存".into()),
        ..ImportOptions::default()
    };
    let (stock_rows, r) = inventory(ingest::import("店铺数据.xlsx", &bytes, &chosen).unwrap());
    assert_eq!(r.sheet.as_deref(), Some("库存"));
    assert_eq!(stock_rows.len(), 1);
    assert_eq!(
        (stock_rows[0].on_hand, stock_rows[0].unit_cost),
        (120.0, Some(45.5))
    );

    // A sheet that does not exist is an error, not a panic.
    let missing = ImportOptions {
        sheet: Some("不存在".into()),
        ..ImportOptions::default()
    };
    match ingest::import("店铺数据.xlsx", &bytes, &missing) {
        Err(ImportError::NoSuchSheet { sheet, sheets }) => {
            assert_eq!(sheet, "不存在");
            assert!(sheets.contains(&"库存".to_owned()));
        }
        other => panic!("{other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Streaming
// ---------------------------------------------------------------------------------------------

fn online_retail() -> Vec<u8> {
    let gz = shared_file("data/online-retail/online_retail.csv.gz");
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(gz.as_slice())
        .read_to_end(&mut bytes)
        .expect("gunzip");
    bytes
}

/// The real UCI Online Retail file (48 MB), imported whole and streamed in slices of odd sizes
/// that cut records, quoted descriptions and the encoding-detection prefix: the same result.
#[test]
fn online_retail_streamed_in_odd_slices_equals_whole() {
    let bytes = online_retail();
    let whole = import("online_retail.csv", &bytes).unwrap();
    let sizes = [(1 << 20) + 7, 333, 65_537, 1, 4_099, 999_983, 17, 2_000_003];
    let sliced = import_in_slices("online_retail.csv", &bytes, &sizes).unwrap();
    if whole != sliced {
        assert_eq!(whole.report, sliced.report);
        panic!("the tables differ");
    }
    assert_eq!(whole.report.bytes, bytes.len() as u64);
    assert_eq!(whole.report.rows_read, 541_909);
    orders(&whole);
    // With a size hint (the worker knows the file's size), still the same.
    let mut importer = Importer::new("online_retail.csv", ImportOptions::default())
        .with_size_hint(bytes.len() as u64);
    for chunk in bytes.chunks(3 << 20) {
        importer.feed(chunk);
    }
    let hinted = importer.finish().unwrap();
    assert!(hinted == whole, "a size hint changes nothing");
}

/// Small Chinese files in GB18030, UTF-16LE/BE and UTF-8, cut in two at every byte position,
/// and fed one byte at a time: the same result as whole.
#[test]
fn small_chinese_files_cut_at_every_byte() {
    let sycm = sycm_text(&sycm_rows(3, 2), 0);
    let files = [
        ("gb18030", gb18030(&sycm)),
        ("UTF-8", sycm.clone().into_bytes()),
        ("UTF-16LE", utf16(&sycm, true, true)),
        ("UTF-16BE", utf16(&pdd_text(), false, true)),
    ];
    for (encoding, bytes) in files {
        let whole = import("file.csv", &bytes);
        let report = &whole.as_ref().unwrap().report;
        assert_eq!(report.encoding, encoding);
        for cut in 0..=bytes.len() {
            let (a, b) = bytes.split_at(cut);
            let mut importer = Importer::new("file.csv", ImportOptions::default());
            importer.feed(a);
            importer.feed(b);
            assert!(importer.finish() == whole, "{encoding} cut at {cut}");
        }
        assert!(
            import_in_slices("file.csv", &bytes, &[1]) == whole,
            "{encoding}"
        );
    }
}

/// Writes text in one encoding.
type Encode = fn(&str) -> Vec<u8>;

/// Files a little larger than the 1 MiB from which the encoding is detected, so that their last
/// 32 KiB go through the streaming decoder: fed one byte at a time (every character cut at
/// every position), and in slices of 2, 3, 5 and 7 bytes, they give the same result as whole.
/// The title's padding moves the characters that straddle the 1 MiB mark.
#[test]
fn large_chinese_files_fed_byte_by_byte_equal_whole() {
    let all = sycm_rows(366, 48);
    let encoders: [(&str, Encode); 3] = [
        ("gb18030", gb18030),
        ("UTF-8", |t| t.as_bytes().to_vec()),
        ("UTF-16LE", |t| utf16(t, true, true)),
    ];
    for (encoding, encode) in encoders {
        // As many rows as make 1 MiB + 32 KiB in this encoding.
        let full = encode(&sycm_text(&all, 0)).len();
        let n = all.len() * ((1 << 20) + (32 << 10)) / full;
        let rows = &all[..n];
        for pad in 0..3 {
            let bytes = encode(&sycm_text(rows, pad));
            assert!(bytes.len() > (1 << 20) + (24 << 10), "{encoding}");
            let whole = import("big.csv", &bytes).unwrap();
            assert_eq!(whole.report.encoding, encoding);
            assert!(!whole.report.decode_errors);
            for sizes in [&[1][..], &[2, 3, 5, 7]] {
                let sliced = import_in_slices("big.csv", &bytes, sizes).unwrap();
                if sliced != whole {
                    assert_eq!(sliced.report, whole.report, "{encoding} {sizes:?}");
                    panic!("{encoding} {sizes:?} pad {pad}: the tables differ");
                }
            }
            if pad == 0 {
                let (got, _) = traffic(whole);
                assert_sycm(&got, rows);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Mappings chosen by the user
// ---------------------------------------------------------------------------------------------

fn abcd_mapping() -> Mapping {
    let mut mapping = Mapping::new(TableKind::Orders);
    mapping.set(Field::OrderId, Some(0));
    mapping.set(Field::PlacedAt, Some(1));
    mapping.set(Field::Quantity, Some(2));
    mapping.set(Field::UnitPrice, Some(3));
    mapping
}

/// A file whose headers mean nothing (`a,b,c,d`): the mapping editor's input, then the mapping
/// the user confirmed, remembered under the header signature and used next time.
#[test]
fn a_remembered_mapping_is_used_for_the_same_headers() {
    let text = "a,b,c,d\n1001,2024-03-01,2,9.99\n1002,05/03/2024,1,5\n";
    let unrecognised = match import("export.csv", text.as_bytes()) {
        Err(ImportError::NeedsMapping(u)) => u,
        other => panic!("{other:?}"),
    };
    assert_eq!(unrecognised.headers, ["a", "b", "c", "d"]);
    assert_eq!(unrecognised.header_line, 1);
    assert_eq!(
        unrecognised.missing,
        [
            Field::OrderId,
            Field::PlacedAt,
            Field::Quantity,
            Field::UnitPrice
        ]
    );
    assert_eq!(unrecognised.samples.len(), 2);
    assert!(unrecognised.scores.iter().all(|s| s.recognised == 0));
    let signature = unrecognised.signature.clone();

    let remembered = |date_order| ImportOptions {
        remembered: vec![RememberedMapping {
            signature: signature.clone(),
            mapping: abcd_mapping(),
            date_order,
        }],
        ..ImportOptions::default()
    };
    let imported = ingest::import("export.csv", text.as_bytes(), &remembered(None)).unwrap();
    let t = orders(&imported);
    assert_eq!(imported.report.mapping_source, MappingSource::Remembered);
    assert_eq!(imported.report.mapping, abcd_mapping());
    assert_eq!(t.len(), 2);
    assert_eq!(t.line(0).unwrap().order_id, "1001");
    assert_eq!(t.line(0).unwrap().unit_price, 9.99);
    assert_eq!(t.line(1).unwrap().placed_at.date(), day(2024, 5, 3));
    // The date order remembered with the mapping is used too.
    let imported = ingest::import(
        "export.csv",
        text.as_bytes(),
        &remembered(Some(DateOrder::DayFirst)),
    )
    .unwrap();
    assert_eq!(
        orders(&imported).line(1).unwrap().placed_at.date(),
        day(2024, 3, 5)
    );
    // The signature ignores spelling: the next export with ` A , B ,c,D ` headers matches.
    let respelled = text.replacen("a,b,c,d", " A , B ,c,D ", 1);
    let imported = ingest::import("export.csv", respelled.as_bytes(), &remembered(None)).unwrap();
    assert_eq!(imported.report.mapping_source, MappingSource::Remembered);
    // Another header row does not match.
    let other = text.replacen("a,b,c,d", "a,b,c,e", 1);
    assert!(matches!(
        ingest::import("export.csv", other.as_bytes(), &remembered(None)),
        Err(ImportError::NeedsMapping(_))
    ));

    // Chosen in the editor for this import: the user's, even over a remembered one.
    let user = ImportOptions {
        mapping: Some(abcd_mapping()),
        ..remembered(None)
    };
    let imported = ingest::import("export.csv", text.as_bytes(), &user).unwrap();
    orders(&imported);
    assert_eq!(imported.report.mapping_source, MappingSource::User);

    // A user mapping can choose the kind: the same columns read as a stock list.
    let mut stock = Mapping::new(TableKind::Inventory);
    stock.set(Field::Sku, Some(0));
    stock.set(Field::OnHand, Some(2));
    stock.set(Field::UnitCost, Some(3));
    let as_stock = ImportOptions {
        mapping: Some(stock),
        ..ImportOptions::default()
    };
    let (rows, r) = inventory(ingest::import("export.csv", text.as_bytes(), &as_stock).unwrap());
    assert_eq!(r.mapping_source, MappingSource::User);
    assert_eq!((rows[0].sku.as_str(), rows[0].on_hand), ("1001", 2.0));

    // Mappings that name columns the file does not have are ignored, not followed.
    let mut out_of_range = abcd_mapping();
    out_of_range.set(Field::CustomerId, Some(9));
    let bad = ImportOptions {
        mapping: Some(out_of_range.clone()),
        remembered: vec![RememberedMapping {
            signature,
            mapping: out_of_range,
            date_order: None,
        }],
        ..ImportOptions::default()
    };
    assert!(matches!(
        ingest::import("export.csv", text.as_bytes(), &bad),
        Err(ImportError::NeedsMapping(_))
    ));
}

// ---------------------------------------------------------------------------------------------
// Kinds and errors
// ---------------------------------------------------------------------------------------------

/// The kind scores are the evidence for the kind: for a file of each kind, the best score is
/// that kind and complete, and the other kinds are not complete.
#[test]
fn kind_scores_name_the_kind_of_each_export() {
    let robyn = shared_file(ROBYN);
    let files: [(&str, Vec<u8>, TableKind); 6] = [
        ("amazon", amazon_by_date().0, TableKind::Traffic),
        ("sycm", gbk(&sycm_text(&sycm_rows(2, 2), 0)), TableKind::Traffic),
        ("pdd", utf16(&pdd_text(), true, true), TableKind::Traffic),
        ("robyn", robyn, TableKind::Marketing),
        (
            "stock",
            b"SKU,On hand,Unit cost,Lead time\nA,1,2,3\n".to_vec(),
            TableKind::Inventory,
        ),
        (
            "uci",
            b"InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n".to_vec(),
            TableKind::Orders,
        ),
    ];
    for (name, bytes, kind) in files {
        let imported = import(name, &bytes).unwrap();
        let r = &imported.report;
        check(r);
        assert_eq!(r.kind, kind, "{name}");
        assert_eq!(r.scores[0].kind, r.kind, "{name}");
        assert!(r.scores[0].complete, "{name}");
        assert!(
            r.scores[1..].iter().all(|s| !s.complete),
            "{name}: {:?}",
            r.scores
        );
    }
}

/// Every way a file of each kind can fail ends in an error that says why, never a panic.
#[test]
fn every_error_path_of_every_kind() {
    assert_eq!(import("e.csv", b"").unwrap_err(), ImportError::Empty);
    assert_eq!(
        import("e.csv", b" \r\n\t\n").unwrap_err(),
        ImportError::Empty
    );
    // A BOM and nothing else.
    assert!(import("e.csv", b"\xEF\xBB\xBF").is_err());
    assert!(import("e.csv", b"\xFF\xFE").is_err());
    // The real .gz, not unpacked; a PDF; an image.
    let gz = shared_file("data/online-retail/online_retail.csv.gz");
    assert_eq!(
        import("online_retail.csv.gz", &gz).unwrap_err(),
        ImportError::NotText(BinaryKind::Gzip)
    );
    assert_eq!(
        import("r.pdf", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n").unwrap_err(),
        ImportError::NotText(BinaryKind::Pdf)
    );
    assert_eq!(
        import("r.jpg", b"\xFF\xD8\xFF\xE0\0\x10JFIF").unwrap_err(),
        ImportError::NotText(BinaryKind::Jpeg)
    );

    // Header only, for every kind.
    for header in [
        AMAZON_BY_DATE,
        SYCM_HEADER,
        "DATE,revenue,tv_S,ooh_S,print_S,facebook_I,search_clicks_P,search_S,competitor_sales_B,facebook_S,events,newsletter",
        "日期,推广渠道,花费,展现量,点击量,成交金额",
        "SKU,Name,On hand,Unit cost,Price,Lead time,Lead time SD,Order cost,Holding cost rate,MOQ",
    ] {
        for text in [format!("{header}\n"), format!("{header}\n\n\n")] {
            match import("h.csv", text.as_bytes()) {
                Err(ImportError::HeaderOnly { headers }) => {
                    assert_eq!(headers.join(","), header)
                }
                other => panic!("{header}: {other:?}"),
            }
        }
    }
    // Header only, in GBK, below a preamble.
    let preamble_only = gbk(&format!(
        "商品效果明细\r\n统计日期：2024-03-01~2024-03-31\r\n{SYCM_HEADER}\r\n"
    ));
    assert!(matches!(
        import("h.csv", &preamble_only),
        Err(ImportError::HeaderOnly { .. })
    ));

    // Required columns missing: the kind is still named, with what it lacks.
    for (header, kind, missing) in [
        (
            "Date,Page Views,Orders",
            TableKind::Traffic,
            vec![Field::Visitors],
        ),
        (
            "Date,Channel,Impressions,Clicks",
            TableKind::Marketing,
            vec![Field::Spend],
        ),
        (
            "SKU,Unit cost,Lead time",
            TableKind::Inventory,
            vec![Field::OnHand],
        ),
        (
            "商品名称,可用库存,成本价",
            TableKind::Inventory,
            vec![Field::Sku],
        ),
    ] {
        match import("m.csv", format!("{header}\n1,2,3,4\n").as_bytes()) {
            Err(ImportError::NeedsMapping(u)) => {
                assert_eq!((u.kind, &u.missing), (kind, &missing), "{header}");
                assert_eq!(u.signature, schema::signature(&u.headers));
            }
            other => panic!("{header}: {other:?}"),
        }
    }

    // Every row unusable: nothing usable, and the report says why and where.
    let cases: [(&str, TableKind, SkipReason, &str); 4] = [
        (
            "Date,Sessions - Total,Page Views - Total\n11/24/2026,many,3\n11/25/2026,--,4\n",
            TableKind::Traffic,
            SkipReason::BadNumber,
            "Sessions - Total",
        ),
        (
            "日期,推广渠道,花费\n上周,直通车,100\n昨天,引力魔方,200\n",
            TableKind::Marketing,
            SkipReason::BadDate,
            "日期",
        ),
        (
            "DATE,tv_S,search_S\nsoon,1,2\nlater,3,4\n",
            TableKind::Marketing,
            SkipReason::BadDate,
            "DATE",
        ),
        (
            "SKU,On hand\n,5\n,6\n",
            TableKind::Inventory,
            SkipReason::MissingRequired,
            "SKU",
        ),
    ];
    for (text, kind, reason, column) in cases {
        match import("n.csv", text.as_bytes()) {
            Err(ImportError::NothingUsable(report)) => {
                assert_eq!(report.kind, kind, "{text}");
                assert_eq!(report.rows_used, 0);
                assert_eq!(report.rows_read, report.rows_skipped);
                let skipped = report.skipped.iter().map(|g| g.count).sum::<u64>();
                assert_eq!(skipped, 2);
                let g = report
                    .skipped
                    .iter()
                    .find(|g| g.reason == reason)
                    .unwrap_or_else(|| panic!("{text}: {:?}", report.skipped));
                assert_eq!(g.column.as_deref(), Some(column), "{text}");
                assert_eq!(g.first_lines[0], 2);
            }
            other => panic!("{text}: {other:?}"),
        }
    }

    // A wide table whose every spend is blank and which has no revenue says nothing: its rows
    // are counted as missing their values, with their lines.
    match import("w.csv", b"DATE,tv_S,search_S\n2024-03-04,,\n2024-03-11,,\n") {
        Err(ImportError::NothingUsable(r)) => {
            assert_eq!(r.skipped[0].reason, SkipReason::MissingRequired);
            assert_eq!(r.skipped[0].column.as_deref(), Some("tv_S"));
            assert_eq!(r.skipped[0].first_lines, vec![2, 3]);
        }
        other => panic!("{other:?}"),
    }

    // A quote that never closes swallows the rest of the file into one short record.
    let text = "日期,推广渠道,花费\n2024-03-01,直通车,100\n2024-03-02,\"引力魔方,200\n2024-03-03,万相台,300\n";
    let (rows, _, r) = marketing(import("q.csv", text.as_bytes()).unwrap());
    assert_eq!(rows.len(), 1);
    assert_eq!(r.skipped[0].reason, SkipReason::WrongColumnCount);
    assert_eq!(r.skipped[0].first_lines, vec![3]);

    // Text in the wrong encoding: GBK bytes declared UTF-16 by a BOM decode to nonsense, which
    // is reported, not a panic.
    let mislabelled = [
        b"\xFF\xFE".as_slice(),
        &gbk(&sycm_text(&sycm_rows(2, 2), 0)),
    ]
    .concat();
    match import("wrong.csv", &mislabelled) {
        Ok(imported) => check(&imported.report),
        Err(e) => assert!(
            matches!(
                e,
                ImportError::NeedsMapping(_)
                    | ImportError::NotText(_)
                    | ImportError::HeaderOnly { .. }
            ),
            "{e:?}"
        ),
    }
}

/// Wide marketing-mix tables whose spend columns are named the other common ways: English
/// `search_spend` / `Facebook Spend`, and Chinese `直通车花费` / `抖音_消耗`, also with the
/// unit after them (`直通车花费(元)`). Each becomes a channel
/// of the long table with its spend, the revenue column becomes the periods' revenue, and a
/// column that is not spend (a promotion flag, temperature) is left for the user.
#[test]
fn wide_marketing_tables_with_spend_and_huafei_columns() {
    let weeks = [
        ("2024-03-04", [1_200.0, 800.5, 0.0], 52_000.0, 1, 12.5),
        ("2024-03-11", [1_350.0, 0.0, 300.0], 55_500.0, 0, 14.0),
        ("2024-03-18", [900.0, 640.25, 450.0], 49_900.0, 0, 16.5),
    ];
    for (header, channels) in [
        (
            "Week,search_spend,Facebook Spend,tiktok-spend,Revenue,promo_flag,temperature",
            ["search", "Facebook", "tiktok"],
        ),
        (
            "周,直通车花费,抖音_消耗,小红书投放金额,销售额,大促标记,气温",
            ["直通车", "抖音", "小红书"],
        ),
        (
            "周,直通车花费(元),抖音消耗（元）,小红书投放金额 (元),销售额(元),大促标记,气温(℃)",
            ["直通车", "抖音", "小红书"],
        ),
    ] {
        let mut text = format!("{header}\n");
        for (date, spend, revenue, flag, temperature) in weeks {
            text.push_str(&format!(
                "{date},{},{},{},{revenue},{flag},{temperature}\n",
                spend[0], spend[1], spend[2]
            ));
        }
        let (rows, revenue, r) = marketing(import("mmm.csv", text.as_bytes()).unwrap());
        assert_eq!(r.kind, TableKind::Marketing, "{header}");
        assert!(r.mapping.is_wide(), "{header}");
        let wide: Vec<&str> = r.mapping.wide.iter().map(|w| w.channel.as_str()).collect();
        assert_eq!(wide, channels, "{header}");
        assert_eq!(r.mapping.get(Field::Revenue), Some(4), "{header}");
        assert_eq!((r.rows_read, r.rows_used, r.rows_skipped), (3, 3, 0));
        let used: Vec<usize> = r
            .mapping
            .wide
            .iter()
            .map(|w| w.spend)
            .chain(r.mapping.get(Field::Revenue))
            .collect();
        assert!(
            !used.contains(&5) && !used.contains(&6),
            "flag and temperature left: {header}"
        );
        for (i, channel) in channels.iter().enumerate() {
            let total: f64 = rows
                .iter()
                .filter(|x| x.channel == *channel)
                .map(|x| x.spend)
                .sum();
            let expected: f64 = weeks.iter().map(|w| w.1[i]).sum();
            assert!(
                close(total, expected),
                "{header} {channel}: {total} vs {expected}"
            );
        }
        let total: f64 = revenue.iter().map(|p| p.revenue).sum();
        assert!(close(total, 52_000.0 + 55_500.0 + 49_900.0), "{header}");
        assert_eq!(revenue.len(), 3);
    }
}

/// The header of a Pinduoduo (拼多多商家后台 → 商品数据 → 商品明细) product report.
const PDD_PRODUCT_HEADER: &str =
    "统计日期,商品ID,商品名称,商品访客数,商品浏览量,商品收藏用户数,支付买家数,支付订单数,支付件数,支付金额(元),支付转化率";

/// A Pinduoduo product report, saved as UTF-8 with a BOM by the backend's download, with a
/// title line above the header: one row per day × product, read as per-product traffic.
#[test]
fn pinduoduo_product_report_with_a_title_line() {
    let rows = [
        (
            "2024-03-01",
            3_001u64,
            "加厚珊瑚绒毯子",
            2_310u64,
            5_120u64,
            41u64,
            96u64,
            99u64,
            130u64,
            3_887_000u64,
        ),
        (
            "2024-03-01",
            3_002,
            "304不锈钢保温杯 500ml",
            880,
            1_460,
            12,
            20,
            20,
            23,
            1_147_700,
        ),
        (
            "2024-03-02",
            3_001,
            "加厚珊瑚绒毯子",
            2_044,
            4_388,
            37,
            81,
            84,
            101,
            3_019_900,
        ),
        (
            "2024-03-02",
            3_002,
            "304不锈钢保温杯 500ml",
            1_012,
            1_733,
            15,
            25,
            26,
            30,
            1_497_000,
        ),
    ];
    let mut text =
        format!("\u{feff}商品明细数据（2024-03-01 至 2024-03-02）\r\n{PDD_PRODUCT_HEADER}\r\n");
    for (date, id, name, visitors, views, favourites, buyers, orders, units, cents) in rows {
        text.push_str(&format!(
            "{date},{id},{},{},{},{favourites},{buyers},{orders},{units},{},{:.2}%\r\n",
            q(name),
            q(&grouped(visitors)),
            q(&grouped(views)),
            q(&money(cents)),
            buyers as f64 / visitors as f64 * 100.0
        ));
    }
    let (traffic_rows, r) = traffic(import("商品明细.csv", text.as_bytes()).unwrap());
    assert_eq!(r.kind, TableKind::Traffic);
    assert_eq!((r.encoding.as_str(), r.bom), ("UTF-8", true));
    assert_eq!(r.header_line, 2, "the title line is skipped");
    assert_eq!((r.rows_read, r.rows_used), (4, 4));
    assert_eq!(r.date_range, Some((day(2024, 3, 1), day(2024, 3, 2))));
    assert_eq!(r.mapping.get(Field::Revenue), Some(9), "支付金额(元)");
    assert_eq!(traffic_rows.len(), rows.len());
    for (row, e) in traffic_rows.iter().zip(rows) {
        assert_eq!(row.sku, e.1.to_string());
        assert_eq!(row.visitors, e.3);
        assert_eq!(row.page_views, Some(e.4));
        assert_eq!(row.paying_buyers, Some(e.6));
        assert_eq!(row.orders, Some(e.7));
        assert_eq!(row.units, Some(e.8));
        assert_eq!(row.revenue, Some(e.9 as f64 / 100.0));
    }
}

/// A column whose header names a scaled unit (`支付金额(万元)`, `直通车花费(千元)`) matches its
/// field, and its values are multiplied out: 1.25 万元 is ¥12,500. The other columns keep theirs.
#[test]
fn columns_in_wan_yuan_are_multiplied_out() {
    let text = "日期,访客数,支付买家数,支付金额(万元)\n2024-03-01,1520,88,1.25\n2024-03-02,1710,97,0.8\n2024-03-03,1600,90,1.1万\n";
    let (rows, r) = traffic(import("店铺.csv", text.as_bytes()).unwrap());
    assert_eq!(r.mapping.get(Field::Revenue), Some(3));
    assert_eq!(rows[0].revenue, Some(12_500.0));
    assert_eq!(rows[1].revenue, Some(8_000.0));
    // A cell that writes its own 万 is read as written, not scaled by the header again.
    assert_eq!(rows[2].revenue, Some(11_000.0));
    assert_eq!(
        rows[0].visitors, 1_520,
        "an unscaled column is read as written"
    );

    let text = "周,直通车花费(千元),抖音花费(元),销售额(万元)\n2024-03-04,1.2,800,5.2\n2024-03-11,0.9,640,4.99\n";
    let (rows, revenue, r) = marketing(import("mmm.csv", text.as_bytes()).unwrap());
    assert!(r.mapping.is_wide());
    let spend = |channel: &str| -> f64 {
        rows.iter()
            .filter(|x| x.channel == channel)
            .map(|x| x.spend)
            .sum()
    };
    assert!(close(spend("直通车"), 1_200.0 + 900.0));
    assert!(close(spend("抖音"), 800.0 + 640.0));
    let total: f64 = revenue.iter().map(|p| p.revenue).sum();
    assert!(close(total, 52_000.0 + 49_900.0), "{total}");
}

/// A wide sheet with each channel's attributed revenue beside its spend (`直通车成交金额`,
/// `search_revenue`): read into the channel's rows, not taken for the shop's revenue, which is
/// the column without a channel (`销售额`). Units still apply.
#[test]
fn wide_sheets_carry_each_channels_attributed_revenue() {
    let text = "日期,直通车花费,直通车成交金额,抖音花费(元),抖音成交金额(万元),销售额\n\
                2024-03-04,1200,4800.5,800,0.35,52000\n\
                2024-03-11,900,,640,0.3,49900\n";
    let (rows, revenue, r) = marketing(import("mmm.csv", text.as_bytes()).unwrap());
    let attributed: Vec<(&str, Option<usize>)> = r
        .mapping
        .wide
        .iter()
        .map(|w| (w.channel.as_str(), w.attributed_revenue))
        .collect();
    assert_eq!(attributed, [("直通车", Some(2)), ("抖音", Some(4))]);
    assert!(r.mapping.used_columns().contains(&4));
    let of = |channel: &str| -> Vec<Option<f64>> {
        rows.iter()
            .filter(|x| x.channel == channel)
            .map(|x| x.attributed_revenue)
            .collect()
    };
    assert_eq!(of("直通车"), [Some(4800.5), None]);
    assert_eq!(of("抖音"), [Some(3_500.0), Some(3_000.0)]);
    let total: f64 = revenue.iter().map(|p| p.revenue).sum();
    assert!(close(total, 52_000.0 + 49_900.0), "{total}");

    // English names: `search_revenue` beside `search_spend`.
    let text =
        "week,search_spend,search_revenue,social_spend,revenue\n2024-03-04,100,420,50,9000\n";
    let (rows, revenue, _) = marketing(import("mmm.csv", text.as_bytes()).unwrap());
    let search = rows.iter().find(|x| x.channel == "search").unwrap();
    assert_eq!(search.attributed_revenue, Some(420.0));
    let social = rows.iter().find(|x| x.channel == "social").unwrap();
    assert_eq!(social.attributed_revenue, None);
    assert_eq!(revenue[0].revenue, 9_000.0);
}

/// Units in square and 【】 brackets, and per-unit prices (`元/件`), are read as units too.
#[test]
fn units_in_other_brackets_and_per_unit_prices() {
    let text = "订单编号,下单时间,商品编码,购买数量[件],商品单价(元/件)\nE1,2024-03-01 10:00,SKU1,2,19.9\n";
    let imported = import("订单.csv", text.as_bytes()).unwrap();
    let t = orders(&imported);
    let line = t.lines().next().unwrap();
    assert_eq!((line.quantity, line.unit_price), (2.0, 19.9));

    let text = "日期,访客数,支付金额【万元】\n2024-03-01,1520,1.25\n";
    let (rows, r) = traffic(import("店铺.csv", text.as_bytes()).unwrap());
    assert_eq!(r.mapping.get(Field::Revenue), Some(2));
    assert_eq!(rows[0].revenue, Some(12_500.0));
}

/// A wide marketing sheet whose every column carries its unit finds each channel's impressions
/// and clicks as it does without units (`抖音展现量(次)` is 抖音's impressions), and a column
/// in 万次 is multiplied out.
#[test]
fn wide_channels_find_their_impressions_and_clicks_through_units() {
    let text = "日期,抖音花费(元),抖音展现量(次),抖音点击量(次),快手花费(元),快手展现量(万次),快手点击量\n\
                2024-03-04,800,120000,2400,500,3.5,900\n";
    let (rows, _, r) = marketing(import("mmm.csv", text.as_bytes()).unwrap());
    let channels: Vec<(&str, usize, Option<usize>, Option<usize>)> = r
        .mapping
        .wide
        .iter()
        .map(|w| (w.channel.as_str(), w.spend, w.impressions, w.clicks))
        .collect();
    assert_eq!(
        channels,
        [("抖音", 1, Some(2), Some(3)), ("快手", 4, Some(5), Some(6))]
    );
    let kuaishou = rows.iter().find(|x| x.channel == "快手").unwrap();
    assert_eq!(kuaishou.impressions, Some(35_000));
    assert_eq!(kuaishou.clicks, Some(900));
}
