//! Excel and OpenDocument workbooks (.xlsx, .xls, .xlsb, .ods), read with `calamine`.
//!
//! Each sheet is turned into CSV text, cell by cell, and then goes through the same import as
//! any CSV: header search, recognition, value parsing and row accounting are not repeated here.
//! Dates stored as Excel dates become ISO text; whole numbers lose Excel's `.0`.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader};

/// One sheet as CSV text.
pub struct SheetText {
    /// The sheet's name.
    pub name: String,
    /// Its cells as comma-separated text.
    pub text: String,
}

/// A cell as text.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(dt) if dt.time() == chrono::NaiveTime::MIN => dt.format("%Y-%m-%d").to_string(),
            Some(dt) => dt.format("%Y-%m-%d %H:%M:%S").to_string(),
            None => d.as_f64().to_string(),
        },
        // A formula error (#DIV/0!, #REF!, …) is a missing value.
        Data::Error(_) => "#N/A".to_owned(),
    }
}

/// Every sheet of a workbook as CSV text, in workbook order; `Err` with calamine's message when
/// the bytes are not a workbook it can open.
pub fn sheets(bytes: &[u8]) -> Result<Vec<SheetText>, String> {
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(|e| e.to_string())?;
        let mut writer = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        for row in range.rows() {
            writer
                .write_record(row.iter().map(cell_text))
                .map_err(|e| e.to_string())?;
        }
        let bytes = writer.into_inner().map_err(|e| e.to_string())?;
        out.push(SheetText {
            name,
            text: String::from_utf8(bytes).map_err(|e| e.to_string())?,
        });
    }
    Ok(out)
}
