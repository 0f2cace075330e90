//! The typed tables of the domain brief: orders (订单明细), traffic (流量), marketing (推广花费)
//! and inventory (库存/SKU), plus the product catalogue they refer to.
//!
//! Every importer and the demo store produce a [`Dataset`]; every report and simulation reads one.
//! Money is `f64` in the dataset's currency; dates are calendar dates in the data's own time zone.

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// A text the demo store knows in both languages. Imported data carries one language: both
/// fields then hold the same text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalText {
    /// English.
    pub en: String,
    /// 简体中文.
    pub zh: String,
}

impl LocalText {
    /// A text given in both languages.
    pub fn new(en: &str, zh: &str) -> Self {
        Self {
            en: en.to_owned(),
            zh: zh.to_owned(),
        }
    }
}

/// What happened to an order line after it was placed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineStatus {
    /// Paid and kept.
    #[default]
    Paid,
    /// Cancelled before fulfilment: not a valid line, its value counts as returns (退款额).
    Cancelled,
    /// Paid, then refunded: counted in GMV and again in returns value.
    Refunded,
}

/// Interned strings: each distinct value is stored once and rows hold its `u32` id, so a table
/// of half a million order lines keeps a few thousand strings, not millions.
///
/// Interning is the hottest step of an import after splitting records, and its cost is cache
/// misses, not arithmetic. So the values live end to end in one buffer, and the index — a
/// `hashbrown::HashTable` hashed with FxHash — holds each value's id, offset and length
/// inline: a lookup touches the table and the candidate's bytes, nothing else.
#[derive(Clone, Default)]
pub struct Interner {
    /// Every value, end to end.
    bytes: String,
    /// Where value `id` lies in `bytes`.
    spans: Vec<(u32, u32)>,
    index: hashbrown::HashTable<Entry>,
}

/// An index entry: a value's id and where its bytes are.
#[derive(Clone, Copy)]
struct Entry {
    id: u32,
    start: u32,
    len: u32,
}

impl std::fmt::Debug for Interner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries((0..self.len() as u32).map(|id| self.get(id)))
            .finish()
    }
}

impl PartialEq for Interner {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && (0..self.len() as u32).all(|id| self.get(id) == other.get(id))
    }
}

/// Whether two byte strings are equal, for the short values an import compares on every row
/// (SKUs, order and customer ids, countries, timestamps, product names). It compares
/// fixed-size loads instead of calling `memcmp`, whose call costs more than the comparison at
/// these lengths: up to 16 bytes two overlapping loads from each end, then eight bytes at a
/// time with an overlapping last word. perf: `memcmp` was 7 % of a native import of Online
/// Retail; in WebAssembly, where LLVM never inlines `memcmp` and the builtin compares byte by
/// byte, values over 16 bytes (timestamps such as `2010-12-01 08:26:00`, product names) still
/// made it 4 % of the import until the word loop took them too.
#[inline]
pub fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    // `x[..k]` and `x[n - k..]` of a slice of length n ≥ k: the first and last k bytes, which
    // together cover all n ≤ 2k bytes.
    fn ends<const K: usize>(x: &[u8]) -> ([u8; K], [u8; K]) {
        let n = x.len();
        let mut head = [0u8; K];
        let mut tail = [0u8; K];
        head.copy_from_slice(&x[..K]);
        tail.copy_from_slice(&x[n - K..]);
        (head, tail)
    }
    // The eight bytes of `x` from `at` as one word (`at + 8 <= x.len()`).
    fn word(x: &[u8], at: usize) -> u64 {
        let mut w = [0u8; 8];
        w.copy_from_slice(&x[at..at + 8]);
        u64::from_le_bytes(w)
    }
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => ends::<4>(a) == ends::<4>(b),
        8..=16 => ends::<8>(a) == ends::<8>(b),
        _ => {
            // Whole words, then the last eight bytes (overlapping the last word compared).
            let mut at = 0;
            while at + 8 < n {
                if word(a, at) != word(b, at) {
                    return false;
                }
                at += 8;
            }
            word(a, n - 8) == word(b, n - 8)
        }
    }
}

#[inline]
fn fx_hash(value: &[u8]) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = rustc_hash::FxBuildHasher.build_hasher();
    hasher.write(value);
    hasher.finish()
}

impl Interner {
    /// The id of `value`, adding it when new.
    pub fn intern(&mut self, value: &str) -> u32 {
        let key = value.as_bytes();
        let hash = fx_hash(key);
        let bytes = self.bytes.as_bytes();
        let found = self.index.find(hash, |e| {
            e.len as usize == key.len()
                && bytes
                    .get(e.start as usize..(e.start + e.len) as usize)
                    .is_some_and(|v| same_bytes(v, key))
        });
        if let Some(e) = found {
            return e.id;
        }
        let entry = Entry {
            id: self.spans.len() as u32,
            start: self.bytes.len() as u32,
            len: key.len() as u32,
        };
        self.bytes.push_str(value);
        self.spans.push((entry.start, entry.len));
        let bytes = self.bytes.as_bytes();
        self.index.insert_unique(hash, entry, |e| {
            fx_hash(
                bytes
                    .get(e.start as usize..(e.start + e.len) as usize)
                    .unwrap_or_default(),
            )
        });
        entry.id
    }

    /// The value of an id (empty for an id this interner never gave).
    pub fn get(&self, id: u32) -> &str {
        self.spans
            .get(id as usize)
            .and_then(|(start, len)| self.bytes.get(*start as usize..(*start + *len) as usize))
            .unwrap_or("")
    }

    /// Number of distinct values.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether no value was interned.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

/// Saved as the list of its values in id order (a pack or a saved workspace); read back by
/// interning them again, which rebuilds the index and refuses a list with a repeated value
/// (the ids of the rows would no longer match).
impl Serialize for Interner {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((0..self.len() as u32).map(|id| self.get(id)))
    }
}

impl<'de> Deserialize<'de> for Interner {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let values: Vec<String> = Vec::deserialize(deserializer)?;
        let mut interner = Interner::default();
        for value in &values {
            interner.intern(value);
        }
        if interner.len() != values.len() {
            return Err(serde::de::Error::custom(
                "a list of distinct values repeats a value",
            ));
        }
        Ok(interner)
    }
}

/// One order line (订单明细的一行) as given to [`OrderTable::push`].
#[derive(Clone, Debug, PartialEq)]
pub struct OrderLine<'a> {
    /// Order id; several lines share one.
    pub order_id: &'a str,
    /// When the order was placed, in the data's own time zone.
    pub placed_at: NaiveDateTime,
    /// Customer id; `None` for guest orders, which customer metrics exclude.
    pub customer_id: Option<&'a str>,
    /// Stock-keeping unit.
    pub sku: &'a str,
    /// Units; negative on return lines of exports such as UCI Online Retail.
    pub quantity: f64,
    /// Price per unit actually charged.
    pub unit_price: f64,
    /// Line status.
    pub status: LineStatus,
    /// Traffic channel or source of the order, when known.
    pub channel: Option<&'a str>,
    /// Country or region, when known.
    pub region: Option<&'a str>,
}

/// One row of an [`OrderTable`], with its strings as ids into the table's interners.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LineRef {
    /// Id of the order id.
    pub order: u32,
    /// When the order was placed.
    pub placed_at: NaiveDateTime,
    /// Id of the customer id, if any.
    pub customer: Option<u32>,
    /// Id of the SKU.
    pub sku: u32,
    /// Units.
    pub quantity: f64,
    /// Price per unit.
    pub unit_price: f64,
    /// Line status.
    pub status: LineStatus,
    /// Id of the channel, if any.
    pub channel: Option<u32>,
    /// Id of the region, if any.
    pub region: Option<u32>,
}

impl LineRef {
    /// The line's value: quantity × unit price.
    pub fn value(&self) -> f64 {
        self.quantity * self.unit_price
    }

    /// Whether the line is valid in the domain brief's sense: not cancelled, quantity > 0 and
    /// unit price > 0.
    pub fn is_valid(&self) -> bool {
        self.status != LineStatus::Cancelled && self.quantity > 0.0 && self.unit_price > 0.0
    }

    /// Whether the line's value counts as returns (退款额): cancelled or refunded lines, and
    /// lines with a negative quantity.
    pub fn is_return(&self) -> bool {
        self.status != LineStatus::Paid || self.quantity < 0.0
    }
}

/// The orders table, stored by column with interned strings: compact, fast to scan, and cheap
/// to build while a file streams in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrderTable {
    /// Distinct order ids.
    pub order_ids: Interner,
    /// Distinct customer ids.
    pub customer_ids: Interner,
    /// Distinct SKUs.
    pub skus: Interner,
    /// Distinct channels.
    pub channels: Interner,
    /// Distinct regions.
    pub regions: Interner,
    /// The rows are aggregates (day × SKU with units and revenue), not order lines: order-
    /// and customer-level metrics cannot be computed from them.
    pub aggregated: bool,
    order: Vec<u32>,
    placed_at: Vec<NaiveDateTime>,
    // Optional ids are stored as `NO_ID` for `None`: half the size of `Option<u32>`, which
    // matters for the ten-million-line imports the streamed reader allows.
    customer: Vec<u32>,
    sku: Vec<u32>,
    quantity: Vec<f64>,
    unit_price: Vec<f64>,
    status: Vec<LineStatus>,
    channel: Vec<u32>,
    region: Vec<u32>,
    /// The lines by day, built on first use once the table is complete (see [`DayIndex`]).
    by_day: DayIndexCache,
}

/// The lines of an [`OrderTable`] in date order: row numbers sorted by day (a counting sort,
/// stable, so lines of one day keep their file order), and where each day starts. A period's
/// lines are then one slice, so the review's passes over a month read a month, not the file.
#[derive(Clone, Debug, Default)]
pub struct DayIndex {
    /// Row numbers, by day.
    rows: Vec<u32>,
    /// Each day with lines, and the position in `rows` where its lines start.
    days: Vec<(NaiveDate, u32)>,
}

impl DayIndex {
    fn build(placed_at: &[NaiveDateTime]) -> Self {
        let Some(first) = placed_at.iter().map(|t| t.date()).min() else {
            return Self::default();
        };
        let last = placed_at.iter().map(|t| t.date()).max().unwrap_or(first);
        let span = (last - first).num_days() as usize + 1;
        let mut rows: Vec<u32> = (0..placed_at.len() as u32).collect();
        if span <= 4 * placed_at.len().max(1_000_000) {
            // Counting sort by day number: linear, and stable.
            let mut count = vec![0u32; span + 1];
            for t in placed_at {
                count[(t.date() - first).num_days() as usize + 1] += 1;
            }
            for d in 1..count.len() {
                count[d] += count[d - 1];
            }
            let mut next = count.clone();
            for (row, t) in placed_at.iter().enumerate() {
                let d = (t.date() - first).num_days() as usize;
                rows[next[d] as usize] = row as u32;
                next[d] += 1;
            }
        } else {
            // Dates centuries apart (a typing error in a file): sort instead.
            rows.sort_by_key(|r| placed_at[*r as usize].date());
        }
        let mut days: Vec<(NaiveDate, u32)> = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            let d = placed_at[*r as usize].date();
            if days.last().is_none_or(|(last, _)| *last != d) {
                days.push((d, i as u32));
            }
        }
        Self { rows, days }
    }

    /// The row numbers of the lines placed from `from` to `to`, both included, by day.
    fn rows_between(&self, from: NaiveDate, to: NaiveDate) -> &[u32] {
        let start = self.days.partition_point(|(d, _)| *d < from);
        let end = self.days.partition_point(|(d, _)| *d <= to);
        let at = |i: usize| {
            self.days
                .get(i)
                .map_or(self.rows.len(), |(_, s)| *s as usize)
        };
        self.rows.get(at(start)..at(end)).unwrap_or(&[])
    }
}

/// The lazily built [`DayIndex`]; reset by every change to the table, equal to any other
/// (it is derived data).
#[derive(Clone, Debug, Default)]
struct DayIndexCache(std::sync::OnceLock<DayIndex>);

impl PartialEq for DayIndexCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// The orders table as saved in a pack or a saved workspace: its interned values and one
/// vector per column, dates as microseconds since 1970-01-01 00:00.
#[derive(Serialize)]
struct OrderColumnsRef<'a> {
    order_ids: &'a Interner,
    customer_ids: &'a Interner,
    skus: &'a Interner,
    channels: &'a Interner,
    regions: &'a Interner,
    aggregated: bool,
    order: &'a [u32],
    placed_at: Vec<i64>,
    customer: &'a [u32],
    sku: &'a [u32],
    quantity: &'a [f64],
    unit_price: &'a [f64],
    status: &'a [LineStatus],
    channel: &'a [u32],
    region: &'a [u32],
}

/// [`OrderColumnsRef`], owned, as read back.
#[derive(Deserialize)]
struct OrderColumns {
    order_ids: Interner,
    customer_ids: Interner,
    skus: Interner,
    channels: Interner,
    regions: Interner,
    aggregated: bool,
    order: Vec<u32>,
    placed_at: Vec<i64>,
    customer: Vec<u32>,
    sku: Vec<u32>,
    quantity: Vec<f64>,
    unit_price: Vec<f64>,
    status: Vec<LineStatus>,
    channel: Vec<u32>,
    region: Vec<u32>,
}

impl Serialize for OrderTable {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        OrderColumnsRef {
            order_ids: &self.order_ids,
            customer_ids: &self.customer_ids,
            skus: &self.skus,
            channels: &self.channels,
            regions: &self.regions,
            aggregated: self.aggregated,
            order: &self.order,
            placed_at: self
                .placed_at
                .iter()
                .map(|t| t.and_utc().timestamp_micros())
                .collect(),
            customer: &self.customer,
            sku: &self.sku,
            quantity: &self.quantity,
            unit_price: &self.unit_price,
            status: &self.status,
            channel: &self.channel,
            region: &self.region,
        }
        .serialize(serializer)
    }
}

/// Read back with every invariant the rest of the engine relies on checked: the columns have
/// one value per line, every id names a value (or is the missing id where a field is
/// optional), every date is a date and every number is finite. A damaged or hand-edited pack
/// is refused with the first broken rule instead of panicking later.
impl<'de> Deserialize<'de> for OrderTable {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let c = OrderColumns::deserialize(deserializer)?;
        let n = c.order.len();
        let lengths = [
            ("placed_at", c.placed_at.len()),
            ("customer", c.customer.len()),
            ("sku", c.sku.len()),
            ("quantity", c.quantity.len()),
            ("unit_price", c.unit_price.len()),
            ("status", c.status.len()),
            ("channel", c.channel.len()),
            ("region", c.region.len()),
        ];
        if let Some((name, len)) = lengths.iter().find(|(_, len)| *len != n) {
            return Err(D::Error::custom(format!(
                "the orders column {name} has {len} values for {n} lines"
            )));
        }
        let ids_ok = |ids: &[u32], values: &Interner, optional: bool| {
            ids.iter()
                .all(|&id| (id as usize) < values.len() || (optional && id == NO_ID))
        };
        let checks = [
            ("order", ids_ok(&c.order, &c.order_ids, false)),
            ("customer", ids_ok(&c.customer, &c.customer_ids, true)),
            ("sku", ids_ok(&c.sku, &c.skus, false)),
            ("channel", ids_ok(&c.channel, &c.channels, true)),
            ("region", ids_ok(&c.region, &c.regions, true)),
        ];
        if let Some((name, _)) = checks.iter().find(|(_, ok)| !ok) {
            return Err(D::Error::custom(format!(
                "the orders column {name} names a value that is not in its list"
            )));
        }
        if !c
            .quantity
            .iter()
            .chain(&c.unit_price)
            .all(|v| v.is_finite())
        {
            return Err(D::Error::custom(
                "an order line has a quantity or price that is not a finite number",
            ));
        }
        // Years 1000–9999, what an import can produce: a date far outside would make the
        // daily series the simulators build (one entry per day) exhaust the tab's memory.
        use chrono::Datelike;
        let placed_at = c
            .placed_at
            .iter()
            .map(|&micros| {
                chrono::DateTime::from_timestamp_micros(micros)
                    .map(|t| t.naive_utc())
                    .filter(|t| (1000..=9999).contains(&t.year()))
            })
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                D::Error::custom("an order line's date is out of range (years 1000–9999)")
            })?;
        Ok(OrderTable {
            order_ids: c.order_ids,
            customer_ids: c.customer_ids,
            skus: c.skus,
            channels: c.channels,
            regions: c.regions,
            aggregated: c.aggregated,
            order: c.order,
            placed_at,
            customer: c.customer,
            sku: c.sku,
            quantity: c.quantity,
            unit_price: c.unit_price,
            status: c.status,
            channel: c.channel,
            region: c.region,
            by_day: DayIndexCache::default(),
        })
    }
}

/// The stored form of a missing optional id.
const NO_ID: u32 = u32::MAX;

fn pack(id: Option<u32>) -> u32 {
    id.unwrap_or(NO_ID)
}

fn unpack(id: u32) -> Option<u32> {
    (id != NO_ID).then_some(id)
}

impl OrderTable {
    /// An empty table; `aggregated` when its rows will be day × SKU aggregates.
    pub fn new(aggregated: bool) -> Self {
        Self {
            aggregated,
            ..Self::default()
        }
    }

    /// A table of the given lines.
    pub fn from_lines(lines: &[OrderLine<'_>]) -> Self {
        let mut table = Self::default();
        for line in lines {
            table.push(line);
        }
        table
    }

    /// Appends a line, interning its strings.
    pub fn push(&mut self, line: &OrderLine<'_>) {
        let row = LineRef {
            order: self.order_ids.intern(line.order_id),
            placed_at: line.placed_at,
            customer: line.customer_id.map(|c| self.customer_ids.intern(c)),
            sku: self.skus.intern(line.sku),
            quantity: line.quantity,
            unit_price: line.unit_price,
            status: line.status,
            channel: line.channel.map(|c| self.channels.intern(c)),
            region: line.region.map(|r| self.regions.intern(r)),
        };
        self.push_ids(row);
    }

    /// Appends a line whose strings are already interned in this table.
    pub fn push_ids(&mut self, line: LineRef) {
        if self.by_day.0.get().is_some() {
            self.by_day = DayIndexCache::default();
        }
        self.order.push(line.order);
        self.placed_at.push(line.placed_at);
        self.customer.push(pack(line.customer));
        self.sku.push(line.sku);
        self.quantity.push(line.quantity);
        self.unit_price.push(line.unit_price);
        self.status.push(line.status);
        self.channel.push(pack(line.channel));
        self.region.push(pack(line.region));
    }

    /// Sets line `i`'s date and time (the import resolves `01/03/2024`-style dates once the
    /// whole column has been read).
    pub fn set_placed_at(&mut self, i: usize, placed_at: NaiveDateTime) {
        if self.by_day.0.get().is_some() {
            self.by_day = DayIndexCache::default();
        }
        if let Some(slot) = self.placed_at.get_mut(i) {
            *slot = placed_at;
        }
    }

    /// Keeps the lines whose `keep` entry is true (lines past `keep`'s end are kept).
    pub fn retain(&mut self, keep: &[bool]) {
        self.by_day = DayIndexCache::default();
        fn filter<T: Copy>(column: &mut Vec<T>, keep: &[bool]) {
            let mut i = 0;
            column.retain(|_| {
                let k = keep.get(i).copied().unwrap_or(true);
                i += 1;
                k
            });
        }
        filter(&mut self.order, keep);
        filter(&mut self.placed_at, keep);
        filter(&mut self.customer, keep);
        filter(&mut self.sku, keep);
        filter(&mut self.quantity, keep);
        filter(&mut self.unit_price, keep);
        filter(&mut self.status, keep);
        filter(&mut self.channel, keep);
        filter(&mut self.region, keep);
    }

    /// Appends every line of `other`, re-interning its strings (for several files of orders).
    pub fn append(&mut self, other: &OrderTable) {
        for line in other.lines() {
            self.push(&line);
        }
        self.aggregated |= other.aggregated;
    }

    /// Reserves room for `rows` more lines.
    pub fn reserve(&mut self, rows: usize) {
        self.order.reserve(rows);
        self.placed_at.reserve(rows);
        self.customer.reserve(rows);
        self.sku.reserve(rows);
        self.quantity.reserve(rows);
        self.unit_price.reserve(rows);
        self.status.reserve(rows);
        self.channel.reserve(rows);
        self.region.reserve(rows);
    }

    /// Frees spare capacity when it is a large share of a column: the columns grow by doubling
    /// when a file's size gave no estimate, and an estimate may be far off. The usual spare room
    /// (an estimate from the first rows, plus an eighth) is kept: shrinking moves the column
    /// (WebAssembly's allocator cannot shorten a large block in place), which took ~20 ms for
    /// Online Retail in the browser and briefly needs the table's memory twice.
    pub fn shrink_to_fit(&mut self) {
        fn shrink<T>(column: &mut Vec<T>) {
            if column.capacity() > column.len() + column.len() / 4 {
                column.shrink_to_fit();
            }
        }
        shrink(&mut self.order);
        shrink(&mut self.placed_at);
        shrink(&mut self.customer);
        shrink(&mut self.sku);
        shrink(&mut self.quantity);
        shrink(&mut self.unit_price);
        shrink(&mut self.status);
        shrink(&mut self.channel);
        shrink(&mut self.region);
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether the table has no line.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Line `i`, if it exists.
    pub fn get(&self, i: usize) -> Option<LineRef> {
        Some(LineRef {
            order: *self.order.get(i)?,
            placed_at: self.placed_at[i],
            customer: unpack(self.customer[i]),
            sku: self.sku[i],
            quantity: self.quantity[i],
            unit_price: self.unit_price[i],
            status: self.status[i],
            channel: unpack(self.channel[i]),
            region: unpack(self.region[i]),
        })
    }

    /// Line `i` with its strings resolved, if it exists.
    pub fn line(&self, i: usize) -> Option<OrderLine<'_>> {
        self.get(i).map(|l| self.resolve(&l))
    }

    /// The lines placed in `period` (both ends included), in date order, lines of one day in
    /// file order. Uses the [`DayIndex`], built on the first call.
    pub fn iter_period(
        &self,
        period: crate::engine::kpi::Period,
    ) -> impl Iterator<Item = LineRef> + '_ {
        let index = self
            .by_day
            .0
            .get_or_init(|| DayIndex::build(&self.placed_at));
        let n = self.len();
        let (order, placed_at, customer, sku) = (
            &self.order[..n],
            &self.placed_at[..n],
            &self.customer[..n],
            &self.sku[..n],
        );
        let (quantity, unit_price, status) = (
            &self.quantity[..n],
            &self.unit_price[..n],
            &self.status[..n],
        );
        let (channel, region) = (&self.channel[..n], &self.region[..n]);
        index
            .rows_between(period.from, period.to)
            .iter()
            .map(|r| *r as usize)
            .filter(move |i| *i < n)
            .map(move |i| LineRef {
                order: order[i],
                placed_at: placed_at[i],
                customer: unpack(customer[i]),
                sku: sku[i],
                quantity: quantity[i],
                unit_price: unit_price[i],
                status: status[i],
                channel: unpack(channel[i]),
                region: unpack(region[i]),
            })
    }

    /// Every line, in order. Every report loops over this, so it is written for speed: the
    /// columns are cut to one length first, which lets the compiler drop the bounds checks.
    pub fn iter(&self) -> impl Iterator<Item = LineRef> + '_ {
        let n = self.len();
        let (order, placed_at, customer, sku) = (
            &self.order[..n],
            &self.placed_at[..n],
            &self.customer[..n],
            &self.sku[..n],
        );
        let (quantity, unit_price, status) = (
            &self.quantity[..n],
            &self.unit_price[..n],
            &self.status[..n],
        );
        let (channel, region) = (&self.channel[..n], &self.region[..n]);
        (0..n).map(move |i| LineRef {
            order: order[i],
            placed_at: placed_at[i],
            customer: unpack(customer[i]),
            sku: sku[i],
            quantity: quantity[i],
            unit_price: unit_price[i],
            status: status[i],
            channel: unpack(channel[i]),
            region: unpack(region[i]),
        })
    }

    /// A line with its strings resolved.
    pub fn resolve(&self, line: &LineRef) -> OrderLine<'_> {
        OrderLine {
            order_id: self.order_id(line),
            placed_at: line.placed_at,
            customer_id: self.customer_id(line),
            sku: self.sku(line),
            quantity: line.quantity,
            unit_price: line.unit_price,
            status: line.status,
            channel: self.channel(line),
            region: self.region(line),
        }
    }

    /// Every line with its strings resolved, in order.
    pub fn lines(&self) -> impl Iterator<Item = OrderLine<'_>> + '_ {
        self.iter().map(|l| self.resolve(&l))
    }

    /// The order id of a line.
    pub fn order_id(&self, line: &LineRef) -> &str {
        self.order_ids.get(line.order)
    }

    /// The customer id of a line.
    pub fn customer_id(&self, line: &LineRef) -> Option<&str> {
        line.customer.map(|c| self.customer_ids.get(c))
    }

    /// The SKU of a line.
    pub fn sku(&self, line: &LineRef) -> &str {
        self.skus.get(line.sku)
    }

    /// The channel of a line.
    pub fn channel(&self, line: &LineRef) -> Option<&str> {
        line.channel.map(|c| self.channels.get(c))
    }

    /// The region of a line.
    pub fn region(&self, line: &LineRef) -> Option<&str> {
        line.region.map(|r| self.regions.get(r))
    }

    /// Every calendar day with a line: first and last, if any (from the [`DayIndex`]).
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        let index = self
            .by_day
            .0
            .get_or_init(|| DayIndex::build(&self.placed_at));
        Some((index.days.first()?.0, index.days.last()?.0))
    }
}

/// A product of the catalogue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Product {
    /// Stock-keeping unit.
    pub sku: String,
    /// Product name.
    pub name: LocalText,
    /// Category.
    pub category: LocalText,
}

/// One row of the traffic table (流量): one day (× channel × device × product). Steps a report
/// does not have are `None`, not zero: the funnel shows only the steps the data has.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrafficRow {
    /// Calendar day; `None` for a report of one period without dates (Amazon's by-ASIN report).
    pub date: Option<NaiveDate>,
    /// Traffic channel (empty when the report is not split by channel).
    pub channel: String,
    /// Device (empty when not split by device).
    pub device: String,
    /// Product (SKU, platform product id or ASIN) for per-product reports; empty for the shop.
    pub sku: String,
    /// Visitors or sessions (访客数).
    pub visitors: u64,
    /// Page views (浏览量).
    pub page_views: Option<u64>,
    /// Visitors who viewed a product (商品浏览).
    pub product_views: Option<u64>,
    /// Visitors who added to cart (加购人数).
    pub add_to_cart: Option<u64>,
    /// Visitors who reached checkout (下单).
    pub checkout: Option<u64>,
    /// Paid orders (支付订单数).
    pub orders: Option<u64>,
    /// Paying buyers (支付买家数).
    pub paying_buyers: Option<u64>,
    /// Units sold (支付件数).
    pub units: Option<u64>,
    /// Paid revenue (支付金额).
    pub revenue: Option<f64>,
}

/// One row of the marketing table (推广花费): one period × channel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarketingRow {
    /// First day of the period (a day or a week).
    pub date: NaiveDate,
    /// Marketing channel.
    pub channel: String,
    /// Spend in the period.
    pub spend: f64,
    /// Impressions.
    pub impressions: Option<u64>,
    /// Clicks.
    pub clicks: Option<u64>,
    /// Revenue the channel's platform attributes to it.
    pub attributed_revenue: Option<f64>,
    /// Orders the channel's platform attributes to it.
    pub attributed_orders: Option<f64>,
}

/// The shop's revenue in one period, as a marketing-mix sheet gives it next to the spend.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodRevenue {
    /// First day of the period.
    pub date: NaiveDate,
    /// Revenue of the period.
    pub revenue: f64,
}

/// One row of the inventory sheet (库存): one SKU. What the sheet does not give is `None`; the
/// inventory page then uses defaults the user can edit, labelled as assumptions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InventoryRow {
    /// Stock-keeping unit.
    pub sku: String,
    /// Product name, when the sheet has one.
    pub name: String,
    /// Category, when the sheet has one.
    pub category: String,
    /// Units on hand (negative in ERPs that allow back-orders).
    pub on_hand: f64,
    /// Unit cost.
    pub unit_cost: Option<f64>,
    /// Current list price.
    pub price: Option<f64>,
    /// Mean replenishment lead time in days.
    pub lead_time_days: Option<f64>,
    /// Standard deviation of the lead time in days.
    pub lead_time_sd_days: Option<f64>,
    /// Fixed cost of placing one purchase order.
    pub order_cost: Option<f64>,
    /// Holding cost per year as a share of unit cost.
    pub holding_cost_rate: Option<f64>,
    /// Minimum order quantity.
    pub moq: Option<f64>,
    /// The shop's current reorder point s (minimum stock): it orders when stock falls to it.
    pub reorder_point: Option<f64>,
    /// The shop's current fixed order quantity Q.
    pub order_quantity: Option<f64>,
    /// The shop's current order-up-to level S (maximum stock).
    pub max_stock: Option<f64>,
}

/// Where a table of the dataset came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TableSource {
    /// No data of this kind is loaded.
    #[default]
    None,
    /// The demo store.
    Demo,
    /// Imported files, by name, in the order they were added.
    Files(Vec<String>),
}

/// The four tables of one shop, with its catalogue.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dataset {
    /// The dataset's name as shown in the header.
    pub name: LocalText,
    /// ISO 4217 code of the currency the money columns are in.
    pub currency: String,
    /// Products by SKU.
    pub products: Vec<Product>,
    /// Order lines, in file (or time) order. Shared, not copied, with the import it came from.
    pub orders: Arc<OrderTable>,
    /// Traffic by day × channel × device.
    pub traffic: Vec<TrafficRow>,
    /// Marketing by period × channel.
    pub marketing: Vec<MarketingRow>,
    /// The shop's revenue by period, when a marketing-mix sheet gives it.
    pub period_revenue: Vec<PeriodRevenue>,
    /// Inventory by SKU.
    pub inventory: Vec<InventoryRow>,
    /// Where each table came from: orders, traffic, marketing, inventory.
    pub sources: [TableSource; 4],
}

impl Default for LocalText {
    fn default() -> Self {
        Self::new("", "")
    }
}

impl Dataset {
    /// Whether table `index` (0 orders, 1 traffic, 2 marketing, 3 inventory, as in
    /// [`Dataset::sources`]) is the demo store's while the orders come from the user's files.
    /// Its numbers are another shop's: the review leaves it out rather than set the demo's
    /// visitors or spend against the user's orders.
    pub fn is_demo_beside_imported_orders(&self, index: usize) -> bool {
        matches!(self.sources[0], TableSource::Files(_))
            && matches!(self.sources.get(index), Some(TableSource::Demo))
    }

    /// First and last calendar day with an order line, if any.
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.orders.date_range()
    }
}

#[cfg(test)]
mod day_index_tests {
    use super::*;
    use crate::engine::kpi::Period;

    #[test]
    fn a_periods_lines_are_its_days_in_date_then_file_order() {
        let at = |d: u32, h: u32| {
            NaiveDate::from_ymd_opt(2024, 3, d)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
        };
        let line = |id: &'static str, t| OrderLine {
            order_id: id,
            placed_at: t,
            customer_id: None,
            sku: "s",
            quantity: 1.0,
            unit_price: 1.0,
            status: LineStatus::Paid,
            channel: None,
            region: None,
        };
        let mut table = OrderTable::from_lines(&[
            line("a", at(5, 9)),
            line("b", at(1, 9)),
            line("c", at(5, 8)),
            line("d", at(3, 9)),
            line("e", at(9, 9)),
        ]);
        let ids = |t: &OrderTable, from: u32, to: u32| -> Vec<String> {
            let period = Period {
                from: NaiveDate::from_ymd_opt(2024, 3, from).unwrap(),
                to: NaiveDate::from_ymd_opt(2024, 3, to).unwrap(),
            };
            t.iter_period(period)
                .map(|l| t.order_id(&l).to_owned())
                .collect()
        };
        assert_eq!(ids(&table, 1, 31), ["b", "d", "a", "c", "e"]);
        assert_eq!(ids(&table, 2, 5), ["d", "a", "c"]);
        assert!(ids(&table, 6, 8).is_empty());
        // A change to the table rebuilds the index.
        table.push(&line("f", at(6, 1)));
        assert_eq!(ids(&table, 6, 8), ["f"]);
        table.set_placed_at(0, at(20, 0));
        assert_eq!(ids(&table, 2, 5), ["d", "c"]);
    }
}

#[cfg(test)]
mod same_bytes_tests {
    use super::same_bytes;
    use crate::engine::random::Rand;

    /// Against the slice comparison, on every pair of lengths 0–80 with strings that differ in
    /// one random byte (or not at all): each byte position of each length class is exercised,
    /// and the word loop runs up to ten words.
    #[test]
    fn agrees_with_slice_equality() {
        let mut rng = Rand::new(7);
        for len_a in 0..80usize {
            for len_b in [len_a, len_a + 1, len_a.saturating_sub(1)] {
                for _ in 0..50 {
                    let a: Vec<u8> = (0..len_a).map(|_| b'a' + rng.below(3) as u8).collect();
                    let mut b: Vec<u8> = a.iter().copied().chain([b'a']).take(len_b).collect();
                    if !b.is_empty() && rng.chance(0.7) {
                        let at = rng.below(b.len() as u32) as usize;
                        b[at] = b'a' + rng.below(3) as u8;
                    }
                    assert_eq!(same_bytes(&a, &b), a == b, "{a:?} vs {b:?}");
                }
            }
        }
    }
}
