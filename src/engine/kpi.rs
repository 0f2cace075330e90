//! Sales KPIs by period, each with the one definition of `../shared/docs/domain.md`.
//!
//! Valid lines are order lines that are not cancelled, have quantity > 0 and unit price > 0.
//! Periods are calendar days in the data's own time zone, both ends included.

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use super::tables::{Dataset, OrderTable};

/// An inclusive range of calendar days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// First day.
    pub from: NaiveDate,
    /// Last day, included.
    pub to: NaiveDate,
}

impl Period {
    /// Whether `day` falls in the period.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }
}

/// A calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct YearMonth {
    /// Year, e.g. 2025.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
}

impl YearMonth {
    /// The month a day falls in.
    pub fn of(day: NaiveDate) -> Self {
        Self {
            year: day.year(),
            month: day.month(),
        }
    }

    /// First day of the month.
    pub fn first_day(self) -> NaiveDate {
        // Month is 1–12 by construction, so the date always exists; fall back to the epoch
        // rather than panic should a caller build an invalid one by hand.
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }

    /// Last day of the month.
    pub fn last_day(self) -> NaiveDate {
        self.plus(1).first_day().pred_opt().unwrap_or_default()
    }

    /// The whole month as a period.
    pub fn period(self) -> Period {
        Period {
            from: self.first_day(),
            to: self.last_day(),
        }
    }

    /// The month `n` months later (earlier when negative).
    pub fn plus(self, n: i32) -> Self {
        let index = self.year * 12 + self.month as i32 - 1 + n;
        Self {
            year: index.div_euclid(12),
            month: index.rem_euclid(12) as u32 + 1,
        }
    }
}

/// The last full month of data from `first_day` to `last_day`: that month when `last_day` is
/// its last day, else the month before (data ending 2011-12-09 → November 2011) when the data
/// cover all of it. Data with no full month (1–10 March) give their last month, partly
/// covered, rather than an empty month before them.
pub fn last_full_month(first_day: NaiveDate, last_day: NaiveDate) -> YearMonth {
    let month = YearMonth::of(last_day);
    let before = month.plus(-1);
    if month.last_day() == last_day || first_day > before.first_day() {
        month
    } else {
        before
    }
}

/// The sales KPIs of one period.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Kpis {
    /// GMV (成交额): Σ quantity × unit price over valid lines.
    pub gmv: f64,
    /// Returns value (退款额): Σ |line value| over cancelled/refunded lines and lines with
    /// quantity < 0.
    pub returns_value: f64,
    /// Net sales (净销售额): GMV − returns value.
    pub net_sales: f64,
    /// Orders (订单数): distinct order ids among valid lines.
    pub orders: u64,
    /// Units (销量): Σ quantity over valid lines.
    pub units: f64,
    /// Buyers (买家数): distinct customer ids among valid lines.
    pub buyers: u64,
    /// Valid lines without a customer id, excluded from the customer metrics.
    pub lines_without_customer: u64,
    /// AOV (平均订单价值): GMV / orders; `None` without orders.
    pub aov: Option<f64>,
    /// Spend per buyer (客单价, 生意参谋 definition): GMV of the valid lines that have a
    /// customer id / buyers; `None` without buyers.
    pub spend_per_buyer: Option<f64>,
    /// Repurchase rate (复购率): buyers with ≥ 2 distinct orders in the period / buyers.
    pub repurchase_rate: Option<f64>,
    /// Return rate (退货率): returns value / GMV; `None` without GMV.
    pub return_rate: Option<f64>,
    /// The data is aggregated (no order lines): orders, buyers, AOV, spend per buyer and
    /// repurchase rate are not computed (they read 0 or `None`) and the page says why.
    pub needs_order_lines: bool,
}

/// Computes the KPIs of the order lines placed in `period`.
pub fn kpis(orders: &OrderTable, period: Period) -> Kpis {
    // Distinct orders and each buyer's distinct orders are counted with vectors indexed by the
    // interned ids, not hash sets: this runs on every period change of the review.
    const NONE: u32 = u32::MAX;
    let mut k = Kpis::default();
    // The customer an order was first counted for (NONE: not yet seen).
    let mut order_customer = vec![NONE; orders.order_ids.len()];
    let mut order_seen = vec![false; orders.order_ids.len()];
    let mut orders_per_buyer = vec![0u32; orders.customer_ids.len()];
    // (customer, order) pairs beyond the first customer of an order: rare, kept exact.
    let mut extra_pairs: FxHashSet<(u32, u32)> = FxHashSet::default();
    let mut gmv_with_customer = 0.0;
    let mut order_count = 0u64;
    for line in orders.iter_period(period) {
        if line.is_return() {
            k.returns_value += line.value().abs();
        }
        if !line.is_valid() {
            continue;
        }
        k.gmv += line.value();
        k.units += line.quantity;
        let o = line.order as usize;
        if !order_seen[o] {
            order_seen[o] = true;
            order_count += 1;
        }
        match line.customer {
            Some(customer) => {
                gmv_with_customer += line.value();
                let first = &mut order_customer[o];
                if *first == NONE {
                    *first = customer;
                    orders_per_buyer[customer as usize] += 1;
                } else if *first != customer && extra_pairs.insert((customer, line.order)) {
                    orders_per_buyer[customer as usize] += 1;
                }
            }
            None => k.lines_without_customer += 1,
        }
    }
    k.net_sales = k.gmv - k.returns_value;
    k.return_rate = ratio(k.returns_value, k.gmv);
    if orders.aggregated {
        return Kpis {
            needs_order_lines: true,
            lines_without_customer: 0,
            ..k
        };
    }
    k.orders = order_count;
    k.buyers = orders_per_buyer.iter().filter(|n| **n > 0).count() as u64;
    let repeat_buyers = orders_per_buyer.iter().filter(|n| **n >= 2).count();
    k.aov = ratio(k.gmv, k.orders as f64);
    k.spend_per_buyer = ratio(gmv_with_customer, k.buyers as f64);
    k.repurchase_rate = ratio(repeat_buyers as f64, k.buyers as f64);
    k
}

/// `numerator / denominator`, or `None` when the denominator is zero.
fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator != 0.0).then(|| numerator / denominator)
}

/// Relative growth (同比 / 环比): (this period − the other) / the other; `None` when the
/// other is zero or missing.
pub fn growth(this: f64, other: Option<f64>) -> Option<f64> {
    other.and_then(|o| ratio(this - o, o))
}

/// GMV of the valid lines of each month from `first` to `last`, both included.
pub fn monthly_gmv(orders: &OrderTable, first: YearMonth, last: YearMonth) -> Vec<f64> {
    let index = |m: YearMonth| (m.year - first.year) * 12 + m.month as i32 - first.month as i32;
    let len = index(last) + 1;
    let mut gmv = vec![0.0; len.max(0) as usize];
    let months = Period {
        from: first.first_day(),
        to: last.last_day(),
    };
    for line in orders.iter_period(months).filter(|l| l.is_valid()) {
        let i = index(YearMonth::of(line.placed_at.date()));
        if (0..len).contains(&i) {
            gmv[i as usize] += line.value();
        }
    }
    gmv
}

/// One month of the overview chart: its GMV and that of the same month a year earlier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthPoint {
    /// The month.
    pub month: YearMonth,
    /// GMV of the month.
    pub gmv: f64,
    /// GMV of the same month a year earlier; `None` when the data does not cover it.
    pub gmv_year_ago: Option<f64>,
}

/// The overview page: KPIs of the last full month against the previous month (环比) and the
/// same month a year earlier (同比), and twelve months of GMV with last year's line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    /// First day with data.
    pub first_day: NaiveDate,
    /// Last day with data.
    pub last_day: NaiveDate,
    /// The last full month, which the KPI cards describe.
    pub month: YearMonth,
    /// KPIs of that month.
    pub current: Kpis,
    /// KPIs of the month before; `None` when the data does not cover all of it.
    pub previous_month: Option<Kpis>,
    /// KPIs of the same month a year earlier; `None` when the data does not cover all of it.
    pub year_ago: Option<Kpis>,
    /// The twelve months ending with `month` (fewer when the data is shorter).
    pub monthly: Vec<MonthPoint>,
}

/// Builds the overview of a dataset; `None` when it has no order lines.
pub fn overview(dataset: &Dataset) -> Option<Overview> {
    let (first_day, last_day) = dataset.date_range()?;
    let month = last_full_month(first_day, last_day);
    let covered = |m: YearMonth| m.first_day() >= first_day && m.last_day() <= last_day;
    let kpis_if_covered = |m: YearMonth| covered(m).then(|| kpis(&dataset.orders, m.period()));
    let first_shown = month.plus(-11).max(YearMonth::of(first_day));
    let from = first_shown.plus(-12);
    let gmv = monthly_gmv(&dataset.orders, from, month);
    let monthly = (0..12)
        .map(|i| month.plus(i - 11))
        .filter(|m| *m >= first_shown)
        .map(|m| {
            let at = |m: YearMonth| {
                gmv.get(((m.year - from.year) * 12 + m.month as i32 - from.month as i32) as usize)
                    .copied()
            };
            MonthPoint {
                month: m,
                gmv: at(m).unwrap_or(0.0),
                gmv_year_ago: covered(m.plus(-12)).then(|| at(m.plus(-12))).flatten(),
            }
        })
        .collect();
    Some(Overview {
        first_day,
        last_day,
        month,
        current: kpis(&dataset.orders, month.period()),
        previous_month: kpis_if_covered(month.plus(-1)),
        year_ago: kpis_if_covered(month.plus(-12)),
        monthly,
    })
}
