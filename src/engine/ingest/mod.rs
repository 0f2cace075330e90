//! Import: a file's bytes in, a typed table and a report of everything that happened out.
//!
//! The steps: refuse non-text files by name ([`decode::binary_kind`]); detect the encoding and
//! the delimiter ([`decode`]); find the header row below any title or date-range preamble and
//! recognise the table ([`schema`]); read the rows twice — once to decide, from whole columns,
//! the date order (day-first or month-first) and the decimal style, once to parse — and count
//! every row that cannot be used under a reason, with the line numbers of the first five.
//! Nothing is dropped silently: `rows_read = rows_used + rows_skipped`.
//!
//! Like rust-analyzer's analyses, an import that partly succeeds returns what parsed plus the
//! problems; only a file with nothing usable is an [`ImportError`].

pub mod decode;
pub mod schema;
pub mod values;
pub mod workbook;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use self::decode::BinaryKind;
use self::schema::{OrderField, OrderMapping, TableKind};
use self::values::{DateOrder, DateOrderEvidence, DecimalStyle};
use super::tables::{LineRef, LineStatus, LocalText, OrderTable, Product};

/// How many header candidates are looked at: titles and date ranges above the header row of
/// 生意参谋-style reports take a few lines.
const HEADER_SEARCH_ROWS: usize = 20;
/// How many line numbers are kept per skip reason.
const FIRST_LINES: usize = 5;

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
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkipGroup {
    /// The reason.
    pub reason: SkipReason,
    /// The column's header, when the reason concerns one column.
    pub column: Option<String>,
    /// How many rows.
    pub count: u64,
    /// Line numbers (1-based, as a text editor shows them) of the first few.
    pub first_lines: Vec<u64>,
}

/// What an import found and did, for the file's card on the data page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    /// The file's name.
    pub file_name: String,
    /// For workbooks: the sheet read, and every sheet's name.
    pub sheet: Option<String>,
    /// For workbooks: the names of all sheets.
    pub sheets: Vec<String>,
    /// The table kind recognised.
    pub kind: TableKind,
    /// Orders given as aggregates (day × SKU), without order ids.
    pub aggregated: bool,
    /// Encoding (WHATWG name) and whether a byte-order mark was present.
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
    /// The column mapping used.
    pub mapping: OrderMapping,
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
    /// Skipped rows by reason.
    pub skipped: Vec<SkipGroup>,
    /// First and last day of the rows used.
    pub date_range: Option<(NaiveDate, NaiveDate)>,
}

/// Why a file could not be imported at all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ImportError {
    /// The file has no content.
    Empty,
    /// The file is not text: an image, a PDF, a workbook, an archive.
    NotText(BinaryKind),
    /// The file has a header row but no data rows.
    HeaderOnly {
        /// The header row.
        headers: Vec<String>,
    },
    /// No row looks like the header of a table Shoplab knows.
    NotRecognised {
        /// The first row, for the message.
        first_row: Vec<String>,
    },
    /// Recognised as an orders table but required columns are missing.
    MissingColumns {
        /// The missing fields.
        missing: Vec<OrderField>,
        /// The header row.
        headers: Vec<String>,
    },
    /// Recognised as a kind this version reads only through the demo store.
    KindNotYetImported(TableKind),
    /// The background worker, which imports files, is not running (see `Workspace::handle_on_page`).
    WorkerUnavailable,
    /// The CSV reader failed (e.g. a line longer than memory allows).
    Unreadable {
        /// 1-based line.
        line: u64,
        /// The reader's message.
        message: String,
    },
    /// Every data row was skipped.
    NothingUsable(Box<ImportReport>),
}

/// An imported orders table with its report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportedOrders {
    /// The order lines, in file order.
    pub orders: OrderTable,
    /// Products seen, by SKU, with the first name and category seen.
    pub products: Vec<Product>,
    /// What happened.
    pub report: ImportReport,
}

/// Choices the user made in the mapping editor; `None` means "detect".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// Column mapping to use instead of the recognised one.
    pub mapping: Option<OrderMapping>,
    /// Date order to use instead of the detected one.
    pub date_order: Option<DateOrder>,
    /// For workbooks: the sheet to read instead of the best-recognised one.
    pub sheet: Option<String>,
}

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
}

fn line_of(record: &csv::StringRecord) -> u64 {
    record.position().map_or(0, |p| p.line())
}

/// Reads past the first `n` records (the preamble and the header).
fn skip_records(reader: &mut csv::Reader<&[u8]>, n: usize) -> Result<(), ImportError> {
    let mut record = csv::ByteRecord::new();
    for _ in 0..n {
        if !reader
            .read_byte_record(&mut record)
            .map_err(|e| unreadable(&e))?
        {
            break;
        }
    }
    Ok(())
}

fn unreadable(e: &csv::Error) -> ImportError {
    ImportError::Unreadable {
        line: e.position().map_or(0, |p| p.line()),
        message: e.to_string(),
    }
}

/// Imports an orders export. `file_name` is only reported.
pub fn import_orders(
    file_name: &str,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<ImportedOrders, ImportError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty);
    }
    match decode::binary_kind(bytes) {
        Some(kind @ (BinaryKind::ZipOrXlsx | BinaryKind::OleOrXls)) => {
            import_workbook(file_name, bytes, kind, options)
        }
        Some(kind) => Err(ImportError::NotText(kind)),
        None => {
            let decoded = decode::decode(bytes);
            if decoded.text.contains('\0') {
                return Err(ImportError::NotText(BinaryKind::Unknown));
            }
            let source = Source {
                encoding: decoded.encoding.to_owned(),
                bom: decoded.bom,
                decode_errors: decoded.had_errors,
                sheet: None,
                sheets: Vec::new(),
            };
            import_text(file_name, decoded.text.as_ref(), source, options)
        }
    }
}

/// Where the text came from, for the report.
struct Source {
    encoding: String,
    bom: bool,
    decode_errors: bool,
    sheet: Option<String>,
    sheets: Vec<String>,
}

/// Imports a workbook: the chosen sheet, else the sheet whose header is recognised best.
fn import_workbook(
    file_name: &str,
    bytes: &[u8],
    kind: BinaryKind,
    options: &ImportOptions,
) -> Result<ImportedOrders, ImportError> {
    let sheets = workbook::sheets(bytes).map_err(|_| ImportError::NotText(kind))?;
    let names: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
    let format = if kind == BinaryKind::OleOrXls {
        "Excel .xls"
    } else {
        "Excel .xlsx"
    };
    let mut first_error = None;
    let mut best: Option<ImportedOrders> = None;
    for sheet in sheets
        .iter()
        .filter(|s| options.sheet.as_ref().is_none_or(|want| *want == s.name))
    {
        let source = Source {
            encoding: format.to_owned(),
            bom: false,
            decode_errors: false,
            sheet: Some(sheet.name.clone()),
            sheets: names.clone(),
        };
        match import_text(file_name, &sheet.text, source, options) {
            Ok(imported) => {
                if best
                    .as_ref()
                    .is_none_or(|b| imported.report.rows_used > b.report.rows_used)
                {
                    best = Some(imported);
                }
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    best.ok_or_else(|| first_error.unwrap_or(ImportError::Empty))
}

/// Imports decoded text.
fn import_text(
    file_name: &str,
    text: &str,
    source: Source,
    options: &ImportOptions,
) -> Result<ImportedOrders, ImportError> {
    let delimiter = decode::sniff_delimiter(text);

    // The header: the best-scoring of the first rows.
    let mut records = reader(text, delimiter).into_records();
    let mut candidates = Vec::new();
    for record in records.by_ref().take(HEADER_SEARCH_ROWS) {
        candidates.push(record.map_err(|e| unreadable(&e))?);
    }
    let Some(first) = candidates.first() else {
        return Err(ImportError::Empty);
    };
    let first_row: Vec<String> = first.iter().map(str::to_owned).collect();
    let (header_index, kind, score) = candidates
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            let headers: Vec<String> = r.iter().map(str::to_owned).collect();
            schema::score(&headers)
                .into_iter()
                .map(move |(k, s)| (i, k, s))
        })
        .fold((0, TableKind::Orders, 0), |best, c| {
            if c.2 > best.2 {
                c
            } else {
                best
            }
        });
    if score == 0 {
        return Err(ImportError::NotRecognised { first_row });
    }
    let header = &candidates[header_index];
    let headers: Vec<String> = header.iter().map(|h| h.trim().to_owned()).collect();
    if kind != TableKind::Orders && options.mapping.is_none() {
        return Err(ImportError::KindNotYetImported(kind));
    }
    let mapping = options
        .mapping
        .clone()
        .unwrap_or_else(|| schema::map_orders(&headers));
    let missing = mapping.missing_required();
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns { missing, headers });
    }
    let header_line = line_of(header);
    let data_start = header_index + 1;

    // Pass 1: decide the date order and the decimal style from whole columns.
    let column = |f| mapping.get(f);
    let date_col = column(OrderField::PlacedAt).unwrap_or(0);
    let number_cols: Vec<usize> = [
        OrderField::Quantity,
        OrderField::UnitPrice,
        OrderField::LineTotal,
    ]
    .into_iter()
    .filter_map(column)
    .collect();
    let mut evidence = DateOrderEvidence::default();
    let mut number_sample: Vec<String> = Vec::new();
    let mut rows_read = 0u64;
    let mut first_pass = csv::ByteRecord::new();
    let mut pass = reader(text, delimiter);
    skip_records(&mut pass, data_start)?;
    while pass
        .read_byte_record(&mut first_pass)
        .map_err(|e| unreadable(&e))?
    {
        rows_read += 1;
        let field = |c: usize| first_pass.get(c).and_then(|f| std::str::from_utf8(f).ok());
        if let Some(v) = field(date_col) {
            evidence.add(v);
        }
        if number_sample.len() < 2_000 {
            number_sample.extend(
                number_cols
                    .iter()
                    .filter_map(|c| field(*c))
                    .map(str::to_owned),
            );
        }
    }
    if rows_read == 0 {
        return Err(ImportError::HeaderOnly { headers });
    }
    let date_order = options.date_order.unwrap_or_else(|| evidence.decide());
    let decimal_style = values::decimal_style(number_sample.iter().map(String::as_str));
    let currency = values::currency_of(number_sample.iter().map(String::as_str));

    // Pass 2: parse.
    let mut builder = OrderBuilder::new(&headers, &mapping, date_order, decimal_style);
    let mut record = csv::ByteRecord::new();
    let mut pass = reader(text, delimiter);
    skip_records(&mut pass, data_start)?;
    while pass
        .read_byte_record(&mut record)
        .map_err(|e| unreadable(&e))?
    {
        builder.push(&record);
    }
    let report = ImportReport {
        file_name: file_name.to_owned(),
        sheet: source.sheet,
        sheets: source.sheets,
        kind,
        aggregated: mapping.is_aggregated(),
        encoding: source.encoding,
        bom: source.bom,
        decode_errors: source.decode_errors,
        delimiter: delimiter as char,
        header_line,
        headers: headers.clone(),
        mapping: mapping.clone(),
        date_order,
        date_order_evidence: evidence,
        decimal_style,
        currency,
        rows_read,
        rows_used: builder.orders.len() as u64,
        rows_skipped: builder.skipped.values().map(|g| g.count).sum(),
        skipped: builder.skipped.into_values().collect(),
        date_range: builder.date_range,
    };
    if builder.orders.is_empty() {
        return Err(ImportError::NothingUsable(Box::new(report)));
    }
    Ok(ImportedOrders {
        orders: builder.orders,
        products: builder.products,
        report,
    })
}

/// Order-level values carried to later lines of the same order, which exports such as
/// Shopify's leave blank.
#[derive(Default)]
struct OrderContext {
    order: Option<u32>,
    placed_at: Option<chrono::NaiveDateTime>,
    customer: Option<u32>,
    status: LineStatus,
    region: Option<u32>,
    channel: Option<u32>,
}

struct OrderBuilder<'a> {
    headers: &'a [String],
    /// Column of each field, looked up once (indexed by `OrderField as usize`).
    columns: [Option<usize>; OrderField::ALL.len()],
    date_order: DateOrder,
    decimal_style: DecimalStyle,
    /// UCI Online Retail marks cancellations with invoice numbers starting with `C`.
    c_prefix_cancels: bool,
    orders: OrderTable,
    products: Vec<Product>,
    /// For each SKU id, whether its product was recorded.
    product_seen: Vec<bool>,
    skipped: BTreeMap<(SkipReason, Option<usize>), SkipGroup>,
    context: OrderContext,
    date_range: Option<(NaiveDate, NaiveDate)>,
}

/// Normalises a customer id: spreadsheets turn `17850` into `17850.0`.
fn customer_id(raw: &str) -> Option<&str> {
    let s = raw.trim();
    if values::is_missing(s) {
        return None;
    }
    Some(
        s.strip_suffix(".0")
            .filter(|d| d.chars().all(|c| c.is_ascii_digit()))
            .unwrap_or(s),
    )
}

/// Reads a status cell: cancelled, refunded or paid.
fn status_of(raw: &str) -> Option<LineStatus> {
    let s = raw.trim().to_lowercase();
    if s.is_empty() {
        return None;
    }
    if ["cancel", "void", "取消", "关闭", "closed"]
        .iter()
        .any(|w| s.contains(w))
    {
        Some(LineStatus::Cancelled)
    } else if ["refund", "退款", "退货", "returned"]
        .iter()
        .any(|w| s.contains(w))
    {
        Some(LineStatus::Refunded)
    } else {
        Some(LineStatus::Paid)
    }
}

impl<'a> OrderBuilder<'a> {
    fn new(
        headers: &'a [String],
        mapping: &'a OrderMapping,
        date_order: DateOrder,
        decimal_style: DecimalStyle,
    ) -> Self {
        let c_prefix_cancels = mapping
            .get(OrderField::OrderId)
            .and_then(|c| headers.get(c))
            .is_some_and(|h| matches!(schema::normalize(h).as_str(), "invoiceno" | "invoice"));
        Self {
            headers,
            columns: OrderField::ALL.map(|f| mapping.get(f)),
            date_order,
            decimal_style,
            c_prefix_cancels,
            orders: OrderTable::new(mapping.is_aggregated()),
            products: Vec::new(),
            product_seen: Vec::new(),
            skipped: BTreeMap::new(),
            context: OrderContext::default(),
            date_range: None,
        }
    }

    fn skip(&mut self, reason: SkipReason, column: Option<usize>, line: u64) {
        let group = self
            .skipped
            .entry((reason, column))
            .or_insert_with(|| SkipGroup {
                reason,
                column: column.and_then(|c| self.headers.get(c).cloned()),
                count: 0,
                first_lines: Vec::new(),
            });
        group.count += 1;
        if group.first_lines.len() < FIRST_LINES {
            group.first_lines.push(line);
        }
    }

    fn column(&self, field: OrderField) -> Option<usize> {
        self.columns[field as usize]
    }

    /// A field's trimmed text ("" when unmapped) and its column. The text was decoded to UTF-8
    /// before parsing and fields split at ASCII delimiters, so every field is valid UTF-8.
    fn cell<'r>(&self, record: &'r csv::ByteRecord, field: OrderField) -> (&'r str, Option<usize>) {
        let column = self.column(field);
        let text = column
            .and_then(|c| record.get(c))
            .and_then(|f| std::str::from_utf8(f).ok())
            .unwrap_or("");
        (text.trim(), column)
    }

    fn number(
        &self,
        record: &csv::ByteRecord,
        field: OrderField,
    ) -> Result<Option<f64>, Option<usize>> {
        let (raw, column) = self.cell(record, field);
        values::parse_number(raw, self.decimal_style).map_err(|_| column)
    }

    fn push(&mut self, record: &csv::ByteRecord) {
        let line = record.position().map_or(0, |p| p.line());
        if record.len() != self.headers.len() {
            // Trailing empty fields beyond the header are harmless; anything else is ragged.
            let extra_empty = record.len() > self.headers.len()
                && record
                    .iter()
                    .skip(self.headers.len())
                    .all(|f| f.trim_ascii().is_empty());
            if !extra_empty {
                self.skip(SkipReason::WrongColumnCount, None, line);
                return;
            }
        }
        if record
            .iter()
            .zip(self.headers)
            .all(|(a, b)| a.trim_ascii() == b.as_bytes())
        {
            self.skip(SkipReason::DuplicateHeader, None, line);
            return;
        }
        let (order_id, order_col) = self.cell(record, OrderField::OrderId);
        if order_id.is_empty() && !self.orders.aggregated {
            self.skip(SkipReason::MissingRequired, order_col, line);
            return;
        }
        let order = self.orders.order_ids.intern(order_id);
        // Aggregated rows are independent: nothing is carried from one to the next.
        if self.context.order != Some(order) || self.orders.aggregated {
            self.context = OrderContext {
                order: Some(order),
                ..OrderContext::default()
            };
        }

        // Date: required, inherited within an order.
        let (raw_date, date_col) = self.cell(record, OrderField::PlacedAt);
        let placed_at = if raw_date.is_empty() {
            self.context.placed_at
        } else {
            match values::parse_datetime(raw_date, self.date_order) {
                Some(d) => Some(d),
                None => {
                    self.skip(SkipReason::BadDate, date_col, line);
                    return;
                }
            }
        };
        let Some(placed_at) = placed_at else {
            self.skip(SkipReason::MissingRequired, date_col, line);
            return;
        };

        let quantity = match self.number(record, OrderField::Quantity) {
            Ok(Some(q)) => q,
            Ok(None) => {
                self.skip(
                    SkipReason::MissingRequired,
                    self.column(OrderField::Quantity),
                    line,
                );
                return;
            }
            Err(column) => {
                self.skip(SkipReason::BadNumber, column, line);
                return;
            }
        };
        let unit_price = match (
            self.number(record, OrderField::UnitPrice),
            self.number(record, OrderField::LineTotal),
        ) {
            (Err(column), _) => {
                self.skip(SkipReason::BadNumber, column, line);
                return;
            }
            (Ok(Some(p)), _) => p,
            (Ok(None), Err(column)) => {
                self.skip(SkipReason::BadNumber, column, line);
                return;
            }
            (Ok(None), Ok(Some(total))) if quantity != 0.0 => total / quantity,
            (Ok(None), Ok(_)) => {
                let column = self
                    .column(OrderField::UnitPrice)
                    .or(self.column(OrderField::LineTotal));
                self.skip(SkipReason::MissingRequired, column, line);
                return;
            }
        };

        // Order-level fields: read when present, else inherited from the order's earlier lines.
        let (raw_customer, _) = self.cell(record, OrderField::CustomerId);
        if let Some(c) = customer_id(raw_customer) {
            self.context.customer = Some(self.orders.customer_ids.intern(c));
        }
        let (raw_status, _) = self.cell(record, OrderField::Status);
        if let Some(s) = status_of(raw_status) {
            self.context.status = s;
        }
        let (cancelled_at, _) = self.cell(record, OrderField::CancelledAt);
        if !values::is_missing(cancelled_at) {
            self.context.status = LineStatus::Cancelled;
        }
        if let Ok(Some(refunded)) = self.number(record, OrderField::RefundedAmount) {
            if refunded > 0.0 && self.context.status == LineStatus::Paid {
                self.context.status = LineStatus::Refunded;
            }
        }
        let (region, _) = self.cell(record, OrderField::Region);
        if !values::is_missing(region) {
            self.context.region = Some(self.orders.regions.intern(region));
        }
        let (channel, _) = self.cell(record, OrderField::Channel);
        if !values::is_missing(channel) {
            self.context.channel = Some(self.orders.channels.intern(channel));
        }
        let status = if self.c_prefix_cancels && order_id.starts_with(['C', 'c']) {
            LineStatus::Cancelled
        } else {
            self.context.status
        };

        let (sku_text, _) = self.cell(record, OrderField::Sku);
        let (name, _) = self.cell(record, OrderField::ProductName);
        let sku_text = if sku_text.is_empty() { name } else { sku_text };
        let sku = self.orders.skus.intern(sku_text);
        if self.product_seen.len() <= sku as usize {
            self.product_seen.resize(sku as usize + 1, false);
        }
        if !self.product_seen[sku as usize] && !sku_text.is_empty() {
            self.product_seen[sku as usize] = true;
            let (category, _) = self.cell(record, OrderField::Category);
            self.products.push(Product {
                sku: sku_text.to_owned(),
                name: LocalText::new(name, name),
                category: LocalText::new(category, category),
            });
        }
        let day = placed_at.date();
        self.date_range = Some(match self.date_range {
            None => (day, day),
            Some((lo, hi)) => (lo.min(day), hi.max(day)),
        });
        self.context.placed_at = Some(placed_at);
        self.orders.push_ids(LineRef {
            order,
            placed_at,
            customer: self.context.customer,
            sku,
            quantity,
            unit_price,
            status,
            channel: self.context.channel,
            region: self.context.region,
        });
    }
}
