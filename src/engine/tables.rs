//! The typed tables of the domain brief: orders (订单明细), traffic (流量), marketing (推广花费)
//! and inventory (库存/SKU), plus the product catalogue they refer to.
//!
//! Every importer and the demo store produce a [`Dataset`]; every report and simulation reads one.
//! Money is `f64` in the dataset's currency; dates are calendar dates in the data's own time zone.

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

/// One order line (订单明细的一行).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderLine {
    /// Order id; several lines share one.
    pub order_id: String,
    /// When the order was placed, in the data's own time zone.
    pub placed_at: NaiveDateTime,
    /// Customer id; `None` for guest orders, which customer metrics exclude.
    pub customer_id: Option<String>,
    /// Stock-keeping unit.
    pub sku: String,
    /// Units; negative on return lines of exports such as UCI Online Retail.
    pub quantity: f64,
    /// Price per unit actually charged.
    pub unit_price: f64,
    /// Line status.
    pub status: LineStatus,
    /// Traffic channel or source of the order, when known.
    pub channel: Option<String>,
    /// Country or region, when known.
    pub region: Option<String>,
}

impl OrderLine {
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
    /// Order lines, in time order.
    pub orders: Vec<OrderLine>,
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
        let mut days = self.orders.iter().map(|line| line.placed_at.date());
        let first = days.next()?;
        Some(days.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d))))
    }
}
