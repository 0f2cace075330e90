//! Import: a file's bytes in, a typed table and a report of everything that happened out.
//!
//! The file streams through an [`Importer`] in slices of any size, so memory grows with the
//! table kept, not with the file. The steps: refuse non-text files by name
//! ([`decode::binary_kind`]); detect the encoding from the first mebibyte and decode as the
//! slices arrive ([`decode::StreamDecoder`]); sniff the delimiter; split records with
//! `csv-core` ([`records::Splitter`]); find the header row below any title or date-range
//! preamble and recognise the table — orders, traffic, marketing (long, or wide and reshaped)
//! or inventory — ([`schema`]); then hand every row to the table's builder. Dates such as
//! `01/03/2024` are kept unresolved until the whole column has been read, so the day/month
//! order is decided from all its values in one pass ([`values::DateCell`]).
//!
//! Nothing is dropped silently: every row that cannot be used is counted under a reason, with
//! the line numbers of the first five, and `rows_read = rows_used + rows_skipped`.
//!
//! Like rust-analyzer's analyses, an import that partly succeeds returns what parsed plus the
//! problems; only a file with nothing usable is an [`ImportError`].

pub mod decode;
mod inventory;
mod marketing;
mod orders;
pub mod records;
pub mod schema;
mod traffic;
pub mod values;
pub mod warm;
pub mod workbook;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use self::decode::{BinaryKind, StreamDecoder};
use self::records::{Row, Splitter};
use self::schema::{Field, KindScore, Mapping, TableKind, FIELD_COUNT};
use self::values::{DateOrder, DateOrderEvidence, DecimalStyle};
use super::tables::{InventoryRow, MarketingRow, OrderTable, PeriodRevenue, Product, TrafficRow};

/// How many rows are looked at for the header: titles and date ranges above the header row of
/// 生意参谋-style reports take a few lines.
const HEADER_SEARCH_ROWS: usize = 20;
/// How many line numbers are kept per skip reason.
const FIRST_LINES: usize = 5;

/// How many different offending values a skip group keeps.
pub const EXAMPLES: usize = 3;
/// The encoding is detected from this many first bytes.
const PREFIX_BYTES: usize = 1 << 20;
/// Rows buffered before the header is decided; the decimal style and the currency are read
/// from their number cells.
const HEAD_ROWS: usize = 1_000;
/// Sample values the mapping editor shows for each column.
const SAMPLE_VALUES: usize = 5;
/// At most this many rows are kept as samples (a sparse column may not find its five).
const SAMPLE_ROWS: usize = 40;

/// Why a row was not used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SkipReason {
    /// The row has a different number of fields than the header.
    WrongColumnCount,
    /// The row repeats the header (files concatenated with their headers).
    DuplicateHeader,
    /// A required field is empty.
    MissingRequired,
    /// A date that is not a date.
    BadDate,
    /// A number that is not a number.
    BadNumber,
}

/// The rows skipped for one reason (and column, where one is to blame).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SkipGroup {
    /// The reason.
    pub reason: SkipReason,
    /// The column's header, when the reason concerns one column.
    pub column: Option<String>,
    /// How many rows.
    pub count: u64,
    /// Line numbers (1-based, as a text editor shows them) of the first few.
    pub first_lines: Vec<u64>,
    /// Up to [`EXAMPLES`] different values that caused it, in the order met: the cell's text
    /// (cut to 40 characters) for a bad date or number, the row's number of fields for a wrong
    /// column count; empty for the other reasons. They tell the user what to fix without
    /// opening the file.
    #[serde(default)]
    pub examples: Vec<String>,
}

/// A [`SkipGroup`] as saved workspaces of pack layout 1 have it: without examples.
#[derive(Deserialize)]
#[serde(rename = "SkipGroup")]
struct SkipGroupLayout1 {
    reason: SkipReason,
    column: Option<String>,
    count: u64,
    first_lines: Vec<u64>,
}

/// A [`SkipGroup`] as written now (JSON fills in the examples when they are missing).
#[derive(Deserialize)]
#[serde(rename = "SkipGroup")]
struct SkipGroupLayout {
    reason: SkipReason,
    column: Option<String>,
    count: u64,
    first_lines: Vec<u64>,
    #[serde(default)]
    examples: Vec<String>,
}

impl<'de> Deserialize<'de> for SkipGroup {
    /// Reads the current layout, or layout 1 while a saved workspace of that layout is read
    /// ([`super::pack::reading_layout_1`]): bincode has no field names, so an old snapshot's
    /// group must be read without the field it did not have.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if super::pack::reading_layout_1() {
            let g = SkipGroupLayout1::deserialize(deserializer)?;
            Ok(SkipGroup {
                reason: g.reason,
                column: g.column,
                count: g.count,
                first_lines: g.first_lines,
                examples: Vec::new(),
            })
        } else {
            let g = SkipGroupLayout::deserialize(deserializer)?;
            Ok(SkipGroup {
                reason: g.reason,
                column: g.column,
                count: g.count,
                first_lines: g.first_lines,
                examples: g.examples,
            })
        }
    }
}

/// Where the column mapping came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MappingSource {
    /// Recognised from the header names.
    #[default]
    Detected,
    /// Confirmed earlier by the user for the same header signature.
    Remembered,
    /// Chosen by the user in the mapping editor for this import.
    User,
}

/// What an import found and did, for the file's card on the data page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    /// The file's name.
    pub file_name: String,
    /// The file's size in bytes.
    pub bytes: u64,
    /// For workbooks: the sheet read.
    pub sheet: Option<String>,
    /// For workbooks: the names of all sheets.
    pub sheets: Vec<String>,
    /// The table kind recognised (or chosen).
    pub kind: TableKind,
    /// The evidence: how well the header fits each kind, best first.
    pub scores: Vec<KindScore>,
    /// Orders given as aggregates (day × SKU), without order ids.
    pub aggregated: bool,
    /// Encoding (WHATWG name, or the workbook format).
    pub encoding: String,
    /// Whether a byte-order mark was present.
    pub bom: bool,
    /// Whether undecodable bytes were replaced (the wrong encoding, or a damaged file).
    pub decode_errors: bool,
    /// The delimiter found.
    pub delimiter: char,
    /// Line number of the header row (> 1 when a preamble was skipped).
    pub header_line: u64,
    /// The header row.
    pub headers: Vec<String>,
    /// The header signature under which a confirmed mapping is remembered.
    pub signature: String,
    /// Data rows for the mapping editor's sample values (see [`sample_rows`]).
    pub samples: Vec<Vec<String>>,
    /// The column mapping used.
    pub mapping: Mapping,
    /// Where the mapping came from.
    pub mapping_source: MappingSource,
    /// How the date column's day/month order was decided.
    pub date_order: DateOrder,
    /// The evidence for it.
    pub date_order_evidence: DateOrderEvidence,
    /// How numbers write decimals.
    pub decimal_style: DecimalStyle,
    /// ISO 4217 code of the currency the prices are written in, when a symbol or code says so.
    pub currency: Option<String>,
    /// Data rows after the header.
    pub rows_read: u64,
    /// Rows that became table rows.
    pub rows_used: u64,
    /// Rows that did not, = the sum of `skipped`.
    pub rows_skipped: u64,
    /// Rows of the resulting table: `rows_used`, except for a wide marketing table, whose rows
    /// become one row per channel.
    pub table_rows: u64,
    /// Skipped rows by reason.
    pub skipped: Vec<SkipGroup>,
    /// First and last day of the rows used.
    pub date_range: Option<(NaiveDate, NaiveDate)>,
}

/// A file whose columns were not all recognised: everything the mapping editor needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unrecognised {
    /// The best guess of the table kind.
    pub kind: TableKind,
    /// How well the header fits each kind, best first.
    pub scores: Vec<KindScore>,
    /// The mapping found so far.
    pub mapping: Mapping,
    /// The required fields it lacks.
    pub missing: Vec<Field>,
    /// The header row (the first row when no header was recognised).
    pub headers: Vec<String>,
    /// Its line.
    pub header_line: u64,
    /// The header signature.
    pub signature: String,
    /// Data rows for the mapping editor's sample values (see [`sample_rows`]).
    pub samples: Vec<Vec<String>>,
    /// For workbooks: the sheet, and all sheets.
    pub sheet: Option<String>,
    /// For workbooks: the names of all sheets.
    pub sheets: Vec<String>,
}

impl Unrecognised {
    /// Whether the row read as the header looks like data (most of its cells are numbers or
    /// dates): the file then probably has no header row, which is what the message says.
    pub fn header_looks_like_data(&self) -> bool {
        let cells: Vec<&str> = self
            .headers
            .iter()
            .map(|h| values::trim(h))
            .filter(|h| !h.is_empty())
            .collect();
        let data = cells
            .iter()
            .filter(|h| {
                matches!(values::parse_number(h, DecimalStyle::Point), Ok(Some(_)))
                    || matches!(
                        values::read_date(h),
                        values::DateCell::Fixed(_) | values::DateCell::Numeric(_)
                    )
            })
            .count();
        !cells.is_empty() && data * 2 > cells.len()
    }
}

/// Why a file could not be imported at all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ImportError {
    /// The file has no content.
    Empty,
    /// The file is not text: an image, a PDF, a damaged workbook, an archive.
    NotText(BinaryKind),
    /// The file has a header row but no data rows.
    HeaderOnly {
        /// The header row.
        headers: Vec<String>,
    },
    /// The columns were not recognised well enough: the user maps them in the editor.
    NeedsMapping(Box<Unrecognised>),
    /// A line is longer than [`records::MAX_RECORD_BYTES`]: not delimited text, or a quote
    /// that never closes.
    LineTooLong {
        /// The line it starts on.
        line: u64,
    },
    /// The background worker, which imports files, is not running (see `Workspace::handle_on_page`).
    WorkerUnavailable,
    /// The browser could not read the file (it was moved, or permission was withdrawn).
    Unreadable {
        /// The browser's message.
        message: String,
    },
    /// The user cancelled the import.
    Cancelled,
    /// The workbook has no sheet of the name asked for.
    NoSuchSheet {
        /// The name asked for.
        sheet: String,
        /// The workbook's sheets.
        sheets: Vec<String>,
    },
    /// Every data row was skipped.
    NothingUsable(Box<ImportReport>),
}

/// The table an import produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ImportedTable {
    /// Order lines and the products they name.
    Orders {
        /// The order lines, in file order (shared with the workspace's dataset, not copied).
        orders: Arc<OrderTable>,
        /// Products seen, by SKU, with the first name and category seen.
        products: Vec<Product>,
    },
    /// Traffic rows.
    Traffic(Vec<TrafficRow>),
    /// Marketing rows (a wide table reshaped to one row per period × channel), and the shop's
    /// revenue by period when the sheet gives it.
    Marketing {
        /// Spend by period × channel.
        rows: Vec<MarketingRow>,
        /// Revenue by period.
        revenue: Vec<PeriodRevenue>,
    },
    /// Inventory rows.
    Inventory(Vec<InventoryRow>),
}

/// An imported table with its report.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    /// The table.
    pub table: ImportedTable,
    /// What happened.
    pub report: ImportReport,
}

impl Imported {
    /// The order lines, when the file was an orders table.
    pub fn orders(&self) -> Option<&OrderTable> {
        match &self.table {
            ImportedTable::Orders { orders, .. } => Some(orders),
            _ => None,
        }
    }
}

/// A mapping the user confirmed, remembered under its header signature.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RememberedMapping {
    /// The header signature ([`schema::signature`]).
    pub signature: String,
    /// The mapping.
    pub mapping: Mapping,
    /// The date order, if the user set one.
    pub date_order: Option<DateOrder>,
}

/// Choices the user made in the mapping editor; `None` means "detect".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// Column mapping to use instead of the recognised one.
    pub mapping: Option<Mapping>,
    /// Date order to use instead of the detected one.
    pub date_order: Option<DateOrder>,
    /// For workbooks: the sheet to read instead of the best-recognised one.
    pub sheet: Option<String>,
    /// Mappings confirmed earlier; used when the file's header signature matches one.
    pub remembered: Vec<RememberedMapping>,
}

/// How far an import has got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Bytes fed so far.
    pub bytes: u64,
    /// Data rows read so far.
    pub rows: u64,
}

/// Imports a whole file held in memory (tests, the native tools, and small files).
pub fn import(
    file_name: &str,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let mut importer = Importer::new(file_name, options.clone());
    importer.feed(bytes);
    importer.finish()
}

/// A streaming import: [`Importer::feed`] the file's bytes in slices of any size, then
/// [`Importer::finish`]. The result does not depend on where the slices are cut.
pub struct Importer {
    file_name: String,
    options: ImportOptions,
    bytes: u64,
    size_hint: Option<u64>,
    state: State,
}

enum State {
    /// Collecting the first bytes, from which the encoding is detected.
    Start(Vec<u8>),
    /// A workbook: kept whole, for `calamine`.
    Workbook(Vec<u8>, BinaryKind),
    /// Delimited text.
    Text(Box<TextImport>),
    /// Failed; the rest of the file is ignored.
    Failed(ImportError),
}

impl Importer {
    /// A new import of the file `file_name` (only reported).
    pub fn new(file_name: &str, options: ImportOptions) -> Self {
        Self {
            file_name: file_name.to_owned(),
            options,
            bytes: 0,
            size_hint: None,
            state: State::Start(Vec::new()),
        }
    }

    /// Tells the importer the file's size, so the table can reserve its rows up front instead
    /// of growing by copying (the worker knows the size of the file it reads).
    pub fn with_size_hint(mut self, bytes: u64) -> Self {
        self.size_hint = Some(bytes);
        self
    }

    /// Feeds the next slice of the file.
    pub fn feed(&mut self, slice: &[u8]) -> Progress {
        self.bytes += slice.len() as u64;
        match &mut self.state {
            State::Start(prefix) => {
                let room = PREFIX_BYTES.saturating_sub(prefix.len()).min(slice.len());
                prefix.extend_from_slice(&slice[..room]);
                if prefix.len() >= PREFIX_BYTES {
                    self.begin();
                    let rest = &slice[room..];
                    if !rest.is_empty() {
                        self.feed_started(rest, false);
                    }
                }
            }
            _ => self.feed_started(slice, false),
        }
        self.progress()
    }

    /// How far the import has got.
    pub fn progress(&self) -> Progress {
        Progress {
            bytes: self.bytes,
            rows: match &self.state {
                State::Text(t) => t.rows_read(),
                _ => 0,
            },
        }
    }

    fn feed_started(&mut self, slice: &[u8], last: bool) {
        match &mut self.state {
            State::Start(_) | State::Failed(_) => {}
            State::Workbook(bytes, _) => bytes.extend_from_slice(slice),
            State::Text(text) => {
                if let Err(e) = text.feed_bytes(slice, last, &self.options) {
                    self.state = State::Failed(e);
                }
            }
        }
    }

    /// Decides what the file is from its first bytes.
    fn begin(&mut self) {
        let State::Start(prefix) = &mut self.state else {
            return;
        };
        let prefix = std::mem::take(prefix);
        self.state = match decode::binary_kind(&prefix) {
            Some(kind @ (BinaryKind::ZipOrXlsx | BinaryKind::OleOrXls)) => {
                State::Workbook(prefix, kind)
            }
            Some(kind) => State::Failed(ImportError::NotText(kind)),
            None => {
                let decoder = StreamDecoder::detect(&prefix);
                let source = Source {
                    encoding: decoder.encoding().to_owned(),
                    bom: decoder.bom(),
                    sheet: None,
                    sheets: Vec::new(),
                };
                let mut text = TextImport::new(Some(decoder), source);
                text.size_hint = self.size_hint;
                match text.feed_bytes(&prefix, false, &self.options) {
                    Ok(()) => State::Text(Box::new(text)),
                    Err(e) => State::Failed(e),
                }
            }
        };
    }

    /// Ends the file and returns the table, or why there is none.
    pub fn finish(mut self) -> Result<Imported, ImportError> {
        if let State::Start(prefix) = &self.state {
            if prefix.iter().all(u8::is_ascii_whitespace) {
                return Err(ImportError::Empty);
            }
            self.begin();
        }
        self.feed_started(&[], true);
        let bytes = self.bytes;
        let result = match self.state {
            State::Start(_) => Err(ImportError::Empty),
            State::Failed(e) => Err(e),
            State::Workbook(data, kind) => {
                import_workbook(&self.file_name, &data, kind, &self.options)
            }
            State::Text(text) => text.finish(&self.file_name, &self.options),
        };
        result.map(|mut imported| {
            imported.report.bytes = bytes;
            imported
        })
    }
}

/// Where the text came from, for the report.
#[derive(Clone, Debug, Default)]
struct Source {
    encoding: String,
    bom: bool,
    sheet: Option<String>,
    sheets: Vec<String>,
}

/// Imports a workbook: the chosen sheet, else the sheet whose rows import best.
fn import_workbook(
    file_name: &str,
    bytes: &[u8],
    kind: BinaryKind,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let sheets = workbook::sheets(bytes).map_err(|_| ImportError::NotText(kind))?;
    let names: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
    let format = if kind == BinaryKind::OleOrXls {
        "Excel .xls"
    } else {
        "Excel .xlsx"
    };
    if let Some(want) = options.sheet.as_ref().filter(|w| !names.contains(w)) {
        return Err(ImportError::NoSuchSheet {
            sheet: want.clone(),
            sheets: names,
        });
    }
    let mut first_error = None;
    let mut best: Option<Imported> = None;
    for sheet in sheets
        .iter()
        .filter(|s| options.sheet.as_ref().is_none_or(|want| *want == s.name))
    {
        let source = Source {
            encoding: format.to_owned(),
            bom: false,
            sheet: Some(sheet.name.clone()),
            sheets: names.clone(),
        };
        let mut text = TextImport::new(None, source);
        let result = text
            .feed_text(&sheet.text, true, options)
            .and_then(|()| text.finish(file_name, options));
        match result {
            Ok(imported) => {
                if best
                    .as_ref()
                    .is_none_or(|b| imported.report.rows_used > b.report.rows_used)
                {
                    best = Some(imported);
                }
            }
            Err(e) => {
                // A sheet that needs mapping is a better lead than an empty one.
                let better = matches!(e, ImportError::NeedsMapping(_))
                    && !matches!(first_error, Some(ImportError::NeedsMapping(_)));
                if first_error.is_none() || better {
                    first_error = Some(e);
                }
            }
        }
    }
    best.ok_or_else(|| first_error.unwrap_or(ImportError::Empty))
}

/// The import of delimited text: rows are buffered until the header is decided, then streamed
/// into the table's builder.
struct TextImport {
    size_hint: Option<u64>,
    decoder: Option<StreamDecoder>,
    decoded: String,
    splitter: Option<Splitter>,
    delimiter: u8,
    source: Source,
    phase: Phase,
}

enum Phase {
    /// Rows before the header is decided.
    Head(Vec<(u64, Vec<String>)>),
    /// The header is decided; rows go to the builder.
    Body(Box<Body>),
    /// Decided that nothing can be imported.
    Failed(ImportError),
}

impl TextImport {
    fn new(decoder: Option<StreamDecoder>, source: Source) -> Self {
        Self {
            size_hint: None,
            decoder,
            decoded: String::new(),
            splitter: None,
            delimiter: b',',
            source,
            phase: Phase::Head(Vec::new()),
        }
    }

    fn rows_read(&self) -> u64 {
        match &self.phase {
            Phase::Head(rows) => rows.len() as u64,
            Phase::Body(body) => body.rows_read,
            Phase::Failed(_) => 0,
        }
    }

    /// Decodes a slice of the file and reads its rows.
    fn feed_bytes(
        &mut self,
        bytes: &[u8],
        last: bool,
        options: &ImportOptions,
    ) -> Result<(), ImportError> {
        let mut buffer = std::mem::take(&mut self.decoded);
        let mut decoder = self.decoder.take();
        let text: &str = match decoder.as_mut() {
            Some(decoder) => decoder.decode(bytes, last, &mut buffer),
            None => {
                buffer.clear();
                buffer.push_str(&String::from_utf8_lossy(bytes));
                &buffer
            }
        };
        let result = self.feed_text(text, last, options);
        self.decoder = decoder;
        self.decoded = buffer;
        result
    }

    /// Reads the rows of a piece of decoded text.
    fn feed_text(
        &mut self,
        text: &str,
        last: bool,
        options: &ImportOptions,
    ) -> Result<(), ImportError> {
        if self.splitter.is_none() {
            if text.contains('\0') {
                return Err(ImportError::NotText(BinaryKind::Unknown));
            }
            if text.trim().is_empty() && !last {
                return Ok(());
            }
            self.delimiter = decode::sniff_delimiter(text);
            self.splitter = Some(Splitter::new(self.delimiter));
        }
        let Some(splitter) = self.splitter.as_mut() else {
            return Ok(());
        };
        let phase = &mut self.phase;
        let source = &self.source;
        let delimiter = self.delimiter;
        let size_hint = self.size_hint;
        let mut head_bytes = 0usize;
        let mut on_row = |row: Row<'_>| match phase {
            Phase::Head(rows) => {
                rows.push((row.line, row.to_strings()));
                head_bytes += row.iter().map(|f| f.len() + 1).sum::<usize>();
                if rows.len() >= HEAD_ROWS {
                    let rows = std::mem::take(rows);
                    let estimate = size_hint.map(|total| {
                        (total as f64 / (head_bytes as f64 / HEAD_ROWS as f64)) as usize
                    });
                    *phase = decide(rows, source, delimiter, options);
                    if let (Phase::Body(body), Some(rows)) = (&mut *phase, estimate) {
                        body.reserve(rows);
                    }
                }
            }
            Phase::Body(body) => body.push(row),
            Phase::Failed(_) => {}
        };
        let mut result = splitter.feed(text, &mut on_row);
        if last && result.is_ok() {
            result = splitter.finish(&mut on_row);
        }
        result.map_err(|e| ImportError::LineTooLong { line: e.line })
    }

    fn finish(mut self, file_name: &str, options: &ImportOptions) -> Result<Imported, ImportError> {
        if let Phase::Head(rows) = &mut self.phase {
            if rows.is_empty() {
                return Err(ImportError::Empty);
            }
            let rows = std::mem::take(rows);
            self.phase = decide(rows, &self.source, self.delimiter, options);
        }
        let decode_errors = self.decoder.as_ref().is_some_and(StreamDecoder::had_errors);
        match self.phase {
            Phase::Head(_) => Err(ImportError::Empty),
            Phase::Failed(e) => Err(e),
            Phase::Body(body) => body.finish(file_name, decode_errors),
        }
    }
}

/// Decides the header row, the table and its mapping from the first rows, and replays them.
fn decide(
    rows: Vec<(u64, Vec<String>)>,
    source: &Source,
    delimiter: u8,
    options: &ImportOptions,
) -> Phase {
    let Some((_, first_row)) = rows.first() else {
        return Phase::Failed(ImportError::Empty);
    };
    // The header: the row among the first that the most columns of a table are recognised in.
    let mut best: Option<(usize, Mapping, Vec<KindScore>)> = None;
    for (i, (_, row)) in rows.iter().enumerate().take(HEADER_SEARCH_ROWS) {
        let headers: Vec<String> = row.iter().map(|h| h.trim().to_owned()).collect();
        if let Some((mapping, scores)) = schema::recognise(&headers) {
            let better = best.as_ref().is_none_or(|(_, _, b)| {
                (scores[0].complete, scores[0].recognised) > (b[0].complete, b[0].recognised)
            });
            if better {
                best = Some((i, mapping, scores));
            }
        }
    }
    let (header_index, detected, scores) = match best {
        Some(b) => b,
        None => {
            let headers: Vec<String> = first_row.iter().map(|h| h.trim().to_owned()).collect();
            (0, Mapping::new(TableKind::Orders), schema::score(&headers))
        }
    };
    let (header_line, header_row) = &rows[header_index];
    let headers: Vec<String> = header_row.iter().map(|h| h.trim().to_owned()).collect();
    let signature = schema::signature(&headers);
    let samples = sample_rows(
        rows.iter().skip(header_index + 1).map(|(_, r)| r),
        headers.len(),
    );
    let valid_for_headers = |m: &Mapping| m.used_columns().iter().all(|c| *c < headers.len());
    let remembered = options
        .remembered
        .iter()
        .find(|r| r.signature == signature && valid_for_headers(&r.mapping));
    let (mapping, mapping_source, date_order) = match (&options.mapping, remembered) {
        (Some(m), _) if valid_for_headers(m) => {
            (m.clone(), MappingSource::User, options.date_order)
        }
        (_, Some(r)) => (
            r.mapping.clone(),
            MappingSource::Remembered,
            options.date_order.or(r.date_order),
        ),
        _ => (detected, MappingSource::Detected, options.date_order),
    };
    if rows.len() <= header_index + 1 {
        return Phase::Failed(ImportError::HeaderOnly { headers });
    }
    let missing = mapping.missing_required();
    if !missing.is_empty() || mapping.used_columns().is_empty() {
        return Phase::Failed(ImportError::NeedsMapping(Box::new(Unrecognised {
            kind: mapping.kind,
            scores,
            mapping,
            missing,
            headers,
            header_line: *header_line,
            signature,
            samples,
            sheet: source.sheet.clone(),
            sheets: source.sheets.clone(),
        })));
    }
    // Decimal style and currency from the number cells of the buffered rows.
    let number_fields = [
        Field::Quantity,
        Field::UnitPrice,
        Field::LineTotal,
        Field::Revenue,
        Field::Spend,
        Field::UnitCost,
        Field::Price,
        Field::Visitors,
        Field::AttributedRevenue,
        Field::RefundedAmount,
    ];
    let mut number_columns: Vec<usize> = number_fields
        .iter()
        .filter_map(|f| mapping.get(*f))
        .collect();
    number_columns.extend(
        mapping
            .wide
            .iter()
            .flat_map(|w| [Some(w.spend), w.attributed_revenue])
            .flatten(),
    );
    let data = &rows[header_index + 1..];
    let cells = || {
        data.iter()
            .flat_map(|(_, r)| number_columns.iter().filter_map(move |c| r.get(*c)))
            .map(String::as_str)
    };
    let decimal_style = values::decimal_style(cells());
    let currency = values::currency_of(cells());
    let mut body = Box::new(Body::new(
        headers,
        *header_line,
        mapping,
        BodyInfo {
            scores,
            signature,
            samples,
            mapping_source,
            date_order,
            decimal_style,
            currency,
            delimiter,
            source: source.clone(),
        },
    ));
    let mut fields = String::new();
    let mut ends = Vec::new();
    for (line, row) in data {
        fields.clear();
        ends.clear();
        for f in row {
            fields.push_str(f);
            ends.push(fields.len());
        }
        body.push(Row::new(&fields, &ends, *line));
    }
    Phase::Body(body)
}

/// What [`Body`] reports besides its counts.
struct BodyInfo {
    scores: Vec<KindScore>,
    signature: String,
    samples: Vec<Vec<String>>,
    mapping_source: MappingSource,
    date_order: Option<DateOrder>,
    decimal_style: DecimalStyle,
    currency: Option<String>,
    delimiter: u8,
    source: Source,
}

/// The rows after the header: checked for shape, then handed to the table's builder.
struct Body {
    headers: Vec<String>,
    header_line: u64,
    info: BodyInfo,
    rows_read: u64,
    skips: Skips,
    sink: Sink,
}

/// The table being built.
enum Sink {
    Orders(Box<orders::OrderBuilder>),
    Traffic(Box<traffic::TrafficBuilder>),
    Marketing(Box<marketing::MarketingBuilder>),
    Inventory(Box<inventory::InventoryBuilder>),
}

impl Body {
    fn new(headers: Vec<String>, header_line: u64, mapping: Mapping, info: BodyInfo) -> Self {
        let cells = Cells::new(&mapping, info.decimal_style, &headers);
        let sink = match mapping.kind {
            TableKind::Orders => Sink::Orders(Box::new(orders::OrderBuilder::new(
                &headers,
                &mapping,
                cells,
                info.date_order,
            ))),
            TableKind::Traffic => Sink::Traffic(Box::new(traffic::TrafficBuilder::new(cells))),
            TableKind::Marketing => {
                Sink::Marketing(Box::new(marketing::MarketingBuilder::new(&mapping, cells)))
            }
            TableKind::Inventory => {
                Sink::Inventory(Box::new(inventory::InventoryBuilder::new(cells)))
            }
        };
        Self {
            skips: Skips::new(&headers),
            headers,
            header_line,
            info,
            rows_read: 0,
            sink,
        }
    }

    /// Reserves room for about `rows` rows (orders only: the other tables are small).
    fn reserve(&mut self, rows: usize) {
        if let Sink::Orders(b) = &mut self.sink {
            // An estimate from the first rows: a little more, so a file whose later rows are
            // shorter still fits; capped, so a wrong guess cannot exhaust memory.
            b.reserve((rows + rows / 8).min(50_000_000));
        }
    }

    fn push(&mut self, row: Row<'_>) {
        self.rows_read += 1;
        if row.len() != self.headers.len() {
            // Trailing empty fields beyond the header are harmless; anything else is ragged.
            let extra_empty = row.len() > self.headers.len()
                && row
                    .iter()
                    .skip(self.headers.len())
                    .all(|f| f.trim_ascii().is_empty());
            if !extra_empty {
                self.skips.skip_with(
                    SkipReason::WrongColumnCount,
                    None,
                    row.line,
                    row.len().to_string(),
                );
                return;
            }
        }
        // A repeated header row (files joined with `cat`): its first cell gives it away.
        let first = row.get(0).map(<[u8]>::trim_ascii);
        if first == self.headers.first().map(String::as_bytes)
            && row
                .iter()
                .zip(&self.headers)
                .all(|(a, b)| a.trim_ascii() == b.as_bytes())
        {
            self.skips.skip(SkipReason::DuplicateHeader, None, row.line);
            return;
        }
        match &mut self.sink {
            Sink::Orders(b) => b.push(row, &mut self.skips),
            Sink::Traffic(b) => b.push(row, &mut self.skips),
            Sink::Marketing(b) => b.push(row, &mut self.skips),
            Sink::Inventory(b) => b.push(row, &mut self.skips),
        }
    }

    fn finish(self, file_name: &str, decode_errors: bool) -> Result<Imported, ImportError> {
        let Body {
            headers,
            header_line,
            info,
            rows_read,
            mut skips,
            sink,
        } = self;
        if rows_read == 0 {
            return Err(ImportError::HeaderOnly { headers });
        }
        let mapping = match &sink {
            Sink::Orders(b) => b.mapping(),
            Sink::Traffic(b) => b.cells.mapping(),
            Sink::Marketing(b) => b.cells.mapping(),
            Sink::Inventory(b) => b.cells.mapping(),
        };
        let kind = mapping.kind;
        let aggregated = mapping.is_aggregated();
        let finished = match sink {
            Sink::Orders(b) => b.finish(info.date_order, &mut skips),
            Sink::Traffic(b) => b.finish(info.date_order, &mut skips),
            Sink::Marketing(b) => b.finish(info.date_order, &mut skips),
            Sink::Inventory(b) => b.finish(&mut skips),
        };
        let skipped = skips.into_groups();
        let rows_skipped: u64 = skipped.iter().map(|g| g.count).sum();
        let report = ImportReport {
            file_name: file_name.to_owned(),
            bytes: 0,
            sheet: info.source.sheet,
            sheets: info.source.sheets,
            kind,
            scores: info.scores,
            aggregated,
            encoding: info.source.encoding,
            bom: info.source.bom,
            decode_errors,
            delimiter: info.delimiter as char,
            header_line,
            headers,
            signature: info.signature,
            samples: info.samples,
            mapping,
            mapping_source: info.mapping_source,
            date_order: finished.date_order,
            date_order_evidence: finished.evidence,
            decimal_style: info.decimal_style,
            currency: info.currency,
            rows_read,
            rows_used: rows_read - rows_skipped,
            rows_skipped,
            table_rows: finished.table_rows,
            skipped,
            date_range: finished.date_range,
        };
        if report.rows_used == 0 {
            return Err(ImportError::NothingUsable(Box::new(report)));
        }
        Ok(Imported {
            table: finished.table,
            report,
        })
    }
}

/// What a builder hands back when the file ends.
struct Finished {
    table: ImportedTable,
    table_rows: u64,
    date_order: DateOrder,
    evidence: DateOrderEvidence,
    date_range: Option<(NaiveDate, NaiveDate)>,
}

/// Skipped rows, by reason and column.
struct Skips {
    headers: Vec<String>,
    groups: BTreeMap<(SkipReason, Option<usize>), SkipGroup>,
}

impl Skips {
    fn new(headers: &[String]) -> Self {
        Self {
            headers: headers.to_vec(),
            groups: BTreeMap::new(),
        }
    }

    /// Counts a skipped row whose offending value is in `column` of `row`, and keeps the value
    /// as an example (see [`SkipGroup::examples`]).
    fn skip_cell(&mut self, reason: SkipReason, column: Option<usize>, row: &Row<'_>) {
        let group = self.skip(reason, column, row.line);
        if group.examples.len() < EXAMPLES {
            if let Some(cell) = column.and_then(|c| row.get(c)) {
                let text = String::from_utf8_lossy(cell.trim_ascii());
                let text = match text.char_indices().nth(40) {
                    Some((cut, _)) => format!("{}…", &text[..cut]),
                    None => text.into_owned(),
                };
                if !group.examples.contains(&text) {
                    group.examples.push(text);
                }
            }
        }
    }

    /// Counts a skipped row with `example` as what was wrong with it (see
    /// [`SkipGroup::examples`]).
    fn skip_with(&mut self, reason: SkipReason, column: Option<usize>, line: u64, example: String) {
        let group = self.skip(reason, column, line);
        if !example.is_empty()
            && group.examples.len() < EXAMPLES
            && !group.examples.contains(&example)
        {
            group.examples.push(example);
        }
    }

    /// Counts a skipped row.
    fn skip(&mut self, reason: SkipReason, column: Option<usize>, line: u64) -> &mut SkipGroup {
        let group = self
            .groups
            .entry((reason, column))
            .or_insert_with(|| SkipGroup {
                reason,
                column: column.and_then(|c| self.headers.get(c).cloned()),
                count: 0,
                first_lines: Vec::new(),
                examples: Vec::new(),
            });
        group.count += 1;
        if group.first_lines.len() < FIRST_LINES {
            group.first_lines.push(line);
        } else if group.first_lines.last().is_some_and(|l| *l > line) {
            // Rows found unusable at the end (dates resolved after the whole column) may come
            // after later lines: keep the first five by line number.
            group.first_lines.push(line);
            group.first_lines.sort_unstable();
            group.first_lines.truncate(FIRST_LINES);
        }
        group
    }

    fn into_groups(self) -> Vec<SkipGroup> {
        self.groups
            .into_values()
            .map(|mut g| {
                g.first_lines.sort_unstable();
                g
            })
            .collect()
    }
}

/// Typed access to a row's cells by field: the column of each field is looked up once.
#[derive(Clone)]
struct Cells {
    mapping: Mapping,
    columns: [Option<usize>; FIELD_COUNT],
    decimal_style: DecimalStyle,
    /// Each column's factor from its header's unit (`(万元)`: 10,000); empty when every
    /// column's is 1.
    scales: Vec<f64>,
}

impl Cells {
    fn new(mapping: &Mapping, decimal_style: DecimalStyle, headers: &[String]) -> Self {
        let mut columns = [None; FIELD_COUNT];
        for (field, column) in &mapping.columns {
            columns[*field as usize] = Some(*column);
        }
        let mut scales: Vec<f64> = headers.iter().map(|h| schema::header_scale(h)).collect();
        if scales.iter().all(|s| *s == 1.0) {
            scales.clear();
        }
        Self {
            mapping: mapping.clone(),
            columns,
            decimal_style,
            scales,
        }
    }

    fn mapping(&self) -> Mapping {
        self.mapping.clone()
    }

    #[inline]
    fn column(&self, field: Field) -> Option<usize> {
        self.columns[field as usize]
    }

    /// A field's trimmed text ("" when unmapped) and its column.
    #[inline(always)]
    fn text<'r>(&self, row: &Row<'r>, field: Field) -> (&'r str, Option<usize>) {
        let column = self.column(field);
        (
            values::trim(column.and_then(|c| row.text(c)).unwrap_or("")),
            column,
        )
    }

    /// A number cell: `Ok(None)` when empty or unmapped, `Err(column)` when not a number.
    #[inline]
    fn number(&self, row: &Row<'_>, field: Field) -> Result<Option<f64>, Option<usize>> {
        let (raw, column) = self.text(row, field);
        self.parse_number(raw, column).map_err(|_| column)
    }

    /// A number of `column`, times the factor of its header's unit — unless the cell writes
    /// its own (`1.2万` under `访客数(万)` is 12,000, not 120 million).
    #[inline]
    fn parse_number(
        &self,
        raw: &str,
        column: Option<usize>,
    ) -> Result<Option<f64>, values::NotANumber> {
        let value = values::parse_number(raw, self.decimal_style)?;
        if self.scales.is_empty() || raw.contains(['万', '亿']) {
            return Ok(value);
        }
        let scale = column
            .and_then(|c| self.scales.get(c))
            .copied()
            .unwrap_or(1.0);
        Ok(value.map(|v| v * scale))
    }

    /// A required number: skips the row (and returns `None`) when missing or not a number.
    #[inline]
    fn required_number(&self, row: &Row<'_>, field: Field, skips: &mut Skips) -> Option<f64> {
        match self.number(row, field) {
            Ok(Some(v)) => Some(v),
            Ok(None) => {
                skips.skip(SkipReason::MissingRequired, self.column(field), row.line);
                None
            }
            Err(column) => {
                skips.skip_cell(SkipReason::BadNumber, column, row);
                None
            }
        }
    }

    /// An optional number: `Err(())` after skipping the row when present but not a number.
    fn optional_number(
        &self,
        row: &Row<'_>,
        field: Field,
        skips: &mut Skips,
    ) -> Result<Option<f64>, ()> {
        self.number(row, field).map_err(|column| {
            skips.skip_cell(SkipReason::BadNumber, column, row);
        })
    }

    /// Several optional numbers; `None` after skipping the row (once) at the first that is
    /// present but not a number.
    fn optional_numbers<const N: usize>(
        &self,
        row: &Row<'_>,
        fields: [Field; N],
        skips: &mut Skips,
    ) -> Option<[Option<f64>; N]> {
        let mut out = [None; N];
        for (slot, field) in out.iter_mut().zip(fields) {
            *slot = self.optional_number(row, field, skips).ok()?;
        }
        Some(out)
    }
}

/// A count as a whole number (counts are written `12,131` or `12131.0`); negative counts are
/// zero.
fn count(v: f64) -> u64 {
    v.max(0.0).round() as u64
}

/// Dates read before the column's day/month order is known, resolved when the file ends.
#[derive(Default)]
struct PendingDates {
    evidence: DateOrderEvidence,
}

impl PendingDates {
    fn note(&mut self, cell: &values::DateCell) {
        if let values::DateCell::Numeric(n) = cell {
            self.evidence.add_numeric(n);
        }
    }

    fn decide(&self, chosen: Option<DateOrder>) -> DateOrder {
        chosen.unwrap_or_else(|| self.evidence.decide())
    }
}

/// Widens a date range by a day.
fn widen(range: &mut Option<(NaiveDate, NaiveDate)>, day: NaiveDate) {
    *range = Some(match *range {
        None => (day, day),
        Some((lo, hi)) => (lo.min(day), hi.max(day)),
    });
}

/// The rows the mapping editor shows samples from: the first rows after the header, in file
/// order, each kept only while it brings a non-empty value to a column that has fewer than
/// [`SAMPLE_VALUES`] so far, so that every column shows five values where the first rows leave
/// it blank (guest orders without a customer id); at most [`SAMPLE_ROWS`] rows.
fn sample_rows<'a>(
    rows: impl Iterator<Item = &'a Vec<String>>,
    columns: usize,
) -> Vec<Vec<String>> {
    let mut counts = vec![0usize; columns];
    let mut samples = Vec::new();
    for row in rows {
        if counts.iter().all(|c| *c >= SAMPLE_VALUES) || samples.len() == SAMPLE_ROWS {
            break;
        }
        let mut useful = false;
        for (count, value) in counts.iter_mut().zip(row) {
            if *count < SAMPLE_VALUES && !value.trim().is_empty() {
                *count += 1;
                useful = true;
            }
        }
        if useful {
            samples.push(row.clone());
        }
    }
    samples
}
