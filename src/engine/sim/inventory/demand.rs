//! Daily demand per SKU from the orders, joined with the inventory table.
//!
//! Demand is the units of valid lines ([`crate::engine::tables::LineRef::is_valid`]) per
//! calendar day, from the SKU's first valid sale to the last day of the orders table, days
//! without sales counted as 0 (a SKU launched late is not diluted by days before it existed),
//! less the units of priced lines with a negative quantity (cancellations and returns), taken
//! from their own day's sales and then from the days before, latest first.
//! Mean and sample standard deviation (n − 1; 0 for a single day) are over those days.
//!
//! What the inventory table does not give is taken from [`Defaults`], which the page lets the
//! user edit; [`Assumed`] records which values are defaults.

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::simulate::Policy;
use crate::engine::kpi::Period;
use crate::engine::report::products::{charge_skus, classes, is_charge, Abc, Xyz};
use crate::engine::tables::{Dataset, InventoryRow};

/// Replenishment lead time when the inventory table has none: one week, a common domestic
/// supplier lead time for a small online shop.
pub const DEFAULT_LEAD_TIME_DAYS: f64 = 7.0;
/// Standard deviation of the lead time when the table has none, as a share of the lead time
/// (25 %: the middle of the 10–35 % range the demo store plants).
pub const DEFAULT_LEAD_TIME_SD_SHARE: f64 = 0.25;
/// Fixed cost of placing one purchase order when the table has none (currency units).
pub const DEFAULT_ORDER_COST: f64 = 200.0;
/// Holding cost per year as a share of unit cost when the table has none: 25 %, the usual
/// textbook figure (capital, storage, obsolescence).
pub const DEFAULT_HOLDING_COST_RATE: f64 = 0.25;
/// Unit cost as a share of the mean selling price when the table has no cost: 60 % (a 40 %
/// gross margin).
pub const DEFAULT_COST_SHARE_OF_PRICE: f64 = 0.6;
/// Shortage cost per unit short as a share of unit cost, used when the selling price does not
/// exceed the cost (otherwise the shortage cost is the lost margin, price − cost).
pub const DEFAULT_SHORTAGE_COST_SHARE: f64 = 0.5;

/// The user-editable defaults for what the inventory table does not give.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Defaults {
    /// Lead time in days ([`DEFAULT_LEAD_TIME_DAYS`]).
    pub lead_time_days: f64,
    /// Lead-time standard deviation as a share of the lead time
    /// ([`DEFAULT_LEAD_TIME_SD_SHARE`]).
    pub lead_time_sd_share: f64,
    /// Cost of one purchase order ([`DEFAULT_ORDER_COST`]).
    pub order_cost: f64,
    /// Holding cost per year as a share of unit cost ([`DEFAULT_HOLDING_COST_RATE`]).
    pub holding_cost_rate: f64,
    /// Unit cost as a share of price ([`DEFAULT_COST_SHARE_OF_PRICE`]).
    pub cost_share_of_price: f64,
    /// Shortage cost as a share of unit cost when there is no margin
    /// ([`DEFAULT_SHORTAGE_COST_SHARE`]).
    pub shortage_cost_share: f64,
}

impl Default for Defaults {
    fn default() -> Self {
        Self {
            lead_time_days: DEFAULT_LEAD_TIME_DAYS,
            lead_time_sd_share: DEFAULT_LEAD_TIME_SD_SHARE,
            order_cost: DEFAULT_ORDER_COST,
            holding_cost_rate: DEFAULT_HOLDING_COST_RATE,
            cost_share_of_price: DEFAULT_COST_SHARE_OF_PRICE,
            shortage_cost_share: DEFAULT_SHORTAGE_COST_SHARE,
        }
    }
}

/// Which of a SKU's inputs are defaults, not the inventory table's values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assumed {
    /// No inventory row: on-hand is 0.
    pub on_hand: bool,
    /// Unit cost from the price and [`Defaults::cost_share_of_price`].
    pub unit_cost: bool,
    /// Lead time.
    pub lead_time: bool,
    /// Lead-time spread.
    pub lead_time_sd: bool,
    /// Order cost.
    pub order_cost: bool,
    /// Holding cost rate.
    pub holding_cost_rate: bool,
}

/// One SKU's demand and replenishment inputs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SkuDemand {
    /// Stock-keeping unit.
    pub sku: String,
    /// Product name (the inventory table's, else the catalogue's English one), or empty.
    pub name: String,
    /// The name in Chinese: the catalogue's when it has the product (a demo store or a
    /// bilingual catalogue), else `name`.
    pub name_zh: String,
    /// Units per day from the SKU's first sale to the data's last day (empty without sales).
    pub daily: Vec<f64>,
    /// Day of `daily[0]`, when there are sales.
    pub first_day: Option<NaiveDate>,
    /// Mean daily units.
    pub mean: f64,
    /// Sample standard deviation of daily units (0 for fewer than two days).
    pub sd: f64,
    /// Net sales: the revenue of the valid lines less the value of its lines with a negative
    /// quantity (cancellations and returns), at least 0.
    pub revenue: f64,
    /// Mean selling price (revenue / units), 0 without sales.
    pub price: f64,
    /// ABC class over the whole data (`None` without revenue).
    pub abc: Option<Abc>,
    /// XYZ class over the whole data (`None` without revenue or with fewer than 4 weeks).
    pub xyz: Option<Xyz>,
    /// Units on hand now (may be negative: back-orders in some ERPs).
    pub on_hand: f64,
    /// Unit cost.
    pub unit_cost: f64,
    /// Mean lead time in days.
    pub lead_time_days: f64,
    /// Standard deviation of the lead time in days.
    pub lead_time_sd_days: f64,
    /// Fixed cost of one purchase order.
    pub order_cost: f64,
    /// Holding cost per year as a share of unit cost.
    pub holding_cost_rate: f64,
    /// Cost of one unit short: the margin lost (price − cost), else
    /// [`Defaults::shortage_cost_share`] × unit cost.
    pub shortage_cost: f64,
    /// Minimum order quantity (0 when none).
    pub moq: f64,
    /// Which inputs are defaults.
    pub assumed: Assumed,
    /// The policy the shop runs now, from the inventory table's reorder point with its order
    /// quantity ((s, Q)) or maximum stock ((s, S)); `None` when the table gives neither pair.
    pub current_policy: Option<Policy>,
}

impl SkuDemand {
    /// A SKU from its daily units alone, every other input from `defaults` (on-hand 0, unit
    /// cost 1): for what-ifs typed by hand and for tests.
    pub fn from_daily(sku: &str, daily: Vec<f64>, defaults: &Defaults) -> Self {
        let (mean, sd) = mean_sd(&daily);
        let mut demand = Self {
            sku: sku.to_owned(),
            name: String::new(),
            name_zh: String::new(),
            first_day: None,
            mean,
            sd,
            daily,
            revenue: 0.0,
            price: 0.0,
            abc: None,
            xyz: None,
            on_hand: 0.0,
            unit_cost: 1.0,
            lead_time_days: 0.0,
            lead_time_sd_days: 0.0,
            order_cost: 0.0,
            holding_cost_rate: 0.0,
            shortage_cost: 0.0,
            moq: 0.0,
            assumed: Assumed::default(),
            current_policy: None,
        };
        demand.join(None, defaults);
        demand
    }

    /// Holding cost per unit per year: unit cost × holding rate.
    pub fn holding_cost(&self) -> f64 {
        self.unit_cost * self.holding_cost_rate
    }

    /// Fills the replenishment inputs from an inventory row, or from the defaults.
    fn join(&mut self, row: Option<&InventoryRow>, defaults: &Defaults) {
        let positive = |x: Option<f64>| x.filter(|v| v.is_finite() && *v > 0.0);
        let non_negative = |x: Option<f64>| x.filter(|v| v.is_finite() && *v >= 0.0);
        if let Some(row) = row {
            if !row.name.is_empty() {
                self.name = row.name.clone();
            }
        }
        self.on_hand = row
            .map(|r| r.on_hand)
            .filter(|v| v.is_finite())
            .unwrap_or(0.0);
        self.assumed.on_hand = row.is_none();
        let cost = positive(row.and_then(|r| r.unit_cost));
        let price = positive(Some(self.price)).or(positive(row.and_then(|r| r.price)));
        self.unit_cost = cost
            .or(price.map(|p| p * defaults.cost_share_of_price))
            .unwrap_or(self.unit_cost.max(0.0));
        self.assumed.unit_cost = cost.is_none();
        let lead = non_negative(row.and_then(|r| r.lead_time_days));
        self.lead_time_days = lead.unwrap_or(defaults.lead_time_days.max(0.0));
        self.assumed.lead_time = lead.is_none();
        let lead_sd = non_negative(row.and_then(|r| r.lead_time_sd_days));
        self.lead_time_sd_days =
            lead_sd.unwrap_or(self.lead_time_days * defaults.lead_time_sd_share.max(0.0));
        self.assumed.lead_time_sd = lead_sd.is_none();
        let order = non_negative(row.and_then(|r| r.order_cost));
        self.order_cost = order.unwrap_or(defaults.order_cost.max(0.0));
        self.assumed.order_cost = order.is_none();
        let rate = non_negative(row.and_then(|r| r.holding_cost_rate));
        self.holding_cost_rate = rate.unwrap_or(defaults.holding_cost_rate.max(0.0));
        self.assumed.holding_cost_rate = rate.is_none();
        self.moq = non_negative(row.and_then(|r| r.moq)).unwrap_or(0.0);
        // The current policy: a reorder point with an order quantity, (s, Q), or with a
        // maximum stock, (s, S); a quantity must be positive and S at least s.
        self.current_policy = row.and_then(|r| {
            let s = r.reorder_point.filter(|v| v.is_finite() && *v >= 0.0)?;
            if let Some(q) = positive(r.order_quantity) {
                return Some(Policy::ReorderQuantity { s, q });
            }
            let big_s = r.max_stock.filter(|v| v.is_finite() && *v >= s)?;
            Some(Policy::MinMax { s, big_s })
        });
        self.shortage_cost = match price {
            Some(p) if p > self.unit_cost => p - self.unit_cost,
            _ => self.unit_cost * defaults.shortage_cost_share.max(0.0),
        };
    }
}

/// Mean and sample standard deviation (n − 1), (0, 0) when empty, sd 0 for one value.
pub fn mean_sd(xs: &[f64]) -> (f64, f64) {
    if xs.is_empty() {
        return (0.0, 0.0);
    }
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    if xs.len() < 2 {
        return (mean, 0.0);
    }
    let squares: f64 = xs.iter().map(|x| (x - mean) * (x - mean)).sum();
    (mean, (squares / (n - 1.0)).sqrt())
}

/// Every SKU's demand and inputs: the SKUs with valid sales, then those of the inventory table
/// without sales (demand 0), sorted by SKU text. Postage, fees and adjustments
/// ([`crate::engine::report::products::is_charge`]) are not stock: their sales are no demand.
/// Two passes over the orders: the first finds each SKU's first sale and the data's last day,
/// the second adds units into each SKU's days.
pub fn demand(dataset: &Dataset, defaults: &Defaults) -> Vec<SkuDemand> {
    let orders = &dataset.orders;
    let n = orders.skus.len();
    let charge = charge_skus(dataset);
    let mut first = vec![i32::MAX; n];
    let mut last_day = i32::MIN;
    let mut revenue = vec![0.0; n];
    let mut units = vec![0.0; n];
    // Lines with a negative quantity and a price (UCI's `C…` cancellations, return lines):
    // (SKU, day, units), netted against the sales below. Without a price they are stock
    // adjustments (UCI's "damaged", "missing" at 0.00), not sales taken back.
    let mut taken_back: Vec<(usize, i32, f64)> = Vec::new();
    let mut returned = vec![0.0; n];
    for line in orders.iter() {
        if line.quantity < 0.0 && line.quantity.is_finite() && line.unit_price > 0.0 {
            let s = line.sku as usize;
            if !charge.get(s).copied().unwrap_or(false) {
                taken_back.push((s, line.placed_at.date().num_days_from_ce(), -line.quantity));
                if let Some(r) = returned.get_mut(s) {
                    *r += line.value().abs();
                }
            }
        }
        if !line.is_valid() {
            continue;
        }
        let d = line.placed_at.date().num_days_from_ce();
        let s = line.sku as usize;
        last_day = last_day.max(d);
        if charge.get(s).copied().unwrap_or(false) {
            continue;
        }
        if let Some(f) = first.get_mut(s) {
            *f = (*f).min(d);
            revenue[s] += line.value();
            units[s] += line.quantity;
        }
    }
    let mut daily: Vec<Vec<f64>> = first
        .iter()
        .map(|&f| {
            if f <= last_day {
                vec![0.0; (last_day - f + 1) as usize]
            } else {
                Vec::new()
            }
        })
        .collect();
    for line in orders.iter() {
        if !line.is_valid() {
            continue;
        }
        let s = line.sku as usize;
        let d = line.placed_at.date().num_days_from_ce();
        if let (Some(days), Some(&f)) = (daily.get_mut(s), first.get(s)) {
            if let Some(u) = days.get_mut((d - f) as usize) {
                *u += line.quantity;
            }
        }
    }
    // A cancellation or return takes its units back from the sales of its day and, for what
    // is left, of the days before it, latest first (the sales it most likely reverses): UCI's
    // order of 80,995 units cancelled twelve minutes later is no demand at all. Units taken
    // back beyond the SKU's sales in the data (sold before the export starts) are ignored.
    for (s, d, mut q) in taken_back {
        let (Some(days), Some(&f)) = (daily.get_mut(s), first.get(s)) else {
            continue;
        };
        if d < f || days.is_empty() {
            continue;
        }
        let end = ((d - f) as usize).min(days.len() - 1);
        for u in days[..=end].iter_mut().rev() {
            let take = u.min(q);
            *u -= take;
            q -= take;
            if q <= 0.0 {
                break;
            }
        }
    }
    let class = match (
        NaiveDate::from_num_days_from_ce_opt(first.iter().copied().min().unwrap_or(0)),
        NaiveDate::from_num_days_from_ce_opt(last_day),
    ) {
        (Some(from), Some(to)) if from <= to => classes(dataset, Period { from, to }),
        _ => vec![None; n],
    };

    // The demo store's stock list says nothing of the user's SKUs: beside imported orders it
    // is left out (the page says so), as the review leaves out the demo's other tables.
    let stock_list: &[InventoryRow] = if dataset.is_demo_beside_imported_orders(3) {
        &[]
    } else {
        &dataset.inventory
    };
    let inventory: FxHashMap<&str, &InventoryRow> = stock_list
        .iter()
        .rev() // the first row of a SKU wins
        .map(|r| (r.sku.as_str(), r))
        .collect();
    let names: FxHashMap<&str, (&str, &str)> = dataset
        .products
        .iter()
        .rev()
        .map(|p| (p.sku.as_str(), (p.name.en.as_str(), p.name.zh.as_str())))
        .collect();

    let mut out: Vec<SkuDemand> = Vec::new();
    for (s, days) in daily.into_iter().enumerate() {
        if days.is_empty() {
            continue;
        }
        let sku = orders.skus.get(s as u32);
        let (mean, sd) = mean_sd(&days);
        let mut row = SkuDemand::from_daily(sku, Vec::new(), defaults);
        let (en, zh) = names.get(sku).copied().unwrap_or(("", ""));
        row.name = en.to_owned();
        row.first_day = NaiveDate::from_num_days_from_ce_opt(first[s]);
        row.daily = days;
        row.mean = mean;
        row.sd = sd;
        // Net sales rank the catalogue; the price is the average paid on the sales themselves.
        row.revenue = (revenue[s] - returned[s]).max(0.0);
        row.price = if units[s] > 0.0 {
            revenue[s] / units[s]
        } else {
            0.0
        };
        if let Some(Some((abc, xyz))) = class.get(s) {
            row.abc = Some(*abc);
            row.xyz = *xyz;
        }
        row.join(inventory.get(sku).copied(), defaults);
        row.name_zh = if zh.is_empty() {
            row.name.clone()
        } else {
            zh.to_owned()
        };
        out.push(row);
    }
    let sold: rustc_hash::FxHashSet<String> = out.iter().map(|d| d.sku.clone()).collect();
    // The charges left out above stay out when the inventory table lists them too.
    let charges: rustc_hash::FxHashSet<&str> = (0..n)
        .filter(|&s| charge.get(s).copied().unwrap_or(false))
        .map(|s| orders.skus.get(s as u32))
        .collect();
    let mut unsold: Vec<&InventoryRow> = stock_list
        .iter()
        .filter(|r| !sold.contains(&r.sku))
        .filter(|r| !charges.contains(r.sku.as_str()) && !is_charge(&r.name))
        .collect();
    unsold.sort_by(|a, b| a.sku.cmp(&b.sku));
    unsold.dedup_by(|a, b| a.sku == b.sku);
    for r in unsold {
        let mut row = SkuDemand::from_daily(&r.sku, Vec::new(), defaults);
        row.name = r.name.clone();
        row.join(Some(r), defaults);
        row.name_zh = row.name.clone();
        out.push(row);
    }
    out.sort_by(|a, b| a.sku.cmp(&b.sku));
    out
}
