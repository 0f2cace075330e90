//! CSV export of the tables and the dataset's fingerprint.
//!
//! The fingerprint is the SHA-256 of the four tables written as CSV; two datasets with the same
//! fingerprint are byte-identical, which is how the browser test proves that the demo store
//! generated in wasm equals the native one.

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::ingest::ImportReport;
use super::tables::Dataset;

/// Makes a cell safe to open in a spreadsheet: a text starting with `=`, `+`, `-`, `@` (or a
/// tab or carriage return) would be run as a formula (OWASP, "CSV Injection"), so it gets a
/// leading apostrophe, which spreadsheets show as text. A plain number (`-3`, `+1.5e3`) is left
/// as it is: it cannot be a formula, and a negative figure must stay a number.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    // A plain number such as `-3` or `-1.5e3` cannot run as a formula: it stays a number.
    let plain_number = cell
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
        && cell.parse::<f64>().is_ok_and(f64::is_finite);
    if !plain_number && cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The accounting of an import as CSV: rows read, used and skipped, then one row per skip
/// reason and column with its count and first line numbers.
pub fn import_report_csv(report: &ImportReport) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "file",
        "reason",
        "column",
        "rows",
        "first_lines",
        "examples",
    ])?;
    let file = spreadsheet_safe(&report.file_name);
    for (reason, rows) in [
        ("rows_read", report.rows_read),
        ("rows_used", report.rows_used),
        ("rows_skipped", report.rows_skipped),
    ] {
        writer.write_record([file.as_ref(), reason, "", &rows.to_string(), "", ""])?;
    }
    for group in &report.skipped {
        let lines: Vec<String> = group.first_lines.iter().map(u64::to_string).collect();
        writer.write_record([
            file.as_ref(),
            &format!("{:?}", group.reason),
            &spreadsheet_safe(group.column.as_deref().unwrap_or("")),
            &group.count.to_string(),
            &lines.join(" "),
            // The values as the file has them (a wrong column count: the row's fields).
            &spreadsheet_safe(&group.examples.join(" | ")),
        ])?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// A number for a spreadsheet: rounded to 12 significant digits, then written in its
/// shortest form, so that the noise of adding floating-point numbers does not show
/// (40463.20000000002 is written 40463.2) while every digit a person could mean stays (a
/// double holds 15–17). Not finite: empty.
pub fn spreadsheet_number(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    format!("{value:.11e}")
        .parse::<f64>()
        .map_or_else(|_| value.to_string(), |v| v.to_string())
}

/// A table as CSV for a spreadsheet: a UTF-8 byte-order mark (so Excel reads Chinese text
/// right), the header, then the rows; every cell made safe with [`spreadsheet_safe`].
pub fn table_csv(header: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(header.iter().map(|h| spreadsheet_safe(h).into_owned()))?;
    for row in rows {
        writer.write_record(row.iter().map(|c| spreadsheet_safe(c).into_owned()))?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// Writes rows as CSV with a header row. Numbers are written in their shortest round-trip form.
pub fn to_csv<T: Serialize>(rows: &[T]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.serialize(row)?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// SHA-256, in hex, of the orders, traffic, marketing and inventory tables written as CSV.
pub fn fingerprint(dataset: &Dataset) -> Result<String, csv::Error> {
    let mut hasher = Sha256::new();
    let products: Vec<_> = dataset
        .products
        .iter()
        .map(|p| {
            (
                &p.sku,
                &p.name.en,
                &p.name.zh,
                &p.category.en,
                &p.category.zh,
            )
        })
        .collect();
    hasher.update(to_csv(&products)?);
    let order_rows: Vec<_> = dataset
        .orders
        .lines()
        .map(|l| {
            (
                l.order_id,
                l.placed_at,
                l.customer_id,
                l.sku,
                l.quantity,
                l.unit_price,
                l.status,
                l.channel,
                l.region,
            )
        })
        .collect();
    hasher.update(to_csv(&order_rows)?);
    hasher.update(to_csv(&dataset.traffic)?);
    hasher.update(to_csv(&dataset.marketing)?);
    hasher.update(to_csv(&dataset.inventory)?);
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_numbers_lose_the_float_noise_only() {
        assert_eq!(spreadsheet_number(40_463.200_000_000_02), "40463.2");
        assert_eq!(spreadsheet_number(0.1 + 0.2), "0.3");
        assert_eq!(
            spreadsheet_number(0.060_528_944_638_795_22),
            "0.0605289446388"
        );
        assert_eq!(spreadsheet_number(-1_234_567.891), "-1234567.891");
        assert_eq!(spreadsheet_number(3.0), "3");
        assert_eq!(spreadsheet_number(1e-20), "0.00000000000000000001");
        assert_eq!(spreadsheet_number(f64::NAN), "");
        // Twelve significant digits: a sum of money to the cent up to ten thousand million.
        assert_eq!(spreadsheet_number(9_876_543_210.12), "9876543210.12");
    }
    use crate::engine::ingest::{import, ImportOptions};

    #[test]
    fn formulas_are_defused() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("+1+1"), "'+1+1");
        assert_eq!(spreadsheet_safe("-1-1"), "'-1-1");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("InvoiceDate"), "InvoiceDate");
    }

    #[test]
    fn tables_are_written_for_spreadsheets() {
        let csv = table_csv(
            &["商品".to_owned(), "revenue".to_owned()],
            &[
                vec!["=cmd|' /C calc'!A0".to_owned(), "12.5".to_owned()],
                vec!["-5 discount".to_owned(), "-3".to_owned()],
            ],
        )
        .unwrap();
        assert!(csv.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
        let text = String::from_utf8(csv[3..].to_vec()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "商品,revenue");
        assert_eq!(lines[1], "'=cmd|' /C calc'!A0,12.5");
        // A negative number stays a number; a text that starts with a minus is defused.
        assert_eq!(lines[2], "'-5 discount,-3");
        assert_eq!(spreadsheet_safe("-1+cmd"), "'-1+cmd");
        assert_eq!(spreadsheet_safe("+1.5e3"), "+1.5e3");
    }

    #[test]
    fn import_report_as_csv() {
        let file =
            b"Order ID,=Order Date,Quantity,Price\nA,2024-03-01,1,2\nB,bad,1,2\nC,worse,1,2\n";
        let report = import("=evil.csv", file, &ImportOptions::default())
            .unwrap()
            .report;
        let text = String::from_utf8(import_report_csv(&report).unwrap()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "file,reason,column,rows,first_lines,examples");
        assert_eq!(lines[1], "'=evil.csv,rows_read,,3,,");
        assert_eq!(lines[2], "'=evil.csv,rows_used,,1,,");
        assert_eq!(lines[3], "'=evil.csv,rows_skipped,,2,,");
        assert_eq!(
            lines[4],
            "'=evil.csv,BadDate,'=Order Date,2,3 4,bad | worse"
        );
    }
}
