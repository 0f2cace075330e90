//! Traffic, marketing and geography (流量、推广、地域): visitors and conversion by channel,
//! spend and return by marketing channel, revenue by region.
//!
//! Definitions (`../shared/docs/domain.md`): conversion rate (转化率) = orders (else paying
//! buyers) / visitors from the traffic table; ROAS (投入产出比, what Chinese platforms call
//! "ROI") = attributed revenue / spend; ROI (投资回报率) = (attributed revenue × gross margin −
//! spend) / spend; CAC (获客成本) = spend / new buyers in the period. A marketing row counts in
//! the period its first day falls in (weekly rows are not split between periods).

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::customers::Customers;
use crate::engine::kpi::{growth, kpis, Period};
use crate::engine::tables::{Dataset, TrafficRow};

/// The gross margin assumed for ROI when the inventory table gives no unit costs.
pub const ASSUMED_GROSS_MARGIN: f64 = 0.4;

/// One traffic channel in the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrafficChannel {
    /// The channel (empty when the table is not split by channel).
    pub channel: String,
    /// Visitors.
    pub visitors: u64,
    /// Share of the period's visitors.
    pub visitor_share: f64,
    /// Orders (else paying buyers), when the table has them.
    pub orders: Option<u64>,
    /// Orders / visitors.
    pub conversion_rate: Option<f64>,
    /// Paid revenue, when the table has it.
    pub revenue: Option<f64>,
}

/// Traffic and conversion in the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Traffic {
    /// Visitors.
    pub visitors: u64,
    /// Visitors in the comparison period, when the table covers it.
    pub visitors_comparison: Option<u64>,
    /// Orders used for the conversion rate: the traffic table's (or its paying buyers), else
    /// the orders table's.
    pub orders: u64,
    /// Whether `orders` comes from the orders table (the traffic table has no orders column).
    pub orders_from_order_lines: bool,
    /// Orders / visitors.
    pub conversion_rate: Option<f64>,
    /// The conversion rate of the comparison period.
    pub conversion_rate_comparison: Option<f64>,
    /// By channel, most visitors first.
    pub by_channel: Vec<TrafficChannel>,
    /// The traffic rows carry no dates (e.g. Amazon's by-ASIN report): they are taken as the
    /// period's.
    pub undated: bool,
}

/// One marketing channel in the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarketingChannel {
    /// The channel.
    pub channel: String,
    /// Spend.
    pub spend: f64,
    /// Share of the period's spend.
    pub spend_share: f64,
    /// Revenue the platform attributes to it, when given.
    pub attributed_revenue: Option<f64>,
    /// Share of the attributed revenue of all channels.
    pub revenue_share: Option<f64>,
    /// Attributed revenue / spend.
    pub roas: Option<f64>,
    /// (Attributed revenue × gross margin − spend) / spend.
    pub roi: Option<f64>,
    /// Spend growth against the comparison period.
    pub spend_growth: Option<f64>,
    /// New buyers whose first order came through this channel (the orders' channel column
    /// names it); `None` when the orders carry no channel of this name.
    pub new_buyers: Option<u64>,
    /// Spend / those new buyers.
    pub cac: Option<f64>,
}

/// Marketing spend and its return in the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Marketing {
    /// Spend.
    pub spend: f64,
    /// Attributed revenue of all channels, when given.
    pub attributed_revenue: Option<f64>,
    /// Attributed revenue / spend.
    pub roas: Option<f64>,
    /// ROI with `gross_margin`.
    pub roi: Option<f64>,
    /// The gross margin used for ROI.
    pub gross_margin: f64,
    /// Whether that margin is an assumption (no unit costs in the data), not a computed one.
    pub margin_assumed: bool,
    /// New buyers in the period.
    pub new_buyers: u64,
    /// Spend / new buyers.
    pub cac: Option<f64>,
    /// By channel, most spend first.
    pub channels: Vec<MarketingChannel>,
}

/// Revenue of one region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionRow {
    /// The region.
    pub region: String,
    /// GMV.
    pub revenue: f64,
    /// Share of the period's GMV.
    pub share: f64,
    /// Orders.
    pub orders: u64,
}

/// The channels section.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Channels {
    /// Traffic, when the traffic table has rows for the period.
    pub traffic: Option<Traffic>,
    /// Marketing, when the marketing table has rows for the period.
    pub marketing: Option<Marketing>,
    /// Revenue by region, largest first (at most 15; the rest summed as the last row); empty
    /// when the orders have no region.
    pub regions: Vec<RegionRow>,
    /// The gross margin of the period's valid lines whose SKU has a unit cost in the
    /// inventory table, and the share of GMV it covers; `None` without unit costs.
    pub gross_margin: Option<(f64, f64)>,
    /// The demo store's tables left out because the orders are the user's (see
    /// [`Dataset::is_demo_beside_imported_orders`]).
    pub demo_left_out: DemoLeftOut,
}

/// Which of the demo store's tables the review left out beside the user's orders.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoLeftOut {
    /// The demo's traffic (visitors, conversion).
    pub traffic: bool,
    /// The demo's marketing spend (ROAS, ROI, CAC).
    pub marketing: bool,
}

impl DemoLeftOut {
    /// Whether any table was left out.
    pub fn any(&self) -> bool {
        self.traffic || self.marketing
    }
}

/// Builds the channels section. `margin` is the user's gross margin, when set.
pub fn channels(
    dataset: &Dataset,
    period: Period,
    comparison: Period,
    customers: &Customers,
    margin: Option<f64>,
) -> Channels {
    let demo_left_out = DemoLeftOut {
        traffic: dataset.is_demo_beside_imported_orders(1),
        marketing: dataset.is_demo_beside_imported_orders(2),
    };
    // The demo's unit costs are for the demo's SKUs: no margin for the user's.
    let gross_margin = (!dataset.is_demo_beside_imported_orders(3))
        .then(|| gross_margin(dataset, period))
        .flatten();
    Channels {
        traffic: (!demo_left_out.traffic)
            .then(|| traffic(dataset, period, comparison))
            .flatten(),
        marketing: (!demo_left_out.marketing)
            .then(|| {
                marketing(
                    dataset,
                    period,
                    comparison,
                    customers,
                    margin.or(gross_margin.map(|(m, _)| m)),
                )
            })
            .flatten(),
        regions: regions(dataset, period),
        gross_margin,
        demo_left_out,
    }
}

/// Sums of the traffic rows of a period.
#[derive(Default)]
struct TrafficSums {
    visitors: u64,
    orders: Option<u64>,
    revenue: Option<f64>,
}

impl TrafficSums {
    fn add(&mut self, row: &TrafficRow) {
        self.visitors += row.visitors;
        if let Some(o) = row.orders.or(row.paying_buyers) {
            *self.orders.get_or_insert(0) += o;
        }
        if let Some(r) = row.revenue {
            *self.revenue.get_or_insert(0.0) += r;
        }
    }
}

fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator != 0.0).then(|| numerator / denominator)
}

fn traffic(dataset: &Dataset, period: Period, comparison: Period) -> Option<Traffic> {
    let rows = &dataset.traffic;
    let undated = !rows.is_empty() && rows.iter().all(|r| r.date.is_none());
    let in_period = |r: &&TrafficRow, p: Period| undated || r.date.is_some_and(|d| p.contains(d));
    let mut total = TrafficSums::default();
    let mut by_channel: Vec<(String, TrafficSums)> = Vec::new();
    let mut index: FxHashMap<&str, usize> = FxHashMap::default();
    for row in rows.iter().filter(|r| in_period(r, period)) {
        total.add(row);
        let i = *index.entry(row.channel.as_str()).or_insert_with(|| {
            by_channel.push((row.channel.clone(), TrafficSums::default()));
            by_channel.len() - 1
        });
        by_channel[i].1.add(row);
    }
    if total.visitors == 0 {
        return None;
    }
    let mut before = TrafficSums::default();
    let mut any_before = false;
    // Compared only when the table reaches back to the comparison period's first day (see
    // `reaches_back`); a part of it would show growth that is only the data starting.
    let compared = reaches_back(rows.iter().filter_map(|r| r.date), comparison);
    for row in rows
        .iter()
        .filter(|r| compared && !undated && in_period(r, comparison))
    {
        before.add(row);
        any_before = true;
    }
    let from_lines = total.orders.is_none();
    let orders = total
        .orders
        .unwrap_or_else(|| kpis(&dataset.orders, period).orders);
    // Orders from the order lines are compared only when those cover the comparison too.
    let orders_cover = dataset
        .orders
        .date_range()
        .is_some_and(|(lo, hi)| lo <= comparison.from && comparison.to <= hi);
    let orders_before = if from_lines {
        (any_before && orders_cover).then(|| kpis(&dataset.orders, comparison).orders)
    } else {
        before.orders
    };
    let mut channels: Vec<TrafficChannel> = by_channel
        .into_iter()
        .map(|(channel, s)| TrafficChannel {
            channel,
            visitors: s.visitors,
            visitor_share: s.visitors as f64 / total.visitors as f64,
            orders: s.orders,
            conversion_rate: s.orders.and_then(|o| ratio(o as f64, s.visitors as f64)),
            revenue: s.revenue,
        })
        .collect();
    channels.sort_by(|a, b| b.visitors.cmp(&a.visitors).then(a.channel.cmp(&b.channel)));
    Some(Traffic {
        visitors: total.visitors,
        visitors_comparison: any_before.then_some(before.visitors),
        orders,
        orders_from_order_lines: from_lines,
        conversion_rate: ratio(orders as f64, total.visitors as f64),
        conversion_rate_comparison: orders_before
            .filter(|_| any_before)
            .and_then(|o| ratio(o as f64, before.visitors as f64)),
        by_channel: channels,
        undated,
    })
}

/// Whether a table with these row dates reaches back to the first day of `comparison`: a
/// comparison is only made then, as the sales section makes its comparisons only over periods
/// the orders cover. The comparison period comes before the period reviewed, so a table with
/// rows in the review reaches past its end; the start is what is checked. A row stands for
/// the days up to the next one (a week in a weekly table, whose rows fall on Mondays), so the
/// first row may come up to one step, less a day, after the period's first day.
fn reaches_back(dates: impl Iterator<Item = NaiveDate>, comparison: Period) -> bool {
    let mut days: Vec<NaiveDate> = dates.collect();
    days.sort_unstable();
    days.dedup();
    // The table's step: the shortest gap between two dates (a day, a week; at most a month).
    let step = days
        .windows(2)
        .map(|w| (w[1] - w[0]).num_days())
        .min()
        .unwrap_or(1)
        .clamp(1, 31);
    days.first()
        .is_some_and(|first| (*first - comparison.from).num_days() < step)
}

fn marketing(
    dataset: &Dataset,
    period: Period,
    comparison: Period,
    customers: &Customers,
    margin: Option<f64>,
) -> Option<Marketing> {
    let mut channels: Vec<(String, f64, Option<f64>, f64)> = Vec::new();
    let mut index: FxHashMap<&str, usize> = FxHashMap::default();
    let mut any = false;
    let compared = reaches_back(dataset.marketing.iter().map(|r| r.date), comparison);
    for row in &dataset.marketing {
        let now = period.contains(row.date);
        let before = compared && comparison.contains(row.date);
        if !now && !before {
            continue;
        }
        let i = *index.entry(row.channel.as_str()).or_insert_with(|| {
            channels.push((row.channel.clone(), 0.0, None, 0.0));
            channels.len() - 1
        });
        if now {
            any = true;
            channels[i].1 += row.spend;
            if let Some(r) = row.attributed_revenue {
                *channels[i].2.get_or_insert(0.0) += r;
            }
        } else {
            channels[i].3 += row.spend;
        }
    }
    if !any {
        return None;
    }
    let (gross_margin, margin_assumed) = match margin {
        Some(m) => (m, false),
        None => (ASSUMED_GROSS_MARGIN, true),
    };
    let spend: f64 = channels.iter().map(|c| c.1).sum();
    let attributed: Option<f64> = channels
        .iter()
        .filter_map(|c| c.2)
        .fold(None, |acc, r| Some(acc.unwrap_or(0.0) + r));
    let roi = |revenue: f64, spend: f64| ratio(revenue * gross_margin - spend, spend);
    let new_by_channel = new_buyers_by_channel(dataset, period);
    let mut rows: Vec<MarketingChannel> = channels
        .into_iter()
        .filter(|c| c.1 > 0.0 || c.2.is_some())
        .map(|(channel, s, r, before)| {
            let new_buyers = new_by_channel.get(&channel_key(&channel)).copied();
            (channel, s, r, before, new_buyers)
        })
        .map(|(channel, s, r, before, new_buyers)| MarketingChannel {
            new_buyers,
            cac: new_buyers.and_then(|n| ratio(s, n as f64)),
            channel,
            spend: s,
            spend_share: ratio(s, spend).unwrap_or(0.0),
            attributed_revenue: r,
            revenue_share: r.and_then(|r| attributed.and_then(|a| ratio(r, a))),
            roas: r.and_then(|r| ratio(r, s)),
            roi: r.and_then(|r| roi(r, s)),
            spend_growth: growth(s, (before > 0.0).then_some(before)),
        })
        .collect();
    rows.sort_by(|a, b| b.spend.total_cmp(&a.spend).then(a.channel.cmp(&b.channel)));
    Some(Marketing {
        spend,
        attributed_revenue: attributed,
        roas: attributed.and_then(|a| ratio(a, spend)),
        roi: attributed.and_then(|a| roi(a, spend)),
        gross_margin,
        margin_assumed,
        new_buyers: customers.new_buyers,
        cac: ratio(spend, customers.new_buyers as f64),
        channels: rows,
    })
}

/// A channel name compared without case, spaces or punctuation (`Search Ads` = `search_ads`).
fn channel_key(name: &str) -> String {
    crate::engine::ingest::schema::normalize(name)
}

/// New buyers of the period by the channel of their first order, keyed by [`channel_key`]:
/// a buyer's first valid order ever, when it falls in the period and its line names a channel.
fn new_buyers_by_channel(dataset: &Dataset, period: Period) -> FxHashMap<String, u64> {
    let orders = &dataset.orders;
    if orders.channels.is_empty() || orders.aggregated {
        return FxHashMap::default();
    }
    const NONE: u32 = u32::MAX;
    let mut first: Vec<(chrono::NaiveDateTime, u32)> =
        vec![(chrono::NaiveDateTime::MAX, NONE); orders.customer_ids.len()];
    for line in orders
        .iter()
        .filter(|l| l.is_valid() && l.placed_at.date() <= period.to)
    {
        if let Some(c) = line.customer {
            let slot = &mut first[c as usize];
            if line.placed_at < slot.0 {
                *slot = (line.placed_at, line.channel.unwrap_or(NONE));
            }
        }
    }
    let mut counts: FxHashMap<String, u64> = FxHashMap::default();
    for (at, channel) in first {
        if channel != NONE && period.contains(at.date()) {
            *counts
                .entry(channel_key(orders.channels.get(channel)))
                .or_default() += 1;
        }
    }
    counts
}

/// Most regions listed by name; the rest are summed into one row.
const MAX_REGIONS: usize = 15;

fn regions(dataset: &Dataset, period: Period) -> Vec<RegionRow> {
    let orders = &dataset.orders;
    let n = orders.regions.len();
    if n == 0 {
        return Vec::new();
    }
    let mut revenue = vec![0.0; n];
    let mut order_count = vec![0u64; n];
    let mut counted = vec![false; orders.order_ids.len()];
    let mut total = 0.0;
    for line in orders.iter_period(period).filter(|l| l.is_valid()) {
        total += line.value();
        let Some(r) = line.region else { continue };
        revenue[r as usize] += line.value();
        if let Some(seen) = counted.get_mut(line.order as usize) {
            if !*seen {
                *seen = true;
                order_count[r as usize] += 1;
            }
        }
    }
    let mut rows: Vec<RegionRow> = (0..n)
        .filter(|r| revenue[*r] > 0.0)
        .map(|r| RegionRow {
            region: orders.regions.get(r as u32).to_owned(),
            revenue: revenue[r],
            share: ratio(revenue[r], total).unwrap_or(0.0),
            orders: order_count[r],
        })
        .collect();
    rows.sort_by(|a, b| {
        b.revenue
            .total_cmp(&a.revenue)
            .then(a.region.cmp(&b.region))
    });
    if rows.len() > MAX_REGIONS {
        let rest = rows.split_off(MAX_REGIONS - 1);
        rows.push(RegionRow {
            region: String::new(),
            revenue: rest.iter().map(|r| r.revenue).sum(),
            share: rest.iter().map(|r| r.share).sum(),
            orders: rest.iter().map(|r| r.orders).sum(),
        });
    }
    rows
}

/// The gross margin of the period's valid lines whose SKU has a unit cost in the inventory
/// table: (Σ revenue − Σ units × unit cost) / Σ revenue over those lines, and the share of the
/// period's GMV they make.
fn gross_margin(dataset: &Dataset, period: Period) -> Option<(f64, f64)> {
    let orders = &dataset.orders;
    let costs: FxHashMap<&str, f64> = dataset
        .inventory
        .iter()
        .filter_map(|row| row.unit_cost.map(|c| (row.sku.as_str(), c)))
        .collect();
    if costs.is_empty() {
        return None;
    }
    let cost_of: Vec<Option<f64>> = (0..orders.skus.len() as u32)
        .map(|id| costs.get(orders.skus.get(id)).copied())
        .collect();
    let (mut covered, mut cost, mut total) = (0.0, 0.0, 0.0);
    for line in orders.iter_period(period).filter(|l| l.is_valid()) {
        total += line.value();
        if let Some(Some(c)) = cost_of.get(line.sku as usize) {
            covered += line.value();
            cost += line.quantity * c;
        }
    }
    Some((ratio(covered - cost, covered)?, ratio(covered, total)?))
}
