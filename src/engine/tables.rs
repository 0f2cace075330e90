//! The typed tables of the domain brief: orders (订单明细), traffic (流量), marketing (推广花费)
//! and inventory (库存/SKU), plus the product catalogue they refer to.
//!
//! Every importer and the demo store produce a [`Dataset`]; every report and simulation reads one.
//! Money is `f64` in the dataset's currency; dates are calendar dates in the data's own time zone.

use chrono::{NaiveDate, NaiveDateTime};
use rustc_hash::FxHashMap;
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
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Interner {
    values: Vec<String>,
    #[serde(skip)]
    index: FxHashMap<String, u32>,
}

impl PartialEq for Interner {
    fn eq(&self, other: &Self) -> bool {
        self.values == other.values
    }
}

impl Interner {
    /// The id of `value`, adding it when new.
    pub fn intern(&mut self, value: &str) -> u32 {
        if let Some(id) = self.index.get(value) {
            return *id;
        }
        let id = self.values.len() as u32;
        self.values.push(value.to_owned());
        self.index.insert(value.to_owned(), id);
        id
    }

    /// The value of an id (empty for an id this interner never gave).
    pub fn get(&self, id: u32) -> &str {
        self.values.get(id as usize).map_or("", String::as_str)
    }

    /// Number of distinct values.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether no value was interned.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
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
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
    #[serde(default)]
    pub aggregated: bool,
    order: Vec<u32>,
    placed_at: Vec<NaiveDateTime>,
    customer: Vec<Option<u32>>,
    sku: Vec<u32>,
    quantity: Vec<f64>,
    unit_price: Vec<f64>,
    status: Vec<LineStatus>,
    channel: Vec<Option<u32>>,
    region: Vec<Option<u32>>,
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
        self.order.push(line.order);
        self.placed_at.push(line.placed_at);
        self.customer.push(line.customer);
        self.sku.push(line.sku);
        self.quantity.push(line.quantity);
        self.unit_price.push(line.unit_price);
        self.status.push(line.status);
        self.channel.push(line.channel);
        self.region.push(line.region);
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
            customer: self.customer[i],
            sku: self.sku[i],
            quantity: self.quantity[i],
            unit_price: self.unit_price[i],
            status: self.status[i],
            channel: self.channel[i],
            region: self.region[i],
        })
    }

    /// Line `i` with its strings resolved, if it exists.
    pub fn line(&self, i: usize) -> Option<OrderLine<'_>> {
        self.get(i).map(|l| self.resolve(&l))
    }

    /// Every line, in order.
    pub fn iter(&self) -> impl Iterator<Item = LineRef> + '_ {
        (0..self.len()).filter_map(|i| self.get(i))
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

    /// Every calendar day with a line: first and last, if any.
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        let mut days = self.placed_at.iter().map(NaiveDateTime::date);
        let first = days.next()?;
        Some(days.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d))))
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

/// One row of the traffic table (流量): one day × channel × device.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrafficRow {
    /// Calendar day.
    pub date: NaiveDate,
    /// Traffic channel.
    pub channel: String,
    /// Device.
    pub device: String,
    /// Visitors (访客数).
    pub visitors: u64,
    /// Visitors who viewed a product (商品浏览).
    pub product_views: u64,
    /// Visitors who added to cart (加购人数).
    pub add_to_cart: u64,
    /// Visitors who reached checkout (下单).
    pub checkout: u64,
    /// Paid orders (支付订单数).
    pub orders: u64,
    /// Paid revenue of those orders (支付金额).
    pub revenue: f64,
}

/// One row of the marketing table (推广花费): one week × channel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarketingRow {
    /// First day of the period.
    pub week_start: NaiveDate,
    /// Marketing channel.
    pub channel: String,
    /// Spend in the period.
    pub spend: f64,
    /// Impressions.
    pub impressions: u64,
    /// Clicks.
    pub clicks: u64,
    /// Revenue the channel's platform attributes to it.
    pub attributed_revenue: f64,
}

/// One row of the inventory sheet (库存): one SKU.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InventoryRow {
    /// Stock-keeping unit.
    pub sku: String,
    /// Units on hand.
    pub on_hand: u64,
    /// Unit cost.
    pub unit_cost: f64,
    /// Current list price.
    pub price: f64,
    /// Mean replenishment lead time in days.
    pub lead_time_days: f64,
    /// Standard deviation of the lead time in days.
    pub lead_time_sd_days: f64,
    /// Fixed cost of placing one purchase order.
    pub order_cost: f64,
    /// Holding cost per year as a share of unit cost.
    pub holding_cost_rate: f64,
    /// Minimum order quantity.
    pub moq: u64,
}

/// The four tables of one shop, with its catalogue.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    /// The dataset's name as shown in the header.
    pub name: LocalText,
    /// ISO 4217 code of the currency the money columns are in.
    pub currency: String,
    /// Products by SKU.
    pub products: Vec<Product>,
    /// Order lines, in file (or time) order.
    pub orders: OrderTable,
    /// Traffic by day × channel × device.
    pub traffic: Vec<TrafficRow>,
    /// Marketing by week × channel.
    pub marketing: Vec<MarketingRow>,
    /// Inventory by SKU.
    pub inventory: Vec<InventoryRow>,
}

impl Default for LocalText {
    fn default() -> Self {
        Self::new("", "")
    }
}

impl Dataset {
    /// First and last calendar day with an order line, if any.
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.orders.date_range()
    }
}
