//! Importing orders exports: the real UCI Online Retail file against an independent computation,
//! files written here with the real headers of Shopify, Superstore and Chinese platform exports,
//! every encoding, messy values, and bad input that must end in a clear error, never a panic.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashSet;
use std::io::Read;

use std::sync::Arc;

use shoplab::engine::ingest::schema::{Field, TableKind};
use shoplab::engine::ingest::values::DateOrder;
use shoplab::engine::ingest::{
    decode::BinaryKind, ImportError, ImportOptions, ImportReport, ImportedTable, SkipReason,
};
use shoplab::engine::kpi::{self, Period};
use shoplab::engine::tables::{LineStatus, OrderTable, Product};

/// An imported orders table.
#[derive(Debug)]
struct Orders {
    orders: Arc<OrderTable>,
    products: Vec<Product>,
    report: ImportReport,
}

fn import_with(bytes: &[u8], options: &ImportOptions) -> Result<Orders, ImportError> {
    let imported = shoplab::engine::ingest::import("test.csv", bytes, options)?;
    match imported.table {
        ImportedTable::Orders { orders, products } => Ok(Orders {
            orders,
            products,
            report: imported.report,
        }),
        other => panic!("not orders: {other:?}"),
    }
}

fn import_named(name: &str, bytes: &[u8]) -> Result<Orders, ImportError> {
    let mut orders = import(bytes)?;
    orders.report.file_name = name.to_owned();
    Ok(orders)
}

fn import(bytes: &[u8]) -> Result<Orders, ImportError> {
    import_with(bytes, &ImportOptions::default())
}

fn online_retail() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/online-retail/online_retail.csv.gz"
    );
    let file =
        std::fs::File::open(path).expect("../shared/data/online-retail/online_retail.csv.gz");
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .expect("gunzip");
    bytes
}

/// The UCI file, imported, against a plain computation with the csv crate: valid lines are not
/// cancelled (invoice starting with C), quantity > 0 and price > 0 (domain.md).
#[test]
fn online_retail_totals_match_an_independent_computation() {
    let bytes = online_retail();
    let (mut rows, mut valid, mut gmv) = (0u64, 0u64, 0.0f64);
    let (mut orders, mut buyers) = (HashSet::new(), HashSet::new());
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    for record in reader.records() {
        let r = record.unwrap();
        rows += 1;
        let (invoice, qty, price, customer) = (
            &r[0],
            r[3].parse::<f64>().unwrap(),
            r[5].parse::<f64>().unwrap(),
            &r[6],
        );
        if invoice.starts_with('C') || qty <= 0.0 || price <= 0.0 {
            continue;
        }
        valid += 1;
        gmv += qty * price;
        orders.insert(invoice.to_owned());
        if !customer.is_empty() {
            buyers.insert(customer.trim_end_matches(".0").to_owned());
        }
    }
    assert_eq!(
        rows, 541_909,
        "the file as documented in ../shared/data/README.md"
    );

    let imported = import_named("online_retail.csv", &bytes).unwrap();
    let report = &imported.report;
    assert_eq!(report.kind, TableKind::Orders);
    assert_eq!((report.encoding.as_str(), report.delimiter), ("UTF-8", ','));
    assert_eq!(report.rows_read, rows);
    assert_eq!(report.rows_read, report.rows_used + report.rows_skipped);
    assert_eq!(report.rows_skipped, 0, "{:?}", report.skipped);
    let (from, to) = report.date_range.unwrap();
    assert_eq!(
        (from.to_string(), to.to_string()),
        ("2010-12-01".into(), "2011-12-09".into())
    );

    let k = kpi::kpis(&imported.orders, Period { from, to });
    let valid_lines = imported.orders.iter().filter(|l| l.is_valid()).count() as u64;
    assert_eq!(valid_lines, valid);
    assert!((k.gmv - gmv).abs() < 1e-6 * gmv, "gmv {} vs {gmv}", k.gmv);
    assert_eq!(k.orders as usize, orders.len());
    assert_eq!(k.buyers as usize, buyers.len());
    // The last full month of data ending 2011-12-09 is November 2011 (domain.md).
    let overview = kpi::overview(&shoplab::engine::tables::Dataset {
        orders: imported.orders,
        ..Default::default()
    })
    .unwrap();
    assert_eq!((overview.month.year, overview.month.month), (2011, 11));
}

#[test]
fn shopify_line_items_inherit_order_fields_and_statuses() {
    let csv = "\
Name,Email,Financial Status,Paid at,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem SKU,Cancelled at,Refunded Amount,Shipping Province
#1001,ann@example.com,paid,2026-04-05 21:06:21 +0400,2026-04-05 21:06:21 +0400,2,Mug,12.50,MUG-1,,0.00,CA
#1001,,,,,1,Candle,8.00,CAN-1,,,
#1002,bob@example.com,refunded,2026-04-06 09:00:00 +0400,2026-04-06 09:00:00 +0400,1,Mug,12.50,MUG-1,,12.50,NY
#1003,cat@example.com,voided,,2026-04-07 10:00:00 +0400,3,Towel,5.00,TOW-1,2026-04-07 11:00:00 +0400,,NY
";
    let imported = import(csv.as_bytes()).unwrap();
    let lines: Vec<_> = imported.orders.lines().collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[1].order_id, "#1001");
    assert_eq!(lines[1].customer_id, Some("ann@example.com"), "inherited");
    assert_eq!(lines[1].placed_at, lines[0].placed_at, "inherited");
    assert_eq!(lines[1].region, Some("CA"));
    assert_eq!(
        lines[0].placed_at.to_string(),
        "2026-04-05 21:06:21",
        "local time as written"
    );
    assert_eq!(lines[2].status, LineStatus::Refunded);
    assert_eq!(lines[3].status, LineStatus::Cancelled);
    assert_eq!(imported.products.len(), 3);
}

/// A SKU first seen on a line without a name (as UCI's 23444 "Next Day Carriage" and 23574
/// "PACKING CHARGE" are) takes the name given later; a SKU never named keeps an empty name; a
/// product takes the name most of its first 16 named lines give (UCI's 23202 is "mailout" on
/// its first line and "JUMBO BAG VINTAGE LEAF" on the next 895), and a tie keeps the first.
#[test]
fn a_product_first_seen_without_a_name_takes_the_next_one() {
    let csv = "\
InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
1,23444,,1,2011-05-01 10:00,0,,United Kingdom
2,23444,Next Day Carriage,1,2011-05-02 10:00,15,17850,United Kingdom
3,23444,NEXT DAY CARRIAGE (EU),1,2011-05-03 10:00,15,17850,United Kingdom
4,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2011-05-03 10:00,2.55,17850,United Kingdom
5,99999,,2,2011-05-04 10:00,1.00,17850,United Kingdom
6,23202,mailout,1,2011-05-04 10:00,0,,United Kingdom
7,23202,JUMBO BAG VINTAGE LEAF,10,2011-05-05 10:00,1.95,17850,United Kingdom
8,23202,JUMBO BAG VINTAGE LEAF,10,2011-05-06 10:00,1.95,17850,United Kingdom
9,23202,check,1,2011-05-06 10:00,0,,United Kingdom
";
    let imported = import(csv.as_bytes()).unwrap();
    let name = |sku: &str| {
        imported
            .products
            .iter()
            .find(|p| p.sku == sku)
            .map(|p| p.name.en.clone())
            .unwrap_or_else(|| panic!("{sku} missing"))
    };
    assert_eq!(imported.products.len(), 4);
    assert_eq!(name("23444"), "Next Day Carriage");
    assert_eq!(name("23202"), "JUMBO BAG VINTAGE LEAF");
    assert_eq!(name("85123A"), "WHITE HANGING HEART T-LIGHT HOLDER");
    assert_eq!(name("99999"), "");
}

#[test]
fn superstore_day_first_dates_and_line_totals() {
    let csv = "\
Row ID,Order ID,Order Date,Customer ID,Category,Product ID,Product Name,Sales,Quantity,Discount,Profit
1,CA-1,03/01/19,C1,Furniture,P1,Chair,\"1,200.00\",4,0,50
2,CA-2,13/01/19,C2,Technology,P2,Phone,300.00,2,0,20
3,CA-3,25/12/18,C1,Furniture,P1,Chair,300.00,1,0,10
";
    let imported = import(csv.as_bytes()).unwrap();
    assert_eq!(
        imported.report.date_order,
        DateOrder::DayFirst,
        "13/01/19 decides the column"
    );
    let l: Vec<_> = imported.orders.lines().collect();
    assert_eq!(l[0].placed_at.date().to_string(), "2019-01-03");
    assert_eq!(l[2].placed_at.date().to_string(), "2018-12-25");
    assert!(
        (l[0].unit_price - 300.0).abs() < 1e-9,
        "price = sales / quantity"
    );
}

#[test]
fn chinese_export_in_gbk_with_a_preamble() {
    let text = "\
订单报表\n\
统计日期：2024-03-01 ~ 2024-03-31\n\
订单编号,买家会员名,订单创建时间,商品标题,商品编码,购买数量,商品单价,订单状态,收货省份\n\
T1,小王,2024/3/1 10:00,保湿面霜,SKU-1,2,￥129.00,交易成功,浙江\n\
T2,小李,2024年3月2日 11:30:00,精华液,SKU-2,1,\"￥1,299.00\",交易关闭,广东\n\
T3,小王,2024/3/5 09:00,保湿面霜,SKU-1,1,129,退款成功,浙江\n";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    let imported = import(&gbk).unwrap();
    let r = &imported.report;
    assert_eq!(r.encoding, "gb18030");
    assert_eq!(r.header_line, 3, "title and date-range lines skipped");
    assert_eq!(r.rows_read, 3);
    let l: Vec<_> = imported.orders.lines().collect();
    assert_eq!(l[0].customer_id, Some("小王"));
    assert_eq!(l[1].unit_price, 1299.0);
    assert_eq!(l[1].status, LineStatus::Cancelled, "交易关闭");
    assert_eq!(l[2].status, LineStatus::Refunded, "退款成功");
    assert_eq!(l[1].placed_at.to_string(), "2024-03-02 11:30:00");
}

#[test]
fn utf16_with_tabs() {
    let text = "订单编号\t下单时间\t数量\t单价\nA1\t2024-03-01 10:00:00\t2\t9.90\n";
    for (bom, wide) in [
        (
            b"\xFF\xFE".as_slice(),
            text.encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<u8>>(),
        ),
        (
            b"\xFE\xFF".as_slice(),
            text.encode_utf16()
                .flat_map(u16::to_be_bytes)
                .collect::<Vec<u8>>(),
        ),
    ] {
        let imported = import(&[bom, &wide].concat()).unwrap();
        assert_eq!(imported.report.delimiter, '\t');
        assert!(imported.report.encoding.starts_with("UTF-16"));
        assert_eq!(imported.orders.line(0).unwrap().unit_price, 9.9);
    }
}

#[test]
fn semicolons_and_decimal_commas() {
    let csv = "Order ID;Order Date;Quantity;Unit Price\nA;01/03/2024;2;\"1.234,50\"\nB;15/03/2024;1;12,5\n";
    let imported = import(csv.as_bytes()).unwrap();
    assert_eq!(imported.report.delimiter, ';');
    assert_eq!(imported.orders.line(0).unwrap().unit_price, 1234.5);
    assert_eq!(imported.orders.line(1).unwrap().unit_price, 12.5);
}

#[test]
fn every_unusable_row_is_counted_with_its_line() {
    let csv = "\
InvoiceNo,InvoiceDate,Quantity,UnitPrice,CustomerID
1,2024-03-01 10:00,2,1.5,17850.0
2,not a date,1,1.0,1
3,2024-03-01 10:00,many,1.0,1
4,2024-03-01 10:00,1
InvoiceNo,InvoiceDate,Quantity,UnitPrice,CustomerID
,2024-03-01 10:00,1,1.0,1
7,2024-03-02 10:00,-1,1.0,
C8,2024-03-02 11:00,-1,1.5,17850
9,,1,1.0,1
10,\"2024-03-03
 10:00\",1,1.0,1
";
    let imported = import(csv.as_bytes()).unwrap();
    let r = &imported.report;
    assert_eq!(r.rows_read, 10);
    assert_eq!(r.rows_used + r.rows_skipped, r.rows_read);
    let find = |reason| r.skipped.iter().find(|g| g.reason == reason).unwrap();
    assert_eq!(find(SkipReason::BadDate).first_lines, vec![3]);
    assert_eq!(
        find(SkipReason::BadDate).column.as_deref(),
        Some("InvoiceDate")
    );
    assert_eq!(find(SkipReason::BadNumber).first_lines, vec![4]);
    assert_eq!(find(SkipReason::WrongColumnCount).first_lines, vec![5]);
    assert_eq!(find(SkipReason::DuplicateHeader).first_lines, vec![6]);
    // What was wrong, as the file has it: the card shows it beside the line numbers.
    assert_eq!(find(SkipReason::BadDate).examples, ["not a date"]);
    assert_eq!(find(SkipReason::BadNumber).examples, ["many"]);
    assert_eq!(find(SkipReason::WrongColumnCount).examples, ["3"]);
    assert!(find(SkipReason::DuplicateHeader).examples.is_empty());
    use shoplab::i18n::{skip_examples, Lang};
    let wrong = find(SkipReason::WrongColumnCount);
    assert_eq!(
        skip_examples(wrong, 5, Lang::En),
        "3 fields (the header has 5)"
    );
    assert_eq!(skip_examples(wrong, 5, Lang::Zh), "3 个字段（表头有 5 个）");
    assert_eq!(
        skip_examples(find(SkipReason::BadNumber), 5, Lang::Zh),
        "“many”"
    );
    let missing: u64 = r
        .skipped
        .iter()
        .filter(|g| g.reason == SkipReason::MissingRequired)
        .map(|g| g.count)
        .sum();
    assert_eq!(missing, 2, "{:?}", r.skipped); // line 7 (no invoice), line 10 (no date)
    assert_eq!(r.rows_used, 4);
    assert_eq!(
        imported.orders.line(0).unwrap().customer_id,
        Some("17850"),
        "17850.0 → 17850"
    );
    assert_eq!(
        imported.orders.line(2).unwrap().status,
        LineStatus::Cancelled,
        "C-prefixed invoice"
    );
    // A quoted field may hold a newline; the time after it still parses.
    assert_eq!(
        imported.orders.line(3).unwrap().placed_at.to_string(),
        "2024-03-03 10:00:00"
    );
}

#[test]
fn bad_files_end_in_clear_errors() {
    assert_eq!(import(b"").unwrap_err(), ImportError::Empty);
    assert_eq!(import(b"  \n\n").unwrap_err(), ImportError::Empty);
    assert!(matches!(
        import(b"InvoiceNo,InvoiceDate,Quantity,UnitPrice\n").unwrap_err(),
        ImportError::HeaderOnly { .. }
    ));
    assert_eq!(
        import(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err(),
        ImportError::NotText(BinaryKind::Png)
    );
    match import(b"foo,bar\n1,2\n").unwrap_err() {
        ImportError::NeedsMapping(u) => {
            assert!(u.mapping.used_columns().is_empty());
            assert_eq!(u.headers, ["foo", "bar"]);
            assert_eq!(u.samples, vec![vec!["1".to_owned(), "2".to_owned()]]);
            // Names, not data: the message asks for a mapping, not for a header row.
            assert!(!u.header_looks_like_data());
        }
        other => panic!("{other:?}"),
    }
    // A file without a header row: its first line (an order id, a date, numbers) is read as
    // the header, and the message can say it looks like data.
    match import(b"536365,2010-12-01 08:26,6,2.55,17850\n536366,2010-12-01 08:28,6,1.85,17850\n")
        .unwrap_err()
    {
        ImportError::NeedsMapping(u) => {
            assert!(u.header_looks_like_data(), "{:?}", u.headers);
            let text = shoplab::i18n::import_error_message(
                "no-header.csv",
                &ImportError::NeedsMapping(u),
                shoplab::i18n::Lang::En,
            );
            assert!(text.contains("no header row"), "{text}");
        }
        other => panic!("{other:?}"),
    }
    match import(b"Order ID,Customer ID,Quantity\n1,2,3\n").unwrap_err() {
        ImportError::NeedsMapping(u) => {
            assert_eq!(u.kind, TableKind::Orders);
            assert!(u.missing.contains(&Field::PlacedAt) && u.missing.contains(&Field::UnitPrice))
        }
        other => panic!("{other:?}"),
    }
    // A column of dates that are all invalid: nothing usable, and the report says why.
    match import(b"Order ID,Order Date,Quantity,Price\n1,someday,1,1\n2,never,1,1\n").unwrap_err() {
        ImportError::NothingUsable(report) => {
            assert_eq!(report.skipped[0].reason, SkipReason::BadDate);
            assert_eq!(report.skipped[0].first_lines, vec![2, 3]);
        }
        other => panic!("{other:?}"),
    }
    // Random binary bytes without a known signature.
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert!(import(&noise).is_err());
}

#[test]
fn huge_line_and_wide_header_do_not_panic() {
    // A 10 MB line.
    let mut long =
        b"Order ID,Order Date,Quantity,Price\n1,2024-03-01,1,1\n2,2024-03-01,1,\"".to_vec();
    long.extend(std::iter::repeat_n(b'9', 10 * 1024 * 1024));
    long.extend(b"\"\n");
    let imported = import(&long).unwrap();
    assert_eq!(imported.report.rows_read, 2);
    assert_eq!(imported.report.skipped[0].reason, SkipReason::BadNumber);
    // A 1,000-column header.
    let header: Vec<String> = (0..1000).map(|i| format!("col{i}")).collect();
    let wide = format!("{}\n{}\n", header.join(","), vec!["1"; 1000].join(","));
    assert!(matches!(
        import(wide.as_bytes()).unwrap_err(),
        ImportError::NeedsMapping(u) if u.headers.len() == 1000
    ));
    // Ragged rows only.
    let ragged = import(b"Order ID,Order Date,Quantity,Price\n1,2\n1,2,3,4,5,6\n").unwrap_err();
    assert!(
        matches!(ragged, ImportError::NothingUsable(r) if r.skipped[0].reason == SkipReason::WrongColumnCount)
    );
}

#[test]
fn xlsx_workbook_picks_the_orders_sheet() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("Read me").unwrap();
    notes.write_string(0, 0, "Exported by the shop").unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("Orders").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (c, h) in [
        "Order ID",
        "Order Date",
        "Customer ID",
        "Quantity",
        "Unit Price",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        ("A1", "2024-03-01T10:00:00", 17850.0, 2.0, 2.55),
        ("A2", "2024-03-02T11:30:00", 13047.0, 1.0, 10.0),
    ];
    for (r, (id, when, customer, qty, price)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *id).unwrap();
        let when = ExcelDateTime::parse_from_str(when).unwrap();
        sheet
            .write_datetime_with_format(r, 1, &when, &date)
            .unwrap();
        sheet.write_number(r, 2, *customer).unwrap();
        sheet.write_number(r, 3, *qty).unwrap();
        sheet.write_number(r, 4, *price).unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    let imported = import_named("orders.xlsx", &bytes).unwrap();
    let r = &imported.report;
    assert_eq!(r.sheet.as_deref(), Some("Orders"));
    assert_eq!(r.sheets, vec!["Read me".to_owned(), "Orders".to_owned()]);
    assert_eq!(r.encoding, "Excel .xlsx");
    assert_eq!((r.rows_read, r.rows_used), (2, 2));
    let l: Vec<_> = imported.orders.lines().collect();
    assert_eq!(l[0].placed_at.to_string(), "2024-03-01 10:00:00");
    assert_eq!(
        l[0].customer_id,
        Some("17850"),
        "whole numbers lose Excel's .0"
    );
    assert_eq!(l[1].unit_price, 10.0);
}

/// An Excel 97–2003 workbook as Chinese platforms export it (tests/fixtures/make_orders_xls.py).
#[test]
fn xls_workbook_with_chinese_headers_and_a_title_row() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/orders.xls"
    ))
    .unwrap();
    let imported = import_named("orders.xls", &bytes).unwrap();
    let r = &imported.report;
    assert_eq!(r.encoding, "Excel .xls");
    assert_eq!(r.sheet.as_deref(), Some("订单"));
    assert_eq!(r.header_line, 2, "the title row is skipped");
    assert_eq!((r.rows_read, r.rows_used), (3, 3));
    let l: Vec<_> = imported.orders.lines().collect();
    assert_eq!(l[1].placed_at.to_string(), "2024-03-02 11:30:00");
    assert_eq!(l[1].unit_price, 1299.0);
    assert_eq!(l[1].status, LineStatus::Cancelled);
    assert_eq!(l[2].status, LineStatus::Refunded);
}

#[test]
fn a_zip_that_is_not_a_workbook_is_named() {
    let zip = b"PK\x03\x04\x14\x00\x00\x00\x00\x00garbage";
    assert_eq!(
        import(zip).unwrap_err(),
        ImportError::NotText(BinaryKind::ZipOrXlsx)
    );
}

/// A day × SKU aggregate as the README's DuckDB query writes it: GMV and units are exact,
/// order- and customer-level figures are not computed.
#[test]
fn aggregated_orders_by_day_and_sku() {
    // The README's DuckDB query writes returns as their own rows, with negative units.
    let csv = "date,sku,units,revenue\n2024-03-01,A,3,30.00\n2024-03-01,B,1,12.50\n2024-03-02,A,2,20.00\n2024-03-31,C,4,8.00\n2024-03-31,A,-1,-10.00\n";
    let imported = import(csv.as_bytes()).unwrap();
    assert!(imported.report.aggregated);
    assert_eq!(imported.report.rows_used, 5);
    let march = Period {
        from: chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
        to: chrono::NaiveDate::from_ymd_opt(2024, 3, 31).unwrap(),
    };
    let k = kpi::kpis(&imported.orders, march);
    assert!((k.gmv - (30.0 + 12.5 + 20.0 + 8.0)).abs() < 1e-9);
    assert!(
        (k.returns_value - 10.0).abs() < 1e-9,
        "the negative row is a return"
    );
    assert_eq!(k.units, 10.0);
    assert!(k.needs_order_lines);
    assert_eq!(
        (k.orders, k.buyers, k.aov, k.repurchase_rate),
        (0, 0, None, None)
    );
    assert!(
        (imported.orders.line(1).unwrap().unit_price - 12.5).abs() < 1e-12,
        "price = revenue / units"
    );
}

/// The import worker's warm-up export (`ingest::warm`) goes through the path a real file takes:
/// more than the 1 MiB the encoding is read from (so slices stream after the header), a quoted
/// name on some lines, and every one of its lines used as an order line, not skipped (a change
/// that made it skip would warm the wrong code). Its lines are counted here with `csv`.
#[test]
fn warm_up_export_imports_every_line() {
    use shoplab::engine::ingest::warm::{warm_up, warm_up_text};
    let text = warm_up_text();
    assert!(text.len() > 1 << 20, "{} bytes", text.len());
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut lines = 0u64;
    for record in reader.records() {
        record.expect("a record");
        lines += 1;
    }
    assert!(text.lines().any(|l| l.contains("\"Mug, set of")));
    let orders = import(text.as_bytes()).expect("the warm-up export imports");
    assert_eq!(orders.report.rows_read, lines);
    assert_eq!(orders.report.rows_skipped, 0, "{:?}", orders.report.skipped);
    assert_eq!(orders.report.date_order, DateOrder::DayFirst);
    assert_eq!(warm_up(), lines);
}

/// Dates written `a/b/year` are resolved as they are read once the column's order is certain
/// (after the first value whose second part exceeds 12, or when the user chose it), else at
/// the end of the file; both give what deciding from the whole column gives. Worked by hand:
/// line 2 (`13/01/2024`) says day-first, line 4 (`01/13/2024`) month-first, so the column is
/// month-first (any month-first value decides, domain.md's rule as `DateOrderEvidence` has it).
/// Line 2 is then no date (month 13), nor is line 6 (`14/02/2024`, read after the order was
/// certain): both are skipped as bad dates, in line order. Lines 3 (`02/03/2024`, before) and
/// 5 (`03/04/2024`, after) are February 3rd and March 4th; line 7 has no date and no earlier
/// line of its order to take one from.
#[test]
fn dates_resolved_as_read_match_the_whole_column_decision() {
    let csv = "Order ID,Order Date,SKU,Quantity,Unit Price\n\
               A1,13/01/2024 10:00,S1,1,2.00\n\
               A2,02/03/2024 11:00,S1,1,2.00\n\
               A3,01/13/2024 12:00,S1,1,2.00\n\
               A4,03/04/2024 13:00,S1,1,2.00\n\
               A6,14/02/2024 15:00,S1,1,2.00\n\
               A5,,S2,2,3.00\n";
    // The first lines skipped for `reason`, and the dates of the lines used, as `format` writes.
    let lines_skipped = |r: &ImportReport, reason| {
        r.skipped
            .iter()
            .find(|g| g.reason == reason)
            .map(|g| g.first_lines.clone())
            .unwrap_or_default()
    };
    let dates = |o: &Orders, format| -> Vec<String> {
        o.orders
            .lines()
            .map(|l| l.placed_at.format(format).to_string())
            .collect()
    };
    let orders = import(csv.as_bytes()).expect("imports");
    let r = &orders.report;
    assert_eq!(r.date_order, DateOrder::MonthFirst);
    assert_eq!(r.rows_read, 6);
    assert_eq!(lines_skipped(r, SkipReason::BadDate), vec![2, 6]);
    assert_eq!(lines_skipped(r, SkipReason::MissingRequired), vec![7]);
    assert_eq!(
        dates(&orders, "%Y-%m-%d %H:%M"),
        ["2024-02-03 11:00", "2024-01-13 12:00", "2024-03-04 13:00"]
    );

    // Chosen by the user, day-first holds from the first line: line 4 is then the bad date.
    let options = ImportOptions {
        date_order: Some(DateOrder::DayFirst),
        ..ImportOptions::default()
    };
    let orders = import_with(csv.as_bytes(), &options).expect("imports");
    assert_eq!(lines_skipped(&orders.report, SkipReason::BadDate), vec![4]);
    assert_eq!(
        dates(&orders, "%Y-%m-%d"),
        ["2024-01-13", "2024-03-02", "2024-04-03", "2024-02-14"]
    );
}

/// The second variant of the UCI file (Online Retail II: `Invoice,StockCode,Description,
/// Quantity,InvoiceDate,Price,Customer ID,Country`, the same columns renamed) gives the same
/// lines as the first: the real file's first 20,000 lines under each header.
#[test]
fn online_retail_ii_headers_give_the_same_lines() {
    let bytes = online_retail();
    let text = std::str::from_utf8(&bytes).unwrap();
    let body: String = text
        .lines()
        .skip(1)
        .take(20_000)
        .fold(String::new(), |mut s, l| {
            s.push_str(l);
            s.push('\n');
            s
        });
    let v1 = format!(
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n{body}"
    );
    let v2 = format!(
        "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n{body}"
    );
    let (a, b) = (
        import(v1.as_bytes()).unwrap(),
        import(v2.as_bytes()).unwrap(),
    );
    assert_eq!(b.report.kind, TableKind::Orders);
    for (field, column) in [
        (Field::OrderId, 0),
        (Field::Sku, 1),
        (Field::ProductName, 2),
        (Field::Quantity, 3),
        (Field::PlacedAt, 4),
        (Field::UnitPrice, 5),
        (Field::CustomerId, 6),
    ] {
        assert_eq!(b.report.mapping.get(field), Some(column), "{field:?}");
    }
    assert_eq!((b.report.rows_read, b.report.rows_used), (20_000, 20_000));
    assert_eq!(a.orders.len(), b.orders.len());
    for i in 0..a.orders.len() {
        assert_eq!(a.orders.line(i), b.orders.line(i), "line {i}");
    }
    // And the sums of the text itself, computed here.
    let (mut gmv, mut buyers) = (0.0, HashSet::new());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes());
    for record in reader.records() {
        let r = record.unwrap();
        let (qty, price): (f64, f64) = (r[3].parse().unwrap(), r[5].parse().unwrap());
        if !r[0].starts_with('C') && qty > 0.0 && price > 0.0 {
            gmv += qty * price;
            if !r[6].is_empty() {
                buyers.insert(r[6].trim_end_matches(".0").to_owned());
            }
        }
    }
    let (from, to) = b.report.date_range.unwrap();
    let k = kpi::kpis(&b.orders, Period { from, to });
    assert!((k.gmv - gmv).abs() < 1e-6 * gmv, "gmv {} vs {gmv}", k.gmv);
    assert_eq!(k.buyers as usize, buyers.len());
}

/// A reason met more than five times keeps the line numbers of its first five only, in file
/// order, with every row still counted, and at most three distinct offending values.
#[test]
fn a_skip_reason_keeps_its_first_five_lines() {
    let mut csv = String::from("Order ID,Order Date,Quantity,Price\n");
    let mut bad_lines = Vec::new();
    for i in 0..30 {
        let line = i + 2;
        if i % 4 == 1 {
            csv.push_str(&format!("{i},someday {i},1,2\n"));
            bad_lines.push(line);
        } else {
            csv.push_str(&format!("{i},2024-03-{:02},1,2\n", i % 28 + 1));
        }
    }
    let imported = import(csv.as_bytes()).unwrap();
    let r = &imported.report;
    assert_eq!(r.rows_read, 30);
    assert_eq!(
        (r.rows_used, r.rows_skipped),
        (30 - bad_lines.len() as u64, bad_lines.len() as u64)
    );
    let bad = r
        .skipped
        .iter()
        .find(|g| g.reason == SkipReason::BadDate)
        .unwrap();
    assert_eq!(bad.count, bad_lines.len() as u64);
    assert!(bad_lines.len() > 5);
    assert_eq!(bad.first_lines, bad_lines[..5]);
    assert_eq!(bad.examples, ["someday 1", "someday 5", "someday 9"]);
}

/// WooCommerce's order export, one row per line item with the order's fields repeated, and
/// its statuses (Completed, Processing, Cancelled, Refunded): every line kept with its status,
/// and the GMV as computed here by hand (domain.md: refunded lines count in GMV and again in
/// returns; cancelled ones only in returns).
#[test]
fn woocommerce_line_item_export() {
    let csv = "\
Order Number,Order Status,Order Date,Billing Email,Item Name,SKU,Quantity,Item Cost,Order Total
1041,Completed,2025-11-11 00:03:12,li@example.com,Hoodie,HD-01,2,39.00,97.00
1041,Completed,2025-11-11 00:03:12,li@example.com,Beanie,BN-02,1,19.00,97.00
1042,Processing,2025-11-11 08:15:40,wu@example.com,Beanie,BN-02,3,19.00,57.00
1043,Cancelled,2025-11-12 10:00:00,li@example.com,Hoodie,HD-01,1,39.00,39.00
1044,Refunded,2025-11-12 12:30:00,zhou@example.com,Scarf,SC-03,1,25.00,25.00
";
    let imported = import(csv.as_bytes()).unwrap();
    let r = &imported.report;
    assert_eq!(r.kind, TableKind::Orders);
    assert_eq!((r.rows_read, r.rows_used), (5, 5));
    let lines: Vec<_> = imported.orders.lines().collect();
    assert_eq!(lines[0].order_id, "1041");
    assert_eq!(lines[1].customer_id, Some("li@example.com"));
    assert_eq!(lines[2].status, LineStatus::Paid);
    assert_eq!(lines[3].status, LineStatus::Cancelled);
    assert_eq!(lines[4].status, LineStatus::Refunded);
    let (from, to) = r.date_range.unwrap();
    let k = kpi::kpis(&imported.orders, Period { from, to });
    assert!(
        (k.gmv - (2.0 * 39.0 + 19.0 + 3.0 * 19.0 + 25.0)).abs() < 1e-9,
        "{}",
        k.gmv
    );
    assert_eq!((k.orders, k.buyers), (3, 3));
}

/// The mapping editor's samples give every column its first five non-empty values, in file
/// order, even where the first rows leave it blank (guest orders without a customer id): the
/// values the editor shows, worked out here from the rows written.
#[test]
fn samples_give_each_column_its_first_five_values() {
    let mut csv = String::from("Order ID,Order Date,Quantity,Price,Customer ID\n");
    let mut customers = Vec::new();
    for i in 0..30 {
        // Customers only from the eighth row on, and then every third row.
        let customer = if i >= 7 && i % 3 == 0 {
            customers.push(format!("C{i}"));
            format!("C{i}")
        } else {
            String::new()
        };
        csv.push_str(&format!("{i},2024-03-{:02},1,2,{customer}\n", i % 28 + 1));
    }
    let imported = import(csv.as_bytes()).unwrap();
    let shown = |column: usize| -> Vec<String> {
        imported
            .report
            .samples
            .iter()
            .filter_map(|row| row.get(column))
            .filter(|v| !v.trim().is_empty())
            .take(5)
            .cloned()
            .collect()
    };
    assert_eq!(shown(4), customers[..5]);
    assert_eq!(shown(0), ["0", "1", "2", "3", "4"]);
    // Only the rows that bring a value are kept: the first five, and the customers' rows.
    assert_eq!(imported.report.samples.len(), 5 + 5);
}
