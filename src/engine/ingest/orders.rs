//! The orders table builder: order lines (or day × SKU aggregates) into the columnar
//! [`OrderTable`], with order-level fields carried down the lines of one order.

use chrono::{NaiveDate, NaiveDateTime};

use super::records::Row;
use super::schema::{self, Field, Mapping};
use super::values::{self, DateCell, DateOrder, NumericDate};
use super::{widen, Cells, Finished, ImportedTable, PendingDates, SkipReason, Skips};
use crate::engine::tables::{same_bytes, LineRef, LineStatus, LocalText, OrderTable, Product};

/// A date as read: fixed, or waiting for the column's day/month order.
#[derive(Clone, Copy)]
enum ReadDate {
    Fixed(NaiveDateTime),
    Numeric(NumericDate),
}

/// Order-level values carried to later lines of the same order, which exports such as
/// Shopify's leave blank.
#[derive(Default)]
struct OrderContext {
    order: Option<u32>,
    placed_at: Option<ReadDate>,
    customer: Option<u32>,
    status: LineStatus,
    region: Option<u32>,
    channel: Option<u32>,
}

/// Whether a SKU's product is in the catalogue being built.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Seen {
    /// Not yet.
    Not,
    /// Yes, at this index of the products, still without a name.
    Nameless(usize),
    /// Yes, named, at this index of the products.
    Named(usize),
}

/// Lines with a name after which a product's name is settled: the name most of its first 16
/// named lines give (a one-off first line, UCI's "mailout" before 895 "JUMBO BAG VINTAGE LEAF",
/// is outvoted), and the lines after it are not compared, which keeps the import's speed.
const NAME_VOTES: u32 = 16;

/// A line whose date is resolved when the file ends.
/// Room for this many pending dates first: in a month-first file the order is settled by the
/// first date whose second part exceeds 12, usually within the first days of data, and the
/// dates after it are resolved as they are read (a US export starting on the 1st of a month
/// leaves the lines of its first twelve days pending, not every line; no room is reserved for
/// the rest, which in the browser is memory kept).
const PENDING_FIRST: usize = 1 << 16;

struct PendingLine {
    row: u32,
    line: u64,
    date: NumericDate,
}

/// Builds the orders table row by row.
pub(super) struct OrderBuilder {
    cells: Cells,
    /// UCI Online Retail marks cancellations with invoice numbers starting with `C`.
    c_prefix_cancels: bool,
    orders: OrderTable,
    products: Vec<Product>,
    /// For each SKU id, whether its product was recorded, and with a name.
    product_seen: Vec<Seen>,
    /// Lines that gave each product (by index) the name it has now.
    name_lines: Vec<u32>,
    /// For each SKU id, whether its name is settled (see [`NAME_VOTES`]).
    settled: Vec<bool>,
    /// For each product (by index), the other names its lines gave, in the order they came,
    /// with their lines: at the end a product takes the name most of its first [`NAME_VOTES`]
    /// named lines give, the first seen on a tie (UCI's 23202 is "mailout" on its first line
    /// and "JUMBO BAG VINTAGE LEAF" on the next 895).
    other_names: Vec<Vec<(String, u32)>>,
    context: OrderContext,
    date_range: Option<(NaiveDate, NaiveDate)>,
    dates: PendingDates,
    pending: Vec<PendingLine>,
    /// The rows [`Self::reserve`] was told to expect: once more than [`PENDING_FIRST`] dates
    /// are pending, the pending dates get room for that many, since then most lines' are (a
    /// file writes its dates one way). Grown by doubling instead, they were copied ~20 times,
    /// 23 ms of an Online Retail import in the browser.
    expected_rows: usize,
    /// The day/month order chosen by the user, if any (then every date is resolved at once).
    chosen_order: Option<DateOrder>,
    /// The last date resolved as it was read, and its value: the lines of one order share it.
    last_resolved: Option<(NumericDate, NaiveDateTime)>,
    /// The last date cell read and its value: the lines of one order share their timestamp.
    last_date: (String, DateCell),
    /// The last order id read and its id.
    last_order: Recent,
    /// The last customer, region and channel read and their ids: the lines of one order share
    /// them, so most lines skip the hash lookup.
    last_customer: Recent,
    last_region: Recent,
    last_channel: Recent,
}

/// The last value interned into one interner, and its id.
#[derive(Default)]
struct Recent(String, Option<u32>);

impl Recent {
    #[inline]
    fn intern(&mut self, value: &str, interner: &mut crate::engine::tables::Interner) -> u32 {
        match self.1 {
            Some(id) if same_bytes(self.0.as_bytes(), value.as_bytes()) => id,
            _ => {
                let id = interner.intern(value);
                self.0.clear();
                self.0.push_str(value);
                self.1 = Some(id);
                id
            }
        }
    }
}

/// Normalises a customer id: spreadsheets turn `17850` into `17850.0`.
fn customer_id(raw: &str) -> Option<&str> {
    let s = values::trim(raw);
    if values::is_missing(s) {
        return None;
    }
    // The suffix is tested byte by byte: `strip_suffix` calls `memcmp` in WebAssembly, on
    // every line of a file whose ids all end in `.0` (Online Retail's).
    let b = s.as_bytes();
    let n = b.len();
    if n >= 2 && b[n - 2] == b'.' && b[n - 1] == b'0' && b[..n - 2].iter().all(u8::is_ascii_digit) {
        return s.get(..n - 2);
    }
    Some(s)
}

/// Reads a status cell: cancelled, refunded or paid.
fn status_of(raw: &str) -> Option<LineStatus> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    let s = s.to_lowercase();
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

impl OrderBuilder {
    /// A builder for rows mapped by `mapping`; `chosen_order` is the day/month order the user
    /// chose for the dates, if any.
    pub(super) fn new(
        headers: &[String],
        mapping: &Mapping,
        cells: Cells,
        chosen_order: Option<DateOrder>,
    ) -> Self {
        let c_prefix_cancels = mapping
            .get(Field::OrderId)
            .and_then(|c| headers.get(c))
            .is_some_and(|h| matches!(schema::normalize(h).as_str(), "invoiceno" | "invoice"));
        Self {
            cells,
            c_prefix_cancels,
            orders: OrderTable::new(mapping.is_aggregated()),
            products: Vec::new(),
            product_seen: Vec::new(),
            name_lines: Vec::new(),
            settled: Vec::new(),
            other_names: Vec::new(),
            context: OrderContext::default(),
            date_range: None,
            dates: PendingDates::default(),
            pending: Vec::new(),
            expected_rows: 0,
            chosen_order,
            last_resolved: None,
            last_date: (String::new(), DateCell::Missing),
            last_order: Recent::default(),
            last_customer: Recent::default(),
            last_region: Recent::default(),
            last_channel: Recent::default(),
        }
    }

    /// Reserves room for about `rows` lines, so the columns do not grow by copying.
    pub(super) fn reserve(&mut self, rows: usize) {
        self.orders.reserve(rows);
        self.expected_rows = rows;
    }

    pub(super) fn mapping(&self) -> Mapping {
        self.cells.mapping()
    }

    /// A date written `a/b/year`, resolved now if the column's order is already certain and it
    /// is a calendar date under that order; else `None`, and it waits for the end of the file.
    /// The order is certain when the user chose it, or once a value's second part exceeds 12:
    /// [`values::DateOrderEvidence::decide`] then says month-first whatever comes after. A date that
    /// is not a calendar date under the order still waits, so that it is counted at the end
    /// like every other, in the same place.
    fn resolve_now(&mut self, n: NumericDate) -> Option<NaiveDateTime> {
        let order = self
            .chosen_order
            .or_else(|| (self.dates.evidence.month_first > 0).then_some(DateOrder::MonthFirst))?;
        if let Some((date, resolved)) = self.last_resolved {
            if date == n {
                return Some(resolved);
            }
        }
        let resolved = n.resolve(order)?;
        widen(&mut self.date_range, resolved.date());
        self.last_resolved = Some((n, resolved));
        Some(resolved)
    }

    fn read_date(&mut self, raw: &str) -> DateCell {
        if !same_bytes(raw.as_bytes(), self.last_date.0.as_bytes()) {
            let cell = values::read_date(raw);
            self.last_date.0.clear();
            self.last_date.0.push_str(raw);
            self.last_date.1 = cell;
        }
        self.last_date.1
    }

    pub(super) fn push(&mut self, row: Row<'_>, skips: &mut Skips) {
        let line = row.line;
        let aggregated = self.orders.aggregated;
        let (order_id, order_col) = self.cells.text(&row, Field::OrderId);
        if order_id.is_empty() && !aggregated {
            skips.skip(SkipReason::MissingRequired, order_col, line);
            return;
        }
        let order = self.last_order.intern(order_id, &mut self.orders.order_ids);
        // Aggregated rows are independent: nothing is carried from one to the next.
        if self.context.order != Some(order) || aggregated {
            self.context = OrderContext {
                order: Some(order),
                ..OrderContext::default()
            };
        }

        // Date: required, inherited within an order.
        let (raw_date, date_col) = self.cells.text(&row, Field::PlacedAt);
        let placed_at = match self.read_date(raw_date) {
            DateCell::Fixed(d) => Some(ReadDate::Fixed(d)),
            DateCell::Numeric(n) => {
                self.dates.note(&DateCell::Numeric(n));
                Some(ReadDate::Numeric(n))
            }
            DateCell::Missing => self.context.placed_at,
            DateCell::Invalid => {
                skips.skip_cell(SkipReason::BadDate, date_col, &row);
                return;
            }
        };
        let Some(placed_at) = placed_at else {
            skips.skip(SkipReason::MissingRequired, date_col, line);
            return;
        };

        let Some(quantity) = self.cells.required_number(&row, Field::Quantity, skips) else {
            return;
        };
        let unit_price = match (
            self.cells.number(&row, Field::UnitPrice),
            self.cells.number(&row, Field::LineTotal),
        ) {
            (Err(column), _) | (Ok(None), Err(column)) => {
                skips.skip_cell(SkipReason::BadNumber, column, &row);
                return;
            }
            (Ok(Some(p)), _) => p,
            (Ok(None), Ok(Some(total))) if quantity != 0.0 => total / quantity,
            (Ok(None), Ok(_)) => {
                let column = self
                    .cells
                    .column(Field::UnitPrice)
                    .or(self.cells.column(Field::LineTotal));
                skips.skip(SkipReason::MissingRequired, column, line);
                return;
            }
        };

        // Order-level fields: read when present, else inherited from the order's earlier lines.
        let (raw_customer, _) = self.cells.text(&row, Field::CustomerId);
        if let Some(c) = customer_id(raw_customer) {
            self.context.customer =
                Some(self.last_customer.intern(c, &mut self.orders.customer_ids));
        }
        let (raw_status, _) = self.cells.text(&row, Field::Status);
        if let Some(s) = status_of(raw_status) {
            self.context.status = s;
        }
        let (cancelled_at, _) = self.cells.text(&row, Field::CancelledAt);
        if !values::is_missing(cancelled_at) {
            self.context.status = LineStatus::Cancelled;
        }
        if let Ok(Some(refunded)) = self.cells.number(&row, Field::RefundedAmount) {
            if refunded > 0.0 && self.context.status == LineStatus::Paid {
                self.context.status = LineStatus::Refunded;
            }
        }
        let (region, _) = self.cells.text(&row, Field::Region);
        if !values::is_missing(region) {
            self.context.region = Some(self.last_region.intern(region, &mut self.orders.regions));
        }
        let (channel, _) = self.cells.text(&row, Field::Channel);
        if !values::is_missing(channel) {
            self.context.channel =
                Some(self.last_channel.intern(channel, &mut self.orders.channels));
        }
        let status = if self.c_prefix_cancels && order_id.starts_with(['C', 'c']) {
            LineStatus::Cancelled
        } else {
            self.context.status
        };

        let (sku_text, _) = self.cells.text(&row, Field::Sku);
        let (name, _) = self.cells.text(&row, Field::ProductName);
        let sku_text = if sku_text.is_empty() { name } else { sku_text };
        let sku = self.orders.skus.intern(sku_text);
        if self.product_seen.len() <= sku as usize {
            self.product_seen.resize(sku as usize + 1, Seen::Not);
            self.settled.resize(sku as usize + 1, false);
        }
        // Most lines are of a product whose name is settled: one byte read, as before names
        // were counted.
        if !self.settled[sku as usize] {
            self.record_product(&row, sku, sku_text, name);
        }
        let stored = match placed_at {
            ReadDate::Fixed(d) => {
                widen(&mut self.date_range, d.date());
                d
            }
            ReadDate::Numeric(n) => match self.resolve_now(n) {
                Some(d) => d,
                None => {
                    if self.pending.len() == PENDING_FIRST {
                        self.pending
                            .reserve(self.expected_rows.saturating_sub(PENDING_FIRST));
                    } else if self.pending.capacity() == 0 {
                        self.pending.reserve(PENDING_FIRST.min(self.expected_rows));
                    }
                    self.pending.push(PendingLine {
                        row: self.orders.len() as u32,
                        line,
                        date: n,
                    });
                    NaiveDateTime::MIN
                }
            },
        };
        self.context.placed_at = Some(placed_at);
        self.orders.push_ids(LineRef {
            order,
            placed_at: stored,
            customer: self.context.customer,
            sku,
            quantity,
            unit_price,
            status,
            channel: self.context.channel,
            region: self.context.region,
        });
    }

    /// Resolves the dates written `a/b/year` under the column's order, drops (and counts) the
    /// lines whose date does not exist under it, and hands over the table.
    /// Records a line's product in the catalogue being built: a product first seen, or the
    /// name a line gives it (the name most lines give wins, see `other_names`). Once
    /// [`NAME_VOTES`] lines have named a product its name is settled and later lines skip this.
    #[inline(never)]
    fn record_product(&mut self, row: &Row<'_>, sku: u32, sku_text: &str, name: &str) {
        match self.product_seen[sku as usize] {
            _ if sku_text.is_empty()
                || name.is_empty() && self.product_seen[sku as usize] != Seen::Not => {}
            Seen::Named(at) => {
                if self.products.get(at).is_some_and(|p| p.name.en == name) {
                    if let Some(n) = self.name_lines.get_mut(at) {
                        *n += 1;
                    }
                } else {
                    if self.other_names.len() <= at {
                        self.other_names.resize_with(at + 1, Vec::new);
                    }
                    if let Some(others) = self.other_names.get_mut(at) {
                        match others.iter_mut().find(|(n, _)| n == name) {
                            Some((_, lines)) => *lines += 1,
                            None => others.push((name.to_owned(), 1)),
                        }
                    }
                }
            }
            Seen::Not => {
                let (category, _) = self.cells.text(row, Field::Category);
                let at = self.products.len();
                self.product_seen[sku as usize] = if name.is_empty() {
                    Seen::Nameless(at)
                } else {
                    Seen::Named(at)
                };
                self.name_lines.push(u32::from(!name.is_empty()));
                self.products.push(Product {
                    sku: sku_text.to_owned(),
                    name: LocalText::new(name, name),
                    category: LocalText::new(category, category),
                });
            }
            // The first line without a name (UCI's 23444 "Next Day Carriage" starts so): the
            // first name seen later names it.
            Seen::Nameless(at) => {
                self.product_seen[sku as usize] = Seen::Named(at);
                if let Some(n) = self.name_lines.get_mut(at) {
                    *n = 1;
                }
                if let Some(product) = self.products.get_mut(at) {
                    product.name = LocalText::new(name, name);
                    if product.category.en.is_empty() {
                        let (category, _) = self.cells.text(row, Field::Category);
                        product.category = LocalText::new(category, category);
                    }
                }
            }
        }
        if let Seen::Named(at) = self.product_seen[sku as usize] {
            let named = self.name_lines.get(at).copied().unwrap_or(0)
                + self
                    .other_names
                    .get(at)
                    .map_or(0, |o| o.iter().map(|(_, n)| *n).sum::<u32>());
            if named >= NAME_VOTES {
                self.settled[sku as usize] = true;
            }
        }
    }

    pub(super) fn finish(mut self, chosen: Option<DateOrder>, skips: &mut Skips) -> Finished {
        let date_order = self.dates.decide(chosen);
        let date_col = self.cells.column(Field::PlacedAt);
        let mut keep: Vec<bool> = Vec::new();
        // The lines of one order share their timestamp: resolve each run of equal dates once
        // (and widen the range once per run).
        let mut last: Option<(NumericDate, Option<NaiveDateTime>)> = None;
        for p in &self.pending {
            let resolved = match last {
                Some((date, resolved)) if date == p.date => resolved,
                _ => {
                    let resolved = p.date.resolve(date_order);
                    if let Some(d) = resolved {
                        widen(&mut self.date_range, d.date());
                    }
                    last = Some((p.date, resolved));
                    resolved
                }
            };
            match resolved {
                Some(d) => self.orders.set_placed_at(p.row as usize, d),
                None => {
                    if keep.is_empty() {
                        keep = vec![true; self.orders.len()];
                    }
                    keep[p.row as usize] = false;
                    skips.skip_with(
                        SkipReason::BadDate,
                        date_col,
                        p.line,
                        DateCell::Numeric(p.date).as_read(),
                    );
                }
            }
        }
        if !keep.is_empty() {
            self.orders.retain(&keep);
        }
        self.orders.shrink_to_fit();
        // Each product takes the name most of its counted lines give, the first seen on a tie.
        for (at, others) in self.other_names.iter().enumerate() {
            let mut most = self.name_lines.get(at).copied().unwrap_or(0);
            let mut chosen = None;
            for (name, lines) in others {
                if *lines > most {
                    (most, chosen) = (*lines, Some(name));
                }
            }
            if let (Some(name), Some(product)) = (chosen, self.products.get_mut(at)) {
                product.name = LocalText::new(name, name);
            }
        }
        Finished {
            table_rows: self.orders.len() as u64,
            table: ImportedTable::Orders {
                orders: std::sync::Arc::new(self.orders),
                products: self.products,
            },
            date_order,
            evidence: self.dates.evidence,
            date_range: self.date_range,
        }
    }
}
